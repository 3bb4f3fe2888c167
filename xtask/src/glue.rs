//! The widget's JavaScript glue (wasm-bindgen's output), minified after Trunk wrote it: 41 KB of
//! readable wrappers become 19 KB (6.6 → 4.9 KB brotli) that a phone downloads and parses before
//! the first screen. Trunk's own `minify` leaves this file as it is.
//!
//! The page names the file with its Subresource Integrity hash (`integrity="sha384-..."`), so the
//! hash in `index.html` is replaced by the minified file's: a browser refuses a file whose hash
//! differs. The file keeps its name (Trunk's content hash of the build), which still changes
//! whenever the build does.

use std::{fs, path::Path, process::Command};

use crate::setup;

/// Minifies each `.js` file of `widget_dir` in place with esbuild and rewrites its integrity hash
/// in `widget_dir/index.html`.
pub fn minify(widget_dir: &Path) -> Result<(), String> {
    let index = widget_dir.join("index.html");
    let mut page = read(&index)?;
    for entry in fs::read_dir(widget_dir).map_err(|error| format!("{error}"))? {
        let file = entry.map_err(|error| format!("{error}"))?.path();
        if file.extension().and_then(|ext| ext.to_str()) != Some("js") {
            continue;
        }
        let before = sri(&file)?;
        esbuild(&file)?;
        page = with_hash_replaced(&page, &before, &sri(&file)?)
            .ok_or_else(|| format!("{} does not name {}", index.display(), file.display()))?;
    }
    fs::write(&index, page).map_err(|error| format!("{}: {error}", index.display()))
}

/// `page` with the one integrity value `before` replaced by `after`; `None` when `page` does not
/// hold `before` exactly once (the page would name a file that is not the one shipped).
fn with_hash_replaced(page: &str, before: &str, after: &str) -> Option<String> {
    let quoted = format!("integrity=\"{before}\"");
    (page.matches(&quoted).count() == 1)
        .then(|| page.replace(&quoted, &format!("integrity=\"{after}\"")))
}

fn esbuild(file: &Path) -> Result<(), String> {
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
fn sri(file: &Path) -> Result<String, String> {
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

fn read(file: &Path) -> Result<String, String> {
    fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_one_integrity_value_of_the_file() {
        let page = r#"<link rel="modulepreload" href="/widget/w.js" integrity="sha384-OLD">"#;
        assert_eq!(
            with_hash_replaced(page, "sha384-OLD", "sha384-NEW").as_deref(),
            Some(r#"<link rel="modulepreload" href="/widget/w.js" integrity="sha384-NEW">"#)
        );
    }

    #[test]
    fn refuses_a_page_that_does_not_name_the_file_once() {
        assert_eq!(
            with_hash_replaced("<p></p>", "sha384-OLD", "sha384-NEW"),
            None
        );
        let twice = r#"integrity="sha384-OLD" integrity="sha384-OLD""#;
        assert_eq!(with_hash_replaced(twice, "sha384-OLD", "sha384-NEW"), None);
    }
}
