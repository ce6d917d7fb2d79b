//! Differential tests for the generic keyspace commands (DEL, UNLINK, EXISTS,
//! TYPE, KEYS, SCAN, RENAME, RENAMENX, RANDOMKEY, DBSIZE, COPY, TOUCH, OBJECT,
//! MOVE). Replies from Strata and a real redis-server 7.0 are compared byte for
//! byte by `Pair::check`; each test also asserts the expected Redis 7.0
//! behaviour directly.
//!
//! Tests on the shared servers prefix every key with `keys:<test>:`. Tests
//! that need a known, empty keyspace (KEYS *, SCAN over the whole db, DBSIZE,
//! RANDOMKEY) start their own servers.

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

fn strings_of(v: Value) -> BTreeSet<String> {
    items(v).iter().map(|x| x.as_str()).collect()
}

fn set_of(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Asserts both servers return an integer within [lo, hi].
/// Iterates SCAN from cursor 0 until the cursor returns to 0. Returns how many
/// times each key was reported and the number of calls.
fn scan_all(c: &mut Client, extra: &[&str]) -> (BTreeMap<Vec<u8>, usize>, usize) {
    let mut seen: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    let mut cursor = "0".to_string();
    let mut calls = 0;
    loop {
        let mut args = vec!["SCAN", cursor.as_str()];
        args.extend_from_slice(extra);
        let reply = c.cmd(&args);
        let mut parts = items(reply);
        assert_eq!(parts.len(), 2, "SCAN reply must have two elements");
        let keys = items(parts.pop().unwrap());
        let next = parts.pop().unwrap();
        assert!(
            matches!(next, Value::Bulk(Some(_))),
            "cursor must be a bulk string, got {}",
            show(&next)
        );
        let next = next.as_str();
        assert!(
            next.parse::<u64>().is_ok(),
            "cursor must be an unsigned integer, got {:?}",
            next
        );
        for k in keys {
            *seen.entry(k.as_bytes()).or_insert(0) += 1;
        }
        calls += 1;
        assert!(calls < 100_000, "SCAN did not terminate");
        if next == "0" {
            break;
        }
        cursor = next;
    }
    (seen, calls)
}

fn key_set(m: &BTreeMap<Vec<u8>, usize>) -> BTreeSet<String> {
    m.keys()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect()
}

/// Fresh, empty servers for tests that need to know the whole keyspace.
fn own_servers() -> (Server, Option<Server>) {
    (Server::strata(), Server::redis())
}

// ---------------------------------------------------------------- DEL / UNLINK / EXISTS / TYPE / TOUCH

#[test]
fn del_removes_keys_and_counts_only_existing_ones() {
    let mut p = Pair::new();
    p.check(&[
        "MSET",
        "keys:del:a",
        "1",
        "keys:del:b",
        "2",
        "keys:del:c",
        "3",
    ]);
    assert_int(&p.check(&["DEL", "keys:del:a"]), 1);
    assert_int(&p.check(&["DEL", "keys:del:a"]), 0);
    // a key named twice is deleted (and counted) once
    assert_int(
        &p.check(&[
            "DEL",
            "keys:del:b",
            "keys:del:b",
            "keys:del:missing",
            "keys:del:c",
        ]),
        2,
    );
    assert_int(
        &p.check(&["EXISTS", "keys:del:a", "keys:del:b", "keys:del:c"]),
        0,
    );
    assert_err(
        &p.check(&["DEL"]),
        "ERR wrong number of arguments for 'del' command",
    );
}

#[test]
fn unlink_removes_keys_like_del() {
    let mut p = Pair::new();
    p.check(&["MSET", "keys:unlink:a", "1", "keys:unlink:b", "2"]);
    assert_int(
        &p.check(&[
            "UNLINK",
            "keys:unlink:a",
            "keys:unlink:missing",
            "keys:unlink:a",
            "keys:unlink:b",
        ]),
        2,
    );
    assert_nil(&p.check(&["GET", "keys:unlink:a"]));
    assert_int(&p.check(&["UNLINK", "keys:unlink:a"]), 0);
    assert_err(
        &p.check(&["UNLINK"]),
        "ERR wrong number of arguments for 'unlink' command",
    );
}

#[test]
fn exists_counts_repeated_keys_each_time() {
    let mut p = Pair::new();
    p.check(&["MSET", "keys:exists:a", "1", "keys:exists:b", ""]);
    assert_int(&p.check(&["EXISTS", "keys:exists:a"]), 1);
    assert_int(&p.check(&["EXISTS", "keys:exists:missing"]), 0);
    assert_int(
        &p.check(&[
            "EXISTS",
            "keys:exists:a",
            "keys:exists:a",
            "keys:exists:missing",
            "keys:exists:a",
        ]),
        3,
    );
    // an empty string value still exists
    assert_int(&p.check(&["EXISTS", "keys:exists:b", "keys:exists:a"]), 2);
    // key names are case-sensitive
    assert_int(&p.check(&["EXISTS", "KEYS:EXISTS:A"]), 0);
    assert_err(
        &p.check(&["EXISTS"]),
        "ERR wrong number of arguments for 'exists' command",
    );
}

#[test]
fn type_reports_string_or_none() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:type:s", "v"]);
    p.check(&["SET", "keys:type:i", "12345"]);
    assert_status(&p.check(&["TYPE", "keys:type:s"]), "string");
    assert_status(&p.check(&["TYPE", "keys:type:i"]), "string");
    assert_status(&p.check(&["TYPE", "keys:type:missing"]), "none");
    assert_err(
        &p.check(&["TYPE"]),
        "ERR wrong number of arguments for 'type' command",
    );
    assert_err(
        &p.check(&["TYPE", "a", "b"]),
        "ERR wrong number of arguments for 'type' command",
    );
}

