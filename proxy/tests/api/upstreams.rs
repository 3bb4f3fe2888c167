//! A sandbox of its own beside a proxy, for the tests that also act on the upstreams directly, as
//! the merchant's point of sale would (hold a Flexiti authorization, authorize a card at FlexPay).

use std::{net::SocketAddr, time::Duration};

use proxy::{
    config::Config,
    testing::{TestApp, demo_flexiti_config, demo_flexpay_config, point_of_sale_call, test_config},
    upstream::flexpay::{
        Attempt, CardDetails, Cardholder, FlexPayClient, MerchantTransactionId, PaymentRequest,
        PaymentSource,
    },
};
use sandbox::{RunningSandbox, SandboxConfig, config as demo, faults::Fault};
use secrecy::SecretString;
use serde_json::{Value, json};
use shared::Currency;

/// A sandbox of its own, and a proxy whose Flexiti and FlexPay are that sandbox, so the test can
/// also act on the upstreams directly (hold an authorization, authorize a card).
pub struct Upstreams {
    pub running: RunningSandbox,
    pub app: TestApp,
    http: reqwest::Client,
}

pub async fn upstreams() -> Upstreams {
    upstreams_with(|_| ()).await
}

/// As [`upstreams`], with the proxy's configuration changed by `tweak` first.
pub async fn upstreams_with(tweak: impl FnOnce(&mut Config)) -> Upstreams {
    let running = sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox");
    let flexiti = demo_flexiti_config(&running.flexiti_base_url());
    let mut config = test_config(Some(flexiti));
    config.flexpay = Some(demo_flexpay_config(&running.flexpay_base_url()));
    tweak(&mut config);
    let app = TestApp::launch(config, SandboxConfig::default()).await;
    Upstreams {
        running,
        app,
        http: reqwest::Client::new(),
    }
}

impl Upstreams {
    /// A Flexiti POS API call with a fresh token, as the merchant's point of sale makes it.
    pub async fn flexiti(&self, path: &str, body: Value) -> Value {
        let base = self.running.flexiti_base_url();
        point_of_sale_call(&self.http, &base, path, &body).await
    }

    /// Verifies Jane Roe (customer 50001) by text and holds `dollars` on plan 4 over 18 months.
    pub async fn hold(&self, dollars: u64) -> u64 {
        self.flexiti("customers/50001/verify", json!({ "format": "sms" }))
            .await;
        let held = self
            .flexiti(
                "authorization",
                json!({ "amount": dollars, "plan_id": "4", "term": "18", "customer_id": 50001 }),
            )
            .await;
        held["authorization_id"].as_u64().expect("an id")
    }

    /// Authorizes `amount_cents` on a test Visa directly at FlexPay: the transaction id.
    pub async fn authorize_card(&self, amount_cents: u64) -> String {
        let http = proxy::upstream::http_client(
            Duration::from_secs(5),
            proxy::upstream::OutboundProxies::none(),
        )
        .expect("an HTTP client");
        let client =
            FlexPayClient::new(http, demo_flexpay_config(&self.running.flexpay_base_url()));
        let card = CardDetails {
            number: SecretString::from("4111111111111111"),
            expiry_month: 6,
            expiry_year: 2035,
            cvv: Some(SecretString::from("123")),
        };
        let holder = Cardholder {
            first_name: "Jane".into(),
            last_name: "Roe".into(),
            address1: "1 Yonge St".into(),
            city: "Toronto".into(),
            province: "ON".into(),
            postal_code: "M5M 1M1".into(),
            country: "CAN".into(),
            ..Cardholder::default()
        };
        let request = PaymentRequest {
            merchant_transaction_id: MerchantTransactionId::new("test-authorize-1"),
            order_id: "A-1".into(),
            amount_cents,
            currency: Currency::Cad,
            source: PaymentSource::card(card, holder, false),
            customer_id: Some("customer-1".into()),
            customer_ip: None,
            description: None,
            attempt: Attempt::First,
        };
        let authorized = client.authorize(&request).await.expect("authorized");
        assert!(authorized.is_approved(), "{authorized:?}");
        authorized.id.as_str().to_owned()
    }

    /// `fault` (the sandbox's syntax) on the next Flexiti request under `path` (after the
    /// client id), e.g. `authorization/7/capture`.
    pub fn flexiti_fault_once(&self, path: &str, fault: &str) {
        let fault: Fault = fault.parse().expect("a fault");
        let prefix = format!(
            "{}/client-id/{}/{path}",
            sandbox::FLEXITI_BASE_PATH,
            demo::DEMO_CLIENT_ID
        );
        self.running
            .sandbox
            .faults()
            .inject(&prefix, fault, Some(1));
    }
}
