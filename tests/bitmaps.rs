//! Black-box tests of the bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
//! BITFIELD_RO). Replies and resulting values are compared with a real redis-server 7.0 through
//! `Pair`; the proptests also check strata against a plain bit-vector model.
//!
//! Tests on the shared servers prefix every key with `bits:<test>:`.

mod common;
use common::*;

use proptest::prelude::*;

fn k(test: &str, name: &str) -> String {
    format!("bits:{test}:{name}")
}

fn set_bytes(p: &mut Pair, key: &str, v: &[u8]) {
    p.check_bytes(&[&b"SET"[..], key.as_bytes(), v]);
}

#[test]
fn setbit_and_getbit() {
    let mut p = Pair::new();
    let (b, s, none) = (k("setbit", "b"), k("setbit", "s"), k("setbit", "none"));
    p.check(&["DEL", &b, &s, &none]);
    assert_int(&p.check(&["SETBIT", &b, "7", "1"]), 0);
    assert_int(&p.check(&["SETBIT", &b, "7", "1"]), 1);
    p.check(&["SETBIT", &b, "100", "1"]);
    p.check(&["GET", &b]);
    p.check(&["SETBIT", &b, "100", "0"]);
    p.check(&["GET", &b]);
    p.check(&["OBJECT", "ENCODING", &b]);
    for off in ["0", "7", "100", "101", "1000000", "4294967295"] {
        p.check(&["GETBIT", &b, off]);
        p.check(&["GETBIT", &none, off]);
    }
    for (off, val) in [
        ("-1", "1"),
        ("4294967296", "1"),
        ("x", "1"),
        ("1.5", "1"),
        ("", "1"),
        ("1", "2"),
        ("1", "-1"),
        ("1", "x"),
        ("1", ""),
        ("-1", "x"),
    ] {
        p.check(&["SETBIT", &b, off, val]);
    }
    p.check(&["GETBIT", &b, "-1"]);
    p.check(&["GETBIT", &b, "4294967296"]);
    p.check(&["GETBIT", &b, "x"]);
    p.check(&["SETBIT", &b]);
    // An integer string is modified as bytes and becomes "raw".
    p.check(&["SET", &s, "123"]);
    p.check(&["OBJECT", "ENCODING", &s]);
    p.check(&["SETBIT", &s, "1", "0"]);
    p.check(&["OBJECT", "ENCODING", &s]);
    p.check(&["SETBIT", &s, "6", "1"]);
    p.check(&["GET", &s]);
    p.check(&["EXPIRE", &s, "100"]);
    p.check(&["SETBIT", &s, "50", "1"]);
    int_within(&mut p, &["TTL", &s], 95, 100);
    p.check(&["LPUSH", &none, "x"]);
    p.check(&["SETBIT", &none, "1", "1"]);
    p.check(&["GETBIT", &none, "1"]);
    p.check(&["GETBIT", &none, "x"]);
}

#[test]
fn offsets_are_limited_by_proto_max_bulk_len() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["CONFIG", "SET", "proto-max-bulk-len", "1mb"]);
    p.check(&["SETBIT", "b", "8388607", "1"]);
    p.check(&["SETBIT", "b", "8388608", "1"]);
    p.check(&["GETBIT", "b", "8388608"]);
    p.check(&["STRLEN", "b"]);
    p.check(&["BITFIELD", "b", "SET", "u8", "8388600", "255"]);
    p.check(&["BITFIELD", "b", "SET", "u8", "8388608", "255"]);
    p.check(&["BITFIELD", "b", "GET", "u8", "#1048576"]);
    p.check(&["BITFIELD", "b", "GET", "u8", "#1048575"]);
    p.check(&["BITCOUNT", "b"]);
}

