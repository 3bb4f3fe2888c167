//! Walks the Flexiti POS API docs against the sandbox over HTTP: for each endpoint a success with
//! the documented shape, and each documented error with its status and body. Ends with a count of
//! what is covered out of what the docs list.

mod applications;
mod authorization_states;
mod authorizations;
mod customers;
mod licences;
mod merchant;
mod purchases;
mod setup;
mod walk;

use sandbox::SandboxConfig;

use walk::{DOCUMENTED_ENDPOINTS, DOCUMENTED_ERRORS, Walk};

/// Documented error codes that no documented request can produce, and why.
const WITHOUT_TRIGGER: [(&str, &str); 1] = [(
    "creditapp_id_not_found",
    "no documented endpoint takes a credit application id",
)];

#[tokio::test]
async fn the_docs_walk_over_the_pos_api() {
    let mut walk = Walk::start(SandboxConfig::default()).await;
    merchant::merchant_endpoints(&mut walk).await;
    applications::credit_applications(&mut walk).await;
    applications::application_validations(&mut walk).await;
    customers::finding_customers(&mut walk).await;
    customers::verifying(&mut walk).await;
    purchases::purchasing(&mut walk).await;
    authorizations::authorizing(&mut walk).await;
    authorization_states::authorization_states(&mut walk).await;
    licences::scanning_licences(&mut walk).await;
    setup::merchant_set_up(&mut walk).await;
    report(&walk);
}

/// Prints what the walk covered and checks every simulated endpoint answered a success.
fn report(walk: &Walk) {
    let endpoints = DOCUMENTED_ENDPOINTS
        .iter()
        .filter(|endpoint| walk.endpoints.contains(*endpoint))
        .count();
    let errors = DOCUMENTED_ERRORS
        .iter()
        .filter(|error| walk.errors.contains(**error))
        .count();
    let missing: Vec<&&str> = DOCUMENTED_ENDPOINTS
        .iter()
        .filter(|endpoint| !walk.endpoints.contains(*endpoint))
        .collect();
    let unreached: Vec<&&str> = DOCUMENTED_ERRORS
        .iter()
        .filter(|error| !walk.errors.contains(**error))
        .collect();
    let untriggerable: Vec<&str> = WITHOUT_TRIGGER.iter().map(|(code, _)| *code).collect();
    println!(
        "Flexiti POS API conformance: {endpoints}/{} endpoints, {errors}/{} documented error codes; endpoints not yet simulated: {missing:?}; error codes not yet reached: {unreached:?}; of which no documented request can produce: {WITHOUT_TRIGGER:?}",
        DOCUMENTED_ENDPOINTS.len(),
        DOCUMENTED_ERRORS.len(),
    );
    let reachable_but_missed: Vec<&&str> = unreached
        .iter()
        .copied()
        .filter(|code| !untriggerable.contains(code))
        .collect();
    assert!(
        reachable_but_missed.is_empty(),
        "documented error codes the walk no longer reaches: {reachable_but_missed:?}"
    );
    assert_eq!(
        endpoints, 23,
        "a simulated endpoint was not walked, or a new one is not counted yet"
    );
}
