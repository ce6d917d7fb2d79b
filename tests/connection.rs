//! Connection-level commands: PING ECHO SELECT QUIT RESET HELLO AUTH CLIENT *.
mod common;

use common::*;
use std::collections::BTreeSet;
use std::time::Duration;

/// `key=value` fields of one CLIENT LIST / CLIENT INFO line, in order.
fn client_fields(line: &str) -> Vec<(String, String)> {
    line.trim_end()
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| match t.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => panic!("CLIENT LIST token without '=': {t:?} in line {line:?}"),
        })
        .collect()
}

fn field(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("field {name} missing in {fields:?}"))
        .1
        .clone()
}

fn client_lines(v: &Value) -> Vec<Vec<(String, String)>> {
    let text = v.as_str();
    assert!(
        text.ends_with('\n'),
        "CLIENT LIST/INFO output must end with a newline: {text:?}"
    );
    text.lines().map(client_fields).collect()
}

#[test]
fn ping_without_and_with_message() {
    let mut p = Pair::new();
    assert_eq!(p.check(&["PING"]), Value::Status("PONG".into()));
    assert_eq!(p.check(&["PING", "hello world"]).as_str(), "hello world");
    p.check(&["ping", ""]);
    p.check_bytes(&[b"PING", b"\x00\xff\r\n"]);
    p.check(&["PING", "a", "b"]);
    let _ = p.both(&["HELLO", "3"]);
    p.check(&["PING"]);
    p.check(&["PING", "x"]);
}

#[test]
fn echo_returns_its_argument() {
    let mut p = Pair::new();
    assert_eq!(p.check(&["ECHO", "hi"]).as_str(), "hi");
    p.check(&["ECHO", ""]);
    p.check_bytes(&[b"echo", b"\x00\x01\r\n\xfe"]);
    p.check(&["ECHO"]);
    p.check(&["ECHO", "a", "b"]);
}

#[test]
fn select_valid_and_invalid_index() {
    let mut p = Pair::new();
    let k = "select_valid_and_invalid_index:k";
    p.check_all(&[
        &["SELECT", "0"],
        &["SELECT", "15"],
        &["SELECT", "16"],
        &["SELECT", "-1"],
        &["SELECT", "abc"],
        &["SELECT", "1.5"],
        &["SELECT", "99999999999999999999"],
        &["SELECT"],
        &["SELECT", "1", "2"],
    ]);
    assert_eq!(
        p.check(&["SELECT", "16"]).as_error(),
        "ERR DB index is out of range"
    );
    // A failed SELECT keeps the current db (15).
    p.check(&["SET", k, "in15"]);
    p.check(&["SELECT", "1"]);
    p.check(&["SET", k, "in1"]);
    assert_eq!(p.check(&["GET", k]).as_str(), "in1");
    p.check(&["SELECT", "0"]);
    assert_eq!(p.check(&["GET", k]), Value::Bulk(None));
    p.check(&["SELECT", "15"]);
    assert_eq!(p.check(&["GET", k]).as_str(), "in15");
    // Each connection has its own selected db.
    let mut q = Pair::new();
    assert_eq!(q.check(&["GET", k]), Value::Bulk(None));
    p.check(&["DEL", k]);
    p.check(&["SELECT", "1"]);
    p.check(&["DEL", k]);
}

#[test]
fn quit_replies_ok_and_closes() {
    let mut p = Pair::new();
    assert_eq!(p.check(&["QUIT"]), Value::Status("OK".into()));
    p.assert_closed("after QUIT");

    // Commands pipelined after QUIT are not executed.
    let mut p = Pair::new();
    let k = "quit_replies_ok_and_closes:after";
    let mut bytes = encode_cmd(&[b"QUIT"]);
    bytes.extend_from_slice(&encode_cmd(&[b"SET", k.as_bytes(), b"v"]));
    assert_eq!(p.check_raw(&bytes), b"+OK\r\n");
    p.assert_closed("after pipelined QUIT");
    let mut q = Pair::new();
    assert_eq!(q.check(&["EXISTS", k]).as_int(), 0);
}

