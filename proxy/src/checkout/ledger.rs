//! The payment ledger: every money-moving attempt of every session, one row each, written in the
//! same database transaction as the session change that starts or settles it. The session says
//! what the checkout is now; the ledger says what was ever sent upstream and how each attempt
//! ended, so an attempt whose answer was lost (or whose proxy died) is found and reconciled, and
//! none is ever forgotten.

use serde::Serialize;
use sqlx::{AnyConnection, AnyPool};
use time::OffsetDateTime;
use tower_sessions::session::Id;

use shared::{PaymentMethod, WireName};

use super::CheckoutSession;

/// Where an attempt stands (on the wire as in the database: `in_flight`, `unknown`, `approved`,
/// `declined`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    /// Recorded, sent (or about to be), no answer yet.
    InFlight,
    /// Sent, and the answer was lost: only a lookup can tell.
    Unknown,
    /// The money moved.
    Approved,
    /// Nothing was paid: declined, refused, or never processed.
    Declined,
}

impl AttemptState {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            AttemptState::InFlight => "in_flight",
            AttemptState::Unknown => "unknown",
            AttemptState::Approved => "approved",
            AttemptState::Declined => "declined",
        }
    }

    pub(super) fn parse(text: &str) -> AttemptState {
        match text {
            "approved" => AttemptState::Approved,
            "declined" => AttemptState::Declined,
            "unknown" => AttemptState::Unknown,
            _ => AttemptState::InFlight,
        }
    }
}

/// How an attempt ended, as its settlement tells the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// The attempt's reference.
    pub reference: String,
    /// Approved or declined.
    pub state: AttemptState,
    /// The upstream's id of the transaction, when there is one.
    pub upstream_id: Option<String>,
    /// Settled by the reconciliation routine rather than by the request that sent it.
    pub reconciled: bool,
}

/// One attempt as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// What it was sent under.
    pub reference: String,
    /// Its session.
    pub session_id: String,
    /// How it pays: `card` or `flexiti_account`.
    pub method: PaymentMethod,
    /// Where it stands.
    pub state: AttemptState,
    /// The upstream's transaction id, once known.
    pub upstream_id: Option<String>,
    /// Sent at, Unix seconds.
    pub created_at: i64,
    /// Settled by reconciliation.
    pub reconciled: bool,
}

const INSERT: &str = "INSERT INTO payment_attempts \
    (reference, session_id, method, amount_cents, currency, state, created_at) \
    VALUES ($1, $2, $3, $4, $5, 'in_flight', $6) ON CONFLICT (reference) DO NOTHING";
const SETTLE: &str = "UPDATE payment_attempts SET state = $2, upstream_id = $3, settled_at = $4, \
    reconciled = $5 WHERE reference = $1 AND state IN ('in_flight', 'unknown')";
const MARK_UNKNOWN: &str =
    "UPDATE payment_attempts SET state = 'unknown' WHERE reference = $1 AND state = 'in_flight'";
const UNSETTLED: &str = "SELECT reference, session_id, method, state, upstream_id, created_at, \
    reconciled FROM payment_attempts WHERE state IN ('in_flight', 'unknown') AND created_at <= $1 \
    ORDER BY created_at";
const CLAIMED: &str = "SELECT COUNT(*) FROM payment_attempts \
    WHERE method = $1 AND upstream_id = $2 AND state = 'approved'";
const OF_SESSION: &str = "SELECT reference, session_id, method, state, upstream_id, created_at, \
    reconciled FROM payment_attempts WHERE session_id = $1 ORDER BY created_at, reference";

const UNKNOWN: &str = "SELECT \
    (SELECT COUNT(*) FROM payment_attempts WHERE state = 'unknown') + \
    (SELECT COUNT(*) FROM follow_up_attempts WHERE state = 'unknown')";

type Row = (String, String, String, String, Option<String>, i64, i64);

/// The row as an attempt; a decode error for a method this proxy does not know (a newer
/// version's row, or one written by hand).
fn attempt(
    (reference, session_id, method, state, upstream_id, created_at, reconciled): Row,
) -> Result<Attempt, sqlx::Error> {
    let method = named(&method, "method", &reference)?;
    Ok(Attempt {
        reference,
        session_id,
        method,
        state: AttemptState::parse(&state),
        upstream_id,
        created_at,
        reconciled: reconciled != 0,
    })
}

