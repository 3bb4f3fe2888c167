//! `GET /transactions` and `GET /transactions/{id}`.
//!
//! Readings: both answer the transaction core object (the list under `transactions`, the one
//! under `transaction`); an unknown id is `404 50131`, the docs' "original transaction not found".

use axum::{
    Json,
    extract::{Path, Query, State, rejection::QueryRejection},
};
use serde::Serialize;

use super::{
    FlexPayError,
    gateways::TransactionEnvelope,
    pagination::{self, ListQuery, Listing},
    transaction::TransactionView,
};
use crate::Sandbox;

/// `{ "transactions": [...] }`
#[derive(Debug, Serialize)]
pub(super) struct TransactionList {
    transactions: Vec<TransactionView>,
}

/// `GET /transactions?order=&count=&sinceTransactionId=` (or `sinceToken=`).
pub(super) async fn list(
    State(sandbox): State<Sandbox>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<TransactionList>, FlexPayError> {
    let Query(query) = query.map_err(|error| FlexPayError::invalid(50002, error.body_text()))?;
    let ledger = sandbox.flexpay.ledger();
    let page = pagination::page(
        &ledger.transactions,
        |record| &record.view.transaction_id,
        &query,
        Listing::Transactions,
    )?;
    Ok(Json(TransactionList {
        transactions: page.into_iter().map(|record| record.view.clone()).collect(),
    }))
}

/// `GET /transactions/{id}`
pub(super) async fn show(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    let ledger = sandbox.flexpay.ledger();
    let index = ledger
        .transaction_index(&id)
        .ok_or_else(|| FlexPayError::not_found(50131, format!("no transaction {id}")))?;
    Ok(Json(TransactionEnvelope {
        transaction: ledger.transactions[index].view.clone(),
    }))
}
