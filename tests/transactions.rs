//! Black-box tests of MULTI/EXEC/DISCARD/WATCH/UNWATCH: replies compared byte for byte with a
//! real redis-server 7.0, plus atomicity across SIGKILL and isolation under concurrent readers.
//!
//! Tests on the shared servers prefix every key with `tx:<test>:`; tests that flush or swap
//! databases start servers of their own.

mod common;
use common::*;

use std::thread;
use std::time::Duration;

fn k(test: &str, name: &str) -> String {
    format!("tx:{test}:{name}")
}

/// Runs `cmds` inside MULTI/EXEC on both servers, comparing every reply.
fn transaction(p: &mut Pair, cmds: &[&[&str]]) {
    p.check(&["MULTI"]);
    for c in cmds {
        p.check(c);
    }
    p.check(&["EXEC"]);
}

#[test]
fn exec_returns_every_queued_reply_in_order() {
    let mut p = Pair::new();
    let (a, l) = (k("basic", "a"), k("basic", "l"));
    p.check(&["DEL", &a, &l]);
    transaction(
        &mut p,
        &[
            &["SET", &a, "1"],
            &["INCR", &a],
            &["GET", &a],
            &["LPUSH", &l, "x", "y"],
            &["LRANGE", &l, "0", "-1"],
            &["PING"],
        ],
    );
    p.check(&["GET", &a]);
    transaction(&mut p, &[]);
    p.check(&["DEL", &a, &l]);
}

#[test]
fn commands_inside_exec_read_the_writes_of_the_ones_before() {
    let mut p = Pair::new();
    let (h, s, l, z) = (k("ryw", "h"), k("ryw", "s"), k("ryw", "l"), k("ryw", "z"));
    p.check(&["DEL", &h, &s, &l, &z]);
    p.check(&["RPUSH", &l, "old"]);
    transaction(
        &mut p,
        &[
            &["HSET", &h, "f", "v", "g", "w"],
            &["HGET", &h, "f"],
            &["HSET", &h, "f", "v2"],
            &["HLEN", &h],
            &["HDEL", &h, "g"],
            &["HGETALL", &h],
            &["SADD", &s, "a", "b"],
            &["SADD", &s, "a", "c"],
            &["SISMEMBER", &s, "c"],
            &["SREM", &s, "b"],
            &["SCARD", &s],
            &["SMISMEMBER", &s, "a", "b", "c"],
            &["RPUSH", &l, "1", "2", "3", "2"],
            &["LRANGE", &l, "0", "-1"],
            &["LREM", &l, "0", "2"],
            &["LINSERT", &l, "BEFORE", "3", "x"],
            &["LSET", &l, "0", "first"],
            &["LRANGE", &l, "0", "-1"],
            &["LTRIM", &l, "1", "-1"],
            &["LPOP", &l],
            &["RPOPLPUSH", &l, &l],
            &["LRANGE", &l, "0", "-1"],
            &["DEL", &h],
            &["HGETALL", &h],
            &["HSET", &h, "new", "1"],
            &["HGETALL", &h],
        ],
    );
    p.check(&["HGETALL", &h]);
    p.check_sorted(&["SMEMBERS", &s]);
    p.check(&["LRANGE", &l, "0", "-1"]);
    p.check(&["DEL", &h, &s, &l, &z]);
}

#[test]
fn a_runtime_error_fails_only_its_own_command() {
    let mut p = Pair::new();
    let (s, t) = (k("runtime", "s"), k("runtime", "t"));
    p.check(&["DEL", &s, &t]);
    transaction(
        &mut p,
        &[
            &["SET", &s, "text"],
            &["LPUSH", &s, "x"],
            &["INCR", &s],
            &["SET", &t, "1"],
            &["EXPIRE", &t, "100", "XX", "NX"],
        ],
    );
    p.check(&["GET", &s]);
    p.check(&["GET", &t]);
    p.check(&["TTL", &t]);
    p.check(&["DEL", &s, &t]);
}

