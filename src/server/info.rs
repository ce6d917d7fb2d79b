//! INFO: the server's state in Redis' section/field format, with Redis' field names so that
//! monitoring tools read it unchanged.

use super::Server;
use crate::cmd::server::field;
use std::sync::atomic::Ordering;

const SECTIONS: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "modules",
    "commandstats",
    "errorstats",
    "latencystats",
    "cluster",
    "keyspace",
];
/// Sections that INFO and INFO default leave out, as Redis does.
const NOT_DEFAULT: &[&str] = &["commandstats", "latencystats"];

fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b < 1024.0 {
        format!("{bytes}B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.2}K", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.2}M", b / 1024.0 / 1024.0)
    } else {
        format!("{:.2}G", b / 1024.0 / 1024.0 / 1024.0)
    }
}

pub(crate) fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn cpu_times() -> (f64, f64, f64, f64) {
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let (me, children) = unsafe {
        let mut me: libc::rusage = std::mem::zeroed();
        let mut ch: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut me);
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut ch);
        (me, ch)
    };
    (
        tv(me.ru_stime),
        tv(me.ru_utime),
        tv(children.ru_stime),
        tv(children.ru_utime),
    )
}

/// Renders the requested sections (`[]` or "default": all but commandstats and latencystats;
/// "all" or "everything": all of them).
pub fn render(server: &Server, wanted: &[String]) -> String {
    let all = wanted.iter().any(|w| w == "all" || w == "everything");
    let default = wanted.is_empty() || wanted.iter().any(|w| w == "default");
    let mut out = String::new();
    for &section in SECTIONS {
        let shown = all
            || (default && !NOT_DEFAULT.contains(&section))
            || wanted.iter().any(|w| w == section);
        if !shown {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\r\n");
        }
        let mut title = section.to_string();
        title[..1].make_ascii_uppercase();
        if section == "cpu" {
            title = "CPU".into();
        }
        out.push_str(&format!("# {title}\r\n"));
        section_body(server, section, &mut out);
    }
    out
}

