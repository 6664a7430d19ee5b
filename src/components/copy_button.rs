//! A copy button that confirms with "Copied" (announced to screen readers).

use syncsetup_core::i18n::Msg;
use yew::prelude::*;

use crate::text::{tr, trf, use_lang};

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// Element id (for tests and labels).
    pub id: AttrValue,
    /// What is copied, for the accessible name ("Copy Client ID").
    pub what: AttrValue,
    /// Whether this value was copied last.
    pub copied: bool,
    pub on_copy: Callback<()>,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let lang = use_lang();
    let on_copy = props.on_copy.clone();
    html! {
        <button type="button" id={props.id.clone()} class="copy"
            aria-label={trf(lang, Msg::CopyNamed, &[("name", &props.what)])}
            onclick={Callback::from(move |_| on_copy.emit(()))}>
            <span aria-hidden="true">{ if props.copied { "✓ " } else { "" } }</span>
            { tr(lang, if props.copied { Msg::Copied } else { Msg::Copy }) }
        </button>
    }
}