#[test]
fn a_queueing_error_aborts_the_whole_transaction() {
    let mut p = Pair::new();
    let a = k("abort", "a");
    p.check(&["DEL", &a]);
    p.check(&["MULTI"]);
    p.check(&["SET", &a, "1"]);
    p.check(&["SET", &a]);
    p.check(&["NOSUCHCOMMAND", &a]);
    p.check(&["EXEC"]);
    p.check(&["EXISTS", &a]);
    p.check(&["MULTI"]);
    p.check(&["SAVE"]);
    p.check(&["SET", &a, "1"]);
    p.check(&["EXEC"]);
    p.check(&["EXISTS", &a]);
}

#[test]
fn misuse_of_multi_exec_discard_and_watch_is_answered_like_redis() {
    let mut p = Pair::new();
    let a = k("misuse", "a");
    p.check(&["EXEC"]);
    p.check(&["DISCARD"]);
    p.check(&["MULTI"]);
    p.check(&["MULTI"]);
    p.check(&["WATCH", &a]);
    p.check(&["SET", &a, "queued"]);
    p.check(&["DISCARD"]);
    p.check(&["EXISTS", &a]);
    p.check(&["EXEC"]);
    p.check(&["MULTI"]);
    p.check(&["DISCARD"]);
    p.check(&["UNWATCH"]);
    p.check(&["MULTI", "extra"]);
    p.check(&["EXEC", "extra"]);
}

#[test]
fn blocking_commands_inside_multi_do_not_block() {
    let mut p = Pair::new();
    let (q, d) = (k("noblock", "q"), k("noblock", "d"));
    p.check(&["DEL", &q, &d]);
    transaction(
        &mut p,
        &[
            &["BLPOP", &q, "0"],
            &["BRPOP", &q, "1"],
            &["BLMOVE", &q, &d, "LEFT", "LEFT", "0"],
            &["BRPOPLPUSH", &q, &d, "0"],
            &["BLMPOP", "0", "1", &q, "LEFT"],
            &["RPUSH", &q, "a", "b", "c"],
            &["BLPOP", &q, "0"],
            &["BLMOVE", &q, &d, "LEFT", "RIGHT", "0"],
        ],
    );
    p.check(&["LRANGE", &q, "0", "-1"]);
    p.check(&["LRANGE", &d, "0", "-1"]);
    p.check(&["DEL", &q, &d]);
}

#[test]
fn watch_fails_exec_when_another_client_writes_the_key() {
    for s in &fresh_servers() {
        let a = "w";
        let mut c = s.client();
        let mut other = s.client();
        c.cmd(&["SET", a, "1"]);
        // Untouched: EXEC runs.
        assert_ok(&c.cmd(&["WATCH", a]));
        c.cmd(&["MULTI"]);
        c.cmd(&["SET", a, "2"]);
        assert_eq!(c.cmd(&["EXEC"]).as_array().len(), 1, "{:?}", s.kind);
        // Touched by someone else: EXEC answers a null array and runs nothing.
        for write in [
            &["SET", a, "x"][..],
            &["DEL", a],
            &["EXPIRE", a, "100"],
            &["LPUSH", a, "v"],
            &["RENAME", "w:src", a],
        ] {
            c.cmd(&["DEL", a]);
            c.cmd(&["SET", "w:src", "s"]);
            c.cmd(&["SET", a, "1"]);
            c.cmd(&["WATCH", a]);
            if write[0] == "LPUSH" {
                c.cmd(&["DEL", a]);
                c.cmd(&["WATCH", a]);
            }
            other.cmd(write);
            c.cmd(&["MULTI"]);
            c.cmd(&["SET", "w:other", "ran"]);
            assert_eq!(
                c.raw(&[b"EXEC"]),
                b"*-1\r\n",
                "{:?} after {write:?}",
                s.kind
            );
            assert!(c.cmd(&["GET", "w:other"]).is_nil(), "{:?}", s.kind);
        }
        // UNWATCH forgets the watch.
        c.cmd(&["WATCH", a]);
        other.cmd(&["SET", a, "y"]);
        c.cmd(&["UNWATCH"]);
        c.cmd(&["MULTI"]);
        c.cmd(&["PING"]);
        assert_eq!(c.cmd(&["EXEC"]).as_array().len(), 1);
        // RESP3 clients get the RESP3 null.
        c.cmd(&["HELLO", "3"]);
        c.cmd(&["WATCH", a]);
        other.cmd(&["SET", a, "z"]);
        c.cmd(&["MULTI"]);
        c.cmd(&["PING"]);
        assert_eq!(c.raw(&[b"EXEC"]), b"_\r\n");
    }
}

