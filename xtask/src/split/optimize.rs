//! wasm-opt's pass over each module: shrunk for size and stripped of what no browser reads; and
//! which of the first screen's exports nothing uses, though the glue names them.

use std::path::Path;

use super::path;
use crate::{setup, step};

/// The features rustc's wasm uses, which wasm-opt must be told it may keep.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

/// Whether the build keeps the wasm's function names (`WIDGET_NAMES=1 cargo xtask build`), for a
/// profile or a trace of the widget to name the functions it shows (a trace of Chromium's names
/// each function compiled on first call by its index only). The code is nearly the same as
/// without (the same 420 functions in the first screen's module, 46,829 bytes of code against
/// 46,835 on 2026-12-06): the debug info, which would hold wasm-opt back, is dropped first.
/// Never for a shopper: the names are about 35 KB.
pub(super) fn keeps_names() -> bool {
    std::env::var_os("WIDGET_NAMES").is_some()
}

/// Shrinks `file` in place, without the sections no browser reads (producers, target features).
pub(super) fn wasm_opt(file: &Path) -> Result<(), String> {
    let wasm_opt = setup::node_tools().join("node_modules/.bin/wasm-opt");
    let mut args: Vec<&str> = WASM_FEATURES.to_vec();
    if keeps_names() {
        args.extend(["--strip-dwarf", "-Oz", "-g"]);
    } else {
        args.push("-Oz");
    }
    args.extend(["--strip-producers", "--strip-target-features"]);
    args.extend([path(file), "-o", path(file)]);
    step(path(&wasm_opt), &args)
}

/// The JavaScript classes of `wasm-streams` (`IntoUnderlyingSource`...) that Leptos linked while
/// the widget used it, through `server_fn`'s `browser` feature, for server functions' streams
/// (about 4 KB of the first screen's wasm, 1.2 KB brotli, reachable only from their exports).
/// Nothing links them now; should a dependency bring them back, they are dropped again.
const STREAM_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Whether an export is one of [`STREAM_CLASSES`]' (`intounderlyingsource_pull`,
/// `__wbg_intounderlyingsink_free`...), once the glue shows that nothing hands one of them to
/// JavaScript: the glue's `__wrap` of a class is how Rust gives one out.
pub(super) fn unused_exports(glue: &str) -> Result<fn(&str) -> bool, String> {
    match STREAM_CLASSES
        .iter()
        .find(|class| glue.contains(&format!("{class}.__wrap")))
    {
        Some(class) => Err(format!(
            "the widget now gives JavaScript a `{class}`: its exports can no longer be removed"
        )),
        None => Ok(|export| export.contains("intounderlying")),
    }
}
