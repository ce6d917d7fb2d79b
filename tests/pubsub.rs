//! Black-box tests of pub/sub: subscription replies, message shapes in RESP2 and RESP3, the
//! RESP2 subscribed context, PUBSUB introspection, glob patterns, ordered fan-out and the output
//! buffer limit for slow subscribers. Each scenario runs on a fresh strata and a fresh redis and
//! their raw bytes are compared.

mod common;
use common::*;

use std::thread;
use std::time::Duration;

/// Runs `f` on a fresh strata and a fresh redis and asserts both produce the same transcript.
fn same_on_both(f: impl Fn(&Server) -> Vec<Vec<u8>>) {
    let runs: Vec<(Kind, Vec<Vec<u8>>)> = fresh_servers().iter().map(|s| (s.kind, f(s))).collect();
    if let [(_, strata), (_, redis)] = &runs[..] {
        for (i, (a, b)) in strata.iter().zip(redis).enumerate() {
            assert_eq!(escape(a), escape(b), "step {i}: strata and redis differ");
        }
        assert_eq!(strata.len(), redis.len());
    }
}

fn raw(c: &mut Client, args: &[&str]) -> Vec<u8> {
    let a: Vec<&[u8]> = args.iter().map(|s| s.as_bytes()).collect();
    c.raw(&a)
}

#[test]
fn subscribe_replies_once_per_channel_and_messages_arrive_in_resp2_and_resp3() {
    same_on_both(|s| {
        let mut out = Vec::new();
        let mut sub = s.client();
        let mut sub3 = s.client();
        let mut p = s.client();
        raw(&mut sub3, &["HELLO", "3"]);
        for c in [&mut sub, &mut sub3] {
            c.send_cmd(&["SUBSCRIBE", "news", "sport", "news"]);
            for _ in 0..3 {
                out.push(c.read_raw());
            }
            c.send_cmd(&["PSUBSCRIBE", "n*", "[sx]port"]);
            out.push(c.read_raw());
            out.push(c.read_raw());
            c.send_cmd(&["SSUBSCRIBE", "shard1"]);
            out.push(c.read_raw());
        }
        out.push(raw(&mut p, &["PUBLISH", "news", "hello"]));
        out.push(raw(&mut p, &["PUBLISH", "sport", "goal"]));
        out.push(raw(&mut p, &["PUBLISH", "nothing", "x"]));
        out.push(raw(&mut p, &["SPUBLISH", "shard1", "s-msg"]));
        for c in [&mut sub, &mut sub3] {
            // news: message + pmessage(n*); sport: message + pmessage([sx]port); nothing:
            // pmessage(n*); shard1: smessage.
            let mut got: Vec<Vec<u8>> = (0..6).map(|_| c.read_raw()).collect();
            // Channel subscribers and pattern matches may come in either order for one
            // PUBLISH; compare them as a set per publish.
            got[0..2].sort();
            got[2..4].sort();
            out.extend(got);
        }
        out.push(raw(&mut p, &["PUBSUB", "NUMPAT"]));
        out.push(raw(&mut p, &["PUBSUB", "NUMSUB", "news", "sport", "none"]));
        out.push(raw(&mut p, &["PUBSUB", "SHARDNUMSUB", "shard1", "x"]));
        out.push(raw(&mut p, &["PUBSUB", "CHANNELS", "spo*"]));
        out.push(raw(&mut p, &["PUBSUB", "SHARDCHANNELS"]));
        out.push(raw(&mut p, &["PUBSUB", "SHARDCHANNELS", "nomatch"]));
        out.push(raw(&mut p, &["PUBSUB", "HELP"]));
        out.push(raw(&mut p, &["PUBSUB", "NOPE"]));
        out.push(raw(&mut p, &["PUBSUB", "CHANNELS", "a", "b"]));
        out
    });
}