#[test]
fn bitcount_ranges_in_bytes_and_bits() {
    let mut p = Pair::new();
    let (b, e, none) = (
        k("bitcount", "b"),
        k("bitcount", "e"),
        k("bitcount", "none"),
    );
    p.check(&["DEL", &b, &e, &none]);
    set_bytes(&mut p, &b, b"foobar\xff\x00\x81");
    set_bytes(&mut p, &e, b"");
    p.check(&["BITCOUNT", &b]);
    p.check(&["BITCOUNT", &e]);
    p.check(&["BITCOUNT", &e, "0", "-1"]);
    let ranges = [
        ("0", "-1"),
        ("0", "0"),
        ("1", "1"),
        ("-2", "-1"),
        ("-1", "-3"),
        ("-20", "-30"),
        ("-100", "100"),
        ("5", "2"),
        ("100", "200"),
        ("0", "9223372036854775807"),
        ("-9223372036854775808", "-1"),
    ];
    for (s, t) in ranges {
        p.check(&["BITCOUNT", &b, s, t]);
        p.check(&["BITCOUNT", &b, s, t, "BYTE"]);
        p.check(&["BITCOUNT", &b, s, t, "bit"]);
    }
    for (s, t) in [
        ("5", "30"),
        ("3", "3"),
        ("7", "8"),
        ("-9", "-2"),
        ("70", "79"),
        ("8", "15"),
    ] {
        p.check(&["BITCOUNT", &b, s, t, "BIT"]);
    }
    // Redis 7.0 looks the key up first: a missing key counts 0 whatever the arguments.
    p.check(&["BITCOUNT", &none, "x", "y"]);
    p.check(&["BITCOUNT", &none, "1"]);
    p.check(&["BITCOUNT", &b, "1"]);
    p.check(&["BITCOUNT", &b, "x", "1"]);
    p.check(&["BITCOUNT", &b, "1", "x"]);
    p.check(&["BITCOUNT", &b, "0", "1", "bits"]);
    p.check(&["BITCOUNT", &b, "0", "1", "bit", "x"]);
    // An inverted negative range counts 0 before the unit is read, so a bad
    // unit is not a syntax error there (while it is for other ranges).
    assert_int(&p.check(&["BITCOUNT", &b, "-1", "-2", "FOO"]), 0);
    assert_int(&p.check(&["BITCOUNT", &b, "-12", "-15", "bits"]), 0);
    assert_err(
        &p.check(&["BITCOUNT", &b, "-15", "-12", "FOO"]),
        "ERR syntax error",
    );
    assert_err(
        &p.check(&["BITCOUNT", &b, "3", "1", "FOO"]),
        "ERR syntax error",
    );
    p.check(&["LPUSH", &none, "x"]);
    p.check(&["BITCOUNT", &none]);
    p.check(&["BITCOUNT", &none, "x", "y"]);
}

#[test]
fn bitpos_finds_set_and_clear_bits() {
    let mut p = Pair::new();
    let (b, ff, zero, e, none) = (
        k("bitpos", "b"),
        k("bitpos", "ff"),
        k("bitpos", "zero"),
        k("bitpos", "e"),
        k("bitpos", "none"),
    );
    p.check(&["DEL", &b, &ff, &zero, &e, &none]);
    set_bytes(&mut p, &b, b"\xff\xf0\x00\x0f\x00");
    set_bytes(&mut p, &ff, b"\xff\xff\xff");
    set_bytes(&mut p, &zero, b"\x00\x00\x00");
    set_bytes(&mut p, &e, b"");
    for key in [&b, &ff, &zero, &e, &none] {
        for bit in ["0", "1"] {
            p.check(&["BITPOS", key, bit]);
            for start in ["0", "1", "2", "-1", "-2", "10", "-10"] {
                p.check(&["BITPOS", key, bit, start]);
                for end in ["0", "1", "-1", "2", "100", "-5"] {
                    p.check(&["BITPOS", key, bit, start, end]);
                    p.check(&["BITPOS", key, bit, start, end, "BYTE"]);
                }
            }
            for (s, t) in [
                ("0", "7"),
                ("4", "11"),
                ("12", "27"),
                ("3", "3"),
                ("-3", "-1"),
                ("9", "100"),
                ("20", "10"),
            ] {
                p.check(&["BITPOS", key, bit, s, t, "BIT"]);
            }
        }
    }
    p.check(&["BITPOS", &b, "2"]);
    p.check(&["BITPOS", &none, "2"]);
    p.check(&["BITPOS", &none, "x"]);
    p.check(&["BITPOS", &none, "1", "x"]);
    p.check(&["BITPOS", &b, "1", "x"]);
    p.check(&["BITPOS", &b, "1", "0", "x"]);
    p.check(&["BITPOS", &b, "1", "0", "1", "bits"]);
    p.check(&["BITPOS", &b, "1", "0", "x", "bits"]);
    p.check(&["BITPOS", &b, "1", "0", "1", "bit", "x"]);
    p.check(&["LPUSH", &none, "x"]);
    p.check(&["BITPOS", &none, "1"]);
}

