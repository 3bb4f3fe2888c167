//! Installs what is missing, and nothing else: every check is cheap, so a machine that has it all
//! pays a second, and a fresh one gets everything (see `shared/TOOLCHAIN.md` for why each pin).

use std::process::Command;

use crate::{root, step};

/// Trunk 0.22 needs a newer rustc than this machine has.
const TRUNK_VERSION: &str = "0.21.14";
/// The crate of `wasm-split-cli`, which cuts the widget's wasm into the first screen's module and
/// the parts fetched later (its runtime half is the widget's `wasm_split_helpers`).
const WASM_SPLIT_CRATE: &str = "wasm_split_cli_support";
const WASM_SPLIT_VERSION: &str = "0.2.4";
/// Binaryen (wasm-opt) from the npm registry. Debian's binaryen 108 writes the export of
/// wasm-bindgen's externref table against the wrong table, and the widget then fails to start.
pub const BINARYEN_VERSION: &str = "132.0.0";
/// esbuild, from the npm registry: minifies the widget's scripts (xtask/src/split/).
pub const ESBUILD_VERSION: &str = "0.27.0";
/// axe-core, from the npm registry: the browser tests run it on each screen of the widget.
pub const AXE_VERSION: &str = "4.14.1";
/// cargo-fuzz, from crates.io: `cargo xtask fuzz` (libFuzzer) runs with it.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Schemathesis, from PyPI: `cargo xtask schemathesis` tests the proxy's `/openapi.json` with it.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Debian packages the build needs: gzip and brotli for the size report.
const BUILD_PACKAGES: [&str; 2] = ["brotli", "gzip"];
/// Debian's HTTP load generator, for `cargo xtask bench`.
const BENCH_PACKAGES: [&str; 1] = ["wrk"];
/// twiggy, the wasm size profiler, for `cargo xtask bench`'s breakdown of the widget by crate.
const TWIGGY_VERSION: &str = "0.8.0";
/// Debian packages the browser tests need.
const BROWSER_PACKAGES: [&str; 2] = ["chromium", "chromium-driver"];

/// Ensures the wasm target, Trunk, the wasm-bindgen CLI of the lockfile, wasm-split, Debian's
/// tools and the npm ones (and, with `browser`, Chromium and ChromeDriver).
pub fn ensure(browser: bool) -> Result<(), String> {
    ensure_rust_parts()?;
    ensure_cargo_tool("trunk", TRUNK_VERSION, &["--locked"])?;
    let bindgen = wasm_bindgen_version()?;
    // `--locked` fails for wasm-bindgen-cli: one of its pinned dependencies left the registry.
    ensure_cargo_tool("wasm-bindgen", &bindgen, &[])?;
    ensure_wasm_split()?;
    let mut packages = BUILD_PACKAGES.to_vec();
    if browser {
        packages.extend(BROWSER_PACKAGES);
    }
    ensure_debian_packages(&packages)?;
    ensure_binaryen()?;
    ensure_esbuild()?;
    if browser {
        ensure_axe()?;
    }
    Ok(())
}

/// What `cargo xtask bench` needs beyond the browser tests' tools: `wrk` and `twiggy`.
pub fn ensure_bench_tools() -> Result<(), String> {
    ensure_debian_packages(&BENCH_PACKAGES)?;
    ensure_cargo_tool("twiggy", TWIGGY_VERSION, &["--locked"])
}

/// What `cargo xtask fuzz` and `cargo xtask schemathesis` need, each unless it is there.
pub fn ensure_proof_tools() -> Result<(), String> {
    ensure_cargo_fuzz()?;
    ensure_schemathesis()
}

/// cargo-fuzz at [`CARGO_FUZZ_VERSION`], unless `cargo-fuzz --version` already says so.
pub fn ensure_cargo_fuzz() -> Result<(), String> {
    ensure_cargo_tool("cargo-fuzz", CARGO_FUZZ_VERSION, &["--locked"])
}

/// Schemathesis at [`SCHEMATHESIS_VERSION`], unless `schemathesis --version` already says so.
pub fn ensure_schemathesis() -> Result<(), String> {
    let installed = output("schemathesis", &["--version"]).unwrap_or_default();
    if installed.split_whitespace().last() == Some(SCHEMATHESIS_VERSION) {
        return Ok(());
    }
    let pin = format!("schemathesis=={SCHEMATHESIS_VERSION}");
    step("python3", &["-m", "pip", "install", "--quiet", &pin])
}

