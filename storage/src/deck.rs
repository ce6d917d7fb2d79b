//! Decks: the members of a big set in a uniformly random order, in memory, so that SPOP costs
//! O(1) instead of the walk of seeks of [`Engine::random_sub`](crate::Engine::random_sub).
//!
//! Popping from the end of a uniformly random permutation draws uniformly without replacement,
//! and what is left is a uniformly random permutation of the members left; so a deck serves
//! every later SPOP of its set, each exactly uniform.
//!
//! A deck is exact or absent. While a SPOP uses it, it is out of the table, held by that
//! command's batch ([`Batch::deck_pop`]), which puts it back when it commits (key locks keep
//! other writers of the set out meanwhile). Every other commit that writes the set, whether or
//! not its write lands, demotes the deck to a ghost, as it drops the other read caches (see
//! [`crate::cache`]); FLUSHDB drops them all.
//!
//! Building a deck reads the whole set, so it must be paid for. A ghost counts the SPOPs its set
//! served without a deck, plus the pops of its last deck; a deck is built once that credit times
//! [`BUILD_RATIO`] reaches the set's size. Whatever mix of writes keeps breaking decks, the
//! rebuilds cost at most `BUILD_RATIO` member reads per SPOP; a set popped only now and then
//! never pays for one. Memory is bounded by a byte budget: past it the table starts over.

use crate::engine::{Batch, Result};
use crate::keys;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Sets with more members than this are never dealt into a deck (its build would stall the
/// worker too long): they are sampled by seeks.
pub const DECK_MAX: u64 = 1 << 18;
/// Member reads a deck build may cost per SPOP served (see the module doc).
pub const BUILD_RATIO: u64 = 64;
/// Bytes of decks kept before the table starts over.
const BUDGET: usize = 64 << 20;
/// Bytes counted per member besides its own (its `Vec`).
const MEMBER_OVERHEAD: usize = 24;

/// One set version's members in a uniformly random order.
pub(crate) struct Deck {
    version: u64,
    members: Vec<Vec<u8>>,
    bytes: usize,
    /// Pops served since it was dealt: its credit when it is demoted to a ghost.
    served: u64,
}

enum Entry {
    Live(Deck),
    /// The credit toward the next deck of this set.
    Ghost(u64),
}

impl Entry {
    fn bytes(&self, meta_key: &[u8]) -> usize {
        meta_key.len()
            + MEMBER_OVERHEAD
            + match self {
                Entry::Live(d) => d.bytes,
                Entry::Ghost(_) => 0,
            }
    }
}

/// What a SPOP should do, from [`Decks::take`].
enum Take {
    Deck(Deck),
    Build,
    Seek,
}

pub(crate) struct Decks {
    /// Live decks, read without the lock so that commits skip the table while it holds none
    /// (ghosts need no invalidation).
    live: AtomicUsize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Vec<u8>, Entry>,
    bytes: usize,
    live: usize,
}

impl Inner {
    fn remove(&mut self, meta_key: &[u8]) -> Option<Entry> {
        let e = self.map.remove(meta_key)?;
        self.bytes -= e.bytes(meta_key);
        self.live -= matches!(e, Entry::Live(_)) as usize;
        Some(e)
    }

    fn insert(&mut self, meta_key: Vec<u8>, e: Entry) {
        let bytes = e.bytes(&meta_key);
        if self.bytes + bytes > BUDGET {
            *self = Inner::default();
        }
        if bytes <= BUDGET {
            self.remove(&meta_key);
            self.bytes += bytes;
            self.live += matches!(e, Entry::Live(_)) as usize;
            self.map.insert(meta_key, e);
        }
    }
}

impl Decks {
    pub fn new() -> Decks {
        Decks {
            live: AtomicUsize::new(0),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// Whether no deck is live (commits then need not invalidate any).
    pub fn is_empty(&self) -> bool {
        self.live.load(Ordering::Relaxed) == 0
    }

    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let mut inner = self.inner.lock();
        let out = f(&mut inner);
        self.live.store(inner.live, Ordering::Relaxed);
        out
    }

    /// For a SPOP of `n` members from the set `meta_key` (version `version`, `size` members):
    /// its deck (taken out of the table), or whether to build one or to sample by seeks.
    fn take(&self, meta_key: &[u8], version: u64, size: u64, n: u64) -> Take {
        self.with(|inner| {
            let credit = match inner.remove(meta_key) {
                Some(Entry::Live(d)) if d.version == version && d.members.len() as u64 == size => {
                    return Take::Deck(d)
                }
                Some(Entry::Live(d)) => d.served,
                Some(Entry::Ghost(c)) => c,
                None => 0,
            }
            .saturating_add(n);
            if size <= DECK_MAX && credit.saturating_mul(BUILD_RATIO) >= size {
                return Take::Build;
            }
            inner.insert(meta_key.to_vec(), Entry::Ghost(credit));
            Take::Seek
        })
    }

    fn put_back(&self, meta_key: Vec<u8>, deck: Deck) {
        self.with(|inner| inner.insert(meta_key, Entry::Live(deck)));
    }

    /// Demotes the decks of these meta keys to ghosts.
    pub fn invalidate<'k>(&self, meta_keys: impl Iterator<Item = &'k [u8]>) {
        if self.is_empty() {
            return;
        }
        self.with(|inner| {
            for k in meta_keys {
                if matches!(inner.map.get(k), Some(Entry::Live(_))) {
                    if let Some(Entry::Live(d)) = inner.remove(k) {
                        inner.insert(k.to_vec(), Entry::Ghost(d.served));
                    }
                }
            }
        });
    }

    pub fn clear(&self) {
        self.with(|inner| *inner = Inner::default());
    }
}

/// A deck held by a batch until it commits: the set's db and key, its meta key, the deck.
pub(crate) type HeldDeck = (u8, Vec<u8>, Vec<u8>, Deck);

impl Batch<'_> {
    /// `n` distinct members drawn uniformly from the set `key` (version `version`, `size`
    /// members, `0 < n < size`) by its deck, for SPOP; the caller deletes them in this batch,
    /// and must write nothing else of that set in it. `None`: there is no deck to use (the set
    /// is too big, the deck not paid for yet, or the batch not a fresh single-command one): the
    /// caller samples by seeks. `pick(lo, hi)` must return a uniform integer in `lo..=hi`.
    pub fn deck_pop(
        &mut self,
        db: u8,
        key: &[u8],
        version: u64,
        size: u64,
        n: u64,
        pick: &mut dyn FnMut(u64, u64) -> u64,
    ) -> Result<Option<Vec<Vec<u8>>>> {
        if !self.is_fresh() || n == 0 || n >= size {
            return Ok(None);
        }
        let mk = keys::meta_key(db, key);
        let mut deck = match self.engine().decks.take(&mk, version, size, n) {
            Take::Deck(d) => d,
            Take::Seek => return Ok(None),
            Take::Build => {
                let mut members = Vec::with_capacity(size as usize);
                let mut bytes = 0;
                self.scan_subs(db, key, version, &[], |m, _| {
                    bytes += m.len() + MEMBER_OVERHEAD;
                    members.push(m.to_vec());
                    true
                })?;
                // Fisher-Yates: every order equally likely.
                for i in (1..members.len()).rev() {
                    let j = pick(0, i as u64) as usize;
                    members.swap(i, j);
                }
                Deck {
                    version,
                    members,
                    bytes,
                    served: 0,
                }
            }
        };
        if deck.members.len() as u64 != size {
            // The metadata and the members disagree: leave such a set to the seeks.
            return Ok(None);
        }
        let popped = deck.members.split_off(deck.members.len() - n as usize);
        deck.bytes -= popped
            .iter()
            .map(|m| m.len() + MEMBER_OVERHEAD)
            .sum::<usize>();
        deck.served += n;
        self.hold_deck((db, key.to_vec(), mk, deck));
        Ok(Some(popped))
    }
}

