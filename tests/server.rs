//! Server commands: COMMAND, INFO, CONFIG, TIME, LASTSAVE, SAVE/BGSAVE, DEBUG,
//! SHUTDOWN, FLUSHDB/FLUSHALL, DBSIZE, SWAPDB, MOVE.
mod common;

use common::*;
use std::collections::BTreeSet;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn ok() -> Value {
    Value::Status("OK".into())
}

// ---------------------------------------------------------------------------
// COMMAND
// ---------------------------------------------------------------------------

#[test]
fn command_count_is_an_integer_of_at_least_60() {
    let mut p = Pair::new();
    let (n, _) = p.both(&["COMMAND", "COUNT"]);
    assert!(n.as_int() >= 60, "COMMAND COUNT = {n:?}");
    p.check(&["COMMAND", "COUNT", "x"]);
}

/// COMMAND INFO with each command's subcommand list (element 10, a set in
/// disguise: redis itself returns it in hash-table order, which differs
/// between two redis processes) sorted; everything else kept byte for byte.
fn normalize_command_info(v: &Value) -> Vec<u8> {
    fn norm(v: &Value) -> Value {
        match v {
            Value::Array(Some(items))
                if items.len() == 10 && matches!(items[0], Value::Bulk(Some(_))) =>
            {
                let mut items = items.clone();
                if let Value::Array(Some(subs)) = &items[9] {
                    let mut subs: Vec<Value> = subs.iter().map(norm).collect();
                    subs.sort_by_key(|s| s.to_resp());
                    items[9] = Value::Array(Some(subs));
                }
                Value::Array(Some(items))
            }
            other => other.clone(),
        }
    }
    match v {
        Value::Array(Some(entries)) => {
            Value::Array(Some(entries.iter().map(norm).collect())).to_resp()
        }
        other => other.to_resp(),
    }
}

fn check_command_info(p: &mut Pair, args: &[&str]) {
    let (s, r) = p.both(args);
    let Some(r) = r else { return };
    let (sn, rn) = (normalize_command_info(&s), normalize_command_info(&r));
    if sn != rn {
        let i = sn.iter().zip(rn.iter()).take_while(|(a, b)| a == b).count();
        panic!(
            "{args:?} differs from redis (subcommand order ignored) at byte {i}:\n  strata: ...\"{}\"\n  redis:  ...\"{}\"\n  full strata: \"{}\"\n  full redis:  \"{}\"",
            escape(&sn[i.saturating_sub(60)..(i + 60).min(sn.len())]),
            escape(&rn[i.saturating_sub(60)..(i + 60).min(rn.len())]),
            escape(&sn),
            escape(&rn)
        );
    }
}

#[test]
fn command_info_matches_redis_for_core_commands() {
    let mut p = Pair::new();
    // No subcommands: byte-identical.
    for c in ["get", "set", "del", "mget"] {
        p.check(&["COMMAND", "INFO", c]);
    }
    p.check(&["COMMAND", "INFO", "GET"]);
    p.check(&["COMMAND", "INFO", "config|get"]);
    p.check(&["COMMAND", "INFO", "client|list"]);
    // With subcommands: identical except for the order of the subcommand list.
    for c in ["config", "client"] {
        check_command_info(&mut p, &["COMMAND", "INFO", c]);
    }
    check_command_info(
        &mut p,
        &[
            "COMMAND", "INFO", "get", "set", "del", "mget", "config", "client",
        ],
    );
}

#[test]
fn command_info_of_unknown_command_is_nil_entry() {
    let mut p = Pair::new();
    let v = p.check(&["COMMAND", "INFO", "nosuchcmd"]);
    assert_eq!(v, Value::Array(Some(vec![Value::Bulk(None)])));
    p.check(&["COMMAND", "INFO", "get", "nosuchcmd", "get"]);
}

#[test]
fn command_getkeys_extracts_keys() {
    let mut p = Pair::new();
    let v = p.check(&["COMMAND", "GETKEYS", "set", "k", "v"]);
    assert_eq!(v.as_array(), vec![Value::Bulk(Some(b"k".to_vec()))]);
    let v = p.check(&["COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"]);
    assert_eq!(v.as_array().len(), 2);
    p.check_all(&[
        &["COMMAND", "GETKEYS", "get", "x"],
        &["COMMAND", "GETKEYS", "del", "a", "b", "c"],
        &["COMMAND", "GETKEYS", "mget", "a", "b"],
        &["COMMAND", "GETKEYS", "expire", "k", "10"],
        &["COMMAND", "GETKEYS", "GET", "upper"],
        // errors
        &["COMMAND", "GETKEYS", "nosuch", "x"],
        &["COMMAND", "GETKEYS", "get"],
        &["COMMAND", "GETKEYS", "get", "a", "b"],
        &["COMMAND", "GETKEYS", "ping", "x"],
        &["COMMAND", "GETKEYS", "mset", "a"],
        &["COMMAND", "GETKEYS"],
    ]);
}

#[test]
fn command_list_contains_core_commands() {
    let mut p = Pair::new();
    let (v, _) = p.both(&["COMMAND", "LIST"]);
    let names: BTreeSet<String> = v.as_array().iter().map(|x| x.as_str()).collect();
    for c in [
        "get", "set", "del", "ping", "config", "client", "command", "info",
    ] {
        assert!(names.contains(c), "COMMAND LIST lacks {c}");
    }
    // COMMAND LIST also lists subcommands ("config|get"); top-level names match COMMAND COUNT.
    let (count, _) = p.both(&["COMMAND", "COUNT"]);
    let top = names.iter().filter(|n| !n.contains('|')).count() as i64;
    assert_eq!(
        top,
        count.as_int(),
        "COMMAND LIST (without subcommands) vs COMMAND COUNT"
    );
}

