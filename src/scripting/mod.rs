//! Lua scripting: one sandboxed Lua 5.1 VM for EVAL/EVALSHA and its script cache, with the
//! libraries Redis scripts rely on (`cjson`, `bit`, `cmsgpack`, `struct`).
//!
//! A script runs inside an EXCLUSIVE command (the whole server to itself, design §3) with a
//! transaction batch: every `redis.call` goes through [`crate::cmd::run_queued`], the same path
//! EXEC uses, so it reads the script's earlier writes and the batch is committed once when the
//! command returns. As in Redis there is no rollback: a script that fails after writing keeps
//! its writes, and only a failed command itself leaves nothing behind.
//!
//! The VM lives behind a mutex; the only state touched from outside while a script runs is
//! [`RunState`] (atomics), which is what BUSY replies and SCRIPT KILL look at.
//!
//! Errors follow Redis 7.0's format: a raised error becomes `<message> script: <sha>, on
//! @user_script:<line>.`, where the line is that of the innermost Lua code on the stack.

mod bit;
mod cjson;
mod cmsgpack;
mod convert;
pub mod functions;
mod structlib;

use crate::cmd::{self, Args, CmdError, Ctx};
use crate::resp::encode::format_double_g17;
use crate::resp::Reply;
use bytes::Bytes;
use mlua::{
    chunk::ChunkMode, Function, HookTriggers, Lua, LuaOptions, StdLib, Table, Value, VmState,
};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// Chunk name of EVAL scripts: Lua's messages then read `user_script:<line>: ...`, as Redis'.
const SCRIPT_SOURCE: &str = "@user_script";
/// Chunk name of function libraries (`user_function:<line>: ...`).
const FUNCTION_SOURCE: &str = "@user_function";
/// Chunk name of the sandbox's own Lua code.
const SANDBOX_SOURCE: &str = "=strata_sandbox";
/// Lua memory a VM may use; past it an allocation fails with a script error, not an abort.
const VM_MEMORY_LIMIT: usize = 256 << 20;
/// How often (in VM instructions) a running script checks for SCRIPT KILL.
const KILL_CHECK_INSTRUCTIONS: u32 = 10_000;
/// How long a script runs before its worker's other clients move to another thread.
const HAND_OFF_AFTER: std::time::Duration = std::time::Duration::from_millis(10);
/// How long one hand-off attempt waits for another thread to take the scheduler over (see
/// [`RunState::hand_off_if_long`]).
const HAND_OFF_WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// Longest SCRIPT KILL waits for the script to notice (it checks every
/// [`KILL_CHECK_INSTRUCTIONS`]).
const KILL_WAIT: std::time::Duration = std::time::Duration::from_secs(1);
const SANDBOX: &str = include_str!("sandbox.lua");
/// `redis.REDIS_VERSION_NUM`: 0x00MMmmpp of the version Strata reports.
const REDIS_VERSION_NUM: i64 = 0x00_07_00_0f;

/// What the rest of the server may see of a running script (BUSY, SCRIPT KILL, FUNCTION
/// STATS), without the VM's lock.
#[derive(Default)]
pub struct RunState {
    running: AtomicBool,
    started_ms: AtomicU64,
    wrote: AtomicBool,
    kill: AtomicBool,
    /// The running function's name and command line (FUNCTION STATS); `None` for EVAL.
    function: Mutex<Option<(String, Vec<Bytes>)>>,
    /// Loaded libraries and functions, kept here so FUNCTION STATS answers during a run.
    counts: Mutex<(usize, usize)>,
    /// Whether this run already moved its worker's other clients away.
    handed_off: AtomicBool,
}

impl RunState {
    /// Milliseconds the current script has run, if one runs.
    pub fn running_for_ms(&self) -> Option<u64> {
        if !self.running.load(Ordering::Acquire) {
            return None;
        }
        Some(cmd::unix_ms().saturating_sub(self.started_ms.load(Ordering::Acquire)))
    }

    /// FUNCTION STATS: the running function, if one runs.
    pub fn running_function(&self) -> Option<RunningFunction> {
        let ms = self.running_for_ms()?;
        let f = self.function.lock();
        f.as_ref().map(|(name, command)| RunningFunction {
            name: name.clone(),
            command: command.clone(),
            ms,
        })
    }

    /// FUNCTION STATS: the number of libraries and of functions.
    pub fn function_counts(&self) -> (usize, usize) {
        *self.counts.lock()
    }

