//! `strata-server export-rdb`: writes a data directory (or a SAVE/BGSAVE checkpoint of a
//! running server, which is a consistent snapshot taken while it keeps serving) as an RDB 10
//! file that Redis 7.0 loads. The file is written next to its destination and renamed into
//! place once complete.

use std::fs;
use std::io::BufWriter;
use std::path::Path;

use super::writer::FileWriter;
use super::Value;
use crate::cmd::{dump, unix_ms};
use crate::config::Config;
use strata_storage::{Engine, EngineOptions, LuaStore, Meta};

/// Keys read per scan step (each step reads their values before scanning on).
const SCAN_CHUNK: usize = 1000;

/// What an export wrote.
#[derive(Debug, Default)]
pub struct Summary {
    pub keys: u64,
    /// Hashes whose field TTLs were dropped (RDB 10 cannot express them).
    pub field_ttls_dropped: u64,
    /// Keys of types RDB 10 writing does not cover (streams).
    pub skipped: u64,
    /// Function libraries written.
    pub functions: u64,
}

/// `strata-server export-rdb <file> [--checkpoint] [strata.conf] [--option value ...]`
pub fn main(args: &[String]) -> Result<(), String> {
    let (file, rest) = args
        .split_first()
        .ok_or("usage: strata-server export-rdb <file.rdb> [--checkpoint] [strata.conf] [--dir path] [--option value ...]")?;
    let checkpoint = rest.iter().any(|a| a == "--checkpoint");
    let config_args: Vec<String> = rest
        .iter()
        .filter(|a| *a != "--checkpoint")
        .cloned()
        .collect();
    let config = Config::from_args(&config_args)?;
    let path = config
        .dir
        .join(if checkpoint { "checkpoint" } else { "db" });
    if !path.exists() {
        return Err(format!("no database in {}", path.display()));
    }
    let mut opts = EngineOptions::new(&path);
    opts.databases = config.databases;
    let engine = Engine::open(&opts).map_err(|e| format!("can't open {}: {e}", path.display()))?;
    let s = export(&engine, Path::new(file))?;
    println!(
        "exported {} keys and {} function libraries to {file} (RDB 10); {} hashes lost their field TTLs; {} keys skipped",
        s.keys, s.functions, s.field_ttls_dropped, s.skipped
    );
    Ok(())
}

/// Visits every live key of every database: logical db, key, value, whether Redis 7.0 would
/// keep it compact, and its deadline (0 = none).
pub fn for_each_key(
    engine: &Engine,
    mut visit: impl FnMut(usize, &[u8], Value, bool, u64) -> Result<(), String>,
) -> Result<(), String> {
    let now = unix_ms();
    let batch = engine.batch();
    for logical in 0..engine.databases() {
        let db = engine.physical_db(logical);
        let mut from = Vec::new();
        loop {
            let mut chunk: Vec<(Vec<u8>, Meta)> = Vec::new();
            let next = engine
                .scan_meta(db, &from, |k, m| {
                    if !m.is_expired(now) {
                        chunk.push((k.to_vec(), m));
                    }
                    chunk.len() < SCAN_CHUNK
                })
                .map_err(|e| e.0)?;
            for (key, m) in chunk {
                let read = dump::read_value(&batch, now, db, &key, &m)
                    .map_err(|e| e.message().into_owned())?;
                if let Some((value, compact)) = read {
                    // A hash whose fields have all expired is gone.
                    if !value.is_empty_collection() {
                        visit(logical, &key, value, compact, m.expire_at)?;
                    }
                }
            }
            match next {
                Some(n) => from = n,
                None => break,
            }
        }
    }
    Ok(())
}

/// Writes every key of `engine` into the RDB file `file`.
pub fn export(engine: &Engine, file: &Path) -> Result<Summary, String> {
    let tmp = file.with_extension("rdb.tmp");
    let result = write(engine, &tmp).and_then(|s| {
        fs::rename(&tmp, file).map_err(|e| format!("can't rename {}: {e}", tmp.display()))?;
        Ok(s)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write(engine: &Engine, tmp: &Path) -> Result<Summary, String> {
    let io = |e: std::io::Error| format!("can't write {}: {e}", tmp.display());
    let f = fs::File::create(tmp).map_err(io)?;
    let mut w = FileWriter::new(BufWriter::with_capacity(1 << 20, f)).map_err(io)?;
    w.aux("redis-ver", "7.0.15").map_err(io)?;
    w.aux("redis-bits", "64").map_err(io)?;
    w.aux("ctime", &(unix_ms() / 1000).to_string())
        .map_err(io)?;
    w.aux("aof-base", "0").map_err(io)?;
    let libraries = engine
        .lua_sources(LuaStore::Library)
        .map_err(|e| format!("can't read the function libraries: {e}"))?;
    for (_, code) in &libraries {
        w.function(code).map_err(io)?;
    }
    let mut s = Summary {
        functions: libraries.len() as u64,
        ..Summary::default()
    };
    let mut current_db = None;
    for_each_key(engine, |db, key, value, compact, expire_at| {
        if current_db != Some(db) {
            let (keys, expires) = engine.dbsize(engine.physical_db(db));
            w.select_db(db as u64, keys, expires).map_err(io)?;
            current_db = Some(db);
        }
        if matches!(&value, Value::Hash(f) if f.iter().any(|f| f.2.is_some())) {
            s.field_ttls_dropped += 1;
        }
        if w.key(key, &value, compact, expire_at).map_err(io)? {
            s.keys += 1;
        } else {
            s.skipped += 1;
        }
        Ok(())
    })?;
    let out = w.finish().map_err(io)?;
    out.into_inner()
        .map_err(|e| io(e.into_error()))?
        .sync_all()
        .map_err(io)?;
    Ok(s)
}
