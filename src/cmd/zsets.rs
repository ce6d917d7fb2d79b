//! Sorted-set commands: ZADD and score updates, ranks, range queries by rank, score and lex
//! (and their STORE and REM forms), pops (with the blocking forms), random members, the algebra
//! (ZUNION/ZINTER/ZDIFF, their STORE forms, ZINTERCARD) and ZSCAN.
//!
//! Storage is `strata_storage::types::zset`: member → score, an index in (score, member) order
//! and counted rank blocks, so a score or lex range is a seek plus one step per element and a
//! rank costs O(blocks + block size) (about 2,000 + 1,024 steps on a 1M-member zset).
//!
//! Every change goes through one [`ZsetEdit`] per key and command, which remembers what the
//! command changed (the batch does not read back its own subkey writes) and writes the member
//! records, index entries and rank blocks at the end.
//!
//! Invariant: an emptied zset is deleted in the same batch (EXISTS 0, TYPE none).

use super::{Args, CmdError, Ctx};
use crate::notify;
use crate::resp::Reply;
use bytes::Bytes;
use rand::Rng;
use std::collections::HashMap;
use strata_storage::types::zset::{decode_score, Pos, Zset, ZsetEdit, ENC_LISTPACK};
use strata_storage::{Kind, Meta};

/// A distinct ZRANDMEMBER sample of more than 1/3 of the zset reads it whole (as Redis does).
const WHOLE_ZSET_FRACTION: u64 = 3;

/// `(member, score)` pairs in reply order.
type Entries = Vec<(Vec<u8>, f64)>;

fn bulk(v: &[u8]) -> Reply {
    Reply::Bulk(Bytes::copy_from_slice(v))
}

/// What OBJECT ENCODING reports for a zset record.
pub fn object_encoding(m: &Meta) -> &'static str {
    if m.encoding == ENC_LISTPACK {
        "listpack"
    } else {
        "skiplist"
    }
}

/// The live zset at `key`, or WRONGTYPE if it holds another type.
pub(super) fn lookup_zset(
    ctx: &mut Ctx,
    key: &[u8],
    read: bool,
) -> Result<Option<(Meta, Zset)>, CmdError> {
    match ctx.lookup_kind(key, Kind::ZSet, read)? {
        Some(m) => {
            let z = Zset::of(&m)?;
            Ok(Some((m, z)))
        }
        None => Ok(None),
    }
}

/// An edit of the zset `cur` of `key`, or of a new empty one.
pub(super) fn edit(ctx: &Ctx, key: &[u8], cur: Option<&Meta>) -> Result<ZsetEdit, CmdError> {
    Ok(match cur {
        Some(m) => ZsetEdit::new(ctx.db, key, m.clone(), true)?,
        None => ZsetEdit::new(
            ctx.db,
            key,
            Meta::collection(Kind::ZSet, ctx.batch.new_version()?),
            false,
        )?,
    })
}

/// Writes an edit of `key` (live record `old`): the new record, or a delete if it emptied the
/// zset. Returns `(changed, deleted)`.
pub(super) fn save(
    ctx: &mut Ctx,
    key: &[u8],
    e: ZsetEdit,
    old: Option<&Meta>,
) -> Result<(bool, bool), CmdError> {
    let (new, changed) = e.finish(&mut ctx.batch)?;
    if !changed {
        return Ok((false, false));
    }
    if new.size == 0 {
        if let Some(old) = old {
            ctx.remove(key, old);
            return Ok((true, true));
        }
        return Ok((false, false));
    }
    ctx.put(key, new, old);
    Ok((true, false))
}

/// Writes `items` as the whole new value of `dst` (replacing whatever it held), or deletes
/// `dst` when there are none, announcing `event` (or "del"). Returns the cardinality.
pub(super) fn store(
    ctx: &mut Ctx,
    dst: &[u8],
    items: &[(Vec<u8>, f64)],
    event: &'static str,
) -> Result<Reply, CmdError> {
    let old = ctx.lookup(dst)?;
    if items.is_empty() {
        if let Some(old) = old {
            ctx.remove(dst, &old);
            ctx.notify(notify::GENERIC, "del", dst);
        }
        return Ok(Reply::Int(0));
    }
    let mut e = edit(ctx, dst, None)?;
    for (member, score) in items {
        e.set(&ctx.batch, member, *score)?;
    }
    let n = e.size() as i64;
    let (new, _) = e.finish(&mut ctx.batch)?;
    ctx.put(dst, new, old.as_ref());
    ctx.notify(notify::ZSET, event, dst);
    Ok(Reply::Int(n))
}

/// Copies the zset `m` of `(src_db, src)` to a new record for `(dst_db, dst)` (COPY, RENAME,
/// MOVE): its members, index and rank blocks are rebuilt under a fresh version.
pub(super) fn copy_zset(
    ctx: &mut Ctx,
    src_db: u8,
    src: &[u8],
    m: &Meta,
    dst_db: u8,
    dst: &[u8],
) -> Result<Meta, CmdError> {
    let z = Zset::of(m)?;
    let mut items = Vec::with_capacity(z.size.min(1 << 20) as usize);
    scan(
        ctx,
        src_db,
        src,
        &z,
        &Pos::start(),
        false,
        z.size,
        &mut items,
    )?;
    let fresh = Meta {
        version: ctx.batch.new_version()?,
        size: 0,
        body: Vec::new(),
        ..m.clone()
    };
    let mut e = ZsetEdit::new(dst_db, dst, fresh, false)?;
    for (member, score) in &items {
        e.set(&ctx.batch, member, *score)?;
    }
    Ok(e.finish(&mut ctx.batch)?.0)
}

/// Appends up to `limit` entries from the cut `from` (reverse: before it) to `out`.
#[allow(clippy::too_many_arguments)]
fn scan(
    ctx: &Ctx,
    db: u8,
    key: &[u8],
    z: &Zset,
    from: &Pos,
    rev: bool,
    limit: u64,
    out: &mut Vec<(Vec<u8>, f64)>,
) -> Result<(), CmdError> {
    if limit == 0 {
        return Ok(());
    }
    let mut n = 0;
    ctx.batch.zscan(db, key, z, from, rev, |score, member| {
        out.push((member.to_vec(), score));
        n += 1;
        n < limit
    })?;
    Ok(())
}

/// Every entry of a zset, in order.
fn whole(ctx: &Ctx, key: &[u8], z: &Zset) -> Result<Entries, CmdError> {
    let mut all = Vec::with_capacity(z.size.min(1 << 20) as usize);
    scan(ctx, ctx.db, key, z, &Pos::start(), false, z.size, &mut all)?;
    Ok(all)
}

/// A reply listing members, with their scores when `withscores`: RESP2 a flat array, RESP3 an
/// array of `[member, score]` pairs (as Redis 7.0 answers ZRANGE ... WITHSCORES).
fn members_reply(ctx: &Ctx, items: Vec<(Vec<u8>, f64)>, withscores: bool) -> Reply {
    if !withscores {
        return Reply::Array(items.iter().map(|(m, _)| bulk(m)).collect());
    }
    if ctx.client.resp3 {
        Reply::Array(
            items
                .iter()
                .map(|(m, s)| Reply::Array(vec![bulk(m), Reply::Double(*s)]))
                .collect(),
        )
    } else {
        let mut out = Vec::with_capacity(items.len() * 2);
        for (m, s) in &items {
            out.push(bulk(m));
            out.push(Reply::Double(*s));
        }
        Reply::Array(out)
    }
}

