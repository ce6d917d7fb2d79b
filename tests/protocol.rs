//! RESP / inline protocol handling, compared byte for byte with redis-server.
mod common;

use common::*;
use rand::{Rng, RngCore, SeedableRng};
use std::io::Write;
use std::thread;
use std::time::{Duration, Instant};

/// After raw traffic, make sure no stray replies are queued on either side.
fn assert_in_sync(p: &mut Pair) {
    let v = p.check(&["ECHO", "in-sync-marker"]);
    assert_eq!(v.as_str(), "in-sync-marker");
}

#[test]
fn inline_ping_and_line_endings() {
    let mut p = Pair::new();
    assert_eq!(p.check_raw(b"PING\r\n"), b"+PONG\r\n");
    p.check_raw(b"ping\n"); // bare LF terminates inline commands too
    p.check_raw(b"   PING    \r\n");
    p.check_raw(b"PING hello\r\n");
    p.check_raw(b"\tPING\t\tx\r\n");
    assert_in_sync(&mut p);
}

#[test]
fn inline_empty_lines_are_ignored() {
    let mut p = Pair::new();
    // Empty lines produce no reply at all: the only reply is the PONG.
    assert_eq!(p.check_raw(b"\r\n\r\n\n   \r\nPING\r\n"), b"+PONG\r\n");
    assert_in_sync(&mut p);
}

#[test]
fn inline_set_with_double_quoted_value() {
    let mut p = Pair::new();
    p.check_raw(b"set inline_set_with_double_quoted_value:k \"a b\"\r\n");
    let v = p.check(&["GET", "inline_set_with_double_quoted_value:k"]);
    assert_eq!(v.as_str(), "a b");
    p.check_raw(b"SET inline_set_with_double_quoted_value:e \"\"\r\n");
    let v = p.check(&["STRLEN", "inline_set_with_double_quoted_value:e"]);
    assert_eq!(v.as_int(), 0);
    assert_in_sync(&mut p);
}

#[test]
fn inline_quoting_and_escapes() {
    let mut p = Pair::new();
    let lines: &[&[u8]] = &[
        b"ECHO \"a\\x41\\tb\\\\\\\"c\"\r\n", // \xHH, \t, \\, \"
        b"ECHO \"\\n\\r\\b\\a\"\r\n",        // more escapes
        b"ECHO \"\\x4g\"\r\n",               // invalid hex escape
        b"ECHO \"\\xff\\x00\\x7F\"\r\n",     // binary via hex
        b"ECHO 'it\\'s'\r\n",                // \' inside single quotes
        b"ECHO 'a\\nb'\r\n",                 // no \n escape inside single quotes
        b"ECHO '\"double\" inside'\r\n",
        b"ECHO \"'single' inside\"\r\n",
        b"ECHO \"\"\r\n", // empty argument
        b"ECHO ''\r\n",
        b"ECHO \"a b\"  \r\n",
        b"ECHO \xc3\xa9t\xc3\xa9\r\n", // raw UTF-8
        b"ECHO \"a\" \"b\"\r\n",       // two args -> arity error
    ];
    for l in lines {
        p.check_raw(l);
    }
    assert_in_sync(&mut p);
}

#[test]
fn inline_unbalanced_quotes_error_and_close() {
    let cases: &[&[u8]] = &[
        b"set k \"abc\r\n",
        b"ECHO \"a\"b\r\n", // closing quote must be followed by a space
        b"ECHO 'abc\r\n",
        b"ECHO 'a'b\r\n",
        b"ECHO \"abc\\\"\r\n",
        b"ECHO a\"b\r\n", // a quote inside a word opens a quoted section
    ];
    for c in cases {
        let mut p = Pair::new();
        let r = p.check_raw(c);
        assert_eq!(r, b"-ERR Protocol error: unbalanced quotes in request\r\n");
        p.assert_closed(&format!("after {:?}", escape(c)));
    }
    let (s, _) = shared();
    assert_eq!(s.client().cmd(&["PING"]), Value::Status("PONG".into()));
}

