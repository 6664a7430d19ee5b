//! What happened, why, and the fix — the one way every failure is shown (the engine's English
//! sentences in the page's language, through the core's templates).

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{plan_text, Lang, Msg};
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
            <h2 id="problem-what">{ plan_text(lang, &e.what).into_owned() }</h2>
            <p id="problem-why"><strong>{ tr(lang, Msg::Why) }</strong>{ plan_text(lang, &e.why).into_owned() }</p>
            <p id="problem-fix"><strong>{ tr(lang, Msg::Fix) }</strong>{ plan_text(lang, &e.fix).into_owned() }</p>
            if let Some(detail) = &e.detail {
                <details><summary>{ tr(lang, Msg::DetailsForSupport) }</summary><code id="problem-detail">{ detail.clone() }</code></details>
            }
            { actions }
        </section>
    }
}
