//! The follow-up ledger's SQL: each statement, and the functions that run it on a connection or
//! the pool, so that the store's methods can run several in one transaction.

use sqlx::{AnyConnection, AnyPool};
use time::OffsetDateTime;

use shared::PaymentMethod;

use super::{Begun, FollowUpKind, FollowUpRecord, FollowUpStart, HeldBefore};
use crate::checkout::{
    AttemptState,
    ledger::{named, readable},
};

const COLUMNS: &str = "reference, kind, method, original, session_id, amount_cents, state, \
    upstream_id, created_at, held_before_cents, last_capture_before";
const INSERT: &str = "INSERT INTO follow_up_attempts (reference, idempotency_key, kind, method, \
    original, session_id, amount_cents, state, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'in_flight', $8) ON CONFLICT DO NOTHING";
const SETTLE: &str = "UPDATE follow_up_attempts SET state = $2, upstream_id = $3, settled_at = $4, \
    reconciled = $5 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
const RELEASE: &str = "UPDATE follow_up_attempts SET state = 'declined', idempotency_key = NULL, \
    settled_at = $2, reconciled = $3 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
pub(super) const RELEASE_UNSENT: &str = "UPDATE follow_up_attempts SET state = 'declined', \
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

/// The row as a record; a decode error for a kind or a method this proxy does not know (a
/// newer version's row, or one written by hand).
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
) -> Result<FollowUpRecord, sqlx::Error> {
    let kind: FollowUpKind = named(&kind, "kind", &reference)?;
    let method: PaymentMethod = named(&method, "method", &reference)?;
    let count = |value: i64| u64::try_from(value).ok();
    let held_before = match (held_cents.and_then(count), last_capture.and_then(count)) {
        (Some(cents), Some(last_capture)) => Some(HeldBefore {
            cents,
            last_capture,
        }),
        _ => None,
    };
    Ok(FollowUpRecord {
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
    })
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
    row.map(record).transpose()
}

pub(super) async fn by_key(
    connection: &mut AnyConnection,
    key: &str,
) -> Result<Option<FollowUpRecord>, sqlx::Error> {
    one_by(connection, "idempotency_key", key).await
}

pub(super) async fn by_reference(
    connection: &mut AnyConnection,
    reference: &str,
) -> Result<Option<FollowUpRecord>, sqlx::Error> {
    one_by(connection, "reference", reference).await
}

/// Logs an answer (`found`) to `record` that contradicts how the ledger settled it already: the
/// ledger keeps its first settlement, and a person must compare it with the upstream's record.
pub(super) async fn check_agrees(
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
pub(super) async fn release_by(
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
    Ok(readable(rows, record))
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

    /// A row of a newer version's, with a kind this proxy does not know, is left out of the
    /// unsettled follow-ups (reconciliation goes on with the others) and read alone is an error,
    /// not a follow-up of some kind guessed.
    #[tokio::test]
    async fn a_row_of_an_unknown_kind_is_left_out_not_guessed() {
        let pool = crate::database::connect("sqlite::memory:")
            .await
            .expect("a database");
        let now = OffsetDateTime::now_utc();
        for (reference, original) in [("r1", "a"), ("r2", "b")] {
            let start = FollowUpStart {
                original: original.into(),
                ..capture_start(reference, reference)
            };
            let mut connection = pool.acquire().await.expect("a connection");
            begin(&mut connection, &start, now).await.expect("begun");
        }
        sqlx::query("UPDATE follow_up_attempts SET kind = 'chargeback' WHERE reference = 'r1'")
            .execute(&pool)
            .await
            .expect("updated");

        let listed = unsettled(&pool, now).await.expect("read");
        let references: Vec<&str> = listed
            .iter()
            .map(|record| record.reference.as_str())
            .collect();
        assert_eq!(references, ["r2"]);
        let mut connection = pool.acquire().await.expect("a connection");
        assert!(by_reference(&mut connection, "r1").await.is_err());
    }
}
