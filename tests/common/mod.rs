//! Black-box test harness for `strata-server`.
//!
//! * [`Server`] spawns a `strata-server` (or a real `redis-server`, used as the
//!   oracle for differential checks) on 127.0.0.1 with a private temp dir, waits
//!   until it answers PING and kills it again on drop (and, for servers that are
//!   never dropped such as [`shared`] ones, at process exit).
//! * [`Client`] is a tiny raw RESP2/RESP3 client with timeouts everywhere.
//! * [`Pair`] sends the same command to strata and redis and compares the raw
//!   reply bytes.
#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, Once, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// Path of the server binary under test.
pub const STRATA_BIN: &str = env!("CARGO_BIN_EXE_strata-server");

/// How long a server may take to answer its first PING.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// Read/write timeout of [`Client`] sockets: a hang fails the test instead of hanging it.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// Process registry: every spawned server is registered until it is stopped, so
// that an atexit handler can kill whatever is left (shared servers live in
// statics that never drop).
// ---------------------------------------------------------------------------

struct Registered {
    pid: u32,
    /// Directories to delete at exit (temp dirs of servers that were never dropped).
    dirs: Vec<PathBuf>,
}

static REGISTRY: Mutex<Vec<Registered>> = Mutex::new(Vec::new());
static ATEXIT: Once = Once::new();

extern "C" fn kill_registered_servers() {
    // Never block forever at exit: if the lock is held by a thread that was
    // interrupted, give up rather than deadlock the test process.
    let mut guard = None;
    for _ in 0..50 {
        match REGISTRY.try_lock() {
            Ok(g) => {
                guard = Some(g);
                break;
            }
            Err(std::sync::TryLockError::Poisoned(p)) => {
                guard = Some(p.into_inner());
                break;
            }
            Err(std::sync::TryLockError::WouldBlock) => thread::sleep(Duration::from_millis(10)),
        }
    }
    let Some(mut reg) = guard else { return };
    for r in reg.drain(..) {
        unsafe {
            libc::kill(r.pid as libc::pid_t, libc::SIGKILL);
            let mut status = 0;
            libc::waitpid(r.pid as libc::pid_t, &mut status, 0);
        }
        for d in r.dirs {
            let _ = fs::remove_dir_all(d);
        }
    }
}

fn register(pid: u32, dirs: Vec<PathBuf>) {
    ATEXIT.call_once(|| unsafe {
        libc::atexit(kill_registered_servers);
    });
    let mut reg = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    reg.push(Registered { pid, dirs });
}

fn unregister(pid: u32) {
    let mut reg = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    reg.retain(|r| r.pid != pid);
}

fn set_registered_dirs(pid: u32, dirs: Vec<PathBuf>) {
    let mut reg = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    for r in reg.iter_mut() {
        if r.pid == pid {
            r.dirs = dirs.clone();
        }
    }
}

// ---------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------

static USED_PORTS: Mutex<Option<HashSet<u16>>> = Mutex::new(None);

/// A port that was free a moment ago and that this process has not handed out before.
pub fn free_port() -> u16 {
    loop {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = l.local_addr().unwrap().port();
        drop(l);
        let mut used = USED_PORTS.lock().unwrap_or_else(|p| p.into_inner());
        if used.get_or_insert_with(HashSet::new).insert(port) {
            return port;
        }
    }
}

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Strata,
    Redis,
}

pub struct Server {
    pub port: u16,
    /// Data directory (`--dir`).
    pub dir: PathBuf,
    /// PID of the server process (the last one started, see [`Server::restart`]).
    pub pid: u32,
    pub kind: Kind,
    /// Time from spawning the process to its first `+PONG`.
    pub startup: Duration,
    /// Config file passed as first positional argument, if any.
    pub conf: Option<PathBuf>,
    /// File receiving the server's stdout and stderr.
    pub log_path: PathBuf,
    bin: PathBuf,
    extra: Vec<String>,
    child: Option<Child>,
    /// Holds the log file and (unless the data dir is external) the data dir.
    scratch: Option<tempfile::TempDir>,
    external_dir: bool,
}

fn find_redis_server() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("REDIS_SERVER") {
        if !p.is_empty() && Path::new(&p).is_file() {
            return Some(PathBuf::from(p));
        }
    }
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            let c = d.join("redis-server");
            if c.is_file() {
                return Some(c);
            }
        }
    }
    ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

fn in_ci() -> bool {
    match std::env::var("CI") {
        Ok(v) => !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"),
        Err(_) => false,
    }
}

impl Server {
    /// strata-server on 127.0.0.1, free port, temp data dir, default options.
    pub fn strata() -> Server {
        Self::strata_with(&[])
    }

    /// strata-server with extra `--name value` arguments appended.
    pub fn strata_with(args: &[&str]) -> Server {
        Self::build(Kind::Strata, PathBuf::from(STRATA_BIN), None, None, args)
    }

    /// strata-server on an existing data dir (restart tests); the dir is not deleted on drop.
    pub fn strata_in(dir: &Path, args: &[&str]) -> Server {
        Self::build(
            Kind::Strata,
            PathBuf::from(STRATA_BIN),
            Some(dir),
            None,
            args,
        )
    }

    /// strata-server started with a config file (written into its temp dir) as
    /// first positional argument, followed by the usual `--port/--dir/...` args.
    pub fn strata_with_config(conf_text: &str, args: &[&str]) -> Server {
        Self::build(
            Kind::Strata,
            PathBuf::from(STRATA_BIN),
            None,
            Some(conf_text),
            args,
        )
    }

    /// Real redis-server (`--save '' --appendonly no`, temp dir), or None (with
    /// a loud banner) if it is not installed. Panics instead when `CI` is set.
    pub fn redis() -> Option<Server> {
        Self::redis_with(&[])
    }

