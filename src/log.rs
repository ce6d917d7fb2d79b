//! Process-wide logger that writes Redis-style log lines.
//!
//! Operators and tooling grep Strata's log the same way they grep Redis', so
//! every line has Redis' shape:
//! `<pid>:M 25 Nov 2026 15:02:54.123 * message`, where the marker is `.` for
//! debug, `-` for verbose, `*` for notice and `#` for warning.
//!
//! Invariants:
//! * Filtering costs one relaxed atomic load: nothing is formatted, locked or
//!   allocated for a message below the current level (use the `log_*!`
//!   macros to skip evaluating the format arguments too).
//! * The level can change at any time (`CONFIG SET loglevel`) from any thread.
//! * Each message is written with a single `write` call while holding the
//!   sink lock, so concurrent lines never interleave.
//! * A log file is opened in append mode for every line, like Redis does, so
//!   external log rotation (move the file away) works without a signal. If it
//!   cannot be opened the line goes to stderr instead of being lost.
//! * Logging never panics.

use std::fmt::{self, Display, Write as _};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

use parking_lot::Mutex;

/// Log verbosity, named like Redis' `loglevel` values. Ordered from most to
/// least verbose; `Nothing` silences the log entirely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Everything, including per-request chatter.
    Debug = 0,
    /// Rarely useful details.
    Verbose = 1,
    /// Moderately verbose; what production usually wants (the default).
    Notice = 2,
    /// Only important or critical messages.
    Warning = 3,
    /// No logging at all.
    Nothing = 4,
}

impl Level {
    /// Every level, in the order Redis lists them in error messages.
    pub const ALL: [Level; 5] = [
        Level::Debug,
        Level::Verbose,
        Level::Notice,
        Level::Warning,
        Level::Nothing,
    ];

    /// The `loglevel` configuration name (`"notice"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Verbose => "verbose",
            Level::Notice => "notice",
            Level::Warning => "warning",
            Level::Nothing => "nothing",
        }
    }

    /// Parses a `loglevel` name, ignoring ASCII case like Redis does.
    pub fn parse(name: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name))
    }

    fn marker(self) -> char {
        match self {
            Level::Debug => '.',
            Level::Verbose => '-',
            Level::Notice => '*',
            Level::Warning | Level::Nothing => '#',
        }
    }

    fn from_u8(v: u8) -> Level {
        match v {
            0 => Level::Debug,
            1 => Level::Verbose,
            2 => Level::Notice,
            3 => Level::Warning,
            _ => Level::Nothing,
        }
    }
}

impl Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Notice as u8);
/// `None` means stdout.
static SINK: Mutex<Option<PathBuf>> = parking_lot::const_mutex(None);

/// Configures the logger: minimum level and destination (`None` = stdout).
///
/// Safe to call more than once (the last call wins). If `logfile` cannot be
/// opened, lines fall back to stderr; use [`try_init`] to refuse instead.
pub fn init(level: Level, logfile: Option<&Path>) {
    set_level(level);
    *SINK.lock() = logfile.map(Path::to_path_buf);
}

/// Like [`init`] but first checks that `logfile` can be opened for
/// appending, returning the error (and changing nothing) if it cannot, so the
/// server can refuse to start the way Redis does.
pub fn try_init(level: Level, logfile: Option<&Path>) -> io::Result<()> {
    if let Some(path) = logfile {
        open_append(path)?;
    }
    init(level, logfile);
    Ok(())
}

/// Changes the minimum level at runtime (`CONFIG SET loglevel`).
pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// The current minimum level.
pub fn level() -> Level {
    Level::from_u8(LEVEL.load(Ordering::Relaxed))
}

/// True when a message at `level` would be written; the cheap guard the
/// macros use before formatting anything.
#[inline]
pub fn enabled(level: Level) -> bool {
    level != Level::Nothing && level as u8 >= LEVEL.load(Ordering::Relaxed)
}

