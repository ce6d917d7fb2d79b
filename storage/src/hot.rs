// Hot path: every keyed read consults the tier first.
//! The hot tier: a byte-bounded, concurrent cache of decoded metadata records (which for strings
//! include the value) in front of RocksDB, including "this key does not exist" entries.
//!
//! Invariants:
//! - It is never stale. It is filled only by a lookup made under the key's lock, and every write
//!   updates it after its batch commits, still under that lock (write-through). A failed commit
//!   invalidates the keys it touched. FLUSHDB/FLUSHALL clear it.
//! - It is bounded: each shard evicts with the CLOCK algorithm (second chance) once its share
//!   of the byte budget is used. Iteration (KEYS, SCAN, RANDOMKEY) bypasses the tier, so a scan
//!   cannot flush the hot set.
//! - It knows when each key it holds was last read or written (OBJECT IDLETIME), in seconds of a
//!   clock the server's cron advances: one relaxed load per access, under the shard lock the
//!   access takes anyway. A key it does not hold (never used since the start, or evicted)
//!   reports the tier's age: an upper bound, as Redis reports the time since the load.

use crate::metadata::Meta;
use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicI32, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

const SHARDS: usize = 64;
/// Bookkeeping bytes charged per entry on top of key and value (map slot, queue slot, Meta).
const ENTRY_OVERHEAD: usize = 96;

struct Entry {
    meta: Option<Meta>,
    referenced: bool,
    /// The clock at the last read or write (negative: restored with an idle time from before
    /// the tier existed).
    accessed: i32,
}

#[derive(Default)]
struct Shard {
    map: HashMap<Box<[u8]>, Entry, foldhash::quality::RandomState>,
    /// CLOCK order; may hold keys already removed from `map` (skipped when met).
    queue: VecDeque<Box<[u8]>>,
    bytes: usize,
}

fn cost(key: &[u8], meta: &Option<Meta>) -> usize {
    key.len() + meta.as_ref().map_or(0, |m| m.body.len()) + ENTRY_OVERHEAD
}

/// Hit/miss/eviction counters and size, for INFO.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HotStats {
    pub bytes: usize,
    pub budget: usize,
    pub entries: usize,
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
}

/// The tier. Keys are raw `meta` column family keys (`db | slot | user_key`).
pub struct HotTier {
    shards: Vec<Mutex<Shard>>,
    budget: AtomicUsize,
    hasher: foldhash::quality::RandomState,
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    /// Whole seconds since `epoch`, as of the last [`HotTier::tick`].
    clock: AtomicI32,
    epoch: Instant,
}

/// A lookup result: `None` = not cached; `Some(None)` = cached as absent.
pub type Cached = Option<Option<Meta>>;

impl HotTier {
    pub fn new(budget_bytes: usize) -> HotTier {
        HotTier {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            budget: AtomicUsize::new(budget_bytes),
            hasher: Default::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
            clock: AtomicI32::new(0),
            epoch: Instant::now(),
        }
    }

    /// Advances the access clock to the current second (the server's cron calls it several
    /// times a second, so accesses need not read the system clock).
    pub fn tick(&self) {
        let secs = self.epoch.elapsed().as_secs().min(i32::MAX as u64) as i32;
        self.clock.store(secs, Ordering::Relaxed);
    }

    fn now(&self) -> i32 {
        self.clock.load(Ordering::Relaxed)
    }

    /// Seconds since the key was last read or written, without counting as an access (the
    /// tier's age for a key it does not hold).
    pub fn idle_secs(&self, key: &[u8]) -> u64 {
        let now = self.now();
        let accessed = self
            .shard(key)
            .lock()
            .map
            .get(key)
            .map_or(0, |e| e.accessed);
        (now as i64 - accessed as i64).max(0) as u64
    }

    /// Makes a key the tier holds report `secs` of idle time from now on (RESTORE ... IDLETIME,
    /// or putting back what a lookup that must not count as an access changed).
    pub fn set_idle(&self, key: &[u8], secs: u64) {
        let at = (self.now() as i64 - secs.min(i32::MAX as u64) as i64) as i32;
        if let Some(e) = self.shard(key).lock().map.get_mut(key) {
            e.accessed = at;
        }
    }

    fn shard(&self, key: &[u8]) -> &Mutex<Shard> {
        let mut h = self.hasher.build_hasher();
        h.write(key);
        &self.shards[(h.finish() as usize) % SHARDS]
    }

