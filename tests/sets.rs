//! Black-box tests of the set commands (SADD ... SSCAN). Deterministic replies are compared with
//! a real redis-server 7.0 through `Pair` (unordered ones with `check_sorted`); random ones
//! (SRANDMEMBER, SPOP) are checked for their properties on both servers.
//!
//! Tests on the shared servers prefix every key with `sets:<test>:`.

mod common;
use common::*;

use proptest::prelude::*;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

fn k(test: &str, name: &str) -> String {
    format!("sets:{test}:{name}")
}

fn members(v: Value) -> BTreeSet<Vec<u8>> {
    match v {
        Value::Array(Some(a)) | Value::Set(a) => a.iter().map(|x| x.as_bytes()).collect(),
        other => panic!("expected a collection, got {}", show(&other)),
    }
}

fn list(v: Value) -> Vec<Vec<u8>> {
    match v {
        Value::Array(Some(a)) | Value::Set(a) => a.iter().map(|x| x.as_bytes()).collect(),
        other => panic!("expected a collection, got {}", show(&other)),
    }
}

/// Runs on both servers and hands each reply (strata first) to `f`.
fn each(p: &mut Pair, args: &[&str], mut f: impl FnMut(&str, Value)) {
    let (s, r) = p.both(args);
    f("strata", s);
    if let Some(r) = r {
        f("redis", r);
    }
}

#[test]
fn sadd_counts_only_new_members_and_creates_a_set() {
    let mut p = Pair::new();
    let s = k("sadd", "s");
    p.check(&["DEL", &s]);
    p.check(&["SADD", &s, "a", "b", "a", "c"]);
    p.check(&["SADD", &s, "a", "d"]);
    p.check(&["SADD", &s, "a"]);
    p.check(&["SCARD", &s]);
    p.check(&["TYPE", &s]);
    p.check_sorted(&["SMEMBERS", &s]);
    p.check(&["SADD", &s]);
}

#[test]
fn srem_of_the_last_member_deletes_the_key() {
    let mut p = Pair::new();
    let s = k("srem", "s");
    p.check(&["DEL", &s]);
    p.check(&["SADD", &s, "a", "b", "c"]);
    p.check(&["SREM", &s, "a", "zz", "a"]);
    p.check(&["SREM", &s, "nope"]);
    p.check(&["SCARD", &s]);
    assert_int(&p.check(&["SREM", &s, "b", "c"]), 2);
    assert_int(&p.check(&["EXISTS", &s]), 0);
    assert_status(&p.check(&["TYPE", &s]), "none");
    p.check(&["SCARD", &s]);
    p.check(&["SREM", &s, "a"]);
    p.check_sorted(&["SMEMBERS", &s]);
}

#[test]
fn membership_queries_on_present_and_missing_keys() {
    let mut p = Pair::new();
    let (s, none) = (k("member", "s"), k("member", "none"));
    p.check(&["DEL", &s, &none]);
    p.check(&["SADD", &s, "x", "1", ""]);
    p.check(&["SISMEMBER", &s, "x"]);
    p.check(&["SISMEMBER", &s, "y"]);
    p.check(&["SISMEMBER", &s, ""]);
    p.check(&["SISMEMBER", &none, "x"]);
    p.check(&["SMISMEMBER", &s, "x", "y", "1", "x"]);
    p.check(&["SMISMEMBER", &none, "x", "y"]);
    p.check(&["SCARD", &none]);
    p.check(&["SMISMEMBER", &s]);
    p.check(&["SISMEMBER", &s]);
}

#[test]
fn every_set_command_reports_wrongtype_on_a_string() {
    let mut p = Pair::new();
    let (st, s, d) = (k("wt", "str"), k("wt", "s"), k("wt", "d"));
    p.check(&["DEL", &st, &s, &d]);
    p.check(&["SET", &st, "v"]);
    p.check(&["SADD", &s, "a"]);
    for cmd in [
        vec!["SADD", &st, "a"],
        vec!["SREM", &st, "a"],
        vec!["SCARD", &st],
        vec!["SISMEMBER", &st, "a"],
        vec!["SMISMEMBER", &st, "a"],
        vec!["SMEMBERS", &st],
        vec!["SRANDMEMBER", &st],
        vec!["SRANDMEMBER", &st, "2"],
        vec!["SPOP", &st],
        vec!["SPOP", &st, "2"],
        vec!["SMOVE", &st, &s, "a"],
        vec!["SMOVE", &s, &st, "a"],
        vec!["SINTER", &s, &st],
        vec!["SINTER", &d, &st],
        vec!["SUNION", &s, &st],
        vec!["SDIFF", &d, &st],
        vec!["SDIFF", &s, &st],
        vec!["SINTERSTORE", &d, &s, &st],
        vec!["SUNIONSTORE", &d, &st],
        vec!["SDIFFSTORE", &d, &s, &st],
        vec!["SINTERCARD", "2", &s, &st],
        vec!["SSCAN", &st, "0"],
    ] {
        assert_err(
            &p.check(&cmd),
            "WRONGTYPE Operation against a key holding the wrong kind of value",
        );
    }
    // The failed STORE left the destination alone.
    p.check(&["EXISTS", &d]);
    p.check(&["GET", &st]);
    // A missing source does not bypass the check.
    p.check(&["SMOVE", &d, &st, "a"]);
}

