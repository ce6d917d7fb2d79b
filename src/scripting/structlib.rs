//! The `struct` library scripts use (binary packing with format strings), with the behaviour of
//! the struct 0.2 that Redis ships: `<` `>` `=` set the byte order, `!n` the alignment, and
//! `b B h H i[n] I[n] l L T f d s c[n] x` are the items.

use super::runtime_error;
use mlua::{Lua, Table, Value, Variadic};

/// Largest integer size (bytes); past 8 the value is sign- or zero-extended.
const MAX_INTSIZE: usize = 32;
/// Default alignment for `!` without a number (the largest native one).
const MAX_ALIGN: usize = 8;

#[derive(Clone, Copy)]
enum Item {
    Pad,
    Int {
        size: usize,
        signed: bool,
    },
    Float,
    Double,
    /// Zero-terminated string.
    Zstr,
    /// Fixed-size string (0: the string's own length when packing, the previous number when
    /// unpacking).
    Chars(usize),
}

struct Format<'a> {
    lua: &'a Lua,
    /// The library function, for error messages.
    func: &'static str,
    f: &'a [u8],
    at: usize,
    little: bool,
    align: usize,
}

impl<'a> Format<'a> {
    fn new(lua: &'a Lua, f: &'a [u8], func: &'static str) -> Format<'a> {
        Format {
            lua,
            func,
            f,
            at: 0,
            little: true,
            align: 1,
        }
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.at;
        while self.f.get(self.at).is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(&self.f[start..self.at])
            .ok()?
            .parse()
            .ok()
    }

    fn int_size(&mut self, default: usize) -> mlua::Result<usize> {
        let size = self.number().unwrap_or(default);
        if size > MAX_INTSIZE {
            return Err(runtime_error(
                self.lua,
                &format!("integral size {size} is larger than limit of {MAX_INTSIZE}"),
            ));
        }
        Ok(size)
    }

    /// The next item (after applying any byte-order and alignment options), or `None` at the end.
    fn next(&mut self) -> mlua::Result<Option<(Item, usize)>> {
        loop {
            let Some(&c) = self.f.get(self.at) else {
                return Ok(None);
            };
            self.at += 1;
            let item = match c {
                b' ' => continue,
                b'<' | b'=' => {
                    self.little = true;
                    continue;
                }
                b'>' => {
                    self.little = false;
                    continue;
                }
                b'!' => {
                    let align = self.number().unwrap_or(MAX_ALIGN);
                    if !align.is_power_of_two() {
                        return Err(runtime_error(
                            self.lua,
                            &format!("alignment {align} is not a power of 2"),
                        ));
                    }
                    self.align = align;
                    continue;
                }
                b'x' => Item::Pad,
                b'b' => Item::Int {
                    size: 1,
                    signed: true,
                },
                b'B' => Item::Int {
                    size: 1,
                    signed: false,
                },
                b'h' => Item::Int {
                    size: 2,
                    signed: true,
                },
                b'H' => Item::Int {
                    size: 2,
                    signed: false,
                },
                b'l' => Item::Int {
                    size: 8,
                    signed: true,
                },
                b'L' | b'T' => Item::Int {
                    size: 8,
                    signed: false,
                },
                b'i' => Item::Int {
                    size: self.int_size(4)?,
                    signed: true,
                },
                b'I' => Item::Int {
                    size: self.int_size(4)?,
                    signed: false,
                },
                b'f' => Item::Float,
                b'd' => Item::Double,
                b's' => Item::Zstr,
                b'c' => Item::Chars(self.number().unwrap_or(1)),
                other => {
                    return Err(bad_arg(
                        self.lua,
                        1,
                        self.func,
                        &format!("invalid format option '{}'", other as char),
                    ))
                }
            };
            let size = match item {
                Item::Pad => 1,
                Item::Int { size, .. } => size,
                Item::Float => 4,
                Item::Double => 8,
                Item::Zstr | Item::Chars(_) => 0,
            };
            return Ok(Some((item, size)));
        }
    }

    /// Padding needed before an item of `size` at offset `len`.
    fn padding(&self, size: usize, len: usize) -> usize {
        let align = size.min(self.align);
        if align <= 1 || !align.is_power_of_two() {
            return 0;
        }
        (align - (len & (align - 1))) & (align - 1)
    }
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Integer(n) => Some(*n as f64),
        Value::Number(n) => Some(*n),
        Value::String(s) => s.to_str().ok()?.trim().parse().ok(),
        _ => None,
    }
}

