// Hot path: every request goes through `execute`.
//! Command dispatch: table lookup, arity, authentication, locks, then the family handler.
//!
//! Handlers are synchronous `fn(&mut Ctx, &mut Args) -> Result<Reply, CmdError>`: they never
//! await and never touch the socket. They parse every argument before the first write, and all
//! their writes go into `ctx.batch`, which `execute` commits in one atomic RocksDB write after the
//! handler succeeds (and drops if it fails, so an error never leaves a partial write).
//!
//! Locking: every command holds the server-wide `global` lock shared (EXCLUSIVE commands hold it
//! alone), and the stripes of the keys named by its table entry, in sorted order.

pub mod args;
pub mod def;
pub mod error;
pub mod table;

mod bitmaps;
pub mod connection;
mod diagnostics;
pub mod dump;
mod geo;
mod hashes;
mod help;
mod hyperloglog;
mod keys;
mod lists;
pub mod pubsub;
mod scripting;
pub mod server;
mod sets;
mod slowlog;
mod sort;
mod strings;
pub mod transactions;
mod zsets;

pub use args::Args;
pub use def::{CommandDef, Handler};
pub use error::CmdError;

use crate::resp::Reply;
use crate::server::{ClientState, Server};
use crate::slowlog::Caller;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use strata_storage::{Batch, Kind, Meta};

/// What the connection does after sending the reply.
#[derive(Debug, Clone, PartialEq)]
pub enum After {
    Nothing,
    /// Close the connection (QUIT, CLIENT KILL of itself).
    Close,
    /// Wait this long before replying, without holding any lock (DEBUG SLEEP).
    Sleep(std::time::Duration),
    /// The command did not run (CLIENT PAUSE): wait this long, then run it again.
    Retry(std::time::Duration),
    /// Nothing to pop: wait for one of these keys (the reply is the one to send on timeout).
    Block(Block),
}

/// What a blocking command waits for (see [`crate::blocking`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub keys: Vec<bytes::Bytes>,
    /// `None`: forever.
    pub timeout: Option<std::time::Duration>,
}

/// What a handler sees: the server, its client, the selected (physical) db and its write batch.
pub struct Ctx<'a> {
    pub server: &'a Arc<Server>,
    pub client: &'a mut ClientState,
    /// Physical id of the client's selected database.
    pub db: u8,
    pub batch: Batch<'a>,
    /// The command's clock: one reading per command, as Redis does, so a command sees one "now".
    pub now_ms: u64,
    pub after: After,
    /// Inside EXEC: blocking commands answer at once, as if they had timed out.
    pub deny_blocking: bool,
    /// Keyspace events to publish once the batch has committed.
    pub events: Vec<crate::notify::Event>,
}

/// Microseconds since the Unix epoch (MONITOR's timestamps).
pub fn unix_micros() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

