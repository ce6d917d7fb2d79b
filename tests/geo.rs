//! Black-box tests of the geo commands (GEOADD, GEODIST, GEOHASH, GEOPOS, the GEORADIUS family,
//! GEOSEARCH and GEOSEARCHSTORE). Every reply is compared byte for byte with a real
//! redis-server 7.0, in RESP2 and RESP3: scores, distances, coordinates, errors and the order
//! of search results, including Redis' own misses and tie orders near the poles, on the
//! antimeridian and on box edges.
//!
//! Tests on the shared servers prefix every key with `geo:<test>:`.

mod common;
use common::*;

fn k(test: &str, name: &str) -> String {
    format!("geo:{test}:{name}")
}

/// Switches both connections to RESP3 (HELLO's reply names the server, so it differs).
fn resp3(p: &mut Pair) {
    p.both(&["HELLO", "3"]);
}

/// A deterministic pseudo-random stream (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// Points at the places where the grid has edges: the poles' limits, the antimeridian, the
/// equator and the prime meridian, plus identical points (equal distances).
const EDGE_POINTS: &[(&str, &str, &str)] = &[
    ("origin", "0", "0"),
    ("am_e", "180", "0"),
    ("am_w", "-180", "0"),
    ("np", "0", "85.05112878"),
    ("sp", "0", "-85.05112878"),
    ("np_e", "180", "85.05112878"),
    ("sp_w", "-180", "-85.05112878"),
    ("am1", "179.9999", "10"),
    ("am2", "-179.9999", "10"),
    ("am3", "179.5", "0.5"),
    ("am4", "-179.5", "-0.5"),
    ("n1", "10", "84.9"),
    ("n2", "-170", "84.99"),
    ("n3", "100", "85"),
    ("s1", "-30", "-84.9"),
    ("s2", "150", "-85"),
    ("eq1", "0.001", "0"),
    ("eq2", "-0.001", "0"),
    ("eq3", "0", "0.001"),
    ("eq4", "0", "-0.001"),
    ("tie1", "2", "2"),
    ("tie2", "2", "2"),
    ("tie3", "2", "2"),
    ("tie0", "2", "2"),
    ("tie4", "2", "2"),
    ("tie5", "2", "2"),
    ("tie6", "2", "2"),
    ("tie7", "2", "2"),
    ("near1", "2.0001", "2"),
    ("near2", "1.9999", "2"),
    ("palermo", "13.361389", "38.115556"),
    ("catania", "15.087269", "37.502669"),
];

fn add_edge_points(p: &mut Pair, key: &str) {
    p.check(&["DEL", key]);
    let mut cmd = vec!["GEOADD", key];
    for (m, lon, lat) in EDGE_POINTS {
        cmd.extend([*lon, *lat, *m]);
    }
    p.check(&cmd);
}

#[test]
fn geoadd_nx_xx_ch_and_its_errors() {
    let mut p = Pair::new();
    for line in [
        "DEL $g $str $missing",
        "GEOADD $g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
        "ZRANGE $g 0 -1 WITHSCORES",
        "GEOADD $g 13.361389 38.115556 Palermo",
        "GEOADD $g CH 13.4 38.1 Palermo 1 1 new",
        "GEOADD $g ch 13.4 38.1 Palermo",
        "GEOADD $g XX 1 2 new 3 4 absent",
        "GEOADD $g XX CH 1 3 new",
        "GEOADD $g NX CH 5 5 new 6 6 newer",
        "GEOADD $g nx xx 0 1 x",
        "GEOADD $g GT 0 1 x",
        "GEOADD $g CH 1 2",
        "GEOADD $g 0 1 x 2",
        "GEOADD $g 0 1 x CH",
        "GEOADD $g 0 1",
        "GEOADD $g",
        "GEOADD $g 181 0 x",
        "GEOADD $g -180.0000001 0 x",
        "GEOADD $g 0 85.06 x",
        "GEOADD $g 0 -85.05112879 x",
        "GEOADD $g inf 0 x",
        "GEOADD $g abc 0 x",
        "GEOADD $g 0 nan x",
        // Floats are read as C's strtod reads them.
        "GEOADD $g 1e400 0 x",
        "GEOADD $g 0 1e-400 x",
        "GEOADD $g 0x10 0x1p-2 hex",
        "GEOADD $g 1e-310 -0 tiny",
        "GEOPOS $g hex tiny",
        "GEORADIUS $g 15 37 1e400 km",
        "GEORADIUS $g 15 37 0x10 km",
        "GEOSEARCH $g FROMLONLAT 0 0 BYBOX 1e-400 1 km",
        // The bad triple comes last: nothing of the command is written.
        "GEOADD $g 1 1 ok 182 3 bad",
        "ZSCORE $g ok",
        "GEOADD $g 180 85.05112878 corner -180 -85.05112878 other",
        "ZRANGE $g 0 -1 WITHSCORES",
        "ZCARD $g",
        "TYPE $g",
        "OBJECT ENCODING $g",
        "GEOADD $missing XX 1 1 m",
        "EXISTS $missing",
        "SET $str x",
        "GEOADD $str 0 0 a",
        "GEOADD $str 0 100 a",
    ] {
        check_line(&mut p, "geoadd", line);
    }
}

