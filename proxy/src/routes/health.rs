//! For operators: `GET /healthz` (the process is alive), `GET /readyz` (its upstreams answer)
//! and `GET /metrics` (Prometheus; the merchant API key, as traffic figures are the merchant's
//! business).

use axum::{
    Json, Router,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;
use shared::Locale;

use crate::{AppState, error::AppError, routes::merchant::MerchantKey};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(METRICS_PATH, get(metrics))
}

/// Where Prometheus scrapes.
pub const METRICS_PATH: &str = "/metrics";

/// The metrics in the OpenMetrics text format. The unknown attempts are counted in the ledger at
/// each scrape: every proxy sharing the database reports the same figure, the one that matters.
async fn metrics(_: MerchantKey, State(state): State<AppState>) -> Result<Response, AppError> {
    let unknown = state
        .sessions
        .unknown_attempts()
        .await
        .map_err(AppError::internal(Locale::default()))?;
    state.metrics.unknown_attempts(unknown);
    let text = state
        .metrics
        .render()
        .map_err(AppError::internal(Locale::default()))?;
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Ok(([(header::CONTENT_TYPE, content_type)], text).into_response())
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
    flexiti: &'static str,
}

/// Ready when Flexiti answers an authenticated call (token and merchant login included).
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    match state.flexiti.form_config(Locale::EnCa).await {
        Ok(_) => (
            StatusCode::OK,
            Json(Readiness {
                status: "ready",
                flexiti: "ok",
            }),
        ),
        Err(error) => {
            tracing::warn!(%error, "readiness: Flexiti is not usable");
            let body = Readiness {
                status: "not_ready",
                flexiti: "unavailable",
            };
            (StatusCode::SERVICE_UNAVAILABLE, Json(body))
        }
    }
}
