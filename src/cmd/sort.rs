//! SORT and SORT_RO: the elements of a list, set or sorted set, sorted as numbers or (ALPHA) as
//! strings, optionally by weights looked up in other keys (BY), with values of other keys in
//! their place (GET), a LIMIT window, and (SORT) stored as a list.
//!
//! The BY and GET patterns name keys that only the elements determine, so the command table
//! runs both commands with the whole server to itself: what they read cannot change under them.

use super::args::parse_f64_weight;
use super::{hashes, lists, sets, strings, Args, CmdError, Ctx};
use crate::notify;
use crate::resp::Reply;
use bytes::Bytes;
use std::cmp::Ordering;
use strata_storage::types::list::List;
use strata_storage::types::zset::{Pos, Zset};
use strata_storage::{Kind, Meta};

/// What the options ask for.
struct Options<'a> {
    by: Option<&'a [u8]>,
    /// BY a pattern without `*`: keep the key's own order.
    dont_sort: bool,
    gets: Vec<&'a [u8]>,
    offset: i64,
    count: i64,
    desc: bool,
    alpha: bool,
    store: Option<&'a [u8]>,
}

/// Parses the options from argument 2 on; `store_allowed` is false for SORT_RO.
fn options(args: &Args, store_allowed: bool) -> Result<Options<'_>, CmdError> {
    let mut o = Options {
        by: None,
        dont_sort: false,
        gets: Vec::new(),
        offset: 0,
        count: -1,
        desc: false,
        alpha: false,
        store: None,
    };
    let mut i = 2;
    while i < args.len() {
        let left = args.len() - i - 1;
        if args.is(i, "asc") {
            o.desc = false;
        } else if args.is(i, "desc") {
            o.desc = true;
        } else if args.is(i, "alpha") {
            o.alpha = true;
        } else if args.is(i, "limit") && left >= 2 {
            o.offset = args.i64(i + 1)?;
            o.count = args.i64(i + 2)?;
            i += 2;
        } else if store_allowed && args.is(i, "store") && left >= 1 {
            o.store = Some(args.get(i + 1));
            i += 1;
        } else if args.is(i, "by") && left >= 1 {
            let pattern = args.get(i + 1);
            o.dont_sort = !pattern.contains(&b'*');
            o.by = Some(pattern);
            i += 1;
        } else if args.is(i, "get") && left >= 1 {
            o.gets.push(args.get(i + 1));
            i += 1;
        } else {
            return Err(CmdError::Syntax);
        }
        i += 1;
    }
    Ok(o)
}

/// The key a pattern names for `element` (its first `*` replaced), and the hash field after a
/// `->` that follows the `*` (with at least one byte after it). `None` without a `*`.
fn pattern_target<'p>(pattern: &'p [u8], element: &[u8]) -> Option<(Vec<u8>, Option<&'p [u8]>)> {
    let star = pattern.iter().position(|&b| b == b'*')?;
    let after = &pattern[star + 1..];
    let (rest, field) = match after.windows(2).position(|w| w == b"->") {
        Some(at) if at + 2 < after.len() => (&after[..at], Some(&after[at + 2..])),
        _ => (after, None),
    };
    let mut key = Vec::with_capacity(pattern.len() + element.len());
    key.extend_from_slice(&pattern[..star]);
    key.extend_from_slice(element);
    key.extend_from_slice(rest);
    Some((key, field))
}

/// The value a BY or GET pattern finds for `element`: `#` is the element itself; otherwise the
/// string at the named key, or the named field of the hash there. Missing keys, keys of another
/// type and missing fields find nothing.
fn lookup_pattern(
    ctx: &mut Ctx,
    pattern: &[u8],
    element: &[u8],
    write: bool,
) -> Result<Option<Vec<u8>>, CmdError> {
    if pattern == b"#" {
        return Ok(Some(element.to_vec()));
    }
    let Some((key, field)) = pattern_target(pattern, element) else {
        return Ok(None);
    };
    let found = if write {
        ctx.lookup(&key)?
    } else {
        ctx.lookup_read(&key)?
    };
    let Some(m) = found else {
        return Ok(None);
    };
    match (field, m.kind) {
        (None, Kind::String) => Ok(Some(strings::value(ctx, &key, m)?)),
        (Some(f), Kind::Hash) => hashes::field_value(ctx, &key, &m, f),
        _ => Ok(None),
    }
}