/// The value a ledger row of `reference` names in its column `what` (a kind, a method); a
/// decode error for a name this proxy does not know.
pub(super) fn named<T: WireName>(
    name: &str,
    what: &str,
    reference: &str,
) -> Result<T, sqlx::Error> {
    T::from_wire_name(name).ok_or_else(|| {
        sqlx::Error::Decode(format!("{reference} has a {what} unknown here: {name}").into())
    })
}

/// The `rows` of a ledger, payments' or follow-ups', each `read`, leaving out (logged at error
/// level) a row this proxy cannot read: one of a newer version's, during a rolling upgrade on
/// one database, must not stop reconciliation, nor a list, for every other.
pub(super) fn readable<R, T>(rows: Vec<R>, read: impl Fn(R) -> Result<T, sqlx::Error>) -> Vec<T> {
    rows.into_iter()
        .filter_map(|row| {
            read(row)
                .inspect_err(|error| tracing::error!(%error, "a ledger row left out: unreadable"))
                .ok()
        })
        .collect()
}

/// Records the attempt `after` started, if the change from `before` started one.
pub(super) async fn record_start(
    connection: &mut AnyConnection,
    before: &CheckoutSession,
    after: &CheckoutSession,
) -> Result<(), sqlx::Error> {
    let Some(started) = &after.payment_in_flight else {
        return Ok(());
    };
    let known = before
        .payment_in_flight
        .as_ref()
        .is_some_and(|earlier| earlier.reference == started.reference);
    if known {
        return Ok(());
    }
    sqlx::query(INSERT)
        .bind(&started.reference)
        .bind(after.id.to_string())
        .bind(started.method.as_str())
        .bind(i64::try_from(after.amount_cents).unwrap_or(i64::MAX))
        .bind(after.currency.code())
        .bind(started.sent_at.unix_timestamp())
        .execute(connection)
        .await?;
    Ok(())
}

/// Records how an attempt ended.
pub(super) async fn record_settlement(
    connection: &mut AnyConnection,
    settlement: &Settlement,
) -> Result<(), sqlx::Error> {
    sqlx::query(SETTLE)
        .bind(&settlement.reference)
        .bind(settlement.state.as_str())
        .bind(settlement.upstream_id.as_deref())
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .bind(i64::from(settlement.reconciled))
        .execute(connection)
        .await?;
    Ok(())
}

/// Marks the attempt `reference` unknown: sent, answer lost.
pub(super) async fn mark_unknown(pool: &AnyPool, reference: &str) -> Result<(), sqlx::Error> {
    by_reference(pool, MARK_UNKNOWN, reference).await
}

/// Runs `statement`, whose one parameter is an attempt's reference.
pub(super) async fn by_reference(
    pool: &AnyPool,
    statement: &'static str,
    reference: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(statement).bind(reference).execute(pool).await?;
    Ok(())
}

/// The attempts not settled yet that were sent at or before `sent_by`, oldest first.
pub(super) async fn unsettled(
    pool: &AnyPool,
    sent_by: OffsetDateTime,
) -> Result<Vec<Attempt>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(UNSETTLED)
        .bind(sent_by.unix_timestamp())
        .fetch_all(pool)
        .await?;
    Ok(readable(rows, attempt))
}

/// Whether an approved attempt by `method` already holds the upstream transaction `upstream_id`.
pub(super) async fn claimed(
    pool: &AnyPool,
    method: PaymentMethod,
    upstream_id: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(CLAIMED)
        .bind(method.as_str())
        .bind(upstream_id)
        .fetch_one(pool)
        .await?;
    Ok(count > 0)
}

/// Every attempt of session `id`, oldest first.
pub(super) async fn of_session(pool: &AnyPool, id: Id) -> Result<Vec<Attempt>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(OF_SESSION)
        .bind(id.to_string())
        .fetch_all(pool)
        .await?;
    Ok(readable(rows, attempt))
}

/// How many attempts, payments and follow-ups, are `unknown` now: sent, answer lost, not yet
/// reconciled.
pub(super) async fn unknown(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(UNKNOWN).fetch_one(pool).await
}
