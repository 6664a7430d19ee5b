//! What happened, why, and the fix — the one way every failure is shown.

use syncsetup_core::explain::Explanation;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplanationPanelProps {
    pub explanation: Explanation,
    /// `error` for failures, `notice` for information.
    #[prop_or(AttrValue::Static("error"))]
    pub tone: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(ExplanationPanel)]
pub fn explanation_panel(props: &ExplanationPanelProps) -> Html {
    let e = &props.explanation;
    html! {
        <section class={classes!("panel", props.tone.to_string())} role="alert">
            <h2 id="problem-what">{ e.what.clone() }</h2>
            <p id="problem-why"><strong>{ "Why: " }</strong>{ e.why.clone() }</p>
            <p id="problem-fix"><strong>{ "Fix: " }</strong>{ e.fix.clone() }</p>
            if let Some(detail) = &e.detail {
                <details><summary>{ "Details for support" }</summary><code id="problem-detail">{ detail.clone() }</code></details>
            }
            { props.children.clone() }
        </section>
    }
}
