//! Storage-level tests of subkey sampling and ordered probes (`subs.rs`).

use std::collections::{BTreeMap, BTreeSet};
use strata_storage::{Engine, EngineOptions, Kind, Meta, SubCursor};

fn open(dir: &std::path::Path) -> Engine {
    let mut o = EngineOptions::new(dir);
    o.write_buffer_size = 8 << 20;
    Engine::open(&o).unwrap()
}

fn fill(e: &Engine, key: &[u8], version: u64, members: impl Iterator<Item = Vec<u8>>) {
    let mut b = e.batch();
    // A live meta record, so that compaction keeps the subkeys.
    b.put_meta(0, key, Meta::collection(Kind::Set, version), None);
    for (n, m) in members.enumerate() {
        b.put_sub(0, key, version, &m, b"");
        if n % 10_000 == 9_999 {
            e.commit(b).unwrap();
            b = e.batch();
        }
    }
    e.commit(b).unwrap();
}

/// A tiny deterministic generator (xorshift) so failures reproduce.
fn picker(seed: u64) -> impl FnMut(u64, u64) -> u64 {
    let mut x = seed;
    move |lo, hi| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        lo + x % (hi - lo + 1)
    }
}

#[test]
fn sampling_a_200k_member_collection_touches_few_records_and_is_near_uniform() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let v = e.next_version().unwrap();
    const N: u64 = 200_000;
    fill(
        &e,
        b"big",
        v,
        (0..N).map(|i| format!("member:{i:07}").into_bytes()),
    );
    // A neighbour on each side must never be returned.
    fill(&e, b"bif", v, std::iter::once(b"zzz".to_vec()));
    fill(&e, b"bih", v, std::iter::once(b"000".to_vec()));
    e.compact_all();

    let mut pick = picker(0x9e3779b97f4a7c15);
    let before = e.sample_seeks();
    const DRAWS: u64 = 20_000;
    // 20 buckets of 10k consecutive members each.
    let mut buckets = BTreeMap::new();
    for _ in 0..DRAWS {
        let m = e.random_sub(0, b"big", v, &mut pick).unwrap().unwrap();
        let i: u64 = std::str::from_utf8(&m[7..]).unwrap().parse().unwrap();
        assert!(i < N);
        *buckets.entry(i / 10_000).or_insert(0u64) += 1;
    }
    let per_draw = (e.sample_seeks() - before) as f64 / DRAWS as f64;
    // member:NNNNNNN branches at 6 digit positions: about two positionings per level.
    assert!(per_draw < 25.0, "{per_draw} positionings per draw");
    assert_eq!(buckets.len(), 20);
    let expect = DRAWS as f64 / 20.0;
    for (b, n) in buckets {
        let dev = (n as f64 - expect).abs() / expect;
        assert!(dev < 0.25, "bucket {b}: {n} draws, expected ~{expect}");
    }
}

#[test]
fn sampling_reaches_members_that_prefix_others_and_empty_collections_give_none() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let v = e.next_version().unwrap();
    let all: BTreeSet<Vec<u8>> = [
        &b""[..],
        b"a",
        b"ab",
        b"abc",
        b"b",
        b"\xff",
        b"\xff\xff",
        b"\x00",
    ]
    .iter()
    .map(|m| m.to_vec())
    .collect();
    fill(&e, b"k", v, all.iter().cloned());
    let mut pick = picker(7);
    let mut seen = BTreeSet::new();
    for _ in 0..2_000 {
        seen.insert(e.random_sub(0, b"k", v, &mut pick).unwrap().unwrap());
    }
    assert_eq!(seen, all);
    assert_eq!(e.random_sub(0, b"k", v + 1, &mut pick).unwrap(), None);
    assert_eq!(e.random_sub(0, b"other", v, &mut pick).unwrap(), None);
}

#[test]
fn ordered_probes_agree_with_point_lookups() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let v = e.next_version().unwrap();
    let present: BTreeSet<Vec<u8>> = (0..2_000u32)
        .filter(|i| i % 3 != 0)
        .map(|i| i.to_be_bytes().to_vec())
        .collect();
    fill(&e, b"s", v, present.iter().cloned());
    // Ascending probes (the merge-join case), with gaps of every size.
    let mut c = SubCursor::new(&e, 0, b"s", v);
    for i in (0..2_100u32).step_by(1) {
        let m = i.to_be_bytes();
        assert_eq!(c.contains(&m).unwrap(), present.contains(&m[..]), "{i}");
    }
    let mut c = SubCursor::new(&e, 0, b"s", v);
    for i in (0..2_100u32).step_by(37) {
        let m = i.to_be_bytes();
        assert_eq!(c.contains(&m).unwrap(), present.contains(&m[..]), "{i}");
    }
    // Out of order still answers correctly.
    let mut c = SubCursor::new(&e, 0, b"s", v);
    for i in [1999u32, 5, 1000, 3, 2, 1500, 0, 4000] {
        let m = i.to_be_bytes();
        assert_eq!(c.contains(&m).unwrap(), present.contains(&m[..]), "{i}");
    }
}

