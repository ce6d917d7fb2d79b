//! DUMP and RESTORE: the fixtures' payloads from Redis 7.0/7.2/7.4 restore into Strata with the
//! recorded values (and, where Redis' bytes are deterministic, DUMP gives them back byte for
//! byte); Redis' exact errors for bad payloads and options; and live round trips in both
//! directions against a real redis-server for every type.

mod common;
use common::*;

use serde_json::Value as Json;
use std::path::Path;

fn fixture(name: &str) -> Json {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rdb")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn json_bytes(j: &Json) -> Vec<u8> {
    match j {
        Json::String(s) => s.as_bytes().to_vec(),
        Json::Object(o) => unhex(o["hex"].as_str().unwrap()),
        other => panic!("not a string: {other}"),
    }
}

fn bulk(v: &Value) -> Vec<u8> {
    v.as_bytes()
}

/// The value of `key` read back over RESP in the fixtures' canonical form (sets and hashes
/// sorted, scores as f64).
fn read_back(c: &mut Client, key: &[u8]) -> (String, Vec<Vec<u8>>, Vec<f64>) {
    let ty = c.cmd_bytes(&[b"TYPE", key]).as_str();
    let mut scores = Vec::new();
    let items: Vec<Vec<u8>> = match ty.as_str() {
        "string" => vec![bulk(&c.cmd_bytes(&[b"GET", key]))],
        "list" => c
            .cmd_bytes(&[b"LRANGE", key, b"0", b"-1"])
            .as_array()
            .iter()
            .map(bulk)
            .collect(),
        "set" => {
            let mut v: Vec<Vec<u8>> = c
                .cmd_bytes(&[b"SMEMBERS", key])
                .as_array()
                .iter()
                .map(bulk)
                .collect();
            v.sort();
            v
        }
        "zset" => {
            let a = c
                .cmd_bytes(&[b"ZRANGE", key, b"0", b"-1", b"WITHSCORES"])
                .as_array();
            let mut v = Vec::new();
            for p in a.chunks(2) {
                v.push(bulk(&p[0]));
                scores.push(
                    String::from_utf8(bulk(&p[1]))
                        .unwrap()
                        .parse::<f64>()
                        .unwrap(),
                );
            }
            v
        }
        "hash" => {
            let a = c.cmd_bytes(&[b"HGETALL", key]).as_array();
            let mut pairs: Vec<(Vec<u8>, Vec<u8>)> =
                a.chunks(2).map(|p| (bulk(&p[0]), bulk(&p[1]))).collect();
            pairs.sort();
            pairs.into_iter().flat_map(|(f, v)| [f, v]).collect()
        }
        other => panic!("unexpected type {other}"),
    };
    (ty, items, scores)
}

fn expected_items(ty: &str, value: &Json) -> (Vec<Vec<u8>>, Vec<f64>) {
    let mut scores = Vec::new();
    let items = match ty {
        "string" => vec![json_bytes(value)],
        "list" | "set" => value.as_array().unwrap().iter().map(json_bytes).collect(),
        "zset" => value
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                scores.push(match &p[1] {
                    Json::String(s) => s.parse::<f64>().unwrap(),
                    n => n.as_f64().unwrap(),
                });
                json_bytes(&p[0])
            })
            .collect(),
        "hash" => value
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| [json_bytes(&p[0]), json_bytes(&p[1])])
            .collect(),
        other => panic!("{other}"),
    };
    (items, scores)
}

/// Payloads whose bytes Redis produces deterministically and without LZF, so Strata's DUMP
/// must reproduce them exactly (hashes are left out: Redis keeps insertion order, Strata field
/// order).
const BYTE_EXACT: &[&str] = &[
    "str:int8",
    "str:int16",
    "str:int32",
    "str:int64",
    "str:hello",
    "str:empty",
    "str:binary",
    "set:intset16",
    "set:intset64",
    "geo:sicily",
];

