// Hot path: HGET/HSET and friends run per request.
//! Hash commands (HSET, HGET, ..., HSCAN, HRANDFIELD) and Redis 7.4 hash field expiry
//! (HEXPIRE, HTTL, HPERSIST, ...).
//!
//! A hash is a metadata record (`version`, `size`, encoding byte, field-TTL body) plus one `data`
//! record per field; the on-disk layout, including field expiry, is documented in
//! `strata_storage::types::hash`. HGET/HSET are one point lookup per field, HLEN reads only the
//! metadata. Every command first purges the hash's due fields (lazy field expiry) so that `size`
//! is exact and no expired field is ever returned; the active sweeper does the same for hashes
//! nobody reads.
//!
//! The encoding byte remembers what OBJECT ENCODING must report: Redis 7.0 keeps a hash as a
//! "listpack" while it has at most 512 fields whose names and values are at most 64 bytes, and
//! converts it to a "hashtable" for good on the first write that breaks either limit. HSCAN
//! mirrors that: a "listpack" hash is returned whole with cursor 0, as Redis does.

use super::{Args, CmdError, Ctx};
use crate::glob::glob_match;
use crate::notify;
use crate::resp::Reply;
use bytes::Bytes;
use std::collections::{BTreeMap, HashSet};
use strata_storage::types::hash::{self, decode_value, encode_value};
use strata_storage::{Kind, Meta};

/// Encoding byte: reported as "listpack".
const ENC_LISTPACK: u8 = 0;
/// Encoding byte: reported as "hashtable" (sticky once set, as in Redis).
const ENC_HASHTABLE: u8 = 1;
/// Redis 7.0 defaults of hash-max-listpack-entries / hash-max-listpack-value.
const LISTPACK_ENTRIES: u64 = 512;
const LISTPACK_VALUE: usize = 64;
/// Hashes up to this size are read whole by HRANDFIELD (exact uniform sampling); bigger ones
/// are sampled with random seeks.
const RANDOM_READ_ALL: u64 = 1024;

/// What OBJECT ENCODING reports for a hash.
pub fn object_encoding(m: &Meta) -> &'static str {
    match m.encoding {
        ENC_LISTPACK => "listpack",
        _ => "hashtable",
    }
}

/// `(field, value)` pairs.
type Pairs = Vec<(Vec<u8>, Vec<u8>)>;

fn corrupt() -> CmdError {
    CmdError::Storage("corrupted hash field record".into())
}

/// The live hash at `key`, with its due fields purged; WRONGTYPE for another type.
fn lookup_hash(ctx: &mut Ctx, key: &[u8], read: bool) -> Result<Option<Meta>, CmdError> {
    // `Ctx::lookup` has already purged the hash's due fields.
    ctx.lookup_kind(key, Kind::Hash, read)
}

/// One field's `(expire_at, value)`, or `None` if absent or expired.
/// The value of `field` in the live hash `m` of `key`, if it has one.
pub(super) fn field_value(
    ctx: &Ctx,
    key: &[u8],
    m: &Meta,
    field: &[u8],
) -> Result<Option<Vec<u8>>, CmdError> {
    Ok(get_field(ctx, key, m, field)?.map(|(_, v)| v))
}

fn get_field(
    ctx: &Ctx,
    key: &[u8],
    m: &Meta,
    field: &[u8],
) -> Result<Option<(u64, Vec<u8>)>, CmdError> {
    let Some(raw) = ctx.batch.get_sub(ctx.db, key, m.version, field)? else {
        return Ok(None);
    };
    let (at, v) = decode_value(&raw).ok_or_else(corrupt)?;
    if at != 0 && at <= ctx.now_ms {
        return Ok(None);
    }
    Ok(Some((at, v.to_vec())))
}

/// Visits the live fields in field order from `from` until `visit` returns false.
fn scan_fields(
    ctx: &Ctx,
    key: &[u8],
    m: &Meta,
    from: &[u8],
    mut visit: impl FnMut(&[u8], u64, &[u8]) -> bool,
) -> Result<(), CmdError> {
    let now = ctx.now_ms;
    let mut bad = false;
    ctx.batch
        .scan_subs(ctx.db, key, m.version, from, |f, raw| {
            match decode_value(raw) {
                Some((at, _)) if at != 0 && at <= now => true,
                Some((at, v)) => visit(f, at, v),
                None => {
                    bad = true;
                    false
                }
            }
        })?;
    if bad {
        return Err(corrupt());
    }
    Ok(())
}

