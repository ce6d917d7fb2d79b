//! Decoders for the compact blobs that RDB values embed as strings: listpack, ziplist, intset and
//! zipmap. Each checks its header against the blob before walking it and never reads outside it.

/// One element of a listpack or ziplist.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Elem<'a> {
    Int(i64),
    Str(&'a [u8]),
}

impl Elem<'_> {
    /// The element as Redis would hand it to a client: integers as decimal text.
    pub fn to_bytes(self) -> Vec<u8> {
        match self {
            Elem::Int(i) => i.to_string().into_bytes(),
            Elem::Str(s) => s.to_vec(),
        }
    }

    pub fn as_int(self) -> Option<i64> {
        match self {
            Elem::Int(i) => Some(i),
            Elem::Str(s) => std::str::from_utf8(s).ok()?.parse().ok(),
        }
    }

    /// A score stored as an element: an integer, or text as strtod reads it; NaN is refused.
    pub fn as_score(self) -> Option<f64> {
        let f = match self {
            Elem::Int(i) => i as f64,
            Elem::Str(s) => parse_score(s)?,
        };
        (!f.is_nan()).then_some(f)
    }
}

/// Parses a textual score ("1.5", "inf", "-inf", "1e+100").
pub fn parse_score(s: &[u8]) -> Option<f64> {
    std::str::from_utf8(s)
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|f| !f.is_nan())
}

type R<T> = Result<T, String>;

fn le(b: &[u8]) -> u64 {
    b.iter().rev().fold(0, |acc, &x| (acc << 8) | x as u64)
}

fn take<'a>(blob: &'a [u8], at: usize, n: usize, what: &str) -> R<&'a [u8]> {
    blob.get(at..at.checked_add(n).ok_or("length overflow")?)
        .ok_or_else(|| format!("{what} at blob byte {at} runs past the end of the blob"))
}

fn sign_extend(v: u64, bits: u32) -> i64 {
    let shift = 64 - bits;
    ((v << shift) as i64) >> shift
}

/// All elements of a listpack, after checking its total-bytes header, terminator and count.
pub fn listpack(blob: &[u8]) -> R<Vec<Elem<'_>>> {
    if blob.len() < 7 {
        return Err("listpack shorter than its header".into());
    }
    if le(&blob[0..4]) != blob.len() as u64 {
        return Err("listpack total-bytes header does not match its length".into());
    }
    if blob[blob.len() - 1] != 0xff {
        return Err("listpack does not end with 0xFF".into());
    }
    let declared = le(&blob[4..6]) as usize;
    let mut out = Vec::with_capacity(declared.min(blob.len()));
    let mut p = 6;
    loop {
        let b = *blob.get(p).ok_or("listpack entry past the end")?;
        if b == 0xff {
            if p != blob.len() - 1 {
                return Err("listpack terminator before the end of the blob".into());
            }
            break;
        }
        let (elem, size) = match b {
            0x00..=0x7f => (Elem::Int(b as i64), 1),
            0x80..=0xbf => {
                let n = (b & 0x3f) as usize;
                (Elem::Str(take(blob, p + 1, n, "listpack string")?), 1 + n)
            }
            0xc0..=0xdf => {
                let lo = *take(blob, p + 1, 1, "listpack int")?.first().unwrap_or(&0);
                let u = (((b & 0x1f) as u64) << 8) | lo as u64;
                (Elem::Int(sign_extend(u, 13)), 2)
            }
            0xe0..=0xef => {
                let lo = take(blob, p + 1, 1, "listpack string length")?[0];
                let n = (((b & 0x0f) as usize) << 8) | lo as usize;
                (Elem::Str(take(blob, p + 2, n, "listpack string")?), 2 + n)
            }
            0xf0 => {
                let n = le(take(blob, p + 1, 4, "listpack string length")?) as usize;
                (Elem::Str(take(blob, p + 5, n, "listpack string")?), 5 + n)
            }
            0xf1 => (
                Elem::Int(sign_extend(le(take(blob, p + 1, 2, "int16")?), 16)),
                3,
            ),
            0xf2 => (
                Elem::Int(sign_extend(le(take(blob, p + 1, 3, "int24")?), 24)),
                4,
            ),
            0xf3 => (
                Elem::Int(sign_extend(le(take(blob, p + 1, 4, "int32")?), 32)),
                5,
            ),
            0xf4 => (Elem::Int(le(take(blob, p + 1, 8, "int64")?) as i64), 9),
            _ => {
                return Err(format!(
                    "invalid listpack entry encoding 0x{b:02x} at blob byte {p}"
                ))
            }
        };
        let backlen = match size {
            0..=127 => 1,
            128..=16382 => 2,
            16383..=2097150 => 3,
            2097151..=268435454 => 4,
            _ => 5,
        };
        take(blob, p, size + backlen, "listpack entry")?;
        p += size + backlen;
        out.push(elem);
    }
    if declared != 65535 && declared != out.len() {
        return Err(format!(
            "listpack declares {declared} elements but holds {}",
            out.len()
        ));
    }
    Ok(out)
}

