//! The FlexPay client against the sandbox's FlexPay API: approvals, the three kinds of decline as
//! outcomes (not errors), refusals and failures as typed errors, and the life of a payment from
//! authorization to refund.

use std::{
    net::SocketAddr,
    num::{NonZeroU32, NonZeroU64},
    time::Duration,
};

use proxy::{
    config::FlexPayConfig,
    upstream::{
        OutboundProxies,
        flexpay::{
            Attempt, CardBrand, CardDetails, Cardholder, FlexPayClient, FlexPayError,
            FollowUpAmount, ListOrder, ListQuery, MerchantTransactionId, NewCard, PaymentRequest,
            PaymentSource, TransactionId, TransactionKind,
        },
        http_client,
    },
};
use sandbox::{RunningSandbox, SandboxConfig, config::DEMO_FLEXPAY_API_KEY, faults::Fault};
use secrecy::SecretString;
use shared::{CardNextStep, CardOutcomeClass, Currency, ErrorCode, GatewayStatus, Locale};

async fn sandbox() -> RunningSandbox {
    sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("the sandbox starts")
}

fn client_with(base_url: &str, api_key: &str, timeout: Duration) -> FlexPayClient {
    let config = FlexPayConfig {
        base_url: base_url.parse().expect("a valid base URL"),
        api_key: SecretString::from(api_key.to_owned()),
    };
    FlexPayClient::new(
        http_client(timeout, OutboundProxies::none()).expect("an HTTP client"),
        config,
    )
}

fn client(running: &RunningSandbox) -> FlexPayClient {
    client_with(
        &running.flexpay_base_url(),
        DEMO_FLEXPAY_API_KEY,
        Duration::from_secs(5),
    )
}

fn card(number: &str) -> CardDetails {
    CardDetails {
        number: SecretString::from(number.to_owned()),
        expiry_month: 6,
        expiry_year: 2035,
        cvv: Some(SecretString::from("123".to_owned())),
    }
}

fn holder() -> Cardholder {
    Cardholder {
        first_name: "Jane".into(),
        last_name: "Roe".into(),
        address1: "100 Queen St W".into(),
        address2: None,
        city: "Toronto".into(),
        province: "ON".into(),
        postal_code: "M5H 2N2".into(),
        country: "CAN".into(),
        email: Some("jane.roe@example.com".into()),
        phone: None,
    }
}

fn pass_in(number: &str) -> PaymentSource {
    PaymentSource::card(card(number), holder(), false)
}

fn id(text: &str) -> MerchantTransactionId {
    MerchantTransactionId::new(text)
}

fn payment(
    merchant_transaction_id: &str,
    amount_cents: u64,
    source: PaymentSource,
) -> PaymentRequest {
    PaymentRequest {
        merchant_transaction_id: id(merchant_transaction_id),
        order_id: format!("order-{merchant_transaction_id}"),
        amount_cents,
        currency: Currency::Cad,
        source,
        customer_id: None,
        customer_ip: Some([203, 0, 113, 7].into()),
        description: Some("checkout test".into()),
        attempt: Attempt::First,
    }
}

fn cents(amount: u64) -> FollowUpAmount {
    FollowUpAmount::Partial(NonZeroU64::new(amount).expect("a positive amount"))
}

#[tokio::test]
async fn a_test_card_is_approved_and_only_its_brand_and_last_four_come_back() {
    let running = sandbox().await;
    let flexpay = client(&running);

    let charge = flexpay
        .charge(&payment("mt-approve", 1957, pass_in("4242424242424242")))
        .await
        .expect("a processed charge");

    assert!(charge.is_approved());
    assert_eq!(charge.status, GatewayStatus::Approved);
    assert_eq!(charge.outcome.code, 10000);
    assert_eq!(charge.kind, Some(TransactionKind::Charge));
    assert_eq!(charge.merchant_transaction_id, id("mt-approve"));
    assert_eq!(charge.order_id.as_deref(), Some("order-mt-approve"));
    assert_eq!(
        (charge.amount_cents, charge.currency),
        (1957, Some(Currency::Cad))
    );
    assert_eq!(charge.card_brand, Some(CardBrand::Visa));
    assert_eq!(charge.last_four.as_deref(), Some("4242"));
    assert!(!format!("{charge:?}").contains("4242424242424242"));
}

