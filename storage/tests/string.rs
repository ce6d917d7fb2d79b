//! Storage-level tests of the string layout (`types/string.rs`): random in-place edits of inline
//! and chunked strings against a plain `Vec<u8>` model (across chunk boundaries and the
//! inline -> chunked switch, in plain and transaction batches), far writes that create one chunk,
//! and garbage collection of a chunked string's old version.

use proptest::prelude::*;
use strata_storage::types::string::{self, StringEdit, CHUNK, CHUNKED_MIN, ENC_AUTO};
use strata_storage::{Batch, Engine, EngineOptions, Meta};

fn open(dir: &std::path::Path) -> Engine {
    let mut o = EngineOptions::new(dir);
    o.write_buffer_size = 8 << 20;
    Engine::open(&o).unwrap()
}

#[derive(Clone, Debug)]
enum Op {
    /// SETRANGE: bytes at an offset.
    Write(u64, Vec<u8>),
    /// APPEND.
    Append(Vec<u8>),
    /// SETBIT.
    Bit(u64, bool),
    /// SET of a whole value.
    Set(Vec<u8>),
}

/// Offsets close to chunk boundaries and to the inline -> chunked threshold.
fn offset() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..200,
        (0u64..=(CHUNKED_MIN / CHUNK + 2), -70i64..70)
            .prop_map(|(c, d)| (c * CHUNK).saturating_add_signed(d)),
        (CHUNKED_MIN - 100)..(CHUNKED_MIN + 100),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..200),
        (1usize..3 * CHUNK as usize, any::<u8>()).prop_map(|(n, b)| vec![b; n]),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (offset(), bytes()).prop_map(|(o, b)| Op::Write(o, b)),
        2 => bytes().prop_map(Op::Append),
        2 => (offset(), any::<bool>()).prop_map(|(o, on)| Op::Bit(o * 8 + o % 8, on)),
        1 => prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..100),
            Just(vec![7u8; CHUNKED_MIN as usize + 10]),
        ]
        .prop_map(Op::Set),
    ]
}

fn apply_model(model: &mut Vec<u8>, op: &Op) {
    let write = |model: &mut Vec<u8>, at: usize, b: &[u8]| {
        if model.len() < at + b.len() {
            model.resize(at + b.len(), 0);
        }
        model[at..at + b.len()].copy_from_slice(b);
    };
    match op {
        Op::Write(o, b) => write(model, *o as usize, b),
        Op::Append(b) => {
            let at = model.len();
            write(model, at, b);
        }
        Op::Bit(bit, on) => {
            let byte = (*bit / 8) as usize;
            if model.len() <= byte {
                model.resize(byte + 1, 0);
            }
            let mask = 0x80u8 >> (bit % 8);
            if *on {
                model[byte] |= mask;
            } else {
                model[byte] &= !mask;
            }
        }
        Op::Set(v) => *model = v.clone(),
    }
}

fn apply(b: &mut Batch, key: &[u8], op: &Op) {
    let old = b.get_meta(0, key).unwrap();
    if let Op::Set(v) = op {
        b.put_string(0, key, v.clone(), ENC_AUTO, 0, old.as_ref())
            .unwrap();
        return;
    }
    let mut ed = StringEdit::new(0, key, old.as_ref());
    match op {
        Op::Write(o, v) => ed.write(b, *o, v).unwrap(),
        Op::Append(v) => {
            let at = ed.len();
            ed.write(b, at, v).unwrap()
        }
        Op::Bit(bit, on) => {
            let byte = bit / 8;
            let mut cur = ed.read(b, byte, 1).unwrap();
            let mask = 0x80u8 >> (bit % 8);
            if *on {
                cur[0] |= mask;
            } else {
                cur[0] &= !mask;
            }
            ed.grow(b, byte + 1).unwrap();
            ed.write(b, byte, &cur).unwrap();
            // The edit sees its own write.
            assert_eq!(ed.read(b, byte, 1).unwrap(), cur);
        }
        Op::Set(_) => unreachable!("handled above"),
    }
    ed.finish(b);
}

