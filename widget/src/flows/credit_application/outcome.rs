//! What the applicant sees once Flexiti has decided: the new credit (in Quebec with the debt
//! ratio and the right to cancel, confirmed either way), or why not and what to do next.

use leptos::prelude::*;
use shared::{ApiError, ApplicationApproval, Locale, NextStep, format_amount};

use super::words::words;

/// Above this debt ratio (in hundredths of a percent), Quebec's consumer-protection office
/// considers credit high-cost: the disclosure warns the applicant.
const HIGH_DEBT_RATIO: u32 = 4_500;

/// A debt ratio in hundredths of a percent, as the shopper's language writes percentages.
fn percent(basis_points: u32, locale: Locale) -> String {
    let (whole, hundredths) = (basis_points / 100, basis_points % 100);
    match locale {
        Locale::EnCa => format!("{whole}.{hundredths:02}%"),
        Locale::FrCa => format!("{whole},{hundredths:02}\u{a0}%"),
    }
}

/// One of the merchant's disclosures, where it applies, once loaded (the proxy sanitized it with
/// an allow-list: no script, handler or `javascript:` link survives).
#[component]
pub fn Disclosure(
    /// The element id.
    id: &'static str,
    /// The sanitized HTML, when there is one.
    #[prop(into)]
    html: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        html.get()
            .map(|html| view! { <div class="disclosure__text" id=id inner_html=html></div> })
    }
}

/// The approval: limit, available credit, the new card; in Quebec, the debt ratio disclosed
/// beside them and the choice to keep or cancel the account.
#[component]
pub fn Approval(
    locale: Locale,
    approval: ApplicationApproval,
    /// The applicant keeps the account and goes on to pay.
    on_keep: Callback<()>,
    /// The applicant asks to cancel (Quebec only).
    on_cancel: Callback<()>,
    /// Flexiti's debt-ratio disclosure, shown beside the ratio.
    #[prop(into)]
    disclosure_html: Signal<Option<String>>,
) -> impl IntoView {
    let w = words(locale);
    let disclosure = approval.debt_ratio_basis_points.map(|ratio| {
        let high = ratio > HIGH_DEBT_RATIO;
        view! {
            <p class="disclosure__ratio">
                <strong>{w.debt_ratio}" "<span id="debt-ratio">{percent(ratio, locale)}</span></strong>
            </p>
            <p class="field__hint">{w.debt_ratio_explained}</p>
            <Disclosure id="debt-ratio-disclosure" html=disclosure_html />
            {high.then(|| view! {
                <div class="notice notice--warning" id="debt-ratio-warning"><p class="notice__message">{w.debt_ratio_high}</p></div>
            })}
            <p>{w.quebec_choice}</p>
        }
    });
    let quebec = disclosure.is_some();
    view! {
        <div class="receipt" role="status">
            <p>{w.credit_limit}" "{format_amount(approval.credit_limit_cents, locale)}</p>
            <p>{w.available}" "<span id="available-credit">{format_amount(approval.available_credit_cents, locale)}</span></p>
            <p>{w.card_ending}" "{approval.card_ending}</p>
        </div>
        <div class="disclosure">{disclosure}</div>
        <div class="actions">
            <button type="button" class="button button--primary" id="keep-account"
                on:click=move |_| on_keep.run(())>
                {if quebec { w.keep } else { w.continue_to_pay }}
            </button>
            {quebec.then(|| view! {
                <button type="button" class="button button--secondary" id="cancel-account"
                    on:click=move |_| on_cancel.run(())>{w.cancel_account}</button>
            })}
        </div>
    }
}

/// "Cancel your new account?": the second, explicit step before closing it.
#[component]
pub fn ConfirmCancel(
    locale: Locale,
    /// Closing is under way: the buttons wait.
    busy: RwSignal<bool>,
    on_confirm: Callback<()>,
    on_back: Callback<()>,
) -> impl IntoView {
    let w = words(locale);
    view! {
        <p>{w.confirm_cancel}</p>
        <div class="actions">
            <button type="button" class="button button--warning" id="confirm-cancel"
                disabled=move || busy.get() on:click=move |_| on_confirm.run(())>{w.yes_cancel}</button>
            <button type="button" class="button button--secondary" id="keep-after-all"
                disabled=move || busy.get() on:click=move |_| on_back.run(())>{w.no_keep}</button>
        </div>
    }
}

/// Why the application did not open an account, and the way forward the catalogue names.
#[component]
pub fn Refusal(
    locale: Locale,
    error: ApiError,
    /// Whether the session also offers paying with an existing account.
    can_use_account: bool,
    /// Whether the session offers another way to pay at all.
    has_other_way: bool,
    on_use_account: Callback<()>,
    on_check_details: Callback<()>,
    on_try_again: Callback<()>,
) -> impl IntoView {
    let w = words(locale);
    let action = match error.next_step {
        NextStep::UseExistingAccount if can_use_account => Some((w.use_account, on_use_account)),
        NextStep::TryAgain | NextStep::Wait => Some((w.try_again, on_try_again)),
        NextStep::CheckDetails => Some((w.check_details, on_check_details)),
        _ => None,
    };
    let other_way =
        (error.next_step == NextStep::ChooseAnotherWay && has_other_way).then_some(w.other_way);
    view! {
        <div class="notice notice--error" role="alert">
            <p class="notice__message" id="application-refusal" data-code=error.code.as_str()>{error.message}</p>
            {other_way.map(|text| view! { <p>{text}</p> })}
        </div>
        {action.map(|(label, run)| view! {
            <button type="button" class="button button--primary" id="refusal-action"
                on:click=move |_| run.run(())>{label}</button>
        })}
    }
}
