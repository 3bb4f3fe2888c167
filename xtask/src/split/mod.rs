//! The widget's code, built in parts: cargo links one wasm, `wasm-split` cuts it at the split
//! functions (`widget/src/flows/parts.rs`) into the first screen's module and the parts fetched
//! later (`flows` reads which each flow fetches), wasm-bindgen writes the JavaScript glue of the
//! first, its imports and exports get short names (`glue_names`), wasm-opt shrinks each
//! (`optimize`), esbuild minifies the scripts and the stylesheet, and the page (`index.html`,
//! which Trunk wrote with the stylesheet's link) gets the stylesheet written in and, after the
//! script that says `ready`, the scripts that start the code. Trunk 0.21 cannot run
//! `wasm-split` between the link and wasm-bindgen, so this step does what Trunk's Rust step did,
//! with the split in the middle.
//!
//! Every file is named by a hash of the build (the proxy keeps the widget's files for a year), and
//! the page names the first screen's files with their Subresource Integrity hashes.

use std::{
    fs,
    hash::{DefaultHasher, Hash, Hasher},
    path::{Path, PathBuf},
};

use crate::{bench::fresh_dir, glue, glue_names, step};

mod flows;
mod optimize;

use flows::FIRST_SCREEN;
pub use flows::{LanguageBuild, built};
use flows::{flows_manifest, loads};
use optimize::{keeps_names, unused_exports, wasm_opt};

/// Where the proxy serves `dist/widget` (Trunk.toml's `public_url`).
const PUBLIC_URL: &str = "/widget/";
/// The script `wasm-split` writes: it fetches and starts the parts.
const LINK_SCRIPT: &str = "__wasm_split.js";

/// A language the widget is built for: a shopper downloads the words of theirs alone
/// (`shared::Locale::in_build`), and the proxy serves each locale the page of its build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// The value of the `widget_language` cfg the build is compiled with.
    cfg: &'static str,
    /// The locale's tag, as in the iframe's `?locale=` and the page's `lang`.
    pub tag: &'static str,
}

/// Every language the widget speaks, English (the default) first.
pub const LANGUAGES: [Language; 2] = [
    Language {
        cfg: "en",
        tag: "en-CA",
    },
    Language {
        cfg: "fr",
        tag: "fr-CA",
    },
];

impl Language {
    /// Where cargo builds this language's wasm: each language keeps its own, so a build of one
    /// does not undo the other's.
    fn cargo_target(self) -> PathBuf {
        target_dir().join(format!("widget-{}", self.cfg))
    }

    /// The wasm as rustc wrote it for this language (names kept), for the size report.
    pub fn linked_wasm(self) -> PathBuf {
        self.cargo_target()
            .join("wasm32-unknown-unknown/release/widget.wasm")
    }
}

/// Builds the widget's code into `dist`, once per language, and writes each language's page
/// (`index.en-CA.html`, `index.fr-CA.html`) from the one Trunk wrote (`index.html`), with the
/// tags that start that language's code.
pub fn build(dist: &Path) -> Result<(), String> {
    let trunk_page = dist.join("index.html");
    let page = glue::with_stylesheet_inline(dist, &read(&trunk_page)?)?;
    let mut manifest = String::new();
    for language in LANGUAGES {
        let code = build_language(language)?;
        code.write(dist)?;
        manifest.push_str(&code.manifest_lines(language));
        let unmarked = |mark| format!("{} has no `{mark}`", trunk_page.display());
        let wasm_sri = glue::sri(&dist.join(code.main_name()))?;
        let scripts = code.start_scripts(dist, &wasm_sri)? + &code.flow_parts();
        let page =
            with_tags(&in_language(&page, language)?, SCRIPTS_HERE, &scripts).map_err(unmarked)?;
        write(&dist.join(page_name(language)), page.as_bytes())?;
    }
    write(&flows_manifest(), manifest.as_bytes())?;
    // Only the language's pages start the widget: the proxy must never serve this one.
    fs::remove_file(&trunk_page).map_err(|error| format!("{}: {error}", trunk_page.display()))
}

/// The page of `language`'s build: `index.fr-CA.html`.
fn page_name(language: Language) -> String {
    format!("index.{}.html", language.tag)
}

/// `page` (Trunk's, `lang="en-CA"`) in `language`.
fn in_language(page: &str, language: Language) -> Result<String, String> {
    replaced_once(
        page,
        "<html lang=\"en-CA\">",
        &format!("<html lang=\"{}\">", language.tag),
    )
}

