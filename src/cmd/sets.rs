//! Set commands: SADD/SREM and membership, random members, the algebra (SINTER/SUNION/SDIFF
//! and their STORE forms, SINTERCARD), SMOVE and SSCAN.
//!
//! A set is a metadata record (`Kind::Set`, `version`, `size` = cardinality) plus one `data`
//! subkey per member, `member -> ""`, in byte order. So SCARD reads only the metadata, SISMEMBER
//! is one point lookup, and replies list members in byte order (Redis' order is unspecified).
//!
//! Invariants:
//! - `size` is the exact number of live member subkeys; a set never has size 0: removing the
//!   last member deletes the key.
//! - The encoding byte records what OBJECT ENCODING reports, with Redis 7.0's one-way rule:
//!   "intset" while every member ever added was an integer and the size stayed within
//!   `set-max-intset-entries` (512), then "hashtable" for good.
//! - The batch does not overlay subkeys, so a command never reads back a member it wrote;
//!   each handler tracks its own additions and removals.
//! - The body counts the members removed from this version (`dead:u64`, big-endian; empty =
//!   0). Each removal leaves a tombstone that random seeks (SPOP, SRANDMEMBER) and scans must
//!   step over until compaction, so a set draining through SPOP would make every pop slower:
//!   each time the count passes another step of [`SPARSE_MIN`] or half the set's size, the
//!   set's range is queued for compaction ([`strata_storage::Engine::request_compaction`]).

use super::args::parse_i64;
use super::{Args, CmdError, Ctx};
use crate::notify;
use crate::resp::Reply;
use bytes::Bytes;
use rand::Rng;
use std::collections::{BTreeSet, HashSet};
use strata_storage::metadata::{ENC_SET_HASHTABLE, ENC_SET_INTSET};
use strata_storage::{Kind, Meta, SubCursor};

/// See the module doc: removals between two compactions of a set's range.
const SPARSE_MIN: u64 = 4096;
/// Redis 7.0's `set-max-intset-entries` default.
const MAX_INTSET_ENTRIES: u64 = 512;
/// Sets up to this size are sampled by reading them whole (exactly uniform); bigger ones by
/// seeking to random positions ([`strata_storage::Engine::random_sub`]).
const SMALL_SET: u64 = 128;
/// A distinct sample of more than 1/3 of a set reads the whole set (as Redis does).
const WHOLE_SET_FRACTION: u64 = 3;

fn bulk(m: Vec<u8>) -> Reply {
    Reply::Bulk(Bytes::from(m))
}

fn is_int(member: &[u8]) -> bool {
    parse_i64(member).is_some()
}

/// The encoding a set keeps after growing to `size` with members that include `member`.
fn encoding_after_add(enc: u8, size: u64, member: &[u8]) -> u8 {
    if enc == ENC_SET_INTSET && (size > MAX_INTSET_ENTRIES || !is_int(member)) {
        ENC_SET_HASHTABLE
    } else {
        enc
    }
}

/// What OBJECT ENCODING reports for a set record.
pub fn object_encoding(m: &Meta) -> &'static str {
    if m.encoding == ENC_SET_INTSET {
        "intset"
    } else {
        "hashtable"
    }
}

/// The live set at `key`, or WRONGTYPE if it holds another type.
fn lookup_set(ctx: &mut Ctx, key: &[u8], read: bool) -> Result<Option<Meta>, CmdError> {
    ctx.lookup_kind(key, Kind::Set, read)
}

