//! Black-box tests of the sorted-set commands. Deterministic replies are compared byte for byte
//! with a real redis-server 7.0 through `Pair`; random ones (ZRANDMEMBER) are checked for their
//! properties on both servers. Redis 7.2's ZRANK ... WITHSCORE, which the 7.0 oracle lacks, is
//! checked against its documented replies.
//!
//! Tests on the shared servers prefix every key with `zsets:<test>:`.

mod common;
use common::*;

use proptest::prelude::*;
use std::collections::BTreeSet;

fn k(test: &str, name: &str) -> String {
    format!("zsets:{test}:{name}")
}

/// A seeded pseudo-random draw in `0..n`, the same on every run (tests replay exact sequences on
/// both servers).
fn lcg(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    }
}

#[test]
fn zadd_options_counts_and_errors() {
    let mut p = Pair::new();
    let z = k("zadd", "z");
    p.check(&["DEL", &z]);
    p.check(&["ZADD", &z, "1", "a", "2", "b", "1", "a"]);
    p.check(&["ZADD", &z, "XX", "5", "a", "6", "new"]);
    p.check(&["ZADD", &z, "NX", "9", "a", "7", "c"]);
    p.check(&["ZADD", &z, "CH", "5", "a", "8", "b", "1", "d"]);
    p.check(&["ZADD", &z, "GT", "CH", "1", "a", "100", "b"]);
    p.check(&["ZADD", &z, "LT", "CH", "10", "a", "0", "b"]);
    p.check(&["ZADD", &z, "XX", "GT", "CH", "4", "a", "6", "a"]);
    p.check(&["ZADD", &z, "INCR", "2.5", "a"]);
    p.check(&["ZADD", &z, "INCR", "NX", "1", "a"]);
    p.check(&["ZADD", &z, "INCR", "XX", "1", "missing"]);
    p.check(&["ZADD", &z, "INCR", "GT", "-1", "a"]);
    p.check(&["ZADD", &z, "INCR", "LT", "0", "a"]);
    p.check(&["ZADD", &z, "INCR", "0", "a"]);
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    for bad in [
        &["ZADD", &z, "XX", "NX", "1", "a"][..],
        &["ZADD", &z, "GT", "LT", "1", "a"],
        &["ZADD", &z, "NX", "GT", "1", "a"],
        &["ZADD", &z, "NX", "LT", "1", "a"],
        &["ZADD", &z, "INCR", "1", "a", "2", "b"],
        &["ZADD", &z, "1", "a", "2"],
        &["ZADD", &z, "nan", "a"],
        &["ZADD", &z, "1x", "a"],
        &["ZADD", &z, "", "a"],
        &["ZADD", &z, "CH"],
        &["ZADD", &z, "NX", "CH", "1"],
        &["ZADD", &z, "1"],
        &["ZADD", &z, "1", "a", "x", "b"],
    ] {
        p.check(bad);
    }
    // A syntax error leaves no partial write.
    p.check(&["ZADD", &z, "1", "zz", "bad", "yy"]);
    p.check(&["ZSCORE", &z, "zz"]);
    p.check(&["XX_NO_SUCH_COMMAND"]);
    p.check(&["ZADD", &z, "INCR", "+inf", "a"]);
    p.check(&["ZADD", &z, "INCR", "-inf", "a"]);
    p.check(&["ZINCRBY", &z, "-inf", "a"]);
    p.check(&["ZINCRBY", &z, "abc", "a"]);
    p.check(&["ZINCRBY", &z, "3", "fresh"]);
    p.check(&["ZADD", &z, "XX", "1", "a"]);
    let none = k("zadd", "none");
    p.check(&["DEL", &none]);
    p.check(&["ZADD", &none, "XX", "1", "a"]);
    p.check(&["ZADD", &none, "XX", "INCR", "1", "a"]);
    p.check(&["EXISTS", &none]);
    p.check(&["SET", &none, "str"]);
    p.check(&["ZADD", &none, "1", "a"]);
    p.check(&["ZSCORE", &none, "a"]);
    p.check(&["ZRANGE", &none, "0", "-1"]);
    p.check(&["DEL", &z, &none]);
}

#[test]
fn scores_are_formatted_like_redis_in_resp2_and_resp3() {
    let mut p = Pair::new();
    let z = k("fmt", "z");
    p.check(&["DEL", &z]);
    let scores = [
        "0.1",
        "1e20",
        "1e-5",
        "12345678901234567890",
        "-1e300",
        "3.0",
        "-0",
        "+inf",
        "-inf",
        "1.5e308",
        "4.9e-324",
        "0x10",
        "  1",
        "1.",
        ".5",
        "-.5e3",
        "123456789012345678",
        "2.2250738585072014e-308",
    ];
    for (i, s) in scores.iter().enumerate() {
        p.check(&["ZADD", &z, s, &format!("m{i}")]);
    }
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["ZSCORE", &z, "m0"]);
    p.check(&["ZMSCORE", &z, "m0", "nope", "m7", "m6"]);
    p.check(&["ZINCRBY", &z, "0.2", "m0"]);
    p.both(&["HELLO", "3"]);
    p.check(&["ZSCORE", &z, "m0"]);
    p.check(&["ZSCORE", &z, "m7"]);
    p.check(&["ZMSCORE", &z, "m0", "nope"]);
    p.check(&["ZRANGE", &z, "0", "3", "WITHSCORES"]);
    p.check(&[
        "ZRANGEBYSCORE",
        &z,
        "-inf",
        "+inf",
        "WITHSCORES",
        "LIMIT",
        "0",
        "3",
    ]);
    p.check(&["ZINCRBY", &z, "1", "m1"]);
    p.check(&["ZADD", &z, "INCR", "1", "m1"]);
    p.check(&["ZRANGE", &z, "0", "-1"]);
    p.check(&["ZPOPMIN", &z]);
    p.check(&["ZPOPMIN", &z, "2"]);
    p.check(&["ZPOPMAX", &z, "1"]);
    p.check(&["ZUNION", "1", &z, "WITHSCORES"]);
    p.check(&["DEL", &z]);
}