#[test]
fn command_docs_get_has_summary_since_group() {
    let mut p = Pair::new();
    let (s, r) = p.both(&["COMMAND", "DOCS", "get"]);
    let doc = |v: &Value| -> Vec<(String, Value)> {
        let top = v.as_array();
        assert_eq!(top.len(), 2, "COMMAND DOCS get: {v:?}");
        assert_eq!(top[0].as_str(), "get");
        top[1]
            .as_map()
            .into_iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect()
    };
    let sd = doc(&s);
    let get = |d: &[(String, Value)], k: &str| {
        d.iter()
            .find(|(kk, _)| kk == k)
            .unwrap_or_else(|| panic!("COMMAND DOCS get lacks {k}: {d:?}"))
            .1
            .clone()
    };
    assert!(!get(&sd, "summary").as_str().is_empty());
    assert_eq!(get(&sd, "since").as_str(), "1.0.0");
    assert_eq!(get(&sd, "group").as_str(), "string");
    if let Some(r) = &r {
        let rd = doc(r);
        assert_eq!(get(&sd, "since"), get(&rd, "since"));
        assert_eq!(get(&sd, "group"), get(&rd, "group"));
    }
    p.check(&["COMMAND", "DOCS", "nosuchcmd"]);
}

// ---------------------------------------------------------------------------
// INFO
// ---------------------------------------------------------------------------

const INFO_FIELDS: &[(&str, &[&str])] = &[
    (
        "server",
        &[
            "redis_version",
            "tcp_port",
            "process_id",
            "uptime_in_seconds",
        ],
    ),
    ("clients", &["connected_clients"]),
    ("memory", &["used_memory"]),
    ("persistence", &["rdb_last_save_time", "aof_enabled"]),
    (
        "stats",
        &[
            "total_connections_received",
            "total_commands_processed",
            "instantaneous_ops_per_sec",
            "keyspace_hits",
            "keyspace_misses",
            "expired_keys",
        ],
    ),
    ("replication", &["role"]),
    ("cpu", &["used_cpu_sys", "used_cpu_user"]),
    ("keyspace", &["db0"]),
];

fn section<'a>(
    info: &'a [(String, Vec<(String, String)>)],
    name: &str,
) -> Option<&'a Vec<(String, String)>> {
    info.iter().find(|(n, _)| n == name).map(|(_, f)| f)
}

fn info_of(c: &mut Client, args: &[&str]) -> String {
    let mut a = vec!["INFO"];
    a.extend_from_slice(args);
    c.cmd(&a).as_str()
}

#[test]
fn info_sections_have_redis_field_names() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut servers: Vec<(&str, &Server)> = vec![("strata", &strata)];
    if let Some(r) = &redis {
        servers.push(("redis", r));
    }
    for (who, srv) in servers {
        let mut c = srv.client();
        c.cmd(&["SET", "info-key", "1"]);
        let text = info_of(&mut c, &[]);
        assert!(
            text.contains("\r\n"),
            "{who}: INFO lines must end with CRLF"
        );
        let info = parse_info(&text);
        for (sec, fields) in INFO_FIELDS {
            let s = section(&info, sec)
                .unwrap_or_else(|| panic!("{who}: INFO lacks section # {sec}:\n{text}"));
            for f in *fields {
                assert!(
                    s.iter().any(|(k, _)| k == f),
                    "{who}: INFO section {sec} lacks field {f}:\n{text}"
                );
            }
        }
        let get = |f: &str| info_field(&text, f).unwrap();
        assert_eq!(get("tcp_port"), srv.port.to_string(), "{who}");
        assert_eq!(get("process_id"), srv.pid.to_string(), "{who}");
        assert_eq!(get("role"), "master", "{who}");
        assert!(["0", "1"].contains(&get("aof_enabled").as_str()), "{who}");
        let v = get("redis_version");
        assert_eq!(v.split('.').count(), 3, "{who}: redis_version {v}");
        assert!(
            get("connected_clients").parse::<i64>().unwrap() >= 1,
            "{who}"
        );
        assert!(get("used_memory").parse::<i64>().unwrap() > 0, "{who}");
        get("rdb_last_save_time").parse::<i64>().unwrap();
        for n in [
            "total_commands_processed",
            "instantaneous_ops_per_sec",
            "keyspace_hits",
        ] {
            get(n)
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("{who}: {n} not an integer"));
        }
        get("used_cpu_sys").parse::<f64>().unwrap();
        let db0 = get("db0");
        let parts: Vec<&str> = db0.split(',').collect();
        assert_eq!(parts.len(), 3, "{who}: db0:{db0}");
        assert_eq!(parts[0], "keys=1", "{who}");
        assert_eq!(parts[1], "expires=0", "{who}");
        assert!(parts[2].starts_with("avg_ttl="), "{who}: db0:{db0}");

        // A single section.
        let only = parse_info(&info_of(&mut c, &["server"]));
        assert_eq!(only.len(), 1, "{who}: INFO server returned {only:?}");
        assert_eq!(only[0].0, "server");
        let two = parse_info(&info_of(&mut c, &["clients", "keyspace"]));
        let names: Vec<&str> = two.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["clients", "keyspace"], "{who}");
        let all = parse_info(&info_of(&mut c, &["all"]));
        assert!(section(&all, "keyspace").is_some(), "{who}");
        assert!(
            parse_info(&info_of(&mut c, &["nosuchsection"])).is_empty(),
            "{who}"
        );
    }
}

