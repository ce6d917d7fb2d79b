//! Reading one collection version's subkeys without walking all of them: ordered membership
//! probes ([`SubCursor`]) and random sampling ([`Engine::random_sub`]).
//!
//! Both work on the contiguous, sorted range of `data` keys that one version of one key owns:
//!
//! ```text
//! db | slot | keylen | user_key | version | subkey      (subkeys in byte order)
//! ```
//!
//! Invariants: nothing here writes; every iterator is bounded to that range, so it can never
//! see a neighbouring key's records.

use crate::engine::{Batch, Engine, Result, CF_DATA};
use crate::keys;
use crate::pending::{Pending, ReadCf, State};
use rocksdb::{DBRawIteratorWithThreadMode, ReadOptions, DB};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// How many `next()` steps a probe tries before it falls back to a seek.
const STEPS_BEFORE_SEEK: usize = 8;
/// How many times a sampling step redraws a byte that starts no subkey (see `random_sub`).
const REDRAWS: usize = 4;

fn bounded_iter<'a>(
    e: &'a Engine,
    db: u8,
    key: &[u8],
    version: u64,
) -> (DBRawIteratorWithThreadMode<'a, DB>, Vec<u8>) {
    let prefix = keys::data_prefix(db, key, version);
    let mut ro = ReadOptions::default();
    ro.set_iterate_lower_bound(prefix.clone());
    if let Some(end) = keys::prefix_end(&prefix) {
        ro.set_iterate_upper_bound(end);
    }
    (e.db.raw_iterator_cf_opt(e.cf(CF_DATA), ro), prefix)
}

/// Membership probes into one collection version for subkeys asked in ascending order (a merge
/// join): a probe close to the previous one costs a few `next()` steps instead of a point lookup.
/// Probes out of order are still answered correctly (by a seek).
pub struct SubCursor<'a> {
    it: DBRawIteratorWithThreadMode<'a, DB>,
    prefix: Vec<u8>,
    positioned: bool,
    /// A transaction's uncommitted writes, consulted first.
    pending: Option<&'a Pending>,
}