fn section_body(s: &Server, section: &str, out: &mut String) {
    let cfg = s.config.read();
    let st = &s.stats;
    let f = |out: &mut String, k: &str, v: &dyn std::fmt::Display| field(out, k, v);
    match section {
        "server" => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            let up = s.started.elapsed().as_secs();
            f(out, "redis_version", &crate::cmd::connection::REDIS_VERSION);
            f(out, "strata_version", &env!("CARGO_PKG_VERSION"));
            f(out, "redis_git_sha1", &"00000000");
            f(out, "redis_git_dirty", &0);
            f(out, "redis_mode", &"standalone");
            f(
                out,
                "os",
                &format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            );
            f(out, "arch_bits", &64);
            f(out, "multiplexing_api", &"epoll");
            f(out, "process_id", &std::process::id());
            f(out, "process_supervised", &"no");
            f(out, "run_id", &s.run_id);
            f(out, "tcp_port", &s.port.load(Ordering::Relaxed));
            f(out, "server_time_usec", &now.as_micros());
            f(out, "uptime_in_seconds", &up);
            f(out, "uptime_in_days", &(up / 86400));
            f(out, "hz", &cfg.hz);
            f(out, "configured_hz", &cfg.hz);
            f(
                out,
                "executable",
                &std::env::current_exe()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            );
            f(
                out,
                "config_file",
                &cfg.config_file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            );
            f(out, "io_threads_active", &0);
        }
        "clients" => {
            f(out, "connected_clients", &s.clients.lock().len());
            f(out, "cluster_connections", &0);
            f(out, "maxclients", &cfg.maxclients);
            f(out, "client_recent_max_input_buffer", &0);
            f(out, "client_recent_max_output_buffer", &0);
            f(out, "blocked_clients", &s.blocking.len());
            f(out, "tracking_clients", &0);
            f(out, "clients_in_timeout_table", &0);
        }
        "memory" => {
            let rss = rss_bytes();
            f(out, "used_memory", &rss);
            f(out, "used_memory_human", &human(rss));
            f(out, "used_memory_rss", &rss);
            f(out, "used_memory_rss_human", &human(rss));
            f(out, "used_memory_peak", &rss);
            f(out, "used_memory_peak_human", &human(rss));
            f(out, "maxmemory", &cfg.maxmemory);
            f(out, "maxmemory_human", &human(cfg.maxmemory));
            f(out, "maxmemory_policy", &"noeviction");
            f(out, "mem_fragmentation_ratio", &"1.00");
            f(out, "mem_allocator", &"jemalloc-5.3.0");
            let hot = s.engine.hot().stats();
            f(out, "hot_tier_bytes", &hot.bytes);
            f(out, "hot_tier_budget", &hot.budget);
            f(out, "hot_tier_entries", &hot.entries);
            f(out, "hot_tier_hits", &hot.hits);
            f(out, "hot_tier_misses", &hot.misses);
            f(out, "hot_tier_evictions", &hot.evictions);
            f(
                out,
                "rocksdb_block_cache_usage",
                &s.engine.cache_property("rocksdb.block-cache-usage"),
            );
            // Summed over the column families, then database-wide (background jobs).
            for (field, property) in [
                ("rocksdb_memtables", "rocksdb.cur-size-all-mem-tables"),
                ("rocksdb_sst_files_size", "rocksdb.live-sst-files-size"),
                ("rocksdb_l0_files", "rocksdb.num-files-at-level0"),
                (
                    "rocksdb_pending_compaction_bytes",
                    "rocksdb.estimate-pending-compaction-bytes",
                ),
            ] {
                f(out, field, &s.engine.property(property));
            }
            for (field, property) in [
                (
                    "rocksdb_running_compactions",
                    "rocksdb.num-running-compactions",
                ),
                ("rocksdb_running_flushes", "rocksdb.num-running-flushes"),
            ] {
                f(out, field, &s.engine.db_property(property));
            }
        }
        "persistence" => {
            f(out, "loading", &0);
            f(out, "async_loading", &0);
            f(out, "rdb_changes_since_last_save", &0);
            f(
                out,
                "rdb_bgsave_in_progress",
                &(s.bgsave_running.load(Ordering::Relaxed) as u8),
            );
            f(
                out,
                "rdb_last_save_time",
                &s.lastsave.load(Ordering::Relaxed),
            );
            f(out, "rdb_last_bgsave_status", &"ok");
            f(out, "aof_enabled", &1);
            f(out, "aof_rewrite_in_progress", &0);
            f(out, "aof_last_write_status", &"ok");
            f(out, "appendfsync", &cfg.appendfsync.name());
        }
        "stats" => {
            f(
                out,
                "total_connections_received",
                &st.connections_received.load(Ordering::Relaxed),
            );
            f(
                out,
                "total_commands_processed",
                &st.commands.load(Ordering::Relaxed),
            );
            f(
                out,
                "instantaneous_ops_per_sec",
                &st.instantaneous_ops.load(Ordering::Relaxed),
            );
            f(
                out,
                "total_net_input_bytes",
                &st.net_input_bytes.load(Ordering::Relaxed),
            );
            f(
                out,
                "total_net_output_bytes",
                &st.net_output_bytes.load(Ordering::Relaxed),
            );
            f(
                out,
                "rejected_connections",
                &st.rejected_connections.load(Ordering::Relaxed),
            );
            f(
                out,
                "expired_keys",
                &st.expired_keys.load(Ordering::Relaxed),
            );
            f(out, "evicted_keys", &0);
            f(
                out,
                "keyspace_hits",
                &st.keyspace_hits.load(Ordering::Relaxed),
            );
            f(
                out,
                "keyspace_misses",
                &st.keyspace_misses.load(Ordering::Relaxed),
            );
            f(out, "pubsub_channels", &0);
            f(out, "pubsub_patterns", &0);
        }
        "replication" => {
            f(out, "role", &"master");
            f(out, "connected_slaves", &0);
            f(out, "master_failover_state", &"no-failover");
            f(out, "master_replid", &s.run_id);
            f(
                out,
                "master_replid2",
                &"0000000000000000000000000000000000000000",
            );
            f(out, "master_repl_offset", &0);
            f(out, "second_repl_offset", &-1);
            f(out, "repl_backlog_active", &0);
            f(out, "repl_backlog_size", &1048576);
            f(out, "repl_backlog_first_byte_offset", &0);
            f(out, "repl_backlog_histlen", &0);
        }
        "cpu" => {
            let (sys, user, csys, cuser) = cpu_times();
            f(out, "used_cpu_sys", &format!("{sys:.6}"));
            f(out, "used_cpu_user", &format!("{user:.6}"));
            f(out, "used_cpu_sys_children", &format!("{csys:.6}"));
            f(out, "used_cpu_user_children", &format!("{cuser:.6}"));
        }
        // Strata loads no modules and runs no cluster; clients ask to find that out.
        "modules" => {}
        "cluster" => f(out, "cluster_enabled", &0),
        "commandstats" => s.cmdstats.render_commands(out),
        "errorstats" => s.cmdstats.render_errors(out),
        "latencystats" => s.cmdstats.render_latencies(out),
        "keyspace" => {
            let e = &s.engine;
            for logical in 0..e.databases() {
                let (keys, expires) = e.dbsize(e.physical_db(logical));
                if keys > 0 {
                    f(
                        out,
                        &format!("db{logical}"),
                        &format!("keys={keys},expires={expires},avg_ttl=0"),
                    );
                }
            }
        }
        _ => {}
    }
}
