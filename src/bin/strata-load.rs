//! `strata-load`: a load generator for what redis-benchmark cannot do: skewed key
//! distributions (uniform, zipf, gaussian), a GET/SET mix, a fill phase, a warm-up, and latency
//! percentiles from every request. It speaks plain RESP, so it measures Strata and Redis alike.
//!
//! ```text
//! strata-load [--host H] [--port P] [--connections N] [--pipeline D] [--keys K]
//!             [--dist uniform|zipf:THETA|gaussian:SIGMA] [--reads FRACTION] [--value-size B]
//!             [--duration SECS] [--warmup SECS] [--fill] [--prefix STR] [--multi N]
//! ```
//!
//! `--multi N` makes every request a transaction: MULTI, N SETs of drawn keys, EXEC, sent in
//! one write as client libraries send a transaction; ops/s then counts transactions.
//!
//! Each connection runs on its own thread and sends `--pipeline` requests at a time; a
//! request's latency is its batch's round trip. The report is one line of `key=value` fields
//! (ops/s, hit rate, p50/p99/p99.9/max in ms) so scripts can pick it apart.

use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
enum Dist {
    Uniform,
    /// YCSB's zipfian generator with this skew (0.99 is YCSB's default), hot keys scattered.
    Zipf(f64),
    /// Normal around the middle of the key space, sigma as a fraction of it.
    Gaussian(f64),
}

#[derive(Clone, Debug)]
struct Opts {
    host: String,
    port: u16,
    connections: usize,
    pipeline: usize,
    keys: u64,
    dist: Dist,
    reads: f64,
    value_size: usize,
    duration: f64,
    warmup: f64,
    fill: bool,
    prefix: String,
    multi: usize,
}

fn usage(msg: &str) -> ! {
    eprintln!("strata-load: {msg}");
    eprintln!(
        "usage: strata-load [--host H] [--port P] [--connections N] [--pipeline D] [--keys K] \
         [--dist uniform|zipf:THETA|gaussian:SIGMA] [--reads FRACTION] [--value-size B] \
         [--duration SECS] [--warmup SECS] [--fill] [--prefix STR] [--multi N]"
    );
    std::process::exit(2)
}

fn parse_opts() -> Opts {
    let mut o = Opts {
        host: "127.0.0.1".into(),
        port: 6379,
        connections: 50,
        pipeline: 1,
        keys: 1_000_000,
        dist: Dist::Uniform,
        reads: 1.0,
        value_size: 100,
        duration: 10.0,
        warmup: 2.0,
        fill: false,
        prefix: "load:".into(),
        multi: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--fill" {
            o.fill = true;
            continue;
        }
        let v = args
            .next()
            .unwrap_or_else(|| usage(&format!("{a} needs a value")));
        let num = |v: &str| -> f64 {
            v.parse()
                .unwrap_or_else(|_| usage(&format!("{a}: not a number: {v}")))
        };
        match a.as_str() {
            "--host" => o.host = v,
            "--port" => o.port = num(&v) as u16,
            "--connections" => o.connections = (num(&v) as usize).max(1),
            "--pipeline" => o.pipeline = (num(&v) as usize).max(1),
            "--keys" => o.keys = (num(&v) as u64).max(1),
            "--reads" => o.reads = num(&v).clamp(0.0, 1.0),
            "--value-size" => o.value_size = num(&v) as usize,
            "--duration" => o.duration = num(&v),
            "--warmup" => o.warmup = num(&v),
            "--prefix" => o.prefix = v,
            "--multi" => o.multi = num(&v) as usize,
            "--dist" => {
                o.dist = match v.split_once(':') {
                    None if v == "uniform" => Dist::Uniform,
                    Some(("zipf", t)) => Dist::Zipf(num(t)),
                    Some(("gaussian", s)) => Dist::Gaussian(num(s)),
                    _ => usage(&format!("unknown distribution {v}")),
                }
            }
            _ => usage(&format!("unknown option {a}")),
        }
    }
    o
}

/// Draws key numbers in `0..n`.
enum Keys {
    Uniform(u64),
    Zipf {
        n: u64,
        theta: f64,
        alpha: f64,
        zetan: f64,
        eta: f64,
    },
    Gaussian {
        n: u64,
        sigma: f64,
    },
}

fn zeta(n: u64, theta: f64) -> f64 {
    (1..=n).map(|i| 1.0 / (i as f64).powf(theta)).sum()
}

/// Scatters zipf ranks over the key space (FNV-1a of the rank) so hot keys are not neighbours
/// on disk, as YCSB's "scrambled zipfian" does.
fn scatter(rank: u64, n: u64) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in rank.to_le_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h % n
}