#[test]
fn geopos_geohash_geodist_of_edges_and_missing_members() {
    let mut p = Pair::new();
    let g = k("pos", "g");
    let s = k("pos", "str");
    let nokey = k("pos", "nokey");
    add_edge_points(&mut p, &g);
    p.check(&["SET", &s, "x"]);
    for proto in [2, 3] {
        if proto == 3 {
            resp3(&mut p);
        }
        let mut pos = vec!["GEOPOS", g.as_str()];
        pos.extend(EDGE_POINTS.iter().map(|e| e.0));
        pos.push("missing");
        p.check(&pos);
        pos[0] = "GEOHASH";
        p.check(&pos);
        p.check(&["GEOPOS", &g]);
        p.check(&["GEOHASH", &g]);
        p.check(&["GEOPOS", &nokey, "a", "b"]);
        p.check(&["GEOHASH", &nokey, "a"]);
        p.check(&["GEOPOS", &s, "a"]);
        p.check(&["GEOHASH", &s, "a"]);
        for (a, b) in [
            ("palermo", "catania"),
            ("am_e", "am_w"),
            ("am1", "am2"),
            ("am3", "am4"),
            ("np", "sp"),
            ("np", "np_e"),
            ("sp", "sp_w"),
            ("origin", "eq1"),
            ("eq3", "eq4"),
            ("tie1", "tie2"),
            ("n1", "n2"),
            ("s1", "s2"),
        ] {
            p.check(&["GEODIST", &g, a, b]);
            for unit in ["m", "KM", "ft", "Mi"] {
                p.check(&["GEODIST", &g, a, b, unit]);
            }
        }
        p.check(&["GEODIST", &g, "palermo", "missing"]);
        p.check(&["GEODIST", &g, "missing", "palermo", "km"]);
        p.check(&["GEODIST", &nokey, "a", "b"]);
        p.check(&["GEODIST", &nokey, "a", "b", "yd"]);
        p.check(&["GEODIST", &g, "palermo", "catania", "yd"]);
        p.check(&["GEODIST", &g, "palermo", "catania", "km", "x"]);
        p.check(&["GEODIST", &s, "a", "b"]);
        p.check(&["GEODIST", &s, "a", "b", "km", "x"]);
        p.check(&["GEODIST", &g, "a"]);
    }
}

