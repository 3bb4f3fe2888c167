//! What can go wrong talking to Flexiti, and the one place where it is mapped to our catalogue.

use shared::ErrorCode;

/// A failed Flexiti call.
#[derive(Debug, thiserror::Error)]
pub enum FlexitiError {
    /// Not reached, or no answer in time.
    #[error("Flexiti unreachable: {0}")]
    Unreachable(#[source] reqwest::Error),
    /// Our credentials were refused (`invalid_client`, a wrong merchant login, or a token refused
    /// twice): a configuration problem, not the shopper's.
    #[error("Flexiti refused our credentials: {0}")]
    Credentials(String),
    /// Flexiti answered with a documented error code.
    #[error("Flexiti answered {status} {code}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The `error` field of the body.
        code: String,
    },
    /// The answer could not be read.
    #[error("Flexiti's answer could not be read: {0}")]
    Malformed(String),
}

impl FlexitiError {
    /// The catalogue code the shopper's error carries.
    pub fn catalogue_code(&self) -> ErrorCode {
        match self {
            FlexitiError::Unreachable(_) => ErrorCode::UpstreamUnavailable,
            FlexitiError::Credentials(_) | FlexitiError::Malformed(_) => ErrorCode::UpstreamError,
            FlexitiError::Rejected { status, code } => match (status, code.as_str()) {
                (_, "wrong_inputs" | "wrong_input") => ErrorCode::InvalidRequest,
                (404, _) | (_, "not_found") => ErrorCode::NotFound,
                (500.., _) => ErrorCode::UpstreamUnavailable,
                _ => ErrorCode::UpstreamError,
            },
        }
    }
}

impl From<reqwest::Error> for FlexitiError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_decode() {
            FlexitiError::Malformed(error.to_string())
        } else {
            FlexitiError::Unreachable(error.without_url())
        }
    }
}
