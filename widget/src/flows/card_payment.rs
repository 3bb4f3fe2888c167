//! Paying by card: the number formatted and its brand shown as typed, the same checks the proxy
//! makes (`shared::card`) before anything is sent, one payment in flight at a time, and the result
//! by outcome class, in the shopper's language.

use leptos::{prelude::*, task::spawn_local};
use shared::{
    CardBrand, CardNextStep, CardPaymentRequest, CardPaymentResult, CardProblem, CheckoutView,
    ErrorCode, Locale, PaymentMethod, Sensitive, WidgetEvent, check_billing, check_cvc,
    check_expiry, check_number, format_amount, format_card_number,
};

use crate::{
    api,
    components::{
        error_summary::{ErrorSummary, focus_summary},
        text_input::TextInput,
    },
    events,
};

/// The card form's words.
struct Words {
    heading: &'static str,
    number: &'static str,
    expiry: &'static str,
    expiry_hint: &'static str,
    cvc: &'static str,
    name: &'static str,
    city: &'static str,
    postal_code: &'static str,
    pay: &'static str,
    paying: &'static str,
    problems: &'static str,
    paid: &'static str,
    reference: &'static str,
    ending: &'static str,
    network: &'static str,
}

const EN: Words = Words {
    heading: "Pay by card",
    number: "Card number",
    expiry: "Expiry date",
    expiry_hint: "MM/YY",
    cvc: "Security code",
    name: "Name on the card",
    city: "Billing city",
    postal_code: "Billing postal code",
    pay: "Pay",
    paying: "Paying…",
    problems: "There is a problem",
    paid: "Payment approved",
    reference: "Reference",
    ending: "Card ending in",
    network: "We couldn't connect. Nothing was charged twice: check your connection and try again.",
};

const FR: Words = Words {
    heading: "Payer par carte",
    number: "Numéro de carte",
    expiry: "Date d'expiration",
    expiry_hint: "MM/AA",
    cvc: "Code de sécurité",
    name: "Nom sur la carte",
    city: "Ville de facturation",
    postal_code: "Code postal de facturation",
    pay: "Payer",
    paying: "Paiement en cours…",
    problems: "Il y a un problème",
    paid: "Paiement approuvé",
    reference: "Référence",
    ending: "Carte se terminant par",
    network: "Connexion impossible. Rien n'a été facturé deux fois : vérifiez votre connexion et réessayez.",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::EnCa => &EN,
        Locale::FrCa => &FR,
    }
}

/// What the shopper typed.
#[derive(Clone, Copy)]
struct Fields {
    number: RwSignal<String>,
    expiry: RwSignal<String>,
    cvc: RwSignal<String>,
    name: RwSignal<String>,
    city: RwSignal<String>,
    postal_code: RwSignal<String>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            number: RwSignal::new(String::new()),
            expiry: RwSignal::new(String::new()),
            cvc: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            postal_code: RwSignal::new(String::new()),
        }
    }

    /// The request, or the problems in the order of the form.
    fn request(self, revision: u32) -> Result<CardPaymentRequest, Vec<CardProblem>> {
        let mut problems = Vec::new();
        let brand = check_number(&self.number.get_untracked())
            .map_err(|problem| problems.push(problem))
            .ok();
        let (month, year) = expiry(&self.expiry.get_untracked()).unwrap_or((0, 0));
        if check_expiry(month, year, today()).is_err() {
            problems.push(CardProblem::Expiry);
        }
        let cvc = self.cvc.get_untracked();
        if check_cvc(&cvc, brand.unwrap_or(CardBrand::Visa)).is_err() {
            problems.push(CardProblem::Cvc);
        }
        let name = self.name.get_untracked();
        if name.trim().is_empty() {
            problems.push(CardProblem::Name);
        }
        if let Err(problem) = check_billing(
            &self.city.get_untracked(),
            &self.postal_code.get_untracked(),
        ) {
            problems.push(problem);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CardPaymentRequest {
            number: Sensitive::new(self.number.get_untracked()),
            expiry_month: month,
            expiry_year: year,
            cvc: Sensitive::new(cvc),
            holder_name: name,
            city: self.city.get_untracked(),
            postal_code: self.postal_code.get_untracked(),
            revision,
        })
    }
}

/// The expiry as the shopper should see it while typing: `MM/YY`.
fn format_expiry(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).take(4).collect();
    match digits.split_at_checked(2) {
        Some((month, year)) if !year.is_empty() => format!("{month}/{year}"),
        _ => digits,
    }
}

/// `MM/YY` (or `MMYY`) as (month, four-digit year).
fn expiry(typed: &str) -> Option<(u8, u16)> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let (month, year) = digits.split_at_checked(2)?;
    let year: u16 = year.parse().ok()?;
    Some((month.parse().ok()?, 2000 + year))
}

/// Today's (year, month), from the shopper's clock: the proxy checks again with its own.
fn today() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).unwrap_or(u16::MAX);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(12);
    (year, month)
}

