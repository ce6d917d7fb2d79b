//! The `cjson` library scripts use, with the behaviour of the lua-cjson 2.1.0 that Redis ships:
//! its number format (`%.14g` by default), its escaping (`/` becomes `\/`), its sparse-array
//! rule, its error texts and its settings (`encode_sparse_array`, `encode_max_depth`, ...),
//! which like Redis' persist in the VM from one script to the next.

use super::runtime_error;
use mlua::{LightUserData, Lua, Table, Value, Variadic};
use parking_lot::Mutex;
use std::fmt::Write as _;
use std::sync::Arc;

/// The library's settings, shared by its functions.
struct Config {
    sparse_convert: bool,
    sparse_ratio: i64,
    sparse_safe: i64,
    encode_max_depth: usize,
    decode_max_depth: usize,
    precision: usize,
    keep_buffer: bool,
    encode_invalid: bool,
    /// encode_invalid_numbers('null'): NaN and infinities encode as null.
    encode_invalid_as_null: bool,
    decode_invalid: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            sparse_convert: false,
            sparse_ratio: 2,
            sparse_safe: 10,
            encode_max_depth: 1000,
            decode_max_depth: 1000,
            precision: 14,
            keep_buffer: true,
            encode_invalid: false,
            encode_invalid_as_null: false,
            decode_invalid: true,
        }
    }
}

/// `printf("%.<precision>g", d)`, as C formats it.
pub fn format_g(d: f64, precision: usize) -> String {
    if d.is_nan() {
        return if d.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if d.is_infinite() {
        return if d < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let p = precision.max(1);
    let sci = format!("{:.*e}", p - 1, d);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= p as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        trim(&format!("{d:.decimals$}"))
    }
}

fn null() -> Value {
    Value::LightUserData(LightUserData(std::ptr::null_mut()))
}

fn encode_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' => out.extend_from_slice(b"\\/"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c if c < 0x20 || c == 0x7f => {
                let _ = write!(StrSink(out), "\\u{c:04x}");
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

/// `fmt::Write` into a byte buffer.
struct StrSink<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for StrSink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        Value::Boolean(_) => "boolean",
        Value::LightUserData(_) | Value::UserData(_) => "userdata",
        Value::Integer(_) | Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Table(_) => "table",
        Value::Function(_) => "function",
        Value::Thread(_) => "thread",
        _ => "userdata",
    }
}

struct Encoder<'a> {
    lua: &'a Lua,
    cfg: &'a Config,
    out: Vec<u8>,
}

