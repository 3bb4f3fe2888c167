//! Rate limits on the shopper's costly actions: applying for credit, looking up and verifying a
//! Flexiti account, paying by account or by card. Each costs upstream calls, and the lookups and
//! verifications are what someone guessing at other people's accounts would repeat. The widget's
//! reads that cost a Flexiti call (the form's choices, the terms, the disclosures, a plan's
//! price) have an allowance of their own, larger: the client token sits in the merchant's page,
//! and whoever copies it must not be able to make the proxy call Flexiti without end.
//!
//! Counted per kind of action, per checkout session (the client token's, once it is
//! authenticated, so nobody can spend another session's allowance with a forged token) and per
//! client address (see [`super::client_address`]) as a backstop against one client opening many
//! sessions. A refusal is
//! `too_many_requests` in the session's language with `Retry-After`.

use std::{
    marker::PhantomData,
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderValue, header, request::Parts},
    response::{IntoResponse, Response},
};
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};
use shared::{ErrorCode, Locale};
use tower_sessions::session::Id;

use super::client_address::client_address;
use crate::{AppState, config::RateLimitConfig, error::AppError, routes::widget::WidgetSession};

/// The kinds of action counted apart: a shopper who paid twice may still verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `POST /api/v1/applications`.
    Apply,
    /// `POST /api/v1/account/lookup`.
    AccountLookup,
    /// `POST /api/v1/account/verify`.
    AccountVerify,
    /// `POST /api/v1/account/purchase` and `POST /api/v1/card/payment`.
    Pay,
    /// `GET /api/v1/form-config`, `/terms`, `/disclosures` and `POST /api/v1/account/quote`.
    Read,
}

/// Every how many checks the limiters forget keys whose allowance is whole again.
const FORGET_EVERY: u64 = 1024;

/// The limiters, shared by every request (cheap to clone).
#[derive(Clone)]
pub struct Throttle {
    /// The costly actions' allowances, each kind counted apart.
    actions: Limiters,
    /// The reads' allowance.
    reads: Limiters,
    trusted_proxies: Arc<[IpAddr]>,
    checks: Arc<AtomicU64>,
}

/// One allowance per session and one per address; `None` for no limit.
#[derive(Clone)]
struct Limiters {
    per_session: Option<Arc<DefaultKeyedRateLimiter<(Action, Id)>>>,
    per_address: Option<Arc<DefaultKeyedRateLimiter<(Action, IpAddr)>>>,
}

impl Limiters {
    fn new(per_session: u32, per_address: u32, window: Duration) -> Limiters {
        Limiters {
            per_session: quota(per_session, window)
                .map(|quota| Arc::new(RateLimiter::hashmap(quota))),
            per_address: quota(per_address, window)
                .map(|quota| Arc::new(RateLimiter::hashmap(quota))),
        }
    }

    /// Counts one `action` by `session` from `address`: the session first, so that a client
    /// token past its own allowance (one copied from a merchant's page, say) spends nothing more
    /// of the allowance its address's other shoppers share.
    fn check(
        &self,
        action: Action,
        session: Id,
        address: Option<IpAddr>,
    ) -> Result<(), RetryAfter> {
        let now = DefaultClock::default().now();
        if let Some(limiter) = &self.per_session {
            limiter
                .check_key(&(action, session))
                .map_err(|refused| RetryAfter(refused.wait_time_from(now)))?;
        }
        if let (Some(limiter), Some(address)) = (&self.per_address, address) {
            limiter
                .check_key(&(action, address))
                .map_err(|refused| RetryAfter(refused.wait_time_from(now)))?;
        }
        Ok(())
    }

