//! Finding a Flexiti authorization's follow-up (a capture, a release, a return of a capture)
//! whose answer was lost. Flexiti lists no reference of ours, so the authorization as it is now is
//! compared with what the follow-up found just before it was sent ([`HeldBefore`], in the
//! ledger). One follow-up of an authorization (of a capture, for a return) is unsettled at a time
//! on every proxy sharing the database, so the difference is this follow-up's or nothing; a
//! difference of another size (a capture made in Flexiti's own tools meanwhile) is left unsettled
//! and logged.

use std::fmt;

use crate::{
    AppState,
    checkout::{FollowUpKind, FollowUpRecord, HeldBefore},
    upstream::flexiti::{Authorization, AuthorizationId, Capture, CaptureId},
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
    /// The authorization moved by something else than this follow-up, or the follow-up is of a
    /// kind an authorization does not have.
    Unclear,
}

/// What `now` says of the follow-up `record` of `target`, which found `before`. A move of the
/// same size by another channel (Flexiti's own tools) cannot be told from ours: it is taken as
/// ours.
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
    let change = Change {
        before,
        asked,
        expected,
    };
    match record.kind {
        FollowUpKind::Capture => change.capture(now),
        FollowUpKind::Release => change.release(now),
        FollowUpKind::Return => target
            .capture
            .and_then(|id| now.captures.iter().find(|capture| capture.id == id))
            .map_or(Difference::Unclear, |capture| change.returned(capture)),
        FollowUpKind::Void | FollowUpKind::Refund => Difference::Unclear,
    }
}

/// What a follow-up found, asked for, and leaves if it went through.
struct Change {
    before: HeldBefore,
    asked: u64,
    expected: u64,
}

impl Change {
    /// A capture: that much less held, and one capture of that amount above the last one.
    fn capture(&self, now: &Authorization) -> Difference {
        let mut new = now
            .captures
            .iter()
            .filter(|capture| capture.id.0 > self.before.last_capture);
        match (new.next(), new.next()) {
            (None, _) if now.remaining_cents == self.before.cents => Difference::NotDone,
            (Some(made), None)
                if made.amount_cents == self.asked && now.remaining_cents == self.expected =>
            {
                Difference::Done(made.id.to_string())
            }
            _ => Difference::Unclear,
        }
    }

    /// A release: that much less held, and no new capture.
    fn release(&self, now: &Authorization) -> Difference {
        let captured = now
            .captures
            .iter()
            .any(|capture| capture.id.0 > self.before.last_capture);
        match now.remaining_cents {
            _ if captured => Difference::Unclear,
            held if held == self.before.cents => Difference::NotDone,
            held if held == self.expected => Difference::Done(now.id.to_string()),
            _ => Difference::Unclear,
        }
    }

    /// A return: that much less left to return of its capture.
    fn returned(&self, capture: &Capture) -> Difference {
        match capture.returnable_cents() {
            left if left == self.before.cents => Difference::NotDone,
            left if left == self.expected => Difference::Done(capture.id.to_string()),
            _ => Difference::Unclear,
        }
    }
}

/// What a lookup of a Flexiti follow-up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    /// It was never sent: no [`HeldBefore`] was written.
    Unsent,
    /// What the authorization says of it.
    Said(Difference),
    /// The lookup failed.
    Failed,
}

/// Looks the Flexiti follow-up `record` of `target` up. [`Difference::Unclear`] is logged: it
/// stays unsettled, refusing the next follow-up of its target, until someone settles it by hand
/// (`docs/reliability.md`).
pub(super) async fn look_up(
    state: &AppState,
    record: &FollowUpRecord,
    target: HeldTarget,
) -> Found {
    let Some(before) = record.held_before else {
        return Found::Unsent;
    };
    let now = match state.flexiti.authorization(target.authorization).await {
        Ok(now) => now,
        Err(error) => {
            tracing::warn!(%error, reference = %record.reference, "looking a Flexiti follow-up up failed");
            return Found::Failed;
        }
    };
    let said = difference(record, target, before, &now);
    if said == Difference::Unclear {
        tracing::error!(
            reference = %record.reference, %target, held_before = before.cents,
            held_now = now.remaining_cents,
            "a Flexiti authorization moved by something else than its unsettled follow-up: \
             settle it by hand"
        );
    }
    Found::Said(said)
}

