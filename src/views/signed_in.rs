//! Signed in: who and which tenant, and sign-out.

use syncsetup_core::graph::SignedInIdentity;
use syncsetup_core::session::Account;
use yew::prelude::*;

use crate::components::spinner::Spinner;

#[derive(Properties, PartialEq)]
pub struct SignedInProps {
    pub account: Account,
    pub identity: Option<SignedInIdentity>,
    pub on_sign_out: Callback<MouseEvent>,
}

#[function_component(SignedIn)]
pub fn signed_in(props: &SignedInProps) -> Html {
    html! {
        <section class="panel" id="signed-in-panel">
            if let Some(identity) = &props.identity {
                <p id="signed-in" class="identity">
                    { format!("Signed in as {} · tenant {} ({})", identity.display_name, identity.tenant_name, identity.tenant_id) }
                </p>
                <p class="muted">{ identity.user_principal_name.clone() }</p>
            } else {
                <p class="identity">{ format!("Signed in as {}", props.account.name) }</p>
                <Spinner label="Reading your tenant…" />
            }
            <button id="sign-out" onclick={props.on_sign_out.clone()}>{ "Sign out" }</button>
        </section>
    }
}
