//! LZF, the only compression RDB files use (for strings longer than 20 bytes).
//!
//! The format is a sequence of items, each starting with a control byte `c`:
//! `c < 32` is a literal run of `c + 1` bytes that follow; otherwise `c >> 5` is the length − 2 of
//! a back-reference (7 means "add the next byte"), and `(c & 0x1f) << 8 | next byte` its distance
//! − 1 back from the end of the output. So literal runs hold 1..=32 bytes and back-references
//! 3..=264 bytes from at most 8192 bytes back; a reference may overlap the bytes it produces.
//!
//! Decompression knows the output size up front, so the output buffer is allocated once and
//! every back-reference is checked against what has been produced so far. Compression is greedy:
//! the last position of each 3-byte prefix is remembered in a hash table, and the longest match
//! found there is taken. It does not produce liblzf's bytes, only a valid stream.

/// Longest literal run one control byte can announce.
const MAX_LITERAL: usize = 32;
/// Shortest back-reference worth its two bytes, and the longest one the format can express.
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 7 + 255 + 2;
/// Farthest back a reference can reach.
const MAX_DISTANCE: usize = 8192;
/// The hash table has 8 to 16 slots per input byte, so that prefixes seldom evict each other
/// (each eviction is a match lost): at least 2^8 (1 KB), at most 2^14 (64 KB, 2 slots per byte
/// of the 8 KB window that references can reach; more would cost more to allocate and clear
/// than the few matches it saves).
const SLOTS_PER_BYTE_BITS: u32 = 4;
const MIN_TABLE_BITS: u32 = 8;
const MAX_TABLE_BITS: u32 = 14;

/// Compresses `input`, or `None` if the result would be longer than `max_len` bytes (checked as
/// the output grows, so an incompressible value costs no more than `max_len` of work).
pub fn compress(input: &[u8], max_len: usize) -> Option<Vec<u8>> {
    // Every 32 literal bytes cost one control byte: the worst case of a stream with no match.
    let worst = input.len() + input.len().div_ceil(MAX_LITERAL);
    let mut out = Vec::with_capacity(worst.min(max_len));
    let bits =
        (input.len().max(1).ilog2() + SLOTS_PER_BYTE_BITS).clamp(MIN_TABLE_BITS, MAX_TABLE_BITS);
    // Positions modulo 2^32, and no "empty" mark: a slot only proposes a candidate, which is
    // taken only if it lies within reach and really starts with the same 3 bytes, so a zeroed
    // slot or a wrapped position can never produce a wrong reference.
    let mut table = vec![0u32; 1 << bits];
    let slot = |at: usize| {
        let prefix = u32::from_le_bytes([input[at], input[at + 1], input[at + 2], 0]);
        (prefix.wrapping_mul(0x9e37_79b1) >> (32 - bits)) as usize
    };
    let mut literal_start = 0;
    let mut at = 0;
    while at + MIN_MATCH <= input.len() {
        let h = slot(at);
        let distance = (at as u32).wrapping_sub(table[h]) as usize;
        table[h] = at as u32;
        let from = at.wrapping_sub(distance);
        let found = (1..=MAX_DISTANCE.min(at)).contains(&distance)
            && input[from..from + MIN_MATCH] == input[at..at + MIN_MATCH];
        if !found {
            at += 1;
            let pending = at - literal_start;
            if out.len() + pending + pending.div_ceil(MAX_LITERAL) > max_len {
                return None;
            }
            continue;
        }
        let longest = MAX_MATCH.min(input.len() - at);
        let mut len = MIN_MATCH;
        while len < longest && input[from + len] == input[at + len] {
            len += 1;
        }
        put_literals(&mut out, &input[literal_start..at]);
        let (l, d) = (len - 2, at - from - 1);
        if l < 7 {
            out.extend_from_slice(&[(l << 5 | d >> 8) as u8, d as u8]);
        } else {
            out.extend_from_slice(&[(7 << 5 | d >> 8) as u8, (l - 7) as u8, d as u8]);
        }
        if out.len() > max_len {
            return None;
        }
        // Positions inside the match become candidates too, so a repeat of its middle is found.
        for p in at + 1..(at + len).min(input.len().saturating_sub(MIN_MATCH - 1)) {
            table[slot(p)] = p as u32;
        }
        at += len;
        literal_start = at;
    }
    put_literals(&mut out, &input[literal_start..]);
    (out.len() <= max_len).then_some(out)
}

fn put_literals(out: &mut Vec<u8>, bytes: &[u8]) {
    for run in bytes.chunks(MAX_LITERAL) {
        out.push((run.len() - 1) as u8);
        out.extend_from_slice(run);
    }
}

