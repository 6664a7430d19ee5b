//! The new client secret, shown once: masked until revealed, copyable, with the warning and the
//! explicit "I have stored it". The text comes from the page's memory-only slot. The secret
//! block itself is shared with the rotation screen.

use syncsetup_core::i18n::{self, Lang, Msg};
use syncsetup_core::wizard::{Event, Field, JobKind, Wizard};
use yew::prelude::*;

use crate::views::action;

use crate::components::copy_button::copy_button;
use crate::components::spinner::spinner;
use crate::text::{tr, trf};

/// What a masked secret looks like: no length hint.
pub const MASK: &str = "••••••••••••••••••••";

/// The first reveal of a new secret, with "I have stored it".
pub fn reveal_secret(
    lang: Lang,
    w: &Wizard,
    revealed_text: Option<AttrValue>,
    on: &Callback<Event>,
    on_copy: Callback<Field>,
) -> Html {
    let t = |m| tr(lang, m);
    if w.secret.is_none() {
        return html! {};
    }
    html! {
        <section class="panel" aria-labelledby="screen-title" id="secret">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::SecretTitle) }</h1>
            { secret_block(lang, w, revealed_text.clone(), on, &on_copy) }
            <div class="actions">
                { action(on, "secret-stored", "primary", false, t(Msg::SecretStored), || Event::SecretStored) }
            </div>
            // Say what is really running: the rest of the run (the secret is revealed the moment
            // it exists, mid-run), or the checks after it.
            { match w.job.map(|j| j.kind) {
                Some(JobKind::Apply) => spinner(t(Msg::RunGoesOnInBackground)),
                Some(_) => spinner(t(Msg::ChecksInBackground)),
                None => html! {},
            } }
        </section>
    }
}

/// The warning, the masked (or revealed) secret with its reveal and copy buttons, and its
/// expiry — shared by the first reveal and by a rotation.
pub fn secret_block(
    lang: Lang,
    w: &Wizard,
    revealed_text: Option<AttrValue>,
    on: &Callback<Event>,
    on_copy: &Callback<Field>,
) -> Html {
    let t = |m| tr(lang, m);
    let Some(note) = &w.secret else {
        return html! {};
    };
    let reveal = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Event::SecretRevealToggled))
    };
    let on_copy = on_copy.clone();
    html! {<>
        <p class="warning strong" id="secret-warning">{ t(Msg::SecretWarning) }</p>
        <p class="label" id="secret-label">{ t(Msg::SecretLabel) }</p>
        <div class="secret-row">
            <code id="secret-value" class="secret" aria-labelledby="secret-label">
                { revealed_text.unwrap_or(AttrValue::Static(MASK)) }
            </code>
            <button type="button" id="reveal" aria-pressed={note.revealed.to_string()} onclick={reveal}>
                { t(if note.revealed { Msg::Hide } else { Msg::Show }) }
            </button>
            { copy_button(lang, "copy-secret".to_owned(), t(Msg::SecretLabel), w.copied == Some(Field::ClientSecret), Callback::from(move |_| on_copy.emit(Field::ClientSecret))) }
        </div>
        if let Some(end) = note.end {
            <p class="muted" id="secret-valid-until">{ trf(lang, Msg::ValidUntil, &[("date", &i18n::date(lang, end))]) }</p>
        }
    </>}
}