#[test]
fn touch_counts_existing_keys() {
    let mut p = Pair::new();
    p.check(&["MSET", "keys:touch:a", "1", "keys:touch:b", "2"]);
    assert_int(&p.check(&["TOUCH", "keys:touch:a"]), 1);
    assert_int(
        &p.check(&[
            "TOUCH",
            "keys:touch:a",
            "keys:touch:a",
            "keys:touch:missing",
            "keys:touch:b",
        ]),
        3,
    );
    assert_int(&p.check(&["TOUCH", "keys:touch:missing"]), 0);
    assert_int(&p.check(&["EXISTS", "keys:touch:missing"]), 0);
    assert_err(
        &p.check(&["TOUCH"]),
        "ERR wrong number of arguments for 'touch' command",
    );
}

// ---------------------------------------------------------------- KEYS

const GLOB_KEYS: &[&str] = &[
    "hello",
    "hallo",
    "hxllo",
    "hllo",
    "heeeello",
    "h*llo",
    "h?llo",
    "h[e]llo",
    "h\\llo",
    "hello world",
    "a",
    "b",
    "c",
    "d",
    "ab",
    "-",
    "]",
    "^",
    "\\",
    "[",
    "A",
    "B",
    "a-b",
    "x.y",
    "",
];

fn glob_setup(p: &mut Pair, prefix: &str) {
    for k in GLOB_KEYS {
        let key = format!("{}{}", prefix, k);
        p.check(&["SET", &key, "1"]);
    }
}

#[test]
fn keys_matches_glob_patterns() {
    let mut p = Pair::new();
    let pre = "keys:glob:";
    glob_setup(&mut p, pre);
    let patterns: &[&str] = &[
        "*",
        "h?llo",
        "h*llo",
        "h*",
        "h[ae]llo",
        "h[^e]llo",
        "h[a-e]llo",
        "h[e-a]llo",
        "[a-c]",
        "[^a]",
        "[^a-c]",
        "[abc]*",
        "h\\*llo",
        "h\\?llo",
        "h\\[e\\]llo",
        "h\\\\llo",
        "\\a",
        "[\\]]",
        "[]]",
        "[\\^]",
        "[a-]",
        "[-a]",
        "?",
        "??",
        "???*",
        "*llo",
        "*l*o",
        "**",
        "h?*o",
        "[A-Z]",
        "[a-Z]",
        "[!a]",
        "h[e",
        "h[",
        "\\",
        "x.y",
        "x?y",
        "*\\",
        "hello world",
        "hello*world",
        "*o w*",
        "[",
        "]",
        "-",
        "a-b",
        "a?b",
        "[[]",
        "h[a-e-x]llo",
        "h[^]llo",
        "[^]",
    ];
    for pat in patterns {
        let full = format!("{}{}", pre, pat);
        p.check_sorted(&["KEYS", &full]);
    }
    // explicit expectations for the documented forms
    let strip = |v: Value| -> BTreeSet<String> {
        strings_of(v)
            .into_iter()
            .map(|k| k.trim_start_matches(pre).to_string())
            .collect()
    };
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:h?llo"])),
        set_of(&["hello", "hallo", "hxllo", "h*llo", "h?llo", "h\\llo"])
    );
    assert_eq!(strip(p.check_sorted(&["KEYS", "keys:glob:h*llo"])).len(), 9);
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:h[ae]llo"])),
        set_of(&["hello", "hallo"])
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:h[^e]llo"])),
        set_of(&["hallo", "hxllo", "h*llo", "h?llo", "h\\llo"])
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:h[a-b]llo"])),
        set_of(&["hallo"])
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:[a-c]"])),
        set_of(&["a", "b", "c"])
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:h\\*llo"])),
        set_of(&["h*llo"])
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:h\\?llo"])),
        set_of(&["h?llo"])
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:*"])).len(),
        GLOB_KEYS.len()
    );
    assert_eq!(
        strip(p.check_sorted(&["KEYS", "keys:glob:nomatch*"])).len(),
        0
    );
    assert_err(
        &p.check(&["KEYS"]),
        "ERR wrong number of arguments for 'keys' command",
    );
    assert_err(
        &p.check(&["KEYS", "a", "b"]),
        "ERR wrong number of arguments for 'keys' command",
    );
}