/// The elements of the list, set or zset `m` at `key`, in the key's own order.
fn elements(ctx: &Ctx, key: &[u8], m: &Meta) -> Result<Vec<Vec<u8>>, CmdError> {
    Ok(match m.kind {
        Kind::List => {
            let list = List::of(m)?;
            ctx.batch
                .list_range(ctx.db, key, &list, list.head, list.len())?
        }
        Kind::Set => sets::members_in_order(ctx, key, m)?,
        _ => {
            let z = Zset::of(m)?;
            let mut out = Vec::with_capacity(z.size.min(1 << 20) as usize);
            ctx.batch
                .zscan(ctx.db, key, &z, &Pos::start(), false, |_, member| {
                    out.push(member.to_vec());
                    true
                })?;
            out
        }
    })
}

/// The window `[start, end]` of `len` sorted elements that LIMIT selects (empty if `end <
/// start`), as Redis clamps it.
fn window(offset: i64, count: i64, len: usize) -> (usize, usize) {
    let len = len as i64;
    let start = offset.max(0);
    let mut end = if count < 0 {
        len - 1
    } else {
        start.saturating_add(count) - 1
    };
    if start >= len {
        return (0, 0);
    }
    if end >= len {
        end = len - 1;
    }
    (start as usize, (end + 1).max(start) as usize)
}

/// C's `strcoll` in the C locale: bytes compared up to the first NUL of either string.
fn c_string_cmp(a: &[u8], b: &[u8]) -> Ordering {
    let cut = |s: &[u8]| s.iter().position(|&c| c == 0).unwrap_or(s.len());
    a[..cut(a)].cmp(&b[..cut(b)])
}

/// What an element is sorted by.
enum Weight {
    Number(f64),
    /// ALPHA: the compared bytes (`None`: BY found nothing, which sorts first).
    Text(Option<Vec<u8>>),
}

