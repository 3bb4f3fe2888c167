//! The follow-up ledger: every capture, void, refund, release and return a merchant's server asks
//! for, one row each, written before anything is sent upstream, as [`super::ledger`] does for
//! payments. It gives follow-ups what payments have:
//! - a retry under the same `Idempotency-Key` is answered from the ledger, never sent twice;
//! - one follow-up of a transaction at a time, on every proxy sharing the database (a partial
//!   unique index: see the migration), so two refunds never both pass the check of what is left;
//! - a follow-up whose answer was lost stays `unknown`, blocking the next one, until the
//!   reconciliation routine looks it up.
//!
//! The records and their kinds are here, the SQL in [`queries`], the store's methods in
//! [`store`].

mod queries;
mod store;

use std::{
    fmt,
    sync::atomic::{AtomicU64, Ordering},
};

use serde::Serialize;
use time::OffsetDateTime;
use tower_sessions::session::Id;

use shared::{PaymentMethod, WireName};

use super::AttemptState;

/// What a follow-up does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpKind {
    /// Captures an authorization.
    Capture,
    /// Cancels before settlement.
    Void,
    /// Gives money back.
    Refund,
    /// Gives what a Flexiti authorization holds back to the shopper's open-to-buy.
    Release,
    /// Gives back part or all of a Flexiti capture (a promotional purchase).
    Return,
}

impl FollowUpKind {
    /// Every kind.
    pub const ALL: [FollowUpKind; 5] = [
        FollowUpKind::Capture,
        FollowUpKind::Void,
        FollowUpKind::Refund,
        FollowUpKind::Release,
        FollowUpKind::Return,
    ];

    /// Its name, on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpKind::Capture => "capture",
            FollowUpKind::Void => "void",
            FollowUpKind::Refund => "refund",
            FollowUpKind::Release => "release",
            FollowUpKind::Return => "return",
        }
    }
}

impl WireName for FollowUpKind {
    const VALUES: &'static [Self] = &FollowUpKind::ALL;

    fn wire_name(self) -> &'static str {
        self.as_str()
    }
}

impl fmt::Display for FollowUpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Process-wide count of the follow-up references minted since start.
static MINTED: AtomicU64 = AtomicU64::new(0);

/// A new reference for a follow-up of `original`: `{original}-{kind}-{unix milliseconds}-{n}`.
/// A card follow-up is sent under it as its `merchantTransactionId`; Flexiti knows its
/// follow-ups by no id of ours, and the ledger keeps them under one all the same.
///
/// The counter alone would start again at 1 after a restart, and FlexPay refuses an id used
/// before (50129), declined transactions included; the millisecond stamp keeps the ids of two runs
/// apart, the counter those minted in the same millisecond. Two proxy instances minting in the
/// same millisecond with the same count would collide: FlexPay then refuses the second (50129),
/// and the ledger's primary key the second row, so nothing moves twice.
///
/// It is minted per request; a retry is recognised by the merchant's `Idempotency-Key`, not by it.
pub fn new_reference(original: impl fmt::Display, kind: FollowUpKind) -> String {
    let n = MINTED.fetch_add(1, Ordering::Relaxed) + 1;
    let millis = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    format!("{original}-{}-{millis}-{n}", kind.as_str())
}

/// A follow-up about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpStart {
    /// Its reference ([`new_reference`]): a card follow-up's `merchantTransactionId`.
    pub reference: String,
    /// The merchant's `Idempotency-Key`, when it sent one.
    pub idempotency_key: Option<String>,
    /// What it does.
    pub kind: FollowUpKind,
    /// Whose money: `card` (FlexPay) or `flexiti_account`.
    pub method: PaymentMethod,
    /// The upstream transaction it follows up.
    pub original: String,
    /// The checkout session it refunds, for a session refund.
    pub session_id: Option<Id>,
    /// How much, in cents; `None` for all that is left.
    pub amount_cents: Option<u64>,
}

/// A follow-up as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRecord {
    /// What it was sent under.
    pub reference: String,
    /// What it does.
    pub kind: FollowUpKind,
    /// Whose money: `card` (FlexPay) or `flexiti_account`.
    pub method: PaymentMethod,
    /// The upstream transaction it follows up.
    pub original: String,
    /// The session it refunds, if any.
    pub session_id: Option<String>,
    /// How much, in cents; `None` for all that was left.
    pub amount_cents: Option<u64>,
    /// Where it stands.
    pub state: AttemptState,
    /// The upstream's id of the follow-up, once known.
    pub upstream_id: Option<String>,
    /// Sent at, Unix seconds.
    pub created_at: i64,
    /// A Flexiti authorization's follow-up: what it found before it was sent.
    pub held_before: Option<HeldBefore>,
}

/// What a Flexiti authorization's follow-up found before it was sent, written to the ledger
/// first: Flexiti lists no reference of ours, so a follow-up whose answer was lost is found by
/// the difference (see the migration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldBefore {
    /// What the authorization held (a capture, a release), or what the capture had left to
    /// return (a return), in cents.
    pub cents: u64,
    /// The highest id among the authorization's captures (0 for none): a capture of ours is the
    /// one above it.
    pub last_capture: u64,
}

impl FollowUpStart {
    /// The ledger's record of it, once [`Begun::Started`].
    pub fn in_flight(&self) -> FollowUpRecord {
        FollowUpRecord {
            reference: self.reference.clone(),
            kind: self.kind,
            method: self.method,
            original: self.original.clone(),
            session_id: self.session_id.map(|id| id.to_string()),
            amount_cents: self.amount_cents,
            state: AttemptState::InFlight,
            upstream_id: None,
            created_at: OffsetDateTime::now_utc().unix_timestamp(),
            held_before: None,
        }
    }
}

impl FollowUpRecord {
    /// Whether this record is the follow-up `start` asks for again (same kind, transaction and
    /// amount): a retry. Anything else under the same key is a mistake of the merchant's.
    pub fn answers(&self, start: &FollowUpStart) -> bool {
        self.kind == start.kind
            && self.original == start.original
            && self.amount_cents == start.amount_cents
    }
}

/// What [`CheckoutStore::begin_follow_up`](super::CheckoutStore::begin_follow_up) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// Recorded: send it.
    Started,
    /// The key was used before: this is what it started. Send nothing.
    Replay(FollowUpRecord),
    /// Another follow-up of the same transaction is in flight or unknown. Send nothing.
    Busy,
}

/// What [`CheckoutStore::begin_session_refund`](super::CheckoutStore::begin_session_refund) did.
#[derive(Debug)]
pub enum RefundBegun<E> {
    /// Recorded: send this.
    Started(FollowUpStart),
    /// The key was used before, for this.
    Replay(FollowUpRecord),
    /// Another follow-up of the payment is unsettled.
    Busy,
    /// The session cannot be refunded so: `decide`'s refusal.
    Refused(E),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in FollowUpKind::ALL {
            assert_eq!(FollowUpKind::from_wire_name(kind.as_str()), Some(kind));
            let written = serde_json::to_value(kind).expect("written");
            assert_eq!(written, kind.as_str(), "serde writes the same name");
        }
        assert_eq!(FollowUpKind::from_wire_name("chargeback"), None);
    }
}
