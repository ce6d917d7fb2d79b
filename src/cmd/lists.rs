//! List commands: pushes and pops at both ends, index access, LRANGE/LTRIM/LREM/LINSERT/LPOS,
//! LMOVE/LMPOP, and the blocking forms (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
//!
//! A list is a metadata record whose body holds the live window `head..tail` of element
//! positions (see `strata_storage::types::list`), so pushes, pops, LINDEX and LSET are O(1) and
//! LRANGE/LTRIM cost what they return or remove. LINSERT and LREM shift the shorter side of the
//! list, as Redis' O(N) promises allow.
//!
//! Blocking: a blocking handler first tries its non-blocking work. If every key is empty it sets
//! `ctx.after` to [`After::Block`] and returns the reply to send on timeout; the connection then
//! registers with [`crate::blocking`], which re-runs the same handler when a write makes one of
//! the keys a list again. A re-run that still finds nothing blocks again, which is how the
//! blocking registry tells "served" from "not yet".
//!
//! Invariant: an emptied list is deleted in the same batch (EXISTS 0, TYPE none).

use super::{After, Args, Block, CmdError, Ctx};
use crate::notify;
use crate::resp::Reply;
use bytes::{Bytes, BytesMut};
use std::time::Duration;
use strata_storage::types::list::List;
use strata_storage::{Kind, Meta};

fn bulk(v: Vec<u8>) -> Reply {
    Reply::Bulk(Bytes::from(v))
}

/// The live list at `key` and its window, or WRONGTYPE.
fn lookup_list(ctx: &mut Ctx, key: &[u8], read: bool) -> Result<Option<(Meta, List)>, CmdError> {
    match ctx.lookup_kind(key, Kind::List, read)? {
        Some(m) => {
            let list = List::of(&m)?;
            Ok(Some((m, list)))
        }
        None => Ok(None),
    }
}

/// Writes `list` as the new state of `key` (live record `old`, if any); an empty list deletes it.
/// Returns whether it deleted the key (the caller announces "del" after its own event).
fn save(ctx: &mut Ctx, key: &[u8], list: &List, old: Option<&Meta>) -> bool {
    match old {
        Some(old) if list.is_empty() => {
            ctx.remove(key, old);
            return true;
        }
        Some(old) => ctx.put(key, list.to_meta(old), Some(old)),
        None if list.is_empty() => {}
        None => ctx.put(key, list.to_meta(&List::new_meta(list.version)), None),
    }
    false
}

/// Announces a list event (and "del" if the command emptied the list).
fn announce(ctx: &mut Ctx, event: &'static str, key: &[u8], deleted: bool) {
    ctx.notify_then_del(notify::LIST, event, key, deleted);
}

fn pop_event(left: bool) -> &'static str {
    if left {
        "lpop"
    } else {
        "rpop"
    }
}

/// LEFT or RIGHT, as LMOVE and LMPOP spell the ends; `true` for LEFT.
fn end_arg(args: &Args, i: usize) -> Result<bool, CmdError> {
    args.either(i, "left", "right")
}

/// A blocking timeout in seconds with decimals; `None` = wait forever (0).
pub(super) fn timeout_arg(
    args: &Args,
    i: usize,
    now_ms: u64,
) -> Result<Option<Duration>, CmdError> {
    let secs = super::args::parse_f64(args.get(i)).ok_or(CmdError::Timeout)?;
    // Redis truncates to whole milliseconds in a 64-bit integer; a value too big for it comes
    // out as i64::MIN on x86-64 and so is reported as negative, exactly as Redis reports it.
    let ms = (secs * 1000.0).trunc();
    if !(0.0..9.223_372_036_854_776e18).contains(&ms) {
        return Err(CmdError::TimeoutNegative);
    }
    let ms = ms as u64;
    // Below one millisecond the timeout is 0, which means "forever", as in Redis. A deadline
    // past the end of Redis' millisecond clock never comes there either.
    Ok((ms > 0 && ms <= i64::MAX as u64 - now_ms).then(|| Duration::from_millis(ms)))
}

