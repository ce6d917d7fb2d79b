//! Storage-level tests of hash field expiry: the per-hash deadline index, the global `hexpire`
//! index kept by `put_meta`/`delete_key`, and the sweeper that deletes due fields without
//! reading hashes that have none.

use strata_storage::types::hash::{decode_value, encode_body, encode_value, min_deadline};
use strata_storage::{Engine, EngineOptions, Kind, Meta};

fn open(dir: &std::path::Path) -> Engine {
    Engine::open(&EngineOptions::new(dir)).unwrap()
}

/// Writes a hash whose fields are `(name, deadline)` (0 = no TTL) in one batch.
fn write_hash(e: &Engine, key: &[u8], fields: &[(&str, u64)]) -> Meta {
    let version = e.next_version().unwrap();
    let mut b = e.batch();
    let mut min = 0;
    for (f, at) in fields {
        b.put_sub(0, key, version, f.as_bytes(), &encode_value(*at, b"v"));
        if *at != 0 {
            b.put_scored(0, key, version, *at, f.as_bytes());
            min = if min == 0 { *at } else { min.min(*at) };
        }
    }
    let meta = Meta {
        size: fields.len() as u64,
        body: encode_body(min),
        ..Meta::collection(Kind::Hash, version)
    };
    b.put_meta(0, key, meta.clone(), None);
    e.commit(b).unwrap();
    meta
}

fn fields(e: &Engine, key: &[u8]) -> Vec<(String, u64)> {
    let m = e.get_meta(0, key).unwrap().unwrap();
    let mut out = Vec::new();
    e.batch()
        .scan_subs(0, key, m.version, &[], |f, raw| {
            out.push((
                String::from_utf8(f.to_vec()).unwrap(),
                decode_value(raw).unwrap().0,
            ));
            true
        })
        .unwrap();
    out
}

#[test]
fn sweeper_deletes_only_due_fields_and_fixes_size() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    write_hash(&e, b"part", &[("a", 100), ("b", 300), ("c", 0)]);
    write_hash(&e, b"all", &[("x", 150), ("y", 200)]);
    write_hash(&e, b"none", &[("n", 0)]);
    write_hash(&e, b"later", &[("l", 10_000)]);
    assert_eq!(e.dbsize(0).0, 4);

    // Nothing due yet.
    let (swept, more) = e.sweep_expired_fields(99, 10).unwrap();
    assert!(swept.is_empty() && !more);

    let (swept, _) = e.sweep_expired_fields(200, 10).unwrap();
    let mut keys: Vec<_> = swept.iter().map(|s| (s.1.clone(), s.2, s.3)).collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![(b"all".to_vec(), 2, true), (b"part".to_vec(), 1, false)]
    );
    assert_eq!(e.get_meta(0, b"all").unwrap(), None);
    assert_eq!(e.dbsize(0).0, 3);
    let part = e.get_meta(0, b"part").unwrap().unwrap();
    assert_eq!(part.size, 2);
    assert_eq!(
        min_deadline(&part),
        300,
        "minimum moves to the next deadline"
    );
    assert_eq!(
        fields(&e, b"part"),
        vec![("b".to_string(), 300), ("c".to_string(), 0)]
    );

    let (swept, _) = e.sweep_expired_fields(300, 10).unwrap();
    assert_eq!(swept.len(), 1);
    let part = e.get_meta(0, b"part").unwrap().unwrap();
    assert_eq!((part.size, min_deadline(&part)), (1, 0));
    assert_eq!(fields(&e, b"part"), vec![("c".to_string(), 0)]);
    // Only "later" is still indexed.
    assert!(e.due_field_expirations(u64::MAX, 10).unwrap().len() == 1);
}

#[test]
fn deleting_a_hash_drops_its_field_expiry_entry() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    write_hash(&e, b"h", &[("a", 100)]);
    assert_eq!(e.due_field_expirations(100, 10).unwrap().len(), 1);
    let mut b = e.batch();
    let m = b.get_meta(0, b"h").unwrap().unwrap();
    b.delete_key(0, b"h", &m);
    e.commit(b).unwrap();
    assert!(e.due_field_expirations(u64::MAX, 10).unwrap().is_empty());
    // A stale entry (left by FLUSHDB, say) is dropped by the sweeper without harm.
    write_hash(&e, b"h2", &[("a", 100)]);
    let mut b = e.batch();
    b.flush_db(0);
    e.commit(b).unwrap();
    let (swept, _) = e.sweep_expired_fields(1000, 10).unwrap();
    assert!(swept.is_empty());
    assert!(e.due_field_expirations(u64::MAX, 10).unwrap().is_empty());
}
