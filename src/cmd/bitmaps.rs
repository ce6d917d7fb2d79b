//! Bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO) over string
//! values, inline or chunked: reads and writes touch only the bytes they address (BITCOUNT and
//! BITPOS stream their range chunk by chunk; BITOP reads whole values, O(N) as in Redis).
//!
//! Bits are numbered as Redis numbers them: bit 0 is the most significant bit of byte 0. A
//! missing key reads as an endless run of zero bits; a write that reaches past the end first
//! grows the string with zero bytes, up to `proto-max-bulk-len`.

use super::args::parse_i64;
use super::strings::{max_len, put_value, value};
use super::{Args, CmdError, Ctx};
use crate::resp::Reply;
use strata_storage::types::string::{self as layout, StringEdit, ENC_RAW};

/// A bit offset as Redis parses one: a non-negative integer whose byte lies below
/// `proto-max-bulk-len`. With `field_bits` (BITFIELD), `#n` means `n` fields of that width.
fn bit_offset(arg: &[u8], field_bits: Option<u32>, limit: u64) -> Result<u64, CmdError> {
    let (digits, scale) = match (arg.first(), field_bits) {
        (Some(b'#'), Some(bits)) => (&arg[1..], bits as i64),
        _ => (arg, 1),
    };
    let v = parse_i64(digits)
        .ok_or(CmdError::BitOffset)?
        .wrapping_mul(scale);
    if v < 0 || (v as u64 >> 3) >= limit {
        return Err(CmdError::BitOffset);
    }
    Ok(v as u64)
}

fn bit_at(v: &[u8], offset: u64) -> bool {
    v.get((offset >> 3) as usize)
        .is_some_and(|&b| b & (0x80 >> (offset & 7)) != 0)
}

/// SETBIT key offset value
pub fn setbit(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let offset = bit_offset(args.get(2), None, max_len(ctx))?;
    let on = match parse_i64(args.get(3)) {
        Some(b @ (0 | 1)) => b == 1,
        _ => return Err(CmdError::BitValue),
    };
    let key = args.get(1);
    let old = ctx.lookup_string(key, false)?;
    let mut edit = StringEdit::new(ctx.db, key, old.as_ref());
    let (byte, mask) = (offset >> 3, 0x80u8 >> (offset & 7));
    let mut b = edit.read(&ctx.batch, byte, 1)?;
    let was = b[0] & mask != 0;
    if on {
        b[0] |= mask;
    } else {
        b[0] &= !mask;
    }
    edit.write(&ctx.batch, byte, &b)?;
    // A bit already as asked is no modification (no WATCH, no event), as in Redis.
    if edit.finish(&mut ctx.batch) {
        if old.is_none() {
            ctx.notify(crate::notify::NEW, "new", key);
        }
        ctx.notify(crate::notify::STRING, "setbit", key);
    }
    Ok(Reply::Int(was as i64))
}

/// GETBIT key offset
pub fn getbit(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let offset = bit_offset(args.get(2), None, max_len(ctx))?;
    let key = args.get(1);
    let Some(m) = ctx.lookup_string(key, true)? else {
        return Ok(Reply::Int(0));
    };
    let byte = ctx
        .batch
        .string_range(ctx.db, key, &m, offset >> 3, (offset >> 3) + 1)?;
    Ok(Reply::Int(bit_at(&byte, offset & 7) as i64))
}

/// Resolves Redis' inclusive, possibly negative `start`/`end` (in bytes, or bits if `bits`)
/// against a string of `len` bytes, as an inclusive range of bits; `None` = empty.
fn bit_range(start: i64, end: i64, bits: bool, len: u64) -> Option<(u64, u64)> {
    let total = len as i64 * if bits { 8 } else { 1 };
    let fix = |i: i64| if i < 0 { (i + total).max(0) } else { i };
    let (start, end) = (fix(start), fix(end).min(total - 1));
    if start > end {
        return None;
    }
    let (s, e) = (start as u64, end as u64);
    Some(if bits { (s, e) } else { (s * 8, e * 8 + 7) })
}