/// INFO memory reports the hot tier (size, budget, hits, misses, evictions) and RocksDB's block
/// cache, memtables, files and background work; the figures move with what the server does.
#[test]
fn info_memory_reports_the_hot_tier_and_rocksdb() {
    let srv = Server::strata();
    let mut c = srv.client();
    let num = |c: &mut Client, f: &str| -> u64 {
        info_field(&info_of(c, &["memory"]), f)
            .unwrap_or_else(|| panic!("INFO memory lacks {f}"))
            .parse()
            .unwrap_or_else(|_| panic!("{f} is not a count"))
    };
    for f in [
        "hot_tier_bytes",
        "hot_tier_budget",
        "hot_tier_entries",
        "hot_tier_hits",
        "hot_tier_misses",
        "hot_tier_evictions",
        "rocksdb_block_cache_usage",
        "rocksdb_memtables",
        "rocksdb_sst_files_size",
        "rocksdb_l0_files",
        "rocksdb_pending_compaction_bytes",
        "rocksdb_running_compactions",
        "rocksdb_running_flushes",
    ] {
        num(&mut c, f);
    }
    assert_ok(&c.cmd(&["CONFIG", "SET", "maxmemory", "1mb"]));
    assert_eq!(num(&mut c, "hot_tier_budget"), 1 << 20);
    let value = "v".repeat(1000);
    for i in 0..3000 {
        assert_ok(&c.cmd(&["SET", &format!("info:mem:{i}"), &value]));
    }
    let hits = num(&mut c, "hot_tier_hits");
    for i in 0..10 {
        c.cmd(&["GET", &format!("info:mem:{}", 2999 - i)]);
    }
    assert!(num(&mut c, "hot_tier_hits") >= hits + 10);
    // 3 MB of values through a 1 MB tier: it evicted, and stayed within its budget.
    assert!(num(&mut c, "hot_tier_evictions") > 0);
    assert!(num(&mut c, "hot_tier_bytes") <= 1 << 20);
    assert!(num(&mut c, "rocksdb_memtables") > 3_000_000);
}

#[test]
fn info_keyspace_counts_keys_and_expires_per_db() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check_all(&[
        &["SET", "a", "1"],
        &["SET", "b", "2"],
        &["SET", "c", "3", "EX", "1000"],
        &["SELECT", "3"],
        &["SET", "x", "1", "PX", "1000000"],
        &["SET", "y", "1", "EX", "1000"],
    ]);
    let keyspace = |c: &mut Client| -> Vec<String> {
        let text = info_of(c, &["keyspace"]);
        parse_info(&text)
            .into_iter()
            .flat_map(|(_, f)| f)
            .map(|(k, v)| {
                // Drop avg_ttl's value (an estimate).
                let v: Vec<&str> = v
                    .split(',')
                    .map(|p| {
                        if p.starts_with("avg_ttl=") {
                            "avg_ttl"
                        } else {
                            p
                        }
                    })
                    .collect();
                format!("{k}:{}", v.join(","))
            })
            .collect()
    };
    let check = |p: &mut Pair, expected: &[&str]| {
        let s = keyspace(&mut p.strata);
        assert_eq!(s, expected, "strata INFO keyspace");
        if let Some(r) = &mut p.redis {
            assert_eq!(keyspace(r), expected, "redis INFO keyspace");
        }
    };
    check(
        &mut p,
        &[
            "db0:keys=3,expires=1,avg_ttl",
            "db3:keys=2,expires=2,avg_ttl",
        ],
    );
    p.check(&["PERSIST", "x"]);
    p.check(&["DEL", "y"]);
    check(
        &mut p,
        &[
            "db0:keys=3,expires=1,avg_ttl",
            "db3:keys=1,expires=0,avg_ttl",
        ],
    );
    p.check(&["FLUSHDB"]);
    check(&mut p, &["db0:keys=3,expires=1,avg_ttl"]);
}

#[test]
fn info_stats_count_hits_misses_and_expired_keys() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut servers: Vec<(&str, &Server)> = vec![("strata", &strata)];
    if let Some(r) = &redis {
        servers.push(("redis", r));
    }
    for (who, srv) in servers {
        let mut c = srv.client();
        assert_eq!(c.cmd(&["CONFIG", "RESETSTAT"]), ok(), "{who}");
        c.cmd(&["SET", "k", "v"]);
        c.cmd(&["GET", "k"]);
        c.cmd(&["GET", "missing1"]);
        c.cmd(&["GET", "missing2"]);
        c.cmd(&["SET", "e", "v", "PX", "30"]);
        thread::sleep(Duration::from_millis(200));
        assert_eq!(c.cmd(&["GET", "e"]), Value::Bulk(None), "{who}");
        let text = info_of(&mut c, &["stats"]);
        let get = |f: &str| -> i64 {
            info_field(&text, f)
                .unwrap_or_else(|| panic!("{who}: no {f} in\n{text}"))
                .parse()
                .unwrap()
        };
        assert_eq!(get("keyspace_hits"), 1, "{who}");
        assert_eq!(
            get("keyspace_misses"),
            3,
            "{who}: 2 missing keys + 1 expired key"
        );
        assert_eq!(get("expired_keys"), 1, "{who}");
        let n = get("total_commands_processed");
        assert!(
            (6..=20).contains(&n),
            "{who}: total_commands_processed={n} after 6 commands"
        );
        c.cmd(&["CONFIG", "RESETSTAT"]);
        let text = info_of(&mut c, &["stats"]);
        assert_eq!(info_field(&text, "keyspace_hits").unwrap(), "0", "{who}");
        assert_eq!(info_field(&text, "keyspace_misses").unwrap(), "0", "{who}");
        assert_eq!(info_field(&text, "expired_keys").unwrap(), "0", "{who}");
    }
}

