//! `cargo xtask <command>`: the project's commands, each installing what it needs first.
//!
//! - `run [--listen ADDR]`: build the widget, start proxy + embedded sandbox, print the demo URL.
//! - `test`: formatting, clippy (native and wasm32), every test including the browser tests, then
//!   the proxy's tests again on a throwaway PostgreSQL cluster, then a short fuzz run.
//! - `test-postgres`: only the proxy's tests on a throwaway PostgreSQL cluster.
//! - `build`: only build the widget (`dist/widget`).
//! - `sizes`: the widget's shipped sizes (raw, gzip, brotli).
//! - `bench`: the performance budgets measured (size, start-up, proxy overhead, tokens, memory),
//!   see `docs/performance.md`.
//! - `fuzz [--seconds N]`: every cargo-fuzz target for N seconds (default 15).
//! - `schemathesis [--examples N] [--seconds N]`: Schemathesis against a running proxy.
//! - `prove [--fuzz-seconds N] [--examples N] [--seconds N]`: the long runs of both (10 minutes
//!   per fuzz target by default; see `docs/reliability.md`), and 1,000 randomized fault runs.
//! - `soak [--seconds N] [--rate R]`: R requests a second (1,000) for N seconds (600) against the
//!   proxy on loopback: errors, latency, and the proxy's memory from start to end.
//! - `setup [--browser]`: only install what is missing.

mod bench;
mod fuzz;
mod glue;
mod glue_names;
mod postgres;
mod schemathesis;
mod setup;
mod sizes;
mod soak;
mod split;

use std::{
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("test-postgres") => proxy_tests_on_postgres(),
        Some("sizes") => sizes::print(&widget_dist(), &loader_dist()),
        Some("build") => setup::ensure(false).and_then(|()| build_widget()),
        Some("bench") => bench::run(),
        Some("fuzz") => option(&args, "--seconds", FUZZ_SECONDS)
            .and_then(|seconds| fuzz::run(seconds).map(drop)),
        Some("schemathesis") => {
            budget(&args, SHORT_SCHEMATHESIS).and_then(|b| schemathesis::run(&b))
        }
        Some("prove") => prove(&args),
        Some("soak") => option(&args, "--seconds", SOAK_SECONDS)
            .and_then(|seconds| Ok((seconds, option(&args, "--rate", SOAK_RATE)?)))
            .and_then(|(seconds, rate)| soak::run(seconds, rate)),
        Some("setup") => setup::ensure(args.iter().any(|arg| arg == "--browser"))
            .and_then(|()| setup::ensure_proof_tools()),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask run [--listen ADDR] | test | test-postgres | build | sizes | bench \
    | fuzz [--seconds N] | schemathesis [--examples N] [--seconds N] \
    | prove [--fuzz-seconds N] [--examples N] [--seconds N] | soak [--seconds N] [--rate R] \
    | setup [--browser]";

/// Seconds per fuzz target in `test` (six targets: about a minute and a half).
const FUZZ_SECONDS: u32 = 15;
/// The soak of issue 10: ten minutes...
const SOAK_SECONDS: u32 = 600;
/// ...at a thousand requests a second.
const SOAK_RATE: u32 = 1_000;
/// Seconds per fuzz target in `prove`.
const LONG_FUZZ_SECONDS: u32 = 600;
/// `cargo xtask schemathesis` by default, and in `test`: bounded in examples and in time.
const SHORT_SCHEMATHESIS: schemathesis::Budget = schemathesis::Budget {
    examples: 25,
    seconds: 60,
};
/// Schemathesis in `prove`.
const LONG_SCHEMATHESIS: schemathesis::Budget = schemathesis::Budget {
    examples: 500,
    seconds: 900,
};

/// The value after `name` in `args` as a number, or `default`.
fn option(args: &[String], name: &str, default: u32) -> Result<u32, String> {
    match args.iter().position(|arg| arg == name) {
        None => Ok(default),
        Some(at) => args
            .get(at + 1)
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| format!("{name} takes a whole number")),
    }
}

fn budget(args: &[String], default: schemathesis::Budget) -> Result<schemathesis::Budget, String> {
    Ok(schemathesis::Budget {
        examples: option(args, "--examples", default.examples)?,
        seconds: option(args, "--seconds", default.seconds)?,
    })
}

