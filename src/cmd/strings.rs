//! String commands: GET/SET and friends, counters, ranges and LCS.
//!
//! A small string is stored inline in its metadata record, so GET is one point read; a large one
//! is chunked (see `strata_storage::types::string`), and the in-place edits (APPEND, SETRANGE)
//! touch only the chunks they cover. The inline encoding byte only remembers what OBJECT
//! ENCODING must report when it differs from what the value itself implies (APPEND/SETRANGE
//! leave Redis' "raw" strings).

use super::args::parse_i64;
use super::{Args, CmdError, Ctx};
use crate::notify;
use crate::resp::Reply;
use bytes::Bytes;
use strata_storage::types::string::{
    self as layout, StringEdit, ENC_AUTO, ENC_CHUNKED, ENC_NOT_INT, ENC_RAW,
};
use strata_storage::Meta;

/// What OBJECT ENCODING reports for a string record.
pub fn object_encoding(m: &Meta) -> &'static str {
    let v = &m.body;
    match m.encoding {
        ENC_RAW | ENC_CHUNKED => "raw",
        ENC_AUTO if v.len() <= 20 && parse_i64(v).is_some() => "int",
        _ if v.len() <= 44 => "embstr",
        _ => "raw",
    }
}

/// The whole value of the live string record `m` of `key`.
pub(super) fn value(ctx: &Ctx, key: &[u8], m: Meta) -> Result<Vec<u8>, CmdError> {
    Ok(ctx.batch.string_value(ctx.db, key, m)?)
}

fn bulk(ctx: &Ctx, key: &[u8], m: Meta) -> Result<Reply, CmdError> {
    Ok(Reply::Bulk(Bytes::from(value(ctx, key, m)?)))
}

/// Stores `value` as the whole string at `key` (chunked if large); `old` is what
/// [`Ctx::lookup`] returned for it.
pub(super) fn put_value(
    ctx: &mut Ctx,
    key: &[u8],
    value: Vec<u8>,
    encoding: u8,
    expire_at: u64,
    old: Option<&Meta>,
) -> Result<(), CmdError> {
    ctx.batch
        .put_string(ctx.db, key, value, encoding, expire_at, old)?;
    if old.is_none() {
        ctx.notify(notify::NEW, "new", key);
    }
    Ok(())
}

/// Expiry options shared by SET and GETEX. `At` holds the argument index of the time, parsed
/// only after all options are known, so that a syntax error wins over a bad number as in Redis.
#[derive(Clone, Copy, PartialEq)]
enum Ttl {
    Unchanged,
    Keep,
    Persist,
    At {
        index: usize,
        secs: bool,
        relative: bool,
    },
}

impl Ttl {
    /// Redis lets an expiry option repeat (the last one wins) but not mix with another kind.
    fn compatible(self, next: Ttl) -> bool {
        match (self, next) {
            (Ttl::Unchanged, _) => true,
            (
                Ttl::At {
                    secs: a,
                    relative: b,
                    ..
                },
                Ttl::At {
                    secs: c,
                    relative: d,
                    ..
                },
            ) => a == c && b == d,
            (a, b) => a == b,
        }
    }
}

/// Recognises `EX|PX|EXAT|PXAT <n>` at `args[i]`.
fn ttl_option(args: &Args, i: usize) -> Result<Option<Ttl>, CmdError> {
    let (secs, relative) = if args.is(i, "ex") {
        (true, true)
    } else if args.is(i, "px") {
        (false, true)
    } else if args.is(i, "exat") {
        (true, false)
    } else if args.is(i, "pxat") {
        (false, false)
    } else {
        return Ok(None);
    };
    if i + 1 >= args.len() {
        return Err(CmdError::Syntax);
    }
    Ok(Some(Ttl::At {
        index: i + 1,
        secs,
        relative,
    }))
}

/// The absolute deadline of a parsed `Ttl::At`, checked like Redis does.
fn ttl_deadline(ctx: &Ctx, args: &Args, ttl: Ttl, cmd: &str) -> Result<Option<u64>, CmdError> {
    match ttl {
        Ttl::At {
            index,
            secs,
            relative,
        } => Ok(Some(
            args.deadline(index, secs, relative, ctx.now_ms, cmd, true)? as u64,
        )),
        _ => Ok(None),
    }
}

