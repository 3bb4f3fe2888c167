//! What the applicant sees once Flexiti has decided: the new credit (in Quebec with the debt
//! ratio and the right to cancel, confirmed either way), or why not and what to do next. Each
//! screen opens with its heading, which takes focus; the application adds the buttons' handlers.

use shared::{ApiError, ApplicationApproval, Locale, NextStep, format_amount};
use web_sys::{Document, Element};

use super::{HEADING, form::disclosure, words::Words};
use crate::dom;

/// Above this debt ratio (in hundredths of a percent), Quebec's consumer-protection office
/// considers credit high-cost: the disclosure warns the applicant.
const HIGH_DEBT_RATIO: u32 = 4_500;

/// A debt ratio in hundredths of a percent, as the shopper's language writes percentages.
fn percent(basis_points: u32, locale: Locale) -> String {
    let (whole, hundredths) = (basis_points / 100, basis_points % 100);
    match locale.in_build() {
        Locale::EnCa => format!("{whole}.{hundredths:02}%"),
        Locale::FrCa => format!("{whole},{hundredths:02}\u{a0}%"),
    }
}

/// A screen: `<div>` opening with `<h2 id="application-heading" tabindex="-1">`.
pub fn screen(document: &Document, heading: &str) -> Option<Element> {
    let screen = dom::element(document, "div", "")?;
    let title = dom::text(document, "h2", "heading heading--step", heading)?;
    dom::set_attributes(&title, &[("id", HEADING), ("tabindex", "-1")]);
    let _ = screen.append_child(&title);
    Some(screen)
}

/// `<p>label amount</p>`, the amount in `<span id="id">` when it has one.
fn line(document: &Document, label: &str, value: &str, id: Option<&str>) -> Option<Element> {
    let line = dom::element(document, "p", "")?;
    let _ = line.append_with_str_1(&format!("{label} "));
    match id {
        Some(id) => {
            let value = dom::text(document, "span", "", value)?;
            let _ = value.set_attribute("id", id);
            let _ = line.append_child(&value);
        }
        None => {
            let _ = line.append_with_str_1(value);
        }
    }
    Some(line)
}

/// The approval screen and its buttons.
pub struct Approval {
    pub screen: Element,
    /// Keeps the account and goes on to pay.
    pub keep: Element,
    /// Asks to cancel it (Quebec only).
    pub cancel: Option<Element>,
}

/// The approval: limit, available credit, the new card; in Quebec, the debt ratio disclosed
/// beside them (with Flexiti's `disclosure_html`) and the choice to keep or cancel the account.
pub fn approval(
    document: &Document,
    (locale, w): (Locale, &Words),
    approval: &ApplicationApproval,
    disclosure_html: Option<&str>,
) -> Option<Approval> {
    let screen = screen(document, w.approved)?;
    let receipt = dom::element(document, "div", "receipt")?;
    let _ = receipt.set_attribute("role", "status");
    let limit = format_amount(approval.credit_limit_cents, locale);
    let available = format_amount(approval.available_credit_cents, locale);
    for line in [
        line(document, w.credit_limit, &limit, None),
        line(document, w.available, &available, Some("available-credit")),
        line(document, w.card_ending, &approval.card_ending, None),
    ] {
        let line = line?;
        let _ = receipt.append_child(&line);
    }
    let _ = screen.append_child(&receipt);
    let disclosed = dom::element(document, "div", "disclosure")?;
    let _ = screen.append_child(&disclosed);
    if let Some(ratio) = approval.debt_ratio_basis_points {
        debt_ratio(document, (locale, w), ratio, disclosure_html, &disclosed)?;
    }
    let quebec = approval.debt_ratio_basis_points.is_some();
    let actions = dom::element(document, "div", "actions")?;
    let keep_label = if quebec { w.keep } else { w.continue_to_pay };
    let keep = dom::button(document, "button", "button button--primary", keep_label)?;
    let _ = keep.set_attribute("id", "keep-account");
    let _ = actions.append_child(&keep);
    let cancel = if quebec {
        let cancel = dom::button(
            document,
            "button",
            "button button--secondary",
            w.cancel_account,
        )?;
        let _ = cancel.set_attribute("id", "cancel-account");
        let _ = actions.append_child(&cancel);
        Some(cancel)
    } else {
        None
    };
    let _ = screen.append_child(&actions);
    Some(Approval {
        screen,
        keep,
        cancel,
    })
}

