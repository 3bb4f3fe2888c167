//! The widget's files as a phone receives them: the brotli or gzip form the build wrote beside
//! each file when the browser reads it, the file itself otherwise, each kept a year by its hashed
//! name and keyed by `Accept-Encoding` in shared caches. The loader the same way, revalidated on
//! every load since its name stays, and known by its content (`ETag`) rather than by its time.

use std::fs;

use proxy::testing::{TestApp, test_config};
use reqwest::{StatusCode, header};
use sandbox::SandboxConfig;

/// A built widget in miniature: a page, a module and its two compressed forms (marked apart so
/// the test sees which one was sent).
fn built_widget() -> tempfile::TempDir {
    folder_of(&[
        ("index.en-CA.html", b"<!doctype html><title>widget</title>"),
        ("index.fr-CA.html", b"<!doctype html><title>module</title>"),
        ("widget-0123abcd_bg.wasm", b"\0asm plain"),
        ("widget-0123abcd_bg.wasm.br", b"brotli form"),
        ("widget-0123abcd_bg.wasm.gz", b"gzip form"),
    ])
}

/// A temporary folder holding `files` (name, bytes).
fn folder_of(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("written");
    }
    dir
}

/// A proxy that serves the widget in `widget`.
async fn serving(widget: &tempfile::TempDir) -> TestApp {
    let mut config = test_config(None);
    config.widget_dir = widget.path().to_owned();
    TestApp::launch(config, SandboxConfig::default()).await
}

#[tokio::test]
async fn each_browser_gets_the_smallest_form_it_reads() {
    let widget = built_widget();
    let app = serving(&widget).await;
    let sent = Sent {
        content_type: "application/wasm",
        cache_control: "public, max-age=31536000, immutable",
        forms: ["brotli form", "gzip form", "\0asm plain"],
    };
    sent.as_each_browser_reads(&app, "/widget/widget-0123abcd_bg.wasm")
        .await;
}