#[test]
fn pipelining_1000_commands_replies_in_order() {
    let mut p = Pair::new();
    let pre = "pipelining_1000_commands_replies_in_order";
    let mut bytes = Vec::new();
    for i in 0..1000 {
        let key = format!("{pre}:k{}", i % 37);
        let cmd: Vec<String> = match i % 10 {
            0 | 1 => vec!["SET".into(), key, format!("v{i}")],
            2 | 3 => vec!["GET".into(), key],
            4 => vec!["INCR".into(), format!("{pre}:ctr")],
            5 => vec!["ECHO".into(), format!("e{i}\r\n\0x")],
            6 => vec!["APPEND".into(), key, "+".into()],
            7 => vec!["GET".into(), format!("{pre}:missing{i}")],
            8 => vec!["NOSUCHCOMMAND".into(), format!("{i}")],
            _ => vec!["GET".into()], // arity error
        };
        if i % 100 == 50 {
            bytes.extend_from_slice(format!("ECHO inline{i}\r\n").as_bytes());
        } else {
            let args: Vec<&[u8]> = cmd.iter().map(|s| s.as_bytes()).collect();
            bytes.extend_from_slice(&encode_cmd(&args));
        }
    }
    let read_all = |c: &mut Client| {
        let mut out = Vec::new();
        for _ in 0..1000 {
            out.extend_from_slice(&c.read_raw());
        }
        out
    };
    p.strata.send_raw(&bytes);
    let s = read_all(&mut p.strata);
    if let Some(r) = &mut p.redis {
        r.send_raw(&bytes);
        let r = read_all(r);
        if s != r {
            // Find the first differing reply for a readable message.
            let (mut a, mut b) = (0, 0);
            for n in 0..1000 {
                let (_, ea) = parse_reply(&s, a).unwrap().unwrap();
                let (_, eb) = parse_reply(&r, b).unwrap().unwrap();
                if s[a..ea] != r[b..eb] {
                    panic!(
                        "pipelined reply #{n} differs:\n  strata: \"{}\"\n  redis:  \"{}\"",
                        escape(&s[a..ea]),
                        escape(&r[b..eb])
                    );
                }
                a = ea;
                b = eb;
            }
            panic!("pipelined replies differ");
        }
    }
    assert_in_sync(&mut p);
}

#[test]
fn pipelined_commands_split_across_tiny_writes() {
    let mut p = Pair::new();
    let pre = "pipelined_commands_split_across_tiny_writes";
    let mut bytes = encode_cmd(&[b"SET", format!("{pre}:k").as_bytes(), b"hello\r\nworld"]);
    bytes.extend_from_slice(&encode_cmd(&[b"GET", format!("{pre}:k").as_bytes()]));
    bytes.extend_from_slice(b"ECHO inline\r\n");
    let mut clients: Vec<&mut Client> = vec![&mut p.strata];
    if let Some(r) = &mut p.redis {
        clients.push(r);
    }
    let mut replies = Vec::new();
    for c in clients {
        for (i, b) in bytes.iter().enumerate() {
            c.stream().write_all(&[*b]).unwrap();
            if i % 7 == 0 {
                thread::sleep(Duration::from_millis(1));
            }
        }
        let mut out = Vec::new();
        for _ in 0..3 {
            out.extend_from_slice(&c.read_raw());
        }
        replies.push(out);
    }
    assert_eq!(
        escape(&replies[0]),
        escape(b"+OK\r\n$12\r\nhello\r\nworld\r\n$6\r\ninline\r\n")
    );
    if replies.len() == 2 {
        assert_eq!(escape(&replies[0]), escape(&replies[1]));
    }
}

#[test]
fn binary_safe_arguments_and_replies() {
    let mut p = Pair::new();
    let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    let key = b"binary_safe_arguments_and_replies:\x00\r\n\xff";
    p.check_bytes(&[b"SET", key, &all]);
    let v = p.check_bytes(&[b"GET", key]);
    assert_eq!(v.as_bytes(), all);
    p.check_bytes(&[b"ECHO", b""]);
    p.check_bytes(&[b"ECHO", b"*1\r\n$4\r\nPING\r\n"]);
    let big = vec![b'x'; 1 << 20];
    let v = p.check_bytes(&[b"ECHO", &big]);
    assert_eq!(v.as_bytes().len(), 1 << 20);
}

