//! Layered configuration: defaults, then an optional TOML file (`--config FILE`), then environment
//! variables prefixed `CHECKOUT_` (nested keys joined by `__`, e.g. `CHECKOUT_FLEXITI__CLIENT_SECRET`),
//! then the command line (`--listen ADDR`). Secrets are `secrecy` types: they cannot be printed.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use url::Url;

pub use crate::database::DEFAULT_DATABASE_URL;

/// The prefix of configuration environment variables.
pub const ENV_PREFIX: &str = "CHECKOUT_";

/// The proxy's configuration.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// The folder of the built widget (`cargo xtask build`'s output).
    pub widget_dir: PathBuf,
    /// The folder of the loader as the build ships it (`cargo xtask build`'s copy of
    /// `static/checkout.js` and its types, each with its brotli and gzip forms).
    pub loader_dir: PathBuf,
    /// The folder of `static/`: the demo merchant's page.
    pub static_dir: PathBuf,
    /// The limit on every upstream call, in milliseconds.
    pub upstream_timeout_ms: u64,
    /// The real Flexiti POS API. When absent, the embedded sandbox stands in for it.
    pub flexiti: Option<FlexitiConfig>,
    /// The real FlexPay API. When absent, the embedded sandbox stands in for it (and it must be
    /// set whenever `flexiti` is).
    pub flexpay: Option<FlexPayConfig>,
    /// The key the merchant's server calls the merchant API with. Required with a real upstream;
    /// with the embedded sandbox it defaults to [`DEMO_MERCHANT_API_KEY`].
    pub merchant_api_key: Option<SecretString>,
    /// Whether to serve the demo merchant's page and its session endpoint. On by default with the
    /// embedded sandbox, off with a real upstream unless set (e.g. on a staging host).
    pub demo: Option<bool>,
    /// Where checkout sessions are kept: `sqlite://FILE` (created if missing; the default is
    /// [`DEFAULT_DATABASE_URL`], a file in the working directory) or `postgres://USER:PASSWORD@HOST/DB`
    /// for proxies that share state. A secret: it may hold a password.
    pub database_url: SecretString,
    /// How often, in seconds, unsettled payment attempts are looked up and settled (also once at
    /// start). An attempt is looked up once the upstream timeout and two seconds have passed.
    pub reconcile_every_secs: u64,
    /// How long, in seconds, after it was sent a payment attempt the upstream does not list
    /// counts as never made (settled as unpaid). Keep it above any upstream processing delay.
    pub reconcile_unlisted_after_secs: u64,
    /// How long the proxy works on one request before it answers `timed_out` (the work itself
    /// goes on, so a payment under way is still recorded). Longer than `upstream_timeout_ms`: a
    /// request may make more than one upstream call.
    pub request_timeout_ms: u64,
    /// The largest request body accepted, in bytes; larger ones are answered `request_too_large`.
    pub max_body_bytes: usize,
    /// How often a shopper may apply, look up or verify an account and pay, and how often the
    /// widget may read what costs a Flexiti call.
    pub rate_limit: RateLimitConfig,
    /// How long, in milliseconds, the widget's reads may be served a copy of the session instead
    /// of reading the database: this proxy's own changes are seen at once, another proxy's on
    /// the same database within this time; decisions always read the database. `0`: no copies.
    pub session_cache_ms: u64,
    /// How long, in milliseconds, a connection may take to send a request's headers, and an idle
    /// kept-alive connection may wait for its next request, before it is closed: a client that
    /// drips its headers a byte at a time (slow loris) holds a connection this long at most.
    pub header_read_timeout_ms: u64,
}

impl Config {
    /// See [`Config::session_cache_ms`].
    pub fn session_cache(&self) -> Duration {
        Duration::from_millis(self.session_cache_ms)
    }

    /// See [`Config::header_read_timeout_ms`].
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_millis(self.header_read_timeout_ms)
    }
}

