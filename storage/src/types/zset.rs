//! Sorted sets on disk: member → score for point lookups, an order-preserving score index for
//! range scans, and counted rank blocks so that a rank costs O(blocks + block size), not O(rank).
//!
//! ```text
//! meta    db|slot|key  -> 5 | enc | expire_at | version | size | body (below; empty = fresh)
//! body    flags:u8 | stamp:u64 | dead:u64 | low_len:u8 | low | high_len:u8 | high
//! data    prefix|member -> score:u64       (the f64's bits, big-endian: exact)
//! zscore  prefix|pos    -> ""
//! zrank   prefix|start  -> count:u64       (only when flags has RANKED)
//!
//! prefix = db|slot|keylen|key|version      pos = sortable(score):u64 | member
//! ```
//!
//! `sortable` ([`keys::score_to_sortable`]) makes byte order numeric order, so score order with
//! ties broken by member bytes (Redis' order) is plain key order: a score or lex range is a seek
//! plus one step per element. -0.0 is stored as 0.0: Redis orders them as equal and replies "0"
//! for a stored score (only scores it computes for a reply, such as ZINCRBY's, keep the sign).
//!
//! Rank blocks: the `zrank` records of a ranked zset cut the position space into blocks; the
//! block starting at `start` holds the entries in `[start, next start)` and its record is their
//! exact count. The first block starts at the empty position. A rank is then the sum of the
//! counts of the blocks before the target's block plus a walk inside it, and the entry at rank
//! r is found the same way: with at most [`BLOCK_MAX`] entries per block, a 1M-member zset has
//! about 2,000 block records, and a rank query reads those plus at most one block of entries.
//! Small zsets (never above `BLOCK_MAX` members) have no blocks and are walked.
//!
//! `stamp` changes (to a fresh engine version) with every change of the blocks, so a decoded
//! copy of the block list can be cached in memory ([`DirCache`], bounded, only for zsets whose
//! ranks are read) and trusted exactly while the stamp matches: a cache entry written by a
//! command that then failed or was rolled back carries a stamp no record has.
//!
//! `low` and `high` bound the live positions (every entry is at or after `low` and before
//! `high`; empty `high` = unbounded). They exist because a pop leaves a tombstone where the
//! popped entry was, and scans from the start would otherwise walk every tombstone of every
//! earlier pop; a pop moves the bound past what it removed, an insertion outside widens it.
//! They are truncated to [`HINT_MAX`] bytes (rounded outwards), which keeps them bounds.
//!
//! `dead` counts the members removed from this version: each leaves tombstones in `data` and
//! `zscore` that scans step over until compaction, so every [`COMPACT_STEP`] removals (or half
//! the size, if more) the version's ranges are queued for compaction
//! ([`Engine::request_compaction`](crate::Engine::request_compaction)).
//!
//! Invariants (kept in the command's one batch by [`ZsetEdit::finish`]):
//! - Each member has one `data` record and one `zscore` entry at `pos(score, member)`.
//! - `size` is the member count; a zset is never empty on disk (the caller deletes it).
//! - Once RANKED (one way), every block's count is exact, no block exceeds `BLOCK_MAX` after a
//!   command, and a block other than the first is deleted when it becomes empty.
//! - The encoding byte is what OBJECT ENCODING reports, with Redis 7.0's one-way rule:
//!   "listpack" while the zset never had more than 128 members nor a member over 64 bytes.

use crate::engine::{Batch, Error, Result, CF_ZRANK, CF_ZSCORE};
use crate::keys;
use crate::metadata::{Kind, Meta};
use std::collections::BTreeMap;

/// See the module doc: what OBJECT ENCODING reports.
pub const ENC_LISTPACK: u8 = 0;
/// See [`ENC_LISTPACK`].
pub const ENC_SKIPLIST: u8 = 1;
/// Redis 7.0's `zset-max-listpack-entries` and `zset-max-listpack-value` defaults.
const MAX_LISTPACK_ENTRIES: u64 = 128;
const MAX_LISTPACK_VALUE: usize = 64;
/// Flags byte: the zset has rank blocks.
const RANKED: u8 = 1;
/// Largest block after a command; also the size past which a zset gets blocks. Unit tests use
/// tiny blocks so that splits, builds and empty blocks happen in small property tests.
#[cfg(not(test))]
pub const BLOCK_MAX: u64 = 1024;
#[cfg(test)]
pub const BLOCK_MAX: u64 = 8;
/// Size of the blocks a split or a build produces.
const BLOCK_SPLIT: u64 = BLOCK_MAX / 2;
/// Removals between two compactions of a zset's ranges (see the module doc).
const COMPACT_STEP: u64 = 4096;
/// Longest stored scan bound (see the module doc).
const HINT_MAX: usize = 32;
/// Bytes of decoded block lists [`DirCache`] keeps before it starts over.
const DIR_CACHE_BYTES: usize = 32 << 20;

