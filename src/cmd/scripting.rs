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
    // As Redis: what cannot be a SHA1 is NOSCRIPT before numkeys is read.
    if args.get(1).len() != 40 {
        return Err(CmdError::NoScript);
    }
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
    let run = &ctx.server.scripting.run;
    if run.running_for_ms().is_some() && run.is_function() {
        return Err(CmdError::BusyFunction);
    }
    run.kill()?;
    Ok(Reply::ok())
}

/// SCRIPT DEBUG YES|SYNC|NO
///
/// Strata has no Lua debugger (redis-cli --ldb): only NO, the mode scripts always run in, is
/// accepted.
pub fn script_debug(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if ctx.deny_blocking {
        return Err(CmdError::ScriptDebugInPipeline);
    }
    if args.is(2, "no") {
        Ok(Reply::ok())
    } else if args.is(2, "yes") || args.is(2, "sync") {
        Err(CmdError::NotSupported(
            "ERR Strata has no Lua debugger: SCRIPT DEBUG YES and SYNC are not supported",
        ))
    } else {
        Err(CmdError::ScriptDebugMode)
    }
}

/// SCRIPT HELP
pub fn script_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::SCRIPT))
}

/// Persists the loaded libraries after a change, so they survive a restart like the data.
fn libraries_changed(
    ctx: &mut Ctx,
    functions: &crate::scripting::functions::Functions,
) -> Result<(), CmdError> {
    ctx.server.scripting.functions_changed(functions);
    ctx.server
        .engine
        .replace_lua_sources(LuaStore::Library, &functions.sources())?;
    Ok(())
}

fn fcall_any(ctx: &mut Ctx, args: &mut Args, ro: bool) -> Result<Reply, CmdError> {
    // As Redis: an unknown function is reported before numkeys is read.
    if !ctx.server.scripting.functions().has(args.get(1)) {
        return Err(CmdError::FunctionNotFound);
    }
    let (keys, argv) = keys_and_args(args)?;
    let command = args.iter().cloned().collect();
    let server = ctx.server;
    server.scripting.fcall(ctx, command, &keys, &argv, ro)
}

/// FCALL function numkeys [key [key ...]] [arg [arg ...]]
pub fn fcall(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    fcall_any(ctx, args, false)
}

/// FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]
pub fn fcall_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    fcall_any(ctx, args, true)
}

/// FUNCTION LOAD [REPLACE] function-code
pub fn function_load(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut replace = false;
    for i in 2..args.len() - 1 {
        if !args.is(i, "replace") {
            return Err(CmdError::UnknownOption(args.get(i).to_vec()));
        }
        replace = true;
    }
    let code = args.get(args.len() - 1);
    let scripting = &ctx.server.scripting;
    let mut functions = scripting.functions();
    let name = functions.load(code, replace)?;
    libraries_changed(ctx, &functions)?;
    Ok(Reply::bulk(name.into_bytes()))
}

/// FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
pub fn function_list(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut pattern, mut with_code) = (None, false);
    let mut i = 2;
    while i < args.len() {
        if args.is(i, "withcode") && !with_code {
            with_code = true;
        } else if args.is(i, "libraryname") && pattern.is_none() {
            i += 1;
            if i == args.len() {
                return Err(CmdError::LibraryNameArgMissing);
            }
            pattern = Some(args.get(i));
        } else {
            return Err(CmdError::UnknownArgument(args.get(i).to_vec()));
        }
        i += 1;
    }
    Ok(ctx.server.scripting.functions().list(pattern, with_code))
}

/// FUNCTION DELETE library-name
pub fn function_delete(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let name = String::from_utf8_lossy(args.get(2)).into_owned();
    let scripting = &ctx.server.scripting;
    let mut functions = scripting.functions();
    functions.delete(&name)?;
    libraries_changed(ctx, &functions)?;
    Ok(Reply::ok())
}

/// FUNCTION FLUSH [ASYNC | SYNC]
pub fn function_flush(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // Unlike SCRIPT FLUSH, an extra argument is a syntax error rather than a bad option.
    if args.len() > 3 {
        return Err(CmdError::SubcommandArity(
            String::from_utf8_lossy(args.get(1)).into_owned(),
            "FUNCTION",
        ));
    }
    if args.len() == 3 && !args.is(2, "async") && !args.is(2, "sync") {
        return Err(CmdError::FunctionFlushOption);
    }
    let scripting = &ctx.server.scripting;
    let mut functions = scripting.functions();
    functions.flush();
    libraries_changed(ctx, &functions)?;
    Ok(Reply::ok())
}

/// FUNCTION DUMP
pub fn function_dump(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Bulk(ctx.server.scripting.functions().dump()))
}

/// FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]
pub fn function_restore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    use crate::scripting::functions::RestorePolicy;
    let policy = match args.len() {
        3 => RestorePolicy::Append,
        4 if args.is(3, "append") => RestorePolicy::Append,
        4 if args.is(3, "replace") => RestorePolicy::Replace,
        4 if args.is(3, "flush") => RestorePolicy::Flush,
        4 => return Err(CmdError::RestorePolicy),
        _ => return Err(args.arity_error()),
    };
    let scripting = &ctx.server.scripting;
    let mut functions = scripting.functions();
    functions.restore(args.get(2), policy)?;
    libraries_changed(ctx, &functions)?;
    Ok(Reply::ok())
}

/// FUNCTION STATS
pub fn function_stats(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    no_eval_running(ctx)?;
    let text = |s: &str| Reply::bulk(Bytes::copy_from_slice(s.as_bytes()));
    let run = &ctx.server.scripting.run;
    let (libraries, functions) = run.function_counts();
    let running = match run.running_function() {
        Some(f) => Reply::Map(vec![
            (text("name"), text(&f.name)),
            (
                text("command"),
                Reply::Array(f.command.into_iter().map(Reply::Bulk).collect()),
            ),
            (text("duration_ms"), Reply::Int(f.ms as i64)),
        ]),
        None => Reply::Nil,
    };
    let lua = Reply::Map(vec![
        (text("libraries_count"), Reply::Int(libraries as i64)),
        (text("functions_count"), Reply::Int(functions as i64)),
    ]);
    Ok(Reply::Map(vec![
        (text("running_script"), running),
        (text("engines"), Reply::Map(vec![(text("LUA"), lua)])),
    ]))
}

/// Refuses FUNCTION KILL and FUNCTION STATS while an EVAL script runs, as Redis does.
fn no_eval_running(ctx: &Ctx) -> Result<(), CmdError> {
    let run = &ctx.server.scripting.run;
    if run.running_for_ms().is_some() && !run.is_function() {
        return Err(CmdError::BusyScript);
    }
    Ok(())
}

/// FUNCTION KILL
pub fn function_kill(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    no_eval_running(ctx)?;
    ctx.server.scripting.run.kill()?;
    Ok(Reply::ok())
}

/// FUNCTION HELP
pub fn function_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::FUNCTION))
}