/// The limits on the shopper's costly actions (applying for credit, looking up or verifying an
/// account, paying by account or card), each kind counted apart, and on the widget's reads that
/// cost a Flexiti call (the form's choices, the terms, the disclosures, a plan's price), counted
/// together. Each allows `limit` at once, then one more every `window_secs / limit`: a full
/// allowance comes back in `window_secs`. A limit of 0 turns that limit off.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RateLimitConfig {
    /// Actions of each kind per checkout session (keyed by the client token's session id).
    pub per_session: u32,
    /// Actions of each kind per client IP address, whatever the session: a backstop against one
    /// client opening many sessions. Behind a load balancer every shopper shares its address:
    /// list it in `trusted_proxies`.
    pub per_address: u32,
    /// Reads per checkout session: far more than a shopper switching languages, provinces and
    /// plans needs, few enough that a client token copied from a merchant's page cannot make the
    /// proxy call Flexiti without end.
    pub reads_per_session: u32,
    /// Reads per client IP address, whatever the session.
    pub reads_per_address: u32,
    /// The window the limits are counted over, in seconds.
    pub window_secs: u64,
    /// The load balancers' or reverse proxies' own addresses: a request from one of them is
    /// counted by the shopper's address in `X-Forwarded-For` (see
    /// [`crate::envelope::client_address`]). Empty: every peer is counted by its own address.
    #[serde(default)]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The merchant API key of the embedded sandbox mode, documented in the README so a merchant's
/// developer can try the server API at once. Never accepted when a real upstream is configured
/// unless set explicitly.
pub const DEMO_MERCHANT_API_KEY: &str = "sk_test_checkout_demo_merchant";

/// How to reach and authenticate to a Flexiti POS API.
#[derive(Debug, Clone, Deserialize)]
pub struct FlexitiConfig {
    /// The API's base URL, up to the version: `https://HOST/flexiti/pos-api/v2.5`.
    pub base_url: Url,
    /// The OAuth client id.
    pub client_id: String,
    /// The OAuth client secret.
    pub client_secret: SecretString,
    /// The merchant's login for `merchants/login`.
    pub merchant_username: String,
    /// The merchant's password for `merchants/login`.
    pub merchant_password: SecretString,
}

/// How to reach and authenticate to a FlexPay API.
#[derive(Debug, Clone, Deserialize)]
pub struct FlexPayConfig {
    /// The API's base URL, up to the version: `https://api.flexpay.io/v1`.
    pub base_url: Url,
    /// The API key, sent as `Authorization: Basic <key>`.
    pub api_key: SecretString,
}

/// The defaults, serialized so figment can layer the rest over them.
#[derive(Serialize)]
struct Defaults {
    listen: &'static str,
    widget_dir: &'static str,
    loader_dir: &'static str,
    static_dir: &'static str,
    upstream_timeout_ms: u64,
    database_url: &'static str,
    reconcile_every_secs: u64,
    reconcile_unlisted_after_secs: u64,
    request_timeout_ms: u64,
    max_body_bytes: usize,
    rate_limit: RateLimitConfig,
    session_cache_ms: u64,
    header_read_timeout_ms: u64,
}

const DEFAULTS: Defaults = Defaults {
    listen: "127.0.0.1:8080",
    widget_dir: "dist/widget",
    loader_dir: "dist/loader",
    static_dir: "static",
    upstream_timeout_ms: 10_000,
    database_url: DEFAULT_DATABASE_URL,
    reconcile_every_secs: 30,
    reconcile_unlisted_after_secs: 60,
    request_timeout_ms: 30_000,
    max_body_bytes: 64 * 1024,
    rate_limit: RateLimitConfig::DEFAULT,
    session_cache_ms: 1_000,
    header_read_timeout_ms: 10_000,
};

impl RateLimitConfig {
    /// Twenty actions of a kind per checkout in ten minutes (above the ten card attempts a
    /// checkout allows in all), two hundred per address; 120 reads per checkout (a dozen is
    /// usual), 1,200 per address.
    pub const DEFAULT: RateLimitConfig = RateLimitConfig {
        per_session: 20,
        per_address: 200,
        reads_per_session: 120,
        reads_per_address: 1_200,
        window_secs: 600,
        trusted_proxies: Vec::new(),
    };
}

/// What the command line said.
#[derive(Debug, Default, Clone)]
pub struct CommandLine {
    /// `--config FILE`.
    pub config_file: Option<PathBuf>,
    /// `--listen ADDR`.
    pub listen: Option<String>,
}

