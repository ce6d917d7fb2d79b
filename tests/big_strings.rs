//! Black-box tests of large strings, which Strata stores chunked past 1 MiB (16 KiB chunks, see
//! `storage/src/types/string.rs`): every string command on values that cross the threshold, a
//! bit at the last offset, an APPEND to a 100 MB value, copies, expiry, transactions and the
//! size limit. Replies are compared byte for byte with a real redis-server 7.0 through `Pair`.
//!
//! Tests on the shared servers prefix every key with `big:<test>:`.

mod common;
use common::*;

const CHUNK: usize = 16 << 10;
const THRESHOLD: usize = 1 << 20;

fn k(test: &str, name: &str) -> String {
    format!("big:{test}:{name}")
}

/// Bytes that differ from chunk to chunk and within one, so misplaced chunks show.
fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| {
            (i as u8)
                .wrapping_mul(31)
                .wrapping_add(seed ^ (i / CHUNK) as u8)
        })
        .collect()
}

fn reads(p: &mut Pair, key: &str) {
    p.check(&["STRLEN", key]);
    p.check(&["OBJECT", "ENCODING", key]);
    for (s, e) in [
        ("0", "9"),
        ("16380", "16390"),
        ("65530", "65545"),
        ("1048570", "1048590"),
        ("-10", "-1"),
        ("-70000", "-65530"),
        ("2999990", "3000005"),
        ("0", "-1"),
        ("5000000", "6000000"),
    ] {
        p.check(&["GETRANGE", key, s, e]);
    }
    p.check(&["BITCOUNT", key]);
    p.check(&["BITCOUNT", key, "65535", "1048577"]);
    p.check(&["BITCOUNT", key, "524287", "8388615", "BIT"]);
    p.check(&["BITPOS", key, "0"]);
    p.check(&["BITPOS", key, "1", "1048000"]);
    p.check(&["BITPOS", key, "0", "1048000", "-1"]);
    for off in ["0", "524288", "8388607", "8388608", "24000000"] {
        p.check(&["GETBIT", key, off]);
    }
    p.check(&[
        "BITFIELD_RO",
        key,
        "GET",
        "u8",
        "524284",
        "GET",
        "i64",
        "8388600",
    ]);
}

#[test]
fn edits_and_reads_across_the_threshold_match_redis() {
    let mut p = Pair::new();
    let s = k("edits", "s");
    p.check(&["DEL", &s]);
    // Just below the threshold: inline, then one APPEND crosses it.
    p.check_bytes(&[b"SET", s.as_bytes(), &pattern(THRESHOLD - 10, 1)]);
    reads(&mut p, &s);
    p.check_bytes(&[b"APPEND", s.as_bytes(), &pattern(100_000, 2)]);
    reads(&mut p, &s);
    p.check(&["GET", &s]);
    // A write spanning a chunk boundary, one far past the end, bits and fields anywhere.
    p.check_bytes(&[b"SETRANGE", s.as_bytes(), b"16380", &pattern(20, 3)]);
    p.check_bytes(&[b"SETRANGE", s.as_bytes(), b"1048000", &pattern(40_000, 4)]);
    p.check(&["SETRANGE", &s, "2999998", "xyz"]);
    reads(&mut p, &s);
    p.check(&["SETBIT", &s, "16777215", "1"]);
    p.check(&["SETBIT", &s, "8388608", "0"]);
    p.check(&["SETBIT", &s, "30000000", "1"]);
    p.check(&[
        "BITFIELD", &s, "SET", "u8", "524284", "255", "INCRBY", "i16", "8388600", "-7", "OVERFLOW",
        "FAIL", "INCRBY", "u4", "0", "15", "GET", "u16", "29999999",
    ]);
    reads(&mut p, &s);
    p.check(&["GET", &s]);
    // Whole-value commands and the ones that refuse a long value.
    let small = k("edits", "small");
    p.check(&["SET", &small, "hello world"]);
    p.check(&["LCS", &s, &small, "LEN"]);
    p.check(&["BITOP", "XOR", &small, &s, &small]);
    p.check(&["STRLEN", &small]);
    p.check(&["GETRANGE", &small, "-20", "-1"]);
    p.check(&["OBJECT", "ENCODING", &small]);
    for cmd in [
        &["INCR", &s][..],
        &["DECRBY", &s, "3"],
        &["INCRBYFLOAT", &s, "1.5"],
        &["PFADD", &s, "x"],
        &["PFCOUNT", &s],
        &["PFCOUNT", &s, &small],
        &["PFMERGE", &small, &s],
        &["PFDEBUG", "ENCODING", &s],
        &["LPUSH", &s, "x"],
    ] {
        p.check(cmd);
    }
    // A chunked HLL header is still not an HLL.
    p.check_bytes(&[b"SETRANGE", s.as_bytes(), b"0", b"HYLL\x01"]);
    p.check(&["PFCOUNT", &s]);
    p.check(&["GETSET", &s, "short"]);
    p.check(&["GET", &s]);
    p.check(&["OBJECT", "ENCODING", &s]);
    p.check(&["DEL", &s, &small]);
}

