//! The error summary at the top of a form (GOV.UK's pattern): a titled list of what to put
//! right, each item a link to its field. It takes focus when shown, so it is read out first.

use leptos::prelude::*;

/// The summary, shown while `problems` (field id, message) is not empty.
#[component]
pub fn ErrorSummary(
    /// Its title ("There is a problem").
    title: &'static str,
    /// Each field to put right, by element id, with its message.
    #[prop(into)]
    problems: Signal<Vec<(&'static str, String)>>,
) -> impl IntoView {
    view! {
        <Show when=move || problems.with(|problems| !problems.is_empty())>
            <div class="summary" id="error-summary" role="alert" tabindex="-1">
                <h2 class="summary__title">{title}</h2>
                <ul>
                    {move || problems.get().into_iter().map(|(id, message)| view! {
                        <li><a href=format!("#{id}")>{message}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// Moves focus to the summary once it is drawn.
pub fn focus_summary() {
    request_animation_frame(|| crate::focus("error-summary"));
}
