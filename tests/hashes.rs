//! Differential tests for the hash commands (HSET ... HSCAN, HRANDFIELD) against a real
//! redis-server 7.0, plus black-box tests of Redis 7.4 hash field expiry (HEXPIRE and friends),
//! which Redis 7.0 does not have, so those assert the documented behaviour directly.
//!
//! Tests on the shared servers prefix every key with `hashes:<test>:`.

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// HGETALL-style flat reply as a set of (field, value) pairs.
fn pairs(v: Value) -> BTreeSet<(Vec<u8>, Vec<u8>)> {
    let it = items(v);
    assert!(it.len().is_multiple_of(2), "odd-length pair list");
    it.chunks(2)
        .map(|c| (c[0].as_bytes(), c[1].as_bytes()))
        .collect()
}

/// Runs a command whose reply is a flat list of pairs on both servers and compares the pairs
/// as sets (the order is unspecified).
fn check_pairs(p: &mut Pair, args: &[&str]) -> BTreeSet<(Vec<u8>, Vec<u8>)> {
    let (s, r) = p.both(args);
    let s = pairs(s);
    if let Some(r) = r {
        assert_eq!(s, pairs(r), "{args:?}: strata and redis pairs differ");
    }
    s
}

fn strs(v: Value) -> Vec<String> {
    items(v).iter().map(|x| x.as_str()).collect()
}

/// Fills `key` with `n` fields `f<i>` = `v<i>` on both servers, in big HSET batches.
fn fill(p: &mut Pair, key: &str, n: usize) {
    let mut i = 0;
    while i < n {
        let mut args = vec!["HSET".to_string(), key.to_string()];
        for j in i..(i + 1000).min(n) {
            args.push(format!("f{j}"));
            args.push(format!("v{j}"));
        }
        i += 1000;
        let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        p.both(&refs);
    }
}

// ---------------------------------------------------------------- basic commands

#[test]
fn hset_counts_only_new_fields_and_hget_reads_them() {
    let mut p = Pair::new();
    let k = "hashes:basic:h";
    p.check(&["DEL", k]);
    p.check(&["HSET", k, "a", "1", "b", "2"]);
    p.check(&["HSET", k, "a", "10", "c", "3"]);
    p.check(&["HSET", "hashes:basic:h2", "x", "1", "x", "2"]);
    p.check(&["HGET", "hashes:basic:h2", "x"]);
    assert_bulk(&p.check(&["HGET", k, "a"]), b"10");
    p.check(&["HGET", k, "nofield"]);
    p.check(&["HGET", "hashes:basic:nokey", "a"]);
    p.check(&["HMGET", k, "a", "nofield", "c", "a"]);
    p.check(&["HMGET", "hashes:basic:nokey", "a", "b"]);
    assert_int(&p.check(&["HLEN", k]), 3);
    p.check(&["HLEN", "hashes:basic:nokey"]);
    p.check(&["HEXISTS", k, "b"]);
    p.check(&["HEXISTS", k, "zz"]);
    p.check(&["HEXISTS", "hashes:basic:nokey", "zz"]);
    p.check(&["HSTRLEN", k, "a"]);
    p.check(&["HSTRLEN", k, "zz"]);
    p.check(&["HSTRLEN", "hashes:basic:nokey", "zz"]);
    p.check(&["TYPE", k]);
    p.check(&["DEL", "hashes:basic:h2"]);
}

#[test]
fn hsetnx_and_hmset_follow_redis() {
    let mut p = Pair::new();
    let k = "hashes:nx:h";
    p.check(&["DEL", k]);
    p.check(&["HSETNX", k, "a", "1"]);
    p.check(&["HSETNX", k, "a", "2"]);
    p.check(&["HGET", k, "a"]);
    p.check(&["HMSET", k, "b", "2", "c", "3"]);
    p.check(&["HMSET", k, "b"]);
    p.check(&["HSET", k, "b"]);
    p.check(&["HSET", k]);
    p.check(&["HMGET", k, "a", "b", "c"]);
    check_pairs(&mut p, &["HGETALL", k]);
}

#[test]
fn hdel_of_last_field_deletes_the_key() {
    let mut p = Pair::new();
    let k = "hashes:del:h";
    p.check(&["DEL", k]);
    p.check(&["HSET", k, "a", "1", "b", "2", "c", "3"]);
    p.check(&["HDEL", k, "a", "a", "nofield"]);
    p.check(&["HDEL", k, "b", "c", "d"]);
    p.check(&["EXISTS", k]);
    p.check(&["TYPE", k]);
    p.check(&["HLEN", k]);
    p.check(&["HDEL", k, "a"]);
    // A recreated hash starts empty.
    p.check(&["HSET", k, "z", "26"]);
    check_pairs(&mut p, &["HGETALL", k]);
}

