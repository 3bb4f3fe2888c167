//! The load generator: Debian's `wrk` (C, epoll, HTTP/1.1 keep-alive), light enough to share two
//! cores with the servers it measures. A Lua script sets the request, and the pause between a
//! connection's requests when the run is paced, and prints what we parse.

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
    /// `wrk`'s mean latency, for a paced run's requests in flight only: `wrk` corrects its
    /// histogram for requests that slow answers held back, which moves a back-to-back run's mean.
    pub mean_us: f64,
    /// Answers that were not 2xx/3xx, and socket errors: any makes the run worthless.
    pub errors: u64,
}

impl Measured {
    /// Requests per second over the run.
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    /// Requests in flight on average over the run (Little's law: rate times mean latency).
    pub fn in_flight(&self) -> f64 {
        self.per_second() * self.mean_us / 1e6
    }

    /// Several runs of one request as one: their requests, time and errors added up, each
    /// latency the median of theirs (of an even number, the mean of the middle two).
    pub fn median_of(runs: &[Measured]) -> Measured {
        let median = |latency: fn(&Measured) -> f64| median(runs.iter().map(latency).collect());
        Measured {
            requests: runs.iter().map(|run| run.requests).sum(),
            seconds: runs.iter().map(|run| run.seconds).sum(),
            p50_us: median(|run| run.p50_us),
            p99_us: median(|run| run.p99_us),
            mean_us: median(|run| run.mean_us),
            errors: runs.iter().map(|run| run.errors).sum(),
        }
    }
}

/// The median of `values` (of an even number, the mean of the middle two; 0 of none).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Runs `request` over `connections` keep-alive connections for `seconds`, each connection
/// sending its next request as soon as the last is answered.
pub fn run(
    work: &Path,
    request: &Request<'_>,
    connections: u32,
    seconds: u32,
) -> Result<Measured, String> {
    run_paced(work, request, connections, seconds, 0)
}

/// As [`run`], but each connection pauses between an answer and its next request, for a time
/// drawn anew each time between 0 and twice `mean_pause_ms` (none when it is 0): the requests
/// of many connections then arrive apart, as independent shoppers' do, instead of all together.
pub fn run_paced(
    work: &Path,
    request: &Request<'_>,
    connections: u32,
    seconds: u32,
    mean_pause_ms: u32,
) -> Result<Measured, String> {
    run_paced_on(work, request, connections, seconds, mean_pause_ms, None)
}

/// As [`run_paced`], with `wrk` confined to `cpus` (a `taskset` list) when given.
pub fn run_paced_on(
    work: &Path,
    request: &Request<'_>,
    connections: u32,
    seconds: u32,
    mean_pause_ms: u32,
    cpus: Option<&str>,
) -> Result<Measured, String> {
    let script = work.join("wrk.lua");
    std::fs::write(&script, lua(request, mean_pause_ms))
        .map_err(|error| format!("{}: {error}", script.display()))?;
    let threads = connections.min(2).to_string();
    let mut command = match cpus {
        Some(cpus) => {
            let mut taskset = Command::new("taskset");
            taskset.args(["--cpu-list", cpus, "wrk"]);
            taskset
        }
        None => Command::new("wrk"),
    };
    let output = command
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

/// The script: the request, the pauses, and a `done` that prints the figures in microseconds.
fn lua(request: &Request<'_>, mean_pause_ms: u32) -> String {
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
    if mean_pause_ms > 0 {
        script.push_str(&pauses(mean_pause_ms));
    }
    script.push_str(
        r#"done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    math.floor(latency.mean), e.status + e.connect + e.read + e.write + e.timeout))
end
"#,
    );
    script
}

/// `wrk` calls `delay` before each request a connection sends (its first too) and measures the
/// request's latency from when it is written, after the pause. Each of its threads has its own
/// Lua state: `setup` numbers them so that their draws differ.
fn pauses(mean_pause_ms: u32) -> String {
    format!(
        r#"local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end
init = function(args)
  math.randomseed(number * 7919)
end
delay = function()
  return math.random(0, {})
end
"#,
        2 * mean_pause_ms
    )
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
        mean_us: value("mean_us")?,
        errors: value("errors")? as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bench_line() {
        let text = "Running 5s test\nBENCH requests=1000 duration_us=5000000 p50_us=80 p99_us=250 mean_us=100 errors=0\n";
        let measured = parse(text).expect("parsed");
        assert_eq!(measured.requests, 1000);
        assert!((measured.per_second() - 200.0).abs() < 1e-9);
        assert!((measured.p99_us - 250.0).abs() < 1e-9);
        // 200 requests a second, each 100 us: 0.02 in flight.
        assert!((measured.in_flight() - 0.02).abs() < 1e-9);
    }

    #[test]
    fn runs_combine_into_their_median_latencies_and_their_summed_counts() {
        let run = |p50_us: f64, errors: u64| Measured {
            requests: 100,
            seconds: 1.0,
            p50_us,
            p99_us: 2.0 * p50_us,
            mean_us: p50_us,
            errors,
        };
        let three = Measured::median_of(&[run(300.0, 0), run(100.0, 1), run(200.0, 0)]);
        assert_eq!((three.requests, three.errors), (300, 1));
        assert!((three.p50_us - 200.0).abs() < 1e-9);
        assert!((three.p99_us - 400.0).abs() < 1e-9);
        assert!((three.per_second() - 100.0).abs() < 1e-9);
        let two = Measured::median_of(&[run(100.0, 0), run(200.0, 0)]);
        assert!((two.p50_us - 150.0).abs() < 1e-9);
    }

    #[test]
    fn a_paced_script_pauses_and_an_unpaced_one_does_not() {
        let request = Request {
            method: "GET",
            url: "http://127.0.0.1:1/".into(),
            headers: Vec::new(),
            body: None,
        };
        assert!(!lua(&request, 0).contains("delay"));
        let paced = lua(&request, 32);
        assert!(paced.contains("math.random(0, 64)"), "{paced}");
    }

    #[test]
    fn quotes_lua_strings() {
        assert_eq!(quoted(r#"{"a":"b\c"}"#), r#""{\"a\":\"b\\c\"}""#);
    }
}
