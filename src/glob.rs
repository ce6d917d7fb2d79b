//! Glob-style pattern matching with the exact semantics of Redis' `KEYS`,
//! `SCAN ... MATCH` and `CONFIG GET` patterns.
//!
//! Clients rely on the precise (sometimes odd) behaviour of Redis' matcher,
//! so this module reproduces it byte for byte rather than following a
//! textbook glob definition:
//!
//! * `*` matches any run of bytes, `?` any single byte.
//! * `[abc]`, `[^abc]`, `[a-z]`: ranges may be written reversed (`[z-a]`);
//!   a `\` inside a class escapes the next byte, and that escaped byte is
//!   always compared case-sensitively, even when `nocase` is set; range
//!   bounds are compared as *signed* bytes, as Redis does on x86-64 where C
//!   `char` is signed (so `[a-\xff]` covers `\xff..=a`, not `a..=\xff`).
//!   A `-` directly before the closing `]` forms a range ending at `]`, so
//!   `[a-]` does not close the class. An unterminated class (`[abc` with no
//!   `]`) swallows the rest of the pattern and still matches one byte.
//! * `\x` matches `x` literally; a lone trailing `\` matches a backslash.
//! * `nocase` folds ASCII letters only (the C locale `tolower`).
//! * An empty subject matches only the empty pattern and the lone `*`
//!   (Redis' matcher itself rejects `**` or `*` against `""`; `KEYS *` and
//!   `SCAN` without MATCH short-circuit the lone `*`, which we fold in here so
//!   callers do not have to remember to).
//! * A pattern with more than [`MAX_STAR_NESTING`] `*` runs that are followed
//!   by something else never matches: Redis caps its recursion there and
//!   clients can observe the cap.
//!
//! Invariants: the matcher never panics for any input, uses no recursion and
//! no allocation, and runs in O(pattern × subject) time, so hostile patterns
//! such as `a*a*a*a*a*a*a*a*b` against a long subject stay cheap.

/// Redis stops recursing after this many nested `*`s and reports "no match";
/// every `*` run that is not at the very end of the pattern costs one level.
pub const MAX_STAR_NESTING: usize = 1000;

/// Returns true when `s` matches the Redis glob `pattern`.
///
/// With `nocase` ASCII letters compare case-insensitively (as `CONFIG GET`
/// does); `KEYS`/`SCAN` use `nocase = false`.
pub fn glob_match(pattern: &[u8], s: &[u8], nocase: bool) -> bool {
    if s.is_empty() {
        return pattern.is_empty() || pattern == b"*";
    }
    if exceeds_star_nesting(pattern) {
        return false;
    }

    let plen = pattern.len();
    let mut p = 0usize;
    let mut i = 0usize;
    // The most recent `*`: where the pattern resumes after it and the subject
    // position its tail is currently being tried at. Only the latest star
    // needs remembering: every token consumes exactly one byte, so letting an
    // earlier star absorb more can never succeed where the latest one failed
    // (this is the same pruning Redis applies after CVE-2022-36021).
    let mut retry: Option<(usize, usize)> = None;

    loop {
        let advanced = if p == plen {
            false
        } else if pattern[p] == b'*' {
            while p < plen && pattern[p] == b'*' {
                p += 1;
            }
            if p == plen {
                return true;
            }
            retry = Some((p, i));
            continue;
        } else {
            let (ok, next) = single_token(pattern, p, s[i], nocase);
            if ok {
                p = next;
                i += 1;
                if i == s.len() {
                    while p < plen && pattern[p] == b'*' {
                        p += 1;
                    }
                    if p == plen {
                        return true;
                    }
                    false
                } else {
                    true
                }
            } else {
                false
            }
        };
        if advanced {
            continue;
        }
        // Mismatch: let the latest star swallow one more byte. The pattern
        // tail after a star always starts with a byte-consuming token, so it
        // cannot match the empty remainder: stop before trying it.
        match retry {
            Some((rp, ri)) if ri + 1 < s.len() => {
                retry = Some((rp, ri + 1));
                p = rp;
                i = ri + 1;
            }
            _ => return false,
        }
    }
}