/// All live fields as `(field, value)`.
fn all_fields(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<Pairs, CmdError> {
    let mut out = Vec::with_capacity(m.size.min(1 << 20) as usize);
    scan_fields(ctx, key, m, &[], |f, _, v| {
        out.push((f.to_vec(), v.to_vec()));
        true
    })?;
    Ok(out)
}

/// The changes one command makes to one hash: field records, the per-hash deadline index and,
/// at [`HashEdit::finish`], the metadata (size, encoding, earliest field deadline).
pub(super) struct HashEdit {
    old: Option<Meta>,
    meta: Meta,
    /// Deadline index entries this command removed / the smallest it added.
    removed: Vec<(u64, Vec<u8>)>,
    added_min: u64,
    ttl_changed: bool,
}

impl HashEdit {
    /// Starts editing `old` (the result of [`lookup_hash`]) or a new, empty hash.
    pub(super) fn new(ctx: &Ctx, old: Option<Meta>) -> Result<HashEdit, CmdError> {
        let meta = match &old {
            Some(m) => m.clone(),
            None => Meta::collection(Kind::Hash, ctx.batch.new_version()?),
        };
        Ok(HashEdit {
            old,
            meta,
            removed: Vec::new(),
            added_min: 0,
            ttl_changed: false,
        })
    }

    fn drop_ttl(&mut self, ctx: &mut Ctx, key: &[u8], field: &[u8], at: u64) {
        if at != 0 {
            ctx.batch
                .delete_scored(ctx.db, key, self.meta.version, at, field);
            self.removed.push((at, field.to_vec()));
            self.ttl_changed = true;
        }
    }

    /// Writes `field = value` with deadline `new_at` (0 = none). `old_at` is the field's current
    /// deadline, `None` if the field does not exist (then it is counted).
    pub(super) fn set(
        &mut self,
        ctx: &mut Ctx,
        key: &[u8],
        field: &[u8],
        value: &[u8],
        old_at: Option<u64>,
        new_at: u64,
    ) {
        let version = self.meta.version;
        ctx.batch
            .put_sub(ctx.db, key, version, field, &encode_value(new_at, value));
        match old_at {
            None => self.meta.size += 1,
            Some(at) if at != new_at => self.drop_ttl(ctx, key, field, at),
            Some(_) => {}
        }
        if new_at != 0 && old_at != Some(new_at) {
            ctx.batch.put_scored(ctx.db, key, version, new_at, field);
            self.ttl_changed = true;
            if self.added_min == 0 || new_at < self.added_min {
                self.added_min = new_at;
            }
        }
        if field.len() > LISTPACK_VALUE
            || value.len() > LISTPACK_VALUE
            || self.meta.size > LISTPACK_ENTRIES
        {
            self.meta.encoding = ENC_HASHTABLE;
        }
    }

    /// Deletes an existing field whose deadline is `at` (0 = none).
    fn del(&mut self, ctx: &mut Ctx, key: &[u8], field: &[u8], at: u64) {
        ctx.batch.delete_sub(ctx.db, key, self.meta.version, field);
        self.drop_ttl(ctx, key, field, at);
        self.meta.size -= 1;
    }

    /// Writes the metadata; an emptied hash is deleted (the result says so).
    pub(super) fn finish(mut self, ctx: &mut Ctx, key: &[u8]) -> Result<bool, CmdError> {
        if self.meta.size == 0 {
            if let Some(old) = &self.old {
                ctx.remove(key, old);
                return Ok(true);
            }
            return Ok(false);
        }
        if self.ttl_changed {
            // The earliest remaining deadline: the smallest one added here, or the first index
            // entry on disk that this command did not remove (due entries were purged by this
            // command's lookup; the batch hides their deletion from the disk scan).
            let mut on_disk = 0;
            if self.old.is_some() {
                let removed: HashSet<&(u64, Vec<u8>)> = self.removed.iter().collect();
                let now = ctx.now_ms;
                ctx.batch
                    .scan_scored(ctx.db, key, self.meta.version, |at, f| {
                        if at <= now || removed.contains(&(at, f.to_vec())) {
                            true
                        } else {
                            on_disk = at;
                            false
                        }
                    })?;
            }
            let min = match (on_disk, self.added_min) {
                (0, a) | (a, 0) => a,
                (a, b) => a.min(b),
            };
            self.meta.body = hash::encode_body(min);
        }
        if self.old.as_ref() != Some(&self.meta) {
            ctx.put(key, self.meta, self.old.as_ref());
        }
        Ok(false)
    }
}

fn bulk(v: Vec<u8>) -> Reply {
    Reply::Bulk(Bytes::from(v))
}

/// Shared by HSET and HMSET: writes the field/value pairs, returns how many fields were new.
fn set_pairs(ctx: &mut Ctx, args: &Args) -> Result<i64, CmdError> {
    if !args.len().is_multiple_of(2) {
        return Err(args.arity_error());
    }
    let key = args.get(1);
    let old = lookup_hash(ctx, key, false)?;
    // Last value wins for a repeated field; it is created (counted) once.
    let mut pairs: BTreeMap<&[u8], &[u8]> = BTreeMap::new();
    let mut long = false;
    for i in (2..args.len()).step_by(2) {
        long |= args.get(i).len() > LISTPACK_VALUE || args.get(i + 1).len() > LISTPACK_VALUE;
        pairs.insert(args.get(i), args.get(i + 1));
    }
    let exists = old.is_some();
    let mut edit = HashEdit::new(ctx, old)?;
    if long {
        // Redis converts on the arguments' lengths before writing anything.
        edit.meta.encoding = ENC_HASHTABLE;
    }
    let mut created = 0;
    for (f, v) in pairs {
        let cur = if exists {
            get_field(ctx, key, &edit.meta, f)?.map(|(at, _)| at)
        } else {
            None
        };
        created += cur.is_none() as i64;
        // Setting a value clears the field's TTL (Redis 7.4 HSET semantics).
        edit.set(ctx, key, f, v, cur, 0);
    }
    edit.finish(ctx, key)?;
    ctx.notify(notify::HASH, "hset", key);
    Ok(created)
}

/// HSET key field value [field value ...]
pub fn hset(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(set_pairs(ctx, args)?))
}