/// Milliseconds since the Unix epoch.
pub fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl<'a> Ctx<'a> {
    /// A context for commands of `client` on physical db `db`, writing into `batch`, with the
    /// clock read now.
    pub fn new(
        server: &'a Arc<Server>,
        client: &'a mut ClientState,
        db: u8,
        batch: Batch<'a>,
    ) -> Ctx<'a> {
        Ctx {
            server,
            client,
            db,
            batch,
            now_ms: unix_ms(),
            after: After::Nothing,
            deny_blocking: false,
            events: Vec::new(),
        }
    }

    /// Records keyspace event `name` of `class` for `key` in the selected db.
    pub fn notify(&mut self, class: u32, name: &'static str, key: &[u8]) {
        let db = self.client.db;
        self.notify_in(db, class, name, key);
    }

    /// Records a collection command's event, then "del" if the command emptied (deleted) the
    /// collection, in the order Redis announces them.
    pub fn notify_then_del(&mut self, class: u32, name: &'static str, key: &[u8], deleted: bool) {
        self.notify(class, name, key);
        if deleted {
            self.notify(crate::notify::GENERIC, "del", key);
        }
    }

    /// [`Ctx::notify`] for logical db `db` (MOVE announces the key in its new db).
    pub fn notify_in(&mut self, db: usize, class: u32, name: &'static str, key: &[u8]) {
        if crate::notify::wanted(self.server, class) {
            self.events.push(crate::notify::Event {
                class,
                name,
                key: bytes::Bytes::copy_from_slice(key),
                db,
            });
        }
    }

    /// The live metadata of `key` in the selected db; an expired key is deleted on the spot
    /// (lazy expiry) and reported missing.
    pub fn lookup(&mut self, key: &[u8]) -> Result<Option<Meta>, CmdError> {
        self.lookup_in(self.db, key)
    }

    /// [`Ctx::lookup`] in another physical db (MOVE, COPY ... DB).
    pub fn lookup_in(&mut self, db: u8, key: &[u8]) -> Result<Option<Meta>, CmdError> {
        match self.batch.get_meta(db, key)? {
            Some(m) if m.is_expired(self.now_ms) => {
                self.batch.delete_key(db, key, &m);
                self.server
                    .stats
                    .expired_keys
                    .fetch_add(1, Ordering::Relaxed);
                if let Some(logical) = self.server.logical_db(db) {
                    self.notify_in(logical, crate::notify::EXPIRED, "expired", key);
                }
                Ok(None)
            }
            // A hash whose field TTLs are due loses those fields first (and ceases to exist
            // if none is left), so every command sees exact sizes and existence.
            Some(m) if m.kind == Kind::Hash => {
                let (after, purged) = strata_storage::types::hash::purge_expired_fields(
                    &mut self.batch,
                    db,
                    key,
                    &m,
                    self.now_ms,
                )?;
                if purged > 0 {
                    if let Some(logical) = self.server.logical_db(db) {
                        self.notify_in(logical, crate::notify::HASH, "hexpired", key);
                        if after.is_none() {
                            self.notify_in(logical, crate::notify::GENERIC, "del", key);
                        }
                    }
                }
                Ok(after)
            }
            other => Ok(other),
        }
    }

    /// A lookup by a read command: counts keyspace hits and misses.
    pub fn lookup_read(&mut self, key: &[u8]) -> Result<Option<Meta>, CmdError> {
        let m = self.lookup(key)?;
        let stat = if m.is_some() {
            &self.server.stats.keyspace_hits
        } else {
            self.notify(crate::notify::KEY_MISS, "keymiss", key);
            &self.server.stats.keyspace_misses
        };
        stat.fetch_add(1, Ordering::Relaxed);
        Ok(m)
    }

    /// [`Ctx::lookup`] (`read`: [`Ctx::lookup_read`]) that does not count as an access of the
    /// key, for what Redis looks up without touching its LRU clock (EXISTS, TYPE, TTL and its
    /// kin, OBJECT): the idle time is read before and put back after, under the key's lock.
    pub fn lookup_untouched(&mut self, key: &[u8], read: bool) -> Result<Option<Meta>, CmdError> {
        let idle = self.server.engine.idle_secs(self.db, key);
        let found = if read {
            self.lookup_read(key)?
        } else {
            self.lookup(key)?
        };
        self.server.engine.set_idle(self.db, key, idle);
        Ok(found)
    }

    /// The live record of `key` if it holds `kind`; WRONGTYPE if it holds another type. `read`
    /// counts keyspace hits and misses (read commands).
    pub fn lookup_kind(
        &mut self,
        key: &[u8],
        kind: Kind,
        read: bool,
    ) -> Result<Option<Meta>, CmdError> {
        let m = if read {
            self.lookup_read(key)?
        } else {
            self.lookup(key)?
        };
        match m {
            Some(m) if m.kind != kind => Err(CmdError::WrongType),
            other => Ok(other),
        }
    }

    /// [`Ctx::lookup_kind`] for strings.
    pub fn lookup_string(&mut self, key: &[u8], read: bool) -> Result<Option<Meta>, CmdError> {
        self.lookup_kind(key, Kind::String, read)
    }

    /// Writes `key`; `old` is what [`Ctx::lookup`] returned for it in this command.
    pub fn put(&mut self, key: &[u8], new: Meta, old: Option<&Meta>) {
        if old.is_none() {
            self.notify(crate::notify::NEW, "new", key);
        }
        self.batch.put_meta(self.db, key, new, old);
    }

    /// Deletes `key`, whose live record is `old`.
    pub fn remove(&mut self, key: &[u8], old: &Meta) {
        self.batch.delete_key(self.db, key, old);
    }
}

/// Resolves `args[0]` (and a subcommand) to its table entry, checking arity.
pub fn resolve(args: &Args) -> Result<&'static CommandDef, CmdError> {
    if let Some(def) = args.resolved.get() {
        return Ok(def);
    }
    let name = args.get(0);
    let Some(def) = table::lookup(name) else {
        let rest = (1..args.len()).map(|i| args.get(i).to_vec()).collect();
        return Err(CmdError::UnknownCommand(name.to_vec(), rest));
    };
    let def = if !def.subcommands.is_empty() && (args.len() >= 2 || def.handler.is_none()) {
        if args.len() < 2 {
            return Err(CmdError::WrongArity(def.name.to_string()));
        }
        match table::lookup_sub(def, args.get(1)) {
            Some(sub) => sub,
            None => {
                return Err(CmdError::UnknownSubcommand(
                    args.get(1).to_vec(),
                    def.name.to_ascii_uppercase(),
                ))
            }
        }
    } else {
        def
    };
    let n = args.len() as i32;
    if (def.arity > 0 && n != def.arity) || (def.arity < 0 && n < -def.arity) {
        return Err(CmdError::WrongArity(def.name.to_string()));
    }
    let _ = args.resolved.set(def);
    Ok(def)
}