/// Links the widget with only `language`'s words, cuts it into parts, binds and shrinks them.
fn build_language(language: Language) -> Result<Code, String> {
    let mut flags = vec![
        "--cfg".to_owned(),
        format!("widget_language=\"{}\"", language.cfg),
    ];
    for registry in crate_sources() {
        flags.push(format!("--remap-path-prefix={}=", registry.display()));
    }
    // TOML basic strings: a path's backslashes and quotes escaped.
    let quoted: Vec<String> = flags
        .iter()
        .map(|flag| format!("\"{}\"", flag.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    // Added to `.cargo/config.toml`'s flags (cargo joins the arrays), which keep `--emit-relocs`.
    let rustflags = format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        quoted.join(", ")
    );
    let cargo_target = language.cargo_target();
    step(
        "cargo",
        &[
            "build",
            "--config",
            &rustflags,
            "--target-dir",
            path(&cargo_target),
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "widget",
            "--bin",
            "widget",
        ],
    )?;
    let work = fresh_dir(&target_dir().join("widget-split").join(language.tag))?;
    step(
        "wasm-split-cli",
        &[
            path(&language.linked_wasm()),
            path(&work),
            "--out-name",
            "widget",
            "--target",
            "web",
        ],
    )?;
    let bound = work.join("bound");
    let linked = work.join("widget.wasm");
    let mut bindgen = vec!["--target", "web", "--keep-lld-exports", "--no-typescript"];
    if keeps_names() {
        bindgen.push("--keep-debug");
    }
    bindgen.extend(["--out-dir", path(&bound), path(&linked)]);
    step("wasm-bindgen", &bindgen)?;
    let parts = part_names(&work)?;
    let main = bound.join("widget_bg.wasm");
    let glue = bound.join("widget.js");
    let script = read(&glue)?;
    let unused = unused_exports(&script)?;
    let loader = read(&work.join(LINK_SCRIPT))?;
    glue_names::shorten(&main, (&glue, script), &loader, &unused)?;
    wasm_opt(&main)?;
    for part in &parts {
        wasm_opt(&work.join(format!("{part}.wasm")))?;
    }
    Code::read(&work, &bound, &parts)
}

/// The build's files, read from `wasm-split`'s and wasm-bindgen's output.
struct Code {
    /// A hash of every file: the files' names carry it.
    hash: String,
    glue: String,
    link: String,
    main: Vec<u8>,
    /// Each part's name (`split_card`) and module.
    parts: Vec<(String, Vec<u8>)>,
    /// Each flow (`card`) and the parts its download fetches, as [`loads`] reads them.
    flows: Vec<(String, Vec<String>)>,
}

impl Code {
    fn read(work: &Path, bound: &Path, parts: &[String]) -> Result<Code, String> {
        let mut code = Code {
            hash: String::new(),
            glue: read(&bound.join("widget.js"))?,
            link: read(&work.join(LINK_SCRIPT))?,
            main: read_bytes(&bound.join("widget_bg.wasm"))?,
            parts: Vec::new(),
            flows: Vec::new(),
        };
        code.flows = loads(&code.link)?;
        for part in parts {
            let module = read_bytes(&work.join(format!("{part}.wasm")))?;
            code.parts.push((part.clone(), module));
        }
        let mut hasher = DefaultHasher::new();
        (&code.glue, &code.link, &code.main, &code.parts).hash(&mut hasher);
        glue::FINISHING.hash(&mut hasher);
        code.hash = format!("{:016x}", hasher.finish());
        Ok(code)
    }

    fn glue_name(&self) -> String {
        format!("widget-{}.js", self.hash)
    }

    fn main_name(&self) -> String {
        format!("widget-{}_bg.wasm", self.hash)
    }

    fn link_name(&self) -> String {
        format!("widget-{}_parts.js", self.hash)
    }

    /// `split_application` -> `widget-<hash>_part_application.wasm`.
    fn part_name(&self, part: &str) -> String {
        let flow = part.strip_prefix("split_").unwrap_or(part);
        format!("widget-{}_part_{flow}.wasm", self.hash)
    }

    /// Writes the files under their hashed names, each script pointing at the others' new names,
    /// and minifies the scripts.
    fn write(&self, dist: &Path) -> Result<(), String> {
        // The import statements (one per split function), not the keys of the wasm's imports
        // (the module's own name for them).
        let glue = replaced_all(
            &self.glue,
            &format!("from \"./{LINK_SCRIPT}\""),
            &format!("from \"./{}\"", self.link_name()),
        )?;
        let mut link = replaced_once(
            &self.link,
            "from \"./widget.js\"",
            &format!("from \"./{}\"", self.glue_name()),
        )?;
        for (part, module) in &self.parts {
            link = replaced_once(
                &link,
                &format!("\"./{part}.wasm\""),
                &format!("\"./{}\"", self.part_name(part)),
            )?;
            write(&dist.join(self.part_name(part)), module)?;
        }
        write(&dist.join(self.main_name()), &self.main)?;
        for (name, script) in [(self.glue_name(), glue), (self.link_name(), link)] {
            let file = dist.join(name);
            write(&file, script.as_bytes())?;
            glue::minify_script(&file)?;
        }
        Ok(())
    }

    /// For the size report, one line for the first screen's files (`TAG first FILE...`) and one
    /// per flow with the files its download fetches: its own part and the parts it shares with
    /// other flows (`TAG FLOW FILE...`).
    fn manifest_lines(&self, language: Language) -> String {
        let first = [self.glue_name(), self.main_name(), self.link_name()];
        let mut text = format!("{} {FIRST_SCREEN} {}\n", language.tag, first.join(" "));
        for (flow, parts) in &self.flows {
            let files: Vec<String> = parts.iter().map(|part| self.part_name(part)).collect();
            text.push_str(&format!("{} {flow} {}\n", language.tag, files.join(" ")));
        }
        text
    }

    /// `<script type="application/json" id="flow-parts">`: each flow's parts by the flow's
    /// name (a payment method's wire name), for the page to start a lone flow's download.
    fn flow_parts(&self) -> String {
        let flows: Vec<String> = self
            .flows
            .iter()
            .map(|(flow, parts)| {
                let urls: Vec<String> = parts
                    .iter()
                    .map(|part| format!("\"{PUBLIC_URL}{}\"", self.part_name(part)))
                    .collect();
                format!("\"{flow}\":[{}]", urls.join(","))
            })
            .collect();
        format!(
            "<script type=\"application/json\" id=\"flow-parts\">{{{}}}</script>\n",
            flows.join(",")
        )
    }

    /// The scripts that start the widget, for the end of the page's `<body>`, after the one
    /// that says `ready`. A classic script starts the downloads: the parts' loader (which the
    /// glue imports: a `modulepreload`, so that it comes with the glue instead of after it) and
    /// the first screen's wasm, which it compiles as its bytes arrive
    /// (`WebAssembly.compileStreaming`); the module script instantiates the compiled module
    /// once its glue has run. `wasm_sri` is the wasm's integrity value ([`glue::sri`]).
    ///
    /// Nothing in the page's `<head>` preloads them (until 2026-12-07 it did). Chromium's
    /// preload scanner met those tags as the page's first bytes arrived, and their downloads
    /// and compiles took the CPU from the page's own first parse and render. On two cores, in
    /// the bench's start-up example, a cold frame on one site said `ready` 28-29 ms after its
    /// navigation, and was heard at 37; without them, 22-26 and 32-36, its code started within
    /// 2 ms of when it did (49-54 ms against 49-52).
    fn start_scripts(&self, dist: &Path, wasm_sri: &str) -> Result<String, String> {
        let (glue, main, link) = (self.glue_name(), self.main_name(), self.link_name());
        let link_sri = glue::sri(&dist.join(&link))?;
        // The preload and the glue's import ask for the parts' loader alike (`cors`, the same
        // integrity), so it downloads once. A browser without `compileStreaming` (Safari
        // before 15) hands the glue the wasm's response, which it compiles itself. A failed
        // download is reported once, by the module script that awaits it, not also as
        // unhandled here. Two marks of the User Timing API (in any browser's developer tools,
        // and read by the bench): the glue has run, and the wasm is instantiated and started.
        Ok(format!(
            "<script>(function () {{ \
             var link = document.createElement(\"link\"); link.rel = \"modulepreload\"; \
             link.href = \"{PUBLIC_URL}{link}\"; link.crossOrigin = \"anonymous\"; \
             link.integrity = \"{link_sri}\"; document.head.appendChild(link); \
             var code = fetch(\"{PUBLIC_URL}{main}\", {{ integrity: \"{wasm_sri}\" }}); \
             window.widgetCode = WebAssembly.compileStreaming \
             ? WebAssembly.compileStreaming(code) : code; \
             window.widgetCode.catch(function () {{}}); }})();</script>\n\
             <script type=\"module\">import init from \"{PUBLIC_URL}{glue}\"; \
             performance.mark(\"widget-glue\"); \
             await init({{ module_or_path: window.widgetCode }}); \
             performance.mark(\"widget-init\");</script>\n"
        ))
    }
}

/// Where the page wants the scripts that start the widget and the list of its flows' parts: at
/// the end of its `<body>`, after the script that says `ready` for the choice of how to pay the
/// proxy writes in, and before the session's read, which reads that list.
const SCRIPTS_HERE: &str = "<!-- the widget's start: cargo xtask puts its scripts here -->";

/// `page` with `tags` in place of its `mark`; the mark as the error if the page has none.
fn with_tags<'a>(page: &str, mark: &'a str, tags: &str) -> Result<String, &'a str> {
    if page.contains(mark) {
        Ok(page.replacen(mark, tags.trim_end(), 1))
    } else {
        Err(mark)
    }
}

