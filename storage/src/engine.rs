//! The engine: one RocksDB instance, its column families, and the write path every command uses.
//!
//! Column families (layouts in [`crate::keys`] and [`crate::metadata`]):
//!
//! ```text
//! meta    db|slot|key                     -> metadata record (small strings inline)
//! data    db|slot|keylen|key|version|sub  -> subkey value
//! zscore  db|slot|keylen|key|version|score|member -> ""
//! zrank   db|slot|keylen|key|version|score|member -> count  (sorted-set rank blocks, see types::zset)
//! expire  when_ms|db|slot|key             -> ""          (active-expiry index)
//! hexpire when_ms|db|slot|key             -> ""          (hash field-expiry index, see types::hash)
//! misc    server records (below)
//! ```
//!
//! `misc` records: `count:keys:<db>` and `count:expires:<db>` (i64 little-endian, summed by a merge
//! operator so that every command adjusts them in its own batch), `dbmap` (logical -> physical db,
//! one byte each, so SWAPDB is O(1)), `script:`/`library:` Lua sources (see [`crate::lua_sources`]),
//! and `version` (the reserved high-water mark of collection
//! versions, so versions stay monotonic across restarts).
//!
//! Invariants:
//! - A command's writes, including key-count deltas and expire-index moves, go into one
//!   [`Batch`] and reach RocksDB in one atomic write.
//! - `count:keys` equals the number of meta records in the db; `count:expires` the number whose
//!   `expire_at` is non-zero. Both include expired keys the sweeper has not deleted yet.
//! - Every meta record with `expire_at != 0` has an `expire` index entry with that deadline;
//!   stale index entries (key gone or deadline changed) may exist and are dropped by the sweeper.
//! - Subkeys whose version differs from their key's current meta version are garbage: never
//!   read, removed by the compaction filter and, for big collections, by a range delete.

use crate::hot::HotTier;
use crate::keys;
use crate::lock::LockTable;
use crate::metadata::{Kind, Meta};
use crate::pending::{Pending, ReadCf, State};
use parking_lot::{Mutex, RwLock};
use rocksdb::compaction_filter::Decision;
use rocksdb::compaction_filter_factory::{CompactionFilterContext, CompactionFilterFactory};
use rocksdb::{
    BlockBasedIndexType, BlockBasedOptions, Cache, ColumnFamily, ColumnFamilyDescriptor,
    DBCompressionType, Direction, IteratorMode, MergeOperands, Options, ReadOptions, WriteBatch,
    DB,
};
use std::collections::HashMap;
use std::ffi::CStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;

pub(crate) const CF_META: &str = "meta";
pub(crate) const CF_DATA: &str = "data";
pub(crate) const CF_ZSCORE: &str = "zscore";
pub(crate) const CF_ZRANK: &str = "zrank";
const CF_EXPIRE: &str = "expire";
const CF_HEXPIRE: &str = "hexpire";
pub(crate) const CF_MISC: &str = "misc";

const VERSION_KEY: &[u8] = b"version";
const DBMAP_KEY: &[u8] = b"dbmap";
/// Versions are reserved on disk in blocks so that allocating one is an atomic increment.
const VERSION_BLOCK: u64 = 1 << 20;
/// Collections at least this big get their old subkeys range-deleted at once on DEL/overwrite
/// instead of waiting for compaction, so reads never crawl through their garbage.
const RANGE_DELETE_MIN: u64 = 128;
/// Dropping a collection this big also queues its range for compaction (see `drop_version`);
/// smaller ones are left to normal compactions, which rewrite whole files.
const COMPACT_DROPPED_MIN: u64 = 1 << 16;

/// Cap of the `meta` memtable. Nearly every write command inserts into it at a random key, and
/// the skiplist search of that insert is memory-bound: a small memtable keeps it within cache
/// reach, and flushes fold the overwrites. In-place updates stay off: most keys overwritten are
/// no longer in so small a memtable, so an in-place attempt would cost a search and an insert.
const META_WRITE_BUFFER: usize = 4 << 20;
/// See `set_max_total_wal_size` in [`Engine::open`].
const MAX_TOTAL_WAL: u64 = 64 << 20;
/// The column families FLUSHDB range-deletes.
const FLUSHED: &[&str] = &[CF_META, CF_DATA, CF_ZSCORE, CF_ZRANK];
/// The column families of a collection version's records.
const COLLECTION: &[&str] = &[CF_DATA, CF_ZSCORE, CF_ZRANK];

/// A queued range compaction (see [`Engine::run_requested_compactions`]).
struct Compaction {
    cfs: &'static [&'static str],
    from: Vec<u8>,
    to: Vec<u8>,
    /// Deleted data may still sit in the memtables and in the WAL files behind them, which
    /// live until every column family with writes in them has flushed: flush them all first.
    release_wal: bool,
}

/// Maximum number of databases (the db id is one byte on disk).
pub const MAX_DATABASES: usize = 256;

/// A storage failure (I/O, corruption). Rendered to clients as an `ERR` reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rocksdb::Error> for Error {
    fn from(e: rocksdb::Error) -> Self {
        Error(e.into_string())
    }
}

impl From<crate::metadata::CorruptMeta> for Error {
    fn from(e: crate::metadata::CorruptMeta) -> Self {
        Error(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// When an acknowledged write reaches the disk (Redis' `appendfsync`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// fsync the WAL before the reply ([`Engine::sync_wal_through`], which groups concurrent
    /// commits into one fsync).
    Always = 0,
    /// fsync the WAL from a once-a-second timer ([`Engine::sync_wal`]).
    Everysec = 1,
    /// Leave it to the OS.
    No = 2,
}

/// Everything needed to open an engine.
#[derive(Clone, Debug)]
pub struct EngineOptions {
    pub path: PathBuf,
    pub databases: usize,
    pub sync: SyncMode,
    pub block_cache_size: usize,
    pub write_buffer_size: usize,
    pub max_write_buffer_number: i32,
    pub max_background_jobs: i32,
    pub target_file_size_base: u64,
    /// Size of the data blocks of SST files (and so, inversely, of their index).
    pub block_size: usize,
    pub lz4: bool,
    /// Index and filters of SST files cut into small partitions under a pinned top level.
    pub partitioned_index: bool,
    /// Byte budget of the hot tier (decoded metadata and string values in RAM).
    pub hot_tier_bytes: usize,
}

impl EngineOptions {
    /// Defaults sized for tests and small machines, rooted at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        EngineOptions {
            path: path.into(),
            databases: 16,
            sync: SyncMode::Everysec,
            block_cache_size: 64 << 20,
            write_buffer_size: 8 << 20,
            max_write_buffer_number: 4,
            max_background_jobs: 4,
            target_file_size_base: 64 << 20,
            block_size: 4 << 10,
            lz4: true,
            partitioned_index: true,
            hot_tier_bytes: 64 << 20,
        }
    }
}

/// Per-db key counters mirrored in memory so DBSIZE never touches the disk.
struct Counts {
    keys: AtomicI64,
    expires: AtomicI64,
}

/// Lets the compaction filter look up current metadata. Cleared before the DB closes so that no
/// background thread can hold the last reference to it.
#[derive(Default)]
struct FilterHandle {
    db: RwLock<Option<Arc<DB>>>,
}

