//! Pub/sub commands: SUBSCRIBE/UNSUBSCRIBE, PSUBSCRIBE/PUNSUBSCRIBE, SSUBSCRIBE/SUNSUBSCRIBE,
//! PUBLISH/SPUBLISH and PUBSUB introspection, over the registry in [`crate::pubsub`].
//!
//! A (un)subscribe command answers once per channel, so it returns a [`Reply::Sequence`] of
//! push messages (arrays in RESP2) carrying the client's subscription count after each step.
//! While a RESP2 client has subscriptions it may only run the commands Redis allows in that
//! context (checked by `execute`); a RESP3 client may run anything.

use super::{help, Args, CmdError, Ctx};
use crate::pubsub::{Space, Subscription};
use crate::resp::Reply;
use bytes::Bytes;

fn kind_reply(kind: &'static str, name: Option<Bytes>, count: usize) -> Reply {
    Reply::Push(vec![
        Reply::Bulk(Bytes::from_static(kind.as_bytes())),
        name.map_or(Reply::Nil, Reply::Bulk),
        Reply::Int(count as i64),
    ])
}

/// The client's subscriptions in `space`, and the count its replies show for that space.
fn names_of(sub: &mut Subscription, space: Space) -> &mut Vec<Bytes> {
    match space {
        Space::Channels => &mut sub.channels,
        Space::Patterns => &mut sub.patterns,
        Space::Shard => &mut sub.shard_channels,
    }
}

fn count_of(sub: &Subscription, space: Space) -> usize {
    if space == Space::Shard {
        sub.shard_channels.len()
    } else {
        sub.count()
    }
}

fn subscribe_to(ctx: &mut Ctx, args: &Args, space: Space, kind: &'static str) -> Reply {
    let info = ctx.client.info.clone();
    let sub = ctx
        .client
        .pubsub
        .get_or_insert_with(|| Subscription::new(info));
    let mut replies = Vec::with_capacity(args.len() - 1);
    for i in 1..args.len() {
        let name = args.bytes(i);
        if !names_of(sub, space).contains(&name) {
            names_of(sub, space).push(name.clone());
            ctx.server.pubsub.subscribe(space, &name, &sub.sink);
        }
        replies.push(kind_reply(kind, Some(name), count_of(sub, space)));
    }
    Reply::Sequence(replies)
}

fn unsubscribe_from(ctx: &mut Ctx, args: &Args, space: Space, kind: &'static str) -> Reply {
    let id = ctx.client.info.id;
    let Some(sub) = ctx.client.pubsub.as_mut() else {
        let replies = if args.len() == 1 {
            vec![kind_reply(kind, None, 0)]
        } else {
            (1..args.len())
                .map(|i| kind_reply(kind, Some(args.bytes(i)), 0))
                .collect()
        };
        return Reply::Sequence(replies);
    };
    let names: Vec<Bytes> = if args.len() == 1 {
        names_of(sub, space).clone()
    } else {
        (1..args.len()).map(|i| args.bytes(i)).collect()
    };
    if names.is_empty() {
        return Reply::Sequence(vec![kind_reply(kind, None, count_of(sub, space))]);
    }
    let mut replies = Vec::with_capacity(names.len());
    for name in names {
        let list = names_of(sub, space);
        if let Some(at) = list.iter().position(|n| *n == name) {
            list.remove(at);
            ctx.server.pubsub.unsubscribe(space, &name, id);
        }
        replies.push(kind_reply(kind, Some(name), count_of(sub, space)));
    }
    Reply::Sequence(replies)
}

/// SUBSCRIBE channel [channel ...]
pub fn subscribe(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(subscribe_to(ctx, args, Space::Channels, "subscribe"))
}

/// UNSUBSCRIBE [channel [channel ...]]
pub fn unsubscribe(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(unsubscribe_from(ctx, args, Space::Channels, "unsubscribe"))
}

/// PSUBSCRIBE pattern [pattern ...]
pub fn psubscribe(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(subscribe_to(ctx, args, Space::Patterns, "psubscribe"))
}

/// PUNSUBSCRIBE [pattern [pattern ...]]
pub fn punsubscribe(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(unsubscribe_from(ctx, args, Space::Patterns, "punsubscribe"))
}

/// SSUBSCRIBE shardchannel [shardchannel ...]
pub fn ssubscribe(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    // Redis 7.0 refuses it inside EXEC (SUBSCRIBE it still allows there, for old clients).
    if ctx.deny_blocking {
        return Err(CmdError::SsubscribeDenyBlocking);
    }
    Ok(subscribe_to(ctx, args, Space::Shard, "ssubscribe"))
}

/// SUNSUBSCRIBE [shardchannel [shardchannel ...]]
pub fn sunsubscribe(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(unsubscribe_from(ctx, args, Space::Shard, "sunsubscribe"))
}

/// Drops every subscription of the client (RESET, disconnect).
pub fn unsubscribe_all(server: &crate::server::Server, client: &mut crate::server::ClientState) {
    let Some(sub) = client.pubsub.take() else {
        return;
    };
    let id = client.info.id;
    for (space, names) in [
        (Space::Channels, &sub.channels),
        (Space::Patterns, &sub.patterns),
        (Space::Shard, &sub.shard_channels),
    ] {
        for n in names {
            server.pubsub.unsubscribe(space, n, id);
        }
    }
}

/// PUBLISH channel message
pub fn publish(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let n = ctx
        .server
        .pubsub
        .publish(&args.bytes(1), &args.bytes(2), false);
    Ok(Reply::Int(n as i64))
}

/// SPUBLISH shardchannel message
pub fn spublish(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let n = ctx
        .server
        .pubsub
        .publish(&args.bytes(1), &args.bytes(2), true);
    Ok(Reply::Int(n as i64))
}

fn names_reply(ctx: &Ctx, args: &Args, space: Space) -> Result<Reply, CmdError> {
    if args.len() > 3 {
        return Err(CmdError::SubcommandArity(
            String::from_utf8_lossy(args.get(1)).into_owned(),
            "PUBSUB",
        ));
    }
    let pattern = (args.len() == 3).then(|| args.get(2));
    Ok(Reply::Array(
        ctx.server
            .pubsub
            .names(space, pattern)
            .into_iter()
            .map(Reply::Bulk)
            .collect(),
    ))
}

fn counts_reply(ctx: &Ctx, args: &Args, space: Space) -> Reply {
    let mut out = Vec::with_capacity((args.len() - 2) * 2);
    for i in 2..args.len() {
        out.push(Reply::Bulk(args.bytes(i)));
        out.push(Reply::Int(
            ctx.server.pubsub.subscribers(space, args.get(i)) as i64,
        ));
    }
    Reply::Array(out)
}

/// PUBSUB CHANNELS [pattern]
pub fn pubsub_channels(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    names_reply(ctx, args, Space::Channels)
}

/// PUBSUB SHARDCHANNELS [pattern]
pub fn pubsub_shardchannels(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    names_reply(ctx, args, Space::Shard)
}

/// PUBSUB NUMSUB [channel [channel ...]]
pub fn pubsub_numsub(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(counts_reply(ctx, args, Space::Channels))
}

/// PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
pub fn pubsub_shardnumsub(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    Ok(counts_reply(ctx, args, Space::Shard))
}

/// PUBSUB NUMPAT
pub fn pubsub_numpat(ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(Reply::Int(ctx.server.pubsub.pattern_count() as i64))
}

/// PUBSUB HELP
pub fn pubsub_help(_ctx: &mut Ctx, _args: &mut Args) -> Result<Reply, CmdError> {
    Ok(help::reply(help::PUBSUB))
}
