//! The proxy's error type: a catalogue code plus the shopper's language. Its response body is the
//! catalogue's `ApiError`; the internal cause is logged here and never sent.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use shared::{ApiError, ErrorCode, Locale};

/// An error on its way to the widget or the merchant.
#[derive(Debug)]
pub struct AppError {
    code: ErrorCode,
    locale: Locale,
    /// What really happened, for the logs only.
    cause: Option<String>,
    /// The request parameter at fault.
    param: Option<&'static str>,
}

impl AppError {
    /// An error with a catalogue code, told in `locale`.
    pub fn new(code: ErrorCode, locale: Locale) -> AppError {
        AppError {
            code,
            locale,
            cause: None,
            param: None,
        }
    }

    /// Names the request parameter at fault (sent: parameter names are not personal data).
    #[must_use]
    pub fn param(mut self, param: &'static str) -> AppError {
        self.param = Some(param);
        self
    }

    /// Keeps the internal cause for the log line.
    #[must_use]
    pub fn caused_by(mut self, cause: impl std::fmt::Display) -> AppError {
        self.cause = Some(cause.to_string());
        self
    }

    /// The catalogue code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self.cause {
            Some(cause) if status.is_server_error() => {
                tracing::warn!(code = self.code.as_str(), %cause, "request failed");
            }
            Some(cause) => tracing::debug!(code = self.code.as_str(), %cause, "request refused"),
            None => {}
        }
        let mut body = ApiError::new(self.code, self.locale);
        body.param = self.param.map(str::to_owned);
        (status, Json(body)).into_response()
    }
}
