//! MONITOR: every command the server runs, as one line per command on the queue of each
//! monitoring connection (the pub/sub queue, with its output limits), in Redis' format:
//!
//! ```text
//! +1700000000.123456 [0 127.0.0.1:50000] "set" "k" "v"
//! ```
//!
//! As in Redis 7.0, a command is shown once it has run (with the db it left selected), even if
//! it failed; commands refused before running (unknown, wrong arity), queued in MULTI, or
//! flagged `admin` are not. A script's commands are shown from `lua`, after the EVAL that runs
//! them (EVAL and FCALL are shown before they run), and passwords are redacted as in the slow
//! log. With no monitor connected, the cost per command is one atomic load.

use crate::cmd::def::CommandDef;
use crate::cmd::Args;
use crate::pubsub::{Limits, Message, Sink};
use crate::slowlog::Caller;
use bytes::Bytes;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Default)]
pub struct Monitors {
    count: AtomicUsize,
    sinks: Mutex<Vec<Arc<Sink>>>,
}

impl Monitors {
    /// Makes `sink` a monitor (once).
    pub fn add(&self, sink: &Arc<Sink>) {
        let mut sinks = self.sinks.lock();
        if !sinks.iter().any(|s| Arc::ptr_eq(s, sink)) {
            sinks.push(sink.clone());
            self.count.store(sinks.len(), Ordering::Release);
        }
    }

    /// Shows a command that has run (see the module doc for which ones are shown).
    pub fn feed(&self, def: &CommandDef, args: &Args, db: usize, caller: Caller, limits: &Limits) {
        if self.count.load(Ordering::Acquire) == 0
            || def.has_flag("admin")
            || def.has_flag("skip_monitor")
        {
            return;
        }
        self.feed_always(args, db, caller, limits);
    }

    /// Shows, before it runs, a command that shows itself then (EVAL, FCALL: flagged
    /// `skip_monitor` so that [`Monitors::feed`] after the run leaves them out).
    pub fn feed_before_run(
        &self,
        def: &CommandDef,
        args: &Args,
        db: usize,
        caller: Caller,
        limits: &Limits,
    ) {
        if self.count.load(Ordering::Acquire) > 0 && def.has_flag("skip_monitor") {
            self.feed_always(args, db, caller, limits);
        }
    }

    fn feed_always(&self, args: &Args, db: usize, caller: Caller, limits: &Limits) {
        let line = Message::Monitor(line(args, db, caller, crate::cmd::unix_micros()));
        let mut sinks = self.sinks.lock();
        sinks.retain(|s| !s.is_closed());
        for s in sinks.iter() {
            s.deliver(&line, limits);
        }
        self.count.store(sinks.len(), Ordering::Release);
    }
}

/// The line for `args` run from `source` on `db` at `micros` since the epoch.
fn line(args: &Args, db: usize, caller: Caller, micros: u64) -> Bytes {
    let mut out = format!("{}.{:06} [{db} ", micros / 1_000_000, micros % 1_000_000).into_bytes();
    match caller {
        Caller::Client(info) => out.extend_from_slice(info.addr.as_bytes()),
        Caller::Script => out.extend_from_slice(b"lua"),
    }
    out.push(b']');
    let secret = crate::slowlog::secret_positions(args);
    for i in 0..args.len() {
        out.push(b' ');
        if secret.contains(&i) {
            out.extend_from_slice(b"\"(redacted)\"");
        } else {
            out.extend_from_slice(&crate::config::repr(args.get(i)));
        }
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_quote_escape_and_redact_like_redis() {
        let args = Args::of(&["set", "k", "v\n\"\\\u{1}"]);
        assert_eq!(
            &line(&args, 3, Caller::Script, 1_700_000_000_000_042)[..],
            b"1700000000.000042 [3 lua] \"set\" \"k\" \"v\\n\\\"\\\\\\x01\""
        );
        let args = Args::of(&["auth", "user", "pw"]);
        assert_eq!(
            &line(&args, 0, Caller::Script, 1_000_000)[..],
            b"1.000000 [0 lua] \"auth\" \"(redacted)\" \"(redacted)\""
        );
    }
}