/// HMSET key field value [field value ...]
pub fn hmset(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    set_pairs(ctx, args)?;
    Ok(Reply::ok())
}

/// HSETNX key field value
pub fn hsetnx(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (key, field, value) = (args.get(1), args.get(2), args.get(3));
    let old = lookup_hash(ctx, key, false)?;
    if let Some(m) = &old {
        if get_field(ctx, key, m, field)?.is_some() {
            return Ok(Reply::Int(0));
        }
    }
    let mut edit = HashEdit::new(ctx, old)?;
    edit.set(ctx, key, field, value, None, 0);
    edit.finish(ctx, key)?;
    ctx.notify(notify::HASH, "hset", key);
    Ok(Reply::Int(1))
}

/// HGET key field
pub fn hget(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Nil);
    };
    Ok(get_field(ctx, key, &m, args.get(2))?.map_or(Reply::Nil, |(_, v)| bulk(v)))
}

/// HMGET key field [field ...]
pub fn hmget(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let m = lookup_hash(ctx, key, true)?;
    let mut out = Vec::with_capacity(args.len() - 2);
    for i in 2..args.len() {
        out.push(match &m {
            Some(m) => get_field(ctx, key, m, args.get(i))?.map_or(Reply::Nil, |(_, v)| bulk(v)),
            None => Reply::Nil,
        });
    }
    Ok(Reply::Array(out))
}

/// HGETALL key
pub fn hgetall(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Map(Vec::new()));
    };
    Ok(Reply::Map(
        all_fields(ctx, key, &m)?
            .into_iter()
            .map(|(f, v)| (bulk(f), bulk(v)))
            .collect(),
    ))
}