/// Elements `i` in Redis' index convention (negative counts from the tail) resolved against
/// `len`, clamped as LRANGE/LTRIM do: `None` for an empty range.
fn clamp_range(start: i64, stop: i64, len: u64) -> Option<(u64, u64)> {
    let len = len as i64;
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    let stop = if stop < 0 { stop + len } else { stop };
    if start > stop || start >= len {
        return None;
    }
    Some((start as u64, stop.min(len - 1) as u64))
}

/// Pushes `elements` onto one end of the list at `key` (live record `cur`), creating it if
/// needed; returns the new length.
fn push_elements<'e>(
    ctx: &mut Ctx,
    key: &[u8],
    cur: Option<(Meta, List)>,
    left: bool,
    elements: impl Iterator<Item = &'e [u8]>,
) -> Result<u64, CmdError> {
    let (old, mut list) = match cur {
        Some((m, l)) => (Some(m), l),
        None => (None, List::empty(ctx.batch.new_version()?)),
    };
    let db = ctx.db;
    for e in elements {
        if left {
            list.head = list.head.checked_sub(1).ok_or(CmdError::ListFull)?;
            ctx.batch.list_put(db, key, &list, list.head, e);
        } else {
            let pos = list.tail;
            list.tail = list.tail.checked_add(1).ok_or(CmdError::ListFull)?;
            ctx.batch.list_put(db, key, &list, pos, e);
        }
    }
    save(ctx, key, &list, old.as_ref());
    Ok(list.len())
}

/// Writes `elements` as the whole new value of `key` (whatever it held), or deletes `key` when
/// there are none; returns whether that deleted an existing key.
pub(super) fn store(ctx: &mut Ctx, key: &[u8], elements: &[Vec<u8>]) -> Result<bool, CmdError> {
    let old = ctx.lookup(key)?;
    if elements.is_empty() {
        if let Some(old) = &old {
            ctx.remove(key, old);
        }
        return Ok(old.is_some());
    }
    let mut list = List::empty(ctx.batch.new_version()?);
    for e in elements {
        let pos = list.tail;
        list.tail += 1;
        ctx.batch.list_put(ctx.db, key, &list, pos, e);
    }
    ctx.put(
        key,
        list.to_meta(&List::new_meta(list.version)),
        old.as_ref(),
    );
    Ok(false)
}

/// Pops up to `count` elements from one end of the list at `key` (live record `meta`), in pop
/// order, and writes the result. Also says whether that deleted the list.
fn pop_elements(
    ctx: &mut Ctx,
    key: &[u8],
    meta: &Meta,
    left: bool,
    count: u64,
) -> Result<(Vec<Vec<u8>>, bool), CmdError> {
    let mut list = List::of(meta)?;
    let n = count.min(list.len());
    let db = ctx.db;
    let from = if left { list.head } else { list.tail - n };
    // One element (queues, LMOVE) is a point read; an iterator costs more to set up.
    let mut out = if n == 1 {
        ctx.batch
            .list_get(db, key, &list, from)?
            .into_iter()
            .collect()
    } else {
        ctx.batch.list_range(db, key, &list, from, n)?
    };
    ctx.batch.list_delete(db, key, &list, from, from + n);
    if left {
        list.head += n;
    } else {
        out.reverse();
        list.tail -= n;
    }
    let deleted = save(ctx, key, &list, Some(meta));
    Ok((out, deleted))
}

fn push(ctx: &mut Ctx, args: &Args, left: bool, only_existing: bool) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let cur = lookup_list(ctx, key, false)?;
    if cur.is_none() && only_existing {
        return Ok(Reply::Int(0));
    }
    let len = push_elements(ctx, key, cur, left, (2..args.len()).map(|i| args.get(i)))?;
    announce(ctx, if left { "lpush" } else { "rpush" }, key, false);
    Ok(Reply::Int(len as i64))
}

/// LPUSH key element [element ...]
pub fn lpush(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    push(ctx, args, true, false)
}

/// RPUSH key element [element ...]
pub fn rpush(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    push(ctx, args, false, false)
}