/// The storage engine. Shared by all connections (`Arc<Engine>`).
pub struct Engine {
    pub(crate) db: Arc<DB>,
    filter: Arc<FilterHandle>,
    sync: AtomicU8,
    counts: Vec<Counts>,
    dbmap: RwLock<Vec<u8>>,
    versions: Mutex<(u64, u64)>,
    locks: LockTable,
    path: PathBuf,
    /// The newest sequence number whose WAL record is known to be written to the OS (see
    /// [`Engine::flush_wal_buffer`]).
    wal_flushed: AtomicU64,
    /// The newest sequence number whose WAL record is known to be fsynced.
    wal_synced: AtomicU64,
    /// One fsync at a time: the commits that wait for it are covered by the next one (group
    /// commit under `appendfsync always`).
    sync_turn: Mutex<()>,
    hot: HotTier,
    /// Decoded rank blocks of sorted sets whose ranks are read (see `types::zset`).
    pub(crate) zdirs: crate::types::zset::DirCache,
    /// Heads of hot lists (see `types::list`) and whole hot sets (see `subs`), for reads.
    pub(crate) lists: crate::cache::ReadCache<crate::types::list::CachedHead>,
    pub(crate) sets: crate::cache::ReadCache<crate::subs::CachedMembers>,
    /// Big sets' members in random order, for SPOP (see `deck`).
    pub(crate) decks: crate::deck::Decks,
    /// Iterator positionings done by random sampling (see `subs.rs`).
    pub(crate) sample_seeks: AtomicU64,
    /// Ranges of these column families to compact soon, so that their tombstones stop costing
    /// reads and deleted data leaves the disk (see [`Engine::request_compaction`]).
    compactions: Mutex<Vec<Compaction>>,
    /// Bulk load in progress: writes skip the WAL (see [`Engine::begin_bulk_load`]).
    bulk: AtomicBool,
    /// A bulk load's staged writes (see `bulk.rs`).
    pub(crate) stage: Mutex<Option<crate::bulk::Stage>>,
    /// Each column family's options, for the SST files of bulk loads.
    cf_opts: Vec<(&'static str, Options)>,
}

fn add_i64(_key: &[u8], existing: Option<&[u8]>, ops: &MergeOperands) -> Option<Vec<u8>> {
    let mut sum = existing.map(decode_i64).unwrap_or(0);
    for op in ops {
        sum = sum.wrapping_add(decode_i64(op));
    }
    Some(sum.to_le_bytes().to_vec())
}

fn decode_i64(raw: &[u8]) -> i64 {
    raw.try_into().map(i64::from_le_bytes).unwrap_or(0)
}

/// The key range of physical db `db` in the column families that start with the db byte.
fn db_range(db: u8) -> (Vec<u8>, Vec<u8>) {
    let to = if db == u8::MAX {
        vec![0xffu8; 8]
    } else {
        vec![db + 1]
    };
    (vec![db], to)
}

fn count_key(what: &str, db: u8) -> Vec<u8> {
    let mut k = format!("count:{what}:").into_bytes();
    k.push(db);
    k
}

/// Drops subkeys whose key no longer has that version. Caches the last key's lookup because
/// compaction visits one key's subkeys consecutively.
struct StaleVersionFilter {
    handle: Arc<FilterHandle>,
    last_prefix: Vec<u8>,
    last_version: Option<u64>,
}

impl rocksdb::compaction_filter::CompactionFilter for StaleVersionFilter {
    fn filter(&mut self, _level: u32, key: &[u8], _value: &[u8]) -> Decision {
        let Some(parts) = keys::decode_data_key(key) else {
            return Decision::Keep;
        };
        let prefix_len = key.len() - parts.subkey.len() - 8;
        if self.last_prefix.as_slice() != &key[..prefix_len] {
            let guard = self.handle.db.read();
            let Some(db) = guard.as_ref() else {
                return Decision::Keep;
            };
            let Some(cf) = db.cf_handle(CF_META) else {
                return Decision::Keep;
            };
            let mut mk = key[..3].to_vec();
            mk.extend_from_slice(parts.user_key);
            self.last_version = match db.get_pinned_cf(cf, &mk) {
                Ok(Some(raw)) => Meta::peek_version(&raw),
                Ok(None) => None,
                // Unsure: keep it; a later compaction decides.
                Err(_) => return Decision::Keep,
            };
            self.last_prefix = key[..prefix_len].to_vec();
        }
        if self.last_version == Some(parts.version) {
            Decision::Keep
        } else {
            Decision::Remove
        }
    }

    fn name(&self) -> &CStr {
        c"strata-stale-version"
    }
}

struct StaleVersionFactory(Arc<FilterHandle>);

impl CompactionFilterFactory for StaleVersionFactory {
    type Filter = StaleVersionFilter;

    fn create(&mut self, _context: CompactionFilterContext) -> StaleVersionFilter {
        StaleVersionFilter {
            handle: self.0.clone(),
            last_prefix: Vec::new(),
            last_version: None,
        }
    }

    fn name(&self) -> &CStr {
        c"strata-stale-version-factory"
    }
}

impl Engine {
    /// Opens (creating if needed) the database at `opts.path`.
    pub fn open(opts: &EngineOptions) -> Result<Engine> {
        if opts.databases == 0 || opts.databases > MAX_DATABASES {
            return Err(Error(format!(
                "databases must be between 1 and {MAX_DATABASES}"
            )));
        }
        std::fs::create_dir_all(&opts.path)
            .map_err(|e| Error(format!("{}: {e}", opts.path.display())))?;
        let cache = Cache::new_lru_cache(opts.block_cache_size);
        let table = |bloom: bool| {
            let mut t = BlockBasedOptions::default();
            t.set_block_cache(&cache);
            // Index and filter blocks live in the block cache, so they must leave room in it
            // for data: a ribbon filter is about 30% smaller than a bloom filter of the same
            // false-positive rate (1%). Unpartitioned, with 4 KB blocks and bloom filters,
            // the index and filters of 10M keys were 27 MB, most of a 32 MB cache, and a
            // hot-tier miss read three blocks; partitioned (below), only the partitions
            // that reads touch are cached.
            if bloom {
                t.set_ribbon_filter(10.0);
            }
            t.set_block_size(opts.block_size);
            t.set_cache_index_and_filter_blocks(true);
            t.set_pin_l0_filter_and_index_blocks_in_cache(true);
            if opts.partitioned_index {
                // A file's filter and index are otherwise one block each (hundreds of KB for
                // a 64 MB file), read and checksummed whole whenever the cache lost them: a
                // read beyond the hot tier then cost more in filter loads than in data. In
                // 4 KB partitions, a lookup loads only the partitions it needs; the small top
                // level stays pinned.
                t.set_index_type(BlockBasedIndexType::TwoLevelIndexSearch);
                t.set_partition_filters(bloom);
                t.set_metadata_block_size(4096);
                t.set_pin_top_level_index_and_filter(true);
            }
            t
        };
        let base = |bloom: bool| {
            let mut o = Options::default();
            o.set_block_based_table_factory(&table(bloom));
            if bloom {
                // Point lookups of absent records (new keys, new members) skip the memtable's
                // skiplist search, the costliest part of a write to a fresh key.
                o.set_memtable_prefix_bloom_ratio(0.02);
                o.set_memtable_whole_key_filtering(true);
            }
            o.set_write_buffer_size(opts.write_buffer_size);
            o.set_max_write_buffer_number(opts.max_write_buffer_number);
            o.set_target_file_size_base(opts.target_file_size_base);
            o.set_level_compaction_dynamic_level_bytes(true);
            o.set_compression_type(if opts.lz4 {
                DBCompressionType::Lz4
            } else {
                DBCompressionType::None
            });
            o
        };
        let filter = Arc::new(FilterHandle::default());
        let mut data_opts = base(true);
        data_opts.set_compaction_filter_factory(StaleVersionFactory(filter.clone()));
        let mut zscore_opts = base(false);
        zscore_opts.set_compaction_filter_factory(StaleVersionFactory(filter.clone()));
        let mut zrank_opts = base(false);
        zrank_opts.set_compaction_filter_factory(StaleVersionFactory(filter.clone()));
        // Few records, each rewritten on every change of its block: a small memtable keeps
        // inserts cheap and flushes collapse the versions.
        zrank_opts.set_write_buffer_size(opts.write_buffer_size.min(META_WRITE_BUFFER));
        let mut misc_opts = base(false);
        misc_opts.set_merge_operator_associative("strata-add-i64", add_i64);
        let mut meta_opts = base(true);
        meta_opts.set_write_buffer_size(opts.write_buffer_size.min(META_WRITE_BUFFER));
        let cf_opts = vec![
            (CF_META, meta_opts),
            (CF_DATA, data_opts),
            (CF_ZSCORE, zscore_opts),
            (CF_ZRANK, zrank_opts),
            (CF_EXPIRE, base(false)),
            (CF_HEXPIRE, base(false)),
            (CF_MISC, misc_opts),
        ];
        let cfs: Vec<ColumnFamilyDescriptor> = cf_opts
            .iter()
            .map(|(name, o)| ColumnFamilyDescriptor::new(*name, o.clone()))
            .collect();
        let mut db_opts = Options::default();
        db_opts.create_if_missing(true);
        db_opts.create_missing_column_families(true);
        db_opts.set_max_background_jobs(opts.max_background_jobs);
        db_opts.set_enable_pipelined_write(false);
        db_opts.set_allow_concurrent_memtable_write(false);
        // WAL records are buffered in memory and written out once per batch of replies
        // (`flush_wal_buffer`), not once per command: pipelines cost one write syscall.
        db_opts.set_manual_wal_flush(true);
        db_opts.set_keep_log_file_num(4);
        // A WAL file lives until every column family with writes in it has flushed; the small
        // ones (counters, expire index) would keep every file since their last flush. Past this
        // total the oldest file's column families are flushed, which bounds disk use and the
        // replay at restart.
        db_opts.set_max_total_wal_size(MAX_TOTAL_WAL);
        let db = Arc::new(DB::open_cf_descriptors(&db_opts, &opts.path, cfs)?);
        *filter.db.write() = Some(db.clone());

        let mut engine = Engine {
            db,
            filter,
            sync: AtomicU8::new(opts.sync as u8),
            counts: Vec::new(),
            dbmap: RwLock::new(Vec::new()),
            versions: Mutex::new((0, 0)),
            locks: LockTable::default(),
            path: opts.path.clone(),
            wal_flushed: AtomicU64::new(0),
            wal_synced: AtomicU64::new(0),
            sync_turn: Mutex::new(()),
            hot: HotTier::new(opts.hot_tier_bytes),
            zdirs: Default::default(),
            lists: crate::cache::ReadCache::new(crate::types::list::CACHE_BUDGET),
            sets: crate::cache::ReadCache::new(crate::subs::CACHE_BUDGET),
            decks: crate::deck::Decks::new(),
            sample_seeks: AtomicU64::new(0),
            compactions: Mutex::new(Vec::new()),
            bulk: AtomicBool::new(false),
            stage: Mutex::new(None),
            cf_opts,
        };
        engine.load_state(opts.databases)?;
        Ok(engine)
    }

