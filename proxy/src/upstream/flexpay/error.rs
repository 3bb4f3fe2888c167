//! What can go wrong talking to FlexPay, and the one place where it is mapped to our catalogue.
//!
//! A decline is not an error: FlexPay answers it `200` as a processed transaction, and the client
//! returns it as a [`CardTransaction`](super::CardTransaction) whose outcome says so.

use shared::{CardOutcome, CardOutcomeClass, ErrorCode, GatewayStatus, card_outcome};

use crate::upstream::http::HttpError;

/// A failed FlexPay call.
#[derive(Debug, thiserror::Error)]
pub enum FlexPayError {
    /// Not reached, or no (complete) answer in time.
    #[error("FlexPay unreachable: {0}")]
    Unreachable(#[source] HttpError),
    /// Our API key was refused (`401`), or cannot be sent: a configuration problem, not the
    /// shopper's.
    #[error("FlexPay refused our credentials: {0}")]
    Credentials(String),
    /// FlexPay refused the request as submitted (`400`); the docs say not to retry it.
    #[error("FlexPay refused the request: {status} {response_code:?} ({message})")]
    Invalid {
        /// HTTP status.
        status: u16,
        /// The response code of the answer (e.g. 50129, or 30002 for a card number the vault
        /// refuses), when it carried one.
        response_code: Option<u32>,
        /// FlexPay's own text, for logs only: never shown to shoppers.
        message: String,
    },
    /// The transaction or payment method in the path does not exist (`404`).
    #[error("FlexPay found nothing there: {response_code:?}")]
    NotFound {
        /// The response code of the answer, when it carried one.
        response_code: Option<u32>,
    },
    /// FlexPay failed to process the request (`5xx`, or a `429`/`408` asking us to come back).
    #[error("FlexPay is unavailable: {status}")]
    Unavailable {
        /// HTTP status.
        status: u16,
    },
    /// The answer could not be read.
    #[error("FlexPay's answer could not be read: {0}")]
    Malformed(String),
}

impl FlexPayError {
    /// The catalogue code the shopper's error carries.
    pub fn catalogue_code(&self) -> ErrorCode {
        match self {
            FlexPayError::Unreachable(_) | FlexPayError::Unavailable { .. } => {
                ErrorCode::UpstreamUnavailable
            }
            FlexPayError::Credentials(_) => ErrorCode::NotAvailableHere,
            FlexPayError::Malformed(_) => ErrorCode::UpstreamError,
            FlexPayError::Invalid { .. } => ErrorCode::InvalidRequest,
            FlexPayError::NotFound { .. } => ErrorCode::NotFound,
        }
    }

    /// FlexPay's response code, when the answer carried one.
    pub fn response_code(&self) -> Option<u32> {
        match self {
            FlexPayError::Invalid { response_code, .. }
            | FlexPayError::NotFound { response_code } => *response_code,
            _ => None,
        }
    }

    /// For a refusal that is FlexPay's verdict on the card (a decline or risk code, e.g. the vault
    /// refusing a number that fails the Luhn check, 30002), the outcome whose copy tells the
    /// shopper what to fix. `None` for everything else, validation codes included: those are ours
    /// to fix, and [`catalogue_code`](FlexPayError::catalogue_code) covers them.
    pub fn card_outcome(&self) -> Option<CardOutcome> {
        let FlexPayError::Invalid {
            response_code: Some(code),
            ..
        } = *self
        else {
            return None;
        };
        let verdict = matches!(
            card_outcome::classify(code),
            Some(
                CardOutcomeClass::SoftDecline
                    | CardOutcomeClass::HardDecline
                    | CardOutcomeClass::Risk
            )
        );
        verdict.then(|| CardOutcome::new(code, GatewayStatus::Declined))
    }

    /// Whether FlexPay may have processed the request even though we have no answer: the request
    /// may have left before the failure. After a charge, authorize, capture, void or refund the
    /// attempt's state is then unknown: look it up by its `merchantTransactionId`
    /// ([`FlexPayClient::find_transaction`](super::FlexPayClient::find_transaction)), never send
    /// it again under a new one.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            FlexPayError::Unreachable(error) => !error.nothing_sent(),
            FlexPayError::Unavailable { .. } | FlexPayError::Malformed(_) => true,
            FlexPayError::Credentials(_)
            | FlexPayError::Invalid { .. }
            | FlexPayError::NotFound { .. } => false,
        }
    }
}

impl From<HttpError> for FlexPayError {
    fn from(error: HttpError) -> Self {
        match error {
            HttpError::TooLarge => FlexPayError::Malformed(error.to_string()),
            error => FlexPayError::Unreachable(error),
        }
    }
}

/// A JSON error that names where it happened but carries none of the body's values.
pub(super) fn malformed_json(error: &serde_json::Error) -> FlexPayError {
    FlexPayError::Malformed(format!(
        "{:?} error at line {} column {}",
        error.classify(),
        error.line(),
        error.column()
    ))
}
