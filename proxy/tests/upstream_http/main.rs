//! The upstream HTTP client against servers that misbehave in ways the sandbox does not (an
//! answer that stops halfway, one too large, a redirect, a connection that never opens or that
//! closes on the request), and what it puts on the wire; and through an outbound proxy.

mod outbound_proxy;

use std::{net::SocketAddr, time::Duration};

use proxy::upstream::http::{HttpError, MAX_ANSWER_BYTES, OutboundProxies, http_client};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::oneshot,
};
use url::Url;

/// A server that accepts one connection and hands it to `serve`.
async fn one_connection<F, Fut>(serve: F) -> SocketAddr
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        if let Ok((stream, _)) = listener.accept().await {
            serve(stream).await;
        }
    });
    addr
}

/// Reads a request's head and its body (by `Content-Length`), as text.
async fn read_request(stream: &mut TcpStream) -> String {
    let mut read = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let count = stream.read(&mut buffer).await.expect("the request");
        assert!(count > 0, "the client closed before its request ended");
        read.extend_from_slice(&buffer[..count]);
        let text = String::from_utf8_lossy(&read).into_owned();
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .map_or(0, |value| value.trim().parse::<usize>().expect("a length"));
            if read.len() >= head_end + 4 + length {
                return text;
            }
        }
    }
}

/// A server that reads one request, sends it to the receiver as text, and answers `answer`
/// (written by hand, head and body).
async fn answering(answer: String) -> (SocketAddr, oneshot::Receiver<String>) {
    let (heard, request) = oneshot::channel();
    let addr = one_connection(|mut stream| async move {
        let _ = heard.send(read_request(&mut stream).await);
        let _ = stream.write_all(answer.as_bytes()).await;
    })
    .await;
    (addr, request)
}

fn url(addr: SocketAddr, scheme: &str) -> Url {
    Url::parse(&format!("{scheme}://{addr}/v1/things")).expect("a URL")
}

#[tokio::test]
async fn a_call_says_who_sends_it_and_what_its_body_is() {
    let (addr, request) = answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".into()).await;
    let client = http_client(Duration::from_secs(5), OutboundProxies::none()).expect("a client");

    let answer = client
        .post(url(addr, "http"))
        .query(&[("lang", "fr"), ("q", "a b&c")])
        .json(&serde_json::json!({ "amount": 12.5 }))
        .bearer_auth("t0k3n")
        .send()
        .await
        .expect("an answer");

    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.expect("a body"), "{}");
    let request = request.await.expect("the request");
    assert!(
        request.starts_with("POST /v1/things?lang=fr&q=a+b%26c HTTP/1.1\r\n"),
        "{request}"
    );
    for line in [
        "content-type: application/json",
        "authorization: Bearer t0k3n",
        "user-agent: flexiti-checkout-proxy/",
    ] {
        assert!(
            request
                .to_ascii_lowercase()
                .contains(&line.to_ascii_lowercase()),
            "{line} in {request}"
        );
    }
    assert!(request.ends_with("\r\n\r\n{\"amount\":12.5}"), "{request}");
}

#[tokio::test]
async fn an_https_url_is_spoken_to_over_tls() {
    let (heard, first_bytes) = oneshot::channel();
    let addr = one_connection(|mut stream| async move {
        let mut first = [0_u8; 3];
        let _ = stream.read_exact(&mut first).await;
        let _ = heard.send(first);
    })
    .await;
    let client = http_client(Duration::from_secs(5), OutboundProxies::none()).expect("a client");

    let error = client
        .get(url(addr, "https"))
        .send()
        .await
        .err()
        .expect("no TLS server there");

    // A TLS handshake record (22), TLS 1.x: a ClientHello, not a request in the clear.
    let first = first_bytes.await.expect("what the client sent first");
    assert_eq!(first[..2], [22, 3], "{first:?}");
    assert!(error.nothing_sent(), "{error:?}");
}

#[tokio::test]
async fn a_form_call_is_url_encoded() {
    let (addr, request) = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".into()).await;
    let client = http_client(Duration::from_secs(5), OutboundProxies::none()).expect("a client");

    let form = [
        ("grant_type", "client_credentials"),
        ("client_secret", "a&b=c d"),
    ];
    let answer = client.post(url(addr, "http")).form(&form).send().await;

    assert_eq!(answer.expect("an answer").status(), 200);
    let request = request.await.expect("the request").to_ascii_lowercase();
    assert!(
        request.contains("content-type: application/x-www-form-urlencoded"),
        "{request}"
    );
    assert!(
        request.ends_with("\r\n\r\ngrant_type=client_credentials&client_secret=a%26b%3dc+d"),
        "{request}"
    );
}