/// A cut in score order, between entries: forward scans visit the entries at or after it,
/// reverse scans the entries before it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos(Vec<u8>);

fn sortable(score: f64) -> u64 {
    keys::score_to_sortable(score)
}

impl Pos {
    /// Before every entry.
    pub fn start() -> Pos {
        Pos(Vec::new())
    }

    /// After every entry (no stored score maps above +inf's sortable value).
    pub fn end() -> Pos {
        Pos(vec![0xff; 8])
    }

    /// Just before the entry `(score, member)`.
    pub fn at(score: f64, member: &[u8]) -> Pos {
        let mut p = sortable(score).to_be_bytes().to_vec();
        p.extend_from_slice(member);
        Pos(p)
    }

    /// Just after the entry `(score, member)`.
    pub fn after(score: f64, member: &[u8]) -> Pos {
        let mut p = Pos::at(score, member);
        p.0.push(0);
        p
    }

    /// Before every entry with this score.
    pub fn before_score(score: f64) -> Pos {
        Pos(sortable(score).to_be_bytes().to_vec())
    }

    /// After every entry with this score.
    pub fn after_score(score: f64) -> Pos {
        Pos((sortable(score) + 1).to_be_bytes().to_vec())
    }
}

/// A sorted set's record fields, decoded from its metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zset {
    pub version: u64,
    pub size: u64,
    /// OBJECT ENCODING says "listpack" (lex queries then follow Redis' linear walk).
    pub listpack: bool,
    ranked: bool,
    stamp: u64,
    dead: u64,
    low: Vec<u8>,
    high: Vec<u8>,
}

impl Zset {
    /// The fields of a zset record; an error for a record that is not one.
    pub fn of(meta: &Meta) -> Result<Zset> {
        let bad = || Error("corrupted sorted set metadata".into());
        if meta.kind != Kind::ZSet {
            return Err(bad());
        }
        let mut z = Zset {
            version: meta.version,
            size: meta.size,
            listpack: meta.encoding == ENC_LISTPACK,
            ranked: false,
            stamp: 0,
            dead: 0,
            low: Vec::new(),
            high: Vec::new(),
        };
        let b = meta.body.as_slice();
        if b.is_empty() {
            return Ok(z);
        }
        let (&flags, rest) = b.split_first().ok_or_else(bad)?;
        let (stamp, rest) = rest.split_at_checked(8).ok_or_else(bad)?;
        let (dead, rest) = rest.split_at_checked(8).ok_or_else(bad)?;
        let (&low_len, rest) = rest.split_first().ok_or_else(bad)?;
        let (low, rest) = rest.split_at_checked(low_len as usize).ok_or_else(bad)?;
        let (&high_len, high) = rest.split_first().ok_or_else(bad)?;
        if high.len() != high_len as usize {
            return Err(bad());
        }
        z.ranked = flags & RANKED != 0;
        z.stamp = u64::from_be_bytes(stamp.try_into().map_err(|_| bad())?);
        z.dead = u64::from_be_bytes(dead.try_into().map_err(|_| bad())?);
        z.low = low.to_vec();
        z.high = high.to_vec();
        Ok(z)
    }

    fn body(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(19 + self.low.len() + self.high.len());
        b.push(if self.ranked { RANKED } else { 0 });
        b.extend_from_slice(&self.stamp.to_be_bytes());
        b.extend_from_slice(&self.dead.to_be_bytes());
        b.push(self.low.len() as u8);
        b.extend_from_slice(&self.low);
        b.push(self.high.len() as u8);
        b.extend_from_slice(&self.high);
        b
    }

    /// Where a scan from `from` may start: past the bounds, which hold no entry.
    fn clamp(&self, from: &Pos, rev: bool) -> Pos {
        if !rev && from.0 < self.low {
            Pos(self.low.clone())
        } else if rev && !self.high.is_empty() && from.0 > self.high {
            Pos(self.high.clone())
        } else {
            from.clone()
        }
    }
}