/// Keeps only the bits of byte `i` that lie in the bit range `[s, e]`.
fn in_range(b: u8, i: u64, s: u64, e: u64) -> u8 {
    let mut b = b;
    if i == s / 8 {
        b &= 0xff >> (s % 8);
    }
    if i == e / 8 {
        b &= !((0xffu16 >> (e % 8 + 1)) as u8);
    }
    b
}

fn popcount(v: &[u8]) -> u64 {
    let mut words = v.chunks_exact(8);
    let mut n: u64 = (&mut words)
        .map(|w| u64::from_ne_bytes(w.try_into().expect("8 bytes")).count_ones() as u64)
        .sum();
    n += words
        .remainder()
        .iter()
        .map(|b| b.count_ones() as u64)
        .sum::<u64>();
    n
}

/// BITCOUNT key [start end [BYTE | BIT]]
pub fn bitcount(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // Redis 7.0 looks the key up before it reads the range.
    let key = args.get(1);
    let Some(m) = ctx.lookup_string(key, true)? else {
        return Ok(Reply::Int(0));
    };
    let len = layout::len(&m);
    let range = match args.len() {
        2 => bit_range(0, -1, false, len),
        4 | 5 => {
            let (start, end) = (args.i64(2)?, args.i64(3)?);
            // Redis 7.0 answers an inverted negative range before it reads the
            // unit, so even an invalid unit gets 0 rather than a syntax error.
            if start < 0 && end < 0 && start > end {
                None
            } else {
                let bits = args.len() == 5 && args.either(4, "bit", "byte")?;
                bit_range(start, end, bits, len)
            }
        }
        _ => return Err(CmdError::Syntax),
    };
    let Some((s, e)) = range else {
        return Ok(Reply::Int(0));
    };
    let (first, last) = (s / 8, e / 8);
    // Whole bytes are counted as they stream by; the partial edge bytes are corrected after.
    let (mut n, mut pos, mut edges) = (0u64, first, [0u8; 2]);
    ctx.batch
        .string_visit(ctx.db, key, &m, first, last + 1, |part| {
            if pos == first {
                edges[0] = part[0];
            }
            if pos + part.len() as u64 > last {
                edges[1] = part[(last - pos) as usize];
            }
            n += popcount(part);
            pos += part.len() as u64;
            true
        })?;
    n -= (edges[0] & !in_range(0xff, first, s, e)).count_ones() as u64;
    if last != first {
        n -= (edges[1] & !in_range(0xff, last, s, e)).count_ones() as u64;
    }
    Ok(Reply::Int(n as i64))
}

/// The index of the first byte of `v` that is not `skip`.
fn first_not(v: &[u8], skip: u8) -> Option<usize> {
    let word = u64::from_ne_bytes([skip; 8]);
    let whole = v
        .chunks_exact(8)
        .take_while(|w| u64::from_ne_bytes((*w).try_into().expect("8 bytes")) == word)
        .count()
        * 8;
    v[whole..]
        .iter()
        .position(|&b| b != skip)
        .map(|i| whole + i)
}

/// BITPOS key bit [start [end [BYTE | BIT]]]
pub fn bitpos(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let bit = match args.i64(2)? {
        b @ (0 | 1) => b == 1,
        _ => return Err(CmdError::BitposBit),
    };
    let key = args.get(1);
    let Some(m) = ctx.lookup_string(key, true)? else {
        return Ok(Reply::Int(if bit { -1 } else { 0 }));
    };
    let len = layout::len(&m);
    let (range, end_given) = match args.len() {
        3 => (bit_range(0, -1, false, len), false),
        4..=6 => {
            let start = args.i64(3)?;
            let bits = args.len() == 6 && args.either(5, "bit", "byte")?;
            let end = if args.len() >= 5 { args.i64(4)? } else { -1 };
            (bit_range(start, end, bits, len), args.len() >= 5)
        }
        _ => return Err(CmdError::Syntax),
    };
    let Some((s, e)) = range else {
        return Ok(Reply::Int(-1));
    };
    // Bytes made only of the other bit cannot hold a match: skip them a word at a time.
    let skip = if bit { 0 } else { 0xff };
    let (mut found, mut pos) = (None, s / 8);
    ctx.batch
        .string_visit(ctx.db, key, &m, s / 8, e / 8 + 1, |part| {
            let mut j = 0;
            while let Some(k) = first_not(&part[j..], skip) {
                let i = pos + (j + k) as u64;
                let v = part[j + k];
                let b = in_range(if bit { v } else { !v }, i, s, e);
                if b != 0 {
                    found = Some(i * 8 + b.leading_zeros() as u64);
                    break;
                }
                j += k + 1;
            }
            pos += part.len() as u64;
            found.is_none()
        })?;
    Ok(Reply::Int(match found {
        Some(pos) => pos as i64,
        // Without an explicit end, the string continues with zero bits.
        None if !bit && !end_given => e as i64 + 1,
        None => -1,
    }))
}