/// Every member of a set, in byte order.
fn all_members(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<Vec<Vec<u8>>, CmdError> {
    if let Some(all) = ctx.batch.set_members(ctx.db, key, m.version, m.size)? {
        return Ok(all.to_vec());
    }
    let mut out = Vec::with_capacity(m.size.min(1 << 20) as usize);
    ctx.batch.scan_subs(ctx.db, key, m.version, &[], |k, _| {
        out.push(k.to_vec());
        true
    })?;
    Ok(out)
}

/// Members of an intset-encoded set in numeric order, the order Redis' intset keeps them in
/// and replies with (they are stored in byte order, where "10" comes before "2").
fn intset_order(m: &Meta, members: &mut [Vec<u8>]) {
    if m.encoding == ENC_SET_INTSET {
        members.sort_by_cached_key(|v| super::args::parse_i64(v));
    }
}

/// Every member of the set `m` of `key`, in the order SMEMBERS lists them.
pub(super) fn members_in_order(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<Vec<Vec<u8>>, CmdError> {
    let mut all = all_members(ctx, key, m)?;
    intset_order(m, &mut all);
    Ok(all)
}

fn has_member(ctx: &Ctx, key: &[u8], m: &Meta, member: &[u8]) -> Result<bool, CmdError> {
    Ok(ctx.batch.get_sub(ctx.db, key, m.version, member)?.is_some())
}

/// A fresh, empty set record.
fn new_set(ctx: &Ctx) -> Result<Meta, CmdError> {
    let mut m = Meta::collection(Kind::Set, ctx.batch.new_version()?);
    m.encoding = ENC_SET_INTSET;
    Ok(m)
}

/// Adds members to the set `cur` (None = create it). Returns the new record and how many were
/// new; the caller writes the record.
pub(super) fn add_members<'m>(
    ctx: &mut Ctx,
    key: &[u8],
    cur: Option<&Meta>,
    members: impl Iterator<Item = &'m [u8]>,
) -> Result<(Meta, i64), CmdError> {
    let mut m = match cur {
        Some(m) => m.clone(),
        None => new_set(ctx)?,
    };
    let existed = cur.is_some();
    let mut seen = HashSet::new();
    let mut added = 0;
    for member in members {
        if !seen.insert(member) || (existed && has_member(ctx, key, &m, member)?) {
            continue;
        }
        ctx.batch.put_sub(ctx.db, key, m.version, member, b"");
        m.size += 1;
        m.encoding = encoding_after_add(m.encoding, m.size, member);
        added += 1;
    }
    Ok((m, added))
}

fn dead_members(m: &Meta) -> u64 {
    m.body.as_slice().try_into().map_or(0, u64::from_be_bytes)
}

/// Removes `members` (present and distinct) from the set `cur` of `key` and writes the result
/// (asking for a compaction when tombstones pile up, see the module doc). Returns whether that
/// deleted the key.
fn remove_members(
    ctx: &mut Ctx,
    key: &[u8],
    cur: &Meta,
    members: &[Vec<u8>],
) -> Result<bool, CmdError> {
    let mut new = cur.clone();
    for member in members {
        ctx.batch.delete_sub(ctx.db, key, cur.version, member);
    }
    new.size -= members.len() as u64;
    let before = dead_members(cur);
    let dead = before + members.len() as u64;
    new.body = dead.to_be_bytes().to_vec();
    let step = SPARSE_MIN.max(new.size / 2);
    if new.size > 0 && before / step != dead / step {
        ctx.server
            .engine
            .request_compaction(ctx.db, key, cur.version);
    }
    Ok(save(ctx, key, new, Some(cur)))
}

/// Writes the set record `new` for `key` (whose live record was `old`), or deletes the key if
/// the set became empty.
fn save(ctx: &mut Ctx, key: &[u8], new: Meta, old: Option<&Meta>) -> bool {
    if new.size == 0 {
        if let Some(old) = old {
            ctx.remove(key, old);
            return true;
        }
    } else {
        ctx.put(key, new, old);
    }
    false
}

/// Announces a set event (and "del" if the command emptied the set).
fn announce(ctx: &mut Ctx, event: &'static str, key: &[u8], deleted: bool) {
    ctx.notify_then_del(notify::SET, event, key, deleted);
}

/// SADD key member [member ...]
pub fn sadd(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let cur = lookup_set(ctx, key, false)?;
    let (new, added) = add_members(ctx, key, cur.as_ref(), (2..args.len()).map(|i| args.get(i)))?;
    if added > 0 {
        ctx.put(key, new, cur.as_ref());
        announce(ctx, "sadd", key, false);
    }
    Ok(Reply::Int(added))
}

/// SREM key member [member ...]
pub fn srem(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(cur) = lookup_set(ctx, key, false)? else {
        return Ok(Reply::Int(0));
    };
    let mut seen = HashSet::new();
    let mut gone = Vec::new();
    for i in 2..args.len() {
        let member = args.get(i);
        if seen.insert(member) && has_member(ctx, key, &cur, member)? {
            gone.push(member.to_vec());
        }
    }
    if !gone.is_empty() {
        let deleted = remove_members(ctx, key, &cur, &gone)?;
        announce(ctx, "srem", key, deleted);
    }
    Ok(Reply::Int(gone.len() as i64))
}

/// SCARD key
pub fn scard(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let m = lookup_set(ctx, args.get(1), true)?;
    Ok(Reply::Int(m.map_or(0, |m| m.size as i64)))
}

/// SISMEMBER key member
pub fn sismember(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let found = match lookup_set(ctx, key, true)? {
        Some(m) => has_member(ctx, key, &m, args.get(2))?,
        None => false,
    };
    Ok(Reply::Int(found as i64))
}

/// SMISMEMBER key member [member ...]
pub fn smismember(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let m = lookup_set(ctx, key, true)?;
    let mut out = Vec::with_capacity(args.len() - 2);
    for i in 2..args.len() {
        let found = match &m {
            Some(m) => has_member(ctx, key, m, args.get(i))?,
            None => false,
        };
        out.push(Reply::Int(found as i64));
    }
    Ok(Reply::Array(out))
}

/// SMEMBERS key
pub fn smembers(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let members = match lookup_set(ctx, key, true)? {
        Some(m) => members_in_order(ctx, key, &m)?,
        None => Vec::new(),
    };
    Ok(Reply::Set(members.into_iter().map(bulk).collect()))
}

/// One random member of a non-empty set: exactly uniform for small sets, by a random seek
/// (distribution documented at `Engine::random_sub`) for big ones.
fn random_member(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<Vec<u8>, CmdError> {
    // Random seeks cannot see a transaction's uncommitted members: read those sets whole.
    if m.size <= SMALL_SET || ctx.batch.has_pending_subs(ctx.db, key, m.version) {
        let mut all = all_members(ctx, key, m)?;
        if !all.is_empty() {
            let i = rand::rng().random_range(0..all.len());
            return Ok(all.swap_remove(i));
        }
    }
    let mut rng = rand::rng();
    let found = ctx
        .server
        .engine
        .random_sub(ctx.db, key, m.version, &mut |lo, hi| {
            rng.random_range(lo..=hi)
        })?;
    found.ok_or_else(|| CmdError::Storage("set metadata says non-empty but no member".into()))
}

/// `count` distinct random members of a set with more than `count` members.
fn distinct_sample(ctx: &Ctx, key: &[u8], m: &Meta, count: u64) -> Result<Vec<Vec<u8>>, CmdError> {
    let mut rng = rand::rng();
    if m.size <= SMALL_SET || count.saturating_mul(WHOLE_SET_FRACTION) > m.size {
        let mut all = all_members(ctx, key, m)?;
        // A partial Fisher-Yates shuffle: the first `count` are a uniform sample.
        for i in 0..count as usize {
            let j = rng.random_range(i..all.len());
            all.swap(i, j);
        }
        all.truncate(count as usize);
        return Ok(all);
    }
    let mut picked: BTreeSet<Vec<u8>> = BTreeSet::new();
    let mut out = Vec::with_capacity(count as usize);
    // Random seeks favour members in sparse regions, so repeats can be frequent; after a
    // bounded number of draws, fill up with the members that follow a random one.
    let mut draws = count * 8 + 64;
    while (out.len() as u64) < count && draws > 0 {
        draws -= 1;
        let member = random_member(ctx, key, m)?;
        if picked.insert(member.clone()) {
            out.push(member);
        }
    }
    if (out.len() as u64) < count {
        let from = random_member(ctx, key, m)?;
        for start in [from, Vec::new()] {
            ctx.batch
                .scan_subs(ctx.db, key, m.version, &start, |k, _| {
                    if !picked.contains(k) {
                        picked.insert(k.to_vec());
                        out.push(k.to_vec());
                    }
                    (out.len() as u64) < count
                })?;
        }
    }
    Ok(out)
}

/// SRANDMEMBER key [count]
pub fn srandmember(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.len() > 3 {
        return Err(CmdError::Syntax);
    }
    let count = if args.len() == 3 {
        Some(super::rand_count_fits(super::rand_count(args, 2)?, false)?)
    } else {
        None
    };
    let key = args.get(1);
    let m = lookup_set(ctx, key, true)?;
    let Some(count) = count else {
        return Ok(match m {
            Some(m) => bulk(random_member(ctx, key, &m)?),
            None => Reply::Nil,
        });
    };
    let Some(m) = m else {
        return Ok(Reply::Array(Vec::new()));
    };
    let out = if count >= 0 {
        if count as u64 >= m.size {
            all_members(ctx, key, &m)?
        } else {
            distinct_sample(ctx, key, &m, count as u64)?
        }
    } else {
        let n = count.unsigned_abs();
        let mut out = Vec::with_capacity(n.min(1 << 20) as usize);
        if m.size <= SMALL_SET || n * 2 >= m.size {
            let all = all_members(ctx, key, &m)?;
            let mut rng = rand::rng();
            for _ in 0..n {
                out.push(all[rng.random_range(0..all.len())].clone());
            }
        } else {
            for _ in 0..n {
                out.push(random_member(ctx, key, &m)?);
            }
        }
        out
    };
    Ok(Reply::Array(out.into_iter().map(bulk).collect()))
}

/// The encoding of the set `m` of `key` once `popped` are gone. When an SPOP leaves at most a
/// fifth of what it takes, Redis 7.0 rebuilds the set from the survivors rather than removing
/// the popped members, so a "hashtable" set whose survivors are all integers (and few enough)
/// turns back into an "intset".
fn encoding_after_large_pop(
    ctx: &Ctx,
    key: &[u8],
    m: &Meta,
    popped: &[Vec<u8>],
) -> Result<u8, CmdError> {
    let remaining = m.size - popped.len() as u64;
    if m.encoding == ENC_SET_INTSET || remaining * 5 > popped.len() as u64 {
        return Ok(m.encoding);
    }
    if remaining > MAX_INTSET_ENTRIES {
        return Ok(ENC_SET_HASHTABLE);
    }
    let popped: HashSet<&[u8]> = popped.iter().map(Vec::as_slice).collect();
    let all_ints = all_members(ctx, key, m)?
        .iter()
        .filter(|v| !popped.contains(v.as_slice()))
        .all(|v| is_int(v));
    Ok(if all_ints {
        ENC_SET_INTSET
    } else {
        ENC_SET_HASHTABLE
    })
}

/// SPOP key [count]
pub fn spop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.len() > 3 {
        return Err(CmdError::Syntax);
    }
    let count = if args.len() == 3 {
        match parse_i64(args.get(2)) {
            Some(c) if c >= 0 => Some(c as u64),
            _ => return Err(CmdError::PopCountOutOfRange),
        }
    } else {
        None
    };
    let key = args.get(1);
    let m = lookup_set(ctx, key, false)?;
    let Some(m) = m else {
        return Ok(match count {
            Some(_) => Reply::Set(Vec::new()),
            None => Reply::Nil,
        });
    };
    let n = match count {
        None => 1,
        Some(0) => return Ok(Reply::Set(Vec::new())),
        Some(n) if n >= m.size => {
            let all = all_members(ctx, key, &m)?;
            ctx.remove(key, &m);
            announce(ctx, "spop", key, true);
            return Ok(Reply::Set(all.into_iter().map(bulk).collect()));
        }
        Some(n) => n,
    };
    let mut rng = rand::rng();
    let dealt = ctx
        .batch
        .deck_pop(ctx.db, key, m.version, m.size, n, &mut |lo, hi| {
            rng.random_range(lo..=hi)
        })?;
    let popped = match dealt {
        Some(popped) => popped,
        None if count.is_none() => vec![random_member(ctx, key, &m)?],
        None => distinct_sample(ctx, key, &m, n)?,
    };
    let mut base = m.clone();
    base.encoding = encoding_after_large_pop(ctx, key, &m, &popped)?;
    let deleted = remove_members(ctx, key, &base, &popped)?;
    announce(ctx, "spop", key, deleted);
    Ok(match count {
        None => popped.into_iter().next().map_or(Reply::Nil, bulk),
        Some(_) => Reply::Set(popped.into_iter().map(bulk).collect()),
    })
}

/// SMOVE source destination member
pub fn smove(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (src, dst, member) = (args.get(1), args.get(2), args.get(3));
    // A missing source answers 0 before either type is checked, as in Redis.
    let src_m = ctx.lookup(src)?;
    let dst_m = ctx.lookup(dst)?;
    let Some(src_m) = src_m else {
        return Ok(Reply::Int(0));
    };
    if src_m.kind != Kind::Set || dst_m.as_ref().is_some_and(|m| m.kind != Kind::Set) {
        return Err(CmdError::WrongType);
    }
    if !has_member(ctx, src, &src_m, member)? {
        return Ok(Reply::Int(0));
    }
    if src == dst {
        return Ok(Reply::Int(1));
    }
    let deleted = remove_members(ctx, src, &src_m, &[member.to_vec()])?;
    announce(ctx, "srem", src, deleted);
    let (new_dst, added) = add_members(ctx, dst, dst_m.as_ref(), std::iter::once(member))?;
    if added > 0 {
        ctx.put(dst, new_dst, dst_m.as_ref());
        announce(ctx, "sadd", dst, false);
    }
    Ok(Reply::Int(1))
}

/// A source key of an algebra command and its live set (`None` = missing, an empty set).
type Source = (Vec<u8>, Option<Meta>);

/// The source sets of an algebra command, looked up in argument order; every key is type-checked
/// even after a missing one, as Redis 7.0 does. `None` entries are missing keys.
fn source_sets(
    ctx: &mut Ctx,
    args: &Args,
    keys: std::ops::Range<usize>,
) -> Result<Vec<Source>, CmdError> {
    let mut out = Vec::with_capacity(keys.len());
    for i in keys {
        let key = args.get(i);
        out.push((key.to_vec(), lookup_set(ctx, key, true)?));
    }
    Ok(out)
}

/// Members of every source in byte order (missing keys: none), from the set cache, when every
/// source is small enough for it; `None` otherwise (the caller then works on disk).
fn cached_sources(ctx: &Ctx, sets: &[Source]) -> Result<Option<Vec<Members>>, CmdError> {
    let mut out = Vec::with_capacity(sets.len());
    for (key, m) in sets {
        match m {
            None => out.push(Members::default()),
            Some(m) => match ctx.batch.set_members(ctx.db, key, m.version, m.size)? {
                Some(all) => out.push(all),
                None => return Ok(None),
            },
        }
    }
    Ok(Some(out))
}

/// Members of one set, shared with the set cache.
type Members = std::sync::Arc<Vec<Vec<u8>>>;

/// Whether the sorted `members` hold `m`, moving `*at` (a position before which nothing is
/// `>= m`, as members are asked in ascending order) forward: a galloping merge join.
fn holds(members: &[Vec<u8>], at: &mut usize, m: &[u8]) -> bool {
    *at += members[*at..].partition_point(|x| x.as_slice() < m);
    members.get(*at).is_some_and(|x| x.as_slice() == m)
}

/// The intersection, in byte order, stopping after `limit` members (0 = no limit). Iterates
/// the smallest set and probes the others (in memory when the set cache holds them all, else
/// with ordered cursors on disk: a merge join either way).
fn intersect(ctx: &Ctx, sets: &[Source], limit: u64) -> Result<Vec<Vec<u8>>, CmdError> {
    if sets.is_empty() || sets.iter().any(|(_, m)| m.is_none()) {
        return Ok(Vec::new());
    }
    if let Some(mut lists) = cached_sources(ctx, sets)? {
        lists.sort_by_key(|l| l.len());
        let (first, rest) = lists.split_first().expect("at least one set");
        let mut at = vec![0; rest.len()];
        let mut out = Vec::new();
        for m in first.iter() {
            if rest
                .iter()
                .zip(at.iter_mut())
                .all(|(other, i)| holds(other, i, m))
            {
                out.push(m.clone());
                if limit > 0 && out.len() as u64 >= limit {
                    break;
                }
            }
        }
        return Ok(out);
    }
    let mut order: Vec<(&[u8], &Meta)> = sets
        .iter()
        .map(|(k, m)| (k.as_slice(), m.as_ref().expect("checked above")))
        .collect();
    order.sort_by_key(|(_, m)| m.size);
    let (small_key, small) = order[0];
    let mut cursors: Vec<SubCursor> = order[1..]
        .iter()
        .filter(|(k, m)| !(*k == small_key && m.version == small.version))
        .map(|(k, m)| ctx.batch.sub_cursor(ctx.db, k, m.version))
        .collect();
    let mut out = Vec::new();
    let mut err = None;
    ctx.batch
        .scan_subs(ctx.db, small_key, small.version, &[], |member, _| {
            for c in cursors.iter_mut() {
                match c.contains(member) {
                    Ok(true) => {}
                    Ok(false) => return true,
                    Err(e) => {
                        err = Some(e);
                        return false;
                    }
                }
            }
            out.push(member.to_vec());
            limit == 0 || (out.len() as u64) < limit
        })?;
    if let Some(e) = err {
        return Err(e.into());
    }
    Ok(out)
}

fn union(ctx: &Ctx, sets: &[Source]) -> Result<Vec<Vec<u8>>, CmdError> {
    if let Some(lists) = cached_sources(ctx, sets)? {
        let mut out: Vec<Vec<u8>> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
        out.sort_unstable();
        out.dedup();
        return Ok(out);
    }
    let mut out = BTreeSet::new();
    for (key, m) in sets {
        if let Some(m) = m {
            ctx.batch.scan_subs(ctx.db, key, m.version, &[], |k, _| {
                if !out.contains(k) {
                    out.insert(k.to_vec());
                }
                true
            })?;
        }
    }
    Ok(out.into_iter().collect())
}

/// Members of the first set in none of the others: iterates the first, probes the others.
fn difference(ctx: &Ctx, sets: &[Source]) -> Result<Vec<Vec<u8>>, CmdError> {
    let Some((first_key, Some(first))) = sets.first() else {
        return Ok(Vec::new());
    };
    if let Some(lists) = cached_sources(ctx, sets)? {
        let (head, rest) = lists.split_first().expect("a first set");
        let mut at = vec![0; rest.len()];
        return Ok(head
            .iter()
            .filter(|m| {
                !rest
                    .iter()
                    .zip(at.iter_mut())
                    .any(|(other, i)| holds(other, i, m))
            })
            .cloned()
            .collect());
    }
    let mut cursors = Vec::new();
    for (k, m) in &sets[1..] {
        if let Some(m) = m {
            if k == first_key && m.version == first.version {
                // SDIFF a ... a: nothing survives.
                return Ok(Vec::new());
            }
            cursors.push(ctx.batch.sub_cursor(ctx.db, k, m.version));
        }
    }
    let mut out = Vec::new();
    let mut err = None;
    ctx.batch
        .scan_subs(ctx.db, first_key, first.version, &[], |member, _| {
            for c in cursors.iter_mut() {
                match c.contains(member) {
                    Ok(false) => {}
                    Ok(true) => return true,
                    Err(e) => {
                        err = Some(e);
                        return false;
                    }
                }
            }
            out.push(member.to_vec());
            true
        })?;
    if let Some(e) = err {
        return Err(e.into());
    }
    Ok(out)
}

#[derive(Clone, Copy)]
enum Op {
    Inter,
    Union,
    Diff,
}

fn compute(ctx: &Ctx, op: Op, sets: &[Source]) -> Result<Vec<Vec<u8>>, CmdError> {
    match op {
        Op::Inter => intersect(ctx, sets, 0),
        Op::Union => union(ctx, sets),
        Op::Diff => difference(ctx, sets),
    }
}

fn algebra(ctx: &mut Ctx, args: &Args, op: Op) -> Result<Reply, CmdError> {
    let sets = source_sets(ctx, args, 1..args.len())?;
    let out = compute(ctx, op, &sets)?;
    Ok(Reply::Set(out.into_iter().map(bulk).collect()))
}

/// Writes `members` as the new value of `dst` (replacing whatever it held) in this command's
/// batch, or deletes `dst` when there are none. Returns the cardinality.
fn store(
    ctx: &mut Ctx,
    dst: &[u8],
    members: Vec<Vec<u8>>,
    event: &'static str,
) -> Result<Reply, CmdError> {
    let old = ctx.lookup(dst)?;
    let n = members.len() as i64;
    if members.is_empty() {
        if let Some(old) = old {
            ctx.remove(dst, &old);
            ctx.notify(notify::GENERIC, "del", dst);
        }
        return Ok(Reply::Int(0));
    }
    let mut m = new_set(ctx)?;
    for member in &members {
        ctx.batch.put_sub(ctx.db, dst, m.version, member, b"");
        m.size += 1;
        m.encoding = encoding_after_add(m.encoding, m.size, member);
    }
    ctx.put(dst, m, old.as_ref());
    announce(ctx, event, dst, false);
    Ok(Reply::Int(n))
}

fn algebra_store(ctx: &mut Ctx, args: &Args, op: Op) -> Result<Reply, CmdError> {
    let sets = source_sets(ctx, args, 2..args.len())?;
    let out = compute(ctx, op, &sets)?;
    let event = match op {
        Op::Inter => "sinterstore",
        Op::Union => "sunionstore",
        Op::Diff => "sdiffstore",
    };
    store(ctx, args.get(1), out, event)
}

/// SINTER key [key ...]
pub fn sinter(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra(ctx, args, Op::Inter)
}

/// SUNION key [key ...]
pub fn sunion(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra(ctx, args, Op::Union)
}

/// SDIFF key [key ...]
pub fn sdiff(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra(ctx, args, Op::Diff)
}

/// SINTERSTORE destination key [key ...]
pub fn sinterstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra_store(ctx, args, Op::Inter)
}

