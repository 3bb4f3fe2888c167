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
    /// How the merchant is set up at Flexiti: each switch turned off makes the matching
    /// documented refusal reachable.
    pub merchant: MerchantSetup,
}

/// The merchant's account set-up at Flexiti ("Lexi" in the docs). The docs attribute a family of
/// errors to it rather than to the request; the default is a merchant set up for everything, and
/// turning one switch off reproduces the error the docs give for it.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // Each switch is one documented set-up option.
pub struct MerchantSetup {
    /// The developer portal account is provisioned for the POS API. Off: every endpoint but
    /// `oauth/token` answers `409 invalid_role`.
    pub provisioned: bool,
    /// The account set-up is complete. Off: endpoints answer their documented back-end error,
    /// `general_error` or `generic_error` (the docs' debugging notes trace `general_error` to the
    /// merchant's set-up).
    pub set_up: bool,
    /// Customers may be verified by override (`verify` with `format: override`). Off:
    /// `merchant_override_is_not_allowed`.
    pub merchant_override: bool,
    /// Pre-authorizations are configured. Off: `POST authorization` answers `auth_not_allowed`.
    pub pre_authorization: bool,
    /// A financing option (plan and term, or regular purchase) is configured. Off: `POST
    /// authorization` answers `plan_term_not_set`.
    pub financing: bool,
    /// The merchant accepts non-prime customers (risk rating other than `L`) for regular
    /// purchases. Off: looking one up answers `merchant_not_support_nonprime_regularpurchase`.
    pub non_prime: bool,
    /// The merchant supports the account type (open or closed loop) of its customers. Off:
    /// `apply`, `transactions` and `authorization` answer `account_type_not_permitted`.
    pub account_type: bool,
    /// The API credentials carry the employee permissions to authorize, capture, release and
    /// return. Off: those answer `not_permitted`.
    pub employee_permissions: bool,
}

impl Default for MerchantSetup {
    fn default() -> Self {
        MerchantSetup {
            provisioned: true,
            set_up: true,
            merchant_override: true,
            pre_authorization: true,
            financing: true,
            non_prime: true,
            account_type: true,
            employee_permissions: true,
        }
    }
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
            merchant: MerchantSetup::default(),
        }
    }
}
