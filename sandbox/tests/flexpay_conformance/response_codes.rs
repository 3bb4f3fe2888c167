//! The documented test cards and test amounts, and the card checks, each answering its code.

use reqwest::StatusCode;
use sandbox::flexpay::{cards, codes};
use serde_json::json;

use crate::{
    bodies::{assert_error, assert_transaction, set, transaction, with_card, with_vaulted},
    walk::{finished, start, text},
};

#[tokio::test]
async fn every_test_card_answers_its_documented_code() {
    let api = start().await;
    for (n, test_card) in cards::TEST_CARDS.iter().enumerate() {
        let (status, body) = api
            .charge(&with_card(
                transaction(&format!("card-{n}"), 1000),
                test_card.number,
            ))
            .await;
        let charge = assert_transaction(status, &body, test_card.code);
        assert_eq!(
            charge["paymentMethod"]["cardType"], test_card.brand,
            "{}",
            test_card.number
        );
        if test_card.code != codes::APPROVED {
            assert_eq!(charge["response"]["errorCode"], test_card.code.to_string());
            assert!(
                charge["referenceData"].is_string(),
                "a decline hands out referenceData: {body}"
            );
        }
    }
    let (status, body) = api
        .charge(&with_card(transaction("cvv-0", 1000), "4000000000000127"))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 40003)["response"]["cvvCode"],
        "N"
    );

    // The CVV-required card: the vault keeps the CVV for one call only; recache gives it back.
    let id = api.vault(cards::CVV_REQUIRED_CARD).await;
    let (status, body) = api
        .charge(&with_vaulted(transaction("cvv-1", 1000), &id))
        .await;
    assert_transaction(status, &body, 10000);
    let (status, body) = api
        .charge(&with_vaulted(transaction("cvv-2", 1000), &id))
        .await;
    assert_transaction(status, &body, 40003);
    let recache = json!({ "paymentMethod": { "cvv": "321" } });
    let (status, _) = api
        .put(
            "/paymentmethods/{paymentMethodId}/recache",
            &format!("/paymentmethods/{id}/recache"),
            &recache,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = api
        .charge(&with_vaulted(transaction("cvv-3", 1000), &id))
        .await;
    assert_transaction(status, &body, 10000);

    // A restricted card can be vaulted; charging it is declined.
    let restricted = api.vault("4000000000000341").await;
    let (status, body) = api
        .charge(&with_vaulted(transaction("restricted", 1000), &restricted))
        .await;
    assert_transaction(status, &body, 30034);
    finished();
}

#[tokio::test]
async fn card_checks_decline_as_documented() {
    let api = start().await;
    let luhn = with_card(transaction("luhn", 1000), "4242424242424241");
    let (status, body) = api.charge(&luhn).await;
    assert_eq!(
        assert_transaction(status, &body, 30002)["transactionStatus"],
        2
    );
    let (status, body) = api
        .charge(&with_card(
            transaction("letters", 1000),
            "4242 4242 4242 424X",
        ))
        .await;
    assert_transaction(status, &body, 30012);
    let mut expired = with_card(transaction("expired", 1000), "4242424242424242");
    set(
        &mut expired,
        "/transaction/paymentMethod/expiryYear",
        json!("2020"),
    );
    let (status, body) = api.charge(&expired).await;
    assert_transaction(status, &body, 30026);
    let mut euros = with_card(transaction("euros", 1000), "4242424242424242");
    set(&mut euros, "/transaction/currencyCode", json!("EUR"));
    let (status, body) = api.charge(&euros).await;
    assert_transaction(status, &body, 30061);
    let (status, body) = api
        .charge(&with_card(transaction("zero", 0), "4242424242424242"))
        .await;
    assert_transaction(status, &body, 30015);
    let (status, body) = api
        .charge(&with_card(
            transaction("no-brand", 1000),
            "9000000000000001",
        ))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50130);
    finished();
}

#[tokio::test]
async fn every_test_amount_answers_its_code_and_a_retry_can_send_the_reference_back() {
    let api = start().await;
    let mut triggered = 0;
    for entry in codes::RESPONSE_CODES {
        let Some(amount) = codes::test_amount(entry.code) else {
            continue;
        };
        let (status, body) = api
            .charge(&with_card(
                transaction(&format!("amount-{}", entry.code), amount),
                "4242424242424242",
            ))
            .await;
        let charge = assert_transaction(status, &body, entry.code);
        assert_eq!(charge["amount"], amount);
        assert_eq!(
            charge["retryDate"].is_string(),
            codes::is_soft_decline(entry.code),
            "{body}"
        );
        triggered += 1;
    }
    assert!(triggered > 100, "only {triggered} codes have a test amount");

    let (status, body) = api
        .charge(&with_card(
            transaction("nsf-1", 200_230),
            "4242424242424242",
        ))
        .await;
    let declined = assert_transaction(status, &body, 20023);
    let reference = text(&declined["referenceData"]);
    let mut retry = with_card(transaction("nsf-2", 1000), "4242424242424242");
    set(&mut retry, "/transaction/retryCount", json!(1));
    set(&mut retry, "/transaction/referenceData", json!(reference));
    let (status, body) = api.charge(&retry).await;
    assert_eq!(
        assert_transaction(status, &body, 10000)["referenceData"],
        reference.as_str()
    );
    set(
        &mut retry,
        "/transaction/merchantTransactionId",
        json!("nsf-3"),
    );
    set(&mut retry, "/transaction/referenceData", json!("made-up"));
    let (status, body) = api.charge(&retry).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50132);
    finished();
}
