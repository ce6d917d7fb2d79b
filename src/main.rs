//! `strata-server [path/to/strata.conf] [--option value ...]`: loads the configuration like
//! redis-server (file first, then overrides), opens the data directory and serves clients.
//!
//! `strata-server import-rdb <dump.rdb> [strata.conf] [--option value ...]` loads a Redis RDB
//! file into an empty data directory (see `rdb::import`); `strata-server export-rdb <out.rdb>
//! [--checkpoint] [strata.conf] [--option value ...]` writes a stopped server's data directory,
//! or the checkpoint a running one made with BGSAVE, as an RDB 10 file (see `rdb::export`).

use std::io::Write;
use std::sync::Arc;
use strata::config::Config;
use strata::server::Server;

/// See the dependency's comment in Cargo.toml.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Offline tools on a data directory: `strata-server import-rdb|export-rdb <file> ...`.
    if let Some((tool, rest)) = args.split_first() {
        type Tool = fn(&[String]) -> Result<(), String>;
        let run: Option<Tool> = match tool.as_str() {
            "import-rdb" => Some(strata::rdb::import::main),
            "export-rdb" => Some(strata::rdb::export::main),
            _ => None,
        };
        if let Some(run) = run {
            if let Err(e) = run(rest) {
                eprintln!("{e}");
                std::process::exit(1);
            }
            return;
        }
    }
    if let [flag] = &args[..] {
        if ["-h", "--help", "-v", "--version"].contains(&flag.as_str()) {
            // The config parser renders the usage and version texts.
            let text = Config::from_args(&args).err().unwrap_or_default();
            let _ = writeln!(std::io::stdout(), "{text}");
            return;
        }
    }
    let config = match Config::from_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    strata::log::init(config.loglevel, config.logfile_path());
    // Auto leaves half the cores to RocksDB's flushes and compactions (and, on a shared box, the
    // clients): on 2 cores a second network thread makes every write contend for RocksDB's write
    // group and cross-thread wakeups, costing a quarter of the single-connection write rate.
    let workers = match config.io_threads {
        0 => std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1)),
        n => n,
    };
    if !config.pidfile.is_empty() {
        if let Err(e) = std::fs::write(&config.pidfile, format!("{}\n", std::process::id())) {
            strata::log::warning(format!("Failed to write PID file {}: {e}", config.pidfile));
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("can't start the runtime: {e}");
            std::process::exit(1);
        }
    };
    let server = match Server::open(config) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            strata::log::warning(&e);
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    strata::log::notice(format!(
        "Strata {} started, pid {}",
        env!("CARGO_PKG_VERSION"),
        std::process::id()
    ));
    runtime.block_on(async move {
        server.start_background();
        let s = server.clone();
        tokio::spawn(async move {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("signal handler");
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            strata::log::warning("Received shutdown signal, scheduling shutdown...");
            let _guard = s.global.write();
            s.shutdown();
        });
        if let Err(e) = strata::server::serve(server).await {
            strata::log::warning(format!("Could not create server TCP listening socket {e}"));
            eprintln!("Could not create server TCP listening socket {e}");
            std::process::exit(1);
        }
    });
}