#[test]
fn keys_star_lists_whole_db_and_is_empty_on_empty_db() {
    let (s, r) = own_servers();
    let mut p = Pair::on(&s, r.as_ref());
    assert!(items(p.check(&["KEYS", "*"])).is_empty());
    p.check(&["MSET", "one", "1", "two", "2", "three", "3"]);
    p.check(&["SET", "bin\r\n\0key", "4"]);
    let v = p.check_sorted(&["KEYS", "*"]);
    let got: BTreeSet<Vec<u8>> = items(v).iter().map(|k| k.as_bytes()).collect();
    let want: BTreeSet<Vec<u8>> = [&b"one"[..], b"two", b"three", b"bin\r\n\0key"]
        .iter()
        .map(|k| k.to_vec())
        .collect();
    assert_eq!(got, want);
    p.check_sorted(&["KEYS", "t*"]);
    p.check_sorted(&["KEYS", "bin*"]);
    // keys in another db are not listed
    p.check(&["SELECT", "1"]);
    assert!(items(p.check(&["KEYS", "*"])).is_empty());
}

// ---------------------------------------------------------------- SCAN

#[test]
fn scan_full_iteration_returns_every_key_and_ends_at_cursor_zero() {
    let (s, r) = own_servers();
    let mut p = Pair::on(&s, r.as_ref());
    // empty db: one call, cursor 0, no keys
    let v = items(p.check(&["SCAN", "0"]));
    assert_bulk(&v[0], b"0");
    let mut all = BTreeSet::new();
    for chunk in 0..10 {
        let mut args: Vec<String> = vec!["MSET".into()];
        for i in 0..100 {
            let k = format!("scan:{}", chunk * 100 + i);
            args.push(k.clone());
            args.push("v".into());
            all.insert(k);
        }
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        p.check(&a);
    }
    for extra in [
        &[][..],
        &["COUNT", "1"][..],
        &["COUNT", "7"][..],
        &["COUNT", "100"][..],
        &["COUNT", "5000"][..],
    ] {
        let (seen, calls) = scan_all(&mut p.strata, extra);
        assert_eq!(
            key_set(&seen),
            all,
            "strata SCAN {:?} did not return exactly the key set",
            extra
        );
        if extra == ["COUNT", "1"] {
            assert!(calls > 10, "COUNT 1 finished in {} calls", calls);
        }
        if let Some(rc) = p.redis.as_mut() {
            let (rseen, _) = scan_all(rc, extra);
            assert_eq!(key_set(&rseen), all, "redis SCAN {:?}", extra);
        }
    }
}

#[test]
fn scan_match_and_type_filter_keys() {
    let mut p = Pair::new();
    let mut want = BTreeSet::new();
    for i in 0..120 {
        let k = format!(
            "keys:scanmatch:{}:{}",
            if i % 3 == 0 { "x" } else { "y" },
            i
        );
        p.check(&["SET", &k, "v"]);
        if i % 3 == 0 {
            want.insert(k);
        }
    }
    let (seen, _) = scan_all(
        &mut p.strata,
        &["MATCH", "keys:scanmatch:x:*", "COUNT", "20"],
    );
    assert_eq!(key_set(&seen), want);
    if let Some(rc) = p.redis.as_mut() {
        let (rseen, _) = scan_all(rc, &["MATCH", "keys:scanmatch:x:*", "COUNT", "20"]);
        assert_eq!(key_set(&rseen), want);
    }
    let all_scan: BTreeSet<String> = {
        let (seen, _) = scan_all(
            &mut p.strata,
            &["MATCH", "keys:scanmatch:*", "TYPE", "string"],
        );
        key_set(&seen)
    };
    assert_eq!(all_scan.len(), 120);
    let (seen, _) = scan_all(
        &mut p.strata,
        &["TYPE", "STRING", "MATCH", "keys:scanmatch:?:1?"],
    );
    let expect: BTreeSet<String> = (10..20)
        .map(|i| {
            format!(
                "keys:scanmatch:{}:{}",
                if i % 3 == 0 { "x" } else { "y" },
                i
            )
        })
        .collect();
    assert_eq!(key_set(&seen), expect);
    // other types, and unknown type names, select nothing (no error in 7.0)
    for t in ["list", "hash", "set", "zset", "stream", "nosuchtype"] {
        let (seen, _) = scan_all(&mut p.strata, &["MATCH", "keys:scanmatch:*", "TYPE", t]);
        assert!(seen.is_empty(), "TYPE {} returned {:?}", t, key_set(&seen));
        if let Some(rc) = p.redis.as_mut() {
            let (rseen, _) = scan_all(rc, &["MATCH", "keys:scanmatch:*", "TYPE", t]);
            assert!(rseen.is_empty());
        }
    }
}

#[test]
fn scan_with_options_on_small_db_replies_identically() {
    // on a tiny db both servers finish in one call with cursor 0
    let (s, r) = own_servers();
    let mut p = Pair::on(&s, r.as_ref());
    p.check(&["MSET", "a1", "1", "a2", "2", "b1", "3"]);
    p.check_sorted(&["KEYS", "*"]);
    for args in [
        &["SCAN", "0", "COUNT", "1000"][..],
        &["SCAN", "0", "MATCH", "a*", "COUNT", "1000"],
        &["SCAN", "0", "MATCH", "zzz*", "COUNT", "1000"],
        &["SCAN", "0", "TYPE", "string", "COUNT", "1000"],
        &["SCAN", "0", "TYPE", "list", "COUNT", "1000"],
        &["scan", "00", "count", "1000", "match", "b?"],
    ] {
        let (sv, rv) = p.both(args);
        let mut sp = items(sv);
        assert_bulk(&sp[0], b"0");
        let skeys = strings_of(sp.pop().unwrap());
        if let Some(rv) = rv {
            let mut rp = items(rv);
            assert_bulk(&rp[0], b"0");
            assert_eq!(skeys, strings_of(rp.pop().unwrap()), "{:?}", args);
        }
    }
}

