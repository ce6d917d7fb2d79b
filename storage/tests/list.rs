//! Storage-level tests of the list layout (`types/list.rs`): window scans in both directions stay
//! inside one list, and removing a long run of elements is one range tombstone, not one delete
//! per element.

use strata_storage::types::list::List;
use strata_storage::{Engine, EngineOptions};

fn open(dir: &std::path::Path) -> Engine {
    let mut o = EngineOptions::new(dir);
    o.write_buffer_size = 8 << 20;
    Engine::open(&o).unwrap()
}

/// Writes a list of `n` elements `e0..` at `key` and returns its window.
fn fill(e: &Engine, key: &[u8], n: u64) -> List {
    let mut list = List::empty(e.next_version().unwrap());
    let mut b = e.batch();
    for i in 0..n {
        b.list_put(0, key, &list, list.tail, format!("e{i}").as_bytes());
        list.tail += 1;
    }
    b.put_meta(0, key, list.to_meta(&List::new_meta(list.version)), None);
    e.commit(b).unwrap();
    list
}

fn collect(e: &Engine, key: &[u8], list: &List, from: u64, rev: bool) -> Vec<String> {
    let mut out = Vec::new();
    e.batch()
        .list_scan(0, key, list, from, rev, |_, v| {
            out.push(String::from_utf8(v.to_vec()).unwrap());
            true
        })
        .unwrap();
    out
}

#[test]
fn scans_in_both_directions_never_leave_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    // Neighbours whose records sort right before and after the list's.
    fill(&e, b"lisa", 3);
    let list = fill(&e, b"list", 5);
    fill(&e, b"listx", 3);
    let fwd = collect(&e, b"list", &list, list.head, false);
    assert_eq!(fwd, ["e0", "e1", "e2", "e3", "e4"]);
    let rev = collect(&e, b"list", &list, list.tail - 1, true);
    assert_eq!(rev, ["e4", "e3", "e2", "e1", "e0"]);
    assert_eq!(
        collect(&e, b"list", &list, list.pos(2), true),
        ["e2", "e1", "e0"]
    );
    // A start outside the window visits nothing.
    assert!(collect(&e, b"list", &list, list.tail, false).is_empty());
    let inner = List {
        head: list.pos(1),
        tail: list.pos(3),
        ..list
    };
    assert_eq!(
        collect(&e, b"list", &inner, inner.head, false),
        ["e1", "e2"]
    );
    assert_eq!(
        collect(&e, b"list", &inner, inner.tail - 1, true),
        ["e2", "e1"]
    );
    assert_eq!(
        e.batch()
            .list_range(0, b"list", &list, list.pos(3), 10)
            .unwrap(),
        [b"e3".to_vec(), b"e4".to_vec()]
    );
}

#[test]
fn trimming_a_long_run_is_one_range_tombstone() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path());
    let list = fill(&e, b"big", 50_000);
    let mut b = e.batch();
    b.list_delete(0, b"big", &list, list.head, list.pos(49_990));
    assert_eq!(
        b.len(),
        1,
        "a trim of 49,990 elements queued {} operations",
        b.len()
    );
    e.commit(b).unwrap();
    let left = List {
        head: list.pos(49_990),
        ..list
    };
    assert_eq!(collect(&e, b"big", &left, left.head, false).len(), 10);
    e.compact_all();
    // Only the kept elements are left on disk (plus nothing of the trimmed run).
    assert_eq!(e.count_data_records().unwrap(), 10);
    let mut b = e.batch();
    b.list_delete(0, b"big", &left, left.head, left.head + 3);
    assert_eq!(b.len(), 3, "a short run uses point deletes");
}