/// One deadline covers the whole call: an answer whose head came late and whose body comes
/// later still, each within the deadline on its own but not together, times out.
#[tokio::test]
async fn the_deadline_covers_the_head_and_the_body_together() {
    let addr = one_connection(|mut stream| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"id\":";
        stream.write_all(head.as_bytes()).await.expect("a head");
        tokio::time::sleep(Duration::from_millis(1600)).await;
        let _ = stream.write_all(b"42}").await;
    })
    .await;
    let client = http_client(Duration::from_secs(2), OutboundProxies::none()).expect("a client");

    let answer = client.get(url(addr, "http")).send().await.expect("a head");
    let error = answer.bytes().await.expect_err("no whole body in time");

    assert!(matches!(error, HttpError::Timeout), "{error:?}");
    assert!(error.is_timeout());
    assert!(!error.nothing_sent(), "the request went out");
}

#[tokio::test]
async fn a_tls_handshake_that_never_ends_fails_as_a_connection_with_nothing_sent() {
    let addr = one_connection(|mut stream| async move {
        let mut hello = [0_u8; 64];
        let _ = stream.read(&mut hello).await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    })
    .await;
    let client = http_client(Duration::from_secs(2), OutboundProxies::none()).expect("a client");

    let error = client
        .get(url(addr, "https"))
        .send()
        .await
        .err()
        .expect("no handshake");

    assert!(matches!(error, HttpError::Connect(_)), "{error:?}");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.nothing_sent());
}

#[tokio::test]
async fn a_refused_connection_sent_nothing_and_says_why() {
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = closed.local_addr().expect("its address");
    drop(closed);
    let client = http_client(Duration::from_secs(2), OutboundProxies::none()).expect("a client");

    let error = client
        .get(url(addr, "http"))
        .send()
        .await
        .err()
        .expect("refused");

    assert!(matches!(error, HttpError::Connect(_)), "{error:?}");
    assert!(error.nothing_sent());
    assert!(!error.is_timeout());
    // What the operator reads in the log: why, not hyper-util's "client error (Connect)" alone.
    assert!(
        error
            .to_string()
            .to_lowercase()
            .contains("connection refused"),
        "{error}"
    );
}

/// A connection that closes once it has read the request may have been acted on; and the error
/// says nothing of what the request carried.
#[tokio::test]
async fn a_connection_closed_on_the_request_may_have_been_acted_on() {
    let addr = one_connection(|mut stream| async move {
        read_request(&mut stream).await;
    })
    .await;
    let client = http_client(Duration::from_secs(2), OutboundProxies::none()).expect("a client");

    let error = client
        .post(url(addr, "http"))
        .query(&[("card", "4242424242424242")])
        .json(&serde_json::json!({ "cvv": "737" }))
        .bearer_auth("t0k3n")
        .send()
        .await
        .err()
        .expect("no answer");

    assert!(!error.nothing_sent(), "{error:?}");
    let said = format!("{error} {error:?}");
    for secret in ["4242424242424242", "737", "t0k3n", "/v1/things"] {
        assert!(!said.contains(secret), "{secret} in {said}");
    }
}

#[tokio::test]
async fn an_answer_is_read_up_to_the_limit_and_refused_past_it() {
    for (length, accepted) in [(MAX_ANSWER_BYTES, true), (MAX_ANSWER_BYTES + 1, false)] {
        let addr = one_connection(move |mut stream| async move {
            read_request(&mut stream).await;
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n");
            stream.write_all(head.as_bytes()).await.expect("a head");
            let _ = stream.write_all(&vec![b' '; length]).await;
        })
        .await;
        let client =
            http_client(Duration::from_secs(5), OutboundProxies::none()).expect("a client");

        let answer = client.get(url(addr, "http")).send().await.expect("a head");
        let read = answer.bytes().await;

        match read {
            Ok(body) => assert!(accepted && body.len() == length, "{length} read"),
            Err(error) => assert!(
                !accepted && matches!(error, HttpError::TooLarge),
                "{length}: {error:?}"
            ),
        }
    }
}

#[tokio::test]
async fn a_redirect_is_refused_not_followed() {
    let elsewhere = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let location = url(elsewhere.local_addr().expect("its address"), "http");
    let (addr, _) = answering(format!(
        "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
    ))
    .await;
    let client = http_client(Duration::from_secs(5), OutboundProxies::none()).expect("a client");

    let error = client
        .get(url(addr, "http"))
        .bearer_auth("t0k3n")
        .send()
        .await
        .err()
        .expect("a redirect refused");

    assert!(matches!(error, HttpError::Redirected(302)), "{error:?}");
    // Had the client followed it, the connection would be waiting here.
    let followed = tokio::time::timeout(Duration::from_millis(200), elsewhere.accept()).await;
    assert!(followed.is_err(), "the token went to the redirect's target");
}
