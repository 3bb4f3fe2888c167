//! The sandbox misbehaves on demand, as a real upstream can: by request header or by route.

use std::{net::SocketAddr, time::Duration};

use reqwest::StatusCode;
use sandbox::{RunningSandbox, SandboxConfig, config as demo, faults::FAULT_HEADER};
use serde_json::{Value, json};

async fn start() -> RunningSandbox {
    sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox")
}

fn token_form() -> [(&'static str, &'static str); 3] {
    [
        ("grant_type", "client_credentials"),
        ("client_id", demo::DEMO_CLIENT_ID),
        ("client_secret", demo::DEMO_CLIENT_SECRET),
    ]
}

/// `POST oauth/token`, with `fault` in the header when given.
async fn token(
    running: &RunningSandbox,
    fault: Option<&str>,
) -> Result<reqwest::Response, reqwest::Error> {
    let mut request = reqwest::Client::new()
        .post(format!("{}/oauth/token", running.flexiti_base_url()))
        .form(&token_form());
    if let Some(fault) = fault {
        request = request.header(FAULT_HEADER, fault);
    }
    request.send().await
}

#[tokio::test]
async fn header_faults_break_one_request_each_in_its_own_way() {
    let running = start().await;
    let gateway = token(&running, Some("status=503"))
        .await
        .expect("an answer");
    assert_eq!(gateway.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(gateway.headers()["content-type"], "text/html");

    let healthy = token(&running, None)
        .await
        .expect("an answer")
        .bytes()
        .await
        .expect("a body");
    assert!(serde_json::from_slice::<Value>(&healthy).is_ok());
    let cut = token(&running, Some("truncate"))
        .await
        .expect("an answer")
        .bytes()
        .await
        .expect("a body");
    assert!(
        cut.len() < healthy.len() && serde_json::from_slice::<Value>(&cut).is_err(),
        "{cut:?}"
    );
    let malformed = token(&running, Some("malformed")).await.expect("an answer");
    assert_eq!(malformed.status(), StatusCode::OK);
    assert!(malformed.json::<Value>().await.is_err());
    let html = token(&running, Some("html")).await.expect("an answer");
    assert_eq!(
        (html.status(), html.headers()["content-type"].to_str().ok()),
        (StatusCode::OK, Some("text/html"))
    );
    let huge = token(&running, Some("huge"))
        .await
        .expect("an answer")
        .bytes()
        .await
        .expect("a body");
    assert!(huge.len() > 10 * 1024 * 1024);

    let reset = token(&running, Some("reset")).await;
    let body = match reset {
        Ok(response) => response.bytes().await.map(|bytes| bytes.len()),
        Err(error) => Err(error),
    };
    assert!(
        body.is_err(),
        "the connection must break, not answer: {body:?}"
    );

    let dripped = token(&running, Some("drip=1"))
        .await
        .expect("an answer")
        .json::<Value>()
        .await
        .expect("JSON");
    assert_eq!(
        dripped["token_type"], "bearer",
        "a slow answer is still the answer"
    );
}

#[tokio::test]
async fn latency_delays_the_real_answer() {
    let running = start().await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("a client");
    let url = format!("{}/oauth/token", running.flexiti_base_url());
    let slow = impatient
        .post(&url)
        .form(&token_form())
        .header(FAULT_HEADER, "latency=5000")
        .send()
        .await;
    assert!(
        slow.is_err_and(|error| error.is_timeout()),
        "the answer waits past the client's patience"
    );
    let patient = token(&running, Some("latency=50"))
        .await
        .expect("an answer");
    assert_eq!(patient.status(), StatusCode::OK);
}

#[tokio::test]
async fn route_faults_apply_the_given_number_of_times_and_clear() {
    let running = start().await;
    let control = format!("http://{}/__sandbox/faults", running.addr);
    let client = reqwest::Client::new();
    let rule = json!({ "path_prefix": "/flexiti/pos-api/v2.5/oauth/token", "fault": "status=502", "times": 2 });
    assert_eq!(
        client
            .post(&control)
            .json(&rule)
            .send()
            .await
            .expect("an answer")
            .status(),
        StatusCode::NO_CONTENT
    );
    for _ in 0..2 {
        assert_eq!(
            token(&running, None).await.expect("an answer").status(),
            StatusCode::BAD_GATEWAY
        );
    }
    assert_eq!(
        token(&running, None).await.expect("an answer").status(),
        StatusCode::OK
    );

    let forever = json!({ "path_prefix": "/flexiti", "fault": "status=504" });
    client
        .post(&control)
        .json(&forever)
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        token(&running, None).await.expect("an answer").status(),
        StatusCode::GATEWAY_TIMEOUT
    );
    assert_eq!(
        client
            .delete(&control)
            .send()
            .await
            .expect("an answer")
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        token(&running, None).await.expect("an answer").status(),
        StatusCode::OK
    );

    let nonsense = json!({ "path_prefix": "/", "fault": "explode" });
    assert_eq!(
        client
            .post(&control)
            .json(&nonsense)
            .send()
            .await
            .expect("an answer")
            .status(),
        StatusCode::BAD_REQUEST
    );
    // Tests in the same process set rules directly; FlexPay's routes take them too.
    running
        .sandbox
        .faults()
        .inject("/v1", sandbox::faults::Fault::Status(500), Some(1));
    let flexpay = client
        .get(format!("http://{}/v1/transactions", running.addr))
        .send()
        .await
        .expect("an answer");
    assert_eq!(flexpay.status(), StatusCode::INTERNAL_SERVER_ERROR);
}
