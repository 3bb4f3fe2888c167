//! JSON written before the answer that carries it, typed by what it is the JSON of.

use std::{fmt, marker::PhantomData};

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

/// The content type `axum::Json` gives its answers.
const JSON: &str = "application/json";

/// The JSON text of a `T`, answered as it is with `axum::Json`'s content type. For a `T` written
/// by something other than its own `Serialize`: the form configuration is written straight from
/// Flexiti's answer (`upstream::flexiti`), without a `T` built first.
pub struct JsonText<T> {
    text: Vec<u8>,
    of: PhantomData<fn() -> T>,
}

impl<T> JsonText<T> {
    /// `text`, which the caller wrote as the JSON of a `T`.
    pub fn new(text: Vec<u8>) -> JsonText<T> {
        JsonText {
            text,
            of: PhantomData,
        }
    }

    /// The text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
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
