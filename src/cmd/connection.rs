//! Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH, SELECT and CLIENT.

use super::{help, After, Args, CmdError, Ctx};
use crate::blocking::Wake;
use crate::resp::Reply;
use crate::server::{ClientInfo, ReplyMode};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The Redis version Strata answers as: clients pick features by it.
pub const REDIS_VERSION: &str = "7.0.15";

/// PING [message]
pub fn ping(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // A RESP2 subscriber gets PING's answer in the shape of a message.
    if !ctx.client.resp3 && ctx.client.pubsub.as_ref().is_some_and(|s| s.active()) {
        if args.len() > 2 {
            return Err(CmdError::WrongArity("ping".into()));
        }
        let arg = if args.len() == 2 {
            args.bytes(1)
        } else {
            bytes::Bytes::new()
        };
        return Ok(Reply::Array(vec![
            Reply::Bulk(bytes::Bytes::from_static(b"pong")),
            Reply::Bulk(arg),
        ]));
    }
    match args.len() {
        1 => Ok(Reply::Status("PONG".into())),
        2 => Ok(Reply::Bulk(args.bytes(1))),
        _ => Err(CmdError::WrongArity("ping".into())),
    }
}

/// ECHO message
pub fn echo(_ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Bulk(args.bytes(1)))
}

/// QUIT
pub fn quit(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.after = After::Close;
    Ok(Reply::ok())
}

/// RESET
pub fn reset(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.client.multi = None;
    super::transactions::unwatch_all(ctx.server, ctx.client);
    super::pubsub::unsubscribe_all(ctx.server, ctx.client);
    let c = &mut *ctx.client;
    c.db = 0;
    c.info.db.store(0, Ordering::Relaxed);
    c.resp3 = false;
    c.info.resp.store(2, Ordering::Relaxed);
    c.reply = ReplyMode::On;
    *c.info.name.lock() = None;
    c.authenticated = !ctx.server.auth_required.load(Ordering::Relaxed);
    Ok(Reply::Status("RESET".into()))
}

/// Checks a username/password pair against `requirepass` (the only user is "default").
fn check_password(ctx: &Ctx, user: &[u8], pass: &[u8]) -> Result<(), CmdError> {
    let cfg = ctx.server.config.read();
    let ok = user == b"default"
        && match &cfg.requirepass {
            Some(p) => p.as_slice() == pass,
            None => true,
        };
    if ok {
        Ok(())
    } else {
        Err(CmdError::WrongPass)
    }
}

/// AUTH [username] password
pub fn auth(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (user, pass) = match args.len() {
        2 => {
            if ctx.server.config.read().requirepass.is_none() {
                return Err(CmdError::AuthNotConfigured);
            }
            (&b"default"[..], args.get(1))
        }
        3 => (args.get(1), args.get(2)),
        _ => return Err(CmdError::Syntax),
    };
    check_password(ctx, user, pass)?;
    ctx.client.authenticated = true;
    Ok(Reply::ok())
}

