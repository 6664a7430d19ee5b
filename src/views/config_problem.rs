//! config.json is missing or wrong: nothing else can work until it is fixed.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::Lang;
use yew::prelude::*;

use crate::components::explanation_panel::{explanation_panel_with, Sentences};

/// The explanation of what is wrong with config.json.
pub fn config_problem(sentences: Sentences, lang: Lang, explanation: &Explanation) -> Html {
    let panel = explanation_panel_with(
        sentences,
        lang,
        explanation,
        "panel error",
        None,
        Html::default(),
    );
    html! { <div id="config-problem">{ panel }</div> }
}
