//! `order`, `count` and `since...` of the list endpoints ("Order and Pagination").
//!
//! Readings: records are kept in creation order, which is the docs' `dateCreated` order; a page
//! starts *after* the `since` record in the chosen order (it is "the last id received in the
//! previous list"); `sinceToken` is accepted on both lists as an alias of the list's own
//! `sinceTransactionId` / `sincePaymentMethodId`; a `count` outside 1..=100, an `order` other than
//! `asc` / `desc` and an unknown `since` id answer `400 50000` rather than being silently fixed.

use serde::Deserialize;

use super::FlexPayError;

/// The query string of a list.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    order: Option<String>,
    count: Option<String>,
    since_token: Option<String>,
    since_transaction_id: Option<String>,
    since_payment_method_id: Option<String>,
}

/// Which list is paged, for the name of its `since` parameter.
#[derive(Debug, Clone, Copy)]
pub enum Listing {
    /// `GET /transactions`
    Transactions,
    /// `GET /paymentmethods`
    PaymentMethods,
}

/// Picks one page of `items` (oldest first), identified by `id_of`.
///
/// # Errors
/// `400 50000` for an invalid `order` or `count`, or a `since` id that is not in the list.
pub fn page<'a, T>(
    items: &'a [T],
    id_of: impl Fn(&T) -> &str,
    query: &ListQuery,
    listing: Listing,
) -> Result<Vec<&'a T>, FlexPayError> {
    let descending = match query.order.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(FlexPayError::validation("order must be asc or desc")),
    };
    let count = match query.count.as_deref() {
        None => 20,
        Some(count) => count
            .parse::<usize>()
            .ok()
            .filter(|count| (1..=100).contains(count))
            .ok_or_else(|| FlexPayError::validation("count must be a number from 1 to 100"))?,
    };
    let since = match listing {
        Listing::Transactions => query.since_transaction_id.as_deref(),
        Listing::PaymentMethods => query.since_payment_method_id.as_deref(),
    }
    .or(query.since_token.as_deref());
    let mut ordered: Vec<&T> = items.iter().collect();
    if descending {
        ordered.reverse();
    }
    let start = match since {
        None => 0,
        Some(since) => {
            ordered
                .iter()
                .position(|item| id_of(item) == since)
                .ok_or_else(|| {
                    FlexPayError::validation(format!("since id {since} is not in the list"))
                })?
                + 1
        }
    };
    Ok(ordered.into_iter().skip(start).take(count).collect())
}
