//! Command metadata types: one [`CommandDef`] per command, declared once in
//! `table.rs`.
//!
//! A `CommandDef` holds everything Strata needs to dispatch a command and to
//! answer `COMMAND COUNT / INFO / LIST / DOCS / GETKEYS` the way Redis 7.0 does:
//!
//! * `name`, `arity`, `flags`, the legacy key positions
//!   (`first_key`/`last_key`/`step`), `acl`, `tips`, `key_specs` and
//!   `subcommands`, which are the ten elements of a `COMMAND INFO` entry, in
//!   that order;
//! * `doc`, which covers the `COMMAND DOCS` fields apart from `arguments`;
//! * `handler`, `exclusive` and `transaction`, which are Strata-internal.
//!
//! All strings are stored exactly as Redis 7.0 prints them, so the encoder can
//! copy them out without changing case or order:
//!
//! * command flags are lowercase (`"write"`, `"denyoom"`, `"no_auth"`), in
//!   Redis' output order;
//! * ACL categories keep their `@` prefix (`"@write"`, `"@string"`), in Redis'
//!   output order;
//! * key-spec flags are mixed case, as Redis prints them: the access type is
//!   uppercase (`"RO"`, `"RW"`, `"OW"`, `"RM"`) and the others are lowercase
//!   (`"access"`, `"update"`, `"insert"`, `"delete"`, `"variable_flags"`, ...).
//!
//! The data in `table.rs` was taken from a running Redis 7.0.15's
//! `COMMAND INFO` and `COMMAND DOCS` replies (see
//! `scripts/gen-command-table.py`).

use crate::cmd::{Args, CmdError, Ctx};
use crate::resp::Reply;

/// Signature of a command implementation. `Args` holds the full argv,
/// including the command name (and the subcommand name for subcommands).
pub type Handler = fn(&mut Ctx, &mut Args) -> Result<Reply, CmdError>;

/// Static description of one command or subcommand.
pub struct CommandDef {
    /// Lowercase name. A subcommand uses the full `"container|sub"` form that
    /// Redis 7 shows (e.g. `"config|get"`).
    pub name: &'static str,
    /// Redis arity: `N > 0` means exactly N arguments (counting the command
    /// name, and for a subcommand also the subcommand name); `-N` means at
    /// least N.
    pub arity: i32,
    /// Command flags as `COMMAND INFO` lists them, in Redis' order.
    pub flags: &'static [&'static str],
    /// Legacy key position: index of the first key in argv (0 = no keys).
    pub first_key: i32,
    /// Legacy key position: index of the last key (negative counts from the
    /// end, -1 = last argument).
    pub last_key: i32,
    /// Legacy key position: step between keys.
    pub step: i32,
    /// ACL categories as `COMMAND INFO` lists them (with `@`), in Redis' order.
    pub acl: &'static [&'static str],
    /// Command tips, e.g. `"request_policy:all_shards"`,
    /// `"nondeterministic_output"`.
    pub tips: &'static [&'static str],
    /// Redis 7 key specifications, in order (the index matters: docs refer to
    /// them by `key_spec_index`).
    pub key_specs: &'static [KeySpec],
    /// Subcommands of a container (empty for everything else), sorted by name.
    /// Real Redis lists them in hash-table order, which changes every time the
    /// process starts, so no order is canonical.
    pub subcommands: &'static [CommandDef],
    /// Implementation. `None` only for pure containers (CLIENT, CONFIG,
    /// OBJECT), which are dispatched by subcommand.
    pub handler: Option<Handler>,
    /// Strata-internal: the command runs with the whole server to itself
    /// (global write lock).
    pub exclusive: bool,
    /// Strata-internal: the command runs other commands into its batch (EXEC), so the batch is
    /// a transaction batch whose writes later commands read.
    pub transaction: bool,
    /// `COMMAND DOCS` data (apart from `arguments`).
    pub doc: Doc,
}

/// `COMMAND DOCS` fields of a command (the `arguments` tree is left out).
pub struct Doc {
    /// One-line summary.
    pub summary: &'static str,
    /// Redis version that introduced the command.
    pub since: &'static str,
    /// Command group: `"connection"`, `"string"`, `"generic"`, `"server"`, ...
    pub group: &'static str,
    /// Time complexity text.
    pub complexity: &'static str,
    /// Doc flags, e.g. `"deprecated"`, `"syscmd"` (empty if none).
    pub doc_flags: &'static [&'static str],
    /// Replacement hint for deprecated commands (`""` if none).
    pub replaced_by: &'static str,
    /// Version that deprecated the command (`""` if none).
    pub deprecated_since: &'static str,
    /// `history` entries as `(version, description)` pairs, in Redis' order
    /// (empty if none).
    pub history: &'static [(&'static str, &'static str)],
}

