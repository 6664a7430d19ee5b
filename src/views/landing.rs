//! The landing page: what the tool does, what the admin needs, and the sign-in button.

use syncsetup_core::explain::Explanation;
use yew::prelude::*;

use crate::components::explanation_panel::ExplanationPanel;
use crate::components::spinner::Spinner;

#[derive(Properties, PartialEq)]
pub struct LandingProps {
    pub notice: Option<Explanation>,
    pub busy: bool,
    pub on_sign_in: Callback<MouseEvent>,
}

#[function_component(Landing)]
pub fn landing(props: &LandingProps) -> Html {
    html! {
        <div id="landing">
            if let Some(notice) = &props.notice {
                <ExplanationPanel explanation={notice.clone()} tone="notice" />
            }
            <section class="panel">
                <h1>{ "Connect Marketo to Dynamics 365 — set up and proven in minutes" }</h1>
                <p>{ "This page registers the Marketo app in Entra ID, grants consent, creates the Dataverse application user with the Marketo Sync User role, and checks everything Marketo's Validate Sync Setup checks — from your browser, so secrets never touch a server." }</p>
                <h2>{ "You need" }</h2>
                <ul>
                    <li>{ "An Entra ID account with the Global Administrator or Cloud Application Administrator role." }</li>
                    <li>{ "The System Administrator role in the Dynamics 365 environment." }</li>
                    <li>{ "The Marketo solution imported in that environment." }</li>
                </ul>
                <button id="sign-in" class="primary" disabled={props.busy} onclick={props.on_sign_in.clone()}>
                    { "Sign in with Microsoft" }
                </button>
                if props.busy {
                    <Spinner label="Opening the Microsoft sign-in page…" />
                }
            </section>
        </div>
    }
}