#[test]
fn reset_restores_connection_defaults() {
    let mut p = Pair::new();
    let k = "reset_restores_connection_defaults:k";
    p.check(&["SELECT", "2"]);
    p.check(&["SET", k, "db2"]);
    p.check(&["CLIENT", "SETNAME", "before-reset"]);
    let _ = p.both(&["HELLO", "3"]);
    assert_eq!(p.check(&["RESET"]), Value::Status("RESET".into()));
    // Name cleared, RESP2 again (nil is $-1), db 0 again.
    assert_eq!(p.check(&["CLIENT", "GETNAME"]), Value::Bulk(None));
    assert_eq!(p.check(&["GET", k]), Value::Bulk(None));
    let (info, _) = p.both(&["CLIENT", "INFO"]);
    let f = &client_lines(&info)[0];
    assert_eq!(field(f, "db"), "0");
    assert_eq!(field(f, "name"), "");
    assert_eq!(field(f, "resp"), "2");
    p.check(&["RESET", "x"]);
    p.check(&["SELECT", "2"]);
    p.check(&["DEL", k]);
}

#[test]
fn hello_switches_protocol_and_reports_fields() {
    let mut p = Pair::new();
    let keys = |v: &Value| -> Vec<String> { v.as_map().iter().map(|(k, _)| k.as_str()).collect() };
    // Without arguments: current protocol (2), flat array.
    let (s, r) = p.both(&["HELLO"]);
    assert!(
        matches!(s, Value::Array(Some(ref v)) if v.len() == 14),
        "HELLO reply {s:?}"
    );
    if let Some(r) = &r {
        assert_eq!(keys(&s), keys(r));
    }
    let (s, r) = p.both(&["HELLO", "3"]);
    assert!(
        matches!(s, Value::Map(_)),
        "HELLO 3 must reply with a map: {s:?}"
    );
    if let Some(r) = &r {
        assert_eq!(keys(&s), keys(r));
    }
    let id = s
        .as_map()
        .into_iter()
        .find(|(k, _)| k.as_str() == "id")
        .unwrap()
        .1
        .as_int();
    let (own, _) = p.both(&["CLIENT", "ID"]);
    assert_eq!(own.as_int(), id, "HELLO id must be the CLIENT ID");
    let (s, _) = p.both(&["HELLO", "2"]);
    assert!(matches!(s, Value::Array(Some(_))));

    p.check_all(&[
        &["HELLO", "4"],
        &["HELLO", "1"],
        &["HELLO", "0"],
        &["HELLO", "abc"],
        &["HELLO", "3", "FOO"],
        &["HELLO", "3", "AUTH", "default"],
        &["HELLO", "3", "SETNAME", "a b"],
        &["HELLO", "3", "SETNAME"],
    ]);
    assert_eq!(
        p.check(&["HELLO", "4"]).as_error(),
        "NOPROTO unsupported protocol version"
    );
    // Failed HELLOs did not switch the protocol: still RESP2.
    assert_eq!(
        p.check(&["GET", "hello_switches_protocol:missing"]),
        Value::Bulk(None)
    );

    let (s, _) = p.both(&["HELLO", "3", "SETNAME", "hello-name"]);
    assert!(matches!(s, Value::Map(_)));
    assert_eq!(p.check(&["CLIENT", "GETNAME"]).as_str(), "hello-name");
    // AUTH with the default user works when no password is configured.
    let (s, _) = p.both(&["HELLO", "2", "AUTH", "default", "anything", "SETNAME", "n2"]);
    assert!(
        matches!(s, Value::Array(Some(_))),
        "HELLO 2 AUTH reply {s:?}"
    );
    assert_eq!(p.check(&["CLIENT", "GETNAME"]).as_str(), "n2");
}

#[test]
fn auth_without_configured_password() {
    let mut p = Pair::new();
    let e = p.check(&["AUTH", "x"]);
    assert!(e
        .as_error()
        .starts_with("ERR AUTH <password> called without any password configured"));
    p.check(&["AUTH", "default", "x"]);
    p.check(&["AUTH", "a", "b", "c"]);
    p.check(&["AUTH"]);
}

