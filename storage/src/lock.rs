//! Striped key locks: read-modify-write of one key is serialized without a lock per key.
//!
//! A key maps to one of a fixed number of mutexes by hashing `db | key`. A command locks all of
//! its keys' stripes in ascending stripe order, deduplicated, so two commands can never wait on
//! each other in a cycle. Two keys may share a stripe; that only costs some concurrency.

use parking_lot::{Mutex, MutexGuard};
use std::hash::{BuildHasher, Hasher};

const STRIPES: usize = 1024;

/// The table of stripes; one per engine.
pub struct LockTable {
    stripes: Vec<Mutex<()>>,
    hasher: foldhash::quality::RandomState,
}

/// Held stripes; dropping it releases them.
pub struct KeyGuard<'a> {
    _held: Vec<MutexGuard<'a, ()>>,
}

impl Default for LockTable {
    fn default() -> Self {
        LockTable {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            hasher: Default::default(),
        }
    }
}

impl LockTable {
    fn stripe(&self, db: u8, key: &[u8]) -> usize {
        let mut h = self.hasher.build_hasher();
        h.write_u8(db);
        h.write(key);
        (h.finish() as usize) % STRIPES
    }

    /// Locks the stripes of all `(db, key)` pairs, in a deadlock-free order.
    pub fn lock<'k, I>(&self, keys: I) -> KeyGuard<'_>
    where
        I: IntoIterator<Item = (u8, &'k [u8])>,
    {
        let mut idx: Vec<usize> = keys.into_iter().map(|(db, k)| self.stripe(db, k)).collect();
        idx.sort_unstable();
        idx.dedup();
        KeyGuard {
            _held: idx.into_iter().map(|i| self.stripes[i].lock()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn overlapping_key_sets_in_any_order_do_not_deadlock_and_exclude() {
        let table = Arc::new(LockTable::default());
        let inside = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let (table, inside) = (table.clone(), inside.clone());
                std::thread::spawn(move || {
                    for i in 0..2000 {
                        let mut keys: Vec<&[u8]> = vec![b"a", b"b", b"c"];
                        keys.rotate_left((t + i) % 3);
                        let _g = table.lock(keys.into_iter().map(|k| (0u8, k)));
                        assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0);
                        inside.fetch_sub(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
    }

    #[test]
    fn same_key_twice_locks_once() {
        let table = LockTable::default();
        let _g = table.lock([(0u8, &b"k"[..]), (0, b"k")]);
    }
}
