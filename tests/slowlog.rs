//! SLOWLOG: what an entry holds, which commands enter the log, its settings and errors.
mod common;

use common::*;
use std::time::{SystemTime, UNIX_EPOCH};

/// An entry without what differs between two servers or two runs (timestamp, duration, the
/// client's port): its arguments, the client's address host (or `?:0` for a script) and name.
fn shape(entry: &Value) -> (Vec<String>, String, String) {
    let e = entry.as_array();
    assert_eq!(e.len(), 6, "{entry:?}");
    let args = e[3].as_array().iter().map(Value::as_str).collect();
    let addr = e[4].as_str();
    let host = if addr == "?:0" {
        addr
    } else {
        addr.rsplit_once(':').expect("ip:port").0.to_string()
    };
    (args, host, e[5].as_str())
}

fn entries(c: &mut Client, count: &str) -> Vec<Value> {
    c.cmd(&["SLOWLOG", "GET", count]).as_array()
}

#[test]
fn entries_match_redis_for_plain_script_transaction_long_and_secret_commands() {
    let servers = fresh_servers();
    let mut shapes = Vec::new();
    for s in &servers {
        let mut c = s.client();
        assert_eq!(
            c.cmd(&["CONFIG", "SET", "slowlog-log-slower-than", "0"]),
            Value::Status("OK".into())
        );
        c.cmd(&["SLOWLOG", "RESET"]);
        c.cmd(&["CLIENT", "SETNAME", "bob"]);
        c.cmd(&["SET", "a", "b"]);
        c.cmd(&["EVAL", "redis.call('SET', KEYS[1], 'y') return 1", "1", "x"]);
        let many: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let mut rpush = vec!["RPUSH", "l"];
        rpush.extend(many.iter().map(String::as_str));
        c.cmd(&rpush);
        let long = "v".repeat(200);
        c.cmd(&["SET", "k", &long]);
        c.cmd(&["MULTI"]);
        c.cmd(&["INCR", "n"]);
        c.cmd(&["EXEC"]);
        c.cmd(&["AUTH", "nobody", "secret"]);
        c.cmd(&["HELLO", "2", "AUTH", "nobody", "secret"]);
        c.cmd(&["CONFIG", "SET", "masterauth", "hidden"]);
        c.cmd(&["GET", "a"]);
        let all = entries(&mut c, "-1");
        // Newest first, ids one apart, stamped now.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        for pair in all.windows(2) {
            assert_eq!(
                pair[0].as_array()[0].as_int(),
                pair[1].as_array()[0].as_int() + 1
            );
        }
        for e in &all {
            let at = e.as_array()[1].as_int();
            assert!(
                (now - 5..=now + 1).contains(&at),
                "timestamp {at}, now {now}"
            );
            assert!(e.as_array()[2].as_int() >= 0);
        }
        assert_eq!(c.cmd(&["SLOWLOG", "LEN"]).as_int(), all.len() as i64 + 1);
        assert_eq!(entries(&mut c, "2").len(), 2);
        assert_eq!(entries(&mut c, "0").len(), 0);
        assert_eq!(entries(&mut c, "10").len(), 10);
        shapes.push(all.iter().map(shape).collect::<Vec<_>>());
    }
    let strata = &shapes[0];
    let first: Vec<&str> = strata.iter().map(|(a, _, _)| a[0].as_str()).collect();
    assert_eq!(
        first,
        [
            "GET", "CONFIG", "HELLO", "AUTH", "INCR", "MULTI", "SET", "RPUSH", "EVAL", "SET",
            "SET", "CLIENT", "SLOWLOG"
        ],
        "EXEC itself is not logged; a script's commands come before the script"
    );
    let script_set = &strata[9];
    assert_eq!(
        script_set.1, "?:0",
        "a script's commands are the script client's"
    );
    assert_eq!(script_set.2, "");
    assert_eq!(strata[0].2, "bob");
    assert_eq!(strata[3].0, ["AUTH", "(redacted)", "(redacted)"]);
    if let Some(redis) = shapes.get(1) {
        assert_eq!(strata, redis);
    }
}

