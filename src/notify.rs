//! Keyspace notifications (`notify-keyspace-events`): Redis' event classes and flag letters, and
//! publishing an event on `__keyspace@<db>__:<key>` and `__keyevent@<db>__:<event>`.
//!
//! Handlers record events with [`crate::cmd::Ctx::notify`] while they run; the dispatcher
//! publishes them only after the command's batch has committed (so a subscriber never hears of
//! a write that did not happen) and drops those of a command that failed inside EXEC.

use crate::server::Server;
use bytes::Bytes;
use std::sync::atomic::Ordering;

pub const KEYSPACE: u32 = 1 << 0;
pub const KEYEVENT: u32 = 1 << 1;
pub const GENERIC: u32 = 1 << 2;
pub const STRING: u32 = 1 << 3;
pub const LIST: u32 = 1 << 4;
pub const SET: u32 = 1 << 5;
pub const HASH: u32 = 1 << 6;
pub const ZSET: u32 = 1 << 7;
pub const EXPIRED: u32 = 1 << 8;
pub const EVICTED: u32 = 1 << 9;
pub const STREAM: u32 = 1 << 10;
pub const KEY_MISS: u32 = 1 << 11;
pub const MODULE: u32 = 1 << 12;
pub const NEW: u32 = 1 << 13;
/// What `A` stands for (not key misses nor new keys, as in Redis).
pub const ALL: u32 =
    GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

/// The classes of a flag string such as `KEA` or `Kx`; `None` for an unknown letter.
pub fn parse(s: &[u8]) -> Option<u32> {
    let mut flags = 0;
    for &c in s {
        flags |= match c {
            b'A' => ALL,
            b'g' => GENERIC,
            b'$' => STRING,
            b'l' => LIST,
            b's' => SET,
            b'h' => HASH,
            b'z' => ZSET,
            b'x' => EXPIRED,
            b'e' => EVICTED,
            b'K' => KEYSPACE,
            b'E' => KEYEVENT,
            b't' => STREAM,
            b'm' => KEY_MISS,
            b'd' => MODULE,
            b'n' => NEW,
            _ => return None,
        };
    }
    Some(flags)
}

/// The flag string CONFIG GET shows, in Redis' canonical order.
pub fn render(flags: u32) -> String {
    let mut out = String::new();
    if flags & ALL == ALL {
        out.push('A');
    } else {
        for (bit, c) in [
            (GENERIC, 'g'),
            (STRING, '$'),
            (LIST, 'l'),
            (SET, 's'),
            (HASH, 'h'),
            (ZSET, 'z'),
            (EXPIRED, 'x'),
            (EVICTED, 'e'),
            (STREAM, 't'),
            (MODULE, 'd'),
            (NEW, 'n'),
        ] {
            if flags & bit != 0 {
                out.push(c);
            }
        }
    }
    for (bit, c) in [(KEYSPACE, 'K'), (KEYEVENT, 'E'), (KEY_MISS, 'm')] {
        if flags & bit != 0 {
            out.push(c);
        }
    }
    out
}

/// One event waiting for its command to commit.
#[derive(Clone, Debug)]
pub struct Event {
    pub class: u32,
    pub name: &'static str,
    pub key: Bytes,
    /// Logical db, as the channel names show it.
    pub db: usize,
}

/// Whether events of `class` are published at all right now.
pub fn wanted(server: &Server, class: u32) -> bool {
    let flags = server.notify_flags.load(Ordering::Relaxed);
    flags & class != 0 && flags & (KEYSPACE | KEYEVENT) != 0
}

/// Publishes `e` on the keyspace and/or keyevent channel, as configured.
pub fn publish(server: &Server, e: &Event) {
    let flags = server.notify_flags.load(Ordering::Relaxed);
    if flags & e.class == 0 {
        return;
    }
    if flags & KEYSPACE != 0 {
        let mut ch = format!("__keyspace@{}__:", e.db).into_bytes();
        ch.extend_from_slice(&e.key);
        server.pubsub.publish(
            &Bytes::from(ch),
            &Bytes::from_static(e.name.as_bytes()),
            false,
        );
    }
    if flags & KEYEVENT != 0 {
        let ch = format!("__keyevent@{}__:{}", e.db, e.name);
        server.pubsub.publish(&Bytes::from(ch), &e.key, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs observed from redis-server 7.0 (CONFIG SET, then CONFIG GET).
    #[test]
    fn flags_render_as_redis_shows_them() {
        for (set, shown) in [
            ("KEA", "AKE"),
            ("Anm", "Am"),
            ("KEAn", "AKE"),
            ("g$xE", "g$xE"),
            ("nK", "nK"),
            ("Ex", "xE"),
            ("", ""),
        ] {
            assert_eq!(render(parse(set.as_bytes()).unwrap()), shown, "{set}");
        }
        assert_eq!(parse(b"KQ"), None);
    }
}
