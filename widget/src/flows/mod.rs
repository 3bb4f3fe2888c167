//! The shopper's journeys through the widget.

pub mod credit_application;
