//! Clients blocked on keys (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP): who waits for which key,
//! in arrival order, and the hand-off that serves them when a write makes a key ready.
//!
//! A blocked client is a parked connection task plus a [`Waiter`] entry here: it holds no lock
//! and no worker thread, so thousands of them cost memory only. Serving follows Redis: right
//! after a command commits a write that leaves a waited-on key holding a list, the writing
//! connection (before it replies) re-runs the blocked commands of that key's waiters, oldest
//! first, each as its own atomic command, until one finds nothing left; each result goes to its
//! waiter over a channel. So a push of n elements serves at most n waiters, a client that blocked
//! earlier is served earlier, and the pusher's next command already sees the result (a push
//! inside MULTI or a script serves only after the whole batch commits, because serving starts
//! after the commit).
//!
//! Invariants:
//! - The registry mutex is never held while taking the global lock or key locks (serving takes
//!   those), so it cannot deadlock with commands; it guards only the maps below.
//! - A waiter being served is marked `in_service`. Cancelling it then (timeout, CLIENT UNBLOCK,
//!   disconnect) only records the cancellation; whoever finishes the service delivers exactly one
//!   outcome, and the waiter, seeing it could not remove itself, waits for that outcome.

use crate::cmd::{self, After, Args};
use crate::resp::Reply;
use crate::server::{ClientInfo, ClientState, Server};
use bytes::Bytes;
use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::oneshot;

/// How a blocked command ends, as delivered to its connection.
#[derive(Debug)]
pub enum Wake {
    /// Served: the command's reply.
    Served(Reply),
    /// Timed out, or CLIENT UNBLOCK ... TIMEOUT: the command's timeout reply.
    Timeout,
    /// CLIENT UNBLOCK ... ERROR.
    Error,
    /// The client went away; nobody reads this.
    Gone,
}

/// A key as the registry names it: physical db and key bytes.
pub type ReadyKey = (u8, Bytes);

struct Waiter {
    info: Arc<ClientInfo>,
    /// The client's logical db and protocol when it blocked: the command re-runs as it.
    db: usize,
    resp3: bool,
    args: Vec<Bytes>,
    keys: Vec<ReadyKey>,
    tx: oneshot::Sender<Wake>,
    in_service: bool,
    cancelled: Option<Wake>,
}

#[derive(Default)]
struct Inner {
    next_ticket: u64,
    waiters: HashMap<u64, Waiter>,
    by_key: HashMap<ReadyKey, VecDeque<u64>>,
    by_client: HashMap<u64, u64>,
}

impl Inner {
    fn remove(&mut self, ticket: u64) -> Option<Waiter> {
        let w = self.waiters.remove(&ticket)?;
        for k in &w.keys {
            if let Some(q) = self.by_key.get_mut(k) {
                q.retain(|&t| t != ticket);
                if q.is_empty() {
                    self.by_key.remove(k);
                }
            }
        }
        self.by_client.remove(&w.info.id);
        Some(w)
    }
}

/// The registry of blocked clients; one per server.
#[derive(Default)]
pub struct Blocking {
    inner: Mutex<Inner>,
    /// Number of waiters: writers read it (without the mutex) to skip all of this when zero.
    count: AtomicUsize,
}

/// A waiter taken for service: what is needed to re-run its command.
struct Claim {
    ticket: u64,
    info: Arc<ClientInfo>,
    db: usize,
    resp3: bool,
    args: Vec<Bytes>,
}

impl Blocking {
    /// Whether any client is blocked (a cheap check on every write).
    pub fn any(&self) -> bool {
        self.count.load(Ordering::Acquire) > 0
    }

