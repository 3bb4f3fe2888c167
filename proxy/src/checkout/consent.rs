//! Consent receipts: what each applicant agreed to (the digest of the exact terms HTML shown, its
//! province and language), when, in which session. Written in the transaction of the session
//! change that records the agreement, and kept in a table of their own so that they outlive the
//! session's row.

use sqlx::AnyConnection;

use super::{CheckoutSession, ConsentReceipt};

const INSERT: &str = "INSERT INTO consent_receipts \
    (session_id, province, locale, terms_sha256, agreed_at) VALUES ($1, $2, $3, $4, $5) \
    ON CONFLICT (session_id, agreed_at) DO NOTHING";

/// Records the agreement `after` holds, if the change from `before` recorded one.
pub(super) async fn record(
    connection: &mut AnyConnection,
    before: &CheckoutSession,
    after: &CheckoutSession,
) -> Result<(), sqlx::Error> {
    let Some(receipt) = &after.consent else {
        return Ok(());
    };
    if before.consent.as_ref() == Some(receipt) {
        return Ok(());
    }
    insert(connection, after, receipt).await
}

async fn insert(
    connection: &mut AnyConnection,
    session: &CheckoutSession,
    receipt: &ConsentReceipt,
) -> Result<(), sqlx::Error> {
    sqlx::query(INSERT)
        .bind(session.id.to_string())
        .bind(&receipt.terms.province)
        .bind(receipt.terms.locale.tag())
        .bind(&receipt.terms.sha256)
        .bind(receipt.agreed_at.unix_timestamp())
        .execute(connection)
        .await?;
    Ok(())
}
