// Hot path: argument access for every command.
//! A request's arguments with the parsing helpers handlers share, so that "not an integer",
//! "not a float" and friends are decided (and worded) the same way everywhere.

use super::CmdError;
use bytes::Bytes;

/// The arguments of one request; index 0 is the command name.
pub struct Args {
    v: Vec<Bytes>,
    /// The command's table entry once [`super::resolve`] found it: the connection, the
    /// grouping check and the executor each ask, and the arguments never change.
    pub(super) resolved: std::sync::OnceLock<&'static super::CommandDef>,
}

impl Args {
    pub fn new(v: Vec<Bytes>) -> Args {
        Args {
            v,
            resolved: std::sync::OnceLock::new(),
        }
    }

    /// Arguments from text, for unit tests.
    #[cfg(test)]
    pub fn of(v: &[&str]) -> Args {
        Args::new(
            v.iter()
                .map(|s| Bytes::copy_from_slice(s.as_bytes()))
                .collect(),
        )
    }

    pub fn len(&self) -> usize {
        self.v.len()
    }

    pub fn is_empty(&self) -> bool {
        self.v.is_empty()
    }

    /// Argument `i` as bytes. The dispatcher has checked arity, so handlers index freely within it.
    pub fn get(&self, i: usize) -> &[u8] {
        &self.v[i]
    }

    /// Argument `i` as a cheap shared handle (to store it without copying).
    pub fn bytes(&self, i: usize) -> Bytes {
        self.v[i].clone()
    }

    /// Case-insensitive comparison of argument `i` with an ASCII keyword.
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.v
            .get(i)
            .is_some_and(|a| a.eq_ignore_ascii_case(word.as_bytes()))
    }

    /// Argument `i` as one of two keywords (LEFT | RIGHT, BIT | BYTE): `true` for `yes`, `false`
    /// for `no`, a syntax error otherwise.
    pub fn either(&self, i: usize, yes: &str, no: &str) -> Result<bool, CmdError> {
        if self.is(i, yes) {
            Ok(true)
        } else if self.is(i, no) {
            Ok(false)
        } else {
            Err(CmdError::Syntax)
        }
    }

    pub fn i64(&self, i: usize) -> Result<i64, CmdError> {
        parse_i64(&self.v[i]).ok_or(CmdError::NotInteger)
    }

    pub fn f64(&self, i: usize) -> Result<f64, CmdError> {
        parse_f64(&self.v[i]).ok_or(CmdError::NotFloat)
    }

    /// Argument `i` as an expiry deadline in absolute Unix milliseconds, with Redis' checks.
    /// `secs`: the argument is in seconds; `relative`: it counts from `now_ms`;
    /// `positive`: zero or negative is invalid (SET, GETEX) rather than "already expired" (EXPIRE).
    pub fn deadline(
        &self,
        i: usize,
        secs: bool,
        relative: bool,
        now_ms: u64,
        cmd: &str,
        positive: bool,
    ) -> Result<i64, CmdError> {
        let v = self.i64(i)?;
        let invalid = || CmdError::InvalidExpireTime(cmd.to_string());
        if positive && v <= 0 {
            return Err(invalid());
        }
        let ms = if secs {
            v.checked_mul(1000).ok_or_else(invalid)?
        } else {
            v
        };
        if relative {
            ms.checked_add(now_ms as i64).ok_or_else(invalid)
        } else {
            Ok(ms)
        }
    }

    /// The wrong-arity error of this command, for handlers whose valid argument counts the
    /// table's arity cannot express (MSET's pairs, LPOP's optional count).
    pub fn arity_error(&self) -> CmdError {
        CmdError::WrongArity(String::from_utf8_lossy(self.get(0)).to_ascii_lowercase())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Bytes> {
        self.v.iter()
    }
}

