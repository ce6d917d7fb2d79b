//! Generic key-space commands: existence, deletion, renaming, copying, iteration, OBJECT, and
//! the expiry family (EXPIRE, TTL, PERSIST, ...).

use super::{hashes, help, strings, Args, CmdError, Ctx};
use crate::glob::glob_match;
use crate::notify;
use crate::resp::Reply;
use bytes::Bytes;
use strata_storage::{Kind, Meta};

/// DEL key [key ...]
pub fn del(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut n = 0;
    for i in 1..args.len() {
        if let Some(m) = ctx.lookup(args.get(i))? {
            ctx.remove(args.get(i), &m);
            ctx.notify(notify::GENERIC, "del", args.get(i));
            n += 1;
        }
    }
    Ok(Reply::Int(n))
}

/// UNLINK key [key ...]
pub fn unlink(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // DEL is already O(1) per key whatever its size (version-based delete), so UNLINK is DEL.
    del(ctx, args)
}

/// EXISTS key [key ...]
pub fn exists(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut n = 0;
    for i in 1..args.len() {
        n += ctx.lookup_untouched(args.get(i), false)?.is_some() as i64;
    }
    Ok(Reply::Int(n))
}

/// TOUCH key [key ...]
pub fn touch(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut n = 0;
    for i in 1..args.len() {
        n += ctx.lookup(args.get(i))?.is_some() as i64;
    }
    Ok(Reply::Int(n))
}

/// TYPE key
pub fn type_(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let name = ctx
        .lookup_untouched(args.get(1), false)?
        .map_or("none", |m| m.kind.name());
    Ok(Reply::Status(name.into()))
}

/// KEYS pattern
pub fn keys(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let pattern = args.get(1);
    let all = pattern == b"*";
    let now = ctx.now_ms;
    let mut out = Vec::new();
    ctx.batch.scan_meta(ctx.db, &[], |k, m| {
        if !m.is_expired(now) && (all || glob_match(pattern, k, false)) {
            out.push(Reply::Bulk(Bytes::copy_from_slice(k)));
        }
        true
    })?;
    Ok(Reply::Array(out))
}

/// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
pub fn scan(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let cursor = parse_cursor(args.get(1)).ok_or(CmdError::InvalidCursor)?;
    let ScanOptions {
        pattern,
        count,
        kind,
    } = scan_options(args, 2, true)?;
    let db = ctx.db;
    let from = ctx.server.scan_cursors.resume_point(db, cursor);
    let now = ctx.now_ms;
    let mut out = Vec::new();
    let mut examined = 0;
    let next = ctx.batch.scan_meta(db, &from, |k, m| {
        examined += 1;
        let wanted = !m.is_expired(now)
            && pattern.as_deref().is_none_or(|p| glob_match(p, k, false))
            && kind.as_deref().is_none_or(|t| t == m.kind.name());
        if wanted {
            out.push(Reply::Bulk(Bytes::copy_from_slice(k)));
        }
        examined < count
    })?;
    let next_cursor = match next {
        Some(raw) => ctx.server.scan_cursors.save(raw),
        None => 0,
    };
    Ok(Reply::Array(vec![
        Reply::Bulk(next_cursor.to_string().into()),
        Reply::Array(out),
    ]))
}

/// The options shared by SCAN, SSCAN and HSCAN.
pub struct ScanOptions {
    pub pattern: Option<Vec<u8>>,
    pub count: i64,
    /// SCAN's TYPE filter (lowercase).
    pub kind: Option<String>,
}

/// Parses `[MATCH pattern] [COUNT count] [TYPE type]` from `args[start..]`; TYPE only where
/// `with_type` (SCAN), as in Redis.
pub fn scan_options(args: &Args, start: usize, with_type: bool) -> Result<ScanOptions, CmdError> {
    let mut o = ScanOptions {
        pattern: None,
        count: 10,
        kind: None,
    };
    let mut i = start;
    while i < args.len() {
        if i + 1 >= args.len() {
            return Err(CmdError::Syntax);
        }
        if args.is(i, "match") {
            o.pattern = Some(args.get(i + 1).to_vec());
        } else if args.is(i, "count") {
            o.count = args.i64(i + 1)?;
            if o.count < 1 {
                return Err(CmdError::Syntax);
            }
        } else if with_type && args.is(i, "type") {
            o.kind = Some(String::from_utf8_lossy(args.get(i + 1)).to_ascii_lowercase());
        } else {
            return Err(CmdError::Syntax);
        }
        i += 2;
    }
    Ok(o)
}