    /// Like [`Server::redis`] with extra `--name value` arguments.
    pub fn redis_with(args: &[&str]) -> Option<Server> {
        let Some(bin) = find_redis_server() else {
            if in_ci() {
                panic!(
                    "REDIS-SERVER NOT FOUND but CI is set: differential checks against redis are \
                     required in CI (install the redis-server package)"
                );
            }
            eprintln!(
                "\n\
                 ********************************************************************\n\
                 ***  REDIS-SERVER NOT FOUND: differential checks skipped          ***\n\
                 ***  (install redis-server or set REDIS_SERVER=/path/to/binary)   ***\n\
                 ********************************************************************\n"
            );
            return None;
        };
        let mut all: Vec<&str> = vec!["--save", "", "--appendonly", "no"];
        all.extend_from_slice(args);
        Some(Self::build(Kind::Redis, bin, None, None, &all))
    }

    fn build(
        kind: Kind,
        bin: PathBuf,
        dir: Option<&Path>,
        conf_text: Option<&str>,
        args: &[&str],
    ) -> Server {
        let prefix = match kind {
            Kind::Strata => "strata-test-",
            Kind::Redis => "redis-oracle-",
        };
        let scratch = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("create temp dir");
        let (data_dir, external) = match dir {
            Some(d) => {
                fs::create_dir_all(d).expect("create data dir");
                (d.to_path_buf(), true)
            }
            None => {
                let d = scratch.path().join("data");
                fs::create_dir_all(&d).expect("create data dir");
                (d, false)
            }
        };
        let conf = conf_text.map(|text| {
            let p = scratch.path().join("server.conf");
            fs::write(&p, text).expect("write config file");
            p
        });
        let log_path = scratch.path().join("server.log");
        let mut s = Server {
            port: 0,
            dir: data_dir,
            pid: 0,
            kind,
            startup: Duration::ZERO,
            conf,
            log_path,
            bin,
            extra: args.iter().map(|s| s.to_string()).collect(),
            child: None,
            scratch: Some(scratch),
            external_dir: external,
        };
        s.start();
        s
    }

    /// Spawns the process (retrying on another port if it fails to bind) and
    /// waits for its first PING reply.
    fn start(&mut self) {
        const ATTEMPTS: usize = 5;
        for attempt in 1..=ATTEMPTS {
            let port = free_port();
            let mut cmd = Command::new(&self.bin);
            if let Some(c) = &self.conf {
                cmd.arg(c);
            }
            cmd.arg("--port")
                .arg(port.to_string())
                .arg("--dir")
                .arg(&self.dir)
                .arg("--bind")
                .arg("127.0.0.1")
                .arg("--loglevel")
                .arg("warning")
                .args(&self.extra);
            let log = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.log_path)
                .expect("open server log");
            let log_start = log.metadata().map(|m| m.len()).unwrap_or(0);
            let log2 = log.try_clone().expect("clone log handle");
            cmd.stdin(Stdio::null()).stdout(log).stderr(log2);
            let spawned_at = Instant::now();
            let mut child = match cmd.spawn() {
                Ok(c) => c,
                Err(e) => panic!("failed to spawn {}: {e}", self.bin.display()),
            };
            let pid = child.id();
            register(pid, Vec::new());
            match wait_ready(&mut child, port, spawned_at + STARTUP_TIMEOUT) {
                Ok(()) => {
                    self.startup = spawned_at.elapsed();
                    self.port = port;
                    self.pid = pid;
                    self.child = Some(child);
                    return;
                }
                Err(Ready::Exited(status)) => {
                    unregister(pid);
                    let out = read_log_from(&self.log_path, log_start);
                    let lower = out.to_ascii_lowercase();
                    let bind_problem = lower.contains("in use")
                        || lower.contains("bind")
                        || lower.contains("address");
                    if bind_problem && attempt < ATTEMPTS {
                        eprintln!(
                            "[harness] server failed to bind port {port}, retrying on another port"
                        );
                        continue;
                    }
                    panic!(
                        "{:?} server `{}` exited during startup ({status}) on port {port}\n\
                         ---- server output ({}) ----\n{out}\n---- end of server output ----",
                        self.kind,
                        self.bin.display(),
                        self.log_path.display()
                    );
                }
                Err(Ready::Timeout) => {
                    kill_and_reap(&mut child);
                    unregister(pid);
                    let out = read_log_from(&self.log_path, log_start);
                    panic!(
                        "{:?} server `{}` did not answer PING on port {port} within {:?}\n\
                         ---- server output ({}) ----\n{out}\n---- end of server output ----",
                        self.kind,
                        self.bin.display(),
                        STARTUP_TIMEOUT,
                        self.log_path.display()
                    );
                }
            }
        }
        unreachable!()
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) if running and
    /// starts it again on the same data dir (new port, same arguments).
    pub fn restart(&mut self) {
        self.stop();
        self.start();
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn client(&self) -> Client {
        Client::connect(&self.addr())
    }

    /// SIGKILL the server and reap it.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            kill_and_reap(&mut child);
            unregister(child.id());
        }
    }

    /// SIGTERM the server and wait (up to 10 s, then SIGKILL) for it to exit.
    pub fn stop(&mut self) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        let pid = child.id();
        let status = terminate(&mut child, Duration::from_secs(10));
        unregister(pid);
        status
    }

    /// True while the process has not exited.
    pub fn is_running(&mut self) -> bool {
        match &mut self.child {
            None => false,
            Some(c) => matches!(c.try_wait(), Ok(None)),
        }
    }

    /// Waits for the process to exit on its own (e.g. after SHUTDOWN) and reaps it.
    /// Returns None if it was still running after `timeout` (it is left running).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            let child = self.child.as_mut()?;
            if let Ok(Some(st)) = child.try_wait() {
                let pid = child.id();
                self.child = None;
                unregister(pid);
                return Some(st);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        read_log_from(&self.log_path, 0)
    }

    /// Makes the temp dirs outlive the process' statics: they are deleted by the atexit handler.
    fn into_shared(self) -> Server {
        if let (Some(child), Some(scratch)) = (&self.child, &self.scratch) {
            set_registered_dirs(child.id(), vec![scratch.path().to_path_buf()]);
        }
        self
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Must never panic: this runs while unwinding from failed assertions.
        if let Some(mut child) = self.child.take() {
            let pid = child.id();
            let _ = terminate(&mut child, Duration::from_secs(10));
            unregister(pid);
        }
        if std::env::var_os("STRATA_TEST_KEEP_DIRS").is_some() {
            if let Some(s) = self.scratch.take() {
                eprintln!("[harness] keeping {}", s.keep().display());
            }
        }
        // scratch (TempDir) is removed when dropped; an external data dir is not touched.
    }
}

