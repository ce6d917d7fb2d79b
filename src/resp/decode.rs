// Hot path: every byte a client sends goes through this parser before any command runs.
//! Request parsing: RESP multibulk (`*N\r\n$len\r\n...`) and inline commands.
//!
//! Why: the server must accept exactly what Redis 7.0 accepts and reject
//! exactly what it rejects, with the same error text, because clients and
//! test suites depend on both. The rules below were checked byte for byte
//! against a real `redis-server` 7.0.15; where Redis is lenient or odd we
//! copy the oddity rather than "fix" it:
//! - a request whose first byte is `*` is multibulk, anything else inline;
//! - line terminators are found by searching for `\r` (multibulk headers) or
//!   `\n` (inline), and that search stops at a NUL byte as C's `strchr` does,
//!   so a NUL inside a header line leaves the request incomplete until the
//!   64 KiB limit trips;
//! - the byte after a header's `\r`, and the two bytes after a bulk payload,
//!   are skipped without being checked to be `\n` / `\r\n`;
//! - `*N` with N <= 0 is an empty request, which the caller skips silently.
//!
//! Invariants:
//! - Nothing is consumed from the buffer until a whole request has been
//!   parsed; then exactly that request's bytes are split off and frozen, and
//!   every argument is a zero-copy slice of them (inline arguments that
//!   needed unquoting are the only copies).
//! - [`Decoder`] remembers how far it got (line scan position, parsed
//!   arguments, pending bulk length), so feeding a large request in many
//!   small reads costs time linear in its size.
//! - No input can make the parser panic or return more bytes than it was
//!   given, and a claimed count or length never causes more than a small
//!   bounded allocation ahead of the bytes actually received.

use std::ops::Range;

use bytes::{Buf, BufMut, Bytes, BytesMut};

/// Longest header or inline line kept waiting for its terminator (Redis' PROTO_INLINE_MAX_SIZE).
pub const MAX_LINE_LEN: usize = 64 * 1024;
/// Most arguments a client that still has to authenticate may send in one request.
pub const UNAUTH_MAX_MULTIBULK_LEN: i64 = 10;
/// Longest argument a client that still has to authenticate may send.
pub const UNAUTH_MAX_BULK_LEN: i64 = 16 * 1024;

// A multibulk count is only a claim: preallocate for at most this many
// arguments and let the Vec grow as they actually arrive.
const MAX_PREALLOC_ARGS: usize = 1024;

/// Size limits applied while parsing a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest accepted argument (`proto-max-bulk-len`); default 512 MiB.
    pub max_bulk_len: i64,
    /// Most accepted arguments in one multibulk request. Redis 7.0 has no
    /// setting for this and rejects counts above `INT_MAX`, which is the default here.
    pub max_multibulk_len: i64,
    /// False while the client still has to authenticate (a password is
    /// required and it has not given one); it then gets Redis' much lower
    /// limits of 10 arguments and 16 KiB per argument. True when no password is set.
    pub authenticated: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bulk_len: 512 * 1024 * 1024,
            max_multibulk_len: i64::from(i32::MAX),
            authenticated: true,
        }
    }
}

/// A fatal protocol error: the reply text after `-`, e.g.
/// `"ERR Protocol error: invalid bulk length"`. The caller sends it and closes
/// the connection.
///
/// The only non-ASCII text it can hold is the offending byte of
/// "expected '$', got 'X'", stored as the char U+0000..=U+00FF of the same
/// value; Redis sends that raw byte, so use [`ProtocolError::write_reply`] to
/// be byte-exact on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl ProtocolError {
    fn new(what: &str) -> Self {
        ProtocolError(format!("ERR Protocol error: {what}"))
    }

    /// Appends the error reply `-<text>\r\n` to `out` exactly as Redis sends
    /// it: chars up to U+00FF become the single byte of the same value.
    pub fn write_reply(&self, out: &mut BytesMut) {
        out.reserve(self.0.len() + 3);
        out.put_u8(b'-');
        for c in self.0.chars() {
            match u8::try_from(u32::from(c)) {
                // CR/LF would end the frame early; Redis maps them to spaces too.
                Ok(b'\r' | b'\n') => out.put_u8(b' '),
                Ok(b) => out.put_u8(b),
                Err(_) => {
                    let mut tmp = [0u8; 4];
                    out.put_slice(c.encode_utf8(&mut tmp).as_bytes());
                }
            }
        }
        out.put_slice(b"\r\n");
    }
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProtocolError {}

/// Parses one request from the front of `buf`, without keeping state between calls.
///
/// `Ok(Some(args))` consumes the request's bytes; `Ok(None)` means incomplete
/// and consumes nothing; `Err` is a protocol error: reply `-<text>\r\n` and
/// close the connection. An empty request (blank inline line, `*0`, `*-1`)
/// yields `Ok(Some(vec![]))`, which the caller skips like Redis does.
///
/// Each call re-parses a partial request from its start; connections should
/// use a [`Decoder`], which resumes where it stopped.
pub fn parse_request(
    buf: &mut BytesMut,
    limits: &Limits,
) -> Result<Option<Vec<Bytes>>, ProtocolError> {
    Decoder::new().parse(buf, limits)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    /// No byte of the next request examined yet.
    #[default]
    Start,
    /// Waiting for the `\n` that ends an inline request.
    Inline,
    /// Waiting for the `*N\r` header line.
    Header,
    /// Reading the arguments of a multibulk request.
    Args {
        /// Arguments still to read.
        remaining: usize,
        /// Length of the argument whose `$len` line has been read, if any.
        bulk: Option<usize>,
    },
}

