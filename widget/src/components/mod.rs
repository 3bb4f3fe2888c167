//! Building blocks shared by the flows.

pub mod retry_notice;
pub mod select_field;
pub mod terms_panel;
pub mod text_input;
