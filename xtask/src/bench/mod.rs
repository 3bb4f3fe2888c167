//! `cargo xtask bench`: the budgets of issue 9, measured. Builds what it measures (the widget as
//! `cargo xtask build` does, the servers with the `server` profile), then prints one table where
//! each figure stands beside the baseline measured in the same run, so that ratios hold on a
//! noisy machine:
//!
//! 1. the widget's critical path, raw, gzip and brotli ([`size`]);
//! 2. widget start-up in headless Chromium beside a plain static page ([`startup`]);
//! 3. the proxy's added latency and throughput against direct upstream calls ([`overhead`]);
//! 4. the OAuth token requests under that load ([`overhead`]);
//! 5. the proxy's peak memory and the cost of an open session ([`memory`]).
//!
//! It measures; it asserts nothing. The test suite has no timing assertions.

pub(crate) mod http;
mod load;
mod memory;
mod overhead;
pub(crate) mod servers;
mod size;
mod startup;
mod table;

use std::{path::Path, process::Command, time::Instant};

use crate::{build_widget, root, setup, step};

/// Runs every benchmark and prints the table.
pub fn run() -> Result<(), String> {
    setup::ensure(true)?;
    setup::ensure_bench_tools()?;
    build_widget()?;
    let server = ["build", "--profile", "server"];
    step(
        "cargo",
        &[&server[..], &["--package", "proxy", "--package", "sandbox"]].concat(),
    )?;
    step(
        "cargo",
        &[
            &server[..],
            &[
                "--package",
                "e2e",
                "--example",
                "startup",
                "--example",
                "bare_forwarder",
            ],
        ]
        .concat(),
    )?;
    let started = Instant::now();
    let load_before = load_average();
    let root = root();
    let mut rows = size::measure()?;
    rows.extend(startup::measure()?);
    let work = fresh_dir(&root.join("target/bench"))?;
    let sandbox = servers::sandbox(&work, overhead::TOKEN_LIFETIME_S)?;
    let proxy = servers::proxy(&work, sandbox.addr, &root.join("static"), &[])?;
    let (overhead_rows, peak_kib) = overhead::measure(&work, &sandbox, &proxy)?;
    rows.extend(overhead_rows);
    rows.extend(memory::measure(&work, &proxy, peak_kib)?);
    table::print(&rows);
    println!(
        "\n{}; {}; load average {} at start, {} at end; measured in {:.0} s.",
        machine(),
        today(),
        load_before,
        load_average(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub(crate) fn fresh_dir(dir: &Path) -> Result<std::path::PathBuf, String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    Ok(dir.to_path_buf())
}

/// `2 cores (CPU model), 23.4 GiB`.
pub(crate) fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let memory_kib = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|value| value.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or_default();
    format!(
        "{cores} cores ({model}), {:.1} GiB",
        memory_kib / 1024.0 / 1024.0
    )
}

pub(crate) fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The 1-minute load average: other work on the machine skews every absolute figure.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}