impl Keys {
    fn new(dist: &Dist, n: u64) -> Keys {
        match *dist {
            Dist::Uniform => Keys::Uniform(n),
            Dist::Zipf(theta) => {
                let zetan = zeta(n, theta);
                let zeta2 = zeta(2, theta);
                Keys::Zipf {
                    n,
                    theta,
                    alpha: 1.0 / (1.0 - theta),
                    zetan,
                    eta: (1.0 - (2.0 / n as f64).powf(1.0 - theta)) / (1.0 - zeta2 / zetan),
                }
            }
            Dist::Gaussian(sigma) => Keys::Gaussian { n, sigma },
        }
    }

    fn draw(&self, rng: &mut impl Rng) -> u64 {
        match *self {
            Keys::Uniform(n) => rng.random_range(0..n),
            Keys::Zipf {
                n,
                theta,
                alpha,
                zetan,
                eta,
            } => {
                let u: f64 = rng.random();
                let uz = u * zetan;
                let rank = if uz < 1.0 {
                    0
                } else if uz < 1.0 + 0.5f64.powf(theta) {
                    1
                } else {
                    ((n as f64) * (eta * u - eta + 1.0).powf(alpha)) as u64
                };
                scatter(rank.min(n - 1), n)
            }
            Keys::Gaussian { n, sigma } => {
                // Box-Muller.
                let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
                let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
                let x = n as f64 / 2.0 + z * sigma * n as f64;
                (x.max(0.0) as u64).min(n - 1)
            }
        }
    }
}

/// Fills `value` with random letters: values must not compress, or the dataset on disk is a
/// fraction of what it claims to be.
fn randomize(rng: &mut impl Rng, value: &mut [u8]) {
    rng.fill(value);
    for b in value.iter_mut() {
        *b = b'a' + *b % 26;
    }
}

fn command(out: &mut Vec<u8>, args: &[&[u8]]) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
}

/// Reads one reply; returns whether it was a hit (not a null), or an error for an error reply
/// (an array's: whether its first element is a hit, or its first error).
fn read_reply(r: &mut BufReader<TcpStream>, line: &mut Vec<u8>) -> std::io::Result<bool> {
    line.clear();
    r.read_until(b'\n', line)?;
    let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
    let len = |line: &[u8]| -> std::io::Result<i64> {
        std::str::from_utf8(&line[1..])
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| bad("bad length".into()))
    };
    match line.first() {
        Some(b'+') | Some(b':') => Ok(true),
        Some(b'-') => Err(bad(String::from_utf8_lossy(line).trim().to_string())),
        Some(b'$') => {
            let n = len(line)?;
            if n < 0 {
                return Ok(false);
            }
            let mut body = vec![0; n as usize + 2];
            r.read_exact(&mut body)?;
            Ok(true)
        }
        Some(b'*') => {
            let n = len(line)?;
            let mut first = n > 0;
            for i in 0..n.max(0) {
                let hit = read_reply(r, line)?;
                if i == 0 {
                    first = hit;
                }
            }
            Ok(first)
        }
        _ => Err(bad(format!(
            "unexpected reply {:?}",
            String::from_utf8_lossy(line)
        ))),
    }
}

#[derive(Default)]
struct Tally {
    /// Microseconds per request (each request of a batch gets the batch's round trip).
    latencies: Vec<u32>,
    hits: u64,
    misses: u64,
}

fn connect(o: &Opts) -> (TcpStream, BufReader<TcpStream>) {
    let s = TcpStream::connect((o.host.as_str(), o.port))
        .unwrap_or_else(|e| usage(&format!("can't connect to {}:{}: {e}", o.host, o.port)));
    let _ = s.set_nodelay(true);
    let r = BufReader::with_capacity(1 << 16, s.try_clone().expect("clone socket"));
    (s, r)
}

