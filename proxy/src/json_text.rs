//! JSON written before the answer that carries it, typed by what it is the JSON of.

use std::{fmt, marker::PhantomData};

use axum::{
    body::Bytes,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

/// The content type `axum::Json` gives its answers.
const JSON: &str = "application/json";

/// The buffer [`JsonText::write`] starts with: room for the answers of a few kilobytes written
/// this way (the form configuration in either language is 5-6 KB, the terms and disclosures less).
const CAPACITY: usize = 8 * 1024;

/// The JSON text of a `T`, answered as it is with `axum::Json`'s content type. For a `T` written
/// by something other than its own `Serialize`: the form configuration is written straight from
/// Flexiti's answer (`upstream::flexiti`), without a `T` built first.
pub struct JsonText<T> {
    text: Bytes,
    of: PhantomData<fn() -> T>,
}

impl<T> JsonText<T> {
    /// `text`, which the caller wrote as the JSON of a `T`.
    fn new(text: Bytes) -> JsonText<T> {
        JsonText {
            text,
            of: PhantomData,
        }
    }

    /// `value` written as the JSON of a `T` into one buffer sized for a few kilobytes:
    /// `axum::Json` starts from 128 bytes and grows it as it writes.
    ///
    /// # Errors
    /// What `serde_json` says when `value` cannot be written.
    pub fn write(value: &impl serde::Serialize) -> serde_json::Result<JsonText<T>> {
        let mut text = Vec::with_capacity(CAPACITY);
        serde_json::to_writer(&mut text, value)?;
        Ok(JsonText::new(text.into()))
    }

    /// The text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }
}

/// A copy shares the text: it is written once and never changed.
impl<T> Clone for JsonText<T> {
    fn clone(&self) -> JsonText<T> {
        JsonText::new(self.text.clone())
    }
}

impl<T> fmt::Debug for JsonText<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonText({} bytes)", self.text.len())
    }
}

impl<T> IntoResponse for JsonText<T> {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
            self.text,
        )
            .into_response()
    }
}