#[test]
fn hgetall_hkeys_hvals_return_every_field() {
    let mut p = Pair::new();
    let k = "hashes:all:h";
    p.check(&["DEL", k]);
    p.check(&["HSET", k, "a", "1", "b", "", "", "empty-name", "c", "3"]);
    let all = check_pairs(&mut p, &["HGETALL", k]);
    assert_eq!(all.len(), 4);
    p.check_sorted(&["HKEYS", k]);
    p.check_sorted(&["HVALS", k]);
    p.check(&["HGETALL", "hashes:all:nokey"]);
    p.check(&["HKEYS", "hashes:all:nokey"]);
    p.check(&["HVALS", "hashes:all:nokey"]);
    // RESP3: HGETALL is a map (one field, so the order is fixed).
    p.both(&["HELLO", "3"]);
    p.check(&["HSET", "hashes:all:one", "f", "v"]);
    p.check(&["HGETALL", "hashes:all:one"]);
    p.check(&["HGETALL", "hashes:all:nokey"]);
    p.both(&["HELLO", "2"]);
    p.check(&["DEL", "hashes:all:one"]);
}

#[test]
fn hash_commands_against_other_types_return_wrongtype() {
    let mut p = Pair::new();
    let k = "hashes:wrongtype:s";
    p.check(&["SET", k, "1"]);
    for cmd in [
        &["HSET", k, "a", "1"][..],
        &["HSETNX", k, "a", "1"],
        &["HMSET", k, "a", "1"],
        &["HGET", k, "a"],
        &["HMGET", k, "a"],
        &["HGETALL", k],
        &["HDEL", k, "a"],
        &["HLEN", k],
        &["HEXISTS", k, "a"],
        &["HKEYS", k],
        &["HVALS", k],
        &["HSTRLEN", k, "a"],
        &["HINCRBY", k, "a", "1"],
        &["HINCRBYFLOAT", k, "a", "1"],
        &["HRANDFIELD", k],
        &["HRANDFIELD", k, "2"],
        &["HSCAN", k, "0"],
    ] {
        p.check(cmd);
    }
    p.check(&["GET", k]);
    // And string commands against a hash.
    p.check(&["HSET", "hashes:wrongtype:h", "a", "1"]);
    p.check(&["GET", "hashes:wrongtype:h"]);
    p.check(&["INCR", "hashes:wrongtype:h"]);
}

#[test]
fn integer_like_values_and_fields_round_trip_exactly() {
    let mut p = Pair::new();
    let k = "hashes:exact:h";
    p.check(&["DEL", k]);
    let odd = [
        "007",
        "-0",
        "+1",
        "1.0",
        "0x10",
        " 1",
        "9223372036854775808",
        "-9223372036854775808",
        "1e3",
    ];
    for (i, v) in odd.iter().enumerate() {
        p.check(&["HSET", k, v, v]);
        p.check(&["HGET", k, v]);
        p.check(&["HSTRLEN", k, v]);
        p.check(&["HINCRBY", k, v, "1"]);
        assert!(i < odd.len());
    }
    let bin: &[u8] = b"\x00\xff\r\n";
    p.check_bytes(&[b"HSET", k.as_bytes(), bin, bin]);
    p.check_bytes(&[b"HGET", k.as_bytes(), bin]);
}

#[test]
fn hincrby_and_hincrbyfloat_match_redis() {
    let mut p = Pair::new();
    let k = "hashes:incr:h";
    p.check(&["DEL", k, "hashes:incr:new", "hashes:incr:newf"]);
    p.check_all(&[
        &["HINCRBY", "hashes:incr:new", "n", "5"],
        &["HINCRBY", "hashes:incr:new", "n", "-7"],
        &["HINCRBY", k, "n", "x"],
        &["HINCRBY", k, "n", "1.5"],
        &[
            "HSET",
            k,
            "s",
            "abc",
            "big",
            "9223372036854775807",
            "f",
            "1.5",
        ],
        &["HINCRBY", k, "s", "1"],
        &["HINCRBY", k, "f", "1"],
        &["HINCRBY", k, "big", "1"],
        &["HINCRBY", k, "big", "-1"],
        &["HGET", k, "big"],
        &["HINCRBYFLOAT", "hashes:incr:newf", "x", "1.5"],
        &["HINCRBYFLOAT", k, "f", "0.1"],
        &["HINCRBYFLOAT", k, "f", "-1.6"],
        &["HINCRBYFLOAT", k, "f", "5.0e3"],
        &["HINCRBYFLOAT", k, "s", "1"],
        &["HINCRBYFLOAT", k, "f", "abc"],
        &["HINCRBYFLOAT", k, "f", "inf"],
        &["HINCRBYFLOAT", k, "f", "-inf"],
        &["HINCRBYFLOAT", k, "f", "nan"],
        &["HINCRBYFLOAT", k, "f", ""],
        &["HINCRBYFLOAT", k, "g", "1e400"],
        &["HSET", k, "h", "1e4000"],
        &["HINCRBYFLOAT", k, "h", "1"],
        &["HGET", k, "f"],
        &["HINCRBY", k, "f", "1"],
        &["HINCRBYFLOAT", k, "n2", "3"],
        &["HGET", k, "n2"],
        &["HINCRBY", k, "n2", "1"],
    ]);
}

