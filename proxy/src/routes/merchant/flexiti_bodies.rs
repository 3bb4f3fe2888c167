//! Our JSON of Flexiti authorizations and captures, amounts in cents and the account left out,
//! and the range of days their listings take.

use serde::{Deserialize, Serialize};
use shared::{ErrorCode, Locale};
use time::Date;

use crate::{
    error::AppError,
    upstream::flexiti::{Authorization, AuthorizationStatus, Capture, DateRange},
};

/// A credit authorization: open-to-buy held on a shopper's account until captured or released.
/// The account itself is not shown.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuthorizationBody {
    /// Flexiti's id.
    id: u64,
    /// What was authorized, in cents.
    amount: u64,
    /// What is still held, neither captured nor released, in cents.
    amount_remaining: u64,
    status: AuthorizationState,
    /// The financing plan (`0` for a regular purchase).
    plan_id: String,
    /// The plan's term in months; none for a regular purchase.
    term: Option<u32>,
    /// The day it was made, `YYYY-MM-DD`.
    created: String,
    /// What has been captured from it.
    captures: Vec<CaptureBody>,
}

/// A capture: a posted purchase, part of which may have been returned.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaptureBody {
    /// Flexiti's id.
    id: u64,
    /// The authorization it was captured from.
    authorization_id: u64,
    /// Captured, in cents.
    amount: u64,
    /// Returned so far, in cents.
    amount_returned: u64,
    /// What can still be returned, in cents.
    amount_returnable: u64,
    /// The day it was captured, `YYYY-MM-DD` (returns close 100 days later).
    created: String,
}

/// Where an authorization stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizationState {
    /// Something is still held: it can be captured or released.
    Open,
    /// Nothing is held any more.
    Closed,
    /// The account can no longer purchase (closed or frozen since the hold).
    Unauthorized,
    /// Held back by Flexiti.
    OnHold,
    /// A status Flexiti's docs do not name: treat it as not capturable.
    Unknown,
}

/// The authorization list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuthorizationList {
    authorizations: Vec<AuthorizationBody>,
}

/// The capture list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaptureList {
    captures: Vec<CaptureBody>,
}

/// `?date_from=&date_to=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DateQuery {
    /// The first day, `YYYY-MM-DD`, included; open when absent.
    #[param(format = Date)]
    date_from: Option<String>,
    /// The last day, `YYYY-MM-DD`, included; open when absent.
    #[param(format = Date)]
    date_to: Option<String>,
}

impl From<&Capture> for CaptureBody {
    fn from(capture: &Capture) -> CaptureBody {
        CaptureBody {
            id: capture.id.0,
            authorization_id: capture.authorization_id.0,
            amount: capture.amount_cents,
            amount_returned: capture.returned_cents,
            amount_returnable: capture.returnable_cents(),
            created: capture.created.to_string(),
        }
    }
}

impl From<&Authorization> for AuthorizationBody {
    fn from(authorization: &Authorization) -> AuthorizationBody {
        AuthorizationBody {
            id: authorization.id.0,
            amount: authorization.amount_cents,
            amount_remaining: authorization.remaining_cents,
            status: match authorization.status {
                AuthorizationStatus::Open => AuthorizationState::Open,
                AuthorizationStatus::Closed => AuthorizationState::Closed,
                AuthorizationStatus::Unauthorized => AuthorizationState::Unauthorized,
                AuthorizationStatus::OnHold => AuthorizationState::OnHold,
                AuthorizationStatus::Unrecognized => AuthorizationState::Unknown,
            },
            plan_id: authorization.plan_id.clone(),
            term: authorization.term,
            created: authorization.created.to_string(),
            captures: authorization
                .captures
                .iter()
                .map(CaptureBody::from)
                .collect(),
        }
    }
}

impl From<&[Authorization]> for AuthorizationList {
    fn from(listed: &[Authorization]) -> AuthorizationList {
        let authorizations = listed.iter().map(AuthorizationBody::from).collect();
        AuthorizationList { authorizations }
    }
}

impl From<&[Capture]> for CaptureList {
    fn from(listed: &[Capture]) -> CaptureList {
        let captures = listed.iter().map(CaptureBody::from).collect();
        CaptureList { captures }
    }
}

impl DateQuery {
    /// The range, each end `YYYY-MM-DD`; the first day after the last is refused here.
    pub(super) fn range(&self) -> Result<DateRange, AppError> {
        let from = day(self.date_from.as_deref(), "date_from")?;
        let to = day(self.date_to.as_deref(), "date_to")?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(invalid("date_from", "date_from is after date_to"));
        }
        Ok(DateRange { from, to })
    }
}

fn invalid(param: &'static str, cause: &str) -> AppError {
    AppError::new(ErrorCode::InvalidRequest, Locale::default())
        .param(param)
        .caused_by(cause)
}

/// `YYYY-MM-DD`, or nothing. An empty value is a mistake, not "no filter": a merchant's code
/// that meant a date and sent none should hear so rather than get every record.
fn day(text: Option<&str>, param: &'static str) -> Result<Option<Date>, AppError> {
    let Some(text) = text else {
        return Ok(None);
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format)
        .map(Some)
        .map_err(|_| invalid(param, "not a YYYY-MM-DD date"))
}
