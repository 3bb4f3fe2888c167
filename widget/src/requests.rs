//! The card payment and the credit application written field by field into the browser's
//! objects, for `JSON.stringify`: the serde bridge (`json`) writes them in one line, but with
//! serde's generated code and the bridge's serializer, which the card form and the application
//! would otherwise download only for this. The browser tests in `tests/card_wire.rs` and
//! `tests/application_wire.rs` hold both writers to the same JSON.

use js_sys::{Object, Reflect};
use shared::{CardPaymentRequest, CreditApplication, GovernmentId, WireName};
use wasm_bindgen::JsValue;

/// An object being written; `None` once the browser refused a field.
struct Written(Option<JsValue>);

impl Written {
    fn new() -> Written {
        Written(Some(JsValue::from(Object::new())))
    }

    fn set(&mut self, name: &str, value: JsValue) -> &mut Written {
        if let Some(object) = &self.0
            && Reflect::set(object, &JsValue::from_str(name), &value).is_err()
        {
            self.0 = None;
        }
        self
    }

    fn text(&mut self, name: &str, text: &str) -> &mut Written {
        self.set(name, JsValue::from_str(text))
    }

    /// `null` for `None`, as serde writes it.
    fn optional(&mut self, name: &str, text: Option<&str>) -> &mut Written {
        self.set(name, text.map_or(JsValue::NULL, JsValue::from_str))
    }

    fn done(&mut self) -> Option<JsValue> {
        self.0.take()
    }
}

/// `request` as the object `JSON.parse` would give for its JSON; `None` if the browser would not
/// make one.
pub fn card_payment(request: &CardPaymentRequest) -> Option<JsValue> {
    Written::new()
        .text("number", request.number.expose())
        .set("expiry_month", request.expiry_month.into())
        .set("expiry_year", request.expiry_year.into())
        .text("cvc", request.cvc.expose())
        .text("holder_name", &request.holder_name)
        .text("city", &request.city)
        .text("postal_code", &request.postal_code)
        .set("revision", request.revision.into())
        .done()
}

/// `application` as the object `JSON.parse` would give for its JSON; `None` if the browser would
/// not make one.
pub fn credit_application(application: &CreditApplication) -> Option<JsValue> {
    let a = application;
    Written::new()
        .set("amount_requested_cents", cents(a.amount_requested_cents)?)
        .text("phone_number", &a.phone_number)
        .text("email", &a.email)
        .text("language", a.language.wire_name())
        .text("salutation", &a.salutation)
        .text("first_name", &a.first_name)
        .optional("middle_name", a.middle_name.as_deref())
        .text("last_name", &a.last_name)
        .text("dob", &a.dob)
        .text("address_1", &a.address_1)
        .optional("address_2", a.address_2.as_deref())
        .text("city", &a.city)
        .text("province", &a.province)
        .text("postal_code", &a.postal_code)
        .set("government_id", government_id(&a.government_id)?)
        .set("personal_income_cents", cents(a.personal_income_cents)?)
        .set("household_income_cents", cents(a.household_income_cents)?)
        .set(
            "monthly_housing_expenses_cents",
            match a.monthly_housing_expenses_cents {
                Some(amount) => cents(amount)?,
                None => JsValue::NULL,
            },
        )
        .text("housing_type", &a.housing_type)
        .text("occupation_id", &a.occupation_id)
        .text("occupation_title", &a.occupation_title)
        .optional("employer_name", a.employer_name.as_deref())
        .optional("employer_phone", a.employer_phone.as_deref())
        .optional("sin", a.sin.as_ref().map(|sin| sin.expose()))
        .text("security_question_id", &a.security_question_id)
        .text("security_answer", a.security_answer.expose())
        .text("piw", a.piw.expose())
        .set("terms_accepted", a.terms_accepted.into())
        .done()
}

fn government_id(id: &GovernmentId) -> Option<JsValue> {
    Written::new()
        .text("kind", &id.kind)
        .text("issued_by", &id.issued_by)
        .text("number", id.number.expose())
        .text("expiry", &id.expiry)
        .done()
}

/// An amount in cents as a JSON number; `None` beyond 2^53 - 1, where a number no longer holds
/// every integer exactly (the bridge refuses it too).
fn cents(amount: u64) -> Option<JsValue> {
    const EXACT: u64 = (1 << 53) - 1;
    #[allow(clippy::cast_precision_loss)] // Checked first.
    (amount <= EXACT).then(|| JsValue::from_f64(amount as f64))
}
