//! FlexPay's error answers.
//!
//! The docs give the HTTP statuses (400 invalid request, 401 bad or missing API key, 404 unknown
//! item, 500) and the response codes, but no error body. Our reading: "every action performed
//! against the FlexPay API is captured as a transaction", so an error answers the error fields of
//! the transaction core object under the `transaction` root:
//!
//! ```json
//! { "transaction": { "transactionStatus": 3, "responseCode": "50126",
//!     "message": "Field 'OrderId' is required",
//!     "response": { "errorCode": "50126", "errorDetail": "transaction.orderId is required" } } }
//! ```
//!
//! `message` is the documented description; `errorDetail` names the field at fault;
//! `transactionStatus` is always 3 (Error), even for the vault's Luhn refusal (30002). Such refused
//! requests are not recorded. Declines (2xxxx, 3xxxx, 4xxxx) are not errors: they are processed,
//! recorded transactions answered with `200` and `transactionStatus` 2 (see `gateways`).

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use super::codes;

/// A request FlexPay refuses without recording a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlexPayError {
    status: StatusCode,
    code: u32,
    detail: String,
}

impl FlexPayError {
    /// `400` with a validation code (5xxxx) or, in the vault, a card check (30002, 30012).
    pub fn invalid(code: u32, detail: impl Into<String>) -> FlexPayError {
        FlexPayError {
            status: StatusCode::BAD_REQUEST,
            code,
            detail: detail.into(),
        }
    }

    /// `400 50000 Validation error`, for rules the docs state without giving them a code.
    pub fn validation(detail: impl Into<String>) -> FlexPayError {
        FlexPayError::invalid(50000, detail)
    }

    /// `401 50005`: no `Authorization: Basic` header, or not the configured key.
    pub fn unauthorized() -> FlexPayError {
        FlexPayError {
            status: StatusCode::UNAUTHORIZED,
            code: 50005,
            detail: "missing or invalid API key in the Authorization: Basic header".into(),
        }
    }

    /// `404` for an id in the path that names nothing.
    pub fn not_found(code: u32, detail: impl Into<String>) -> FlexPayError {
        FlexPayError {
            status: StatusCode::NOT_FOUND,
            code,
            detail: detail.into(),
        }
    }

    /// The response code it answers.
    pub fn code(&self) -> u32 {
        self.code
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    transaction: ErrorTransaction<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorTransaction<'a> {
    transaction_status: u8,
    response_code: String,
    message: &'static str,
    response: ErrorResponse<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorResponse<'a> {
    error_code: String,
    error_detail: &'a str,
}

impl IntoResponse for FlexPayError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            transaction: ErrorTransaction {
                transaction_status: 3,
                response_code: self.code.to_string(),
                message: codes::message(self.code),
                response: ErrorResponse {
                    error_code: self.code.to_string(),
                    error_detail: &self.detail,
                },
            },
        };
        (self.status, Json(body)).into_response()
    }
}
