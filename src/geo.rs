//! Geo indexing over sorted sets, computed the way Redis 7.0 computes it, so that scores,
//! distances, the set of points a search finds and their order are the ones Redis gives.
//!
//! A position is stored as the score of a zset member: a 52-bit geohash, longitude and latitude
//! each cut into 2^26 equal steps and their bits interleaved, latitude in the even bits and
//! longitude in the odd ones (bit 51 is the top longitude bit):
//!
//! ```text
//! bit:   51  50  49  48  ...  1   0
//!       lon lat lon lat  ... lon lat      lon in [-180, 180], lat in [-85.05112878, 85.05112878]
//! ```
//!
//! Truncating the low `2 * (26 - s)` bits gives the cell of "step" `s` that contains the point,
//! and every point of that cell has a score in one contiguous range. A search picks a step whose
//! cells are about as large as the search area, scans the cell of the centre and its eight
//! neighbours, and keeps the points whose distance (haversine on a sphere of radius
//! 6372797.560856 m, evaluated in the same order of floating-point operations as Redis, hence
//! to the same bits) passes the shape test. Redis' cell choice can miss points near the poles
//! and for huge areas; Strata reproduces those misses rather than "fixing" them, since the
//! contract is Redis' replies.
//!
//! Edge cases follow Redis too: a coordinate at its upper limit maps to 2^26 steps, one past the
//! grid, so its bit lands above bit 51 (scores of points on the antimeridian or the top latitude
//! exceed 2^52); a score that is not a geohash is read as the integer x86-64 C code makes of it.
//!
//! Everything here is pure arithmetic on its inputs and never panics.

use std::cmp::Ordering;

/// Steps per coordinate of a stored geohash (26 bits each, 52 in all).
const STEP_MAX: u8 = 26;
const LON_MIN: f64 = -180.0;
const LON_MAX: f64 = 180.0;
/// The latitude limits of the Web Mercator projection, which Redis indexes.
const LAT_MIN: f64 = -85.05112878;
const LAT_MAX: f64 = 85.05112878;
/// Mean earth radius Redis uses for distances, in meters.
const EARTH_RADIUS_M: f64 = 6372797.560856;
/// Half the earth's circumference in Web Mercator meters: the yardstick of the step estimate.
const MERCATOR_MAX: f64 = 20037726.37;
const DEG_TO_RAD: f64 = std::f64::consts::PI / 180.0;

/// A closed interval of one coordinate.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    min: f64,
    max: f64,
}

/// The range of the stored index: latitude limited to Web Mercator's.
const LON_SPAN: Span = Span {
    min: LON_MIN,
    max: LON_MAX,
};
const LAT_SPAN: Span = Span {
    min: LAT_MIN,
    max: LAT_MAX,
};
/// The range of the textual geohashes GEOHASH prints: the standard one, latitude to ±90.
const LAT_SPAN_STANDARD: Span = Span {
    min: -90.0,
    max: 90.0,
};

/// A cell: interleaved bits of `step` steps per coordinate. Bits above `2 * step` appear only for
/// coordinates at their upper limit (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    bits: u64,
    step: u8,
}

/// The rectangle a cell covers.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Area {
    lon: Span,
    lat: Span,
}

/// Whether Redis accepts `lon`, `lat` as a position to index or search from.
pub fn valid(lon: f64, lat: f64) -> bool {
    (LON_MIN..=LON_MAX).contains(&lon) && (LAT_MIN..=LAT_MAX).contains(&lat)
}

/// Spreads the 32 bits of `v` to the even bit positions of a u64.
fn spread(v: u32) -> u64 {
    let mut x = v as u64;
    x = (x | (x << 16)) & 0x0000_ffff_0000_ffff;
    x = (x | (x << 8)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x << 4)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x << 2)) & 0x3333_3333_3333_3333;
    (x | (x << 1)) & 0x5555_5555_5555_5555
}

/// Gathers the even bits of `x` into a u32 (the inverse of [`spread`]).
fn gather(x: u64) -> u32 {
    let mut x = x & 0x5555_5555_5555_5555;
    x = (x | (x >> 1)) & 0x3333_3333_3333_3333;
    x = (x | (x >> 2)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x >> 4)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x >> 8)) & 0x0000_ffff_0000_ffff;
    ((x | (x >> 16)) & 0x0000_0000_ffff_ffff) as u32
}

/// The step index of `v` in `span` cut into 2^step parts. The float-to-u32 truncation is the
/// C conversion Redis relies on: `v == span.max` gives 2^step, one past the last step.
fn step_index(v: f64, span: Span, step: u8) -> u32 {
    let offset = (v - span.min) / (span.max - span.min);
    (offset * (1u64 << step) as f64) as u32
}

fn encode_in(lon_span: Span, lat_span: Span, lon: f64, lat: f64, step: u8) -> Option<Cell> {
    if !valid(lon, lat)
        || lat < lat_span.min
        || lat > lat_span.max
        || lon < lon_span.min
        || lon > lon_span.max
    {
        return None;
    }
    let lat_bits = spread(step_index(lat, lat_span, step));
    let lon_bits = spread(step_index(lon, lon_span, step)) << 1;
    Some(Cell {
        bits: lat_bits | lon_bits,
        step,
    })
}

/// The cell of `step` that contains a valid position.
fn cell(lon: f64, lat: f64, step: u8) -> Option<Cell> {
    encode_in(LON_SPAN, LAT_SPAN, lon, lat, step)
}

/// The geohash score of a valid position (`None` outside Redis' limits).
pub fn encode(lon: f64, lat: f64) -> Option<u64> {
    cell(lon, lat, STEP_MAX).map(|c| c.bits)
}

fn area_in(lon_span: Span, lat_span: Span, c: Cell) -> Area {
    let lat_i = gather(c.bits);
    let lon_i = gather(c.bits >> 1);
    let steps = (1u64 << c.step) as f64;
    // `i + 1` wraps like the C u32 arithmetic it mirrors; only a non-geohash score gets there.
    let edge = |i: u32, span: Span| span.min + (i as f64 / steps) * (span.max - span.min);
    Area {
        lon: Span {
            min: edge(lon_i, lon_span),
            max: edge(lon_i.wrapping_add(1), lon_span),
        },
        lat: Span {
            min: edge(lat_i, lat_span),
            max: edge(lat_i.wrapping_add(1), lat_span),
        },
    }
}

/// The rectangle of an index cell.
fn area(c: Cell) -> Area {
    area_in(LON_SPAN, LAT_SPAN, c)
}

/// The position a geohash score stands for: the centre of its cell, clamped to the limits.
fn decode(bits: u64) -> (f64, f64) {
    let a = area(Cell {
        bits,
        step: STEP_MAX,
    });
    let lon = ((a.lon.min + a.lon.max) / 2.0).clamp(LON_MIN, LON_MAX);
    let lat = ((a.lat.min + a.lat.max) / 2.0).clamp(LAT_MIN, LAT_MAX);
    (lon, lat)
}

/// The integer Redis reads from a zset score to decode it. Redis casts the double to `uint64_t`,
/// which C leaves undefined for negative, huge and NaN scores; this is what the x86-64 code
/// compilers emit for that cast makes of them, so GEOPOS of a non-geo score agrees with Redis.
fn score_bits(score: f64) -> u64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    // cvttsd2si: truncation, or i64::MIN ("integer indefinite") for NaN and out-of-range input.
    let cvtt = |x: f64| -> u64 {
        if x.is_nan() || !(-TWO_63..TWO_63).contains(&x) {
            1 << 63
        } else {
            x as i64 as u64
        }
    };
    if score >= TWO_63 {
        cvtt(score - TWO_63) ^ (1 << 63)
    } else {
        cvtt(score)
    }
}

/// The position a zset score stands for.
pub fn decode_score(score: f64) -> (f64, f64) {
    decode(score_bits(score))
}

const BASE32: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";

/// The 11-character geohash GEOHASH prints for a score: the decoded position encoded again over
/// the standard latitude range (±90), five bits per character. Only 52 bits exist and the last
/// character would need 55, so it is always '0', as in Redis.
pub fn geohash_string(score: f64) -> [u8; 11] {
    let (lon, lat) = decode_score(score);
    let bits = encode_in(LON_SPAN, LAT_SPAN_STANDARD, lon, lat, STEP_MAX).map_or(0, |c| c.bits);
    let mut out = [b'0'; 11];
    for (i, ch) in out.iter_mut().take(10).enumerate() {
        *ch = BASE32[((bits >> (52 - (i + 1) * 5)) & 0x1f) as usize];
    }
    out
}

const ODD: u64 = 0xaaaa_aaaa_aaaa_aaaa;
const EVEN: u64 = 0x5555_5555_5555_5555;

/// Moves a cell one step along the coordinate whose bits are in `mask` (ODD: longitude, EVEN:
/// latitude), wrapping around at the edges of the grid. The other coordinate's bits are filled
/// with ones so that the carry (or borrow) ripples across them.
fn shift(c: Cell, mask: u64, up: bool) -> Cell {
    let width = 64 - 2 * c.step as u32;
    let coord = c.bits & mask;
    let other = c.bits & !mask;
    let filler = !mask >> width;
    let moved = if up {
        coord.wrapping_add(filler + 1)
    } else {
        (coord | filler).wrapping_sub(filler + 1)
    };
    Cell {
        bits: (moved & (mask >> width)) | other,
        step: c.step,
    }
}

fn east(c: Cell) -> Cell {
    shift(c, ODD, true)
}
fn west(c: Cell) -> Cell {
    shift(c, ODD, false)
}
fn north(c: Cell) -> Cell {
    shift(c, EVEN, true)
}
fn south(c: Cell) -> Cell {
    shift(c, EVEN, false)
}

/// The eight cells around a cell, in the order a search scans them after the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Neighbours {
    north: Cell,
    south: Cell,
    east: Cell,
    west: Cell,
    north_east: Cell,
    north_west: Cell,
    south_east: Cell,
    south_west: Cell,
}

fn neighbours(c: Cell) -> Neighbours {
    Neighbours {
        north: north(c),
        south: south(c),
        east: east(c),
        west: west(c),
        north_east: north(east(c)),
        north_west: north(west(c)),
        south_east: south(east(c)),
        south_west: south(west(c)),
    }
}

fn rad(deg: f64) -> f64 {
    deg * DEG_TO_RAD
}

fn deg(rad: f64) -> f64 {
    rad / DEG_TO_RAD
}

/// Meters along a meridian between two latitudes.
fn lat_distance(lat1: f64, lat2: f64) -> f64 {
    EARTH_RADIUS_M * (rad(lat2) - rad(lat1)).abs()
}

/// Great-circle distance in meters (haversine), as Redis evaluates it: on one meridian it
/// takes the cheaper exact form.
pub fn distance(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let v = ((rad(lon2) - rad(lon1)) / 2.0).sin();
    if v == 0.0 {
        return lat_distance(lat1, lat2);
    }
    let (lat1, lat2) = (rad(lat1), rad(lat2));
    let u = ((lat2 - lat1) / 2.0).sin();
    let a = u * u + lat1.cos() * lat2.cos() * v * v;
    2.0 * EARTH_RADIUS_M * a.sqrt().asin()
}

/// Meters per unit of a distance unit name (m, km, ft, mi; any case).
pub fn unit(name: &[u8]) -> Option<f64> {
    [
        (&b"m"[..], 1.0),
        (b"km", 1000.0),
        (b"ft", 0.3048),
        (b"mi", 1609.34),
    ]
    .into_iter()
    .find(|(n, _)| n.eq_ignore_ascii_case(name))
    .map(|(_, f)| f)
}

/// A distance as Redis prints it: four decimals of the distance times 10^4 rounded to an
/// integer (half to even), which is not always what `%.4f` gives (`14454878.90485` prints as
/// `14454878.9048`). Out-of-range and NaN values become C's `llrint` result, `i64::MIN`.
pub fn format_distance(d: f64) -> String {
    let scaled = (d * 10_000.0).round_ties_even();
    let v = if scaled.is_nan()
        || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&scaled)
    {
        i64::MIN
    } else {
        scaled as i64
    };
    let sign = if v < 0 { "-" } else { "" };
    let abs = v.unsigned_abs();
    format!("{sign}{}.{:04}", abs / 10_000, abs % 10_000)
}

/// A coordinate as Redis prints it: 17 decimals of its exact value, trailing zeros (and a
/// trailing point) dropped.
pub fn format_coord(d: f64) -> String {
    let mut s = format!("{d:.17}");
    if s.contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
    s
}

/// The area a search covers, in the units of the request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Radius(f64),
    Box { width: f64, height: f64 },
}

/// A search: centre, shape and the meters per unit of the shape's numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Search {
    pub lon: f64,
    pub lat: f64,
    pub shape: Shape,
    pub unit: f64,
}

/// The finest step whose cells are still about as large as a search of `meters` around a
/// point at latitude `lat` (cells narrow towards the poles, so there it goes coarser).
fn estimate_step(meters: f64, lat: f64) -> u8 {
    if meters == 0.0 {
        return STEP_MAX;
    }
    let mut m = meters;
    let mut step: i32 = 1;
    while m < MERCATOR_MAX {
        m *= 2.0;
        step += 1;
    }
    step -= 2;
    if !(-66.0..=66.0).contains(&lat) {
        step -= 1;
        if !(-80.0..=80.0).contains(&lat) {
            step -= 1;
        }
    }
    step.clamp(1, STEP_MAX as i32) as u8
}

impl Search {
    /// The distance in meters from the centre to a point, if the point is inside the shape.
    pub fn distance_to(&self, lon: f64, lat: f64) -> Option<f64> {
        match self.shape {
            Shape::Radius(r) => {
                let d = distance(self.lon, self.lat, lon, lat);
                // NaN (nearly antipodal points) passes, as in Redis.
                (d <= r * self.unit || d.is_nan()).then_some(d)
            }
            Shape::Box { width, height } => {
                if lat_distance(lat, self.lat) > height * self.unit / 2.0
                    || distance(lon, lat, self.lon, lat) > width * self.unit / 2.0
                {
                    return None;
                }
                Some(distance(self.lon, self.lat, lon, lat))
            }
        }
    }

    /// (min lon, min lat, max lon, max lat) around the centre, in degrees.
    fn bounds(&self) -> (f64, f64, f64, f64) {
        let (half_w, half_h) = match self.shape {
            Shape::Radius(r) => (r, r),
            Shape::Box { width, height } => (width / 2.0, height / 2.0),
        };
        let (w, h) = (self.unit * half_w, self.unit * half_h);
        let dlat = deg(h / EARTH_RADIUS_M);
        let dlon_top = deg(w / EARTH_RADIUS_M / rad(self.lat + dlat).cos());
        let dlon_bottom = deg(w / EARTH_RADIUS_M / rad(self.lat - dlat).cos());
        // The parallel farther from the equator is the shorter one: its degrees are wider.
        let dlon = if self.lat < 0.0 {
            dlon_bottom
        } else {
            dlon_top
        };
        (
            self.lon - dlon,
            self.lat - dlat,
            self.lon + dlon,
            self.lat + dlat,
        )
    }

