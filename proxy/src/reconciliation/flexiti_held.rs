//! Finding a Flexiti authorization's follow-up (a capture, a release, a return of a capture)
//! whose answer was lost. Flexiti lists no reference of ours, so the authorization as it is now is
//! compared with what the follow-up found before it was sent ([`HeldBefore`], in the ledger). One
//! follow-up of an authorization (of a capture, for a return) is unsettled at a time on every
//! proxy sharing the database, so the difference is this follow-up's or nothing; a difference of
//! another size (a capture made in Flexiti's own tools meanwhile) is left unsettled and logged.

use std::fmt;

use crate::{
    AppState,
    checkout::{FollowUpKind, FollowUpRecord, HeldBefore},
    upstream::flexiti::{Authorization, AuthorizationId, CaptureId},
};

/// What a Flexiti follow-up acts on: an authorization (a capture, a release) or one of its
/// captures (a return). Its text is the ledger's `original`, so that the ledger's one follow-up
/// at a time holds per authorization, and per capture for returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldTarget {
    /// The authorization.
    pub authorization: AuthorizationId,
    /// The capture a return gives back part of.
    pub capture: Option<CaptureId>,
}

const AUTHORIZATION: &str = "flexiti-authorization-";
const CAPTURE: &str = "-capture-";

impl fmt::Display for HeldTarget {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{AUTHORIZATION}{}", self.authorization)?;
        match self.capture {
            Some(capture) => write!(formatter, "{CAPTURE}{capture}"),
            None => Ok(()),
        }
    }
}

impl HeldTarget {
    /// The target a ledger `original` names; `None` for anything else (a card transaction, a
    /// Flexiti purchase a session refund gives back part of).
    pub fn parse(original: &str) -> Option<HeldTarget> {
        let rest = original.strip_prefix(AUTHORIZATION)?;
        let (authorization, capture) = match rest.split_once(CAPTURE) {
            Some((authorization, capture)) => (authorization, Some(capture.parse().ok()?)),
            None => (rest, None),
        };
        Some(HeldTarget {
            authorization: AuthorizationId(authorization.parse().ok()?),
            capture: capture.map(CaptureId),
        })
    }
}

/// What the authorization now says of a follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// It moved the money: its upstream id (the capture's; the authorization's for a release).
    Done(String),
    /// Nothing moved (yet: a follow-up still on its way may move it later).
    NotDone,
    /// The authorization moved by something else than this follow-up.
    Unclear,
}

/// What `now` says of the follow-up `record` of `target`, which found `before`.
pub fn difference(
    record: &FollowUpRecord,
    target: HeldTarget,
    before: HeldBefore,
    now: &Authorization,
) -> Difference {
    let asked = record.amount_cents.unwrap_or(before.cents);
    let Some(expected) = before.cents.checked_sub(asked).filter(|_| asked > 0) else {
        return Difference::Unclear;
    };
    let captures = u64::try_from(now.captures.len()).unwrap_or(u64::MAX);
    let (before_now, after_now, upstream_id) = match record.kind.as_str() {
        kind if kind == FollowUpKind::Return.as_str() => {
            let capture = target
                .capture
                .and_then(|id| now.captures.iter().find(|c| c.id == id));
            let Some(capture) = capture else {
                return Difference::Unclear;
            };
            let left = capture.returnable_cents();
            (
                left == before.cents,
                left == expected,
                capture.id.to_string(),
            )
        }
        kind if kind == FollowUpKind::Release.as_str() => {
            let same_captures = captures == before.captures;
            let held = now.remaining_cents;
            (
                same_captures && held == before.cents,
                same_captures && held == expected,
                now.id.to_string(),
            )
        }
        _ => {
            // A capture: one capture more, of what was asked, and that much less held.
            let newest = now.captures.iter().max_by_key(|capture| capture.id);
            let made = newest
                .filter(|newest| captures == before.captures + 1 && newest.amount_cents == asked);
            let held = now.remaining_cents;
            (
                captures == before.captures && held == before.cents,
                made.is_some() && held == expected,
                made.map(|capture| capture.id.to_string())
                    .unwrap_or_default(),
            )
        }
    };
    match (before_now, after_now) {
        (true, _) => Difference::NotDone,
        (false, true) => Difference::Done(upstream_id),
        (false, false) => Difference::Unclear,
    }
}