#[test]
fn rank_and_score_range_queries_with_every_option() {
    let mut p = Pair::new();
    let z = k("ranges", "z");
    let none = k("ranges", "none");
    p.check(&["DEL", &z, &none]);
    p.check(&[
        "ZADD", &z, "1", "a", "1", "b", "2", "c", "3", "d", "3", "e", "4.5", "f", "-inf", "g",
        "+inf", "h",
    ]);
    for (a, b) in [
        ("0", "-1"),
        ("2", "4"),
        ("-3", "-1"),
        ("-100", "100"),
        ("5", "2"),
        ("8", "10"),
        ("-1", "-1"),
        ("0", "0"),
    ] {
        p.check(&["ZRANGE", &z, a, b]);
        p.check(&["ZRANGE", &z, a, b, "REV", "WITHSCORES"]);
        p.check(&["ZREVRANGE", &z, a, b, "WITHSCORES"]);
        p.check(&["ZREMRANGEBYRANK", &none, a, b]);
    }
    for (min, max) in [
        ("-inf", "+inf"),
        ("1", "3"),
        ("(1", "3"),
        ("1", "(3"),
        ("(1", "(3"),
        ("3", "1"),
        ("(3", "3"),
        ("3", "3"),
        ("inf", "inf"),
        ("(-inf", "(inf"),
        ("-INF", "+Inf"),
        ("2.5", "4.5"),
        ("(4.5", "+inf"),
    ] {
        p.check(&["ZRANGEBYSCORE", &z, min, max]);
        p.check(&["ZRANGEBYSCORE", &z, min, max, "WITHSCORES"]);
        p.check(&["ZRANGEBYSCORE", &z, min, max, "LIMIT", "1", "2"]);
        p.check(&[
            "ZRANGEBYSCORE",
            &z,
            min,
            max,
            "LIMIT",
            "0",
            "-1",
            "WITHSCORES",
        ]);
        p.check(&["ZRANGEBYSCORE", &z, min, max, "LIMIT", "-1", "2"]);
        p.check(&["ZRANGEBYSCORE", &z, min, max, "LIMIT", "3", "0"]);
        p.check(&[
            "ZREVRANGEBYSCORE",
            &z,
            max,
            min,
            "WITHSCORES",
            "LIMIT",
            "1",
            "3",
        ]);
        p.check(&["ZRANGE", &z, min, max, "BYSCORE", "LIMIT", "2", "10"]);
        p.check(&["ZRANGE", &z, max, min, "BYSCORE", "REV", "LIMIT", "2", "10"]);
        p.check(&["ZCOUNT", &z, min, max]);
    }
    for bad in [
        &["ZRANGEBYSCORE", &z, "a", "1"][..],
        &["ZRANGEBYSCORE", &z, "1", "(x"],
        &["ZRANGEBYSCORE", &z, "(", "1"],
        &["ZRANGEBYSCORE", &z, "nan", "1"],
        &["ZRANGEBYSCORE", &z, "1", "2", "LIMIT", "1"],
        &["ZRANGEBYSCORE", &z, "1", "2", "LIMIT", "a", "1"],
        &["ZRANGEBYSCORE", &z, "1", "2", "REV"],
        &["ZRANGEBYSCORE", &z, "1", "2", "BYLEX"],
        &["ZRANGE", &z, "0", "1", "LIMIT", "0", "1"],
        &["ZRANGE", &z, "0", "1", "LIMIT", "0", "-1"],
        &["ZRANGE", &z, "a", "1"],
        &["ZRANGE", &z, "0", "1", "BYSCORE", "BYLEX"],
        &["ZRANGE", &z, "0", "1", "REV", "REV"],
        &["ZRANGE", &z, "[a", "[b", "BYLEX", "WITHSCORES"],
        &["ZRANGE", &z, "0", "1", "WITHSCORES", "extra"],
        &["ZREVRANGE", &z, "0", "1", "LIMIT", "0", "1"],
        &["ZREVRANGE", &z, "0", "1", "BYSCORE"],
        &["ZCOUNT", &z, "x", "1"],
        &["ZCOUNT", &none, "x", "1"],
        &["ZCOUNT", &none, "1", "2"],
        &["ZRANGE", &none, "0", "-1"],
        &["ZRANGE", &none, "x", "-1"],
    ] {
        p.check(bad);
    }
    for m in ["a", "b", "c", "f", "g", "h", "nope"] {
        p.check(&["ZRANK", &z, m]);
        p.check(&["ZREVRANK", &z, m]);
        p.check(&["ZSCORE", &z, m]);
    }
    p.check(&["ZRANK", &none, "a"]);
    p.check(&["ZCARD", &z]);
    p.check(&["ZCARD", &none]);
    p.check(&["DEL", &z]);
}

#[test]
fn a_nul_byte_ends_a_score_bound_as_in_redis() {
    let mut p = Pair::new();
    let z = k("nulbound", "z");
    p.check(&["DEL", &z]);
    p.check(&["ZADD", &z, "0", "zero", "1", "a", "2", "b", "3", "c"]);
    for (min, max) in [
        ("(\0", "3"),
        ("(1\0x", "3"),
        ("1\0", "(3\0junk"),
        ("\0", "+inf\0"),
        ("(\0", "(\0"),
    ] {
        p.check(&["ZCOUNT", &z, min, max]);
        p.check(&["ZRANGEBYSCORE", &z, min, max, "WITHSCORES"]);
        p.check(&["ZREVRANGEBYSCORE", &z, max, min]);
        p.check(&["ZRANGE", &z, min, max, "BYSCORE"]);
    }
    p.check(&["ZCOUNT", &z, "x\0", "3"]);
    p.check(&["ZREMRANGEBYSCORE", &z, "(\0", "2\0"]);
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z]);
}

#[test]
fn zrank_withscore_answers_as_redis_7_2_documents() {
    for s in &fresh_servers()[..1] {
        let mut c = s.client();
        let z = k("withscore", "z");
        c.cmd(&["ZADD", &z, "1.5", "a", "2", "b"]);
        let r = c.cmd(&["ZRANK", &z, "b", "WITHSCORE"]);
        assert_eq!(r.as_array()[0].as_int(), 1);
        assert_eq!(r.as_array()[1].as_bytes(), b"2");
        let r = c.cmd(&["ZREVRANK", &z, "b", "withscore"]);
        assert_eq!(r.as_array()[0].as_int(), 0);
        assert!(c.cmd(&["ZRANK", &z, "zz", "WITHSCORE"]).is_nil());
        assert!(c.cmd(&["ZRANK", &z, "zz"]).is_nil());
        assert_err(
            &c.cmd(&["ZRANK", &z, "a", "WITHSCORES"]),
            "ERR syntax error",
        );
        assert_err(
            &c.cmd(&["ZRANK", &z, "a", "WITHSCORE", "x"]),
            "ERR wrong number of arguments for 'zrank' command",
        );
    }
}

#[test]
fn lex_ranges_and_the_autocomplete_recipe() {
    let mut p = Pair::new();
    let z = k("lex", "names");
    p.check(&["DEL", &z]);
    for name in [
        "alice",
        "alina",
        "albert",
        "bob",
        "bobby",
        "carol",
        "al",
        "",
        "b",
        "alice\u{0}",
    ] {
        p.check(&["ZADD", &z, "0", name]);
    }
    for (min, max) in [
        ("-", "+"),
        ("[al", "[al\u{ff}"),
        ("(al", "[alz"),
        ("[b", "(c"),
        ("[bob", "[bob"),
        ("(bob", "(bob"),
        ("+", "-"),
        ("-", "-"),
        ("+", "+"),
        ("[z", "+"),
        ("-", "[a"),
        ("[", "+"),
        ("(", "+"),
    ] {
        p.check(&["ZRANGEBYLEX", &z, min, max]);
        p.check(&["ZRANGEBYLEX", &z, min, max, "LIMIT", "1", "2"]);
        p.check(&["ZREVRANGEBYLEX", &z, max, min]);
        p.check(&["ZREVRANGEBYLEX", &z, max, min, "LIMIT", "0", "3"]);
        p.check(&["ZRANGE", &z, min, max, "BYLEX"]);
        p.check(&["ZRANGE", &z, max, min, "BYLEX", "REV", "LIMIT", "1", "-1"]);
        p.check(&["ZLEXCOUNT", &z, min, max]);
    }
    for bad in [
        &["ZRANGEBYLEX", &z, "a", "+"][..],
        &["ZRANGEBYLEX", &z, "-", "b"],
        &["ZRANGEBYLEX", &z, "-", "+", "WITHSCORES"],
        &["ZLEXCOUNT", &z, "a", "b"],
        &["ZREMRANGEBYLEX", &z, "a", "b"],
    ] {
        p.check(bad);
    }
    // Autocomplete: the rank of the prefix, then a page of names from there.
    p.check(&["ZADD", &z, "0", "al"]);
    p.check(&["ZRANK", &z, "al"]);
    p.check(&["ZRANGE", &z, "2", "5"]);
    p.check(&["ZREMRANGEBYLEX", &z, "[al", "(am"]);
    p.check(&["ZRANGE", &z, "0", "-1"]);
    p.check(&["ZREMRANGEBYLEX", &z, "-", "+"]);
    p.check(&["EXISTS", &z]);
}