#[test]
fn integer_like_members_round_trip_as_the_exact_bytes() {
    let mut p = Pair::new();
    let s = k("ints", "s");
    p.check(&["DEL", &s]);
    let odd = [
        "01",
        "1.0",
        "-0",
        " 1",
        "+1",
        "1",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "0x10",
        "1e3",
    ];
    let mut args = vec!["SADD", s.as_str()];
    args.extend(odd);
    p.check(&args);
    p.check_sorted(&["SMEMBERS", &s]);
    for m in odd {
        p.check(&["SISMEMBER", &s, m]);
    }
    p.check(&["SISMEMBER", &s, "10"]);
    p.check(&["SCARD", &s]);
    p.check_bytes(&[b"SADD", s.as_bytes(), b"\x00\xff\r\n"]);
    assert_int(
        &p.check_bytes(&[b"SISMEMBER", s.as_bytes(), b"\x00\xff\r\n"]),
        1,
    );
}

#[test]
fn object_encoding_is_intset_up_to_512_integers_then_hashtable_for_good() {
    let mut p = Pair::new();
    let (a, b, c) = (k("enc", "a"), k("enc", "b"), k("enc", "c"));
    p.check(&["DEL", &a, &b, &c]);
    p.check(&["SADD", &a, "1", "-2", "300"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &a]), b"intset");
    p.check(&["SADD", &a, "x"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &a]), b"hashtable");
    p.check(&["SREM", &a, "x"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &a]), b"hashtable");
    // "01" is not an integer to Redis.
    p.check(&["SADD", &c, "01"]);
    p.check(&["OBJECT", "ENCODING", &c]);
    let nums: Vec<String> = (0..512).map(|i| i.to_string()).collect();
    let mut args = vec!["SADD", b.as_str()];
    args.extend(nums.iter().map(|s| s.as_str()));
    p.check(&args);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &b]), b"intset");
    p.check(&["SADD", &b, "512"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &b]), b"hashtable");
    // STORE results follow the same rule.
    let d = k("enc", "d");
    p.check(&["SINTERSTORE", &d, &b, &b]);
    p.check(&["OBJECT", "ENCODING", &d]);
    p.check(&["SDIFFSTORE", &d, &b, &a]);
    p.check(&["OBJECT", "ENCODING", &d]);
    p.check(&["SUNIONSTORE", &d, &a]);
    p.check(&["OBJECT", "ENCODING", &d]);
    p.check(&["DEL", &d]);
    p.check(&["SMOVE", &c, &d, "01"]);
    p.check(&["OBJECT", "ENCODING", &d]);
}

#[test]
fn set_algebra_matches_redis_including_missing_and_repeated_keys() {
    let mut p = Pair::new();
    let (a, b, c, none) = (
        k("alg", "a"),
        k("alg", "b"),
        k("alg", "c"),
        k("alg", "none"),
    );
    p.check(&["DEL", &a, &b, &c, &none]);
    p.check(&["SADD", &a, "1", "2", "3", "x", "y"]);
    p.check(&["SADD", &b, "2", "3", "4", "y", "z"]);
    p.check(&["SADD", &c, "3", "y", "q"]);
    for op in ["SINTER", "SUNION", "SDIFF"] {
        p.check_sorted(&[op, &a]);
        p.check_sorted(&[op, &a, &b]);
        p.check_sorted(&[op, &a, &b, &c]);
        p.check_sorted(&[op, &c, &b, &a]);
        p.check_sorted(&[op, &a, &a]);
        p.check_sorted(&[op, &a, &none]);
        p.check_sorted(&[op, &none, &a]);
        p.check_sorted(&[op, &none]);
        p.check_sorted(&[op, &a, &b, &a]);
    }
}

#[test]
fn store_variants_replace_the_destination_and_delete_it_when_empty() {
    let mut p = Pair::new();
    let (a, b, d, none) = (
        k("store", "a"),
        k("store", "b"),
        k("store", "d"),
        k("store", "none"),
    );
    p.check(&["DEL", &a, &b, &d, &none]);
    p.check(&["SADD", &a, "1", "2", "x"]);
    p.check(&["SADD", &b, "2", "x", "y"]);
    for op in ["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"] {
        // Destination of another type is replaced.
        p.check(&["SET", &d, "string"]);
        p.check(&[op, &d, &a, &b]);
        p.check(&["TYPE", &d]);
        p.check_sorted(&["SMEMBERS", &d]);
        // An expiry on the old destination does not survive.
        p.check(&["EXPIRE", &d, "100"]);
        p.check(&[op, &d, &b, &a]);
        p.check(&["TTL", &d]);
        p.check_sorted(&["SMEMBERS", &d]);
        // The destination may be one of the sources.
        p.check(&[op, &d, &d, &a]);
        p.check_sorted(&["SMEMBERS", &d]);
        // An empty result deletes the destination.
        p.check(&[op, &d, &none]);
        assert_int(&p.check(&["EXISTS", &d]), 0);
        p.check(&["SET", &d, "v"]);
        p.check(&[op, &d, &none, &none]);
        p.check(&["EXISTS", &d]);
    }
    p.check(&["SDIFFSTORE", &d, &a, &a]);
    p.check(&["EXISTS", &d]);
}

