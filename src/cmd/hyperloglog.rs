//! HyperLogLog commands (PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST) over string values in
//! Redis' HLL format (see [`crate::hll`]).
//!
//! An HLL is an ordinary string: GET, SET, DUMP and TTLs work on it, and any command here first
//! checks that the string really is an HLL. A command either fails before its write or writes the
//! whole new value, so a corrupt HLL is reported and left exactly as it was.

use super::strings::{store_raw, value};
use super::{Args, CmdError, Ctx};
use crate::hll::{self, Encoding, REGISTERS};
use crate::resp::Reply;
use bytes::Bytes;
use strata_storage::types::string as layout;
use strata_storage::Meta;

fn hll_error(e: hll::Error) -> CmdError {
    match e {
        hll::Error::NotHll => CmdError::HllWrongType,
        hll::Error::Corrupt => CmdError::HllCorrupt,
    }
}

/// The bytes of the string `m` at `key` and their HLL encoding, or the HLL error Redis gives.
/// No valid HLL is long enough to be chunked, so a chunked string is read whole only if its
/// header claims a sparse HLL (whose opcodes then decide the reply, as in Redis).
fn hll_value(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<(Vec<u8>, Encoding), CmdError> {
    if layout::is_chunked(m) {
        let head = ctx
            .batch
            .string_range(ctx.db, key, m, 0, hll::HEADER as u64)?;
        hll::check(&head).map_err(hll_error)?;
    }
    let h = value(ctx, key, m.clone())?;
    let enc = hll::check(&h).map_err(hll_error)?;
    Ok((h, enc))
}

fn sparse_max(ctx: &Ctx) -> usize {
    ctx.server.config.read().hll_sparse_max_bytes as usize
}

/// PFADD key [element [element ...]]
pub fn pfadd(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let old = ctx.lookup_string(key, false)?;
    let mut h = match &old {
        Some(m) => hll_value(ctx, key, m)?.0,
        None => hll::new_sparse(),
    };
    let max = sparse_max(ctx);
    let mut updated = old.is_none();
    for i in 2..args.len() {
        match hll::add(&mut h, args.get(i), max) {
            Ok(changed) => updated |= changed,
            Err(e) => {
                // Redis updates the registers in place and does not roll back, so the
                // elements before the corrupted spot stay added (cached count untouched);
                // an Ok error reply keeps that write.
                if !updated {
                    return Err(hll_error(e));
                }
                store_raw(ctx, key, h, old.as_ref())?;
                return Ok(hll_error(e).reply());
            }
        }
    }
    if updated {
        hll::invalidate(&mut h);
    }
    store_raw(ctx, key, h, old.as_ref())?;
    if updated {
        ctx.notify(crate::notify::STRING, "pfadd", key);
    }
    Ok(Reply::Int(updated as i64))
}

/// Raises `max` to the registers of every existing HLL among `args[from..]`; returns whether any
/// of them is dense.
fn merge_keys(
    ctx: &mut Ctx,
    args: &Args,
    from: usize,
    max: &mut [u8; REGISTERS],
) -> Result<bool, CmdError> {
    let mut dense = false;
    for i in from..args.len() {
        if let Some(m) = ctx.lookup_string(args.get(i), true)? {
            let (h, enc) = hll_value(ctx, args.get(i), &m)?;
            dense |= enc == Encoding::Dense;
            hll::merge_into(max, &h).map_err(hll_error)?;
        }
    }
    Ok(dense)
}

/// PFCOUNT key [key ...]
pub fn pfcount(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    if args.len() > 2 {
        let mut max = Box::new([0u8; REGISTERS]);
        merge_keys(ctx, args, 1, &mut max)?;
        return Ok(Reply::Int(hll::count_registers(&max) as i64));
    }
    let key = args.get(1);
    let Some(m) = ctx.lookup_string(key, true)? else {
        return Ok(Reply::Int(0));
    };
    let (mut h, _) = hll_value(ctx, key, &m)?;
    // A stale cache is refreshed in the stored value, as Redis does even though PFCOUNT reads.
    let card = match hll::cached(&h) {
        Some(card) => card,
        None => {
            let card = hll::count(&h).map_err(hll_error)?;
            hll::set_cache(&mut h, card);
            card
        }
    };
    store_raw(ctx, key, h, Some(&m))?;
    Ok(Reply::Int(card as i64))
}

/// PFMERGE destkey [sourcekey [sourcekey ...]]
pub fn pfmerge(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let mut max = Box::new([0u8; REGISTERS]);
    // The destination is one of the inputs, so it is checked like the sources.
    let dense = merge_keys(ctx, args, 1, &mut max)?;
    let key = args.get(1);
    let old = ctx.lookup(key)?;
    let mut h = match &old {
        Some(m) => hll_value(ctx, key, m)?.0,
        None => hll::new_sparse(),
    };
    if dense {
        hll::to_dense(&mut h).map_err(hll_error)?;
    }
    hll::store_max(&mut h, &max, sparse_max(ctx));
    hll::invalidate(&mut h);
    store_raw(ctx, key, h, old.as_ref())?;
    ctx.notify(crate::notify::STRING, "pfadd", key);
    Ok(Reply::ok())
}

/// PFDEBUG subcommand key
pub fn pfdebug(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(2);
    let Some(m) = ctx.lookup_string(key, false)? else {
        return Err(CmdError::PfdebugNoKey);
    };
    let (body, enc) = hll_value(ctx, key, &m)?;
    let to_dense = |ctx: &mut Ctx| -> Result<(Vec<u8>, bool), CmdError> {
        let mut h = body.clone();
        let converted = hll::to_dense(&mut h).map_err(hll_error)?;
        store_raw(ctx, key, h.clone(), Some(&m))?;
        Ok((h, converted))
    };
    if args.is(1, "getreg") {
        let (h, _) = to_dense(ctx)?;
        let regs = hll::registers(&h).map_err(hll_error)?;
        Ok(Reply::Array(
            regs.iter().map(|&r| Reply::Int(r as i64)).collect(),
        ))
    } else if args.is(1, "decode") {
        if enc != Encoding::Sparse {
            return Err(CmdError::PfdebugNotSparse);
        }
        Ok(Reply::Bulk(Bytes::from(hll::describe_sparse(&body))))
    } else if args.is(1, "encoding") {
        Ok(Reply::Status(
            match enc {
                Encoding::Dense => "dense",
                Encoding::Sparse => "sparse",
            }
            .into(),
        ))
    } else if args.is(1, "todense") {
        let (_, converted) = to_dense(ctx)?;
        Ok(Reply::Int(converted as i64))
    } else {
        Err(CmdError::PfdebugUnknown(args.get(1).to_vec()))
    }
}

/// PFSELFTEST
pub fn pfselftest(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    hll::self_test().map_err(CmdError::HllSelfTest)?;
    Ok(Reply::ok())
}
