//! The slow log (SLOWLOG): commands whose execution took at least `slowlog-log-slower-than`
//! microseconds, newest first, at most `slowlog-max-len` of them.
//!
//! An entry shows what Redis 7.0 shows: at most 32 arguments (the last slot then says how many
//! more there were), each cut to 128 bytes (saying how many more bytes there were), and secrets
//! (passwords of AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2, CONFIG SET requirepass or
//! masterauth) replaced by `(redacted)`. The time is the command's execution, commit included
//! (each command of a pipelined group counts the whole group's, as its reply waits for all of
//! it); the time a connection waits to be read or answered is not. A command that blocks
//! (BLPOP with nothing to pop) is not logged, where Redis logs it once it is served.

use crate::cmd::args::Args;
use crate::cmd::def::CommandDef;
use crate::resp::Reply;
use bytes::Bytes;
use parking_lot::Mutex;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

const MAX_ARGS: usize = 32;
const MAX_ARG_BYTES: usize = 128;

struct Entry {
    id: u64,
    unix_secs: u64,
    micros: u64,
    args: Vec<Bytes>,
    addr: String,
    name: Bytes,
}

/// Who ran a logged command: a connection, or a script's own client (`?:0`, no name, as
/// Redis shows the commands a script runs).
#[derive(Clone, Copy)]
pub enum Caller<'a> {
    Client(&'a crate::server::ClientInfo),
    Script,
}

impl Caller<'_> {
    /// A script's (`from_script`) or else `info`'s connection.
    pub fn of(from_script: bool, info: &crate::server::ClientInfo) -> Caller<'_> {
        if from_script {
            Caller::Script
        } else {
            Caller::Client(info)
        }
    }
}

pub struct SlowLog {
    /// Negative: log nothing.
    slower_than: AtomicI64,
    max_len: AtomicU64,
    next_id: AtomicU64,
    /// Newest first.
    entries: Mutex<VecDeque<Entry>>,
}

impl SlowLog {
    pub fn new(slower_than: i64, max_len: u64) -> SlowLog {
        SlowLog {
            slower_than: AtomicI64::new(slower_than),
            max_len: AtomicU64::new(max_len),
            next_id: AtomicU64::new(0),
            entries: Mutex::new(VecDeque::new()),
        }
    }

    /// Takes new settings (CONFIG SET). A shorter log is trimmed at its next entry, as in Redis.
    pub fn configure(&self, slower_than: i64, max_len: u64) {
        self.slower_than.store(slower_than, Ordering::Relaxed);
        self.max_len.store(max_len, Ordering::Relaxed);
    }

    /// Logs a command that ran for `micros` if that is slow enough.
    pub fn observe(&self, def: &CommandDef, args: &Args, micros: u64, caller: Caller) {
        let threshold = self.slower_than.load(Ordering::Relaxed);
        if threshold < 0 || micros < threshold as u64 || def.has_flag("skip_slowlog") {
            return;
        }
        let (addr, name) = match caller {
            Caller::Client(info) => (
                info.addr.clone(),
                info.name.lock().as_deref().map(Bytes::copy_from_slice),
            ),
            Caller::Script => ("?:0".to_string(), None),
        };
        let entry = Entry {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            unix_secs: crate::cmd::unix_ms() / 1000,
            micros,
            args: shown_args(args),
            addr,
            name: name.unwrap_or_default(),
        };
        let max = self.max_len.load(Ordering::Relaxed) as usize;
        let mut entries = self.entries.lock();
        entries.push_front(entry);
        entries.truncate(max);
    }