// ---------------------------------------------------------------------------
// CONFIG
// ---------------------------------------------------------------------------

fn sorted_pairs(v: &Value) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut m: Vec<(Vec<u8>, Vec<u8>)> = v
        .as_map()
        .into_iter()
        .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
        .collect();
    m.sort();
    m
}

#[test]
fn config_get_set_common_options() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    p.check(&["CONFIG", "GET", "timeout"]);
    assert_eq!(p.check(&["CONFIG", "SET", "timeout", "30"]), ok());
    let v = p.check(&["CONFIG", "GET", "timeout"]);
    assert_eq!(v.as_map()[0].1.as_str(), "30");
    p.check(&["CONFIG", "GET", "TIMEOUT"]);

    let (mc, _) = p.both(&["CONFIG", "GET", "maxclients"]);
    let mc = mc.as_map();
    assert_eq!(mc.len(), 1);
    assert_eq!(mc[0].0.as_str(), "maxclients");
    assert!(mc[0].1.as_str().parse::<i64>().unwrap() > 0);
    p.check(&["CONFIG", "SET", "maxclients", "500"]);
    p.check(&["CONFIG", "GET", "maxclients"]);

    p.check(&["CONFIG", "GET", "appendfsync"]);
    for v in ["always", "no", "everysec", "ALWAYS", "everysec"] {
        p.check(&["CONFIG", "SET", "appendfsync", v]);
        p.check(&["CONFIG", "GET", "appendfsync"]);
    }
    p.check(&["CONFIG", "GET", "appendfs*"]);

    // maxmemory-policy is reported and set as in Redis (Strata never evicts data under it).
    for v in ["ALLKEYS-LRU", "volatile-ttl", "lru", "noeviction"] {
        p.check(&["CONFIG", "SET", "maxmemory-policy", v]);
        p.check(&["CONFIG", "GET", "maxmemory-policy"]);
    }

    // Errors, byte for byte.
    p.check_all(&[
        &["CONFIG", "SET", "nosuch", "1"],
        &["CONFIG", "GET", "nosuch"],
        &["CONFIG", "SET", "appendfsync", "sometimes"],
        &["CONFIG", "SET", "timeout", "abc"],
        &["CONFIG", "SET", "timeout", "-1"],
        &["CONFIG", "SET", "timeout", "1.5"],
        &["CONFIG", "SET", "maxclients", "abc"],
        &["CONFIG", "SET", "timeout", "5", "timeout", "6"],
        &["CONFIG", "SET", "timeout"],
        &["CONFIG", "SET", "timeout", "1", "maxclients"],
        &["CONFIG", "SET"],
        &["CONFIG", "GET"],
        &["CONFIG"],
    ]);
    let e = p.check(&["CONFIG", "SET", "nosuch", "1"]);
    assert_eq!(
        e.as_error(),
        "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"
    );

    // Multi-parameter CONFIG SET is atomic: nothing changes if one value is bad.
    p.check(&["CONFIG", "SET", "timeout", "77", "appendfsync", "bogus"]);
    let v = p.check(&["CONFIG", "GET", "timeout"]);
    assert_eq!(
        v.as_map()[0].1.as_str(),
        "30",
        "failed multi-set must not change timeout"
    );
    p.check(&["CONFIG", "SET", "appendfsync", "always", "timeout", "abc"]);
    p.check(&["CONFIG", "GET", "appendfsync"]);
    assert_eq!(
        p.check(&["CONFIG", "SET", "timeout", "77", "appendfsync", "no"]),
        ok()
    );
    let (s, r) = p.both(&["CONFIG", "GET", "timeout", "appendfsync"]);
    assert_eq!(
        sorted_pairs(&s),
        vec![
            (b"appendfsync".to_vec(), b"no".to_vec()),
            (b"timeout".to_vec(), b"77".to_vec())
        ]
    );
    if let Some(r) = r {
        assert_eq!(sorted_pairs(&s), sorted_pairs(&r));
    }
}

#[test]
fn config_resetstat_replies_ok() {
    let mut p = Pair::new();
    p.check(&["CONFIG", "RESETSTAT", "x"]);
}

#[test]
fn config_rewrite_without_config_file_is_an_error() {
    let mut p = Pair::new();
    let e = p.check(&["CONFIG", "REWRITE"]);
    assert_eq!(
        e.as_error(),
        "ERR The server is running without a config file"
    );
}

#[test]
fn config_rewrite_persists_changed_option() {
    let mut s = Server::strata_with_config("# strata test configuration\ntimeout 0\n", &[]);
    let conf = s.conf.clone().unwrap();
    let mut c = s.client();
    assert_eq!(c.cmd(&["CONFIG", "SET", "timeout", "123"]), ok());
    assert_eq!(c.cmd(&["CONFIG", "REWRITE"]), ok());
    let text = std::fs::read_to_string(&conf).unwrap();
    assert!(
        text.lines().any(|l| l.trim() == "timeout 123"),
        "config file after CONFIG REWRITE lacks `timeout 123`:\n{text}"
    );
    assert!(
        !text.lines().any(|l| l.trim() == "timeout 0"),
        "old value still there:\n{text}"
    );
    // The rewritten file is used on restart.
    drop(c);
    s.restart();
    let v = s.client().cmd(&["CONFIG", "GET", "timeout"]);
    assert_eq!(v.as_map()[0].1.as_str(), "123");
}

