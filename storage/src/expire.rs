//! Active expiry: deletes keys whose deadline has passed even if nobody reads them.
//!
//! The `expire` index is ordered by deadline, so each sweep reads only the entries that are due,
//! never the whole key space. An entry is acted on only if the key's current metadata still has
//! exactly that deadline; otherwise the entry is stale (TTL changed, key deleted or flushed) and
//! is just removed. Each key is handled under its key lock, in its own batch, so a sweep never
//! races a command on the same key.

use crate::engine::{Engine, Result};

/// Keys deleted by a sweep, as `(physical db, key)`.
pub type Expired = Vec<(u8, Vec<u8>)>;

impl Engine {
    /// Deletes up to `limit` keys that are due at `now_ms`. Returns the deleted `(physical db,
    /// key)` pairs (for stats and keyspace events) and whether more may be due.
    pub fn sweep_expired(&self, now_ms: u64, limit: usize) -> Result<(Expired, bool)> {
        let due = self.due_expirations(now_ms, limit)?;
        let more = due.len() >= limit;
        let mut deleted = Vec::new();
        for (when, db, key) in due {
            let _guard = self.locks().lock([(db, key.as_slice())]);
            let mut batch = self.batch();
            match batch.get_meta(db, &key)? {
                Some(meta) if meta.expire_at == when && meta.is_expired(now_ms) => {
                    batch.delete_key(db, &key, &meta);
                    deleted.push((db, key.clone()));
                }
                _ => batch.delete_expire_entry(when, db, &key),
            }
            self.commit(batch)?;
        }
        Ok((deleted, more))
    }
}