#[test]
fn watch_sees_writes_that_leave_the_key_record_alone() {
    for s in &fresh_servers() {
        let mut c = s.client();
        let mut other = s.client();
        c.cmd(&["RPUSH", "l", "a", "b"]);
        c.cmd(&["HSET", "h", "f", "1"]);
        c.cmd(&["SET", "b", "abc"]);
        // Rewriting the same bytes still counts, as Redis counts it.
        for write in [
            &["LSET", "l", "0", "z"][..],
            // A trim that keeps the whole list.
            &["LTRIM", "l", "0", "-1"],
            &["HSET", "h", "f", "2"],
            &["SETRANGE", "b", "0", "a"],
            &["APPEND", "b", ""],
        ] {
            c.cmd(&["WATCH", "l", "h", "b"]);
            other.cmd(write);
            c.cmd(&["MULTI"]);
            c.cmd(&["PING"]);
            assert_eq!(
                c.raw(&[b"EXEC"]),
                b"*-1\r\n",
                "{:?} after {write:?}",
                s.kind
            );
        }
        // Writes that change nothing are no modification: SADD of a present member, SETBIT of
        // a bit already set, BITFIELD SET of the same bits or stopped by OVERFLOW FAIL.
        c.cmd(&["SADD", "s", "m"]);
        for write in [
            &["SADD", "s", "m"][..],
            &["SETBIT", "b", "7", "1"],
            &[
                "BITFIELD", "b", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300",
            ],
        ] {
            c.cmd(&["WATCH", "s", "b"]);
            other.cmd(write);
            c.cmd(&["MULTI"]);
            c.cmd(&["PING"]);
            assert_eq!(
                c.cmd(&["EXEC"]).as_array().len(),
                1,
                "{:?} after {write:?}",
                s.kind
            );
        }
    }
}

#[test]
fn watch_fails_exec_when_the_key_expires_meanwhile_but_not_for_keys_stale_already() {
    for s in &fresh_servers() {
        let mut c = s.client();
        c.cmd(&["SET", "e", "v", "PX", "100"]);
        c.cmd(&["WATCH", "e"]);
        thread::sleep(Duration::from_millis(200));
        c.cmd(&["MULTI"]);
        c.cmd(&["PING"]);
        assert_eq!(c.raw(&[b"EXEC"]), b"*-1\r\n", "{:?}", s.kind);
        // A key that does not exist when watched, and is not written, does not fail EXEC.
        c.cmd(&["WATCH", "never"]);
        c.cmd(&["MULTI"]);
        c.cmd(&["PING"]);
        assert_eq!(c.cmd(&["EXEC"]).as_array().len(), 1, "{:?}", s.kind);
    }
}

#[test]
fn flushall_and_swapdb_touch_watched_keys_that_exist() {
    for s in &fresh_servers() {
        let mut c = s.client();
        let mut other = s.client();
        let outcome = |c: &mut Client| {
            c.cmd(&["MULTI"]);
            c.cmd(&["PING"]);
            c.raw(&[b"EXEC"])
        };
        c.cmd(&["SET", "x", "1"]);
        c.cmd(&["WATCH", "x"]);
        other.cmd(&["FLUSHALL"]);
        assert_eq!(outcome(&mut c), b"*-1\r\n", "{:?}", s.kind);
        // FLUSHALL does not touch a watched key that did not exist.
        c.cmd(&["WATCH", "x"]);
        other.cmd(&["FLUSHALL"]);
        assert_eq!(outcome(&mut c), b"*1\r\n+PONG\r\n", "{:?}", s.kind);
        // SWAPDB touches a watched key that appears by the swap.
        other.cmd(&["SELECT", "1"]);
        other.cmd(&["SET", "x", "in-db1"]);
        c.cmd(&["WATCH", "x"]);
        other.cmd(&["SWAPDB", "0", "1"]);
        assert_eq!(outcome(&mut c), b"*-1\r\n", "{:?}", s.kind);
        assert_bulk(&c.cmd(&["GET", "x"]), b"in-db1");
        // FLUSHDB of another db does not touch it.
        c.cmd(&["WATCH", "x"]);
        other.cmd(&["FLUSHDB"]);
        assert_eq!(outcome(&mut c), b"*1\r\n+PONG\r\n", "{:?}", s.kind);
    }
}

