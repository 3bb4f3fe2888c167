//! Clients of the upstream APIs, one module each, over one HTTP client. Upstream types never
//! leave their module: each client answers with `shared` types or its own typed error.

pub mod flexiti;
pub mod flexpay;
pub mod http;

pub use http::{HttpClient, OutboundProxies, http_client};