#[test]
fn auth_with_requirepass() {
    let strata = Server::strata_with(&["--requirepass", "secret"]);
    let redis = Server::redis_with(&["--requirepass", "secret"]);
    let mut p = Pair::on(&strata, redis.as_ref());
    assert_eq!(
        p.check(&["GET", "k"]).as_error(),
        "NOAUTH Authentication required."
    );
    p.check_all(&[
        &["PING"],
        &["SET", "k", "v"],
        &["CLIENT", "ID"],
        &["HELLO"],
        &["HELLO", "3"],
        &["HELLO", "3", "AUTH", "default", "wrong"],
        &["AUTH", "nouser", "secret"],
        &["AUTH", "a", "b", "c"],
    ]);
    assert_eq!(
        p.check(&["AUTH", "wrong"]).as_error(),
        "WRONGPASS invalid username-password pair or user is disabled."
    );
    assert_eq!(p.check(&["AUTH", "secret"]), Value::Status("OK".into()));
    p.check(&["GET", "k"]);
    p.check(&["AUTH", "default", "secret"]);
    p.check(&["AUTH", "wrong"]);
    // A failed AUTH after a successful one keeps the connection authenticated.
    p.check(&["GET", "k"]);

    // HELLO ... AUTH authenticates and switches protocol in one go.
    let mut q = Pair::on(&strata, redis.as_ref());
    let (s, r) = q.both(&["HELLO", "3", "AUTH", "default", "secret"]);
    assert!(matches!(s, Value::Map(_)), "HELLO 3 AUTH reply {s:?}");
    if let Some(r) = r {
        assert!(matches!(r, Value::Map(_)));
    }
    q.check(&["GET", "k"]);

    // QUIT works without authentication.
    let mut q = Pair::on(&strata, redis.as_ref());
    assert_eq!(q.check(&["QUIT"]), Value::Status("OK".into()));
    q.assert_closed("QUIT before AUTH");
}

#[test]
fn client_id_is_unique_and_increasing() {
    let mut p = Pair::new();
    let mut q = Pair::new();
    let (a, _) = p.both(&["CLIENT", "ID"]);
    let (b, _) = q.both(&["CLIENT", "ID"]);
    assert!(a.as_int() > 0);
    assert!(
        b.as_int() > a.as_int(),
        "later connection must get a larger id ({b:?} vs {a:?})"
    );
    let (again, _) = p.both(&["CLIENT", "ID"]);
    assert_eq!(again, a);
    p.check(&["CLIENT", "ID", "x"]);
}

#[test]
fn client_setname_getname() {
    let mut p = Pair::new();
    assert_eq!(p.check(&["CLIENT", "GETNAME"]), Value::Bulk(None));
    assert_eq!(
        p.check(&["CLIENT", "SETNAME", "with space"]).as_error(),
        "ERR Client names cannot contain spaces, newlines or special characters."
    );
    p.check_all(&[
        &["CLIENT", "SETNAME", "new\nline"],
        &["CLIENT", "SETNAME", "tab\tx"],
        &["CLIENT", "SETNAME", "caf\u{e9}"],
        &["CLIENT", "SETNAME"],
        &["CLIENT", "SETNAME", "a", "b"],
        &["CLIENT", "GETNAME", "x"],
        &["CLIENT", "GETNAME"],
        &["CLIENT", "SETNAME", "valid-name_1:{x}"],
        &["CLIENT", "GETNAME"],
    ]);
    let (info, _) = p.both(&["CLIENT", "INFO"]);
    assert_eq!(field(&client_lines(&info)[0], "name"), "valid-name_1:{x}");
    p.check(&["CLIENT", "SETNAME", ""]);
    assert_eq!(p.check(&["CLIENT", "GETNAME"]), Value::Bulk(None));
}