/// LPUSHX key element [element ...]
pub fn lpushx(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    push(ctx, args, true, true)
}

/// RPUSHX key element [element ...]
pub fn rpushx(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    push(ctx, args, false, true)
}

fn pop(ctx: &mut Ctx, args: &Args, left: bool) -> Result<Reply, CmdError> {
    if args.len() > 3 {
        return Err(args.arity_error());
    }
    let count = if args.len() == 3 {
        let n = args.i64(2).map_err(|_| CmdError::PopCountOutOfRange)?;
        Some(u64::try_from(n).map_err(|_| CmdError::PopCountOutOfRange)?)
    } else {
        None
    };
    let key = args.get(1);
    let Some((meta, _)) = lookup_list(ctx, key, false)? else {
        return Ok(if count.is_some() {
            Reply::NilArray
        } else {
            Reply::Nil
        });
    };
    match count {
        None => {
            let (mut v, deleted) = pop_elements(ctx, key, &meta, left, 1)?;
            announce(ctx, pop_event(left), key, deleted);
            Ok(v.pop().map_or(Reply::Nil, bulk))
        }
        Some(0) => Ok(Reply::Array(Vec::new())),
        Some(n) => {
            let (v, deleted) = pop_elements(ctx, key, &meta, left, n)?;
            announce(ctx, pop_event(left), key, deleted);
            Ok(Reply::Array(v.into_iter().map(bulk).collect()))
        }
    }
}

/// LPOP key [count]
pub fn lpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    pop(ctx, args, true)
}

/// RPOP key [count]
pub fn rpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    pop(ctx, args, false)
}

/// LLEN key
pub fn llen(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let m = lookup_list(ctx, args.get(1), true)?;
    Ok(Reply::Int(m.map_or(0, |(_, l)| l.len() as i64)))
}

/// Resolves a Redis index (negative from the tail) to a 0-based position, if in range.
fn element_index(index: i64, len: u64) -> Option<u64> {
    let i = if index < 0 {
        index.checked_add(len as i64)?
    } else {
        index
    };
    (i >= 0 && (i as u64) < len).then_some(i as u64)
}

/// LINDEX key index
pub fn lindex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some((_, list)) = lookup_list(ctx, key, true)? else {
        return Ok(Reply::Nil);
    };
    let Some(i) = element_index(args.i64(2)?, list.len()) else {
        return Ok(Reply::Nil);
    };
    let v = ctx.batch.list_get(ctx.db, key, &list, list.pos(i))?;
    Ok(v.map_or(Reply::Nil, bulk))
}

/// LSET key index element
pub fn lset(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let (_, list) = lookup_list(ctx, key, false)?.ok_or(CmdError::NoSuchKey)?;
    let i = element_index(args.i64(2)?, list.len()).ok_or(CmdError::IndexOutOfRange)?;
    ctx.batch
        .list_put(ctx.db, key, &list, list.pos(i), args.get(3));
    announce(ctx, "lset", key, false);
    Ok(Reply::ok())
}

/// LRANGE key start stop
pub fn lrange(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (start, stop) = (args.i64(2)?, args.i64(3)?);
    let key = args.get(1);
    let Some((_, list)) = lookup_list(ctx, key, true)? else {
        return Ok(Reply::Array(Vec::new()));
    };
    let Some((from, to)) = clamp_range(start, stop, list.len()) else {
        return Ok(Reply::Array(Vec::new()));
    };
    // The elements are copied into one buffer and replied as slices of it: one allocation for
    // the whole range instead of one per element.
    let count = (to - from + 1) as usize;
    let mut buf = BytesMut::new();
    let mut ends = Vec::with_capacity(count.min(1 << 16));
    ctx.batch
        .list_scan(ctx.db, key, &list, list.pos(from), false, |_, v| {
            buf.extend_from_slice(v);
            ends.push(buf.len());
            ends.len() < count
        })?;
    let buf = buf.freeze();
    let mut start = 0;
    Ok(Reply::Array(
        ends.into_iter()
            .map(|end| {
                let element = buf.slice(start..end);
                start = end;
                Reply::Bulk(element)
            })
            .collect(),
    ))
}

