//! Redis RDB files and DUMP payloads: a loader for every RDB version Redis wrote (1 to 12, and the
//! 13 of Redis 8.6 as far as its layout is known) and a writer of version 10, the format of
//! Redis 7.0. The input is never trusted: every length is checked against the bytes left before
//! anything is allocated, and a bad input is an [`Error`] naming its offset, never a panic.
//!
//! Format reference: `design/rdb-format.md` of the project's shared design notes.

pub mod containers;
pub mod crc64;
pub mod export;
pub mod import;
mod input;
pub mod lzf;
mod online;
pub mod value;
pub mod writer;

use std::fmt;
use std::io::Read;

pub use input::Input;
pub use value::types;

/// Newest RDB version the loader reads.
pub const MAX_VERSION: u32 = 13;

/// What is wrong with an input and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub offset: u64,
    pub problem: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte offset {}: {}", self.offset, self.problem)
    }
}

impl std::error::Error for Error {}

/// A decoded value. Collections are in file order; hash fields carry their absolute expiry (ms).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(Vec<u8>),
    List(Vec<Vec<u8>>),
    Set(Vec<Vec<u8>>),
    Zset(Vec<(Vec<u8>, f64)>),
    Hash(Vec<(Vec<u8>, Vec<u8>, Option<u64>)>),
    /// A stream (no Strata type yet): walked and checked, not kept.
    Stream {
        entries: u64,
    },
    /// A module value: skipped through its self-describing encoding.
    Module {
        name: String,
    },
}

impl Value {
    /// True for a collection without elements, which Redis skips on load.
    pub fn is_empty_collection(&self) -> bool {
        match self {
            Value::List(v) | Value::Set(v) => v.is_empty(),
            Value::Zset(v) => v.is_empty(),
            Value::Hash(v) => v.is_empty(),
            _ => false,
        }
    }

    /// The Redis type name (`TYPE`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Zset(_) => "zset",
            Value::Hash(_) => "hash",
            Value::Stream { .. } => "stream",
            Value::Module { .. } => "module",
        }
    }
}

/// One key of an RDB file with its pending attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub db: u64,
    pub key: Vec<u8>,
    /// Absolute expiry in unix ms.
    pub expire_at_ms: Option<i64>,
    pub idle_secs: Option<u64>,
    pub freq: Option<u8>,
    pub rdb_type: u8,
    pub value: Value,
}

/// What the loader meets in a file, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Aux {
        key: Vec<u8>,
        value: Vec<u8>,
    },
    /// A FUNCTION2 library source (`#!lua name=...`).
    Function(Vec<u8>),
    /// RESIZEDB: how many keys the current db holds (a hint for progress reports).
    Resize {
        db_size: u64,
    },
    ModuleAux {
        module: String,
    },
    Key(Record),
}

mod opcode {
    pub const KEY_META: u8 = 243;
    pub const SLOT_INFO: u8 = 244;
    pub const FUNCTION2: u8 = 245;
    pub const FUNCTION_PRE_GA: u8 = 246;
    pub const MODULE_AUX: u8 = 247;
    pub const IDLE: u8 = 248;
    pub const FREQ: u8 = 249;
    pub const AUX: u8 = 250;
    pub const RESIZEDB: u8 = 251;
    pub const EXPIRETIME_MS: u8 = 252;
    pub const EXPIRETIME: u8 = 253;
    pub const SELECTDB: u8 = 254;
    pub const EOF: u8 = 255;
}

/// A streaming reader of an RDB file: call [`Parser::next_event`] until it returns `None`; the
/// checksum is verified when the EOF opcode is reached.
pub struct Parser<R> {
    inp: Input<R>,
    version: u32,
    db: u64,
    done: bool,
}

