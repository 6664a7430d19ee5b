//! The landing page: what the tool does, what the admin needs, the two connection modes, and the
//! two ways in — set up, or validate an existing setup without changing anything.

use syncsetup_core::engine::plan::ConnectionMode;
use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::Mode;
use yew::prelude::*;

use crate::components::explanation_panel::{explanation_panel_with, Sentences};
use crate::components::spinner::spinner;
use crate::text::tr;

/// The two connection modes as radio buttons (server-to-server first: Marketo recommends it).
pub fn connection_choice(
    lang: Lang,
    id: &'static str,
    chosen: ConnectionMode,
    on: &Callback<ConnectionMode>,
) -> Html {
    let option = |mode: ConnectionMode, value: &'static str, label: Msg| {
        let on = on.clone();
        let input_id = format!("{id}-{value}");
        html! {
            <div class="check">
                <input type="radio" name={id} id={input_id.clone()} value={value} checked={chosen == mode}
                    onchange={Callback::from(move |_: yew::events::Event| on.emit(mode))} />
                <label for={input_id}>{ tr(lang, label) }</label>
            </div>
        }
    };
    html! {
        <fieldset id={id}>
            <legend>{ tr(lang, Msg::ModesTitle) }</legend>
            { option(ConnectionMode::ServerToServer, "s2s", Msg::ModeS2S) }
            { option(ConnectionMode::ClientApp, "client-app", Msg::ModeClientApp) }
        </fieldset>
    }
}

/// The landing page (its notice's sentences through `sentences`). `busy` while leaving for Entra ID (the buttons are off); `connection` is
/// the mode chosen so far.
pub fn landing(
    sentences: Sentences,
    lang: Lang,
    notice: Option<&Explanation>,
    busy: bool,
    connection: ConnectionMode,
    on_connection: &Callback<ConnectionMode>,
    on_sign_in: &Callback<Mode>,
) -> Html {
    let t = |m| tr(lang, m);
    let click = |mode: Mode| {
        let on_sign_in = on_sign_in.clone();
        Callback::from(move |_: MouseEvent| on_sign_in.emit(mode))
    };
    html! {
        <div id="landing">
            if let Some(notice) = notice {
                { explanation_panel_with(sentences, lang, notice, "panel notice", None, Html::default()) }
            }
            <section class="panel" aria-labelledby="screen-title">
                <h1 id="screen-title" tabindex="-1">{ t(Msg::LandingTitle) }</h1>
                <p>{ t(Msg::LandingIntro) }</p>
                <h2>{ t(Msg::YouNeed) }</h2>
                <ul>
                    <li>{ t(Msg::NeedRole) }</li>
                    <li>{ t(Msg::NeedSysAdmin) }</li>
                    <li>{ t(Msg::NeedSolution) }</li>
                </ul>
                { connection_choice(lang, "landing-connection", connection, on_connection) }
                <div class="actions">
                    <button id="sign-in" class="primary" disabled={busy} onclick={click(Mode::Setup)}>
                        { t(Msg::SignIn) }
                    </button>
                    <button id="validate" disabled={busy} onclick={click(Mode::ValidateOnly)} aria-describedby="validate-hint">
                        { t(Msg::ValidateExisting) }
                    </button>
                </div>
                <p id="validate-hint" class="muted">{ t(Msg::ValidateHint) }</p>
                if busy {
                    { spinner(t(Msg::OpeningSignIn)) }
                }
            </section>
        </div>
    }
}
