//! Calls to the proxy's widget API (same origin as the iframe). Errors come back typed: the
//! proxy's catalogue error, or no answer at all.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::{ApiError, FormConfig, Locale, TermsDocument, paths};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The proxy answered with a catalogue error.
    Refused(ApiError),
    /// No usable answer: the network is down or the proxy is unreachable.
    Network,
}

/// `GET /api/v1/form-config`.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn form_config(locale: Locale) -> Result<FormConfig, ApiFailure> {
    let request = Request::get(paths::FORM_CONFIG).query([("locale", locale.tag())]);
    read(request.send().await).await
}

/// `GET /api/v1/terms` for `province`.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn terms(province: &str, locale: Locale) -> Result<TermsDocument, ApiFailure> {
    let request =
        Request::get(paths::TERMS).query([("province", province), ("locale", locale.tag())]);
    read(request.send().await).await
}

async fn read<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ApiFailure> {
    let response = sent.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        return response.json().await.map_err(|_| ApiFailure::Network);
    }
    match response.json::<ApiError>().await {
        Ok(error) => Err(ApiFailure::Refused(error)),
        Err(_) => Err(ApiFailure::Network),
    }
}