/// Where the browser tests find axe-core's script.
pub fn axe_script() -> std::path::PathBuf {
    node_tools().join("node_modules/axe-core/axe.min.js")
}

/// axe-core at [`AXE_VERSION`], unless it is there already.
fn ensure_axe() -> Result<(), String> {
    let manifest = node_tools().join("node_modules/axe-core/package.json");
    let installed = std::fs::read_to_string(&manifest).unwrap_or_default();
    if installed.contains(&format!("\"version\": \"{AXE_VERSION}\"")) && axe_script().is_file() {
        return Ok(());
    }
    npm_install(&format!("axe-core@{AXE_VERSION}"))
}

/// `npm install` of `package` into [`node_tools`].
fn npm_install(package: &str) -> Result<(), String> {
    let prefix = node_tools();
    std::fs::create_dir_all(&prefix)
        .map_err(|error| format!("cannot create {}: {error}", prefix.display()))?;
    let prefix = prefix.to_string_lossy();
    step(
        "npm",
        &[
            "install",
            "--prefix",
            &prefix,
            "--no-audit",
            "--no-fund",
            "--save-exact",
            package,
        ],
    )
}

/// Where the npm-installed tools live (under `target/`, so `cargo clean` takes them too).
pub fn node_tools() -> std::path::PathBuf {
    root().join("target/tools")
}

/// Binaryen runs on Node.js: these machines come with it (and npm); elsewhere, Debian's.
fn ensure_binaryen() -> Result<(), String> {
    if output("npm", &["--version"]).is_none() {
        ensure_debian_packages(&["nodejs", "npm"])?;
    }
    let wasm_opt = node_tools().join("node_modules/.bin/wasm-opt");
    let installed = output(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
    if installed.split_whitespace().nth(2) == Some(major) {
        return Ok(());
    }
    npm_install(&format!("binaryen@{BINARYEN_VERSION}"))
}

/// esbuild, after Binaryen (which made sure of npm).
fn ensure_esbuild() -> Result<(), String> {
    let esbuild = node_tools().join("node_modules/.bin/esbuild");
    let installed = output(&esbuild.to_string_lossy(), &["--version"]).unwrap_or_default();
    if installed.trim() == ESBUILD_VERSION {
        return Ok(());
    }
    npm_install(&format!("esbuild@{ESBUILD_VERSION}"))
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn ensure_rust_parts() -> Result<(), String> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|target| target == "wasm32-unknown-unknown")
    {
        step("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    for (component, probe) in [("clippy", "clippy"), ("rustfmt", "fmt")] {
        if output("cargo", &[probe, "--version"]).is_none() {
            step("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// `cargo install` the crate that provides `binary`, unless `binary --version` already says `version`.
fn ensure_cargo_tool(binary: &str, version: &str, extra: &[&str]) -> Result<(), String> {
    let installed = output(binary, &["--version"]).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    let krate = if binary == "wasm-bindgen" {
        "wasm-bindgen-cli"
    } else {
        binary
    };
    let mut args = vec!["install", krate, "--version", version];
    args.extend_from_slice(extra);
    step("cargo", &args)
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it to the patch.
fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|error| format!("cannot read Cargo.lock: {error}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()
                .and_then(|line| line.strip_prefix("version = \""));
            if let Some(version) = version.and_then(|rest| rest.strip_suffix('"')) {
                return Ok(version.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// The wasm-split CLI, whose `--version` says nothing: `cargo install --list` tells what is there.
fn ensure_wasm_split() -> Result<(), String> {
    let installed = output("cargo", &["install", "--list"]).unwrap_or_default();
    let wanted = format!("{WASM_SPLIT_CRATE} v{WASM_SPLIT_VERSION}:");
    if installed.lines().any(|line| line == wanted) {
        return Ok(());
    }
    step(
        "cargo",
        &[
            "install",
            WASM_SPLIT_CRATE,
            "--version",
            WASM_SPLIT_VERSION,
            "--features",
            "build-binary",
            "--locked",
        ],
    )
}

/// Installs those of Debian's `packages` that are missing.
pub fn ensure_debian_packages(packages: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|package| {
            let status = output("dpkg-query", &["-W", "-f=${Status}", package]).unwrap_or_default();
            status != "install ok installed"
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step("apt-get", &["update"])?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(missing);
    step("apt-get", &args)
}
