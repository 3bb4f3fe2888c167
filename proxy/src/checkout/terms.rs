//! What the merchant's server asks for when it creates or changes a session, read strictly: each
//! mistake names the parameter at fault so the merchant's developer can fix it at once.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use shared::{Currency, Locale, PaymentMethod};

use super::Origin;

/// The largest amount a session takes: $999,999.99.
pub const MAX_AMOUNT_CENTS: u64 = 99_999_999;
/// FlexPay's `orderId` is at most 50 characters.
pub const MAX_ORDER_ID_CHARS: usize = 50;
/// At most this many origins may embed one session.
pub const MAX_ORIGINS: usize = 10;
/// A session lives one hour unless the merchant says otherwise...
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3_600);
/// ...between one minute and one day.
pub const LIFETIME_RANGE: (u64, u64) = (60, 86_400);

/// A parameter the merchant got wrong, and how.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{param}: {problem}")]
pub struct TermsError {
    /// The parameter's name.
    pub param: &'static str,
    /// What is wrong with it.
    pub problem: &'static str,
}

fn wrong(param: &'static str, problem: &'static str) -> TermsError {
    TermsError { param, problem }
}

/// The body of `POST /v1/checkout-sessions` and of its `PATCH`, before it is checked. Fields
/// are read as raw JSON so each mistake can be named precisely; the OpenAPI document describes
/// creation and change apart (`routes::merchant::session_schemas`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    /// Integer cents, 1 to 99999999. Required at creation.
    amount: Option<Value>,
    /// `CAD` (default) or `USD` (card only). Creation only.
    currency: Option<Value>,
    /// 1 to 50 printable ASCII characters. Required at creation.
    order_id: Option<Value>,
    /// `en-CA` (default) or `fr-CA`.
    locale: Option<Value>,
    /// Ways to pay on offer (default: all in CAD, the card alone in USD).
    methods: Option<Value>,
    /// 1 to 10 exact origins allowed to embed the widget. Required at creation; fixed after.
    allowed_origins: Option<Value>,
    /// Seconds the session stays open, 60 to 86400 (default 3600). Creation only.
    expires_in: Option<Value>,
}

/// A new session's terms, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTerms {
    /// In cents.
    pub amount_cents: u64,
    /// `CAD` unless the merchant says `USD` (card only).
    pub currency: Currency,
    /// The merchant's order id.
    pub order_id: String,
    /// `en-CA` unless the merchant says `fr-CA`.
    pub locale: Locale,
    /// All three unless the merchant lists some.
    pub methods: Vec<PaymentMethod>,
    /// Who may embed it.
    pub allowed_origins: Vec<Origin>,
    /// How long it stays open.
    pub lifetime: Duration,
}

impl SessionTerms {
    /// Checks a creation request.
    ///
    /// # Errors
    /// The first parameter at fault.
    pub fn check(request: SessionRequest) -> Result<SessionTerms, TermsError> {
        let amount = request.amount.ok_or(wrong("amount", "is required"))?;
        let order_id = request.order_id.ok_or(wrong("order_id", "is required"))?;
        let origins = request
            .allowed_origins
            .ok_or(wrong("allowed_origins", "is required"))?;
        let currency = request
            .currency
            .map_or(Ok(Currency::Cad), |v| currency(&v))?;
        let methods = request
            .methods
            .map_or(Ok(default_methods(currency)), |v| methods(&v))?;
        check_methods_take(currency, &methods)?;
        Ok(SessionTerms {
            amount_cents: amount_cents(&amount)?,
            currency,
            order_id: order(&order_id)?,
            locale: request.locale.map_or(Ok(Locale::EnCa), |v| locale(&v))?,
            methods,
            allowed_origins: allowed_origins(&origins)?,
            lifetime: request
                .expires_in
                .map_or(Ok(DEFAULT_LIFETIME), |v| lifetime(&v))?,
        })
    }
}

/// What a `PATCH` changes: any of amount, order id, language and methods, while the session is
/// open. Currency, origins and expiry are fixed at creation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionChange {
    /// A new amount (a cart edit, a coupon).
    pub amount_cents: Option<u64>,
    /// A new order id.
    pub order_id: Option<String>,
    /// A new language.
    pub locale: Option<Locale>,
    /// New methods.
    pub methods: Option<Vec<PaymentMethod>>,
}

