//! Sortable key codec: how a Redis key and its parts become RocksDB keys.
//!
//! Every integer is big-endian and fixed width, so byte order is numeric order and a prefix scan
//! over `db`, `db | slot` or one key's `version` visits exactly the records it should.
//!
//! ```text
//! meta    : db:u8 | slot:u16 | user_key
//! data    : db:u8 | slot:u16 | keylen:u32 | user_key | version:u64 | subkey
//! zscore  : db:u8 | slot:u16 | keylen:u32 | user_key | version:u64 | score:u64 | member
//! expire  : when_ms:u64 | db:u8 | slot:u16 | user_key
//! ```
//!
//! `keylen` in the subkey layouts makes one key's records a contiguous range that no other key's
//! records can interleave with (key "a" with subkey "b..." never sorts inside key "ab"). The meta
//! layout needs no length: the user key is the whole remainder.

/// Number of cluster hash slots; `slot` is always present so cluster mode needs no rewrite.
pub const SLOTS: u16 = 16384;

const fn crc16_table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            bit += 1;
        }
        t[i] = crc;
        i += 1;
    }
    t
}

/// Every key write and lookup computes a slot: a byte per table step, not a bit.
static CRC16_TABLE: [u16; 256] = crc16_table();

/// CRC16/XMODEM as Redis Cluster uses it (polynomial 0x1021, init 0).
pub fn crc16(data: &[u8]) -> u16 {
    data.iter().fold(0u16, |crc, &b| {
        (crc << 8) ^ CRC16_TABLE[((crc >> 8) as u8 ^ b) as usize]
    })
}

/// The cluster slot of a key, honouring a non-empty `{hash tag}`.
pub fn slot(key: &[u8]) -> u16 {
    let tagged = key.iter().position(|&b| b == b'{').and_then(|open| {
        let rest = &key[open + 1..];
        rest.iter()
            .position(|&b| b == b'}')
            .filter(|&close| close > 0)
            .map(|close| &rest[..close])
    });
    crc16(tagged.unwrap_or(key)) % SLOTS
}

/// `db | slot | user_key`: the key of a record in the `meta` column family.
pub fn meta_key(db: u8, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(3 + key.len());
    out.push(db);
    out.extend_from_slice(&slot(key).to_be_bytes());
    out.extend_from_slice(key);
    out
}

/// Splits a meta key into `(db, user_key)`; `None` if it is too short to be one.
pub fn decode_meta_key(raw: &[u8]) -> Option<(u8, &[u8])> {
    if raw.len() < 3 {
        return None;
    }
    Some((raw[0], &raw[3..]))
}

/// `db | slot | keylen | user_key | version`: the common prefix of one key version's subkeys.
pub fn data_prefix(db: u8, key: &[u8], version: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(15 + key.len());
    out.push(db);
    out.extend_from_slice(&slot(key).to_be_bytes());
    out.extend_from_slice(&(key.len() as u32).to_be_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&version.to_be_bytes());
    out
}

/// The full key of one subkey record in the `data` column family.
pub fn data_key(db: u8, key: &[u8], version: u64, subkey: &[u8]) -> Vec<u8> {
    let mut out = data_prefix(db, key, version);
    out.extend_from_slice(subkey);
    out
}

/// The parts of a `data` or `zscore` key that the compaction filter needs.
#[derive(Debug, PartialEq, Eq)]
pub struct DataKeyParts<'a> {
    pub db: u8,
    pub user_key: &'a [u8],
    pub version: u64,
    pub subkey: &'a [u8],
}

/// Parses a `data`/`zscore` key; `None` for bytes that are not one (never panics).
pub fn decode_data_key(raw: &[u8]) -> Option<DataKeyParts<'_>> {
    if raw.len() < 7 {
        return None;
    }
    let keylen = u32::from_be_bytes(raw[3..7].try_into().ok()?) as usize;
    let key_end = 7usize.checked_add(keylen)?;
    let ver_end = key_end.checked_add(8)?;
    if raw.len() < ver_end {
        return None;
    }
    Some(DataKeyParts {
        db: raw[0],
        user_key: &raw[7..key_end],
        version: u64::from_be_bytes(raw[key_end..ver_end].try_into().ok()?),
        subkey: &raw[ver_end..],
    })
}

/// `when_ms | db | slot | user_key`: the `expire` index entry, ordered by deadline.
pub fn expire_key(when_ms: u64, db: u8, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(11 + key.len());
    out.extend_from_slice(&when_ms.to_be_bytes());
    out.push(db);
    out.extend_from_slice(&slot(key).to_be_bytes());
    out.extend_from_slice(key);
    out
}