#[test]
fn scan_rejects_invalid_cursor_and_options() {
    let mut p = Pair::new();
    for cur in ["abc", "1.5", " 0", "18446744073709551616", "0x10", "1a"] {
        assert_err(&p.check(&["SCAN", cur]), "ERR invalid cursor");
    }
    assert_err(&p.check(&["SCAN", "0", "COUNT", "0"]), "ERR syntax error");
    assert_err(&p.check(&["SCAN", "0", "COUNT", "-1"]), "ERR syntax error");
    assert_err(
        &p.check(&["SCAN", "0", "COUNT", "abc"]),
        "ERR value is not an integer or out of range",
    );
    assert_err(&p.check(&["SCAN", "0", "COUNT"]), "ERR syntax error");
    assert_err(&p.check(&["SCAN", "0", "MATCH"]), "ERR syntax error");
    assert_err(&p.check(&["SCAN", "0", "TYPE"]), "ERR syntax error");
    assert_err(&p.check(&["SCAN", "0", "FOO", "bar"]), "ERR syntax error");
    assert_err(
        &p.check(&["SCAN", "0", "MATCH", "*", "extra"]),
        "ERR syntax error",
    );
    assert_err(
        &p.check(&["SCAN"]),
        "ERR wrong number of arguments for 'scan' command",
    );
}

