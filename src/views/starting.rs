//! Shown while something loads: config.json, a completing sign-in, or a read of the tenant.

use yew::prelude::*;

use crate::components::spinner::spinner;

/// The loading screen with its message.
pub fn starting(message: &str) -> Html {
    html! {
        <section class="panel" id="starting" aria-busy="true">
            <h1 id="screen-title" class="visually-hidden" tabindex="-1">{ message.to_owned() }</h1>
            { spinner(message) }
        </section>
    }
}