/// The key arguments of a command: from its table entry's first/last/step, or, for a
/// `movablekeys` command (SINTERCARD, ...), from its key specs (which may read a key count).
pub fn key_positions(def: &CommandDef, args: &Args) -> Vec<usize> {
    positions(def, args, false)
}

/// The keys a command must lock: [`key_positions`], plus the key after every repeat of a key
/// spec's keyword, because the handler acts on the last one (`GEORADIUS ... STORE a STORE b`
/// writes `b`, while Redis reports `a` as the key).
fn lock_positions(def: &CommandDef, args: &Args) -> Vec<usize> {
    positions(def, args, true)
}

fn positions(def: &CommandDef, args: &Args, every_keyword: bool) -> Vec<usize> {
    let argc = args.len() as i32;
    if def.name == "sort" {
        return sort_positions(args);
    }
    if def.has_flag("movablekeys") {
        return key_spec_positions(def, args, every_keyword);
    }
    let first = def.first_key;
    let last = if def.last_key < 0 {
        argc + def.last_key
    } else {
        def.last_key.min(argc - 1)
    };
    let step = def.step.max(1);
    // No keys (first_key 0) gives the empty range 1..=0.
    let (start, end) = if first > 0 { (first, last) } else { (1, 0) };
    (start..=end)
        .step_by(step as usize)
        .map(|i| i as usize)
        .collect()
}

/// SORT's keys: the sorted key and the STORE destination, which its key specs leave unknown
/// (STORE may come anywhere among the options; the last one counts). BY and GET name keys
/// only the data determines: SORT runs with the whole server to itself instead.
fn sort_positions(args: &Args) -> Vec<usize> {
    let mut store = None;
    let mut i = 2;
    while i < args.len() {
        let skip = if args.is(i, "limit") {
            2
        } else if args.is(i, "get") || args.is(i, "by") {
            1
        } else if args.is(i, "store") {
            store = Some(i + 1);
            1
        } else {
            0
        };
        i += 1 + skip;
    }
    std::iter::once(1)
        .chain(store.filter(|&s| s < args.len()))
        .collect()
}

/// Key positions from Redis 7 key specs. Specs Strata cannot evaluate (unknown begin or find
/// rules) and key counts that are not valid integers contribute no keys; the handler rejects
/// such arguments before touching any key.
fn key_spec_positions(def: &CommandDef, args: &Args, every_keyword: bool) -> Vec<usize> {
    use def::BeginSearch;
    let argc = args.len() as i32;
    let mut out = Vec::new();
    for ks in def.key_specs {
        let starts: Vec<i32> = match ks.begin_search {
            BeginSearch::Index(i) => vec![i],
            BeginSearch::Keyword {
                keyword,
                start_from,
            } => {
                let hits: Box<dyn Iterator<Item = i32>> = if start_from >= 0 {
                    Box::new(start_from..argc)
                } else {
                    Box::new((1..=argc + start_from).rev())
                };
                let mut hits = hits
                    .filter(|&i| args.is(i as usize, keyword))
                    .map(|i| i + 1);
                if every_keyword {
                    hits.collect()
                } else {
                    hits.next().into_iter().collect()
                }
            }
            BeginSearch::Unknown => continue,
        };
        for start in starts {
            spec_keys(ks, args, start, &mut out);
        }
    }
    out
}

/// The keys one key spec finds from argument `start` on.
fn spec_keys(ks: &def::KeySpec, args: &Args, start: i32, out: &mut Vec<usize>) {
    use def::FindKeys;
    let argc = args.len() as i32;
    if start < 1 || start >= argc {
        return;
    }
    match ks.find_keys {
        FindKeys::Range {
            last_key,
            key_step,
            limit,
        } => {
            let last = if last_key >= 0 {
                (start + last_key).min(argc - 1)
            } else if limit > 1 {
                start + (argc - start) / limit - 1
            } else {
                argc + last_key
            };
            let step = key_step.max(1) as usize;
            out.extend((start..=last).step_by(step).map(|i| i as usize));
        }
        FindKeys::Keynum {
            keynum_idx,
            first_key,
            key_step,
        } => {
            let Some(n) = args::parse_i64(args.get((start + keynum_idx) as usize))
                .filter(|&n| n > 0 && n < argc as i64)
            else {
                return;
            };
            let first = start + first_key;
            let step = key_step.max(1);
            out.extend(
                (0..n as i32)
                    .map(|k| first + k * step)
                    .take_while(|&i| i < argc)
                    .map(|i| i as usize),
            );
        }
        FindKeys::Unknown => {}
    }
}

