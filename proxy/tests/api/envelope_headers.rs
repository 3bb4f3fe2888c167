//! The security envelope's headers: every API operation in `/openapi.json`, every page and asset,
//! and the errors (401, 400, 404, 405, 413) carry `nosniff`, `Referrer-Policy`, HSTS, a CSP with
//! `frame-ancestors`, a request id, and `no-store` wherever personal data can travel; the
//! widget's page runs no inline script but Trunk's bootstrap, by hash; no origin is granted CORS.

use proxy::{
    envelope::hash_source,
    testing::{TEST_ORIGIN, TestApp, test_config, workspace_root},
};
use reqwest::{Method, Response, StatusCode, header};
use serde_json::Value;
use shared::CLIENT_TOKEN_SCHEME;

use crate::helpers::openapi;

const EVIL: &str = "https://evil.example";

/// What every answer carries; `what` names it in failures.
fn assert_envelope(answer: &Response, what: &str) {
    let headers = answer.headers();
    let get = |name: header::HeaderName| {
        headers
            .get(&name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(get(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{what}");
    assert_eq!(get(header::REFERRER_POLICY), "no-referrer", "{what}");
    assert_eq!(
        get(header::STRICT_TRANSPORT_SECURITY),
        "max-age=31536000",
        "{what}"
    );
    let csp = get(header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("frame-ancestors "), "{what}: {csp:?}");
    for loose in ["'unsafe-inline'", "'unsafe-eval'"] {
        assert!(!csp.contains(loose), "{what}: {csp}");
    }
    assert!(
        !get(header::HeaderName::from_static("x-request-id")).is_empty(),
        "{what}"
    );
    assert!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
        "{what} grants CORS"
    );
}

/// An answer that may carry personal data: the envelope, never cached, never framed.
fn assert_private(answer: &Response, what: &str) {
    assert_envelope(answer, what);
    let cache = answer.headers().get(header::CACHE_CONTROL);
    assert_eq!(
        cache.and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "{what}"
    );
    let csp = answer.headers().get(header::CONTENT_SECURITY_POLICY);
    assert!(
        csp.and_then(|v| v.to_str().ok())
            .is_some_and(|csp| csp.contains("frame-ancestors 'none'")),
        "{what}: {csp:?}"
    );
}

async fn documented_operations(app: &TestApp) -> Vec<(Method, String)> {
    let doc = openapi(app).await;
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("operations").keys() {
            let method = method.to_uppercase().parse().expect("an HTTP method");
            operations.push((method, path.replace("{id}", "cs_AAAAAAAAAAAAAAAAAAAAAA")));
        }
    }
    operations
}

#[tokio::test]
async fn every_api_operation_answers_inside_the_envelope_and_grants_no_origin() {
    let app = TestApp::spawn().await;
    let token = app.client_token().await;
    let http = reqwest::Client::new();
    let operations = documented_operations(&app).await;
    assert!(operations.len() > 20, "{operations:?}");
    for (method, path) in operations {
        let what = format!("{method} {path}");
        let bare = http
            .request(method.clone(), app.url(&path))
            .header(header::ORIGIN, EVIL)
            .send()
            .await
            .expect("answered");
        assert_eq!(bare.status(), StatusCode::UNAUTHORIZED, "{what}");
        assert_private(&bare, &format!("{what} without credentials"));

        let credential = if path.starts_with("/api/") {
            format!("{CLIENT_TOKEN_SCHEME} {token}")
        } else {
            format!("Bearer {}", proxy::config::DEMO_MERCHANT_API_KEY)
        };
        let mut request = http
            .request(method.clone(), app.url(&path))
            .header(header::ORIGIN, EVIL)
            .header(header::AUTHORIZATION, credential);
        if method == Method::POST {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body("{ not json");
        }
        let answer = request.send().await.expect("answered");
        assert_private(
            &answer,
            &format!("{what} with credentials ({})", answer.status()),
        );

        let preflight = http
            .request(Method::OPTIONS, app.url(&path))
            .header(header::ORIGIN, EVIL)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, method.as_str())
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .send()
            .await
            .expect("answered");
        assert!(
            !preflight.status().is_success(),
            "{what}: preflight allowed"
        );
        assert_envelope(&preflight, &format!("OPTIONS {path}"));
    }
}

#[tokio::test]
async fn errors_pages_and_assets_answer_inside_the_envelope() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    for path in [
        "/no/such/thing",
        "/api/v1/nothing-here",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    ] {
        let answer = http.get(app.url(path)).send().await.expect("answered");
        assert_private(&answer, path);
    }
    let missing = http
        .get(app.url("/api/v1/nothing"))
        .send()
        .await
        .expect("answered");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let body: Value = missing.json().await.expect("our error shape");
    assert_eq!(body["code"], "not_found");
    // Only a file found is kept for a year: a miss may be there after the next build.
    let no_file = http
        .get(app.url("/widget/checkout-widget-0000.js"))
        .send()
        .await
        .expect("answered");
    let kept = no_file.headers()[header::CACHE_CONTROL]
        .to_str()
        .expect("ASCII");
    assert!(!kept.contains("immutable"), "a missing widget file: {kept}");

    // The loader is served as the build ships it (`dist/loader`): checked once built.
    let loader_built = test_config(None)
        .loader_dir
        .join(proxy::routes::LOADER_FILE)
        .is_file();
    for path in [
        "/v1/checkout.js",
        "/v1/checkout.d.ts",
        "/demo/",
        "/demo/demo.js",
    ] {
        if path.starts_with("/v1/") && !loader_built {
            continue;
        }
        let answer = http.get(app.url(path)).send().await.expect("answered");
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        assert_envelope(&answer, path);
    }
    let demo = http.get(app.url("/demo/")).send().await.expect("answered");
    let csp = demo.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII");
    // Only the demo's own pages may frame it (the start-up benchmark frames a static page there).
    for directive in [
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
    ] {
        assert!(csp.contains(directive), "the demo page: {csp}");
    }
}

