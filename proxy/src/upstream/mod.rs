//! Clients of the upstream APIs, one module each. Upstream types never leave their module: each
//! client answers with `shared` types or its own typed error.

pub mod flexiti;
pub mod flexpay;

use std::time::Duration;

/// The process's one HTTP client: connection reuse across every upstream call, a timeout on each.
///
/// # Errors
/// When the TLS backend cannot be initialised.
pub fn http_client(timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .pool_idle_timeout(Duration::from_secs(60))
        // reqwest retries by default only what HTTP/2 and HTTP/3 refuse, and this client speaks
        // HTTP/1 alone: no request was ever retried. Saying so spares the copy of every request
        // (headers and all) that its retry layer otherwise kept in case.
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .user_agent(concat!(
            "flexiti-checkout-proxy/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
}