fn terminate(child: &mut Child, grace: Duration) -> Option<ExitStatus> {
    if let Ok(Some(st)) = child.try_wait() {
        return Some(st);
    }
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        match child.try_wait() {
            Ok(Some(st)) => return Some(st),
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(_) => break,
        }
    }
    eprintln!(
        "[harness] pid {} ignored SIGTERM for {grace:?}; sending SIGKILL",
        child.id()
    );
    kill_and_reap(child)
}

fn kill_and_reap(child: &mut Child) -> Option<ExitStatus> {
    if let Ok(Some(st)) = child.try_wait() {
        return Some(st);
    }
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGKILL);
    }
    child.wait().ok()
}

fn read_log_from(path: &Path, from: u64) -> String {
    let bytes = fs::read(path).unwrap_or_default();
    let from = (from as usize).min(bytes.len());
    let tail = &bytes[from..];
    // Keep failure messages readable.
    const MAX: usize = 20_000;
    let tail = if tail.len() > MAX {
        &tail[tail.len() - MAX..]
    } else {
        tail
    };
    String::from_utf8_lossy(tail).into_owned()
}

enum Ready {
    Exited(ExitStatus),
    Timeout,
}

fn wait_ready(child: &mut Child, port: u16, deadline: Instant) -> Result<(), Ready> {
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    loop {
        if let Ok(Some(st)) = child.try_wait() {
            return Err(Ready::Exited(st));
        }
        if ping_ready(&addr) {
            // Make sure the one answering is our process, not something else on that port.
            thread::sleep(Duration::from_millis(1));
            if let Ok(Some(st)) = child.try_wait() {
                return Err(Ready::Exited(st));
            }
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Ready::Timeout);
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// One PING on a fresh connection: ready if it answers +PONG (or NOAUTH, for
/// servers started with requirepass). LOADING and other errors mean "not yet".
fn ping_ready(addr: &SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = s.set_nodelay(true);
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = s.set_write_timeout(Some(Duration::from_secs(5)));
    if s.write_all(b"*1\r\n$4\r\nPING\r\n").is_err() {
        return false;
    }
    let mut buf = Vec::new();
    let mut chunk = [0u8; 256];
    while !buf.windows(2).any(|w| w == b"\r\n") {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    buf.starts_with(b"+PONG\r\n") || buf.starts_with(b"-NOAUTH")
}

// ---------------------------------------------------------------------------
// Shared servers
// ---------------------------------------------------------------------------

static SHARED: OnceLock<(Server, Option<Server>)> = OnceLock::new();

/// A fresh strata and, if installed, a fresh redis, for tests that run one scenario on each
/// server of their own (they count clients, subscribe, flush or change the config).
pub fn fresh_servers() -> Vec<Server> {
    let mut v = vec![Server::strata()];
    v.extend(Server::redis());
    v
}

/// One strata (and, if installed, one redis) shared by all tests of a test
/// binary, started on first use and killed at process exit. Tests using them
/// must prefix their keys with a unique per-test prefix and must not flush or
/// otherwise change global state; tests that need a clean server start their own.
pub fn shared() -> (&'static Server, Option<&'static Server>) {
    let s = SHARED.get_or_init(|| {
        let strata = Server::strata().into_shared();
        let redis = Server::redis().map(Server::into_shared);
        (strata, redis)
    });
    (&s.0, s.1.as_ref())
}

// ---------------------------------------------------------------------------
// RESP values
// ---------------------------------------------------------------------------

#[derive(Clone, PartialEq)]
pub enum Value {
    Status(String),
    Error(String),
    Int(i64),
    /// None = `$-1`
    Bulk(Option<Vec<u8>>),
    /// None = `*-1`
    Array(Option<Vec<Value>>),
    /// RESP3 `_`
    Null,
    /// RESP3 `,` (kept as the exact text)
    Double(String),
    Bool(bool),
    Map(Vec<(Value, Value)>),
    Set(Vec<Value>),
    /// RESP3 `=`: (format, data)
    Verbatim(String, Vec<u8>),
    BigNumber(String),
    Push(Vec<Value>),
}

/// Printable rendering of arbitrary bytes: `"abc\r\n\x00"`.
pub fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    for &b in bytes {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s
}

fn quoted(bytes: &[u8]) -> String {
    format!("\"{}\"", escape(bytes))
}

/// Renders a command for messages: `SET "k" "v"`.
pub fn fmt_cmd(args: &[&[u8]]) -> String {
    args.iter()
        .enumerate()
        .map(|(i, a)| {
            let printable = a.iter().all(|&b| b.is_ascii_graphic()) && !a.is_empty();
            if i == 0 && printable {
                String::from_utf8_lossy(a).into_owned()
            } else if a.len() > 200 {
                format!("\"{}\"...({} bytes)", escape(&a[..200]), a.len())
            } else {
                quoted(a)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Status(s) => write!(f, "+{s}"),
            Value::Error(e) => write!(f, "(error) {e}"),
            Value::Int(i) => write!(f, "(integer) {i}"),
            Value::Bulk(None) => write!(f, "(nil bulk)"),
            Value::Bulk(Some(b)) => write!(f, "{}", quoted(b)),
            Value::Array(None) => write!(f, "(nil array)"),
            Value::Array(Some(v)) => f.debug_list().entries(v).finish(),
            Value::Null => write!(f, "(null)"),
            Value::Double(d) => write!(f, "(double) {d}"),
            Value::Bool(b) => write!(f, "(bool) {b}"),
            Value::Map(m) => f
                .debug_map()
                .entries(m.iter().map(|(k, v)| (k, v)))
                .finish(),
            Value::Set(v) => {
                write!(f, "(set) ")?;
                f.debug_list().entries(v).finish()
            }
            Value::Verbatim(fmt_, d) => write!(f, "(verbatim {fmt_}) {}", quoted(d)),
            Value::BigNumber(n) => write!(f, "(bignum) {n}"),
            Value::Push(v) => {
                write!(f, "(push) ")?;
                f.debug_list().entries(v).finish()
            }
        }
    }
}

impl Value {
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            other => panic!("expected an integer reply, got {other:?}"),
        }
    }

    /// Bytes of a bulk string / status / verbatim string / double / big number.
    pub fn as_bytes(&self) -> Vec<u8> {
        match self {
            Value::Bulk(Some(b)) => b.clone(),
            Value::Status(s) | Value::Double(s) | Value::BigNumber(s) => s.as_bytes().to_vec(),
            Value::Verbatim(_, d) => d.clone(),
            other => panic!("expected a (non-nil) string reply, got {other:?}"),
        }
    }

    /// Like [`Value::as_bytes`], but must be valid UTF-8.
    pub fn as_str(&self) -> String {
        let b = self.as_bytes();
        match String::from_utf8(b) {
            Ok(s) => s,
            Err(_) => panic!("expected a UTF-8 string reply, got {self:?}"),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Value::Error(_))
    }

    /// Text of an error reply (including its code, e.g. `ERR syntax error`).
    pub fn as_error(&self) -> String {
        match self {
            Value::Error(e) => e.clone(),
            other => panic!("expected an error reply, got {other:?}"),
        }
    }

    /// `$-1`, `*-1` or RESP3 `_`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Bulk(None) | Value::Array(None) | Value::Null)
    }

    /// Elements of an array / set / push reply.
    pub fn as_array(&self) -> Vec<Value> {
        match self {
            Value::Array(Some(v)) | Value::Set(v) | Value::Push(v) => v.clone(),
            other => panic!("expected an array reply, got {other:?}"),
        }
    }

    /// Pairs of a RESP3 map, or of a RESP2 flat array `[k1, v1, k2, v2, ...]`.
    pub fn as_map(&self) -> Vec<(Value, Value)> {
        match self {
            Value::Map(m) => m.clone(),
            Value::Array(Some(v)) if v.len() % 2 == 0 => {
                v.chunks(2).map(|c| (c[0].clone(), c[1].clone())).collect()
            }
            other => panic!("expected a map (or flat key/value array) reply, got {other:?}"),
        }
    }

    /// Exact RESP encoding of this value.
    pub fn to_resp(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        fn agg(out: &mut Vec<u8>, t: u8, items: &[Value]) {
            out.push(t);
            out.extend_from_slice(items.len().to_string().as_bytes());
            out.extend_from_slice(b"\r\n");
            for i in items {
                i.encode_into(out);
            }
        }
        match self {
            Value::Status(s) => out.extend_from_slice(format!("+{s}\r\n").as_bytes()),
            Value::Error(s) => out.extend_from_slice(format!("-{s}\r\n").as_bytes()),
            Value::Int(i) => out.extend_from_slice(format!(":{i}\r\n").as_bytes()),
            Value::Bulk(None) => out.extend_from_slice(b"$-1\r\n"),
            Value::Bulk(Some(b)) => {
                out.extend_from_slice(format!("${}\r\n", b.len()).as_bytes());
                out.extend_from_slice(b);
                out.extend_from_slice(b"\r\n");
            }
            Value::Array(None) => out.extend_from_slice(b"*-1\r\n"),
            Value::Array(Some(v)) => agg(out, b'*', v),
            Value::Null => out.extend_from_slice(b"_\r\n"),
            Value::Double(d) => out.extend_from_slice(format!(",{d}\r\n").as_bytes()),
            Value::Bool(b) => out.extend_from_slice(if *b { b"#t\r\n" } else { b"#f\r\n" }),
            Value::Map(m) => {
                out.extend_from_slice(format!("%{}\r\n", m.len()).as_bytes());
                for (k, v) in m {
                    k.encode_into(out);
                    v.encode_into(out);
                }
            }
            Value::Set(v) => agg(out, b'~', v),
            Value::Verbatim(f, d) => {
                out.extend_from_slice(format!("={}\r\n{f}:", d.len() + f.len() + 1).as_bytes());
                out.extend_from_slice(d);
                out.extend_from_slice(b"\r\n");
            }
            Value::BigNumber(n) => out.extend_from_slice(format!("({n}\r\n").as_bytes()),
            Value::Push(v) => agg(out, b'>', v),
        }
    }
}

/// Parses one complete RESP2/RESP3 reply starting at `pos`.
/// Ok(None) = incomplete, Err = malformed.
pub fn parse_reply(buf: &[u8], pos: usize) -> Result<Option<(Value, usize)>, String> {
    parse_at(buf, pos, 0)
}

fn parse_at(buf: &[u8], pos: usize, depth: usize) -> Result<Option<(Value, usize)>, String> {
    if depth > 64 {
        return Err("reply nested more than 64 levels deep".into());
    }
    if pos >= buf.len() {
        return Ok(None);
    }
    let Some(nl) = buf[pos..].windows(2).position(|w| w == b"\r\n") else {
        // A header line longer than this is certainly garbage.
        if buf.len() - pos > 1 << 20 {
            return Err("no CRLF within 1 MiB".into());
        }
        return Ok(None);
    };
    let line = &buf[pos + 1..pos + nl];
    let next = pos + nl + 2;
    let text = || String::from_utf8_lossy(line).into_owned();
    let int = |what: &str| -> Result<i64, String> {
        std::str::from_utf8(line)
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or_else(|| format!("bad {what} {:?}", escape(line)))
    };
    let aggregate = |n: i64, mut at: usize| -> Result<Option<(Vec<Value>, usize)>, String> {
        let mut items = Vec::with_capacity(n.clamp(0, 1024) as usize);
        for _ in 0..n {
            match parse_at(buf, at, depth + 1)? {
                None => return Ok(None),
                Some((v, e)) => {
                    items.push(v);
                    at = e;
                }
            }
        }
        Ok(Some((items, at)))
    };
    let blob = |n: i64| -> Result<Option<(Vec<u8>, usize)>, String> {
        if n < 0 {
            return Err(format!("negative blob length {n}"));
        }
        let end = next + n as usize;
        if buf.len() < end + 2 {
            return Ok(None);
        }
        if &buf[end..end + 2] != b"\r\n" {
            return Err(format!("blob of length {n} not followed by CRLF"));
        }
        Ok(Some((buf[next..end].to_vec(), end + 2)))
    };
    let v = match buf[pos] {
        b'+' => (Value::Status(text()), next),
        b'-' => (Value::Error(text()), next),
        b':' => (Value::Int(int("integer")?), next),
        b'(' => (Value::BigNumber(text()), next),
        b',' => (Value::Double(text()), next),
        b'_' => {
            if !line.is_empty() {
                return Err(format!("bad null {:?}", escape(line)));
            }
            (Value::Null, next)
        }
        b'#' => match line {
            b"t" => (Value::Bool(true), next),
            b"f" => (Value::Bool(false), next),
            _ => return Err(format!("bad boolean {:?}", escape(line))),
        },
        b'$' => {
            let n = int("bulk length")?;
            if n == -1 {
                (Value::Bulk(None), next)
            } else {
                match blob(n)? {
                    None => return Ok(None),
                    Some((b, e)) => (Value::Bulk(Some(b)), e),
                }
            }
        }
        b'!' => match blob(int("blob error length")?)? {
            None => return Ok(None),
            Some((b, e)) => (Value::Error(String::from_utf8_lossy(&b).into_owned()), e),
        },
        b'=' => match blob(int("verbatim length")?)? {
            None => return Ok(None),
            Some((b, e)) => {
                if b.len() < 4 || b[3] != b':' {
                    return Err(format!("bad verbatim string {:?}", escape(&b)));
                }
                (
                    Value::Verbatim(
                        String::from_utf8_lossy(&b[..3]).into_owned(),
                        b[4..].to_vec(),
                    ),
                    e,
                )
            }
        },
        b'*' | b'~' | b'>' => {
            let n = int("aggregate length")?;
            if n == -1 && buf[pos] == b'*' {
                (Value::Array(None), next)
            } else if n < 0 {
                return Err(format!("negative aggregate length {n}"));
            } else {
                match aggregate(n, next)? {
                    None => return Ok(None),
                    Some((items, e)) => match buf[pos] {
                        b'*' => (Value::Array(Some(items)), e),
                        b'~' => (Value::Set(items), e),
                        _ => (Value::Push(items), e),
                    },
                }
            }
        }
        b'%' | b'|' => {
            let n = int("map length")?;
            if n < 0 {
                return Err(format!("negative map length {n}"));
            }
            match aggregate(n * 2, next)? {
                None => return Ok(None),
                Some((items, e)) => {
                    if buf[pos] == b'|' {
                        // Attribute: metadata preceding the actual reply, which is returned.
                        return parse_at(buf, e, depth + 1);
                    }
                    let mut pairs = Vec::with_capacity(items.len() / 2);
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        pairs.push((k, v));
                    }
                    (Value::Map(pairs), e)
                }
            }
        }
        other => return Err(format!("unknown reply type byte {:?}", escape(&[other]))),
    };
    Ok(Some(v))
}

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

