//! Paying with an existing Flexiti account: find it (by card number, or by who the shopper is),
//! verify it is theirs (a security question, or a code by text or e-mail), choose a plan with
//! what it costs a month, confirm. Each refusal shows the catalogue's message.

use leptos::{prelude::*, task::spawn_local};
use shared::{
    AccountLookup, AccountSummary, CheckoutView, ErrorCode, Locale, PaymentMethod, PlanQuote,
    PurchaseReceipt, PurchaseRequest, QuoteRequest, Sensitive, Step, VerificationMethod,
    VerifyRequest, VerifyResult, WidgetEvent, format_amount,
};

use crate::{
    api::{self, ApiFailure},
    components::text_input::TextInput,
    events,
};

/// The flow's words.
struct Words {
    heading: &'static str,
    card_number: &'static str,
    find_by: &'static str,
    by_identity: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    dob: &'static str,
    dob_hint: &'static str,
    postal_code: &'static str,
    find: &'static str,
    question: &'static str,
    answer: &'static str,
    piw: &'static str,
    piw_hint: &'static str,
    verify: &'static str,
    by_sms: &'static str,
    by_email: &'static str,
    code: &'static str,
    code_sent: &'static str,
    plan: &'static str,
    per_month: &'static str,
    fees: &'static str,
    rate: &'static str,
    months: &'static str,
    confirm: &'static str,
    paid: &'static str,
    available: &'static str,
    network: &'static str,
    pay_by_card: &'static str,
}

const EN: Words = Words {
    heading: "Pay with your Flexiti account",
    card_number: "Flexiti card number",
    find_by: "Find your account by",
    by_identity: "Name, date of birth and postal code",
    first_name: "First name",
    last_name: "Last name",
    dob: "Date of birth",
    dob_hint: "YYYY-MM-DD, for example 1988-08-08",
    postal_code: "Postal code",
    find: "Find my account",
    question: "Security question",
    answer: "Your answer",
    piw: "Personal identification word (optional)",
    piw_hint: "The word you chose when you opened your account.",
    verify: "Continue",
    by_sms: "Text me a code instead",
    by_email: "Email me a code instead",
    code: "Verification code",
    code_sent: "We sent you a code. Enter it to confirm your purchase.",
    plan: "Financing plan",
    per_month: "a month",
    fees: "Fees:",
    rate: "Annual rate:",
    months: "months",
    confirm: "Confirm and pay",
    paid: "Purchase approved",
    available: "Available credit:",
    network: "We couldn't connect. Check your connection and try again.",
    pay_by_card: "Pay by card instead",
};

const FR: Words = Words {
    heading: "Payer avec votre compte Flexiti",
    card_number: "Numéro de carte Flexiti",
    find_by: "Trouver votre compte par",
    by_identity: "Nom, date de naissance et code postal",
    first_name: "Prénom",
    last_name: "Nom de famille",
    dob: "Date de naissance",
    dob_hint: "AAAA-MM-JJ, par exemple 1988-08-08",
    postal_code: "Code postal",
    find: "Trouver mon compte",
    question: "Question de sécurité",
    answer: "Votre réponse",
    piw: "Mot d'identification personnel (facultatif)",
    piw_hint: "Le mot que vous avez choisi à l'ouverture de votre compte.",
    verify: "Continuer",
    by_sms: "M'envoyer plutôt un code par texto",
    by_email: "M'envoyer plutôt un code par courriel",
    code: "Code de vérification",
    code_sent: "Nous vous avons envoyé un code. Entrez-le pour confirmer votre achat.",
    plan: "Plan de financement",
    per_month: "par mois",
    fees: "Frais :",
    rate: "Taux annuel :",
    months: "mois",
    confirm: "Confirmer et payer",
    paid: "Achat approuvé",
    available: "Crédit disponible :",
    network: "Connexion impossible. Vérifiez votre connexion et réessayez.",
    pay_by_card: "Payer plutôt par carte",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::EnCa => &EN,
        Locale::FrCa => &FR,
    }
}

/// Where the shopper is in the flow.
#[derive(Clone)]
enum Stage {
    Find,
    Verify(AccountSummary),
    Plan {
        summary: AccountSummary,
        code_sent: bool,
    },
    Done(PurchaseReceipt),
}

