//! The sandbox's FlexPay API over real HTTP, checked against `api-docs/003_...`: every endpoint's
//! success with its documented shape, and every response code the simulator implements with its
//! documented status and body. The last test to finish prints a coverage line.

mod authentication;
mod bodies;
mod captures_voids_refunds;
mod determinism;
mod gateway_validation;
mod gateways;
mod payment_method_validation;
mod payment_methods;
mod response_codes;
mod transactions;
mod walk;