#[test]
fn object_encoding_switches_from_listpack_to_hashtable_like_redis() {
    let mut p = Pair::new();
    let long = "x".repeat(65);
    let k = "hashes:enc:h";
    p.check(&["DEL", k, "hashes:enc:v", "hashes:enc:f", "hashes:enc:i"]);
    p.check(&["HSET", k, "a", "1"]);
    p.check(&["OBJECT", "ENCODING", k]);
    p.check(&["HSET", "hashes:enc:v", "a", &long]);
    p.check(&["OBJECT", "ENCODING", "hashes:enc:v"]);
    p.check(&["HSET", "hashes:enc:f", &long, "1"]);
    p.check(&["OBJECT", "ENCODING", "hashes:enc:f"]);
    p.check(&["HINCRBY", "hashes:enc:i", &long, "1"]);
    p.check(&["OBJECT", "ENCODING", "hashes:enc:i"]);
    // 512 fields stay a listpack, the 513th converts it, and deleting does not convert back.
    fill(&mut p, k, 512);
    p.check(&["OBJECT", "ENCODING", k]);
    p.check(&["HSET", k, "one-more", "1"]);
    p.check(&["OBJECT", "ENCODING", k]);
    p.check(&["HDEL", k, "one-more", "f1", "f2"]);
    p.check(&["OBJECT", "ENCODING", k]);
    p.check(&["HLEN", k]);
    p.check(&["DEL", k, "hashes:enc:v", "hashes:enc:f", "hashes:enc:i"]);
}

// ---------------------------------------------------------------- HRANDFIELD

/// A huge repeated sample would take all the memory there is (Redis 7.0 tries and dies);
/// Strata refuses it, keeps serving, and still answers big ones.
#[test]
fn random_samples_too_big_to_build_are_refused() {
    let (s, _) = shared();
    let mut c = s.client();
    c.cmd(&["HSET", "hashes:rand:huge", "a", "1", "b", "2"]);
    c.cmd(&["SADD", "hashes:rand:hugeset", "a", "b"]);
    c.cmd(&["ZADD", "hashes:rand:hugez", "1", "a"]);
    for cmd in [
        &["HRANDFIELD", "hashes:rand:huge", "-99999999999"][..],
        &["HRANDFIELD", "hashes:rand:huge", "-9223372036854775807"],
        &["SRANDMEMBER", "hashes:rand:hugeset", "-9223372036854775807"],
        &["ZRANDMEMBER", "hashes:rand:hugez", "-9223372036854775807"],
    ] {
        assert_eq!(
            c.cmd(cmd),
            Value::Error("ERR value is out of range".into()),
            "{cmd:?}"
        );
    }
    let big = c.cmd(&["HRANDFIELD", "hashes:rand:huge", "-100000", "withvalues"]);
    assert_eq!(big.as_array().len(), 200_000);
    assert_eq!(c.cmd(&["PING"]), Value::Status("PONG".into()));
}

#[test]
fn hrandfield_argument_errors_match_redis() {
    let mut p = Pair::new();
    let k = "hashes:rand:err";
    p.check(&["DEL", k]);
    p.check(&["HSET", k, "a", "1", "b", "2", "c", "3"]);
    p.check_all(&[
        &["HRANDFIELD", k, "x"],
        &["HRANDFIELD", k, "1", "foo"],
        &["HRANDFIELD", k, "1", "withvalues", "x"],
        &["HRANDFIELD", k, "-9223372036854775808"],
        &["HRANDFIELD", k, "0"],
        &["HRANDFIELD", k, "0", "withvalues"],
        &["HRANDFIELD", "hashes:rand:nokey"],
        &["HRANDFIELD", "hashes:rand:nokey", "3"],
        &["HRANDFIELD", "hashes:rand:nokey", "-3", "withvalues"],
        &["HRANDFIELD", "hashes:rand:nokey", "x"],
        &["HRANDFIELD", "hashes:rand:nokey", "1", "foo"],
        // Pairs past half the range: Redis refuses them, before building anything.
        &["HRANDFIELD", k, "-9223372036854775807", "withvalues"],
        &["HRANDFIELD", k, "-4611686018427387904", "withvalues"],
        &["HRANDFIELD", k, "4611686018427387904", "withvalues"],
        &["HRANDFIELD", k, "9223372036854775807", "withvalues"],
        &["HRANDFIELD", k, "-9223372036854775808", "foo"],
        &["HRANDFIELD", k, "x", "foo"],
    ]);
    p.check_sorted(&["HRANDFIELD", k, "3"]);
    p.check_sorted(&["HRANDFIELD", k, "100"]);
    p.check_sorted(&["HRANDFIELD", k, "9223372036854775807"]);
    check_pairs(&mut p, &["HRANDFIELD", k, "3", "withvalues"]);
    // A one-field hash makes every reply deterministic, RESP3 pairs included.
    p.check(&["HSET", "hashes:rand:one", "f", "v"]);
    p.check(&["HRANDFIELD", "hashes:rand:one"]);
    p.check(&["HRANDFIELD", "hashes:rand:one", "-3", "withvalues"]);
    p.both(&["HELLO", "3"]);
    p.check(&["HRANDFIELD", "hashes:rand:one", "-3", "withvalues"]);
    p.check(&["HRANDFIELD", "hashes:rand:one", "1", "withvalues"]);
    p.check(&["HRANDFIELD", "hashes:rand:nokey"]);
    p.both(&["HELLO", "2"]);
    p.check(&["DEL", "hashes:rand:one"]);
}

