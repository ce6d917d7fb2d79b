//! Black-box tests of the list commands and blocking pops. Replies that Redis defines are
//! compared byte for byte with a real redis-server 7.0 through `Pair`; blocking behaviour (who is
//! served, when, in which order) is checked on both servers where it is deterministic.
//!
//! Tests on the shared servers prefix every key with `lists:<test>:`.

mod common;
use common::*;

use proptest::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::thread;
use std::time::{Duration, Instant};

fn k(test: &str, name: &str) -> String {
    format!("lists:{test}:{name}")
}

fn elements(v: Value) -> Vec<Vec<u8>> {
    v.as_array().iter().map(|x| x.as_bytes()).collect()
}

#[test]
fn lpush_and_rpush_return_the_length_and_keep_order() {
    let mut p = Pair::new();
    let l = k("push", "l");
    p.check(&["DEL", &l]);
    p.check(&["LPUSH", &l, "a", "b", "c"]);
    p.check(&["RPUSH", &l, "x", "y"]);
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["LLEN", &l]);
    p.check(&["TYPE", &l]);
    p.check(&["OBJECT", "ENCODING", &l]);
    p.check(&["LPUSH", &l]);
    p.check(&["SET", &l, "str"]);
    p.check(&["LPUSH", &l, "a"]);
    p.check(&["RPUSH", &l, "a"]);
    p.check(&["LLEN", &l]);
    p.check(&["DEL", &l]);
}

#[test]
fn pushx_only_pushes_onto_an_existing_list() {
    let mut p = Pair::new();
    let l = k("pushx", "l");
    p.check(&["DEL", &l]);
    p.check(&["LPUSHX", &l, "a"]);
    p.check(&["RPUSHX", &l, "a", "b"]);
    p.check(&["EXISTS", &l]);
    p.check(&["RPUSH", &l, "m"]);
    p.check(&["LPUSHX", &l, "a", "b"]);
    p.check(&["RPUSHX", &l, "y", "z"]);
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LPUSHX", &l, "a"]);
    p.check(&["DEL", &l]);
}

