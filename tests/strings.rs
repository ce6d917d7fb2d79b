//! Differential tests for the string commands: every command sequence is sent
//! to Strata and (when available) to a real redis-server 7.0, and the replies
//! are compared byte for byte by `Pair::check`. Every test additionally
//! asserts the expected Redis 7.0 behaviour itself, so it still fails on a
//! wrong Strata reply when no redis-server is installed.
//!
//! All keys are prefixed with `strings:<test>:` because the tests share one
//! Strata and one redis server per test binary and run in parallel.

mod common;
use common::*;

// ---------------------------------------------------------------- helpers

/// Runs a command on both servers; asserts each reply is an integer in [lo, hi]
/// (for time-dependent replies like TTL).
const SYNTAX: &str = "ERR syntax error";
const NOT_INT: &str = "ERR value is not an integer or out of range";
const NOT_FLOAT: &str = "ERR value is not a valid float";
const OVERFLOW: &str = "ERR increment or decrement would overflow";
const NAN_INF: &str = "ERR increment would produce NaN or Infinity";

// ---------------------------------------------------------------- GET / SET

#[test]
fn get_returns_nil_for_missing_key_and_value_after_set() {
    let mut p = Pair::new();
    assert_nil(&p.check(&["GET", "strings:get:missing"]));
    assert_ok(&p.check(&["SET", "strings:get:k", "hello"]));
    assert_bulk(&p.check(&["GET", "strings:get:k"]), b"hello");
    assert_ok(&p.check(&["SET", "strings:get:k", "world"]));
    assert_bulk(&p.check(&["GET", "strings:get:k"]), b"world");
    assert_ok(&p.check(&["SET", "strings:get:empty", ""]));
    assert_bulk(&p.check(&["GET", "strings:get:empty"]), b"");
    assert_int(&p.check(&["EXISTS", "strings:get:empty"]), 1);
    // command names are case-insensitive
    assert_ok(&p.check(&["set", "strings:get:lower", "x"]));
    assert_bulk(&p.check(&["gEt", "strings:get:lower"]), b"x");
}

#[test]
fn set_nx_does_not_overwrite_existing_key() {
    let mut p = Pair::new();
    assert_ok(&p.check(&["SET", "strings:setnx:k", "v1", "NX"]));
    assert_nil(&p.check(&["SET", "strings:setnx:k", "v2", "NX"]));
    assert_bulk(&p.check(&["GET", "strings:setnx:k"]), b"v1");
    assert_nil(&p.check(&["set", "strings:setnx:k", "v3", "nx"]));
    assert_bulk(&p.check(&["GET", "strings:setnx:k"]), b"v1");
}

#[test]
fn set_xx_only_overwrites_existing_key() {
    let mut p = Pair::new();
    assert_nil(&p.check(&["SET", "strings:setxx:k", "v1", "XX"]));
    assert_int(&p.check(&["EXISTS", "strings:setxx:k"]), 0);
    assert_ok(&p.check(&["SET", "strings:setxx:k", "v1"]));
    assert_ok(&p.check(&["SET", "strings:setxx:k", "v2", "XX"]));
    assert_bulk(&p.check(&["GET", "strings:setxx:k"]), b"v2");
}

#[test]
fn set_get_returns_previous_value() {
    let mut p = Pair::new();
    let k = "strings:setget:k";
    assert_nil(&p.check(&["SET", k, "a", "GET"]));
    assert_bulk(&p.check(&["GET", k]), b"a");
    assert_bulk(&p.check(&["SET", k, "b", "GET"]), b"a");
    assert_bulk(&p.check(&["GET", k]), b"b");
    // GET may be repeated
    assert_bulk(&p.check(&["SET", k, "c", "get", "get"]), b"b");
    // XX + GET on a missing key: nil and nothing is written
    assert_nil(&p.check(&["SET", "strings:setget:missing", "x", "XX", "GET"]));
    assert_int(&p.check(&["EXISTS", "strings:setget:missing"]), 0);
    // XX + GET on an existing key: old value, new value written
    assert_bulk(&p.check(&["SET", k, "d", "XX", "GET"]), b"c");
    assert_bulk(&p.check(&["GET", k]), b"d");
}

#[test]
fn set_nx_with_get_is_allowed_since_7_0() {
    let mut p = Pair::new();
    let k = "strings:setnxget:k";
    // missing key: set, reply nil
    assert_nil(&p.check(&["SET", k, "first", "NX", "GET"]));
    assert_bulk(&p.check(&["GET", k]), b"first");
    // existing key: not set, reply old value
    assert_bulk(&p.check(&["SET", k, "second", "GET", "NX"]), b"first");
    assert_bulk(&p.check(&["GET", k]), b"first");
}

#[test]
fn set_ex_and_px_set_relative_ttl() {
    let mut p = Pair::new();
    assert_ok(&p.check(&["SET", "strings:setex:a", "v", "EX", "100"]));
    int_within(&mut p, &["TTL", "strings:setex:a"], 99, 100);
    int_within(&mut p, &["PTTL", "strings:setex:a"], 98_000, 100_000);
    assert_ok(&p.check(&["SET", "strings:setex:b", "v", "PX", "100000"]));
    int_within(&mut p, &["PTTL", "strings:setex:b"], 98_000, 100_000);
    assert_ok(&p.check(&["SET", "strings:setex:c", "v", "ex", "5", "nx"]));
    int_within(&mut p, &["TTL", "strings:setex:c"], 4, 5);
    // EX given twice: the last one wins
    assert_ok(&p.check(&["SET", "strings:setex:d", "v", "EX", "10", "EX", "2000"]));
    int_within(&mut p, &["TTL", "strings:setex:d"], 1998, 2000);
    assert_bulk(&p.check(&["GET", "strings:setex:d"]), b"v");
}

#[test]
fn set_exat_and_pxat_set_absolute_expiry() {
    let mut p = Pair::new();
    assert_ok(&p.check(&["SET", "strings:setat:a", "v", "EXAT", "33177117420"]));
    assert_int(&p.check(&["EXPIRETIME", "strings:setat:a"]), 33177117420);
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:setat:a"]),
        33177117420000,
    );
    assert_ok(&p.check(&["SET", "strings:setat:b", "v", "PXAT", "33177117420123"]));
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:setat:b"]),
        33177117420123,
    );
    // PXAT at the very end of the i64 range is accepted
    assert_ok(&p.check(&["SET", "strings:setat:c", "v", "PXAT", "9223372036854775807"]));
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:setat:c"]),
        9223372036854775807,
    );
    // EXAT whose millisecond value still fits in i64
    assert_ok(&p.check(&["SET", "strings:setat:d", "v", "EXAT", "9223372036854775"]));
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:setat:d"]),
        9223372036854775000,
    );
}

#[test]
fn set_exat_in_the_past_deletes_the_key() {
    let mut p = Pair::new();
    let k = "strings:setpast:k";
    assert_ok(&p.check(&["SET", k, "old"]));
    assert_ok(&p.check(&["SET", k, "v", "EXAT", "1"]));
    assert_nil(&p.check(&["GET", k]));
    assert_int(&p.check(&["EXISTS", k]), 0);
    assert_ok(&p.check(&["SET", k, "old2"]));
    // GET still returns the value that was there before
    assert_bulk(&p.check(&["SET", k, "v", "PXAT", "1", "GET"]), b"old2");
    assert_int(&p.check(&["EXISTS", k]), 0);
    assert_nil(&p.check(&["SET", k, "v", "PXAT", "1000", "GET"]));
    assert_int(&p.check(&["EXISTS", k]), 0);
}

