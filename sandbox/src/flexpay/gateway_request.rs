//! The body of `gateways/charge` and `gateways/authorize`, and the documented validations of its
//! transaction-level fields (the payment method is checked in `gateways`).
//!
//! Readings: `retryCount` is marked required in every table, so a request without it is refused
//! (`50000`, the docs give it no code); so is `amount` (no code either). `dateFirstAttempt` is
//! required "when the retry count is greater than 1" and must look like ISO 8601. `customerIp`
//! longer than 15 characters is `50037`; one of 15 or fewer that is not `255.255.255.255`-shaped is
//! `50000`. The `PreviousTransaction` rules ("required if ...") answer `50000`.

use serde::Deserialize;

use super::{
    FlexPayError,
    billing::{HolderInput, max_len, required},
    cards::{CardInput, present},
    ids,
    transaction::{References, ShippingAddress},
};

/// `paymentMethod` of a pass-in request: a card, or a third-party gateway token.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodInput {
    /// The card fields.
    #[serde(flatten)]
    pub card: CardInput,
    /// `gatewayPaymentMethodId`
    pub gateway_payment_method_id: Option<String>,
    /// `merchantAccountReferenceId`
    pub merchant_account_reference_id: Option<String>,
    /// `firstSixDigits`
    pub first_six_digits: Option<String>,
    /// `lastFourDigits`
    pub last_four_digits: Option<String>,
    /// The cardholder.
    #[serde(flatten)]
    pub holder: HolderInput,
}

/// `paymentPlan`
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPlan {
    sku: Option<String>,
    category: Option<String>,
    billing_plan: Option<String>,
    billing_cycle: Option<i64>,
}

/// The `transaction` element of a charge or authorize.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayRequest {
    pub merchant_transaction_id: Option<String>,
    pub order_id: Option<String>,
    pub description: Option<String>,
    pub customer_id: Option<String>,
    pub currency_code: Option<String>,
    pub amount: Option<i64>,
    pub payment_method_id: Option<String>,
    pub retain_on_success: Option<bool>,
    pub payment_method: Option<PaymentMethodInput>,
    pub customer_ip: Option<String>,
    pub shipping_address: Option<ShippingAddress>,
    pub assigned_gateway_token: Option<String>,
    pub payment_plan: Option<PaymentPlan>,
    pub retry_count: Option<i64>,
    pub date_first_attempt: Option<String>,
    pub reference_data: Option<String>,
    pub disable_customer_recovery: Option<bool>,
    pub custom_variable1: Option<String>,
    pub custom_variable2: Option<String>,
    pub custom_variable3: Option<String>,
    pub custom_variable4: Option<String>,
    pub custom_variable5: Option<String>,
    #[serde(rename = "References", alias = "references")]
    pub references: Option<References>,
}

/// The transaction-level fields once valid.
#[derive(Debug, Clone)]
pub struct Checked {
    pub merchant_transaction_id: String,
    pub order_id: String,
    pub currency_code: String,
    pub amount: i64,
    pub retry_count: i64,
}

impl GatewayRequest {
    /// Checks every transaction-level field, in the docs' order.
    ///
    /// # Errors
    /// The first rule broken.
    pub fn check(&self) -> Result<Checked, FlexPayError> {
        let merchant_transaction_id = required(
            &self.merchant_transaction_id,
            50103,
            "transaction.merchantTransactionId",
        )?;
        max_len(
            &self.merchant_transaction_id,
            256,
            50104,
            "transaction.merchantTransactionId",
        )?;
        let order_id = required(&self.order_id, 50126, "transaction.orderId")?;
        max_len(&self.order_id, 50, 50127, "transaction.orderId")?;
        max_len(&self.description, 255, 50124, "transaction.description")?;
        max_len(&self.customer_id, 50, 50014, "transaction.customerId")?;
        let currency_code = required(&self.currency_code, 50045, "transaction.currencyCode")?;
        if currency_code.chars().count() != 3 {
            return Err(FlexPayError::invalid(
                50073,
                "transaction.currencyCode must have 3 letters",
            ));
        }
        let amount = self
            .amount
            .ok_or_else(|| FlexPayError::validation("transaction.amount is required"))?;
        self.check_customer_ip()?;
        self.check_shipping()?;
        max_len(
            &self.assigned_gateway_token,
            50,
            50128,
            "transaction.assignedGatewayToken",
        )?;
        self.check_payment_plan()?;
        let retry_count = self.check_retry()?;
        max_len(
            &self.reference_data,
            512,
            50111,
            "transaction.referenceData",
        )?;
        let variables = [
            &self.custom_variable1,
            &self.custom_variable2,
            &self.custom_variable3,
            &self.custom_variable4,
            &self.custom_variable5,
        ];
        for (code, (n, variable)) in (50106..).zip(variables.into_iter().enumerate()) {
            max_len(
                variable,
                50,
                code,
                &format!("transaction.customVariable{}", n + 1),
            )?;
        }
        check_references(self.references.as_ref())?;
        Ok(Checked {
            merchant_transaction_id,
            order_id,
            currency_code: currency_code.to_ascii_uppercase(),
            amount,
            retry_count,
        })
    }