    /// The cached state of a key, marking it recently used.
    pub fn get(&self, key: &[u8]) -> Cached {
        let now = self.now();
        let mut shard = self.shard(key).lock();
        match shard.map.get_mut(key) {
            Some(e) => {
                e.referenced = true;
                e.accessed = now;
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(e.meta.clone())
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Records the current state of a key (after a read or a committed write).
    pub fn put(&self, key: &[u8], meta: Option<Meta>) {
        let per_shard = self.budget.load(Ordering::Relaxed) / SHARDS;
        let c = cost(key, &meta);
        let now = self.now();
        let mut guard = self.shard(key).lock();
        let shard = &mut *guard;
        if c > per_shard {
            // Too big to cache: make sure no older state stays behind.
            if let Some(old) = shard.map.remove(key) {
                shard.bytes -= cost(key, &old.meta);
            }
            return;
        }
        match shard.map.get_mut(key) {
            Some(e) => {
                shard.bytes = shard.bytes + c - cost(key, &e.meta);
                e.meta = meta;
                e.referenced = true;
                e.accessed = now;
            }
            None => {
                shard.map.insert(
                    key.into(),
                    Entry {
                        meta,
                        referenced: false,
                        accessed: now,
                    },
                );
                shard.queue.push_back(key.into());
                shard.bytes += c;
            }
        }
        self.evict(shard, per_shard);
    }

    fn evict(&self, shard: &mut Shard, per_shard: usize) {
        while shard.bytes > per_shard {
            let Some(k) = shard.queue.pop_front() else {
                break;
            };
            match shard.map.get_mut(&k) {
                Some(e) if e.referenced => {
                    e.referenced = false;
                    shard.queue.push_back(k);
                }
                Some(_) => {
                    let e = shard.map.remove(&k).expect("entry just seen");
                    shard.bytes -= cost(&k, &e.meta);
                    self.evictions.fetch_add(1, Ordering::Relaxed);
                }
                None => {}
            }
        }
        // Keep the queue from growing with keys that were invalidated.
        if shard.queue.len() > 2 * shard.map.len() + 64 {
            let map = &shard.map;
            shard.queue.retain(|k| map.contains_key(k));
        }
    }

    /// Forgets a key (after a failed commit).
    pub fn invalidate(&self, key: &[u8]) {
        let mut guard = self.shard(key).lock();
        let shard = &mut *guard;
        if let Some(e) = shard.map.remove(key) {
            shard.bytes -= cost(key, &e.meta);
        }
    }

    /// Forgets everything (FLUSHDB, FLUSHALL).
    pub fn clear(&self) {
        for s in &self.shards {
            *s.lock() = Shard::default();
        }
    }

    /// Changes the budget (CONFIG SET maxmemory); shrinking evicts lazily on the next inserts.
    pub fn set_budget(&self, bytes: usize) {
        self.budget.store(bytes, Ordering::Relaxed);
    }

    pub fn stats(&self) -> HotStats {
        let (mut bytes, mut entries) = (0, 0);
        for s in &self.shards {
            let s = s.lock();
            bytes += s.bytes;
            entries += s.map.len();
        }
        HotStats {
            bytes,
            entries,
            budget: self.budget.load(Ordering::Relaxed),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn caches_presence_and_absence() {
        let t = HotTier::new(1 << 20);
        assert_eq!(t.get(b"k"), None);
        t.put(b"k", None);
        assert_eq!(t.get(b"k"), Some(None));
        t.put(b"k", Some(Meta::string(b"v".to_vec())));
        assert_eq!(t.get(b"k"), Some(Some(Meta::string(b"v".to_vec()))));
        t.invalidate(b"k");
        assert_eq!(t.get(b"k"), None);
    }

    #[test]
    fn reads_and_writes_reset_the_idle_time_and_asking_does_not() {
        let t = HotTier::new(1 << 20);
        let at = |secs| t.clock.store(secs, Ordering::Relaxed);
        t.put(b"k", Some(Meta::string(b"v".to_vec())));
        at(100);
        assert_eq!(t.idle_secs(b"k"), 100);
        assert_eq!(t.idle_secs(b"k"), 100);
        assert_eq!(t.idle_secs(b"never-seen"), 100, "the tier's age");
        let _ = t.get(b"k");
        assert_eq!(t.idle_secs(b"k"), 0);
        at(150);
        assert_eq!(t.idle_secs(b"k"), 50);
        t.set_idle(b"k", 1000);
        at(160);
        assert_eq!(
            t.idle_secs(b"k"),
            1010,
            "an idle time from before the tier existed"
        );
        t.put(b"k", None);
        assert_eq!(t.idle_secs(b"k"), 0);
        t.set_idle(b"absent", 5);
        assert_eq!(
            t.idle_secs(b"absent"),
            160,
            "only held keys take an idle time"
        );
    }

    #[test]
    fn stays_within_budget_and_keeps_referenced_entries() {
        let budget = SHARDS * 4 * (ENTRY_OVERHEAD + 16);
        let t = HotTier::new(budget);
        t.put(b"hot", Some(Meta::string(vec![1; 8])));
        for i in 0..10_000u32 {
            let _ = t.get(b"hot");
            t.put(
                format!("cold{i}").as_bytes(),
                Some(Meta::string(vec![0; 8])),
            );
        }
        let s = t.stats();
        assert!(s.bytes <= budget, "{s:?}");
        assert!(s.evictions > 9000, "{s:?}");
        assert!(
            t.get(b"hot").is_some(),
            "a constantly used entry must survive a stream of cold ones"
        );
    }

    proptest! {
        /// Against a model map: whatever was last put and not evicted or invalidated is what
        /// `get` returns; a tiny budget makes eviction constant.
        #[test]
        fn never_returns_a_state_that_was_not_the_last_put(ops in proptest::collection::vec((0u8..20, 0u8..4), 1..400)) {
            let t = HotTier::new(SHARDS * 3 * (ENTRY_OVERHEAD + 8));
            let mut model: HashMap<u8, Option<Meta>> = HashMap::new();
            for (k, op) in ops {
                let key = [k];
                match op {
                    0 => { t.put(&key, None); model.insert(k, None); }
                    1 => { let m = Some(Meta::string(vec![k; 3])); t.put(&key, m.clone()); model.insert(k, m); }
                    2 => { t.invalidate(&key); model.remove(&k); }
                    _ => {
                        if let Some(cached) = t.get(&key) {
                            prop_assert_eq!(Some(&cached), model.get(&k));
                        }
                    }
                }
            }
            prop_assert!(t.stats().bytes <= t.stats().budget);
        }
    }
}
