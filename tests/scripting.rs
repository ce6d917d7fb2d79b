//! Black-box tests of Lua scripting (EVAL, EVALSHA, EVAL_RO, SCRIPT): replies compared byte for
//! byte with a real redis-server 7.0 for a corpus of scripts covering the conversion rules, the
//! `redis` API, the sandbox and the error formats; plus what Redis cannot be compared on
//! (scripts kept across a restart).
//!
//! Tests that flush the script cache or need fixed key names start servers of their own.

mod common;
use common::*;

/// Every entry runs on a fresh strata and a fresh redis, in order; replies must be identical.
const CORPUS: &[&[&str]] = &[
    // Numbers passed to redis.call become %.17g text, as in Redis 7.0, not Lua's %.14g.
    &[
        "eval",
        "redis.call('SET','num:a',0.1) redis.call('SET','num:b',2^53) redis.call('SET','num:c',1e15) redis.call('SET','num:d',-3) return redis.call('MGET','num:a','num:b','num:c','num:d')",
        "0",
    ],
    // A shebang must end its line; one without no-writes makes EVAL_RO refuse the script.
    &["eval", "#!lua", "0"],
    &["eval", "#!", "0"],
    &["eval", "#!lua\nreturn 1", "0"],
    &["eval_ro", "#!lua\nreturn 1", "0"],
    &["eval_ro", "#!lua flags=no-writes\nreturn 1", "0"],
    &["eval_ro", "return 1", "0"],
    // setresp reads a numeric string as its number.
    &["eval", "redis.setresp('3') return redis.call('HGETALL','num:none')", "0"],
    &["eval", "redis.setresp('0x3') return redis.call('HGETALL','num:none')", "0"],
    &["eval", "redis.setresp(' 3') return 1", "0"],
    &["eval", "redis.setresp('3x') return 1", "0"],
    &["set", "s", "x"],
    &["eval", "return redis.call('incr')", "0"],
    &["eval", "return redis.call('nosuch')", "0"],
    &["eval", "return redis.call('incr','s')", "0"],
    &["eval", "return redis.pcall('incr','s')", "0"],
    &["eval", "return {1,2,3.7,'a',nil,'b'}", "0"],
    &["eval", "error('boom')", "0"],
    &["eval", "error({err='MY boom'})", "0"],
    &["eval", "return {err='x y'}", "0"],
    &["eval", "x = 5", "0"],
    &["eval", "return x", "0"],
    &["eval", "return 1 +", "0"],
    &["eval", "return redis.call('eval','return 1','0')", "0"],
    &["eval_ro", "return redis.call('set','a','b')", "0"],
    &["eval", "local a = {} ; a.b() ", "0"],
    &["eval", "return os", "0"],
    &["eval", "return redis.call('get')", "0"],
    &["eval", "return redis.error_reply('My Err')", "0"],
    &["eval", "return redis.error_reply('-My Err')", "0"],
    &["eval", "return {err='-x y'}", "0"],
    &["eval", "return {ok='fine'}", "0"],
    &["eval", "return {1,{2,{3}},true,false}", "0"],
    &["eval", "return 3.99", "0"],
    &["eval", "return -3.99", "0"],
    &["eval", "return 'x'", "0"],
    &["eval", "return true", "0"],
    &["eval", "return false", "0"],
    &["eval", "return nil", "0"],
    &["eval", "local function f() error('deep') end local function g() f() end g()", "0"],
    &["eval", "local function f() redis.call('incr','s') end\nlocal function g() f() end\ng()", "0"],
    &["eval", "\n\nerror('line3')", "0"],
    &["eval", "error({err='MY boom', x=1})", "0"],
    &["eval", "error(nil)", "0"],
    &["eval", "error(12)", "0"],
    &["eval", "error('boom', 0)", "0"],
    &["eval", "error('boom', 2)", "0"],
    &["eval", "local r = redis.pcall('incr','s') return type(r) .. r.err", "0"],
    &["eval", "local r = redis.pcall('nosuch','s') return r", "0"],
    &["eval", "return {1,2,{err='inner'}}", "0"],
    &["eval", "return {1,2,redis.error_reply('inner')}", "0"],
    &["eval", "return {1,2,redis.status_reply('inner')}", "0"],
    &["eval", "return 1e20", "0"],
    &["eval", "return 0/0", "0"],
    &["eval", "return 1/0", "0"],
    &["eval", "return redis.call('get','nokey')", "0"],
    &["eval", "return type(redis.call('get','nokey'))", "0"],
    &["eval", "return redis.call('set','a','b')", "0"],
    &["eval", "return type(redis.call('set','a','b'))", "0"],
    &["eval", "return redis.call('set','a','b').ok", "0"],
    &["eval", "return {redis.call('hgetall','nokey')}", "0"],
    &["eval", "return redis.sha1hex('')", "0"],
    &["eval", "return redis.sha1hex()", "0"],
    &["eval", "return redis.REDIS_VERSION .. ' ' .. redis.REDIS_VERSION_NUM", "0"],
    &["eval", "return redis.LOG_WARNING .. redis.LOG_NOTICE .. redis.LOG_VERBOSE .. redis.LOG_DEBUG", "0"],
    &["eval", "return redis.log(redis.LOG_WARNING, 'hello', 'x')", "0"],
    &["eval", "return redis.log(99, 'hello')", "0"],
    &["eval", "return redis.log(1)", "0"],
    &["eval", "return redis.setresp(3)", "0"],
    &["eval", "return redis.setresp(4)", "0"],
    &["eval", "return redis.set_repl(redis.REPL_ALL)", "0"],
    &["eval", "return redis.replicate_commands()", "0"],
    &["eval", "return {redis.REPL_ALL, redis.REPL_AOF, redis.REPL_REPLICA, redis.REPL_SLAVE, redis.REPL_NONE}", "0"],
    &["eval", "return redis.set_repl(99)", "0"],
    &["eval", "return redis.breakpoint()", "0"],
    &["eval", "return redis.debug('x')", "0"],
    &["eval", "return KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV", "1", "k", "a"],
    &["eval", "return 1", "-1"],
    &["eval", "return 1", "2", "a"],
    &["eval", "return 1", "x"],
    &["evalsha", "ffffffffffffffffffffffffffffffffffffffff", "0"],
    &["evalsha", "fff", "0"],
    &["script", "load", "return 1"],
    &["script", "exists", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "ffffffffffffffffffffffffffffffffffffffff"],
    &["evalsha", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"],
    &["script", "flush", "async"],
    &["script", "exists", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"],
    &["script", "flush", "bogus"],
    &["script", "flush", "sync", "x"],
    &["script", "kill"],
    &["script", "help"],
    &["script", "debug", "no"],
    &["script", "debug", "bogus"],
    &["script", "debug"],
    &["script", "debug", "no", "x"],
    &["multi"],
    &["script", "debug", "no"],
    &["exec"],
    &["script", "bogus"],
    &["eval", "local t = redis.error_reply('X') local s='' for k,v in pairs(t) do s = s .. k .. '=' .. tostring(v) .. ';' end return s", "0"],
    &["eval", "return {1,{err='-inner'}}", "0"],
    &["eval", "return {1,redis.error_reply('MY inner')}", "0"],
    &["eval", "return redis.error_reply('x')", "0"],
    &["eval", "return redis.error_reply(1)", "0"],
    &["eval", "return redis.status_reply()", "0"],
    &["eval", "return {err=1}", "0"],
    &["eval", "return {ok={}}", "0"],
    &["eval", "return {err='x',ok='y'}", "0"],
    &["eval", "return {1,ok='y'}", "0"],
    &["eval", "return {double=1.5}", "0"],
    &["eval", "error({err='X', source='s', line=7}) ", "0"],
    &["eval", "error({err=5}) ", "0"],
    &["eval", "return {map={a=1}}", "0"],
    &["eval", "return {set={a=true}}", "0"],
    &["eval", "return {big_number='123'}", "0"],
    &["eval", "return {verbatim_string={format='txt',string='hi'}}", "0"],
    &["hset", "h", "f", "v"],
    &["sadd", "st", "m"],
    &["eval", "redis.setresp(3) return redis.call('hgetall','h')", "0"],
    &["eval", "redis.setresp(3) local r = redis.call('hgetall','h') return type(r.map)", "0"],
    &["eval", "redis.setresp(3) local r = redis.call('smembers','st') return r", "0"],
    &["eval", "redis.setresp(3) return type(redis.call('get','nokey'))", "0"],
    &["eval", "return redis.call()", "0"],
    &["eval", "return redis.call({})", "0"],
    &["eval", "return redis.call('set','x', 1.5)", "0"],
    &["eval", "return redis.call('get','x')", "0"],
    &["eval", "return redis.call('set','x', 10000000000000000000000)", "0"],
    &["eval", "return redis.call('get','x')", "0"],
    &["eval", "return redis.call('set','x', true)", "0"],
    &["eval", "rawset(_G,'y',1)", "0"],
    &["eval", "redis.call = 1", "0"],
    &["eval", "string.x = 1", "0"],
    &["eval", "local t = loadstring('return 1') return t()", "0"],
    &["eval", "return _G.x", "0"],
    &["eval", "return print", "0"],
    &["eval", "setmetatable(_G, nil)", "0"],
    &["eval", "return redis.call('select', 1)", "0"],
    &["eval", "return _VERSION", "0"],
    &["eval", "redis.call('select', 1) redis.call('set','dbx','1') return 1", "0"],
    &["get", "dbx"],
    &["eval", "return redis.call('ping')", "0"],
    &["eval", "return redis.call('hgetall','h')", "0"],
    &["eval", "return redis.call('type','h')", "0"],
    &["eval", "return redis.call('exists','h','st')", "0"],
    &["eval", "return {1,2,nil,4}", "0"],
    &["eval", "return redis.call('lpush','l', 'a', 'b')", "0"],
    &["eval", "return redis.call('lrange','l', 0, -1)", "0"],
    &["eval", "return string.format('%d %s', 5, 'x')", "0"],
    &["eval", "return table.concat({'a','b'}, ',')", "0"],
    &["eval", "return math.floor(3.5)", "0"],
    &["eval", "return tostring(1.5)", "0"],
    &["eval", "return tonumber('0x10')", "0"],
    &["eval", "return coroutine.wrap(function() coroutine.yield(5) end)()", "0"],
    &["eval", "return select('#', 1, 2, 3)", "0"],
    &["eval", "return unpack({1,2,3})", "0"],
    &["eval", "return {pcall(error, 'x')}", "0"],
    &["eval", "return pcall(function() redis.call('incr','s') end)", "0"],
    &["eval", "local ok, e = pcall(function() redis.call('incr','s') end) return e", "0"],
    &["eval", "local ok, e = pcall(function() error('q') end) return e", "0"],
    &["eval", "#!lua flags=no-writes\nreturn redis.call('set','a','b')", "0"],
    &["eval", "#!lua flags=no-writes\nreturn redis.call('get','a')", "0"],
    &["eval", "#!lua\nreturn 1", "0"],
    &["eval", "#!foo\nreturn 1", "0"],
    &["eval", "#!lua flags=bogus\nreturn 1", "0"],
    &["eval", "#!lua x=y\nreturn 1", "0"],
    &["eval", "#!lua\nerror('l2')", "0"],
    // error_reply and status_reply take exactly one string.
    &["eval", "return redis.error_reply('a', 'b')", "0"],
    &["eval", "return redis.status_reply('a', 'b')", "0"],
    // A raised table's numeric err reaches pcall's caller as that number.
    &["eval", "local ok, e = pcall(error, {err=5}) return {type(e), e}", "0"],
    &["eval", "local ok, e = pcall(error, {err=1.5}) return {type(e), e}", "0"],
    // redis.pcall's error tables carry Redis' stats marker, except for bad arguments.
    &["eval", "local t = {} for k, v in pairs(redis.pcall('incr', 's')) do t[#t + 1] = k .. '=' .. tostring(v) end table.sort(t) return t", "0"],
    &["eval", "local t = {} for k, v in pairs(redis.pcall('nosuch')) do t[#t + 1] = k .. '=' .. tostring(v) end table.sort(t) return t", "0"],
    &["eval", "local t = {} for k, v in pairs(redis.pcall('get', {})) do t[#t + 1] = k .. '=' .. tostring(v) end table.sort(t) return t", "0"],
    &["eval", "local t = {} for k, v in pairs(redis.pcall()) do t[#t + 1] = k .. '=' .. tostring(v) end table.sort(t) return t", "0"],
    // An error in a loadstring chunk is placed in that chunk.
    &["eval", "loadstring('error(\"q\")', 'nm')()", "0"],
    &["eval", "loadstring('local x = nil; x.y = 1')()", "0"],
    // Lua 5.1's load takes a reader function, not a string.
    &["eval", "local f = load('return 7') return f()", "0"],
    &["eval", "local n = 0 return load(function() n = n + 1 if n == 1 then return 'return 8' end end)()", "0"],
    &["eval", "return rawget(_G, 'redis') ~= nil", "0"],
    &["eval", "return {loadstring(string.dump(function() return 1 end))}", "0"],
    &["eval", "return {pcall()}", "0"],
    &["eval", "return {pcall(pcall)}", "0"],
    // Message handlers and coroutine.resume see Redis' error values: tables for the API's
    // errors (marked when a command failed), messages for the libraries'.
    &["eval", "local function dump(e) if type(e) ~= 'table' then return {type(e), tostring(e)} end local t = {} for k, v in pairs(e) do t[#t + 1] = k .. '=' .. tostring(v) end table.sort(t) return t end return {dump(select(2, xpcall(function() redis.call('incr', 's') end, function(m) return m end))), dump(select(2, xpcall(function() redis.call() end, function(m) return m end))), dump(select(2, xpcall(function() redis.sha1hex() end, function(m) return m end))), dump(select(2, xpcall(function() cjson.decode('[') end, function(m) return m end))), dump(select(2, xpcall(function() error('x') end, function(m) return m end)))}", "0"],
    &["eval", "local co = coroutine.create(function() redis.call('incr', 's') end) local ok, e = coroutine.resume(co) return {tostring(ok), e.err, tostring(e.ignore_error_stats_update)}", "0"],
    &["eval", "local co = coroutine.create(function() redis.call('incr', 's') end) return {coroutine.resume(co)}", "0"],
    &["eval", "local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b) return c * 2 end) local r1 = {coroutine.resume(co, 1, 2)} local r2 = {coroutine.resume(co, 10)} return {r1[1], r1[2], r2[1], r2[2], coroutine.status(co), tostring(coroutine.resume(co))}", "0"],
    &["eval", "coroutine.resume(5)", "0"],
    &["eval", "local ok = xpcall(function() end) return ok", "0"],
];

fn fresh_pair() -> (Vec<Server>, Pair) {
    let servers = fresh_servers();
    let pair = Pair::on(&servers[0], servers.get(1));
    (servers, pair)
}

#[test]
fn script_replies_conversions_and_errors_match_redis() {
    let (_servers, mut p) = fresh_pair();
    for cmd in CORPUS {
        p.check(cmd);
    }
}

/// The same rules for a RESP3 client, and `redis.setresp(3)` under both protocols.
const RESP3_CORPUS: &[&[&str]] = &[
    // Commands inside a script reply in the script's protocol, whatever the client's.
    &["zadd", "zs", "1.5", "a", "3", "b"],
    &[
        "eval",
        "return redis.call('ZRANGE','zs',0,-1,'WITHSCORES')",
        "0",
    ],
    &[
        "eval",
        "redis.setresp(3) return redis.call('ZRANGE','zs',0,-1,'WITHSCORES')",
        "0",
    ],
    &[
        "eval",
        "redis.setresp(3) local r = redis.call('ZRANGE','zs',0,-1,'WITHSCORES') return type(r[1])",
        "0",
    ],
    &["eval", "return redis.call('ZPOPMIN','zs',1)", "0"],
    &["hset", "h", "f", "v"],
    &["sadd", "st", "m"],
    &["eval", "return true", "0"],
    &["eval", "return false", "0"],
    &["eval", "return nil", "0"],
    &["eval", "return {map={a=1}}", "0"],
    &["eval", "return {set={a=true}}", "0"],
    &["eval", "return {double=1.5}", "0"],
    &["eval", "return {double=3}", "0"],
    &["eval", "return {double=0/0}", "0"],
    &["eval", "return {double=-(0/0)}", "0"],
    &["eval", "return {big_number='123'}", "0"],
    &[
        "eval",
        "return {verbatim_string={format='txt',string='hi'}}",
        "0",
    ],
    &[
        "eval",
        "redis.setresp(3) return redis.call('hgetall','h')",
        "0",
    ],
    &[
        "eval",
        "redis.setresp(3) return redis.call('smembers','st')",
        "0",
    ],
    &[
        "eval",
        "redis.setresp(3) return redis.call('get','nokey')",
        "0",
    ],
    &["eval", "return redis.call('hgetall','h')", "0"],
    &[
        "eval",
        "redis.setresp(3) return {redis.call('exists','h') , type(redis.call('get','nokey'))}",
        "0",
    ],
    &["eval", "redis.setresp(3) return true", "0"],
    &["eval", "redis.setresp(3) return false", "0"],
    &[
        "eval",
        "redis.setresp(3) local m = redis.call('hgetall','h') return m.map.f",
        "0",
    ],
    &[
        "eval",
        "redis.setresp(3) local s = redis.call('smembers','st') return tostring(s.set.m)",
        "0",
    ],
    &["eval", "return redis.call('incrbyfloat','fl','1.5')", "0"],
    &[
        "eval",
        "redis.setresp(3) return redis.call('incrbyfloat','fl','1.5')",
        "0",
    ],
    &["eval", "return {1, {map={x={1,2}}}, {set={}}}", "0"],
    &["eval", "return {err='E1'}", "0"],
    &["eval", "return 1.9", "0"],
];

#[test]
fn resp3_conversions_match_redis() {
    let (_servers, mut p) = fresh_pair();
    for proto in ["3", "2"] {
        p.both(&["HELLO", proto]);
        for cmd in RESP3_CORPUS {
            p.check(cmd);
        }
        p.check(&["FLUSHALL"]);
    }
}

/// Scripts inside transactions, scripts that fail after writing, commands refused in scripts,
/// blocking commands answering at once, caught errors and library details.
const BEHAVIOUR_CORPUS: &[&[&str]] = &[
    &["multi"],
    &["eval", "return redis.call('incr','m')", "0"],
    &["eval", "return redis.call('incr','m')", "0"],
    &["exec"],
    &["eval", "return redis.call('blpop','nolist', 0)", "0"],
    &["eval", "redis.call('set','w1','1') error('after write')", "0"],
    &["get", "w1"],
    &["eval", "redis.call('set','w2','1') redis.call('incr','w3') redis.call('hset', 'w2', 'a', 'b') return 1", "0"],
    &["get", "w2"],
    &["get", "w3"],
    &["eval", "redis.call('set','w4','1') return redis.call('get','w4')", "0"],
    &["eval", "redis.call('rpush','q','a','b') return redis.call('lrange','q',0,-1)", "0"],
    &["eval", "redis.call('hset','hh','a','1','b','2') return redis.call('hgetall','hh')", "0"],
    &["eval", "redis.call('del','hh') return redis.call('exists','hh')", "0"],
    &["eval", "return redis.call('multi')", "0"],
    &["eval", "return redis.call('watch','x')", "0"],
    &["eval", "return redis.call('subscribe','x')", "0"],
    &["eval", "return redis.call('script','load','return 1')", "0"],
    &["eval", "return redis.call('client','id') > 0", "0"],
    &["eval", "return redis.call('shutdown')", "0"],
    &["evalsha_ro", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
    &["script", "load", "return 1"],
    &["evalsha_ro", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
    &["eval", "return redis.call('EXISTS','nokey')", "0"],
    &["eval", "return redis.call('SeT','cs','1')", "0"],
    &["eval", "return redis.call('config','nope')", "0"],
    &["eval", "return redis.call('object','encoding')", "0"],
    &["eval", "return redis.call('expire','cs', 100)", "0"],
    &["eval", "return redis.call('ttl','cs')", "0"],
    &["eval", "local t = {} for i=1,100 do t[i]=i end return t", "0"],
    &["eval", "local s = 0 for i=1,100000 do s = s + i end return s", "0"],
    &["eval", "return string.rep('x', 3)", "0"],
    &["eval", "return #ARGV", "0", "a", "b", "c"],
    &["eval", "return ARGV", "0", "a", "b", "c"],
    &["eval", "return KEYS", "2", "a", "b", "c"],
    &["eval", "return {KEYS[1], ARGV[1]}", "1", "k"],
    &["eval", "return redis.call('get', KEYS[1])", "1", "cs"],
    &["eval", "return tostring(math.huge)", "0"],
    &["eval", "return 123456789012", "0"],
    &["eval", "return -0.5", "0"],
    &["eval", "return {0.5, -0.5, 2^53}", "0"],
    &["eval", "return getmetatable('').__index == string", "0"],
    &["eval", "return ('x'):rep(2)", "0"],
    &["eval", "local ok, e = pcall(redis.sha1hex) return e", "0"],
    &["eval", "local ok, e = pcall(error, {err='T'}) return e", "0"],
    &["eval", "local ok, e = pcall(error, {x='T'}) return e.x", "0"],
    &["eval", "local ok, e = pcall(error, 'T') return e", "0"],
    &["eval", "local ok, e = pcall(function() local t = {} t.x.y = 1 end) return e", "0"],
    &["eval", "return {pcall(function() return 1, 2 end)}", "0"],
    &["eval", "return math.random(0)", "0"],
    &["eval", "return math.random(3,1)", "0"],
    &["eval", "return redis.sha1hex(5)", "0"],
    &["eval", "return redis.call('debug','sleep','0')", "0"],
    &["eval", "return redis.call('hello')", "0"],
    // The string metatable is read-only: no script breaks string methods for the next one.
    &["eval", "getmetatable('').__index = nil", "0"],
    &["eval", "getmetatable('').x = 1", "0"],
    &["eval", "return ('abc'):sub(-2)", "0"],
];

#[test]
fn scripts_in_transactions_failures_and_refusals_match_redis() {
    let (_servers, mut p) = fresh_pair();
    for cmd in BEHAVIOUR_CORPUS {
        p.check(cmd);
    }
}

#[test]
fn scripts_loaded_with_script_load_survive_a_restart() {
    let mut s = Server::strata();
    let mut c = s.client();
    let sha = c
        .cmd(&["SCRIPT", "LOAD", "return 'kept ' .. ARGV[1]"])
        .as_str();
    let evaled = c.cmd(&["EVAL", "return 'evaled'", "0"]);
    assert_eq!(evaled.as_str(), "evaled");
    s.restart();
    let mut c = s.client();
    assert_eq!(c.cmd(&["EVALSHA", &sha, "0", "x"]).as_str(), "kept x");
    assert_eq!(
        c.cmd(&[
            "SCRIPT",
            "EXISTS",
            &sha,
            "b0e9a5b8c3d1fa7c9a4f0d6ec2e8a1c5b7d9f3e1"
        ]),
        Value::Array(Some(vec![Value::Int(1), Value::Int(0)]))
    );
    // EVAL caches for this run only, as in Redis.
    let evaled_sha = "5030cd4f77c2127230df57b0e8e55bcef63222ef";
    assert!(c.cmd(&["EVALSHA", evaled_sha, "0"]).is_error());
    assert_eq!(c.cmd(&["SCRIPT", "FLUSH"]), Value::Status("OK".into()));
    s.restart();
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["EVALSHA", &sha, "0"]).as_error(),
        "NOSCRIPT No matching script. Please use EVAL."
    );
}

#[test]
fn a_script_that_writes_fails_watch_and_is_seen_whole_by_others() {
    let (servers, _) = fresh_pair();
    for server in &servers {
        let mut a = server.client();
        let mut b = server.client();
        a.cmd(&["SET", "w", "0"]);
        a.cmd(&["WATCH", "w"]);
        b.cmd(&["EVAL", "redis.call('incr', KEYS[1])", "1", "w"]);
        a.cmd(&["MULTI"]);
        a.cmd(&["GET", "w"]);
        assert_eq!(a.cmd(&["EXEC"]), Value::Array(None));
        // Concurrent readers never see the counters of a running script out of step.
        let script =
            "for i = 1, 200 do redis.call('incr', KEYS[1]) redis.call('incr', KEYS[2]) end";
        let writer = {
            let addr = server.addr();
            std::thread::spawn(move || {
                let mut w = Client::connect(&addr);
                for _ in 0..20 {
                    w.cmd(&["EVAL", script, "2", "c1", "c2"]);
                }
            })
        };
        for _ in 0..200 {
            let v = a.cmd(&["MGET", "c1", "c2"]).as_array();
            assert_eq!(v[0], v[1], "a reader saw a script half done");
        }
        writer.join().unwrap();
        assert_eq!(a.cmd(&["GET", "c1"]).as_str(), "4000");
    }
}

/// The README's save-user script, verbatim, through SCRIPT LOAD and EVALSHA.
const SAVE_USER: &str = r#"local id = redis.call("INCR", "users")
redis.call("HSET", "user:" .. id, "name", KEYS[1])
redis.call("HSET", "user:" .. id, "email", KEYS[2])
redis.call("HSET", "user:" .. id, "password", KEYS[3])
redis.call("ZADD", "user:emails", id, KEYS[2])
return id"#;

#[test]
fn the_readme_save_user_script_runs_through_evalsha_like_redis() {
    let (_servers, mut p) = fresh_pair();
    let sha = p.check(&["SCRIPT", "LOAD", SAVE_USER]).as_str();
    p.check(&["EVALSHA", &sha, "3", "ann", "ann@example.com", "s3cret"]);
    p.check(&["EVALSHA", &sha, "3", "bob", "bob@example.com", "hunter2"]);
    p.check(&["HMGET", "user:1", "name", "email", "password"]);
    p.check(&["HMGET", "user:2", "name", "email", "password"]);
    p.check(&["ZRANGE", "user:emails", "0", "-1", "WITHSCORES"]);
    p.check(&["GET", "users"]);
}

/// cjson and bit, the libraries Redis ships: encodings, decodings, settings and error texts.
const LIBRARY_CORPUS: &[&[&str]] = &[
    // Redis' own PRNG, one sequence for the server (unseeded draws continue it), and
    // luaL_checkint's argument errors.
    &["eval", "return {math.random(100), math.random(100), math.random(-3, 3)}", "0"],
    &["eval", "return {math.random(100), math.random(100)}", "0"],
    // Lua's 0/0 has its sign bit set: glibc's %.17g, which Redis uses, prints it "-nan".
    &["eval", "redis.call('set', 'nan', 0/0) redis.call('append', 'nan', -(0/0)) return redis.call('get', 'nan')", "0"],
    &["eval", "math.randomseed(42) return {math.random(100), tostring(math.random()), math.random(-5, 5), math.random('0x10'), math.random(2.9)}", "0"],
    &["eval", "math.randomseed(-7) return {math.random(1000), math.random(1000)}", "0"],
    &["eval", "math.randomseed(4294967298.7) return {math.random(1000), math.random(1000)}", "0"],
    &["eval", "return math.random(0)", "0"],
    &["eval", "return math.random(-2)", "0"],
    &["eval", "return math.random('x')", "0"],
    &["eval", "return math.random(5, 1)", "0"],
    &["eval", "return math.random(1, nil)", "0"],
    &["eval", "return math.random(1, 2, 3)", "0"],
    &["eval", "return math.randomseed()", "0"],
    &["eval", "return math.randomseed({})", "0"],
    &["eval", "return cjson.encode({1,2,3})", "0"],
    &["eval", "return cjson.encode({a=1})", "0"],
    &[
        "eval",
        "return cjson.encode({a=1,b='x',c={1,2},d={e=false}})",
        "0",
    ],
    &["eval", "return cjson.encode({})", "0"],
    &[
        "eval",
        "return cjson.encode('a/b\"c\\\\d\\n\\t\\1\\127\\200')",
        "0",
    ],
    &["eval", "return cjson.encode(1.5)", "0"],
    &["eval", "return cjson.encode(0.1)", "0"],
    &["eval", "return cjson.encode(1e20)", "0"],
    &["eval", "return cjson.encode(123456789012345678)", "0"],
    &["eval", "return cjson.encode(-0)", "0"],
    &["eval", "return cjson.encode(1/0)", "0"],
    &["eval", "return cjson.encode(0/0)", "0"],
    &["eval", "return cjson.encode(nil)", "0"],
    &["eval", "return cjson.encode(true)", "0"],
    &["eval", "return cjson.encode(cjson.null)", "0"],
    &["eval", "return cjson.encode({1,nil,3})", "0"],
    &["eval", "return cjson.encode({[1]=1,[20]=2})", "0"],
    &["eval", "return cjson.encode({[1]=1,[5]=2})", "0"],
    &["eval", "return cjson.encode({[1]=1,[11]=2})", "0"],
    &["eval", "return cjson.encode({[0]=1})", "0"],
    &["eval", "return cjson.encode({[1.5]=1})", "0"],
    &["eval", "return cjson.encode({[true]=1})", "0"],
    &["eval", "return cjson.encode({f=function() end})", "0"],
    &["eval", "return cjson.encode()", "0"],
    &["eval", "return cjson.encode(1,2)", "0"],
    &["eval", "local t = {} t.t = t return cjson.encode(t)", "0"],
    &["eval", "return cjson.encode({[1]='a', x='b'})", "0"],
    &["eval", "return cjson.encode({x={y={z={}}}})", "0"],
    &["eval", "return cjson.encode({'a', {b=2}, {3}})", "0"],
    &["eval", "return cjson.encode({[-1]=1})", "0"],
    &["eval", "return cjson.decode('[1,2,3]')", "0"],
    &["eval", "return cjson.decode('{\"a\":1}').a", "0"],
    &["eval", "return cjson.decode('\"a\\\\u00e9\\\\n\"')", "0"],
    &["eval", "return cjson.decode('1.5')", "0"],
    &["eval", "return tostring(cjson.decode('null'))", "0"],
    &["eval", "return cjson.decode('null') == cjson.null", "0"],
    &["eval", "return type(cjson.decode('{\"a\":null}').a)", "0"],
    &["eval", "return cjson.decode('[1,2')", "0"],
    &["eval", "return cjson.decode('')", "0"],
    &["eval", "return cjson.decode('{a:1}')", "0"],
    &["eval", "return cjson.decode('[1] x')", "0"],
    &["eval", "return cjson.decode('tru')", "0"],
    &["eval", "return cjson.decode('\"abc')", "0"],
    &["eval", "return cjson.decode('{\"a\" 1}')", "0"],
    &["eval", "return cjson.decode('[1,]')", "0"],
    &["eval", "return cjson.decode('01')", "0"],
    &["eval", "return cjson.decode('-')", "0"],
    &["eval", "return cjson.decode('1e400')", "0"],
    &["eval", "return cjson.decode('\"\\\\ud83d\\\\ude00\"')", "0"],
    &["eval", "return cjson.decode('\"\\\\x\"')", "0"],
    &["eval", "return cjson.decode(5)", "0"],
    &["eval", "return cjson.decode()", "0"],
    &[
        "eval",
        "return cjson.decode('  [true, false, null]  ')",
        "0",
    ],
    &[
        "eval",
        "return {cjson.decode('[true,false]')[1], cjson.decode('[true,false]')[2]}",
        "0",
    ],
    &["eval", "return cjson.decode('{\"1\":2}')['1']", "0"],
    &[
        "eval",
        "return cjson.encode(cjson.decode('{\"b\":[1,{\"c\":\"d\"}],\"a\":1}'))",
        "0",
    ],
    &["eval", "return cjson.encode_keep_buffer()", "0"],
    &["eval", "return cjson.encode_keep_buffer(true)", "0"],
    &["eval", "return cjson.encode_max_depth()", "0"],
    &["eval", "return cjson.decode_max_depth()", "0"],
    &["eval", "return cjson.encode_number_precision()", "0"],
    &["eval", "return {cjson.encode_sparse_array()}", "0"],
    &["eval", "return cjson.encode_invalid_numbers()", "0"],
    &["eval", "return cjson.decode_invalid_numbers()", "0"],
    &["eval", "return cjson._NAME .. ' ' .. cjson._VERSION", "0"],
    &[
        "eval",
        "local n = 0 for k,v in pairs(cjson) do n = n + 1 end return n",
        "0",
    ],
    &[
        "eval",
        "return cjson.decode('[' .. string.rep('[', 1100) .. ']')",
        "0",
    ],
    &["eval", "return cjson.decode('\"\\t\"')", "0"],
    &["eval", "return cjson.decode('[1,2,3.0,-4e2,0.5E+1]')", "0"],
    &["eval", "return cjson.encode({1.0, 2.5, -3})", "0"],
    &["eval", "return cjson.decode('{\"a\":1,\"a\":2}').a", "0"],
    &["eval", "return bit.tobit(0xffffffff)", "0"],
    &["eval", "return bit.tobit(4294967301)", "0"],
    &[
        "eval",
        "return {bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-1.5)}",
        "0",
    ],
    &["eval", "return bit.tohex(255)", "0"],
    &["eval", "return bit.tohex(255, 2)", "0"],
    &["eval", "return bit.tohex(255, -4)", "0"],
    &["eval", "return bit.tohex(-1)", "0"],
    &["eval", "return bit.tohex(65535, 0)", "0"],
    &["eval", "return bit.bnot(0)", "0"],
    &["eval", "return bit.band(0xff, 0x0f, 0x3)", "0"],
    &["eval", "return bit.bor(1, 2, 4)", "0"],
    &["eval", "return bit.bxor(5, 3)", "0"],
    &["eval", "return bit.lshift(1, 31)", "0"],
    &["eval", "return bit.lshift(1, 33)", "0"],
    &["eval", "return bit.rshift(-1, 28)", "0"],
    &["eval", "return bit.arshift(-256, 4)", "0"],
    &["eval", "return bit.rol(0x12345678, 8)", "0"],
    &["eval", "return bit.ror(0x12345678, 8)", "0"],
    &["eval", "return bit.bswap(0x12345678)", "0"],
    &["eval", "return bit.band()", "0"],
    &["eval", "return bit.band('x')", "0"],
    &["eval", "return bit.band('12', 4)", "0"],
    &["eval", "return bit.tobit({})", "0"],
    &["eval", "return bit.tohex(1, 'a')", "0"],
    &[
        "eval",
        "local n = 0 for k,v in pairs(bit) do n = n + 1 end return n",
        "0",
    ],
    &[
        "eval",
        "local n = 0 for k,v in pairs(cjson) do n = n + 1 end return n",
        "0",
    ],
    &[
        "eval",
        "local n = 0 for k,v in pairs(redis) do n = n + 1 end return n",
        "0",
    ],
    &[
        "eval",
        "local t = {} for k,v in pairs(string) do t[#t+1] = k end table.sort(t) return t",
        "0",
    ],
    &[
        "eval",
        "local t = {} for k,v in pairs(math) do t[#t+1] = k end table.sort(t) return t",
        "0",
    ],
    &[
        "eval",
        "local t = {} for k,v in pairs(table) do t[#t+1] = k end table.sort(t) return t",
        "0",
    ],
    &[
        "eval",
        "local t = {} for k,v in pairs(redis) do t[#t+1] = k end table.sort(t) return t",
        "0",
    ],
    &["eval", "return bit.tohex(0x7fffffff, 9)", "0"],
    // Strings are numbers as Lua reads them, hex included.
    &["eval", "return {bit.bnot('0x10'), bit.bor(' 0x1 ', 2), bit.band('1e1', 15)}", "0"],
    &["eval", "return redis.acl_check_cmd('get', 'x')", "0"],
    &["eval", "return redis.acl_check_cmd('nosuch')", "0"],
    &["eval", "return redis.acl_check_cmd()", "0"],
    // Setting errors, worded as lua-cjson words them (a range error names argument #1).
    &["eval", "return cjson.encode_sparse_array('x')", "0"],
    &["eval", "return cjson.encode_sparse_array(5)", "0"],
    &["eval", "return cjson.encode_sparse_array({})", "0"],
    &["eval", "return cjson.encode_sparse_array(true, -1)", "0"],
    &["eval", "return cjson.encode_sparse_array(true, 1, -1)", "0"],
    &["eval", "return cjson.encode_sparse_array('on', 3000000000)", "0"],
    &["eval", "return cjson.encode_sparse_array(true, 'x')", "0"],
    &["eval", "return cjson.encode_max_depth('x')", "0"],
    &["eval", "return cjson.encode_max_depth(true)", "0"],
    &["eval", "return cjson.encode_keep_buffer(1)", "0"],
    &["eval", "return cjson.decode_invalid_numbers('null')", "0"],
    // NaN encodes without the sign printf would give it; hex is never a JSON number, but
    // digits that overflow are infinity even with invalid numbers refused.
    &["eval", "cjson.encode_invalid_numbers(true) return cjson.encode({0/0, -(0/0), 1/0, -1/0})", "0"],
    &["eval", "return {cjson.encode_invalid_numbers('null'), cjson.encode({1/0, 0/0, 1})}", "0"],
    &["eval", "return {cjson.encode_invalid_numbers(), cjson.encode_invalid_numbers(false)}", "0"],
    &["eval", "return cjson.decode('0x10')", "0"],
    &["eval", "return cjson.decode('-0X10')", "0"],
    &["eval", "return tostring(cjson.decode('1e309'))", "0"],
    &["eval", "cjson.decode_invalid_numbers(false) return {tostring(cjson.decode('-1e309')), pcall(cjson.decode, '-Infinity')}", "0"],
    &["eval", "return {pcall(cjson.decode, '0x10')}", "0"],
    &["eval", "return {cjson.decode_invalid_numbers(true), cjson.decode('-0x10')}", "0"],
];

#[test]
fn cjson_and_bit_match_redis() {
    let (_servers, mut p) = fresh_pair();
    for cmd in LIBRARY_CORPUS {
        p.check(cmd);
    }
}

/// Functions: FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/KILL/HELP, FCALL and FCALL_RO, their flags,
/// errors and the libraries' sandbox.
const FUNCTION_CORPUS: &[&[&str]] = &[
    &["function", "flush"],
    // Metadata and registration errors, and flags listed in Redis' order.
    &["function", "load", "#!lua name=x"],
    &["function", "load", "#!js name=a"],
    &["function", "load", "return 1"],
    &["function", "load", "#!lua name=l5 name=l6\nredis.register_function('a5', function() return 1 end)"],
    &["function", "load", "#!lua name=l7\nredis.register_function('a7', 1)"],
    &["function", "load", "#!lua name=l8\nredis.register_function{function_name='a8', callback=function() return 1 end, flags={'allow-stale','no-writes','no-cluster','allow-oom'}}"],
    &["function", "list", "libraryname", "l8"],
    &["function", "load", "#!lua name=l9\nredis.register_function{function_name='a9', callback=function() return 1 end, flags={'no-writes','allow-oom','no-writes'}}"],
    &["function", "list", "libraryname", "l9"],
    &["function", "delete", "l9"],
    &["function", "delete", "l8"],
    &["function", "load", "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return {keys[1], args[1]} end)\nredis.register_function{function_name='f2', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}, description='desc'}"],
    &["fcall", "f1", "1", "k", "a"],
    &["fcall", "f2", "1", "k", "a"],
    &["fcall_ro", "f1", "1", "k", "a"],
    &["fcall_ro", "f2", "1", "k", "a"],
    &["fcall", "nosuch", "0"],
    // An unknown function, or what cannot be a SHA1, is reported before a bad numkeys.
    &["fcall", "nosuch", "x"],
    &["evalsha", "str", "x"],
    &["evalsha", "ffffffffffffffffffffffffffffffffffffffff", "x"],
    // Function names ignore case, in calls and in collisions.
    &["fcall", "F1", "1", "k", "a"],
    &["fcall_ro", "F2", "1", "k", "a"],
    &["function", "load", "#!lua name=caselib\nredis.register_function('F1', function() return 1 end)"],
    &["fcall", "f1", "5", "k"],
    &["fcall", "f1", "-1"],
    &["function", "load", "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"],
    &["function", "load", "return 1"],
    &["function", "load", "#!lua\nreturn 1"],
    &["function", "load", "#!lua name=x\nreturn 1"],
    &["function", "load", "#!lua name=x-y\nredis.register_function('a', function() end)"],
    &["function", "load", "#!lua name=x\nredis.register_function('a b', function() end)"],
    &["function", "load", "#!lua name=x\nredis.register_function('f1', function() end)"],
    &["function", "load", "#!lua name=x\nredis.register_function('z', function() error('fe') end)"],
    &["fcall", "z", "0"],
    &["function", "load", "#!lua name=e2\nredis.register_function('z2', function() return redis.call('incr','s') end)"],
    &["set", "s", "x"],
    &["fcall", "z2", "0"],
    &["function", "load", "#!lua name=e3 foo=bar\nredis.register_function('z3', function() end)"],
    &["function", "load", "#!foo name=e3\nredis.register_function('z3', function() end)"],
    &["function", "load", "#!lua name=e4\nredis.register_function{function_name='z4', callback=function() end, flags={'bogus'}}"],
    &["function", "load", "#!lua name=e4\nredis.register_function{function_name='z4', callback=function() end, bogus=1}"],
    &["function", "load", "#!lua name=e4\nredis.register_function('z4')"],
    &["function", "load", "#!lua name=e4\nlocal x = y"],
    &["function", "load", "#!lua name=e4\nreturn 1 +"],
    &["function", "stats"],
    &["function", "delete", "nosuch"],
    &["function", "delete", "x"],
    &["function", "delete", "e2"],
    &["function", "delete", "mylib"],
    &["function", "load", "#!lua name=one\nredis.register_function{function_name='only', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}"],
    &["function", "list"],
    &["function", "list", "withcode"],
    &["function", "list", "libraryname", "o*"],
    &["function", "list", "libraryname", "zz*"],
    &["function", "list", "bogus"],
    &["function", "list", "libraryname"],
    &["function", "load", "replace", "#!lua name=one\nredis.register_function('only', function() return 'replaced' end)"],
    &["fcall", "only", "0"],
    &["fcall_ro", "only", "0"],
    &["function", "load", "replace2", "#!lua name=q\nredis.register_function('q', function() end)"],
    &["function", "restore", "xxxxxxxxxxxxxxxxx"],
    &["function", "restore", "xxxxxxxxxxxxxxxxx", "bogus"],
    &["function", "kill"],
    &["function", "flush", "bogus"],
    &["function", "flush", "sync", "x"],
    &["function", "help"],
    &["function", "stats"],
    &["function", "flush", "async"],
    &["function", "list"],
    &["function", "load", "#!lua name=r3\nredis.register_function('r3', function() redis.setresp(3) return redis.call('hgetall', 'nokey') end)"],
    &["fcall", "r3", "0"],
    &["function", "load", "#!lua name=lg\nredis.log(redis.LOG_WARNING, 'loading')\nredis.register_function('lg', function(k, a) return #k + #a end)"],
    &["fcall", "lg", "2", "a", "b", "c"],
    &["eval", "return redis.call('fcall','lg','0')", "0"],
    &["eval", "return redis.call('function','list')", "0"],
    // While its code loads, a library sees only `redis` with register_function, log and the
    // version; its functions and helpers then run with the full globals, but a `redis`
    // captured at load time stays the load-time one.
    &["function", "load", "#!lua name=ld1\nredis.call('set', 'x', '1')\nredis.register_function('ld1', function() return 1 end)"],
    &["function", "load", "#!lua name=ld2\nerror('boom')"],
    &["function", "load", "#!lua name=ld3\nlocal t = pairs\nredis.register_function('ld3', function() return 1 end)"],
    &["function", "load", "#!lua name=ld4\nlocal t = _G\nredis.register_function('ld4', function() return 1 end)"],
    &["function", "load", "#!lua name=ld5\nredis.setresp(3)\nredis.register_function('ld5', function() return 1 end)"],
    &["function", "load", "#!lua name=ld6\nredis.foo = 1\nredis.register_function('ld6', function() return 1 end)"],
    &["function", "load", "#!lua name=ld7\nlocal v = redis.REDIS_VERSION_NUM + redis.LOG_NOTICE\nlocal r = redis\nlocal function helper() return type(pairs) end\nredis.register_function('ld7', function() return {helper(), type(v), tostring(redis.foo)} end)\nredis.register_function('ld7r', function() return r.call('ping') end)"],
    &["fcall", "ld7", "0"],
    &["fcall", "ld7r", "0"],
    &["function", "load", "#!lua name=ld8\nredis.register_function('ld8', function() local t = {} for k in pairs(redis) do t[#t + 1] = k end table.sort(t) local g = {} for k in pairs(_G) do g[#g + 1] = k end table.sort(g) return {table.concat(t, ','), table.concat(g, ',')} end)"],
    &["fcall", "ld8", "0"],
    &["eval", "local t = {} for k in pairs(redis) do t[#t + 1] = k end table.sort(t) local g = {} for k in pairs(_G) do g[#g + 1] = k end table.sort(g) return {table.concat(t, ','), table.concat(g, ',')}", "0"],
    &["eval", "return __redis__err__handler('x')", "0"],
    &["function", "load", "#!lua name=cases\nredis.register_function('xY', function() return 1 end)\nredis.register_function('Xy', function() return 2 end)"],
    &["function", "stats"],
];

#[test]
fn functions_match_redis() {
    let (_servers, mut p) = fresh_pair();
    for cmd in FUNCTION_CORPUS {
        p.check(cmd);
    }
}

const LIBRARY: &str = "#!lua name=kept\nredis.register_function('kept_get', function(keys) return redis.call('get', keys[1]) end)\nredis.register_function{function_name='kept_echo', callback=function(_, args) return 'echo ' .. args[1] end, flags={'no-writes'}}";

#[test]
fn functions_persist_across_restart_and_dump_restores_in_both_directions() {
    let mut s = Server::strata();
    let mut c = s.client();
    assert_eq!(c.cmd(&["FUNCTION", "LOAD", LIBRARY]).as_str(), "kept");
    c.cmd(&["SET", "k", "v"]);
    s.restart();
    let mut c = s.client();
    assert_eq!(c.cmd(&["FCALL", "kept_get", "1", "k"]).as_str(), "v");
    assert_eq!(
        c.cmd(&["FCALL_RO", "kept_echo", "0", "x"]).as_str(),
        "echo x"
    );
    let dump = c.cmd(&["FUNCTION", "DUMP"]).as_bytes();
    assert_eq!(c.cmd(&["FUNCTION", "FLUSH"]), Value::Status("OK".into()));
    assert_eq!(
        c.cmd_bytes(&[b"FUNCTION", b"RESTORE", &dump]),
        Value::Status("OK".into())
    );
    assert_eq!(
        c.cmd_bytes(&[b"FUNCTION", b"RESTORE", &dump]).as_error(),
        "ERR Library kept already exists",
        "FUNCTION RESTORE words it without the quotes of FUNCTION LOAD, as Redis 7.0"
    );
    assert_eq!(
        c.cmd_bytes(&[b"FUNCTION", b"RESTORE", &dump, b"REPLACE"]),
        Value::Status("OK".into())
    );
    let mut bad = dump.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_eq!(
        c.cmd_bytes(&[b"FUNCTION", b"RESTORE", &bad]).as_error(),
        "ERR DUMP payload version or checksum are wrong"
    );
    s.restart();
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["FCALL_RO", "kept_echo", "0", "y"]).as_str(),
        "echo y"
    );
    let Some(redis) = Server::redis() else {
        return;
    };
    // Strata's payload restores into Redis, and Redis' (LZF-compressed) one into Strata.
    let mut r = redis.client();
    assert_eq!(
        r.cmd_bytes(&[b"FUNCTION", b"RESTORE", &dump]),
        Value::Status("OK".into())
    );
    assert_eq!(
        r.cmd(&["FCALL_RO", "kept_echo", "0", "z"]).as_str(),
        "echo z"
    );
    let long = format!(
        "#!lua name=big\n{}redis.register_function('big', function() return 'big' end)",
        "-- padding padding padding padding\n".repeat(20)
    );
    r.cmd(&["FUNCTION", "LOAD", &long]);
    let redis_dump = r.cmd(&["FUNCTION", "DUMP"]).as_bytes();
    assert_eq!(
        c.cmd_bytes(&[b"FUNCTION", b"RESTORE", &redis_dump, b"REPLACE"]),
        Value::Status("OK".into())
    );
    assert_eq!(c.cmd(&["FCALL", "big", "0"]).as_str(), "big");
    // Restoring libraries that are there already: refused, worded as Redis words it (which of
    // the two it names first depends on Redis' hash order).
    for reply in [
        c.cmd_bytes(&[b"FUNCTION", b"RESTORE", &redis_dump]),
        r.cmd_bytes(&[b"FUNCTION", b"RESTORE", &redis_dump]),
    ] {
        let e = reply.as_error();
        assert!(
            e == "ERR Library big already exists" || e == "ERR Library kept already exists",
            "{e}"
        );
    }
    assert_eq!(
        c.cmd(&["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "big"]),
        r.cmd(&["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "big"])
    );
    // Strata compresses the padded library too, and Redis reads it back.
    let ours = c.cmd(&["FUNCTION", "DUMP"]).as_bytes();
    assert!(
        ours.len() < long.len(),
        "{} bytes of payload for {} bytes of code (and the kept library)",
        ours.len(),
        long.len()
    );
    assert_eq!(
        r.cmd_bytes(&[b"FUNCTION", b"RESTORE", &ours, b"FLUSH"]),
        Value::Status("OK".into())
    );
    assert_eq!(r.cmd(&["FCALL", "big", "0"]).as_str(), "big");
    for lib in ["big", "kept"] {
        let list = ["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", lib];
        assert_eq!(
            functions_in_order(c.cmd(&list)),
            functions_in_order(r.cmd(&list)),
            "{lib}"
        );
    }
}

/// A FUNCTION LIST reply with each library's functions sorted: Redis lists them in the order
/// of its hash table, which changes from one process to the next.
fn functions_in_order(list: Value) -> Value {
    let Value::Array(Some(libs)) = list else {
        return list;
    };
    let sorted = libs
        .into_iter()
        .map(|lib| {
            let Value::Array(Some(mut fields)) = lib else {
                return lib;
            };
            let at = fields
                .iter()
                .position(|f| match f {
                    Value::Bulk(Some(b)) => b == b"functions",
                    Value::Status(s) => s == "functions",
                    _ => false,
                })
                .expect("a library lists its functions");
            let Some(Value::Array(Some(fns))) = fields.get_mut(at + 1) else {
                panic!("functions is not an array: {:?}", fields.get(at + 1));
            };
            fns.sort_by_key(|f| format!("{f:?}"));
            Value::Array(Some(fields))
        })
        .collect();
    Value::Array(Some(sorted))
}

/// Sends `args` from a client of its own and returns its reply once it comes (`None`: the
/// server closed the connection first).
fn in_background(
    addr: String,
    args: &'static [&'static str],
) -> std::thread::JoinHandle<Option<Value>> {
    std::thread::spawn(move || Client::connect(&addr).try_cmd(args).ok())
}

const SPIN: &str = "local i = 0 while true do i = i + 1 end";
const WRITE_THEN_SPIN: &str = "redis.call('set', 'w', '1') local i = 0 while true do i = i + 1 end";
const SPIN_LIBRARY: &str = "#!lua name=busy\nredis.register_function{function_name='spin', callback=function() local i = 0 while true do i = i + 1 end end, flags={'no-writes'}}";

#[test]
fn long_scripts_get_busy_replies_kill_and_shutdown_nosave_like_redis() {
    let (servers, _) = fresh_pair();
    let mut seen: Vec<Vec<Value>> = Vec::new();
    for server in &servers {
        let mut c = server.client();
        let mut replies = Vec::new();
        c.cmd(&["CONFIG", "SET", "busy-reply-threshold", "200"]);
        c.cmd(&["FUNCTION", "LOAD", SPIN_LIBRARY]);
        let script = in_background(server.addr(), &["EVAL", SPIN, "0"]);
        std::thread::sleep(std::time::Duration::from_millis(50));
        // Before the threshold a command waits; after it, BUSY.
        for cmd in [
            &["GET", "x"][..],
            &["EVAL", "return 1", "0"],
            &["FUNCTION", "KILL"],
            &["FUNCTION", "STATS"],
            &["SHUTDOWN"],
            &["SCRIPT", "KILL"],
        ] {
            replies.push(c.cmd(cmd));
        }
        // Strata's SCRIPT KILL answers once the script has stopped: nothing is busy any more.
        // (Redis usually stops it before reading the next command too, but not always.)
        let ping = c.cmd(&["PING"]);
        if seen.is_empty() {
            assert_eq!(ping, Value::Status("PONG".into()));
        }
        replies.push(script.join().unwrap().unwrap());
        let function = in_background(server.addr(), &["FCALL", "spin", "0"]);
        std::thread::sleep(std::time::Duration::from_millis(300));
        replies.push(c.cmd(&["GET", "x"]));
        replies.push(c.cmd(&["SCRIPT", "KILL"]));
        replies.push(c.cmd(&["FUNCTION", "KILL"]));
        replies.push(function.join().unwrap().unwrap());
        replies.push(c.cmd(&["GET", "x"]));
        let writer = in_background(server.addr(), &["EVAL", WRITE_THEN_SPIN, "0"]);
        std::thread::sleep(std::time::Duration::from_millis(300));
        replies.push(c.cmd(&["SCRIPT", "KILL"]));
        c.send_cmd(&["SHUTDOWN", "NOSAVE"]);
        assert_eq!(
            writer.join().unwrap(),
            None,
            "the unkillable script answered"
        );
        seen.push(replies);
    }
    for server in servers.into_iter() {
        let mut server = server;
        assert!(
            server
                .wait_exit(std::time::Duration::from_secs(10))
                .is_some(),
            "SHUTDOWN NOSAVE did not stop the server during an unkillable script"
        );
    }
    let strata = &seen[0];
    assert_eq!(
        strata[0].as_error(),
        "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
    );
    assert_eq!(strata[5], Value::Status("OK".into()));
    assert!(strata[6]
        .as_error()
        .starts_with("ERR Script killed by user with SCRIPT KILL..."));
    assert!(strata[12].as_error().starts_with("UNKILLABLE"));
    if let Some(redis) = seen.get(1) {
        assert_eq!(strata, redis);
    }
}

/// cmsgpack: encodings of every type and size class, nesting, unpack variants and errors.
const CMSGPACK_CORPUS: &[&[&str]] = &[
    &["eval", "return {tostring(cmsgpack.unpack(string.char(0xcf, 255, 255, 255, 255, 255, 255, 255, 255))), tostring(cmsgpack.unpack(string.char(0xcf, 128, 0, 0, 0, 0, 0, 0, 1))), tostring(cmsgpack.unpack(string.char(0xcf, 0, 0, 0, 1, 0, 0, 0, 0)))}", "0"],
    &["eval", "return cmsgpack.pack(1, -1, 127, 128, 255, 256, 65535, 65536, -32, -33, -128, -129, -32768, -32769, 2147483648, -2147483649)", "0"],
    &["eval", "return cmsgpack.pack(1.5, 0.1, 1e300, -0.5)", "0"],
    &["eval", "return cmsgpack.pack(nil, true, false)", "0"],
    &["eval", "return cmsgpack.pack('abc', string.rep('x', 40), string.rep('y', 300))", "0"],
    &["eval", "return cmsgpack.pack({1,2,3}, {a=1}, {}, {[1]=1,[3]=3})", "0"],
    &["eval", "return cmsgpack.pack({1,{2,{3,{4,{5,{6,{7,{8,{9,{10,{11,{12,{13,{14,{15,{16,{17,{18}}}}}}}}}}}}}}}}}})", "0"],
    &["eval", "return cmsgpack.pack()", "0"],
    &["eval", "return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {1,2}, {x='y'}))}", "0"],
    &["eval", "return cmsgpack.unpack(cmsgpack.pack({x='y'})).x", "0"],
    &["eval", "return cmsgpack.unpack('\\193')", "0"],
    &["eval", "return cmsgpack.unpack('\\205\\1')", "0"],
    &["eval", "return cmsgpack.unpack('')", "0"],
    &["eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3))}", "0"],
    &["eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 2)}", "0"],
    &["eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 1)}", "0"],
    &["eval", "return cmsgpack.pack(2^53, -2^53, 2^64)", "0"],
    &["eval", "return cmsgpack.unpack(cmsgpack.pack(1.5))", "0"],
    &["eval", "return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))", "0"],
    &["eval", "return cmsgpack.pack(function() end)", "0"],
    &["eval", "local n = 0 for k in pairs(cmsgpack) do n = n + 1 end return n", "0"],
    &["eval", "local t = {} for k in pairs(cmsgpack) do t[#t+1] = k end table.sort(t) return t", "0"],
    &["eval", "return cmsgpack.unpack('\\146\\1')", "0"],
    &["eval", "return {cmsgpack.unpack('\\203\\0\\0\\0\\0\\0\\0\\240\\63')}", "0"],
    &["eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 2)}", "0"],
    &["eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 3)}", "0"],
    &["eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 0)}", "0"],
    &["eval", "return {cmsgpack.unpack_one('')}", "0"],
    &["eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1), -1)}", "0"],
    &["eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), -1)}", "0"],
    &["eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 10)}", "0"],
    &["eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 'x')}", "0"],
    &["eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3))}", "0"],
    &["eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), '2', '1')}", "0"],
    &["eval", "return cmsgpack.unpack()", "0"],
    &["eval", "return cmsgpack.pack({[1]=1,[2]=2,x=3})", "0"],
    &["eval", "return cmsgpack.pack({[0]=1})", "0"],
    &["eval", "return cmsgpack.pack(1e300 * 10)", "0"],
    &["eval", "return cmsgpack.pack(string.rep('z', 70000))", "0"],
    &["eval", "local t = {} for i=1,20 do t[i] = i end return cmsgpack.pack(t)", "0"],
    &["eval", "return {cmsgpack.unpack(cmsgpack.pack(-1, -200, 70000, -70000, 5000000000, -5000000000, true, false))}", "0"],
];

#[test]
fn cmsgpack_matches_redis() {
    let (_servers, mut p) = fresh_pair();
    for cmd in CMSGPACK_CORPUS {
        p.check(cmd);
    }
}

/// struct: byte orders, alignment, every item kind, sizes and errors.
const STRUCT_CORPUS: &[&[&str]] = &[
    &["eval", "return struct.pack('>I4', 1)", "0"],
    &["eval", "return struct.pack('<I4', 1)", "0"],
    &[
        "eval",
        "return struct.pack('bBhHlL', -1, 255, -2, 65535, -3, 7)",
        "0",
    ],
    &["eval", "return struct.pack('>i2i8', -5, 123456789)", "0"],
    &["eval", "return struct.pack('fd', 1.5, 0.1)", "0"],
    &["eval", "return struct.pack('>fd', 1.5, 0.1)", "0"],
    &["eval", "return struct.pack('s', 'abc')", "0"],
    &["eval", "return struct.pack('c3', 'abcdef')", "0"],
    &["eval", "return struct.pack('c0', 'abcdef')", "0"],
    &["eval", "return struct.pack('xbx', 1)", "0"],
    &["eval", "return struct.pack('!4 b i', 1, 2)", "0"],
    &["eval", "return struct.pack('!b d', 1, 2)", "0"],
    &[
        "eval",
        "return {struct.unpack('>I4', struct.pack('>I4', 258))}",
        "0",
    ],
    &[
        "eval",
        "return {struct.unpack('bBhH', struct.pack('bBhH', -1, 255, -2, 65535))}",
        "0",
    ],
    &["eval", "return {struct.unpack('s', 'abc\\0def')}", "0"],
    &["eval", "return {struct.unpack('c3', 'abcdef')}", "0"],
    &["eval", "return {struct.unpack('B c0', '\\3abcdef')}", "0"],
    &["eval", "return {struct.unpack('c3', 'abcdef', 2)}", "0"],
    &["eval", "return {struct.unpack('I4', 'ab')}", "0"],
    &["eval", "return {struct.unpack('s', 'abc')}", "0"],
    &["eval", "return struct.size('>I4 b h')", "0"],
    &["eval", "return struct.size('!4 b i')", "0"],
    &["eval", "return struct.size('s')", "0"],
    &["eval", "return struct.pack('q', 1)", "0"],
    &["eval", "return struct.pack('i9', 1)", "0"],
    &["eval", "return struct.pack('i', 'x')", "0"],
    &["eval", "return struct.pack('c5', 'ab')", "0"],
    &[
        "eval",
        "return {struct.unpack('d', struct.pack('d', 0.1))}",
        "0",
    ],
    &[
        "eval",
        "return tostring(struct.unpack('f', struct.pack('f', 0.1)))",
        "0",
    ],
    &[
        "eval",
        "return {struct.unpack('i8', struct.pack('i8', -1))}",
        "0",
    ],
    &[
        "eval",
        "local t = {} for k in pairs(struct) do t[#t+1] = k end table.sort(t) return t",
        "0",
    ],
    &["eval", "return struct.pack('I3', 70000)", "0"],
    &["eval", "return struct.pack('!3 b i', 1, 2)", "0"],
    &["eval", "return struct.pack('!17 b i', 1, 2)", "0"],
    &["eval", "return struct.pack('!0 b i', 1, 2)", "0"],
    &["eval", "return struct.pack()", "0"],
    &["eval", "return struct.size({})", "0"],
    &[
        "eval",
        "return {struct.unpack('i3', struct.pack('i3', -70000))}",
        "0",
    ],
];

#[test]
fn struct_matches_redis() {
    let (_servers, mut p) = fresh_pair();
    for cmd in STRUCT_CORPUS {
        p.check(cmd);
    }
}

#[test]
fn the_lua_vm_memory_is_bounded_and_the_server_survives_hitting_it() {
    let s = Server::strata();
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["EVAL", "return #string.rep('x', 300 * 1024 * 1024)", "0"])
            .as_error(),
        "ERR not enough memory"
    );
    assert_eq!(
        c.cmd(&[
            "EVAL",
            "local ok, e = pcall(string.rep, 'x', 300 * 1024 * 1024) return e",
            "0"
        ])
        .as_str(),
        "not enough memory"
    );
    assert_eq!(
        c.cmd(&["EVAL", "return #string.rep('x', 1024)", "0"]),
        Value::Int(1024)
    );
}