impl<R: Read> Parser<R> {
    /// Reads the magic; `len` is the total input length (the file size).
    pub fn new(inner: R, len: u64) -> Result<Self, Error> {
        let mut inp = Input::new(inner, len);
        let magic: [u8; 9] = inp.array()?;
        if magic.starts_with(b"VALKEY") {
            return Err(Error {
                offset: 0,
                problem: "a Valkey RDB file (magic VALKEY), not a Redis one".into(),
            });
        }
        if &magic[..5] != b"REDIS" || !magic[5..].iter().all(u8::is_ascii_digit) {
            return Err(Error {
                offset: 0,
                problem: "not an RDB file (no REDIS magic)".into(),
            });
        }
        let version: u32 = std::str::from_utf8(&magic[5..])
            .unwrap_or("0")
            .parse()
            .unwrap_or(0);
        if !(1..=MAX_VERSION).contains(&version) {
            return Err(Error {
                offset: 5,
                problem: format!("unsupported RDB format version {version}"),
            });
        }
        Ok(Parser {
            inp,
            version,
            db: 0,
            done: false,
        })
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.inp.offset()
    }

    /// The next event, or `None` after EOF and a good checksum.
    pub fn next_event(&mut self) -> Result<Option<Event>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut expire_at_ms = None;
        let mut idle_secs = None;
        let mut freq = None;
        loop {
            let at = self.inp.offset();
            let op = self.inp.u8()?;
            match op {
                opcode::EOF => {
                    self.done = true;
                    self.check_crc()?;
                    return Ok(None);
                }
                opcode::SELECTDB => self.db = self.inp.length()?,
                opcode::RESIZEDB => {
                    let db_size = self.inp.length()?;
                    self.inp.length()?;
                    return Ok(Some(Event::Resize { db_size }));
                }
                opcode::EXPIRETIME => {
                    expire_at_ms = Some(i32::from_le_bytes(self.inp.array()?) as i64 * 1000)
                }
                opcode::EXPIRETIME_MS => expire_at_ms = Some(i64::from_le_bytes(self.inp.array()?)),
                opcode::AUX => {
                    let key = self.inp.string()?;
                    let value = self.inp.string()?;
                    return Ok(Some(Event::Aux { key, value }));
                }
                opcode::FREQ => freq = Some(self.inp.u8()?),
                opcode::IDLE => idle_secs = Some(self.inp.length()?),
                opcode::MODULE_AUX => {
                    let id = self.inp.length()?;
                    if self.inp.length()? != 2 {
                        return Err(self.inp.err("MODULE_AUX without its 'when' field"));
                    }
                    self.inp.length()?;
                    value::skip_module_stream(&mut self.inp)?;
                    return Ok(Some(Event::ModuleAux {
                        module: value::module_name(id),
                    }));
                }
                opcode::FUNCTION_PRE_GA => {
                    return Err(Error {
                        offset: at,
                        problem: "pre-GA function format (Redis 7.0 RC) is not supported".into(),
                    })
                }
                opcode::FUNCTION2 => return Ok(Some(Event::Function(self.inp.string()?))),
                opcode::SLOT_INFO => {
                    for _ in 0..3 {
                        self.inp.length()?;
                    }
                }
                opcode::KEY_META => {
                    let n = self.inp.count(5, "key metadata")?;
                    for _ in 0..n {
                        self.inp.skip(4, "key metadata class")?;
                        value::skip_module_stream(&mut self.inp)?;
                    }
                }
                ty if is_object_type(ty) => {
                    let key = self.inp.string()?;
                    let value = value::read_value(&mut self.inp, ty, self.version)?;
                    return Ok(Some(Event::Key(Record {
                        db: self.db,
                        key,
                        expire_at_ms,
                        idle_secs,
                        freq,
                        rdb_type: ty,
                        value,
                    })));
                }
                _ => {
                    return Err(Error {
                        offset: at,
                        problem: format!(
                            "unknown opcode or object type {op} in an RDB version {} file",
                            self.version
                        ),
                    })
                }
            }
        }
    }

    fn check_crc(&mut self) -> Result<(), Error> {
        if self.version < 5 {
            return Ok(());
        }
        let computed = self.inp.crc();
        let stored = self.inp.u64_le()?;
        if stored != 0 && stored != computed {
            return Err(self.inp.err(format!(
                "checksum mismatch: file says {stored:016x}, contents give {computed:016x}"
            )));
        }
        Ok(())
    }
}

/// Redis accepts every opcode and object type in any version (a 6 file may carry AUX fields), so
/// only the type id itself is checked.
fn is_object_type(ty: u8) -> bool {
    use types::*;
    matches!(ty, STRING..=MODULE_2 | HASH_ZIPMAP..=STREAM_LISTPACKS_4)
}