#[derive(Clone, Copy, PartialEq)]
enum BitOp {
    And,
    Or,
    Xor,
    Not,
}

/// BITOP <AND | OR | XOR | NOT> destkey key [key ...]
pub fn bitop(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let op = [
        ("and", BitOp::And),
        ("or", BitOp::Or),
        ("xor", BitOp::Xor),
        ("not", BitOp::Not),
    ]
    .into_iter()
    .find(|(name, _)| args.is(1, name))
    .ok_or(CmdError::Syntax)?
    .1;
    if op == BitOp::Not && args.len() != 4 {
        return Err(CmdError::BitopNotArity);
    }
    let mut sources = Vec::with_capacity(args.len() - 3);
    for i in 3..args.len() {
        sources.push(match ctx.lookup_string(args.get(i), true)? {
            Some(m) => value(ctx, args.get(i), m)?,
            None => Vec::new(),
        });
    }
    let len = sources.iter().map(Vec::len).max().unwrap_or(0);
    let dest = args.get(2);
    let old = ctx.lookup(dest)?;
    if len == 0 {
        if let Some(old) = old {
            ctx.remove(dest, &old);
            ctx.notify(crate::notify::GENERIC, "del", dest);
        }
        return Ok(Reply::Int(0));
    }
    // Shorter sources count as zero-padded.
    let mut out = std::mem::take(&mut sources[0]);
    out.resize(len, 0);
    if op == BitOp::Not {
        out.iter_mut().for_each(|b| *b = !*b);
    }
    for src in &sources[1..] {
        match op {
            BitOp::And => {
                out[src.len()..].fill(0);
                out.iter_mut().zip(src).for_each(|(o, s)| *o &= s);
            }
            BitOp::Or => out.iter_mut().zip(src).for_each(|(o, s)| *o |= s),
            BitOp::Xor => out.iter_mut().zip(src).for_each(|(o, s)| *o ^= s),
            BitOp::Not => unreachable!("NOT has one source"),
        }
    }
    // Like SET, the result replaces any value and TTL the destination had.
    put_value(ctx, dest, out, ENC_RAW, 0, old.as_ref())?;
    ctx.notify(crate::notify::STRING, "set", dest);
    Ok(Reply::Int(len as i64))
}

#[derive(Clone, Copy, PartialEq)]
enum Overflow {
    Wrap,
    Sat,
    Fail,
}

#[derive(Clone, Copy, PartialEq)]
enum FieldOp {
    Get,
    Set,
    IncrBy,
}

/// One parsed BITFIELD operation.
#[derive(Clone, Copy)]
struct Field {
    op: FieldOp,
    signed: bool,
    bits: u32,
    offset: u64,
    /// The SET value or INCRBY increment.
    value: i64,
    overflow: Overflow,
}

/// `iN` (N in 1..=64) or `uN` (N in 1..=63).
fn field_type(arg: &[u8]) -> Result<(bool, u32), CmdError> {
    let (signed, max) = match arg.first() {
        Some(b'i') => (true, 64),
        Some(b'u') => (false, 63),
        _ => return Err(CmdError::BitfieldType),
    };
    match parse_i64(&arg[1..]) {
        Some(n) if (1..=max).contains(&n) => Ok((signed, n as u32)),
        _ => Err(CmdError::BitfieldType),
    }
}