/// Expands `input` into exactly `out_len` bytes, or says what is wrong with it.
pub fn decompress(input: &[u8], out_len: usize) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::with_capacity(out_len);
    let mut i = 0;
    while i < input.len() {
        let ctrl = input[i] as usize;
        i += 1;
        if ctrl < 32 {
            let n = ctrl + 1;
            let lit = input
                .get(i..i + n)
                .ok_or("LZF literal run past the end of the input")?;
            if out.len() + n > out_len {
                return Err("LZF output longer than declared");
            }
            out.extend_from_slice(lit);
            i += n;
        } else {
            let mut len = ctrl >> 5;
            if len == 7 {
                len += *input.get(i).ok_or("LZF back-reference truncated")? as usize;
                i += 1;
            }
            len += 2;
            let low = *input.get(i).ok_or("LZF back-reference truncated")? as usize;
            i += 1;
            let back = ((ctrl & 0x1f) << 8) + low + 1;
            if back > out.len() {
                return Err("LZF back-reference before the start of the output");
            }
            if out.len() + len > out_len {
                return Err("LZF output longer than declared");
            }
            // Source and destination may overlap (runs), so copy byte by byte.
            let start = out.len() - back;
            for k in 0..len {
                let b = out[start + k];
                out.push(b);
            }
        }
    }
    if out.len() != out_len {
        return Err("LZF output shorter than declared");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{compress, decompress};
    use proptest::prelude::*;

    fn round_trip(data: &[u8]) -> Vec<u8> {
        let packed = compress(data, usize::MAX).unwrap();
        assert_eq!(decompress(&packed, data.len()).unwrap(), data);
        // No match at all costs one control byte per 32 literals, never more.
        assert!(packed.len() <= data.len() + data.len().div_ceil(32));
        packed
    }

    /// Bytes from a small alphabet in runs and repeated phrases: matches of every length and
    /// distance, overlapping ones included.
    fn repetitive(len: usize) -> impl Strategy<Value = Vec<u8>> {
        (
            proptest::collection::vec(any::<u8>(), 1..12),
            proptest::collection::vec((0usize..12, 1usize..400), 1..64),
        )
            .prop_map(move |(alphabet, pieces)| {
                let mut v = Vec::with_capacity(len);
                while v.len() < len {
                    for &(start, n) in &pieces {
                        let pick = alphabet[start % alphabet.len()];
                        v.extend(std::iter::repeat_n(pick, n % 7 + 1));
                        let back = v.len().min(n * 20);
                        let from = v.len() - back;
                        v.extend_from_within(from..from + back.min(n));
                    }
                }
                v.truncate(len);
                v
            })
    }

    proptest! {
        #[test]
        fn random_bytes_round_trip(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            round_trip(&data);
        }

        #[test]
        fn repetitive_bytes_round_trip(len in 0usize..100, data in repetitive(100)) {
            round_trip(&data[..len]);
        }

        #[test]
        fn max_len_is_the_cut_off(data in repetitive(300), max in 0usize..400) {
            let full = compress(&data, usize::MAX).unwrap();
            prop_assert_eq!(compress(&data, max), (full.len() <= max).then_some(full));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn large_inputs_round_trip(
            random in proptest::collection::vec(any::<u8>(), 100_000),
            data in repetitive(100_000),
        ) {
            round_trip(&random);
            let packed = round_trip(&data);
            prop_assert!(packed.len() < data.len() / 2, "{} bytes", packed.len());
        }
    }

    #[test]
    fn a_repeated_phrase_costs_little_more_than_itself() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let phrase: Vec<u8> = (0..1000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 56) as u8
            })
            .collect();
        let data = phrase.repeat(100);
        // About 1032 bytes for the phrase as literals, 1125 for 99 000 bytes in references of
        // 264 (3 bytes each), and a little slack for hash collisions that cut a reference short.
        let packed = round_trip(&data);
        assert!(packed.len() < 2300, "{} bytes", packed.len());
    }

    #[test]
    fn runs_use_the_longest_references() {
        // One literal, then references of 264 bytes at distance 1 and one of the 35 bytes left.
        let packed = round_trip(&[b'a'; 300]);
        assert_eq!(packed, [0x00, b'a', 0xe0, 0xff, 0x00, 0xe0, 0x1a, 0x00]);
        // Too short to repeat anything: all literals.
        assert_eq!(round_trip(b"ab"), [0x01, b'a', b'b']);
        assert_eq!(round_trip(b""), []);
        // A repeat from 8192 bytes back is in reach, from 8193 it is not.
        for gap in [8189, 8190] {
            let mut data = b"xyz".to_vec();
            data.resize(3 + gap, 0);
            data.extend_from_slice(b"xyz");
            let packed = round_trip(&data);
            let last_is_reference = packed[packed.len() - 2] == 0x20 | (8191 >> 8) as u8;
            assert_eq!(last_is_reference, gap + 3 == 8192, "gap {gap}");
        }
    }

    #[test]
    fn literal_and_overlapping_run() {
        // "a" literal, then a back-reference of 9 bytes at distance 1: "aaaaaaaaaa".
        let data = [0x00, b'a', (7 << 5), 0x00, 0x00];
        assert_eq!(decompress(&data[..2], 1).unwrap(), b"a");
        let run = [0x00, b'a', (6 << 5), 0x00];
        assert_eq!(decompress(&run, 9).unwrap(), b"aaaaaaaaa");
        assert!(decompress(&data, 3).is_err());
        assert!(decompress(&[0x20, 0x05], 3).is_err());
    }
}
