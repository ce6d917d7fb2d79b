//! The uncommitted subkey writes of a transaction batch (EXEC; later, scripts), kept so that the
//! transaction's later commands read what its earlier ones wrote.
//!
//! An ordinary command never reads back its own subkey writes, so its batch keeps none of this
//! (no cost on the per-request path). A transaction runs many commands into one batch that is
//! committed once, so reads of `data`, `zscore` and `zrank` records go through [`Pending`] first: the
//! latest write of each key, plus the range deletes issued so far.
//!
//! Invariant: an entry in `entries` is newer than every range in `ranges` that covers it (a
//! range delete removes the entries it covers when it is recorded), so a key's pending state is
//! its entry if it has one, else "deleted" if a range covers it, else untouched.

use std::collections::BTreeMap;
use std::ops::Bound;

/// The column families whose records commands read back: `data`, `zscore` and `zrank`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReadCf {
    Data = 0,
    Zscore = 1,
    Zrank = 2,
}

/// The pending state of one key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum State<'a> {
    Untouched,
    Deleted,
    Put(&'a [u8]),
}

#[derive(Default, Debug)]
pub(crate) struct Pending {
    entries: [BTreeMap<Vec<u8>, Option<Vec<u8>>>; 3],
    ranges: [Vec<(Vec<u8>, Vec<u8>)>; 3],
}

impl Pending {
    pub fn put(&mut self, cf: ReadCf, key: Vec<u8>, value: &[u8]) {
        self.entries[cf as usize].insert(key, Some(value.to_vec()));
    }

    pub fn delete(&mut self, cf: ReadCf, key: Vec<u8>) {
        self.entries[cf as usize].insert(key, None);
    }

    pub fn delete_range(&mut self, cf: ReadCf, from: &[u8], to: &[u8]) {
        if from >= to {
            return;
        }
        let entries = &mut self.entries[cf as usize];
        let covered: Vec<Vec<u8>> = entries
            .range::<[u8], _>((Bound::Included(from), Bound::Excluded(to)))
            .map(|(k, _)| k.clone())
            .collect();
        for k in covered {
            entries.remove(&k);
        }
        self.ranges[cf as usize].push((from.to_vec(), to.to_vec()));
    }

    fn in_ranges(&self, cf: ReadCf, key: &[u8]) -> bool {
        self.ranges[cf as usize]
            .iter()
            .any(|(f, t)| f.as_slice() <= key && key < t.as_slice())
    }

    pub fn state(&self, cf: ReadCf, key: &[u8]) -> State<'_> {
        match self.entries[cf as usize].get(key) {
            Some(Some(v)) => State::Put(v),
            Some(None) => State::Deleted,
            None if self.in_ranges(cf, key) => State::Deleted,
            None => State::Untouched,
        }
    }

    /// Whether anything pending lies in `[lower, upper)` (`None`: unbounded above).
    pub fn touches(&self, cf: ReadCf, lower: &[u8], upper: Option<&[u8]>) -> bool {
        let hi = upper.map_or(Bound::Unbounded, Bound::Excluded);
        self.entries[cf as usize]
            .range::<[u8], _>((Bound::Included(lower), hi))
            .next()
            .is_some()
            || self.ranges[cf as usize]
                .iter()
                .any(|(f, t)| t.as_slice() > lower && upper.is_none_or(|u| f.as_slice() < u))
    }

    /// Pending entries in `[lower, upper)`, from `from` on (inclusive) in the scan direction,
    /// in scan order.
    pub fn entries_from(
        &self,
        cf: ReadCf,
        lower: &[u8],
        upper: Option<&[u8]>,
        from: Option<&[u8]>,
        rev: bool,
    ) -> Vec<(&[u8], Option<&[u8]>)> {
        let hi = upper.map_or(Bound::Unbounded, Bound::Excluded);
        let range = self.entries[cf as usize].range::<[u8], _>((Bound::Included(lower), hi));
        let keep = |k: &[u8]| match from {
            None => true,
            Some(f) if rev => k <= f,
            Some(f) => k >= f,
        };
        fn pick<'a>((k, v): (&'a Vec<u8>, &'a Option<Vec<u8>>)) -> (&'a [u8], Option<&'a [u8]>) {
            (k.as_slice(), v.as_deref())
        }
        if rev {
            range.rev().map(pick).filter(|(k, _)| keep(k)).collect()
        } else {
            range.map(pick).filter(|(k, _)| keep(k)).collect()
        }
    }

    /// Whether an engine record at `key` is hidden by a pending range delete.
    pub fn hides(&self, cf: ReadCf, key: &[u8]) -> bool {
        self.in_ranges(cf, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn later_writes_win_over_earlier_range_deletes() {
        let mut p = Pending::default();
        p.put(ReadCf::Data, b"b".to_vec(), b"1");
        p.delete_range(ReadCf::Data, b"a", b"c");
        assert_eq!(p.state(ReadCf::Data, b"b"), State::Deleted);
        p.put(ReadCf::Data, b"b".to_vec(), b"2");
        assert_eq!(p.state(ReadCf::Data, b"b"), State::Put(b"2"));
        assert_eq!(p.state(ReadCf::Data, b"c"), State::Untouched);
        assert_eq!(p.state(ReadCf::Zscore, b"b"), State::Untouched);
        assert!(p.touches(ReadCf::Data, b"bb", Some(b"bc")));
        assert!(!p.touches(ReadCf::Data, b"c", None));
    }

    proptest! {
        /// The pending state of every key equals replaying the writes on a map.
        #[test]
        fn state_matches_replayed_writes(ops in proptest::collection::vec((0u8..3, 0u8..8, 0u8..8, any::<u8>()), 0..40)) {
            let mut p = Pending::default();
            // Absent: untouched; None: deleted.
            let mut model: BTreeMap<u8, Option<u8>> = BTreeMap::new();
            for (op, a, b, v) in ops {
                match op {
                    0 => { p.put(ReadCf::Data, vec![a], &[v]); model.insert(a, Some(v)); }
                    1 => { p.delete(ReadCf::Data, vec![a]); model.insert(a, None); }
                    _ => {
                        p.delete_range(ReadCf::Data, &[a.min(b)], &[a.max(b)]);
                        for k in a.min(b)..a.max(b) { model.insert(k, None); }
                    }
                }
            }
            for k in 0u8..8 {
                let want = match model.get(&k) {
                    None => State::Untouched,
                    Some(None) => State::Deleted,
                    Some(Some(v)) => State::Put(std::slice::from_ref(v)),
                };
                prop_assert_eq!(p.state(ReadCf::Data, &[k]), want);
            }
        }
    }
}