/// Incremental request parser for one connection.
///
/// Feed it the connection's read buffer after every read. Between calls the
/// caller may only append to the buffer (never consume, replace or shrink it)
/// until a call returns `Ok(Some(_))` or `Err`; after a `Some` the next request
/// starts at the new front of the buffer. If the buffer is discarded, call
/// [`Decoder::reset`].
#[derive(Debug, Default)]
pub struct Decoder {
    phase: Phase,
    /// Offset of the next unparsed byte of the current request.
    pos: usize,
    /// Offset where the search for the current line's terminator resumes;
    /// bytes before it are known not to contain it.
    scan: usize,
    /// Payload ranges of the arguments parsed so far.
    args: Vec<Range<usize>>,
}

/// Result of looking for a line terminator the way C's `strchr` would.
enum Found {
    /// The terminator is at this offset.
    At(usize),
    /// A NUL byte at this offset ends the search first.
    Nul(usize),
    /// Neither occurs.
    No,
}

fn find_terminator(buf: &[u8], from: usize, term: u8) -> Found {
    let hay = buf.get(from..).unwrap_or(&[]);
    match hay.iter().position(|&b| b == term || b == 0) {
        Some(i) if hay[i] == term => Found::At(from + i),
        Some(i) => Found::Nul(from + i),
        None => Found::No,
    }
}

impl Decoder {
    /// A decoder positioned at the start of a request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets any partially parsed request.
    pub fn reset(&mut self) {
        self.phase = Phase::Start;
        self.pos = 0;
        self.scan = 0;
        // Keep a small buffer for the next request, but do not pin the
        // memory of one huge request for the connection's lifetime.
        if self.args.capacity() > MAX_PREALLOC_ARGS {
            self.args = Vec::new();
        } else {
            self.args.clear();
        }
    }

    /// Buffer length needed before the argument being read can complete, or 0
    /// if unknown. Lets the caller reserve once for a large argument instead of
    /// growing the buffer repeatedly; the length is only the client's claim
    /// (up to `max_bulk_len`), so cap what you reserve if memory matters.
    pub fn needed_len(&self) -> usize {
        match self.phase {
            Phase::Args {
                bulk: Some(len), ..
            } => self.pos.saturating_add(len).saturating_add(2),
            _ => 0,
        }
    }

    /// Parses one request from the front of `buf`, resuming a partial one.
    ///
    /// Same contract as [`parse_request`]: `Ok(Some(args))` consumes exactly
    /// the request's bytes, `Ok(None)` consumes nothing (progress is kept in
    /// the decoder), `Err` is fatal for the connection. An empty request yields
    /// `Ok(Some(vec![]))`.
    pub fn parse(
        &mut self,
        buf: &mut BytesMut,
        limits: &Limits,
    ) -> Result<Option<Vec<Bytes>>, ProtocolError> {
        if self.pos > buf.len() || self.scan > buf.len() {
            // The caller broke the append-only contract; start over rather
            // than index with stale offsets.
            self.reset();
        }
        let result = self.step(buf, limits);
        if !matches!(result, Ok(None)) {
            self.reset();
        }
        result
    }

    fn step(
        &mut self,
        buf: &mut BytesMut,
        limits: &Limits,
    ) -> Result<Option<Vec<Bytes>>, ProtocolError> {
        if self.phase == Phase::Start {
            match buf.first() {
                None => return Ok(None),
                Some(b'*') => self.phase = Phase::Header,
                Some(_) => self.phase = Phase::Inline,
            }
        }
        match self.phase {
            Phase::Inline => self.parse_inline(buf),
            _ => self.parse_multibulk(buf, limits),
        }
    }