/// A lower bound of `pos` at most [`HINT_MAX`] bytes long.
fn hint_down(pos: &[u8]) -> Vec<u8> {
    pos[..pos.len().min(HINT_MAX)].to_vec()
}

/// An upper bound of `pos` at most [`HINT_MAX`] bytes long (empty: none fits, unbounded).
fn hint_up(pos: &[u8]) -> Vec<u8> {
    if pos.len() <= HINT_MAX {
        return pos.to_vec();
    }
    keys::prefix_end(&pos[..HINT_MAX]).unwrap_or_default()
}

/// Decoded block lists `(start, count)` of ranked zsets, by data prefix, each valid for one stamp.
#[derive(Default)]
pub(crate) struct DirCache {
    inner: parking_lot::Mutex<DirCacheInner>,
}

type Dir = std::sync::Arc<Vec<(Vec<u8>, u64)>>;

#[derive(Default)]
struct DirCacheInner {
    map: std::collections::HashMap<Vec<u8>, (u64, Dir)>,
    bytes: usize,
}

impl DirCache {
    fn get(&self, prefix: &[u8], stamp: u64) -> Option<Dir> {
        let inner = self.inner.lock();
        match inner.map.get(prefix) {
            Some((s, d)) if *s == stamp => Some(d.clone()),
            _ => None,
        }
    }

    /// Removes and returns the entry of `prefix` if it is valid for `stamp` (a writer then
    /// owns it alone and can update it in place).
    fn take(&self, prefix: &[u8], stamp: u64) -> Option<Dir> {
        let mut inner = self.inner.lock();
        match inner.map.get(prefix) {
            Some((s, _)) if *s == stamp => {}
            _ => return None,
        }
        let (_, dir) = inner.map.remove(prefix)?;
        let size = prefix.len() + dir.iter().map(|(s, _)| s.len() + 32).sum::<usize>();
        inner.bytes = inner.bytes.saturating_sub(size);
        Some(dir)
    }

    fn put(&self, prefix: &[u8], stamp: u64, dir: Dir) {
        let size = prefix.len() + dir.iter().map(|(s, _)| s.len() + 32).sum::<usize>();
        let mut inner = self.inner.lock();
        if inner.bytes + size > DIR_CACHE_BYTES {
            // Crude but bounded: start over (entries are rebuilt from disk on demand).
            inner.map.clear();
            inner.bytes = 0;
        }
        if let Some((_, old)) = inner.map.insert(prefix.to_vec(), (stamp, dir)) {
            let old_size = prefix.len() + old.iter().map(|(s, _)| s.len() + 32).sum::<usize>();
            inner.bytes = inner.bytes.saturating_sub(old_size);
        }
        inner.bytes += size;
    }
}

fn corrupt() -> Error {
    Error("corrupted sorted set record".into())
}

/// A member record's score (ZSCAN reads member records directly).
pub fn decode_score(raw: &[u8]) -> Result<f64> {
    let bits: [u8; 8] = raw.try_into().map_err(|_| corrupt())?;
    Ok(f64::from_bits(u64::from_be_bytes(bits)))
}

/// Splits an index position into `(score, member)`.
fn decode_entry(pos: &[u8]) -> Result<(f64, &[u8])> {
    let (s, member) = pos.split_at_checked(8).ok_or_else(corrupt)?;
    let s = u64::from_be_bytes(s.try_into().map_err(|_| corrupt())?);
    Ok((keys::sortable_to_score(s), member))
}

fn decode_count(raw: &[u8]) -> Result<u64> {
    Ok(u64::from_be_bytes(raw.try_into().map_err(|_| corrupt())?))
}

fn join(prefix: &[u8], pos: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(prefix.len() + pos.len());
    k.extend_from_slice(prefix);
    k.extend_from_slice(pos);
    k
}