/// Argument `i` (0-based) as a number, with Lua's "number expected, got <type>" error.
fn check_num(lua: &Lua, args: &Variadic<Value>, i: usize, f: &str) -> mlua::Result<f64> {
    num(args.get(i)).ok_or_else(|| {
        let got = super::type_name(args.get(i));
        bad_arg(lua, i + 1, f, &format!("number expected, got {got}"))
    })
}

fn bad_arg(lua: &Lua, n: usize, f: &str, what: &str) -> mlua::Error {
    runtime_error(lua, &format!("bad argument #{n} to '{f}' ({what})"))
}

fn fmt_arg(lua: &Lua, args: &Variadic<Value>, f: &str) -> mlua::Result<Vec<u8>> {
    match args.first() {
        Some(Value::String(s)) => Ok(s.as_bytes().to_vec()),
        Some(v @ (Value::Integer(_) | Value::Number(_))) => Ok(lua
            .coerce_string(v.clone())?
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default()),
        other => Err(bad_arg(
            lua,
            1,
            f,
            &format!("string expected, got {}", super::type_name(other)),
        )),
    }
}

fn pack(lua: &Lua, args: Variadic<Value>) -> mlua::Result<mlua::LuaString> {
    let f = fmt_arg(lua, &args, "pack")?;
    let mut fmt = Format::new(lua, &f, "pack");
    let mut out: Vec<u8> = Vec::new();
    let mut arg = 1;
    while let Some((item, size)) = fmt.next()? {
        let pad = fmt.padding(size, out.len());
        out.resize(out.len() + pad, 0);
        match item {
            Item::Pad => out.push(0),
            Item::Int { size, .. } => {
                let n = check_num(lua, &args, arg, "pack")?;
                arg += 1;
                let v = if n < 0.0 { n as i64 as u64 } else { n as u64 };
                let fill = if n < 0.0 { 0xff } else { 0 };
                let mut chunk = v.to_le_bytes().to_vec();
                chunk.resize(size.max(8), fill);
                chunk.truncate(size);
                if !fmt.little {
                    chunk.reverse();
                }
                out.extend_from_slice(&chunk);
            }
            Item::Float | Item::Double => {
                let n = check_num(lua, &args, arg, "pack")?;
                arg += 1;
                let mut chunk = if matches!(item, Item::Float) {
                    (n as f32).to_le_bytes().to_vec()
                } else {
                    n.to_le_bytes().to_vec()
                };
                if !fmt.little {
                    chunk.reverse();
                }
                out.extend_from_slice(&chunk);
            }
            Item::Zstr | Item::Chars(_) => {
                let s = match args.get(arg) {
                    Some(Value::String(s)) => s.as_bytes().to_vec(),
                    Some(v @ (Value::Integer(_) | Value::Number(_))) => lua
                        .coerce_string(v.clone())?
                        .map(|s| s.as_bytes().to_vec())
                        .unwrap_or_default(),
                    _ => return Err(bad_arg(lua, arg + 1, "pack", "string expected")),
                };
                arg += 1;
                match item {
                    Item::Chars(0) => out.extend_from_slice(&s),
                    Item::Chars(n) => {
                        if s.len() < n {
                            return Err(bad_arg(lua, arg + 1, "pack", "string too short"));
                        }
                        out.extend_from_slice(&s[..n]);
                    }
                    _ => {
                        if s.contains(&0) {
                            return Err(bad_arg(lua, arg + 1, "pack", "string contains zeros"));
                        }
                        out.extend_from_slice(&s);
                        out.push(0);
                    }
                }
            }
        }
    }
    lua.create_string(&out)
}