impl crate::Engine {
    /// After a commit of a batch holding `held`: puts the deck back if the set is left as the
    /// deck says (it always is, unless the caller broke `deck_pop`'s contract).
    pub(crate) fn return_deck(&self, held: HeldDeck, left: Option<(u64, u64)>) {
        let (_, _, mk, deck) = held;
        if left == Some((deck.version, deck.members.len() as u64)) {
            self.decks.put_back(mk, deck);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(version: u64, n: usize) -> Deck {
        Deck {
            version,
            members: (0..n).map(|i| vec![i as u8]).collect(),
            bytes: n * (1 + MEMBER_OVERHEAD),
            served: 0,
        }
    }

    #[test]
    fn a_deck_is_built_once_paid_for_and_found_while_exact() {
        let d = Decks::new();
        // 640 members: ten SPOPs of credit pay for a deck.
        for _ in 0..9 {
            assert!(matches!(d.take(b"k", 1, 640, 1), Take::Seek));
        }
        assert!(matches!(d.take(b"k", 1, 640, 1), Take::Build));
        d.put_back(b"k".to_vec(), deck(1, 639));
        assert!(matches!(d.take(b"k", 1, 639, 1), Take::Deck(_)));
        // A deck of another version or size is not used.
        d.put_back(b"k".to_vec(), deck(1, 639));
        assert!(matches!(d.take(b"k", 2, 639, 1), Take::Seek));
        // Too big: never built, whatever the credit.
        assert!(matches!(
            d.take(b"big", 1, DECK_MAX + 1, DECK_MAX),
            Take::Seek
        ));
    }

    #[test]
    fn invalidation_leaves_a_ghost_with_the_decks_pops_as_credit() {
        let d = Decks::new();
        let mut dk = deck(1, 100);
        dk.served = 1;
        d.put_back(b"k".to_vec(), dk);
        assert!(!d.is_empty());
        d.invalidate([&b"k"[..]].into_iter());
        // Only a ghost is left: nothing for commits to invalidate.
        assert!(d.is_empty());
        // Credit 1 (served) + 1 (this pop): 128 >= 100.
        assert!(matches!(d.take(b"k", 1, 100, 1), Take::Build));
        d.clear();
        assert!(d.is_empty());
    }
}