// ---------------------------------------------------------------------------
// TIME, LASTSAVE, SAVE, BGSAVE
// ---------------------------------------------------------------------------

#[test]
fn time_returns_seconds_and_microseconds() {
    let (s, _) = shared();
    let mut c = s.client();
    let parse = |v: &Value| -> (i64, i64) {
        let a = v.as_array();
        assert_eq!(a.len(), 2, "TIME reply {v:?}");
        (
            a[0].as_str().parse().unwrap(),
            a[1].as_str().parse().unwrap(),
        )
    };
    let (sec, usec) = parse(&c.cmd(&["TIME"]));
    assert!(
        (sec - now_secs()).abs() <= 2,
        "TIME seconds {sec} vs now {}",
        now_secs()
    );
    assert!((0..1_000_000).contains(&usec));
    thread::sleep(Duration::from_millis(5));
    let (sec2, usec2) = parse(&c.cmd(&["TIME"]));
    assert!(
        sec2 * 1_000_000 + usec2 > sec * 1_000_000 + usec,
        "TIME went backwards"
    );
    assert!(c.cmd(&["TIME", "x"]).is_error());
}

#[test]
fn lastsave_returns_unix_time() {
    let mut p = Pair::new();
    let (v, _) = p.both(&["LASTSAVE"]);
    let t = v.as_int();
    assert!(t > 1_600_000_000 && t <= now_secs() + 1, "LASTSAVE {t}");
    p.check(&["LASTSAVE", "x"]);
}

/// All directories below `root` (depth-limited).
fn dirs_below(root: &Path) -> BTreeSet<PathBuf> {
    fn walk(d: &Path, depth: usize, out: &mut BTreeSet<PathBuf>) {
        if depth == 0 {
            return;
        }
        if let Ok(rd) = std::fs::read_dir(d) {
            for e in rd.flatten() {
                if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                    out.insert(e.path());
                    walk(&e.path(), depth - 1, out);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(root, 3, &mut out);
    out
}

fn new_nonempty_dirs(before: &BTreeSet<PathBuf>, root: &Path) -> Vec<PathBuf> {
    dirs_below(root)
        .into_iter()
        .filter(|d| !before.contains(d))
        .filter(|d| {
            std::fs::read_dir(d)
                .map(|mut r| r.next().is_some())
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn save_creates_a_checkpoint_directory() {
    let s = Server::strata();
    let mut c = s.client();
    for i in 0..100 {
        c.cmd(&["SET", &format!("k{i}"), "v"]);
    }
    let before = dirs_below(&s.dir);
    let t0 = now_secs();
    assert_eq!(c.cmd(&["SAVE"]), ok());
    let new = new_nonempty_dirs(&before, &s.dir);
    assert!(
        !new.is_empty(),
        "SAVE created no new (non-empty) directory under {}",
        s.dir.display()
    );
    let last = c.cmd(&["LASTSAVE"]).as_int();
    assert!(last >= t0, "LASTSAVE {last} not updated by SAVE at {t0}");
}

#[test]
fn bgsave_replies_started_and_creates_a_checkpoint_directory() {
    let s = Server::strata();
    let mut c = s.client();
    for i in 0..100 {
        c.cmd(&["SET", &format!("k{i}"), "v"]);
    }
    let before = dirs_below(&s.dir);
    assert_eq!(
        c.cmd(&["BGSAVE"]),
        Value::Status("Background saving started".into())
    );
    let appeared = wait_until(Duration::from_secs(30), || {
        !new_nonempty_dirs(&before, &s.dir).is_empty()
    });
    assert!(
        appeared,
        "BGSAVE created no new directory under {} within 30 s",
        s.dir.display()
    );
    // The server stays responsive.
    assert_eq!(c.cmd(&["GET", "k1"]).as_str(), "v");
}

// ---------------------------------------------------------------------------
// DEBUG SLEEP, SHUTDOWN
// ---------------------------------------------------------------------------

#[test]
fn debug_sleep_blocks_only_the_calling_client() {
    let s = Server::strata();
    let mut a = s.client();
    let mut b = s.client();
    assert_eq!(a.cmd(&["DEBUG", "SLEEP", "0"]), ok());
    let t0 = Instant::now();
    a.send_raw(&encode_cmd(&[b"DEBUG", b"SLEEP", b"0.1"]));
    thread::sleep(Duration::from_millis(10));
    let tb = Instant::now();
    assert_eq!(b.cmd(&["PING"]), Value::Status("PONG".into()));
    let ping_latency = tb.elapsed();
    let ping_done = t0.elapsed();
    assert_eq!(a.read_value(), ok());
    let slept = t0.elapsed();
    assert!(
        slept >= Duration::from_millis(95),
        "DEBUG SLEEP 0.1 returned after {slept:?}"
    );
    assert!(
        slept < Duration::from_secs(2),
        "DEBUG SLEEP 0.1 took {slept:?}"
    );
    // The other client's PING must be answered while the sleep is still running.
    assert!(
        ping_done < Duration::from_millis(90),
        "another client's PING took {ping_latency:?} (answered {ping_done:?} after DEBUG SLEEP 0.1 \
         was sent): the sleep blocked other clients"
    );
}

#[test]
fn shutdown_nosave_stops_the_server() {
    let mut s = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&s, redis.as_ref());
    p.check(&["SHUTDOWN", "BOGUS"]);
    p.check(&["SHUTDOWN", "NOSAVE", "SAVE"]);
    drop(p);
    let mut c = s.client();
    c.cmd(&["SET", "k", "v"]);
    c.send_raw(&encode_cmd(&[b"SHUTDOWN", b"NOSAVE"]));
    assert!(
        c.is_closed_within(Duration::from_secs(10)),
        "connection still open after SHUTDOWN"
    );
    assert!(
        c.pending().is_empty(),
        "unexpected reply to SHUTDOWN: {:?}",
        escape(c.pending())
    );
    let status = s.wait_exit(Duration::from_secs(10));
    assert!(
        status.is_some(),
        "process still running 10 s after SHUTDOWN NOSAVE"
    );
    assert!(
        status.unwrap().success(),
        "exit status {status:?}\n{}",
        s.log()
    );
    assert!(
        TcpStream::connect_timeout(&s.addr().parse().unwrap(), Duration::from_secs(1)).is_err(),
        "port {} still accepting connections after SHUTDOWN",
        s.port
    );
}

// ---------------------------------------------------------------------------
// FLUSHDB / FLUSHALL / DBSIZE / SWAPDB / MOVE
// ---------------------------------------------------------------------------

fn fill(p: &mut Pair, db: &str, prefix: &str, n: usize) {
    p.check(&["SELECT", db]);
    for i in 0..n {
        p.check(&["SET", &format!("{prefix}{i}"), "v"]);
    }
}

#[test]
fn flushdb_and_flushall_with_modes() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    fill(&mut p, "1", "one", 2);
    fill(&mut p, "0", "zero", 3);
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 3);
    assert_eq!(p.check(&["FLUSHDB"]), ok());
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 0);
    p.check(&["GET", "zero0"]);
    p.check(&["SELECT", "1"]);
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 2);
    for mode in ["ASYNC", "SYNC", "async", "sync"] {
        fill(&mut p, "0", "zero", 3);
        assert_eq!(p.check(&["FLUSHDB", mode]), ok());
        assert_eq!(p.check(&["DBSIZE"]).as_int(), 0);
        p.check(&["EXISTS", "zero0", "zero1", "zero2"]);
    }
    p.check(&["SELECT", "1"]);
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 2);
    for mode in [None, Some("ASYNC"), Some("SYNC")] {
        fill(&mut p, "0", "zero", 3);
        fill(&mut p, "5", "five", 4);
        let r = match mode {
            None => p.check(&["FLUSHALL"]),
            Some(m) => p.check(&["FLUSHALL", m]),
        };
        assert_eq!(r, ok());
        for db in ["0", "1", "5"] {
            p.check(&["SELECT", db]);
            assert_eq!(
                p.check(&["DBSIZE"]).as_int(),
                0,
                "db {db} after FLUSHALL {mode:?}"
            );
        }
        p.check(&["GET", "five0"]);
    }
    p.check_all(&[
        &["FLUSHDB", "bogus"],
        &["FLUSHALL", "x"],
        &["FLUSHDB", "a", "b"],
        &["FLUSHALL", "SYNC", "ASYNC"],
        &["DBSIZE", "x"],
    ]);
}