/// With mixed scores Redis walks a big (skip-list) zset from its first entry (last in reverse)
/// when the range starts at `-` (`+`), past the first score, until a member is out of range.
#[test]
fn lex_ranges_from_an_end_of_a_big_zset_with_mixed_scores() {
    let mut p = Pair::new();
    let z = k("lexmixed", "z");
    let d = k("lexmixed", "d");
    p.check(&["DEL", &z, &d]);
    let mut args = vec!["ZADD".to_string(), z.clone()];
    for i in 0..200 {
        args.push(((i * 7) % 100).to_string());
        args.push(format!("m{i:03}"));
    }
    args.extend(["50", "a", "60", "zz"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    p.check(&args);
    p.check(&["OBJECT", "ENCODING", &z]);
    for max in ["+", "[m150", "(m150", "[zz", "(zz", "(m000", "[m1"] {
        p.check(&["ZRANGEBYLEX", &z, "-", max]);
        p.check(&["ZRANGEBYLEX", &z, "-", max, "LIMIT", "3", "5"]);
        p.check(&["ZRANGEBYLEX", &z, "-", max, "LIMIT", "150", "-1"]);
        p.check(&["ZRANGE", &z, "-", max, "BYLEX", "LIMIT", "500", "1"]);
    }
    for min in ["-", "[m050", "(m050", "[a", "(a", "[zz", "[\u{ff}"] {
        p.check(&["ZREVRANGEBYLEX", &z, "+", min]);
        p.check(&["ZREVRANGEBYLEX", &z, "+", min, "LIMIT", "2", "4"]);
        p.check(&["ZRANGE", &z, "+", min, "BYLEX", "REV", "LIMIT", "1", "-1"]);
    }
    p.check(&["ZRANGESTORE", &d, &z, "-", "[m150", "BYLEX"]);
    p.check(&["ZRANGE", &d, "0", "-1", "WITHSCORES"]);
    p.check(&["ZREMRANGEBYLEX", &z, "-", "(m150"]);
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z, &d]);
}

#[test]
fn the_leaderboard_recipe() {
    let mut p = Pair::new();
    let z = k("board", "scores");
    p.check(&["DEL", &z]);
    for i in 0..300 {
        // Ties on purpose: players with equal scores order by name.
        let score = ((i * 37) % 101).to_string();
        p.check(&["ZADD", &z, &score, &format!("player:{i:03}")]);
    }
    for _ in 0..3 {
        p.check(&["ZINCRBY", &z, "55", "player:007"]);
    }
    p.check(&["ZREVRANGE", &z, "0", "9", "WITHSCORES"]);
    let rank = p.check(&["ZREVRANK", &z, "player:007"]).as_int();
    let (lo, hi) = ((rank - 2).max(0), rank + 2);
    p.check(&[
        "ZREVRANGE",
        &z,
        &lo.to_string(),
        &hi.to_string(),
        "WITHSCORES",
    ]);
    p.check(&["ZCOUNT", &z, "(50", "+inf"]);
    p.check(&[
        "ZRANGEBYSCORE",
        &z,
        "50",
        "60",
        "WITHSCORES",
        "LIMIT",
        "3",
        "5",
    ]);
    p.check(&["ZREVRANGEBYSCORE", &z, "60", "50", "LIMIT", "3", "5"]);
    p.check(&["OBJECT", "ENCODING", &z]);
    p.check(&["ZREMRANGEBYSCORE", &z, "-inf", "(10"]);
    p.check(&["ZREMRANGEBYRANK", &z, "0", "9"]);
    p.check(&["ZREMRANGEBYRANK", &z, "-5", "-1"]);
    p.check(&["ZCARD", &z]);
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z]);
}

#[test]
fn object_encoding_follows_the_listpack_limits() {
    let mut p = Pair::new();
    let (a, b) = (k("enc", "a"), k("enc", "b"));
    p.check(&["DEL", &a, &b]);
    p.check(&["ZADD", &a, "1", "x"]);
    p.check(&["OBJECT", "ENCODING", &a]);
    p.check(&["ZADD", &a, "1", &"y".repeat(65)]);
    p.check(&["OBJECT", "ENCODING", &a]);
    for i in 0..128 {
        p.check(&["ZADD", &b, &i.to_string(), &format!("m{i}")]);
    }
    p.check(&["OBJECT", "ENCODING", &b]);
    p.check(&["ZADD", &b, "1", "one-more"]);
    p.check(&["OBJECT", "ENCODING", &b]);
    p.check(&["ZREMRANGEBYRANK", &b, "0", "100"]);
    p.check(&["OBJECT", "ENCODING", &b]);
    p.check(&["ZRANGESTORE", &a, &b, "0", "3"]);
    p.check(&["OBJECT", "ENCODING", &a]);
    p.check(&["DEL", &a, &b]);
}

