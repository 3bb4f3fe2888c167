//! The merchant server API: called by the merchant's own server with its API key, never by a
//! browser. It creates checkout sessions and binds their amount.

mod key;
mod sessions;

use utoipa_axum::{router::OpenApiRouter, routes};

pub use key::MerchantKey;

use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sessions::create))
        .routes(routes!(sessions::show, sessions::update))
        .routes(routes!(sessions::expire))
}