#[test]
fn bitop_and_or_xor_not() {
    let mut p = Pair::new();
    let (a, b, c, d, none, l) = (
        k("bitop", "a"),
        k("bitop", "b"),
        k("bitop", "c"),
        k("bitop", "d"),
        k("bitop", "none"),
        k("bitop", "l"),
    );
    p.check(&["DEL", &a, &b, &c, &d, &none, &l]);
    set_bytes(&mut p, &a, b"\xff\x0f\xaa");
    set_bytes(&mut p, &b, b"\x0f\xf0");
    set_bytes(&mut p, &c, b"foobar");
    for op in ["AND", "or", "Xor"] {
        p.check(&["BITOP", op, &d, &a, &b, &c]);
        p.check(&["GET", &d]);
        p.check(&["BITOP", op, &d, &a, &none]);
        p.check(&["GET", &d]);
        p.check(&["BITOP", op, &d, &b]);
        p.check(&["GET", &d]);
    }
    p.check(&["BITOP", "NOT", &d, &a]);
    p.check(&["GET", &d]);
    p.check(&["OBJECT", "ENCODING", &d]);
    p.check(&["BITOP", "NOT", &d, &a, &b]);
    p.check(&["BITOP", "NOT", &d]);
    p.check(&["BITOP", "NAND", &d, &a]);
    p.check(&["BITOP", "AND", &d]);
    // The result replaces the destination, its TTL and its type.
    p.check(&["EXPIRE", &d, "100"]);
    p.check(&["BITOP", "OR", &d, &a, &b]);
    p.check(&["TTL", &d]);
    p.check(&["RPUSH", &l, "x"]);
    p.check(&["BITOP", "OR", &l, &a]);
    p.check(&["TYPE", &l]);
    p.check(&["GET", &l]);
    // An empty result deletes the destination.
    p.check(&["BITOP", "AND", &d, &none, &none]);
    p.check(&["EXISTS", &d]);
    p.check(&["RPUSH", &l, "x"]);
    p.check(&["DEL", &l]);
    p.check(&["RPUSH", &l, "x"]);
    p.check(&["BITOP", "AND", &d, &a, &l]);
    p.check(&["BITOP", "NOT", &d, &l]);
    // The destination may be a source.
    p.check(&["BITOP", "XOR", &a, &a, &b]);
    p.check(&["GET", &a]);
}

