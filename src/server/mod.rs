//! Server-wide state shared by every connection: the engine, configuration, the client registry,
//! statistics, and the background jobs (active expiry, WAL sync, ops sampling).
//!
//! Invariant: nothing here is held across an `.await` — handlers are synchronous and take the
//! `global` lock and key stripes only for the duration of one command.

mod conn;
pub mod info;

use crate::config::{Appendfsync, Config};
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use strata_storage::{Engine, EngineOptions, SyncMode};
use tokio::sync::Notify;

pub use conn::serve;

/// Counters behind INFO stats. Relaxed atomics: they are statistics, not synchronization.
#[derive(Default)]
pub struct Stats {
    pub commands: AtomicU64,
    pub connections_received: AtomicU64,
    pub rejected_connections: AtomicU64,
    pub keyspace_hits: AtomicU64,
    pub keyspace_misses: AtomicU64,
    pub expired_keys: AtomicU64,
    pub net_input_bytes: AtomicU64,
    pub net_output_bytes: AtomicU64,
    /// Commands per second over the last sample window.
    pub instantaneous_ops: AtomicU64,
}

impl Stats {
    /// CONFIG RESETSTAT.
    pub fn reset(&self) {
        for c in [
            &self.commands,
            &self.connections_received,
            &self.rejected_connections,
            &self.keyspace_hits,
            &self.keyspace_misses,
            &self.expired_keys,
            &self.net_input_bytes,
            &self.net_output_bytes,
        ] {
            c.store(0, Ordering::Relaxed);
        }
    }
}

/// What CLIENT LIST/KILL need to see of a connection, shared between it and the registry.
pub struct ClientInfo {
    pub id: u64,
    pub addr: String,
    pub laddr: String,
    pub fd: i32,
    pub created: Instant,
    pub name: Mutex<Option<Vec<u8>>>,
    pub db: AtomicUsize,
    pub resp: AtomicUsize,
    /// Milliseconds since `created` of the last command.
    pub last_active: AtomicU64,
    pub last_cmd: Mutex<&'static str>,
    pub qbuf: AtomicUsize,
    pub killed: AtomicBool,
    pub kill: Notify,
    /// A key this client WATCHes was written: its EXEC fails.
    pub watch_dirty: AtomicBool,
}

impl ClientInfo {
    /// A fresh client identity: nothing named, selected or run yet.
    pub fn new(id: u64, addr: String, laddr: String, fd: i32) -> ClientInfo {
        ClientInfo {
            id,
            addr,
            laddr,
            fd,
            created: Instant::now(),
            name: Mutex::new(None),
            db: AtomicUsize::new(0),
            resp: AtomicUsize::new(2),
            last_active: AtomicU64::new(0),
            last_cmd: Mutex::new("NULL"),
            qbuf: AtomicUsize::new(0),
            killed: AtomicBool::new(false),
            kill: Notify::new(),
            watch_dirty: AtomicBool::new(false),
        }
    }

    /// The identity of work that runs commands without a connection (the RDB importer).
    pub fn detached() -> ClientInfo {
        ClientInfo::new(0, String::new(), String::new(), -1)
    }

    pub fn set_last_cmd(&self, name: &'static str) {
        *self.last_cmd.lock() = name;
        self.last_active
            .store(self.created.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// Asks the connection to close (CLIENT KILL).
    pub fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
        self.kill.notify_one();
    }

    pub fn idle_secs(&self) -> u64 {
        (self.created.elapsed().as_millis() as u64)
            .saturating_sub(self.last_active.load(Ordering::Relaxed))
            / 1000
    }
}

/// SCAN cursors: a cursor number names the raw key to resume at, kept in a bounded table.
///
/// A cursor is `id * 16384 + slot`, never 0. If its entry was evicted the scan resumes at the
/// start of `slot`, which may repeat keys but never skips one (SCAN's guarantee), and always makes
/// progress because keys are ordered by slot.
pub struct ScanCursors {
    inner: Mutex<CursorTable>,
}

#[derive(Default)]
struct CursorTable {
    next_id: u64,
    /// Cursor number -> raw meta key to resume at.
    resume: HashMap<u64, Vec<u8>>,
    /// Cursors in creation order, to drop the oldest.
    order: std::collections::VecDeque<u64>,
}

const SCAN_CURSORS_KEPT: usize = 65536;

impl ScanCursors {
    fn new() -> Self {
        ScanCursors {
            inner: Mutex::new(CursorTable {
                next_id: 1,
                ..Default::default()
            }),
        }
    }

