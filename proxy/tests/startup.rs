//! Starting the proxy binary as an operator would: bad configuration stops it with one line that
//! says what to fix (no panic, no backtrace); good configuration prints where to go.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    process::{Command, Output, Stdio},
};

const PROXY: &str = env!("CARGO_BIN_EXE_proxy");

/// A complete, valid upstream configuration (Flexiti and FlexPay) in environment variables,
/// minus `without`.
fn flexiti_env(without: &str) -> Vec<(&'static str, &'static str)> {
    [
        (
            "CHECKOUT_FLEXITI__BASE_URL",
            "http://127.0.0.1:9/flexiti/pos-api/v2.5",
        ),
        ("CHECKOUT_FLEXITI__CLIENT_ID", "flexitidemo"),
        (
            "CHECKOUT_FLEXITI__CLIENT_SECRET",
            "77fde15a-9d33-4e15-930a-76e4b3ae33e9",
        ),
        ("CHECKOUT_FLEXITI__MERCHANT_USERNAME", "merchantonline"),
        ("CHECKOUT_FLEXITI__MERCHANT_PASSWORD", "dice-manila-purism"),
        ("CHECKOUT_FLEXPAY__BASE_URL", "http://127.0.0.1:9/v1"),
        (
            "CHECKOUT_FLEXPAY__API_KEY",
            "kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA=",
        ),
    ]
    .into_iter()
    .filter(|(name, _)| *name != without)
    .collect()
}

/// The proxy binary with `args` and only `env`, on an in-memory database unless `env` names one
/// (so no test leaves a database file behind).
fn proxy(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(PROXY);
    command
        .env_clear()
        .args(args)
        .env("CHECKOUT_DATABASE_URL", "sqlite::memory:")
        .envs(env.iter().copied());
    command
}

/// Runs a start that must fail and returns its one line of stderr.
fn refused(mut command: Command) -> String {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the proxy binary runs");
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    assert!(
        !status.success(),
        "started anyway; stdout: {}",
        String::from_utf8_lossy(&stdout)
    );
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line, not: {stderr}"
    );
    stderr.trim_end().to_owned()
}

#[test]
fn a_missing_secret_is_named_with_the_variable_that_sets_it() {
    let line = refused(proxy(
        &["--listen", "127.0.0.1:0"],
        &flexiti_env("CHECKOUT_FLEXITI__CLIENT_SECRET"),
    ));
    assert!(line.contains("flexiti.client_secret is missing"), "{line}");
    assert!(line.contains("CHECKOUT_FLEXITI__CLIENT_SECRET"), "{line}");
}

#[test]
fn a_malformed_upstream_url_is_named() {
    let mut env = flexiti_env("CHECKOUT_FLEXITI__BASE_URL");
    env.push(("CHECKOUT_FLEXITI__BASE_URL", "flexiti.example/pos-api"));
    let line = refused(proxy(&["--listen", "127.0.0.1:0"], &env));
    assert!(line.contains("flexiti.base_url"), "{line}");

    let mut env = flexiti_env("CHECKOUT_FLEXITI__BASE_URL");
    env.push((
        "CHECKOUT_FLEXITI__BASE_URL",
        "ftp://flexiti.example/pos-api",
    ));
    let line = refused(proxy(&["--listen", "127.0.0.1:0"], &env));
    assert!(
        line.contains("must be an http:// or https:// URL"),
        "{line}"
    );

    let mut env = flexiti_env("CHECKOUT_FLEXITI__BASE_URL");
    env.push((
        "CHECKOUT_FLEXITI__BASE_URL",
        "https://merchant:hunter2@flexiti.example/pos-api",
    ));
    let line = refused(proxy(&["--listen", "127.0.0.1:0"], &env));
    assert!(line.contains("must not carry a user or password"), "{line}");
    assert!(!line.contains("hunter2"), "the password printed: {line}");
}

/// A complete configuration of real upstreams at `https` URLs, with an outbound proxy `proxy`
/// for `https` and FlexPay's host exempt from it.
fn behind_a_proxy(proxy: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut env: Vec<_> = flexiti_env("")
        .into_iter()
        .filter(|(name, _)| !name.ends_with("__BASE_URL"))
        .collect();
    env.extend([
        (
            "CHECKOUT_FLEXITI__BASE_URL",
            "https://flexiti.example/flexiti/pos-api/v2.5",
        ),
        ("CHECKOUT_FLEXPAY__BASE_URL", "https://pay.example/v1"),
        ("CHECKOUT_MERCHANT_API_KEY", "a-merchant-key-for-this-test"),
        ("https_proxy", proxy),
        ("NO_PROXY", "pay.example"),
    ]);
    env
}

#[test]
fn an_outbound_proxy_it_cannot_use_is_named_without_its_password() {
    let line = refused(proxy(
        &["--listen", "127.0.0.1:0"],
        &behind_a_proxy("socks5://ops:hunter2@proxy.example:1080"),
    ));
    assert!(line.contains("https_proxy is not a proxy"), "{line}");
    assert!(line.contains("http://HOST:PORT"), "{line}");
    assert!(!line.contains("hunter2"), "the password printed: {line}");
}

