//! Applying for Flexiti credit in the widget, and, in Quebec, declining the account just opened.
//!
//! An application is accepted only with a receipt of the terms it agrees to: the terms this
//! session served for the applicant's province and language, by the digest of the exact HTML.
//! Once approved, the new account is verified with the security answer the applicant just chose,
//! so the checkout can be paid with it at once. One application at a time per session, and the
//! same one sent again is answered with the decision kept ([`applicant`]).

mod applicant;
mod deciding;
pub(super) mod declining;

use axum::{Json, extract::State};
use shared::{
    ApiError, ApplicationApproval, CalendarDate, CreditApplication, ErrorCode, Locale,
    PaymentMethod, paths,
};
use time::OffsetDateTime;

use self::{
    applicant::{Applicant, Begun, answer, begin, end},
    deciding::{Applying, NotDecided, decide},
};
use super::{account::account_may_change, offered};
use crate::{
    AppState,
    checkout::{CheckoutSession, CodeKey, TermsShown},
    envelope::{Throttled, counted},
    error::AppError,
    routes::ApiJson,
};

/// Today in Canada's calendar, near enough: an 18th birthday is counted on the UTC date.
fn today() -> CalendarDate {
    let now = OffsetDateTime::now_utc().date();
    CalendarDate::new(
        u16::try_from(now.year()).unwrap_or(u16::MAX),
        u8::from(now.month()),
        now.day(),
    )
    .expect("`time` hands out real dates")
}

/// The same rules the widget ran: a form that breaks one is refused with each field's problem.
fn check_fields(application: &CreditApplication, locale: Locale) -> Result<(), AppError> {
    let problems = application.problems(today(), None);
    if problems.is_empty() {
        return Ok(());
    }
    Err(AppError::new(ErrorCode::InvalidRequest, locale)
        .caused_by(format_args!("{} fields refused", problems.len()))
        .fields(problems))
}

/// The terms this session served for the applicant's province, in the application's language.
fn terms_agreed(
    session: &CheckoutSession,
    application: &CreditApplication,
) -> Result<TermsShown, AppError> {
    let refused = || AppError::new(ErrorCode::TermsNotAccepted, session.locale);
    if !application.terms_accepted {
        return Err(refused().caused_by("terms not agreed"));
    }
    let province = application.province.to_ascii_uppercase();
    session
        .terms_shown
        .iter()
        .filter(|shown| shown.province == province)
        .find(|shown| shown.locale == application.language)
        .or_else(|| {
            session
                .terms_shown
                .iter()
                .find(|shown| shown.province == province)
        })
        .cloned()
        .ok_or_else(|| refused().caused_by("the terms for this province were never shown"))
}

/// `POST /api/v1/applications`: Flexiti adjudicates; approved, the account is the session's.
#[utoipa::path(post, path = paths::APPLICATIONS, tag = "widget", request_body = CreditApplication,
    security(("client_token" = [])),
    responses(
        (status = 200, description = "Approved: the credit, and in Quebec the debt ratio", body = ApplicationApproval),
        (status = 400, description = "A field is missing or wrong", body = ApiError),
        (status = 429, description = "Too many tries in a short time: wait for `Retry-After`", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 409, description = "Declined, pending, already a customer, terms not agreed, a payment or another application in flight...", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
    ))]
pub(super) async fn apply(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Apply>,
    key: CodeKey,
    ApiJson(application): ApiJson<CreditApplication>,
) -> Result<Json<ApplicationApproval>, AppError> {
    let session = session.open()?;
    offered(&session, PaymentMethod::CreditApplication)?;
    check_fields(&application, session.locale)?;
    account_may_change(&session)?;
    let applicant = Applicant::of(&application, &key);
    if let Some(decided) = applicant.decided_in(&session) {
        // Sent again (its answer lost on the way, a second tab): the same decision.
        return answer(decided, session.locale);
    }
    let terms = terms_agreed(&session, &application)?;
    let sent_at = match begin(&state, &session, &applicant).await? {
        Begun::Sent(sent_at) => sent_at,
        Begun::Decided(decided) => return answer(decided, session.locale),
    };
    let applying = Applying {
        application: &application,
        applicant: &applicant,
        terms,
        sent_at,
    };
    match decide(&state, &session, &key, applying).await {
        Ok(approval) => Ok(approval),
        // Flexiti may still be deciding: the mark holds the next application back until stale.
        Err(NotDecided::Unknown(error)) => Err(error),
        Err(NotDecided::Refused(error)) => {
            let refusal = (&applicant, error.code());
            end(&state, &session, sent_at, Some(refusal)).await;
            Err(error)
        }
    }
}
