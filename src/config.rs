//! Server configuration: the `redis.conf`-style file, the command line, and
//! the live table behind `CONFIG GET`, `CONFIG SET` and `CONFIG REWRITE`.
//!
//! Strata is started like `redis-server`: `strata-server [file] [--name value
//! ...]`. The file is read first, then each `--name` override is applied as
//! if it were one more line at the end of the file (several words after a
//! `--name` form one multi-word value). Option names, value syntax, rendering
//! and error texts follow Redis 7.0 so that existing tools and habits work.
//!
//! Invariants:
//! * Every option lives in exactly one row of [`OPTIONS`]; `get`, `set`,
//!   file loading and `rewrite` all go through that table, so an option can
//!   never be settable but not rewritable (or the reverse).
//! * A [`Config`] only ever holds validated values: parsing works on a copy
//!   and `CONFIG SET` is all-or-nothing.
//! * The defaults in [`Config::default`] and the shipped `conf/strata.conf`
//!   are identical (a unit test enforces it).
//! * This module has no side effects beyond reading config files and
//!   `rewrite` replacing the loaded file: applying a change (log level, ...)
//!   is the caller's job.
//! * Nothing here panics on bad input.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::glob::glob_match;
use crate::log;

/// How often the write-ahead log is synced to disk (`appendfsync`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Appendfsync {
    /// Sync before acknowledging every write.
    Always,
    /// Sync about once per second; a crash can lose up to a second of writes.
    Everysec,
    /// Leave syncing to the operating system.
    No,
}

impl Appendfsync {
    /// The configuration keyword (`"everysec"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Appendfsync::Always => "always",
            Appendfsync::Everysec => "everysec",
            Appendfsync::No => "no",
        }
    }

    /// Parses a keyword, ignoring ASCII case like Redis.
    pub fn parse(s: &str) -> Option<Appendfsync> {
        [Appendfsync::Always, Appendfsync::Everysec, Appendfsync::No]
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(s))
    }
}

/// Why a `CONFIG SET` or `CONFIG REWRITE` failed.
///
/// `Display` renders the text Redis sends after the `ERR ` prefix, so a
/// command handler can reply `-ERR {err}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// No such option (the name as the client sent it).
    UnknownOption(String),
    /// The value was rejected; `reason` is Redis' wording.
    BadValue { name: String, reason: String },
    /// The option cannot change while the server runs.
    Immutable(String),
    /// Reading or writing the config file failed, or there is none.
    Io(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownOption(name) => write!(
                f,
                "Unknown option or number of arguments for CONFIG SET - '{name}'"
            ),
            ConfigError::BadValue { name, reason } => write!(
                f,
                "CONFIG SET failed (possibly related to argument '{name}') - {reason}"
            ),
            ConfigError::Immutable(name) => write!(
                f,
                "CONFIG SET failed (possibly related to argument '{name}') - can't set immutable config"
            ),
            ConfigError::Io(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The whole server configuration, with typed and validated values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Addresses to listen on (`bind`).
    pub bind: Vec<String>,
    /// TCP port (`port`).
    pub port: u16,
    /// Data directory, created by the server if missing (`dir`).
    pub dir: PathBuf,
    /// Number of logical databases, 1..=256 (`databases`).
    pub databases: usize,
    /// Password for the default user; `None` = no AUTH required.
    pub requirepass: Option<Vec<u8>>,
    /// Maximum number of simultaneously connected clients.
    pub maxclients: usize,
    /// Idle client timeout in seconds, 0 = never.
    pub timeout: u64,
    /// WAL sync policy.
    pub appendfsync: Appendfsync,
    /// Accepted for compatibility only; Strata always persists.
    pub appendonly: bool,
    /// Log verbosity.
    pub loglevel: log::Level,
    /// Log file path; empty = stdout.
    pub logfile: String,
    /// File to write the server's PID to; empty = none.
    pub pidfile: String,
    /// Only `false` is supported; `from_args` rejects `yes`.
    pub daemonize: bool,
    /// Largest bulk string accepted from clients, in bytes.
    pub proto_max_bulk_len: i64,
    /// Largest pending query buffer per client, in bytes.
    pub client_query_buffer_limit: usize,
    /// Network I/O threads; 0 = one per two CPU cores (at least one).
    pub io_threads: usize,
    /// Background task frequency in Hz, always within 1..=500.
    pub hz: u32,
    /// `busy-reply-threshold` (alias `lua-time-limit`): milliseconds a script runs before other
    /// clients get BUSY and SCRIPT KILL may stop it.
    pub busy_reply_threshold: u64,
    /// Microseconds of execution from which a command enters the slow log; negative: none does.
    pub slowlog_log_slower_than: i64,
    /// Entries the slow log keeps.
    pub slowlog_max_len: u64,
    /// Listen backlog.
    pub tcp_backlog: u32,
    /// TCP keepalive interval in seconds, 0 = off.
    pub tcp_keepalive: u64,
    /// Refuse non-loopback clients when no password is set and no bind given.
    pub protected_mode: bool,
    /// Hot-tier (in-memory) budget in bytes; 0 = no limit.
    pub maxmemory: u64,
    /// `maxmemory-policy`, kept for clients that read or set it: Strata never evicts data (it
    /// is on disk); past `maxmemory` the hot tier only drops cached copies.
    pub maxmemory_policy: String,
    /// RDB save points, accepted for compatibility and reported as given
    /// (`"3600 1 300 100 60 10000"`, `""` = none).
    pub save: String,
    /// Accepted for compatibility; Strata writes no RDB file.
    pub dbfilename: String,
    pub rdbcompression: bool,
    /// RocksDB block cache capacity in bytes.
    pub rocksdb_block_cache_size: u64,
    /// RocksDB memtable size in bytes.
    pub rocksdb_write_buffer_size: u64,
    /// RocksDB memtables kept per column family.
    pub rocksdb_max_write_buffer_number: u32,
    /// RocksDB flush + compaction threads.
    pub rocksdb_max_background_jobs: u32,
    /// RocksDB target SST file size in bytes.
    pub rocksdb_target_file_size_base: u64,
    pub rocksdb_block_size: u64,
    /// RocksDB block compression: `"lz4"` or `"none"`.
    pub rocksdb_compression: String,
    pub rocksdb_partitioned_index: bool,
    /// Whether expired keys are reclaimed in the background.
    pub active_expire_enabled: bool,
    /// Largest sparse HyperLogLog string (header included) before it turns dense.
    pub hll_sparse_max_bytes: u64,
    /// Keyspace notification classes (`notify-keyspace-events`), as `crate::notify` flags.
    pub notify_keyspace_events: u32,
    /// `client-output-buffer-limit`: (hard bytes, soft bytes, soft seconds) for the normal,
    /// replica and pubsub classes, in that order (0 = no limit).
    pub client_output_buffer_limit: [(u64, u64, u64); 3],
    /// Absolute path of the config file the server was started with; used
    /// by `rewrite`. `None` = started without one.
    pub config_file: Option<PathBuf>,
}

const KB: u64 = 1024;
const MB: u64 = 1024 * KB;
const GB: u64 = 1024 * MB;

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: vec!["127.0.0.1".to_string()],
            port: 6379,
            dir: PathBuf::from("./data"),
            databases: 16,
            requirepass: None,
            maxclients: 10000,
            timeout: 0,
            appendfsync: Appendfsync::Everysec,
            appendonly: true,
            loglevel: log::Level::Notice,
            logfile: String::new(),
            pidfile: String::new(),
            daemonize: false,
            proto_max_bulk_len: (512 * MB) as i64,
            client_query_buffer_limit: GB as usize,
            io_threads: 0,
            hz: 10,
            busy_reply_threshold: 5000,
            slowlog_log_slower_than: 10000,
            slowlog_max_len: 128,
            tcp_backlog: 511,
            tcp_keepalive: 300,
            protected_mode: true,
            maxmemory: 256 * MB,
            maxmemory_policy: "noeviction".to_string(),
            save: "3600 1 300 100 60 10000".to_string(),
            dbfilename: "dump.rdb".to_string(),
            rdbcompression: true,
            rocksdb_block_cache_size: 256 * MB,
            rocksdb_write_buffer_size: 8 * MB,
            rocksdb_max_write_buffer_number: 4,
            rocksdb_max_background_jobs: 4,
            rocksdb_target_file_size_base: 64 * MB,
            rocksdb_block_size: 4 * KB,
            rocksdb_compression: "lz4".to_string(),
            rocksdb_partitioned_index: true,
            active_expire_enabled: true,
            hll_sparse_max_bytes: 3000,
            notify_keyspace_events: 0,
            client_output_buffer_limit: [(0, 0, 0), (256 * MB, 64 * MB, 60), (32 * MB, 8 * MB, 60)],
            config_file: None,
        }
    }
}

