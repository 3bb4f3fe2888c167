//! The merchant server API: called by the merchant's own server with its API key, never by a
//! browser. It creates checkout sessions and binds their amount, refunds them, moves the money of
//! card transactions and Flexiti authorizations after the checkout, and lets its operators settle
//! by hand what no lookup could.

mod amount;
mod card_transactions;
mod failure;
mod flexiti_authorizations;
mod flexiti_bodies;
mod flexiti_follow_ups;
mod follow_up_steps;
mod idempotency;
mod key;
mod ledger;
mod paid_with;
mod refunds;
mod session_schemas;
mod sessions;
mod unsettled;

use utoipa_axum::{router::OpenApiRouter, routes};

pub use key::MerchantKey;

use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sessions::create))
        .routes(routes!(sessions::show, sessions::update))
        .routes(routes!(sessions::expire))
        .routes(routes!(ledger::attempts))
        .routes(routes!(ledger::reconcile))
        .routes(routes!(refunds::refund))
        .routes(routes!(card_transactions::show))
        .routes(routes!(card_transactions::capture))
        .routes(routes!(card_transactions::void))
        .routes(routes!(card_transactions::refund))
        .routes(routes!(flexiti_authorizations::list))
        .routes(routes!(flexiti_authorizations::show))
        .routes(routes!(flexiti_authorizations::capture))
        .routes(routes!(flexiti_authorizations::release))
        .routes(routes!(flexiti_authorizations::return_capture))
        .routes(routes!(flexiti_authorizations::list_captures))
        .routes(routes!(unsettled::list))
        .routes(routes!(unsettled::settle))
}
