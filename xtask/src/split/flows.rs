//! Which files each flow's download fetches: read from the loader script wasm-split writes, and
//! kept beside its output for the size report.

use std::path::PathBuf;

use super::{read, target_dir};

/// Where the build says which files each language's first screen needs and each of its flows
/// fetches (`TAG first FILE...`, `TAG FLOW FILE...` lines), beside wasm-split's output.
pub(super) fn flows_manifest() -> PathBuf {
    target_dir().join("widget-split/flows.txt")
}

/// The name of the first screen's line in [`flows_manifest`].
pub(super) const FIRST_SCREEN: &str = "first";

/// One language's build, as the last build listed it: what its first screen needs, and what
/// each flow's download fetches.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LanguageBuild {
    /// The language's tag (`fr-CA`).
    pub language: String,
    /// The first screen's own files (the glue, its wasm, the parts' loader): the stylesheet and
    /// the loader are every language's.
    pub first_screen: Vec<String>,
    /// Each flow (`card`) and the parts its download fetches.
    pub flows: Vec<(String, Vec<String>)>,
}

impl LanguageBuild {
    /// Whether this build ships the file `name` (its first screen's, or a flow's part).
    pub fn lists(&self, name: &str) -> bool {
        self.first_screen.iter().any(|file| file == name)
            || self
                .flows
                .iter()
                .any(|(_, parts)| parts.iter().any(|file| file == name))
    }
}

/// Each language of the last build, read from [`flows_manifest`], for the size report.
pub fn built() -> Result<Vec<LanguageBuild>, String> {
    Ok(read_manifest(&read(&flows_manifest())?))
}

fn read_manifest(text: &str) -> Vec<LanguageBuild> {
    let mut builds: Vec<LanguageBuild> = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(language), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        let files = words.map(str::to_owned).collect();
        if builds.last().is_none_or(|build| build.language != language) {
            builds.push(LanguageBuild {
                language: language.to_owned(),
                ..LanguageBuild::default()
            });
        }
        let Some(build) = builds.last_mut() else {
            continue;
        };
        if name == FIRST_SCREEN {
            build.first_screen = files;
        } else {
            build.flows.push((name.to_owned(), files));
        }
    }
    builds
}

/// Each flow of wasm-split's loader script (`card`) with the modules its load fetches
/// (`split_card`, `chunk_5`, ...), read from the script as wasm-split 0.2 writes it: one
/// `makeLoad(() => { ... new URL("./NAME.wasm" ... }, [DEPENDENCIES])` per module, bound to
/// `const __chunk_N` or to `export const __wasm_split_load_FLOW`.
pub(super) fn loads(link: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let unreadable = || "wasm-split's loader script is not as expected".to_owned();
    let mut modules: Vec<(String, String, Vec<String>)> = Vec::new();
    let pieces: Vec<&str> = link.split("makeLoad(").collect();
    for pair in pieces.windows(2) {
        let (before, piece) = (pair[0], pair[1]);
        if before.ends_with("function ") {
            continue; // the definition of `makeLoad` itself
        }
        let binding = before
            .rsplit_once("const ")
            .and_then(|(_, rest)| rest.split_once(" ="))
            .map(|(name, _)| name.to_owned())
            .ok_or_else(unreadable)?;
        let file = piece
            .split_once("new URL(\"./")
            .and_then(|(_, rest)| rest.split_once(".wasm\""))
            .map(|(file, _)| file.to_owned())
            .ok_or_else(unreadable)?;
        let dependencies = piece
            .split_once(", [")
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(list, _)| {
                list.split(',')
                    .map(|name| name.trim().to_owned())
                    .filter(|name| !name.is_empty())
                    .collect()
            })
            .ok_or_else(unreadable)?;
        modules.push((binding, file, dependencies));
    }
    let file_of = |binding: &str| {
        modules
            .iter()
            .find(|(name, _, _)| name == binding)
            .map(|(_, file, dependencies)| (file.clone(), dependencies.clone()))
    };
    let mut flows = Vec::new();
    for (binding, _, _) in &modules {
        let Some(flow) = binding.strip_prefix("__wasm_split_load_") else {
            continue;
        };
        let mut files = Vec::new();
        let mut pending = vec![binding.clone()];
        while let Some(next) = pending.pop() {
            let (file, dependencies) = file_of(&next).ok_or_else(unreadable)?;
            if !files.contains(&file) {
                files.push(file);
                pending.extend(dependencies);
            }
        }
        flows.push((flow.to_owned(), files));
    }
    Ok(flows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_flow_fetches_its_part_and_the_parts_it_shares() {
        let link = r#"
function makeLoad(fetcher, deps) {
    const loader = async () => {};
}
const __chunk_4 = makeLoad(() => {
    const src = fetch(new URL("./chunk_4.wasm", import.meta.url));
}
, []);
const __chunk_5 = makeLoad(() => {
    const src = fetch(new URL("./chunk_5.wasm", import.meta.url));
}
, [__chunk_4]);
export const __wasm_split_load_card = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_card.wasm", import.meta.url));
}
, [__chunk_5]));
export const __wasm_split_load_account = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_account.wasm", import.meta.url));
}
, []));
"#;
        let flows = loads(link).expect("readable");
        assert_eq!(
            flows,
            vec![
                (
                    "card".to_owned(),
                    vec!["split_card".into(), "chunk_5".into(), "chunk_4".into()]
                ),
                ("account".to_owned(), vec!["split_account".into()]),
            ]
        );
        assert!(loads("makeLoad(nothing here").is_err());
    }

    #[test]
    fn the_manifest_lists_each_languages_first_screen_and_flows() {
        let text = "en-CA first a.js a.wasm\nen-CA card c.wasm s.wasm\nfr-CA first b.js b.wasm\n";
        let builds = read_manifest(text);
        assert_eq!(builds.len(), 2);
        assert_eq!(builds[0].language, "en-CA");
        assert_eq!(builds[0].first_screen, ["a.js", "a.wasm"]);
        assert_eq!(
            builds[0].flows,
            [(
                "card".to_owned(),
                vec!["c.wasm".to_owned(), "s.wasm".to_owned()]
            )]
        );
        assert_eq!(builds[1].first_screen, ["b.js", "b.wasm"]);
        assert!(builds[1].flows.is_empty());
        assert!(builds[0].lists("s.wasm") && builds[0].lists("a.js"));
        assert!(!builds[0].lists("b.js") && !builds[1].lists("c.wasm"));
    }
}