#[cfg(test)]
mod tests {
    use shared::PaymentMethod;
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
            kind,
            method: PaymentMethod::FlexitiAccount,
            original: target.to_string(),
            session_id: None,
            amount_cents: cents,
            state: AttemptState::Unknown,
            upstream_id: None,
            created_at: 0,
            held_before: None,
        }
    }

    /// What `now` says of a follow-up of `kind` asking `cents`, which found `held` and a last
    /// capture of `last_capture`.
    fn of(
        kind: FollowUpKind,
        target: HeldTarget,
        cents: Option<u64>,
        (held, last_capture): (u64, u64),
        now: &Authorization,
    ) -> Difference {
        let before = HeldBefore {
            cents: held,
            last_capture,
        };
        difference(&record(kind, target, cents), target, before, now)
    }

    const HELD: HeldTarget = HeldTarget {
        authorization: ID,
        capture: None,
    };

    const CAPTURE_3: HeldTarget = HeldTarget {
        authorization: ID,
        capture: Some(CaptureId(3)),
    };

    #[test]
    fn targets_read_back_from_their_text_and_nothing_else_reads_as_one() {
        assert_eq!(HELD.to_string(), "flexiti-authorization-7");
        assert_eq!(CAPTURE_3.to_string(), "flexiti-authorization-7-capture-3");
        assert_eq!(HeldTarget::parse(&HELD.to_string()), Some(HELD));
        assert_eq!(HeldTarget::parse(&CAPTURE_3.to_string()), Some(CAPTURE_3));
        for other in ["90001", "pay_123-refund-1-1", "flexiti-authorization-x", ""] {
            assert_eq!(HeldTarget::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_capture_is_done_when_one_capture_of_its_amount_appeared_and_that_much_less_is_held() {
        let kind = FollowUpKind::Capture;
        let made = now(30_000, vec![capture(3, 10_000, 0), capture(4, 20_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 3), &made);
        assert_eq!(found, Difference::Done("4".into()));
        let all = now(0, vec![capture(3, 10_000, 0), capture(4, 40_000, 0)]);
        let found = of(kind, HELD, None, (40_000, 3), &all);
        assert_eq!(found, Difference::Done("4".into()));
        // Listed in any order, and an older capture gone from the list: still the one above.
        let shuffled = now(30_000, vec![capture(4, 20_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 3), &shuffled);
        assert_eq!(found, Difference::Done("4".into()));

        let untouched = now(50_000, vec![capture(3, 10_000, 0)]);
        let found = of(kind, HELD, Some(20_000), (50_000, 3), &untouched);
        assert_eq!(found, Difference::NotDone);
    }

    #[test]
    fn a_capture_is_unclear_when_the_authorization_moved_otherwise() {
        let kind = FollowUpKind::Capture;
        let before = (50_000, 3);
        for (case, moved) in [
            (
                "another amount captured",
                now(45_000, vec![capture(3, 10_000, 0), capture(4, 5_000, 0)]),
            ),
            ("released instead", now(30_000, vec![capture(3, 10_000, 0)])),
            (
                "captured, and released besides",
                now(20_000, vec![capture(4, 20_000, 0)]),
            ),
            (
                "two captures",
                now(10_000, vec![capture(4, 20_000, 0), capture(5, 20_000, 0)]),
            ),
        ] {
            let found = of(kind, HELD, Some(20_000), before, &moved);
            assert_eq!(found, Difference::Unclear, "{case}");
        }
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
        let found = of(kind, HELD, Some(5_000), (50_000, 0), &now(40_000, vec![]));
        assert_eq!(found, Difference::Unclear, "another amount released");
    }

    #[test]
    fn a_return_is_done_when_its_capture_has_that_much_less_to_return() {
        let kind = FollowUpKind::Return;
        let returned = now(0, vec![capture(3, 20_000, 5_000)]);
        let found = of(kind, CAPTURE_3, Some(5_000), (20_000, 3), &returned);
        assert_eq!(found, Difference::Done("3".into()));
        let all = now(0, vec![capture(3, 20_000, 20_000)]);
        let found = of(kind, CAPTURE_3, None, (20_000, 3), &all);
        assert_eq!(found, Difference::Done("3".into()));
        let untouched = now(0, vec![capture(3, 20_000, 0)]);
        let found = of(kind, CAPTURE_3, Some(5_000), (20_000, 3), &untouched);
        assert_eq!(found, Difference::NotDone);
        let other = now(0, vec![capture(3, 20_000, 2_000)]);
        let found = of(kind, CAPTURE_3, Some(5_000), (20_000, 3), &other);
        assert_eq!(found, Difference::Unclear, "another amount returned");
        let found = of(kind, CAPTURE_3, None, (20_000, 3), &now(0, vec![]));
        assert_eq!(
            found,
            Difference::Unclear,
            "its capture is no longer listed"
        );
    }

    #[test]
    fn a_follow_up_of_nothing_or_of_another_kind_is_never_found_done() {
        for kind in [FollowUpKind::Capture, FollowUpKind::Release] {
            let found = of(kind, HELD, None, (0, 0), &now(0, vec![]));
            assert_eq!(found, Difference::Unclear, "{kind:?}");
        }
        for kind in [FollowUpKind::Void, FollowUpKind::Refund] {
            let found = of(kind, HELD, Some(5_000), (50_000, 0), &now(45_000, vec![]));
            assert_eq!(found, Difference::Unclear, "{kind:?}");
        }
    }
}