fn check_random(c: &mut Client, key: &str, size: usize) {
    let all: BTreeSet<String> = (0..size).map(|i| format!("f{i}")).collect();
    for count in [1usize, 3, 10, size / 2, size - 1, size, size + 5] {
        let got = strs(c.cmd(&["HRANDFIELD", key, &count.to_string()]));
        assert_eq!(got.len(), count.min(size), "count {count}");
        let distinct: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(
            distinct.len(),
            got.len(),
            "positive count gives distinct fields"
        );
        assert!(distinct.is_subset(&all));
    }
    for count in [1usize, 5, 2 * size] {
        let got = strs(c.cmd(&["HRANDFIELD", key, &format!("-{count}")]));
        assert_eq!(
            got.len(),
            count,
            "negative count gives exactly |count| fields"
        );
        assert!(got.iter().all(|f| all.contains(f)));
    }
    let got = items(c.cmd(&["HRANDFIELD", key, "-4", "WITHVALUES"]));
    assert_eq!(got.len(), 8);
    for pair in got.chunks(2) {
        let f = pair[0].as_str();
        assert_eq!(pair[1].as_str(), format!("v{}", &f[1..]));
    }
    let one = c.cmd(&["HRANDFIELD", key]).as_str();
    assert!(all.contains(&one));
}

#[test]
fn hrandfield_picks_distinct_or_repeated_fields_by_count_sign() {
    let mut p = Pair::new();
    let k = "hashes:rand:props";
    p.check(&["DEL", k]);
    fill(&mut p, k, 40);
    check_random(&mut p.strata, k, 40);
    // Over many draws every field of a small hash shows up (uniform sampling).
    let mut seen = BTreeSet::new();
    for _ in 0..50 {
        seen.extend(strs(p.strata.cmd(&["HRANDFIELD", k, "-20"])));
    }
    assert_eq!(seen.len(), 40);
    p.check(&["DEL", k]);
}

#[test]
fn hrandfield_on_a_big_hash_samples_without_reading_it_whole() {
    let s = Server::strata();
    let mut c = s.client();
    let n = 60_000;
    let mut p = Pair {
        strata: s.client(),
        redis: None,
    };
    fill(&mut p, "big", n);
    assert_int(&c.cmd(&["HLEN", "big"]), n as i64);
    check_random(&mut c, "big", n);
    // Picks are spread over the hash, not stuck at one end.
    let picks: BTreeSet<String> = (0..20)
        .flat_map(|_| strs(c.cmd(&["HRANDFIELD", "big", "-10"])))
        .collect();
    assert!(picks.len() > 50, "only {} distinct picks", picks.len());
    // 500 small samples cost far less than reading the hash 500 times.
    let t = Instant::now();
    for _ in 0..500 {
        c.cmd(&["HRANDFIELD", "big", "3"]);
    }
    let sampled = t.elapsed();
    let t = Instant::now();
    c.cmd(&["HGETALL", "big"]);
    let whole = t.elapsed();
    assert!(
        sampled < whole * 100,
        "500 HRANDFIELD took {sampled:?}, one HGETALL {whole:?}"
    );
}

// ---------------------------------------------------------------- HSCAN

