//! The form's screen: its step's heading (focused when the step changes), progress, the error
//! summary, the fields of the step, and the way on or back.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use shared::{CreditApplication, FieldProblem, FormConfig, Locale};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::{
    HEADING,
    fields::Fields,
    steps::{Section, Shown},
    words::{Words, words},
};
use crate::dom::{self, Listeners, error_summary::ErrorSummary};

/// The form on its screen. Its fields stay while the application shows other screens.
pub struct Form {
    document: Document,
    words: &'static Words,
    /// The screen: a `<div>` holding all below.
    screen: Element,
    progress: Element,
    heading: Element,
    summary: ErrorSummary,
    network: Element,
    form: Element,
    actions: Element,
    submit: Element,
    back: Element,
    /// Flexiti's privacy notice, before anything personal is asked, once loaded.
    privacy: RefCell<Option<Element>>,
    /// Flexiti's credit disclosure, before the applicant agrees, once loaded.
    credit: RefCell<Option<Element>>,
    fields: Rc<Fields>,
    config: Rc<FormConfig>,
    section: Cell<Section>,
    busy: Cell<bool>,
    listeners: RefCell<Listeners>,
}

impl Form {
    /// The form at its first step, the amount asked for being `amount`; not yet on the page.
    pub fn new(
        document: &Document,
        locale: Locale,
        config: FormConfig,
        amount: &str,
    ) -> Option<Rc<Form>> {
        let w = words(locale);
        let screen = dom::element(document, "div", "")?;
        let intro = dom::text(document, "p", "intro", w.intro)?;
        let progress = dom::element(document, "p", "progress")?;
        let heading = dom::element(document, "h2", "heading heading--step")?;
        dom::set_attributes(&heading, &[("id", HEADING), ("tabindex", "-1")]);
        let network = dom::alert(document, w.network)?;
        let _ = network.set_attribute("id", "network-notice");
        let form = dom::form(document)?;
        let actions = dom::element(document, "div", "actions")?;
        let submit = dom::button(document, "submit", "button button--primary", w.continue_)?;
        let back = dom::button(document, "button", "button button--secondary", w.back)?;
        let _ = actions.append_child(&submit);
        let _ = form.append_child(&actions);
        for node in [&intro, &progress, &heading, &form] {
            let _ = screen.append_child(node);
        }
        let fields = Rc::new(Fields::new(document, locale, &config, amount)?);
        let config = Rc::new(config);
        let mut listeners = Listeners::default();
        fields.follow_choices(&config, &mut listeners);
        fields.mask_secrets(&mut listeners);
        let form = Rc::new(Form {
            document: document.clone(),
            words: w,
            summary: ErrorSummary::new(document, w.problems)?,
            screen,
            progress,
            heading,
            network,
            form,
            actions,
            submit,
            back,
            privacy: RefCell::new(None),
            credit: RefCell::new(None),
            fields,
            config,
            section: Cell::new(Section::About),
            busy: Cell::new(false),
            listeners: RefCell::new(listeners),
        });
        form.draw(Section::About);
        Some(form)
    }

    /// The screen, to put on the page.
    pub fn screen(&self) -> &Element {
        &self.screen
    }

    /// The application as typed, checked by the shared rules (the proxy checks it again), or
    /// what to put right.
    pub fn check(&self) -> Result<CreditApplication, Vec<FieldProblem>> {
        self.fields
            .read()
            .application(super::steps::today(), Some(&self.config))
    }

    /// The step shown.
    pub fn section(&self) -> Section {
        self.section.get()
    }

    /// Runs `submit` when the shopper sends the step (Continue, or Apply on the last); Back
    /// goes to the step before.
    pub fn listen(self: &Rc<Self>, submit: impl Fn() + 'static) {
        let mut listeners = self.listeners.borrow_mut();
        listeners.add(&self.form, "submit", move |event| {
            event.prevent_default();
            submit();
        });
        let form = Rc::downgrade(self);
        listeners.add(&self.back, "click", move |_| {
            if let Some(form) = form.upgrade()
                && let Some(previous) = form.section().previous()
            {
                form.show_problems(&[]);
                form.go_to(previous);
            }
        });
    }

    /// Shows step `section`, its heading taking focus.
    pub fn go_to(&self, section: Section) {
        self.draw(section);
        self.focus_heading();
    }

    /// Moves focus to the step's heading.
    pub fn focus_heading(&self) {
        if let Some(heading) = self.heading.dyn_ref::<HtmlElement>() {
            let _ = heading.focus();
        }
    }

