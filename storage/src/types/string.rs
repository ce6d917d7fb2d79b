//! Strings on disk: inline in the metadata record while small, in fixed-size chunks once large.
//!
//! ```text
//! inline   meta  db|slot|key -> 1 | enc (0, 1 or 2) | expire_at | value bytes...
//! chunked  meta  db|slot|key -> 1 | 3 | expire_at | version:u64 | len:u64
//!          data  db|slot|keylen|key|version|chunk:u64 -> up to CHUNK bytes
//!
//!   value  |<- chunk 0 ->|<- chunk 1 ->|<- chunk 2 ->| ... |<- chunk n-1 ->|
//!          [0, CHUNK)     [CHUNK, 2C)   (no record:       [(n-1)C, len)
//!           full record   short record   all zeros)        last, may be short
//!                         + implicit 0s
//! ```
//!
//! A small string stays inline so that GET is one point read (the hottest path). A large one is
//! chunked so that SETRANGE/SETBIT/APPEND/GETRANGE touch only the chunks they cover, not the
//! whole value (a SETBIT at bit 2^32-1 of a new key writes one chunk).
//!
//! Invariants:
//! - The encoding bytes reach disk: [`ENC_AUTO`] (0), [`ENC_RAW`] (1) and [`ENC_NOT_INT`] (2) are
//!   inline and only say what OBJECT ENCODING reports; [`ENC_CHUNKED`] (3) is the chunked layout
//!   (reported as "raw"). Never renumber or reuse them.
//! - Chunk `i` (big-endian u64 subkey) holds the bytes `[i*CHUNK, i*CHUNK + n)` for its record
//!   length `n <= CHUNK`, and `i*CHUNK + n <= len`. Every byte below `len` that no record covers
//!   is zero: growing a chunked string only raises `len`, and a missing chunk costs nothing.
//! - A write that leaves a string longer than [`CHUNKED_MIN`] leaves it chunked; a chunked string
//!   never turns inline in place (strings never shrink in place). Overwriting it (SET, ...) or
//!   deleting it replaces the record, so its chunks, like a collection's subkeys, are garbage of
//!   an old version (compaction filter plus one range tombstone, see `engine.rs`).

use crate::engine::{Batch, Result, CF_DATA};
use crate::keys;
use crate::metadata::{Kind, Meta};
use std::collections::btree_map::{BTreeMap, Entry};

/// Inline encoding byte: OBJECT ENCODING is implied by the value (int, embstr or raw).
pub const ENC_AUTO: u8 = 0;
/// Inline encoding byte: OBJECT ENCODING is "raw" (a string modified in place).
pub const ENC_RAW: u8 = 1;
/// Inline encoding byte: like [`ENC_AUTO`] but never "int" (INCRBYFLOAT results).
pub const ENC_NOT_INT: u8 = 2;
/// Chunked encoding byte: the bytes live in `data` chunks under the record's version.
pub const ENC_CHUNKED: u8 = 3;

/// Bytes per chunk. Part of the on-disk layout: changing it breaks existing chunked strings.
/// A one-byte edit (APPEND, SETBIT) rewrites its whole chunk, so this bounds the cost of small
/// edits; 64 KiB chunks made a stream of small APPENDs 4x slower, while 16 KiB ones still read
/// a 100 MB value as fast (6400 records).
pub const CHUNK: u64 = 16 << 10;
/// A string longer than this is stored chunked.
pub const CHUNKED_MIN: u64 = 1 << 20;

static ZEROS: [u8; CHUNK as usize] = [0; CHUNK as usize];

/// Whether a string record uses the chunked layout.
pub fn is_chunked(meta: &Meta) -> bool {
    meta.kind == Kind::String && meta.encoding == ENC_CHUNKED
}

/// The length of a string record's value.
pub fn len(meta: &Meta) -> u64 {
    if is_chunked(meta) {
        meta.size
    } else {
        meta.body.len() as u64
    }
}

fn chunk_sub(i: u64) -> [u8; 8] {
    i.to_be_bytes()
}

