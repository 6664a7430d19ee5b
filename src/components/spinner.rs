//! An indeterminate progress indicator with a text for screen readers.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SpinnerProps {
    pub label: AttrValue,
}

#[function_component(Spinner)]
pub fn spinner(props: &SpinnerProps) -> Html {
    html! {
        <div class="spinner-row" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{ props.label.clone() }</span>
        </div>
    }
}