#[test]
fn dbsize_counts_keys_exactly() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 0);
    fill(&mut p, "0", "k", 100);
    for i in 0..10 {
        p.check(&["DEL", &format!("k{i}")]);
    }
    for i in 50..55 {
        p.check(&["SET", &format!("k{i}"), "overwritten"]);
    }
    p.check(&["SET", "k60", "with-ttl", "EX", "1000"]);
    p.check(&["DEL", "nosuchkey"]);
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 90);
    fill(&mut p, "7", "x", 7);
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 7);
    p.check(&["SELECT", "0"]);
    assert_eq!(p.check(&["DBSIZE"]).as_int(), 90);
}

#[test]
fn swapdb_swaps_contents() {
    let strata = Server::strata();
    let redis = Server::redis();
    let mut p = Pair::on(&strata, redis.as_ref());
    let mut q = Pair::on(&strata, redis.as_ref());
    p.check_all(&[
        &["SET", "a", "in0"],
        &["SET", "common", "0"],
        &["SET", "t", "x", "EX", "1000"],
    ]);
    q.check_all(&[
        &["SELECT", "1"],
        &["SET", "b", "in1"],
        &["SET", "common", "1"],
    ]);
    assert_eq!(p.check(&["SWAPDB", "0", "1"]), ok());
    // Connections keep their db number and see the swapped contents.
    p.check_all(&[
        &["GET", "a"],
        &["GET", "b"],
        &["GET", "common"],
        &["DBSIZE"],
        &["EXISTS", "t"],
    ]);
    assert_eq!(p.check(&["GET", "b"]).as_str(), "in1");
    q.check_all(&[
        &["GET", "a"],
        &["GET", "b"],
        &["GET", "common"],
        &["DBSIZE"],
    ]);
    assert_eq!(q.check(&["GET", "a"]).as_str(), "in0");
    let (ttl, _) = q.both(&["TTL", "t"]);
    assert!(ttl.as_int() > 900, "TTL must survive SWAPDB: {ttl:?}");
    p.check(&["SWAPDB", "1", "0"]);
    p.check_all(&[&["GET", "a"], &["GET", "b"], &["DBSIZE"]]);
    p.check_all(&[
        &["SWAPDB", "0", "0"],
        &["SWAPDB", "5", "6"],
        &["SWAPDB", "abc", "1"],
        &["SWAPDB", "0", "abc"],
        &["SWAPDB", "0", "16"],
        &["SWAPDB", "16", "0"],
        &["SWAPDB", "-1", "0"],
        &["SWAPDB", "0"],
        &["SWAPDB", "0", "1", "2"],
    ]);
    assert_eq!(
        p.check(&["SWAPDB", "abc", "1"]).as_error(),
        "ERR invalid first DB index"
    );
    p.check_all(&[&["GET", "a"], &["DBSIZE"]]);
}