#[test]
fn geo_commands_read_scores_that_are_not_geohashes_as_redis_does() {
    let mut p = Pair::new();
    let z = k("raw", "z");
    p.check(&["DEL", &z]);
    p.check(&[
        "ZADD",
        &z,
        "-1",
        "neg1",
        "-1.5e300",
        "negbig",
        "1e300",
        "big",
        "inf",
        "pinf",
        "-inf",
        "ninf",
        "1e19",
        "e19",
        "0",
        "zero",
        "2.5",
        "frac",
        "9007199254740993",
        "odd",
        "4503599627370496",
        "top",
    ]);
    let members = [
        "neg1", "negbig", "big", "pinf", "ninf", "e19", "zero", "frac", "odd", "top",
    ];
    let mut cmd = vec!["GEOPOS", z.as_str()];
    cmd.extend(members);
    p.check(&cmd);
    cmd[0] = "GEOHASH";
    p.check(&cmd);
    p.check(&["GEODIST", &z, "neg1", "big"]);
    p.check(&["GEODIST", &z, "zero", "frac", "km"]);
    for m in members {
        p.check(&[
            "GEORADIUSBYMEMBER",
            &z,
            m,
            "100",
            "km",
            "WITHDIST",
            "WITHHASH",
            "WITHCOORD",
        ]);
    }
    p.check(&[
        "GEOSEARCH",
        &z,
        "FROMLONLAT",
        "0",
        "0",
        "BYRADIUS",
        "inf",
        "m",
        "WITHHASH",
        "WITHCOORD",
    ]);
}

/// The error and the reply of every malformed search, in the order Redis checks them.
/// The error and the reply of every malformed search, in the order Redis checks them.
/// Sends one command, written as space-separated words where `$name` stands for the key
/// `k(test, name)`, to both servers and compares the replies.
fn check_line(p: &mut Pair, test: &str, line: &str) -> Value {
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| match w.strip_prefix('$') {
            Some(name) => k(test, name),
            None => w.to_string(),
        })
        .collect();
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    p.check(&args)
}

