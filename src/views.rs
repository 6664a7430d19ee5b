//! One file per screen. Screens render the wizard's state and emit its events; they make no
//! decisions and build no URLs. Screens are plain functions of the language and the state, not
//! Yew components: nothing on them holds state of its own, and each component would add its own
//! lifecycle code to the wasm (about 400 bytes brotli apiece).

pub mod applying;
pub mod bootstrap;
pub mod checks;
pub mod config_problem;
pub mod entry;
pub mod environments;
pub mod hand_off;
pub mod landing;
pub mod maintenance;
pub mod review;
pub mod role_banner;
pub mod secret;
pub mod session_ended;
pub mod sign_in_failed;
pub mod starting;
pub mod sync_user_picker;

use syncsetup_core::wizard::Event;
use yew::{Callback, MouseEvent};

/// A button that sends the event `make` builds. Built here once rather than inline at every use:
/// each inline `html!` button adds its own few hundred bytes of element-building code to the wasm.
pub fn action(
    on: &Callback<Event>,
    id: &'static str,
    class: &'static str,
    disabled: bool,
    label: &'static str,
    make: fn() -> Event,
) -> yew::Html {
    yew::html! {
        <button type="button" {id} {class} {disabled} onclick={on_click(on, make)}>{ label }</button>
    }
}

/// A click handler that sends the event `make` builds, afresh on every click (events are never
/// cloned, which keeps their `Clone` out of the wasm).
pub fn on_click(on: &Callback<Event>, make: fn() -> Event) -> Callback<MouseEvent> {
    let on = on.clone();
    Callback::from(move |_: MouseEvent| on.emit(make()))
}
