//! The follow-up ledger: every capture, void and refund a merchant's server asks for, one row
//! each, written before anything is sent upstream, as [`super::ledger`] does for payments. It
//! gives follow-ups what payments have:
//! - a retry under the same `Idempotency-Key` is answered from the ledger, never sent twice;
//! - one follow-up of a transaction at a time, on every proxy sharing the database (a partial
//!   unique index: see the migration), so two refunds never both pass the check of what is left;
//! - a follow-up whose answer was lost stays `unknown`, blocking the next one, until the
//!   reconciliation routine looks it up.

use serde::Serialize;
use sqlx::{AnyConnection, AnyPool};
use time::OffsetDateTime;
use tower_sessions::session::Id;

use shared::PaymentMethod;

use super::{
    AttemptState, CheckoutSession, CheckoutStore, StoreError,
    store::{lock, write},
};

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

/// A follow-up about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpStart {
    /// What it is sent under: a card follow-up's `merchantTransactionId`.
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
    /// What it does (`capture`, `void`, `refund`).
    pub kind: String,
    /// `card` or `flexiti_account`.
    pub method: String,
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
    /// How many captures the authorization had.
    pub captures: u64,
}

impl FollowUpStart {
    /// The ledger's record of it, once [`Begun::Started`].
    pub fn in_flight(&self) -> FollowUpRecord {
        FollowUpRecord {
            reference: self.reference.clone(),
            kind: self.kind.as_str().to_owned(),
            method: self.method.as_str().to_owned(),
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
        self.kind == start.kind.as_str()
            && self.original == start.original
            && self.amount_cents == start.amount_cents
    }
}

/// What [`begin`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// Recorded: send it.
    Started,
    /// The key was used before: this is what it started. Send nothing.
    Replay(FollowUpRecord),
    /// Another follow-up of the same transaction is in flight or unknown. Send nothing.
    Busy,
}

const COLUMNS: &str = "reference, kind, method, original, session_id, amount_cents, state, \
    upstream_id, created_at, held_before_cents, captures_before";
const INSERT: &str = "INSERT INTO follow_up_attempts (reference, idempotency_key, kind, method, \
    original, session_id, amount_cents, state, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'in_flight', $8) ON CONFLICT DO NOTHING";
const SETTLE: &str = "UPDATE follow_up_attempts SET state = $2, upstream_id = $3, settled_at = $4, \
    reconciled = $5 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
const RELEASE: &str = "UPDATE follow_up_attempts SET state = 'declined', idempotency_key = NULL, \
    settled_at = $2, reconciled = $3 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
const HELD_BEFORE: &str = "UPDATE follow_up_attempts SET held_before_cents = $2, \
    captures_before = $3 WHERE reference = $1 AND state = 'in_flight' \
    AND held_before_cents IS NULL";
const MARK_UNKNOWN: &str =
    "UPDATE follow_up_attempts SET state = 'unknown' WHERE reference = $1 AND state = 'in_flight'";
const REFUNDED: &str = "SELECT amount_cents FROM follow_up_attempts \
    WHERE original = $1 AND kind = 'refund' AND state = 'approved'";

type Row = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
);

fn record(
    (
        reference,
        kind,
        method,
        original,
        session_id,
        amount,
        state,
        upstream_id,
        created_at,
        held_cents,
        captures,
    ): Row,
) -> FollowUpRecord {
    let count = |value: i64| u64::try_from(value).ok();
    let held_before = match (held_cents.and_then(count), captures.and_then(count)) {
        (Some(cents), Some(captures)) => Some(HeldBefore { cents, captures }),
        _ => None,
    };
    FollowUpRecord {
        reference,
        kind,
        method,
        original,
        session_id,
        amount_cents: amount.and_then(count),
        state: AttemptState::parse(&state),
        upstream_id,
        created_at,
        held_before,
    }
}

fn cents(amount: Option<u64>) -> Option<i64> {
    amount.map(|cents| i64::try_from(cents).unwrap_or(i64::MAX))
}

async fn by_key(
    connection: &mut AnyConnection,
    key: &str,
) -> Result<Option<FollowUpRecord>, sqlx::Error> {
    let query = format!("SELECT {COLUMNS} FROM follow_up_attempts WHERE idempotency_key = $1");
    let row: Option<Row> = sqlx::query_as(&query)
        .bind(key)
        .fetch_optional(connection)
        .await?;
    Ok(row.map(record))
}

