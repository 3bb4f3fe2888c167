//! Follow-ups on a transaction (`/transactions/{id}/capture|void|refund`) and how they move the
//! amounts.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    bodies::{assert_error, assert_transaction, set, transaction, with_card},
    walk::{Api, finished, start, text},
};

fn follow(merchant_transaction_id: &str, amount: Option<i64>) -> Value {
    let mut body = json!({ "transaction": { "merchantTransactionId": merchant_transaction_id } });
    if let Some(amount) = amount {
        set(&mut body, "/transaction/amount", json!(amount));
    }
    body
}

async fn approved(api: &Api, kind: &str, merchant_transaction_id: &str, amount: i64) -> String {
    let body = with_card(
        transaction(merchant_transaction_id, amount),
        "4242424242424242",
    );
    let (status, answer) = if kind == "charge" {
        api.charge(&body).await
    } else {
        api.authorize(&body).await
    };
    text(&assert_transaction(status, &answer, 10000)["transactionId"])
}

#[tokio::test]
async fn an_authorization_then_a_partial_capture_then_refunds_move_the_amounts() {
    let api = start().await;
    let auth = approved(&api, "authorize", "auth", 10_000).await;

    let (status, body) = api
        .follow_up("capture", &auth, &follow("capture", Some(6_000)))
        .await;
    let capture = assert_transaction(status, &body, 10000);
    assert_eq!(capture["transactionType"], "CAPTURE");
    assert_eq!(capture["amount"], 6_000);
    assert_eq!(capture["orderId"], "order-1");
    assert_eq!(capture["currencyCode"], "CAD");
    let capture_id = text(&capture["transactionId"]);
    let (status, body) = api
        .follow_up("capture", &auth, &follow("capture-again", Some(1_000)))
        .await;
    assert_transaction(status, &body, 30079);

    let (status, body) = api
        .follow_up("refund", &capture_id, &follow("refund-1", Some(2_500)))
        .await;
    let refund = assert_transaction(status, &body, 10000);
    assert_eq!(
        (refund["transactionType"].clone(), refund["amount"].clone()),
        (json!("REFUND"), json!(2_500))
    );
    let (status, body) = api
        .follow_up("refund", &auth, &follow("refund-too-much", Some(4_000)))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 30051)["amount"],
        4_000,
        "only 3500 is left"
    );
    let (status, body) = api
        .follow_up("refund", &auth, &follow("refund-rest", None))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 10000)["amount"],
        3_500,
        "the path may name the authorization"
    );
    let (status, body) = api
        .follow_up(
            "refund",
            &capture_id,
            &follow("refund-nothing-left", Some(0)),
        )
        .await;
    assert_transaction(status, &body, 30066);

    let (_, list) = api.get("/transactions", "/transactions").await;
    let moves: Vec<(String, i64, String)> = list["transactions"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| {
            (
                text(&t["transactionType"]),
                t["amount"].as_i64().expect("cents"),
                text(&t["responseCode"]),
            )
        })
        .collect();
    let expected = [
        ("AUTHORIZE", 10_000, "10000"),
        ("CAPTURE", 6_000, "10000"),
        ("CAPTURE", 1_000, "30079"),
        ("REFUND", 2_500, "10000"),
        ("REFUND", 4_000, "30051"),
        ("REFUND", 3_500, "10000"),
        ("REFUND", 0, "30066"),
    ]
    .map(|(kind, amount, code)| (kind.to_owned(), amount, code.to_owned()));
    assert_eq!(moves, expected);
    finished();
}