/// HKEYS key
pub fn hkeys(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Array(Vec::new()));
    };
    let mut out = Vec::new();
    scan_fields(ctx, key, &m, &[], |f, _, _| {
        out.push(Reply::Bulk(Bytes::copy_from_slice(f)));
        true
    })?;
    Ok(Reply::Array(out))
}

/// HVALS key
pub fn hvals(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Array(Vec::new()));
    };
    let mut out = Vec::new();
    scan_fields(ctx, key, &m, &[], |_, _, v| {
        out.push(Reply::Bulk(Bytes::copy_from_slice(v)));
        true
    })?;
    Ok(Reply::Array(out))
}

/// HDEL key field [field ...]
pub fn hdel(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, false)? else {
        return Ok(Reply::Int(0));
    };
    let mut edit = HashEdit::new(ctx, Some(m))?;
    let mut seen = HashSet::new();
    let mut n = 0;
    for i in 2..args.len() {
        let f = args.get(i);
        if !seen.insert(f) {
            continue;
        }
        if let Some((at, _)) = get_field(ctx, key, &edit.meta, f)? {
            edit.del(ctx, key, f, at);
            n += 1;
        }
    }
    let deleted = edit.finish(ctx, key)?;
    if n > 0 {
        ctx.notify_then_del(notify::HASH, "hdel", key, deleted);
    }
    Ok(Reply::Int(n))
}

/// HLEN key
pub fn hlen(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(
        lookup_hash(ctx, args.get(1), true)?.map_or(0, |m| m.size as i64),
    ))
}

/// HEXISTS key field
pub fn hexists(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Int(0));
    };
    Ok(Reply::Int(
        get_field(ctx, key, &m, args.get(2))?.is_some() as i64
    ))
}

/// HSTRLEN key field
pub fn hstrlen(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Int(0));
    };
    Ok(Reply::Int(
        get_field(ctx, key, &m, args.get(2))?.map_or(0, |(_, v)| v.len() as i64),
    ))
}

/// Reads the field for HINCRBY/HINCRBYFLOAT and writes `f(current)` back, keeping its TTL.
fn update_field(
    ctx: &mut Ctx,
    key: &[u8],
    field: &[u8],
    f: impl FnOnce(Option<&[u8]>) -> Result<Vec<u8>, CmdError>,
) -> Result<Vec<u8>, CmdError> {
    let old = lookup_hash(ctx, key, false)?;
    let cur = match &old {
        Some(m) => get_field(ctx, key, m, field)?,
        None => None,
    };
    let new = f(cur.as_ref().map(|(_, v)| v.as_slice()))?;
    let mut edit = HashEdit::new(ctx, old)?;
    let at = cur.as_ref().map(|(at, _)| *at);
    edit.set(ctx, key, field, &new, at, at.unwrap_or(0));
    edit.finish(ctx, key)?;
    Ok(new)
}

/// HINCRBY key field increment
pub fn hincrby(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let by = args.i64(3)?;
    let mut result = 0;
    update_field(ctx, args.get(1), args.get(2), |cur| {
        let n = match cur {
            Some(v) => super::args::parse_i64(v).ok_or(CmdError::HashValueNotInteger)?,
            None => 0,
        };
        result = n.checked_add(by).ok_or(CmdError::Overflow)?;
        Ok(result.to_string().into_bytes())
    })?;
    ctx.notify(notify::HASH, "hincrby", args.get(1));
    Ok(Reply::Int(result))
}

