//! The `cmsgpack` library scripts use, with the behaviour of the lua-cmsgpack 0.4.0 that Redis
//! ships: integers in the smallest MessagePack encoding, floats as float32 when exact,
//! contiguous 1..n tables as arrays and the rest as maps, tables nested 16 deep or more and
//! values MessagePack cannot hold (functions, ...) packed as nil.

use super::runtime_error;
use mlua::{Lua, Table, Value, Variadic};

/// Tables at this depth are packed as nil.
const MAX_NESTING: usize = 16;

fn pack_int(out: &mut Vec<u8>, n: i64) {
    if n >= 0 {
        match n {
            0..=127 => out.push(n as u8),
            128..=0xff => out.extend_from_slice(&[0xcc, n as u8]),
            0x100..=0xffff => {
                out.push(0xcd);
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                out.push(0xce);
                out.extend_from_slice(&(n as u32).to_be_bytes());
            }
            _ => {
                out.push(0xcf);
                out.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
    } else if n >= -32 {
        out.push(n as i8 as u8);
    } else if n >= -128 {
        out.extend_from_slice(&[0xd0, n as i8 as u8]);
    } else if n >= -32768 {
        out.push(0xd1);
        out.extend_from_slice(&(n as i16).to_be_bytes());
    } else if n >= -(1 << 31) {
        out.push(0xd2);
        out.extend_from_slice(&(n as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn pack_number(out: &mut Vec<u8>, n: f64) {
    // An integral number that an int64 holds exactly is an integer.
    if n.is_finite()
        && n.fract() == 0.0
        && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&n)
    {
        return pack_int(out, n as i64);
    }
    let f = n as f32;
    if f as f64 == n || n.is_nan() {
        out.push(0xca);
        out.extend_from_slice(&f.to_be_bytes());
    } else {
        out.push(0xcb);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn pack_len(
    out: &mut Vec<u8>,
    n: usize,
    fix: u8,
    fix_max: usize,
    small: Option<u8>,
    mid: u8,
    big: u8,
) {
    if n <= fix_max {
        out.push(fix | n as u8);
    } else if let (Some(tag), true) = (small, n <= 0xff) {
        out.extend_from_slice(&[tag, n as u8]);
    } else if n <= 0xffff {
        out.push(mid);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(big);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

/// The length of `t` if its keys are exactly 1..n.
fn array_len(t: &Table) -> mlua::Result<Option<usize>> {
    Ok(super::positive_int_keys(t)?
        .and_then(|(max, count)| (max as usize == count).then_some(count)))
}

fn pack_value(out: &mut Vec<u8>, v: &Value, level: usize) -> mlua::Result<()> {
    match v {
        Value::Boolean(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
        Value::Integer(n) => pack_int(out, *n),
        Value::Number(n) => pack_number(out, *n),
        Value::String(s) => {
            let b = s.as_bytes();
            pack_len(out, b.len(), 0xa0, 31, Some(0xd9), 0xda, 0xdb);
            out.extend_from_slice(&b);
        }
        Value::Table(t) if level < MAX_NESTING => match array_len(t)? {
            Some(n) => {
                pack_len(out, n, 0x90, 15, None, 0xdc, 0xdd);
                for i in 1..=n {
                    pack_value(out, &t.raw_get::<Value>(i)?, level + 1)?;
                }
            }
            None => {
                let pairs: Vec<(Value, Value)> = t.pairs().collect::<mlua::Result<_>>()?;
                pack_len(out, pairs.len(), 0x80, 15, None, 0xde, 0xdf);
                for (k, v) in &pairs {
                    pack_value(out, k, level + 1)?;
                    pack_value(out, v, level + 1)?;
                }
            }
        },
        _ => out.push(0xc0),
    }
    Ok(())
}

/// Why a payload cannot be unpacked.
enum Bad {
    Missing,
    Format,
}

struct Reader<'a> {
    lua: &'a Lua,
    s: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Bad> {
        let bytes = self.s.get(self.at..self.at + n).ok_or(Bad::Missing)?;
        self.at += n;
        Ok(bytes)
    }

    fn uint(&mut self, n: usize) -> Result<u64, Bad> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | b as u64))
    }

    fn value(&mut self) -> Result<mlua::Result<Value>, Bad> {
        let tag = self.take(1)?[0];
        let num = |n: f64| Ok(Ok(Value::Number(n)));
        match tag {
            0x00..=0x7f => num(tag as f64),
            0xe0..=0xff => num(tag as i8 as f64),
            0xc0 => Ok(Ok(Value::Nil)),
            0xc2 => Ok(Ok(Value::Boolean(false))),
            0xc3 => Ok(Ok(Value::Boolean(true))),
            0xcc => num(self.uint(1)? as f64),
            0xcd => num(self.uint(2)? as f64),
            0xce => num(self.uint(4)? as f64),
            // lua_cmsgpack reads a uint64 through a signed 64-bit integer: 2^64-1 is -1.
            0xcf => num(self.uint(8)? as i64 as f64),
            0xd0 => num(self.uint(1)? as u8 as i8 as f64),
            0xd1 => num(self.uint(2)? as u16 as i16 as f64),
            0xd2 => num(self.uint(4)? as u32 as i32 as f64),
            0xd3 => num(self.uint(8)? as i64 as f64),
            0xca => num(f32::from_bits(self.uint(4)? as u32) as f64),
            0xcb => num(f64::from_bits(self.uint(8)?)),
            0xa0..=0xbf => self.string((tag & 0x1f) as usize),
            0xd9 | 0xc4 => {
                let n = self.uint(1)? as usize;
                self.string(n)
            }
            0xda | 0xc5 => {
                let n = self.uint(2)? as usize;
                self.string(n)
            }
            0xdb | 0xc6 => {
                let n = self.uint(4)? as usize;
                self.string(n)
            }
            0x90..=0x9f => self.array((tag & 0x0f) as usize),
            0xdc => {
                let n = self.uint(2)? as usize;
                self.array(n)
            }
            0xdd => {
                let n = self.uint(4)? as usize;
                self.array(n)
            }
            0x80..=0x8f => self.map((tag & 0x0f) as usize),
            0xde => {
                let n = self.uint(2)? as usize;
                self.map(n)
            }
            0xdf => {
                let n = self.uint(4)? as usize;
                self.map(n)
            }
            _ => Err(Bad::Format),
        }
    }

    fn string(&mut self, n: usize) -> Result<mlua::Result<Value>, Bad> {
        let lua = self.lua;
        let bytes = self.take(n)?;
        Ok(lua.create_string(bytes).map(Value::String))
    }

    fn array(&mut self, n: usize) -> Result<mlua::Result<Value>, Bad> {
        let t = match self.lua.create_table() {
            Ok(t) => t,
            Err(e) => return Ok(Err(e)),
        };
        for i in 1..=n {
            let v = match self.value()? {
                Ok(v) => v,
                Err(e) => return Ok(Err(e)),
            };
            if let Err(e) = t.raw_set(i, v) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(Value::Table(t)))
    }

    fn map(&mut self, n: usize) -> Result<mlua::Result<Value>, Bad> {
        let t = match self.lua.create_table() {
            Ok(t) => t,
            Err(e) => return Ok(Err(e)),
        };
        for _ in 0..n {
            let k = match self.value()? {
                Ok(k) => k,
                Err(e) => return Ok(Err(e)),
            };
            let v = match self.value()? {
                Ok(v) => v,
                Err(e) => return Ok(Err(e)),
            };
            // A nil key cannot be stored; lua-cmsgpack drops such pairs too.
            if !k.is_nil() {
                if let Err(e) = t.raw_set(k, v) {
                    return Ok(Err(e));
                }
            }
        }
        Ok(Ok(Value::Table(t)))
    }
}

/// Argument `i` as luaL_checkinteger reads it (Lua's coercion of strings included), or
/// `default` when it is absent, as luaL_optinteger.
fn int_arg(
    lua: &Lua,
    args: &Variadic<Value>,
    i: usize,
    f: &str,
    default: Option<i64>,
) -> mlua::Result<i64> {
    let v = args.get(i);
    if let (None | Some(Value::Nil), Some(d)) = (v, default) {
        return Ok(d);
    }
    match v
        .map(|v| lua.coerce_number(v.clone()))
        .transpose()?
        .flatten()
    {
        Some(n) => Ok(n as i64),
        None => Err(runtime_error(
            lua,
            &format!(
                "bad argument #{} to '{f}' (number expected, got {})",
                i + 1,
                super::type_name(v)
            ),
        )),
    }
}

/// Unpacks up to `limit` objects (0: all) from `offset`; returns the next offset (-1 at the
/// end) followed by the objects, or only the objects when `with_offset` is false.
fn unpack(
    lua: &Lua,
    args: &Variadic<Value>,
    limit: i64,
    offset: i64,
    with_offset: bool,
) -> mlua::Result<Variadic<Value>> {
    let s = match args.first() {
        Some(Value::String(s)) => s.as_bytes().to_vec(),
        Some(v @ (Value::Integer(_) | Value::Number(_))) => lua
            .coerce_string(v.clone())?
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default(),
        other => {
            let got = super::type_name(other);
            return Err(runtime_error(
                lua,
                &format!("bad argument #1 to 'unpack' (string expected, got {got})"),
            ));
        }
    };
    // lua-cmsgpack's message gives the input's length as the limit.
    let len = s.len();
    if offset < 0 || limit < 0 {
        return Err(runtime_error(
            lua,
            &format!("Invalid request to unpack with offset of {offset} and limit of {len}."),
        ));
    }
    if offset as u64 > len as u64 {
        return Err(runtime_error(
            lua,
            &format!("Start offset {offset} greater than input length {len}."),
        ));
    }
    let mut r = Reader {
        lua,
        s: &s,
        at: (offset as usize).min(s.len()),
    };
    let mut out = Vec::new();
    while r.at < s.len() && (limit == 0 || (out.len() as i64) < limit) {
        match r.value() {
            Ok(v) => out.push(v?),
            Err(Bad::Missing) => return Err(runtime_error(lua, "Missing bytes in input.")),
            Err(Bad::Format) => return Err(runtime_error(lua, "Bad data format in input.")),
        }
    }
    if !with_offset {
        return Ok(Variadic::from_iter(out));
    }
    let next = if r.at >= s.len() { -1 } else { r.at as i64 };
    let mut all = vec![Value::Integer(next)];
    all.extend(out);
    Ok(Variadic::from_iter(all))
}

/// A new `cmsgpack` table.
pub fn library(lua: &Lua) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set(
        "pack",
        lua.create_function(|lua, args: Variadic<Value>| {
            if args.is_empty() {
                return Err(runtime_error(
                    lua,
                    "bad argument #0 to 'pack' (MessagePack pack needs input.)",
                ));
            }
            let mut out = Vec::new();
            for v in args.iter() {
                pack_value(&mut out, v, 0)?;
            }
            lua.create_string(&out)
        })?,
    )?;
    t.set(
        "unpack",
        lua.create_function(|lua, args: Variadic<Value>| unpack(lua, &args, 0, 0, false))?,
    )?;
    t.set(
        "unpack_one",
        lua.create_function(|lua, args: Variadic<Value>| {
            let offset = int_arg(lua, &args, 1, "unpack_one", Some(0))?;
            unpack(lua, &args, 1, offset, true)
        })?,
    )?;
    t.set(
        "unpack_limit",
        lua.create_function(|lua, args: Variadic<Value>| {
            let limit = int_arg(lua, &args, 1, "unpack_limit", None)?;
            let offset = int_arg(lua, &args, 2, "unpack_limit", Some(0))?;
            unpack(lua, &args, limit, offset, limit != 0)
        })?,
    )?;
    t.set("_NAME", "cmsgpack")?;
    t.set("_VERSION", "lua-cmsgpack 0.4.0")?;
    t.set("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo")?;
    t.set("_DESCRIPTION", "MessagePack C implementation for Lua")?;
    Ok(t)
}
