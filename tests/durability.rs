//! Crash and restart durability: SIGKILL under load, restart on the same data
//! dir, check what was acknowledged is still there; restart time with 1M keys.
//!
//! The tests of this file are serialized (they measure throughput/timing and
//! each saturates the machine).
mod common;

use common::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

const THREADS: usize = 8;

fn value_for(t: usize, n: u64) -> String {
    format!("v{n}-t{t}-{}", "p".repeat(40))
}

/// What one writer thread got acknowledged.
struct Acked {
    thread: usize,
    /// SETs 1..=sets were acknowledged with +OK; `set_times[n-1]` is when.
    sets: u64,
    set_times: Vec<Instant>,
    /// Last acknowledged INCR result, and when.
    counter: i64,
    counter_time: Option<Instant>,
    /// (counter value, ack time) for every acknowledged INCR.
    counter_acks: Vec<(i64, Instant)>,
}

/// 8 threads SET distinct keys and INCR a per-thread counter as fast as they
/// can until the connection breaks or `stop` is set.
fn write_load(addr: &str, prefix: &str, stop: Arc<AtomicBool>) -> Vec<thread::JoinHandle<Acked>> {
    (0..THREADS)
        .map(|t| {
            let addr = addr.to_string();
            let prefix = prefix.to_string();
            let stop = stop.clone();
            thread::spawn(move || {
                let mut c = Client::connect(&addr);
                c.set_timeout(Duration::from_secs(10));
                let mut a = Acked {
                    thread: t,
                    sets: 0,
                    set_times: Vec::new(),
                    counter: 0,
                    counter_time: None,
                    counter_acks: Vec::new(),
                };
                let ctr = format!("{prefix}:t{t}:ctr");
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let key = format!("{prefix}:t{t}:k{n}");
                    match c.try_cmd(&["SET", &key, &value_for(t, n)]) {
                        Ok(Value::Status(s)) if s == "OK" => {
                            a.sets = n;
                            a.set_times.push(Instant::now());
                        }
                        Ok(other) => panic!("thread {t}: SET {key} replied {other:?}"),
                        Err(_) => break, // server killed
                    }
                    match c.try_cmd(&["INCR", &ctr]) {
                        Ok(Value::Int(v)) => {
                            assert_eq!(v, a.counter + 1, "thread {t}: INCR out of sequence");
                            a.counter = v;
                            let now = Instant::now();
                            a.counter_time = Some(now);
                            a.counter_acks.push((v, now));
                        }
                        Ok(other) => panic!("thread {t}: INCR replied {other:?}"),
                        Err(_) => break,
                    }
                }
                a
            })
        })
        .collect()
}

/// Checks that SETs 1..=upto of thread `t` are present with their values.
fn verify_sets(c: &mut Client, prefix: &str, t: usize, upto: u64) {
    let mut n = 1u64;
    while n <= upto {
        let end = (n + 999).min(upto);
        let keys: Vec<String> = (n..=end).map(|i| format!("{prefix}:t{t}:k{i}")).collect();
        let mut args: Vec<&str> = vec!["MGET"];
        args.extend(keys.iter().map(|k| k.as_str()));
        let vals = c.cmd(&args).as_array();
        assert_eq!(vals.len(), keys.len());
        for (i, v) in (n..=end).zip(vals) {
            match v {
                Value::Bulk(Some(b)) if b == value_for(t, i).as_bytes() => {}
                other => panic!(
                    "acknowledged write lost after crash: {prefix}:t{t}:k{i} = {other:?} \
                     (thread {t} had {upto} acknowledged SETs)"
                ),
            }
        }
        n = end + 1;
    }
}