/// FLUSHALL and FLUSHDB inside a transaction or a script delete what was written before them
/// in it and keep what is written after; DBSIZE counts the transaction's own writes. After a
/// restart the disk holds the same.
#[test]
fn a_flush_inside_a_transaction_or_script_keeps_only_the_later_writes() {
    let (mut strata, redis) = (Server::strata(), Server::redis());
    {
        let mut p = Pair::on(&strata, redis.as_ref());
        p.check(&["SET", "before", "1"]);
        p.check(&["SELECT", "3"]);
        p.check(&["SET", "other-db", "1"]);
        p.check(&["SELECT", "0"]);
        transaction(
            &mut p,
            &[
                &["SET", "a", "1"],
                &["RPUSH", "list", "x", "y"],
                &["DBSIZE"],
                &["FLUSHALL"],
                &["GET", "a"],
                &["LRANGE", "list", "0", "-1"],
                &["SET", "b", "2"],
                &["DBSIZE"],
            ],
        );
        p.check_sorted(&["KEYS", "*"]);
        p.check(&["DBSIZE"]);
        p.check(&["SELECT", "3"]);
        p.check(&["DBSIZE"]);
        p.check(&["SET", "kept", "1"]);
        p.check(&["SELECT", "0"]);
        transaction(
            &mut p,
            &[
                &["SET", "c", "3"],
                &["FLUSHDB"],
                &["HSET", "h", "f", "v"],
                &["DBSIZE"],
            ],
        );
        p.check(&[
            "EVAL",
            "redis.call('SET', 'd', 1); redis.call('FLUSHDB'); redis.call('SET', 'e', 1); \
             return redis.call('DBSIZE')",
            "0",
        ]);
        p.check_sorted(&["KEYS", "*"]);
        p.check(&["SELECT", "3"]);
        p.check_sorted(&["KEYS", "*"]);
    }
    strata.restart();
    let mut c = strata.client();
    assert_eq!(
        c.cmd(&["KEYS", "*"]),
        Value::Array(Some(vec![Value::Bulk(Some(b"e".to_vec()))]))
    );
    assert_eq!(c.cmd(&["DBSIZE"]), Value::Int(1));
    c.cmd(&["SELECT", "3"]);
    assert_eq!(c.cmd(&["DBSIZE"]), Value::Int(1));
    assert_bulk(&c.cmd(&["GET", "kept"]), b"1");
}

/// KEYS, SCAN, RANDOMKEY and DBSIZE in a script see the keys it wrote and not those it
/// deleted, before and after a FLUSHDB in it, with SCAN paging across both; so do a KEYS and a
/// SCAN pipelined after a SET.
#[test]
fn keyspace_walks_inside_a_transaction_see_its_own_writes() {
    let (strata, redis) = (Server::strata(), Server::redis());
    let mut p = Pair::on(&strata, redis.as_ref());
    for i in 0..6 {
        p.check(&["SET", &format!("d{i}"), "1"]);
    }
    let walk = r#"
        local function all()
            local keys = redis.call('KEYS', '*'); table.sort(keys)
            local seen, cursor = {}, '0'
            repeat
                local r = redis.call('SCAN', cursor, 'COUNT', 2)
                cursor = r[1]
                for _, k in ipairs(r[2]) do table.insert(seen, k) end
            until cursor == '0'
            table.sort(seen)
            return {keys, seen, redis.call('DBSIZE'), redis.call('EXISTS', redis.call('RANDOMKEY'))}
        end
        redis.call('SET', 'n1', 1); redis.call('DEL', 'd2'); redis.call('SET', 'a0', 1)
        redis.call('SET', 'z9', 1); redis.call('DEL', 'd5')
        local before = all()
        redis.call('FLUSHDB'); redis.call('SET', 'after', 1)
        return {before, all()}
    "#;
    p.check(&["EVAL", walk, "0"]);
    p.check_sorted(&["KEYS", "*"]);
    // Pipelined: the KEYS and the SCAN run in one group with the SETs before them.
    let sorted = |v: &Value| match v {
        Value::Array(Some(items)) => {
            let mut items = items.clone();
            items.sort_by_key(|i| format!("{i:?}"));
            items
        }
        other => panic!("not an array: {other:?}"),
    };
    for s in std::iter::once(&strata).chain(redis.as_ref()) {
        let mut c = s.client();
        let r = c.pipeline(&[
            &["SET", "p1", "1"],
            &["SET", "p2", "1"],
            &["KEYS", "p*"],
            &["SCAN", "0", "MATCH", "p*"],
        ]);
        let both = vec![
            Value::Bulk(Some(b"p1".to_vec())),
            Value::Bulk(Some(b"p2".to_vec())),
        ];
        assert_eq!(sorted(&r[2]), both, "{:?}", s.kind);
        let Value::Array(Some(scan)) = &r[3] else {
            panic!("{:?}", r[3]);
        };
        assert_eq!(scan[0], Value::Bulk(Some(b"0".to_vec())), "{:?}", s.kind);
        assert_eq!(sorted(&scan[1]), both, "{:?}", s.kind);
    }
}