/// HINCRBYFLOAT key field increment
pub fn hincrbyfloat(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let by = args.get(3);
    // Validate the increment on its own first: Redis rejects an infinite one with its own text.
    match crate::longdouble::add(b"0", by) {
        Err(CmdError::IncrFloatNanOrInf) => return Err(CmdError::ValueNanOrInf),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    let sum = update_field(ctx, args.get(1), args.get(2), |cur| {
        let cur = cur.unwrap_or(b"0");
        if let Err(CmdError::NotFloat) = crate::longdouble::add(cur, b"0") {
            return Err(CmdError::HashValueNotFloat);
        }
        crate::longdouble::add(cur, by)
    })?;
    ctx.notify(notify::HASH, "hincrbyfloat", args.get(1));
    Ok(bulk(sum))
}

/// HRANDFIELD key [count [WITHVALUES]]
pub fn hrandfield(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    if args.len() == 2 {
        let Some(m) = lookup_hash(ctx, key, true)? else {
            return Ok(Reply::Nil);
        };
        return Ok(random_picks(ctx, key, &m, 1)?
            .into_iter()
            .next()
            .map_or(Reply::Nil, |(f, _)| bulk(f)));
    }
    let count = super::rand_count(args, 2)?;
    let with_values = match args.len() {
        3 => false,
        4 if args.is(3, "withvalues") => true,
        _ => return Err(CmdError::Syntax),
    };
    let count = super::rand_count_fits(count, with_values)?;
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(Reply::Array(Vec::new()));
    };
    if count == 0 {
        return Ok(Reply::Array(Vec::new()));
    }
    let picked = if count < 0 {
        random_picks(ctx, key, &m, count.unsigned_abs())?
    } else {
        let n = count as u64;
        if n >= m.size {
            all_fields(ctx, key, &m)?
        } else if m.size <= RANDOM_READ_ALL || n * 3 > m.size {
            let mut all = all_fields(ctx, key, &m)?;
            // Partial Fisher-Yates: the first n are a uniform sample in random order.
            for i in 0..n as usize {
                let j = rand::random_range(i..all.len());
                all.swap(i, j);
            }
            all.truncate(n as usize);
            all
        } else {
            Sampler::new(ctx, key, &m)?.distinct(ctx, key, &m, n)?
        }
    };
    let resp3 = ctx.client.resp3;
    let mut out = Vec::with_capacity(picked.len() * (1 + with_values as usize));
    for (f, v) in picked {
        match (with_values, resp3) {
            (false, _) => out.push(bulk(f)),
            (true, true) => out.push(Reply::Array(vec![bulk(f), bulk(v)])),
            (true, false) => {
                out.push(bulk(f));
                out.push(bulk(v));
            }
        }
    }
    Ok(Reply::Array(out))
}

/// `n` random fields of a live hash, repetitions allowed.
fn random_picks(ctx: &Ctx, key: &[u8], m: &Meta, n: u64) -> Result<Pairs, CmdError> {
    if m.size <= RANDOM_READ_ALL {
        let all = all_fields(ctx, key, m)?;
        if all.is_empty() {
            return Ok(Vec::new());
        }
        // Pushed one by one: a huge |count| must not be preallocated up front.
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(all[rand::random_range(0..all.len())].clone());
        }
        return Ok(out);
    }
    Sampler::new(ctx, key, m)?.pick(ctx, key, m, n)
}

/// Random field picks by random seeks into the field range, so sampling a huge hash reads one
/// record per pick instead of the whole hash. Seek targets are drawn between the first and last
/// field, using the byte range seen in a few fields, so the picks are spread over the hash but
/// are only approximately uniform (Redis' own hashtable sampling is approximate as well).
struct Sampler {
    first: Vec<u8>,
    last: Vec<u8>,
    /// Length of the common prefix of `first` and `last`.
    common: usize,
    /// Byte range observed in field names after the common prefix.
    lo: u8,
    hi: u8,
}

