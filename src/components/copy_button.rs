//! A copy button that confirms with "Copied" (announced to screen readers).

use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::text::{tr, trf};

/// The button with id `id` that copies `what` (its accessible name says so); `copied` when it
/// was the last value copied.
pub fn copy_button(
    lang: Lang,
    id: String,
    what: &str,
    copied: bool,
    on_copy: Callback<()>,
) -> Html {
    html! {
        <button type="button" {id} class="copy"
            aria-label={trf(lang, if copied { Msg::CopiedNamed } else { Msg::CopyNamed }, &[what])}
            onclick={Callback::from(move |_: MouseEvent| on_copy.emit(()))}>
            <span aria-hidden="true">{ if copied { "✓ " } else { "" } }</span>
            { tr(lang, if copied { Msg::Copied } else { Msg::Copy }) }
        </button>
    }
}
