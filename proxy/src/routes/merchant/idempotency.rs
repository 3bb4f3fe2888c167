//! The merchant's `Idempotency-Key` header on the money follow-ups: the same key sent again is a
//! retry, answered from the ledger and never sent upstream twice. Without it, every request is a
//! new follow-up (two partial refunds of 10.00 are two refunds), still recorded before it is sent.

use axum::{extract::FromRequestParts, http::request::Parts};
use shared::{ErrorCode, Locale};

use crate::{checkout::FollowUpRecord, error::AppError};

/// The header's name.
pub(super) const HEADER: &str = "idempotency-key";

/// The longest key kept: a UUID is 36 characters, and keys are stored with every follow-up.
const MAX_CHARS: usize = 255;

/// The key a merchant sent, if any: 1 to 255 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<IdempotencyKey, AppError> {
        let Some(value) = parts.headers.get(HEADER) else {
            return Ok(IdempotencyKey(None));
        };
        let key = value
            .to_str()
            .ok()
            .filter(|key| (1..=MAX_CHARS).contains(&key.len()))
            .filter(|key| key.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| {
                AppError::new(ErrorCode::InvalidRequest, Locale::default())
                    .param("Idempotency-Key")
                    .caused_by("the key must be 1 to 255 visible ASCII characters")
            })?;
        Ok(IdempotencyKey(Some(key.to_owned())))
    }
}

/// The refusal of a key first sent with another request.
pub(super) fn reused(earlier: &FollowUpRecord) -> AppError {
    AppError::new(ErrorCode::IdempotencyKeyReused, Locale::default())
        .param("Idempotency-Key")
        .caused_by(format!(
            "the key was first sent with {} {}",
            earlier.kind, earlier.reference
        ))
}

/// The answer to a retry whose follow-up is still unsettled.
pub(super) fn still_in_flight(what: &str) -> AppError {
    AppError::new(ErrorCode::PaymentInProgress, Locale::default()).caused_by(format!(
        "{what} is not settled yet: ask again later, under the same key"
    ))
}
