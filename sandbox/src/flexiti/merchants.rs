//! `POST /client-id/{client_id}/merchants/login`.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
};
use serde::Deserialize;
use serde_json::Value;

use super::{FlexitiError, form_values::login_answer, oauth::authorize};
use crate::Sandbox;

#[derive(Debug, Deserialize)]
pub(super) struct LangQuery {
    lang: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginRequest {
    merchant_username: Option<String>,
    merchant_password: Option<String>,
}

/// Logs the merchant in and answers the form values in `lang`.
///
/// The docs list no error of its own for a wrong merchant login; we answer the general
/// `401 Unauthorized` ("Wrong or missing Merchant authorization") of the error overview.
pub(super) async fn login(
    State(sandbox): State<Sandbox>,
    Path(client_id): Path<String>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
    body: Option<Json<LoginRequest>>,
) -> Result<Json<Value>, FlexitiError> {
    authorize(&sandbox, &headers, &client_id)?;
    let Json(request) = body.unwrap_or_default();
    let config = sandbox.config();
    let valid = request.merchant_username.as_deref() == Some(config.merchant_username.as_str())
        && request.merchant_password.as_deref() == Some(config.merchant_password.as_str());
    if !valid {
        return Err(FlexitiError::OAuth {
            status: StatusCode::UNAUTHORIZED,
            error: "Unauthorized",
            description: "Wrong or missing Merchant authorization",
        });
    }
    Ok(Json(login_answer(query.lang.as_deref()).clone()))
}
