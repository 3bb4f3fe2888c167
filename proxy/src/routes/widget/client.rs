//! Who is calling the widget API: the bearer of a checkout session's client token.

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, HeaderValue, request::Parts},
};
use shared::{CLIENT_TOKEN_SCHEME, ErrorCode, Locale};
use time::OffsetDateTime;

use crate::{
    AppState,
    checkout::{CheckoutSession, ClientToken, CodeKey},
    error::AppError,
    routes::sole_authorization,
};

/// The checkout session of the request's client token, whatever its status.
#[derive(Debug, Clone)]
pub struct WidgetSession(pub CheckoutSession);

impl WidgetSession {
    /// The session, if the shopper may still act in it.
    ///
    /// # Errors
    /// `session_expired` past its expiry, `session_closed` once paid.
    pub fn open(self) -> Result<CheckoutSession, AppError> {
        self.check_open()?;
        Ok(self.0)
    }

    /// Whether the shopper may still act in the session, without taking it.
    ///
    /// # Errors
    /// As [`WidgetSession::open`].
    pub fn check_open(&self) -> Result<(), AppError> {
        self.0
            .require_open(OffsetDateTime::now_utc())
            .map_err(|code| AppError::new(code, self.0.locale))
    }
}

impl FromRequestParts<AppState> for WidgetSession {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<WidgetSession, AppError> {
        let unauthenticated = |cause: &str| {
            AppError::new(ErrorCode::Unauthenticated, Locale::default()).caused_by(cause)
        };
        let token =
            client_token(&parts.headers).ok_or_else(|| unauthenticated("no client token"))?;
        // Reads may be served a recent copy; actions decide on the database's row.
        let session = if parts.method.is_safe() {
            state.sessions.authenticate(&token).await
        } else {
            state.sessions.authenticate_afresh(&token).await
        };
        let session = session.map_err(AppError::internal(Locale::default()))?;
        session
            .map(WidgetSession)
            .ok_or_else(|| unauthenticated("unknown client token"))
    }
}

/// The key that seals the session's verification code, from the request's client token. Only
/// beside [`WidgetSession`] (or what wraps it), which authenticates the token.
impl FromRequestParts<AppState> for CodeKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<CodeKey, AppError> {
        client_token(&parts.headers)
            .map(|token| token.code_key())
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, Locale::default()))
    }
}

/// The client token of the request's one `Authorization: <scheme> <token>` header, unchecked.
fn client_token(headers: &HeaderMap) -> Option<ClientToken> {
    sole_authorization(headers).and_then(client_token_in)
}

/// The client token of one `Authorization: <scheme> <token>` value, unchecked.
pub(crate) fn client_token_in(authorization: &HeaderValue) -> Option<ClientToken> {
    authorization
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix(CLIENT_TOKEN_SCHEME))
        .and_then(|value| value.strip_prefix(' '))
        .and_then(ClientToken::parse)
}
