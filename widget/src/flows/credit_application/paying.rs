//! Paying with the account just opened: the account flow (`flows::flexiti_account`, a part of
//! its own, fetched while the applicant filled the form) shown inside the application, from its
//! plans.

use std::{
    any::Any,
    cell::RefCell,
    rc::{Rc, Weak},
};

use shared::{AccountSummary, ApplicationApproval};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement};

use super::{Application, Screen};
use crate::{
    dom::{self, Listeners},
    flows::parts::Place,
    i18n,
};

/// What the screen keeps alive: the account flow once shown, or the retry's handler.
type Slot = RefCell<Option<Box<dyn Any>>>;

/// Shows the account flow at the plans of the account `approval` opened; in Quebec, says first
/// that the account is kept.
pub(super) fn show(application: &Rc<Application>, approval: ApplicationApproval) {
    let document = &application.document;
    let Some(root) = dom::element(document, "div", "") else {
        return;
    };
    if approval.debt_ratio_basis_points.is_some()
        && let Some(kept) = dom::text(document, "p", "status", application.words.kept)
    {
        let _ = kept.set_attribute("role", "status");
        let _ = root.append_child(&kept);
    }
    let Some(host) = dom::element(document, "div", "") else {
        return;
    };
    let _ = root.append_child(&host);
    let slot: Rc<Slot> = Rc::new(RefCell::new(None));
    let mut screen = Screen::of(Some(root));
    screen.keeps = Some(Box::new(Rc::clone(&slot)));
    application.show(screen);
    let summary = AccountSummary {
        available_credit_cents: Some(approval.available_credit_cents),
        security_questions: Vec::new(),
        offers: approval.offers,
    };
    mount(application, host, summary, Rc::downgrade(&slot));
}

/// Fetches the account flow's part (most often here already) and shows the flow in `host`; a
/// part that cannot come offers to try again.
fn mount(application: &Rc<Application>, host: Element, summary: AccountSummary, slot: Weak<Slot>) {
    let application = Rc::clone(application);
    spawn_local(async move {
        let fetched = (application.account.fetch)().await;
        // The applicant has left this screen meanwhile.
        let Some(kept) = slot.upgrade() else {
            return;
        };
        if fetched.is_ok() {
            let Ok(parent) = host.clone().dyn_into::<HtmlElement>() else {
                return;
            };
            let place = Place {
                parent,
                locale: application.locale,
                session: Rc::clone(&application.session),
                switch_to: Rc::clone(&application.switch_to),
            };
            let shown = (application.account.mount)(place, summary);
            *kept.borrow_mut() = shown.map(|shown| Box::new(shown) as Box<dyn Any>);
            // Paying is the application's next step: it is read out from the flow's heading
            // (the application's own heading went with the step before).
            crate::focus("account-heading");
            return;
        }
        let words = i18n::text(application.locale);
        let Some((notice, button)) =
            dom::retry_notice(&application.document, words.network_error, words.try_again)
        else {
            return;
        };
        let _ = host.append_child(&notice);
        let mut listeners = Listeners::default();
        let weak = Rc::downgrade(&application);
        listeners.add_click_later(&button, move || {
            notice.remove();
            if let Some(application) = weak.upgrade() {
                mount(&application, host.clone(), summary.clone(), slot.clone());
            }
        });
        *kept.borrow_mut() = Some(Box::new(listeners));
    });
}