fn get_field(v: &[u8], offset: u64, bits: u32) -> u64 {
    (0..bits as u64).fold(0, |acc, i| acc << 1 | bit_at(v, offset + i) as u64)
}

fn set_field(v: &mut [u8], offset: u64, bits: u32, value: u64) {
    for i in 0..bits as u64 {
        let pos = offset + i;
        let (byte, mask) = ((pos >> 3) as usize, 0x80u8 >> (pos & 7));
        if value >> (bits as u64 - 1 - i) & 1 == 1 {
            v[byte] |= mask;
        } else {
            v[byte] &= !mask;
        }
    }
}

fn sign_extend(x: u64, bits: u32) -> i64 {
    let shift = 64 - bits;
    ((x << shift) as i64) >> shift
}

/// `value + incr` in a signed field of `bits`, and whether it overflowed. The bounds tests are
/// Redis': a SET of a value far below the field's range (beyond 2^63 of distance) counts as an
/// overflow upwards, so SAT then gives the maximum.
fn signed_add(value: i64, incr: i64, bits: u32, overflow: Overflow) -> (i64, bool) {
    let max = if bits == 64 {
        i64::MAX
    } else {
        (1i64 << (bits - 1)) - 1
    };
    let min = -max - 1;
    let max_incr = (max as u64).wrapping_sub(value as u64) as i64;
    let min_incr = min.wrapping_sub(value);
    let up = value > max
        || (bits != 64 && incr > max_incr)
        || (value >= 0 && incr > 0 && incr > max_incr);
    let down = value < min
        || (bits != 64 && incr < min_incr)
        || (value < 0 && incr < 0 && incr < min_incr);
    if !up && !down {
        return (value.wrapping_add(incr), false);
    }
    let out = match overflow {
        Overflow::Sat if up => max,
        Overflow::Sat => min,
        _ => sign_extend((value as u64).wrapping_add(incr as u64), bits),
    };
    (out, true)
}

/// `value + incr` in an unsigned field of `bits` (at most 63), and whether it overflowed.
fn unsigned_add(value: u64, incr: i64, bits: u32, overflow: Overflow) -> (u64, bool) {
    let max = (1u64 << bits) - 1;
    let max_incr = max.wrapping_sub(value) as i64;
    let min_incr = (value as i64).wrapping_neg();
    let up = value > max || (incr > 0 && incr > max_incr);
    let down = incr < 0 && incr < min_incr;
    if !up && !down {
        return (value.wrapping_add(incr as u64), false);
    }
    let out = match overflow {
        Overflow::Sat if up => max,
        Overflow::Sat => 0,
        _ => value.wrapping_add(incr as u64) & max,
    };
    (out, true)
}

/// Runs one SET or INCRBY on `v`; `None` when OVERFLOW FAIL stopped it.
fn write_field(v: &mut [u8], f: &Field) -> Option<i64> {
    let raw = get_field(v, f.offset, f.bits);
    let (new, reply, overflowed) = if f.signed {
        let old = sign_extend(raw, f.bits);
        let (base, incr) = match f.op {
            FieldOp::IncrBy => (old, f.value),
            _ => (f.value, 0),
        };
        let (new, o) = signed_add(base, incr, f.bits, f.overflow);
        let reply = if f.op == FieldOp::IncrBy { new } else { old };
        (new as u64, reply, o)
    } else {
        let (base, incr) = match f.op {
            FieldOp::IncrBy => (raw, f.value),
            _ => (f.value as u64, 0),
        };
        let (new, o) = unsigned_add(base, incr, f.bits, f.overflow);
        let reply = if f.op == FieldOp::IncrBy { new } else { raw };
        (new, reply as i64, o)
    };
    if overflowed && f.overflow == Overflow::Fail {
        return None;
    }
    set_field(v, f.offset, f.bits, new);
    Some(reply)
}

