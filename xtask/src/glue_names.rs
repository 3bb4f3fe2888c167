//! Short names for what the first screen's wasm and its JavaScript glue call each other by.
//!
//! wasm-bindgen names each function the wasm imports from the glue after its Rust binding plus a
//! hash (`__wbg_byteOffset_63cdc7b38f33a45e`), and the name is written twice: in the wasm's
//! import section and as a key of the glue's imports object. About 120 such names are 6 KB of
//! the wasm and 4 KB of the glue, downloaded before the first screen. Binaryen renames imports
//! only from a module called `env`, so this step renames them (`a`, `b`, ... `ba`...) in both
//! files itself, from wasmparser's reading of the module.
//!
//! The exports go the same way: those the glue calls (`wasm.__wbindgen_malloc`, the closures'
//! `wasm_bindgen__convert__closures_____invoke__<hash>`) get short names in both files; those the
//! parts' loader takes by name (the memory, the function table) keep theirs; those nothing names
//! (`main`, the linker's `__heap_base`...) are dropped, and wasm-opt then drops what only they
//! reached. Every other section is copied byte for byte.

use std::{fs, ops::Range, path::Path};

use wasm_encoder::{
    ExportSection, ImportSection, Module, RawSection,
    reencode::{Reencode, RoundtripReencoder},
};
use wasmparser::{ExportSectionReader, ImportSectionReader, Imports, Parser, Payload};

/// The module name wasm-bindgen (`--target web`) gives the glue's functions.
const GLUE_MODULE: &str = "./widget_bg.js";

/// What the glue calls the wasm's exports object: it calls an export as `wasm.<name>`.
const EXPORTS: &str = "wasm.";

/// Renames the imports `wasm` takes from the glue and the exports the glue calls, in `wasm` and
/// in the glue script `script` (as read from `glue`, where it is written back). An export that
/// `loader` (the parts' loader script) names keeps its name; one that the glue does not name, or
/// that `unused` says nothing uses, is dropped.
pub fn shorten(
    wasm: &Path,
    (glue, mut script): (&Path, String),
    loader: &str,
    unused: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let module = fs::read(wasm).map_err(|error| format!("{}: {error}", wasm.display()))?;
    let named = Named {
        glue: &script,
        loader,
        unused,
    };
    let (renamed, names) = renamed(&module, &named)?;
    for (old, new) in &names.imports {
        script = with_key_renamed(&script, old, new)?;
    }
    for (old, new) in &names.exports {
        script = with_export_renamed(&script, old, new)?;
    }
    fs::write(wasm, renamed).map_err(|error| format!("{}: {error}", wasm.display()))?;
    fs::write(glue, script).map_err(|error| format!("{}: {error}", glue.display()))
}

/// Each renamed import or export: its name from wasm-bindgen, and the short one.
type Renames = Vec<(String, String)>;

/// The names changed, of imports and of exports (two name spaces: each starts at `a`).
#[derive(Debug, Default)]
struct Names {
    imports: Renames,
    exports: Renames,
}

/// Who names the module's exports: the glue, the parts' loader, and what is known unused.
struct Named<'a> {
    glue: &'a str,
    loader: &'a str,
    unused: &'a dyn Fn(&str) -> bool,
}

/// What becomes of an export.
#[derive(Debug, PartialEq)]
enum Fate {
    /// The parts' loader takes it by this name, or the glue reaches it otherwise than as
    /// `wasm.<name>`.
    Kept,
    /// Only the glue calls it, as `wasm.<name>`.
    Renamed,
    /// Nothing names it.
    Dropped,
}

impl Named<'_> {
    fn fate(&self, export: &str) -> Fate {
        if whole_names(self.loader, export).next().is_some() {
            Fate::Kept
        } else if (self.unused)(export) || whole_names(self.glue, export).next().is_none() {
            Fate::Dropped
        } else if whole_names(self.glue, export).any(|at| self.glue[..at].ends_with(EXPORTS)) {
            Fate::Renamed
        } else {
            Fate::Kept
        }
    }
}

