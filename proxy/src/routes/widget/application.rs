//! Applying for Flexiti credit in the widget, and, in Quebec, declining the account just opened.
//!
//! An application is accepted only with a receipt of the terms it agrees to: the terms this
//! session served for the applicant's province and language, by the digest of the exact HTML.
//! Once approved, the new account is verified with the security answer the applicant just chose,
//! so the checkout can be paid with it at once.

use axum::{Json, extract::State, http::StatusCode};
use secrecy::SecretString;
use shared::{
    ApiError, ApplicationApproval, CalendarDate, CreditApplication, ErrorCode, Locale,
    PaymentMethod, PlanOffer, paths,
};
use time::OffsetDateTime;

use super::{WidgetSession, account::account_may_change, answered_meanwhile, keep, offered};
use crate::{
    AppState,
    checkout::{CheckoutSession, CodeKey, ConsentReceipt, HeldAccount, TermsShown},
    envelope::{Throttled, counted},
    error::AppError,
    routes::ApiJson,
    upstream::flexiti::{AccountQuery, Approved, FlexitiError, Verification, Verified},
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

/// Flexiti's refusal, with the fields it names (`wrong_inputs`) for the shopper to put right.
fn refused(locale: Locale) -> impl FnOnce(FlexitiError) -> AppError {
    move |error| {
        let fields = error.field_problems();
        AppError::upstream(locale)(error).fields(fields)
    }
}

/// The plans the new account may use: `apply` names them in Quebec; elsewhere the account's
/// own lookup does. Without them the shopper can still pay from the account flow.
async fn plans_of(state: &AppState, approved: &Approved, locale: Locale) -> Vec<PlanOffer> {
    if !approved.approval.offers.is_empty() {
        return approved.approval.offers.clone();
    }
    let query = AccountQuery::Card(approved.vcc_number.clone());
    match state.flexiti.lookup(&query, locale).await {
        Ok(found) => found.summary.offers,
        Err(error) => {
            tracing::warn!(%error, "reading the new account's plans failed");
            Vec::new()
        }
    }
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

/// Who applies and with what, as the session's fingerprints of them (keyed by the client
/// token): their names and birth date (case and spaces at either end aside), for which the
/// account an application opened is kept; and the whole application, for which Flexiti's
/// refusal is kept (an application edited after a decline, its income put right, is another).
struct Applicant {
    person: String,
    submitted: Option<String>,
}

impl Applicant {
    fn of(application: &CreditApplication, key: &CodeKey) -> Applicant {
        let name = |text: &str| text.trim().to_lowercase();
        let person = key.fingerprint(&format!(
            "{}\n{}\n{}",
            name(&application.first_name),
            name(&application.last_name),
            application.dob.trim()
        ));
        // Without it (it cannot fail for plain fields), no refusal is kept for this one.
        let submitted = serde_json::to_string(application)
            .ok()
            .map(|text| key.fingerprint(&text));
        Applicant { person, submitted }
    }

    /// What `session` already decided on this application: the approval of the account it
    /// opened for this person (while the session holds it), or Flexiti's decline or review of
    /// this very application.
    fn decided_in(&self, session: &CheckoutSession) -> Option<Decided> {
        if let Some(approval) = opened_here(session, &self.person) {
            return Some(Ok(approval));
        }
        session.refusal_of(self.submitted.as_deref()?).map(Err)
    }
}

/// Where [`begin`] left an application.
enum Begun {
    /// Recorded as in flight at this time: Flexiti is to be asked.
    Sent(OffsetDateTime),
    /// The same application, sent a moment before, was decided meanwhile.
    Decided(Decided),
}

/// Flexiti's decision on an application: the new account's approval, or the refusal's code.
type Decided = Result<ApplicationApproval, ErrorCode>;

/// The answer to an application decided before.
fn answer(decided: Decided, locale: Locale) -> Result<Json<ApplicationApproval>, AppError> {
    decided
        .map(Json)
        .map_err(|code| AppError::new(code, locale).caused_by("decided before in this session"))
}

/// Records the application as in flight before Flexiti is asked.
///
/// # Errors
/// `application_in_progress` while another application of the session is with Flexiti.
async fn begin(
    state: &AppState,
    session: &CheckoutSession,
    applicant: &Applicant,
) -> Result<Begun, AppError> {
    let now = OffsetDateTime::now_utc();
    // Each of the calls an application makes (the token, `widget/init`, `apply`, the plans,
    // the verification) may take the upstream timeout: past five of them, the mark is stale.
    let stale_after = state.reconcile.grace * 5;
    let mut decided = None;
    keep(state, session, |current| {
        decided = applicant.decided_in(current);
        if decided.is_some() {
            return Ok(());
        }
        current
            .begin_application(now, stale_after)
            .map_err(|code| AppError::new(code, current.locale))
    })
    .await?;
    Ok(decided.map_or(Begun::Sent(now), Begun::Decided))
}

/// Ends the application begun at `sent_at`, keeping Flexiti's refusal of it when it is a
/// decision on the applicant (see [`CheckoutSession::keep_refusal`]).
async fn end(
    state: &AppState,
    session: &CheckoutSession,
    sent_at: OffsetDateTime,
    refused: Option<(&Applicant, ErrorCode)>,
) {
    let ended = keep(state, session, |current| {
        current.end_application(sent_at);
        if let Some((applicant, code)) = refused
            && let Some(submitted) = &applicant.submitted
        {
            current.keep_refusal(submitted, code);
        }
        Ok(())
    })
    .await;
    if let Err(error) = ended {
        // The mark goes stale on its own; until then the applicant is asked to wait.
        tracing::warn!(code = ?error.code(), "an application's end is not noted in its session");
    }
}

/// An application recorded as in flight, on its way to Flexiti.
struct Applying<'a> {
    application: &'a CreditApplication,
    applicant: &'a Applicant,
    terms: TermsShown,
    sent_at: OffsetDateTime,
}

/// Why an application ended without an approval.
enum NotDecided {
    /// Flexiti answered, or was never asked to adjudicate: the mark goes.
    Refused(AppError),
    /// Flexiti's answer to `apply` never came: it may still be deciding, and the mark stays
    /// until stale, so that the shopper trying again does not have their credit checked twice.
    Unknown(AppError),
}

impl From<AppError> for NotDecided {
    fn from(error: AppError) -> NotDecided {
        NotDecided::Refused(error)
    }
}

/// Flexiti adjudicates `applying`; approved, the new account is verified and kept in the
/// session, with the consent and the application's end in the same write.
async fn decide(
    state: &AppState,
    session: &CheckoutSession,
    key: &CodeKey,
    applying: Applying<'_>,
) -> Result<Json<ApplicationApproval>, NotDecided> {
    let (locale, application) = (session.locale, applying.application);
    let widget_session = state
        .flexiti
        .widget_init(application)
        .await
        .map_err(refused(locale))?;
    let mut approved = match state
        .flexiti
        .apply(application, Some(&widget_session))
        .await
    {
        Ok(approved) => approved,
        Err(error) => return not_approved(state, session, &applying, error).await,
    };
    approved.approval.offers = plans_of(state, &approved, locale).await;
    let code = verify_new(state, &approved, application, key, locale).await?;
    let account = HeldAccount {
        customer_id: approved.customer_id,
        account_number: approved.account_number,
        available_credit_cents: Some(approved.approval.available_credit_cents),
        verification_started: code.is_some(),
        sealed_code: code,
        cancellable: approved.approval.debt_ratio_basis_points.is_some(),
        opened_here: true,
        receipt: None,
        approval: Some(approved.approval.clone()),
        applicant: Some(applying.applicant.person.clone()),
    };
    let receipt = ConsentReceipt {
        terms: applying.terms,
        agreed_at: OffsetDateTime::now_utc(),
    };
    // Flexiti has opened the account: what the applicant agreed to is kept whatever follows. A
    // payment begun meanwhile (another tab) keeps the session's account; the new one is then
    // left to the operator, by its customer id in the log.
    let customer_id = account.customer_id;
    let mut opened_aside = None;
    keep(state, session, |current| {
        current.consent = Some(receipt);
        current.end_application(applying.sent_at);
        match account_may_change(current) {
            Ok(()) => current.flexiti_account = Some(account),
            Err(refusal) => opened_aside = Some(refusal),
        }
        Ok(())
    })
    .await?;
    if let Some(refusal) = opened_aside {
        tracing::error!(
            customer_id,
            "an account opened while a payment was in flight is not the session's"
        );
        return Err(refusal.into());
    }
    Ok(Json(approved.approval))
}

/// Flexiti's `apply` did not approve: why, for the shopper. Refused as already a customer, the
/// same application sent twice at once may have opened the account meanwhile (a mark gone
/// stale); then that account's approval, the mark ended here.
async fn not_approved(
    state: &AppState,
    session: &CheckoutSession,
    applying: &Applying<'_>,
    error: FlexitiError,
) -> Result<Json<ApplicationApproval>, NotDecided> {
    let unknown = error.outcome_unknown();
    let refusal = refused(session.locale)(error);
    if unknown {
        return Err(NotDecided::Unknown(refusal));
    }
    if refusal.code() != ErrorCode::AlreadyACustomer {
        return Err(NotDecided::Refused(refusal));
    }
    let person = &applying.applicant.person;
    let approval =
        answered_meanwhile(state, session, refusal, |now| opened_here(now, person)).await?;
    end(state, session, applying.sent_at, None).await;
    Ok(approval)
}

/// Verifies the account just opened with the security answer the applicant just chose: the
/// code it gives, sealed for the purchase; `None` if Flexiti sent it to the applicant instead,
/// or if the verification failed (the account exists: the shopper can still verify by another
/// way to pay with it).
async fn verify_new(
    state: &AppState,
    approved: &Approved,
    application: &CreditApplication,
    key: &CodeKey,
    locale: Locale,
) -> Result<Option<crate::checkout::SealedCode>, AppError> {
    let answer = Verification::SecurityQuestion {
        question_id: application.security_question_id.clone(),
        answer: SecretString::from(application.security_answer.expose().to_owned()),
    };
    match state
        .flexiti
        .verify(approved.customer_id, &answer, None)
        .await
    {
        Ok(Verified::Code(code)) => Ok(Some(super::account::seal(key, &code, locale)?)),
        Ok(Verified::CodeSent(_)) => Ok(None),
        Err(error) => {
            tracing::warn!(%error, "verifying a new account failed");
            Ok(None)
        }
    }
}

/// The approval of the account `applicant`'s application opened in `session`, while the
/// session holds it.
fn opened_here(session: &CheckoutSession, applicant: &str) -> Option<ApplicationApproval> {
    let account = session.flexiti_account.as_ref()?;
    let theirs = account.opened_here && account.applicant.as_deref() == Some(applicant);
    theirs.then(|| account.approval.clone()).flatten()
}

/// `POST /api/v1/applications/cancel`: a Quebec applicant declines the account just opened,
/// before using it.
#[utoipa::path(post, path = paths::APPLICATION_CANCEL, tag = "widget",
    security(("client_token" = [])),
    responses(
        (status = 204, description = "The account is closed (sent again after it was: the same answer)"),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 400, description = "No account to cancel in this session", body = ApiError),
        (status = 409, description = "The checkout is already paid (a used account stays open), or a payment is in flight", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
    ))]