/// SETs every key once, `connections` threads in parallel, pipelined by 256.
fn fill(o: &Opts) {
    let start = Instant::now();
    let per = o.keys.div_ceil(o.connections as u64);
    let threads: Vec<_> = (0..o.connections as u64)
        .map(|t| {
            let o = o.clone();
            std::thread::spawn(move || {
                let (mut s, mut r) = connect(&o);
                let mut rng = rand::rngs::StdRng::seed_from_u64(t);
                let mut value = vec![0; o.value_size];
                let (from, to) = (t * per, ((t + 1) * per).min(o.keys));
                let (mut buf, mut line) = (Vec::new(), Vec::new());
                let mut k = from;
                while k < to {
                    buf.clear();
                    let end = (k + 256).min(to);
                    for i in k..end {
                        let key = format!("{}{i}", o.prefix);
                        randomize(&mut rng, &mut value);
                        command(&mut buf, &[b"SET", key.as_bytes(), &value]);
                    }
                    s.write_all(&buf).expect("write");
                    for _ in k..end {
                        read_reply(&mut r, &mut line).expect("fill reply");
                    }
                    k = end;
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    eprintln!(
        "filled {} keys in {:.1} s",
        o.keys,
        start.elapsed().as_secs_f64()
    );
}

fn run(o: &Opts) {
    let keys = Arc::new(Keys::new(&o.dist, o.keys));
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..o.connections)
        .map(|t| {
            let (o, keys, stop, measuring) =
                (o.clone(), keys.clone(), stop.clone(), measuring.clone());
            std::thread::spawn(move || {
                let (mut s, mut r) = connect(&o);
                let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed + t as u64);
                let mut value = vec![0; o.value_size];
                let mut tally = Tally::default();
                let (mut buf, mut line) = (Vec::new(), Vec::new());
                let mut reads = Vec::with_capacity(o.pipeline);
                // A transaction's MULTI and QUEUED replies come before EXEC's.
                let queued_replies = if o.multi > 0 { o.multi + 1 } else { 0 };
                while !stop.load(Ordering::Relaxed) {
                    buf.clear();
                    reads.clear();
                    for _ in 0..o.pipeline {
                        if o.multi > 0 {
                            command(&mut buf, &[b"MULTI"]);
                            for _ in 0..o.multi {
                                let key = format!("{}{}", o.prefix, keys.draw(&mut rng));
                                randomize(&mut rng, &mut value);
                                command(&mut buf, &[b"SET", key.as_bytes(), &value]);
                            }
                            command(&mut buf, &[b"EXEC"]);
                            reads.push(false);
                            continue;
                        }
                        let key = format!("{}{}", o.prefix, keys.draw(&mut rng));
                        let read = rng.random::<f64>() < o.reads;
                        if read {
                            command(&mut buf, &[b"GET", key.as_bytes()]);
                        } else {
                            randomize(&mut rng, &mut value);
                            command(&mut buf, &[b"SET", key.as_bytes(), &value]);
                        }
                        reads.push(read);
                    }
                    let sent = Instant::now();
                    if s.write_all(&buf).is_err() {
                        break;
                    }
                    let mut batch = (0, 0);
                    for &read in &reads {
                        for _ in 0..queued_replies {
                            if let Err(e) = read_reply(&mut r, &mut line) {
                                eprintln!("strata-load: {e}");
                                return tally;
                            }
                        }
                        match read_reply(&mut r, &mut line) {
                            Ok(hit) if read => {
                                if hit {
                                    batch.0 += 1
                                } else {
                                    batch.1 += 1
                                }
                            }
                            Ok(_) => {}
                            Err(e) => {
                                eprintln!("strata-load: {e}");
                                return tally;
                            }
                        }
                    }
                    if measuring.load(Ordering::Relaxed) {
                        let us = sent.elapsed().as_micros().min(u32::MAX as u128) as u32;
                        tally.latencies.extend(std::iter::repeat_n(us, o.pipeline));
                        tally.hits += batch.0;
                        tally.misses += batch.1;
                    }
                }
                tally
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(o.warmup));
    measuring.store(true, Ordering::Relaxed);
    let start = Instant::now();
    std::thread::sleep(Duration::from_secs_f64(o.duration));
    measuring.store(false, Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut all = Tally::default();
    for t in threads {
        if let Ok(t) = t.join() {
            all.latencies.extend(t.latencies);
            all.hits += t.hits;
            all.misses += t.misses;
        }
    }
    all.latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.latencies.is_empty() {
            return 0.0;
        }
        let i = ((all.latencies.len() as f64 * p) as usize).min(all.latencies.len() - 1);
        all.latencies[i] as f64 / 1000.0
    };
    let reads = all.hits + all.misses;
    println!(
        "ops_per_sec={:.0} requests={} hit_rate={:.3} p50_ms={:.3} p99_ms={:.3} p999_ms={:.3} max_ms={:.3}",
        all.latencies.len() as f64 / elapsed,
        all.latencies.len(),
        if reads > 0 { all.hits as f64 / reads as f64 } else { 0.0 },
        pct(0.50),
        pct(0.99),
        pct(0.999),
        all.latencies.last().map_or(0.0, |&v| v as f64 / 1000.0),
    );
}

fn main() {
    let o = parse_opts();
    if o.fill {
        fill(&o);
    }
    if o.duration > 0.0 {
        run(&o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_stay_in_range_and_zipf_is_skewed() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for d in [Dist::Uniform, Dist::Zipf(0.99), Dist::Gaussian(0.1)] {
            let k = Keys::new(&d, 1000);
            assert!((0..10_000).all(|_| k.draw(&mut rng) < 1000), "{d:?}");
        }
        // Under zipf 0.99 the hottest key takes several percent of the draws.
        let k = Keys::new(&Dist::Zipf(0.99), 100_000);
        let mut counts = std::collections::HashMap::new();
        for _ in 0..100_000 {
            *counts.entry(k.draw(&mut rng)).or_insert(0u32) += 1;
        }
        let top = counts.values().copied().max().unwrap_or(0);
        assert!(top > 2_000, "hottest key drawn {top} times");
        assert!(counts.len() > 10_000, "only {} distinct keys", counts.len());
    }
}
