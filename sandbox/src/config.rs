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

/// The example FlexPay API key of the docs (`Authorization: Basic <key>`).
pub const DEMO_FLEXPAY_API_KEY: &str = "kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA=";

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
    /// The FlexPay API key it accepts after `Authorization: Basic `.
    pub flexpay_api_key: String,
    /// Whether the merchant may verify customers by override (`verify` with `format: override`);
    /// when false, that answers `merchant_override_is_not_allowed`.
    pub merchant_override: bool,
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
            flexpay_api_key: DEMO_FLEXPAY_API_KEY.into(),
            merchant_override: true,
        }
    }
}