/// GET key
pub fn get(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    match ctx.lookup_string(key, true)? {
        Some(m) => bulk(ctx, key, m),
        None => Ok(Reply::Nil),
    }
}

/// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
pub fn set(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut nx, mut xx, mut get, mut ttl) = (false, false, false, Ttl::Unchanged);
    let mut i = 3;
    while i < args.len() {
        if args.is(i, "nx") && !xx {
            nx = true;
        } else if args.is(i, "xx") && !nx {
            xx = true;
        } else if args.is(i, "get") {
            get = true;
        } else if args.is(i, "keepttl") && ttl.compatible(Ttl::Keep) {
            ttl = Ttl::Keep;
        } else {
            match ttl_option(args, i)? {
                Some(t) if ttl.compatible(t) => ttl = t,
                _ => return Err(CmdError::Syntax),
            }
            i += 1;
        }
        i += 1;
    }
    let deadline = ttl_deadline(ctx, args, ttl, "set")?;
    let key = args.get(1);
    let old = ctx.lookup(key)?;
    let old_value = match &old {
        Some(m) if get && m.kind != strata_storage::Kind::String => {
            return Err(CmdError::WrongType)
        }
        Some(m) if get => Reply::Bulk(value(ctx, key, m.clone())?.into()),
        _ if get => Reply::Nil,
        _ => Reply::Nil,
    };
    if (nx && old.is_some()) || (xx && old.is_none()) {
        return Ok(if get { old_value } else { Reply::Nil });
    }
    let expire_at = match ttl {
        Ttl::Keep => old.as_ref().map_or(0, |m| m.expire_at),
        _ => deadline.unwrap_or(0),
    };
    write_string(ctx, key, args.get(2).to_vec(), expire_at, old.as_ref())?;
    if deadline.is_some() && ttl != Ttl::Keep {
        ctx.notify(notify::GENERIC, "expire", key);
    }
    Ok(if get { old_value } else { Reply::ok() })
}

/// Stores a string value, or deletes the key when the deadline has already passed (as Redis does
/// for SET ... PXAT in the past).
fn write_string(
    ctx: &mut Ctx,
    key: &[u8],
    value: Vec<u8>,
    expire_at: u64,
    old: Option<&Meta>,
) -> Result<(), CmdError> {
    if expire_at != 0 && expire_at <= ctx.now_ms {
        if let Some(old) = old {
            ctx.remove(key, old);
        }
        return Ok(());
    }
    put_value(ctx, key, value, ENC_AUTO, expire_at, old)?;
    ctx.notify(notify::STRING, "set", key);
    Ok(())
}

/// SETNX key value
pub fn setnx(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    if ctx.lookup(key)?.is_some() {
        return Ok(Reply::Int(0));
    }
    put_value(ctx, key, args.get(2).to_vec(), ENC_AUTO, 0, None)?;
    ctx.notify(notify::STRING, "set", key);
    Ok(Reply::Int(1))
}

fn set_with_ttl(ctx: &mut Ctx, args: &Args, secs: bool, cmd: &str) -> Result<Reply, CmdError> {
    let when = args.deadline(2, secs, true, ctx.now_ms, cmd, true)?;
    let key = args.get(1);
    let old = ctx.lookup(key)?;
    write_string(ctx, key, args.get(3).to_vec(), when as u64, old.as_ref())?;
    ctx.notify(notify::GENERIC, "expire", key);
    Ok(Reply::ok())
}

/// SETEX key seconds value
pub fn setex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    set_with_ttl(ctx, args, true, "setex")
}

/// PSETEX key milliseconds value
pub fn psetex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    set_with_ttl(ctx, args, false, "psetex")
}

/// MGET key [key ...]
pub fn mget(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut out = Vec::with_capacity(args.len() - 1);
    for i in 1..args.len() {
        out.push(match ctx.lookup_read(args.get(i))? {
            Some(m) if m.kind == strata_storage::Kind::String => bulk(ctx, args.get(i), m)?,
            _ => Reply::Nil,
        });
    }
    Ok(Reply::Array(out))
}

