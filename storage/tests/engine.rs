//! Storage-level tests of the engine contract: O(1) collection delete with garbage collection,
//! exact key counts across restarts, expiry index, versions.

use strata_storage::{Engine, EngineOptions, Kind, Meta};

fn open(dir: &std::path::Path) -> Engine {
    let mut o = EngineOptions::new(dir);
    o.write_buffer_size = 8 << 20;
    Engine::open(&o).unwrap()
}

#[test]
fn deleting_a_million_subkey_collection_is_o1_and_compaction_reclaims_it() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let version = e.next_version().unwrap();
    let mut meta = Meta::collection(Kind::Hash, version);
    const N: u64 = 1_000_000;
    for chunk in 0..(N / 10_000) {
        let mut b = e.batch();
        for i in chunk * 10_000..(chunk + 1) * 10_000 {
            b.put_sub(
                0,
                b"big",
                version,
                format!("field:{i:08}").as_bytes(),
                b"some value bytes",
            );
        }
        e.commit(b).unwrap();
    }
    let mut b = e.batch();
    meta.size = N;
    b.put_meta(0, b"big", meta.clone(), None);
    e.commit(b).unwrap();
    // A neighbour that must survive.
    let v2 = e.next_version().unwrap();
    let mut b = e.batch();
    b.put_sub(0, b"small", v2, b"f", b"v");
    b.put_meta(
        0,
        b"small",
        Meta {
            size: 1,
            ..Meta::collection(Kind::Hash, v2)
        },
        None,
    );
    e.commit(b).unwrap();
    e.compact_all();
    assert_eq!(e.count_data_records().unwrap(), N + 1);
    assert_eq!(e.dbsize(0), (2, 0));

    let mut b = e.batch();
    let old = b.get_meta(0, b"big").unwrap().unwrap();
    b.delete_key(0, b"big", &old);
    // O(1): a constant number of operations whatever the size (meta, range tombstone).
    assert!(b.len() <= 3, "delete queued {} operations", b.len());
    e.commit(b).unwrap();
    assert_eq!(e.get_meta(0, b"big").unwrap(), None);
    assert_eq!(e.dbsize(0), (1, 0));

    e.compact_all();
    assert_eq!(
        e.count_data_records().unwrap(),
        1,
        "garbage left after compaction"
    );
    assert_eq!(
        e.batch().get_sub(0, b"small", v2, b"f").unwrap().as_deref(),
        Some(&b"v"[..])
    );
    assert!(
        e.data_cf_size() < 1 << 20,
        "data CF still holds {} bytes",
        e.data_cf_size()
    );
}

#[test]
fn compaction_filter_drops_stale_versions_of_small_collections() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let v1 = e.next_version().unwrap();
    let mut b = e.batch();
    for i in 0..10u32 {
        b.put_sub(0, b"h", v1, &i.to_be_bytes(), b"x");
    }
    b.put_meta(
        0,
        b"h",
        Meta {
            size: 10,
            ..Meta::collection(Kind::Set, v1)
        },
        None,
    );
    e.commit(b).unwrap();
    // Overwrite with a new version holding one element: the old ten are garbage.
    let v2 = e.next_version().unwrap();
    let mut b = e.batch();
    let old = b.get_meta(0, b"h").unwrap();
    b.put_sub(0, b"h", v2, b"new", b"y");
    b.put_meta(
        0,
        b"h",
        Meta {
            size: 1,
            ..Meta::collection(Kind::Set, v2)
        },
        old.as_ref(),
    );
    e.commit(b).unwrap();
    assert_eq!(e.count_data_records().unwrap(), 11);
    e.compact_all();
    assert_eq!(e.count_data_records().unwrap(), 1);
    assert_eq!(e.dbsize(0), (1, 0));
}

#[test]
fn key_counts_and_versions_survive_restart() {
    let dir = tempfile::tempdir().unwrap();
    let v;
    {
        let e = open(dir.path());
        let mut b = e.batch();
        for i in 0..100 {
            let mut m = Meta::string(vec![1]);
            if i % 4 == 0 {
                m.expire_at = u64::MAX / 2;
            }
            b.put_meta(3, format!("k{i}").as_bytes(), m, None);
        }
        e.commit(b).unwrap();
        // Overwriting an existing key does not count it twice; dropping the TTL is counted.
        let mut b = e.batch();
        let old = b.get_meta(3, b"k0").unwrap();
        b.put_meta(3, b"k0", Meta::string(vec![2]), old.as_ref());
        e.commit(b).unwrap();
        v = e.next_version().unwrap();
        assert_eq!(e.dbsize(3), (100, 24));
    }
    let e = open(dir.path());
    assert_eq!(e.dbsize(3), (100, 24));
    assert!(e.next_version().unwrap() > v);
}