/// The long runs: every fuzz target for ten minutes (`--fuzz-seconds`), then Schemathesis with
/// many more examples.
fn prove(args: &[String]) -> Result<(), String> {
    let started = std::time::Instant::now();
    let seconds = option(args, "--fuzz-seconds", LONG_FUZZ_SECONDS)?;
    let budget = budget(args, LONG_SCHEMATHESIS)?;
    fuzz::run(seconds)?;
    schemathesis::run(&budget)?;
    // A thousand payments under randomized upstream faults: no double charge, no lost attempt.
    step_with_env(
        "cargo",
        &[
            "test",
            "--package",
            "proxy",
            "--features",
            "testing",
            "--test",
            "fault_matrix",
            "randomized",
            "--",
            "--nocapture",
        ],
        &[("FAULT_RUNS", "1000")],
    )?;
    println!("prove: passed in {} s", started.elapsed().as_secs());
    Ok(())
}

/// Where `cargo xtask build` writes the widget's files (the proxy's default `widget_dir`).
fn widget_dist() -> PathBuf {
    root().join("dist/widget")
}

/// Where `cargo xtask build` ships the loader and its types (the proxy's default `loader_dir`).
fn loader_dist() -> PathBuf {
    root().join("dist/loader")
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
    println!("==> {}{program} {}", shown.concat(), redacted(args));
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    // How long each step took, so that a slow CI run says where its time went.
    println!(
        "<== {}: {} s",
        step_name(program, args),
        started.elapsed().as_secs()
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", redacted(args)))
    }
}

/// A step's name: its program's file name and the words before the first option or path
/// (`cargo fuzz build`, `wasm-opt`).
fn step_name(program: &str, args: &[&str]) -> String {
    let program = Path::new(program)
        .file_name()
        .map_or(program.into(), |name| name.to_string_lossy());
    let words = args
        .iter()
        .take_while(|arg| !arg.starts_with('-') && !arg.contains('/'));
    std::iter::once(program.as_ref())
        .chain(words.copied())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `args` as a command line to print, credentials left out: a header argument
/// `Authorization: ...` shows as `Authorization: [redacted]`, so no key or client token reaches
/// a log.
fn redacted(args: &[&str]) -> String {
    args.iter()
        .map(|arg| match arg.split_once(':') {
            Some((name, _)) if name.eq_ignore_ascii_case("authorization") => {
                format!("{name}: [redacted]")
            }
            _ => (*arg).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn build_widget() -> Result<(), String> {
    step("trunk", &["build", "--release", "--offline"])?;
    let dist = widget_dist();
    split::build(&dist)?;
    sizes::ship(&dist, &root().join("static"), &loader_dist())
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
    setup::ensure_proof_tools()?;
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
    // The widget's own tests run as wasm, in Node.
    step_with_env(
        "cargo",
        &[
            "test",
            "--package",
            "widget",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )],
    )?;
    // The fuzzing entry points are compiled only for `fuzz/`: lint them too.
    step(
        "cargo",
        &[
            "clippy",
            "--package",
            "proxy",
            "--features",
            "fuzzing",
            "--lib",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    build_widget()?;
    step("cargo", &["test", "--workspace"])?;
    proxy_tests_on_postgres()?;
    fuzz::run(FUZZ_SECONDS)?;
    schemathesis::run(&SHORT_SCHEMATHESIS)?;
    sizes::print(&widget_dist(), &loader_dist())
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

#[cfg(test)]
mod tests {
    use super::{redacted, step_name};

    #[test]
    fn a_printed_command_line_never_shows_a_credential() {
        let args = [
            "run",
            "--header",
            "Authorization: Bearer abc.def",
            "--seed",
            "1",
        ];
        let shown = redacted(&args);
        assert_eq!(
            shown, "run --header Authorization: [redacted] --seed 1",
            "{shown}"
        );
        assert!(!shown.contains("abc.def"));
    }

    #[test]
    fn a_step_is_named_by_its_program_and_its_words_before_the_first_option() {
        let named = step_name("cargo", &["fuzz", "build", "--sanitizer", "none"]);
        assert_eq!(named, "cargo fuzz build");
        assert_eq!(step_name("cargo", &["test", "--workspace"]), "cargo test");
        let named = step_name("/x/node_modules/.bin/wasm-opt", &["/x/a.wasm", "-o", "b"]);
        assert_eq!(named, "wasm-opt");
    }
}
