//! The Flexiti OAuth token cache: a token is reused until about 75% of its life, then renewed by
//! exactly one caller while the others wait for its result.

use std::sync::{Arc, PoisonError, RwLock};

use secrecy::SecretString;
use tokio::{sync::Mutex, time::Instant};

/// The longest life we believe an access token has, in seconds.
const LONGEST_LIFE_SECS: u64 = 24 * 60 * 60;

/// An access token and what we know of its life.
#[derive(Debug)]
pub(super) struct Token {
    pub access: SecretString,
    pub refresh: Option<SecretString>,
    /// When to renew: 75% into its life, so a token never expires in flight.
    pub renew_at: Instant,
}

impl Token {
    pub(super) fn new(
        access: SecretString,
        refresh: Option<SecretString>,
        expires_in: u64,
    ) -> Token {
        // A token said to live longer than a day is renewed daily all the same: a huge
        // `expires_in` would otherwise overflow `Instant` and panic the renewal.
        let life = std::time::Duration::from_secs(expires_in.min(LONGEST_LIFE_SECS));
        Token {
            access,
            refresh,
            renew_at: Instant::now() + life.mul_f64(0.75),
        }
    }
}

/// The cache. Reads take a short `RwLock`; renewals are serialized by an async mutex so that a
/// hundred callers finding the token stale cause one token request, not a hundred.
#[derive(Debug, Default)]
pub(super) struct TokenCache {
    current: RwLock<Option<Arc<Token>>>,
    renewal: Mutex<()>,
}

impl TokenCache {
    /// A token still fresh, or the one `renew` obtains (given the stale token, for its refresh
    /// token).
    pub(super) async fn get<E, F, Fut>(&self, renew: F) -> Result<Arc<Token>, E>
    where
        F: FnOnce(Option<Arc<Token>>) -> Fut,
        Fut: Future<Output = Result<Token, E>>,
    {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _renewing = self.renewal.lock().await;
        // Another caller may have renewed while we waited.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let token = Arc::new(renew(self.current()).await?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(token.clone());
        Ok(token)
    }

    /// Drops `token` after Flexiti refused it, unless someone already replaced it.
    pub(super) fn invalidate(&self, token: &Arc<Token>) {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        if current
            .as_ref()
            .is_some_and(|held| Arc::ptr_eq(held, token))
        {
            *current = None;
        }
    }

    fn current(&self) -> Option<Arc<Token>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn fresh(&self) -> Option<Arc<Token>> {
        self.current()
            .filter(|token| Instant::now() < token.renew_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_that_claims_to_live_forever_is_renewed_within_a_day() {
        // Found with the flexiti_answers fuzz target's entry point: `u64::MAX` panicked here.
        let token = Token::new(SecretString::from("a"), None, u64::MAX);
        let day = std::time::Duration::from_secs(LONGEST_LIFE_SECS);
        assert!(token.renew_at <= Instant::now() + day);
        assert!(token.renew_at > Instant::now());
    }
}
