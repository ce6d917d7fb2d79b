//! HyperLogLog in Redis' own string format, so that PFCOUNT results and the raw bytes that GET,
//! DUMP and replication see are the ones Redis produces for the same inputs.
//!
//! ```text
//! header (16 bytes): "HYLL" | encoding:u8 (0 dense, 1 sparse) | 3 unused bytes
//!                    | cached cardinality: u64 little-endian, top bit set = stale
//! dense  (12288 bytes): 16384 registers of 6 bits, register i at bit 6*i counted from the
//!                       least significant bit of byte 0 upwards
//! sparse (variable):    run-length opcodes that cover the 16384 registers in order:
//!     00xxxxxx           ZERO:  xxxxxx+1 registers (1..=64) at 0
//!     01xxxxxx yyyyyyyy  XZERO: xxxxxxyyyyyyyy+1 registers (1..=16384) at 0
//!     1vvvvvxx           VAL:   xx+1 registers (1..=4) at vvvvv+1 (1..=32)
//! ```
//!
//! An element is hashed with MurmurHash64A (seed 0xadc83b19); the low 14 bits pick the register,
//! and the register value is one more than the number of trailing zeros of the remaining 50 bits
//! (at most 51). A sparse HLL becomes dense when a register needs more than 32 or when the string
//! would grow past `hll-sparse-max-bytes`. Counting uses Otmar Ertl's improved estimator
//! ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), as Redis has since
//! 5.0; the floating-point steps are kept in the same order, so estimates agree to the bit.
//!
//! Every function here takes arbitrary bytes: malformed input is an error, never a panic.

/// Index bits per hash.
const P: u32 = 14;
/// Hash bits left for the run of zeros.
const Q: u32 = 64 - P;
pub const REGISTERS: usize = 1 << P;
/// Length of the HYLL header (magic, encoding, cached cardinality).
pub const HEADER: usize = 16;
const DENSE_BYTES: usize = REGISTERS * 6 / 8;
/// Length of a dense HLL string.
pub const DENSE_LEN: usize = HEADER + DENSE_BYTES;
const ENC_DENSE: u8 = 0;
const ENC_SPARSE: u8 = 1;
/// Largest register value a sparse VAL opcode holds.
const SPARSE_VAL_MAX: u8 = 32;
const SPARSE_VAL_MAX_RUN: usize = 4;
const SPARSE_ZERO_MAX_RUN: usize = 64;
const SEED: u64 = 0xadc8_3b19;
/// 1 / (2 ln 2): the estimator's constant for m -> infinity.
const ALPHA_INF: f64 = 0.721_347_520_444_481_7;

/// Why bytes cannot be used as an HLL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Not an HLL at all (bad magic, encoding or dense length): Redis' WRONGTYPE variant.
    NotHll,
    /// Looks like an HLL but its registers do not decode: Redis' INVALIDOBJ.
    Corrupt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Dense,
    Sparse,
}

/// Checks the header the way Redis does before any HLL command touches a string.
pub fn check(h: &[u8]) -> Result<Encoding, Error> {
    if h.len() < HEADER || &h[..4] != b"HYLL" {
        return Err(Error::NotHll);
    }
    match h[4] {
        ENC_DENSE if h.len() == DENSE_LEN => Ok(Encoding::Dense),
        ENC_SPARSE => Ok(Encoding::Sparse),
        _ => Err(Error::NotHll),
    }
}

/// An empty HLL: sparse, one XZERO covering every register, cached cardinality 0.
pub fn new_sparse() -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER + 2);
    h.extend_from_slice(b"HYLL");
    h.push(ENC_SPARSE);
    h.extend_from_slice(&[0; 11]);
    push_zero_run(&mut h, REGISTERS);
    h
}

