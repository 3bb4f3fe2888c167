//! Which files each flow's download fetches: read from the loader script wasm-split writes, and
//! kept beside its output for the size report.

use std::path::PathBuf;

use super::{read, target_dir};

/// Where the build says which files each flow's download fetches (`flow file file...` lines),
/// beside wasm-split's output.
pub(super) fn flows_manifest() -> PathBuf {
    target_dir().join("widget-split/flows.txt")
}

/// Each flow of the last build and the files its download fetches, read from
/// [`flows_manifest`], for the size report.
pub fn built_flows() -> Result<Vec<(String, Vec<String>)>, String> {
    let text = read(&flows_manifest())?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let flow = words.next()?.to_owned();
            Some((flow, words.map(str::to_owned).collect()))
        })
        .collect())
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
}
