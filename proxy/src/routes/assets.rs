//! What the browser loads: the loader script merchants embed (and its TypeScript types), and the
//! widget that runs inside the iframe.
//!
//! The widget's page may be framed only by the origins its checkout session allows: its
//! `Content-Security-Policy: frame-ancestors` names them, so the browser refuses the frame anywhere
//! else, and the rest of its policy lets it run only our own files (see
//! [`crate::envelope::widget_page_policy`] and [`super::widget_page`]). Every other document under
//! `/widget/` may be framed by nobody (the envelope's default policy).

use std::path::Path;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    response::Response,
};
use tower::ServiceExt;
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::{SetResponseHeader, SetResponseHeaderLayer},
};

use super::known_by_content::known_by_content;
use crate::AppState;

/// `Vary` of a file sent compressed or not, as the browser reads: shared caches key it by
/// `Accept-Encoding`.
pub(super) const BY_ENCODING: HeaderValue = HeaderValue::from_static("accept-encoding");

/// The loader's versioned path: merchants pin the major version in their script tag.
pub const LOADER_PATH: &str = "/v1/checkout.js";
/// The loader's file in `loader_dir`, as the build ships it.
pub const LOADER_FILE: &str = "checkout.js";
/// The loader's TypeScript declarations, events included.
pub const TYPES_PATH: &str = "/v1/checkout.d.ts";
/// Their file in `loader_dir`, beside the loader's.
const TYPES_FILE: &str = "checkout.d.ts";

pub(super) fn router(state: &AppState) -> Router<AppState> {
    let assets = &state.assets;
    let page = super::widget_page::page(state);
    // The build writes each file's brotli and gzip forms beside it (`cargo xtask run`): a phone
    // is sent the smallest its browser reads, compressed once at build time at the highest level.
    let widget = ServeDir::new(&assets.widget_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(page);
    let loader_dir = &assets.loader_dir;
    Router::new()
        .route(
            LOADER_PATH,
            known_by_content(
                loader_file(loader_dir, LOADER_FILE),
                loader_dir.join(LOADER_FILE),
            ),
        )
        .route(
            TYPES_PATH,
            known_by_content(types_file(loader_dir), loader_dir.join(TYPES_FILE)),
        )
        .nest_service(
            "/widget",
            ServiceExt::<Request>::map_response(widget, kept_for_ever_if_found),
        )
        // The loader keeps its name across releases: revalidated on every load.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// One of the loader's files, in the smallest form the browser reads (the build writes them as
/// it writes the widget's). Every merchant page loads the loader before the widget's frame, so
/// it counts in what a phone downloads first: 3.1 KB minified, 1,270 bytes brotli since it opens
/// the frame with a form (971 before; sent as written until 2026-12-06: 3.9 KB). Its name stays
/// across releases, so a shared cache must key it by `Accept-Encoding` too.
fn loader_file(dir: &Path, name: &str) -> SetResponseHeader<ServeFile, HeaderValue> {
    let file = ServeFile::new(dir.join(name))
        .precompressed_br()
        .precompressed_gzip();
    SetResponseHeader::overriding(file, header::VARY, BY_ENCODING)
}

/// The loader's TypeScript declarations, as text a developer's browser shows: guessed from the
/// name, `.ts` is an MPEG transport stream (`video/vnd.dlna.mpeg-tts`).
fn types_file(
    dir: &Path,
) -> SetResponseHeader<SetResponseHeader<ServeFile, HeaderValue>, HeaderValue> {
    SetResponseHeader::overriding(
        loader_file(dir, TYPES_FILE),
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    )
}

/// The widget's files are named by their hash (the build's hash): a name never changes content,
/// so a file found is kept for a year. A miss or an error is not (the next build may bring the
/// file), and the page itself says `no-store`: it names the files of the current build. A file
/// found may be sent compressed or not, so a shared cache must key it by `Accept-Encoding`.
fn kept_for_ever_if_found<B>(mut response: Response<B>) -> Response<B> {
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if found && !response.headers().contains_key(header::CACHE_CONTROL) {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        headers.insert(header::VARY, BY_ENCODING);
    }
    response
}
