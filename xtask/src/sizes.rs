//! The size report: what a shopper downloads, raw and compressed (gzip -9, brotli -q 11, the
//! best a server can precompress).

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

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

/// The widget's files (wasm, JS, CSS) and the loader, measured.
pub fn measure(widget_dir: &Path, static_dir: &Path) -> Result<Vec<Shipped>, String> {
    let mut files = shipped_files(widget_dir)?;
    files.push(static_dir.join("checkout.js"));
    files
        .iter()
        .map(|file| {
            let bytes = fs::read(file)
                .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            Ok(Shipped {
                name: file
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                raw: bytes.len(),
                gzip: compressed("gzip", &["-9", "-c"], &bytes)?,
                brotli: compressed("brotli", &["-q", "11", "-c"], &bytes)?,
            })
        })
        .collect()
}

/// Prints a table of the widget's files (wasm, JS, CSS) and the loader, with a total.
pub fn print(widget_dir: &Path, static_dir: &Path) -> Result<(), String> {
    let files = measure(widget_dir, static_dir)?;
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
        "total (bytes)", total[0], total[1], total[2]
    );
    println!(
        "{:<40} {:>10.1} {:>10.1} {:>10.1}",
        "total (KiB)",
        kib(total[0]),
        kib(total[1]),
        kib(total[2])
    );
    let first = first_screen(&files);
    println!(
        "{:<40} {:>10.1} {:>10.1} {:>10.1}",
        "first screen, all but the parts (KiB)",
        kib(sum(&first, |file| file.raw)),
        kib(sum(&first, |file| file.gzip)),
        kib(sum(&first, |file| file.brotli))
    );
    Ok(())
}

/// The files of the first screen: all but the parts a flow fetches when it is chosen
/// (`widget-<hash>_part_<flow>.wasm`).
pub fn first_screen(files: &[Shipped]) -> Vec<&Shipped> {
    files.iter().filter(|file| !is_part(&file.name)).collect()
}

/// The bytes of `files`, each counted by `pick` (raw, gzip or brotli).
pub fn sum(files: &[&Shipped], pick: fn(&Shipped) -> usize) -> usize {
    files.iter().map(|file| pick(file)).sum()
}

/// Whether `name` is a part fetched when its flow is chosen, not a file of the first screen.
pub fn is_part(name: &str) -> bool {
    name.contains("_part_")
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// Writes `FILE.br` (brotli -q 11) and `FILE.gz` (gzip -9) beside each file the build shipped, for
/// the proxy to send to browsers that read them: compressed once, at the highest level, at build time.
pub fn precompress(widget_dir: &Path) -> Result<(), String> {
    for file in shipped_files(widget_dir)? {
        let bytes = fs::read(&file).map_err(|error| format!("{}: {error}", file.display()))?;
        for (program, args, suffix) in [
            ("brotli", ["-q", "11", "-c"], "br"),
            ("gzip", ["-9", "-n", "-c"], "gz"),
        ] {
            let packed = compress(program, &args, &bytes)?;
            let mut target = file.clone().into_os_string();
            target.push(format!(".{suffix}"));
            fs::write(&target, packed)
                .map_err(|error| format!("{}: {error}", Path::new(&target).display()))?;
        }
    }
    Ok(())
}

/// The `.wasm`, `.js` and `.css` files the build shipped.
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
                Some("wasm" | "js" | "css")
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
