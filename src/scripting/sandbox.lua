-- Strata's script sandbox, run once per VM with the full standard library, before any user code.
-- Arguments: the real globals table and the internal table through which Rust hands in its
-- functions. Returns the read-only view of the globals that user chunks run in.
--
-- Lua 5.1 has no read-only tables, so the globals and every library table are replaced by empty
-- proxies: reads go through __index to the real table, writes hit __newindex and fail with the
-- error Redis gives. rawset and setmetatable refuse the proxies too.
-- `functions` is true for the VM of FUNCTION libraries, whose API differs from EVAL's.
local env, internal, functions = ...
local rawget, rawset, error, type, tostring, select = rawget, rawset, error, type, tostring, select
local unpack = unpack
local setmetatable, getmetatable = setmetatable, getmetatable
local loadstring, setfenv, concat = loadstring, setfenv, table.concat
local pcall, xpcall = pcall, xpcall

-- Read-only proxy -> the table it shows.
local frozen = setmetatable({}, { __mode = "k" })
local function refuse()
  error("Attempt to modify a readonly table", 2)
end

local function readonly(t)
  local proxy = setmetatable({}, { __index = t, __newindex = refuse })
  frozen[proxy] = t
  return proxy
end

-- A function called with arguments through xpcall, which in Lua 5.1 passes none (FCALL's
-- keys and args); the tail call leaves no frame of its own.
function internal.bind(f, ...)
  local n, args = select("#", ...), { ... }
  return function()
    return f(unpack(args, 1, n))
  end
end

-- redis.call and redis.pcall are set by Rust for each run (they dispatch into that run).
local redis = {}
internal.redis = redis
function redis.error_reply(...)
  local e = ...
  if select("#", ...) ~= 1 or type(e) ~= "string" then
    return { err = "ERR wrong number or type of arguments" }
  end
  -- A leading '-' is dropped; a message that is not in "CODE message" form gets the ERR code.
  if e:sub(1, 1) == "-" then
    e = e:sub(2)
  end
  if not e:find(" ", 1, true) then
    e = "ERR " .. e
  end
  return { err = e }
end
function redis.status_reply(...)
  local s = ...
  if select("#", ...) ~= 1 or type(s) ~= "string" then
    return { err = "ERR wrong number or type of arguments" }
  end
  return { ok = s }
end
redis.log = internal.log
redis.sha1hex = internal.sha1hex
redis.setresp = internal.setresp
redis.set_repl = internal.set_repl
redis.acl_check_cmd = internal.acl_check_cmd
if not functions then
  function redis.replicate_commands()
    return true
  end
  function redis.breakpoint()
    return false
  end
  function redis.debug() end
end
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.REDIS_VERSION = internal.version
redis.REDIS_VERSION_NUM = internal.version_num
env.redis = redis

-- What a script must not reach: the file system, the process, other chunks' environments.
for _, name in ipairs({ "print", "setfenv", "getfenv", "newproxy", "module", "package", "dofile",
  "loadfile", "require", "debug", "os", "io" }) do
  env[name] = nil
end

local view
local function load_text(s, name)
  if type(s) == "string" and s:byte(1) == 27 then
    return nil, "attempt to load a binary chunk"
  end
  local f, e = loadstring(s, name)
  if f then
    setfenv(f, view)
  end
  return f, e
end
env.loadstring = load_text
-- Lua 5.1's load takes a reader function only (loadstring is for text).
function env.load(reader, name)
  if type(reader) ~= "function" then
    error("bad argument #1 to 'load' (function expected, got " .. type(reader) .. ")", 2)
  end
  local pieces = {}
  while true do
    local piece = reader()
    if piece == nil or piece == "" then
      break
    end
    pieces[#pieces + 1] = piece
  end
  return load_text(concat(pieces), name)
end
-- An error raised by Rust (redis.call, the API) reaches Lua as an opaque value; a script that
-- catches it sees its message, as in Redis.
function env.pcall(...)
  -- Redis' pcall, given nothing, calls the true it puts before the arguments.
  if select("#", ...) == 0 then
    return false, "attempt to call a boolean value"
  end
  return internal.caught(pcall(...))
end
-- A message handler and a resumer see what Redis raises for an error of Rust's (redis.call,
-- the libraries), not the opaque value: an error table, or Lua's message.
local raised = internal.raised
function env.xpcall(f, ...)
  if select("#", ...) == 0 then
    error("bad argument #2 to 'xpcall' (value expected)", 2)
  end
  local handler = ...
  return xpcall(f, function(e)
    return handler(raised(e))
  end)
end
local resume = env.coroutine.resume
local function resumed(ok, ...)
  if ok then
    return ok, ...
  end
  return ok, raised((...))
end
function env.coroutine.resume(co, ...)
  if type(co) ~= "thread" then
    error("bad argument #1 to 'resume' (coroutine expected)", 2)
  end
  return resumed(resume(co, ...))
end
-- Iteration sees through the proxies, so pairs(cjson) or ipairs over a library work.
local next, pairs, ipairs = next, pairs, ipairs
function env.next(t, k)
  return next(frozen[t] or t, k)
end
function env.pairs(t)
  return pairs(frozen[t] or t)
end
function env.ipairs(t)
  return ipairs(frozen[t] or t)
end
function env.rawget(t, k)
  return rawget(frozen[t] or t, k)
end
function env.rawset(t, k, v)
  if frozen[t] then
    error("Attempt to modify a readonly table", 0)
  end
  return rawset(t, k, v)
end
function env.setmetatable(t, mt)
  if frozen[t] then
    error("Attempt to modify a readonly table", 0)
  end
  return setmetatable(t, mt)
end

for _, lib in ipairs({ "redis", "string", "table", "math", "coroutine", "cjson", "bit", "cmsgpack",
  "struct" }) do
  if type(env[lib]) == "table" then
    env[lib] = readonly(env[lib])
  end
end

-- Methods on string values ("x"):rep(2) resolve through the same view as the global. Scripts
-- get a read-only view of the metatable (through __metatable), so no script can break string
-- methods for the ones after it.
local string_meta = getmetatable("")
string_meta.__index = env.string
string_meta.__metatable = readonly(string_meta)

-- A read-only proxy that reads `source()` and, as Redis' globals, fails on a missing field.
local function strict(source)
  return setmetatable({}, {
    __index = function(_, k)
      local v = rawget(source(), k)
      if v == nil then
        error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
      end
      return v
    end,
    __newindex = refuse,
  })
end

-- What the globals show: `env`, or while a library's code is loaded, the library API alone (a
-- `redis` of its own with register_function, log and the version). Functions and helpers the
-- code defines share the view, so once the load is over they see the full globals, as in Redis.
local shown = env
view = strict(function()
  return shown
end)
frozen[view] = env
env._G = view
if functions then
  local api = { log = redis.log, REDIS_VERSION = redis.REDIS_VERSION,
    REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM }
  for _, level in ipairs({ "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING" }) do
    api[level] = redis[level]
  end
  internal.library_api = api
  local library_env = { redis = strict(function()
    return api
  end) }
  function internal.loading(on)
    shown = on and library_env or env
  end
end
return view
