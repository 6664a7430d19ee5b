//! The landing page: what the tool does, what the admin needs, the two connection modes, and the
//! two ways in — set up, or validate an existing setup without changing anything.

use syncsetup_core::engine::plan::ConnectionMode;
use syncsetup_core::explain::Explanation;
use syncsetup_core::i18n::Msg;
use syncsetup_core::wizard::Mode;
use yew::prelude::*;

use crate::components::explanation_panel::ExplanationPanel;
use crate::components::spinner::Spinner;
use crate::text::{tr, use_lang};

/// The two connection modes as radio buttons (server-to-server first: Marketo recommends it).
pub fn connection_choice(
    lang: syncsetup_core::i18n::Lang,
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

#[derive(Properties, PartialEq)]
pub struct LandingProps {
    pub notice: Option<Explanation>,
    pub busy: bool,
    /// The connection mode chosen (server-to-server unless changed).
    pub connection: ConnectionMode,
    pub on_connection: Callback<ConnectionMode>,
    pub on_sign_in: Callback<Mode>,
}

#[function_component(Landing)]
pub fn landing(props: &LandingProps) -> Html {
    let lang = use_lang();
    let t = |m| tr(lang, m);
    let click = |mode: Mode| {
        let on_sign_in = props.on_sign_in.clone();
        Callback::from(move |_: MouseEvent| on_sign_in.emit(mode))
    };
    html! {
        <div id="landing">
            if let Some(notice) = &props.notice {
                <ExplanationPanel explanation={notice.clone()} tone="notice" />
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
                { connection_choice(lang, "landing-connection", props.connection, &props.on_connection) }
                <div class="actions">
                    <button id="sign-in" class="primary" disabled={props.busy} onclick={click(Mode::Setup)}>
                        { t(Msg::SignIn) }
                    </button>
                    <button id="validate" disabled={props.busy} onclick={click(Mode::ValidateOnly)} aria-describedby="validate-hint">
                        { t(Msg::ValidateExisting) }
                    </button>
                </div>
                <p id="validate-hint" class="muted">{ t(Msg::ValidateHint) }</p>
                if props.busy {
                    <Spinner label={t(Msg::OpeningSignIn)} />
                }
            </section>
        </div>
    }
}