/// The line a proxy started with `env` prints first (which upstream, through which proxy); the
/// proxy is stopped once it has printed it. Empty when it did not start.
fn upstream_line(env: &[(&str, &str)]) -> String {
    let mut child = proxy(&["--listen", "127.0.0.1:0"], env)
        .env("RUST_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the proxy starts");
    let stdout = child.stdout.take().expect("its stdout");
    let line = BufReader::new(stdout)
        .lines()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[test]
fn proxy_variables_do_not_stop_a_proxy_whose_upstreams_are_on_this_machine() {
    let mut env = flexiti_env("");
    env.extend([
        ("CHECKOUT_MERCHANT_API_KEY", "a-merchant-key-for-this-test"),
        ("ALL_PROXY", "socks5://ops:hunter2@proxy.example:1080"),
    ]);
    let upstream = upstream_line(&env);
    assert!(
        upstream.starts_with("Upstream: Flexiti POS API at http://127.0.0.1:9/"),
        "refused: {upstream:?}"
    );
    assert!(!upstream.contains("through the proxy"), "{upstream}");
}

#[test]
fn a_start_behind_an_outbound_proxy_says_which_calls_go_through_it() {
    let upstream = upstream_line(&behind_a_proxy("http://ops:hunter2@proxy.example:3128"));
    assert_eq!(
        upstream,
        "Upstream: Flexiti POS API at https://flexiti.example/flexiti/pos-api/v2.5 \
         through the proxy at proxy.example:3128, FlexPay API at https://pay.example/v1"
    );
}

#[test]
fn a_real_upstream_without_a_merchant_api_key_is_refused() {
    let line = refused(proxy(&["--listen", "127.0.0.1:0"], &flexiti_env("")));
    assert!(line.contains("merchant_api_key is missing"), "{line}");
    assert!(line.contains("CHECKOUT_MERCHANT_API_KEY"), "{line}");
}

#[test]
fn one_upstream_without_the_other_is_refused() {
    let flexiti_only: Vec<_> = flexiti_env("CHECKOUT_MERCHANT_API_KEY")
        .into_iter()
        .filter(|(name, _)| !name.starts_with("CHECKOUT_FLEXPAY"))
        .collect();
    let line = refused(proxy(&["--listen", "127.0.0.1:0"], &flexiti_only));
    assert!(line.contains("flexpay is missing"), "{line}");
}

#[test]
fn a_port_in_use_is_named_with_the_way_out() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("its address").to_string();
    let line = refused(proxy(&["--listen", &addr], &[]));
    assert!(line.contains(&format!("cannot listen on {addr}")), "{line}");
    assert!(line.contains("--listen"), "{line}");
}

#[test]
fn a_malformed_listen_address_or_a_missing_config_file_is_named() {
    let line = refused(proxy(&["--listen", "localhost-ish"], &[]));
    assert!(line.contains("listen"), "{line}");
    let line = refused(proxy(&["--config", "/nonexistent/checkout.toml"], &[]));
    assert!(
        line.contains("/nonexistent/checkout.toml does not exist"),
        "{line}"
    );
    let line = refused(proxy(&["--verbose"], &[]));
    assert!(line.contains("usage"), "{line}");
}

#[test]
fn an_unusable_database_is_named_without_its_password() {
    for (url, said) in [
        (
            "mysql://shop:hunter2@db.example/checkout",
            "database_url must start with",
        ),
        (
            "postgres://shop:hunter2@127.0.0.1:9/checkout",
            "cannot open the database",
        ),
        (
            "sqlite:///nonexistent/checkout.db",
            "cannot open the database",
        ),
    ] {
        let env = [("CHECKOUT_DATABASE_URL", url)];
        let line = refused(proxy(&["--listen", "127.0.0.1:0"], &env));
        assert!(line.contains(said), "{line}");
        assert!(!line.contains("hunter2"), "{line}");
    }
}

#[test]
fn a_good_start_says_which_upstream_and_where_the_demo_is() {
    let mut child = proxy(&["--listen", "127.0.0.1:0"], &[("RUST_LOG", "off")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the proxy starts");
    let stdout = child.stdout.take().expect("its stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let upstream = lines.next().unwrap_or_default();
    let demo = lines
        .find(|line| line.starts_with("Demo merchant page: "))
        .unwrap_or_default();
    assert!(
        upstream.starts_with("Upstream: embedded sandbox (Flexiti POS API at http://127.0.0.1:"),
        "{upstream}"
    );
    let addr = demo
        .strip_prefix("Demo merchant page: http://")
        .and_then(|rest| rest.strip_suffix("/demo/"))
        .unwrap_or_else(|| panic!("no demo URL in {demo:?}"))
        .to_owned();

    let mut stream = TcpStream::connect(&addr).expect("the proxy listens where it says");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("a request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("a response");
    let _ = child.kill();
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with(r#"{"status":"ok"}"#), "{response}");
}
