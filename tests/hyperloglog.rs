//! Black-box tests of the HyperLogLog commands (PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST).
//! Strata keeps HLLs in Redis' own string format, so besides the replies, the raw value (GET)
//! is compared byte for byte with a real redis-server 7.0 after every change.
//!
//! Tests on the shared servers prefix every key with `hll:<test>:`; tests that change
//! `hll-sparse-max-bytes` start servers of their own.

mod common;
use common::*;

use proptest::prelude::*;

fn k(test: &str, name: &str) -> String {
    format!("hll:{test}:{name}")
}

/// A deterministic stream of distinct-looking elements.
fn elements(seed: u64, n: usize) -> Vec<String> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("{x:x}")
        })
        .collect()
}

fn pfadd(p: &mut Pair, key: &str, elems: &[String]) -> Value {
    let mut cmd = vec!["PFADD", key];
    cmd.extend(elems.iter().map(String::as_str));
    p.check(&cmd)
}

/// Sends `cmds` to both servers as one pipeline and compares every reply byte for byte.
fn pipeline_both(p: &mut Pair, cmds: &[Vec<String>]) {
    let mut bytes = Vec::new();
    for c in cmds {
        let args: Vec<&[u8]> = c.iter().map(|s| s.as_bytes()).collect();
        bytes.extend_from_slice(&encode_cmd(&args));
    }
    p.strata.send_raw(&bytes);
    if let Some(r) = &mut p.redis {
        r.send_raw(&bytes);
    }
    for c in cmds {
        let s = p.strata.read_raw();
        if let Some(r) = &mut p.redis {
            let r = r.read_raw();
            assert_eq!(
                escape(&s),
                escape(&r),
                "replies differ for {} ...",
                &c[..2].join(" ")
            );
        }
    }
}

#[test]
fn pfadd_creates_a_sparse_hll_with_redis_bytes() {
    let mut p = Pair::new();
    let h = k("create", "h");
    p.check(&["DEL", &h]);
    assert_int(&p.check(&["PFADD", &h, "a", "b", "c"]), 1);
    p.check(&["GET", &h]);
    assert_int(&p.check(&["PFADD", &h, "a", "c"]), 0);
    assert_int(&p.check(&["PFCOUNT", &h]), 3);
    // The count is now cached in the header.
    p.check(&["GET", &h]);
    p.check(&["PFCOUNT", &h]);
    p.check(&["PFDEBUG", "DECODE", &h]);
    p.check(&["PFDEBUG", "ENCODING", &h]);
    p.check(&["OBJECT", "ENCODING", &h]);
    p.check(&["TYPE", &h]);
    p.check(&["STRLEN", &h]);
    assert_int(&p.check(&["PFADD", &h, "d"]), 1);
    p.check(&["GET", &h]);
}

#[test]
fn pfadd_without_elements_creates_an_empty_hll_only_once() {
    let mut p = Pair::new();
    let h = k("empty", "h");
    p.check(&["DEL", &h]);
    assert_int(&p.check(&["PFADD", &h]), 1);
    assert_int(&p.check(&["PFADD", &h]), 0);
    p.check(&["GET", &h]);
    assert_int(&p.check(&["PFCOUNT", &h]), 0);
    p.check(&["PFDEBUG", "DECODE", &h]);
    p.check(&["PFADD", &h, ""]);
    p.check(&["GET", &h]);
    p.check(&["PFCOUNT", &h]);
}

#[test]
fn growing_hll_stays_byte_identical_through_the_switch_to_dense() {
    let mut p = Pair::new();
    let h = k("grow", "h");
    p.check(&["DEL", &h]);
    let all = elements(1, 4000);
    for (i, batch) in all.chunks(40).enumerate() {
        pfadd(&mut p, &h, batch);
        if i % 5 == 0 {
            p.check(&["GET", &h]);
            p.check(&["PFCOUNT", &h]);
            p.check(&["PFDEBUG", "ENCODING", &h]);
        }
    }
    assert_status(&p.check(&["PFDEBUG", "ENCODING", &h]), "dense");
    p.check(&["GET", &h]);
    p.check(&["PFCOUNT", &h]);
    // Single elements one by one, with the count after each (cache refresh each time).
    for e in elements(2, 60) {
        p.check(&["PFADD", &h, &e]);
        p.check(&["PFCOUNT", &h]);
    }
    p.check(&["GET", &h]);
}