/// The flow.
#[component]
pub fn FlexitiAccount(
    /// The shopper's language.
    locale: Locale,
    /// The session, kept current: its amount and revision.
    session: RwSignal<CheckoutView>,
    /// An account the shopper has just opened and verified here: the flow starts at the plans.
    #[prop(optional)]
    opened: Option<AccountSummary>,
    /// Switches the widget to another way to pay (after "not enough credit": the card).
    #[prop(optional)]
    switch_to: Option<Callback<PaymentMethod>>,
) -> impl IntoView {
    let words = words(locale);
    let stage = RwSignal::new(match opened {
        Some(summary) => Stage::Plan {
            summary,
            code_sent: false,
        },
        None => Stage::Find,
    });
    // Each refusal is numbered, so that the same refusal twice is drawn (and announced) anew.
    let failure = RwSignal::new(None::<(u32, String)>);
    let short_of_credit = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let fail = move |error: ApiFailure| {
        short_of_credit.set(matches!(
            &error,
            ApiFailure::Refused(refusal) if refusal.code == ErrorCode::NotEnoughCredit
        ));
        let message = match error {
            ApiFailure::Refused(error) => error.message,
            ApiFailure::Network => words.network.to_owned(),
        };
        let attempt = failure.with_untracked(|shown| shown.as_ref().map_or(1, |(n, _)| n + 1));
        failure.set(Some((attempt, message)));
    };
    let card_offered =
        move || session.with(|session| session.methods.contains(&PaymentMethod::Card));
    // Not enough credit: the card is one click away, when the merchant takes cards.
    let pay_by_card = move || {
        let switch = switch_to.filter(|_| short_of_credit.get() && card_offered())?;
        Some(view! {
            <button type="button" class="button button--primary" id="pay-by-card-instead"
                on:click=move |_| switch.run(PaymentMethod::Card)>{words.pay_by_card}</button>
        })
    };
    let advance = move |next: Stage, step: Step| {
        failure.set(None);
        stage.set(next);
        events::send(WidgetEvent::StepChanged { step });
        // The new step is announced, and the keyboard starts from its top.
        crate::focus("account-heading");
    };
    view! {
        <section class="account" aria-labelledby="account-heading">
            <h1 id="account-heading" class="heading" tabindex="-1">{words.heading}</h1>
            {move || failure.get().map(|(attempt, message)| view! {
                <div class="notice notice--error" role="alert" data-attempt=attempt>
                    <p class="notice__message">{message}</p>
                </div>
            })}
            {pay_by_card}
            {move || match stage.get() {
                Stage::Find => view! { <Find locale busy advance fail /> }.into_any(),
                Stage::Verify(summary) => view! { <Verify locale summary busy advance fail /> }.into_any(),
                Stage::Plan { summary, code_sent } => view! {
                    <Plan locale summary code_sent session busy advance fail />
                }.into_any(),
                Stage::Done(receipt) => view! { <Receipt locale receipt /> }.into_any(),
            }}
        </section>
    }
}

/// Runs `call`, marking the flow busy meanwhile; its result goes to `then`, a refusal to `fail`.
fn run<T: 'static>(
    busy: RwSignal<bool>,
    call: impl Future<Output = Result<T, ApiFailure>> + 'static,
    then: impl FnOnce(T) + 'static,
    fail: impl Fn(ApiFailure) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    spawn_local(async move {
        match call.await {
            Ok(value) => then(value),
            Err(error) => fail(error),
        }
        busy.set(false);
    });
}