/// How an option's value is written and rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    /// Byte counts: accept `1gb`/`64k`, render as plain bytes, rewrite with
    /// the largest exact binary unit.
    Memory,
    Enum,
    /// Free text; quoted on rewrite when needed.
    Str,
    /// Several words (`bind`, `save`); `CONFIG SET` splits on spaces.
    Multi,
}

struct Spec {
    name: &'static str,
    kind: Kind,
    mutable: bool,
}

const fn opt(name: &'static str, kind: Kind, mutable: bool) -> Spec {
    Spec {
        name,
        kind,
        mutable,
    }
}

const LIVE: bool = true;
const FIXED: bool = false;

/// Every option Strata knows, in the order `CONFIG GET *` lists them and
/// `rewrite` appends them. Immutable ones need a restart: listeners, the
/// data directory and RocksDB's sizing are set up once at startup.
const OPTIONS: &[Spec] = &[
    opt("bind", Kind::Multi, FIXED),
    opt("port", Kind::Int, FIXED),
    opt("protected-mode", Kind::Bool, LIVE),
    opt("tcp-backlog", Kind::Int, FIXED),
    opt("timeout", Kind::Int, LIVE),
    opt("tcp-keepalive", Kind::Int, LIVE),
    opt("daemonize", Kind::Bool, FIXED),
    opt("pidfile", Kind::Str, FIXED),
    opt("loglevel", Kind::Enum, LIVE),
    opt("logfile", Kind::Str, FIXED),
    opt("databases", Kind::Int, FIXED),
    opt("dir", Kind::Str, FIXED),
    opt("save", Kind::Multi, LIVE),
    opt("dbfilename", Kind::Str, LIVE),
    opt("rdbcompression", Kind::Bool, LIVE),
    opt("requirepass", Kind::Str, LIVE),
    opt("maxclients", Kind::Int, LIVE),
    opt("maxmemory", Kind::Memory, LIVE),
    opt("maxmemory-policy", Kind::Enum, LIVE),
    opt("appendonly", Kind::Bool, LIVE),
    opt("appendfsync", Kind::Enum, LIVE),
    opt("io-threads", Kind::Int, FIXED),
    opt("hz", Kind::Int, LIVE),
    opt("busy-reply-threshold", Kind::Int, LIVE),
    opt("lua-time-limit", Kind::Int, LIVE),
    opt("slowlog-log-slower-than", Kind::Int, LIVE),
    opt("slowlog-max-len", Kind::Int, LIVE),
    opt("proto-max-bulk-len", Kind::Memory, LIVE),
    opt("client-query-buffer-limit", Kind::Memory, LIVE),
    opt("active-expire-enabled", Kind::Bool, LIVE),
    opt("hll-sparse-max-bytes", Kind::Memory, LIVE),
    opt("notify-keyspace-events", Kind::Str, LIVE),
    opt("client-output-buffer-limit", Kind::Multi, LIVE),
    opt("rocksdb-block-cache-size", Kind::Memory, FIXED),
    opt("rocksdb-write-buffer-size", Kind::Memory, FIXED),
    opt("rocksdb-max-write-buffer-number", Kind::Int, FIXED),
    opt("rocksdb-max-background-jobs", Kind::Int, FIXED),
    opt("rocksdb-target-file-size-base", Kind::Memory, FIXED),
    opt("rocksdb-block-size", Kind::Memory, FIXED),
    opt("rocksdb-compression", Kind::Enum, FIXED),
    opt("rocksdb-partitioned-index", Kind::Bool, FIXED),
];

fn find_spec(name: &[u8]) -> Option<&'static Spec> {
    OPTIONS
        .iter()
        .find(|s| s.name.as_bytes().eq_ignore_ascii_case(name))
}

/// Redis keeps at most this many `bind` addresses.
const MAX_BIND: usize = 16;
/// Guards against `include` cycles.
const MAX_INCLUDE_DEPTH: usize = 16;
/// Line that marks options appended by `rewrite`; written once, so repeated
/// rewrites never pile it up.
const REWRITE_MARKER: &str = "# Generated by CONFIG REWRITE";

const ERR_INT: &str = "argument couldn't be parsed into an integer";
const ERR_BOOL: &str = "argument must be 'yes' or 'no'";
const ERR_MEM: &str = "argument must be a memory value";
const ERR_ARGS: &str = "wrong number of arguments";
const ERR_SAVE: &str = "Invalid save parameters";

/// State that spans one load (file, includes and command line together).
#[derive(Default)]
struct LoadState {
    /// Like Redis, the first `save` line replaces the defaults and later
    /// ones add to it, so a file can list one save point per line.
    save_seen: bool,
}

impl Config {
    /// Builds the configuration from `strata-server`'s arguments (without
    /// argv\[0\]): an optional config file path first, then `--name value...`
    /// overrides, exactly like `redis-server`.
    ///
    /// `Err` is a complete message for stderr; the server should print it
    /// and exit with a non-zero status. `--help`/`-h` and `--version`/`-v`
    /// also come back as `Err` carrying the usage or version text.
    pub fn from_args(args: &[String]) -> Result<Config, String> {
        let mut cfg = Config::default();
        let mut state = LoadState::default();
        let mut rest = args;

        if let Some(first) = args.first() {
            match first.as_str() {
                "-h" | "--help" => return Err(usage()),
                "-v" | "--version" => {
                    return Err(format!("Strata server v={}", env!("CARGO_PKG_VERSION")))
                }
                _ => {}
            }
            if !first.starts_with('-') {
                let path = absolute(Path::new(first));
                cfg.load_file(&path, 0, &mut state)?;
                cfg.config_file = Some(path);
                rest = &args[1..];
            }
        }

        for (words, shown) in command_line_options(rest)? {
            let line = String::from_utf8_lossy(&shown).into_owned();
            cfg.apply_line(words, &mut state, 0).map_err(|e| match e {
                LineError::Located(msg) => msg,
                LineError::Reason(reason) => {
                    fatal("Reading the command line options", &line, &reason)
                }
            })?;
        }

        if cfg.daemonize {
            return Err("daemonize yes is not supported: Strata always runs in the \
                        foreground (let your service manager background it)"
                .to_string());
        }
        Ok(cfg)
    }

    /// The log destination for [`log::init`]: `None` means stdout.
    pub fn logfile_path(&self) -> Option<&Path> {
        if self.logfile.is_empty() {
            None
        } else {
            Some(Path::new(&self.logfile))
        }
    }

    /// `CONFIG GET pattern`: every option whose name matches the glob
    /// (case-insensitively), with its value rendered as Redis does: `yes`/
    /// `no`, memory as plain byte counts, lists space-separated.
    pub fn get(&self, pattern: &[u8]) -> Vec<(String, String)> {
        OPTIONS
            .iter()
            .filter(|s| glob_match(pattern, s.name.as_bytes(), true))
            .map(|s| (s.name.to_string(), self.render(s)))
            .collect()
    }

    /// `CONFIG GET p1 p2 ...`: the union of [`Config::get`] over all
    /// patterns, each option listed once (Redis 7 semantics).
    pub fn get_many<P: AsRef<[u8]>>(&self, patterns: &[P]) -> Vec<(String, String)> {
        OPTIONS
            .iter()
            .filter(|s| {
                patterns
                    .iter()
                    .any(|p| glob_match(p.as_ref(), s.name.as_bytes(), true))
            })
            .map(|s| (s.name.to_string(), self.render(s)))
            .collect()
    }

    /// `CONFIG SET name value [name value ...]`: all-or-nothing. Names are
    /// case-insensitive; memory values accept `1gb`/`100mb`/`64k`, booleans
    /// `yes`/`no`. On success the caller applies side effects, e.g.
    /// `log::set_level(cfg.loglevel)`.
    pub fn set(&mut self, pairs: &[(Vec<u8>, Vec<u8>)]) -> Result<(), ConfigError> {
        let mut specs: Vec<&'static Spec> = Vec::with_capacity(pairs.len());
        for (name, _) in pairs {
            let shown = String::from_utf8_lossy(name).into_owned();
            let spec = find_spec(name).ok_or_else(|| ConfigError::UnknownOption(shown.clone()))?;
            if !spec.mutable {
                return Err(ConfigError::Immutable(shown));
            }
            if specs.iter().any(|s| std::ptr::eq(*s, spec)) {
                return Err(ConfigError::BadValue {
                    name: shown,
                    reason: "duplicate parameter".to_string(),
                });
            }
            specs.push(spec);
        }

        let mut next = self.clone();
        let mut state = LoadState::default();
        for (spec, (name, value)) in specs.iter().zip(pairs) {
            let words = if spec.kind == Kind::Multi {
                if value.is_empty() {
                    Vec::new()
                } else {
                    value.split(|&b| b == b' ').map(<[u8]>::to_vec).collect()
                }
            } else {
                vec![value.clone()]
            };
            next.apply(spec, &words, &mut state)
                .map_err(|reason| ConfigError::BadValue {
                    name: String::from_utf8_lossy(name).into_owned(),
                    reason,
                })?;
        }
        *self = next;
        Ok(())
    }