#[test]
fn set_keepttl_retains_existing_expiry() {
    let mut p = Pair::new();
    let k = "strings:keepttl:k";
    assert_ok(&p.check(&["SET", k, "v1", "PXAT", "33177117420555"]));
    assert_ok(&p.check(&["SET", k, "v2", "KEEPTTL"]));
    assert_bulk(&p.check(&["GET", k]), b"v2");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420555);
    assert_bulk(&p.check(&["SET", k, "v3", "keepttl", "GET", "XX"]), b"v2");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420555);
    assert_ok(&p.check(&["SET", k, "v4", "KEEPTTL", "KEEPTTL"]));
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420555);
    // plain SET removes the expiry
    assert_ok(&p.check(&["SET", k, "v5"]));
    assert_int(&p.check(&["PEXPIRETIME", k]), -1);
    // KEEPTTL on a key without TTL / missing key: no TTL
    assert_ok(&p.check(&["SET", "strings:keepttl:new", "v", "KEEPTTL"]));
    assert_int(&p.check(&["TTL", "strings:keepttl:new"]), -1);
}

#[test]
fn set_rejects_conflicting_or_unknown_options_with_syntax_error() {
    let mut p = Pair::new();
    let k = "strings:setsyntax:k";
    assert_ok(&p.check(&["SET", k, "orig"]));
    let bad: &[&[&str]] = &[
        &["NX", "XX"],
        &["XX", "NX"],
        &["EX", "10", "PX", "100"],
        &["PX", "100", "EX", "10"],
        &["EX", "10", "EXAT", "33177117420"],
        &["PX", "10", "PXAT", "33177117420000"],
        &["EXAT", "33177117420", "PXAT", "33177117420000"],
        &["EX", "10", "KEEPTTL"],
        &["KEEPTTL", "EX", "10"],
        &["KEEPTTL", "PX", "10"],
        &["KEEPTTL", "EXAT", "33177117420"],
        &["PXAT", "33177117420000", "KEEPTTL"],
        &["EX"],
        &["PX"],
        &["EXAT"],
        &["PXAT"],
        &["NX", "EX"],
        &["FOO"],
        &["PERSIST"],
        &["GETX"],
        &["EX", "10", "FOO"],
        &["NX", "NX", "XX"],
        &["10"],
    ];
    for opts in bad {
        let mut args = vec!["SET", k, "new"];
        args.extend_from_slice(opts);
        let v = p.check(&args);
        assert_err(&v, SYNTAX);
    }
    // nothing was modified
    assert_bulk(&p.check(&["GET", k]), b"orig");
    assert_int(&p.check(&["TTL", k]), -1);
}

#[test]
fn set_rejects_invalid_expire_times() {
    let mut p = Pair::new();
    let k = "strings:setbadexp:k";
    assert_ok(&p.check(&["SET", k, "orig"]));
    let invalid: &[&[&str]] = &[
        &["EX", "0"],
        &["EX", "-1"],
        &["PX", "0"],
        &["PX", "-100"],
        &["EXAT", "0"],
        &["EXAT", "-5"],
        &["PXAT", "0"],
        &["PXAT", "-1"],
        &["EX", "9223372036854775807"],
        &["EX", "9223372036854776"],
        // relative expiry whose absolute deadline overflows
        &["EX", "9223372036854775"],
        &["PX", "9223372036854775807"],
        &["EXAT", "9223372036854776"],
        &["EXAT", "9223372036854775807"],
        &["ex", "0", "nx"],
    ];
    for opts in invalid {
        let mut args = vec!["SET", k, "new"];
        args.extend_from_slice(opts);
        let v = p.check(&args);
        assert_err(&v, "ERR invalid expire time in 'set' command");
    }
    let not_int: &[&[&str]] = &[
        &["EX", "abc"],
        &["EX", "1.5"],
        &["PX", "10ms"],
        &["EX", " 10"],
        &["EX", ""],
        &["PXAT", "99999999999999999999"],
        &["EX", "-9223372036854775809"],
    ];
    for opts in not_int {
        let mut args = vec!["SET", k, "new"];
        args.extend_from_slice(opts);
        let v = p.check(&args);
        assert_err(&v, NOT_INT);
    }
    assert_bulk(&p.check(&["GET", k]), b"orig");
    assert_int(&p.check(&["TTL", k]), -1);
}

#[test]
fn set_and_get_report_wrong_number_of_arguments() {
    let mut p = Pair::new();
    assert_err(
        &p.check(&["GET"]),
        "ERR wrong number of arguments for 'get' command",
    );
    assert_err(
        &p.check(&["GET", "a", "b"]),
        "ERR wrong number of arguments for 'get' command",
    );
    assert_err(
        &p.check(&["SET"]),
        "ERR wrong number of arguments for 'set' command",
    );
    assert_err(
        &p.check(&["SET", "strings:arity:k"]),
        "ERR wrong number of arguments for 'set' command",
    );
    assert_int(&p.check(&["EXISTS", "strings:arity:k"]), 0);
}

// ---------------------------------------------------------------- SETNX / SETEX / PSETEX

#[test]
fn setnx_sets_only_missing_key() {
    let mut p = Pair::new();
    let k = "strings:setnxcmd:k";
    assert_int(&p.check(&["SETNX", k, "a"]), 1);
    assert_int(&p.check(&["SETNX", k, "b"]), 0);
    assert_bulk(&p.check(&["GET", k]), b"a");
    assert_err(
        &p.check(&["SETNX", k]),
        "ERR wrong number of arguments for 'setnx' command",
    );
    assert_err(
        &p.check(&["SETNX", k, "a", "b"]),
        "ERR wrong number of arguments for 'setnx' command",
    );
}

#[test]
fn setex_and_psetex_set_value_with_ttl() {
    let mut p = Pair::new();
    assert_ok(&p.check(&["SET", "strings:setexcmd:a", "old"]));
    assert_ok(&p.check(&["SETEX", "strings:setexcmd:a", "100", "v"]));
    assert_bulk(&p.check(&["GET", "strings:setexcmd:a"]), b"v");
    int_within(&mut p, &["TTL", "strings:setexcmd:a"], 99, 100);
    assert_ok(&p.check(&["PSETEX", "strings:setexcmd:b", "100000", "w"]));
    assert_bulk(&p.check(&["GET", "strings:setexcmd:b"]), b"w");
    int_within(&mut p, &["PTTL", "strings:setexcmd:b"], 98_000, 100_000);
}

#[test]
fn setex_and_psetex_reject_invalid_ttl() {
    let mut p = Pair::new();
    let k = "strings:setexbad:k";
    for ttl in ["0", "-1", "9223372036854775807", "9223372036854776"] {
        assert_err(
            &p.check(&["SETEX", k, ttl, "v"]),
            "ERR invalid expire time in 'setex' command",
        );
    }
    for ttl in ["0", "-1", "9223372036854775807"] {
        assert_err(
            &p.check(&["PSETEX", k, ttl, "v"]),
            "ERR invalid expire time in 'psetex' command",
        );
    }
    for ttl in ["abc", "1.5", "", "10 "] {
        assert_err(&p.check(&["SETEX", k, ttl, "v"]), NOT_INT);
        assert_err(&p.check(&["PSETEX", k, ttl, "v"]), NOT_INT);
    }
    assert_int(&p.check(&["EXISTS", k]), 0);
    assert_err(
        &p.check(&["SETEX", k, "10"]),
        "ERR wrong number of arguments for 'setex' command",
    );
    assert_err(
        &p.check(&["PSETEX", k, "10"]),
        "ERR wrong number of arguments for 'psetex' command",
    );
}

