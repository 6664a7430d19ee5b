//! The bar at the top of every screen: the tool's name, the language picker, and — signed in —
//! who is signed in, with Sign out.

use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::text::tr;

/// The skip link and the top bar. `identity` is the "signed in as" line, when signed in;
/// `on_language` receives the newly chosen language (the shell remembers it for this tab).
pub fn top_bar(
    lang: Lang,
    identity: Option<String>,
    on_language: &Callback<Lang>,
    on_sign_out: Callback<MouseEvent>,
) -> Html {
    let on_change = {
        let on_language = on_language.clone();
        Callback::from(move |e: yew::events::Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let chosen = Lang::from_tag(&select.value());
            on_language.emit(chosen);
        })
    };
    html! {<>
        <a class="skip-link" href="#main">{ tr(lang, Msg::SkipToContent) }</a>
        <header class="top">
            <div class="brand-block">
                <span class="brand">{ tr(lang, Msg::Brand) }</span>
                <span class="subtitle">{ tr(lang, Msg::Subtitle) }</span>
            </div>
            <div class="top-tools">
                <label class="language">
                    <span class="visually-hidden">{ tr(lang, Msg::LanguageLabel) }</span>
                    <select id="language" onchange={on_change}>
                        { for Lang::ALL.iter().map(|option| html! {
                            <option value={option.tag()} selected={*option == lang} lang={option.tag()}>{ option.name() }</option>
                        }) }
                    </select>
                </label>
                { panic_trigger() }
                if let Some(identity) = identity {
                    <p id="signed-in" class="identity">{ identity }</p>
                    <button id="sign-out" class="quiet" onclick={on_sign_out}>{ tr(lang, Msg::SignOut) }</button>
                }
            </div>
        </header>
    </>}
}

/// The test build's way to make the mounted app panic (feature `test-panic`): a click handler
/// that Yew runs, so the panic screen is proven with Yew mounted and its renderer's hook setup
/// done, in both modules. Compiled out of every other build.
#[cfg(feature = "test-panic")]
fn panic_trigger() -> Html {
    html! {
        <button type="button" id="test-panic" class="quiet"
            onclick={Callback::from(|_: MouseEvent| panic!("test-panic: a panic inside the mounted app"))}>
            { "Panic (test build)" }
        </button>
    }
}

#[cfg(not(feature = "test-panic"))]
fn panic_trigger() -> Html {
    Html::default()
}