/// Step 1: the Flexiti card number, or who the shopper is.
#[component]
fn Find(
    locale: Locale,
    busy: RwSignal<bool>,
    advance: impl Fn(Stage, Step) + Copy + 'static,
    fail: impl Fn(ApiFailure) + Copy + 'static,
) -> impl IntoView {
    let words = words(locale);
    let by_card = RwSignal::new(true);
    let number = RwSignal::new(String::new());
    let (first, last, dob, postal) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lookup = if by_card.get_untracked() {
            AccountLookup::Card {
                vcc_number: Sensitive::new(shared::card_digits(&number.get_untracked())),
            }
        } else {
            AccountLookup::Person {
                first_name: first.get_untracked(),
                last_name: last.get_untracked(),
                dob: dob.get_untracked(),
                postal_code: postal.get_untracked(),
            }
        };
        run(
            busy,
            async move { api::account_lookup(&lookup).await },
            move |summary| advance(Stage::Verify(summary), Step::Account),
            fail,
        );
    };
    let none = Signal::derive(|| None::<String>);
    view! {
        <fieldset class="methods">
            <legend class="methods__legend">{words.find_by}</legend>
            <label class="choice"><input type="radio" name="find" value="card"
                checked=move || by_card.get() on:change=move |_| by_card.set(true) />" "{words.card_number}</label>
            <label class="choice"><input type="radio" name="find" value="person"
                checked=move || !by_card.get() on:change=move |_| by_card.set(false) />" "{words.by_identity}</label>
        </fieldset>
        <form class="form" novalidate on:submit=submit>
            <Show when=move || by_card.get()
                fallback=move || view! {
                    <TextInput id="first_name" label=words.first_name value=first autocomplete="given-name" error=none />
                    <TextInput id="last_name" label=words.last_name value=last autocomplete="family-name" error=none />
                    <TextInput id="dob" label=words.dob hint=words.dob_hint value=dob autocomplete="bday" error=none />
                    <TextInput id="lookup_postal_code" label=words.postal_code value=postal autocomplete="postal-code" error=none />
                }>
                <TextInput id="vcc_number" label=words.card_number value=number autocomplete="off"
                    inputmode="numeric" error=none format=shared::format_card_number />
            </Show>
            <button type="submit" class="button button--primary" disabled=move || busy.get()>{words.find}</button>
        </form>
    }
}

/// Step 2: a security question, or a code by text or e-mail.
#[component]
fn Verify(
    locale: Locale,
    summary: AccountSummary,
    busy: RwSignal<bool>,
    advance: impl Fn(Stage, Step) + Copy + 'static,
    fail: impl Fn(ApiFailure) + Copy + 'static,
) -> impl IntoView {
    let words = words(locale);
    let answer = RwSignal::new(String::new());
    let piw = RwSignal::new(String::new());
    let question = summary.security_questions.first().cloned();
    let summary = StoredValue::new(summary);
    let verify = move |method: VerificationMethod, question_id: Option<String>| {
        let request = VerifyRequest {
            method,
            question_id,
            answer: (method == VerificationMethod::SecurityQuestion)
                .then(|| Sensitive::new(answer.get_untracked())),
            piw: Some(piw.get_untracked())
                .filter(|piw| !piw.trim().is_empty())
                .map(Sensitive::new),
        };
        run(
            busy,
            async move { api::account_verify(&request).await },
            move |result| {
                let code_sent = matches!(result, VerifyResult::CodeSent { .. });
                advance(
                    Stage::Plan {
                        summary: summary.get_value(),
                        code_sent,
                    },
                    Step::Plan,
                );
            },
            fail,
        );
    };
    let question_id = question.as_ref().map(|q| q.id.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        verify(VerificationMethod::SecurityQuestion, question_id.clone());
    };
    let available = format_amount(summary.with_value(|s| s.available_credit_cents), locale);
    view! {
        <p>{words.available}" "{available}</p>
        <form class="form" novalidate on:submit=submit>
            <p class="field__label">{words.question}</p>
            <p id="security-question">{question.map(|q| q.text)}</p>
            <TextInput id="piw" label=words.piw hint=words.piw_hint value=piw autocomplete="off"
                error=Signal::derive(|| None::<String>) />
            <TextInput id="security_answer" label=words.answer value=answer autocomplete="off"
                error=Signal::derive(|| None::<String>) />
            <button type="submit" class="button button--primary" disabled=move || busy.get()>{words.verify}</button>
        </form>
        <p>
            <button type="button" class="button" id="verify-by-sms" on:click=move |_| verify(VerificationMethod::Sms, None)>{words.by_sms}</button>
            " "
            <button type="button" class="button" id="verify-by-email" on:click=move |_| verify(VerificationMethod::Email, None)>{words.by_email}</button>
        </p>
    }
}