/// The error and the reply of every malformed search, in the order Redis checks them.
#[test]
fn search_errors_come_in_redis_order() {
    let mut p = Pair::new();
    let t = "err";
    for setup in [
        "DEL $g $dst",
        "SET $str x",
        "GEOADD $g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
    ] {
        check_line(&mut p, t, setup);
    }
    let cases = [
        "GEORADIUS $str 0 0 1 km",
        "GEORADIUS $str x 0 1 km foo",
        "GEORADIUS $nokey 0 0 1 km",
        "GEORADIUS $nokey 0 0 x km",
        "GEORADIUS $nokey 200 0 1 km",
        "GEORADIUS $g 200 0 1 km",
        "GEORADIUS $g 0 0 -1 km",
        "GEORADIUS $g 0 0 -1 yd",
        "GEORADIUS $g 0 0 x km",
        "GEORADIUS $g 0 0 nan km",
        "GEORADIUS $g 0 0 1 yd",
        "GEORADIUS $g x 0 1 km",
        "GEORADIUS $g 0 x 1 km",
        "GEORADIUS $g 0 0 1 km foo",
        "GEORADIUS $g 0 0 1 km count 0",
        "GEORADIUS $g 0 0 1 km count -1 any",
        "GEORADIUS $g 0 0 1 km count x",
        "GEORADIUS $g 0 0 1 km count",
        "GEORADIUS $g 0 0 1 km any",
        "GEORADIUS $g 0 0 1 km store",
        "GEORADIUS $g 0 0 1 km store $dst withdist",
        "GEORADIUS $g 0 0 1 km withhash storedist $dst",
        "GEORADIUS $g 0 0 1 km frommember a",
        "GEORADIUS $g 0 0 1 km byradius 1 km",
        "GEORADIUS $g 0 0 1 km count 1 any count 2",
        "GEORADIUS $g 0 0 1 km count 5 count 0",
        "GEORADIUS $g 0 0 1 km count 1 any withdist store $dst",
        "GEORADIUS $nokey 0 0 1 km count 0",
        "GEORADIUS $nokey 0 0 1 km foo",
        "GEORADIUS $nokey 0 0 1 km any",
        "GEORADIUS $nokey 0 0 1 km withdist store $dst",
        "GEORADIUS_RO $g 0 0 1 km store $dst",
        "GEORADIUS_RO $g 0 0 1 km storedist $dst",
        "GEORADIUS $g 0 0 1 km storedist",
        "GEORADIUS $g 0 0 1",
        "GEORADIUSBYMEMBER $nokey m abc km",
        "GEORADIUSBYMEMBER $nokey m 1 yd",
        "GEORADIUSBYMEMBER $nokey m 1 km foo",
        "GEORADIUSBYMEMBER $nokey m 1 km withdist store $dst",
        "GEORADIUSBYMEMBER $g nope 1 km",
        "GEORADIUSBYMEMBER $g nope abc km",
        "GEORADIUSBYMEMBER $g Palermo abc km",
        "GEORADIUSBYMEMBER $g Palermo -3 km",
        "GEORADIUSBYMEMBER $g Palermo 3 kms",
        "GEORADIUSBYMEMBER $str m 1 km",
        "GEORADIUSBYMEMBER_RO $g Palermo 200 km storedist $dst",
        "GEORADIUSBYMEMBER $g Palermo 200 km any asc",
        "GEOSEARCH $g",
        "GEOSEARCH $g frommember Palermo",
        "GEOSEARCH $g asc desc withdist withhash",
        "GeoSearch $g byradius 1 km asc desc",
        "GeoSearch $nokey byradius 1 km asc desc",
        "GEOSEARCHstore $dst $g bybox 1 1 km asc",
        "geosearch $g frommember Palermo asc desc withdist",
        "GeoSearchStore $dst $g frommember Palermo asc desc withdist",
        "GEOSEARCH $g frommember Palermo fromlonlat 0 0 byradius 1 km",
        "GEOSEARCH $g fromlonlat 0 0 frommember Palermo byradius 1 km",
        "GEOSEARCH $g frommember Palermo frommember Catania byradius 1 km",
        "GEOSEARCH $g fromlonlat 0 0 fromlonlat 15 37.5 byradius 100 km",
        "GEOSEARCH $g frommember Palermo byradius 1 km bybox 1 1 km",
        "GEOSEARCH $g frommember Palermo bybox 1 1 km byradius 1 km",
        "GEOSEARCH $g frommember Palermo byradius 1 km byradius 200 km",
        "GEOSEARCH $g frommember Palermo bybox -1 1 km",
        "GEOSEARCH $g frommember Palermo bybox -1 x km",
        "GEOSEARCH $g frommember Palermo bybox x -1 km",
        "GEOSEARCH $g frommember Palermo bybox 1 x km",
        "GEOSEARCH $g frommember Palermo bybox 1 -1 km",
        "GEOSEARCH $g frommember Palermo bybox 1 -1 yd",
        "GEOSEARCH $g frommember Palermo bybox 1 1 yd",
        "GEOSEARCH $g frommember Palermo bybox 1 1",
        "GEOSEARCH $g frommember nope bybox 1 1 km",
        "GEOSEARCH $g frommember nope bybox x 1 km",
        "GEOSEARCH $nokey frommember nope bybox 1 1 km",
        "GEOSEARCH $nokey frommember nope bybox x 1 km",
        "GEOSEARCH $g frommember Palermo bybox 1 1 km store $dst",
        "GEOSEARCH $g frommember Palermo bybox 1 1 km storedist",
        "GEOSEARCH $g frommember Palermo byradius 1 km any",
        "GEOSEARCH $g frommember Palermo byradius 1 km count 0",
        "GEOSEARCH $nokey frommember Palermo byradius x km",
        "GEOSEARCH $nokey frommember Palermo byradius 1 km count 2 any storedist",
        "GEOSEARCH $str frommember Palermo bybox 1 1 km",
        "GEOSEARCH $g fromlonlat 0 100 bybox 1 1 km",
        "GEOSEARCH $g fromlonlat 0 x bybox 1 1 km",
        "GEOSEARCH $g fromlonlat 0 0 byradius 1",
        "GEOSEARCH $g fromlonlat 0 byradius 1 km",
        "GEOSEARCH $g fromlonlat 0 0 byradius 1 km withdist foo",
        "GEOSEARCHSTORE $dst $g frommember Palermo bybox 1 1 km withdist",
        "GEOSEARCHSTORE $dst $g frommember Palermo bybox 1 1 km store $dst",
        "GEOSEARCHSTORE $dst $g frommember Palermo asc desc",
        "GEOSEARCHSTORE $dst $str frommember Palermo bybox 1 1 km",
    ];
    for c in cases {
        check_line(&mut p, t, c);
    }
}