    /// `CONFIG REWRITE`: rewrites the file the server was started with so it
    /// reflects the current values. Comments, blank lines, `include`s and
    /// lines we do not understand stay where they are; each known option
    /// keeps its first line (updated) and loses duplicates; options that
    /// differ from the default but are not in the file are appended after a
    /// `# Generated by CONFIG REWRITE` line (added once). The new file replaces the old
    /// one atomically.
    pub fn rewrite(&self) -> Result<(), ConfigError> {
        let path = self.config_file.as_deref().ok_or_else(|| {
            ConfigError::Io("The server is running without a config file".to_string())
        })?;
        let io_err = |e: std::io::Error| ConfigError::Io(format!("Rewriting config file: {e}"));
        let old = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io_err(e)),
        };
        let text = self.rewritten(&old);
        write_atomically(path, &text).map_err(io_err)
    }

    /// The new file contents for `rewrite`, given the old contents.
    fn rewritten(&self, old: &[u8]) -> Vec<u8> {
        let defaults = Config::default();
        let mut written = vec![false; OPTIONS.len()];
        let mut out: Vec<Vec<u8>> = Vec::new();
        // An earlier rewrite's marker stays put; new options go after it.
        let mut marked = false;

        let mut lines: Vec<&[u8]> = old.split(|&b| b == b'\n').collect();
        if lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        for raw in lines {
            let trimmed = trim(raw);
            if trimmed == REWRITE_MARKER.as_bytes() {
                marked = true;
            }
            let known = if trimmed.is_empty() || trimmed[0] == b'#' {
                None
            } else {
                split_args(trimmed).and_then(|words| {
                    let first = words.first()?;
                    OPTIONS
                        .iter()
                        .position(|s| s.name.as_bytes().eq_ignore_ascii_case(first))
                })
            };
            match known {
                Some(i) if written[i] => {}
                Some(i) => {
                    written[i] = true;
                    out.push(self.rewrite_line(&OPTIONS[i]));
                }
                None => out.push(raw.to_vec()),
            }
        }

        for (i, spec) in OPTIONS.iter().enumerate() {
            if written[i] || self.render(spec) == defaults.render(spec) {
                continue;
            }
            if !marked {
                out.push(REWRITE_MARKER.as_bytes().to_vec());
                marked = true;
            }
            out.push(self.rewrite_line(spec));
        }

        let mut text = Vec::new();
        for line in out {
            text.extend_from_slice(&line);
            text.push(b'\n');
        }
        text
    }

    /// One config-file line holding the current value of `spec`.
    fn rewrite_line(&self, spec: &Spec) -> Vec<u8> {
        let mut line = spec.name.as_bytes().to_vec();
        let words: Vec<Vec<u8>> = match spec.name {
            "save" if self.save.is_empty() => vec![Vec::new()],
            "save" => self
                .save
                .split(' ')
                .map(|w| w.as_bytes().to_vec())
                .collect(),
            "bind" => self.bind.iter().map(|w| w.as_bytes().to_vec()).collect(),
            "client-output-buffer-limit" => self
                .render(spec)
                .split(' ')
                .map(|w| w.as_bytes().to_vec())
                .collect(),
            "requirepass" => vec![self.requirepass.clone().unwrap_or_default()],
            _ if spec.kind == Kind::Memory => {
                // Every memory option renders as a non-negative integer.
                let n = self.render(spec).parse::<u64>().unwrap_or(0);
                vec![human_bytes(n).into_bytes()]
            }
            _ => vec![self.render(spec).into_bytes()],
        };
        for w in words {
            line.push(b' ');
            line.extend_from_slice(&quote_arg(&w));
        }
        line
    }

    /// The `CONFIG GET` rendering of one option.
    fn render(&self, spec: &Spec) -> String {
        let yn = |b: bool| if b { "yes" } else { "no" }.to_string();
        match spec.name {
            "bind" => self.bind.join(" "),
            "port" => self.port.to_string(),
            "protected-mode" => yn(self.protected_mode),
            "tcp-backlog" => self.tcp_backlog.to_string(),
            "timeout" => self.timeout.to_string(),
            "tcp-keepalive" => self.tcp_keepalive.to_string(),
            "daemonize" => yn(self.daemonize),
            "pidfile" => self.pidfile.clone(),
            "loglevel" => self.loglevel.name().to_string(),
            "logfile" => self.logfile.clone(),
            "databases" => self.databases.to_string(),
            "dir" => self.dir.to_string_lossy().into_owned(),
            "save" => self.save.clone(),
            "dbfilename" => self.dbfilename.clone(),
            "rdbcompression" => yn(self.rdbcompression),
            "requirepass" => self
                .requirepass
                .as_deref()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default(),
            "maxclients" => self.maxclients.to_string(),
            "maxmemory" => self.maxmemory.to_string(),
            "maxmemory-policy" => self.maxmemory_policy.clone(),
            "appendonly" => yn(self.appendonly),
            "appendfsync" => self.appendfsync.name().to_string(),
            "io-threads" => self.io_threads.to_string(),
            "hz" => self.hz.to_string(),
            "busy-reply-threshold" | "lua-time-limit" => self.busy_reply_threshold.to_string(),
            "slowlog-log-slower-than" => self.slowlog_log_slower_than.to_string(),
            "slowlog-max-len" => self.slowlog_max_len.to_string(),
            "proto-max-bulk-len" => self.proto_max_bulk_len.to_string(),
            "client-query-buffer-limit" => self.client_query_buffer_limit.to_string(),
            "active-expire-enabled" => yn(self.active_expire_enabled),
            "hll-sparse-max-bytes" => self.hll_sparse_max_bytes.to_string(),
            "notify-keyspace-events" => crate::notify::render(self.notify_keyspace_events),
            "client-output-buffer-limit" => ["normal", "slave", "pubsub"]
                .iter()
                .zip(self.client_output_buffer_limit)
                .map(|(class, (hard, soft, secs))| format!("{class} {hard} {soft} {secs}"))
                .collect::<Vec<_>>()
                .join(" "),
            "rocksdb-block-cache-size" => self.rocksdb_block_cache_size.to_string(),
            "rocksdb-write-buffer-size" => self.rocksdb_write_buffer_size.to_string(),
            "rocksdb-max-write-buffer-number" => self.rocksdb_max_write_buffer_number.to_string(),
            "rocksdb-max-background-jobs" => self.rocksdb_max_background_jobs.to_string(),
            "rocksdb-target-file-size-base" => self.rocksdb_target_file_size_base.to_string(),
            "rocksdb-block-size" => self.rocksdb_block_size.to_string(),
            "rocksdb-compression" => self.rocksdb_compression.clone(),
            "rocksdb-partitioned-index" => yn(self.rocksdb_partitioned_index),
            _ => String::new(),
        }
    }

    /// Validates `words` for `spec` and stores the value; `Err` is the
    /// Redis-worded reason.
    fn apply(
        &mut self,
        spec: &Spec,
        words: &[Vec<u8>],
        state: &mut LoadState,
    ) -> Result<(), String> {
        if spec.kind != Kind::Multi && words.len() != 1 {
            return Err(ERR_ARGS.to_string());
        }
        let v: &[u8] = words.first().map(Vec::as_slice).unwrap_or_default();
        match spec.name {
            "bind" => {
                if words.is_empty() {
                    return Err(ERR_ARGS.to_string());
                }
                if words.len() > MAX_BIND {
                    return Err("Too many bind addresses specified.".to_string());
                }
                let mut addrs = Vec::with_capacity(words.len());
                for w in words {
                    if w.is_empty() {
                        return Err("bind address can't be empty".to_string());
                    }
                    addrs.push(utf8(w)?);
                }
                self.bind = addrs;
            }
            "port" => self.port = int(v, 0, 65535)? as u16,
            "protected-mode" => self.protected_mode = boolean(v)?,
            "tcp-backlog" => self.tcp_backlog = int(v, 0, i32::MAX as i64)? as u32,
            "timeout" => self.timeout = int(v, 0, i32::MAX as i64)? as u64,
            "tcp-keepalive" => self.tcp_keepalive = int(v, 0, i32::MAX as i64)? as u64,
            "daemonize" => self.daemonize = boolean(v)?,
            "pidfile" => self.pidfile = utf8(v)?,
            "loglevel" => {
                self.loglevel = log::Level::parse(&String::from_utf8_lossy(v))
                    .ok_or_else(|| one_of(&log::Level::ALL.map(log::Level::name)))?
            }
            "logfile" => self.logfile = utf8(v)?,
            "databases" => self.databases = int(v, 1, 256)? as usize,
            "dir" => {
                if v.is_empty() {
                    return Err("dir can't be empty".to_string());
                }
                self.dir = PathBuf::from(utf8(v)?);
            }
            "save" => {
                let points = save_points(words)?;
                if state.save_seen {
                    if !points.is_empty() {
                        if !self.save.is_empty() {
                            self.save.push(' ');
                        }
                        self.save.push_str(&points);
                    } else {
                        self.save.clear();
                    }
                } else {
                    self.save = points;
                }
                state.save_seen = true;
            }
            "rdbcompression" => self.rdbcompression = boolean(v)?,
            "dbfilename" => {
                if v.contains(&b'/') {
                    return Err("dbfilename can't be a path, just a filename".to_string());
                }
                if v.is_empty() {
                    return Err("dbfilename can't be empty".to_string());
                }
                self.dbfilename = utf8(v)?;
            }
            "requirepass" => self.requirepass = if v.is_empty() { None } else { Some(v.to_vec()) },
            "maxclients" => self.maxclients = int(v, 1, u32::MAX as i64)? as usize,
            "maxmemory" => self.maxmemory = memory(v, 0, u64::MAX)?,
            "maxmemory-policy" => {
                let policy = String::from_utf8_lossy(v).to_ascii_lowercase();
                if !MAXMEMORY_POLICIES.contains(&policy.as_str()) {
                    return Err(one_of(MAXMEMORY_POLICIES));
                }
                self.maxmemory_policy = policy
            }
            "appendonly" => self.appendonly = boolean(v)?,
            "appendfsync" => {
                self.appendfsync = Appendfsync::parse(&String::from_utf8_lossy(v))
                    .ok_or_else(|| one_of(&["everysec", "always", "no"]))?
            }
            "io-threads" => self.io_threads = int(v, 0, 128)? as usize,
            // Redis accepts any non-negative hz and clamps it to 1..=500.
            "hz" => self.hz = int(v, 0, i32::MAX as i64)?.clamp(1, 500) as u32,
            "busy-reply-threshold" | "lua-time-limit" => {
                self.busy_reply_threshold = int(v, 0, i64::MAX)? as u64
            }
            "slowlog-log-slower-than" => self.slowlog_log_slower_than = int(v, -1, i64::MAX)?,
            "slowlog-max-len" => self.slowlog_max_len = int(v, 0, i64::MAX)? as u64,
            "proto-max-bulk-len" => {
                self.proto_max_bulk_len = memory(v, MB, i64::MAX as u64)? as i64
            }
            "client-query-buffer-limit" => {
                self.client_query_buffer_limit = memory(v, MB, i64::MAX as u64)? as usize
            }
            "active-expire-enabled" => self.active_expire_enabled = boolean(v)?,
            "hll-sparse-max-bytes" => self.hll_sparse_max_bytes = memory(v, 0, i64::MAX as u64)?,
            "client-output-buffer-limit" => {
                let mut limits = self.client_output_buffer_limit;
                if words.is_empty() || !words.len().is_multiple_of(4) {
                    return Err(
                        "Wrong number of arguments in buffer limit configuration.".to_string()
                    );
                }
                for w in words.chunks(4) {
                    let class = match w[0].to_ascii_lowercase().as_slice() {
                        b"normal" => 0,
                        b"slave" | b"replica" => 1,
                        b"pubsub" => 2,
                        _ => {
                            return Err(
                                "Invalid client class specified in buffer limit configuration."
                                    .to_string(),
                            )
                        }
                    };
                    let bad = || {
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration."
                            .to_string()
                    };
                    let hard = parse_memory(&w[1]).ok_or_else(bad)?;
                    let soft = parse_memory(&w[2]).ok_or_else(bad)?;
                    let secs = parse_strict_i64(&w[3])
                        .filter(|&n| n >= 0)
                        .ok_or_else(bad)?;
                    limits[class] = (hard, soft, secs as u64);
                }
                self.client_output_buffer_limit = limits;
            }
            "notify-keyspace-events" => {
                self.notify_keyspace_events = crate::notify::parse(v)
                    .ok_or("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.".to_string())?
            }
            "rocksdb-block-cache-size" => {
                self.rocksdb_block_cache_size = memory(v, 0, i64::MAX as u64)?
            }
            "rocksdb-write-buffer-size" => {
                self.rocksdb_write_buffer_size = memory(v, 64 * KB, i64::MAX as u64)?
            }
            "rocksdb-max-write-buffer-number" => {
                self.rocksdb_max_write_buffer_number = int(v, 2, 64)? as u32
            }
            "rocksdb-max-background-jobs" => {
                self.rocksdb_max_background_jobs = int(v, 1, 256)? as u32
            }
            "rocksdb-block-size" => self.rocksdb_block_size = memory(v, KB, 4 * MB)?,
            "rocksdb-target-file-size-base" => {
                self.rocksdb_target_file_size_base = memory(v, MB, i64::MAX as u64)?
            }
            "rocksdb-compression" => {
                let s = String::from_utf8_lossy(v).to_ascii_lowercase();
                if s != "lz4" && s != "none" {
                    return Err(one_of(&["lz4", "none"]));
                }
                self.rocksdb_compression = s;
            }
            "rocksdb-partitioned-index" => self.rocksdb_partitioned_index = boolean(v)?,
            _ => return Err("Bad directive or wrong number of arguments".to_string()),
        }
        Ok(())
    }

    /// Applies one parsed config line (`name arg...`), including `include`.
    fn apply_line(
        &mut self,
        words: Vec<Vec<u8>>,
        state: &mut LoadState,
        depth: usize,
    ) -> Result<(), LineError> {
        let Some((name, args)) = words.split_first() else {
            return Ok(());
        };
        if name.eq_ignore_ascii_case(b"include") {
            if args.len() != 1 {
                return Err(LineError::Reason(ERR_ARGS.to_string()));
            }
            if depth >= MAX_INCLUDE_DEPTH {
                return Err(LineError::Reason(format!(
                    "Too many nested includes (more than {MAX_INCLUDE_DEPTH})"
                )));
            }
            let path = absolute(Path::new(&utf8(&args[0]).map_err(LineError::Reason)?));
            return self
                .load_file(&path, depth + 1, state)
                .map_err(LineError::Located);
        }
        let spec = find_spec(name).ok_or_else(|| {
            LineError::Reason("Bad directive or wrong number of arguments".to_string())
        })?;
        self.apply(spec, args, state).map_err(LineError::Reason)
    }

    /// Reads one config file (following `include`s) into `self`; `Err` is a
    /// complete startup message naming the file and line.
    fn load_file(
        &mut self,
        path: &Path,
        depth: usize,
        state: &mut LoadState,
    ) -> Result<(), String> {
        let bytes = std::fs::read(path).map_err(|e| {
            format!(
                "Fatal error, can't open config file '{}': {e}",
                path.display()
            )
        })?;
        for (idx, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = trim(raw);
            if line.is_empty() || line[0] == b'#' {
                continue;
            }
            let shown = String::from_utf8_lossy(line).into_owned();
            let place = format!(
                "Reading the configuration file '{}', at line {}",
                path.display(),
                idx + 1
            );
            let words = split_args(line)
                .ok_or_else(|| fatal(&place, &shown, "Unbalanced quotes in configuration line"))?;
            match self.apply_line(words, state, depth) {
                Ok(()) => {}
                Err(LineError::Located(msg)) => return Err(msg),
                Err(LineError::Reason(reason)) => return Err(fatal(&place, &shown, &reason)),
            }
        }
        Ok(())
    }
}