#[test]
fn setbit_at_the_last_offset_writes_one_bit_of_512mb() {
    let mut p = Pair::new();
    let b = k("lastbit", "b");
    p.check(&["DEL", &b]);
    p.check(&["SETBIT", &b, "4294967295", "1"]);
    p.check(&["STRLEN", &b]);
    p.check(&["BITCOUNT", &b]);
    p.check(&["BITCOUNT", &b, "-1", "-1"]);
    p.check(&["BITCOUNT", &b, "4294967290", "4294967295", "BIT"]);
    for off in ["0", "4294967294", "4294967295"] {
        p.check(&["GETBIT", &b, off]);
    }
    p.check(&["GETRANGE", &b, "-3", "-1"]);
    p.check(&["GETRANGE", &b, "0", "3"]);
    p.check(&["GETRANGE", &b, "536870900", "536870999"]);
    p.check(&["BITPOS", &b, "1"]);
    p.check(&["BITPOS", &b, "1", "-2"]);
    p.check(&["BITPOS", &b, "0", "-1"]);
    p.check(&["SETBIT", &b, "4294967295", "0"]);
    p.check(&["BITCOUNT", &b, "-100", "-1"]);
    p.check(&["BITPOS", &b, "0", "-1"]);
    p.check(&[
        "BITFIELD",
        &b,
        "INCRBY",
        "i16",
        "4294967280",
        "5",
        "GET",
        "u8",
        "4294967288",
    ]);
    p.check(&["GETRANGE", &b, "-3", "-1"]);
    p.check(&["OBJECT", "ENCODING", &b]);
    p.check(&["DEL", &b]);
}

#[test]
fn append_to_a_100mb_value() {
    let mut p = Pair::new();
    let s = k("append100", "s");
    p.check(&["DEL", &s]);
    p.check(&["SETRANGE", &s, "104857599", "z"]);
    p.check(&["APPEND", &s, "hello"]);
    p.check(&["STRLEN", &s]);
    p.check(&["GETRANGE", &s, "-7", "-1"]);
    p.check(&["GETRANGE", &s, "104857590", "104857599"]);
    p.check(&["BITCOUNT", &s, "-10", "-1"]);
    p.check(&["SETRANGE", &s, "52428800", "middle"]);
    p.check(&["GETRANGE", &s, "52428798", "52428808"]);
    p.check(&["DEL", &s]);
}