    /// The cells to scan, in scan order: the centre's, then north, south, east, west, north-east,
    /// north-west, south-east, south-west, leaving out those Redis leaves out.
    fn cells(&self) -> Vec<Cell> {
        let (min_lon, min_lat, max_lon, max_lat) = self.bounds();
        let meters = self.unit
            * match self.shape {
                Shape::Radius(r) => r,
                Shape::Box { width, height } => {
                    ((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0)).sqrt()
                }
            };
        let mut step = estimate_step(meters, self.lat);
        let Some(mut centre) = cell(self.lon, self.lat, step) else {
            return Vec::new();
        };
        let mut n = neighbours(centre);
        // The estimate can leave the shape poking out of the 3x3 block: one step coarser then.
        let too_fine = area(n.north).lat.max < max_lat
            || area(n.south).lat.min > min_lat
            || area(n.east).lon.max < max_lon
            || area(n.west).lon.min > min_lon;
        if step > 1 && too_fine {
            step -= 1;
            let Some(c) = cell(self.lon, self.lat, step) else {
                return Vec::new();
            };
            centre = c;
            n = neighbours(centre);
        }
        let a = area(centre);
        // Rows and columns the shape cannot reach are skipped, except at the coarsest step,
        // where the neighbours wrap onto each other.
        let skip_south = step >= 2 && a.lat.min < min_lat;
        let skip_north = step >= 2 && a.lat.max > max_lat;
        let skip_west = step >= 2 && a.lon.min < min_lon;
        let skip_east = step >= 2 && a.lon.max > max_lon;
        let candidates = [
            (centre, false),
            (n.north, skip_north),
            (n.south, skip_south),
            (n.east, skip_east),
            (n.west, skip_west),
            (n.north_east, skip_north || skip_east),
            (n.north_west, skip_north || skip_west),
            (n.south_east, skip_south || skip_east),
            (n.south_west, skip_south || skip_west),
        ];
        // Redis skips a cell equal to the last one it scanned, never comparing with the
        // centre's; duplicates further apart are scanned twice.
        let mut out: Vec<Cell> = Vec::with_capacity(9);
        let mut last_neighbour: Option<Cell> = None;
        for (i, (c, skipped)) in candidates.into_iter().enumerate() {
            if skipped {
                continue;
            }
            if i > 0 {
                if last_neighbour == Some(c) {
                    continue;
                }
                last_neighbour = Some(c);
            }
            out.push(c);
        }
        out
    }

    /// The score ranges `[min, max)` to scan, in scan order, consecutive adjacent ranges merged.
    /// The bounds are doubles as in Redis, which rounds bounds beyond 2^53 to even.
    fn ranges(&self) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::with_capacity(9);
        for c in self.cells() {
            let shift = 52 - 2 * c.step as u32;
            let min = (c.bits << shift) as f64;
            let max = ((c.bits + 1) << shift) as f64;
            match out.last_mut() {
                Some(last) if last.1 == min => last.1 = max,
                _ => out.push((min, max)),
            }
        }
        out
    }
}

/// A point a search found, with its distance from the centre in meters.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub member: Vec<u8>,
    pub score: f64,
    pub lon: f64,
    pub lat: f64,
    pub dist: f64,
}

/// The order of search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Scan order: cell by cell, by score (then member) within a cell.
    None,
    Asc,
    Desc,
}

impl Search {
    /// Runs the search over a zset and returns what Redis returns, in Redis' order. `count` 0
    /// means all; `any` stops at the first `count` points found instead of the `count` nearest.
    /// `scan(min, visit)` must call `visit(score, member)` for the zset's entries from score
    /// `min` on, in score then member order, until `visit` returns false.
    pub fn run<E>(
        &self,
        order: Order,
        count: usize,
        any: bool,
        mut scan: impl FnMut(f64, &mut dyn FnMut(f64, &[u8]) -> bool) -> Result<(), E>,
    ) -> Result<Vec<Hit>, E> {
        let limit = if any { count } else { 0 };
        let mut hits = Vec::new();
        for (min, max) in self.ranges() {
            if limit > 0 && hits.len() >= limit {
                break;
            }
            scan(min, &mut |score, member| {
                if score >= max {
                    return false;
                }
                let (lon, lat) = decode_score(score);
                if let Some(dist) = self.distance_to(lon, lat) {
                    hits.push(Hit {
                        member: member.to_vec(),
                        score,
                        lon,
                        lat,
                        dist,
                    });
                }
                limit == 0 || hits.len() < limit
            })?;
        }
        // The nearest `count` need a sort, so COUNT alone means ascending.
        let order = match order {
            Order::None if count > 0 && !any => Order::Asc,
            o => o,
        };
        let keep = if count == 0 { hits.len() } else { count };
        match order {
            Order::None => hits.truncate(keep),
            Order::Asc => sort_hits(&mut hits, false, keep),
            Order::Desc => sort_hits(&mut hits, true, keep),
        }
        Ok(hits)
    }
}