#[test]
fn select_inside_a_transaction_switches_the_db_of_later_commands() {
    let (strata, redis) = (Server::strata(), Server::redis());
    let mut p = Pair::on(&strata, redis.as_ref());
    transaction(
        &mut p,
        &[
            &["SET", "a", "db0"],
            &["SELECT", "2"],
            &["SET", "a", "db2"],
            &["GET", "a"],
        ],
    );
    p.check(&["GET", "a"]);
    p.check(&["SELECT", "0"]);
    p.check(&["GET", "a"]);
}

#[test]
fn a_push_inside_multi_serves_a_blocked_client_only_after_exec() {
    for s in &fresh_servers() {
        let mut w = s.client();
        w.send_cmd(&["BLPOP", "q", "0"]);
        thread::sleep(Duration::from_millis(100));
        let mut c = s.client();
        c.cmd(&["MULTI"]);
        c.cmd(&["LPUSH", "q", "a"]);
        c.cmd(&["LPUSH", "q", "b"]);
        assert!(w.read_raw_timeout(Duration::from_millis(150)).is_none());
        let replies = c.cmd(&["EXEC"]).as_array();
        assert_eq!(replies.len(), 2);
        let got = w.read_value().as_array();
        // The waiter is served from the list as EXEC left it: b was pushed last, at the head.
        assert_eq!(got[1].as_bytes(), b"b", "{:?}", s.kind);
        assert_eq!(c.cmd(&["LRANGE", "q", "0", "-1"]).as_array().len(), 1);
    }
}

/// Sends `cmds` to both servers in one write each, then compares every reply byte for byte.
fn check_pipelined(p: &mut Pair, cmds: &[Vec<String>]) {
    let mut bytes = Vec::new();
    for c in cmds {
        bytes.extend(encode_cmd(
            &c.iter().map(|a| a.as_bytes()).collect::<Vec<_>>(),
        ));
    }
    p.strata.send_raw(&bytes);
    let strata: Vec<Vec<u8>> = cmds.iter().map(|_| p.strata.read_raw()).collect();
    let Some(r) = &mut p.redis else { return };
    r.send_raw(&bytes);
    for (i, c) in cmds.iter().enumerate() {
        let redis = r.read_raw();
        assert_eq!(
            escape(&strata[i]),
            escape(&redis),
            "reply {i} to {c:?} differs (strata, redis)"
        );
    }
}