    /// The raw meta key to resume at (empty = the beginning of `db`).
    pub fn resume_point(&self, db: u8, cursor: u64) -> Vec<u8> {
        if cursor == 0 {
            return Vec::new();
        }
        if let Some(k) = self.inner.lock().resume.get(&cursor) {
            if k.first() == Some(&db) {
                return k.clone();
            }
        }
        let slot = (cursor % strata_storage::keys::SLOTS as u64) as u16;
        let mut k = vec![db];
        k.extend_from_slice(&slot.to_be_bytes());
        k
    }

    /// Registers a resume point and returns its cursor number.
    pub fn save(&self, raw_key: Vec<u8>) -> u64 {
        let slot = raw_key
            .get(1..3)
            .map_or(0, |s| u16::from_be_bytes([s[0], s[1]])) as u64;
        let mut g = self.inner.lock();
        let id = g.next_id;
        g.next_id += 1;
        let cursor = id * strata_storage::keys::SLOTS as u64 + slot;
        g.resume.insert(cursor, raw_key);
        g.order.push_back(cursor);
        if g.order.len() > SCAN_CURSORS_KEPT {
            if let Some(old) = g.order.pop_front() {
                g.resume.remove(&old);
            }
        }
        cursor
    }
}

/// CLIENT REPLY mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyMode {
    On,
    Off,
    /// Skip the reply of the next command only.
    SkipNext,
    /// Set by SKIP while running: becomes SkipNext after this command's (suppressed) reply.
    SkipArmed,
}

/// Per-connection state, owned by the connection task.
pub struct ClientState {
    pub info: Arc<ClientInfo>,
    /// Selected logical database.
    pub db: usize,
    pub resp3: bool,
    pub authenticated: bool,
    pub reply: ReplyMode,
    /// Between MULTI and EXEC/DISCARD: the queued commands.
    pub multi: Option<crate::cmd::transactions::Multi>,
    pub watched: Vec<crate::cmd::transactions::Watched>,
    /// Channels, patterns and shard channels this connection is subscribed to.
    pub pubsub: Option<crate::pubsub::Subscription>,
}

impl ClientState {
    /// A fresh connection's state.
    pub fn new(info: Arc<ClientInfo>, authenticated: bool) -> ClientState {
        ClientState {
            info,
            db: 0,
            resp3: false,
            authenticated,
            reply: ReplyMode::On,
            multi: None,
            watched: Vec::new(),
            pubsub: None,
        }
    }
}

/// The server: one per process, shared as `Arc<Server>`.
pub struct Server {
    pub engine: Engine,
    pub config: RwLock<Config>,
    /// Held shared by every command and exclusively by EXCLUSIVE ones.
    pub global: RwLock<()>,
    /// The queue EXCLUSIVE commands wait in before taking `global` (see the connection loop).
    pub exclusive_turn: tokio::sync::Mutex<()>,
    /// Under `appendfsync always`, replies waiting for an fsync queue here, so that one
    /// blocking-pool thread at a time runs it and the rest find their writes covered.
    pub fsync_turn: tokio::sync::Mutex<()>,
    pub clients: Mutex<HashMap<u64, Arc<ClientInfo>>>,
    pub scan_cursors: ScanCursors,
    next_client_id: AtomicU64,
    pub stats: Stats,
    pub started: Instant,
    /// Unix seconds of the last successful SAVE/BGSAVE (or start).
    pub lastsave: AtomicI64,
    pub bgsave_running: AtomicBool,
    pub run_id: String,
    /// The port actually bound (config may say 0).
    pub port: AtomicUsize,
    /// CLIENT PAUSE: deadline in Unix ms (0 = not paused) and whether only writes wait.
    pause_until: AtomicU64,
    pause_writes_only: AtomicBool,
    /// Whether clients must AUTH first (mirrors `requirepass`, checked per connection).
    pub auth_required: AtomicBool,
    /// Clients blocked by BLPOP & co.
    pub blocking: crate::blocking::Blocking,
    /// Keys clients WATCH.
    pub watches: crate::watch::Watches,
    /// Pub/sub subscriptions.
    pub pubsub: crate::pubsub::PubSub,
    /// The `normal` class of `client-output-buffer-limit`, for command replies.
    pub normal_limits: crate::pubsub::Limits,
    pub slowlog: crate::slowlog::SlowLog,
    pub monitors: crate::monitor::Monitors,
    pub cmdstats: crate::cmdstats::CommandStats,
    /// `notify-keyspace-events`, mirrored for the per-command check.
    pub notify_flags: std::sync::atomic::AtomicU32,
    /// The Lua VM and script cache.
    pub scripting: crate::scripting::Scripting,
}

