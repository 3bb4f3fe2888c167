//! How a connection to an upstream API opens: straight to it or through the operator's proxy
//! ([`OutboundProxies`]), TLS on top for `https` (hyper-rustls, outside this), and all of it
//! within a time limit.

use std::{
    io,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use axum::http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::{
    client::legacy::connect::{Connected, Connection, HttpConnector, proxy::Tunnel},
    rt::TokioIo,
};
use tokio::net::TcpStream;
use tower::Service;

use super::outbound::{OutboundProxies, Route};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Connecting<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

/// Opens each new connection the pool asks for: to the upstream itself, a CONNECT tunnel to it
/// through a proxy, or to a proxy that takes plain-`http` requests whole.
#[derive(Clone)]
pub(super) struct Dial {
    pub(super) tcp: HttpConnector,
    pub(super) proxies: OutboundProxies,
}

impl Service<Uri> for Dial {
    type Response = Dialled;
    type Error = BoxError;
    type Future = Connecting<Dialled>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // `HttpConnector` is always ready; each call below works on its own clone.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let mut tcp = self.tcp.clone();
        let (to, forwarded) = match self.proxies.route(&dst) {
            Route::Direct => (dst, false),
            Route::Forward(proxy) => (proxy.uri().clone(), true),
            Route::Tunnel(proxy) => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), tcp);
                if let Some(credentials) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(credentials.clone());
                }
                return Box::pin(async move { Ok(Dialled::new(tunnel.call(dst).await?, false)) });
            }
        };
        Box::pin(async move { Ok(Dialled::new(tcp.call(to).await?, forwarded)) })
    }
}

/// A connection [`Dial`] opened. One that goes to a forwarding proxy says so, and hyper then
/// writes each request's whole URL (`GET http://host/path`) instead of its path alone.
pub(super) struct Dialled {
    io: TokioIo<TcpStream>,
    forwarded: bool,
}

impl Dialled {
    fn new(io: TokioIo<TcpStream>, forwarded: bool) -> Self {
        Self { io, forwarded }
    }
}

impl Connection for Dialled {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forwarded)
    }
}

impl Read for Dialled {
    fn poll_read(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(context, buf)
    }
}

impl Write for Dialled {
    fn poll_write(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(context, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(context)
    }

    fn poll_shutdown(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(context)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(context, bufs)
    }
}

/// A connector whose every connection opens within `limit`, or fails as a connection that
/// timed out. hyper-util's own connect timeout covers the TCP connect alone, not the name lookup,
/// a proxy's tunnel or the TLS handshake, and a connection the pool finishes in the background
/// has no other deadline.
#[derive(Clone)]
pub(super) struct ConnectWithin<C> {
    pub(super) connector: C,
    pub(super) limit: Duration,
}

impl<C> Service<Uri> for ConnectWithin<C>
where
    C: Service<Uri>,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = Connecting<C::Response>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.connector.poll_ready(context).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connecting = self.connector.call(uri);
        let limit = self.limit;
        Box::pin(async move {
            match tokio::time::timeout(limit, connecting).await {
                Ok(connected) => connected.map_err(Into::into),
                Err(_) => {
                    Err(io::Error::new(io::ErrorKind::TimedOut, "no connection in time").into())
                }
            }
        })
    }
}