#[test]
fn sweeper_deletes_due_keys_and_skips_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let mut b = e.batch();
    b.put_meta(
        0,
        b"a",
        Meta {
            expire_at: 1000,
            ..Meta::string(vec![])
        },
        None,
    );
    b.put_meta(
        0,
        b"b",
        Meta {
            expire_at: 5000,
            ..Meta::string(vec![])
        },
        None,
    );
    b.put_meta(
        0,
        b"c",
        Meta {
            expire_at: 1500,
            ..Meta::string(vec![])
        },
        None,
    );
    e.commit(b).unwrap();
    // Move c's deadline later: its old index entry becomes stale.
    let mut b = e.batch();
    let old = b.get_meta(0, b"c").unwrap();
    b.put_meta(
        0,
        b"c",
        Meta {
            expire_at: 9000,
            ..Meta::string(vec![])
        },
        old.as_ref(),
    );
    e.commit(b).unwrap();
    let (deleted, more) = e.sweep_expired(2000, 100).unwrap();
    assert_eq!(deleted, vec![(0, b"a".to_vec())]);
    assert!(!more);
    assert_eq!(e.dbsize(0), (2, 2));
    assert!(e.due_expirations(2000, 100).unwrap().is_empty());
    let (deleted, _) = e.sweep_expired(10_000, 100).unwrap();
    assert_eq!(deleted.len(), 2);
    assert_eq!(e.dbsize(0), (0, 0));
}

#[test]
fn scan_meta_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let mut b = e.batch();
    for i in 0..50 {
        b.put_meta(1, format!("key{i}").as_bytes(), Meta::string(vec![]), None);
        b.put_meta(
            2,
            format!("other{i}").as_bytes(),
            Meta::string(vec![]),
            None,
        );
    }
    e.commit(b).unwrap();
    let mut seen = Vec::new();
    let mut from = Vec::new();
    loop {
        let mut n = 0;
        let next = e
            .scan_meta(1, &from, |k, _| {
                seen.push(k.to_vec());
                n += 1;
                n < 7
            })
            .unwrap();
        match next {
            Some(k) => from = k,
            None => break,
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 50);
    assert!(seen.iter().all(|k| k.starts_with(b"key")));
}

#[test]
fn swapdb_is_persistent() {
    let dir = tempfile::tempdir().unwrap();
    {
        let e = open(dir.path());
        let p0 = e.physical_db(0);
        let mut b = e.batch();
        b.put_meta(p0, b"x", Meta::string(b"in0".to_vec()), None);
        e.commit(b).unwrap();
        e.swap_db(0, 5).unwrap();
        assert_eq!(e.physical_db(5), p0);
    }
    let e = open(dir.path());
    let p5 = e.physical_db(5);
    assert_eq!(e.get_meta(p5, b"x").unwrap().unwrap().body, b"in0");
    assert_eq!(e.dbsize(p5).0, 1);
    assert_eq!(e.dbsize(e.physical_db(0)).0, 0);
}

fn subs_of(b: &strata_storage::Batch<'_>, key: &[u8], version: u64) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    b.scan_subs(0, key, version, &[], |k, v| {
        out.push((k.to_vec(), v.to_vec()));
        true
    })
    .unwrap();
    out
}

#[test]
fn a_transaction_batch_reads_its_own_writes_and_rolls_back_to_a_savepoint() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let v = e.next_version().unwrap();
    // On disk before the transaction: a, b, c.
    let mut b = e.batch();
    b.put_meta(0, b"h", Meta::collection(Kind::Hash, v), None);
    for f in [b"a", b"b", b"c"] {
        b.put_sub(0, b"h", v, f, b"disk");
    }
    e.commit(b).unwrap();
    let pair = |k: &[u8], v: &[u8]| (k.to_vec(), v.to_vec());

    let mut tx = e.tx_batch();
    tx.put_sub(0, b"h", v, b"b", b"tx");
    tx.put_sub(0, b"h", v, b"d", b"tx");
    tx.delete_sub(0, b"h", v, b"a");
    assert_eq!(
        subs_of(&tx, b"h", v),
        [pair(b"b", b"tx"), pair(b"c", b"disk"), pair(b"d", b"tx")]
    );
    let sp = tx.savepoint().expect("transaction batches take savepoints");
    let old = tx.get_meta(0, b"h").unwrap();
    tx.put_meta(
        0,
        b"h",
        Meta {
            size: 9,
            ..Meta::collection(Kind::Hash, v)
        },
        old.as_ref(),
    );
    tx.delete_sub_range(0, b"h", v, b"a", b"z");
    tx.put_sub(0, b"h", v, b"e", b"late");
    assert_eq!(subs_of(&tx, b"h", v), [pair(b"e", b"late")]);
    assert_eq!(tx.get_sub(0, b"h", v, b"c").unwrap(), None);
    tx.rollback(sp);
    assert_eq!(
        subs_of(&tx, b"h", v),
        [pair(b"b", b"tx"), pair(b"c", b"disk"), pair(b"d", b"tx")]
    );
    assert_eq!(tx.get_meta(0, b"h").unwrap().unwrap().size, 0);
    // Nothing reached the disk before the commit; all of it after.
    assert_eq!(e.batch().get_sub(0, b"h", v, b"d").unwrap(), None);
    e.commit(tx).unwrap();
    assert_eq!(
        subs_of(&e.batch(), b"h", v),
        [pair(b"b", b"tx"), pair(b"c", b"disk"), pair(b"d", b"tx")]
    );
    // A savepoint taken before the first write undoes all of them.
    let mut tx = e.tx_batch();
    let sp = tx.savepoint().unwrap();
    tx.put_sub(0, b"h", v, b"x", b"undone");
    tx.delete_sub(0, b"h", v, b"b");
    tx.rollback(sp);
    assert!(tx.is_empty());
    e.commit(tx).unwrap();
    assert_eq!(e.batch().get_sub(0, b"h", v, b"x").unwrap(), None);
    assert_eq!(
        e.batch().get_sub(0, b"h", v, b"b").unwrap().as_deref(),
        Some(&b"tx"[..])
    );
    // Ordinary batches have no savepoints.
    assert!(e.batch().savepoint().is_none());
}

