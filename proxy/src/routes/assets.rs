//! What the browser loads: the loader script merchants embed, and the widget that runs inside the
//! iframe.

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::{AppState, Assets};

/// The loader's versioned path: merchants pin the major version in their script tag.
pub const LOADER_PATH: &str = "/v1/checkout.js";

pub(super) fn router(assets: &Assets) -> Router<AppState> {
    let widget_index = assets.widget_dir.join("index.html");
    Router::new()
        .route_service(
            LOADER_PATH,
            ServeFile::new(assets.static_dir.join("checkout.js")),
        )
        .nest_service(
            "/widget",
            ServeDir::new(&assets.widget_dir).not_found_service(ServeFile::new(widget_index)),
        )
}
