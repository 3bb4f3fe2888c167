//! Who applies, and what the session already decided on their application: the bookkeeping
//! that keeps one application at a time with Flexiti and answers one sent again with the
//! decision kept (see [`crate::checkout::CheckoutSession::begin_application`]).

use axum::Json;
use shared::{ApplicationApproval, CreditApplication, ErrorCode, Locale};
use time::OffsetDateTime;

use super::super::keep;
use crate::{
    AppState,
    checkout::{CheckoutSession, CodeKey},
    error::AppError,
};

/// Who applies and with what, as the session's fingerprints of them (keyed by the client
/// token): their names and birth date (case and spaces at either end aside), for which the
/// account an application opened is kept; and the whole application, for which Flexiti's
/// refusal is kept (an application edited after a decline, its income put right, is another).
pub(super) struct Applicant {
    pub(super) person: String,
    pub(super) submitted: Option<String>,
}

impl Applicant {
    pub(super) fn of(application: &CreditApplication, key: &CodeKey) -> Applicant {
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
    pub(super) fn decided_in(&self, session: &CheckoutSession) -> Option<Decided> {
        if let Some(approval) = opened_here(session, &self.person) {
            return Some(Ok(approval));
        }
        session.refusal_of(self.submitted.as_deref()?).map(Err)
    }
}

/// Where [`begin`] left an application.
pub(super) enum Begun {
    /// Recorded as in flight at this time: Flexiti is to be asked.
    Sent(OffsetDateTime),
    /// The same application, sent a moment before, was decided meanwhile.
    Decided(Decided),
}

/// Flexiti's decision on an application: the new account's approval, or the refusal's code.
pub(super) type Decided = Result<ApplicationApproval, ErrorCode>;

/// The answer to an application decided before.
pub(super) fn answer(
    decided: Decided,
    locale: Locale,
) -> Result<Json<ApplicationApproval>, AppError> {
    decided
        .map(Json)
        .map_err(|code| AppError::new(code, locale).caused_by("decided before in this session"))
}

/// Records the application as in flight before Flexiti is asked.
///
/// # Errors
/// `application_in_progress` while another application of the session is with Flexiti.
pub(super) async fn begin(
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
pub(super) async fn end(
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

/// The approval of the account `applicant`'s application opened in `session`, while the
/// session holds it.
pub(super) fn opened_here(
    session: &CheckoutSession,
    applicant: &str,
) -> Option<ApplicationApproval> {
    let account = session.flexiti_account.as_ref()?;
    let theirs = account.opened_here && account.applicant.as_deref() == Some(applicant);
    theirs.then(|| account.approval.clone()).flatten()
}