/// Parses a SCAN cursor as C's strtoul does for Redis: empty means 0, an optional sign, no
/// leading space, no trailing garbage, no overflow.
pub(super) fn parse_cursor(raw: &[u8]) -> Option<u64> {
    let (neg, digits) = match raw.first() {
        Some(b'-') => (true, &raw[1..]),
        Some(b'+') => (false, &raw[1..]),
        _ => (false, raw),
    };
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    Some(if neg { v.wrapping_neg() } else { v })
}

/// Copies a value to `(dst_db, dst)`: strings by value, collections by copying their subkeys
/// under a fresh version (their subkeys embed the key name, so they cannot be shared).
fn copy_value(
    ctx: &mut Ctx,
    src_db: u8,
    src: &[u8],
    m: &Meta,
    dst_db: u8,
    dst: &[u8],
) -> Result<Meta, CmdError> {
    if !m.has_subkeys() {
        return Ok(m.clone());
    }
    if m.kind == Kind::ZSet {
        return super::zsets::copy_zset(ctx, src_db, src, m, dst_db, dst);
    }
    let version = ctx.batch.new_version()?;
    let mut subs = Vec::new();
    ctx.batch.scan_subs(src_db, src, m.version, &[], |k, v| {
        subs.push((k.to_vec(), v.to_vec()));
        true
    })?;
    for (k, v) in subs {
        ctx.batch.put_sub(dst_db, dst, version, &k, &v);
    }
    if m.kind == Kind::Hash {
        hashes::copy_field_ttls(ctx, src_db, src, m, dst_db, dst, version)?;
    }
    Ok(Meta {
        version,
        ..m.clone()
    })
}

fn rename_generic(ctx: &mut Ctx, args: &Args, nx: bool) -> Result<Reply, CmdError> {
    let (src, dst) = (args.get(1), args.get(2));
    let m = ctx.lookup(src)?.ok_or(CmdError::NoSuchKey)?;
    if src == dst {
        return Ok(if nx { Reply::Int(0) } else { Reply::ok() });
    }
    let old_dst = ctx.lookup(dst)?;
    if nx && old_dst.is_some() {
        return Ok(Reply::Int(0));
    }
    let db = ctx.db;
    let moved = copy_value(ctx, db, src, &m, db, dst)?;
    ctx.remove(src, &m);
    ctx.put(dst, moved, old_dst.as_ref());
    ctx.notify(notify::GENERIC, "rename_from", src);
    ctx.notify(notify::GENERIC, "rename_to", dst);
    Ok(if nx { Reply::Int(1) } else { Reply::ok() })
}

/// RENAME key newkey
pub fn rename(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    rename_generic(ctx, args, false)
}

/// RENAMENX key newkey
pub fn renamenx(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    rename_generic(ctx, args, true)
}

/// RANDOMKEY
pub fn randomkey(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    if ctx.batch.dbsize(ctx.db).0 == 0 {
        return Ok(Reply::Nil);
    }
    // Expired keys are skipped, not deleted: RANDOMKEY holds no key lock.
    for _ in 0..32 {
        let slot = rand::random_range(0..strata_storage::keys::SLOTS);
        if let Some((k, m)) = ctx.batch.key_at_or_after_slot(ctx.db, slot)? {
            if !m.is_expired(ctx.now_ms) {
                return Ok(Reply::Bulk(k.into()));
            }
        }
    }
    Ok(Reply::Nil)
}

/// Parses a db index argument for MOVE/COPY.
fn db_arg(ctx: &Ctx, args: &Args, i: usize) -> Result<u8, CmdError> {
    let n = args.i64(i)?;
    if n < 0 || n as usize >= ctx.server.engine.databases() {
        return Err(CmdError::DbIndexOutOfRange);
    }
    Ok(ctx.server.engine.physical_db(n as usize))
}

