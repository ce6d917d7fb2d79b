//! Keyspace notifications: the exact stream of `__keyspace@db__` / `__keyevent@db__` messages a
//! scripted sequence of commands produces, compared with a real redis-server 7.0, plus the
//! `notify-keyspace-events` option itself and `expired` events from the active sweeper.

mod common;
use common::*;

use std::time::Duration;

/// Runs `script` on a fresh server with `flags`, and returns every notification a pattern
/// subscriber received, in order, as printable text.
fn notifications(s: &Server, flags: &str, script: &[&[&str]]) -> Vec<String> {
    let mut c = s.client();
    assert_ok(&c.cmd(&["CONFIG", "SET", "notify-keyspace-events", flags]));
    let mut sub = s.client();
    sub.send_cmd(&["PSUBSCRIBE", "__key*__:*"]);
    sub.read_raw();
    for cmd in script {
        c.cmd(cmd);
    }
    // A marker event (under flags that announce it) closes the stream.
    c.cmd(&["CONFIG", "SET", "notify-keyspace-events", "KEA"]);
    c.cmd(&["SET", "zz:end", "1"]);
    let mut out = Vec::new();
    loop {
        let m = sub.read_value().as_array();
        let line = format!(
            "{} {}",
            String::from_utf8_lossy(&m[2].as_bytes()),
            String::from_utf8_lossy(&m[3].as_bytes())
        );
        if line.contains("zz:end") {
            break;
        }
        out.push(line);
    }
    out
}

fn compare(flags: &str, script: &[&[&str]]) {
    let runs: Vec<Vec<String>> = fresh_servers()
        .iter()
        .map(|s| notifications(s, flags, script))
        .collect();
    if let [strata, redis] = &runs[..] {
        assert_eq!(strata, redis, "notification streams differ");
    }
    assert!(!runs[0].is_empty(), "the script produced no notification");
}

#[test]
fn string_and_generic_commands_announce_what_redis_announces() {
    compare(
        "KEA",
        &[
            &["SET", "s", "1"],
            &["SET", "s", "2", "EX", "100"],
            &["INCR", "s"],
            &["INCRBY", "s", "5"],
            &["INCRBYFLOAT", "f", "1.5"],
            &["APPEND", "s", "x"],
            &["SETRANGE", "s", "0", "ab"],
            &["GETSET", "s", "3"],
            &["MSET", "a", "1", "b", "2"],
            &["SETNX", "a", "9"],
            &["SETNX", "c", "9"],
            &["EXPIRE", "a", "100"],
            &["PERSIST", "a"],
            &["PEXPIRE", "b", "-1"],
            &["RENAME", "a", "a2"],
            &["COPY", "a2", "a3"],
            &["MOVE", "a3", "1"],
            &["GETDEL", "c"],
            &["GETEX", "a2", "EX", "50"],
            &["DEL", "a2", "nothere", "f"],
            &["SETBIT", "bits", "7", "1"],
            &["SETBIT", "bits", "7", "1"],
            &["BITFIELD", "bits", "SET", "u8", "0", "1"],
            &["BITFIELD", "bits", "SET", "u8", "0", "1"],
            &["BITOP", "OR", "bits2", "bits"],
            &["RPUSH", "tosort", "2", "1"],
            &["HSET", "sorted", "f", "v"],
            &["SORT", "tosort", "STORE", "sorted"],
            &["SORT", "tosort", "STORE", "sorted"],
            &["SORT", "nothere", "STORE", "sorted"],
            &["SORT", "nothere", "STORE", "sorted"],
            &["SORT", "tosort", "BY", "w_*", "GET", "o_*"],
            &["PFADD", "hll", "a", "b"],
            &["PFADD", "hll", "a"],
        ],
    );
}

#[test]
fn collection_commands_announce_what_redis_announces() {
    compare(
        "KEA",
        &[
            &["RPUSH", "l", "a", "b", "c"],
            &["LPUSH", "l", "z"],
            &["LPOP", "l"],
            &["RPOP", "l", "1"],
            &["LSET", "l", "0", "A"],
            &["LINSERT", "l", "BEFORE", "A", "0"],
            &["LREM", "l", "0", "0"],
            &["LTRIM", "l", "0", "0"],
            &["LMOVE", "l", "l2", "LEFT", "RIGHT"],
            &["RPOPLPUSH", "l2", "l3"],
            &["LMPOP", "1", "l3", "LEFT"],
            &["HSET", "h", "f", "1", "g", "2"],
            &["HINCRBY", "h", "f", "2"],
            &["HINCRBYFLOAT", "h", "g", "0.5"],
            &["HDEL", "h", "f", "nope"],
            &["HDEL", "h", "g"],
            &["SADD", "s", "a", "b"],
            &["SADD", "s", "a"],
            &["SREM", "s", "a"],
            &["SMOVE", "s", "s2", "b"],
            &["SADD", "s3", "x"],
            &["SINTERSTORE", "dst", "s2", "s3"],
            &["SUNIONSTORE", "dst", "s2", "s3"],
            &["SPOP", "s3"],
        ],
    );
}

