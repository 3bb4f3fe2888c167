//! The Flexiti credit application: four short steps (GOV.UK's one-thing-per-page, loosened to
//! one topic per page), the same rules as the proxy run before anything is sent, then Flexiti's
//! decision. Approved, the shopper pays with the new account at once; in Quebec they first see
//! the debt ratio and may cancel the account.

mod draft;
mod fields;
mod form_screen;
mod outcome;
mod paying;
mod sections;
mod words;

use leptos::{prelude::*, task::spawn_local};
use shared::{
    AccountSummary, ApiError, ApplicantField, ApplicationApproval, ApplicationStatus, CheckoutView,
    ErrorCode, Locale, PaymentMethod, Step, WidgetEvent,
};

use self::{
    draft::{Draft, Section, Shown, today, told},
    form_screen::{FormScreen, NetworkNotice},
    outcome::{Approval, ConfirmCancel, Refusal},
    paying::PayWithOpenedAccount,
    words::words,
};
use crate::{
    api::{self, ApiFailure},
    components::{
        error_summary::focus_summary,
        retry_notice::{RetryNotice, failure_message},
    },
    events,
    loaded::Loaded,
};

/// Where the applicant is.
#[derive(Clone)]
enum Stage {
    /// Filling the form.
    Form,
    /// Approved: the credit, and in Quebec the choice to keep it.
    Approved(ApplicationApproval),
    /// Quebec: asked to cancel, not yet confirmed.
    ConfirmCancel(ApplicationApproval),
    /// Quebec: the account is closed.
    Cancelled,
    /// Paying with the new account.
    Paying(ApplicationApproval),
    /// Not approved, or refused: why, and what next.
    Refused(ApiError),
}

/// The id of the heading that takes focus whenever the screen changes.
const HEADING: &str = "application-heading";

/// Moves focus to the new screen's heading once it is drawn.
fn focus_heading() {
    request_animation_frame(|| crate::focus(HEADING));
}

/// Loads the form's options, then shows the application; a failed load offers to try again.
#[component]
pub fn CreditApplication(
    /// The shopper's language.
    locale: Locale,
    /// The session, kept current.
    session: RwSignal<CheckoutView>,
    /// Switches the widget to another way to pay.
    switch_to: Callback<PaymentMethod>,
) -> impl IntoView {
    let w = words(locale);
    let config =
        Loaded::<shared::FormConfig>::new(move || Some(api::get(api::form_config(locale))));
    let content = move || match config.answer() {
        None => view! { <p class="status" role="status">{crate::i18n::text(locale).loading}</p> }
            .into_any(),
        Some(Ok(config)) => view! { <Application locale session config switch_to /> }.into_any(),
        Some(Err(failure)) => view! {
            <RetryNotice locale message=failure_message(&failure, locale)
                on_retry=Callback::new(move |()| config.refetch()) />
        }
        .into_any(),
    };
    view! {
        <section class="application" aria-labelledby="application-title">
            <h1 id="application-title" class="heading">{w.heading}</h1>
            {content}
        </section>
    }
}

/// The amount as a shopper would type it: `1200.00`, `1200,00`.
fn dollars_text(cents: u64, locale: Locale) -> String {
    let mark = locale.pick(".", ",");
    format!("{}{mark}{:02}", cents / 100, cents % 100)
}