/// One Redis 7 key specification.
pub struct KeySpec {
    /// Free-text note (`""` if none). Redis prints a `notes` field first in the
    /// spec map only when it is non-empty.
    pub notes: &'static str,
    /// Key-spec flags as Redis prints them: `"RO"`/`"RW"`/`"OW"`/`"RM"` and
    /// then lowercase `"access"`, `"update"`, `"insert"`, `"delete"`,
    /// `"not_key"`, `"incomplete"`, `"variable_flags"`.
    pub flags: &'static [&'static str],
    /// Where the search for keys begins.
    pub begin_search: BeginSearch,
    /// How keys are found once the search has begun.
    pub find_keys: FindKeys,
}

/// `begin_search` part of a key spec.
pub enum BeginSearch {
    /// Keys start at this fixed argv index (Redis: `type index`, `spec {index}`).
    Index(i32),
    /// Keys start after `keyword`, searched for from `start_from` (negative
    /// searches backwards from the end). Redis: `type keyword`,
    /// `spec {keyword, startfrom}`.
    Keyword {
        /// The keyword to look for (as Redis prints it, e.g. `"STREAMS"`).
        keyword: &'static str,
        /// Argv index to start searching from.
        start_from: i32,
    },
    /// Unknown. Redis prints `type unknown`, `spec {}`.
    Unknown,
}

/// `find_keys` part of a key spec.
pub enum FindKeys {
    /// A range of keys. Redis: `type range`, `spec {lastkey, keystep, limit}`.
    Range {
        /// Last key, relative to the begin-search index (negative counts from
        /// the end of argv; -1 = last argument).
        last_key: i32,
        /// Step between keys.
        key_step: i32,
        /// When `last_key` is -1: 0 = no limit, otherwise stop after
        /// 1/limit of the remaining arguments.
        limit: i32,
    },
    /// The number of keys is given by an argument. Redis: `type keynum`,
    /// `spec {keynumidx, firstkey, keystep}`.
    Keynum {
        /// Index of the key-count argument, relative to the begin-search index.
        keynum_idx: i32,
        /// Index of the first key, relative to the begin-search index.
        first_key: i32,
        /// Step between keys.
        key_step: i32,
    },
    /// Unknown. Redis prints `type unknown`, `spec {}`.
    Unknown,
}

impl CommandDef {
    /// Template for `..CommandDef::DEFAULT` in table entries: no flags, keys,
    /// tips, key specs or subcommands; no handler; not exclusive; empty docs.
    pub const DEFAULT: CommandDef = CommandDef {
        name: "",
        arity: 0,
        flags: &[],
        first_key: 0,
        last_key: 0,
        step: 0,
        acl: &[],
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        handler: None,
        exclusive: false,
        transaction: false,
        doc: Doc::DEFAULT,
    };

    /// True if the command has this command flag (e.g. `"write"`).
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }

    /// True if the command has subcommands.
    pub fn is_container(&self) -> bool {
        !self.subcommands.is_empty()
    }

    /// For a subcommand, the part after `|` (e.g. `"get"` for
    /// `"config|get"`); for a top-level command, the whole name.
    pub fn sub_name(&self) -> &'static str {
        match self.name.split_once('|') {
            Some((_, sub)) => sub,
            None => self.name,
        }
    }

    /// True if `argc` (the full argv length, counting the command name) meets
    /// the arity.
    pub fn arity_ok(&self, argc: usize) -> bool {
        let argc = argc as i64;
        let arity = self.arity as i64;
        if arity >= 0 {
            argc == arity
        } else {
            argc >= -arity
        }
    }
}

impl Doc {
    /// Template for `..Doc::DEFAULT` in table entries: every field empty.
    pub const DEFAULT: Doc = Doc {
        summary: "",
        since: "",
        group: "",
        complexity: "",
        doc_flags: &[],
        replaced_by: "",
        deprecated_since: "",
        history: &[],
    };
}

impl KeySpec {
    /// A key spec with no notes.
    pub const fn new(
        flags: &'static [&'static str],
        begin_search: BeginSearch,
        find_keys: FindKeys,
    ) -> KeySpec {
        KeySpec {
            notes: "",
            flags,
            begin_search,
            find_keys,
        }
    }

    /// A key spec that has notes.
    pub const fn with_notes(
        notes: &'static str,
        flags: &'static [&'static str],
        begin_search: BeginSearch,
        find_keys: FindKeys,
    ) -> KeySpec {
        KeySpec {
            notes,
            flags,
            begin_search,
            find_keys,
        }
    }
}

impl FindKeys {
    /// Shorthand for [`FindKeys::Range`].
    pub const fn range(last_key: i32, key_step: i32, limit: i32) -> FindKeys {
        FindKeys::Range {
            last_key,
            key_step,
            limit,
        }
    }

    /// Shorthand for [`FindKeys::Keynum`].
    pub const fn keynum(keynum_idx: i32, first_key: i32, key_step: i32) -> FindKeys {
        FindKeys::Keynum {
            keynum_idx,
            first_key,
            key_step,
        }
    }
}
