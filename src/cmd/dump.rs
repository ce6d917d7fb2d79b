//! DUMP and RESTORE: a key's value as a Redis DUMP payload (RDB 10, what Redis 7.0 writes and
//! reads) and back. Also home of the two conversions every RDB path shares: a stored key to an
//! [`rdb::Value`] ([`read_value`], used by DUMP and the exporter) and an [`rdb::Value`] to a
//! stored key ([`store_value`], used by RESTORE and the importer).

use super::{hashes, sets, zsets, Args, CmdError, Ctx};
use crate::rdb::{self, Value};
use crate::resp::Reply;
use bytes::Bytes;
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
            let mut list = List::empty(ctx.server.engine.next_version()?);
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