#[test]
fn move_key_between_dbs() {
    let mut p = Pair::new();
    let k = "move_key_between_dbs:k";
    let t = "move_key_between_dbs:ttl";
    p.check(&["SET", k, "v0"]);
    assert_eq!(p.check(&["MOVE", k, "1"]).as_int(), 1);
    p.check(&["EXISTS", k]);
    p.check(&["SELECT", "1"]);
    assert_eq!(p.check(&["GET", k]).as_str(), "v0");
    p.check(&["SELECT", "0"]);
    p.check(&["MOVE", "move_key_between_dbs:missing", "1"]);
    // Target already has the key: nothing moves.
    p.check(&["SET", k, "again"]);
    assert_eq!(p.check(&["MOVE", k, "1"]).as_int(), 0);
    p.check(&["GET", k]);
    p.check(&["SELECT", "1"]);
    p.check(&["GET", k]);
    p.check(&["SELECT", "0"]);
    // TTL moves with the key.
    p.check(&["SET", t, "x", "EX", "1000"]);
    p.check(&["MOVE", t, "2"]);
    p.check(&["SELECT", "2"]);
    let (ttl, _) = p.both(&["TTL", t]);
    assert!(ttl.as_int() > 900, "TTL after MOVE: {ttl:?}");
    p.check(&["SELECT", "0"]);
    p.check_all(&[
        &["MOVE", k, "0"],
        &["MOVE", k, "99"],
        &["MOVE", k, "-1"],
        &["MOVE", k, "abc"],
        &["MOVE", k],
        &["MOVE"],
        &["MOVE", k, "1", "2"],
    ]);
    for db in ["0", "1", "2"] {
        p.check(&["SELECT", db]);
        p.check(&["DEL", k, t]);
    }
}

/// WAIT, ROLE, BGREWRITEAOF, MEMORY and LATENCY: Strata has no replicas and records no latency
/// events, so it answers as a lone Redis master with the latency monitor off. MEMORY USAGE is
/// an estimate on both servers: only its errors and a missing key are compared byte for byte.
#[test]
fn wait_role_memory_and_latency_answer_like_a_lone_redis() {
    let servers = fresh_servers();
    let mut p = Pair::on(&servers[0], servers.get(1));
    for cmd in [
        &["wait", "0", "0"][..],
        &["wait", "abc", "0"],
        &["wait", "0", "abc"],
        &["wait", "0", "-1"],
        &["wait", "abc", "-1"],
        &["wait", "-1", "0"],
        &["wait", "1", "20"],
        &["multi"],
        &["wait", "1", "0"],
        &["exec"],
        &["role"],
        &["memory", "help"],
        &["memory", "usage", "nokey"],
        &["memory", "usage", "nokey", "samples", "x"],
        &["memory", "usage", "nokey", "samples", "-1"],
        &["memory", "usage", "nokey", "bogus"],
        &["memory", "usage", "nokey", "samples"],
        &["memory", "purge"],
        &["memory", "bogus"],
        &["latency", "help"],
        &["latency", "latest"],
        &["latency", "history", "command"],
        &["latency", "reset"],
        &["latency", "reset", "a", "b"],
        &["latency", "graph", "command"],
        &["latency", "doctor"],
        &["latency", "latest", "x"],
    ] {
        p.check(cmd);
    }
    p.both(&["hello", "3"]);
    p.check(&["latency", "doctor"]);
    p.check(&["role"]);
    let mut c = servers[0].client();
    assert_eq!(
        c.cmd(&["BGREWRITEAOF"]).as_str(),
        "Background append only file rewriting started"
    );
    c.cmd(&["SET", "s", &"x".repeat(1000)]);
    for i in 0..100 {
        c.cmd(&["RPUSH", "l", &format!("element-{i:03}")]);
    }
    let string = c.cmd(&["MEMORY", "USAGE", "s"]).as_int();
    assert!((1000..1200).contains(&string), "string estimate {string}");
    // 100 elements of 11 bytes plus 8-byte positions, all sampled or 5 of them: the same.
    let all = c.cmd(&["MEMORY", "USAGE", "l", "SAMPLES", "0"]).as_int();
    let five = c.cmd(&["MEMORY", "USAGE", "l"]).as_int();
    assert_eq!(all, five);
    assert!((1900..5000).contains(&all), "list estimate {all}");
    let stats = c.cmd(&["MEMORY", "STATS"]).as_array();
    let keys = stats
        .chunks(2)
        .find(|kv| kv[0].as_str() == "keys.count")
        .map(|kv| kv[1].as_int());
    assert_eq!(keys, Some(2));
    // Strata's own reports (Redis' texts describe its allocator and its dataset).
    assert!(c
        .cmd(&["MEMORY", "DOCTOR"])
        .as_str()
        .contains("No memory problems"));
    assert_eq!(
        c.cmd(&["MEMORY", "MALLOC-STATS"]).as_str(),
        "Stats not supported for the current allocator"
    );
}