#[test]
fn bitfield_get_set_incrby() {
    let mut p = Pair::new();
    let (f, none, l) = (
        k("bitfield", "f"),
        k("bitfield", "none"),
        k("bitfield", "l"),
    );
    p.check(&["DEL", &f, &none, &l]);
    p.check(&[
        "BITFIELD", &f, "SET", "i8", "0", "100", "GET", "i8", "0", "INCRBY", "i8", "0", "100",
    ]);
    p.check(&["GET", &f]);
    p.check(&[
        "BITFIELD", &f, "set", "u8", "#2", "255", "get", "u8", "#2", "get", "u4", "#5", "GET",
        "i4", "#5",
    ]);
    p.check(&[
        "BITFIELD", &f, "SET", "u1", "3", "1", "SET", "i64", "13", "-5", "GET", "i64", "13",
    ]);
    p.check(&[
        "BITFIELD", &f, "GET", "u63", "1", "GET", "i64", "0", "GET", "i1", "7", "GET", "u16",
        "1000",
    ]);
    p.check(&["GET", &f]);
    p.check(&["BITFIELD", &f]);
    p.check(&["BITFIELD", &none]);
    p.check(&["EXISTS", &none]);
    p.check(&["BITFIELD", &none, "GET", "u8", "0"]);
    p.check(&["EXISTS", &none]);
    p.check(&["BITFIELD_RO", &f, "GET", "i8", "0", "GET", "u8", "#1"]);
    p.check(&["BITFIELD_RO", &none, "GET", "i64", "0"]);
    p.check(&["BITFIELD_RO", &f]);
    p.check(&["BITFIELD_RO", &f, "SET", "u8", "0", "1"]);
    p.check(&["BITFIELD_RO", &f, "INCRBY", "u8", "0", "1"]);
    p.check(&["BITFIELD_RO", &f, "OVERFLOW", "SAT", "GET", "u8", "0"]);
    p.check(&["BITFIELD_RO", &f, "GET", "u8"]);
    p.check(&["BITFIELD_RO", &f, "SET", "u8", "x", "1"]);
    p.check(&["RPUSH", &l, "x"]);
    p.check(&["BITFIELD", &l]);
    p.check(&["BITFIELD", &l, "GET", "u8", "0"]);
    p.check(&["BITFIELD", &l, "SET", "u8", "0", "1"]);
    p.check(&["BITFIELD_RO", &l, "GET", "u8", "0"]);
    p.check(&["BITFIELD_RO", &l, "SET", "u8", "0", "1"]);
}

#[test]
fn bitfield_argument_errors() {
    let mut p = Pair::new();
    let f = k("bferr", "f");
    p.check(&["DEL", &f]);
    let cases: &[&[&str]] = &[
        &["GET", "u64", "0"],
        &["GET", "i65", "0"],
        &["GET", "i0", "0"],
        &["GET", "I8", "0"],
        &["GET", "x8", "0"],
        &["GET", "", "0"],
        &["GET", "u", "0"],
        &["GET", "u8", "-1"],
        &["GET", "u8", "#-1"],
        &["GET", "u8", "#x"],
        &["GET", "u8", "##1"],
        &["GET", "u8", "4294967296"],
        &["GET", "u8", "#536870912"],
        &["GET", "i64", "#67108864"],
        &["GET", "u8", "#536870911"],
        &["GET", "u8"],
        &["SET", "u8", "0"],
        &["SET", "u8", "0", "x"],
        &["SET", "u8", "0", "1.5"],
        &["INCRBY", "u8", "0", "99999999999999999999"],
        &["OVERFLOW"],
        &["OVERFLOW", "nope", "GET", "u8", "0"],
        &["OVERFLOW", "WRAP"],
        &["NOPE", "u8", "0"],
        &["GET", "u8", "0", "SET"],
        &["SET", "x8", "y", "z"],
        &["SET", "u8", "y", "z"],
        &["GET", "u8", "0", "OVERFLOW", "SAT", "GET", "x", "0"],
    ];
    for c in cases {
        let mut cmd = vec!["BITFIELD", f.as_str()];
        cmd.extend_from_slice(c);
        p.check(&cmd);
        cmd[0] = "BITFIELD_RO";
        p.check(&cmd);
    }
    p.check(&["EXISTS", &f]);
}