/// The application itself, once its options are known.
#[component]
fn Application(
    locale: Locale,
    session: RwSignal<CheckoutView>,
    config: shared::FormConfig,
    switch_to: Callback<PaymentMethod>,
) -> impl IntoView {
    let w = words(locale);
    // An approved applicant pays with the account flow: fetched while they fill the form, and
    // not before the form works.
    spawn_local(async {
        let _ = crate::flows::parts::fetch(PaymentMethod::FlexitiAccount).await;
    });
    let config = StoredValue::new(config);
    let amount = session.with_untracked(|session| dollars_text(session.amount_cents, locale));
    let draft = Draft::new(locale, amount);
    let section = RwSignal::new(Section::About);
    let problems = RwSignal::new(Vec::<Shown>::new());
    let stage = RwSignal::new(Stage::Form);
    let busy = RwSignal::new(false);
    let network = RwSignal::new(false);
    // Disclosures are Flexiti's words beside ours: without them the form still works.
    let disclosures =
        Loaded::<shared::Disclosures>::new(move || Some(api::get(api::disclosures(locale))));
    let disclosure = move |pick: fn(shared::Disclosures) -> Option<String>| {
        Signal::derive(move || disclosures.answer().and_then(Result::ok).and_then(pick))
    };

    let to_stage = move |next: Stage| {
        stage.set(next);
        focus_heading();
    };
    let show = move |found: Vec<Shown>| {
        if let Some((first, _)) = found.first() {
            section.set(Section::of(*first));
        }
        stage.set(Stage::Form);
        problems.set(found);
        focus_summary();
    };
    let send = move |application: shared::CreditApplication| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        network.set(false);
        spawn_local(async move {
            match api::apply(&application).await {
                Ok(approval) => {
                    events::send(WidgetEvent::ApplicationResult {
                        status: ApplicationStatus::Approved,
                    });
                    events::send(WidgetEvent::StepChanged { step: Step::Result });
                    to_stage(Stage::Approved(approval));
                }
                Err(ApiFailure::Refused(error)) if !error.fields.is_empty() => {
                    show(server_problems(&error));
                }
                Err(ApiFailure::Refused(error)) => {
                    announce_refusal(error.code);
                    to_stage(Stage::Refused(error));
                }
                Err(ApiFailure::Network) => network.set(true),
            }
            busy.set(false);
        });
    };
    // Continue checks this step's fields; the last step checks them all and sends.
    let submit = move || {
        let current = section.get_untracked();
        let checked = config.with_value(|config| draft.read().application(today(), Some(config)));
        let found: Vec<_> = match &checked {
            Ok(_) => Vec::new(),
            Err(found) => found
                .iter()
                .filter(|problem| {
                    current == Section::Security || Section::of(problem.field) == current
                })
                .copied()
                .collect(),
        };
        if !found.is_empty() {
            return show(told(&found, locale));
        }
        problems.set(Vec::new());
        match (current.next(), checked) {
            (Some(next), _) => {
                section.set(next);
                focus_heading();
            }
            (None, Ok(application)) => send(application),
            (None, Err(_)) => {}
        }
    };
    let back = move || {
        if let Some(previous) = section.get_untracked().previous() {
            problems.set(Vec::new());
            section.set(previous);
            focus_heading();
        }
    };

    let form = move || {
        view! {
            <FormScreen locale draft config section problems busy network
                privacy=disclosure(|d| d.privacy) credit=disclosure(|d| d.credit)
                on_submit=Callback::new(move |()| submit())
                on_back=Callback::new(move |()| back()) />
        }
    };
    let offered = move |method| session.with(|session| session.methods.contains(&method));
    view! {
        {move || match stage.get() {
            Stage::Form => form().into_any(),
            Stage::Approved(approval) => {
                let kept = approval.clone();
                let asked = approval.clone();
                view! {
                    <h2 id=HEADING class="heading heading--step" tabindex="-1">{w.approved}</h2>
                    <Approval locale approval disclosure_html=disclosure(|d| d.debt_ratio)
                        on_keep=Callback::new(move |()| to_stage(Stage::Paying(kept.clone())))
                        on_cancel=Callback::new(move |()| to_stage(Stage::ConfirmCancel(asked.clone()))) />
                }
                .into_any()
            }
            Stage::ConfirmCancel(approval) => view! {
                <h2 id=HEADING class="heading heading--step" tabindex="-1">{w.confirm_cancel_heading}</h2>
                <ConfirmCancel locale busy
                    on_confirm=Callback::new(move |()| cancel_account(busy, network, to_stage))
                    on_back=Callback::new(move |()| to_stage(Stage::Approved(approval.clone()))) />
                <NetworkNotice locale network />
            }
            .into_any(),
            Stage::Cancelled => view! {
                <h2 id=HEADING class="heading heading--step" tabindex="-1">{w.cancelled_heading}</h2>
                <p class="receipt" role="status">{w.cancelled}</p>
            }
            .into_any(),
            Stage::Paying(approval) => {
                let quebec = approval.debt_ratio_basis_points.is_some();
                let summary = AccountSummary {
                    available_credit_cents: approval.available_credit_cents,
                    security_questions: Vec::new(),
                    offers: approval.offers,
                };
                view! {
                    {quebec.then(|| view! { <p class="status" role="status">{w.kept}</p> })}
                    <PayWithOpenedAccount locale session summary switch_to />
                }
                .into_any()
            }
            Stage::Refused(error) => {
                let retry_on = Section::Security;
                let check_on = if error.code == ErrorCode::TermsNotAccepted {
                    Section::Security
                } else {
                    Section::About
                };
                view! {
                    <h2 id=HEADING class="heading heading--step" tabindex="-1">{w.not_approved}</h2>
                    <Refusal locale error
                        can_use_account=offered(PaymentMethod::FlexitiAccount)
                        has_other_way=offered(PaymentMethod::Card) || offered(PaymentMethod::FlexitiAccount)
                        on_use_account=Callback::new(move |()| switch_to.run(PaymentMethod::FlexitiAccount))
                        on_check_details=Callback::new(move |()| {
                            section.set(check_on);
                            to_stage(Stage::Form);
                        })
                        on_try_again=Callback::new(move |()| {
                            section.set(retry_on);
                            stage.set(Stage::Form);
                            submit();
                        }) />
                }
                .into_any()
            }
        }}
    }
}

/// The proxy's field errors, on the form's fields (those it names that the form has).
fn server_problems(error: &ApiError) -> Vec<Shown> {
    let mut found: Vec<Shown> = error
        .fields
        .iter()
        .filter_map(|field| {
            ApplicantField::from_upstream(&field.field).map(|at| (at, field.message.clone()))
        })
        .collect();
    ApplicantField::sort_in_form_order(&mut found, |(field, _)| *field);
    found
}

/// Tells the host page how the application ended, when a refusal is an ending.
fn announce_refusal(code: ErrorCode) {
    let status = match code {
        ErrorCode::ApplicationDeclined => ApplicationStatus::Declined,
        ErrorCode::ApplicationPending => ApplicationStatus::Pending,
        _ => return,
    };
    events::send(WidgetEvent::ApplicationResult { status });
    events::send(WidgetEvent::StepChanged { step: Step::Result });
}

/// Closes the Quebec account just opened, then says so.
fn cancel_account(
    busy: RwSignal<bool>,
    network: RwSignal<bool>,
    to_stage: impl Fn(Stage) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    network.set(false);
    spawn_local(async move {
        match api::cancel_application().await {
            Ok(()) => {
                events::send(WidgetEvent::ApplicationResult {
                    status: ApplicationStatus::Cancelled,
                });
                to_stage(Stage::Cancelled);
            }
            Err(ApiFailure::Refused(error)) => to_stage(Stage::Refused(error)),
            Err(ApiFailure::Network) => network.set(true),
        }
        busy.set(false);
    });
}