#[test]
fn pipelined_transactions_answer_as_one_at_a_time() {
    // Transactions pipelined behind an EXEC share its commit: each must still answer, fail and
    // roll back exactly as it would alone, and whatever cannot join (a command that is not a
    // plain read or write, a transaction still incomplete) runs as usual.
    let mut p = Pair::new();
    let key = |n: &str| k("chain", n);
    let (a, b, l, n) = (key("a"), key("b"), key("l"), key("n"));
    let mut cmds: Vec<Vec<String>> = Vec::new();
    let mut add = |c: &[&str]| cmds.push(c.iter().map(|s| s.to_string()).collect());
    add(&["DEL", &a, &b, &l, &n]);
    for tx in [
        vec![vec!["SET", &a, "1"], vec!["INCR", &a]],
        vec![vec!["SET", &a, "x"], vec!["INCR", &a], vec!["GET", &a]],
        vec![
            vec!["LPUSH", &l, "1", "2"],
            vec!["LPOP", &l],
            vec!["INCR", &l],
        ],
        vec![vec!["NOSUCHCMD", &a], vec!["SET", &a, "2"]],
        vec![vec!["GET"], vec!["SET", &a, "3"]],
        vec![],
        vec![vec!["MULTI"], vec!["SET", &a, "4"]],
        vec![
            vec!["SELECT", "1"],
            vec!["SET", &b, "db1"],
            vec!["SELECT", "0"],
        ],
        vec![vec!["BLPOP", &l, "0"], vec!["RPUSH", &l, "z"]],
        vec![vec!["WATCH", &a], vec!["SET", &b, "w"]],
        vec![
            vec!["HSET", &b, "f", "v"],
            vec!["SET", &b, "s"],
            vec!["GET", &b],
        ],
    ] {
        add(&["MULTI"]);
        for c in &tx {
            add(c);
        }
        add(&["EXEC"]);
    }
    add(&["MULTI"]);
    add(&["SET", &a, "5"]);
    add(&["DISCARD"]);
    add(&["MULTI"]);
    add(&["SET", &a, "9"]);
    add(&["EXEC", "extra"]);
    add(&["WATCH", &a]);
    add(&["MULTI"]);
    add(&["SET", &a, "6"]);
    add(&["EXEC"]);
    // More than one chain holds: every transaction overwrites the same keys.
    for i in 0..150 {
        add(&["MULTI"]);
        add(&["SET", &a, &i.to_string()]);
        add(&["INCR", &n]);
        add(&["EXEC"]);
    }
    add(&["GET", &a]);
    add(&["GET", &n]);
    add(&["LRANGE", &l, "0", "-1"]);
    add(&["SELECT", "1"]);
    add(&["GET", &b]);
    add(&["DEL", &b]);
    add(&["SELECT", "0"]);
    check_pipelined(&mut p, &cmds);
    // A transaction cut in two by the network: its EXEC arrives in a later read.
    let mut split = encode_cmd(&[b"MULTI"]);
    split.extend(encode_cmd(&[b"SET", a.as_bytes(), b"7"]));
    for s in std::iter::once(&mut p.strata).chain(p.redis.as_mut()) {
        s.send_raw(&split);
        assert_eq!(s.read_value(), Value::Status("OK".into()));
        assert_eq!(s.read_value(), Value::Status("QUEUED".into()));
    }
    p.check(&["EXEC"]);
    p.check(&["GET", &a]);
    p.check(&["DEL", &a, &b, &l, &n]);
}

#[test]
fn a_blocked_client_is_served_between_pipelined_pushes() {
    // Redis serves a blocked client right after the write that feeds it, before the next
    // command of the pipeline: the first push is what it gets.
    for s in &fresh_servers() {
        for (q, wrap) in [("plain", false), ("tx", true)] {
            let mut w = s.client();
            w.send_cmd(&["BLPOP", q, "0"]);
            thread::sleep(Duration::from_millis(100));
            let pushes = [["LPUSH", q, "first"], ["LPUSH", q, "second"]];
            let mut cmds: Vec<&[&str]> = Vec::new();
            for v in &pushes {
                if wrap {
                    cmds.extend([&["MULTI"][..], &v[..], &["EXEC"][..]]);
                } else {
                    cmds.push(&v[..]);
                }
            }
            let mut c = s.client();
            c.pipeline(&cmds);
            let got = w.read_value().as_array();
            assert_eq!(got[1].as_bytes(), b"first", "{q} {:?}", s.kind);
            let rest = c.cmd(&["LRANGE", q, "0", "-1"]).as_array();
            assert_eq!(rest, vec![Value::Bulk(Some(b"second".to_vec()))]);
        }
    }
}

