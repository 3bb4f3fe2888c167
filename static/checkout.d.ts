/*! Flexiti checkout loader v1: TypeScript declarations for merchants. */

// BEGIN generated from shared/src/events.rs
export type Currency = "CAD" | "USD";
export type PaymentMethod = "credit_application" | "flexiti_account" | "card";
export type ErrorCode = "upstream_unavailable" | "upstream_error" | "not_available_here" | "invalid_request" | "not_found" | "internal" | "unauthenticated" | "session_expired" | "session_closed" | "amount_changed" | "payment_in_progress" | "idempotency_key_reused" | "too_many_attempts" | "method_not_offered" | "terms_not_accepted" | "already_a_customer" | "application_declined" | "application_pending" | "application_changed" | "application_in_progress" | "account_not_activated" | "account_unavailable" | "account_not_accepted" | "card_account_mismatch" | "wrong_security_answer" | "piw_mismatch" | "too_many_tries" | "wrong_verification_code" | "verification_required" | "no_phone_on_file" | "not_enough_credit" | "daily_limit_reached" | "plan_not_available" | "exceeds_authorization" | "authorization_closed" | "exceeds_capture" | "not_in_currency" | "not_paid" | "already_settled" | "return_window_closed" | "not_returnable" | "too_many_requests" | "request_too_large" | "timed_out";
export type Step = "application" | "account" | "plan" | "card" | "result";
export type ApplicationStatus = "approved" | "declined" | "pending" | "cancelled";
export type WidgetEvent = { "type": "ready" } | { "type": "resize", 
/**
 * CSS pixels.
 */
height: number, } | { "type": "step_changed", 
/**
 * The step now shown.
 */
step: Step, } | { "type": "application_result", 
/**
 * How it ended.
 */
status: ApplicationStatus, } | { "type": "payment_succeeded", 
/**
 * How it was paid.
 */
method: PaymentMethod, 
/**
 * In cents.
 */
amount_cents: number, 
/**
 * Its currency.
 */
currency: Currency, } | { "type": "payment_failed", 
/**
 * How it was attempted.
 */
method: PaymentMethod, 
/**
 * The catalogue code, when the failure is one (declines carry none).
 */
code: ErrorCode | null, } | { "type": "error", 
/**
 * The catalogue code.
 */
code: ErrorCode, };
export type EventMessage = { 
/**
 * Always [`EVENTS_SOURCE`].
 */
source: string, 
/**
 * [`EVENTS_VERSION`].
 */
version: number, 
/**
 * The nonce the loader gave this mount: a message without it is not from our frame.
 */
nonce: string, 
/**
 * The event.
 */
event: WidgetEvent, };
// END generated

/** Options of `FlexitiCheckout.mount`. */
export interface MountOptions {
  /** The checkout session's client token, from `POST /v1/checkout-sessions`. */
  clientToken: string;
  /** `en-CA` (default) or `fr-CA`. */
  locale?: "en-CA" | "fr-CA";
  /** Called with each event the widget sends, and with `load_error` if it cannot load. */
  onEvent?: (event: WidgetEvent | LoadError) => void;
}

/**
 * The widget did not load: raised by the loader when the widget never said `ready` within 15 s
 * (blocked, offline; the loader then hides the frame and shows a message), or by the widget's
 * page when its code did not come within 15 s of the page (the frame stays, offering to try
 * again).
 */
export type LoadError = { type: "load_error" };

/** What `mount` returns. */
export interface Mounted {
  /** The iframe the widget runs in. */
  frame: HTMLIFrameElement;
  /** Removes the widget and stops listening to it. */
  unmount(): void;
}

declare global {
  interface Window {
    FlexitiCheckout: {
      mount(element: Element | string, options: MountOptions): Mounted;
      version: 1;
    };
  }
}