// ---------------------------------------------------------------------------------------------
// ZADD and single-member commands

/// The options of ZADD.
#[derive(Default)]
pub(super) struct AddFlags {
    pub(super) nx: bool,
    pub(super) xx: bool,
    pub(super) gt: bool,
    pub(super) lt: bool,
    pub(super) ch: bool,
    pub(super) incr: bool,
}

/// What one ZADD/ZINCRBY element did.
enum Outcome {
    Added(f64),
    Updated(f64),
    /// Already at this score: no change, but INCR replies the score.
    Kept(f64),
    /// Refused by NX, XX, GT or LT: INCR replies nil.
    Skipped,
}

/// Applies one element with Redis' ZADD rules.
fn add_one(
    ctx: &Ctx,
    e: &mut ZsetEdit,
    f: &AddFlags,
    member: &[u8],
    score: f64,
) -> Result<Outcome, CmdError> {
    let before = e.score(&ctx.batch, member)?;
    match before {
        Some(cur) => {
            if f.nx {
                return Ok(Outcome::Skipped);
            }
            let new = if f.incr { cur + score } else { score };
            if new.is_nan() {
                return Err(CmdError::ScoreNan);
            }
            if (f.gt && new <= cur) || (f.lt && new >= cur) {
                return Ok(Outcome::Skipped);
            }
            if new == cur {
                return Ok(Outcome::Kept(cur));
            }
            e.replace(member, before, new);
            Ok(Outcome::Updated(new))
        }
        None if f.xx => Ok(Outcome::Skipped),
        None => {
            e.replace(member, None, score);
            // Stored as 0, but the reply keeps the sign, as Redis' does (ZINCRBY z -0 m: "-0").
            Ok(Outcome::Added(score))
        }
    }
}

/// Parses a score argument (`+inf`, `-inf` accepted, NaN refused).
fn score_arg(args: &Args, i: usize) -> Result<f64, CmdError> {
    args.f64(i)
}

/// Runs ZADD/ZINCRBY's elements against `key`, announcing `event` if anything changed.
pub(super) fn add_generic(
    ctx: &mut Ctx,
    key: &[u8],
    f: &AddFlags,
    elements: &[(f64, &[u8])],
    event: &'static str,
) -> Result<Reply, CmdError> {
    let cur = lookup_zset(ctx, key, false)?.map(|(m, _)| m);
    if cur.is_none() && f.xx {
        return Ok(if f.incr { Reply::Nil } else { Reply::Int(0) });
    }
    let mut e = edit(ctx, key, cur.as_ref())?;
    let (mut added, mut updated) = (0i64, 0i64);
    let mut last = Reply::Nil;
    for &(score, member) in elements {
        last = match add_one(ctx, &mut e, f, member, score)? {
            Outcome::Added(s) => {
                added += 1;
                Reply::Double(s)
            }
            Outcome::Updated(s) => {
                updated += 1;
                Reply::Double(s)
            }
            Outcome::Kept(s) => Reply::Double(s),
            Outcome::Skipped => Reply::Nil,
        };
    }
    save(ctx, key, e, cur.as_ref())?;
    if added + updated > 0 {
        ctx.notify(notify::ZSET, event, key);
    }
    Ok(if f.incr {
        last
    } else {
        Reply::Int(added + if f.ch { updated } else { 0 })
    })
}

/// Parses the option words from argument 2 on, as far as they are among `allowed` (ZADD's
/// or GEOADD's); returns the options and the index of the first other argument.
pub(super) fn add_flags(args: &Args, allowed: &[&str]) -> (AddFlags, usize) {
    let mut f = AddFlags::default();
    let mut i = 2;
    while i < args.len() {
        let word = args.get(i).to_ascii_lowercase();
        if !allowed.iter().any(|a| a.as_bytes() == word.as_slice()) {
            break;
        }
        let flag = match word.as_slice() {
            b"nx" => &mut f.nx,
            b"xx" => &mut f.xx,
            b"gt" => &mut f.gt,
            b"lt" => &mut f.lt,
            b"ch" => &mut f.ch,
            _ => &mut f.incr,
        };
        *flag = true;
        i += 1;
    }
    (f, i)
}

/// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
pub fn zadd(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (f, i) = add_flags(args, &["nx", "xx", "gt", "lt", "ch", "incr"]);
    let n = args.len() - i;
    if n == 0 || n % 2 == 1 {
        return Err(CmdError::Syntax);
    }
    if f.nx && f.xx {
        return Err(CmdError::ZaddNxXx);
    }
    if (f.nx && (f.gt || f.lt)) || (f.gt && f.lt) {
        return Err(CmdError::ZaddGtLtNx);
    }
    if f.incr && n > 2 {
        return Err(CmdError::ZaddIncrPairs);
    }
    let mut elements = Vec::with_capacity(n / 2);
    for j in (i..args.len()).step_by(2) {
        elements.push((score_arg(args, j)?, args.get(j + 1)));
    }
    let event = if f.incr { "zincr" } else { "zadd" };
    add_generic(ctx, args.get(1), &f, &elements, event)
}

/// ZINCRBY key increment member
pub fn zincrby(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let by = score_arg(args, 2)?;
    let f = AddFlags {
        incr: true,
        ..AddFlags::default()
    };
    add_generic(ctx, args.get(1), &f, &[(by, args.get(3))], "zincr")
}

/// ZREM key member [member ...]
pub fn zrem(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some((m, _)) = lookup_zset(ctx, key, false)? else {
        return Ok(Reply::Int(0));
    };
    let mut e = edit(ctx, key, Some(&m))?;
    let mut removed = 0;
    for i in 2..args.len() {
        removed += e.remove(&ctx.batch, args.get(i))?.is_some() as i64;
    }
    let (_, deleted) = save(ctx, key, e, Some(&m))?;
    if removed > 0 {
        ctx.notify_then_del(notify::ZSET, "zrem", key, deleted);
    }
    Ok(Reply::Int(removed))
}

/// ZCARD key
pub fn zcard(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let z = lookup_zset(ctx, args.get(1), true)?;
    Ok(Reply::Int(z.map_or(0, |(_, z)| z.size as i64)))
}

/// ZSCORE key member
pub fn zscore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some((_, z)) = lookup_zset(ctx, key, true)? else {
        return Ok(Reply::Nil);
    };
    let s = ctx.batch.zscore(ctx.db, key, &z, args.get(2))?;
    Ok(s.map_or(Reply::Nil, Reply::Double))
}

/// ZMSCORE key member [member ...]
pub fn zmscore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let z = lookup_zset(ctx, key, true)?;
    let mut out = Vec::with_capacity(args.len() - 2);
    for i in 2..args.len() {
        let s = match &z {
            Some((_, z)) => ctx.batch.zscore(ctx.db, key, z, args.get(i))?,
            None => None,
        };
        out.push(s.map_or(Reply::Nil, Reply::Double));
    }
    Ok(Reply::Array(out))
}