impl Batch<'_> {
    /// The score of `member`, seeing this batch's own writes in a transaction.
    pub fn zscore(&self, db: u8, key: &[u8], z: &Zset, member: &[u8]) -> Result<Option<f64>> {
        match self.get_sub(db, key, z.version, member)? {
            Some(raw) => Ok(Some(decode_score(&raw)?)),
            None => Ok(None),
        }
    }

    /// Visits `(score, member)` in score order from the cut `from` (reverse: the entries before
    /// it, last first), until `visit` returns false.
    pub fn zscan(
        &self,
        db: u8,
        key: &[u8],
        z: &Zset,
        from: &Pos,
        rev: bool,
        mut visit: impl FnMut(f64, &[u8]) -> bool,
    ) -> Result<()> {
        let prefix = keys::data_prefix(db, key, z.version);
        let upper = keys::prefix_end(&prefix);
        let start = join(&prefix, &z.clamp(from, rev).0);
        let mut err = None;
        self.engine().scan_cf(
            self.tx_pending(),
            CF_ZSCORE,
            &prefix,
            upper.as_deref(),
            Some(&start),
            rev,
            &mut |k, _| {
                // A reverse scan starts at the cut itself, which is not before it.
                if rev && k == start.as_slice() {
                    return true;
                }
                match decode_entry(&k[prefix.len()..]) {
                    Ok((score, member)) => visit(score, member),
                    Err(e) => {
                        err = Some(e);
                        false
                    }
                }
            },
        )?;
        err.map_or(Ok(()), Err)
    }

    /// Visits the rank blocks `(start, count)` from the first on, until `visit` returns false.
    fn zblocks(
        &self,
        prefix: &[u8],
        below: Option<&[u8]>,
        mut visit: impl FnMut(&[u8], u64) -> bool,
    ) -> Result<()> {
        let upper = match below {
            Some(p) => Some(join(prefix, p)),
            None => keys::prefix_end(prefix),
        };
        let mut err = None;
        self.engine().scan_cf(
            self.tx_pending(),
            CF_ZRANK,
            prefix,
            upper.as_deref(),
            None,
            false,
            &mut |k, v| match decode_count(v) {
                Ok(c) => visit(&k[prefix.len()..], c),
                Err(e) => {
                    err = Some(e);
                    false
                }
            },
        )?;
        err.map_or(Ok(()), Err)
    }

    /// The block list of a ranked zset: from the cache while its stamp matches, else read (with
    /// a transaction's pending writes) and cached. A stamp names one state of the blocks, so
    /// this holds inside transactions too: each directory change there gets its own stamp, and
    /// a rolled-back command's stamp is never seen again.
    fn zdirectory(&self, prefix: &[u8], z: &Zset) -> Result<Dir> {
        let cache = &self.engine().zdirs;
        if let Some(d) = cache.get(prefix, z.stamp) {
            return Ok(d);
        }
        let mut all = Vec::new();
        self.zblocks(prefix, None, |s, c| {
            all.push((s.to_vec(), c));
            true
        })?;
        let dir = std::sync::Arc::new(all);
        cache.put(prefix, z.stamp, dir.clone());
        Ok(dir)
    }

    /// How many entries lie before the cut `cut`: the rank of the entry just after it.
    pub fn zcount_before(&self, db: u8, key: &[u8], z: &Zset, cut: &Pos) -> Result<u64> {
        let prefix = keys::data_prefix(db, key, z.version);
        let (mut before, mut from) = (0u64, Pos::start());
        if z.ranked {
            let dir = self.zdirectory(&prefix, z)?;
            // Blocks starting before the cut: all but the last are wholly before it.
            let n = dir.partition_point(|(s, _)| s.as_slice() < cut.0.as_slice());
            if n > 0 {
                before = dir[..n - 1].iter().map(|(_, c)| c).sum();
                from = Pos(dir[n - 1].0.clone());
            }
        }
        let mut n = 0u64;
        self.zscan(db, key, z, &from, false, |score, member| {
            let inside = Pos::at(score, member) < *cut;
            n += inside as u64;
            inside
        })?;
        Ok(before + n)
    }

    /// The cut just before the entry of rank `rank` (0-based), `None` past the end.
    pub fn zpos_at_rank(&self, db: u8, key: &[u8], z: &Zset, rank: u64) -> Result<Option<Pos>> {
        if rank >= z.size {
            return Ok(None);
        }
        let prefix = keys::data_prefix(db, key, z.version);
        let (mut skip, mut from) = (rank, Pos::start());
        if z.ranked {
            for (start, count) in self.zdirectory(&prefix, z)?.iter() {
                if skip < *count {
                    from = Pos(start.clone());
                    break;
                }
                skip -= count;
            }
        }
        let mut found = None;
        self.zscan(db, key, z, &from, false, |score, member| {
            if skip == 0 {
                found = Some(Pos::at(score, member));
                return false;
            }
            skip -= 1;
            true
        })?;
        Ok(found)
    }
}

