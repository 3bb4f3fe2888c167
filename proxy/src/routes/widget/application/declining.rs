//! In Quebec, declining the account an application just opened, before using it.

use axum::{extract::State, http::StatusCode};
use shared::{ApiError, ErrorCode, paths};

use super::super::{WidgetSession, account::account_may_change, keep};
use crate::{
    AppState,
    checkout::{CheckoutSession, HeldAccount},
    error::AppError,
};

/// `POST /api/v1/applications/cancel`: a Quebec applicant declines the account just opened,
/// before using it.
#[utoipa::path(post, path = paths::APPLICATION_CANCEL, tag = "widget",
    security(("client_token" = [])),
    responses(
        (status = 204, description = "The account is closed (sent again after it was: the same answer)"),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 400, description = "No account to cancel in this session", body = ApiError),
        (status = 409, description = "The checkout is already paid (a used account stays open), or a payment is in flight", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
    ))]
pub(in crate::routes::widget) async fn cancel(
    State(state): State<AppState>,
    session: WidgetSession,
) -> Result<StatusCode, AppError> {
    let session = session.open()?;
    let locale = session.locale;
    // The account leaves the session before Flexiti closes it: a purchase started meanwhile
    // finds no account to pay with, and one already in flight keeps it (`payment_in_progress`).
    let (mut claimed, mut declined) = (None, false);
    keep(&state, &session, |current| {
        account_may_change(current)?;
        declined = current.declined_account && current.flexiti_account.is_none();
        claimed = current
            .flexiti_account
            .take_if(|account| account.cancellable);
        if claimed.is_some() {
            // Until Flexiti closes this one, a cancellation sent again is not answered as done.
            current.declined_account = false;
        }
        Ok(())
    })
    .await?;
    let Some(account) = claimed else {
        if declined {
            // Sent again (its answer lost on the way): the account is closed.
            return Ok(StatusCode::NO_CONTENT);
        }
        return Err(AppError::new(ErrorCode::InvalidRequest, locale)
            .caused_by("no cancellable account in this session"));
    };
    if let Err(error) = state.flexiti.close_account(account.account_number).await {
        give_back(&state, &session, account).await;
        return Err(AppError::upstream(locale)(error));
    }
    let noted = keep(&state, &session, |current| {
        current.declined_account = true;
        Ok(())
    })
    .await;
    if let Err(error) = noted {
        // Closed all the same; only a cancellation sent again would now be refused.
        tracing::warn!(code = ?error.code(), "the declined account is not noted in its session");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Puts back `account`, which Flexiti did not close: the applicant may try the cancel again, or
/// pay with it. Unless another account came meanwhile (a lookup in another tab): the one still
/// open is then left to the operator, by its customer id in the log.
async fn give_back(state: &AppState, session: &CheckoutSession, account: HeldAccount) {
    let customer_id = account.customer_id;
    let mut put_back = false;
    let kept = keep(state, session, |current| {
        if current.flexiti_account.is_none() {
            current.flexiti_account = Some(account);
            put_back = true;
        }
        Ok(())
    })
    .await;
    if let Err(error) = kept {
        tracing::error!(customer_id, code = ?error.code(), "an account Flexiti did not close is out of its session");
    } else if !put_back {
        tracing::error!(
            customer_id,
            "an account Flexiti did not close is out of its session: another took its place"
        );
    }
}