fn unpack(lua: &Lua, args: Variadic<Value>) -> mlua::Result<Variadic<Value>> {
    let f = fmt_arg(lua, &args, "unpack")?;
    let data = match args.get(1) {
        Some(Value::String(s)) => s.as_bytes().to_vec(),
        _ => return Err(bad_arg(lua, 2, "unpack", "string expected")),
    };
    let mut pos = match num(args.get(2)) {
        Some(i) if i >= 1.0 => i as usize - 1,
        Some(_) => return Err(bad_arg(lua, 3, "unpack", "offset must be 1 or greater")),
        None => 0,
    };
    let mut fmt = Format::new(lua, &f, "unpack");
    let mut out = Vec::new();
    let short = || bad_arg(lua, 2, "unpack", "data string too short");
    while let Some((item, size)) = fmt.next()? {
        pos += fmt.padding(size, pos);
        if pos + size > data.len() {
            return Err(short());
        }
        match item {
            Item::Pad => pos += 1,
            Item::Int { size, signed } => {
                let mut chunk = data[pos..pos + size].to_vec();
                pos += size;
                if !fmt.little {
                    chunk.reverse();
                }
                // Past 8 bytes only the sign or zero extension remains.
                chunk.truncate(8);
                let size = chunk.len();
                let mut v = chunk
                    .iter()
                    .rev()
                    .fold(0u64, |acc, &b| (acc << 8) | b as u64);
                if signed && size < 8 && size > 0 && v >> (size * 8 - 1) & 1 == 1 {
                    v |= !0u64 << (size * 8);
                }
                let n = if signed { v as i64 as f64 } else { v as f64 };
                out.push(Value::Number(n));
            }
            Item::Float => {
                let mut b: [u8; 4] = data[pos..pos + 4].try_into().unwrap_or_default();
                if !fmt.little {
                    b.reverse();
                }
                out.push(Value::Number(f32::from_le_bytes(b) as f64));
                pos += 4;
            }
            Item::Double => {
                let mut b: [u8; 8] = data[pos..pos + 8].try_into().unwrap_or_default();
                if !fmt.little {
                    b.reverse();
                }
                out.push(Value::Number(f64::from_le_bytes(b)));
                pos += 8;
            }
            Item::Chars(n) => {
                let n = if n == 0 {
                    // The length is the number unpacked just before; it takes its place.
                    match out.pop() {
                        Some(Value::Number(len)) if len >= 0.0 => len as usize,
                        _ => return Err(runtime_error(lua, "format 'c0' needs a previous size")),
                    }
                } else {
                    n
                };
                if pos + n > data.len() {
                    return Err(short());
                }
                out.push(Value::String(lua.create_string(&data[pos..pos + n])?));
                pos += n;
            }
            Item::Zstr => {
                let Some(end) = data[pos..].iter().position(|&b| b == 0) else {
                    return Err(runtime_error(lua, "unfinished string in data"));
                };
                out.push(Value::String(lua.create_string(&data[pos..pos + end])?));
                pos += end + 1;
            }
        }
    }
    out.push(Value::Number((pos + 1) as f64));
    Ok(Variadic::from_iter(out))
}

fn size(lua: &Lua, args: Variadic<Value>) -> mlua::Result<f64> {
    let f = fmt_arg(lua, &args, "size")?;
    let mut fmt = Format::new(lua, &f, "size");
    let mut total = 0usize;
    while let Some((item, size)) = fmt.next()? {
        total += fmt.padding(size, total);
        match item {
            Item::Zstr => return Err(bad_arg(lua, 1, "size", "option 's' has no fixed size")),
            Item::Chars(0) => return Err(bad_arg(lua, 1, "size", "option 'c0' has no fixed size")),
            Item::Chars(n) => total += n,
            _ => total += size,
        }
    }
    Ok(total as f64)
}

/// A new `struct` table.
pub fn library(lua: &Lua) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("pack", lua.create_function(pack)?)?;
    t.set("unpack", lua.create_function(unpack)?)?;
    t.set("size", lua.create_function(size)?)?;
    Ok(t)
}
