//! RDB encoding of values as Redis 7.0 writes them (RDB 10): the DUMP payload and whole files.
//! Types are the ones Redis 7.0 would choose for the same data (listpack or intset while small,
//! as the caller's `compact` flag says, the hashtable/skiplist forms otherwise), so Redis 7.0
//! restores what we write and, where Redis' output is deterministic, writes the same bytes.
//!
//! Every RDB string goes through [`put_string`], which applies Redis' rules (its default
//! `rdbcompression yes`): integer encoding for canonical decimals, else LZF for strings longer
//! than 20 bytes when that saves at least 5 bytes, else raw. That covers values, keys, members,
//! fields, AUX values, function code and the listpack/intset blobs alike, as in Redis. Our LZF
//! compressor is not liblzf, so a compressible string gets other (equally valid) bytes than
//! Redis writes; incompressible ones, which both leave raw, stay byte-identical.
//!
//! Hashes with field TTLs, which RDB 10 cannot express, use the RDB 12 types 24/25 of Redis 7.4
//! in DUMP payloads.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use super::types::*;
use super::{crc64, lzf, Value};

/// The RDB version of what this module writes, unless a value needs the field-TTL types.
pub const VERSION: u16 = 10;
/// Version of payloads holding hash field TTLs.
pub const VERSION_FIELD_TTL: u16 = 12;

/// Redis' default `list-max-listpack-size -2`: quicklist nodes of at most 8 KB.
const NODE_BYTES: usize = 8192;

/// Redis does not try LZF on shorter strings (they cannot shrink), and keeps the compressed form
/// only when it is at least 5 bytes shorter. (It gives liblzf `len - 4` bytes of room, which
/// reads as 4, but a full buffer counts as a failure: measured on Redis 7.0, 29 bytes that
/// compress to 25 stay raw, 30 bytes that compress to 25 do not; no saving of 4 in thousands of
/// random DUMPs.)
const LZF_MIN_LEN: usize = 21;
const LZF_MIN_SAVING: usize = 5;

