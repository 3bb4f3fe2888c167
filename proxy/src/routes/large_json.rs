//! A JSON answer of several kilobytes, written into one buffer.

use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shared::{ErrorCode, Locale};

use crate::{error::AppError, json_text::JsonText};

/// Answers `T` as JSON, like `axum::Json`, written into a buffer sized for answers of a few
/// kilobytes (the terms, the disclosures). `axum::Json` starts from 128 bytes and writes through
/// `BytesMut`: growing it six times and its writer's bookkeeping took about a third of
/// serializing the 5-6 KB form configuration, when it was written so.
#[derive(Debug)]
pub struct LargeJson<T>(pub T);

impl<T: Serialize> IntoResponse for LargeJson<T> {
    fn into_response(self) -> Response {
        match JsonText::<T>::write(&self.0) {
            Ok(text) => text.into_response(),
            Err(error) => AppError::new(ErrorCode::Internal, Locale::default())
                .caused_by(format_args!("the answer could not be written: {error}"))
                .into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;
    use shared::Choice;

    use super::*;

    #[tokio::test]
    async fn answers_what_axum_json_answers() {
        let value = vec![Choice {
            code: "QC".into(),
            label: "Québec \"\u{a0}\"".into(),
        }];
        let ours = LargeJson(value.clone()).into_response();
        let axums = axum::Json(value).into_response();
        assert_eq!(ours.status(), axums.status());
        assert_eq!(ours.headers(), axums.headers());
        let ours = to_bytes(ours.into_body(), usize::MAX)
            .await
            .expect("a body");
        let axums = to_bytes(axums.into_body(), usize::MAX)
            .await
            .expect("a body");
        assert_eq!(ours, axums);
    }
}
