//! The form's widget API over real HTTP, against an embedded sandbox: our own types out, sanitized
//! terms, errors from the catalogue, and one OAuth token shared by every call.

use std::time::Duration;

use reqwest::StatusCode;
use sandbox::SandboxConfig;
use serde_json::{Value, json};
use shared::{Disclosures, FormConfig, TermsDocument, TermsRegion};

use crate::helpers::Shopper;

#[tokio::test]
async fn form_config_offers_each_province_its_own_ids_in_both_languages() {
    let proxy = Shopper::start(SandboxConfig::default()).await;
    let english: FormConfig = proxy
        .get("/api/v1/form-config?locale=en-CA")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(english.provinces.len(), 13);
    let provincial_id = english.id_type("CAPID").expect("Provincial ID Card");
    assert_eq!(provincial_id.label, "Provincial ID Card");
    let ontario: Vec<&str> = english
        .id_types_for("ON")
        .iter()
        .map(|id| id.code.as_str())
        .collect();
    let quebec: Vec<&str> = english
        .id_types_for("QC")
        .iter()
        .map(|id| id.code.as_str())
        .collect();
    assert!(
        ontario.contains(&"CAPID") && !quebec.contains(&"CAPID"),
        "{ontario:?} / {quebec:?}"
    );
    assert!(
        quebec.contains(&"CADL") && quebec.contains(&"CAP"),
        "{quebec:?}"
    );
    assert_eq!(english.default_issuer("CADL", "QC").as_deref(), Some("QC"));

    let french: FormConfig = proxy
        .get("/api/v1/form-config?locale=fr-CA")
        .await
        .json()
        .await
        .expect("JSON");
    let quebec = french
        .provinces
        .iter()
        .find(|choice| choice.code == "QC")
        .expect("Quebec");
    assert_eq!(quebec.label, "Québec");
    assert_eq!(
        french.id_type("CADL").map(|id| id.label.as_str()),
        Some("Permis de conduire")
    );
}

#[tokio::test]
async fn terms_follow_the_province_and_the_language() {
    let shopper = Shopper::start(SandboxConfig::default()).await;
    let proxy = &shopper;
    let terms = |province: &str, locale: &str| {
        let url = format!("/api/v1/terms?province={province}&locale={locale}");
        async move {
            proxy
                .get(&url)
                .await
                .json::<TermsDocument>()
                .await
                .expect("JSON")
        }
    };
    let quebec = terms("QC", "fr-CA").await;
    assert_eq!(quebec.region, TermsRegion::Quebec);
    assert!(
        quebec.html.contains("résidents du Québec"),
        "{}",
        quebec.html
    );
    let ontario = terms("on", "en-CA").await;
    assert_eq!(
        (ontario.region, ontario.province.as_str()),
        (TermsRegion::RestOfCanada, "ON")
    );
    assert!(ontario.html.contains("Rest of Canada"), "{}", ontario.html);
    assert_ne!(terms("QC", "en-CA").await.html, ontario.html);
}

#[tokio::test]
async fn disclosures_come_in_the_shoppers_language_with_only_safe_html() {
    let shopper = Shopper::start(SandboxConfig::default()).await;
    let read = |locale: &'static str| {
        let proxy = &shopper;
        async move {
            let response = proxy
                .get(&format!("/api/v1/disclosures?locale={locale}"))
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Disclosures>().await.expect("JSON")
        }
    };
    let french = read("fr-CA").await;
    let debt_ratio = french.debt_ratio.expect("the debt-ratio disclosure");
    assert!(debt_ratio.contains("ratio d’endettement"), "{debt_ratio}");
    let privacy = read("en-CA").await.privacy.expect("the privacy notice");
    assert!(privacy.contains("privacy policy"), "{privacy}");
    assert!(
        privacy.contains("rel=\"noopener noreferrer nofollow\""),
        "links are sanitized like the terms': {privacy}"
    );
}

#[tokio::test]
async fn a_bad_request_gets_a_catalogue_error_in_the_shoppers_language() {
    let proxy = Shopper::start(SandboxConfig::default()).await;
    let response = proxy.get("/api/v1/terms?province=XX&locale=fr-CA").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["code"], "invalid_request");
    assert_eq!(body["retryable"], json!(false));
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| message.starts_with("Certains")),
        "{body}"
    );

    let response = proxy.get("/api/v1/terms?locale=en-CA").await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "a missing province"
    );
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["code"], "invalid_request");
}

#[tokio::test]
async fn concurrent_calls_share_one_token_until_it_is_due_for_renewal() {
    let lifetime = Duration::from_secs(4);
    let proxy = Shopper::start(SandboxConfig {
        token_lifetime: lifetime,
        ..SandboxConfig::default()
    })
    .await;
    let url = "/api/v1/form-config?locale=en-CA";
    let calls: Vec<_> = (0..32)
        .map(|_| tokio::spawn(proxy.app.widget_get(url, &proxy.token).send()))
        .collect();
    for call in calls {
        assert_eq!(
            call.await.expect("joined").expect("answered").status(),
            StatusCode::OK
        );
    }
    for _ in 0..8 {
        assert_eq!(proxy.get(url).await.status(), StatusCode::OK);
    }
    assert_eq!(
        proxy.app.sandbox().token_requests(),
        1,
        "one token for 40 calls"
    );

    // Past 75% of its life the token is renewed once, before Flexiti would refuse it.
    tokio::time::sleep(lifetime.mul_f64(0.8)).await;
    let calls: Vec<_> = (0..8)
        .map(|_| tokio::spawn(proxy.app.widget_get(url, &proxy.token).send()))
        .collect();
    for call in calls {
        assert_eq!(
            call.await.expect("joined").expect("answered").status(),
            StatusCode::OK
        );
    }
    assert_eq!(
        proxy.app.sandbox().token_requests(),
        2,
        "one renewal for 8 concurrent callers"
    );
}