pub fn put_len(out: &mut Vec<u8>, n: u64) {
    if n < 1 << 6 {
        out.push(n as u8);
    } else if n < 1 << 14 {
        out.extend_from_slice(&[0x40 | (n >> 8) as u8, n as u8]);
    } else if n <= u32::MAX as u64 {
        out.push(0x80);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(0x81);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// The value of `s` if it is the canonical decimal text of an integer of type T (no sign on
/// zero, no leading zeros or plus) — the only strings Redis stores as integers.
fn canonical_int(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let v: i64 = std::str::from_utf8(s).ok()?.parse().ok()?;
    (v.to_string().as_bytes() == s).then_some(v)
}

/// Appends `s` as an RDB string, in the smallest of the forms Redis would choose.
/// `rdbcompression`: whether strings are LZF-compressed. One switch for the process, as the
/// writers it governs (DUMP, SAVE, export, MIGRATE) run all over the server.
static COMPRESS: AtomicBool = AtomicBool::new(true);

pub fn set_compression(on: bool) {
    COMPRESS.store(on, Ordering::Relaxed);
}

pub fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    if s.len() <= 11 {
        match canonical_int(s) {
            Some(v) if i8::try_from(v).is_ok() => return out.extend_from_slice(&[0xc0, v as u8]),
            Some(v) if i16::try_from(v).is_ok() => {
                out.push(0xc1);
                return out.extend_from_slice(&(v as i16).to_le_bytes());
            }
            Some(v) if i32::try_from(v).is_ok() => {
                out.push(0xc2);
                return out.extend_from_slice(&(v as i32).to_le_bytes());
            }
            _ => {}
        }
    }
    if s.len() >= LZF_MIN_LEN && COMPRESS.load(Ordering::Relaxed) {
        if let Some(packed) = lzf::compress(s, s.len() - LZF_MIN_SAVING) {
            out.push(0xc3);
            put_len(out, packed.len() as u64);
            put_len(out, s.len() as u64);
            return out.extend_from_slice(&packed);
        }
    }
    put_len(out, s.len() as u64);
    out.extend_from_slice(s);
}

/// Builds a listpack blob element by element.
struct Listpack {
    buf: Vec<u8>,
    count: usize,
}

impl Listpack {
    fn new() -> Self {
        Listpack {
            buf: vec![0; 6],
            count: 0,
        }
    }

    fn push(&mut self, s: &[u8]) {
        let start = self.buf.len();
        match canonical_int(s) {
            Some(v) if (0..=127).contains(&v) => self.buf.push(v as u8),
            Some(v) if (-4096..=4095).contains(&v) => {
                let u = (v as u16) & 0x1fff;
                self.buf
                    .extend_from_slice(&[0xc0 | (u >> 8) as u8, u as u8]);
            }
            Some(v) if i16::try_from(v).is_ok() => {
                self.buf.push(0xf1);
                self.buf.extend_from_slice(&(v as i16).to_le_bytes());
            }
            Some(v) if (-(1 << 23)..(1 << 23)).contains(&v) => {
                self.buf.push(0xf2);
                self.buf.extend_from_slice(&(v as i32).to_le_bytes()[..3]);
            }
            Some(v) if i32::try_from(v).is_ok() => {
                self.buf.push(0xf3);
                self.buf.extend_from_slice(&(v as i32).to_le_bytes());
            }
            Some(v) => {
                self.buf.push(0xf4);
                self.buf.extend_from_slice(&v.to_le_bytes());
            }
            None if s.len() < 64 => {
                self.buf.push(0x80 | s.len() as u8);
                self.buf.extend_from_slice(s);
            }
            None if s.len() < 4096 => {
                self.buf
                    .extend_from_slice(&[0xe0 | (s.len() >> 8) as u8, s.len() as u8]);
                self.buf.extend_from_slice(s);
            }
            None => {
                self.buf.push(0xf0);
                self.buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
                self.buf.extend_from_slice(s);
            }
        }
        // The entry's size again, readable backwards: 7 bits per byte, most significant first,
        // every byte but the first flagged with the high bit.
        let size = (self.buf.len() - start) as u64;
        let n = match size {
            0..=127 => 1,
            128..=16382 => 2,
            16383..=2097150 => 3,
            2097151..=268435454 => 4,
            _ => 5,
        };
        for i in (0..n).rev() {
            let b = ((size >> (7 * i)) & 127) as u8;
            self.buf.push(if i == n - 1 { b } else { b | 128 });
        }
        self.count += 1;
    }

    fn len(&self) -> usize {
        self.buf.len() + 1
    }

    fn finish(mut self) -> Vec<u8> {
        self.buf.push(0xff);
        let total = self.buf.len() as u32;
        self.buf[..4].copy_from_slice(&total.to_le_bytes());
        self.buf[4..6].copy_from_slice(&(self.count.min(65535) as u16).to_le_bytes());
        self.buf
    }
}

/// A score as Redis 7.0 puts it into a listpack (`zzlInsertAt`), which is also what ZSCAN of a
/// listpack zset replies: integral values within ±2^62 (`double2ll`) as integers, everything
/// else as `%.17g`. So 123456789012345680 stays digits where ZRANGE says 1.2345678901234568e+17.
pub fn score_text(s: f64) -> Vec<u8> {
    const LIMIT: f64 = (1u64 << 62) as f64;
    if (-LIMIT..=LIMIT).contains(&s) && s == s.trunc() {
        return (s as i64).to_string().into_bytes();
    }
    crate::resp::encode::format_double_g17(s).into_bytes()
}

fn intset(members: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut ints: Vec<i64> = members
        .iter()
        .map(|m| canonical_int(m))
        .collect::<Option<_>>()?;
    ints.sort_unstable();
    let width: usize = if ints.iter().all(|&v| i16::try_from(v).is_ok()) {
        2
    } else if ints.iter().all(|&v| i32::try_from(v).is_ok()) {
        4
    } else {
        8
    };
    let mut out = Vec::with_capacity(8 + width * ints.len());
    out.extend_from_slice(&(width as u32).to_le_bytes());
    out.extend_from_slice(&(ints.len() as u32).to_le_bytes());
    for v in ints {
        out.extend_from_slice(&v.to_le_bytes()[..width]);
    }
    Some(out)
}

/// The type byte and body of `value`. `compact` says Redis 7.0 would hold it as a listpack
/// (hash, zset) or intset (set). Streams and module values have no writer (Strata keeps none).
pub fn encode_object(value: &Value, compact: bool) -> Option<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    let ty = match value {
        Value::String(s) => {
            put_string(&mut out, s);
            STRING
        }
        Value::List(items) => {
            let mut nodes: Vec<Vec<u8>> = Vec::new();
            let mut lp = Listpack::new();
            for it in items {
                if lp.count > 0 && lp.len() + it.len() + 11 > NODE_BYTES {
                    nodes.push(std::mem::replace(&mut lp, Listpack::new()).finish());
                }
                lp.push(it);
            }
            if lp.count > 0 {
                nodes.push(lp.finish());
            }
            put_len(&mut out, nodes.len() as u64);
            for n in nodes {
                put_len(&mut out, 2);
                put_string(&mut out, &n);
            }
            LIST_QUICKLIST_2
        }
        Value::Set(members) => match intset(members).filter(|_| compact) {
            Some(blob) => {
                put_string(&mut out, &blob);
                SET_INTSET
            }
            None => {
                put_len(&mut out, members.len() as u64);
                for m in members {
                    put_string(&mut out, m);
                }
                SET
            }
        },
        Value::Zset(pairs) if compact => {
            let mut sorted: Vec<&(Vec<u8>, f64)> = pairs.iter().collect();
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
            let mut lp = Listpack::new();
            for (m, s) in sorted {
                lp.push(m);
                lp.push(&score_text(*s));
            }
            put_string(&mut out, &lp.finish());
            ZSET_LISTPACK
        }
        Value::Zset(pairs) => {
            // Redis writes a skiplist from the highest score down (cheap re-insertion).
            let mut sorted: Vec<&(Vec<u8>, f64)> = pairs.iter().collect();
            sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
            put_len(&mut out, sorted.len() as u64);
            for (m, s) in sorted {
                put_string(&mut out, m);
                out.extend_from_slice(&s.to_le_bytes());
            }
            ZSET_2
        }
        Value::Hash(fields) if fields.iter().all(|f| f.2.is_none()) => {
            if compact {
                let mut lp = Listpack::new();
                for (f, v, _) in fields {
                    lp.push(f);
                    lp.push(v);
                }
                put_string(&mut out, &lp.finish());
                HASH_LISTPACK
            } else {
                put_len(&mut out, fields.len() as u64);
                for (f, v, _) in fields {
                    put_string(&mut out, f);
                    put_string(&mut out, v);
                }
                HASH
            }
        }
        Value::Hash(fields) => {
            let min = fields.iter().filter_map(|f| f.2).min().unwrap_or(0);
            out.extend_from_slice(&min.to_le_bytes());
            if compact {
                // Redis 7.4 keeps fields with a TTL first, in deadline order.
                let mut sorted: Vec<_> = fields.iter().collect();
                sorted.sort_by_key(|f| (f.2.is_none(), f.2));
                let mut lp = Listpack::new();
                for (f, v, t) in sorted {
                    lp.push(f);
                    lp.push(v);
                    lp.push(t.unwrap_or(0).to_string().as_bytes());
                }
                put_string(&mut out, &lp.finish());
                HASH_LISTPACK_EX
            } else {
                put_len(&mut out, fields.len() as u64);
                for (f, v, t) in fields {
                    // Relative to the minimum, +1 so that 0 keeps meaning "no TTL".
                    put_len(&mut out, t.map_or(0, |t| t - min + 1));
                    put_string(&mut out, f);
                    put_string(&mut out, v);
                }
                HASH_METADATA
            }
        }
        Value::Stream { .. } | Value::Module { .. } => return None,
    };
    Some((ty, out))
}

