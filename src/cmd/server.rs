//! Server commands: DBSIZE, FLUSHDB/FLUSHALL, SWAPDB, INFO, CONFIG, TIME, LASTSAVE, SAVE/BGSAVE,
//! SHUTDOWN, DEBUG and COMMAND (introspection of the command table).

use super::def::{BeginSearch, CommandDef, FindKeys, KeySpec};
use super::{help, table, After, Args, CmdError, Ctx};
use crate::resp::Reply;
use bytes::Bytes;
use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// DBSIZE
pub fn dbsize(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(ctx.batch.dbsize(ctx.db).0 as i64))
}

/// Checks the optional ASYNC|SYNC argument of FLUSHDB/FLUSHALL.
fn flush_mode(args: &Args) -> Result<(), CmdError> {
    match args.len() {
        1 => Ok(()),
        2 if args.is(1, "async") || args.is(1, "sync") => Ok(()),
        _ => Err(CmdError::Syntax),
    }
}

/// Reclaims the space of flushed data in the background; reads are already unaffected.
fn compact_later(ctx: &Ctx) {
    let server: Arc<crate::server::Server> = ctx.server.clone();
    std::thread::spawn(move || server.engine.compact_all());
}

/// FLUSHDB [ASYNC | SYNC]
pub fn flushdb(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    flush_mode(args)?;
    super::transactions::touch_swapped_or_flushed(ctx, &[ctx.db])?;
    ctx.batch.flush_db(ctx.db);
    compact_later(ctx);
    Ok(Reply::ok())
}

/// FLUSHALL [ASYNC | SYNC]
pub fn flushall(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    flush_mode(args)?;
    let server = ctx.server.clone();
    let e = &server.engine;
    for logical in 0..e.databases() {
        super::transactions::touch_swapped_or_flushed(ctx, &[e.physical_db(logical)])?;
        ctx.batch.flush_db(e.physical_db(logical));
    }
    compact_later(ctx);
    Ok(Reply::ok())
}

/// SWAPDB index1 index2
pub fn swapdb(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let a = args.i64(1).map_err(|_| CmdError::InvalidFirstDbIndex)?;
    let b = args.i64(2).map_err(|_| CmdError::InvalidSecondDbIndex)?;
    let n = ctx.server.engine.databases() as i64;
    if !(0..n).contains(&a) || !(0..n).contains(&b) {
        return Err(CmdError::DbIndexOutOfRange);
    }
    if a != b {
        let e = &ctx.server.engine;
        super::transactions::touch_swapped_or_flushed(
            ctx,
            &[e.physical_db(a as usize), e.physical_db(b as usize)],
        )?;
        ctx.server.engine.swap_db(a as usize, b as usize)?;
    }
    Ok(Reply::ok())
}

/// TIME
pub fn time(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Reply::Array(vec![
        Reply::Bulk(now.as_secs().to_string().into()),
        Reply::Bulk(now.subsec_micros().to_string().into()),
    ]))
}

/// LASTSAVE
pub fn lastsave(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(ctx.server.lastsave.load(Ordering::Relaxed)))
}

/// SAVE
pub fn save(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.server.save_checkpoint().map_err(CmdError::Storage)?;
    Ok(Reply::ok())
}

/// Starts a checkpoint on a thread of its own; false if one is already running.
fn start_background_checkpoint(server: &Arc<crate::server::Server>) -> bool {
    if server.bgsave_running.swap(true, Ordering::SeqCst) {
        return false;
    }
    let server = server.clone();
    std::thread::spawn(move || {
        if let Err(e) = server.save_checkpoint() {
            crate::log::warning(format!("Background saving failed: {e}"));
        }
        server.bgsave_running.store(false, Ordering::SeqCst);
    });
    true
}

/// BGSAVE [SCHEDULE]
pub fn bgsave(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.len() == 2 && !args.is(1, "schedule") {
        return Err(CmdError::Syntax);
    }
    if !start_background_checkpoint(ctx.server) {
        return Err(CmdError::BackgroundSaveInProgress);
    }
    Ok(Reply::Status("Background saving started".into()))
}