#[test]
fn fixture_payloads_restore_with_their_values() {
    let s = Server::strata();
    let mut c = s.client();
    for file in [
        "dump-payloads-7.0.json",
        "dump-payloads-7.2.json",
        "dump-payloads-7.4.json",
    ] {
        let f = fixture(file);
        for p in f["payloads"].as_array().unwrap() {
            let key = p["key"].as_str().unwrap();
            let payload = unhex(p["payload_hex"].as_str().unwrap());
            let ty = p["type"].as_str().unwrap();
            let r = c.cmd_bytes(&[b"RESTORE", key.as_bytes(), b"0", &payload, b"REPLACE"]);
            if ty == "stream" {
                assert_eq!(
                    r.as_error(),
                    "ERR Strata cannot store a stream value",
                    "{file} {key}"
                );
                continue;
            }
            assert_ok(&r);
            let (got_ty, items, scores) = read_back(&mut c, key.as_bytes());
            assert_eq!(got_ty, ty, "{file} {key}");
            let (want, want_scores) = expected_items(ty, &p["value"]);
            assert_eq!(items, want, "{file} {key}");
            assert_eq!(scores, want_scores, "{file} {key}");
            if let Some(ttls) = p.get("field_expire_at_ms") {
                // Strata's own DUMP of a hash with field TTLs (RDB 12 types) restores the same.
                let again = bulk(&c.cmd(&["DUMP", key]));
                let copy = format!("{key}:again");
                assert_ok(&c.cmd_bytes(&[b"RESTORE", copy.as_bytes(), b"0", &again]));
                assert_eq!(
                    read_back(&mut c, copy.as_bytes()).1,
                    want,
                    "{key}: DUMP of Strata"
                );
                for t in ttls.as_array().unwrap() {
                    let f = t[0].as_str().unwrap();
                    for k in [key, copy.as_str()] {
                        let at =
                            c.cmd(&["HPEXPIRETIME", k, "FIELDS", "1", f]).as_array()[0].as_int();
                        assert_eq!(at, t[1].as_i64().unwrap(), "{file} {k} {f}");
                    }
                }
            }
            if file == "dump-payloads-7.0.json" && BYTE_EXACT.contains(&key) {
                assert_eq!(bulk(&c.cmd(&["DUMP", key])), payload, "{key}: DUMP bytes");
            }
        }
    }
}