#[test]
fn pfcount_of_a_million_elements_equals_redis() {
    let mut p = Pair::new();
    let h = k("million", "h");
    p.check(&["DEL", &h]);
    let all = elements(15, 1_000_000);
    for batches in all.chunks(50_000) {
        let cmds: Vec<Vec<String>> = batches
            .chunks(1000)
            .map(|b| {
                ["PFADD", &h]
                    .iter()
                    .map(|s| s.to_string())
                    .chain(b.iter().cloned())
                    .collect()
            })
            .collect();
        pipeline_both(&mut p, &cmds);
    }
    let n = p.check(&["PFCOUNT", &h]).as_int();
    assert!((n - 1_000_000).abs() < 20_000, "estimate {n}");
    p.check(&["GET", &h]);
}

#[test]
fn pfcount_of_several_keys_merges_them() {
    let mut p = Pair::new();
    let (a, b, c, none) = (
        k("multi", "a"),
        k("multi", "b"),
        k("multi", "c"),
        k("multi", "none"),
    );
    p.check(&["DEL", &a, &b, &c, &none]);
    pfadd(&mut p, &a, &elements(3, 100));
    pfadd(&mut p, &b, &elements(4, 3000));
    pfadd(&mut p, &c, &elements(3, 50));
    p.check(&["PFCOUNT", &a, &b]);
    p.check(&["PFCOUNT", &a, &c]);
    p.check(&["PFCOUNT", &a, &b, &c, &none]);
    p.check(&["PFCOUNT", &none, &none]);
    // A multi-key count does not touch the caches.
    p.check(&["GET", &a]);
    p.check(&["SET", &none, "not an hll"]);
    p.check(&["PFCOUNT", &a, &none]);
    p.check(&["DEL", &none]);
    p.check(&["PFCOUNT", &none]);
}

#[test]
fn pfmerge_of_sparse_and_dense() {
    let mut p = Pair::new();
    let (s1, s2, d, dst) = (
        k("merge", "s1"),
        k("merge", "s2"),
        k("merge", "d"),
        k("merge", "dst"),
    );
    let none = k("merge", "none");
    p.check(&["DEL", &s1, &s2, &d, &dst, &none]);
    pfadd(&mut p, &s1, &elements(5, 30));
    pfadd(&mut p, &s2, &elements(6, 200));
    pfadd(&mut p, &d, &elements(7, 5000));
    // Sparse sources into a new key: stays sparse.
    p.check(&["PFMERGE", &dst, &s1, &s2, &none]);
    p.check(&["GET", &dst]);
    p.check(&["PFDEBUG", "ENCODING", &dst]);
    p.check(&["PFCOUNT", &dst]);
    // A dense source makes the (existing, sparse) target dense.
    p.check(&["PFMERGE", &dst, &d]);
    p.check(&["GET", &dst]);
    p.check(&["PFCOUNT", &dst]);
    // The target is one of the inputs; merging in nothing still invalidates the cache.
    p.check(&["PFMERGE", &s1]);
    p.check(&["GET", &s1]);
    p.check(&["PFMERGE", &none]);
    p.check(&["GET", &none]);
    p.check(&["PFMERGE", &s2, &s1, &s2]);
    p.check(&["GET", &s2]);
    p.check(&["PFCOUNT", &s1, &s2, &d]);
}

#[test]
fn pfmerge_into_a_sparse_target_can_outgrow_it() {
    let mut p = Pair::new();
    let (a, b, c) = (k("outgrow", "a"), k("outgrow", "b"), k("outgrow", "c"));
    p.check(&["DEL", &a, &b, &c]);
    pfadd(&mut p, &a, &elements(8, 600));
    pfadd(&mut p, &b, &elements(9, 600));
    p.check(&["PFDEBUG", "ENCODING", &a]);
    p.check(&["PFMERGE", &c, &a, &b]);
    p.check(&["PFDEBUG", "ENCODING", &c]);
    p.check(&["GET", &c]);
    p.check(&["PFCOUNT", &c]);
}

#[test]
fn ttl_survives_pf_writes() {
    let mut p = Pair::new();
    let h = k("ttl", "h");
    p.check(&["DEL", &h]);
    p.check(&["PFADD", &h, "x"]);
    p.check(&["EXPIRE", &h, "1000"]);
    p.check(&["PFADD", &h, "y", "z"]);
    int_within(&mut p, &["TTL", &h], 990, 1000);
    p.check(&["PFCOUNT", &h]);
    p.check(&["PFMERGE", &h, &h]);
    p.check(&["PFDEBUG", "TODENSE", &h]);
    int_within(&mut p, &["TTL", &h], 990, 1000);
}