/// One command's changes to one sorted set, applied to the batch by [`ZsetEdit::finish`].
///
/// A batch does not read back its own subkey writes, and the rank blocks must be maintained from
/// the index as it was before the command plus the command's changes, so the edit keeps every
/// member's change until the end.
pub struct ZsetEdit {
    db: u8,
    key: Vec<u8>,
    meta: Meta,
    /// False for a record this command creates: nothing to look up on disk.
    existed: bool,
    /// The record's fields as the edit leaves them (encoded into `meta.body` at the end).
    z: Zset,
    /// member -> (score before the command, score now).
    changes: BTreeMap<Vec<u8>, (Option<f64>, Option<f64>)>,
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    a.map(f64::to_bits) == b.map(f64::to_bits)
}

impl ZsetEdit {
    /// Edits the live zset `meta` of `key`, or (`existed` false) a fresh record.
    pub fn new(db: u8, key: &[u8], meta: Meta, existed: bool) -> Result<ZsetEdit> {
        let z = Zset::of(&meta)?;
        Ok(ZsetEdit {
            db,
            key: key.to_vec(),
            meta,
            existed,
            z,
            changes: BTreeMap::new(),
        })
    }

    /// Records that no entry lies before `pos` any more (a pop removed everything before it).
    pub fn raise_low(&mut self, pos: &Pos) {
        self.z.low = hint_down(&pos.0);
    }

    /// Records that no entry lies at or after `pos` any more.
    pub fn lower_high(&mut self, pos: &Pos) {
        self.z.high = hint_up(&pos.0);
    }

    /// The member count as the edit leaves it.
    pub fn size(&self) -> u64 {
        self.meta.size
    }

    /// The record as it was before the edit's changes (what reads of unchanged members see).
    fn zset(&self) -> &Zset {
        &self.z
    }

    /// The score of `member` as the edit leaves it.
    pub fn score(&self, batch: &Batch, member: &[u8]) -> Result<Option<f64>> {
        if let Some(&(_, now)) = self.changes.get(member) {
            return Ok(now);
        }
        if !self.existed {
            return Ok(None);
        }
        batch.zscore(self.db, &self.key, self.zset(), member)
    }

    fn record(&mut self, member: &[u8], before: Option<f64>, now: Option<f64>) {
        match self.changes.get_mut(member) {
            Some(c) => c.1 = now,
            None => {
                self.changes.insert(member.to_vec(), (before, now));
            }
        }
    }

    /// Sets `member`'s score (-0.0 becomes 0.0); returns the previous one.
    pub fn set(&mut self, batch: &Batch, member: &[u8], score: f64) -> Result<Option<f64>> {
        let before = self.score(batch, member)?;
        self.replace(member, before, score);
        Ok(before)
    }

    /// [`ZsetEdit::set`] for a caller that has just read the member's score (`before`, from
    /// [`ZsetEdit::score`]) and so need not have it read again.
    pub fn replace(&mut self, member: &[u8], before: Option<f64>, score: f64) {
        // IEEE: -0.0 + 0.0 == +0.0, every other score is unchanged.
        let score = score + 0.0;
        if before.is_none() {
            self.meta.size += 1;
            if self.meta.size > MAX_LISTPACK_ENTRIES || member.len() > MAX_LISTPACK_VALUE {
                self.meta.encoding = ENC_SKIPLIST;
            }
        }
        self.record(member, before, Some(score));
    }

    /// Removes `member`; returns its score if it was there.
    pub fn remove(&mut self, batch: &Batch, member: &[u8]) -> Result<Option<f64>> {
        let before = self.score(batch, member)?;
        if before.is_some() {
            self.meta.size -= 1;
            self.record(member, before, None);
        }
        Ok(before)
    }

