//! What happened, why, and the fix — the one way every failure is shown (the engine's English
//! sentences in the page's language, through the core's templates).

use std::borrow::Cow;

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{plan_text, Lang, Msg};
use yew::prelude::*;

use crate::text::tr;

/// How the core's English sentences reach the page's language: `plan_text` knows every sentence;
/// `way_in_text` only the way in's, which is all the landing module needs (and keeps the engine's
/// sentences out of its wasm).
pub type Sentences = for<'a> fn(Lang, &'a str) -> Cow<'a, str>;

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
    explanation_panel_with(plan_text, lang, e, class, heading, actions)
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
            <h2 id="problem-what">{ sentences(lang, &e.what).into_owned() }</h2>
            <p id="problem-why"><strong>{ tr(lang, Msg::Why) }</strong>{ sentences(lang, &e.why).into_owned() }</p>
            <p id="problem-fix"><strong>{ tr(lang, Msg::Fix) }</strong>{ sentences(lang, &e.fix).into_owned() }</p>
            if let Some(detail) = &e.detail {
                <details><summary>{ tr(lang, Msg::DetailsForSupport) }</summary><code id="problem-detail">{ detail.clone() }</code></details>
            }
            { actions }
        </section>
    }
}