    /// Marks a script (or function, with its name and command) as running until the guard drops.
    fn start(self: &Arc<Self>, function: Option<(String, Vec<Bytes>)>) -> Running<'_> {
        self.handed_off.store(false, Ordering::Relaxed);
        self.wrote.store(false, Ordering::Release);
        self.kill.store(false, Ordering::Release);
        *self.function.lock() = function;
        self.started_ms.store(cmd::unix_ms(), Ordering::Release);
        self.running.store(true, Ordering::Release);
        Running(self)
    }

    /// A script runs on a tokio worker thread and keeps it: with one network thread (or when
    /// that worker was the one watching the sockets) nobody else would serve BUSY replies or
    /// SCRIPT KILL. Called from the instruction hook: past [`HAND_OFF_AFTER`], the worker's
    /// scheduler moves to another thread (`block_in_place`) for the rest of the run.
    ///
    /// tokio takes the scheduler back when `block_in_place` returns if the new thread has not
    /// taken it over yet (a busy machine may not run that thread for a while), so the hand-off
    /// waits until a task spawned meanwhile has run elsewhere, and is tried again at the next
    /// check if that did not happen within [`HAND_OFF_WAIT`].
    fn hand_off_if_long(&self) {
        if self.handed_off.load(Ordering::Relaxed)
            || self
                .running_for_ms()
                .is_none_or(|ms| ms < HAND_OFF_AFTER.as_millis() as u64)
        {
            return;
        }
        let handle = match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => h,
            _ => {
                self.handed_off.store(true, Ordering::Relaxed);
                return;
            }
        };
        let taken = Arc::new(AtomicBool::new(false));
        let handed_off = tokio::task::block_in_place(|| {
            let flag = taken.clone();
            handle.spawn(async move { flag.store(true, Ordering::Release) });
            wait_until(HAND_OFF_WAIT, || taken.load(Ordering::Acquire))
        });
        self.handed_off.store(handed_off, Ordering::Relaxed);
    }

    /// The BUSY error for other clients while the current script runs past the threshold.
    pub fn busy_error(&self) -> CmdError {
        if self.function.lock().is_some() {
            CmdError::BusyFunction
        } else {
            CmdError::BusyScript
        }
    }

    /// Whether what runs now is a function (FCALL) rather than an EVAL script.
    pub fn is_function(&self) -> bool {
        self.function.lock().is_some()
    }

    /// SCRIPT KILL / FUNCTION KILL: stops a running script that has not written.
    pub fn kill(&self) -> Result<(), CmdError> {
        if !self.running.load(Ordering::Acquire) {
            return Err(CmdError::NotBusy);
        }
        if self.wrote.load(Ordering::Acquire) {
            return Err(CmdError::Unkillable);
        }
        self.kill.store(true, Ordering::Release);
        // Answer once the script has stopped, as Redis does (it runs SCRIPT KILL from inside the
        // script's own loop): the killer's next command must not find it still BUSY.
        wait_until(KILL_WAIT, || !self.running.load(Ordering::Acquire));
        Ok(())
    }

    /// Whether a script or function runs now (cheaper than [`RunState::running_for_ms`]).
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }
}

/// Polls `done` (blocking this thread) until it holds or `limit` has passed; whether it held.
fn wait_until(limit: std::time::Duration, done: impl Fn() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while !done() {
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    true
}

/// A function being run, as FUNCTION STATS shows it.
pub struct RunningFunction {
    pub name: String,
    pub command: Vec<Bytes>,
    pub ms: u64,
}

/// Clears the running mark, however the run ends.
struct Running<'a>(&'a RunState);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Release);
        *self.0.function.lock() = None;
    }
}

/// `math.random` and `math.randomseed` as Redis replaces them: its `redisLrand48` (the 48-bit
/// linear congruential generator of POSIX `lrand48`) instead of C's `rand()`, with one state
/// for the whole server that starts where lrand48 starts, so after `math.randomseed(n)` a
/// script draws the numbers it draws on Redis.
mod lrand48 {
    use super::{runtime_error, type_name};
    use mlua::{Lua, Value, Variadic};
    use parking_lot::Mutex;

    const MASK: u64 = (1 << 48) - 1;
    const MAX: i64 = i32::MAX as i64;
    static STATE: Mutex<u64> = Mutex::new(0x1234_ABCD_330E);

    /// The next value, in `0..2^31`.
    fn next() -> i64 {
        let mut x = STATE.lock();
        *x = 0x5_DEEC_E66D_u64.wrapping_mul(*x).wrapping_add(0xB) & MASK;
        (*x >> 17) as i64
    }

    /// Argument `i` (0-based) as `luaL_checkint` reads it: Lua's number coercion, truncated
    /// to a C int.
    fn check_int(lua: &Lua, args: &Variadic<Value>, i: usize, f: &str) -> mlua::Result<i64> {
        let n = match args.get(i) {
            Some(v) => lua.coerce_number(v.clone())?,
            None => None,
        };
        let n = n.ok_or_else(|| {
            let got = type_name(args.get(i));
            runtime_error(
                lua,
                &format!(
                    "bad argument #{} to '{f}' (number expected, got {got})",
                    i + 1
                ),
            )
        })?;
        Ok(i64::from(n as i64 as i32))
    }