#[tokio::test]
async fn a_vaulted_card_is_shown_listed_and_charged_by_its_id() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let new_card = NewCard {
        customer_id: Some("customer-1".into()),
        card: card("5555555555554444"),
        holder: holder(),
    };

    let vaulted = flexpay.vault_card(&new_card).await.expect("vaulted");
    let shown = flexpay.payment_method(&vaulted.id).await.expect("shown");
    let listed = flexpay
        .payment_methods(&ListQuery::default())
        .await
        .expect("listed");
    let charge = flexpay
        .charge(&payment(
            "mt-vaulted",
            4200,
            PaymentSource::Vaulted(vaulted.id.clone()),
        ))
        .await
        .expect("a processed charge");

    assert_eq!(vaulted.brand, Some(CardBrand::Mastercard));
    assert_eq!(vaulted.last_four.as_deref(), Some("4444"));
    assert_eq!(
        (vaulted.expiry_month, vaulted.expiry_year),
        (Some(6), Some(2035))
    );
    assert_eq!(vaulted.customer_id.as_deref(), Some("customer-1"));
    assert_eq!(shown, vaulted);
    assert_eq!(listed, vec![vaulted.clone()]);
    assert!(charge.is_approved());
    assert_eq!(charge.payment_method_id, Some(vaulted.id));
}

#[tokio::test]
async fn insufficient_funds_is_a_soft_decline_that_a_retry_can_follow() {
    let running = sandbox().await;
    let flexpay = client(&running);

    // The sandbox's test amount 2002.30 answers 20023.
    let declined = flexpay
        .charge(&payment("mt-funds", 200_230, pass_in("4242424242424242")))
        .await
        .expect("a decline is not an error");
    let retry = PaymentRequest {
        attempt: Attempt::Retry {
            number: NonZeroU32::MIN,
            first_attempted_at: declined.processed_at.clone().expect("a date"),
            reference_data: declined.reference_data.clone(),
        },
        ..payment("mt-funds-retry", 5_000, pass_in("4242424242424242"))
    };
    let retried = flexpay.charge(&retry).await.expect("a processed retry");

    assert!(!declined.is_approved());
    assert_eq!(declined.status, GatewayStatus::Declined);
    assert_eq!(declined.outcome.code, 20023);
    assert_eq!(declined.outcome.class, CardOutcomeClass::SoftDecline);
    assert!(
        declined
            .outcome
            .message(Locale::EnCa)
            .contains("insufficient funds")
    );
    assert!(declined.retry_after.is_some() && declined.reference_data.is_some());
    assert!(retried.is_approved());
}

#[tokio::test]
async fn an_expired_card_is_a_hard_decline() {
    let running = sandbox().await;
    let flexpay = client(&running);

    let declined = flexpay
        .authorize(&payment("mt-expired", 2500, pass_in("4000000000000069")))
        .await
        .expect("a decline is not an error");

    assert_eq!(declined.outcome.code, 30026);
    assert_eq!(declined.outcome.class, CardOutcomeClass::HardDecline);
    assert_eq!(declined.kind, Some(TransactionKind::Authorize));
    assert!(declined.outcome.message(Locale::FrCa).contains("expirée"));
}

#[tokio::test]
async fn an_incorrect_cvv_is_a_risk_response() {
    let running = sandbox().await;
    let flexpay = client(&running);

    let by_amount = flexpay
        .charge(&payment(
            "mt-risk-amount",
            400_030,
            pass_in("4242424242424242"),
        ))
        .await
        .expect("a decline is not an error");
    let by_card = flexpay
        .charge(&payment("mt-risk-card", 2500, pass_in("4000000000000127")))
        .await
        .expect("a decline is not an error");

    for declined in [&by_amount, &by_card] {
        assert_eq!(declined.outcome.code, 40003);
        assert_eq!(declined.outcome.class, CardOutcomeClass::Risk);
        assert_eq!(declined.outcome.next_step(), CardNextStep::CheckDetails);
    }
    assert_eq!(by_card.cvv_code.as_deref(), Some("N"));
}

#[tokio::test]
async fn a_reused_merchant_transaction_id_is_a_typed_validation_error() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let request = payment("mt-twice", 1000, pass_in("4242424242424242"));
    flexpay.charge(&request).await.expect("the first charge");

    let error = flexpay.charge(&request).await.expect_err("a reused id");

    assert!(
        matches!(
            error,
            FlexPayError::Invalid {
                status: 400,
                response_code: Some(50129),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.catalogue_code(), ErrorCode::InvalidRequest);
    assert!(!error.outcome_unknown());
}

#[tokio::test]
async fn a_card_number_failing_the_luhn_check_tells_the_shopper_to_fix_it() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let new_card = NewCard {
        customer_id: None,
        card: card("4242424242424241"),
        holder: holder(),
    };

    let refused = flexpay.vault_card(&new_card).await.expect_err("refused");
    let declined = flexpay
        .charge(&payment("mt-luhn", 1000, pass_in("4242424242424241")))
        .await
        .expect("a decline is not an error");

    assert_eq!(refused.response_code(), Some(30002));
    let outcome = refused.card_outcome().expect("a card outcome");
    assert!(outcome.message(Locale::EnCa).contains("card number"));
    assert_eq!(declined.outcome.code, 30002);
    assert_eq!(declined.outcome.class, CardOutcomeClass::HardDecline);
}