#[test]
fn resp3_hello_map_reply_and_null() {
    let mut p = Pair::new();
    let (s, r) = p.both(&["HELLO", "3"]);
    let keys = |v: &Value| -> Vec<String> {
        match v {
            Value::Map(m) => m.iter().map(|(k, _)| k.as_str()).collect(),
            other => panic!("HELLO 3 must reply with a RESP3 map, got {other:?}"),
        }
    };
    let sk = keys(&s);
    assert_eq!(
        sk,
        ["server", "version", "proto", "id", "mode", "role", "modules"]
    );
    if let Some(r) = &r {
        assert_eq!(sk, keys(r), "HELLO 3 keys differ from redis'");
    }
    let m = s.as_map();
    let get = |k: &str| m.iter().find(|(kk, _)| kk.as_str() == k).unwrap().1.clone();
    assert_eq!(get("proto"), Value::Int(3));
    assert!(get("id").as_int() > 0);
    assert_eq!(get("mode").as_str(), "standalone");
    assert_eq!(get("role").as_str(), "master");
    assert!(matches!(get("modules"), Value::Array(Some(_))));
    assert!(!get("version").as_str().is_empty());

    // RESP3 null for a missing key, and RESP3 types elsewhere.
    assert_eq!(
        p.check(&["GET", "resp3_hello_map_reply_and_null:missing"]),
        Value::Null
    );
    p.check(&["SET", "resp3_hello_map_reply_and_null:k", "v"]);
    p.check(&["EXISTS", "resp3_hello_map_reply_and_null:k"]);
    p.check(&["PING"]);
    p.check(&["NOSUCHCMD"]);

    // Back to RESP2.
    let (s2, _) = p.both(&["HELLO", "2"]);
    assert!(
        matches!(s2, Value::Array(Some(ref v)) if v.len() == 14),
        "HELLO 2 reply: {s2:?}"
    );
    assert_eq!(
        p.check(&["GET", "resp3_hello_map_reply_and_null:missing"]),
        Value::Bulk(None)
    );
}

fn protocol_error_case(bytes: &[u8], expected: &str) {
    let mut p = Pair::new();
    let r = p.check_raw(bytes);
    assert_eq!(
        String::from_utf8_lossy(&r),
        expected,
        "reply to {:?}",
        escape(bytes)
    );
    p.assert_closed(&format!("after protocol error for {:?}", escape(bytes)));
}

#[test]
fn protocol_error_invalid_multibulk_length() {
    protocol_error_case(
        b"*abc\r\n",
        "-ERR Protocol error: invalid multibulk length\r\n",
    );
    protocol_error_case(
        b"*1x\r\n",
        "-ERR Protocol error: invalid multibulk length\r\n",
    );
}

