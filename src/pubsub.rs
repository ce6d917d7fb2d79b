//! Pub/sub: who is subscribed to which channels, patterns and shard channels, and delivery of
//! published messages to the subscribers' connections.
//!
//! Each subscribed connection owns an unbounded queue ([`Subscription`]); PUBLISH puts one
//! message on the queue of every matching subscriber and never waits for them, and the
//! connection task writes its queue out in order, so one subscriber gets messages in publish
//! order. A subscriber that does not read cannot grow memory without bound: the bytes waiting in
//! its queue (and in its connection's write) are counted, and past the `pubsub` class of
//! `client-output-buffer-limit` (Redis' default: hard 32 MB, or soft 8 MB for 60 s) the
//! subscriber is disconnected, as Redis does.
//!
//! Invariant: the registry mutex is a leaf lock; PUBLISH holds it only to find the receivers.

use crate::glob::glob_match;
use crate::server::ClientInfo;
use bytes::Bytes;
use parking_lot::Mutex;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;

/// One class of `client-output-buffer-limit` (pubsub, or normal): hard bytes, soft bytes, soft
/// seconds (0 = no limit), as atomics so PUBLISH and every reply read them without a lock.
#[derive(Default)]
pub struct Limits {
    hard: AtomicU64,
    soft: AtomicU64,
    soft_seconds: AtomicU64,
}

impl Limits {
    pub fn set(&self, (hard, soft, secs): (u64, u64, u64)) {
        self.hard.store(hard, Ordering::Relaxed);
        self.soft.store(soft, Ordering::Relaxed);
        self.soft_seconds.store(secs, Ordering::Relaxed);
    }

    /// Whether `pending` unsent bytes break the limits on their own: over the hard limit, or
    /// over a soft limit that allows no time.
    pub fn broken_by(&self, pending: u64) -> bool {
        let hard = self.hard.load(Ordering::Relaxed);
        let soft = self.soft.load(Ordering::Relaxed);
        (hard > 0 && pending > hard)
            || (soft > 0 && pending > soft && self.soft_seconds.load(Ordering::Relaxed) == 0)
    }
}

/// One delivery, encoded by the receiving connection in its own protocol.
#[derive(Debug, Clone)]
pub enum Message {
    Message {
        channel: Bytes,
        payload: Bytes,
    },
    PMessage {
        pattern: Bytes,
        channel: Bytes,
        payload: Bytes,
    },
    SMessage {
        channel: Bytes,
        payload: Bytes,
    },
    /// A command line for a MONITOR client (see [`crate::monitor`]), sent as a status reply.
    Monitor(Bytes),
}

impl Message {
    /// Bytes this message holds up in a queue (for the output buffer limits).
    pub fn cost(&self) -> usize {
        32 + match self {
            Message::Message { channel, payload } | Message::SMessage { channel, payload } => {
                channel.len() + payload.len()
            }
            Message::PMessage {
                pattern,
                channel,
                payload,
            } => pattern.len() + channel.len() + payload.len(),
            Message::Monitor(line) => line.len(),
        }
    }
}

/// The sending side of a subscriber's queue, shared by the registry entries of its subscriptions.
pub struct Sink {
    pub info: Arc<ClientInfo>,
    tx: mpsc::UnboundedSender<Message>,
    /// Bytes queued and not yet written to the socket.
    pending: AtomicUsize,
    /// Milliseconds since `epoch` when `pending` went over the soft limit (0: it is not).
    soft_since: AtomicU64,
    epoch: Instant,
}

impl Sink {
    /// Queues `m`, or disconnects the subscriber if that takes it over its output limits.
    pub(crate) fn deliver(&self, m: &Message, limits: &Limits) {
        let pending = (self.pending.fetch_add(m.cost(), Ordering::AcqRel) + m.cost()) as u64;
        let hard = limits.hard.load(Ordering::Relaxed);
        let soft = limits.soft.load(Ordering::Relaxed);
        let soft_ms = limits.soft_seconds.load(Ordering::Relaxed) * 1000;
        let now = self.epoch.elapsed().as_millis() as u64 + 1;
        let over_soft_for = if soft > 0 && pending > soft {
            let since =
                match self
                    .soft_since
                    .compare_exchange(0, now, Ordering::AcqRel, Ordering::Acquire)
                {
                    Ok(_) => now,
                    Err(earlier) => earlier,
                };
            now - since
        } else {
            self.soft_since.store(0, Ordering::Release);
            0
        };
        if (hard > 0 && pending > hard) || (soft > 0 && over_soft_for > soft_ms) {
            crate::log::warning(format!(
                "Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.",
                self.info.id, self.info.addr
            ));
            self.info.kill();
            return;
        }
        let _ = self.tx.send(m.clone());
    }

