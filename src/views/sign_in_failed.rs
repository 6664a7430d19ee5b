//! A sign-in that failed: the explanation, a retry, and a way back to a clean state.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::components::explanation_panel::{explanation_panel_with, Sentences};
use crate::text::tr;

/// The failure with Try again and Start over.
pub fn sign_in_failed(
    sentences: Sentences,
    lang: Lang,
    explanation: &Explanation,
    on_retry: Callback<MouseEvent>,
    on_sign_out: Callback<MouseEvent>,
) -> Html {
    let actions = html! {
        <div class="actions">
            <button id="retry" class="primary" onclick={on_retry}>{ tr(lang, Msg::TryAgain) }</button>
            <button id="start-over" onclick={on_sign_out}>{ tr(lang, Msg::StartOver) }</button>
        </div>
    };
    html! {
        <div id="sign-in-failed">{ explanation_panel_with(sentences, lang, explanation, "panel error", None, actions) }</div>
    }
}