    /// Number of blocked clients (INFO `blocked_clients`).
    pub fn len(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether some client waits on `(db, key)`.
    pub fn waits_on(&self, db: u8, key: &[u8]) -> bool {
        self.inner
            .lock()
            .by_key
            .contains_key(&(db, Bytes::copy_from_slice(key)))
    }

    /// Registers `client`, blocked by `args` on `keys` of physical db `db`. Returns its ticket
    /// and the receiver of its outcome.
    pub fn block(
        &self,
        client: &ClientState,
        db: u8,
        args: Vec<Bytes>,
        keys: &[Bytes],
    ) -> (u64, oneshot::Receiver<Wake>) {
        let (tx, rx) = oneshot::channel();
        let mut g = self.inner.lock();
        g.next_ticket += 1;
        let ticket = g.next_ticket;
        let mut uniq: Vec<ReadyKey> = Vec::with_capacity(keys.len());
        for k in keys {
            let rk = (db, k.clone());
            if !uniq.contains(&rk) {
                uniq.push(rk);
            }
        }
        for k in &uniq {
            g.by_key.entry(k.clone()).or_default().push_back(ticket);
        }
        g.by_client.insert(client.info.id, ticket);
        g.waiters.insert(
            ticket,
            Waiter {
                info: client.info.clone(),
                db: client.db,
                resp3: client.resp3,
                args,
                keys: uniq,
                tx,
                in_service: false,
                cancelled: None,
            },
        );
        self.count.fetch_add(1, Ordering::AcqRel);
        (ticket, rx)
    }

    /// Ends a wait from the waiter's side (timeout, disconnect). True if the waiter was removed
    /// and answers for itself; false if it is being served, in which case `why` is delivered
    /// unless the service succeeds, and the caller must wait for its outcome.
    pub fn cancel(&self, ticket: u64, why: Wake) -> bool {
        let mut g = self.inner.lock();
        match g.waiters.get_mut(&ticket) {
            Some(w) if w.in_service => {
                w.cancelled = Some(why);
                false
            }
            Some(_) => {
                g.remove(ticket);
                self.count.fetch_sub(1, Ordering::AcqRel);
                true
            }
            // Already finished: the outcome is in the channel.
            None => false,
        }
    }

    /// CLIENT UNBLOCK: ends the wait of client `id` with `why`. False if it is not blocked.
    pub fn unblock(&self, id: u64, why: Wake) -> bool {
        let mut g = self.inner.lock();
        let Some(&ticket) = g.by_client.get(&id) else {
            return false;
        };
        let Some(w) = g.waiters.get_mut(&ticket) else {
            return false;
        };
        if w.in_service {
            w.cancelled = Some(why);
            return true;
        }
        if let Some(w) = g.remove(ticket) {
            self.count.fetch_sub(1, Ordering::AcqRel);
            let _ = w.tx.send(why);
        }
        true
    }

    /// Takes the oldest waiter on `key` that nobody is serving.
    fn claim(&self, key: &ReadyKey) -> Option<Claim> {
        let mut g = self.inner.lock();
        let Inner {
            by_key, waiters, ..
        } = &mut *g;
        let ticket = *by_key
            .get(key)?
            .iter()
            .find(|&&t| waiters.get(&t).is_some_and(|w| !w.in_service))?;
        let w = waiters.get_mut(&ticket)?;
        w.in_service = true;
        Some(Claim {
            ticket,
            info: w.info.clone(),
            db: w.db,
            resp3: w.resp3,
            args: w.args.clone(),
        })
    }

    /// Ends a service: `Some(reply)` if the command was served, `None` if it found nothing and
    /// stays blocked (unless it was cancelled meanwhile).
    fn finish(&self, ticket: u64, served: Option<Reply>) {
        let mut g = self.inner.lock();
        let outcome = match (served, g.waiters.get_mut(&ticket)) {
            (_, None) => return,
            (Some(reply), Some(_)) => Wake::Served(reply),
            (None, Some(w)) => {
                w.in_service = false;
                match w.cancelled.take() {
                    Some(why) => why,
                    None => return,
                }
            }
        };
        if let Some(w) = g.remove(ticket) {
            self.count.fetch_sub(1, Ordering::AcqRel);
            let _ = w.tx.send(outcome);
        }
    }
}

/// Serves the waiters of `ready` keys (and of the keys their commands write in turn, as BLMOVE
/// does), oldest waiter first, until each key's waiters find nothing left. Keys are served in
/// the order they became ready, those the served commands write after them, as in Redis.
pub fn serve(server: &Arc<Server>, ready: Vec<ReadyKey>) {
    let mut ready = std::collections::VecDeque::from(ready);
    while let Some(key) = ready.pop_front() {
        while let Some(claim) = server.blocking.claim(&key) {
            let mut client = ClientState {
                db: claim.db,
                resp3: claim.resp3,
                ..ClientState::new(claim.info, true)
            };
            let mut args = Args::new(claim.args);
            let (reply, after, more) = match cmd::resolve(&args) {
                Ok(def) => cmd::run(server, &mut client, def, &mut args),
                Err(e) => (e.reply(), After::Nothing, Vec::new()),
            };
            ready.extend(more);
            if matches!(after, After::Block(_)) {
                server.blocking.finish(claim.ticket, None);
                break;
            }
            server.blocking.finish(claim.ticket, Some(reply));
        }
    }
}
