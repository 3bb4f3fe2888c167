//! Checkout sessions outlive the proxy: a restart loses none, two proxies on one database never
//! undo each other's changes, and what is stored gives nothing secret away. Run on SQLite, and on
//! PostgreSQL when `TEST_DATABASE_URL` is set.

use proxy::{
    checkout::{CheckoutStore, parse_public_id},
    database,
    testing::TestApp,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::paths;

async fn merchant_view(app: &TestApp, id: &str) -> Value {
    let response = app
        .merchant(Method::GET, &format!("{}/{id}", paths::CHECKOUT_SESSIONS))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn a_restarted_proxy_still_knows_the_session_and_its_token() {
    let app = TestApp::spawn().await;
    let (id, token) = app.open_session(42_000, "fr-CA").await;

    let app = app.restart().await;

    let response = app
        .widget_get(paths::SESSION, &token)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    let seen: Value = response.json().await.expect("JSON");
    assert_eq!(
        (&seen["amount_cents"], &seen["locale"], &seen["status"]),
        (&json!(42_000), &json!("fr-CA"), &json!("open"))
    );
    let card = json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035,
        "cvc": "123", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1",
        "revision": 0 });
    let (status, paid) = app.widget_post(paths::CARD_PAYMENT, &token, &card).await;
    assert_eq!(status, StatusCode::OK, "{paid}");

    let app = app.restart().await;
    let merchant = merchant_view(&app, &id).await;
    assert_eq!(merchant["status"], json!("completed"));
    assert_eq!(
        merchant["outcome"]["merchant_transaction_id"],
        paid["merchant_transaction_id"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_proxies_on_one_database_never_undo_each_others_changes() {
    const CHANGES_EACH: u32 = 20;
    let app = TestApp::spawn().await;
    let (public_id, _) = app.open_session(10_000, "en-CA").await;
    let id = parse_public_id(&public_id).expect("a session id");
    // Two stores with pools of their own: as two processes would see the database.
    let mut stores = Vec::new();
    for _ in 0..2 {
        let pool = database::connect(app.database().url())
            .await
            .expect("the database opens");
        stores.push(CheckoutStore::new(pool, std::time::Duration::ZERO));
    }

    let mut changes = tokio::task::JoinSet::new();
    for store in &stores {
        for _ in 0..CHANGES_EACH {
            let store = store.clone();
            changes.spawn(async move {
                store
                    .update(id, |session| {
                        session.payment_attempts += 1;
                        Ok::<(), std::convert::Infallible>(())
                    })
                    .await
            });
        }
    }
    while let Some(done) = changes.join_next().await {
        let kept = done.expect("the change ran").expect("the store answers");
        assert!(matches!(kept, Some(Ok(_))));
    }

    let session = stores[0].get(id).await.expect("the store answers");
    let attempts = session.map(|session| session.payment_attempts);
    assert_eq!(attempts, Some(2 * CHANGES_EACH));
}

#[tokio::test]
async fn the_database_keeps_no_card_number_answer_code_or_token() {
    let app = TestApp::spawn().await;
    let (_, card_token) = app.open_session(12_345, "en-CA").await;
    let card = json!({ "number": "4242 4242 4242 4242", "expiry_month": 6, "expiry_year": 2035,
        "cvc": "987", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1",
        "revision": 0 });
    let (status, paid) = app
        .widget_post(paths::CARD_PAYMENT, &card_token, &card)
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");

    let (_, account_token) = app.open_session(100_000, "en-CA").await;
    let lookup = json!({ "by": "card", "vcc_number": "6374980300000001" });
    let (status, _) = app
        .widget_post(paths::ACCOUNT_LOOKUP, &account_token, &lookup)
        .await;
    assert_eq!(status, StatusCode::OK);
    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "buddy" });
    let (status, _) = app
        .widget_post(paths::ACCOUNT_VERIFY, &account_token, &answer)
        .await;
    assert_eq!(status, StatusCode::OK);
    let verified = app.database().session_rows().await;
    let waiting = verified
        .iter()
        .find(|row| row.contains("\"flexiti_account\":{"))
        .expect("the account's session");
    assert!(
        waiting.contains("\"sealed_code\":{\"nonce\":") && !waiting.contains("verification_code"),
        "the one-time code waits for its purchase sealed, never in plain text: {waiting}"
    );
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &account_token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");

    let rows = app.database().session_rows().await;
    assert_eq!(rows.len(), 2);
    let secrets = [
        "4242424242424242",
        "\"987\"",
        "cvc",
        "6374980300000001",
        "buddy",
    ];
    let token_secrets = [&card_token, &account_token].map(|token| {
        token
            .split_once('.')
            .map(|(_, secret)| secret.to_owned())
            .unwrap_or_default()
    });
    for row in &rows {
        for secret in secrets
            .iter()
            .copied()
            .chain(token_secrets.iter().map(String::as_str))
        {
            assert!(!row.contains(secret), "{secret} is stored: {row}");
        }
    }
    let paid_by_account = rows
        .iter()
        .find(|row| row.contains("\"flexiti_account\":{"))
        .expect("the account's session");
    assert!(
        paid_by_account.contains("\"sealed_code\":null"),
        "the one-time code outlived its purchase: {paid_by_account}"
    );
}