fn scan_during_churn(server: &Server) {
    let mut setup = server.client();
    let mut stable = BTreeSet::new();
    for chunk in 0..20 {
        let mut args: Vec<String> = vec!["MSET".into()];
        for i in 0..100 {
            let k = format!("stable:{}", chunk * 100 + i);
            args.push(k.clone());
            args.push("v".into());
            stable.insert(k);
        }
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        assert_ok(&setup.cmd(&a));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    let mut writer = server.client();
    let handle = std::thread::spawn(move || {
        let mut n: u64 = 0;
        let started = Instant::now();
        while !stop2.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(20) {
            let k = format!("churn:{}", n % 3000);
            if n % 3 == 2 {
                writer.cmd(&["DEL", &format!("churn:{}", (n / 2) % 3000)]);
            } else {
                writer.cmd(&["SET", &k, "x"]);
            }
            n += 1;
        }
        n
    });
    let mut c = server.client();
    let mut rounds = 0;
    let started = Instant::now();
    // several full iterations while the writer runs
    while rounds < 3 || started.elapsed() < Duration::from_millis(300) {
        let (seen, _) = scan_all(&mut c, &["COUNT", "37"]);
        let got: BTreeSet<String> = key_set(&seen)
            .into_iter()
            .filter(|k| k.starts_with("stable:"))
            .collect();
        let missing: Vec<&String> = stable.difference(&got).take(10).collect();
        assert!(
            missing.is_empty(),
            "SCAN during concurrent writes missed stable keys, e.g. {:?}",
            missing
        );
        rounds += 1;
        if rounds > 50 {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let writes = handle.join().unwrap();
    assert!(writes > 0, "writer made no progress");
}

#[test]
fn scan_returns_all_stable_keys_while_other_keys_are_written() {
    let s = Server::strata();
    scan_during_churn(&s);
    if let Some(r) = Server::redis() {
        scan_during_churn(&r);
    }
}

// ---------------------------------------------------------------- RENAME / RENAMENX

#[test]
fn rename_moves_value_and_ttl_to_new_name() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:rename:a", "va", "PXAT", "33177117420000"]);
    assert_ok(&p.check(&["RENAME", "keys:rename:a", "keys:rename:b"]));
    assert_int(&p.check(&["EXISTS", "keys:rename:a"]), 0);
    assert_bulk(&p.check(&["GET", "keys:rename:b"]), b"va");
    assert_int(&p.check(&["PEXPIRETIME", "keys:rename:b"]), 33177117420000);
    // overwriting a target: target's value and TTL are replaced
    p.check(&["SET", "keys:rename:c", "vc", "EX", "500"]);
    p.check(&["SET", "keys:rename:d", "vd"]);
    assert_ok(&p.check(&["RENAME", "keys:rename:d", "keys:rename:c"]));
    assert_bulk(&p.check(&["GET", "keys:rename:c"]), b"vd");
    assert_int(&p.check(&["TTL", "keys:rename:c"]), -1);
    p.check(&["SET", "keys:rename:e", "ve", "EX", "1000"]);
    assert_ok(&p.check(&["RENAME", "keys:rename:e", "keys:rename:c"]));
    int_within(&mut p, &["TTL", "keys:rename:c"], 998, 1000);
}

#[test]
fn rename_to_same_name_is_ok_and_keeps_the_key() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:renamesame:a", "v", "PXAT", "33177117420000"]);
    assert_ok(&p.check(&["RENAME", "keys:renamesame:a", "keys:renamesame:a"]));
    assert_bulk(&p.check(&["GET", "keys:renamesame:a"]), b"v");
    assert_int(
        &p.check(&["PEXPIRETIME", "keys:renamesame:a"]),
        33177117420000,
    );
    assert_int(
        &p.check(&["RENAMENX", "keys:renamesame:a", "keys:renamesame:a"]),
        0,
    );
    assert_bulk(&p.check(&["GET", "keys:renamesame:a"]), b"v");
}

#[test]
fn rename_of_missing_key_is_an_error() {
    let mut p = Pair::new();
    assert_err(
        &p.check(&["RENAME", "keys:renamemissing:a", "keys:renamemissing:b"]),
        "ERR no such key",
    );
    assert_err(
        &p.check(&["RENAMENX", "keys:renamemissing:a", "keys:renamemissing:b"]),
        "ERR no such key",
    );
    assert_err(
        &p.check(&["RENAME", "keys:renamemissing:a", "keys:renamemissing:a"]),
        "ERR no such key",
    );
    assert_int(&p.check(&["EXISTS", "keys:renamemissing:b"]), 0);
    assert_err(
        &p.check(&["RENAME", "keys:renamemissing:a"]),
        "ERR wrong number of arguments for 'rename' command",
    );
    assert_err(
        &p.check(&["RENAMENX", "a", "b", "c"]),
        "ERR wrong number of arguments for 'renamenx' command",
    );
}

#[test]
fn renamenx_does_not_overwrite_existing_target() {
    let mut p = Pair::new();
    p.check(&["MSET", "keys:renamenx:a", "va", "keys:renamenx:b", "vb"]);
    assert_int(
        &p.check(&["RENAMENX", "keys:renamenx:a", "keys:renamenx:b"]),
        0,
    );
    assert_bulk(&p.check(&["GET", "keys:renamenx:a"]), b"va");
    assert_bulk(&p.check(&["GET", "keys:renamenx:b"]), b"vb");
    p.check(&["PEXPIREAT", "keys:renamenx:a", "33177117420000"]);
    assert_int(
        &p.check(&["RENAMENX", "keys:renamenx:a", "keys:renamenx:c"]),
        1,
    );
    assert_int(&p.check(&["EXISTS", "keys:renamenx:a"]), 0);
    assert_bulk(&p.check(&["GET", "keys:renamenx:c"]), b"va");
    assert_int(
        &p.check(&["PEXPIRETIME", "keys:renamenx:c"]),
        33177117420000,
    );
}

// ---------------------------------------------------------------- RANDOMKEY / DBSIZE

#[test]
fn randomkey_returns_nil_on_empty_db_and_an_existing_key_otherwise() {
    let (s, r) = own_servers();
    let mut p = Pair::on(&s, r.as_ref());
    assert_nil(&p.check(&["RANDOMKEY"]));
    p.check(&["SET", "only", "1"]);
    assert_bulk(&p.check(&["RANDOMKEY"]), b"only");
    p.check(&["MSET", "k1", "1", "k2", "2", "k3", "3"]);
    let all = set_of(&["only", "k1", "k2", "k3"]);
    let mut seen = BTreeSet::new();
    for _ in 0..200 {
        let (sv, rv) = p.both(&["RANDOMKEY"]);
        let k = sv.as_str();
        assert!(all.contains(&k), "RANDOMKEY returned {:?}", k);
        seen.insert(k);
        if let Some(rv) = rv {
            assert!(all.contains(&rv.as_str()));
        }
    }
    assert!(
        seen.len() >= 2,
        "RANDOMKEY always returned the same key: {:?}",
        seen
    );
    p.check(&["DEL", "only", "k1", "k2", "k3"]);
    assert_nil(&p.check(&["RANDOMKEY"]));
    assert_err(
        &p.check(&["RANDOMKEY", "x"]),
        "ERR wrong number of arguments for 'randomkey' command",
    );
}

#[test]
fn dbsize_counts_keys_of_the_selected_db() {
    let (s, r) = own_servers();
    let mut p = Pair::on(&s, r.as_ref());
    assert_int(&p.check(&["DBSIZE"]), 0);
    p.check(&["MSET", "a", "1", "b", "2", "c", "3"]);
    assert_int(&p.check(&["DBSIZE"]), 3);
    p.check(&["SET", "a", "overwritten"]);
    assert_int(&p.check(&["DBSIZE"]), 3);
    p.check(&["DEL", "a"]);
    assert_int(&p.check(&["DBSIZE"]), 2);
    p.check(&["SELECT", "2"]);
    assert_int(&p.check(&["DBSIZE"]), 0);
    p.check(&["SET", "x", "1"]);
    assert_int(&p.check(&["DBSIZE"]), 1);
    p.check(&["SELECT", "0"]);
    assert_int(&p.check(&["DBSIZE"]), 2);
    assert_ok(&p.check(&["FLUSHDB"]));
    assert_int(&p.check(&["DBSIZE"]), 0);
    p.check(&["SELECT", "2"]);
    assert_int(&p.check(&["DBSIZE"]), 1);
    assert_err(
        &p.check(&["DBSIZE", "x"]),
        "ERR wrong number of arguments for 'dbsize' command",
    );
}

// ---------------------------------------------------------------- COPY / MOVE

#[test]
fn copy_duplicates_value_and_ttl() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:copy:src", "hello", "PXAT", "33177117420000"]);
    assert_int(&p.check(&["COPY", "keys:copy:src", "keys:copy:dst"]), 1);
    assert_bulk(&p.check(&["GET", "keys:copy:dst"]), b"hello");
    assert_int(&p.check(&["PEXPIRETIME", "keys:copy:dst"]), 33177117420000);
    assert_bulk(&p.check(&["GET", "keys:copy:src"]), b"hello");
    // the copy is independent of the source
    p.check(&["APPEND", "keys:copy:dst", "!"]);
    assert_bulk(&p.check(&["GET", "keys:copy:src"]), b"hello");
    // missing source
    assert_int(
        &p.check(&["COPY", "keys:copy:missing", "keys:copy:dst2"]),
        0,
    );
    assert_int(&p.check(&["EXISTS", "keys:copy:dst2"]), 0);
}

