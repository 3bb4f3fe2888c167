//! Fuzzing entry point (feature `fuzzing`, not part of the API): every FlexPay answer we read,
//! through the same decoding and conversion as a real call, from arbitrary bytes.

use serde::de::DeserializeOwned;

use super::{TransactionKind, error, wire};

/// How many answers [`answer`] knows: `which` is taken modulo this.
pub const ANSWERS: usize = 5;

/// Reads `body` as the answer numbered `which` (modulo [`ANSWERS`]). Errors are expected; a
/// panic, a hang or an unbounded allocation is the finding.
pub fn answer(which: usize, body: &[u8]) {
    match which % ANSWERS {
        0 => {
            for call in [
                None,
                Some(TransactionKind::Charge),
                Some(TransactionKind::Void),
            ] {
                convert(
                    body,
                    |answer: wire::TransactionEnvelope<wire::Transaction>| {
                        let outcome = answer.transaction.into_card_transaction(call);
                        outcome.map(|transaction| {
                            (transaction.is_approved(), format!("{transaction:?}"))
                        })
                    },
                );
            }
        }
        1 => convert(body, |list: wire::TransactionList| {
            list.transactions
                .into_iter()
                .map(|transaction| transaction.into_card_transaction(None))
                .collect::<Vec<_>>()
        }),
        2 => convert(
            body,
            |answer: wire::PaymentMethodEnvelope<wire::PaymentMethod>| {
                answer.payment_method.into_vaulted_card()
            },
        ),
        3 => convert(body, |list: wire::PaymentMethodList| {
            list.payment_methods
                .into_iter()
                .map(wire::PaymentMethod::into_vaulted_card)
                .collect::<Vec<_>>()
        }),
        _ => drop(wire::ErrorBody::read(body)),
    }
}

/// Decodes `body` as `T` as `FlexPayClient::call` does (errors included), then converts it.
fn convert<T: DeserializeOwned, U>(body: &[u8], conversion: impl FnOnce(T) -> U) {
    match serde_json::from_slice::<T>(body) {
        Ok(decoded) => drop(conversion(decoded)),
        Err(failure) => drop(error::malformed_json(&failure)),
    }
}
