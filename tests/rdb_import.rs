//! import-rdb and export-rdb: every valid fixture imports with exactly its expected contents
//! (minus what Strata cannot hold: streams, module values, functions), invalid ones leave
//! nothing behind, and import -> export -> Redis -> DUMP -> RESTORE into Strata ends with the
//! data it started with.

mod common;
use common::*;

use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use strata::config::Config;
use strata::rdb::export::{export, for_each_key};
use strata::rdb::import::{import, Unsupported};
use strata::rdb::Value as RdbValue;
use strata_storage::{Engine, EngineOptions};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rdb")
}

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["", "redis-assets", "librdb", "rdb-rs", "handmade"] {
        for e in fs::read_dir(root().join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "rdb") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn config(dir: &Path) -> Config {
    Config::from_args(&["--dir".to_string(), dir.display().to_string()]).unwrap()
}

fn bytes_json(b: &[u8]) -> Json {
    match std::str::from_utf8(b) {
        Ok(s) => json!(s),
        Err(_) => json!({ "hex": b.iter().map(|x| format!("{x:02x}")).collect::<String>() }),
    }
}

fn json_bytes(j: &Json) -> Vec<u8> {
    match j {
        Json::String(s) => s.as_bytes().to_vec(),
        o => {
            let h = o["hex"].as_str().unwrap();
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect()
        }
    }
}

fn num(s: f64) -> Json {
    if s.is_infinite() {
        json!(if s > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(s)
    }
}

/// (db, key) -> (type, value, expire_at_ms, field TTLs) in the fixtures' canonical form.
type Contents = BTreeMap<(u64, Vec<u8>), Json>;

fn canonical(value: &RdbValue) -> (Json, Vec<Json>) {
    let mut ttls = Vec::new();
    let v = match value {
        RdbValue::String(s) => bytes_json(s),
        RdbValue::List(v) => v.iter().map(|e| bytes_json(e)).collect(),
        RdbValue::Set(v) => {
            let mut v = v.clone();
            v.sort();
            v.iter().map(|e| bytes_json(e)).collect()
        }
        RdbValue::Zset(v) => {
            let mut v = v.clone();
            v.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap().then(a.0.cmp(&b.0)));
            v.iter()
                .map(|(m, s)| json!([bytes_json(m), num(*s)]))
                .collect()
        }
        RdbValue::Hash(v) => {
            let mut v = v.clone();
            v.sort();
            for (f, _, t) in &v {
                if let Some(t) = t {
                    ttls.push(json!([bytes_json(f), t]));
                }
            }
            v.iter()
                .map(|(f, x, _)| json!([bytes_json(f), bytes_json(x)]))
                .collect()
        }
        other => panic!("unexpected {other:?}"),
    };
    (v, ttls)
}

fn record(ty: &str, value: Json, expire: Option<u64>, ttls: Vec<Json>) -> Json {
    let mut o = json!({ "type": ty, "value": value, "expire_at_ms": expire });
    if !ttls.is_empty() {
        o["field_expire_at_ms"] = Json::Array(ttls);
    }
    o
}

fn stored(dir: &Path) -> Contents {
    let engine = Engine::open(&EngineOptions::new(dir.join("db"))).unwrap();
    let mut out = Contents::new();
    for_each_key(&engine, |db, key, value, _, exp| {
        let ty = value.type_name();
        let (v, ttls) = canonical(&value);
        out.insert(
            (db as u64, key.to_vec()),
            record(ty, v, (exp != 0).then_some(exp), ttls),
        );
        Ok(())
    })
    .unwrap();
    out
}

fn expected(path: &Path, now: u64) -> Contents {
    let mut out = Contents::new();
    let text = fs::read_to_string(path.with_extension("expected.jsonl")).unwrap();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let e: Json = serde_json::from_str(line).unwrap();
        let ty = e["type"].as_str().unwrap();
        let exp = e["expire_at_ms"].as_u64();
        if ty == "stream" || ty == "module" || exp.is_some_and(|t| t <= now) {
            continue;
        }
        let mut value = e["value"].clone();
        let mut ttls: Vec<Json> = e
            .get("field_expire_at_ms")
            .and_then(|t| t.as_array().cloned())
            .unwrap_or_default();
        // Fields whose TTL has passed are gone after the import.
        let gone: Vec<Json> = ttls
            .iter()
            .filter(|t| t[1].as_u64().unwrap() <= now)
            .map(|t| t[0].clone())
            .collect();
        ttls.retain(|t| !gone.contains(&t[0]));
        if ty == "hash" {
            value
                .as_array_mut()
                .unwrap()
                .retain(|p| !gone.contains(&p[0]));
        }
        if ty == "zset" {
            for p in value.as_array_mut().unwrap() {
                if let Some(f) = p[1].as_f64() {
                    p[1] = json!(f);
                }
            }
        }
        out.insert(
            (e["db"].as_u64().unwrap(), json_bytes(&e["key"])),
            record(ty, value, exp, ttls),
        );
    }
    out
}