#[test]
fn pfdebug_subcommands() {
    let mut p = Pair::new();
    let (h, none, s) = (k("debug", "h"), k("debug", "none"), k("debug", "s"));
    p.check(&["DEL", &h, &none, &s]);
    pfadd(&mut p, &h, &elements(10, 20));
    p.check(&["PFDEBUG", "DECODE", &h]);
    p.check(&["PFDEBUG", "encoding", &h]);
    p.check(&["PFDEBUG", "NOPE", &h]);
    p.check(&["PFDEBUG", "NOPE", &none]);
    p.check(&["PFDEBUG", "GETREG", &none]);
    p.check(&["PFDEBUG", "GETREG"]);
    p.check(&["PFDEBUG", "GETREG", &h, "extra"]);
    // GETREG turns a sparse HLL dense, for good.
    p.check(&["PFDEBUG", "GETREG", &h]);
    p.check(&["PFDEBUG", "ENCODING", &h]);
    p.check(&["GET", &h]);
    p.check(&["PFDEBUG", "DECODE", &h]);
    p.check(&["PFDEBUG", "TODENSE", &h]);
    p.check(&["DEL", &h]);
    pfadd(&mut p, &h, &elements(11, 20));
    p.check(&["PFDEBUG", "TODENSE", &h]);
    p.check(&["GET", &h]);
    p.check(&["PFCOUNT", &h]);
    p.check(&["SET", &s, "plain"]);
    p.check(&["PFDEBUG", "ENCODING", &s]);
    p.check(&["RPUSH", &none, "x"]);
    p.check(&["PFDEBUG", "ENCODING", &none]);
}

#[test]
fn pfselftest_passes() {
    let mut p = Pair::new();
    p.check(&["PFSELFTEST"]);
    p.check(&["PFSELFTEST", "x"]);
}

#[test]
fn strings_that_are_not_hlls_are_rejected() {
    let mut p = Pair::new();
    let (s, l) = (k("nothll", "s"), k("nothll", "l"));
    p.check(&["DEL", &s, &l]);
    let header = b"HYLL\x01\0\0\0\0\0\0\0\0\0\0\0".to_vec();
    let with = |head: &[u8], tail: &[u8]| [head, tail].concat();
    let values: Vec<Vec<u8>> = vec![
        b"hello".to_vec(),
        b"HYLL".to_vec(),
        header[..15].to_vec(),
        with(b"HYLL\0", &[0; 100]),
        with(b"HYLL\x02\0\0\0\0\0\0\0\0\0\0\0", b"\x7f\xff"),
        with(b"HYLX", &with(&header[4..], b"\x7f\xff")),
        b"12345".to_vec(),
    ];
    for v in &values {
        p.check_bytes(&[&b"SET"[..], s.as_bytes(), v]);
        p.check(&["PFADD", &s, "a"]);
        p.check(&["PFCOUNT", &s]);
        p.check(&["PFCOUNT", &s, &l]);
        p.check(&["PFMERGE", &l, &s]);
        p.check(&["PFMERGE", &s]);
        p.check(&["PFDEBUG", "DECODE", &s]);
        p.check(&["GET", &s]);
    }
    p.check(&["DEL", &s]);
    p.check(&["SADD", &s, "a"]);
    p.check(&["PFADD", &s, "a"]);
    p.check(&["PFCOUNT", &s]);
    p.check(&["PFCOUNT", &l, &s]);
    p.check(&["PFMERGE", &l, &s]);
    p.check(&["PFMERGE", &s, &l]);
}