#[test]
fn hscan_of_a_small_hash_matches_redis() {
    let mut p = Pair::new();
    let k = "hashes:scan:small";
    p.check(&["DEL", k]);
    p.check(&["HSET", k, "a1", "1", "a2", "2", "b1", "3"]);
    p.check_all(&[
        &["HSCAN", k, "x"],
        &["HSCAN", k, "0", "count", "0"],
        &["HSCAN", k, "0", "count", "-1"],
        &["HSCAN", k, "0", "count", "x"],
        &["HSCAN", k, "0", "count"],
        &["HSCAN", k, "0", "foo", "bar"],
        &["HSCAN", k, "0", "type", "string"],
        &["HSCAN", "hashes:scan:nokey", "0", "foo", "bar"],
        &["HSCAN", "hashes:scan:nokey", "x"],
        &["HSCAN", "hashes:scan:nokey", "0"],
    ]);
    for extra in [
        &[][..],
        &["COUNT", "1"],
        &["MATCH", "a*"],
        &["MATCH", "zz*", "MATCH", "b*"],
    ] {
        let mut args = vec!["HSCAN", k, "0"];
        args.extend_from_slice(extra);
        let (s, r) = p.both(&args);
        let mut s = items(s);
        let sp = pairs(s.pop().unwrap());
        assert_eq!(s[0].as_str(), "0");
        if let Some(r) = r {
            let mut r = items(r);
            assert_eq!(sp, pairs(r.pop().unwrap()), "{args:?}");
        }
    }
}

#[test]
fn hscan_of_a_big_hash_visits_every_field() {
    let mut p = Pair::new();
    let k = "hashes:scan:big";
    p.check(&["DEL", k]);
    fill(&mut p, k, 2000);
    p.check(&["OBJECT", "ENCODING", k]);
    for (count, pattern) in [("10", "*"), ("333", "*"), ("100", "f1*")] {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut cursor = "0".to_string();
        let mut calls = 0;
        loop {
            let mut r = items(
                p.strata
                    .cmd(&["HSCAN", k, &cursor, "COUNT", count, "MATCH", pattern]),
            );
            for pair in items(r.pop().unwrap()).chunks(2) {
                seen.insert(pair[0].as_str(), pair[1].as_str());
            }
            cursor = r[0].as_str();
            calls += 1;
            if cursor == "0" {
                break;
            }
            assert!(calls < 10_000);
        }
        let expected: BTreeMap<String, String> = (0..2000)
            .map(|i| (format!("f{i}"), format!("v{i}")))
            .filter(|(f, _)| pattern == "*" || f.starts_with("f1"))
            .collect();
        assert_eq!(seen, expected, "count {count} match {pattern}");
        assert!(calls > 1);
    }
    p.check(&["DEL", k]);
}

// ---------------------------------------------------------------- keyspace integration

#[test]
fn rename_copy_and_move_carry_the_fields() {
    let mut p = Pair::new();
    let k = "hashes:ren:h";
    p.check(&["DEL", k, "hashes:ren:h2", "hashes:ren:h3"]);
    p.check(&["HSET", k, "a", "1", "b", "2"]);
    p.check(&["RENAME", k, "hashes:ren:h2"]);
    p.check(&["EXISTS", k]);
    check_pairs(&mut p, &["HGETALL", "hashes:ren:h2"]);
    p.check(&["COPY", "hashes:ren:h2", "hashes:ren:h3"]);
    p.check(&["HSET", "hashes:ren:h3", "c", "3"]);
    p.check(&["HLEN", "hashes:ren:h2"]);
    check_pairs(&mut p, &["HGETALL", "hashes:ren:h3"]);
    p.check(&["MOVE", "hashes:ren:h3", "9"]);
    p.check(&["SELECT", "9"]);
    check_pairs(&mut p, &["HGETALL", "hashes:ren:h3"]);
    p.check(&["DEL", "hashes:ren:h3"]);
    p.check(&["SELECT", "0"]);
    p.check(&["DEL", "hashes:ren:h2"]);
}

#[test]
fn hashes_survive_a_restart() {
    let mut s = Server::strata();
    let mut c = s.client();
    c.cmd(&["HSET", "h", "a", "1", "b", "2"]);
    c.cmd(&["HEXPIRE", "h", "100", "FIELDS", "1", "a"]);
    drop(c);
    s.restart();
    let mut c = s.client();
    assert_int(&c.cmd(&["HLEN", "h"]), 2);
    assert_bulk(&c.cmd(&["HGET", "h", "b"]), b"2");
    int_range(&c.cmd(&["HTTL", "h", "FIELDS", "1", "a"]), 95, 100);
}

fn int_range(v: &Value, lo: i64, hi: i64) {
    let it = items(v.clone());
    assert_eq!(it.len(), 1, "{}", show(v));
    let n = it[0].as_int();
    assert!(lo <= n && n <= hi, "{n} not in [{lo}, {hi}]");
}

// ---------------------------------------------------------------- field expiry (Redis 7.4)

fn ints(v: Value) -> Vec<i64> {
    items(v).iter().map(|x| x.as_int()).collect()
}

