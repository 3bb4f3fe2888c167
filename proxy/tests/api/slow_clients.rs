//! Slow-loris clients: connections that drip their request head a byte at a time, or open and
//! say nothing, are closed once the head deadline (`header_read_timeout_ms`) passes, and the
//! shoppers on other connections are answered all the while.

use std::time::Duration;

use proxy::testing::{TestApp, test_config};
use reqwest::StatusCode;
use sandbox::SandboxConfig;
use shared::paths;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    task::JoinSet,
};

/// How many slow connections the test holds open at once.
const LORISES: usize = 200;

/// The longest a dropped connection may take to be seen closed: a guard against a hang, far above
/// the half-second deadline the proxy is given.
const HANG_GUARD: Duration = Duration::from_secs(60);

/// Opens a connection to `addr` and sends a request head one byte every 50 ms, never ending it
/// (`silent`: sends nothing at all). Returns once the proxy closes the connection.
async fn loris(addr: std::net::SocketAddr, silent: bool) -> &'static str {
    let mut stream = TcpStream::connect(addr).await.expect("connected");
    let head = b"GET /api/v1/session HTTP/1.1\r\nHost: localhost\r\nX-Padding: ";
    let mut written = 0;
    let mut buffer = [0_u8; 512];
    loop {
        tokio::select! {
            read = stream.read(&mut buffer) => {
                return match read {
                    Ok(0) | Err(_) => "closed",
                    // hyper may answer 408 before closing: read on until the close.
                    Ok(_) => continue,
                };
            }
            () = tokio::time::sleep(Duration::from_millis(50)) => {
                if silent {
                    continue;
                }
                let byte = head.get(written).copied().unwrap_or(b'x');
                if stream.write_all(&[byte]).await.is_err() {
                    return "closed";
                }
                written += 1;
            }
        }
    }
}

#[tokio::test]
async fn slow_clients_are_dropped_and_others_are_served_meanwhile() {
    let mut config = test_config(None);
    config.header_read_timeout_ms = 500;
    let app = TestApp::launch(config, SandboxConfig::default()).await;
    let addr = app.addr();
    let mut lorises = JoinSet::new();
    for index in 0..LORISES {
        lorises.spawn(loris(addr, index % 2 == 0));
    }
    // While they drip, shoppers are served, each on a connection of its own.
    let token = app.client_token().await;
    for _ in 0..20 {
        let fresh = reqwest::Client::new();
        let answer = fresh
            .get(app.url(paths::SESSION))
            .bearer_auth(&token)
            .send()
            .await
            .expect("answered beside the slow clients");
        assert_eq!(answer.status(), StatusCode::OK);
    }
    let closed = tokio::time::timeout(HANG_GUARD, lorises.join_all())
        .await
        .expect("every slow connection closed by the proxy");
    assert_eq!(closed.len(), LORISES);
    assert!(closed.iter().all(|&ending| ending == "closed"));
    // And the proxy still serves after them.
    let answer = reqwest::Client::new()
        .get(app.url(paths::SESSION))
        .bearer_auth(&token)
        .send()
        .await
        .expect("answered after the slow clients");
    assert_eq!(answer.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_deadline() {
    let mut config = test_config(None);
    config.header_read_timeout_ms = 500;
    let app = TestApp::launch(config, SandboxConfig::default()).await;
    let mut stream = TcpStream::connect(app.addr()).await.expect("connected");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .expect("sent");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, async {
        let mut buffer = [0_u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(count) => answer.extend_from_slice(&buffer[..count]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the idle connection was never closed");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
