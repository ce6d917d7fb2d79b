//! CRC-64 as Redis computes it for RDB files and DUMP payloads ("Jones" polynomial, reflected,
//! initial value 0, no final xor). Redis stores the result little endian after the data.

/// `T[0]` is the classic byte table; `T[k]` advances a byte through k more zero bytes, so eight
/// input bytes are folded in with eight lookups (slicing-by-8: the loader checksums every byte of
/// multi-gigabyte files).
const fn tables() -> [[u64; 256]; 8] {
    // Reflected form of 0xad93d23594c935a9.
    const POLY: u64 = 0x95ac_9329_ac4b_c9b5;
    let mut t = [[0u64; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
            bit += 1;
        }
        t[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            i += 1;
        }
        k += 1;
    }
    t
}

static T: [[u64; 256]; 8] = tables();

/// Continues a running checksum over `data` (start with 0).
pub fn update(mut crc: u64, data: &[u8]) -> u64 {
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let x = crc ^ u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        crc = T[7][(x & 0xff) as usize]
            ^ T[6][((x >> 8) & 0xff) as usize]
            ^ T[5][((x >> 16) & 0xff) as usize]
            ^ T[4][((x >> 24) & 0xff) as usize]
            ^ T[3][((x >> 32) & 0xff) as usize]
            ^ T[2][((x >> 40) & 0xff) as usize]
            ^ T[1][((x >> 48) & 0xff) as usize]
            ^ T[0][(x >> 56) as usize];
    }
    for &b in chunks.remainder() {
        crc = T[0][((crc ^ b as u64) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// The checksum of `data` alone.
pub fn crc64(data: &[u8]) -> u64 {
    update(0, data)
}

#[cfg(test)]
mod tests {
    #[test]
    fn slicing_matches_bytewise() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let bytewise = data.iter().fold(0u64, |crc, &b| {
            super::T[0][((crc ^ b as u64) & 0xff) as usize] ^ (crc >> 8)
        });
        for split in [0, 1, 7, 8, 9, 500, 999] {
            assert_eq!(
                super::update(super::update(0, &data[..split]), &data[split..]),
                bytewise
            );
        }
    }

    #[test]
    fn check_value() {
        assert_eq!(super::crc64(b"123456789"), 0xe9c6_d914_c4b8_d9ca);
        assert_eq!(
            super::update(super::crc64(b"1234"), b"56789"),
            0xe9c6_d914_c4b8_d9ca
        );
    }
}