#[test]
fn readers_never_see_half_of_a_transaction() {
    let s = Server::strata();
    let keys: Vec<String> = (0..20).map(|i| format!("iso:{i}")).collect();
    let mut setup = s.client();
    let mut mset = vec!["MSET".to_string()];
    for k in &keys {
        mset.extend([k.clone(), "0".to_string()]);
    }
    setup.cmd(&mset.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    let addr = s.addr();
    let keys2 = keys.clone();
    let writer = thread::spawn(move || {
        let mut c = Client::connect(&addr);
        for gen in 1..=150 {
            c.cmd(&["MULTI"]);
            for k in &keys2 {
                c.cmd(&["SET", k, &gen.to_string()]);
            }
            c.cmd(&["EXEC"]);
        }
        // Pipelined, so that transactions are chained behind one another's EXEC.
        for round in 0..10 {
            let mut cmds: Vec<Vec<String>> = Vec::new();
            for gen in 0..30 {
                cmds.push(vec!["MULTI".into()]);
                for k in &keys2 {
                    cmds.push(vec!["SET".into(), k.clone(), format!("{round}:{gen}")]);
                }
                cmds.push(vec!["EXEC".into()]);
            }
            let refs: Vec<Vec<&str>> = cmds
                .iter()
                .map(|c| c.iter().map(|s| s.as_str()).collect())
                .collect();
            let refs: Vec<&[&str]> = refs.iter().map(|c| c.as_slice()).collect();
            c.pipeline(&refs);
        }
    });
    let mut r = s.client();
    let mut mget = vec!["MGET"];
    mget.extend(keys.iter().map(|s| s.as_str()));
    while !writer.is_finished() {
        let vals: Vec<Vec<u8>> = r
            .cmd(&mget)
            .as_array()
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        assert!(
            vals.iter().all(|v| v == &vals[0]),
            "saw a partial transaction: {vals:?}"
        );
    }
    writer.join().unwrap();
}

#[test]
fn a_crash_during_exec_leaves_all_or_none_of_it_on_disk() {
    let mut s = Server::strata_with(&["--appendfsync", "always"]);
    let keys: Vec<String> = (0..50).map(|i| format!("atom:{i}")).collect();
    let addr = s.addr();
    let keys2 = keys.clone();
    let writer = thread::spawn(move || {
        let mut c = Client::connect(&addr);
        let mut acked = 0u64;
        for gen in 1..100_000u64 {
            // The whole transaction in one write: MULTI, a SET of every key, EXEC.
            let mut pipe = encode_cmd(&[b"MULTI"]);
            for k in &keys2 {
                pipe.extend(encode_cmd(&[
                    b"SET",
                    k.as_bytes(),
                    gen.to_string().as_bytes(),
                ]));
            }
            pipe.extend(encode_cmd(&[b"EXEC"]));
            if c.try_send_raw(&pipe).is_err() {
                return acked;
            }
            for _ in 0..keys2.len() + 2 {
                if c.try_read_raw().is_err() {
                    return acked;
                }
            }
            acked = gen;
        }
        acked
    });
    thread::sleep(Duration::from_millis(700));
    s.kill9();
    let acked = writer.join().unwrap();
    assert!(acked > 0, "no transaction completed before the kill");
    s.restart();
    let mut c = s.client();
    let mut mget = vec!["MGET"];
    mget.extend(keys.iter().map(|s| s.as_str()));
    let vals: Vec<Vec<u8>> = c
        .cmd(&mget)
        .as_array()
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    assert!(
        vals.iter().all(|v| v == &vals[0]),
        "a partial transaction survived: {vals:?}"
    );
    let gen: u64 = String::from_utf8(vals[0].clone()).unwrap().parse().unwrap();
    assert!(
        gen >= acked,
        "acknowledged transaction {acked} lost (found {gen})"
    );
}

#[test]
fn client_list_shows_exec_as_the_last_command_of_a_transaction() {
    for s in &fresh_servers() {
        let mut c = s.client();
        c.cmd(&["CLIENT", "SETNAME", "txclient"]);
        c.cmd(&["MULTI"]);
        c.cmd(&["SET", "a", "1"]);
        c.cmd(&["GET", "a"]);
        c.cmd(&["EXEC"]);
        let list = s.client().cmd(&["CLIENT", "LIST"]).as_str();
        let line = list
            .lines()
            .find(|l| l.contains("name=txclient"))
            .expect("the client is listed");
        assert!(line.contains(" cmd=exec "), "{:?}: {line}", s.kind);
    }
}