    /// Puts `section`'s fields in the form, and its heading, progress and buttons.
    pub fn draw(&self, section: Section) {
        let before = self.section.replace(section);
        let w = self.words;
        for node in self.fields.nodes(before) {
            node.remove();
        }
        for node in [&*self.privacy.borrow(), &*self.credit.borrow()]
            .into_iter()
            .flatten()
        {
            node.remove();
        }
        let mut nodes = self.fields.nodes(section);
        match self.disclosure_of(section) {
            Some((disclosure, Place::First)) => nodes.insert(0, disclosure),
            Some((disclosure, Place::Last)) => nodes.push(disclosure),
            None => {}
        }
        for node in &nodes {
            let _ = self.form.insert_before(node, Some(&self.actions));
        }
        self.progress.set_text_content(Some(&format!(
            "{} {} {} {}",
            w.step_of.0,
            section.number(),
            w.step_of.1,
            Section::ALL.len()
        )));
        self.heading.set_text_content(Some(match section {
            Section::About => w.about,
            Section::Home => w.home,
            Section::Finances => w.finances,
            Section::Security => w.security,
        }));
        if section.previous().is_some() {
            let _ = self.actions.append_child(&self.back);
        } else {
            self.back.remove();
        }
        self.label_submit();
        self.fields.showing(section);
    }

    /// Continue; on the last step Apply, or that the application is on its way.
    fn label_submit(&self) {
        let w = self.words;
        let last = self.section().next().is_none();
        self.submit
            .set_text_content(Some(match (last, self.busy.get()) {
                (true, true) => w.applying,
                (true, false) => w.apply,
                _ => w.continue_,
            }));
    }

    /// Marks the fields with `problems` and lists them above the form (taking focus), or takes
    /// them all away.
    pub fn show_problems(&self, problems: &[Shown]) {
        self.fields.show_problems(problems);
        let listed: Vec<(&str, &str)> = problems
            .iter()
            .map(|(field, message)| (field.id(), message.as_str()))
            .collect();
        self.summary.show(&self.heading, &listed);
    }

    /// Says the last call found no network (what was typed is kept), or takes that away.
    pub fn show_network(&self, failed: bool) {
        if failed {
            let _ = self.form.before_with_node_1(&self.network);
        } else {
            self.network.remove();
        }
    }

    /// Disables the button while the application is on its way.
    pub fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        dom::set_disabled(&self.submit, busy);
        self.label_submit();
    }

    /// Adds Flexiti's privacy notice and credit disclosure (sanitized by the proxy) where the
    /// form shows them.
    pub fn disclose(&self, privacy: Option<&str>, credit: Option<&str>) {
        let document = &self.document;
        *self.privacy.borrow_mut() =
            privacy.and_then(|html| disclosure(document, "privacy-notice", html));
        *self.credit.borrow_mut() =
            credit.and_then(|html| disclosure(document, "credit-disclosure", html));
        self.draw_disclosures();
    }

    /// The disclosure of the step shown, where it goes, now that it is loaded.
    fn draw_disclosures(&self) {
        match self.disclosure_of(self.section()) {
            Some((disclosure, Place::First)) => {
                let _ = self.form.prepend_with_node_1(&disclosure);
            }
            Some((disclosure, Place::Last)) => {
                let _ = self.form.insert_before(&disclosure, Some(&self.actions));
            }
            None => {}
        }
    }

    /// Flexiti's text that `section` shows, once loaded, and where: the privacy notice before
    /// anything personal is asked, the credit disclosure after the terms and the agreement.
    fn disclosure_of(&self, section: Section) -> Option<(Element, Place)> {
        match section {
            Section::About => Some((self.privacy.borrow().clone()?, Place::First)),
            Section::Security => Some((self.credit.borrow().clone()?, Place::Last)),
            Section::Home | Section::Finances => None,
        }
    }

    /// Lets go of the handlers, which hold the application.
    pub fn forget_handlers(&self) {
        drop(self.listeners.take());
    }
}

/// Where a step's disclosure goes among its fields.
enum Place {
    /// Before them.
    First,
    /// After them, before the buttons.
    Last,
}

/// One of the merchant's disclosures: `<div class="disclosure__text" id="id">` holding `html`,
/// which the proxy sanitized with an allow-list (no script, handler or `javascript:` link).
pub fn disclosure(document: &Document, id: &str, html: &str) -> Option<Element> {
    let element = dom::element(document, "div", "disclosure__text")?;
    let _ = element.set_attribute("id", id);
    element.set_inner_html(html);
    Some(element)
}