/// Why one config line was rejected.
enum LineError {
    /// Redis-worded reason; the caller adds where it happened.
    Reason(String),
    /// A complete message from an included file, already naming its place.
    Located(String),
}

/// The startup error block, shaped like Redis' so people recognise it.
fn fatal(place: &str, line: &str, reason: &str) -> String {
    format!("\n*** FATAL CONFIG FILE ERROR ***\n{place}\n>>> '{line}'\n{reason}")
}

fn usage() -> String {
    "Usage: strata-server [/path/to/strata.conf] [options]\n\
     \x20      strata-server -v or --version\n\
     \x20      strata-server -h or --help\n\n\
     Examples:\n\
     \x20      strata-server (run the server with default settings)\n\
     \x20      strata-server conf/strata.conf\n\
     \x20      strata-server --port 7777\n\
     \x20      strata-server conf/strata.conf --loglevel verbose --save 60 1000\n"
        .to_string()
}

/// Splits `--name value...` command-line arguments into config lines.
/// Returns each line's words plus a printable form for error messages.
/// One command-line option as config-file words, plus its printable form.
type CliLine = (Vec<Vec<u8>>, Vec<u8>);

fn command_line_options(args: &[String]) -> Result<Vec<CliLine>, String> {
    let mut lines: Vec<Vec<Vec<u8>>> = Vec::new();
    // Right after a bare `--name` the next argument is always its value,
    // even if it starts with `--`, as in redis-server.
    let mut want_value = false;
    for (k, arg) in args.iter().enumerate() {
        if arg.starts_with("--") && !want_value {
            let mut words = split_args(&arg.as_bytes()[2..]).ok_or_else(|| {
                fatal(
                    "Reading the command line options",
                    arg,
                    "Unbalanced quotes in configuration line",
                )
            })?;
            if words.is_empty() {
                return Err(format!("Invalid option '{arg}': expected --name value"));
            }
            if words.len() == 1 {
                let is_save = words[0].eq_ignore_ascii_case(b"save");
                let next_is_option = args.get(k + 1).is_none_or(|a| a.starts_with("--"));
                if is_save && next_is_option {
                    // `--save` with nothing after it means "no save points".
                    words.push(Vec::new());
                } else {
                    want_value = true;
                }
            }
            lines.push(words);
        } else if let Some(line) = lines.last_mut() {
            line.push(arg.as_bytes().to_vec());
            want_value = false;
        } else if arg == "-" {
            return Err("Reading the configuration from stdin is not supported".to_string());
        } else {
            return Err(format!(
                "Invalid argument '{arg}': options must look like --name value \
                 (a config file path may only come first)"
            ));
        }
    }
    Ok(lines
        .into_iter()
        .map(|words| {
            let mut shown = words[0].clone();
            for w in &words[1..] {
                shown.push(b' ');
                shown.extend_from_slice(&quote_arg(w));
            }
            (words, shown)
        })
        .collect())
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.rewrite-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = f.set_permissions(meta.permissions());
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if matches!(first, b' ' | b'\t' | b'\r' | b'\n') {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if matches!(last, b' ' | b'\t' | b'\r' | b'\n') {
            s = rest;
        } else {
            break;
        }
    }
    s
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Splits a config line into words the way redis.conf is read: whitespace
/// separates words; `"..."` supports `\n \r \t \b \a \\ \" \xHH` escapes;
/// `'...'` only `\'`; a closing quote must end the word. `None` means
/// unbalanced quotes.
fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let n = line.len();
    let mut words = Vec::new();
    let mut i = 0;
    loop {
        while i < n && is_space(line[i]) {
            i += 1;
        }
        if i >= n {
            return Some(words);
        }
        let mut word = Vec::new();
        while i < n && !is_space(line[i]) {
            match line[i] {
                b'"' => {
                    i += 1;
                    loop {
                        let b = *line.get(i)?;
                        if b == b'"' {
                            i += 1;
                            break;
                        }
                        if b == b'\\' && i + 1 < n {
                            let e = line[i + 1];
                            if e == b'x' && i + 3 < n {
                                if let (Some(h), Some(l)) =
                                    (hex_val(line[i + 2]), hex_val(line[i + 3]))
                                {
                                    word.push(h << 4 | l);
                                    i += 4;
                                    continue;
                                }
                            }
                            word.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 0x08,
                                b'a' => 0x07,
                                other => other,
                            });
                            i += 2;
                        } else {
                            word.push(b);
                            i += 1;
                        }
                    }
                    if i < n && !is_space(line[i]) {
                        return None;
                    }
                }
                b'\'' => {
                    i += 1;
                    loop {
                        let b = *line.get(i)?;
                        if b == b'\'' {
                            i += 1;
                            break;
                        }
                        if b == b'\\' && line.get(i + 1) == Some(&b'\'') {
                            word.push(b'\'');
                            i += 2;
                        } else {
                            word.push(b);
                            i += 1;
                        }
                    }
                    if i < n && !is_space(line[i]) {
                        return None;
                    }
                }
                b => {
                    word.push(b);
                    i += 1;
                }
            }
        }
        words.push(word);
    }
}

