//! `strata-storage`: Strata's storage engine over RocksDB. This is the only crate that names
//! RocksDB; the server sees the typed API re-exported here.

mod bulk;
mod cache;
mod deck;
pub mod engine;
pub mod expire;
pub mod hot;
pub mod keys;
pub mod lock;
pub mod lua_sources;
pub mod metadata;
mod pending;
pub mod subs;
pub mod types;

pub use engine::{Batch, Engine, EngineOptions, Error, Result, Savepoint, SyncMode, MAX_DATABASES};
pub use hot::HotStats;
pub use lock::{KeyGuard, LockTable};
pub use lua_sources::LuaStore;
pub use metadata::{Kind, Meta};
pub use subs::SubCursor;