/// COPY source destination [DB destination-db] [REPLACE]
pub fn copy(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut dst_db, mut replace) = (ctx.db, false);
    let mut i = 3;
    while i < args.len() {
        if args.is(i, "replace") {
            replace = true;
        } else if args.is(i, "db") && i + 1 < args.len() {
            dst_db = db_arg(ctx, args, i + 1)?;
            i += 1;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    let (src, dst) = (args.get(1), args.get(2));
    if dst_db == ctx.db && src == dst {
        return Err(CmdError::SameObject);
    }
    let Some(m) = ctx.lookup(src)? else {
        return Ok(Reply::Int(0));
    };
    let old = ctx.lookup_in(dst_db, dst)?;
    if old.is_some() && !replace {
        return Ok(Reply::Int(0));
    }
    let src_db = ctx.db;
    let copied = copy_value(ctx, src_db, src, &m, dst_db, dst)?;
    ctx.batch.put_meta(dst_db, dst, copied, old.as_ref());
    if let Some(logical) = ctx.server.logical_db(dst_db) {
        if old.is_none() {
            ctx.notify_in(logical, notify::NEW, "new", dst);
        }
        ctx.notify_in(logical, notify::GENERIC, "copy_to", dst);
    }
    Ok(Reply::Int(1))
}

/// MOVE key db
pub fn move_(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let dst_db = db_arg(ctx, args, 2)?;
    if dst_db == ctx.db {
        return Err(CmdError::SameObject);
    }
    let key = args.get(1);
    let Some(m) = ctx.lookup(key)? else {
        return Ok(Reply::Int(0));
    };
    if ctx.lookup_in(dst_db, key)?.is_some() {
        return Ok(Reply::Int(0));
    }
    let src_db = ctx.db;
    let moved = copy_value(ctx, src_db, key, &m, dst_db, key)?;
    ctx.remove(key, &m);
    ctx.batch.put_meta(dst_db, key, moved, None);
    if let Some(logical) = ctx.server.logical_db(dst_db) {
        ctx.notify_in(logical, notify::NEW, "new", key);
        ctx.notify(notify::GENERIC, "move_from", key);
        ctx.notify_in(logical, notify::GENERIC, "move_to", key);
    }
    Ok(Reply::Int(1))
}

/// OBJECT ENCODING key
pub fn object_encoding(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(match ctx.lookup_untouched(args.get(2), false)? {
        None => Reply::Nil,
        Some(m) => Reply::Bulk(encoding_name(&m).into()),
    })
}

fn encoding_name(m: &Meta) -> &'static str {
    match m.kind {
        Kind::String => strings::object_encoding(m),
        Kind::List => "quicklist",
        Kind::Hash => hashes::object_encoding(m),
        Kind::Set => super::sets::object_encoding(m),
        Kind::ZSet => super::zsets::object_encoding(m),
        Kind::Stream => "stream",
    }
}

/// OBJECT FREQ key
pub fn object_freq(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    match ctx.lookup_untouched(args.get(2), false)? {
        None => Ok(Reply::Nil),
        Some(_) => Err(CmdError::ObjectFreqNeedsLfu),
    }
}

/// OBJECT IDLETIME key
pub fn object_idletime(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(2);
    let found = ctx.lookup_untouched(key, false)?;
    let idle = ctx.server.engine.idle_secs(ctx.db, key);
    Ok(found.map_or(Reply::Nil, |_| Reply::Int(idle as i64)))
}

/// OBJECT REFCOUNT key
pub fn object_refcount(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(match ctx.lookup_untouched(args.get(2), false)? {
        None => Reply::Nil,
        // Redis shares the integers 0..9999 and reports them as immortal.
        Some(m)
            if encoding_name(&m) == "int"
                && super::args::parse_i64(&m.body).is_some_and(|v| (0..10000).contains(&v)) =>
        {
            Reply::Int(i32::MAX as i64)
        }
        Some(_) => Reply::Int(1),
    })
}

/// OBJECT HELP
pub fn object_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::OBJECT))
}