#[test]
fn settings_errors_and_help_match_redis() {
    let servers = fresh_servers();
    let mut p = Pair::on(&servers[0], servers.get(1));
    p.check_all(&[
        &["CONFIG", "GET", "slowlog-log-slower-than"],
        &["CONFIG", "GET", "slowlog-max-len"],
        &["CONFIG", "SET", "slowlog-log-slower-than", "-2"],
        &["CONFIG", "SET", "slowlog-log-slower-than", "x"],
        &["CONFIG", "SET", "slowlog-max-len", "-1"],
        &["SLOWLOG"],
        &["SLOWLOG", "HELP"],
        &["SLOWLOG", "FOO"],
        &["SLOWLOG", "GET", "-2"],
        &["SLOWLOG", "GET", "abc"],
        &["SLOWLOG", "GET", "1.5"],
        &["SLOWLOG", "GET", "1", "2"],
        &["SLOWLOG", "LEN", "x"],
        &["SLOWLOG", "RESET", "x"],
        &["CONFIG", "SET", "slowlog-log-slower-than", "0"],
        &["SLOWLOG", "RESET"],
        &["SET", "a", "1"],
        &["SET", "b", "2"],
        &["SLOWLOG", "LEN"],
        // A shorter log is trimmed when the next entry comes in.
        &["CONFIG", "SET", "slowlog-max-len", "2"],
        &["SLOWLOG", "LEN"],
        &["SET", "c", "3"],
        &["SLOWLOG", "LEN"],
        &["CONFIG", "SET", "slowlog-max-len", "0"],
        &["SLOWLOG", "LEN"],
        &["CONFIG", "SET", "slowlog-max-len", "5"],
        &["CONFIG", "SET", "slowlog-log-slower-than", "-1"],
        &["SET", "d", "4"],
        &["SLOWLOG", "LEN"],
        &["SLOWLOG", "GET", "0"],
    ]);
}

#[test]
fn only_commands_over_the_threshold_enter_and_pipelined_ones_count_their_commit() {
    let s = Server::strata();
    let mut c = s.client();
    c.cmd(&["CONFIG", "SET", "slowlog-log-slower-than", "100000"]);
    c.cmd(&["SLOWLOG", "RESET"]);
    c.cmd(&["DEBUG", "SLEEP", "0"]);
    c.cmd(&["SET", "fast", "1"]);
    assert_eq!(c.cmd(&["SLOWLOG", "LEN"]).as_int(), 0);
    c.cmd(&["DEBUG", "SLEEP", "0.15"]);
    let e = entries(&mut c, "-1");
    assert_eq!(e.len(), 1, "{e:?}");
    let micros = e[0].as_array()[2].as_int();
    assert!(micros >= 150_000, "DEBUG SLEEP 0.15 logged as {micros} us");
    assert_eq!(shape(&e[0]).0, ["DEBUG", "SLEEP", "0.15"]);

    // Pipelined writes run as one group: each is logged, oldest first in the pipeline.
    c.cmd(&["CONFIG", "SET", "slowlog-log-slower-than", "0"]);
    c.cmd(&["SLOWLOG", "RESET"]);
    let cmds: Vec<Vec<String>> = (0..10)
        .map(|i| vec!["SET".into(), format!("p{i}"), i.to_string()])
        .collect();
    let refs: Vec<Vec<&str>> = cmds
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    c.pipeline(&slices);
    let logged: Vec<Vec<String>> = entries(&mut c, "-1")
        .iter()
        .map(|e| shape(e).0)
        .filter(|a| a[0] == "SET")
        .collect();
    let mut expected = cmds.clone();
    expected.reverse();
    assert_eq!(logged, expected);
}