fn rank_generic(ctx: &mut Ctx, args: &Args, rev: bool) -> Result<Reply, CmdError> {
    let withscore = match args.len() {
        3 => false,
        4 if args.is(3, "withscore") => true,
        4 => return Err(CmdError::Syntax),
        _ => return Err(args.arity_error()),
    };
    let (key, member) = (args.get(1), args.get(2));
    let missing = if withscore {
        Reply::NilArray
    } else {
        Reply::Nil
    };
    let Some((_, z)) = lookup_zset(ctx, key, true)? else {
        return Ok(missing);
    };
    let Some(score) = ctx.batch.zscore(ctx.db, key, &z, member)? else {
        return Ok(missing);
    };
    let before = ctx
        .batch
        .zcount_before(ctx.db, key, &z, &Pos::at(score, member))?;
    let rank = if rev { z.size - 1 - before } else { before } as i64;
    Ok(if withscore {
        Reply::Array(vec![Reply::Int(rank), Reply::Double(score)])
    } else {
        Reply::Int(rank)
    })
}

/// ZRANK key member [WITHSCORE]
pub fn zrank(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    rank_generic(ctx, args, false)
}

/// ZREVRANK key member [WITHSCORE]
pub fn zrevrank(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    rank_generic(ctx, args, true)
}

// ---------------------------------------------------------------------------------------------
// Ranges

/// One end of a score range: `(1.5` is exclusive.
#[derive(Clone, Copy, Debug)]
struct ScoreBound {
    value: f64,
    excl: bool,
}

fn parse_score_bound(raw: &[u8]) -> Option<ScoreBound> {
    // Redis reads a bound as a C string: a NUL byte ends it ("1\0x" is 1, "(\0" is (0).
    let raw = raw.split(|&c| c == 0).next().unwrap_or_default();
    let (excl, num) = match raw.strip_prefix(b"(") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let value = super::args::parse_f64_lenient(num)?;
    Some(ScoreBound { value, excl })
}

/// One end of a lex range: `-`, `+`, `[member` or `(member`.
#[derive(Clone, Debug)]
enum LexBound {
    Min,
    Max,
    Incl(Vec<u8>),
    Excl(Vec<u8>),
}

fn parse_lex_bound(raw: &[u8]) -> Option<LexBound> {
    match raw {
        b"-" => Some(LexBound::Min),
        b"+" => Some(LexBound::Max),
        [b'[', rest @ ..] => Some(LexBound::Incl(rest.to_vec())),
        [b'(', rest @ ..] => Some(LexBound::Excl(rest.to_vec())),
        _ => None,
    }
}

/// A range of a zset in one of the three ways Redis names them.
#[derive(Clone, Debug)]
enum Range {
    Rank(i64, i64),
    Score(ScoreBound, ScoreBound),
    Lex(LexBound, LexBound),
}

impl Range {
    fn score(min: &[u8], max: &[u8]) -> Result<Range, CmdError> {
        match (parse_score_bound(min), parse_score_bound(max)) {
            (Some(a), Some(b)) => Ok(Range::Score(a, b)),
            _ => Err(CmdError::MinMaxNotFloat),
        }
    }

    fn lex(min: &[u8], max: &[u8]) -> Result<Range, CmdError> {
        match (parse_lex_bound(min), parse_lex_bound(max)) {
            (Some(a), Some(b)) => Ok(Range::Lex(a, b)),
            _ => Err(CmdError::MinMaxNotLex),
        }
    }

    fn rank(start: &[u8], stop: &[u8]) -> Result<Range, CmdError> {
        let p = |raw| super::args::parse_i64(raw).ok_or(CmdError::NotInteger);
        Ok(Range::Rank(p(start)?, p(stop)?))
    }
}

/// The cuts `[from, to)` of a score or lex range (lex ranges assume, as Redis does, that all
/// members share one score: that of the first entry).
fn cuts(ctx: &Ctx, key: &[u8], z: &Zset, range: &Range) -> Result<Option<(Pos, Pos)>, CmdError> {
    Ok(Some(match range {
        Range::Score(min, max) => {
            if min.value > max.value || (min.value == max.value && (min.excl || max.excl)) {
                return Ok(None);
            }
            let from = if min.excl {
                Pos::after_score(min.value)
            } else {
                Pos::before_score(min.value)
            };
            let to = if max.excl {
                Pos::before_score(max.value)
            } else {
                Pos::after_score(max.value)
            };
            (from, to)
        }
        Range::Lex(min, max) => {
            let mut first = None;
            ctx.batch
                .zscan(ctx.db, key, z, &Pos::start(), false, |s, _| {
                    first = Some(s);
                    false
                })?;
            let Some(s0) = first else { return Ok(None) };
            let from = match min {
                LexBound::Min => Pos::start(),
                LexBound::Max => return Ok(None),
                LexBound::Incl(m) => Pos::at(s0, m),
                LexBound::Excl(m) => Pos::after(s0, m),
            };
            let to = match max {
                LexBound::Max => Pos::end(),
                LexBound::Min => return Ok(None),
                LexBound::Incl(m) => Pos::after(s0, m),
                LexBound::Excl(m) => Pos::at(s0, m),
            };
            if from >= to {
                return Ok(None);
            }
            (from, to)
        }
        Range::Rank(..) => (Pos::start(), Pos::end()),
    }))
}

fn gte_min(member: &[u8], min: &LexBound) -> bool {
    match min {
        LexBound::Min => true,
        LexBound::Max => false,
        LexBound::Incl(m) => member >= m.as_slice(),
        LexBound::Excl(m) => member > m.as_slice(),
    }
}

fn lte_max(member: &[u8], max: &LexBound) -> bool {
    match max {
        LexBound::Max => true,
        LexBound::Min => false,
        LexBound::Incl(m) => member <= m.as_slice(),
        LexBound::Excl(m) => member < m.as_slice(),
    }
}

/// Whether no member can lie in `[min, max]`.
fn lex_range_empty(min: &LexBound, max: &LexBound) -> bool {
    let (lo, lo_ex) = match min {
        LexBound::Max => return true,
        LexBound::Min => return false,
        LexBound::Incl(m) => (m, false),
        LexBound::Excl(m) => (m, true),
    };
    let (hi, hi_ex) = match max {
        LexBound::Min => return true,
        LexBound::Max => return false,
        LexBound::Incl(m) => (m, false),
        LexBound::Excl(m) => (m, true),
    };
    lo > hi || (lo == hi && (lo_ex || hi_ex))
}

