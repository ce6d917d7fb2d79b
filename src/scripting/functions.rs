//! Redis 7 functions: libraries of named Lua functions (`#!lua name=<lib>` code that calls
//! `redis.register_function`), run by FCALL / FCALL_RO, in a VM of their own as in Redis.
//!
//! Libraries persist with the data (the storage crate's `library:` records), so they survive
//! a restart. FUNCTION DUMP writes Redis' payload layout (one `0xF5`-tagged RDB string per
//! library, LZF-compressed as Redis does, the RDB version, a CRC64); FUNCTION RESTORE reads
//! any RDB string.

use super::{api_error, lua_error, RunState, Vm, FUNCTION_SOURCE};
use crate::cmd::{CmdError, Ctx};
use crate::rdb::crc64::crc64;
use crate::rdb::writer::put_string;
use crate::resp::Reply;
use bytes::Bytes;
use mlua::{Function, Value, Variadic};
use std::collections::{BTreeMap, HashMap};

/// The flags a function may declare, as Redis spells them.
const FLAGS: &[&str] = &[
    "no-writes",
    "allow-oom",
    "allow-stale",
    "no-cluster",
    "allow-cross-slot-keys",
];
/// RDB version of the payloads FUNCTION DUMP writes (Redis 7.0's).
const RDB_VERSION: u16 = 10;
/// RDB opcode of one function library in a payload.
const OPCODE_FUNCTION2: u8 = 0xf5;

struct Func {
    f: Function,
    flags: Vec<&'static str>,
    description: Option<String>,
}

struct Library {
    code: Bytes,
    functions: BTreeMap<String, Func>,
}

/// What FUNCTION RESTORE does with the libraries already loaded.
#[derive(Clone, Copy, PartialEq)]
pub enum RestorePolicy {
    Append,
    Replace,
    Flush,
}