/// Evaluates the non-`*` token starting at `pattern[p]` against byte `c`;
/// returns whether it matched and where the next token starts.
fn single_token(pattern: &[u8], p: usize, c: u8, nocase: bool) -> (bool, usize) {
    match pattern[p] {
        b'?' => (true, p + 1),
        b'[' => class_token(pattern, p + 1, c, nocase),
        b'\\' if p + 1 < pattern.len() => (bytes_eq(pattern[p + 1], c, nocase), p + 2),
        b => (bytes_eq(b, c, nocase), p + 1),
    }
}

/// Evaluates a `[...]` class whose body starts at `pattern[q]`. The extent of
/// the class depends only on the pattern, never on `c`, which is what lets
/// [`exceeds_star_nesting`] reuse this to skip over classes.
fn class_token(pattern: &[u8], mut q: usize, c: u8, nocase: bool) -> (bool, usize) {
    let plen = pattern.len();
    let negate = q < plen && pattern[q] == b'^';
    if negate {
        q += 1;
    }
    let mut hit = false;
    let next = loop {
        if q >= plen {
            break plen;
        }
        let b = pattern[q];
        if b == b'\\' && q + 1 < plen {
            // Redis compares escaped class members exactly, ignoring nocase.
            hit |= pattern[q + 1] == c;
            q += 2;
        } else if b == b']' {
            break q + 1;
        } else if q + 2 < plen && pattern[q + 1] == b'-' {
            hit |= in_signed_range(b, pattern[q + 2], c, nocase);
            q += 3;
        } else {
            hit |= bytes_eq(b, c, nocase);
            q += 1;
        }
    };
    (hit != negate, next)
}

/// Range test with Redis' signed-`char` ordering: bounds are swapped when
/// reversed *before* case folding, exactly as clients observe it.
fn in_signed_range(a: u8, b: u8, c: u8, nocase: bool) -> bool {
    let (mut lo, mut hi) = (a as i8 as i32, b as i8 as i32);
    if lo > hi {
        std::mem::swap(&mut lo, &mut hi);
    }
    let mut c = c as i8 as i32;
    if nocase {
        lo = fold(lo);
        hi = fold(hi);
        c = fold(c);
    }
    lo <= c && c <= hi
}

fn fold(v: i32) -> i32 {
    if (b'A' as i32..=b'Z' as i32).contains(&v) {
        v + 32
    } else {
        v
    }
}

fn bytes_eq(a: u8, b: u8, nocase: bool) -> bool {
    if nocase {
        a.eq_ignore_ascii_case(&b)
    } else {
        a == b
    }
}