/// LTRIM key start stop
pub fn ltrim(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (start, stop) = (args.i64(2)?, args.i64(3)?);
    let key = args.get(1);
    let Some((meta, mut list)) = lookup_list(ctx, key, false)? else {
        return Ok(Reply::ok());
    };
    let Some((from, to)) = clamp_range(start, stop, list.len()) else {
        ctx.remove(key, &meta);
        announce(ctx, "ltrim", key, true);
        return Ok(Reply::ok());
    };
    let (new_head, new_tail) = (list.pos(from), list.pos(to) + 1);
    if new_head == list.head && new_tail == list.tail {
        // Redis counts a trim that keeps everything as a write all the same: it fails the
        // EXEC of whoever WATCHes the key. Rewriting the unchanged record does that here.
        ctx.put(key, meta.clone(), Some(&meta));
        announce(ctx, "ltrim", key, false);
        return Ok(Reply::ok());
    }
    let db = ctx.db;
    ctx.batch.list_delete(db, key, &list, list.head, new_head);
    ctx.batch.list_delete(db, key, &list, new_tail, list.tail);
    list.head = new_head;
    list.tail = new_tail;
    save(ctx, key, &list, Some(&meta));
    announce(ctx, "ltrim", key, false);
    Ok(Reply::ok())
}

/// Position (0-based from the head) of the first element equal to `pivot`.
fn find_first(ctx: &Ctx, key: &[u8], list: &List, pivot: &[u8]) -> Result<Option<u64>, CmdError> {
    let mut found = None;
    ctx.batch
        .list_scan(ctx.db, key, list, list.head, false, |pos, v| {
            if v == pivot {
                found = Some(pos - list.head);
                false
            } else {
                true
            }
        })?;
    Ok(found)
}

/// LINSERT key BEFORE|AFTER pivot element
pub fn linsert(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let after = if args.is(2, "after") {
        true
    } else if args.is(2, "before") {
        false
    } else {
        return Err(CmdError::Syntax);
    };
    let key = args.get(1);
    let Some((meta, mut list)) = lookup_list(ctx, key, false)? else {
        return Ok(Reply::Int(0));
    };
    let Some(at) = find_first(ctx, key, &list, args.get(3))? else {
        return Ok(Reply::Int(-1));
    };
    // The new element becomes element `j`; shift whichever side of it is shorter by one.
    let j = at + after as u64;
    let n = list.len();
    let db = ctx.db;
    if j <= n - j {
        let moved = ctx.batch.list_range(db, key, &list, list.head, j)?;
        list.head = list.head.checked_sub(1).ok_or(CmdError::ListFull)?;
        for (k, v) in moved.iter().enumerate() {
            ctx.batch.list_put(db, key, &list, list.pos(k as u64), v);
        }
    } else {
        let moved = ctx.batch.list_range(db, key, &list, list.pos(j), n - j)?;
        list.tail = list.tail.checked_add(1).ok_or(CmdError::ListFull)?;
        for (k, v) in moved.iter().enumerate() {
            ctx.batch
                .list_put(db, key, &list, list.pos(j + 1 + k as u64), v);
        }
    }
    ctx.batch.list_put(db, key, &list, list.pos(j), args.get(4));
    save(ctx, key, &list, Some(&meta));
    announce(ctx, "linsert", key, false);
    Ok(Reply::Int(list.len() as i64))
}

