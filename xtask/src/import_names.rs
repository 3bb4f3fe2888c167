//! Short names for the first screen's imports from its JavaScript glue.
//!
//! wasm-bindgen names each function the wasm imports from the glue after its Rust binding plus a
//! hash (`__wbg_byteOffset_63cdc7b38f33a45e`), and the name is written twice: in the wasm's
//! import section and as a key of the glue's imports object. About 120 such names are 6 KB of
//! the wasm and 4 KB of the glue, downloaded before the first screen. Binaryen renames imports
//! only from a module called `env`, so this step renames them (`a`, `b`, ... `ba`...) in both
//! files itself, from wasmparser's reading of the module; every other section is copied byte for
//! byte.

use std::{fs, ops::Range, path::Path};

use wasm_encoder::{
    ImportSection, Module, RawSection,
    reencode::{Reencode, RoundtripReencoder},
};
use wasmparser::{Imports, Parser, Payload};

/// The module name wasm-bindgen (`--target web`) gives the glue's functions.
const GLUE_MODULE: &str = "./widget_bg.js";

/// Renames the imports `wasm` takes from the glue, in `wasm` and in the glue script `glue`.
pub fn shorten(wasm: &Path, glue: &Path) -> Result<(), String> {
    let module = fs::read(wasm).map_err(|error| format!("{}: {error}", wasm.display()))?;
    let (renamed, names) = renamed_imports(&module)?;
    let mut script =
        fs::read_to_string(glue).map_err(|error| format!("{}: {error}", glue.display()))?;
    for (old, new) in &names {
        script = with_key_renamed(&script, old, new)?;
    }
    fs::write(wasm, renamed).map_err(|error| format!("{}: {error}", wasm.display()))?;
    fs::write(glue, script).map_err(|error| format!("{}: {error}", glue.display()))
}

/// Each renamed import: its name from wasm-bindgen, and the short one.
type Renames = Vec<(String, String)>;

/// `module` with its imports from [`GLUE_MODULE`] renamed, and the names changed.
fn renamed_imports(module: &[u8]) -> Result<(Vec<u8>, Renames), String> {
    let unreadable = |error: wasmparser::BinaryReaderError| format!("widget wasm: {error}");
    let mut out = Module::new();
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(unreadable)?;
        if let Payload::ImportSection(reader) = &payload {
            let mut imports = ImportSection::new();
            for group in reader.clone() {
                let Imports::Single(_, import) = group.map_err(unreadable)? else {
                    return Err(
                        "widget wasm: compact imports, which wasm-bindgen never writes".into(),
                    );
                };
                let kind = RoundtripReencoder
                    .entity_type(import.ty)
                    .map_err(|error| format!("widget wasm: {error:?}"))?;
                let name = if import.module == GLUE_MODULE {
                    names.push((import.name.to_owned(), short_name(names.len())));
                    names[names.len() - 1].1.as_str()
                } else {
                    import.name
                };
                imports.import(import.module, name, kind);
            }
            out.section(&imports);
        } else if let Some((id, range)) = payload.as_section() {
            out.section(&raw(module, id, range));
        }
    }
    Ok((out.finish(), names))
}

fn raw(module: &[u8], id: u8, range: Range<usize>) -> RawSection<'_> {
    RawSection {
        id,
        data: &module[range],
    }
}

/// The `index`th shortest name: `a`..`Z`, then `aa`, `ab`... (letters and digits after the first
/// character, never a digit first), so that every name is a plain JavaScript property key.
fn short_name(mut index: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const NEXT: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut name = vec![FIRST[index % FIRST.len()]];
    index /= FIRST.len();
    while index > 0 {
        index -= 1;
        name.push(NEXT[index % NEXT.len()]);
        index /= NEXT.len();
    }
    String::from_utf8(name).unwrap_or_default()
}

/// `script` with the imports object's key `old` (`old: function(...`) renamed `new`. The key must
/// appear exactly once as a whole name: anything else means the glue is not what this step
/// expects, and renaming could break it.
fn with_key_renamed(script: &str, old: &str, new: &str) -> Result<String, String> {
    let is_name = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$';
    let bytes = script.as_bytes();
    let whole: Vec<usize> = script
        .match_indices(old)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = at.checked_sub(1).map(|index| bytes[index]);
            let after = bytes.get(at + old.len()).copied();
            !before.is_some_and(is_name) && !after.is_some_and(is_name)
        })
        .collect();
    match whole[..] {
        [at] if script[at + old.len()..].starts_with(": function") => Ok(format!(
            "{}{new}{}",
            &script[..at],
            &script[at + old.len()..]
        )),
        _ => Err(format!(
            "the widget's glue names the import `{old}` {} times, not once as a key",
            whole.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn short_names_are_distinct_property_keys() {
        let names: Vec<String> = (0..5000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), names.len());
        for name in &names {
            assert!(name.as_bytes()[0].is_ascii_alphabetic(), "{name}");
            assert!(
                name.bytes().all(|byte| byte.is_ascii_alphanumeric()),
                "{name}"
            );
        }
    }

    #[test]
    fn a_key_is_renamed_only_where_it_is_the_whole_name() {
        let glue = "const i = { __wbg_x_1: function(a) {}, __wbg_x_10: function(b) {} };";
        assert_eq!(
            with_key_renamed(glue, "__wbg_x_1", "a").as_deref(),
            Ok("const i = { a: function(a) {}, __wbg_x_10: function(b) {} };")
        );
        assert!(with_key_renamed(glue, "__wbg_y", "a").is_err());
        assert!(with_key_renamed("f(__wbg_x_1); __wbg_x_1: function", "__wbg_x_1", "a").is_err());
    }

    /// A module importing two functions from the glue and one from elsewhere: only the glue's
    /// are renamed, and the module still reads as one with the same sections.
    #[test]
    fn only_the_glues_imports_are_renamed() {
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        let mut imports = ImportSection::new();
        imports.import(
            GLUE_MODULE,
            "__wbg_log_1234",
            wasm_encoder::EntityType::Function(0),
        );
        imports.import(
            "./__wasm_split.js",
            "__wasm_split_load_card",
            wasm_encoder::EntityType::Function(0),
        );
        imports.import(
            GLUE_MODULE,
            "__wbg_now_5678",
            wasm_encoder::EntityType::Function(0),
        );
        let mut module = Module::new();
        module.section(&types).section(&imports);
        let (renamed, names) = renamed_imports(&module.finish()).expect("renamed");
        assert_eq!(
            names,
            [
                ("__wbg_log_1234".to_owned(), "a".to_owned()),
                ("__wbg_now_5678".to_owned(), "b".to_owned())
            ]
        );
        let mut read = Vec::new();
        for payload in Parser::new(0).parse_all(&renamed) {
            if let Payload::ImportSection(reader) = payload.expect("valid") {
                for group in reader {
                    if let Imports::Single(_, import) = group.expect("valid") {
                        read.push((import.module.to_owned(), import.name.to_owned()));
                    }
                }
            }
        }
        assert_eq!(
            read,
            [
                (GLUE_MODULE.to_owned(), "a".to_owned()),
                (
                    "./__wasm_split.js".to_owned(),
                    "__wasm_split_load_card".to_owned()
                ),
                (GLUE_MODULE.to_owned(), "b".to_owned())
            ]
        );
    }
}