#[test]
fn client_list_fields_match_redis() {
    let mut p = Pair::new();
    p.check(&["CLIENT", "SETNAME", "lister"]);
    let (own_id, _) = p.both(&["CLIENT", "ID"]);
    let (s, r) = p.both(&["CLIENT", "LIST"]);
    let s_lines = client_lines(&s);
    let mine = s_lines
        .iter()
        .find(|f| field(f, "id") == own_id.as_int().to_string())
        .unwrap_or_else(|| panic!("own id {own_id:?} not in CLIENT LIST: {s:?}"));
    let names: BTreeSet<String> = mine.iter().map(|(k, _)| k.clone()).collect();
    for required in [
        "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "multi",
        "qbuf", "cmd",
    ] {
        assert!(
            names.contains(required),
            "CLIENT LIST lacks field {required}: {mine:?}"
        );
    }
    if let Some(r) = &r {
        let rnames: BTreeSet<String> = client_lines(r)[0].iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(names, rnames, "CLIENT LIST field names differ from redis'");
    }
    let (strata, _) = shared();
    assert_eq!(field(mine, "addr"), p.strata.local_addr());
    assert_eq!(field(mine, "laddr"), strata.addr());
    assert_eq!(field(mine, "name"), "lister");
    assert_eq!(field(mine, "db"), "0");
    assert_eq!(field(mine, "cmd"), "client|list");
    assert_eq!(field(mine, "flags"), "N");
    assert_eq!(field(mine, "multi"), "-1");
    assert_eq!(field(mine, "resp"), "2");
    for num in ["fd", "age", "idle", "sub", "psub", "qbuf"] {
        field(mine, num)
            .parse::<i64>()
            .unwrap_or_else(|_| panic!("{num} not numeric: {mine:?}"));
    }
    // Filters.
    let (only, _) = p.both(&["CLIENT", "LIST", "ID", &own_id.as_int().to_string()]);
    let only = client_lines(&only);
    assert_eq!(only.len(), 1);
    assert_eq!(field(&only[0], "id"), own_id.as_int().to_string());
    let (normal, _) = p.both(&["CLIENT", "LIST", "TYPE", "normal"]);
    assert!(client_lines(&normal)
        .iter()
        .any(|f| field(f, "name") == "lister"));
    p.check_all(&[
        &["CLIENT", "LIST", "TYPE", "bogus"],
        &["CLIENT", "LIST", "ID", "abc"],
        &["CLIENT", "LIST", "ID", "999999999"],
        &["CLIENT", "LIST", "FOO"],
    ]);
}

#[test]
fn client_info_describes_current_connection() {
    let mut p = Pair::new();
    let (id, _) = p.both(&["CLIENT", "ID"]);
    p.check(&["SELECT", "4"]);
    let (s, r) = p.both(&["CLIENT", "INFO"]);
    let lines = client_lines(&s);
    assert_eq!(lines.len(), 1, "CLIENT INFO must be one line: {s:?}");
    let f = &lines[0];
    assert_eq!(field(f, "id"), id.as_int().to_string());
    assert_eq!(field(f, "cmd"), "client|info");
    assert_eq!(field(f, "db"), "4");
    assert_eq!(field(f, "addr"), p.strata.local_addr());
    if let Some(r) = &r {
        let a: Vec<String> = f.iter().map(|(k, _)| k.clone()).collect();
        let b: Vec<String> = client_lines(r)[0].iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(
            a, b,
            "CLIENT INFO field names (in order) differ from redis'"
        );
    }
}

