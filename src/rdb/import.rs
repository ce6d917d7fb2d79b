//! `strata-server import-rdb`: loads a Redis RDB file into a data directory, offline.
//!
//! All or nothing: the keys are written into a fresh engine in a temporary directory next to
//! the target, as a bulk load (the writes are sorted into SST files that are ingested whole,
//! with no WAL and no memtable: see `strata_storage`'s `bulk.rs`), and only then is it renamed
//! into place; any error removes the temporary directory, so a failed import leaves no trace.
//! The target directory must not hold a database yet.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{Event, Parser, Value};
use crate::cmd::{dump, unix_ms, Ctx};
use crate::config::Config;
use crate::server::{ClientInfo, ClientState, Server};
use strata_storage::LuaStore;

/// A commit (which stages the writes for ingestion) every this many writes bounds the memory
/// of one batch.
const WRITES_PER_BATCH: usize = 200_000;

/// Skipped keys named in the summary; the rest are counted.
const SKIPPED_SHOWN: usize = 20;

/// What to do with values Strata cannot hold (streams, module values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsupported {
    /// Report them in the summary and go on.
    Skip,
    /// Fail the import.
    Refuse,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Summary {
    pub rdb_version: u32,
    pub bytes: u64,
    /// Keys stored, per Redis type.
    pub stored: BTreeMap<&'static str, u64>,
    pub expired: u64,
    pub empty: u64,
    /// Keys not stored because their type has no Strata counterpart: (type, key).
    pub skipped: Vec<(String, Vec<u8>)>,
    pub functions: u64,
    pub module_aux: u64,
    pub secs: f64,
}

impl Summary {
    pub fn keys(&self) -> u64 {
        self.stored.values().sum()
    }

    pub fn render(&self) -> String {
        let mut s = format!(
            "imported {} keys from an RDB version {} file ({} bytes) in {:.2}s ({:.0} keys/s)\n",
            self.keys(),
            self.rdb_version,
            self.bytes,
            self.secs,
            self.keys() as f64 / self.secs.max(1e-9)
        );
        for (ty, n) in &self.stored {
            s += &format!("  {ty:<8} {n}\n");
        }
        s += &format!("  dropped, already expired: {}\n", self.expired);
        s += &format!("  dropped, empty collections: {}\n", self.empty);
        for (ty, key) in self.skipped.iter().take(SKIPPED_SHOWN) {
            s += &format!("  skipped {ty} key {:?}\n", String::from_utf8_lossy(key));
        }
        if self.skipped.len() > SKIPPED_SHOWN {
            s += &format!(
                "  ... and {} more skipped keys\n",
                self.skipped.len() - SKIPPED_SHOWN
            );
        }
        if self.functions > 0 {
            s += &format!("  loaded {} function libraries\n", self.functions);
        }
        if self.module_aux > 0 {
            s += &format!("  skipped {} module aux records\n", self.module_aux);
        }
        s
    }
}

/// `strata-server import-rdb <file> [--refuse-unsupported] [--quiet] [config file] [--option value ...]`
pub fn main(args: &[String]) -> Result<(), String> {
    let (file, rest) = args.split_first().ok_or("usage: strata-server import-rdb <file.rdb> [--refuse-unsupported] [--quiet] ([strata.conf] [--dir path] [--option value ...] | --to host:port [--user name] [--auth password])")?;
    let mut unsupported = Unsupported::Skip;
    let mut quiet = false;
    let mut target = None;
    let mut user = None;
    let mut password = None;
    let mut config_args = Vec::new();
    let mut rest = rest.iter();
    while let Some(a) = rest.next() {
        let mut value = |what: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs {what}"))
        };
        match a.as_str() {
            "--refuse-unsupported" => unsupported = Unsupported::Refuse,
            "--quiet" => quiet = true,
            "--to" => target = Some(value("host:port")?),
            "--user" => user = Some(value("a user name")?),
            "--auth" => password = Some(value("a password")?),
            _ => config_args.push(a.clone()),
        }
    }
    let summary = match target {
        Some(to) => {
            if !config_args.is_empty() {
                return Err(format!(
                    "--to imports into a running server: {} is not an option of it",
                    config_args[0]
                ));
            }
            let auth = password.map(|p| (user, p));
            super::online::import(Path::new(file), &to, auth, unsupported, !quiet)?
        }
        None => {
            let config = Config::from_args(&config_args)?;
            import(&config, Path::new(file), unsupported, !quiet)?
        }
    };
    print!("{}", summary.render());
    Ok(())
}