fn chunked_meta(version: u64, len: u64, expire_at: u64) -> Meta {
    Meta {
        kind: Kind::String,
        encoding: ENC_CHUNKED,
        expire_at,
        version,
        size: len,
        body: Vec::new(),
    }
}

impl Batch<'_> {
    /// Stores `value` as the whole string at `key` (SET and friends) with inline `encoding`,
    /// chunked instead if it is longer than [`CHUNKED_MIN`]. `old` is the key's current raw
    /// record, as for [`Batch::put_meta`].
    pub fn put_string(
        &mut self,
        db: u8,
        key: &[u8],
        value: Vec<u8>,
        encoding: u8,
        expire_at: u64,
        old: Option<&Meta>,
    ) -> Result<()> {
        if value.len() as u64 <= CHUNKED_MIN {
            let new = Meta {
                encoding,
                expire_at,
                ..Meta::string(value)
            };
            self.put_meta(db, key, new, old);
            return Ok(());
        }
        let version = self.new_version()?;
        for (i, c) in value.chunks(CHUNK as usize).enumerate() {
            // Zero chunks need no record.
            if c.iter().any(|&b| b != 0) {
                self.put_sub(db, key, version, &chunk_sub(i as u64), c);
            }
        }
        let new = chunked_meta(version, value.len() as u64, expire_at);
        self.put_meta(db, key, new, old);
        Ok(())
    }

    /// Visits the bytes `[from, to)` of the string `meta` at `key` (clipped to its length) in
    /// order, as consecutive slices, until `visit` returns false. Sees this batch's own writes in
    /// a transaction.
    pub fn string_visit(
        &self,
        db: u8,
        key: &[u8],
        meta: &Meta,
        from: u64,
        to: u64,
        mut visit: impl FnMut(&[u8]) -> bool,
    ) -> Result<()> {
        let to = to.min(len(meta));
        if from >= to {
            return Ok(());
        }
        if !is_chunked(meta) {
            visit(&meta.body[from as usize..to as usize]);
            return Ok(());
        }
        // Emits zeros for `[*pos, upto)`; false once `visit` asked to stop.
        let zeros = |pos: &mut u64, upto: u64, visit: &mut dyn FnMut(&[u8]) -> bool| {
            while *pos < upto {
                let n = (upto - *pos).min(CHUNK);
                *pos += n;
                if !visit(&ZEROS[..n as usize]) {
                    return false;
                }
            }
            true
        };
        let prefix = keys::data_prefix(db, key, meta.version);
        let bound = |i: u64| {
            let mut k = prefix.clone();
            k.extend_from_slice(&chunk_sub(i));
            k
        };
        let (mut pos, mut go) = (from, true);
        self.engine().scan_cf(
            self.tx_pending(),
            CF_DATA,
            &bound(from / CHUNK),
            Some(&bound((to - 1) / CHUNK + 1)),
            None,
            false,
            &mut |k, v| {
                let Some(i) = k[prefix.len()..].try_into().ok().map(u64::from_be_bytes) else {
                    return true;
                };
                let start = i * CHUNK;
                if !zeros(&mut pos, start.min(to), &mut visit) {
                    go = false;
                    return false;
                }
                let end = (start + v.len() as u64).min(to);
                if pos < end {
                    let part = &v[(pos - start) as usize..(end - start) as usize];
                    pos = end;
                    if !visit(part) {
                        go = false;
                        return false;
                    }
                }
                true
            },
        )?;
        if go {
            zeros(&mut pos, to, &mut visit);
        }
        Ok(())
    }

    /// The bytes `[from, to)` of the string `meta` at `key`, clipped to its length.
    pub fn string_range(
        &self,
        db: u8,
        key: &[u8],
        meta: &Meta,
        from: u64,
        to: u64,
    ) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(to.min(len(meta)).saturating_sub(from) as usize);
        self.string_visit(db, key, meta, from, to, |b| {
            out.extend_from_slice(b);
            true
        })?;
        Ok(out)
    }

    /// The whole value of the string `meta` at `key` (an inline value is moved, not copied).
    pub fn string_value(&self, db: u8, key: &[u8], meta: Meta) -> Result<Vec<u8>> {
        if is_chunked(&meta) {
            self.string_range(db, key, &meta, 0, meta.size)
        } else {
            Ok(meta.body)
        }
    }
}