/// The indexes of `items` (a whole zset in order) that a lex query selects, walked the way
/// Redis walks a listpack-encoded zset: from the first entry at or above `min` (reverse: the
/// last at or below `max`), skip `offset`, then take entries until one is out of range. With
/// equal scores this is the plain lex range; with mixed scores it is what Redis 7.0 answers
/// for small zsets (for big ones Redis' answer depends on its skip list's random levels, unless
/// the walk starts at an end: [`lex_walk_from_end`]).
fn lex_walk(
    items: &[(Vec<u8>, f64)],
    min: &LexBound,
    max: &LexBound,
    rev: bool,
    offset: u64,
    limit: u64,
) -> Vec<usize> {
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return Vec::new();
    };
    if lex_range_empty(min, max) || !gte_min(&last.0, min) || !lte_max(&first.0, max) {
        return Vec::new();
    }
    let start = if rev {
        items.iter().rposition(|(m, _)| lte_max(m, max))
    } else {
        items.iter().position(|(m, _)| gte_min(m, min))
    };
    let Some(start) = start else {
        return Vec::new();
    };
    let ok = |i: usize| {
        let m = &items[i].0;
        if rev {
            gte_min(m, min)
        } else {
            lte_max(m, max)
        }
    };
    if !ok(start) {
        return Vec::new();
    }
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let walk: Box<dyn Iterator<Item = usize>> = if rev {
        Box::new((0..=start).rev().skip(offset))
    } else {
        Box::new((start..items.len()).skip(offset))
    };
    walk.take_while(|&i| ok(i))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect()
}

/// A lex query on a skip-list zset that starts at its first entry (`-`, or `+` in reverse):
/// there Redis' walk does not depend on the skip list's levels, so, as [`lex_walk`] does for
/// small zsets, it skips `offset` entries and then takes entries until one is out of range,
/// past the first score too when scores differ. The skip goes by rank, so it costs no walk.
#[allow(clippy::too_many_arguments)]
fn lex_walk_from_end(
    ctx: &Ctx,
    key: &[u8],
    z: &Zset,
    min: &LexBound,
    max: &LexBound,
    rev: bool,
    offset: u64,
    count: u64,
) -> Result<Entries, CmdError> {
    let db = ctx.db;
    let inside = |member: &[u8]| {
        if rev {
            gte_min(member, min)
        } else {
            lte_max(member, max)
        }
    };
    if lex_range_empty(min, max) || offset >= z.size {
        return Ok(Vec::new());
    }
    // Redis finds nothing when the end it starts from is out of range, whatever the offset.
    let mut edge = Vec::new();
    let end = if rev { Pos::end() } else { Pos::start() };
    scan(ctx, db, key, z, &end, rev, 1, &mut edge)?;
    if !edge.first().is_some_and(|(m, _)| inside(m)) {
        return Ok(Vec::new());
    }
    let rank = if rev { z.size - 1 - offset } else { offset };
    let Some(pos) = ctx.batch.zpos_at_rank(db, key, z, rank)? else {
        return Ok(Vec::new());
    };
    let from = if rev {
        next_cut(ctx, key, z, &pos)?
    } else {
        pos
    };
    scan_while(ctx, key, z, &from, rev, count, |_, member| inside(member))
}

/// Up to `count` entries from the cut `from` (reverse: before it) while `inside` holds.
fn scan_while(
    ctx: &Ctx,
    key: &[u8],
    z: &Zset,
    from: &Pos,
    rev: bool,
    count: u64,
    inside: impl Fn(f64, &[u8]) -> bool,
) -> Result<Entries, CmdError> {
    let mut out = Vec::new();
    ctx.batch
        .zscan(ctx.db, key, z, from, rev, |score, member| {
            if !inside(score, member) {
                return false;
            }
            out.push((member.to_vec(), score));
            (out.len() as u64) < count
        })?;
    Ok(out)
}

/// Resolves a rank range against `size` as ZRANGE does: `None` when empty.
fn clamp_ranks(start: i64, stop: i64, size: u64) -> Option<(u64, u64)> {
    let n = size as i64;
    let start = if start < 0 {
        start.saturating_add(n)
    } else {
        start
    }
    .max(0);
    let stop = if stop < 0 {
        stop.saturating_add(n)
    } else {
        stop
    };
    if start > stop || start >= n {
        return None;
    }
    Some((start as u64, stop.min(n - 1) as u64))
}

/// A parsed range query: the range, its direction and LIMIT.
struct Query {
    range: Range,
    rev: bool,
    /// `(offset, count)`; a negative count means all.
    limit: Option<(i64, i64)>,
}

/// The entries a query selects, in reply order.
fn select(ctx: &Ctx, key: &[u8], z: &Zset, q: &Query) -> Result<Vec<(Vec<u8>, f64)>, CmdError> {
    let mut out = Vec::new();
    let db = ctx.db;
    if let Range::Rank(start, stop) = q.range {
        let Some((a, b)) = clamp_ranks(start, stop, z.size) else {
            return Ok(out);
        };
        let n = b - a + 1;
        // Reverse ranks count from the end.
        let first = if q.rev { z.size - 1 - a } else { a };
        let Some(pos) = ctx.batch.zpos_at_rank(db, key, z, first)? else {
            return Ok(out);
        };
        let from = if q.rev {
            next_cut(ctx, key, z, &pos)?
        } else {
            pos
        };
        scan(ctx, db, key, z, &from, q.rev, n, &mut out)?;
        return Ok(out);
    }
    let (offset, count) = q.limit.unwrap_or((0, -1));
    if offset < 0 || count == 0 {
        return Ok(out);
    }
    let offset = offset as u64;
    let count = if count < 0 { u64::MAX } else { count as u64 };
    if let Range::Lex(min, max) = &q.range {
        if z.listpack {
            let all = whole(ctx, key, z)?;
            let picked = lex_walk(&all, min, max, q.rev, offset, count);
            return Ok(picked.into_iter().map(|i| all[i].clone()).collect());
        }
        let from_end = if q.rev {
            matches!(max, LexBound::Max)
        } else {
            matches!(min, LexBound::Min)
        };
        if from_end {
            return lex_walk_from_end(ctx, key, z, min, max, q.rev, offset, count);
        }
    }
    let Some((lo, hi)) = cuts(ctx, key, z, &q.range)? else {
        return Ok(out);
    };
    // Skip the offset by rank instead of by walking it.
    let from = if offset == 0 {
        if q.rev {
            hi.clone()
        } else {
            lo.clone()
        }
    } else {
        let rank = if q.rev {
            let before_hi = ctx.batch.zcount_before(db, key, z, &hi)?;
            match before_hi.checked_sub(offset + 1) {
                Some(r) => r,
                None => return Ok(out),
            }
        } else {
            ctx.batch.zcount_before(db, key, z, &lo)? + offset
        };
        match ctx.batch.zpos_at_rank(db, key, z, rank)? {
            Some(p) if q.rev => next_cut(ctx, key, z, &p)?,
            Some(p) => p,
            None => return Ok(out),
        }
    };
    scan_while(ctx, key, z, &from, q.rev, count, |score, member| {
        let p = Pos::at(score, member);
        if q.rev {
            p >= lo
        } else {
            p < hi
        }
    })
}

/// The cut just after the entry whose cut-before is `pos`.
fn next_cut(ctx: &Ctx, key: &[u8], z: &Zset, pos: &Pos) -> Result<Pos, CmdError> {
    let mut next = None;
    ctx.batch.zscan(ctx.db, key, z, pos, false, |s, m| {
        next = Some(Pos::after(s, m));
        false
    })?;
    Ok(next.unwrap_or_else(Pos::end))
}

