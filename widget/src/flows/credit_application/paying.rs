//! Paying with the account just opened: the account flow (written with the DOM's own calls,
//! `flows::flexiti_account`) shown inside the application, from its plans.

use std::{cell::RefCell, rc::Rc};

use leptos::{html, prelude::*, task::spawn_local};
use shared::{AccountSummary, CheckoutView, Locale, PaymentMethod};

use crate::{
    components::retry_notice::RetryNotice,
    flows::parts::{self, Place},
};

/// The account flow at the plans of the account `summary` describes.
#[component]
pub fn PayWithOpenedAccount(
    /// The shopper's language.
    locale: Locale,
    /// The session, kept current by the application.
    session: RwSignal<CheckoutView>,
    /// The account just opened.
    summary: AccountSummary,
    /// Switches the widget to another way to pay (after "not enough credit": the card).
    switch_to: Callback<PaymentMethod>,
) -> impl IntoView {
    let host = NodeRef::<html::Div>::new();
    // The flow reads the session when the shopper confirms: it follows the signal.
    let latest = Rc::new(RefCell::new(session.get_untracked()));
    let follows = Rc::clone(&latest);
    Effect::new(move || *follows.borrow_mut() = session.get());
    let shown = StoredValue::new_local(None::<parts::Shown>);
    let failed = RwSignal::new(false);
    let again = RwSignal::new(0_u32);
    Effect::new(move || {
        again.track();
        let Some(host) = host.get() else {
            return;
        };
        if shown.with_value(Option::is_some) {
            return;
        }
        failed.set(false);
        let latest = Rc::clone(&latest);
        let summary = summary.clone();
        spawn_local(async move {
            // Fetched while the applicant filled the form, most often: then at once.
            if parts::fetch(PaymentMethod::FlexitiAccount).await.is_err() {
                failed.try_set(true);
                return;
            }
            let place = Place {
                parent: host.into(),
                locale,
                session: latest,
                // The switch takes this flow off the page: not from inside its own handler.
                switch_to: Rc::new(move |method| {
                    // A callback disposed meanwhile (the application gone) switches nothing.
                    spawn_local(async move {
                        let _ = switch_to.try_run(method);
                    });
                }),
            };
            if shown
                .try_set_value(parts::mount_opened_account(place, summary))
                .is_none()
            {
                // Paying is the application's next step: it is read out from the flow's
                // heading (the application's own heading is gone with the step before).
                crate::focus("account-heading");
            }
        });
    });
    on_cleanup(move || drop(shown.try_update_value(Option::take)));
    view! {
        <Show when=move || failed.get()>
            <RetryNotice locale message=crate::i18n::text(locale).network_error
                on_retry=Callback::new(move |()| again.update(|count| *count += 1)) />
        </Show>
        <div node_ref=host></div>
    }
}