#[tokio::test]
async fn a_capture_above_the_authorization_or_after_a_void_is_refused_with_30064() {
    let api = start().await;
    let auth = approved(&api, "authorize", "auth", 5_000).await;
    let (status, body) = api
        .follow_up("capture", &auth, &follow("too-much", Some(5_001)))
        .await;
    let refused = assert_transaction(status, &body, 30064);
    assert_eq!(refused["transactionType"], "CAPTURE");
    assert_eq!(refused["response"]["errorCode"], "30064");
    let (status, body) = api
        .follow_up("capture", &auth, &follow("negative", Some(-1)))
        .await;
    assert_transaction(status, &body, 30015);

    let (status, body) = api.follow_up("void", &auth, &follow("void", None)).await;
    let void = assert_transaction(status, &body, 10001);
    assert_eq!(
        (void["transactionType"].clone(), void["amount"].clone()),
        (json!("VOID"), json!(5_000))
    );
    let (status, body) = api
        .follow_up("capture", &auth, &follow("after-void", None))
        .await;
    assert_transaction(status, &body, 30064);
    let (status, body) = api
        .follow_up("void", &auth, &follow("void-again", None))
        .await;
    assert_transaction(status, &body, 30066);
    finished();
}

#[tokio::test]
async fn void_and_refund_rules_follow_what_the_money_did() {
    let api = start().await;
    // A full capture (no amount), then the authorization cannot be voided, the capture can.
    let auth = approved(&api, "authorize", "auth", 4_000).await;
    let (status, body) = api
        .follow_up("capture", &auth, &follow("capture", None))
        .await;
    let capture = text(&assert_transaction(status, &body, 10000)["transactionId"]);
    assert_eq!(body["transaction"]["amount"], 4_000);
    let (status, body) = api
        .follow_up("void", &auth, &follow("void-auth", None))
        .await;
    assert_transaction(status, &body, 30065);
    let (status, body) = api
        .follow_up("void", &capture, &follow("void-capture", None))
        .await;
    let void = text(&assert_transaction(status, &body, 10001)["transactionId"]);
    let (status, body) = api
        .follow_up("refund", &capture, &follow("refund-voided", None))
        .await;
    assert_transaction(status, &body, 30066);

    // A charge: cannot be captured; once partly refunded it cannot be voided.
    let charge = approved(&api, "charge", "charge", 3_000).await;
    let (status, body) = api
        .follow_up("capture", &charge, &follow("capture-charge", None))
        .await;
    assert_transaction(status, &body, 30079);
    let (status, body) = api
        .follow_up("refund", &charge, &follow("refund-part", Some(1_000)))
        .await;
    let refund = text(&assert_transaction(status, &body, 10000)["transactionId"]);
    let (status, body) = api
        .follow_up("refund", &charge, &follow("refund-negative", Some(-5)))
        .await;
    assert_transaction(status, &body, 30015);
    let (status, body) = api
        .follow_up("void", &charge, &follow("void-refunded", None))
        .await;
    assert_transaction(status, &body, 30010);

    // Follow-ups of the wrong kind, of declines, of nothing.
    let (status, body) = api
        .follow_up("capture", &refund, &follow("capture-refund", None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50105);
    let (status, body) = api
        .follow_up("void", &void, &follow("void-void", None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50105);
    let open_auth = approved(&api, "authorize", "open-auth", 1_000).await;
    let (status, body) = api
        .follow_up("refund", &open_auth, &follow("refund-open-auth", None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50105);
    let (status, body) = api
        .authorize(&with_card(
            transaction("declined-auth", 1000),
            "4000000000009995",
        ))
        .await;
    let declined = text(&assert_transaction(status, &body, 20023)["transactionId"]);
    let (status, body) = api
        .follow_up("capture", &declined, &follow("capture-declined", None))
        .await;
    assert_transaction(status, &body, 30011);
    let (status, body) = api
        .follow_up("void", "NOSUCHTRANSACTION", &follow("void-nothing", None))
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, 50131);
    let (status, body) = api
        .follow_up("refund", &charge, &json!({ "transaction": {} }))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50103);
    let (status, body) = api
        .follow_up("refund", &charge, &follow(&"x".repeat(257), None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50104);
    finished();
}
