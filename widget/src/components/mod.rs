//! Form parts the Flexiti flows use (the card form draws the same markup with `crate::dom`),
//! each accessible on its own: labels, hints and errors tied
//! together, errors summarised at the top.

pub mod checkbox;
pub mod error_summary;
pub mod retry_notice;
pub mod select_field;
pub mod terms_panel;
pub mod text_input;
