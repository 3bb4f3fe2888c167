//! The simulated gateway and issuer: decides the response code of a charge or authorize from the
//! card, the amount and the currency, and the address / CVV checks that go with it.

use super::{
    cards::{self, CVV_REQUIRED_CARD},
    codes,
    transaction::GatewayResponse,
};

/// The currencies the sandbox's merchant account settles in; others answer 30061.
pub const CURRENCIES: &[&str] = &["CAD", "USD"];

/// What the gateway is asked to approve.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The full card number, when FlexPay has it (not for third-party tokens or redacted cards).
    pub number: Option<&'a str>,
    /// `(expiryMonth, expiryYear)`, when known.
    pub expiry: Option<(&'a str, &'a str)>,
    /// Whether a CVV goes with this attempt.
    pub has_cvv: bool,
    /// Whether a postal code goes with it.
    pub has_postal_code: bool,
    /// In cents.
    pub amount: i64,
    /// ISO 4217, upper case.
    pub currency: &'a str,
    /// `(year, month)` of today, UTC.
    pub today: (i64, u32),
}

/// The response code of `attempt`, in this order: currency (30061), amount not positive (30015),
/// expired (30026), a test card's code, a missing CVV for [`CVV_REQUIRED_CARD`] (40003), a test
/// amount's code, else 10000.
pub fn decide(attempt: &Attempt<'_>) -> u32 {
    if !CURRENCIES.contains(&attempt.currency) {
        return 30061;
    }
    if attempt.amount <= 0 {
        return 30015;
    }
    if attempt
        .expiry
        .is_some_and(|(month, year)| cards::is_expired(month, year, attempt.today))
    {
        return 30026;
    }
    if let Some(code) = attempt.number.and_then(cards::test_card_code)
        && code != codes::APPROVED
    {
        return code;
    }
    if attempt.number == Some(CVV_REQUIRED_CARD) && !attempt.has_cvv {
        return 40003;
    }
    codes::code_for_amount(attempt.amount).unwrap_or(codes::APPROVED)
}

/// The `response` element: AVS and CVV results consistent with `code`, and the error fields of a
/// decline.
pub fn checks(attempt: &Attempt<'_>, code: u32) -> GatewayResponse {
    let (cvv_code, cvv_message) = match code {
        40003 => ("N", "CVV does not match"),
        _ if attempt.has_cvv => ("M", "CVV matches"),
        _ => ("P", "CVV not processed"),
    };
    let (avs_code, avs_message) = match code {
        40004 => ("A", "Street address matches, postal code does not"),
        40006 => ("N", "Neither street address nor postal code matches"),
        _ if attempt.has_postal_code => ("Y", "Street address and postal code match"),
        _ => ("U", "Address information unavailable"),
    };
    let declined = codes::transaction_status(code) != 1;
    GatewayResponse {
        avs_code: Some(avs_code),
        avs_message: Some(avs_message),
        cvv_code: Some(cvv_code),
        cvv_message: Some(cvv_message),
        error_code: declined.then(|| code.to_string()),
        error_detail: declined.then(|| codes::message(code)),
    }
}