fn check_pairs(args: &Args) -> Result<(), CmdError> {
    if args.len().is_multiple_of(2) {
        return Err(args.arity_error());
    }
    Ok(())
}

/// MSET key value [key value ...]
pub fn mset(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    check_pairs(args)?;
    for i in (1..args.len()).step_by(2) {
        let old = ctx.lookup(args.get(i))?;
        let v = args.get(i + 1).to_vec();
        put_value(ctx, args.get(i), v, ENC_AUTO, 0, old.as_ref())?;
        ctx.notify(notify::STRING, "set", args.get(i));
    }
    Ok(Reply::ok())
}

/// MSETNX key value [key value ...]
pub fn msetnx(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    check_pairs(args)?;
    for i in (1..args.len()).step_by(2) {
        if ctx.lookup(args.get(i))?.is_some() {
            return Ok(Reply::Int(0));
        }
    }
    for i in (1..args.len()).step_by(2) {
        let old = ctx.lookup(args.get(i))?;
        let v = args.get(i + 1).to_vec();
        put_value(ctx, args.get(i), v, ENC_AUTO, 0, old.as_ref())?;
        ctx.notify(notify::STRING, "set", args.get(i));
    }
    Ok(Reply::Int(1))
}

/// GETSET key value
pub fn getset(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let old = ctx.lookup_string(key, false)?;
    let reply = match &old {
        Some(m) => bulk(ctx, key, m.clone())?,
        None => Reply::Nil,
    };
    put_value(ctx, key, args.get(2).to_vec(), ENC_AUTO, 0, old.as_ref())?;
    ctx.notify(notify::STRING, "set", key);
    Ok(reply)
}

/// GETDEL key
pub fn getdel(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    match ctx.lookup_string(key, true)? {
        Some(m) => {
            // Read before the delete: in a transaction the delete hides the chunks at once.
            let reply = bulk(ctx, key, m.clone())?;
            ctx.remove(key, &m);
            ctx.notify(notify::GENERIC, "del", key);
            Ok(reply)
        }
        None => Ok(Reply::Nil),
    }
}

/// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
pub fn getex(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut ttl = Ttl::Unchanged;
    let mut i = 2;
    while i < args.len() {
        if args.is(i, "persist") && ttl.compatible(Ttl::Persist) {
            ttl = Ttl::Persist;
        } else {
            match ttl_option(args, i)? {
                Some(t) if ttl.compatible(t) => ttl = t,
                _ => return Err(CmdError::Syntax),
            }
            i += 1;
        }
        i += 1;
    }
    let key = args.get(1);
    // As Redis: a missing key or one of another type answers before the expiry is checked.
    let Some(m) = ctx.lookup_string(key, true)? else {
        return Ok(Reply::Nil);
    };
    let deadline = ttl_deadline(ctx, args, ttl, "getex")?;
    let reply = bulk(ctx, key, m.clone())?;
    match (ttl, deadline) {
        (_, Some(when)) if when <= ctx.now_ms => {
            ctx.remove(key, &m);
            ctx.notify(notify::GENERIC, "del", key);
        }
        (_, Some(when)) => {
            let new = Meta {
                expire_at: when,
                ..m.clone()
            };
            ctx.put(key, new, Some(&m));
            ctx.notify(notify::GENERIC, "expire", key);
        }
        (Ttl::Persist, _) if m.expire_at != 0 => {
            let new = Meta {
                expire_at: 0,
                ..m.clone()
            };
            ctx.put(key, new, Some(&m));
            ctx.notify(notify::GENERIC, "persist", key);
        }
        _ => {}
    }
    Ok(reply)
}

/// Stores `value` as a raw string under `key`, keeping the TTL of `old` (the live record that
/// [`Ctx::lookup`] returned), as commands that rewrite a whole string in place do (PFADD, ...).
/// Nothing is written when neither the bytes nor the reported encoding would change.
pub(super) fn store_raw(
    ctx: &mut Ctx,
    key: &[u8],
    value: Vec<u8>,
    old: Option<&Meta>,
) -> Result<(), CmdError> {
    if old.is_some_and(|m| m.encoding == ENC_RAW && m.body == value) {
        return Ok(());
    }
    put_value(
        ctx,
        key,
        value,
        ENC_RAW,
        old.map_or(0, |m| m.expire_at),
        old,
    )
}