fn sort_generic(ctx: &mut Ctx, args: &Args, store_allowed: bool) -> Result<Reply, CmdError> {
    let mut o = options(args, store_allowed)?;
    let key = args.get(1);
    let write = o.store.is_some();
    let found = if write {
        ctx.lookup(key)?
    } else {
        ctx.lookup_read(key)?
    };
    let m = match found {
        Some(m) if !matches!(m.kind, Kind::List | Kind::Set | Kind::ZSet) => {
            return Err(CmdError::WrongType)
        }
        other => other,
    };
    // A set has no order of its own that scripts and stored results could rely on: sort it.
    if o.dont_sort
        && m.as_ref().is_some_and(|m| m.kind == Kind::Set)
        && (write || ctx.server.scripting.run.is_running())
    {
        o.dont_sort = false;
        o.alpha = true;
        o.by = None;
    }
    let mut items = match &m {
        Some(m) => elements(ctx, key, m)?,
        None => Vec::new(),
    };
    if o.dont_sort {
        // A list or a zset keeps its order, read from the other end for DESC.
        if o.desc && m.as_ref().is_some_and(|m| m.kind != Kind::Set) {
            items.reverse();
        }
    } else {
        let mut weighted = Vec::with_capacity(items.len());
        let mut unparsable = false;
        for item in items {
            let by = match o.by {
                Some(pattern) => lookup_pattern(ctx, pattern, &item, write)?,
                None => Some(item.clone()),
            };
            let weight = if o.alpha {
                Weight::Text(by)
            } else {
                Weight::Number(match by {
                    Some(v) => parse_f64_weight(&v).unwrap_or_else(|| {
                        unparsable = true;
                        0.0
                    }),
                    None => 0.0,
                })
            };
            weighted.push((weight, item));
        }
        if unparsable {
            return Err(CmdError::SortNotDouble);
        }
        // Stored results compare bytes; replies compare as strcoll would.
        let text_cmp = if write { <[u8]>::cmp } else { c_string_cmp };
        weighted.sort_by(|(wa, a), (wb, b)| {
            let order = match (wa, wb) {
                (Weight::Number(x), Weight::Number(y)) => x
                    .partial_cmp(y)
                    .unwrap_or(Ordering::Equal)
                    .then_with(|| a.cmp(b)),
                (Weight::Text(None), Weight::Text(None)) => Ordering::Equal,
                (Weight::Text(None), _) => Ordering::Less,
                (_, Weight::Text(None)) => Ordering::Greater,
                (Weight::Text(Some(x)), Weight::Text(Some(y))) => text_cmp(x, y),
                _ => Ordering::Equal,
            };
            if o.desc {
                order.reverse()
            } else {
                order
            }
        });
        items = weighted.into_iter().map(|(_, item)| item).collect();
    }
    let (start, end) = window(o.offset, o.count, items.len());
    let mut out: Vec<Option<Vec<u8>>> = Vec::new();
    for item in &items[start..end] {
        if o.gets.is_empty() {
            out.push(Some(item.clone()));
        }
        for pattern in &o.gets {
            out.push(lookup_pattern(ctx, pattern, item, write)?);
        }
    }
    let Some(dst) = o.store else {
        return Ok(Reply::Array(
            out.into_iter()
                .map(|v| v.map_or(Reply::Nil, |v| Reply::Bulk(Bytes::from(v))))
                .collect(),
        ));
    };
    let values: Vec<Vec<u8>> = out.into_iter().map(Option::unwrap_or_default).collect();
    let deleted = lists::store(ctx, dst, &values)?;
    if !values.is_empty() {
        ctx.notify(notify::LIST, "sortstore", dst);
    } else if deleted {
        ctx.notify(notify::GENERIC, "del", dst);
    }
    Ok(Reply::Int(values.len() as i64))
}

/// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]
pub fn sort(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    sort_generic(ctx, args, true)
}

/// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
pub fn sort_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    sort_generic(ctx, args, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_substitute_the_first_star_and_split_a_hash_field() {
        assert_eq!(pattern_target(b"w_*", b"3"), Some((b"w_3".to_vec(), None)));
        assert_eq!(
            pattern_target(b"o_*->name", b"3"),
            Some((b"o_3".to_vec(), Some(&b"name"[..])))
        );
        assert_eq!(
            pattern_target(b"o_*->", b"3"),
            Some((b"o_3->".to_vec(), None))
        );
        assert_eq!(
            pattern_target(b"a->b*c", b"3"),
            Some((b"a->b3c".to_vec(), None))
        );
        assert_eq!(pattern_target(b"*x*", b"3"), Some((b"3x*".to_vec(), None)));
        assert_eq!(pattern_target(b"nostar", b"3"), None);
    }

    #[test]
    fn limit_windows_clamp_like_redis() {
        assert_eq!(window(0, -1, 5), (0, 5));
        assert_eq!(window(1, 2, 5), (1, 3));
        assert_eq!(window(-3, 2, 5), (0, 2));
        assert_eq!(window(4, 10, 5), (4, 5));
        assert_eq!(window(5, 1, 5), (0, 0));
        assert_eq!(window(2, 0, 5), (2, 2));
        assert_eq!(window(0, 3, 0), (0, 0));
        assert_eq!(window(i64::MAX, i64::MAX, 5), (0, 0));
        assert_eq!(window(1, i64::MAX, 5), (1, 5));
    }

    #[test]
    fn strcoll_stops_at_nul() {
        assert_eq!(c_string_cmp(b"a\0z", b"a\0b"), Ordering::Equal);
        assert_eq!(c_string_cmp(b"ab", b"a"), Ordering::Greater);
    }
}
