//! The merchant server API: called by the merchant's own server with its API key, never by a
//! browser. It creates checkout sessions and binds their amount.

mod key;
mod sessions;

use axum::{
    Router,
    routing::{get, post},
};
use shared::paths;

pub use key::MerchantKey;

use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    let one = format!("{}/{{id}}", paths::CHECKOUT_SESSIONS);
    let expire = format!("{}/{{id}}/expire", paths::CHECKOUT_SESSIONS);
    Router::new()
        .route(paths::CHECKOUT_SESSIONS, post(sessions::create))
        .route(&one, get(sessions::show).patch(sessions::update))
        .route(&expire, post(sessions::expire))
}
