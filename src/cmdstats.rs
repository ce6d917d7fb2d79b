//! Per-command and per-error counters: INFO commandstats and errorstats, as Redis 7.0 keeps
//! them (the figures monitoring tools such as redis_exporter read).
//!
//! Every command and subcommand of the table has its counters, found by the address of its
//! definition in a map built once, so counting a call is one lookup without a lock and a few
//! relaxed atomic additions. A call is counted when it has run (a blocked command when it
//! blocks, not again when it is served); `failed_calls` are the runs that answered an error,
//! `rejected_calls` the commands refused before running (wrong arity, NOAUTH, BUSY, refused in
//! a transaction, ...). Error replies are counted by their code, the first word of the message.
//!
//! Each command's run times also go into a histogram of power-of-two microsecond buckets, for
//! LATENCY HISTOGRAM and INFO latencystats. Redis keeps an HDR histogram with finer buckets, so
//! the bucket bounds and percentiles here are coarser (each at most twice the true value).

use crate::cmd::def::CommandDef;
use crate::resp::Reply;
use parking_lot::Mutex;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Histogram buckets: bucket `i` holds the runs of under 2^i microseconds (and at least half
/// that), the last one everything longer.
const BUCKETS: usize = 32;
/// INFO latencystats' percentiles, Redis' default `latency-tracking-info-percentiles`.
const PERCENTILES: [(&str, f64); 3] = [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)];

#[derive(Default)]
struct Counters {
    calls: AtomicU64,
    usec: AtomicU64,
    rejected: AtomicU64,
    failed: AtomicU64,
    histogram: [AtomicU64; BUCKETS],
}

impl Counters {
    /// `(bucket bound in µs, runs up to it)` for the buckets where the count grows.
    fn cumulative(&self) -> Vec<(u64, u64)> {
        let mut total = 0;
        let mut out = Vec::new();
        for (i, b) in self.histogram.iter().enumerate() {
            let n = b.load(Ordering::Relaxed);
            if n > 0 {
                total += n;
                out.push((1u64 << i, total));
            }
        }
        out
    }
}

pub struct CommandStats {
    /// Definition address -> its counters' index in `counters` and `names`.
    index: HashMap<usize, usize, foldhash::fast::RandomState>,
    names: Vec<&'static str>,
    counters: Vec<Counters>,
    errors: Mutex<BTreeMap<String, u64>>,
}

fn key(def: &CommandDef) -> usize {
    def as *const CommandDef as usize
}

impl CommandStats {
    /// Counters for every command of `defs`.
    pub fn new(defs: impl IntoIterator<Item = &'static CommandDef>) -> CommandStats {
        let mut s = CommandStats {
            index: HashMap::default(),
            names: Vec::new(),
            counters: Vec::new(),
            errors: Mutex::new(BTreeMap::new()),
        };
        for def in defs {
            s.index.insert(key(def), s.names.len());
            s.names.push(def.name);
            s.counters.push(Counters::default());
        }
        s
    }

    fn of(&self, def: &CommandDef) -> Option<&Counters> {
        self.index.get(&key(def)).map(|&i| &self.counters[i])
    }

    /// A run of `def` that took `usec` and answered an error or not.
    pub fn ran(&self, def: &CommandDef, usec: u64, failed: bool) {
        if let Some(c) = self.of(def) {
            c.calls.fetch_add(1, Ordering::Relaxed);
            c.usec.fetch_add(usec, Ordering::Relaxed);
            let bucket = (u64::BITS - usec.leading_zeros()) as usize;
            c.histogram[bucket.min(BUCKETS - 1)].fetch_add(1, Ordering::Relaxed);
            if failed {
                c.failed.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// `def` refused before it ran.
    pub fn rejected(&self, def: &CommandDef) {
        if let Some(c) = self.of(def) {
            c.rejected.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// An error reply sent with `message` (its code is the first word).
    pub fn error(&self, message: &str) {
        let code = message.split(' ').next().unwrap_or_default();
        let mut errors = self.errors.lock();
        match errors.get_mut(code) {
            Some(n) => *n += 1,
            None => {
                errors.insert(code.to_string(), 1);
            }
        }
    }

    /// CONFIG RESETSTAT.
    pub fn reset(&self) {
        for c in &self.counters {
            for a in [&c.calls, &c.usec, &c.rejected, &c.failed]
                .into_iter()
                .chain(&c.histogram)
            {
                a.store(0, Ordering::Relaxed);
            }
        }
        self.errors.lock().clear();
    }

    /// The commandstats section's lines: the commands used since the start (or RESETSTAT).
    pub fn render_commands(&self, out: &mut String) {
        for (name, c) in self.names.iter().zip(&self.counters) {
            let calls = c.calls.load(Ordering::Relaxed);
            let rejected = c.rejected.load(Ordering::Relaxed);
            if calls == 0 && rejected == 0 {
                continue;
            }
            let usec = c.usec.load(Ordering::Relaxed);
            let per_call = if calls == 0 {
                0.0
            } else {
                usec as f64 / calls as f64
            };
            let _ = write!(
                out,
                "cmdstat_{name}:calls={calls},usec={usec},usec_per_call={per_call:.2},rejected_calls={rejected},failed_calls={}\r\n",
                c.failed.load(Ordering::Relaxed)
            );
        }
    }

    /// The latencystats section's lines: percentiles of each command's run times.
    pub fn render_latencies(&self, out: &mut String) {
        for (name, c) in self.names.iter().zip(&self.counters) {
            let steps = c.cumulative();
            let Some(&(_, total)) = steps.last() else {
                continue;
            };
            let fields: Vec<String> = PERCENTILES
                .iter()
                .map(|(label, p)| {
                    let wanted = (total as f64 * p / 100.0).ceil() as u64;
                    let bound = steps
                        .iter()
                        .find(|(_, n)| *n >= wanted)
                        .map_or(0, |(b, _)| *b);
                    format!("{label}={bound}.000")
                })
                .collect();
            let _ = write!(
                out,
                "latency_percentiles_usec_{name}:{}\r\n",
                fields.join(",")
            );
        }
    }

    /// LATENCY HISTOGRAM: for each command `wanted` accepts that has run, its calls and its
    /// cumulative histogram.
    pub fn histograms(&self, wanted: impl Fn(&str) -> bool) -> Reply {
        let mut out = Vec::new();
        for (name, c) in self.names.iter().zip(&self.counters) {
            let calls = c.calls.load(Ordering::Relaxed);
            if calls == 0 || !wanted(name) {
                continue;
            }
            let buckets = c
                .cumulative()
                .into_iter()
                .map(|(b, n)| (Reply::Int(b as i64), Reply::Int(n as i64)))
                .collect();
            out.push((
                Reply::bulk(*name),
                Reply::Map(vec![
                    (Reply::bulk("calls"), Reply::Int(calls as i64)),
                    (Reply::bulk("histogram_usec"), Reply::Map(buckets)),
                ]),
            ));
        }
        Reply::Map(out)
    }

    /// The errorstats section's lines.
    pub fn render_errors(&self, out: &mut String) {
        for (code, n) in self.errors.lock().iter() {
            let _ = write!(out, "errorstat_{code}:count={n}\r\n");
        }
    }
}