// ---------------------------------------------------------------- MGET / MSET / MSETNX

#[test]
fn mget_returns_nil_for_missing_keys_in_order() {
    let mut p = Pair::new();
    assert_ok(&p.check(&["MSET", "strings:mget:a", "1", "strings:mget:b", "2"]));
    let v = items(p.check(&[
        "MGET",
        "strings:mget:a",
        "strings:mget:missing",
        "strings:mget:b",
        "strings:mget:a",
    ]));
    assert_eq!(v.len(), 4);
    assert_bulk(&v[0], b"1");
    assert_nil(&v[1]);
    assert_bulk(&v[2], b"2");
    assert_bulk(&v[3], b"1");
    let v = items(p.check(&["MGET", "strings:mget:missing"]));
    assert_eq!(v.len(), 1);
    assert_nil(&v[0]);
    assert_err(
        &p.check(&["MGET"]),
        "ERR wrong number of arguments for 'mget' command",
    );
}

#[test]
fn mset_sets_all_pairs_and_last_duplicate_wins() {
    let mut p = Pair::new();
    assert_ok(&p.check(&["SET", "strings:mset:a", "x", "EX", "100"]));
    assert_ok(&p.check(&[
        "MSET",
        "strings:mset:a",
        "1",
        "strings:mset:b",
        "2",
        "strings:mset:a",
        "3",
    ]));
    let v = items(p.check(&["MGET", "strings:mset:a", "strings:mset:b"]));
    assert_bulk(&v[0], b"3");
    assert_bulk(&v[1], b"2");
    // MSET overwrites and clears the TTL
    assert_int(&p.check(&["TTL", "strings:mset:a"]), -1);
    assert_err(
        &p.check(&["MSET"]),
        "ERR wrong number of arguments for 'mset' command",
    );
    assert_err(
        &p.check(&["MSET", "strings:mset:c"]),
        "ERR wrong number of arguments for 'mset' command",
    );
    assert_err(
        &p.check(&["MSET", "strings:mset:c", "1", "strings:mset:d"]),
        "ERR wrong number of arguments for 'mset' command",
    );
    assert_int(&p.check(&["EXISTS", "strings:mset:c", "strings:mset:d"]), 0);
}

#[test]
fn msetnx_sets_nothing_if_any_key_exists() {
    let mut p = Pair::new();
    assert_int(
        &p.check(&["MSETNX", "strings:msetnx:a", "1", "strings:msetnx:b", "2"]),
        1,
    );
    assert_int(
        &p.check(&["MSETNX", "strings:msetnx:c", "3", "strings:msetnx:a", "9"]),
        0,
    );
    assert_int(&p.check(&["EXISTS", "strings:msetnx:c"]), 0);
    assert_bulk(&p.check(&["GET", "strings:msetnx:a"]), b"1");
    // the same new key twice: allowed, last value wins
    assert_int(
        &p.check(&["MSETNX", "strings:msetnx:d", "x", "strings:msetnx:d", "y"]),
        1,
    );
    assert_bulk(&p.check(&["GET", "strings:msetnx:d"]), b"y");
    assert_err(
        &p.check(&["MSETNX", "strings:msetnx:e"]),
        "ERR wrong number of arguments for 'msetnx' command",
    );
    assert_err(
        &p.check(&["MSETNX", "strings:msetnx:e", "1", "strings:msetnx:f"]),
        "ERR wrong number of arguments for 'msetnx' command",
    );
    assert_int(&p.check(&["EXISTS", "strings:msetnx:e"]), 0);
}

// ---------------------------------------------------------------- GETSET / GETDEL

#[test]
fn getset_returns_old_value_and_clears_ttl() {
    let mut p = Pair::new();
    let k = "strings:getset:k";
    assert_nil(&p.check(&["GETSET", k, "a"]));
    assert_bulk(&p.check(&["GET", k]), b"a");
    assert_ok(&p.check(&["SET", k, "b", "EX", "100"]));
    assert_bulk(&p.check(&["GETSET", k, "c"]), b"b");
    assert_bulk(&p.check(&["GET", k]), b"c");
    assert_int(&p.check(&["TTL", k]), -1);
    assert_err(
        &p.check(&["GETSET", k]),
        "ERR wrong number of arguments for 'getset' command",
    );
}

#[test]
fn getdel_returns_value_and_deletes_key() {
    let mut p = Pair::new();
    let k = "strings:getdel:k";
    assert_nil(&p.check(&["GETDEL", k]));
    assert_ok(&p.check(&["SET", k, "v", "EX", "100"]));
    assert_bulk(&p.check(&["GETDEL", k]), b"v");
    assert_int(&p.check(&["EXISTS", k]), 0);
    assert_nil(&p.check(&["GETDEL", k]));
    assert_err(
        &p.check(&["GETDEL"]),
        "ERR wrong number of arguments for 'getdel' command",
    );
    assert_err(
        &p.check(&["GETDEL", k, k]),
        "ERR wrong number of arguments for 'getdel' command",
    );
}

// ---------------------------------------------------------------- GETEX

#[test]
fn getex_without_options_returns_value_and_keeps_ttl() {
    let mut p = Pair::new();
    assert_nil(&p.check(&["GETEX", "strings:getex:missing"]));
    assert_nil(&p.check(&["GETEX", "strings:getex:missing", "EX", "10"]));
    assert_nil(&p.check(&["GETEX", "strings:getex:missing", "PERSIST"]));
    // The key is looked up before the expiry is checked.
    p.check(&["DEL", "strings:getex:list"]);
    p.check(&["RPUSH", "strings:getex:list", "a"]);
    for opts in [
        &["PX", "0"][..],
        &["EX", "-1"],
        &["EXAT", "0"],
        &["EX", "abc"],
        &["PX", "9223372036854775807"],
    ] {
        for key in ["strings:getex:missing", "strings:getex:list"] {
            let mut cmd = vec!["GETEX", key];
            cmd.extend_from_slice(opts);
            p.check(&cmd);
        }
    }
    assert_int(&p.check(&["EXISTS", "strings:getex:missing"]), 0);
    let k = "strings:getex:k";
    assert_ok(&p.check(&["SET", k, "v", "PXAT", "33177117420777"]));
    assert_bulk(&p.check(&["GETEX", k]), b"v");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420777);
}

#[test]
fn getex_sets_expiry_with_ex_px_exat_pxat() {
    let mut p = Pair::new();
    let k = "strings:getexset:k";
    assert_ok(&p.check(&["SET", k, "v"]));
    assert_bulk(&p.check(&["GETEX", k, "EX", "100"]), b"v");
    int_within(&mut p, &["TTL", k], 99, 100);
    assert_bulk(&p.check(&["GETEX", k, "px", "200000"]), b"v");
    int_within(&mut p, &["PTTL", k], 198_000, 200_000);
    assert_bulk(&p.check(&["GETEX", k, "EXAT", "33177117420"]), b"v");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420000);
    assert_bulk(&p.check(&["GETEX", k, "PXAT", "33177117420001"]), b"v");
    assert_int(&p.check(&["PEXPIRETIME", k]), 33177117420001);
    // repeated option: last one wins
    assert_bulk(&p.check(&["GETEX", k, "EX", "10", "EX", "3000"]), b"v");
    int_within(&mut p, &["TTL", k], 2998, 3000);
    assert_bulk(&p.check(&["GETEX", k, "PERSIST"]), b"v");
    assert_int(&p.check(&["TTL", k]), -1);
    assert_bulk(&p.check(&["GETEX", k, "persist", "PERSIST"]), b"v");
    assert_int(&p.check(&["TTL", k]), -1);
}