fn sync_mode(a: Appendfsync) -> SyncMode {
    match a {
        Appendfsync::Always => SyncMode::Always,
        Appendfsync::Everysec => SyncMode::Everysec,
        Appendfsync::No => SyncMode::No,
    }
}

impl Server {
    /// Opens the data directory and builds the server state.
    pub fn open(config: Config) -> Result<Server, String> {
        let mut opts = EngineOptions::new(config.dir.join("db"));
        opts.databases = config.databases;
        opts.sync = sync_mode(config.appendfsync);
        opts.block_cache_size = config.rocksdb_block_cache_size as usize;
        opts.write_buffer_size = config.rocksdb_write_buffer_size as usize;
        opts.max_write_buffer_number = config.rocksdb_max_write_buffer_number as i32;
        opts.max_background_jobs = config.rocksdb_max_background_jobs as i32;
        opts.target_file_size_base = config.rocksdb_target_file_size_base;
        opts.block_size = config.rocksdb_block_size as usize;
        opts.lz4 = config.rocksdb_compression != "none";
        opts.partitioned_index = config.rocksdb_partitioned_index;
        opts.hot_tier_bytes = config.maxmemory as usize;
        let engine = Engine::open(&opts)
            .map_err(|e| format!("can't open the database in {}: {e}", opts.path.display()))?;
        let run_id: String = (0..40)
            .map(|_| format!("{:x}", rand::random::<u8>() & 15))
            .collect();
        let now = crate::cmd::unix_ms() as i64 / 1000;
        let notify_flags = config.notify_keyspace_events;
        crate::rdb::writer::set_compression(config.rdbcompression);
        let scripting = crate::scripting::Scripting::open(&engine)?;
        let pubsub = crate::pubsub::PubSub::default();
        pubsub.limits.set(config.client_output_buffer_limit[2]);
        let normal_limits = crate::pubsub::Limits::default();
        normal_limits.set(config.client_output_buffer_limit[0]);
        let slowlog =
            crate::slowlog::SlowLog::new(config.slowlog_log_slower_than, config.slowlog_max_len);
        Ok(Server {
            engine,
            auth_required: AtomicBool::new(config.requirepass.is_some()),
            pause_until: AtomicU64::new(0),
            pause_writes_only: AtomicBool::new(false),
            config: RwLock::new(config),
            global: RwLock::new(()),
            exclusive_turn: tokio::sync::Mutex::new(()),
            fsync_turn: tokio::sync::Mutex::new(()),
            clients: Mutex::new(HashMap::new()),
            scan_cursors: ScanCursors::new(),
            next_client_id: AtomicU64::new(1),
            stats: Stats::default(),
            started: Instant::now(),
            lastsave: AtomicI64::new(now),
            bgsave_running: AtomicBool::new(false),
            run_id,
            port: AtomicUsize::new(0),
            blocking: Default::default(),
            watches: Default::default(),
            pubsub,
            normal_limits,
            slowlog,
            monitors: Default::default(),
            cmdstats: crate::cmdstats::CommandStats::new(crate::cmd::table::all_defs()),
            notify_flags: std::sync::atomic::AtomicU32::new(notify_flags),
            scripting,
        })
    }

    /// The logical db stored as physical db `physical` (they differ after SWAPDB).
    pub fn logical_db(&self, physical: u8) -> Option<usize> {
        (0..self.engine.databases()).find(|&l| self.engine.physical_db(l) == physical)
    }