    pub fn random(lua: &Lua, args: Variadic<Value>) -> mlua::Result<f64> {
        let r = (next() % MAX) as f64 / MAX as f64;
        let (low, high) = match args.len() {
            0 => return Ok(r),
            1 => (1, check_int(lua, &args, 0, "random")?),
            2 => (
                check_int(lua, &args, 0, "random")?,
                check_int(lua, &args, 1, "random")?,
            ),
            _ => return Err(runtime_error(lua, "wrong number of arguments")),
        };
        if low > high {
            let n = args.len();
            return Err(runtime_error(
                lua,
                &format!("bad argument #{n} to 'random' (interval is empty)"),
            ));
        }
        Ok((r * (high - low + 1) as f64).floor() + low as f64)
    }

    pub fn randomseed(lua: &Lua, args: Variadic<Value>) -> mlua::Result<()> {
        let seed = check_int(lua, &args, 0, "randomseed")? as i32;
        *STATE.lock() = (u64::from(seed as u32) << 16) | 0x330E;
        Ok(())
    }
}

/// Per-run values the API functions read through the VM's app data.
struct RunLocal {
    /// Protocol of `redis.call` replies and of the script's reply (`redis.setresp`).
    resp: u8,
}

/// The scripting subsystem of a server.
pub struct Scripting {
    vm: Mutex<Vm>,
    functions: Mutex<functions::Functions>,
    pub run: Arc<RunState>,
}

struct Vm {
    lua: Lua,
    /// The real globals (KEYS and ARGV are set there before each run).
    env: Table,
    /// The read-only view of the globals that user chunks run in.
    view: Table,
    /// The real `redis` table (scripts see a read-only view), where each run sets its
    /// `call` and `pcall`.
    redis: Table,
    xpcall: Function,
    /// Of the functions VM: the library API table (where FUNCTION LOAD puts
    /// `register_function`) and `loading(on)`, which shows the library code only that API.
    library: Option<(Table, Function)>,
    /// `bind(f, ...)`: `f` with its arguments, as a function of none (for xpcall).
    bind: Function,
    /// Message handler: turns any raised value into `{err=..., source=..., line=...}`.
    on_error: Function,
    /// Compiled scripts by lowercase SHA1 hex, with their bodies.
    scripts: HashMap<String, (Bytes, Function)>,
}

/// Lowercase hex SHA1 of `body`: a script's name.
pub fn sha1_hex(body: &[u8]) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(body);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The error `redis.call` raises for a failed command: its text is the reply's, code included.
#[derive(Debug)]
struct CallError(CallFailure);

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0.text)
    }
}

impl std::error::Error for CallError {}

/// An error of the `redis` API (wrong arguments to redis.log, ...): raised, as Redis does, as an
/// error reply with the ERR code.
#[derive(Debug)]
struct ApiError(&'static str);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ApiError {}

fn api_error(msg: &'static str) -> mlua::Error {
    mlua::Error::external(ApiError(msg))
}

/// The largest key and the key count of `t` if every key is a positive integer (cjson and
/// cmsgpack decide from them whether a table is an array), `None` otherwise.
pub(crate) fn positive_int_keys(t: &mlua::Table) -> mlua::Result<Option<(f64, usize)>> {
    let (mut max, mut count) = (0f64, 0usize);
    for pair in t.pairs::<mlua::Value, mlua::Value>() {
        let (k, _) = pair?;
        let n = match k {
            mlua::Value::Integer(n) => n as f64,
            mlua::Value::Number(n) => n,
            _ => return Ok(None),
        };
        if n < 1.0 || n.fract() != 0.0 {
            return Ok(None);
        }
        max = max.max(n);
        count += 1;
    }
    Ok(Some((max, count)))
}

/// The name Lua's argument errors give a value ("no value" for a missing argument).
pub(crate) fn type_name(v: Option<&mlua::Value>) -> &'static str {
    match v {
        None => "no value",
        Some(mlua::Value::Nil) => "nil",
        Some(mlua::Value::Boolean(_)) => "boolean",
        Some(mlua::Value::String(_)) => "string",
        Some(mlua::Value::Number(_) | mlua::Value::Integer(_)) => "number",
        Some(mlua::Value::Table(_)) => "table",
        Some(mlua::Value::Function(_)) => "function",
        _ => "userdata",
    }
}

/// A Lua-style error raised by a library function: the message after the position of the
/// calling Lua code (`user_script:3: ...`), as `luaL_error` words it.
pub(crate) fn runtime_error(lua: &Lua, msg: &str) -> mlua::Error {
    let at = lua
        .inspect_stack(1, |d| {
            let line = d.current_line()?;
            let src = d.source().short_src?.into_owned();
            Some(format!("{src}:{line}: "))
        })
        .flatten()
        .unwrap_or_default();
    mlua::Error::RuntimeError(format!("{at}{msg}"))
}