/// How a file is sent: its type, how long it is kept, and its brotli, gzip and plain bodies.
struct Sent {
    content_type: &'static str,
    cache_control: &'static str,
    forms: [&'static str; 3],
}

impl Sent {
    /// Asks for `path` as a browser reading brotli, one reading gzip only, and one reading
    /// neither, and checks each gets its form, keyed by `Accept-Encoding` in shared caches.
    async fn as_each_browser_reads(&self, app: &TestApp, path: &str) {
        let [brotli, gzip, plain] = self.forms;
        let http = reqwest::Client::new();
        for (accepts, encoding, body) in [
            (Some("gzip, deflate, br, zstd"), Some("br"), brotli),
            (Some("gzip"), Some("gzip"), gzip),
            (None, None, plain),
        ] {
            let mut request = http.get(app.url(path));
            if let Some(accepts) = accepts {
                request = request.header(header::ACCEPT_ENCODING, accepts);
            }
            let answer = request.send().await.expect("answered");
            assert_eq!(answer.status(), StatusCode::OK, "{accepts:?}");
            let headers = answer.headers();
            let got = headers
                .get(header::CONTENT_ENCODING)
                .map(|value| value.to_str().expect("ASCII"));
            assert_eq!(got, encoding, "{accepts:?}");
            assert_eq!(headers[header::CONTENT_TYPE], self.content_type);
            assert_eq!(headers[header::CACHE_CONTROL], self.cache_control);
            assert_eq!(headers[header::VARY], "accept-encoding");
            assert_eq!(answer.text().await.expect("a body"), body, "{accepts:?}");
        }
    }
}

#[tokio::test]
async fn each_language_gets_the_page_of_its_own_build() {
    let widget = built_widget();
    let app = serving(&widget).await;
    for (query, title) in [
        ("?locale=fr-CA", "module"),
        ("?locale=fr", "module"),
        ("?locale=en-CA", "widget"),
        // No language, or one the checkout does not speak: English, as the loader defaults.
        ("", "widget"),
        ("?locale=de-DE", "widget"),
    ] {
        let page = reqwest::get(app.url(&format!("/widget/{query}")))
            .await
            .expect("answered");
        assert_eq!(page.status(), StatusCode::OK, "{query}");
        assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
        let html = page.text().await.expect("the page");
        assert!(
            html.contains(&format!("<title>{title}</title>")),
            "{query}: {html}"
        );
    }
}

/// The loader as the build ships it, in miniature: the script and its two compressed forms
/// (marked apart), and its types.
fn built_loader() -> tempfile::TempDir {
    folder_of(&[
        ("checkout.js", b"window.FlexitiCheckout = {};"),
        ("checkout.js.br", b"brotli loader"),
        ("checkout.js.gz", b"gzip loader"),
        ("checkout.d.ts", b"export {};"),
    ])
}

/// A proxy that serves the loader in `loader`.
async fn serving_loader(loader: &tempfile::TempDir) -> TestApp {
    let mut config = test_config(None);
    config.loader_dir = loader.path().to_owned();
    TestApp::launch(config, SandboxConfig::default()).await
}

#[tokio::test]
async fn the_loader_comes_in_the_smallest_form_too_and_is_revalidated() {
    let loader = built_loader();
    let app = serving_loader(&loader).await;
    let sent = Sent {
        content_type: "text/javascript",
        cache_control: "no-cache",
        forms: [
            "brotli loader",
            "gzip loader",
            "window.FlexitiCheckout = {};",
        ],
    };
    sent.as_each_browser_reads(&app, "/v1/checkout.js").await;
    let http = reqwest::Client::new();
    // Revalidated: a browser holding it asks again and is told it has not changed.
    let first = http
        .get(app.url("/v1/checkout.js"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("answered");
    let modified = first.headers()[header::LAST_MODIFIED].clone();
    let again = http
        .get(app.url("/v1/checkout.js"))
        .header(header::ACCEPT_ENCODING, "br")
        .header(header::IF_MODIFIED_SINCE, modified)
        .send()
        .await
        .expect("answered");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(again.headers()[header::VARY], "accept-encoding");
    let types = http
        .get(app.url("/v1/checkout.d.ts"))
        .send()
        .await
        .expect("answered");
    assert_eq!(types.status(), StatusCode::OK);
    assert_eq!(
        types.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert_eq!(types.text().await.expect("a body"), "export {};");
}

#[tokio::test]
async fn the_loader_is_known_by_its_content_whatever_its_time() {
    let loader = built_loader();
    let app = serving_loader(&loader).await;
    let http = reqwest::Client::new();
    let fetch = |held: Option<(&str, &str)>| {
        let mut request = http
            .get(app.url("/v1/checkout.js"))
            .header(header::ACCEPT_ENCODING, "br");
        if let Some((tag, time)) = held {
            request = request
                .header(header::IF_NONE_MATCH, tag)
                .header(header::IF_MODIFIED_SINCE, time);
        }
        request.send()
    };
    let first = fetch(None).await.expect("answered");
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers()[header::ETAG]
        .to_str()
        .expect("text")
        .to_owned();
    let time = first.headers()[header::LAST_MODIFIED]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");
    // One content, one tag, whichever form is sent.
    for encoding in ["gzip", "identity"] {
        let other = http
            .get(app.url("/v1/checkout.js"))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .expect("answered");
        assert_eq!(other.headers()[header::ETAG], tag.as_str(), "{encoding}");
    }
    // A browser that kept only the time is answered by it, and learns the tag.
    let by_time = http
        .get(app.url("/v1/checkout.js"))
        .header(header::IF_MODIFIED_SINCE, &time)
        .send()
        .await
        .expect("answered");
    assert_eq!(by_time.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(by_time.headers()[header::ETAG], tag.as_str());

    // The same loader built again elsewhere: the same bytes, another time.
    let stamp = |name: &str, when: std::time::SystemTime| {
        fs::File::options()
            .write(true)
            .open(loader.path().join(name))
            .and_then(|file| file.set_modified(when))
            .expect("its time set");
    };
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    for name in ["checkout.js", "checkout.js.br", "checkout.js.gz"] {
        stamp(name, later);
    }
    let again = fetch(Some((&tag, &time))).await.expect("answered");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "same bytes");
    assert_eq!(again.headers()[header::ETAG], tag.as_str());
    assert_eq!(again.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(again.headers()[header::VARY], "accept-encoding");

    // A new loader with the old time: its content decides, not its time.
    fs::write(
        loader.path().join("checkout.js"),
        b"window.FlexitiCheckout = {v: 2};",
    )
    .expect("written");
    fs::write(loader.path().join("checkout.js.br"), b"brotli loader 2").expect("written");
    let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for name in ["checkout.js", "checkout.js.br"] {
        stamp(name, earlier);
    }
    let changed = fetch(Some((&tag, &time))).await.expect("answered");
    assert_eq!(changed.status(), StatusCode::OK, "new bytes");
    assert_ne!(changed.headers()[header::ETAG], tag.as_str());
    assert_eq!(changed.text().await.expect("a body"), "brotli loader 2");

    // No loader, no tag.
    for form in ["checkout.js", "checkout.js.br", "checkout.js.gz"] {
        fs::remove_file(loader.path().join(form)).expect("removed");
    }
    let missing = fetch(None).await.expect("answered");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().get(header::ETAG).is_none());
}

/// The build's widget page in miniature: its empty `<main>`, as `widget/page/index.html`.
fn built_page() -> tempfile::TempDir {
    folder_of(&[
        (
            "index.en-CA.html",
            b"<!doctype html><title>widget</title><body><main class=\"checkout\"></main></body>",
        ),
        (
            "index.fr-CA.html",
            b"<!doctype html><title>widget</title><body><main class=\"checkout\"></main></body>",
        ),
    ])
}

/// The page's first screen: its `<main>`, as the proxy wrote it.
async fn first_screen(page: reqwest::Response) -> String {
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("the page");
    let (_, main) = html.split_once("<main").expect("a <main>");
    format!("<main{}", main.split_once("</main>").expect("closed").0)
}

#[tokio::test]
async fn the_page_holds_its_sessions_choice_of_how_to_pay_in_the_shoppers_language() {
    let widget = built_page();
    let app = serving(&widget).await;
    let (id, token) = app.open_session(12_345, "fr-CA").await;
    let http = reqwest::Client::new();
    let page = |id: &str, locale: &str| app.url(&format!("/widget/?session={id}&locale={locale}"));

    // The page holds the choice, none chosen, with the origins it may say `ready` to and what it
    // says if the widget's code never comes; and nothing of the session's own.
    let french = http.get(page(&id, "fr-CA")).send();
    let screen = first_screen(french.await.expect("answered")).await;
    assert!(screen.contains("data-served"), "{screen}");
    let parents = format!(r#"data-parents="{}""#, proxy::testing::TEST_ORIGIN);
    assert!(screen.contains(&parents), "{screen}");
    assert!(
        screen.contains(">Comment souhaitez-vous payer?</h1>"),
        "{screen}"
    );
    for (method, label) in [
        ("credit_application", "Demander un financement Flexiti"),
        ("flexiti_account", "Payer avec mon compte Flexiti"),
        ("card", "Payer par carte"),
    ] {
        let radio = format!(r#"<input type="radio" name="method" value="{method}"> {label}"#);
        assert!(screen.contains(&radio), "{radio} in {screen}");
    }
    assert!(!screen.contains("checked"), "{screen}");
    assert!(screen.contains(r#"data-retry="Réessayer""#), "{screen}");
    assert!(
        !screen.contains("12345") && !screen.contains("123,45"),
        "{screen}"
    );
    assert!(
        !screen.contains(&token) && !screen.contains("T-2"),
        "{screen}"
    );
    // In English when the loader asks for it.
    let english = first_screen(http.get(page(&id, "en-CA")).send().await.expect("answered")).await;
    assert!(
        english.contains(">How would you like to pay?</h1>"),
        "{english}"
    );

    // Expired: the session's own origin may still frame the page, whose widget tells the
    // shopper so; the proxy writes no choice of how to pay into it.
    let expire = format!("/v1/checkout-sessions/{id}/expire");
    let expired = app.merchant(reqwest::Method::POST, &expire).send().await;
    assert_eq!(expired.expect("answered").status(), StatusCode::OK);
    let answer = http.get(page(&id, "en-CA")).send().await.expect("answered");
    let policy = answer.headers()[header::CONTENT_SECURITY_POLICY].clone();
    let policy = policy.to_str().expect("ASCII").to_owned();
    assert!(
        policy.contains(&format!("frame-ancestors {}", proxy::testing::TEST_ORIGIN)),
        "{policy}"
    );
    assert_eq!(first_screen(answer).await, r#"<main class="checkout">"#);

    // One way to pay: its flow is the first screen, which needs the widget's code.
    let (_, only_card) = app
        .create_session(&serde_json::json!({ "amount": 500, "order_id": "T-9",
            "methods": ["card"], "allowed_origins": [proxy::testing::TEST_ORIGIN] }))
        .await;
    let only_card = only_card["id"].as_str().expect("an id");
    let screen = first_screen(
        http.get(page(only_card, "en-CA"))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(screen, r#"<main class="checkout">"#);
    // No such session: nothing to choose from.
    let unknown = format!("cs_{}", "0".repeat(only_card.len() - 3));
    let screen = first_screen(
        http.get(page(&unknown, "en-CA"))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(screen, r#"<main class="checkout">"#);
}

#[tokio::test]
async fn the_page_comes_compressed_to_a_browser_that_reads_it() {
    // As large as the built page (its stylesheet and scripts in it), and as repetitive.
    let filler = "<p class=\"notice__message\">words the page holds</p>".repeat(200);
    let html = format!(
        "<!doctype html><title>widget</title><body><main class=\"checkout\"></main>{filler}</body>"
    );
    let widget = folder_of(&[
        ("index.en-CA.html", html.as_bytes()),
        ("index.fr-CA.html", html.as_bytes()),
    ]);
    let app = serving(&widget).await;
    let (id, _) = app.open_session(12_345, "en-CA").await;
    let http = reqwest::Client::new();
    let page = |accepts: &str| {
        http.get(app.url(&format!("/widget/?session={id}")))
            .header(header::ACCEPT_ENCODING, accepts)
            .send()
    };

    let plain = page("identity").await.expect("answered");
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain = plain.bytes().await.expect("the page");
    assert!(
        String::from_utf8_lossy(&plain).contains("name=\"method\""),
        "the choice written in"
    );

    let gzip = page("gzip").await.expect("answered");
    assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gzip.headers()[header::VARY], "accept-encoding");
    assert_eq!(gzip.headers()[header::CACHE_CONTROL], "no-store");
    assert!(gzip.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    let packed = gzip.bytes().await.expect("the page");
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&packed[..]),
        &mut unpacked,
    )
    .expect("gzip");
    assert_eq!(unpacked, plain, "the same page");
    assert!(
        packed.len() * 4 < plain.len(),
        "{} of {} bytes",
        packed.len(),
        plain.len()
    );

    let brotli = page("gzip, deflate, br, zstd").await.expect("answered");
    assert_eq!(brotli.headers()[header::CONTENT_ENCODING], "br");
    let packed = brotli.bytes().await.expect("the page");
    assert!(
        packed.len() * 4 < plain.len(),
        "{} of {} bytes",
        packed.len(),
        plain.len()
    );
}
