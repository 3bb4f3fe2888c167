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

/// The build's widget page in miniature: its empty session block, as `widget/page/index.html`.
fn built_page() -> tempfile::TempDir {
    folder_of(&[(
        "index.en-CA.html",
        b"<!doctype html><title>widget</title>\
          <script type=\"application/json\" id=\"checkout-session\"></script>",
    )])
}

/// The page's session block: what the proxy wrote in (empty when nothing).
async fn session_block(page: reqwest::Response) -> String {
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
    let html = page.text().await.expect("the page");
    let (_, block) = html
        .split_once("id=\"checkout-session\">")
        .expect("a session block");
    block.split_once("</script>").expect("closed").0.to_owned()
}

#[tokio::test]
async fn the_page_opened_by_the_loaders_form_comes_with_its_session() {
    let widget = built_page();
    let app = serving(&widget).await;
    let (id, token) = app.open_session(12_345, "en-CA").await;
    let (_, other_token) = app.open_session(500, "en-CA").await;
    let page = format!("/widget/?session={id}&locale=en-CA");
    let http = reqwest::Client::new();
    let opened = |token: &str| http.post(app.url(&page)).form(&[("token", token)]).send();

    let page_answer = opened(&token).await.expect("answered");
    let csp = page_answer.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(
        csp.contains(&format!("frame-ancestors {}", proxy::testing::TEST_ORIGIN)),
        "{csp}"
    );
    let block = session_block(page_answer).await;
    let read: serde_json::Value = serde_json::from_str(&block).expect("JSON");
    assert_eq!(read["ok"], true, "{block}");
    assert_eq!(read["body"]["amount_cents"], 12_345, "{block}");
    assert_eq!(read["body"]["status"], "open", "{block}");
    let (_, secret) = token.split_once('.').expect("id.secret");
    assert!(!block.contains(secret), "the token is not written back");

    // Another session's token, a forged one, none: the page as built, whose own read (with the
    // token of its fragment) then gets the API's answer.
    let (own_id, _) = token.split_once('.').expect("id.secret");
    let forged = format!("{own_id}.{}", "0".repeat(secret.len()));
    for token in [other_token.as_str(), forged.as_str(), "", "not a token"] {
        let block = session_block(opened(token).await.expect("answered")).await;
        assert_eq!(block, "", "{token:?}");
    }
    let bare = http.post(app.url(&page)).send().await.expect("answered");
    assert_eq!(session_block(bare).await, "", "no form");
    let by_url = reqwest::get(app.url(&page)).await.expect("answered");
    assert_eq!(session_block(by_url).await, "", "opened by its URL");

    // Only the page takes a form: a file of the widget is no page.
    let not_a_page = http
        .post(app.url("/widget/widget-0123abcd_bg.wasm"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("answered");
    assert_eq!(not_a_page.status(), StatusCode::METHOD_NOT_ALLOWED);
}