#[test]
fn pops_with_and_without_count_and_the_emptied_list_is_deleted() {
    let mut p = Pair::new();
    let l = k("pop", "l");
    p.check(&["DEL", &l]);
    p.check(&["LPOP", &l]);
    p.check(&["RPOP", &l, "2"]);
    p.check(&["LPOP", &l, "0"]);
    p.check(&["RPUSH", &l, "a", "b", "c", "d", "e"]);
    p.check(&["LPOP", &l]);
    p.check(&["RPOP", &l]);
    p.check(&["LPOP", &l, "0"]);
    p.check(&["RPOP", &l, "2"]);
    p.check(&["LPOP", &l, "10"]);
    p.check(&["EXISTS", &l]);
    p.check(&["TYPE", &l]);
    p.check(&["RPUSH", &l, "a"]);
    p.check(&["LPOP", &l, "-1"]);
    p.check(&["LPOP", &l, "x"]);
    p.check(&["LPOP", &l, "1", "2"]);
    p.check(&["RPOP", &l, "1"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LPOP", &l]);
    p.check(&["RPOP", &l, "1"]);
    p.check(&["DEL", &l]);
}

#[test]
fn lindex_and_lset_address_both_ends() {
    let mut p = Pair::new();
    let l = k("index", "l");
    p.check(&["DEL", &l]);
    p.check(&["LINDEX", &l, "0"]);
    p.check(&["LINDEX", &l, "x"]);
    p.check(&["LSET", &l, "0", "v"]);
    p.check(&["LSET", &l, "x", "v"]);
    p.check(&["RPUSH", &l, "a", "b", "c"]);
    for i in [
        "0",
        "2",
        "3",
        "-1",
        "-3",
        "-4",
        "9223372036854775807",
        "-9223372036854775808",
    ] {
        p.check(&["LINDEX", &l, i]);
    }
    p.check(&["LINDEX", &l, "1.5"]);
    p.check(&["LSET", &l, "1", "B"]);
    p.check(&["LSET", &l, "-1", "C"]);
    p.check(&["LSET", &l, "3", "D"]);
    p.check(&["LSET", &l, "-4", "D"]);
    p.check(&["LSET", &l, "z", "D"]);
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LINDEX", &l, "0"]);
    p.check(&["LSET", &l, "0", "x"]);
    p.check(&["DEL", &l]);
}

#[test]
fn lrange_clamps_indexes_like_redis() {
    let mut p = Pair::new();
    let l = k("lrange", "l");
    p.check(&["DEL", &l]);
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["RPUSH", &l, "0", "1", "2", "3", "4", "5"]);
    let idx = ["0", "1", "-1", "-2", "-6", "-7", "5", "6", "100", "-100"];
    for a in idx {
        for b in idx {
            p.check(&["LRANGE", &l, a, b]);
        }
    }
    p.check(&["LRANGE", &l, "a", "1"]);
    p.check(&["LRANGE", &l, "0", "b"]);
    p.check(&["LRANGE", &l, "-9223372036854775808", "9223372036854775807"]);
    p.check(&["DEL", &l]);
}

#[test]
fn ltrim_keeps_the_window_and_deletes_an_empty_result() {
    let mut p = Pair::new();
    let l = k("ltrim", "l");
    p.check(&["DEL", &l]);
    p.check(&["LTRIM", &l, "0", "1"]);
    let idx = ["0", "1", "-1", "-3", "4", "9", "-9"];
    for a in idx {
        for b in idx {
            p.check(&["DEL", &l]);
            p.check(&["RPUSH", &l, "a", "b", "c", "d", "e"]);
            p.check(&["LTRIM", &l, a, b]);
            p.check(&["LRANGE", &l, "0", "-1"]);
            p.check(&["EXISTS", &l]);
        }
    }
    p.check(&["LTRIM", &l, "x", "1"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LTRIM", &l, "0", "1"]);
    p.check(&["DEL", &l]);
}

#[test]
fn capped_list_pattern_lpush_ltrim_lrange() {
    let mut p = Pair::new();
    let l = k("capped", "recent");
    p.check(&["DEL", &l]);
    for i in 0..50 {
        p.check(&["LPUSH", &l, &format!("post:{i}")]);
        p.check(&["LTRIM", &l, "0", "9"]);
    }
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["LLEN", &l]);
    p.check(&["DEL", &l]);
}

#[test]
fn linsert_before_and_after_on_both_halves() {
    let mut p = Pair::new();
    let l = k("linsert", "l");
    p.check(&["DEL", &l]);
    p.check(&["LINSERT", &l, "BEFORE", "a", "x"]);
    p.check(&["LINSERT", &l, "MIDDLE", "a", "x"]);
    p.check(&["RPUSH", &l, "a", "b", "c", "d", "e", "f"]);
    p.check(&["LINSERT", &l, "before", "a", "0"]);
    p.check(&["LINSERT", &l, "after", "f", "9"]);
    p.check(&["LINSERT", &l, "AFTER", "b", "b2"]);
    p.check(&["LINSERT", &l, "BEFORE", "e", "e0"]);
    p.check(&["LINSERT", &l, "BEFORE", "zz", "x"]);
    p.check(&["LINSERT", &l, "sideways", "zz", "x"]);
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["LINDEX", &l, "3"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LINSERT", &l, "BEFORE", "a", "x"]);
    p.check(&["DEL", &l]);
}

#[test]
fn lrem_counts_from_the_head_the_tail_or_everywhere() {
    let mut p = Pair::new();
    let l = k("lrem", "l");
    for count in ["0", "1", "2", "-1", "-2", "100", "-100"] {
        p.check(&["DEL", &l]);
        p.check(&["RPUSH", &l, "x", "a", "x", "b", "x", "c", "x"]);
        p.check(&["LREM", &l, count, "x"]);
        p.check(&["LRANGE", &l, "0", "-1"]);
        p.check(&["LINDEX", &l, "0"]);
        p.check(&["LINDEX", &l, "-1"]);
    }
    p.check(&["LREM", &l, "0", "nothere"]);
    p.check(&["DEL", &l]);
    p.check(&["RPUSH", &l, "x", "x"]);
    p.check(&["LREM", &l, "0", "x"]);
    p.check(&["EXISTS", &l]);
    p.check(&["LREM", &l, "0", "x"]);
    p.check(&["LREM", &l, "nan", "x"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LREM", &l, "0", "x"]);
    p.check(&["DEL", &l]);
}

#[test]
fn lpos_rank_count_and_maxlen() {
    let mut p = Pair::new();
    let l = k("lpos", "l");
    p.check(&["DEL", &l]);
    p.check(&["LPOS", &l, "a"]);
    p.check(&["LPOS", &l, "a", "COUNT", "0"]);
    p.check(&["RPUSH", &l, "a", "b", "c", "1", "2", "3", "c", "c"]);
    let cases: &[&[&str]] = &[
        &[],
        &["RANK", "1"],
        &["RANK", "2"],
        &["RANK", "-1"],
        &["RANK", "-3"],
        &["RANK", "4"],
        &["COUNT", "0"],
        &["COUNT", "2"],
        &["COUNT", "0", "RANK", "-1"],
        &["COUNT", "0", "RANK", "2"],
        &["MAXLEN", "3"],
        &["MAXLEN", "7", "COUNT", "0"],
        &["MAXLEN", "1", "RANK", "-1"],
        &["RANK", "0"],
        &["RANK", "-9223372036854775808"],
        &["RANK", "x"],
        &["COUNT", "-1"],
        &["COUNT", "x"],
        &["MAXLEN", "-1"],
        &["MAXLEN"],
        &["FOO", "1"],
        &["RANK", "1", "RANK", "2"],
    ];
    for extra in cases {
        let mut cmd = vec!["LPOS", &l, "c"];
        cmd.extend_from_slice(extra);
        p.check(&cmd);
    }
    p.check(&["LPOS", &l, "zz", "COUNT", "3"]);
    p.check(&["LPOS", &l, "zz"]);
    p.check(&["SET", &l, "s"]);
    p.check(&["LPOS", &l, "a"]);
    p.check(&["DEL", &l]);
}

#[test]
fn lmove_and_rpoplpush_between_lists_and_onto_themselves() {
    let mut p = Pair::new();
    let (a, b) = (k("lmove", "a"), k("lmove", "b"));
    p.check(&["DEL", &a, &b]);
    p.check(&["LMOVE", &a, &b, "LEFT", "RIGHT"]);
    p.check(&["RPOPLPUSH", &a, &b]);
    p.check(&["RPUSH", &a, "1", "2", "3"]);
    for (from, to) in [
        ("LEFT", "RIGHT"),
        ("RIGHT", "LEFT"),
        ("LEFT", "LEFT"),
        ("right", "right"),
    ] {
        p.check(&["LMOVE", &a, &b, from, to]);
        p.check(&["LRANGE", &a, "0", "-1"]);
        p.check(&["LRANGE", &b, "0", "-1"]);
    }
    p.check(&["EXISTS", &a]);
    p.check(&["RPOPLPUSH", &b, &b]);
    p.check(&["LMOVE", &b, &b, "LEFT", "RIGHT"]);
    p.check(&["LMOVE", &b, &b, "RIGHT", "RIGHT"]);
    p.check(&["LMOVE", &b, &b, "LEFT", "LEFT"]);
    p.check(&["LRANGE", &b, "0", "-1"]);
    p.check(&["LMOVE", &b, &a, "UP", "LEFT"]);
    p.check(&["DEL", &a]);
    p.check(&["RPUSH", &a, "only"]);
    p.check(&["LMOVE", &a, &a, "LEFT", "RIGHT"]);
    p.check(&["LRANGE", &a, "0", "-1"]);
    p.check(&["SET", &a, "s"]);
    p.check(&["LMOVE", &b, &a, "LEFT", "LEFT"]);
    p.check(&["LRANGE", &b, "0", "-1"]);
    p.check(&["LMOVE", &a, &b, "LEFT", "LEFT"]);
    p.check(&["DEL", &b]);
    p.check(&["LMOVE", &b, &a, "LEFT", "LEFT"]);
    p.check(&["DEL", &a, &b]);
}

#[test]
fn lmpop_takes_from_the_first_non_empty_list() {
    let mut p = Pair::new();
    let (a, b, c) = (k("lmpop", "a"), k("lmpop", "b"), k("lmpop", "c"));
    p.check(&["DEL", &a, &b, &c]);
    p.check(&["LMPOP", "2", &a, &b, "LEFT"]);
    p.check(&["RPUSH", &b, "1", "2", "3", "4"]);
    p.check(&["LMPOP", "2", &a, &b, "LEFT"]);
    p.check(&["LMPOP", "2", &a, &b, "RIGHT", "COUNT", "2"]);
    p.check(&["LMPOP", "3", &a, &c, &b, "left", "count", "10"]);
    p.check(&["EXISTS", &b]);
    for bad in [
        &["LMPOP", "0", &a, "LEFT"][..],
        &["LMPOP", "-1", &a, "LEFT"],
        &["LMPOP", "x", &a, "LEFT"],
        &["LMPOP", "3", &a, "LEFT"],
        &["LMPOP", "1", &a, "MIDDLE"],
        &["LMPOP", "1", &a, "LEFT", "COUNT"],
        &["LMPOP", "1", &a, "LEFT", "COUNT", "0"],
        &["LMPOP", "1", &a, "LEFT", "COUNT", "-2"],
        &["LMPOP", "1", &a, "LEFT", "COUNT", "1", "COUNT", "1"],
        &["LMPOP", "1", &a, "LEFT", "EXTRA"],
        &["LMPOP", "1"],
    ] {
        p.check(bad);
    }
    p.check(&["SET", &a, "s"]);
    p.check(&["RPUSH", &c, "x"]);
    p.check(&["LMPOP", "2", &a, &c, "LEFT"]);
    p.check(&["LMPOP", "2", &c, &a, "LEFT"]);
    p.check(&["DEL", &a, &b, &c]);
}

#[test]
fn blocking_commands_return_at_once_when_data_is_there_and_reject_bad_timeouts() {
    let mut p = Pair::new();
    let (a, b) = (k("bnow", "a"), k("bnow", "b"));
    p.check(&["DEL", &a, &b]);
    p.check(&["RPUSH", &b, "1", "2", "3", "4", "5"]);
    p.check(&["BLPOP", &a, &b, "0"]);
    p.check(&["BRPOP", &a, &b, "1.5"]);
    p.check(&["BLMOVE", &b, &a, "LEFT", "RIGHT", "0"]);
    p.check(&["BRPOPLPUSH", &b, &a, "0"]);
    p.check(&["BLMPOP", "0", "2", &a, &b, "RIGHT", "COUNT", "5"]);
    p.check(&["LRANGE", &a, "0", "-1"]);
    for bad in [
        &["BLPOP", &a, "-1"][..],
        &["BLPOP", &a, "x"],
        &["BLPOP", &a, "1e30"],
        &["BLPOP", &a, "nan"],
        &["BRPOP", &a, ""],
        &["BLMOVE", &a, &b, "LEFT", "UP", "0"],
        &["BLMOVE", &a, &b, "LEFT", "LEFT", "-0.5"],
        &["BRPOPLPUSH", &a, &b, "x"],
        &["BLMPOP", "x", "1", &a, "LEFT"],
        &["BLMPOP", "0", "0", &a, "LEFT"],
        // The rest of the command is checked before the timeout.
        &["BLMPOP", "x", "0", &a, "LEFT"],
        &["BLMPOP", "x", "1", &a, "FOO"],
        &["BLMPOP", "0", "1", &a, "NONE"],
        &["BLMPOP", "-1", "1", &a, "LEFT"],
    ] {
        p.check(bad);
    }
    p.check(&["SET", &b, "s"]);
    p.check(&["BLPOP", &b, "0"]);
    p.check(&["BLPOP", "nothere:lists:bnow", &b, "0"]);
    p.check(&["BLMOVE", &b, &a, "LEFT", "LEFT", "0"]);
    p.check(&["DEL", &a, &b]);
}

#[test]
fn blpop_times_out_with_a_null_reply_after_a_fractional_timeout() {
    for s in &fresh_servers() {
        let key = k("btimeout", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        let t = Instant::now();
        let raw = c.raw(&[b"BLPOP", key.as_bytes(), b"0.2"]);
        let took = t.elapsed();
        assert_eq!(raw, b"*-1\r\n", "{:?}", s.kind);
        assert!(
            took >= Duration::from_millis(190),
            "{:?} returned after {took:?}",
            s.kind
        );
        assert!(took < Duration::from_secs(3), "{:?} took {took:?}", s.kind);
        assert_eq!(
            c.raw(&[b"BLMOVE", key.as_bytes(), b"x", b"LEFT", b"LEFT", b"0.05"]),
            b"*-1\r\n"
        );
        assert_eq!(
            c.raw(&[b"BLMPOP", b"0.05", b"1", key.as_bytes(), b"LEFT"]),
            b"*-1\r\n"
        );
        // RESP3 clients get the RESP3 null.
        c.cmd(&["HELLO", "3"]);
        assert_eq!(c.raw(&[b"BRPOP", key.as_bytes(), b"0.05"]), b"_\r\n");
        assert_eq!(
            c.raw(&[b"BRPOPLPUSH", key.as_bytes(), b"x", b"0.05"]),
            b"_\r\n"
        );
    }
}

#[test]
fn blpop_is_woken_by_a_push_from_another_client() {
    for s in &fresh_servers() {
        let key = k("bwake", "q");
        let mut pusher = s.client();
        pusher.cmd(&["DEL", &key]);
        let mut waiter = s.client();
        waiter.send_cmd(&["BLPOP", &key, "0"]);
        wait_blocked(s, 1);
        assert_int(&pusher.cmd(&["RPUSH", &key, "job1", "job2"]), 2);
        let got = waiter.read_value();
        assert_eq!(
            elements(got),
            vec![key.as_bytes().to_vec(), b"job1".to_vec()]
        );
        // The pusher's next command already sees the pop.
        assert_eq!(
            elements(pusher.cmd(&["LRANGE", &key, "0", "-1"])),
            vec![b"job2".to_vec()]
        );
        pusher.cmd(&["DEL", &key]);
    }
}

#[test]
fn the_client_blocked_longest_is_served_first_and_a_push_wakes_only_as_many_as_it_has_elements() {
    for s in &fresh_servers() {
        let key = k("bfifo", "q");
        let mut pusher = s.client();
        pusher.cmd(&["DEL", &key]);
        let mut waiters: Vec<Client> = (0..3).map(|_| s.client()).collect();
        for (i, w) in waiters.iter_mut().enumerate() {
            w.send_cmd(&["BRPOP", &key, "0"]);
            wait_blocked(s, i + 1);
        }
        assert_int(&pusher.cmd(&["LPUSH", &key, "e1", "e2"]), 2);
        // BRPOP takes from the tail: e1 first, then e2.
        assert_eq!(elements(waiters[0].read_value())[1], b"e1");
        assert_eq!(elements(waiters[1].read_value())[1], b"e2");
        assert!(waiters[2]
            .read_raw_timeout(Duration::from_millis(200))
            .is_none());
        assert_int(&pusher.cmd(&["LLEN", &key]), 0);
        wait_blocked(s, 1);
        pusher.cmd(&["RPUSH", &key, "e3"]);
        assert_eq!(elements(waiters[2].read_value())[1], b"e3");
        assert_int(&pusher.cmd(&["EXISTS", &key]), 0);
    }
}

#[test]
fn a_client_blocked_on_several_keys_is_served_by_whichever_gets_data() {
    for s in &fresh_servers() {
        let (a, b) = (k("bmulti", "a"), k("bmulti", "b"));
        let mut c = s.client();
        c.cmd(&["DEL", &a, &b]);
        let mut w = s.client();
        w.send_cmd(&["BLPOP", &a, &b, &a, "5"]);
        wait_blocked(s, 1);
        c.cmd(&["RPUSH", &b, "x"]);
        assert_eq!(
            elements(w.read_value()),
            vec![b.as_bytes().to_vec(), b"x".to_vec()]
        );
        let mut w = s.client();
        w.send_cmd(&["BLMPOP", "5", "2", &a, &b, "RIGHT", "COUNT", "3"]);
        wait_blocked(s, 1);
        c.cmd(&["RPUSH", &a, "1", "2"]);
        let got = w.read_value().as_array();
        assert_eq!(got[0].as_bytes(), a.as_bytes());
        assert_eq!(elements(got[1].clone()), vec![b"2".to_vec(), b"1".to_vec()]);
        c.cmd(&["DEL", &a, &b]);
    }
}

#[test]
fn blmove_is_served_by_a_push_and_its_push_serves_the_next_waiter() {
    for s in &fresh_servers() {
        let (src, dst) = (k("bchain", "src"), k("bchain", "dst"));
        let mut c = s.client();
        c.cmd(&["DEL", &src, &dst]);
        let mut mover = s.client();
        mover.send_cmd(&["BLMOVE", &src, &dst, "RIGHT", "LEFT", "0"]);
        wait_blocked(s, 1);
        let mut popper = s.client();
        popper.send_cmd(&["BLPOP", &dst, "0"]);
        wait_blocked(s, 2);
        c.cmd(&["RPUSH", &src, "job"]);
        assert_bulk(&mover.read_value(), b"job");
        assert_eq!(
            elements(popper.read_value()),
            vec![dst.as_bytes().to_vec(), b"job".to_vec()]
        );
        assert_int(&c.cmd(&["EXISTS", &src, &dst]), 0);
        // BRPOPLPUSH onto itself rotates.
        c.cmd(&["RPUSH", &src, "1", "2", "3"]);
        assert_bulk(&c.cmd(&["BRPOPLPUSH", &src, &src, "0"]), b"3");
        assert_eq!(
            elements(c.cmd(&["LRANGE", &src, "0", "-1"])),
            vec![b"3".to_vec(), b"1".to_vec(), b"2".to_vec()]
        );
        c.cmd(&["DEL", &src, &dst]);
    }
}

#[test]
fn a_waiter_stays_blocked_while_its_key_holds_another_type() {
    for s in &fresh_servers() {
        let key = k("btype", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        let mut w = s.client();
        w.send_cmd(&["BLPOP", &key, "0"]);
        wait_blocked(s, 1);
        // The blocked client holds no lock on its key: others read and write it freely.
        assert_ok(&c.cmd(&["SET", &key, "string"]));
        assert_bulk(&c.cmd(&["GET", &key]), b"string");
        assert!(w.read_raw_timeout(Duration::from_millis(150)).is_none());
        c.cmd(&["DEL", &key]);
        c.cmd(&["RPUSH", &key, "v"]);
        assert_eq!(elements(w.read_value())[1], b"v");
    }
}

#[test]
fn a_blocked_client_that_disconnects_is_removed() {
    for s in &fresh_servers() {
        let key = k("bgone", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        {
            let mut w = s.client();
            w.send_cmd(&["BLPOP", &key, "0"]);
            wait_blocked(s, 1);
            w.shutdown();
        }
        wait_blocked(s, 0);
        c.cmd(&["RPUSH", &key, "kept"]);
        assert_int(&c.cmd(&["LLEN", &key]), 1);
        c.cmd(&["DEL", &key]);
    }
}

#[test]
fn client_unblock_ends_a_wait_with_a_timeout_or_an_error() {
    for s in &fresh_servers() {
        let key = k("bunblock", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        for (how, expected) in [
            ("TIMEOUT", &b"*-1\r\n"[..]),
            (
                "ERROR",
                b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n",
            ),
        ] {
            let mut w = s.client();
            let id = w.cmd(&["CLIENT", "ID"]).as_int().to_string();
            w.send_cmd(&["BLPOP", &key, "0"]);
            wait_blocked(s, 1);
            assert_int(&c.cmd(&["CLIENT", "UNBLOCK", &id, how]), 1);
            assert_eq!(w.read_raw(), expected, "{:?} {how}", s.kind);
            assert_int(&c.cmd(&["CLIENT", "UNBLOCK", &id]), 0);
            // The connection goes on normally.
            assert_status(&w.cmd(&["PING"]), "PONG");
        }
    }
    let mut p = Pair::new();
    p.check(&["CLIENT", "UNBLOCK", "999999", "TIMEOUT"]);
    p.check(&["CLIENT", "UNBLOCK", "999999", "MAYBE"]);
    p.check(&["CLIENT", "UNBLOCK", "x", "MAYBE"]);
    p.check(&["CLIENT", "UNBLOCK", "x"]);
}

#[test]
fn commands_pipelined_after_a_blocking_one_run_after_it() {
    for s in &fresh_servers() {
        let key = k("bpipe", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        let mut w = s.client();
        w.send_raw(
            &[
                encode_cmd(&[b"PING"]),
                encode_cmd(&[b"BLPOP", key.as_bytes(), b"0"]),
                encode_cmd(&[b"ECHO", b"after"]),
            ]
            .concat(),
        );
        assert_status(&w.read_value(), "PONG");
        wait_blocked(s, 1);
        assert!(w.read_raw_timeout(Duration::from_millis(100)).is_none());
        c.cmd(&["RPUSH", &key, "v"]);
        assert_eq!(elements(w.read_value())[1], b"v");
        assert_bulk(&w.read_value(), b"after");
    }
}

#[test]
fn a_zero_timeout_waits_until_data_arrives() {
    for s in &fresh_servers() {
        let key = k("bforever", "q");
        let mut c = s.client();
        c.cmd(&["DEL", &key]);
        let mut w = s.client();
        w.send_cmd(&["BRPOP", &key, "0"]);
        wait_blocked(s, 1);
        assert!(w.read_raw_timeout(Duration::from_millis(600)).is_none());
        c.cmd(&["LPUSH", &key, "late"]);
        assert_eq!(elements(w.read_value())[1], b"late");
    }
}

/// Random list programs run on both servers, reply by reply.
#[derive(Debug, Clone)]
enum Op {
    Push(bool, Vec<u8>),
    Pop(bool, Option<u8>),
    Index(i8),
    Set(i8, u8),
    Range(i8, i8),
    Trim(i8, i8),
    Insert(bool, u8, u8),
    Rem(i8, u8),
    Pos(u8, i8, u8, u8),
    Move(bool, bool, bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<bool>(), 0u8..4).prop_map(|(l, v)| Op::Push(l, vec![b'a' + v])),
        2 => (any::<bool>(), proptest::option::of(0u8..4)).prop_map(|(l, c)| Op::Pop(l, c)),
        1 => (-6i8..6).prop_map(Op::Index),
        1 => (-6i8..6, 0u8..4).prop_map(|(i, v)| Op::Set(i, v)),
        1 => (-7i8..7, -7i8..7).prop_map(|(a, b)| Op::Range(a, b)),
        1 => (-7i8..7, -7i8..7).prop_map(|(a, b)| Op::Trim(a, b)),
        2 => (any::<bool>(), 0u8..4, 0u8..4).prop_map(|(a, p, v)| Op::Insert(a, p, v)),
        2 => (-3i8..3, 0u8..4).prop_map(|(c, v)| Op::Rem(c, v)),
        1 => (0u8..4, -3i8..3, 0u8..3, 0u8..5).prop_map(|(v, r, c, m)| Op::Pos(v, r, c, m)),
        1 => (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(s, f, t)| Op::Move(s, f, t)),
    ]
}

fn end(left: bool) -> &'static str {
    if left {
        "LEFT"
    } else {
        "RIGHT"
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn random_list_programs_reply_exactly_like_redis(ops in proptest::collection::vec(op(), 1..40)) {
        let mut p = Pair::new();
        let (l, o) = (k("model", "l"), k("model", "o"));
        p.check(&["DEL", &l, &o]);
        for op in ops {
            let v = |x: u8| ((b'a' + x) as char).to_string();
            let cmd: Vec<String> = match op {
                Op::Push(left, e) => vec![if left { "LPUSH" } else { "RPUSH" }.into(), l.clone(), String::from_utf8(e).unwrap()],
                Op::Pop(left, c) => {
                    let mut c2 = vec![if left { "LPOP" } else { "RPOP" }.to_string(), l.clone()];
                    c2.extend(c.map(|c| c.to_string()));
                    c2
                }
                Op::Index(i) => vec!["LINDEX".into(), l.clone(), i.to_string()],
                Op::Set(i, x) => vec!["LSET".into(), l.clone(), i.to_string(), v(x)],
                Op::Range(a, b) => vec!["LRANGE".into(), l.clone(), a.to_string(), b.to_string()],
                Op::Trim(a, b) => vec!["LTRIM".into(), l.clone(), a.to_string(), b.to_string()],
                Op::Insert(after, piv, x) => vec!["LINSERT".into(), l.clone(), if after { "AFTER" } else { "BEFORE" }.into(), v(piv), v(x)],
                Op::Rem(c, x) => vec!["LREM".into(), l.clone(), c.to_string(), v(x)],
                Op::Pos(x, rank, count, maxlen) => {
                    let mut c = vec!["LPOS".into(), l.clone(), v(x)];
                    if rank != 0 { c.extend(["RANK".into(), rank.to_string()]); }
                    if count > 0 { c.extend(["COUNT".into(), (count - 1).to_string()]); }
                    if maxlen > 0 { c.extend(["MAXLEN".into(), (maxlen - 1).to_string()]); }
                    c
                }
                Op::Move(to_other, from, to) => vec!["LMOVE".into(), l.clone(), if to_other { o.clone() } else { l.clone() }, end(from).into(), end(to).into()],
            };
            let args: Vec<&str> = cmd.iter().map(|s| s.as_str()).collect();
            p.check(&args);
            p.check(&["LRANGE", &l, "0", "-1"]);
            p.check(&["LRANGE", &o, "0", "-1"]);
            p.check(&["EXISTS", &l, &o]);
        }
        p.check(&["DEL", &l, &o]);
    }
}

#[test]
fn a_huge_list_stays_o1_at_the_ends_and_trims_to_a_small_window() {
    let s = Server::strata();
    let mut c = s.client();
    // 200k elements in pipelined batches of 1000.
    for batch in 0..200 {
        let mut args = vec!["RPUSH".to_string(), "big".to_string()];
        args.extend((0..1000).map(|i| format!("e{}", batch * 1000 + i)));
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        c.cmd(&a);
    }
    assert_int(&c.cmd(&["LLEN", "big"]), 200_000);
    assert_bulk(&c.cmd(&["LINDEX", "big", "123456"]), b"e123456");
    assert_bulk(&c.cmd(&["LINDEX", "big", "-1"]), b"e199999");
    assert_eq!(
        elements(c.cmd(&["LRANGE", "big", "150000", "150002"])),
        vec![
            b"e150000".to_vec(),
            b"e150001".to_vec(),
            b"e150002".to_vec()
        ]
    );
    assert_ok(&c.cmd(&["LSET", "big", "100000", "changed"]));
    assert_bulk(&c.cmd(&["LINDEX", "big", "100000"]), b"changed");
    assert_ok(&c.cmd(&["LTRIM", "big", "99995", "100004"]));
    assert_int(&c.cmd(&["LLEN", "big"]), 10);
    assert_bulk(&c.cmd(&["LINDEX", "big", "5"]), b"changed");
    assert_bulk(&c.cmd(&["LPOP", "big"]), b"e99995");
    assert_bulk(&c.cmd(&["RPOP", "big"]), b"e100004");
    assert_int(&c.cmd(&["DEL", "big"]), 1);
    assert_int(&c.cmd(&["EXISTS", "big"]), 0);
    c.cmd(&["RPUSH", "big", "fresh"]);
    assert_eq!(
        elements(c.cmd(&["LRANGE", "big", "0", "-1"])),
        vec![b"fresh".to_vec()]
    );
}

#[test]
fn thousands_of_blocked_clients_cost_no_cpu_and_are_all_served() {
    let s = Server::strata();
    let n = 2000;
    let mut waiters: Vec<Client> = (0..n).map(|_| s.client()).collect();
    for (i, w) in waiters.iter_mut().enumerate() {
        w.send_cmd(&["BLPOP", &format!("q{}", i % 10), "0"]);
    }
    wait_blocked(&s, n);
    let cpu = |pid: u32| -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    let before = cpu(s.pid);
    thread::sleep(Duration::from_secs(1));
    let ticks = cpu(s.pid) - before;
    // Clock ticks are 1/100 s: idle background jobs cost a few; busy-waiting would cost ~100+.
    assert!(
        ticks <= 15,
        "{n} blocked clients used {ticks} ticks of CPU in 1 s"
    );
    let mut c = s.client();
    for q in 0..10 {
        let args: Vec<String> = ["RPUSH".to_string(), format!("q{q}")]
            .into_iter()
            .chain((0..n / 10).map(|i| format!("{q}:{i}")))
            .collect();
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        c.cmd(&a);
    }
    let mut got = HashSet::new();
    for w in &mut waiters {
        let v = elements(w.read_value());
        assert!(got.insert(v[1].clone()));
    }
    assert_eq!(got.len(), n);
    for q in 0..10 {
        assert_int(&c.cmd(&["LLEN", &format!("q{q}")]), 0);
    }
}

#[test]
fn producers_and_consumers_deliver_every_job_exactly_once() {
    let s = Server::strata();
    let (producers, consumers, jobs_each) = (4, 4, 500);
    let addr = s.addr();
    let consumer_threads: Vec<_> = (0..consumers)
        .map(|_| {
            let addr = addr.clone();
            thread::spawn(move || {
                let mut c = Client::connect(&addr);
                let mut got = Vec::new();
                loop {
                    let v = c.cmd(&["BRPOP", "jobs", "5"]);
                    if v.is_nil() {
                        panic!("a consumer waited 5 s for a job");
                    }
                    let job = elements(v).pop().unwrap();
                    if job == b"stop" {
                        return got;
                    }
                    got.push(job);
                }
            })
        })
        .collect();
    let producer_threads: Vec<_> = (0..producers)
        .map(|p| {
            let addr = addr.clone();
            thread::spawn(move || {
                let mut c = Client::connect(&addr);
                for i in 0..jobs_each {
                    c.cmd(&["LPUSH", "jobs", &format!("{p}:{i}")]);
                }
            })
        })
        .collect();
    for t in producer_threads {
        t.join().unwrap();
    }
    let mut c = s.client();
    for _ in 0..consumers {
        c.cmd(&["LPUSH", "jobs", "stop"]);
    }
    let mut all = Vec::new();
    for t in consumer_threads {
        all.extend(t.join().unwrap());
    }
    let uniq: BTreeSet<_> = all.iter().cloned().collect();
    assert_eq!(all.len(), producers * jobs_each, "jobs delivered");
    assert_eq!(uniq.len(), all.len(), "a job was delivered twice");
    assert_int(&c.cmd(&["EXISTS", "jobs"]), 0);
}

#[test]
fn a_reliable_queue_loses_no_job_across_a_crash_with_appendfsync_always() {
    let mut s = Server::strata_with(&["--appendfsync", "always"]);
    let total = 600;
    let mut prod = s.client();
    let pushed_first = total / 2;
    for i in 0..pushed_first {
        assert_int(
            &prod.cmd(&["LPUSH", "queue", &format!("job{i}")]),
            i as i64 + 1,
        );
    }
    // Consumers move jobs to a processing list (the reliable pattern) while more are pushed.
    let mut c = s.client();
    let consumer = thread::spawn(move || {
        let mut done = Vec::new();
        for _ in 0..200 {
            match c.try_cmd(&["BLMOVE", "queue", "processing", "RIGHT", "LEFT", "1"]) {
                Ok(v) if !v.is_nil() => done.push(v.as_bytes()),
                _ => break,
            }
        }
        done
    });
    let mut acked = pushed_first;
    for i in pushed_first..total {
        match prod.try_cmd(&["LPUSH", "queue", &format!("job{i}")]) {
            Ok(_) => acked = i + 1,
            Err(_) => break,
        }
        if i == pushed_first + 150 {
            s.kill9();
            break;
        }
    }
    let taken = consumer.join().unwrap();
    s.restart();
    let mut c = s.client();
    let queue: Vec<Vec<u8>> = elements(c.cmd(&["LRANGE", "queue", "0", "-1"]));
    let processing: Vec<Vec<u8>> = elements(c.cmd(&["LRANGE", "processing", "0", "-1"]));
    let mut seen = BTreeSet::new();
    for j in queue.iter().chain(&processing) {
        assert!(
            seen.insert(j.clone()),
            "job {:?} is in the lists twice",
            String::from_utf8_lossy(j)
        );
    }
    for i in 0..acked {
        let job = format!("job{i}").into_bytes();
        assert!(seen.contains(&job), "acknowledged job{i} was lost");
    }
    for j in &taken {
        assert!(
            processing.contains(j),
            "a job handed to a consumer is not in processing"
        );
        assert!(
            !queue.contains(j),
            "a job handed to a consumer is still queued"
        );
    }
}

/// A short list is cached whole after an LRANGE; every kind of write must show in the next one,
/// including those that restore the same window (a pop then a push) or keep it (LSET), and
/// writes inside MULTI.
#[test]
fn lrange_after_every_kind_of_write_sees_the_write() {
    let mut p = Pair::new();
    let key = k("cache", "l");
    p.check(&["DEL", &key]);
    p.check(&["RPUSH", &key, "a", "b", "c", "d"]);
    let steps: &[&[&str]] = &[
        &["LSET", &key, "1", "B"],
        &["LPOP", &key],
        &["LPUSH", &key, "z"],
        &["RPOPLPUSH", &key, &key],
        &["LINSERT", &key, "BEFORE", "c", "x"],
        &["LREM", &key, "0", "x"],
        &["LTRIM", &key, "1", "-1"],
        &["RPUSH", &key, "e"],
        &["MULTI"],
        &["LSET", &key, "0", "m"],
        &["LRANGE", &key, "0", "-1"],
        &["EXEC"],
        &["EXPIRE", &key, "100"],
        &["PERSIST", &key],
    ];
    for step in steps {
        p.check(&["LRANGE", &key, "0", "-1"]);
        p.check(step);
    }
    p.check(&["LRANGE", &key, "1", "2"]);
    p.check(&["DEL", &key]);
    p.check(&["LRANGE", &key, "0", "-1"]);
    p.check(&["RPUSH", &key, "new"]);
    p.check(&["LRANGE", &key, "0", "-1"]);
    p.check(&["DEL", &key]);
}

/// Only the head of a long list is cached: ranges inside it, across its end and past it, in
/// both directions, must all equal Redis', before and after writes anywhere in the list.
#[test]
fn ranges_across_the_cached_head_of_a_long_list() {
    let mut p = Pair::new();
    let key = k("cache", "long");
    p.check(&["DEL", &key]);
    let mut args: Vec<String> = vec!["RPUSH".into(), key.clone()];
    args.extend((0..2500).map(|i| format!("e{i}")));
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    p.check(&refs);
    let reads: &[&[&str]] = &[
        &["LRANGE", &key, "0", "9"],
        &["LRANGE", &key, "1000", "1100"],
        &["LRANGE", &key, "0", "-1"],
        &["LRANGE", &key, "-5", "-1"],
        &["LPOS", &key, "e1500"],
        &["LPOS", &key, "e10", "RANK", "-1"],
        &["LINDEX", &key, "1023"],
    ];
    for write in [
        &["LSET", &key, "1500", "X"][..],
        &["LSET", &key, "3", "Y"],
        &["RPUSH", &key, "tail"],
        &["LPOP", &key],
        &["LREM", &key, "1", "e2000"],
    ] {
        for r in reads {
            p.check(r);
        }
        p.check(write);
    }
    for r in reads {
        p.check(r);
    }
    p.check(&["DEL", &key]);
}