#[test]
fn a_transaction_writes_each_key_as_it_ends_up_and_rolled_back_writes_never_land() {
    let dir = tempfile::tempdir().unwrap();
    {
        let e = open(dir.path());
        let mut b = e.batch();
        b.put_meta(0, b"gone", Meta::string(b"old".to_vec()), None);
        e.commit(b).unwrap();
        let mut tx = e.tx_batch();
        for v in [&b"1"[..], b"2", b"3"] {
            let old = tx.get_meta(0, b"k").unwrap();
            tx.put_meta(0, b"k", Meta::string(v.to_vec()), old.as_ref());
        }
        assert_eq!(tx.len(), 0, "metadata waits for the commit, written once");
        let old = tx.get_meta(0, b"gone").unwrap().unwrap();
        tx.delete_key(0, b"gone", &old);
        let sp = tx.savepoint().unwrap();
        tx.put_meta(0, b"undone", Meta::string(b"x".to_vec()), None);
        let old = tx.get_meta(0, b"k").unwrap();
        tx.put_meta(0, b"k", Meta::string(b"undone".to_vec()), old.as_ref());
        tx.rollback(sp);
        e.commit(tx).unwrap();
        assert_eq!(e.dbsize(0).0, 1);
    }
    // Read back from disk, past any cache.
    let e = open(dir.path());
    let b = e.batch();
    assert_eq!(
        b.get_meta(0, b"k").unwrap(),
        Some(Meta::string(b"3".to_vec()))
    );
    assert_eq!(b.get_meta(0, b"gone").unwrap(), None);
    assert_eq!(b.get_meta(0, b"undone").unwrap(), None);
    assert_eq!(e.dbsize(0).0, 1);
}

#[test]
fn files_written_before_the_index_was_partitioned_stay_readable() {
    // An upgrade reopens files with one index and filter block each (16 KB blocks) under the
    // partitioned, 4 KB layout; compactions then mix both into new files.
    let dir = tempfile::tempdir().unwrap();
    let field = |i: u32| format!("field:{i:06}").into_bytes();
    let write = |e: &Engine, version: u64, from: u32| {
        let mut b = e.batch();
        for i in from..from + 20_000 {
            b.put_sub(0, b"h", version, &field(i), &i.to_be_bytes());
            b.put_meta(0, format!("s{i}").as_bytes(), Meta::string(field(i)), None);
        }
        // Subkeys without their collection's record are garbage to compactions.
        let size = u64::from(from) + 20_000;
        let old = b.get_meta(0, b"h").unwrap();
        let meta = Meta {
            size,
            ..Meta::collection(Kind::Hash, version)
        };
        b.put_meta(0, b"h", meta, old.as_ref());
        e.commit(b).unwrap();
        e.flush_memtables().unwrap();
    };
    let check = |e: &Engine, version: u64, upto: u32| {
        let b = e.batch();
        for i in (0..upto).step_by(7) {
            let got = b.get_sub(0, b"h", version, &field(i)).unwrap();
            assert_eq!(got, Some(i.to_be_bytes().to_vec()), "field {i}");
            let m = b.get_meta(0, format!("s{i}").as_bytes()).unwrap().unwrap();
            assert_eq!(m.body, field(i), "string {i}");
        }
        assert_eq!(b.get_sub(0, b"h", version, b"absent").unwrap(), None);
        assert_eq!(b.get_meta(0, b"absent").unwrap(), None);
    };
    let mut old = EngineOptions::new(dir.path());
    old.partitioned_index = false;
    old.block_size = 16 << 10;
    let version = {
        let e = Engine::open(&old).unwrap();
        let version = e.next_version().unwrap();
        write(&e, version, 0);
        version
    };
    let e = open(dir.path());
    check(&e, version, 20_000);
    write(&e, version, 20_000);
    e.compact_all();
    drop(e);
    // Reopened, so that the reads go to the files rather than the hot tier.
    check(&open(dir.path()), version, 40_000);
}
