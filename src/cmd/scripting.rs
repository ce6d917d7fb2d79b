//! Scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT, over [`crate::scripting`].
//!
//! EVAL and friends are EXCLUSIVE with a transaction batch (see the table generator): the script
//! has the server to itself and its writes commit once, when the handler returns.

use super::{help, Args, CmdError, Ctx};
use crate::resp::Reply;
use bytes::Bytes;
use strata_storage::LuaStore;

/// The KEYS and ARGV of `<cmd> script numkeys [key ...] [arg ...]`.
fn keys_and_args(args: &Args) -> Result<(Vec<Bytes>, Vec<Bytes>), CmdError> {
    let numkeys = args.i64(2)?;
    if numkeys < 0 {
        return Err(CmdError::NumkeysNegative);
    }
    let rest = args.len() - 3;
    if numkeys as u64 > rest as u64 {
        return Err(CmdError::NumkeysTooMany);
    }
    let split = 3 + numkeys as usize;
    let keys = (3..split).map(|i| args.bytes(i)).collect();
    let argv = (split..args.len()).map(|i| args.bytes(i)).collect();
    Ok((keys, argv))
}

fn eval_body(ctx: &mut Ctx, args: &mut Args, readonly: bool) -> Result<Reply, CmdError> {
    let (keys, argv) = keys_and_args(args)?;
    let server = ctx.server;
    let sha = server.scripting.load(args.get(1))?;
    server
        .scripting
        .run(ctx, sha.as_bytes(), &keys, &argv, readonly)
}

fn eval_sha(ctx: &mut Ctx, args: &mut Args, readonly: bool) -> Result<Reply, CmdError> {
    let (keys, argv) = keys_and_args(args)?;
    let server = ctx.server;
    server
        .scripting
        .run(ctx, args.get(1), &keys, &argv, readonly)
}

/// EVAL script numkeys [key [key ...]] [arg [arg ...]]
pub fn eval(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    eval_body(ctx, args, false)
}

/// EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]
pub fn eval_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    eval_body(ctx, args, true)
}

/// EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]
pub fn evalsha(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    eval_sha(ctx, args, false)
}

/// EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]
pub fn evalsha_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    eval_sha(ctx, args, true)
}

/// SCRIPT LOAD script
pub fn script_load(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let body = args.get(2);
    let sha = ctx.server.scripting.load(body)?;
    // Unlike Redis, loaded scripts survive a restart.
    ctx.server
        .engine
        .put_lua_source(LuaStore::Script, sha.as_bytes(), body)?;
    Ok(Reply::bulk(sha.into_bytes()))
}

/// SCRIPT EXISTS sha1 [sha1 ...]
pub fn script_exists(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let scripting = &ctx.server.scripting;
    Ok(Reply::Array(
        (2..args.len())
            .map(|i| Reply::Int(scripting.exists(args.get(i)) as i64))
            .collect(),
    ))
}

/// SCRIPT FLUSH [ASYNC | SYNC]
pub fn script_flush(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.len() > 3 || (args.len() == 3 && !args.is(2, "async") && !args.is(2, "sync")) {
        return Err(CmdError::ScriptFlushOption);
    }
    ctx.server.scripting.flush();
    ctx.server
        .engine
        .replace_lua_sources(LuaStore::Script, &[])?;
    Ok(Reply::ok())
}

/// SCRIPT KILL
pub fn script_kill(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.server.scripting.run.kill()?;
    Ok(Reply::ok())
}

/// SCRIPT HELP
pub fn script_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::SCRIPT))
}