impl Sampler {
    fn new(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<Sampler, CmdError> {
        let mut head = Vec::new();
        scan_fields(ctx, key, m, &[], |f, _, _| {
            head.push(f.to_vec());
            head.len() < 16
        })?;
        let first = head.first().cloned().unwrap_or_default();
        let last = ctx
            .batch
            .last_sub(ctx.db, key, m.version)?
            .unwrap_or_else(|| first.clone());
        let common = first.iter().zip(&last).take_while(|(a, b)| a == b).count();
        let (mut lo, mut hi) = (u8::MAX, u8::MIN);
        for f in head.iter().chain([&last]) {
            for &b in f.iter().skip(common) {
                lo = lo.min(b);
                hi = hi.max(b);
            }
        }
        if lo > hi {
            (lo, hi) = (0, u8::MAX);
        }
        Ok(Sampler {
            first,
            last,
            common,
            lo,
            hi,
        })
    }

    fn target(&self) -> Vec<u8> {
        let mut t = self.first[..self.common].to_vec();
        let Some(&top) = self.last.get(self.common) else {
            return t;
        };
        let bottom = self.first.get(self.common).copied().unwrap_or(0);
        t.push(rand::random_range(bottom..=top));
        let extra = self.last.len().max(self.first.len()) - self.common;
        for _ in 0..rand::random_range(0..extra.max(1)) {
            t.push(rand::random_range(self.lo..=self.hi));
        }
        t
    }

    /// `n` picks, repetitions allowed.
    fn pick(&self, ctx: &Ctx, key: &[u8], m: &Meta, n: u64) -> Result<Pairs, CmdError> {
        let mut out = Vec::new();
        while (out.len() as u64) < n {
            let mut got = None;
            for from in [self.target(), Vec::new()] {
                scan_fields(ctx, key, m, &from, |f, _, v| {
                    got = Some((f.to_vec(), v.to_vec()));
                    false
                })?;
                if got.is_some() {
                    break;
                }
            }
            match got {
                Some(p) => out.push(p),
                None => break,
            }
        }
        Ok(out)
    }

    /// `n` distinct picks (`n` is well below the hash size).
    fn distinct(&self, ctx: &Ctx, key: &[u8], m: &Meta, n: u64) -> Result<Pairs, CmdError> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut attempts = n * 8 + 64;
        while (out.len() as u64) < n && attempts > 0 {
            attempts -= 1;
            for p in self.pick(ctx, key, m, 1)? {
                if seen.insert(p.0.clone()) {
                    out.push(p);
                }
            }
        }
        // Seeks kept landing on the same fields (skewed names): fill up with a run of
        // consecutive fields from a random point, wrapping around.
        for from in [self.target(), Vec::new()] {
            if out.len() as u64 >= n {
                break;
            }
            scan_fields(ctx, key, m, &from, |f, _, v| {
                if seen.insert(f.to_vec()) {
                    out.push((f.to_vec(), v.to_vec()));
                }
                (out.len() as u64) < n
            })?;
        }
        Ok(out)
    }
}

/// HSCAN key cursor [MATCH pattern] [COUNT count]
pub fn hscan(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let cursor = super::keys::parse_cursor(args.get(2)).ok_or(CmdError::InvalidCursor)?;
    let key = args.get(1);
    let Some(m) = lookup_hash(ctx, key, true)? else {
        return Ok(scan_reply(0, Vec::new()));
    };
    let super::keys::ScanOptions { pattern, count, .. } =
        super::keys::scan_options(args, 3, false)?;
    let wanted = |f: &[u8]| pattern.as_deref().is_none_or(|p| glob_match(p, f, false));
    let mut out = Vec::new();
    if m.encoding != ENC_HASHTABLE {
        // A listpack hash is returned whole, as Redis does.
        scan_fields(ctx, key, &m, &[], |f, _, v| {
            if wanted(f) {
                out.push(Reply::Bulk(Bytes::copy_from_slice(f)));
                out.push(Reply::Bulk(Bytes::copy_from_slice(v)));
            }
            true
        })?;
        return Ok(scan_reply(0, out));
    }
    // The cursor names the field to resume at (kept server-side with the db and version; an
    // evicted or foreign cursor restarts the scan, which may repeat fields but never skips one).
    let saved = ctx.server.scan_cursors.resume_point(ctx.db, cursor);
    let from = match saved.get(3..11) {
        Some(v) if v == m.version.to_be_bytes() => saved[11..].to_vec(),
        _ => Vec::new(),
    };
    let mut examined = 0;
    let mut next = None;
    scan_fields(ctx, key, &m, &from, |f, _, v| {
        if examined == count {
            next = Some(f.to_vec());
            return false;
        }
        examined += 1;
        if wanted(f) {
            out.push(Reply::Bulk(Bytes::copy_from_slice(f)));
            out.push(Reply::Bulk(Bytes::copy_from_slice(v)));
        }
        true
    })?;
    let next_cursor = match next {
        Some(f) => {
            let mut raw = vec![ctx.db, 0, 0];
            raw.extend_from_slice(&m.version.to_be_bytes());
            raw.extend_from_slice(&f);
            ctx.server.scan_cursors.save(raw)
        }
        None => 0,
    };
    Ok(scan_reply(next_cursor, out))
}