/// HELLO [protover [AUTH username password] [SETNAME clientname]]
pub fn hello(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut proto = if ctx.client.resp3 { 3 } else { 2 };
    let mut i = 1;
    if args.len() > 1 {
        let v = args.i64(1).map_err(|_| CmdError::ProtoVersionNotInteger)?;
        if !(2..=3).contains(&v) {
            return Err(CmdError::NoProto);
        }
        proto = v;
        i = 2;
    }
    let (mut auth, mut name) = (None, None);
    while i < args.len() {
        let more = args.len() - i - 1;
        if args.is(i, "auth") && more >= 2 {
            auth = Some((args.get(i + 1).to_vec(), args.get(i + 2).to_vec()));
            i += 3;
        } else if args.is(i, "setname") && more >= 1 {
            name = Some(args.get(i + 1).to_vec());
            i += 2;
        } else {
            return Err(CmdError::HelloSyntax(
                String::from_utf8_lossy(args.get(i)).into_owned(),
            ));
        }
    }
    if let Some((user, pass)) = &auth {
        check_password(ctx, user, pass)?;
        ctx.client.authenticated = true;
    }
    if !ctx.client.authenticated {
        return Err(CmdError::NoAuthHello);
    }
    if let Some(name) = name {
        validate_name(&name)?;
        *ctx.client.info.name.lock() = (!name.is_empty()).then_some(name);
    }
    ctx.client.resp3 = proto == 3;
    ctx.client
        .info
        .resp
        .store(proto as usize, Ordering::Relaxed);
    let kv = |k: &'static str, v: Reply| (Reply::Bulk(k.into()), v);
    // The reply is encoded after this returns, in the protocol just chosen.
    Ok(Reply::Map(vec![
        kv("server", Reply::Bulk("redis".into())),
        kv("version", Reply::Bulk(REDIS_VERSION.into())),
        kv("proto", Reply::Int(proto)),
        kv("id", Reply::Int(ctx.client.info.id as i64)),
        kv("mode", Reply::Bulk("standalone".into())),
        kv("role", Reply::Bulk("master".into())),
        kv("modules", Reply::Array(vec![])),
    ]))
}

/// SELECT index
pub fn select(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let idx = args.i64(1)?;
    if idx < 0 || idx as usize >= ctx.server.engine.databases() {
        return Err(CmdError::DbIndexOutOfRange);
    }
    ctx.client.db = idx as usize;
    ctx.client.info.db.store(idx as usize, Ordering::Relaxed);
    Ok(Reply::ok())
}

/// Redis accepts client names of printable ASCII without spaces.
fn validate_name(name: &[u8]) -> Result<(), CmdError> {
    if name.iter().all(|&b| (b'!'..=b'~').contains(&b)) {
        Ok(())
    } else {
        Err(CmdError::InvalidClientName)
    }
}

/// CLIENT ID
pub fn client_id(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(ctx.client.info.id as i64))
}

/// CLIENT SETNAME connection-name
pub fn client_setname(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let name = args.get(2);
    validate_name(name)?;
    *ctx.client.info.name.lock() = (!name.is_empty()).then(|| name.to_vec());
    Ok(Reply::ok())
}

/// CLIENT GETNAME
pub fn client_getname(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(match ctx.client.info.name.lock().clone() {
        Some(n) => Reply::Bulk(n.into()),
        None => Reply::Nil,
    })
}

/// One CLIENT LIST line, with the fields Redis 7.0 prints in its order.
fn client_line(c: &ClientInfo) -> String {
    let name = c.name.lock().clone().unwrap_or_default();
    let cmd = *c.last_cmd.lock();
    let qbuf = c.qbuf.load(Ordering::Relaxed);
    format!(
        "id={} addr={} laddr={} fd={} name={} age={} idle={} flags=N db={} sub=0 psub=0 ssub=0 multi=-1 qbuf={} qbuf-free={} argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=0 tot-mem={} events=r cmd={} user=default redir=-1 resp={}\n",
        c.id,
        c.addr,
        c.laddr,
        c.fd,
        String::from_utf8_lossy(&name),
        c.created.elapsed().as_secs(),
        c.idle_secs(),
        c.db.load(Ordering::Relaxed),
        qbuf,
        16384usize.saturating_sub(qbuf),
        32768 + qbuf,
        cmd,
        c.resp.load(Ordering::Relaxed),
    )
}

fn sorted_clients(ctx: &Ctx) -> Vec<Arc<ClientInfo>> {
    let mut v: Vec<_> = ctx.server.clients.lock().values().cloned().collect();
    v.sort_by_key(|c| c.id);
    v
}

/// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
pub fn client_list(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut ids: Option<Vec<u64>> = None;
    let mut only_none = false;
    let mut i = 2;
    while i < args.len() {
        if args.is(i, "type") && i + 1 < args.len() {
            match String::from_utf8_lossy(args.get(i + 1))
                .to_ascii_lowercase()
                .as_str()
            {
                "normal" => {}
                "master" | "replica" | "slave" | "pubsub" => only_none = true,
                other => return Err(CmdError::UnknownClientType(other.to_string())),
            }
            i += 2;
        } else if args.is(i, "id") && i + 1 < args.len() {
            let mut v = Vec::new();
            for j in i + 1..args.len() {
                match args.i64(j) {
                    Ok(id) if id > 0 => v.push(id as u64),
                    _ => return Err(CmdError::InvalidClientId),
                }
            }
            ids = Some(v);
            i = args.len();
        } else {
            return Err(CmdError::Syntax);
        }
    }
    let mut out = String::new();
    if !only_none {
        for c in sorted_clients(ctx) {
            if ids.as_ref().is_none_or(|ids| ids.contains(&c.id)) {
                out.push_str(&client_line(&c));
            }
        }
    }
    Ok(Reply::Verbatim("txt", out.into()))
}

/// CLIENT INFO
pub fn client_info(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Verbatim("txt", client_line(&ctx.client.info).into()))
}

/// CLIENT KILL ip:port | CLIENT KILL [ID id] [ADDR ip:port] [LADDR ip:port] [USER name] [SKIPME yes|no] [TYPE type]
pub fn client_kill(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let me = ctx.client.info.id;
    if args.len() == 3 {
        let addr = args.get(2);
        let target = sorted_clients(ctx)
            .into_iter()
            .find(|c| c.addr.as_bytes() == addr);
        return match target {
            Some(c) => {
                kill_one(ctx, &c, me);
                Ok(Reply::ok())
            }
            None => Err(CmdError::NoSuchClient),
        };
    }
    if !args.len().is_multiple_of(2) {
        return Err(CmdError::Syntax);
    }
    let (mut id, mut addr, mut laddr, mut skipme, mut none) = (None, None, None, true, false);
    for i in (2..args.len()).step_by(2) {
        let v = args.get(i + 1);
        if args.is(i, "id") {
            match args.i64(i + 1) {
                Ok(n) if n > 0 => id = Some(n as u64),
                _ => return Err(CmdError::InvalidClientIdKill),
            }
        } else if args.is(i, "addr") {
            addr = Some(v.to_vec());
        } else if args.is(i, "laddr") {
            laddr = Some(v.to_vec());
        } else if args.is(i, "user") {
            // Every connection runs as the only user, "default".
            if v != b"default" {
                return Err(CmdError::NoSuchUser(
                    String::from_utf8_lossy(v).into_owned(),
                ));
            }
        } else if args.is(i, "type") {
            match String::from_utf8_lossy(v).to_ascii_lowercase().as_str() {
                "normal" => {}
                "master" | "replica" | "slave" | "pubsub" => none = true,
                other => return Err(CmdError::UnknownClientType(other.to_string())),
            }
        } else if args.is(i, "skipme") {
            if args.is(i + 1, "yes") {
                skipme = true;
            } else if args.is(i + 1, "no") {
                skipme = false;
            } else {
                return Err(CmdError::Syntax);
            }
        } else {
            return Err(CmdError::Syntax);
        }
    }
    if none {
        return Ok(Reply::Int(0));
    }
    let mut killed = 0;
    for c in sorted_clients(ctx) {
        let matches = id.is_none_or(|id| c.id == id)
            && addr.as_deref().is_none_or(|a| c.addr.as_bytes() == a)
            && laddr.as_deref().is_none_or(|a| c.laddr.as_bytes() == a)
            && !(skipme && c.id == me);
        if matches {
            kill_one(ctx, &c, me);
            killed += 1;
        }
    }
    Ok(Reply::Int(killed))
}

