//! Micro-benchmarks of the storage hot path: key codec, metadata codec, point get and put.
//! Run with `cargo bench --bench storage`; compare ratios within one run only.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use strata_storage::types::list::List;
use strata_storage::{keys, Engine, EngineOptions, Meta};

fn codec(c: &mut Criterion) {
    c.bench_function("meta_key", |b| {
        b.iter(|| keys::meta_key(0, black_box(b"user:1000:profile")))
    });
    c.bench_function("data_key", |b| {
        b.iter(|| keys::data_key(0, black_box(b"user:1000"), 42, b"field"))
    });
    let raw = Meta::string(vec![b'x'; 64]).encode();
    c.bench_function("meta_decode_64b_string", |b| {
        b.iter(|| Meta::decode(black_box(&raw)))
    });
}

fn engine(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = Engine::open(&EngineOptions::new(dir.path())).expect("open");
    let mut batch = e.batch();
    for i in 0..100_000u32 {
        batch.put_meta(
            0,
            format!("key:{i}").as_bytes(),
            Meta::string(vec![b'v'; 64]),
            None,
        );
    }
    e.commit(batch).expect("commit");
    let mut i = 0u32;
    c.bench_function("get_meta_hit", |b| {
        b.iter(|| {
            i = (i + 7919) % 100_000;
            e.get_meta(0, format!("key:{i}").as_bytes()).expect("get")
        })
    });
    c.bench_function("set_string_commit", |b| {
        b.iter(|| {
            i = (i + 7919) % 100_000;
            let key = format!("key:{i}");
            let mut batch = e.batch();
            let old = batch.get_meta(0, key.as_bytes()).expect("get");
            batch.put_meta(
                0,
                key.as_bytes(),
                Meta::string(vec![b'w'; 64]),
                old.as_ref(),
            );
            e.commit(batch).expect("commit")
        })
    });
}

/// LRANGE's read of the first 10 and 100 elements of a 200k-element list spread over several
/// files: the difference is the per-element cost, the rest the cost of positioning an iterator.
fn list_reads(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut opts = EngineOptions::new(dir.path());
    opts.write_buffer_size = 4 << 20;
    let e = Engine::open(&opts).expect("open");
    let mut list = List::empty(e.next_version().expect("version"));
    for chunk in 0..20 {
        let mut batch = e.batch();
        for i in 0..10_000 {
            batch.list_put(
                0,
                b"l",
                &list,
                list.tail,
                format!("e{chunk}:{i}").as_bytes(),
            );
            list.tail += 1;
        }
        batch.put_meta(0, b"l", list.to_meta(&List::new_meta(list.version)), None);
        e.commit(batch).expect("commit");
    }
    for n in [10, 100] {
        c.bench_function(&format!("list_range_{n}"), |b| {
            b.iter(|| {
                e.batch()
                    .list_range(0, b"l", &list, list.head, n)
                    .expect("range")
            })
        });
    }
}

criterion_group!(benches, codec, engine, list_reads);
criterion_main!(benches);