#[test]
fn zrem_and_pops_delete_an_emptied_zset() {
    let mut p = Pair::new();
    let (z, y, none) = (k("pop", "z"), k("pop", "y"), k("pop", "none"));
    p.check(&["DEL", &z, &y, &none]);
    p.check(&["ZADD", &z, "1", "a", "2", "b", "3", "c", "4", "d"]);
    p.check(&["ZREM", &z, "a", "nope", "a"]);
    p.check(&["ZPOPMIN", &z]);
    p.check(&["ZPOPMAX", &z, "0"]);
    p.check(&["ZPOPMAX", &z, "-1"]);
    p.check(&["ZPOPMAX", &z, "x"]);
    p.check(&["ZPOPMAX", &z, "1", "2"]);
    p.check(&["ZPOPMAX", &z, "10"]);
    p.check(&["EXISTS", &z]);
    p.check(&["ZPOPMIN", &none]);
    p.check(&["ZPOPMIN", &none, "3"]);
    p.check(&["ZREM", &none, "a"]);
    p.check(&["ZADD", &y, "5", "e", "6", "f", "7", "g"]);
    p.check(&["ZMPOP", "3", &none, &z, &y, "MIN"]);
    p.check(&["ZMPOP", "2", &none, &y, "MAX", "COUNT", "10"]);
    p.check(&["ZMPOP", "2", &none, &y, "MAX"]);
    for bad in [
        &["ZMPOP", "0", &y, "MIN"][..],
        &["ZMPOP", "-1", &y, "MIN"],
        &["ZMPOP", "x", &y, "MIN"],
        &["ZMPOP", "1", &y, "LEFT"],
        &["ZMPOP", "1", &y, "MIN", "COUNT", "0"],
        &["ZMPOP", "1", &y, "MIN", "COUNT"],
        &["ZMPOP", "1", &y, "MIN", "COUNT", "1", "COUNT", "2"],
        &["ZMPOP", "2", &y, "MIN"],
        &["BZPOPMIN", &y, "-1"],
        &["BZPOPMIN", &y, "x"],
        &["BZMPOP", "x", "1", &y, "MIN"],
        &["BZMPOP", "0", "0", &y, "MIN"],
        // The rest of the command is checked before the timeout.
        &["BZMPOP", "x", "0", &y, "MIN"],
        &["BZMPOP", "x", "1", &y, "FOO"],
        &["BZMPOP", "x", "1", &y, "MIN", "COUNT", "0"],
    ] {
        p.check(bad);
    }
    p.check(&["ZADD", &y, "1", "a", "2", "b"]);
    p.check(&["BZPOPMIN", &none, &y, "0"]);
    p.check(&["BZPOPMAX", &y, "0.01"]);
    p.check(&["BZPOPMAX", &y, "0.01"]);
    p.check(&["ZADD", &y, "1", "a", "2", "b"]);
    p.check(&["BZMPOP", "0.01", "2", &none, &y, "MAX", "COUNT", "5"]);
    p.check(&["BZMPOP", "0.01", "1", &y, "MIN"]);
    p.check(&["SET", &none, "x"]);
    p.check(&["ZPOPMIN", &none]);
    p.check(&["ZMPOP", "1", &none, "MIN"]);
    p.check(&["DEL", &none]);
    p.both(&["HELLO", "3"]);
    p.check(&["ZADD", &y, "1", "a", "2", "b"]);
    p.check(&["BZPOPMIN", &y, "0"]);
    p.check(&["ZMPOP", "1", &y, "MIN"]);
    p.check(&["BZPOPMIN", &y, "0.01"]);
}

#[test]
fn bzpopmin_is_woken_by_a_zadd_and_serves_waiters_in_order() {
    for s in &fresh_servers() {
        let key = k("bwake", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        let mut w1 = s.client();
        w1.send_cmd(&["BZPOPMIN", &key, "0"]);
        wait_blocked(s, 1);
        let mut w2 = s.client();
        w2.send_cmd(&["BZMPOP", "0", "1", &key, "MAX", "COUNT", "2"]);
        wait_blocked(s, 2);
        assert_int(&c.cmd(&["ZADD", &key, "3", "c", "1", "a", "2", "b"]), 3);
        let got = w1.read_value().as_array();
        assert_eq!(got[1].as_bytes(), b"a");
        assert_eq!(got[2].as_bytes(), b"1");
        let got = w2.read_value().as_array();
        let pairs = got[1].as_array();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].as_array()[0].as_bytes(), b"c");
        assert_int(&c.cmd(&["EXISTS", &key]), 0);
        // A timeout answers a null array.
        let mut w3 = s.client();
        let r = w3.raw(&[b"BZPOPMAX", key.as_bytes(), b"0.05"]);
        assert_eq!(r, b"*-1\r\n");
        // Inside MULTI a blocking pop answers at once.
        c.cmd(&["MULTI"]);
        c.cmd(&["BZPOPMIN", &key, "0"]);
        let r = c.cmd(&["EXEC"]).as_array();
        assert!(r[0].is_nil());
    }
}

#[test]
fn algebra_with_weights_aggregates_and_plain_sets() {
    let mut p = Pair::new();
    let (a, b, s, d, none, str_) = (
        k("alg", "{x}a"),
        k("alg", "{x}b"),
        k("alg", "{x}s"),
        k("alg", "{x}d"),
        k("alg", "{x}none"),
        k("alg", "{x}str"),
    );
    p.check(&["DEL", &a, &b, &s, &d, &none, &str_]);
    p.check(&["ZADD", &a, "1", "x", "2", "y", "3", "z", "+inf", "w"]);
    p.check(&["ZADD", &b, "10", "y", "20", "z", "30", "q", "-inf", "w"]);
    p.check(&["SADD", &s, "y", "q", "r"]);
    p.check(&["SET", &str_, "v"]);
    for op in ["ZUNION", "ZINTER"] {
        for tail in [
            &[][..],
            &["WEIGHTS", "2", "0.5", "3"],
            &["AGGREGATE", "MIN"],
            &["AGGREGATE", "max", "WEIGHTS", "1", "-1", "0"],
            &["WEIGHTS", "0", "0", "0"],
            &["WEIGHTS", "inf", "1", "1"],
        ] {
            let mut args = vec![op, "3", &a, &b, &s];
            args.extend_from_slice(tail);
            p.check(&args);
            args.push("WITHSCORES");
            p.check(&args);
            let store = format!("{op}STORE");
            let mut sargs = vec![store.as_str(), &d, "3", &a, &b, &s];
            sargs.extend_from_slice(tail);
            p.check(&sargs);
            p.check(&["ZRANGE", &d, "0", "-1", "WITHSCORES"]);
        }
    }
    p.check(&["ZDIFF", "2", &a, &b, "WITHSCORES"]);
    p.check(&["ZDIFF", "3", &a, &none, &s]);
    p.check(&["ZDIFF", "2", &a, &a]);
    p.check(&["ZDIFFSTORE", &d, "2", &a, &b]);
    p.check(&["ZRANGE", &d, "0", "-1", "WITHSCORES"]);
    p.check(&["ZDIFFSTORE", &d, "2", &a, &a]);
    p.check(&["EXISTS", &d]);
    p.check(&["ZINTERSTORE", &d, "2", &a, &none]);
    p.check(&["ZUNIONSTORE", &d, "1", &none]);
    p.check(&["ZINTERCARD", "2", &a, &b]);
    p.check(&["ZINTERCARD", "3", &a, &b, &s]);
    p.check(&["ZINTERCARD", "2", &a, &b, "LIMIT", "1"]);
    p.check(&["ZINTERCARD", "2", &a, &b, "LIMIT", "0"]);
    p.check(&["ZUNIONSTORE", &a, "2", &a, &b]);
    p.check(&["ZRANGE", &a, "0", "-1", "WITHSCORES"]);
    for bad in [
        &["ZUNION", "0", &a][..],
        &["ZUNION", "-1", &a],
        &["ZUNION", "x", &a],
        &["ZUNION", "3", &a],
        &["ZUNION", "1", &a, "WEIGHTS"],
        &["ZUNION", "1", &a, "WEIGHTS", "x"],
        &["ZUNION", "2", &a, &b, "WEIGHTS", "1"],
        &["ZUNION", "1", &a, "AGGREGATE", "avg"],
        &["ZUNION", "1", &a, "AGGREGATE"],
        &["ZUNION", "2", &a, &str_],
        &["ZUNION", "2", &a, &str_, "bogus"],
        &["ZUNIONSTORE", &d, "0", &a],
        &["ZUNIONSTORE", &d, "1", &a, "WITHSCORES"],
        &["ZINTERSTORE", &d, "2", &a],
        &["ZDIFF", "1", &a, "WEIGHTS", "1"],
        &["ZDIFF", "1", &a, "AGGREGATE", "SUM"],
        &["ZINTERCARD", "0", &a],
        &["ZINTERCARD", "-1", &a],
        &["ZINTERCARD", "x", &a],
        &["ZINTERCARD", "3", &a],
        &["ZINTERCARD", "1", &a, "LIMIT", "-1"],
        &["ZINTERCARD", "1", &a, "LIMIT", "x"],
        &["ZINTERCARD", "1", &a, "LIMIT"],
        &["ZINTERCARD", "1", &a, "WITHSCORES"],
        &["ZINTERCARD", "1", &str_],
    ] {
        p.check(bad);
    }
    p.check(&["DEL", &a, &b, &s, &d, &str_]);
}