impl Encoder<'_> {
    fn fail(&self, msg: String) -> mlua::Error {
        runtime_error(self.lua, &msg)
    }

    fn number(&mut self, n: f64) -> mlua::Result<()> {
        if !n.is_finite() && self.cfg.encode_invalid_as_null {
            self.out.extend_from_slice(b"null");
            return Ok(());
        }
        if !n.is_finite() && !self.cfg.encode_invalid {
            return Err(self.fail("Cannot serialise number: must not be NaN or Inf".into()));
        }
        // lua-cjson writes NaN itself, without the sign printf gives Lua's 0/0.
        let text = if n.is_nan() {
            "nan".to_string()
        } else {
            format_g(n, self.cfg.precision)
        };
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn value(&mut self, v: &Value, depth: usize) -> mlua::Result<()> {
        match v {
            Value::Nil => self.out.extend_from_slice(b"null"),
            Value::LightUserData(p) if p.0.is_null() => self.out.extend_from_slice(b"null"),
            Value::Boolean(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Integer(n) => self.number(*n as f64)?,
            Value::Number(n) => self.number(*n)?,
            Value::String(s) => encode_string(&mut self.out, &s.as_bytes()),
            Value::Table(t) => self.table(t, depth + 1)?,
            other => {
                return Err(self.fail(format!(
                    "Cannot serialise {}: type not supported",
                    type_name(other)
                )))
            }
        }
        Ok(())
    }

    /// The length of `t` as a JSON array, or `None` if it is to be an object.
    fn array_len(&self, t: &Table) -> mlua::Result<Option<i64>> {
        let Some((max, items)) = super::positive_int_keys(t)? else {
            return Ok(None);
        };
        let (max, items) = (max as i64, items as i64);
        let cfg = self.cfg;
        if cfg.sparse_ratio > 0 && max > items * cfg.sparse_ratio && max > cfg.sparse_safe {
            if cfg.sparse_convert {
                return Ok(None);
            }
            return Err(self.fail("Cannot serialise table: excessively sparse array".into()));
        }
        Ok((max > 0).then_some(max))
    }

    fn table(&mut self, t: &Table, depth: usize) -> mlua::Result<()> {
        if depth > self.cfg.encode_max_depth {
            return Err(self.fail(format!("Cannot serialise, excessive nesting ({depth})")));
        }
        if let Some(len) = self.array_len(t)? {
            self.out.push(b'[');
            for i in 1..=len {
                if i > 1 {
                    self.out.push(b',');
                }
                let v: Value = t.raw_get(i)?;
                self.value(&v, depth)?;
            }
            self.out.push(b']');
            return Ok(());
        }
        self.out.push(b'{');
        let mut first = true;
        for pair in t.pairs::<Value, Value>() {
            let (k, v) = pair?;
            if !first {
                self.out.push(b',');
            }
            first = false;
            match &k {
                Value::String(s) => encode_string(&mut self.out, &s.as_bytes()),
                Value::Integer(n) => {
                    self.out.push(b'"');
                    self.number(*n as f64)?;
                    self.out.push(b'"');
                }
                Value::Number(n) => {
                    self.out.push(b'"');
                    self.number(*n)?;
                    self.out.push(b'"');
                }
                other => {
                    return Err(self.fail(format!(
                        "Cannot serialise {}: table key must be a number or string",
                        type_name(other)
                    )))
                }
            }
            self.out.push(b':');
            self.value(&v, depth)?;
        }
        self.out.push(b'}');
        Ok(())
    }
}

/// A lexical token of the decoder, named as lua-cjson names them in its errors.
#[derive(Clone, Copy, PartialEq)]
enum Tok {
    ObjBegin,
    ObjEnd,
    ArrBegin,
    ArrEnd,
    Str,
    Number,
    Boolean,
    Null,
    Colon,
    Comma,
    End,
    /// An invalid token, with lua-cjson's description of it.
    Error(&'static str),
}

impl Tok {
    fn name(self) -> &'static str {
        match self {
            Tok::ObjBegin => "T_OBJ_BEGIN",
            Tok::ObjEnd => "T_OBJ_END",
            Tok::ArrBegin => "T_ARR_BEGIN",
            Tok::ArrEnd => "T_ARR_END",
            Tok::Str => "T_STRING",
            Tok::Number => "T_NUMBER",
            Tok::Boolean => "T_BOOLEAN",
            Tok::Null => "T_NULL",
            Tok::Colon => "T_COLON",
            Tok::Comma => "T_COMMA",
            Tok::End => "T_END",
            Tok::Error(why) => why,
        }
    }
}

struct Decoder<'a> {
    lua: &'a Lua,
    cfg: &'a Config,
    s: &'a [u8],
    pos: usize,
    depth: usize,
}

/// A token, where it starts, and the value it carries.
struct Token {
    tok: Tok,
    at: usize,
    value: Value,
}

