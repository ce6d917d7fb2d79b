//! Hashes on disk, including per-field expiry (Redis 7.4 HEXPIRE and friends).
//!
//! ```text
//! meta    db|slot|key -> 3 | enc | expire_at | version | size | body
//!                        body = ""                              no field has a TTL
//!                             | 0x01 | min_field_deadline:u64   earliest field deadline (ms)
//! data    db|slot|keylen|key|version|field -> 0x00 | value                    (no TTL)
//!                                           | 0x01 | expire_at_ms:u64 | value (field TTL)
//! zscore  db|slot|keylen|key|version|deadline:u64|field -> ""    per-hash deadline index
//! hexpire min_field_deadline:u64|db|slot|key -> ""                global sweeper index
//! ```
//!
//! Invariants (all maintained in the command's one batch):
//! - `size` counts the field records of the live version, expired-but-unswept ones included;
//!   every reader first purges the due fields of the hash it touches ([`purge_expired_fields`]),
//!   so HLEN is exact from the metadata alone.
//! - A field record with a TTL has exactly one `zscore` entry `(deadline, field)` under the same
//!   version; a field without one has none. The per-hash index lets a purge find the due fields
//!   of one hash without reading the others.
//! - The body's `min_field_deadline` is the smallest deadline in the per-hash index (0 / empty
//!   body: no field TTLs). [`crate::Batch::put_meta`] and [`crate::Batch::delete_key`] move the
//!   matching `hexpire` entry whenever it changes, exactly as they do for key TTLs, so the sweeper
//!   walks `hexpire` from the oldest deadline and touches only hashes with due fields. Stale
//!   entries (hash deleted or minimum changed) are dropped when the sweeper meets them.
//! - Old versions' `zscore` entries are garbage like their `data` records (compaction filter,
//!   range delete for big hashes).

use crate::engine::{Batch, Engine, Result};
use crate::metadata::{Kind, Meta};

/// Value record format byte: plain value.
pub const VALUE_PLAIN: u8 = 0;
/// Value record format byte: `expire_at_ms:u64` then the value.
pub const VALUE_TTL: u8 = 1;
/// Metadata body format byte: `min_field_deadline:u64` follows.
pub const BODY_FIELD_TTL: u8 = 1;

/// Encodes a field's value record; `expire_at` 0 means no TTL.
pub fn encode_value(expire_at: u64, value: &[u8]) -> Vec<u8> {
    if expire_at == 0 {
        let mut out = Vec::with_capacity(1 + value.len());
        out.push(VALUE_PLAIN);
        out.extend_from_slice(value);
        out
    } else {
        let mut out = Vec::with_capacity(9 + value.len());
        out.push(VALUE_TTL);
        out.extend_from_slice(&expire_at.to_be_bytes());
        out.extend_from_slice(value);
        out
    }
}

/// Decodes a value record into `(expire_at, value)`; `None` for bytes that are not one.
pub fn decode_value(raw: &[u8]) -> Option<(u64, &[u8])> {
    match *raw.first()? {
        VALUE_PLAIN => Some((0, &raw[1..])),
        VALUE_TTL => {
            let at = u64::from_be_bytes(raw.get(1..9)?.try_into().ok()?);
            (at != 0).then_some((at, &raw[9..]))
        }
        _ => None,
    }
}

/// The earliest field deadline recorded in a hash's metadata (0 = no field TTLs).
pub fn min_deadline(meta: &Meta) -> u64 {
    if meta.kind != Kind::Hash {
        return 0;
    }
    match meta.body.as_slice() {
        [BODY_FIELD_TTL, rest @ ..] if rest.len() >= 8 => {
            u64::from_be_bytes(rest[..8].try_into().unwrap_or_default())
        }
        _ => 0,
    }
}

/// The metadata body recording `min` as the earliest field deadline (0 = none).
pub fn encode_body(min: u64) -> Vec<u8> {
    if min == 0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(9);
    out.push(BODY_FIELD_TTL);
    out.extend_from_slice(&min.to_be_bytes());
    out
}