/// Records `start` as in flight, unless its key was used before or another follow-up of its
/// transaction is unsettled.
pub(super) async fn begin(
    connection: &mut AnyConnection,
    start: &FollowUpStart,
    now: OffsetDateTime,
) -> Result<Begun, sqlx::Error> {
    if let Some(key) = &start.idempotency_key
        && let Some(earlier) = by_key(connection, key).await?
    {
        return Ok(Begun::Replay(earlier));
    }
    let inserted = sqlx::query(INSERT)
        .bind(&start.reference)
        .bind(start.idempotency_key.as_deref())
        .bind(start.kind.as_str())
        .bind(start.method.as_str())
        .bind(&start.original)
        .bind(start.session_id.map(|id| id.to_string()))
        .bind(cents(start.amount_cents))
        .bind(now.unix_timestamp())
        .execute(&mut *connection)
        .await?;
    if inserted.rows_affected() == 1 {
        return Ok(Begun::Started);
    }
    // A conflict: the same key recorded meanwhile by another request, or the transaction busy.
    if let Some(key) = &start.idempotency_key
        && let Some(earlier) = by_key(connection, key).await?
    {
        return Ok(Begun::Replay(earlier));
    }
    Ok(Begun::Busy)
}

/// Records how a follow-up ended; `false` when it was settled already (by another proxy's
/// reconciliation, say), so that its effects are applied once.
pub(super) async fn settle(
    connection: &mut AnyConnection,
    reference: &str,
    state: AttemptState,
    upstream_id: Option<&str>,
    reconciled: bool,
) -> Result<bool, sqlx::Error> {
    let settled = sqlx::query(SETTLE)
        .bind(reference)
        .bind(state.as_str())
        .bind(upstream_id)
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .bind(i64::from(reconciled))
        .execute(connection)
        .await?;
    Ok(settled.rows_affected() == 1)
}

/// Records that a follow-up was refused before anything could move, and frees its key: a retry
/// under it is sent afresh.
pub(super) async fn release(
    pool: &AnyPool,
    reference: &str,
    reconciled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(RELEASE)
        .bind(reference)
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .bind(i64::from(reconciled))
        .execute(pool)
        .await?;
    Ok(())
}

/// Notes that a follow-up's answer was lost.
pub(super) async fn mark_unknown(pool: &AnyPool, reference: &str) -> Result<(), sqlx::Error> {
    super::ledger::by_reference(pool, MARK_UNKNOWN, reference).await
}

/// Writes what a Flexiti follow-up found before it is sent; `false` when the follow-up is no
/// longer in flight (reconciliation released it meanwhile), or has a snapshot already.
pub(super) async fn write_held_before(
    pool: &AnyPool,
    reference: &str,
    before: HeldBefore,
) -> Result<bool, sqlx::Error> {
    let written = sqlx::query(HELD_BEFORE)
        .bind(reference)
        .bind(cents(Some(before.cents)))
        .bind(cents(Some(before.captures)))
        .execute(pool)
        .await?;
    Ok(written.rows_affected() == 1)
}

/// The follow-ups not settled yet that were sent at or before `sent_by`, oldest first.
pub(super) async fn unsettled(
    pool: &AnyPool,
    sent_by: OffsetDateTime,
) -> Result<Vec<FollowUpRecord>, sqlx::Error> {
    let query = format!(
        "SELECT {COLUMNS} FROM follow_up_attempts \
         WHERE state IN ('in_flight', 'unknown') AND created_at <= $1 ORDER BY created_at"
    );
    let rows: Vec<Row> = sqlx::query_as(&query)
        .bind(sent_by.unix_timestamp())
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(record).collect())
}

/// What approved refunds of `original` gave back, in cents; `None` once one refunded all.
pub(super) async fn refunded(pool: &AnyPool, original: &str) -> Result<Option<u64>, sqlx::Error> {
    let amounts: Vec<Option<i64>> = sqlx::query_scalar(REFUNDED)
        .bind(original)
        .fetch_all(pool)
        .await?;
    Ok(amounts.into_iter().try_fold(0_u64, |total, amount| {
        amount.map(|cents| total.saturating_add(u64::try_from(cents).unwrap_or(0)))
    }))
}

/// What [`CheckoutStore::begin_session_refund`] did.
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