#[test]
fn appendfsync_always_keeps_every_acknowledged_write_after_sigkill() {
    let _g = serial();
    let dir = tempfile::tempdir().unwrap();
    let args = ["--appendfsync", "always"];
    let mut s = Server::strata_in(dir.path(), &args);
    let prefix = "always";
    let stop = Arc::new(AtomicBool::new(false));
    let handles = write_load(&s.addr(), prefix, stop.clone());
    thread::sleep(Duration::from_secs(3));
    s.kill9(); // mid-load: the writers are blocked on replies right now
    stop.store(true, Ordering::Relaxed);
    let acked: Vec<Acked> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let total: u64 = acked.iter().map(|a| a.sets).sum();
    eprintln!(
        "appendfsync always: {total} acknowledged SETs (+ as many INCRs) in 3 s before SIGKILL"
    );
    assert!(total > 0, "no write was acknowledged at all");

    let s2 = Server::strata_in(dir.path(), &args);
    let mut c = s2.client();
    for a in &acked {
        verify_sets(&mut c, prefix, a.thread, a.sets);
        let v = c.cmd(&["GET", &format!("{prefix}:t{}:ctr", a.thread)]);
        let got: i64 = if a.counter == 0 && v.is_nil() {
            0
        } else {
            v.as_str().parse().unwrap()
        };
        assert!(
            got >= a.counter && got <= a.counter + 1,
            "thread {}: counter {got} after restart, last acknowledged INCR returned {}",
            a.thread,
            a.counter
        );
    }
    drop(s);
}

#[test]
fn appendfsync_everysec_keeps_writes_older_than_two_seconds_after_sigkill() {
    let _g = serial();
    let dir = tempfile::tempdir().unwrap();
    let args = ["--appendfsync", "everysec"];
    let mut s = Server::strata_in(dir.path(), &args);
    let prefix = "everysec";
    let stop = Arc::new(AtomicBool::new(false));
    let handles = write_load(&s.addr(), prefix, stop.clone());
    thread::sleep(Duration::from_millis(3500));
    let killed_at = Instant::now();
    s.kill9();
    stop.store(true, Ordering::Relaxed);
    let acked: Vec<Acked> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let cutoff = killed_at - Duration::from_secs(2);
    let total: u64 = acked.iter().map(|a| a.sets).sum();
    let old: u64 = acked
        .iter()
        .map(|a| a.set_times.iter().filter(|t| **t < cutoff).count() as u64)
        .sum();
    eprintln!("appendfsync everysec: {total} acknowledged SETs, {old} of them >2 s before SIGKILL");
    assert!(
        old > 0,
        "no write acknowledged more than 2 s before the kill"
    );

    let s2 = Server::strata_in(dir.path(), &args);
    let mut c = s2.client();
    for a in &acked {
        let old_sets = a.set_times.iter().filter(|t| **t < cutoff).count() as u64;
        verify_sets(&mut c, prefix, a.thread, old_sets);
        let old_counter = a
            .counter_acks
            .iter()
            .filter(|(_, t)| *t < cutoff)
            .map(|(v, _)| *v)
            .max()
            .unwrap_or(0);
        let v = c.cmd(&["GET", &format!("{prefix}:t{}:ctr", a.thread)]);
        let got: i64 = if v.is_nil() {
            0
        } else {
            v.as_str().parse().unwrap()
        };
        assert!(
            got >= old_counter && got <= a.counter + 1,
            "thread {}: counter {got} after restart; acknowledged {old_counter} >2 s before the kill, {} in total",
            a.thread,
            a.counter
        );
        let _ = a.counter_time;
    }
    drop(s);
}

