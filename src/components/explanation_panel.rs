//! What happened, why, and the fix — the one way every failure is shown (the core's typed
//! sentences, rendered in the page's language).

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{Lang, Msg, Text};
use yew::prelude::*;

use crate::text::tr;

/// How the core's sentences reach the page's language: `Text::render` knows the whole catalog;
/// `Text::render_way_in` only the way in's part, which is all the landing module needs (and keeps
/// the rest of the catalog out of its wasm).
pub type Sentences = fn(&Text, Lang) -> String;

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
    explanation_panel_with(Text::render, lang, e, class, heading, actions)
}

/// [`explanation_panel`] with its sentences translated by `sentences`.
pub fn explanation_panel_with(
    sentences: Sentences,
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
            <h2 id="problem-what">{ sentences(&e.what, lang) }</h2>
            <p id="problem-why"><strong>{ tr(lang, Msg::Why) }</strong>{ sentences(&e.why, lang) }</p>
            <p id="problem-fix"><strong>{ tr(lang, Msg::Fix) }</strong>{ sentences(&e.fix, lang) }</p>
            if let Some(detail) = &e.detail {
                <details><summary>{ tr(lang, Msg::DetailsForSupport) }</summary><code id="problem-detail">{ detail.clone() }</code></details>
            }
            { actions }
        </section>
    }
}