impl CheckoutStore {
    /// Records the follow-up `start` before it is sent (see [`Begun`]).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn begin_follow_up(&self, start: &FollowUpStart) -> Result<Begun, StoreError> {
        let mut connection = self.pool.acquire().await?;
        Ok(begin(&mut connection, start, OffsetDateTime::now_utc()).await?)
    }

    /// Records a refund of session `id` before it is sent, under the session's row lock: `decide`
    /// reads the session (what was paid, what is refunded) and says what to send, or refuses. A
    /// refund settles under the same lock ([`CheckoutStore::settle_follow_up`]), so what `decide`
    /// reads is never stale. `key` is the merchant's `Idempotency-Key`: a key used before is
    /// answered from the ledger whatever the session says now. `None` when there is no such
    /// session.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn begin_session_refund<E>(
        &self,
        id: Id,
        key: Option<&str>,
        decide: impl FnOnce(&CheckoutSession) -> Result<FollowUpStart, E>,
    ) -> Result<Option<RefundBegun<E>>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let Some((session, _)) = lock(&mut transaction, id).await? else {
            transaction.rollback().await?;
            return Ok(None);
        };
        if let Some(key) = key
            && let Some(earlier) = by_key(&mut transaction, key).await?
        {
            transaction.rollback().await?;
            return Ok(Some(RefundBegun::Replay(earlier)));
        }
        let start = match decide(&session) {
            Ok(start) => start,
            Err(refusal) => {
                transaction.rollback().await?;
                return Ok(Some(RefundBegun::Refused(refusal)));
            }
        };
        let begun = begin(&mut transaction, &start, OffsetDateTime::now_utc()).await?;
        transaction.commit().await?;
        Ok(Some(match begun {
            Begun::Started => RefundBegun::Started(start),
            Begun::Replay(earlier) => RefundBegun::Replay(earlier),
            Begun::Busy => RefundBegun::Busy,
        }))
    }

    /// Records how the follow-up `reference` ended. An approved refund of a session adds its
    /// amount to the session's refunded total in the same transaction, once however many
    /// proxies settle it. The session, when the follow-up refunds one.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn settle_follow_up(
        &self,
        record: &FollowUpRecord,
        state: AttemptState,
        upstream_id: Option<&str>,
        reconciled: bool,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let settled = settle(
            &mut transaction,
            &record.reference,
            state,
            upstream_id,
            reconciled,
        )
        .await?;
        let session_id = record.session_id.as_deref().and_then(|id| id.parse().ok());
        let mut locked = match session_id {
            Some(id) => lock(&mut transaction, id).await?,
            None => None,
        };
        let refunds = settled && state == AttemptState::Approved && record.kind == "refund";
        if let (true, Some((session, _)), Some(cents)) =
            (refunds, locked.as_mut(), record.amount_cents)
        {
            session.refunded_cents = session.refunded_cents.saturating_add(cents);
            write(&mut transaction, session).await?;
        }
        transaction.commit().await?;
        Ok(locked.map(|(session, version)| {
            self.copies.put(version, &session);
            session
        }))
    }

    /// Records that the follow-up `reference` moved nothing (refused, or never processed), and
    /// frees its idempotency key.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn release_follow_up(
        &self,
        reference: &str,
        reconciled: bool,
    ) -> Result<(), StoreError> {
        Ok(release(&self.pool, reference, reconciled).await?)
    }

    /// Writes what the Flexiti follow-up `reference` found before it is sent: the follow-up may
    /// be sent only when this says `true` (see [`HeldBefore`]).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn follow_up_held_before(
        &self,
        reference: &str,
        before: HeldBefore,
    ) -> Result<bool, StoreError> {
        Ok(write_held_before(&self.pool, reference, before).await?)
    }

    /// Notes that the answer to the follow-up `reference` was lost.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn follow_up_unknown(&self, reference: &str) -> Result<(), StoreError> {
        Ok(mark_unknown(&self.pool, reference).await?)
    }

    /// The follow-ups not settled yet, sent at or before `sent_by`, oldest first.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn unsettled_follow_ups(
        &self,
        sent_by: OffsetDateTime,
    ) -> Result<Vec<FollowUpRecord>, StoreError> {
        Ok(unsettled(&self.pool, sent_by).await?)
    }

    /// What approved refunds of the upstream transaction `original` gave back, in cents; `None`
    /// once one refunded all that was left.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn refunded(&self, original: &str) -> Result<Option<u64>, StoreError> {
        Ok(refunded(&self.pool, original).await?)
    }

    /// How many attempts, payments and follow-ups, are `unknown` now.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn unknown_attempts(&self) -> Result<i64, StoreError> {
        Ok(super::ledger::unknown(&self.pool).await?)
    }
}