    fn load_state(&mut self, databases: usize) -> Result<()> {
        let misc = self.cf(CF_MISC);
        let mut counts = Vec::with_capacity(MAX_DATABASES);
        for db in 0..=u8::MAX {
            let keys = self
                .db
                .get_cf(misc, count_key("keys", db))?
                .map(|v| decode_i64(&v))
                .unwrap_or(0);
            let expires = self
                .db
                .get_cf(misc, count_key("expires", db))?
                .map(|v| decode_i64(&v))
                .unwrap_or(0);
            counts.push(Counts {
                keys: AtomicI64::new(keys),
                expires: AtomicI64::new(expires),
            });
        }
        let mut map = self.db.get_cf(misc, DBMAP_KEY)?.unwrap_or_default();
        // A map from an earlier run with fewer databases keeps its swaps; new dbs map to themselves.
        // Fewer databases than before: a permutation's prefix may name a physical db >= the new
        // count, which is fine since physical ids only need to be distinct.
        let mut used = [false; MAX_DATABASES];
        map.truncate(databases);
        for &p in &map {
            used[p as usize] = true;
        }
        let mut next_free = (0..MAX_DATABASES).filter(|&p| !used[p]);
        while map.len() < databases {
            map.push(next_free.next().expect("at most 256 databases") as u8);
        }
        let reserved = self
            .db
            .get_cf(misc, VERSION_KEY)?
            .map(|v| decode_u64(&v))
            .unwrap_or(0);
        self.counts = counts;
        *self.dbmap.write() = map;
        *self.versions.lock() = (reserved, reserved);
        Ok(())
    }

    pub(crate) fn cf_options(&self, name: &str) -> &Options {
        &self
            .cf_opts
            .iter()
            .find(|(n, _)| *n == name)
            .expect("known column family")
            .1
    }

    pub(crate) fn cf(&self, name: &str) -> &ColumnFamily {
        self.db
            .cf_handle(name)
            .expect("column families are created at open")
    }

    /// The key lock table that serializes commands touching the same keys.
    pub fn locks(&self) -> &LockTable {
        &self.locks
    }

    /// The directory holding the database.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of logical databases.
    pub fn databases(&self) -> usize {
        self.dbmap.read().len()
    }

    /// The physical id under which logical db `logical` is stored (they differ after SWAPDB).
    pub fn physical_db(&self, logical: usize) -> u8 {
        self.dbmap.read()[logical]
    }

    /// Swaps two logical databases in O(1). Callers hold the server exclusively.
    pub fn swap_db(&self, a: usize, b: usize) -> Result<()> {
        let mut map = self.dbmap.write();
        let mut new = map.clone();
        new.swap(a, b);
        self.db.put_cf(self.cf(CF_MISC), DBMAP_KEY, &new)?;
        self.sync_wal()?;
        *map = new;
        Ok(())
    }

    pub fn set_sync_mode(&self, mode: SyncMode) {
        self.sync.store(mode as u8, Ordering::Relaxed);
    }

    pub fn sync_mode(&self) -> SyncMode {
        match self.sync.load(Ordering::Relaxed) {
            0 => SyncMode::Always,
            1 => SyncMode::Everysec,
            _ => SyncMode::No,
        }
    }

    /// Writes the WAL buffer to the OS and fsyncs it (the `everysec` timer and shutdown).
    pub fn sync_wal(&self) -> Result<()> {
        let _turn = self.sync_turn.lock();
        let published = self.wal_mark();
        self.db.flush_wal(true)?;
        self.wal_flushed.fetch_max(published, Ordering::SeqCst);
        self.wal_synced.fetch_max(published, Ordering::SeqCst);
        Ok(())
    }

    /// Whether every write up to sequence number `mark` is fsynced.
    pub fn wal_synced_through(&self, mark: u64) -> bool {
        self.wal_synced.load(Ordering::SeqCst) >= mark
    }

    /// Makes every write up to sequence number `mark` durable (under `appendfsync always`,
    /// before a reply that may reflect it goes out). Concurrent callers share fsyncs:
    /// whoever waited for the turn while another fsync ran finds its write either covered by
    /// that one or written before the next, which it then runs for everyone queued behind.
    pub fn sync_wal_through(&self, mark: u64) -> Result<()> {
        if self.wal_synced_through(mark) {
            return Ok(());
        }
        let _turn = self.sync_turn.lock();
        if self.wal_synced.load(Ordering::SeqCst) >= mark {
            return Ok(());
        }
        let published = self.wal_mark();
        self.db.flush_wal(true)?;
        self.wal_flushed.fetch_max(published, Ordering::SeqCst);
        self.wal_synced.fetch_max(published, Ordering::SeqCst);
        Ok(())
    }

    /// Writes buffered WAL records to the OS (no fsync) if any commit may still be buffered.
    pub fn flush_wal_buffer(&self) -> Result<()> {
        self.flush_wal_through(self.wal_mark())
    }

    /// The newest published sequence number. RocksDB publishes a write only after appending its
    /// WAL record, so every write visible now has its record in the WAL buffer or the OS.
    pub fn wal_mark(&self) -> u64 {
        self.db.latest_sequence_number()
    }

    /// Whether the WAL records of every write up to `mark` are written to the OS.
    pub fn wal_covers(&self, mark: u64) -> bool {
        self.wal_flushed.load(Ordering::SeqCst) >= mark
    }

    /// Writes the WAL buffer to the OS unless a flush since [`Engine::wal_mark`] returned `mark`
    /// covered it already.
    ///
    /// Every connection calls this before sending a batch of replies, with the mark taken after
    /// computing them: no reply, to anyone, depends on a write that a process crash could lose —
    /// the guarantee Redis gives by writing its AOF before replying. Connections replying at
    /// about the same time share one write syscall.
    pub fn flush_wal_through(&self, mark: u64) -> Result<()> {
        if self.wal_covers(mark) {
            return Ok(());
        }
        // Only what is published before the flush is known to be in the buffer it writes out.
        let published = self.wal_mark();
        self.db.flush_wal(false)?;
        self.wal_flushed.fetch_max(published, Ordering::SeqCst);
        Ok(())
    }

    /// Writes the memtables to SST files so the next open has no WAL to replay (clean shutdown).
    pub fn flush_memtables(&self) -> Result<()> {
        for cf in [
            CF_META, CF_DATA, CF_ZSCORE, CF_ZRANK, CF_EXPIRE, CF_HEXPIRE, CF_MISC,
        ] {
            self.db.flush_cf(self.cf(cf))?;
        }
        Ok(())
    }

    /// A fresh collection version, greater than any handed out before, across restarts too.
    pub fn next_version(&self) -> Result<u64> {
        let mut v = self.versions.lock();
        if v.0 >= v.1 {
            let reserved = v.1 + VERSION_BLOCK;
            // Durable before any version of the block is used: a reused version after a crash
            // would resurrect an old collection's garbage.
            self.db
                .put_cf(self.cf(CF_MISC), VERSION_KEY, reserved.to_be_bytes())?;
            self.sync_wal()?;
            v.1 = reserved;
        }
        v.0 += 1;
        Ok(v.0)
    }

    /// The raw metadata of a key, expired or not. Callers hold the key's lock (or the server
    /// exclusively): the answer may be kept in the hot tier, which only writes under that lock
    /// may change.
    pub fn get_meta(&self, db: u8, key: &[u8]) -> Result<Option<Meta>> {
        self.meta_at(&keys::meta_key(db, key))
    }

    /// [`Engine::get_meta`] by meta key.
    fn meta_at(&self, mk: &[u8]) -> Result<Option<Meta>> {
        if let Some(cached) = self.hot.get(mk) {
            return Ok(cached);
        }
        let meta = match self.db.get_pinned_cf(self.cf(CF_META), mk)? {
            Some(raw) => Some(Meta::decode(&raw)?),
            None => None,
        };
        self.hot.put(mk, meta.clone());
        Ok(meta)
    }

    /// Seconds since the key was last read or written (OBJECT IDLETIME); asking is no access.
    pub fn idle_secs(&self, db: u8, key: &[u8]) -> u64 {
        self.hot.idle_secs(&keys::meta_key(db, key))
    }

    /// Makes the key report `secs` of idle time from now on (see [`HotTier::set_idle`]).
    pub fn set_idle(&self, db: u8, key: &[u8], secs: u64) {
        self.hot.set_idle(&keys::meta_key(db, key), secs)
    }

    /// The hot tier in front of the metadata (INFO, CONFIG SET maxmemory).
    pub fn hot(&self) -> &HotTier {
        &self.hot
    }