/// Every option of every search command, on one data set, in both protocols.
#[test]
fn search_options_replies_and_stores() {
    let mut p = Pair::new();
    let g = k("opt", "g");
    add_edge_points(&mut p, &g);
    let searches = [
        "GEORADIUS $g 2 2 30 km",
        "GEORADIUS_RO $g 0 0 500 km",
        "GEORADIUSBYMEMBER $g tie1 20 km",
        "GEORADIUSBYMEMBER_RO $g palermo 300 km",
        "GEOSEARCH $g FROMMEMBER am1 BYRADIUS 2000 km",
        "GEOSEARCH $g FROMLONLAT 1 1 BYBOX 400 400 km",
        "GEOSEARCH $g BYBOX 3000 1000 mi FROMLONLAT 0 80",
        "GEOSEARCH $nokey FROMMEMBER x BYRADIUS 1 km",
    ];
    let with = [
        "",
        "WITHDIST",
        "WITHHASH",
        "WITHCOORD",
        "WITHCOORD WITHDIST WITHHASH",
        "withhash withcoord",
    ];
    let orders = [
        "",
        "ASC",
        "DESC",
        "COUNT 3",
        "COUNT 3 ANY",
        "COUNT 4 ANY DESC",
        "COUNT 6 ASC",
        "desc count 100",
        "count 1",
    ];
    for proto in [2, 3] {
        if proto == 3 {
            resp3(&mut p);
        }
        for w in with {
            for o in orders {
                for s in searches {
                    check_line(&mut p, "opt", &format!("{s} {o} {w}"));
                }
            }
        }
    }
    // Stores: geohash scores or distances in the unit asked for, replacing the destination
    // (of any type, TTL dropped); an empty result, or a missing source, deletes it.
    let stores = [
        "GEORADIUS $g 2 2 30 km STORE $dst",
        "GEORADIUS $g 2 2 30 km STOREDIST $dst COUNT 3 DESC",
        "GEORADIUS $g 2 2 30 km STORE $dst STOREDIST $dst",
        "GEORADIUSBYMEMBER $g palermo 300 mi STOREDIST $dst",
        "GEORADIUSBYMEMBER $g palermo 300 mi STORE $dst COUNT 1 ANY",
        "GEOSEARCHSTORE $dst $g FROMLONLAT 0 0 BYBOX 1000 1000 km",
        "GEOSEARCHSTORE $dst $g FROMLONLAT 0 0 BYBOX 1000 1000 km STOREDIST ASC",
        "GEOSEARCHSTORE $dst $g FROMMEMBER np BYRADIUS 5000 ft STOREDIST",
        "GEOSEARCHSTORE $dst $g FROMMEMBER tie3 BYRADIUS 1 m COUNT 3 STOREDIST",
        "GEOSEARCHSTORE $g $g FROMMEMBER tie3 BYRADIUS 1 m COUNT 3",
    ];
    let empties = [
        "GEORADIUS $g -100 -50 1 m STORE $dst",
        "GEORADIUSBYMEMBER $nokey x 1 m STOREDIST $dst",
        "GEORADIUS $nokey 0 0 1 m STORE $dst",
        "GEOSEARCHSTORE $dst $g FROMLONLAT -100 -50 BYRADIUS 1 m",
        "GEOSEARCHSTORE $dst $nokey FROMMEMBER x BYRADIUS 1 m",
    ];
    for proto in [3, 2] {
        if proto == 2 {
            p.both(&["HELLO", "2"]);
        }
        add_edge_points(&mut p, &g);
        for c in stores {
            check_line(&mut p, "opt", "SET $dst not-a-zset");
            check_line(&mut p, "opt", "EXPIRE $dst 1000");
            check_line(&mut p, "opt", c);
            check_line(&mut p, "opt", "TYPE $dst");
            check_line(&mut p, "opt", "TTL $dst");
            check_line(&mut p, "opt", "ZRANGE $dst 0 -1 WITHSCORES");
            check_line(&mut p, "opt", "OBJECT ENCODING $dst");
        }
        for c in empties {
            check_line(&mut p, "opt", "SET $dst x");
            check_line(&mut p, "opt", c);
            check_line(&mut p, "opt", "EXISTS $dst");
            check_line(&mut p, "opt", c);
        }
    }
}

