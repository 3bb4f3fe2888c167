//! The payment ledger as the merchant's server sees it: every attempt of a session (sent,
//! settled, reconciled), and the reconciliation routine run on demand with its report. For
//! audits and for operators after an incident; the routine also runs by itself.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Serialize;
use shared::ApiError;

use super::{MerchantKey, failure, paid_with::PaidWith};
use crate::{
    AppState,
    checkout::{Attempt, AttemptState, parse_public_id},
    reconciliation::{self, ReconciliationReport},
};

/// One payment attempt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct AttemptBody {
    /// The reference it was sent under (a card attempt's `merchantTransactionId`).
    reference: String,
    /// How it pays.
    method: PaidWith,
    /// `in_flight`, `unknown` (its answer was lost), `approved` or `declined`.
    state: AttemptState,
    /// The upstream's transaction id, once known.
    upstream_id: Option<String>,
    /// When it was sent, Unix seconds.
    sent_at: i64,
    /// Settled by a lookup rather than by the request that sent it.
    reconciled: bool,
}

impl From<Attempt> for AttemptBody {
    fn from(attempt: Attempt) -> AttemptBody {
        AttemptBody {
            reference: attempt.reference,
            method: attempt.method.into(),
            state: attempt.state,
            upstream_id: attempt.upstream_id,
            sent_at: attempt.created_at,
            reconciled: attempt.reconciled,
        }
    }
}

/// `GET /v1/checkout-sessions/{id}/attempts`: every payment attempt of the session, oldest first.
#[utoipa::path(get, path = "/v1/checkout-sessions/{id}/attempts", tag = "merchant",
    params(("id" = String, Path, description = "`cs_...`")), security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The attempts", body = [AttemptBody]),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
    ))]
pub(super) async fn attempts(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<AttemptBody>>, crate::error::AppError> {
    let id = parse_public_id(&id).ok_or_else(|| failure::not_found("id"))?;
    state
        .sessions
        .get(id)
        .await
        .map_err(failure::internal)?
        .ok_or_else(|| failure::not_found("id"))?;
    let attempts = state
        .sessions
        .attempts(id)
        .await
        .map_err(failure::internal)?;
    Ok(Json(attempts.into_iter().map(AttemptBody::from).collect()))
}

/// `POST /v1/reconciliation`: settles now every unsettled attempt old enough to look up, and
/// says what it did.
#[utoipa::path(post, path = "/v1/reconciliation", tag = "merchant", security(("merchant_key" = [])),
    responses(
        (status = 200, description = "What the run did", body = ReconciliationReport),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
    ))]
pub(super) async fn reconcile(
    _: MerchantKey,
    State(state): State<AppState>,
) -> Result<Json<ReconciliationReport>, crate::error::AppError> {
    let report = reconciliation::reconcile(&state)
        .await
        .map_err(failure::internal)?;
    Ok(Json(report))
}
