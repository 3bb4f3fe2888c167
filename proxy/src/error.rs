//! The proxy's error type: a catalogue code plus the shopper's language. Its response body is the
//! catalogue's `ApiError`; the internal cause is logged here and never sent.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use shared::{ApiError, ErrorCode, FieldError, FieldProblem, Locale};

/// An upstream client's error that knows its catalogue entry.
pub trait CatalogueError: std::fmt::Display {
    /// The catalogue code the caller's error carries.
    fn catalogue_code(&self) -> ErrorCode;
}

impl CatalogueError for crate::upstream::flexiti::FlexitiError {
    fn catalogue_code(&self) -> ErrorCode {
        crate::upstream::flexiti::FlexitiError::catalogue_code(self)
    }
}

impl CatalogueError for crate::upstream::flexpay::FlexPayError {
    fn catalogue_code(&self) -> ErrorCode {
        crate::upstream::flexpay::FlexPayError::catalogue_code(self)
    }
}

/// An error on its way to the widget or the merchant.
#[derive(Debug)]
pub struct AppError {
    code: ErrorCode,
    locale: Locale,
    /// What really happened, for the logs only.
    cause: Option<String>,
    /// The request parameter at fault.
    param: Option<&'static str>,
    /// The form fields at fault, told beside each field.
    fields: Vec<FieldProblem>,
}

impl AppError {
    /// An error with a catalogue code, told in `locale`.
    pub fn new(code: ErrorCode, locale: Locale) -> AppError {
        AppError {
            code,
            locale,
            cause: None,
            param: None,
            fields: Vec::new(),
        }
    }

    /// Names the form fields at fault, each told what to put right.
    #[must_use]
    pub fn fields(mut self, problems: Vec<FieldProblem>) -> AppError {
        self.fields = problems;
        self
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

    /// A turn-into-`AppError` for an upstream client's error, told in `locale`: its catalogue
    /// code goes to the shopper, its text to the log.
    pub fn upstream<E: CatalogueError>(locale: Locale) -> impl FnOnce(E) -> AppError {
        move |error| AppError::new(error.catalogue_code(), locale).caused_by(error)
    }

    /// A turn-into-`AppError` for a fault of ours (a store that failed...), told in `locale`.
    pub fn internal<E: std::fmt::Display>(locale: Locale) -> impl FnOnce(E) -> AppError {
        move |error| AppError::new(ErrorCode::Internal, locale).caused_by(error)
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
        body.fields = self
            .fields
            .iter()
            .map(|problem| FieldError {
                field: problem.field.id().to_owned(),
                message: problem.message(self.locale),
            })
            .collect();
        (status, Json(body)).into_response()
    }
}