#[test]
fn zrangestore_copies_any_range_and_deletes_on_empty() {
    let mut p = Pair::new();
    let (src, dst) = (k("rs", "{x}src"), k("rs", "{x}dst"));
    p.check(&["DEL", &src, &dst]);
    p.check(&["ZADD", &src, "1", "a", "2", "b", "3", "c", "3", "d"]);
    p.check(&["ZRANGESTORE", &dst, &src, "1", "-1"]);
    p.check(&["ZRANGE", &dst, "0", "-1", "WITHSCORES"]);
    p.check(&[
        "ZRANGESTORE",
        &dst,
        &src,
        "(1",
        "3",
        "BYSCORE",
        "LIMIT",
        "1",
        "1",
    ]);
    p.check(&["ZRANGE", &dst, "0", "-1", "WITHSCORES"]);
    p.check(&["ZRANGESTORE", &dst, &src, "3", "1", "BYSCORE", "REV"]);
    p.check(&["ZRANGE", &dst, "0", "-1", "WITHSCORES"]);
    p.check(&["ZRANGESTORE", &dst, &src, "5", "9"]);
    p.check(&["EXISTS", &dst]);
    p.check(&["ZRANGESTORE", &dst, &src, "0", "-1", "WITHSCORES"]);
    p.check(&["ZRANGESTORE", &dst, &src, "[a", "[b", "BYLEX"]);
    p.check(&["ZRANGESTORE", &dst, k("rs", "{x}none").as_str(), "0", "-1"]);
    p.check(&["DEL", &src, &dst]);
}

#[test]
fn zrandmember_of_at_least_the_size_answers_the_zset_in_reverse_order() {
    let mut p = Pair::new();
    let (small, big) = (k("randall", "small"), k("randall", "big"));
    p.check(&["DEL", &small, &big]);
    p.check(&["ZADD", &small, "1", "a", "2", "b", "2", "c", "-1", "d"]);
    let mut args = vec!["ZADD".to_string(), big.clone()];
    for i in 0..150 {
        args.push((i % 10).to_string());
        args.push(format!("m{i}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    p.check(&args);
    for z in [&small, &big] {
        p.check(&["OBJECT", "ENCODING", z]);
        p.check(&["ZRANDMEMBER", z, "150"]);
        p.check(&["ZRANDMEMBER", z, "1000", "WITHSCORES"]);
    }
    p.check(&["ZRANDMEMBER", &small, "4"]);
    p.both(&["HELLO", "3"]);
    p.check(&["ZRANDMEMBER", &small, "4", "WITHSCORES"]);
    p.check(&["ZRANDMEMBER", &big, "9223372036854775807", "WITHSCORES"]);
    p.both(&["HELLO", "2"]);
    p.check(&["DEL", &small, &big]);
}

#[test]
fn zrandmember_returns_members_with_their_scores() {
    for s in &fresh_servers() {
        let mut c = s.client();
        let z = k("rand", "z");
        let mut all = BTreeSet::new();
        for i in 0..40 {
            c.cmd(&["ZADD", &z, &i.to_string(), &format!("m{i}")]);
            all.insert(format!("m{i}"));
        }
        let one = c.cmd(&["ZRANDMEMBER", &z]).as_str();
        assert!(all.contains(&one));
        let got: Vec<String> = c
            .cmd(&["ZRANDMEMBER", &z, "10"])
            .as_array()
            .iter()
            .map(|v| v.as_str())
            .collect();
        let distinct: BTreeSet<_> = got.iter().cloned().collect();
        assert_eq!((got.len(), distinct.len()), (10, 10));
        assert!(distinct.is_subset(&all));
        assert_eq!(c.cmd(&["ZRANDMEMBER", &z, "100"]).as_array().len(), 40);
        let rep = c.cmd(&["ZRANDMEMBER", &z, "-100", "WITHSCORES"]).as_array();
        assert_eq!(rep.len(), 200);
        for pair in rep.chunks(2) {
            let m = pair[0].as_str();
            assert_eq!(format!("m{}", pair[1].as_str()), m);
        }
        assert_eq!(c.cmd(&["ZRANDMEMBER", &z, "0"]).as_array().len(), 0);
        assert!(c.cmd(&["ZRANDMEMBER", "nokey"]).is_nil());
        assert_eq!(c.cmd(&["ZRANDMEMBER", "nokey", "5"]).as_array().len(), 0);
        assert_err(
            &c.cmd(&["ZRANDMEMBER", &z, "1", "bogus"]),
            "ERR syntax error",
        );
        assert_err(
            &c.cmd(&["ZRANDMEMBER", &z, "x"]),
            "ERR value is not an integer or out of range",
        );
        c.cmd(&["HELLO", "3"]);
        let rep = c.cmd(&["ZRANDMEMBER", &z, "3", "WITHSCORES"]).as_array();
        assert_eq!(rep.len(), 3);
        assert_eq!(rep[0].as_array().len(), 2);
        c.cmd(&["DEL", &z]);
    }
}

#[test]
fn zscan_visits_every_member_once_with_its_score() {
    for s in &fresh_servers() {
        let mut c = s.client();
        let z = k("scan", "z");
        c.cmd(&["DEL", &z]);
        for i in 0..500 {
            c.cmd(&["ZADD", &z, &format!("{i}.5"), &format!("m{i}")]);
        }
        let mut seen = BTreeSet::new();
        let mut cursor = "0".to_string();
        loop {
            let r = c.cmd(&["ZSCAN", &z, &cursor, "COUNT", "50"]).as_array();
            cursor = r[0].as_str();
            for pair in r[1].as_array().chunks(2) {
                let m = pair[0].as_str();
                assert_eq!(format!("m{}", pair[1].as_str().trim_end_matches(".5")), m);
                assert!(seen.insert(m));
            }
            if cursor == "0" {
                break;
            }
        }
        assert_eq!(seen.len(), 500);
        let r = c
            .cmd(&["ZSCAN", &z, "0", "MATCH", "m4?", "COUNT", "1000"])
            .as_array();
        assert_eq!(r[1].as_array().len(), 20);
        c.cmd(&["DEL", &z]);
    }
    let mut p = Pair::new();
    let z = k("scan", "small");
    p.check(&["DEL", &z]);
    p.check(&["ZADD", &z, "1", "a", "2.5", "b", "-3", "c"]);
    p.check_sorted(&["ZSCAN", &z, "0"]);
    p.check(&["ZSCAN", &z, "x"]);
    // A listpack holds integral scores within 2^62 as integers, which ZSCAN and DUMP show.
    let big = k("scan", "bigints");
    p.check(&["DEL", &big]);
    p.check(&[
        "ZADD",
        &big,
        "123456789012345678",
        "a",
        "4611686018427387904",
        "b",
        "-4611686018427387904",
        "c",
        "4611686018427388928",
        "d",
        "9007199254740993",
        "e",
        "-0",
        "f",
        "1e300",
        "g",
    ]);
    p.check(&["ZSCAN", &big, "0"]);
    p.check(&["DUMP", &big]);
    p.check(&["ZRANGE", &big, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &big]);
    p.check(&["ZSCAN", k("scan", "none").as_str(), "0"]);
    // The key answers before the options: a missing key or another type, whatever follows.
    let s = k("scan", "str");
    p.check(&["SET", &s, "x"]);
    for key in [k("scan", "none"), s.clone()] {
        for cmd in ["ZSCAN", "SSCAN", "HSCAN"] {
            p.check(&[cmd, &key, "0", "badopt"]);
            p.check(&[cmd, &key, "0", "COUNT", "0"]);
            p.check(&[cmd, &key, "x"]);
        }
    }
    p.check(&["DEL", &z, &s]);
}

#[test]
fn transactions_read_their_own_zset_writes() {
    let mut p = Pair::new();
    let z = k("tx", "z");
    p.check(&["DEL", &z]);
    p.check(&["MULTI"]);
    for i in 0..30 {
        p.check(&["ZADD", &z, &(i % 7).to_string(), &format!("m{i}")]);
    }
    p.check(&["ZINCRBY", &z, "10", "m3"]);
    p.check(&["ZREM", &z, "m4", "m5"]);
    p.check(&["ZRANK", &z, "m3"]);
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["ZRANGEBYSCORE", &z, "2", "4", "LIMIT", "1", "3"]);
    p.check(&["ZPOPMIN", &z, "3"]);
    p.check(&["ZCOUNT", &z, "-inf", "+inf"]);
    p.check(&["EXEC"]);
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z]);
}

