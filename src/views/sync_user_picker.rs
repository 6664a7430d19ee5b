//! Client-app mode: picking the licensed Dynamics user Marketo signs in as, with the two things
//! that break that sign-in — multi-factor authentication and a language other than English.

use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::{Edit, Event, SyncUserPicker};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::explanation_panel::problem;
use crate::components::spinner::spinner;
use crate::text::{tr, trf};

/// The picker: a search, the candidates as radio buttons, and the warnings.
pub fn sync_user_picker(lang: Lang, p: &SyncUserPicker, on: &Callback<Event>) -> Html {
    let t = |m| tr(lang, m);
    let searching = p.searching;
    let typed = {
        let on = on.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Event::SyncUserSearchTyped(input.value()));
        })
    };
    // Enter in the search field searches (the field sits in the settings form).
    let search = {
        let on = on.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on.emit(Event::SearchSyncUsers);
            }
        })
    };
    let click_search = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Event::SearchSyncUsers))
    };
    let list = match p.found {
        Some(Err(why)) => html! { { problem(lang, why) } },
        Some(Ok(found)) if found.users.is_empty() => {
            html! { <p class="muted">{ t(Msg::SyncUsersNone) }</p> }
        }
        Some(Ok(found)) => html! {
            <div id="sync-users">
                { for found.users.iter().map(|user| {
                    let on = on.clone();
                    let user_id = user.id.clone();
                    let id = format!("sync-user-{}", user.id);
                    let label = match &user.sign_in_name {
                        Some(name) => format!("{} — {name}", user.full_name),
                        None => user.full_name.clone(),
                    };
                    html! {
                        <div class="check">
                            <input type="radio" name="sync-user" id={id.clone()} disabled={searching}
                                checked={p.picked == Some(user.id.as_str())}
                                onchange={Callback::from(move |_: yew::events::Event| on.emit(Event::Edit(Edit::SyncUser(user_id.clone()))))} />
                            <label for={id}>{ label }</label>
                        </div>
                    }
                }) }
            </div>
        },
        None => html! {},
    };
    let name = p.chosen.map_or("", |u| u.full_name.as_str());
    let language = match p.speaks_english {
        Some(true) => {
            html! { <p id="sync-user-language" class="muted">{ trf(lang, Msg::LanguageEnglish, &[name]) }</p> }
        }
        Some(false) => {
            let code = p.language.map(|c| c.to_string()).unwrap_or_default();
            html! { <p id="sync-user-language" class="warning strong" role="alert">{ trf(lang, Msg::LanguageNotEnglish, &[name, &code]) }</p> }
        }
        None => {
            html! { <p id="sync-user-language" class="warning">{ t(Msg::LanguageUnknown) }</p> }
        }
    };
    html! {
        <fieldset id="sync-user" aria-busy={searching.to_string()}>
            <legend>{ t(Msg::SyncUserTitle) }</legend>
            <div class="search-row">
                <label class="visually-hidden" for="sync-user-search">{ t(Msg::SyncUserSearch) }</label>
                <input id="sync-user-search" type="search" placeholder={t(Msg::SyncUserSearch)} autocomplete="off"
                    value={p.search.to_owned()} oninput={typed} onkeydown={search} />
                <button type="button" id="search-sync-users" disabled={searching} onclick={click_search}>{ t(Msg::Search) }</button>
            </div>
            if searching { { spinner(t(Msg::SyncUsersLoading)) } }
            { list }
            <p id="mfa-warning" class="warning">{ t(Msg::MfaWarning) }</p>
            { language }
        </fieldset>
    }
}