/// The message of an error raised through Rust, and whether it is already an error reply
/// (with its code): a failed command's reply and the API's errors are; Lua-style errors
/// (cjson, bit, the VM) are plain messages.
fn error_text(e: &mlua::Error) -> (String, bool) {
    match e {
        mlua::Error::CallbackError { cause, .. } | mlua::Error::WithContext { cause, .. } => {
            error_text(cause)
        }
        mlua::Error::ExternalError(x) => {
            if let Some(CallError(failure)) = x.downcast_ref::<CallError>() {
                (failure.text.clone(), true)
            } else if let Some(ApiError(m)) = x.downcast_ref::<ApiError>() {
                (format!("ERR {m}"), true)
            } else {
                (x.to_string(), false)
            }
        }
        other => (root_message(other), false),
    }
}

/// What Redis raises where Strata raised `e` through Rust, as a handler or a resumer sees it:
/// the API's errors are `{err=...}` tables (a command's marked as counted, as redis.pcall's
/// are), Lua-style errors their message.
fn raised_value(lua: &Lua, e: &mlua::Error) -> mlua::Result<Value> {
    let (text, reply) = error_text(e);
    if !reply {
        return Ok(Value::String(lua.create_string(text)?));
    }
    let t = lua.create_table_with_capacity(0, 2)?;
    t.raw_set("err", text)?;
    if failed_command(e) {
        t.raw_set("ignore_error_stats_update", true)?;
    }
    Ok(Value::Table(t))
}

/// Whether `e` is the failure of a command a script called.
fn failed_command(e: &mlua::Error) -> bool {
    match e {
        mlua::Error::CallbackError { cause, .. } | mlua::Error::WithContext { cause, .. } => {
            failed_command(cause)
        }
        mlua::Error::ExternalError(x) => x
            .downcast_ref::<CallError>()
            .is_some_and(|CallError(f)| f.of_command),
        _ => false,
    }
}

/// The innermost message of an error raised through Rust callbacks.
fn root_message(e: &mlua::Error) -> String {
    match e {
        mlua::Error::CallbackError { cause, .. } => root_message(cause),
        mlua::Error::RuntimeError(m) => m.clone(),
        mlua::Error::MemoryError(_) => "not enough memory".to_string(),
        mlua::Error::WithContext { cause, .. } => root_message(cause),
        other => other.to_string(),
    }
}

fn lua_error(e: mlua::Error) -> CmdError {
    CmdError::ScriptRuntime(root_message(&e))
}

