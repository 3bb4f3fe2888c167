//! Nothing the demo journey downloads (HTML, JS, wasm, CSS, JSON, headers) carries an upstream
//! secret or an OAuth token: they stay in the proxy.

use std::collections::BTreeSet;

use e2e::{
    application::{self, Applicant},
    browser::Browser,
    checkout::Checkout,
};
use proxy::{config::DEMO_MERCHANT_API_KEY, testing::TEST_ORIGIN};
use reqwest::Method;
use sandbox::config as demo;
use shared::{PROVINCE_CODES, paths};

/// The FlexPay API key of the docs' examples: it must never reach a browser either.
const FLEXPAY_DEMO_KEY: &str = "kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA=";

/// Every URL the current frame and its parent loaded, as the browser recorded them.
const LOADED: &str = "const urls = (w) => [w.location.href, ...w.performance.getEntriesByType('resource').map(e => e.name)];
    return [...urls(window), ...urls(window.parent)];";

/// What the journey's applicant types that must never travel in a URL.
const TYPED: [&str; 6] = [
    "046454286",
    "046 454 286",
    "AB121212",
    "sam@example.com",
    "sam%40example.com",
    "Robin",
];

/// Walks the journey in `locale` (a whole credit application, approved), returning the URLs the
/// browser fetched.
async fn journey(
    browser: &Browser,
    checkout: &Checkout,
    locale: &str,
    last_name: &'static str,
) -> Vec<String> {
    browser
        .open_widget_in(&checkout.url(&format!("/demo/?locale={locale}")))
        .await;
    browser.pick_method("credit_application").await;
    application::apply(browser, &Applicant::quebec(last_name)).await;
    browser.shows("#debt-ratio", "%").await;
    let loaded = browser.js(LOADED, vec![]).await;
    serde_json::from_value::<Vec<String>>(loaded).expect("a list of URLs")
}

/// The paths a shopper's or a prober's browser can ask for beyond the journey.
fn other_paths() -> Vec<String> {
    let mut paths: Vec<String> = [
        "/",
        "/demo/",
        "/v1/checkout.js",
        "/healthz",
        "/readyz",
        "/widget/",
        "/no-such-page",
    ]
    .map(str::to_owned)
    .to_vec();
    for locale in ["en-CA", "fr-CA"] {
        paths.push(format!("/api/v1/form-config?locale={locale}"));
        paths.push(format!("/api/v1/terms?province=XX&locale={locale}"));
        for province in PROVINCE_CODES {
            paths.push(format!("/api/v1/terms?province={province}&locale={locale}"));
        }
    }
    paths
}

/// The status line, headers and body of `url`, as bytes.
async fn fetch(client: &reqwest::Client, url: &str) -> Vec<u8> {
    let response = client.get(url).send().await.expect("the proxy answers");
    let mut seen = format!("{:?} {}\n", response.version(), response.status()).into_bytes();
    for (name, value) in response.headers() {
        seen.extend_from_slice(name.as_str().as_bytes());
        seen.extend_from_slice(b": ");
        seen.extend_from_slice(value.as_bytes());
        seen.push(b'\n');
    }
    seen.extend_from_slice(&response.bytes().await.expect("a body"));
    seen
}

/// What the merchant's server sees: a session created, read, changed, expired, and refusals.
async fn merchant_answers(checkout: &Checkout) -> Vec<u8> {
    let body =
        serde_json::json!({ "amount": 1_000, "order_id": "N-1", "allowed_origins": [TEST_ORIGIN] });
    let (_, created) = checkout.create_session(&body).await;
    let id = created["id"].as_str().unwrap_or_default();
    let one = format!("{}/{id}", paths::CHECKOUT_SESSIONS);
    let mut seen = created.to_string().into_bytes();
    for request in [
        checkout.merchant(Method::GET, &one),
        checkout
            .merchant(Method::PATCH, &one)
            .json(&serde_json::json!({ "amount": 900 })),
        checkout.merchant(Method::POST, &format!("{one}/expire")),
        checkout
            .merchant(Method::POST, paths::CHECKOUT_SESSIONS)
            .json(&serde_json::json!({})),
        checkout
            .merchant(Method::GET, &one)
            .bearer_auth("wrong key"),
    ] {
        let response = request.send().await.expect("the proxy answers");
        seen.extend_from_slice(format!("{:?}", response.headers()).as_bytes());
        seen.extend_from_slice(&response.bytes().await.expect("a body"));
    }
    seen
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn no_response_of_the_demo_journey_carries_a_secret_or_a_token() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    let mut urls: BTreeSet<String> = BTreeSet::new();
    for (locale, last_name) in [("en-CA", "Gagnon"), ("fr-CA", "Roy")] {
        urls.extend(journey(&browser, &checkout, locale, last_name).await);
    }
    browser.close().await;
    let typed_in_urls: Vec<&String> = urls
        .iter()
        .filter(|url| TYPED.iter().any(|typed| url.contains(typed)))
        .collect();
    assert!(
        typed_in_urls.is_empty(),
        "personal data never in a URL: {typed_in_urls:?}"
    );
    let origin = checkout.url("");
    let journey_urls = urls.len();
    urls.retain(|url| url.starts_with(&origin));
    assert_eq!(
        urls.len(),
        journey_urls,
        "the journey only talks to the proxy's origin: {urls:?}"
    );
    for kind in [
        ".wasm",
        ".js",
        ".css",
        "/api/v1/terms",
        "/api/v1/form-config",
        "/api/v1/applications",
    ] {
        assert!(
            urls.iter().any(|url| url.contains(kind)),
            "the journey fetched no {kind}: {urls:?}"
        );
    }
    urls.extend(other_paths().iter().map(|path| checkout.url(path)));

    // Refetched as the widget fetches: with a client token of a session of its own.
    let token = checkout.client_token().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("a header value"),
    );
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("a client");
    let mut responses = Vec::new();
    for url in &urls {
        responses.push((url.clone(), fetch(&client, url).await));
    }
    responses.push(("merchant API".into(), merchant_answers(&checkout).await));

    let tokens = checkout.sandbox().issued_tokens();
    assert!(
        !tokens.is_empty(),
        "the proxy used OAuth tokens, so the search below means something"
    );
    let mut secrets: Vec<(String, String)> = vec![
        (
            "Flexiti client_secret".into(),
            demo::DEMO_CLIENT_SECRET.into(),
        ),
        (
            "merchant password".into(),
            demo::DEMO_MERCHANT_PASSWORD.into(),
        ),
        ("FlexPay API key".into(), FLEXPAY_DEMO_KEY.into()),
        ("merchant API key".into(), DEMO_MERCHANT_API_KEY.into()),
    ];
    secrets.extend(
        tokens
            .into_iter()
            .map(|token| ("OAuth token".to_owned(), token)),
    );
    let leaks: Vec<String> = responses
        .iter()
        .flat_map(|(url, seen)| {
            secrets
                .iter()
                .filter(|(_, secret)| contains(seen, secret))
                .map(move |(what, _)| format!("{what} in {url}"))
        })
        .collect();
    assert_eq!(leaks, Vec::<String>::new());
    println!(
        "searched {} responses for {} secrets and tokens",
        responses.len(),
        secrets.len()
    );
}