/// `module` with its imports from [`GLUE_MODULE`] and its exports renamed or dropped, and the
/// names changed.
fn renamed(module: &[u8], named: &Named<'_>) -> Result<(Vec<u8>, Names), String> {
    let mut out = Module::new();
    let mut names = Names::default();
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(unreadable)? {
            Payload::ImportSection(reader) => {
                out.section(&imports_renamed(reader, &mut names.imports)?);
            }
            Payload::ExportSection(reader) => {
                out.section(&exports_renamed(reader, named, &mut names.exports)?);
            }
            payload => {
                if let Some((id, range)) = payload.as_section() {
                    out.section(&raw(module, id, range));
                }
            }
        }
    }
    Ok((out.finish(), names))
}

fn unreadable(error: wasmparser::BinaryReaderError) -> String {
    format!("widget wasm: {error}")
}

/// The import section, with the glue's imports named `a`, `b`... in order.
fn imports_renamed(
    reader: ImportSectionReader<'_>,
    names: &mut Renames,
) -> Result<ImportSection, String> {
    let mut imports = ImportSection::new();
    for group in reader {
        let Imports::Single(_, import) = group.map_err(unreadable)? else {
            return Err("widget wasm: compact imports, which wasm-bindgen never writes".into());
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
    Ok(imports)
}

/// The export section, each export kept, renamed (`a`, `b`... in order) or dropped by its [`Fate`].
fn exports_renamed(
    reader: ExportSectionReader<'_>,
    named: &Named<'_>,
    names: &mut Renames,
) -> Result<ExportSection, String> {
    let mut exports = ExportSection::new();
    for export in reader {
        let export = export.map_err(unreadable)?;
        let kind = RoundtripReencoder
            .export_kind(export.kind)
            .map_err(|error| format!("widget wasm: {error:?}"))?;
        let name = match named.fate(export.name) {
            Fate::Kept => export.name,
            Fate::Dropped => continue,
            Fate::Renamed => {
                names.push((export.name.to_owned(), short_name(names.len())));
                names[names.len() - 1].1.as_str()
            }
        };
        exports.export(name, kind, export.index);
    }
    Ok(exports)
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

/// Where `name` stands in `script` as a whole name, not inside a longer one.
fn whole_names<'a>(script: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_name = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$';
    let bytes = script.as_bytes();
    script
        .match_indices(name)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = at.checked_sub(1).map(|index| bytes[index]);
            let after = bytes.get(at + name.len()).copied();
            !before.is_some_and(is_name) && !after.is_some_and(is_name)
        })
}

