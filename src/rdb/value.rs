//! Decoding of one RDB object (the bytes after the type byte) into a [`Value`], for every object
//! type Redis has written; shared by the file loader and RESTORE.

use std::collections::HashSet;
use std::io::Read;

use super::containers::{self, parse_score, Elem};
use super::input::Input;
use super::{Error, Value};

/// The RDB type ids (`RDB_TYPE_*`).
pub mod types {
    pub const STRING: u8 = 0;
    pub const LIST: u8 = 1;
    pub const SET: u8 = 2;
    pub const ZSET: u8 = 3;
    pub const HASH: u8 = 4;
    pub const ZSET_2: u8 = 5;
    pub const MODULE_PRE_GA: u8 = 6;
    pub const MODULE_2: u8 = 7;
    pub const HASH_ZIPMAP: u8 = 9;
    pub const LIST_ZIPLIST: u8 = 10;
    pub const SET_INTSET: u8 = 11;
    pub const ZSET_ZIPLIST: u8 = 12;
    pub const HASH_ZIPLIST: u8 = 13;
    pub const LIST_QUICKLIST: u8 = 14;
    pub const STREAM_LISTPACKS: u8 = 15;
    pub const HASH_LISTPACK: u8 = 16;
    pub const ZSET_LISTPACK: u8 = 17;
    pub const LIST_QUICKLIST_2: u8 = 18;
    pub const STREAM_LISTPACKS_2: u8 = 19;
    pub const SET_LISTPACK: u8 = 20;
    pub const STREAM_LISTPACKS_3: u8 = 21;
    pub const HASH_METADATA_PRE_GA: u8 = 22;
    pub const HASH_LISTPACK_EX_PRE_GA: u8 = 23;
    pub const HASH_METADATA: u8 = 24;
    pub const HASH_LISTPACK_EX: u8 = 25;
    pub const STREAM_LISTPACKS_4: u8 = 26;
}

use types::*;

/// Latest field expiry Redis accepts (`EB_EXPIRE_TIME_MAX`).
const FIELD_TTL_MAX: u64 = (1 << 48) - 1;