/// Renders one word so that [`split_args`] reads it back unchanged: bare
/// when it is plain printable ASCII, double-quoted with escapes otherwise.
fn quote_arg(w: &[u8]) -> Vec<u8> {
    let plain = !w.is_empty()
        && w.iter()
            .all(|&b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'\\'));
    if plain {
        return w.to_vec();
    }
    repr(w)
}

/// `w` double-quoted with C escapes, as Redis' `sdscatrepr` writes it (config files, MONITOR).
pub(crate) fn repr(w: &[u8]) -> Vec<u8> {
    let mut out = vec![b'"'];
    for &b in w {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x07 => out.extend_from_slice(b"\\a"),
            0x08 => out.extend_from_slice(b"\\b"),
            b' ' | b'\'' => out.push(b),
            b if b.is_ascii_graphic() => out.push(b),
            b => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
        }
    }
    out.push(b'"');
    out
}

fn utf8(v: &[u8]) -> Result<String, String> {
    String::from_utf8(v.to_vec()).map_err(|_| "argument must be valid UTF-8".to_string())
}

fn boolean(v: &[u8]) -> Result<bool, String> {
    if v.eq_ignore_ascii_case(b"yes") {
        Ok(true)
    } else if v.eq_ignore_ascii_case(b"no") {
        Ok(false)
    } else {
        Err(ERR_BOOL.to_string())
    }
}

/// Redis' `maxmemory-policy` values, in the order its error lists them.
const MAXMEMORY_POLICIES: &[&str] = &[
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "noeviction",
];

fn one_of(names: &[&str]) -> String {
    format!(
        "argument(s) must be one of the following: {}",
        names.join(", ")
    )
}

/// Strict integer syntax as Redis' `string2ll`: optional `-`, digits, no
/// `+`, no spaces, no leading zeros.
fn parse_strict_i64(v: &[u8]) -> Option<i64> {
    let digits = v.strip_prefix(b"-").unwrap_or(v);
    if digits.is_empty()
        || !digits.iter().all(u8::is_ascii_digit)
        || (digits.len() > 1 && digits[0] == b'0')
        || (v[0] == b'-' && digits == b"0")
    {
        return None;
    }
    std::str::from_utf8(v).ok()?.parse().ok()
}

fn int(v: &[u8], min: i64, max: i64) -> Result<i64, String> {
    let n = parse_strict_i64(v).ok_or(ERR_INT)?;
    if n < min || n > max {
        return Err(format!(
            "argument must be between {min} and {max} inclusive"
        ));
    }
    Ok(n)
}

/// Parses `123`, `64k` (1000), `64kb` (1024), `m`/`mb`, `g`/`gb`, `b`, any
/// letter case. Like Redis, an empty number counts as 0.
fn parse_memory(v: &[u8]) -> Option<u64> {
    let lower = v.to_ascii_lowercase();
    const UNITS: [(&[u8], u64); 7] = [
        (b"gb", GB),
        (b"mb", MB),
        (b"kb", KB),
        (b"g", 1_000_000_000),
        (b"m", 1_000_000),
        (b"k", 1_000),
        (b"b", 1),
    ];
    let (digits, mul) = UNITS
        .iter()
        .find_map(|(suffix, mul)| lower.strip_suffix(*suffix).map(|d| (d, *mul)))
        .unwrap_or((&lower[..], 1));
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut n: u64 = 0;
    for &d in digits {
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    n.checked_mul(mul)
}

fn memory(v: &[u8], min: u64, max: u64) -> Result<u64, String> {
    let n = parse_memory(v).ok_or(ERR_MEM)?;
    if n < min || n > max {
        return Err(format!(
            "argument must be between {min} and {max} inclusive"
        ));
    }
    Ok(n)
}

/// Validates `save` words (pairs of seconds >= 1 and changes >= 0, or a
/// single empty word for "none") and returns their canonical rendering.
fn save_points(words: &[Vec<u8>]) -> Result<String, String> {
    if words.is_empty() || (words.len() == 1 && words[0].is_empty()) {
        return Ok(String::new());
    }
    if !words.len().is_multiple_of(2) {
        return Err(ERR_SAVE.to_string());
    }
    let mut parts = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if w.is_empty() || !w.iter().all(u8::is_ascii_digit) {
            return Err(ERR_SAVE.to_string());
        }
        let n: i64 = std::str::from_utf8(w)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or(ERR_SAVE)?;
        if i % 2 == 0 && n < 1 {
            return Err(ERR_SAVE.to_string());
        }
        parts.push(n.to_string());
    }
    Ok(parts.join(" "))
}