/// The function libraries and their VM.
pub struct Functions {
    vm: Vm,
    libraries: BTreeMap<String, Library>,
    /// Function name (case folded, see [`fold`]) -> its library.
    owners: HashMap<String, String>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The library name of `#!lua name=<lib>` code.
pub(crate) fn library_name(code: &[u8]) -> Result<String, CmdError> {
    if !code.starts_with(b"#!") {
        return Err(CmdError::MissingLibraryMetadata);
    }
    // The metadata line must end.
    let Some(end) = code.iter().position(|&b| b == b'\n') else {
        return Err(CmdError::InvalidLibraryMetadata);
    };
    let line = String::from_utf8_lossy(&code[2..end]).into_owned();
    let mut parts = line.split(' ').filter(|p| !p.is_empty());
    let engine = parts.next().unwrap_or_default();
    if engine != "lua" {
        return Err(CmdError::EngineNotFound(engine.to_string()));
    }
    let mut name = None;
    for p in parts {
        match p.strip_prefix("name=") {
            Some(_) if name.is_some() => return Err(CmdError::LibraryNameTwice),
            Some(n) => name = Some(n.to_string()),
            None => return Err(CmdError::InvalidMetadata(p.to_string())),
        }
    }
    let name = name.ok_or(CmdError::LibraryNameNotGiven)?;
    if !valid_name(&name) {
        return Err(CmdError::LibraryNameInvalid);
    }
    Ok(name)
}

/// One `redis.register_function` call: (name, function).
fn register(args: Variadic<Value>) -> mlua::Result<(String, Func)> {
    let (mut name, mut callback, mut flags, mut description) = (None, None, Vec::new(), None);
    match &args[..] {
        [Value::Table(t)] => {
            for pair in t.pairs::<Value, Value>() {
                let (k, v) = pair?;
                let key = match &k {
                    Value::String(s) => s.to_string_lossy(),
                    _ => String::new(),
                };
                match (key.as_str(), v) {
                    ("function_name", Value::String(s)) => name = Some(s.to_string_lossy()),
                    ("callback", Value::Function(f)) => callback = Some(f),
                    ("description", Value::String(s)) => description = Some(s.to_string_lossy()),
                    ("flags", Value::Table(list)) => {
                        for f in list.sequence_values::<Value>() {
                            let flag = match f? {
                                Value::String(s) => s.to_string_lossy(),
                                _ => return Err(api_error("unknown flag given")),
                            };
                            match FLAGS.iter().find(|&&known| known == flag) {
                                Some(known) if !flags.contains(known) => flags.push(*known),
                                Some(_) => {}
                                None => return Err(api_error("unknown flag given")),
                            }
                        }
                    }
                    ("function_name" | "callback" | "description" | "flags", _) => {
                        return Err(api_error("wrong argument type given to redis.register_function"))
                    }
                    _ => return Err(api_error("unknown argument given to redis.register_function")),
                }
            }
        }
        [_] => {
            return Err(api_error(
                "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).",
            ))
        }
        [Value::String(n), Value::Function(f)] => {
            name = Some(n.to_string_lossy());
            callback = Some(f.clone());
        }
        [Value::String(_), _] => {
            return Err(api_error(
                "second argument to redis.register_function must be a function",
            ))
        }
        [_, _] => {
            return Err(api_error(
                "wrong argument type given to redis.register_function",
            ))
        }
        _ => {
            return Err(api_error(
                "wrong number of arguments to redis.register_function",
            ))
        }
    }
    let name =
        name.ok_or_else(|| api_error("redis.register_function must get a function name argument"))?;
    let f = callback
        .ok_or_else(|| api_error("redis.register_function must get a callback argument"))?;
    if !valid_name(&name) {
        // Redis 7.0 words a bad function name like a bad library name.
        return Err(api_error(
            "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long",
        ));
    }
    // FUNCTION LIST shows the flags in Redis' order, not as declared.
    flags.sort_by_key(|f| FLAGS.iter().position(|k| k == f));
    Ok((
        name,
        Func {
            f,
            flags,
            description,
        },
    ))
}

/// Reads an RDB length; `Err(enc)` for a special encoding (0xC0 | enc).
fn rdb_len(p: &[u8], at: &mut usize) -> Option<Result<usize, u8>> {
    let b = *p.get(*at)?;
    *at += 1;
    Some(Ok(match b >> 6 {
        0 => (b & 0x3f) as usize,
        1 => {
            let lo = *p.get(*at)?;
            *at += 1;
            (((b & 0x3f) as usize) << 8) | lo as usize
        }
        2 if b == 0x80 => {
            let v = u32::from_be_bytes(p.get(*at..*at + 4)?.try_into().ok()?);
            *at += 4;
            v as usize
        }
        2 if b == 0x81 => {
            let v = u64::from_be_bytes(p.get(*at..*at + 8)?.try_into().ok()?);
            *at += 8;
            usize::try_from(v).ok()?
        }
        3 => return Some(Err(b & 0x3f)),
        _ => return None,
    }))
}

/// Reads one RDB string (plain or LZF-compressed).
fn rdb_string(p: &[u8], at: &mut usize) -> Option<Vec<u8>> {
    match rdb_len(p, at)? {
        Ok(n) => {
            let s = p.get(*at..*at + n)?.to_vec();
            *at += n;
            Some(s)
        }
        Err(3) => {
            let clen = rdb_len(p, at)?.ok()?;
            let len = rdb_len(p, at)?.ok()?;
            let data = p.get(*at..*at + clen)?;
            *at += clen;
            crate::rdb::lzf::decompress(data, len).ok()
        }
        Err(_) => None,
    }
}

/// The library codes of a FUNCTION DUMP payload, checked against its version and checksum.
fn parse_payload(p: &[u8]) -> Result<Vec<Vec<u8>>, CmdError> {
    if p.len() < 10 {
        return Err(CmdError::FunctionPayload);
    }
    let (body, crc) = p.split_at(p.len() - 8);
    let version = u16::from_le_bytes([body[body.len() - 2], body[body.len() - 1]]);
    if version > RDB_VERSION || crc64(body).to_le_bytes() != crc {
        return Err(CmdError::FunctionPayload);
    }
    let records = &body[..body.len() - 2];
    let mut at = 0;
    let mut codes = Vec::new();
    while at < records.len() {
        if records[at] != OPCODE_FUNCTION2 {
            return Err(CmdError::FunctionPayloadData);
        }
        at += 1;
        codes.push(rdb_string(records, &mut at).ok_or(CmdError::FunctionPayloadData)?);
    }
    Ok(codes)
}

impl Functions {
    pub fn new(run: std::sync::Arc<RunState>) -> mlua::Result<Functions> {
        Ok(Functions {
            vm: Vm::new(run, true)?,
            libraries: BTreeMap::new(),
            owners: HashMap::new(),
        })
    }

    /// Number of libraries and of functions (FUNCTION STATS).
    pub fn counts(&self) -> (usize, usize) {
        // Names that differ only in case count apart, though FCALL reaches one of them.
        let functions = self.libraries.values().map(|l| l.functions.len()).sum();
        (self.libraries.len(), functions)
    }