/// LREM key count element
pub fn lrem(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let count = args.i64(2)?;
    let key = args.get(1);
    let Some((meta, mut list)) = lookup_list(ctx, key, false)? else {
        return Ok(Reply::Int(0));
    };
    let element = args.get(3);
    let limit = count.unsigned_abs();
    let rev = count < 0;
    let start = if rev { list.tail - 1 } else { list.head };
    let db = ctx.db;
    let mut hits = Vec::new();
    ctx.batch.list_scan(db, key, &list, start, rev, |pos, v| {
        if v == element {
            hits.push(pos);
        }
        limit == 0 || (hits.len() as u64) < limit
    })?;
    if hits.is_empty() {
        return Ok(Reply::Int(0));
    }
    hits.sort_unstable();
    let k = hits.len() as u64;
    if k == list.len() {
        ctx.remove(key, &meta);
        announce(ctx, "lrem", key, true);
        return Ok(Reply::Int(k as i64));
    }
    let (first, last) = (hits[0], hits[hits.len() - 1]);
    // Close the gaps by moving the survivors of the shorter side towards the other end: the
    // head side (scanned back from the last hit) or the tail side (forward from the first).
    let rev = last - list.head < list.tail - first;
    let from = if rev { last } else { first };
    let mut survivors = Vec::new();
    ctx.batch.list_scan(db, key, &list, from, rev, |pos, v| {
        if hits.binary_search(&pos).is_err() {
            survivors.push(v.to_vec());
        }
        true
    })?;
    for (i, v) in survivors.iter().enumerate() {
        let pos = if rev {
            from - i as u64
        } else {
            from + i as u64
        };
        ctx.batch.list_put(db, key, &list, pos, v);
    }
    if rev {
        ctx.batch
            .list_delete(db, key, &list, list.head, list.head + k);
        list.head += k;
    } else {
        ctx.batch
            .list_delete(db, key, &list, list.tail - k, list.tail);
        list.tail -= k;
    }
    save(ctx, key, &list, Some(&meta));
    announce(ctx, "lrem", key, false);
    Ok(Reply::Int(k as i64))
}

/// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
pub fn lpos(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut rank, mut count, mut maxlen) = (1i64, None, 0u64);
    let mut i = 3;
    while i < args.len() {
        let has_value = i + 1 < args.len();
        if args.is(i, "rank") && has_value {
            rank = args.i64(i + 1)?;
            if rank == 0 {
                return Err(CmdError::LposRankZero);
            }
        } else if args.is(i, "count") && has_value {
            let n = args.i64(i + 1).map_err(|_| CmdError::LposCountNegative)?;
            count = Some(u64::try_from(n).map_err(|_| CmdError::LposCountNegative)?);
        } else if args.is(i, "maxlen") && has_value {
            let n = args.i64(i + 1).map_err(|_| CmdError::LposMaxlenNegative)?;
            maxlen = u64::try_from(n).map_err(|_| CmdError::LposMaxlenNegative)?;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 2;
    }
    let key = args.get(1);
    let Some((_, list)) = lookup_list(ctx, key, true)? else {
        return Ok(match count {
            Some(_) => Reply::Array(Vec::new()),
            None => Reply::Nil,
        });
    };
    let element = args.get(2);
    let rev = rank < 0;
    // Redis 7.0 negates a rank of i64::MIN to itself and then takes the first match from the
    // tail; so does Strata.
    let mut skip = if rank == i64::MIN {
        0
    } else {
        rank.unsigned_abs() - 1
    };
    let want = count.map_or(1, |c| if c == 0 { u64::MAX } else { c });
    let start = if rev { list.tail - 1 } else { list.head };
    let (mut seen, mut found) = (0u64, Vec::new());
    ctx.batch
        .list_scan(ctx.db, key, &list, start, rev, |pos, v| {
            seen += 1;
            if v == element {
                if skip > 0 {
                    skip -= 1;
                } else {
                    found.push(Reply::Int((pos - list.head) as i64));
                }
            }
            (found.len() as u64) < want && (maxlen == 0 || seen < maxlen)
        })?;
    Ok(match count {
        Some(_) => Reply::Array(found),
        None => found.pop().unwrap_or(Reply::Nil),
    })
}

