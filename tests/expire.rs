//! Differential tests for key expiry: EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT
//! (with NX, XX, GT, LT), TTL / PTTL, EXPIRETIME / PEXPIRETIME, PERSIST, the
//! effect of writes on TTLs, passive expiry on access and active expiry of keys
//! that are never read.
//!
//! Deterministic cases use absolute deadlines far in the future (year 3021:
//! 33177117420 s) so that EXPIRETIME/PEXPIRETIME replies can be compared byte
//! for byte. Relative TTLs are time-dependent and are checked with a
//! tolerance on each server instead.
//!
//! Tests on the shared servers prefix keys with `expire:<test>:`; the active
//! expiry test starts its own servers because it inspects DBSIZE and INFO.

mod common;
use common::*;

use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

/// Runs a time-dependent command on both servers; each must reply an integer
/// within [lo, hi].
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

const T1: &str = "33177117420000"; // ms, year 3021
const T2: &str = "33177117430000"; // T1 + 10 s
const T0: &str = "33177117410000"; // T1 - 10 s

const INCOMPAT_NX: &str = "ERR NX and XX, GT or LT options at the same time are not compatible";
const INCOMPAT_GT_LT: &str = "ERR GT and LT options at the same time are not compatible";
const NOT_INT: &str = "ERR value is not an integer or out of range";

// ---------------------------------------------------------------- TTL / PTTL / EXPIRETIME

#[test]
fn ttl_is_minus_one_without_expiry_and_minus_two_for_missing_key() {
    let mut p = Pair::new();
    p.check(&["SET", "expire:ttlcodes:k", "v"]);
    assert_int(&p.check(&["TTL", "expire:ttlcodes:k"]), -1);
    assert_int(&p.check(&["PTTL", "expire:ttlcodes:k"]), -1);
    assert_int(&p.check(&["EXPIRETIME", "expire:ttlcodes:k"]), -1);
    assert_int(&p.check(&["PEXPIRETIME", "expire:ttlcodes:k"]), -1);
    assert_int(&p.check(&["TTL", "expire:ttlcodes:missing"]), -2);
    assert_int(&p.check(&["PTTL", "expire:ttlcodes:missing"]), -2);
    assert_int(&p.check(&["EXPIRETIME", "expire:ttlcodes:missing"]), -2);
    assert_int(&p.check(&["PEXPIRETIME", "expire:ttlcodes:missing"]), -2);
    for cmd in ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST"] {
        let msg = format!(
            "ERR wrong number of arguments for '{}' command",
            cmd.to_lowercase()
        );
        assert_err(&p.check(&[cmd]), &msg);
        assert_err(&p.check(&[cmd, "a", "b"]), &msg);
    }
}

#[test]
fn expire_and_pexpire_set_relative_ttl() {
    let mut p = Pair::new();
    let k = "expire:relative:k";
    p.check(&["SET", k, "v"]);
    assert_int(&p.check(&["EXPIRE", k, "100"]), 1);
    int_within(&mut p, &["TTL", k], 99, 100);
    int_within(&mut p, &["PTTL", k], 98_000, 100_000);
    let now_s = now_ms() / 1000;
    int_within(&mut p, &["EXPIRETIME", k], now_s + 98, now_s + 102);
    assert_int(&p.check(&["PEXPIRE", k, "250000"]), 1);
    int_within(&mut p, &["TTL", k], 248, 250);
    int_within(&mut p, &["PTTL", k], 248_000, 250_000);
    let now = now_ms();
    int_within(&mut p, &["PEXPIRETIME", k], now + 248_000, now + 251_000);
    assert_bulk(&p.check(&["GET", k]), b"v");
    // missing key
    assert_int(&p.check(&["EXPIRE", "expire:relative:missing", "100"]), 0);
    assert_int(&p.check(&["PEXPIRE", "expire:relative:missing", "100"]), 0);
    assert_int(&p.check(&["EXISTS", "expire:relative:missing"]), 0);
}