#[test]
fn restart_with_one_million_keys_answers_quickly() {
    let _g = serial();
    const N: usize = 1_000_000;
    const BATCH: usize = 1000;
    let mut s = Server::strata();
    let mut c = s.client();
    let t0 = Instant::now();
    for b in 0..N / BATCH {
        let mut bytes = Vec::with_capacity(BATCH * 64);
        for i in b * BATCH..(b + 1) * BATCH {
            let k = format!("key:{i}");
            let v = format!("value:{i}");
            bytes.extend_from_slice(&encode_cmd(&[b"SET", k.as_bytes(), v.as_bytes()]));
        }
        c.send_raw(&bytes);
        for _ in 0..BATCH {
            let r = c.read_raw();
            assert!(r == b"+OK\r\n", "SET in batch {b} replied {:?}", escape(&r));
        }
    }
    eprintln!(
        "restart with 1M keys: filled {N} keys in {:?}",
        t0.elapsed()
    );
    assert_eq!(c.cmd(&["DBSIZE"]).as_int(), N as i64);

    // Clean shutdown (falling back to SIGKILL if it takes too long).
    let t1 = Instant::now();
    let _ = c.try_send_raw(&encode_cmd(&[b"SHUTDOWN"]));
    if s.wait_exit(Duration::from_secs(20)).is_none() {
        eprintln!("restart with 1M keys: SHUTDOWN did not finish in 20 s, using SIGKILL");
        s.kill9();
    }
    eprintln!("restart with 1M keys: shutdown took {:?}", t1.elapsed());
    drop(c);

    s.restart(); // same data dir, measures spawn -> first +PONG
    let ms = s.startup.as_millis();
    eprintln!("restart with 1M keys: first reply after {ms} ms");
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["DBSIZE"]).as_int(),
        N as i64,
        "DBSIZE after restart"
    );
    for i in [0usize, 1, 123_456, 999_999] {
        assert_eq!(
            c.cmd(&["GET", &format!("key:{i}")]).as_str(),
            format!("value:{i}")
        );
    }
    assert!(
        ms < 1000,
        "restart with 1M keys: first reply after {ms} ms (limit 1000 ms)"
    );
}

/// Bytes of all files under `dir`.
fn disk_use(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => disk_use(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// The WAL stays bounded, and FLUSHALL and the DEL of a big collection give their disk space
/// back within seconds (range tombstones, then a queued flush and compaction), not whenever
/// compaction gets there.
#[test]
fn flushall_and_del_of_a_big_collection_give_the_disk_back() {
    let _g = serial();
    let s = Server::strata();
    let mut c = s.client();
    let db = s.dir.join("db");
    // Incompressible values: 120k keys of 1 KB, then one 100k-field hash of 256 B values.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut noise = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                b'a' + (seed % 26) as u8
            })
            .collect()
    };
    let fill = |c: &mut Client, cmds: Vec<Vec<u8>>| {
        for chunk in cmds.chunks(1000) {
            c.send_raw(&chunk.concat());
            for _ in chunk {
                let r = c.read_value();
                assert!(!r.is_error(), "{r:?}");
            }
        }
    };
    let sets = (0..120_000)
        .map(|i| encode_cmd(&[b"SET", format!("k:{i}").as_bytes(), &noise(1024)]))
        .collect();
    fill(&mut c, sets);
    let live = disk_use(&db);
    assert!(live > 100 << 20, "120 MB written, {live} bytes on disk");
    // The WAL stays within its 64 MB cap (plus the file being written) instead of holding
    // everything since the small column families last flushed.
    let wal: u64 = std::fs::read_dir(&db)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum();
    assert!(wal < 80 << 20, "{wal} bytes of WAL after 120 MB of writes");
    assert_ok(&c.cmd(&["FLUSHALL"]));
    let shrunk = |what: &str, limit: u64| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = disk_use(&db);
            if now < limit {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: still {now} bytes on disk after 30 s"
            );
            thread::sleep(Duration::from_millis(200));
        }
    };
    shrunk("FLUSHALL", 8 << 20);

    let fields = (0..100_000)
        .map(|i| encode_cmd(&[b"HSET", b"big", format!("f:{i}").as_bytes(), &noise(256)]))
        .collect();
    fill(&mut c, fields);
    assert_ok(&c.cmd(&["SET", "small", "kept"]));
    let live = disk_use(&db);
    assert!(
        live > 20 << 20,
        "25 MB of fields written, {live} bytes on disk"
    );
    assert_eq!(c.cmd(&["DEL", "big"]).as_int(), 1);
    shrunk("DEL of a 100k-field hash", live / 3);
    assert_eq!(c.cmd(&["GET", "small"]).as_str(), "kept");
}