/// Looks the Flexiti follow-up `record` of `target` up: `None` when the lookup cannot tell (the
/// lookup failed, or [`Difference::Unclear`], logged). A follow-up with no [`HeldBefore`] was
/// never sent.
pub(super) async fn look_up(
    state: &AppState,
    record: &FollowUpRecord,
    target: HeldTarget,
) -> Option<Difference> {
    let Some(before) = record.held_before else {
        return Some(Difference::NotDone);
    };
    let now = match state.flexiti.authorization(target.authorization).await {
        Ok(now) => now,
        Err(error) => {
            tracing::warn!(%error, reference = %record.reference, "looking a Flexiti follow-up up failed");
            return None;
        }
    };
    match difference(record, target, before, &now) {
        Difference::Unclear => {
            tracing::error!(
                reference = %record.reference, %target, held_before = before.cents,
                held_now = now.remaining_cents,
                "a Flexiti authorization moved by something else than its unsettled follow-up"
            );
            None
        }
        found => Some(found),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::{
        checkout::AttemptState,
        upstream::flexiti::{AuthorizationStatus, Capture},
    };

    const ID: AuthorizationId = AuthorizationId(7);

    fn capture(id: u64, amount_cents: u64, returned_cents: u64) -> Capture {
        Capture {
            id: CaptureId(id),
            authorization_id: ID,
            amount_cents,
            returned_cents,
            created: date!(2026 - 12 - 07),
        }
    }

    /// Authorization 7 of 500.00, holding `remaining_cents`, with `captures`.
    fn now(remaining_cents: u64, captures: Vec<Capture>) -> Authorization {
        Authorization {
            id: ID,
            account_number: 1,
            amount_cents: 50_000,
            remaining_cents,
            status: AuthorizationStatus::Open,
            plan_id: "4".into(),
            term: Some(18),
            created: date!(2026 - 12 - 07),
            captures,
        }
    }

    fn record(kind: FollowUpKind, target: HeldTarget, cents: Option<u64>) -> FollowUpRecord {
        FollowUpRecord {
            reference: "r".into(),
            kind: kind.as_str().into(),
            method: "flexiti_account".into(),
            original: target.to_string(),
            session_id: None,
            amount_cents: cents,
            state: AttemptState::Unknown,
            upstream_id: None,
            created_at: 0,
            held_before: None,
        }
    }

    fn of(
        kind: FollowUpKind,
        target: HeldTarget,
        cents: Option<u64>,
        (held, captures): (u64, u64),
        now: &Authorization,
    ) -> Difference {
        let before = HeldBefore {
            cents: held,
            captures,
        };
        difference(&record(kind, target, cents), target, before, now)
    }

    const HELD: HeldTarget = HeldTarget {
        authorization: ID,
        capture: None,
    };

    #[test]
    fn targets_read_back_from_their_text_and_nothing_else_reads_as_one() {
        let capture = HeldTarget {
            authorization: ID,
            capture: Some(CaptureId(12)),
        };
        assert_eq!(HELD.to_string(), "flexiti-authorization-7");
        assert_eq!(capture.to_string(), "flexiti-authorization-7-capture-12");
        assert_eq!(HeldTarget::parse(&HELD.to_string()), Some(HELD));
        assert_eq!(HeldTarget::parse(&capture.to_string()), Some(capture));
        for other in ["90001", "pay_123-refund-1-1", "flexiti-authorization-x", ""] {
            assert_eq!(HeldTarget::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_capture_is_done_when_one_capture_of_its_amount_appeared_and_that_much_less_is_held() {
        let kind = FollowUpKind::Capture;
        let made = now(30_000, vec![capture(3, 10_000, 0), capture(4, 20_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 1), &made);
        assert_eq!(found, Difference::Done("4".into()));
        let all = now(0, vec![capture(3, 10_000, 0), capture(4, 40_000, 0)]);
        assert_eq!(
            of(kind, HELD, None, (40_000, 1), &all),
            Difference::Done("4".into())
        );

        let untouched = now(50_000, vec![capture(3, 10_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 1), &untouched);
        assert_eq!(found, Difference::NotDone);
        // Another amount captured meanwhile, or the hold released instead: not ours to settle.
        let other = now(45_000, vec![capture(3, 10_000, 0), capture(4, 5_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 1), &other);
        assert_eq!(found, Difference::Unclear);
        let released = now(30_000, vec![capture(3, 10_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 1), &released);
        assert_eq!(found, Difference::Unclear);
    }

    #[test]
    fn a_release_is_done_when_that_much_less_is_held_and_no_capture_appeared() {
        let kind = FollowUpKind::Release;
        let found = of(kind, HELD, Some(5_000), (50_000, 0), &now(45_000, vec![]));
        assert_eq!(found, Difference::Done("7".into()));
        let found = of(kind, HELD, None, (50_000, 0), &now(0, vec![]));
        assert_eq!(found, Difference::Done("7".into()));
        let found = of(kind, HELD, Some(5_000), (50_000, 0), &now(50_000, vec![]));
        assert_eq!(found, Difference::NotDone);
        let captured = now(45_000, vec![capture(3, 5_000, 0)]);
        let found = of(kind, HELD, Some(5_000), (50_000, 0), &captured);
        assert_eq!(found, Difference::Unclear);
    }

    #[test]
    fn a_return_is_done_when_its_capture_has_that_much_less_to_return() {
        let kind = FollowUpKind::Return;
        let target = HeldTarget {
            authorization: ID,
            capture: Some(CaptureId(3)),
        };
        let returned = now(0, vec![capture(3, 20_000, 5_000)]);
        let found = of(kind, target, Some(5_000), (20_000, 1), &returned);
        assert_eq!(found, Difference::Done("3".into()));
        let untouched = now(0, vec![capture(3, 20_000, 0)]);
        let found = of(kind, target, Some(5_000), (20_000, 1), &untouched);
        assert_eq!(found, Difference::NotDone);
        let found = of(kind, target, None, (20_000, 1), &now(0, vec![]));
        assert_eq!(found, Difference::Unclear, "its capture is gone");
    }

    #[test]
    fn a_follow_up_of_nothing_is_never_found_done() {
        for kind in [FollowUpKind::Capture, FollowUpKind::Release] {
            let found = of(kind, HELD, None, (0, 0), &now(0, vec![]));
            assert_eq!(found, Difference::Unclear, "{kind:?}");
        }
    }
}
