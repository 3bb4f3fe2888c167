//! Where checkout sessions live: one row each in the database (see [`crate::database`]), the
//! session as JSON. A change is a read-modify-write under a row lock that the database holds,
//! not this process, so two proxies sharing one PostgreSQL never undo each other's changes.
//!
//! Nothing secret is in a row: card numbers, CVVs, SINs, PIWs and security answers never reach a
//! [`CheckoutSession`], and the client token is kept only as a hash. The one-time code a Flexiti
//! verification may give is kept sealed under a key only the client token gives
//! ([`super::SealedCode`]) until the purchase it is for, then erased (see
//! [`CheckoutStore::settle_payment`]).
//!
//! Rows outlive releases: a field added to [`CheckoutSession`] needs `#[serde(default)]`, or the
//! sessions stored before it no longer read.

use std::{sync::Arc, time::Duration};

use sqlx::{AnyConnection, AnyPool};
use time::OffsetDateTime;
use tower_sessions::session::Id;

use shared::{PaymentOutcome, PurchaseReceipt};

use super::{
    Attempt, AttemptState, CheckoutSession, ClientToken, SessionTerms, Settled, Settlement,
    consent, ledger, read_cache::ReadCache,
};

/// How long a record outlives its session, so the merchant can still read the outcome.
const KEPT_AFTER_EXPIRY: time::Duration = time::Duration::days(30);

/// A session still kept.
const SELECT: &str =
    "SELECT data, version FROM checkout_sessions WHERE id = $1 AND kept_until > $2";
/// Locks a session's row for a change (the first statement of the transaction is a write: SQLite
/// takes its write lock at once, PostgreSQL locks the row until commit) and reads it.
const LOCK: &str = "UPDATE checkout_sessions SET version = version + 1 \
    WHERE id = $1 AND kept_until > $2 RETURNING data, version";
/// Keeps a changed session, in the transaction that locked it.
const WRITE: &str = "UPDATE checkout_sessions SET data = $2, kept_until = $3 WHERE id = $1";
/// A new session, unless its id is taken.
const INSERT: &str = "INSERT INTO checkout_sessions (id, data, version, kept_until) \
    VALUES ($1, $2, 0, $3) ON CONFLICT (id) DO NOTHING";
/// Forgets the sessions kept long enough.
const SWEEP: &str = "DELETE FROM checkout_sessions WHERE kept_until <= $1";