/// Commands an unauthenticated client may run.
fn allowed_without_auth(def: &CommandDef) -> bool {
    matches!(def.name, "auth" | "hello" | "quit" | "reset")
}

/// Runs one request and returns its reply. The caller encodes it (or not, per CLIENT REPLY).
pub fn execute(server: &Arc<Server>, client: &mut ClientState, args: &mut Args) -> (Reply, After) {
    let is_exec = args.is(0, "exec");
    let rejected = |client: &mut ClientState, e: CmdError| {
        server.cmdstats.error(&e.message());
        // A command refused while a transaction is queued dooms it (EXECABORT); a refused EXEC
        // ends it at once, saying why (Redis says so even outside MULTI).
        match &mut client.multi {
            _ if is_exec => {
                client.multi = None;
                transactions::unwatch_all(server, client);
                (
                    CmdError::ExecAbortBecause(e.message().into_owned()).reply(),
                    After::Nothing,
                )
            }
            Some(m) => {
                m.aborted = true;
                (e.reply(), After::Nothing)
            }
            None => (e.reply(), After::Nothing),
        }
    };
    let def = match resolve(args) {
        Ok(d) => d,
        Err(e) => {
            // A known (sub)command with the wrong arity counts as a rejected call of it.
            let known = table::lookup(args.get(0)).and_then(|d| match d.is_container() {
                true if args.len() > 1 => table::lookup_sub(d, args.get(1)),
                true => None,
                false => Some(d),
            });
            if let Some(d) = known {
                server.cmdstats.rejected(d);
            }
            return rejected(client, e);
        }
    };
    // From here on, a refusal counts as a rejected call of the command.
    let rejected = |client: &mut ClientState, e: CmdError| {
        server.cmdstats.rejected(def);
        rejected(client, e)
    };
    if !client.authenticated && !allowed_without_auth(def) {
        return rejected(client, CmdError::NoAuth);
    }
    if !client.resp3
        && client.pubsub.as_ref().is_some_and(|s| s.active())
        && !matches!(
            def.name,
            "subscribe"
                | "ssubscribe"
                | "psubscribe"
                | "unsubscribe"
                | "sunsubscribe"
                | "punsubscribe"
                | "ping"
                | "quit"
                | "reset"
        )
    {
        return rejected(client, CmdError::SubscribedContext(def.name.to_string()));
    }
    // While a script runs, other clients wait (as if Redis were not reading them) until it
    // passes busy-reply-threshold, then get BUSY; only the allow_busy commands run meanwhile
    // (SHUTDOWN only with NOSAVE).
    let allow_busy = def.has_flag("allow_busy")
        && (def.name != "shutdown" || (1..args.len()).any(|i| args.is(i, "nosave")));
    if !allow_busy {
        if let Some(ms) = server.scripting.run.running_for_ms() {
            if ms < server.config.read().busy_reply_threshold {
                return (
                    Reply::Nil,
                    After::Retry(std::time::Duration::from_millis(1)),
                );
            }
            return rejected(client, server.scripting.run.busy_error());
        }
    }
    if client.multi.is_some()
        && !matches!(
            def.name,
            "exec" | "discard" | "multi" | "watch" | "quit" | "reset"
        )
    {
        if def.has_flag("no_multi") {
            return rejected(client, CmdError::NotAllowedInMulti);
        }
        if let Some(m) = &mut client.multi {
            m.queued.push((def, args.iter().cloned().collect()));
        }
        return (Reply::Status("QUEUED".into()), After::Nothing);
    }
    if def.name != "client|unpause" {
        if let Some(wait) = server.pause_wait(def.has_flag("write")) {
            return (Reply::Nil, After::Retry(wait));
        }
    }
    client.info.set_last_cmd(def.name);
    server.stats.commands.fetch_add(1, Ordering::Relaxed);
    announce_run(server, def, args, client.db, Caller::Client(&client.info));
    let started = std::time::Instant::now();
    let (reply, after, ready) = run(server, client, def, args);
    let took = match &after {
        // Retried: it did not run.
        After::Retry(_) => return (reply, after),
        // DEBUG SLEEP: Redis' server sleeps in the command.
        After::Sleep(d) => micros(started.elapsed() + *d),
        _ => micros(started.elapsed()),
    };
    // A blocked command counts as a call now; its wait is no execution for the slow log.
    let slow = (!matches!(after, After::Block(_))).then_some(took);
    report(
        server,
        def,
        args,
        client.db,
        (took, slow),
        &reply,
        Caller::Client(&client.info),
    );
    if !ready.is_empty() {
        crate::blocking::serve(server, ready);
    }
    (reply, after)
}

