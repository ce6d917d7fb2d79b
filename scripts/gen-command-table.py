#!/usr/bin/env python3
"""Regenerate the command data in src/cmd/table.rs from a live Redis 7.0.

Usage:
    redis-server --port 16399 --save '' --daemonize no &
    scripts/gen-command-table.py --port 16399 [--check]

For every command in COMMANDS below, the script asks the server for
`COMMAND INFO <name>` and `COMMAND DOCS <name>` (over RESP3, so maps keep
their order) and rewrites the part of src/cmd/table.rs between the
`@generated-begin` and `@generated-end` markers. The lookup functions and tests
outside the markers are written by hand and left alone.

Only observed server output is used (no Redis source). Subcommands are sorted
by name, because Redis lists them in hash-table order, which changes on every
start. `--check` exits non-zero if the file would change.

To add a command: add it to COMMANDS (and to EXCLUSIVE if it needs the whole
server), then run the script again.
"""
import argparse
import os
import socket
import sys

# group -> (handler module, commands). A tuple (container, [subs]) declares a
# container and the subcommands Strata implements.
COMMANDS = [
    ("connection", "connection", ["ping", "echo", "quit", "reset", "hello", "auth", "select",
                                  ("client", ["id", "setname", "getname", "list", "info", "kill", "reply", "help", "caching", "getredir", "no-evict", "pause", "tracking", "trackinginfo", "unblock", "unpause"])]),
    ("string", "strings", ["get", "set", "setnx", "setex", "psetex", "mget", "mset", "msetnx", "getset",
                           "getdel", "getex", "append", "strlen", "incr", "decr", "incrby", "decrby",
                           "incrbyfloat", "getrange", "setrange", "substr", "lcs"]),
    ("generic", "keys", ["del", "unlink", "exists", "type", "keys", "scan", "rename", "renamenx", "randomkey",
                         "copy", "touch", "move",
                         ("object", ["encoding", "freq", "idletime", "refcount", "help"]),
                         "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl", "expiretime",
                         "pexpiretime", "persist"]),
    ("generic", "dump", ["dump", "restore", "migrate"]),
    ("generic", "sort", ["sort", "sort_ro"]),
    ("generic", "server", ["wait"]),
    ("hash", "hashes", ["hset", "hsetnx", "hmset", "hget", "hmget", "hgetall", "hdel", "hlen", "hexists",
                        "hkeys", "hvals", "hstrlen", "hincrby", "hincrbyfloat", "hrandfield", "hscan"]),
    ("set", "sets", ["sadd", "srem", "scard", "sismember", "smismember", "smembers", "srandmember", "spop",
                     "smove", "sinter", "sintercard", "sunion", "sdiff", "sinterstore", "sunionstore",
                     "sdiffstore", "sscan"]),
    ("list", "lists", ["lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex",
                       "lset", "linsert", "lrem", "ltrim", "lpos", "lmove", "rpoplpush", "lmpop", "blpop",
                       "brpop", "blmove", "brpoplpush", "blmpop"]),
    ("sorted-set", "zsets", ["zadd", "zincrby", "zrem", "zcard", "zscore", "zmscore", "zrank", "zrevrank",
                             "zcount", "zlexcount", "zrange", "zrevrange", "zrangebyscore",
                             "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrangestore",
                             "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zpopmin",
                             "zpopmax", "zmpop", "bzpopmin", "bzpopmax", "bzmpop", "zrandmember",
                             "zunion", "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore",
                             "zintercard", "zscan"]),
    ("geo", "geo", ["geoadd", "geodist", "geohash", "geopos", "georadius", "georadiusbymember",
                    "georadius_ro", "georadiusbymember_ro", "geosearch", "geosearchstore"]),
    ("hyperloglog", "hyperloglog", ["pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest"]),
    ("bitmap", "bitmaps", ["setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro"]),
    ("transactions", "transactions", ["multi", "exec", "discard", "watch", "unwatch"]),
    ("pubsub", "pubsub", ["subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe",
                          "sunsubscribe", "publish", "spublish",
                          ("pubsub", ["channels", "numsub", "numpat", "shardchannels", "shardnumsub",
                                      "help"])]),
    ("server", "server", ["dbsize", "swapdb", "flushdb", "flushall", "info",
                          ("config", ["get", "set", "resetstat", "rewrite", "help"]),
                          "time", "lastsave", "save", "bgsave", "bgrewriteaof", "shutdown", "debug",
                          "role", "monitor",
                          ("command", ["count", "info", "list", "getkeys", "docs", "help"])]),
    ("server", "slowlog", [("slowlog", ["get", "len", "reset", "help"])]),
    ("server", "diagnostics", [("memory", ["usage", "stats", "doctor", "malloc-stats", "purge", "help"]),
                               ("latency", ["latest", "history", "reset", "graph", "doctor", "histogram", "help"])]),
    ("scripting", "scripting", ["eval", "evalsha", "eval_ro", "evalsha_ro",
                                ("script", ["load", "exists", "flush", "kill", "debug", "help"]),
                                "fcall", "fcall_ro",
                                ("function", ["load", "list", "delete", "flush", "dump", "restore",
                                              "stats", "kill", "help"])]),
]
# Containers that also have a handler for the bare command.
CONTAINERS_WITH_HANDLER = {"command"}
# Commands that run other commands into one batch that reads its own writes (transaction batch):
# EXEC and scripts.
TRANSACTIONAL = {"exec", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"}
# Arity a later Redis widened, for options Strata implements beyond 7.0 (ZRANK/ZREVRANK
# WITHSCORE, Redis 7.2).
ARITY_OVERRIDES = {"zrank": -3, "zrevrank": -3}
# Commands that need the whole server to themselves (global write lock).
EXCLUSIVE = {"sort", "sort_ro", "exec", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "flushdb", "flushall", "swapdb", "move", "copy", "debug", "shutdown", "save", "bgsave"}

RUST_KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async",
    "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try", "gen",
}

