//! The answers the first screen, the card form and the credit application read (the checkout
//! session, a refusal, a card payment's result, the form's options, the terms, the disclosures,
//! an approval) read field by field from the browser's parsed JSON.
//!
//! The serde bridge (`json`) reads them in one line, but its deserializers and serde's generated
//! visitors are about 12 KB of wasm, 7.6 KB brotli, in the first screen's download. Read here,
//! they leave that code to the account flow's part (`flows::parts`), which needs it for its own
//! answers. The browser tests in `tests/answers.rs`, `tests/card_wire.rs` and
//! `tests/application_wire.rs` hold both readers to the same results.

use js_sys::{Array, Reflect};
use shared::{
    ApiError, ApplicationApproval, CardOutcome, CardPaymentResult, CheckoutView, Choice,
    Disclosures, FieldError, FormConfig, GovIdTypeOption, PaymentOutcome, PlanOffer, TermsDocument,
    WireName,
};
use wasm_bindgen::JsValue;

use crate::json;

/// `body` as the checkout session; `None` when it is not one.
pub fn checkout_view(body: JsValue) -> Option<CheckoutView> {
    let object = Object::of(&body)?;
    Some(CheckoutView {
        amount_cents: object.whole("amount_cents")?,
        currency: object.name("currency")?,
        locale: object.name("locale")?,
        methods: object.list("methods", named)?,
        status: object.name("status")?,
        revision: small(&object.get("revision"))?,
        outcome: object.optional("outcome", payment_outcome)?,
        payment_in_progress: object.flag("payment_in_progress")?,
        allowed_origins: object.list("allowed_origins", JsValue::as_string)?,
    })
}

/// `body` as the catalogue error of a refusal; `None` when it is not one.
pub fn api_error(body: JsValue) -> Option<ApiError> {
    let object = Object::of(&body)?;
    let fields = match object.get("fields") {
        fields if fields.is_undefined() => Vec::new(),
        _ => object.list("fields", field_error)?,
    };
    Some(ApiError {
        code: object.name("code")?,
        message: object.text("message")?,
        retryable: object.flag("retryable")?,
        next_step: object.name("next_step")?,
        param: object.optional("param", JsValue::as_string)?,
        fields,
    })
}

/// `body` as a card payment's result; `None` when it is not one.
pub fn card_payment_result(body: JsValue) -> Option<CardPaymentResult> {
    let object = Object::of(&body)?;
    Some(CardPaymentResult {
        outcome: card_outcome(&object.get("outcome"))?,
        message: object.text("message")?,
        next_step: object.name("next_step")?,
        merchant_transaction_id: object.text("merchant_transaction_id")?,
        last_four: object.optional("last_four", JsValue::as_string)?,
    })
}

/// `body` as the credit application's options; `None` when it is not them.
pub fn form_config(body: JsValue) -> Option<FormConfig> {
    let object = Object::of(&body)?;
    Some(FormConfig {
        provinces: object.list("provinces", choice)?,
        salutations: object.list("salutations", choice)?,
        security_questions: object.list("security_questions", choice)?,
        gov_id_types: object.list("gov_id_types", gov_id_type)?,
    })
}

/// `body` as a province's terms; `None` when it is not them.
pub fn terms_document(body: JsValue) -> Option<TermsDocument> {
    let object = Object::of(&body)?;
    Some(TermsDocument {
        province: object.text("province")?,
        locale: object.name("locale")?,
        region: object.name("region")?,
        html: object.text("html")?,
    })
}

/// `body` as the merchant's disclosures; `None` when it is not them.
pub fn disclosures(body: JsValue) -> Option<Disclosures> {
    let object = Object::of(&body)?;
    Some(Disclosures {
        privacy: object.optional("privacy", JsValue::as_string)?,
        credit: object.optional("credit", JsValue::as_string)?,
        debt_ratio: object.optional("debt_ratio", JsValue::as_string)?,
    })
}

/// `body` as an approved application; `None` when it is not one.
pub fn application_approval(body: JsValue) -> Option<ApplicationApproval> {
    let object = Object::of(&body)?;
    Some(ApplicationApproval {
        available_credit_cents: object.whole("available_credit_cents")?,
        credit_limit_cents: object.whole("credit_limit_cents")?,
        card_ending: object.text("card_ending")?,
        debt_ratio_basis_points: object.optional("debt_ratio_basis_points", small)?,
        offers: object.list("offers", plan_offer)?,
    })
}