#[test]
fn hexpire_replies_per_field_codes_and_honours_nx_xx_gt_lt() {
    let s = Server::strata();
    let mut c = s.client();
    c.cmd(&["HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4"]);
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "100", "FIELDS", "3", "a", "zz", "b"])),
        [1, -2, 1]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "100", "NX", "FIELDS", "2", "a", "c"])),
        [0, 1]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "100", "XX", "FIELDS", "2", "a", "d"])),
        [1, 0]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "50", "GT", "FIELDS", "2", "a", "d"])),
        [0, 0]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "200", "gt", "FIELDS", "1", "a"])),
        [1]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "300", "LT", "FIELDS", "2", "a", "d"])),
        [0, 1]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "150", "LT", "FIELDS", "1", "a"])),
        [1]
    );
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "400", "LT", "FIELDS", "1", "a"])),
        [0]
    );
    // Seconds round up, milliseconds are exact, *EXPIRETIME are absolute.
    let ttl = ints(c.cmd(&["HTTL", "h", "FIELDS", "4", "a", "b", "zz", "d"]));
    assert!(
        (149..=150).contains(&ttl[0]) && (99..=100).contains(&ttl[1]),
        "{ttl:?}"
    );
    assert!((299..=300).contains(&ttl[3]), "{ttl:?}");
    assert_eq!(ttl[2], -2);
    let pttl = ints(c.cmd(&["HPTTL", "h", "FIELDS", "1", "b"]))[0];
    assert!((98_000..=100_000).contains(&pttl), "{pttl}");
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let at = ints(c.cmd(&["HPEXPIRETIME", "h", "FIELDS", "1", "d"]))[0];
    assert!((at - (now_ms + 300_000)).abs() < 2000, "{at} vs {now_ms}");
    let at_s = ints(c.cmd(&["HEXPIRETIME", "h", "FIELDS", "1", "d"]))[0];
    assert!((at_s - at / 1000).abs() <= 1);
    c.cmd(&[
        "HPEXPIREAT",
        "h",
        &(now_ms + 50_000).to_string(),
        "FIELDS",
        "1",
        "c",
    ]);
    c.cmd(&[
        "HEXPIREAT",
        "h",
        &(now_ms / 1000 + 60).to_string(),
        "FIELDS",
        "1",
        "d",
    ]);
    assert_eq!(
        ints(c.cmd(&["HPERSIST", "h", "FIELDS", "3", "a", "zz", "a"])),
        [1, -2, -1]
    );
    assert_eq!(ints(c.cmd(&["HTTL", "h", "FIELDS", "1", "a"])), [-1]);
    // Zero / past deadlines delete the field (code 2); conditions are checked first.
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "0", "XX", "FIELDS", "1", "a"])),
        [0]
    );
    assert_eq!(ints(c.cmd(&["HEXPIRE", "h", "0", "FIELDS", "1", "a"])), [2]);
    assert_eq!(
        ints(c.cmd(&["HPEXPIREAT", "h", "1", "FIELDS", "1", "b"])),
        [2]
    );
    assert_int(&c.cmd(&["HLEN", "h"]), 2);
    assert_nil(&c.cmd(&["HGET", "h", "a"]));
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "0", "FIELDS", "3", "c", "d", "c"])),
        [2, 2, -2]
    );
    // The last field gone: the hash ceases to exist.
    assert_int(&c.cmd(&["EXISTS", "h"]), 0);
    assert_eq!(
        ints(c.cmd(&["HEXPIRE", "h", "10", "FIELDS", "2", "a", "b"])),
        [-2, -2]
    );
    assert_eq!(ints(c.cmd(&["HTTL", "h", "FIELDS", "1", "a"])), [-2]);
    assert_eq!(ints(c.cmd(&["HPERSIST", "h", "FIELDS", "1", "a"])), [-2]);
}

