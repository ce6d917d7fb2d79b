//! DUMP, RESTORE and MIGRATE: a key's value as a Redis DUMP payload (RDB 10, what Redis 7.0 writes and
//! reads) and back. Also home of the two conversions every RDB path shares: a stored key to an
//! [`rdb::Value`] ([`read_value`], used by DUMP and the exporter) and an [`rdb::Value`] to a
//! stored key ([`store_value`], used by RESTORE and the importer).

use super::{hashes, sets, zsets, Args, CmdError, Ctx};
use crate::rdb::{self, Value};
use crate::resp::Reply;
use bytes::Bytes;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;
use strata_storage::types::hash::decode_value;
use strata_storage::types::list::List;
use strata_storage::types::string::ENC_AUTO;
use strata_storage::types::zset::{Pos, Zset};
use strata_storage::{metadata::ENC_SET_INTSET, Batch, Kind, Meta};

/// Newest RDB version RESTORE accepts (Redis 7.4's, so field-TTL hashes restore too).
const RESTORE_MAX_VERSION: u16 = 12;

/// The value of the live key `key` (record `m`) in db `db`, and whether Redis 7.0 would hold it
/// in a compact encoding (listpack/intset). Hash fields whose TTL is due are left out.
pub fn read_value(
    b: &Batch,
    now: u64,
    db: u8,
    key: &[u8],
    m: &Meta,
) -> Result<Option<(Value, bool)>, CmdError> {
    Ok(Some(match m.kind {
        Kind::String => (Value::String(b.string_value(db, key, m.clone())?), false),
        Kind::List => {
            let list = List::of(m)?;
            (
                Value::List(b.list_range(db, key, &list, list.head, list.len())?),
                false,
            )
        }
        Kind::Set => {
            let mut v = Vec::with_capacity(m.size.min(1 << 20) as usize);
            b.scan_subs(db, key, m.version, &[], |k, _| {
                v.push(k.to_vec());
                true
            })?;
            (Value::Set(v), m.encoding == ENC_SET_INTSET)
        }
        Kind::Hash => {
            let mut v = Vec::with_capacity(m.size.min(1 << 20) as usize);
            let mut bad = false;
            b.scan_subs(db, key, m.version, &[], |f, raw| match decode_value(raw) {
                Some((at, _)) if at != 0 && at <= now => true,
                Some((at, val)) => {
                    v.push((f.to_vec(), val.to_vec(), (at != 0).then_some(at)));
                    true
                }
                None => {
                    bad = true;
                    false
                }
            })?;
            if bad {
                return Err(strata_storage::Error("corrupted hash field record".into()).into());
            }
            (Value::Hash(v), hashes::object_encoding(m) != "hashtable")
        }
        Kind::ZSet => {
            let z = Zset::of(m)?;
            let mut v = Vec::with_capacity(m.size.min(1 << 20) as usize);
            b.zscan(db, key, &z, &Pos::start(), false, |s, member| {
                v.push((member.to_vec(), s));
                true
            })?;
            (Value::Zset(v), zsets::object_encoding(m) == "listpack")
        }
        Kind::Stream => return Ok(None),
    }))
}

/// Writes `value` as the new key `key` of the selected db with deadline `expire_at` (0 = none),
/// replacing `old` (its live record) if given. The caller has dropped empty collections;
/// streams and module values cannot be stored (an error).
pub fn store_value(
    ctx: &mut Ctx,
    key: &[u8],
    value: Value,
    expire_at: u64,
    old: Option<&Meta>,
) -> Result<(), CmdError> {
    if let Some(old) = old {
        ctx.remove(key, old);
    }
    let db = ctx.db;
    match value {
        Value::String(s) => {
            if old.is_none() {
                ctx.notify(crate::notify::NEW, "new", key);
            }
            ctx.batch
                .put_string(db, key, s, ENC_AUTO, expire_at, None)?;
            return Ok(());
        }
        Value::List(items) => {
            let mut list = List::empty(ctx.batch.new_version()?);
            for it in &items {
                ctx.batch.list_put(db, key, &list, list.tail, it);
                list.tail += 1;
            }
            let meta = list.to_meta(&List::new_meta(list.version));
            ctx.put(key, meta, None);
        }
        Value::Set(members) => {
            let (meta, _) =
                sets::add_members(ctx, key, None, members.iter().map(|m| m.as_slice()))?;
            ctx.put(key, meta, None);
        }
        Value::Zset(pairs) => {
            let mut e = zsets::edit(ctx, key, None)?;
            for (m, s) in &pairs {
                e.set(&ctx.batch, m, *s)?;
            }
            zsets::save(ctx, key, e, None)?;
        }
        Value::Hash(fields) => {
            let now = ctx.now_ms;
            let mut e = hashes::HashEdit::new(ctx, None)?;
            for (f, v, at) in &fields {
                // A field whose TTL has passed is gone, as if it had expired right after load.
                if at.is_none_or(|at| at > now) {
                    e.set(ctx, key, f, v, None, at.unwrap_or(0));
                }
            }
            e.finish(ctx, key)?;
        }
        Value::Stream { .. } => return Err(CmdError::RestoreUnsupported("stream".into())),
        Value::Module { name } => {
            return Err(CmdError::RestoreUnsupported(format!("module ({name})")))
        }
    }
    if expire_at != 0 {
        if let Some(m) = ctx.batch.get_meta(db, key)? {
            ctx.batch.put_meta(
                db,
                key,
                Meta {
                    expire_at,
                    ..m.clone()
                },
                Some(&m),
            );
        }
    }
    Ok(())
}

