//! The new client secret, shown once: masked until revealed, copyable, with the warning and the
//! explicit "I have stored it". The text comes from the page's memory-only slot.

use syncsetup_core::i18n::{self, Msg};
use syncsetup_core::wizard::{Event, Field};
use yew::prelude::*;

use crate::views::WizardRef;

use crate::components::copy_button::CopyButton;
use crate::components::spinner::Spinner;
use crate::text::{tr, trf, use_lang};

/// What a masked secret looks like: no length hint.
pub const MASK: &str = "••••••••••••••••••••";

#[derive(Properties, PartialEq)]
pub struct SecretProps {
    pub wizard: WizardRef,
    /// The secret's text, only while revealed.
    pub revealed_text: Option<AttrValue>,
    pub on: Callback<Event>,
    pub on_copy: Callback<Field>,
}

#[function_component(Secret)]
pub fn secret(props: &SecretProps) -> Html {
    let lang = use_lang();
    let t = |m| tr(lang, m);
    let w = &props.wizard;
    let Some(note) = &w.secret else {
        return html! {};
    };
    let emit = |event: Event| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(event.clone()))
    };
    let on_copy = props.on_copy.clone();
    html! {
        <section class="panel" aria-labelledby="screen-title" id="secret">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::SecretTitle) }</h1>
            <p class="warning strong" id="secret-warning">{ t(Msg::SecretWarning) }</p>
            <p class="label" id="secret-label">{ t(Msg::SecretLabel) }</p>
            <div class="secret-row">
                <code id="secret-value" class="secret" aria-labelledby="secret-label">
                    { props.revealed_text.clone().unwrap_or(AttrValue::Static(MASK)) }
                </code>
                <button type="button" id="reveal" aria-pressed={note.revealed.to_string()} onclick={emit(Event::SecretRevealToggled)}>
                    { t(if note.revealed { Msg::Hide } else { Msg::Show }) }
                </button>
                <CopyButton id="copy-secret" what={t(Msg::SecretLabel)} copied={w.copied == Some(Field::ClientSecret)}
                    on_copy={Callback::from(move |_| on_copy.emit(Field::ClientSecret))} />
            </div>
            if let Some(end) = note.end {
                <p class="muted">{ trf(lang, Msg::ValidUntil, &[("date", &i18n::date(lang, end))]) }</p>
            }
            <div class="actions">
                <button type="button" id="secret-stored" class="primary" onclick={emit(Event::SecretStored)}>{ t(Msg::SecretStored) }</button>
            </div>
            if w.job.is_some() { <Spinner label={t(Msg::ChecksInBackground)} /> }
        </section>
    }
}