/// Step 3: a plan and term, what they cost, and the confirmation.
#[component]
fn Plan(
    locale: Locale,
    summary: AccountSummary,
    code_sent: bool,
    session: RwSignal<CheckoutView>,
    busy: RwSignal<bool>,
    advance: impl Fn(Stage, Step) + Copy + 'static,
    fail: impl Fn(ApiFailure) + Copy + 'static,
) -> impl IntoView {
    let words = words(locale);
    let choices: Vec<(String, u32, String)> = summary
        .offers
        .iter()
        .flat_map(|offer| {
            offer
                .terms
                .iter()
                .map(move |term| (offer.plan_id.clone(), *term, offer.name.clone()))
        })
        .collect();
    let chosen = RwSignal::new(choices.first().map(|(plan, term, _)| (plan.clone(), *term)));
    let quote = RwSignal::new(None::<PlanQuote>);
    let code = RwSignal::new(String::new());
    Effect::new(move || {
        if let Some((plan_id, term)) = chosen.get() {
            let request = QuoteRequest { plan_id, term };
            spawn_local(async move {
                if let Ok(priced) = api::account_quote(&request).await {
                    quote.set(Some(priced));
                }
            });
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some((plan_id, term)) = chosen.get_untracked() else {
            return;
        };
        let current = session.get_untracked();
        let request = PurchaseRequest {
            plan_id,
            term,
            verification_code: code_sent.then(|| Sensitive::new(code.get_untracked())),
            revision: current.revision,
        };
        let (amount_cents, currency) = (current.amount_cents, current.currency);
        run(
            busy,
            async move { api::account_purchase(&request).await },
            move |receipt| {
                events::send(WidgetEvent::PaymentSucceeded {
                    method: PaymentMethod::FlexitiAccount,
                    amount_cents,
                    currency,
                });
                advance(Stage::Done(receipt), Step::Result);
            },
            move |error| {
                let code = match &error {
                    ApiFailure::Refused(refusal) => Some(refusal.code),
                    ApiFailure::Network => None,
                };
                events::send(WidgetEvent::PaymentFailed {
                    method: PaymentMethod::FlexitiAccount,
                    code,
                });
                fail(error);
            },
        );
    };
    let options = choices
        .into_iter()
        .map(|(plan, term, name)| {
            let value = format!("{plan}:{term}");
            view! { <option value=value>{format!("{name} · {term} {}", words.months)}</option> }
        })
        .collect_view();
    view! {
        <form class="form" novalidate on:submit=submit>
            <div class="field">
                <label class="field__label" for="plan">{words.plan}</label>
                <select id="plan" class="field__select" on:change=move |event| {
                    let picked = event_target_value(&event);
                    let parsed = picked.split_once(':').and_then(|(plan, term)| Some((plan.to_owned(), term.parse().ok()?)));
                    chosen.set(parsed);
                }>{options}</select>
            </div>
            <div class="quote" role="status" aria-live="polite">
                {move || quote.get().map(|quote| view! {
                    <p class="quote__monthly">{format_amount(quote.monthly_payment_cents, locale)}" "{words.per_month}</p>
                    <p>{words.fees}" "{format_amount(quote.admin_fee_cents, locale)}
                       " · "{words.rate}" "{format!("{}.{:02} %", quote.apr_basis_points / 100, quote.apr_basis_points % 100)}</p>
                })}
            </div>
            {code_sent.then(|| view! {
                <p>{words.code_sent}</p>
                <TextInput id="verification_code" label=words.code value=code autocomplete="one-time-code"
                    inputmode="numeric" error=Signal::derive(|| None::<String>) />
            })}
            <button type="submit" id="confirm-purchase" class="button button--primary" disabled=move || busy.get()>{words.confirm}</button>
        </form>
    }
}

/// The approved purchase.
#[component]
fn Receipt(locale: Locale, receipt: PurchaseReceipt) -> impl IntoView {
    let words = words(locale);
    view! {
        <div class="receipt" role="status">
            <p class="receipt__title">{words.paid}</p>
            <p>{receipt.plan_name}{receipt.term.map(|term| format!(" · {term} {}", words.months))}</p>
            <p>{format_amount(receipt.monthly_payment_cents, locale)}" "{words.per_month}</p>
            <p>{words.available}" "{format_amount(receipt.remaining_credit_cents, locale)}</p>
        </div>
    }
}
