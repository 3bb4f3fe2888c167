//! The Flexiti client's merchant-side calls against the sandbox over HTTP: authorizations and
//! their captures, releases and returns, refunds, the merchant's information messages and driver's
//! licence decoding. Amounts are cents on our side and decimal dollars on the wire; each refusal
//! arrives as the catalogue entry the merchant's server is shown.

use std::{net::SocketAddr, time::Duration};

use proxy::{
    testing::{demo_flexiti_config, point_of_sale_call},
    upstream::flexiti::{
        AuthorizationId, AuthorizationStatus, DateRange, FlexitiClient, FlexitiError, Portion,
    },
};
use sandbox::{RunningSandbox, SandboxConfig};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use shared::{ErrorCode, Locale};
use time::{Date, OffsetDateTime};

/// Jane Roe of the sandbox's README: $5,000 available.
const JANE_ID: u64 = 50_001;
const JANE_ACCOUNT: u64 = 30_000_001;

/// The back of the docs' example licence, as a PDF417 scanner reads it
/// (`sandbox/tests/flexiti_conformance/licences.rs`).
const ONTARIO_LICENCE: &str = "@\n\u{1e}\rANSI 636012080002DL00410278ZO03190008DLDAQD6101-40706-60905\nDCSDOE\nDACJOHN\nDADGREY\nDBB19740515\nDBA20200515\nDAG55 UNIVERSITY AVE\nDAITORONTO\nDAJON\nDAKM5J2H7\n";

/// A sandbox, our client of it, and plain HTTP for what is outside the client's scope (creating
/// authorizations, moving the clock).
struct Merchant {
    running: RunningSandbox,
    client: FlexitiClient,
    http: reqwest::Client,
}

async fn merchant() -> Merchant {
    let running = sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox");
    let upstream = proxy::upstream::http_client(
        Duration::from_secs(5),
        proxy::upstream::OutboundProxies::none(),
    )
    .expect("an HTTP client");
    let config = demo_flexiti_config(&running.flexiti_base_url());
    Merchant {
        client: FlexitiClient::new(upstream, config),
        running,
        http: reqwest::Client::new(),
    }
}

impl Merchant {
    async fn call(&self, path: &str, body: Value) -> Value {
        let base = self.running.flexiti_base_url();
        point_of_sale_call(&self.http, &base, path, &body).await
    }

    /// Verifies Jane and holds `amount` (dollars, as the wire has them) on plan 4 over 18 months.
    async fn hold(&self, amount: Value) -> AuthorizationId {
        self.call(
            &format!("customers/{JANE_ID}/verify"),
            json!({ "format": "sms" }),
        )
        .await;
        let held = self
            .call(
                "authorization",
                json!({ "amount": amount, "plan_id": "4", "term": "18", "customer_id": JANE_ID }),
            )
            .await;
        AuthorizationId(held["authorization_id"].as_u64().expect("an id"))
    }

    async fn advance_days(&self, days: u32) {
        let url = format!("http://{}{}", self.running.addr, sandbox::CLOCK_PATH);
        let response = self
            .http
            .post(url)
            .json(&json!({ "advance_days": days }))
            .send()
            .await
            .expect("sent");
        assert!(response.status().is_success());
    }
}

fn code(error: FlexitiError) -> ErrorCode {
    error.catalogue_code()
}

/// Yesterday to tomorrow: today in the sandbox's calendar, whatever the time zones.
fn around_today() -> DateRange {
    let today = OffsetDateTime::now_utc().date();
    DateRange {
        from: today.previous_day(),
        to: today.next_day(),
    }
}

fn date(year: i32, month: time::Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).expect("a date")
}

