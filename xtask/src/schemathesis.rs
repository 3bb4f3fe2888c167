//! `cargo xtask schemathesis`: Schemathesis against a running proxy's `/openapi.json`, every check
//! on (`xtask/schemathesis/config.toml` says which is off where, and why), positive and negative
//! data, once per credential: the merchant API with the merchant key,
//! the widget API with the client token of a session opened through the merchant API.
//!
//! The proxy runs on loopback with the embedded sandbox, a throwaway SQLite file, and no rate
//! limits (a 429 would hide what a request does).

use std::{
    fs,
    io::{BufRead, BufReader},
    net::SocketAddr,
    process::{Child, Command, Stdio},
};

use crate::{bench::http, root, setup, step, step_with_env};

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
    let paid = proxy.paid_by_card()?;
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
            // One worker: with two threads, Hypothesis's parsing of lambdas' source under
            // Python 3.11 now and then fails ("AST constructor recursion depth mismatch"),
            // an error of the tool that would fail the run.
            "--workers",
            "1",
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
            ("PAID_SESSION_ID", &paid.session_id),
            ("CARD_TRANSACTION_ID", &paid.transaction_id),
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
            .env("CHECKOUT_RATE_LIMIT__READS_PER_SESSION", "0")
            .env("CHECKOUT_RATE_LIMIT__READS_PER_ADDRESS", "0")
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
        let merchant = format!("Bearer {MERCHANT_KEY}");
        let merchant = [("Authorization", merchant.as_str())];
        let opened = http::post_json(self.addr()?, "/v1/checkout-sessions", &merchant, SESSION)?;
        field(&opened, "client_token")
    }

    /// A second session, paid by card through the widget API as a shopper would: Schemathesis
    /// gets its id and its FlexPay transaction's, so that the merchant's refunds, voids,
    /// captures and attempt lists meet a payment that exists, not only 404s.
    fn paid_by_card(&self) -> Result<Paid, String> {
        let addr = self.addr()?;
        let merchant = format!("Bearer {MERCHANT_KEY}");
        let merchant = [("Authorization", merchant.as_str())];
        let opened = http::post_json(addr, "/v1/checkout-sessions", &merchant, SESSION)?;
        let (session_id, token) = (field(&opened, "id")?, field(&opened, "client_token")?);
        let shopper = format!("Bearer {token}");
        let shopper = [("Authorization", shopper.as_str())];
        let view = http::send(addr, "GET", "/api/v1/session", &shopper, "")?.body;
        let revision = number_field(&view, "revision")?;
        let card = format!(
            r#"{{"number": "4242424242424242", "expiry_month": 6, "expiry_year": {}, "cvc": "123",
            "holder_name": "Schemathesis", "city": "Toronto", "postal_code": "M5V 2T6",
            "revision": {revision}}}"#,
            this_year() + 3
        );
        let paid = http::post_json(addr, "/api/v1/card/payment", &shopper, &card)?;
        if !paid.contains("\"next_step\":\"done\"") {
            return Err(format!("the card payment was not approved: {paid}"));
        }
        let path = format!("/v1/checkout-sessions/{session_id}");
        let session = http::send(addr, "GET", &path, &merchant, "")?.body;
        let transaction_id = field(&session, "transaction_id")?;
        Ok(Paid {
            session_id,
            transaction_id,
        })
    }

    fn addr(&self) -> Result<SocketAddr, String> {
        self.addr
            .parse()
            .map_err(|error| format!("the proxy's address {}: {error}", self.addr))
    }
}

/// A checkout session paid by card, and its FlexPay transaction.
struct Paid {
    session_id: String,
    transaction_id: String,
}

/// The string `name` of a flat JSON answer, or why not.
fn field(answer: &str, name: &str) -> Result<String, String> {
    http::json_string(answer, name).ok_or_else(|| format!("no {name} in the answer: {answer}"))
}

/// The first `"name":N` whole number in a JSON answer.
fn number_field(answer: &str, name: &str) -> Result<u64, String> {
    answer
        .split_once(&format!("\"{name}\":"))
        .map(|(_, rest)| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| format!("no {name} in the answer: {answer}"))
}

/// This year (UTC), near enough for a card's expiry a few years ahead.
fn this_year() -> u64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    1970 + seconds / 31_556_952
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
