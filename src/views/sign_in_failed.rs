//! A sign-in that failed: the explanation, a retry, and a way back to a clean state.

use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::Msg;
use yew::prelude::*;

use crate::components::explanation_panel::ExplanationPanel;
use crate::text::{tr, use_lang};

#[derive(Properties, PartialEq)]
pub struct SignInFailedProps {
    pub explanation: Explanation,
    pub on_retry: Callback<MouseEvent>,
    pub on_sign_out: Callback<MouseEvent>,
}

#[function_component(SignInFailed)]
pub fn sign_in_failed(props: &SignInFailedProps) -> Html {
    let lang = use_lang();
    html! {
        <div id="sign-in-failed">
            <ExplanationPanel explanation={props.explanation.clone()}>
                <div class="actions">
                    <button id="retry" class="primary" onclick={props.on_retry.clone()}>{ tr(lang, Msg::TryAgain) }</button>
                    <button id="start-over" onclick={props.on_sign_out.clone()}>{ tr(lang, Msg::StartOver) }</button>
                </div>
            </ExplanationPanel>
        </div>
    }
}