/// A configuration that cannot be used, described in one line that says what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl CommandLine {
    /// Reads `--config FILE` and `--listen ADDR`.
    ///
    /// # Errors
    /// An unknown argument or a flag without its value.
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<CommandLine, ConfigError> {
        let mut command_line = CommandLine::default();
        while let Some(arg) = args.next() {
            let mut value = |flag: &str| {
                args.next()
                    .ok_or_else(|| ConfigError(format!("{flag} needs a value")))
            };
            match arg.as_str() {
                "--config" => command_line.config_file = Some(value("--config")?.into()),
                "--listen" => command_line.listen = Some(value("--listen")?),
                other => {
                    return Err(ConfigError(format!(
                        "unknown argument {other:?}; usage: proxy [--config FILE] [--listen ADDR]"
                    )));
                }
            }
        }
        Ok(command_line)
    }
}

impl Config {
    /// Loads the layers in order: defaults, file, environment, command line.
    ///
    /// # Errors
    /// A missing config file, a missing or malformed value: one line naming the key and how to set it.
    pub fn load(command_line: &CommandLine) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(DEFAULTS));
        if let Some(file) = &command_line.config_file {
            if !file.is_file() {
                return Err(ConfigError(format!(
                    "config file {} does not exist",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed(ENV_PREFIX).split("__"));
        if let Some(listen) = &command_line.listen {
            figment = figment.merge(("listen", listen));
        }
        let config: Config = figment
            .extract()
            .map_err(|error| ConfigError(describe(&error)))?;
        config.check_limits()?;
        Ok(config)
    }

    /// Refuses limits that would refuse every request.
    fn check_limits(&self) -> Result<(), ConfigError> {
        let zero = |key: &str| {
            let env = format!("{ENV_PREFIX}{}", key.to_ascii_uppercase());
            ConfigError(format!(
                "configuration: {key} must be above 0; fix it in the config file or {env}"
            ))
        };
        if self.request_timeout_ms == 0 {
            return Err(zero("request_timeout_ms"));
        }
        if self.max_body_bytes == 0 {
            return Err(zero("max_body_bytes"));
        }
        if self.header_read_timeout_ms == 0 {
            return Err(zero("header_read_timeout_ms"));
        }
        Ok(())
    }

    /// When unsettled payment attempts are looked up (once the request that sent one has had
    /// its answer or given up: the upstream timeout and two seconds) and when one the upstream
    /// does not list counts as never made.
    pub fn reconcile_policy(&self) -> crate::reconciliation::Policy {
        let seconds = |secs: u64| time::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX));
        crate::reconciliation::Policy {
            grace: time::Duration::milliseconds(
                i64::try_from(self.upstream_timeout_ms).unwrap_or(i64::MAX),
            ) + time::Duration::seconds(2),
            unlisted_after: seconds(self.reconcile_unlisted_after_secs),
        }
    }

    /// The timeout of every upstream call.
    pub fn upstream_timeout(&self) -> Duration {
        Duration::from_millis(self.upstream_timeout_ms)
    }

    /// How long the proxy works on one request before answering `timed_out`.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

/// Turns a figment error into one line: which key, what is wrong, and where to set it.
fn describe(error: &figment::Error) -> String {
    let key = error.path.join(".");
    let env = format!("{ENV_PREFIX}{}", error.path.join("__").to_ascii_uppercase());
    match &error.kind {
        figment::error::Kind::MissingField(field) => {
            let key = if key.is_empty() {
                field.to_string()
            } else {
                format!("{key}.{field}")
            };
            let env = format!(
                "{ENV_PREFIX}{}",
                key.replace('.', "__").to_ascii_uppercase()
            );
            format!("configuration: {key} is missing; set it in the config file or as {env}")
        }
        kind => format!(
            "configuration: {key} is not valid ({kind}); fix it in the config file or {env}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_that_would_refuse_every_request_are_refused() {
        let mut config = Figment::from(Serialized::defaults(DEFAULTS))
            .extract::<Config>()
            .expect("the defaults are a configuration");
        assert!(config.check_limits().is_ok());
        config.request_timeout_ms = 0;
        let error = config.check_limits().expect_err("refused").to_string();
        assert!(error.contains("CHECKOUT_REQUEST_TIMEOUT_MS"), "{error}");
    }

    #[test]
    fn command_line_rejects_unknown_flags_and_missing_values() {
        let parse = |args: &[&str]| CommandLine::parse(args.iter().map(|arg| arg.to_string()));
        assert!(parse(&["--listen"]).is_err());
        assert!(parse(&["--verbose"]).is_err());
        let parsed = parse(&["--listen", "127.0.0.1:9"]).expect("valid");
        assert_eq!(parsed.listen.as_deref(), Some("127.0.0.1:9"));
    }
}