/// Splits an expire index key into `(when_ms, db, user_key)`.
pub fn decode_expire_key(raw: &[u8]) -> Option<(u64, u8, &[u8])> {
    if raw.len() < 11 {
        return None;
    }
    Some((
        u64::from_be_bytes(raw[..8].try_into().ok()?),
        raw[8],
        &raw[11..],
    ))
}

/// Maps an f64 to a u64 whose unsigned order is the float's numeric order (-inf < ... < +inf).
pub fn score_to_sortable(score: f64) -> u64 {
    let bits = score.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Inverse of [`score_to_sortable`].
pub fn sortable_to_score(v: u64) -> f64 {
    if v >> 63 == 1 {
        f64::from_bits(v & !(1 << 63))
    } else {
        f64::from_bits(!v)
    }
}

/// The smallest byte string greater than every string with this prefix, or `None` if the prefix
/// is all 0xff (no upper bound needed). Used as an exclusive range end for prefix scans.
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last != 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slot_matches_redis_cluster_examples() {
        // Values from the Redis Cluster specification's CRC16 test vector and CLUSTER KEYSLOT.
        assert_eq!(crc16(b"123456789"), 0x31c3);
        assert_eq!(slot(b"foo"), 12182);
        assert_eq!(slot(b"{user1000}.following"), slot(b"{user1000}.followers"));
        assert_eq!(slot(b"foo{}{bar}"), crc16(b"foo{}{bar}") % SLOTS);
        assert_eq!(slot(b"foo{{bar}}zap"), crc16(b"{bar") % SLOTS);
    }

    proptest! {
        #[test]
        fn meta_key_round_trips(db: u8, key: Vec<u8>) {
            let raw = meta_key(db, &key);
            prop_assert_eq!(decode_meta_key(&raw), Some((db, &key[..])));
        }

        #[test]
        fn data_key_round_trips(db: u8, key: Vec<u8>, version: u64, sub: Vec<u8>) {
            let raw = data_key(db, &key, version, &sub);
            let p = decode_data_key(&raw).unwrap();
            prop_assert_eq!(p, DataKeyParts { db, user_key: &key, version, subkey: &sub });
            prop_assert!(raw.starts_with(&data_prefix(db, &key, version)));
        }

        #[test]
        fn data_keys_of_distinct_keys_never_interleave(a: Vec<u8>, b: Vec<u8>, va: u64, vb: u64, sa: Vec<u8>, sb: Vec<u8>) {
            prop_assume!(a != b);
            let (pa, pb) = (data_prefix(0, &a, va), data_prefix(0, &b, vb));
            let ka = data_key(0, &a, va, &sa);
            let kb = data_key(0, &b, vb, &sb);
            // Whole ranges are ordered the same way as their prefixes.
            prop_assert_eq!(pa.cmp(&pb), ka.cmp(&kb));
        }

        #[test]
        fn versions_sort_numerically(key: Vec<u8>, v1: u64, v2: u64) {
            prop_assert_eq!(v1.cmp(&v2), data_prefix(1, &key, v1).cmp(&data_prefix(1, &key, v2)));
        }

        #[test]
        fn expire_key_round_trips_and_sorts_by_deadline(w1: u64, w2: u64, db: u8, k1: Vec<u8>, k2: Vec<u8>) {
            let (a, b) = (expire_key(w1, db, &k1), expire_key(w2, db, &k2));
            prop_assert_eq!(decode_expire_key(&a), Some((w1, db, &k1[..])));
            if w1 != w2 {
                prop_assert_eq!(w1.cmp(&w2), a.cmp(&b));
            }
        }

        #[test]
        fn scores_sort_numerically(a in proptest::num::f64::ANY, b in proptest::num::f64::ANY) {
            prop_assume!(!a.is_nan() && !b.is_nan());
            prop_assert_eq!(sortable_to_score(score_to_sortable(a)).to_bits(), a.to_bits());
            if a < b {
                prop_assert!(score_to_sortable(a) < score_to_sortable(b));
            }
        }

        #[test]
        fn decoders_never_panic(raw: Vec<u8>) {
            let _ = decode_data_key(&raw);
            let _ = decode_meta_key(&raw);
            let _ = decode_expire_key(&raw);
        }

        #[test]
        fn prefix_end_bounds_every_extension(prefix: Vec<u8>, tail: Vec<u8>) {
            if let Some(end) = prefix_end(&prefix) {
                let mut k = prefix.clone();
                k.extend_from_slice(&tail);
                prop_assert!(k < end);
                prop_assert!(prefix < end);
            }
        }
    }
}
