//! Shown while something loads: config.json, a completing sign-in, or a read of the tenant.

use yew::prelude::*;

use crate::components::spinner::Spinner;

#[derive(Properties, PartialEq)]
pub struct StartingProps {
    pub message: AttrValue,
}

#[function_component(Starting)]
pub fn starting(props: &StartingProps) -> Html {
    html! {
        <section class="panel" id="starting" aria-busy="true">
            <h1 id="screen-title" class="visually-hidden" tabindex="-1">{ props.message.clone() }</h1>
            <Spinner label={props.message.clone()} />
        </section>
    }
}