/// One SPOP's batch: `n` members from the deck if it serves them, else by seeks; deleted and
/// the size written, as the server does. Returns the members and whether the deck served.
fn pop(
    e: &Engine,
    key: &[u8],
    m: &mut Meta,
    n: u64,
    pick: &mut dyn FnMut(u64, u64) -> u64,
) -> (Vec<Vec<u8>>, bool) {
    let mut b = e.batch();
    let dealt = b.deck_pop(0, key, m.version, m.size, n, pick).unwrap();
    let served = dealt.is_some();
    let popped =
        dealt.unwrap_or_else(|| vec![e.random_sub(0, key, m.version, pick).unwrap().unwrap()]);
    let old = m.clone();
    for p in &popped {
        b.delete_sub(0, key, m.version, p);
    }
    m.size -= popped.len() as u64;
    b.put_meta(0, key, m.clone(), Some(&old));
    e.commit(b).unwrap();
    (popped, served)
}

#[test]
fn decks_serve_exact_uniform_pops_once_paid_for_and_every_other_write_demotes_them() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let mut pick = picker(0x2545f4914f6cdd1d);
    // Which of 64 members comes out first, over 800 fresh sets (a deck is paid for at once).
    let mut first = [0u32; 8];
    for t in 0..800u32 {
        let key = format!("u{t}").into_bytes();
        let v = e.next_version().unwrap();
        fill(&e, &key, v, (0..64u8).map(|i| vec![i]));
        let mut m = Meta::collection(Kind::Set, v);
        m.size = 64;
        let (popped, served) = pop(&e, &key, &mut m, 1, &mut pick);
        assert!(served);
        first[popped[0][0] as usize / 8] += 1;
    }
    for (bucket, n) in first.iter().enumerate() {
        assert!(
            (70..=130).contains(n),
            "bucket {bucket}: {n} of 800 first pops, expected ~100"
        );
    }

    // 6400 members: the deck is built after 100 pops by seeks and serves the rest.
    let v = e.next_version().unwrap();
    const N: u64 = 6400;
    let all: BTreeSet<Vec<u8>> = (0..N).map(|i| format!("m{i}").into_bytes()).collect();
    fill(&e, b"s", v, all.iter().cloned());
    let mut m = Meta::collection(Kind::Set, v);
    m.size = N;
    let mut left = all.clone();
    let mut by_deck = 0;
    for _ in 0..3000 {
        let (popped, served) = pop(&e, b"s", &mut m, 1, &mut pick);
        by_deck += served as u64;
        assert!(left.remove(&popped[0]), "popped twice or never there");
    }
    assert!(
        by_deck >= 3000 - N / 64,
        "{by_deck} of 3000 pops from the deck"
    );
    let (five, served) = pop(&e, b"s", &mut m, 5, &mut pick);
    assert!(served && five.iter().all(|p| left.remove(p)));

    // Another write demotes the deck, even one that leaves the size as it was (a member
    // removed, another added): the next pops deal a new deck, without the one and with the other.
    let gone = left.pop_first().unwrap();
    let mut b = e.batch();
    b.delete_sub(0, b"s", v, &gone);
    b.put_sub(0, b"s", v, b"new", b"");
    b.put_meta(0, b"s", m.clone(), Some(&m));
    e.commit(b).unwrap();
    left.insert(b"new".to_vec());
    while m.size > 1 {
        let (popped, _) = pop(&e, b"s", &mut m, 1, &mut pick);
        assert!(left.remove(&popped[0]), "popped twice or never there");
    }
    assert_eq!(left.len(), 1);
    let mut rest = Vec::new();
    e.batch()
        .scan_subs(0, b"s", v, &[], |k, _| {
            rest.push(k.to_vec());
            true
        })
        .unwrap();
    assert_eq!(rest, left.into_iter().collect::<Vec<_>>());
}