    pub fn len(&self) -> usize {
        self.entries.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn reset(&self) {
        self.entries.lock().clear();
    }

    /// The newest `count` entries (all with `None`), as SLOWLOG GET replies.
    pub fn newest(&self, count: Option<usize>) -> Reply {
        let entries = self.entries.lock();
        let n = count.map_or(entries.len(), |c| c.min(entries.len()));
        Reply::Array(
            entries
                .iter()
                .take(n)
                .map(|e| {
                    Reply::Array(vec![
                        Reply::Int(e.id as i64),
                        Reply::Int(e.unix_secs as i64),
                        Reply::Int(e.micros as i64),
                        Reply::Array(e.args.iter().cloned().map(Reply::Bulk).collect()),
                        Reply::Bulk(Bytes::copy_from_slice(e.addr.as_bytes())),
                        Reply::Bulk(e.name.clone()),
                    ])
                })
                .collect(),
        )
    }
}

/// The arguments as an entry shows them (see the module doc).
fn shown_args(args: &Args) -> Vec<Bytes> {
    let secret = secret_positions(args);
    let argc = args.len().min(MAX_ARGS);
    (0..argc)
        .map(|j| {
            if argc < args.len() && j == argc - 1 {
                let more = args.len() - argc + 1;
                return Bytes::from(format!("... ({more} more arguments)"));
            }
            if secret.contains(&j) {
                return Bytes::from_static(b"(redacted)");
            }
            let a = args.bytes(j);
            if a.len() > MAX_ARG_BYTES {
                let mut cut = a[..MAX_ARG_BYTES].to_vec();
                cut.extend_from_slice(
                    format!("... ({} more bytes)", a.len() - MAX_ARG_BYTES).as_bytes(),
                );
                Bytes::from(cut)
            } else {
                a
            }
        })
        .collect()
}

/// Positions of the arguments that carry a password.
pub(crate) fn secret_positions(args: &Args) -> Vec<usize> {
    let word = |i: usize, w: &str| i < args.len() && args.is(i, w);
    if word(0, "auth") {
        return (1..args.len()).collect();
    }
    let mut secret = Vec::new();
    if word(0, "hello") {
        // HELLO [protover [AUTH user pass] [SETNAME name]]
        let mut i = 2;
        while i < args.len() {
            if word(i, "auth") {
                secret.extend([i + 1, i + 2]);
                i += 3;
            } else {
                i += 1 + usize::from(word(i, "setname"));
            }
        }
    } else if word(0, "migrate") {
        // MIGRATE host port key db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS ...]
        let mut i = 6;
        while i < args.len() && !word(i, "keys") {
            if word(i, "auth") {
                secret.push(i + 1);
                i += 2;
            } else if word(i, "auth2") {
                secret.extend([i + 1, i + 2]);
                i += 3;
            } else {
                i += 1;
            }
        }
    } else if word(0, "config") && word(1, "set") {
        for i in (2..args.len()).step_by(2) {
            if word(i, "requirepass") || word(i, "masterauth") {
                secret.push(i + 1);
            }
        }
    }
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Args {
        Args::of(v)
    }

    fn shown(v: &[&str]) -> Vec<String> {
        shown_args(&args(v))
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
    }

    #[test]
    fn passwords_are_redacted_wherever_commands_take_them() {
        assert_eq!(
            shown(&["AUTH", "u", "p"]),
            ["AUTH", "(redacted)", "(redacted)"]
        );
        assert_eq!(
            shown(&["hello", "3", "setname", "auth", "AUTH", "u", "p"]),
            [
                "hello",
                "3",
                "setname",
                "auth",
                "AUTH",
                "(redacted)",
                "(redacted)"
            ],
            "a client named auth is no password"
        );
        assert_eq!(
            shown(&[
                "migrate", "h", "1", "", "0", "10", "COPY", "AUTH2", "u", "p", "KEYS", "auth", "x"
            ]),
            [
                "migrate",
                "h",
                "1",
                "",
                "0",
                "10",
                "COPY",
                "AUTH2",
                "(redacted)",
                "(redacted)",
                "KEYS",
                "auth",
                "x"
            ]
        );
        assert_eq!(
            shown(&[
                "config",
                "set",
                "maxclients",
                "requirepass",
                "requirepass",
                "s"
            ]),
            [
                "config",
                "set",
                "maxclients",
                "requirepass",
                "requirepass",
                "(redacted)"
            ]
        );
    }

    #[test]
    fn long_commands_are_cut_to_32_arguments_of_128_bytes() {
        let many: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let v: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
        let s = shown(&v);
        assert_eq!(s.len(), 32);
        assert_eq!(s[30], "30");
        assert_eq!(s[31], "... (9 more arguments)");
        let long = "x".repeat(200);
        let s = shown(&["set", "k", &long]);
        assert_eq!(s[2], format!("{}... (72 more bytes)", "x".repeat(128)));
        assert_eq!(shown(&["set", "k", &"y".repeat(128)])[2].len(), 128);
    }
}
