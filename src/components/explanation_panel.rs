//! What happened, why, and the fix — the one way every failure is shown.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::Msg;
use yew::prelude::*;

use crate::text::{tr, use_lang};

#[derive(Properties, PartialEq)]
pub struct ExplanationPanelProps {
    pub explanation: Explanation,
    /// `error` for failures, `notice` for information.
    #[prop_or(AttrValue::Static("error"))]
    pub tone: AttrValue,
    /// A heading above the explanation (which step failed…).
    #[prop_or_default]
    pub heading: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(ExplanationPanel)]
pub fn explanation_panel(props: &ExplanationPanelProps) -> Html {
    let lang = use_lang();
    let e = &props.explanation;
    html! {
        <section class={classes!("panel", props.tone.to_string())} role="alert">
            if let Some(heading) = &props.heading {
                <p class="eyebrow">{ heading.clone() }</p>
            }
            <h2 id="problem-what">{ e.what.clone() }</h2>
            <p id="problem-why"><strong>{ tr(lang, Msg::Why) }</strong>{ e.why.clone() }</p>
            <p id="problem-fix"><strong>{ tr(lang, Msg::Fix) }</strong>{ e.fix.clone() }</p>
            if let Some(detail) = &e.detail {
                <details><summary>{ tr(lang, Msg::DetailsForSupport) }</summary><code id="problem-detail">{ detail.clone() }</code></details>
            }
            { props.children.clone() }
        </section>
    }
}
