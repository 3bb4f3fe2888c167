//! The proxy's HTTP APIs over real HTTP against an embedded sandbox, in one test binary.

mod envelope_headers;
mod envelope_limits;
mod follow_ups;
mod helpers;
mod hostile_origins;
mod merchant_payments;
mod merchant_sessions;
mod metrics;
mod openapi;
mod persistence;
mod reconciliation;
mod slow_clients;
mod terms_sanitizer;
mod upstream_faults;
mod upstreams;
mod widget_account;
mod widget_application;
mod widget_card;
mod widget_files;
mod widget_form;
mod widget_session;
