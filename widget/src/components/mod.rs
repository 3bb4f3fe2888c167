//! Form parts the credit application uses, each accessible on its own: labels, hints and errors
//! tied together, errors summarised at the top. The card form and the account flow draw the same
//! markup with `crate::dom`.

pub mod checkbox;
pub mod error_summary;
pub mod retry_notice;
pub mod select_field;
pub mod terms_panel;
pub mod text_input;