/// SUNIONSTORE destination key [key ...]
pub fn sunionstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra_store(ctx, args, Op::Union)
}

/// SDIFFSTORE destination key [key ...]
pub fn sdiffstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra_store(ctx, args, Op::Diff)
}

/// SINTERCARD numkeys key [key ...] [LIMIT limit]
pub fn sintercard(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let numkeys = match parse_i64(args.get(1)) {
        Some(n) if n > 0 => n as u64,
        _ => return Err(CmdError::NumkeysNotPositive),
    };
    if numkeys > (args.len() - 2) as u64 {
        return Err(CmdError::NumkeysTooMany);
    }
    let first = 2;
    let end = first + numkeys as usize;
    let mut limit = 0u64;
    let mut i = end;
    while i < args.len() {
        if args.is(i, "limit") && i + 1 < args.len() {
            limit = match parse_i64(args.get(i + 1)) {
                Some(l) if l >= 0 => l as u64,
                _ => return Err(CmdError::LimitNegative),
            };
            i += 2;
        } else {
            return Err(CmdError::Syntax);
        }
    }
    let sets = source_sets(ctx, args, first..end)?;
    Ok(Reply::Int(intersect(ctx, &sets, limit)?.len() as i64))
}

/// SSCAN key cursor [MATCH pattern] [COUNT count]
pub fn sscan(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let cursor = super::keys::parse_cursor(args.get(2)).ok_or(CmdError::InvalidCursor)?;
    let key = args.get(1);
    // As Redis: the key (missing, another type) answers before the options are read.
    let Some(m) = lookup_set(ctx, key, true)? else {
        return Ok(Reply::Array(vec![
            bulk(b"0".to_vec()),
            Reply::Array(Vec::new()),
        ]));
    };
    let super::keys::ScanOptions { pattern, count, .. } =
        super::keys::scan_options(args, 3, false)?;
    let db = ctx.db;
    let prefix = strata_storage::keys::data_prefix(db, key, m.version);
    // Like Redis' compact encodings, an intset is returned whole in one call.
    let one_shot = m.encoding == ENC_SET_INTSET;
    let from = if one_shot {
        Vec::new()
    } else {
        let raw = ctx.server.scan_cursors.resume_point(db, cursor);
        // An unknown cursor (or one of another key or version) starts over.
        raw.strip_prefix(prefix.as_slice())
            .map(|s| s.to_vec())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut examined = 0i64;
    let mut next = None;
    ctx.batch.scan_subs(db, key, m.version, &from, |k, _| {
        if !one_shot && examined >= count {
            next = Some(k.to_vec());
            return false;
        }
        examined += 1;
        if pattern
            .as_deref()
            .is_none_or(|p| crate::glob::glob_match(p, k, false))
        {
            out.push(k.to_vec());
        }
        true
    })?;
    intset_order(&m, &mut out);
    let out = out.into_iter().map(bulk).collect();
    let next_cursor = match next {
        Some(member) => {
            let mut raw = prefix;
            raw.extend_from_slice(&member);
            ctx.server.scan_cursors.save(raw)
        }
        None => 0,
    };
    Ok(Reply::Array(vec![
        bulk(next_cursor.to_string().into_bytes()),
        Reply::Array(out),
    ]))
}