/// Redis' comparison of result distances: equal, greater, else less (so NaN sorts as less).
fn cmp_dist(a: f64, b: f64, desc: bool) -> Ordering {
    let o = if a == b {
        Ordering::Equal
    } else if a > b {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    if desc {
        o.reverse()
    } else {
        o
    }
}

/// Orders hits by distance and keeps the first `keep`, reproducing Redis' order among equal
/// distances: a stable merge sort (glibc's `qsort`) when everything is kept, otherwise
/// the partial quicksort Redis uses (Bentley and McIlroy's, recursing only into the parts that
/// overlap the kept prefix), whose order among equals is its own.
fn sort_hits(hits: &mut Vec<Hit>, desc: bool, keep: usize) {
    let cmp = |a: &Hit, b: &Hit| cmp_dist(a.dist, b.dist, desc);
    if keep >= hits.len() {
        merge_sort(hits, &cmp);
    } else if keep > 0 {
        partial_quicksort(hits, &cmp, keep - 1);
    }
    hits.truncate(keep);
}

/// Top-down merge sort that splits at `n / 2` and takes from the left run on ties.
fn merge_sort<T>(items: &mut Vec<T>, cmp: &impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut right = items.split_off(items.len() / 2);
    merge_sort(items, cmp);
    merge_sort(&mut right, cmp);
    let left = std::mem::take(items);
    items.reserve(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        let next = if cmp(a, b) != Ordering::Greater {
            l.next()
        } else {
            r.next()
        };
        items.extend(next);
    }
    items.extend(l);
    items.extend(r);
}

/// Median of three by index, with the tie rules of Bentley and McIlroy's `med3`.
fn med3<T>(v: &[T], a: usize, b: usize, c: usize, cmp: &impl Fn(&T, &T) -> Ordering) -> usize {
    if cmp(&v[a], &v[b]) == Ordering::Less {
        if cmp(&v[b], &v[c]) == Ordering::Less {
            b
        } else if cmp(&v[a], &v[c]) == Ordering::Less {
            c
        } else {
            a
        }
    } else if cmp(&v[b], &v[c]) == Ordering::Greater {
        b
    } else if cmp(&v[a], &v[c]) == Ordering::Less {
        a
    } else {
        c
    }
}

/// Sorts enough of `v` that positions `0..=last` hold what a full sort would put there: the
/// "engineered" quicksort (insertion sort below 7 elements, median-of-three or ninther pivot,
/// three-way split-end partitioning), recursing only into parts that start within `0..=last`.
fn partial_quicksort<T>(v: &mut [T], cmp: &impl Fn(&T, &T) -> Ordering, last: usize) {
    partial_quicksort_at(v, 0, v.len(), cmp, last);
}

/// [`partial_quicksort`] of the window `v[lo..lo + n]`.
fn partial_quicksort_at<T>(
    v: &mut [T],
    mut lo: usize,
    mut n: usize,
    cmp: &impl Fn(&T, &T) -> Ordering,
    last: usize,
) {
    loop {
        let s = &mut v[lo..lo + n];
        if n < 7 {
            for m in 1..n {
                let mut l = m;
                while l > 0 && cmp(&s[l - 1], &s[l]) == Ordering::Greater {
                    s.swap(l, l - 1);
                    l -= 1;
                }
            }
            return;
        }
        let mut pm = n / 2;
        if n > 7 {
            let mut pl = 0;
            let mut pn = n - 1;
            if n > 40 {
                let d = n / 8;
                pl = med3(s, pl, pl + d, pl + 2 * d, cmp);
                pm = med3(s, pm - d, pm, pm + d, cmp);
                pn = med3(s, pn - 2 * d, pn - d, pn, cmp);
            }
            pm = med3(s, pl, pm, pn, cmp);
        }
        s.swap(0, pm);
        // Invariant: s[1..a] and s[d..n] equal the pivot s[0], s[a..b] are less, s[c..d] are
        // greater, s[b..c] are not yet looked at.
        let (mut a, mut b) = (1, 1);
        let (mut c, mut d) = (n, n);
        loop {
            while b < c {
                match cmp(&s[b], &s[0]) {
                    Ordering::Greater => break,
                    Ordering::Equal => {
                        s.swap(a, b);
                        a += 1;
                    }
                    Ordering::Less => {}
                }
                b += 1;
            }
            while b < c {
                match cmp(&s[c - 1], &s[0]) {
                    Ordering::Less => break,
                    Ordering::Equal => {
                        s.swap(c - 1, d - 1);
                        d -= 1;
                    }
                    Ordering::Greater => {}
                }
                c -= 1;
            }
            if b >= c {
                break;
            }
            s.swap(b, c - 1);
            b += 1;
            c -= 1;
        }
        // Move the equal runs from both ends into the middle.
        let r = a.min(b - a);
        block_swap(s, 0, b - r, r);
        let r = (d - c).min(n - d);
        block_swap(s, b, n - r, r);
        let (less, greater) = (b - a, d - c);
        if less > 1 && lo <= last {
            partial_quicksort_at(v, lo, less, cmp, last);
        }
        if greater > 1 && lo + n - greater <= last {
            lo += n - greater;
            n = greater;
        } else {
            return;
        }
    }
}

fn block_swap<T>(s: &mut [T], a: usize, b: usize, n: usize) {
    for i in 0..n {
        s.swap(a + i, b + i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The tables below are replies of a real redis-server 7.0.15 (GEOADD then ZSCORE, GEOPOS,
    // GEOHASH; GEODIST; GEOSEARCH ... WITHDIST WITHHASH) for the same inputs.

    /// (member, lon, lat, score, GEOPOS lon, GEOPOS lat, GEOHASH)
    #[rustfmt::skip]
    const POINTS: &[(&str, f64, f64, u64, &str, &str, &str)] = &[
        ("origin", 0.0, 0.0, 3377699720527872, "0.00000268220901489", "0.00000126736058093", "s0000000000"),
        ("am_e", 180.0, 0.0, 10133099161583616, "180", "0.00000126736058093", "80000000000"),
        ("am_w", -180.0, 0.0, 1125899906842624, "-179.99999731779098511", "0.00000126736058093", "80000000000"),
        ("np", 0.0, 85.05112878, 6755399441055744, "0.00000268220901489", "85.0511287799999991", "up05b5048p0"),
        ("sp", 0.0, -85.05112878, 2251799813685248, "0.00000268220901489", "-85.05112751263942528", "h0bh0hbj200"),
        ("am1", 179.9999, 10.0, 4134140898114999, "179.99990075826644897", "10.00000092823272979", "xczbzuryjx0"),
        ("am2", -179.9999, 10.0, 1131741146535709, "-179.99990075826644897", "10.00000092823272979", "81b0bh2n4r0"),
        ("am3", 179.5, 0.5, 4128311862028498, "179.50000137090682983", "0.50000036325177888", "xbpdue5btn0"),
        ("am4", -179.5, -0.5, 375287765341997, "-179.50000137090682983", "-0.50000036325177888", "2pbm5kup6c0"),
        ("n1", 10.0, 84.9, 3755885198811498, "10.00000208616256714", "84.89999983295615493", "upp4gx9f2g0"),
        ("n2", -170.0, 84.99, 1504086507909231, "-169.99999791383743286", "84.99000017716079469", "bpp57xcy8u0"),
        ("s1", -30.0, -84.9, 713071354502301, "-30.00000089406967163", "-84.89999983295615493", "52ftj26ttk0"),
        ("s2", 150.0, -85.0, 2964870028646605, "149.99999910593032837", "-84.99999965213439168", "p2fsmq4xj70"),
        ("np_e", 180.0, 85.05112878, 13510798882111488, "180", "85.0511287799999991", "bp05b5048p0"),
        ("sp_w", -180.0, -85.05112878, 0, "-179.99999731779098511", "-85.05112751263942528", "00bh0hbj200"),
        ("palermo", 13.361389, 38.115556, 3479099956230698, "13.36138933897018433", "38.11555639549629859", "sqc8b49rny0"),
        ("catania", 15.087269, 37.502669, 3479447370796909, "15.08726745843887329", "37.50266842333162032", "sqdtr74hyu0"),
        ("tie1", 2.0, 2.0, 3378191666521995, "2.00000256299972534", "2.0000001856465488", "s037ms06g70"),
        ("tie2", 2.0, 2.0, 3378191666521995, "2.00000256299972534", "2.0000001856465488", "s037ms06g70"),
        ("tie3", 2.0, 2.0, 3378191666521995, "2.00000256299972534", "2.0000001856465488", "s037ms06g70"),
        ("tie0", 2.0, 2.0, 3378191666521995, "2.00000256299972534", "2.0000001856465488", "s037ms06g70"),
        ("tie4", 2.0, 2.0, 3378191666521995, "2.00000256299972534", "2.0000001856465488", "s037ms06g70"),
        ("near1", 2.0001, 2.0, 3378191666523555, "2.00009912252426147", "2.0000001856465488", "s037ms06ve0"),
        ("near2", 1.9999, 2.0, 3378191666521473, "1.99990063905715942", "2.0000001856465488", "s037ms06c50"),
        ("near3", 2.0, 2.0001, 3378191666525130, "2.00000256299972534", "2.00009903977176151", "s037ms077m0"),
        ("near4", 2.0, 1.9999, 3378191666520779, "2.00000256299972534", "1.99989879680017424", "s037ms06720"),
        ("eq1", 0.001, 0.0, 3377699720563336, "0.00100046396255493", "0.00000126736058093", "s0000008p20"),
        ("eq2", -0.001, 0.0, 1876499844702242, "-0.00100046396255493", "0.00000126736058093", "ebpbpbp2080"),
        ("eq3", 0.0, 0.001, 3377699720609860, "0.00000268220901489", "0.00099994749735544", "s000000jb40"),
        ("eq4", 0.0, -0.001, 2627099782550801, "0.00000268220901489", "-0.00099994749735544", "kpbpbpb40j0"),
        ("r0", 44.24461, 41.127967, 3518127494573638, "44.24461215734481812", "41.12796603508194693", "szr3yz1gy00"),
        ("r1", 106.269684, 75.260793, 4319676799258257, "106.26968175172805786", "75.26079238190430942", "ym7s4hz1zh0"),
        ("r2", 86.363487, 71.837482, 3922106643038164, "86.36348515748977661", "71.83748162989938635", "vuv2tjxgxj0"),
        ("r3", -169.558118, -5.847586, 373777487270110, "-169.55812007188796997", "-5.84758523890742055", "2nzqtx7x370"),
        ("r4", 159.608418, 25.340571, 4188464639258802, "159.60841745138168335", "25.34057189131262788", "xs92pvp7980"),
        ("r5", 144.324177, -65.793665, 2981385177647568, "144.3241766095161438", "-65.79366461563884627", "phq9sntsj50"),
        ("r6", -11.135143, -43.107961, 841470921579848, "-11.13514512777328491", "-43.10796093397841133", "7b24f87tum0"),
        ("r7", 15.753909, 12.577396, 3405075401596263, "15.75390905141830444", "12.57739665301030385", "s65pw3xsss0"),
        ("r8", -175.278892, -48.184261, 90106215511228, "-175.27889102697372437", "-48.1842622081134806", "0p7mgkmf3f0"),
        ("r9", -79.386348, 70.820348, 2048304717290836, "-79.38634604215621948", "70.82034872307984585", "fhxdcs2wkj0"),
        ("r10", 95.661163, -57.901323, 2891737450690402, "95.66116422414779663", "-57.90132361957441987", "njsn8g6k6d0"),
        ("r11", 106.972917, -61.445662, 2896474965684467, "106.97291940450668335", "-61.44566223749546197", "nmh46npm1d0"),
        ("r12", 42.282907, -63.498461, 2368903799271379, "42.2829088568687439", "-63.49846193225162239", "huwnf0mqxh0"),
        ("r13", -179.36105, 63.175947, 1430819818317157, "-179.36105221509933472", "63.17594654665849419", "b50rqsc68d0"),
        ("r14", -104.595702, -48.396653, 267698580392859, "-104.59570437669754028", "-48.39665409821797226", "1xmsevetp30"),
        ("r15", 173.671599, 63.346561, 4430979175261412, "173.67159873247146606", "63.346561162614762", "zg72rgzu3w0"),
        ("r16", -75.85014, 78.497406, 2069007263499186, "-75.85013777017593384", "78.49740571219697927", "fmfn9fp8e90"),
        ("r17", 14.120449, 30.248964, 3462997935147788, "14.12044912576675415", "30.24896309696844554", "sm6h16dhyr0"),
        ("r18", -106.279375, 75.010018, 1673490156736209, "-106.27937525510787964", "75.01001720928395855", "ctk6tx1tp00"),
        ("r19", 68.631099, 79.36259, 3924549354364001, "68.63110095262527466", "79.36258968967761973", "vw0g3xx8sd0"),
        ("r20", 141.747004, -34.226008, 3244707653489764, "141.74700289964675903", "-34.22600903344256551", "r1uv3935090"),
        ("r21", -49.971623, -56.820875, 684188148424813, "-49.97162193059921265", "-56.8208759129157599", "4vukyb5f2v0"),
        ("r22", -127.547313, -73.969735, 160693233499479, "-127.54731327295303345", "-73.96973469411616975", "14v71w4zh40"),
        ("r23", -71.510724, 17.539011, 1722255096363741, "-71.51072591543197632", "17.53901193356993105", "d7j5u8zkpk0"),
        ("r24", -178.782077, 30.266616, 1201895849718454, "-178.78207594156265259", "30.26661489512208192", "8j2u5tygg90"),
        ("r25", -58.35713, -32.326156, 888238228543513, "-58.35712999105453491", "-32.32615694816207963", "6dq8051wkr0"),
        ("r26", 114.666507, -3.275244, 3224283904131784, "114.66650873422622681", "-3.27524374812156083", "qx3t37c8760"),
        ("r27", -66.314482, -3.194753, 972356750827813, "-66.31448239088058472", "-3.19475367770675689", "6x2vffrm0w0"),
        ("r28", 73.680888, -75.354142, 2435721377215958, "73.68089050054550171", "-75.35414109276044314", "jds7kdhy310"),
        ("r29", 171.035843, -81.160568, 3000831712806212, "171.03584557771682739", "-81.16056879684310843", "pc9dk10t2j0"),
        ("c0", 0.4996, 0.6898, 3377777778598128, "0.49960166215896606", "0.68980028366308233", "s007gmef3s0"),
        ("c1", -0.9639, 0.5755, 1876484987573940, "-0.96389740705490112", "0.5754995677038508", "ebp760f0e80"),
        ("c2", -0.2676, 0.157, 1876498585967887, "-0.26760131120681763", "0.15699936124887159", "ebpbcut4s60"),
        ("c3", -0.9818, -0.9065, 1125789485913950, "-0.98179847002029419", "-0.90650119973845023", "7zz6cdvp4r0"),
        ("c4", -0.6382, 0.9104, 1876561908146221, "-0.63820213079452515", "0.91039960088151162", "ebpt1mxr2y0"),
        ("c5", -0.607, 0.5115, 1876510423300793, "-0.60700267553329468", "0.51150039315169948", "ebpdfjjgxy0"),
        ("c6", 0.8593, 0.8841, 3377808085000135, "0.85930198431015015", "0.88409933413220898", "s00t58cwr00"),
        ("c7", -0.3112, -0.2904, 1125891629530421, "-0.31119793653488159", "-0.29039920114372109", "7zzy2gjkk90"),
        ("c8", 0.0494, 0.5512, 3377721615564677, "0.04939824342727661", "0.55119919594927325", "s0051h7fzn0"),
        ("c9", -0.7839, 0.4968, 1876483919530489, "-0.78389972448348999", "0.49679901042753727", "ebp6y4mnjf0"),
    ];

    /// (member, member, unit, GEODIST)
    #[rustfmt::skip]
    const DISTANCES: &[(&str, &str, &str, &str)] = &[
        ("palermo", "catania", "m", "166274.1516"),
        ("am_e", "am_w", "mi", "0.0002"),
        ("am1", "am2", "m", "21.7412"),
        ("am3", "am4", "km", "157.2966"),
        ("np", "sp", "ft", "62072980.9353"),
        ("np", "np_e", "ft", "3611841.4369"),
        ("origin", "eq1", "mi", "0.0690"),
        ("eq3", "eq4", "mi", "0.1382"),
        ("tie1", "tie2", "km", "0.0000"),
        ("n1", "n2", "m", "1124497.8919"),
        ("r17", "r7", "m", "1972722.8285"),
        ("sp", "r25", "mi", "3813.7129"),
        ("s1", "eq1", "ft", "31231227.5302"),
        ("r13", "c5", "km", "12936.2565"),
        ("r16", "tie2", "km", "9524.6518"),
        ("r13", "r5", "km", "14645.2096"),
        ("c9", "s1", "mi", "5946.9329"),
        ("r9", "r10", "m", "18565337.4920"),
        ("r9", "near1", "km", "9486.3390"),
        ("n2", "tie3", "mi", "6424.8312"),
        ("r9", "c1", "ft", "31264071.3549"),
        ("tie0", "am2", "km", "18667.7658"),
    ];

    /// (lon, lat, shape, unit, order, count, any, "member:dist:hash ..." in reply order)
    type SearchCase = (
        f64,
        f64,
        Shape,
        &'static str,
        Order,
        usize,
        bool,
        &'static str,
    );
    #[rustfmt::skip]
    const SEARCHES: &[SearchCase] = &[
        (0.0, 0.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (0.0, 0.0, Shape::Radius(100.0), "m", Order::None, 0, false, "origin:0.3300:3377699720527872"),
        (0.0, 0.0, Shape::Radius(50000.0), "m", Order::None, 0, false, "origin:0.3300:3377699720527872 eq1:111.2780:3377699720563336 eq3:111.2209:3377699720609860 eq4:111.2209:2627099782550801 c2:34508.6801:1876498585967887 eq2:111.2780:1876499844702242 c7:47343.0957:1125891629530421"),
        (0.0, 0.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "origin:0.3300:3377699720527872 eq1:111.2780:3377699720563336 eq3:111.2209:3377699720609860 c8:61553.5494:3377721615564677 c0:94732.8307:3377777778598128 c6:137127.7710:3377808085000135 near4:314555.7779:3378191666520779 near2:314555.7358:3378191666521473 tie0:314563.7495:3378191666521995 tie1:314563.7495:3378191666521995 tie2:314563.7495:3378191666521995 tie3:314563.7495:3378191666521995 tie4:314563.7495:3378191666521995 near1:314571.3415:3378191666523555 near3:314571.5219:3378191666525130 eq4:111.2209:2627099782550801 c9:103224.5165:1876483919530489 c1:124864.4257:1876484987573940 c2:34508.6801:1876498585967887 eq2:111.2780:1876499844702242 c5:88288.4013:1876510423300793 c4:123661.1940:1876561908146221 c3:148627.3156:1125789485913950 c7:47343.0957:1125891629530421"),
        (0.0, 0.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:0.3300:3377699720527872 eq1:111.2780:3377699720563336 eq3:111.2209:3377699720609860 c8:61553.5494:3377721615564677 c0:94732.8307:3377777778598128 c6:137127.7710:3377808085000135 near4:314555.7779:3378191666520779 near2:314555.7358:3378191666521473 tie0:314563.7495:3378191666521995 tie1:314563.7495:3378191666521995 tie2:314563.7495:3378191666521995 tie3:314563.7495:3378191666521995 tie4:314563.7495:3378191666521995 near1:314571.3415:3378191666523555 near3:314571.5219:3378191666525130 r7:2231070.7841:3405075401596263 r17:3681300.5822:3462997935147788 palermo:4454733.2399:3479099956230698 catania:4449696.1236:3479447370796909 r0:6378126.7478:3518127494573638 n1:9451753.0325:3755885198811498 r2:9884362.8043:3922106643038164 r19:9581406.0068:3924549354364001 am3:19942085.7074:4128311862028498 am1:18908470.8967:4134140898114999 r4:16450619.1241:4188464639258802 r1:10464992.3884:4319676799258257 r15:12955453.8351:4430979175261412 sp:9459922.2241:2251799813685248 r12:7866300.7331:2368903799271379 r28:9557224.8803:2435721377215958 eq4:111.2209:2627099782550801 r10:10344569.6192:2891737450690402 r11:10902508.1644:2896474965684467 s2:10491837.8767:2964870028646605 r5:12174329.8750:2981385177647568 r29:10981441.3070:3000831712806212 r26:12749151.9242:3224283904131784 r20:14513734.1560:3244707653489764 am2:18908470.8967:1131741146535709 r24:16651824.1399:1201895849718454 r13:12993706.8436:1430819818317157 n2:10559123.8056:1504086507909231 r18:10472833.2672:1673490156736209 r23:8052686.3708:1722255096363741 c9:103224.5165:1876483919530489 c1:124864.4257:1876484987573940 c2:34508.6801:1876498585967887 eq2:111.2780:1876499844702242 c5:88288.4013:1876510423300793 c4:123661.1940:1876561908146221 r9:9624508.7349:2048304717290836 r16:9699581.8973:2069007263499186 sp_w:10560811.7759:0 r8:14642059.9100:90106215511228 r22:11087955.8316:160693233499479 r14:11081691.5096:267698580392859 r3:18691370.5928:373777487270110 am4:19942085.7074:375287765341997 r21:7718173.7987:684188148424813 s1:9519273.0496:713071354502301 r6:4921568.1124:841470921579848 r25:7083376.2996:888238228543513 r27:7380258.4949:972356750827813 c3:148627.3156:1125789485913950 c7:47343.0957:1125891629530421"),
        (2.0, 2.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (2.0, 2.0, Shape::Radius(100.0), "m", Order::None, 0, false, "near4:11.2601:3378191666520779 near2:11.0448:3378191666521473 tie0:0.2856:3378191666521995 tie1:0.2856:3378191666521995 tie2:0.2856:3378191666521995 tie3:0.2856:3378191666521995 tie4:0.2856:3378191666521995 near1:11.0183:3378191666523555 near3:11.0195:3378191666525130"),
        (2.0, 2.0, Shape::Radius(50000.0), "m", Order::None, 0, false, "near4:11.2601:3378191666520779 near2:11.0448:3378191666521473 tie0:0.2856:3378191666521995 tie1:0.2856:3378191666521995 tie2:0.2856:3378191666521995 tie3:0.2856:3378191666521995 tie4:0.2856:3378191666521995 near1:11.0183:3378191666523555 near3:11.0195:3378191666525130"),
        (2.0, 2.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "origin:314563.2227:3377699720527872 eq1:314484.7821:3377699720563336 eq3:314484.6635:3377699720609860 c8:270208.5468:3377721615564677 c0:221518.5643:3377777778598128 c6:177459.4956:3377808085000135 near4:11.2601:3378191666520779 near2:11.0448:3378191666521473 tie0:0.2856:3378191666521995 tie1:0.2856:3378191666521995 tie2:0.2856:3378191666521995 tie3:0.2856:3378191666521995 tie4:0.2856:3378191666521995 near1:11.0183:3378191666523555 near3:11.0195:3378191666525130 eq4:314642.0010:2627099782550801 c9:351826.6753:1876483919530489 c1:365679.1673:1876484987573940 c2:324971.2234:1876498585967887 eq2:314642.1049:1876499844702242 c5:333835.4447:1876510423300793 c4:317387.7105:1876561908146221 c3:463109.6955:1125789485913950 c7:361881.6293:1125891629530421"),
        (2.0, 2.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:314563.2227:3377699720527872 eq1:314484.7821:3377699720563336 eq3:314484.6635:3377699720609860 c8:270208.5468:3377721615564677 c0:221518.5643:3377777778598128 c6:177459.4956:3377808085000135 near4:11.2601:3378191666520779 near2:11.0448:3378191666521473 tie0:0.2856:3378191666521995 tie1:0.2856:3378191666521995 tie2:0.2856:3378191666521995 tie3:0.2856:3378191666521995 tie4:0.2856:3378191666521995 near1:11.0183:3378191666523555 near3:11.0195:3378191666525130 r7:1918247.5078:3405075401596263 r17:3392083.6934:3462997935147788 palermo:4180727.3442:3479099956230698 catania:4169498.3721:3479447370796909 r0:6065561.8444:3518127494573638 n1:9226212.3629:3755885198811498 r2:9603776.8130:3922106643038164 r19:9324131.9195:3924549354364001 am3:19627522.1766:4128311862028498 am1:18667762.2985:4134140898114999 r4:16139367.1389:4188464639258802 r1:10194704.7199:4319676799258257 r15:12719365.0941:4430979175261412 sp:9682709.9618:2251799813685248 r12:8008637.7551:2368903799271379 r28:9719301.7884:2435721377215958 eq4:314642.0010:2627099782550801 r10:10415156.0858:2891737450690402 r11:10996179.0818:2896474965684467 s2:10704038.0353:2964870028646605 r5:12331051.3810:2981385177647568 r29:11197812.6806:3000831712806212 r26:12539285.3975:3224283904131784 r20:14521983.6319:3244707653489764 am_w:19706170.5778:1125899906842624 am2:18667765.8972:1131741146535709 r24:16430878.0577:1201895849718454 r13:12770561.2504:1430819818317157 n2:10339737.9327:1504086507909231 r18:10312324.1802:1673490156736209 r23:8195210.7059:1722255096363741 c9:351826.6753:1876483919530489 c1:365679.1673:1876484987573940 c2:324971.2234:1876498585967887 eq2:314642.1049:1876499844702242 c5:333835.4447:1876510423300793 c4:317387.7105:1876561908146221 r9:9486335.4474:2048304717290836 r16:9524651.7673:2069007263499186 sp_w:10782927.2059:0 r8:14877197.1610:90106215511228 r22:11353875.6815:160693233499479 r14:11395357.0657:267698580392859 r3:18991016.9475:373777487270110 am4:19784818.7550:375287765341997 r21:8016952.9284:684188148424813 s1:9751691.7646:713071354502301 r6:5186685.1626:841470921579848 r25:7394647.9443:888238228543513 r27:7617174.7234:972356750827813 c3:463109.6955:1125789485913950 c7:361881.6293:1125891629530421"),
        (180.0, 0.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (180.0, 0.0, Shape::Radius(100.0), "m", Order::None, 0, false, "am_e:0.1410:10133099161583616"),
        (180.0, 0.0, Shape::Radius(50000.0), "m", Order::None, 0, false, "am_e:0.1410:10133099161583616"),
        (180.0, 0.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "am_e:0.1410:10133099161583616 am3:78648.2926:4128311862028498"),
        (180.0, 0.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "am_e:0.1410:10133099161583616 c8:19959180.4506:3377721615564677 c0:19926001.1693:3377777778598128 c6:19883606.2290:3377808085000135 near4:19706178.2221:3378191666520779 near2:19706178.2642:3378191666521473 tie0:19706170.2505:3378191666521995 tie1:19706170.2505:3378191666521995 tie2:19706170.2505:3378191666521995 tie3:19706170.2505:3378191666521995 tie4:19706170.2505:3378191666521995 near1:19706162.6585:3378191666523555 near3:19706162.4781:3378191666525130 r7:17789663.2159:3405075401596263 r17:16339433.4178:3462997935147788 palermo:15566000.7601:3479099956230698 catania:15571037.8764:3479447370796909 r0:13642607.2522:3518127494573638 n1:10568980.9675:3755885198811498 r2:10136371.1957:3922106643038164 r19:10439327.9932:3924549354364001 am3:78648.2926:4128311862028498 am1:1112263.1033:4134140898114999 r4:3570114.8759:4188464639258802 r1:9555741.6116:4319676799258257 r15:7065280.1649:4430979175261412 sp:10560811.7759:2251799813685248 r12:12154433.2669:2368903799271379 r28:10463509.1197:2435721377215958 r10:9676164.3808:2891737450690402 r11:9118225.8356:2896474965684467 s2:9528896.1233:2964870028646605 r5:7846404.1250:2981385177647568 r29:9039292.6930:3000831712806212 r26:7271582.0758:3224283904131784 r20:5506999.8440:3244707653489764"),
        (-180.0, 0.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (-180.0, 0.0, Shape::Radius(100.0), "m", Order::None, 0, false, "am_w:0.3300:1125899906842624"),
        (-180.0, 0.0, Shape::Radius(50000.0), "m", Order::None, 0, false, "am_w:0.3300:1125899906842624"),
        (-180.0, 0.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "am_w:0.3300:1125899906842624 am4:78648.2926:375287765341997 am3:78648.2926:4128311862028498"),
        (-180.0, 0.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "am_w:0.3300:1125899906842624 am2:1112263.1033:1131741146535709 r24:3368909.8601:1201895849718454 r13:7027027.1564:1430819818317157 n2:9461610.1944:1504086507909231 r18:9547900.7328:1673490156736209 r23:11968047.6292:1722255096363741 c9:19917509.4835:1876483919530489 c1:19895869.5743:1876484987573940 c2:19986225.3199:1876498585967887 c5:19932445.5987:1876510423300793 c4:19897072.8060:1876561908146221 r9:10396225.2651:2048304717290836 r16:10321152.1027:2069007263499186 sp_w:9459922.2241:0 r8:5378674.0900:90106215511228 r22:8932778.1684:160693233499479 r14:8939042.4904:267698580392859 r3:1329363.4072:373777487270110 am4:78648.2926:375287765341997 r21:12302560.2013:684188148424813 s1:10501460.9504:713071354502301 r6:15099165.8876:841470921579848 r25:12937357.7004:888238228543513 r27:12640475.5051:972356750827813 c3:19872106.6844:1125789485913950 c7:19973390.9043:1125891629530421 c8:19959180.4506:3377721615564677 c0:19926001.1693:3377777778598128 c6:19883606.2290:3377808085000135 near4:19706178.2221:3378191666520779 near2:19706178.2642:3378191666521473 tie0:19706170.2505:3378191666521995 tie1:19706170.2505:3378191666521995 tie2:19706170.2505:3378191666521995 tie3:19706170.2505:3378191666521995 tie4:19706170.2505:3378191666521995 near1:19706162.6585:3378191666523555 near3:19706162.4781:3378191666525130 r7:17789663.2159:3405075401596263 r17:16339433.4178:3462997935147788 palermo:15566000.7601:3479099956230698 catania:15571037.8764:3479447370796909 r0:13642607.2522:3518127494573638 n1:10568980.9675:3755885198811498 r2:10136371.1957:3922106643038164 r19:10439327.9932:3924549354364001 am3:78648.2926:4128311862028498 am1:1112263.1033:4134140898114999 r4:3570114.8759:4188464639258802 r1:9555741.6116:4319676799258257 r15:7065280.1649:4430979175261412 sp:10560811.7759:2251799813685248 r12:12154433.2669:2368903799271379 r28:10463509.1197:2435721377215958 r10:9676164.3808:2891737450690402 r11:9118225.8356:2896474965684467 s2:9528896.1233:2964870028646605 r5:7846404.1250:2981385177647568 r29:9039292.6930:3000831712806212 r26:7271582.0758:3224283904131784 r20:5506999.8440:3244707653489764"),
        (179.9999, 10.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (179.9999, 10.0, Shape::Radius(100.0), "m", Order::None, 0, false, "am1:0.1325:4134140898114999 am2:21.8245:1131741146535709"),
        (179.9999, 10.0, Shape::Radius(50000.0), "m", Order::None, 0, false, "am1:0.1325:4134140898114999 am2:21.8245:1131741146535709"),
        (179.9999, 10.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "am1:0.1325:4134140898114999 am2:21.8245:1131741146535709"),
        (179.9999, 10.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:18908470.8590:3377699720527872 eq1:18908470.8524:3377699720563336 eq3:18908359.7795:3377699720609860 c8:18847150.3637:3377721615564677 c0:18830461.0780:3377777778598128 c6:18806403.1985:3377808085000135 near4:18667773.4458:3378191666520779 near2:18667764.1677:3378191666521473 tie0:18667762.3197:3378191666521995 tie1:18667762.3197:3378191666521995 tie2:18667762.3197:3378191666521995 tie3:18667762.3197:3378191666521995 tie4:18667762.3197:3378191666521995 near1:18667760.5688:3378191666523555 near3:18667751.4718:3378191666525130 r7:16965401.6915:3405075401596263 r17:15296087.6131:3462997935147788 palermo:14491680.0906:3479099956230698 catania:14508141.2050:3479447370796909 r0:12752865.6804:3518127494573638 n1:9456850.6584:3755885198811498 r2:9079651.9815:3922106643038164 r19:9343667.4644:3924549354364001 am3:1058096.0728:4128311862028498 am1:0.1325:4134140898114999 r4:2745975.6210:4188464639258802 r1:8478094.2819:4319676799258257 r15:5954897.3759:4430979175261412 sp:11673074.7759:2251799813685248 r12:13204678.6831:2368903799271379 r28:11541604.8933:2435721377215958 eq4:18908582.2204:2627099782550801 r10:10619774.6818:2891737450690402 r11:10106664.5353:2896474965684467 s2:10640099.1996:2964870028646605 r5:8924066.3202:2981385177647568 r29:10151234.3722:3000831712806212 r26:7385037.5531:3224283904131784 r20:6361752.6512:3244707653489764 am_w:1112262.8591:1125899906842624 am2:21.8245:1131741146535709 r24:2257713.7959:1201895849718454 r13:5914783.8387:1430819818317157 n2:8349479.5542:1504086507909231 r18:8471448.4321:1673490156736209 r23:11590799.4957:1722255096363741 c9:18849995.0413:1876483919530489 c1:18839632.4373:1876484987573940 c2:18890620.7344:1876498585967887 eq2:18908470.8546:1876499844702242 c5:18849650.4421:1876510423300793 c4:18805156.2720:1876561908146221 r9:9343720.0504:2048304717290836 r16:9229963.4805:2069007263499186 sp_w:10572185.2241:0 r8:6488314.9307:90106215511228 r22:10017796.0591:160693233499479 r14:9787731.3621:267698580392859 r3:2108432.7729:373777487270110 am4:1169187.2557:375287765341997 r21:13288215.4951:684188148424813 s1:11612591.9280:713071354502301 r6:16183220.9910:841470921579848 r25:13565995.6377:888238228543513 r27:12665441.0719:972356750827813 c3:19003486.4029:1125789485913950 c7:18940222.6422:1125891629530421"),
        (0.0, 85.05112878, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (0.0, 85.05112878, Shape::Radius(100.0), "m", Order::None, 0, false, "np:0.0257:6755399441055744"),
        (0.0, 85.05112878, Shape::Radius(50000.0), "m", Order::None, 0, false, "np:0.0257:6755399441055744"),
        (0.0, 85.05112878, Shape::Radius(1000000.0), "m", Order::None, 0, false, "np:0.0257:6755399441055744 n1:98720.6856:3755885198811498"),
        (0.0, 85.05112878, Shape::Radius(20000000.0), "m", Order::None, 0, false, "np:0.0257:6755399441055744 origin:9459922.2241:3377699720527872 eq1:9459922.2241:3377699720563336 eq3:9459811.1446:3377699720609860 c8:9398614.7232:3377721615564677 c0:9383219.4317:3377777778598128 c6:9361649.4091:3377808085000135 near4:9237818.1931:3378191666520779 near2:9237806.8817:3378191666521473 tie0:9237806.9161:3378191666521995 tie1:9237806.9161:3378191666521995 tie2:9237806.9161:3378191666521995 tie3:9237806.9161:3378191666521995 tie4:9237806.9161:3378191666521995 near1:9237806.9486:3378191666523555 near3:9237795.9209:3378191666525130 r7:8082110.4727:3405075401596263 r17:6112984.9692:3462997935147788 palermo:5236476.6242:3479099956230698 catania:5308984.4008:3479447370796909 r0:5052472.0575:3518127494573638 n1:98720.6856:3755885198811498 r2:2057367.1295:3922106643038164 r19:1106900.9777:3924549354364001 am3:10505177.4490:4128311862028498 am1:9448548.5317:4134140898114999 r4:7709022.6867:4188464639258802 r1:1868156.0914:4319676799258257 r15:3512139.1687:4430979175261412 am_w:10560811.4940:1125899906842624 am2:9448548.5317:1131741146535709 r24:7194249.3777:1201895849718454 r13:3533955.5560:1430819818317157 n2:1103462.8644:1504086507909231 r18:1894974.1390:1673490156736209 r23:7892016.6964:1722255096363741 c9:9404716.9338:1876483919530489 c1:9395989.8311:1876484987573940 c2:9442465.9270:1876498585967887 eq2:9459922.2241:1876499844702242 c5:9403061.0597:1876510423300793 c4:9358696.2651:1876561908146221 r9:2100074.5947:2048304717290836 r16:1261619.1596:2069007263499186"),
        (0.0, -85.05112878, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (0.0, -85.05112878, Shape::Radius(100.0), "m", Order::None, 0, false, "sp:0.1433:2251799813685248"),
        (0.0, -85.05112878, Shape::Radius(50000.0), "m", Order::None, 0, false, "sp:0.1433:2251799813685248"),
        (0.0, -85.05112878, Shape::Radius(1000000.0), "m", Order::None, 0, false, "sp:0.1433:2251799813685248 s1:289391.8726:713071354502301"),
        (0.0, -85.05112878, Shape::Radius(20000000.0), "m", Order::None, 0, false, "sp:0.1433:2251799813685248 r12:2565363.8167:2368903799271379 r28:1564173.6437:2435721377215958 eq4:9459811.1446:2627099782550801 r10:3661288.3127:2891737450690402 r11:3374487.9499:2896474965684467 s2:1068781.3179:2964870028646605 r5:3154901.3972:2981385177647568 r29:1529286.5276:3000831712806212 r26:9876679.6805:3224283904131784 r20:6641524.3260:3244707653489764 origin:9459922.5060:3377699720527872 eq1:9459922.5061:3377699720563336 eq3:9460033.5855:3377699720609860 c8:9521230.4171:3377721615564677 c0:9536667.2545:3377777778598128 c6:9558319.4388:3377808085000135 near4:9682698.8480:3378191666520779 near2:9682710.0909:3378191666521473 tie0:9682710.1251:3378191666521995 tie1:9682710.1251:3378191666521995 tie2:9682710.1251:3378191666521995 tie3:9682710.1251:3378191666521995 tie4:9682710.1251:3378191666521995 near1:9682710.1574:3378191666523555 near3:9682721.1202:3378191666525130 r7:10879199.2617:3405075401596263 r17:12840283.6954:3462997935147788 palermo:13713371.2794:3479099956230698 catania:13649057.1135:3479447370796909 r0:14181193.7109:3518127494573638 n1:18907298.3042:3755885198811498 r2:17895912.5067:3922106643038164 r19:18546139.8198:3924549354364001 am3:10616403.7981:4128311862028498 am1:11673074.7382:4134140898114999 r4:13343349.6019:4188464639258802 r1:18446321.2266:4319676799258257 r15:17602554.9494:4430979175261412 sp_w:1100889.4109:0 r8:5199747.1968:90106215511228 r22:2161763.2011:160693233499479 r14:4790350.7462:267698580392859 r3:9901348.0815:373777487270110 am4:10505177.4490:375287765341997 r21:3359884.7812:684188148424813 s1:289391.8726:713071354502301 r6:4676476.7973:841470921579848 r25:6137560.7408:888238228543513 r27:9435249.6104:972356750827813 c3:9359176.7147:1125789485913950 c7:9427630.4793:1125891629530421 am_w:10560811.7759:1125899906842624 am2:11673074.7382:1131741146535709 r24:13927123.9246:1201895849718454 r13:17587597.0171:1430819818317157 n2:19924075.5247:1504086507909231 r18:18420142.0188:1673490156736209 r23:11780102.5345:1722255096363741 c9:9515231.0878:1876483919530489 c1:9524011.0704:1876484987573940 c2:9477390.8403:1876498585967887 eq2:9459922.5061:1876499844702242 c5:9516845.6042:1876510423300793 c4:9561216.9291:1876561908146221 r9:17723909.2484:2048304717290836 r16:18510667.9904:2069007263499186"),
        (0.0, 85.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (0.0, 85.0, Shape::Radius(100.0), "m", Order::None, 0, false, ""),
        (0.0, 85.0, Shape::Radius(50000.0), "m", Order::None, 0, false, ""),
        (0.0, 85.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "n1:98409.5740:3755885198811498"),
        (0.0, 85.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:9454235.3590:3377699720527872 eq1:9454235.3591:3377699720563336 eq3:9454124.2795:3377699720609860 c8:9392927.8603:3377721615564677 c0:9377532.7849:3377777778598128 c6:9355963.1902:3377808085000135 near4:9232134.8399:3378191666520779 near2:9232123.5281:3378191666521473 tie0:9232123.5629:3378191666521995 tie1:9232123.5629:3378191666521995 tie2:9232123.5629:3378191666521995 tie3:9232123.5629:3378191666521995 tie4:9232123.5629:3378191666521995 near1:9232123.5957:3378191666523555 near3:9232112.5677:3378191666525130 r7:8076647.1837:3405075401596263 r17:6107489.8381:3462997935147788 palermo:5230967.9716:3479099956230698 catania:5303523.6121:3479447370796909 r0:5048634.6267:3518127494573638 n1:98409.5740:3755885198811498 r2:2058490.6389:3922106643038164 r19:1107500.1746:3924549354364001 am3:10510864.0962:4128311862028498 am1:9454235.3968:4134140898114999 r4:7714377.7795:4188464639258802 r1:1871201.4908:4319676799258257 r15:3517800.6587:4430979175261412 sp:18914157.7241:2251799813685248 r12:16642359.9026:2368903799271379 r28:18159065.8806:2435721377215958 eq4:9454346.7205:2627099782550801 r10:16466679.3546:2891737450690402 r11:16964388.4726:2896474965684467 s2:19733199.9885:2964870028646605 r5:17758151.3849:2981385177647568 r29:19578393.4228:3000831712806212 r26:10605361.0069:3224283904131784 r20:14247054.0942:3244707653489764 am_w:10566498.3590:1125899906842624 am2:9454235.3968:1131741146535709 r24:7199935.0703:1201895849718454 r13:3539642.1617:1430819818317157 n2:1109127.7694:1504086507909231 r18:1897999.5641:1673490156736209 r23:7890361.4800:1722255096363741 c9:9399030.6058:1876483919530489 c1:9390303.7783:1876484987573940 c2:9436779.1245:1876498585967887 eq2:9454235.3591:1876499844702242 c5:9397374.5167:1876510423300793 c4:9353009.7565:1876561908146221 r9:2100454.4186:2048304717290836 r16:1262671.3637:2069007263499186 r8:15923759.4244:90106215511228 r22:18512530.0800:160693233499479 r14:15507153.0493:267698580392859 r3:11207588.1899:373777487270110 am4:10622090.4446:375287765341997 r21:15952892.7186:684188148424813 s1:18935717.3385:713071354502301 r6:14258681.9708:841470921579848 r25:13303573.9954:888238228543513 r27:10141404.4004:972356750827813 c3:9555144.0154:1125789485913950 c7:9486543.7489:1125891629530421"),
        (0.0, 84.9, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (0.0, 84.9, Shape::Radius(100.0), "m", Order::None, 0, false, ""),
        (0.0, 84.9, Shape::Radius(50000.0), "m", Order::None, 0, false, ""),
        (0.0, 84.9, Shape::Radius(1000000.0), "m", Order::None, 0, false, "n1:98749.4006:3755885198811498"),
        (0.0, 84.9, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:9443112.7290:3377699720527872 eq1:9443112.7291:3377699720563336 eq3:9443001.6495:3377699720609860 c8:9381805.2344:3377721615564677 c0:9366410.5820:3377777778598128 c6:9344841.8243:3377808085000135 near4:9221019.0807:3378191666520779 near2:9221007.7682:3378191666521473 tie0:9221007.8037:3378191666521995 tie1:9221007.8037:3378191666521995 tie2:9221007.8037:3378191666521995 tie3:9221007.8037:3378191666521995 tie4:9221007.8037:3378191666521995 near1:9221007.8372:3378191666523555 near3:9220996.8085:3378191666525130 r7:8065962.1885:3405075401596263 r17:6096742.8943:3462997935147788 palermo:5220194.7420:3479099956230698 catania:5292844.1951:3479447370796909 r0:5041137.0967:3518127494573638 n1:98749.4006:3755885198811498 r2:2060730.1176:3922106643038164 r19:1108754.6513:3924549354364001 am3:10521986.3000:4128311862028498 am1:9465358.0268:4134140898114999 r4:7724852.1395:4188464639258802 r1:1877192.3150:4319676799258257 r15:3528873.8706:4430979175261412 sp:18903035.0941:2251799813685248 r12:16633404.1044:2368903799271379 r28:18153052.8629:2435721377215958 eq4:9443224.0905:2627099782550801 r10:16466209.5656:2891737450690402 r11:16965875.5169:2896474965684467 s2:19730132.8337:2964870028646605 r5:17766212.0104:2981385177647568 r29:19588815.1556:3000831712806212 r26:10609941.4749:3224283904131784 r20:14255499.1810:3244707653489764 am_w:10577620.9890:1125899906842624 am2:9465358.0268:1131741146535709 r24:7211055.4102:1201895849718454 r13:3550764.2866:1430819818317157 n2:1120208.0857:1504086507909231 r18:1903950.9863:1673490156736209 r23:7887128.7731:1722255096363741 c9:9387909.0266:1876483919530489 c1:9379182.7374:1876484987573940 c2:9425656.6168:1876498585967887 eq2:9443112.7291:1876499844702242 c5:9386252.5167:1876510423300793 c4:9341887.8238:1876561908146221 r9:2101239.9715:2048304717290836 r16:1264799.7596:2069007263499186 r8:15934835.2505:90106215511228 r22:18516474.1191:160693233499479 r14:15508877.6370:267698580392859 r3:11218521.8423:373777487270110 am4:10633212.6471:375287765341997 r21:15944979.1563:684188148424813 s1:18924980.3774:713071354502301 r6:14247739.5505:841470921579848 r25:13297324.1949:888238228543513 r27:10136905.0378:972356750827813 c3:9544023.0264:1125789485913950 c7:9475421.2841:1125891629530421"),
        (-30.0, -84.9, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (-30.0, -84.9, Shape::Radius(100.0), "m", Order::None, 0, false, "s1:0.0206:713071354502301"),
        (-30.0, -84.9, Shape::Radius(50000.0), "m", Order::None, 0, false, "s1:0.0206:713071354502301"),
        (-30.0, -84.9, Shape::Radius(1000000.0), "m", Order::None, 0, false, "s1:0.0206:713071354502301 sp:289391.9123:2251799813685248"),
        (-30.0, -84.9, Shape::Radius(20000000.0), "m", Order::None, 0, false, "sp_w:1079530.0854:0 r8:5125540.7005:90106215511228 r22:1938607.8283:160693233499479 r14:4503966.0229:267698580392859 r3:9792521.8242:373777487270110 am4:10443406.8132:375287765341997 r21:3162519.7598:684188148424813 s1:0.0206:713071354502301 r6:4681613.3791:841470921579848 r25:5919617.7549:888238228543513 r27:9198655.0157:972356750827813 c3:9413744.9502:1125789485913950 c7:9485468.7605:1125891629530421 am_w:10501461.0663:1125899906842624 am2:11612591.0181:1131741146535709 r24:13857598.7209:1201895849718454 r13:17509790.4501:1430819818317157 n2:19636458.4286:1504086507909231 r18:18138374.3975:1673490156736209 r23:11533193.9696:1722255096363741 c9:9570637.0472:1876483919530489 c1:9578514.1494:1876484987573940 c2:9535396.9271:1876498585967887 eq2:9519268.2414:1876499844702242 c5:9573128.7436:1876510423300793 c4:9617302.8017:1876561908146221 r9:17482800.2873:2048304717290836 r16:18298123.0928:2069007263499186 sp:289391.9123:2251799813685248 r12:2823433.3974:2368903799271379 r28:1845503.0201:2435721377215958 eq4:9519161.9647:2627099782550801 r10:3925137.0621:2891737450690402 r11:3609712.3917:2896474965684467 s2:1123385.6687:2964870028646605 r5:3257307.9756:2981385177647568 r29:1526161.9975:3000831712806212 r26:10109117.5043:3224283904131784 r20:6765234.4477:3244707653489764 origin:9519273.2154:3377699720527872 eq1:9519278.1629:3377699720563336 eq3:9519384.1844:3377699720609860 c8:9580764.9394:3377721615564677 c0:9598414.3417:3377777778598128 c6:9621821.2335:3377808085000135 near4:9751680.5452:3378191666520779 near2:9751691.2756:3378191666521473 tie0:9751691.8098:3378191666521995 tie1:9751691.8098:3378191666521995 tie2:9751691.8098:3378191666521995 tie3:9751691.8098:3378191666521995 tie4:9751691.8098:3378191666521995 near1:9751692.3158:3378191666523555 near3:9751702.7927:3378191666525130 r7:11010918.8484:3405075401596263 r17:12960995.5977:3462997935147788 palermo:13828757.9143:3479099956230698 catania:13772131.8428:3479447370796909 r0:14411071.9275:3518127494573638 n1:18954810.0838:3755885198811498 r2:18183247.8852:3922106643038164 r19:18789238.8486:3924549354364001 am3:10559480.9293:4128311862028498 am1:11612592.0158:4134140898114999 r4:13387831.4822:4188464639258802 r1:18731544.4676:4319676799258257 r15:17565878.4487:4430979175261412"),
        (13.361389, 38.115556, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (13.361389, 38.115556, Shape::Radius(100.0), "m", Order::None, 0, false, "palermo:0.0531:3479099956230698"),
        (13.361389, 38.115556, Shape::Radius(50000.0), "m", Order::None, 0, false, "palermo:0.0531:3479099956230698"),
        (13.361389, 38.115556, Shape::Radius(1000000.0), "m", Order::None, 0, false, "palermo:0.0531:3479099956230698 catania:166274.1611:3479447370796909 r17:877744.7098:3462997935147788"),
        (13.361389, 38.115556, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:4454732.9687:3377699720527872 eq1:4454701.6119:3377699720563336 eq3:4454626.4157:3377699720609860 c8:4394384.8961:3377721615564677 c0:4365529.5282:3377777778598128 c6:4333789.8826:3377808085000135 near4:4180738.1076:3378191666520779 near2:4180730.0794:3378191666521473 tie0:4180727.2006:3378191666521995 tie1:4180727.2006:3378191666521995 tie2:4180727.2006:3378191666521995 tie3:4180727.2006:3378191666521995 tie4:4180727.2006:3378191666521995 near1:4180724.4733:3378191666523555 near3:4180716.5663:3378191666525130 r7:2850393.8220:3405075401596263 r17:877744.7098:3462997935147788 palermo:0.0531:3479099956230698 catania:166274.1611:3479447370796909 r0:2652974.3753:3518127494573638 n1:5204712.6823:3755885198811498 r2:5432071.0642:3922106643038164 r19:5162984.0833:3924549354364001 am3:15496809.6811:4128311862028498 am1:14491680.0610:4134140898114999 r4:12133498.4680:4188464639258802 r1:6014118.3914:4319676799258257 r15:8600994.6495:4430979175261412 sp:13713371.0915:2251799813685248 r12:11588432.6263:2368903799271379 r28:13337526.6858:2435721377215958 eq4:4454839.7924:2627099782550801 r10:13105982.0395:2891737450690402 r11:13843443.1581:2896474965684467 s2:14644444.1427:2964870028646605 r5:15655779.0983:2981385177647568 r29:15148975.0726:3000831712806212 r26:11223711.8969:3224283904131784 r20:15425676.7935:3244707653489764 am_w:15566000.7609:1125899906842624 am2:14491685.2432:1131741146535709 r24:12310939.1754:1201895849718454 r13:8697758.3865:1430819818317157 n2:6327259.1359:1504086507909231 r18:6705884.3835:1673490156736209 r23:8379920.1967:1722255096363741 c9:4427286.8690:1876483919530489 c1:4424994.3902:1876484987573940 c2:4446497.1401:1876498585967887 eq2:4454764.4962:1876499844702242 c5:4419849.1870:1876510423300793 c4:4378540.9442:1876561908146221 r9:6140597.6414:2048304717290836 r16:5853425.9972:2069007263499186 sp_w:14784257.4756:0 r8:18701366.9530:90106215511228 r22:15530498.5132:160693233499479 r14:15009686.2132:267698580392859 r3:16419579.2090:373777487270110 am4:15634927.5359:375287765341997 r21:12108897.9439:684188148424813 s1:13828757.8600:713071354502301 r6:9366403.0887:841470921579848 r25:10786698.5780:888238228543513 r27:9331122.8045:972356750827813 c3:4582836.2087:1125789485913950 c7:4495550.8866:1125891629530421"),
        (179.5, 0.5, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (179.5, 0.5, Shape::Radius(100.0), "m", Order::None, 0, false, "am3:0.1577:4128311862028498"),
        (179.5, 0.5, Shape::Radius(50000.0), "m", Order::None, 0, false, "am3:0.1577:4128311862028498"),
        (179.5, 0.5, Shape::Radius(1000000.0), "m", Order::None, 0, false, "am3:0.1577:4128311862028498 am_w:78648.4831:1125899906842624 am4:157296.6644:375287765341997"),
        (179.5, 0.5, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:19942085.3175:3377699720527872 eq1:19942006.8054:3377699720563336 eq3:19942006.7319:3377699720609860 c8:19888807.7146:3377721615564677 c0:19847892.8552:3377777778598128 c6:19804962.9408:3377808085000135 near4:19627529.8524:3378191666520779 near2:19627529.8954:3378191666521473 tie0:19627521.8813:3378191666521995 tie1:19627521.8813:3378191666521995 tie2:19627521.8813:3378191666521995 tie3:19627521.8813:3378191666521995 tie4:19627521.8813:3378191666521995 near1:19627514.2888:3378191666523555 near3:19627514.1092:3378191666525130 r7:17711376.5713:3405075401596263 r17:16266560.6374:3462997935147788 palermo:15496809.6239:3479099956230698 catania:15500396.6698:3479447370796909 r0:13564441.1370:3518127494573638 n1:10512492.0855:3755885198811498 r2:10066212.9053:3922106643038164 r19:10374954.0206:3924549354364001 am3:0.1577:4128311862028498 am1:1058096.2285:4134140898114999 r4:3492379.9113:4188464639258802 r1:9488213.4513:4319676799258257 r15:7006787.8341:4430979175261412 sp:10616403.8983:2251799813685248 r12:12189335.3263:2368903799271379 r28:10503897.2530:2435721377215958 eq4:19942164.0239:2627099782550801 r10:9693918.1225:2891737450690402 r11:9141943.9748:2896474965684467 s2:9582045.6966:2964870028646605 r5:7886223.0923:2981385177647568 r29:9093581.3654:3000831712806212 r26:7219701.8683:3224283904131784 r20:5511110.2300:3244707653489764 am_w:78648.4831:1125899906842624 am2:1058097.3764:1131741146535709 r24:3315809.9104:1201895849718454 r13:6971853.1019:1430819818317157 n2:9406871.5654:1504086507909231 r18:9507908.2162:1673490156736209 r23:12003100.1716:1722255096363741 c9:19905454.7524:1876483919530489 c1:19890457.0078:1876484987573940 c2:19943221.4588:1876498585967887 eq2:19942164.1728:1876499844702242 c5:19907600.8142:1876510423300793 c4:19863109.1964:1876561908146221 r9:10361569.5162:2048304717290836 r16:10277340.7761:2069007263499186 sp_w:9515556.3699:0 r8:5438403.4592:90106215511228 r22:8999377.7430:160693233499479 r14:9017467.1711:267698580392859 r3:1405295.5535:373777487270110 am4:157296.6644:375287765341997 r21:12377168.1003:684188148424813 s1:10559480.9074:713071354502301 r6:15164717.0324:841470921579848 r25:13015161.8008:888238228543513 r27:12699273.2885:972356750827813 c3:19950622.8613:1125789485913950 c7:19989357.7373:1125891629530421"),
        (-179.5, -0.5, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (-179.5, -0.5, Shape::Radius(100.0), "m", Order::None, 0, false, "am4:0.1577:375287765341997"),
        (-179.5, -0.5, Shape::Radius(50000.0), "m", Order::None, 0, false, "am4:0.1577:375287765341997"),
        (-179.5, -0.5, Shape::Radius(1000000.0), "m", Order::None, 0, false, "am4:0.1577:375287765341997 am_w:78648.2606:1125899906842624 am3:157296.6644:4128311862028498"),
        (-179.5, -0.5, Shape::Radius(20000000.0), "m", Order::None, 0, false, "sp_w:9404330.1012:0 r8:5319313.0579:90106215511228 r22:8866225.5618:160693233499479 r14:8860618.7474:267698580392859 r3:1253761.0515:373777487270110 am4:0.1577:375287765341997 r21:12227915.9218:684188148424813 s1:10443406.8581:713071354502301 r6:15033313.6836:841470921579848 r25:12859543.4101:888238228543513 r27:12581491.0138:972356750827813 c3:19793499.0657:1125789485913950 c7:19894760.1929:1125891629530421 am_w:78648.2606:1125899906842624 am2:1169186.2818:1131741146535709 r24:3422901.2728:1201895849718454 r13:7082449.3676:1430819818317157 n2:9516391.9920:1504086507909231 r18:9587945.5414:1673490156736209 r23:11932748.7661:1722255096363741 c9:19877935.5432:1876483919530489 c1:19857700.8768:1876484987573940 c2:19927221.8430:1876498585967887 eq2:19942007.0045:1876499844702242 c5:19897604.3410:1876510423300793 c4:19886167.1777:1876561908146221 r9:10430833.5825:2048304717290836 r16:10364930.7458:2069007263499186 sp:10505177.6305:2251799813685248 r12:12119259.1210:2368903799271379 r28:10423070.1073:2435721377215958 eq4:19942007.1534:2627099782550801 r10:9658458.9976:2891737450690402 r11:9094632.0955:2896474965684467 s2:9475786.4935:2964870028646605 r5:7806840.7000:2981385177647568 r29:8985082.1590:3000831712806212 r26:7323712.6404:3224283904131784 r20:5503716.2400:3244707653489764 origin:19942085.9388:3377699720527872 eq1:19942164.3724:3377699720563336 eq3:19942164.4462:3377699720609860 c8:19970294.8411:3377721615564677 c0:19999623.1702:3377777778598128 c6:19962235.8498:3377808085000135 near4:19784826.5904:3378191666520779 near2:19784826.6310:3378191666521473 tie0:19784818.6181:3378191666521995 tie1:19784818.6181:3378191666521995 tie2:19784818.6181:3378191666521995 tie3:19784818.6181:3378191666521995 tie4:19784818.6181:3378191666521995 near1:19784811.0267:3378191666523555 near3:19784810.8449:3378191666525130 r7:17867924.6138:3405075401596263 r17:16412091.7607:3462997935147788 palermo:15634927.4875:3479099956230698 catania:15641452.5888:3479447370796909 r0:13720765.7011:3518127494573638 n1:10625428.5212:3755885198811498 r2:10206525.5648:3922106643038164 r19:10503680.3542:3924549354364001 am3:157296.6644:4128311862028498 am1:1169187.3217:4134140898114999 r4:3647884.8949:4188464639258802 r1:9623287.9859:4319676799258257 r15:7123987.5714:4430979175261412"),
        (0.0005, 0.0, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (0.0005, 0.0, Shape::Radius(100.0), "m", Order::None, 0, false, "origin:55.3150:3377699720527872 eq1:55.6649:3377699720563336"),
        (0.0005, 0.0, Shape::Radius(50000.0), "m", Order::None, 0, false, "origin:55.3150:3377699720527872 eq1:55.6649:3377699720563336 eq3:124.2164:3377699720609860 eq4:124.2164:2627099782550801 c2:34556.6587:1876498585967887 eq2:166.8911:1876499844702242 c7:47383.7703:1125891629530421"),
        (0.0005, 0.0, Shape::Radius(1000000.0), "m", Order::None, 0, false, "origin:55.3150:3377699720527872 eq1:55.6649:3377699720563336 eq3:124.2164:3377699720609860 c8:61548.6103:3377721615564677 c0:94700.2211:3377777778598128 c6:137089.0180:3377808085000135 near4:314516.4669:3378191666520779 near2:314516.4268:3378191666521473 tie0:314524.4394:3378191666521995 tie1:314524.4394:3378191666521995 tie2:314524.4394:3378191666521995 tie3:314524.4394:3378191666521995 tie4:314524.4394:3378191666521995 near1:314532.0306:3378191666523555 near3:314532.2129:3378191666525130 eq4:124.2164:2627099782550801 c9:103271.4941:1876483919530489 c1:124912.1777:1876484987573940 c2:34556.6587:1876498585967887 eq2:166.8911:1876499844702242 c5:88330.9352:1876510423300793 c4:123693.1231:1876561908146221 c3:148668.1780:1125789485913950 c7:47383.7703:1125891629530421"),
        (0.0005, 0.0, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:55.3150:3377699720527872 eq1:55.6649:3377699720563336 eq3:124.2164:3377699720609860 c8:61548.6103:3377721615564677 c0:94700.2211:3377777778598128 c6:137089.0180:3377808085000135 near4:314516.4669:3378191666520779 near2:314516.4268:3378191666521473 tie0:314524.4394:3378191666521995 tie1:314524.4394:3378191666521995 tie2:314524.4394:3378191666521995 tie3:314524.4394:3378191666521995 tie4:314524.4394:3378191666521995 near1:314532.0306:3378191666523555 near3:314532.2129:3378191666525130 r7:2231027.8176:3405075401596263 r17:3681279.1195:3462997935147788 palermo:4454717.5264:3479099956230698 catania:4449678.2603:3479447370796909 r0:6378092.0324:3518127494573638 n1:9451752.1707:3755885198811498 r2:9884345.5005:3922106643038164 r19:9581396.4251:3924549354364001 am3:19942046.3740:4128311862028498 am1:18908470.8948:4134140898114999 r4:16450586.1653:4188464639258802 r1:10464978.7713:4319676799258257 r15:12955450.7628:4430979175261412 sp:9459922.2241:2251799813685248 r12:7866283.0456:2368903799271379 r28:9557211.3512:2435721377215958 eq4:124.2164:2627099782550801 r10:10344540.1712:2891737450690402 r11:10902482.4884:2896474965684467 s2:10491835.4463:2964870028646605 r5:12174315.7711:2981385177647568 r29:10981439.9598:3000831712806212 r26:12749096.4210:3224283904131784 r20:14513696.7228:3244707653489764 am2:18908470.8959:1131741146535709 r24:16651826.1637:1201895849718454 r13:12993707.1571:1430819818317157 n2:10559124.6521:1504086507909231 r18:10472847.1113:1673490156736209 r23:8052739.1314:1722255096363741 c9:103271.4941:1876483919530489 c1:124912.1777:1876484987573940 c2:34556.6587:1876498585967887 eq2:166.8911:1876499844702242 c5:88330.9352:1876510423300793 c4:123693.1231:1876561908146221 r9:9624526.7259:2048304717290836 r16:9699592.6636:2069007263499186 sp_w:10560811.7759:0 r8:14642063.9936:90106215511228 r22:11087968.1838:160693233499479 r14:11081727.7543:267698580392859 r3:18691419.0100:373777487270110 am4:19942125.0212:375287765341997 r21:7718198.6968:684188148424813 s1:9519275.5288:713071354502301 r6:4921579.3500:841470921579848 r25:7083420.9329:888238228543513 r27:7380314.0050:972356750827813 c3:148668.1780:1125789485913950 c7:47383.7703:1125891629530421"),
        (10.0, 84.9, Shape::Radius(0.0), "m", Order::None, 0, false, ""),
        (10.0, 84.9, Shape::Radius(100.0), "m", Order::None, 0, false, "n1:0.0278:3755885198811498"),
        (10.0, 84.9, Shape::Radius(50000.0), "m", Order::None, 0, false, "n1:0.0278:3755885198811498"),
        (10.0, 84.9, Shape::Radius(1000000.0), "m", Order::None, 0, false, "n1:0.0278:3755885198811498"),
        (10.0, 84.9, Shape::Radius(20000000.0), "m", Order::None, 0, false, "origin:9451752.9016:3377699720527872 eq1:9451751.1820:3377699720563336 eq3:9451641.8355:3377699720609860 c8:9390367.5638:3377721615564677 c0:9374197.6580:3377777778598128 c6:9352009.8273:3377808085000135 near4:9226223.6304:3378191666520779 near2:9226212.4954:3378191666521473 tie0:9226212.3542:3378191666521995 tie1:9226212.3542:3378191666521995 tie2:9226212.3542:3378191666521995 tie3:9226212.3542:3378191666521995 tie4:9226212.3542:3378191666521995 near1:9226212.2204:3378191666523555 near3:9226201.3599:3378191666525130 r7:8047099.1620:3405075401596263 r17:6080183.3284:3462997935147788 palermo:5204712.6583:3479099956230698 catania:5274234.5818:3479447370796909 r0:4974617.4737:3518127494573638 n1:0.0278:3755885198811498 r2:1962705.0380:3922106643038164 r19:1010057.4384:3924549354364001 am3:10512492.0331:4128311862028498 am1:9456850.5416:4134140898114999 r4:7683933.1125:4188464639258802 r1:1790372.1037:4319676799258257 r15:3512292.1256:4430979175261412 sp:18907298.1782:2251799813685248 r12:16581106.9328:2368903799271379 r28:18074157.3071:2435721377215958 eq4:9451864.2497:2627099782550801 r10:16368280.5330:2891737450690402 r11:16867225.4359:2896474965684467 s2:19636810.3692:2964870028646605 r5:17691229.7994:2981385177647568 r29:19537758.2212:3000831712806212 r26:10516753.7892:3224283904131784 r20:14184647.9109:3244707653489764 am_w:10568980.8165:1125899906842624 am2:9456850.8785:1131741146535709 r24:7204838.1541:1201895849718454 r13:3544351.2199:1430819818317157 n2:1124497.8733:1504086507909231 r18:1983211.9615:1673490156736209 r23:7983767.1191:1722255096363741 c9:9397907.0856:1876483919530489 c1:9389492.0577:1876484987573940 c2:9434760.1265:1876498585967887 eq2:9451754.6307:1876499844702242 c5:9395946.0294:1876510423300793 c4:9351641.1092:1876561908146221 r9:2198779.9883:2048304717290836 r16:1359878.2783:2069007263499186 sp_w:19922013.3765:0 r8:15934299.4713:90106215511228 r22:18604934.1542:160693233499479 r14:15604706.7701:267698580392859 r3:11228009.3296:373777487270110 am4:10625428.5445:375287765341997 r21:16019714.5627:684188148424813 s1:18954810.0798:713071354502301 r6:14273237.9529:841470921579848 r25:13383394.0397:888238228543513 r27:10230338.5125:972356750827813 c3:9554339.5610:1125789485913950 c7:9484593.5763:1125891629530421"),
        (0.0, -85.05112878, Shape::Radius(200.0), "mi", Order::Asc, 50, false, "sp:0.0001:2251799813685248 s1:179.8202:713071354502301"),
        (179.9999, 10.0, Shape::Radius(11.1), "mi", Order::Desc, 0, false, "am2:0.0136:1131741146535709 am1:0.0001:4134140898114999"),
        (-0.2439, -27.4586, Shape::Radius(3280.839895013123), "m", Order::Asc, 50, false, ""),
        (179.9999, 10.0, Shape::Radius(3280839895.013123), "mi", Order::Asc, 50, false, "am1:0.0001:4134140898114999 am2:0.0136:1131741146535709 am3:657.4721:4128311862028498 am_w:691.1298:1125899906842624 am4:726.5011:375287765341997 r3:1310.1226:373777487270110 r24:1402.8818:1201895849718454 r4:1706.2744:4188464639258802 r13:3675.2854:1430819818317157 r15:3700.2109:4430979175261412 r20:3953.0197:3244707653489764 r8:4031.6620:90106215511228 r26:4588.8610:3224283904131784 n2:5188.1390:1504086507909231 r18:5263.9271:1673490156736209 r1:5268.0566:4319676799258257 r5:5545.1715:2981385177647568 r2:5641.8482:3922106643038164 r16:5735.2477:2069007263499186 r19:5805.9002:3924549354364001 r9:5805.9329:2048304717290836 n1:5876.2292:3755885198811498 r14:6081.8294:267698580392859 r22:6224.7854:160693233499479 r11:6280.0058:2896474965684467 r29:6307.7003:3000831712806212 sp_w:6569.2677:0 r10:6598.8385:2891737450690402 s2:6611.4676:2964870028646605 r28:7171.6386:2435721377215958 r23:7202.2068:1722255096363741 s1:7215.7480:713071354502301 sp:7253.3304:2251799813685248 r27:7869.9598:972356750827813 r0:7924.2830:3518127494573638 r12:8205.0273:2368903799271379 r21:8256.9348:684188148424813 r25:8429.5398:888238228543513 palermo:9004.7349:3479099956230698 catania:9014.9634:3479447370796909 r17:9504.5718:3462997935147788 r6:10055.8123:841470921579848 r7:10541.8381:3405075401596263 near3:11599.6318:3378191666525130 near1:11599.6375:3378191666523555 tie0:11599.6386:3378191666521995 tie1:11599.6386:3378191666521995 tie2:11599.6386:3378191666521995 tie3:11599.6386:3378191666521995 tie4:11599.6386:3378191666521995"),
        (-57.5736, -54.6296, Shape::Box { width: 200.0, height: 10.0 }, "mi", Order::Asc, 7, false, ""),
        (-54.7616, 24.4907, Shape::Box { width: 50.0, height: 0.0111 }, "ft", Order::Asc, 7, true, ""),
        (-108.4848, -23.4551, Shape::Box { width: 1000.0, height: 1000000.0 }, "km", Order::Desc, 7, false, "r18:10953.0431:1673490156736209 r14:2795.2789:267698580392859"),
        (-71.0402, 9.0453, Shape::Box { width: 1000.0, height: 100.0 }, "mi", Order::Desc, 50, true, ""),
        (-115.0081, 37.1386, Shape::Box { width: 100.0, height: 0.0 }, "m", Order::Asc, 0, false, ""),
        (0.0, 84.9, Shape::Radius(656167.9790026246), "mi", Order::Desc, 7, true, "eq1:5867.6928:3377699720563336 origin:5867.6928:3377699720527872 eq3:5867.6238:3377699720609860 c8:5829.5980:3377721615564677 c0:5820.0322:3377777778598128 c6:5806.6299:3377808085000135 near4:5729.6899:3378191666520779"),
        (179.5, 0.5, Shape::Box { width: 0.0, height: 50.0 }, "mi", Order::None, 50, false, ""),
        (0.0, 0.0, Shape::Box { width: 1000.0, height: 1.0 }, "ft", Order::Asc, 0, false, "origin:1.0825:3377699720527872 eq1:365.0853:3377699720563336 eq2:365.0853:1876499844702242"),
        (0.0005, 0.0, Shape::Box { width: 1000.0, height: 200000.0 }, "km", Order::Desc, 3, false, "s1:9519.2755:713071354502301 sp:9459.9222:2251799813685248 n1:9451.7522:3755885198811498"),
        (168.4789, 18.4637, Shape::Radius(20000000.0), "mi", Order::None, 1, false, "r4:740.7944:4188464639258802"),
        (-129.3478, 22.0076, Shape::Box { width: 50.0, height: 50000.0 }, "mi", Order::Asc, 3, false, ""),
        (0.0005, 0.0, Shape::Box { width: 5000.0, height: 1000000.0 }, "mi", Order::Asc, 3, true, "origin:0.0344:3377699720527872 eq1:0.0346:3377699720563336 eq3:0.0772:3377699720609860"),
        (-69.3042, 73.0226, Shape::Radius(0.0), "mi", Order::None, 1, true, ""),
        (0.0, -85.05112878, Shape::Radius(3280839.8950131233), "km", Order::Asc, 0, false, "sp:0.0001:2251799813685248 s1:289.3919:713071354502301 s2:1068.7813:2964870028646605 sp_w:1100.8894:0 r29:1529.2865:3000831712806212 r28:1564.1736:2435721377215958 r22:2161.7632:160693233499479 r12:2565.3638:2368903799271379 r5:3154.9014:2981385177647568 r21:3359.8848:684188148424813 r11:3374.4879:2896474965684467 r10:3661.2883:2891737450690402 r6:4676.4768:841470921579848 r14:4790.3507:267698580392859 r8:5199.7472:90106215511228 r25:6137.5607:888238228543513 r20:6641.5243:3244707653489764 c3:9359.1767:1125789485913950 c7:9427.6305:1125891629530421 r27:9435.2496:972356750827813 eq4:9459.8111:2627099782550801 origin:9459.9225:3377699720527872 eq1:9459.9225:3377699720563336 eq2:9459.9225:1876499844702242 eq3:9460.0336:3377699720609860 c2:9477.3908:1876498585967887 c9:9515.2311:1876483919530489 c5:9516.8456:1876510423300793 c8:9521.2304:3377721615564677 c1:9524.0111:1876484987573940 c0:9536.6673:3377777778598128 c6:9558.3194:3377808085000135 c4:9561.2169:1876561908146221 near4:9682.6988:3378191666520779 near2:9682.7101:3378191666521473 tie0:9682.7101:3378191666521995 tie1:9682.7101:3378191666521995 tie2:9682.7101:3378191666521995 tie3:9682.7101:3378191666521995 tie4:9682.7101:3378191666521995 near1:9682.7102:3378191666523555 near3:9682.7211:3378191666525130 r26:9876.6797:3224283904131784 r3:9901.3481:373777487270110 am4:10505.1774:375287765341997 am_w:10560.8118:1125899906842624 am3:10616.4038:4128311862028498 r7:10879.1993:3405075401596263 am1:11673.0747:4134140898114999 am2:11673.0747:1131741146535709 r23:11780.1025:1722255096363741 r17:12840.2837:3462997935147788 r4:13343.3496:4188464639258802 catania:13649.0571:3479447370796909 palermo:13713.3713:3479099956230698 r24:13927.1239:1201895849718454 r0:14181.1937:3518127494573638 r13:17587.5970:1430819818317157 r15:17602.5549:4430979175261412 r9:17723.9092:2048304717290836 r2:17895.9125:3922106643038164 r18:18420.1420:1673490156736209 r1:18446.3212:4319676799258257 r16:18510.6680:2069007263499186 r19:18546.1398:3924549354364001 n1:18907.2983:3755885198811498 n2:19924.0755:1504086507909231"),
        (179.9999, 10.0, Shape::Box { width: 1000000.0, height: 1.0 }, "mi", Order::Desc, 50, false, "am2:0.0136:1131741146535709 am1:0.0001:4134140898114999"),
        (142.201, -82.2506, Shape::Radius(3280.839895013123), "ft", Order::Desc, 7, true, ""),
        (13.361389, 38.115556, Shape::Box { width: 5000000.0, height: 0.0 }, "ft", Order::Desc, 3, false, ""),
        (13.361389, 38.115556, Shape::Box { width: 0.0, height: 50.0 }, "mi", Order::Asc, 3, false, ""),
        (143.603, -5.9356, Shape::Box { width: 1000.0, height: 1000000.0 }, "ft", Order::Desc, 3, false, ""),
        (0.0, 85.0, Shape::Box { width: 200.0, height: 1000000.0 }, "mi", Order::Desc, 7, false, "sp:11752.7419:2251799813685248 c3:5937.3060:1125789485913950 c7:5894.6797:1125891629530421 eq4:5874.6733:2627099782550801 eq2:5874.6041:1876499844702242 eq1:5874.6041:3377699720563336 origin:5874.6041:3377699720527872"),
        (-180.0, 0.0, Shape::Radius(1.0), "m", Order::Asc, 50, false, "am_w:0.3300:1125899906842624"),
        (0.0, -85.05112878, Shape::Box { width: 0.0, height: 1.0 }, "m", Order::Desc, 0, false, ""),
        (74.0786, -10.545, Shape::Radius(0.006897237376812855), "km", Order::None, 7, true, ""),
        (57.6762, 41.7394, Shape::Radius(5000000.0), "mi", Order::Desc, 0, false, "r14:11463.5399:267698580392859 r22:10206.4579:160693233499479 r8:9865.1606:90106215511228 r29:9308.9942:3000831712806212 sp_w:9277.8137:0 r21:9186.6361:684188148424813 s2:9105.4535:2964870028646605 s1:9076.7332:713071354502301 r25:8933.0154:888238228543513 sp:8913.1419:2251799813685248 r5:8715.7483:2981385177647568 r3:8630.7796:373777487270110 r28:8125.2815:2435721377215958 r27:8084.5374:972356750827813 am4:7894.1963:375287765341997 am_w:7845.3445:1125899906842624 am3:7796.4924:4128311862028498 r11:7645.2733:2896474965684467 r20:7471.3026:3244707653489764 am2:7332.9091:1131741146535709 am1:7332.9002:4134140898114999 r12:7322.4099:2368903799271379 r6:7253.7277:841470921579848 r10:7226.7263:2891737450690402 r23:7216.3893:1722255096363741 r24:6301.5348:1201895849718454 r4:5641.9324:4188464639258802 r26:4728.6885:3224283904131784 c3:4687.1420:1125789485913950 c7:4624.3557:1125891629530421 c1:4612.2368:1876484987573940 c9:4607.5360:1876483919530489 c2:4599.8577:1876498585967887 c5:4598.3393:1876510423300793 eq4:4595.0438:2627099782550801 eq2:4595.0413:1876499844702242 origin:4594.9936:3377699720527872 eq1:4594.9462:3377699720563336 eq3:4594.9435:3377699720609860 c4:4579.9519:1876561908146221 c8:4565.0190:3377721615564677 r13:4543.3818:1430819818317157 c0:4536.6406:3377777778598128 c6:4509.7935:3377808085000135 near4:4399.6095:3378191666520779 near2:4399.6093:3378191666521473 tie0:4399.6044:3378191666521995 tie1:4399.6044:3378191666521995 tie2:4399.6044:3378191666521995 tie3:4399.6044:3378191666521995 tie4:4399.6044:3378191666521995 near1:4399.5999:3378191666523555 near3:4399.5995:3378191666525130 r15:4379.4260:4430979175261412 r9:4374.8426:2048304717290836 r18:4338.0283:1673490156736209 r16:3914.5610:2069007263499186 n2:3575.4363:1504086507909231 r7:3221.9877:3405075401596263 n1:3106.3682:3755885198811498 r1:2743.7936:4319676799258257 r19:2616.4897:3924549354364001 r17:2531.5987:3462997935147788 palermo:2336.0076:3479099956230698 r2:2295.6101:3922106643038164 catania:2262.8299:3479447370796909 r0:696.5372:3518127494573638"),
        (2.0, 2.0, Shape::Radius(3106.863683249034), "mi", Order::Asc, 50, false, "tie0:0.0002:3378191666521995 tie1:0.0002:3378191666521995 tie2:0.0002:3378191666521995 tie3:0.0002:3378191666521995 tie4:0.0002:3378191666521995 near1:0.0068:3378191666523555 near3:0.0068:3378191666525130 near2:0.0069:3378191666521473 near4:0.0070:3378191666520779 c6:110.2685:3377808085000135 c0:137.6456:3377777778598128 c8:167.9002:3377721615564677 eq3:195.4122:3377699720609860 eq1:195.4123:3377699720563336 origin:195.4610:3377699720527872 eq4:195.5100:2627099782550801 eq2:195.5100:1876499844702242 c4:197.2161:1876561908146221 c2:201.9283:1876498585967887 c5:207.4362:1876510423300793 c9:218.6155:1876483919530489 c7:224.8634:1125891629530421 c1:227.2231:1876484987573940 c3:287.7637:1125789485913950 r7:1191.9467:3405075401596263 r17:2107.7483:3462997935147788 catania:2590.8126:3479447370796909 palermo:2597.7900:3479099956230698"),
        (179.5, 0.5, Shape::Radius(16404199.475065617), "km", Order::Asc, 0, false, "am3:0.0002:4128311862028498 am_w:78.6485:1125899906842624 am4:157.2967:375287765341997 am1:1058.0962:4134140898114999 am2:1058.0974:1131741146535709 r3:1405.2956:373777487270110 r24:3315.8099:1201895849718454 r4:3492.3799:4188464639258802 r8:5438.4035:90106215511228 r20:5511.1102:3244707653489764 r13:6971.8531:1430819818317157 r15:7006.7878:4430979175261412 r26:7219.7019:3224283904131784 r5:7886.2231:2981385177647568 r22:8999.3777:160693233499479 r14:9017.4672:267698580392859 r29:9093.5814:3000831712806212 r11:9141.9440:2896474965684467 n2:9406.8716:1504086507909231 r1:9488.2135:4319676799258257 r18:9507.9082:1673490156736209 sp_w:9515.5564:0 s2:9582.0457:2964870028646605 r10:9693.9181:2891737450690402 r2:10066.2129:3922106643038164 r16:10277.3408:2069007263499186 r9:10361.5695:2048304717290836 r19:10374.9540:3924549354364001 r28:10503.8973:2435721377215958 n1:10512.4921:3755885198811498 s1:10559.4809:713071354502301 sp:10616.4039:2251799813685248 r23:12003.1002:1722255096363741 r12:12189.3353:2368903799271379 r21:12377.1681:684188148424813 r27:12699.2733:972356750827813 r25:13015.1618:888238228543513 r0:13564.4411:3518127494573638 r6:15164.7170:841470921579848 palermo:15496.8096:3479099956230698 catania:15500.3967:3479447370796909 r17:16266.5606:3462997935147788 r7:17711.3766:3405075401596263 near3:19627.5141:3378191666525130 near1:19627.5143:3378191666523555 tie0:19627.5219:3378191666521995 tie1:19627.5219:3378191666521995 tie2:19627.5219:3378191666521995 tie3:19627.5219:3378191666521995 tie4:19627.5219:3378191666521995 near4:19627.5299:3378191666520779 near2:19627.5299:3378191666521473 c6:19804.9629:3377808085000135 c0:19847.8929:3377777778598128 c4:19863.1092:1876561908146221 c8:19888.8077:3377721615564677 c1:19890.4570:1876484987573940 c9:19905.4548:1876483919530489 c5:19907.6008:1876510423300793 eq3:19942.0067:3377699720609860 eq1:19942.0068:3377699720563336 origin:19942.0853:3377699720527872 eq4:19942.1640:2627099782550801 eq2:19942.1642:1876499844702242 c2:19943.2215:1876498585967887 c3:19950.6229:1125789485913950 c7:19989.3577:1125891629530421"),
        (-88.4915, 42.5984, Shape::Box { width: 11.1, height: 10.0 }, "mi", Order::None, 0, false, ""),
        (55.8049, -70.5086, Shape::Box { width: 1.0, height: 1000.0 }, "km", Order::Asc, 3, false, ""),
        (-179.5, -0.5, Shape::Box { width: 1000.0, height: 0.0 }, "mi", Order::Desc, 0, false, ""),
        (-149.8402, 69.9394, Shape::Radius(0.1), "mi", Order::Asc, 0, false, ""),
        (10.0, 84.9, Shape::Box { width: 10.0, height: 50000.0 }, "ft", Order::Desc, 1, false, "n1:0.0911:3755885198811498"),
        (0.0005, 0.0, Shape::Radius(0.0), "km", Order::Asc, 0, false, ""),
        (0.0, 0.0, Shape::Radius(100.0), "mi", Order::Asc, 50, false, "origin:0.0002:3377699720527872 eq3:0.0691:3377699720609860 eq4:0.0691:2627099782550801 eq1:0.0691:3377699720563336 eq2:0.0691:1876499844702242 c2:21.4428:1876498585967887 c7:29.4177:1125891629530421 c8:38.2477:3377721615564677 c5:54.8600:1876510423300793 c0:58.8644:3377777778598128 c9:64.1409:1876483919530489 c4:76.8397:1876561908146221 c1:77.5873:1876484987573940 c6:85.2075:3377808085000135 c3:92.3530:1125789485913950"),
        (0.0, 85.0, Shape::Radius(3106.863683249034), "ft", Order::Asc, 3, true, ""),
        (180.0, 0.0, Shape::Radius(31.068636832490338), "km", Order::Desc, 1, true, "am_e:0.0001:10133099161583616"),
        (90.1324, 29.2376, Shape::Radius(0.0), "ft", Order::Asc, 0, false, ""),
        (62.5729, -4.8056, Shape::Box { width: 0.001, height: 1.0 }, "km", Order::Desc, 0, false, ""),
        (179.5, 0.5, Shape::Radius(100.0), "mi", Order::Desc, 1, false, "am4:97.7399:375287765341997"),
        (0.0, 85.05112878, Shape::Radius(621372.7366498067), "km", Order::None, 0, false, "np:0.0000:6755399441055744 origin:9459.9222:3377699720527872 eq1:9459.9222:3377699720563336 eq3:9459.8111:3377699720609860 c8:9398.6147:3377721615564677 c0:9383.2194:3377777778598128 c6:9361.6494:3377808085000135 near4:9237.8182:3378191666520779 near2:9237.8069:3378191666521473 tie0:9237.8069:3378191666521995 tie1:9237.8069:3378191666521995 tie2:9237.8069:3378191666521995 tie3:9237.8069:3378191666521995 tie4:9237.8069:3378191666521995 near1:9237.8069:3378191666523555 near3:9237.7959:3378191666525130 r7:8082.1105:3405075401596263 r17:6112.9850:3462997935147788 palermo:5236.4766:3479099956230698 catania:5308.9844:3479447370796909 r0:5052.4721:3518127494573638 n1:98.7207:3755885198811498 r2:2057.3671:3922106643038164 r19:1106.9010:3924549354364001 am3:10505.1774:4128311862028498 am1:9448.5485:4134140898114999 r4:7709.0227:4188464639258802 r1:1868.1561:4319676799258257 r15:3512.1392:4430979175261412 am_w:10560.8115:1125899906842624 am2:9448.5485:1131741146535709 r24:7194.2494:1201895849718454 r13:3533.9556:1430819818317157 n2:1103.4629:1504086507909231 r18:1894.9741:1673490156736209 r23:7892.0167:1722255096363741 c9:9404.7169:1876483919530489 c1:9395.9898:1876484987573940 c2:9442.4659:1876498585967887 eq2:9459.9222:1876499844702242 c5:9403.0611:1876510423300793 c4:9358.6963:1876561908146221 r9:2100.0746:2048304717290836 r16:1261.6192:2069007263499186"),
        (158.5734, 24.7985, Shape::Radius(1000.0), "mi", Order::None, 3, false, "r4:74.8452:4188464639258802"),
        (0.0, 0.0, Shape::Radius(3280839.8950131233), "m", Order::Desc, 0, false, "r7:2231070.7841:3405075401596263 near3:314571.5219:3378191666525130 near1:314571.3415:3378191666523555 tie0:314563.7495:3378191666521995 tie1:314563.7495:3378191666521995 tie2:314563.7495:3378191666521995 tie3:314563.7495:3378191666521995 tie4:314563.7495:3378191666521995 near4:314555.7779:3378191666520779 near2:314555.7358:3378191666521473 c3:148627.3156:1125789485913950 c6:137127.7710:3377808085000135 c1:124864.4257:1876484987573940 c4:123661.1940:1876561908146221 c9:103224.5165:1876483919530489 c0:94732.8307:3377777778598128 c5:88288.4013:1876510423300793 c8:61553.5494:3377721615564677 c7:47343.0957:1125891629530421 c2:34508.6801:1876498585967887 eq1:111.2780:3377699720563336 eq2:111.2780:1876499844702242 eq3:111.2209:3377699720609860 eq4:111.2209:2627099782550801 origin:0.3300:3377699720527872"),
        (-179.5, -0.5, Shape::Radius(200000.0), "km", Order::Desc, 0, false, "c0:19999.6232:3377777778598128 c8:19970.2948:3377721615564677 c6:19962.2358:3377808085000135 eq3:19942.1644:3377699720609860 eq1:19942.1644:3377699720563336 origin:19942.0859:3377699720527872 eq4:19942.0072:2627099782550801 eq2:19942.0070:1876499844702242 c2:19927.2218:1876498585967887 c5:19897.6043:1876510423300793 c7:19894.7602:1125891629530421 c4:19886.1672:1876561908146221 c9:19877.9355:1876483919530489 c1:19857.7009:1876484987573940 c3:19793.4991:1125789485913950 near2:19784.8266:3378191666521473 near4:19784.8266:3378191666520779 tie0:19784.8186:3378191666521995 tie1:19784.8186:3378191666521995 tie2:19784.8186:3378191666521995 tie3:19784.8186:3378191666521995 tie4:19784.8186:3378191666521995 near1:19784.8110:3378191666523555 near3:19784.8108:3378191666525130 r7:17867.9246:3405075401596263 r17:16412.0918:3462997935147788 catania:15641.4526:3479447370796909 palermo:15634.9275:3479099956230698 r6:15033.3137:841470921579848 r0:13720.7657:3518127494573638 r25:12859.5434:888238228543513 r27:12581.4910:972356750827813 r21:12227.9159:684188148424813 r12:12119.2591:2368903799271379 r23:11932.7488:1722255096363741 n1:10625.4285:3755885198811498 sp:10505.1776:2251799813685248 r19:10503.6804:3924549354364001 s1:10443.4069:713071354502301 r9:10430.8336:2048304717290836 r28:10423.0701:2435721377215958 r16:10364.9307:2069007263499186 r2:10206.5256:3922106643038164 r10:9658.4590:2891737450690402 r1:9623.2880:4319676799258257 r18:9587.9455:1673490156736209 n2:9516.3920:1504086507909231 s2:9475.7865:2964870028646605 sp_w:9404.3301:0 r11:9094.6321:2896474965684467 r29:8985.0822:3000831712806212 r22:8866.2256:160693233499479 r14:8860.6187:267698580392859 r5:7806.8407:2981385177647568 r26:7323.7126:3224283904131784 r15:7123.9876:4430979175261412 r13:7082.4494:1430819818317157 r20:5503.7162:3244707653489764 r8:5319.3131:90106215511228 r4:3647.8849:4188464639258802 r24:3422.9013:1201895849718454 r3:1253.7611:373777487270110 am1:1169.1873:4134140898114999 am2:1169.1863:1131741146535709 am3:157.2967:4128311862028498 am_w:78.6483:1125899906842624 am4:0.0002:375287765341997"),
        (-179.5, -0.5, Shape::Radius(0.6213727366498067), "mi", Order::Asc, 50, true, "am4:0.0001:375287765341997"),
        (-180.0, 0.0, Shape::Radius(621.3727366498068), "km", Order::Desc, 0, false, "am3:78.6483:4128311862028498 am4:78.6483:375287765341997 am_w:0.0003:1125899906842624"),
        (0.0, 85.05112878, Shape::Box { width: 1.0, height: 5000000.0 }, "km", Order::Desc, 0, false, "eq1:9459.9222:3377699720563336 eq2:9459.9222:1876499844702242 origin:9459.9222:3377699720527872 eq3:9459.8111:3377699720609860 np:0.0000:6755399441055744"),
        (0.0, 85.05112878, Shape::Radius(3106.863683249034), "km", Order::Desc, 0, false, "r9:2100.0746:2048304717290836 r2:2057.3671:3922106643038164 r18:1894.9741:1673490156736209 r1:1868.1561:4319676799258257 r16:1261.6192:2069007263499186 r19:1106.9010:3924549354364001 n2:1103.4629:1504086507909231 n1:98.7207:3755885198811498 np:0.0000:6755399441055744"),
        (-69.2601, -8.6629, Shape::Box { width: 100.0, height: 0.0111 }, "mi", Order::None, 1, false, ""),
        (180.0, 0.0, Shape::Box { width: 200000.0, height: 1000000000.0 }, "mi", Order::Desc, 50, true, "origin:12440.3381:3377699720527872 eq3:12440.2692:3377699720609860 eq4:12440.2692:2627099782550801 eq1:12440.2691:3377699720563336 c8:12402.0906:3377721615564677 c0:12381.4739:3377777778598128 c6:12355.1308:3377808085000135 near2:12244.8819:3378191666521473 near4:12244.8819:3378191666520779 tie0:12244.8769:3378191666521995 tie1:12244.8769:3378191666521995 tie2:12244.8769:3378191666521995 tie3:12244.8769:3378191666521995 tie4:12244.8769:3378191666521995 near1:12244.8722:3378191666523555 near3:12244.8721:3378191666525130 r7:11054.0117:3405075401596263 r17:10152.8785:3462997935147788 catania:9675.4184:3479447370796909 palermo:9672.2885:3479099956230698 r0:8477.1442:3518127494573638 r12:7552.4335:2368903799271379 n1:6567.2766:3755885198811498 sp:6562.2005:2251799813685248 r28:6501.7393:2435721377215958 r19:6486.7138:3924549354364001 r2:6298.4647:3922106643038164 r10:6012.5047:2891737450690402 r1:5937.6773:4319676799258257 s2:5920.9963:2964870028646605 r11:5665.8169:2896474965684467 r29:5616.7700:3000831712806212 r5:4875.5416:2981385177647568 r26:4518.3629:3224283904131784 r15:4390.1725:4430979175261412 r20:3421.8996:3244707653489764 r4:2218.3721:4188464639258802 am1:691.1300:4134140898114999 am3:48.8699:4128311862028498 am_e:0.0001:10133099161583616"),
        (179.5, 0.5, Shape::Radius(1000000.0), "ft", Order::Asc, 0, false, "am3:0.5175:4128311862028498 am_w:258033.0811:1125899906842624 am4:516065.1721:375287765341997"),
        (-179.5, -0.5, Shape::Radius(1000000.0), "ft", Order::Desc, 0, false, "am3:516065.1721:4128311862028498 am_w:258032.3510:1125899906842624 am4:0.5175:375287765341997"),
        (-20.8143, 53.8561, Shape::Box { width: 0.0, height: 1000000.0 }, "ft", Order::None, 3, false, ""),
        (179.9999, 10.0, Shape::Radius(0.6213727366498067), "ft", Order::Asc, 0, false, "am1:0.4347:4134140898114999"),
        (-179.5, -0.5, Shape::Box { width: 0.0, height: 1.0 }, "km", Order::Asc, 3, false, ""),
        (40.3206, -45.7135, Shape::Radius(10.0), "ft", Order::Asc, 0, false, ""),
        (-30.0, -84.9, Shape::Box { width: 1000000000.0, height: 1000.0 }, "km", Order::Asc, 3, false, "s1:0.0000:713071354502301 sp:289.3919:2251799813685248 sp_w:1079.5301:0"),
        (0.0, 85.05112878, Shape::Radius(0.06213727366498068), "mi", Order::None, 3, true, "np:0.0000:6755399441055744"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 1, false, "tie4:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 1, false, "near4:0.0113:3378191666520779"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 2, false, "tie4:0.0003:3378191666521995 tie0:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 2, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 3, false, "tie4:0.0003:3378191666521995 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 3, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 4, false, "tie4:0.0003:3378191666521995 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 4, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 5, false, "tie4:0.0003:3378191666521995 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 5, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555 tie1:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 6, false, "tie4:0.0003:3378191666521995 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 near1:0.0110:3378191666523555"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 6, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 8, false, "tie4:0.0003:3378191666521995 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 near1:0.0110:3378191666523555 near3:0.0110:3378191666525130 near2:0.0110:3378191666521473"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 8, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 9, false, "tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995 near1:0.0110:3378191666523555 near3:0.0110:3378191666525130 near2:0.0110:3378191666521473 near4:0.0113:3378191666520779"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 9, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 10, false, "tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995 near1:0.0110:3378191666523555 near3:0.0110:3378191666525130 near2:0.0110:3378191666521473 near4:0.0113:3378191666520779"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 10, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Asc, 12, false, "tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995 near1:0.0110:3378191666523555 near3:0.0110:3378191666525130 near2:0.0110:3378191666521473 near4:0.0113:3378191666520779"),
        (2.0, 2.0, Shape::Radius(100.0), "km", Order::Desc, 12, false, "near4:0.0113:3378191666520779 near2:0.0110:3378191666521473 near3:0.0110:3378191666525130 near1:0.0110:3378191666523555 tie0:0.0003:3378191666521995 tie1:0.0003:3378191666521995 tie2:0.0003:3378191666521995 tie3:0.0003:3378191666521995 tie4:0.0003:3378191666521995"),
        (2.0, 2.0, Shape::Box { width: 1.0, height: 1.0 }, "m", Order::Asc, 0, false, "tie0:0.2856:3378191666521995 tie1:0.2856:3378191666521995 tie2:0.2856:3378191666521995 tie3:0.2856:3378191666521995 tie4:0.2856:3378191666521995"),
        (0.0, 0.0, Shape::Box { width: 222.4, height: 222.4 }, "m", Order::None, 0, false, "origin:0.3300:3377699720527872"),
        (0.0, 0.0, Shape::Box { width: 222.6, height: 222.6 }, "m", Order::None, 0, false, "origin:0.3300:3377699720527872 eq1:111.2780:3377699720563336 eq3:111.2209:3377699720609860 eq4:111.2209:2627099782550801 eq2:111.2780:1876499844702242"),
    ];

    fn score_of(name: &str) -> f64 {
        POINTS.iter().find(|p| p.0 == name).unwrap().3 as f64
    }

    #[test]
    fn scores_positions_and_hashes_match_redis() {
        for &(name, lon, lat, score, plon, plat, hash) in POINTS {
            assert_eq!(encode(lon, lat), Some(score), "{name}");
            let (dlon, dlat) = decode_score(score as f64);
            assert_eq!(
                (format_coord(dlon).as_str(), format_coord(dlat).as_str()),
                (plon, plat),
                "{name}"
            );
            assert_eq!(
                std::str::from_utf8(&geohash_string(score as f64)).unwrap(),
                hash,
                "{name}"
            );
        }
    }

    #[test]
    fn distances_match_redis() {
        for &(a, b, u, expected) in DISTANCES {
            let (lon1, lat1) = decode_score(score_of(a));
            let (lon2, lat2) = decode_score(score_of(b));
            let d = distance(lon1, lat1, lon2, lat2) / unit(u.as_bytes()).unwrap();
            assert_eq!(format_distance(d), expected, "{a} {b} {u}");
        }
    }

    /// Runs a search over POINTS the way a zset scan feeds it.
    fn search(s: &Search, order: Order, count: usize, any: bool) -> Vec<Hit> {
        let mut entries: Vec<(f64, &str)> = POINTS.iter().map(|p| (p.3 as f64, p.0)).collect();
        entries.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
        s.run(order, count, any, |min, visit| {
            for &(score, member) in entries.iter().filter(|e| e.0 >= min) {
                if !visit(score, member.as_bytes()) {
                    break;
                }
            }
            Ok::<(), ()>(())
        })
        .unwrap()
    }

    #[test]
    fn searches_match_redis() {
        for &(lon, lat, shape, u, order, count, any, expected) in SEARCHES {
            let s = Search {
                lon,
                lat,
                shape,
                unit: unit(u.as_bytes()).unwrap(),
            };
            let got: Vec<String> = search(&s, order, count, any)
                .iter()
                .map(|h| {
                    let m = String::from_utf8_lossy(&h.member);
                    format!(
                        "{m}:{}:{}",
                        format_distance(h.dist / s.unit),
                        h.score as u64
                    )
                })
                .collect();
            assert_eq!(
                got.join(" "),
                expected,
                "{s:?} {order:?} count {count} any {any}"
            );
        }
    }

    #[test]
    fn limits_are_redis_limits() {
        assert!(valid(180.0, 85.05112878) && valid(-180.0, -85.05112878));
        for (lon, lat) in [
            (180.000001, 0.0),
            (-180.000001, 0.0),
            (0.0, 85.06),
            (0.0, -85.0511288),
        ] {
            assert!(!valid(lon, lat));
            assert_eq!(encode(lon, lat), None);
        }
        assert_eq!(encode(f64::NAN, 0.0), None);
    }

    #[test]
    fn non_geo_scores_decode_as_redis_reads_them() {
        // ZADD w <score> m; GEOPOS w m on Redis 7.0.15 (x86-64).
        let cases: &[(f64, &str, &str)] = &[
            (-1.0, "180", "85.0511287799999991"),
            (-1.5e300, "180", "-85.05112751263942528"),
            (1e300, "-179.99999731779098511", "-85.05112751263942528"),
            (
                f64::INFINITY,
                "-179.99999731779098511",
                "-85.05112751263942528",
            ),
            (f64::NEG_INFINITY, "180", "-85.05112751263942528"),
            (1e19, "180", "85.0511287799999991"),
            (2.5, "-179.99999195337295532", "-85.05112751263942528"),
        ];
        for &(score, lon, lat) in cases {
            let (x, y) = decode_score(score);
            assert_eq!(
                (format_coord(x).as_str(), format_coord(y).as_str()),
                (lon, lat),
                "{score}"
            );
        }
        assert_eq!(
            std::str::from_utf8(&geohash_string(-1.0)).unwrap(),
            "bp05b5048p0"
        );
        assert_eq!(
            std::str::from_utf8(&geohash_string(1e300)).unwrap(),
            "00bh0hbj200"
        );
        assert_eq!(score_bits(f64::NAN), 1 << 63);
    }

    #[test]
    fn neighbours_wrap_around_the_grid() {
        let c = Cell { bits: 0, step: 2 };
        let n = neighbours(c);
        // Column 0, row 0 of a 4x4 grid: west and south wrap to column 3 and row 3.
        assert_eq!(gather(n.west.bits >> 1), 3);
        assert_eq!(gather(n.west.bits), 0);
        assert_eq!(gather(n.south.bits), 3);
        assert_eq!(gather(n.north_east.bits >> 1), 1);
        assert_eq!(gather(n.north_east.bits), 1);
        assert_eq!(east(west(c)), c);
        assert_eq!(north(south(c)), c);
    }

    #[test]
    fn step_estimates() {
        assert_eq!(estimate_step(0.0, 0.0), 26);
        assert_eq!(estimate_step(1.0, 0.0), 24);
        assert_eq!(estimate_step(1.0, 70.0), 23);
        assert_eq!(estimate_step(1.0, -81.0), 22);
        assert_eq!(estimate_step(1e7, 0.0), 1);
        assert_eq!(estimate_step(f64::INFINITY, 0.0), 1);
    }

    #[test]
    fn units_and_formats() {
        assert_eq!(unit(b"KM"), Some(1000.0));
        assert_eq!(unit(b"Mi"), Some(1609.34));
        assert_eq!(unit(b"yd"), None);
        assert_eq!(format_distance(0.0), "0.0000");
        assert_eq!(format_distance(0.33), "0.3300");
        // Both from real Redis: the scaled value is a tie, rounded to even.
        assert_eq!(format_distance(14454878.90485), "14454878.9048");
        assert_eq!(format_distance(3521663.94349572 / 0.3048), "11554015.5626");
        assert_eq!(format_coord(180.0), "180");
        assert_eq!(format_coord(-0.5), "-0.5");
    }

    fn dist_strategy() -> impl Strategy<Value = f64> {
        prop_oneof![(0u8..6).prop_map(f64::from), Just(f64::NAN), any::<f64>()]
    }

    proptest! {
        #[test]
        fn partial_sort_puts_the_nearest_first(dists in prop::collection::vec(0u8..20, 0..120), keep in 1usize..130) {
            let mut hits: Vec<Hit> = dists.iter().enumerate().map(|(i, &d)| Hit {
                member: i.to_string().into_bytes(), score: 0.0, lon: 0.0, lat: 0.0, dist: d as f64,
            }).collect();
            let mut want: Vec<f64> = hits.iter().map(|h| h.dist).collect();
            want.sort_by(f64::total_cmp);
            want.truncate(keep);
            sort_hits(&mut hits, false, keep);
            prop_assert_eq!(hits.iter().map(|h| h.dist).collect::<Vec<_>>(), want);
        }

        #[test]
        fn sorting_never_panics(dists in prop::collection::vec(dist_strategy(), 0..80), keep in 0usize..90, desc: bool) {
            let mut hits: Vec<Hit> = dists.iter().map(|&d| Hit {
                member: Vec::new(), score: 0.0, lon: 0.0, lat: 0.0, dist: d,
            }).collect();
            sort_hits(&mut hits, desc, keep);
            prop_assert!(hits.len() <= keep);
        }

        #[test]
        fn encode_decode_round_trip(lon in LON_MIN..LON_MAX, lat in LAT_MIN..LAT_MAX) {
            let bits = encode(lon, lat).unwrap();
            prop_assert!(bits < 1 << 52);
            let (x, y) = decode(bits);
            prop_assert!((x - lon).abs() <= 360.0 / (1u64 << 26) as f64);
            prop_assert!((y - lat).abs() <= 171.0 / (1u64 << 26) as f64);
            prop_assert_eq!(encode(x, y), Some(bits));
        }

        #[test]
        fn searches_never_panic(lon in -200.0f64..200.0, lat in -100.0f64..100.0, r in prop_oneof![Just(0.0), Just(f64::INFINITY), 0.0f64..3e7], boxed: bool) {
            let shape = if boxed { Shape::Box { width: r, height: r / 2.0 } } else { Shape::Radius(r) };
            let s = Search { lon, lat, shape, unit: 1.0 };
            prop_assert!(s.ranges().len() <= 9);
        }
    }
}
