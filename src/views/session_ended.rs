//! The session ended inside the wizard: what happened and why, that the answers are kept, and
//! the one button that signs in again. Nothing leaves for Entra ID until it is clicked.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::components::explanation_panel::explanation_panel;
use crate::text::tr;

/// The explanation with "Sign in again".
pub fn session_ended(
    lang: Lang,
    explanation: &Explanation,
    on_sign_in_again: Callback<MouseEvent>,
) -> Html {
    let actions = html! {
        <>
            <p id="answers-kept">{ tr(lang, Msg::SessionEndedKept) }</p>
            <div class="actions">
                <button id="sign-in-again" class="primary" onclick={on_sign_in_again}>{ tr(lang, Msg::SignInAgain) }</button>
            </div>
        </>
    };
    html! {
        <div id="session-ended">
            <h1 id="screen-title" tabindex="-1">{ tr(lang, Msg::SessionEndedTitle) }</h1>
            { explanation_panel(lang, explanation, "panel notice", None, actions) }
        </div>
    }
}
