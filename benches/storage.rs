//! Micro-benchmarks of the storage hot path: key codec, metadata codec, point get and put, and
//! in-place edits of huge (chunked) strings next to the same edits of a small inline one.
//! Run with `cargo bench --bench storage`; compare ratios within one run only.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;
use strata_storage::types::list::List;
use strata_storage::types::string::{StringEdit, ENC_AUTO};
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

/// Writes `bytes` at `offset` of string `key` and commits, as SETRANGE/APPEND do.
fn write_at(e: &Engine, key: &[u8], offset: Option<u64>, bytes: &[u8]) {
    let mut batch = e.batch();
    let old = batch.get_meta(0, key).expect("get");
    let mut edit = StringEdit::new(0, key, old.as_ref());
    let at = offset.unwrap_or(edit.len());
    edit.write(&batch, at, bytes).expect("write");
    edit.finish(&mut batch);
    e.commit(batch).expect("commit")
}

/// Sets bit `bit` of string `key` and commits, as SETBIT does.
fn set_bit(e: &Engine, key: &[u8], bit: u64) {
    let mut batch = e.batch();
    let old = batch.get_meta(0, key).expect("get");
    let mut edit = StringEdit::new(0, key, old.as_ref());
    let mut b = edit.read(&batch, bit / 8, 1).expect("read");
    b[0] ^= 0x80 >> (bit % 8);
    edit.write(&batch, bit / 8, &b).expect("write");
    edit.finish(&mut batch);
    e.commit(batch).expect("commit")
}

fn getrange(e: &Engine, key: &[u8], from: u64, n: u64) -> Vec<u8> {
    let batch = e.batch();
    let m = batch.get_meta(0, key).expect("get").expect("exists");
    batch
        .string_range(0, key, &m, from, from + n)
        .expect("range")
}

fn big_strings(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = Engine::open(&EngineOptions::new(dir.path())).expect("open");
    let mut batch = e.batch();
    batch
        .put_string(0, b"small", vec![b's'; 64], ENC_AUTO, 0, None)
        .expect("put");
    batch
        .put_string(0, b"big", vec![b'b'; 100 << 20], ENC_AUTO, 0, None)
        .expect("put");
    e.commit(batch).expect("commit");
    let mut g = c.benchmark_group("strings");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    g.bench_function("setrange_small_64b", |b| {
        b.iter(|| write_at(&e, b"small", Some(10), b"hello"))
    });
    g.bench_function("setbit_small_64b", |b| {
        b.iter(|| set_bit(&e, b"small", 100))
    });
    g.bench_function("getrange_10b_of_small", |b| {
        b.iter(|| getrange(&e, b"small", 10, 10))
    });
    g.bench_function("setrange_at_500mb", |b| {
        b.iter(|| write_at(&e, b"sparse", Some(500 << 20), b"hello"))
    });
    g.bench_function("setbit_at_2^32-1", |b| {
        b.iter(|| set_bit(&e, b"bits", (1 << 32) - 1))
    });
    g.bench_function("append_to_100mb", |b| {
        b.iter(|| write_at(&e, b"big", None, b"0123456789"))
    });
    g.bench_function("getrange_10b_of_100mb", |b| {
        b.iter(|| getrange(&e, b"big", 50 << 20, 10))
    });
    g.finish();
}

criterion_group!(benches, codec, engine, list_reads, big_strings);
criterion_main!(benches);
