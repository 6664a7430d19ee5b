//! The screens of the way in (the core's `Entry`): loading, a config.json problem, the
//! registration guide, the landing page, leaving for Entra ID, a failed sign-in. Both modules
//! render them through this one function — the landing module on first load, the wizard module
//! after a sign-out or a failed sign-in — so they look and behave the same in both.

use syncsetup_core::engine::plan::ConnectionMode;
use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::bootstrap::{registration, shared_origin};
use syncsetup_core::wizard::{Entry, Mode};
use yew::prelude::*;

use crate::components::explanation_panel::Sentences;
use crate::components::shared_origin::shared_origin_warning;
use crate::text::tr;
use crate::views::{
    bootstrap::bootstrap, config_problem::config_problem, landing::landing,
    sign_in_failed::sign_in_failed, starting::starting,
};

/// What the way in's screens can ask for.
pub struct EntryActions {
    /// How explanations reach the page's language (the landing module knows only the way in's
    /// sentences).
    pub sentences: Sentences,
    /// The connection mode chosen on the landing page so far.
    pub connection: ConnectionMode,
    /// A different connection mode was chosen.
    pub on_connection: Callback<ConnectionMode>,
    /// Sign in, to set up or to validate.
    pub on_sign_in: Callback<Mode>,
    /// Start over: forget this tab's sign-in state.
    pub on_sign_out: Callback<MouseEvent>,
    /// Entra ID's sign-out for this page (once config.json is read).
    pub microsoft_sign_out: Option<url::Url>,
    /// Which value of the registration guide was copied last.
    pub copied: Option<&'static str>,
    /// Copy a value of the registration guide (which one, its text).
    pub on_copy: Callback<(&'static str, String)>,
    /// This page's address (the shell reads it): the registration guide's redirect URI and the
    /// shared-origin warning come from it.
    pub page_url: url::Url,
}

/// The screen for `entry`.
pub fn entry_screen(lang: Lang, entry: &Entry, actions: &EntryActions) -> Html {
    let a = actions;
    let shared = shared_origin(&a.page_url);
    let warning = shared_origin_warning(lang, shared.as_ref());
    let screen = match entry {
        Entry::Starting => starting(tr(lang, Msg::Loading)),
        Entry::NeedsRegistration => {
            bootstrap(lang, &registration(&a.page_url), a.copied, &a.on_copy)
        }
        Entry::ConfigProblem(explanation) => config_problem(a.sentences, lang, explanation),
        Entry::SignedOut { notice } => landing(
            a.sentences,
            lang,
            notice.as_ref(),
            false,
            a.connection,
            &a.on_connection,
            &a.on_sign_in,
        ),
        Entry::SignedOutHere => html! {<>
            <section class="panel notice" id="signed-out" role="status">
                <h2>{ tr(lang, Msg::SignedOutHere) }</h2>
                <p>{ tr(lang, Msg::SignedOutMicrosoftStays) }</p>
                if let Some(url) = &a.microsoft_sign_out {
                    <a id="microsoft-sign-out" class="button" href={url.to_string()}>{ tr(lang, Msg::SignOutOfMicrosoft) }</a>
                }
            </section>
            { landing(
                a.sentences,
                lang,
                None,
                false,
                a.connection,
                &a.on_connection,
                &a.on_sign_in,
            ) }
        </>},
        Entry::Redirecting => landing(
            a.sentences,
            lang,
            None,
            true,
            a.connection,
            &a.on_connection,
            &a.on_sign_in,
        ),
        Entry::SignInFailed(explanation) => {
            let on_sign_in = a.on_sign_in.clone();
            let on_retry = Callback::from(move |_: MouseEvent| on_sign_in.emit(Mode::Setup));
            sign_in_failed(
                a.sentences,
                lang,
                explanation,
                on_retry,
                a.on_sign_out.clone(),
            )
        }
    };
    html! {<>{ warning }{ screen }</>}
}

/// Which screen of the way in is up, as a number: focus moves to the new screen's heading when it
/// changes. Leaving for Entra ID keeps the landing page (its buttons go off), so it is the same
/// screen as the landing page.
pub fn entry_screen_key(entry: &Entry) -> u8 {
    match entry {
        Entry::Starting => 0,
        Entry::ConfigProblem(_) | Entry::NeedsRegistration => 1,
        Entry::SignedOut { .. } | Entry::SignedOutHere | Entry::Redirecting => 2,
        Entry::SignInFailed(_) => 3,
    }
}