/// Parses a decimal i64 exactly as Redis' string2ll: optional '-', no '+', no leading zeros,
/// no spaces, at most 20 characters.
pub fn parse_i64(b: &[u8]) -> Option<i64> {
    if b.is_empty() || b.len() > 20 {
        return None;
    }
    if b == b"0" {
        return Some(0);
    }
    let (neg, digits) = match b[0] {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits[0] == b'0' {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    if neg {
        if v > i64::MAX as u64 + 1 {
            None
        } else {
            Some((v as i64).wrapping_neg())
        }
    } else {
        i64::try_from(v).ok()
    }
}

/// C's `strtod` (Redis parses every double with it, so hex floats, "infinity" and leading
/// blanks behave as in Redis): the value, how many bytes it consumed, and whether it was out of
/// range. `None` for input holding a NUL byte or too long to be a number.
fn strtod(b: &[u8]) -> Option<(f64, usize, bool)> {
    if b.len() > 5000 || b.contains(&0) {
        return None;
    }
    let mut buf = Vec::with_capacity(b.len() + 1);
    buf.extend_from_slice(b);
    buf.push(0);
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: `buf` is NUL-terminated and outlives the call; strtod only reads it and writes
    // `end` (a pointer into it) and errno, which belongs to this thread.
    let (v, erange) = unsafe {
        *libc::__errno_location() = 0;
        let v = libc::strtod(buf.as_ptr().cast(), &mut end);
        (v, *libc::__errno_location() == libc::ERANGE)
    };
    let consumed = (end as usize).saturating_sub(buf.as_ptr() as usize);
    Some((v, consumed, erange))
}

/// Parses a float as Redis does for arguments (its string-to-double): no leading space, the
/// whole argument consumed, no NaN, no overflow to infinity or underflow to zero ("1e400").
pub fn parse_f64(b: &[u8]) -> Option<f64> {
    if b.first()
        .is_none_or(|c| c.is_ascii_whitespace() || *c == 0x0b)
    {
        return None;
    }
    let (v, n, erange) = strtod(b)?;
    if n != b.len() || v.is_nan() || (erange && (v.is_infinite() || v == 0.0)) {
        return None;
    }
    Some(v)
}

/// Parses a float as Redis parses the ends of a score range: plain `strtod` over the whole
/// argument (so leading blanks and an empty string, read as 0, are accepted), no NaN.
pub fn parse_f64_lenient(b: &[u8]) -> Option<f64> {
    let (v, n, _) = strtod(b)?;
    (n == b.len() && !v.is_nan()).then_some(v)
}

/// Parses a float as Redis' SORT reads a weight: C's `strtod` over the whole value (leading
/// blanks and the empty string, read as 0, are accepted), no NaN, nothing out of range.
pub fn parse_f64_weight(b: &[u8]) -> Option<f64> {
    let (v, n, erange) = strtod(b)?;
    (n == b.len() && !v.is_nan() && !erange).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn integers_follow_redis_rules() {
        assert_eq!(parse_i64(b"0"), Some(0));
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        for bad in [
            &b"9223372036854775808"[..],
            b"+1",
            b" 1",
            b"1 ",
            b"01",
            b"-0",
            b"",
            b"-",
            b"1a",
        ] {
            assert_eq!(parse_i64(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    proptest! {
        #[test]
        fn every_i64_round_trips(v: i64) {
            prop_assert_eq!(parse_i64(v.to_string().as_bytes()), Some(v));
        }

        #[test]
        fn parse_never_panics(b: Vec<u8>) {
            let _ = parse_i64(&b);
            let _ = parse_f64(&b);
        }
    }

    #[test]
    fn floats_follow_redis_rules() {
        assert_eq!(parse_f64(b"1.5"), Some(1.5));
        assert_eq!(parse_f64(b"5.0e3"), Some(5000.0));
        assert_eq!(parse_f64(b"-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64(b"nan"), None);
        assert_eq!(parse_f64(b" 1"), None);
        assert_eq!(parse_f64(b"1 "), None);
        assert_eq!(parse_f64(b""), None);
        assert_eq!(parse_f64(b"0x10"), Some(16.0));
        assert_eq!(parse_f64(b"1e400"), None);
        assert_eq!(parse_f64(b"1e-400"), None);
        assert_eq!(parse_f64(b"4.9e-324"), Some(4.9e-324));
        assert_eq!(parse_f64(b"Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_f64(b"1\0"), None);
        assert_eq!(parse_f64_lenient(b""), Some(0.0));
        assert_eq!(parse_f64_lenient(b" 2"), Some(2.0));
        assert_eq!(parse_f64_lenient(b"2 "), None);
        assert_eq!(parse_f64_lenient(b"nan"), None);
        assert_eq!(parse_f64_lenient(b"1e400"), Some(f64::INFINITY));
        assert_eq!(parse_f64_weight(b""), Some(0.0));
        assert_eq!(parse_f64_weight(b" 2"), Some(2.0));
        assert_eq!(parse_f64_weight(b"2 "), None);
        assert_eq!(parse_f64_weight(b"1e400"), None);
        assert_eq!(parse_f64_weight(b"-inf"), Some(f64::NEG_INFINITY));
    }
}