#[test]
fn bitfield_overflow_wrap_sat_fail() {
    let mut p = Pair::new();
    let f = k("overflow", "f");
    p.check(&["DEL", &f]);
    let extremes = [
        "0",
        "1",
        "-1",
        "127",
        "128",
        "-128",
        "-129",
        "255",
        "256",
        "9223372036854775807",
        "-9223372036854775808",
        "-9223372036854775681",
        "-9223372036854775680",
        "4611686018427387904",
    ];
    for ty in ["i1", "i2", "i8", "i63", "i64", "u1", "u8", "u62", "u63"] {
        for ow in ["WRAP", "SAT", "FAIL"] {
            for v in extremes {
                p.check(&[
                    "BITFIELD", &f, "OVERFLOW", ow, "SET", ty, "3", v, "GET", ty, "3",
                ]);
                for inc in extremes {
                    p.check(&["BITFIELD", &f, "OVERFLOW", ow, "INCRBY", ty, "3", inc]);
                }
                p.check(&["BITFIELD", &f, "GET", ty, "3"]);
            }
        }
    }
    p.check(&["GET", &f]);
    // OVERFLOW applies to the operations after it, until the next OVERFLOW.
    p.check(&[
        "BITFIELD", &f, "SET", "u8", "0", "250", "INCRBY", "u8", "0", "10", "OVERFLOW", "SAT",
        "INCRBY", "u8", "0", "300", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1", "OVERFLOW",
        "WRAP", "INCRBY", "u8", "0", "1",
    ]);
    // A failed write still grows (or creates) the string, as in Redis.
    let g = k("overflow", "g");
    p.check(&["DEL", &g]);
    p.check(&[
        "BITFIELD", &g, "OVERFLOW", "FAIL", "INCRBY", "u2", "100", "10",
    ]);
    p.check(&["GET", &g]);
}

/// A model of a bitmap: the bytes, grown with zeros on write.
fn model_setbit(m: &mut Vec<u8>, off: usize, on: bool) -> bool {
    if m.len() <= off / 8 {
        m.resize(off / 8 + 1, 0);
    }
    let mask = 0x80u8 >> (off % 8);
    let was = m[off / 8] & mask != 0;
    if on {
        m[off / 8] |= mask;
    } else {
        m[off / 8] &= !mask;
    }
    was
}