#[test]
fn field_expiry_argument_errors_use_redis_texts() {
    let s = Server::strata();
    let mut c = s.client();
    c.cmd(&["HSET", "h", "f", "1"]);
    c.cmd(&["SET", "s", "v"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["HEXPIRE", "h", "100", "FIELDS", "1"],
            "ERR wrong number of arguments for 'hexpire' command",
        ),
        (
            &["HTTL", "h", "FIELDS", "1"],
            "ERR wrong number of arguments for 'httl' command",
        ),
        (
            &["HPERSIST", "h", "FIELDS", "1"],
            "ERR wrong number of arguments for 'hpersist' command",
        ),
        (
            &["HEXPIRE", "s", "notanum", "FIELDS", "1", "f"],
            "WRONGTYPE Operation against a key holding the wrong kind of value",
        ),
        (
            &["HTTL", "s", "FIELDS", "1", "f"],
            "WRONGTYPE Operation against a key holding the wrong kind of value",
        ),
        (
            &["HEXPIRE", "h", "notanum", "FIELDS", "1", "f"],
            "ERR value is not an integer or out of range",
        ),
        (
            &["HEXPIRE", "h", "-1", "FIELDS", "1", "f"],
            "ERR invalid expire time, must be >= 0",
        ),
        (
            &["HEXPIRE", "h", "281474976711", "FIELDS", "1", "f"],
            "ERR invalid expire time in 'hexpire' command",
        ),
        (
            &["HPEXPIREAT", "h", "281474976710656", "FIELDS", "1", "f"],
            "ERR invalid expire time in 'hpexpireat' command",
        ),
        (
            &["HEXPIRE", "h", "100", "BADCOND", "FIELDS", "1", "f"],
            "ERR Mandatory argument FIELDS is missing or not at the right position",
        ),
        (
            &["HEXPIRE", "h", "100", "NX", "XX", "FIELDS", "1", "f"],
            "ERR Mandatory argument FIELDS is missing or not at the right position",
        ),
        (
            &["HTTL", "h", "NOTFIELDS", "1", "f"],
            "ERR Mandatory argument FIELDS is missing or not at the right position",
        ),
        (
            &["HEXPIRE", "h", "100", "FIELDS", "0", "f"],
            "ERR Parameter `numFields` should be greater than 0",
        ),
        (
            &["HEXPIRE", "h", "100", "FIELDS", "x", "f"],
            "ERR Parameter `numFields` should be greater than 0",
        ),
        (
            &["HTTL", "h", "FIELDS", "0", "f"],
            "ERR Number of fields must be a positive integer",
        ),
        (
            &["HPERSIST", "h", "FIELDS", "x", "f"],
            "ERR Number of fields must be a positive integer",
        ),
        (
            &["HEXPIRE", "h", "100", "FIELDS", "2", "f"],
            "ERR The `numfields` parameter must match the number of arguments",
        ),
        (
            &["HTTL", "h", "FIELDS", "1", "f1", "f2"],
            "ERR The `numfields` parameter must match the number of arguments",
        ),
    ];
    for (cmd, err) in cases {
        assert_err(&c.cmd(cmd), err);
    }
    // Nothing was changed by the failed commands.
    assert_eq!(ints(c.cmd(&["HTTL", "h", "FIELDS", "1", "f"])), [-1]);
}

#[test]
fn hset_clears_a_field_ttl_but_hincrby_keeps_it() {
    let s = Server::strata();
    let mut c = s.client();
    c.cmd(&["HSET", "h", "a", "1", "b", "2", "c", "x"]);
    c.cmd(&["HEXPIRE", "h", "100", "FIELDS", "3", "a", "b", "c"]);
    c.cmd(&["HSET", "h", "a", "5"]);
    c.cmd(&["HINCRBY", "h", "b", "5"]);
    assert_eq!(ints(c.cmd(&["HTTL", "h", "FIELDS", "2", "a", "b"]))[0], -1);
    assert!(ints(c.cmd(&["HTTL", "h", "FIELDS", "1", "b"]))[0] > 90);
    assert_bulk(&c.cmd(&["HGET", "h", "b"]), b"7");
    c.cmd(&["HDEL", "h", "c"]);
    c.cmd(&["HSET", "h", "c", "y"]);
    assert_eq!(ints(c.cmd(&["HTTL", "h", "FIELDS", "1", "c"])), [-1]);
    // HSETNX of an existing field with a TTL changes nothing.
    assert_int(&c.cmd(&["HSETNX", "h", "b", "0"]), 0);
    assert!(ints(c.cmd(&["HTTL", "h", "FIELDS", "1", "b"]))[0] > 90);
}

#[test]
fn expired_fields_vanish_from_every_read_even_without_active_expiry() {
    let s = Server::strata();
    let mut c = s.client();
    assert_ok(&c.cmd(&["CONFIG", "SET", "active-expire-enabled", "no"]));
    c.cmd(&["HSET", "h", "keep", "1", "gone1", "2", "gone2", "3"]);
    c.cmd(&["HPEXPIRE", "h", "100", "FIELDS", "2", "gone1", "gone2"]);
    c.cmd(&["HPEXPIRE", "h", "100000", "FIELDS", "1", "keep"]);
    assert_int(&c.cmd(&["HLEN", "h"]), 3);
    std::thread::sleep(Duration::from_millis(250));
    assert_nil(&c.cmd(&["HGET", "h", "gone1"]));
    assert_int(&c.cmd(&["HEXISTS", "h", "gone2"]), 0);
    assert_int(&c.cmd(&["HSTRLEN", "h", "gone2"]), 0);
    assert_eq!(strs(c.cmd(&["HKEYS", "h"])), ["keep"]);
    assert_eq!(strs(c.cmd(&["HVALS", "h"])), ["1"]);
    assert_eq!(strs(c.cmd(&["HGETALL", "h"])), ["keep", "1"]);
    assert_eq!(strs(c.cmd(&["HRANDFIELD", "h", "-5"])), ["keep"; 5]);
    assert_int(&c.cmd(&["HLEN", "h"]), 1);
    let mut scan = items(c.cmd(&["HSCAN", "h", "0"]));
    assert_eq!(strs(scan.pop().unwrap()), ["keep", "1"]);
    assert_eq!(
        ints(c.cmd(&["HTTL", "h", "FIELDS", "2", "gone1", "keep"]))[0],
        -2
    );
    // A hash whose every field expired is gone for every command.
    c.cmd(&["HSET", "h2", "a", "1", "b", "2"]);
    c.cmd(&["HPEXPIRE", "h2", "50", "FIELDS", "2", "a", "b"]);
    std::thread::sleep(Duration::from_millis(150));
    assert_int(&c.cmd(&["EXISTS", "h2"]), 0);
    assert_int(&c.cmd(&["HLEN", "h2"]), 0);
    assert_eq!(s.client().cmd(&["TYPE", "h2"]).as_str(), "none");
}