/// `script` with the imports object's key `old` (`old: function(...`) renamed `new`. The key must
/// appear exactly once as a whole name: anything else means the glue is not what this step
/// expects, and renaming could break it.
fn with_key_renamed(script: &str, old: &str, new: &str) -> Result<String, String> {
    let whole: Vec<usize> = whole_names(script, old).collect();
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

/// `script` with each call of the export `old` (`wasm.old`) renamed `new`. Wherever else `old`
/// stands as a whole name, it must be the glue's own function of that name (wasm-bindgen names a
/// closure's JavaScript caller after the export it calls, and passes it around): the glue must
/// declare `function old(`. Otherwise it could be the export reached another way, and renaming
/// would break it.
fn with_export_renamed(script: &str, old: &str, new: &str) -> Result<String, String> {
    let own_function = script.contains(&format!("function {old}("));
    let mut out = String::with_capacity(script.len());
    let mut copied = 0;
    for at in whole_names(script, old) {
        if script[..at].ends_with(EXPORTS) {
            out.push_str(&script[copied..at]);
            out.push_str(new);
            copied = at + old.len();
        } else if !own_function {
            return Err(format!(
                "the widget's glue names the export `{old}` otherwise than as `{EXPORTS}{old}`, \
                 and has no function of that name"
            ));
        }
    }
    out.push_str(&script[copied..]);
    Ok(out)
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
        let nothing = Named {
            glue: "",
            loader: "",
            unused: &|_| false,
        };
        let (renamed, names) = renamed(&module.finish(), &nothing).expect("renamed");
        assert_eq!(
            names.imports,
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

    #[test]
    fn an_export_is_kept_renamed_or_dropped_by_who_names_it() {
        let glue = "function go() { wasm.__wbindgen_start(); wasm.memory.buffer; } \
                    function invoke_1(a) { wasm.invoke_1(a); } cb(invoke_1); wasm.stream_free(); \
                    wasm = instance.exports; f(__data_end);";
        let named = Named {
            glue,
            loader: "const { memory, __indirect_function_table } = initSync();",
            unused: &|name| name.starts_with("stream"),
        };
        assert_eq!(named.fate("memory"), Fate::Kept);
        assert_eq!(named.fate("__indirect_function_table"), Fate::Kept);
        assert_eq!(named.fate("__wbindgen_start"), Fate::Renamed);
        assert_eq!(named.fate("invoke_1"), Fate::Renamed);
        assert_eq!(named.fate("stream_free"), Fate::Dropped);
        assert_eq!(named.fate("__heap_base"), Fate::Dropped);
        assert_eq!(named.fate("main"), Fate::Dropped);
        // Named, but not as a call of the export: left as it is.
        assert_eq!(named.fate("__data_end"), Fate::Kept);
    }

    #[test]
    fn an_export_is_renamed_where_the_glue_calls_it_and_nowhere_else() {
        let glue = "function invoke_1(a) { wasm.invoke_1(a); } cb(1, invoke_1); wasm.invoke_10();";
        assert_eq!(
            with_export_renamed(glue, "invoke_1", "a").as_deref(),
            Ok("function invoke_1(a) { wasm.a(a); } cb(1, invoke_1); wasm.invoke_10();")
        );
        assert!(with_export_renamed("const { go } = wasm; wasm.go();", "go", "a").is_err());
        assert!(with_export_renamed("wasm.go(); f(go);", "go", "a").is_err());
    }

    /// Exports renamed and dropped in the module itself, each keeping its kind and index.
    #[test]
    fn the_module_exports_what_the_fates_say() {
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        let mut functions = wasm_encoder::FunctionSection::new();
        functions.function(0);
        let mut memories = wasm_encoder::MemorySection::new();
        memories.memory(wasm_encoder::MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        let mut exports = ExportSection::new();
        exports.export("main", wasm_encoder::ExportKind::Func, 0);
        exports.export("__wbindgen_start", wasm_encoder::ExportKind::Func, 0);
        exports.export("memory", wasm_encoder::ExportKind::Memory, 0);
        let mut code = wasm_encoder::CodeSection::new();
        let mut body = wasm_encoder::Function::new([]);
        body.instruction(&wasm_encoder::Instruction::End);
        code.function(&body);
        let mut module = Module::new();
        module
            .section(&types)
            .section(&functions)
            .section(&memories)
            .section(&exports)
            .section(&code);
        let named = Named {
            glue: "wasm.__wbindgen_start(); wasm.memory;",
            loader: "memory",
            unused: &|_| false,
        };
        let (renamed, names) = renamed(&module.finish(), &named).expect("renamed");
        assert_eq!(
            names.exports,
            [("__wbindgen_start".to_owned(), "a".to_owned())]
        );
        let mut read = Vec::new();
        for payload in Parser::new(0).parse_all(&renamed) {
            if let Payload::ExportSection(reader) = payload.expect("valid") {
                for export in reader {
                    let export = export.expect("valid");
                    read.push((export.name.to_owned(), export.kind, export.index));
                }
            }
        }
        assert_eq!(
            read,
            [
                ("a".to_owned(), wasmparser::ExternalKind::Func, 0),
                ("memory".to_owned(), wasmparser::ExternalKind::Memory, 0)
            ]
        );
    }
}
