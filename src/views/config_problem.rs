//! config.json is missing or wrong: nothing else can work until it is fixed.

use syncsetup_core::explain::Explanation;
use yew::prelude::*;

use crate::components::explanation_panel::ExplanationPanel;

#[derive(Properties, PartialEq)]
pub struct ConfigProblemProps {
    pub explanation: Explanation,
}

#[function_component(ConfigProblem)]
pub fn config_problem(props: &ConfigProblemProps) -> Html {
    html! {
        <div id="config-problem">
            <ExplanationPanel explanation={props.explanation.clone()} />
        </div>
    }
}
