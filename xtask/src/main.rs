//! `cargo xtask <command>`: the project's commands, each installing what it needs first.
//!
//! - `run [--listen ADDR]`: build the widget, start proxy + embedded sandbox, print the demo URL.
//! - `test`: formatting, clippy (native and wasm32), every test including the browser tests, then
//!   the proxy's tests again on a throwaway PostgreSQL cluster.
//! - `test-postgres`: only the proxy's tests on a throwaway PostgreSQL cluster.
//! - `sizes`: the widget's shipped sizes (raw, gzip, brotli).
//! - `bench`: the performance budgets measured (size, start-up, proxy overhead, tokens, memory),
//!   see `docs/performance.md`.
//! - `setup [--browser]`: only install what is missing.

mod bench;
mod postgres;
mod setup;
mod sizes;

use std::{
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("test-postgres") => proxy_tests_on_postgres(),
        Some("sizes") => sizes::print(&root().join("dist/widget"), &root().join("static")),
        Some("bench") => bench::run(),
        Some("setup") => setup::ensure(args.iter().any(|arg| arg == "--browser")),
        _ => {
            Err("usage: cargo xtask run [--listen ADDR] | test | test-postgres | sizes | bench | setup [--browser]".into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs `program args...` in the workspace root, failing if it does.
fn step(program: &str, args: &[&str]) -> Result<(), String> {
    step_with_env(program, args, &[])
}

/// Runs `program args...` in the workspace root with `env` set, failing if it does.
fn step_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let shown: Vec<String> = env
        .iter()
        .map(|(name, value)| format!("{name}={value} "))
        .collect();
    println!("==> {}{program} {}", shown.concat(), args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn build_widget() -> Result<(), String> {
    println!("==> trunk build --release --offline");
    let status = Command::new("trunk")
        .args(["build", "--release", "--offline"])
        .env("PATH", setup::path_with_tools())
        .current_dir(root())
        .status()
        .map_err(|error| format!("cannot start trunk: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the widget's build failed ({status})"))
    }
}

fn run(args: &[String]) -> Result<(), String> {
    setup::ensure(false)?;
    build_widget()?;
    let mut proxy_args = vec!["run", "--profile", "server", "--package", "proxy", "--"];
    proxy_args.extend(args.iter().map(String::as_str));
    step("cargo", &proxy_args)
}

fn test() -> Result<(), String> {
    setup::ensure(true)?;
    step("cargo", &["fmt", "--all", "--check"])?;
    step(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    step(
        "cargo",
        &[
            "clippy",
            "--package",
            "widget",
            "--package",
            "shared",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    build_widget()?;
    step("cargo", &["test", "--workspace"])?;
    proxy_tests_on_postgres()?;
    sizes::print(&root().join("dist/widget"), &root().join("static"))
}

/// The proxy's tests a second time, each test proxy on a database of its own in a throwaway
/// PostgreSQL cluster (the first run was on SQLite).
fn proxy_tests_on_postgres() -> Result<(), String> {
    let cluster = postgres::Cluster::start()?;
    let url = cluster.url();
    step_with_env(
        "cargo",
        &["test", "--package", "proxy"],
        &[("TEST_DATABASE_URL", &url)],
    )
}