#[tokio::test]
async fn a_wrong_api_key_is_a_credentials_error() {
    let running = sandbox().await;
    let flexpay = client_with(
        &running.flexpay_base_url(),
        "not-the-key",
        Duration::from_secs(5),
    );

    let error = flexpay
        .transactions(&ListQuery::default())
        .await
        .expect_err("refused");

    assert!(matches!(error, FlexPayError::Credentials(_)), "{error:?}");
    assert_eq!(error.catalogue_code(), ErrorCode::NotAvailableHere);
    assert!(!format!("{flexpay:?}").contains("not-the-key"));
}

#[tokio::test]
async fn an_authorization_is_captured_in_part_then_refunded_in_part_and_in_full() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let authorization = flexpay
        .authorize(&payment("mt-auth", 10_000, pass_in("4111111111111111")))
        .await
        .expect("authorized");

    let capture = flexpay
        .capture(&authorization.id, &id("mt-capture"), cents(6_000))
        .await
        .expect("captured");
    let second_capture = flexpay
        .capture(&authorization.id, &id("mt-capture-2"), FollowUpAmount::Full)
        .await
        .expect("a refused capture is not an error");
    let partial = flexpay
        .refund(&capture.id, &id("mt-refund-1"), cents(2_500))
        .await
        .expect("refunded");
    let rest = flexpay
        .refund(&capture.id, &id("mt-refund-2"), FollowUpAmount::Full)
        .await
        .expect("refunded");
    let nothing_left = flexpay
        .refund(&capture.id, &id("mt-refund-3"), FollowUpAmount::Full)
        .await
        .expect("a refused refund is not an error");

    assert!(authorization.is_approved());
    assert_eq!(authorization.kind, Some(TransactionKind::Authorize));
    assert!(capture.is_approved());
    assert_eq!(
        (capture.kind, capture.amount_cents),
        (Some(TransactionKind::Capture), 6_000)
    );
    assert_eq!(second_capture.outcome.code, 30079);
    assert!((partial.is_approved(), partial.amount_cents) == (true, 2_500));
    assert!((rest.is_approved(), rest.amount_cents) == (true, 3_500));
    assert_eq!(rest.kind, Some(TransactionKind::Refund));
    assert_eq!(nothing_left.outcome.code, 30066);
    assert_eq!(nothing_left.outcome.class, CardOutcomeClass::HardDecline);
}

#[tokio::test]
async fn a_voided_authorization_cannot_be_captured() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let authorization = flexpay
        .authorize(&payment("mt-to-void", 3_000, pass_in("4111111111111111")))
        .await
        .expect("authorized");

    let void = flexpay
        .void(&authorization.id, &id("mt-void"))
        .await
        .expect("voided");
    let capture = flexpay
        .capture(
            &authorization.id,
            &id("mt-late-capture"),
            FollowUpAmount::Full,
        )
        .await
        .expect("a refused capture is not an error");

    assert!(void.is_approved());
    assert_eq!(
        (void.kind, void.outcome.code),
        (Some(TransactionKind::Void), 10001)
    );
    assert!(!capture.is_approved());
    assert_eq!(capture.outcome.code, 30064);
}

#[tokio::test]
async fn transactions_are_listed_page_by_page_in_both_orders() {
    let running = sandbox().await;
    let flexpay = client(&running);
    for n in 1..=5 {
        let request = payment(
            &format!("mt-list-{n}"),
            1_000 * n,
            pass_in("4242424242424242"),
        );
        flexpay.charge(&request).await.expect("charged");
    }
    let page = |since: Option<TransactionId>, order| ListQuery {
        order,
        count: Some(2),
        since,
    };
    let ids = |page: &[proxy::upstream::flexpay::CardTransaction]| {
        page.iter()
            .map(|t| t.merchant_transaction_id.to_string())
            .collect::<Vec<_>>()
    };

    let first = flexpay
        .transactions(&page(None, ListOrder::OldestFirst))
        .await
        .expect("page 1");
    let after = first.last().map(|t| t.id.clone());
    let second = flexpay
        .transactions(&page(after, ListOrder::OldestFirst))
        .await
        .expect("page 2");
    let after = second.last().map(|t| t.id.clone());
    let third = flexpay
        .transactions(&page(after, ListOrder::OldestFirst))
        .await
        .expect("page 3");
    let newest = flexpay
        .transactions(&page(None, ListOrder::NewestFirst))
        .await
        .expect("desc");

    assert_eq!(ids(&first), ["mt-list-1", "mt-list-2"]);
    assert_eq!(ids(&second), ["mt-list-3", "mt-list-4"]);
    assert_eq!(ids(&third), ["mt-list-5"]);
    assert_eq!(ids(&newest), ["mt-list-5", "mt-list-4"]);
    assert_eq!(third[0].amount_cents, 5_000);
    assert_eq!(third[0].kind, Some(TransactionKind::Charge));
}

