//! The widget's size (issue 9, item 1): the critical path a shopper downloads before the first
//! screen works, per file and in total, and where the wasm's bytes go: its sections as shipped,
//! and (with `twiggy`) its code by crate, read from the wasm as rustc wrote it (before
//! `wasm-opt`, which drops the names).

use std::{path::Path, process::Command};

use super::table::{Row, amount};
use crate::sizes;

/// The budget: the whole critical path, brotli.
const BUDGET_KIB: f64 = 60.0;
/// The stretch goal.
const STRETCH_KIB: f64 = 45.0;

/// One row per shipped file, the total against the budget, the wasm's sections, its top crates.
pub fn measure() -> Result<Vec<Row>, String> {
    let files = sizes::measure(&crate::widget_dist(), &crate::loader_dist())?;
    let kib = |bytes: usize| bytes as f64 / 1024.0;
    let builds = crate::split::built()?;
    let language_of = |name: &str| {
        builds
            .iter()
            .find(|build| build.lists(name))
            .map(|build| format!(", {}", build.language))
            .unwrap_or_default()
    };
    let mut rows: Vec<Row> = files
        .iter()
        .map(|file| {
            Row::info(
                &format!(
                    "size: {}{}",
                    short_name(&file.name),
                    language_of(&file.name)
                ),
                format!("{} br", amount(kib(file.brotli), "KiB")),
                &format!(
                    "raw {}, gzip {}",
                    amount(kib(file.raw), "KiB"),
                    amount(kib(file.gzip), "KiB")
                ),
            )
        })
        .collect();
    // Each flow is a part of its own (`widget/src/flows/parts.rs`): the first screen (the choice
    // of how to pay) needs none; a session that offers one way to pay shows its flow first. Each
    // language is a build of its own: a shopper downloads one.
    let paths = sizes::critical_paths(&files, &builds);
    for (screen, path) in paths {
        let total = |pick: fn(&sizes::Shipped) -> usize| kib(sizes::sum(&path, pick));
        let mut row = Row::at_most(
            &format!("size: critical path, {screen} (brotli)"),
            total(|file| file.brotli),
            format!(
                "raw {}, gzip {}",
                amount(total(|file| file.raw), "KiB"),
                amount(total(|file| file.gzip), "KiB")
            ),
            BUDGET_KIB,
            "KiB",
        );
        row.budget = format!("{} (stretch {STRETCH_KIB:.0})", row.budget);
        rows.push(row);
    }
    let english = builds.first().map(|build| &build.first_screen);
    if let Some(wasm) = english
        .into_iter()
        .flatten()
        .find(|file| file.ends_with(".wasm"))
    {
        let sections = sections(
            &std::fs::read(crate::widget_dist().join(wasm))
                .map_err(|error| format!("{wasm}: {error}"))?,
        );
        rows.push(Row::info(
            "first screen's wasm sections (raw, en-CA)",
            sections,
            "",
        ));
    }
    rows.push(Row::info(
        "wasm code by crate (before wasm-opt, en-CA)",
        // The wasm as rustc wrote it, names kept (`strip = "debuginfo"` keeps the name section).
        by_crate(&crate::split::LANGUAGES[0].linked_wasm()),
        "twiggy top",
    ));
    Ok(rows)
}

/// `widget-0123abcd_bg.wasm` -> `widget_bg.wasm`: the hash changes with every build.
fn short_name(name: &str) -> String {
    match name.split_once('-') {
        Some((stem, rest)) => match rest.find(['_', '.']) {
            Some(at) => format!("{stem}{}", &rest[at..]),
            None => name.to_owned(),
        },
        None => name.to_owned(),
    }
}

