//! LZF decompression, the only compression RDB files use (for strings longer than 20 bytes).
//! The output size is declared up front, so the output buffer is allocated once and every
//! back-reference is checked against what has been produced so far.

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
    use super::decompress;

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
