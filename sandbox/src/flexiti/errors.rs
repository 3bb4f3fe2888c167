//! Flexiti's error bodies. The docs show two shapes: the OAuth-style
//! `{ "code", "error", "error_description" }` (token and authorization failures) and the
//! endpoint-style `{ "url", "message", "error", "field_errors"? }`. We reproduce both.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// One entry of `field_errors` (`api-docs/001_...`, "Input Errors").
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    /// The parameter's name.
    pub param: String,
    /// What is wrong, e.g. `invalid`.
    pub msg: String,
    /// The value received.
    pub value: String,
    /// The validation that failed: `required`, `invalid`, `type` or `length`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// An error as the Flexiti API answers it.
#[derive(Debug, Clone)]
pub enum FlexitiError {
    /// OAuth-style body.
    OAuth {
        /// HTTP status.
        status: StatusCode,
        /// The `error` code.
        error: &'static str,
        /// The `error_description`.
        description: &'static str,
    },
    /// Endpoint-style body, with `field_errors` for `wrong_inputs`.
    Endpoint {
        /// HTTP status.
        status: StatusCode,
        /// The request path, echoed in `url`.
        url: String,
        /// The `error` code.
        error: &'static str,
        /// The `message`.
        message: &'static str,
        /// Present for input errors.
        field_errors: Vec<FieldError>,
    },
}

impl FlexitiError {
    /// `401 invalid_token`, as documented for every authenticated endpoint.
    pub fn invalid_token() -> FlexitiError {
        FlexitiError::OAuth {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_token",
            description: "The access token provided is invalid.",
        }
    }

    /// `400 invalid_client`.
    pub fn invalid_client(description: &'static str) -> FlexitiError {
        FlexitiError::OAuth {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_client",
            description,
        }
    }

    /// An endpoint-style refusal: `{ "url", "message", "error" }`.
    pub fn endpoint(
        status: StatusCode,
        url: &str,
        error: &'static str,
        message: &'static str,
    ) -> FlexitiError {
        FlexitiError::Endpoint {
            status,
            url: url.to_owned(),
            error,
            message,
            field_errors: Vec::new(),
        }
    }

    /// An OAuth-style refusal, the shape `customers/search` and `transactions` document:
    /// `{ "code", "error", "error_description" }`.
    pub fn coded(
        status: StatusCode,
        error: &'static str,
        description: &'static str,
    ) -> FlexitiError {
        FlexitiError::OAuth {
            status,
            error,
            description,
        }
    }

    /// `409 wrong_inputs` with the fields at fault.
    pub fn wrong_inputs(url: &str, field_errors: Vec<FieldError>) -> FlexitiError {
        FlexitiError::Endpoint {
            status: StatusCode::CONFLICT,
            url: url.to_owned(),
            error: "wrong_inputs",
            message: "Some inputs are wrong or missing!",
            field_errors,
        }
    }
}

#[derive(Serialize)]
struct OAuthBody {
    code: u16,
    error: &'static str,
    error_description: &'static str,
}

#[derive(Serialize)]
struct EndpointBody<'a> {
    url: &'a str,
    message: &'static str,
    error: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    field_errors: &'a [FieldError],
}

impl IntoResponse for FlexitiError {
    fn into_response(self) -> Response {
        match self {
            FlexitiError::OAuth {
                status,
                error,
                description,
            } => {
                let body = OAuthBody {
                    code: status.as_u16(),
                    error,
                    error_description: description,
                };
                (status, Json(body)).into_response()
            }
            FlexitiError::Endpoint {
                status,
                url,
                error,
                message,
                field_errors,
            } => {
                let body = EndpointBody {
                    url: &url,
                    message,
                    error,
                    field_errors: &field_errors,
                };
                (status, Json(body)).into_response()
            }
        }
    }
}