    /// Visits the records of `cf` in `[lower, upper)` in key order (reverse order with `rev`),
    /// starting at `from` (inclusive; `None`: the first, or with `rev` the last, record), until
    /// `visit` returns false. A transaction's `pending` writes are merged in.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn scan_cf(
        &self,
        pending: Option<&Pending>,
        cf: &'static str,
        lower: &[u8],
        upper: Option<&[u8]>,
        from: Option<&[u8]>,
        rev: bool,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<()> {
        let mut ro = ReadOptions::default();
        ro.set_iterate_lower_bound(lower.to_vec());
        if let Some(u) = upper {
            ro.set_iterate_upper_bound(u.to_vec());
        }
        let mut it = self.db.raw_iterator_cf_opt(self.cf(cf), ro);
        match (from, rev) {
            (Some(f), false) => it.seek(f),
            (Some(f), true) => it.seek_for_prev(f),
            (None, false) => it.seek_to_first(),
            (None, true) => it.seek_to_last(),
        }
        let step = |it: &mut rocksdb::DBRawIteratorWithThreadMode<'_, DB>| {
            if rev {
                it.prev()
            } else {
                it.next()
            }
        };
        let merged = pending
            .zip(read_cf(cf))
            .filter(|(p, rc)| p.touches(*rc, lower, upper));
        let Some((p, rc)) = merged else {
            while let (Some(k), Some(v)) = (it.key(), it.value()) {
                if !visit(k, v) {
                    break;
                }
                step(&mut it);
            }
            return Ok(it.status()?);
        };
        let entries = p.entries_from(rc, lower, upper, from, rev);
        let mut next_entry = 0;
        loop {
            let engine_key = it.key();
            let entry = entries.get(next_entry);
            let before = |a: &[u8], b: &[u8]| if rev { a > b } else { a < b };
            let go_on = match (engine_key, entry) {
                (None, None) => break,
                (Some(k), Some(&(ek, _))) if before(k, ek) => {
                    let go = p.hides(rc, k) || visit(k, it.value().unwrap_or_default());
                    step(&mut it);
                    go
                }
                (Some(k), None) => {
                    let go = p.hides(rc, k) || visit(k, it.value().unwrap_or_default());
                    step(&mut it);
                    go
                }
                (k, Some(&(ek, ev))) => {
                    // A pending write of the same key shadows the engine's record.
                    if k == Some(ek) {
                        step(&mut it);
                    }
                    next_entry += 1;
                    ev.is_none_or(|v| visit(ek, v))
                }
            };
            if !go_on {
                break;
            }
        }
        Ok(it.status()?)
    }

    /// Visits the subkeys of a collection version in order, starting at `from` (inclusive),
    /// until `visit` returns false, as a transaction with `pending` writes sees them.
    pub(crate) fn scan_subs_in(
        &self,
        pending: Option<&Pending>,
        db: u8,
        key: &[u8],
        version: u64,
        from: &[u8],
        mut visit: impl FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<()> {
        let prefix = keys::data_prefix(db, key, version);
        let upper = keys::prefix_end(&prefix);
        let mut start = prefix.clone();
        start.extend_from_slice(from);
        self.scan_cf(
            pending,
            CF_DATA,
            &prefix,
            upper.as_deref(),
            Some(&start),
            false,
            &mut |k, v| visit(&k[prefix.len()..], v),
        )
    }

    /// Visits the `zscore` entries `(score, member)` of a collection version in score order until
    /// `visit` returns false. Scores are raw big-endian u64s (hash field deadlines use this).
    pub(crate) fn scan_scored_in(
        &self,
        pending: Option<&Pending>,
        db: u8,
        key: &[u8],
        version: u64,
        mut visit: impl FnMut(u64, &[u8]) -> bool,
    ) -> Result<()> {
        let prefix = keys::data_prefix(db, key, version);
        let upper = keys::prefix_end(&prefix);
        self.scan_cf(
            pending,
            CF_ZSCORE,
            &prefix,
            upper.as_deref(),
            None,
            false,
            &mut |k, _| {
                let rest = &k[prefix.len()..];
                match rest.get(..8) {
                    Some(s) => visit(
                        u64::from_be_bytes(s.try_into().unwrap_or_default()),
                        &rest[8..],
                    ),
                    // Not a scored entry: skip it.
                    None => true,
                }
            },
        )
    }

    /// Visits the meta records of physical db `db` in key order, starting at the raw meta key
    /// `from` (inclusive; empty = the beginning), until `visit` returns false. Returns the raw key
    /// after the last one visited, if any: the resume point for SCAN.
    pub fn scan_meta(
        &self,
        db: u8,
        from: &[u8],
        mut visit: impl FnMut(&[u8], Meta) -> bool,
    ) -> Result<Option<Vec<u8>>> {
        let mut ro = ReadOptions::default();
        if db < u8::MAX {
            ro.set_iterate_upper_bound(vec![db + 1]);
        }
        let mut it = self.db.raw_iterator_cf_opt(self.cf(CF_META), ro);
        if from.is_empty() {
            it.seek([db]);
        } else {
            it.seek(from);
        }
        while let (Some(k), Some(v)) = (it.key(), it.value()) {
            if k.first() != Some(&db) {
                break;
            }
            let meta = Meta::decode(v)?;
            let (_, user_key) =
                keys::decode_meta_key(k).ok_or_else(|| Error("corrupted meta key".into()))?;
            if !visit(user_key, meta) {
                it.next();
                it.status()?;
                return Ok(it
                    .key()
                    .filter(|k| k.first() == Some(&db))
                    .map(|k| k.to_vec()));
            }
            it.next();
        }
        it.status()?;
        Ok(None)
    }

    /// `(keys, keys with an expiry)` in physical db `db`.
    pub fn dbsize(&self, db: u8) -> (u64, u64) {
        let c = &self.counts[db as usize];
        (
            c.keys.load(Ordering::Relaxed).max(0) as u64,
            c.expires.load(Ordering::Relaxed).max(0) as u64,
        )
    }

    /// Starts a write batch.
    pub fn batch(&self) -> Batch<'_> {
        Batch {
            engine: self,
            wb: None,
            overlay: HashMap::default(),
            deltas: Vec::new(),
            touched: Vec::new(),
            tx: None,
            deck: None,
            staged: self.bulk.load(Ordering::Relaxed).then(Vec::new),
            idle: Vec::new(),
            flushed: Vec::new(),
            fresh: Default::default(),
        }
    }