#[test]
fn sintercard_counts_with_limit_and_rejects_bad_arguments_like_redis() {
    let mut p = Pair::new();
    let (a, b, none) = (k("sic", "a"), k("sic", "b"), k("sic", "none"));
    p.check(&["DEL", &a, &b, &none]);
    p.check(&["SADD", &a, "1", "2", "3", "4", "x"]);
    p.check(&["SADD", &b, "2", "3", "4", "x", "y"]);
    p.check(&["SINTERCARD", "2", &a, &b]);
    p.check(&["SINTERCARD", "1", &a]);
    p.check(&["SINTERCARD", "2", &a, &none]);
    for limit in ["0", "1", "3", "4", "100"] {
        p.check(&["SINTERCARD", "2", &a, &b, "LIMIT", limit]);
    }
    p.check(&["SINTERCARD", "2", &a, &b, "limit", "1", "LIMIT", "2"]);
    for bad in [
        vec!["SINTERCARD", "0", &a],
        vec!["SINTERCARD", "-1", &a],
        vec!["SINTERCARD", "x", &a],
        vec!["SINTERCARD", "3", &a, &b],
        vec!["SINTERCARD", "1", &a, "LIMIT"],
        vec!["SINTERCARD", "1", &a, "LIMIT", "-1"],
        vec!["SINTERCARD", "1", &a, "LIMIT", "x"],
        vec!["SINTERCARD", "1", &a, "FOO", "1"],
        vec!["SINTERCARD", "1", &a, &b],
        vec!["SINTERCARD", "1"],
    ] {
        assert!(p.check(&bad).is_error(), "{bad:?}");
    }
    // The key specs drive COMMAND GETKEYS (and the dispatcher's locks).
    p.check(&[
        "COMMAND",
        "GETKEYS",
        "SINTERCARD",
        "2",
        &a,
        &b,
        "LIMIT",
        "1",
    ]);
    p.check(&["COMMAND", "GETKEYS", "SMOVE", &a, &b, "m"]);
    p.check(&["COMMAND", "GETKEYS", "SINTERSTORE", "d", &a, &b]);
}

#[test]
fn smove_moves_creates_and_deletes_like_redis() {
    let mut p = Pair::new();
    let (a, b, none, st) = (
        k("smove", "a"),
        k("smove", "b"),
        k("smove", "none"),
        k("smove", "str"),
    );
    p.check(&["DEL", &a, &b, &none, &st]);
    p.check(&["SADD", &a, "1", "x"]);
    p.check(&["SMOVE", &a, &b, "x"]);
    p.check_sorted(&["SMEMBERS", &a]);
    p.check_sorted(&["SMEMBERS", &b]);
    p.check(&["SMOVE", &a, &b, "nope"]);
    p.check(&["SMOVE", &none, &b, "x"]);
    p.check(&["SMOVE", &a, &a, "1"]);
    p.check(&["SMOVE", &a, &a, "nope"]);
    p.check(&["SADD", &b, "1"]);
    // Already in the destination: still 1, removed from the source, which empties and dies.
    p.check(&["SMOVE", &a, &b, "1"]);
    p.check(&["EXISTS", &a]);
    p.check(&["SCARD", &b]);
    p.check(&["SET", &st, "v"]);
    p.check(&["SMOVE", &none, &st, "x"]);
}

