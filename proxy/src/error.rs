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
}

impl AppError {
    /// An error with a catalogue code, told in `locale`.
    pub fn new(code: ErrorCode, locale: Locale) -> AppError {
        AppError {
            code,
            locale,
            cause: None,
        }
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
        match self.code {
            ErrorCode::UpstreamUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::UpstreamError => StatusCode::BAD_GATEWAY,
            ErrorCode::InvalidRequest => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
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
        (status, Json(ApiError::new(self.code, self.locale))).into_response()
    }
}
