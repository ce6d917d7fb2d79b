//! The `bit` library scripts use, with LuaBitOp 1.0's semantics (the one Redis ships): numbers
//! are taken modulo 2^32 as signed 32-bit integers (fractions rounded to nearest, ties to even,
//! as LuaBitOp's double-addition trick does) and every result is a signed 32-bit number.

use super::runtime_error;
use mlua::{Lua, Table, Value, Variadic};

/// A number as LuaBitOp sees it: the low 32 bits of its nearest integer.
fn tobit(n: f64) -> i32 {
    // 2^52 + 2^51: adding it leaves the rounded integer in the low mantissa bits.
    (n + 6_755_399_441_055_744.0).to_bits() as u32 as i32
}

fn arg(lua: &Lua, args: &Variadic<Value>, i: usize, f: &str) -> mlua::Result<i32> {
    let n = match args.get(i) {
        Some(Value::Integer(n)) => *n as f64,
        Some(Value::Number(n)) => *n,
        // Lua's own string coercion, which reads hex ("0x10") too.
        Some(v @ Value::String(_)) => lua.coerce_number(v.clone())?.ok_or_else(|| {
            runtime_error(
                lua,
                &format!(
                    "bad argument #{} to '{f}' (number expected, got string)",
                    i + 1
                ),
            )
        })?,
        other => {
            let got = super::type_name(other);
            return Err(runtime_error(
                lua,
                &format!(
                    "bad argument #{} to '{f}' (number expected, got {got})",
                    i + 1
                ),
            ));
        }
    };
    Ok(tobit(n))
}

type Unary = fn(i32) -> i32;
type Binary = fn(i32, i32) -> i32;
type Shift = fn(i32, u32) -> i32;

/// A new `bit` table.
pub fn library(lua: &Lua) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    let unary: [(&'static str, Unary); 3] = [
        ("tobit", |x| x),
        ("bnot", |x| !x),
        ("bswap", |x| x.swap_bytes()),
    ];
    for (name, op) in unary {
        t.set(
            name,
            lua.create_function(move |lua, args: Variadic<Value>| {
                Ok(op(arg(lua, &args, 0, name)?) as f64)
            })?,
        )?;
    }
    let folds: [(&'static str, Binary); 3] = [
        ("band", |a, b| a & b),
        ("bor", |a, b| a | b),
        ("bxor", |a, b| a ^ b),
    ];
    for (name, op) in folds {
        t.set(
            name,
            lua.create_function(move |lua, args: Variadic<Value>| {
                let mut acc = arg(lua, &args, 0, name)?;
                for i in 1..args.len() {
                    acc = op(acc, arg(lua, &args, i, name)?);
                }
                Ok(acc as f64)
            })?,
        )?;
    }
    let shifts: [(&'static str, Shift); 5] = [
        ("lshift", |x, n| ((x as u32) << n) as i32),
        ("rshift", |x, n| ((x as u32) >> n) as i32),
        ("arshift", |x, n| x >> n),
        ("rol", |x, n| (x as u32).rotate_left(n) as i32),
        ("ror", |x, n| (x as u32).rotate_right(n) as i32),
    ];
    for (name, op) in shifts {
        t.set(
            name,
            lua.create_function(move |lua, args: Variadic<Value>| {
                let x = arg(lua, &args, 0, name)?;
                let n = arg(lua, &args, 1, name)? as u32 & 31;
                Ok(op(x, n) as f64)
            })?,
        )?;
    }
    t.set(
        "tohex",
        lua.create_function(|lua, args: Variadic<Value>| {
            let x = arg(lua, &args, 0, "tohex")? as u32;
            let n = if args.len() > 1 {
                arg(lua, &args, 1, "tohex")?
            } else {
                8
            };
            let upper = n < 0;
            let digits = n.unsigned_abs().min(8) as usize;
            if digits == 0 {
                return Ok(String::new());
            }
            let masked = if digits == 8 {
                x
            } else {
                x & ((1u32 << (4 * digits)) - 1)
            };
            Ok(if upper {
                format!("{masked:0digits$X}")
            } else {
                format!("{masked:0digits$x}")
            })
        })?,
    )?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tobit_wraps_and_rounds_like_luabitop() {
        assert_eq!(tobit(0xffff_ffffu32 as f64), -1);
        assert_eq!(tobit(4_294_967_296.0 + 5.0), 5);
        assert_eq!(tobit(1.5), 2);
        assert_eq!(tobit(2.5), 2);
        assert_eq!(tobit(-1.0), -1);
    }
}