impl Vm {
    /// A VM for EVAL scripts or (`functions`) for FUNCTION libraries.
    fn new(run: Arc<RunState>, functions: bool) -> mlua::Result<Vm> {
        let lua = Lua::new_with(
            StdLib::TABLE | StdLib::STRING | StdLib::MATH,
            LuaOptions::default(),
        )?;
        lua.set_memory_limit(VM_MEMORY_LIMIT)?;
        lua.set_app_data(RunLocal { resp: 2 });
        let env = lua.globals();
        let internal = lua.create_table()?;
        internal.set(
            "sha1hex",
            lua.create_function(|_, args: mlua::Variadic<Value>| {
                let [v] = &args[..] else {
                    return Err(api_error("wrong number of arguments"));
                };
                let bytes = match v {
                    Value::String(s) => s.as_bytes().to_vec(),
                    Value::Integer(n) => n.to_string().into_bytes(),
                    Value::Number(n) => n.to_string().into_bytes(),
                    _ => Vec::new(),
                };
                Ok(sha1_hex(&bytes))
            })?,
        )?;
        internal.set(
            "log",
            lua.create_function(|lua, args: mlua::Variadic<Value>| {
                if args.len() < 2 {
                    return Err(api_error("redis.log() requires two arguments or more."));
                }
                let level = match args[0] {
                    Value::Integer(0) => crate::log::Level::Debug,
                    Value::Integer(1) => crate::log::Level::Verbose,
                    Value::Integer(2) => crate::log::Level::Notice,
                    Value::Integer(3) => crate::log::Level::Warning,
                    _ => return Err(api_error("Invalid debug level.")),
                };
                let mut parts = Vec::with_capacity(args.len() - 1);
                for v in args.iter().skip(1) {
                    if let Some(s) = lua.coerce_string(v.clone())? {
                        parts.push(s.to_string_lossy());
                    }
                }
                crate::log::emit(level, parts.join(" "));
                Ok(())
            })?,
        )?;
        internal.set(
            "caught",
            lua.create_function(|lua, mut results: mlua::Variadic<Value>| {
                if let (Some(Value::Boolean(false)), Some(caught)) =
                    (results.first(), results.get(1))
                {
                    // Redis hands a caught error reply to the script as its text.
                    let text = match caught {
                        Value::Error(e) => Some(Value::String(lua.create_string(error_text(e).0)?)),
                        Value::Table(t) => match t.get::<Value>("err")? {
                            // A number passes as Lua's lua_isstring does: kept as a number.
                            v @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) => {
                                Some(v)
                            }
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(text) = text {
                        results[1] = text;
                    }
                }
                Ok(results)
            })?,
        )?;
        internal.set(
            "raised",
            lua.create_function(|lua, v: Value| match &v {
                Value::Error(e) => raised_value(lua, e),
                _ => Ok(v),
            })?,
        )?;
        internal.set(
            "setresp",
            lua.create_function(|lua, args: mlua::Variadic<Value>| {
                let [v] = &args[..] else {
                    return Err(api_error("redis.setresp() requires one argument."));
                };
                // Lua's own number coercion, as Redis reads the argument: "3" and "0x3" are 3.
                let resp = lua.coerce_number(v.clone())?.unwrap_or(0.0);
                if resp != 2.0 && resp != 3.0 {
                    return Err(api_error("RESP version must be 2 or 3."));
                }
                if let Some(mut local) = lua.app_data_mut::<RunLocal>() {
                    local.resp = resp as u8;
                }
                Ok(())
            })?,
        )?;
        internal.set(
            "set_repl",
            lua.create_function(|_, args: mlua::Variadic<Value>| {
                let [v] = &args[..] else {
                    return Err(api_error("redis.set_repl() requires one argument."));
                };
                let flags = match v {
                    Value::Integer(n) => *n,
                    Value::Number(n) => *n as i64,
                    _ => -1,
                };
                if !(0..=3).contains(&flags) {
                    return Err(api_error("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."));
                }
                Ok(())
            })?,
        )?;
        internal.set(
            "acl_check_cmd",
            lua.create_function(|_, args: mlua::Variadic<Value>| {
                // Strata has one user, allowed everything: any real command passes.
                let known = match args.first() {
                    None => {
                        return Err(api_error(
                            "Please specify at least one argument for this redis lib call",
                        ))
                    }
                    Some(Value::String(name)) => cmd::table::lookup(&name.as_bytes()).is_some(),
                    Some(_) => false,
                };
                if !known {
                    return Err(api_error("Invalid command passed to redis.acl_check_cmd()"));
                }
                Ok(true)
            })?,
        )?;
        let math: Table = env.get("math")?;
        math.set("random", lua.create_function(lrand48::random)?)?;
        math.set("randomseed", lua.create_function(lrand48::randomseed)?)?;
        internal.set("version", crate::cmd::connection::REDIS_VERSION)?;
        internal.set("version_num", REDIS_VERSION_NUM)?;
        env.set("cjson", cjson::library(&lua)?)?;
        env.set("bit", bit::library(&lua)?)?;
        env.set("cmsgpack", cmsgpack::library(&lua)?)?;
        env.set("struct", structlib::library(&lua)?)?;
        let xpcall: Function = env.get("xpcall")?;
        let view: Table = lua.load(SANDBOX).set_name(SANDBOX_SOURCE).call((
            env.clone(),
            internal.clone(),
            functions,
        ))?;
        let redis: Table = internal.get("redis")?;
        let library = if functions {
            Some((internal.get("library_api")?, internal.get("loading")?))
        } else {
            None
        };
        let bind: Function = internal.get("bind")?;
        let on_error = lua.create_function(|lua, err: Value| {
            let msg = match &err {
                Value::Table(t) => match t.get::<Value>("err")? {
                    Value::Nil => "ERR unknown error".to_string(),
                    v => lua
                        .coerce_string(v)?
                        .map(|s| s.to_string_lossy())
                        .unwrap_or_else(|| "ERR unknown error".to_string()),
                },
                Value::Error(e) => match error_text(e) {
                    (m, true) => m,
                    (m, false) => format!("ERR {m}"),
                },
                Value::String(s) => format!("ERR {}", s.to_string_lossy()),
                Value::Nil => "ERR nil".to_string(),
                other => format!("ERR {}", other.to_string()?),
            };
            let out = lua.create_table()?;
            out.set("err", msg)?;
            // The innermost Lua frame, as Redis names it (a chunk from loadstring too): the
            // sandbox's own frames, C functions (error, redis.call) and lost tail calls are
            // skipped.
            for level in 1..64 {
                let Some(found) = lua.inspect_stack(level, |d| {
                    let src = d.source();
                    let user = !matches!(src.what, "C" | "tail")
                        && src.source.as_deref().is_some_and(|s| s != SANDBOX_SOURCE);
                    user.then(|| {
                        (
                            src.source.unwrap_or_default().into_owned(),
                            d.current_line(),
                        )
                    })
                }) else {
                    break;
                };
                if let Some((source, line)) = found {
                    out.set("source", source)?;
                    out.set("line", line.map_or(-1, |l| l as i64))?;
                    break;
                }
            }
            Ok(out)
        })?;
        if !functions {
            // Redis' EVAL VM has its message handler as a global; scripts can see it in _G.
            env.raw_set("__redis__err__handler", on_error.clone())?;
        }
        let hook_run = run.clone();
        lua.set_hook(
            HookTriggers::new().every_nth_instruction(KILL_CHECK_INSTRUCTIONS),
            move |_, _| {
                if hook_run.kill.load(Ordering::Acquire) {
                    return Err(api_error("Script killed by user with SCRIPT KILL..."));
                }
                hook_run.hand_off_if_long();
                Ok(VmState::Continue)
            },
        )?;
        Ok(Vm {
            lua,
            env,
            view,
            redis,
            xpcall,
            library,
            bind,
            on_error,
            scripts: HashMap::new(),
        })
    }

    /// Compiles user code in the sandbox; the error is Lua's message.
    fn compile(&self, body: &[u8], source: &str) -> Result<Function, String> {
        self.lua
            .load(body)
            .set_name(source)
            .set_mode(ChunkMode::Text)
            .set_environment(self.view.clone())
            .into_function()
            .map_err(|e| match &e {
                mlua::Error::SyntaxError { message, .. } => message.clone(),
                other => root_message(other),
            })
    }

    /// Compiles and caches a script; returns its SHA1.
    fn load(&mut self, body: &[u8]) -> Result<String, CmdError> {
        let sha = sha1_hex(body);
        if !self.scripts.contains_key(&sha) {
            let f = self
                .compile(&script_code(body), SCRIPT_SOURCE)
                .map_err(CmdError::ScriptCompile)?;
            self.scripts
                .insert(sha.clone(), (Bytes::copy_from_slice(body), f));
        }
        Ok(sha)
    }

    /// A Lua array of strings (KEYS, ARGV).
    fn strings(&self, items: &[Bytes]) -> Result<Table, CmdError> {
        let build = || -> mlua::Result<Table> {
            let t = self.lua.create_table_with_capacity(items.len(), 0)?;
            for (i, b) in items.iter().enumerate() {
                t.raw_set(i + 1, self.lua.create_string(b)?)?;
            }
            Ok(t)
        };
        build().map_err(lua_error)
    }

    /// Sets KEYS and ARGV, the way a script sees its arguments.
    fn set_args(&self, keys: &[Bytes], argv: &[Bytes]) -> Result<(), CmdError> {
        self.env
            .raw_set("KEYS", self.strings(keys)?)
            .map_err(lua_error)?;
        self.env
            .raw_set("ARGV", self.strings(argv)?)
            .map_err(lua_error)
    }

    /// Runs `f` with `redis.call` dispatching into `ctx`; returns the script's reply.
    fn call(
        &self,
        ctx: &mut Ctx,
        run: &RunState,
        f: &Function,
        name: &str,
        readonly: bool,
        args: Vec<Value>,
    ) -> Result<Reply, CmdError> {
        if let Some(mut local) = self.lua.app_data_mut::<RunLocal>() {
            local.resp = 2;
        }
        let saved_db = ctx.client.db;
        let saved_deny = ctx.deny_blocking;
        ctx.deny_blocking = true;
        // call and pcall both dispatch into the one context.
        let result = {
            let cell = std::cell::RefCell::new(&mut *ctx);
            let ctx_cell = &cell;
            self.lua.scope(|scope| {
                let call = scope.create_function(|lua, args: mlua::Variadic<Value>| {
                    let mut ctx = ctx_cell.try_borrow_mut().map_err(mlua::Error::external)?;
                    match dispatch(&mut ctx, run, lua, args, readonly)? {
                        Ok(v) => Ok(v),
                        Err(e) => Err(mlua::Error::external(CallError(e))),
                    }
                })?;
                let pcall = scope.create_function(|lua, args: mlua::Variadic<Value>| {
                    let mut ctx = ctx_cell.try_borrow_mut().map_err(mlua::Error::external)?;
                    match dispatch(&mut ctx, run, lua, args, readonly)? {
                        Ok(v) => Ok(v),
                        Err(e) => {
                            let t = lua.create_table_with_capacity(0, 2)?;
                            t.raw_set("err", e.text)?;
                            if e.of_command {
                                t.raw_set("ignore_error_stats_update", true)?;
                            }
                            Ok(Value::Table(t))
                        }
                    }
                })?;
                self.redis.raw_set("call", call)?;
                self.redis.raw_set("pcall", pcall)?;
                let f = if args.is_empty() {
                    f.clone()
                } else {
                    let mut bound = vec![Value::Function(f.clone())];
                    bound.extend(args);
                    self.bind.call(mlua::Variadic::from_iter(bound))?
                };
                let out: (bool, Value) = self.xpcall.call((f, &self.on_error))?;
                self.redis.raw_set("call", Value::Nil)?;
                self.redis.raw_set("pcall", Value::Nil)?;
                let resp = self.lua.app_data_ref::<RunLocal>().map_or(2, |l| l.resp);
                Ok(match out {
                    (true, v) => convert::from_lua(&v, resp),
                    (false, Value::Table(t)) => raised(&t, name).reply(),
                    // Lua raises out-of-memory without calling the handler.
                    (false, Value::String(m)) => {
                        CmdError::ScriptRuntime(m.to_string_lossy()).reply()
                    }
                    (false, Value::Error(e)) => CmdError::ScriptRuntime(root_message(&e)).reply(),
                    (false, _) => CmdError::ScriptRuntime("unknown error".into()).reply(),
                })
            })
        };
        ctx.deny_blocking = saved_deny;
        // A SELECT inside the script does not change the caller's database.
        if ctx.client.db != saved_db {
            ctx.client.db = saved_db;
            ctx.client.info.db.store(saved_db, Ordering::Relaxed);
            ctx.db = ctx.server.engine.physical_db(saved_db);
        }
        // What a command asked of the connection does not outlive the script.
        ctx.after = cmd::After::Nothing;
        result.map_err(lua_error)
    }
}

/// The body as Lua compiles it: a `#!` first line (Redis 7 script flags) becomes a comment, so
/// line numbers stay those of the body.
fn script_code(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if body.starts_with(b"#!") {
        let mut code = body.to_vec();
        code[..2].copy_from_slice(b"--");
        code.into()
    } else {
        body.into()
    }
}

/// What a script's `#!lua flags=a,b` line declares: `None` without one, else whether it
/// declares no-writes (a script with the line and without that flag counts as writing).
fn shebang_no_writes(body: &[u8]) -> Result<Option<bool>, CmdError> {
    if !body.starts_with(b"#!") {
        return Ok(None);
    }
    // The line must end: "#!lua" alone is no shebang Redis accepts.
    let Some(end) = body.iter().position(|&b| b == b'\n') else {
        return Err(CmdError::InvalidShebang);
    };
    let line = String::from_utf8_lossy(&body[2..end]);
    let mut parts = line.split(' ').filter(|p| !p.is_empty());
    let engine = parts.next().unwrap_or_default();
    if engine != "lua" {
        return Err(CmdError::ShebangEngine(format!("#!{engine}")));
    }
    let mut no_writes = false;
    for p in parts {
        let Some(flags) = p.strip_prefix("flags=") else {
            return Err(CmdError::ShebangOption(p.to_string()));
        };
        for flag in flags.split(',').filter(|f| !f.is_empty()) {
            match flag {
                "no-writes" => no_writes = true,
                "allow-oom" | "allow-stale" | "no-cluster" | "allow-cross-slot-keys" => {}
                other => return Err(CmdError::ShebangFlag(other.to_string())),
            }
        }
    }
    Ok(Some(no_writes))
}

/// The error a script raised, as the message handler described it.
fn raised(t: &Table, name: &str) -> CmdError {
    let at = match (t.get::<String>("source"), t.get::<i64>("line")) {
        (Ok(source), Ok(line)) => Some((source, line)),
        _ => None,
    };
    CmdError::ScriptRaised(t.get("err").unwrap_or_default(), name.to_string(), at)
}

#[derive(Debug)]
/// Why a `redis.call` failed: the error reply's text, and whether the arguments made a command
/// at all (Redis marks the errors of those with `ignore_error_stats_update`, as it counted them
/// when the command was refused or failed).
struct CallFailure {
    text: String,
    of_command: bool,
}

/// One `redis.call` / `redis.pcall`: the reply as a Lua value, or why it failed.
fn dispatch(
    ctx: &mut Ctx,
    run: &RunState,
    lua: &Lua,
    args: mlua::Variadic<Value>,
    readonly: bool,
) -> mlua::Result<Result<Value, CallFailure>> {
    let failure = |e: CmdError, of_command| {
        Ok(Err(CallFailure {
            text: e.message().into_owned(),
            of_command,
        }))
    };
    let fail = |e: CmdError| failure(e, true);
    if args.is_empty() {
        return failure(CmdError::ScriptNoArgs, false);
    }
    let mut argv = Vec::with_capacity(args.len());
    for a in args.iter() {
        argv.push(match a {
            Value::String(s) => Bytes::copy_from_slice(&s.as_bytes()),
            // Redis 7.0 prints numbers with %.17g (Lua's own %.14g loses precision).
            Value::Integer(n) => Bytes::from(format_double_g17(*n as f64)),
            Value::Number(n) => Bytes::from(format_double_g17(*n)),
            _ => return failure(CmdError::ScriptBadArg, false),
        });
    }
    let mut args = Args::new(argv);
    let def = match cmd::resolve(&args) {
        Ok(def) => def,
        Err(CmdError::UnknownCommand(..) | CmdError::UnknownSubcommand(..)) => {
            return fail(CmdError::ScriptUnknownCommand)
        }
        Err(CmdError::WrongArity(_)) => return fail(CmdError::ScriptWrongArity),
        Err(e) => return fail(e),
    };
    if def.has_flag("noscript") {
        return fail(CmdError::ScriptNotAllowed);
    }
    let write = def.has_flag("write");
    if write && readonly {
        return fail(CmdError::ScriptWriteReadonly);
    }
    // Commands shape their replies for the script's protocol (redis.setresp), not the caller's.
    let resp = lua.app_data_ref::<RunLocal>().map_or(2, |l| l.resp);
    let caller_resp3 = std::mem::replace(&mut ctx.client.resp3, resp == 3);
    let reply = cmd::run_queued(ctx, def, &mut args);
    ctx.client.resp3 = caller_resp3;
    if write {
        run.wrote.store(true, Ordering::Release);
    }
    match reply {
        Reply::Error(e) => Ok(Err(CallFailure {
            text: e.into_owned(),
            of_command: true,
        })),
        other => Ok(Ok(convert::to_lua(lua, other, resp)?)),
    }
}

impl Scripting {
    /// A fresh VM holding the scripts kept from earlier runs (SCRIPT LOAD persists them).
    pub fn open(engine: &strata_storage::Engine) -> Result<Scripting, String> {
        let run = Arc::new(RunState::default());
        let mut vm = Vm::new(run.clone(), false).map_err(|e| format!("can't start Lua: {e}"))?;
        let stored = engine
            .lua_sources(strata_storage::LuaStore::Script)
            .map_err(|e| e.to_string())?;
        for (_, body) in stored {
            // A body that no longer compiles is simply not cached: EVALSHA says NOSCRIPT.
            let _ = vm.load(&body);
        }
        let mut functions =
            functions::Functions::new(run.clone()).map_err(|e| format!("can't start Lua: {e}"))?;
        let libraries = engine
            .lua_sources(strata_storage::LuaStore::Library)
            .map_err(|e| e.to_string())?;
        for (_, code) in libraries {
            // Kept code loaded before; a library that no longer loads is left out.
            let _ = functions.load(&code, true);
        }
        *run.counts.lock() = functions.counts();
        Ok(Scripting {
            vm: Mutex::new(vm),
            functions: Mutex::new(functions),
            run,
        })
    }