/// Writes `msg` at `level` if the level is enabled. `msg` may be a `&str`,
/// a `String` or `format_args!(...)`; formatting happens only after the
/// level check.
pub fn emit(level: Level, msg: impl Display) {
    if !enabled(level) {
        return;
    }
    let line = format_line(level, &msg, now());
    let sink = SINK.lock();
    match sink.as_deref() {
        None => {
            let mut out = io::stdout().lock();
            let _ = out.write_all(line.as_bytes());
            let _ = out.flush();
        }
        Some(path) => {
            let written = open_append(path).and_then(|mut f| f.write_all(line.as_bytes()));
            if written.is_err() {
                let _ = io::stderr().write_all(line.as_bytes());
            }
        }
    }
}

/// Logs at warning level (`#`).
pub fn warning(msg: impl Display) {
    emit(Level::Warning, msg)
}

/// Logs at notice level (`*`).
pub fn notice(msg: impl Display) {
    emit(Level::Notice, msg)
}

/// Logs at verbose level (`-`).
pub fn verbose(msg: impl Display) {
    emit(Level::Verbose, msg)
}

/// Logs at debug level (`.`).
pub fn debug(msg: impl Display) {
    emit(Level::Debug, msg)
}

/// `log_warning!("fmt", args..)`: like [`warning`], but the arguments are not
/// even evaluated when the level is filtered out.
#[macro_export]
macro_rules! log_warning {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Warning) {
            $crate::log::emit($crate::log::Level::Warning, format_args!($($arg)*))
        }
    };
}

/// `log_notice!("fmt", args..)`: lazily formatted [`notice`].
#[macro_export]
macro_rules! log_notice {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Notice) {
            $crate::log::emit($crate::log::Level::Notice, format_args!($($arg)*))
        }
    };
}

/// `log_verbose!("fmt", args..)`: lazily formatted [`verbose`].
#[macro_export]
macro_rules! log_verbose {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Verbose) {
            $crate::log::emit($crate::log::Level::Verbose, format_args!($($arg)*))
        }
    };
}

/// `log_debug!("fmt", args..)`: lazily formatted [`debug`].
#[macro_export]
macro_rules! log_debug {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Debug) {
            $crate::log::emit($crate::log::Level::Debug, format_args!($($arg)*))
        }
    };
}

fn open_append(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
}

/// Wall-clock time split into local calendar fields (milliseconds included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    year: i32,
    month0: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    millis: u32,
}

fn now() -> Stamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs() as libc::time_t;
    let millis = since.subsec_millis();
    // SAFETY: `tm` is plain old data that localtime_r fully initialises on
    // success; on failure we never read it and fall back to UTC arithmetic.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = !unsafe { libc::localtime_r(&secs, &mut tm) }.is_null();
    if ok {
        Stamp {
            year: tm.tm_year + 1900,
            month0: tm.tm_mon.clamp(0, 11) as u32,
            day: tm.tm_mday as u32,
            hour: tm.tm_hour as u32,
            min: tm.tm_min as u32,
            sec: tm.tm_sec as u32,
            millis,
        }
    } else {
        utc_stamp(since.as_secs(), millis)
    }
}