/// BGREWRITEAOF
///
/// Strata's log is RocksDB's WAL: the nearest thing to rewriting it is a checkpoint, which
/// flushes the memtables so that the log files behind them can go.
pub fn bgrewriteaof(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Status(if start_background_checkpoint(ctx.server) {
        "Background append only file rewriting started".into()
    } else {
        "Background append only file rewriting scheduled".into()
    }))
}

/// WAIT numreplicas timeout
///
/// Strata has no replicas, so no write is ever acknowledged by one: 0 at once when no replica
/// is asked for (or inside MULTI and scripts), else 0 when the timeout (0 = never) expires.
pub fn wait(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let wanted = args.i64(1)?;
    let ms = args.i64(2).map_err(|_| CmdError::TimeoutNotInteger)?;
    if ms < 0 {
        return Err(CmdError::TimeoutNegative);
    }
    if wanted <= 0 {
        return Ok(Reply::Int(0));
    }
    let timeout = (ms > 0).then(|| std::time::Duration::from_millis(ms as u64));
    Ok(super::lists::block(
        ctx,
        args,
        std::iter::empty(),
        timeout,
        Reply::Int(0),
        Reply::Int(0),
    ))
}

/// MONITOR
pub fn monitor(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    if ctx.deny_blocking {
        return Err(CmdError::MonitorDenyBlocking);
    }
    let info = ctx.client.info.clone();
    let sub = ctx
        .client
        .pubsub
        .get_or_insert_with(|| crate::pubsub::Subscription::new(info));
    ctx.server.monitors.add(&sub.sink);
    Ok(Reply::ok())
}

/// ROLE
pub fn role(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Array(vec![
        Reply::bulk("master"),
        Reply::Int(0),
        Reply::Array(Vec::new()),
    ]))
}

/// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
pub fn shutdown(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut save, mut nosave) = (false, false);
    for i in 1..args.len() {
        if args.is(i, "save") {
            save = true;
        } else if args.is(i, "nosave") {
            nosave = true;
        } else if !(args.is(i, "now") || args.is(i, "force")) {
            return Err(CmdError::Syntax);
        }
    }
    if save && nosave {
        return Err(CmdError::Syntax);
    }
    crate::log::warning("User requested shutdown...");
    if save {
        ctx.server
            .save_checkpoint()
            .map_err(|_| CmdError::ShutdownFailed)?;
    }
    ctx.server.shutdown();
}

/// DEBUG SLEEP seconds | DEBUG HELP
pub fn debug(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.is(1, "sleep") && args.len() == 3 {
        let secs = args
            .f64(2)
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .ok_or(CmdError::NotFloat)?;
        ctx.after = After::Sleep(std::time::Duration::from_secs_f64(secs));
        return Ok(Reply::ok());
    }
    Err(CmdError::UnknownSubcommand(
        args.get(1).to_vec(),
        "DEBUG".into(),
    ))
}

/// INFO [section [section ...]]
pub fn info(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let wanted: Vec<String> = (1..args.len())
        .map(|i| String::from_utf8_lossy(args.get(i)).to_ascii_lowercase())
        .collect();
    let text = crate::server::info::render(ctx.server, &wanted);
    Ok(Reply::Verbatim("txt", text.into()))
}

/// CONFIG GET parameter [parameter ...]
pub fn config_get(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let patterns: Vec<&[u8]> = (2..args.len()).map(|i| args.get(i)).collect();
    let mut pairs = ctx.server.config.read().get_many(&patterns);
    // Redis echoes a plain (non-glob) name as the client spelled it.
    if let [p] = patterns[..] {
        if !p.iter().any(|b| b"*?[".contains(b)) {
            for (name, _) in &mut pairs {
                *name = String::from_utf8_lossy(p).into_owned();
            }
        }
    }
    Ok(Reply::Map(
        pairs
            .into_iter()
            .map(|(k, v)| (Reply::Bulk(k.into()), Reply::Bulk(v.into())))
            .collect(),
    ))
}