#[test]
fn a_resp2_subscriber_may_only_subscribe_ping_quit_and_reset() {
    same_on_both(|s| {
        let mut out = Vec::new();
        let mut c = s.client();
        c.send_cmd(&["SUBSCRIBE", "ch"]);
        out.push(c.read_raw());
        out.push(raw(&mut c, &["GET", "x"]));
        out.push(raw(&mut c, &["PING"]));
        out.push(raw(&mut c, &["PING", "hi"]));
        out.push(raw(&mut c, &["PUBLISH", "ch", "x"]));
        c.send_cmd(&["UNSUBSCRIBE"]);
        out.push(c.read_raw());
        // Back to normal once nothing is subscribed.
        out.push(raw(&mut c, &["PING"]));
        out.push(raw(&mut c, &["UNSUBSCRIBE"]));
        out.push(raw(&mut c, &["PUNSUBSCRIBE", "nothing"]));
        c.send_cmd(&["PSUBSCRIBE", "a*"]);
        out.push(c.read_raw());
        out.push(raw(&mut c, &["RESET"]));
        out.push(raw(&mut c, &["GET", "x"]));
        // RESP3 subscribers run anything.
        raw(&mut c, &["HELLO", "3"]);
        c.send_cmd(&["SUBSCRIBE", "ch"]);
        out.push(c.read_raw());
        out.push(raw(&mut c, &["SET", "k", "v"]));
        out.push(raw(&mut c, &["PING"]));
        out
    });
}

#[test]
fn unsubscribe_counts_down_and_forgets_the_subscriber() {
    same_on_both(|s| {
        let mut out = Vec::new();
        let mut c = s.client();
        let mut p = s.client();
        c.send_cmd(&["SUBSCRIBE", "a", "b", "c"]);
        for _ in 0..3 {
            out.push(c.read_raw());
        }
        c.send_cmd(&["UNSUBSCRIBE", "b", "zz"]);
        out.push(c.read_raw());
        out.push(c.read_raw());
        out.push(raw(&mut p, &["PUBLISH", "b", "x"]));
        out.push(raw(&mut p, &["PUBLISH", "a", "y"]));
        out.push(c.read_raw());
        // With several left, UNSUBSCRIBE answers in Redis' hash order: leave one.
        c.send_cmd(&["UNSUBSCRIBE", "c"]);
        out.push(c.read_raw());
        c.send_cmd(&["UNSUBSCRIBE"]);
        out.push(c.read_raw());
        out.push(raw(&mut p, &["PUBSUB", "NUMSUB", "a", "c"]));
        drop(c);
        out
    });
}

#[test]
fn a_disconnected_subscriber_is_removed() {
    for s in fresh_servers() {
        let mut p = s.client();
        {
            let mut c = s.client();
            c.send_cmd(&["SUBSCRIBE", "gone"]);
            c.read_raw();
            assert_int(&p.cmd(&["PUBLISH", "gone", "1"]), 1);
        }
        assert!(wait_until(Duration::from_secs(5), || p
            .cmd(&["PUBLISH", "gone", "2"])
            .as_int()
            == 0));
    }
}

#[test]
fn one_publisher_and_a_thousand_subscribers_get_every_message_in_order() {
    let s = Server::strata();
    let n_subs = 1000;
    let n_msgs = 50;
    let mut subs: Vec<Client> = (0..n_subs).map(|_| s.client()).collect();
    for c in &mut subs {
        c.send_cmd(&["SUBSCRIBE", "fan"]);
        c.read_raw();
    }
    let mut p = s.client();
    for i in 0..n_msgs {
        assert_int(&p.cmd(&["PUBLISH", "fan", &format!("m{i}")]), n_subs as i64);
    }
    for c in &mut subs {
        for i in 0..n_msgs {
            let m = c.read_value().as_array();
            assert_eq!(m[2].as_bytes(), format!("m{i}").as_bytes());
        }
    }
}

#[test]
fn a_subscriber_that_does_not_read_is_disconnected_and_the_others_keep_receiving() {
    let s = Server::strata();
    let mut slow = s.client();
    slow.send_cmd(&["SUBSCRIBE", "flood"]);
    slow.read_raw();
    let mut fast = s.client();
    fast.send_cmd(&["SUBSCRIBE", "flood"]);
    fast.read_raw();
    let addr = s.addr();
    let received = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = received.clone();
    let reader = thread::spawn(move || {
        for _ in 0..600 {
            fast.read_raw();
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        // Still subscribed: handed back so it stays connected.
        fast
    });
    let payload = "x".repeat(100 * 1024);
    let mut p = Client::connect(&addr);
    // 600 x 100 KB = 60 MB, past the 32 MB hard limit for a subscriber that never reads; the
    // publisher waits for the reading one now and then so that it never falls that far behind.
    for i in 0..600 {
        p.cmd(&["PUBLISH", "flood", &payload]);
        if i % 50 == 49 {
            let seen = || received.load(std::sync::atomic::Ordering::SeqCst) + 50 > i;
            assert!(wait_until(Duration::from_secs(10), seen));
        }
    }
    let _fast = reader.join().unwrap();
    assert!(wait_until(Duration::from_secs(5), || {
        p.cmd(&["PUBSUB", "NUMSUB", "flood"]).as_array()[1].as_int() == 1
    }));
    assert!(slow.is_closed_within(Duration::from_secs(5)));
}

#[test]
fn client_output_buffer_limit_is_configured_like_redis() {
    let (strata, redis) = (Server::strata(), Server::redis());
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["CONFIG", "GET", "client-output-buffer-limit"]);
    for v in [
        "pubsub 1mb 512kb 10",
        "replica 1 2 3",
        "normal 0 0 0 pubsub 64mb 16mb 120",
        "pubsub 1mb 512kb",
        "foo 1 1 1",
        "pubsub x 1 1",
        "pubsub 1 1 -1",
    ] {
        p.check(&["CONFIG", "SET", "client-output-buffer-limit", v]);
        p.check(&["CONFIG", "GET", "client-output-buffer-limit"]);
    }
}