    /// Starts a transaction batch: many commands' writes, committed at once, each command
    /// reading the earlier ones' writes, and each undoable with [`Batch::rollback`].
    pub fn tx_batch(&self) -> Batch<'_> {
        Batch {
            tx: Some(Box::default()),
            ..self.batch()
        }
    }

    /// Commits a batch atomically (one RocksDB write), honouring the sync mode.
    pub fn commit(&self, batch: Batch<'_>) -> Result<()> {
        let Batch {
            wb,
            deltas,
            overlay,
            tx,
            touched,
            deck,
            staged,
            idle,
            flushed,
            ..
        } = batch;
        if let Some(ops) = staged {
            return self.commit_staged(ops, deltas);
        }
        let mut wb = wb.unwrap_or_default();
        if tx.is_some() {
            // A transaction writes each key's metadata once, as it ends up.
            let meta = self.cf(CF_META);
            for (mk, m) in &overlay {
                match m {
                    Some(m) => wb.put_cf(meta, mk, m.encode()),
                    None => wb.delete_cf(meta, mk),
                }
            }
        }
        if wb.is_empty() {
            return Ok(());
        }
        self.count_merges(&mut wb, &deltas);
        let written = self.write(wb);
        if !flushed.is_empty() {
            // Cached states of the flushed keys are stale either way.
            self.clear_caches();
        }
        // Whether or not the write landed, cached copies of what it touched are suspect.
        if !self.lists.is_empty() || !self.sets.is_empty() || !self.decks.is_empty() {
            let subs: Vec<Vec<u8>> = touched
                .iter()
                .map(|(db, k)| keys::meta_key(*db, k))
                .collect();
            let written = || overlay.keys().chain(&subs).map(|k| k.as_slice());
            self.lists.invalidate(written());
            self.sets.invalidate(written());
            self.decks.invalidate(written());
        }
        if let Err(e) = written {
            for mk in overlay.keys() {
                self.hot.invalidate(mk);
            }
            return Err(e);
        }
        if let Some(held) = deck {
            let left = overlay
                .get(&held.2)
                .and_then(|m| m.as_ref().map(|m| (m.version, m.size)));
            self.return_deck(held, left);
        }
        // A bulk load's engine serves no reads: there is nothing in the hot tier to keep fresh.
        if !self.bulk.load(Ordering::Relaxed) {
            for (mk, state) in overlay {
                self.hot.put(&mk, state);
            }
            // After the puts, which count as accesses.
            for (db, key, secs) in idle {
                self.hot.set_idle(&keys::meta_key(db, &key), secs);
            }
        }
        for &db in &flushed {
            self.after_flush(db);
        }
        self.apply_counts(deltas);
        Ok(())
    }

    /// Starts a bulk load (an RDB import into a directory no server uses yet): the batches
    /// started from now on stage their writes for SST ingestion (see `bulk.rs`), skipping the
    /// WAL, the memtables and the hot tier; their writes are unreadable until
    /// [`Engine::ingest_staged`]. Nothing is durable until [`Engine::end_bulk_load`]; a crash
    /// before then leaves a directory the importer discards as a whole.
    ///
    /// Compactions wait until the load is over (they would only rewrite files the load is still
    /// adding to, on the same cores), so the L0 file limits that would stall writes are lifted
    /// meanwhile.
    pub fn begin_bulk_load(&self) -> Result<()> {
        *self.stage.lock() = Some(crate::bulk::Stage::new(self.path.join("bulk-ingest")));
        self.bulk.store(true, Ordering::Relaxed);
        self.set_all_cfs(&[
            ("disable_auto_compactions", "true"),
            ("level0_slowdown_writes_trigger", "100000"),
            ("level0_stop_writes_trigger", "100000"),
            ("soft_pending_compaction_bytes_limit", "0"),
            ("hard_pending_compaction_bytes_limit", "0"),
        ])
    }

    /// Ends a bulk load: flushes every memtable, so the loaded data is in SST files on return,
    /// and restores RocksDB's default compaction settings (the backlog is compacted in the
    /// background from then on).
    pub fn end_bulk_load(&self) -> Result<()> {
        self.ingest_staged()?;
        *self.stage.lock() = None;
        let _ = std::fs::remove_dir_all(self.path.join("bulk-ingest"));
        self.bulk.store(false, Ordering::Relaxed);
        self.flush_memtables()?;
        self.set_all_cfs(&[
            ("disable_auto_compactions", "false"),
            ("level0_slowdown_writes_trigger", "20"),
            ("level0_stop_writes_trigger", "36"),
            ("soft_pending_compaction_bytes_limit", "68719476736"),
            ("hard_pending_compaction_bytes_limit", "274877906944"),
        ])
    }

    fn set_all_cfs(&self, opts: &[(&str, &str)]) -> Result<()> {
        for cf in [
            CF_META, CF_DATA, CF_ZSCORE, CF_ZRANK, CF_EXPIRE, CF_HEXPIRE, CF_MISC,
        ] {
            self.db.set_options_cf(self.cf(cf), opts)?;
        }
        Ok(())
    }

    /// Applies a write batch. Under `appendfsync always` the server makes it durable with
    /// [`Engine::sync_wal_through`] before it acknowledges it.
    pub(crate) fn write(&self, wb: WriteBatch) -> Result<()> {
        if self.bulk.load(Ordering::Relaxed) {
            return self.write_unlogged(wb);
        }
        self.db.write(wb)?;
        Ok(())
    }

    /// The merge operands that add a batch's key-count deltas to the stored counters.
    fn count_merges(&self, wb: &mut WriteBatch, deltas: &[(u8, i64, i64)]) {
        let misc = self.cf(CF_MISC);
        for &(db, dk, de) in deltas {
            if dk != 0 {
                wb.merge_cf(misc, count_key("keys", db), dk.to_le_bytes());
            }
            if de != 0 {
                wb.merge_cf(misc, count_key("expires", db), de.to_le_bytes());
            }
        }
    }

    /// Adds a committed batch's key-count deltas to the counters kept in memory.
    fn apply_counts(&self, deltas: Vec<(u8, i64, i64)>) {
        for (db, dk, de) in deltas {
            let c = &self.counts[db as usize];
            c.keys.fetch_add(dk, Ordering::Relaxed);
            c.expires.fetch_add(de, Ordering::Relaxed);
        }
    }

    /// Commits a bulk load's batch: its writes staged, its key counts applied at once.
    fn commit_staged(&self, ops: Vec<Op>, deltas: Vec<(u8, i64, i64)>) -> Result<()> {
        self.stage(ops)?;
        let mut wb = WriteBatch::default();
        self.count_merges(&mut wb, &deltas);
        if !wb.is_empty() {
            self.write_unlogged(wb)?;
        }
        self.apply_counts(deltas);
        Ok(())
    }

    /// What a committed flush of physical db `db` makes due ([`Batch::flush_db`]): its counts
    /// are zero (the batch's later writes add theirs), and its range tombstones are compacted
    /// away soon, which gives the disk back.
    fn after_flush(&self, db: u8) {
        let c = &self.counts[db as usize];
        c.keys.store(0, Ordering::Relaxed);
        c.expires.store(0, Ordering::Relaxed);
        let (from, to) = db_range(db);
        self.compactions.lock().push(Compaction {
            cfs: FLUSHED,
            from,
            to,
            release_wal: true,
        });
    }

    /// Drops every cached state (after a flush, whether or not it landed).
    fn clear_caches(&self) {
        self.hot.clear();
        self.lists.clear();
        self.sets.clear();
        self.decks.clear();
    }

    /// Asks for the records of one collection version to be compacted soon (by
    /// [`Engine::run_requested_compactions`], off the request path): a collection that had many
    /// members removed one by one is full of tombstones, which every seek and scan into it steps
    /// over until compaction drops them.
    pub fn request_compaction(&self, db: u8, key: &[u8], version: u64) {
        self.queue_version_compaction(db, key, version, false);
    }

    /// Queues the compaction of a collection version's records (sorted sets and hashes also
    /// index the version in `zscore`, zsets in `zrank`).
    fn queue_version_compaction(&self, db: u8, key: &[u8], version: u64, release_wal: bool) {
        let from = keys::data_prefix(db, key, version);
        if let Some(to) = keys::prefix_end(&from) {
            self.compactions.lock().push(Compaction {
                cfs: COLLECTION,
                from,
                to,
                release_wal,
            });
        }
    }

    /// Whether [`Engine::request_compaction`] left work to do.
    pub fn compactions_requested(&self) -> bool {
        !self.compactions.lock().is_empty()
    }

    /// Compacts the ranges asked for (flushing the memtable first where it overlaps them, as
    /// RocksDB does), so their tombstones leave. Runs on a background thread.
    pub fn run_requested_compactions(&self) -> Result<()> {
        let ranges = std::mem::take(&mut *self.compactions.lock());
        let flushed = if ranges.iter().any(|r| r.release_wal) {
            self.flush_memtables()
        } else {
            Ok(())
        };
        for r in ranges {
            for cf in r.cfs {
                self.db
                    .compact_range_cf(self.cf(cf), Some(&r.from), Some(&r.to));
            }
        }
        flushed
    }

    /// Compacts the whole key space so deleted data leaves the disk (after FLUSHALL, in tests).
    pub fn compact_all(&self) {
        for cf in [CF_META, CF_DATA, CF_ZSCORE, CF_ZRANK, CF_EXPIRE, CF_HEXPIRE] {
            self.db
                .compact_range_cf(self.cf(cf), None::<&[u8]>, None::<&[u8]>);
        }
    }

    /// Writes a consistent, openable copy of the database to `dir` (hard links where possible).
    pub fn checkpoint(&self, dir: &Path) -> Result<()> {
        let cp = rocksdb::checkpoint::Checkpoint::new(&self.db)?;
        Ok(cp.create_checkpoint(dir)?)
    }

    /// Expire index entries due at `now_ms`, oldest first, at most `limit`.
    pub fn due_expirations(&self, now_ms: u64, limit: usize) -> Result<Vec<(u64, u8, Vec<u8>)>> {
        self.due_in(CF_EXPIRE, now_ms, limit)
    }

    /// Hash field-expiry index entries (earliest field deadline of a hash) due at `now_ms`.
    pub fn due_field_expirations(
        &self,
        now_ms: u64,
        limit: usize,
    ) -> Result<Vec<(u64, u8, Vec<u8>)>> {
        self.due_in(CF_HEXPIRE, now_ms, limit)
    }

    fn due_in(&self, cf: &str, now_ms: u64, limit: usize) -> Result<Vec<(u64, u8, Vec<u8>)>> {
        let mut ro = ReadOptions::default();
        ro.set_iterate_upper_bound(now_ms.saturating_add(1).to_be_bytes().to_vec());
        let mut out = Vec::new();
        for item in
            self.db
                .iterator_cf_opt(self.cf(cf), ro, IteratorMode::From(&[], Direction::Forward))
        {
            let (k, _) = item?;
            if let Some((when, db, key)) = keys::decode_expire_key(&k) {
                out.push((when, db, key.to_vec()));
            }
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Approximate on-disk size of the live SST files and memtables of the data CF, in bytes.
    pub fn data_cf_size(&self) -> u64 {
        let cf = self.cf(CF_DATA);
        let sst = self
            .db
            .property_int_value_cf(cf, "rocksdb.live-sst-files-size")
            .ok()
            .flatten()
            .unwrap_or(0);
        let mem = self
            .db
            .property_int_value_cf(cf, "rocksdb.cur-size-all-mem-tables")
            .ok()
            .flatten()
            .unwrap_or(0);
        sst + mem
    }

    /// Counts the records physically present in the data CF (tests and diagnostics; O(n)).
    pub fn count_data_records(&self) -> Result<u64> {
        let mut n = 0;
        let mut it = self.db.raw_iterator_cf(self.cf(CF_DATA));
        it.seek_to_first();
        while it.valid() {
            n += 1;
            it.next();
        }
        it.status()?;
        Ok(n)
    }

    /// A RocksDB property of the shared block cache, for INFO: every column family reports the
    /// same cache, so it is read once, not summed.
    pub fn cache_property(&self, name: &str) -> u64 {
        self.db
            .property_int_value_cf(self.cf(CF_META), name)
            .ok()
            .flatten()
            .unwrap_or(0)
    }

    /// A RocksDB integer property of the whole database (background jobs), 0 if unknown.
    pub fn db_property(&self, name: &str) -> u64 {
        self.db.property_int_value(name).ok().flatten().unwrap_or(0)
    }

    /// A RocksDB property summed over the column families, for INFO.
    pub fn property(&self, name: &str) -> u64 {
        [
            CF_META, CF_DATA, CF_ZSCORE, CF_ZRANK, CF_EXPIRE, CF_HEXPIRE, CF_MISC,
        ]
        .iter()
        .filter_map(|cf| {
            self.db
                .property_int_value_cf(self.cf(cf), name)
                .ok()
                .flatten()
        })
        .sum()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // Compaction filters must not keep the DB alive (or drop it on their own thread).
        self.filter.db.write().take();
        let _ = self.db.flush_wal(true);
    }
}

fn scored_key(db: u8, key: &[u8], version: u64, score: u64, member: &[u8]) -> Vec<u8> {
    let mut sub = Vec::with_capacity(8 + member.len());
    sub.extend_from_slice(&score.to_be_bytes());
    sub.extend_from_slice(member);
    keys::data_key(db, key, version, &sub)
}

fn decode_u64(raw: &[u8]) -> u64 {
    raw.try_into().map(u64::from_be_bytes).unwrap_or(0)
}

/// One command's writes, applied atomically by [`Engine::commit`].
///
/// It remembers the metadata it has written (`overlay`, by meta key) so later reads in the same command see
/// them, and it keeps the key-count deltas that [`Engine::commit`] turns into merge operands.
pub struct Batch<'e> {
    engine: &'e Engine,
    /// Created on the first write: most commands are reads and never need one.
    wb: Option<WriteBatch>,
    overlay: HashMap<Vec<u8>, Option<Meta>, foldhash::fast::RandomState>,
    deltas: Vec<(u8, i64, i64)>,
    /// Keys whose subkeys this batch wrote (consecutive repeats folded), for WATCH.
    touched: Vec<(u8, Vec<u8>)>,
    /// Transaction mode: subkey writes are readable before the commit (see `pending.rs`), metadata
    /// is written at the commit from the overlay, and each command can be rolled back.
    tx: Option<Box<Tx>>,
    /// Bulk-load mode: writes are staged for SST ingestion, unreadable until then (`bulk.rs`).
    staged: Option<Vec<Op>>,
    /// The deck a SPOP drew from, put back at commit (see `deck.rs`).
    deck: Option<crate::deck::HeldDeck>,
    /// Idle times for keys this batch writes (RESTORE ... IDLETIME), set once they are cached.
    idle: Vec<(u8, Vec<u8>, u64)>,
    /// Physical dbs this batch flushed ([`Batch::flush_db`]): keys it has not written since read
    /// as absent.
    flushed: Vec<u8>,
    /// Versions handed out to this batch ([`Batch::new_version`]): nothing of theirs can be on
    /// disk yet, so their lookups skip it. In a cell: commands create collections through
    /// shared borrows of their batch.
    fresh: std::cell::RefCell<Vec<u64>>,
}