/// Runs the CLIENT KILL scenario on one server and returns the replies in order.
fn client_kill_scenario(server: &Server) -> Vec<Value> {
    let mut out = Vec::new();
    let mut ctl = server.client();
    let wait_clients = |ctl: &mut Client, n: usize| {
        let ok = wait_until(Duration::from_secs(5), || {
            ctl.cmd(&["CLIENT", "LIST"]).as_str().lines().count() == n
        });
        assert!(
            ok,
            "expected {n} clients: {:?}",
            ctl.cmd(&["CLIENT", "LIST"])
        );
    };
    wait_clients(&mut ctl, 1);

    // By ID.
    let mut v = server.client();
    let vid = v.cmd(&["CLIENT", "ID"]).as_int();
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", &vid.to_string()]));
    assert!(v.is_closed(), "victim killed by ID still connected");
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", &vid.to_string()]));
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", "999999"]));
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", "abc"]));

    // By ADDR.
    let mut v = server.client();
    v.cmd(&["PING"]);
    out.push(ctl.cmd(&["CLIENT", "KILL", "ADDR", &v.local_addr()]));
    assert!(v.is_closed(), "victim killed by ADDR still connected");

    // Old form: CLIENT KILL addr:port.
    let mut v = server.client();
    v.cmd(&["PING"]);
    out.push(ctl.cmd(&["CLIENT", "KILL", &v.local_addr()]));
    assert!(
        v.is_closed(),
        "victim killed by old-form addr still connected"
    );
    out.push(ctl.cmd(&["CLIENT", "KILL", &v.local_addr()]));
    out.push(ctl.cmd(&["CLIENT", "KILL", "127.0.0.1:1"]));

    // By LADDR: everyone connected to this listening address except ourselves (SKIPME yes).
    wait_clients(&mut ctl, 1);
    let mut v1 = server.client();
    let mut v2 = server.client();
    v1.cmd(&["PING"]);
    v2.cmd(&["PING"]);
    out.push(ctl.cmd(&["CLIENT", "KILL", "LADDR", &server.addr()]));
    assert!(
        v1.is_closed() && v2.is_closed(),
        "LADDR victims still connected"
    );
    out.push(ctl.cmd(&["PING"]));

    // By USER, explicit SKIPME yes.
    wait_clients(&mut ctl, 1);
    let mut v = server.client();
    v.cmd(&["PING"]);
    out.push(ctl.cmd(&["CLIENT", "KILL", "USER", "default", "SKIPME", "yes"]));
    assert!(v.is_closed(), "USER victim still connected");
    out.push(ctl.cmd(&["CLIENT", "KILL", "USER", "nouser"]));

    // Combined filters must all match.
    let mut v = server.client();
    let vid = v.cmd(&["CLIENT", "ID"]).as_int();
    out.push(ctl.cmd(&[
        "CLIENT",
        "KILL",
        "ID",
        &vid.to_string(),
        "ADDR",
        "127.0.0.1:1",
    ]));
    assert!(!v.is_closed_within(Duration::from_millis(200)));
    out.push(ctl.cmd(&[
        "CLIENT",
        "KILL",
        "ID",
        &vid.to_string(),
        "ADDR",
        &v.local_addr(),
    ]));
    assert!(v.is_closed());

    // Syntax errors.
    out.push(ctl.cmd(&["CLIENT", "KILL", "SKIPME", "maybe"]));
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", "1", "SKIPME", "maybe"]));
    out.push(ctl.cmd(&["CLIENT", "KILL", "FOO", "bar"]));
    out.push(ctl.cmd(&["CLIENT", "KILL"]));

    // Killing ourselves: skipped by default, done with SKIPME no.
    let own = ctl.cmd(&["CLIENT", "ID"]).as_int().to_string();
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", &own]));
    out.push(ctl.cmd(&["CLIENT", "KILL", "ID", &own, "SKIPME", "no"]));
    assert!(ctl.is_closed(), "client that killed itself still connected");
    out
}

#[test]
fn client_kill_by_id_addr_laddr_user_and_skipme() {
    let strata = Server::strata();
    let s = client_kill_scenario(&strata);
    let expected_counts = [1, 0, 0];
    for (i, n) in expected_counts.iter().enumerate() {
        assert_eq!(s[i], Value::Int(*n), "reply #{i} in {s:?}");
    }
    if let Some(redis) = Server::redis() {
        let r = client_kill_scenario(&redis);
        assert_eq!(
            s, r,
            "CLIENT KILL replies differ (left strata, right redis)"
        );
    }
}

