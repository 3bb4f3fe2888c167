//! Every wire type of the widget <-> proxy API (`shared`), read from arbitrary JSON: the first byte
//! picks the type, the rest is the body. No panic, and whatever reads writes back and reads back
//! as the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::{Serialize, de::DeserializeOwned};
use shared::*;

/// Reads `body` as `T`; what reads must survive a write and a second read unchanged.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(body: &[u8]) {
    let Ok(value) = serde_json::from_slice::<T>(body) else {
        return;
    };
    let written = serde_json::to_vec(&value).expect("a value that was read can be written");
    let back: T = serde_json::from_slice(&written).expect("what we write reads back");
    assert_eq!(back, value);
}

macro_rules! wire_types {
    ($($kind:ty),+ $(,)?) => {
        const READERS: &[fn(&[u8])] = &[$(round_trip::<$kind>),+];
    };
}

wire_types![
    PlanOffer,
    PlanQuote,
    VerificationMethod,
    SecurityQuestion,
    AccountSummary,
    PurchaseReceipt,
    AccountLookup,
    VerifyRequest,
    VerifyResult,
    QuoteRequest,
    PurchaseRequest,
    ApplicantField,
    Sensitive,
    GovernmentId,
    CreditApplication,
    ApplicationApproval,
    CardBrand,
    CardOutcomeClass,
    GatewayStatus,
    CardNextStep,
    CardOutcome,
    CardPaymentRequest,
    CardPaymentResult,
    ErrorCode,
    NextStep,
    ApiError,
    FieldError,
    PaymentMethod,
    Currency,
    SessionStatus,
    CheckoutView,
    PaymentOutcome,
    Step,
    ApplicationStatus,
    WidgetEvent,
    EventMessage,
    Choice,
    GovIdTypeOption,
    FormConfig,
    Locale,
    TermsRegion,
    TermsDocument,
    Disclosures,
];

fuzz_target!(|data: &[u8]| {
    if let Some((&which, body)) = data.split_first() {
        READERS[usize::from(which) % READERS.len()](body);
    }
});
