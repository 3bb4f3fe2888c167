//! The floor under the proxy's added latency (issue 9, item 3), run by `cargo xtask bench`:
//! `bare_forwarder LISTEN UPSTREAM_URL AUTHORIZATION BODY` answers every request it gets by
//! posting `BODY` to `UPSTREAM_URL` with that `Authorization`, and passing the answer's status and
//! body back. Nothing else: no routing, no session, no header, no JSON, no log, no time limit.
//!
//! hyper's HTTP/1 server in front, hyper-util's pooled keep-alive client behind (the client
//! `reqwest` wraps), Tokio's runtime with a worker per core and mimalloc, as the proxy has. What
//! it adds to the direct call is what any proxy pays on this machine for the hop itself: a
//! request read and an answer written, a call made and its answer read, each a thread woken on a
//! socket. The proxy's own work is what it adds beyond that.

use std::{convert::Infallible, net::SocketAddr, sync::Arc};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{
    Request, Response, StatusCode, body::Incoming, header, server::conn::http1, service::service_fn,
};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::{TokioExecutor, TokioIo},
};
use tokio::net::TcpListener;

/// The proxy's allocator (`proxy/src/main.rs`): the floor is no heavier than the proxy for it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The one upstream call, as every request repeats it.
struct Upstream {
    client: Client<HttpConnector, Full<Bytes>>,
    url: hyper::Uri,
    authorization: String,
    body: Bytes,
}

impl Upstream {
    /// Makes the call; answers its status and whole body (502 when it could not be made).
    async fn call(&self) -> Response<Full<Bytes>> {
        let request = Request::post(self.url.clone())
            .header(header::AUTHORIZATION, &self.authorization)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(self.body.clone()));
        let answered = match request {
            Ok(request) => self.client.request(request).await.ok(),
            Err(_) => None,
        };
        let Some(answer) = answered else {
            return status_only(StatusCode::BAD_GATEWAY);
        };
        let status = answer.status();
        match answer.into_body().collect().await {
            Ok(body) => {
                let mut response = Response::new(Full::new(body.to_bytes()));
                *response.status_mut() = status;
                response
            }
            Err(_) => status_only(StatusCode::BAD_GATEWAY),
        }
    }
}

fn status_only(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [listen, url, authorization, body] = args.as_slice() else {
        return Err("usage: bare_forwarder LISTEN UPSTREAM_URL AUTHORIZATION BODY".into());
    };
    let listen: SocketAddr = listen
        .parse()
        .map_err(|error| format!("{listen}: {error}"))?;
    let mut connector = HttpConnector::new();
    // As the proxy's client does (reqwest's default): a request goes out at once.
    connector.set_nodelay(true);
    let upstream = Arc::new(Upstream {
        client: Client::builder(TokioExecutor::new()).build(connector),
        url: url.parse().map_err(|error| format!("{url}: {error}"))?,
        authorization: authorization.clone(),
        body: Bytes::from(body.clone()),
    });
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|error| format!("{listen}: {error}"))?;
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // As the proxy does: small answers go out at once.
        let _ = stream.set_nodelay(true);
        let upstream = Arc::clone(&upstream);
        tokio::spawn(async move {
            let service = service_fn(move |_: Request<Incoming>| {
                let upstream = Arc::clone(&upstream);
                async move { Ok::<_, Infallible>(upstream.call().await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
