//! The load generator: Debian's `wrk` (C, epoll, HTTP/1.1 keep-alive), light enough to share two
//! cores with the servers it measures. A Lua script sets the request and prints what we parse.

use std::{path::Path, process::Command};

/// One request, as `wrk` repeats it.
pub struct Request<'a> {
    pub method: &'a str,
    pub url: String,
    pub headers: Vec<(&'a str, String)>,
    pub body: Option<String>,
}

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub requests: u64,
    pub seconds: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    /// Answers that were not 2xx/3xx, and socket errors: any makes the run worthless.
    pub errors: u64,
}

impl Measured {
    /// Requests per second over the run.
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// Runs `request` over `connections` keep-alive connections for `seconds`.
pub fn run(
    work: &Path,
    request: &Request<'_>,
    connections: u32,
    seconds: u32,
) -> Result<Measured, String> {
    let script = work.join("wrk.lua");
    std::fs::write(&script, lua(request))
        .map_err(|error| format!("{}: {error}", script.display()))?;
    let threads = connections.min(2).to_string();
    let output = Command::new("wrk")
        .args([
            "--threads",
            &threads,
            "--connections",
            &connections.to_string(),
            "--duration",
            &format!("{seconds}s"),
            "--timeout",
            "10s",
            "--script",
        ])
        .arg(&script)
        .arg(&request.url)
        .output()
        .map_err(|error| format!("cannot run wrk: {error}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse(&text).ok_or_else(|| format!("wrk printed no BENCH line: {text}"))
}

/// The script: the request, and a `done` that prints the figures in microseconds.
fn lua(request: &Request<'_>) -> String {
    let mut script = format!("wrk.method = {}\n", quoted(request.method));
    for (name, value) in &request.headers {
        script.push_str(&format!(
            "wrk.headers[{}] = {}\n",
            quoted(name),
            quoted(value)
        ));
    }
    if let Some(body) = &request.body {
        script.push_str(&format!("wrk.body = {}\n", quoted(body)));
    }
    script.push_str(
        r#"done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"#,
    );
    script
}

/// A Lua string literal.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn parse(text: &str) -> Option<Measured> {
    let line = text.lines().find(|line| line.starts_with("BENCH "))?;
    let value = |name: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?
            .parse()
            .ok()
    };
    Some(Measured {
        requests: value("requests")? as u64,
        seconds: value("duration_us")? / 1e6,
        p50_us: value("p50_us")?,
        p99_us: value("p99_us")?,
        errors: value("errors")? as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bench_line() {
        let text = "Running 5s test\nBENCH requests=1000 duration_us=5000000 p50_us=80 p99_us=250 errors=0\n";
        let measured = parse(text).expect("parsed");
        assert_eq!(measured.requests, 1000);
        assert!((measured.per_second() - 200.0).abs() < 1e-9);
        assert!((measured.p99_us - 250.0).abs() < 1e-9);
    }

    #[test]
    fn quotes_lua_strings() {
        assert_eq!(quoted(r#"{"a":"b\c"}"#), r#""{\"a\":\"b\\c\"}""#);
    }
}