/// Deletes the fields of `key` (live record `meta`) whose deadline is at or before `now_ms`,
/// fixing `size` and the deadline indexes; deletes the key when no field is left. Returns the
/// hash's metadata afterwards (`None` if it ceased to exist) and the number of fields deleted.
pub fn purge_expired_fields(
    batch: &mut Batch<'_>,
    db: u8,
    key: &[u8],
    meta: &Meta,
    now_ms: u64,
) -> Result<(Option<Meta>, u64)> {
    let min = min_deadline(meta);
    if min == 0 || min > now_ms {
        return Ok((Some(meta.clone()), 0));
    }
    let mut due = Vec::new();
    let mut next_min = 0;
    batch.scan_scored(db, key, meta.version, |when, field| {
        if when <= now_ms {
            due.push((when, field.to_vec()));
            true
        } else {
            next_min = when;
            false
        }
    })?;
    for (when, field) in &due {
        batch.delete_sub(db, key, meta.version, field);
        batch.delete_scored(db, key, meta.version, *when, field);
    }
    let n = due.len() as u64;
    if n >= meta.size {
        batch.delete_key(db, key, meta);
        return Ok((None, n));
    }
    let new = Meta {
        size: meta.size - n,
        body: encode_body(next_min),
        ..meta.clone()
    };
    batch.put_meta(db, key, new.clone(), Some(meta));
    Ok((Some(new), n))
}

/// Result of one field-expiry sweep: `(physical db, key, fields deleted, key deleted)`.
pub type SweptHashes = Vec<(u8, Vec<u8>, u64, bool)>;

impl Engine {
    /// Deletes expired hash fields of up to `limit` hashes whose earliest field deadline is due
    /// at `now_ms`. Returns what it did and whether more may be due.
    pub fn sweep_expired_fields(&self, now_ms: u64, limit: usize) -> Result<(SweptHashes, bool)> {
        let due = self.due_field_expirations(now_ms, limit)?;
        let more = due.len() >= limit;
        let mut out = Vec::new();
        for (when, db, key) in due {
            let _guard = self.locks().lock([(db, key.as_slice())]);
            let mut batch = self.batch();
            match batch.get_meta(db, &key)? {
                Some(meta)
                    if meta.kind == Kind::Hash
                        && min_deadline(&meta) == when
                        && !meta.is_expired(now_ms) =>
                {
                    let (after, n) = purge_expired_fields(&mut batch, db, &key, &meta, now_ms)?;
                    out.push((db, key.clone(), n, after.is_none()));
                }
                Some(meta) if meta.is_expired(now_ms) => {
                    // The key-level sweeper owns expired keys; just drop this entry if stale.
                    if min_deadline(&meta) != when {
                        batch.delete_field_expire_entry(when, db, &key);
                    }
                }
                _ => batch.delete_field_expire_entry(when, db, &key),
            }
            self.commit(batch)?;
        }
        Ok((out, more))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn value_records_round_trip(at: u64, value: Vec<u8>) {
            let raw = encode_value(at, &value);
            prop_assert_eq!(decode_value(&raw), Some((at, &value[..])));
        }

        #[test]
        fn body_round_trips(min: u64, version: u64, size: u64) {
            let m = Meta { size, body: encode_body(min), ..Meta::collection(Kind::Hash, version) };
            let back = Meta::decode(&m.encode()).unwrap();
            prop_assert_eq!(min_deadline(&back), min);
        }

        #[test]
        fn decoding_garbage_never_panics(raw: Vec<u8>) {
            let _ = decode_value(&raw);
            let m = Meta { body: raw, ..Meta::collection(Kind::Hash, 1) };
            let _ = min_deadline(&m);
        }
    }

    #[test]
    fn on_disk_layout_is_stable() {
        assert_eq!(encode_value(0, b"v"), [0, b'v']);
        assert_eq!(
            encode_value(0x0102, b"v"),
            [1, 0, 0, 0, 0, 0, 0, 1, 2, b'v']
        );
        assert_eq!(encode_body(0), Vec::<u8>::new());
        assert_eq!(encode_body(5), [1, 0, 0, 0, 0, 0, 0, 0, 5]);
        // A TTL record claiming deadline 0 is not valid.
        assert_eq!(decode_value(&[1, 0, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(decode_value(&[7]), None);
    }
}