/// CONFIG SET parameter value [parameter value ...]
pub fn config_set(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if !args.len().is_multiple_of(2) {
        return Err(CmdError::Syntax);
    }
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = (2..args.len())
        .step_by(2)
        .map(|i| (args.get(i).to_vec(), args.get(i + 1).to_vec()))
        .collect();
    ctx.server.config.write().set(&pairs)?;
    ctx.server.apply_config();
    Ok(Reply::ok())
}

/// CONFIG RESETSTAT
pub fn config_resetstat(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.server.stats.reset();
    ctx.server.cmdstats.reset();
    Ok(Reply::ok())
}

/// CONFIG REWRITE
pub fn config_rewrite(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.server.config.read().rewrite()?;
    Ok(Reply::ok())
}

/// CONFIG HELP
pub fn config_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::CONFIG))
}

fn status_set(items: &[&'static str]) -> Reply {
    Reply::Set(items.iter().map(|s| Reply::Status((*s).into())).collect())
}

fn bulk(s: &str) -> Reply {
    Reply::Bulk(Bytes::copy_from_slice(s.as_bytes()))
}

fn map(pairs: Vec<(&'static str, Reply)>) -> Reply {
    Reply::Map(
        pairs
            .into_iter()
            .map(|(k, v)| (Reply::Bulk(k.into()), v))
            .collect(),
    )
}

fn key_spec_reply(ks: &KeySpec) -> Reply {
    let begin = match ks.begin_search {
        BeginSearch::Index(i) => map(vec![
            ("type", bulk("index")),
            ("spec", map(vec![("index", Reply::Int(i as i64))])),
        ]),
        BeginSearch::Keyword {
            keyword,
            start_from,
        } => map(vec![
            ("type", bulk("keyword")),
            (
                "spec",
                map(vec![
                    ("keyword", bulk(keyword)),
                    ("startfrom", Reply::Int(start_from as i64)),
                ]),
            ),
        ]),
        BeginSearch::Unknown => map(vec![("type", bulk("unknown")), ("spec", map(vec![]))]),
    };
    let find = match ks.find_keys {
        FindKeys::Range {
            last_key,
            key_step,
            limit,
        } => map(vec![
            ("type", bulk("range")),
            (
                "spec",
                map(vec![
                    ("lastkey", Reply::Int(last_key as i64)),
                    ("keystep", Reply::Int(key_step as i64)),
                    ("limit", Reply::Int(limit as i64)),
                ]),
            ),
        ]),
        FindKeys::Keynum {
            keynum_idx,
            first_key,
            key_step,
        } => map(vec![
            ("type", bulk("keynum")),
            (
                "spec",
                map(vec![
                    ("keynumidx", Reply::Int(keynum_idx as i64)),
                    ("firstkey", Reply::Int(first_key as i64)),
                    ("keystep", Reply::Int(key_step as i64)),
                ]),
            ),
        ]),
        FindKeys::Unknown => map(vec![("type", bulk("unknown")), ("spec", map(vec![]))]),
    };
    let mut pairs = Vec::new();
    if !ks.notes.is_empty() {
        pairs.push(("notes", bulk(ks.notes)));
    }
    pairs.push(("flags", status_set(ks.flags)));
    pairs.push(("begin_search", begin));
    pairs.push(("find_keys", find));
    map(pairs)
}

/// One COMMAND INFO entry, shaped exactly as Redis 7.0 shapes it.
fn command_entry(def: &CommandDef) -> Reply {
    let subs = if def.subcommands.is_empty() {
        Reply::Set(vec![])
    } else {
        Reply::Array(def.subcommands.iter().map(command_entry).collect())
    };
    Reply::Array(vec![
        bulk(def.name),
        Reply::Int(def.arity as i64),
        status_set(def.flags),
        Reply::Int(def.first_key as i64),
        Reply::Int(def.last_key as i64),
        Reply::Int(def.step as i64),
        status_set(def.acl),
        Reply::Set(def.tips.iter().map(|t| bulk(t)).collect()),
        Reply::Set(def.key_specs.iter().map(key_spec_reply).collect()),
        subs,
    ])
}

/// COMMAND
pub fn command(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Array(
        table::COMMANDS.iter().map(command_entry).collect(),
    ))
}

/// COMMAND COUNT
pub fn command_count(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(table::COMMANDS.len() as i64))
}