impl Decoder<'_> {
    fn fail(&self, expected: &str, t: &Token) -> mlua::Error {
        runtime_error(
            self.lua,
            &format!(
                "Expected {expected} but found {} at character {}",
                t.tok.name(),
                t.at + 1
            ),
        )
    }

    fn token(&mut self) -> mlua::Result<Token> {
        while self
            .s
            .get(self.pos)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
        let at = self.pos;
        let simple = match self.s.get(at) {
            None => Some(Tok::End),
            Some(b'{') => Some(Tok::ObjBegin),
            Some(b'}') => Some(Tok::ObjEnd),
            Some(b'[') => Some(Tok::ArrBegin),
            Some(b']') => Some(Tok::ArrEnd),
            Some(b':') => Some(Tok::Colon),
            Some(b',') => Some(Tok::Comma),
            Some(_) => None,
        };
        if let Some(tok) = simple {
            if tok != Tok::End {
                self.pos += 1;
            }
            return Ok(Token {
                tok,
                at,
                value: Value::Nil,
            });
        }
        let c = self.s[at];
        match c {
            b'"' => self.string(at),
            b'-' | b'0'..=b'9' => self.number(at),
            b'i' | b'I' | b'n' | b'N' if self.cfg.decode_invalid && self.strtod(at).is_some() => {
                self.number(at)
            }
            _ => {
                let rest = &self.s[at..];
                for (word, tok, value) in [
                    (&b"true"[..], Tok::Boolean, Value::Boolean(true)),
                    (b"false", Tok::Boolean, Value::Boolean(false)),
                    (b"null", Tok::Null, null()),
                ] {
                    if rest.starts_with(word) {
                        self.pos += word.len();
                        return Ok(Token { tok, at, value });
                    }
                }
                Ok(Token {
                    tok: Tok::Error("invalid token"),
                    at,
                    value: Value::Nil,
                })
            }
        }
    }

    /// The longest prefix at `at` that C's strtod reads as a number, and its value.
    fn strtod(&self, at: usize) -> Option<(f64, usize)> {
        let rest = &self.s[at..];
        let text = std::str::from_utf8(&rest[..rest.len().min(512)])
            .ok()
            .or_else(|| {
                let valid = std::str::from_utf8(rest).err()?.valid_up_to();
                std::str::from_utf8(&rest[..valid.min(512)]).ok()
            })?;
        let (neg, body) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let sign_len = text.len() - body.len();
        let lower = body.to_ascii_lowercase();
        for (word, v) in [
            ("infinity", f64::INFINITY),
            ("inf", f64::INFINITY),
            ("nan", f64::NAN),
        ] {
            if lower.starts_with(word) {
                return Some((if neg { -v } else { v }, sign_len + word.len()));
            }
        }
        if let Some(hex) = lower.strip_prefix("0x") {
            let digits = hex.bytes().take_while(|c| c.is_ascii_hexdigit()).count();
            if digits > 0 {
                let v = u64::from_str_radix(&hex[..digits], 16)
                    .map(|v| v as f64)
                    .unwrap_or(f64::INFINITY);
                return Some((if neg { -v } else { v }, sign_len + 2 + digits));
            }
        }
        let b = body.as_bytes();
        let mut i = 0;
        let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
        i += int;
        let mut frac = 0;
        if b.get(i) == Some(&b'.') {
            frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if int + frac > 0 {
                i += 1 + frac;
            }
        }
        if int + frac == 0 {
            return None;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            let exp = b[j.min(b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if exp > 0 {
                i = j + exp;
            }
        }
        let v: f64 = body[..i].parse().ok()?;
        Some((if neg { -v } else { v }, sign_len + i))
    }

    fn number(&mut self, at: usize) -> mlua::Result<Token> {
        let unsigned = &self.s[at..][self.s[at..]
            .iter()
            .take_while(|c| matches!(c, b'-' | b'+'))
            .count()..];
        // lua-cjson's invalid numbers are hex and the words (inf, nan): digits that overflow
        // read as infinity whatever the setting.
        let hex = unsigned.len() > 1 && unsigned[0] == b'0' && matches!(unsigned[1], b'x' | b'X');
        let invalid = hex || unsigned.first().is_some_and(|c| c.is_ascii_alphabetic());
        match self.strtod(at) {
            Some((v, len)) if self.cfg.decode_invalid || !invalid => {
                self.pos = at + len;
                Ok(Token {
                    tok: Tok::Number,
                    at,
                    value: Value::Number(v),
                })
            }
            _ => Ok(Token {
                tok: Tok::Error("invalid number"),
                at,
                value: Value::Nil,
            }),
        }
    }

    fn string(&mut self, at: usize) -> mlua::Result<Token> {
        // lua-cjson reports a bad string where it stopped reading it.
        let err = |why, at| {
            Ok(Token {
                tok: Tok::Error(why),
                at,
                value: Value::Nil,
            })
        };
        let mut out = Vec::new();
        let mut i = at + 1;
        loop {
            let Some(&c) = self.s.get(i) else {
                return err("unexpected end of string", i);
            };
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(i + 1) else {
                        return err("unexpected end of string", i + 1);
                    };
                    let escape_at = i;
                    i += 2;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let Some(cp) = self.unicode_escape(&mut i) else {
                                return err("invalid unicode escape code", escape_at);
                            };
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(cp.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return err("invalid escape code", escape_at),
                    }
                    continue;
                }
                c => out.push(c),
            }
            i += 1;
        }
        self.pos = i + 1;
        Ok(Token {
            tok: Tok::Str,
            at,
            value: Value::String(self.lua.create_string(&out)?),
        })
    }

    /// The code point of `XXXX` (and a following `\uXXXX` low surrogate) at `*i`.
    fn unicode_escape(&self, i: &mut usize) -> Option<char> {
        let hex = |at: usize| -> Option<u32> {
            let h = self.s.get(at..at + 4)?;
            u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
        };
        let hi = hex(*i)?;
        *i += 4;
        if (0xd800..0xdc00).contains(&hi) {
            if self.s.get(*i..*i + 2) != Some(b"\\u") {
                return None;
            }
            let lo = hex(*i + 2)?;
            if !(0xdc00..0xe000).contains(&lo) {
                return None;
            }
            *i += 6;
            return char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
        }
        if (0xdc00..0xe000).contains(&hi) {
            return None;
        }
        char::from_u32(hi)
    }

    fn nest(&mut self, t: &Token) -> mlua::Result<()> {
        self.depth += 1;
        if self.depth > self.cfg.decode_max_depth {
            return Err(runtime_error(
                self.lua,
                &format!(
                    "Found too many nested data structures ({}) at character {}",
                    self.depth,
                    t.at + 1
                ),
            ));
        }
        Ok(())
    }

    fn value(&mut self, t: Token) -> mlua::Result<Value> {
        match t.tok {
            Tok::Str | Tok::Number | Tok::Boolean | Tok::Null => Ok(t.value),
            Tok::ObjBegin => {
                self.nest(&t)?;
                let obj = self.lua.create_table()?;
                let mut key = self.token()?;
                if key.tok != Tok::ObjEnd {
                    loop {
                        if key.tok != Tok::Str {
                            return Err(self.fail("object key string", &key));
                        }
                        let colon = self.token()?;
                        if colon.tok != Tok::Colon {
                            return Err(self.fail("colon", &colon));
                        }
                        let v = self.token()?;
                        let v = self.value(v)?;
                        obj.raw_set(key.value, v)?;
                        let next = self.token()?;
                        match next.tok {
                            Tok::ObjEnd => break,
                            Tok::Comma => key = self.token()?,
                            _ => return Err(self.fail("comma or object end", &next)),
                        }
                    }
                }
                self.depth -= 1;
                Ok(Value::Table(obj))
            }
            Tok::ArrBegin => {
                self.nest(&t)?;
                let arr = self.lua.create_table()?;
                let mut item = self.token()?;
                if item.tok != Tok::ArrEnd {
                    for i in 1.. {
                        let v = self.value(item)?;
                        arr.raw_set(i, v)?;
                        let next = self.token()?;
                        match next.tok {
                            Tok::ArrEnd => break,
                            Tok::Comma => item = self.token()?,
                            _ => return Err(self.fail("comma or array end", &next)),
                        }
                    }
                }
                self.depth -= 1;
                Ok(Value::Table(arr))
            }
            _ => Err(self.fail("value", &t)),
        }
    }
}

