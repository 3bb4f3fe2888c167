//! `cargo xtask schemathesis`: Schemathesis against a running proxy's `/openapi.json`, every check
//! on (`xtask/schemathesis/config.toml` says which is off where, and why), positive and negative
//! data, once per credential: the merchant API with the merchant key,
//! the widget API with the client token of a session opened through the merchant API.
//!
//! The proxy runs on loopback with the embedded sandbox, a throwaway SQLite file, and no rate
//! limits (a 429 would hide what a request does).

use std::{
    fs,
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::{root, setup, step, step_with_env};

/// The embedded sandbox's merchant API key (README, "Embed it").
const MERCHANT_KEY: &str = "sk_test_checkout_demo_merchant";
/// A session to test the widget API with.
const SESSION: &str = r#"{"amount": 195700, "order_id": "SCHEMATHESIS-1", "allowed_origins": ["https://shop.example"]}"#;
/// The same seed every run, so that a failure can be replayed.
const SEED: &str = "20261123";

/// How much Schemathesis tries.
pub struct Budget {
    /// Test cases per operation and phase.
    pub examples: u32,
    /// Seconds for each of the two runs.
    pub seconds: u32,
}

/// Runs Schemathesis on the merchant API, then on the widget API.
///
/// # Errors
/// The proxy does not start, or Schemathesis finds a failure.
pub fn run(budget: &Budget) -> Result<(), String> {
    setup::ensure_schemathesis()?;
    step("cargo", &["build", "--package", "proxy"])?;
    let proxy = Proxy::start()?;
    let schema = format!("http://{}/openapi.json", proxy.addr);
    let merchant = format!("Authorization: Bearer {MERCHANT_KEY}");
    let token = proxy.client_token()?;
    let widget = format!("Authorization: Bearer {token}");
    let reports = root().join("target/schemathesis");
    let mut failures = Vec::new();
    for (tag, header) in [("merchant", &merchant), ("widget", &widget)] {
        let report = reports.join(format!("{tag}.xml"));
        let report = report.to_string_lossy();
        let (examples, seconds) = (budget.examples.to_string(), budget.seconds.to_string());
        let config = root().join("xtask/schemathesis/config.toml");
        let hooks = root().join("xtask/schemathesis/hooks.py");
        let config = config.to_string_lossy();
        let args = [
            "--config-file",
            &config,
            "run",
            &schema,
            "--mode",
            "all",
            "--include-tag",
            tag,
            "--header",
            header,
            "--max-examples",
            &examples,
            "--max-time",
            &seconds,
            "--seed",
            SEED,
            "--workers",
            "2",
            "--report",
            "junit",
            "--report-junit-path",
            &report,
            "--output-sanitize",
            "true",
        ];
        let env = [
            ("NO_COLOR", "1"),
            ("SCHEMATHESIS_HOOKS", &*hooks.to_string_lossy()),
        ];
        if let Err(error) = step_with_env("schemathesis", &args, &env) {
            failures.push(format!("{tag}: {error}"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "schemathesis: {} (proxy log: {})",
            failures.join("; "),
            proxy.log
        ))
    }
}

/// A proxy child process, stopped when dropped.
struct Proxy {
    child: Child,
    addr: String,
    log: String,
}

impl Proxy {
    fn start() -> Result<Proxy, String> {
        let dir = root().join("target/schemathesis");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let log = dir.join("proxy.log");
        let log_file =
            fs::File::create(&log).map_err(|error| format!("cannot create the log: {error}"))?;
        let database = format!("sqlite://{}", dir.join("checkout.db").display());
        let mut child = Command::new(root().join("target/debug/proxy"))
            .current_dir(root())
            .args(["--listen", "127.0.0.1:0"])
            .env("CHECKOUT_DATABASE_URL", database)
            .env("CHECKOUT_RATE_LIMIT__PER_SESSION", "0")
            .env("CHECKOUT_RATE_LIMIT__PER_ADDRESS", "0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|error| format!("cannot start the proxy: {error}"))?;
        let addr = listening_addr(&mut child);
        let proxy = Proxy {
            child,
            addr: addr.unwrap_or_default(),
            log: log.display().to_string(),
        };
        if proxy.addr.is_empty() {
            return Err(format!("the proxy did not start (log: {})", proxy.log));
        }
        Ok(proxy)
    }

    /// Opens a checkout session through the merchant API; its client token.
    fn client_token(&self) -> Result<String, String> {
        let answer = self.post("/v1/checkout-sessions", SESSION)?;
        let marker = "\"client_token\":\"";
        answer
            .split_once(marker)
            .and_then(|(_, rest)| rest.split('"').next())
            .map(str::to_owned)
            .ok_or_else(|| format!("no client_token in the answer: {answer}"))
    }

    /// A bare HTTP/1.1 POST with the merchant key: this crate has no HTTP client.
    fn post(&self, path: &str, body: &str) -> Result<String, String> {
        let fail = |error: std::io::Error| format!("POST {path}: {error}");
        let mut stream = TcpStream::connect(&self.addr).map_err(fail)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(fail)?;
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {MERCHANT_KEY}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(fail)?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).map_err(fail)?;
        Ok(answer)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address from the proxy's `Demo merchant page: http://ADDR/demo/` line. The rest of its
/// standard output is drained, so that a later line never meets a closed pipe.
fn listening_addr(child: &mut Child) -> Option<String> {
    let mut lines = BufReader::new(child.stdout.take()?).lines();
    let addr = lines.by_ref().map_while(Result::ok).find_map(|line| {
        line.strip_prefix("Demo merchant page: http://")
            .and_then(|rest| rest.strip_suffix("/demo/"))
            .map(str::to_owned)
    });
    std::thread::spawn(move || lines.for_each(drop));
    addr
}