/// The range form a command is: `Auto` for ZRANGE/ZRANGESTORE (chosen by BYSCORE/BYLEX).
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Auto,
    Rank,
    Score,
    Lex,
}

/// Parses `key min max [options]` at `at` (the key's index) the way Redis' one range parser
/// does for every range command: which options each form accepts, the conflicts it reports,
/// and max/min swapped for reverse score and lex ranges.
fn parse_query(
    args: &Args,
    at: usize,
    form: Form,
    rev: Option<bool>,
    store: bool,
) -> Result<(Query, bool), CmdError> {
    let (mut form, mut rev_opt) = (form, rev);
    let mut withscores = false;
    let mut limit = None;
    let mut i = at + 3;
    while i < args.len() {
        let left = args.len() - i - 1;
        if !store && args.is(i, "withscores") {
            withscores = true;
        } else if args.is(i, "limit") && left >= 2 {
            limit = Some((args.i64(i + 1)?, args.i64(i + 2)?));
            i += 2;
        } else if rev_opt.is_none() && args.is(i, "rev") {
            rev_opt = Some(true);
        } else if form == Form::Auto && args.is(i, "bylex") {
            form = Form::Lex;
        } else if form == Form::Auto && args.is(i, "byscore") {
            form = Form::Score;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    let rev = rev_opt.unwrap_or(false);
    if form == Form::Auto {
        form = Form::Rank;
    }
    // Redis only objects to a LIMIT whose count is not -1.
    if limit.is_some_and(|(_, c)| c != -1) && form == Form::Rank {
        return Err(CmdError::LimitNeedsByscoreBylex);
    }
    if withscores && form == Form::Lex {
        return Err(CmdError::WithscoresBylex);
    }
    let (mut a, mut b) = (args.get(at + 1), args.get(at + 2));
    if rev && form != Form::Rank {
        std::mem::swap(&mut a, &mut b);
    }
    let range = match form {
        Form::Score => Range::score(a, b)?,
        Form::Lex => Range::lex(a, b)?,
        _ => Range::rank(a, b)?,
    };
    Ok((Query { range, rev, limit }, withscores))
}

fn range_generic(
    ctx: &mut Ctx,
    args: &Args,
    form: Form,
    rev: Option<bool>,
) -> Result<Reply, CmdError> {
    let (q, withscores) = parse_query(args, 1, form, rev, false)?;
    let key = args.get(1);
    let Some((_, z)) = lookup_zset(ctx, key, true)? else {
        return Ok(Reply::Array(Vec::new()));
    };
    let items = select(ctx, key, &z, &q)?;
    Ok(members_reply(ctx, items, withscores))
}

/// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
pub fn zrange(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    range_generic(ctx, args, Form::Auto, None)
}

/// ZREVRANGE key start stop [WITHSCORES]
pub fn zrevrange(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    range_generic(ctx, args, Form::Rank, Some(true))
}

/// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
pub fn zrangebyscore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    range_generic(ctx, args, Form::Score, Some(false))
}

/// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
pub fn zrevrangebyscore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    range_generic(ctx, args, Form::Score, Some(true))
}

/// ZRANGEBYLEX key min max [LIMIT offset count]
pub fn zrangebylex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    range_generic(ctx, args, Form::Lex, Some(false))
}

/// ZREVRANGEBYLEX key max min [LIMIT offset count]
pub fn zrevrangebylex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    range_generic(ctx, args, Form::Lex, Some(true))
}

/// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
pub fn zrangestore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (q, _) = parse_query(args, 2, Form::Auto, None, true)?;
    let (dst, src) = (args.get(1), args.get(2));
    let items = match lookup_zset(ctx, src, true)? {
        Some((_, z)) => select(ctx, src, &z, &q)?,
        None => Vec::new(),
    };
    store(ctx, dst, &items, "zrangestore")
}

/// How many entries a score or lex range holds.
fn count_range(ctx: &mut Ctx, args: &Args, range: Range) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some((_, z)) = lookup_zset(ctx, key, true)? else {
        return Ok(Reply::Int(0));
    };
    if let (Range::Lex(min, max), true) = (&range, z.listpack) {
        let all = whole(ctx, key, &z)?;
        return Ok(Reply::Int(
            lex_walk(&all, min, max, false, 0, u64::MAX).len() as i64,
        ));
    }
    let Some((lo, hi)) = cuts(ctx, key, &z, &range)? else {
        return Ok(Reply::Int(0));
    };
    let a = ctx.batch.zcount_before(ctx.db, key, &z, &lo)?;
    let b = ctx.batch.zcount_before(ctx.db, key, &z, &hi)?;
    Ok(Reply::Int(b.saturating_sub(a) as i64))
}

/// ZCOUNT key min max
pub fn zcount(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let range = Range::score(args.get(2), args.get(3))?;
    count_range(ctx, args, range)
}

/// ZLEXCOUNT key min max
pub fn zlexcount(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let range = Range::lex(args.get(2), args.get(3))?;
    count_range(ctx, args, range)
}

fn remove_range(
    ctx: &mut Ctx,
    args: &Args,
    range: Range,
    event: &'static str,
) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some((m, z)) = lookup_zset(ctx, key, false)? else {
        return Ok(Reply::Int(0));
    };
    let q = Query {
        range,
        rev: false,
        limit: None,
    };
    let items = select(ctx, key, &z, &q)?;
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return Ok(Reply::Int(0));
    };
    let mut e = edit(ctx, key, Some(&m))?;
    for (member, _) in &items {
        e.remove(&ctx.batch, member)?;
    }
    // The removed run is contiguous: if it starts (ends) the zset, what is left lies after
    // (before) it, and later scans from that end skip its tombstones (the sliding-window
    // pattern: ZADD now, ZREMRANGEBYSCORE -inf <now - window>).
    let mut edge = Vec::new();
    scan(ctx, ctx.db, key, &z, &Pos::start(), false, 1, &mut edge)?;
    if edge.first() == Some(first) {
        e.raise_low(&Pos::after(last.1, &last.0));
    }
    edge.clear();
    scan(ctx, ctx.db, key, &z, &Pos::end(), true, 1, &mut edge)?;
    if edge.first() == Some(last) {
        e.lower_high(&Pos::at(first.1, &first.0));
    }
    let (_, deleted) = save(ctx, key, e, Some(&m))?;
    ctx.notify_then_del(notify::ZSET, event, key, deleted);
    Ok(Reply::Int(items.len() as i64))
}

/// ZREMRANGEBYRANK key start stop
pub fn zremrangebyrank(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let range = Range::rank(args.get(2), args.get(3))?;
    remove_range(ctx, args, range, "zremrangebyrank")
}

/// ZREMRANGEBYSCORE key min max
pub fn zremrangebyscore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let range = Range::score(args.get(2), args.get(3))?;
    remove_range(ctx, args, range, "zremrangebyscore")
}

/// ZREMRANGEBYLEX key min max
pub fn zremrangebylex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let range = Range::lex(args.get(2), args.get(3))?;
    remove_range(ctx, args, range, "zremrangebylex")
}

// ---------------------------------------------------------------------------------------------
// Pops