    pub fn next_client_id(&self) -> u64 {
        self.next_client_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Sets (or, with 0, lifts) a CLIENT PAUSE.
    pub fn pause(&self, until_ms: u64, writes_only: bool) {
        self.pause_writes_only.store(writes_only, Ordering::SeqCst);
        self.pause_until.store(until_ms, Ordering::SeqCst);
    }

    /// How long a command must wait before running because of CLIENT PAUSE, if at all. The
    /// wait is capped so that an UNPAUSE is noticed promptly. Without a pause in force this
    /// reads no clock: every command asks.
    pub fn pause_wait(&self, is_write: bool) -> Option<Duration> {
        let until = self.pause_until.load(Ordering::Relaxed);
        if until == 0 || (self.pause_writes_only.load(Ordering::Relaxed) && !is_write) {
            return None;
        }
        let now_ms = crate::cmd::unix_ms();
        if until <= now_ms {
            // Over: later commands need not read the clock (unless a new pause began).
            let _ =
                self.pause_until
                    .compare_exchange(until, 0, Ordering::Relaxed, Ordering::Relaxed);
            return None;
        }
        Some(Duration::from_millis((until - now_ms).min(10)))
    }

    /// Applies config values that live outside the `Config` struct (after CONFIG SET).
    pub fn apply_config(&self) {
        let cfg = self.config.read();
        self.engine.set_sync_mode(sync_mode(cfg.appendfsync));
        self.engine.hot().set_budget(cfg.maxmemory as usize);
        self.auth_required
            .store(cfg.requirepass.is_some(), Ordering::Relaxed);
        crate::log::set_level(cfg.loglevel);
        crate::rdb::writer::set_compression(cfg.rdbcompression);
        self.notify_flags
            .store(cfg.notify_keyspace_events, Ordering::Relaxed);
        self.pubsub.limits.set(cfg.client_output_buffer_limit[2]);
        self.normal_limits.set(cfg.client_output_buffer_limit[0]);
        self.slowlog
            .configure(cfg.slowlog_log_slower_than, cfg.slowlog_max_len);
    }

    /// Stops the process after making acknowledged writes durable (SHUTDOWN, SIGTERM).
    pub fn shutdown(&self) -> ! {
        if let Err(e) = self
            .engine
            .sync_wal()
            .and_then(|_| self.engine.flush_memtables())
        {
            crate::log::warning(format!("Flushing data at shutdown failed: {e}"));
        }
        let pidfile = self.config.read().pidfile.clone();
        if !pidfile.is_empty() {
            let _ = std::fs::remove_file(pidfile);
        }
        crate::log::warning("Strata is now ready to exit, bye bye...");
        std::process::exit(0)
    }

    /// Makes a SAVE/BGSAVE checkpoint: `<dir>/checkpoint`, replaced atomically by rename.
    pub fn save_checkpoint(&self) -> Result<(), String> {
        let dir = self.config.read().dir.clone();
        let tmp = dir.join("checkpoint.tmp");
        let dst = dir.join("checkpoint");
        let _ = std::fs::remove_dir_all(&tmp);
        self.engine.checkpoint(&tmp).map_err(|e| e.to_string())?;
        let old = dir.join("checkpoint.old");
        let _ = std::fs::remove_dir_all(&old);
        if dst.exists() {
            std::fs::rename(&dst, &old).map_err(|e| e.to_string())?;
        }
        std::fs::rename(&tmp, &dst).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&old);
        // Redis users expect dbfilename next to the data after a save (backups, moving to
        // Redis): written from the snapshot, so it is consistent and the server keeps serving.
        let (databases, rdb) = {
            let c = self.config.read();
            (c.databases, dir.join(&c.dbfilename))
        };
        let mut opts = EngineOptions::new(&dst);
        opts.databases = databases;
        // One sequential read: caching it would only take memory from the live server.
        opts.hot_tier_bytes = 0;
        opts.block_cache_size = 8 << 20;
        let snapshot = Engine::open(&opts).map_err(|e| e.to_string())?;
        crate::rdb::export::export(&snapshot, &rdb)?;
        self.lastsave
            .store(crate::cmd::unix_ms() as i64 / 1000, Ordering::Relaxed);
        Ok(())
    }

