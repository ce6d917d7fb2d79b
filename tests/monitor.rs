//! MONITOR against a real redis-server 7.0: the lines a monitoring connection receives for a
//! scripted session (quoting, redaction, transactions, scripts, SELECT, failed and refused
//! commands, admin commands left out), compared with Redis' after removing the timestamp and
//! the client's port, plus the refusal inside MULTI.

mod common;
use common::*;

use std::time::Duration;

/// Runs `script` on `s` with a MONITOR connection open; returns what it saw of each command,
/// `[db addr] "arg" ...` with the address as `ADDR`.
fn monitored(s: &Server, script: &[&[&str]]) -> Vec<String> {
    let mut m = s.client();
    assert_eq!(m.cmd(&["MONITOR"]).as_str(), "OK");
    let mut c = s.client();
    let addr = c.local_addr();
    for cmd in script {
        c.cmd(cmd);
    }
    // A marker closes the stream.
    c.cmd(&["ECHO", "end"]);
    let mut out = Vec::new();
    loop {
        let line = m.read_value().as_str();
        let (stamp, rest) = line.split_once(' ').expect("timestamp");
        let (secs, micros) = stamp.split_once('.').expect("seconds.micros");
        assert!(secs.parse::<u64>().is_ok() && micros.len() == 6, "{line}");
        if rest.ends_with("\"ECHO\" \"end\"") {
            return out;
        }
        out.push(rest.replace(&addr, "ADDR"));
    }
}

#[test]
fn monitor_shows_what_redis_shows() {
    let script: &[&[&str]] = &[
        &["SET", "k", "v\n\"\\\u{1}\u{7f}"],
        &["GET", "k"],
        &["INCR", "k"],
        &["NOSUCH"],
        &["GET"],
        &["MULTI"],
        &["SET", "a", "1"],
        &["GET", "a"],
        &["EXEC"],
        &[
            "EVAL",
            "redis.call('set','x','1') return redis.call('get','x')",
            "0",
        ],
        &["AUTH", "pw"],
        &["HELLO", "3", "AUTH", "default", "pw"],
        &["HELLO", "2"],
        &["CONFIG", "GET", "maxmemory"],
        &["CLIENT", "SETNAME", "n"],
        &["BLPOP", "nolist", "0.01"],
        &["SELECT", "2"],
        &["SET", "b", "2"],
        &["SELECT", "0"],
        &["SORT", "nolist"],
    ];
    let runs: Vec<Vec<String>> = fresh_servers()
        .iter()
        .map(|s| monitored(s, script))
        .collect();
    assert!(runs[0].len() > 10, "{:?}", runs[0]);
    if let [strata, redis] = &runs[..] {
        assert_eq!(strata, redis, "MONITOR streams differ");
    }
}

#[test]
fn monitor_is_refused_in_multi_and_ends_with_reset() {
    let servers = fresh_servers();
    let mut p = Pair::on(&servers[0], servers.get(1));
    p.check(&["MULTI"]);
    p.check(&["MONITOR"]);
    p.check(&["EXEC"]);
    p.check(&["MONITOR", "x"]);
    // A monitoring client sees its own command after the command's reply.
    for s in &servers {
        let mut m = s.client();
        m.cmd(&["MONITOR"]);
        assert_eq!(m.cmd(&["PING"]).as_str(), "PONG");
        let line = m.read_value().as_str();
        assert!(line.ends_with("\"PING\""), "{line}");
    }
    let s = &servers[0];
    let mut m = s.client();
    m.cmd(&["MONITOR"]);
    assert_eq!(m.cmd(&["RESET"]).as_str(), "RESET");
    let mut c = s.client();
    c.cmd(&["SET", "after", "reset"]);
    m.set_timeout(Duration::from_millis(200));
    assert_eq!(
        m.cmd(&["PING"]).as_str(),
        "PONG",
        "no monitor line after RESET"
    );
}