fn bitfield_generic(ctx: &mut Ctx, args: &Args, read_only: bool) -> Result<Reply, CmdError> {
    let limit = max_len(ctx);
    let (mut fields, mut overflow, mut last_bit) = (Vec::new(), Overflow::Wrap, None::<u64>);
    let mut j = 2;
    while j < args.len() {
        let left = args.len() - j - 1;
        let op = if args.is(j, "get") && left >= 2 {
            FieldOp::Get
        } else if args.is(j, "set") && left >= 3 {
            FieldOp::Set
        } else if args.is(j, "incrby") && left >= 3 {
            FieldOp::IncrBy
        } else if args.is(j, "overflow") && left >= 1 {
            overflow = if args.is(j + 1, "wrap") {
                Overflow::Wrap
            } else if args.is(j + 1, "sat") {
                Overflow::Sat
            } else if args.is(j + 1, "fail") {
                Overflow::Fail
            } else {
                return Err(CmdError::BitfieldOverflowType);
            };
            j += 2;
            continue;
        } else {
            return Err(CmdError::Syntax);
        };
        let (signed, bits) = field_type(args.get(j + 1))?;
        let offset = bit_offset(args.get(j + 2), Some(bits), limit)?;
        let mut value = 0;
        if op != FieldOp::Get {
            let end = offset + bits as u64 - 1;
            last_bit = Some(last_bit.map_or(end, |b| b.max(end)));
            value = args.i64(j + 3)?;
        }
        fields.push(Field {
            op,
            signed,
            bits,
            offset,
            value,
            overflow,
        });
        j += if op == FieldOp::Get { 3 } else { 4 };
    }
    let key = args.get(1);
    let read = |v: &[u8], f: &Field| {
        let raw = get_field(v, f.offset, f.bits);
        Reply::Int(if f.signed {
            sign_extend(raw, f.bits)
        } else {
            raw as i64
        })
    };
    if read_only && last_bit.is_some() {
        return Err(CmdError::BitfieldRoWrite);
    }
    let old = ctx.lookup_string(key, last_bit.is_none())?;
    let mut edit = StringEdit::new(ctx.db, key, old.as_ref());
    // Redis grows the string before running the operations, even if OVERFLOW FAIL stops them all.
    if let Some(last) = last_bit {
        edit.grow(&ctx.batch, last / 8 + 1)?;
    }
    let mut replies = Vec::with_capacity(fields.len());
    let mut changed = false;
    for f in &fields {
        // Each operation works on the few bytes its field spans.
        let first = f.offset / 8;
        let n = (f.offset + f.bits as u64 - 1) / 8 - first + 1;
        let mut window = edit.read(&ctx.batch, first, n)?;
        let local = Field {
            offset: f.offset % 8,
            ..*f
        };
        replies.push(match f.op {
            FieldOp::Get => read(&window, &local),
            _ => match write_field(&mut window, &local) {
                Some(r) => {
                    edit.write(&ctx.batch, first, &window)?;
                    changed = true;
                    Reply::Int(r)
                }
                None => Reply::Nil,
            },
        });
    }
    if last_bit.is_some() {
        // Only writes that changed bits count (not SET of the same bits, not OVERFLOW FAIL).
        if edit.finish(&mut ctx.batch) && changed {
            ctx.notify(crate::notify::STRING, "setbit", key);
        }
    }
    Ok(Reply::Array(replies))
}

/// BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> ...]]
pub fn bitfield(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    bitfield_generic(ctx, args, false)
}

/// BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]
pub fn bitfield_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    bitfield_generic(ctx, args, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn offsets_follow_redis_rules() {
        let lim = 512 << 20;
        assert_eq!(bit_offset(b"7", None, lim), Ok(7));
        assert_eq!(bit_offset(b"#3", Some(8), lim), Ok(24));
        assert_eq!(bit_offset(b"#3", None, lim), Err(CmdError::BitOffset));
        assert_eq!(bit_offset(b"-1", None, lim), Err(CmdError::BitOffset));
        assert_eq!(bit_offset(b"4294967295", None, lim), Ok(4294967295));
        assert_eq!(
            bit_offset(b"4294967296", None, lim),
            Err(CmdError::BitOffset)
        );
        assert_eq!(bit_offset(b"", Some(8), lim), Err(CmdError::BitOffset));
        assert_eq!(bit_offset(b"#", Some(8), lim), Err(CmdError::BitOffset));
    }

    #[test]
    fn field_types() {
        assert_eq!(field_type(b"i64"), Ok((true, 64)));
        assert_eq!(field_type(b"u63"), Ok((false, 63)));
        for bad in [&b"u64"[..], b"i65", b"i0", b"I8", b"u", b"", b"i+8", b"i08"] {
            assert_eq!(field_type(bad), Err(CmdError::BitfieldType), "{bad:?}");
        }
    }

    #[test]
    fn overflow_edges() {
        use Overflow::*;
        assert_eq!(signed_add(127, 1, 8, Wrap), (-128, true));
        assert_eq!(signed_add(127, 1, 8, Sat), (127, true));
        assert_eq!(signed_add(-128, -1, 8, Sat), (-128, true));
        assert_eq!(signed_add(-128, -1, 8, Wrap), (127, true));
        assert_eq!(signed_add(i64::MAX, 1, 64, Wrap), (i64::MIN, true));
        assert_eq!(signed_add(i64::MIN, -1, 64, Sat), (i64::MIN, true));
        assert_eq!(signed_add(5, -3, 4, Fail), (2, false));
        assert_eq!(signed_add(300, 0, 8, Wrap), (44, true));
        assert_eq!(unsigned_add(255, 1, 8, Wrap), (0, true));
        assert_eq!(unsigned_add(0, -1, 8, Sat), (0, true));
        assert_eq!(unsigned_add(0, -1, 8, Wrap), (255, true));
        assert_eq!(unsigned_add(-1i64 as u64, 0, 8, Sat), (255, true));
        assert_eq!(unsigned_add(1, i64::MAX, 63, Sat), ((1 << 63) - 1, true));
    }

    proptest! {
        #[test]
        fn fields_round_trip(offset in 0u64..64, bits in 1u32..=64, value: u64, fill: u8) {
            let mut v = vec![fill; 17];
            let value = if bits == 64 { value } else { value & ((1 << bits) - 1) };
            set_field(&mut v, offset, bits, value);
            prop_assert_eq!(get_field(&v, offset, bits), value);
            for i in (0..offset).chain(offset + bits as u64..136) {
                prop_assert_eq!(bit_at(&v, i), fill & (0x80 >> (i % 8)) != 0);
            }
        }

        #[test]
        fn additions_match_wide_arithmetic(value: i64, incr: i64, bits in 1u32..=64) {
            let max = if bits == 64 { i64::MAX } else { (1i64 << (bits - 1)) - 1 };
            let min = -max - 1;
            let old = value.clamp(min, max);
            let sum = old as i128 + incr as i128;
            let (got, o) = signed_add(old, incr, bits, Overflow::Sat);
            prop_assert_eq!(o, sum > max as i128 || sum < min as i128);
            prop_assert_eq!(got as i128, sum.clamp(min as i128, max as i128));
            let (w, _) = signed_add(old, incr, bits, Overflow::Wrap);
            prop_assert_eq!(w, sign_extend(sum as u64, bits));
        }

        #[test]
        fn first_not_finds_the_first_other_byte(
            v in proptest::collection::vec(prop_oneof![3 => Just(0u8), 3 => Just(0xff), 1 => any::<u8>()], 0..80),
            skip in prop_oneof![Just(0u8), Just(0xff)],
        ) {
            prop_assert_eq!(first_not(&v, skip), v.iter().position(|&b| b != skip));
        }

        #[test]
        fn ranges_stay_inside_the_string(start: i64, end: i64, bits: bool, len in 0u64..64) {
            if let Some((s, e)) = bit_range(start, end, bits, len) {
                prop_assert!(s <= e && e < len * 8);
            }
        }
    }
}