    /// Writes the changes (member records, index entries, rank blocks) into `batch` and returns
    /// the new record, which the caller writes (or, at size 0, deletes the key instead) and
    /// whether anything changed.
    pub fn finish(mut self, batch: &mut Batch) -> Result<(Meta, bool)> {
        let (db, version) = (self.db, self.meta.version);
        let changes = std::mem::take(&mut self.changes);
        let mut changed = false;
        // pos -> true written, false deleted.
        let mut index: BTreeMap<Vec<u8>, bool> = BTreeMap::new();
        let mut moves: Vec<(Vec<u8>, i64)> = Vec::new();
        for (member, (before, now)) in &changes {
            if same(*before, *now) {
                continue;
            }
            changed = true;
            if self.meta.size == 0 {
                // The caller deletes the key: its records become garbage as a whole.
                continue;
            }
            match now {
                Some(s) => {
                    batch.put_sub(db, &self.key, version, member, &s.to_bits().to_be_bytes())
                }
                None => batch.delete_sub(db, &self.key, version, member),
            }
            let bp = before.map(|s| Pos::at(s, member).0);
            let np = now.map(|s| Pos::at(s, member).0);
            if let Some(bp) = bp {
                index.insert(bp.clone(), false);
                moves.push((bp, -1));
            }
            if let Some(np) = np {
                if np < self.z.low {
                    self.z.low = hint_down(&np);
                }
                if !self.z.high.is_empty() && np >= self.z.high {
                    let mut after = np.clone();
                    after.push(0);
                    self.z.high = hint_up(&after);
                }
                index.insert(np.clone(), true);
                moves.push((np, 1));
            }
        }
        if self.meta.size == 0 || !changed {
            return Ok((self.meta, changed));
        }
        let removed = changes
            .values()
            .filter(|(b, n)| b.is_some() && n.is_none())
            .count() as u64;
        if removed > 0 {
            let step = COMPACT_STEP.max(self.meta.size / 2);
            let before = self.z.dead;
            self.z.dead += removed;
            if before / step != self.z.dead / step {
                batch.engine().request_compaction(db, &self.key, version);
            }
        }
        let prefix = keys::data_prefix(db, &self.key, version);
        if self.z.ranked || self.meta.size > BLOCK_MAX {
            let stamp = batch.engine().next_version()?;
            if self.z.ranked {
                update_blocks(batch, &prefix, (self.z.stamp, stamp), &moves, &index)?;
            } else {
                build_blocks(batch, &prefix, &index)?;
                self.z.ranked = true;
            }
            self.z.stamp = stamp;
        }
        self.meta.body = self.z.body();
        for (pos, present) in index {
            let k = join(&prefix, &pos);
            if present {
                batch.put(CF_ZSCORE, k, []);
            } else {
                batch.del(CF_ZSCORE, k);
            }
        }
        Ok((self.meta, true))
    }
}

/// Visits the positions of the index in `[from, to)` as they are once `index` (this command's
/// changes, not yet in the batch) is applied.
fn walk_after(
    batch: &Batch,
    prefix: &[u8],
    from: &[u8],
    to: Option<&[u8]>,
    index: &BTreeMap<Vec<u8>, bool>,
    mut visit: impl FnMut(&[u8]),
) -> Result<()> {
    let lower = join(prefix, from);
    let upper = match to {
        Some(t) => Some(join(prefix, t)),
        None => keys::prefix_end(prefix),
    };
    let mut mine = index
        .range::<[u8], _>((
            std::ops::Bound::Included(from),
            to.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded),
        ))
        .peekable();
    batch.engine().scan_cf(
        batch.tx_pending(),
        CF_ZSCORE,
        &lower,
        upper.as_deref(),
        None,
        false,
        &mut |k, _| {
            let pos = &k[prefix.len()..];
            while let Some((p, state)) = mine.next_if(|(p, _)| p.as_slice() <= pos) {
                if *state && p.as_slice() != pos {
                    visit(p);
                }
                if p.as_slice() == pos {
                    if *state {
                        visit(pos);
                    }
                    return true;
                }
            }
            visit(pos);
            true
        },
    )?;
    for (p, state) in mine {
        if *state {
            visit(p);
        }
    }
    Ok(())
}

/// Writes block records for the positions in `[from, to)` after this command, every
/// `BLOCK_SPLIT` entries, the first starting at `from`.
fn write_blocks(
    batch: &mut Batch,
    prefix: &[u8],
    from: &[u8],
    to: Option<&[u8]>,
    index: &BTreeMap<Vec<u8>, bool>,
) -> Result<Vec<(Vec<u8>, u64)>> {
    let mut blocks: Vec<(Vec<u8>, u64)> = vec![(from.to_vec(), 0)];
    walk_after(batch, prefix, from, to, index, |pos| {
        let last = blocks.len() - 1;
        if blocks[last].1 == BLOCK_SPLIT {
            blocks.push((pos.to_vec(), 1));
        } else {
            blocks[last].1 += 1;
        }
    })?;
    for (start, count) in &blocks {
        batch.put(CF_ZRANK, join(prefix, start), count.to_be_bytes());
    }
    Ok(blocks)
}

