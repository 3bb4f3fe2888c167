//! The Basic scheme with the API key: the docs' example request, and `50005` for anything else.

use reqwest::StatusCode;
use sandbox::config::DEMO_FLEXPAY_API_KEY;
use serde_json::{Value, json};

use crate::{
    bodies::assert_error,
    walk::{CODES_SEEN, finished, start},
};

#[tokio::test]
async fn the_docs_example_request_works_and_a_wrong_key_is_refused_with_50005() {
    let api = start().await;
    let (status, body) = api.get("/transactions", "/transactions").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "transactions": [] }));

    let url = format!("{}/transactions", api.base);
    for header in [
        None,
        Some("Basic not-the-key"),
        Some("Bearer kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA="),
    ] {
        let mut request = api.http.get(&url);
        if let Some(header) = header {
            request = request.header("Authorization", header);
        }
        let response = request.send().await.expect("an answer");
        let status = response.status();
        let body: Value = response.json().await.expect("JSON");
        assert_error(status, &body, StatusCode::UNAUTHORIZED, 50005);
        CODES_SEEN.lock().expect("coverage").insert(50005);
    }
    let lower_case_scheme = api
        .http
        .get(&url)
        .header("Authorization", format!("basic {DEMO_FLEXPAY_API_KEY}"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(lower_case_scheme.status(), StatusCode::OK);
    finished();
}