/// A DUMP payload: type, body, RDB version, CRC-64.
pub fn dump_payload(value: &Value, compact: bool) -> Option<Vec<u8>> {
    let (ty, body) = encode_object(value, compact)?;
    let version = if ty >= HASH_METADATA_PRE_GA {
        VERSION_FIELD_TTL
    } else {
        VERSION
    };
    let mut out = Vec::with_capacity(body.len() + 11);
    out.push(ty);
    out.extend_from_slice(&body);
    out.extend_from_slice(&version.to_le_bytes());
    let crc = crc64::crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Some(out)
}

/// Checks a DUMP payload's footer as Redis does; returns the RDB version and the object bytes
/// (type byte first) on success.
pub fn verify_payload(p: &[u8], max_version: u16) -> Option<(u16, &[u8])> {
    if p.len() < 10 {
        return None;
    }
    let (body, footer) = p.split_at(p.len() - 10);
    let version = u16::from_le_bytes([footer[0], footer[1]]);
    let crc = u64::from_le_bytes(footer[2..].try_into().ok()?);
    (version <= max_version && crc64::crc64(&p[..p.len() - 8]) == crc).then_some((version, body))
}

/// Writes an RDB 10 file, keeping the running checksum.
pub struct FileWriter<W: Write> {
    out: W,
    crc: u64,
    buf: Vec<u8>,
}