pub struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
    start: usize,
    pub addr: String,
    timeout: Duration,
}

/// Encodes a command as a RESP multibulk.
pub fn encode_cmd(args: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + args.iter().map(|a| a.len() + 16).sum::<usize>());
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn as_byte_args<'a>(args: &'a [&'a str]) -> Vec<&'a [u8]> {
    args.iter().map(|a| a.as_bytes()).collect()
}

impl Client {
    /// Connects (retrying for up to 3 s), with 30 s read/write timeouts.
    pub fn connect(addr: &str) -> Client {
        let sa: SocketAddr = addr.parse().expect("address must be ip:port");
        let deadline = Instant::now() + Duration::from_secs(3);
        let stream = loop {
            match TcpStream::connect_timeout(&sa, Duration::from_secs(5)) {
                Ok(s) => break s,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    thread::sleep(Duration::from_millis(20));
                }
                Err(e) => panic!("cannot connect to {addr}: {e}"),
            }
        };
        stream.set_nodelay(true).unwrap();
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        Client {
            stream,
            buf: Vec::new(),
            start: 0,
            addr: addr.to_string(),
            timeout: IO_TIMEOUT,
        }
    }

    /// Local address of this connection ("127.0.0.1:port"), as the server sees it in `addr=`.
    pub fn local_addr(&self) -> String {
        self.stream.local_addr().unwrap().to_string()
    }

    pub fn set_timeout(&mut self, t: Duration) {
        self.timeout = t;
        self.stream.set_read_timeout(Some(t)).unwrap();
    }

    /// Sends a command as multibulk and reads one reply.
    pub fn cmd(&mut self, args: &[&str]) -> Value {
        self.cmd_bytes(&as_byte_args(args))
    }

    pub fn cmd_bytes(&mut self, args: &[&[u8]]) -> Value {
        let raw = self.raw(args);
        parse_reply(&raw, 0).unwrap().unwrap().0
    }

    /// Like [`Client::cmd`] but returns I/O errors (closed connection, timeout) instead of panicking.
    pub fn try_cmd(&mut self, args: &[&str]) -> io::Result<Value> {
        self.try_cmd_bytes(&as_byte_args(args))
    }

    pub fn try_cmd_bytes(&mut self, args: &[&[u8]]) -> io::Result<Value> {
        self.stream.write_all(&encode_cmd(args))?;
        let raw = self.try_read_raw()?;
        Ok(parse_reply(&raw, 0).unwrap().unwrap().0)
    }

    /// Sends a multibulk command and returns the exact bytes of one reply.
    pub fn raw(&mut self, args: &[&[u8]]) -> Vec<u8> {
        let bytes = encode_cmd(args);
        if let Err(e) = self.stream.write_all(&bytes) {
            panic!("writing {} to {} failed: {e}", fmt_cmd(args), self.addr);
        }
        match self.try_read_raw() {
            Ok(r) => r,
            Err(e) => panic!("no reply to {} from {}: {e}", fmt_cmd(args), self.addr),
        }
    }

    /// Sends all commands in one write, then reads one reply per command.
    pub fn pipeline(&mut self, cmds: &[&[&str]]) -> Vec<Value> {
        let mut out = Vec::new();
        for c in cmds {
            out.extend_from_slice(&encode_cmd(&as_byte_args(c)));
        }
        self.send_raw(&out);
        cmds.iter().map(|_| self.read_value()).collect()
    }

    /// Sends a command without reading its reply (blocking commands, subscriptions).
    pub fn send_cmd(&mut self, args: &[&str]) {
        self.send_raw(&encode_cmd(&as_byte_args(args)));
    }

    /// Writes bytes as-is.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        if let Err(e) = self.stream.write_all(bytes) {
            panic!("writing {} bytes to {} failed: {e}", bytes.len(), self.addr);
        }
    }

    /// Writes bytes as-is, reporting errors (e.g. the server already closed the connection).
    pub fn try_send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Exact bytes of the next complete reply (attributes included).
    pub fn read_raw(&mut self) -> Vec<u8> {
        match self.try_read_raw() {
            Ok(r) => r,
            Err(e) => panic!("reading a reply from {} failed: {e}", self.addr),
        }
    }

    pub fn read_value(&mut self) -> Value {
        let raw = self.read_raw();
        parse_reply(&raw, 0).unwrap().unwrap().0
    }

    /// Next reply if one arrives within `t`, None on timeout (the connection stays usable
    /// only if nothing at all arrived).
    pub fn read_raw_timeout(&mut self, t: Duration) -> Option<Vec<u8>> {
        self.stream.set_read_timeout(Some(t)).unwrap();
        let r = self.try_read_raw();
        self.stream.set_read_timeout(Some(self.timeout)).unwrap();
        match r {
            Ok(v) => Some(v),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => None,
            Err(e) => panic!("reading a reply from {} failed: {e}", self.addr),
        }
    }

    pub fn try_read_raw(&mut self) -> io::Result<Vec<u8>> {
        loop {
            match parse_reply(&self.buf[self.start..], 0) {
                Ok(Some((_, len))) => {
                    let out = self.buf[self.start..self.start + len].to_vec();
                    self.start += len;
                    if self.start == self.buf.len() {
                        self.buf.clear();
                        self.start = 0;
                    } else if self.start > 1 << 16 && self.start * 2 > self.buf.len() {
                        self.buf.drain(..self.start);
                        self.start = 0;
                    }
                    return Ok(out);
                }
                Ok(None) => {}
                Err(msg) => {
                    let pending = &self.buf[self.start..];
                    let shown = &pending[..pending.len().min(2000)];
                    panic!(
                        "malformed RESP from {}: {msg}\n  received: \"{}\"",
                        self.addr,
                        escape(shown)
                    );
                }
            }
            let mut chunk = [0u8; 65536];
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    let pending = &self.buf[self.start..];
                    return Err(io::Error::new(
                        ErrorKind::UnexpectedEof,
                        format!(
                            "connection closed by server (unparsed pending bytes: \"{}\")",
                            escape(&pending[..pending.len().min(2000)])
                        ),
                    ));
                }
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    let pending = &self.buf[self.start..];
                    return Err(io::Error::new(
                        e.kind(),
                        format!(
                            "{e} (after {:?}; unparsed pending bytes: \"{}\")",
                            self.timeout,
                            escape(&pending[..pending.len().min(2000)])
                        ),
                    ));
                }
            }
        }
    }

    /// True if the server closes the connection (EOF or reset) within ~2 s.
    /// Any bytes received meanwhile are kept for later reads.
    pub fn is_closed(&mut self) -> bool {
        self.is_closed_within(Duration::from_secs(2))
    }

    pub fn is_closed_within(&mut self, t: Duration) -> bool {
        let deadline = Instant::now() + t;
        let mut chunk = [0u8; 65536];
        let closed = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break false;
            }
            self.stream.set_read_timeout(Some(left)).unwrap();
            match self.stream.read(&mut chunk) {
                Ok(0) => break true,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    break false
                }
                Err(_) => break true, // reset etc.
            }
        };
        let _ = self.stream.set_read_timeout(Some(self.timeout));
        closed
    }

    /// Bytes received but not yet consumed by a read.
    pub fn pending(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Half-close / close the socket from our side.
    pub fn shutdown(&self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    /// Direct access to the socket (e.g. to write in small pieces).
    pub fn stream(&mut self) -> &mut TcpStream {
        &mut self.stream
    }
}

// ---------------------------------------------------------------------------
// Differential checks
// ---------------------------------------------------------------------------

/// Sends the same commands to strata and (if available) redis and compares replies.
pub struct Pair {
    pub strata: Client,
    pub redis: Option<Client>,
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let i = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let from = i.saturating_sub(40);
    let ctx = |s: &[u8]| {
        let end = (i + 40).min(s.len());
        escape(&s[from.min(s.len())..end])
    };
    format!(
        "first difference at byte {i} (strata {} bytes, redis {} bytes):\n    strata: ...\"{}\"...\n    redis:  ...\"{}\"...",
        a.len(),
        b.len(),
        ctx(a),
        ctx(b)
    )
}

fn shorten(bytes: &[u8]) -> String {
    if bytes.len() > 4000 {
        format!(
            "\"{}\"... ({} bytes total)",
            escape(&bytes[..4000]),
            bytes.len()
        )
    } else {
        quoted(bytes)
    }
}

fn sorted_elements(raw: &[u8]) -> Option<Vec<Vec<u8>>> {
    match parse_reply(raw, 0).ok()??.0 {
        Value::Array(Some(v)) | Value::Set(v) => {
            let mut e: Vec<Vec<u8>> = v.iter().map(|x| x.to_resp()).collect();
            e.sort();
            Some(e)
        }
        _ => None,
    }
}

impl Pair {
    /// Clients connected to the [`shared`] servers.
    pub fn new() -> Pair {
        let (s, r) = shared();
        Pair::on(s, r)
    }

    pub fn on(strata: &Server, redis: Option<&Server>) -> Pair {
        Pair {
            strata: strata.client(),
            redis: redis.map(|r| r.client()),
        }
    }

    /// Same command to both; asserts the raw replies are byte-identical; returns strata's reply.
    pub fn check(&mut self, args: &[&str]) -> Value {
        self.check_bytes(&as_byte_args(args))
    }

    pub fn check_bytes(&mut self, args: &[&[u8]]) -> Value {
        let (s, r) = self.raw_both(args);
        if let Some(r) = r {
            if s != r {
                panic!(
                    "strata and redis replies differ\n  command: {}\n  strata:  {}\n  redis:   {}\n  {}",
                    fmt_cmd(args),
                    shorten(&s),
                    shorten(&r),
                    first_difference(&s, &r)
                );
            }
        }
        parse_reply(&s, 0).unwrap().unwrap().0
    }

    /// For replies whose element order is unspecified: compares the top-level
    /// array elements as sorted multisets (other replies must be byte-identical).
    pub fn check_sorted(&mut self, args: &[&str]) -> Value {
        let args = as_byte_args(args);
        let (s, r) = self.raw_both(&args);
        if let Some(r) = r {
            let same = match (sorted_elements(&s), sorted_elements(&r)) {
                (Some(a), Some(b)) => a == b && s[0] == r[0],
                _ => s == r,
            };
            if !same {
                panic!(
                    "strata and redis replies differ (compared as unordered collections)\n  command: {}\n  strata:  {}\n  redis:   {}",
                    fmt_cmd(&args),
                    shorten(&s),
                    shorten(&r)
                );
            }
        }
        parse_reply(&s, 0).unwrap().unwrap().0
    }

    pub fn check_all(&mut self, cmds: &[&[&str]]) {
        for c in cmds {
            self.check(c);
        }
    }

    /// Runs on both without comparing (nondeterministic replies).
    pub fn both(&mut self, args: &[&str]) -> (Value, Option<Value>) {
        let (s, r) = self.raw_both(&as_byte_args(args));
        let p = |b: &[u8]| parse_reply(b, 0).unwrap().unwrap().0;
        (p(&s), r.as_deref().map(p))
    }

    /// Sends raw bytes (inline commands, malformed input...) to both, reads one
    /// reply from each and asserts they are byte-identical.
    pub fn check_raw(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.strata.send_raw(bytes);
        if let Some(r) = &mut self.redis {
            r.send_raw(bytes);
        }
        let s = match self.strata.try_read_raw() {
            Ok(s) => s,
            Err(e) => panic!("strata: no reply after sending {}: {e}", shorten(bytes)),
        };
        if let Some(r) = &mut self.redis {
            let r = match r.try_read_raw() {
                Ok(r) => r,
                Err(e) => panic!("redis: no reply after sending {}: {e}", shorten(bytes)),
            };
            if s != r {
                panic!(
                    "strata and redis replies differ\n  sent:    {}\n  strata:  {}\n  redis:   {}\n  {}",
                    shorten(bytes),
                    shorten(&s),
                    shorten(&r),
                    first_difference(&s, &r)
                );
            }
        }
        s
    }

    /// Asserts that both servers closed the connection (within ~2 s each).
    pub fn assert_closed(&mut self, context: &str) {
        if let Some(r) = &mut self.redis {
            assert!(
                r.is_closed(),
                "oracle redis did not close the connection ({context})"
            );
        }
        assert!(
            self.strata.is_closed(),
            "strata did not close the connection ({context})"
        );
    }

    /// Asserts that neither server closed the connection.
    pub fn assert_open(&mut self, context: &str) {
        if let Some(r) = &mut self.redis {
            assert!(
                !r.is_closed_within(Duration::from_millis(200)),
                "oracle redis closed the connection ({context})"
            );
        }
        assert!(
            !self.strata.is_closed_within(Duration::from_millis(200)),
            "strata closed the connection ({context})"
        );
    }

    fn raw_both(&mut self, args: &[&[u8]]) -> (Vec<u8>, Option<Vec<u8>>) {
        let bytes = encode_cmd(args);
        self.strata.send_raw(&bytes);
        if let Some(r) = &mut self.redis {
            r.send_raw(&bytes);
        }
        let s = match self.strata.try_read_raw() {
            Ok(s) => s,
            Err(e) => panic!("strata: no reply to {}: {e}", fmt_cmd(args)),
        };
        let r = self.redis.as_mut().map(|r| match r.try_read_raw() {
            Ok(v) => v,
            Err(e) => panic!("redis: no reply to {}: {e}", fmt_cmd(args)),
        });
        (s, r)
    }
}

impl Default for Pair {
    fn default() -> Self {
        Pair::new()
    }
}

/// Parses INFO output into (section name, [(field, value)]) in order.
pub fn parse_info(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix("# ") {
            out.push((name.trim().to_ascii_lowercase(), Vec::new()));
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            if out.is_empty() {
                out.push((String::new(), Vec::new()));
            }
            out.last_mut()
                .unwrap()
                .1
                .push((k.to_string(), v.to_string()));
        }
    }
    out
}