    /// Compiles and runs library code, collecting what it registers.
    fn build(&self, code: &[u8]) -> Result<Library, CmdError> {
        let mut body = code.to_vec();
        body[..2].copy_from_slice(b"--");
        let chunk = self
            .vm
            .compile(&body, FUNCTION_SOURCE)
            .map_err(CmdError::FunctionCompile)?;
        let found = std::cell::RefCell::new(BTreeMap::new());
        let vm = &self.vm;
        let outcome = vm
            .lua
            .scope(|scope| {
                let reg = scope.create_function(|_, args: Variadic<Value>| {
                    let (name, func) = register(args)?;
                    let mut found = found.borrow_mut();
                    if found.contains_key(&name) {
                        return Err(api_error("Function already exists in the library"));
                    }
                    found.insert(name, func);
                    Ok(())
                })?;
                let (api, loading) = vm.library.as_ref().expect("the functions VM");
                api.raw_set("register_function", reg)?;
                loading.call::<()>(true)?;
                let out = vm.xpcall.call::<(bool, Value)>((&chunk, &vm.on_error));
                loading.call::<()>(false)?;
                api.raw_set("register_function", Value::Nil)?;
                let out = out?;
                Ok(match out {
                    (false, Value::Table(t)) => Some(t.get::<String>("err").unwrap_or_default()),
                    (false, _) => Some("ERR unknown error".to_string()),
                    (true, _) => None,
                })
            })
            .map_err(lua_error)?;
        if let Some(err) = outcome {
            return Err(CmdError::FunctionRegister(err));
        }
        let functions = found.into_inner();
        if functions.is_empty() {
            return Err(CmdError::NoFunctionsRegistered);
        }
        Ok(Library {
            code: Bytes::copy_from_slice(code),
            functions,
        })
    }

    /// The first function of `lib` that another library (not one in `replacing`) already has.
    fn collision(&self, lib: &Library, replacing: &[&str]) -> Option<String> {
        lib.functions
            .keys()
            .find_map(|f| match self.owners.get(&fold(f)) {
                Some(owner) if !replacing.contains(&owner.as_str()) => Some(f.clone()),
                _ => None,
            })
    }

    fn insert(&mut self, name: String, lib: Library) {
        self.remove(&name);
        for f in lib.functions.keys() {
            self.owners.insert(fold(f), name.clone());
        }
        self.libraries.insert(name, lib);
    }

    fn remove(&mut self, name: &str) -> Option<Library> {
        let lib = self.libraries.remove(name)?;
        for f in lib.functions.keys() {
            self.owners.remove(&fold(f));
        }
        Some(lib)
    }

    /// FUNCTION LOAD: returns the library name.
    pub fn load(&mut self, code: &[u8], replace: bool) -> Result<String, CmdError> {
        let name = library_name(code)?;
        if !replace && self.libraries.contains_key(&name) {
            return Err(CmdError::LibraryExists(name));
        }
        let lib = self.build(code)?;
        if let Some(f) = self.collision(&lib, &[&name]) {
            return Err(CmdError::FunctionExists(f));
        }
        self.insert(name.clone(), lib);
        Ok(name)
    }

    /// FUNCTION DELETE.
    pub fn delete(&mut self, name: &str) -> Result<(), CmdError> {
        self.remove(name)
            .map(|_| ())
            .ok_or(CmdError::LibraryNotFound)
    }

    /// FUNCTION FLUSH.
    pub fn flush(&mut self) {
        self.libraries.clear();
        self.owners.clear();
    }

    /// Every library's (name, code), for persistence.
    pub fn sources(&self) -> Vec<(&[u8], &[u8])> {
        self.libraries
            .iter()
            .map(|(n, l)| (n.as_bytes(), &l.code[..]))
            .collect()
    }

    /// FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE].
    pub fn list(&self, pattern: Option<&[u8]>, with_code: bool) -> Reply {
        let text = |s: &str| Reply::bulk(Bytes::copy_from_slice(s.as_bytes()));
        let libs = self
            .libraries
            .iter()
            .filter(|(name, _)| {
                pattern.is_none_or(|p| crate::glob::glob_match(p, name.as_bytes(), false))
            })
            .map(|(name, lib)| {
                let functions = lib
                    .functions
                    .iter()
                    .map(|(fname, f)| {
                        Reply::Map(vec![
                            (text("name"), text(fname)),
                            (
                                text("description"),
                                f.description.as_deref().map_or(Reply::Nil, text),
                            ),
                            (
                                text("flags"),
                                Reply::Set(
                                    f.flags
                                        .iter()
                                        .map(|fl| Reply::Status((*fl).into()))
                                        .collect(),
                                ),
                            ),
                        ])
                    })
                    .collect();
                let mut fields = vec![
                    (text("library_name"), text(name)),
                    (text("engine"), text("LUA")),
                    (text("functions"), Reply::Array(functions)),
                ];
                if with_code {
                    fields.push((text("library_code"), Reply::Bulk(lib.code.clone())));
                }
                Reply::Map(fields)
            })
            .collect();
        Reply::Array(libs)
    }

