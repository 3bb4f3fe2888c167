//! Checkout sessions: created and changed by the merchant's server, read by the widget through its
//! client token. The amount is bound here, server-side; nothing the browser sends changes it.

mod application;
mod consent;
mod follow_ups;
mod ledger;
mod origin;
mod payment;
mod read_cache;
mod sealed_code;
mod session;
mod store;
mod terms;
mod token;

pub use follow_ups::{
    Begun, FollowUpKind, FollowUpRecord, FollowUpStart, HeldBefore, RefundBegun, new_reference,
};
pub use ledger::{Attempt, AttemptState, Settlement};
pub use origin::Origin;
pub use payment::{MAX_PAYMENT_ATTEMPTS, PaymentInFlight, Settled};
pub use sealed_code::{CodeKey, SealedCode};
pub use session::{
    CheckoutSession, ConsentReceipt, HeldAccount, SESSION_ID_PREFIX, TermsShown, parse_public_id,
};
pub use store::{CheckoutStore, StoreError};
pub use terms::{
    DEFAULT_LIFETIME, SessionChange, SessionRequest, SessionTerms, TermsError, whole_number,
};
pub use token::ClientToken;
pub(crate) use token::hex;