/// Value of `field` in an INFO text, if present.
pub fn info_field(text: &str, field: &str) -> Option<String> {
    parse_info(text)
        .into_iter()
        .flat_map(|(_, f)| f)
        .find(|(k, _)| k == field)
        .map(|(_, v)| v)
}

/// Waits until the server reports `n` blocked clients (so a test knows its clients are queued).
pub fn wait_blocked(s: &Server, n: usize) {
    let mut c = s.client();
    let ok = wait_until(Duration::from_secs(5), || {
        let info = c.cmd(&["INFO", "clients"]).as_str();
        info_field(&info, "blocked_clients").and_then(|v| v.parse().ok()) == Some(n)
    });
    assert!(ok, "{:?}: expected {n} blocked clients", s.kind);
}

/// Polls `f` every 10 ms until it returns true or `timeout` elapses.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

// ------------------------------------------------ assertion helpers shared by the test files

/// Shared test helper (see its uses).
pub fn show(v: &Value) -> String {
    match v {
        Value::Status(s) => format!("+{}", s),
        Value::Error(s) => format!("-{}", s),
        Value::Int(i) => format!(":{}", i),
        Value::Bulk(None) => "(nil bulk)".to_string(),
        Value::Bulk(Some(b)) => {
            if b.len() > 200 {
                format!("${} bytes", b.len())
            } else {
                format!("{:?}", String::from_utf8_lossy(b))
            }
        }
        Value::Array(None) => "(nil array)".to_string(),
        Value::Array(Some(items)) => {
            let parts: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Null => "(null)".to_string(),
        Value::Double(d) => format!(",{}", d),
        Value::Bool(b) => format!("#{}", b),
        Value::BigNumber(n) => format!("({}", n),
        _ => "(other resp3 value)".to_string(),
    }
}

/// Shared test helper (see its uses).
pub fn assert_ok(v: &Value) {
    assert!(
        matches!(v, Value::Status(s) if s == "OK"),
        "expected +OK, got {}",
        show(v)
    );
}

/// Shared test helper (see its uses).
pub fn assert_nil(v: &Value) {
    assert!(
        matches!(v, Value::Bulk(None) | Value::Null),
        "expected nil, got {}",
        show(v)
    );
}

/// Shared test helper (see its uses).
pub fn assert_bulk(v: &Value, expected: &[u8]) {
    assert!(
        matches!(v, Value::Bulk(Some(b)) if b.as_slice() == expected),
        "expected bulk {:?}, got {}",
        String::from_utf8_lossy(expected),
        show(v)
    );
}

/// Shared test helper (see its uses).
pub fn assert_status(v: &Value, expected: &str) {
    assert!(
        matches!(v, Value::Status(s) if s == expected),
        "expected +{}, got {}",
        expected,
        show(v)
    );
}

/// Shared test helper (see its uses).
pub fn assert_int(v: &Value, expected: i64) {
    assert!(
        matches!(v, Value::Int(i) if *i == expected),
        "expected :{}, got {}",
        expected,
        show(v)
    );
}

/// Shared test helper (see its uses).
pub fn assert_err(v: &Value, expected: &str) {
    assert!(
        matches!(v, Value::Error(s) if s == expected),
        "expected -{}, got {}",
        expected,
        show(v)
    );
}

/// Shared test helper (see its uses).
pub fn items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(Some(a)) => a,
        other => panic!("expected array, got {}", show(&other)),
    }
}

/// Shared test helper (see its uses).
pub fn int_within(p: &mut Pair, args: &[&str], lo: i64, hi: i64) {
    let (s, r) = p.both(args);
    for (who, v) in [("strata", Some(s)), ("redis", r)] {
        if let Some(v) = v {
            match v {
                Value::Int(i) => assert!(
                    lo <= i && i <= hi,
                    "{}: {:?} -> {} not in [{}, {}]",
                    who,
                    args,
                    i,
                    lo,
                    hi
                ),
                other => panic!("{}: {:?} -> expected int, got {}", who, args, show(&other)),
            }
        }
    }
}