/// MurmurHash64A by Austin Appleby, reading 8-byte blocks little-endian.
pub fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut blocks = key.chunks_exact(8);
    for b in &mut blocks {
        let mut k = u64::from_le_bytes(b.try_into().expect("8-byte block"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= (b as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// The register an element lands in and the value it offers there (1..=51).
pub fn position(elem: &[u8]) -> (usize, u8) {
    let hash = murmur64a(elem, SEED);
    let index = (hash & (REGISTERS as u64 - 1)) as usize;
    // The sentinel bit bounds the run, so the value never exceeds Q + 1.
    let rest = (hash >> P) | (1 << Q);
    (index, rest.trailing_zeros() as u8 + 1)
}

/// The cached cardinality, if it is not stale.
pub fn cached(h: &[u8]) -> Option<u64> {
    (h[15] & 0x80 == 0).then(|| u64::from_le_bytes(h[8..16].try_into().expect("8 bytes")))
}

pub fn set_cache(h: &mut [u8], card: u64) {
    h[8..16].copy_from_slice(&card.to_le_bytes());
}

/// Marks the cached cardinality stale; Redis leaves the other cache bytes as they were.
pub fn invalidate(h: &mut [u8]) {
    h[15] |= 0x80;
}

fn dense_get(regs: &[u8], i: usize) -> u8 {
    let (byte, shift) = (i * 6 / 8, (i * 6) % 8);
    let lo = regs[byte] >> shift;
    let hi = regs
        .get(byte + 1)
        .map_or(0, |&b| b.checked_shl(8 - shift as u32).unwrap_or(0));
    (lo | hi) & 63
}

fn dense_set(regs: &mut [u8], i: usize, v: u8) {
    let (byte, shift) = (i * 6 / 8, (i * 6) % 8);
    regs[byte] = (regs[byte] & !(63u8 << shift)) | (v << shift);
    if shift > 2 {
        let spill = 8 - shift as u32;
        regs[byte + 1] = (regs[byte + 1] & !(63u8 >> spill)) | (v >> spill);
    }
}

/// One sparse opcode: a run of `len` registers at `value`, encoded in `bytes` bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Op {
    value: u8,
    len: usize,
    bytes: usize,
}

/// Decodes the opcode at `h[p]`. A truncated XZERO reads its missing byte as 0, as Redis does
/// (its strings always end in a NUL).
fn op_at(h: &[u8], p: usize) -> Op {
    let b = h[p];
    if b & 0x80 != 0 {
        Op {
            value: ((b >> 2) & 0x1f) + 1,
            len: (b & 3) as usize + 1,
            bytes: 1,
        }
    } else if b & 0x40 != 0 {
        let lo = h.get(p + 1).copied().unwrap_or(0) as usize;
        Op {
            value: 0,
            len: (((b & 0x3f) as usize) << 8 | lo) + 1,
            bytes: 2,
        }
    } else {
        Op {
            value: 0,
            len: (b & 0x3f) as usize + 1,
            bytes: 1,
        }
    }
}

fn push_zero_run(out: &mut Vec<u8>, len: usize) {
    if len > SPARSE_ZERO_MAX_RUN {
        let n = len - 1;
        out.push(0x40 | (n >> 8) as u8);
        out.push(n as u8);
    } else {
        out.push((len - 1) as u8);
    }
}

fn val_op(value: u8, len: usize) -> u8 {
    0x80 | ((value - 1) << 2) | (len - 1) as u8
}

/// Calls `f(first_register, run)` for every VAL run of a sparse body, whose runs must cover
/// exactly [`REGISTERS`].
fn sparse_runs(h: &[u8], mut f: impl FnMut(usize, Op)) -> Result<(), Error> {
    let (mut p, mut idx) = (HEADER, 0usize);
    while p < h.len() {
        let op = op_at(h, p);
        if idx + op.len > REGISTERS {
            return Err(Error::Corrupt);
        }
        if op.value != 0 {
            f(idx, op);
        }
        idx += op.len;
        p += op.bytes;
    }
    if idx == REGISTERS {
        Ok(())
    } else {
        Err(Error::Corrupt)
    }
}

/// Converts a sparse HLL to dense in place (header, including the cache, kept). Returns whether
/// it was sparse.
pub fn to_dense(h: &mut Vec<u8>) -> Result<bool, Error> {
    if h[4] == ENC_DENSE {
        return Ok(false);
    }
    let mut dense = vec![0u8; DENSE_LEN];
    dense[..HEADER].copy_from_slice(&h[..HEADER]);
    dense[4] = ENC_DENSE;
    let regs = &mut dense[HEADER..];
    sparse_runs(h, |first, op| {
        for i in first..first + op.len {
            dense_set(regs, i, op.value);
        }
    })?;
    *h = dense;
    Ok(true)
}

/// Offers `value` to register `index`; returns whether it grew.
fn set_register(
    h: &mut Vec<u8>,
    index: usize,
    value: u8,
    sparse_max: usize,
) -> Result<bool, Error> {
    if h[4] == ENC_SPARSE {
        if let Some(changed) = sparse_set(h, index, value, sparse_max)? {
            return Ok(changed);
        }
        to_dense(h)?;
    }
    let regs = &mut h[HEADER..];
    if dense_get(regs, index) < value {
        dense_set(regs, index, value);
        Ok(true)
    } else {
        Ok(false)
    }
}

/// Sets a register of a sparse HLL; `None` means the HLL must become dense first (the value does
/// not fit a VAL opcode, or the string would outgrow `sparse_max` bytes).
fn sparse_set(
    h: &mut Vec<u8>,
    index: usize,
    value: u8,
    sparse_max: usize,
) -> Result<Option<bool>, Error> {
    if value > SPARSE_VAL_MAX {
        return Ok(None);
    }
    let (mut p, mut first, mut prev) = (HEADER, 0usize, None);
    let mut op = None;
    while p < h.len() {
        let o = op_at(h, p);
        if index < first + o.len {
            op = Some(o);
            break;
        }
        prev = Some(p);
        p += o.bytes;
        first += o.len;
    }
    // A truncated final XZERO cannot be rewritten in place.
    let Some(op) = op.filter(|op| p + op.bytes <= h.len()) else {
        return Err(Error::Corrupt);
    };
    if op.value >= value {
        return Ok(Some(false));
    }
    if op.len == 1 && (op.value != 0 || op.bytes == 1) {
        h[p] = val_op(value, 1);
    } else {
        // Split the run into [before][index][after].
        let last = first + op.len - 1;
        let mut seq = Vec::with_capacity(5);
        let run = |seq: &mut Vec<u8>, len: usize| {
            if op.value == 0 {
                push_zero_run(seq, len);
            } else {
                seq.push(val_op(op.value, len));
            }
        };
        if index != first {
            run(&mut seq, index - first);
        }
        seq.push(val_op(value, 1));
        if index != last {
            run(&mut seq, last - index);
        }
        let grown = h.len() as isize + seq.len() as isize - op.bytes as isize;
        if seq.len() != op.bytes && grown > sparse_max as isize {
            return Ok(None);
        }
        h.splice(p..p + op.bytes, seq);
    }
    merge_adjacent(h, prev.unwrap_or(HEADER));
    Ok(Some(true))
}

/// Joins neighbouring VAL opcodes of equal value whose runs fit one opcode, looking at no more
/// than five opcodes from `p` on: Redis' window, which decides the exact bytes.
fn merge_adjacent(h: &mut Vec<u8>, mut p: usize) {
    for _ in 0..5 {
        if p >= h.len() {
            return;
        }
        let a = op_at(h, p);
        if a.value != 0 && p + 1 < h.len() && h[p + 1] & 0x80 != 0 {
            let b = op_at(h, p + 1);
            if a.value == b.value && a.len + b.len <= SPARSE_VAL_MAX_RUN {
                h[p + 1] = val_op(a.value, a.len + b.len);
                h.remove(p);
                continue;
            }
        }
        p += a.bytes;
    }
}

/// Adds one element; returns whether a register grew (the cache is not touched).
pub fn add(h: &mut Vec<u8>, elem: &[u8], sparse_max: usize) -> Result<bool, Error> {
    let (index, value) = position(elem);
    set_register(h, index, value, sparse_max)
}

/// Raises `max[i]` to register `i` of `h` for every register.
pub fn merge_into(max: &mut [u8; REGISTERS], h: &[u8]) -> Result<(), Error> {
    if h[4] == ENC_DENSE {
        let regs = &h[HEADER..];
        for (i, m) in max.iter_mut().enumerate() {
            *m = (*m).max(dense_get(regs, i));
        }
        return Ok(());
    }
    sparse_runs(h, |first, op| {
        for m in &mut max[first..first + op.len] {
            *m = (*m).max(op.value);
        }
    })
}

/// Writes the register-wise maximum of `h` and `max` into `h`, register by register as Redis'
/// PFMERGE does (so a sparse target takes the same shape, or turns dense at the same point).
pub fn store_max(h: &mut Vec<u8>, max: &[u8; REGISTERS], sparse_max: usize) {
    for (i, &v) in max.iter().enumerate() {
        // A target that cannot take the register was already rejected as a source.
        if v != 0 && set_register(h, i, v, sparse_max).is_err() {
            return;
        }
    }
}

/// How many registers hold each value (values above Q + 1 only occur in crafted strings and
/// are ignored by the estimator).
type Histogram = [u32; 64];

fn histogram(h: &[u8]) -> Result<Histogram, Error> {
    let mut histo = [0u32; 64];
    if h[4] == ENC_DENSE {
        let regs = &h[HEADER..];
        for i in 0..REGISTERS {
            histo[dense_get(regs, i) as usize] += 1;
        }
        return Ok(histo);
    }
    let mut nonzero = 0;
    sparse_runs(h, |_, op| {
        histo[op.value as usize] += op.len as u32;
        nonzero += op.len as u32;
    })?;
    histo[0] = REGISTERS as u32 - nonzero;
    Ok(histo)
}

/// The histogram of plain 8-bit registers (the result of merging several HLLs).
fn raw_histogram(max: &[u8; REGISTERS]) -> Histogram {
    let mut histo = [0u32; 64];
    for &v in max {
        histo[(v & 63) as usize] += 1;
    }
    histo
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let (mut y, mut z) = (1.0, 1.0 - x);
    loop {
        x = x.sqrt();
        let before = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
        if z == before {
            return z / 3.0;
        }
    }
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let (mut y, mut z) = (1.0, x);
    loop {
        x *= x;
        let before = z;
        z += x * y;
        y += y;
        if z == before {
            return z;
        }
    }
}

fn estimate(histo: &Histogram) -> u64 {
    let m = REGISTERS as f64;
    let q = Q as usize;
    let mut z = m * tau((m - histo[q + 1] as f64) / m);
    for &n in histo[1..=q].iter().rev() {
        z += n as f64;
        z *= 0.5;
    }
    z += m * sigma(histo[0] as f64 / m);
    let e = (ALPHA_INF * m * m / z).round();
    // Only crafted registers make `z` zero. Redis then converts infinity to an integer as x86
    // does, giving 2^63 (which also leaves the cache's stale bit set).
    if e < (1u64 << 63) as f64 {
        e as u64
    } else {
        1 << 63
    }
}

/// The estimated cardinality of one HLL, ignoring its cache.
pub fn count(h: &[u8]) -> Result<u64, Error> {
    histogram(h).map(|histo| estimate(&histo))
}

/// The estimated cardinality of merged registers.
pub fn count_registers(max: &[u8; REGISTERS]) -> u64 {
    estimate(&raw_histogram(max))
}

/// Every register of `h` (any encoding).
pub fn registers(h: &[u8]) -> Result<Box<[u8; REGISTERS]>, Error> {
    let mut r = Box::new([0u8; REGISTERS]);
    merge_into(&mut r, h)?;
    Ok(r)
}

/// PFDEBUG DECODE's rendering of a sparse body: `z:<n>`, `Z:<n>`, `v:<value>,<n>`.
pub fn describe_sparse(h: &[u8]) -> String {
    let mut out = Vec::new();
    let mut p = HEADER;
    while p < h.len() {
        let op = op_at(h, p);
        out.push(match (op.value, op.bytes) {
            (0, 1) => format!("z:{}", op.len),
            (0, _) => format!("Z:{}", op.len),
            (v, _) => format!("v:{},{}", v, op.len),
        });
        p += op.bytes;
    }
    out.join(" ")
}

/// PFSELFTEST: checks the dense register packing and that sparse and dense forms of the same
/// elements give the same count, within the expected error. `Err` is the failure to report.
pub fn self_test() -> Result<(), String> {
    let mut regs = vec![0u8; DENSE_BYTES];
    let mut expect = vec![0u8; REGISTERS];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..32 {
        for (i, e) in expect.iter_mut().enumerate() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *e = ((seed >> 33) & 63) as u8;
            dense_set(&mut regs, i, *e);
        }
        if let Some(i) = (0..REGISTERS).find(|&i| dense_get(&regs, i) != expect[i]) {
            return Err(format!("Register error at {i} (round {round})"));
        }
    }
    let mut sparse = new_sparse();
    let mut dense = new_sparse();
    to_dense(&mut dense).map_err(|_| "Dense conversion failed".to_string())?;
    let relerr = 1.04 / (REGISTERS as f64).sqrt();
    let mut checkpoint = 1u64;
    for n in 1..=100_000u64 {
        let e = n.to_le_bytes();
        let a = add(&mut sparse, &e, usize::MAX).map_err(|_| "sparse add failed".to_string())?;
        let b = add(&mut dense, &e, usize::MAX).map_err(|_| "dense add failed".to_string())?;
        if a != b {
            return Err(format!("Sparse and dense disagree on element {n}"));
        }
        if n == checkpoint {
            checkpoint *= 10;
            let (cs, cd) = (count(&sparse), count(&dense));
            if cs != cd {
                return Err(format!("Sparse and dense counts differ at {n}"));
            }
            let c = cd.unwrap_or(0) as f64;
            let tolerance = if n < 1000 {
                1.0 + n as f64 * 0.05
            } else {
                n as f64 * relerr * 5.0
            };
            if (c - n as f64).abs() > tolerance {
                return Err(format!(
                    "Too big error. card:{n} abserr:{}",
                    (c - n as f64).abs()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sparse_of(elems: &[Vec<u8>], max: usize) -> Vec<u8> {
        let mut h = new_sparse();
        for e in elems {
            add(&mut h, e, max).unwrap();
        }
        h
    }

    #[test]
    fn murmur_matches_known_redis_registers() {
        // PFADD h a b c in Redis 7.0 gives the sparse body Z:8436 v:1,1 Z:4274 v:2,1 Z:3068
        // v:1,1 Z:603, so the three hashes land in registers 8436, 12711 and 15780.
        let h = sparse_of(&[b"a".to_vec(), b"b".to_vec(), b"c".to_vec()], 3000);
        assert_eq!(
            describe_sparse(&h),
            "Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603"
        );
        assert_eq!(
            &h[HEADER..],
            b"\x60\xf3\x80\x50\xb1\x84\x4b\xfb\x80\x42\x5a",
        );
        assert_eq!(count(&h), Ok(3));
    }

    #[test]
    fn an_empty_hll_is_sparse_and_counts_zero() {
        let h = new_sparse();
        assert_eq!(h, b"HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff");
        assert_eq!(check(&h), Ok(Encoding::Sparse));
        assert_eq!(cached(&h), Some(0));
        assert_eq!(count(&h), Ok(0));
    }

    #[test]
    fn headers_are_checked_like_redis() {
        assert_eq!(check(b"HYLL"), Err(Error::NotHll));
        assert_eq!(
            check(b"HYLX\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff"),
            Err(Error::NotHll)
        );
        assert_eq!(
            check(b"HYLL\x02\0\0\0\0\0\0\0\0\0\0\0\x7f\xff"),
            Err(Error::NotHll)
        );
        assert_eq!(
            check(b"HYLL\x00\0\0\0\0\0\0\0\0\0\0\0\x7f\xff"),
            Err(Error::NotHll)
        );
        let mut d = new_sparse();
        to_dense(&mut d).unwrap();
        assert_eq!(d.len(), DENSE_LEN);
        assert_eq!(check(&d), Ok(Encoding::Dense));
    }

    #[test]
    fn cache_bit_is_the_top_bit_of_the_last_byte() {
        let mut h = new_sparse();
        set_cache(&mut h, 42);
        assert_eq!(cached(&h), Some(42));
        invalidate(&mut h);
        assert_eq!(cached(&h), None);
        assert_eq!(h[8], 42);
    }

    #[test]
    fn dense_registers_pack_six_bits() {
        let mut regs = vec![0u8; DENSE_BYTES];
        for i in 0..REGISTERS {
            dense_set(&mut regs, i, (i % 64) as u8);
        }
        for i in 0..REGISTERS {
            assert_eq!(dense_get(&regs, i), (i % 64) as u8, "register {i}");
        }
        dense_set(&mut regs, 1, 0);
        assert_eq!(
            (
                dense_get(&regs, 0),
                dense_get(&regs, 1),
                dense_get(&regs, 2)
            ),
            (0, 0, 2)
        );
    }

    #[test]
    fn a_value_over_32_makes_the_hll_dense() {
        let mut h = new_sparse();
        assert!(set_register(&mut h, 7, 33, 3000).unwrap());
        assert_eq!(check(&h), Ok(Encoding::Dense));
        assert_eq!(registers(&h).unwrap()[7], 33);
    }

    #[test]
    fn the_sparse_limit_makes_the_hll_dense() {
        let elems: Vec<Vec<u8>> = (0..2000u32).map(|i| i.to_be_bytes().to_vec()).collect();
        let h = sparse_of(&elems, 3000);
        assert_eq!(check(&h), Ok(Encoding::Dense));
        let small = sparse_of(&elems[..50], 3000);
        assert_eq!(check(&small), Ok(Encoding::Sparse));
        assert!(small.len() <= 3000);
    }

    #[test]
    fn self_test_passes() {
        assert_eq!(self_test(), Ok(()));
    }

    #[test]
    fn estimator_is_close_on_large_sets() {
        let mut h = new_sparse();
        for i in 0..200_000u32 {
            add(&mut h, format!("e:{i}").as_bytes(), 3000).unwrap();
        }
        let c = count(&h).unwrap() as f64;
        assert!((c - 200_000.0).abs() < 200_000.0 * 0.03, "{c}");
    }

    #[test]
    fn corrupt_sparse_bodies_are_errors() {
        // Runs that cover too few registers.
        let short = b"HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xfe".to_vec();
        assert_eq!(count(&short), Err(Error::Corrupt));
        assert_eq!(to_dense(&mut short.clone()), Err(Error::Corrupt));
        assert_eq!(registers(&short).err(), Some(Error::Corrupt));
        // Index 16383 lies beyond the covered registers.
        assert_eq!(
            set_register(&mut short.clone(), 16383, 1, 3000),
            Err(Error::Corrupt)
        );
        // Runs that cover too many.
        let long = b"HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff\x00".to_vec();
        assert_eq!(count(&long), Err(Error::Corrupt));
        let tail = b"HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff\x80".to_vec();
        assert_eq!(registers(&tail).err(), Some(Error::Corrupt));
        assert_eq!(count(&tail), Err(Error::Corrupt));
    }

    proptest! {
        #[test]
        fn sparse_and_dense_agree(elems in proptest::collection::vec(any::<Vec<u8>>(), 0..300)) {
            let sparse = sparse_of(&elems, usize::MAX);
            let mut dense = new_sparse();
            to_dense(&mut dense).unwrap();
            for e in &elems {
                add(&mut dense, e, usize::MAX).unwrap();
            }
            prop_assert_eq!(registers(&sparse).unwrap(), registers(&dense).unwrap());
            prop_assert_eq!(count(&sparse), count(&dense));
            let mut converted = sparse.clone();
            let was_sparse = check(&sparse) == Ok(Encoding::Sparse);
            prop_assert_eq!(to_dense(&mut converted), Ok(was_sparse));
            prop_assert_eq!(&converted[HEADER..], &dense[HEADER..]);
        }

        #[test]
        fn sparse_encoding_is_canonical_for_its_registers(
            regs in proptest::collection::vec((0usize..REGISTERS, 1u8..=32), 0..200)
        ) {
            let mut h = new_sparse();
            let mut model = [0u8; REGISTERS];
            for &(i, v) in &regs {
                let grew = set_register(&mut h, i, v, usize::MAX).unwrap();
                prop_assert_eq!(grew, v > model[i]);
                model[i] = model[i].max(v);
            }
            prop_assert_eq!(&registers(&h).unwrap()[..], &model[..]);
            prop_assert_eq!(count(&h).unwrap(), count_registers(&model));
        }

        #[test]
        fn merging_is_the_register_maximum(
            a in proptest::collection::vec(any::<u32>(), 0..200),
            b in proptest::collection::vec(any::<u32>(), 0..200),
        ) {
            let ea: Vec<Vec<u8>> = a.iter().map(|x| x.to_le_bytes().to_vec()).collect();
            let eb: Vec<Vec<u8>> = b.iter().map(|x| x.to_le_bytes().to_vec()).collect();
            let (ha, hb) = (sparse_of(&ea, 3000), sparse_of(&eb, 3000));
            let mut max = [0u8; REGISTERS];
            merge_into(&mut max, &ha).unwrap();
            merge_into(&mut max, &hb).unwrap();
            let mut target = ha.clone();
            store_max(&mut target, &max, 3000);
            let both: Vec<Vec<u8>> = ea.iter().chain(&eb).cloned().collect();
            prop_assert_eq!(registers(&target).unwrap(), registers(&sparse_of(&both, 3000)).unwrap());
        }

        #[test]
        fn garbage_never_panics(body in proptest::collection::vec(any::<u8>(), 0..64), dense: bool,
                                elem: Vec<u8>) {
            let mut h = b"HYLL\x01\0\0\0\0\0\0\0\0\0\0\0".to_vec();
            h.extend_from_slice(&body);
            if dense {
                h[4] = 0;
                h.resize(DENSE_LEN, 0x5a);
            }
            if check(&h).is_ok() {
                let _ = count(&h);
                let _ = registers(&h);
                let _ = describe_sparse(&h);
                let mut g = h.clone();
                let _ = add(&mut g, &elem, 3000);
                let mut g = h.clone();
                let _ = to_dense(&mut g);
                let mut g = h.clone();
                store_max(&mut g, &[51; REGISTERS], 3000);
            }
        }
    }
}