/// Runs a resolved command under its locks and commits its batch. Also returns the keys it left
/// holding a list that blocked clients wait for; the caller serves them once the locks are gone.
pub fn run(
    server: &Arc<Server>,
    client: &mut ClientState,
    def: &'static CommandDef,
    args: &mut Args,
) -> (Reply, After, Vec<crate::blocking::ReadyKey>) {
    let Some(handler) = def.handler else {
        return (
            CmdError::WrongArity(def.name.to_string()).reply(),
            After::Nothing,
            Vec::new(),
        );
    };
    let (_shared, _exclusive);
    // SCRIPT KILL, SHUTDOWN NOSAVE & co. must run while a script holds the server.
    let beside_script =
        def.has_flag("allow_busy") && server.scripting.run.running_for_ms().is_some();
    if beside_script {
    } else if def.exclusive {
        _exclusive = server.global.write();
    } else {
        _shared = server.global.read();
    }
    let db = server.engine.physical_db(client.db);
    let positions = if def.exclusive {
        Vec::new()
    } else {
        lock_positions(def, args)
    };
    let _keys = if positions.is_empty() {
        None
    } else {
        Some(
            server
                .engine
                .locks()
                .lock(positions.iter().map(|&i| (db, args.get(i)))),
        )
    };
    let batch = if def.transaction {
        server.engine.tx_batch()
    } else {
        server.engine.batch()
    };
    let mut ctx = Ctx::new(server, client, db, batch);
    let reply = match handler(&mut ctx, args) {
        Ok(reply) => reply,
        Err(e) => return (e.reply(), ctx.after, Vec::new()),
    };
    let after = std::mem::replace(&mut ctx.after, After::Nothing);
    match commit(server, ctx) {
        Ok(ready) => (reply, after, ready),
        Err(e) => (e.reply(), after, Vec::new()),
    }
}

/// Commits a command's (or a group's) batch and then does what a commit makes due: keyspace
/// events, WATCH, and the keys that blocked clients can now be served on (returned; the caller
/// serves them once its locks are gone).
fn commit(server: &Arc<Server>, mut ctx: Ctx) -> Result<Vec<crate::blocking::ReadyKey>, CmdError> {
    let touched: Vec<(u8, bytes::Bytes)> = if server.watches.any() {
        ctx.batch
            .written_keys()
            .map(|(db, k)| (db, bytes::Bytes::copy_from_slice(k)))
            .collect()
    } else {
        Vec::new()
    };
    let ready = if server.blocking.any() {
        ctx.batch
            .written()
            .filter(|(_, _, m)| m.is_some_and(|m| matches!(m.kind, Kind::List | Kind::ZSet)))
            .filter(|(db, key, _)| server.blocking.waits_on(*db, key))
            .map(|(db, key, _)| (db, bytes::Bytes::copy_from_slice(key)))
            .collect()
    } else {
        Vec::new()
    };
    let events = std::mem::take(&mut ctx.events);
    server.engine.commit(ctx.batch)?;
    for e in &events {
        crate::notify::publish(server, e);
    }
    if !touched.is_empty() {
        server
            .watches
            .touch(touched.iter().map(|(db, k)| (*db, k.as_ref())));
    }
    Ok(ready)
}

/// Most commands a pipeline holds at once that run as one group (see [`execute_group`]).
pub const MAX_GROUP: usize = 64;

/// Whether `args` may run in a group of pipelined commands: an ordinary key-space read or write
/// (no blocking, no transaction or connection state, nothing needing the whole server), from
/// a plain connection, while no CLIENT PAUSE is in force and no script runs.
pub fn groupable(
    server: &Server,
    client: &ClientState,
    args: &Args,
) -> Option<&'static CommandDef> {
    if client.multi.is_some()
        || !client.authenticated
        || client.reply != crate::server::ReplyMode::On
        || client.pubsub.as_ref().is_some_and(|s| s.active())
    {
        return None;
    }
    let def = resolve(args).ok()?;
    // CLIENT PAUSE and a running script (BUSY) are dealt with one command at a time.
    if !plain(def)
        || server.pause_wait(def.has_flag("write")).is_some()
        || server.scripting.run.running_for_ms().is_some()
        || feeds_blocked(server, client, def, args)
    {
        return None;
    }
    Some(def)
}