impl SessionChange {
    /// Checks a change request, on its own: [`SessionChange::fits`] then checks it against the
    /// session's currency.
    ///
    /// # Errors
    /// The first parameter at fault, including those that cannot change.
    pub fn check(request: SessionRequest) -> Result<SessionChange, TermsError> {
        for (given, param) in [
            (&request.currency, "currency"),
            (&request.allowed_origins, "allowed_origins"),
            (&request.expires_in, "expires_in"),
        ] {
            if given.is_some() {
                return Err(wrong(param, "cannot change after creation"));
            }
        }
        let methods = request.methods.as_ref().map(methods).transpose()?;
        Ok(SessionChange {
            amount_cents: request.amount.as_ref().map(amount_cents).transpose()?,
            order_id: request.order_id.as_ref().map(order).transpose()?,
            locale: request.locale.as_ref().map(locale).transpose()?,
            methods,
        })
    }

    /// Whether a session in `currency` can take this change: a `USD` session offers the card
    /// alone. A conflict with the session, not a malformed request.
    ///
    /// # Errors
    /// `methods`, when they include a Flexiti way to pay and the session is in `USD`.
    pub fn fits(&self, currency: Currency) -> Result<(), TermsError> {
        self.methods
            .as_deref()
            .map_or(Ok(()), |methods| check_methods_take(currency, methods))
    }
}

/// A JSON number that is a whole number, as JSON Schema's `integer` counts it: `150000.0` is one
/// (some JSON writers put the decimal point on every number), `1500.5` and `-1` are not.
pub fn whole_number(value: &Value) -> Option<u64> {
    if let Some(whole) = value.as_u64() {
        return Some(whole);
    }
    let float = value.as_f64()?;
    // Below 2^53, where every whole number is a float of its own (2^53 + 1 reads as 2^53), and
    // no fraction: its text without decimals reads back.
    if float.fract() != 0.0 || !(0.0..9_007_199_254_740_992.0).contains(&float) {
        return None;
    }
    format!("{float:.0}").parse().ok()
}

fn amount_cents(value: &Value) -> Result<u64, TermsError> {
    let cents = whole_number(value).ok_or(wrong(
        "amount",
        "must be a whole number of cents, e.g. 150000 for $1,500.00",
    ))?;
    if cents == 0 || cents > MAX_AMOUNT_CENTS {
        return Err(wrong("amount", "must be between 1 and 99999999 cents"));
    }
    Ok(cents)
}

fn currency(value: &Value) -> Result<Currency, TermsError> {
    match value.as_str() {
        Some("CAD") => Ok(Currency::Cad),
        Some("USD") => Ok(Currency::Usd),
        _ => Err(wrong("currency", "must be CAD or USD")),
    }
}

fn order(value: &Value) -> Result<String, TermsError> {
    let text = value
        .as_str()
        // Spaces around it are dropped; any other white space is refused, as the schema says.
        .map(|text| text.trim_matches(' '))
        .ok_or(wrong("order_id", "must be a string"))?;
    let printable = text.chars().all(|c| c.is_ascii_graphic() || c == ' ');
    if text.is_empty() || text.chars().count() > MAX_ORDER_ID_CHARS || !printable {
        return Err(wrong(
            "order_id",
            "must be 1 to 50 printable ASCII characters",
        ));
    }
    Ok(text.to_owned())
}

fn locale(value: &Value) -> Result<Locale, TermsError> {
    match value.as_str() {
        Some("en-CA" | "en") => Ok(Locale::EnCa),
        Some("fr-CA" | "fr") => Ok(Locale::FrCa),
        _ => Err(wrong("locale", "must be en-CA or fr-CA")),
    }
}

fn methods(value: &Value) -> Result<Vec<PaymentMethod>, TermsError> {
    let problem = "must list one or more of credit_application, flexiti_account, card";
    let mut methods: Vec<PaymentMethod> =
        serde_json::from_value(value.clone()).map_err(|_| wrong("methods", problem))?;
    methods.sort_unstable();
    methods.dedup();
    if methods.is_empty() {
        return Err(wrong("methods", problem));
    }
    Ok(methods)
}

/// What a session offers when the merchant does not say: all three ways in Canadian dollars, the
/// card alone in US dollars (Flexiti credit is in CAD).
fn default_methods(currency: Currency) -> Vec<PaymentMethod> {
    match currency {
        Currency::Cad => PaymentMethod::ALL.to_vec(),
        Currency::Usd => vec![PaymentMethod::Card],
    }
}

/// Flexiti credit is in Canadian dollars: a US-dollar session can only be paid by card.
fn check_methods_take(currency: Currency, methods: &[PaymentMethod]) -> Result<(), TermsError> {
    if currency == Currency::Usd && methods.iter().any(|method| *method != PaymentMethod::Card) {
        return Err(wrong(
            "methods",
            "a USD session can only offer card: Flexiti credit is in CAD",
        ));
    }
    Ok(())
}

