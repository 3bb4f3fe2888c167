//! The checks every Flexiti endpoint but `oauth/token` makes before its own: the bearer token,
//! the client id it was issued to, its scope, and the merchant's set-up. One middleware makes
//! them for every route, in the order the API does, so no handler can forget one.
//!
//! Scopes follow the docs' five categories of endpoints (`api-docs/002_...`, "POS API Endpoint
//! Overview"). A token asked for with the standard OAuth `scope` parameter (space-separated
//! category names) may call only those categories; others answer `403 insufficient_scope`, as the
//! error tables document. A token asked for without `scope` may call everything.

use std::str::FromStr;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::FlexitiError;
use crate::Sandbox;

/// A category of endpoints, as the docs' overview divides them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `merchants/login`.
    Authentication,
    /// Terms, i18n, `widget/init`, `apply`.
    CreditApps,
    /// Lookup, search, verify, history, licence scans, closing an account.
    Customers,
    /// Purchases, refunds, interest, authorizations and captures.
    Transactions,
    /// `merchants/information`.
    Merchants,
}

impl FromStr for Scope {
    type Err = ();

    fn from_str(name: &str) -> Result<Scope, ()> {
        match name.to_ascii_lowercase().as_str() {
            "authentication" => Ok(Scope::Authentication),
            "creditapps" => Ok(Scope::CreditApps),
            "customers" => Ok(Scope::Customers),
            "transactions" => Ok(Scope::Transactions),
            "merchants" => Ok(Scope::Merchants),
            _ => Err(()),
        }
    }
}

/// The back-end failure an endpoint documents (`general_error` or `generic_error`, and with which
/// status), answered when the merchant's set-up is incomplete.
#[derive(Debug, Clone, Copy)]
enum BackendError {
    General(StatusCode),
    Generic,
    Undocumented,
}

/// What the gate knows of one route: its category and its documented back-end error.
struct Route {
    path: &'static str,
    scope: Scope,
    backend: BackendError,
}

const CONFLICT: StatusCode = StatusCode::CONFLICT;

/// Every authenticated route. The error tables of `api-docs/001_...` and `000_...` name the
/// back-end error of each.
const ROUTES: &[Route] = &[
    route(
        "/merchants/login",
        Scope::Authentication,
        BackendError::Undocumented,
    ),
    route(
        "/terms-and-conditions",
        Scope::CreditApps,
        BackendError::Undocumented,
    ),
    route("/i18n", Scope::CreditApps, BackendError::General(CONFLICT)),
    route(
        "/widget/init",
        Scope::CreditApps,
        BackendError::General(CONFLICT),
    ),
    route(
        "/apply",
        Scope::CreditApps,
        BackendError::General(StatusCode::BAD_REQUEST),
    ),
    route("/customers/", Scope::Customers, BackendError::Undocumented),
    route(
        "/account/{account_number}/verify",
        Scope::Customers,
        BackendError::Undocumented,
    ),
    route(
        "/calculate-interest",
        Scope::Transactions,
        BackendError::General(CONFLICT),
    ),
    route(
        "/transactions",
        Scope::Transactions,
        BackendError::General(CONFLICT),
    ),
    route(
        "/authorization",
        Scope::Transactions,
        BackendError::General(CONFLICT),
    ),
    route(
        "/authorizations",
        Scope::Transactions,
        BackendError::Generic,
    ),
    route(
        "/authorization/{id}",
        Scope::Transactions,
        BackendError::Generic,
    ),
    route("/capture", Scope::Transactions, BackendError::Generic),
    route("/release", Scope::Transactions, BackendError::Generic),
    route("/return", Scope::Transactions, BackendError::Generic),
    route("/refund", Scope::Transactions, BackendError::Generic),
    route("/captures", Scope::Transactions, BackendError::Generic),
    route(
        "/merchants/information",
        Scope::Merchants,
        BackendError::Undocumented,
    ),
];

const fn route(path: &'static str, scope: Scope, backend: BackendError) -> Route {
    Route {
        path,
        scope,
        backend,
    }
}

/// The route a matched path template belongs to: the most specific entry wins, so
/// `/customers/{customer_id}/transactions` is a customer route, not a transaction one.
fn find(template: &str) -> Option<&'static Route> {
    let customer = template.contains("/customers/");
    ROUTES
        .iter()
        .filter(|route| {
            if customer {
                route.path == "/customers/"
            } else {
                template.ends_with(route.path)
            }
        })
        .max_by_key(|route| route.path.len())
}

