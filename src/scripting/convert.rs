//! Conversions between Lua values and replies, following the rules Redis documents for scripts.
//!
//! Reply -> Lua (what `redis.call` returns), under RESP2 (the default) and RESP3 (`redis.setresp(3)`):
//!
//! ```text
//! integer -> number            bulk -> string           status -> {ok=s}     error -> {err=s}
//! array -> table (1..n)        nil -> false (RESP2) / nil (RESP3)
//! map -> flat table (RESP2) / {map={k=v}}      set -> table (RESP2) / {set={m=true}}
//! double -> string (RESP2) / {double=n}         bool -> 1/0 (RESP2) / true/false
//! big number -> string (RESP2) / {big_number=s} verbatim -> string (RESP2) / {verbatim_string=...}
//! ```
//!
//! Lua -> reply (what a script returns): numbers are truncated to integers, `true` is 1 (RESP2)
//! or a boolean (RESP3), `false` and `nil` are nil, a table with a string `err` / `ok` field is an
//! error / status, `double`, `map`, `set`, `big_number` and `verbatim_string` tables are those
//! RESP3 types, and any other table is an array that stops at its first nil.

use crate::resp::Reply;
use bytes::Bytes;
use mlua::{Lua, Table, Value};

/// Tables nested deeper than this are cut (a self-referencing table must not recurse forever).
const MAX_DEPTH: usize = 1000;

/// A reply as a Lua value. Errors become `{err=...}` tables; `resp` is the script's protocol.
pub fn to_lua(lua: &Lua, reply: Reply, resp: u8) -> mlua::Result<Value> {
    let resp3 = resp == 3;
    let single = |key: &str, v: Value| -> mlua::Result<Value> {
        let t = lua.create_table_with_capacity(0, 1)?;
        t.raw_set(key, v)?;
        Ok(Value::Table(t))
    };
    let text = |s: &[u8]| -> mlua::Result<Value> { Ok(Value::String(lua.create_string(s)?)) };
    Ok(match reply {
        Reply::Int(n) => Value::Number(n as f64),
        Reply::Bulk(b) => text(&b)?,
        Reply::Status(s) => single("ok", text(s.as_bytes())?)?,
        Reply::Error(s) => single("err", text(s.as_bytes())?)?,
        Reply::Nil | Reply::NilArray if resp3 => Value::Nil,
        Reply::Nil | Reply::NilArray => Value::Boolean(false),
        Reply::Array(items) | Reply::Push(items) | Reply::Sequence(items) => {
            let t = lua.create_table_with_capacity(items.len(), 0)?;
            for (i, item) in items.into_iter().enumerate() {
                t.raw_set(i + 1, to_lua(lua, item, resp)?)?;
            }
            Value::Table(t)
        }
        Reply::Set(items) if resp3 => {
            let t = lua.create_table_with_capacity(0, items.len())?;
            for item in items {
                t.raw_set(to_lua(lua, item, resp)?, true)?;
            }
            single("set", Value::Table(t))?
        }
        Reply::Set(items) => to_lua(lua, Reply::Array(items), resp)?,
        Reply::Map(pairs) if resp3 => {
            let t = lua.create_table_with_capacity(0, pairs.len())?;
            for (k, v) in pairs {
                t.raw_set(to_lua(lua, k, resp)?, to_lua(lua, v, resp)?)?;
            }
            single("map", Value::Table(t))?
        }
        Reply::Map(pairs) => {
            let t = lua.create_table_with_capacity(pairs.len() * 2, 0)?;
            for (i, (k, v)) in pairs.into_iter().enumerate() {
                t.raw_set(2 * i + 1, to_lua(lua, k, resp)?)?;
                t.raw_set(2 * i + 2, to_lua(lua, v, resp)?)?;
            }
            Value::Table(t)
        }
        Reply::Double(d) if resp3 => single("double", Value::Number(d))?,
        Reply::Double(d) => text(crate::resp::format_double_g17(d).as_bytes())?,
        // Geo coordinates: a double in RESP3, Redis' own text for them otherwise.
        Reply::DoubleText(t) if resp3 => {
            single("double", Value::Number(t.parse().unwrap_or(f64::NAN)))?
        }
        Reply::DoubleText(t) => text(t.as_bytes())?,
        Reply::Bool(b) if resp3 => Value::Boolean(b),
        Reply::Bool(b) => Value::Number(b as i64 as f64),
        Reply::BigNumber(s) if resp3 => single("big_number", text(s.as_bytes())?)?,
        Reply::BigNumber(s) => text(s.as_bytes())?,
        Reply::Verbatim(format, body) if resp3 => {
            let t = lua.create_table_with_capacity(0, 2)?;
            t.raw_set("format", format)?;
            t.raw_set("string", lua.create_string(&body)?)?;
            single("verbatim_string", Value::Table(t))?
        }
        Reply::Verbatim(_, body) => text(&body)?,
    })
}

