//! Where checkout sessions live: a tower-sessions store (in memory here; the persistent store
//! plugs in behind the same trait), one record per session keyed by its id.

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::sync::Mutex;
use tower_sessions::{
    MemoryStore,
    session::{Id, Record},
    session_store::{self, SessionStore},
};

use shared::PaymentOutcome;

use super::{CheckoutSession, ClientToken, SessionTerms, Settled};

/// The record key the session is kept under.
const SESSION_KEY: &str = "checkout";

/// How long a record outlives its session, so the merchant can still read the outcome.
const KEPT_AFTER_EXPIRY: time::Duration = time::Duration::days(30);

/// Why the store could not do its part.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store itself failed.
    #[error("session store: {0}")]
    Store(#[from] session_store::Error),
    /// A record held something that is not a session.
    #[error("session record: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// No randomness for a token.
    #[error("randomness: {0}")]
    Random(#[from] getrandom::Error),
}

/// The checkout sessions of this proxy.
#[derive(Clone)]
pub struct CheckoutStore {
    store: Arc<dyn SessionStore>,
    /// Changes are read-modify-write: one at a time, so two never undo each other.
    writes: Arc<Mutex<()>>,
}

impl Default for CheckoutStore {
    fn default() -> Self {
        CheckoutStore::new(Arc::new(MemoryStore::default()))
    }
}

impl CheckoutStore {
    /// Sessions kept in `store`.
    pub fn new(store: Arc<dyn SessionStore>) -> CheckoutStore {
        CheckoutStore {
            store,
            writes: Arc::default(),
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
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: now,
        };
        // `create` settles on an id no other record has; the token is minted for that id.
        self.store.create(&mut record).await?;
        let token = ClientToken::mint(record.id)?;
        let lifetime = time::Duration::try_from(terms.lifetime).unwrap_or(time::Duration::HOUR);
        let session = CheckoutSession {
            id: record.id,
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
        };
        self.save(&session).await?;
        Ok((session, token))
    }

    /// The session `id`, if the store has it.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn get(&self, id: Id) -> Result<Option<CheckoutSession>, StoreError> {
        let Some(mut record) = self.store.load(&id).await? else {
            return Ok(None);
        };
        record
            .data
            .remove(SESSION_KEY)
            .map(serde_json::from_value)
            .transpose()
            .map_err(StoreError::from)
    }

    /// The session a client token opens, if the token is genuine.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn authenticate(
        &self,
        token: &ClientToken,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let session = self.get(token.session_id()).await?;
        Ok(session.filter(|session| token.matches(&session.token_hash)))
    }

    /// Applies `change` to session `id` and keeps the result, one change at a time. `change` may
    /// refuse (its error comes back as `Ok(Err(..))`, nothing kept).
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn update<E>(
        &self,
        id: Id,
        change: impl FnOnce(&mut CheckoutSession) -> Result<(), E>,
    ) -> Result<Option<Result<CheckoutSession, E>>, StoreError> {
        let _one_at_a_time = self.writes.lock().await;
        let Some(mut session) = self.get(id).await? else {
            return Ok(None);
        };
        if let Err(refusal) = change(&mut session) {
            return Ok(Some(Err(refusal)));
        }
        self.save(&session).await?;
        Ok(Some(Ok(session)))
    }

    /// Settles the payment of session `id` sent under `reference` (see
    /// [`CheckoutSession::settle_payment`]), whatever the session's status now: the money moved
    /// even if the merchant expired it meanwhile. A second payment of a paid session is logged as
    /// an error, for a refund.
    ///
    /// # Errors
    /// See [`StoreError`].
    pub async fn settle_payment(
        &self,
        id: Id,
        reference: &str,
        outcome: Option<PaymentOutcome>,
    ) -> Result<Option<CheckoutSession>, StoreError> {
        let paid = outcome.is_some();
        let mut settled = Settled::Stale;
        let kept = self
            .update(id, |session| {
                settled = session.settle_payment(reference, outcome);
                if paid && let Some(account) = session.flexiti_account.as_mut() {
                    // The code was for this purchase; a paid account can no longer be declined.
                    account.verification_code = None;
                    account.cancellable = false;
                }
                Ok::<(), std::convert::Infallible>(())
            })
            .await?;
        if settled == Settled::PaidTwice {
            tracing::error!(
                reference,
                "checkout paid twice: the second payment must be refunded"
            );
        }
        Ok(kept.and_then(Result::ok))
    }

    async fn save(&self, session: &CheckoutSession) -> Result<(), StoreError> {
        let mut record = Record {
            id: session.id,
            data: Default::default(),
            expiry_date: session.expires_at + KEPT_AFTER_EXPIRY,
        };
        record
            .data
            .insert(SESSION_KEY.to_owned(), serde_json::to_value(session)?);
        self.store.save(&record).await?;
        Ok(())
    }
}