impl<'a> SubCursor<'a> {
    pub fn new(e: &'a Engine, db: u8, key: &[u8], version: u64) -> SubCursor<'a> {
        let (it, prefix) = bounded_iter(e, db, key, version);
        SubCursor {
            it,
            prefix,
            positioned: false,
            pending: None,
        }
    }

    fn current(&self) -> Option<&[u8]> {
        self.it.key().map(|k| &k[self.prefix.len()..])
    }

    /// Whether `sub` is present.
    pub fn contains(&mut self, sub: &[u8]) -> Result<bool> {
        if let Some(p) = self.pending {
            let mut raw = self.prefix.clone();
            raw.extend_from_slice(sub);
            match p.state(ReadCf::Data, &raw) {
                State::Put(_) => return Ok(true),
                State::Deleted => return Ok(false),
                State::Untouched => {}
            }
        }
        if self.positioned {
            let mut steps = 0;
            loop {
                match self.current() {
                    // Exhausted: a later subkey cannot exist, an earlier one needs a seek.
                    None => break,
                    Some(cur) if cur == sub => return Ok(true),
                    Some(cur) if cur > sub => {
                        if steps > 0 {
                            // We were before `sub` a moment ago and stepped past it.
                            return Ok(false);
                        }
                        break;
                    }
                    Some(_) if steps < STEPS_BEFORE_SEEK => {
                        self.it.next();
                        steps += 1;
                    }
                    Some(_) => break,
                }
            }
            self.it.status()?;
        }
        let mut target = self.prefix.clone();
        target.extend_from_slice(sub);
        self.it.seek(&target);
        self.it.status()?;
        self.positioned = true;
        Ok(self.current() == Some(sub))
    }
}

impl<'e> Batch<'e> {
    /// A [`SubCursor`] that also sees this batch's own writes in a transaction.
    pub fn sub_cursor(&self, db: u8, key: &[u8], version: u64) -> SubCursor<'_> {
        SubCursor {
            pending: self.tx_pending(),
            ..SubCursor::new(self.engine(), db, key, version)
        }
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

impl Engine {
    /// A random subkey of a collection version, found with a few seeks whatever its size
    /// (`None` if it has none). `pick(lo, hi)` must return a uniform integer in `lo..=hi`.
    ///
    /// It walks down the (implicit) byte trie of the subkeys: at each branching point, whose
    /// children start with bytes between `lo` and `hi`, it draws a byte uniformly in `lo..=hi`
    /// (plus one extra value meaning "the branching point itself", when that is a subkey) and
    /// seeks to it; a byte that starts no child is redrawn up to 4 times, then the next child
    /// is taken. So every child of a branching point is (nearly) equally likely, and the result
    /// is uniform when the trie is balanced (fixed-width or random members, dense numbers);
    /// members in sparse subtrees, e.g. a short member that is a prefix of many long ones, are
    /// favoured. Cost: about two seeks per branching level, O(log n) for typical members.
    pub fn random_sub(
        &self,
        db: u8,
        key: &[u8],
        version: u64,
        pick: &mut dyn FnMut(u64, u64) -> u64,
    ) -> Result<Option<Vec<u8>>> {
        let (mut it, prefix) = bounded_iter(self, db, key, version);
        let plen = prefix.len();
        let mut seeks = 2u64;
        it.seek_to_first();
        let Some(first) = it.key().map(|k| k[plen..].to_vec()) else {
            it.status()?;
            return Ok(None);
        };
        it.seek_to_last();
        let mut lo = first;
        let mut hi = it.key().map(|k| k[plen..].to_vec()).unwrap_or_default();
        let result = loop {
            if lo >= hi {
                break lo;
            }
            let cp = common_prefix(&lo, &hi);
            // lo < hi: either lo is the branching point itself or lo[cp] < hi[cp].
            let lo_is_node = lo.len() == cp;
            let lo_b = if lo_is_node { 0 } else { lo[cp] as u64 + 1 };
            let hi_b = hi[cp] as u64 + 1;
            // Draw values in lo_b..=hi_b: 0 stands for the node itself, b+1 for byte b.
            let mut landed = None;
            for _ in 0..REDRAWS {
                let v = pick(lo_b, hi_b);
                if v == 0 {
                    break;
                }
                let mut target = prefix.clone();
                target.extend_from_slice(&lo[..cp]);
                target.push((v - 1) as u8);
                it.seek(&target);
                seeks += 1;
                let k = it.key().map(|k| k[plen..].to_vec());
                let exact = k.as_ref().is_some_and(|k| k[cp] as u64 == v - 1);
                landed = k;
                if exact {
                    break;
                }
            }
            let Some(next) = landed else {
                // The node itself (only drawn when it is a subkey), or an iterator error.
                it.status()?;
                break lo;
            };
            // The new branching range: every subkey starting with next[..=cp].
            let mut node = prefix.clone();
            node.extend_from_slice(&next[..=cp]);
            match keys::prefix_end(&node) {
                Some(end) => {
                    it.seek_for_prev(&end);
                    // seek_for_prev stops at `end` itself if it exists; that is past the range.
                    if it.key() == Some(&end[..]) {
                        it.prev();
                    }
                }
                None => it.seek_to_last(),
            }
            seeks += 1;
            hi = it.key().map(|k| k[plen..].to_vec()).unwrap_or_default();
            lo = next;
        };
        it.status()?;
        self.sample_seeks.fetch_add(seeks, Ordering::Relaxed);
        Ok(Some(result))
    }

    /// Total iterator positionings done by [`Engine::random_sub`] (tests show sampling a huge
    /// collection touches few records).
    pub fn sample_seeks(&self) -> u64 {
        self.sample_seeks.load(Ordering::Relaxed)
    }
}

/// Sets up to this many members are cached whole for reads (see [`crate::cache`]).
const CACHE_MAX_MEMBERS: u64 = 1 << 18;
/// Bytes of cached sets kept before the cache starts over.
pub(crate) const CACHE_BUDGET: usize = 64 << 20;

/// What the set cache holds for a set: its version and size when read, and its members in
/// byte order.
pub(crate) type CachedMembers = (u64, u64, Arc<Vec<Vec<u8>>>);

impl Batch<'_> {
    /// Every member (subkey) of the set version `version` of `size` members, in byte order, from
    /// the set cache when it holds them, else read (and, outside a transaction that wrote the
    /// set, cached). `None` for sets too big to hold in memory: the caller scans instead.
    pub fn set_members(
        &self,
        db: u8,
        key: &[u8],
        version: u64,
        size: u64,
    ) -> Result<Option<Arc<Vec<Vec<u8>>>>> {
        if size > CACHE_MAX_MEMBERS {
            return Ok(None);
        }
        let pending = self.has_pending_subs(db, key, version);
        let cache = &self.engine().sets;
        let mk = keys::meta_key(db, key);
        if !pending {
            if let Some((v, n, members)) = cache.get(&mk) {
                if (v, n) == (version, size) {
                    return Ok(Some(members));
                }
            }
        }
        let (mut all, mut bytes) = (Vec::with_capacity(size as usize), 0);
        self.scan_subs(db, key, version, &[], |k, _| {
            bytes += k.len() + 24;
            all.push(k.to_vec());
            true
        })?;
        let all = Arc::new(all);
        if !pending {
            cache.put(&mk, (version, size, all.clone()), bytes);
        }
        Ok(Some(all))
    }
}
