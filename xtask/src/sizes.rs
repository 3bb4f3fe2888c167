//! The size report: what a shopper downloads, raw and compressed (gzip -9, brotli -q 11, the
//! best a server can precompress).

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use crate::{glue, split::LanguageBuild};

/// One shipped file's size.
pub struct Shipped {
    /// The file's name.
    pub name: String,
    /// Bytes as built.
    pub raw: usize,
    /// Bytes after `gzip -9`.
    pub gzip: usize,
    /// Bytes after `brotli -q 11`.
    pub brotli: usize,
}

/// The widget's files (wasm, JS), its stylesheet (in its page) and the loader, measured as the
/// build ships them.
pub fn measure(widget_dir: &Path, loader_dir: &Path) -> Result<Vec<Shipped>, String> {
    let mut files = shipped_files(widget_dir)?;
    files.push(loader_dir.join(LOADER));
    let mut shipped = files
        .iter()
        .map(|file| {
            let bytes = fs::read(file)
                .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            let name = file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            sized(name, &bytes)
        })
        .collect::<Result<Vec<_>, String>>()?;
    shipped.push(sized(STYLESHEET.to_owned(), &page_stylesheet(widget_dir)?)?);
    Ok(shipped)
}

/// How the report names the stylesheet, which has no file of its own.
const STYLESHEET: &str = "stylesheet (in the page)";

/// `bytes`, named `name`, raw and compressed.
fn sized(name: String, bytes: &[u8]) -> Result<Shipped, String> {
    Ok(Shipped {
        name,
        raw: bytes.len(),
        gzip: compressed("gzip", &["-9", "-c"], bytes)?,
        brotli: compressed("brotli", &["-q", "11", "-c"], bytes)?,
    })
}

/// The stylesheet the build wrote into the widget's pages (`glue::with_stylesheet_inline`), the
/// same in each language's: every screen downloads it, with the page, as it did as a file.
fn page_stylesheet(widget_dir: &Path) -> Result<Vec<u8>, String> {
    let page = widget_dir.join("index.en-CA.html");
    let html = fs::read_to_string(&page)
        .map_err(|error| format!("cannot read {}: {error}", page.display()))?;
    html.split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(css, _)| css.as_bytes().to_vec())
        .ok_or_else(|| format!("{} holds no <style>", page.display()))
}

/// Prints a table of the widget's files (wasm, JS), its stylesheet and the loader, with a total.
///
/// # Errors
/// A file that cannot be read, or a screen over [`BUDGET_KIB`].
pub fn print(widget_dir: &Path, loader_dir: &Path) -> Result<(), String> {
    let files = measure(widget_dir, loader_dir)?;
    println!(
        "\n{:<40} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    let mut total = [0usize; 3];
    for file in &files {
        let row = [file.raw, file.gzip, file.brotli];
        println!(
            "{:<40} {:>10} {:>10} {:>10}",
            file.name, row[0], row[1], row[2]
        );
        for (sum, value) in total.iter_mut().zip(row) {
            *sum += value;
        }
    }
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "total, every language (bytes)", total[0], total[1], total[2]
    );
    println!(
        "{:<40} {:>10.1} {:>10.1} {:>10.1}",
        "total, every language (KiB)",
        kib(total[0]),
        kib(total[1]),
        kib(total[2])
    );
    let mut over = Vec::new();
    for (screen, path) in critical_paths(&files, &crate::split::built()?) {
        let brotli = kib(sum(&path, |file| file.brotli));
        println!(
            "{:<40} {:>10.1} {:>10.1} {:>10.1}",
            format!("{screen} (KiB)"),
            kib(sum(&path, |file| file.raw)),
            kib(sum(&path, |file| file.gzip)),
            brotli
        );
        if brotli > BUDGET_KIB {
            over.push(format!("{screen} {brotli:.1} KiB"));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "over the budget of {BUDGET_KIB} KiB brotli: {}",
            over.join(", ")
        ))
    }
}

/// Issue 9's budget for what a shopper downloads before a screen works, in KiB brotli: a build
/// over it fails `cargo xtask sizes` and `cargo xtask test`. A run of 2026-12-07 went to 60.7
/// KiB unnoticed (the catalogue's every message compiled into the first screen).
const BUDGET_KIB: f64 = 60.0;

/// What a shopper downloads before a screen works, per language of the last build: the first
/// screen (the choice of how to pay: its language's glue, wasm and parts' loader, with the
/// stylesheet and the loader every language shares), then each flow when a session offers it
/// alone (the first screen's files and the parts its download fetches). Named `the first
/// screen, fr-CA`, `card alone, fr-CA`.
pub fn critical_paths<'a>(
    files: &'a [Shipped],
    builds: &[LanguageBuild],
) -> Vec<(String, Vec<&'a Shipped>)> {
    let listed = |name: &str| builds.iter().any(|build| build.lists(name));
    let mut paths = Vec::new();
    for build in builds {
        let first: Vec<&Shipped> = files
            .iter()
            .filter(|file| !listed(&file.name) || build.first_screen.contains(&file.name))
            .collect();
        paths.push((
            format!("the first screen, {}", build.language),
            first.clone(),
        ));
        for (flow, parts) in &build.flows {
            let mut path = first.clone();
            path.extend(files.iter().filter(|file| parts.contains(&file.name)));
            paths.push((format!("{flow} alone, {}", build.language), path));
        }
    }
    paths
}