#[test]
fn copy_does_not_overwrite_existing_destination_without_replace() {
    let mut p = Pair::new();
    p.check(&[
        "MSET",
        "keys:copyrepl:src",
        "new",
        "keys:copyrepl:dst",
        "old",
    ]);
    p.check(&["EXPIRE", "keys:copyrepl:dst", "1000"]);
    assert_int(
        &p.check(&["COPY", "keys:copyrepl:src", "keys:copyrepl:dst"]),
        0,
    );
    assert_bulk(&p.check(&["GET", "keys:copyrepl:dst"]), b"old");
    assert_int(
        &p.check(&["COPY", "keys:copyrepl:src", "keys:copyrepl:dst", "REPLACE"]),
        1,
    );
    assert_bulk(&p.check(&["GET", "keys:copyrepl:dst"]), b"new");
    // REPLACE also replaces the TTL (source has none)
    assert_int(&p.check(&["TTL", "keys:copyrepl:dst"]), -1);
    assert_int(
        &p.check(&[
            "COPY",
            "keys:copyrepl:src",
            "keys:copyrepl:dst",
            "replace",
            "REPLACE",
        ]),
        1,
    );
}

#[test]
fn copy_to_another_db() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:copydb:k", "v0"]);
    assert_int(
        &p.check(&["COPY", "keys:copydb:k", "keys:copydb:k", "DB", "1"]),
        1,
    );
    assert_int(
        &p.check(&["COPY", "keys:copydb:k", "keys:copydb:k", "DB", "1"]),
        0,
    );
    assert_int(
        &p.check(&["COPY", "keys:copydb:k", "keys:copydb:other", "db", "1"]),
        1,
    );
    p.check(&["SET", "keys:copydb:k", "v1"]);
    assert_int(
        &p.check(&[
            "COPY",
            "keys:copydb:k",
            "keys:copydb:k",
            "DB",
            "1",
            "REPLACE",
        ]),
        1,
    );
    assert_ok(&p.check(&["SELECT", "1"]));
    assert_bulk(&p.check(&["GET", "keys:copydb:k"]), b"v1");
    assert_bulk(&p.check(&["GET", "keys:copydb:other"]), b"v0");
    p.check(&["DEL", "keys:copydb:k", "keys:copydb:other"]);
    assert_ok(&p.check(&["SELECT", "0"]));
    // DB equal to the current db and the same name is the same object
    assert_err(
        &p.check(&["COPY", "keys:copydb:k", "keys:copydb:k", "DB", "0"]),
        "ERR source and destination objects are the same",
    );
}

#[test]
fn copy_rejects_invalid_arguments() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:copybad:k", "v"]);
    assert_err(
        &p.check(&["COPY", "keys:copybad:k", "keys:copybad:k"]),
        "ERR source and destination objects are the same",
    );
    assert_err(
        &p.check(&["COPY", "keys:copybad:k", "keys:copybad:d", "DB", "16"]),
        "ERR DB index is out of range",
    );
    assert_err(
        &p.check(&["COPY", "keys:copybad:k", "keys:copybad:d", "DB", "-1"]),
        "ERR DB index is out of range",
    );
    assert_err(
        &p.check(&["COPY", "keys:copybad:k", "keys:copybad:d", "DB", "abc"]),
        "ERR value is not an integer or out of range",
    );
    assert_err(
        &p.check(&["COPY", "keys:copybad:k", "keys:copybad:d", "DB"]),
        "ERR syntax error",
    );
    assert_err(
        &p.check(&["COPY", "keys:copybad:k", "keys:copybad:d", "FOO"]),
        "ERR syntax error",
    );
    assert_err(
        &p.check(&["COPY", "keys:copybad:k"]),
        "ERR wrong number of arguments for 'copy' command",
    );
    assert_int(&p.check(&["EXISTS", "keys:copybad:d"]), 0);
}

