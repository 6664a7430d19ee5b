//! What happened, why, and the fix — the one way every failure is shown.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::text::tr;

/// A failure: what, why, the fix, and the detail for support.
pub fn problem(lang: Lang, e: &Explanation) -> Html {
    explanation_panel(lang, e, "panel error", None, Html::default())
}

/// An explanation with its tone (`panel error` for failures, `panel notice` for information),
/// an optional heading above it (which step failed…) and `actions` below it.
pub fn explanation_panel(
    lang: Lang,
    e: &Explanation,
    class: &'static str,
    heading: Option<String>,
    actions: Html,
) -> Html {
    html! {
        <section {class} role="alert">
            if let Some(heading) = heading {
                <p class="eyebrow">{ heading }</p>
            }
            <h2 id="problem-what">{ e.what.clone() }</h2>
            <p id="problem-why"><strong>{ tr(lang, Msg::Why) }</strong>{ e.why.clone() }</p>
            <p id="problem-fix"><strong>{ tr(lang, Msg::Fix) }</strong>{ e.fix.clone() }</p>
            if let Some(detail) = &e.detail {
                <details><summary>{ tr(lang, Msg::DetailsForSupport) }</summary><code id="problem-detail">{ detail.clone() }</code></details>
            }
            { actions }
        </section>
    }
}
