//! Flexiti's decision on an application recorded as in flight: `widget/init`, `apply`, the new
//! account's plans and its verification, then the account kept in the session.

use axum::Json;
use secrecy::SecretString;
use shared::{ApplicationApproval, CreditApplication, ErrorCode, Locale, PlanOffer};
use time::OffsetDateTime;

use super::{
    super::{account::account_may_change, answered_meanwhile, keep},
    applicant::{Applicant, end, opened_here},
};
use crate::{
    AppState,
    checkout::{CheckoutSession, CodeKey, ConsentReceipt, HeldAccount, SealedCode, TermsShown},
    error::AppError,
    upstream::flexiti::{AccountQuery, Approved, FlexitiError, Verification, Verified},
};

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

/// An application recorded as in flight, on its way to Flexiti.
pub(super) struct Applying<'a> {
    pub(super) application: &'a CreditApplication,
    pub(super) applicant: &'a Applicant,
    pub(super) terms: TermsShown,
    pub(super) sent_at: OffsetDateTime,
}

/// Why an application ended without an approval.
pub(super) enum NotDecided {
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
pub(super) async fn decide(
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
) -> Result<Option<SealedCode>, AppError> {
    let answer = Verification::SecurityQuestion {
        question_id: application.security_question_id.clone(),
        answer: SecretString::from(application.security_answer.expose().to_owned()),
    };
    match state
        .flexiti
        .verify(approved.customer_id, &answer, None)
        .await
    {
        Ok(Verified::Code(code)) => Ok(Some(super::super::account::seal(key, &code, locale)?)),
        Ok(Verified::CodeSent(_)) => Ok(None),
        Err(error) => {
            tracing::warn!(%error, "verifying a new account failed");
            Ok(None)
        }
    }
}
