//! Listing transactions (`GET /transactions`, its paging) and showing one.

use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    bodies::{assert_error, assert_transaction, transaction, with_vaulted},
    walk::{finished, start, text},
};

#[tokio::test]
async fn the_transaction_list_pages_with_order_count_and_since() {
    let api = start().await;
    let id = api.vault("4242424242424242").await;
    let mut ids = Vec::new();
    for n in 0..25 {
        let (status, body) = api
            .charge(&with_vaulted(
                transaction(&format!("page-{n}"), 100 + n),
                &id,
            ))
            .await;
        ids.push(text(
            &assert_transaction(status, &body, 10000)["transactionId"],
        ));
    }
    let listed = |body: &Value| -> Vec<String> {
        body["transactions"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|t| text(&t["transactionId"]))
            .collect()
    };
    let template = "/transactions";
    let (_, body) = api.get(template, "/transactions").await;
    assert_eq!(listed(&body), ids[..20], "20 by default, oldest first");
    let (_, body) = api
        .get(
            template,
            &format!("/transactions?sinceTransactionId={}", ids[19]),
        )
        .await;
    assert_eq!(listed(&body), ids[20..]);
    let (_, body) = api
        .get(
            template,
            &format!("/transactions?sinceToken={}&count=2", ids[19]),
        )
        .await;
    assert_eq!(listed(&body), ids[20..22]);
    let (_, body) = api.get(template, "/transactions?order=desc&count=3").await;
    assert_eq!(
        listed(&body),
        [ids[24].clone(), ids[23].clone(), ids[22].clone()]
    );
    let (_, body) = api.get(template, "/transactions?count=100").await;
    assert_eq!(listed(&body).len(), 25);
    for query in [
        "count=101",
        "count=0",
        "count=many",
        "order=sideways",
        "sinceTransactionId=NOSUCH",
    ] {
        let (status, body) = api.get(template, &format!("/transactions?{query}")).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, 50000);
    }

    let (status, body) = api
        .get(
            "/transactions/{transactionId}",
            &format!("/transactions/{}", ids[3]),
        )
        .await;
    let shown = assert_transaction(status, &body, 10000);
    assert_eq!(shown["amount"], 103);
    assert_eq!(shown["paymentMethod"]["paymentMethodId"], id.as_str());
    let (status, body) = api
        .get("/transactions/{transactionId}", "/transactions/NOSUCH")
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, 50131);
    finished();
}
