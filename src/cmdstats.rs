//! Per-command and per-error counters: INFO commandstats and errorstats, as Redis 7.0 keeps
//! them (the figures monitoring tools such as redis_exporter read).
//!
//! Every command and subcommand of the table has its counters, found by the address of its
//! definition in a map built once, so counting a call is one lookup without a lock and a few
//! relaxed atomic additions. A call is counted when it has run (a blocked command when it
//! blocks); `failed_calls` are the runs that answered an error, `rejected_calls` the commands
//! refused before running (wrong arity, NOAUTH, BUSY, refused in a transaction, ...). Error
//! replies are counted by their code, the first word of the message.

use crate::cmd::def::CommandDef;
use parking_lot::Mutex;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
struct Counters {
    calls: AtomicU64,
    usec: AtomicU64,
    rejected: AtomicU64,
    failed: AtomicU64,
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
            for a in [&c.calls, &c.usec, &c.rejected, &c.failed] {
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

    /// The errorstats section's lines.
    pub fn render_errors(&self, out: &mut String) {
        for (code, n) in self.errors.lock().iter() {
            let _ = write!(out, "errorstat_{code}:count={n}\r\n");
        }
    }
}
