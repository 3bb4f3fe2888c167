//! `cargo xtask fuzz`: every cargo-fuzz target of `fuzz/` for a fixed time each, with libFuzzer's
//! own limits for hangs and memory, and a line of figures per target.
//!
//! Built with the default toolchain, without a sanitizer: the code under test forbids `unsafe`,
//! and cargo-fuzz needs a nightly compiler only for the sanitizers. Debug assertions and overflow
//! checks are on, so an arithmetic overflow is a crash.

use std::{fs, path::Path, process::Command};

use crate::{root, setup, step};

/// The targets in `fuzz/Cargo.toml`, and whether the JSON dictionary helps them.
const TARGETS: [(&str, bool); 6] = [
    ("card_checks", false),
    ("applicant_rules", false),
    ("typed_text", false),
    ("wire_types", true),
    ("flexiti_answers", true),
    ("flexpay_answers", true),
];

/// libFuzzer's per-input time limit in seconds: an input slower than this is a hang.
const HANG_SECONDS: u32 = 10;
/// libFuzzer's memory limit in MB: a process above it is an out-of-memory finding.
const RSS_LIMIT_MB: u32 = 2048;

/// What one target did.
pub struct Figures {
    pub target: &'static str,
    pub seconds: u32,
    pub execs: u64,
    pub execs_per_sec: u64,
    pub coverage: u64,
    pub corpus: u64,
    pub peak_rss_mb: u64,
}

/// Fuzzes each target for `seconds`, stopping at the first crash, hang or out-of-memory.
///
/// # Errors
/// The first target that failed, with where libFuzzer left the input.
pub fn run(seconds: u32) -> Result<Vec<Figures>, String> {
    setup::ensure_cargo_fuzz()?;
    let target_dir = root().join("target/fuzz");
    let target_dir = target_dir.to_string_lossy();
    let build = [
        "fuzz",
        "build",
        "--sanitizer",
        "none",
        "--codegen-units",
        "16",
    ];
    let mut args = build.to_vec();
    args.extend(["--target-dir", &target_dir]);
    step("cargo", &args)?;
    let figures = TARGETS
        .iter()
        .map(|&(target, dictionary)| fuzz_one(target, dictionary, seconds, &target_dir))
        .collect::<Result<Vec<_>, _>>()?;
    print_table(&figures);
    Ok(figures)
}

fn fuzz_one(
    target: &'static str,
    dictionary: bool,
    seconds: u32,
    target_dir: &str,
) -> Result<Figures, String> {
    let root = root();
    let corpus = root.join("target/fuzz/corpus").join(target);
    let logs = root.join("target/fuzz/logs");
    for dir in [&corpus, &logs] {
        fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }
    let log_path = logs.join(format!("{target}.log"));
    let log = fs::File::create(&log_path)
        .map_err(|error| format!("cannot create {}: {error}", log_path.display()))?;
    let mut command = Command::new("cargo");
    command
        .current_dir(&root)
        .args([
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            "--codegen-units",
            "16",
        ])
        .args(["--target-dir", target_dir, target])
        .arg(&corpus);
    let seeds = root.join("fuzz/seeds").join(target);
    if seeds.is_dir() {
        command.arg(&seeds);
    }
    command.args([
        "--".to_owned(),
        format!("-max_total_time={seconds}"),
        format!("-timeout={HANG_SECONDS}"),
        format!("-rss_limit_mb={RSS_LIMIT_MB}"),
        "-print_final_stats=1".to_owned(),
    ]);
    if dictionary {
        command.arg(format!("-dict={}", root.join("fuzz/json.dict").display()));
    }
    println!(
        "==> fuzzing {target} for {seconds} s (log: {})",
        log_path.display()
    );
    let status = command
        .stderr(log)
        .status()
        .map_err(|error| format!("cannot start cargo fuzz: {error}"))?;
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    if !status.success() {
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "fuzz target {target} failed ({status}):\n{}\n(full log: {})",
            tail.join("\n"),
            log_path.display()
        ));
    }
    Ok(figures_of(target, seconds, &text, &corpus))
}

/// Reads libFuzzer's final statistics and its last coverage line.
fn figures_of(target: &'static str, seconds: u32, log: &str, corpus: &Path) -> Figures {
    let stat = |name: &str| {
        log.lines()
            .find_map(|line| line.strip_prefix(&format!("stat::{name}:")))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0)
    };
    let coverage = log
        .lines()
        .rev()
        .find_map(|line| line.split_once(" cov: "))
        .and_then(|(_, rest)| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let corpus = fs::read_dir(corpus).map_or(0, |entries| entries.count() as u64);
    Figures {
        target,
        seconds,
        execs: stat("number_of_executed_units"),
        execs_per_sec: stat("average_exec_per_sec"),
        coverage,
        corpus,
        peak_rss_mb: stat("peak_rss_mb"),
    }
}

fn print_table(figures: &[Figures]) {
    println!("fuzz: no crash, no hang (>{HANG_SECONDS} s), no out-of-memory (>{RSS_LIMIT_MB} MB)");
    println!("| target | seconds | execs | execs/s | coverage | corpus | peak RSS MB |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for row in figures {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.target,
            row.seconds,
            row.execs,
            row.execs_per_sec,
            row.coverage,
            row.corpus,
            row.peak_rss_mb
        );
    }
}
