//! The per-key metadata record stored in the `meta` column family.
//!
//! ```text
//! inline string  : type:u8 | encoding:u8 | expire_at_ms:u64 | value bytes...
//! collection     : type:u8 | encoding:u8 | expire_at_ms:u64 | version:u64 | size:u64 | extra...
//! chunked string : like a collection, size = length (see `types::string`)
//! ```
//!
//! `expire_at_ms` is 0 for "no expiry". The type and encoding bytes reach disk, so their values
//! are spelled out below and must never be renumbered or reused. A small string keeps its bytes
//! inline so that GET is one point lookup; a collection's elements, and a large string's chunks,
//! live in `data` under `version`, which is why deleting or overwriting one only has to replace
//! this record.

use crate::types::string::{ENC_AUTO, ENC_CHUNKED};
use std::fmt;

/// The Redis type of a key. The discriminants are on-disk values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String = 1,
    List = 2,
    Hash = 3,
    Set = 4,
    ZSet = 5,
    Stream = 6,
}

impl Kind {
    fn from_u8(b: u8) -> Option<Kind> {
        Some(match b {
            1 => Kind::String,
            2 => Kind::List,
            3 => Kind::Hash,
            4 => Kind::Set,
            5 => Kind::ZSet,
            6 => Kind::Stream,
            _ => return None,
        })
    }

    /// The name TYPE reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::List => "list",
            Kind::Hash => "hash",
            Kind::Set => "set",
            Kind::ZSet => "zset",
            Kind::Stream => "stream",
        }
    }
}

/// Set encoding byte: what OBJECT ENCODING reports, following Redis 7.0's one-way conversion.
/// A set whose members have always all been integers and that never exceeded
/// `set-max-intset-entries` (512) is an "intset"; otherwise (once converted) "hashtable".
pub const ENC_SET_HASHTABLE: u8 = 0;
/// See [`ENC_SET_HASHTABLE`].
pub const ENC_SET_INTSET: u8 = 1;

const HEADER: usize = 10;
const COLLECTION_HEADER: usize = HEADER + 16;

/// A decoded metadata record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub kind: Kind,
    pub encoding: u8,
    /// Absolute deadline in Unix milliseconds; 0 = never.
    pub expire_at: u64,
    /// Collections and chunked strings: the generation whose subkeys are live.
    pub version: u64,
    /// Collections: element count. Chunked strings: length in bytes.
    pub size: u64,
    /// Inline strings: the value. Collections: type-specific trailing fields (list head/tail, ...).
    pub body: Vec<u8>,
}

/// A record that cannot be decoded: a corrupted or foreign value.
#[derive(Debug, PartialEq, Eq)]
pub struct CorruptMeta;

impl fmt::Display for CorruptMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("corrupted metadata record")
    }
}

impl Meta {
    /// A string value with no expiry.
    pub fn string(value: Vec<u8>) -> Meta {
        Meta {
            kind: Kind::String,
            encoding: ENC_AUTO,
            expire_at: 0,
            version: 0,
            size: 0,
            body: value,
        }
    }

    /// An empty collection of `kind` at generation `version`.
    pub fn collection(kind: Kind, version: u64) -> Meta {
        Meta {
            kind,
            encoding: 0,
            expire_at: 0,
            version,
            size: 0,
            body: Vec::new(),
        }
    }

    /// Whether the key is logically gone at `now_ms`.
    pub fn is_expired(&self, now_ms: u64) -> bool {
        self.expire_at != 0 && self.expire_at <= now_ms
    }

    /// True for records whose elements (or chunks) live in the `data` column family.
    pub fn has_subkeys(&self) -> bool {
        self.kind != Kind::String || self.encoding == ENC_CHUNKED
    }

    pub fn encode(&self) -> Vec<u8> {
        let cap = if self.has_subkeys() {
            COLLECTION_HEADER
        } else {
            HEADER
        } + self.body.len();
        let mut out = Vec::with_capacity(cap);
        out.push(self.kind as u8);
        out.push(self.encoding);
        out.extend_from_slice(&self.expire_at.to_be_bytes());
        if self.has_subkeys() {
            out.extend_from_slice(&self.version.to_be_bytes());
            out.extend_from_slice(&self.size.to_be_bytes());
        }
        out.extend_from_slice(&self.body);
        out
    }

    pub fn decode(raw: &[u8]) -> Result<Meta, CorruptMeta> {
        if raw.len() < HEADER {
            return Err(CorruptMeta);
        }
        let kind = Kind::from_u8(raw[0]).ok_or(CorruptMeta)?;
        let expire_at = u64::from_be_bytes(raw[2..10].try_into().map_err(|_| CorruptMeta)?);
        let mut meta = Meta {
            kind,
            encoding: raw[1],
            expire_at,
            version: 0,
            size: 0,
            body: Vec::new(),
        };
        if meta.has_subkeys() {
            if raw.len() < COLLECTION_HEADER {
                return Err(CorruptMeta);
            }
            meta.version = u64::from_be_bytes(raw[10..18].try_into().map_err(|_| CorruptMeta)?);
            meta.size = u64::from_be_bytes(raw[18..26].try_into().map_err(|_| CorruptMeta)?);
            meta.body = raw[COLLECTION_HEADER..].to_vec();
        } else {
            meta.body = raw[HEADER..].to_vec();
        }
        Ok(meta)
    }

    /// Reads only the version of an encoded record with subkeys, without copying its body (the
    /// compaction filter does this for every subkey it sees). `None` for inline strings or bad
    /// records.
    pub fn peek_version(raw: &[u8]) -> Option<u64> {
        match Kind::from_u8(*raw.first()?)? {
            Kind::String if *raw.get(1)? != ENC_CHUNKED => None,
            _ => Some(u64::from_be_bytes(raw.get(10..18)?.try_into().ok()?)),
        }
    }

    /// Reads only the expiry of an encoded record.
    pub fn peek_expire(raw: &[u8]) -> Option<u64> {
        Some(u64::from_be_bytes(raw.get(2..10)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_kind() -> impl Strategy<Value = Kind> {
        prop_oneof![
            Just(Kind::String),
            Just(Kind::List),
            Just(Kind::Hash),
            Just(Kind::Set),
            Just(Kind::ZSet),
            Just(Kind::Stream)
        ]
    }

    proptest! {
        #[test]
        fn record_round_trips(kind in any_kind(), enc: u8, exp: u64, ver: u64, size: u64, body: Vec<u8>) {
            let mut m = Meta { kind, encoding: enc, expire_at: exp, version: ver, size, body };
            let inline = kind == Kind::String && enc != ENC_CHUNKED;
            if inline {
                m.version = 0;
                m.size = 0;
            }
            let raw = m.encode();
            prop_assert_eq!(Meta::decode(&raw), Ok(m.clone()));
            prop_assert_eq!(Meta::peek_expire(&raw), Some(exp));
            prop_assert_eq!(Meta::peek_version(&raw), if inline { None } else { Some(ver) });
        }

        #[test]
        fn decoding_garbage_never_panics(raw: Vec<u8>) {
            let _ = Meta::decode(&raw);
            let _ = Meta::peek_version(&raw);
        }
    }

    #[test]
    fn on_disk_layout_is_stable() {
        let m = Meta {
            expire_at: 0x0102,
            ..Meta::string(b"hi".to_vec())
        };
        assert_eq!(m.encode(), [1, 0, 0, 0, 0, 0, 0, 0, 1, 2, b'h', b'i']);
        assert_eq!(
            Meta::decode(&[9, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            Err(CorruptMeta)
        );
    }
}