#[tokio::test]
async fn a_transaction_is_shown_by_id_and_an_unknown_id_is_not_found() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let charge = flexpay
        .charge(&payment("mt-show", 2_000, pass_in("378282246310005")))
        .await
        .expect("charged");

    let shown = flexpay.transaction(&charge.id).await.expect("shown");
    let missing = flexpay
        .transaction(&TransactionId::new("NOSUCHTRANSACTION"))
        .await
        .expect_err("unknown");

    assert_eq!(shown, charge);
    assert_eq!(shown.card_brand, Some(CardBrand::AmericanExpress));
    assert!(
        matches!(
            missing,
            FlexPayError::NotFound {
                response_code: Some(50131)
            }
        ),
        "{missing:?}"
    );
    assert_eq!(missing.catalogue_code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn failing_answers_are_typed_and_say_whether_the_outcome_is_unknown() {
    let running = sandbox().await;
    let flexpay = client(&running);
    let faults = running.sandbox.faults();
    let charge = |n: u64| payment(&format!("mt-fault-{n}"), 1_000, pass_in("4242424242424242"));

    let mut errors = Vec::new();
    let cases = [
        Fault::Malformed,
        Fault::Html,
        Fault::Huge,
        Fault::Truncate,
        Fault::Status(503),
    ];
    for (n, fault) in (1..).zip(cases) {
        faults.inject("/v1/gateways/charge", fault, Some(1));
        errors.push(flexpay.charge(&charge(n)).await.expect_err("a failure"));
    }

    for error in &errors {
        assert!(error.outcome_unknown(), "{error:?}");
    }
    for error in &errors[..3] {
        assert!(matches!(error, FlexPayError::Malformed(_)), "{error:?}");
        assert_eq!(error.catalogue_code(), ErrorCode::UpstreamError);
    }
    assert!(
        errors[2].to_string().contains("larger than"),
        "{}",
        errors[2]
    );
    assert!(
        matches!(errors[4], FlexPayError::Unavailable { status: 503 }),
        "{:?}",
        errors[4]
    );
    assert_eq!(errors[4].catalogue_code(), ErrorCode::UpstreamUnavailable);
}

#[tokio::test]
async fn a_charge_whose_answer_is_lost_is_found_by_its_merchant_transaction_id() {
    let running = sandbox().await;
    let flexpay = client(&running);
    for n in 1..=3 {
        let request = payment(
            &format!("mt-before-{n}"),
            1_000,
            pass_in("4242424242424242"),
        );
        flexpay.charge(&request).await.expect("charged");
    }
    // The sandbox records the charge, then cuts its answer in half.
    running
        .sandbox
        .faults()
        .inject("/v1/gateways/charge", Fault::Truncate, Some(1));

    let lost = flexpay
        .charge(&payment("mt-lost", 7_700, pass_in("4242424242424242")))
        .await
        .expect_err("an unreadable answer");
    let found = flexpay
        .find_transaction(&id("mt-lost"), 3)
        .await
        .expect("listed")
        .expect("found");
    let never_sent = flexpay
        .find_transaction(&id("mt-never-sent"), 3)
        .await
        .expect("listed");

    assert!(lost.outcome_unknown(), "{lost:?}");
    assert!(found.is_approved());
    assert_eq!(found.amount_cents, 7_700);
    assert_eq!(never_sent, None);
}

/// A FlexPay that lists `listed` (each transaction by a few fields, as the docs' list names
/// them: "notable response elements include transactionId, transactionDate,
/// transactionStatus...") and gives each in full by its id: `t-1` made by `mt-lost`, `t-2` by
/// `mt-other`, `t-3` by `mt-found`, any other by no request of ours (no `merchantTransactionId`).
async fn a_terse_flexpay(listed: Vec<serde_json::Value>) -> String {
    use axum::{Json, Router, extract::Path, routing::get};
    use serde_json::{Value, json};

    fn written(id: &str) -> Value {
        let sent = match id {
            "t-1" => Some("mt-lost"),
            "t-2" => Some("mt-other"),
            "t-3" => Some("mt-found"),
            _ => None,
        };
        json!({ "transaction": { "transactionId": id, "merchantTransactionId": sent,
            "transactionType": "charge", "transactionStatus": 1, "responseCode": "10000",
            "amount": 7_700, "currencyCode": "CAD" } })
    }
    let list = json!({ "transactions": listed });
    let router = Router::new()
        .route("/v1/transactions", get(move || async move { Json(list) }))
        .route(
            "/v1/transactions/{id}",
            get(|Path(id): Path<String>| async move { Json(written(&id)) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}/v1")
}

/// `t-N` as a list might give it: its id, status and date only.
fn tersely(id: &str) -> serde_json::Value {
    serde_json::json!({ "transactionId": id, "transactionStatus": 1,
        "transactionDate": "2026-12-07T05:40:00Z" })
}

/// A charge whose answer was lost is found although the list does not say which request made
/// each transaction, or says it without the amount; one not made is not found, since every
/// transaction read in full says whose it is (or is no request of ours).
#[tokio::test]
async fn a_transaction_listed_tersely_is_read_in_full_before_anything_is_concluded() {
    let mut found_short = tersely("t-3");
    found_short["merchantTransactionId"] = "mt-found".into();
    let listed = vec![found_short, tersely("t-2"), tersely("t-1"), tersely("t-0")];
    let base = a_terse_flexpay(listed).await;
    let flexpay = client_with(&base, DEMO_FLEXPAY_API_KEY, Duration::from_secs(5));
    for (sent, transaction) in [("mt-lost", "t-1"), ("mt-found", "t-3")] {
        let found = flexpay
            .find_transaction(&id(sent), 3)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(
            (found.id.as_str(), found.amount_cents),
            (transaction, 7_700),
            "{found:?}"
        );
    }
    let never_sent = flexpay.find_transaction(&id("mt-never-sent"), 3).await;
    assert!(matches!(never_sent, Ok(None)), "{never_sent:?}");
}

/// Beyond the transactions a lookup reads in full, it answers an error (the outcome stays
/// unknown), never "not found", which would let the shopper pay a second time.
#[tokio::test]
async fn a_lookup_that_left_transactions_unread_does_not_conclude_the_charge_was_never_made() {
    let listed = (10..40).map(|n| tersely(&format!("t-{n}"))).collect();
    let base = a_terse_flexpay(listed).await;
    let flexpay = client_with(&base, DEMO_FLEXPAY_API_KEY, Duration::from_secs(5));
    let unsure = flexpay.find_transaction(&id("mt-never-sent"), 3).await;
    assert!(
        matches!(&unsure, Err(FlexPayError::Malformed(why)) if why.contains("10 listed")),
        "{unsure:?}"
    );
}

#[tokio::test]
async fn a_slow_or_absent_upstream_is_unreachable() {
    let running = sandbox().await;
    let slow = client_with(
        &running.flexpay_base_url(),
        DEMO_FLEXPAY_API_KEY,
        Duration::from_millis(200),
    );
    running.sandbox.faults().inject(
        "/v1/gateways/charge",
        Fault::Latency(Duration::from_secs(2)),
        Some(1),
    );
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("an address")
    };
    let absent = client_with(
        &format!("http://{closed}/v1"),
        DEMO_FLEXPAY_API_KEY,
        Duration::from_secs(2),
    );
    let request = payment("mt-slow", 1_000, pass_in("4242424242424242"));

    let timed_out = slow.charge(&request).await.expect_err("timed out");
    let refused = absent
        .charge(&request)
        .await
        .expect_err("connection refused");

    for error in [&timed_out, &refused] {
        assert!(matches!(error, FlexPayError::Unreachable(_)), "{error:?}");
        assert_eq!(error.catalogue_code(), ErrorCode::UpstreamUnavailable);
    }
    assert!(
        timed_out.outcome_unknown(),
        "the charge may have been processed"
    );
    assert!(!refused.outcome_unknown(), "the charge never left");
}

#[test]
fn card_numbers_and_secrets_stay_out_of_debug_output() {
    let request = payment("mt-debug", 1_000, pass_in("4242424242424242"));
    let flexpay = client_with(
        "http://127.0.0.1:9/v1",
        "secret-api-key",
        Duration::from_secs(1),
    );

    let printed = format!("{request:?} {flexpay:?}");

    assert!(!printed.contains("4242424242424242"), "{printed}");
    assert!(!printed.contains("\"123\""), "{printed}");
    assert!(!printed.contains("secret-api-key"), "{printed}");
}