/// Reads one object of type `ty` for a stream of RDB version `version`.
pub fn read_value<R: Read>(inp: &mut Input<R>, ty: u8, version: u32) -> Result<Value, Error> {
    let at = inp.offset();
    let blob_err = |p: String| Error {
        offset: at,
        problem: p,
    };
    Ok(match ty {
        STRING => Value::String(inp.string()?),
        LIST | SET => {
            let n = inp.count(1, "element")?;
            let mut v = Vec::with_capacity(n.min(4096) as usize);
            for _ in 0..n {
                v.push(inp.string()?);
            }
            if ty == LIST {
                Value::List(v)
            } else {
                no_dups(v.iter().map(|m| m.as_slice()), "set member").map_err(blob_err)?;
                Value::Set(v)
            }
        }
        ZSET | ZSET_2 => {
            let n = inp.count(2, "zset member")?;
            let mut v = Vec::with_capacity(n.min(4096) as usize);
            for _ in 0..n {
                let m = inp.string()?;
                let s = if ty == ZSET_2 {
                    f64::from_le_bytes(inp.array()?)
                } else {
                    ascii_score(inp)?
                };
                if s.is_nan() {
                    return Err(inp.err("zset score is NaN"));
                }
                v.push((m, s));
            }
            no_dups(v.iter().map(|(m, _)| m.as_slice()), "zset member").map_err(blob_err)?;
            Value::Zset(v)
        }
        HASH => {
            let n = inp.count(2, "hash field")?;
            let mut v = Vec::with_capacity(n.min(4096) as usize);
            for _ in 0..n {
                v.push((inp.string()?, inp.string()?, None));
            }
            hash(v).map_err(blob_err)?
        }
        HASH_METADATA | HASH_METADATA_PRE_GA => {
            let min = if ty == HASH_METADATA {
                inp.u64_le()?
            } else {
                0
            };
            let n = inp.count(3, "hash field")?;
            let mut v = Vec::with_capacity(n.min(4096) as usize);
            for _ in 0..n {
                let ttl = inp.length()?;
                let at = match ttl {
                    0 => None,
                    t if ty == HASH_METADATA => Some(t.wrapping_add(min).wrapping_sub(1)),
                    t => Some(t),
                };
                if at.is_some_and(|t| t > FIELD_TTL_MAX) {
                    return Err(inp.err("hash field expiry out of range"));
                }
                v.push((inp.string()?, inp.string()?, at));
            }
            hash(v).map_err(blob_err)?
        }
        HASH_ZIPMAP => {
            let blob = inp.string()?;
            let pairs = containers::zipmap(&blob).map_err(blob_err)?;
            hash(pairs.into_iter().map(|(f, v)| (f, v, None)).collect()).map_err(blob_err)?
        }
        LIST_ZIPLIST | LIST_QUICKLIST | LIST_QUICKLIST_2 => {
            let mut v = Vec::new();
            if ty == LIST_ZIPLIST {
                let blob = inp.string()?;
                v.extend(
                    containers::ziplist(&blob)
                        .map_err(blob_err)?
                        .into_iter()
                        .map(Elem::to_bytes),
                );
            } else {
                let nodes = inp.count(1, "quicklist node")?;
                for _ in 0..nodes {
                    let container = if ty == LIST_QUICKLIST_2 {
                        inp.length()?
                    } else {
                        2
                    };
                    let node_at = inp.offset();
                    let blob = inp.string()?;
                    let node_err = |p: String| Error {
                        offset: node_at,
                        problem: p,
                    };
                    match (ty, container) {
                        (LIST_QUICKLIST, _) => v.extend(
                            containers::ziplist(&blob)
                                .map_err(node_err)?
                                .into_iter()
                                .map(Elem::to_bytes),
                        ),
                        (_, 1) => v.push(blob),
                        (_, 2) => {
                            // Empty nodes are skipped, as Redis does (an all-empty list is
                            // then an empty key).
                            let elems = containers::listpack(&blob).map_err(node_err)?;
                            v.extend(elems.into_iter().map(Elem::to_bytes))
                        }
                        (_, c) => return Err(node_err(format!("unknown quicklist container {c}"))),
                    }
                }
            }
            Value::List(v)
        }
        SET_INTSET => {
            let blob = inp.string()?;
            let ints = containers::intset(&blob).map_err(blob_err)?;
            Value::Set(
                ints.into_iter()
                    .map(|i| i.to_string().into_bytes())
                    .collect(),
            )
        }
        SET_LISTPACK => {
            let blob = inp.string()?;
            let v: Vec<Vec<u8>> = containers::listpack(&blob)
                .map_err(blob_err)?
                .into_iter()
                .map(Elem::to_bytes)
                .collect();
            no_dups(v.iter().map(|m| m.as_slice()), "set member").map_err(blob_err)?;
            Value::Set(v)
        }
        ZSET_ZIPLIST | ZSET_LISTPACK => {
            let blob = inp.string()?;
            let elems = if ty == ZSET_ZIPLIST {
                containers::ziplist(&blob)
            } else {
                containers::listpack(&blob)
            }
            .map_err(blob_err)?;
            if elems.len() % 2 != 0 {
                return Err(blob_err(
                    "odd number of elements in a sorted set blob".into(),
                ));
            }
            let mut v = Vec::with_capacity(elems.len() / 2);
            for pair in elems.chunks_exact(2) {
                let s = pair[1]
                    .as_score()
                    .ok_or_else(|| blob_err("invalid sorted set score".into()))?;
                v.push((pair[0].to_bytes(), s));
            }
            no_dups(v.iter().map(|(m, _)| m.as_slice()), "zset member").map_err(blob_err)?;
            Value::Zset(v)
        }
        HASH_ZIPLIST | HASH_LISTPACK => {
            let blob = inp.string()?;
            let elems = if ty == HASH_ZIPLIST {
                containers::ziplist(&blob)
            } else {
                containers::listpack(&blob)
            }
            .map_err(blob_err)?;
            if elems.len() % 2 != 0 {
                return Err(blob_err("odd number of elements in a hash blob".into()));
            }
            hash(
                elems
                    .chunks_exact(2)
                    .map(|p| (p[0].to_bytes(), p[1].to_bytes(), None))
                    .collect(),
            )
            .map_err(blob_err)?
        }
        HASH_LISTPACK_EX | HASH_LISTPACK_EX_PRE_GA => {
            if ty == HASH_LISTPACK_EX {
                // The minimum expiry is only a hint for Redis' expiry buckets.
                inp.u64_le()?;
            }
            let blob = inp.string()?;
            let elems = containers::listpack(&blob).map_err(blob_err)?;
            if elems.len() % 3 != 0 {
                return Err(blob_err(
                    "hash listpack with TTLs is not made of triplets".into(),
                ));
            }
            let mut v = Vec::with_capacity(elems.len() / 3);
            for t in elems.chunks_exact(3) {
                let ttl = t[2]
                    .as_int()
                    .filter(|&t| (0..=FIELD_TTL_MAX as i64).contains(&t))
                    .ok_or_else(|| blob_err("invalid hash field expiry".into()))?;
                v.push((
                    t[0].to_bytes(),
                    t[1].to_bytes(),
                    (ttl != 0).then_some(ttl as u64),
                ));
            }
            hash(v).map_err(blob_err)?
        }
        STREAM_LISTPACKS | STREAM_LISTPACKS_2 | STREAM_LISTPACKS_3 | STREAM_LISTPACKS_4 => {
            Value::Stream {
                entries: skip_stream(inp, ty)?,
            }
        }
        MODULE_2 => {
            let id = inp.length()?;
            skip_module_stream(inp)?;
            Value::Module {
                name: module_name(id),
            }
        }
        MODULE_PRE_GA => return Err(inp.err("pre-GA module value (Redis 4.0 RC) is not supported")),
        _ => {
            return Err(inp.err(format!(
                "unknown object type {ty} for RDB version {version}"
            )))
        }
    })
}