/// The largest string a command may create (`proto-max-bulk-len`).
pub(super) fn max_len(ctx: &Ctx) -> u64 {
    ctx.server.config.read().proto_max_bulk_len as u64
}

/// APPEND key value
pub fn append(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let add = args.get(2);
    match ctx.lookup_string(key, false)? {
        None => {
            put_value(ctx, key, add.to_vec(), ENC_AUTO, 0, None)?;
            ctx.notify(notify::STRING, "append", key);
            Ok(Reply::Int(add.len() as i64))
        }
        Some(old) => {
            if layout::len(&old) + add.len() as u64 > max_len(ctx) {
                return Err(CmdError::StringTooLong);
            }
            let mut edit = StringEdit::new(ctx.db, key, Some(&old));
            edit.write(&ctx.batch, edit.len(), add)?;
            let len = edit.len();
            edit.finish(&mut ctx.batch);
            // A modification even when it appends nothing, as in Redis.
            ctx.batch.mark_modified(ctx.db, key);
            ctx.notify(notify::STRING, "append", key);
            Ok(Reply::Int(len as i64))
        }
    }
}

/// STRLEN key
pub fn strlen(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(
        ctx.lookup_string(args.get(1), true)?
            .map_or(0, |m| layout::len(&m) as i64),
    ))
}

fn incr_by(ctx: &mut Ctx, key: &[u8], by: i64) -> Result<Reply, CmdError> {
    let old = ctx.lookup_string(key, false)?;
    let cur = match &old {
        // Far longer than any integer.
        Some(m) if layout::is_chunked(m) => return Err(CmdError::NotInteger),
        Some(m) => parse_i64(&m.body).ok_or(CmdError::NotInteger)?,
        None => 0,
    };
    let new = cur.checked_add(by).ok_or(CmdError::Overflow)?;
    let expire_at = old.as_ref().map_or(0, |m| m.expire_at);
    let v = new.to_string().into_bytes();
    put_value(ctx, key, v, ENC_AUTO, expire_at, old.as_ref())?;
    ctx.notify(notify::STRING, "incrby", key);
    Ok(Reply::Int(new))
}

/// INCR key
pub fn incr(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    incr_by(ctx, args.get(1), 1)
}

/// DECR key
pub fn decr(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    incr_by(ctx, args.get(1), -1)
}

/// INCRBY key increment
pub fn incrby(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let by = args.i64(2)?;
    incr_by(ctx, args.get(1), by)
}

/// DECRBY key decrement
pub fn decrby(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let by = args.i64(2)?;
    if by == i64::MIN {
        return Err(CmdError::DecrementOverflow);
    }
    incr_by(ctx, args.get(1), -by)
}

/// INCRBYFLOAT key increment
pub fn incrbyfloat(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let old = ctx.lookup_string(key, false)?;
    let cur = match &old {
        // Far longer than any float Redis parses.
        Some(m) if layout::is_chunked(m) => return Err(CmdError::NotFloat),
        Some(m) => &m.body[..],
        None => &b"0"[..],
    };
    let sum = crate::longdouble::add(cur, args.get(2))?;
    let expire_at = old.as_ref().map_or(0, |m| m.expire_at);
    put_value(ctx, key, sum.clone(), ENC_NOT_INT, expire_at, old.as_ref())?;
    ctx.notify(notify::STRING, "incrbyfloat", key);
    Ok(Reply::Bulk(sum.into()))
}

/// Resolves Redis' inclusive, possibly negative `start`/`end` against `len`; `None` = empty.
fn byte_range(start: i64, end: i64, len: u64) -> Option<(u64, u64)> {
    let len = len as i64;
    if (start < 0 && end < 0 && start > end) || len == 0 {
        return None;
    }
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let end = if end < 0 {
        (len + end).max(0)
    } else {
        end.min(len - 1)
    };
    (start <= end).then_some((start as u64, end as u64))
}