fn expire_generic(
    ctx: &mut Ctx,
    args: &Args,
    secs: bool,
    relative: bool,
    cmd: &str,
) -> Result<Reply, CmdError> {
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for i in 3..args.len() {
        if args.is(i, "nx") {
            nx = true;
        } else if args.is(i, "xx") {
            xx = true;
        } else if args.is(i, "gt") {
            gt = true;
        } else if args.is(i, "lt") {
            lt = true;
        } else {
            return Err(CmdError::UnsupportedOption(
                String::from_utf8_lossy(args.get(i)).into_owned(),
            ));
        }
    }
    if nx && (xx || gt || lt) {
        return Err(CmdError::ExpireNxXxGtLt);
    }
    if gt && lt {
        return Err(CmdError::ExpireGtLt);
    }
    let when = args.deadline(2, secs, relative, ctx.now_ms, cmd, false)?;
    let key = args.get(1);
    let Some(m) = ctx.lookup(key)? else {
        return Ok(Reply::Int(0));
    };
    // A negative deadline compares like 0: already past, below any real deadline.
    if !ttl_condition(nx, xx, gt, lt, m.expire_at, when.max(0) as u64) {
        return Ok(Reply::Int(0));
    }
    if when <= ctx.now_ms as i64 {
        ctx.remove(key, &m);
        ctx.notify(notify::GENERIC, "del", key);
    } else {
        ctx.put(
            key,
            Meta {
                expire_at: when as u64,
                ..m.clone()
            },
            Some(&m),
        );
        ctx.notify(notify::GENERIC, "expire", key);
    }
    Ok(Reply::Int(1))
}

/// EXPIRE key seconds [NX | XX | GT | LT]
pub fn expire(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    expire_generic(ctx, args, true, true, "expire")
}

/// PEXPIRE key milliseconds [NX | XX | GT | LT]
pub fn pexpire(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    expire_generic(ctx, args, false, true, "pexpire")
}

/// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
pub fn expireat(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    expire_generic(ctx, args, true, false, "expireat")
}

/// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
pub fn pexpireat(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    expire_generic(ctx, args, false, false, "pexpireat")
}

/// Whether an expiry change passes its NX/XX/GT/LT condition (EXPIRE family, HEXPIRE family).
/// `cur` is the current deadline, 0 for none; no TTL counts as an infinite one, so GT never
/// applies to it and LT always does.
pub fn ttl_condition(nx: bool, xx: bool, gt: bool, lt: bool, cur: u64, when: u64) -> bool {
    let has = cur != 0;
    (!nx || !has) && (!xx || has) && (!gt || (has && when > cur)) && (!lt || !has || when < cur)
}

/// -2 for a missing key, -1 for no expiry, else `f(expire_at)`.
fn ttl_reply(ctx: &mut Ctx, key: &[u8], f: impl Fn(u64, u64) -> i64) -> Result<Reply, CmdError> {
    Ok(Reply::Int(match ctx.lookup_untouched(key, true)? {
        None => -2,
        Some(m) if m.expire_at == 0 => -1,
        Some(m) => f(m.expire_at, ctx.now_ms),
    }))
}

/// TTL key
pub fn ttl(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    ttl_reply(ctx, args.get(1), |at, now| {
        ((at.saturating_sub(now) + 500) / 1000) as i64
    })
}

/// PTTL key
pub fn pttl(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    ttl_reply(ctx, args.get(1), |at, now| at.saturating_sub(now) as i64)
}

/// EXPIRETIME key
pub fn expiretime(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    ttl_reply(ctx, args.get(1), |at, _| ((at + 500) / 1000) as i64)
}

/// PEXPIRETIME key
pub fn pexpiretime(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    ttl_reply(ctx, args.get(1), |at, _| at as i64)
}

/// PERSIST key
pub fn persist(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    match ctx.lookup(key)? {
        Some(m) if m.expire_at != 0 => {
            ctx.put(
                key,
                Meta {
                    expire_at: 0,
                    ..m.clone()
                },
                Some(&m),
            );
            ctx.notify(notify::GENERIC, "persist", key);
            Ok(Reply::Int(1))
        }
        _ => Ok(Reply::Int(0)),
    }
}