    /// Whether the connection behind the queue is gone.
    pub(crate) fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    /// Records that `bytes` of queued messages reached the socket.
    pub fn written(&self, bytes: usize) {
        self.pending.fetch_sub(bytes, Ordering::AcqRel);
    }
}

/// A connection's subscriptions and the receiving end of its queue.
pub struct Subscription {
    pub sink: Arc<Sink>,
    pub rx: mpsc::UnboundedReceiver<Message>,
    pub channels: Vec<Bytes>,
    pub patterns: Vec<Bytes>,
    pub shard_channels: Vec<Bytes>,
}

impl Subscription {
    pub fn new(info: Arc<ClientInfo>) -> Subscription {
        let (tx, rx) = mpsc::unbounded_channel();
        Subscription {
            sink: Arc::new(Sink {
                info,
                tx,
                pending: AtomicUsize::new(0),
                soft_since: AtomicU64::new(0),
                epoch: Instant::now(),
            }),
            rx,
            channels: Vec::new(),
            patterns: Vec::new(),
            shard_channels: Vec::new(),
        }
    }

    /// Channels plus patterns: the count SUBSCRIBE/PSUBSCRIBE replies carry.
    pub fn count(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }

    /// Whether the connection is in subscribed mode.
    pub fn active(&self) -> bool {
        self.count() + self.shard_channels.len() > 0
    }
}

/// Which registry a subscription lives in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Space {
    Channels,
    Patterns,
    Shard,
}

type Subscribers = BTreeMap<Bytes, HashMap<u64, Arc<Sink>>>;

/// The registry; one per server.
#[derive(Default)]
pub struct PubSub {
    inner: Mutex<[Subscribers; 3]>,
    /// Output buffer limits of subscribers (`client-output-buffer-limit pubsub ...`).
    pub limits: Limits,
}

fn index(space: Space) -> usize {
    match space {
        Space::Channels => 0,
        Space::Patterns => 1,
        Space::Shard => 2,
    }
}

impl PubSub {
    /// Adds `sink` as a subscriber of `name`; false if it already was.
    pub fn subscribe(&self, space: Space, name: &Bytes, sink: &Arc<Sink>) -> bool {
        let mut g = self.inner.lock();
        g[index(space)]
            .entry(name.clone())
            .or_default()
            .insert(sink.info.id, sink.clone())
            .is_none()
    }

    /// Removes client `id` from `name`'s subscribers.
    pub fn unsubscribe(&self, space: Space, name: &Bytes, id: u64) {
        let mut g = self.inner.lock();
        let map = &mut g[index(space)];
        if let Some(subs) = map.get_mut(name) {
            subs.remove(&id);
            if subs.is_empty() {
                map.remove(name);
            }
        }
    }

    /// Delivers `payload` on `channel` to its subscribers and matching patterns (or, for
    /// `shard`, to the shard channel's subscribers). Returns how many received it.
    pub fn publish(&self, channel: &Bytes, payload: &Bytes, shard: bool) -> usize {
        let mut receivers: Vec<(Arc<Sink>, Message)> = Vec::new();
        {
            let g = self.inner.lock();
            let space = if shard { Space::Shard } else { Space::Channels };
            if let Some(subs) = g[index(space)].get(channel) {
                let m = if shard {
                    Message::SMessage {
                        channel: channel.clone(),
                        payload: payload.clone(),
                    }
                } else {
                    Message::Message {
                        channel: channel.clone(),
                        payload: payload.clone(),
                    }
                };
                receivers.extend(subs.values().map(|s| (s.clone(), m.clone())));
            }
            if !shard {
                for (pattern, subs) in &g[index(Space::Patterns)] {
                    if glob_match(pattern, channel, false) {
                        let m = Message::PMessage {
                            pattern: pattern.clone(),
                            channel: channel.clone(),
                            payload: payload.clone(),
                        };
                        receivers.extend(subs.values().map(|s| (s.clone(), m.clone())));
                    }
                }
            }
        }
        for (sink, m) in &receivers {
            sink.deliver(m, &self.limits);
        }
        receivers.len()
    }

    /// Names with at least one subscriber, optionally filtered by a glob pattern (PUBSUB
    /// CHANNELS / SHARDCHANNELS).
    pub fn names(&self, space: Space, pattern: Option<&[u8]>) -> Vec<Bytes> {
        self.inner.lock()[index(space)]
            .keys()
            .filter(|n| pattern.is_none_or(|p| glob_match(p, n, false)))
            .cloned()
            .collect()
    }

    /// Number of subscribers of `name` (PUBSUB NUMSUB / SHARDNUMSUB).
    pub fn subscribers(&self, space: Space, name: &[u8]) -> usize {
        self.inner.lock()[index(space)]
            .get(name)
            .map_or(0, |s| s.len())
    }

    /// Number of patterns with subscribers (PUBSUB NUMPAT).
    pub fn pattern_count(&self) -> usize {
        self.inner.lock()[index(Space::Patterns)].len()
    }
}
