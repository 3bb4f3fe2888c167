//! The optional `{ "amount": cents }` body of captures, releases, returns and refunds: absent (no
//! body, `null`, or no `amount`) means "everything left"; present, it must be a positive whole
//! number of cents.

use std::num::NonZeroU64;

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
};
use serde::Deserialize;
use serde_json::Value;
use shared::{ErrorCode, Locale};

use crate::error::AppError;

/// How much to capture, release, return or refund; without it, everything left.
// The amount is read as raw JSON so that a float, a string or a negative number is named as the
// parameter at fault rather than refused as malformed JSON.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountRequest {
    /// Integer cents, at least 1. Absent: everything left.
    #[schema(value_type = Option<u64>, minimum = 1)]
    amount: Option<Value>,
}

/// The amount the merchant asked for: `None` for everything left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestedAmount(pub Option<NonZeroU64>);

impl<S: Send + Sync> FromRequest<S> for RequestedAmount {
    type Rejection = AppError;

    /// An empty body is no amount: a merchant capturing or refunding everything need not send
    /// JSON at all.
    async fn from_request(request: Request, state: &S) -> Result<RequestedAmount, AppError> {
        let invalid = || AppError::new(ErrorCode::InvalidRequest, Locale::default());
        let body =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => crate::routes::too_large(),
                    _ => invalid().caused_by(rejection.body_text()),
                })?;
        if body.iter().all(is_json_whitespace) {
            return Ok(RequestedAmount(None));
        }
        // The cause names the kind of mistake and where, not serde's text: that repeats values.
        // `null` is the documented optional body, absent: everything left.
        let request: Option<AmountRequest> = serde_json::from_slice(&body).map_err(|error| {
            invalid().caused_by(format_args!(
                "{:?} error in the body at line {} column {}",
                error.classify(),
                error.line(),
                error.column()
            ))
        })?;
        match request.and_then(|request| request.amount) {
            None | Some(Value::Null) => Ok(RequestedAmount(None)),
            Some(value) => crate::checkout::whole_number(&value)
                .and_then(NonZeroU64::new)
                .map(|cents| RequestedAmount(Some(cents)))
                .ok_or_else(|| {
                    invalid()
                        .param("amount")
                        .caused_by("amount must be a whole number of cents, at least 1")
                }),
        }
    }
}

/// JSON's four white-space bytes (RFC 8259): space, tab, line feed, carriage return. Not Rust's
/// `is_ascii_whitespace`, which also takes a form feed: a body of one was read as no body, so a
/// capture or a refund of everything left (found by Schemathesis).
fn is_json_whitespace(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, extract::FromRequest, http::Request};

    use super::*;

    async fn read(body: &'static str) -> Result<RequestedAmount, AppError> {
        let request = Request::new(Body::from(body));
        RequestedAmount::from_request(request, &()).await
    }

    #[tokio::test]
    async fn whole_cents_are_read_however_json_writes_them() {
        for (body, cents) in [
            ("", None),
            ("null", None),
            ("{}", None),
            (r#"{"amount": 2500}"#, NonZeroU64::new(2_500)),
            (r#"{"amount": 2500.0}"#, NonZeroU64::new(2_500)),
            (
                r#"{"amount": 4249947933592714.0}"#,
                NonZeroU64::new(4_249_947_933_592_714),
            ),
        ] {
            let read = read(body).await.map(|RequestedAmount(cents)| cents);
            assert_eq!(read.ok(), Some(cents), "{body}");
        }
        for body in [
            r#"{"amount": 0}"#,
            r#"{"amount": 25.5}"#,
            r#"{"amount": "2500"}"#,
        ] {
            assert!(read(body).await.is_err(), "{body}");
        }
    }
}