fn scan_reply(cursor: u64, items: Vec<Reply>) -> Reply {
    Reply::Array(vec![
        Reply::Bulk(cursor.to_string().into()),
        Reply::Array(items),
    ])
}

/// Copies the per-field deadline index of a hash to a new key/version (COPY, RENAME, MOVE copy
/// the field records themselves).
pub fn copy_field_ttls(
    ctx: &mut Ctx,
    src_db: u8,
    src: &[u8],
    m: &Meta,
    dst_db: u8,
    dst: &[u8],
    version: u64,
) -> Result<(), CmdError> {
    if hash::min_deadline(m) == 0 {
        return Ok(());
    }
    let mut entries = Vec::new();
    ctx.batch.scan_scored(src_db, src, m.version, |at, f| {
        entries.push((at, f.to_vec()));
        true
    })?;
    for (at, f) in entries {
        ctx.batch.put_scored(dst_db, dst, version, at, &f);
    }
    Ok(())
}

// ---------------------------------------------------------------- field expiry (Redis 7.4)

/// Largest field deadline Redis 7.4 accepts, in Unix milliseconds (2^48 - 1).
const MAX_FIELD_DEADLINE: i64 = (1 << 48) - 1;

/// Parses `FIELDS numfields field...` starting at `at`; returns the index of the first field.
fn fields_arg(args: &Args, at: usize, count_error: CmdError) -> Result<usize, CmdError> {
    if !args.is(at, "fields") {
        return Err(CmdError::FieldsArgMissing);
    }
    let n = match super::args::parse_i64(args.get(at + 1)) {
        Some(n) if n > 0 => n,
        _ => return Err(count_error),
    };
    if n as usize != args.len() - at - 2 {
        return Err(CmdError::NumFieldsMismatch);
    }
    Ok(at + 2)
}

fn hexpire_generic(
    ctx: &mut Ctx,
    args: &Args,
    secs: bool,
    relative: bool,
    cmd: &str,
) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let old = lookup_hash(ctx, key, false)?;
    let v = args.i64(2)?;
    if v < 0 {
        return Err(CmdError::FieldExpireNegative);
    }
    let invalid = || CmdError::InvalidExpireTime(cmd.to_string());
    let mut when = if secs {
        v.checked_mul(1000).ok_or_else(invalid)?
    } else {
        v
    };
    if relative {
        when = when.checked_add(ctx.now_ms as i64).ok_or_else(invalid)?;
    }
    if when > MAX_FIELD_DEADLINE {
        return Err(invalid());
    }
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    let mut at = 3;
    if args.is(3, "nx") {
        nx = true;
    } else if args.is(3, "xx") {
        xx = true;
    } else if args.is(3, "gt") {
        gt = true;
    } else if args.is(3, "lt") {
        lt = true;
    }
    if nx || xx || gt || lt {
        at += 1;
    }
    let first = fields_arg(args, at, CmdError::NumFieldsNotPositive)?;
    let Some(m) = old else {
        return Ok(Reply::Array(vec![Reply::Int(-2); args.len() - first]));
    };
    let when = when as u64;
    let mut edit = HashEdit::new(ctx, Some(m))?;
    let mut out = Vec::with_capacity(args.len() - first);
    let mut done: BTreeMap<&[u8], Option<u64>> = BTreeMap::new();
    for i in first..args.len() {
        let f = args.get(i);
        // A field named twice sees this command's own earlier change.
        let cur = match done.get(f) {
            Some(state) => *state,
            None => get_field(ctx, key, &edit.meta, f)?.map(|(at, _)| at),
        };
        let Some(cur) = cur else {
            out.push(Reply::Int(-2));
            continue;
        };
        if !super::keys::ttl_condition(nx, xx, gt, lt, cur, when) {
            out.push(Reply::Int(0));
            continue;
        }
        if when <= ctx.now_ms {
            edit.del(ctx, key, f, cur);
            done.insert(f, None);
            out.push(Reply::Int(2));
        } else {
            let value = match get_field(ctx, key, &edit.meta, f)? {
                Some((_, v)) => v,
                None => return Err(corrupt()),
            };
            edit.set(ctx, key, f, &value, Some(cur), when);
            done.insert(f, Some(when));
            out.push(Reply::Int(1));
        }
    }
    let deleted = edit.finish(ctx, key)?;
    // Redis 7.4: "hexpire" for new deadlines, "hexpired" for fields a past deadline deleted at
    // once, then "del" if that emptied the hash.
    if out.contains(&Reply::Int(1)) {
        ctx.notify(notify::HASH, "hexpire", key);
    }
    if out.contains(&Reply::Int(2)) {
        ctx.notify_then_del(notify::HASH, "hexpired", key, deleted);
    }
    Ok(Reply::Array(out))
}

