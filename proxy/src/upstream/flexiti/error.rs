//! What can go wrong talking to Flexiti, and the one place where it is mapped to our catalogue.

use shared::{ApplicantField, ErrorCode, FieldProblem, Problem};

use crate::upstream::http::HttpError;

/// A failed Flexiti call.
#[derive(Debug, thiserror::Error)]
pub enum FlexitiError {
    /// Not reached, or no answer in time.
    #[error("Flexiti unreachable: {0}")]
    Unreachable(#[source] HttpError),
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
        /// `wrong_inputs`' `field_errors`: each parameter with the rule it broke.
        fields: Vec<(String, String)>,
    },
    /// The answer could not be read.
    #[error("Flexiti's answer could not be read: {0}")]
    Malformed(String),
}

impl FlexitiError {
    /// Whether a call that moves money may have gone through although no usable answer came
    /// back: sent but not answered in time, answered with an unreadable body, or with a server
    /// error. Such a call is settled by looking it up, never by sending it again. A connection
    /// that never opened sent nothing.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            FlexitiError::Unreachable(error) => !error.nothing_sent(),
            FlexitiError::Malformed(_) => true,
            FlexitiError::Rejected { status, .. } => *status >= 500,
            FlexitiError::Credentials(_) => false,
        }
    }

    /// The catalogue code the shopper's error carries.
    pub fn catalogue_code(&self) -> ErrorCode {
        match self {
            FlexitiError::Unreachable(_) => ErrorCode::UpstreamUnavailable,
            FlexitiError::Malformed(_) => ErrorCode::UpstreamError,
            FlexitiError::Credentials(_) => ErrorCode::NotAvailableHere,
            FlexitiError::Rejected { status, code, .. } => {
                catalogue_entry(code).unwrap_or(if *status >= 500 {
                    ErrorCode::UpstreamUnavailable
                } else {
                    ErrorCode::UpstreamError
                })
            }
        }
    }
}

impl FlexitiError {
    /// The application fields Flexiti refused (`wrong_inputs`), so the shopper sees each beside
    /// its field. A parameter the form does not ask for is left out: it is ours to get right.
    pub fn field_problems(&self) -> Vec<FieldProblem> {
        let FlexitiError::Rejected { fields, .. } = self else {
            return Vec::new();
        };
        let mut problems: Vec<FieldProblem> = fields
            .iter()
            .filter_map(|(param, rule)| {
                let field = ApplicantField::from_upstream(param)?;
                let problem = if rule == "required" {
                    Problem::Missing
                } else {
                    Problem::Format
                };
                Some(FieldProblem { field, problem })
            })
            .collect();
        problems.sort_by_key(|problem| problem.field);
        problems.dedup_by_key(|problem| problem.field);
        problems
    }
}

/// The catalogue entry of each error code the Flexiti docs list (`api-docs/000_...`, `001_...`,
/// `002_...`); `None` for a code they do not list.
pub fn catalogue_entry(code: &str) -> Option<ErrorCode> {
    let entry = match code {
        "wrong_inputs" | "wrong_input" | "invalid_account" | "date_from_bigger_than_date_to" => {
            ErrorCode::InvalidRequest
        }
        "not_found" => ErrorCode::NotFound,
        "general_error" | "generic_error" => ErrorCode::UpstreamError,
        "application_create_error" => ErrorCode::UpstreamUnavailable,
        // The store's own set-up: credentials, provisioning, permissions, configured options.
        "invalid_client"
        | "invalid_request"
        | "invalid_grant"
        | "invalid_token"
        | "insufficient_scope"
        | "Unauthorized"
        | "authentication_failure"
        | "invalid_role"
        | "not_permitted"
        | "auth_not_allowed"
        | "plan_term_not_set"
        | "account_type_not_permitted"
        | "merchant_override_is_not_allowed"
        | "regular_purchase_bypass_is_not_allowed"
        | "external_location_id_not_found"
        | "invalid_transaction_type"
        | "creditapp_id_not_found" => ErrorCode::NotAvailableHere,
        "tos_agreement_required" => ErrorCode::TermsNotAccepted,
        "customer_already_exists" => ErrorCode::AlreadyACustomer,
        "application_declined" | "application_declined_2" | "application_declined_3" => {
            ErrorCode::ApplicationDeclined
        }
        "application_marked_pending_1" | "application_marked_pending_2" => {
            ErrorCode::ApplicationPending
        }
        "not_verified" => ErrorCode::ApplicationChanged,
        "user_not_active" => ErrorCode::AccountNotActivated,
        "user_not_able_to_purchase" => ErrorCode::AccountUnavailable,
        "merchant_not_support_nonprime_regularpurchase" => ErrorCode::AccountNotAccepted,
        "vcc_account_mismatch" => ErrorCode::CardAccountMismatch,
        "secret_answer_mismatch" => ErrorCode::WrongSecurityAnswer,
        "piw_mismatch" => ErrorCode::PiwMismatch,
        "tries_exceed" => ErrorCode::TooManyTries,
        "wrong_verification_code" => ErrorCode::WrongVerificationCode,
        "verification_code_required" | "customer_identity_not_found" => {
            ErrorCode::VerificationRequired
        }
        "sms_not_valid_phone" => ErrorCode::NoPhoneOnFile,
        "not_enough_credit" | "credit_exceeded" => ErrorCode::NotEnoughCredit,
        "limit_payment_amount_24" => ErrorCode::DailyLimitReached,
        "plan_term_not_available" => ErrorCode::PlanNotAvailable,
        "auth_amount_exceeded" => ErrorCode::ExceedsAuthorization,
        "authorization_ended" | "authorization_unauthorized" => ErrorCode::AuthorizationClosed,
        "capture_amount_exceeded" | "refunds_limit_exceeded_amount" => ErrorCode::ExceedsCapture,
        "return_date_exceeded" => ErrorCode::ReturnWindowClosed,
        "wrong_transaction_type" | "no_returns_found" => ErrorCode::NotReturnable,
        _ => return None,
    };
    Some(entry)
}

impl From<HttpError> for FlexitiError {
    fn from(error: HttpError) -> Self {
        match error {
            HttpError::TooLarge => FlexitiError::Malformed(error.to_string()),
            error => FlexitiError::Unreachable(error),
        }
    }
}