    fn parse_inline(&mut self, buf: &mut BytesMut) -> Result<Option<Vec<Bytes>>, ProtocolError> {
        let newline = match find_terminator(buf, self.scan, b'\n') {
            Found::At(i) => i,
            Found::Nul(i) => return self.incomplete_line(buf, i, "too big inline request"),
            Found::No => return self.incomplete_line(buf, buf.len(), "too big inline request"),
        };
        let mut end = newline;
        if end > 0 && buf.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let line = buf.get(..end).unwrap_or(&[]);
        let pieces =
            split_args(line).ok_or_else(|| ProtocolError::new("unbalanced quotes in request"))?;
        let frame = buf.split_to(newline + 1).freeze();
        Ok(Some(
            pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Slice(r) => frame.slice(r),
                    Piece::Owned(v) => Bytes::from(v),
                })
                .collect(),
        ))
    }

    /// No terminator yet: remember where to resume scanning, and fail if the
    /// unterminated line is already over the limit.
    fn incomplete_line(
        &mut self,
        buf: &BytesMut,
        scan: usize,
        too_big: &str,
    ) -> Result<Option<Vec<Bytes>>, ProtocolError> {
        self.scan = scan;
        if buf.len().saturating_sub(self.pos) > MAX_LINE_LEN {
            return Err(ProtocolError::new(too_big));
        }
        Ok(None)
    }

    /// Finds the `\r` ending the header line at `self.pos`. Returns its
    /// offset once the byte after it has arrived too (that byte is skipped
    /// unchecked, like Redis).
    fn header_line(
        &mut self,
        buf: &BytesMut,
        too_big: &str,
    ) -> Result<Option<usize>, ProtocolError> {
        let from = self.scan.max(self.pos);
        let cr = match find_terminator(buf, from, b'\r') {
            Found::At(i) => i,
            Found::Nul(i) => return self.incomplete_line(buf, i, too_big).map(|_| None),
            Found::No => return self.incomplete_line(buf, buf.len(), too_big).map(|_| None),
        };
        if cr + 1 >= buf.len() {
            self.scan = cr;
            return Ok(None);
        }
        Ok(Some(cr))
    }

    fn parse_multibulk(
        &mut self,
        buf: &mut BytesMut,
        limits: &Limits,
    ) -> Result<Option<Vec<Bytes>>, ProtocolError> {
        if self.phase == Phase::Header {
            let Some(cr) = self.header_line(buf, "too big mbulk count string")? else {
                return Ok(None);
            };
            let count = buf
                .get(self.pos + 1..cr)
                .and_then(parse_int)
                .filter(|&n| n <= limits.max_multibulk_len)
                .ok_or_else(|| ProtocolError::new("invalid multibulk length"))?;
            if count > UNAUTH_MAX_MULTIBULK_LEN && !limits.authenticated {
                return Err(ProtocolError::new("unauthenticated multibulk length"));
            }
            self.pos = cr + 2;
            self.scan = self.pos;
            if count <= 0 {
                buf.advance(self.pos);
                return Ok(Some(Vec::new()));
            }
            let remaining = usize::try_from(count)
                .map_err(|_| ProtocolError::new("invalid multibulk length"))?;
            self.args.clear();
            self.args.reserve(remaining.min(MAX_PREALLOC_ARGS));
            self.phase = Phase::Args {
                remaining,
                bulk: None,
            };
        }

        while let Phase::Args { remaining, bulk } = self.phase {
            if remaining == 0 {
                break;
            }
            let len = match bulk {
                Some(len) => len,
                None => {
                    let Some(cr) = self.header_line(buf, "too big bulk count string")? else {
                        return Ok(None);
                    };
                    match buf.get(self.pos) {
                        Some(b'$') => {}
                        Some(&b) => {
                            // Redis prints the byte with %c and turns CR/LF into spaces.
                            let shown = if b == b'\r' || b == b'\n' {
                                ' '
                            } else {
                                char::from(b)
                            };
                            return Err(ProtocolError(format!(
                                "ERR Protocol error: expected '$', got '{shown}'"
                            )));
                        }
                        None => return Ok(None),
                    }
                    let len = buf
                        .get(self.pos + 1..cr)
                        .and_then(parse_int)
                        .filter(|&n| n >= 0 && n <= limits.max_bulk_len)
                        .ok_or_else(|| ProtocolError::new("invalid bulk length"))?;
                    if len > UNAUTH_MAX_BULK_LEN && !limits.authenticated {
                        return Err(ProtocolError::new("unauthenticated bulk length"));
                    }
                    let len = usize::try_from(len)
                        .map_err(|_| ProtocolError::new("invalid bulk length"))?;
                    self.pos = cr + 2;
                    self.phase = Phase::Args {
                        remaining,
                        bulk: Some(len),
                    };
                    len
                }
            };
            let end = self.pos.saturating_add(len);
            let next = end.saturating_add(2);
            if buf.len() < next {
                return Ok(None);
            }
            self.args.push(self.pos..end);
            self.pos = next;
            self.scan = next;
            self.phase = Phase::Args {
                remaining: remaining - 1,
                bulk: None,
            };
        }

        let frame = buf.split_to(self.pos).freeze();
        Ok(Some(self.args.drain(..).map(|r| frame.slice(r)).collect()))
    }
}

/// Parses a decimal i64 as strictly as Redis' `string2ll`: optional `-`, no
/// `+`, no leading zeros (so `-0` and `01` are invalid), no spaces, at most 20
/// characters, no overflow.
fn parse_int(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    if s == b"0" {
        return Some(0);
    }
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    match digits.first() {
        Some(b'1'..=b'9') => {}
        _ => return None,
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    if negative {
        0i64.checked_sub_unsigned(v)
    } else {
        i64::try_from(v).ok()
    }
}

/// One inline argument: either a verbatim slice of the line or unquoted bytes.
#[derive(Debug, PartialEq)]
enum Piece {
    Slice(Range<usize>),
    Owned(Vec<u8>),
}

/// Whitespace as C's `isspace` in the C locale; it separates arguments and
/// must follow a closing quote.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Bytes that end an unquoted argument. Unlike `is_space` this excludes
/// vertical tab and form feed, which Redis keeps inside an argument.
fn ends_unquoted(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Splits an inline request line into arguments with the quoting rules of
/// Redis' `sdssplitargs`. `None` means unbalanced quotes: a quote left open,
/// or a closing quote followed by something other than whitespace.
///
/// - Outside quotes, space, tab, CR and LF separate arguments; a quote may
///   start mid-argument (`a"b c"` is the single argument `ab c`).
/// - In double quotes: `\xHH` is a byte, `\n \r \t \b \a` are control
///   characters, and a backslash before any other byte yields that byte.
/// - In single quotes only `\'` is special.
fn split_args(line: &[u8]) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while line.get(i).is_some_and(|&b| is_space(b)) {
            i += 1;
        }
        if i >= line.len() {
            return Some(out);
        }
        // Fast path: a plain argument is a zero-copy slice of the request.
        let start = i;
        while line
            .get(i)
            .is_some_and(|&b| !ends_unquoted(b) && b != b'"' && b != b'\'')
        {
            i += 1;
        }
        match line.get(i) {
            Some(b'"') | Some(b'\'') => {}
            _ => {
                out.push(Piece::Slice(start..i));
                continue;
            }
        }
        // A quote: build the argument byte by byte from here on.
        let mut cur = line.get(start..i).unwrap_or(&[]).to_vec();
        loop {
            match line.get(i) {
                None => break,
                Some(&b) if ends_unquoted(b) => break,
                Some(b'"') => {
                    i = read_double_quoted(line, i + 1, &mut cur)?;
                    break;
                }
                Some(b'\'') => {
                    i = read_single_quoted(line, i + 1, &mut cur)?;
                    break;
                }
                Some(&b) => {
                    cur.push(b);
                    i += 1;
                }
            }
        }
        out.push(Piece::Owned(cur));
    }
}