/// `bad argument #1 to '<f>' (expected 1 argument)` unless exactly one argument was given.
fn one_arg(lua: &Lua, args: &Variadic<Value>, f: &str) -> mlua::Result<Value> {
    match &args[..] {
        [v] => Ok(v.clone()),
        _ => Err(runtime_error(
            lua,
            &format!("bad argument #1 to '{f}' (expected 1 argument)"),
        )),
    }
}

/// Reads an integer setting argument, within `min..=max`.
fn int_setting(
    lua: &Lua,
    v: Option<&Value>,
    n: usize,
    f: &str,
    min: i64,
    max: i64,
) -> mlua::Result<Option<i64>> {
    let x = match v {
        None | Some(Value::Nil) => return Ok(None),
        Some(Value::Integer(x)) => *x,
        Some(Value::Number(x)) => *x as i64,
        Some(Value::String(s)) => match s.to_str().ok().and_then(|s| s.trim().parse().ok()) {
            Some(x) => x,
            None => return Err(bad_setting(lua, v, n, f)),
        },
        Some(_) => return Err(bad_setting(lua, v, n, f)),
    };
    // lua-cjson names the first argument whichever one is out of range.
    if x < min || x > max {
        return Err(runtime_error(
            lua,
            &format!("bad argument #1 to '{f}' (expected integer between {min} and {max})"),
        ));
    }
    Ok(Some(x))
}