/// Quebec's disclosure, in `disclosed`: the ratio, what it means, Flexiti's words, a warning
/// when it is high, and the choice.
fn debt_ratio(
    document: &Document,
    (locale, w): (Locale, &Words),
    ratio: u32,
    disclosure_html: Option<&str>,
    disclosed: &Element,
) -> Option<()> {
    let line = dom::element(document, "p", "disclosure__ratio")?;
    let strong = dom::element(document, "strong", "")?;
    let _ = strong.append_with_str_1(&format!("{} ", w.debt_ratio));
    let value = dom::text(document, "span", "", &percent(ratio, locale))?;
    let _ = value.set_attribute("id", "debt-ratio");
    let _ = strong.append_child(&value);
    let _ = line.append_child(&strong);
    let _ = disclosed.append_child(&line);
    let explained = dom::text(document, "p", "field__hint", w.debt_ratio_explained)?;
    let _ = disclosed.append_child(&explained);
    if let Some(html) = disclosure_html {
        let flexiti = disclosure(document, "debt-ratio-disclosure", html)?;
        let _ = disclosed.append_child(&flexiti);
    }
    if ratio > HIGH_DEBT_RATIO {
        let warning = dom::element(document, "div", "notice notice--warning")?;
        let _ = warning.set_attribute("id", "debt-ratio-warning");
        let message = dom::text(document, "p", "notice__message", w.debt_ratio_high)?;
        let _ = warning.append_child(&message);
        let _ = disclosed.append_child(&warning);
    }
    let choice = dom::text(document, "p", "", w.quebec_choice)?;
    let _ = disclosed.append_child(&choice);
    Some(())
}

/// Adds Flexiti's debt-ratio disclosure to the approval on the page, when it arrived after the
/// approval was drawn: after the ratio's explanation, as [`approval`] places it.
pub fn add_debt_ratio_disclosure(document: &Document, html: &str) {
    if document
        .get_element_by_id("debt-ratio-disclosure")
        .is_some()
    {
        return;
    }
    let explained = document
        .get_element_by_id("debt-ratio")
        .and_then(|ratio| ratio.closest(".disclosure__ratio").ok().flatten())
        .and_then(|line| line.next_element_sibling());
    if let (Some(explained), Some(flexiti)) = (
        explained,
        disclosure(document, "debt-ratio-disclosure", html),
    ) {
        let _ = explained.after_with_node_1(&flexiti);
    }
}

/// "Cancel your new account?": the second, explicit step before closing it, with its buttons
/// (confirm, keep after all).
pub fn confirm_cancel(document: &Document, w: &Words) -> Option<(Element, [Element; 2])> {
    let screen = screen(document, w.confirm_cancel_heading)?;
    let question = dom::text(document, "p", "", w.confirm_cancel)?;
    let _ = screen.append_child(&question);
    let actions = dom::element(document, "div", "actions")?;
    let confirm = dom::button(document, "button", "button button--warning", w.yes_cancel)?;
    let _ = confirm.set_attribute("id", "confirm-cancel");
    let back = dom::button(document, "button", "button button--secondary", w.no_keep)?;
    let _ = back.set_attribute("id", "keep-after-all");
    let _ = actions.append_child(&confirm);
    let _ = actions.append_child(&back);
    let _ = screen.append_child(&actions);
    Some((screen, [confirm, back]))
}

/// The account is closed.
pub fn cancelled(document: &Document, w: &Words) -> Option<Element> {
    let screen = screen(document, w.cancelled_heading)?;
    let receipt = dom::text(document, "p", "receipt", w.cancelled)?;
    let _ = receipt.set_attribute("role", "status");
    let _ = screen.append_child(&receipt);
    Some(screen)
}

/// The way forward a refusal offers.
#[derive(Clone, Copy)]
pub enum Action {
    /// Pay with the account the applicant already has.
    UseAccount,
    /// Back to the form, to put the details right.
    CheckDetails,
    /// Send the same application again.
    TryAgain,
}

/// Why the application did not open an account, and the button of the way forward the
/// catalogue names, if any (`can_use_account`: the session offers paying with an existing
/// account; `has_other_way`: it offers another way to pay at all).
pub fn refusal(
    document: &Document,
    w: &Words,
    error: &ApiError,
    (can_use_account, has_other_way): (bool, bool),
) -> Option<(Element, Option<(Element, Action)>)> {
    let screen = screen(document, w.not_approved)?;
    let notice = dom::alert(document, &error.message)?;
    if let Some(message) = notice.first_element_child() {
        dom::set_attributes(
            &message,
            &[
                ("id", "application-refusal"),
                ("data-code", error.code.as_str()),
            ],
        );
    }
    if error.next_step == NextStep::ChooseAnotherWay && has_other_way {
        let other_way = dom::text(document, "p", "", w.other_way)?;
        let _ = notice.append_child(&other_way);
    }
    let _ = screen.append_child(&notice);
    let action = match error.next_step {
        NextStep::UseExistingAccount if can_use_account => {
            Some((w.use_account, Action::UseAccount))
        }
        NextStep::TryAgain | NextStep::Wait => Some((w.try_again, Action::TryAgain)),
        NextStep::CheckDetails => Some((w.check_details, Action::CheckDetails)),
        _ => None,
    };
    let action = match action {
        Some((label, action)) => {
            let button = dom::button(document, "button", "button button--primary", label)?;
            let _ = button.set_attribute("id", "refusal-action");
            let _ = screen.append_child(&button);
            Some((button, action))
        }
        None => None,
    };
    Some((screen, action))
}
