//! Read caches of decoded collection contents (the head of a list, a whole set), by meta key.
//!
//! They exist so that reading a hot collection again costs no RocksDB iteration. Each entry
//! carries what its reader must check before using it (the exact list window, the set's
//! version and size), and [`Engine::commit`](crate::Engine::commit) drops the entries of every
//! key a batch writes (metadata or subkeys) whether or not the write lands, so an entry is never
//! stale: writes can leave the checked fields as they were (LSET, a pop then a push, SPOP then
//! SADD). Entries are filled only outside transactions (a transaction's reads include its
//! uncommitted writes). Memory is bounded by a byte budget: past it the cache starts over.

use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) struct ReadCache<V> {
    /// Entry count, read without the lock so that writes skip it while the cache is empty.
    entries: AtomicUsize,
    inner: Mutex<Inner<V>>,
    budget: usize,
}

struct Inner<V> {
    map: HashMap<Vec<u8>, (V, usize)>,
    bytes: usize,
}

impl<V: Clone> ReadCache<V> {
    pub fn new(budget: usize) -> ReadCache<V> {
        ReadCache {
            entries: AtomicUsize::new(0),
            inner: Mutex::new(Inner {
                map: HashMap::new(),
                bytes: 0,
            }),
            budget,
        }
    }

    pub fn get(&self, meta_key: &[u8]) -> Option<V> {
        if self.entries.load(Ordering::Relaxed) == 0 {
            return None;
        }
        self.inner.lock().map.get(meta_key).map(|(v, _)| v.clone())
    }

    /// Caches `value`, which holds about `bytes` bytes (nothing if that alone is over budget).
    pub fn put(&self, meta_key: &[u8], value: V, bytes: usize) {
        if bytes > self.budget {
            return;
        }
        let mut inner = self.inner.lock();
        if inner.bytes + bytes > self.budget {
            inner.map.clear();
            inner.bytes = 0;
        }
        if let Some((_, old)) = inner.map.insert(meta_key.to_vec(), (value, bytes)) {
            inner.bytes -= old;
        }
        inner.bytes += bytes;
        self.entries.store(inner.map.len(), Ordering::Relaxed);
    }

    /// Drops the entries of these meta keys.
    pub fn invalidate<'k>(&self, meta_keys: impl Iterator<Item = &'k [u8]>) {
        if self.entries.load(Ordering::Relaxed) == 0 {
            return;
        }
        let mut inner = self.inner.lock();
        for k in meta_keys {
            if let Some((_, bytes)) = inner.map.remove(k) {
                inner.bytes -= bytes;
            }
        }
        self.entries.store(inner.map.len(), Ordering::Relaxed);
    }

    pub fn is_empty(&self) -> bool {
        self.entries.load(Ordering::Relaxed) == 0
    }

    pub fn clear(&self) {
        let mut inner = self.inner.lock();
        inner.map.clear();
        inner.bytes = 0;
        self.entries.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_bounded_and_dropped_on_invalidate() {
        let c: ReadCache<u32> = ReadCache::new(100);
        c.put(b"a", 1, 60);
        assert_eq!(c.get(b"a"), Some(1));
        c.put(b"huge", 2, 101);
        assert_eq!(c.get(b"huge"), None);
        // Over budget: starts over, keeping the newest.
        c.put(b"b", 3, 60);
        assert_eq!((c.get(b"a"), c.get(b"b")), (None, Some(3)));
        c.invalidate([&b"b"[..], b"zz"].into_iter());
        assert!(c.is_empty());
        assert_eq!(c.get(b"b"), None);
    }
}