impl<W: Write> FileWriter<W> {
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut w = FileWriter {
            out,
            crc: 0,
            buf: Vec::with_capacity(1 << 16),
        };
        w.buf
            .extend_from_slice(format!("REDIS{VERSION:04}").as_bytes());
        Ok(w)
    }

    fn flush_if_big(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= 1 << 16 {
            self.crc = crc64::update(self.crc, &self.buf);
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub fn aux(&mut self, key: &str, value: &str) -> std::io::Result<()> {
        self.buf.push(250);
        put_string(&mut self.buf, key.as_bytes());
        put_string(&mut self.buf, value.as_bytes());
        self.flush_if_big()
    }

    /// A function library (FUNCTION2, as Redis 7.0 writes them before the keys).
    pub fn function(&mut self, code: &[u8]) -> std::io::Result<()> {
        self.buf.push(245);
        put_string(&mut self.buf, code);
        self.flush_if_big()
    }

    /// SELECTDB and RESIZEDB for the keys that follow.
    pub fn select_db(&mut self, db: u64, keys: u64, expires: u64) -> std::io::Result<()> {
        self.buf.push(254);
        put_len(&mut self.buf, db);
        self.buf.push(251);
        put_len(&mut self.buf, keys);
        put_len(&mut self.buf, expires);
        self.flush_if_big()
    }

    /// One key; `false` when the value has no RDB 10 form (it is left out). Hash field TTLs
    /// do not exist in RDB 10, so the fields are written without them.
    pub fn key(
        &mut self,
        key: &[u8],
        value: &Value,
        compact: bool,
        expire_at_ms: u64,
    ) -> std::io::Result<bool> {
        let stripped;
        let value = match value {
            Value::Hash(f) if f.iter().any(|f| f.2.is_some()) => {
                stripped = Value::Hash(
                    f.iter()
                        .map(|(f, v, _)| (f.clone(), v.clone(), None))
                        .collect(),
                );
                &stripped
            }
            v => v,
        };
        let Some((ty, body)) = encode_object(value, compact) else {
            return Ok(false);
        };
        if expire_at_ms != 0 {
            self.buf.push(252);
            self.buf.extend_from_slice(&expire_at_ms.to_le_bytes());
        }
        self.buf.push(ty);
        put_string(&mut self.buf, key);
        self.buf.extend_from_slice(&body);
        self.flush_if_big()?;
        Ok(true)
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        self.buf.push(255);
        self.crc = crc64::update(self.crc, &self.buf);
        let crc = self.crc;
        self.buf.extend_from_slice(&crc.to_le_bytes());
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::put_string;
    use crate::rdb::input::Input;

    fn written(s: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        put_string(&mut out, s);
        let mut back = Input::new(&out[..], out.len() as u64);
        assert_eq!(back.string().unwrap(), s);
        out
    }

    #[test]
    fn lzf_only_past_20_bytes_and_for_5_bytes_saved() {
        assert_eq!(written(&[b'a'; 20])[0], 20);
        assert_eq!(written(&[b'a'; 21])[..3], [0xc3, 5, 21]);
        // 17 distinct bytes then a run of k: 18 literals (19 bytes) and a 2-byte reference,
        // so LZF saves k - 4 bytes.
        let with_run = |k: usize| {
            let mut s: Vec<u8> = (b'A'..b'A' + 17).collect();
            s.resize(17 + k, b'a');
            s
        };
        assert_eq!(written(&with_run(9))[..3], [0xc3, 21, 26]);
        assert_eq!(written(&with_run(8))[0], 25);
        assert_eq!(written(b"12345678901")[0], 11, "int64-only text stays raw");
    }
}
