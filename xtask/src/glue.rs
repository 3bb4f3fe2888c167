//! The widget's scripts (wasm-bindgen's glue and wasm-split's loader of the parts) and its
//! stylesheet, minified: 41 KB of readable wrappers become 19 KB (6.6 → 4.9 KB brotli), and 4.2 KB
//! of commented CSS 3.6 KB, that a phone downloads before the first screen. Also the Subresource
//! Integrity hash the page names a file by.

use std::{
    path::Path,
    process::{Command, Stdio},
};

use crate::{setup, split::replaced_once};

/// `page` (as Trunk wrote it) with its stylesheet, which Trunk copied unminified, minified and
/// written into the page in place of its link (3.6 KB, about 1 KB compressed with the page). The
/// page then shows its first screen, and says `ready`, without another request: on a phone's
/// network a first visit's frame was ready 150 ms sooner (one round trip), and the page is never
/// cached anyway (it is the session's). The file goes: nothing links it.
pub fn with_stylesheet_inline(dist: &Path, page: &str) -> Result<String, String> {
    let tag = page
        .split("<link ")
        .filter_map(|tag| tag.find('>').map(|end| format!("<link {}", &tag[..=end])))
        .find(|tag| tag.contains("rel=\"stylesheet\""))
        .ok_or("the widget's page links no stylesheet")?;
    let href = attribute(&tag, "href")
        .ok_or_else(|| format!("the stylesheet's tag lacks its href: {tag}"))?;
    let file = dist.join(href.rsplit('/').next().unwrap_or(href));
    minify(&file)?;
    let css = std::fs::read_to_string(&file)
        .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    if css.to_ascii_lowercase().contains("</style") {
        return Err(format!("{} would end its own <style>", file.display()));
    }
    std::fs::remove_file(&file).map_err(|error| format!("{}: {error}", file.display()))?;
    replaced_once(page, &tag, &format!("<style>{}</style>", css.trim_end()))
}

/// The value of the attribute `name="..."` in an HTML `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

/// Minifies the module script or stylesheet `file` in place with esbuild.
fn minify(file: &Path) -> Result<(), String> {
    let in_place = format!("--outfile={}", file.display());
    esbuild(file, &["--format=esm", "--allow-overwrite", &in_place]).map(drop)
}

/// The loader merchants embed (a classic script, kept one), minified: what every merchant page
/// downloads before the widget's frame, 3.9 KB as written with its comments. Its readable source
/// stays in `static/`, its types in `checkout.d.ts`. Written in ES5, it stays ES5: left to its
/// default target, esbuild may write newer syntax for what it shortens (`??` for a test against
/// `null`), and the loader runs in whatever browser the merchant's shopper has, if only to say
/// the checkout could not load. Returned as bytes, not written: the build writes it only if it
/// changed (see `sizes::ship`).
pub fn minified_loader(source: &Path) -> Result<Vec<u8>, String> {
    esbuild(source, &["--target=es5"])
}

/// Runs esbuild's minifier on `file` with `extra` options: what it writes to standard output,
/// the minified file unless `extra` names an `--outfile`.
fn esbuild(file: &Path, extra: &[&str]) -> Result<Vec<u8>, String> {
    let program = setup::node_tools().join("node_modules/.bin/esbuild");
    let output = Command::new(&program)
        .arg(file)
        .args(["--minify", "--log-level=warning"])
        .args(extra)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "esbuild failed on {} ({})",
            file.display(),
            output.status
        ))
    }
}

/// V8's explicit compile hint: a script that begins with this comment has all its functions
/// compiled as it downloads, on a background thread, instead of each on the main thread when
/// first called (Chrome 136 and later; other browsers read a comment). The first screen calls
/// most of the glue as it starts: in traces of cold loads, the frame's main thread compiled 87
/// to 91 of the glue's functions one by one (2.2 to 2.7 ms) before the first screen showed, and
/// 5 with the hint; its CPU to `ready` went from 17.6 to 15.2 ms (medians of three).
const COMPILE_ALL_ON_LOAD: &str = "//# allFunctionsCalledOnLoad\n";

/// What the build does to the scripts after it names them (esbuild, at its pinned version, and
/// [`COMPILE_ALL_ON_LOAD`]): part of the hash their names carry, with what they are made from.
/// A name is cached for a year (`immutable`), so it must never stand for two contents: the hint,
/// added without a change to the code, would otherwise have kept the names of scripts a returning
/// shopper holds without it, and their integrity check would fail.
pub const FINISHING: [&str; 2] = [setup::ESBUILD_VERSION, COMPILE_ALL_ON_LOAD];

/// Minifies the script `file` in place, then marks it to be compiled whole as it downloads
/// ([`COMPILE_ALL_ON_LOAD`]: minifying would drop the comment).
pub fn minify_script(file: &Path) -> Result<(), String> {
    minify(file)?;
    let script = std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    std::fs::write(file, format!("{COMPILE_ALL_ON_LOAD}{script}"))
        .map_err(|error| format!("cannot write {}: {error}", file.display()))
}

/// The file's `sha384-<base64>` integrity value, computed by Node (which the build already
/// needs for wasm-opt), rather than a hashing crate.
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

#[cfg(test)]
mod tests {
    use super::attribute;

    #[test]
    fn an_attribute_is_read_by_its_whole_name() {
        let tag =
            r#"link rel="stylesheet" data-href="x" href="/widget/w-1.css" integrity="sha384-A"/>"#;
        assert_eq!(attribute(tag, "href"), Some("/widget/w-1.css"));
        assert_eq!(attribute(tag, "integrity"), Some("sha384-A"));
        assert_eq!(attribute(tag, "crossorigin"), None);
    }
}