#[test]
fn copy_rename_and_move_keep_ranks_working() {
    for s in &fresh_servers()[..1] {
        let mut c = s.client();
        let (a, b, d) = (k("copy", "{x}a"), k("copy", "{x}b"), k("copy", "{x}d"));
        c.cmd(&["DEL", &a, &b, &d]);
        let mut args: Vec<String> = vec!["ZADD".into(), a.clone()];
        for i in 0..3000 {
            args.push(((i * 7919) % 3001).to_string());
            args.push(format!("m{i:04}"));
        }
        let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        assert_int(&c.cmd(&refs), 3000);
        let want = c.cmd(&["ZRANGE", &a, "1500", "1510", "WITHSCORES"]);
        let rank = c.cmd(&["ZRANK", &a, "m1234"]).as_int();
        assert_int(&c.cmd(&["COPY", &a, &b]), 1);
        assert_ok(&c.cmd(&["RENAME", &a, &d]));
        for key in [&b, &d] {
            assert_eq!(c.cmd(&["ZRANGE", key, "1500", "1510", "WITHSCORES"]), want);
            assert_int(&c.cmd(&["ZRANK", key, "m1234"]), rank);
            assert_int(&c.cmd(&["ZCARD", key]), 3000);
        }
        assert_int(&c.cmd(&["MOVE", &d, "1"]), 1);
        c.cmd(&["SELECT", "1"]);
        assert_int(&c.cmd(&["ZRANK", &d, "m1234"]), rank);
        c.cmd(&["DEL", &d]);
        c.cmd(&["SELECT", "0"]);
        c.cmd(&["DEL", &a, &b]);
    }
}

#[test]
fn keyspace_events_of_zset_commands() {
    for s in &fresh_servers()[..1] {
        let mut c = s.client();
        c.cmd(&["CONFIG", "SET", "notify-keyspace-events", "Kzg"]);
        let mut sub = s.client();
        sub.cmd(&["PSUBSCRIBE", "__keyspace@0__:*"]);
        let z = k("events", "z");
        c.cmd(&["ZADD", &z, "1", "a", "2", "b"]);
        c.cmd(&["ZADD", &z, "1", "a"]);
        c.cmd(&["ZINCRBY", &z, "1", "a"]);
        c.cmd(&["ZREM", &z, "nope"]);
        c.cmd(&["ZREM", &z, "a"]);
        c.cmd(&["ZPOPMIN", &z]);
        let mut got = Vec::new();
        for _ in 0..5 {
            let m = sub.read_value().as_array();
            got.push(m[3].as_str());
        }
        assert_eq!(got, ["zadd", "zincr", "zrem", "zpopmin", "del"]);
        c.cmd(&["CONFIG", "SET", "notify-keyspace-events", ""]);
    }
}

