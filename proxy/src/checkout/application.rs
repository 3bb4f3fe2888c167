//! One credit application at a time per checkout session: an application is recorded as in
//! flight before anything goes to Flexiti, and cleared when its decision is kept. Another sent
//! meanwhile (the first's answer timed out and the shopper tried again, a second tab) is refused
//! instead of asking Flexiti for credit a second time, which could open a second account or put a
//! second credit check on the applicant's file. Sent again once the first is decided, it is
//! answered with the decision the session kept: the account it opened
//! ([`super::HeldAccount::approval`]), or Flexiti's decline or review ([`RefusedApplication`]),
//! which Flexiti would otherwise be asked to make again, with a second credit check.

use serde::{Deserialize, Serialize};
use shared::ErrorCode;
use time::{Duration, OffsetDateTime};

use super::CheckoutSession;

/// An application sent to Flexiti and not decided yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationInFlight {
    /// When it was sent: also which one it is, so that a late end clears only its own mark.
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// An application Flexiti declined or put under review: the same application sent again is
/// answered with the same decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedApplication {
    /// The application, as [`super::CodeKey::fingerprint`] of all it said: one edited since (an
    /// income put right) is another, which Flexiti decides.
    pub application: String,
    /// `application_declined` or `application_pending`.
    pub code: ErrorCode,
}

impl CheckoutSession {
    /// Records an application as in flight at `now`. A mark older than `stale_after` is the
    /// trace of a proxy that stopped mid-application, and no longer holds the next one back.
    ///
    /// # Errors
    /// `application_in_progress` while another is with Flexiti.
    pub fn begin_application(
        &mut self,
        now: OffsetDateTime,
        stale_after: Duration,
    ) -> Result<(), ErrorCode> {
        let held = self
            .application_in_flight
            .as_ref()
            .is_some_and(|in_flight| now - in_flight.sent_at < stale_after);
        if held {
            return Err(ErrorCode::ApplicationInProgress);
        }
        self.application_in_flight = Some(ApplicationInFlight { sent_at: now });
        Ok(())
    }

    /// Ends the application begun at `sent_at`, if it is still the one in flight.
    pub fn end_application(&mut self, sent_at: OffsetDateTime) {
        self.application_in_flight
            .take_if(|in_flight| in_flight.sent_at == sent_at);
    }

    /// Keeps Flexiti's refusal of `application` (its fingerprint) when it is a decision on the
    /// applicant (a decline, a review), not a fault or a field to put right.
    pub fn keep_refusal(&mut self, application: &str, code: ErrorCode) {
        if matches!(
            code,
            ErrorCode::ApplicationDeclined | ErrorCode::ApplicationPending
        ) {
            self.application_refused = Some(RefusedApplication {
                application: application.to_owned(),
                code,
            });
        }
    }

    /// Flexiti's decision on `application` (its fingerprint) in this session, when it refused it.
    pub fn refusal_of(&self, application: &str) -> Option<ErrorCode> {
        let refused = self.application_refused.as_ref()?;
        (refused.application == application).then_some(refused.code)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::checkout::payment::tests::session;

    const STALE: Duration = Duration::seconds(60);

    #[test]
    fn a_second_application_waits_for_the_first_to_be_decided() {
        let sent = datetime!(2026-12-07 22:00 UTC);
        let mut session = session(sent);
        session.begin_application(sent, STALE).expect("the first");
        let later = sent + Duration::seconds(20);
        assert_eq!(
            session.begin_application(later, STALE),
            Err(ErrorCode::ApplicationInProgress)
        );
        session.end_application(sent);
        session
            .begin_application(later, STALE)
            .expect("once decided");
    }

    #[test]
    fn a_decision_is_kept_for_its_application_and_a_fault_is_not() {
        let mut session = session(datetime!(2026-12-07 22:00 UTC));
        session.keep_refusal("them", ErrorCode::UpstreamUnavailable);
        assert_eq!(session.refusal_of("them"), None, "a fault decides nothing");
        session.keep_refusal("them", ErrorCode::ApplicationDeclined);
        assert_eq!(
            session.refusal_of("them"),
            Some(ErrorCode::ApplicationDeclined)
        );
        assert_eq!(session.refusal_of("another application"), None);
    }

    #[test]
    fn a_mark_left_by_a_stopped_proxy_holds_nothing_back_once_stale() {
        let sent = datetime!(2026-12-07 22:00 UTC);
        let mut session = session(sent);
        session.begin_application(sent, STALE).expect("the first");
        let later = sent + STALE;
        session.begin_application(later, STALE).expect("stale");
        // The first one's end, late, leaves the second's mark alone.
        session.end_application(sent);
        assert_eq!(
            session.begin_application(later, STALE),
            Err(ErrorCode::ApplicationInProgress)
        );
    }
}