    /// Forgets the keys whose allowance is whole again.
    fn forget_the_whole(&self) {
        if let Some(limiter) = &self.per_session {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        if let Some(limiter) = &self.per_address {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle").finish_non_exhaustive()
    }
}

/// How long to wait before the next action is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl Throttle {
    /// Limiters as `config` says; a limit of 0 (or a window of 0) is no limit.
    pub fn new(config: &RateLimitConfig) -> Throttle {
        let window = Duration::from_secs(config.window_secs);
        Throttle {
            actions: Limiters::new(config.per_session, config.per_address, window),
            reads: Limiters::new(config.reads_per_session, config.reads_per_address, window),
            trusted_proxies: config.trusted_proxies.clone().into(),
            checks: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Counts one `action` by `session` from `address`.
    ///
    /// # Errors
    /// When either allowance is spent: how long until the next action is allowed.
    pub fn check(
        &self,
        action: Action,
        session: Id,
        address: Option<IpAddr>,
    ) -> Result<(), RetryAfter> {
        self.forget_now_and_then();
        let limiters = match action {
            Action::Read => &self.reads,
            Action::Apply | Action::AccountLookup | Action::AccountVerify | Action::Pay => {
                &self.actions
            }
        };
        limiters.check(action, session, address)
    }

    /// Keeps the maps from growing with every session ever seen.
    fn forget_now_and_then(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY != FORGET_EVERY - 1 {
            return;
        }
        self.actions.forget_the_whole();
        self.reads.forget_the_whole();
    }
}

/// `limit` actions at once, then one every `window / limit`; `None` for no limit.
fn quota(limit: u32, window: Duration) -> Option<Quota> {
    let burst = NonZeroU32::new(limit)?;
    Quota::with_period(window / limit).map(|quota| quota.allow_burst(burst))
}

/// The widget session of a throttled action, counted: the handler of an action takes it
/// instead of [`WidgetSession`], e.g. `Throttled<Pay>`.
pub struct Throttled<A>(pub WidgetSession, pub PhantomData<A>);

/// A kind of action as a type, for [`Throttled`].
pub trait Counted {
    /// The action counted.
    const ACTION: Action;
    /// Whether its handler answers a session the shopper can no longer act in itself (a
    /// payment's replay answers the payment made); every other kind refuses such a session
    /// before anything is counted.
    const ANSWERS_CLOSED: bool = false;
}

/// The marker types of [`Counted`].
pub mod counted {
    use super::{Action, Counted};

    /// Applying for credit.
    pub struct Apply;
    /// Looking up a Flexiti account.
    pub struct AccountLookup;
    /// Verifying a Flexiti account.
    pub struct AccountVerify;
    /// Paying by account or card.
    pub struct Pay;
    /// Reading what costs a Flexiti call: the form's choices, the terms, a plan's price.
    pub struct Read;

    impl Counted for Apply {
        const ACTION: Action = Action::Apply;
    }
    impl Counted for AccountLookup {
        const ACTION: Action = Action::AccountLookup;
    }
    impl Counted for AccountVerify {
        const ACTION: Action = Action::AccountVerify;
    }
    impl Counted for Pay {
        const ACTION: Action = Action::Pay;
        const ANSWERS_CLOSED: bool = true;
    }
    impl Counted for Read {
        const ACTION: Action = Action::Read;
    }
}

impl<A: Counted> FromRequestParts<AppState> for Throttled<A> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Throttled<A>, Response> {
        let session = WidgetSession::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        // A session the shopper can no longer act in is told so, and counts nothing.
        if !A::ANSWERS_CLOSED {
            session.check_open().map_err(IntoResponse::into_response)?;
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip());
        let throttle = &state.envelope.throttle;
        let address = client_address(peer, &parts.headers, &throttle.trusted_proxies);
        match throttle.check(A::ACTION, session.0.id, address) {
            Ok(()) => Ok(Throttled(session, PhantomData)),
            Err(wait) => Err(too_many_requests(wait, session.0.locale)),
        }
    }
}

/// `429 too_many_requests` in `locale`, with `Retry-After` in whole seconds (at least one).
pub fn too_many_requests(RetryAfter(wait): RetryAfter, locale: Locale) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = AppError::new(ErrorCode::TooManyRequests, locale).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(per_session: u32, per_address: u32) -> RateLimitConfig {
        RateLimitConfig {
            per_session,
            per_address,
            reads_per_session: 0,
            reads_per_address: 0,
            window_secs: 600,
            trusted_proxies: Vec::new(),
        }
    }

    #[test]
    fn a_session_spends_its_allowance_per_kind_of_action_then_waits() {
        let throttle = Throttle::new(&config(2, 0));
        let (session, other) = (Id::default(), Id(7));
        for _ in 0..2 {
            assert_eq!(throttle.check(Action::Pay, session, None), Ok(()));
        }
        let Err(RetryAfter(wait)) = throttle.check(Action::Pay, session, None) else {
            panic!("the third payment in a moment is refused");
        };
        assert!(wait > Duration::from_secs(290) && wait <= Duration::from_secs(300));
        assert_eq!(throttle.check(Action::Apply, session, None), Ok(()));
        assert_eq!(throttle.check(Action::Pay, other, None), Ok(()));
    }

    #[test]
    fn one_address_is_limited_across_sessions_and_zero_means_no_limit() {
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        let throttle = Throttle::new(&config(0, 3));
        for id in 0..3 {
            assert_eq!(throttle.check(Action::Apply, Id(id), address), Ok(()));
        }
        assert!(throttle.check(Action::Apply, Id(99), address).is_err());
        let elsewhere = Some(IpAddr::from([192, 0, 2, 2]));
        assert_eq!(throttle.check(Action::Apply, Id(99), elsewhere), Ok(()));
        for _ in 0..100 {
            assert_eq!(throttle.check(Action::Apply, Id(1), None), Ok(()));
        }
    }

    #[test]
    fn reads_have_an_allowance_of_their_own() {
        let throttle = Throttle::new(&RateLimitConfig {
            reads_per_session: 3,
            ..config(1, 0)
        });
        let session = Id(3);
        for _ in 0..3 {
            assert_eq!(throttle.check(Action::Read, session, None), Ok(()));
        }
        let Err(RetryAfter(wait)) = throttle.check(Action::Read, session, None) else {
            panic!("the fourth read in a moment is refused");
        };
        assert!(wait > Duration::from_secs(190) && wait <= Duration::from_secs(200));
        assert_eq!(
            throttle.check(Action::Pay, session, None),
            Ok(()),
            "the reads spent none of the payments' allowance"
        );
        assert!(throttle.check(Action::Pay, session, None).is_err());
        assert_eq!(throttle.check(Action::Read, Id(4), None), Ok(()));
    }

    #[test]
    fn a_session_past_its_allowance_spends_none_of_its_addresss() {
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        let throttle = Throttle::new(&config(1, 3));
        assert_eq!(throttle.check(Action::Pay, Id(1), address), Ok(()));
        for _ in 0..10 {
            assert!(throttle.check(Action::Pay, Id(1), address).is_err());
        }
        for id in 2..4 {
            assert_eq!(
                throttle.check(Action::Pay, Id(id), address),
                Ok(()),
                "another shopper at the same address"
            );
        }
    }
}