#[test]
fn srandmember_returns_distinct_or_repeated_members_as_redis_defines() {
    let mut p = Pair::new();
    let (s, none) = (k("srand", "s"), k("srand", "none"));
    p.check(&["DEL", &s, &none]);
    let all: BTreeSet<Vec<u8>> = (0..50).map(|i| format!("m{i}").into_bytes()).collect();
    let mut args = vec!["SADD".to_string(), s.clone()];
    args.extend((0..50).map(|i| format!("m{i}")));
    p.check(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    each(&mut p, &["SRANDMEMBER", &s], |who, v| {
        assert!(all.contains(&v.as_bytes()), "{who}")
    });
    for n in [1usize, 5, 16, 17, 49] {
        let ns = n.to_string();
        each(&mut p, &["SRANDMEMBER", &s, &ns], |who, v| {
            let got = list(v);
            let uniq: BTreeSet<_> = got.iter().cloned().collect();
            assert_eq!(got.len(), n, "{who} count {n}");
            assert_eq!(uniq.len(), n, "{who}: distinct");
            assert!(uniq.is_subset(&all), "{who}");
        });
    }
    p.check_sorted(&["SRANDMEMBER", &s, "50"]);
    p.check_sorted(&["SRANDMEMBER", &s, "1000"]);
    p.check(&["SRANDMEMBER", &s, "0"]);
    each(&mut p, &["SRANDMEMBER", &s, "-200"], |who, v| {
        let got = list(v);
        assert_eq!(got.len(), 200, "{who}");
        let uniq: BTreeSet<_> = got.into_iter().collect();
        assert!(uniq.is_subset(&all) && uniq.len() < 200, "{who}: repeats");
    });
    p.check(&["SCARD", &s]);
    p.check(&["SRANDMEMBER", &none]);
    p.check(&["SRANDMEMBER", &none, "3"]);
    p.check(&["SRANDMEMBER", &none, "-3"]);
    p.check(&["SRANDMEMBER", &s, "x"]);
    p.check(&["SRANDMEMBER", &s, "-9223372036854775808"]);
    p.check(&["SRANDMEMBER", &s, "1", "2"]);
    p.check(&["SRANDMEMBER", &s, "1.5"]);
}

#[test]
fn an_spop_leaving_a_fifth_or_less_re_encodes_the_survivors() {
    let mut p = Pair::new();
    let (a, b, c) = (k("spopenc", "a"), k("spopenc", "b"), k("spopenc", "c"));
    p.check(&["DEL", &a, &b, &c]);
    let ints: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
    for key in [&a, &b] {
        let mut args = vec!["SADD", key.as_str(), "x"];
        args.extend(ints.iter().map(|s| s.as_str()));
        p.check(&args);
        p.check(&["SREM", key, "x"]);
        assert_bulk(&p.check(&["OBJECT", "ENCODING", key]), b"hashtable");
    }
    // 2 survivors of 10 popped: the set is rebuilt from integers only.
    p.both(&["SPOP", &a, "10"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &a]), b"intset");
    p.check(&["SCARD", &a]);
    // 3 survivors of 9 popped: the popped members are removed and the encoding stays.
    p.both(&["SPOP", &b, "9"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &b]), b"hashtable");
    // Survivors that are not integers stay a hashtable.
    p.check(&["SADD", &c, "a", "b", "c", "d", "e", "f"]);
    p.both(&["SPOP", &c, "5"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", &c]), b"hashtable");
    p.check(&["DEL", &a, &b, &c]);
}

#[test]
fn spop_removes_what_it_returns_and_deletes_an_emptied_set() {
    let mut p = Pair::new();
    let (s, none) = (k("spop", "s"), k("spop", "none"));
    p.check(&["DEL", &s, &none]);
    let mut args = vec!["SADD".to_string(), s.clone()];
    args.extend((0..40).map(|i| format!("{i}")));
    p.check(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    let mut left_s: BTreeSet<Vec<u8>> = (0..40).map(|i| format!("{i}").into_bytes()).collect();
    let mut left_r = left_s.clone();
    for cmd in [
        vec!["SPOP", &s],
        vec!["SPOP", &s, "3"],
        vec!["SPOP", &s, "20"],
    ] {
        each(&mut p, &cmd, |who, v| {
            let left = if who == "strata" {
                &mut left_s
            } else {
                &mut left_r
            };
            let got = match v {
                Value::Bulk(Some(b)) => vec![b],
                other => list(other),
            };
            let want = cmd.get(2).map_or(1, |n| n.parse().unwrap());
            assert_eq!(got.len(), want, "{who} {cmd:?}");
            for m in got {
                assert!(left.remove(&m), "{who}: popped a non-member or twice");
            }
        });
        let (ss, rr) = p.both(&["SMEMBERS", &s]);
        assert_eq!(members(ss), left_s);
        if let Some(rr) = rr {
            assert_eq!(members(rr), left_r);
        }
    }
    p.check(&["SCARD", &s]);
    p.check(&["SPOP", &s, "0"]);
    p.check_sorted(&["SPOP", &s, "0"]);
    // Popping at least the whole set returns it all and deletes the key.
    each(&mut p, &["SPOP", &s, "100"], |who, v| {
        assert_eq!(list(v).len(), 16, "{who}")
    });
    p.check(&["EXISTS", &s]);
    p.check(&["SPOP", &s]);
    p.check(&["SPOP", &none, "2"]);
    p.check(&["SADD", &s, "only"]);
    p.check(&["SPOP", &s]);
    p.check(&["EXISTS", &s]);
    p.check(&["SPOP", &s, "-1"]);
    p.check(&["SPOP", &s, "x"]);
    p.check(&["SPOP", &s, "1", "2"]);
    p.check(&["SADD", &s, "a"]);
    p.check(&["SPOP", &s, "-1"]);
}

#[test]
fn spop_and_smembers_use_the_resp3_set_type() {
    let mut p = Pair::new();
    let s = k("resp3", "s");
    p.both(&["HELLO", "3"]);
    p.check(&["DEL", &s]);
    p.check(&["SADD", &s, "a", "b"]);
    p.check_sorted(&["SMEMBERS", &s]);
    p.check_sorted(&["SINTER", &s]);
    p.check_sorted(&["SUNION", &s, &s]);
    p.check_sorted(&["SDIFF", &s]);
    p.check_sorted(&["SRANDMEMBER", &s, "5"]);
    p.check(&["SMISMEMBER", &s, "a", "c"]);
    p.check(&["SPOP", &s, "0"]);
    p.check_sorted(&["SPOP", &s, "5"]);
    p.check(&["SPOP", &s, "1"]);
    p.check(&["SRANDMEMBER", &s, "1"]);
    p.check(&["SMEMBERS", &s]);
}

#[test]
fn sscan_returns_a_small_intset_in_one_call_and_pages_a_hashtable() {
    let mut p = Pair::new();
    let (i, h, none) = (k("sscan", "i"), k("sscan", "h"), k("sscan", "none"));
    p.check(&["DEL", &i, &h, &none]);
    let mut args = vec!["SADD".to_string(), i.clone()];
    args.extend((0..100).map(|n| n.to_string()));
    p.check(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    // An intset comes back whole with cursor 0 whatever COUNT says.
    for extra in [
        vec![],
        vec!["COUNT", "5"],
        vec!["MATCH", "1*"],
        vec!["MATCH", "*7", "COUNT", "2"],
    ] {
        let mut cmd = vec!["SSCAN", i.as_str(), "0"];
        cmd.extend(extra);
        let v = p.both(&cmd);
        let norm = |v: Value| {
            let mut parts = items(v);
            let ms = members(parts.pop().unwrap());
            (parts.pop().unwrap().as_str(), ms)
        };
        if let Some(r) = v.1 {
            assert_eq!(norm(v.0), norm(r), "{cmd:?}");
        }
    }
    p.check(&["SSCAN", &none, "0"]);
    for bad in [
        vec!["SSCAN", &i, "x"],
        vec!["SSCAN", &i, "0", "COUNT", "0"],
        vec!["SSCAN", &i, "0", "COUNT", "x"],
        vec!["SSCAN", &i, "0", "MATCH"],
        vec!["SSCAN", &i, "0", "TYPE", "string"],
    ] {
        assert!(p.check(&bad).is_error(), "{bad:?}");
    }
    // A hashtable is paged: every member exactly once, MATCH applied.
    let all: BTreeSet<Vec<u8>> = (0..300)
        .map(|n| format!("member:{n}").into_bytes())
        .collect();
    let mut args = vec!["SADD".to_string(), h.clone()];
    args.extend((0..300).map(|n| format!("member:{n}")));
    p.check(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    for (extra, want) in [
        (vec!["COUNT", "7"], all.clone()),
        (
            vec!["MATCH", "member:1*"],
            all.iter()
                .filter(|m| m.starts_with(b"member:1"))
                .cloned()
                .collect(),
        ),
    ] {
        let c = &mut p.strata;
        let (mut cursor, mut seen, mut calls) = ("0".to_string(), Vec::new(), 0);
        loop {
            let mut cmd = vec!["SSCAN", h.as_str(), cursor.as_str()];
            cmd.extend(extra.iter().copied());
            let mut parts = items(c.cmd(&cmd));
            seen.extend(list(parts.pop().unwrap()));
            cursor = parts.pop().unwrap().as_str();
            calls += 1;
            if cursor == "0" {
                break;
            }
        }
        assert!(calls > 1, "a 300-member hashtable is paged");
        let uniq: BTreeSet<_> = seen.iter().cloned().collect();
        assert_eq!(uniq.len(), seen.len(), "no duplicates");
        assert_eq!(uniq, want);
    }
}

#[test]
fn rename_copy_and_move_carry_a_set() {
    let (s, _) = shared();
    let mut c = s.client();
    let (a, b, cc) = (k("carry", "a"), k("carry", "b"), k("carry", "c"));
    c.cmd(&["DEL", &a, &b, &cc]);
    c.cmd(&["SADD", &a, "1", "2", "x"]);
    assert_ok(&c.cmd(&["RENAME", &a, &b]));
    assert_int(&c.cmd(&["EXISTS", &a]), 0);
    assert_eq!(members(c.cmd(&["SMEMBERS", &b])).len(), 3);
    assert_int(&c.cmd(&["COPY", &b, &cc]), 1);
    c.cmd(&["SREM", &b, "1"]);
    assert_int(&c.cmd(&["SCARD", &cc]), 3);
    assert_int(&c.cmd(&["SISMEMBER", &cc, "x"]), 1);
    assert_bulk(&c.cmd(&["OBJECT", "ENCODING", &cc]), b"hashtable");
    c.cmd(&["SELECT", "9"]);
    c.cmd(&["DEL", &cc]);
    c.cmd(&["SELECT", "0"]);
    assert_int(&c.cmd(&["MOVE", &cc, "9"]), 1);
    assert_int(&c.cmd(&["EXISTS", &cc]), 0);
    c.cmd(&["SELECT", "9"]);
    assert_eq!(
        members(c.cmd(&["SMEMBERS", &cc])),
        [&b"1"[..], b"2", b"x"].iter().map(|m| m.to_vec()).collect()
    );
    assert_int(&c.cmd(&["SREM", &cc, "1", "2", "x"]), 3);
    assert_int(&c.cmd(&["EXISTS", &cc]), 0);
    c.cmd(&["SELECT", "0"]);
}

#[test]
fn an_expired_set_is_missing() {
    let mut p = Pair::new();
    let s = k("exp", "s");
    p.check(&["DEL", &s]);
    p.check(&["SADD", &s, "a", "b"]);
    p.check(&["PEXPIRE", &s, "20"]);
    std::thread::sleep(Duration::from_millis(60));
    p.check(&["SCARD", &s]);
    p.check(&["SISMEMBER", &s, "a"]);
    p.check(&["SADD", &s, "c"]);
    p.check_sorted(&["SMEMBERS", &s]);
    p.check(&["TTL", &s]);
}

/// A 200k-member set: single and small-count SRANDMEMBER/SPOP seek instead of reading the set.
#[test]
fn sampling_a_large_set_is_fast() {
    let srv = Server::strata();
    let mut c = srv.client();
    const N: usize = 200_000;
    const CHUNK: usize = 5_000;
    for chunk in 0..N / CHUNK {
        let mut cmd = vec!["SADD".to_string(), "big".to_string()];
        cmd.extend((chunk * CHUNK..(chunk + 1) * CHUNK).map(|i| format!("member:{i:07}")));
        let refs: Vec<&str> = cmd.iter().map(|s| s.as_str()).collect();
        assert_int(&c.cmd(&refs), CHUNK as i64);
    }
    assert_int(&c.cmd(&["SCARD", "big"]), N as i64);
    let full = Instant::now();
    assert_eq!(list(c.cmd(&["SMEMBERS", "big"])).len(), N);
    let full = full.elapsed();

    let t = Instant::now();
    let mut seen = BTreeSet::new();
    for _ in 0..200 {
        seen.insert(c.cmd(&["SRANDMEMBER", "big"]).as_bytes());
    }
    let sampled = list(c.cmd(&["SRANDMEMBER", "big", "10"]));
    assert_eq!(sampled.iter().collect::<BTreeSet<_>>().len(), 10);
    assert_eq!(list(c.cmd(&["SRANDMEMBER", "big", "-10"])).len(), 10);
    let popped = list(c.cmd(&["SPOP", "big", "10"]));
    assert_eq!(popped.len(), 10);
    for _ in 0..50 {
        assert!(!c.cmd(&["SPOP", "big"]).is_nil());
    }
    let small = t.elapsed();
    assert_int(&c.cmd(&["SCARD", "big"]), (N - 60) as i64);
    for m in &popped {
        assert_int(&c.cmd_bytes(&[b"SISMEMBER", b"big", m]), 0);
    }
    // Fixed-width members: the random seek is close to uniform, so 200 draws barely repeat.
    assert!(
        seen.len() > 190,
        "only {} distinct of 200 draws",
        seen.len()
    );
    // 263 sampling commands cost less than reading the set once.
    assert!(
        small < full,
        "sampling took {small:?}, reading the whole set {full:?}"
    );
}

fn model_members(sets: &[BTreeSet<u8>], i: usize) -> Vec<String> {
    sets[i].iter().map(|m| format!("m{m}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// SINTER/SUNION/SDIFF (and SINTERCARD, the STORE forms) agree with a BTreeSet model.
    #[test]
    fn set_algebra_agrees_with_a_btreeset_model(
        sets in proptest::collection::vec(proptest::collection::btree_set(0u8..40, 0..25), 1..5),
        order in proptest::collection::vec(0usize..5, 1..5),
    ) {
        let (srv, _) = shared();
        let mut c = srv.client();
        let names: Vec<String> = (0..5).map(|i| k("model", &i.to_string())).collect();
        let dst = k("model", "dst");
        let mut del = vec!["DEL", dst.as_str()];
        del.extend(names.iter().map(|s| s.as_str()));
        c.cmd(&del);
        for (i, s) in sets.iter().enumerate() {
            if s.is_empty() {
                continue;
            }
            let ms = model_members(&sets, i);
            let mut cmd = vec!["SADD", names[i].as_str()];
            cmd.extend(ms.iter().map(|s| s.as_str()));
            c.cmd(&cmd);
        }
        // Keys beyond `sets` are missing (empty) sets.
        let empty = BTreeSet::new();
        let model_of = |i: usize| sets.get(i).unwrap_or(&empty);
        let keys: Vec<&str> = order.iter().map(|&i| names[i].as_str()).collect();
        let as_bytes = |s: &BTreeSet<u8>| -> BTreeSet<Vec<u8>> {
            s.iter().map(|m| format!("m{m}").into_bytes()).collect()
        };
        let mut inter = model_of(order[0]).clone();
        let mut uni = BTreeSet::new();
        let mut diff = model_of(order[0]).clone();
        for (n, &i) in order.iter().enumerate() {
            inter = inter.intersection(model_of(i)).copied().collect();
            uni = uni.union(model_of(i)).copied().collect();
            if n > 0 {
                diff = diff.difference(model_of(i)).copied().collect();
            }
        }
        for (op, want) in [("SINTER", &inter), ("SUNION", &uni), ("SDIFF", &diff)] {
            let mut cmd = vec![op];
            cmd.extend(keys.iter().copied());
            prop_assert_eq!(members(c.cmd(&cmd)), as_bytes(want), "{}", op);
            let store = format!("{op}STORE");
            let mut cmd = vec![store.as_str(), dst.as_str()];
            cmd.extend(keys.iter().copied());
            assert_int(&c.cmd(&cmd), want.len() as i64);
            prop_assert_eq!(members(c.cmd(&["SMEMBERS", &dst])), as_bytes(want));
            assert_int(&c.cmd(&["EXISTS", &dst]), (!want.is_empty()) as i64);
        }
        let n = keys.len().to_string();
        let mut cmd = vec!["SINTERCARD", n.as_str()];
        cmd.extend(keys.iter().copied());
        assert_int(&c.cmd(&cmd), inter.len() as i64);
        cmd.extend(["LIMIT", "2"]);
        assert_int(&c.cmd(&cmd), inter.len().min(2) as i64);
    }
}

/// Sets read by the algebra are cached whole; every kind of write must show in the next read,
/// including writes that leave the size as it was (SPOP then SADD, SMOVE in and out).
#[test]
fn the_algebra_after_every_kind_of_write_sees_the_write() {
    let mut p = Pair::new();
    let (a, b, c) = (k("cache", "{x}a"), k("cache", "{x}b"), k("cache", "{x}c"));
    p.check(&["DEL", &a, &b, &c]);
    p.check(&["SADD", &a, "1", "2", "3", "x", "y"]);
    p.check(&["SADD", &b, "2", "3", "4", "x"]);
    let reads: &[&[&str]] = &[
        &["SINTER", &a, &b],
        &["SUNION", &a, &b],
        &["SDIFF", &a, &b],
        &["SDIFF", &b, &a],
        &["SINTERCARD", "2", &a, &b],
    ];
    for write in [
        &["SADD", &a, "4"][..],
        &["SREM", &a, "4"],
        &["SREM", &b, "x"],
        &["SADD", &b, "y"],
        &["SMOVE", &a, &b, "1"],
        &["SMOVE", &b, &a, "1"],
        &["SINTERSTORE", &c, &a, &b],
        &["SUNIONSTORE", &a, &a, &c],
        &["EXPIRE", &a, "100"],
        &["DEL", &b],
        &["SADD", &b, "1"],
    ] {
        for r in reads {
            p.check_sorted(r);
        }
        p.check(write);
    }
    for r in reads {
        p.check_sorted(r);
    }
    // A pop then an add of another member keeps version and size: only invalidation tells.
    for s in fresh_servers() {
        let mut cl = s.client();
        cl.cmd(&["SADD", &a, "p", "q"]);
        let before = members(cl.cmd(&["SUNION", &a]));
        let popped = cl.cmd(&["SPOP", &a]).as_bytes();
        cl.cmd(&["SADD", &a, "new-member"]);
        let after = members(cl.cmd(&["SUNION", &a]));
        assert!(!after.contains(&popped) && after.contains(b"new-member".as_slice()));
        assert_eq!(before.len(), after.len());
        cl.cmd(&["DEL", &a]);
    }
    p.check(&["DEL", &a, &b, &c]);
}

/// Draining a big set with SPOP and SREM moves it to fresh versions as tombstones pile up;
/// nothing may be lost or duplicated on the way, one by one or pipelined.
#[test]
fn a_set_drained_by_spop_and_srem_loses_nothing() {
    let s = &fresh_servers()[0];
    let mut c = s.client();
    let key = k("drain", "s");
    c.cmd(&["DEL", &key]);
    let all: BTreeSet<Vec<u8>> = (0..30000).map(|i| format!("m{i}").into_bytes()).collect();
    for chunk in all.iter().collect::<Vec<_>>().chunks(1000) {
        let mut args: Vec<&[u8]> = vec![b"SADD", key.as_bytes()];
        args.extend(chunk.iter().map(|m| m.as_slice()));
        c.cmd_bytes(&args);
    }
    let mut popped = BTreeSet::new();
    // 20,000 single pops, pipelined 500 at a time.
    for _ in 0..40 {
        let mut raw = Vec::new();
        for _ in 0..500 {
            raw.extend(encode_cmd(&[b"SPOP", key.as_bytes()]));
        }
        c.send_raw(&raw);
        for _ in 0..500 {
            assert!(
                popped.insert(c.read_value().as_bytes()),
                "a member popped twice"
            );
        }
    }
    // SREM of 5,000 members still there, and of 100 already gone.
    let left: Vec<Vec<u8>> = all.difference(&popped).take(5000).cloned().collect();
    let gone: Vec<Vec<u8>> = popped.iter().take(100).cloned().collect();
    let mut args: Vec<&[u8]> = vec![b"SREM", key.as_bytes()];
    args.extend(left.iter().chain(&gone).map(|m| m.as_slice()));
    assert_int(&c.cmd_bytes(&args), 5000);
    assert_int(&c.cmd(&["SCARD", &key]), 5000);
    let rest = members(c.cmd(&["SMEMBERS", &key]));
    assert_eq!(rest.len(), 5000);
    assert!(rest.is_disjoint(&popped));
    let expect: BTreeSet<Vec<u8>> = all
        .difference(&popped)
        .filter(|m| !left.contains(m))
        .cloned()
        .collect();
    assert_eq!(rest, expect);
    assert_int(
        &c.cmd(&["SISMEMBER", &key, std::str::from_utf8(&left[0]).unwrap()]),
        0,
    );
    c.cmd(&["DEL", &key]);
}

/// SPOP of a set big enough to be dealt into a deck (see `storage/src/deck.rs`), mixed with
/// every other kind of write to it, agrees with a model: each popped member was there and is
/// gone, counts match throughout, and what is left is exactly the model's.
#[test]
fn spop_mixed_with_other_writes_agrees_with_a_model() {
    let srv = Server::strata();
    let mut c = srv.client();
    let (key, other) = (k("deck", "{d}s"), k("deck", "{d}other"));
    let mut model: BTreeSet<Vec<u8>> = BTreeSet::new();
    for chunk in 0..5 {
        let batch: Vec<String> = (chunk * 1000..(chunk + 1) * 1000)
            .map(|i| format!("m{i}"))
            .collect();
        let mut args = vec!["SADD", key.as_str()];
        args.extend(batch.iter().map(|s| s.as_str()));
        assert_int(&c.cmd(&args), 1000);
        model.extend(batch.into_iter().map(String::into_bytes));
    }
    // A deterministic generator, so that a failure reproduces.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut fresh = 5000;
    for step in 0..4000 {
        let roll = next() % 100;
        let some_member = || model.iter().nth(step % model.len().max(1)).cloned();
        match roll {
            0..=69 => {
                let popped = c.cmd(&["SPOP", &key]).as_bytes();
                assert!(model.remove(&popped), "step {step}: popped {popped:?}");
            }
            70..=79 => {
                for popped in list(c.cmd(&["SPOP", &key, "3"])) {
                    assert!(model.remove(&popped), "step {step}: popped {popped:?}");
                }
            }
            80..=89 => {
                let m = format!("m{fresh}");
                fresh += 1;
                assert_int(&c.cmd(&["SADD", &key, &m]), 1);
                model.insert(m.into_bytes());
            }
            90..=94 => {
                if let Some(m) = some_member() {
                    assert_int(&c.cmd_bytes(&[b"SREM", key.as_bytes(), &m]), 1);
                    model.remove(&m);
                }
            }
            _ => {
                // Out and back: the set ends as it was, through two writes.
                if let Some(m) = some_member() {
                    assert_int(
                        &c.cmd_bytes(&[b"SMOVE", key.as_bytes(), other.as_bytes(), &m]),
                        1,
                    );
                    assert_int(
                        &c.cmd_bytes(&[b"SMOVE", other.as_bytes(), key.as_bytes(), &m]),
                        1,
                    );
                }
            }
        }
        if step % 250 == 0 {
            assert_int(&c.cmd(&["SCARD", &key]), model.len() as i64);
        }
    }
    assert_eq!(members(c.cmd(&["SMEMBERS", &key])), model);
}

#[test]
fn intsets_reply_in_numeric_order_like_redis() {
    let mut p = Pair::new();
    let k = "sets:intorder";
    p.check(&["DEL", k]);
    p.check(&[
        "SADD",
        k,
        "3",
        "1",
        "2",
        "-1",
        "10",
        "-20",
        "9223372036854775807",
    ]);
    p.check(&["OBJECT", "ENCODING", k]);
    p.check(&["SMEMBERS", k]);
    p.check(&["SSCAN", k, "0"]);
    p.check(&["SSCAN", k, "0", "MATCH", "1*"]);
    p.both(&["HELLO", "3"]);
    p.check(&["SMEMBERS", k]);
    p.both(&["HELLO", "2"]);
}
