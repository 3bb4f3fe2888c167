//! The OpenAPI schemas of the session bodies the merchant's server sends. The bodies are read as
//! raw JSON (`checkout::SessionRequest`), so that each mistake names its parameter; these types
//! only document what creation and a change take, each exactly, so that a generated client (or
//! Schemathesis) that keeps to them is never refused for its form. Rules JSON Schema cannot
//! state are in the descriptions: a `USD` session offers `card` only.

#![allow(dead_code)] // Never built: their schemas are what counts.

use shared::{Currency, Locale, PaymentMethod};

/// `POST /v1/checkout-sessions`: a new session.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// Integer cents, 1 to 99999999 ($999,999.99).
    #[schema(minimum = 1, maximum = 99_999_999)]
    amount: u64,
    /// `CAD` (default) or `USD` (card only).
    currency: Option<Currency>,
    /// The merchant's order.
    order_id: OrderId,
    /// `en-CA` (default) or `fr-CA`.
    locale: Option<Locale>,
    /// Ways to pay on offer: all three by default, `card` alone for a `USD` session.
    #[schema(min_items = 1)]
    methods: Option<Vec<PaymentMethod>>,
    /// 1 to 10 exact origins allowed to embed the widget, e.g. `https://shop.example`: `https://`
    /// (`http://` only for `localhost` and `127.0.0.1`), no path, no wildcard. Fixed after
    /// creation.
    #[schema(min_items = 1, max_items = 10)]
    allowed_origins: Vec<AllowedOrigin>,
    /// Seconds the session stays open, 60 to 86400 (default 3600).
    #[schema(minimum = 60, maximum = 86_400)]
    expires_in: Option<u64>,
}

/// One exact origin. The pattern is the plain form; the proxy also reads what the URL standard
/// takes for the same origin (upper case, a trailing `/`, the default port, an IP address, an
/// internationalized name).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[schema(
    pattern = r"^(?:https://[a-z][a-z0-9]{0,20}(?:-[a-z0-9]{1,20})?(?:\.[a-z][a-z0-9]{0,20}(?:-[a-z0-9]{1,20})?){0,3}|http://(?:localhost|127\.0\.0\.1))(?::[1-9][0-9]{0,3})?$"
)]
pub struct AllowedOrigin(String);

/// The merchant's order id: 1 to 50 printable ASCII characters (spaces around it are dropped).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[schema(pattern = r"^ *[!-~](?:[ -~]{0,48}[!-~])? *$")]
pub struct OrderId(String);

/// `PATCH /v1/checkout-sessions/{id}`: what a cart edit or a coupon changes, while the session is
/// open. Currency, origins and lifetime are fixed at creation.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionEdit {
    /// Integer cents, 1 to 99999999.
    #[schema(minimum = 1, maximum = 99_999_999)]
    amount: Option<u64>,
    /// A new order id.
    order_id: Option<OrderId>,
    /// `en-CA` or `fr-CA`.
    locale: Option<Locale>,
    /// Ways to pay on offer; `card` alone for a `USD` session.
    #[schema(min_items = 1)]
    methods: Option<Vec<PaymentMethod>>,
}
