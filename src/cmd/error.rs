//! Every error string a client can see, byte-identical to Redis 7.0's, lives here.
//!
//! Handlers return [`CmdError`]; [`CmdError::reply`] renders it. Variants carry only the data the
//! message needs, so no other module spells out an error text.

use crate::resp::Reply;
use std::borrow::Cow;

/// A command failure, rendered as a Redis error reply. The connection stays open.
#[derive(Debug, Clone, PartialEq)]
pub enum CmdError {
    Syntax,
    WrongType,
    /// SORT: an element or weight is not a number.
    SortNotDouble,
    /// LATENCY GRAPH of an event with no samples.
    LatencyNoSamples(String),
    TrackingOneRedirect,
    MonitorDenyBlocking,
    ScriptDebugInPipeline,
    ScriptDebugMode,
    TrackingNoSuchRedirect,
    NotInteger,
    NotFloat,
    Overflow,
    IncrFloatNanOrInf,
    NoSuchKey,
    OffsetOutOfRange,
    StringTooLong,
    DbIndexOutOfRange,
    InvalidDbIndex,
    InvalidFirstDbIndex,
    InvalidSecondDbIndex,
    SameObject,
    InvalidCursor,
    NoAuth,
    MaxClients,
    ProtectedMode,
    WrongPass,
    AuthNotConfigured,
    InvalidClientName,
    NoSuchClient,
    /// `ERR invalid expire time in '<cmd>' command`.
    InvalidExpireTime(String),
    ExpireNxXxGtLt,
    ExpireGtLt,
    /// `ERR Unsupported option <opt>` (EXPIRE family).
    UnsupportedOption(String),
    /// `ERR wrong number of arguments for '<cmd>' command`.
    WrongArity(String),
    /// Unknown command name and the first arguments (for the message).
    UnknownCommand(Vec<u8>, Vec<Vec<u8>>),
    /// Unknown subcommand of a container command (`sub`, `CONTAINER`).
    UnknownSubcommand(Vec<u8>, String),
    NoProto,
    ProtoVersionNotInteger,
    /// `ERR Syntax error in HELLO option '<opt>'`.
    HelloSyntax(String),
    NoAuthHello,
    UnknownClientType(String),
    InvalidClientId,
    CachingWithoutTracking,
    TimeoutNotInteger,
    TimeoutNegative,
    PauseMode,
    UnblockReason,
    /// `ERR No such user '<name>'`.
    NoSuchUser(String),
    InvalidClientIdKill,
    /// A `CONFIG SET` failure: the full message after `ERR `.
    Config(String),
    /// `CONFIG REWRITE` failure.
    LcsBothIdxLen,
    GetKeysArity,
    GetKeysUnknown,
    GetKeysNoKeys,
    LcsNotStrings,
    LcsTooBig,
    DecrementOverflow,
    ValueOutOfRange(&'static str),
    ObjectFreqNeedsLfu,
    Timeout,
    /// A storage (I/O) failure.
    Storage(String),
    /// A protocol-level error text (`Protocol error: ...`), sent before closing.
    Protocol(String),
    ShutdownFailed,
    BackgroundSaveInProgress,
    DebugUnknown(String),
    NotSupported(&'static str),
    HashValueNotInteger,
    HashValueNotFloat,
    ValueNanOrInf,
    FieldsArgMissing,
    NumFieldsNotPositive,
    NumFieldsNotPositiveInteger,
    NumFieldsMismatch,
    FieldExpireNegative,
    /// SRANDMEMBER count outside -LONG_MAX..=LONG_MAX.
    RandCountOutOfRange,
    /// A random-sample count whose reply could not be built: past Redis' limit for pairs, or
    /// past Strata's for repeated picks.
    RandCountTooBig,
    /// SPOP count that is negative or not an integer.
    PopCountOutOfRange,
    NumkeysNotPositive,
    NumkeysTooMany,
    LimitNegative,
    /// A list's position space is used up (2^63 pushes at one end without ever emptying it).
    ListFull,
    IndexOutOfRange,
    LposRankZero,
    LposCountNegative,
    LposMaxlenNegative,
    CountNotPositive,
    /// SLOWLOG GET's count, also when it is not a number.
    SlowlogCount,
    /// The reply of a client blocked by BLPOP & co. that CLIENT UNBLOCK ... ERROR released.
    Unblocked,
    MultiNested,
    ExecWithoutMulti,
    DiscardWithoutMulti,
    ExecAbort,
    WatchInMulti,
    NotAllowedInMulti,
    SsubscribeDenyBlocking,
    /// EXEC itself refused inside MULTI: the refusal's text.
    ExecAbortBecause(String),
    /// A RESP2 subscriber ran a command other than (un)subscribing, PING, QUIT or RESET.
    SubscribedContext(String),
    /// A subcommand that checks its own arity: (subcommand as sent, CONTAINER).
    SubcommandArity(String, &'static str),
    // ---- HyperLogLog and bitmaps ----
    /// A string that is not an HLL given to a PF* command.
    HllWrongType,
    HllCorrupt,
    PfdebugNoKey,
    PfdebugNotSparse,
    /// `ERR Unknown PFDEBUG subcommand '<sub>'`.
    PfdebugUnknown(Vec<u8>),
    /// A PFSELFTEST failure.
    HllSelfTest(String),
    BitOffset,
    BitValue,
    BitposBit,
    BitopNotArity,
    BitfieldType,
    BitfieldOverflowType,
    BitfieldRoWrite,
    ScoreNan,
    ZaddNxXx,
    ZaddGtLtNx,
    ZaddIncrPairs,
    MinMaxNotFloat,
    MinMaxNotLex,
    LimitNeedsByscoreBylex,
    WithscoresBylex,
    /// An algebra command given numkeys 0: carries the lowercase command name.
    NoInputKeys(String),
    WeightNotFloat,
    // ---- geo ----
    /// Coordinates outside the indexable range (longitude, latitude).
    InvalidLonLat(f64, f64),
    GeoUnit,
    GeoRadiusNotNumeric,
    GeoRadiusNegative,
    GeoWidthNotNumeric,
    GeoHeightNotNumeric,
    GeoBoxNegative,
    GeoCountNotPositive,
    GeoAnyWithoutCount,
    /// STORE with WITHDIST/WITHHASH/WITHCOORD: true for GEOSEARCHSTORE, false for GEORADIUS*.
    GeoStoreWithOptions(bool),
    /// GEOSEARCH without FROMMEMBER/FROMLONLAT: the command name as the client spelled it.
    GeoNeedFrom(String),
    /// GEOSEARCH without BYRADIUS/BYBOX: the command name as the client spelled it.
    GeoNeedBy(String),
    GeoMemberNotFound,
    // ---- scripting ----
    NumkeysNegative,
    NoScript,
    NotBusy,
    Unkillable,
    ScriptFlushOption,
    /// A script that does not compile: Lua's message.
    ScriptCompile(String),
    /// A Lua failure outside the script's own control flow (memory, VM): Lua's message.
    ScriptRuntime(String),
    /// An error a script raised: (its message, script name, (source, line) of the user code).
    ScriptRaised(String, String, Option<(String, i64)>),
    ScriptNoArgs,
    ScriptBadArg,
    ScriptUnknownCommand,
    ScriptWrongArity,
    ScriptNotAllowed,
    ScriptWriteReadonly,
    /// `#!<engine>` other than lua.
    ShebangEngine(String),
    InvalidShebang,
    ShebangOption(String),
    ShebangFlag(String),
    // ---- functions ----
    MissingLibraryMetadata,
    LibraryNameNotGiven,
    EngineNotFound(String),
    InvalidMetadata(String),
    LibraryNameInvalid,
    LibraryExists(String),
    /// FUNCTION RESTORE's text for it (no quotes).
    LibraryExistsOnRestore(String),
    InvalidLibraryMetadata,
    LibraryNameTwice,
    FunctionCompile(String),
    /// Loading a library raised this (already an error reply text).
    FunctionRegister(String),
    NoFunctionsRegistered,
    FunctionExists(String),
    FunctionNotFound,
    FunctionWriteInRo,
    LibraryNotFound,
    FunctionFlushOption,
    FunctionPayload,
    FunctionPayloadData,
    RestorePolicy,
    UnknownOption(Vec<u8>),
    UnknownArgument(Vec<u8>),
    LibraryNameArgMissing,
    /// Another client's script runs past busy-reply-threshold (EVAL; FUNCTION for FCALL).
    BusyScript,
    BusyFunction,
    DumpPayloadWrong,
    BadDataFormat,
    BusyKey,
    InvalidTtl,
    InvalidIdletime,
    InvalidFreq,
    /// A value Strata cannot hold (stream, module), named.
    RestoreUnsupported(String),
    MigrateKeysNeedEmptyKey,
    /// `IOERR error or timeout <step>`.
    MigrateIo(&'static str),
    /// An error reply of MIGRATE's target, without its `-`.
    TargetError(String),
}

/// Keeps at most `max` bytes of client text and turns line breaks into spaces, as Redis does
/// before echoing client input in an error (it must not break the RESP framing).
fn sanitize(raw: &[u8], max: usize) -> String {
    let s = String::from_utf8_lossy(&raw[..raw.len().min(max)]).into_owned();
    s.replace(['\r', '\n'], " ")
}

impl CmdError {
    /// The error text after the leading `-`.
    pub fn message(&self) -> Cow<'static, str> {
        use CmdError::*;
        Cow::Borrowed(match self {
            Syntax => "ERR syntax error",
            WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value",
            SortNotDouble => "ERR One or more scores can't be converted into double",
            TrackingOneRedirect => "ERR A client can only redirect to a single other client",
            MonitorDenyBlocking => "ERR MONITOR isn't allowed for DENY BLOCKING client",
            ScriptDebugInPipeline => "ERR SCRIPT DEBUG must be called outside a pipeline",
            ScriptDebugMode => "ERR Use SCRIPT DEBUG YES/SYNC/NO",
            TrackingNoSuchRedirect => "ERR The client ID you want redirect to does not exist",
            NotInteger => "ERR value is not an integer or out of range",
            NotFloat => "ERR value is not a valid float",
            Overflow => "ERR increment or decrement would overflow",
            IncrFloatNanOrInf => "ERR increment would produce NaN or Infinity",
            NoSuchKey => "ERR no such key",
            OffsetOutOfRange => "ERR offset is out of range",
            StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
            DbIndexOutOfRange => "ERR DB index is out of range",
            InvalidDbIndex => "ERR invalid DB index",
            InvalidFirstDbIndex => "ERR invalid first DB index",
            InvalidSecondDbIndex => "ERR invalid second DB index",
            SameObject => "ERR source and destination objects are the same",
            InvalidCursor => "ERR invalid cursor",
            NoAuth => "NOAUTH Authentication required.",
            MaxClients => "ERR max number of clients reached",
            ProtectedMode => {
                "DENIED Strata is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. Set a password with requirepass, or disable protected mode with 'CONFIG SET protected-mode no' from a loopback connection."
            }
            WrongPass => "WRONGPASS invalid username-password pair or user is disabled.",
            AuthNotConfigured => {
                "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
            }
            InvalidClientName => "ERR Client names cannot contain spaces, newlines or special characters.",
            NoSuchClient => "ERR No such client",
            ExpireNxXxGtLt => "ERR NX and XX, GT or LT options at the same time are not compatible",
            ExpireGtLt => "ERR GT and LT options at the same time are not compatible",
            NoProto => "NOPROTO unsupported protocol version",
            ProtoVersionNotInteger => "ERR Protocol version is not an integer or out of range",
            NoAuthHello => {
                "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
            }
            InvalidClientId => "ERR Invalid client ID",
            CachingWithoutTracking => {
                "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"
            }
            TimeoutNotInteger => "ERR timeout is not an integer or out of range",
            TimeoutNegative => "ERR timeout is negative",
            PauseMode => "ERR CLIENT PAUSE mode must be WRITE or ALL",
            UnblockReason => "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR",
            InvalidClientIdKill => "ERR client-id should be greater than 0",
            UnsupportedOption(opt) => return format!("ERR Unsupported option {opt}").into(),
            HelloSyntax(opt) => return format!("ERR Syntax error in HELLO option '{opt}'").into(),
            LatencyNoSamples(event) => {
                return format!("ERR No samples available for event '{event}'").into()
            }
            NoSuchUser(u) => return format!("ERR No such user '{u}'").into(),
            UnknownClientType(t) => return format!("ERR Unknown client type '{t}'").into(),
            LcsBothIdxLen => "ERR If you want both the length and indexes, please just use IDX.",
            GetKeysArity => "ERR Invalid number of arguments specified for command",
            GetKeysUnknown => "ERR Invalid command specified",
            GetKeysNoKeys => "ERR The command has no key arguments",
            LcsNotStrings => "ERR The specified keys must contain string values",
            LcsTooBig => "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
            DecrementOverflow => "ERR decrement would overflow",
            ObjectFreqNeedsLfu => {
                "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
            }
            Timeout => "ERR timeout is not a float or out of range",
            ShutdownFailed => "ERR Errors trying to SHUTDOWN. Check logs.",
            BackgroundSaveInProgress => "ERR Background save already in progress",
            RandCountOutOfRange => {
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
            }
            RandCountTooBig => "ERR value is out of range",
            PopCountOutOfRange => "ERR value is out of range, must be positive",
            NumkeysNotPositive => "ERR numkeys should be greater than 0",
            NumkeysTooMany => "ERR Number of keys can't be greater than number of args",
            LimitNegative => "ERR LIMIT can't be negative",
            ListFull => "ERR list position space exhausted",
            IndexOutOfRange => "ERR index out of range",
            LposRankZero => {
                "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
            }
            LposCountNegative => "ERR COUNT can't be negative",
            LposMaxlenNegative => "ERR MAXLEN can't be negative",
            CountNotPositive => "ERR count should be greater than 0",
            SlowlogCount => "ERR count should be greater than or equal to -1",
            Unblocked => "UNBLOCKED client unblocked via CLIENT UNBLOCK",
            MultiNested => "ERR MULTI calls can not be nested",
            ExecWithoutMulti => "ERR EXEC without MULTI",
            DiscardWithoutMulti => "ERR DISCARD without MULTI",
            ExecAbort => "EXECABORT Transaction discarded because of previous errors.",
            WatchInMulti => "ERR WATCH inside MULTI is not allowed",
            NotAllowedInMulti => "ERR Command not allowed inside a transaction",
            SsubscribeDenyBlocking => "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client",
            SubcommandArity(sub, container) => {
                return format!(
                    "ERR unknown subcommand or wrong number of arguments for '{}'. Try {container} HELP.",
                    sanitize(sub.as_bytes(), 128)
                )
                .into()
            }
            SubscribedContext(cmd) => {
                return format!(
                    "ERR Can't execute '{cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
                )
                .into()
            }
            ExecAbortBecause(why) => {
                let why = why.strip_prefix("ERR ").unwrap_or(why);
                return format!("EXECABORT Transaction discarded because of: {why}").into();
            }
            ValueOutOfRange(m) => m,
            HashValueNotInteger => "ERR hash value is not an integer",
            HashValueNotFloat => "ERR hash value is not a float",
            ValueNanOrInf => "ERR value is NaN or Infinity",
            // Hash field expiry (Redis 7.4 texts).
            FieldsArgMissing => "ERR Mandatory argument FIELDS is missing or not at the right position",
            NumFieldsNotPositive => "ERR Parameter `numFields` should be greater than 0",
            NumFieldsNotPositiveInteger => "ERR Number of fields must be a positive integer",
            NumFieldsMismatch => "ERR The `numfields` parameter must match the number of arguments",
            FieldExpireNegative => "ERR invalid expire time, must be >= 0",
            NotSupported(m) => m,
            InvalidExpireTime(cmd) => return format!("ERR invalid expire time in '{cmd}' command").into(),
            WrongArity(cmd) => return format!("ERR wrong number of arguments for '{cmd}' command").into(),
            UnknownCommand(name, args) => {
                let mut list = String::new();
                for a in args {
                    if list.len() >= 128 {
                        break;
                    }
                    let budget = 128 - list.len();
                    list.push('\'');
                    list.push_str(&sanitize(a, budget));
                    list.push_str("' ");
                }
                return format!("ERR unknown command '{}', with args beginning with: {list}", sanitize(name, 128))
                    .into();
            }
            UnknownSubcommand(sub, container) => {
                return format!("ERR unknown subcommand '{}'. Try {container} HELP.", sanitize(sub, 128)).into()
            }
            Config(m) => return format!("ERR {m}").into(),
            Storage(m) => return format!("ERR storage error: {m}").into(),
            Protocol(m) => return format!("ERR Protocol error: {m}").into(),
            DebugUnknown(sub) => {
                return format!("ERR unknown subcommand or wrong number of arguments for '{}'. Try DEBUG HELP.", sub)
                    .into()
            }
            // ---- HyperLogLog and bitmaps ----
            HllWrongType => "WRONGTYPE Key is not a valid HyperLogLog string value.",
            HllCorrupt => "INVALIDOBJ Corrupted HLL object detected",
            PfdebugNoKey => "ERR The specified key does not exist",
            PfdebugNotSparse => "ERR HLL encoding is not sparse",
            PfdebugUnknown(sub) => return format!("ERR Unknown PFDEBUG subcommand '{}'", sanitize(sub, sub.len())).into(),
            HllSelfTest(m) => return format!("ERR TESTFAILED {m}").into(),
            BitOffset => "ERR bit offset is not an integer or out of range",
            BitValue => "ERR bit is not an integer or out of range",
            BitposBit => "ERR The bit argument must be 1 or 0.",
            BitopNotArity => "ERR BITOP NOT must be called with a single source key.",
            BitfieldType => {
                "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
            }
            BitfieldOverflowType => "ERR Invalid OVERFLOW type specified",
            BitfieldRoWrite => "ERR BITFIELD_RO only supports the GET subcommand",
            ScoreNan => "ERR resulting score is not a number (NaN)",
            ZaddNxXx => "ERR XX and NX options at the same time are not compatible",
            ZaddGtLtNx => "ERR GT, LT, and/or NX options at the same time are not compatible",
            ZaddIncrPairs => "ERR INCR option supports a single increment-element pair",
            MinMaxNotFloat => "ERR min or max is not a float",
            MinMaxNotLex => "ERR min or max not valid string range item",
            LimitNeedsByscoreBylex => {
                "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
            }
            WithscoresBylex => "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
            NoInputKeys(cmd) => return format!("ERR at least 1 input key is needed for '{cmd}' command").into(),
            WeightNotFloat => "ERR weight value is not a float",
            // ---- geo ----
            InvalidLonLat(lon, lat) => {
                return format!("ERR invalid longitude,latitude pair {lon:.6},{lat:.6}").into()
            }
            GeoUnit => "ERR unsupported unit provided. please use M, KM, FT, MI",
            GeoRadiusNotNumeric => "ERR need numeric radius",
            GeoRadiusNegative => "ERR radius cannot be negative",
            GeoWidthNotNumeric => "ERR need numeric width",
            GeoHeightNotNumeric => "ERR need numeric height",
            GeoBoxNegative => "ERR height or width cannot be negative",
            GeoCountNotPositive => "ERR COUNT must be > 0",
            GeoAnyWithoutCount => "ERR the ANY argument requires COUNT argument",
            GeoStoreWithOptions(true) => {
                "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
            }
            GeoStoreWithOptions(false) => {
                "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
            }
            GeoNeedFrom(cmd) => {
                return format!("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {cmd}").into()
            }
            GeoNeedBy(cmd) => {
                return format!("ERR exactly one of BYRADIUS and BYBOX can be specified for {cmd}").into()
            }
            GeoMemberNotFound => "ERR could not decode requested zset member",
            // ---- scripting ----
            NumkeysNegative => "ERR Number of keys can't be negative",
            NoScript => "NOSCRIPT No matching script. Please use EVAL.",
            NotBusy => "NOTBUSY No scripts in execution right now.",
            Unkillable => {
                "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."
            }
            ScriptFlushOption => "ERR SCRIPT FLUSH only support SYNC|ASYNC option",
            ScriptCompile(m) => return format!("ERR Error compiling script (new function): {m}").into(),
            ScriptRuntime(m) => return format!("ERR {m}").into(),
            ScriptRaised(err, name, Some((source, line))) => {
                return format!("{err} script: {name}, on {source}:{line}.").into()
            }
            ScriptRaised(err, _, None) => return err.clone().into(),
            ScriptNoArgs => "ERR Please specify at least one argument for this redis lib call",
            ScriptBadArg => "ERR Lua redis lib command arguments must be strings or integers",
            ScriptUnknownCommand => "ERR Unknown Redis command called from script",
            ScriptWrongArity => "ERR Wrong number of args calling Redis command from script",
            ScriptNotAllowed => "ERR This Redis command is not allowed from script",
            ScriptWriteReadonly => "ERR Write commands are not allowed from read-only scripts.",
            InvalidShebang => "ERR Invalid script shebang",
            ShebangEngine(e) => return format!("ERR Unexpected engine in script shebang: {e}").into(),
            ShebangOption(o) => return format!("ERR Unknown lua shebang option: {o}").into(),
            ShebangFlag(f) => return format!("ERR Unexpected flag in script shebang: {f}").into(),
            // ---- functions ----
            MissingLibraryMetadata => "ERR Missing library metadata",
            InvalidLibraryMetadata => "ERR Invalid library metadata",
            LibraryNameTwice => "ERR Invalid metadata value, name argument was given multiple times",
            LibraryNameNotGiven => "ERR Library name was not given",
            EngineNotFound(e) => return format!("ERR Engine '{e}' not found").into(),
            InvalidMetadata(m) => return format!("ERR Invalid metadata value given: {m}").into(),
            LibraryNameInvalid => {
                "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"
            }
            LibraryExists(l) => return format!("ERR Library '{l}' already exists").into(),
            LibraryExistsOnRestore(l) => return format!("ERR Library {l} already exists").into(),
            FunctionCompile(m) => return format!("ERR Error compiling function: {m}").into(),
            FunctionRegister(m) => return format!("ERR Error registering functions: {m}").into(),
            NoFunctionsRegistered => "ERR No functions registered",
            FunctionExists(f) => return format!("ERR Function {f} already exists").into(),
            FunctionNotFound => "ERR Function not found",
            FunctionWriteInRo => "ERR Can not execute a script with write flag using *_ro command.",
            LibraryNotFound => "ERR Library not found",
            FunctionFlushOption => "ERR FUNCTION FLUSH only supports SYNC|ASYNC option",
            FunctionPayload => "ERR DUMP payload version or checksum are wrong",
            FunctionPayloadData => "ERR given payload is not a function payload",
            RestorePolicy => "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
            UnknownOption(o) => return format!("ERR Unknown option given: {}", sanitize(o, 128)).into(),
            UnknownArgument(a) => return format!("ERR Unknown argument {}", sanitize(a, 128)).into(),
            LibraryNameArgMissing => "ERR library name argument was not given",
            BusyScript => "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
            BusyFunction => {
                "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
            }
            DumpPayloadWrong => "ERR DUMP payload version or checksum are wrong",
            BadDataFormat => "ERR Bad data format",
            BusyKey => "BUSYKEY Target key name already exists.",
            InvalidTtl => "ERR Invalid TTL value, must be >= 0",
            InvalidIdletime => "ERR Invalid IDLETIME value, must be >= 0",
            InvalidFreq => "ERR Invalid FREQ value, must be >= 0 and <= 255",
            RestoreUnsupported(what) => return format!("ERR Strata cannot store a {what} value").into(),
            MigrateKeysNeedEmptyKey => {
                "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string"
            }
            MigrateIo(step) => return format!("IOERR error or timeout {step}").into(),
            TargetError(e) => return format!("ERR Target instance replied with error: {e}").into(),
        })
    }

    pub fn reply(&self) -> Reply {
        Reply::Error(self.message())
    }
}

impl From<crate::config::ConfigError> for CmdError {
    fn from(e: crate::config::ConfigError) -> Self {
        match e {
            crate::config::ConfigError::Io(m) => CmdError::Config(m),
            other => CmdError::Config(other.to_string()),
        }
    }
}

impl From<strata_storage::Error> for CmdError {
    fn from(e: strata_storage::Error) -> Self {
        CmdError::Storage(e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_command_lists_args_like_redis() {
        let e = CmdError::UnknownCommand(b"foo".to_vec(), vec![b"a".to_vec(), b"b\r\nc".to_vec()]);
        assert_eq!(
            e.message(),
            "ERR unknown command 'foo', with args beginning with: 'a' 'b  c' "
        );
        let e = CmdError::UnknownCommand(b"foo".to_vec(), vec![]);
        assert_eq!(
            e.message(),
            "ERR unknown command 'foo', with args beginning with: "
        );
    }
}
