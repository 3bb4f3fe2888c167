//! Fault injection, off by default: what an unreliable upstream does, on demand, so the proxy's
//! reliability can be tested. A fault is chosen per request (the `x-sandbox-fault` header) or per
//! route (`POST /__sandbox/faults` with `{ "path_prefix", "fault", "times" }`; `DELETE` clears).
//!
//! Faults: `latency=MS` (then the real answer), `late=MS` (the work done at once, the answer held
//! back), `status=CODE` (a gateway-style error page),
//! `reset` (headers, then the connection dies), `truncate` (the real answer cut in half),
//! `malformed` (JSON that does not parse), `html` (a 200 with an HTML page), `drip=MS` (the real
//! answer, one byte every MS), `huge` (a 10 MB JSON body).

use std::{
    io,
    str::FromStr,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::post,
};
use futures_util::stream;
use serde::Deserialize;

/// The request header that asks for a fault on that request alone.
pub const FAULT_HEADER: &str = "x-sandbox-fault";
/// The control endpoint for per-route faults.
pub const CONTROL_PATH: &str = "/__sandbox/faults";

/// The size of the `huge` body.
const HUGE_BYTES: usize = 10 * 1024 * 1024;

/// One fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Wait this long, then answer normally.
    Latency(Duration),
    /// Do the work at once, then hold the answer back this long: the caller times out on a
    /// request that did happen.
    Late(Duration),
    /// Answer this status with an HTML error page, as a gateway would.
    Status(u16),
    /// Send the headers, then drop the connection.
    Reset,
    /// Send the real answer cut in half.
    Truncate,
    /// Send JSON that does not parse.
    Malformed,
    /// Send `200` with an HTML page instead of JSON.
    Html,
    /// Send the real answer one byte at a time, this far apart.
    Drip(Duration),
    /// Send a 10 MB JSON body.
    Huge,
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Fault, String> {
        let (name, value) = text.trim().split_once('=').unwrap_or((text.trim(), ""));
        let millis = || {
            value
                .parse()
                .map(Duration::from_millis)
                .map_err(|_| format!("{name} needs milliseconds: {text:?}"))
        };
        match name {
            "latency" => Ok(Fault::Latency(millis()?)),
            "late" => Ok(Fault::Late(millis()?)),
            "drip" => Ok(Fault::Drip(millis()?)),
            "status" => value
                .parse()
                .map(Fault::Status)
                .map_err(|_| format!("status needs a code: {text:?}")),
            "reset" => Ok(Fault::Reset),
            "truncate" => Ok(Fault::Truncate),
            "malformed" => Ok(Fault::Malformed),
            "html" => Ok(Fault::Html),
            "huge" => Ok(Fault::Huge),
            _ => Err(format!("unknown fault {text:?}")),
        }
    }
}

#[derive(Debug, Clone)]
struct Rule {
    path_prefix: String,
    fault: Fault,
    /// How many more requests it applies to (`None`: until cleared).
    remaining: Option<u32>,
}

/// The per-route faults of one sandbox.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
}

impl Faults {
    /// Applies `fault` to requests whose path starts with `path_prefix`, `times` times (or until
    /// cleared).
    pub fn inject(&self, path_prefix: &str, fault: Fault, times: Option<u32>) {
        let rule = Rule {
            path_prefix: path_prefix.to_owned(),
            fault,
            remaining: times,
        };
        self.rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(rule);
    }

    /// Removes every per-route fault.
    pub fn clear(&self) {
        self.rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The fault for a request to `path`, counting it against its rule.
    fn take(&self, path: &str) -> Option<Fault> {
        let mut rules = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        let index = rules
            .iter()
            .position(|rule| path.starts_with(&rule.path_prefix))?;
        let fault = rules[index].fault;
        if let Some(remaining) = rules[index].remaining.as_mut() {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                rules.remove(index);
            }
        }
        Some(fault)
    }
}

#[derive(Debug, Deserialize)]
struct RuleRequest {
    path_prefix: String,
    fault: String,
    times: Option<u32>,
}