/// The card form, then its result.
#[component]
pub fn CardPayment(
    /// The shopper's language.
    locale: Locale,
    /// The session, kept current: its amount and revision.
    session: RwSignal<CheckoutView>,
) -> impl IntoView {
    let words = words(locale);
    let fields = Fields::new();
    let problems = RwSignal::new(Vec::<CardProblem>::new());
    let in_flight = RwSignal::new(false);
    let result = RwSignal::new(None::<CardPaymentResult>);
    let failure = RwSignal::new(None::<String>);
    let amount = move || format_amount(session.get().amount_cents, locale);

    // The message of `field`'s problem, while it has one.
    let problem = move |field: CardProblem| {
        Signal::derive(move || {
            problems
                .get()
                .contains(&field)
                .then(|| field.message(locale).to_owned())
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if in_flight.get_untracked() {
            return;
        }
        let current = session.get_untracked();
        let (amount_cents, currency) = (current.amount_cents, current.currency);
        let request = match fields.request(current.revision) {
            Ok(request) => request,
            Err(found) => {
                problems.set(found);
                focus_summary();
                return;
            }
        };
        problems.set(Vec::new());
        failure.set(None);
        in_flight.set(true);
        spawn_local(async move {
            match api::card_payment(&request).await {
                Ok(paid) if paid.outcome.is_approved() => {
                    events::send(WidgetEvent::PaymentSucceeded {
                        method: PaymentMethod::Card,
                        amount_cents,
                        currency,
                    });
                    result.set(Some(paid));
                }
                Ok(declined) => {
                    events::send(WidgetEvent::PaymentFailed {
                        method: PaymentMethod::Card,
                        code: None,
                    });
                    failure.set(Some(declined.message));
                }
                Err(api::ApiFailure::Refused(error)) => {
                    events::send(WidgetEvent::PaymentFailed {
                        method: PaymentMethod::Card,
                        code: Some(error.code),
                    });
                    if error.code == ErrorCode::AmountChanged {
                        crate::refresh_session(session).await;
                    }
                    failure.set(Some(error.message));
                }
                Err(api::ApiFailure::Network) => failure.set(Some(words.network.to_owned())),
            }
            in_flight.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="card-heading">
            <h1 id="card-heading" class="heading">{words.heading}" · "{amount}</h1>
            <Show
                when=move || result.get().is_none()
                fallback=move || view! { <Receipt locale result=result.get().expect("shown only when paid") /> }
            >
                <ErrorSummary title=words.problems problems=Signal::derive(move || {
                    problems.get().into_iter().map(|problem| (problem.field(), problem.message(locale).to_owned())).collect::<Vec<_>>()
                }) />
                {move || failure.get().map(|message| view! {
                    <div class="notice notice--error" role="alert"><p class="notice__message">{message}</p></div>
                })}
                <form class="form" novalidate on:submit=submit>
                    <TextInput id="number" label=words.number value=fields.number autocomplete="cc-number"
                        inputmode="numeric" error=problem(CardProblem::Number) format=format_card_number />
                    <p class="field__hint" id="number-brand" aria-live="polite">
                        {move || check_number_brand(&fields.number.get()).map(CardBrand::label)}
                    </p>
                    <TextInput id="expiry_month" label=words.expiry hint=words.expiry_hint value=fields.expiry
                        autocomplete="cc-exp" inputmode="numeric" error=problem(CardProblem::Expiry) format=format_expiry />
                    <TextInput id="cvc" label=words.cvc value=fields.cvc autocomplete="cc-csc"
                        inputmode="numeric" error=problem(CardProblem::Cvc) />
                    <TextInput id="holder_name" label=words.name value=fields.name autocomplete="cc-name"
                        error=problem(CardProblem::Name) />
                    <TextInput id="city" label=words.city value=fields.city autocomplete="address-level2"
                        error=problem(CardProblem::City) />
                    <TextInput id="postal_code" label=words.postal_code value=fields.postal_code
                        autocomplete="postal-code" error=problem(CardProblem::PostalCode) />
                    <button type="submit" class="button button--primary" disabled=move || in_flight.get()>
                        {move || if in_flight.get() { words.paying.to_owned() } else { format!("{} {}", words.pay, amount()) }}
                    </button>
                </form>
            </Show>
        </section>
    }
}

/// The brand of a number being typed, before it is complete.
fn check_number_brand(typed: &str) -> Option<CardBrand> {
    CardBrand::of(&shared::card_digits(typed))
}

/// The approved payment: last four digits and our reference, nothing more.
#[component]
fn Receipt(locale: Locale, result: CardPaymentResult) -> impl IntoView {
    let words = words(locale);
    let done = result.next_step == CardNextStep::Done;
    view! {
        <div class="receipt" role="status">
            <p class="receipt__title">{if done { words.paid } else { "" }}</p>
            <p>{words.ending}" "{result.last_four.unwrap_or_default()}</p>
            <p>{words.reference}" "<span class="receipt__reference">{result.merchant_transaction_id}</span></p>
        </div>
    }
}
