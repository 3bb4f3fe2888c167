//! The widget's scripts (wasm-bindgen's glue and wasm-split's loader of the parts), minified:
//! 41 KB of readable wrappers become 19 KB (6.6 → 4.9 KB brotli) that a phone downloads and
//! parses before the first screen. Also the Subresource Integrity hash the page names a file by.

use std::{path::Path, process::Command};

use crate::setup;

/// Minifies the script `file` in place with esbuild.
pub fn minify(file: &Path) -> Result<(), String> {
    let esbuild = setup::node_tools().join("node_modules/.bin/esbuild");
    let status = Command::new(&esbuild)
        .arg(file)
        .args([
            "--minify",
            "--format=esm",
            "--log-level=warning",
            "--allow-overwrite",
        ])
        .arg(format!("--outfile={}", file.display()))
        .status()
        .map_err(|error| format!("cannot run {}: {error}", esbuild.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("esbuild failed on {} ({status})", file.display()))
    }
}

/// The file's `sha384-<base64>` integrity value, computed by Node (which the build already
/// needs for wasm-opt): this crate keeps to the standard library.
pub fn sri(file: &Path) -> Result<String, String> {
    const SCRIPT: &str = "const c = require('crypto'), fs = require('fs');\
        process.stdout.write('sha384-' + c.createHash('sha384').update(fs.readFileSync(process.argv[1])).digest('base64'));";
    let output = Command::new("node")
        .args(["-e", SCRIPT])
        .arg(file)
        .output()
        .map_err(|error| format!("cannot run node: {error}"))?;
    let hash = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() && hash.len() > "sha384-".len() {
        Ok(hash)
    } else {
        Err(format!("cannot hash {}", file.display()))
    }
}