#[test]
fn bad_payloads_get_redis_errors() {
    let s = Server::strata();
    let mut c = s.client();
    for case in fixture("dump-payloads-negative-7.0.json")["cases"]
        .as_array()
        .unwrap()
    {
        let name = case["name"].as_str().unwrap();
        let payload = unhex(case["payload_hex"].as_str().unwrap());
        let r = c.cmd_bytes(&[b"RESTORE", b"k", b"0", &payload, b"REPLACE"]);
        let redis = case["redis_7_0_15_reply"].as_str().unwrap();
        // Strata restores RDB 11 and 12 payloads (Redis 7.2 / 7.4 types), which 7.0 refuses.
        let want = if name.starts_with("v1") {
            "+OK"
        } else {
            redis.split(" value=").next().unwrap()
        };
        let got = if r.is_error() {
            format!("-{}", r.as_error())
        } else {
            format!("+{}", r.as_str())
        };
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn option_errors_match_redis() {
    for s in fresh_servers() {
        let mut c = s.client();
        assert_ok(&c.cmd(&["SET", "src", "hello"]));
        let p = bulk(&c.cmd(&["DUMP", "src"]));
        let r = |c: &mut Client, extra: &[&[u8]]| {
            let mut args: Vec<&[u8]> = vec![b"RESTORE", b"dst", b"0", &p];
            args.extend_from_slice(extra);
            c.cmd_bytes(&args)
        };
        assert_ok(&r(&mut c, &[]));
        assert_eq!(
            r(&mut c, &[]).as_error(),
            "BUSYKEY Target key name already exists."
        );
        assert_eq!(r(&mut c, &[b"FOO"]).as_error(), "ERR syntax error");
        assert_eq!(
            r(&mut c, &[b"REPLACE", b"IDLETIME", b"-1"]).as_error(),
            "ERR Invalid IDLETIME value, must be >= 0"
        );
        assert_eq!(
            r(&mut c, &[b"REPLACE", b"FREQ", b"256"]).as_error(),
            "ERR Invalid FREQ value, must be >= 0 and <= 255"
        );
        assert_eq!(
            r(&mut c, &[b"REPLACE", b"FREQ", b"1", b"IDLETIME", b"1"]).as_error(),
            "ERR syntax error"
        );
        assert_ok(&r(&mut c, &[b"REPLACE", b"IDLETIME", b"100"]));
        assert_ok(&r(&mut c, &[b"REPLACE", b"FREQ", b"5"]));
        let neg = c.cmd_bytes(&[b"RESTORE", b"x", b"-5", &p]);
        assert_eq!(neg.as_error(), "ERR Invalid TTL value, must be >= 0");
        assert_eq!(
            c.cmd_bytes(&[b"RESTORE", b"x", b"0", b"garbage-payload"])
                .as_error(),
            "ERR DUMP payload version or checksum are wrong"
        );
        // A TTL in the past: OK, and REPLACE deletes the old key.
        assert_ok(&r(&mut c, &[b"REPLACE", b"ABSTTL"]));
        assert_ok(&c.cmd_bytes(&[b"RESTORE", b"dst", b"1", &p, b"REPLACE", b"ABSTTL"]));
        assert_eq!(c.cmd(&["EXISTS", "dst"]).as_int(), 0);
        assert_ok(&c.cmd_bytes(&[b"RESTORE", b"dst", b"100000", &p]));
        let pttl = c.cmd(&["PTTL", "dst"]).as_int();
        assert!(pttl > 90000 && pttl <= 100000, "{pttl}");
        assert_nil(&c.cmd(&["DUMP", "missing"]));
    }
}

/// Builds one key of every type and encoding through commands.
fn populate(c: &mut Client) {
    let big: Vec<String> = (0..700).map(|i| format!("member-{i}")).collect();
    let mut cmds: Vec<Vec<String>> = vec![
        vec!["SET".into(), "s:int".into(), "12345".into()],
        vec!["SET".into(), "s:neg".into(), "-70000".into()],
        vec!["SET".into(), "s:text".into(), "hello world".into()],
        // Past 20 bytes, so both try LZF, which cannot shrink it.
        vec![
            "SET".into(),
            "s:plain".into(),
            "qwertyuiopasdfghjklzxcv".into(),
        ],
        vec!["SET".into(), "s:long".into(), "x".repeat(3000)],
        vec!["SET".into(), "s:big".into(), "y".repeat(1_200_000)],
        vec![
            "PFADD".into(),
            "hll".into(),
            "a".into(),
            "b".into(),
            "c".into(),
        ],
        vec!["SETBIT".into(), "bits".into(), "1000".into(), "1".into()],
        vec![
            "RPUSH".into(),
            "l:small".into(),
            "a".into(),
            "1".into(),
            "-5000".into(),
            "100000".into(),
            "".into(),
        ],
        vec![
            "SADD".into(),
            "set:ints".into(),
            "1".into(),
            "-3".into(),
            "70000".into(),
        ],
        vec!["SADD".into(), "set:str".into(), "a".into(), "b".into()],
        vec![
            "ZADD".into(),
            "z:small".into(),
            "1.5".into(),
            "a".into(),
            "-2".into(),
            "b".into(),
            "inf".into(),
            "c".into(),
            "0.25".into(),
            "d".into(),
        ],
        vec![
            "HSET".into(),
            "h:small".into(),
            "f".into(),
            "v".into(),
            "n".into(),
            "12".into(),
        ],
    ];
    let mut l = vec!["RPUSH".to_string(), "l:big".to_string()];
    let mut s = vec!["SADD".to_string(), "set:big".to_string()];
    let mut z = vec!["ZADD".to_string(), "z:big".to_string()];
    let mut h = vec!["HSET".to_string(), "h:big".to_string()];
    for (i, m) in big.iter().enumerate() {
        l.push(m.clone());
        s.push(m.clone());
        z.push(format!("{}", i as f64 / 3.0));
        z.push(m.clone());
        h.push(m.clone());
        h.push(format!("value-{i}"));
    }
    cmds.extend([l, s, z, h]);
    for cmd in &cmds {
        let args: Vec<&str> = cmd.iter().map(|s| s.as_str()).collect();
        assert!(!c.cmd(&args).is_error(), "{}", cmd[0]);
    }
}

const KEYS: &[&str] = &[
    "s:int", "s:neg", "s:text", "s:plain", "s:long", "s:big", "hll", "bits", "l:small", "set:ints",
    "set:str", "z:small", "h:small", "l:big", "set:big", "z:big", "h:big",
];

/// Small values whose Redis 7.0 DUMP bytes are deterministic (fixed order, and raw strings where
/// LZF is tried: "s:plain" and the listpacks are over 20 bytes but do not compress).
const SAME_BYTES: &[&str] = &[
    "s:int", "s:neg", "s:text", "s:plain", "l:small", "set:ints", "z:small", "h:small",
];

#[test]
fn live_round_trips_with_redis() {
    let Some(redis) = Server::redis() else { return };
    let strata = Server::strata();
    let (mut s, mut r) = (strata.client(), redis.client());
    populate(&mut s);
    populate(&mut r);
    for key in KEYS {
        let from_strata = bulk(&s.cmd(&["DUMP", key]));
        let from_redis = bulk(&r.cmd(&["DUMP", key]));
        if SAME_BYTES.contains(key) {
            assert_eq!(from_strata, from_redis, "{key}: DUMP bytes differ");
        }
        let copy = format!("{key}:copy");
        assert_ok(&r.cmd_bytes(&[b"RESTORE", copy.as_bytes(), b"0", &from_strata]));
        assert_ok(&s.cmd_bytes(&[b"RESTORE", copy.as_bytes(), b"0", &from_redis]));
        let original = read_back(&mut s, key.as_bytes());
        assert_eq!(
            read_back(&mut r, copy.as_bytes()),
            original,
            "{key}: strata -> redis"
        );
        assert_eq!(
            read_back(&mut s, copy.as_bytes()),
            original,
            "{key}: redis -> strata"
        );
        let enc = |c: &mut Client| c.cmd(&["OBJECT", "ENCODING", &copy]).as_str();
        assert_eq!(enc(&mut s), enc(&mut r), "{key}: encoding after restore");
    }
}

/// Long repetitive strings are LZF-compressed in DUMP payloads wherever Redis writes a string:
/// string values, list nodes, members and fields of the hashtable and skiplist forms, and the
/// listpack blobs of small hashes and zsets. The payload is smaller than the data it holds, and
/// real Redis restores it to the same value and encoding.
#[test]
fn compressible_values_dump_compressed_and_restore_in_redis() {
    let Some(redis) = Server::redis() else { return };
    let strata = Server::strata();
    let (mut s, mut r) = (strata.client(), redis.client());
    // Over 64 bytes (Redis' listpack limit for members) and under it.
    let long = |i: usize| format!("{i:03}:{}", "compressible ".repeat(8));
    let short = |i: usize| format!("{i:03}:{}", "ab".repeat(20));
    let mut cmds: Vec<Vec<String>> = vec![
        vec!["SET".into(), "s".into(), "compressible ".repeat(100)],
        vec!["RPUSH".into(), "l".into()],
        vec!["SADD".into(), "set".into()],
        vec!["ZADD".into(), "z:skiplist".into()],
        vec!["ZADD".into(), "z:listpack".into()],
        vec!["HSET".into(), "h:hashtable".into()],
        vec!["HSET".into(), "h:listpack".into()],
    ];
    for i in 0..20 {
        cmds[1].push(long(i));
        cmds[2].push(long(i));
        cmds[3].extend([i.to_string(), long(i)]);
        cmds[4].extend([i.to_string(), short(i)]);
        cmds[5].extend([long(i), long(i + 100)]);
        cmds[6].extend([short(i), short(i + 100)]);
    }
    for cmd in &cmds {
        let args: Vec<&str> = cmd.iter().map(|s| s.as_str()).collect();
        assert!(!s.cmd(&args).is_error(), "{}", cmd[1]);
    }
    for key in [
        "s",
        "l",
        "set",
        "z:skiplist",
        "z:listpack",
        "h:hashtable",
        "h:listpack",
    ] {
        let payload = bulk(&s.cmd(&["DUMP", key]));
        let value = read_back(&mut s, key.as_bytes());
        let raw: usize = value.1.iter().map(|m| m.len()).sum();
        assert!(
            payload.len() < raw / 2,
            "{key}: {} bytes of payload for {raw} bytes of data",
            payload.len()
        );
        assert_ok(&r.cmd_bytes(&[b"RESTORE", key.as_bytes(), b"0", &payload]));
        assert_eq!(read_back(&mut r, key.as_bytes()), value, "{key}");
        let enc = |c: &mut Client| c.cmd(&["OBJECT", "ENCODING", key]).as_str();
        assert_eq!(enc(&mut r), enc(&mut s), "{key}");
    }
}

/// With `rdbcompression no` strings are written raw, so the payloads of values Redis encodes
/// deterministically are byte-identical to Redis' (compressible ones included); with `yes`
/// (the default) the same values dump compressed.
#[test]
fn rdbcompression_no_dumps_exactly_what_redis_dumps() {
    let Some(redis) = Server::redis() else { return };
    let strata = Server::strata();
    let (mut s, mut r) = (strata.client(), redis.client());
    let mut list = vec!["RPUSH".to_string(), "l".to_string()];
    list.extend((0..300).map(|i| format!("{i:04}:{}", "compressible ".repeat(6))));
    let list: Vec<&str> = list.iter().map(|x| x.as_str()).collect();
    let text = "compressible ".repeat(100);
    for c in [&mut s, &mut r] {
        assert_ok(&c.cmd(&["CONFIG", "SET", "rdbcompression", "no"]));
        let got: Vec<String> = c
            .cmd(&["CONFIG", "GET", "rdbcompression"])
            .as_array()
            .iter()
            .map(|v| v.as_str())
            .collect();
        assert_eq!(got, ["rdbcompression", "no"]);
        assert_ok(&c.cmd(&["SET", "s", &text]));
        assert_eq!(c.cmd(&list).as_int(), 300);
    }
    for key in ["s", "l"] {
        assert_eq!(
            bulk(&s.cmd(&["DUMP", key])),
            bulk(&r.cmd(&["DUMP", key])),
            "{key}: DUMP bytes differ"
        );
    }
    let raw = bulk(&s.cmd(&["DUMP", "s"])).len();
    assert_ok(&s.cmd(&["CONFIG", "SET", "rdbcompression", "yes"]));
    let packed = bulk(&s.cmd(&["DUMP", "s"])).len();
    assert!(packed < raw / 4, "{packed} bytes compressed, {raw} raw");
}

/// RESTORE ... IDLETIME n makes OBJECT IDLETIME report n, which asking again does not reset
/// and a read does; FREQ, without an LFU policy, is accepted and ignored. Same on both servers.
#[test]
fn restore_idletime_is_reported_until_the_key_is_used() {
    let Some(redis) = Server::redis() else { return };
    let strata = Server::strata();
    for (who, mut c) in [("strata", strata.client()), ("redis", redis.client())] {
        assert_ok(&c.cmd(&["SET", "src", "v"]));
        let payload = bulk(&c.cmd(&["DUMP", "src"]));
        let restore = |c: &mut Client, opts: &[&[u8]]| {
            let mut args: Vec<&[u8]> = vec![b"RESTORE", b"k", b"0", &payload, b"REPLACE"];
            args.extend(opts);
            assert_ok(&c.cmd_bytes(&args));
        };
        let idle = |c: &mut Client| c.cmd(&["OBJECT", "IDLETIME", "k"]).as_int();
        restore(&mut c, &[b"IDLETIME", b"1000"]);
        let first = idle(&mut c);
        assert!((1000..=1001).contains(&first), "{who}: {first}");
        assert!(idle(&mut c) >= first, "{who}: OBJECT IDLETIME is no access");
        for probe in [
            &["EXISTS", "k"][..],
            &["TYPE", "k"],
            &["TTL", "k"],
            &["PTTL", "k"],
            &["EXPIRETIME", "k"],
            &["PEXPIRETIME", "k"],
            &["OBJECT", "ENCODING", "k"],
            &["OBJECT", "REFCOUNT", "k"],
        ] {
            c.cmd(probe);
            assert!(idle(&mut c) >= first, "{who}: {probe:?} is no access");
        }
        c.cmd(&["TOUCH", "k"]);
        assert!(idle(&mut c) <= 1, "{who}: TOUCH is an access");
        restore(&mut c, &[b"IDLETIME", b"1000"]);
        assert_eq!(c.cmd(&["GET", "k"]).as_str(), "v");
        assert!(idle(&mut c) <= 1, "{who}: a GET resets it");
        restore(&mut c, &[b"FREQ", b"5"]);
        assert!(idle(&mut c) <= 1, "{who}: FREQ sets no idle time");
        restore(&mut c, &[b"IDLETIME", b"500"]);
        restore(&mut c, &[]);
        assert!(
            idle(&mut c) <= 1,
            "{who}: a RESTORE without IDLETIME is a fresh key"
        );
    }
}

/// Random object bytes with a valid footer (so they reach the decoder) and truncations of real
/// payloads: RESTORE answers every one, and the server keeps serving.
#[test]
fn hostile_payloads_get_replies() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let s = Server::strata();
    let c = std::cell::RefCell::new(s.client());
    let seal = |mut body: Vec<u8>| {
        body.extend_from_slice(&10u16.to_le_bytes());
        let crc = strata::rdb::crc64::crc64(&body);
        body.extend_from_slice(&crc.to_le_bytes());
        body
    };
    let mut runner = TestRunner::new(Config {
        cases: 300,
        ..Config::default()
    });
    let strategy = (0u8..30, proptest::collection::vec(any::<u8>(), 0..64));
    runner
        .run(&strategy, |(ty, body)| {
            let mut obj = vec![ty];
            obj.extend(body);
            let r = c
                .borrow_mut()
                .cmd_bytes(&[b"RESTORE", b"fuzz", b"0", &seal(obj), b"REPLACE"]);
            prop_assert!(!r.is_error() || r.as_error().starts_with("ERR "), "{:?}", r);
            Ok(())
        })
        .unwrap();
    let mut c = c.into_inner();
    for p in fixture("dump-payloads-7.0.json")["payloads"]
        .as_array()
        .unwrap()
    {
        let full = unhex(p["payload_hex"].as_str().unwrap());
        let body = &full[..full.len() - 10];
        for cut in (1..body.len()).step_by(body.len() / 50 + 1) {
            let r = c.cmd_bytes(&[
                b"RESTORE",
                b"cut",
                b"0",
                &seal(body[..cut].to_vec()),
                b"REPLACE",
            ]);
            assert!(r.is_error() || r.as_str() == "OK", "{:?}", r);
        }
    }
    assert_eq!(c.cmd(&["PING"]).as_str(), "PONG");
}