/// Whether a write may feed a client blocked on one of its keys. Such a client is served right
/// after the write, before the commands behind it (`LPUSH q a` then `LPUSH q b` hands it `a`), so
/// the write must not share a batch with them.
fn feeds_blocked(server: &Server, client: &ClientState, def: &CommandDef, args: &Args) -> bool {
    if !server.blocking.any() || !def.has_flag("write") {
        return false;
    }
    let db = server.engine.physical_db(client.db);
    lock_positions(def, args)
        .into_iter()
        .any(|i| server.blocking.waits_on(db, args.get(i)))
}

/// An ordinary key-space read or write: no blocking, no transaction or connection state,
/// nothing needing the whole server.
fn plain(def: &CommandDef) -> bool {
    def.handler.is_some()
        && !def.exclusive
        && !def.transaction
        && (def.has_flag("write") || def.has_flag("readonly"))
        && !def.has_flag("blocking")
        && !def.has_flag("noscript")
        // Random sampling (SPOP, SRANDMEMBER, ...) in a transaction batch that wrote the key
        // reads the collection whole: cheap alone, not when pipelined a thousand times.
        && !def.tips.contains(&"nondeterministic_output")
}

/// Most commands queued in the transactions chained behind an EXEC (see [`exec_chain`]).
pub const MAX_CHAIN: usize = 256;

/// Whether the client's EXEC may take the transactions pipelined behind it along (see
/// [`exec_chain`]): it runs only [`plain`] commands, from a plain connection, while no CLIENT
/// PAUSE is in force, no script runs and no client is blocked.
pub fn chain_allowed(server: &Server, client: &ClientState) -> bool {
    // The EXEC's own commands too must be plain: one that changes the connection (CLIENT
    // REPLY, SELECT) changes how the transactions behind it answer.
    client
        .multi
        .as_ref()
        .is_some_and(|m| m.queued.iter().all(|(def, _)| plain(def)))
        && client.authenticated
        && client.reply == crate::server::ReplyMode::On
        && client.pubsub.as_ref().is_none_or(|s| !s.active())
        && server.pause_wait(true).is_none()
        && server.scripting.run.running_for_ms().is_none()
        // Blocked clients are served between two transactions (see `feeds_blocked`).
        && !server.blocking.any()
}

/// Whether `args` may be queued in a transaction chained behind an EXEC: a [`plain`] command
/// MULTI accepts.
pub fn chainable(args: &Args) -> Option<&'static CommandDef> {
    let def = resolve(args).ok()?;
    (plain(def) && !def.has_flag("no_multi")).then_some(def)
}

/// Runs the client's EXEC and then each transaction of `chain`, which were pipelined right
/// behind it, as one unit: one hold on the whole server, one batch, one commit. Each
/// transaction runs whole and alone, with the replies it would get by itself (MULTI's OK, a
/// QUEUED per command, EXEC's array); other clients see the transactions land together, which
/// is one of the orders they could have seen. Transactions overwriting the same keys write each
/// key once.
pub fn exec_chain(
    server: &Arc<Server>,
    client: &mut ClientState,
    chain: Vec<transactions::Multi>,
) -> Vec<Reply> {
    let _exclusive = server.global.write();
    let db = server.engine.physical_db(client.db);
    let mut ctx = Ctx::new(server, client, db, server.engine.tx_batch());
    let exec = |ctx: &mut Ctx| {
        ctx.client.info.set_last_cmd("exec");
        server.stats.commands.fetch_add(1, Ordering::Relaxed);
        transactions::exec(ctx, &mut Args::new(Vec::new())).unwrap_or_else(|e| e.reply())
    };
    let mut replies = vec![exec(&mut ctx)];
    let mut execs = vec![0];
    for multi in chain {
        server.stats.commands.fetch_add(1, Ordering::Relaxed);
        replies.push(Reply::ok());
        replies.extend(multi.queued.iter().map(|_| Reply::Status("QUEUED".into())));
        ctx.client.multi = Some(multi);
        execs.push(replies.len());
        replies.push(exec(&mut ctx));
    }
    match commit(server, ctx) {
        Ok(ready) => {
            drop(_exclusive);
            if !ready.is_empty() {
                crate::blocking::serve(server, ready);
            }
        }
        // Only the EXECs fail: MULTI and the queueing went as they would have.
        Err(e) => execs.into_iter().for_each(|i| replies[i] = e.reply()),
    }
    replies
}