/// The sizes of a wasm module's sections: `code 150.0 KiB, data 30.0 KiB, ...`.
fn sections(wasm: &[u8]) -> String {
    let mut sizes: Vec<(&str, usize)> = Vec::new();
    let mut at = 8; // magic and version
    while at < wasm.len() {
        let id = wasm[at];
        let Some((size, width)) = leb128(&wasm[at + 1..]) else {
            break;
        };
        let name = match id {
            0 => "custom",
            1 => "type",
            2 => "import",
            3 => "function",
            5 => "memory",
            6 => "global",
            7 => "export",
            9 => "elem",
            10 => "code",
            11 => "data",
            _ => "other",
        };
        match sizes.iter_mut().find(|(known, _)| *known == name) {
            Some((_, total)) => *total += size,
            None => sizes.push((name, size)),
        }
        at += 1 + width + size;
    }
    sizes.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    sizes
        .iter()
        .take(4)
        .map(|(name, size)| format!("{name} {}", amount(*size as f64 / 1024.0, "KiB")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An unsigned LEB128 number and how many bytes it took.
fn leb128(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for (index, byte) in bytes.iter().enumerate().take(5) {
        value |= usize::from(byte & 0x7f) << (7 * index);
        if byte & 0x80 == 0 {
            return Some((value, index + 1));
        }
    }
    None
}

/// The six crates with the most code and data, as shares of the named wasm's functions and data
/// (twiggy's shallow sizes; custom sections such as names are left out: they are not shipped).
fn by_crate(wasm: &Path) -> String {
    let Ok(output) = Command::new("twiggy")
        .args(["top", "--format", "csv", "-n", "1000000"])
        .arg(wasm)
        .output()
    else {
        return "twiggy not installed".into();
    };
    if !output.status.success() {
        return format!("twiggy failed on {}", wasm.display());
    }
    let csv = String::from_utf8_lossy(&output.stdout);
    let mut crates: Vec<(String, u64)> = Vec::new();
    for line in csv.lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent: the name may
        // hold commas, so read from the right.
        let fields: Vec<&str> = line.rsplitn(5, ',').collect();
        let [.., bytes, name] = fields[..] else {
            continue;
        };
        let (Ok(bytes), name) = (bytes.parse::<u64>(), name.trim_matches('"')) else {
            continue;
        };
        // Not shipped: custom sections (names, wasm-bindgen's own), and the export entries and
        // descriptor functions wasm-bindgen reads and removes.
        if name.contains("section")
            || name.starts_with("export ")
            || name.contains("__wbindgen_describe")
        {
            continue;
        }
        let krate = crate_of(name);
        match crates.iter_mut().find(|(known, _)| *known == krate) {
            Some((_, total)) => *total += bytes,
            None => crates.push((krate, bytes)),
        }
    }
    let all: u64 = crates.iter().map(|(_, bytes)| bytes).sum();
    crates.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    crates
        .iter()
        .take(6)
        .map(|(krate, bytes)| format!("{krate} {:.0}%", 100.0 * *bytes as f64 / all.max(1) as f64))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The crate an item's code comes from: `leptos::x::y` -> `leptos`; `<T as tachys::Render>::build`
/// (a generic `T`) -> `tachys`; `<widget::X as core::fmt::Debug>::fmt` -> `widget`; a data segment
/// -> `data`.
fn crate_of(name: &str) -> String {
    if name.starts_with("data segment") || name.starts_with("data[") {
        return "data".into();
    }
    let name = name.trim_start_matches(['<', '&', '(', '*']);
    let name = name
        .trim_start_matches("dyn ")
        .trim_start_matches("mut ")
        .trim_start_matches("const ");
    let first = path_root(name);
    let generic = !name[first.len()..].starts_with("::");
    match name.split_once(" as ") {
        Some((_, trait_path)) if generic => path_root(trait_path.trim_start_matches(['<', '&'])),
        _ => first,
    }
    .to_owned()
}

/// The first segment of a path: `tachys::view::X<T>` -> `tachys`.
fn path_root(path: &str) -> &str {
    let end = path
        .find(['<', ' ', '[', '(', ':', '>', ','])
        .unwrap_or(path.len());
    if end == 0 { "other" } else { &path[..end] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_hash() {
        assert_eq!(short_name("widget-0123abcd_bg.wasm"), "widget_bg.wasm");
        assert_eq!(short_name("widget-0123abcd.js"), "widget.js");
        assert_eq!(short_name("checkout.js"), "checkout.js");
        assert_eq!(
            short_name("widget-0123abcd_part_application.wasm"),
            "widget_part_application.wasm"
        );
    }

    #[test]
    fn items_belong_to_their_crate() {
        assert_eq!(
            crate_of("<leptos::view::X as tachys::Render>::build"),
            "leptos"
        );
        assert_eq!(crate_of("core::fmt::write::h0123"), "core");
        assert_eq!(crate_of("data[3]"), "data");
    }

    #[test]
    fn reads_sections() {
        // magic, version, a type section of 2 bytes, a code section of 3 bytes
        let wasm = [0, 97, 115, 109, 1, 0, 0, 0, 1, 2, 0, 0, 10, 3, 0, 0, 0];
        assert_eq!(sections(&wasm), "code 0.0 KiB, type 0.0 KiB");
    }
}