#[test]
fn move_transfers_key_to_another_db() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:move:k", "v", "PXAT", "33177117420000"]);
    assert_int(&p.check(&["MOVE", "keys:move:k", "3"]), 1);
    assert_int(&p.check(&["EXISTS", "keys:move:k"]), 0);
    assert_int(&p.check(&["MOVE", "keys:move:k", "3"]), 0);
    assert_int(&p.check(&["MOVE", "keys:move:missing", "3"]), 0);
    p.check(&["SET", "keys:move:k", "v2"]);
    // target already has the key: nothing moves
    assert_int(&p.check(&["MOVE", "keys:move:k", "3"]), 0);
    assert_bulk(&p.check(&["GET", "keys:move:k"]), b"v2");
    assert_ok(&p.check(&["SELECT", "3"]));
    assert_bulk(&p.check(&["GET", "keys:move:k"]), b"v");
    assert_int(&p.check(&["PEXPIRETIME", "keys:move:k"]), 33177117420000);
    assert_int(&p.check(&["MOVE", "keys:move:k", "0"]), 0);
    p.check(&["DEL", "keys:move:k"]);
    assert_ok(&p.check(&["SELECT", "0"]));
    assert_err(
        &p.check(&["MOVE", "keys:move:k", "0"]),
        "ERR source and destination objects are the same",
    );
    assert_err(
        &p.check(&["MOVE", "keys:move:k", "16"]),
        "ERR DB index is out of range",
    );
    assert_err(
        &p.check(&["MOVE", "keys:move:k", "-1"]),
        "ERR DB index is out of range",
    );
    assert_err(
        &p.check(&["MOVE", "keys:move:k", "abc"]),
        "ERR value is not an integer or out of range",
    );
    assert_err(
        &p.check(&["MOVE", "keys:move:k"]),
        "ERR wrong number of arguments for 'move' command",
    );
    assert_bulk(&p.check(&["GET", "keys:move:k"]), b"v2");
}

// ---------------------------------------------------------------- OBJECT