#[test]
fn only_the_configured_classes_and_channels_are_published() {
    compare(
        "Kl",
        &[
            &["SET", "ignored", "1"],
            &["RPUSH", "l", "a"],
            &["DEL", "l"],
        ],
    );
    compare(
        "Eg$n",
        &[&["SET", "k", "1"], &["RPUSH", "l", "a"], &["DEL", "k", "l"]],
    );
}

#[test]
fn notify_keyspace_events_is_a_config_option_like_redis() {
    let (strata, redis) = (Server::strata(), Server::redis());
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["CONFIG", "GET", "notify-keyspace-events"]);
    for v in ["KEA", "Anm", "g$xE", "", "KQ"] {
        p.check(&["CONFIG", "SET", "notify-keyspace-events", v]);
        p.check(&["CONFIG", "GET", "notify-keyspace-events"]);
    }
}

#[test]
fn expired_keys_are_announced_by_the_active_sweeper() {
    for s in fresh_servers() {
        let mut c = s.client();
        c.cmd(&["CONFIG", "SET", "notify-keyspace-events", "Ex"]);
        let mut sub = s.client();
        sub.send_cmd(&["SUBSCRIBE", "__keyevent@0__:expired"]);
        sub.read_raw();
        c.cmd(&["SET", "short", "v", "PX", "50"]);
        // Nobody reads the key: only the sweeper can expire it.
        let m = sub
            .read_raw_timeout(Duration::from_secs(3))
            .expect("no expired event");
        assert!(escape(&m).contains("short"), "{:?}: {}", s.kind, escape(&m));
    }
}

/// Redis 7.4's hash field-expiry events (the 7.0 oracle has no field expiry): "hexpire" for a
/// new deadline, "hexpired" when fields expire (at once for a past deadline, lazily on access,
/// or by the sweeper), "hpersist", and "del" when expiry empties the hash.
#[test]
fn hash_field_expiry_is_announced_as_redis_7_4_does() {
    let servers = fresh_servers();
    let s = &servers[0];
    let script: &[&[&str]] = &[
        &["HSET", "h", "a", "1", "b", "2", "c", "3"],
        &["HEXPIRE", "h", "100", "FIELDS", "1", "a"],
        &["HPERSIST", "h", "FIELDS", "2", "a", "b"],
        &["HPERSIST", "h", "FIELDS", "1", "b"],
        &["HPEXPIREAT", "h", "1", "FIELDS", "1", "c"],
        &["HPEXPIRE", "h", "1", "FIELDS", "2", "a", "b"],
        &["DEBUG", "SLEEP", "0.05"],
        &["HGET", "h", "a"],
    ];
    let got = notifications(s, "Kgh", script);
    let want = [
        "__keyspace@0__:h hset",
        "__keyspace@0__:h hexpire",
        "__keyspace@0__:h hpersist",
        "__keyspace@0__:h hexpired",
        "__keyspace@0__:h hexpire",
        "__keyspace@0__:h hexpired",
        "__keyspace@0__:h del",
    ];
    assert_eq!(got, want);
    // The sweeper announces fields nobody reads.
    let mut c = s.client();
    c.cmd(&["CONFIG", "SET", "notify-keyspace-events", "Eh"]);
    let mut sub = s.client();
    sub.send_cmd(&["SUBSCRIBE", "__keyevent@0__:hexpired"]);
    sub.read_raw();
    c.cmd(&["HSET", "h2", "a", "1", "b", "2"]);
    c.cmd(&["HPEXPIRE", "h2", "50", "FIELDS", "1", "a"]);
    let m = sub
        .read_raw_timeout(Duration::from_secs(3))
        .expect("no hexpired event from the sweeper");
    assert!(escape(&m).contains("h2"), "{}", escape(&m));
    assert_int(&c.cmd(&["HLEN", "h2"]), 1);
}