#[test]
fn copy_rename_move_and_ttl_keep_chunked_values() {
    let mut p = Pair::new();
    let (a, b, c) = (k("copy", "a"), k("copy", "b"), k("copy", "c"));
    p.check(&["DEL", &a, &b, &c]);
    p.check_bytes(&[b"SET", a.as_bytes(), &pattern(2 * THRESHOLD + 7, 9)]);
    p.check(&["SETRANGE", &a, "3000000", "tail"]);
    p.check(&["COPY", &a, &b]);
    p.check(&["SETRANGE", &a, "0", "changed"]);
    p.check(&["GETRANGE", &b, "0", "9"]);
    p.check(&["RENAME", &b, &c]);
    p.check(&["EXISTS", &b]);
    p.check(&["GET", &c]);
    p.check(&["MOVE", &c, "1"]);
    p.check(&["SELECT", "1"]);
    p.check(&["GETRANGE", &c, "2999998", "-1"]);
    p.check(&["OBJECT", "ENCODING", &c]);
    p.check(&["COPY", &c, &a, "DB", "0", "REPLACE"]);
    p.check(&["DEL", &c]);
    p.check(&["SELECT", "0"]);
    p.check(&["GETRANGE", &a, "0", "9"]);
    p.check(&["EXPIRE", &a, "100"]);
    p.check(&["TTL", &a]);
    p.check(&["APPEND", &a, "!"]);
    p.check(&["TTL", &a]);
    p.check(&["GETEX", &a, "PERSIST"]);
    p.check(&["TTL", &a]);
    p.check(&["SET", &a, "x", "GET"]);
    p.check(&["GET", &a]);
    p.check(&["DEL", &a]);
}

#[test]
fn transactions_see_their_own_chunk_writes() {
    let mut p = Pair::new();
    let s = k("multi", "s");
    p.check(&["DEL", &s]);
    p.check(&["MULTI"]);
    for cmd in [
        &["SETRANGE", &s, "2000000", "abc"][..],
        &["APPEND", &s, "def"],
        &["SETBIT", &s, "7", "1"],
        &["GETRANGE", &s, "1999999", "-1"],
        &["BITCOUNT", &s],
        &["STRLEN", &s],
        &["GETDEL", &s],
        &["STRLEN", &s],
        &["SETRANGE", &s, "1500000", "x"],
        &["GETRANGE", &s, "-2", "-1"],
    ] {
        p.check(cmd);
    }
    p.check(&["EXEC"]);
    p.check(&["GETRANGE", &s, "-2", "-1"]);
    p.check(&["DEL", &s]);
}

#[test]
fn writes_past_proto_max_bulk_len_are_refused() {
    let limit = ["--proto-max-bulk-len", "2mb"];
    let strata = Server::strata_with(&limit);
    let redis = Server::redis_with(&limit);
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["SETRANGE", "s", "2097151", "a"]);
    p.check(&["SETRANGE", "s", "2097151", "ab"]);
    p.check(&["SETRANGE", "s", "2097152", "a"]);
    p.check(&["APPEND", "s", "b"]);
    p.check(&["SETBIT", "s", "16777215", "1"]);
    p.check(&["SETBIT", "s", "16777216", "1"]);
    p.check(&["BITFIELD", "s", "SET", "u8", "16777208", "1"]);
    p.check(&["BITFIELD", "s", "SET", "u8", "16777212", "1"]);
    p.check(&["STRLEN", "s"]);
    p.check(&["BITCOUNT", "s"]);
}

#[test]
fn chunked_values_survive_a_restart() {
    let mut s = Server::strata();
    let mut c = s.client();
    let v = pattern(3 * THRESHOLD, 5);
    assert_ok(&c.cmd_bytes(&[b"SET", b"big", &v]));
    assert_int(&c.cmd(&["SETRANGE", "big", "10000000", "end"]), 10_000_003);
    drop(c);
    s.restart();
    let mut c = s.client();
    assert_int(&c.cmd(&["STRLEN", "big"]), 10_000_003);
    assert_bulk(&c.cmd(&["GETRANGE", "big", "0", "99"]), &v[..100]);
    assert_bulk(&c.cmd(&["GETRANGE", "big", "-3", "-1"]), b"end");
    let mut whole = v.clone();
    whole.resize(10_000_000, 0);
    whole.extend_from_slice(b"end");
    assert!(c.cmd(&["GET", "big"]).as_bytes() == whole);
}