/// All elements of a ziplist (every historical entry encoding).
pub fn ziplist(blob: &[u8]) -> R<Vec<Elem<'_>>> {
    if blob.len() < 11 {
        return Err("ziplist shorter than its header".into());
    }
    if le(&blob[0..4]) != blob.len() as u64 {
        return Err("ziplist zlbytes header does not match its length".into());
    }
    if blob[blob.len() - 1] != 0xff {
        return Err("ziplist does not end with 0xFF".into());
    }
    let tail = le(&blob[4..8]) as usize;
    if tail >= blob.len() {
        return Err("ziplist tail offset outside the blob".into());
    }
    let declared = le(&blob[8..10]) as usize;
    let mut out = Vec::with_capacity(declared.min(blob.len()));
    let mut p = 10;
    loop {
        let b = *blob.get(p).ok_or("ziplist entry past the end")?;
        if b == 0xff {
            if p != blob.len() - 1 {
                return Err("ziplist terminator before the end of the blob".into());
            }
            break;
        }
        let prevlen_size = if b == 0xfe { 5 } else { 1 };
        take(blob, p, prevlen_size, "ziplist prevlen")?;
        let q = p + prevlen_size;
        let e = *blob.get(q).ok_or("ziplist entry encoding past the end")?;
        let (elem, size) = match e >> 6 {
            0 => {
                let n = (e & 0x3f) as usize;
                (Elem::Str(take(blob, q + 1, n, "ziplist string")?), 1 + n)
            }
            1 => {
                let lo = take(blob, q + 1, 1, "ziplist string length")?[0];
                let n = (((e & 0x3f) as usize) << 8) | lo as usize;
                (Elem::Str(take(blob, q + 2, n, "ziplist string")?), 2 + n)
            }
            2 => {
                if e != 0x80 {
                    return Err(format!("invalid ziplist string encoding 0x{e:02x}"));
                }
                let l = take(blob, q + 1, 4, "ziplist string length")?;
                let n = u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize;
                (Elem::Str(take(blob, q + 5, n, "ziplist string")?), 5 + n)
            }
            _ => match e {
                0xc0 => (
                    Elem::Int(sign_extend(le(take(blob, q + 1, 2, "int16")?), 16)),
                    3,
                ),
                0xd0 => (
                    Elem::Int(sign_extend(le(take(blob, q + 1, 4, "int32")?), 32)),
                    5,
                ),
                0xe0 => (Elem::Int(le(take(blob, q + 1, 8, "int64")?) as i64), 9),
                0xf0 => (
                    Elem::Int(sign_extend(le(take(blob, q + 1, 3, "int24")?), 24)),
                    4,
                ),
                0xfe => (Elem::Int(take(blob, q + 1, 1, "int8")?[0] as i8 as i64), 2),
                0xf1..=0xfd => (Elem::Int((e & 0x0f) as i64 - 1), 1),
                _ => {
                    return Err(format!(
                        "invalid ziplist entry encoding 0x{e:02x} at blob byte {q}"
                    ))
                }
            },
        };
        take(blob, q, size, "ziplist entry")?;
        p = q + size;
        out.push(elem);
    }
    if declared != 65535 && declared != out.len() {
        return Err(format!(
            "ziplist declares {declared} elements but holds {}",
            out.len()
        ));
    }
    Ok(out)
}

/// The members of an intset, which must be sorted and unique.
pub fn intset(blob: &[u8]) -> R<Vec<i64>> {
    if blob.len() < 8 {
        return Err("intset shorter than its header".into());
    }
    let width = le(&blob[0..4]) as usize;
    let count = le(&blob[4..8]) as usize;
    if !matches!(width, 2 | 4 | 8) {
        return Err(format!("intset element width {width} is not 2, 4 or 8"));
    }
    if count.checked_mul(width).and_then(|n| n.checked_add(8)) != Some(blob.len()) {
        return Err("intset size does not match its header".into());
    }
    let out: Vec<i64> = blob[8..]
        .chunks_exact(width)
        .map(|c| sign_extend(le(c), width as u32 * 8))
        .collect();
    if out.windows(2).any(|w| w[0] >= w[1]) {
        return Err("intset members are not sorted and unique".into());
    }
    Ok(out)
}

/// The field/value pairs of a zipmap (RDB 2-3 hashes).
pub fn zipmap(blob: &[u8]) -> R<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut p = 1;
    if blob.is_empty() {
        return Err("empty zipmap".into());
    }
    let len_at = |p: &mut usize| -> R<usize> {
        let b = take(blob, *p, 1, "zipmap length")?[0];
        if b < 254 {
            *p += 1;
            Ok(b as usize)
        } else if b == 254 {
            let n = le(take(blob, *p + 1, 4, "zipmap length")?) as usize;
            *p += 5;
            Ok(n)
        } else {
            Err("unexpected zipmap terminator".into())
        }
    };
    let mut out = Vec::new();
    loop {
        if *blob.get(p).ok_or("zipmap without terminator")? == 0xff {
            if p != blob.len() - 1 {
                return Err("zipmap terminator before the end of the blob".into());
            }
            break;
        }
        let klen = len_at(&mut p)?;
        let key = take(blob, p, klen, "zipmap key")?.to_vec();
        p += klen;
        let vlen = len_at(&mut p)?;
        let free = take(blob, p, 1, "zipmap free byte")?[0] as usize;
        p += 1;
        let value = take(blob, p, vlen, "zipmap value")?.to_vec();
        p += vlen;
        take(blob, p, free, "zipmap padding")?;
        p += free;
        out.push((key, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listpack_negative_13_and_24_bit() {
        // total 4 | count 2 | 13-bit -1 (0xDF 0xFF) backlen 2 | int24 -2 backlen 4 | FF
        let mut lp = vec![
            0, 0, 0, 0, 2, 0, 0xdf, 0xff, 2, 0xf2, 0xfe, 0xff, 0xff, 4, 0xff,
        ];
        let n = lp.len() as u8;
        lp[0] = n;
        assert_eq!(listpack(&lp).unwrap(), vec![Elem::Int(-1), Elem::Int(-2)]);
        lp[4] = 3;
        assert!(listpack(&lp).is_err());
    }

    #[test]
    fn intset_rejects_unsorted() {
        let blob = [2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 1, 0];
        assert!(intset(&blob).is_err());
        let ok = [2, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff, 1, 0];
        assert_eq!(intset(&ok).unwrap(), vec![-1, 1]);
    }
}