/// One loaded chunk of a [`StringEdit`].
struct Chunk {
    data: Vec<u8>,
    dirty: bool,
}

enum Repr {
    Inline(Vec<u8>),
    Chunked {
        version: u64,
        chunks: BTreeMap<u64, Chunk>,
    },
}

/// An in-place edit of one string (SETRANGE, APPEND, SETBIT, BITFIELD): it reads and writes only
/// the chunks it touches, sees its own writes, and [`StringEdit::finish`] stores the result as a
/// "raw" string that keeps the old TTL.
pub struct StringEdit {
    db: u8,
    key: Vec<u8>,
    old: Option<Meta>,
    len: u64,
    repr: Repr,
}

impl StringEdit {
    /// Starts editing the string `old` at `key` (`None`: a new, empty string).
    pub fn new(db: u8, key: &[u8], old: Option<&Meta>) -> StringEdit {
        let repr = match old {
            Some(m) if is_chunked(m) => Repr::Chunked {
                version: m.version,
                chunks: BTreeMap::new(),
            },
            Some(m) => Repr::Inline(m.body.clone()),
            None => Repr::Inline(Vec::new()),
        };
        StringEdit {
            db,
            key: key.to_vec(),
            old: old.cloned(),
            len: old.map_or(0, len),
            repr,
        }
    }

    /// The current length of the value.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Moves an inline value into chunks under a fresh version.
    fn make_chunked(&mut self, batch: &Batch) -> Result<()> {
        let Repr::Inline(body) = &self.repr else {
            return Ok(());
        };
        let mut chunks = BTreeMap::new();
        for (i, c) in body.chunks(CHUNK as usize).enumerate() {
            if c.iter().any(|&b| b != 0) {
                let data = c.to_vec();
                chunks.insert(i as u64, Chunk { data, dirty: true });
            }
        }
        let version = batch.new_version()?;
        self.repr = Repr::Chunked { version, chunks };
        Ok(())
    }

    /// Makes the value at least `n` bytes long, zero-filled.
    pub fn grow(&mut self, batch: &Batch, n: u64) -> Result<()> {
        if n <= self.len {
            return Ok(());
        }
        if n > CHUNKED_MIN {
            self.make_chunked(batch)?;
        }
        if let Repr::Inline(body) = &mut self.repr {
            body.resize(n as usize, 0);
        }
        self.len = n;
        Ok(())
    }

