//! Telling the merchant's page what happens: each [`WidgetEvent`] goes by `postMessage` to the
//! parent's exact origin, never `*`, and only when that origin is one the checkout session allows;
//! each carries the nonce the loader gave this mount, so the loader can tell our frame's messages
//! from any other.

use std::cell::RefCell;

use shared::{CheckoutView, ErrorCode, EventMessage, PaymentMethod, WidgetEvent};
use wasm_bindgen::{JsCast, closure::Closure};

/// Where events go: the parent's origin (checked against the session) and this mount's nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Channel {
    parent: String,
    nonce: String,
}

thread_local! {
    /// What the loader put in the fragment, until the session confirms the parent's origin.
    static OFFERED: RefCell<Option<Channel>> = const { RefCell::new(None) };
    /// The channel, once confirmed.
    static CHANNEL: RefCell<Option<Channel>> = const { RefCell::new(None) };
}

/// Keeps the parent origin and nonce the loader passed in the URL's fragment.
pub fn offer(parent: Option<String>, nonce: Option<String>) {
    if let (Some(parent), Some(nonce)) = (parent, nonce) {
        OFFERED.with(|offered| *offered.borrow_mut() = Some(Channel { parent, nonce }));
    }
}

/// Opens the channel if the parent's claimed origin is one the session allows; from then on
/// [`send`] delivers. Answers whether it opened.
pub fn confirm(session: &CheckoutView) -> bool {
    let offered = OFFERED.with(|offered| offered.borrow().clone());
    let allowed = offered.filter(|channel| session.allowed_origins.contains(&channel.parent));
    let open = allowed.is_some();
    CHANNEL.with(|channel| *channel.borrow_mut() = allowed);
    open
}

/// Opens the channel the loader offered without the session: for when the widget's page said
/// `ready` itself, having checked the parent's origin against the ones the proxy wrote into it
/// (the session's), and the session's own read then failed. The page's mark that it did
/// (`data-ready`) is set only by its own script, allowed by its hash, once it found the parent
/// among those origins: checked again here (the attribute read, the list split), the first
/// screen's wasm measured 580 bytes brotli larger, for no origin the page would not allow.
pub fn confirm_by_page() {
    let offered = OFFERED.with(|offered| offered.borrow().clone());
    CHANNEL.with(|channel| *channel.borrow_mut() = offered);
}

/// Tells the page a payment attempt by `method` failed (`code`: why; none for a card declined),
/// unless the refusal says it may have paid after all: its outcome is not known yet
/// (`payment_in_progress`: this attempt's answer was lost, or an earlier one's is; `timed_out`),
/// or the checkout is paid already (`session_closed`). The page would otherwise offer to pay
/// again; the session says how it ends. An attempt whose answer never reached the browser is
/// not told either, by its flow.
pub fn payment_failed(method: PaymentMethod, code: Option<ErrorCode>) {
    let may_have_paid = matches!(
        code,
        Some(ErrorCode::PaymentInProgress | ErrorCode::TimedOut | ErrorCode::SessionClosed)
    );
    if !may_have_paid {
        send(WidgetEvent::PaymentFailed { method, code });
    }
}

/// Posts `event` to the parent page (and nothing when the channel is not open).
pub fn send(event: WidgetEvent) {
    let Some(channel) = CHANNEL.with(|channel| channel.borrow().clone()) else {
        return;
    };
    let message = EventMessage::new(event, &channel.nonce);
    // The plain object `JSON.parse` would give for the message's JSON.
    let Some(value) = crate::json::to_value(&message) else {
        return;
    };
    if let Some(window) = web_sys::window()
        && let Ok(Some(parent)) = window.parent()
    {
        let _ = parent.post_message(&value, &channel.parent);
    }
}

/// Sends a `resize` each time the page's height changes, so the loader sizes the frame to it.
pub fn watch_height() {
    let Some(body) = crate::dom::document().and_then(|document| document.body()) else {
        return;
    };
    let last = RefCell::new(0_u32);
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        // The body's own height: the root's scroll height never drops below the frame's, so a
        // frame sized by it could grow but never shrink.
        let height = crate::dom::document()
            .and_then(|document| document.body())
            .map_or(0.0, |body| body.get_bounding_client_rect().height());
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // A page's height.
        let height = height.ceil().max(0.0) as u32;
        if height > 0 && *last.borrow() != height {
            *last.borrow_mut() = height;
            send(WidgetEvent::Resize { height });
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer lives as long as the page.
    on_resize.forget();
}