#[test]
fn expired_fields_are_deleted_actively_within_a_second() {
    let s = Server::strata();
    let mut c = s.client();
    for i in 0..20 {
        let k = format!("all{i}");
        c.cmd(&["HSET", &k, "a", "1", "b", "2"]);
        c.cmd(&["HPEXPIRE", &k, "200", "FIELDS", "2", "a", "b"]);
    }
    c.cmd(&["HSET", "part", "a", "1", "b", "2", "c", "3"]);
    c.cmd(&["HPEXPIRE", "part", "200", "FIELDS", "2", "a", "b"]);
    c.cmd(&["HPEXPIRE", "part", "60000", "FIELDS", "1", "c"]);
    assert_int(&c.cmd(&["DBSIZE"]), 21);
    // Nobody reads the hashes: only the sweeper can make DBSIZE drop.
    let t = Instant::now();
    assert!(
        wait_until(Duration::from_millis(1500), || c.cmd(&["DBSIZE"]).as_int()
            == 1),
        "DBSIZE still {} after {:?}",
        c.cmd(&["DBSIZE"]).as_int(),
        t.elapsed()
    );
    assert_int(&c.cmd(&["HLEN", "part"]), 1);
    assert_eq!(strs(c.cmd(&["HKEYS", "part"])), ["c"]);
}

#[test]
fn rename_and_copy_keep_field_ttls() {
    let s = Server::strata();
    let mut c = s.client();
    c.cmd(&["HSET", "h", "a", "1", "b", "2"]);
    c.cmd(&["HPEXPIRE", "h", "300", "FIELDS", "1", "a"]);
    c.cmd(&["RENAME", "h", "r"]);
    c.cmd(&["COPY", "r", "c"]);
    for k in ["r", "c"] {
        assert!(ints(c.cmd(&["HPTTL", k, "FIELDS", "1", "a"]))[0] > 0);
    }
    assert!(wait_until(Duration::from_millis(1500), || {
        c.cmd(&["HLEN", "r"]).as_int() == 1 && c.cmd(&["HLEN", "c"]).as_int() == 1
    }));
    assert_nil(&c.cmd(&["HGET", "c", "a"]));
    assert_eq!(ints(c.cmd(&["HTTL", "r", "FIELDS", "1", "b"])), [-1]);
}

#[test]
fn writing_to_a_hash_with_due_fields_keeps_ttls_of_the_others() {
    let s = Server::strata();
    let mut c = s.client();
    assert_ok(&c.cmd(&["CONFIG", "SET", "active-expire-enabled", "no"]));
    c.cmd(&["HSET", "h", "a", "1", "b", "2", "c", "3"]);
    c.cmd(&["HPEXPIRE", "h", "50", "FIELDS", "1", "a"]);
    c.cmd(&["HPEXPIRE", "h", "400", "FIELDS", "1", "b"]);
    std::thread::sleep(Duration::from_millis(100));
    // This write first purges "a", then gives "c" a TTL in the same batch.
    assert_eq!(
        ints(c.cmd(&["HPEXPIRE", "h", "300", "FIELDS", "2", "c", "a"])),
        [1, -2]
    );
    assert_int(&c.cmd(&["HLEN", "h"]), 2);
    assert_eq!(ints(c.cmd(&["HPERSIST", "h", "FIELDS", "1", "a"])), [-2]);
    assert_ok(&c.cmd(&["CONFIG", "SET", "active-expire-enabled", "yes"]));
    // "b" and "c" still expire on time through the sweeper alone (nobody reads "h"), and the
    // emptied hash disappears.
    assert!(wait_until(Duration::from_millis(1500), || {
        c.cmd(&["DBSIZE"]).as_int() == 0
    }));
}
