//! MEMORY and LATENCY: the introspection families tools and client libraries call.
//!
//! MEMORY USAGE estimates what a key costs as Redis does, by sampling: Strata's records are
//! on disk and in caches, so the figure is the bytes of the key, its metadata and its
//! subrecords (sampled), not an allocator's count. LATENCY answers as a Redis whose latency
//! monitor is off (`latency-monitor-threshold 0`, Redis' default): no events are recorded.
//! LATENCY HISTOGRAM shows the per-command run times of [`crate::cmdstats`].

use super::{help, Args, CmdError, Ctx};
use crate::resp::Reply;
use strata_storage::Kind;

/// Bookkeeping bytes counted per key (its metadata record and the hot tier's entry).
const KEY_OVERHEAD: u64 = 64;
/// Bookkeeping bytes counted per subrecord (a RocksDB entry's own header).
const ENTRY_OVERHEAD: u64 = 16;
/// Subrecords MEMORY USAGE samples by default, as Redis.
const DEFAULT_SAMPLES: i64 = 5;

/// A report: a verbatim text to RESP3 clients, a bulk string to RESP2 ones.
fn text(s: &'static str) -> Reply {
    Reply::Verbatim("txt", bytes::Bytes::from_static(s.as_bytes()))
}

/// MEMORY USAGE key [SAMPLES count]
pub fn memory_usage(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut samples = DEFAULT_SAMPLES;
    let mut i = 3;
    while i < args.len() {
        if args.is(i, "samples") && i + 1 < args.len() {
            samples = args.i64(i + 1)?;
            if samples < 0 {
                return Err(CmdError::Syntax);
            }
            i += 2;
        } else {
            return Err(CmdError::Syntax);
        }
    }
    let key = args.get(2);
    let Some(m) = ctx.lookup_untouched(key, false)? else {
        return Ok(Reply::Nil);
    };
    let own = KEY_OVERHEAD + key.len() as u64;
    if m.kind == Kind::String {
        let value = strata_storage::types::string::len(&m);
        return Ok(Reply::Int(
            own.saturating_add(value).min(i64::MAX as u64) as i64
        ));
    }
    let own = own + m.body.len() as u64;
    // The first subrecords stand for all of them: their mean size times the count.
    let limit = if samples == 0 {
        u64::MAX
    } else {
        samples as u64
    };
    let (mut seen, mut bytes) = (0u64, 0u64);
    ctx.batch
        .scan_subs(ctx.db, key, m.version, &[], |sub, value| {
            seen += 1;
            bytes += ENTRY_OVERHEAD + (sub.len() + value.len()) as u64;
            seen < limit
        })?;
    let subs = bytes.saturating_mul(m.size).checked_div(seen).unwrap_or(0);
    Ok(Reply::Int(
        own.saturating_add(subs).min(i64::MAX as u64) as i64
    ))
}

/// MEMORY STATS
pub fn memory_stats(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    let engine = &ctx.server.engine;
    let hot = engine.hot().stats();
    let rss = crate::server::info::rss_bytes();
    let fields: [(&str, u64); 7] = [
        ("peak.allocated", rss),
        ("total.allocated", rss),
        (
            "keys.count",
            (0..engine.databases())
                .map(|db| engine.dbsize(engine.physical_db(db)).0)
                .sum(),
        ),
        ("hot.tier.bytes", hot.bytes as u64),
        (
            "block.cache.bytes",
            engine.cache_property("rocksdb.block-cache-usage"),
        ),
        (
            "memtables.bytes",
            engine.property("rocksdb.cur-size-all-mem-tables"),
        ),
        ("disk.bytes", engine.property("rocksdb.live-sst-files-size")),
    ];
    Ok(Reply::Map(
        fields
            .iter()
            .map(|(name, v)| (Reply::bulk(*name), Reply::Int(*v as i64)))
            .collect(),
    ))
}

/// MEMORY DOCTOR
pub fn memory_doctor(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(text(
        "Strata keeps its data on disk: memory holds the hot tier and RocksDB's block cache and \
         memtables, each within its configured budget (INFO memory shows them). No memory \
         problems to report.\n",
    ))
}

/// MEMORY MALLOC-STATS
pub fn memory_malloc_stats(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(text("Stats not supported for the current allocator"))
}

/// MEMORY PURGE
pub fn memory_purge(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::ok())
}

/// MEMORY HELP
pub fn memory_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::MEMORY))
}

/// LATENCY LATEST
pub fn latency_latest(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Array(Vec::new()))
}

/// LATENCY HISTORY event
pub fn latency_history(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Array(Vec::new()))
}

/// LATENCY RESET [event [event ...]]
pub fn latency_reset(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(0))
}

/// LATENCY GRAPH event
pub fn latency_graph(_ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Err(CmdError::LatencyNoSamples(
        String::from_utf8_lossy(args.get(2)).into_owned(),
    ))
}

/// LATENCY DOCTOR
pub fn latency_doctor(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(text(
        "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis \
         instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in \
         order to enable it. If we weren't in a deep space mission I'd suggest to take a look \
         at https://redis.io/topics/latency-monitor.\n",
    ))
}

/// LATENCY HISTOGRAM [command [command ...]]
pub fn latency_histogram(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // A command named asks for itself, or a container's name for its subcommands.
    let names: Vec<String> = (2..args.len())
        .map(|i| String::from_utf8_lossy(args.get(i)).to_ascii_lowercase())
        .collect();
    let wanted = |name: &str| {
        names.is_empty()
            || names.iter().any(|n| {
                name == n
                    || name
                        .strip_prefix(n.as_str())
                        .is_some_and(|rest| rest.starts_with('|'))
            })
    };
    Ok(ctx.server.cmdstats.histograms(wanted))
}

/// LATENCY HELP
pub fn latency_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::LATENCY))
}
