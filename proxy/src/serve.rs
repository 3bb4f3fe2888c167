//! The accept loop: each TCP connection served by hyper's HTTP/1 server with a deadline on the
//! request head, which `axum::serve` has no setting for.
//!
//! Without that deadline a slow-loris client (one that opens connections and sends its headers a
//! byte at a time, or never) holds each connection for as long as it likes. With it, a
//! connection that has not sent a whole request head within `header_read_timeout`, or that sits
//! idle that long between two requests, is closed, and costs the other shoppers nothing but one
//! idle task meanwhile.

use std::{io, net::SocketAddr, time::Duration};

use axum::{Router, body::Body, extract::ConnectInfo, http::Request};
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// How long to wait after an accept error (e.g. out of file descriptors) before trying again,
/// so that the loop does not spin while the condition lasts.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests under way finish.
/// Each request carries its peer's [`ConnectInfo<SocketAddr>`], as `axum::serve` gives it.
///
/// # Errors
/// Never today: accept errors are logged and the loop goes on (the `Result` keeps
/// `axum::serve`'s shape for the caller).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        spawn_connection(&http, &graceful, stream, peer, app.clone());
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Serves one connection on its own task, its requests handed to `app` with the peer's address.
fn spawn_connection(
    http: &http1::Builder,
    graceful: &GracefulShutdown,
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
) {
    // Small answers go out at once rather than waiting on Nagle's algorithm.
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "TCP_NODELAY not set");
    }
    let service = app.map_request(move |request: Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    let watched = graceful.watch(connection);
    tokio::spawn(async move {
        // A client that goes away or times out is routine, not an error of ours.
        if let Err(error) = watched.await {
            tracing::debug!(%error, "connection ended");
        }
    });
}
