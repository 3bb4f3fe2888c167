//! The widget's page: the document the loader's iframe opens, in the shopper's language,
//! frameable only by the origins its checkout session allows.
//!
//! The page comes with its session's choice of how to pay written in (`shared::choice_html`), so a
//! shopper sees it, and can choose, as soon as the page has arrived (the build wrote its
//! stylesheet in): before the widget's code, which then takes the choice over as it finds it.
//! The session is named by its id in the URL (`?session=cs_...`, not a secret); the client token
//! stays in the URL's fragment, which no server sees, and the widget authenticates its own read
//! of the session with it. The choice says no more than that the session exists, as the page's
//! policy already does.

use axum::{
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{MethodRouter, get},
};
use serde::Deserialize;
use shared::{CheckoutView, FirstScreenWords, Locale, SessionStatus, choice_html};
use time::OffsetDateTime;
use tower_http::{CompressionLevel, compression::CompressionLayer};

use crate::{
    AppState,
    checkout::{CheckoutSession, parse_public_id},
    envelope::{LOCKED_DOWN, widget_page_policy},
};

/// Where the build's page holds its first screen, which the proxy fills ([`first_screen`]) or,
/// with one way to pay, the widget (`widget/src/first_screen.rs`).
const SCREEN: &str = r#"<main class="checkout"></main>"#;

/// `GET` of the widget's page, compressed for a browser that reads brotli or gzip: 11.3 KB as
/// served (its stylesheet and scripts in it), 4.1 KB in brotli, which a phone on a slow 4G
/// network receives about 35 ms sooner. The page is the session's and never cached, so it is
/// compressed for each answer, at level 3: measured on the demo page (`wrk`, one connection, the
/// `server` profile), level 3 adds about 90 us to the page's answer for 4,119 bytes; the
/// fastest level 50 us for 4,490; level 4 (tower-http's default) 200 us for 3,855; level 5 270
/// us for 3,580. Its scripts and stylesheet are ours; the one value of the session's in it (the
/// origins allowed to frame it) is no secret, so compression reveals nothing by its length.
pub(super) fn page(state: &AppState) -> MethodRouter {
    get(shown)
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(3)))
        .with_state(state.clone())
}

/// `?session=cs_...&locale=fr-CA`: the checkout session the page is for (not a secret) and the
/// shopper's language.
#[derive(Debug, Deserialize)]
struct PageQuery {
    session: Option<String>,
    locale: Option<String>,
}

/// The widget's page in `locale`, as the build wrote it (`index.fr-CA.html`): the widget is built
/// once per language, each holding only its own words, so a shopper downloads only theirs.
pub fn widget_page_file(locale: Locale) -> String {
    format!("index.{}.html", locale.tag())
}

/// The page in the shopper's language (English unless the loader asked for French), frameable
/// by the origins the session it names allows (none without one), with its first screen
/// written in.
async fn shown(State(state): State<AppState>, Query(query): Query<PageQuery>) -> Response {
    let locale = query
        .locale
        .as_deref()
        .map(Locale::from_tag)
        .unwrap_or_default();
    let index = state.assets.widget_dir.join(widget_page_file(locale));
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let Ok(html) = tokio::fs::read_to_string(&index).await else {
        tracing::error!(path = %index.display(), "the widget is not built");
        return (StatusCode::SERVICE_UNAVAILABLE, [no_store]).into_response();
    };
    let session = named_session(&state, query.session.as_deref()).await;
    let now = OffsetDateTime::now_utc();
    let ancestors = session
        .as_ref()
        .map_or_else(|| "'none'".into(), ancestors_of);
    let policy = HeaderValue::from_str(&widget_page_policy(&html, &ancestors))
        .unwrap_or_else(|_| HeaderValue::from_static(LOCKED_DOWN));
    let screen = session.and_then(|session| first_screen(&session.view(now), locale));
    let html = match screen {
        Some(screen) => html.replacen(SCREEN, &screen, 1),
        None => html,
    };
    (
        [(header::CONTENT_SECURITY_POLICY, policy), no_store],
        Html(html),
    )
        .into_response()
}

/// The page's `<main>` with the choice between the ways to pay `view` offers, when it offers more
/// than one (with one, the widget shows that way's flow, which needs its code) and the session
/// has not expired (the widget says it has). It holds no text of the session's: only our own
/// words and the methods' wire names. `data-parents` are the origins the session lets frame the
/// page (its policy says them too), to which alone the page's script says `ready`; `data-failed`
/// and `data-retry` are what the page says if the widget's code never arrives. Origins hold no
/// character HTML gives a meaning to (`checkout::Origin`), nor do our words.
fn first_screen(view: &CheckoutView, locale: Locale) -> Option<String> {
    let offered = view.offered();
    if offered.len() < 2 || view.status == SessionStatus::Expired {
        return None;
    }
    let parents = view.allowed_origins.join(" ");
    let words = FirstScreenWords::of(locale);
    Some(format!(
        r#"<main class="checkout" data-served="" data-parents="{parents}" data-failed="{}" data-retry="{}">{}</main>"#,
        words.network_error,
        words.try_again,
        choice_html(&offered, locale)
    ))
}

/// The session `session` names (`cs_...`), if there is one.
async fn named_session(state: &AppState, session: Option<&str>) -> Option<CheckoutSession> {
    let id = session.and_then(parse_public_id)?;
    state
        .sessions
        .get(id)
        .await
        .inspect_err(
            |error| tracing::warn!(%error, "session store unavailable for the widget page"),
        )
        .ok()?
}

/// `session`'s allowed origins, space-separated. An expired session's too: its page tells the
/// shopper it has expired and the merchant's page hears `error` (`session_expired`) at once,
/// where a page framed by no one would be blank until the loader gave up (`load_error`, 15 s).
fn ancestors_of(session: &CheckoutSession) -> String {
    session
        .allowed_origins
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