#[test]
fn getex_with_past_time_deletes_key() {
    let mut p = Pair::new();
    let k = "strings:getexpast:k";
    assert_ok(&p.check(&["SET", k, "v"]));
    assert_bulk(&p.check(&["GETEX", k, "EXAT", "1"]), b"v");
    assert_int(&p.check(&["EXISTS", k]), 0);
    assert_ok(&p.check(&["SET", k, "w"]));
    assert_bulk(&p.check(&["GETEX", k, "PXAT", "1000"]), b"w");
    assert_nil(&p.check(&["GET", k]));
}

#[test]
fn getex_rejects_invalid_options_and_times() {
    let mut p = Pair::new();
    let k = "strings:getexbad:k";
    assert_ok(&p.check(&["SET", k, "v"]));
    let syntax: &[&[&str]] = &[
        &["FOO"],
        &["EX"],
        &["PX"],
        &["EX", "10", "PX", "100"],
        &["PERSIST", "EX", "10"],
        &["EX", "10", "PERSIST"],
        &["EXAT", "33177117420", "PXAT", "33177117420000"],
        &["KEEPTTL"],
        &["NX"],
        &["PERSIST", "foo"],
    ];
    for opts in syntax {
        let mut args = vec!["GETEX", k];
        args.extend_from_slice(opts);
        assert_err(&p.check(&args), SYNTAX);
    }
    let invalid: &[&[&str]] = &[
        &["EX", "0"],
        &["EX", "-1"],
        &["PX", "0"],
        &["EXAT", "0"],
        &["PXAT", "-10"],
        &["PX", "9223372036854775807"],
        &["EX", "9223372036854775807"],
        &["EXAT", "9223372036854776"],
    ];
    for opts in invalid {
        let mut args = vec!["GETEX", k];
        args.extend_from_slice(opts);
        assert_err(
            &p.check(&args),
            "ERR invalid expire time in 'getex' command",
        );
    }
    assert_err(&p.check(&["GETEX", k, "EX", "ten"]), NOT_INT);
    assert_err(
        &p.check(&["GETEX"]),
        "ERR wrong number of arguments for 'getex' command",
    );
    assert_bulk(&p.check(&["GET", k]), b"v");
    assert_int(&p.check(&["TTL", k]), -1);
}

// ---------------------------------------------------------------- APPEND / STRLEN

#[test]
fn append_creates_and_extends_values() {
    let mut p = Pair::new();
    let k = "strings:append:k";
    assert_int(&p.check(&["APPEND", k, "Hello"]), 5);
    assert_int(&p.check(&["APPEND", k, " World"]), 11);
    assert_bulk(&p.check(&["GET", k]), b"Hello World");
    assert_int(&p.check(&["APPEND", k, ""]), 11);
    // appending an empty string to a missing key creates an empty value
    assert_int(&p.check(&["APPEND", "strings:append:empty", ""]), 0);
    assert_int(&p.check(&["EXISTS", "strings:append:empty"]), 1);
    assert_bulk(&p.check(&["GET", "strings:append:empty"]), b"");
    // APPEND keeps the TTL
    assert_ok(&p.check(&["SET", "strings:append:ttl", "a", "PXAT", "33177117420000"]));
    assert_int(&p.check(&["APPEND", "strings:append:ttl", "b"]), 2);
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:append:ttl"]),
        33177117420000,
    );
    // appending to an integer-looking value
    assert_ok(&p.check(&["SET", "strings:append:int", "12"]));
    assert_int(&p.check(&["APPEND", "strings:append:int", "34"]), 4);
    assert_int(&p.check(&["INCR", "strings:append:int"]), 1235);
    assert_err(
        &p.check(&["APPEND", k]),
        "ERR wrong number of arguments for 'append' command",
    );
}

#[test]
fn strlen_counts_bytes() {
    let mut p = Pair::new();
    assert_int(&p.check(&["STRLEN", "strings:strlen:missing"]), 0);
    assert_ok(&p.check(&["SET", "strings:strlen:a", "hello"]));
    assert_int(&p.check(&["STRLEN", "strings:strlen:a"]), 5);
    assert_ok(&p.check(&["SET", "strings:strlen:utf8", "héllo→"]));
    assert_int(&p.check(&["STRLEN", "strings:strlen:utf8"]), 9);
    assert_ok(&p.check(&["SET", "strings:strlen:int", "-12345"]));
    assert_int(&p.check(&["STRLEN", "strings:strlen:int"]), 6);
    assert_ok(&p.check(&["SET", "strings:strlen:empty", ""]));
    assert_int(&p.check(&["STRLEN", "strings:strlen:empty"]), 0);
    assert_err(
        &p.check(&["STRLEN"]),
        "ERR wrong number of arguments for 'strlen' command",
    );
}

// ---------------------------------------------------------------- INCR family

#[test]
fn incr_family_treats_missing_key_as_zero() {
    let mut p = Pair::new();
    assert_int(&p.check(&["INCR", "strings:incr:a"]), 1);
    assert_int(&p.check(&["INCR", "strings:incr:a"]), 2);
    assert_bulk(&p.check(&["GET", "strings:incr:a"]), b"2");
    assert_int(&p.check(&["DECR", "strings:incr:b"]), -1);
    assert_int(&p.check(&["INCRBY", "strings:incr:c", "10"]), 10);
    assert_int(&p.check(&["INCRBY", "strings:incr:c", "-25"]), -15);
    assert_int(&p.check(&["DECRBY", "strings:incr:d", "7"]), -7);
    assert_int(&p.check(&["DECRBY", "strings:incr:d", "-17"]), 10);
    assert_bulk(&p.check(&["GET", "strings:incr:d"]), b"10");
    assert_int(&p.check(&["INCRBY", "strings:incr:e", "0"]), 0);
    assert_int(&p.check(&["EXISTS", "strings:incr:e"]), 1);
    // INCR keeps the TTL
    assert_ok(&p.check(&["SET", "strings:incr:ttl", "5", "PXAT", "33177117420000"]));
    assert_int(&p.check(&["INCR", "strings:incr:ttl"]), 6);
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:incr:ttl"]),
        33177117420000,
    );
}

#[test]
fn incr_accepts_full_i64_range_values() {
    let mut p = Pair::new();
    let k = "strings:incrrange:k";
    assert_ok(&p.check(&["SET", k, "-9223372036854775808"]));
    assert_int(&p.check(&["INCR", k]), -9223372036854775807);
    assert_ok(&p.check(&["SET", k, "9223372036854775806"]));
    assert_int(&p.check(&["INCR", k]), 9223372036854775807);
    assert_ok(&p.check(&["SET", k, "-0"]));
    assert_err(&p.check(&["INCR", k]), NOT_INT);
    assert_ok(&p.check(&["SET", k, "0"]));
    assert_int(
        &p.check(&["INCRBY", k, "9223372036854775807"]),
        9223372036854775807,
    );
    assert_int(&p.check(&["DECRBY", k, "9223372036854775807"]), 0);
    assert_int(
        &p.check(&["INCRBY", k, "-9223372036854775808"]),
        -9223372036854775808,
    );
}