/// Pops up to `count` lowest (`min`) or highest entries of the zset at `key`.
fn pop(
    ctx: &mut Ctx,
    key: &[u8],
    m: &Meta,
    z: &Zset,
    min: bool,
    count: u64,
) -> Result<Vec<(Vec<u8>, f64)>, CmdError> {
    let mut items = Vec::new();
    let from = if min { Pos::start() } else { Pos::end() };
    // One entry more than the pop: the new end, past which later scans need not look.
    scan(
        ctx,
        ctx.db,
        key,
        z,
        &from,
        !min,
        count.saturating_add(1),
        &mut items,
    )?;
    let next = (items.len() as u64 > count).then(|| items.pop()).flatten();
    if items.is_empty() {
        return Ok(items);
    }
    let mut e = edit(ctx, key, Some(m))?;
    for (member, _) in &items {
        e.remove(&ctx.batch, member)?;
    }
    match next {
        Some((member, score)) if min => e.raise_low(&Pos::at(score, &member)),
        Some((member, score)) => e.lower_high(&Pos::after(score, &member)),
        None => {}
    }
    let (_, deleted) = save(ctx, key, e, Some(m))?;
    let event = if min { "zpopmin" } else { "zpopmax" };
    ctx.notify_then_del(notify::ZSET, event, key, deleted);
    Ok(items)
}

/// A flat `[member, score, ...]` reply (ZPOPMIN without a count, BZPOPMIN).
fn flat_pairs(items: &[(Vec<u8>, f64)]) -> Vec<Reply> {
    let mut out = Vec::with_capacity(items.len() * 2);
    for (m, s) in items {
        out.push(bulk(m));
        out.push(Reply::Double(*s));
    }
    out
}

/// `[[member, score], ...]` (ZMPOP, and RESP3 ZPOPMIN with a count).
fn nested_pairs(items: &[(Vec<u8>, f64)]) -> Reply {
    Reply::Array(
        items
            .iter()
            .map(|(m, s)| Reply::Array(vec![bulk(m), Reply::Double(*s)]))
            .collect(),
    )
}

fn pop_generic(ctx: &mut Ctx, args: &Args, min: bool) -> Result<Reply, CmdError> {
    let count = match args.len() {
        2 => None,
        3 => {
            let c = args.i64(2).map_err(|_| CmdError::PopCountOutOfRange)?;
            if c < 0 {
                return Err(CmdError::PopCountOutOfRange);
            }
            Some(c as u64)
        }
        _ => return Err(CmdError::Syntax),
    };
    let key = args.get(1);
    let Some((m, z)) = lookup_zset(ctx, key, false)? else {
        return Ok(Reply::Array(Vec::new()));
    };
    let items = pop(ctx, key, &m, &z, min, count.unwrap_or(1))?;
    Ok(if count.is_some() && ctx.client.resp3 {
        nested_pairs(&items)
    } else {
        Reply::Array(flat_pairs(&items))
    })
}

/// ZPOPMIN key [count]
pub fn zpopmin(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    pop_generic(ctx, args, true)
}

/// ZPOPMAX key [count]
pub fn zpopmax(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    pop_generic(ctx, args, false)
}

/// Pops from the first non-empty zset among the argument indexes `keys`.
fn pop_first(
    ctx: &mut Ctx,
    args: &Args,
    keys: impl Iterator<Item = usize>,
    min: bool,
    count: u64,
) -> Result<Option<(Bytes, Entries)>, CmdError> {
    for i in keys {
        let key = args.get(i);
        if let Some((m, z)) = lookup_zset(ctx, key, false)? {
            let items = pop(ctx, key, &m, &z, min, count)?;
            return Ok(Some((args.bytes(i), items)));
        }
    }
    Ok(None)
}

fn blocking_pop(ctx: &mut Ctx, args: &Args, min: bool) -> Result<Reply, CmdError> {
    let last = args.len() - 1;
    let timeout = super::lists::timeout_arg(args, last, ctx.now_ms)?;
    Ok(match pop_first(ctx, args, 1..last, min, 1)? {
        Some((key, items)) => {
            let mut out = vec![Reply::Bulk(key)];
            out.extend(flat_pairs(&items));
            Reply::Array(out)
        }
        None => super::lists::block(
            ctx,
            args,
            1..last,
            timeout,
            Reply::NilArray,
            Reply::NilArray,
        ),
    })
}

/// BZPOPMIN key [key ...] timeout
pub fn bzpopmin(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    blocking_pop(ctx, args, true)
}

/// BZPOPMAX key [key ...] timeout
pub fn bzpopmax(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    blocking_pop(ctx, args, false)
}

fn multi_pop(ctx: &mut Ctx, args: &Args, numkeys_at: usize) -> Result<Option<Reply>, CmdError> {
    let mp = super::lists::multi_pop_args(args, numkeys_at, ("min", "max"))?;
    Ok(pop_first(ctx, args, mp.keys, mp.left, mp.count)?
        .map(|(key, items)| Reply::Array(vec![Reply::Bulk(key), nested_pairs(&items)])))
}

/// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
pub fn zmpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(multi_pop(ctx, args, 1)?.unwrap_or(Reply::NilArray))
}

/// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
pub fn bzmpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // As Redis: the rest of the command is checked before the timeout.
    let mp = super::lists::multi_pop_args(args, 2, ("min", "max"))?;
    let timeout = super::lists::timeout_arg(args, 1, ctx.now_ms)?;
    if let Some(r) = multi_pop(ctx, args, 2)? {
        return Ok(r);
    }
    Ok(super::lists::block(
        ctx,
        args,
        mp.keys,
        timeout,
        Reply::NilArray,
        Reply::NilArray,
    ))
}

// ---------------------------------------------------------------------------------------------
// Random members

/// ZRANDMEMBER key [count [WITHSCORES]]
pub fn zrandmember(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (count, withscores) = match args.len() {
        2 => (None, false),
        3 | 4 => {
            let c = super::rand_count(args, 2)?;
            if args.len() == 4 && !args.is(3, "withscores") {
                return Err(CmdError::Syntax);
            }
            (
                Some(super::rand_count_fits(c, args.len() == 4)?),
                args.len() == 4,
            )
        }
        _ => return Err(CmdError::Syntax),
    };
    let key = args.get(1);
    let z = lookup_zset(ctx, key, true)?;
    let Some(count) = count else {
        let Some((_, z)) = z else {
            return Ok(Reply::Nil);
        };
        let picked = pick_ranks(ctx, key, &z, &[rand::rng().random_range(0..z.size)])?;
        return Ok(picked.first().map_or(Reply::Nil, |(m, _)| bulk(m)));
    };
    let Some((_, z)) = z else {
        return Ok(Reply::Array(Vec::new()));
    };
    let mut rng = rand::rng();
    let items = if count >= 0 {
        let n = count as u64;
        if n >= z.size {
            // Redis answers the whole zset with its ranks in reverse, not shuffled.
            let mut all = whole(ctx, key, &z)?;
            all.reverse();
            all
        } else if n * WHOLE_ZSET_FRACTION > z.size {
            let mut all = whole(ctx, key, &z)?;
            // A random subset in random order.
            for i in (1..all.len()).rev() {
                all.swap(i, rng.random_range(0..=i));
            }
            all.truncate(n as usize);
            all
        } else {
            let mut ranks = std::collections::HashSet::new();
            while (ranks.len() as u64) < n {
                ranks.insert(rng.random_range(0..z.size));
            }
            let ranks: Vec<u64> = ranks.into_iter().collect();
            pick_ranks(ctx, key, &z, &ranks)?
        }
    } else {
        let n = count.unsigned_abs();
        let ranks: Vec<u64> = (0..n).map(|_| rng.random_range(0..z.size)).collect();
        pick_ranks(ctx, key, &z, &ranks)?
    };
    Ok(if !withscores {
        Reply::Array(items.iter().map(|(m, _)| bulk(m)).collect())
    } else if ctx.client.resp3 {
        nested_pairs(&items)
    } else {
        Reply::Array(flat_pairs(&items))
    })
}

