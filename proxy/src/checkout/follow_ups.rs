//! The follow-up ledger: every capture, void, refund, release and return a merchant's server asks
//! for, one row each, written before anything is sent upstream, as [`super::ledger`] does for
//! payments. It gives follow-ups what payments have:
//! - a retry under the same `Idempotency-Key` is answered from the ledger, never sent twice;
//! - one follow-up of a transaction at a time, on every proxy sharing the database (a partial
//!   unique index: see the migration), so two refunds never both pass the check of what is left;
//! - a follow-up whose answer was lost stays `unknown`, blocking the next one, until the
//!   reconciliation routine looks it up.

use std::{
    fmt,
    sync::atomic::{AtomicU64, Ordering},
};

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

    /// The kind named `name` in the database.
    pub fn parse(name: &str) -> Option<FollowUpKind> {
        [
            FollowUpKind::Capture,
            FollowUpKind::Void,
            FollowUpKind::Refund,
            FollowUpKind::Release,
            FollowUpKind::Return,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
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
    /// What it does ([`FollowUpKind`]'s names).
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
    /// The highest id among the authorization's captures (0 for none): a capture of ours is the
    /// one above it.
    pub last_capture: u64,
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
    upstream_id, created_at, held_before_cents, last_capture_before";
const INSERT: &str = "INSERT INTO follow_up_attempts (reference, idempotency_key, kind, method, \
    original, session_id, amount_cents, state, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'in_flight', $8) ON CONFLICT DO NOTHING";
const SETTLE: &str = "UPDATE follow_up_attempts SET state = $2, upstream_id = $3, settled_at = $4, \
    reconciled = $5 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
const RELEASE: &str = "UPDATE follow_up_attempts SET state = 'declined', idempotency_key = NULL, \
    settled_at = $2, reconciled = $3 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
const RELEASE_UNSENT: &str = "UPDATE follow_up_attempts SET state = 'declined', \
    idempotency_key = NULL, settled_at = $2, reconciled = $3 \
    WHERE reference = $1 AND state IN ('in_flight', 'unknown') AND held_before_cents IS NULL";
const HELD_BEFORE: &str = "UPDATE follow_up_attempts SET held_before_cents = $2, \
    last_capture_before = $3, created_at = $4 WHERE reference = $1 AND state = 'in_flight' \
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
        last_capture,
    ): Row,
) -> FollowUpRecord {
    let count = |value: i64| u64::try_from(value).ok();
    let held_before = match (held_cents.and_then(count), last_capture.and_then(count)) {
        (Some(cents), Some(last_capture)) => Some(HeldBefore {
            cents,
            last_capture,
        }),
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

/// The follow-up whose `column` (`reference`, or the merchant's `idempotency_key`) is `value`.
async fn one_by(
    connection: &mut AnyConnection,
    column: &'static str,
    value: &str,
) -> Result<Option<FollowUpRecord>, sqlx::Error> {
    let query = format!("SELECT {COLUMNS} FROM follow_up_attempts WHERE {column} = $1");
    let row: Option<Row> = sqlx::query_as(&query)
        .bind(value)
        .fetch_optional(connection)
        .await?;
    Ok(row.map(record))
}

async fn by_key(
    connection: &mut AnyConnection,
    key: &str,
) -> Result<Option<FollowUpRecord>, sqlx::Error> {
    one_by(connection, "idempotency_key", key).await
}

async fn by_reference(
    connection: &mut AnyConnection,
    reference: &str,
) -> Result<Option<FollowUpRecord>, sqlx::Error> {
    one_by(connection, "reference", reference).await
}

/// Logs an answer (`found`) to `record` that contradicts how the ledger settled it already: the
/// ledger keeps its first settlement, and a person must compare it with the upstream's record.
async fn check_agrees(
    connection: &mut AnyConnection,
    record: &FollowUpRecord,
    found: AttemptState,
) -> Result<(), sqlx::Error> {
    let Some(settled) = by_reference(connection, &record.reference).await? else {
        return Ok(());
    };
    if matches!(
        settled.state,
        AttemptState::Approved | AttemptState::Declined
    ) && settled.state != found
    {
        tracing::error!(
            reference = %record.reference,
            settled = settled.state.as_str(),
            found = found.as_str(),
            "a follow-up's answer contradicts how the ledger settled it: compare with the upstream"
        );
    }
    Ok(())
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
    release_by(pool, RELEASE, reference, reconciled).await?;
    Ok(())
}

/// Runs the release `statement` on `reference`: whether it freed it.
async fn release_by(
    pool: &AnyPool,
    statement: &'static str,
    reference: &str,
    reconciled: bool,
) -> Result<bool, sqlx::Error> {
    let released = sqlx::query(statement)
        .bind(reference)
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .bind(i64::from(reconciled))
        .execute(pool)
        .await?;
    Ok(released.rows_affected() == 1)
}

/// Notes that a follow-up's answer was lost: `false` when it was no longer in flight.
pub(super) async fn mark_unknown(pool: &AnyPool, reference: &str) -> Result<bool, sqlx::Error> {
    let marked = sqlx::query(MARK_UNKNOWN)
        .bind(reference)
        .execute(pool)
        .await?;
    Ok(marked.rows_affected() == 1)
}

/// Writes what a Flexiti follow-up found before it is sent, and restarts its clock: it is sent
/// now, and reconciliation's delays count from the send. `false` when the follow-up is no longer
/// in flight (reconciliation released it meanwhile), or has a snapshot already.
pub(super) async fn write_held_before(
    pool: &AnyPool,
    reference: &str,
    before: HeldBefore,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let written = sqlx::query(HELD_BEFORE)
        .bind(reference)
        .bind(cents(Some(before.cents)))
        .bind(cents(Some(before.last_capture)))
        .bind(now.unix_timestamp())
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
        // The session first, then the follow-up: the order a refund's start takes them in
        // ([`CheckoutStore::begin_session_refund`]), so that two never wait on each other.
        let session_id = record.session_id.as_deref().and_then(|id| id.parse().ok());
        let mut locked = match session_id {
            Some(id) => lock(&mut transaction, id).await?,
            None => None,
        };
        let settled = settle(
            &mut transaction,
            &record.reference,
            state,
            upstream_id,
            reconciled,
        )
        .await?;
        if !settled {
            check_agrees(&mut transaction, record, state).await?;
        }
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

    /// The follow-up `reference`, if the ledger has it.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn follow_up(&self, reference: &str) -> Result<Option<FollowUpRecord>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        Ok(by_reference(&mut connection, reference).await?)
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

    /// Releases, as reconciled, the Flexiti follow-up `reference` if it was never sent (it has no
    /// [`HeldBefore`]): whether it did. Conditional, so that a release decided on a stale read
    /// never frees one whose snapshot was written since, and which is on its way.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn release_unsent_follow_up(&self, reference: &str) -> Result<bool, StoreError> {
        Ok(release_by(&self.pool, RELEASE_UNSENT, reference, true).await?)
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
        let now = OffsetDateTime::now_utc();
        Ok(write_held_before(&self.pool, reference, before, now).await?)
    }

    /// Notes that the answer to the follow-up `reference` was lost: `false` when it was no
    /// longer in flight (settled meanwhile by reconciliation, or by hand).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn follow_up_unknown(&self, reference: &str) -> Result<bool, StoreError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn capture_start(reference: &str, key: &str) -> FollowUpStart {
        FollowUpStart {
            reference: reference.into(),
            idempotency_key: Some(key.into()),
            kind: FollowUpKind::Capture,
            method: PaymentMethod::FlexitiAccount,
            original: "flexiti-authorization-7".into(),
            session_id: None,
            amount_cents: Some(20_000),
        }
    }

    /// Reconciliation reads a Flexiti follow-up with no snapshot, long after it was recorded; the
    /// route then writes its snapshot and sends it. The release decided on the stale read must
    /// not free it, and its clock restarts at the send.
    #[tokio::test]
    async fn a_follow_up_sent_since_a_stale_read_is_not_released_as_unsent() {
        let pool = crate::database::connect("sqlite::memory:")
            .await
            .expect("a database");
        // An in-memory database is one connection: each step takes it and gives it back.
        let begin_at = async |start: FollowUpStart, at: OffsetDateTime| {
            let mut connection = pool.acquire().await.expect("a connection");
            begin(&mut connection, &start, at).await.expect("begun")
        };
        let recorded = OffsetDateTime::now_utc() - time::Duration::minutes(5);
        let begun = begin_at(capture_start("r1", "k1"), recorded).await;
        assert_eq!(begun, Begun::Started);
        let seen = unsettled(&pool, OffsetDateTime::now_utc()).await;
        assert_eq!(seen.expect("read")[0].held_before, None);

        let before = HeldBefore {
            cents: 50_000,
            last_capture: 0,
        };
        let sent_at = OffsetDateTime::now_utc();
        let written = write_held_before(&pool, "r1", before, sent_at).await;
        assert!(written.expect("written"), "the route may send it");
        let released = release_by(&pool, RELEASE_UNSENT, "r1", true).await;
        assert!(!released.expect("ran"), "it was sent since");

        let after = unsettled(&pool, OffsetDateTime::now_utc())
            .await
            .expect("read");
        assert_eq!(after[0].held_before, Some(before));
        assert_eq!(after[0].created_at, sent_at.unix_timestamp());
        let again = begin_at(capture_start("r2", "k1"), sent_at).await;
        assert!(
            matches!(again, Begun::Replay(earlier) if earlier.reference == "r1"),
            "the key still answers with it"
        );
        let written = write_held_before(&pool, "r1", before, sent_at).await;
        assert!(!written.expect("ran"), "one snapshot, written once");
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in [
            FollowUpKind::Capture,
            FollowUpKind::Void,
            FollowUpKind::Refund,
            FollowUpKind::Release,
            FollowUpKind::Return,
        ] {
            assert_eq!(FollowUpKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(FollowUpKind::parse("chargeback"), None);
    }
}
