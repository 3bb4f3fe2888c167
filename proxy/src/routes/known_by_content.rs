//! The loader's files known by their content as well as their time: an `ETag` made from their
//! bytes. A browser revalidates the loader on every merchant page load. Its time alone
//! (`Last-Modified`) changes with every build from a fresh clone, and differs between the
//! instances of a deployment built apart, so a shopper would download it again, unchanged,
//! after each deploy or whenever another instance answered. Its content does not.

use std::{
    convert::Infallible,
    io::ErrorKind,
    path::{Path, PathBuf},
};

use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{MethodRouter, get},
};
use sha2::{Digest, Sha256};
use tower::{Service, ServiceExt};

use super::assets::BY_ENCODING;
use crate::{AppState, checkout::hex};

/// The forms the build writes of each file, each of which `tower-http`'s `ServeFile` may send.
const FORMS: [&str; 3] = ["", ".br", ".gz"];

/// `served` (a `ServeFile` of `file`, with its compressed forms), answered by `file`'s content
/// ([`answered`]).
pub(super) fn known_by_content<S>(served: S, file: PathBuf) -> MethodRouter<AppState>
where
    S: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Response: IntoResponse,
    S::Future: Send,
{
    get(move |request: Request| {
        let (served, file) = (served.clone(), file.clone());
        async move { answered(served, &file, request).await }
    })
}

/// `304 Not Modified` when the browser names the current tag in `If-None-Match`; else what
/// `served` answers, tagged. When the browser asks by tag, its `If-Modified-Since` is left out
/// (RFC 9110, 13.1.3): the content decides. A range is sent only whole when asked with
/// `If-Range`, which `ServeFile` does not read and which a weak tag never satisfies. A file that
/// cannot be read goes untagged: `served` says what is wrong.
async fn answered<S>(served: S, file: &Path, mut request: Request) -> Response
where
    S: Service<Request, Error = Infallible>,
    S::Response: IntoResponse,
{
    let Some(tag) = tag_of(file).await else {
        return served.oneshot(request).await.into_response();
    };
    let headers = request.headers_mut();
    if let Some(held) = headers.get(header::IF_NONE_MATCH) {
        if names(held, &tag) {
            let unchanged = [(header::ETAG, tag), (header::VARY, BY_ENCODING)];
            return (StatusCode::NOT_MODIFIED, unchanged).into_response();
        }
        headers.remove(header::IF_MODIFIED_SINCE);
    }
    if headers.remove(header::IF_RANGE).is_some() {
        headers.remove(header::RANGE);
    }
    let mut response = served.oneshot(request).await.into_response();
    if matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    ) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

/// `W/"<16 hex digits>"`, the first 8 bytes of a SHA-256 of every form of `file` the build
/// wrote: weak, since its forms are the same content. Hashing all of them, not the uncompressed
/// one alone, keeps a tag from standing for a compressed form it was not made from: during a
/// rebuild, when the forms are written one after another, a browser may be sent an old form
/// under a mixed tag, but that tag ends with the rebuild and the next load gets the new form.
/// `None` when the file is missing or cannot be read (logged but for a missing file).
async fn tag_of(file: &Path) -> Option<HeaderValue> {
    let mut hash = Sha256::new();
    for form in FORMS {
        let mut path = file.as_os_str().to_owned();
        path.push(form);
        match tokio::fs::read(&path).await {
            Ok(bytes) => {
                hash.update(form.as_bytes());
                hash.update((bytes.len() as u64).to_le_bytes());
                hash.update(&bytes);
            }
            Err(error) if error.kind() == ErrorKind::NotFound && !form.is_empty() => {}
            Err(error) => {
                if error.kind() != ErrorKind::NotFound {
                    tracing::error!(%error, file = %file.display(), "cannot read a loader file");
                }
                return None;
            }
        }
    }
    let tag = format!("W/\"{}\"", hex(&hash.finalize()[..8]));
    Some(HeaderValue::from_str(&tag).expect("hex digits and quotes make a header value"))
}

/// Whether an `If-None-Match` value names `tag` (or is `*`), compared weakly (`W/` ignored).
fn names(held: &HeaderValue, tag: &HeaderValue) -> bool {
    let opaque = |value: &str| value.trim().trim_start_matches("W/").to_owned();
    let (Ok(held), Ok(tag)) = (held.to_str(), tag.to_str()) else {
        return false;
    };
    let tag = opaque(tag);
    held.split(',')
        .any(|named| named.trim() == "*" || opaque(named) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_named_weakly_in_a_list_or_by_a_star() {
        let tag = HeaderValue::from_static("W/\"0123456789abcdef\"");
        let named = |held: &'static str| names(&HeaderValue::from_static(held), &tag);
        assert!(named("W/\"0123456789abcdef\""));
        assert!(named("\"0123456789abcdef\""), "weak comparison");
        assert!(named("\"other\", W/\"0123456789abcdef\""));
        assert!(named("*"));
        assert!(!named("W/\"0123456789abcdee\""));
        assert!(!named("\"other\""));
    }
}