    /// FUNCTION DUMP.
    pub fn dump(&self) -> Bytes {
        let mut out = Vec::new();
        for lib in self.libraries.values() {
            out.push(OPCODE_FUNCTION2);
            put_string(&mut out, &lib.code);
        }
        out.extend_from_slice(&RDB_VERSION.to_le_bytes());
        let crc = crc64(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out.into()
    }

    /// FUNCTION RESTORE: all of the payload's libraries or none.
    pub fn restore(&mut self, payload: &[u8], policy: RestorePolicy) -> Result<(), CmdError> {
        let mut built = Vec::new();
        for code in parse_payload(payload)? {
            let name = library_name(&code)?;
            let lib = self.build(&code)?;
            built.push((name, lib));
        }
        let names: Vec<&str> = built.iter().map(|(n, _)| n.as_str()).collect();
        if policy != RestorePolicy::Flush {
            for (name, lib) in &built {
                if policy == RestorePolicy::Append && self.libraries.contains_key(name) {
                    return Err(CmdError::LibraryExistsOnRestore(name.clone()));
                }
                let replacing: &[&str] = if policy == RestorePolicy::Replace {
                    &names
                } else {
                    &[]
                };
                if let Some(f) = self.collision(lib, replacing) {
                    return Err(CmdError::FunctionExists(f));
                }
            }
        }
        if policy == RestorePolicy::Flush {
            self.flush();
        }
        for (name, lib) in built {
            self.insert(name, lib);
        }
        Ok(())
    }

    /// Whether a function of this name is loaded.
    pub fn has(&self, name: &[u8]) -> bool {
        self.owners
            .contains_key(&fold(&String::from_utf8_lossy(name)))
    }

    /// FCALL / FCALL_RO of function `name`.
    pub fn call(
        &self,
        ctx: &mut Ctx,
        run: &RunState,
        name: &[u8],
        keys: &[Bytes],
        argv: &[Bytes],
        ro: bool,
    ) -> Result<Reply, CmdError> {
        let name = String::from_utf8_lossy(name);
        // Errors name the function as it was registered.
        let (name, func) = self
            .owners
            .get(&fold(&name))
            .and_then(|lib| {
                let functions = &self.libraries.get(lib)?.functions;
                // One library may hold names that differ only in case (Redis 7.0 allows it).
                functions.get_key_value(name.as_ref()).or_else(|| {
                    functions
                        .iter()
                        .find(|(f, _)| f.eq_ignore_ascii_case(&name))
                })
            })
            .ok_or(CmdError::FunctionNotFound)?;
        let no_writes = func.flags.contains(&"no-writes");
        if ro && !no_writes {
            return Err(CmdError::FunctionWriteInRo);
        }
        let args = vec![
            Value::Table(self.vm.strings(keys)?),
            Value::Table(self.vm.strings(argv)?),
        ];
        self.vm.call(ctx, run, &func.f, name, no_writes, args)
    }
}

/// Function names compare without ASCII case, as in Redis (`FCALL A` runs `a`).
fn fold(name: &str) -> String {
    name.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lzf_strings_of_a_redis_payload_are_expanded() {
        // 0xC3, 6 bytes of LZF for 9: literal "abc", then a back reference of 6 bytes at
        // distance 3.
        let string = [0xc3, 6, 9, 0x02, b'a', b'b', b'c', 0x80, 0x02];
        let mut at = 0;
        assert_eq!(rdb_string(&string, &mut at).unwrap(), b"abcabcabc");
        assert_eq!(at, string.len());
        // A wrong declared length is a bad payload, not a panic.
        assert_eq!(
            rdb_string(&[0xc3, 6, 10, 0x02, b'a', b'b', b'c', 0x80, 0x02], &mut 0),
            None
        );
    }

    #[test]
    fn library_names_follow_redis_rules() {
        assert_eq!(library_name(b"#!lua name=lib_1\n").unwrap(), "lib_1");
        assert_eq!(
            library_name(b"return 1"),
            Err(CmdError::MissingLibraryMetadata)
        );
        assert_eq!(library_name(b"#!lua\n"), Err(CmdError::LibraryNameNotGiven));
        assert_eq!(
            library_name(b"#!lua name=a-b\n"),
            Err(CmdError::LibraryNameInvalid)
        );
        assert_eq!(
            library_name(b"#!js name=a\n"),
            Err(CmdError::EngineNotFound("js".into()))
        );
    }
}