#[test]
fn incr_rejects_values_that_are_not_canonical_integers() {
    let mut p = Pair::new();
    let k = "strings:incrbad:k";
    let long_digits = "1".repeat(100);
    let bad: Vec<&str> = vec![
        " 1",
        "1 ",
        "1 2",
        "01",
        "+1",
        "-0",
        "",
        "1.0",
        "1e3",
        "0x10",
        "abc",
        "-",
        "+",
        "9223372036854775808",
        "-9223372036854775809",
        "00000000000000000000000000000001",
        &long_digits,
        "1\r\n",
        "\u{0}1",
    ];
    for v in bad {
        assert_ok(&p.check(&["SET", k, v]));
        assert_err(&p.check(&["INCR", k]), NOT_INT);
        assert_err(&p.check(&["DECR", k]), NOT_INT);
        assert_err(&p.check(&["INCRBY", k, "5"]), NOT_INT);
        assert_err(&p.check(&["DECRBY", k, "5"]), NOT_INT);
        // value untouched
        assert_bulk(&p.check(&["GET", k]), v.as_bytes());
    }
}

#[test]
fn incrby_rejects_non_integer_increment() {
    let mut p = Pair::new();
    let k = "strings:incrbyarg:k";
    assert_ok(&p.check(&["SET", k, "10"]));
    for inc in [
        "abc",
        "1.5",
        " 1",
        "1 ",
        "+5",
        "05",
        "",
        "9223372036854775808",
        "1e2",
        "0x1",
        "-0",
    ] {
        assert_err(&p.check(&["INCRBY", k, inc]), NOT_INT);
        assert_err(&p.check(&["DECRBY", k, inc]), NOT_INT);
    }
    assert_bulk(&p.check(&["GET", k]), b"10");
    assert_err(
        &p.check(&["INCRBY", k]),
        "ERR wrong number of arguments for 'incrby' command",
    );
    assert_err(
        &p.check(&["DECRBY", k]),
        "ERR wrong number of arguments for 'decrby' command",
    );
    assert_err(
        &p.check(&["INCR", k, "1"]),
        "ERR wrong number of arguments for 'incr' command",
    );
    assert_err(
        &p.check(&["DECR"]),
        "ERR wrong number of arguments for 'decr' command",
    );
}

#[test]
fn incr_and_decr_report_overflow() {
    let mut p = Pair::new();
    let k = "strings:incrovf:k";
    assert_ok(&p.check(&["SET", k, "9223372036854775807"]));
    assert_err(&p.check(&["INCR", k]), OVERFLOW);
    assert_err(&p.check(&["INCRBY", k, "1"]), OVERFLOW);
    assert_err(&p.check(&["DECRBY", k, "-1"]), OVERFLOW);
    assert_bulk(&p.check(&["GET", k]), b"9223372036854775807");
    assert_ok(&p.check(&["SET", k, "-9223372036854775808"]));
    assert_err(&p.check(&["DECR", k]), OVERFLOW);
    assert_err(&p.check(&["DECRBY", k, "1"]), OVERFLOW);
    assert_err(&p.check(&["INCRBY", k, "-1"]), OVERFLOW);
    assert_ok(&p.check(&["SET", k, "5"]));
    assert_err(&p.check(&["INCRBY", k, "9223372036854775807"]), OVERFLOW);
    assert_int(
        &p.check(&["INCRBY", k, "9223372036854775802"]),
        9223372036854775807,
    );
    assert_ok(&p.check(&["SET", k, "-5"]));
    assert_err(&p.check(&["INCRBY", k, "-9223372036854775808"]), OVERFLOW);
    assert_bulk(&p.check(&["GET", k]), b"-5");
}

#[test]
fn decrby_with_minimum_i64_reports_decrement_overflow() {
    let mut p = Pair::new();
    let k = "strings:decrbymin:k";
    // negating i64::MIN is impossible, reported with a dedicated message
    assert_ok(&p.check(&["SET", k, "0"]));
    assert_err(
        &p.check(&["DECRBY", k, "-9223372036854775808"]),
        "ERR decrement would overflow",
    );
    assert_err(
        &p.check(&[
            "DECRBY",
            "strings:decrbymin:missing",
            "-9223372036854775808",
        ]),
        "ERR decrement would overflow",
    );
    assert_int(&p.check(&["EXISTS", "strings:decrbymin:missing"]), 0);
    assert_bulk(&p.check(&["GET", k]), b"0");
}

// ---------------------------------------------------------------- INCRBYFLOAT

#[test]
fn float_increments_refuse_values_with_a_nul_byte() {
    let mut p = Pair::new();
    let k: &[u8] = b"strings:incrfloat:nul";
    for (value, inc) in [
        (&b"\0abc"[..], &b"1"[..]),
        (b"1.5\0abc", b"1"),
        (b"5", b"1\0"),
    ] {
        p.check_bytes(&[b"SET", k, value]);
        p.check_bytes(&[b"INCRBYFLOAT", k, inc]);
        p.check_bytes(&[b"GET", k]);
        p.check_bytes(&[b"DEL", b"strings:incrfloat:nulh"]);
        p.check_bytes(&[b"HSET", b"strings:incrfloat:nulh", b"f", value]);
        p.check_bytes(&[b"HINCRBYFLOAT", b"strings:incrfloat:nulh", b"f", inc]);
    }
}

#[test]
fn incrbyfloat_formats_results_like_redis() {
    let mut p = Pair::new();
    let k = "strings:incrfloat:k";
    // (initial value, increment, expected reply)
    let cases: &[(&str, &str, &str)] = &[
        ("10.50", "0.1", "10.6"),
        ("10", "0.5", "10.5"),
        ("5.0e3", "2.0e2", "5200"),
        ("3.0e3", "0", "3000"),
        ("0", "1.5e-5", "0.000015"),
        ("1", "-1", "0"),
        ("0.1", "0.2", "0.3"),
        ("1", "+1.5", "2.5"),
        ("1", ".5", "1.5"),
        ("1", "5.", "6"),
        ("1", "-0", "1"),
        ("-0", "0", "0"),
        ("1.5", "3", "4.5"),
        ("17179869184", "0", "17179869184"),
        ("-1.25", "-1.25", "-2.5"),
        ("100", "-100.001", "-0.001"),
        ("3.14159265358979", "0", "3.14159265358979"),
        ("0", "0.1", "0.1"),
        ("9007199254740993", "0", "9007199254740993"),
        ("1", "1E2", "101"),
        ("1", "0x10", "17"),
    ];
    for (init, inc, expected) in cases {
        assert_ok(&p.check(&["SET", k, init]));
        let v = p.check(&["INCRBYFLOAT", k, inc]);
        assert_bulk(&v, expected.as_bytes());
        // the formatted result is what is stored
        assert_bulk(&p.check(&["GET", k]), expected.as_bytes());
    }
    assert_bulk(
        &p.check(&["INCRBYFLOAT", "strings:incrfloat:missing", "2.5"]),
        b"2.5",
    );
    assert_bulk(&p.check(&["GET", "strings:incrfloat:missing"]), b"2.5");
    // INCRBYFLOAT keeps the TTL
    assert_ok(&p.check(&[
        "SET",
        "strings:incrfloat:ttl",
        "1",
        "PXAT",
        "33177117420000",
    ]));
    assert_bulk(
        &p.check(&["INCRBYFLOAT", "strings:incrfloat:ttl", "1"]),
        b"2",
    );
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:incrfloat:ttl"]),
        33177117420000,
    );
}

