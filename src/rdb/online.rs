//! `strata-server import-rdb <file> --to host:port`: the online import, into a running server
//! (Strata, or Redis itself) over its protocol, while it keeps serving.
//!
//! All or nothing with respect to the file: a first pass reads the whole file and verifies its
//! checksum before anything is sent, so a bad file leaves the server untouched. The second pass
//! sends every key as `RESTORE key <deadline> <DUMP payload> REPLACE ABSTTL` (the payload is
//! what DUMP writes), each library as `FUNCTION LOAD REPLACE`, pipelined; the first error the
//! server answers stops the import (the keys restored before it stay, as with any client).

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;

use super::import::{walk, Item, Summary, Unsupported};
use crate::cmd::dump::resp_command;

/// Commands sent before their replies are read.
const IN_FLIGHT: usize = 1_000;
/// Longest wait for one reply (a big key's RESTORE).
const REPLY_TIMEOUT: Duration = Duration::from_secs(60);
/// Nesting accepted in a reply (CONFIG GET answers a flat array).
const MAX_DEPTH: usize = 4;

/// One reply, as far as the import reads them.
#[derive(Debug, PartialEq)]
enum Answer {
    /// A status, integer or bulk string, or an array of them.
    Fine(Vec<Vec<u8>>),
    Error(String),
}

struct Link {
    out: BufWriter<TcpStream>,
    inp: BufReader<TcpStream>,
    /// What each unanswered command was, for the error message.
    waiting: Vec<String>,
}

impl Link {
    fn open(to: &str) -> Result<Link, String> {
        let addr = to
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .ok_or_else(|| format!("--to {to}: not a host:port"))?;
        let sock = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
            .map_err(|e| format!("can't connect to {to}: {e}"))?;
        let _ = sock.set_nodelay(true);
        sock.set_read_timeout(Some(REPLY_TIMEOUT))
            .map_err(|e| e.to_string())?;
        let inp = BufReader::new(sock.try_clone().map_err(|e| e.to_string())?);
        Ok(Link {
            out: BufWriter::with_capacity(1 << 20, sock),
            inp,
            waiting: Vec::new(),
        })
    }

    fn send(&mut self, what: String, args: &[Bytes]) -> Result<(), String> {
        let mut buf = Vec::new();
        resp_command(&mut buf, args);
        self.out
            .write_all(&buf)
            .map_err(|e| format!("sending: {e}"))?;
        self.waiting.push(what);
        if self.waiting.len() >= IN_FLIGHT {
            self.settle()?;
        }
        Ok(())
    }

    /// Reads the replies of every command sent so far; the first error ends the import.
    fn settle(&mut self) -> Result<Vec<Answer>, String> {
        self.out.flush().map_err(|e| format!("sending: {e}"))?;
        let mut answers = Vec::with_capacity(self.waiting.len());
        for what in std::mem::take(&mut self.waiting) {
            match read_answer(&mut self.inp, 0)? {
                Answer::Error(e) => return Err(format!("{what}: the server answered {e}")),
                fine => answers.push(fine),
            }
        }
        Ok(answers)
    }

    /// Sends one command and returns its reply.
    fn call(&mut self, what: &str, args: &[Bytes]) -> Result<Vec<Vec<u8>>, String> {
        self.send(what.to_string(), args)?;
        match self.settle()?.pop() {
            Some(Answer::Fine(v)) => Ok(v),
            _ => Err(format!("{what}: no reply")),
        }
    }
}

fn read_line(inp: &mut impl BufRead) -> Result<Vec<u8>, String> {
    let mut line = Vec::new();
    match inp.read_until(b'\n', &mut line) {
        Ok(n) if n > 0 && line.ends_with(b"\r\n") => {
            line.truncate(line.len() - 2);
            Ok(line)
        }
        Ok(_) => Err("the server closed the connection".into()),
        Err(e) => Err(format!("reading a reply: {e}")),
    }
}