BEGIN = "// @generated-begin by scripts/gen-command-table.py; do not edit by hand\n"
END = "// @generated-end\n"


# ---------------------------------------------------------------- RESP client
class Conn:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.buf = b""

    def _fill(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        i = self.buf.index(b"\r\n")
        line, self.buf = self.buf[:i], self.buf[i + 2:]
        return line

    def _bulk(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def read(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            raise RuntimeError(rest.decode())
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self._bulk(n).decode()
        if t in (b"*", b"~"):
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        if t == b"%":
            return [(self.read(), self.read()) for _ in range(int(rest))]  # ordered map
        if t == b"_":
            return None
        raise ValueError("unexpected RESP line %r" % line)

    def cmd(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self.read()


# ---------------------------------------------------------------- Rust output
def lit(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def strs(items):
    return "&[" + ", ".join(lit(x) for x in items) + "]"


def begin_search(m):
    m = dict(m)
    spec = dict(m["spec"])
    if m["type"] == "index":
        return "BeginSearch::Index(%d)" % spec["index"]
    if m["type"] == "keyword":
        return "BeginSearch::Keyword { keyword: %s, start_from: %d }" % (lit(spec["keyword"]), spec["startfrom"])
    assert m["type"] == "unknown", m
    return "BeginSearch::Unknown"


def find_keys(m):
    m = dict(m)
    spec = dict(m["spec"])
    if m["type"] == "range":
        assert list(spec) == ["lastkey", "keystep", "limit"], spec
        return "FindKeys::range(%d, %d, %d)" % (spec["lastkey"], spec["keystep"], spec["limit"])
    if m["type"] == "keynum":
        assert list(spec) == ["keynumidx", "firstkey", "keystep"], spec
        return "FindKeys::keynum(%d, %d, %d)" % (spec["keynumidx"], spec["firstkey"], spec["keystep"])
    assert m["type"] == "unknown", m
    return "FindKeys::Unknown"


def key_spec(ks):
    keys = [k for k, _ in ks]
    assert keys in (["flags", "begin_search", "find_keys"], ["notes", "flags", "begin_search", "find_keys"]), keys
    m = dict(ks)
    parts = [strs(m["flags"]), begin_search(m["begin_search"]), find_keys(m["find_keys"])]
    if "notes" in m:
        return "KeySpec::with_notes(%s, %s)" % (lit(m["notes"]), ", ".join(parts))
    return "KeySpec::new(%s)" % ", ".join(parts)


def doc_expr(d, ind):
    known = {"summary", "since", "group", "complexity", "doc_flags", "deprecated_since", "replaced_by",
             "history", "arguments", "subcommands"}
    unknown = [k for k, _ in d if k not in known]
    assert not unknown, unknown
    m = dict(d)
    first = "doc: Doc { summary: %s, since: %s, group: %s," % (lit(m["summary"]), lit(m["since"]), lit(m["group"]))
    pad = " " * len("doc: Doc { ")
    lines = [first, pad + "complexity: %s," % lit(m.get("complexity", ""))]
    if "doc_flags" in m:
        extra = ["doc_flags: %s," % strs(m["doc_flags"])]
        if "deprecated_since" in m:
            extra.append("deprecated_since: %s," % lit(m["deprecated_since"]))
        if "replaced_by" in m:
            extra.append("replaced_by: %s," % lit(m["replaced_by"]))
        lines.append(pad + " ".join(extra))
    else:
        assert "deprecated_since" not in m and "replaced_by" not in m, m
    if "history" in m:
        lines.append(pad + "history: &[")
        for ver, text in m["history"]:
            lines.append(pad + "    (%s, %s)," % (lit(ver), lit(text)))
        lines.append(pad + "],")
    every_field = all(f in m for f in ("doc_flags", "deprecated_since", "replaced_by", "history"))
    lines[-1] += " }," if every_field else " ..Doc::DEFAULT },"
    return ("\n" + ind).join(lines)


def fn_name(name):
    n = name.replace("|", "_").replace("-", "_")
    return n + "_" if n in RUST_KEYWORDS else n


def entry(info, doc, module, subs, ind):
    """Render one CommandDef literal. `subs` is a list of (info, doc) for subcommands."""
    name, arity, flags, first, last, step, acl, tips, specs, _nested = info
    arity = ARITY_OVERRIDES.get(name, arity)
    out = []
    w = out.append
    w("CommandDef {")
    w("    name: %s, arity: %d, flags: %s," % (lit(name), arity, strs(flags)))
    w("    first_key: %d, last_key: %d, step: %d, acl: %s," % (first, last, step, strs(acl)))
    if tips:
        w("    tips: %s," % strs(tips))
    if specs:
        if len(specs) == 1:
            w("    key_specs: &[%s]," % key_spec(specs[0]))
        else:
            w("    key_specs: &[")
            for ks in specs:
                w("        %s," % key_spec(ks))
            w("    ],")
    if subs:
        w("    subcommands: &[")
        for sinfo, sdoc in subs:
            w("        " + entry(sinfo, sdoc, module, None, ind + "        ") + ",")
        w("    ],")
    w("    " + doc_expr(doc, ind + "    "))
    base = name.split("|")[0]
    line = []
    if subs is None or not subs or base in CONTAINERS_WITH_HANDLER:
        line.append("handler: Some(super::%s::%s)," % (module, fn_name(name)))
    if name in EXCLUSIVE:
        line.append("exclusive: true,")
    if name in TRANSACTIONAL:
        line.append("transaction: true,")
    line.append("..CommandDef::DEFAULT")
    w("    " + " ".join(line))
    w("}")
    return ("\n" + ind).join(out)


def fetch(conn, name):
    info = conn.cmd("COMMAND", "INFO", name)
    assert len(info) == 1 and info[0] is not None, "unknown command %s" % name
    docs = conn.cmd("COMMAND", "DOCS", name)
    assert len(docs) == 1 and docs[0][0] == name, docs
    return info[0], docs[0][1]


def generate(conn):
    chunks = []
    counts = {}
    for group, module, cmds in COMMANDS:
        chunks.append("    // ---- %s (handlers in super::%s) ----\n" % (group, module))
        for c in cmds:
            name, subnames = (c, None) if isinstance(c, str) else c
            info, doc = fetch(conn, name)
            assert dict(doc)["group"] == group, (name, dict(doc)["group"])
            subs = None
            if subnames is not None:
                subinfo = {s[0]: s for s in info[9]}
                subdoc = dict(dict(doc)["subcommands"])
                wanted = sorted(subnames + (["help"] if "help" not in subnames and name + "|help" in subinfo else []))
                subs = []
                for s in wanted:
                    full = name + "|" + s
                    assert full in subinfo, "no subcommand %s" % full
                    subs.append((subinfo[full], subdoc[full]))
            else:
                assert not info[9], "%s has subcommands but none are listed" % name
            counts[module] = counts.get(module, 0) + 1 + len(subs or [])
            chunks.append("    " + entry(info, doc, module, subs, "    ") + ",\n")
    return "".join(chunks), counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=6379)
    ap.add_argument("--file", default=os.path.join(os.path.dirname(__file__), "..", "src", "cmd", "table.rs"))
    ap.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = ap.parse_args()

    conn = Conn(args.host, args.port)
    conn.cmd("HELLO", "3")
    version = dict(conn.cmd("HELLO", "3"))["version"]
    if not version.startswith("7.0."):
        print("warning: server is Redis %s, table targets 7.0" % version, file=sys.stderr)
    body, counts = generate(conn)

    with open(args.file) as f:
        text = f.read()
    i, j = text.index(BEGIN), text.index(END)
    new = text[: i + len(BEGIN)] + body + "    " + text[j:]
    if args.check:
        if new != text:
            print("%s is out of date" % args.file, file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    with open(args.file, "w") as f:
        f.write(new)
    print("wrote %s from Redis %s: %s" % (args.file, version, counts))


if __name__ == "__main__":
    main()