#[test]
fn expireat_and_pexpireat_set_absolute_deadline() {
    let mut p = Pair::new();
    let k = "expire:absolute:k";
    p.check(&["SET", k, "v"]);
    assert_int(&p.check(&["EXPIREAT", k, "33177117420"]), 1);
    assert_int(&p.check(&["EXPIRETIME", k]), 33177117420);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_int(&p.check(&["PEXPIREAT", k, "33177117420123"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420123);
    int_within(&mut p, &["TTL", k], 31_000_000_000 - 1, 31_500_000_000);
    assert_int(
        &p.check(&["EXPIREAT", "expire:absolute:missing", "33177117420"]),
        0,
    );
    assert_int(&p.check(&["PEXPIREAT", "expire:absolute:missing", T1]), 0);
    // the maximal millisecond deadline is accepted
    assert_int(&p.check(&["PEXPIREAT", k, "9223372036854775807"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 9223372036854775807);
}

#[test]
fn expiretime_rounds_milliseconds_to_nearest_second() {
    let mut p = Pair::new();
    let k = "expire:expiretimeround:k";
    p.check(&["SET", k, "v"]);
    for (ms, secs) in [
        ("33177117420000", 33177117420i64),
        ("33177117420001", 33177117420),
        ("33177117420499", 33177117420),
        ("33177117420500", 33177117421),
        ("33177117420999", 33177117421),
    ] {
        assert_int(&p.check(&["PEXPIREAT", k, ms]), 1);
        assert_int(&p.check(&["EXPIRETIME", k]), secs);
    }
}

#[test]
fn ttl_rounds_remaining_milliseconds_to_nearest_second() {
    let mut p = Pair::new();
    // TTL reports (remaining_ms + 500) / 1000
    for (i, (px, expected)) in [("1800", 2i64), ("400", 0), ("700", 1), ("2300", 2)]
        .iter()
        .enumerate()
    {
        let k = format!("expire:ttlround:{}", i);
        let start = Instant::now();
        p.check(&["SET", &k, "v", "PX", px]);
        let (s, r) = p.both(&["TTL", &k]);
        if start.elapsed() < Duration::from_millis(150) {
            assert_int(&s, *expected);
            if let Some(r) = r {
                assert_int(&r, *expected);
            }
        }
    }
}

// ---------------------------------------------------------------- NX / XX / GT / LT

#[test]
fn expire_nx_sets_only_when_key_has_no_expiry() {
    let mut p = Pair::new();
    let k = "expire:nx:k";
    p.check(&["SET", k, "v"]);
    assert_int(&p.check(&["PEXPIREAT", k, T1, "NX"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_int(&p.check(&["PEXPIREAT", k, T2, "NX"]), 0);
    assert_int(&p.check(&["EXPIRE", k, "100", "nx"]), 0);
    assert_int(&p.check(&["PEXPIRE", k, "100", "NX"]), 0);
    assert_int(&p.check(&["EXPIREAT", k, "33177117500", "NX", "NX"]), 0);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_int(&p.check(&["EXPIRE", "expire:nx:missing", "100", "NX"]), 0);
}

#[test]
fn expire_xx_sets_only_when_key_has_an_expiry() {
    let mut p = Pair::new();
    let k = "expire:xx:k";
    p.check(&["SET", k, "v"]);
    assert_int(&p.check(&["PEXPIREAT", k, T1, "XX"]), 0);
    assert_int(&p.check(&["EXPIRE", k, "100", "xx"]), 0);
    assert_int(&p.check(&["TTL", k]), -1);
    p.check(&["PEXPIREAT", k, T1]);
    assert_int(&p.check(&["PEXPIREAT", k, T2, "XX"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117430000);
    assert_int(&p.check(&["PEXPIREAT", k, T0, "XX"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117410000);
    assert_int(&p.check(&["EXPIRE", k, "1000", "XX"]), 1);
    int_within(&mut p, &["TTL", k], 998, 1000);
}

#[test]
fn expire_gt_only_extends_and_treats_no_expiry_as_infinite() {
    let mut p = Pair::new();
    let k = "expire:gt:k";
    p.check(&["SET", k, "v"]);
    // no expiry counts as infinite: nothing is greater
    assert_int(&p.check(&["PEXPIREAT", k, T1, "GT"]), 0);
    assert_int(&p.check(&["EXPIRE", k, "100", "GT"]), 0);
    assert_int(&p.check(&["TTL", k]), -1);
    p.check(&["PEXPIREAT", k, T1]);
    assert_int(&p.check(&["PEXPIREAT", k, T0, "GT"]), 0);
    assert_int(&p.check(&["PEXPIREAT", k, T1, "GT"]), 0);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_int(&p.check(&["PEXPIREAT", k, T2, "gt"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117430000);
    // XX combined with GT
    assert_int(&p.check(&["EXPIREAT", k, "33177117440", "XX", "GT"]), 1);
    assert_int(&p.check(&["EXPIRETIME", k]), 33177117440);
    assert_int(&p.check(&["EXPIRE", k, "100", "GT", "XX"]), 0);
    assert_int(&p.check(&["EXPIRETIME", k]), 33177117440);
}

#[test]
fn expire_lt_only_shortens_and_applies_to_keys_without_expiry() {
    let mut p = Pair::new();
    let k = "expire:lt:k";
    p.check(&["SET", k, "v"]);
    // no expiry counts as infinite: any deadline is lower
    assert_int(&p.check(&["PEXPIREAT", k, T1, "LT"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_int(&p.check(&["PEXPIREAT", k, T2, "LT"]), 0);
    assert_int(&p.check(&["PEXPIREAT", k, T1, "LT"]), 0);
    assert_int(&p.check(&["PEXPIREAT", k, T0, "lt"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117410000);
    assert_int(&p.check(&["EXPIRE", k, "1000", "LT", "XX"]), 1);
    int_within(&mut p, &["TTL", k], 998, 1000);
    assert_int(&p.check(&["EXPIRE", k, "5000", "LT"]), 0);
    int_within(&mut p, &["TTL", k], 998, 1000);
    // XX + LT on a key without expiry: XX fails
    p.check(&["PERSIST", k]);
    assert_int(&p.check(&["EXPIRE", k, "100", "XX", "LT"]), 0);
    assert_int(&p.check(&["TTL", k]), -1);
}

#[test]
fn expire_rejects_incompatible_and_unknown_options() {
    let mut p = Pair::new();
    let k = "expire:badopts:k";
    p.check(&["SET", k, "v"]);
    let cases: &[(&[&str], &str)] = &[
        (&["NX", "XX"], INCOMPAT_NX),
        (&["XX", "NX"], INCOMPAT_NX),
        (&["NX", "GT"], INCOMPAT_NX),
        (&["LT", "NX"], INCOMPAT_NX),
        (&["GT", "LT", "NX"], INCOMPAT_NX),
        (&["GT", "LT"], INCOMPAT_GT_LT),
        (&["lt", "gt"], INCOMPAT_GT_LT),
        (&["XX", "GT", "LT"], INCOMPAT_GT_LT),
        (&["foo"], "ERR Unsupported option foo"),
        (&["NX", "bar"], "ERR Unsupported option bar"),
        (&["100"], "ERR Unsupported option 100"),
    ];
    for cmd in ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"] {
        let when = if cmd.ends_with("AT") { T1 } else { "100000" };
        for (opts, msg) in cases {
            let mut args = vec![cmd, k, when];
            args.extend_from_slice(opts);
            assert_err(&p.check(&args), msg);
        }
        // options are checked even when the key is missing, and before the time
        assert_err(
            &p.check(&[cmd, "expire:badopts:missing", when, "NX", "XX"]),
            INCOMPAT_NX,
        );
        assert_err(
            &p.check(&[cmd, "expire:badopts:missing", "abc", "GT", "LT"]),
            INCOMPAT_GT_LT,
        );
    }
    assert_int(&p.check(&["TTL", k]), -1);
}

#[test]
fn expire_reports_wrong_number_of_arguments() {
    let mut p = Pair::new();
    for cmd in ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"] {
        let msg = format!(
            "ERR wrong number of arguments for '{}' command",
            cmd.to_lowercase()
        );
        assert_err(&p.check(&[cmd]), &msg);
        assert_err(&p.check(&[cmd, "expire:arity:k"]), &msg);
    }
}

// ---------------------------------------------------------------- deleting / invalid times

#[test]
fn expire_with_non_positive_or_past_time_deletes_the_key() {
    let mut p = Pair::new();
    let k = "expire:past:k";
    let cases: &[&[&str]] = &[
        &["EXPIRE", k, "0"],
        &["EXPIRE", k, "-1"],
        &["PEXPIRE", k, "0"],
        &["PEXPIRE", k, "-100"],
        &["EXPIREAT", k, "1"],
        &["EXPIREAT", k, "0"],
        &["PEXPIREAT", k, "1000"],
        &["PEXPIREAT", k, "-9223372036854775808"],
        &["PEXPIRE", k, "-9223372036854775808"],
        &["EXPIRE", k, "-9223372036854775"],
        &["EXPIREAT", k, "-9223372036854775"],
        // NX on a key without expiry applies, so the key is deleted
        &["EXPIRE", k, "0", "NX"],
        // LT: a past time is lower than "no expiry"
        &["PEXPIREAT", k, "1", "LT"],
    ];
    for c in cases {
        assert_ok(&p.check(&["SET", k, "v"]));
        assert_int(&p.check(c), 1);
        assert_int(&p.check(&["EXISTS", k]), 0);
        assert_nil(&p.check(&["GET", k]));
        assert_int(&p.check(&["TTL", k]), -2);
    }
    // conditions that do not apply leave the key alone
    assert_ok(&p.check(&["SET", k, "v"]));
    assert_int(&p.check(&["EXPIRE", k, "-5", "XX"]), 0);
    assert_int(&p.check(&["EXPIRE", k, "-5", "GT"]), 0);
    assert_int(&p.check(&["EXISTS", k]), 1);
    assert_ok(&p.check(&["SET", k, "v", "EX", "100"]));
    assert_int(&p.check(&["PEXPIREAT", k, "1", "GT"]), 0);
    assert_int(&p.check(&["PEXPIREAT", k, "1", "NX"]), 0);
    assert_int(&p.check(&["EXISTS", k]), 1);
    assert_int(&p.check(&["PEXPIREAT", k, "1", "XX"]), 1);
    assert_int(&p.check(&["EXISTS", k]), 0);
    // missing key: 0
    assert_int(&p.check(&["EXPIRE", k, "0"]), 0);
}

#[test]
fn expire_rejects_times_that_overflow() {
    let mut p = Pair::new();
    let k = "expire:overflow:k";
    p.check(&["SET", k, "v"]);
    let cases: &[(&str, &str)] = &[
        ("EXPIRE", "9223372036854775807"),
        ("EXPIRE", "9223372036854775"),
        ("EXPIRE", "9223372036854776"),
        ("PEXPIRE", "9223372036854775807"),
        ("PEXPIRE", "9223372036854775000"),
        ("EXPIREAT", "9223372036854775807"),
        ("EXPIREAT", "9223372036854776"),
        // seconds whose millisecond value underflows
        ("EXPIRE", "-9223372036854775808"),
        ("EXPIRE", "-9223372036854776"),
        ("EXPIREAT", "-9223372036854775807"),
        ("EXPIREAT", "-9223372036854776"),
    ];
    for (cmd, t) in cases {
        let msg = format!(
            "ERR invalid expire time in '{}' command",
            cmd.to_lowercase()
        );
        assert_err(&p.check(&[cmd, k, t]), &msg);
        // also for a missing key
        assert_err(&p.check(&[cmd, "expire:overflow:missing", t]), &msg);
    }
    // the largest seconds deadline that still fits in milliseconds
    assert_int(&p.check(&["EXPIREAT", k, "9223372036854775"]), 1);
    assert_int(&p.check(&["PEXPIRETIME", k]), 9223372036854775000);
    p.check(&["PERSIST", k]);
    for cmd in ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"] {
        for t in ["abc", "1.5", "", " 1", "9223372036854775808", "1e3"] {
            assert_err(&p.check(&[cmd, k, t]), NOT_INT);
        }
    }
    assert_int(&p.check(&["TTL", k]), -1);
    assert_bulk(&p.check(&["GET", k]), b"v");
}

// ---------------------------------------------------------------- PERSIST and writes

#[test]
fn persist_removes_expiry() {
    let mut p = Pair::new();
    let k = "expire:persist:k";
    p.check(&["SET", k, "v", "PXAT", T1]);
    assert_int(&p.check(&["PERSIST", k]), 1);
    assert_int(&p.check(&["TTL", k]), -1);
    assert_int(&p.check(&["PERSIST", k]), 0);
    assert_int(&p.check(&["PERSIST", "expire:persist:missing"]), 0);
    assert_bulk(&p.check(&["GET", k]), b"v");
}

#[test]
fn set_clears_ttl_unless_keepttl() {
    let mut p = Pair::new();
    let k = "expire:setclears:k";
    p.check(&["SET", k, "a", "PXAT", T1]);
    assert_ok(&p.check(&["SET", k, "b"]));
    assert_int(&p.check(&["TTL", k]), -1);
    p.check(&["SET", k, "a", "PXAT", T1]);
    assert_ok(&p.check(&["SET", k, "c", "KEEPTTL"]));
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_ok(&p.check(&["SET", k, "d", "XX"]));
    assert_int(&p.check(&["TTL", k]), -1);
    p.check(&["SET", k, "a", "PXAT", T1]);
    assert_bulk(&p.check(&["SET", k, "e", "GET"]), b"a");
    assert_int(&p.check(&["TTL", k]), -1);
    // other overwriting commands also clear the TTL
    p.check(&["SET", k, "a", "PXAT", T1]);
    p.check(&["GETSET", k, "f"]);
    assert_int(&p.check(&["TTL", k]), -1);
    p.check(&["SET", k, "a", "PXAT", T1]);
    p.check(&["MSET", k, "g"]);
    assert_int(&p.check(&["TTL", k]), -1);
    p.check(&["SET", k, "a", "PXAT", T1]);
    p.check(&["SETEX", k, "100", "h"]);
    int_within(&mut p, &["TTL", k], 99, 100);
    // in-place modifications keep the TTL
    p.check(&["SET", k, "1", "PXAT", T1]);
    for c in [
        &["APPEND", k, "0"][..],
        &["INCR", k],
        &["DECRBY", k, "3"],
        &["INCRBYFLOAT", k, "0.5"],
        &["SETRANGE", k, "0", "7"],
    ] {
        p.check(c);
        assert_int(&p.check(&["PEXPIREAT", k, T1, "GT"]), 0);
        assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    }
    // deleting and recreating a key forgets the TTL
    p.check(&["DEL", k]);
    p.check(&["SET", k, "x"]);
    assert_int(&p.check(&["TTL", k]), -1);
}

#[test]
fn getex_persist_removes_ttl_and_getex_sets_it() {
    let mut p = Pair::new();
    let k = "expire:getex:k";
    p.check(&["SET", k, "v", "PXAT", T1]);
    assert_bulk(&p.check(&["GETEX", k]), b"v");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_bulk(&p.check(&["GETEX", k, "PERSIST"]), b"v");
    assert_int(&p.check(&["TTL", k]), -1);
    assert_bulk(&p.check(&["GETEX", k, "PXAT", T2]), b"v");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117430000);
    assert_bulk(&p.check(&["GETEX", k, "EX", "100"]), b"v");
    int_within(&mut p, &["TTL", k], 99, 100);
}

// ---------------------------------------------------------------- real expiry

#[test]
fn millisecond_expiry_actually_expires() {
    let mut p = Pair::new();
    let pre = "expire:ms:";
    let keys: Vec<String> = (0..6).map(|i| format!("{}{}", pre, i)).collect();
    assert_ok(&p.check(&["SET", &keys[0], "v", "PX", "50"]));
    assert_bulk(&p.check(&["GET", &keys[0]]), b"v");
    assert_ok(&p.check(&["PSETEX", &keys[1], "50", "v"]));
    p.check(&["SET", &keys[2], "5"]);
    assert_int(&p.check(&["PEXPIRE", &keys[2], "50"]), 1);
    p.check(&["SET", &keys[3], "abc"]);
    let at = (now_ms() + 50).to_string();
    assert_int(&p.check(&["PEXPIREAT", &keys[3], &at]), 1);
    p.check(&["SET", &keys[4], "v", "PX", "60000"]);
    p.check(&["SET", &keys[5], "v", "PX", "50"]);
    std::thread::sleep(Duration::from_millis(120));
    assert_nil(&p.check(&["GET", &keys[0]]));
    assert_int(&p.check(&["EXISTS", &keys[1]]), 0);
    assert_int(&p.check(&["TTL", &keys[1]]), -2);
    assert_int(&p.check(&["PTTL", &keys[1]]), -2);
    // an expired value is not used by read-modify-write commands
    assert_int(&p.check(&["INCR", &keys[2]]), 1);
    assert_int(&p.check(&["TTL", &keys[2]]), -1);
    assert_int(&p.check(&["APPEND", &keys[3], "x"]), 1);
    assert_bulk(&p.check(&["GET", &keys[3]]), b"x");
    assert_int(&p.check(&["TTL", &keys[3]]), -1);
    assert_bulk(&p.check(&["GET", &keys[4]]), b"v");
    // NX sees the expired key as missing
    assert_ok(&p.check(&["SET", &keys[5], "new", "NX"]));
    assert_bulk(&p.check(&["GET", &keys[5]]), b"new");
    assert_int(&p.check(&["TTL", &keys[5]]), -1);
}

#[test]
fn expired_keys_are_invisible_to_every_read_command() {
    let mut p = Pair::new();
    let k = "expire:invisible:k";
    let k2 = "expire:invisible:k2";
    p.check(&["SET", k, "hello", "PX", "30"]);
    p.check(&["SET", k2, "world", "PX", "30"]);
    std::thread::sleep(Duration::from_millis(100));
    assert_int(&p.check(&["STRLEN", k]), 0);
    assert_bulk(&p.check(&["GETRANGE", k, "0", "-1"]), b"");
    p.check(&["MGET", k, k2]);
    assert_nil(&p.check(&["GETDEL", k]));
    assert_nil(&p.check(&["GETEX", k2, "PERSIST"]));
    let v = p.check_sorted(&["KEYS", "expire:invisible:*"]);
    assert!(
        matches!(&v, Value::Array(Some(a)) if a.is_empty()),
        "KEYS lists expired keys: {}",
        show(&v)
    );
    assert_int(&p.check(&["EXPIRE", k, "100"]), 0);
    assert_int(&p.check(&["PERSIST", k]), 0);
    assert_int(&p.check(&["TOUCH", k, k2]), 0);
    assert!(matches!(p.check(&["TYPE", k]), Value::Status(s) if s == "none"));
    assert_int(&p.check(&["DEL", k, k2]), 0);
    assert_err(
        &p.check(&["RENAME", k, "expire:invisible:other"]),
        "ERR no such key",
    );
    assert_int(&p.check(&["COPY", k, "expire:invisible:other"]), 0);
}

fn fill_expiring(server: &Server, n: usize, px: &str) {
    let mut c = server.client();
    let mut buf = Vec::new();
    for i in 0..n {
        let k = format!("active:{}", i);
        let parts: [&[u8]; 5] = [b"SET", k.as_bytes(), b"v", b"PX", px.as_bytes()];
        buf.extend_from_slice(format!("*{}\r\n", parts.len()).as_bytes());
        for a in parts {
            buf.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            buf.extend_from_slice(a);
            buf.extend_from_slice(b"\r\n");
        }
    }
    c.send_raw(&buf);
    for _ in 0..n {
        assert_ok(&c.read_value());
    }
    assert_ok(&c.cmd(&["SET", "persistent", "p"]));
}

#[test]
fn active_expiry_removes_keys_that_are_never_read() {
    let s = Server::strata();
    let r = Server::redis();
    let mut servers: Vec<(&str, &Server)> = vec![("strata", &s)];
    if let Some(r) = r.as_ref() {
        servers.push(("redis", r));
    }
    let n = 2000;
    let mut filled_at = Vec::new();
    for (who, srv) in &servers {
        fill_expiring(srv, n, "200");
        filled_at.push(Instant::now());
        let mut c = srv.client();
        let info = c.cmd(&["INFO", "keyspace"]).as_str();
        let db0 = info_field(&info, "db0").unwrap_or_default();
        // keys that already expired may be gone; the persistent one is there
        assert!(
            db0.starts_with("keys="),
            "{}: INFO keyspace lacks db0 before expiry: {:?}",
            who,
            info
        );
        let before = info_field(&c.cmd(&["INFO", "stats"]).as_str(), "expired_keys");
        let before: i64 = before.and_then(|v| v.parse().ok()).unwrap_or(-1);
        assert!(
            (0..=2000).contains(&before),
            "{}: INFO stats expired_keys before expiry: {}",
            who,
            before
        );
    }
    for (i, (who, srv)) in servers.iter().enumerate() {
        let mut c = srv.client();
        // deadline: 200 ms TTL + ~1.5 s for the active cycle
        let deadline = filled_at[i] + Duration::from_millis(1700);
        let mut size;
        loop {
            size = c.cmd(&["DBSIZE"]).as_int();
            if size == 1 || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(
            size, 1,
            "{}: DBSIZE still {} ~1.5 s after 2000 keys with PX 200 expired (never read)",
            who, size
        );
        let info = c.cmd(&["INFO", "keyspace"]).as_str();
        let db0 = info_field(&info, "db0").unwrap_or_default();
        assert!(
            db0.starts_with("keys=1,expires=0"),
            "{}: INFO keyspace db0 = {:?}",
            who,
            db0
        );
        let stats = c.cmd(&["INFO", "stats"]).as_str();
        assert_eq!(
            info_field(&stats, "expired_keys").as_deref(),
            Some("2000"),
            "{}: INFO stats expired_keys after active expiry",
            who
        );
        assert_bulk(&c.cmd(&["GET", "persistent"]), b"p");
    }
}

#[test]
fn info_keyspace_counts_keys_with_expiry() {
    let s = Server::strata();
    let r = Server::redis();
    let mut p = Pair::on(&s, r.as_ref());
    let (si, ri) = p.both(&["INFO", "keyspace"]);
    let si = si.as_str();
    assert!(
        info_field(&si, "db0").is_none(),
        "empty db must not be listed: {:?}",
        si
    );
    assert!(si.starts_with("# Keyspace"), "{:?}", si);
    if let Some(ri) = ri {
        assert!(info_field(&ri.as_str(), "db0").is_none());
    }
    p.check(&["MSET", "a", "1", "b", "2", "c", "3"]);
    p.check(&["EXPIRE", "a", "1000"]);
    p.check(&["PEXPIREAT", "b", T1]);
    p.check(&["SELECT", "5"]);
    p.check(&["SET", "z", "1", "EX", "100"]);
    let (si, ri) = p.both(&["INFO", "keyspace"]);
    for (who, info) in [("strata", Some(si)), ("redis", ri)] {
        if let Some(info) = info {
            let info = info.as_str();
            let db0 = info_field(&info, "db0").unwrap_or_default();
            assert!(
                db0.starts_with("keys=3,expires=2,avg_ttl="),
                "{}: {:?}",
                who,
                info
            );
            let db5 = info_field(&info, "db5").unwrap_or_default();
            assert!(
                db5.starts_with("keys=1,expires=1,avg_ttl="),
                "{}: {:?}",
                who,
                info
            );
            assert!(info_field(&info, "db1").is_none(), "{}: {:?}", who, info);
        }
    }
    p.check(&["PERSIST", "z"]);
    let (si, _) = p.both(&["INFO", "keyspace"]);
    let db5 = info_field(&si.as_str(), "db5").unwrap_or_default();
    assert!(db5.starts_with("keys=1,expires=0,avg_ttl=0"), "{:?}", db5);
}
