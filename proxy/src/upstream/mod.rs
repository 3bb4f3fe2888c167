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
        .user_agent(concat!(
            "flexiti-checkout-proxy/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
}
