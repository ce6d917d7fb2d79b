//! WATCH: which clients watch which keys, and the "dirty" mark a write of a watched key leaves
//! on each of them, so that their EXEC fails.
//!
//! Every committed command reports the keys its batch wrote (metadata or subkeys) through
//! [`Watches::touch`]; so do the writers outside batches (FLUSHDB/FLUSHALL, SWAPDB, the active
//! expiry sweeper). The check costs one atomic load while nobody watches anything.
//!
//! Invariant: the registry mutex is a leaf lock (nothing else is locked while it is held).

use crate::server::ClientInfo;
use bytes::Bytes;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A watched key as the registry names it: physical db and key bytes.
pub type WatchedKey = (u8, Bytes);

#[derive(Default)]
pub struct Watches {
    by_key: Mutex<HashMap<WatchedKey, Vec<Arc<ClientInfo>>>>,
    /// Number of (key, client) registrations; writers skip everything when zero.
    count: AtomicUsize,
}

impl Watches {
    /// Whether anybody watches anything.
    pub fn any(&self) -> bool {
        self.count.load(Ordering::Acquire) > 0
    }

    /// Registers `client` as watching `key`.
    pub fn watch(&self, client: &Arc<ClientInfo>, key: WatchedKey) {
        let mut g = self.by_key.lock();
        let list = g.entry(key).or_default();
        if !list.iter().any(|c| c.id == client.id) {
            list.push(client.clone());
            self.count.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// Removes `client`'s registrations for `keys` (UNWATCH, EXEC, DISCARD, disconnect).
    pub fn unwatch(&self, client: &ClientInfo, keys: &[WatchedKey]) {
        let mut g = self.by_key.lock();
        for k in keys {
            if let Some(list) = g.get_mut(k) {
                let before = list.len();
                list.retain(|c| c.id != client.id);
                self.count.fetch_sub(before - list.len(), Ordering::AcqRel);
                if list.is_empty() {
                    g.remove(k);
                }
            }
        }
    }

    /// Marks the watchers of every `(db, key)` dirty.
    pub fn touch<'k>(&self, keys: impl IntoIterator<Item = (u8, &'k [u8])>) {
        let g = self.by_key.lock();
        for (db, key) in keys {
            if let Some(list) = g.get(&(db, Bytes::copy_from_slice(key))) {
                for c in list {
                    c.watch_dirty.store(true, Ordering::Release);
                }
            }
        }
    }

    /// The watched keys of physical db `db` (FLUSHDB and SWAPDB touch those that exist).
    pub fn keys_of_db(&self, db: u8) -> Vec<Bytes> {
        self.by_key
            .lock()
            .keys()
            .filter(|(d, _)| *d == db)
            .map(|(_, k)| k.clone())
            .collect()
    }
}