/// GETRANGE key start end
pub fn getrange(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (start, end) = (args.i64(2)?, args.i64(3)?);
    let key = args.get(1);
    let Some(m) = ctx.lookup_string(key, true)? else {
        return Ok(Reply::Bulk(Bytes::new()));
    };
    Ok(match byte_range(start, end, layout::len(&m)) {
        Some((s, e)) => Reply::Bulk(ctx.batch.string_range(ctx.db, key, &m, s, e + 1)?.into()),
        None => Reply::Bulk(Bytes::new()),
    })
}

/// SUBSTR key start end
pub fn substr(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    getrange(ctx, args)
}

/// SETRANGE key offset value
pub fn setrange(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let offset = args.i64(2)?;
    if offset < 0 {
        return Err(CmdError::OffsetOutOfRange);
    }
    let key = args.get(1);
    let value = args.get(3);
    let old = ctx.lookup_string(key, false)?;
    if value.is_empty() {
        return Ok(Reply::Int(old.as_ref().map_or(0, layout::len) as i64));
    }
    let offset = offset as u64;
    if offset + value.len() as u64 > max_len(ctx) {
        return Err(CmdError::StringTooLong);
    }
    let mut edit = StringEdit::new(ctx.db, key, old.as_ref());
    edit.write(&ctx.batch, offset, value)?;
    let len = edit.len();
    edit.finish(&mut ctx.batch);
    // A modification even when the bytes were already there, as in Redis.
    ctx.batch.mark_modified(ctx.db, key);
    if old.is_none() {
        ctx.notify(notify::NEW, "new", key);
    }
    ctx.notify(notify::STRING, "setrange", key);
    Ok(Reply::Int(len as i64))
}