/// One write of a bulk load's batch (staged for SST ingestion), or of a transaction batch to a
/// column family commands read back (replayed into its pending writes after a rollback).
pub(crate) enum Op {
    Put(&'static str, Vec<u8>, Vec<u8>),
    Delete(&'static str, Vec<u8>),
    DeleteRange(&'static str, Vec<u8>, Vec<u8>),
}

/// An overlay entry as it was before a transaction's write replaced it (`None`: absent).
type OverlayUndo = (Vec<u8>, Option<Option<Meta>>);

/// A transaction batch writes into its `WriteBatch` as any batch does; a savepoint is the
/// batch's length, and a rollback cuts the batch's bytes back to it.
#[derive(Default)]
struct Tx {
    /// The writes to `data`, `zscore` and `zrank`, from which a rollback rebuilds `pending`.
    reads: Vec<Op>,
    pending: Pending,
    /// What each metadata write replaced in the overlay, so a savepoint costs O(1).
    undo: Vec<OverlayUndo>,
}

/// A point to roll a transaction batch back to: the state before one command of it.
pub struct Savepoint {
    reads: usize,
    /// The write batch's size in bytes and in records (`None`: not started).
    wb: Option<(usize, usize)>,
    undo: usize,
    deltas: Vec<(u8, i64, i64)>,
    touched: usize,
    idle: usize,
    flushed: usize,
}

/// The user key of a meta key (`db | slot | key`, see `keys`).
fn split_meta_key(mk: &[u8]) -> &[u8] {
    keys::decode_meta_key(mk).map_or(&[], |(_, k)| k)
}

fn read_cf(cf: &str) -> Option<ReadCf> {
    match cf {
        CF_DATA => Some(ReadCf::Data),
        CF_ZSCORE => Some(ReadCf::Zscore),
        CF_ZRANK => Some(ReadCf::Zrank),
        _ => None,
    }
}

impl Batch<'_> {
    /// Every key this batch writes, with its new metadata (`None`: deleted).
    pub fn written(&self) -> impl Iterator<Item = (u8, &[u8], Option<&Meta>)> {
        self.overlay
            .iter()
            .map(|(mk, m)| (mk[0], split_meta_key(mk), m.as_ref()))
    }

    /// The raw (possibly expired) metadata of a key, seeing this batch's own writes.
    pub fn get_meta(&self, db: u8, key: &[u8]) -> Result<Option<Meta>> {
        let mk = keys::meta_key(db, key);
        match self.overlay.get(&mk) {
            Some(m) => Ok(m.clone()),
            None if self.flushed.contains(&db) => Ok(None),
            None => self.engine.meta_at(&mk),
        }
    }

    fn delta(&mut self, db: u8, keys: i64, expires: i64) {
        if keys == 0 && expires == 0 {
            return;
        }
        match self.deltas.iter_mut().find(|d| d.0 == db) {
            Some(d) => {
                d.1 += keys;
                d.2 += expires;
            }
            None => self.deltas.push((db, keys, expires)),
        }
    }

    /// Writes a key's metadata. `old` must be the key's current raw record (expired or not), as
    /// returned by [`Batch::get_meta`]: counts, the expire index and garbage collection of the
    /// previous version are derived from it.
    pub fn put_meta(&mut self, db: u8, key: &[u8], new: Meta, old: Option<&Meta>) {
        let old_exp = old.map_or(0, |m| m.expire_at);
        if old_exp != new.expire_at {
            if old_exp != 0 {
                self.del(CF_EXPIRE, keys::expire_key(old_exp, db, key));
            }
            if new.expire_at != 0 {
                self.put(CF_EXPIRE, keys::expire_key(new.expire_at, db, key), []);
            }
        }
        let old_hmin = old.map_or(0, crate::types::hash::min_deadline);
        let new_hmin = crate::types::hash::min_deadline(&new);
        if old_hmin != new_hmin {
            if old_hmin != 0 {
                self.delete_field_expire_entry(old_hmin, db, key);
            }
            if new_hmin != 0 {
                self.put(CF_HEXPIRE, keys::expire_key(new_hmin, db, key), []);
            }
        }
        if let Some(old) = old {
            if old.has_subkeys() && (!new.has_subkeys() || new.version != old.version) {
                self.drop_version(db, key, old);
            }
        }
        self.delta(
            db,
            old.is_none() as i64,
            (new.expire_at != 0) as i64 - (old_exp != 0) as i64,
        );
        let mk = keys::meta_key(db, key);
        if !self.defers_meta() {
            self.put(CF_META, mk.as_slice(), new.encode());
        }
        self.set_overlay(mk, Some(new));
    }

    /// Deletes a key whose current raw record is `old`: O(1) whatever its size.
    pub fn delete_key(&mut self, db: u8, key: &[u8], old: &Meta) {
        if old.expire_at != 0 {
            self.del(CF_EXPIRE, keys::expire_key(old.expire_at, db, key));
        }
        let hmin = crate::types::hash::min_deadline(old);
        if hmin != 0 {
            self.delete_field_expire_entry(hmin, db, key);
        }
        if old.has_subkeys() {
            self.drop_version(db, key, old);
        }
        self.delta(db, -1, -((old.expire_at != 0) as i64));
        let mk = keys::meta_key(db, key);
        if !self.defers_meta() {
            self.del(CF_META, mk.as_slice());
        }
        self.set_overlay(mk, None);
    }

    /// Deletes every key of physical db `db` (FLUSHDB, FLUSHALL): range tombstones after the
    /// batch's earlier writes and before its later ones, so that in a transaction or a script
    /// what was written before the flush is gone and what is written after it stays.
    pub fn flush_db(&mut self, db: u8) {
        let (from, to) = db_range(db);
        for cf in FLUSHED {
            self.del_range(cf, &from, &to);
        }
        // Expire index entries are ordered by deadline, not db: the sweeper drops them as stale.
        for what in ["keys", "expires"] {
            self.put(CF_MISC, count_key(what, db), 0i64.to_le_bytes());
        }
        self.deltas.retain(|d| d.0 != db);
        // The metadata written so far must not be written after the tombstones at the commit.
        let gone: Vec<Vec<u8>> = self
            .overlay
            .keys()
            .filter(|mk| mk.first() == Some(&db))
            .cloned()
            .collect();
        for mk in gone {
            let before = self.overlay.remove(&mk);
            if let Some(tx) = self.tx.as_deref_mut() {
                tx.undo.push((mk, before));
            }
        }
        if !self.flushed.contains(&db) {
            self.flushed.push(db);
        }
    }

    /// [`Engine::scan_meta`] as this batch leaves the db: its written keys in, its deleted ones
    /// out, nothing from disk after a flush. Returns the resume point for SCAN likewise.
    pub fn scan_meta(
        &self,
        db: u8,
        from: &[u8],
        mut visit: impl FnMut(&[u8], Meta) -> bool,
    ) -> Result<Option<Vec<u8>>> {
        let flushed = self.flushed.contains(&db);
        let mut mine: Vec<(&[u8], &Option<Meta>)> = self
            .overlay
            .iter()
            .filter(|(mk, _)| mk.first() == Some(&db) && mk.as_slice() >= from)
            .map(|(mk, m)| (mk.as_slice(), m))
            .collect();
        if mine.is_empty() && !flushed {
            return self.engine.scan_meta(db, from, visit);
        }
        mine.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut mine = mine.into_iter().peekable();
        // Where a stop on one of the batch's keys, inside the disk walk, resumes.
        let mut resume: Option<Vec<u8>> = None;
        let mut stopped_on_disk = false;
        let mut walk = |mk: &[u8], meta: Meta| visit(split_meta_key(mk), meta);
        let disk_next = if flushed {
            None
        } else {
            self.engine.scan_meta(db, from, |user_key, disk| {
                let mk = keys::meta_key(db, user_key);
                while let Some((k, m)) = mine.next_if(|(k, _)| *k < mk.as_slice()) {
                    if let Some(m) = m {
                        if !walk(k, m.clone()) {
                            // The disk key at hand is not visited yet: it may be where to resume.
                            let next = mine
                                .peek()
                                .map_or(mk.as_slice(), |(n, _)| (*n).min(mk.as_slice()));
                            resume = Some(next.to_vec());
                            return false;
                        }
                    }
                }
                let state = match mine.next_if(|(k, _)| *k == mk.as_slice()) {
                    Some((_, m)) => m.clone(),
                    None => Some(disk),
                };
                match state {
                    Some(m) => {
                        stopped_on_disk = !walk(&mk, m);
                        !stopped_on_disk
                    }
                    None => true,
                }
            })?
        };
        if let Some(r) = resume {
            return Ok(Some(r));
        }
        if stopped_on_disk {
            let next = match (disk_next, mine.peek()) {
                (Some(d), Some((m, _))) => Some(d.as_slice().min(m).to_vec()),
                (d, m) => d.or_else(|| m.map(|(m, _)| m.to_vec())),
            };
            return Ok(next);
        }
        while let Some((k, m)) = mine.next() {
            if let Some(m) = m {
                if !walk(k, m.clone()) {
                    return Ok(mine.peek().map(|(n, _)| n.to_vec()));
                }
            }
        }
        Ok(None)
    }

    /// The first meta record at or after `db|slot`, wrapping to the start of the db: RANDOMKEY.
    pub fn key_at_or_after_slot(&self, db: u8, slot: u16) -> Result<Option<(Vec<u8>, Meta)>> {
        let mut from = vec![db];
        from.extend_from_slice(&slot.to_be_bytes());
        for start in [from, Vec::new()] {
            let mut found = None;
            self.scan_meta(db, &start, |k, m| {
                found = Some((k.to_vec(), m));
                false
            })?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// `(keys, keys with an expiry)` in physical db `db` as this batch leaves it.
    pub fn dbsize(&self, db: u8) -> (u64, u64) {
        let (keys, expires) = if self.flushed.contains(&db) {
            (0, 0)
        } else {
            self.engine.dbsize(db)
        };
        let (dk, de) = self
            .deltas
            .iter()
            .find(|d| d.0 == db)
            .map_or((0, 0), |d| (d.1, d.2));
        (
            (keys as i64 + dk).max(0) as u64,
            (expires as i64 + de).max(0) as u64,
        )
    }

    /// Whether metadata writes wait for the commit, which writes each key's last state from the
    /// overlay: a transaction (a script, a pipelined group) that writes one key many times
    /// then costs one record, not one per write.
    fn defers_meta(&self) -> bool {
        self.tx.is_some() && self.staged.is_none()
    }

    /// Removes an expire index entry that no longer matches its key (the sweeper's cleanup).
    pub fn delete_expire_entry(&mut self, when_ms: u64, db: u8, key: &[u8]) {
        self.del(CF_EXPIRE, keys::expire_key(when_ms, db, key));
    }

    /// Removes a hash field-expiry index entry (stale, or its hash's minimum moved).
    pub fn delete_field_expire_entry(&mut self, when_ms: u64, db: u8, key: &[u8]) {
        self.del(CF_HEXPIRE, keys::expire_key(when_ms, db, key));
    }

    /// The engine this batch writes to (for reads that must go with the batch's writes).
    pub fn engine(&self) -> &Engine {
        self.engine
    }

    /// Writes a `zscore` entry `(score, member)` of a collection version.
    pub fn put_scored(&mut self, db: u8, key: &[u8], version: u64, score: u64, member: &[u8]) {
        self.touch(db, key);
        self.put(CF_ZSCORE, scored_key(db, key, version, score, member), []);
    }

    /// Deletes a `zscore` entry of a collection version.
    pub fn delete_scored(&mut self, db: u8, key: &[u8], version: u64, score: u64, member: &[u8]) {
        self.touch(db, key);
        self.del(CF_ZSCORE, scored_key(db, key, version, score, member));
    }

    fn drop_version(&mut self, db: u8, key: &[u8], old: &Meta) {
        // Small collections are left to the compaction filter; big ones also get a range
        // tombstone so that scans of neighbouring keys do not walk through their garbage.
        if old.size >= RANGE_DELETE_MIN {
            let prefix = keys::data_prefix(db, key, old.version);
            if let Some(end) = keys::prefix_end(&prefix) {
                self.del_range(CF_DATA, &prefix, &end);
                if matches!(old.kind, Kind::ZSet | Kind::Hash) {
                    self.del_range(CF_ZSCORE, &prefix, &end);
                }
                if old.kind == Kind::ZSet {
                    self.del_range(CF_ZRANK, &prefix, &end);
                }
            }
        }
        // A big collection's disk space comes back soon rather than whenever compaction
        // happens to reach its files (a failed commit only makes this compaction useless).
        if old.size >= COMPACT_DROPPED_MIN {
            self.engine
                .queue_version_compaction(db, key, old.version, true);
        }
    }

    /// Writes one subkey of a collection version.
    pub fn put_sub(&mut self, db: u8, key: &[u8], version: u64, sub: &[u8], value: &[u8]) {
        self.touch(db, key);
        self.put(CF_DATA, keys::data_key(db, key, version, sub), value);
    }

    /// Deletes one subkey of a collection version.
    pub fn delete_sub(&mut self, db: u8, key: &[u8], version: u64, sub: &[u8]) {
        self.touch(db, key);
        self.del(CF_DATA, keys::data_key(db, key, version, sub));
    }

    /// Deletes the subkeys `from..to` of a collection version with one range tombstone.
    pub fn delete_sub_range(&mut self, db: u8, key: &[u8], version: u64, from: &[u8], to: &[u8]) {
        self.touch(db, key);
        self.del_range(
            CF_DATA,
            keys::data_key(db, key, version, from),
            keys::data_key(db, key, version, to),
        );
    }

    fn wb(&mut self) -> &mut WriteBatch {
        self.wb.get_or_insert_with(WriteBatch::default)
    }

    pub(crate) fn put<K>(&mut self, cf: &'static str, key: K, value: impl AsRef<[u8]>)
    where
        K: AsRef<[u8]> + Into<Vec<u8>>,
    {
        let value = value.as_ref();
        if let Some(staged) = &mut self.staged {
            staged.push(Op::Put(cf, key.into(), value.to_vec()));
            return;
        }
        if let (Some(tx), Some(rc)) = (&mut self.tx, read_cf(cf)) {
            tx.pending.put(rc, key.as_ref().to_vec(), value);
            tx.reads
                .push(Op::Put(cf, key.as_ref().to_vec(), value.to_vec()));
        }
        let e = self.engine;
        self.wb().put_cf(e.cf(cf), key, value);
    }

    pub(crate) fn del<K>(&mut self, cf: &'static str, key: K)
    where
        K: AsRef<[u8]> + Into<Vec<u8>>,
    {
        if let Some(staged) = &mut self.staged {
            staged.push(Op::Delete(cf, key.into()));
            return;
        }
        if let (Some(tx), Some(rc)) = (&mut self.tx, read_cf(cf)) {
            tx.pending.delete(rc, key.as_ref().to_vec());
            tx.reads.push(Op::Delete(cf, key.as_ref().to_vec()));
        }
        let e = self.engine;
        self.wb().delete_cf(e.cf(cf), key);
    }

    pub(crate) fn del_range(
        &mut self,
        cf: &'static str,
        from: impl AsRef<[u8]>,
        to: impl AsRef<[u8]>,
    ) {
        let (from, to) = (from.as_ref(), to.as_ref());
        if let Some(staged) = &mut self.staged {
            staged.push(Op::DeleteRange(cf, from.to_vec(), to.to_vec()));
            return;
        }
        if let (Some(tx), Some(rc)) = (&mut self.tx, read_cf(cf)) {
            tx.pending.delete_range(rc, from, to);
            tx.reads
                .push(Op::DeleteRange(cf, from.to_vec(), to.to_vec()));
        }
        let e = self.engine;
        self.wb().delete_range_cf(e.cf(cf), from, to);
    }

    /// Records that `key`'s subkeys are written (WATCH sees writes that leave the metadata
    /// as it was, such as LSET or HSET of an existing field).
    fn touch(&mut self, db: u8, key: &[u8]) {
        if self
            .touched
            .last()
            .is_none_or(|(d, k)| *d != db || k.as_slice() != key)
        {
            self.touched.push((db, key.to_vec()));
        }
    }

    /// Counts `key` as modified (for WATCH) by a command that Redis counts as a modification even
    /// when it leaves the value as it was (SETRANGE of the same bytes, APPEND of nothing).
    pub fn mark_modified(&mut self, db: u8, key: &[u8]) {
        self.touch(db, key);
    }

    /// Every key this batch writes, metadata or subkeys (possibly repeated).
    pub fn written_keys(&self) -> impl Iterator<Item = (u8, &[u8])> {
        self.overlay
            .keys()
            .map(|mk| (mk[0], split_meta_key(mk)))
            .chain(self.touched.iter().map(|(db, k)| (*db, k.as_slice())))
    }

    /// The state to return to if the next command of a transaction fails. Only transaction
    /// batches ([`Engine::tx_batch`]) can roll back.
    pub fn savepoint(&self) -> Option<Savepoint> {
        let tx = self.tx.as_deref()?;
        Some(Savepoint {
            reads: tx.reads.len(),
            wb: self.wb.as_ref().map(|wb| (wb.size_in_bytes(), wb.len())),
            undo: tx.undo.len(),
            deltas: self.deltas.clone(),
            touched: self.touched.len(),
            idle: self.idle.len(),
            flushed: self.flushed.len(),
        })
    }

    /// Undoes every write made since `sp` was taken: the overlay from the undo records, the
    /// pending subkey writes by replaying the log that remains (rollbacks are rare; savepoints,
    /// taken before every command of a transaction, must be cheap).
    pub fn rollback(&mut self, sp: Savepoint) {
        let Some(tx) = self.tx.as_deref_mut() else {
            return;
        };
        while tx.undo.len() > sp.undo {
            let Some((key, before)) = tx.undo.pop() else {
                break;
            };
            match before {
                Some(m) => self.overlay.insert(key, m),
                None => self.overlay.remove(&key),
            };
        }
        self.wb = match (self.wb.take(), sp.wb) {
            (Some(wb), Some((_, records))) if wb.len() == records => Some(wb),
            (Some(wb), Some((bytes, records))) => {
                // A batch's bytes are a 12-byte header (sequence, record count) and then its
                // records, one after the other: cutting them and the count undoes the newest.
                let mut data = wb.data()[..bytes].to_vec();
                data[8..12].copy_from_slice(&(records as u32).to_le_bytes());
                Some(WriteBatch::from_data(&data))
            }
            _ => None,
        };
        tx.reads.truncate(sp.reads);
        tx.pending = Pending::default();
        for op in &tx.reads {
            match op {
                Op::Put(cf, k, v) => {
                    if let Some(rc) = read_cf(cf) {
                        tx.pending.put(rc, k.clone(), v);
                    }
                }
                Op::Delete(cf, k) => {
                    if let Some(rc) = read_cf(cf) {
                        tx.pending.delete(rc, k.clone());
                    }
                }
                Op::DeleteRange(cf, f, t) => {
                    if let Some(rc) = read_cf(cf) {
                        tx.pending.delete_range(rc, f, t);
                    }
                }
            }
        }
        self.deltas = sp.deltas;
        self.touched.truncate(sp.touched);
        self.idle.truncate(sp.idle);
        self.flushed.truncate(sp.flushed);
    }

    /// Gives a key this batch writes `secs` of idle time once committed (RESTORE ... IDLETIME).
    pub fn set_idle(&mut self, db: u8, key: &[u8], secs: u64) {
        self.idle.push((db, key.to_vec(), secs));
    }

    /// Replaces the overlay entry of a key (by meta key), remembering the old one in a
    /// transaction.
    fn set_overlay(&mut self, mk: Vec<u8>, meta: Option<Meta>) {
        // A bulk load reads back only the key it just wrote (see `bulk.rs`): a map of every
        // key of a big batch would cost more than the rest of its write.
        if self.staged.is_some() {
            self.overlay.clear();
        }
        match self.tx.as_deref_mut() {
            Some(tx) => {
                let before = self.overlay.insert(mk.clone(), meta);
                tx.undo.push((mk, before));
            }
            None => {
                self.overlay.insert(mk, meta);
            }
        }
    }

    pub(crate) fn tx_pending(&self) -> Option<&Pending> {
        self.tx.as_deref().map(|tx| &tx.pending)
    }

    /// One subkey of a collection version, seeing this batch's own writes in a transaction.
    pub fn get_sub(&self, db: u8, key: &[u8], version: u64, sub: &[u8]) -> Result<Option<Vec<u8>>> {
        let raw = keys::data_key(db, key, version, sub);
        if let Some(p) = self.tx_pending() {
            match p.state(ReadCf::Data, &raw) {
                State::Put(v) => return Ok(Some(v.to_vec())),
                State::Deleted => return Ok(None),
                State::Untouched => {}
            }
        }
        if self.fresh.borrow().contains(&version) {
            // A new collection's fields, members and elements are only in this batch, if
            // anywhere: the disk lookup (filters, index, memtables) would find nothing.
            return Ok(None);
        }
        Ok(self.engine.db.get_cf(self.engine.cf(CF_DATA), &raw)?)
    }

    /// A collection version for a key this batch creates ([`Engine::next_version`]); this
    /// batch's lookups of its subkeys skip the disk.
    pub fn new_version(&self) -> Result<u64> {
        let v = self.engine.next_version()?;
        self.fresh.borrow_mut().push(v);
        Ok(v)
    }

    /// Visits the subkeys of a collection version in order, starting at `from` (inclusive),
    /// until `visit` returns false, seeing this batch's own writes in a transaction.
    pub fn scan_subs(
        &self,
        db: u8,
        key: &[u8],
        version: u64,
        from: &[u8],
        visit: impl FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<()> {
        self.engine
            .scan_subs_in(self.tx_pending(), db, key, version, from, visit)
    }

    /// Visits the `zscore` entries `(score, member)` of a collection version in score order
    /// (raw big-endian u64 scores), seeing this batch's own writes in a transaction.
    pub fn scan_scored(
        &self,
        db: u8,
        key: &[u8],
        version: u64,
        visit: impl FnMut(u64, &[u8]) -> bool,
    ) -> Result<()> {
        self.engine
            .scan_scored_in(self.tx_pending(), db, key, version, visit)
    }

    /// The last subkey of a collection version (HRANDFIELD uses it to bound random seeks),
    /// seeing this batch's own writes in a transaction.
    pub fn last_sub(&self, db: u8, key: &[u8], version: u64) -> Result<Option<Vec<u8>>> {
        let prefix = keys::data_prefix(db, key, version);
        let upper = keys::prefix_end(&prefix);
        let mut last = None;
        self.engine.scan_cf(
            self.tx_pending(),
            CF_DATA,
            &prefix,
            upper.as_deref(),
            None,
            true,
            &mut |k, _| {
                last = Some(k[prefix.len()..].to_vec());
                false
            },
        )?;
        Ok(last)
    }

    /// Whether a transaction has pending writes among the subkeys of a collection version
    /// (sampling then has to look at them).
    pub fn has_pending_subs(&self, db: u8, key: &[u8], version: u64) -> bool {
        self.tx_pending().is_some_and(|p| {
            let prefix = keys::data_prefix(db, key, version);
            p.touches(ReadCf::Data, &prefix, keys::prefix_end(&prefix).as_deref())
        })
    }

    /// Number of operations queued (tests use it to show DEL of any size is O(1)). A
    /// transaction's metadata is not among them: it is written at the commit.
    pub fn len(&self) -> usize {
        match &self.staged {
            Some(staged) => staged.len(),
            None => self.wb.as_ref().map_or(0, |wb| wb.len()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A single command's batch that has not written yet.
    pub(crate) fn is_fresh(&self) -> bool {
        self.tx.is_none()
            && self.staged.is_none()
            && self.wb.is_none()
            && self.overlay.is_empty()
            && self.deck.is_none()
    }

    pub(crate) fn hold_deck(&mut self, held: crate::deck::HeldDeck) {
        self.deck = Some(held);
    }
}