/// The bytes of `files`, each counted by `pick` (raw, gzip or brotli).
pub fn sum(files: &[&Shipped], pick: fn(&Shipped) -> usize) -> usize {
    files.iter().map(|file| pick(file)).sum()
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// The loader merchants embed, as `static/` holds it and the build ships it.
const LOADER: &str = "checkout.js";

/// The loader's files: the script and its TypeScript declarations.
const LOADER_FILES: [&str; 2] = [LOADER, "checkout.d.ts"];

/// Ships the widget's files and the loader's as the proxy serves them: the loader's copied from
/// `static_dir` into `loader_dir` (the script minified), and each file with its compressed forms
/// ([`precompress`]). Each is written only if its bytes changed ([`write_if_changed`]).
pub fn ship(widget_dir: &Path, static_dir: &Path, loader_dir: &Path) -> Result<(), String> {
    fs::create_dir_all(loader_dir).map_err(|error| format!("{}: {error}", loader_dir.display()))?;
    let mut files = shipped_files(widget_dir)?;
    for name in LOADER_FILES {
        let from = static_dir.join(name);
        let shipped = if name == LOADER {
            glue::minified_loader(&from)?
        } else {
            fs::read(&from).map_err(|error| format!("{}: {error}", from.display()))?
        };
        let to = loader_dir.join(name);
        write_if_changed(&to, &shipped)?;
        files.push(to);
    }
    precompress(&files)
}

/// Writes `bytes` to `file` unless it holds them already, so that its modification time (the
/// `Last-Modified` the proxy sends) changes only with its content. The loader keeps its name
/// across releases and every merchant page revalidates it: rewritten by each build, it was sent
/// again in full (971 bytes brotli) to every returning shopper after every rebuild, unchanged.
/// This holds where `dist/` is kept between builds; for a build from a fresh clone, the proxy's
/// `ETag` from the content (`routes::known_by_content`) does the same.
fn write_if_changed(file: &Path, bytes: &[u8]) -> Result<(), String> {
    if fs::read(file).is_ok_and(|held| held == bytes) {
        return Ok(());
    }
    fs::write(file, bytes).map_err(|error| format!("{}: {error}", file.display()))
}

/// Writes `FILE.br` (brotli -q 11) and `FILE.gz` (gzip -9) beside each file, for the proxy to
/// send to browsers that read them: compressed once, at the highest level, at build time.
fn precompress(files: &[PathBuf]) -> Result<(), String> {
    for file in files {
        let bytes = fs::read(file).map_err(|error| format!("{}: {error}", file.display()))?;
        for (program, args, suffix) in [
            ("brotli", ["-q", "11", "-c"], "br"),
            ("gzip", ["-9", "-n", "-c"], "gz"),
        ] {
            let packed = compress(program, &args, &bytes)?;
            let mut target = file.as_os_str().to_owned();
            target.push(format!(".{suffix}"));
            write_if_changed(Path::new(&target), &packed)?;
        }
    }
    Ok(())
}

/// The `.wasm` and `.js` files the build shipped.
fn shipped_files(widget_dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(widget_dir).map_err(|error| {
        format!(
            "{} is missing ({error}); build the widget first",
            widget_dir.display()
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("wasm" | "js")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The length of `bytes` compressed by `program` (Debian's gzip or brotli).
fn compressed(program: &str, args: &[&str], bytes: &[u8]) -> Result<usize, String> {
    compress(program, args, bytes).map(|packed| packed.len())
}

/// `bytes` compressed by `program` (Debian's gzip or brotli, writing to standard output).
fn compress(program: &str, args: &[&str], bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| format!("{program} failed: {error}"))?;
    writer
        .join()
        .map_err(|_| format!("{program}: writer panicked"))?
        .map_err(|error| error.to_string())?;
    if !output.status.success() {
        return Err(format!("{program} failed ({})", output.status));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use std::{
        fs,
        time::{Duration, SystemTime},
    };

    use super::write_if_changed;

    #[test]
    fn a_file_written_again_keeps_its_time_unless_its_bytes_change() {
        let file = std::env::temp_dir().join(format!("xtask-ship-{}.js", std::process::id()));
        fs::write(&file, "loader, release 1").expect("written");
        let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|opened| opened.set_modified(long_ago))
            .expect("its time set");
        let time = || {
            fs::metadata(&file)
                .and_then(|meta| meta.modified())
                .expect("a time")
        };

        write_if_changed(&file, b"loader, release 1").expect("shipped");
        assert_eq!(time(), long_ago, "the same bytes must keep Last-Modified");

        write_if_changed(&file, b"loader, release 2").expect("shipped");
        assert_eq!(fs::read(&file).expect("read"), b"loader, release 2");
        assert!(
            time() > long_ago,
            "new bytes must bring a new Last-Modified"
        );
        fs::remove_file(&file).expect("removed");
    }
}