    /// Compiles and caches a script (SCRIPT LOAD, EVAL); returns its SHA1.
    pub fn load(&self, body: &[u8]) -> Result<String, CmdError> {
        shebang_no_writes(body)?;
        self.vm.lock().load(body)
    }

    /// Whether a script with this SHA1 is cached.
    pub fn exists(&self, sha: &[u8]) -> bool {
        let sha = String::from_utf8_lossy(sha).to_ascii_lowercase();
        self.vm.lock().scripts.contains_key(&sha)
    }

    /// Drops every cached script (SCRIPT FLUSH).
    pub fn flush(&self) {
        self.vm.lock().scripts.clear();
    }

    /// Runs a cached script; NOSCRIPT if there is none with this SHA1.
    pub fn run(
        &self,
        ctx: &mut Ctx,
        sha: &[u8],
        keys: &[Bytes],
        argv: &[Bytes],
        readonly: bool,
    ) -> Result<Reply, CmdError> {
        let sha = String::from_utf8_lossy(sha).to_ascii_lowercase();
        let vm = self.vm.lock();
        let Some((body, f)) = vm.scripts.get(&sha) else {
            return Err(CmdError::NoScript);
        };
        let readonly = match shebang_no_writes(body)? {
            // EVAL_RO of a script whose shebang does not declare no-writes.
            Some(false) if readonly => return Err(CmdError::FunctionWriteInRo),
            Some(no_writes) => readonly || no_writes,
            None => readonly,
        };
        vm.set_args(keys, argv)?;
        let _running = self.run.start(None);
        vm.call(ctx, &self.run, f, &sha, readonly, Vec::new())
    }

    /// The function libraries (FUNCTION LOAD, LIST, ...); FCALL goes through [`Scripting::fcall`].
    pub fn functions(&self) -> parking_lot::MutexGuard<'_, functions::Functions> {
        self.functions.lock()
    }

    /// Publishes the library and function counts after a change (FUNCTION STATS reads them).
    pub fn functions_changed(&self, f: &functions::Functions) {
        *self.run.counts.lock() = f.counts();
    }

    /// FCALL / FCALL_RO: `command` is the full command line, for FUNCTION STATS.
    pub fn fcall(
        &self,
        ctx: &mut Ctx,
        command: Vec<Bytes>,
        keys: &[Bytes],
        argv: &[Bytes],
        ro: bool,
    ) -> Result<Reply, CmdError> {
        let functions = self.functions.lock();
        let name = command.get(1).cloned().unwrap_or_default();
        let _running = self
            .run
            .start(Some((String::from_utf8_lossy(&name).into_owned(), command)));
        functions.call(ctx, &self.run, &name, keys, argv, ro)
    }
}
