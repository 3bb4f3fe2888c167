//! The page built with the DOM's own calls, since a UI framework (Leptos, until December 2026)
//! cost a shopper more bytes than it saved them: the first screen, which every shopper downloads
//! before anything works, and each flow, which a session offering only it downloads with it.

pub mod error_summary;
pub mod field;
pub mod select_field;
pub mod text_field;

use std::rc::Rc;

use wasm_bindgen::{JsCast, closure::Closure};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element, Event, EventTarget, HtmlInputElement};

/// The frame's document; `None` where there is none (a worker, Node).
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// `<tag class="class">`, or `None` when the page will not make one.
pub fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Some(element)
}

/// `<tag class="class">text</tag>`.
pub fn text(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let element = element(document, tag, class)?;
    element.set_text_content(Some(text));
    Some(element)
}

/// A flow's `<section class="class">`, named by its `<h1 class="heading" id="heading_id">` holding
/// `title`: the section and its heading, the heading in it.
pub fn titled_section(
    document: &Document,
    class: &str,
    heading_id: &str,
    title: &str,
) -> Option<(Element, Element)> {
    let section = element(document, "section", class)?;
    let _ = section.set_attribute("aria-labelledby", heading_id);
    let heading = text(document, "h1", "heading", title)?;
    let _ = heading.set_attribute("id", heading_id);
    let _ = section.append_child(&heading);
    Some((section, heading))
}

/// `<form class="form" novalidate>`: the widget checks what is typed itself, in the shopper's
/// language.
pub fn form(document: &Document) -> Option<Element> {
    let form = element(document, "form", "form")?;
    let _ = form.set_attribute("novalidate", "");
    Some(form)
}

/// `<button type="kind" class="class">label</button>` (`kind`: `submit` or `button`).
pub fn button(document: &Document, kind: &str, class: &str, label: &str) -> Option<Element> {
    let button = text(document, "button", class, label)?;
    let _ = button.set_attribute("type", kind);
    Some(button)
}

/// The alert that says why something failed, read out as it is shown:
/// `<div class="notice notice--error" role="alert"><p class="notice__message">`.
pub fn alert(document: &Document, message: &str) -> Option<Element> {
    let alert = element(document, "div", "notice notice--error")?;
    let _ = alert.set_attribute("role", "alert");
    let message = text(document, "p", "notice__message", message)?;
    let _ = alert.append_child(&message);
    Some(alert)
}

/// "Something failed, try again": the alert saying `message`, and its `try_again` button for the
/// caller's handler.
pub fn retry_notice(
    document: &Document,
    message: &str,
    try_again: &str,
) -> Option<(Element, Element)> {
    let notice = alert(document, message)?;
    let button = button(document, "button", "button button--secondary", try_again)?;
    let _ = notice.append_child(&button);
    Some((notice, button))
}

/// One answer of a choice, added to `fieldset`:
/// `<label class="choice"><input type="radio" name="name" value="value"> label</label>`.
pub fn choice(
    document: &Document,
    fieldset: &Element,
    (name, value): (&str, &str),
    label: &str,
) -> Option<HtmlInputElement> {
    let row = element(document, "label", "choice")?;
    let radio: HtmlInputElement = element(document, "input", "")?.dyn_into().ok()?;
    set_attributes(
        &radio,
        &[("type", "radio"), ("name", name), ("value", value)],
    );
    let _ = row.append_child(&radio);
    let _ = row.append_with_str_1(&format!(" {label}"));
    let _ = fieldset.append_child(&row);
    Some(radio)
}

/// Greys `button` out, and keeps it from being pressed, while `disabled`.
pub fn set_disabled(button: &Element, disabled: bool) {
    if disabled {
        let _ = button.set_attribute("disabled", "");
    } else {
        let _ = button.remove_attribute("disabled");
    }
}

/// Sets each `(name, value)` attribute of `element`.
pub fn set_attributes(element: &Element, attributes: &[(&str, &str)]) {
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
}

/// The event handlers a view added: they are taken off their elements when it drops, so a view
/// taken off the page leaves nothing of its own behind (a handler of a dropped view would throw).
#[derive(Default)]
pub struct Listeners(Vec<Listener>);

/// A handler, with the element and the event it was added for.
type Listener = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

impl Listeners {
    /// Runs `handler` on each `event` at `target`, until these listeners drop.
    pub fn add(
        &mut self,
        target: &EventTarget,
        event: &'static str,
        handler: impl FnMut(Event) + 'static,
    ) {
        let handler = Closure::<dyn FnMut(Event)>::new(handler);
        let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        self.0.push((target.clone(), event, handler));
    }

    /// Runs `then` after each click on `target` has been handled, not from inside the handler:
    /// what `then` does may take `target`, and these listeners with it, off the page.
    pub fn add_click_later(&mut self, target: &EventTarget, then: impl Fn() + 'static) {
        self.add_click_later_erased(target, Rc::new(then));
    }

    /// [`Listeners::add_click_later`] for every `then` in one copy of the code: a copy per
    /// caller's closure (the listener's and the task's) cost each flow's download bytes.
    fn add_click_later_erased(&mut self, target: &EventTarget, then: Rc<dyn Fn()>) {
        self.add(target, "click", move |_| {
            let then = Rc::clone(&then);
            spawn_local(async move { then() });
        });
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        for (target, event, handler) in &self.0 {
            let _ =
                target.remove_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        }
    }
}

/// Runs `then` once, `milliseconds` from now; at once if the page has no timer to give, so that
/// what waits for it is never left waiting.
pub fn after(milliseconds: i32, then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        then();
        return;
    };
    let then = Closure::once_into_js(then);
    let then: &js_sys::Function = then.unchecked_ref();
    if window
        .set_timeout_with_callback_and_timeout_and_arguments_0(then, milliseconds)
        .is_err()
    {
        let _ = then.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// A callback the page runs every so often, until this drops.
pub struct Interval {
    id: Option<i32>,
    _tick: Closure<dyn FnMut()>,
}

impl Interval {
    /// Runs `tick` every `milliseconds`.
    pub fn every(milliseconds: i32, tick: impl FnMut() + 'static) -> Interval {
        let tick = Closure::<dyn FnMut()>::new(tick);
        let id = web_sys::window().and_then(|window| {
            window
                .set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    milliseconds,
                )
                .ok()
        });
        Interval { id, _tick: tick }
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.id) {
            window.clear_interval_with_handle(id);
        }
    }
}
