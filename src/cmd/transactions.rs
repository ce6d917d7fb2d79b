//! Transactions: MULTI, EXEC, DISCARD, WATCH and UNWATCH, with Redis 7.0 semantics.
//!
//! MULTI makes `execute` queue every later command (after checking that it exists and has a
//! valid arity: an error there dooms the transaction, EXECABORT). EXEC is EXCLUSIVE, so it has
//! the whole server, and it runs with a transaction batch ([`strata_storage::Engine::tx_batch`]):
//! the queued commands run one after the other into that one batch, each reading the writes of
//! the ones before it, and the batch is committed once, so a transaction is all-or-nothing on
//! disk and nobody observes it half done. A command that fails inside EXEC is rolled back to the
//! state before it and only its reply is an error, as in Redis.
//!
//! WATCH registers keys in [`crate::watch::Watches`]; any write of one of them before EXEC
//! (by anyone, by expiry, by FLUSHDB/FLUSHALL/SWAPDB) marks this client dirty and EXEC answers
//! a null array. A watched key that expires between WATCH and EXEC also fails the EXEC.

use super::{run_queued, After, Args, CmdError, CommandDef, Ctx};
use crate::resp::Reply;
use crate::server::{ClientState, Server};
use bytes::Bytes;
use std::sync::atomic::Ordering;

/// A transaction being queued (between MULTI and EXEC/DISCARD).
#[derive(Default)]
pub struct Multi {
    /// Each queued command, resolved when it was queued, and its arguments.
    pub queued: Vec<(&'static CommandDef, Vec<Bytes>)>,
    /// A queued command was rejected: EXEC must fail with EXECABORT.
    pub aborted: bool,
}

/// A key this client watches, and whether it was already expired when watched (such a key does
/// not fail the EXEC by being expired).
pub struct Watched {
    pub key: crate::watch::WatchedKey,
    pub expired_at_watch: bool,
}

/// Drops every WATCH of the client and its dirty mark.
pub fn unwatch_all(server: &Server, client: &mut ClientState) {
    let keys: Vec<_> = client.watched.drain(..).map(|w| w.key).collect();
    server.watches.unwatch(&client.info, &keys);
    client.info.watch_dirty.store(false, Ordering::Release);
}

/// Whether a WATCH fails the EXEC: a watched key was written, or expired since it was watched.
fn watch_failed(ctx: &mut Ctx) -> Result<bool, CmdError> {
    if ctx.client.info.watch_dirty.load(Ordering::Acquire) {
        return Ok(true);
    }
    for w in &ctx.client.watched {
        if w.expired_at_watch {
            continue;
        }
        let (db, key) = &w.key;
        if ctx
            .batch
            .get_meta(*db, key)?
            .is_some_and(|m| m.is_expired(ctx.now_ms))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// MULTI
pub fn multi(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    if ctx.client.multi.is_some() {
        return Err(CmdError::MultiNested);
    }
    ctx.client.multi = Some(Multi::default());
    Ok(Reply::ok())
}

/// EXEC
pub fn exec(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    let Some(multi) = ctx.client.multi.take() else {
        return Err(CmdError::ExecWithoutMulti);
    };
    let failed = watch_failed(ctx)?;
    unwatch_all(ctx.server, ctx.client);
    if multi.aborted {
        return Err(CmdError::ExecAbort);
    }
    if failed {
        return Ok(Reply::NilArray);
    }
    ctx.deny_blocking = true;
    let mut replies = Vec::with_capacity(multi.queued.len());
    for (def, argv) in multi.queued {
        replies.push(run_queued(ctx, def, &mut Args::new(argv)));
    }
    ctx.deny_blocking = false;
    // What a queued command asked of the connection (DEBUG SLEEP, ...) does not outlive EXEC.
    ctx.after = After::Nothing;
    Ok(Reply::Array(replies))
}

/// DISCARD
pub fn discard(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    if ctx.client.multi.take().is_none() {
        return Err(CmdError::DiscardWithoutMulti);
    }
    unwatch_all(ctx.server, ctx.client);
    Ok(Reply::ok())
}

/// WATCH key [key ...]
pub fn watch(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if ctx.client.multi.is_some() {
        return Err(CmdError::WatchInMulti);
    }
    // Already doomed: more watches change nothing.
    if ctx.client.info.watch_dirty.load(Ordering::Acquire) {
        return Ok(Reply::ok());
    }
    for i in 1..args.len() {
        let key = (ctx.db, args.bytes(i));
        if ctx.client.watched.iter().any(|w| w.key == key) {
            continue;
        }
        let expired_at_watch = ctx
            .batch
            .get_meta(ctx.db, args.get(i))?
            .is_some_and(|m| m.is_expired(ctx.now_ms));
        ctx.server.watches.watch(&ctx.client.info, key.clone());
        ctx.client.watched.push(Watched {
            key,
            expired_at_watch,
        });
    }
    Ok(Reply::ok())
}

/// UNWATCH
pub fn unwatch(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    unwatch_all(ctx.server, ctx.client);
    Ok(Reply::ok())
}

/// Before FLUSHDB/FLUSHALL (`dbs` = the flushed db) or SWAPDB (`dbs` = both): marks dirty the
/// watchers of keys the change makes appear or vanish, that is keys live in one of `dbs`. As in
/// Redis, a watched key that exists nowhere, or only expired, is not touched.
pub fn touch_swapped_or_flushed(ctx: &Ctx, dbs: &[u8]) -> Result<(), CmdError> {
    let watches = &ctx.server.watches;
    if !watches.any() {
        return Ok(());
    }
    for &db in dbs {
        for key in watches.keys_of_db(db) {
            let mut live = false;
            for &other in dbs {
                live |= ctx
                    .batch
                    .get_meta(other, &key)?
                    .is_some_and(|m| !m.is_expired(ctx.now_ms));
            }
            if live {
                watches.touch([(db, key.as_ref())]);
            }
        }
    }
    Ok(())
}