/// Random programs over a few members with many ties, compared reply by reply with Redis.
#[derive(Debug, Clone)]
enum Op {
    Add(Vec<(i8, u8)>, &'static str),
    Incr(i8, u8),
    Rem(Vec<u8>),
    Range(i8, i8, bool),
    ByScore(i8, i8, bool, bool, Option<(i8, i8)>),
    ByLex(u8, u8, bool),
    Rank(u8, bool),
    Count(i8, i8),
    RemRank(i8, i8),
    RemScore(i8, i8),
    Pop(bool, u8),
}

fn op() -> impl Strategy<Value = Op> {
    let flags = prop::sample::select(vec!["", "NX", "XX", "GT", "LT", "CH", "XX CH", "GT CH"]);
    prop_oneof![
        4 => (prop::collection::vec((-5i8..6, 0u8..12), 1..5), flags).prop_map(|(v, f)| Op::Add(v, f)),
        1 => (-3i8..4, 0u8..12).prop_map(|(s, m)| Op::Incr(s, m)),
        1 => prop::collection::vec(0u8..12, 1..4).prop_map(Op::Rem),
        2 => (-8i8..8, -8i8..8, any::<bool>()).prop_map(|(a, b, r)| Op::Range(a, b, r)),
        2 => (-6i8..7, -6i8..7, any::<bool>(), any::<bool>(), proptest::option::of((-1i8..4, -1i8..4)))
            .prop_map(|(a, b, x, r, l)| Op::ByScore(a, b, x, r, l)),
        1 => (0u8..12, 0u8..12, any::<bool>()).prop_map(|(a, b, r)| Op::ByLex(a, b, r)),
        2 => (0u8..12, any::<bool>()).prop_map(|(m, r)| Op::Rank(m, r)),
        1 => (-6i8..7, -6i8..7).prop_map(|(a, b)| Op::Count(a, b)),
        1 => (-6i8..6, -6i8..6).prop_map(|(a, b)| Op::RemRank(a, b)),
        1 => (-6i8..6, -6i8..6).prop_map(|(a, b)| Op::RemScore(a, b)),
        1 => (any::<bool>(), 0u8..4).prop_map(|(m, n)| Op::Pop(m, n)),
    ]
}

fn run_op(p: &mut Pair, z: &str, op: &Op) {
    let m = |i: &u8| format!("m{i}");
    let s = |v: &i8| (*v as f64 / 2.0).to_string();
    let args: Vec<String> = match op {
        Op::Add(v, flags) => {
            let mut a = vec!["ZADD".to_string(), z.to_string()];
            a.extend(flags.split_whitespace().map(String::from));
            for (sc, mem) in v {
                a.push(s(sc));
                a.push(m(mem));
            }
            a
        }
        Op::Incr(sc, mem) => vec!["ZINCRBY".into(), z.into(), s(sc), m(mem)],
        Op::Rem(v) => {
            let mut a = vec!["ZREM".to_string(), z.to_string()];
            a.extend(v.iter().map(m));
            a
        }
        Op::Range(a, b, rev) => {
            let mut v = vec!["ZRANGE".into(), z.into(), a.to_string(), b.to_string()];
            if *rev {
                v.push("REV".into());
            }
            v.push("WITHSCORES".into());
            v
        }
        Op::ByScore(a, b, excl, rev, limit) => {
            let bound = |x: &i8| if *excl { format!("({}", s(x)) } else { s(x) };
            let mut v = vec![
                if *rev {
                    "ZREVRANGEBYSCORE"
                } else {
                    "ZRANGEBYSCORE"
                }
                .to_string(),
                z.into(),
                bound(a),
                bound(b),
                "WITHSCORES".into(),
            ];
            if let Some((o, c)) = limit {
                v.extend(["LIMIT".into(), o.to_string(), c.to_string()]);
            }
            v
        }
        Op::ByLex(a, b, rev) => vec![
            if *rev {
                "ZREVRANGEBYLEX"
            } else {
                "ZRANGEBYLEX"
            }
            .to_string(),
            z.into(),
            format!("[{}", m(a)),
            format!("({}", m(b)),
        ],
        Op::Rank(mem, rev) => vec![
            if *rev { "ZREVRANK" } else { "ZRANK" }.to_string(),
            z.into(),
            m(mem),
        ],
        Op::Count(a, b) => vec!["ZCOUNT".into(), z.into(), s(a), format!("({}", s(b))],
        Op::RemRank(a, b) => vec![
            "ZREMRANGEBYRANK".into(),
            z.into(),
            a.to_string(),
            b.to_string(),
        ],
        Op::RemScore(a, b) => vec!["ZREMRANGEBYSCORE".into(), z.into(), s(a), s(b)],
        Op::Pop(min, n) => vec![
            if *min { "ZPOPMIN" } else { "ZPOPMAX" }.to_string(),
            z.into(),
            n.to_string(),
        ],
    };
    let refs: Vec<&str> = args.iter().map(|a| a.as_str()).collect();
    p.check(&refs);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn random_zset_programs_reply_exactly_like_redis(ops in proptest::collection::vec(op(), 1..40)) {
        let mut p = Pair::new();
        let z = k("prop", "z");
        p.check(&["DEL", &z]);
        for op in &ops {
            run_op(&mut p, &z, op);
        }
        p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
        p.check(&["DEL", &z]);
    }
}

/// Past 1024 members a zset has rank blocks: ranks, deep offsets and range removals across
/// block boundaries must still agree with Redis after many inserts, updates and deletes.
#[test]
fn a_large_zset_with_rank_blocks_agrees_with_redis() {
    let mut p = Pair::new();
    let z = k("large", "z");
    p.check(&["DEL", &z]);
    let mut next = lcg(12345);
    for round in 0..6 {
        let mut args: Vec<String> = vec!["ZADD".into(), z.clone()];
        for _ in 0..1500 {
            args.push((next(200) as f64 / 4.0).to_string());
            args.push(format!("m{:05}", next(6000)));
        }
        let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        p.check(&refs);
        let mut rem: Vec<String> = vec!["ZREM".into(), z.clone()];
        for _ in 0..300 {
            rem.push(format!("m{:05}", next(6000)));
        }
        let refs: Vec<&str> = rem.iter().map(|s| s.as_str()).collect();
        p.check(&refs);
        for _ in 0..20 {
            let m = format!("m{:05}", next(6000));
            p.check(&["ZRANK", &z, &m]);
            p.check(&["ZREVRANK", &z, &m]);
            p.check(&["ZINCRBY", &z, &(next(40) as f64 - 20.0).to_string(), &m]);
        }
        let card = p.check(&["ZCARD", &z]).as_int();
        for _ in 0..10 {
            let start = next(card as u64 + 10) as i64;
            p.check(&[
                "ZRANGE",
                &z,
                &start.to_string(),
                &(start + 5).to_string(),
                "WITHSCORES",
            ]);
            p.check(&[
                "ZREVRANGE",
                &z,
                &start.to_string(),
                &(start + 5).to_string(),
            ]);
            let lo = (next(200) as f64 / 4.0).to_string();
            p.check(&[
                "ZRANGEBYSCORE",
                &z,
                &lo,
                "+inf",
                "LIMIT",
                &next(800).to_string(),
                "4",
            ]);
            p.check(&[
                "ZREVRANGEBYSCORE",
                &z,
                &lo,
                "-inf",
                "LIMIT",
                &next(800).to_string(),
                "4",
            ]);
            p.check(&["ZCOUNT", &z, &lo, "(40"]);
        }
        if round % 2 == 1 {
            let a = next(card as u64) as i64;
            p.check(&[
                "ZREMRANGEBYRANK",
                &z,
                &a.to_string(),
                &(a + 700).to_string(),
            ]);
            p.check(&["ZREMRANGEBYSCORE", &z, "10", "(12"]);
            p.check(&["ZPOPMIN", &z, "50"]);
            p.check(&["ZPOPMAX", &z, "50"]);
        }
    }
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z]);
}

