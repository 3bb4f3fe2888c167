//! The card payment request written field by field into the browser's object, for
//! `JSON.stringify`: the serde bridge (`json`) writes it in one line, but with serde's generated
//! code and the bridge's serializer, which the card form would otherwise download only for this.
//! The browser tests in `tests/card_wire.rs` hold both writers to the same JSON.

use js_sys::{Object, Reflect};
use shared::CardPaymentRequest;
use wasm_bindgen::JsValue;

/// `request` as the object `JSON.parse` would give for its JSON; `None` if the browser would not
/// make one.
pub fn card_payment(request: &CardPaymentRequest) -> Option<JsValue> {
    let object = JsValue::from(Object::new());
    let set = |name: &str, value: JsValue| Reflect::set(&object, &JsValue::from_str(name), &value);
    let text = |text: &str| JsValue::from_str(text);
    set("number", text(request.number.expose())).ok()?;
    set("expiry_month", request.expiry_month.into()).ok()?;
    set("expiry_year", request.expiry_year.into()).ok()?;
    set("cvc", text(request.cvc.expose())).ok()?;
    set("holder_name", text(&request.holder_name)).ok()?;
    set("city", text(&request.city)).ok()?;
    set("postal_code", text(&request.postal_code)).ok()?;
    set("revision", request.revision.into()).ok()?;
    Some(object)
}
