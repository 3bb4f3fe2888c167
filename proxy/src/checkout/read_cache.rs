//! A short-lived copy of the sessions this proxy read or wrote, for the widget's reads: every
//! widget call authenticates its client token by reading the session, and that database read was
//! about half of the proxy's CPU per call (`docs/performance.md`).
//!
//! What it may serve, and what never comes from it:
//! - This proxy's own writes go into it as they commit, newest version first (a slower reader
//!   never puts an older version back), so one proxy alone never serves a stale session.
//! - Another proxy's write on the shared database is seen once the copy is older than the
//!   time to live (`session_cache_ms`, 1 s by default).
//! - Every decision that moves money or changes a session re-reads the row under its lock
//!   ([`super::CheckoutStore::update`]), the widget's actions (every method but `GET`/`HEAD`)
//!   authenticate on the row itself ([`super::CheckoutStore::authenticate_afresh`]), and the
//!   merchant's API and reconciliation read the database: a stale copy can at most show the
//!   shopper a state a second old.
//!
//! A map under a mutex rather than a caching crate: the version comparison is the point, the
//! critical sections are a hash lookup and a clone, and it stays bounded by a sweep.

use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use tower_sessions::session::Id;

use super::CheckoutSession;

/// Copies kept at most; past it, the stale ones go, then all if need be.
const CAPACITY: usize = 4_096;

struct Copy {
    version: i64,
    session: CheckoutSession,
    stored: Instant,
}

/// The copies, and how long one may be served.
pub(super) struct ReadCache {
    time_to_live: Duration,
    copies: Mutex<HashMap<Id, Copy>>,
}

impl ReadCache {
    /// Copies served for `time_to_live`; zero keeps none.
    pub(super) fn new(time_to_live: Duration) -> ReadCache {
        ReadCache {
            time_to_live,
            copies: Mutex::new(HashMap::new()),
        }
    }

    /// The copy of session `id`, if it is young enough.
    pub(super) fn get(&self, id: Id) -> Option<CheckoutSession> {
        let copies = self.copies.lock().unwrap_or_else(PoisonError::into_inner);
        copies
            .get(&id)
            .filter(|copy| copy.stored.elapsed() < self.time_to_live)
            .map(|copy| copy.session.clone())
    }

    /// Keeps `session` as it is at `version`, unless a newer version is kept already.
    pub(super) fn put(&self, version: i64, session: &CheckoutSession) {
        if self.time_to_live.is_zero() {
            return;
        }
        let mut copies = self.copies.lock().unwrap_or_else(PoisonError::into_inner);
        if copies
            .get(&session.id)
            .is_some_and(|kept| kept.version > version)
        {
            return;
        }
        if copies.len() >= CAPACITY && !copies.contains_key(&session.id) {
            copies.retain(|_, copy| copy.stored.elapsed() < self.time_to_live);
            if copies.len() >= CAPACITY {
                copies.clear();
            }
        }
        let copy = Copy {
            version,
            session: session.clone(),
            stored: Instant::now(),
        };
        copies.insert(session.id, copy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkout::payment::tests::session;

    fn open_session() -> CheckoutSession {
        session(time::OffsetDateTime::now_utc())
    }

    #[test]
    fn an_older_version_never_replaces_a_newer_one() {
        let cache = ReadCache::new(Duration::from_secs(60));
        let mut session = open_session();
        session.revision = 2;
        cache.put(5, &session);
        let mut older = session.clone();
        older.revision = 1;
        cache.put(4, &older);
        assert_eq!(cache.get(session.id).map(|kept| kept.revision), Some(2));
        session.revision = 3;
        cache.put(6, &session);
        assert_eq!(cache.get(session.id).map(|kept| kept.revision), Some(3));
    }

    #[test]
    fn a_copy_past_its_time_or_with_no_time_is_not_served() {
        let session = open_session();
        let off = ReadCache::new(Duration::ZERO);
        off.put(1, &session);
        assert!(off.get(session.id).is_none());
        let brief = ReadCache::new(Duration::from_millis(1));
        brief.put(1, &session);
        std::thread::sleep(Duration::from_millis(5));
        assert!(brief.get(session.id).is_none());
    }

    #[test]
    fn it_stays_bounded() {
        let cache = ReadCache::new(Duration::from_secs(60));
        let mut session = open_session();
        for n in 0..(CAPACITY as i128 + 10) {
            session.id = Id(n);
            cache.put(0, &session);
        }
        let kept = cache.copies.lock().map(|copies| copies.len()).unwrap_or(0);
        assert!(kept <= CAPACITY, "{kept}");
    }
}