#[tokio::test]
async fn the_widget_page_runs_only_our_files_and_is_framed_only_by_its_origins() {
    let app = TestApp::spawn().await;
    let (id, _) = app.open_session(100, "en-CA").await;
    let page = reqwest::get(app.url(&format!("/widget/?session={id}")))
        .await
        .expect("answered");
    assert_envelope(&page, "the widget page");
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
    let english_page = proxy::routes::widget_page_file(shared::Locale::EnCa);
    if !workspace_root()
        .join("dist/widget")
        .join(english_page)
        .is_file()
    {
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE, "not built");
        return;
    }
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        &format!("frame-ancestors {TEST_ORIGIN};"),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "connect-src 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    let html = page.text().await.expect("the page");
    let (_, after) = html
        .split_once("<script type=\"module\">")
        .expect("Trunk's bootstrap");
    let (bootstrap, _) = after.split_once("</script>").expect("closed");
    let source = hash_source(bootstrap);
    assert!(csp.contains(&source), "{source} in {csp}");
    // The stylesheet the build writes into the page, and no other inline style.
    let (_, after) = html.split_once("<style>").expect("the stylesheet");
    let (stylesheet, _) = after.split_once("</style>").expect("closed");
    let source = hash_source(stylesheet);
    assert!(
        csp.contains(&format!("style-src 'self' {source};")),
        "{source} in {csp}"
    );

    let unknown = reqwest::get(app.url("/widget/?session=cs_AAAAAAAAAAAAAAAAAAAAAA"))
        .await
        .expect("answered");
    let csp = unknown.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

#[tokio::test]
async fn a_request_id_is_made_or_kept_and_answered() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    let made = http
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("answered");
    let id = made.headers()["x-request-id"].to_str().expect("ASCII");
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let kept = http
        .get(app.url("/healthz"))
        .header("x-request-id", "merchant-trace-42")
        .send()
        .await
        .expect("answered");
    assert_eq!(kept.headers()["x-request-id"], "merchant-trace-42");
    for unusable in ["x".repeat(65), "a b".into(), "<script>".into()] {
        let replaced = http
            .get(app.url("/healthz"))
            .header("x-request-id", &unusable)
            .send()
            .await
            .expect("answered");
        let id = replaced.headers()["x-request-id"].to_str().expect("ASCII");
        assert_eq!(id.len(), 36, "{unusable:?} replaced by a UUID: {id}");
    }
}