#[test]
fn corrupt_hlls_are_reported_not_trusted() {
    let mut p = Pair::new();
    let (c, ok, dst) = (k("corrupt", "c"), k("corrupt", "ok"), k("corrupt", "dst"));
    p.check(&["DEL", &c, &ok, &dst]);
    pfadd(&mut p, &ok, &elements(12, 10));
    let stale = |body: &[u8]| {
        let mut v = b"HYLL\x01\0\0\0\0\0\0\x80\0\0\0\x80".to_vec();
        v.extend_from_slice(body);
        v
    };
    let bodies: [&[u8]; 7] = [
        b"\x7f\xfe",                 // covers one register too few
        b"\x7f\xff\x00",             // one too many
        b"\x7f\xff\x80",             // a trailing VAL after a full body
        b"\x7f\xfe\x87",             // a VAL run that crosses the end
        b"\x7f",                     // truncated XZERO
        b"\x3f\xff\xff\xff\xff\xff", // VALs far short of the end
        b"\x7f\xfe\x84",             // valid: hand-built, last register at 2
    ];
    for body in bodies {
        p.check_bytes(&[&b"SET"[..], c.as_bytes(), &stale(body)]);
        p.check(&["PFCOUNT", &c]);
        p.check(&["PFCOUNT", &c, &ok]);
        p.check(&["PFMERGE", &dst, &ok, &c]);
        p.check(&["PFDEBUG", "DECODE", &c]);
        p.check(&["PFDEBUG", "TODENSE", &c]);
        p.check(&["GET", &c]);
        p.check(&["EXISTS", &dst]);
    }
    // A dense HLL whose registers hold values no hash can produce still counts.
    let mut dense = b"HYLL\0\0\0\0\0\0\0\0\0\0\0\x80".to_vec();
    dense.extend(std::iter::repeat_n(0xffu8, 12288));
    p.check_bytes(&[&b"SET"[..], c.as_bytes(), &dense]);
    p.check(&["PFCOUNT", &c]);
    p.check(&["PFCOUNT", &c, &ok]);
    p.check(&["PFADD", &c, "x"]);
    p.check(&["PFMERGE", &dst, &c, &ok]);
    p.check(&["GET", &dst]);
    // A valid cache is trusted as is.
    let mut cached = b"HYLL\x01\0\0\0\x2a\0\0\0\0\0\0\0".to_vec();
    cached.extend_from_slice(b"\x7f\xff");
    p.check_bytes(&[&b"SET"[..], c.as_bytes(), &cached]);
    p.check(&["PFCOUNT", &c]);
    p.check(&["PFADD", &c, "x"]);
    p.check(&["PFCOUNT", &c]);
    // Sparse registers run out after 8964: "" lands in range and is added, "3.14" lands
    // past the end. Redis keeps the first update although the command fails.
    let short = b"HYLL\x01\0\0\xffaaa\xffa11\xffb\xff\xff";
    p.check_bytes(&[&b"SET"[..], c.as_bytes(), short]);
    assert_err(
        &p.check(&["PFADD", &c, "", "3.14"]),
        "INVALIDOBJ Corrupted HLL object detected",
    );
    let after = p.check(&["GET", &c]);
    assert!(
        matches!(&after, Value::Bulk(Some(v)) if v.len() == 22),
        "{after:?}"
    );
}

#[test]
fn the_sparse_limit_is_a_live_config_option() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["CONFIG", "GET", "hll-sparse-max-bytes"]);
    for limit in ["100", "0", "20000"] {
        p.check(&["CONFIG", "SET", "hll-sparse-max-bytes", limit]);
        p.check(&["CONFIG", "GET", "hll-sparse-max-bytes"]);
        let h = format!("limit:{limit}");
        for batch in elements(13, 1500).chunks(25) {
            pfadd(&mut p, &h, batch);
            p.check(&["PFDEBUG", "ENCODING", &h]);
        }
        p.check(&["GET", &h]);
        p.check(&["PFCOUNT", &h]);
    }
    // Lowering the limit below an existing sparse HLL converts it on its next growth.
    p.check(&["CONFIG", "SET", "hll-sparse-max-bytes", "300"]);
    pfadd(&mut p, "limit:20000", &elements(14, 5));
    p.check(&["PFDEBUG", "ENCODING", "limit:20000"]);
    p.check(&["GET", "limit:20000"]);
    p.check(&["CONFIG", "SET", "hll-sparse-max-bytes", "-1"]);
    p.check(&["CONFIG", "SET", "hll-sparse-max-bytes", "1k"]);
    p.check(&["CONFIG", "GET", "hll-sparse-max-bytes"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random PFADD batches (of short elements, so registers collide and VAL runs merge) keep
    /// the raw value identical to Redis'; then PFMERGE of two of them too.
    #[test]
    fn random_pfadds_keep_redis_bytes(
        batches in proptest::collection::vec(proptest::collection::vec("[a-z0-9]{0,3}", 0..40), 1..12),
        seed: u64,
    ) {
        let mut p = Pair::new();
        let (a, b, m) = (k("prop", "a"), k("prop", "b"), k("prop", "m"));
        p.check(&["DEL", &a, &b, &m]);
        for (i, batch) in batches.iter().enumerate() {
            let key = if i % 2 == 0 { &a } else { &b };
            pfadd(&mut p, key, batch);
            p.check(&["GET", key]);
        }
        pfadd(&mut p, &b, &elements(seed, 30));
        p.check(&["PFMERGE", &m, &a, &b]);
        p.check(&["GET", &m]);
        p.check(&["PFCOUNT", &m]);
        p.check(&["PFCOUNT", &a, &b]);
    }
}
