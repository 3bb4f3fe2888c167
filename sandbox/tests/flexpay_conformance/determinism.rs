//! Determinism: the same requests to a fresh sandbox get the same ids and answers.

use serde_json::Value;

use crate::{
    bodies::{transaction, with_vaulted},
    walk::{finished, start},
};

#[tokio::test]
async fn the_same_requests_give_the_same_answers_in_a_fresh_sandbox() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let api = start().await;
        let method = api.vault("4111111111111111").await;
        let (_, charge) = api
            .charge(&with_vaulted(transaction("same", 1234), &method))
            .await;
        let (_, declined) = api
            .charge(&with_vaulted(transaction("same-2", 200_230), &method))
            .await;
        let pick = |body: &Value, field: &str| body["transaction"][field].clone();
        runs.push((
            method,
            pick(&charge, "transactionId"),
            pick(&charge, "gatewayTransactionId"),
            pick(&declined, "referenceData"),
            charge["transaction"]["paymentMethod"]["fingerprint"].clone(),
        ));
    }
    assert_eq!(runs[0], runs[1]);
    finished();
}
