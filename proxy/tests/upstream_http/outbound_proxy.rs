//! Calls through the operator's outbound proxy, against a proxy written by hand that records
//! what it is asked: a CONNECT tunnel for `https`, the whole request for `http`, credentials
//! where the proxy asks for them, and loopback never proxied.

use std::time::Duration;

use proxy::upstream::http::{HttpError, OutboundProxies, http_client};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::oneshot,
};
use url::Url;

use super::{answering, one_connection, read_request};

/// Every call through the proxy at `proxy_addr` (both schemes), with `user:password`.
fn through(proxy_addr: std::net::SocketAddr) -> OutboundProxies {
    let value = format!("http://ops:s%40cret@{proxy_addr}");
    OutboundProxies::from_variables(|name| (name == "ALL_PROXY").then(|| value.clone()))
        .expect("a usable proxy")
}

/// Whether `head` carries `Proxy-Authorization: Basic base64("ops:s@cret")`.
fn carries_credentials(head: &str) -> bool {
    head.lines().any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.eq_ignore_ascii_case("proxy-authorization")
                && value.trim() == "Basic b3BzOnNAY3JldA=="
        })
    })
}

/// Reads a CONNECT's head, answers it with `status`, and then (on `200`) reads what first comes
/// through the tunnel.
async fn tunnelling_proxy(
    status: &'static str,
) -> (std::net::SocketAddr, oneshot::Receiver<(String, Vec<u8>)>) {
    let (heard, what) = oneshot::channel();
    let addr = one_connection(move |mut stream: TcpStream| async move {
        let head = read_request(&mut stream).await;
        let _ = stream
            .write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes())
            .await;
        let mut first = vec![0_u8; 4096];
        let count = stream.read(&mut first).await.unwrap_or(0);
        first.truncate(count);
        let _ = heard.send((head, first));
    })
    .await;
    (addr, what)
}

#[tokio::test]
async fn an_https_call_goes_through_a_connect_tunnel_with_tls_inside_it() {
    let (proxy_addr, what) = tunnelling_proxy("200 Connection established").await;
    let client = http_client(Duration::from_secs(5), through(proxy_addr)).expect("a client");

    // The name does not resolve here: only the proxy could reach it.
    let url = Url::parse("https://api.flexiti.invalid/flexiti/pos-api/v2.5/x").expect("a URL");
    let error = client.get(url).send().await.err().expect("no TLS server");

    let (head, first) = what.await.expect("the proxy was asked");
    assert!(
        head.starts_with("CONNECT api.flexiti.invalid:443 HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(carries_credentials(&head), "{head}");
    // What came through the tunnel: a TLS ClientHello (a handshake record, 22) naming the API,
    // not a request in the clear.
    assert_eq!(first.get(..2), Some(&[22_u8, 3][..]), "{first:?}");
    assert!(
        first
            .windows(b"api.flexiti.invalid".len())
            .any(|name| name == b"api.flexiti.invalid"),
        "the server name in {first:?}"
    );
    assert!(error.nothing_sent(), "{error:?}");
}

#[tokio::test]
async fn a_tunnel_the_proxy_refuses_is_a_call_that_sent_nothing() {
    for (status, why) in [
        ("407 Proxy Authentication Required", "ProxyAuthRequired"),
        ("502 Bad Gateway", "TunnelUnsuccessful"),
    ] {
        let (proxy_addr, what) = tunnelling_proxy(status).await;
        let client = http_client(Duration::from_secs(5), through(proxy_addr)).expect("a client");

        let url = Url::parse("https://api.flexiti.invalid/x").expect("a URL");
        let error = client.get(url).send().await.err().expect("refused");

        assert!(what.await.is_ok(), "the proxy was asked");
        assert!(error.nothing_sent(), "{status}: {error:?}");
        assert!(format!("{error:?}").contains(why), "{status}: {error:?}");
        // The log's line says the tunnel failed, and never the proxy's password.
        let line = error.to_string();
        assert!(line.contains("tunnel error"), "{line}");
        assert!(!line.contains("cret") && !line.contains("b3Bz"), "{line}");
    }
}

#[tokio::test]
async fn an_http_call_is_handed_whole_to_the_proxy_with_its_credentials() {
    let (proxy_addr, request) =
        answering("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nproxied".into()).await;
    let client = http_client(Duration::from_secs(5), through(proxy_addr)).expect("a client");

    let url = Url::parse("http://sandbox.invalid:8080/v1/things?lang=fr").expect("a URL");
    let answer = client.get(url).send().await.expect("the proxy's answer");

    assert_eq!(answer.text().await.expect("a body"), "proxied");
    let request = request.await.expect("the request");
    assert!(
        request.starts_with("GET http://sandbox.invalid:8080/v1/things?lang=fr HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(carries_credentials(&request), "{request}");
}

#[tokio::test]
async fn a_proxy_that_wants_other_credentials_for_an_http_call_is_an_error() {
    let (proxy_addr, _request) =
        answering("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n".into())
            .await;
    let client = http_client(Duration::from_secs(5), through(proxy_addr)).expect("a client");

    let url = Url::parse("http://sandbox.invalid/v1/things").expect("a URL");
    let error = client.get(url).send().await.err().expect("refused");

    assert!(matches!(error, HttpError::ProxyRefused), "{error:?}");
    // Like any answer, not proof that nothing went further: a call that may have gone.
    assert!(!error.nothing_sent());
}

#[tokio::test]
async fn a_call_to_loopback_goes_straight_there_and_not_through_the_proxy() {
    let (upstream, request) =
        answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".into()).await;
    let (proxy_heard, mut proxy_asked) = oneshot::channel::<()>();
    let proxy_addr = one_connection(|_| async move {
        let _ = proxy_heard.send(());
    })
    .await;
    let client = http_client(Duration::from_secs(5), through(proxy_addr)).expect("a client");

    let url = Url::parse(&format!("http://{upstream}/v1/things")).expect("a URL");
    let answer = client.get(url).send().await.expect("the upstream's answer");

    assert_eq!(answer.status(), 200);
    let request = request.await.expect("the request");
    assert!(
        request.starts_with("GET /v1/things HTTP/1.1"),
        "origin-form, straight to the upstream: {request}"
    );
    assert!(!carries_credentials(&request), "{request}");
    assert!(
        matches!(
            proxy_asked.try_recv(),
            Err(oneshot::error::TryRecvError::Empty)
        ),
        "the proxy was never connected to"
    );
}
