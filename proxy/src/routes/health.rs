//! `GET /healthz` (the process is alive) and `GET /readyz` (its upstreams answer).

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use serde::Serialize;
use shared::Locale;

use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
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