/// Largest exact binary unit, the way Redis writes memory values back.
fn human_bytes(n: u64) -> String {
    if n != 0 && n.is_multiple_of(GB) {
        format!("{}gb", n / GB)
    } else if n != 0 && n.is_multiple_of(MB) {
        format!("{}mb", n / MB)
    } else if n != 0 && n.is_multiple_of(KB) {
        format!("{}kb", n / KB)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn get1(cfg: &Config, name: &str) -> String {
        let found = cfg.get(name.as_bytes());
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        found[0].1.clone()
    }

    fn set(cfg: &mut Config, pairs: &[(&str, &str)]) -> Result<(), ConfigError> {
        let owned: Vec<(Vec<u8>, Vec<u8>)> = pairs
            .iter()
            .map(|(n, v)| (n.as_bytes().to_vec(), v.as_bytes().to_vec()))
            .collect();
        cfg.set(&owned)
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn load(path: &Path, extra: &[&str]) -> Result<Config, String> {
        let mut v = vec![path.to_string_lossy().into_owned()];
        v.extend(extra.iter().map(|s| s.to_string()));
        Config::from_args(&v)
    }

    const CONF_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/conf/strata.conf");

    #[test]
    fn shipped_conf_equals_defaults() {
        let mut loaded = load(Path::new(CONF_PATH), &[]).unwrap();
        assert!(loaded.config_file.is_some());
        loaded.config_file = None;
        assert_eq!(loaded, Config::default());
    }

    #[test]
    fn shipped_conf_sets_and_documents_every_option() {
        let text = include_str!("../conf/strata.conf");
        for spec in OPTIONS {
            let directive = text.lines().any(|l| {
                split_args(trim(l.as_bytes()))
                    .and_then(|w| w.first().cloned())
                    .is_some_and(|w| w == spec.name.as_bytes())
            });
            assert!(directive, "conf/strata.conf lacks a `{}` line", spec.name);
            let settable = if spec.mutable {
                "CONFIG SET: yes"
            } else {
                "CONFIG SET: no"
            };
            let para = text.split("\n\n").find(|p| {
                p.lines()
                    .any(|l| l.split_whitespace().next() == Some(spec.name))
            });
            let para = para.unwrap_or_default();
            assert!(
                para.contains(settable),
                "`{}` paragraph must say `{settable}`",
                spec.name
            );
        }
    }

    #[test]
    fn rewriting_the_shipped_conf_with_defaults_changes_nothing() {
        let text = include_str!("../conf/strata.conf");
        let out = Config::default().rewritten(text.as_bytes());
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }

    #[test]
    fn defaults_render_like_redis() {
        let c = Config::default();
        assert_eq!(get1(&c, "timeout"), "0");
        assert_eq!(get1(&c, "maxmemory"), "268435456");
        assert_eq!(get1(&c, "save"), "3600 1 300 100 60 10000");
        assert_eq!(get1(&c, "appendfsync"), "everysec");
        assert_eq!(get1(&c, "bind"), "127.0.0.1");
        assert_eq!(get1(&c, "port"), "6379");
        assert_eq!(get1(&c, "dir"), "./data");
        assert_eq!(get1(&c, "databases"), "16");
        assert_eq!(get1(&c, "requirepass"), "");
        assert_eq!(get1(&c, "appendonly"), "yes");
        assert_eq!(get1(&c, "protected-mode"), "yes");
        assert_eq!(get1(&c, "daemonize"), "no");
        assert_eq!(get1(&c, "loglevel"), "notice");
        assert_eq!(get1(&c, "logfile"), "");
        assert_eq!(get1(&c, "proto-max-bulk-len"), "536870912");
        assert_eq!(get1(&c, "client-query-buffer-limit"), "1073741824");
        assert_eq!(get1(&c, "io-threads"), "0");
        assert_eq!(get1(&c, "hz"), "10");
        assert_eq!(get1(&c, "tcp-backlog"), "511");
        assert_eq!(get1(&c, "tcp-keepalive"), "300");
        assert_eq!(get1(&c, "dbfilename"), "dump.rdb");
        assert_eq!(get1(&c, "rocksdb-compression"), "lz4");
        assert_eq!(get1(&c, "active-expire-enabled"), "yes");
        assert_eq!(get1(&c, "rdbcompression"), "yes");
        assert_eq!(get1(&c, "rocksdb-block-size"), "4096");
        assert_eq!(get1(&c, "rocksdb-partitioned-index"), "yes");
    }

    #[test]
    fn rocksdb_block_size_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let conf = write(dir.path(), "s.conf", "");
        let c = load(&conf, &["--rocksdb-block-size", "64kb"]).unwrap();
        assert_eq!(c.rocksdb_block_size, 64 * KB);
        for bad in ["512", "8mb"] {
            assert!(
                load(&conf, &["--rocksdb-block-size", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn get_globs_case_insensitively() {
        let c = Config::default();
        assert_eq!(c.get(b"*").len(), OPTIONS.len());
        assert_eq!(
            c.get(b"PORT"),
            vec![("port".to_string(), "6379".to_string())]
        );
        let names: Vec<String> = c.get(b"rocksdb-*").into_iter().map(|p| p.0).collect();
        assert_eq!(names.len(), 8);
        assert!(c.get(b"nosuch").is_empty());
        let many = c.get_many(&[b"port".as_slice(), b"po*", b"hz"]);
        let names: Vec<&str> = many.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(names, ["port", "hz"]);
    }

    #[test]
    fn set_values_and_units() {
        let mut c = Config::default();
        set(&mut c, &[("maxmemory", "1gb")]).unwrap();
        assert_eq!(c.maxmemory, 1 << 30);
        set(&mut c, &[("maxmemory", "1g")]).unwrap();
        assert_eq!(c.maxmemory, 1_000_000_000);
        set(&mut c, &[("MAXMEMORY", "64K")]).unwrap();
        assert_eq!(get1(&c, "maxmemory"), "64000");
        set(&mut c, &[("maxmemory", "10Kb")]).unwrap();
        assert_eq!(c.maxmemory, 10240);
        set(&mut c, &[("maxmemory", "100mb")]).unwrap();
        assert_eq!(c.maxmemory, 100 << 20);
        set(&mut c, &[("maxmemory", "05")]).unwrap();
        assert_eq!(c.maxmemory, 5);
        set(&mut c, &[("maxmemory", "1b")]).unwrap();
        assert_eq!(c.maxmemory, 1);
        set(&mut c, &[("maxmemory", "18446744073709551615")]).unwrap();
        assert_eq!(c.maxmemory, u64::MAX);
        set(
            &mut c,
            &[("protected-mode", "NO"), ("appendfsync", "ALWAYS")],
        )
        .unwrap();
        assert!(!c.protected_mode);
        assert_eq!(c.appendfsync, Appendfsync::Always);
        set(&mut c, &[("loglevel", "warning")]).unwrap();
        assert_eq!(c.loglevel, log::Level::Warning);
        set(&mut c, &[("loglevel", "nothing")]).unwrap();
        assert_eq!(get1(&c, "loglevel"), "nothing");
        set(&mut c, &[("hz", "1000")]).unwrap();
        assert_eq!(c.hz, 500);
        set(&mut c, &[("hz", "0")]).unwrap();
        assert_eq!(c.hz, 1);
        set(&mut c, &[("requirepass", "s3cret")]).unwrap();
        assert_eq!(c.requirepass.as_deref(), Some(&b"s3cret"[..]));
        set(&mut c, &[("requirepass", "")]).unwrap();
        assert_eq!(c.requirepass, None);
        set(&mut c, &[("save", "100 10")]).unwrap();
        assert_eq!(get1(&c, "save"), "100 10");
        set(&mut c, &[("save", "010 1")]).unwrap();
        assert_eq!(c.save, "10 1");
        set(&mut c, &[("save", "")]).unwrap();
        assert_eq!(c.save, "");
        set(
            &mut c,
            &[
                ("timeout", "30"),
                ("maxclients", "5"),
                ("active-expire-enabled", "no"),
            ],
        )
        .unwrap();
        assert_eq!(
            (c.timeout, c.maxclients, c.active_expire_enabled),
            (30, 5, false)
        );
        set(
            &mut c,
            &[
                ("proto-max-bulk-len", "1mb"),
                ("client-query-buffer-limit", "2mb"),
            ],
        )
        .unwrap();
        assert_eq!(
            (c.proto_max_bulk_len, c.client_query_buffer_limit),
            (1 << 20, 2 << 20)
        );
    }

    fn reason(r: Result<(), ConfigError>) -> String {
        match r {
            Err(ConfigError::BadValue { reason, .. }) => reason,
            other => panic!("expected BadValue, got {other:?}"),
        }
    }

    #[test]
    fn set_errors_use_redis_wording() {
        let mut c = Config::default();
        assert_eq!(reason(set(&mut c, &[("timeout", "abc")])), ERR_INT);
        for bad in [
            "",
            "010",
            "+10",
            " 10",
            "1.0",
            "-0",
            "99999999999999999999999",
        ] {
            assert_eq!(reason(set(&mut c, &[("timeout", bad)])), ERR_INT, "{bad:?}");
        }
        assert_eq!(
            reason(set(&mut c, &[("timeout", "-1")])),
            "argument must be between 0 and 2147483647 inclusive"
        );
        assert_eq!(
            reason(set(&mut c, &[("protected-mode", "maybe")])),
            ERR_BOOL
        );
        assert_eq!(
            reason(set(&mut c, &[("appendfsync", "foo")])),
            "argument(s) must be one of the following: everysec, always, no"
        );
        assert_eq!(
            reason(set(&mut c, &[("loglevel", "loud")])),
            "argument(s) must be one of the following: debug, verbose, notice, warning, nothing"
        );
        for bad in [
            "1zb",
            "1.5gb",
            " 5",
            "5 ",
            "+5",
            "-5",
            "0x10",
            "18446744073709551616",
            "20000000000gb",
        ] {
            assert_eq!(
                reason(set(&mut c, &[("maxmemory", bad)])),
                ERR_MEM,
                "{bad:?}"
            );
        }
        assert_eq!(
            reason(set(&mut c, &[("maxclients", "0")])),
            "argument must be between 1 and 4294967295 inclusive"
        );
        assert_eq!(
            reason(set(&mut c, &[("proto-max-bulk-len", "1")])),
            "argument must be between 1048576 and 9223372036854775807 inclusive"
        );
        for bad in ["0 0", "-1 5", "10 -1", " 10  1 ", "1x 1", "100 10 200"] {
            assert_eq!(reason(set(&mut c, &[("save", bad)])), ERR_SAVE, "{bad:?}");
        }
        assert_eq!(
            reason(set(&mut c, &[("dbfilename", "a/b")])),
            "dbfilename can't be a path, just a filename"
        );
        assert_eq!(c, Config::default(), "failed sets change nothing");
    }

    #[test]
    fn set_rejects_unknown_immutable_and_duplicates() {
        let mut c = Config::default();
        let e = set(&mut c, &[("nosuch", "1")]).unwrap_err();
        assert_eq!(e, ConfigError::UnknownOption("nosuch".into()));
        assert_eq!(
            e.to_string(),
            "Unknown option or number of arguments for CONFIG SET - 'nosuch'"
        );
        for name in [
            "port",
            "bind",
            "dir",
            "databases",
            "daemonize",
            "io-threads",
            "logfile",
            "pidfile",
            "tcp-backlog",
            "rocksdb-block-cache-size",
            "rocksdb-write-buffer-size",
            "rocksdb-max-write-buffer-number",
            "rocksdb-max-background-jobs",
            "rocksdb-target-file-size-base",
            "rocksdb-block-size",
            "rocksdb-compression",
            "rocksdb-partitioned-index",
        ] {
            let e = set(&mut c, &[(name, "1")]).unwrap_err();
            assert_eq!(e, ConfigError::Immutable(name.into()));
        }
        assert_eq!(
            ConfigError::Immutable("databases".into()).to_string(),
            "CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"
        );
        let e = set(&mut c, &[("timeout", "1"), ("TIMEOUT", "2")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate parameter"
        );
        assert_eq!(c, Config::default());
    }

    #[test]
    fn set_is_all_or_nothing() {
        let mut c = Config::default();
        let e = set(&mut c, &[("timeout", "1"), ("hz", "x")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"
        );
        assert_eq!(c.timeout, 0);
        assert!(set(&mut c, &[("timeout", "7"), ("nosuch", "1")]).is_err());
        assert_eq!(c.timeout, 0);
        set(&mut c, &[("timeout", "7"), ("hz", "20")]).unwrap();
        assert_eq!((c.timeout, c.hz), (7, 20));
    }

    #[test]
    fn file_then_command_line_overrides() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "s.conf",
            "# comment\n\n  port 7000  \r\nTIMEOUT 5\nbind 127.0.0.1 ::1\nrequirepass \"p w\\x41\"\nmaxmemory 1gb\n",
        );
        let c = load(
            &p,
            &[
                "--port",
                "7001",
                "--loglevel",
                "verbose",
                "--save",
                "900",
                "1",
                "300",
                "10",
            ],
        )
        .unwrap();
        assert_eq!(c.port, 7001);
        assert_eq!(c.timeout, 5);
        assert_eq!(c.bind, ["127.0.0.1", "::1"]);
        assert_eq!(c.requirepass.as_deref(), Some(&b"p wA"[..]));
        assert_eq!(c.maxmemory, 1 << 30);
        assert_eq!(c.loglevel, log::Level::Verbose);
        assert_eq!(c.save, "900 1 300 10");
        assert_eq!(c.config_file.as_deref(), Some(p.as_path()));
    }

    #[test]
    fn command_line_only_and_special_forms() {
        let c = Config::from_args(&[]).unwrap();
        assert_eq!(c, Config::default());
        let c = Config::from_args(&args(&["--port 7002", "--dir", "/tmp/x y"])).unwrap();
        assert_eq!((c.port, c.dir.as_path()), (7002, Path::new("/tmp/x y")));
        assert_eq!(c.config_file, None);
        // `--save` right before another option, or last, means no save points.
        let c = Config::from_args(&args(&["--save", "--port", "7003"])).unwrap();
        assert_eq!((c.save.as_str(), c.port), ("", 7003));
        let c = Config::from_args(&args(&["--port", "7004", "--save"])).unwrap();
        assert_eq!(c.save, "");
        let c = Config::from_args(&args(&["--save", ""])).unwrap();
        assert_eq!(c.save, "");
        // The word right after a bare --name is always its value.
        let c = Config::from_args(&args(&["--requirepass", "--odd"])).unwrap();
        assert_eq!(c.requirepass.as_deref(), Some(&b"--odd"[..]));
        let c =
            Config::from_args(&args(&["--appendfsync", "always", "--appendonly", "no"])).unwrap();
        assert_eq!((c.appendfsync, c.appendonly), (Appendfsync::Always, false));
        assert!(Config::from_args(&args(&["--help"]))
            .unwrap_err()
            .contains("Usage"));
        assert!(Config::from_args(&args(&["-v"]))
            .unwrap_err()
            .contains("v="));
    }

    #[test]
    fn startup_errors_name_the_place() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "bad.conf", "port 7000\nfoo bar\n");
        let e = load(&p, &[]).unwrap_err();
        assert!(e.contains("FATAL CONFIG FILE ERROR"), "{e}");
        assert!(e.contains(&format!("'{}', at line 2", p.display())), "{e}");
        assert!(e.contains(">>> 'foo bar'"), "{e}");
        assert!(
            e.ends_with("Bad directive or wrong number of arguments"),
            "{e}"
        );

        let p = write(d.path(), "b2.conf", "timeout abc\n");
        assert!(load(&p, &[]).unwrap_err().ends_with(ERR_INT));
        let p = write(d.path(), "b3.conf", "port\n");
        assert!(load(&p, &[])
            .unwrap_err()
            .ends_with("wrong number of arguments"));
        let p = write(d.path(), "b4.conf", "port 7392 \"unbalanced\n");
        assert!(load(&p, &[])
            .unwrap_err()
            .ends_with("Unbalanced quotes in configuration line"));
        let p = write(
            d.path(),
            "b5.conf",
            "port 1 # trailing comments are not comments\n",
        );
        assert!(load(&p, &[])
            .unwrap_err()
            .ends_with("wrong number of arguments"));

        let e = Config::from_args(&args(&["--nosuch", "1"])).unwrap_err();
        assert!(
            e.contains(">>> 'nosuch 1'")
                && e.ends_with("Bad directive or wrong number of arguments"),
            "{e}"
        );
        let e = Config::from_args(&args(&["--timeout", "1", "2"])).unwrap_err();
        assert!(e.ends_with("wrong number of arguments"), "{e}");
        let e = Config::from_args(&args(&["--appendfsync", "foo"])).unwrap_err();
        assert!(
            e.ends_with("argument(s) must be one of the following: everysec, always, no"),
            "{e}"
        );
        let e = Config::from_args(&args(&["/nonexistent/strata.conf"])).unwrap_err();
        assert!(
            e.contains("can't open config file '/nonexistent/strata.conf'"),
            "{e}"
        );
        // Extra words join the previous option, as with redis-server.
        let e = Config::from_args(&args(&["--port", "1", "stray"])).unwrap_err();
        assert!(
            e.contains(">>> 'port 1 stray'") && e.ends_with("wrong number of arguments"),
            "{e}"
        );
        let e = Config::from_args(&args(&["-x"])).unwrap_err();
        assert!(e.contains("Invalid argument '-x'"), "{e}");
        let e = Config::from_args(&args(&["--daemonize", "yes"])).unwrap_err();
        assert!(e.contains("daemonize yes is not supported"), "{e}");
        let e = Config::from_args(&args(&["--databases", "257"])).unwrap_err();
        assert!(
            e.ends_with("argument must be between 1 and 256 inclusive"),
            "{e}"
        );
        let many: Vec<String> = std::iter::once("--bind".to_string())
            .chain((0..17).map(|i| format!("127.0.0.{i}")))
            .collect();
        assert!(Config::from_args(&many)
            .unwrap_err()
            .ends_with("Too many bind addresses specified."));
    }

    #[test]
    fn save_lines_accumulate_within_one_load() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "s.conf", "save 3600 1\nsave 300 100\n");
        assert_eq!(load(&p, &[]).unwrap().save, "3600 1 300 100");
        assert_eq!(
            load(&p, &["--save", "60", "5"]).unwrap().save,
            "3600 1 300 100 60 5"
        );
        let p = write(d.path(), "e.conf", "save 3600 1\nsave \"\"\n");
        assert_eq!(load(&p, &[]).unwrap().save, "");
        let p = write(d.path(), "n.conf", "port 7000\n");
        assert_eq!(load(&p, &[]).unwrap().save, Config::default().save);
    }

    #[test]
    fn include_files() {
        let d = tempfile::tempdir().unwrap();
        let inc = write(d.path(), "inc.conf", "timeout 9\nhz 50\n");
        let main = write(
            d.path(),
            "main.conf",
            &format!("hz 20\ninclude {}\nport 7100\n", inc.display()),
        );
        let c = load(&main, &[]).unwrap();
        assert_eq!((c.timeout, c.hz, c.port), (9, 50, 7100));

        let bad = write(d.path(), "bad.conf", "\nwhat 1\n");
        let main = write(d.path(), "m2.conf", &format!("include {}\n", bad.display()));
        let e = load(&main, &[]).unwrap_err();
        assert!(
            e.contains(&format!("'{}', at line 2", bad.display())),
            "{e}"
        );

        let cyc = d.path().join("cyc.conf");
        std::fs::write(&cyc, format!("include {}\n", cyc.display())).unwrap();
        assert!(load(&cyc, &[])
            .unwrap_err()
            .contains("Too many nested includes"));
        let missing = write(d.path(), "m3.conf", "include /nonexistent/x.conf\n");
        assert!(load(&missing, &[])
            .unwrap_err()
            .contains("can't open config file"));
    }

    #[test]
    fn split_args_quoting() {
        let s = |l: &str| {
            split_args(l.as_bytes()).map(|v| {
                v.into_iter()
                    .map(|w| String::from_utf8_lossy(&w).into_owned())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(s("a b\tc").unwrap(), ["a", "b", "c"]);
        assert_eq!(s("  ").unwrap(), Vec::<String>::new());
        assert_eq!(s(r#"k "a b" 'c d'"#).unwrap(), ["k", "a b", "c d"]);
        assert_eq!(s(r#"k "x\n\t\"\\\x41""#).unwrap(), ["k", "x\n\t\"\\A"]);
        assert_eq!(s(r#"k 'it\'s' 'a\nb'"#).unwrap(), ["k", "it's", "a\\nb"]);
        assert_eq!(s(r#"k """#).unwrap(), ["k", ""]);
        assert_eq!(s(r#"k ab"c d""#).unwrap(), ["k", "abc d"]);
        assert_eq!(s(r#"k "\xZZ""#).unwrap(), ["k", "xZZ"]);
        assert!(s(r#"k "a"b"#).is_none());
        assert!(s(r#"k "abc"#).is_none());
        assert!(s("k 'abc").is_none());
        assert!(s(r#"k "abc\"#).is_none());
    }

    proptest! {
        #[test]
        fn quote_arg_round_trips(w in proptest::collection::vec(any::<u8>(), 0..24)) {
            let q = quote_arg(&w);
            prop_assert_eq!(split_args(&q), Some(vec![w]));
        }

        #[test]
        fn split_args_never_panics(l in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = split_args(&l);
        }

        #[test]
        fn set_never_panics(name in "[a-z-]{1,30}", value in proptest::collection::vec(any::<u8>(), 0..24)) {
            let mut c = Config::default();
            let _ = c.set(&[(name.into_bytes(), value)]);
        }

        #[test]
        fn memory_values_round_trip_through_rewrite_format(n in any::<u64>()) {
            prop_assert_eq!(parse_memory(human_bytes(n).as_bytes()), Some(n));
        }
    }

    #[test]
    fn rewrite_requires_a_config_file() {
        let e = Config::default().rewrite().unwrap_err();
        assert_eq!(
            e,
            ConfigError::Io("The server is running without a config file".into())
        );
        assert_eq!(e.to_string(), "The server is running without a config file");
    }

    #[test]
    fn rewrite_keeps_layout_and_round_trips() {
        let d = tempfile::tempdir().unwrap();
        let loadable = "# Top comment\n\nport 7000\n# about timeout\ntimeout 5\ntimeout 6\nsave 3600 1\nsave 300 100\n   # indented comment\nrequirepass old\n";
        let p = write(d.path(), "r.conf", loadable);
        let mut c = load(&p, &["--maxmemory", "1gb"]).unwrap();
        assert_eq!(c.timeout, 6);
        assert_eq!(c.save, "3600 1 300 100");
        set(
            &mut c,
            &[
                ("timeout", "42"),
                ("requirepass", "new pass"),
                ("hz", "25"),
                ("save", ""),
            ],
        )
        .unwrap();
        // Lines we do not understand (say, added by a newer version) survive.
        let with_unknown = loadable.replace("timeout 6\n", "timeout 6\nfuture-option x\n");
        std::fs::write(&p, with_unknown).unwrap();
        c.rewrite().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text,
            "# Top comment\n\nport 7000\n# about timeout\ntimeout 42\nfuture-option x\nsave \"\"\n   # indented comment\nrequirepass \"new pass\"\n\
             # Generated by CONFIG REWRITE\nmaxmemory 1gb\nhz 25\n"
        );
        // Idempotent, and the marker does not pile up.
        c.rewrite().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
        // Reloading the rewritten file (minus the unknown line, which would
        // stop a load) gives back the same configuration.
        std::fs::write(&p, text.replace("future-option x\n", "")).unwrap();
        let back = load(&p, &[]).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn rewrite_of_binary_password_and_missing_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("gone.conf");
        let mut c = Config {
            config_file: Some(p.clone()),
            ..Config::default()
        };
        c.set(&[(b"requirepass".to_vec(), b"\x00\xffq\"".to_vec())])
            .unwrap();
        c.rewrite().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text,
            "# Generated by CONFIG REWRITE\nrequirepass \"\\x00\\xffq\\\"\"\n"
        );
        let back = load(&p, &[]).unwrap();
        assert_eq!(back.requirepass, c.requirepass);
    }

    #[test]
    fn rewrite_reports_io_errors() {
        let c = Config {
            config_file: Some(PathBuf::from("/nonexistent-dir-strata/x.conf")),
            ..Config::default()
        };
        match c.rewrite() {
            Err(ConfigError::Io(msg)) => {
                assert!(msg.starts_with("Rewriting config file: "), "{msg}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn logfile_path_helper() {
        let mut c = Config::default();
        assert_eq!(c.logfile_path(), None);
        c.logfile = "/tmp/s.log".into();
        assert_eq!(c.logfile_path(), Some(Path::new("/tmp/s.log")));
    }
}