#[test]
fn protocol_error_invalid_bulk_length() {
    protocol_error_case(
        b"*1\r\n$-5\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
    protocol_error_case(
        b"*1\r\n$abc\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
    protocol_error_case(
        b"*2\r\n$4\r\nECHO\r\n$-1\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
}

#[test]
fn protocol_error_expected_dollar() {
    protocol_error_case(
        b"*1\r\nfoo\r\n",
        "-ERR Protocol error: expected '$', got 'f'\r\n",
    );
    protocol_error_case(
        b"*2\r\n$4\r\nECHO\r\n:1\r\n",
        "-ERR Protocol error: expected '$', got ':'\r\n",
    );
}

#[test]
fn protocol_error_bulk_length_over_default_proto_max_bulk_len() {
    // Default proto-max-bulk-len is 512 MiB.
    protocol_error_case(
        b"*1\r\n$536870913\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
}

#[test]
fn protocol_error_bulk_length_over_configured_proto_max_bulk_len() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["CONFIG", "SET", "proto-max-bulk-len", "1048576"]);
    p.check(&["CONFIG", "GET", "proto-max-bulk-len"]);
    // Exactly at the limit is fine.
    let big = vec![b'y'; 1048576];
    let v = p.check_bytes(&[b"ECHO", &big]);
    assert_eq!(v.as_bytes().len(), 1048576);
    // One byte over is a protocol error.
    let r = p.check_raw(b"*2\r\n$4\r\nECHO\r\n$1048577\r\n");
    assert_eq!(r, b"-ERR Protocol error: invalid bulk length\r\n");
    p.assert_closed("after bulk length over proto-max-bulk-len");
    assert_eq!(strata.client().cmd(&["PING"]), Value::Status("PONG".into()));
}

#[test]
fn protocol_error_too_big_inline_and_count_strings() {
    protocol_error_case(
        &vec![b'a'; 70_000],
        "-ERR Protocol error: too big inline request\r\n",
    );
    let mut star = b"*".to_vec();
    star.extend(std::iter::repeat_n(b'1', 70_000));
    protocol_error_case(&star, "-ERR Protocol error: too big mbulk count string\r\n");
    let mut dollar = b"*1\r\n$".to_vec();
    dollar.extend(std::iter::repeat_n(b'1', 70_000));
    protocol_error_case(
        &dollar,
        "-ERR Protocol error: too big bulk count string\r\n",
    );
}

#[test]
fn huge_multibulk_count() {
    // Over INT_MAX: rejected immediately.
    protocol_error_case(
        b"*2147483648\r\n",
        "-ERR Protocol error: invalid multibulk length\r\n",
    );
    protocol_error_case(
        b"*99999999999999999999\r\n",
        "-ERR Protocol error: invalid multibulk length\r\n",
    );
    // Large but legal: the server waits for the arguments without replying,
    // without preallocating gigabytes, and without closing the connection.
    let mut p = Pair::new();
    p.strata.send_raw(b"*100000000\r\n$4\r\nECHO\r\n");
    if let Some(r) = &mut p.redis {
        r.send_raw(b"*100000000\r\n$4\r\nECHO\r\n");
    }
    p.assert_open("while a 100M-argument multibulk is pending");
    assert!(
        p.strata.pending().is_empty(),
        "unexpected reply: {:?}",
        escape(p.strata.pending())
    );
    drop(p);
    let mut q = Pair::new();
    assert_eq!(q.check(&["PING"]), Value::Status("PONG".into()));
}

#[test]
fn zero_and_negative_multibulk_counts_are_ignored() {
    let mut p = Pair::new();
    assert_eq!(p.check_raw(b"*0\r\n*-1\r\n*-7\r\nPING\r\n"), b"+PONG\r\n");
    assert_in_sync(&mut p);
}

#[test]
fn random_garbage_never_crashes_server() {
    let mut server = Server::strata();
    let seed: u64 = std::env::var("STRATA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::rng().random());
    eprintln!("random_garbage_never_crashes_server: STRATA_FUZZ_SEED={seed}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    const TOKENS: &[&[u8]] = &[
        b"*",
        b"$",
        b"\r\n",
        b"\n",
        b"\r",
        b"-1",
        b"0",
        b"1",
        b"2",
        b"3",
        b"-",
        b"+",
        b":",
        b"4294967296",
        b"2147483647",
        b"9223372036854775808",
        b"PING",
        b"ECHO",
        b"SET",
        b"GET",
        b"x",
        b"\"",
        b"'",
        b"\\x",
        b" ",
        b"\x00",
        b"%",
        b"~",
        b"_",
        b"HELLO",
        b"INCR",
    ];
    let started = Instant::now();
    for i in 0..200 {
        let mut blob = Vec::new();
        let len = rng.random_range(1..2000);
        match i % 3 {
            0 => {
                blob.resize(len, 0);
                rng.fill_bytes(&mut blob);
            }
            1 => {
                while blob.len() < len {
                    blob.extend_from_slice(TOKENS[rng.random_range(0..TOKENS.len())]);
                }
            }
            _ => {
                // A valid prefix followed by junk.
                blob.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$");
                blob.extend_from_slice(rng.random_range(-3i64..100).to_string().as_bytes());
                blob.extend_from_slice(b"\r\n");
                let mut junk = vec![0u8; len];
                rng.fill_bytes(&mut junk);
                blob.extend_from_slice(&junk);
            }
        }
        let mut c = server.client();
        // The server may close the connection while we write: that's fine.
        let _ = c.try_send_raw(&blob);
        if i % 2 == 0 {
            c.is_closed_within(Duration::from_millis(20));
        }
        drop(c);
        assert!(
            server.is_running(),
            "server died after garbage blob #{i} (seed {seed}): {:?}\n{}",
            escape(&blob[..blob.len().min(300)]),
            server.log()
        );
    }
    eprintln!("sent 200 blobs in {:?}", started.elapsed());
    let mut c = server.client();
    assert_eq!(c.cmd(&["PING"]), Value::Status("PONG".into()));
    assert_eq!(
        c.cmd(&["SET", "after-garbage", "ok"]),
        Value::Status("OK".into())
    );
    assert_eq!(c.cmd(&["GET", "after-garbage"]).as_str(), "ok");
    assert!(server.is_running());
}

#[test]
fn client_disconnecting_mid_request_does_not_affect_others() {
    let (s, _) = shared();
    let pre = "client_disconnecting_mid_request_does_not_affect_others";
    let mut p = Pair::new();
    // A command cut in the middle of a bulk string, then the client vanishes.
    {
        let mut a = s.client();
        a.send_raw(format!("*3\r\n$3\r\nSET\r\n${}\r\n{pre}:k", pre.len() + 2).as_bytes());
        a.shutdown();
    }
    // A huge declared bulk that never arrives.
    {
        let mut a = s.client();
        a.send_raw(b"*2\r\n$4\r\nECHO\r\n$100000000\r\n0123456789");
        drop(a);
    }
    // A client that pipelines lots of big replies and disconnects without reading.
    let big = "z".repeat(100_000);
    p.check(&["SET", &format!("{pre}:big"), &big]);
    {
        let mut a = s.client();
        let mut bytes = Vec::new();
        for _ in 0..2000 {
            bytes.extend_from_slice(&encode_cmd(&[b"GET", format!("{pre}:big").as_bytes()]));
        }
        a.send_raw(&bytes);
        drop(a);
    }
    // Meanwhile / afterwards other clients are served normally.
    for i in 0..50 {
        let k = format!("{pre}:n{i}");
        p.check(&["SET", &k, &i.to_string()]);
        p.check(&["GET", &k]);
    }
    p.check(&["EXISTS", &format!("{pre}:k")]);
    let mut fresh = Pair::new();
    assert_eq!(fresh.check(&["PING"]), Value::Status("PONG".into()));
    assert_eq!(
        fresh.check(&["STRLEN", &format!("{pre}:big")]).as_int(),
        100_000
    );
}

#[test]
fn unknown_command_error_text() {
    let mut p = Pair::new();
    let r = p.check(&["foo", "a", "b"]);
    assert_eq!(
        r.as_error(),
        "ERR unknown command 'foo', with args beginning with: 'a' 'b' "
    );
    p.check(&["foo"]);
    p.check(&["FOO", "x"]);
    p.check(&[
        "nosuchcommand",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "12",
    ]);
    p.check(&["foo", &"x".repeat(300)]);
    p.check(&["foo", &"a".repeat(60), &"b".repeat(60), &"c".repeat(60)]);
    p.check(&["foo", "a\r\nb", "c\nd"]);
    p.check(&[""]);
    p.check(&["", "x"]);
    p.check_raw(b"foo a b\r\n");
    // The connection stays usable.
    assert_in_sync(&mut p);
}

#[test]
fn unknown_subcommand_error_text() {
    let mut p = Pair::new();
    p.check(&["CONFIG", "foo"]);
    p.check(&["CLIENT", "nosuch", "x"]);
    p.check(&["COMMAND", "bogus"]);
}

#[test]
fn wrong_arity_error_text() {
    let mut p = Pair::new();
    let r = p.check(&["get"]);
    assert_eq!(
        r.as_error(),
        "ERR wrong number of arguments for 'get' command"
    );
    p.check_all(&[
        &["GET"],
        &["GeT", "a", "b"],
        &["set", "k"],
        &["SET"],
        &["del"],
        &["mget"],
        &["incr"],
        &["ping", "a", "b"],
        &["echo"],
        &["echo", "a", "b"],
        &["select"],
        &["config", "get"],
        &["client"],
    ]);
    p.check_raw(b"GET\r\n");
    assert_in_sync(&mut p);
}

/// Pipelined commands run as groups (one lock round, one commit): replies, errors in the middle
/// of a group, SELECT between commands, reads of earlier writes and keyspace events must all be
/// exactly what Redis gives for the same pipeline.
#[test]
fn pipelined_groups_behave_like_commands_run_one_by_one() {
    let servers = fresh_servers();
    let mut outs = Vec::new();
    for s in &servers {
        let mut c = s.client();
        let mut sub = s.client();
        c.cmd(&["CONFIG", "SET", "notify-keyspace-events", "KEA"]);
        sub.send_cmd(&["PSUBSCRIBE", "__keyevent@*"]);
        sub.read_raw();
        let cmds: &[&[&str]] = &[
            &["SET", "g:a", "1"],
            &["INCR", "g:a"],
            &["LPUSH", "g:a", "x"],
            &["INCRBY", "g:a", "10"],
            &["HSET", "g:h", "f", "1", "g", "2"],
            &["HINCRBY", "g:h", "f", "5"],
            &["HGET", "g:h", "f"],
            &["SELECT", "1"],
            &["SET", "g:a", "in-db-1"],
            &["GET", "g:a"],
            &["SELECT", "0"],
            &["GET", "g:a"],
            &["RPUSH", "g:l", "1", "2", "3"],
            &["LPOP", "g:l"],
            &["LRANGE", "g:l", "0", "-1"],
            &["DEL", "g:l", "g:h"],
            &["EXISTS", "g:l", "g:h", "g:a"],
            &["SET", "g:a", "v", "NX"],
            &["GETDEL", "g:a"],
        ];
        let mut raw = Vec::new();
        for cmd in cmds {
            let args: Vec<&[u8]> = cmd.iter().map(|a| a.as_bytes()).collect();
            raw.extend(encode_cmd(&args));
        }
        c.send_raw(&raw);
        let replies: Vec<String> = cmds.iter().map(|_| show(&c.read_value())).collect();
        c.cmd(&["SET", "g:end", "1"]);
        let mut events = Vec::new();
        loop {
            let m = sub.read_value().as_array();
            let e = format!("{} {}", m[2].as_str(), m[3].as_str());
            if e.ends_with("g:end") {
                break;
            }
            events.push(e);
        }
        c.cmd(&["FLUSHALL"]);
        outs.push((replies, events));
    }
    if let [strata, redis] = &outs[..] {
        assert_eq!(strata.0, redis.0, "replies differ");
        assert_eq!(strata.1, redis.1, "keyspace events differ");
    }
}

/// A pipelined group's writes are one unit for other clients' WATCH and wake blocked clients.
#[test]
fn a_pipelined_group_touches_watched_keys_and_serves_blocked_clients() {
    for s in &fresh_servers() {
        let mut watcher = s.client();
        assert_ok(&watcher.cmd(&["WATCH", "gw:k"]));
        let mut waiter = s.client();
        waiter.send_cmd(&["BLPOP", "gw:q", "0"]);
        let mut c = s.client();
        wait_blocked(s, 1);
        let mut raw = Vec::new();
        for cmd in [
            &["SET", "gw:k", "1"][..],
            &["RPUSH", "gw:q", "job"],
            &["GET", "gw:k"],
        ] {
            let args: Vec<&[u8]> = cmd.iter().map(|a| a.as_bytes()).collect();
            raw.extend(encode_cmd(&args));
        }
        c.send_raw(&raw);
        for _ in 0..3 {
            c.read_value();
        }
        assert_eq!(waiter.read_value().as_array()[1].as_bytes(), b"job");
        watcher.cmd(&["MULTI"]);
        watcher.cmd(&["SET", "gw:k", "2"]);
        assert!(
            watcher.cmd(&["EXEC"]).is_nil(),
            "{:?}: WATCH missed the group",
            s.kind
        );
        c.cmd(&["DEL", "gw:k", "gw:q"]);
    }
}
