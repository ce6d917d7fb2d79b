//! SLOWLOG: reading and clearing the server's slow log ([`crate::slowlog`]).

use super::args::parse_i64;
use super::error::CmdError;
use super::{help, Args, Ctx};
use crate::resp::Reply;

/// SLOWLOG GET [count]
pub fn slowlog_get(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let count = match args.len() {
        2 => Some(10),
        3 => match parse_i64(args.get(2)) {
            Some(-1) => None,
            Some(n) if n >= 0 => Some(n as usize),
            _ => return Err(CmdError::SlowlogCount),
        },
        _ => {
            return Err(CmdError::SubcommandArity(
                String::from_utf8_lossy(args.get(1)).into_owned(),
                "SLOWLOG",
            ))
        }
    };
    Ok(ctx.server.slowlog.newest(count))
}

/// SLOWLOG LEN
pub fn slowlog_len(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(ctx.server.slowlog.len() as i64))
}

/// SLOWLOG RESET
pub fn slowlog_reset(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    ctx.server.slowlog.reset();
    Ok(Reply::ok())
}

/// SLOWLOG HELP
pub fn slowlog_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::SLOWLOG))
}
