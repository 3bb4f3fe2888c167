//! `POST /oauth/token` (`client_credentials` and `refresh_token` grants) and the bearer-token check
//! every other endpoint makes.

use std::sync::PoisonError;

use axum::{Form, Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::{FlexitiError, Grant, gate::Scope};
use crate::Sandbox;

/// The form fields of a token request. All optional so that a missing one gets the documented
/// error instead of a generic rejection.
#[derive(Debug, Default, Deserialize)]
pub(super) struct TokenRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    grant_type: Option<String>,
    refresh_token: Option<String>,
    /// The standard OAuth `scope`: space-separated categories (see [`super::gate`]).
    scope: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct TokenResponse {
    token_type: &'static str,
    access_token: String,
    expires_in: u64,
    refresh_token: String,
}

/// Issues a token. The docs say the payload is form-urlencoded, never a query string.
pub(super) async fn token(
    State(sandbox): State<Sandbox>,
    form: Result<Form<TokenRequest>, axum::extract::rejection::FormRejection>,
) -> Result<Json<TokenResponse>, FlexitiError> {
    let Form(request) = form.map_err(|_| invalid_request())?;
    let config = sandbox.config();
    if request.client_id.as_deref() != Some(config.client_id.as_str()) {
        return Err(FlexitiError::invalid_client(
            "Invalid or missing client_id parameter",
        ));
    }
    if request.client_secret.as_deref() != Some(config.client_secret.as_str()) {
        return Err(FlexitiError::invalid_client(
            "Client credentials are invalid",
        ));
    }
    match request.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some("refresh_token") => redeem_refresh_token(&sandbox, request.refresh_token.as_deref())?,
        _ => return Err(invalid_request()),
    }
    let scopes = request.scope.as_deref().map(scopes).transpose()?;
    Ok(Json(issue(&sandbox, &config.client_id, scopes)))
}

/// The categories a `scope` parameter names.
fn scopes(scope: &str) -> Result<Vec<Scope>, FlexitiError> {
    scope
        .split_whitespace()
        .map(|name| {
            name.parse().map_err(|()| FlexitiError::OAuth {
                status: StatusCode::BAD_REQUEST,
                error: "invalid_scope",
                description: "Invalid scope: Requested scope is invalid",
            })
        })
        .collect()
}

fn invalid_request() -> FlexitiError {
    FlexitiError::OAuth {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_request",
        description: "Invalid or missing grant_type parameter",
    }
}

/// A refresh token is good once.
fn redeem_refresh_token(sandbox: &Sandbox, token: Option<&str>) -> Result<(), FlexitiError> {
    let mut refresh_tokens = sandbox
        .flexiti
        .refresh_tokens
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    match token.and_then(|token| refresh_tokens.remove(token)) {
        Some(_) => Ok(()),
        None => Err(FlexitiError::OAuth {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_grant",
            description: "Invalid refresh token",
        }),
    }
}

fn issue(sandbox: &Sandbox, client_id: &str, scopes: Option<Vec<Scope>>) -> TokenResponse {
    let state = &sandbox.flexiti;
    let access_token = state.next_token();
    let refresh_token = state.next_token();
    let lifetime = sandbox.config().token_lifetime;
    let grant = Grant {
        client_id: client_id.to_owned(),
        expires_at: Instant::now() + lifetime,
        scopes,
    };
    state
        .grants
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(access_token.clone(), grant);
    state
        .refresh_tokens
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(refresh_token.clone(), client_id.to_owned());
    TokenResponse {
        token_type: "bearer",
        access_token,
        expires_in: lifetime.as_secs(),
        refresh_token,
    }
}

impl super::FlexitiState {
    /// The grant of `token`, checked against the `client_id` of the request's path.
    ///
    /// # Errors
    /// `401 invalid_token` for an unknown or expired token; `400 invalid_client` when the path's
    /// client id is not the one the token was issued to.
    pub(super) fn grant(&self, token: &str, client_id: &str) -> Result<Grant, FlexitiError> {
        let grants = self.grants.lock().unwrap_or_else(PoisonError::into_inner);
        let grant = grants.get(token).ok_or_else(FlexitiError::invalid_token)?;
        if grant.expires_at <= Instant::now() {
            return Err(FlexitiError::invalid_token());
        }
        if grant.client_id != client_id {
            return Err(FlexitiError::invalid_client(
                "Invalid or missing client_id parameter",
            ));
        }
        Ok(grant.clone())
    }
}
