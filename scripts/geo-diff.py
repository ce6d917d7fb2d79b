#!/usr/bin/env python3
"""Soak test of the geo commands: random GEOADDs and searches sent to a Strata and a real
Redis 7.0, raw replies compared byte for byte.

Usage:
    redis-server --port 23001 --save '' --appendonly no --daemonize no &
    strata-server --port 23002 --dir /tmp/geo-diff &
    scripts/geo-diff.py --redis 23001 --strata 23002 [--seed 1] [--points 2000] [--queries 20000]

tests/geo.rs runs a few hundred such searches on every test run; this goes further (clustered
points around the poles, the antimeridian and identical positions, huge and tiny shapes, every
option) and stops at the first reply that differs, printing the command. It uses and deletes
the key `geo-diff:<seed>` and `geo-diff:<seed>:dst` on both servers.
"""
import argparse
import random
import socket
import sys


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def _fill(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def _line(self, pos):
        while self.buf.find(b"\r\n", pos) < 0:
            self._fill()
        return self.buf.index(b"\r\n", pos)

    def _skip(self, pos):
        """End offset of the complete reply starting at `pos`."""
        end = self._line(pos)
        t, rest = self.buf[pos:pos + 1], self.buf[pos + 1:end]
        pos = end + 2
        if t in b"$=!" and int(rest) >= 0:
            while len(self.buf) < pos + int(rest) + 2:
                self._fill()
            return pos + int(rest) + 2
        if t in b"*~>%" and int(rest) >= 0:
            for _ in range(int(rest) * (2 if t == b"%" else 1)):
                pos = self._skip(pos)
        return pos

    def raw(self, args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        end = self._skip(0)
        reply, self.buf = self.buf[:end], self.buf[end:]
        return reply


CENTRES = [(0, 0), (180, 0), (-180, 0), (179.99, 0), (-179.99, 45), (0, 85.05112878),
           (0, -85.05112878), (100, 85), (-100, -85), (30, 84.9), (-30, -80.5), (45, 66.1),
           (0, 66), (90, -66.5), (13.36, 38.11), (1.5, 1.5)]
UNITS = {"m": 1, "km": 1000, "ft": 0.3048, "mi": 1609.34}


def clamp(lon, lat):
    return max(-180, min(180, lon)), max(-85.05112878, min(85.05112878, lat))


def point(rnd):
    lon, lat = rnd.choice(CENTRES) if rnd.random() < 0.8 else (rnd.uniform(-180, 180), rnd.uniform(-85, 85))
    spread = rnd.choice([0.0001, 0.01, 0.5, 5, 50])
    lon, lat = clamp(lon + rnd.gauss(0, spread), lat + rnd.gauss(0, spread / 2))
    if rnd.random() < 0.3:
        lon = round(lon, rnd.choice([0, 1, 3, 5]))
    if rnd.random() < 0.3:
        lat = round(lat, rnd.choice([0, 1, 3, 5]))
    return clamp(lon, lat)


def query(rnd, key, dst, members):
    lon, lat = point(rnd)
    unit = rnd.choice(list(UNITS))
    meters = 10 ** rnd.uniform(-1, 7.5) if rnd.random() < 0.95 else rnd.choice([0, 1e9])
    size = repr(meters / UNITS[unit])
    radius = rnd.random() < 0.5
    from_member = rnd.random() < 0.25
    opts = []
    if rnd.random() < 0.6:
        opts.append(rnd.choice(["ASC", "DESC"]))
    if rnd.random() < 0.5:
        opts += ["COUNT", rnd.choice([1, 2, 5, 20, 100, 1000])]
        if rnd.random() < 0.3:
            opts.append("ANY")
    withs = [w for w in ("WITHDIST", "WITHHASH", "WITHCOORD") if rnd.random() < 0.5]
    member = rnd.choice(members)
    form = rnd.random()
    if radius and form < 0.3:
        head = ["GEORADIUSBYMEMBER", key, member] if from_member else ["GEORADIUS", key, repr(lon), repr(lat)]
        tail = rnd.choice([withs, ["STORE", dst], ["STOREDIST", dst]])
        return head + [size, unit] + opts + tail
    src = ["FROMMEMBER", member] if from_member else ["FROMLONLAT", repr(lon), repr(lat)]
    if radius:
        shape = ["BYRADIUS", size, unit]
    else:
        f = UNITS[unit]
        shape = ["BYBOX", repr(meters / f * rnd.uniform(0.1, 2)), repr(meters / f * rnd.uniform(0.1, 2)), unit]
    if form < 0.5:
        return ["GEOSEARCHSTORE", dst, key] + src + shape + opts + (["STOREDIST"] if rnd.random() < 0.5 else [])
    return ["GEOSEARCH", key] + src + shape + opts + withs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redis", type=int, required=True, help="port of the real redis-server")
    ap.add_argument("--strata", type=int, required=True, help="port of strata-server")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=20000)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    servers = [Conn(args.strata), Conn(args.redis)]
    key, dst = "geo-diff:%d" % args.seed, "geo-diff:%d:dst" % args.seed

    def both(cmd):
        s, r = (c.raw(cmd) for c in servers)
        if s != r:
            print("replies differ for: %s\n  strata: %r\n  redis:  %r" % (" ".join(map(str, cmd)), s[:2000], r[:2000]))
            sys.exit(1)

    both(["DEL", key, dst])
    members = []
    for start in range(0, args.points, 100):
        cmd = ["GEOADD", key]
        for i in range(start, min(start + 100, args.points)):
            lon, lat = point(rnd)
            name = "dup%d" % (i % 7) if rnd.random() < 0.03 else "p%d" % i
            cmd += [repr(float(lon)), repr(float(lat)), name]
            members.append(name)
        both(cmd)
    for n in range(args.queries):
        if n == args.queries // 2:
            for c in servers:
                c.raw(["HELLO", "3"])
        cmd = query(rnd, key, dst, members)
        both(cmd)
        if cmd[0] == "GEOSEARCHSTORE" or "STORE" in cmd or "STOREDIST" in cmd:
            both(["ZRANGE", dst, 0, -1, "WITHSCORES"])
    both(["DEL", key, dst])
    print("%d points, %d queries: all replies identical" % (args.points, args.queries))


if __name__ == "__main__":
    main()