/// Runs pipelined commands that [`groupable`] accepted as one unit: their keys locked at once,
/// one transaction batch in which each reads the writes of those before it, and one commit.
/// A failing command leaves no write behind and the others run on, as each would alone; other
/// clients see the group's writes all at once, which is one of the orders they could have seen.
pub fn execute_group(
    server: &Arc<Server>,
    client: &mut ClientState,
    group: &mut [(&'static CommandDef, Args)],
) -> Vec<Reply> {
    let _shared = server.global.read();
    let db = server.engine.physical_db(client.db);
    let positions: Vec<(usize, usize)> = group
        .iter()
        .enumerate()
        .flat_map(|(g, (def, args))| lock_positions(def, args).into_iter().map(move |i| (g, i)))
        .collect();
    let _keys = server
        .engine
        .locks()
        .lock(positions.iter().map(|&(g, i)| (db, group[g].1.get(i))));
    // One clock read for the group: its commands run within microseconds of each other.
    let mut ctx = Ctx::new(server, client, db, server.engine.tx_batch());
    ctx.deny_blocking = true;
    let mut replies = Vec::with_capacity(group.len());
    // Once for the group: what CLIENT LIST shows is the last command, and the count is exact.
    if let Some((last, _)) = group.last() {
        ctx.client.info.set_last_cmd(last.name);
    }
    server
        .stats
        .commands
        .fetch_add(group.len() as u64, Ordering::Relaxed);
    // One clock read around the whole group: each command's reply is ready once the group's
    // commit is, so each counts the group's time in the slow log.
    let started = std::time::Instant::now();
    for (def, args) in group.iter_mut() {
        let handler = def.handler.expect("groupable commands have a handler");
        replies.push(run_undoable(&mut ctx, handler, args));
    }
    let info = ctx.client.info.clone();
    let selected = ctx.client.db;
    let committed = commit(server, ctx);
    let took = micros(started.elapsed());
    for ((def, args), reply) in group.iter().zip(&replies) {
        let caller = Caller::Client(&info);
        report(
            server,
            def,
            args,
            selected,
            (took, Some(took)),
            reply,
            caller,
        );
    }
    match committed {
        Ok(ready) => {
            drop(_keys);
            drop(_shared);
            if !ready.is_empty() {
                crate::blocking::serve(server, ready);
            }
            replies
        }
        Err(e) => vec![e.reply(); replies.len()],
    }
}

/// Runs one queued command of a transaction in EXEC's context: EXEC's batch and EXEC's hold on
/// the whole server (so no locks of its own). A failed command leaves no write behind.
pub fn run_queued(ctx: &mut Ctx, def: &'static CommandDef, args: &mut Args) -> Reply {
    let Some(handler) = def.handler else {
        return CmdError::WrongArity(def.name.to_string()).reply();
    };
    // CLIENT LIST keeps showing EXEC as the last command, as in Redis.
    ctx.server.stats.commands.fetch_add(1, Ordering::Relaxed);
    // SELECT inside the transaction changes the db of the commands after it.
    ctx.db = ctx.server.engine.physical_db(ctx.client.db);
    let server = ctx.server;
    let from_script = server.scripting.run.is_running();
    announce_run(
        server,
        def,
        args,
        ctx.client.db,
        Caller::of(from_script, &ctx.client.info),
    );
    let started = std::time::Instant::now();
    let reply = run_undoable(ctx, handler, args);
    let took = micros(started.elapsed());
    report(
        server,
        def,
        args,
        ctx.client.db,
        (took, Some(took)),
        &reply,
        Caller::of(from_script, &ctx.client.info),
    );
    reply
}

/// Shows MONITOR clients the commands that show themselves before they run (EVAL, FCALL and
/// their kin, so that the commands of the script come after them).
fn announce_run(server: &Server, def: &CommandDef, args: &Args, db: usize, caller: Caller) {
    server
        .monitors
        .feed_before_run(def, args, db, caller, &server.pubsub.limits);
}

/// Reports a command that has run to the command and error counters, the slow log and MONITOR
/// clients: `took` is the run's microseconds, `slow` what the slow log counts (`None` for a
/// command that blocked), `db` the logical db the command left selected.
fn report(
    server: &Server,
    def: &CommandDef,
    args: &Args,
    db: usize,
    (took, slow): (u64, Option<u64>),
    reply: &Reply,
    caller: Caller,
) {
    if let Some(slow) = slow {
        server.slowlog.observe(def, args, slow, caller);
    }
    let failed = match reply {
        Reply::Error(e) => {
            server.cmdstats.error(e);
            true
        }
        _ => false,
    };
    server.cmdstats.ran(def, took, failed);
    server
        .monitors
        .feed(def, args, db, caller, &server.pubsub.limits);
}

/// Largest |count| of a random sample with repeats (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER with a
/// negative count). Redis 7.0 tries to build any such reply and can run out of memory on a huge
/// one; Strata refuses it.
const MAX_REPEATED_SAMPLE: u64 = 1 << 24;

/// The count of SRANDMEMBER, HRANDFIELD or ZRANDMEMBER at `args[i]`, in Redis' range.
pub(crate) fn rand_count(args: &Args, i: usize) -> Result<i64, CmdError> {
    let c = args.i64(i)?;
    if c == i64::MIN {
        return Err(CmdError::RandCountOutOfRange);
    }
    Ok(c)
}

/// `count` if a sample of it can be built; `pairs` when each pick replies with two elements
/// (WITHVALUES, WITHSCORES), where Redis refuses counts past half the range.
pub(crate) fn rand_count_fits(count: i64, pairs: bool) -> Result<i64, CmdError> {
    if (pairs && count.unsigned_abs() > (i64::MAX / 2) as u64)
        || (count < 0 && count.unsigned_abs() > MAX_REPEATED_SAMPLE)
    {
        return Err(CmdError::RandCountTooBig);
    }
    Ok(count)
}

/// A duration in whole microseconds, as the slow log counts.
fn micros(d: std::time::Duration) -> u64 {
    d.as_micros().min(u64::MAX as u128) as u64
}

/// Runs one command inside a batch shared with others (a pipelined group, EXEC): a failed
/// command's writes and events are undone, the others' stay.
fn run_undoable(ctx: &mut Ctx, handler: Handler, args: &mut Args) -> Reply {
    let savepoint = ctx.batch.savepoint();
    let events = ctx.events.len();
    match handler(ctx, args) {
        Ok(reply) => reply,
        Err(e) => {
            if let Some(sp) = savepoint {
                ctx.batch.rollback(sp);
            }
            ctx.events.truncate(events);
            e.reply()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Args {
        Args::of(v)
    }

    #[test]
    fn key_positions_follow_first_last_step() {
        let mset = table::lookup(b"mset").unwrap();
        assert_eq!(
            key_positions(mset, &args(&["mset", "a", "1", "b", "2"])),
            vec![1, 3]
        );
        let del = table::lookup(b"DEL").unwrap();
        assert_eq!(
            key_positions(del, &args(&["del", "a", "b", "c"])),
            vec![1, 2, 3]
        );
        let ping = table::lookup(b"ping").unwrap();
        assert!(key_positions(ping, &args(&["ping", "x"])).is_empty());
    }

    #[test]
    fn movable_key_positions_follow_key_specs() {
        let sic = table::lookup(b"sintercard").unwrap();
        assert_eq!(sic.first_key, 0, "legacy triple cannot express SINTERCARD");
        let pos = |v: &[&str]| key_positions(sic, &args(v));
        assert_eq!(pos(&["sintercard", "2", "a", "b"]), vec![2, 3]);
        assert_eq!(
            pos(&["sintercard", "2", "a", "b", "LIMIT", "5"]),
            vec![2, 3]
        );
        assert_eq!(pos(&["sintercard", "1", "a", "LIMIT", "5"]), vec![2]);
        // Bad key counts lock nothing; the handler rejects them before any lookup.
        assert!(pos(&["sintercard", "0", "a"]).is_empty());
        assert!(pos(&["sintercard", "x", "a"]).is_empty());
        assert!(pos(&["sintercard", "5", "a", "b"]).is_empty());
        // ZUNIONSTORE: a fixed destination, then counted sources.
        let zu = table::lookup(b"zunionstore").unwrap();
        assert_eq!(
            key_positions(zu, &args(&["zunionstore", "d", "2", "a", "b"])),
            vec![1, 3, 4]
        );
    }

    #[test]
    fn every_repeated_store_key_is_locked_but_reported_as_redis_does() {
        let geo = table::lookup(b"georadius").unwrap();
        let a = args(&[
            "georadius",
            "k",
            "0",
            "0",
            "1",
            "km",
            "STORE",
            "a",
            "STORE",
            "b",
        ]);
        assert_eq!(key_positions(geo, &a), vec![1, 7]);
        assert_eq!(lock_positions(geo, &a), vec![1, 7, 9]);
    }

    #[test]
    fn resolve_reports_redis_errors() {
        assert_eq!(
            resolve(&args(&["get"])).err(),
            Some(CmdError::WrongArity("get".into()))
        );
        assert_eq!(
            resolve(&args(&["config"])).err(),
            Some(CmdError::WrongArity("config".into()))
        );
        assert_eq!(
            resolve(&args(&["config", "nope"]))
                .err()
                .map(|e| e.message()),
            Some("ERR unknown subcommand 'nope'. Try CONFIG HELP.".into())
        );
        assert_eq!(
            resolve(&args(&["config", "get"])).err(),
            Some(CmdError::WrongArity("config|get".into()))
        );
        assert_eq!(
            resolve(&args(&["CoNfIg", "GeT", "x"])).unwrap().name,
            "config|get"
        );
        assert_eq!(resolve(&args(&["command"])).unwrap().name, "command");
    }
}
