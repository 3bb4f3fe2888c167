//! Request bodies: every FlexPay body is a JSON object with one root element (`transaction` or
//! `paymentMethod`). A body that is not JSON, or whose fields have the wrong JSON types, answers
//! `50002` (parse error); an empty body, or one without the root element, answers `50003` (no
//! parameters were found). The `Content-Type` is not checked: the docs do not mention it.

use axum::body::Bytes;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::FlexPayError;

/// The `root` element of `body`, decoded as `T`.
///
/// # Errors
/// `50003` for an empty body or a missing root, `50002` for anything that does not decode.
pub fn element<T: DeserializeOwned>(body: &Bytes, root: &str) -> Result<T, FlexPayError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(FlexPayError::invalid(50003, "the request body is empty"));
    }
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|error| FlexPayError::invalid(50002, format!("the body is not JSON: {error}")))?;
    let element = match value.get_mut(root).map(Value::take) {
        Some(element) if element.is_object() => element,
        Some(_) => {
            return Err(FlexPayError::invalid(
                50002,
                format!("{root} must be an object"),
            ));
        }
        None => {
            return Err(FlexPayError::invalid(
                50003,
                format!("the root element {root} is missing"),
            ));
        }
    };
    serde_json::from_value(element)
        .map_err(|error| FlexPayError::invalid(50002, format!("{root}: {error}")))
}