    fn check_customer_ip(&self) -> Result<(), FlexPayError> {
        max_len(&self.customer_ip, 15, 50037, "transaction.customerIp")?;
        match present(&self.customer_ip) {
            Some(ip) if ip.parse::<std::net::Ipv4Addr>().is_err() => Err(FlexPayError::validation(
                "transaction.customerIp must be formatted 255.255.255.255",
            )),
            _ => Ok(()),
        }
    }

    fn check_shipping(&self) -> Result<(), FlexPayError> {
        let Some(shipping) = &self.shipping_address else {
            return Ok(());
        };
        max_len(
            &shipping.address1,
            255,
            50118,
            "transaction.shippingAddress.address1",
        )?;
        max_len(
            &shipping.address2,
            255,
            50117,
            "transaction.shippingAddress.address2",
        )?;
        max_len(
            &shipping.postal_code,
            100,
            50114,
            "transaction.shippingAddress.postalCode",
        )?;
        max_len(
            &shipping.city,
            100,
            50116,
            "transaction.shippingAddress.city",
        )?;
        max_len(
            &shipping.state,
            100,
            50115,
            "transaction.shippingAddress.state",
        )?;
        max_len(
            &shipping.country,
            50,
            50113,
            "transaction.shippingAddress.country",
        )
    }

    fn check_payment_plan(&self) -> Result<(), FlexPayError> {
        let Some(plan) = &self.payment_plan else {
            return Ok(());
        };
        max_len(&plan.sku, 150, 50122, "transaction.paymentPlan.sku")?;
        max_len(
            &plan.category,
            150,
            50121,
            "transaction.paymentPlan.category",
        )?;
        max_len(
            &plan.billing_plan,
            50,
            50120,
            "transaction.paymentPlan.billingPlan",
        )?;
        match plan.billing_cycle {
            Some(cycle) if cycle < 1 => Err(FlexPayError::validation(
                "transaction.paymentPlan.billingCycle starts at 1",
            )),
            _ => Ok(()),
        }
    }

    fn check_retry(&self) -> Result<i64, FlexPayError> {
        let retry_count = self
            .retry_count
            .ok_or_else(|| FlexPayError::validation("transaction.retryCount is required"))?;
        if retry_count < 0 {
            return Err(FlexPayError::validation(
                "transaction.retryCount starts at 0",
            ));
        }
        match present(&self.date_first_attempt) {
            None if retry_count > 1 => Err(FlexPayError::validation(
                "transaction.dateFirstAttempt is required when retryCount is greater than 1",
            )),
            Some(date) if !ids::looks_like_iso8601(date) => Err(FlexPayError::validation(
                "transaction.dateFirstAttempt must be ISO 8601, e.g. 1997-07-16T19:20:30.45+01:00",
            )),
            _ => Ok(retry_count),
        }
    }
}

fn check_references(references: Option<&References>) -> Result<(), FlexPayError> {
    let Some(previous) = references.and_then(|r| r.previous_transaction.as_ref()) else {
        return Ok(());
    };
    let path = "transaction.References.PreviousTransaction";
    let too_long = [
        (
            &previous.merchant_account_reference_id,
            512,
            "merchantAccountReferenceId",
        ),
        (&previous.gateway_code, 50, "gatewayCode"),
        (&previous.gateway_message, 256, "gatewayMessage"),
    ];
    for (value, max, name) in too_long {
        max_len(value, max, 50000, &format!("{path}.{name}"))?;
    }
    let code_or_message =
        present(&previous.gateway_code).is_some() || present(&previous.gateway_message).is_some();
    let any = code_or_message || present(&previous.transaction_date).is_some();
    if any && present(&previous.merchant_account_reference_id).is_none() {
        return Err(FlexPayError::validation(format!(
            "{path}.merchantAccountReferenceId is required with gatewayCode, gatewayMessage or transactionDate"
        )));
    }
    if code_or_message && present(&previous.transaction_date).is_none() {
        return Err(FlexPayError::validation(format!(
            "{path}.transactionDate is required with gatewayCode or gatewayMessage"
        )));
    }
    Ok(())
}
