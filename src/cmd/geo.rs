//! Geo commands: a geo index is a sorted set whose scores are 52-bit geohashes
//! ([`crate::geo`] holds the arithmetic), so GEOADD is ZADD of encoded positions and a search
//! is a few score-range scans of the zset index plus a distance filter.
//!
//! Redis checks a search's arguments in one pass, reading the source zset as it goes (a
//! FROMMEMBER member must exist before later arguments are looked at), so the handlers here
//! look the source key up first and then parse in Redis' order: which error a bad request gets
//! is part of the reply. Nothing is written before every argument has been checked.

use super::zsets;
use super::{Args, CmdError, Ctx};
use crate::geo::{self, Hit, Order, Search, Shape};
use crate::resp::Reply;
use bytes::Bytes;
use strata_storage::types::zset::{Pos, Zset};

/// Longitude and latitude at `args[i]`, `args[i + 1]`, within the indexable range.
fn lon_lat(args: &Args, i: usize) -> Result<(f64, f64), CmdError> {
    let (lon, lat) = (args.f64(i)?, args.f64(i + 1)?);
    if !geo::valid(lon, lat) {
        return Err(CmdError::InvalidLonLat(lon, lat));
    }
    Ok((lon, lat))
}

/// Meters per unit of the unit name at `args[i]`.
fn unit_arg(args: &Args, i: usize) -> Result<f64, CmdError> {
    geo::unit(args.get(i)).ok_or(CmdError::GeoUnit)
}

/// A non-negative number of the request's unit, or `err` if it is not a number.
fn length_arg(args: &Args, i: usize, err: CmdError) -> Result<f64, CmdError> {
    args.f64(i).map_err(|_| err)
}

/// `radius unit` at `args[i]`: (radius, meters per unit).
fn radius_arg(args: &Args, i: usize) -> Result<(Shape, f64), CmdError> {
    let r = length_arg(args, i, CmdError::GeoRadiusNotNumeric)?;
    if r < 0.0 {
        return Err(CmdError::GeoRadiusNegative);
    }
    Ok((Shape::Radius(r), unit_arg(args, i + 1)?))
}

/// `width height unit` at `args[i]`: (box, meters per unit).
fn box_arg(args: &Args, i: usize) -> Result<(Shape, f64), CmdError> {
    let width = length_arg(args, i, CmdError::GeoWidthNotNumeric)?;
    let height = length_arg(args, i + 1, CmdError::GeoHeightNotNumeric)?;
    if width < 0.0 || height < 0.0 {
        return Err(CmdError::GeoBoxNegative);
    }
    Ok((Shape::Box { width, height }, unit_arg(args, i + 2)?))
}

/// The decoded position of `member` in the zset `z` of `key`, `None` if it is not a member.
fn position(
    ctx: &Ctx,
    key: &[u8],
    z: &Zset,
    member: &[u8],
) -> Result<Option<(f64, f64)>, CmdError> {
    Ok(ctx
        .batch
        .zscore(ctx.db, key, z, member)?
        .map(geo::decode_score))
}

fn bulk(v: &[u8]) -> Reply {
    Reply::Bulk(Bytes::copy_from_slice(v))
}

fn coords_reply(lon: f64, lat: f64) -> Reply {
    Reply::Array(vec![
        Reply::DoubleText(geo::format_coord(lon)),
        Reply::DoubleText(geo::format_coord(lat)),
    ])
}

/// GEOADD key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]
pub fn geoadd(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let (f, i) = zsets::add_flags(args, &["nx", "xx", "ch"]);
    if !(args.len() - i).is_multiple_of(3) || (f.nx && f.xx) {
        return Err(CmdError::Syntax);
    }
    let mut elements = Vec::with_capacity((args.len() - i) / 3);
    for j in (i..args.len()).step_by(3) {
        let (lon, lat) = lon_lat(args, j)?;
        // Valid coordinates always encode; the score is the geohash as a double (exact: < 2^54).
        let bits = geo::encode(lon, lat).ok_or(CmdError::InvalidLonLat(lon, lat))?;
        elements.push((bits as f64, args.get(j + 2)));
    }
    zsets::add_generic(ctx, args.get(1), &f, &elements, "zadd")
}

/// GEODIST key member1 member2 [M|KM|FT|MI]
pub fn geodist(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let unit = match args.len() {
        4 => 1.0,
        5 => unit_arg(args, 4)?,
        _ => return Err(CmdError::Syntax),
    };
    let key = args.get(1);
    let Some((_, z)) = zsets::lookup_zset(ctx, key, true)? else {
        return Ok(Reply::Nil);
    };
    let (Some(a), Some(b)) = (
        position(ctx, key, &z, args.get(2))?,
        position(ctx, key, &z, args.get(3))?,
    ) else {
        return Ok(Reply::Nil);
    };
    let d = geo::distance(a.0, a.1, b.0, b.1) / unit;
    Ok(Reply::bulk(geo::format_distance(d)))
}