/// Civil-from-days conversion, used only if the C library cannot give us
/// local time, so the log keeps a sane timestamp.
fn utc_stamp(secs: u64, millis: u32) -> Stamp {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Stamp {
        year,
        month0: month - 1,
        day,
        hour: (rem / 3600) as u32,
        min: (rem / 60 % 60) as u32,
        sec: (rem % 60) as u32,
        millis,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn format_line(level: Level, msg: &dyn Display, t: Stamp) -> String {
    let mut line = String::with_capacity(64);
    let _ = writeln!(
        line,
        "{}:M {:02} {} {} {:02}:{:02}:{:02}.{:03} {} {}",
        std::process::id(),
        t.day,
        MONTHS[t.month0 as usize % 12],
        t.year,
        t.hour,
        t.min,
        t.sec,
        t.millis,
        level.marker(),
        msg
    );
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The logger is process-global; tests that reconfigure it take turns.
    static SERIAL: Mutex<()> = parking_lot::const_mutex(());

    #[test]
    fn level_names_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.name()), Some(l));
            assert_eq!(Level::parse(&l.name().to_uppercase()), Some(l));
            assert_eq!(l.to_string(), l.name());
        }
        assert_eq!(Level::parse("loud"), None);
        assert!(Level::Debug < Level::Warning);
    }

    #[test]
    fn line_shape_matches_redis() {
        let t = Stamp {
            year: 2026,
            month0: 10,
            day: 5,
            hour: 7,
            min: 2,
            sec: 4,
            millis: 9,
        };
        let line = format_line(Level::Notice, &"Ready to accept connections", t);
        let pid = std::process::id();
        assert_eq!(
            line,
            format!("{pid}:M 05 Nov 2026 07:02:04.009 * Ready to accept connections\n")
        );
        assert!(format_line(Level::Warning, &"x", t).ends_with(" # x\n"));
        assert!(format_line(Level::Verbose, &"x", t).ends_with(" - x\n"));
        assert!(format_line(Level::Debug, &format_args!("{}+{}", 1, 2), t).ends_with(" . 1+2\n"));
    }

    #[test]
    fn utc_fallback_dates() {
        let t = utc_stamp(0, 0);
        assert_eq!((t.year, t.month0, t.day, t.hour), (1970, 0, 1, 0));
        // 2026-11-25 15:02:54 UTC
        let t = utc_stamp(1_795_618_974, 123);
        assert_eq!(
            (t.year, t.month0, t.day, t.hour, t.min, t.sec, t.millis),
            (2026, 10, 25, 15, 2, 54, 123)
        );
        // Leap day.
        let t = utc_stamp(951_782_400, 0);
        assert_eq!((t.year, t.month0, t.day), (2000, 1, 29));
    }

    #[test]
    fn filters_by_level_and_writes_to_file() {
        let _g = SERIAL.lock();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("strata.log");
        try_init(Level::Notice, Some(&path)).unwrap();
        debug("hidden debug");
        verbose(format_args!("hidden {}", "verbose"));
        notice("shown notice");
        warning(format_args!("shown {}", 42));
        log_debug!("hidden {}", "macro");
        log_notice!("macro {}", 7);
        set_level(Level::Debug);
        assert_eq!(level(), Level::Debug);
        debug("now debug shows");
        set_level(Level::Nothing);
        warning("nothing silences warnings");
        log_warning!("and macros");
        init(Level::Notice, None);

        let text = std::fs::read_to_string(&path).unwrap();
        // Other tests in the process may log while the file is the sink, so
        // only look at this test's own lines.
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| {
                l.contains("shown")
                    || l.contains("hidden")
                    || l.contains("macro")
                    || l.contains("nothing")
                    || l.contains("debug shows")
            })
            .collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].ends_with(" * shown notice"));
        assert!(lines[1].ends_with(" # shown 42"));
        assert!(lines[2].ends_with(" * macro 7"));
        assert!(lines[3].ends_with(" . now debug shows"));
        let prefix = format!("{}:M ", std::process::id());
        assert!(lines.iter().all(|l| l.starts_with(&prefix)));
    }

    #[test]
    fn macros_skip_argument_evaluation_when_filtered() {
        let _g = SERIAL.lock();
        init(Level::Warning, None);
        let mut evaluated = false;
        log_debug!("{}", {
            evaluated = true;
            1
        });
        assert!(!evaluated);
        assert!(!enabled(Level::Notice));
        assert!(enabled(Level::Warning));
        assert!(!enabled(Level::Nothing));
        init(Level::Notice, None);
    }

    #[test]
    fn unopenable_logfile() {
        let _g = SERIAL.lock();
        let bad = Path::new("/nonexistent-dir-for-strata-test/x.log");
        assert!(try_init(Level::Notice, Some(bad)).is_err());
        // init accepts it and falls back to stderr without panicking.
        init(Level::Warning, Some(bad));
        warning("goes to stderr");
        init(Level::Notice, None);
    }
}