#[test]
fn searches_at_the_poles_the_antimeridian_and_huge_radii() {
    let mut p = Pair::new();
    let g = k("edges", "g");
    add_edge_points(&mut p, &g);
    let centres = [
        ("0", "0"),
        ("180", "0"),
        ("-180", "0"),
        ("179.9999", "10"),
        ("-179.99", "-0.5"),
        ("0", "85.05112878"),
        ("0", "-85.05112878"),
        ("180", "85.05112878"),
        ("-180", "-85.05112878"),
        ("0", "85"),
        ("100", "84.9"),
        ("-30", "-84.9"),
        ("45", "66.1"),
        ("0", "80.5"),
        ("2", "2"),
    ];
    let radii = [
        "0", "1", "100", "50000", "1000000", "5000000", "20000000", "1e9", "inf",
    ];
    for (lon, lat) in centres {
        for r in radii {
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMLONLAT",
                lon,
                lat,
                "BYRADIUS",
                r,
                "m",
                "WITHDIST",
                "WITHHASH",
            ]);
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMLONLAT",
                lon,
                lat,
                "BYBOX",
                r,
                r,
                "m",
                "WITHDIST",
                "ASC",
            ]);
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMLONLAT",
                lon,
                lat,
                "BYBOX",
                r,
                "10",
                "km",
                "DESC",
                "COUNT",
                "5",
            ]);
            p.check(&["GEORADIUS", &g, lon, lat, r, "m", "WITHCOORD"]);
        }
    }
    for (m, _, _) in EDGE_POINTS {
        p.check(&["GEORADIUSBYMEMBER", &g, m, "3000", "km", "WITHDIST"]);
        p.check(&[
            "GEOSEARCH",
            &g,
            "FROMMEMBER",
            m,
            "BYBOX",
            "500",
            "5000",
            "km",
            "WITHDIST",
        ]);
    }
}

/// Boxes and circles whose border passes through points, at the distances Redis computes
/// (GEODIST), and a hair inside and outside them.
#[test]
fn points_on_box_edges_and_circle_borders() {
    let mut p = Pair::new();
    let g = k("border", "g");
    add_edge_points(&mut p, &g);
    let mut extra = vec!["GEOADD", g.as_str()];
    let grid: Vec<(String, String, String)> = (-3..=3)
        .flat_map(|i| (-3..=3).map(move |j| (i, j)))
        .map(|(i, j)| {
            (
                format!("g{i}_{j}"),
                format!("{}", 30.0 + i as f64 * 0.01),
                format!("{}", 40.0 + j as f64 * 0.01),
            )
        })
        .collect();
    for (m, lon, lat) in &grid {
        extra.extend([lon.as_str(), lat.as_str(), m.as_str()]);
    }
    p.check(&extra);
    // Distances from the grid's centre to its points, as Redis measures them.
    for target in ["g3_0", "g0_3", "g2_2", "g-1_0", "g0_-2"] {
        let d = p.check(&["GEODIST", &g, "g0_0", target, "m"]).as_str();
        let d: f64 = d.parse().unwrap();
        for delta in [-0.001, -0.0001, 0.0, 0.0001, 0.001] {
            let r = format!("{}", d + delta);
            let w = format!("{}", 2.0 * (d + delta));
            p.check(&["GEORADIUSBYMEMBER", &g, "g0_0", &r, "m", "WITHDIST", "ASC"]);
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMMEMBER",
                "g0_0",
                "BYBOX",
                &w,
                &w,
                "m",
                "WITHDIST",
                "ASC",
            ]);
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMMEMBER",
                "g0_0",
                "BYBOX",
                &w,
                "1",
                "m",
                "WITHDIST",
            ]);
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMMEMBER",
                "g0_0",
                "BYBOX",
                "1",
                &w,
                "m",
                "WITHDIST",
            ]);
        }
    }
    // Boxes around the poles and across the antimeridian.
    for (lon, lat) in [
        ("180", "0"),
        ("-180", "10"),
        ("0", "85.05112878"),
        ("170", "-85"),
    ] {
        for (w, h) in [
            ("100", "100"),
            ("1000", "10"),
            ("10", "1000"),
            ("40000", "40000"),
        ] {
            p.check(&[
                "GEOSEARCH",
                &g,
                "FROMLONLAT",
                lon,
                lat,
                "BYBOX",
                w,
                h,
                "km",
                "WITHDIST",
                "WITHCOORD",
            ]);
        }
    }
}

