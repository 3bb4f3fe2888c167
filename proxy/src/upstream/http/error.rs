//! What can go wrong with a call, and whether the request may have gone out.

use std::fmt;

use super::MAX_ANSWER_BYTES;

/// A call that failed before a whole answer was read. No variant carries a URL, a header or a
/// body: they may hold credentials or a shopper's data.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The request could not be written (a body that would not serialize, a token that cannot
    /// be a header): nothing was sent.
    #[error("the request could not be written: {0}")]
    Encode(String),
    /// The URL is not one `http` can send to: nothing was sent.
    #[error("the URL cannot be sent to")]
    Url,
    /// No connection could be opened: nothing was sent.
    #[error("no connection: {}", Causes(.0))]
    Connect(#[source] hyper_util::client::legacy::Error),
    /// The connection failed while the request was sent or its answer awaited.
    #[error("the call failed: {}", Causes(.0))]
    Call(#[source] hyper_util::client::legacy::Error),
    /// The answer's body could not be read to its end.
    #[error("the answer could not be read: {}", Causes(.0))]
    Read(#[source] hyper::Error),
    /// The answer was longer than [`MAX_ANSWER_BYTES`].
    #[error("the answer is larger than {MAX_ANSWER_BYTES} bytes")]
    TooLarge,
    /// The call's deadline passed.
    #[error("no answer in time")]
    Timeout,
    /// The answer was a redirect (this status): the upstream is not where the configuration
    /// says, and credentials are not sent anywhere else.
    #[error("answered with a redirect ({0}), which is not followed")]
    Redirected(u16),
    /// The outbound proxy answered a plain-`http` request handed to it with `407`: it wants
    /// credentials, or other ones than the configuration gives. (A tunnel's `407` is a
    /// [`HttpError::Connect`].)
    #[error("the outbound proxy refused the call: it wants credentials, or other ones")]
    ProxyRefused,
}

/// An error and each of its causes, `: ` between them. hyper-util's own message ("client error
/// (Connect)") says nothing of why, where the operator reading the log needs "Connection refused",
/// "dns error" or "tunnel error: unsuccessful" (a proxy that refused the tunnel). No cause
/// carries a URL's query, a header or a body.
struct Causes<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        for cause in std::iter::successors(self.0.source(), |cause| cause.source()) {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl From<hyper_util::client::legacy::Error> for HttpError {
    fn from(error: hyper_util::client::legacy::Error) -> Self {
        if error.is_connect() {
            HttpError::Connect(error)
        } else {
            HttpError::Call(error)
        }
    }
}

impl HttpError {
    /// Whether the request certainly never left: a call that moves money and failed so did not
    /// happen, where any other failure may have come after the upstream acted on it.
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            HttpError::Encode(_) | HttpError::Url | HttpError::Connect(_)
        )
    }

    /// Whether time ran out: the call's deadline, or the connection's.
    pub fn is_timeout(&self) -> bool {
        match self {
            HttpError::Timeout => true,
            HttpError::Connect(error) => {
                std::iter::successors(std::error::Error::source(error), |cause| cause.source())
                    .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
                    .any(|io| io.kind() == std::io::ErrorKind::TimedOut)
            }
            _ => false,
        }
    }
}