/// DUMP key
pub fn dump(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let Some(m) = ctx.lookup_read(key)? else {
        return Ok(Reply::Nil);
    };
    let db = ctx.db;
    let payload = read_value(&ctx.batch, ctx.now_ms, db, key, &m)?
        .and_then(|(v, compact)| rdb::writer::dump_payload(&v, compact));
    match payload {
        Some(p) => Ok(Reply::Bulk(Bytes::from(p))),
        None => Err(CmdError::RestoreUnsupported(m.kind.name().into())),
    }
}

/// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
pub fn restore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut replace, mut absttl, mut idle, mut freq) = (false, false, None, None);
    let mut i = 4;
    while i < args.len() {
        let more = i + 1 < args.len();
        if args.is(i, "replace") {
            replace = true;
        } else if args.is(i, "absttl") {
            absttl = true;
        } else if args.is(i, "idletime") && more && freq.is_none() {
            let n = args.i64(i + 1)?;
            if n < 0 {
                return Err(CmdError::InvalidIdletime);
            }
            idle = Some(n);
            i += 1;
        } else if args.is(i, "freq") && more && idle.is_none() {
            let n = args.i64(i + 1)?;
            if !(0..=255).contains(&n) {
                return Err(CmdError::InvalidFreq);
            }
            freq = Some(n);
            i += 1;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    let key = args.get(1);
    let old = ctx.lookup(key)?;
    if old.is_some() && !replace {
        return Err(CmdError::BusyKey);
    }
    let ttl = args.i64(2)?;
    if ttl < 0 {
        return Err(CmdError::InvalidTtl);
    }
    let (_, object) = rdb::writer::verify_payload(args.get(3), RESTORE_MAX_VERSION)
        .ok_or(CmdError::DumpPayloadWrong)?;
    let value = decode_object(object).ok_or(CmdError::BadDataFormat)?;
    let expire_at = match ttl {
        0 => 0,
        t if absttl => t as u64,
        t => ctx.now_ms.saturating_add(t as u64),
    };
    if expire_at != 0 && expire_at <= ctx.now_ms {
        // Already expired: Redis answers OK and leaves no key (REPLACE still deletes).
        if let Some(old) = &old {
            ctx.remove(key, old);
            ctx.notify(crate::notify::GENERIC, "del", key);
        }
        return Ok(Reply::ok());
    }
    store_value(ctx, key, value, expire_at, old.as_ref())?;
    // Redis applies FREQ only under an LFU maxmemory-policy and IDLETIME under any other
    // (objectSetLRUOrLFU); Strata keeps an access clock and no LFU counters, as Redis does with
    // its default noeviction, so FREQ is checked above and then ignored.
    if let Some(secs) = idle {
        ctx.batch.set_idle(ctx.db, key, secs as u64);
    }
    ctx.notify(crate::notify::GENERIC, "restore", key);
    Ok(Reply::ok())
}

/// The value of a payload's object bytes (type byte first); `None` for anything malformed.
/// Bytes left after the value are ignored, as Redis 7.0 does.
fn decode_object(object: &[u8]) -> Option<Value> {
    let (&ty, body) = object.split_first()?;
    let mut inp = rdb::Input::new(body, body.len() as u64);
    let v = rdb::value::read_value(&mut inp, ty, RESTORE_MAX_VERSION as u32).ok()?;
    (!v.is_empty_collection()).then_some(v)
}

/// MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password] [AUTH2 username password] [KEYS key [key ...]]
pub fn migrate(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (mut copy, mut replace, mut auth) = (false, false, None);
    let (mut first, mut count) = (3, 1);
    let mut i = 6;
    while i < args.len() {
        let left = args.len() - i - 1;
        if args.is(i, "copy") {
            copy = true;
        } else if args.is(i, "replace") {
            replace = true;
        } else if args.is(i, "auth") && left >= 1 {
            auth = Some(vec![args.bytes(i + 1)]);
            i += 1;
        } else if args.is(i, "auth2") && left >= 2 {
            auth = Some(vec![args.bytes(i + 1), args.bytes(i + 2)]);
            i += 2;
        } else if args.is(i, "keys") {
            if !args.get(3).is_empty() {
                return Err(CmdError::MigrateKeysNeedEmptyKey);
            }
            // Everything after KEYS is a key name.
            (first, count) = (i + 1, left);
            break;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    let timeout = match args.i64(5)? {
        t if t <= 0 => 1000,
        t => t as u64,
    };
    let dbid = args.i64(4)?;
    let mut found = Vec::new();
    for k in first..first + count {
        if let Some(m) = ctx.lookup(args.get(k))? {
            found.push((args.bytes(k), m));
        }
    }
    if found.is_empty() {
        return Ok(Reply::Status("NOKEY".into()));
    }
    let mut out = Vec::new();
    if let Some(a) = &auth {
        let mut cmd = vec![Bytes::from_static(b"AUTH")];
        cmd.extend(a.iter().cloned());
        resp_command(&mut out, &cmd);
    }
    resp_command(
        &mut out,
        &[Bytes::from_static(b"SELECT"), Bytes::from(dbid.to_string())],
    );
    for (key, m) in &found {
        let db = ctx.db;
        let payload = read_value(&ctx.batch, ctx.now_ms, db, key, m)?
            .and_then(|(v, compact)| rdb::writer::dump_payload(&v, compact))
            .ok_or_else(|| CmdError::RestoreUnsupported(m.kind.name().into()))?;
        let ttl = match m.expire_at {
            0 => 0,
            at => at.saturating_sub(ctx.now_ms).max(1),
        };
        let mut cmd = vec![
            Bytes::from_static(b"RESTORE"),
            key.clone(),
            Bytes::from(ttl.to_string()),
            Bytes::from(payload),
        ];
        if replace {
            cmd.push(Bytes::from_static(b"REPLACE"));
        }
        resp_command(&mut out, &cmd);
    }
    let replies = exchange(
        args.get(1),
        args.get(2),
        &out,
        Duration::from_millis(timeout),
        1 + found.len() + auth.is_some() as usize,
    )?;
    // AUTH and SELECT must succeed before any RESTORE counts.
    let setup = 1 + auth.is_some() as usize;
    if let Some(e) = replies[..setup].iter().find_map(|r| r.as_ref().err()) {
        return Err(CmdError::TargetError(e.clone()));
    }
    let mut first_error = None;
    for ((key, m), r) in found.iter().zip(&replies[setup..]) {
        match r {
            Err(e) => {
                first_error.get_or_insert_with(|| e.clone());
            }
            Ok(()) if !copy => {
                ctx.remove(key, m);
                ctx.notify(crate::notify::GENERIC, "del", key);
            }
            Ok(()) => {}
        }
    }
    match first_error {
        Some(e) => Err(CmdError::TargetError(e)),
        None => Ok(Reply::ok()),
    }
}

pub(crate) fn resp_command(out: &mut Vec<u8>, args: &[Bytes]) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
}

/// Sends `request` to host:port and reads `n` one-line replies: `Ok` for a status, the text of
/// an error otherwise. Blocks the command like Redis' MIGRATE does, for at most `timeout` per
/// step.
fn exchange(
    host: &[u8],
    port: &[u8],
    request: &[u8],
    timeout: Duration,
    n: usize,
) -> Result<Vec<Result<(), String>>, CmdError> {
    let io = CmdError::MigrateIo;
    let addr = std::str::from_utf8(host)
        .ok()
        .zip(
            std::str::from_utf8(port)
                .ok()
                .and_then(|p| p.parse::<u16>().ok()),
        )
        .and_then(|(h, p)| (h, p).to_socket_addrs().ok()?.next())
        .ok_or(io("connecting to the client"))?;
    let mut sock = match TcpStream::connect_timeout(&addr, timeout) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            return Err(io("connecting to the client"))
        }
        // Redis connects without blocking and learns of a refused connection when it writes.
        Err(_) => return Err(io("writing to target instance")),
    };
    let _ = sock.set_nodelay(true);
    sock.set_write_timeout(Some(timeout))
        .map_err(|_| io("writing to target instance"))?;
    sock.set_read_timeout(Some(timeout))
        .map_err(|_| io("reading to target instance"))?;
    sock.write_all(request)
        .map_err(|_| io("writing to target instance"))?;
    let mut reader = BufReader::new(sock);
    let mut replies = Vec::with_capacity(n);
    let mut line = Vec::new();
    for _ in 0..n {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(len) if len > 0 => {}
            _ => return Err(io("reading to target instance")),
        }
        let text = String::from_utf8_lossy(line.strip_suffix(b"\r\n").unwrap_or(&line));
        replies.push(match text.strip_prefix('-') {
            Some(e) => Err(e.to_string()),
            None => Ok(()),
        });
    }
    Ok(replies)
}