/// Pipelined commands run as one group in one transaction batch, where rank blocks are read
/// and written through the batch's pending writes: a pipeline of updates and rank queries on a
/// zset with rank blocks must reply exactly as Redis does.
#[test]
fn pipelined_updates_and_rank_queries_on_a_large_zset_agree_with_redis() {
    let servers = fresh_servers();
    let z = k("pipe", "z");
    let mut next = lcg(777);
    let mut cmds: Vec<Vec<String>> = vec![vec!["DEL".into(), z.clone()]];
    let mut fill: Vec<String> = vec!["ZADD".into(), z.clone()];
    for i in 0..3000 {
        fill.push((next(500) as f64 / 2.0).to_string());
        fill.push(format!("m{i:05}"));
    }
    cmds.push(fill);
    for _ in 0..400 {
        let m = format!("m{:05}", next(3500));
        let c: Vec<String> = match next(8) {
            0 => vec![
                "ZADD".into(),
                z.clone(),
                (next(500) as f64 / 2.0).to_string(),
                m,
            ],
            1 => vec!["ZREM".into(), z.clone(), m],
            2 => vec!["ZINCRBY".into(), z.clone(), "7".into(), m],
            3 => vec!["ZRANK".into(), z.clone(), m],
            4 => vec!["ZREVRANK".into(), z.clone(), m],
            5 => {
                let a = next(3000);
                vec![
                    "ZRANGE".into(),
                    z.clone(),
                    a.to_string(),
                    (a + 3).to_string(),
                    "WITHSCORES".into(),
                ]
            }
            6 => vec!["ZPOPMIN".into(), z.clone(), next(5).to_string()],
            _ => vec![
                "ZCOUNT".into(),
                z.clone(),
                (next(250)).to_string(),
                "+inf".into(),
            ],
        };
        cmds.push(c);
    }
    cmds.push(vec![
        "ZRANGE".into(),
        z.clone(),
        "0".into(),
        "-1".into(),
        "WITHSCORES".into(),
    ]);
    let mut raw = Vec::new();
    for c in &cmds {
        let args: Vec<&[u8]> = c.iter().map(|a| a.as_bytes()).collect();
        raw.extend(encode_cmd(&args));
    }
    let mut outs = Vec::new();
    for s in &servers {
        let mut c = s.client();
        c.send_raw(&raw);
        let replies: Vec<Vec<u8>> = cmds.iter().map(|_| c.read_value().to_resp()).collect();
        c.cmd(&["DEL", &z]);
        outs.push(replies);
    }
    if let [strata, redis] = &outs[..] {
        for (i, (a, b)) in strata.iter().zip(redis).enumerate() {
            assert_eq!(escape(a), escape(b), "reply {i} differs: {:?}", cmds[i]);
        }
    }
}

/// The sliding-window (rate limiter) recipe: add now, drop what fell out of the window, count.
/// Range removals at either end move the zset's scan bounds; replies must stay Redis'.
#[test]
fn the_sliding_window_recipe() {
    let mut p = Pair::new();
    let z = k("window", "z");
    p.check(&["DEL", &z]);
    for t in 0..1500i64 {
        let now = t.to_string();
        p.check(&["ZADD", &z, &now, &format!("req:{t}")]);
        if t % 3 == 0 {
            p.check(&["ZREMRANGEBYSCORE", &z, "-inf", &format!("({}", t - 100)]);
        }
        if t % 7 == 0 {
            p.check(&["ZREMRANGEBYRANK", &z, "-3", "-1"]);
            p.check(&["ZADD", &z, &(t - 50).to_string(), &format!("late:{t}")]);
        }
        if t % 5 == 0 {
            p.check(&["ZCOUNT", &z, "-inf", "+inf"]);
            p.check(&["ZRANGE", &z, "0", "2", "WITHSCORES"]);
            p.check(&["ZREVRANGE", &z, "0", "1"]);
        }
    }
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z]);
}

/// A zset with rank blocks, read and updated one member at a time between writes of every other
/// kind: range removals and pops, a transaction whose failing command rolls back, a script, DEL
/// and recreation under a new version, RENAME away and back, a ZUNIONSTORE onto itself. Each
/// step is checked against Redis.
#[test]
fn scores_of_a_big_zset_stay_exact_through_every_kind_of_write() {
    let mut p = Pair::new();
    let z = k("maps", "z");
    let other = k("maps", "other");
    p.check(&["DEL", &z, &other]);
    let fill = |p: &mut Pair, offset: usize| {
        let mut args: Vec<String> = vec!["ZADD".into(), z.clone()];
        for i in 0..2000 {
            args.push(((i * 7 + offset) % 1000).to_string());
            args.push(format!("m{i:04}"));
        }
        let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        p.check(&refs);
    };
    fill(&mut p, 0);
    let mut next = lcg(99);
    for round in 0..8 {
        for _ in 0..80 {
            let m = format!("m{:04}", next(2100));
            match next(4) {
                0 => p.check(&["ZSCORE", &z, &m]),
                1 => p.check(&["ZINCRBY", &z, &(next(9) as i64 - 4).to_string(), &m]),
                2 => p.check(&["ZADD", &z, "CH", &next(1000).to_string(), &m]),
                _ => p.check(&["ZMSCORE", &z, &m, "m0001", "nope"]),
            };
        }
        // Writes of another kind, then reads of the members they touched.
        match round {
            0 => {
                p.check(&["ZREMRANGEBYSCORE", &z, "100", "(110"]);
                p.check(&["ZPOPMIN", &z, "5"]);
            }
            1 => {
                p.check(&["MULTI"]);
                p.check(&["ZINCRBY", &z, "1000", "m0002"]);
                p.check(&["ZADD", &z, "5", "brand-new"]);
                p.check(&["INCR", &z]);
                p.check(&["ZSCORE", &z, "m0002"]);
                p.check(&["ZREM", &z, "m0003"]);
                p.check(&["EXEC"]);
            }
            2 => {
                p.check(&[
                    "EVAL",
                    "redis.call('ZINCRBY', KEYS[1], 3, 'm0004'); \
                     redis.call('ZREM', KEYS[1], 'm0005'); \
                     return redis.call('ZSCORE', KEYS[1], 'm0004')",
                    "1",
                    &z,
                ]);
            }
            3 => {
                p.check(&["DEL", &z]);
                fill(&mut p, 500);
            }
            4 => {
                p.check(&["RENAME", &z, &other]);
                p.check(&["ZINCRBY", &other, "2", "m0006"]);
                p.check(&["RENAME", &other, &z]);
            }
            5 => {
                p.check(&["ZREMRANGEBYRANK", &z, "0", "9"]);
                p.check(&["ZPOPMAX", &z, "3"]);
            }
            6 => {
                p.check(&["ZUNIONSTORE", &z, "1", &z, "WEIGHTS", "2"]);
            }
            _ => {
                p.check(&["ZADD", &z, "XX", "GT", "5000", "m0007", "1", "m0008"]);
            }
        }
        for i in 0..12 {
            let m = format!("m{i:04}");
            p.check(&["ZSCORE", &z, &m]);
        }
        p.check(&["ZSCORE", &z, "brand-new"]);
        p.check(&["ZCARD", &z]);
    }
    p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
    p.check(&["DEL", &z, &other]);
}

#[test]
fn negative_zero_is_stored_as_zero_but_computed_replies_keep_its_sign() {
    let mut p = Pair::new();
    let z = k("negzero", "z");
    p.check(&["DEL", &z]);
    for proto in ["2", "3"] {
        p.both(&["HELLO", proto]);
        p.check(&["DEL", &z]);
        p.check(&["ZINCRBY", &z, "-0", "m"]);
        p.check(&["ZADD", &z, "INCR", "-0.0", "n"]);
        p.check(&["ZADD", &z, "-0", "o"]);
        p.check(&["ZSCORE", &z, "m"]);
        p.check(&["ZINCRBY", &z, "-0", "m"]);
        p.check(&["ZRANGE", &z, "0", "-1", "WITHSCORES"]);
        p.check(&["ZUNION", "1", &z, "WEIGHTS", "-0", "WITHSCORES"]);
        p.check(&["ZUNION", "1", &z, "WEIGHTS", "-1", "WITHSCORES"]);
    }
    p.both(&["HELLO", "2"]);
    p.check(&["DEL", &z]);
}
