//! INCRBYFLOAT arithmetic in C `long double`, as Redis does it, so replies match byte for byte
//! (see `longdouble.c` for why this cannot be done with f64).

use crate::cmd::CmdError;

extern "C" {
    fn strata_ld_add(
        a: *const u8,
        alen: usize,
        b: *const u8,
        blen: usize,
        out: *mut u8,
        cap: usize,
        outlen: *mut usize,
    ) -> i32;
}

/// `a + b` for two decimal strings, formatted the way Redis stores INCRBYFLOAT results.
pub fn add(a: &[u8], b: &[u8]) -> Result<Vec<u8>, CmdError> {
    let mut out = vec![0u8; 5200];
    let mut len = 0usize;
    // SAFETY: the pointers and lengths describe live buffers; the C side writes at most `cap`
    // bytes into `out` and only reads `alen`/`blen` bytes of the inputs.
    let rc = unsafe {
        strata_ld_add(
            a.as_ptr(),
            a.len(),
            b.as_ptr(),
            b.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut len,
        )
    };
    match rc {
        0 => {
            out.truncate(len);
            Ok(out)
        }
        2 => Err(CmdError::IncrFloatNanOrInf),
        _ => Err(CmdError::NotFloat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_print_like_redis() {
        assert_eq!(add(b"0.1", b"0.2").unwrap(), b"0.3");
        assert_eq!(add(b"10.50", b"0.1").unwrap(), b"10.6");
        assert_eq!(add(b"0", b"5.0e3").unwrap(), b"5000");
        assert_eq!(add(b"3", b"-3").unwrap(), b"0");
        assert_eq!(add(b"-0.0", b"0").unwrap(), b"0");
        assert_eq!(add(b"abc", b"1"), Err(CmdError::NotFloat));
        assert_eq!(add(b" 1", b"1"), Err(CmdError::NotFloat));
        assert_eq!(add(b"1", b""), Err(CmdError::NotFloat));
        assert_eq!(add(b"1", b"nan"), Err(CmdError::NotFloat));
        assert_eq!(add(b"\0abc", b"1"), Err(CmdError::NotFloat));
        assert_eq!(add(b"1.5\0abc", b"1"), Err(CmdError::NotFloat));
        assert_eq!(add(b"5", b"1\0"), Err(CmdError::NotFloat));
        assert_eq!(add(b"1", b"inf"), Err(CmdError::IncrFloatNanOrInf));
    }
}