/// Random GEOADDs and searches (clustered around the edges, so that searches find things)
/// compared with Redis, reply by reply.
#[test]
fn random_geoadd_and_geosearch_match_redis() {
    let mut p = Pair::new();
    let g = k("random", "g");
    let d = k("random", "dst");
    p.check(&["DEL", &g, &d]);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let centres = [
        (0.0, 0.0),
        (180.0, 0.0),
        (-180.0, 0.0),
        (179.99, 0.0),
        (-179.99, 45.0),
        (0.0, 85.05112878),
        (0.0, -85.05112878),
        (100.0, 85.0),
        (-100.0, -85.0),
        (30.0, 84.9),
        (45.0, 66.1),
        (13.36, 38.11),
        (1.5, 1.5),
    ];
    let clamp = |lon: f64, lat: f64| {
        (
            lon.clamp(-180.0, 180.0),
            lat.clamp(-85.05112878, 85.05112878),
        )
    };
    let round = |v: f64, rng: &mut Rng| match rng.next() % 4 {
        0 => format!("{:.0}", v),
        1 => format!("{:.3}", v),
        _ => format!("{v}"),
    };
    for batch in 0..16 {
        if batch == 8 {
            resp3(&mut p);
        }
        let mut cmd = vec!["GEOADD".to_string(), g.clone()];
        for i in 0..60 {
            let &(clon, clat) = rng.pick(&centres);
            let spread = *rng.pick(&[0.0001, 0.01, 0.5, 5.0, 50.0]);
            let (lon, lat) = clamp(
                clon + rng.range(-spread, spread),
                clat + rng.range(-spread / 2.0, spread / 2.0),
            );
            let (lon, lat) = (round(lon, &mut rng), round(lat, &mut rng));
            let (lon, lat) = clamp(lon.parse().unwrap(), lat.parse().unwrap());
            cmd.extend([format!("{lon}"), format!("{lat}"), format!("m{batch}_{i}")]);
        }
        // Some members land on identical points: equal distances.
        cmd.extend(["1.5".into(), "1.5".into(), format!("dup{batch}")]);
        let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        p.check(&args);
        for _ in 0..40 {
            let &(clon, clat) = rng.pick(&centres);
            let (lon, lat) = clamp(clon + rng.range(-1.0, 1.0), clat + rng.range(-0.5, 0.5));
            let unit = *rng.pick(&["m", "km", "ft", "mi"]);
            let per = match unit {
                "m" => 1.0,
                "km" => 1000.0,
                "ft" => 0.3048,
                _ => 1609.34,
            };
            let meters = 10f64.powf(rng.range(0.0, 7.5));
            let mut c: Vec<String> = vec!["GEOSEARCH".into(), g.clone()];
            // The same radius search in its GEORADIUS form.
            let mut legacy: Option<Vec<String>> = None;
            let member = format!("m{batch}_{}", rng.next() % 60);
            let by_member = rng.next().is_multiple_of(4);
            if by_member {
                c.extend(["FROMMEMBER".into(), member.clone()]);
            } else {
                c.extend(["FROMLONLAT".into(), format!("{lon}"), format!("{lat}")]);
            }
            if rng.next().is_multiple_of(2) {
                let r = format!("{}", meters / per);
                c.extend(["BYRADIUS".into(), r.clone(), unit.into()]);
                legacy = Some(if by_member {
                    vec![
                        "GEORADIUSBYMEMBER".into(),
                        g.clone(),
                        member,
                        r,
                        unit.into(),
                    ]
                } else {
                    let (lon, lat) = (format!("{lon}"), format!("{lat}"));
                    vec!["GEORADIUS_RO".into(), g.clone(), lon, lat, r, unit.into()]
                });
            } else {
                let w = meters / per * rng.range(0.1, 2.0);
                let h = meters / per * rng.range(0.1, 2.0);
                c.extend(["BYBOX".into(), format!("{w}"), format!("{h}"), unit.into()]);
            }
            let mut options: Vec<String> = Vec::new();
            match rng.next() % 3 {
                0 => options.push("ASC".into()),
                1 => options.push("DESC".into()),
                _ => {}
            }
            let count = *rng.pick(&[0u64, 0, 1, 2, 5, 20, 100]);
            if count > 0 {
                options.extend(["COUNT".into(), count.to_string()]);
                if rng.next().is_multiple_of(3) {
                    options.push("ANY".into());
                }
            }
            c.extend(options.iter().cloned());
            if let Some(mut legacy) = legacy {
                legacy.extend(options);
                legacy.push("WITHDIST".into());
                let args: Vec<&str> = legacy.iter().map(String::as_str).collect();
                p.check(&args);
            }
            let mut with = c.clone();
            with.extend(["WITHDIST".into(), "WITHHASH".into(), "WITHCOORD".into()]);
            let args: Vec<&str> = with.iter().map(String::as_str).collect();
            p.check(&args);
            // The same search stored, as distances, then read back.
            let mut store = vec!["GEOSEARCHSTORE".to_string(), d.clone()];
            store.extend(c[1..].iter().cloned());
            store.push("STOREDIST".into());
            let args: Vec<&str> = store.iter().map(String::as_str).collect();
            p.check(&args);
            p.check(&["ZRANGE", &d, "0", "-1", "WITHSCORES"]);
            p.check(&["OBJECT", "ENCODING", &d]);
        }
    }
}

