//! The widget's page: the document the loader's iframe opens, in the shopper's language,
//! frameable only by the origins its checkout session allows.
//!
//! The loader opens it with a form posted into the iframe, the client token in the body (never
//! in a URL sent to a server: it stays out of request lines and logs), as a 3-D Secure challenge
//! frame is opened. The page then comes with the session's view written into it, so the widget's
//! first screen waits for no read of its own: on a phone's network that is a round trip less
//! before the shopper can choose how to pay (150 ms on a slow 4G link). Opened by its URL (where
//! the merchant page's policy refuses the form, or reloaded), the page reads the session itself,
//! with the token from its URL's fragment.

use axum::{
    Form,
    extract::{Query, State, rejection::FormRejection},
    http::{HeaderValue, StatusCode, Uri, header},
    response::{Html, IntoResponse, Response},
    routing::{MethodRouter, get},
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use shared::{CheckoutView, Locale, SessionStatus};
use time::OffsetDateTime;

use crate::{
    AppState,
    checkout::{CheckoutSession, ClientToken, parse_public_id},
    envelope::{LOCKED_DOWN, widget_page_policy},
};

/// Where the build's page holds the session's view: an empty data block, which the page's own
/// script reads first (`widget/page/index.html`). The policy's script hashes are those of the
/// page as built, the block empty: a data block is not run, so what is written in needs none.
const SESSION_BLOCK: &str = r#"<script type="application/json" id="checkout-session"></script>"#;

/// `GET` and `POST` of the widget's page.
pub(super) fn page(state: &AppState) -> MethodRouter {
    get(shown).post(opened).with_state(state.clone())
}

/// `?session=cs_...&locale=fr-CA`: the checkout session the page is for (not a secret) and the
/// shopper's language.
#[derive(Debug, Deserialize)]
struct PageQuery {
    session: Option<String>,
    locale: Option<String>,
}

/// The loader's form: the client token.
#[derive(Deserialize)]
struct Opening {
    token: SecretString,
}

/// The session read the page hands the widget, as its own read of `GET /api/v1/session` would.
#[derive(Serialize)]
struct Read<'a> {
    ok: bool,
    body: &'a CheckoutView,
}

/// The widget's page in `locale`, as the build wrote it (`index.fr-CA.html`): the widget is built
/// once per language, each holding only its own words, so a shopper downloads only theirs.
pub fn widget_page_file(locale: Locale) -> String {
    format!("index.{}.html", locale.tag())
}

/// The page opened by its URL: the widget reads its session itself.
async fn shown(State(state): State<AppState>, Query(query): Query<PageQuery>) -> Response {
    let ancestors = frame_ancestors(&state, query.session.as_deref()).await;
    answer(&state, &query, &ancestors, None).await
}

/// The page opened by the loader's form: the session's view written in when the token is the
/// session's; else as [`shown`], and the widget's own read says what is wrong. Only the page's
/// own path takes a form: no other file is a page.
async fn opened(
    State(state): State<AppState>,
    uri: Uri,
    Query(query): Query<PageQuery>,
    form: Result<Form<Opening>, FormRejection>,
) -> Response {
    if uri.path() != "/" {
        let allowed = (header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return (StatusCode::METHOD_NOT_ALLOWED, [allowed]).into_response();
    }
    let session = match form {
        Ok(Form(opening)) => own_session(&state, &query, &opening.token).await,
        Err(_) => None,
    };
    let Some(session) = session else {
        return shown(State(state), Query(query)).await;
    };
    let now = OffsetDateTime::now_utc();
    let ancestors = ancestors_of(&session, now);
    let view = session.view(now);
    let read = serde_json::to_string(&Read {
        ok: true,
        body: &view,
    })
    .inspect_err(|error| tracing::error!(%error, "the session's view is not JSON"))
    .ok();
    answer(&state, &query, &ancestors, read).await
}

/// The page in the shopper's language (English unless the loader asked for French), frameable
/// by `ancestors`, with `read` (the session's view, as the page's script hands it to the widget)
/// written in when there is one.
async fn answer(
    state: &AppState,
    query: &PageQuery,
    ancestors: &str,
    read: Option<String>,
) -> Response {
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
    let policy = HeaderValue::from_str(&widget_page_policy(&html, ancestors))
        .unwrap_or_else(|_| HeaderValue::from_static(LOCKED_DOWN));
    let html = match read {
        Some(read) => with_session(&html, &read),
        None => html,
    };
    (
        [(header::CONTENT_SECURITY_POLICY, policy), no_store],
        Html(html),
    )
        .into_response()
}

/// The session `token` opens, when it is the one the page is for (`?session=`).
async fn own_session(
    state: &AppState,
    query: &PageQuery,
    token: &SecretString,
) -> Option<CheckoutSession> {
    let token = ClientToken::parse(token.expose_secret())?;
    let id = query.session.as_deref().and_then(parse_public_id)?;
    let session = state
        .sessions
        .authenticate(&token)
        .await
        .inspect_err(
            |error| tracing::warn!(%error, "session store unavailable for the widget page"),
        )
        .ok()??;
    (session.id == id).then_some(session)
}

/// `html` with `read` (JSON) in its session block. A `<` in it, which JSON has only inside
/// strings, is written `\u003c`, so that no text of the session's can close the block.
fn with_session(html: &str, read: &str) -> String {
    let read = read.replace('<', "\\u003c");
    let filled =
        format!(r#"<script type="application/json" id="checkout-session">{read}</script>"#);
    html.replacen(SESSION_BLOCK, &filled, 1)
}

/// The allowed origins of the session `session` names (`cs_...`), as [`ancestors_of`] says them;
/// `'none'` for no such session.
async fn frame_ancestors(state: &AppState, session: Option<&str>) -> String {
    let Some(id) = session.and_then(parse_public_id) else {
        return "'none'".into();
    };
    match state.sessions.get(id).await {
        Ok(Some(session)) => ancestors_of(&session, OffsetDateTime::now_utc()),
        Ok(None) => "'none'".into(),
        Err(error) => {
            tracing::warn!(%error, "session store unavailable for the widget page");
            "'none'".into()
        }
    }
}

/// `session`'s allowed origins, space-separated; `'none'` once it has expired at `now`.
fn ancestors_of(session: &CheckoutSession, now: OffsetDateTime) -> String {
    if session.status(now) == SessionStatus::Expired {
        return "'none'".into();
    }
    session
        .allowed_origins
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_of_the_session_closes_its_block() {
        let page = format!("<head>{SESSION_BLOCK}<script>run()</script></head>");
        let read = r#"{"ok":true,"body":{"order":"</script><script>alert(1)</script>"}}"#;
        let filled = with_session(&page, read);
        assert_eq!(filled.matches("</script>").count(), 2, "{filled}");
        let (_, block) = filled
            .split_once("id=\"checkout-session\">")
            .expect("filled");
        let (json, _) = block.split_once("</script>").expect("closed");
        let parsed: serde_json::Value = serde_json::from_str(json).expect("still JSON");
        assert_eq!(
            parsed["body"]["order"],
            "</script><script>alert(1)</script>"
        );
    }

    #[test]
    fn a_page_without_a_session_block_is_sent_as_built() {
        let page = "<head><title>widget</title></head>";
        assert_eq!(with_session(page, r#"{"ok":true}"#), page);
    }
}
