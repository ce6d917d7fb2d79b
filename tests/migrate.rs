//! MIGRATE from Strata to a real redis-server and to another Strata, and from Redis to Strata:
//! every type moves with its TTL; COPY, REPLACE, AUTH, AUTH2, KEYS and the error replies are
//! Redis'.

mod common;
use common::*;

fn port_of(s: &Server) -> String {
    s.addr().rsplit(':').next().unwrap().to_string()
}

fn fill(c: &mut Client) {
    assert_ok(&c.cmd(&["SET", "m:str", "hello"]));
    assert_ok(&c.cmd(&["SET", "m:ttl", "v", "PX", "500000"]));
    c.cmd(&["RPUSH", "m:list", "a", "b", "3"]);
    c.cmd(&["SADD", "m:set", "1", "2", "x"]);
    c.cmd(&["ZADD", "m:zset", "1.5", "a", "2", "b"]);
    c.cmd(&["HSET", "m:hash", "f", "v", "g", "w"]);
}

fn snapshot(c: &mut Client) -> Vec<String> {
    vec![
        show(&c.cmd(&["GET", "m:str"])),
        show(&c.cmd(&["GET", "m:ttl"])),
        show(&c.cmd(&["LRANGE", "m:list", "0", "-1"])),
        {
            let mut m: Vec<String> = c
                .cmd(&["SMEMBERS", "m:set"])
                .as_array()
                .iter()
                .map(show)
                .collect();
            m.sort();
            m.join(",")
        },
        show(&c.cmd(&["ZRANGE", "m:zset", "0", "-1", "WITHSCORES"])),
        show(&c.cmd(&["HGETALL", "m:hash"])),
    ]
}

const ALL: &[&str] = &["m:str", "m:ttl", "m:list", "m:set", "m:zset", "m:hash"];

/// Moves every key from `src` to `dst` with KEYS (and AUTH when `pass` is set), checking the
/// data arrived and left.
fn move_all(src: &Server, dst: &Server, pass: Option<&str>) {
    let (mut s, mut d) = (src.client(), dst.client());
    if let Some(p) = pass {
        assert_ok(&d.cmd(&["AUTH", p]));
    }
    fill(&mut s);
    let before = snapshot(&mut s);
    let port = port_of(dst);
    let mut args = vec!["MIGRATE", "127.0.0.1", &port, "", "3", "5000"];
    if let Some(p) = pass {
        args.extend(["AUTH", p]);
    }
    args.push("KEYS");
    args.extend(ALL);
    assert_ok(&s.cmd(&args));
    assert_eq!(s.cmd(&["EXISTS", "m:str", "m:hash"]).as_int(), 0);
    assert_ok(&d.cmd(&["SELECT", "3"]));
    assert_eq!(snapshot(&mut d), before);
    let pttl = d.cmd(&["PTTL", "m:ttl"]).as_int();
    assert!(pttl > 400_000 && pttl <= 500_000, "{pttl}");
    assert_eq!(d.cmd(&["PTTL", "m:str"]).as_int(), -1);
}

#[test]
fn strata_to_redis_strata_and_back() {
    let Some(redis) = Server::redis_with(&["--requirepass", "pw"]) else {
        return;
    };
    let (a, b) = (Server::strata(), Server::strata());
    move_all(&a, &redis, Some("pw"));
    move_all(&a, &b, None);
    let plain = Server::redis().unwrap();
    move_all(&plain, &a, None);
}

#[test]
fn options_and_errors_match_redis() {
    let strata_target = Server::strata_with(&["--requirepass", "pw"]);
    for src in fresh_servers() {
        let mut c = src.client();
        let port = port_of(&strata_target);
        let m = |c: &mut Client, extra: &[&str]| {
            let mut a = vec!["MIGRATE", "127.0.0.1", port.as_str()];
            a.extend_from_slice(extra);
            c.cmd(&a)
        };
        assert_ok(&c.cmd(&["SET", "k", "1"]));
        assert_eq!(m(&mut c, &["nokey", "0", "1000"]).as_str(), "NOKEY");
        assert_eq!(
            m(&mut c, &["k", "0", "1000", "KEYS", "k"]).as_error(),
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string"
        );
        assert_eq!(
            m(&mut c, &["k", "0", "1000", "FOO"]).as_error(),
            "ERR syntax error"
        );
        assert_eq!(
            m(&mut c, &["k", "0", "1000", "AUTH2", "u"]).as_error(),
            "ERR syntax error"
        );
        assert_eq!(
            m(&mut c, &["k", "x", "1000"]).as_error(),
            "ERR value is not an integer or out of range"
        );
        assert_eq!(
            m(&mut c, &["k", "0", "1000"]).as_error(),
            "ERR Target instance replied with error: NOAUTH Authentication required."
        );
        assert_eq!(
            m(&mut c, &["k", "0", "1000", "AUTH", "bad"])
                .as_error()
                .split(':')
                .next()
                .unwrap(),
            "ERR Target instance replied with error"
        );
        assert_eq!(
            m(&mut c, &["k", "99", "1000", "AUTH", "pw", "COPY"]).as_error(),
            "ERR Target instance replied with error: ERR DB index is out of range"
        );
        // COPY keeps the source; a second MIGRATE without REPLACE meets BUSYKEY and keeps it too.
        let db = if src.addr() == strata_target.addr() {
            "1"
        } else {
            "2"
        };
        assert_ok(&m(
            &mut c,
            &["k", db, "1000", "AUTH2", "default", "pw", "COPY"],
        ));
        assert_eq!(c.cmd(&["EXISTS", "k"]).as_int(), 1);
        assert_eq!(
            m(&mut c, &["k", db, "1000", "AUTH", "pw"]).as_error(),
            "ERR Target instance replied with error: BUSYKEY Target key name already exists."
        );
        assert_eq!(c.cmd(&["EXISTS", "k"]).as_int(), 1);
        assert_ok(&m(&mut c, &["k", db, "1000", "AUTH", "pw", "REPLACE"]));
        assert_eq!(c.cmd(&["EXISTS", "k"]).as_int(), 0);
        let mut t = strata_target.client();
        assert_ok(&t.cmd(&["AUTH", "pw"]));
        assert_ok(&t.cmd(&["SELECT", db]));
        assert_eq!(t.cmd(&["GET", "k"]).as_str(), "1");
        assert_ok(&t.cmd(&["FLUSHDB"]));
        // Nothing listens on the port: Redis learns of it when it writes.
        assert_ok(&c.cmd(&["SET", "k", "1"]));
        let closed = free_port().to_string();
        assert_eq!(
            c.cmd(&["MIGRATE", "127.0.0.1", &closed, "k", "0", "200"])
                .as_error(),
            "IOERR error or timeout writing to target instance"
        );
    }
}