fn ascii_score<R: Read>(inp: &mut Input<R>) -> Result<f64, Error> {
    Ok(match inp.u8()? {
        253 => f64::NAN,
        254 => f64::INFINITY,
        255 => f64::NEG_INFINITY,
        n => {
            let text = inp.bytes(n as u64, "score")?;
            parse_score(&text).ok_or_else(|| inp.err("invalid ASCII score"))?
        }
    })
}

fn no_dups<'a>(items: impl Iterator<Item = &'a [u8]>, what: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    for m in items {
        if !seen.insert(m) {
            return Err(format!("duplicate {what}"));
        }
    }
    Ok(())
}

fn hash(v: Vec<(Vec<u8>, Vec<u8>, Option<u64>)>) -> Result<Value, String> {
    no_dups(v.iter().map(|(f, _, _)| f.as_slice()), "hash field")?;
    Ok(Value::Hash(v))
}

/// Walks a stream value without keeping it (Strata has no stream type yet); returns its length.
fn skip_stream<R: Read>(inp: &mut Input<R>, ty: u8) -> Result<u64, Error> {
    let nodes = inp.count(2, "stream node")?;
    for _ in 0..nodes {
        let key = inp.string()?;
        if key.len() != 16 {
            return Err(inp.err("stream node key is not 16 bytes"));
        }
        let lp = inp.string()?;
        if containers::listpack(&lp)
            .map_err(|p| inp.err(p))?
            .is_empty()
        {
            return Err(inp.err("empty stream node"));
        }
    }
    let length = inp.length()?;
    let id_fields = if ty >= STREAM_LISTPACKS_2 { 7 } else { 2 };
    for _ in 0..id_fields {
        inp.length()?;
    }
    let groups = inp.count(3, "stream group")?;
    for _ in 0..groups {
        inp.string()?;
        inp.length()?;
        inp.length()?;
        if ty >= STREAM_LISTPACKS_2 {
            inp.length()?;
        }
        let pel = inp.count(25, "stream PEL entry")?;
        for _ in 0..pel {
            inp.skip(24, "stream PEL entry")?;
            inp.length()?;
        }
        let consumers = inp.count(10, "stream consumer")?;
        for _ in 0..consumers {
            inp.string()?;
            inp.skip(
                if ty >= STREAM_LISTPACKS_3 { 16 } else { 8 },
                "consumer times",
            )?;
            let n = inp.count(16, "consumer PEL entry")?;
            inp.skip(n * 16, "consumer PEL")?;
        }
    }
    if ty == STREAM_LISTPACKS_4 {
        inp.length()?;
        inp.length()?;
        let producers = inp.count(2, "stream producer")?;
        for _ in 0..producers {
            inp.string()?;
            let k = inp.count(3, "producer id")?;
            for _ in 0..k {
                inp.string()?;
                inp.length()?;
                inp.length()?;
            }
        }
        inp.length()?;
        inp.length()?;
    }
    Ok(length)
}

/// Skips a module's self-describing value stream (after the module id) up to its EOF opcode.
pub fn skip_module_stream<R: Read>(inp: &mut Input<R>) -> Result<(), Error> {
    loop {
        match inp.length()? {
            0 => return Ok(()),
            1 | 2 => {
                inp.length()?;
            }
            3 => inp.skip(4, "module float")?,
            4 => inp.skip(8, "module double")?,
            5 => {
                inp.string()?;
            }
            op => return Err(inp.err(format!("unknown module value opcode {op}"))),
        }
    }
}

/// A module type id as Redis shows it: 9 name characters and the encoding version.
pub fn module_name(id: u64) -> String {
    const CHARS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let name: String = (0..9)
        .map(|j| CHARS[((id >> (64 - 6 * (j + 1))) & 63) as usize] as char)
        .collect();
    format!("{name}/{}", id & 1023)
}
