//! Shown while config.json loads or a sign-in completes.

use yew::prelude::*;

use crate::components::spinner::Spinner;

#[derive(Properties, PartialEq)]
pub struct StartingProps {
    pub message: AttrValue,
}

#[function_component(Starting)]
pub fn starting(props: &StartingProps) -> Html {
    html! { <section class="panel" id="starting"><Spinner label={props.message.clone()} /></section> }
}