/// Lua's number -> integer reply rule: truncation toward zero; what C's conversion leaves
/// undefined (NaN, infinities, out of range) is the smallest integer, as Redis replies on x86.
pub fn lua_number_to_int(n: f64) -> i64 {
    if n.is_finite() && n > -9.223_372_036_854_776e18 && n < 9.223_372_036_854_776e18 {
        n.trunc() as i64
    } else {
        i64::MIN
    }
}

/// A script's return value as a reply; `resp` is the script's protocol (`redis.setresp`).
pub fn from_lua(v: &Value, resp: u8) -> Reply {
    from_lua_at(v, resp, 0)
}

fn string_field(t: &Table, key: &str) -> Option<Bytes> {
    match t.get::<Value>(key).ok()? {
        Value::String(s) => Some(Bytes::copy_from_slice(&s.as_bytes())),
        _ => None,
    }
}

fn text(b: &[u8]) -> std::borrow::Cow<'static, str> {
    String::from_utf8_lossy(b).into_owned().into()
}

fn from_lua_at(v: &Value, resp: u8, depth: usize) -> Reply {
    match v {
        Value::String(s) => Reply::Bulk(Bytes::copy_from_slice(&s.as_bytes())),
        Value::Integer(n) => Reply::Int(*n),
        Value::Number(n) => Reply::Int(lua_number_to_int(*n)),
        Value::Boolean(true) if resp == 3 => Reply::Bool(true),
        Value::Boolean(true) => Reply::Int(1),
        Value::Boolean(false) if resp == 3 => Reply::Bool(false),
        Value::Table(t) if depth < MAX_DEPTH => table_reply(t, resp, depth),
        _ => Reply::Nil,
    }
}

fn table_reply(t: &Table, resp: u8, depth: usize) -> Reply {
    if let Some(e) = string_field(t, "err") {
        return Reply::Error(text(&e));
    }
    if let Some(s) = string_field(t, "ok") {
        return Reply::Status(text(&s));
    }
    if let Ok(Value::Number(d)) = t.get::<Value>("double") {
        return Reply::Double(d);
    }
    if let Ok(Value::Integer(d)) = t.get::<Value>("double") {
        return Reply::Double(d as f64);
    }
    if let Ok(Value::Table(m)) = t.get::<Value>("map") {
        let pairs = m
            .pairs::<Value, Value>()
            .flatten()
            .map(|(k, v)| {
                (
                    from_lua_at(&k, resp, depth + 1),
                    from_lua_at(&v, resp, depth + 1),
                )
            })
            .collect();
        return Reply::Map(pairs);
    }
    if let Ok(Value::Table(s)) = t.get::<Value>("set") {
        let items = s
            .pairs::<Value, Value>()
            .flatten()
            .map(|(k, _)| from_lua_at(&k, resp, depth + 1))
            .collect();
        return Reply::Set(items);
    }
    if let Some(n) = string_field(t, "big_number") {
        return Reply::BigNumber(String::from_utf8_lossy(&n).into_owned());
    }
    if let Ok(Value::Table(vs)) = t.get::<Value>("verbatim_string") {
        if let (Some(format), Some(body)) =
            (string_field(&vs, "format"), string_field(&vs, "string"))
        {
            // The format is three characters on the wire; the encoder pads or cuts others.
            let format = match &format[..] {
                b"mkd" => "mkd",
                _ => "txt",
            };
            return Reply::Verbatim(format, body);
        }
    }
    let mut items = Vec::new();
    for i in 1.. {
        match t.raw_get::<Value>(i) {
            Ok(Value::Nil) | Err(_) => break,
            Ok(v) => items.push(from_lua_at(&v, resp, depth + 1)),
        }
    }
    Reply::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_truncate_like_redis() {
        assert_eq!(lua_number_to_int(3.99), 3);
        assert_eq!(lua_number_to_int(-3.99), -3);
        assert_eq!(lua_number_to_int(1e20), i64::MIN);
        assert_eq!(lua_number_to_int(f64::NAN), i64::MIN);
        assert_eq!(lua_number_to_int(f64::INFINITY), i64::MIN);
        assert_eq!(lua_number_to_int(-9.0e15), -9_000_000_000_000_000);
    }

    #[test]
    fn round_trip_through_lua() {
        let lua = Lua::new();
        let reply = Reply::Array(vec![
            Reply::Int(7),
            Reply::bulk(&b"x"[..]),
            Reply::Status("OK".into()),
        ]);
        let v = to_lua(&lua, reply.clone(), 2).unwrap();
        assert_eq!(from_lua(&v, 2), reply);
        let nil = to_lua(&lua, Reply::Nil, 2).unwrap();
        assert_eq!(nil, Value::Boolean(false));
        assert_eq!(from_lua(&nil, 2), Reply::Nil);
        let map = Reply::Map(vec![(Reply::bulk(&b"f"[..]), Reply::bulk(&b"v"[..]))]);
        let v = to_lua(&lua, map.clone(), 3).unwrap();
        assert_eq!(from_lua(&v, 3), map);
    }
}
