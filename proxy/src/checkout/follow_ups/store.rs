//! The checkout store's follow-up methods: each runs [`super::queries`] on the pool, and those
//! that touch a session take its row lock first.

use time::OffsetDateTime;
use tower_sessions::session::Id;

use super::{
    Begun, FollowUpKind, FollowUpRecord, FollowUpStart, HeldBefore, RefundBegun,
    queries::{
        RELEASE_UNSENT, begin, by_key, by_reference, check_agrees, mark_unknown, refunded, release,
        release_by, settle, unsettled, write_held_before,
    },
};
use crate::checkout::{
    AttemptState, CheckoutSession, CheckoutStore, StoreError,
    store::{lock, write},
};

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
        let refunds =
            settled && state == AttemptState::Approved && record.kind == FollowUpKind::Refund;
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
        Ok(crate::checkout::ledger::unknown(&self.pool).await?)
    }
}
