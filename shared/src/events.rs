//! The events the widget tells the merchant's page (through the loader) and a native app's
//! webview: one enum, versioned, serialized as JSON. No personal data and no card data ever ride
//! on an event: only what a page needs to move its own flow forward.
//!
//! `static/checkout.d.ts` carries the TypeScript types of these events for merchants; a test
//! generates them from this file and fails when the two differ.

use serde::{Deserialize, Serialize};

use crate::{Currency, ErrorCode, PaymentMethod};

/// The version of the event format: a merchant's code checks it before reading an event.
pub const EVENTS_VERSION: u32 = 1;

/// What marks a message as one of ours (`source`), beside the per-mount nonce.
pub const EVENTS_SOURCE: &str = "flexiti-checkout";

/// A step of the widget, for a page that follows the shopper's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Filling the credit application.
    Application,
    /// Finding and verifying a Flexiti account.
    Account,
    /// Choosing a plan and confirming.
    Plan,
    /// Typing a card.
    Card,
    /// The result.
    Result,
}

/// How a credit application ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Approved: the shopper may pay with the new account.
    Approved,
    /// Declined.
    Declined,
    /// Flexiti will review it.
    Pending,
    /// Approved in Quebec, then declined by the applicant.
    Cancelled,
}

/// One event. Serialized as `{ "type": "...", ...fields }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WidgetEvent {
    /// The widget is up and usable.
    Ready,
    /// The widget's content changed height: the loader sizes the frame to it.
    Resize {
        /// CSS pixels.
        height: u32,
    },
    /// The shopper moved to another step.
    StepChanged {
        /// The step now shown.
        step: Step,
    },
    /// A credit application ended (no personal data: the status only).
    ApplicationResult {
        /// How it ended.
        status: ApplicationStatus,
    },
    /// The checkout is paid. The merchant's server confirms it with the session's outcome.
    PaymentSucceeded {
        /// How it was paid.
        method: PaymentMethod,
        /// In cents.
        #[cfg_attr(test, ts(type = "number"))]
        amount_cents: u64,
        /// Its currency.
        currency: Currency,
    },
    /// A payment attempt failed (a decline, a refusal): the shopper may try again. Never sent for
    /// an attempt that may have paid (its answer lost, its outcome being looked up, the checkout
    /// paid already): the session says how it ended.
    PaymentFailed {
        /// How it was attempted.
        method: PaymentMethod,
        /// The catalogue code, when the failure is one (declines carry none).
        code: Option<ErrorCode>,
    },
    /// Something stopped the widget (an expired session, an unreachable service...).
    Error {
        /// The catalogue code.
        code: ErrorCode,
    },
}

/// What travels in each `postMessage`: the event, with what proves it is ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EventMessage {
    /// Always [`EVENTS_SOURCE`].
    pub source: String,
    /// [`EVENTS_VERSION`].
    pub version: u32,
    /// The nonce the loader gave this mount: a message without it is not from our frame.
    pub nonce: String,
    /// The event.
    pub event: WidgetEvent,
}

impl EventMessage {
    /// `event`, ready to post for the mount that gave `nonce`.
    pub fn new(event: WidgetEvent, nonce: &str) -> EventMessage {
        EventMessage {
            source: EVENTS_SOURCE.to_owned(),
            version: EVENTS_VERSION,
            nonce: nonce.to_owned(),
            event,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ts_rs::TS;

    use super::*;

    /// The types of `static/checkout.d.ts` that the event enum defines, as ts-rs writes them.
    fn generated() -> String {
        let config = ts_rs::Config::default();
        [
            Currency::decl(&config),
            PaymentMethod::decl(&config),
            ErrorCode::decl(&config),
            Step::decl(&config),
            ApplicationStatus::decl(&config),
            WidgetEvent::decl(&config),
            EventMessage::decl(&config),
        ]
        .iter()
        .map(|decl| format!("export {decl}\n"))
        .collect()
    }

    const BEGIN: &str = "// BEGIN generated from shared/src/events.rs\n";
    const END: &str = "// END generated\n";

    #[test]
    fn the_shipped_typescript_types_are_the_enums() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../static/checkout.d.ts");
        let shipped = std::fs::read_to_string(&path).expect("static/checkout.d.ts");
        let (before, rest) = shipped.split_once(BEGIN).expect("the BEGIN marker");
        let (_, after) = rest.split_once(END).expect("the END marker");
        let expected = format!("{before}{BEGIN}{}{END}{after}", generated());
        if std::env::var_os("UPDATE_TYPESCRIPT").is_some() {
            std::fs::write(&path, &expected).expect("writable");
        }
        assert_eq!(
            shipped, expected,
            "static/checkout.d.ts differs from the Rust types: run `UPDATE_TYPESCRIPT=1 cargo test -p shared` and commit it"
        );
    }

    #[test]
    fn events_serialize_as_the_reference_says() {
        let paid = WidgetEvent::PaymentSucceeded {
            method: PaymentMethod::Card,
            amount_cents: 195_700,
            currency: Currency::Cad,
        };
        let message = EventMessage::new(paid, "n0nce");
        assert_eq!(
            serde_json::to_value(&message).expect("JSON"),
            serde_json::json!({ "source": "flexiti-checkout", "version": 1, "nonce": "n0nce",
                "event": { "type": "payment_succeeded", "method": "card", "amount_cents": 195_700, "currency": "CAD" } })
        );
    }
}
