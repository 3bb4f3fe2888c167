//! What a sandbox accepts and how it behaves. The defaults are the example credentials printed in
//! the API docs, so the docs' own example requests work against it unchanged.

use std::time::Duration;

/// The example Flexiti client id of the docs.
pub const DEMO_CLIENT_ID: &str = "flexitidemo";
/// The example Flexiti `client_secret` of the docs.
pub const DEMO_CLIENT_SECRET: &str = "77fde15a-9d33-4e15-930a-76e4b3ae33e9";
/// The example merchant login of the docs.
pub const DEMO_MERCHANT_USERNAME: &str = "merchantonline";
/// The example merchant password of the docs.
pub const DEMO_MERCHANT_PASSWORD: &str = "dice-manila-purism";

/// Configuration of one sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The Flexiti OAuth client id it accepts.
    pub client_id: String,
    /// The Flexiti OAuth client secret it accepts.
    pub client_secret: String,
    /// The merchant username `merchants/login` accepts.
    pub merchant_username: String,
    /// The merchant password `merchants/login` accepts.
    pub merchant_password: String,
    /// `expires_in` of issued access tokens (1200 s, as in the docs).
    pub token_lifetime: Duration,
    /// When set, `terms-and-conditions` serves this HTML for every province and language: tests
    /// use it to feed hostile markup to the proxy's sanitizer.
    pub terms_override: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            client_id: DEMO_CLIENT_ID.into(),
            client_secret: DEMO_CLIENT_SECRET.into(),
            merchant_username: DEMO_MERCHANT_USERNAME.into(),
            merchant_password: DEMO_MERCHANT_PASSWORD.into(),
            token_lifetime: Duration::from_secs(1200),
            terms_override: None,
        }
    }
}
