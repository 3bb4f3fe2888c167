//! Flexiti's decision on the page, and what follows it: the approval (in Quebec with the debt
//! ratio and the choice to cancel), the cancellation, paying with the new account, or why not and
//! what next.

use std::rc::{Rc, Weak};

use shared::{ApiError, ApplicationStatus, ErrorCode, PaymentMethod, WidgetEvent};
use web_sys::Element;

use super::{
    Application, HEADING, Screen, Stage,
    outcome::{self, Action},
    paying,
    steps::Section,
};
use crate::{api, events};

impl Application {
    /// Closes the Quebec account just opened, then says so.
    fn cancel_account(self: &Rc<Self>) {
        self.run(
            api::cancel_application(),
            |this, ()| {
                events::send(WidgetEvent::ApplicationResult {
                    status: ApplicationStatus::Cancelled,
                });
                this.to_stage(Stage::Cancelled);
            },
            Application::cancel_refused,
        );
    }

    /// A refused cancellation, said on the question's screen: the account is still open, and the
    /// applicant may ask again or keep it. (Not the application's refusal screen: its "Try
    /// again" would send the application, not the cancellation.)
    fn cancel_refused(self: &Rc<Self>, error: ApiError) {
        let screen = self.screen.borrow();
        let said = screen
            .as_ref()
            .and_then(|screen| screen.say(&self.document, "cancel-refusal", Some(&error.message)));
        if let Some(alert) = said {
            let _ = alert.set_attribute("data-code", error.code.as_str());
        }
    }

    /// Shows `stage`'s screen, read out from its heading.
    pub(super) fn to_stage(self: &Rc<Self>, stage: Stage) {
        let Some(screen) = self.stage_screen(stage) else {
            return;
        };
        self.show(screen);
        crate::focus(HEADING);
    }

    fn stage_screen(self: &Rc<Self>, stage: Stage) -> Option<Screen> {
        let (document, w) = (&self.document, self.words);
        let mut screen = Screen::of(None);
        match stage {
            Stage::Approved(approval) => {
                let disclosures = self.disclosures.borrow();
                let html = disclosures.as_ref().and_then(|d| d.debt_ratio.as_deref());
                let shown = outcome::approval(document, (self.locale, w), &approval, html)?;
                let kept = approval.clone();
                self.on_click(&mut screen, &shown.keep, move |this| {
                    paying::show(this, kept.clone());
                });
                if let Some(cancel) = &shown.cancel {
                    self.on_click(&mut screen, cancel, move |this| {
                        this.to_stage(Stage::ConfirmCancel(approval.clone()));
                    });
                }
                screen.root = Some(shown.screen);
            }
            Stage::ConfirmCancel(approval) => {
                let (root, [confirm, back]) = outcome::confirm_cancel(document, w)?;
                self.on_click(&mut screen, &confirm, Application::cancel_account);
                self.on_click(&mut screen, &back, move |this| {
                    this.to_stage(Stage::Approved(approval.clone()));
                });
                screen.waiting = vec![confirm, back];
                screen.root = Some(root);
            }
            Stage::Cancelled => screen.root = Some(outcome::cancelled(document, w)?),
            Stage::Refused(error) => {
                let offered = |method| self.session.borrow().methods.contains(&method);
                let ways = (
                    offered(PaymentMethod::FlexitiAccount),
                    offered(PaymentMethod::Card) || offered(PaymentMethod::FlexitiAccount),
                );
                let (root, action) = outcome::refusal(document, w, &error, ways)?;
                if let Some((button, action)) = action {
                    let check_on = if error.code == ErrorCode::TermsNotAccepted {
                        Section::Security
                    } else {
                        Section::About
                    };
                    self.on_click(&mut screen, &button, move |this| {
                        this.follow(action, check_on);
                    });
                }
                screen.root = Some(root);
            }
        }
        Some(screen)
    }

    /// Takes the way forward a refusal offered.
    fn follow(self: &Rc<Self>, action: Action, check_on: Section) {
        let Some(form) = self.form() else {
            return;
        };
        match action {
            Action::UseAccount => (self.switch_to)(PaymentMethod::FlexitiAccount),
            Action::CheckDetails => {
                form.draw(check_on);
                self.show_form();
                form.focus_heading();
            }
            Action::TryAgain => {
                form.draw(Section::Security);
                self.show_form();
                self.submit();
            }
        }
    }

    /// Runs `then` on each click of `button` while `screen` shows.
    fn on_click(
        self: &Rc<Self>,
        screen: &mut Screen,
        button: &Element,
        then: impl Fn(&Rc<Application>) + 'static,
    ) {
        let weak: Weak<Application> = Rc::downgrade(self);
        screen.listeners.add_click_later(button, move || {
            if let Some(this) = weak.upgrade() {
                then(&this);
            }
        });
    }
}