/// Why the store could not do its part.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("session store: {0}")]
    Database(#[from] sqlx::Error),
    /// A record held something that is not a session.
    #[error("session record: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// No randomness for a token.
    #[error("randomness: {0}")]
    Random(#[from] getrandom::Error),
}

/// The checkout sessions of this proxy (and of every proxy sharing its database).
#[derive(Clone)]
pub struct CheckoutStore {
    pub(super) pool: AnyPool,
    pub(super) copies: Arc<ReadCache>,
}

impl CheckoutStore {
    /// Sessions kept in the database of `pool` (see [`crate::database::connect`]), the widget's
    /// reads served from copies up to `copies_for` old (see [`ReadCache`]; zero for none).
    pub fn new(pool: AnyPool, copies_for: Duration) -> CheckoutStore {
        CheckoutStore {
            pool,
            copies: Arc::new(ReadCache::new(copies_for)),
        }
    }

    /// Opens a session on `terms` and mints its client token.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn open(
        &self,
        terms: SessionTerms,
        now: OffsetDateTime,
    ) -> Result<(CheckoutSession, ClientToken), StoreError> {
        sqlx::query(SWEEP)
            .bind(now.unix_timestamp())
            .execute(&self.pool)
            .await?;
        let mut token = ClientToken::mint(Id::default())?;
        let mut session = fresh_session(terms, &token, now);
        // Ids are random: a second draw is needed about never, but an id is never shared.
        while !self.insert(&session).await? {
            token = ClientToken::mint(Id::default())?;
            session.id = token.session_id();
            session.token_hash = token.secret_hash();
        }
        Ok((session, token))
    }

    /// The session `id` as the database has it now, if it does.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn get(&self, id: Id) -> Result<Option<CheckoutSession>, StoreError> {
        let row: Option<(String, i64)> = sqlx::query_as(SELECT)
            .bind(id.to_string())
            .bind(OffsetDateTime::now_utc().unix_timestamp())
            .fetch_optional(&self.pool)
            .await?;
        let Some((data, version)) = row else {
            return Ok(None);
        };
        let session: CheckoutSession = serde_json::from_str(&data)?;
        self.copies.put(version, &session);
        Ok(Some(session))
    }

    /// The session a client token opens, if the token is genuine: for the widget's reads, from
    /// a recent copy when there is one (see [`ReadCache`]).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn authenticate(
        &self,
        token: &ClientToken,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let id = token.session_id();
        let session = match self.copies.get(id) {
            Some(copy) => Some(copy),
            None => self.get(id).await?,
        };
        Ok(session.filter(|session| token.matches(&session.token_hash)))
    }

    /// The session a client token opens, if the token is genuine, as the database has it now:
    /// for the widget's actions, which decide on what the session holds (an account found, a
    /// code sent) before they change it, and must not decide on a copy that another proxy on
    /// the database has since outdated (the scale-out test found a purchase refused so).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn authenticate_afresh(
        &self,
        token: &ClientToken,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let session = self.get(token.session_id()).await?;
        Ok(session.filter(|session| token.matches(&session.token_hash)))
    }

    /// Applies `change` to session `id` and keeps the result, one change at a time across every
    /// proxy on the database: the row stays locked from the read to the write. `change` may
    /// refuse (its error comes back as `Ok(Err(..))`, nothing kept). A payment attempt the change
    /// starts goes into the ledger in the same transaction, before anything is sent upstream.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn update<E>(
        &self,
        id: Id,
        change: impl FnOnce(&mut CheckoutSession) -> Result<(), E>,
    ) -> Result<Option<Result<CheckoutSession, E>>, StoreError> {
        self.change(id, change, None).await
    }

    /// The change under the row lock, with the ledger rows it implies and the `settlement`, if
    /// any, all in one transaction.
    async fn change<E>(
        &self,
        id: Id,
        change: impl FnOnce(&mut CheckoutSession) -> Result<(), E>,
        settlement: Option<&Settlement>,
    ) -> Result<Option<Result<CheckoutSession, E>>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let Some((before, version)) = lock(&mut transaction, id).await? else {
            transaction.rollback().await?;
            return Ok(None);
        };
        let mut session = before.clone();
        if let Err(refusal) = change(&mut session) {
            transaction.rollback().await?;
            return Ok(Some(Err(refusal)));
        }
        write(&mut transaction, &session).await?;
        ledger::record_start(&mut transaction, &before, &session).await?;
        consent::record(&mut transaction, &before, &session).await?;
        if let Some(settlement) = settlement {
            ledger::record_settlement(&mut transaction, settlement).await?;
        }
        transaction.commit().await?;
        self.copies.put(version, &session);
        Ok(Some(Ok(session)))
    }

    /// Settles the payment of session `id` sent under `reference` (see
    /// [`CheckoutSession::settle_payment`]), whatever the session's status now: the money moved
    /// even if the merchant expired it meanwhile. The ledger records how it ended. A second
    /// payment of a paid session is logged as an error, for a refund.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn settle_payment(
        &self,
        id: Id,
        reference: &str,
        outcome: Option<PaymentOutcome>,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        self.settle(id, reference, outcome, None, false).await
    }

    /// As [`CheckoutStore::settle_payment`], for a Flexiti purchase Flexiti answered: the session
    /// is paid as `receipt` says, and keeps it for a confirmation sent again (see
    /// [`super::HeldAccount::receipt`]).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn settle_purchase(
        &self,
        id: Id,
        reference: &str,
        receipt: &PurchaseReceipt,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let outcome = PaymentOutcome::FlexitiAccount {
            transaction_id: receipt.transaction_id.clone(),
            plan_name: receipt.plan_name.clone(),
            term: receipt.term,
            amount_cents: receipt.amount_cents,
            monthly_payment_cents: receipt.monthly_payment_cents,
        };
        self.settle(id, reference, Some(outcome), Some(receipt), false)
            .await
    }

    /// As [`CheckoutStore::settle_payment`], for the reconciliation routine: the ledger notes that
    /// a lookup, not the request that sent it, settled the attempt.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn reconcile_payment(
        &self,
        id: Id,
        reference: &str,
        outcome: Option<PaymentOutcome>,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        self.settle(id, reference, outcome, None, true).await
    }

    async fn settle(
        &self,
        id: Id,
        reference: &str,
        outcome: Option<PaymentOutcome>,
        receipt: Option<&PurchaseReceipt>,
        reconciled: bool,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let paid = outcome.is_some();
        let settlement = Settlement {
            reference: reference.to_owned(),
            state: if paid {
                AttemptState::Approved
            } else {
                AttemptState::Declined
            },
            upstream_id: outcome.as_ref().map(upstream_id),
            reconciled,
        };
        let mut settled = Settled::Stale;
        let kept = self
            .change(
                id,
                |session| {
                    settled = session.settle_payment(reference, outcome);
                    if paid && let Some(account) = session.flexiti_account.as_mut() {
                        // The code was for this purchase; a paid account can no longer be declined,
                        // and a paid session takes no application: its answer is not kept.
                        account.sealed_code = None;
                        account.cancellable = false;
                        account.approval = None;
                        account.applicant = None;
                        // Kept whoever recorded this purchase: a lookup may have settled it first.
                        if let (
                            Some(receipt),
                            Some(PaymentOutcome::FlexitiAccount { transaction_id, .. }),
                        ) = (receipt, &session.outcome)
                            && receipt.transaction_id == *transaction_id
                        {
                            account.receipt = Some(receipt.clone());
                        }
                    }
                    Ok::<(), std::convert::Infallible>(())
                },
                Some(&settlement),
            )
            .await?;
        if settled == Settled::PaidTwice {
            tracing::error!(
                reference,
                "checkout paid twice: the second payment must be refunded"
            );
        }
        Ok(kept.and_then(Result::ok))
    }

    /// Notes in the ledger that the answer to the attempt `reference` was lost: only a lookup
    /// can settle it now (see [`crate::reconciliation`]).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn mark_unknown(&self, reference: &str) -> Result<(), StoreError> {
        Ok(ledger::mark_unknown(&self.pool, reference).await?)
    }

    /// The attempts not settled yet, sent at or before `sent_by`, oldest first.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn unsettled_attempts(
        &self,
        sent_by: OffsetDateTime,
    ) -> Result<Vec<Attempt>, StoreError> {
        Ok(ledger::unsettled(&self.pool, sent_by).await?)
    }

    /// Whether an approved attempt by `method` already holds the upstream transaction
    /// `upstream_id`: a payment found again belongs to one attempt only.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn is_claimed(
        &self,
        method: shared::PaymentMethod,
        upstream_id: &str,
    ) -> Result<bool, StoreError> {
        Ok(ledger::claimed(&self.pool, method, upstream_id).await?)
    }

    /// Every attempt of session `id`, as the ledger holds them.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn attempts(&self, id: Id) -> Result<Vec<Attempt>, StoreError> {
        Ok(ledger::of_session(&self.pool, id).await?)
    }

    /// Inserts `session`: `false` when its id is taken.
    async fn insert(&self, session: &CheckoutSession) -> Result<bool, StoreError> {
        let inserted = sqlx::query(INSERT)
            .bind(session.id.to_string())
            .bind(serde_json::to_string(session)?)
            .bind(kept_until(session))
            .execute(&self.pool)
            .await?;
        let fresh = inserted.rows_affected() == 1;
        if fresh {
            self.copies.put(0, session);
        }
        Ok(fresh)
    }
}