/// GEOHASH key [member [member ...]]
pub fn geohash(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let z = zsets::lookup_zset(ctx, key, true)?.map(|(_, z)| z);
    let mut out = Vec::with_capacity(args.len() - 2);
    for i in 2..args.len() {
        let score = match &z {
            Some(z) => ctx.batch.zscore(ctx.db, key, z, args.get(i))?,
            None => None,
        };
        out.push(score.map_or(Reply::Nil, |s| bulk(&geo::geohash_string(s))));
    }
    Ok(Reply::Array(out))
}

/// GEOPOS key [member [member ...]]
pub fn geopos(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    let key = args.get(1);
    let z = zsets::lookup_zset(ctx, key, true)?.map(|(_, z)| z);
    let mut out = Vec::with_capacity(args.len() - 2);
    for i in 2..args.len() {
        let pos = match &z {
            Some(z) => position(ctx, key, z, args.get(i))?,
            None => None,
        };
        out.push(pos.map_or(Reply::NilArray, |(lon, lat)| coords_reply(lon, lat)));
    }
    Ok(Reply::Array(out))
}

/// Which of the search commands is running: what it takes before its options and which
/// options it accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// GEORADIUS[_RO] key longitude latitude radius unit
    Radius { store: bool },
    /// GEORADIUSBYMEMBER[_RO] key member radius unit
    ByMember { store: bool },
    /// GEOSEARCH key ...
    Search,
    /// GEOSEARCHSTORE destination source ...
    SearchStore,
}

impl Kind {
    fn is_search(self) -> bool {
        matches!(self, Kind::Search | Kind::SearchStore)
    }

    /// Whether the STORE/STOREDIST key options exist (GEORADIUS and GEORADIUSBYMEMBER).
    fn store_option(self) -> bool {
        matches!(
            self,
            Kind::Radius { store: true } | Kind::ByMember { store: true }
        )
    }
}

/// A parsed search request.
struct Request {
    search: Option<Search>,
    order: Order,
    count: usize,
    any: bool,
    withdist: bool,
    withhash: bool,
    withcoord: bool,
    /// Destination key, and whether it stores distances rather than geohashes.
    store: Option<(Bytes, bool)>,
}

/// Parses a search command. `z` is the source zset (`None`: no such key): FROMMEMBER and
/// GEORADIUSBYMEMBER read their member's position while parsing, as Redis does; without a
/// source key they skip that, and GEORADIUSBYMEMBER even skips its radius and unit.
fn parse_search(
    ctx: &Ctx,
    args: &Args,
    kind: Kind,
    src: &[u8],
    z: Option<&Zset>,
) -> Result<Request, CmdError> {
    let mut centre: Option<(f64, f64)> = None;
    let mut shape: Option<(Shape, f64)> = None;
    let base = match kind {
        Kind::Radius { .. } => {
            centre = Some(lon_lat(args, 2)?);
            shape = Some(radius_arg(args, 4)?);
            6
        }
        Kind::ByMember { .. } => {
            if let Some(z) = z {
                centre =
                    Some(position(ctx, src, z, args.get(2))?.ok_or(CmdError::GeoMemberNotFound)?);
                shape = Some(radius_arg(args, 3)?);
            }
            5
        }
        Kind::Search => 2,
        Kind::SearchStore => 3,
    };
    let mut req = Request {
        search: None,
        order: Order::None,
        count: 0,
        any: false,
        withdist: false,
        withhash: false,
        withcoord: false,
        store: match kind {
            Kind::SearchStore => Some((args.bytes(1), false)),
            _ => None,
        },
    };
    let (mut from_member, mut from_lonlat, mut by_radius, mut by_box) =
        (false, false, false, false);
    let n = args.len();
    let mut i = base;
    while i < n {
        // How many arguments follow this one.
        let rest = n - i - 1;
        let search = kind.is_search();
        let word = args.get(i).to_ascii_lowercase();
        match word.as_slice() {
            b"withdist" => req.withdist = true,
            b"withhash" => req.withhash = true,
            b"withcoord" => req.withcoord = true,
            b"any" => req.any = true,
            b"asc" => req.order = Order::Asc,
            b"desc" => req.order = Order::Desc,
            b"count" if rest >= 1 => {
                let c = args.i64(i + 1)?;
                if c <= 0 {
                    return Err(CmdError::GeoCountNotPositive);
                }
                req.count = usize::try_from(c).unwrap_or(usize::MAX);
                i += 1;
            }
            b"store" | b"storedist" if rest >= 1 && kind.store_option() => {
                req.store = Some((args.bytes(i + 1), word == b"storedist"));
                i += 1;
            }
            b"storedist" if kind == Kind::SearchStore => {
                req.store = Some((args.bytes(1), true));
            }
            b"frommember" if rest >= 1 && search && !from_lonlat => {
                if let Some(z) = z {
                    centre = Some(
                        position(ctx, src, z, args.get(i + 1))?
                            .ok_or(CmdError::GeoMemberNotFound)?,
                    );
                }
                from_member = true;
                i += 1;
            }
            b"fromlonlat" if rest >= 2 && search && !from_member => {
                centre = Some(lon_lat(args, i + 1)?);
                from_lonlat = true;
                i += 2;
            }
            b"byradius" if rest >= 2 && search && !by_box => {
                shape = Some(radius_arg(args, i + 1)?);
                by_radius = true;
                i += 2;
            }
            b"bybox" if rest >= 3 && search && !by_radius => {
                shape = Some(box_arg(args, i + 1)?);
                by_box = true;
                i += 3;
            }
            _ => return Err(CmdError::Syntax),
        }
        i += 1;
    }
    if req.store.is_some() && (req.withdist || req.withhash || req.withcoord) {
        return Err(CmdError::GeoStoreWithOptions(kind == Kind::SearchStore));
    }
    let typed = || String::from_utf8_lossy(args.get(0)).into_owned();
    if kind.is_search() && !(from_member || from_lonlat) {
        return Err(CmdError::GeoNeedFrom(typed()));
    }
    if kind.is_search() && !(by_radius || by_box) {
        return Err(CmdError::GeoNeedBy(typed()));
    }
    if req.any && req.count == 0 {
        return Err(CmdError::GeoAnyWithoutCount);
    }
    if let (Some((lon, lat)), Some((shape, unit))) = (centre, shape) {
        req.search = Some(Search {
            lon,
            lat,
            shape,
            unit,
        });
    }
    Ok(req)
}