pub(super) async fn cancel(
    State(state): State<AppState>,
    session: WidgetSession,
) -> Result<StatusCode, AppError> {
    let session = session.open()?;
    let locale = session.locale;
    // The account leaves the session before Flexiti closes it: a purchase started meanwhile
    // finds no account to pay with, and one already in flight keeps it (`payment_in_progress`).
    let (mut claimed, mut declined) = (None, false);
    keep(&state, &session, |current| {
        account_may_change(current)?;
        declined = current.declined_account && current.flexiti_account.is_none();
        claimed = current
            .flexiti_account
            .take_if(|account| account.cancellable);
        if claimed.is_some() {
            // Until Flexiti closes this one, a cancellation sent again is not answered as done.
            current.declined_account = false;
        }
        Ok(())
    })
    .await?;
    let Some(account) = claimed else {
        if declined {
            // Sent again (its answer lost on the way): the account is closed.
            return Ok(StatusCode::NO_CONTENT);
        }
        return Err(AppError::new(ErrorCode::InvalidRequest, locale)
            .caused_by("no cancellable account in this session"));
    };
    if let Err(error) = state.flexiti.close_account(account.account_number).await {
        give_back(&state, &session, account).await;
        return Err(AppError::upstream(locale)(error));
    }
    let noted = keep(&state, &session, |current| {
        current.declined_account = true;
        Ok(())
    })
    .await;
    if let Err(error) = noted {
        // Closed all the same; only a cancellation sent again would now be refused.
        tracing::warn!(code = ?error.code(), "the declined account is not noted in its session");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Puts back `account`, which Flexiti did not close: the applicant may try the cancel again, or
/// pay with it. Unless another account came meanwhile (a lookup in another tab): the one still
/// open is then left to the operator, by its customer id in the log.
async fn give_back(state: &AppState, session: &CheckoutSession, account: HeldAccount) {
    let customer_id = account.customer_id;
    let mut put_back = false;
    let kept = keep(state, session, |current| {
        if current.flexiti_account.is_none() {
            current.flexiti_account = Some(account);
            put_back = true;
        }
        Ok(())
    })
    .await;
    if let Err(error) = kept {
        tracing::error!(customer_id, code = ?error.code(), "an account Flexiti did not close is out of its session");
    } else if !put_back {
        tracing::error!(
            customer_id,
            "an account Flexiti did not close is out of its session: another took its place"
        );
    }
}