/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
pub fn lcs(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let a = ctx.lookup_read(args.get(1))?;
    let b = ctx.lookup_read(args.get(2))?;
    if [&a, &b].iter().any(|m| {
        m.as_ref()
            .is_some_and(|m| m.kind != strata_storage::Kind::String)
    }) {
        return Err(CmdError::LcsNotStrings);
    }
    let (mut len_only, mut idx, mut min, mut with_len) = (false, false, 0i64, false);
    let mut i = 3;
    while i < args.len() {
        if args.is(i, "len") {
            len_only = true;
        } else if args.is(i, "idx") {
            idx = true;
        } else if args.is(i, "withmatchlen") {
            with_len = true;
        } else if args.is(i, "minmatchlen") && i + 1 < args.len() {
            min = args.i64(i + 1)?.max(0);
            i += 1;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    if len_only && idx {
        return Err(CmdError::LcsBothIdxLen);
    }
    let len = |m: &Option<Meta>| m.as_ref().map_or(0, layout::len);
    if (len(&a) + 1).saturating_mul(len(&b) + 1).saturating_mul(4) > max_len(ctx) {
        return Err(CmdError::LcsTooBig);
    }
    let read = |ctx: &Ctx, i: usize, m: Option<Meta>| match m {
        Some(m) => value(ctx, args.get(i), m),
        None => Ok(Vec::new()),
    };
    let (a, b) = (read(ctx, 1, a)?, read(ctx, 2, b)?);
    let (common, matches) = lcs_of(&a, &b, min as usize);
    if len_only {
        return Ok(Reply::Int(common.len() as i64));
    }
    if !idx {
        return Ok(Reply::Bulk(common.into()));
    }
    let pair = |s: usize, e: usize| Reply::Array(vec![Reply::Int(s as i64), Reply::Int(e as i64)]);
    let list = matches
        .into_iter()
        .map(|(a0, a1, b0, b1)| {
            let mut m = vec![pair(a0, a1), pair(b0, b1)];
            if with_len {
                m.push(Reply::Int((a1 - a0 + 1) as i64));
            }
            Reply::Array(m)
        })
        .collect();
    Ok(Reply::Map(vec![
        (Reply::Bulk("matches".into()), Reply::Array(list)),
        (Reply::Bulk("len".into()), Reply::Int(common.len() as i64)),
    ]))
}

/// One LCS match: `(a_start, a_end, b_start, b_end)`, inclusive.
type MatchRange = (usize, usize, usize, usize);

/// The longest common subsequence of `a` and `b`, and its matching ranges
/// `(a_start, a_end, b_start, b_end)` (inclusive), from the end of the strings backwards, keeping
/// only ranges of at least `min` bytes — the order and tie-breaking Redis uses.
fn lcs_of(a: &[u8], b: &[u8], min: usize) -> (Vec<u8>, Vec<MatchRange>) {
    let w = b.len() + 1;
    let mut t = vec![0u32; (a.len() + 1) * w];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            t[i * w + j] = if a[i - 1] == b[j - 1] {
                t[(i - 1) * w + j - 1] + 1
            } else {
                t[(i - 1) * w + j].max(t[i * w + j - 1])
            };
        }
    }
    let n = t[a.len() * w + b.len()] as usize;
    let mut out = vec![0u8; n];
    let mut matches = Vec::new();
    let (mut i, mut j, mut k) = (a.len(), b.len(), n);
    // Current range being grown backwards: (a_start, a_end, b_start, b_end).
    let mut cur: Option<(usize, usize, usize, usize)> = None;
    let emit = |r: (usize, usize, usize, usize), matches: &mut Vec<_>| {
        if r.1 - r.0 + 1 >= min {
            matches.push(r);
        }
    };
    while i > 0 && j > 0 {
        if a[i - 1] == b[j - 1] {
            out[k - 1] = a[i - 1];
            k -= 1;
            cur = Some(match cur {
                Some((a0, a1, b0, b1)) if a0 == i && b0 == j => (a0 - 1, a1, b0 - 1, b1),
                Some(r) => {
                    emit(r, &mut matches);
                    (i - 1, i - 1, j - 1, j - 1)
                }
                None => (i - 1, i - 1, j - 1, j - 1),
            });
            i -= 1;
            j -= 1;
            if let Some(r) = cur.filter(|r| r.0 == 0 || r.2 == 0) {
                emit(r, &mut matches);
                cur = None;
            }
        } else {
            if t[(i - 1) * w + j] > t[i * w + j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
            if let Some(r) = cur.take() {
                emit(r, &mut matches);
            }
        }
    }
    (out, matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcs_matches_redis_documentation_example() {
        let (s, m) = lcs_of(b"ohmytext", b"mynewtext", 0);
        assert_eq!(s, b"mytext");
        assert_eq!(m, vec![(4, 7, 5, 8), (2, 3, 0, 1)]);
        assert_eq!(lcs_of(b"ohmytext", b"mynewtext", 4).1, vec![(4, 7, 5, 8)]);
        assert_eq!(lcs_of(b"", b"abc", 0), (vec![], vec![]));
    }

    #[test]
    fn ranges_follow_redis_getrange_rules() {
        assert_eq!(byte_range(0, -1, 5), Some((0, 4)));
        assert_eq!(byte_range(-3, -1, 5), Some((2, 4)));
        assert_eq!(byte_range(-1, -3, 5), None);
        assert_eq!(byte_range(3, 100, 5), Some((3, 4)));
        assert_eq!(byte_range(-100, 1, 5), Some((0, 1)));
        assert_eq!(byte_range(4, 2, 5), None);
        assert_eq!(byte_range(0, 0, 0), None);
        assert_eq!(byte_range(10, 20, 5), None);
    }

    #[test]
    fn encoding_reported_like_redis() {
        assert_eq!(object_encoding(&Meta::string(b"123".to_vec())), "int");
        assert_eq!(object_encoding(&Meta::string(b"0123".to_vec())), "embstr");
        assert_eq!(object_encoding(&Meta::string(vec![b'a'; 45])), "raw");
        assert_eq!(
            object_encoding(&Meta {
                encoding: ENC_RAW,
                ..Meta::string(b"1".to_vec())
            }),
            "raw"
        );
        assert_eq!(
            object_encoding(&Meta {
                encoding: ENC_NOT_INT,
                ..Meta::string(b"5000".to_vec())
            }),
            "embstr"
        );
    }
}