/// The entries at `ranks` (in that order, repeats allowed). A whole read when that is cheaper
/// than one rank lookup per pick.
fn pick_ranks(
    ctx: &Ctx,
    key: &[u8],
    z: &Zset,
    ranks: &[u64],
) -> Result<Vec<(Vec<u8>, f64)>, CmdError> {
    let mut out = Vec::with_capacity(ranks.len());
    if z.size <= strata_storage::types::zset::BLOCK_MAX || ranks.len() as u64 * 64 > z.size {
        let all = whole(ctx, key, z)?;
        for &r in ranks {
            if let Some(e) = all.get(r as usize) {
                out.push(e.clone());
            }
        }
        return Ok(out);
    }
    for &r in ranks {
        if let Some(p) = ctx.batch.zpos_at_rank(ctx.db, key, z, r)? {
            scan(ctx, ctx.db, key, z, &p, false, 1, &mut out)?;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Algebra

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

/// A source of the algebra: a zset, a set (every member scores 1), or missing (empty).
enum Source {
    Missing,
    Zset(Vec<u8>, Zset),
    Set(Vec<u8>, Meta),
}

impl Source {
    fn size(&self) -> u64 {
        match self {
            Source::Missing => 0,
            Source::Zset(_, z) => z.size,
            Source::Set(_, m) => m.size,
        }
    }

    /// Every `(member, score)`.
    fn entries(&self, ctx: &Ctx) -> Result<Vec<(Vec<u8>, f64)>, CmdError> {
        let mut out = Vec::with_capacity(self.size().min(1 << 20) as usize);
        match self {
            Source::Missing => {}
            Source::Zset(key, z) => out = whole(ctx, key, z)?,
            Source::Set(key, m) => ctx.batch.scan_subs(ctx.db, key, m.version, &[], |k, _| {
                out.push((k.to_vec(), 1.0));
                true
            })?,
        }
        Ok(out)
    }

    fn score(&self, ctx: &Ctx, member: &[u8]) -> Result<Option<f64>, CmdError> {
        Ok(match self {
            Source::Missing => None,
            Source::Zset(key, z) => ctx.batch.zscore(ctx.db, key, z, member)?,
            Source::Set(key, m) => ctx
                .batch
                .get_sub(ctx.db, key, m.version, member)?
                .map(|_| 1.0),
        })
    }
}

/// Looks up an algebra source: zsets and sets are accepted, anything else is WRONGTYPE.
fn source(ctx: &mut Ctx, key: &[u8]) -> Result<Source, CmdError> {
    Ok(match ctx.lookup_read(key)? {
        None => Source::Missing,
        Some(m) if m.kind == Kind::ZSet => Source::Zset(key.to_vec(), Zset::of(&m)?),
        Some(m) if m.kind == Kind::Set => Source::Set(key.to_vec(), m),
        Some(_) => return Err(CmdError::WrongType),
    })
}

/// `score * weight`, with Redis' rule that inf * 0 is 0.
fn weighted(score: f64, weight: f64) -> f64 {
    let v = score * weight;
    if v.is_nan() {
        0.0
    } else {
        v
    }
}

fn aggregate(agg: Aggregate, acc: f64, v: f64) -> f64 {
    match agg {
        Aggregate::Sum => {
            let s = acc + v;
            // inf + -inf
            if s.is_nan() {
                0.0
            } else {
                s
            }
        }
        Aggregate::Min => acc.min(v),
        Aggregate::Max => acc.max(v),
    }
}

/// The parsed arguments of an algebra command.
struct Algebra {
    sources: Vec<Source>,
    weights: Vec<f64>,
    agg: Aggregate,
    withscores: bool,
    limit: u64,
}

/// Parses `numkeys key [key ...] [options]` at `at`, looking the keys up first as Redis does
/// (so a wrong type is reported before a bad option).
fn parse_algebra(
    ctx: &mut Ctx,
    args: &Args,
    at: usize,
    op: Op,
    store: bool,
    card: bool,
) -> Result<Algebra, CmdError> {
    let name = String::from_utf8_lossy(args.get(0)).to_ascii_lowercase();
    let numkeys = args.i64(at)?;
    if numkeys < 1 {
        return Err(CmdError::NoInputKeys(name));
    }
    let n = numkeys as usize;
    if numkeys as u64 > (args.len() - at - 1) as u64 {
        return Err(CmdError::Syntax);
    }
    let mut sources = Vec::with_capacity(n);
    for i in at + 1..at + 1 + n {
        sources.push(source(ctx, args.get(i))?);
    }
    let mut a = Algebra {
        sources,
        weights: vec![1.0; n],
        agg: Aggregate::Sum,
        withscores: false,
        limit: 0,
    };
    let mut i = at + 1 + n;
    while i < args.len() {
        let left = args.len() - i - 1;
        if card {
            if args.is(i, "limit") && left >= 1 {
                a.limit = match args.i64(i + 1) {
                    Ok(l) if l >= 0 => l as u64,
                    _ => return Err(CmdError::LimitNegative),
                };
                i += 2;
                continue;
            }
            return Err(CmdError::Syntax);
        }
        if op != Op::Diff && left >= n && args.is(i, "weights") {
            for j in 0..n {
                a.weights[j] =
                    super::args::parse_f64(args.get(i + 1 + j)).ok_or(CmdError::WeightNotFloat)?;
            }
            i += n + 1;
        } else if op != Op::Diff && left >= 1 && args.is(i, "aggregate") {
            a.agg = match args.get(i + 1).to_ascii_lowercase().as_slice() {
                b"sum" => Aggregate::Sum,
                b"min" => Aggregate::Min,
                b"max" => Aggregate::Max,
                _ => return Err(CmdError::Syntax),
            };
            i += 2;
        } else if !store && args.is(i, "withscores") {
            a.withscores = true;
            i += 1;
        } else {
            return Err(CmdError::Syntax);
        }
    }
    Ok(a)
}

/// The result of an algebra command in zset order (score, then member).
fn compute(ctx: &Ctx, op: Op, a: &Algebra) -> Result<Vec<(Vec<u8>, f64)>, CmdError> {
    let mut acc: HashMap<Vec<u8>, f64> = HashMap::new();
    match op {
        Op::Union => {
            // Redis accumulates sources in ascending size order (a stable sort), which fixes
            // the rounding of SUM.
            let mut order: Vec<usize> = (0..a.sources.len()).collect();
            order.sort_by_key(|&i| a.sources[i].size());
            for i in order {
                for (m, s) in a.sources[i].entries(ctx)? {
                    let v = weighted(s, a.weights[i]);
                    acc.entry(m)
                        .and_modify(|cur| *cur = aggregate(a.agg, *cur, v))
                        .or_insert(v);
                }
            }
        }
        Op::Inter => {
            if a.sources.iter().any(|s| s.size() == 0) {
                return Ok(Vec::new());
            }
            // Iterate the smallest source, probe the others.
            let mut order: Vec<usize> = (0..a.sources.len()).collect();
            order.sort_by_key(|&i| a.sources[i].size());
            'member: for (m, s) in a.sources[order[0]].entries(ctx)? {
                let mut v = weighted(s, a.weights[order[0]]);
                for &i in &order[1..] {
                    match a.sources[i].score(ctx, &m)? {
                        Some(s) => v = aggregate(a.agg, v, weighted(s, a.weights[i])),
                        None => continue 'member,
                    }
                }
                acc.insert(m, v);
            }
        }
        Op::Diff => {
            let Some((first, rest)) = a.sources.split_first() else {
                return Ok(Vec::new());
            };
            'member: for (m, s) in first.entries(ctx)? {
                for src in rest {
                    if src.score(ctx, &m)?.is_some() {
                        continue 'member;
                    }
                }
                acc.insert(m, s);
            }
        }
    }
    // Replies keep a computed -0 (Redis prints it); it orders as 0.
    let mut out: Vec<(Vec<u8>, f64)> = acc.into_iter().collect();
    out.sort_by(|x, y| {
        (x.1 + 0.0)
            .total_cmp(&(y.1 + 0.0))
            .then_with(|| x.0.cmp(&y.0))
    });
    Ok(out)
}

fn algebra(ctx: &mut Ctx, args: &Args, op: Op) -> Result<Reply, CmdError> {
    let a = parse_algebra(ctx, args, 1, op, false, false)?;
    let out = compute(ctx, op, &a)?;
    Ok(members_reply(ctx, out, a.withscores))
}

fn algebra_store(ctx: &mut Ctx, args: &Args, op: Op) -> Result<Reply, CmdError> {
    let a = parse_algebra(ctx, args, 2, op, true, false)?;
    let out = compute(ctx, op, &a)?;
    let event = match op {
        Op::Union => "zunionstore",
        Op::Inter => "zinterstore",
        Op::Diff => "zdiffstore",
    };
    store(ctx, args.get(1), &out, event)
}

/// ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
pub fn zunion(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra(ctx, args, Op::Union)
}

/// ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
pub fn zinter(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra(ctx, args, Op::Inter)
}

/// ZDIFF numkeys key [key ...] [WITHSCORES]
pub fn zdiff(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra(ctx, args, Op::Diff)
}

/// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]
pub fn zunionstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra_store(ctx, args, Op::Union)
}

/// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]
pub fn zinterstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra_store(ctx, args, Op::Inter)
}

/// ZDIFFSTORE destination numkeys key [key ...]
pub fn zdiffstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    algebra_store(ctx, args, Op::Diff)
}

/// ZINTERCARD numkeys key [key ...] [LIMIT limit]
pub fn zintercard(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let a = parse_algebra(ctx, args, 1, Op::Inter, true, true)?;
    let mut out = compute(ctx, Op::Inter, &a)?;
    if a.limit > 0 {
        out.truncate(a.limit as usize);
    }
    Ok(Reply::Int(out.len() as i64))
}

// ---------------------------------------------------------------------------------------------
// ZSCAN

/// ZSCAN key cursor [MATCH pattern] [COUNT count]
pub fn zscan(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let cursor = super::keys::parse_cursor(args.get(2)).ok_or(CmdError::InvalidCursor)?;
    let key = args.get(1);
    let empty = || Reply::Array(vec![bulk(b"0"), Reply::Array(Vec::new())]);
    // As Redis: the key (missing, another type) answers before the options are read.
    let Some((m, z)) = lookup_zset(ctx, key, true)? else {
        return Ok(empty());
    };
    let super::keys::ScanOptions { pattern, count, .. } =
        super::keys::scan_options(args, 3, false)?;
    let db = ctx.db;
    let prefix = strata_storage::keys::data_prefix(db, key, z.version);
    let matches = |member: &[u8]| {
        pattern
            .as_deref()
            .is_none_or(|p| crate::glob::glob_match(p, member, false))
    };
    let pair = |member: &[u8], score: f64| {
        [
            bulk(member),
            bulk(crate::resp::format_double_g17(score).as_bytes()),
        ]
    };
    let mut out = Vec::new();
    if m.encoding == ENC_LISTPACK {
        // Like Redis' listpack encoding, a small zset is returned whole, in score order, with
        // the scores as the listpack holds them.
        for (member, score) in whole(ctx, key, &z)? {
            if matches(&member) {
                out.extend([bulk(&member), bulk(&crate::rdb::writer::score_text(score))]);
            }
        }
        return Ok(Reply::Array(vec![bulk(b"0"), Reply::Array(out)]));
    }
    let raw = ctx.server.scan_cursors.resume_point(db, cursor);
    // An unknown cursor (or one of another key or version) starts over.
    let from = raw
        .strip_prefix(prefix.as_slice())
        .map(|s| s.to_vec())
        .unwrap_or_default();
    let mut examined = 0i64;
    let mut next = None;
    let mut bad = false;
    ctx.batch
        .scan_subs(db, key, z.version, &from, |member, raw| {
            if examined >= count {
                next = Some(member.to_vec());
                return false;
            }
            examined += 1;
            if matches(member) {
                let Ok(score) = decode_score(raw) else {
                    bad = true;
                    return false;
                };
                out.extend(pair(member, score));
            }
            true
        })?;
    if bad {
        return Err(strata_storage::Error("corrupted sorted set record".into()).into());
    }
    let next_cursor = match next {
        Some(member) => {
            let mut raw = prefix;
            raw.extend_from_slice(&member);
            ctx.server.scan_cursors.save(raw)
        }
        None => 0,
    };
    Ok(Reply::Array(vec![
        bulk(next_cursor.to_string().as_bytes()),
        Reply::Array(out),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn clamp_ranks_matches_zrange_rules(start in -20i64..20, stop in -20i64..20, size in 0u64..12) {
            let n = size as i64;
            let want: Vec<u64> = (0..n)
                .filter(|&i| {
                    let s = if start < 0 { start + n } else { start };
                    let e = if stop < 0 { stop + n } else { stop };
                    i >= s.max(0) && i <= e
                })
                .map(|i| i as u64)
                .collect();
            let got: Vec<u64> = clamp_ranks(start, stop, size).map_or(Vec::new(), |(a, b)| (a..=b).collect());
            prop_assert_eq!(got, want);
        }

        #[test]
        fn bound_parsers_never_panic(raw: Vec<u8>, a: i64, b: i64, size: u64) {
            let _ = parse_score_bound(&raw);
            let _ = parse_lex_bound(&raw);
            let _ = clamp_ranks(a, b, size);
        }
    }
}