    /// Publishes what the field sweeper did: "hexpired" for every hash that lost fields, then
    /// "del" for those it emptied, and tells WATCH.
    fn announce_expired_fields(&self, swept: &strata_storage::types::hash::SweptHashes) {
        for (db, key, n, deleted) in swept {
            if *n == 0 {
                continue;
            }
            if self.watches.any() {
                self.watches.touch([(*db, key.as_slice())]);
            }
            let Some(logical) = self.logical_db(*db) else {
                continue;
            };
            let mut events = vec![(crate::notify::HASH, "hexpired")];
            if *deleted {
                events.push((crate::notify::GENERIC, "del"));
            }
            for (class, name) in events {
                crate::notify::publish(
                    self,
                    &crate::notify::Event {
                        class,
                        name,
                        key: bytes::Bytes::copy_from_slice(key),
                        db: logical,
                    },
                );
            }
        }
    }

    /// One active-expiry pass: deletes due keys until none are left or the time budget is spent.
    fn expire_cycle(&self, budget: Duration) {
        let start = Instant::now();
        loop {
            let _shared = self.global.read();
            match self.engine.sweep_expired(crate::cmd::unix_ms(), 256) {
                Ok((deleted, more)) => {
                    self.stats
                        .expired_keys
                        .fetch_add(deleted.len() as u64, Ordering::Relaxed);
                    if self.watches.any() {
                        self.watches
                            .touch(deleted.iter().map(|(db, k)| (*db, k.as_slice())));
                    }
                    for (db, key) in &deleted {
                        if let Some(logical) = self.logical_db(*db) {
                            crate::notify::publish(
                                self,
                                &crate::notify::Event {
                                    class: crate::notify::EXPIRED,
                                    name: "expired",
                                    key: bytes::Bytes::copy_from_slice(key),
                                    db: logical,
                                },
                            );
                        }
                    }
                    // Hash fields with a TTL (HEXPIRE) that nobody reads go the same way.
                    let fields_more =
                        match self.engine.sweep_expired_fields(crate::cmd::unix_ms(), 256) {
                            Ok((swept, m)) => {
                                self.announce_expired_fields(&swept);
                                m
                            }
                            Err(e) => {
                                crate::log::warning(format!("active field expiry failed: {e}"));
                                false
                            }
                        };
                    if (!more && !fields_more) || start.elapsed() > budget {
                        return;
                    }
                }
                Err(e) => {
                    crate::log::warning(format!("active expiry failed: {e}"));
                    return;
                }
            }
        }
    }

    /// Starts the background jobs on the current tokio runtime.
    pub fn start_background(self: &Arc<Self>) {
        let s = self.clone();
        tokio::spawn(async move {
            loop {
                let hz = s.config.read().hz.clamp(1, 500);
                tokio::time::sleep(Duration::from_millis(1000 / hz as u64)).await;
                s.engine.hot().tick();
                if s.config.read().active_expire_enabled {
                    let s2 = s.clone();
                    let _ = tokio::task::spawn_blocking(move || {
                        s2.expire_cycle(Duration::from_millis(25))
                    })
                    .await;
                }
                if s.engine.compactions_requested() {
                    let s2 = s.clone();
                    let _ = tokio::task::spawn_blocking(move || {
                        if let Err(e) = s2.engine.run_requested_compactions() {
                            crate::log::warning(format!("background compaction: {e}"));
                        }
                    })
                    .await;
                }
            }
        });
        let s = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let s2 = s.clone();
                let r = tokio::task::spawn_blocking(move || match s2.engine.sync_mode() {
                    SyncMode::Everysec => s2.engine.sync_wal(),
                    // Writes that no client flushed (active expiry) still reach the OS.
                    _ => s2.engine.flush_wal_buffer(),
                })
                .await;
                if let Ok(Err(e)) = r {
                    crate::log::warning(format!("WAL write failed: {e}"));
                }
            }
        });
        let s = self.clone();
        tokio::spawn(async move {
            let mut last = s.stats.commands.load(Ordering::Relaxed);
            let mut at = Instant::now();
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let now = s.stats.commands.load(Ordering::Relaxed);
                let secs = at.elapsed().as_secs_f64();
                s.stats.instantaneous_ops.store(
                    (now.saturating_sub(last) as f64 / secs) as u64,
                    Ordering::Relaxed,
                );
                last = now;
                at = Instant::now();
            }
        });
    }
}