#[test]
fn object_encoding_reports_int_embstr_or_raw() {
    let mut p = Pair::new();
    let s44 = "a".repeat(44);
    let s45 = "a".repeat(45);
    let cases: &[(&str, &str)] = &[
        ("1", "int"),
        ("9999", "int"),
        ("10000", "int"),
        ("-1", "int"),
        ("9223372036854775807", "int"),
        ("-9223372036854775808", "int"),
        ("9223372036854775808", "embstr"),
        ("01", "embstr"),
        ("+1", "embstr"),
        (" 1", "embstr"),
        ("1.5", "embstr"),
        ("", "embstr"),
        ("hello", "embstr"),
        (&s44, "embstr"),
        (&s45, "raw"),
    ];
    for (i, (val, enc)) in cases.iter().enumerate() {
        let k = format!("keys:objenc:{}", i);
        p.check(&["SET", &k, val]);
        assert_bulk(&p.check(&["OBJECT", "ENCODING", &k]), enc.as_bytes());
    }
    assert_nil(&p.check(&["OBJECT", "ENCODING", "keys:objenc:missing"]));
    // modifications change the encoding
    p.check(&["SET", "keys:objenc:m", "1"]);
    p.check(&["APPEND", "keys:objenc:m", "1"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", "keys:objenc:m"]), b"raw");
    p.check(&["INCR", "keys:objenc:m"]);
    assert_bulk(&p.check(&["OBJECT", "encoding", "keys:objenc:m"]), b"int");
    p.check(&["SETRANGE", "keys:objenc:m", "0", "9"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", "keys:objenc:m"]), b"raw");
    p.check(&["SET", "keys:objenc:f", "1.5"]);
    p.check(&["INCRBYFLOAT", "keys:objenc:f", "1"]);
    assert_bulk(
        &p.check(&["OBJECT", "ENCODING", "keys:objenc:f"]),
        b"embstr",
    );
    p.check(&["SET", "keys:objenc:g", "5"]);
    p.check(&["INCRBY", "keys:objenc:g", "100000"]);
    assert_bulk(&p.check(&["OBJECT", "ENCODING", "keys:objenc:g"]), b"int");
}

#[test]
fn object_refcount_reports_shared_integers() {
    let mut p = Pair::new();
    for (i, v) in [
        "0",
        "5",
        "9999",
        "10000",
        "-1",
        "hello",
        "a-much-longer-value-that-is-not-shared-by-anything-else",
    ]
    .iter()
    .enumerate()
    {
        let k = format!("keys:objref:{}", i);
        p.check(&["SET", &k, v]);
        p.check(&["OBJECT", "REFCOUNT", &k]);
    }
    assert_int(&p.check(&["OBJECT", "REFCOUNT", "keys:objref:3"]), 1);
    assert_int(&p.check(&["OBJECT", "REFCOUNT", "keys:objref:5"]), 1);
    assert_nil(&p.check(&["OBJECT", "REFCOUNT", "keys:objref:missing"]));
}

#[test]
fn object_freq_requires_lfu_policy() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:objfreq:k", "v"]);
    let v = p.check(&["OBJECT", "FREQ", "keys:objfreq:k"]);
    assert!(
        v.is_error(),
        "OBJECT FREQ without an LFU policy must fail, got {}",
        show(&v)
    );
    assert_err(&v, "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
    // a missing key is reported as nil before the policy check
    assert_nil(&p.check(&["OBJECT", "FREQ", "keys:objfreq:missing"]));
}

/// Reads and writes of any type reset OBJECT IDLETIME, asking for it does not, and the time
/// goes on (after a restart, from the restart, for keys not used since).
#[test]
fn object_idletime_counts_from_the_last_read_or_write() {
    let mut s = Server::strata();
    let mut c = s.client();
    assert_ok(&c.cmd(&["SET", "src", "v"]));
    let payload = c.cmd(&["DUMP", "src"]).as_bytes();
    for (ty, access) in [
        ("string", &["GET", "k"][..]),
        ("string", &["APPEND", "k", "w"]),
        ("string", &["STRLEN", "k"]),
        ("list", &["LRANGE", "k", "0", "-1"]),
        ("list", &["RPUSH", "k", "x"]),
        ("hash", &["HGET", "k", "f"]),
        ("set", &["SISMEMBER", "k", "m"]),
        ("zset", &["ZSCORE", "k", "m"]),
    ] {
        c.cmd(&["DEL", "k"]);
        let create: &[&str] = match ty {
            "string" => &["SET", "k", "v"],
            "list" => &["RPUSH", "k", "a"],
            "hash" => &["HSET", "k", "f", "v"],
            "set" => &["SADD", "k", "m"],
            _ => &["ZADD", "k", "1", "m"],
        };
        assert!(!c.cmd(create).is_error());
        let dump = c.cmd(&["DUMP", "k"]).as_bytes();
        let restored = c.cmd_bytes(&[
            b"RESTORE",
            b"k",
            b"0",
            &dump,
            b"REPLACE",
            b"IDLETIME",
            b"300",
        ]);
        assert_ok(&restored);
        let idle = |c: &mut Client| c.cmd(&["OBJECT", "IDLETIME", "k"]).as_int();
        assert!(idle(&mut c) >= 300, "{access:?}");
        assert!(!c.cmd(access).is_error(), "{access:?}");
        assert!(idle(&mut c) <= 1, "{access:?} resets the idle time");
    }
    assert_ok(&c.cmd_bytes(&[b"RESTORE", b"old", b"0", &payload, b"IDLETIME", b"300"]));
    s.restart();
    let mut c = s.client();
    std::thread::sleep(Duration::from_millis(2200));
    let idle = |c: &mut Client, k: &str| c.cmd(&["OBJECT", "IDLETIME", k]).as_int();
    // Unused since the restart: the time since it.
    let since_restart = idle(&mut c, "old");
    assert!((2..=10).contains(&since_restart), "{since_restart}");
    assert!(idle(&mut c, "old") >= since_restart);
    assert_eq!(c.cmd(&["GET", "old"]).as_str(), "v");
    assert!(idle(&mut c, "old") <= 1);
}

#[test]
fn object_idletime_is_small_for_a_fresh_key() {
    let mut p = Pair::new();
    p.check(&["SET", "keys:objidle:k", "v"]);
    int_within(&mut p, &["OBJECT", "IDLETIME", "keys:objidle:k"], 0, 2);
    assert_nil(&p.check(&["OBJECT", "IDLETIME", "keys:objidle:missing"]));
}

#[test]
fn object_help_lists_subcommands() {
    let mut p = Pair::new();
    let v = items(p.check(&["OBJECT", "HELP"]));
    assert!(v.len() > 5);
    let first = v[0].as_str();
    assert!(first.starts_with("OBJECT <subcommand>"), "{}", first);
    let all: Vec<String> = v.iter().map(|x| x.as_str()).collect();
    for sub in [
        "ENCODING <key>",
        "FREQ <key>",
        "IDLETIME <key>",
        "REFCOUNT <key>",
        "HELP",
    ] {
        assert!(all.iter().any(|l| l == sub), "OBJECT HELP lacks {:?}", sub);
    }
    p.check(&["object", "help"]);
}

#[test]
fn object_rejects_unknown_subcommands_and_bad_arity() {
    let mut p = Pair::new();
    assert_err(
        &p.check(&["OBJECT", "foo"]),
        "ERR unknown subcommand 'foo'. Try OBJECT HELP.",
    );
    assert_err(
        &p.check(&["OBJECT", "FOO", "keys:obj:k"]),
        "ERR unknown subcommand 'FOO'. Try OBJECT HELP.",
    );
    assert_err(
        &p.check(&["OBJECT"]),
        "ERR wrong number of arguments for 'object' command",
    );
    assert_err(
        &p.check(&["OBJECT", "ENCODING"]),
        "ERR wrong number of arguments for 'object|encoding' command",
    );
    assert_err(
        &p.check(&["OBJECT", "encoding", "a", "b"]),
        "ERR wrong number of arguments for 'object|encoding' command",
    );
    assert_err(
        &p.check(&["OBJECT", "REFCOUNT"]),
        "ERR wrong number of arguments for 'object|refcount' command",
    );
    assert_err(
        &p.check(&["OBJECT", "IDLETIME"]),
        "ERR wrong number of arguments for 'object|idletime' command",
    );
    assert_err(
        &p.check(&["OBJECT", "FREQ"]),
        "ERR wrong number of arguments for 'object|freq' command",
    );
    assert_err(
        &p.check(&["OBJECT", "HELP", "x"]),
        "ERR wrong number of arguments for 'object|help' command",
    );
}