#[tokio::test]
async fn an_authorization_is_listed_and_shown_in_cents() {
    let merchant = merchant().await;
    let id = merchant.hold(json!(1234.56)).await;

    let shown = merchant.client.authorization(id).await.expect("shown");
    assert_eq!((shown.id, shown.account_number), (id, JANE_ACCOUNT));
    assert_eq!(
        (shown.amount_cents, shown.remaining_cents),
        (123_456, 123_456)
    );
    assert_eq!(shown.status, AuthorizationStatus::Open);
    assert_eq!((shown.plan_id.as_str(), shown.term), ("4", Some(18)));
    assert!(
        around_today()
            .from
            .is_some_and(|from| shown.created >= from)
    );
    assert!(shown.captures.is_empty());

    let listed = merchant
        .client
        .list_authorizations(around_today())
        .await
        .expect("listed");
    assert_eq!(listed, vec![shown]);
    let last_century = DateRange {
        from: Some(date(1999, time::Month::January, 1)),
        to: Some(date(1999, time::Month::December, 31)),
    };
    assert_eq!(
        merchant
            .client
            .list_authorizations(last_century)
            .await
            .expect("listed"),
        vec![]
    );
    let backwards = DateRange {
        from: Some(date(2026, time::Month::February, 1)),
        to: Some(date(2026, time::Month::January, 1)),
    };
    let refused = merchant
        .client
        .list_authorizations(backwards)
        .await
        .expect_err("backwards");
    assert_eq!(code(refused), ErrorCode::InvalidRequest);

    let unknown = merchant
        .client
        .authorization(AuthorizationId(1))
        .await
        .expect_err("unknown");
    assert_eq!(code(unknown), ErrorCode::NotFound);
}

#[tokio::test]
async fn captures_take_what_is_held_and_never_more() {
    let merchant = merchant().await;
    let id = merchant.hold(json!(500)).await;

    let first = merchant
        .client
        .capture_authorization(id, Portion::Cents(20_050))
        .await
        .expect("captured");
    assert_eq!(
        (
            first.authorization_id,
            first.amount_cents,
            first.returned_cents
        ),
        (id, 20_050, 0)
    );
    let held = merchant.client.authorization(id).await.expect("shown");
    assert_eq!(held.remaining_cents, 29_950);
    assert_eq!(held.captures, vec![first]);

    let too_much = merchant
        .client
        .capture_authorization(id, Portion::Cents(29_951))
        .await
        .expect_err("above what is held");
    assert_eq!(code(too_much), ErrorCode::ExceedsAuthorization);

    let rest = merchant
        .client
        .capture_authorization(id, Portion::All)
        .await
        .expect("the rest");
    assert_eq!(rest.amount_cents, 29_950);
    let closed = merchant.client.authorization(id).await.expect("shown");
    assert_eq!(
        (closed.status, closed.remaining_cents),
        (AuthorizationStatus::Closed, 0)
    );
    let again = merchant
        .client
        .capture_authorization(id, Portion::Cents(1))
        .await
        .expect_err("nothing held");
    assert_eq!(code(again), ErrorCode::AuthorizationClosed);

    let captures = merchant
        .client
        .list_captures(around_today())
        .await
        .expect("listed");
    assert_eq!(
        captures
            .iter()
            .map(|capture| capture.amount_cents)
            .collect::<Vec<_>>(),
        vec![20_050, 29_950]
    );
}

#[tokio::test]
async fn a_release_gives_back_part_or_all_of_what_is_held() {
    let merchant = merchant().await;
    let id = merchant.hold(json!(500)).await;

    let part = merchant
        .client
        .release_authorization(id, Portion::Cents(10_025))
        .await
        .expect("released");
    assert_eq!(
        (part.status, part.remaining_cents),
        (AuthorizationStatus::Open, 39_975)
    );
    let too_much = merchant
        .client
        .release_authorization(id, Portion::Cents(39_976))
        .await
        .expect_err("above what is held");
    assert_eq!(code(too_much), ErrorCode::ExceedsAuthorization);
    let rest = merchant
        .client
        .release_authorization(id, Portion::All)
        .await
        .expect("released");
    assert_eq!(
        (rest.status, rest.remaining_cents, rest.amount_cents),
        (AuthorizationStatus::Closed, 0, 50_000)
    );
}

#[tokio::test]
async fn returns_stay_within_the_capture_and_its_hundred_days() {
    let merchant = merchant().await;
    let id = merchant.hold(json!(500)).await;
    let capture = merchant
        .client
        .capture_authorization(id, Portion::Cents(30_000))
        .await
        .expect("captured");

    let part = merchant
        .client
        .return_capture(id, capture.id, Portion::Cents(10_010))
        .await
        .expect("returned");
    assert_eq!(
        (part.id, part.returned_cents, part.returnable_cents()),
        (capture.id, 10_010, 19_990)
    );
    let too_much = merchant
        .client
        .return_capture(id, capture.id, Portion::Cents(19_991))
        .await
        .expect_err("above the capture");
    assert_eq!(code(too_much), ErrorCode::ExceedsCapture);

    merchant.advance_days(101).await;
    let late = merchant
        .client
        .return_capture(id, capture.id, Portion::All)
        .await
        .expect_err("too late");
    assert_eq!(code(late), ErrorCode::ReturnWindowClosed);
}