/// COMMAND INFO [command-name [command-name ...]]
pub fn command_info(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.len() == 2 {
        return command(ctx, args);
    }
    Ok(Reply::Array(
        (2..args.len())
            .map(|i| table::lookup_full(args.get(i)).map_or(Reply::Nil, command_entry))
            .collect(),
    ))
}

/// COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
pub fn command_list(_ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let all = table::COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c).chain(c.subcommands.iter()));
    let names: Vec<&str> = match args.len() {
        2 => all.map(|c| c.name).collect(),
        5 if args.is(2, "filterby") => {
            let v = args.get(4);
            if args.is(3, "module") {
                Vec::new()
            } else if args.is(3, "aclcat") {
                let cat = format!("@{}", String::from_utf8_lossy(v).to_ascii_lowercase());
                all.filter(|c| c.acl.contains(&cat.as_str()))
                    .map(|c| c.name)
                    .collect()
            } else if args.is(3, "pattern") {
                all.filter(|c| crate::glob::glob_match(v, c.name.as_bytes(), true))
                    .map(|c| c.name)
                    .collect()
            } else {
                return Err(CmdError::Syntax);
            }
        }
        _ => return Err(CmdError::Syntax),
    };
    Ok(Reply::Array(names.into_iter().map(bulk).collect()))
}

/// COMMAND GETKEYS command [arg [arg ...]]
pub fn command_getkeys(_ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let inner = Args::new(args.iter().skip(2).cloned().collect());
    let def = match super::resolve(&inner) {
        Ok(d) => d,
        Err(CmdError::WrongArity(_)) => return Err(CmdError::GetKeysArity),
        Err(_) => return Err(CmdError::GetKeysUnknown),
    };
    let keys: Vec<Reply> = super::key_positions(def, &inner)
        .into_iter()
        .map(|i| Reply::Bulk(inner.bytes(i)))
        .collect();
    if keys.is_empty() {
        return Err(CmdError::GetKeysNoKeys);
    }
    Ok(Reply::Array(keys))
}

fn doc_entry(def: &CommandDef) -> Reply {
    let d = &def.doc;
    let mut pairs = vec![
        ("summary", bulk(d.summary)),
        ("since", bulk(d.since)),
        ("group", bulk(d.group)),
    ];
    // A few commands (MONITOR) document no complexity; Redis then leaves the field out.
    if !d.complexity.is_empty() {
        pairs.push(("complexity", bulk(d.complexity)));
    }
    if !d.doc_flags.is_empty() {
        pairs.push(("doc_flags", status_set(d.doc_flags)));
    }
    if !d.deprecated_since.is_empty() {
        pairs.push(("deprecated_since", bulk(d.deprecated_since)));
    }
    if !d.replaced_by.is_empty() {
        pairs.push(("replaced_by", bulk(d.replaced_by)));
    }
    if !d.history.is_empty() {
        pairs.push((
            "history",
            Reply::Set(
                d.history
                    .iter()
                    .map(|(v, t)| Reply::Array(vec![bulk(v), bulk(t)]))
                    .collect(),
            ),
        ));
    }
    if !def.subcommands.is_empty() {
        pairs.push((
            "subcommands",
            Reply::Map(
                def.subcommands
                    .iter()
                    .map(|s| (bulk(s.name), doc_entry(s)))
                    .collect(),
            ),
        ));
    }
    map(pairs)
}

/// COMMAND DOCS [command-name [command-name ...]]
pub fn command_docs(_ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let defs: Vec<&CommandDef> = if args.len() == 2 {
        table::COMMANDS.iter().collect()
    } else {
        (2..args.len())
            .filter_map(|i| table::lookup_full(args.get(i)))
            .collect()
    };
    Ok(Reply::Map(
        defs.into_iter()
            .map(|d| (bulk(d.name), doc_entry(d)))
            .collect(),
    ))
}

/// COMMAND HELP
pub fn command_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::COMMAND))
}

/// Appends `name:value\r\n` to an INFO section.
pub fn field(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = write!(out, "{name}:{value}\r\n");
}
