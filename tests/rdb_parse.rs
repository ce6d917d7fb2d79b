//! The RDB loader against every fixture file: valid files decode to exactly their
//! `.expected.jsonl`, the must-fail ones are rejected with an offset, and random or truncated
//! inputs give errors, never panics, hangs or huge allocations.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{json, Value as Json};
use strata::rdb::{Event, Parser, Value};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rdb");
    let mut out = Vec::new();
    for dir in [
        root.clone(),
        root.join("redis-assets"),
        root.join("librdb"),
        root.join("rdb-rs"),
        root.join("handmade"),
    ] {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "rdb") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn bytes_json(b: &[u8]) -> Json {
    match std::str::from_utf8(b) {
        Ok(s) => json!(s),
        Err(_) => json!({ "hex": b.iter().map(|x| format!("{x:02x}")).collect::<String>() }),
    }
}

fn score_json(s: f64) -> Json {
    if s.is_infinite() {
        json!(if s > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(s)
    }
}

struct Parsed {
    keys: Vec<Json>,
    functions: Vec<Json>,
}

fn parse(data: &[u8]) -> Result<Parsed, strata::rdb::Error> {
    let mut p = Parser::new(data, data.len() as u64)?;
    let mut keys = Vec::new();
    let mut functions = Vec::new();
    while let Some(ev) = p.next_event()? {
        match ev {
            Event::Function(src) => functions.push(bytes_json(&src)),
            Event::Key(r) if !r.value.is_empty_collection() => {
                let mut field_ttls = Vec::new();
                let value = match &r.value {
                    Value::String(s) => bytes_json(s),
                    Value::List(v) => v.iter().map(|e| bytes_json(e)).collect(),
                    Value::Set(v) => {
                        let mut v = v.clone();
                        v.sort();
                        v.iter().map(|e| bytes_json(e)).collect()
                    }
                    Value::Zset(v) => {
                        let mut v = v.clone();
                        v.sort_by(|a, b| {
                            a.1.partial_cmp(&b.1)
                                .unwrap_or(std::cmp::Ordering::Equal)
                                .then(a.0.cmp(&b.0))
                        });
                        v.iter()
                            .map(|(m, s)| json!([bytes_json(m), score_json(*s)]))
                            .collect()
                    }
                    Value::Hash(v) => {
                        let mut v = v.clone();
                        v.sort();
                        for (f, _, t) in &v {
                            if let Some(t) = t {
                                field_ttls.push(json!([bytes_json(f), t]));
                            }
                        }
                        v.iter()
                            .map(|(f, x, _)| json!([bytes_json(f), bytes_json(x)]))
                            .collect()
                    }
                    Value::Stream { .. } | Value::Module { .. } => Json::Null,
                };
                let mut o = json!({
                    "db": r.db, "key": bytes_json(&r.key), "type": r.value.type_name(),
                    "expire_at_ms": r.expire_at_ms, "rdb_type": r.rdb_type, "value": value,
                });
                if let Value::Module { name } = &r.value {
                    o["value"] = json!({ "module": name });
                }
                if !field_ttls.is_empty() {
                    o["field_expire_at_ms"] = Json::Array(field_ttls);
                }
                keys.push((r.db, r.key.clone(), o));
            }
            _ => {}
        }
    }
    keys.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(Parsed {
        keys: keys.into_iter().map(|k| k.2).collect(),
        functions,
    })
}

/// The expected record reduced to what the loader reports (streams are skipped, not decoded).
fn normalize(mut e: Json) -> Json {
    let o = e.as_object_mut().unwrap();
    o.remove("server_encoding");
    o.remove("note");
    if o["type"] == "stream" {
        o.insert("value".into(), Json::Null);
    }
    if let Some(Json::Array(v)) = o.get_mut("field_expire_at_ms") {
        v.sort_by(|a, b| a[0].to_string().cmp(&b[0].to_string()));
    }
    if o["type"] == "zset" {
        for pair in o["value"].as_array_mut().unwrap() {
            if let Some(f) = pair[1].as_f64() {
                pair[1] = json!(f);
            }
        }
    }
    e
}

#[test]
fn every_fixture() {
    let mut valid = 0;
    for path in fixtures() {
        let data = fs::read(&path).unwrap();
        let meta: Json =
            serde_json::from_str(&fs::read_to_string(path.with_extension("meta.json")).unwrap())
                .unwrap();
        let name = path.display();
        if !meta["expected_error"].is_null() {
            let err = parse(&data)
                .err()
                .unwrap_or_else(|| panic!("{name}: loaded but must fail"));
            assert!(!err.problem.is_empty(), "{name}");
            continue;
        }
        let got = parse(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected: Vec<Json> = fs::read_to_string(path.with_extension("expected.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| normalize(serde_json::from_str(l).unwrap()))
            .collect();
        assert_eq!(got.keys.len(), expected.len(), "{name}: key count");
        for (g, e) in got.keys.iter().zip(&expected) {
            assert_eq!(g, e, "{name}");
        }
        let functions = meta["functions"].as_array().cloned().unwrap_or_default();
        assert_eq!(got.functions, functions, "{name}: functions");
        valid += 1;
    }
    assert_eq!(valid, 91);
}

#[test]
fn truncations_of_real_files_fail_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rdb");
    for f in [
        "redis-7.4-all-types.rdb",
        "redis-assets/encodings.rdb",
        "librdb/misc_with_stream.rdb",
    ] {
        let data = fs::read(root.join(f)).unwrap();
        for cut in (0..data.len() - 1).step_by(data.len() / 400 + 1) {
            assert!(parse(&data[..cut]).is_err(), "{f} cut at {cut}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn random_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..200), v in 1u32..=13) {
        let mut data = format!("REDIS{v:04}").into_bytes();
        data.extend(body);
        let _ = parse(&data);
    }

    #[test]
    fn mutated_files_never_panic(pos in any::<prop::sample::Index>(), byte in any::<u8>(), n in 1usize..4) {
        let data0 = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rdb/redis-7.0-all-types.rdb")).unwrap();
        let mut data = data0.clone();
        for k in 0..n {
            let i = (pos.index(data.len()) + k * 131) % data.len();
            data[i] = byte.wrapping_add(k as u8);
        }
        let _ = parse(&data);
    }
}
