//! Fifty hostile origins (`null`, look-alike and nested domains, `http://` and port variants,
//! other schemes, header injection) against every widget operation: none is granted CORS, no
//! preflight is allowed, a cross-site request without the client token is refused and changes
//! nothing, the widget page stays framable by the session's own origin only, and a merchant
//! cannot list a malformed one as allowed.

use proxy::testing::{TEST_ORIGIN, TestApp};
use reqwest::{Method, Response, StatusCode, header};
use serde_json::{Value, json};
use shared::paths;

use crate::helpers::{merchant_get, openapi};

/// The session allows [`TEST_ORIGIN`] (`https://shop.example`); these are not it.
const HOSTILE: [&str; 50] = [
    "null",
    "https://evil.example",
    "https://shop.example.evil.example",
    "https://shop.example.com",
    "https://shopexample.com",
    "https://shop-example.com",
    "https://evil-shop.example",
    "https://sh0p.example",
    "https://shop.examp1e",
    "https://shop.exampie",
    "https://hop.example",
    "https://shop.exampl",
    "https://xn--shp-0na.example",
    "https://xn--80ak6aa92e.example",
    "https://www.shop.example",
    "https://pay.shop.example",
    "https://a.b.shop.example",
    "https://shop.example.localhost",
    "http://shop.example",
    "http://shop.example:443",
    "http://shop.example:80",
    "https://shop.example:444",
    "https://shop.example:8443",
    "https://shop.example:0",
    "https://shop.example.",
    "https://shop.example/",
    "https://shop.example/checkout",
    "https://shop.example@evil.example",
    "https://evil.example?shop.example",
    "https://evil.example#shop.example",
    "https://shop.example%2eevil.example",
    "https://shop.example, https://evil.example",
    "https://shop.example https://evil.example",
    "https://shop.example;script-src *",
    "*",
    "https://*.shop.example",
    "ws://shop.example",
    "wss://shop.example",
    "ftp://shop.example",
    "file://",
    "data:",
    "chrome-extension://abcdefghijklmnop",
    "http://localhost",
    "http://127.0.0.1",
    "http://127.0.0.1:8080",
    "http://[::1]:3000",
    "https://[::1]",
    "https://2130706433",
    "https://0x7f.0.0.1",
    "HTTPS://SHOP.EXAMPLE.EVIL",
];

/// The widget's operations, from `/openapi.json` (the merchant API is server to server).
async fn widget_operations(app: &TestApp) -> Vec<(Method, String)> {
    let doc = openapi(app).await;
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/") {
            continue;
        }
        for method in item.as_object().expect("operations").keys() {
            operations.push((
                method.to_uppercase().parse().expect("a method"),
                path.clone(),
            ));
        }
    }
    operations
}

fn assert_no_grant(answer: &Response, what: &str) {
    for grant in [
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        header::ACCESS_CONTROL_ALLOW_METHODS,
        header::ACCESS_CONTROL_ALLOW_HEADERS,
    ] {
        assert!(answer.headers().get(&grant).is_none(), "{what}: {grant}");
    }
}

/// The sources of the `frame-ancestors` directive of `answer`'s policy.
fn frame_ancestors(answer: &Response) -> Vec<String> {
    let policy = answer.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII");
    let directive = policy
        .split(';')
        .map(str::trim)
        .find_map(|directive| directive.strip_prefix("frame-ancestors "))
        .expect("a frame-ancestors directive");
    directive.split_whitespace().map(str::to_owned).collect()
}

#[tokio::test]
async fn hostile_origins_get_no_grant_no_frame_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (id, _token) = app.open_session(150_000, "en-CA").await;
    let session_path = format!("{}/{id}", paths::CHECKOUT_SESSIONS);
    let before = merchant_get(&app, &session_path).await;
    let operations = widget_operations(&app).await;
    assert!(operations.len() >= 10, "{operations:?}");
    let http = reqwest::Client::new();
    let (mut refused, mut preflights) = (0, 0);
    for origin in HOSTILE {
        for (method, path) in &operations {
            let what = format!("{origin} {method} {path}");
            // What a hostile page can send without a preflight: a form-like body, no token.
            let mut request = http
                .request(method.clone(), app.url(path))
                .header(header::ORIGIN, origin)
                .header(header::REFERER, format!("{origin}/cart"));
            if method == Method::POST {
                request = request
                    .header(header::CONTENT_TYPE, "text/plain")
                    .body(r#"{"amount":1,"number":"4000000000000002","cvc":"123"}"#);
            }
            let answer = request.send().await.expect("answered");
            assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{what}");
            assert_no_grant(&answer, &what);
            refused += 1;

            let preflight = http
                .request(Method::OPTIONS, app.url(path))
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, method.as_str())
                .header(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    "authorization, content-type",
                )
                .send()
                .await
                .expect("answered");
            assert!(!preflight.status().is_success(), "{what}: preflight");
            assert_no_grant(&preflight, &format!("{what}: preflight"));
            preflights += 1;
        }

        let page = http
            .get(app.url(&format!("/widget/?session={id}")))
            .header(header::ORIGIN, origin)
            .header(header::REFERER, format!("{origin}/cart"))
            .send()
            .await
            .expect("answered");
        let ancestors = frame_ancestors(&page);
        let own = vec![TEST_ORIGIN.to_owned()];
        let none = vec!["'none'".to_owned()];
        assert!(
            ancestors == own || ancestors == none,
            "{origin}: {ancestors:?}"
        );
    }
    assert_eq!(
        (refused, preflights),
        (50 * operations.len(), 50 * operations.len())
    );
    let after = merchant_get(&app, &session_path).await;
    assert_eq!(before, after, "the session changed");
    let sandbox = app.sandbox();
    assert_eq!(
        (
            sandbox.approved_card_transactions(),
            sandbox.posted_flexiti_purchases()
        ),
        (0, 0),
        "something was charged"
    );
}

#[tokio::test]
async fn a_merchant_cannot_allow_a_malformed_or_wildcard_origin() {
    let app = TestApp::spawn().await;
    for origin in [
        "null",
        "*",
        "https://*.shop.example",
        "http://shop.example",
        "https://shop.example/checkout",
        "https://shop.example;script-src *",
        "https://shop.example;frame-ancestors",
        "https://shop.example,evil.example",
        "https://shop.example, https://evil.example",
        "https://shop.example https://evil.example",
        "https://shop.example@evil.example",
        "https://shop_example.com",
        "https://'self'.example",
        "https://shop.example.",
        "ws://shop.example",
        "file://",
        "data:",
    ] {
        let (status, body) = app
            .create_session(&json!({ "amount": 100, "order_id": "H-1",
                "allowed_origins": [origin] }))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{origin}: {body}");
        assert_eq!(body["param"], Value::from("allowed_origins"), "{origin}");
    }
}