#[test]
fn geo_commands_inside_multi() {
    let mut p = Pair::new();
    let g = k("multi", "g");
    let d = k("multi", "dst");
    p.check(&["DEL", &g, &d]);
    p.check(&["MULTI"]);
    p.check(&["GEOADD", &g, "1", "1", "a", "1.001", "1", "b"]);
    p.check(&[
        "GEOSEARCHSTORE",
        &d,
        &g,
        "FROMMEMBER",
        "a",
        "BYRADIUS",
        "1",
        "km",
        "STOREDIST",
    ]);
    p.check(&["GEODIST", &g, "a", "b"]);
    p.check(&["GEOADD", &g, "200", "1", "bad"]);
    p.check(&["GEOPOS", &g, "a"]);
    p.check(&["EXEC"]);
    p.check(&["ZRANGE", &d, "0", "-1", "WITHSCORES"]);
}

#[test]
fn geo_keyspace_events() {
    for server in fresh_servers() {
        let mut c = server.client();
        assert_ok(&c.cmd(&["CONFIG", "SET", "notify-keyspace-events", "KEA"]));
        let mut sub = server.client();
        sub.cmd(&["PSUBSCRIBE", "__keyspace@0__:*"]);
        c.cmd(&["GEOADD", "g", "1", "1", "a"]);
        c.cmd(&["GEOADD", "g", "1", "1", "a"]);
        c.cmd(&["GEORADIUS", "g", "1", "1", "1", "km", "STORE", "d1"]);
        c.cmd(&[
            "GEOSEARCHSTORE",
            "d2",
            "g",
            "FROMMEMBER",
            "a",
            "BYRADIUS",
            "1",
            "km",
        ]);
        c.cmd(&[
            "GEOSEARCHSTORE",
            "d2",
            "g",
            "FROMLONLAT",
            "50",
            "50",
            "BYRADIUS",
            "1",
            "km",
        ]);
        c.cmd(&["PING"]);
        let mut events = Vec::new();
        for _ in 0..4 {
            let v = sub.read_value().as_array();
            events.push(format!("{} {}", v[2].as_str(), v[3].as_str()));
        }
        assert_eq!(
            events,
            [
                "__keyspace@0__:g zadd",
                "__keyspace@0__:d1 georadiusstore",
                "__keyspace@0__:d2 geosearchstore",
                "__keyspace@0__:d2 del",
            ],
            "{}",
            server.addr()
        );
    }
}