/// True when the pattern has more `*` runs followed by further tokens than
/// Redis' recursion cap allows; such patterns can never match.
fn exceeds_star_nesting(pattern: &[u8]) -> bool {
    // Cheap pre-check: most patterns have a handful of stars at most.
    if pattern.iter().filter(|&&b| b == b'*').count() <= MAX_STAR_NESTING {
        return false;
    }
    let plen = pattern.len();
    let mut p = 0;
    let mut runs = 0usize;
    while p < plen {
        if pattern[p] == b'*' {
            while p < plen && pattern[p] == b'*' {
                p += 1;
            }
            if p < plen {
                runs += 1;
            }
        } else {
            p = single_token(pattern, p, 0, false).1;
        }
    }
    runs > MAX_STAR_NESTING
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(p: &str, s: &str) -> bool {
        glob_match(p.as_bytes(), s.as_bytes(), false)
    }

    fn mi(p: &str, s: &str) -> bool {
        glob_match(p.as_bytes(), s.as_bytes(), true)
    }

    #[test]
    fn literals_and_wildcards() {
        assert!(m("hello", "hello"));
        assert!(!m("hello", "hellO"));
        assert!(mi("hello", "HeLLo"));
        assert!(m("h?llo", "hallo"));
        assert!(!m("h?llo", "hllo"));
        assert!(m("h*llo", "hllo"));
        assert!(m("h*llo", "heeeello"));
        assert!(m("*", "anything"));
        assert!(m("a*", "a"));
        assert!(m("a**", "a"));
        assert!(m("*a", "a"));
        assert!(m("*a*", "bab"));
        assert!(!m("*a*", "bbb"));
        assert!(m("user:*:name", "user:42:name"));
        assert!(!m("user:*:name", "user:42:names"));
        assert!(!m("abc", "abcd"));
        assert!(!m("abcd", "abc"));
    }

    #[test]
    fn empty_subject_and_pattern() {
        assert!(m("", ""));
        assert!(m("*", ""));
        assert!(!m("**", ""));
        assert!(!m("?", ""));
        assert!(!m("*?", ""));
        assert!(!m("[^", ""));
        assert!(!m("", "a"));
    }

    #[test]
    fn classes() {
        assert!(m("h[ae]llo", "hello"));
        assert!(m("h[ae]llo", "hallo"));
        assert!(!m("h[ae]llo", "hillo"));
        assert!(m("h[^e]llo", "hallo"));
        assert!(!m("h[^e]llo", "hello"));
        assert!(m("h[a-b]llo", "hbllo"));
        assert!(m("h[b-a]llo", "hallo"), "reversed ranges are swapped");
        assert!(!m("h[a-b]llo", "hcllo"));
        assert!(mi("[A-C]", "b"));
        assert!(mi("[a-c]", "B"));
        assert!(!m("[A-C]", "b"));
        assert!(!m("[]", "a"), "empty class matches nothing");
        assert!(m("[^]", "a"), "negated empty class matches anything");
        assert!(!m("[]]", "]"), "`[]` closes immediately and never matches");
        assert!(!m("[]]", "]]"));
        assert!(m("[\\]]", "]"));
        assert!(m("[\\-]", "-"));
        assert!(m("[a\\-z]", "-"));
        assert!(!m("[a\\-z]", "b"));
    }

    #[test]
    fn class_quirks() {
        // Escaped class members ignore nocase.
        assert!(!mi("[\\A]", "a"));
        assert!(mi("[\\A]", "A"));
        // `[a-]` is a range a..=']' (reversed, so ']'..='a') and stays open.
        assert!(m("[a-]", "_"));
        assert!(m("[a-]", "a"));
        assert!(!m("[a-]", "-"));
        assert!(!m("[a-]x", "ax"), "the class swallows `x`");
        // Unterminated classes consume the rest of the pattern.
        assert!(m("a[bc", "ab"));
        assert!(m("a[bc", "ac"));
        assert!(!m("a[bc", "abc"));
        assert!(!m("a[", "a"));
        assert!(!m("[", "["));
        assert!(m("[^", "x"));
        assert!(!m("a[^", "a"));
        // Signed-byte ranges: 0xff is -1, so [a-\xff] covers -1..=97.
        assert!(glob_match(b"[a-\xff]", b"\xff", false));
        assert!(glob_match(b"[a-\xff]", b"A", false));
        assert!(!glob_match(b"[a-\xff]", b"b", false));
        assert!(!glob_match(b"[a-\xff]", b"\x80", false));
        // Folding happens after the swap: [Z-a] folds to z..=a, matching nothing.
        assert!(m("[Z-a]", "_"));
        assert!(!mi("[Z-a]", "_"));
    }

    #[test]
    fn escapes() {
        assert!(m("\\*", "*"));
        assert!(!m("\\*", "a"));
        assert!(m("\\?", "?"));
        assert!(m("a\\[b", "a[b"));
        assert!(mi("\\A", "a"), "top-level escapes honour nocase");
        assert!(m("\\", "\\"), "a trailing backslash is literal");
        assert!(!m("a\\", "a"));
        assert!(m("\\a", "a"));
    }

    #[test]
    fn binary_safe() {
        assert!(glob_match(b"a\x00*", b"a\x00\xff\xfe", false));
        assert!(glob_match(b"\xff?", b"\xff\x00", true));
        assert!(!glob_match(b"\xff", b"\xdf", true), "only ASCII folds");
    }

    #[test]
    fn star_nesting_cap() {
        let subject = "a".repeat(1001);
        let at_cap = "*a".repeat(MAX_STAR_NESTING);
        assert!(m(&at_cap, &subject));
        assert!(
            m(&(at_cap.clone() + "*"), &subject),
            "trailing stars are free"
        );
        assert!(!m(&(at_cap.clone() + "*a"), &subject));
        // Escaped and bracketed stars are literals and do not count.
        let literal_stars = "\\*".repeat(1500);
        assert!(m(&literal_stars, &"*".repeat(1500)));
        let class_stars = "[*]".repeat(1500);
        assert!(m(&class_stars, &"*".repeat(1500)));
    }

    #[test]
    fn pathological_patterns_are_fast() {
        let subject = "a".repeat(100_000);
        let start = std::time::Instant::now();
        assert!(!m("a*a*a*a*a*a*a*a*b", &subject));
        assert!(!m(&("*a".repeat(500) + "b"), &"a".repeat(20_000)));
        assert!(m("*a*a*a*a*a*a*a*a*", &subject));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    /// Straightforward recursive transcription of the documented semantics,
    /// exponential but fine for the short inputs proptest feeds it.
    fn reference(p: &[u8], s: &[u8], nocase: bool) -> bool {
        if s.is_empty() {
            return p.is_empty() || p == b"*";
        }
        if exceeds_star_nesting(p) {
            return false;
        }
        fn go(p: &[u8], s: &[u8], nocase: bool) -> bool {
            if p.is_empty() {
                return s.is_empty();
            }
            if s.is_empty() {
                return p.iter().all(|&b| b == b'*');
            }
            if p[0] == b'*' {
                return (0..=s.len()).any(|k| go(&p[1..], &s[k..], nocase));
            }
            let (ok, next) = single_token(p, 0, s[0], nocase);
            ok && go(&p[next..], &s[1..], nocase)
        }
        go(p, s, nocase)
    }

    fn pattern_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(b'*'),
                Just(b'?'),
                Just(b'['),
                Just(b']'),
                Just(b'^'),
                Just(b'-'),
                Just(b'\\'),
                Just(b'a'),
                Just(b'A'),
                Just(b'b'),
                Just(b'z'),
                Just(0xffu8),
            ],
            0..10,
        )
    }

    fn subject_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(b'a'),
                Just(b'A'),
                Just(b'b'),
                Just(b'z'),
                Just(b'-'),
                Just(b']'),
                Just(b'*'),
                Just(b'\\'),
                Just(0xffu8),
                Just(0x80u8),
            ],
            0..8,
        )
    }

    proptest! {
        #[test]
        fn agrees_with_reference(p in pattern_bytes(), s in subject_bytes(), nocase in any::<bool>()) {
            prop_assert_eq!(glob_match(&p, &s, nocase), reference(&p, &s, nocase));
        }

        #[test]
        fn never_panics(p in proptest::collection::vec(any::<u8>(), 0..64),
                        s in proptest::collection::vec(any::<u8>(), 0..64),
                        nocase in any::<bool>()) {
            let _ = glob_match(&p, &s, nocase);
        }

        #[test]
        fn escaped_subject_matches_itself(s in proptest::collection::vec(any::<u8>(), 1..32)) {
            let mut p = Vec::new();
            for &b in &s {
                if matches!(b, b'*' | b'?' | b'[' | b'\\') {
                    p.push(b'\\');
                }
                p.push(b);
            }
            prop_assert!(glob_match(&p, &s, false));
        }

        #[test]
        fn star_prefix_suffix(a in "[a-z]{0,6}", b in "[a-z]{0,6}", mid in "[a-z]{0,6}") {
            let s = format!("{a}{mid}{b}");
            prop_assume!(!s.is_empty());
            let pattern = format!("{a}*{b}");
            prop_assert!(m(&pattern, &s));
        }
    }
}
