//! The new client secret, shown once: masked until revealed, copyable, with the warning and the
//! explicit "I have stored it". The text comes from the page's memory-only slot. The secret
//! block itself is shared with the rotation screen.

use syncsetup_core::i18n::{self, Lang, Msg};
use syncsetup_core::wizard::{Event, Field, SecretScreen};
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
    s: Option<&SecretScreen>,
    revealed_text: Option<AttrValue>,
    on: &Callback<Event>,
    on_copy: Callback<Field>,
) -> Html {
    let t = |m| tr(lang, m);
    let Some(s) = s else {
        return html! {};
    };
    html! {
        <section class="panel" aria-labelledby="screen-title" id="secret">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::SecretTitle) }</h1>
            { secret_block(lang, s, revealed_text.clone(), on, &on_copy) }
            <div class="actions">
                { action(on, "secret-stored", "primary", false, t(Msg::SecretStored), || Event::SecretStored) }
            </div>
            // Say what is really running: the rest of the run (the secret is revealed the moment
            // it exists, mid-run), or the checks after it.
            if let Some(background) = s.background { { spinner(t(background.message())) } }
        </section>
    }
}

/// The warning, the masked (or revealed) secret with its reveal and copy buttons, and its
/// expiry — shared by the first reveal and by a rotation.
pub fn secret_block(
    lang: Lang,
    s: &SecretScreen,
    revealed_text: Option<AttrValue>,
    on: &Callback<Event>,
    on_copy: &Callback<Field>,
) -> Html {
    let t = |m| tr(lang, m);
    let note = s.note;
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
            { copy_button(lang, "copy-secret".to_owned(), t(Msg::SecretLabel), s.copied, Callback::from(move |_| on_copy.emit(Field::ClientSecret))) }
        </div>
        if let Some(end) = note.end {
            <p class="muted" id="secret-valid-until">{ trf(lang, Msg::ValidUntil, &[&i18n::date(lang, end)]) }</p>
        }
    </>}
}
