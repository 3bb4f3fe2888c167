//! The shopper's journeys through the widget.

pub mod card_payment;
pub mod credit_application;
pub mod flexiti_account;
mod fresh_session;
pub mod parts;
