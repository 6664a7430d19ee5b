//! A sign-in that failed: the explanation, a retry, and a way back to a clean state.

use syncsetup_core::explain::Explanation;
use yew::prelude::*;

use crate::components::explanation_panel::ExplanationPanel;

#[derive(Properties, PartialEq)]
pub struct SignInFailedProps {
    pub explanation: Explanation,
    pub on_retry: Callback<MouseEvent>,
    pub on_sign_out: Callback<MouseEvent>,
}

#[function_component(SignInFailed)]
pub fn sign_in_failed(props: &SignInFailedProps) -> Html {
    html! {
        <div id="sign-in-failed">
            <ExplanationPanel explanation={props.explanation.clone()}>
                <div class="actions">
                    <button id="retry" class="primary" onclick={props.on_retry.clone()}>{ "Try again" }</button>
                    <button id="start-over" onclick={props.on_sign_out.clone()}>{ "Start over" }</button>
                </div>
            </ExplanationPanel>
        </div>
    }
}
