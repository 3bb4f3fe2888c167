//! Purchases, refunds and interest on an account.

use reqwest::StatusCode;
use serde_json::{Value, json};

#[allow(clippy::wildcard_imports)]
use crate::{customers::verified_marie, walk::*};

pub(crate) async fn purchasing(walk: &mut Walk) {
    let code = verified_marie(walk).await;
    let purchase = json!({ "transaction_type": "promotional_purchase", "plan_id": "5", "term": "6", "amount": 1200.05,
        "customer_id": MARIE_ID, "customer_confirmed": true, "verification_code": code });
    let (status, posted) = walk
        .post("POST transactions", "transactions", purchase.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{posted}");
    assert_eq!(
        (
            posted["available_credit"].clone(),
            posted["balance_after_purchase"].clone()
        ),
        (json!(3000), json!(1799.95))
    );
    assert_eq!(
        (posted["admin_fee"].clone(), posted["plan_name"].clone()),
        (json!(49.99), json!("Equal Payments, No Interest"))
    );
    assert_eq!(posted["payment_value"], "208.34");
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", purchase.clone())
            .await,
        StatusCode::CONFLICT,
        "wrong_verification_code",
    );
    let mut no_code = purchase.clone();
    no_code
        .as_object_mut()
        .map(|map| map.remove("verification_code"));
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", no_code)
            .await,
        StatusCode::CONFLICT,
        "verification_code_required",
    );
    let mut odd = purchase.clone();
    odd["transaction_type"] = json!("layaway");
    Walk::refused(
        &walk.post("POST transactions", "transactions", odd).await,
        StatusCode::CONFLICT,
        "invalid_transaction_type",
    );

    let code = verified_marie(walk).await;
    let too_much = json!({ "transaction_type": "regular_purchase", "amount": 1800, "customer_id": MARIE_ID, "verification_code": code });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", too_much)
            .await,
        StatusCode::CONFLICT,
        "not_enough_credit",
    );
    let trade_in = json!({ "transaction_type": "trade_in", "amount": 10000.01, "customer_id": MARIE_ID, "verification_code": code });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", trade_in)
            .await,
        StatusCode::CONFLICT,
        "limit_payment_amount_24",
    );
    let unknown = json!({ "transaction_type": "regular_purchase", "amount": 1, "vcc_number": "6374980399999999", "verification_code": code });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", unknown)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let inactive = json!({ "transaction_type": "regular_purchase", "amount": 1, "vcc_number": ALEX_VCC, "verification_code": "1" });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", inactive)
            .await,
        StatusCode::CONFLICT,
        "user_not_active",
    );
    let frozen = json!({ "transaction_type": "regular_purchase", "amount": 1, "vcc_number": DAVID_FROZEN_VCC, "verification_code": "1" });
    Walk::refused(
        &walk.post("POST transactions", "transactions", frozen).await,
        StatusCode::CONFLICT,
        "user_not_able_to_purchase",
    );

    let (status, history) = walk
        .get(
            "GET customers/{id}/transactions",
            &format!("customers/{MARIE_ID}/transactions"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let purchase_id = history["transactions"][0]["transaction_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert_eq!(history["transactions"][0]["transaction_balance"], "1200.05");
    assert_eq!(
        history["transactions"][0]["customer_name"],
        "Tremblay, Marie"
    );
    let none = walk
        .get(
            "GET customers/{id}/transactions",
            &format!("customers/{JANE_ID}/transactions"),
        )
        .await;
    Walk::refused(&none, StatusCode::CONFLICT, "no_returns_found");

    let refund_path = "accounts/30000002/refund";
    let over = walk
        .post(
            "POST accounts/{n}/refund",
            refund_path,
            json!({ "amount": 1300, "transaction_id": purchase_id }),
        )
        .await;
    Walk::refused(&over, StatusCode::CONFLICT, "capture_amount_exceeded");
    let (status, refunded) = walk
        .post(
            "POST accounts/{n}/refund",
            refund_path,
            json!({ "amount": 200.05, "transaction_id": purchase_id }),
        )
        .await;
    assert_eq!(
        (status, refunded["available_credit"].clone()),
        (StatusCode::OK, json!(2000)),
        "{refunded}"
    );
    let beyond = walk
        .post(
            "POST accounts/{n}/refund",
            refund_path,
            json!({ "amount": 1000.01 }),
        )
        .await;
    Walk::refused(
        &beyond,
        StatusCode::CONFLICT,
        "refunds_limit_exceeded_amount",
    );

    let (status, quote) = walk
        .post(
            "POST accounts/{n}/calculate-interest",
            &format!("accounts/{JANE_ACCOUNT}/calculate-interest"),
            json!({ "amount": 1000, "plan_id": "4", "term": "18" }),
        )
        .await;
    assert_eq!(
        (status, quote["payment_value"].clone()),
        (StatusCode::OK, json!("69.67")),
        "{quote}"
    );
    let bad_term = walk
        .post(
            "POST accounts/{n}/calculate-interest",
            &format!("accounts/{JANE_ACCOUNT}/calculate-interest"),
            json!({ "amount": 1000, "plan_id": "4", "term": "7" }),
        )
        .await;
    Walk::refused(&bad_term, StatusCode::CONFLICT, "wrong_inputs");
    for (endpoint, path) in [
        (
            "POST accounts/{n}/calculate-interest",
            "accounts/2OO35156/calculate-interest",
        ),
        ("POST accounts/{n}/refund", "accounts/2OO35156/refund"),
        ("POST customers/{id}/verify", "account/2OO35156/verify"),
    ] {
        let body = json!({ "amount": 10, "plan_id": "4", "term": "18", "format": "sms" });
        let answer = walk.post(endpoint, path, body).await;
        Walk::refused(&answer, StatusCode::BAD_REQUEST, "invalid_account");
    }

    let (status, closed) = walk
        .post(
            "POST customers/close-account",
            "customers/close-account",
            json!({ "account_number": 30_000_002 }),
        )
        .await;
    assert_eq!((status, closed), (StatusCode::OK, json!({})));
    let after = walk
        .get(
            "GET customers/lookup",
            "customers/lookup?vcc_number=6374980300000019",
        )
        .await;
    Walk::refused(&after, StatusCode::CONFLICT, "user_not_able_to_purchase");
}

pub(crate) async fn jane_available(walk: &mut Walk) -> Value {
    let (_, jane) = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={JANE_VCC}"),
        )
        .await;
    jane["available_credit"].clone()
}