/// INFO commandstats and errorstats after a scripted session, compared with Redis without the
/// timings (lines sorted: Redis lists commands in hash order): calls, rejected calls (wrong
/// arity, refused in MULTI, NOAUTH-like refusals) and failed calls per command, and the error
/// replies by code. CONFIG RESETSTAT clears them.
#[test]
fn commandstats_and_errorstats_count_like_redis() {
    let servers = fresh_servers();
    let mut p = Pair::on(&servers[0], servers.get(1));
    for cmd in [
        &["CONFIG", "RESETSTAT"][..],
        &["SET", "a", "1"],
        &["INCR", "a"],
        &["LPUSH", "a", "x"],
        &["GET"],
        &["GET", "a", "b"],
        &["NOSUCH"],
        &["CONFIG", "NOSUCH"],
        &["CONFIG", "GET"],
        &["HSET", "h", "f", "v"],
        &["HGET", "h", "f"],
        &["MULTI"],
        &["SET", "b", "2"],
        &["INCR", "h"],
        &["EXEC"],
        &["ZADD", "z", "x", "m"],
        // A blocking command counts once, when it blocks.
        &["BLPOP", "nolist", "0.01"],
    ] {
        p.check(cmd);
    }
    let stats = |c: &mut Client| {
        let text =
            c.cmd(&["INFO", "commandstats"]).as_str() + &c.cmd(&["INFO", "errorstats"]).as_str();
        let mut lines: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with("cmdstat_info:"))
            .map(|l| {
                // calls=..,usec=..,usec_per_call=..,rejected_calls=..: the timings go.
                l.split(',')
                    .filter(|f| !f.starts_with("usec"))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        lines.sort();
        lines
    };
    let mut runs: Vec<Vec<String>> = servers.iter().map(|s| stats(&mut s.client())).collect();
    assert!(
        runs[0]
            .iter()
            .any(|l| l == "cmdstat_get:calls=0,rejected_calls=2,failed_calls=0"),
        "{:?}",
        runs[0]
    );
    if let [strata, redis] = &mut runs[..] {
        assert_eq!(strata, redis, "INFO commandstats/errorstats differ");
    }
    let mut c = servers[0].client();
    c.cmd(&["CONFIG", "RESETSTAT"]);
    let after = stats(&mut c);
    assert!(
        !after
            .iter()
            .any(|l| l.starts_with("cmdstat_get:") || l.starts_with("errorstat_")),
        "{after:?}"
    );
}

/// LATENCY HISTOGRAM and INFO latencystats: the commands that ran, their calls and cumulative
/// counts as Redis reports them (bucket bounds differ: Redis' are HDR's, Strata's powers of
/// two), in RESP3 as maps.
#[test]
fn latency_histograms_count_calls_like_redis() {
    let summary = |s: &Server| {
        let mut c = s.client();
        c.cmd(&["CONFIG", "RESETSTAT"]);
        for i in 0..5 {
            c.cmd(&["SET", "k", &i.to_string()]);
        }
        c.cmd(&["GET", "k"]);
        c.cmd(&["CONFIG", "GET", "maxmemory"]);
        c.cmd(&["HELLO", "3"]);
        let mut out: Vec<(String, i64, i64)> = c
            .cmd(&["LATENCY", "HISTOGRAM", "set", "GET", "config", "nosuch"])
            .as_map()
            .into_iter()
            .map(|(name, v)| {
                let v = v.as_map();
                assert_eq!(v[0].0.as_str(), "calls");
                assert_eq!(v[1].0.as_str(), "histogram_usec");
                let buckets = v[1].1.as_map();
                let counts: Vec<i64> = buckets.iter().map(|(_, n)| n.as_int()).collect();
                assert!(
                    counts.windows(2).all(|w| w[0] < w[1]),
                    "cumulative {counts:?}"
                );
                (name.as_str(), v[0].1.as_int(), *counts.last().unwrap())
            })
            .collect();
        out.sort();
        let info = c.cmd(&["INFO", "latencystats"]).as_str();
        let set = info
            .lines()
            .find(|l| l.starts_with("latency_percentiles_usec_set:"))
            .unwrap_or_else(|| panic!("no SET percentiles in {info}"));
        assert!(set.contains("p50=") && set.contains(",p99=") && set.contains(",p99.9="));
        out
    };
    let runs: Vec<_> = fresh_servers().iter().map(summary).collect();
    assert_eq!(
        runs[0],
        [
            ("config|get".to_string(), 1, 1),
            ("config|resetstat".to_string(), 1, 1),
            ("get".to_string(), 1, 1),
            ("set".to_string(), 5, 5),
        ]
    );
    if let [strata, redis] = &runs[..] {
        assert_eq!(strata, redis);
    }
}

/// INFO, INFO everything and the sections Strata has nothing to report in (modules, cluster)
/// carry Redis' section headings in Redis' order.
#[test]
fn info_sections_come_in_redis_order() {
    let servers = fresh_servers();
    let mut p = Pair::on(&servers[0], servers.get(1));
    p.check(&["INFO", "modules"]);
    p.check(&["INFO", "cluster"]);
    let headings = |c: &mut Client, args: &[&str]| -> Vec<String> {
        c.cmd(args)
            .as_str()
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    for args in [&["INFO"][..], &["INFO", "everything"], &["INFO", "all"]] {
        let runs: Vec<Vec<String>> = servers
            .iter()
            .map(|s| headings(&mut s.client(), args))
            .collect();
        assert!(runs[0].contains(&"# Cluster".to_string()), "{:?}", runs[0]);
        if let [strata, redis] = &runs[..] {
            assert_eq!(strata, redis, "{args:?}");
        }
    }
}
