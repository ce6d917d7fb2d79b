//! The command table: every command Strata implements, declared once.
//!
//! [`COMMANDS`] lists the top-level commands. Containers (CLIENT, CONFIG,
//! OBJECT, COMMAND) carry their subcommands inline, sorted by name. Each entry
//! holds what Redis 7.0.15 reports for the command in `COMMAND INFO` and
//! `COMMAND DOCS` (apart from the docs' `arguments`), so those replies can be
//! built from the table alone.
//!
//! The entries between the `@generated` markers come from
//! `scripts/gen-command-table.py`, which queries a running `redis-server` 7.0.
//! To add a command, add it to the script's list and run it again; don't edit
//! the data by hand. The exception is the Redis 7.4 hash field-expiry family
//! (HEXPIRE, HTTL, ...), which a 7.0 server cannot report: those entries follow
//! the generated block and are written by hand from the 7.4 documentation.
//!
//! Handlers follow the convention `super::<module>::<name>`, where a
//! subcommand is `<container>_<sub>` and a Rust keyword gets a trailing `_`
//! (`super::keys::type_`, `super::server::config_get`).

use std::sync::OnceLock;

use super::def::{BeginSearch, CommandDef, Doc, FindKeys, KeySpec};

/// Every top-level command, grouped by command group (connection, string,
/// generic, hash, set, list, sorted-set, geo, hyperloglog, bitmap, transactions,
/// pubsub, server, scripting).
#[rustfmt::skip]
pub static COMMANDS: &[CommandDef] = &[
    // @generated-begin by scripts/gen-command-table.py; do not edit by hand
    // ---- connection (handlers in super::connection) ----
    CommandDef {
        name: "ping", arity: -1, flags: &["fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
        doc: Doc { summary: "Ping the server", since: "1.0.0", group: "connection",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::connection::ping), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "echo", arity: 2, flags: &["loading", "stale", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        doc: Doc { summary: "Echo the given string", since: "1.0.0", group: "connection",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::connection::echo), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "quit", arity: -1, flags: &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        doc: Doc { summary: "Close the connection", since: "1.0.0", group: "connection",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::connection::quit), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "reset", arity: 1, flags: &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        doc: Doc { summary: "Reset the connection", since: "6.2.0", group: "connection",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::connection::reset), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hello", arity: -1, flags: &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        doc: Doc { summary: "Handshake with Redis", since: "6.0.0", group: "connection",
                   complexity: "O(1)",
                   history: &[
                       ("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::connection::hello), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "auth", arity: -2, flags: &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        doc: Doc { summary: "Authenticate to the server", since: "1.0.0", group: "connection",
                   complexity: "O(N) where N is the number of passwords defined for the user",
                   history: &[
                       ("6.0.0", "Added ACL style (username and password)."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::connection::auth), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "select", arity: 2, flags: &["loading", "stale", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@connection"],
        doc: Doc { summary: "Change the selected database for the current connection", since: "1.0.0", group: "connection",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::connection::select), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "client", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "client|caching", arity: 3, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Instruct the server about tracking or not keys in the next request", since: "6.0.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_caching), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|getname", arity: 2, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Get the current connection name", since: "2.6.9", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_getname), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|getredir", arity: 2, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Get tracking notifications redirection client ID if any", since: "6.0.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_getredir), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "5.0.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|id", arity: 2, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Returns the client ID for the current connection", since: "5.0.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_id), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|info", arity: 2, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                tips: &["nondeterministic_output"],
                doc: Doc { summary: "Returns information about the current client connection.", since: "6.2.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_info), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|kill", arity: -3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous", "@connection"],
                doc: Doc { summary: "Kill the connection of a client", since: "2.4.0", group: "connection",
                           complexity: "O(N) where N is the number of client connections",
                           history: &[
                               ("2.8.12", "Added new filter format."),
                               ("2.8.12", "`ID` option."),
                               ("3.2.0", "Added `master` type in for `TYPE` option."),
                               ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."),
                               ("6.2.0", "`LADDR` option."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::connection::client_kill), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|list", arity: -2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous", "@connection"],
                tips: &["nondeterministic_output"],
                doc: Doc { summary: "Get the list of client connections", since: "2.4.0", group: "connection",
                           complexity: "O(N) where N is the number of client connections",
                           history: &[
                               ("2.8.12", "Added unique client `id` field."),
                               ("5.0.0", "Added optional `TYPE` filter."),
                               ("6.0.0", "Added `user` field."),
                               ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."),
                               ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."),
                               ("7.0.3", "Added `ssub` field."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::connection::client_list), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|no-evict", arity: 3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous", "@connection"],
                doc: Doc { summary: "Set client eviction mode for the current connection", since: "7.0.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_no_evict), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|pause", arity: -3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous", "@connection"],
                doc: Doc { summary: "Stop processing commands from clients for some time", since: "2.9.50", group: "connection",
                           complexity: "O(1)",
                           history: &[
                               ("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::connection::client_pause), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|reply", arity: 3, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Instruct the server whether to reply to commands", since: "3.2.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_reply), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|setname", arity: 3, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Set the current connection name", since: "2.6.9", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_setname), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|tracking", arity: -3, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Enable or disable server assisted client side caching support", since: "6.0.0", group: "connection",
                           complexity: "O(1). Some options may introduce additional complexity.", ..Doc::DEFAULT },
                handler: Some(super::connection::client_tracking), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|trackinginfo", arity: 2, flags: &["noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Return information about server assisted client side caching for the current connection", since: "6.2.0", group: "connection",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::connection::client_trackinginfo), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|unblock", arity: -3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous", "@connection"],
                doc: Doc { summary: "Unblock a client blocked in a blocking command from a different connection", since: "5.0.0", group: "connection",
                           complexity: "O(log N) where N is the number of client connections", ..Doc::DEFAULT },
                handler: Some(super::connection::client_unblock), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "client|unpause", arity: 2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous", "@connection"],
                doc: Doc { summary: "Resume processing of clients that were paused", since: "6.2.0", group: "connection",
                           complexity: "O(N) Where N is the number of paused clients", ..Doc::DEFAULT },
                handler: Some(super::connection::client_unpause), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for client connection commands", since: "2.4.0", group: "connection",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    // ---- string (handlers in super::strings) ----
    CommandDef {
        name: "get", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the value of a key", since: "1.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::get), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "set", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@slow"],
        key_specs: &[KeySpec::with_notes("RW and ACCESS due to the optional `GET` argument", &["RW", "access", "update", "variable_flags"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the string value of a key", since: "1.0.0", group: "string",
                   complexity: "O(1)",
                   history: &[
                       ("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
                       ("6.0.0", "Added the `KEEPTTL` option."),
                       ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
                       ("7.0.0", "Allowed the `NX` and `GET` options to be used together."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::strings::set), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "setnx", arity: 3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["OW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the value of a key, only if the key does not exist", since: "1.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::setnx), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "setex", arity: 4, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@slow"],
        key_specs: &[KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the value and expiration of a key", since: "2.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::setex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "psetex", arity: 4, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@slow"],
        key_specs: &[KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the value and expiration in milliseconds of a key", since: "2.6.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::psetex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "mget", arity: -2, flags: &["readonly", "fast"],
        first_key: 1, last_key: -1, step: 1, acl: &["@read", "@string", "@fast"],
        tips: &["request_policy:multi_shard"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Get the values of all the given keys", since: "1.0.0", group: "string",
                   complexity: "O(N) where N is the number of keys to retrieve.", ..Doc::DEFAULT },
        handler: Some(super::strings::mget), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "mset", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: -1, step: 2, acl: &["@write", "@string", "@slow"],
        tips: &["request_policy:multi_shard", "response_policy:all_succeeded"],
        key_specs: &[KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(-1, 2, 0))],
        doc: Doc { summary: "Set multiple keys to multiple values", since: "1.0.1", group: "string",
                   complexity: "O(N) where N is the number of keys to set.", ..Doc::DEFAULT },
        handler: Some(super::strings::mset), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "msetnx", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: -1, step: 2, acl: &["@write", "@string", "@slow"],
        tips: &["request_policy:multi_shard", "response_policy:agg_min"],
        key_specs: &[KeySpec::new(&["OW", "insert"], BeginSearch::Index(1), FindKeys::range(-1, 2, 0))],
        doc: Doc { summary: "Set multiple keys to multiple values, only if none of the keys exist", since: "1.0.1", group: "string",
                   complexity: "O(N) where N is the number of keys to set.", ..Doc::DEFAULT },
        handler: Some(super::strings::msetnx), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "getset", arity: 3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the string value of a key and return its old value", since: "1.0.0", group: "string",
                   complexity: "O(1)",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`SET` with the `!GET` argument", ..Doc::DEFAULT },
        handler: Some(super::strings::getset), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "getdel", arity: 2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the value of a key and delete the key", since: "6.2.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::getdel), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "getex", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::with_notes("RW and UPDATE because it changes the TTL", &["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the value of a key and optionally set its expiration", since: "6.2.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::getex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "append", arity: 3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Append a value to a key", since: "2.0.0", group: "string",
                   complexity: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.", ..Doc::DEFAULT },
        handler: Some(super::strings::append), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "strlen", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the length of the value stored in a key", since: "2.2.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::strlen), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "incr", arity: 2, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Increment the integer value of a key by one", since: "1.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::incr), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "decr", arity: 2, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Decrement the integer value of a key by one", since: "1.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::decr), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "incrby", arity: 3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Increment the integer value of a key by the given amount", since: "1.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::incrby), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "decrby", arity: 3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Decrement the integer value of a key by the given number", since: "1.0.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::decrby), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "incrbyfloat", arity: 3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Increment the float value of a key by the given amount", since: "2.6.0", group: "string",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::strings::incrbyfloat), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "getrange", arity: 4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@string", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get a substring of the string stored at a key", since: "2.4.0", group: "string",
                   complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", ..Doc::DEFAULT },
        handler: Some(super::strings::getrange), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "setrange", arity: 4, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@string", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Overwrite part of a string at key starting at the specified offset", since: "2.2.0", group: "string",
                   complexity: "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.", ..Doc::DEFAULT },
        handler: Some(super::strings::setrange), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "substr", arity: 4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@string", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get a substring of the string stored at a key", since: "1.0.0", group: "string",
                   complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
                   doc_flags: &["deprecated"], deprecated_since: "2.0.0", replaced_by: "`GETRANGE`", ..Doc::DEFAULT },
        handler: Some(super::strings::substr), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lcs", arity: -3, flags: &["readonly"],
        first_key: 1, last_key: 2, step: 1, acl: &["@read", "@string", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(1, 1, 0))],
        doc: Doc { summary: "Find longest common substring", since: "7.0.0", group: "string",
                   complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively", ..Doc::DEFAULT },
        handler: Some(super::strings::lcs), ..CommandDef::DEFAULT
    },
    // ---- generic (handlers in super::keys) ----
    CommandDef {
        name: "del", arity: -2, flags: &["write"],
        first_key: 1, last_key: -1, step: 1, acl: &["@keyspace", "@write", "@slow"],
        tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
        key_specs: &[KeySpec::new(&["RM", "delete"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Delete a key", since: "1.0.0", group: "generic",
                   complexity: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).", ..Doc::DEFAULT },
        handler: Some(super::keys::del), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "unlink", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: -1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
        key_specs: &[KeySpec::new(&["RM", "delete"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", since: "4.0.0", group: "generic",
                   complexity: "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.", ..Doc::DEFAULT },
        handler: Some(super::keys::unlink), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "exists", arity: -2, flags: &["readonly", "fast"],
        first_key: 1, last_key: -1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Determine if a key exists", since: "1.0.0", group: "generic",
                   complexity: "O(N) where N is the number of keys to check.",
                   history: &[
                       ("3.0.3", "Accepts multiple `key` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::exists), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "type", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Determine the type stored at key", since: "1.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::type_), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "keys", arity: 2, flags: &["readonly"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@read", "@slow", "@dangerous"],
        tips: &["request_policy:all_shards", "nondeterministic_output_order"],
        doc: Doc { summary: "Find all keys matching the given pattern", since: "1.0.0", group: "generic",
                   complexity: "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.", ..Doc::DEFAULT },
        handler: Some(super::keys::keys), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "scan", arity: -2, flags: &["readonly"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@read", "@slow"],
        tips: &["nondeterministic_output", "request_policy:special"],
        doc: Doc { summary: "Incrementally iterate the keys space", since: "2.8.0", group: "generic",
                   complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
                   history: &[
                       ("6.0.0", "Added the `TYPE` subcommand."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::scan), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "rename", arity: 3, flags: &["write"],
        first_key: 1, last_key: 2, step: 1, acl: &["@keyspace", "@write", "@slow"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "update"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Rename a key", since: "1.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::rename), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "renamenx", arity: 3, flags: &["write", "fast"],
        first_key: 1, last_key: 2, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "insert"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Rename a key, only if the new key does not exist", since: "1.0.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("3.2.0", "The command no longer returns an error when source and destination names are the same."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::renamenx), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "randomkey", arity: 1, flags: &["readonly"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@read", "@slow"],
        tips: &["request_policy:all_shards", "nondeterministic_output"],
        doc: Doc { summary: "Return a random key from the keyspace", since: "1.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::randomkey), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "copy", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: 2, step: 1, acl: &["@keyspace", "@write", "@slow"],
        key_specs: &[
            KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "update"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Copy a key", since: "6.2.0", group: "generic",
                   complexity: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.", ..Doc::DEFAULT },
        handler: Some(super::keys::copy), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "touch", arity: -2, flags: &["readonly", "fast"],
        first_key: 1, last_key: -1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.", since: "3.2.1", group: "generic",
                   complexity: "O(N) where N is the number of keys that will be touched.", ..Doc::DEFAULT },
        handler: Some(super::keys::touch), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "move", arity: 3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Move a key to another database", since: "1.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::move_), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "object", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "object|encoding", arity: 3, flags: &["readonly"],
                first_key: 2, last_key: 2, step: 1, acl: &["@keyspace", "@read", "@slow"],
                tips: &["nondeterministic_output"],
                key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(2), FindKeys::range(0, 1, 0))],
                doc: Doc { summary: "Inspect the internal encoding of a Redis object", since: "2.2.3", group: "generic",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::keys::object_encoding), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "object|freq", arity: 3, flags: &["readonly"],
                first_key: 2, last_key: 2, step: 1, acl: &["@keyspace", "@read", "@slow"],
                tips: &["nondeterministic_output"],
                key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(2), FindKeys::range(0, 1, 0))],
                doc: Doc { summary: "Get the logarithmic access frequency counter of a Redis object", since: "4.0.0", group: "generic",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::keys::object_freq), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "object|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@slow"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "6.2.0", group: "generic",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::keys::object_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "object|idletime", arity: 3, flags: &["readonly"],
                first_key: 2, last_key: 2, step: 1, acl: &["@keyspace", "@read", "@slow"],
                tips: &["nondeterministic_output"],
                key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(2), FindKeys::range(0, 1, 0))],
                doc: Doc { summary: "Get the time since a Redis object was last accessed", since: "2.2.3", group: "generic",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::keys::object_idletime), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "object|refcount", arity: 3, flags: &["readonly"],
                first_key: 2, last_key: 2, step: 1, acl: &["@keyspace", "@read", "@slow"],
                tips: &["nondeterministic_output"],
                key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(2), FindKeys::range(0, 1, 0))],
                doc: Doc { summary: "Get the number of references to the value of the key", since: "2.2.3", group: "generic",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::keys::object_refcount), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for object introspection commands", since: "2.2.3", group: "generic",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "expire", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set a key's time to live in seconds", since: "1.0.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::expire), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pexpire", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set a key's time to live in milliseconds", since: "2.6.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::pexpire), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "expireat", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the expiration for a key as a UNIX timestamp", since: "1.2.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::expireat), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pexpireat", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds", since: "2.6.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::pexpireat), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "ttl", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the time to live for a key in seconds", since: "1.0.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("2.8.0", "Added the -2 reply."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::ttl), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pttl", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the time to live for a key in milliseconds", since: "2.6.0", group: "generic",
                   complexity: "O(1)",
                   history: &[
                       ("2.8.0", "Added the -2 reply."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::keys::pttl), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "expiretime", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the expiration Unix timestamp for a key", since: "7.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::expiretime), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pexpiretime", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@read", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the expiration Unix timestamp for a key in milliseconds", since: "7.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::pexpiretime), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "persist", arity: 2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove the expiration from a key", since: "2.2.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::keys::persist), ..CommandDef::DEFAULT
    },
    // ---- generic (handlers in super::dump) ----
    CommandDef {
        name: "dump", arity: 2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@read", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a serialized version of the value stored at the specified key.", since: "2.6.0", group: "generic",
                   complexity: "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).", ..Doc::DEFAULT },
        handler: Some(super::dump::dump), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "restore", arity: -4, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@keyspace", "@write", "@slow", "@dangerous"],
        key_specs: &[KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Create a key using the provided serialized value, previously obtained using DUMP.", since: "2.6.0", group: "generic",
                   complexity: "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).",
                   history: &[
                       ("3.0.0", "Added the `REPLACE` modifier."),
                       ("5.0.0", "Added the `ABSTTL` modifier."),
                       ("5.0.0", "Added the `IDLETIME` and `FREQ` options."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::dump::restore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "migrate", arity: -6, flags: &["write", "movablekeys"],
        first_key: 3, last_key: 3, step: 1, acl: &["@keyspace", "@write", "@slow", "@dangerous"],
        tips: &["nondeterministic_output"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(3), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RW", "access", "delete", "incomplete"], BeginSearch::Keyword { keyword: "KEYS", start_from: -2 }, FindKeys::range(-1, 1, 0)),
        ],
        doc: Doc { summary: "Atomically transfer a key from a Redis instance to another one.", since: "2.6.0", group: "generic",
                   complexity: "This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.",
                   history: &[
                       ("3.0.0", "Added the `COPY` and `REPLACE` options."),
                       ("3.0.6", "Added the `KEYS` option."),
                       ("4.0.7", "Added the `AUTH` option."),
                       ("6.0.0", "Added the `AUTH2` option."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::dump::migrate), ..CommandDef::DEFAULT
    },
    // ---- generic (handlers in super::sort) ----
    CommandDef {
        name: "sort", arity: -2, flags: &["write", "denyoom", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@set", "@sortedset", "@list", "@slow", "@dangerous"],
        key_specs: &[
            KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::with_notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", &["RO", "access"], BeginSearch::Unknown, FindKeys::Unknown),
            KeySpec::with_notes("For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array", &["OW", "update"], BeginSearch::Unknown, FindKeys::Unknown),
        ],
        doc: Doc { summary: "Sort the elements in a list, set or sorted set", since: "1.0.0", group: "generic",
                   complexity: "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", ..Doc::DEFAULT },
        handler: Some(super::sort::sort), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sort_ro", arity: -2, flags: &["readonly", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@sortedset", "@list", "@slow", "@dangerous"],
        key_specs: &[
            KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::with_notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", &["RO", "access"], BeginSearch::Unknown, FindKeys::Unknown),
        ],
        doc: Doc { summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", since: "7.0.0", group: "generic",
                   complexity: "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", ..Doc::DEFAULT },
        handler: Some(super::sort::sort_ro), exclusive: true, ..CommandDef::DEFAULT
    },
    // ---- generic (handlers in super::server) ----
    CommandDef {
        name: "wait", arity: 3, flags: &["noscript"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
        tips: &["request_policy:all_shards", "response_policy:agg_min"],
        doc: Doc { summary: "Wait for the synchronous replication of all the write commands sent in the context of the current connection", since: "3.0.0", group: "generic",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::server::wait), ..CommandDef::DEFAULT
    },
    // ---- hash (handlers in super::hashes) ----
    CommandDef {
        name: "hset", arity: -4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the string value of a hash field", since: "2.0.0", group: "hash",
                   complexity: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
                   history: &[
                       ("4.0.0", "Accepts multiple `field` and `value` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::hashes::hset), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hsetnx", arity: 4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the value of a hash field, only if the field does not exist", since: "2.0.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hsetnx), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hmset", arity: -4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set multiple hash fields to multiple values", since: "2.0.0", group: "hash",
                   complexity: "O(N) where N is the number of fields being set.",
                   doc_flags: &["deprecated"], deprecated_since: "4.0.0", replaced_by: "`HSET` with multiple field-value pairs", ..Doc::DEFAULT },
        handler: Some(super::hashes::hmset), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hget", arity: 3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the value of a hash field", since: "2.0.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hget), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hmget", arity: -3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the values of all the given hash fields", since: "2.0.0", group: "hash",
                   complexity: "O(N) where N is the number of fields being requested.", ..Doc::DEFAULT },
        handler: Some(super::hashes::hmget), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hgetall", arity: 2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get all the fields and values in a hash", since: "2.0.0", group: "hash",
                   complexity: "O(N) where N is the size of the hash.", ..Doc::DEFAULT },
        handler: Some(super::hashes::hgetall), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hdel", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Delete one or more hash fields", since: "2.0.0", group: "hash",
                   complexity: "O(N) where N is the number of fields to be removed.",
                   history: &[
                       ("2.4.0", "Accepts multiple `field` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::hashes::hdel), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hlen", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the number of fields in a hash", since: "2.0.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hlen), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hexists", arity: 3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Determine if a hash field exists", since: "2.0.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hexists), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hkeys", arity: 2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get all the fields in a hash", since: "2.0.0", group: "hash",
                   complexity: "O(N) where N is the size of the hash.", ..Doc::DEFAULT },
        handler: Some(super::hashes::hkeys), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hvals", arity: 2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get all the values in a hash", since: "2.0.0", group: "hash",
                   complexity: "O(N) where N is the size of the hash.", ..Doc::DEFAULT },
        handler: Some(super::hashes::hvals), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hstrlen", arity: 3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the length of the value of a hash field", since: "3.2.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hstrlen), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hincrby", arity: 4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Increment the integer value of a hash field by the given number", since: "2.0.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hincrby), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hincrbyfloat", arity: 4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Increment the float value of a hash field by the given amount", since: "2.6.0", group: "hash",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::hashes::hincrbyfloat), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hrandfield", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get one or multiple random fields from a hash", since: "6.2.0", group: "hash",
                   complexity: "O(N) where N is the number of fields returned", ..Doc::DEFAULT },
        handler: Some(super::hashes::hrandfield), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hscan", arity: -3, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Incrementally iterate hash fields and associated values", since: "2.8.0", group: "hash",
                   complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", ..Doc::DEFAULT },
        handler: Some(super::hashes::hscan), ..CommandDef::DEFAULT
    },
    // ---- set (handlers in super::sets) ----
    CommandDef {
        name: "sadd", arity: -3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@set", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Add one or more members to a set", since: "1.0.0", group: "set",
                   complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                   history: &[
                       ("2.4.0", "Accepts multiple `member` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::sets::sadd), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "srem", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@set", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove one or more members from a set", since: "1.0.0", group: "set",
                   complexity: "O(N) where N is the number of members to be removed.",
                   history: &[
                       ("2.4.0", "Accepts multiple `member` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::sets::srem), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "scard", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the number of members in a set", since: "1.0.0", group: "set",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::sets::scard), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sismember", arity: 3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Determine if a given value is a member of a set", since: "1.0.0", group: "set",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::sets::sismember), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "smismember", arity: -3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the membership associated with the given elements for a set", since: "6.2.0", group: "set",
                   complexity: "O(N) where N is the number of elements being checked for membership", ..Doc::DEFAULT },
        handler: Some(super::sets::smismember), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "smembers", arity: 2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get all the members in a set", since: "1.0.0", group: "set",
                   complexity: "O(N) where N is the set cardinality.", ..Doc::DEFAULT },
        handler: Some(super::sets::smembers), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "srandmember", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get one or multiple random members from a set", since: "1.0.0", group: "set",
                   complexity: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
                   history: &[
                       ("2.6.0", "Added the optional `count` argument."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::sets::srandmember), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "spop", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@set", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove and return one or multiple random members from a set", since: "1.0.0", group: "set",
                   complexity: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
                   history: &[
                       ("3.2.0", "Added the `count` argument."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::sets::spop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "smove", arity: 4, flags: &["write", "fast"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@set", "@fast"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RW", "insert"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Move a member from one set to another", since: "1.0.0", group: "set",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::sets::smove), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sinter", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: -1, step: 1, acl: &["@read", "@set", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Intersect multiple sets", since: "1.0.0", group: "set",
                   complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sinter), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sintercard", arity: -3, flags: &["readonly", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@read", "@set", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Intersect multiple sets and return the cardinality of the result", since: "7.0.0", group: "set",
                   complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sintercard), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sunion", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: -1, step: 1, acl: &["@read", "@set", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Add multiple sets", since: "1.0.0", group: "set",
                   complexity: "O(N) where N is the total number of elements in all given sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sunion), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sdiff", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: -1, step: 1, acl: &["@read", "@set", "@slow"],
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Subtract multiple sets", since: "1.0.0", group: "set",
                   complexity: "O(N) where N is the total number of elements in all given sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sdiff), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sinterstore", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: -1, step: 1, acl: &["@write", "@set", "@slow"],
        key_specs: &[
            KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::range(-1, 1, 0)),
        ],
        doc: Doc { summary: "Intersect multiple sets and store the resulting set in a key", since: "1.0.0", group: "set",
                   complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sinterstore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sunionstore", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: -1, step: 1, acl: &["@write", "@set", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::range(-1, 1, 0)),
        ],
        doc: Doc { summary: "Add multiple sets and store the resulting set in a key", since: "1.0.0", group: "set",
                   complexity: "O(N) where N is the total number of elements in all given sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sunionstore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sdiffstore", arity: -3, flags: &["write", "denyoom"],
        first_key: 1, last_key: -1, step: 1, acl: &["@write", "@set", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::range(-1, 1, 0)),
        ],
        doc: Doc { summary: "Subtract multiple sets and store the resulting set in a key", since: "1.0.0", group: "set",
                   complexity: "O(N) where N is the total number of elements in all given sets.", ..Doc::DEFAULT },
        handler: Some(super::sets::sdiffstore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sscan", arity: -3, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@set", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Incrementally iterate Set elements", since: "2.8.0", group: "set",
                   complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", ..Doc::DEFAULT },
        handler: Some(super::sets::sscan), ..CommandDef::DEFAULT
    },
    // ---- list (handlers in super::lists) ----
    CommandDef {
        name: "lpush", arity: -3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Prepend one or multiple elements to a list", since: "1.0.0", group: "list",
                   complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                   history: &[
                       ("2.4.0", "Accepts multiple `element` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::lpush), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "rpush", arity: -3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Append one or multiple elements to a list", since: "1.0.0", group: "list",
                   complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                   history: &[
                       ("2.4.0", "Accepts multiple `element` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::rpush), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lpushx", arity: -3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Prepend an element to a list, only if the list exists", since: "2.2.0", group: "list",
                   complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                   history: &[
                       ("4.0.0", "Accepts multiple `element` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::lpushx), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "rpushx", arity: -3, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Append an element to a list, only if the list exists", since: "2.2.0", group: "list",
                   complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                   history: &[
                       ("4.0.0", "Accepts multiple `element` arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::rpushx), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lpop", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove and get the first elements in a list", since: "1.0.0", group: "list",
                   complexity: "O(N) where N is the number of elements returned",
                   history: &[
                       ("6.2.0", "Added the `count` argument."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::lpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "rpop", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove and get the last elements in a list", since: "1.0.0", group: "list",
                   complexity: "O(N) where N is the number of elements returned",
                   history: &[
                       ("6.2.0", "Added the `count` argument."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::rpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "llen", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@list", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the length of a list", since: "1.0.0", group: "list",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::lists::llen), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lrange", arity: 4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get a range of elements from a list", since: "1.0.0", group: "list",
                   complexity: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.", ..Doc::DEFAULT },
        handler: Some(super::lists::lrange), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lindex", arity: 3, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get an element from a list by its index", since: "1.0.0", group: "list",
                   complexity: "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).", ..Doc::DEFAULT },
        handler: Some(super::lists::lindex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lset", arity: 4, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set the value of an element in a list by its index", since: "1.0.0", group: "list",
                   complexity: "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).", ..Doc::DEFAULT },
        handler: Some(super::lists::lset), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "linsert", arity: 5, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Insert an element before or after another element in a list", since: "2.2.0", group: "list",
                   complexity: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).", ..Doc::DEFAULT },
        handler: Some(super::lists::linsert), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lrem", arity: 4, flags: &["write"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove elements from a list", since: "1.0.0", group: "list",
                   complexity: "O(N+M) where N is the length of the list and M is the number of elements removed.", ..Doc::DEFAULT },
        handler: Some(super::lists::lrem), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "ltrim", arity: 4, flags: &["write"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Trim a list to the specified range", since: "1.0.0", group: "list",
                   complexity: "O(N) where N is the number of elements to be removed by the operation.", ..Doc::DEFAULT },
        handler: Some(super::lists::ltrim), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lpos", arity: -3, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return the index of matching elements on a list", since: "6.0.6", group: "list",
                   complexity: "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.", ..Doc::DEFAULT },
        handler: Some(super::lists::lpos), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lmove", arity: 5, flags: &["write", "denyoom"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@list", "@slow"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RW", "insert"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Pop an element from a list, push it to another list and return it", since: "6.2.0", group: "list",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::lists::lmove), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "rpoplpush", arity: 3, flags: &["write", "denyoom"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@list", "@slow"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RW", "insert"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Remove the last element in a list, prepend it to another list and return it", since: "1.2.0", group: "list",
                   complexity: "O(1)",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`LMOVE` with the `RIGHT` and `LEFT` arguments", ..Doc::DEFAULT },
        handler: Some(super::lists::rpoplpush), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lmpop", arity: -4, flags: &["write", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@write", "@list", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Pop elements from a list", since: "7.0.0", group: "list",
                   complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.", ..Doc::DEFAULT },
        handler: Some(super::lists::lmpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "blpop", arity: -3, flags: &["write", "noscript", "blocking"],
        first_key: 1, last_key: -2, step: 1, acl: &["@write", "@list", "@slow", "@blocking"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(-2, 1, 0))],
        doc: Doc { summary: "Remove and get the first element in a list, or block until one is available", since: "2.0.0", group: "list",
                   complexity: "O(N) where N is the number of provided keys.",
                   history: &[
                       ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::blpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "brpop", arity: -3, flags: &["write", "noscript", "blocking"],
        first_key: 1, last_key: -2, step: 1, acl: &["@write", "@list", "@slow", "@blocking"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(-2, 1, 0))],
        doc: Doc { summary: "Remove and get the last element in a list, or block until one is available", since: "2.0.0", group: "list",
                   complexity: "O(N) where N is the number of provided keys.",
                   history: &[
                       ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::lists::brpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "blmove", arity: 6, flags: &["write", "denyoom", "noscript", "blocking"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@list", "@slow", "@blocking"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RW", "insert"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Pop an element from a list, push it to another list and return it; or block until one is available", since: "6.2.0", group: "list",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::lists::blmove), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "brpoplpush", arity: 4, flags: &["write", "denyoom", "noscript", "blocking"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@list", "@slow", "@blocking"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RW", "insert"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Pop an element from a list, push it to another list and return it; or block until one is available", since: "2.2.0", group: "list",
                   complexity: "O(1)",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`BLMOVE` with the `RIGHT` and `LEFT` arguments",
                   history: &[
                       ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
                   ], },
        handler: Some(super::lists::brpoplpush), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "blmpop", arity: -5, flags: &["write", "blocking", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@write", "@list", "@slow", "@blocking"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Pop elements from a list, or block until one is available", since: "7.0.0", group: "list",
                   complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.", ..Doc::DEFAULT },
        handler: Some(super::lists::blmpop), ..CommandDef::DEFAULT
    },
    // ---- sorted-set (handlers in super::zsets) ----
    CommandDef {
        name: "zadd", arity: -4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Add one or more members to a sorted set, or update its score if it already exists", since: "1.2.0", group: "sorted-set",
                   complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
                   history: &[
                       ("2.4.0", "Accepts multiple elements."),
                       ("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."),
                       ("6.2.0", "Added the `GT` and `LT` options."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::zsets::zadd), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zincrby", arity: 4, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Increment the score of a member in a sorted set", since: "1.2.0", group: "sorted-set",
                   complexity: "O(log(N)) where N is the number of elements in the sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zincrby), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrem", arity: -3, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove one or more members from a sorted set", since: "1.2.0", group: "sorted-set",
                   complexity: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
                   history: &[
                       ("2.4.0", "Accepts multiple elements."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::zsets::zrem), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zcard", arity: 2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the number of members in a sorted set", since: "1.2.0", group: "sorted-set",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::zsets::zcard), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zscore", arity: 3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the score associated with the given member in a sorted set", since: "1.2.0", group: "sorted-set",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::zsets::zscore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zmscore", arity: -3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get the score associated with the given members in a sorted set", since: "6.2.0", group: "sorted-set",
                   complexity: "O(N) where N is the number of members being requested.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zmscore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrank", arity: -3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Determine the index of a member in a sorted set", since: "2.0.0", group: "sorted-set",
                   complexity: "O(log(N))", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrank), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrevrank", arity: -3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Determine the index of a member in a sorted set, with scores ordered from high to low", since: "2.0.0", group: "sorted-set",
                   complexity: "O(log(N))", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrevrank), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zcount", arity: 4, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Count the members in a sorted set with scores within the given values", since: "2.0.0", group: "sorted-set",
                   complexity: "O(log(N)) with N being the number of elements in the sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zcount), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zlexcount", arity: 4, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Count the number of members in a sorted set between a given lexicographical range", since: "2.8.9", group: "sorted-set",
                   complexity: "O(log(N)) with N being the number of elements in the sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zlexcount), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrange", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a range of members in a sorted set", since: "1.2.0", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
                   history: &[
                       ("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::zsets::zrange), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrevrange", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low", since: "1.2.0", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`ZRANGE` with the `REV` argument", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrevrange), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrangebyscore", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a range of members in a sorted set, by score", since: "1.0.5", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`ZRANGE` with the `BYSCORE` argument",
                   history: &[
                       ("2.0.0", "Added the `WITHSCORES` modifier."),
                   ], },
        handler: Some(super::zsets::zrangebyscore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrevrangebyscore", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low", since: "2.2.0", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`ZRANGE` with the `REV` and `BYSCORE` arguments",
                   history: &[
                       ("2.1.6", "`min` and `max` can be exclusive."),
                   ], },
        handler: Some(super::zsets::zrevrangebyscore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrangebylex", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a range of members in a sorted set, by lexicographical range", since: "2.8.9", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`ZRANGE` with the `BYLEX` argument", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrangebylex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrevrangebylex", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", since: "2.8.9", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`ZRANGE` with the `REV` and `BYLEX` arguments", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrevrangebylex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrangestore", arity: -5, flags: &["write", "denyoom"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Store a range of members from sorted set into another key", since: "6.2.0", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrangestore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zremrangebyrank", arity: 4, flags: &["write"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove all members in a sorted set within the given indexes", since: "2.0.0", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zremrangebyrank), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zremrangebyscore", arity: 4, flags: &["write"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove all members in a sorted set within the given scores", since: "1.2.0", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zremrangebyscore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zremrangebylex", arity: 4, flags: &["write"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove all members in a sorted set between the given lexicographical range", since: "2.8.9", group: "sorted-set",
                   complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zremrangebylex), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zpopmin", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove and return members with the lowest scores in a sorted set", since: "5.0.0", group: "sorted-set",
                   complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zpopmin), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zpopmax", arity: -2, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Remove and return members with the highest scores in a sorted set", since: "5.0.0", group: "sorted-set",
                   complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zpopmax), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zmpop", arity: -4, flags: &["write", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Remove and return members with scores in a sorted set", since: "7.0.0", group: "sorted-set",
                   complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zmpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bzpopmin", arity: -3, flags: &["write", "noscript", "blocking", "fast"],
        first_key: 1, last_key: -2, step: 1, acl: &["@write", "@sortedset", "@fast", "@blocking"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(-2, 1, 0))],
        doc: Doc { summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", since: "5.0.0", group: "sorted-set",
                   complexity: "O(log(N)) with N being the number of elements in the sorted set.",
                   history: &[
                       ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::zsets::bzpopmin), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bzpopmax", arity: -3, flags: &["write", "noscript", "blocking", "fast"],
        first_key: 1, last_key: -2, step: 1, acl: &["@write", "@sortedset", "@fast", "@blocking"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(1), FindKeys::range(-2, 1, 0))],
        doc: Doc { summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", since: "5.0.0", group: "sorted-set",
                   complexity: "O(log(N)) with N being the number of elements in the sorted set.",
                   history: &[
                       ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::zsets::bzpopmax), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bzmpop", arity: -5, flags: &["write", "blocking", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@write", "@sortedset", "@slow", "@blocking"],
        key_specs: &[KeySpec::new(&["RW", "access", "delete"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Remove and return members with scores in a sorted set or block until one is available", since: "7.0.0", group: "sorted-set",
                   complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.", ..Doc::DEFAULT },
        handler: Some(super::zsets::bzmpop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zrandmember", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Get one or multiple random elements from a sorted set", since: "6.2.0", group: "sorted-set",
                   complexity: "O(N) where N is the number of elements returned", ..Doc::DEFAULT },
        handler: Some(super::zsets::zrandmember), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zunion", arity: -3, flags: &["readonly", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Add multiple sorted sets", since: "6.2.0", group: "sorted-set",
                   complexity: "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zunion), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zinter", arity: -3, flags: &["readonly", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Intersect multiple sorted sets", since: "6.2.0", group: "sorted-set",
                   complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zinter), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zdiff", arity: -3, flags: &["readonly", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Subtract multiple sorted sets", since: "6.2.0", group: "sorted-set",
                   complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zdiff), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zunionstore", arity: -4, flags: &["write", "denyoom", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1)),
        ],
        doc: Doc { summary: "Add multiple sorted sets and store the resulting sorted set in a new key", since: "2.0.0", group: "sorted-set",
                   complexity: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zunionstore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zinterstore", arity: -4, flags: &["write", "denyoom", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1)),
        ],
        doc: Doc { summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key", since: "2.0.0", group: "sorted-set",
                   complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zinterstore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zdiffstore", arity: -4, flags: &["write", "denyoom", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@sortedset", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1)),
        ],
        doc: Doc { summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key", since: "6.2.0", group: "sorted-set",
                   complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zdiffstore), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zintercard", arity: -3, flags: &["readonly", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@read", "@sortedset", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Intersect multiple sorted sets and return the cardinality of the result", since: "7.0.0", group: "sorted-set",
                   complexity: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.", ..Doc::DEFAULT },
        handler: Some(super::zsets::zintercard), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "zscan", arity: -3, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@sortedset", "@slow"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Incrementally iterate sorted sets elements and associated scores", since: "2.8.0", group: "sorted-set",
                   complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", ..Doc::DEFAULT },
        handler: Some(super::zsets::zscan), ..CommandDef::DEFAULT
    },
    // ---- geo (handlers in super::geo) ----
    CommandDef {
        name: "geoadd", arity: -5, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Add one or more geospatial items in the geospatial index represented using a sorted set", since: "3.2.0", group: "geo",
                   complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
                   history: &[
                       ("6.2.0", "Added the `CH`, `NX` and `XX` options."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::geo::geoadd), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "geodist", arity: -4, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the distance between two members of a geospatial index", since: "3.2.0", group: "geo",
                   complexity: "O(log(N))", ..Doc::DEFAULT },
        handler: Some(super::geo::geodist), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "geohash", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns members of a geospatial index as standard geohash strings", since: "3.2.0", group: "geo",
                   complexity: "O(log(N)) for each member requested, where N is the number of elements in the sorted set.", ..Doc::DEFAULT },
        handler: Some(super::geo::geohash), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "geopos", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns longitude and latitude of members of a geospatial index", since: "3.2.0", group: "geo",
                   complexity: "O(N) where N is the number of members requested.", ..Doc::DEFAULT },
        handler: Some(super::geo::geopos), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "georadius", arity: -6, flags: &["write", "denyoom", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@geo", "@slow"],
        key_specs: &[
            KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "update"], BeginSearch::Keyword { keyword: "STORE", start_from: 6 }, FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "update"], BeginSearch::Keyword { keyword: "STOREDIST", start_from: 6 }, FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", since: "3.2.0", group: "geo",
                   complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument",
                   history: &[
                       ("6.2.0", "Added the `ANY` option for `COUNT`."),
                       ("7.0.0", "Added support for uppercase unit names."),
                   ], },
        handler: Some(super::geo::georadius), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "georadiusbymember", arity: -5, flags: &["write", "denyoom", "movablekeys"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@geo", "@slow"],
        key_specs: &[
            KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "update"], BeginSearch::Keyword { keyword: "STORE", start_from: 5 }, FindKeys::range(0, 1, 0)),
            KeySpec::new(&["OW", "update"], BeginSearch::Keyword { keyword: "STOREDIST", start_from: 5 }, FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", since: "3.2.0", group: "geo",
                   complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments",
                   history: &[
                       ("7.0.0", "Added support for uppercase unit names."),
                   ], },
        handler: Some(super::geo::georadiusbymember), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "georadius_ro", arity: -6, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "A read-only variant for GEORADIUS", since: "3.2.10", group: "geo",
                   complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`GEOSEARCH` with the `BYRADIUS` argument",
                   history: &[
                       ("6.2.0", "Added the `ANY` option for `COUNT`."),
                   ], },
        handler: Some(super::geo::georadius_ro), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "georadiusbymember_ro", arity: -5, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "A read-only variant for GEORADIUSBYMEMBER", since: "3.2.10", group: "geo",
                   complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                   doc_flags: &["deprecated"], deprecated_since: "6.2.0", replaced_by: "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments", ..Doc::DEFAULT },
        handler: Some(super::geo::georadiusbymember_ro), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "geosearch", arity: -7, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@geo", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", since: "6.2.0", group: "geo",
                   complexity: "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape",
                   history: &[
                       ("7.0.0", "Added support for uppercase unit names."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::geo::geosearch), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "geosearchstore", arity: -8, flags: &["write", "denyoom"],
        first_key: 1, last_key: 2, step: 1, acl: &["@write", "@geo", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
        ],
        doc: Doc { summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", since: "6.2.0", group: "geo",
                   complexity: "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape",
                   history: &[
                       ("7.0.0", "Added support for uppercase unit names."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::geo::geosearchstore), ..CommandDef::DEFAULT
    },
    // ---- hyperloglog (handlers in super::hyperloglog) ----
    CommandDef {
        name: "pfadd", arity: -2, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hyperloglog", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Adds the specified elements to the specified HyperLogLog.", since: "2.8.9", group: "hyperloglog",
                   complexity: "O(1) to add every element.", ..Doc::DEFAULT },
        handler: Some(super::hyperloglog::pfadd), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pfcount", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: -1, step: 1, acl: &["@read", "@hyperloglog", "@slow"],
        key_specs: &[KeySpec::with_notes("RW because it may change the internal representation of the key, and propagate to replicas", &["RW", "access"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", since: "2.8.9", group: "hyperloglog",
                   complexity: "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.", ..Doc::DEFAULT },
        handler: Some(super::hyperloglog::pfcount), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pfmerge", arity: -2, flags: &["write", "denyoom"],
        first_key: 1, last_key: -1, step: 1, acl: &["@write", "@hyperloglog", "@slow"],
        key_specs: &[
            KeySpec::new(&["RW", "access", "insert"], BeginSearch::Index(1), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::range(-1, 1, 0)),
        ],
        doc: Doc { summary: "Merge N different HyperLogLogs into a single one.", since: "2.8.9", group: "hyperloglog",
                   complexity: "O(N) to merge N HyperLogLogs, but with high constant times.", ..Doc::DEFAULT },
        handler: Some(super::hyperloglog::pfmerge), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pfdebug", arity: 3, flags: &["write", "denyoom", "admin"],
        first_key: 2, last_key: 2, step: 1, acl: &["@write", "@hyperloglog", "@admin", "@slow", "@dangerous"],
        key_specs: &[KeySpec::new(&["RW", "access"], BeginSearch::Index(2), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Internal commands for debugging HyperLogLog values", since: "2.8.9", group: "hyperloglog",
                   complexity: "N/A",
                   doc_flags: &["syscmd"], ..Doc::DEFAULT },
        handler: Some(super::hyperloglog::pfdebug), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pfselftest", arity: 1, flags: &["admin"],
        first_key: 0, last_key: 0, step: 0, acl: &["@hyperloglog", "@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "An internal command for testing HyperLogLog values", since: "2.8.9", group: "hyperloglog",
                   complexity: "N/A",
                   doc_flags: &["syscmd"], ..Doc::DEFAULT },
        handler: Some(super::hyperloglog::pfselftest), ..CommandDef::DEFAULT
    },
    // ---- bitmap (handlers in super::bitmaps) ----
    CommandDef {
        name: "setbit", arity: 4, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@bitmap", "@slow"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Sets or clears the bit at offset in the string value stored at key", since: "2.2.0", group: "bitmap",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::bitmaps::setbit), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "getbit", arity: 3, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@bitmap", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the bit value at offset in the string value stored at key", since: "2.2.0", group: "bitmap",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::bitmaps::getbit), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bitcount", arity: -2, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@bitmap", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Count set bits in a string", since: "2.6.0", group: "bitmap",
                   complexity: "O(N)",
                   history: &[
                       ("7.0.0", "Added the `BYTE|BIT` option."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::bitmaps::bitcount), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bitpos", arity: -3, flags: &["readonly"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@bitmap", "@slow"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Find first bit set or clear in a string", since: "2.8.7", group: "bitmap",
                   complexity: "O(N)",
                   history: &[
                       ("7.0.0", "Added the `BYTE|BIT` option."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::bitmaps::bitpos), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bitop", arity: -4, flags: &["write", "denyoom"],
        first_key: 2, last_key: -1, step: 1, acl: &["@write", "@bitmap", "@slow"],
        key_specs: &[
            KeySpec::new(&["OW", "update"], BeginSearch::Index(2), FindKeys::range(0, 1, 0)),
            KeySpec::new(&["RO", "access"], BeginSearch::Index(3), FindKeys::range(-1, 1, 0)),
        ],
        doc: Doc { summary: "Perform bitwise operations between strings", since: "2.6.0", group: "bitmap",
                   complexity: "O(N)", ..Doc::DEFAULT },
        handler: Some(super::bitmaps::bitop), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bitfield", arity: -2, flags: &["write", "denyoom"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@bitmap", "@slow"],
        key_specs: &[KeySpec::with_notes("This command allows both access and modification of the key", &["RW", "access", "update", "variable_flags"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Perform arbitrary bitfield integer operations on strings", since: "3.2.0", group: "bitmap",
                   complexity: "O(1) for each subcommand specified", ..Doc::DEFAULT },
        handler: Some(super::bitmaps::bitfield), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bitfield_ro", arity: -2, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@bitmap", "@fast"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", since: "6.0.0", group: "bitmap",
                   complexity: "O(1) for each subcommand specified", ..Doc::DEFAULT },
        handler: Some(super::bitmaps::bitfield_ro), ..CommandDef::DEFAULT
    },
    // ---- transactions (handlers in super::transactions) ----
    CommandDef {
        name: "multi", arity: 1, flags: &["noscript", "loading", "stale", "fast", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@transaction"],
        doc: Doc { summary: "Mark the start of a transaction block", since: "1.2.0", group: "transactions",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::transactions::multi), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "exec", arity: 1, flags: &["noscript", "loading", "stale", "skip_slowlog"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@transaction"],
        doc: Doc { summary: "Execute all commands issued after MULTI", since: "1.2.0", group: "transactions",
                   complexity: "Depends on commands in the transaction", ..Doc::DEFAULT },
        handler: Some(super::transactions::exec), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "discard", arity: 1, flags: &["noscript", "loading", "stale", "fast", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@transaction"],
        doc: Doc { summary: "Discard all commands issued after MULTI", since: "2.0.0", group: "transactions",
                   complexity: "O(N), when N is the number of queued commands", ..Doc::DEFAULT },
        handler: Some(super::transactions::discard), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "watch", arity: -2, flags: &["noscript", "loading", "stale", "fast", "allow_busy"],
        first_key: 1, last_key: -1, step: 1, acl: &["@fast", "@transaction"],
        key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Watch the given keys to determine execution of the MULTI/EXEC block", since: "2.2.0", group: "transactions",
                   complexity: "O(1) for every key.", ..Doc::DEFAULT },
        handler: Some(super::transactions::watch), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "unwatch", arity: 1, flags: &["noscript", "loading", "stale", "fast", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast", "@transaction"],
        doc: Doc { summary: "Forget about all watched keys", since: "2.2.0", group: "transactions",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::transactions::unwatch), ..CommandDef::DEFAULT
    },
    // ---- pubsub (handlers in super::pubsub) ----
    CommandDef {
        name: "subscribe", arity: -2, flags: &["pubsub", "noscript", "loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
        doc: Doc { summary: "Listen for messages published to the given channels", since: "2.0.0", group: "pubsub",
                   complexity: "O(N) where N is the number of channels to subscribe to.", ..Doc::DEFAULT },
        handler: Some(super::pubsub::subscribe), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "unsubscribe", arity: -1, flags: &["pubsub", "noscript", "loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
        doc: Doc { summary: "Stop listening for messages posted to the given channels", since: "2.0.0", group: "pubsub",
                   complexity: "O(N) where N is the number of clients already subscribed to a channel.", ..Doc::DEFAULT },
        handler: Some(super::pubsub::unsubscribe), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "psubscribe", arity: -2, flags: &["pubsub", "noscript", "loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
        doc: Doc { summary: "Listen for messages published to channels matching the given patterns", since: "2.0.0", group: "pubsub",
                   complexity: "O(N) where N is the number of patterns the client is already subscribed to.", ..Doc::DEFAULT },
        handler: Some(super::pubsub::psubscribe), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "punsubscribe", arity: -1, flags: &["pubsub", "noscript", "loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
        doc: Doc { summary: "Stop listening for messages posted to channels matching the given patterns", since: "2.0.0", group: "pubsub",
                   complexity: "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).", ..Doc::DEFAULT },
        handler: Some(super::pubsub::punsubscribe), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "ssubscribe", arity: -2, flags: &["pubsub", "noscript", "loading", "stale"],
        first_key: 1, last_key: -1, step: 1, acl: &["@pubsub", "@slow"],
        key_specs: &[KeySpec::new(&["not_key"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Listen for messages published to the given shard channels", since: "7.0.0", group: "pubsub",
                   complexity: "O(N) where N is the number of shard channels to subscribe to.", ..Doc::DEFAULT },
        handler: Some(super::pubsub::ssubscribe), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "sunsubscribe", arity: -1, flags: &["pubsub", "noscript", "loading", "stale"],
        first_key: 1, last_key: -1, step: 1, acl: &["@pubsub", "@slow"],
        key_specs: &[KeySpec::new(&["not_key"], BeginSearch::Index(1), FindKeys::range(-1, 1, 0))],
        doc: Doc { summary: "Stop listening for messages posted to the given shard channels", since: "7.0.0", group: "pubsub",
                   complexity: "O(N) where N is the number of clients already subscribed to a shard channel.", ..Doc::DEFAULT },
        handler: Some(super::pubsub::sunsubscribe), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "publish", arity: 3, flags: &["pubsub", "loading", "stale", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@fast"],
        doc: Doc { summary: "Post a message to a channel", since: "2.0.0", group: "pubsub",
                   complexity: "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).", ..Doc::DEFAULT },
        handler: Some(super::pubsub::publish), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "spublish", arity: 3, flags: &["pubsub", "loading", "stale", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@pubsub", "@fast"],
        key_specs: &[KeySpec::new(&["not_key"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Post a message to a shard channel", since: "7.0.0", group: "pubsub",
                   complexity: "O(N) where N is the number of clients subscribed to the receiving shard channel.", ..Doc::DEFAULT },
        handler: Some(super::pubsub::spublish), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "pubsub", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "pubsub|channels", arity: -2, flags: &["pubsub", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
                doc: Doc { summary: "List active channels", since: "2.8.0", group: "pubsub",
                           complexity: "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)", ..Doc::DEFAULT },
                handler: Some(super::pubsub::pubsub_channels), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "pubsub|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "6.2.0", group: "pubsub",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::pubsub::pubsub_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "pubsub|numpat", arity: 2, flags: &["pubsub", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
                doc: Doc { summary: "Get the count of unique patterns pattern subscriptions", since: "2.8.0", group: "pubsub",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::pubsub::pubsub_numpat), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "pubsub|numsub", arity: -2, flags: &["pubsub", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
                doc: Doc { summary: "Get the count of subscribers for channels", since: "2.8.0", group: "pubsub",
                           complexity: "O(N) for the NUMSUB subcommand, where N is the number of requested channels", ..Doc::DEFAULT },
                handler: Some(super::pubsub::pubsub_numsub), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "pubsub|shardchannels", arity: -2, flags: &["pubsub", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
                doc: Doc { summary: "List active shard channels", since: "7.0.0", group: "pubsub",
                           complexity: "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).", ..Doc::DEFAULT },
                handler: Some(super::pubsub::pubsub_shardchannels), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "pubsub|shardnumsub", arity: -2, flags: &["pubsub", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@pubsub", "@slow"],
                doc: Doc { summary: "Get the count of subscribers for shard channels", since: "7.0.0", group: "pubsub",
                           complexity: "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels", ..Doc::DEFAULT },
                handler: Some(super::pubsub::pubsub_shardnumsub), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for Pub/Sub commands", since: "2.8.0", group: "pubsub",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    // ---- server (handlers in super::server) ----
    CommandDef {
        name: "dbsize", arity: 1, flags: &["readonly", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@read", "@fast"],
        tips: &["request_policy:all_shards", "response_policy:agg_sum"],
        doc: Doc { summary: "Return the number of keys in the selected database", since: "1.0.0", group: "server",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::server::dbsize), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "swapdb", arity: 3, flags: &["write", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@write", "@fast", "@dangerous"],
        doc: Doc { summary: "Swaps two Redis databases", since: "4.0.0", group: "server",
                   complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.", ..Doc::DEFAULT },
        handler: Some(super::server::swapdb), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "flushdb", arity: -1, flags: &["write"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@write", "@slow", "@dangerous"],
        tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
        doc: Doc { summary: "Remove all keys from the current database", since: "1.0.0", group: "server",
                   complexity: "O(N) where N is the number of keys in the selected database",
                   history: &[
                       ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                       ("6.2.0", "Added the `SYNC` flushing mode modifier."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::server::flushdb), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "flushall", arity: -1, flags: &["write"],
        first_key: 0, last_key: 0, step: 0, acl: &["@keyspace", "@write", "@slow", "@dangerous"],
        tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
        doc: Doc { summary: "Remove all keys from all databases", since: "1.0.0", group: "server",
                   complexity: "O(N) where N is the total number of keys in all databases",
                   history: &[
                       ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                       ("6.2.0", "Added the `SYNC` flushing mode modifier."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::server::flushall), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "info", arity: -1, flags: &["loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@dangerous"],
        tips: &["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
        doc: Doc { summary: "Get information and statistics about the server", since: "1.0.0", group: "server",
                   complexity: "O(1)",
                   history: &[
                       ("7.0.0", "Added support for taking multiple section arguments."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::server::info), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "config", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "config|get", arity: -3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                doc: Doc { summary: "Get the values of configuration parameters", since: "2.0.0", group: "server",
                           complexity: "O(N) when N is the number of configuration parameters provided",
                           history: &[
                               ("7.0.0", "Added the ability to pass multiple pattern parameters in one call"),
                           ], ..Doc::DEFAULT },
                handler: Some(super::server::config_get), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "config|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "5.0.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::server::config_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "config|resetstat", arity: 2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                doc: Doc { summary: "Reset the stats returned by INFO", since: "2.0.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::server::config_resetstat), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "config|rewrite", arity: 2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                doc: Doc { summary: "Rewrite the configuration file with the in memory configuration", since: "2.8.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::server::config_rewrite), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "config|set", arity: -4, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["request_policy:all_nodes", "response_policy:all_succeeded"],
                doc: Doc { summary: "Set configuration parameters to the given values", since: "2.0.0", group: "server",
                           complexity: "O(N) when N is the number of configuration parameters provided",
                           history: &[
                               ("7.0.0", "Added the ability to set multiple parameters in one call."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::server::config_set), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for server configuration commands", since: "2.0.0", group: "server",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "time", arity: 1, flags: &["loading", "stale", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@fast"],
        tips: &["nondeterministic_output"],
        doc: Doc { summary: "Return the current server time", since: "2.6.0", group: "server",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::server::time), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "lastsave", arity: 1, flags: &["loading", "stale", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@fast", "@dangerous"],
        tips: &["nondeterministic_output"],
        doc: Doc { summary: "Get the UNIX time stamp of the last successful save to disk", since: "1.0.0", group: "server",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::server::lastsave), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "save", arity: 1, flags: &["admin", "noscript", "no_async_loading", "no_multi"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "Synchronously save the dataset to disk", since: "1.0.0", group: "server",
                   complexity: "O(N) where N is the total number of keys in all databases", ..Doc::DEFAULT },
        handler: Some(super::server::save), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bgsave", arity: -1, flags: &["admin", "noscript", "no_async_loading"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "Asynchronously save the dataset to disk", since: "1.0.0", group: "server",
                   complexity: "O(1)",
                   history: &[
                       ("3.2.2", "Added the `SCHEDULE` option."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::server::bgsave), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "bgrewriteaof", arity: 1, flags: &["admin", "noscript", "no_async_loading"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "Asynchronously rewrite the append-only file", since: "1.0.0", group: "server",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::server::bgrewriteaof), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "shutdown", arity: -1, flags: &["admin", "noscript", "loading", "stale", "no_multi", "allow_busy"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "Synchronously save the dataset to disk and then shut down the server", since: "1.0.0", group: "server",
                   complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
                   history: &[
                       ("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."),
                   ], ..Doc::DEFAULT },
        handler: Some(super::server::shutdown), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "debug", arity: -2, flags: &["admin", "noscript", "loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "A container for debugging commands", since: "1.0.0", group: "server",
                   complexity: "Depends on subcommand.",
                   doc_flags: &["syscmd"], ..Doc::DEFAULT },
        handler: Some(super::server::debug), exclusive: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "role", arity: 1, flags: &["noscript", "loading", "stale", "fast"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@fast", "@dangerous"],
        doc: Doc { summary: "Return the role of the instance in the context of replication", since: "2.8.12", group: "server",
                   complexity: "O(1)", ..Doc::DEFAULT },
        handler: Some(super::server::role), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "monitor", arity: 1, flags: &["admin", "noscript", "loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
        doc: Doc { summary: "Listen for all requests received by the server in real time", since: "1.0.0", group: "server",
                   complexity: "", ..Doc::DEFAULT },
        handler: Some(super::server::monitor), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "command", arity: -1, flags: &["loading", "stale"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
        tips: &["nondeterministic_output_order"],
        subcommands: &[
            CommandDef {
                name: "command|count", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Get total number of Redis commands", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::server::command_count), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "command|docs", arity: -2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                tips: &["nondeterministic_output_order"],
                doc: Doc { summary: "Get array of specific Redis command documentation", since: "7.0.0", group: "server",
                           complexity: "O(N) where N is the number of commands to look up", ..Doc::DEFAULT },
                handler: Some(super::server::command_docs), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "command|getkeys", arity: -4, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Extract keys given a full Redis command", since: "2.8.13", group: "server",
                           complexity: "O(N) where N is the number of arguments to the command", ..Doc::DEFAULT },
                handler: Some(super::server::command_getkeys), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "command|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "5.0.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::server::command_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "command|info", arity: -2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                tips: &["nondeterministic_output_order"],
                doc: Doc { summary: "Get array of specific Redis command details, or all when no argument is given.", since: "2.8.13", group: "server",
                           complexity: "O(N) where N is the number of commands to look up",
                           history: &[
                               ("7.0.0", "Allowed to be called with no argument to get info on all commands."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::server::command_info), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "command|list", arity: -2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@connection"],
                tips: &["nondeterministic_output_order"],
                doc: Doc { summary: "Get an array of Redis command names", since: "7.0.0", group: "server",
                           complexity: "O(N) where N is the total number of Redis commands", ..Doc::DEFAULT },
                handler: Some(super::server::command_list), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "Get array of Redis command details", since: "2.8.13", group: "server",
                   complexity: "O(N) where N is the total number of Redis commands", ..Doc::DEFAULT },
        handler: Some(super::server::command), ..CommandDef::DEFAULT
    },
    // ---- server (handlers in super::slowlog) ----
    CommandDef {
        name: "slowlog", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "slowlog|get", arity: -2, flags: &["admin", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["request_policy:all_nodes", "nondeterministic_output"],
                doc: Doc { summary: "Get the slow log's entries", since: "2.2.12", group: "server",
                           complexity: "O(N) where N is the number of entries returned",
                           history: &[
                               ("4.0.0", "Added client IP address, port and name to the reply."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::slowlog::slowlog_get), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "slowlog|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "6.2.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::slowlog::slowlog_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "slowlog|len", arity: 2, flags: &["admin", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"],
                doc: Doc { summary: "Get the slow log's length", since: "2.2.12", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::slowlog::slowlog_len), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "slowlog|reset", arity: 2, flags: &["admin", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["request_policy:all_nodes", "response_policy:all_succeeded"],
                doc: Doc { summary: "Clear all entries from the slow log", since: "2.2.12", group: "server",
                           complexity: "O(N) where N is the number of entries in the slowlog", ..Doc::DEFAULT },
                handler: Some(super::slowlog::slowlog_reset), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for slow log commands", since: "2.2.12", group: "server",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    // ---- server (handlers in super::diagnostics) ----
    CommandDef {
        name: "memory", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "memory|doctor", arity: 2, flags: &[],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                tips: &["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
                doc: Doc { summary: "Outputs memory problems report", since: "4.0.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::memory_doctor), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "memory|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "4.0.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::memory_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "memory|malloc-stats", arity: 2, flags: &[],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                tips: &["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
                doc: Doc { summary: "Show allocator internal stats", since: "4.0.0", group: "server",
                           complexity: "Depends on how much memory is allocated, could be slow", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::memory_malloc_stats), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "memory|purge", arity: 2, flags: &[],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
                doc: Doc { summary: "Ask the allocator to release memory", since: "4.0.0", group: "server",
                           complexity: "Depends on how much memory is allocated, could be slow", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::memory_purge), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "memory|stats", arity: 2, flags: &[],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                tips: &["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
                doc: Doc { summary: "Show memory usage details", since: "4.0.0", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::memory_stats), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "memory|usage", arity: -3, flags: &["readonly"],
                first_key: 2, last_key: 2, step: 1, acl: &["@read", "@slow"],
                key_specs: &[KeySpec::new(&["RO"], BeginSearch::Index(2), FindKeys::range(0, 1, 0))],
                doc: Doc { summary: "Estimate the memory usage of a key", since: "4.0.0", group: "server",
                           complexity: "O(N) where N is the number of samples.", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::memory_usage), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for memory diagnostics commands", since: "4.0.0", group: "server",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "latency", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "latency|doctor", arity: 2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
                doc: Doc { summary: "Return a human readable latency analysis report.", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_doctor), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "latency|graph", arity: 3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
                doc: Doc { summary: "Return a latency graph for the event.", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_graph), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "latency|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
                doc: Doc { summary: "Show helpful text about the different subcommands.", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "latency|histogram", arity: -2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
                doc: Doc { summary: "Return the cumulative distribution of latencies of a subset of commands or all.", since: "7.0.0", group: "server",
                           complexity: "O(N) where N is the number of commands with latency information being retrieved.", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_histogram), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "latency|history", arity: 3, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
                doc: Doc { summary: "Return timestamp-latency samples for the event.", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_history), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "latency|latest", arity: 2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
                doc: Doc { summary: "Return the latest latency samples for all events.", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_latest), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "latency|reset", arity: -2, flags: &["admin", "noscript", "loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@admin", "@slow", "@dangerous"],
                tips: &["request_policy:all_nodes", "response_policy:all_succeeded"],
                doc: Doc { summary: "Reset latency data for one or more events.", since: "2.8.13", group: "server",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::diagnostics::latency_reset), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for latency diagnostics commands", since: "2.8.13", group: "server",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    // ---- scripting (handlers in super::scripting) ----
    CommandDef {
        name: "eval", arity: -3, flags: &["noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
        key_specs: &[KeySpec::with_notes("We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", &["RW", "access", "update"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Execute a Lua script server side", since: "2.6.0", group: "scripting",
                   complexity: "Depends on the script that is executed.", ..Doc::DEFAULT },
        handler: Some(super::scripting::eval), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "evalsha", arity: -3, flags: &["noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
        key_specs: &[KeySpec::new(&["RW", "access", "update"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Execute a Lua script server side", since: "2.6.0", group: "scripting",
                   complexity: "Depends on the script that is executed.", ..Doc::DEFAULT },
        handler: Some(super::scripting::evalsha), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "eval_ro", arity: -3, flags: &["readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
        key_specs: &[KeySpec::with_notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", &["RO", "access"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Execute a read-only Lua script server side", since: "7.0.0", group: "scripting",
                   complexity: "Depends on the script that is executed.", ..Doc::DEFAULT },
        handler: Some(super::scripting::eval_ro), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "evalsha_ro", arity: -3, flags: &["readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Execute a read-only Lua script server side", since: "7.0.0", group: "scripting",
                   complexity: "Depends on the script that is executed.", ..Doc::DEFAULT },
        handler: Some(super::scripting::evalsha_ro), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "script", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "script|debug", arity: 3, flags: &["noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                doc: Doc { summary: "Set the debug mode for executed scripts.", since: "3.2.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::script_debug), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "script|exists", arity: -3, flags: &["noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:agg_logical_and"],
                doc: Doc { summary: "Check existence of scripts in the script cache.", since: "2.6.0", group: "scripting",
                           complexity: "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).", ..Doc::DEFAULT },
                handler: Some(super::scripting::script_exists), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "script|flush", arity: -2, flags: &["noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["request_policy:all_nodes", "response_policy:all_succeeded"],
                doc: Doc { summary: "Remove all the scripts from the script cache.", since: "2.6.0", group: "scripting",
                           complexity: "O(N) with N being the number of scripts in cache",
                           history: &[
                               ("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers."),
                           ], ..Doc::DEFAULT },
                handler: Some(super::scripting::script_flush), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "script|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "5.0.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::script_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "script|kill", arity: 2, flags: &["noscript", "allow_busy"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:one_succeeded"],
                doc: Doc { summary: "Kill the script currently in execution.", since: "2.6.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::script_kill), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "script|load", arity: 3, flags: &["noscript", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["request_policy:all_nodes", "response_policy:all_succeeded"],
                doc: Doc { summary: "Load the specified Lua script into the script cache.", since: "2.6.0", group: "scripting",
                           complexity: "O(N) with N being the length in bytes of the script body.", ..Doc::DEFAULT },
                handler: Some(super::scripting::script_load), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for Lua scripts management commands", since: "2.6.0", group: "scripting",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "fcall", arity: -3, flags: &["noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
        key_specs: &[KeySpec::with_notes("We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", &["RW", "access", "update"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Invoke a function", since: "7.0.0", group: "scripting",
                   complexity: "Depends on the function that is executed.", ..Doc::DEFAULT },
        handler: Some(super::scripting::fcall), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "fcall_ro", arity: -3, flags: &["readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
        key_specs: &[KeySpec::with_notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", &["RO", "access"], BeginSearch::Index(2), FindKeys::keynum(0, 1, 1))],
        doc: Doc { summary: "Invoke a read-only function", since: "7.0.0", group: "scripting",
                   complexity: "Depends on the function that is executed.", ..Doc::DEFAULT },
        handler: Some(super::scripting::fcall_ro), exclusive: true, transaction: true, ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "function", arity: -2, flags: &[],
        first_key: 0, last_key: 0, step: 0, acl: &["@slow"],
        subcommands: &[
            CommandDef {
                name: "function|delete", arity: 3, flags: &["write", "noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@write", "@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
                doc: Doc { summary: "Delete a function by name", since: "7.0.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_delete), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|dump", arity: 2, flags: &["noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                doc: Doc { summary: "Dump all functions into a serialized binary payload", since: "7.0.0", group: "scripting",
                           complexity: "O(N) where N is the number of functions", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_dump), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|flush", arity: -2, flags: &["write", "noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@write", "@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
                doc: Doc { summary: "Deleting all functions", since: "7.0.0", group: "scripting",
                           complexity: "O(N) where N is the number of functions deleted", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_flush), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|help", arity: 2, flags: &["loading", "stale"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                doc: Doc { summary: "Show helpful text about the different subcommands", since: "7.0.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_help), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|kill", arity: 2, flags: &["noscript", "allow_busy"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:one_succeeded"],
                doc: Doc { summary: "Kill the function currently in execution.", since: "7.0.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_kill), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|list", arity: -2, flags: &["noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["nondeterministic_output_order"],
                doc: Doc { summary: "List information about all the functions", since: "7.0.0", group: "scripting",
                           complexity: "O(N) where N is the number of functions", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_list), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|load", arity: -3, flags: &["write", "denyoom", "noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@write", "@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
                doc: Doc { summary: "Create a function with the given arguments (name, code, description)", since: "7.0.0", group: "scripting",
                           complexity: "O(1) (considering compilation time is redundant)", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_load), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|restore", arity: -3, flags: &["write", "denyoom", "noscript"],
                first_key: 0, last_key: 0, step: 0, acl: &["@write", "@slow", "@scripting"],
                tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
                doc: Doc { summary: "Restore all the functions on the given payload", since: "7.0.0", group: "scripting",
                           complexity: "O(N) where N is the number of functions on the payload", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_restore), ..CommandDef::DEFAULT
            },
            CommandDef {
                name: "function|stats", arity: 2, flags: &["noscript", "allow_busy"],
                first_key: 0, last_key: 0, step: 0, acl: &["@slow", "@scripting"],
                tips: &["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
                doc: Doc { summary: "Return information about the function currently running (name, description, duration)", since: "7.0.0", group: "scripting",
                           complexity: "O(1)", ..Doc::DEFAULT },
                handler: Some(super::scripting::function_stats), ..CommandDef::DEFAULT
            },
        ],
        doc: Doc { summary: "A container for function commands", since: "7.0.0", group: "scripting",
                   complexity: "Depends on subcommand.", ..Doc::DEFAULT },
        ..CommandDef::DEFAULT
    },
    // @generated-end
    // ---- hash field expiry: Redis 7.4 commands, absent from the 7.0 oracle, so written by
    // hand from the Redis 7.4 documentation (arity, flags, ACL categories, key specs) ----
    CommandDef {
        name: "hexpire", arity: -6, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set expiry for hash field using relative time to expire (seconds)", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hexpire), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hpexpire", arity: -6, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set expiry for hash field using relative time to expire (milliseconds)", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hpexpire), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hexpireat", arity: -6, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set expiry for hash field using an absolute Unix timestamp (seconds)", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hexpireat), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hpexpireat", arity: -6, flags: &["write", "denyoom", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Set expiry for hash field using an absolute Unix timestamp (milliseconds)", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hpexpireat), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "httl", arity: -5, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the TTL in seconds of a hash field.", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::httl), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hpttl", arity: -5, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the TTL in milliseconds of a hash field.", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hpttl), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hexpiretime", arity: -5, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the expiration time of a hash field as a Unix timestamp, in seconds.", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hexpiretime), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hpexpiretime", arity: -5, flags: &["readonly", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@read", "@hash", "@fast"],
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::new(&["RO", "access"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Returns the expiration time of a hash field as a Unix timestamp, in msec.", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hpexpiretime), ..CommandDef::DEFAULT
    },
    CommandDef {
        name: "hpersist", arity: -5, flags: &["write", "fast"],
        first_key: 1, last_key: 1, step: 1, acl: &["@write", "@hash", "@fast"],
        key_specs: &[KeySpec::new(&["RW", "update"], BeginSearch::Index(1), FindKeys::range(0, 1, 0))],
        doc: Doc { summary: "Removes the expiration time for each specified field", since: "7.4.0", group: "hash",
                   complexity: "O(N) where N is the number of specified fields", ..Doc::DEFAULT },
        handler: Some(super::hashes::hpersist), ..CommandDef::DEFAULT
    },
];

/// Longest command name (longer names match nothing).
const MAX_NAME: usize = 32;

/// [`COMMANDS`] bucketed by name length and first letter, built on first use: a lookup compares
/// the name with the one to three commands of its bucket.
fn buckets() -> &'static [Vec<&'static CommandDef>] {
    static BUCKETS: OnceLock<Box<[Vec<&'static CommandDef>]>> = OnceLock::new();
    BUCKETS.get_or_init(|| {
        let mut v = vec![Vec::new(); MAX_NAME * 26];
        for def in COMMANDS {
            let i = bucket(def.name.as_bytes()).expect("command names are short, lowercase");
            v[i].push(def);
        }
        v.into_boxed_slice()
    })
}

/// The bucket of a lowercase name: its length and first letter.
fn bucket(name: &[u8]) -> Option<usize> {
    let first = *name.first()?;
    (name.len() <= MAX_NAME && first.is_ascii_lowercase())
        .then(|| (name.len() - 1) * 26 + (first - b'a') as usize)
}

/// Every command and subcommand of the table.
pub fn all_defs() -> impl Iterator<Item = &'static CommandDef> {
    COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c).chain(c.subcommands.iter()))
}

/// Looks up a top-level command by name, ignoring ASCII case, without allocating: the name is
/// lowercased into a stack buffer once, then compared with the few commands of its bucket. It
/// runs for every request.
pub fn lookup(name: &[u8]) -> Option<&'static CommandDef> {
    let mut buf = [0u8; MAX_NAME];
    let lower = buf.get_mut(..name.len())?;
    for (d, c) in lower.iter_mut().zip(name) {
        *d = c.to_ascii_lowercase();
    }
    buckets()[bucket(lower)?]
        .iter()
        .find(|def| def.name.as_bytes() == &lower[..])
        .copied()
}

/// Looks up a subcommand of `container` by its own name (`b"get"` for
/// `config|get`), ignoring ASCII case. Returns `None` if there is no such
/// subcommand, or if `container` has no subcommands.
pub fn lookup_sub(container: &'static CommandDef, sub: &[u8]) -> Option<&'static CommandDef> {
    container
        .subcommands
        .iter()
        .find(|def| def.sub_name().as_bytes().eq_ignore_ascii_case(sub))
}

/// Looks up a command by its full name as `COMMAND INFO`/`COMMAND DOCS` accept
/// it: `b"get"` or `b"config|get"`, ignoring ASCII case.
pub fn lookup_full(name: &[u8]) -> Option<&'static CommandDef> {
    match name.iter().position(|&b| b == b'|') {
        None => lookup(name),
        Some(i) => lookup_sub(lookup(&name[..i])?, &name[i + 1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every entry, top-level and subcommand.
    fn all() -> Vec<&'static CommandDef> {
        all_defs().collect()
    }

    #[test]
    fn names_unique_and_lowercase() {
        let mut seen = HashSet::new();
        for c in all() {
            assert!(!c.name.is_empty());
            assert!(
                c.name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'|'
                    || b == b'-'
                    || b == b'_'),
                "bad name {:?}",
                c.name
            );
            assert!(seen.insert(c.name), "duplicate name {}", c.name);
        }
    }

    #[test]
    fn subcommands_belong_to_their_container() {
        for c in COMMANDS {
            assert!(
                !c.name.contains('|'),
                "{} is top-level but looks like a subcommand",
                c.name
            );
            let mut prev = "";
            for s in c.subcommands {
                let (base, sub) = s.name.split_once('|').expect("subcommand name without '|'");
                assert_eq!(base, c.name, "{} listed under {}", s.name, c.name);
                assert!(
                    !sub.is_empty() && !sub.contains('|'),
                    "bad subcommand name {}",
                    s.name
                );
                assert!(s.subcommands.is_empty(), "{} is nested too deep", s.name);
                assert!(
                    prev < s.name,
                    "subcommands of {} not sorted at {}",
                    c.name,
                    s.name
                );
                prev = s.name;
                // A subcommand's arity counts the container and the subcommand.
                assert!(
                    s.arity >= 2 || s.arity <= -2,
                    "{} arity {}",
                    s.name,
                    s.arity
                );
                assert!(!s.exclusive, "{} is exclusive", s.name);
            }
        }
    }

    #[test]
    fn handlers_present() {
        for c in all() {
            match c.name {
                "client" | "config" | "object" | "pubsub" | "script" | "function" | "slowlog"
                | "memory" | "latency" => {
                    assert!(c.handler.is_none(), "{} should have no handler", c.name)
                }
                _ => assert!(c.handler.is_some(), "{} has no handler", c.name),
            }
            if c.handler.is_none() {
                assert!(
                    c.is_container(),
                    "{} has neither handler nor subcommands",
                    c.name
                );
            }
        }
    }

    #[test]
    fn arity_and_lists() {
        for c in all() {
            assert_ne!(c.arity, 0, "{} has arity 0", c.name);
            assert!(!c.acl.is_empty(), "{} has no ACL categories", c.name);
            for a in c.acl {
                assert!(
                    a.starts_with('@') && a.len() > 1,
                    "{}: bad ACL category {:?}",
                    c.name,
                    a
                );
            }
            for list in [c.flags, c.acl, c.tips] {
                let set: HashSet<_> = list.iter().collect();
                assert_eq!(set.len(), list.len(), "{}: duplicate in {:?}", c.name, list);
            }
            for f in c.flags {
                assert!(
                    f.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{}: flag {:?}",
                    c.name,
                    f
                );
            }
            // Doc fields every Redis 7.0 command has.
            assert!(
                !c.doc.summary.is_empty() && !c.doc.since.is_empty(),
                "{}: docs",
                c.name
            );
            // MONITOR alone documents no complexity.
            assert!(
                !c.doc.group.is_empty() && (c.doc.complexity.is_empty() == (c.name == "monitor")),
                "{}: docs",
                c.name
            );
            assert_eq!(
                c.doc.deprecated_since.is_empty(),
                c.doc.replaced_by.is_empty(),
                "{}",
                c.name
            );
            if !c.doc.deprecated_since.is_empty() {
                assert!(c.doc.doc_flags.contains(&"deprecated"), "{}", c.name);
            }
        }
    }

    #[test]
    fn groups() {
        for c in COMMANDS {
            for s in c.subcommands {
                assert_eq!(s.doc.group, c.doc.group, "{}", s.name);
            }
            assert!(
                [
                    "connection",
                    "string",
                    "generic",
                    "hash",
                    "set",
                    "list",
                    "sorted-set",
                    "geo",
                    "hyperloglog",
                    "bitmap",
                    "transactions",
                    "pubsub",
                    "server",
                    "scripting"
                ]
                .contains(&c.doc.group),
                "{}: group {}",
                c.name,
                c.doc.group
            );
        }
    }

    #[test]
    fn key_specs_well_formed() {
        for c in all() {
            // Shard channels are declared as keys (for cluster routing) that are not keys.
            for ks in c.key_specs.iter().filter(|ks| ks.flags != ["not_key"]) {
                let access = ["RO", "RW", "OW", "RM"];
                assert_eq!(
                    ks.flags.iter().filter(|f| access.contains(f)).count(),
                    1,
                    "{}: {:?}",
                    c.name,
                    ks.flags
                );
                assert!(
                    access.contains(&ks.flags[0]),
                    "{}: access flag not first in {:?}",
                    c.name,
                    ks.flags
                );
                if let FindKeys::Range { key_step, .. } = ks.find_keys {
                    assert!(key_step >= 1, "{}", c.name);
                }
            }
        }
    }

    /// The legacy (first, last, step) triple must agree with the key specs
    /// when they are all plain "index + range" specs.
    #[test]
    fn legacy_key_positions_match_key_specs() {
        for c in all() {
            if c.key_specs.is_empty() {
                assert_eq!((c.first_key, c.last_key, c.step), (0, 0, 0), "{}", c.name);
                continue;
            }
            if c.has_flag("movablekeys") {
                // Keys found through a key count (SINTERCARD): the dispatcher reads the specs.
                // The legacy triple covers at most a fixed key before them (ZUNIONSTORE's
                // destination, MIGRATE's single key).
                let want = match c.key_specs[0] {
                    KeySpec {
                        begin_search: BeginSearch::Index(i),
                        find_keys: FindKeys::Range { last_key: 0, .. },
                        ..
                    } => (i, i, 1),
                    _ => (0, 0, 0),
                };
                assert_eq!((c.first_key, c.last_key, c.step), want, "{}", c.name);
                continue;
            }
            assert!(c.first_key > 0, "{} has key specs but first_key 0", c.name);
            let mut ranges = Vec::new();
            for ks in c.key_specs {
                match (&ks.begin_search, &ks.find_keys) {
                    (
                        BeginSearch::Index(i),
                        FindKeys::Range {
                            last_key,
                            key_step,
                            limit: 0,
                        },
                    ) => {
                        let last = if *last_key < 0 {
                            *last_key
                        } else {
                            i + last_key
                        };
                        ranges.push((*i, last, *key_step));
                    }
                    _ => ranges.clear(),
                }
            }
            if ranges.len() != c.key_specs.len() {
                continue; // not a simple case
            }
            let first = ranges.iter().map(|r| r.0).min().unwrap();
            assert_eq!(c.first_key, first, "{} first_key", c.name);
            if ranges.len() == 1 {
                assert_eq!(
                    (c.last_key, c.step),
                    (ranges[0].1, ranges[0].2),
                    "{}",
                    c.name
                );
            } else {
                // Adjacent single keys (RENAME, COPY): one step, last = the highest; a
                // destination then sources up to the end (SINTERSTORE): last = that end.
                let last = match ranges.iter().map(|r| r.1).find(|&l| l < 0) {
                    Some(from_end) => from_end,
                    None => ranges.iter().map(|r| r.1).max().unwrap(),
                };
                assert_eq!((c.last_key, c.step), (last, 1), "{}", c.name);
            }
        }
    }

    #[test]
    fn exclusive_set() {
        let expected: HashSet<&str> = [
            "exec",
            "flushdb",
            "flushall",
            "swapdb",
            "move",
            "copy",
            "debug",
            "shutdown",
            "save",
            "eval",
            "evalsha",
            "eval_ro",
            "evalsha_ro",
            "fcall",
            "fcall_ro",
            "bgsave",
            "sort",
            "sort_ro",
        ]
        .into();
        let actual: HashSet<&str> = all()
            .into_iter()
            .filter(|c| c.exclusive)
            .map(|c| c.name)
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn only_exec_and_scripts_run_a_transaction_batch() {
        let tx: Vec<&str> = all()
            .into_iter()
            .filter(|c| c.transaction)
            .map(|c| c.name)
            .collect();
        assert_eq!(
            tx,
            [
                "exec",
                "eval",
                "evalsha",
                "eval_ro",
                "evalsha_ro",
                "fcall",
                "fcall_ro"
            ]
        );
        assert!(lookup(b"exec").is_some_and(|c| c.exclusive));
    }

    #[test]
    fn command_set() {
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        let expected = [
            // connection (8)
            "ping",
            "echo",
            "quit",
            "reset",
            "hello",
            "auth",
            "select",
            "client",
            // string (22)
            "get",
            "set",
            "setnx",
            "setex",
            "psetex",
            "mget",
            "mset",
            "msetnx",
            "getset",
            "getdel",
            "getex",
            "append",
            "strlen",
            "incr",
            "decr",
            "incrby",
            "decrby",
            "incrbyfloat",
            "getrange",
            "setrange",
            "substr",
            "lcs",
            // generic (22)
            "del",
            "unlink",
            "exists",
            "type",
            "keys",
            "scan",
            "rename",
            "renamenx",
            "randomkey",
            "copy",
            "touch",
            "move",
            "object",
            "expire",
            "pexpire",
            "expireat",
            "pexpireat",
            "ttl",
            "pttl",
            "expiretime",
            "pexpiretime",
            "persist",
            // dump (3)
            "dump",
            "restore",
            "migrate",
            "sort",
            "sort_ro",
            "wait",
            // hash (16)
            "hset",
            "hsetnx",
            "hmset",
            "hget",
            "hmget",
            "hgetall",
            "hdel",
            "hlen",
            "hexists",
            "hkeys",
            "hvals",
            "hstrlen",
            "hincrby",
            "hincrbyfloat",
            "hrandfield",
            "hscan",
            // set (17)
            "sadd",
            "srem",
            "scard",
            "sismember",
            "smismember",
            "smembers",
            "srandmember",
            "spop",
            "smove",
            "sinter",
            "sintercard",
            "sunion",
            "sdiff",
            "sinterstore",
            "sunionstore",
            "sdiffstore",
            "sscan",
            // list (22)
            "lpush",
            "rpush",
            "lpushx",
            "rpushx",
            "lpop",
            "rpop",
            "llen",
            "lrange",
            "lindex",
            "lset",
            "linsert",
            "lrem",
            "ltrim",
            "lpos",
            "lmove",
            "rpoplpush",
            "lmpop",
            "blpop",
            "brpop",
            "blmove",
            "brpoplpush",
            "blmpop",
            // sorted-set (35)
            "zadd",
            "zincrby",
            "zrem",
            "zcard",
            "zscore",
            "zmscore",
            "zrank",
            "zrevrank",
            "zcount",
            "zlexcount",
            "zrange",
            "zrevrange",
            "zrangebyscore",
            "zrevrangebyscore",
            "zrangebylex",
            "zrevrangebylex",
            "zrangestore",
            "zremrangebyrank",
            "zremrangebyscore",
            "zremrangebylex",
            "zpopmin",
            "zpopmax",
            "zmpop",
            "bzpopmin",
            "bzpopmax",
            "bzmpop",
            "zrandmember",
            "zunion",
            "zinter",
            "zdiff",
            "zunionstore",
            "zinterstore",
            "zdiffstore",
            "zintercard",
            "zscan",
            // geo (10)
            "geoadd",
            "geodist",
            "geohash",
            "geopos",
            "georadius",
            "georadiusbymember",
            "georadius_ro",
            "georadiusbymember_ro",
            "geosearch",
            "geosearchstore",
            // hyperloglog (5)
            "pfadd",
            "pfcount",
            "pfmerge",
            "pfdebug",
            "pfselftest",
            // bitmap (7)
            "setbit",
            "getbit",
            "bitcount",
            "bitpos",
            "bitop",
            "bitfield",
            "bitfield_ro",
            // transactions (5)
            "multi",
            "exec",
            "discard",
            "watch",
            "unwatch",
            // pubsub (9)
            "subscribe",
            "unsubscribe",
            "psubscribe",
            "punsubscribe",
            "ssubscribe",
            "sunsubscribe",
            "publish",
            "spublish",
            "pubsub",
            // server (14)
            "dbsize",
            "swapdb",
            "flushdb",
            "flushall",
            "info",
            "config",
            "time",
            "lastsave",
            "save",
            "bgsave",
            "bgrewriteaof",
            "shutdown",
            "debug",
            "role",
            "monitor",
            "command",
            "slowlog",
            "memory",
            "latency",
            // scripting (8)
            "eval",
            "evalsha",
            "eval_ro",
            "evalsha_ro",
            "script",
            "fcall",
            "fcall_ro",
            "function",
            // hash field expiry, Redis 7.4 (9, outside the generated block)
            "hexpire",
            "hpexpire",
            "hexpireat",
            "hpexpireat",
            "httl",
            "hpttl",
            "hexpiretime",
            "hpexpiretime",
            "hpersist",
        ];
        assert_eq!(names, expected);
        assert_eq!(names.len(), 220);
        assert_eq!(
            COMMANDS.iter().map(|c| c.subcommands.len()).sum::<usize>(),
            70
        );
        for c in COMMANDS {
            let subs: Vec<&str> = c.subcommands.iter().map(|s| s.sub_name()).collect();
            let expected: &[&str] = match c.name {
                "client" => &[
                    "caching",
                    "getname",
                    "getredir",
                    "help",
                    "id",
                    "info",
                    "kill",
                    "list",
                    "no-evict",
                    "pause",
                    "reply",
                    "setname",
                    "tracking",
                    "trackinginfo",
                    "unblock",
                    "unpause",
                ],
                "object" => &["encoding", "freq", "help", "idletime", "refcount"],
                "config" => &["get", "help", "resetstat", "rewrite", "set"],
                "command" => &["count", "docs", "getkeys", "help", "info", "list"],
                "script" => &["debug", "exists", "flush", "help", "kill", "load"],
                "slowlog" => &["get", "help", "len", "reset"],
                "memory" => &["doctor", "help", "malloc-stats", "purge", "stats", "usage"],
                "latency" => &[
                    "doctor",
                    "graph",
                    "help",
                    "histogram",
                    "history",
                    "latest",
                    "reset",
                ],
                "function" => &[
                    "delete", "dump", "flush", "help", "kill", "list", "load", "restore", "stats",
                ],
                "pubsub" => &[
                    "channels",
                    "help",
                    "numpat",
                    "numsub",
                    "shardchannels",
                    "shardnumsub",
                ],
                _ => &[],
            };
            assert_eq!(subs, expected, "{}", c.name);
        }
    }

    #[test]
    fn lookup_is_case_insensitive() {
        // Prefixes, extensions and names longer than the lowercasing buffer find nothing.
        for name in [&b"se"[..], b"sett", b"getx", b"", &[b'g'; 40]] {
            assert!(
                lookup(name).is_none(),
                "{:?}",
                String::from_utf8_lossy(name)
            );
        }
        for c in COMMANDS {
            assert!(std::ptr::eq(lookup(c.name.as_bytes()).unwrap(), c));
            let upper = c.name.to_ascii_uppercase();
            assert!(std::ptr::eq(lookup(upper.as_bytes()).unwrap(), c));
            for s in c.subcommands {
                let sub = s.sub_name().to_ascii_uppercase();
                assert!(std::ptr::eq(lookup_sub(c, sub.as_bytes()).unwrap(), s));
                assert!(std::ptr::eq(
                    lookup_full(s.name.to_ascii_uppercase().as_bytes()).unwrap(),
                    s
                ));
            }
        }
        assert_eq!(lookup(b"GeT").unwrap().name, "get");
        assert!(lookup(b"").is_none());
        assert!(lookup(b"ge").is_none());
        assert!(lookup(b"gett").is_none());
        assert!(lookup(b"nosuchcommand").is_none());
        assert!(lookup(b"config|get").is_none());
        assert!(lookup(b"\xffget").is_none());
        let config = lookup(b"CONFIG").unwrap();
        assert_eq!(lookup_sub(config, b"GeT").unwrap().name, "config|get");
        assert!(lookup_sub(config, b"config|get").is_none());
        assert!(lookup_sub(config, b"").is_none());
        assert!(lookup_sub(lookup(b"get").unwrap(), b"get").is_none());
        assert_eq!(lookup_full(b"Config|Get").unwrap().name, "config|get");
        assert_eq!(lookup_full(b"get").unwrap().name, "get");
        assert!(lookup_full(b"get|x").is_none());
        assert!(lookup_full(b"config|").is_none());
    }

    #[test]
    fn spot_checks() {
        let get = lookup(b"get").unwrap();
        assert_eq!(get.arity, 2);
        assert_eq!(get.flags, ["readonly", "fast"]);
        assert_eq!((get.first_key, get.last_key, get.step), (1, 1, 1));
        assert_eq!(get.acl, ["@read", "@string", "@fast"]);
        assert_eq!(get.key_specs.len(), 1);
        assert_eq!(get.key_specs[0].flags, ["RO", "access"]);
        let mset = lookup(b"mset").unwrap();
        assert_eq!((mset.first_key, mset.last_key, mset.step), (1, -1, 2));
        assert_eq!(
            mset.tips,
            [
                "request_policy:multi_shard",
                "response_policy:all_succeeded"
            ]
        );
        let set = lookup(b"set").unwrap();
        assert_eq!(
            set.key_specs[0].notes,
            "RW and ACCESS due to the optional `GET` argument"
        );
        let getset = lookup(b"getset").unwrap();
        assert_eq!(getset.doc.doc_flags, ["deprecated"]);
        assert_eq!(getset.doc.deprecated_since, "6.2.0");
        let command = lookup(b"command").unwrap();
        assert!(command.handler.is_some() && command.is_container());
        assert!(command.arity_ok(1) && command.arity_ok(3));
        assert!(get.arity_ok(2) && !get.arity_ok(1) && !get.arity_ok(3));
    }
}