#[test]
fn incrbyfloat_accumulates_without_binary_float_noise() {
    let mut p = Pair::new();
    let k = "strings:incrfloatacc:k";
    for i in 1..=10 {
        let v = p.check(&["INCRBYFLOAT", k, "0.1"]);
        let s = v.as_str();
        assert!(
            !s.contains("0000000") && !s.contains("9999999"),
            "step {}: {}",
            i,
            s
        );
    }
    assert_bulk(&p.check(&["GET", k]), b"1");
}

#[test]
fn incrbyfloat_rejects_nan_and_infinity_results() {
    let mut p = Pair::new();
    let k = "strings:incrfloatinf:k";
    assert_ok(&p.check(&["SET", k, "1"]));
    for inc in ["inf", "-inf", "Infinity", "+inf", "INF"] {
        assert_err(&p.check(&["INCRBYFLOAT", k, inc]), NAN_INF);
    }
    assert_bulk(&p.check(&["GET", k]), b"1");
    assert_err(
        &p.check(&["INCRBYFLOAT", "strings:incrfloatinf:missing", "inf"]),
        NAN_INF,
    );
    assert_int(&p.check(&["EXISTS", "strings:incrfloatinf:missing"]), 0);
}

#[test]
fn incrbyfloat_rejects_values_that_are_not_valid_floats() {
    let mut p = Pair::new();
    let k = "strings:incrfloatbad:k";
    assert_ok(&p.check(&["SET", k, "1"]));
    for inc in [
        "abc", "nan", "NaN", " 1", "1 ", "1.5 ", "", "1e", "1..2", "1,5", "--1",
    ] {
        assert_err(&p.check(&["INCRBYFLOAT", k, inc]), NOT_FLOAT);
    }
    for stored in ["abc", " 1", "1 ", "nan", "", "1.2.3"] {
        assert_ok(&p.check(&["SET", k, stored]));
        assert_err(&p.check(&["INCRBYFLOAT", k, "1"]), NOT_FLOAT);
        assert_bulk(&p.check(&["GET", k]), stored.as_bytes());
    }
    assert_err(
        &p.check(&["INCRBYFLOAT", k]),
        "ERR wrong number of arguments for 'incrbyfloat' command",
    );
}

/// Redis 7.0 computes INCRBYFLOAT in `long double` (x86-64: 80-bit extended),
/// so results beyond the f64 range are still finite and printed in full.
#[test]
fn incrbyfloat_uses_long_double_range_and_precision() {
    let mut p = Pair::new();
    let k = "strings:incrfloatld:k";
    let cases: &[(&str, &str)] = &[
        ("1e308", "1e308"),
        ("1", "1e300"),
        ("1", "1e400"),
        ("0", "123456789012345678901234567890"),
        ("1", "1e-400"),
    ];
    for (init, inc) in cases {
        assert_ok(&p.check(&["SET", k, init]));
        let v = p.check(&["INCRBYFLOAT", k, inc]);
        assert!(!v.is_error(), "{} + {} -> {}", init, inc, show(&v));
    }
    // 1 + 1e-400 is exactly 1 after rounding
    assert_bulk(&p.check(&["GET", k]), b"1");
    assert_ok(&p.check(&["SET", k, "1e308"]));
    let v = p.check(&["INCRBYFLOAT", k, "1e308"]);
    let s = v.as_str();
    assert!(
        s.starts_with("19999999999999999") && s.len() == 309,
        "{}",
        s
    );
}

// ---------------------------------------------------------------- GETRANGE / SUBSTR

#[test]
fn getrange_handles_negative_and_out_of_range_indexes() {
    let mut p = Pair::new();
    let k = "strings:getrange:k";
    assert_ok(&p.check(&["SET", k, "Hello World"]));
    let cases: &[(&str, &str, &str)] = &[
        ("0", "4", "Hello"),
        ("-5", "-1", "World"),
        ("0", "-1", "Hello World"),
        ("5", "2", ""),
        ("-100", "2", "Hel"),
        ("8", "100", "rld"),
        ("11", "11", ""),
        ("10", "10", "d"),
        ("-1", "-5", ""),
        ("100", "200", ""),
        ("0", "0", "H"),
        ("-1", "-1", "d"),
        ("9223372036854775807", "9223372036854775807", ""),
        ("-9223372036854775808", "-1", "Hello World"),
        ("0", "9223372036854775807", "Hello World"),
        // 7.0 clamps both negative out-of-range indexes to 0
        ("-100", "-50", "H"),
        ("0", "-100", "H"),
    ];
    for (s, e, expected) in cases {
        assert_bulk(&p.check(&["GETRANGE", k, s, e]), expected.as_bytes());
        assert_bulk(&p.check(&["SUBSTR", k, s, e]), expected.as_bytes());
    }
}

#[test]
fn getrange_on_missing_or_empty_value_returns_empty_string() {
    let mut p = Pair::new();
    assert_bulk(
        &p.check(&["GETRANGE", "strings:getrangeempty:missing", "0", "-1"]),
        b"",
    );
    assert_bulk(
        &p.check(&["GETRANGE", "strings:getrangeempty:missing", "5", "10"]),
        b"",
    );
    assert_ok(&p.check(&["SET", "strings:getrangeempty:e", ""]));
    for (s, e) in [("0", "-1"), ("0", "0"), ("-1", "-1"), ("3", "1")] {
        assert_bulk(
            &p.check(&["GETRANGE", "strings:getrangeempty:e", s, e]),
            b"",
        );
    }
    // integer-encoded value
    assert_ok(&p.check(&["SET", "strings:getrangeempty:i", "12345"]));
    assert_bulk(
        &p.check(&["GETRANGE", "strings:getrangeempty:i", "1", "-2"]),
        b"234",
    );
}

#[test]
fn getrange_rejects_non_integer_indexes() {
    let mut p = Pair::new();
    let k = "strings:getrangebad:k";
    assert_ok(&p.check(&["SET", k, "abc"]));
    for (s, e) in [
        ("a", "1"),
        ("1", "1.5"),
        ("", "1"),
        ("0", "9223372036854775808"),
    ] {
        assert_err(&p.check(&["GETRANGE", k, s, e]), NOT_INT);
    }
    assert_err(
        &p.check(&["GETRANGE", k, "0"]),
        "ERR wrong number of arguments for 'getrange' command",
    );
    assert_err(
        &p.check(&["SUBSTR", k, "0"]),
        "ERR wrong number of arguments for 'substr' command",
    );
}

// ---------------------------------------------------------------- SETRANGE

