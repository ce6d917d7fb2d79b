//! Strata: a Redis-compatible data-structure server whose data lives on disk in RocksDB.
//!
//! The crate is everything above storage: configuration, the RESP codec, command dispatch and
//! handlers, and the network server. `strata-storage` owns the on-disk engine.

pub mod blocking;
pub mod cmd;
pub mod cmdstats;
pub mod config;
pub mod geo;
pub mod glob;
pub mod hll;
pub mod log;
pub mod longdouble;
pub mod monitor;
pub mod notify;
pub mod pubsub;
pub mod rdb;
pub mod resp;
pub mod scripting;
pub mod server;
pub mod slowlog;
pub mod watch;