/// Imports `file` into the data directory of `config`.
pub fn import(
    config: &Config,
    file: &Path,
    unsupported: Unsupported,
    progress: bool,
) -> Result<Summary, String> {
    let target = config.dir.join("db");
    if fs::read_dir(&target).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{} already holds a database: import into an empty data directory",
            target.display()
        ));
    }
    let tmp = config
        .dir
        .join(format!("import-{}.tmp", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| format!("can't create {}: {e}", tmp.display()))?;
    let result = load(config, &tmp, file, unsupported, progress);
    let published = result.and_then(|summary| {
        fs::rename(tmp.join("db"), &target)
            .map_err(|e| format!("can't move the import into {}: {e}", target.display()))?;
        Ok(summary)
    });
    let _ = fs::remove_dir_all(&tmp);
    published
}

/// A record of the file that an import keeps.
pub(super) enum Item {
    Key(super::Record),
    /// A function library's source.
    Function(Vec<u8>),
}

/// Reads the whole of `file` (its checksum is verified at the end), counts in `summary` what an
/// import drops (keys already expired, empty collections, streams and module values) and hands
/// every other record to `keep`, in file order. `databases` is the target's db count.
pub(super) fn walk(
    file: &Path,
    unsupported: Unsupported,
    databases: u64,
    progress: bool,
    summary: &mut Summary,
    mut keep: impl FnMut(Item) -> Result<(), String>,
) -> Result<(), String> {
    let f = fs::File::open(file).map_err(|e| format!("can't open {}: {e}", file.display()))?;
    let total = f.metadata().map_err(|e| e.to_string())?.len();
    let name = file.display().to_string();
    let bad = |e: super::Error| format!("{name}: {e}");
    let mut parser = Parser::new(f, total).map_err(bad)?;
    summary.rdb_version = parser.version();
    let now_ms = unix_ms() as i64;
    let started = Instant::now();
    let mut last_report = started;
    let refuse = |what: &str| format!("{name}: {what} (--refuse-unsupported)");
    while let Some(ev) = parser.next_event().map_err(bad)? {
        let r = match ev {
            Event::Key(r) => r,
            Event::Function(code) => {
                summary.functions += 1;
                keep(Item::Function(code))?;
                continue;
            }
            Event::ModuleAux { module } if unsupported == Unsupported::Refuse => {
                return Err(refuse(&format!("holds module aux data of {module}")))
            }
            Event::ModuleAux { .. } => {
                summary.module_aux += 1;
                continue;
            }
            Event::Aux { .. } | Event::Resize { .. } => continue,
        };
        if r.db >= databases {
            return Err(format!(
                "{name}: key in db {} but the server has {databases} databases",
                r.db
            ));
        }
        if r.expire_at_ms.is_some_and(|t| t <= now_ms) {
            summary.expired += 1;
            continue;
        }
        if r.value.is_empty_collection() {
            summary.empty += 1;
            continue;
        }
        let ty = r.value.type_name();
        if matches!(r.value, Value::Stream { .. } | Value::Module { .. }) {
            if unsupported == Unsupported::Refuse {
                return Err(refuse(&format!(
                    "holds a {ty} key {:?}",
                    String::from_utf8_lossy(&r.key)
                )));
            }
            summary.skipped.push((ty.to_string(), r.key));
            continue;
        }
        *summary.stored.entry(ty).or_default() += 1;
        keep(Item::Key(r)).map_err(|e| format!("{name}: {e}"))?;
        if progress && last_report.elapsed().as_secs_f64() >= 1.0 {
            last_report = Instant::now();
            report(parser.offset(), total, summary.keys(), started);
        }
    }
    summary.bytes = total;
    summary.secs = started.elapsed().as_secs_f64();
    if progress {
        report(total, total, summary.keys(), started);
        eprintln!();
    }
    Ok(())
}