fn read_answer(inp: &mut impl BufRead, depth: usize) -> Result<Answer, String> {
    let line = read_line(inp)?;
    let bad = || format!("unexpected reply {:?}", String::from_utf8_lossy(&line));
    let (&kind, rest) = line.split_first().ok_or_else(bad)?;
    let len = || {
        std::str::from_utf8(rest)
            .ok()
            .and_then(|n| n.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    Ok(match kind {
        b'+' | b':' => Answer::Fine(vec![rest.to_vec()]),
        b'-' => Answer::Error(String::from_utf8_lossy(rest).into_owned()),
        b'$' if len()? < 0 => Answer::Fine(Vec::new()),
        b'$' => {
            let n = len()? as usize;
            let mut body = vec![0; n + 2];
            inp.read_exact(&mut body)
                .map_err(|e| format!("reading a reply: {e}"))?;
            body.truncate(n);
            Answer::Fine(vec![body])
        }
        b'*' if depth < MAX_DEPTH => {
            let mut items = Vec::new();
            for _ in 0..len()?.max(0) {
                match read_answer(inp, depth + 1)? {
                    Answer::Fine(v) => items.extend(v),
                    e @ Answer::Error(_) => return Ok(e),
                }
            }
            Answer::Fine(items)
        }
        _ => return Err(bad()),
    })
}

fn bulk(s: impl Into<Vec<u8>>) -> Bytes {
    Bytes::from(s.into())
}

/// Imports `file` into the server at `to` (`host:port`), authenticating with `auth` (an
/// optional user name and a password) first.
pub fn import(
    file: &Path,
    to: &str,
    auth: Option<(Option<String>, String)>,
    unsupported: Unsupported,
    progress: bool,
) -> Result<Summary, String> {
    let mut link = Link::open(to)?;
    if let Some((user, password)) = auth {
        let mut args = vec![bulk("AUTH")];
        args.extend(user.map(bulk));
        args.push(bulk(password));
        link.call("AUTH", &args)?;
    }
    let databases = link
        .call(
            "CONFIG GET databases",
            &[bulk("CONFIG"), bulk("GET"), bulk("databases")],
        )?
        .get(1)
        .and_then(|n| std::str::from_utf8(n).ok()?.parse::<u64>().ok())
        .ok_or("CONFIG GET databases: the server did not say how many it has")?;
    // First pass: the whole file must be sound before the server sees any of it.
    walk(
        file,
        unsupported,
        databases,
        false,
        &mut Summary::default(),
        |_| Ok(()),
    )?;
    let mut summary = Summary::default();
    let mut db = None;
    walk(
        file,
        unsupported,
        databases,
        progress,
        &mut summary,
        |item| match item {
            Item::Function(code) => link.send(
                "FUNCTION LOAD".into(),
                &[bulk("FUNCTION"), bulk("LOAD"), bulk("REPLACE"), bulk(code)],
            ),
            Item::Key(r) => {
                if db != Some(r.db) {
                    link.send(
                        format!("SELECT {}", r.db),
                        &[bulk("SELECT"), bulk(r.db.to_string())],
                    )?;
                    db = Some(r.db);
                }
                let payload = super::writer::dump_payload(&r.value, false)
                    .ok_or("a value with no DUMP form")?;
                let what = format!("RESTORE {:?}", String::from_utf8_lossy(&r.key));
                link.send(
                    what,
                    &[
                        bulk("RESTORE"),
                        bulk(r.key),
                        bulk(r.expire_at_ms.unwrap_or(0).to_string()),
                        bulk(payload),
                        bulk("REPLACE"),
                        bulk("ABSTTL"),
                    ],
                )
            }
        },
    )?;
    link.settle()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(raw: &[u8]) -> Result<Answer, String> {
        read_answer(&mut BufReader::new(raw), 0)
    }

    #[test]
    fn replies_are_read_as_redis_writes_them() {
        assert_eq!(answer(b"+OK\r\n"), Ok(Answer::Fine(vec![b"OK".to_vec()])));
        assert_eq!(answer(b"-ERR bad\r\n"), Ok(Answer::Error("ERR bad".into())));
        assert_eq!(
            answer(b"*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n"),
            Ok(Answer::Fine(vec![b"databases".to_vec(), b"16".to_vec()]))
        );
        assert_eq!(answer(b"$-1\r\n"), Ok(Answer::Fine(Vec::new())));
        assert!(answer(b"$5\r\nab").is_err(), "a truncated bulk");
        assert!(answer(b"?\r\n").is_err());
        assert!(answer(b"").is_err(), "a closed connection");
    }
}
