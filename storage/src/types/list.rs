//! Lists on disk: elements at consecutive u64 positions, so both ends and any index are O(1).
//!
//! ```text
//! meta  db|slot|key -> 2 | enc | expire_at | version | size | head:u64 | tail:u64
//! data  db|slot|keylen|key|version|position:u64 -> element bytes (exactly as given)
//! ```
//!
//! The live elements are at positions `head..tail` (half-open, big-endian, so byte order is list
//! order). An empty list starts at [`START`], the middle of the range, so pushes at either end
//! have 2^63 positions to grow into. Element `i` (0-based from the head) is at `head + i`:
//! LINDEX/LSET are one point access, LRANGE of m elements is one seek plus m steps.
//!
//! Invariants (kept in the command's one batch):
//! - `size == tail - head`, every position in `head..tail` holds exactly one element, and no
//!   position outside it does (a pop or trim deletes what it uncovers).
//! - A list is never empty on disk: removing its last element deletes the key.
//! - The encoding byte names the element record format; [`ENC_QUICKLIST`] (0) = raw bytes. It is
//!   also what OBJECT ENCODING reports in Redis 7.0 ("quicklist").

use crate::engine::{Batch, Error, Result, CF_DATA};
use crate::keys;
use crate::metadata::{Kind, Meta};

/// Position of the first element pushed onto an empty list.
pub const START: u64 = 1 << 63;
/// Element records are the raw element bytes.
pub const ENC_QUICKLIST: u8 = 0;
/// Removing at least this many consecutive elements uses one range tombstone instead of one
/// point delete each, so LTRIM of a huge list costs O(1) writes.
const RANGE_DELETE_MIN: u64 = 128;

/// A list's live window and version, decoded from its metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct List {
    pub version: u64,
    pub head: u64,
    pub tail: u64,
}

fn position_sub(pos: u64) -> [u8; 8] {
    pos.to_be_bytes()
}

impl List {
    /// The window of a list record; an error for a record that is not a well-formed list.
    pub fn of(meta: &Meta) -> Result<List> {
        let corrupt = || Error("corrupted list metadata".into());
        if meta.kind != Kind::List || meta.body.len() != 16 {
            return Err(corrupt());
        }
        let head = u64::from_be_bytes(meta.body[..8].try_into().map_err(|_| corrupt())?);
        let tail = u64::from_be_bytes(meta.body[8..].try_into().map_err(|_| corrupt())?);
        if tail < head || tail - head != meta.size {
            return Err(corrupt());
        }
        Ok(List {
            version: meta.version,
            head,
            tail,
        })
    }

    /// An empty list at generation `version`.
    pub fn empty(version: u64) -> List {
        List {
            version,
            head: START,
            tail: START,
        }
    }

    pub fn len(&self) -> u64 {
        self.tail - self.head
    }

    pub fn is_empty(&self) -> bool {
        self.head == self.tail
    }

    /// Position of element `i` (0-based from the head); callers keep `i < len`.
    pub fn pos(&self, i: u64) -> u64 {
        self.head + i
    }

    /// `meta` (the list's previous record, or a fresh one) updated to this window.
    pub fn to_meta(&self, meta: &Meta) -> Meta {
        let mut body = Vec::with_capacity(16);
        body.extend_from_slice(&self.head.to_be_bytes());
        body.extend_from_slice(&self.tail.to_be_bytes());
        Meta {
            version: self.version,
            size: self.len(),
            body,
            ..meta.clone()
        }
    }

    /// A new, empty list record at generation `version`.
    pub fn new_meta(version: u64) -> Meta {
        let meta = Meta {
            encoding: ENC_QUICKLIST,
            ..Meta::collection(Kind::List, version)
        };
        List::empty(version).to_meta(&meta)
    }
}

/// At most this many elements, and about this many bytes, of a list's head are cached.
const CACHE_MAX_ELEMENTS: u64 = 1024;
const CACHE_MAX_BYTES: usize = 64 << 10;
/// Bytes of cached list heads kept before the cache starts over.
pub(crate) const CACHE_BUDGET: usize = 16 << 20;

/// What the list cache ([`crate::cache`]) holds for a list: the window it was read at and its
/// first elements (up to [`CACHE_MAX_ELEMENTS`]), so scans from the head (LRANGE 0 n, LPOS,
/// LREM, ...) of a hot list read no RocksDB iterator; scans past the cached part go on on disk.
pub(crate) type CachedHead = (List, std::sync::Arc<Vec<Vec<u8>>>);

