//! The vault (`/paymentmethods`): storing, showing, updating, recaching, redacting and listing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    bodies::{assert_error, transaction, vault_body, with_vaulted},
    walk::{finished, start, text},
};

#[tokio::test]
async fn the_vault_stores_shows_updates_recaches_and_redacts_without_echoing_the_card() {
    let api = start().await;
    let (status, body) = api
        .post(
            "/paymentmethods",
            "/paymentmethods",
            &vault_body("4111 1111 1111 1111"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let method = &body["paymentMethod"];
    assert_eq!(method["cardType"], "VISA");
    assert_eq!(method["firstSixDigits"], "411111");
    assert_eq!(method["lastFourDigits"], "1111");
    assert_eq!(method["creditCardNumber"], "XXXXXXXXXXXX1111");
    assert_eq!(method["cvv"], Value::Null);
    assert_eq!(method["paymentMethodType"], "CreditCard");
    assert_eq!(method["customerId"], "cust-42");
    assert_eq!(method["expiryMonth"], "06");
    assert_eq!(method["city"], "Montréal");
    assert!(
        !body.to_string().contains("4111111111111111") && !body.to_string().contains("\"123\"")
    );
    let id = text(&method["paymentMethodId"]);
    let fingerprint = text(&method["fingerprint"]);

    let same_card = api.vault("4111111111111111").await;
    let (_, shown) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{same_card}"),
        )
        .await;
    assert_eq!(
        shown["paymentMethod"]["fingerprint"],
        fingerprint.as_str(),
        "same number, same fingerprint"
    );
    let other = api.vault("5555555555554444").await;
    let (status, shown) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{other}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["paymentMethod"]["cardType"], "MASTERCARD");
    assert_ne!(shown["paymentMethod"]["fingerprint"], fingerprint.as_str());

    let update = json!({ "paymentMethod": { "expiryMonth": "12", "city": "Laval" } });
    let (status, updated) = api
        .put(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{id}"),
            &update,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["paymentMethod"]["expiryMonth"], "12");
    assert_eq!(updated["paymentMethod"]["city"], "Laval");
    assert_eq!(
        updated["paymentMethod"]["firstName"], "Jeanne",
        "fields not sent are kept"
    );

    let recache = json!({ "paymentMethod": { "cvv": "456" } });
    let (status, recached) = api
        .put(
            "/paymentmethods/{paymentMethodId}/recache",
            &format!("/paymentmethods/{id}/recache"),
            &recache,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{recached}");
    assert_eq!(recached["paymentMethod"]["cvv"], Value::Null);

    let (status, redacted) = api
        .put(
            "/paymentmethods/{paymentMethodId}/redact",
            &format!("/paymentmethods/{id}/redact"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{redacted}");
    assert_eq!(redacted["paymentMethod"]["creditCardNumber"], Value::Null);
    assert_eq!(redacted["paymentMethod"]["lastFourDigits"], "1111");
    let (status, body) = api
        .charge(&with_vaulted(transaction("after-redact", 1000), &id))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50134);
    let (status, body) = api
        .put(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{id}"),
            &update,
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50134);
    let (status, body) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            "/paymentmethods/NOSUCHMETHOD",
        )
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, 50134);
    finished();
}

#[tokio::test]
async fn the_vault_list_pages_in_order() {
    let api = start().await;
    let mut ids = Vec::new();
    for number in [
        "4111111111111111",
        "4242424242424242",
        "5555555555554444",
        "378282246310005",
    ] {
        ids.push(api.vault(number).await);
    }
    let template = "/paymentmethods";
    let (status, body) = api.get(template, "/paymentmethods").await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<String> = body["paymentMethods"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| text(&m["paymentMethodId"]))
        .collect();
    assert_eq!(listed, ids);
    assert_eq!(body["paymentMethods"][3]["cardType"], "AMERICAN EXPRESS");
    let (_, body) = api
        .get(
            template,
            &format!(
                "/paymentmethods?order=desc&count=2&sincePaymentMethodId={}",
                ids[3]
            ),
        )
        .await;
    let listed: Vec<String> = body["paymentMethods"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| text(&m["paymentMethodId"]))
        .collect();
    assert_eq!(listed, vec![ids[2].clone(), ids[1].clone()]);
    let (status, body) = api.get(template, "/paymentmethods?count=101").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50000);
    finished();
}
