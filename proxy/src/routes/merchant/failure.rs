//! How the money operations' failures reach the merchant's server: each upstream refusal as its
//! catalogue code (mapped by the upstream's own module), with the request parameter at fault named
//! where there is one. The upstream's text goes to the logs only.

use shared::{ErrorCode, Locale};

use crate::{
    error::AppError,
    upstream::{flexiti::FlexitiError, flexpay::FlexPayError},
};

/// Nothing by that id: `param` names which id.
pub(super) fn not_found(param: &'static str) -> AppError {
    AppError::new(ErrorCode::NotFound, Locale::default()).param(param)
}

/// A fault on our side (the session store), logged.
pub(super) fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::internal(Locale::default())(error)
}

/// The amount asked for is more than `code` allows (`exceeds_authorization`, `exceeds_capture`).
pub(super) fn too_much(code: ErrorCode, cause: impl std::fmt::Display) -> AppError {
    AppError::new(code, Locale::default())
        .param("amount")
        .caused_by(cause)
}

/// A failed FlexPay call; an unknown transaction names the path's `id`.
pub(super) fn flexpay(error: FlexPayError) -> AppError {
    let code = error.catalogue_code();
    let failure = AppError::new(code, Locale::default());
    match code {
        ErrorCode::NotFound => failure.param("id"),
        _ => failure,
    }
    .caused_by(error)
}

/// A failed Flexiti call; an amount above what is held or returnable names `amount`, an unknown
/// authorization or account the path's `id`.
pub(super) fn flexiti(error: FlexitiError) -> AppError {
    let code = error.catalogue_code();
    let failure = AppError::new(code, Locale::default());
    match code {
        ErrorCode::ExceedsAuthorization | ErrorCode::ExceedsCapture => failure.param("amount"),
        ErrorCode::NotFound => failure.param("id"),
        _ => failure,
    }
    .caused_by(error)
}
