//! The merchant's server proves itself with `Authorization: Bearer <merchant API key>`.

use axum::{extract::FromRequestParts, http::request::Parts};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use shared::{ErrorCode, Locale};

use crate::{AppState, error::AppError, routes::sole_authorization};

/// A request made with the merchant API key.
#[derive(Debug, Clone, Copy)]
pub struct MerchantKey;

impl FromRequestParts<AppState> for MerchantKey {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<MerchantKey, AppError> {
        let given = sole_authorization(&parts.headers)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        // Comparing digests of fixed length keeps the comparison's timing from spelling the key.
        let expected = Sha256::digest(state.merchant_key.expose_secret().as_bytes());
        if given.is_empty() || Sha256::digest(given.as_bytes()) != expected {
            return Err(AppError::new(ErrorCode::Unauthenticated, Locale::default())
                .caused_by("missing or wrong merchant API key"));
        }
        Ok(MerchantKey)
    }
}
