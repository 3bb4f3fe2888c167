//! Our view of FlexPay transactions: ids, what a charge or authorize asks for, and what a
//! transaction came to. Built from FlexPay's answers in `wire`; FlexPay's own structs never leave
//! this module.

use std::{
    fmt,
    net::Ipv4Addr,
    num::{NonZeroU32, NonZeroU64},
};

use shared::{CardOutcome, Currency, GatewayStatus};

use super::card::{CardBrand, CardDetails, Cardholder};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id.
            pub fn new(id: impl Into<String>) -> $name {
                $name(id.into())
            }

            /// The id as FlexPay spells it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id!(
    /// FlexPay's id of a transaction (`transactionId`).
    TransactionId
);
id!(
    /// FlexPay's id of a vaulted payment method (`paymentMethodId`).
    PaymentMethodId
);
id!(
    /// Our unique id of one request that moves money (`merchantTransactionId`, at most 256
    /// characters). Minted once per attempt and persisted by the caller before the call, so that a
    /// timeout is reconciled by looking it up rather than by paying twice.
    MerchantTransactionId
);

/// What a transaction did (`transactionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransactionKind {
    /// Funds reserved, to capture later.
    Authorize,
    /// An authorization captured.
    Capture,
    /// Authorized and captured at once.
    Charge,
    /// Money returned.
    Refund,
    /// An authorization, or an unsettled charge or capture, cancelled.
    Void,
}

/// Where the money of a charge or authorize comes from.
#[derive(Debug, Clone)]
pub enum PaymentSource {
    /// A card stored in the FlexPay vault.
    Vaulted(PaymentMethodId),
    /// A card passed in with the request.
    Card(Box<PassInCard>),
}

/// A card passed in with a charge or authorize.
#[derive(Debug, Clone)]
pub struct PassInCard {
    /// The card.
    pub card: CardDetails,
    /// Its holder and billing address.
    pub holder: Cardholder,
    /// Keep it in the vault if the transaction is approved (`retainOnSuccess`).
    pub retain_on_success: bool,
}

impl PaymentSource {
    /// A pass-in card.
    pub fn card(card: CardDetails, holder: Cardholder, retain_on_success: bool) -> PaymentSource {
        PaymentSource::Card(Box::new(PassInCard {
            card,
            holder,
            retain_on_success,
        }))
    }
}

/// Which attempt at this payment a request is (`retryCount`, `dateFirstAttempt`,
/// `referenceData`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Attempt {
    /// The first attempt: `retryCount` 0.
    #[default]
    First,
    /// A retry of a declined attempt.
    Retry {
        /// `retryCount`: 1 for the first retry.
        number: NonZeroU32,
        /// When the first attempt was made, ISO 8601 in UTC (`dateFirstAttempt`).
        first_attempted_at: String,
        /// The `referenceData` FlexPay gave the declined attempt, to send back.
        reference_data: Option<String>,
    },
}

/// A `gateways/charge` or `gateways/authorize` request.
#[derive(Debug, Clone)]
pub struct PaymentRequest {
    /// Ours, unique per request; FlexPay refuses a second use (50129).
    pub merchant_transaction_id: MerchantTransactionId,
    /// The merchant's order id (at most 50 characters).
    pub order_id: String,
    /// The amount in cents.
    pub amount_cents: u64,
    /// The currency.
    pub currency: Currency,
    /// The card.
    pub source: PaymentSource,
    /// The merchant's id of the customer. A pass-in card needs it unless its holder has an email.
    pub customer_id: Option<String>,
    /// The shopper's IP address (the docs take IPv4 only).
    pub customer_ip: Option<Ipv4Addr>,
    /// Text that helps reconciliation (at most 255 characters).
    pub description: Option<String>,
    /// Which attempt this is.
    pub attempt: Attempt,
}

/// How much a capture or refund moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpAmount {
    /// Everything: the whole authorization, or all that is left to refund.
    Full,
    /// This many cents.
    Partial(NonZeroU64),
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Oldest first (`asc`, FlexPay's default).
    #[default]
    OldestFirst,
    /// Newest first (`desc`).
    NewestFirst,
}

/// One page of a list: `Id` is the id type of its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery<Id> {
    /// The order.
    pub order: ListOrder,
    /// How many items, 1 to 100 (FlexPay's default is 20).
    pub count: Option<u8>,
    /// Start after this item: the last one of the previous page.
    pub since: Option<Id>,
}

impl<Id> Default for ListQuery<Id> {
    fn default() -> Self {
        ListQuery {
            order: ListOrder::default(),
            count: None,
            since: None,
        }
    }
}

/// A transaction as FlexPay recorded it: approved, declined or failed. A decline is not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardTransaction {
    /// FlexPay's id.
    pub id: TransactionId,
    /// Ours.
    pub merchant_transaction_id: MerchantTransactionId,
    /// The merchant's order id, as echoed.
    pub order_id: Option<String>,
    /// What it did, when FlexPay or the call says.
    pub kind: Option<TransactionKind>,
    /// The amount in cents.
    pub amount_cents: u64,
    /// The currency, when it is one we handle.
    pub currency: Option<Currency>,
    /// FlexPay's `transactionStatus`.
    pub status: GatewayStatus,
    /// The response code, its class and the shopper's copy.
    pub outcome: CardOutcome,
    /// When FlexPay processed it (ISO 8601, as sent).
    pub processed_at: Option<String>,
    /// The card's brand.
    pub card_brand: Option<CardBrand>,
    /// The card's last four digits.
    pub last_four: Option<String>,
    /// The vaulted card it used, or the one `retainOnSuccess` stored.
    pub payment_method_id: Option<PaymentMethodId>,
    /// The customer id FlexPay holds for it.
    pub customer_id: Option<String>,
    /// For a soft decline: when to retry (`retryDate`).
    pub retry_after: Option<String>,
    /// For a decline: the `referenceData` to send back with a retry.
    pub reference_data: Option<String>,
    /// The address verification result code (`avsCode`).
    pub avs_code: Option<String>,
    /// The CVV verification result code (`cvvCode`).
    pub cvv_code: Option<String>,
}

impl CardTransaction {
    /// Whether the money moved (or the authorization holds it).
    pub fn is_approved(&self) -> bool {
        self.outcome.is_approved()
    }
}
