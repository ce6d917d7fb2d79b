//! Lua sources the server keeps across restarts: scripts loaded with SCRIPT LOAD and function
//! libraries (FUNCTION LOAD). Redis forgets scripts on restart; Strata keeps them, so that an
//! EVALSHA that worked keeps working.
//!
//! Layout, in the `misc` column family:
//!
//! ```text
//! script:<sha1 hex, 40 bytes>  -> script body
//! library:<library name>       -> library code (with its `#!lua name=...` line)
//! ```
//!
//! Each write is its own atomic RocksDB write, honouring the sync mode; these records are not
//! keys, so they are neither counted by DBSIZE nor touched by FLUSHDB/FLUSHALL.

use crate::engine::{Engine, Result, CF_MISC};
use rocksdb::{Direction, IteratorMode, WriteBatch};

/// Which kind of Lua source a record holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LuaStore {
    /// A script body named by its SHA1.
    Script,
    /// A function library named by its library name.
    Library,
}

impl LuaStore {
    fn prefix(self) -> &'static [u8] {
        match self {
            LuaStore::Script => b"script:",
            LuaStore::Library => b"library:",
        }
    }

    fn key(self, name: &[u8]) -> Vec<u8> {
        let mut k = self.prefix().to_vec();
        k.extend_from_slice(name);
        k
    }
}

impl Engine {
    /// Every stored source of `store`, as (name, body), in name order.
    pub fn lua_sources(&self, store: LuaStore) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let prefix = store.prefix();
        let mut out = Vec::new();
        let it = self.db.iterator_cf(
            self.cf(CF_MISC),
            IteratorMode::From(prefix, Direction::Forward),
        );
        for item in it {
            let (k, v) = item?;
            let Some(name) = k.strip_prefix(prefix) else {
                break;
            };
            out.push((name.to_vec(), v.to_vec()));
        }
        Ok(out)
    }

    /// Stores (or replaces) one source.
    pub fn put_lua_source(&self, store: LuaStore, name: &[u8], body: &[u8]) -> Result<()> {
        let mut wb = WriteBatch::default();
        wb.put_cf(self.cf(CF_MISC), store.key(name), body);
        self.write(wb)
    }

    /// Makes the stored sources of `store` exactly `sources` (FUNCTION RESTORE, FUNCTION DELETE,
    /// SCRIPT FLUSH), in one atomic write.
    pub fn replace_lua_sources(&self, store: LuaStore, sources: &[(&[u8], &[u8])]) -> Result<()> {
        let misc = self.cf(CF_MISC);
        let mut wb = WriteBatch::default();
        for (name, _) in self.lua_sources(store)? {
            wb.delete_cf(misc, store.key(&name));
        }
        for (name, body) in sources {
            wb.put_cf(misc, store.key(name), body);
        }
        self.write(wb)
    }
}