/// Imports one fixture and checks the result; true if it loaded keys.
fn check_fixture(path: &Path, now: u64) -> bool {
    let meta: Json =
        serde_json::from_str(&fs::read_to_string(path.with_extension("meta.json")).unwrap())
            .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let result = import(&config(tmp.path()), path, Unsupported::Skip, false);
    let name = path.display();
    if !meta["expected_error"].is_null() {
        let err = result.expect_err(&format!("{name} must fail"));
        assert!(err.contains("offset"), "{name}: {err}");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "{name}: left files behind"
        );
        return false;
    }
    let summary = result.unwrap_or_else(|e| panic!("{name}: {e}"));
    if summary.keys() == 0 {
        return false;
    }
    let got = stored(tmp.path());
    let want = expected(path, now);
    assert_eq!(got.len(), want.len(), "{name}: key count");
    for (k, v) in &want {
        assert_eq!(got.get(k), Some(v), "{name}: {k:?}");
    }
    true
}

#[test]
fn every_fixture_imports_exactly_or_is_rejected() {
    let now = strata::cmd::unix_ms() + 60_000;
    let all = fixtures();
    // Opening and flushing a fresh engine per fixture waits on the disk, not the CPU: a few
    // at a time keep the test short.
    let loaded: usize = std::thread::scope(|s| {
        let workers: Vec<_> = all
            .chunks(all.len().div_ceil(4))
            .map(|chunk| s.spawn(move || chunk.iter().filter(|p| check_fixture(p, now)).count()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert!(loaded > 70, "{loaded}");
}

#[test]
fn refused_unsupported_values_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let f = root().join("librdb/misc_with_stream.rdb");
    let err = import(&config(tmp.path()), &f, Unsupported::Refuse, false).unwrap_err();
    assert!(err.contains("--refuse-unsupported"), "{err}");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    let s = import(&config(tmp.path()), &f, Unsupported::Skip, false).unwrap();
    assert!(
        s.skipped.iter().any(|(ty, _)| ty == "stream"),
        "{:?}",
        s.skipped
    );
    // A second import into the now non-empty directory is refused.
    let err = import(&config(tmp.path()), &f, Unsupported::Skip, false).unwrap_err();
    assert!(err.contains("already holds a database"), "{err}");
}

#[test]
fn cli_imports_and_the_server_serves_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let f = root().join("redis-7.0-all-types.rdb");
    let out = std::process::Command::new(STRATA_BIN)
        .args([
            "import-rdb",
            f.to_str().unwrap(),
            "--quiet",
            "--dir",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("imported 60 keys"), "{text}");
    assert!(text.contains("skipped stream key \"stream:big\""), "{text}");
    let s = Server::strata_in(&dir, &[]);
    let mut c = s.client();
    assert_eq!(c.cmd(&["DBSIZE"]).as_int(), 50);
    assert_eq!(c.cmd(&["GET", "str:int32neg"]).as_str(), "-2147483648");
    assert_eq!(
        c.cmd(&["OBJECT", "ENCODING", "set:intset16"]).as_str(),
        "intset"
    );
    assert_eq!(
        c.cmd(&["PEXPIRETIME", "str:expires_ms"]).as_int(),
        4102444800123
    );
    assert_eq!(
        c.cmd(&["ZSCORE", "zset:fractions", "pi"]).as_str(),
        "3.1415926535897931"
    );
    assert_ok(&c.cmd(&["SELECT", "15"]));
    assert_eq!(c.cmd(&["DBSIZE"]).as_int(), 1);
}

/// import -> export -> real Redis loads it -> DUMP every key -> RESTORE into a fresh Strata:
/// every step holds the same data.
#[test]
fn round_trip_through_redis() {
    let Some(probe) = Server::redis() else { return };
    drop(probe);
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    import(
        &config(&data),
        &root().join("redis-7.0-all-types.rdb"),
        Unsupported::Skip,
        false,
    )
    .unwrap();
    let before = stored(&data);
    let rdb_dir = tmp.path().join("redis");
    fs::create_dir_all(&rdb_dir).unwrap();
    {
        let engine = Engine::open(&EngineOptions::new(data.join("db"))).unwrap();
        export(&engine, &rdb_dir.join("dump.rdb")).unwrap();
    }
    let redis = Server::redis_with(&[
        "--dir",
        rdb_dir.to_str().unwrap(),
        "--dbfilename",
        "dump.rdb",
    ])
    .unwrap();
    let strata = Server::strata();
    let (mut r, mut s) = (redis.client(), strata.client());
    let mut n = 0;
    for (db, key) in before.keys() {
        let db = db.to_string();
        assert_ok(&r.cmd(&["SELECT", &db]));
        assert_ok(&s.cmd(&["SELECT", &db]));
        let payload = r.cmd_bytes(&[b"DUMP", key]).as_bytes();
        let pttl = r.cmd_bytes(&[b"PEXPIRETIME", key]).as_int();
        let ttl = if pttl > 0 {
            pttl.to_string()
        } else {
            "0".to_string()
        };
        assert_ok(&s.cmd_bytes(&[b"RESTORE", key, ttl.as_bytes(), &payload, b"ABSTTL"]));
        n += 1;
    }
    assert_eq!(n, before.len());
    let dir = strata.dir.clone();
    drop((r, s));
    let mut strata = strata;
    strata.stop();
    let after = stored(&dir);
    assert_eq!(after, before);
}

/// Function libraries in an RDB (FUNCTION2) are kept as FUNCTION LOAD keeps them: the
/// imported data dir serves FCALL after a start.
#[test]
fn function_libraries_are_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let f = root().join("librdb/function.rdb");
    let meta: Json =
        serde_json::from_str(&fs::read_to_string(f.with_extension("meta.json")).unwrap()).unwrap();
    let s = import(&config(tmp.path()), &f, Unsupported::Refuse, false).unwrap();
    assert_eq!(s.functions, 1);
    let engine = Engine::open(&EngineOptions::new(tmp.path().join("db"))).unwrap();
    let libs = engine
        .lua_sources(strata_storage::LuaStore::Library)
        .unwrap();
    let want = meta["functions"][0].as_str().unwrap().as_bytes().to_vec();
    assert_eq!(libs, vec![(b"mylib".to_vec(), want)]);
    drop(engine);
    let server = Server::strata_in(tmp.path(), &[]);
    let mut c = server.client();
    assert_bulk(&c.cmd(&["FCALL", "myfunc", "0", "hello"]), b"hello");
}

fn import_to(file: &Path, port: u16) -> std::process::Output {
    std::process::Command::new(STRATA_BIN)
        .args([
            "import-rdb",
            file.to_str().unwrap(),
            "--quiet",
            "--to",
            &format!("127.0.0.1:{port}"),
        ])
        .output()
        .unwrap()
}

/// The online form (`--to host:port`) into a running Strata ends with exactly what the offline
/// import stores, and into a real Redis with the same keys; a bad file changes nothing.
#[test]
fn online_import_matches_the_offline_one_and_a_bad_file_sends_nothing() {
    let f = root().join("redis-7.0-all-types.rdb");
    let tmp = tempfile::tempdir().unwrap();
    let offline = tmp.path().join("offline");
    import(&config(&offline), &f, Unsupported::Skip, false).unwrap();

    let mut strata = Server::strata();
    let mut c = strata.client();
    assert_ok(&c.cmd(&["SET", "already", "here"]));
    let bad = root().join("redis-assets/corrupt_ziplist.rdb");
    let out = import_to(&bad, strata.port);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("offset"), "{err}");
    assert_eq!(
        c.cmd(&["DBSIZE"]).as_int(),
        1,
        "a bad file must send nothing"
    );
    assert_eq!(c.cmd(&["DEL", "already"]).as_int(), 1);

    let out = import_to(&f, strata.port);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 60 keys"));
    assert_eq!(c.cmd(&["DBSIZE"]).as_int(), 50);
    let libs = format!("{:?}", c.cmd(&["FUNCTION", "LIST"]));
    assert!(
        libs.contains("fixturelib"),
        "the library arrives with the keys: {libs}"
    );
    drop(c);
    let dir = strata.dir.clone();
    strata.stop();
    assert_eq!(stored(&dir), stored(&offline));

    let Some(redis) = Server::redis() else { return };
    let out = import_to(&f, redis.port);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut r = redis.client();
    assert_eq!(r.cmd(&["DBSIZE"]).as_int(), 50);
    assert_eq!(r.cmd(&["GET", "str:int32neg"]).as_str(), "-2147483648");
}

/// SAVE and BGSAVE leave `dbfilename` in the data dir, as Redis does, and real Redis loads it
/// (keys, TTLs and function libraries). Long repetitive keys and values are LZF-compressed.
#[test]
fn save_and_bgsave_write_a_dump_rdb_that_redis_loads() {
    let strata = Server::strata();
    let mut c = strata.client();
    let (long_key, long_value) = ("key:".repeat(10), "value-".repeat(1000));
    assert_ok(&c.cmd(&["SET", "s", "v"]));
    assert_ok(&c.cmd(&["SET", &long_key, &long_value]));
    assert_ok(&c.cmd(&["SAVE"]));
    let rdb = strata.dir.join("dump.rdb");
    let first = fs::metadata(&rdb).expect("SAVE writes dump.rdb").len();
    assert!(first < 1000, "{first} bytes of RDB for 6000 of value");
    assert_eq!(c.cmd(&["RPUSH", "l", "a", "b"]).as_int(), 2);
    assert_eq!(c.cmd(&["HSET", "h", "f", "1"]).as_int(), 1);
    assert_eq!(c.cmd(&["PEXPIRE", "s", "100000000"]).as_int(), 1);
    let lib = "#!lua name=savedlib\nredis.register_function('saved_one', function() return 1 end)";
    assert_eq!(c.cmd(&["FUNCTION", "LOAD", lib]).as_str(), "savedlib");
    let before = c.cmd(&["LASTSAVE"]).as_int();
    assert_eq!(c.cmd(&["BGSAVE"]).as_str(), "Background saving started");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while fs::metadata(&rdb).map_or(0, |m| m.len()) == first
        || c.cmd(&["INFO", "persistence"])
            .as_str()
            .contains("rdb_bgsave_in_progress:1")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "BGSAVE never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(c.cmd(&["LASTSAVE"]).as_int() >= before);
    let Some(probe) = Server::redis() else { return };
    drop(probe);
    let copy = tempfile::tempdir().unwrap();
    fs::copy(&rdb, copy.path().join("dump.rdb")).unwrap();
    let redis = Server::redis_with(&["--dir", copy.path().to_str().unwrap()]).unwrap();
    let mut r = redis.client();
    assert_eq!(r.cmd(&["DBSIZE"]).as_int(), 4);
    assert_eq!(r.cmd(&["GET", "s"]).as_str(), "v");
    assert_eq!(r.cmd(&["GET", &long_key]).as_str(), long_value);
    assert!(r.cmd(&["PTTL", "s"]).as_int() > 99_000_000);
    assert_eq!(r.cmd(&["LRANGE", "l", "0", "-1"]).as_array().len(), 2);
    assert_eq!(r.cmd(&["HGET", "h", "f"]).as_str(), "1");
    assert_eq!(r.cmd(&["FCALL", "saved_one", "0"]).as_int(), 1);
}