#[test]
fn setrange_pads_with_zero_bytes() {
    let mut p = Pair::new();
    let k = "strings:setrange:k";
    assert_int(&p.check(&["SETRANGE", k, "5", "abc"]), 8);
    assert_bulk(&p.check(&["GET", k]), b"\0\0\0\0\0abc");
    assert_int(&p.check(&["SETRANGE", k, "0", "XY"]), 8);
    assert_bulk(&p.check(&["GET", k]), b"XY\0\0\0abc");
    assert_int(&p.check(&["SETRANGE", k, "10", "Z"]), 11);
    assert_bulk(&p.check(&["GET", k]), b"XY\0\0\0abc\0\0Z");
    assert_ok(&p.check(&["SET", "strings:setrange:h", "Hello World"]));
    assert_int(
        &p.check(&["SETRANGE", "strings:setrange:h", "6", "Redis"]),
        11,
    );
    assert_bulk(&p.check(&["GET", "strings:setrange:h"]), b"Hello Redis");
    // overwrite past the end grows the value
    assert_int(
        &p.check(&["SETRANGE", "strings:setrange:h", "9", "1234"]),
        13,
    );
    assert_bulk(&p.check(&["GET", "strings:setrange:h"]), b"Hello Red1234");
    // SETRANGE on an integer value
    assert_ok(&p.check(&["SET", "strings:setrange:i", "1234"]));
    assert_int(&p.check(&["SETRANGE", "strings:setrange:i", "1", "9"]), 4);
    assert_int(&p.check(&["INCR", "strings:setrange:i"]), 1935);
    // SETRANGE keeps the TTL
    assert_ok(&p.check(&[
        "SET",
        "strings:setrange:ttl",
        "abc",
        "PXAT",
        "33177117420000",
    ]));
    assert_int(&p.check(&["SETRANGE", "strings:setrange:ttl", "1", "X"]), 3);
    assert_int(
        &p.check(&["PEXPIRETIME", "strings:setrange:ttl"]),
        33177117420000,
    );
}

#[test]
fn setrange_with_empty_value_does_not_create_or_grow_key() {
    let mut p = Pair::new();
    assert_int(
        &p.check(&["SETRANGE", "strings:setrangeempty:missing", "0", ""]),
        0,
    );
    assert_int(
        &p.check(&["SETRANGE", "strings:setrangeempty:missing", "10", ""]),
        0,
    );
    assert_int(
        &p.check(&["SETRANGE", "strings:setrangeempty:missing", "536870911", ""]),
        0,
    );
    assert_int(&p.check(&["EXISTS", "strings:setrangeempty:missing"]), 0);
    assert_ok(&p.check(&["SET", "strings:setrangeempty:k", "hello"]));
    assert_int(
        &p.check(&["SETRANGE", "strings:setrangeempty:k", "100", ""]),
        5,
    );
    assert_int(
        &p.check(&["SETRANGE", "strings:setrangeempty:k", "1", ""]),
        5,
    );
    assert_bulk(&p.check(&["GET", "strings:setrangeempty:k"]), b"hello");
}

#[test]
fn setrange_rejects_bad_offsets() {
    let mut p = Pair::new();
    let k = "strings:setrangebad:k";
    assert_ok(&p.check(&["SET", k, "hello"]));
    assert_err(
        &p.check(&["SETRANGE", k, "-1", "x"]),
        "ERR offset is out of range",
    );
    assert_err(
        &p.check(&["SETRANGE", k, "-1", ""]),
        "ERR offset is out of range",
    );
    assert_err(
        &p.check(&["SETRANGE", "strings:setrangebad:missing", "-5", "x"]),
        "ERR offset is out of range",
    );
    // offset + length beyond 512 MB
    assert_err(
        &p.check(&["SETRANGE", k, "536870912", "x"]),
        "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
    );
    assert_err(
        &p.check(&["SETRANGE", "strings:setrangebad:missing", "536870911", "xy"]),
        "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
    );
    for off in ["abc", "1.5", "", "9223372036854775808"] {
        assert_err(&p.check(&["SETRANGE", k, off, "x"]), NOT_INT);
    }
    assert_int(&p.check(&["EXISTS", "strings:setrangebad:missing"]), 0);
    assert_bulk(&p.check(&["GET", k]), b"hello");
    assert_err(
        &p.check(&["SETRANGE", k, "0"]),
        "ERR wrong number of arguments for 'setrange' command",
    );
}

// ---------------------------------------------------------------- LCS

#[test]
fn lcs_returns_longest_common_subsequence() {
    let mut p = Pair::new();
    assert_ok(&p.check(&[
        "MSET",
        "strings:lcs:a",
        "ohmytext",
        "strings:lcs:b",
        "mynewtext",
    ]));
    assert_bulk(
        &p.check(&["LCS", "strings:lcs:a", "strings:lcs:b"]),
        b"mytext",
    );
    assert_bulk(
        &p.check(&["LCS", "strings:lcs:b", "strings:lcs:a"]),
        b"mytext",
    );
    assert_int(
        &p.check(&["LCS", "strings:lcs:a", "strings:lcs:b", "LEN"]),
        6,
    );
    assert_bulk(
        &p.check(&["LCS", "strings:lcs:a", "strings:lcs:a"]),
        b"ohmytext",
    );
    // missing keys are empty strings
    assert_bulk(
        &p.check(&["LCS", "strings:lcs:a", "strings:lcs:missing"]),
        b"",
    );
    assert_int(
        &p.check(&["LCS", "strings:lcs:missing", "strings:lcs:missing2", "len"]),
        0,
    );
    // ties: which subsequence is chosen must match
    let pairs: &[(&str, &str)] = &[
        ("ab", "ba"),
        ("abc", "cba"),
        ("aaaa", "aa"),
        ("abcbdab", "bdcaba"),
        ("xyz", "abc"),
        ("GXTXAYB", "AGGTAB"),
        ("1234567890", "0987654321"),
    ];
    for (i, (x, y)) in pairs.iter().enumerate() {
        let ka = format!("strings:lcs:t{}a", i);
        let kb = format!("strings:lcs:t{}b", i);
        p.check(&["MSET", &ka, x, &kb, y]);
        p.check(&["LCS", &ka, &kb]);
        p.check(&["LCS", &ka, &kb, "LEN"]);
        p.check(&["LCS", &ka, &kb, "IDX", "WITHMATCHLEN"]);
    }
    // "abcbdab" vs "bdcaba" has several LCS of length 4
    assert_eq!(
        p.check(&["LCS", "strings:lcs:t3a", "strings:lcs:t3b"])
            .as_bytes()
            .len(),
        4
    );
    assert_int(
        &p.check(&["LCS", "strings:lcs:t3a", "strings:lcs:t3b", "LEN"]),
        4,
    );
}