fn allowed_origins(value: &Value) -> Result<Vec<Origin>, TermsError> {
    let list = value
        .as_array()
        .filter(|list| !list.is_empty() && list.len() <= MAX_ORIGINS)
        .ok_or(wrong("allowed_origins", "must list 1 to 10 origins"))?;
    let mut origins = Vec::with_capacity(list.len());
    for item in list {
        let origin = item
            .as_str()
            .ok_or(wrong("allowed_origins", "each origin must be a string"))
            .and_then(|text| {
                Origin::parse(text).map_err(|problem| wrong("allowed_origins", problem))
            })?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

fn lifetime(value: &Value) -> Result<Duration, TermsError> {
    let (min, max) = LIFETIME_RANGE;
    whole_number(value)
        .filter(|seconds| (min..=max).contains(seconds))
        .map(Duration::from_secs)
        .ok_or(wrong("expires_in", "must be between 60 and 86400 seconds"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn request(body: Value) -> SessionRequest {
        serde_json::from_value(body).expect("a request")
    }

    fn minimal() -> Value {
        json!({ "amount": 150_000, "order_id": "A-1001", "allowed_origins": ["https://shop.example"] })
    }

    #[test]
    fn a_minimal_request_takes_the_defaults() {
        let terms = SessionTerms::check(request(minimal())).expect("valid");
        assert_eq!(terms.currency, Currency::Cad);
        assert_eq!(terms.locale, Locale::EnCa);
        assert_eq!(terms.methods, PaymentMethod::ALL.to_vec());
        assert_eq!(terms.lifetime, DEFAULT_LIFETIME);
    }

    #[test]
    fn each_mistake_names_its_parameter() {
        for (change, param) in [
            (json!({ "amount": 0 }), "amount"),
            (json!({ "amount": 12.5 }), "amount"),
            (json!({ "amount": -100.0 }), "amount"),
            (json!({ "amount": 1e300 }), "amount"),
            (json!({ "amount": "100" }), "amount"),
            (json!({ "amount": 100_000_000 }), "amount"),
            (json!({ "order_id": "" }), "order_id"),
            (json!({ "order_id": "x".repeat(51) }), "order_id"),
            (json!({ "order_id": "caf\u{e9}" }), "order_id"),
            (json!({ "currency": "EUR" }), "currency"),
            (json!({ "locale": "de-DE" }), "locale"),
            (json!({ "methods": [] }), "methods"),
            (json!({ "methods": ["cash"] }), "methods"),
            (
                json!({ "currency": "USD", "methods": ["card", "credit_application"] }),
                "methods",
            ),
            (json!({ "order_id": "\tA-1001" }), "order_id"),
            (json!({ "allowed_origins": [] }), "allowed_origins"),
            (json!({ "allowed_origins": ["*"] }), "allowed_origins"),
            (
                json!({ "allowed_origins": ["http://shop.example"] }),
                "allowed_origins",
            ),
            (json!({ "expires_in": 30 }), "expires_in"),
        ] {
            let mut body = minimal();
            for (key, value) in change.as_object().expect("an object") {
                body[key] = value.clone();
            }
            let error = SessionTerms::check(request(body)).expect_err("refused");
            assert_eq!(error.param, param, "{change}");
        }
    }

    #[test]
    fn a_usd_session_offers_the_card_alone_unless_told_otherwise() {
        let mut body = minimal();
        body["currency"] = json!("USD");
        let terms = SessionTerms::check(request(body)).expect("valid");
        assert_eq!(terms.methods, vec![PaymentMethod::Card]);
    }

    #[test]
    fn spaces_around_an_order_id_are_dropped() {
        let mut body = minimal();
        body["order_id"] = json!("  A-1001 ");
        let terms = SessionTerms::check(request(body)).expect("valid");
        assert_eq!(terms.order_id, "A-1001");
    }

    #[test]
    fn a_whole_number_written_with_a_decimal_point_is_a_whole_number() {
        let mut body = minimal();
        body["amount"] = json!(209_142.0);
        body["expires_in"] = json!(600.0);
        let terms = SessionTerms::check(request(body)).expect("valid");
        assert_eq!(terms.amount_cents, 209_142);
        assert_eq!(terms.lifetime, Duration::from_secs(600));
    }

    #[test]
    fn a_change_cannot_touch_what_is_fixed_at_creation() {
        let change = request(json!({ "allowed_origins": ["https://evil.example"] }));
        let error = SessionChange::check(change).expect_err("refused");
        assert_eq!(error.param, "allowed_origins");
        let change = request(json!({ "amount": 99_00 }));
        let checked = SessionChange::check(change).expect("valid");
        assert_eq!(checked.amount_cents, Some(9_900));
    }
}