fn choice(value: &JsValue) -> Option<Choice> {
    let object = Object::of(value)?;
    Some(Choice {
        code: object.text("code")?,
        label: object.text("label")?,
    })
}

fn gov_id_type(value: &JsValue) -> Option<GovIdTypeOption> {
    let object = Object::of(value)?;
    Some(GovIdTypeOption {
        code: object.text("code")?,
        label: object.text("label")?,
        issuers: object.list("issuers", choice)?,
    })
}

fn plan_offer(value: &JsValue) -> Option<PlanOffer> {
    let object = Object::of(value)?;
    Some(PlanOffer {
        plan_id: object.text("plan_id")?,
        name: object.text("name")?,
        category: object.text("category")?,
        terms: object.list("terms", small)?,
    })
}

/// A whole number that fits a `u32`.
fn small(value: &JsValue) -> Option<u32> {
    u32::try_from(whole(value)?).ok()
}

fn card_outcome(value: &JsValue) -> Option<CardOutcome> {
    let object = Object::of(value)?;
    Some(CardOutcome {
        code: small(&object.get("code"))?,
        class: object.name("class")?,
    })
}

/// How a checkout was paid: an object tagged by its `method`.
fn payment_outcome(value: &JsValue) -> Option<PaymentOutcome> {
    let object = Object::of(value)?;
    match object.text("method")?.as_str() {
        "flexiti_account" => Some(PaymentOutcome::FlexitiAccount {
            transaction_id: object.text("transaction_id")?,
            plan_name: object.text("plan_name")?,
            term: object.optional("term", small)?,
            amount_cents: object.whole("amount_cents")?,
            monthly_payment_cents: object.whole("monthly_payment_cents")?,
        }),
        "card" => Some(PaymentOutcome::Card {
            merchant_transaction_id: object.text("merchant_transaction_id")?,
            transaction_id: object.text("transaction_id")?,
            last_four: object.optional("last_four", JsValue::as_string)?,
            amount_cents: object.whole("amount_cents")?,
        }),
        _ => None,
    }
}

fn field_error(value: &JsValue) -> Option<FieldError> {
    let object = Object::of(value)?;
    Some(FieldError {
        field: object.text("field")?,
        message: object.text("message")?,
    })
}

/// A value that travels as its name.
fn named<T: WireName>(value: &JsValue) -> Option<T> {
    T::from_wire_name(&value.as_string()?)
}

/// A number that is a whole one, from zero to 2^53 (as the bridge reads integers).
fn whole(value: &JsValue) -> Option<u64> {
    let number = value.as_f64()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Checked first.
    (json::is_exact_whole(number) && number >= 0.0).then_some(number as u64)
}

/// A JSON object (not an array, not `null`), its fields read by name.
struct Object<'a>(&'a JsValue);

impl Object<'_> {
    fn of(value: &JsValue) -> Option<Object<'_>> {
        (value.is_object() && !Array::is_array(value)).then_some(Object(value))
    }

    /// The field `name`; `undefined` when the object has none.
    fn get(&self, name: &str) -> JsValue {
        Reflect::get(self.0, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn text(&self, name: &str) -> Option<String> {
        self.get(name).as_string()
    }

    fn flag(&self, name: &str) -> Option<bool> {
        self.get(name).as_bool()
    }

    fn whole(&self, name: &str) -> Option<u64> {
        whole(&self.get(name))
    }

    fn name<T: WireName>(&self, name: &str) -> Option<T> {
        named(&self.get(name))
    }

    /// A field that may be `null` or absent: `Some(None)` then, `None` when it holds something
    /// `read` cannot read.
    fn optional<T>(
        &self,
        name: &str,
        read: impl FnOnce(&JsValue) -> Option<T>,
    ) -> Option<Option<T>> {
        let value = self.get(name);
        if value.is_null() || value.is_undefined() {
            Some(None)
        } else {
            read(&value).map(Some)
        }
    }

    /// An array field, each item read by `read`; `None` when one item cannot be.
    fn list<T>(&self, name: &str, read: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
        let value = self.get(name);
        if !Array::is_array(&value) {
            return None;
        }
        Array::from(&value).iter().map(|item| read(&item)).collect()
    }
}