/// Kills a client; killing oneself closes after this reply, as in Redis.
fn kill_one(ctx: &mut Ctx, c: &ClientInfo, me: u64) {
    if c.id == me {
        ctx.after = After::Close;
    } else {
        c.kill();
    }
}

/// CLIENT REPLY ON|OFF|SKIP
pub fn client_reply(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    ctx.client.reply = if args.is(2, "on") {
        ReplyMode::On
    } else if args.is(2, "off") {
        ReplyMode::Off
    } else if args.is(2, "skip") {
        ReplyMode::SkipArmed
    } else {
        return Err(CmdError::Syntax);
    };
    Ok(Reply::ok())
}

/// CLIENT HELP
pub fn client_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::CLIENT))
}

/// CLIENT CACHING YES|NO
pub fn client_caching(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    // Tracking with OPTIN/OPTOUT is never on (CLIENT TRACKING ON is not supported yet).
    Err(CmdError::CachingWithoutTracking)
}

/// CLIENT GETREDIR
pub fn client_getredir(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(-1))
}

/// CLIENT TRACKINGINFO
pub fn client_trackinginfo(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Map(vec![
        (
            Reply::Bulk("flags".into()),
            Reply::Set(vec![Reply::Bulk("off".into())]),
        ),
        (Reply::Bulk("redirect".into()), Reply::Int(-1)),
        (Reply::Bulk("prefixes".into()), Reply::Array(vec![])),
    ]))
}

/// CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
pub fn client_tracking(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let on = args.either(2, "on", "off")?;
    // The options are read (and refused as Redis refuses them) whether tracking goes on or off.
    let mut redirect = None;
    let mut i = 3;
    while i < args.len() {
        let more = i + 1 < args.len();
        if args.is(i, "redirect") && more {
            if redirect.is_some() {
                return Err(CmdError::TrackingOneRedirect);
            }
            let id = args.i64(i + 1)?;
            if !ctx.server.clients.lock().contains_key(&(id as u64)) {
                return Err(CmdError::TrackingNoSuchRedirect);
            }
            redirect = Some(id);
            i += 1;
        } else if args.is(i, "prefix") && more {
            i += 1;
        } else if !["bcast", "optin", "optout", "noloop"]
            .iter()
            .any(|w| args.is(i, w))
        {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    if on {
        return Err(CmdError::NotSupported(
            "ERR client-side caching (CLIENT TRACKING ON) is not supported by Strata yet",
        ));
    }
    Ok(Reply::ok())
}

/// CLIENT NO-EVICT ON|OFF
pub fn client_no_evict(_ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.is(2, "on") || args.is(2, "off") {
        Ok(Reply::ok())
    } else {
        Err(CmdError::Syntax)
    }
}

/// CLIENT PAUSE timeout [WRITE | ALL]
pub fn client_pause(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let ms = args.i64(2).map_err(|_| CmdError::TimeoutNotInteger)?;
    if ms < 0 {
        return Err(CmdError::TimeoutNegative);
    }
    let writes_only = match args.len() {
        3 => false,
        4 if args.is(3, "write") => true,
        4 if args.is(3, "all") => false,
        _ => return Err(CmdError::PauseMode),
    };
    ctx.server
        .pause(ctx.now_ms.saturating_add(ms as u64), writes_only);
    Ok(Reply::ok())
}

/// CLIENT UNPAUSE
pub fn client_unpause(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.server.pause(0, false);
    Ok(Reply::ok())
}

/// CLIENT UNBLOCK client-id [TIMEOUT | ERROR]
pub fn client_unblock(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let why = if args.len() == 4 {
        if args.is(3, "timeout") {
            Wake::Timeout
        } else if args.is(3, "error") {
            Wake::Error
        } else {
            return Err(CmdError::UnblockReason);
        }
    } else {
        Wake::Timeout
    };
    let id = args.i64(2)?;
    let done = u64::try_from(id).is_ok_and(|id| ctx.server.blocking.unblock(id, why));
    Ok(Reply::Int(done as i64))
}