/// Moves one element from `src` to `dst`: `None` if `src` does not exist. WRONGTYPE (before
/// any write) if either key holds another type.
fn move_element(
    ctx: &mut Ctx,
    src: &[u8],
    dst: &[u8],
    from_left: bool,
    to_left: bool,
) -> Result<Option<Vec<u8>>, CmdError> {
    let Some((meta, _)) = lookup_list(ctx, src, false)? else {
        return Ok(None);
    };
    lookup_list(ctx, dst, false)?;
    let (mut popped, deleted) = pop_elements(ctx, src, &meta, from_left, 1)?;
    let Some(element) = popped.pop() else {
        return Ok(None);
    };
    // Looked up again: when dst == src it sees the pop through the batch.
    let cur = lookup_list(ctx, dst, false)?;
    push_elements(ctx, dst, cur, to_left, std::iter::once(element.as_slice()))?;
    // Redis announces the push before the pop.
    announce(ctx, if to_left { "lpush" } else { "rpush" }, dst, false);
    announce(ctx, pop_event(from_left), src, deleted);
    Ok(Some(element))
}

/// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
pub fn lmove(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (from_left, to_left) = (end_arg(args, 3)?, end_arg(args, 4)?);
    let moved = move_element(ctx, args.get(1), args.get(2), from_left, to_left)?;
    Ok(moved.map_or(Reply::Nil, bulk))
}

/// RPOPLPUSH source destination
pub fn rpoplpush(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let moved = move_element(ctx, args.get(1), args.get(2), false, true)?;
    Ok(moved.map_or(Reply::Nil, bulk))
}

/// The parsed tail of LMPOP/BLMPOP (`numkeys key [key ...] LEFT|RIGHT [COUNT count]`) and of
/// ZMPOP/BZMPOP (MIN|MAX instead of LEFT|RIGHT).
pub(super) struct MultiPop {
    pub keys: std::ops::Range<usize>,
    /// LEFT (or MIN).
    pub left: bool,
    pub count: u64,
}

/// Parses a multi-pop tail whose end words are `ends` (`("left", "right")` for lists).
pub(super) fn multi_pop_args(
    args: &Args,
    numkeys_at: usize,
    ends: (&str, &str),
) -> Result<MultiPop, CmdError> {
    let numkeys = args
        .i64(numkeys_at)
        .ok()
        .filter(|&n| n > 0)
        .ok_or(CmdError::NumkeysNotPositive)? as u64;
    let where_at = (numkeys_at as u64)
        .checked_add(numkeys + 1)
        .filter(|&w| w < args.len() as u64)
        .ok_or(CmdError::Syntax)? as usize;
    let left = args.either(where_at, ends.0, ends.1)?;
    let mut count = None;
    let mut i = where_at + 1;
    while i < args.len() {
        if count.is_none() && args.is(i, "count") && i + 1 < args.len() {
            let n = args
                .i64(i + 1)
                .ok()
                .filter(|&n| n > 0)
                .ok_or(CmdError::CountNotPositive)?;
            count = Some(n as u64);
            i += 2;
        } else {
            return Err(CmdError::Syntax);
        }
    }
    Ok(MultiPop {
        keys: numkeys_at + 1..where_at,
        left,
        count: count.unwrap_or(1),
    })
}

/// A key and the elements popped from it.
type Popped = (Bytes, Vec<Vec<u8>>);

/// Pops from the first non-empty list among `keys` (WRONGTYPE if a key before it holds another
/// type).
fn pop_first(
    ctx: &mut Ctx,
    args: &Args,
    keys: impl Iterator<Item = usize>,
    left: bool,
    count: u64,
) -> Result<Option<Popped>, CmdError> {
    for i in keys {
        let key = args.get(i);
        if let Some((meta, _)) = lookup_list(ctx, key, false)? {
            let (v, deleted) = pop_elements(ctx, key, &meta, left, count)?;
            announce(ctx, pop_event(left), key, deleted);
            return Ok(Some((args.bytes(i), v)));
        }
    }
    Ok(None)
}

fn multi_pop_reply(key: Bytes, elements: Vec<Vec<u8>>) -> Reply {
    Reply::Array(vec![
        Reply::Bulk(key),
        Reply::Array(elements.into_iter().map(bulk).collect()),
    ])
}

/// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
pub fn lmpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mp = multi_pop_args(args, 1, ("left", "right"))?;
    Ok(match pop_first(ctx, args, mp.keys, mp.left, mp.count)? {
        Some((key, v)) => multi_pop_reply(key, v),
        None => Reply::NilArray,
    })
}