#[test]
fn client_reply_off_skip_on() {
    let mut p = Pair::new();
    let k = "client_reply_off_skip_on:k";
    let script: &[&[&str]] = &[
        &["CLIENT", "REPLY", "OFF"],
        &["SET", k, "1"],
        &["PING"],
        &["CLIENT", "REPLY", "ON"], // +OK
        &["INCR", k],               // :2
        &["CLIENT", "REPLY", "SKIP"],
        &["INCR", k], // skipped reply
        &["GET", k],  // "3"
        &["ECHO", "end"],
    ];
    let mut bytes = Vec::new();
    for c in script {
        let a: Vec<&[u8]> = c.iter().map(|s| s.as_bytes()).collect();
        bytes.extend_from_slice(&encode_cmd(&a));
    }
    let expected: &[u8] = b"+OK\r\n:2\r\n$1\r\n3\r\n$3\r\nend\r\n";
    let run = |c: &mut Client| {
        c.send_raw(&bytes);
        let mut out = Vec::new();
        for _ in 0..4 {
            out.extend_from_slice(&c.read_raw());
        }
        out
    };
    assert_eq!(escape(&run(&mut p.strata)), escape(expected), "strata");
    if let Some(r) = &mut p.redis {
        assert_eq!(escape(&run(r)), escape(expected), "oracle redis");
    }
    let v = p.check(&["ECHO", "synced"]);
    assert_eq!(v.as_str(), "synced");
    p.check(&["CLIENT", "REPLY", "MAYBE"]);
    p.check(&["CLIENT", "REPLY"]);
    p.check(&["DEL", k]);
}

#[test]
fn client_pause_write_delays_writes_but_not_reads_until_it_ends() {
    let server = Server::strata();
    let mut admin = server.client();
    let mut other = server.client();
    other.cmd(&["SET", "conn:pause:k", "v"]);
    assert_eq!(
        admin.cmd(&["CLIENT", "PAUSE", "400", "WRITE"]),
        Value::Status("OK".into())
    );
    let t = std::time::Instant::now();
    assert_eq!(other.cmd(&["GET", "conn:pause:k"]).as_bytes(), b"v");
    assert!(
        t.elapsed() < Duration::from_millis(200),
        "read waited {:?}",
        t.elapsed()
    );
    let t = std::time::Instant::now();
    other.cmd(&["SET", "conn:pause:k", "w"]);
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "write ran during the pause after {:?}",
        t.elapsed()
    );

    // ALL pauses reads too, and UNPAUSE releases waiting clients at once.
    admin.cmd(&["CLIENT", "PAUSE", "10000", "ALL"]);
    let handle = std::thread::spawn(move || {
        let t = std::time::Instant::now();
        let v = other.cmd(&["GET", "conn:pause:k"]);
        (v, t.elapsed())
    });
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        admin.cmd(&["CLIENT", "UNPAUSE"]),
        Value::Status("OK".into())
    );
    let (v, waited) = handle.join().unwrap();
    assert_eq!(v.as_bytes(), b"w");
    assert!(
        waited >= Duration::from_millis(150) && waited < Duration::from_secs(5),
        "waited {waited:?}"
    );
}

#[test]
fn client_tracking_caching_pause_unblock_errors_match_redis() {
    let mut p = Pair::new();
    p.check_all(&[
        &["CLIENT", "CACHING", "YES"],
        &["CLIENT", "GETREDIR"],
        &["CLIENT", "TRACKINGINFO"],
        &["CLIENT", "TRACKING", "OFF"],
        &["CLIENT", "TRACKING", "maybe"],
        // Options are checked whether tracking goes on or off.
        &["CLIENT", "TRACKING", "OFF", "bogus"],
        &["CLIENT", "TRACKING", "OFF", "redirect"],
        &["CLIENT", "TRACKING", "OFF", "redirect", "abc"],
        &["CLIENT", "TRACKING", "OFF", "redirect", "999999"],
        &[
            "CLIENT", "TRACKING", "OFF", "prefix", "a", "bcast", "optin", "optout", "noloop",
        ],
        &["CLIENT", "TRACKING", "ON", "bogus"],
        &["CLIENT", "NO-EVICT", "on"],
        &["CLIENT", "NO-EVICT", "maybe"],
        &["CLIENT", "PAUSE", "abc"],
        &["CLIENT", "PAUSE", "-1"],
        &["CLIENT", "PAUSE", "0", "sometimes"],
        &["CLIENT", "PAUSE", "0", "WRITE"],
        &["CLIENT", "UNPAUSE"],
        &["CLIENT", "UNBLOCK", "abc"],
        &["CLIENT", "UNBLOCK", "999999", "maybe"],
        &["CLIENT", "UNBLOCK", "999999", "ERROR"],
    ]);
}