fn load(
    config: &Config,
    tmp: &Path,
    file: &Path,
    unsupported: Unsupported,
    progress: bool,
) -> Result<Summary, String> {
    let name = file.display().to_string();
    let mut cfg = config.clone();
    cfg.dir = PathBuf::from(tmp);
    // Nothing reads the keys while they load: caching them would only cost time.
    cfg.maxmemory = 0;
    let server = Arc::new(Server::open(cfg)?);
    server.engine.begin_bulk_load().map_err(|e| e.0)?;
    let mut client = ClientState::new(Arc::new(ClientInfo::detached()), true);
    let mut ctx = Ctx::new(&server, &mut client, 0, server.engine.batch());
    let started = Instant::now();
    let mut summary = Summary::default();
    let databases = server.engine.databases() as u64;
    let mut per_db = vec![0u64; databases as usize];
    walk(
        file,
        unsupported,
        databases,
        progress,
        &mut summary,
        |item| match item {
            Item::Function(code) => {
                // Kept as FUNCTION LOAD keeps a library; the server compiles it at start.
                let lib = crate::scripting::functions::library_name(&code).map_err(|e| {
                    format!(
                        "{name}: a function library has bad metadata: {}",
                        e.message()
                    )
                })?;
                server
                    .engine
                    .put_lua_source(LuaStore::Library, lib.as_bytes(), &code)
                    .map_err(|e| format!("{name}: library {lib}: {e}"))
            }
            Item::Key(r) => {
                per_db[r.db as usize] += 1;
                store(&mut ctx, r).map_err(|e| format!("{name}: {e}"))
            }
        },
    )?;
    commit(&mut ctx).map_err(|e| format!("{name}: {e}"))?;
    drop(ctx);
    let ingested = server.engine.ingest_staged().map_err(|e| e.0)?;
    // Redis refuses a file that holds a key twice. Checking each key before writing it would
    // cost a read per key; counting the distinct keys written finds the same files. (Before
    // the load ends: compactions would compete with a count that reads them back.)
    for (db, &n) in per_db.iter().enumerate() {
        let physical = server.engine.physical_db(db);
        let records = match &ingested {
            Some(counts) => counts.get(physical as usize).copied().unwrap_or(0),
            None => {
                let mut records = 0u64;
                server
                    .engine
                    .scan_meta(physical, &[], |_, _| {
                        records += 1;
                        true
                    })
                    .map_err(|e| e.0)?;
                records
            }
        };
        if records != n {
            return Err(format!(
                "{name}: db {db} holds {} duplicate keys",
                n - records
            ));
        }
    }
    server.engine.end_bulk_load().map_err(|e| e.0)?;
    summary.secs = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Stores a record, committing (staging) the batch once it is big enough.
fn store(ctx: &mut Ctx, r: super::Record) -> Result<(), String> {
    ctx.db = ctx.server.engine.physical_db(r.db as usize);
    let expire_at = r.expire_at_ms.unwrap_or(0) as u64;
    dump::store_value(ctx, &r.key, r.value, expire_at, None)
        .map_err(|e| e.message().into_owned())?;
    if ctx.batch.len() >= WRITES_PER_BATCH {
        commit(ctx)?;
    }
    Ok(())
}

fn commit(ctx: &mut Ctx) -> Result<(), String> {
    let batch = std::mem::replace(&mut ctx.batch, ctx.server.engine.batch());
    ctx.events.clear();
    ctx.server.engine.commit(batch).map_err(|e| e.0)
}

fn report(done: u64, total: u64, keys: u64, started: Instant) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let rate = done as f64 / secs;
    let eta = if rate > 0.0 {
        (total - done) as f64 / rate
    } else {
        0.0
    };
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "\r{:5.1}%  {} / {} MB  {} keys  {:.0} keys/s  ETA {:.0}s   ",
        100.0 * done as f64 / total.max(1) as f64,
        done >> 20,
        total >> 20,
        keys,
        keys as f64 / secs,
        eta
    );
    let _ = err.flush();
}