fn build_blocks(batch: &mut Batch, prefix: &[u8], index: &BTreeMap<Vec<u8>, bool>) -> Result<()> {
    write_blocks(batch, prefix, &[], None, index).map(|_| ())
}

/// Applies entry insertions (+1) and removals (-1) at positions `moves` to the rank blocks,
/// splitting blocks that grow past `BLOCK_MAX` and dropping emptied ones.
///
/// The block list is taken from [`DirCache`] under the record's stamp (read, with a
/// transaction's pending writes, if missing), updated in place and cached again under the new
/// stamp (`stamps` = (old, new)), so a write costs no directory seek.
fn update_blocks(
    batch: &mut Batch,
    prefix: &[u8],
    stamps: (u64, u64),
    moves: &[(Vec<u8>, i64)],
    index: &BTreeMap<Vec<u8>, bool>,
) -> Result<()> {
    let mut dir = match batch.engine().zdirs.take(prefix, stamps.0) {
        Some(d) => d,
        None => {
            let mut all = Vec::new();
            batch.zblocks(prefix, None, |s, c| {
                all.push((s.to_vec(), c));
                true
            })?;
            std::sync::Arc::new(all)
        }
    };
    let d = std::sync::Arc::make_mut(&mut dir);
    let mut deltas: BTreeMap<usize, i64> = BTreeMap::new();
    for (pos, delta) in moves {
        let i = d.partition_point(|(s, _)| s.as_slice() <= pos.as_slice());
        *deltas
            .entry(i.checked_sub(1).ok_or_else(corrupt)?)
            .or_default() += delta;
    }
    // From the last block back, so that replacing one block never moves those still to do.
    for (&i, &delta) in deltas.iter().rev() {
        let now = d[i].1 as i64 + delta;
        if now < 0 {
            return Err(corrupt());
        }
        let now = now as u64;
        if now == 0 && i > 0 {
            batch.del(CF_ZRANK, join(prefix, &d[i].0));
            d.remove(i);
        } else if now > BLOCK_MAX {
            let next = d.get(i + 1).map(|(s, _)| s.clone());
            let start = d[i].0.clone();
            let blocks = write_blocks(batch, prefix, &start, next.as_deref(), index)?;
            d.splice(i..=i, blocks);
        } else {
            batch.put(CF_ZRANK, join(prefix, &d[i].0), now.to_be_bytes());
            d[i].1 = now;
        }
    }
    batch.engine().zdirs.put(prefix, stamps.1, dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Engine, EngineOptions};
    use proptest::prelude::*;

    const KEY: &[u8] = b"z";

    /// Model order: (score with -0 as 0, member), as Redis sorts.
    fn model_order(m: &BTreeMap<Vec<u8>, f64>) -> Vec<(f64, Vec<u8>)> {
        let mut v: Vec<(f64, Vec<u8>)> = m.iter().map(|(k, s)| (*s, k.clone())).collect();
        v.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then_with(|| a.1.cmp(&b.1)));
        v
    }

    fn check(e: &Engine, model: &BTreeMap<Vec<u8>, f64>) -> std::result::Result<(), TestCaseError> {
        let b = e.batch();
        let meta = b.get_meta(0, KEY).unwrap();
        let Some(meta) = meta else {
            prop_assert!(model.is_empty());
            return Ok(());
        };
        let z = Zset::of(&meta).unwrap();
        prop_assert_eq!(z.size, model.len() as u64);
        let want = model_order(model);
        let mut got = Vec::new();
        b.zscan(0, KEY, &z, &Pos::start(), false, |s, m| {
            got.push((s, m.to_vec()));
            true
        })
        .unwrap();
        prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            prop_assert_eq!(g.0.to_bits(), w.0.to_bits());
            prop_assert_eq!(&g.1, &w.1);
        }
        for (rank, (s, m)) in want.iter().enumerate() {
            let cut = Pos::at(*s, m);
            prop_assert_eq!(b.zcount_before(0, KEY, &z, &cut).unwrap(), rank as u64);
            prop_assert_eq!(b.zpos_at_rank(0, KEY, &z, rank as u64).unwrap(), Some(cut));
            prop_assert_eq!(
                b.zscore(0, KEY, &z, m).unwrap().map(f64::to_bits),
                Some(s.to_bits())
            );
        }
        prop_assert_eq!(b.zpos_at_rank(0, KEY, &z, z.size).unwrap(), None);
        prop_assert_eq!(b.zcount_before(0, KEY, &z, &Pos::end()).unwrap(), z.size);
        if z.ranked {
            let prefix = keys::data_prefix(0, KEY, z.version);
            let (mut total, mut first) = (0, true);
            b.zblocks(&prefix, None, |start, count| {
                assert!(count <= BLOCK_MAX, "block of {count}");
                assert!(count > 0 || start.is_empty(), "empty block kept");
                assert_eq!(first, start.is_empty());
                first = false;
                total += count;
                true
            })
            .unwrap();
            prop_assert_eq!(total, z.size);
        }
        Ok(())
    }

    #[derive(Debug, Clone)]
    enum Op {
        Set(u8, i8),
        Remove(u8),
    }

    fn any_op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0u8..60, -4i8..4).prop_map(|(m, s)| Op::Set(m, s)),
            1 => (0u8..60).prop_map(Op::Remove),
        ]
    }

    fn score_of(s: i8) -> f64 {
        // Small integers give many ties; -4 stands for -0.0 (stored as 0.0) and 3 for +inf.
        match s {
            -4 => -0.0,
            3 => f64::INFINITY,
            s => s as f64,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Ranks, scans and block counts match a model after every command, whether commands
        /// change one member or many, in plain or transaction batches.
        #[test]
        fn edits_match_a_model(cmds in proptest::collection::vec((proptest::collection::vec(any_op(), 1..24), any::<bool>()), 1..24)) {
            let dir = tempfile::tempdir().unwrap();
            let e = Engine::open(&EngineOptions::new(dir.path())).unwrap();
            let mut model = BTreeMap::new();
            for (ops, tx) in cmds {
                let mut b = if tx { e.tx_batch() } else { e.batch() };
                let old = b.get_meta(0, KEY).unwrap();
                let meta = match &old {
                    Some(m) => m.clone(),
                    None => Meta::collection(Kind::ZSet, b.new_version().unwrap()),
                };
                let mut edit = ZsetEdit::new(0, KEY, meta, old.is_some()).unwrap();
                for op in ops {
                    let member = |m: u8| format!("m{m:02}").into_bytes();
                    match op {
                        Op::Set(m, s) => {
                            let prev = edit.set(&b, &member(m), score_of(s)).unwrap();
                            prop_assert_eq!(prev.map(f64::to_bits), model.insert(member(m), score_of(s) + 0.0).map(f64::to_bits));
                        }
                        Op::Remove(m) => {
                            let prev = edit.remove(&b, &member(m)).unwrap();
                            prop_assert_eq!(prev.map(f64::to_bits), model.remove(&member(m)).map(f64::to_bits));
                        }
                    }
                }
                let (new, _) = edit.finish(&mut b).unwrap();
                match (new.size, &old) {
                    (0, Some(old)) => b.delete_key(0, KEY, old),
                    (0, None) => {}
                    _ => b.put_meta(0, KEY, new, old.as_ref()),
                }
                e.commit(b).unwrap();
                check(&e, &model)?;
            }
        }
    }

    #[test]
    fn positions_order_like_redis() {
        let order = [
            Pos::at(f64::NEG_INFINITY, b"z"),
            Pos::before_score(-1.5),
            Pos::at(-1.5, b""),
            Pos::at(-1.5, b"a"),
            Pos::after(-1.5, b"a"),
            Pos::at(-1.5, b"a\0"),
            Pos::after_score(-1.5),
            Pos::at(0.0, b"b"),
            Pos::at(f64::INFINITY, b""),
            Pos::end(),
        ];
        for w in order.windows(2) {
            assert!(w[0] <= w[1], "{:?} !<= {:?}", w[0], w[1]);
        }
        assert_eq!(Pos::after(-1.5, b"a"), Pos::at(-1.5, b"a\0"));
    }

    proptest! {
        #[test]
        fn garbage_records_are_errors_not_panics(raw: Vec<u8>, body: Vec<u8>) {
            let _ = decode_score(&raw);
            let _ = decode_entry(&raw);
            let _ = decode_count(&raw);
            let _ = Zset::of(&Meta { body, ..Meta::collection(Kind::ZSet, 1) });
        }
    }
}
