//! Installs what is missing, and nothing else: every check is cheap, so a machine that has it all
//! pays a second, and a fresh one gets everything (see `shared/TOOLCHAIN.md` for why each pin).

use std::process::Command;

use crate::{root, step};

/// Trunk 0.22 needs a newer rustc than this machine has.
const TRUNK_VERSION: &str = "0.21.14";
/// Debian packages the build needs: wasm-opt, and gzip/brotli for the size report.
const BUILD_PACKAGES: [&str; 3] = ["binaryen", "brotli", "gzip"];
/// Debian packages the browser tests need.
const BROWSER_PACKAGES: [&str; 2] = ["chromium", "chromium-driver"];

/// Ensures the wasm target, Trunk, the wasm-bindgen CLI of the lockfile and Debian's tools (and,
/// with `browser`, Chromium and ChromeDriver).
pub fn ensure(browser: bool) -> Result<(), String> {
    ensure_rust_parts()?;
    ensure_cargo_tool("trunk", TRUNK_VERSION, &["--locked"])?;
    let bindgen = wasm_bindgen_version()?;
    check_trunk_pin(&bindgen)?;
    // `--locked` fails for wasm-bindgen-cli: one of its pinned dependencies left the registry.
    ensure_cargo_tool("wasm-bindgen", &bindgen, &[])?;
    let mut packages = BUILD_PACKAGES.to_vec();
    if browser {
        packages.extend(BROWSER_PACKAGES);
    }
    ensure_debian_packages(&packages)
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn ensure_rust_parts() -> Result<(), String> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|target| target == "wasm32-unknown-unknown") {
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
    let krate = if binary == "wasm-bindgen" { "wasm-bindgen-cli" } else { binary };
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
            let version = lines.next().and_then(|line| line.strip_prefix("version = \""));
            if let Some(version) = version.and_then(|rest| rest.strip_suffix('"')) {
                return Ok(version.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// Trunk.toml names the wasm-bindgen version too; a mismatch would make Trunk download one.
fn check_trunk_pin(version: &str) -> Result<(), String> {
    let trunk = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|error| format!("cannot read Trunk.toml: {error}"))?;
    let pin = format!("wasm_bindgen = \"{version}\"");
    if trunk.lines().any(|line| line.trim() == pin) {
        Ok(())
    } else {
        Err(format!("Trunk.toml must say `{pin}` (the version in Cargo.lock)"))
    }
}

fn ensure_debian_packages(packages: &[&str]) -> Result<(), String> {
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
