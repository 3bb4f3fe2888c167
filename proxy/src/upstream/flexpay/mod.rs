//! The FlexPay API client (`api-docs/003_...`): card payments with `Authorization: Basic <key>`,
//! typed calls that answer with our own types ([`CardTransaction`], [`VaultedCard`]), and a typed
//! [`FlexPayError`] for what is not a processed transaction. A decline is a transaction, not an
//! error.
//!
//! No call is retried here: a charge sent twice could be paid twice. The caller mints each
//! `merchantTransactionId` and, when [`FlexPayError::outcome_unknown`] says so, reconciles by
//! looking the transaction up.

mod card;
mod error;
mod payments;
mod transaction;
mod vault;
mod wire;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

use std::{sync::Arc, time::Instant};

use axum::http::header::{AUTHORIZATION, HeaderValue};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use url::Url;

pub use card::{CardBrand, CardDetails, Cardholder, NewCard, VaultedCard};
pub use error::FlexPayError;
pub use transaction::{
    Attempt, CardTransaction, FollowUpAmount, ListOrder, ListQuery, MerchantTransactionId,
    PassInCard, PaymentMethodId, PaymentRequest, PaymentSource, TransactionId, TransactionKind,
};

use crate::{
    config::FlexPayConfig,
    metrics::{Metrics, Upstream},
    upstream::http::{Answer, Call, HttpClient},
};

/// A client of one FlexPay API, shared by every request of the process. Its `Debug` does not show
/// the API key.
#[derive(Debug)]
pub struct FlexPayClient {
    http: HttpClient,
    config: FlexPayConfig,
    metrics: Arc<Metrics>,
}

impl FlexPayClient {
    /// A client of the API `config` names, over the process's HTTP client (which sets the
    /// timeouts).
    pub fn new(http: HttpClient, config: FlexPayConfig) -> FlexPayClient {
        FlexPayClient {
            http,
            config,
            metrics: Arc::default(),
        }
    }

    /// The same client, timing its calls in `metrics`.
    #[must_use]
    pub fn with_metrics(self, metrics: Arc<Metrics>) -> FlexPayClient {
        FlexPayClient { metrics, ..self }
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &Url {
        &self.config.base_url
    }

    /// `{base_url}/{segments...}`, each segment escaped.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.config.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// `Authorization: Basic <key>`: the key itself follows `Basic`, as the docs' example shows
    /// (not a base64 `user:password` pair). Marked sensitive so that no `Debug` prints it.
    fn authorization(&self) -> Result<HeaderValue, FlexPayError> {
        let key = self.config.api_key.expose_secret();
        let mut value = HeaderValue::try_from(format!("Basic {key}")).map_err(|_| {
            FlexPayError::Credentials("the API key cannot be sent in a header".into())
        })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// Sends `request` with our credentials and reads the JSON answer.
    async fn call<T: DeserializeOwned>(&self, request: Call<'_>) -> Result<T, FlexPayError> {
        let started = Instant::now();
        let sent = request
            .header(AUTHORIZATION, self.authorization()?)
            .send()
            .await;
        self.metrics.upstream(Upstream::FlexPay, started, &sent);
        let response = sent?;
        let body = check(response).await?.bytes().await?;
        serde_json::from_slice(&body).map_err(|error| error::malformed_json(&error))
    }
}

/// Passes a success through; turns an error answer into a typed error that keeps its response
/// code, and its message for the logs.
async fn check(response: Answer) -> Result<Answer, FlexPayError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.bytes().await.unwrap_or_default();
    let (response_code, message) = wire::ErrorBody::read(&body);
    let error = match status.as_u16() {
        401 | 403 => FlexPayError::Credentials(format!("{status} {response_code:?}")),
        404 => FlexPayError::NotFound { response_code },
        408 | 429 | 500.. => FlexPayError::Unavailable {
            status: status.as_u16(),
        },
        _ => FlexPayError::Invalid {
            status: status.as_u16(),
            response_code,
            message,
        },
    };
    if let FlexPayError::Credentials(_) = error {
        tracing::error!(%error, "FlexPay refused the API key: check the FlexPay configuration");
    } else {
        tracing::debug!(%error, "FlexPay refused a request");
    }
    Err(error)
}