#[tokio::test]
async fn a_refund_is_bounded_by_the_account_balance() {
    let merchant = merchant().await;
    let id = merchant.hold(json!(500)).await;
    merchant
        .client
        .capture_authorization(id, Portion::All)
        .await
        .expect("captured");

    let refund = merchant
        .client
        .refund(JANE_ACCOUNT, 5_099, None)
        .await
        .expect("refunded");
    assert_eq!(refund.refunded_cents, 5_099);
    assert_eq!(refund.available_credit_cents, 500_000 - 50_000 + 5_099);
    let too_much = merchant
        .client
        .refund(JANE_ACCOUNT, 44_902, None)
        .await
        .expect_err("above the balance");
    assert_eq!(code(too_much), ErrorCode::ExceedsCapture);
    let nobody = merchant
        .client
        .refund(99_999_999, 100, None)
        .await
        .expect_err("no such account");
    assert_eq!(code(nobody), ErrorCode::NotFound);
}

#[tokio::test]
async fn merchant_messages_come_by_key_in_either_language_for_the_caller_to_sanitize() {
    let merchant = merchant().await;
    let all = merchant
        .client
        .merchant_messages(Locale::EnCa)
        .await
        .expect("messages");
    assert_eq!(
        all.keys().map(String::as_str).collect::<Vec<_>>(),
        vec![
            "credit_disclosure",
            "debt_ratio_disclosure",
            "privacy_notice"
        ]
    );

    let notice = merchant
        .client
        .merchant_message("privacy_notice", Locale::EnCa)
        .await
        .expect("one");
    assert_eq!(Some(&notice), all.get("privacy_notice"));
    let safe = proxy::upstream_html::sanitize(notice.as_unsanitized_str());
    assert!(safe.contains("privacy policy"), "{safe}");

    let french = merchant
        .client
        .merchant_message("credit_disclosure", Locale::FrCa)
        .await
        .expect("French");
    assert!(french.as_unsanitized_str().contains("Le financement"));

    let unknown = merchant
        .client
        .merchant_message("no_such_message", Locale::EnCa)
        .await
        .expect_err("unknown");
    assert_eq!(code(unknown), ErrorCode::NotFound);
}

#[tokio::test]
async fn a_scanned_licence_decodes_to_the_application_fields() {
    let merchant = merchant().await;
    let licence = merchant
        .client
        .decode_drivers_licence(ONTARIO_LICENCE)
        .await
        .expect("decoded");
    assert_eq!(
        (
            licence.first_name.as_str(),
            licence.middle_name.as_deref(),
            licence.last_name.as_str()
        ),
        ("John", Some("Grey"), "Doe")
    );
    assert_eq!(licence.date_of_birth, date(1974, time::Month::May, 15));
    assert_eq!(
        (
            licence.address.as_str(),
            licence.city.as_str(),
            licence.province.as_str(),
            licence.postal_code.as_str()
        ),
        ("55 UNIVERSITY AVE", "TORONTO", "ON", "M5J 2H7")
    );
    assert_eq!(
        (
            licence.gov_id_type.as_str(),
            licence.gov_id_issued_by.as_str()
        ),
        ("CADL", "ON")
    );
    assert_eq!(licence.gov_id_number.expose_secret(), "D61014070660905");
    assert_eq!(licence.gov_id_expiry, date(2020, time::Month::May, 15));
    assert!(
        !format!("{licence:?}").contains("D61014070660905"),
        "the number is never printed"
    );

    let garbled = merchant
        .client
        .decode_drivers_licence("hello")
        .await
        .expect_err("not a licence");
    assert!(
        matches!(&garbled, FlexitiError::Rejected { status: 409, code, .. } if code == "Driver License's not supported"),
        "{garbled:?}"
    );
}