/// The middleware: lets a request through to its handler only when the gate's checks pass.
pub(super) async fn check(
    State(sandbox): State<Sandbox>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let template = matched.as_ref().map_or("", MatchedPath::as_str);
    let Some(route) = find(template) else {
        return next.run(request).await;
    };
    match admit(&sandbox, &request, route) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn admit(sandbox: &Sandbox, request: &Request, route: &Route) -> Result<(), FlexitiError> {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .ok_or_else(FlexitiError::invalid_token)?;
    let client_id = request
        .uri()
        .path()
        .split("/client-id/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default();
    let grant = sandbox.flexiti.grant(token.trim(), client_id)?;
    if grant
        .scopes
        .as_ref()
        .is_some_and(|scopes| !scopes.contains(&route.scope))
    {
        return Err(FlexitiError::coded(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "Insufficient scope: authorized scope is insufficient",
        ));
    }
    let setup = &sandbox.config().merchant;
    if !setup.provisioned {
        return Err(FlexitiError::endpoint(
            CONFLICT,
            request.uri().path(),
            "invalid_role",
            "The Developer Portal account being used is not provisioned for the API being accessed. Please contact Flexiti Implementation Support.",
        ));
    }
    if !setup.set_up {
        let url = request.uri().path();
        match route.backend {
            BackendError::General(status) => {
                return Err(FlexitiError::endpoint(
                    status,
                    url,
                    "general_error",
                    "A generic error covering back-end process issues",
                ));
            }
            BackendError::Generic => {
                return Err(FlexitiError::endpoint(
                    CONFLICT,
                    url,
                    "generic_error",
                    "A generic error covering backend process issues",
                ));
            }
            BackendError::Undocumented => {}
        }
    }
    Ok(())
}

/// A set-up option an endpoint needs of the merchant, checked by the handler once the request
/// itself is valid (see [`crate::config::MerchantSetup`]).
#[derive(Debug, Clone, Copy)]
pub(super) enum Needs {
    /// Pre-authorizations configured: `auth_not_allowed` otherwise.
    PreAuthorization,
    /// A financing option configured: `plan_term_not_set` otherwise.
    Financing,
    /// The account type supported: `account_type_not_permitted` otherwise.
    AccountType,
    /// The employee permission for this action: `not_permitted` with this scenario otherwise.
    Permission(&'static str),
}

/// Refuses the request with the documented error of the first option in `needs` the merchant
/// lacks.
///
/// # Errors
/// `409` with the code of the missing option.
pub(super) fn require(sandbox: &Sandbox, url: &str, needs: &[Needs]) -> Result<(), FlexitiError> {
    let setup = &sandbox.config().merchant;
    for need in needs {
        let refusal = match *need {
            Needs::PreAuthorization if !setup.pre_authorization => Some((
                "auth_not_allowed",
                "Merchant has not been configured for preauthorization",
            )),
            Needs::Financing if !setup.financing => Some((
                "plan_term_not_set",
                "Merchant has not been configured for the financing option (Plan and Term or Regular Purchase).",
            )),
            Needs::AccountType if !setup.account_type => Some((
                "account_type_not_permitted",
                "The merchant is not able to support this account type.",
            )),
            Needs::Permission(scenario) if !setup.employee_permissions => {
                Some(("not_permitted", scenario))
            }
            _ => None,
        };
        if let Some((error, message)) = refusal {
            return Err(FlexitiError::endpoint(CONFLICT, url, error, message));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_template_finds_its_category() {
        let base = "/flexiti/pos-api/v2.5/client-id/{client_id}";
        for (path, scope) in [
            ("/customers/{customer_id}/transactions", Scope::Customers),
            ("/customers/lookup", Scope::Customers),
            ("/transactions", Scope::Transactions),
            (
                "/authorization/{id}/capture/{capture_id}/return",
                Scope::Transactions,
            ),
            (
                "/accounts/{account_number}/calculate-interest",
                Scope::Transactions,
            ),
            ("/merchants/information", Scope::Merchants),
            ("/merchants/login", Scope::Authentication),
            ("/widget/init", Scope::CreditApps),
        ] {
            let found = find(&format!("{base}{path}")).map(|route| route.scope);
            assert_eq!(found, Some(scope), "{path}");
        }
        assert!(find("/oauth/token").is_none());
    }
}