/// Locks the row of session `id` until the transaction ends, and reads it with the version this
/// change gives it; `None` when the store does not have it.
pub(super) async fn lock(
    connection: &mut AnyConnection,
    id: Id,
) -> Result<Option<(CheckoutSession, i64)>, StoreError> {
    let row: Option<(String, i64)> = sqlx::query_as(LOCK)
        .bind(id.to_string())
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .fetch_optional(connection)
        .await?;
    row.map(|(data, version)| Ok((serde_json::from_str(&data)?, version)))
        .transpose()
}

/// Keeps `session`, in the transaction that locked its row.
pub(super) async fn write(
    connection: &mut AnyConnection,
    session: &CheckoutSession,
) -> Result<(), StoreError> {
    sqlx::query(WRITE)
        .bind(session.id.to_string())
        .bind(serde_json::to_string(session)?)
        .bind(kept_until(session))
        .execute(connection)
        .await?;
    Ok(())
}

/// The upstream's id of a payment.
fn upstream_id(outcome: &PaymentOutcome) -> String {
    match outcome {
        PaymentOutcome::Card { transaction_id, .. }
        | PaymentOutcome::FlexitiAccount { transaction_id, .. } => transaction_id.clone(),
    }
}

/// When the row of `session` may be swept, in Unix seconds.
fn kept_until(session: &CheckoutSession) -> i64 {
    (session.expires_at + KEPT_AFTER_EXPIRY).unix_timestamp()
}

/// A session just opened on `terms`, for `token`.
fn fresh_session(terms: SessionTerms, token: &ClientToken, now: OffsetDateTime) -> CheckoutSession {
    let lifetime = time::Duration::try_from(terms.lifetime).unwrap_or(time::Duration::HOUR);
    CheckoutSession {
        id: token.session_id(),
        token_hash: token.secret_hash(),
        amount_cents: terms.amount_cents,
        currency: terms.currency,
        order_id: terms.order_id,
        locale: terms.locale,
        methods: terms.methods,
        allowed_origins: terms.allowed_origins,
        created_at: now,
        expires_at: now + lifetime,
        expired_by_merchant: false,
        outcome: None,
        revision: 0,
        flexiti_account: None,
        payment_in_flight: None,
        payment_attempts: 0,
        terms_shown: Vec::new(),
        consent: None,
        refunded_cents: 0,
        declined_account: false,
        application_in_flight: None,
        application_refused: None,
    }
}
