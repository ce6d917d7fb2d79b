//! Per-type storage helpers over the engine: record codecs and maintenance that is specific to
//! one Redis type (one file per type).

pub mod hash;
pub mod list;
pub mod string;
pub mod zset;