/// `text` with the one `from` replaced by `to`: the scripts and the page name each file exactly
/// once, and a build where that no longer holds must fail rather than ship a file that names a
/// lost one.
pub(crate) fn replaced_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        count => Err(format!(
            "expected `{from}` once in the widget's files, found it {count} times"
        )),
    }
}

/// `text` with every `from` replaced by `to`: at least one must be there.
fn replaced_all(text: &str, from: &str, to: &str) -> Result<String, String> {
    if text.contains(from) {
        Ok(text.replace(from, to))
    } else {
        Err(format!("expected `{from}` in the widget's glue"))
    }
}

/// Where cargo unpacks the crates it downloads (`~/.cargo/registry/src/index.crates.io-...`). A
/// panic's location names its source file, and the wasm keeps those names: remapped to nothing,
/// they are shorter (`js-sys-0.3.107/src/...`) and say nothing of the machine that built them.
fn crate_sources() -> Vec<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let Some(sources) = cargo_home.map(|home| home.join("registry/src")) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = fs::read_dir(sources)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    found.sort();
    found
}

/// The modules `wasm-split` cut off: every `.wasm` it wrote but the first screen's.
fn part_names(work: &Path) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    for entry in fs::read_dir(work).map_err(|error| format!("{}: {error}", work.display()))? {
        let file = entry.map_err(|error| error.to_string())?.path();
        if file.extension().and_then(|ext| ext.to_str()) == Some("wasm")
            && let Some(stem) = file.file_stem().and_then(|stem| stem.to_str())
            && stem != "widget"
        {
            parts.push(stem.to_owned());
        }
    }
    parts.sort();
    Ok(parts)
}