/// Asks the connection to block on `keys` (argument indexes) and returns `on_timeout`, the reply
/// it sends if nothing arrives in time. Where blocking is denied (inside EXEC) the command ends
/// at once with `denied`.
pub(super) fn block(
    ctx: &mut Ctx,
    args: &Args,
    keys: impl Iterator<Item = usize>,
    timeout: Option<Duration>,
    on_timeout: Reply,
    denied: Reply,
) -> Reply {
    if ctx.deny_blocking {
        return denied;
    }
    ctx.after = After::Block(Block {
        keys: keys.map(|i| args.bytes(i)).collect(),
        timeout,
    });
    on_timeout
}

fn blocking_pop(ctx: &mut Ctx, args: &Args, left: bool) -> Result<Reply, CmdError> {
    let last = args.len() - 1;
    let timeout = timeout_arg(args, last, ctx.now_ms)?;
    Ok(match pop_first(ctx, args, 1..last, left, 1)? {
        Some((key, mut v)) => {
            Reply::Array(vec![Reply::Bulk(key), v.pop().map_or(Reply::Nil, bulk)])
        }
        None => block(
            ctx,
            args,
            1..last,
            timeout,
            Reply::NilArray,
            Reply::NilArray,
        ),
    })
}

/// BLPOP key [key ...] timeout
pub fn blpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    blocking_pop(ctx, args, true)
}

/// BRPOP key [key ...] timeout
pub fn brpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    blocking_pop(ctx, args, false)
}

fn blocking_move(
    ctx: &mut Ctx,
    args: &Args,
    from_left: bool,
    to_left: bool,
    timeout: Option<Duration>,
) -> Result<Reply, CmdError> {
    Ok(
        match move_element(ctx, args.get(1), args.get(2), from_left, to_left)? {
            Some(v) => bulk(v),
            // Redis answers a timed-out BLMOVE with a null array, an empty one in MULTI with a
            // null bulk.
            None => block(ctx, args, 1..2, timeout, Reply::NilArray, Reply::Nil),
        },
    )
}

/// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
pub fn blmove(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (from_left, to_left) = (end_arg(args, 3)?, end_arg(args, 4)?);
    let timeout = timeout_arg(args, 5, ctx.now_ms)?;
    blocking_move(ctx, args, from_left, to_left, timeout)
}

/// BRPOPLPUSH source destination timeout
pub fn brpoplpush(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let timeout = timeout_arg(args, 3, ctx.now_ms)?;
    blocking_move(ctx, args, false, true, timeout)
}

/// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
pub fn blmpop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // As Redis: the rest of the command is checked before the timeout.
    let mp = multi_pop_args(args, 2, ("left", "right"))?;
    let timeout = timeout_arg(args, 1, ctx.now_ms)?;
    Ok(
        match pop_first(ctx, args, mp.keys.clone(), mp.left, mp.count)? {
            Some((key, v)) => multi_pop_reply(key, v),
            None => block(
                ctx,
                args,
                mp.keys,
                timeout,
                Reply::NilArray,
                Reply::NilArray,
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// LRANGE's clamping, written as Redis documents it, over a plain vector.
    fn model(start: i64, stop: i64, len: u64) -> Vec<u64> {
        let n = len as i64;
        (0..n)
            .filter(|&i| {
                let s = if start < 0 { start + n } else { start };
                let e = if stop < 0 { stop + n } else { stop };
                i >= s.max(0) && i <= e
            })
            .map(|i| i as u64)
            .collect()
    }

    proptest! {
        #[test]
        fn clamp_range_matches_the_documented_rule(start in -20i64..20, stop in -20i64..20, len in 0u64..12) {
            let got: Vec<u64> = clamp_range(start, stop, len).map_or(Vec::new(), |(a, b)| (a..=b).collect());
            prop_assert_eq!(got, model(start, stop, len));
        }

        #[test]
        fn extreme_indexes_never_panic(start: i64, stop: i64, len in 0u64..1 << 40, i: i64) {
            let _ = clamp_range(start, stop, len);
            let _ = element_index(i, len);
        }
    }
}