/// A closing quote at `close` must be followed by whitespace or the end of
/// the line; returns the offset after the quote.
fn after_closing_quote(line: &[u8], close: usize) -> Option<usize> {
    match line.get(close + 1) {
        Some(&b) if !is_space(b) => None,
        _ => Some(close + 1),
    }
}

/// Reads a double-quoted string starting after its opening quote into `cur`.
fn read_double_quoted(line: &[u8], mut i: usize, cur: &mut Vec<u8>) -> Option<usize> {
    loop {
        let b = *line.get(i)?;
        if b == b'\\' && line.get(i + 1) == Some(&b'x') {
            let hi = line.get(i + 2).copied().and_then(hex_value);
            let lo = line.get(i + 3).copied().and_then(hex_value);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                cur.push(hi << 4 | lo);
                i += 4;
                continue;
            }
        }
        match b {
            b'\\' if i + 1 < line.len() => {
                let escaped = line.get(i + 1).copied().unwrap_or(b'\\');
                cur.push(match escaped {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'b' => 0x08,
                    b'a' => 0x07,
                    other => other,
                });
                i += 2;
            }
            b'"' => return after_closing_quote(line, i),
            _ => {
                cur.push(b);
                i += 1;
            }
        }
    }
}

/// Reads a single-quoted string starting after its opening quote into `cur`.
fn read_single_quoted(line: &[u8], mut i: usize, cur: &mut Vec<u8>) -> Option<usize> {
    loop {
        let b = *line.get(i)?;
        if b == b'\\' && line.get(i + 1) == Some(&b'\'') {
            cur.push(b'\'');
            i += 2;
        } else if b == b'\'' {
            return after_closing_quote(line, i);
        } else {
            cur.push(b);
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lim() -> Limits {
        Limits::default()
    }

    fn unauth() -> Limits {
        Limits {
            authenticated: false,
            ..Limits::default()
        }
    }

    fn strs(v: &[&[u8]]) -> Vec<Bytes> {
        v.iter().map(|s| Bytes::copy_from_slice(s)).collect()
    }

    /// Parses everything in `input` (given in one piece), returning the
    /// requests, the final outcome and what is left in the buffer.
    fn parse_all(
        input: &[u8],
        limits: &Limits,
    ) -> (Vec<Vec<Bytes>>, Result<(), ProtocolError>, Vec<u8>) {
        let mut buf = BytesMut::from(input);
        let mut dec = Decoder::new();
        let mut reqs = Vec::new();
        loop {
            match dec.parse(&mut buf, limits) {
                Ok(Some(args)) => reqs.push(args),
                Ok(None) => return (reqs, Ok(()), buf.to_vec()),
                Err(e) => return (reqs, Err(e), buf.to_vec()),
            }
        }
    }

    fn one(input: &[u8]) -> Vec<Bytes> {
        let mut buf = BytesMut::from(input);
        match parse_request(&mut buf, &lim()) {
            Ok(Some(args)) => {
                assert!(buf.is_empty(), "leftover {:?}", buf);
                args
            }
            other => panic!("{input:?} gave {other:?}"),
        }
    }

    fn err(input: &[u8], limits: &Limits) -> String {
        match parse_all(input, limits).1 {
            Err(e) => e.0,
            Ok(()) => panic!("{input:?} did not fail"),
        }
    }

    fn incomplete(input: &[u8], limits: &Limits) {
        let (reqs, res, rest) = parse_all(input, limits);
        assert!(
            reqs.is_empty() && res.is_ok(),
            "{input:?}: {reqs:?} {res:?}"
        );
        assert_eq!(rest, input, "incomplete input must not be consumed");
    }

    const INVALID_MBULK: &str = "ERR Protocol error: invalid multibulk length";
    const INVALID_BULK: &str = "ERR Protocol error: invalid bulk length";

    #[test]
    fn multibulk_basic() {
        assert_eq!(one(b"*1\r\n$4\r\nPING\r\n"), strs(&[b"PING"]));
        assert_eq!(
            one(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"),
            strs(&[b"SET", b"k", b""])
        );
        assert_eq!(
            one(b"*2\r\n$4\r\nECHO\r\n$5\r\na\0\r\nb\r\n"),
            strs(&[b"ECHO", b"a\0\r\nb"])
        );
    }

    #[test]
    fn empty_requests() {
        for input in [
            &b"*0\r\n"[..],
            b"*-1\r\n",
            b"*-5\r\n",
            b"*-9223372036854775808\r\n",
            b"\r\n",
            b"\n",
            b"   \t\r\n",
        ] {
            assert_eq!(one(input), Vec::<Bytes>::new(), "{input:?}");
        }
        let (reqs, res, rest) = parse_all(b"\r\n\r\n*0\r\nPING\r\n", &lim());
        assert!(res.is_ok() && rest.is_empty());
        assert_eq!(reqs, vec![vec![], vec![], vec![], strs(&[b"PING"])]);
    }

    #[test]
    fn pipelined() {
        let input = b"*1\r\n$4\r\nPING\r\nECHO hi\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPI";
        let (reqs, res, rest) = parse_all(input, &lim());
        assert!(res.is_ok());
        assert_eq!(
            reqs,
            vec![
                strs(&[b"PING"]),
                strs(&[b"ECHO", b"hi"]),
                strs(&[b"GET", b"k"])
            ]
        );
        assert_eq!(rest, b"*1\r\n$4\r\nPI");
    }

    #[test]
    fn error_after_valid_requests_keeps_them() {
        let (reqs, res, _) = parse_all(b"*1\r\n$4\r\nPING\r\n*x\r\n", &lim());
        assert_eq!(reqs, vec![strs(&[b"PING"])]);
        assert_eq!(res.unwrap_err().0, INVALID_MBULK);
    }

    #[test]
    fn invalid_multibulk_length() {
        for input in [
            &b"*x\r\n"[..],
            b"*\r\n",
            b"*-0\r\n",
            b"*01\r\n",
            b"*+1\r\n",
            b"* 1\r\n",
            b"*1 \r\n",
            b"*2147483648\r\n",
            b"*99999999999999999999\r\n",
            b"*1\n$4\r\nPING\r\n",
        ] {
            assert_eq!(err(input, &lim()), INVALID_MBULK, "{input:?}");
        }
        // Redis 7.0 accepts counts up to INT_MAX (then waits for the arguments).
        incomplete(b"*1048577\r\n", &lim());
        incomplete(b"*2147483647\r\n", &lim());
        let tight = Limits {
            max_multibulk_len: 3,
            ..lim()
        };
        assert_eq!(err(b"*4\r\n", &tight), INVALID_MBULK);
        incomplete(b"*3\r\n", &tight);
    }

    #[test]
    fn unauthenticated_limits() {
        incomplete(b"*10\r\n", &unauth());
        assert_eq!(
            err(b"*11\r\n", &unauth()),
            "ERR Protocol error: unauthenticated multibulk length"
        );
        // The generic check comes first.
        assert_eq!(err(b"*2147483648\r\n", &unauth()), INVALID_MBULK);
        incomplete(b"*1\r\n$16384\r\n", &unauth());
        assert_eq!(
            err(b"*1\r\n$16385\r\n", &unauth()),
            "ERR Protocol error: unauthenticated bulk length"
        );
        assert_eq!(err(b"*1\r\n$536870913\r\n", &unauth()), INVALID_BULK);
        assert_eq!(err(b"*1\r\n$-1\r\n", &unauth()), INVALID_BULK);
        incomplete(b"*11\r\n", &lim());
        incomplete(b"*1\r\n$16385\r\n", &lim());
    }

    #[test]
    fn invalid_bulk_length() {
        for input in [
            &b"*1\r\n$-1\r\n"[..],
            b"*1\r\n$-0\r\n",
            b"*1\r\n$x\r\n",
            b"*1\r\n$\r\n",
            b"*1\r\n$04\r\n",
            b"*1\r\n$+4\r\n",
            b"*1\r\n$536870913\r\n",
            b"*1\r\n$9223372036854775807\r\n",
            b"*1\r\n$9223372036854775808\r\n",
            b"*2\r\n$4\r\nECHO\r\n$-0\r\n",
        ] {
            assert_eq!(err(input, &lim()), INVALID_BULK, "{input:?}");
        }
        incomplete(b"*1\r\n$536870912\r\n", &lim());
        let small = Limits {
            max_bulk_len: 3,
            ..lim()
        };
        assert_eq!(err(b"*1\r\n$4\r\n", &small), INVALID_BULK);
        assert_eq!(one(b"*1\r\n$3\r\nabc\r\n"), strs(&[b"abc"]));
    }

    #[test]
    fn expected_dollar() {
        assert_eq!(
            err(b"*1\r\nfoo\r\n", &lim()),
            "ERR Protocol error: expected '$', got 'f'"
        );
        // CR and LF are shown as spaces, as Redis does.
        assert_eq!(
            err(b"*1\r\n\r\n", &lim()),
            "ERR Protocol error: expected '$', got ' '"
        );
        assert_eq!(
            err(b"*1\r\n\n\r\n", &lim()),
            "ERR Protocol error: expected '$', got ' '"
        );
        // A non-ASCII byte goes on the wire raw.
        let e = parse_all(b"*1\r\n\xff\r\n", &lim()).1.unwrap_err();
        let mut wire = BytesMut::new();
        e.write_reply(&mut wire);
        assert_eq!(
            &wire[..],
            b"-ERR Protocol error: expected '$', got '\xff'\r\n"
        );
        // Only checked once the line is complete.
        incomplete(b"*1\r\nfoo", &lim());
        incomplete(b"*1\r\nfoo\r", &lim());
    }

    #[test]
    fn too_big_count_strings() {
        let mut input = b"*".to_vec();
        input.extend(std::iter::repeat_n(b'1', MAX_LINE_LEN - 1));
        incomplete(&input, &lim());
        input.push(b'1');
        assert_eq!(
            err(&input, &lim()),
            "ERR Protocol error: too big mbulk count string"
        );
        // A `\r` as the very last byte means "wait for one more byte" whatever the length.
        input.push(b'\r');
        incomplete(&input, &lim());

        let mut input = b"*1\r\n$".to_vec();
        input.extend(std::iter::repeat_n(b'1', MAX_LINE_LEN - 1));
        incomplete(&input, &lim());
        input.push(b'1');
        assert_eq!(
            err(&input, &lim()),
            "ERR Protocol error: too big bulk count string"
        );
    }

    #[test]
    fn too_big_inline() {
        let mut input = vec![b'A'; MAX_LINE_LEN];
        incomplete(&input, &lim());
        input.push(b'A');
        assert_eq!(
            err(&input, &lim()),
            "ERR Protocol error: too big inline request"
        );
        // A longer line is fine if its newline arrived in the same read.
        let mut long = b"ECHO ".to_vec();
        long.extend(vec![b'A'; 70_000]);
        long.push(b'\n');
        let args = one(&long);
        assert_eq!(args.len(), 2);
        assert_eq!(args[1].len(), 70_000);
    }

    #[test]
    fn nul_stops_line_search_like_strchr() {
        incomplete(b"PI\0NG\r\n", &lim());
        incomplete(b"*1\0\r\n$4\r\nPING\r\n", &lim());
        incomplete(b"*1\r\n$4\0\r\nPING\r\n", &lim());
        let mut wedged = b"PI\0NG\r\n".to_vec();
        wedged.extend(vec![b'A'; MAX_LINE_LEN]);
        assert_eq!(
            err(&wedged, &lim()),
            "ERR Protocol error: too big inline request"
        );
        let mut wedged = b"*1\0\r\n".to_vec();
        wedged.extend(vec![b'A'; MAX_LINE_LEN]);
        assert_eq!(
            err(&wedged, &lim()),
            "ERR Protocol error: too big mbulk count string"
        );
        // NUL bytes after the terminator do not matter.
        let (reqs, _, rest) = parse_all(b"PING\r\n\0", &lim());
        assert_eq!(reqs, vec![strs(&[b"PING"])]);
        assert_eq!(rest, b"\0");
    }

    #[test]
    fn terminators_after_cr_and_bulk_are_not_checked() {
        // Matches Redis 7.0.15: it skips these bytes blindly.
        assert_eq!(one(b"*1\rX$4\r\nPING\r\n"), strs(&[b"PING"]));
        assert_eq!(one(b"*1\r\n$4\rXPING\r\n"), strs(&[b"PING"]));
        let (reqs, res, rest) = parse_all(b"*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", &lim());
        assert!(res.is_ok() && rest.is_empty());
        assert_eq!(reqs, vec![strs(&[b"PING"]), strs(&[b"PING"])]);
        incomplete(b"*1\r\n$4\r\nPINGx", &lim());
    }

    #[test]
    fn inline_splitting() {
        let cases: &[(&[u8], &[&[u8]])] = &[
            (b"PING\r\n", &[b"PING"]),
            (b"PING\n", &[b"PING"]),
            (b"  SET   k  v  \r\n", &[b"SET", b"k", b"v"]),
            (b"\x0bECHO x\r\n", &[b"ECHO", b"x"]),
            (b"ECHO\tx\r\n", &[b"ECHO", b"x"]),
            (b"ECHO\x0cx\r\n", &[b"ECHO\x0cx"]),
            (b"ECHO a\x0bb\r\n", &[b"ECHO", b"a\x0bb"]),
            (b"ECHO x\r\r\n", &[b"ECHO", b"x"]),
            (b"ECHO x\r\x0b\r\n", &[b"ECHO", b"x"]),
            (b"ECHO \"a\\x41\\n\\q\"\r\n", &[b"ECHO", b"aA\nq"]),
            (
                b"ECHO \"\\b\\a\\t\\r\\\"\\\\\\xAf\\x0a\"\r\n",
                &[b"ECHO", b"\x08\x07\t\r\"\\\xaf\n"],
            ),
            (b"ECHO \"\\xZZ\"\r\n", &[b"ECHO", b"xZZ"]),
            (b"ECHO \"\\x4\"\r\n", &[b"ECHO", b"x4"]),
            (b"ECHO \"\\x\"\r\n", &[b"ECHO", b"x"]),
            (b"ECHO 'a\\'b\\n'\r\n", &[b"ECHO", b"a'b\\n"]),
            (b"ECHO 'a\\\\b'\r\n", &[b"ECHO", b"a\\\\b"]),
            (b"ECHO 'a\"b'\r\n", &[b"ECHO", b"a\"b"]),
            (b"ECHO \"a'b\"\r\n", &[b"ECHO", b"a'b"]),
            (b"ECHO foo\"bar baz\"\r\n", &[b"ECHO", b"foobar baz"]),
            (b"ECHO \"\" ''\r\n", &[b"ECHO", b"", b""]),
            (b"ECHO \"a\"\tb\r\n", &[b"ECHO", b"a", b"b"]),
            (b"ECHO \"a\"\x0b\r\n", &[b"ECHO", b"a"]),
            (b"ECHO \"a\"\r\x0b\r\n", &[b"ECHO", b"a"]),
            (b"ECHO \"a\r\"\r\n", &[b"ECHO", b"a\r"]),
            (b"ECHO \xff\xfe\r\n", &[b"ECHO", b"\xff\xfe"]),
        ];
        for (input, want) in cases {
            assert_eq!(
                one(input),
                strs(want),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn unbalanced_quotes() {
        for input in [
            &b"ECHO \"abc\"def\r\n"[..],
            b"ECHO 'abc'def\r\n",
            b"ECHO \"abc\r\n",
            b"ECHO 'abc\r\n",
            b"ECHO \"a\"'b'\r\n",
            b"ECHO a'b c'd\r\n",
            b"ECHO \"\\\"\r\n",
            b"ECHO '\\'\r\n",
            b"ECHO \"a\\\r\n",
            b"ECHO \"a\r\r\n",
        ] {
            assert_eq!(
                err(input, &lim()),
                "ERR Protocol error: unbalanced quotes in request",
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn parse_int_is_strict() {
        assert_eq!(parse_int(b"0"), Some(0));
        assert_eq!(parse_int(b"-1"), Some(-1));
        assert_eq!(parse_int(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int(b"-9223372036854775808"), Some(i64::MIN));
        for bad in [
            &b""[..],
            b"-",
            b"-0",
            b"00",
            b"01",
            b"+1",
            b" 1",
            b"1 ",
            b"1a",
            b"9223372036854775808",
            b"-9223372036854775809",
            b"18446744073709551616",
            b"000000000000000000001",
        ] {
            assert_eq!(parse_int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn args_are_zero_copy() {
        let mut buf = BytesMut::from(&b"*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nPING x\r\n"[..]);
        let base = buf.as_ptr() as usize;
        let args = parse_request(&mut buf, &lim()).unwrap().unwrap();
        assert_eq!(args[0].as_ptr() as usize, base + 8);
        assert_eq!(args[1].as_ptr() as usize, base + 17);
        let args = parse_request(&mut buf, &lim()).unwrap().unwrap();
        assert_eq!(args[1].as_ptr() as usize, base + 27);
    }

    #[test]
    fn decoder_resumes_and_reports_needed_len() {
        let mut dec = Decoder::new();
        let mut buf = BytesMut::from(&b"*2\r\n$3\r\nSET\r\n$100000\r\n"[..]);
        let header_len = buf.len();
        assert_eq!(dec.parse(&mut buf, &lim()), Ok(None));
        assert_eq!(buf.len(), header_len, "nothing consumed while incomplete");
        assert_eq!(dec.needed_len(), header_len + 100_000 + 2);
        for _ in 0..100 {
            buf.extend_from_slice(&[b'v'; 1000]);
            let r = dec.parse(&mut buf, &lim());
            assert!(r.is_ok());
            if buf.is_empty() {
                break;
            }
        }
        buf.extend_from_slice(b"\r\n");
        let args = dec.parse(&mut buf, &lim()).unwrap().unwrap();
        assert_eq!(args[0], "SET");
        assert_eq!(args[1].len(), 100_000);
        assert!(buf.is_empty());
        assert_eq!(dec.needed_len(), 0);
    }

    #[test]
    fn decoder_survives_contract_violation() {
        let mut dec = Decoder::new();
        let mut buf = BytesMut::from(&b"*2\r\n$3\r\nSET\r\n$3\r\n"[..]);
        assert_eq!(dec.parse(&mut buf, &lim()), Ok(None));
        let mut other = BytesMut::from(&b"PING\r\n"[..]);
        assert_eq!(dec.parse(&mut other, &lim()), Ok(Some(strs(&[b"PING"]))));
    }

    #[test]
    fn protocol_error_display_and_wire() {
        let e = ProtocolError::new("invalid bulk length");
        assert_eq!(e.to_string(), INVALID_BULK);
        let mut out = BytesMut::new();
        e.write_reply(&mut out);
        assert_eq!(&out[..], b"-ERR Protocol error: invalid bulk length\r\n");
    }

    fn encode_request(args: &[Vec<u8>]) -> Vec<u8> {
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            out.extend_from_slice(a);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    /// Feeds `input` to a decoder in pieces ending at `cuts`, collecting requests.
    fn feed_in_chunks(input: &[u8], cuts: &[usize]) -> Result<Vec<Vec<Bytes>>, ProtocolError> {
        let mut dec = Decoder::new();
        let mut buf = BytesMut::new();
        let mut reqs = Vec::new();
        let mut prev = 0;
        for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
            let cut = cut.clamp(prev, input.len());
            buf.extend_from_slice(&input[prev..cut]);
            prev = cut;
            while let Some(args) = dec.parse(&mut buf, &lim())? {
                reqs.push(args);
            }
        }
        assert!(buf.is_empty(), "unparsed tail {:?}", buf);
        Ok(reqs)
    }

    fn arb_requests() -> impl Strategy<Value = Vec<Vec<Vec<u8>>>> {
        let arg = proptest::collection::vec(any::<u8>(), 0..40);
        proptest::collection::vec(proptest::collection::vec(arg, 0..6), 1..6)
    }

    #[test]
    fn every_split_point_of_a_pipeline() {
        let reqs: Vec<Vec<Vec<u8>>> = vec![
            vec![b"SET".to_vec(), b"key".to_vec(), b"v\r\n\0al".to_vec()],
            vec![],
            vec![b"GET".to_vec(), b"key".to_vec()],
        ];
        let input: Vec<u8> = reqs.iter().flat_map(|r| encode_request(r)).collect();
        let want: Vec<Vec<Bytes>> = reqs
            .iter()
            .map(|r| r.iter().map(|a| Bytes::copy_from_slice(a)).collect())
            .collect();
        for a in 0..=input.len() {
            for b in a..=input.len() {
                assert_eq!(
                    feed_in_chunks(&input, &[a, b]).unwrap(),
                    want,
                    "cuts {a} {b}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn random_bytes_never_panic_or_overreturn(
            data in proptest::collection::vec(any::<u8>(), 0..300),
            auth in any::<bool>(),
        ) {
            let limits = Limits { authenticated: auth, ..Limits::default() };
            let mut buf = BytesMut::from(&data[..]);
            let mut dec = Decoder::new();
            let mut returned = 0usize;
            loop {
                let before = buf.len();
                match dec.parse(&mut buf, &limits) {
                    Ok(Some(args)) => {
                        prop_assert!(buf.len() < before, "a request must consume bytes");
                        returned += args.iter().map(Bytes::len).sum::<usize>();
                    }
                    Ok(None) => {
                        prop_assert_eq!(buf.len(), before);
                        break;
                    }
                    Err(e) => {
                        prop_assert!(e.0.starts_with("ERR Protocol error: "));
                        break;
                    }
                }
            }
            prop_assert!(returned + buf.len() <= data.len());
        }

        #[test]
        fn random_bytes_after_star_never_panic(
            data in proptest::collection::vec(
                prop_oneof![Just(b'*'), Just(b'$'), Just(b'\r'), Just(b'\n'), Just(b'-'),
                            Just(b'0'), Just(b'1'), Just(b'9'), Just(0u8), any::<u8>()],
                0..200),
        ) {
            // Protocol-shaped noise reaches much deeper states than uniform bytes.
            let mut input = b"*".to_vec();
            input.extend(data);
            let mut buf = BytesMut::new();
            let mut dec = Decoder::new();
            let mut returned = 0usize;
            for chunk in input.chunks(7) {
                buf.extend_from_slice(chunk);
                while let Ok(Some(args)) = dec.parse(&mut buf, &lim()) {
                    returned += args.iter().map(Bytes::len).sum::<usize>();
                }
            }
            prop_assert!(returned + buf.len() <= input.len());
        }

        #[test]
        fn multibulk_roundtrip_random_splits(
            reqs in arb_requests(),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let input: Vec<u8> = reqs.iter().flat_map(|r| encode_request(r)).collect();
            let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(input.len() + 1)).collect();
            cuts.sort_unstable();
            let got = feed_in_chunks(&input, &cuts);
            let want: Vec<Vec<Bytes>> = reqs
                .iter()
                .map(|r| r.iter().map(|a| Bytes::copy_from_slice(a)).collect())
                .collect();
            prop_assert_eq!(got, Ok(want.clone()));
            // The stateless entry point agrees when given everything at once.
            let mut buf = BytesMut::from(&input[..]);
            let mut stateless = Vec::new();
            while let Ok(Some(args)) = parse_request(&mut buf, &lim()) {
                stateless.push(args);
            }
            prop_assert_eq!(stateless, want);
        }

        #[test]
        fn multibulk_roundtrip_byte_at_a_time(reqs in arb_requests()) {
            let input: Vec<u8> = reqs.iter().flat_map(|r| encode_request(r)).collect();
            let cuts: Vec<usize> = (0..input.len()).collect();
            let want: Vec<Vec<Bytes>> = reqs
                .iter()
                .map(|r| r.iter().map(|a| Bytes::copy_from_slice(a)).collect())
                .collect();
            prop_assert_eq!(feed_in_chunks(&input, &cuts), Ok(want));
        }

        #[test]
        fn inline_plain_words_roundtrip(words in proptest::collection::vec("[!#-&(-~]{1,12}", 1..8)) {
            // Printable words without quotes or spaces come back verbatim
            // (after a fixed first word, since a leading '*' means multibulk).
            let line = format!("ECHO {}\r\n", words.join(" "));
            let got = one(line.as_bytes());
            let want: Vec<Bytes> = std::iter::once("ECHO")
                .chain(words.iter().map(String::as_str))
                .map(|w| Bytes::copy_from_slice(w.as_bytes()))
                .collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn inline_double_quoted_hex_roundtrip(arg in proptest::collection::vec(any::<u8>(), 0..40)) {
            // Any byte string survives "\xHH" quoting, as redis-cli would send it.
            let mut line = b"SET k \"".to_vec();
            for b in &arg {
                line.extend_from_slice(format!("\\x{b:02x}").as_bytes());
            }
            line.extend_from_slice(b"\"\r\n");
            prop_assert_eq!(one(&line), vec![Bytes::from_static(b"SET"), Bytes::from_static(b"k"), Bytes::from(arg)]);
        }
    }
}