impl Batch<'_> {
    /// The element at position `pos` of `list`, if present.
    pub fn list_get(&self, db: u8, key: &[u8], list: &List, pos: u64) -> Result<Option<Vec<u8>>> {
        self.get_sub(db, key, list.version, &position_sub(pos))
    }

    /// Visits elements from position `from` towards the tail (or, with `rev`, towards the head,
    /// `from` included either way), as `(position, element)`, until `visit` returns false or the
    /// window ends. Sees this batch's own writes in a transaction.
    pub fn list_scan(
        &self,
        db: u8,
        key: &[u8],
        list: &List,
        from: u64,
        rev: bool,
        mut visit: impl FnMut(u64, &[u8]) -> bool,
    ) -> Result<()> {
        if list.is_empty() || from < list.head || from >= list.tail {
            return Ok(());
        }
        if self.has_pending_subs(db, key, list.version) {
            return self.list_scan_disk(db, key, list, from, rev, visit);
        }
        let cache = &self.engine().lists;
        let mk = keys::meta_key(db, key);
        let head = match cache.get(&mk).filter(|(l, _)| l == list) {
            Some((_, head)) => head,
            // A forward scan from the head loads (and caches) the list's first elements.
            None if from == list.head && !rev => {
                let (mut head, mut bytes) = (Vec::new(), 0);
                self.list_scan_disk(db, key, list, list.head, false, |_, v| {
                    bytes += v.len() + 24;
                    head.push(v.to_vec());
                    (head.len() as u64) < CACHE_MAX_ELEMENTS && bytes < CACHE_MAX_BYTES
                })?;
                let head = std::sync::Arc::new(head);
                cache.put(&mk, (*list, head.clone()), bytes);
                head
            }
            None => return self.list_scan_disk(db, key, list, from, rev, visit),
        };
        let at = (from - list.head) as usize;
        if at >= head.len() {
            return self.list_scan_disk(db, key, list, from, rev, visit);
        }
        let mut step = |i: usize| visit(list.head + i as u64, &head[i]);
        if rev {
            for i in (0..=at).rev() {
                if !step(i) {
                    break;
                }
            }
            return Ok(());
        }
        for i in at..head.len() {
            if !step(i) {
                return Ok(());
            }
        }
        // Past the cached head: the rest comes from disk.
        let rest = list.head + head.len() as u64;
        if rest < list.tail {
            self.list_scan_disk(db, key, list, rest, false, visit)?;
        }
        Ok(())
    }

    /// [`Batch::list_scan`] straight from RocksDB (and a transaction's pending writes).
    fn list_scan_disk(
        &self,
        db: u8,
        key: &[u8],
        list: &List,
        from: u64,
        rev: bool,
        mut visit: impl FnMut(u64, &[u8]) -> bool,
    ) -> Result<()> {
        if list.is_empty() || from < list.head || from >= list.tail {
            return Ok(());
        }
        let prefix = keys::data_prefix(db, key, list.version);
        let bound = |pos: u64| {
            let mut k = prefix.clone();
            k.extend_from_slice(&position_sub(pos));
            k
        };
        let mut corrupt = false;
        self.engine().scan_cf(
            self.tx_pending(),
            CF_DATA,
            &bound(list.head),
            Some(&bound(list.tail)),
            Some(&bound(from)),
            rev,
            &mut |k, v| match k[prefix.len()..].try_into() {
                Ok(sub) => visit(u64::from_be_bytes(sub), v),
                Err(_) => {
                    corrupt = true;
                    false
                }
            },
        )?;
        if corrupt {
            return Err(Error("corrupted list element key".into()));
        }
        Ok(())
    }

    /// Up to `count` elements from position `from` towards the tail.
    pub fn list_range(
        &self,
        db: u8,
        key: &[u8],
        list: &List,
        from: u64,
        count: u64,
    ) -> Result<Vec<Vec<u8>>> {
        let mut out = Vec::with_capacity(count.min(1 << 16) as usize);
        if count == 0 {
            return Ok(out);
        }
        self.list_scan(db, key, list, from, false, |_, v| {
            out.push(v.to_vec());
            (out.len() as u64) < count
        })?;
        Ok(out)
    }

    /// Writes `element` at position `pos` of `list`.
    pub fn list_put(&mut self, db: u8, key: &[u8], list: &List, pos: u64, element: &[u8]) {
        self.put_sub(db, key, list.version, &position_sub(pos), element);
    }

    /// Deletes the elements at positions `from..to` of `list`: point deletes for a few, one
    /// range tombstone for many.
    pub fn list_delete(&mut self, db: u8, key: &[u8], list: &List, from: u64, to: u64) {
        if to <= from {
            return;
        }
        if to - from >= RANGE_DELETE_MIN {
            self.delete_sub_range(
                db,
                key,
                list.version,
                &position_sub(from),
                &position_sub(to),
            );
        } else {
            for pos in from..to {
                self.delete_sub(db, key, list.version, &position_sub(pos));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn window_round_trips(version: u64, head: u64, len in 0u64..1 << 40, exp: u64) {
            prop_assume!(head.checked_add(len).is_some());
            let list = List { version, head, tail: head + len };
            let meta = Meta { expire_at: exp, ..List::new_meta(version) };
            let back = Meta::decode(&list.to_meta(&meta).encode()).unwrap();
            prop_assert_eq!(List::of(&back).unwrap(), list);
            prop_assert_eq!(back.size, len);
            prop_assert_eq!(back.expire_at, exp);
        }

        #[test]
        fn positions_sort_as_list_order(a: u64, b: u64) {
            prop_assert_eq!(a.cmp(&b), position_sub(a).cmp(&position_sub(b)));
        }

        #[test]
        fn garbage_bodies_are_errors_not_panics(body: Vec<u8>, size: u64) {
            let meta = Meta { body, size, ..Meta::collection(Kind::List, 1) };
            let _ = List::of(&meta);
        }
    }

    #[test]
    fn on_disk_layout_is_stable() {
        let meta = List::new_meta(7);
        let raw = meta.encode();
        assert_eq!(&raw[..2], &[2, 0]);
        assert_eq!(
            &raw[26..],
            &[0x80, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0]
        );
        // A window that disagrees with the size is corrupt.
        let bad = Meta { size: 3, ..meta };
        assert!(List::of(&bad).is_err());
    }
}
