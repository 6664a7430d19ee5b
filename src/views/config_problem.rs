//! config.json is missing or wrong: nothing else can work until it is fixed.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::Lang;
use yew::prelude::*;

use crate::components::explanation_panel::problem;

/// The explanation of what is wrong with config.json.
pub fn config_problem(lang: Lang, explanation: &Explanation) -> Html {
    html! { <div id="config-problem">{ problem(lang, explanation) }</div> }
}