    fn chunk<'a>(
        chunks: &'a mut BTreeMap<u64, Chunk>,
        batch: &Batch,
        (db, key, version): (u8, &[u8], u64),
        i: u64,
    ) -> Result<&'a mut Chunk> {
        Ok(match chunks.entry(i) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let data = batch
                    .get_sub(db, key, version, &chunk_sub(i))?
                    .unwrap_or_default();
                e.insert(Chunk { data, dirty: false })
            }
        })
    }

    /// The bytes `[offset, offset + n)`, zeros past the end of the value.
    pub fn read(&mut self, batch: &Batch, offset: u64, n: u64) -> Result<Vec<u8>> {
        let mut out = vec![0u8; n as usize];
        let end = (offset + n).min(self.len);
        if offset >= end {
            return Ok(out);
        }
        match &mut self.repr {
            Repr::Inline(body) => {
                out[..(end - offset) as usize]
                    .copy_from_slice(&body[offset as usize..end as usize]);
            }
            Repr::Chunked { version, chunks } => {
                let id = (self.db, self.key.as_slice(), *version);
                for i in offset / CHUNK..=(end - 1) / CHUNK {
                    let c = Self::chunk(chunks, batch, id, i)?;
                    let start = i * CHUNK;
                    let (lo, hi) = (offset.max(start), (start + c.data.len() as u64).min(end));
                    if lo < hi {
                        out[(lo - offset) as usize..(hi - offset) as usize]
                            .copy_from_slice(&c.data[(lo - start) as usize..(hi - start) as usize]);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Writes `bytes` at `offset`, growing the value (zero-filled) if it ends past the end.
    pub fn write(&mut self, batch: &Batch, offset: u64, bytes: &[u8]) -> Result<()> {
        let end = offset + bytes.len() as u64;
        if bytes.is_empty() {
            return Ok(());
        }
        if end.max(self.len) > CHUNKED_MIN {
            self.make_chunked(batch)?;
        }
        self.len = self.len.max(end);
        match &mut self.repr {
            Repr::Inline(body) => {
                if body.len() < end as usize {
                    body.resize(end as usize, 0);
                }
                body[offset as usize..end as usize].copy_from_slice(bytes);
            }
            Repr::Chunked { version, chunks } => {
                let id = (self.db, self.key.as_slice(), *version);
                for i in offset / CHUNK..=(end - 1) / CHUNK {
                    let start = i * CHUNK;
                    let (lo, hi) = (offset.max(start) - start, end.min(start + CHUNK) - start);
                    let part =
                        &bytes[(start + lo - offset) as usize..(start + hi - offset) as usize];
                    // A chunk written whole need not be read first.
                    if lo == 0 && hi == CHUNK && !chunks.contains_key(&i) {
                        let data = part.to_vec();
                        chunks.insert(i, Chunk { data, dirty: true });
                        continue;
                    }
                    let c = Self::chunk(chunks, batch, id, i)?;
                    if c.data.len() < hi as usize {
                        c.data.resize(hi as usize, 0);
                    }
                    let dst = &mut c.data[lo as usize..hi as usize];
                    if dst != part {
                        dst.copy_from_slice(part);
                        c.dirty = true;
                    }
                }
            }
        }
        Ok(())
    }

    /// Stores the edited value in `batch`: the chunks whose bytes changed and the record, which
    /// is written even if nothing changed, since Redis counts these commands as modifications
    /// (WATCH).
    /// Returns whether anything was written: an edit that changed no byte (SETBIT of a bit
    /// already set) writes nothing, and Redis does not count it as a modification either.
    pub fn finish(self, batch: &mut Batch) -> bool {
        let expire_at = self.old.as_ref().map_or(0, |m| m.expire_at);
        let mut wrote_chunks = false;
        let new = match self.repr {
            Repr::Inline(body) => Meta {
                encoding: ENC_RAW,
                expire_at,
                ..Meta::string(body)
            },
            Repr::Chunked { version, chunks } => {
                for (i, c) in chunks.into_iter().filter(|(_, c)| c.dirty) {
                    batch.put_sub(self.db, &self.key, version, &chunk_sub(i), &c.data);
                    wrote_chunks = true;
                }
                chunked_meta(version, self.len, expire_at)
            }
        };
        if !wrote_chunks && self.old.as_ref() == Some(&new) {
            return false;
        }
        batch.put_meta(self.db, &self.key, new, self.old.as_ref());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_disk_layout_is_stable() {
        assert_eq!(
            (ENC_AUTO, ENC_RAW, ENC_NOT_INT, ENC_CHUNKED, CHUNK),
            (0, 1, 2, 3, 16384)
        );
        let raw = chunked_meta(7, 0x0102_0304, 5).encode();
        assert_eq!(
            raw,
            [1, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 1, 2, 3, 4]
        );
        let back = Meta::decode(&raw).unwrap();
        assert!(is_chunked(&back) && back.has_subkeys());
        assert_eq!(len(&back), 0x0102_0304);
        assert_eq!(Meta::peek_version(&raw), Some(7));
        assert_eq!(chunk_sub(1), [0, 0, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn inline_records_have_no_subkeys() {
        for enc in [ENC_AUTO, ENC_RAW, ENC_NOT_INT] {
            let m = Meta {
                encoding: enc,
                ..Meta::string(b"abc".to_vec())
            };
            assert!(!is_chunked(&m) && !m.has_subkeys());
            assert_eq!(len(&m), 3);
            assert_eq!(Meta::peek_version(&m.encode()), None);
        }
    }
}