/// Checks the stored string against the model: length, the whole value, a few ranges, and the
/// chunk invariant (records no longer than a chunk and never past the length).
fn check(e: &Engine, key: &[u8], model: &[u8], probes: &[(u64, u64)]) {
    let b = e.batch();
    let Some(meta) = b.get_meta(0, key).unwrap() else {
        assert!(model.is_empty());
        return;
    };
    assert_eq!(string::len(&meta), model.len() as u64);
    assert_eq!(
        string::is_chunked(&meta),
        model.len() as u64 > CHUNKED_MIN,
        "chunked iff longer than the threshold (for these ops)"
    );
    let all = b.string_value(0, key, meta.clone()).unwrap();
    assert!(all == model, "value differs from the model");
    for &(from, n) in probes {
        let to = from + n;
        let want = &model[(from as usize).min(model.len())..(to as usize).min(model.len())];
        assert!(b.string_range(0, key, &meta, from, to).unwrap() == want);
        let mut ed = StringEdit::new(0, key, Some(&meta));
        let mut padded = want.to_vec();
        padded.resize(n as usize, 0);
        assert!(ed.read(&b, from, n).unwrap() == padded);
    }
    if string::is_chunked(&meta) {
        b.scan_subs(0, key, meta.version, &[], |sub, v| {
            let i = u64::from_be_bytes(sub.try_into().unwrap());
            assert!(v.len() as u64 <= CHUNK);
            assert!(i * CHUNK + v.len() as u64 <= meta.size);
            true
        })
        .unwrap();
    }
}

fn engine() -> &'static Engine {
    static E: std::sync::OnceLock<(tempfile::TempDir, Engine)> = std::sync::OnceLock::new();
    let (_, e) = E.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let e = open(dir.path());
        (dir, e)
    });
    e
}

static CASE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn edits_match_a_vec_model(
        ops in proptest::collection::vec(op(), 1..12),
        probes in proptest::collection::vec((offset(), 0u64..(2 * CHUNK)), 3),
        tx: bool,
    ) {
        let e = engine();
        let n = CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let key = format!("s{n}").into_bytes();
        let mut model = Vec::new();
        if tx {
            // One transaction batch: every op reads the earlier ones' pending writes.
            let mut b = e.tx_batch();
            for op in &ops {
                apply(&mut b, &key, op);
                apply_model(&mut model, op);
            }
            e.commit(b).unwrap();
            check(e, &key, &model, &probes);
        } else {
            for op in &ops {
                let mut b = e.batch();
                apply(&mut b, &key, op);
                e.commit(b).unwrap();
                apply_model(&mut model, op);
                check(e, &key, &model, &probes);
            }
        }
    }
}

#[test]
fn a_far_write_creates_one_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let mut b = e.batch();
    let mut ed = StringEdit::new(0, b"bits", None);
    let last = (1u64 << 32) - 1;
    ed.grow(&b, last / 8 + 1).unwrap();
    ed.write(&b, last / 8, &[1]).unwrap();
    ed.finish(&mut b);
    e.commit(b).unwrap();
    assert_eq!(e.count_data_records().unwrap(), 1);
    let b = e.batch();
    let m = b.get_meta(0, b"bits").unwrap().unwrap();
    assert_eq!(string::len(&m), 1 << 29);
    assert_eq!(
        b.string_range(0, b"bits", &m, (1 << 29) - 2, 1 << 30)
            .unwrap(),
        [0, 1]
    );
    let mut ones = 0;
    b.string_visit(0, b"bits", &m, 0, u64::MAX, |s| {
        ones += s.iter().map(|b| b.count_ones()).sum::<u32>();
        true
    })
    .unwrap();
    assert_eq!(ones, 1);
}

#[test]
fn compaction_keeps_live_chunks_and_drops_overwritten_ones() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let mut b = e.batch();
    let big = vec![1u8; 3 * CHUNKED_MIN as usize];
    b.put_string(0, b"s", big, ENC_AUTO, 0, None).unwrap();
    e.commit(b).unwrap();
    // The compaction filter keeps the chunks of the live version.
    e.compact_all();
    assert_eq!(e.count_data_records().unwrap(), 3 * CHUNKED_MIN / CHUNK);
    let mut b = e.batch();
    let old = b.get_meta(0, b"s").unwrap();
    b.put_string(0, b"s", b"small".to_vec(), ENC_AUTO, 0, old.as_ref())
        .unwrap();
    // One meta write and one range tombstone, whatever the old size.
    assert_eq!(b.len(), 2);
    e.commit(b).unwrap();
    e.compact_all();
    assert_eq!(e.count_data_records().unwrap(), 0);
    let b = e.batch();
    let m: Meta = b.get_meta(0, b"s").unwrap().unwrap();
    assert_eq!(b.string_value(0, b"s", m).unwrap(), b"small");
}