/// `POST` adds a rule, `DELETE` clears them all.
pub(crate) fn control_router(faults: Arc<Faults>) -> Router {
    Router::new()
        .route(
            CONTROL_PATH,
            post(
                |State(faults): State<Arc<Faults>>, Json(rule): Json<RuleRequest>| async move {
                    match rule.fault.parse() {
                        Ok(fault) => {
                            faults.inject(&rule.path_prefix, fault, rule.times);
                            StatusCode::NO_CONTENT.into_response()
                        }
                        Err(message) => (StatusCode::BAD_REQUEST, message).into_response(),
                    }
                },
            )
            .delete(|State(faults): State<Arc<Faults>>| async move {
                faults.clear();
                StatusCode::NO_CONTENT
            }),
        )
        .with_state(faults)
}

/// The middleware: applies the request's fault, if any.
pub(crate) async fn inject(
    State(faults): State<Arc<Faults>>,
    request: Request,
    next: Next,
) -> Response {
    let fault = requested(request.headers()).or_else(|| faults.take(request.uri().path()));
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    // A held-back answer is a standing condition (the bench's distant upstream holds back every
    // call: about 43,000 lines a run at info); the other faults are one-off events, which a
    // person reading a test's log looks for.
    if matches!(fault, Fault::Latency(_) | Fault::Late(_)) {
        tracing::debug!(?fault, path = %request.uri().path(), "sandbox: holding an answer back");
    } else {
        tracing::info!(?fault, path = %request.uri().path(), "sandbox: injecting a fault");
    }
    match fault {
        Fault::Latency(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::Late(delay) => {
            let answer = next.run(request).await;
            tokio::time::sleep(delay).await;
            answer
        }
        Fault::Status(code) => gateway_error(code),
        Fault::Reset => reset(),
        Fault::Truncate => truncated(next.run(request).await).await,
        Fault::Malformed => json(
            StatusCode::OK,
            Body::from("{\"access_token\": \"3d8f\", \"expires_in\": }"),
        ),
        Fault::Html => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body>Scheduled maintenance</body></html>",
        )
            .into_response(),
        Fault::Drip(gap) => dripped(next.run(request).await, gap).await,
        Fault::Huge => json(
            StatusCode::OK,
            Body::from(format!("{{\"padding\":\"{}\"}}", "x".repeat(HUGE_BYTES))),
        ),
    }
}

fn requested(headers: &HeaderMap) -> Option<Fault> {
    headers.get(FAULT_HEADER)?.to_str().ok()?.parse().ok()
}

fn json(status: StatusCode, body: Body) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn gateway_error(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
    let page = format!("<html><body><h1>{status}</h1></body></html>");
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

fn reset() -> Response {
    let body = stream::once(async {
        Err::<Bytes, io::Error>(io::Error::other("sandbox fault: connection reset"))
    });
    json(StatusCode::OK, Body::from_stream(body))
}

async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
}

async fn dripped(response: Response, gap: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    let drip = stream::unfold(0, move |sent| {
        let bytes = bytes.clone();
        async move {
            if sent >= bytes.len() {
                return None;
            }
            tokio::time::sleep(gap).await;
            Some((
                Ok::<Bytes, io::Error>(bytes.slice(sent..sent + 1)),
                sent + 1,
            ))
        }
    });
    Response::from_parts(parts, Body::from_stream(drip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_from_their_documented_spelling() {
        assert_eq!(
            "latency=1500".parse(),
            Ok(Fault::Latency(Duration::from_millis(1500)))
        );
        assert_eq!("status=503".parse(), Ok(Fault::Status(503)));
        assert_eq!("drip=5".parse(), Ok(Fault::Drip(Duration::from_millis(5))));
        assert_eq!("reset".parse(), Ok(Fault::Reset));
        assert!("latency=soon".parse::<Fault>().is_err());
        assert!("explode".parse::<Fault>().is_err());
    }

    #[test]
    fn a_counted_rule_expires_and_prefixes_select_routes() {
        let faults = Faults::default();
        faults.inject("/flexiti/pos-api/v2.5/oauth", Fault::Status(503), Some(2));
        assert_eq!(faults.take("/v1/transactions"), None);
        assert_eq!(
            faults.take("/flexiti/pos-api/v2.5/oauth/token"),
            Some(Fault::Status(503))
        );
        assert_eq!(
            faults.take("/flexiti/pos-api/v2.5/oauth/token"),
            Some(Fault::Status(503))
        );
        assert_eq!(faults.take("/flexiti/pos-api/v2.5/oauth/token"), None);
    }
}