/// HEXPIRE key seconds [NX | XX | GT | LT] FIELDS numfields field [field ...]
pub fn hexpire(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    hexpire_generic(ctx, args, true, true, "hexpire")
}

/// HPEXPIRE key milliseconds [NX | XX | GT | LT] FIELDS numfields field [field ...]
pub fn hpexpire(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    hexpire_generic(ctx, args, false, true, "hpexpire")
}

/// HEXPIREAT key unix-time-seconds [NX | XX | GT | LT] FIELDS numfields field [field ...]
pub fn hexpireat(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    hexpire_generic(ctx, args, true, false, "hexpireat")
}

/// HPEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] FIELDS numfields field [field ...]
pub fn hpexpireat(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    hexpire_generic(ctx, args, false, false, "hpexpireat")
}

/// Per field: -2 missing, -1 no TTL, else `f(deadline, now)`.
fn httl_generic(
    ctx: &mut Ctx,
    args: &Args,
    f: impl Fn(u64, u64) -> i64,
) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let m = lookup_hash(ctx, key, true)?;
    let first = fields_arg(args, 2, CmdError::NumFieldsNotPositiveInteger)?;
    let mut out = Vec::with_capacity(args.len() - first);
    for i in first..args.len() {
        let cur = match &m {
            Some(m) => get_field(ctx, key, m, args.get(i))?,
            None => None,
        };
        out.push(Reply::Int(match cur {
            None => -2,
            Some((0, _)) => -1,
            Some((at, _)) => f(at, ctx.now_ms),
        }));
    }
    Ok(Reply::Array(out))
}

/// HTTL key FIELDS numfields field [field ...]
pub fn httl(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    httl_generic(ctx, args, |at, now| (at - now).div_ceil(1000) as i64)
}

/// HPTTL key FIELDS numfields field [field ...]
pub fn hpttl(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    httl_generic(ctx, args, |at, now| (at - now) as i64)
}

/// HEXPIRETIME key FIELDS numfields field [field ...]
pub fn hexpiretime(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    httl_generic(ctx, args, |at, _| (at.div_ceil(1000)) as i64)
}

/// HPEXPIRETIME key FIELDS numfields field [field ...]
pub fn hpexpiretime(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    httl_generic(ctx, args, |at, _| at as i64)
}

/// HPERSIST key FIELDS numfields field [field ...]
pub fn hpersist(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let old = lookup_hash(ctx, key, false)?;
    let first = fields_arg(args, 2, CmdError::NumFieldsNotPositiveInteger)?;
    let Some(m) = old else {
        return Ok(Reply::Array(vec![Reply::Int(-2); args.len() - first]));
    };
    let mut edit = HashEdit::new(ctx, Some(m))?;
    let mut out = Vec::with_capacity(args.len() - first);
    let mut done = HashSet::new();
    for i in first..args.len() {
        let f = args.get(i);
        out.push(Reply::Int(match get_field(ctx, key, &edit.meta, f)? {
            None => -2,
            Some((0, _)) => -1,
            Some(_) if done.contains(f) => -1,
            Some((at, v)) => {
                edit.set(ctx, key, f, &v, Some(at), 0);
                done.insert(f);
                1
            }
        }));
    }
    edit.finish(ctx, key)?;
    if !done.is_empty() {
        ctx.notify(notify::HASH, "hpersist", key);
    }
    Ok(Reply::Array(out))
}