fn bad_setting(lua: &Lua, v: Option<&Value>, n: usize, f: &str) -> mlua::Error {
    runtime_error(
        lua,
        &format!(
            "bad argument #{n} to '{f}' (number expected, got {})",
            super::type_name(v)
        ),
    )
}

/// Reads an on/off setting argument: a boolean, or "on" / "off".
fn bool_setting(lua: &Lua, v: Option<&Value>, f: &str) -> mlua::Result<Option<bool>> {
    match v {
        None | Some(Value::Nil) => Ok(None),
        Some(Value::Boolean(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if &*s.as_bytes() == b"on" => Ok(Some(true)),
        Some(Value::String(s)) if &*s.as_bytes() == b"off" => Ok(Some(false)),
        Some(v @ (Value::String(_) | Value::Integer(_) | Value::Number(_))) => {
            let name = lua.coerce_string(v.clone())?.map(|s| s.to_string_lossy());
            Err(runtime_error(
                lua,
                &format!(
                    "bad argument #1 to '{f}' (invalid option '{}')",
                    name.unwrap_or_default()
                ),
            ))
        }
        Some(v) => Err(runtime_error(
            lua,
            &format!(
                "bad argument #1 to '{f}' (string expected, got {})",
                super::type_name(Some(v))
            ),
        )),
    }
}

/// A new `cjson` table with settings of its own (`cjson.new()` makes another).
pub fn library(lua: &Lua) -> mlua::Result<Table> {
    let cfg = Arc::new(Mutex::new(Config::default()));
    let t = lua.create_table()?;
    let c = cfg.clone();
    t.set(
        "encode",
        lua.create_function(move |lua, args: Variadic<Value>| {
            let v = one_arg(lua, &args, "encode")?;
            let cfg = c.lock();
            let mut e = Encoder {
                lua,
                cfg: &cfg,
                out: Vec::new(),
            };
            e.value(&v, 0)?;
            lua.create_string(&e.out)
        })?,
    )?;
    let c = cfg.clone();
    t.set(
        "decode",
        lua.create_function(move |lua, args: Variadic<Value>| {
            let v = one_arg(lua, &args, "decode")?;
            let text = match lua.coerce_string(v)? {
                Some(s) => s,
                None => {
                    return Err(runtime_error(
                        lua,
                        "bad argument #1 to 'decode' (string expected)",
                    ))
                }
            };
            let bytes = text.as_bytes();
            let cfg = c.lock();
            let mut d = Decoder {
                lua,
                cfg: &cfg,
                s: &bytes,
                pos: 0,
                depth: 0,
            };
            let first = d.token()?;
            let v = d.value(first)?;
            let end = d.token()?;
            if end.tok != Tok::End {
                return Err(d.fail("the end", &end));
            }
            Ok(v)
        })?,
    )?;
    let c = cfg.clone();
    t.set(
        "encode_sparse_array",
        lua.create_function(move |lua, args: Variadic<Value>| {
            let mut cfg = c.lock();
            if let Some(b) = bool_setting(lua, args.first(), "encode_sparse_array")? {
                cfg.sparse_convert = b;
            }
            let max = i32::MAX as i64;
            if let Some(r) = int_setting(lua, args.get(1), 2, "encode_sparse_array", 0, max)? {
                cfg.sparse_ratio = r;
            }
            if let Some(s) = int_setting(lua, args.get(2), 3, "encode_sparse_array", 0, max)? {
                cfg.sparse_safe = s;
            }
            Ok((cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe))
        })?,
    )?;
    type Field = fn(&mut Config) -> &mut usize;
    let ints: [(&str, Field, i64, i64); 3] = [
        (
            "encode_max_depth",
            |c| &mut c.encode_max_depth,
            1,
            i32::MAX as i64,
        ),
        (
            "decode_max_depth",
            |c| &mut c.decode_max_depth,
            1,
            i32::MAX as i64,
        ),
        ("encode_number_precision", |c| &mut c.precision, 1, 14),
    ];
    for (name, field, min, max) in ints {
        let c = cfg.clone();
        t.set(
            name,
            lua.create_function(move |lua, args: Variadic<Value>| {
                let mut cfg = c.lock();
                if let Some(v) = int_setting(lua, args.first(), 1, name, min, max)? {
                    *field(&mut cfg) = v as usize;
                }
                Ok(*field(&mut cfg) as i64)
            })?,
        )?;
    }
    let c = cfg.clone();
    t.set(
        "encode_invalid_numbers",
        lua.create_function(move |lua, args: Variadic<Value>| {
            let mut cfg = c.lock();
            let null = matches!(args.first(), Some(Value::String(s)) if &*s.as_bytes() == b"null");
            if null {
                cfg.encode_invalid_as_null = true;
            } else if let Some(b) = bool_setting(lua, args.first(), "encode_invalid_numbers")? {
                cfg.encode_invalid_as_null = false;
                cfg.encode_invalid = b;
            }
            Ok(if cfg.encode_invalid_as_null {
                Value::String(lua.create_string("null")?)
            } else {
                Value::Boolean(cfg.encode_invalid)
            })
        })?,
    )?;
    type Flag = fn(&mut Config) -> &mut bool;
    let flags: [(&str, Flag); 2] = [
        ("encode_keep_buffer", |c| &mut c.keep_buffer),
        ("decode_invalid_numbers", |c| &mut c.decode_invalid),
    ];
    for (name, field) in flags {
        let c = cfg.clone();
        t.set(
            name,
            lua.create_function(move |lua, args: Variadic<Value>| {
                let mut cfg = c.lock();
                if let Some(b) = bool_setting(lua, args.first(), name)? {
                    *field(&mut cfg) = b;
                }
                Ok(*field(&mut cfg))
            })?,
        )?;
    }
    t.set("new", lua.create_function(|lua, ()| library(lua))?)?;
    t.set("null", null())?;
    t.set("_NAME", "cjson")?;
    t.set("_VERSION", "2.1.0")?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_format_matches_c() {
        for (d, p, want) in [
            (1.5, 14, "1.5"),
            (0.1, 14, "0.1"),
            (1e20, 14, "1e+20"),
            (123456789012345678.0, 14, "1.2345678901235e+17"),
            (-0.0, 14, "-0"),
            (100.0, 14, "100"),
            (0.0001, 14, "0.0001"),
            (0.00001, 14, "1e-05"),
            (1.23456, 3, "1.23"),
            (1234.0, 3, "1.23e+03"),
        ] {
            assert_eq!(format_g(d, p), want, "{d} %.{p}g");
        }
    }

    fn roundtrip(json: &str) -> String {
        let lua = Lua::new();
        let cjson = library(&lua).unwrap();
        lua.globals().set("cjson", cjson).unwrap();
        lua.load(format!("return cjson.encode(cjson.decode([==[{json}]==]))"))
            .eval::<String>()
            .unwrap()
    }

    #[test]
    fn decode_then_encode() {
        assert_eq!(
            roundtrip("[1, 2.5, \"a/b\", null, true]"),
            "[1,2.5,\"a\\/b\",null,true]"
        );
        assert_eq!(roundtrip("{\"k\": [{}]}"), "{\"k\":[{}]}");
        assert_eq!(roundtrip("\"\\u00e9\\ud83d\\ude00\""), "\"é😀\"");
    }
}
