// Hot path: the per-connection read → execute → write loop.
//! Listening and the connection loop.
//!
//! One task per connection. It decodes every complete request in its read buffer, runs them in
//! order and appends the replies to one write buffer, which is flushed once per batch: a pipeline
//! costs one write syscall, not one per command. Protocol errors get Redis' `-ERR Protocol error`
//! reply and close the connection; a client over `client-query-buffer-limit` is closed.

use super::{ClientInfo, ClientState, ReplyMode, Server};
use crate::blocking::Wake;
use crate::cmd::transactions::Multi;
use crate::cmd::{self, After, Args, Block, CmdError};
use crate::pubsub::Message;
use crate::resp::Reply;
use crate::resp::{Decoder, Limits, ProtocolError};
use bytes::BytesMut;
use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use strata_storage::SyncMode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Binds every `bind` address and serves connections until the process exits.
pub async fn serve(server: Arc<Server>) -> std::io::Result<()> {
    let (binds, port, backlog) = {
        let c = server.config.read();
        (c.bind.clone(), c.port, c.tcp_backlog)
    };
    let _ = backlog;
    let mut listeners = Vec::new();
    for addr in &binds {
        let addr = if addr.contains(':') && !addr.starts_with('[') {
            format!("[{addr}]:{port}")
        } else {
            format!("{addr}:{port}")
        };
        let l = TcpListener::bind(&addr)
            .await
            .map_err(|e| std::io::Error::new(e.kind(), format!("{addr}: {e}")))?;
        server
            .port
            .store(l.local_addr()?.port() as usize, Ordering::Relaxed);
        listeners.push(l);
    }
    crate::log::notice(format!(
        "Ready to accept connections on port {}",
        server.port.load(Ordering::Relaxed)
    ));
    let mut tasks = Vec::new();
    for l in listeners {
        let s = server.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                match l.accept().await {
                    Ok((sock, _)) => {
                        let s = s.clone();
                        // Numbered here, in accept order: a later connection gets a larger id
                        // whichever worker runs it first.
                        let id = s.next_client_id();
                        tokio::spawn(async move { handle(s, sock, id).await });
                    }
                    Err(e) => {
                        crate::log::warning(format!("accept failed: {e}"));
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Ok(())
}

fn register(server: &Server, sock: &TcpStream, id: u64) -> Arc<ClientInfo> {
    use std::os::fd::AsRawFd;
    let info = Arc::new(ClientInfo::new(
        id,
        sock.peer_addr().map(|a| a.to_string()).unwrap_or_default(),
        sock.local_addr().map(|a| a.to_string()).unwrap_or_default(),
        sock.as_raw_fd(),
    ));
    server.clients.lock().insert(info.id, info.clone());
    info
}

/// Sends one error to a connection that will not be served, before closing it.
async fn refuse(sock: &mut TcpStream, why: CmdError) {
    let mut out = BytesMut::new();
    why.reply().encode(false, &mut out);
    let _ = sock.write_all(&out).await;
}

async fn handle(server: Arc<Server>, mut sock: TcpStream, id: u64) {
    server
        .stats
        .connections_received
        .fetch_add(1, Ordering::Relaxed);
    let maxclients = server.config.read().maxclients;
    if server.clients.lock().len() >= maxclients {
        server
            .stats
            .rejected_connections
            .fetch_add(1, Ordering::Relaxed);
        refuse(&mut sock, CmdError::MaxClients).await;
        return;
    }
    let protected = {
        let c = server.config.read();
        c.protected_mode && c.requirepass.is_none()
    };
    let remote = sock
        .peer_addr()
        .map(|a| !a.ip().is_loopback())
        .unwrap_or(true);
    if protected && remote {
        refuse(&mut sock, CmdError::ProtectedMode).await;
        return;
    }
    let _ = sock.set_nodelay(true);
    let info = register(&server, &sock, id);
    let mut client = ClientState::new(info.clone(), !server.auth_required.load(Ordering::Relaxed));
    let _ = serve_client(&server, &mut sock, &mut client).await;
    crate::cmd::transactions::unwatch_all(&server, &mut client);
    crate::cmd::pubsub::unsubscribe_all(&server, &mut client);
    server.clients.lock().remove(&info.id);
}

/// Sends replies, first making sure no write they may reflect is still only in the WAL buffer
/// (under `appendfsync always`: not yet fsynced).
async fn send(server: &Arc<Server>, sock: &mut TcpStream, wbuf: &[u8]) -> std::io::Result<()> {
    let mark = server.engine.wal_mark();
    if server.engine.sync_mode() == SyncMode::Always {
        if !server.engine.wal_synced_through(mark) {
            // As below; and the fsync runs off the worker, which meanwhile serves the other
            // clients, whose commits the next fsync then covers together.
            tokio::task::yield_now().await;
            let _turn = server.fsync_turn.lock().await;
            let synced = if server.engine.wal_synced_through(mark) {
                Ok(())
            } else {
                let s = server.clone();
                tokio::task::spawn_blocking(move || s.engine.sync_wal_through(mark))
                    .await
                    .map_err(std::io::Error::other)
                    .and_then(|r| r.map_err(|e| std::io::Error::other(e.0)))
            };
            if let Err(e) = synced {
                // Never acknowledge a write that may not be on disk.
                crate::log::warning(format!("WAL fsync failed: {e}"));
                return Err(e);
            }
        }
    } else {
        if !server.engine.wal_covers(mark) {
            // Let the other connections that are ready on this worker run their commands
            // first: the first of them to resume writes the WAL records of all of them in one
            // syscall.
            tokio::task::yield_now().await;
        }
        if let Err(e) = server.engine.flush_wal_through(mark) {
            crate::log::warning(format!("WAL write failed: {e}"));
        }
    }
    server
        .stats
        .net_output_bytes
        .fetch_add(wbuf.len() as u64, Ordering::Relaxed);
    sock.write_all(wbuf).await
}

/// `client-output-buffer-limit normal`: whether the replies waiting to be sent break it (then
/// the caller closes the connection, as Redis does). Subscribers' messages count against the
/// pubsub class instead, in `crate::pubsub`.
fn over_output_limit(server: &Server, client: &ClientState, wbuf: &[u8]) -> bool {
    if client.pubsub.is_some() || !server.normal_limits.broken_by(wbuf.len() as u64) {
        return false;
    }
    crate::log::warning(format!(
        "Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.",
        client.info.id, client.info.addr
    ));
    true
}

/// Writes a published message, and every other one already queued, to a subscriber.
async fn deliver(
    server: &Arc<Server>,
    sock: &mut TcpStream,
    client: &mut ClientState,
    first: Message,
) -> std::io::Result<()> {
    let Some(sink) = client.pubsub.as_ref().map(|s| s.sink.clone()) else {
        return Ok(());
    };
    let mut out = BytesMut::new();
    let mut cost = first.cost();
    message_reply(first).encode(client.resp3, &mut out);
    cost += queued_messages(client, &mut out, None);
    // A subscriber that stopped reading blocks this write; being over its output limit (a kill)
    // must still close it.
    let sent = tokio::select! {
        r = send(server, sock, &out) => r,
        _ = sink.info.kill.notified() => Err(std::io::Error::other("output buffer limit")),
    };
    sink.written(cost);
    sent
}

/// Encodes the messages already queued for a subscriber into `out` (MONITOR lines into
/// `after_reply` if given: Redis shows a monitoring client its own command after the reply);
/// returns their cost (see `Sink::written`, which the caller reports once they are sent).
fn queued_messages(
    client: &mut ClientState,
    out: &mut BytesMut,
    mut after_reply: Option<&mut BytesMut>,
) -> usize {
    let resp3 = client.resp3;
    let Some(sub) = client.pubsub.as_mut() else {
        return 0;
    };
    let mut cost = 0;
    while let Ok(m) = sub.rx.try_recv() {
        cost += m.cost();
        let to = match (&m, after_reply.as_deref_mut()) {
            (Message::Monitor(_), Some(later)) => later,
            _ => &mut *out,
        };
        message_reply(m).encode(resp3, to);
    }
    cost
}

/// A published message as its subscriber receives it (a push message; an array in RESP2), or
/// a MONITOR line (a status reply).
fn message_reply(m: Message) -> Reply {
    let b = |s: &'static str| Reply::Bulk(bytes::Bytes::from_static(s.as_bytes()));
    Reply::Push(match m {
        Message::Monitor(line) => {
            return Reply::Status(String::from_utf8_lossy(&line).into_owned().into());
        }
        Message::Message { channel, payload } => {
            vec![b("message"), Reply::Bulk(channel), Reply::Bulk(payload)]
        }
        Message::PMessage {
            pattern,
            channel,
            payload,
        } => vec![
            b("pmessage"),
            Reply::Bulk(pattern),
            Reply::Bulk(channel),
            Reply::Bulk(payload),
        ],
        Message::SMessage { channel, payload } => {
            vec![b("smessage"), Reply::Bulk(channel), Reply::Bulk(payload)]
        }
    })
}

/// Waits, holding no lock, until a blocked command is served, times out or is unblocked. Input
/// that arrives meanwhile is buffered for after it, as in Redis. `None`: the client is gone.
async fn wait_blocked(
    server: &Arc<Server>,
    sock: &mut TcpStream,
    rbuf: &mut BytesMut,
    client: &ClientState,
    args: &Args,
    block: Block,
) -> Option<Wake> {
    let db = server.engine.physical_db(client.db);
    let (ticket, mut rx) =
        server
            .blocking
            .block(client, db, args.iter().cloned().collect(), &block.keys);
    // A push may have committed between the command's own attempt and the registration.
    let keys = block.keys.iter().map(|k| (db, k.clone())).collect();
    crate::blocking::serve(server, keys);
    let deadline = block.timeout.map(|d| tokio::time::Instant::now() + d);
    let info = client.info.clone();
    let qlimit = server.config.read().client_query_buffer_limit;
    let mut timed_out = false;
    loop {
        let armed = deadline.filter(|_| !timed_out);
        let timer = async move {
            match armed {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            w = &mut rx => return Some(w.unwrap_or(Wake::Timeout)),
            _ = timer => {
                timed_out = true;
                // If a service is under way, its outcome (served or this timeout) comes on `rx`.
                if server.blocking.cancel(ticket, Wake::Timeout) {
                    return Some(Wake::Timeout);
                }
            }
            r = sock.read_buf(rbuf) => match r {
                Ok(n) if n > 0 && rbuf.len() <= qlimit => {
                    server.stats.net_input_bytes.fetch_add(n as u64, Ordering::Relaxed);
                }
                _ => {
                    server.blocking.cancel(ticket, Wake::Gone);
                    return None;
                }
            },
            _ = info.kill.notified() => {
                server.blocking.cancel(ticket, Wake::Gone);
                return None;
            }
        }
    }
}

/// The next command to run: one read ahead, else the next one decoded from the buffer.
fn next_command(
    pending: &mut VecDeque<Result<Args, ProtocolError>>,
    decoder: &mut Decoder,
    rbuf: &mut BytesMut,
    limits: &Limits,
) -> Option<Result<Args, ProtocolError>> {
    if let Some(next) = pending.pop_front() {
        return Some(next);
    }
    loop {
        match decoder.parse(rbuf, limits) {
            Ok(Some(a)) if a.is_empty() => continue,
            Ok(Some(a)) => return Some(Ok(Args::new(a))),
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        }
    }
}

/// Reads the whole transactions (MULTI, commands [`cmd::chainable`] accepts, EXEC) buffered
/// behind an EXEC, up to [`cmd::MAX_CHAIN`] queued commands. Whatever ends the chain (another
/// command, a transaction not complete yet, bad input) is left in `pending`, first, to run as
/// usual.
fn read_chain(
    pending: &mut VecDeque<Result<Args, ProtocolError>>,
    decoder: &mut Decoder,
    rbuf: &mut BytesMut,
    limits: &Limits,
) -> Vec<Multi> {
    let mut chain = Vec::new();
    let mut queued = 0;
    'chain: while queued < cmd::MAX_CHAIN {
        let mut read = Vec::new();
        let mut multi = Multi::default();
        while let Some(next) = next_command(pending, decoder, rbuf, limits) {
            let Ok(a) = next else {
                read.push(next);
                break;
            };
            if read.is_empty() {
                let opens = a.is(0, "multi") && a.len() == 1;
                read.push(Ok(a));
                if opens {
                    continue;
                }
                break;
            }
            if a.is(0, "exec") && a.len() == 1 {
                queued += multi.queued.len();
                chain.push(multi);
                continue 'chain;
            }
            match cmd::chainable(&a) {
                Some(def) => {
                    multi.queued.push((def, a.iter().cloned().collect()));
                    read.push(Ok(a));
                }
                None => {
                    read.push(Ok(a));
                    break;
                }
            }
        }
        for r in read.into_iter().rev() {
            pending.push_front(r);
        }
        break;
    }
    chain
}

/// Waits for the turn of EXCLUSIVE commands (scripts, EXEC), asynchronously: one waiting for
/// the whole server must not park a worker thread that other connections need. A script past
/// busy-reply-threshold holds its turn: then stop waiting (`None`), and let the command answer
/// BUSY.
async fn exclusive_turn(server: &Server) -> Option<tokio::sync::MutexGuard<'_, ()>> {
    let limit = server.config.read().busy_reply_threshold;
    let wait = Duration::from_millis(limit.saturating_add(1));
    tokio::time::timeout(wait, server.exclusive_turn.lock())
        .await
        .ok()
}

async fn serve_client(
    server: &Arc<Server>,
    sock: &mut TcpStream,
    client: &mut ClientState,
) -> std::io::Result<()> {
    let mut rbuf = BytesMut::with_capacity(16 * 1024);
    let mut wbuf = BytesMut::with_capacity(16 * 1024);
    let mut decoder = Decoder::new();
    let info = client.info.clone();
    loop {
        let (timeout, qlimit, max_bulk) = {
            let c = server.config.read();
            (c.timeout, c.client_query_buffer_limit, c.proto_max_bulk_len)
        };
        // Subscribers wait for messages, not commands: the idle timeout is not for them.
        let subscribed = client.pubsub.as_ref().is_some_and(|s| s.active());
        let read = async {
            if timeout > 0 && !subscribed {
                match tokio::time::timeout(Duration::from_secs(timeout), sock.read_buf(&mut rbuf))
                    .await
                {
                    Ok(r) => r,
                    Err(_) => Ok(0),
                }
            } else {
                sock.read_buf(&mut rbuf).await
            }
        };
        let message = async {
            match client.pubsub.as_mut() {
                Some(sub) => sub.rx.recv().await,
                None => std::future::pending().await,
            }
        };
        let n = tokio::select! {
            r = read => r?,
            _ = info.kill.notified() => 0,
            Some(m) = message => {
                deliver(server, sock, client, m).await?;
                continue;
            }
        };
        if n == 0 || info.killed.load(Ordering::Relaxed) {
            return Ok(());
        }
        server
            .stats
            .net_input_bytes
            .fetch_add(n as u64, Ordering::Relaxed);
        // Commands read ahead (while grouping, or behind an EXEC) that have yet to run, in order.
        let mut pending: VecDeque<Result<Args, ProtocolError>> = VecDeque::new();
        loop {
            let limits = Limits {
                max_bulk_len: max_bulk,
                authenticated: client.authenticated,
                ..Limits::default()
            };
            let mut args = match next_command(&mut pending, &mut decoder, &mut rbuf, &limits) {
                Some(Ok(args)) => args,
                None => break,
                Some(Err(e)) => {
                    e.write_reply(&mut wbuf);
                    send(server, sock, &wbuf).await?;
                    return Ok(());
                }
            };
            let more = !pending.is_empty() || !rbuf.is_empty();
            // Whole transactions pipelined behind an EXEC share its commit.
            if more && args.is(0, "exec") && args.len() == 1 && cmd::chain_allowed(server, client) {
                // Without the turn (a script past busy-reply-threshold holds it), EXEC runs
                // alone and answers BUSY. What allowed the chain may have changed meanwhile.
                let turn = exclusive_turn(server).await;
                let chain = match turn {
                    Some(_) if cmd::chain_allowed(server, client) => {
                        read_chain(&mut pending, &mut decoder, &mut rbuf, &limits)
                    }
                    _ => Vec::new(),
                };
                if chain.is_empty() {
                    // The usual path below takes the turn again.
                    drop(turn);
                } else {
                    let replies = cmd::exec_chain(server, client, chain);
                    drop(turn);
                    for reply in replies {
                        reply.encode(client.resp3, &mut wbuf);
                    }
                    if over_output_limit(server, client, &wbuf)
                        || info.killed.load(Ordering::Relaxed)
                    {
                        return Ok(());
                    }
                    continue;
                }
            }
            // Pipelined reads and writes that are already in the buffer run as one group: one
            // lock round and one commit instead of one each. A lone command (nothing more
            // buffered) skips the check, which would resolve it twice.
            if let Some(def) = more
                .then(|| cmd::groupable(server, client, &args))
                .flatten()
            {
                let mut group = vec![(def, args)];
                let mut bad_input = None;
                while group.len() < cmd::MAX_GROUP {
                    match next_command(&mut pending, &mut decoder, &mut rbuf, &limits) {
                        Some(Ok(a)) => match cmd::groupable(server, client, &a) {
                            Some(d) => group.push((d, a)),
                            None => {
                                pending.push_front(Ok(a));
                                break;
                            }
                        },
                        None => break,
                        Some(Err(e)) => {
                            bad_input = Some(e);
                            break;
                        }
                    }
                }
                if group.len() == 1 && bad_input.is_none() {
                    args = group.pop().map(|(_, a)| a).expect("one command");
                } else {
                    let replies = cmd::execute_group(server, client, &mut group);
                    for reply in replies {
                        reply.encode(client.resp3, &mut wbuf);
                    }
                    if let Some(e) = bad_input {
                        e.write_reply(&mut wbuf);
                        send(server, sock, &wbuf).await?;
                        return Ok(());
                    }
                    if over_output_limit(server, client, &wbuf)
                        || info.killed.load(Ordering::Relaxed)
                    {
                        return Ok(());
                    }
                    continue;
                }
            }
            let (mut reply, mut after) = loop {
                let turn = match cmd::resolve(&args) {
                    Ok(def) if def.exclusive => exclusive_turn(server).await,
                    _ => None,
                };
                let (reply, after) = cmd::execute(server, client, &mut args);
                drop(turn);
                match after {
                    After::Retry(wait) => tokio::time::sleep(wait).await,
                    _ => break (reply, after),
                }
            };
            if let After::Block(block) = after {
                // Replies to the commands before this one go out now, as Redis sends them.
                if !wbuf.is_empty() {
                    send(server, sock, &wbuf).await?;
                    wbuf.clear();
                }
                match wait_blocked(server, sock, &mut rbuf, client, &args, block).await {
                    Some(Wake::Served(r)) => reply = r,
                    Some(Wake::Error) => reply = CmdError::Unblocked.reply(),
                    // `reply` already is the command's timeout reply.
                    Some(Wake::Timeout | Wake::Gone) => {}
                    None => return Ok(()),
                }
                after = After::Nothing;
            }
            // Messages the command published to this very client go first, as Redis writes
            // them to its output while the command runs.
            let mut monitor_lines = BytesMut::new();
            let cost = queued_messages(client, &mut wbuf, Some(&mut monitor_lines));
            if let Some(sub) = &client.pubsub {
                sub.sink.written(cost);
            }
            match client.reply {
                ReplyMode::On => reply.encode(client.resp3, &mut wbuf),
                ReplyMode::Off => {}
                ReplyMode::SkipArmed => client.reply = ReplyMode::SkipNext,
                ReplyMode::SkipNext => client.reply = ReplyMode::On,
            }
            wbuf.extend_from_slice(&monitor_lines);
            if over_output_limit(server, client, &wbuf) {
                return Ok(());
            }
            match after {
                After::Nothing | After::Retry(_) | After::Block(_) => {}
                After::Close => {
                    send(server, sock, &wbuf).await?;
                    return Ok(());
                }
                After::Sleep(d) => {
                    // The locks are released already: only this client waits.
                    tokio::time::sleep(d).await;
                }
            }
            if info.killed.load(Ordering::Relaxed) {
                return Ok(());
            }
        }
        info.qbuf.store(rbuf.len(), Ordering::Relaxed);
        if rbuf.len() > qlimit {
            crate::log::warning(format!(
                "Closing client {} that reached max query buffer length",
                info.addr
            ));
            return Ok(());
        }
        if !wbuf.is_empty() {
            send(server, sock, &wbuf).await?;
            wbuf.clear();
            if wbuf.capacity() > 1 << 20 {
                wbuf = BytesMut::with_capacity(16 * 1024);
            }
        }
    }
}