fn model_bits(m: &[u8]) -> Vec<bool> {
    (0..m.len() * 8)
        .map(|i| m[i / 8] & (0x80 >> (i % 8)) != 0)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// SETBIT/GETBIT/BITCOUNT/BITPOS agree with a byte-vector model and with Redis.
    #[test]
    fn bit_commands_agree_with_a_model(
        ops in proptest::collection::vec((0usize..200, any::<bool>()), 1..60),
        ranges in proptest::collection::vec((-30i64..30, -30i64..30, any::<bool>()), 1..10),
    ) {
        let mut p = Pair::new();
        let b = k("model", "b");
        p.check(&["DEL", &b]);
        let mut m = Vec::new();
        for &(off, on) in &ops {
            let was = model_setbit(&mut m, off, on);
            let o = off.to_string();
            prop_assert_eq!(p.check(&["SETBIT", &b, &o, if on { "1" } else { "0" }]).as_int(), was as i64);
            prop_assert_eq!(p.check(&["GETBIT", &b, &o]).as_int(), on as i64);
        }
        let bits = model_bits(&m);
        prop_assert_eq!(p.check(&["BITCOUNT", &b]).as_int(), bits.iter().filter(|&&x| x).count() as i64);
        prop_assert_eq!(p.check(&["GET", &b]).as_bytes(), m.clone());
        for &(s, e, in_bits) in &ranges {
            let unit = if in_bits { "BIT" } else { "BYTE" };
            let (ss, es) = (s.to_string(), e.to_string());
            // Model of an inclusive range in `unit`s over the bit vector.
            let total = if in_bits { bits.len() } else { m.len() } as i64;
            let fix = |i: i64| if i < 0 { (i + total).max(0) } else { i };
            let (lo, hi) = (fix(s), fix(e).min(total - 1));
            let scale = if in_bits { 1 } else { 8 };
            let range: Vec<usize> = if lo > hi {
                vec![]
            } else {
                ((lo * scale) as usize..((hi + 1) * scale) as usize).collect()
            };
            let ones = range.iter().filter(|&&i| bits[i]).count() as i64;
            let count = p.check(&["BITCOUNT", &b, &ss, &es, unit]).as_int();
            if !(s < 0 && e < 0 && s > e) {
                prop_assert_eq!(count, ones);
            }
            for (bit, want) in [("1", true), ("0", false)] {
                let pos = p.check(&["BITPOS", &b, bit, &ss, &es, unit]).as_int();
                let first = range.iter().find(|&&i| bits[i] == want).map_or(-1, |&i| i as i64);
                prop_assert_eq!(pos, first);
                p.check(&["BITPOS", &b, bit, &ss]);
            }
        }
    }

    /// BITOP results agree with byte-wise operations on zero-padded sources.
    #[test]
    fn bitop_agrees_with_a_model(
        srcs in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..12), 1..4),
        op in 0usize..4,
    ) {
        let mut p = Pair::new();
        let names: Vec<String> = (0..srcs.len()).map(|i| k("bitopmodel", &i.to_string())).collect();
        let d = k("bitopmodel", "d");
        p.check(&["DEL", &d]);
        for (n, v) in names.iter().zip(&srcs) {
            p.check(&["DEL", n]);
            if !v.is_empty() {
                set_bytes(&mut p, n, v);
            }
        }
        let op_name = ["AND", "OR", "XOR", "NOT"][op];
        let used = if op == 3 { &srcs[..1] } else { &srcs[..] };
        let len = used.iter().map(Vec::len).max().unwrap_or(0);
        let byte = |v: &Vec<u8>, i: usize| v.get(i).copied().unwrap_or(0);
        let want: Vec<u8> = (0..len)
            .map(|i| match op {
                0 => used.iter().fold(0xff, |a, v| a & byte(v, i)),
                1 => used.iter().fold(0, |a, v| a | byte(v, i)),
                2 => used.iter().fold(0, |a, v| a ^ byte(v, i)),
                _ => !byte(&used[0], i),
            })
            .collect();
        let mut cmd = vec!["BITOP", op_name, d.as_str()];
        cmd.extend(names[..used.len()].iter().map(String::as_str));
        prop_assert_eq!(p.check(&cmd).as_int(), len as i64);
        if len == 0 {
            prop_assert_eq!(p.check(&["EXISTS", &d]).as_int(), 0);
        } else {
            prop_assert_eq!(p.check(&["GET", &d]).as_bytes(), want);
        }
    }

    /// Random BITFIELD operations, with any width, offset, value and overflow mode, give Redis'
    /// replies and bytes.
    #[test]
    fn random_bitfields_match_redis(
        ops in proptest::collection::vec(
            (0usize..3, any::<bool>(), 1u32..=64, 0u64..80, any::<i64>(), 0usize..3, any::<bool>()),
            1..12,
        ),
    ) {
        let mut p = Pair::new();
        let f = k("bfprop", "f");
        p.check(&["DEL", &f]);
        let mut cmd: Vec<String> = vec!["BITFIELD".into(), f.clone()];
        for &(op, signed, bits, offset, value, ow, small) in &ops {
            let bits = if signed { bits } else { bits.min(63) };
            let value = if small { value % 300 } else { value };
            cmd.push("OVERFLOW".into());
            cmd.push(["WRAP", "SAT", "FAIL"][ow].into());
            cmd.push(["GET", "SET", "INCRBY"][op].into());
            cmd.push(format!("{}{bits}", if signed { 'i' } else { 'u' }));
            cmd.push(offset.to_string());
            if op > 0 {
                cmd.push(value.to_string());
            }
        }
        let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        p.check(&args);
        p.check(&["GET", &f]);
    }
}