/// Cargo's target directory (`CARGO_TARGET_DIR`, else `target/`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| crate::root().join("target"), PathBuf::from)
}

fn path(file: &Path) -> &str {
    file.to_str().unwrap_or_default()
}

fn read(file: &Path) -> Result<String, String> {
    fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))
}

fn read_bytes(file: &Path) -> Result<Vec<u8>, String> {
    fs::read(file).map_err(|error| format!("{}: {error}", file.display()))
}

fn write(file: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(file, bytes).map_err(|error| format!("{}: {error}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_tags_go_where_the_page_marks_them() {
        let page = format!("<html><body><main></main>{SCRIPTS_HERE}</body></html>");
        assert_eq!(
            with_tags(&page, SCRIPTS_HERE, "<script></script>\n").as_deref(),
            Ok("<html><body><main></main><script></script></body></html>")
        );
        assert_eq!(
            with_tags("<head></head>", SCRIPTS_HERE, "<script></script>"),
            Err(SCRIPTS_HERE)
        );
    }

    #[test]
    fn a_script_must_name_the_file_it_is_pointed_at_exactly_once() {
        assert_eq!(
            replaced_once(r#"import "./a.js""#, r#""./a.js""#, r#""./a-1.js""#).as_deref(),
            Ok(r#"import "./a-1.js""#)
        );
        assert!(replaced_once("nothing", r#""./a.js""#, r#""./b.js""#).is_err());
        assert!(replaced_once(r#""./a.js" "./a.js""#, r#""./a.js""#, r#""./b.js""#).is_err());
        assert_eq!(
            replaced_all(
                r#"from "./a.js"; from "./a.js""#,
                r#""./a.js""#,
                r#""./b.js""#
            )
            .as_deref(),
            Ok(r#"from "./b.js"; from "./b.js""#)
        );
        assert!(replaced_all("nothing", r#""./a.js""#, r#""./b.js""#).is_err());
    }
}