/// The reply entry of one hit: the member alone, or with the options asked for, in Redis'
/// order (distance, geohash, coordinates).
fn hit_reply(req: &Request, unit: f64, h: &Hit) -> Reply {
    if !(req.withdist || req.withhash || req.withcoord) {
        return bulk(&h.member);
    }
    let mut v = vec![bulk(&h.member)];
    if req.withdist {
        v.push(Reply::bulk(geo::format_distance(h.dist / unit)));
    }
    if req.withhash {
        v.push(Reply::Int(h.score as i64));
    }
    if req.withcoord {
        v.push(coords_reply(h.lon, h.lat));
    }
    Reply::Array(v)
}

fn search_generic(ctx: &mut Ctx, args: &Args, kind: Kind) -> Result<Reply, CmdError> {
    let src = args.get(if kind == Kind::SearchStore { 2 } else { 1 });
    let z = zsets::lookup_zset(ctx, src, true)?.map(|(_, z)| z);
    let req = parse_search(ctx, args, kind, src, z.as_ref())?;
    let event = if kind.is_search() {
        "geosearchstore"
    } else {
        "georadiusstore"
    };
    // Without a source zset there is no centre for a member search, and nothing to find.
    let (Some(z), Some(search)) = (z, req.search) else {
        return match &req.store {
            Some((dst, _)) => zsets::store(ctx, dst, &[], event),
            None => Ok(Reply::Array(Vec::new())),
        };
    };
    let hits = search.run(req.order, req.count, req.any, |min, visit| {
        ctx.batch
            .zscan(ctx.db, src, &z, &Pos::before_score(min), false, |s, m| {
                visit(s, m)
            })
    })?;
    match &req.store {
        Some((dst, dist)) => {
            let items: Vec<(Vec<u8>, f64)> = hits
                .into_iter()
                .map(|h| {
                    let score = if *dist { h.dist / search.unit } else { h.score };
                    (h.member, score)
                })
                .collect();
            zsets::store(ctx, dst, &items, event)
        }
        None => Ok(Reply::Array(
            hits.iter()
                .map(|h| hit_reply(&req, search.unit, h))
                .collect(),
        )),
    }
}

/// GEORADIUS key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
/// [COUNT count [ANY]] [ASC|DESC] [STORE key] [STOREDIST key]
pub fn georadius(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    search_generic(ctx, args, Kind::Radius { store: true })
}

/// GEORADIUS_RO key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
/// [COUNT count [ANY]] [ASC|DESC]
pub fn georadius_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    search_generic(ctx, args, Kind::Radius { store: false })
}

/// GEORADIUSBYMEMBER key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
/// [COUNT count [ANY]] [ASC|DESC] [STORE key] [STOREDIST key]
pub fn georadiusbymember(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    search_generic(ctx, args, Kind::ByMember { store: true })
}

/// GEORADIUSBYMEMBER_RO key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
/// [COUNT count [ANY]] [ASC|DESC]
pub fn georadiusbymember_ro(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    search_generic(ctx, args, Kind::ByMember { store: false })
}

/// GEOSEARCH key FROMMEMBER member|FROMLONLAT longitude latitude
/// BYRADIUS radius M|KM|FT|MI|BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]]
/// [WITHCOORD] [WITHDIST] [WITHHASH]
pub fn geosearch(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    search_generic(ctx, args, Kind::Search)
}

/// GEOSEARCHSTORE destination source FROMMEMBER member|FROMLONLAT longitude latitude
/// BYRADIUS radius M|KM|FT|MI|BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]]
/// [STOREDIST]
pub fn geosearchstore(ctx: &mut Ctx, args: &mut Args) -> Result<Reply, CmdError> {
    search_generic(ctx, args, Kind::SearchStore)
}
