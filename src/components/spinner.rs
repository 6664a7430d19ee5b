//! An indeterminate progress indicator with a text for screen readers.

use yew::prelude::*;

/// The spinner with its label.
pub fn spinner(label: &str) -> Html {
    html! {
        <div class="spinner-row" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{ label.to_owned() }</span>
        </div>
    }
}