#[test]
fn a_subscriber_over_the_soft_limit_for_too_long_is_disconnected() {
    let s = Server::strata();
    let mut p = s.client();
    assert_ok(&p.cmd(&[
        "CONFIG",
        "SET",
        "client-output-buffer-limit",
        "pubsub 0 64kb 1",
    ]));
    let mut slow = s.client();
    slow.send_cmd(&["SUBSCRIBE", "soft"]);
    slow.read_raw();
    let payload = "y".repeat(64 * 1024);
    // Enough to stay over 64 KB of queued output even after the kernel's socket buffers fill.
    for _ in 0..200 {
        p.cmd(&["PUBLISH", "soft", &payload]);
    }
    assert_eq!(
        p.cmd(&["PUBSUB", "NUMSUB", "soft"]).as_array()[1].as_int(),
        1
    );
    thread::sleep(Duration::from_millis(1300));
    p.cmd(&["PUBLISH", "soft", &payload]);
    assert!(wait_until(Duration::from_secs(5), || {
        p.cmd(&["PUBSUB", "NUMSUB", "soft"]).as_array()[1].as_int() == 0
    }));
}

/// The `normal` class applies to command replies: a reply bigger than its hard limit closes
/// the connection (as Redis does), smaller ones and other clients are unaffected.
#[test]
fn a_reply_over_the_normal_hard_limit_closes_the_connection() {
    for s in fresh_servers() {
        let mut admin = s.client();
        admin.cmd(&["SET", "big", &"x".repeat(2 << 20)]);
        admin.cmd(&["SET", "small", "v"]);
        assert_ok(&admin.cmd(&[
            "CONFIG",
            "SET",
            "client-output-buffer-limit",
            "normal 1mb 0 0",
        ]));
        let mut c = s.client();
        assert_bulk(&c.cmd(&["GET", "small"]), b"v");
        c.send_cmd(&["GET", "big"]);
        assert!(c.is_closed_within(Duration::from_secs(5)), "{:?}", s.kind);
        assert_ok(&admin.cmd(&[
            "CONFIG",
            "SET",
            "client-output-buffer-limit",
            "normal 0 0 0",
        ]));
        assert_eq!(admin.cmd(&["GET", "big"]).as_bytes().len(), 2 << 20);
    }
}

#[test]
fn a_resp3_client_publishing_to_itself_gets_the_message_before_the_reply() {
    same_on_both(|s| {
        let mut out = Vec::new();
        let mut c = s.client();
        raw(&mut c, &["HELLO", "3"]);
        c.send_cmd(&["SUBSCRIBE", "self"]);
        out.push(c.read_raw());
        c.send_cmd(&["PUBLISH", "self", "hi"]);
        out.push(c.read_raw());
        out.push(c.read_raw());
        c.send_cmd(&[
            "EVAL",
            "redis.call('PUBLISH', 'self', 'x') return 'done'",
            "0",
        ]);
        out.push(c.read_raw());
        out.push(c.read_raw());
        out
    });
}

#[test]
fn ssubscribe_is_refused_inside_exec_and_subscribe_is_not() {
    same_on_both(|s| {
        let mut out = Vec::new();
        let mut c = s.client();
        out.push(raw(&mut c, &["MULTI"]));
        out.push(raw(&mut c, &["SSUBSCRIBE", "a"]));
        out.push(raw(&mut c, &["SUBSCRIBE", "b"]));
        out.push(raw(&mut c, &["EXEC"]));
        out
    });
}