#[test]
fn lcs_idx_reports_match_ranges() {
    let mut p = Pair::new();
    let (a, b) = ("strings:lcsidx:a", "strings:lcsidx:b");
    assert_ok(&p.check(&["MSET", a, "ohmytext", b, "mynewtext"]));
    let mut v = items(p.check(&["LCS", a, b, "IDX"]));
    assert_eq!(v.len(), 4);
    assert_bulk(&v[0], b"matches");
    assert_bulk(&v[2], b"len");
    assert_int(&v[3], 6);
    let mut matches = items(v.swap_remove(1));
    assert_eq!(matches.len(), 2);
    // first match: "text" at a[4..=7], b[5..=8]
    let mut m0 = items(matches.swap_remove(0));
    let rb = items(m0.swap_remove(1));
    let ra = items(m0.swap_remove(0));
    assert_int(&ra[0], 4);
    assert_int(&ra[1], 7);
    assert_int(&rb[0], 5);
    assert_int(&rb[1], 8);
    p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "4"]);
    p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"]);
    let mut v = items(p.check(&["LCS", a, b, "idx", "withmatchlen", "minmatchlen", "3"]));
    let mut matches = items(v.swap_remove(1));
    assert_eq!(matches.len(), 1);
    let m0 = items(matches.swap_remove(0));
    assert_eq!(m0.len(), 3);
    assert_int(&m0[2], 4);
    p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "0"]);
    p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "-5"]);
    p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "100"]);
    p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "1", "MINMATCHLEN", "2"]);
    // missing keys
    let mut v = items(p.check(&["LCS", a, "strings:lcsidx:missing", "IDX"]));
    assert_int(&v[3], 0);
    assert_eq!(items(v.swap_remove(1)).len(), 0);
    // options that do not apply to the chosen output are accepted
    assert_bulk(&p.check(&["LCS", a, b, "WITHMATCHLEN"]), b"mytext");
    assert_int(&p.check(&["LCS", a, b, "LEN", "WITHMATCHLEN"]), 6);
    assert_int(&p.check(&["LCS", a, b, "LEN", "MINMATCHLEN", "3"]), 6);
    // a longer pair with many matches
    let x: String = (0..200)
        .map(|i| (b'a' + ((i * 7 + i / 3) % 5) as u8) as char)
        .collect();
    let y: String = (0..180)
        .map(|i| (b'a' + ((i * 3 + i / 5) % 5) as u8) as char)
        .collect();
    assert_ok(&p.check(&["MSET", "strings:lcsidx:x", &x, "strings:lcsidx:y", &y]));
    p.check(&["LCS", "strings:lcsidx:x", "strings:lcsidx:y"]);
    p.check(&[
        "LCS",
        "strings:lcsidx:x",
        "strings:lcsidx:y",
        "IDX",
        "WITHMATCHLEN",
    ]);
    p.check(&[
        "LCS",
        "strings:lcsidx:x",
        "strings:lcsidx:y",
        "IDX",
        "MINMATCHLEN",
        "3",
        "WITHMATCHLEN",
    ]);
}

#[test]
fn lcs_rejects_invalid_option_combinations() {
    let mut p = Pair::new();
    let (a, b) = ("strings:lcsbad:a", "strings:lcsbad:b");
    assert_ok(&p.check(&["MSET", a, "abcd", b, "bcde"]));
    assert_err(
        &p.check(&["LCS", a, b, "LEN", "IDX"]),
        "ERR If you want both the length and indexes, please just use IDX.",
    );
    assert_err(
        &p.check(&["LCS", a, b, "IDX", "LEN"]),
        "ERR If you want both the length and indexes, please just use IDX.",
    );
    assert_err(&p.check(&["LCS", a, b, "FOO"]), SYNTAX);
    assert_err(&p.check(&["LCS", a, b, "MINMATCHLEN"]), SYNTAX);
    assert_err(
        &p.check(&["LCS", a, b, "IDX", "MINMATCHLEN", "abc"]),
        NOT_INT,
    );
    assert_err(
        &p.check(&["LCS", a]),
        "ERR wrong number of arguments for 'lcs' command",
    );
}

// ---------------------------------------------------------------- large and binary values

#[test]
fn large_one_megabyte_values_round_trip() {
    let mut p = Pair::new();
    let k = b"strings:large:k".as_slice();
    let big: Vec<u8> = (0..1_048_576u32).map(|i| b'a' + (i % 26) as u8).collect();
    assert_ok(&p.check_bytes(&[b"SET", k, &big]));
    assert_bulk(&p.check_bytes(&[b"GET", k]), &big);
    assert_int(&p.check_bytes(&[b"STRLEN", k]), 1_048_576);
    assert_int(&p.check_bytes(&[b"APPEND", k, &big]), 2_097_152);
    assert_bulk(
        &p.check_bytes(&[b"GETRANGE", k, b"1048570", b"1048581"]),
        b"qrstuvabcdef",
    );
    assert_int(
        &p.check_bytes(&[b"SETRANGE", k, b"2097150", b"XYZ"]),
        2_097_153,
    );
    let v = p.check_bytes(&[b"GET", k]);
    let got = v.as_bytes();
    assert_eq!(got.len(), 2_097_153);
    assert_eq!(&got[2_097_148..], b"stXYZ");
    // MSET / MGET with large values
    assert_ok(&p.check_bytes(&[
        b"MSET",
        b"strings:large:a",
        &big,
        b"strings:large:b",
        b"small",
    ]));
    let v = items(p.check_bytes(&[b"MGET", b"strings:large:a", b"strings:large:b"]));
    assert_bulk(&v[0], &big);
    assert_bulk(&v[1], b"small");
    assert_bulk(&p.check_bytes(&[b"GETDEL", b"strings:large:a"]), &big);
}

#[test]
fn binary_safe_keys_and_values() {
    let mut p = Pair::new();
    let all: Vec<u8> = (0..=255u8).collect();
    let mut key = b"strings:binary:".to_vec();
    key.extend_from_slice(&all);
    assert_ok(&p.check_bytes(&[b"SET", &key, &all]));
    assert_bulk(&p.check_bytes(&[b"GET", &key]), &all);
    assert_int(&p.check_bytes(&[b"STRLEN", &key]), 256);
    assert_bulk(
        &p.check_bytes(&[b"GETRANGE", &key, b"10", b"15"]),
        &all[10..=15],
    );
    // values containing protocol delimiters
    let tricky: &[&[u8]] = &[
        b"a\r\nb",
        b"\r\n",
        b"$3\r\nfoo\r\n",
        b"*1\r\n$4\r\nPING\r\n",
        b"\0",
        b"\0\0\r\n\0",
        b"-ERR x\r\n",
    ];
    for (i, v) in tricky.iter().enumerate() {
        let k = format!("strings:binary:t{}", i);
        assert_ok(&p.check_bytes(&[b"SET", k.as_bytes(), v]));
        assert_bulk(&p.check_bytes(&[b"GET", k.as_bytes()]), v);
        assert_int(
            &p.check_bytes(&[b"APPEND", k.as_bytes(), b"\r\n"]),
            v.len() as i64 + 2,
        );
    }
    // keys containing delimiters and NUL are distinct keys
    assert_ok(&p.check_bytes(&[b"SET", b"strings:binary:x\0y", b"1"]));
    assert_ok(&p.check_bytes(&[b"SET", b"strings:binary:x\0z", b"2"]));
    assert_ok(&p.check_bytes(&[b"SET", b"strings:binary:x", b"3"]));
    let v = items(p.check_bytes(&[
        b"MGET",
        b"strings:binary:x\0y",
        b"strings:binary:x\0z",
        b"strings:binary:x",
        b"strings:binary:x\r\n",
    ]));
    assert_bulk(&v[0], b"1");
    assert_bulk(&v[1], b"2");
    assert_bulk(&v[2], b"3");
    assert_nil(&v[3]);
    // a binary value that starts with digits is not an integer
    assert_ok(&p.check_bytes(&[b"SET", b"strings:binary:num", b"12\0"]));
    assert_err(&p.check_bytes(&[b"INCR", b"strings:binary:num"]), NOT_INT);
    // invalid UTF-8 round-trips unchanged
    let bad_utf8: &[u8] = &[0xff, 0xfe, 0xc3, 0x28, 0x80];
    assert_ok(&p.check_bytes(&[b"SET", b"strings:binary:utf8", bad_utf8]));
    assert_bulk(&p.check_bytes(&[b"GET", b"strings:binary:utf8"]), bad_utf8);
    assert_int(&p.check_bytes(&[b"STRLEN", b"strings:binary:utf8"]), 5);
}
