//! The byte source of the loader: a buffered reader that knows how many bytes are left (so a
//! declared length can be checked before anything is allocated), tracks the offset for error
//! messages and keeps the running CRC-64 of everything consumed.

use std::io::Read;

use super::{crc64, Error};

/// Largest chunk read into memory per call; a declared length is still validated against the
/// bytes remaining first, so a hostile length never reaches the allocator.
const BUF: usize = 1 << 16;

pub struct Input<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    /// Offset of `buf[start]` in the stream.
    pos: u64,
    /// Total stream length, from the file size or the payload length.
    len: u64,
    crc: u64,
}

/// A length field: either a plain length or the number of a special string encoding.
pub enum Len {
    Plain(u64),
    Special(u8),
}

impl<R: Read> Input<R> {
    pub fn new(inner: R, len: u64) -> Self {
        Input {
            inner,
            buf: vec![0; BUF].into_boxed_slice(),
            start: 0,
            end: 0,
            pos: 0,
            len,
            crc: 0,
        }
    }

    pub fn offset(&self) -> u64 {
        self.pos
    }

    pub fn remaining(&self) -> u64 {
        self.len - self.pos
    }

    /// The CRC-64 of every byte consumed so far.
    pub fn crc(&self) -> u64 {
        self.crc
    }

    pub fn err(&self, problem: impl Into<String>) -> Error {
        Error {
            offset: self.pos,
            problem: problem.into(),
        }
    }

    fn fill(&mut self) -> Result<(), Error> {
        self.start = 0;
        self.end = 0;
        let want = BUF.min(self.remaining() as usize);
        while self.end < want {
            match self.inner.read(&mut self.buf[self.end..want]) {
                Ok(0) => return Err(self.err("unexpected end of file")),
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.err(format!("read error: {e}"))),
            }
        }
        Ok(())
    }

    /// Checks that `n` more bytes exist before the caller allocates for them.
    pub fn need(&self, n: u64, what: &str) -> Result<(), Error> {
        if n > self.remaining() {
            return Err(self.err(format!(
                "{what} of {n} bytes runs past the end of the input ({} bytes left)",
                self.remaining()
            )));
        }
        Ok(())
    }

    pub fn read_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        self.need(out.len() as u64, "data")?;
        let mut done = 0;
        while done < out.len() {
            if self.start == self.end {
                self.fill()?;
            }
            let n = (self.end - self.start).min(out.len() - done);
            out[done..done + n].copy_from_slice(&self.buf[self.start..self.start + n]);
            self.crc = crc64::update(self.crc, &out[done..done + n]);
            self.start += n;
            self.pos += n as u64;
            done += n;
        }
        Ok(())
    }

    pub fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, Error> {
        self.need(n, what)?;
        let mut v = vec![0; n as usize];
        self.read_into(&mut v)?;
        Ok(v)
    }

    pub fn skip(&mut self, n: u64, what: &str) -> Result<(), Error> {
        self.need(n, what)?;
        let mut left = n;
        let mut scratch = [0u8; 4096];
        while left > 0 {
            let k = left.min(scratch.len() as u64) as usize;
            self.read_into(&mut scratch[..k])?;
            left -= k as u64;
        }
        Ok(())
    }

    pub fn u8(&mut self) -> Result<u8, Error> {
        let mut b = [0u8; 1];
        self.read_into(&mut b)?;
        Ok(b[0])
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut b = [0u8; N];
        self.read_into(&mut b)?;
        Ok(b)
    }

    pub fn u64_le(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// An RDB length field (big-endian 14/32/64-bit forms).
    pub fn len_or_special(&mut self) -> Result<Len, Error> {
        let b = self.u8()?;
        Ok(match b >> 6 {
            0 => Len::Plain((b & 0x3f) as u64),
            1 => Len::Plain((((b & 0x3f) as u64) << 8) | self.u8()? as u64),
            3 => Len::Special(b & 0x3f),
            _ => match b {
                0x80 => Len::Plain(u32::from_be_bytes(self.array()?) as u64),
                0x81 => Len::Plain(u64::from_be_bytes(self.array()?)),
                _ => return Err(self.err(format!("invalid length encoding byte 0x{b:02x}"))),
            },
        })
    }

    pub fn length(&mut self) -> Result<u64, Error> {
        match self.len_or_special()? {
            Len::Plain(n) => Ok(n),
            Len::Special(e) => {
                Err(self.err(format!("string encoding {e} where a length was expected")))
            }
        }
    }

    /// A count of items that each take at least `min_bytes`: rejected when the rest of the input
    /// could not hold them, so it is safe to size work by it.
    pub fn count(&mut self, min_bytes: u64, what: &str) -> Result<u64, Error> {
        let n = self.length()?;
        if n.saturating_mul(min_bytes) > self.remaining() {
            return Err(self.err(format!(
                "{what} count {n} exceeds what the rest of the input can hold"
            )));
        }
        Ok(n)
    }

    /// An RDB string: raw, integer-encoded (returned as decimal text) or LZF-compressed.
    pub fn string(&mut self) -> Result<Vec<u8>, Error> {
        match self.len_or_special()? {
            Len::Plain(n) => self.bytes(n, "string"),
            Len::Special(0) => Ok((self.u8()? as i8).to_string().into_bytes()),
            Len::Special(1) => Ok(i16::from_le_bytes(self.array()?).to_string().into_bytes()),
            Len::Special(2) => Ok(i32::from_le_bytes(self.array()?).to_string().into_bytes()),
            Len::Special(3) => {
                let clen = self.length()?;
                let ulen = self.length()?;
                let at = self.offset();
                // LZF expands at most ~ 264 bytes per 2 input bytes; a larger claim is a lie.
                if ulen > clen.saturating_mul(132).saturating_add(64) {
                    return Err(self.err(format!("LZF string claims {ulen} bytes from {clen}")));
                }
                let packed = self.bytes(clen, "LZF string")?;
                super::lzf::decompress(&packed, ulen as usize).map_err(|p| Error {
                    offset: at,
                    problem: p.to_string(),
                })
            }
            Len::Special(e) => Err(self.err(format!("unknown string encoding {e}"))),
        }
    }
}
