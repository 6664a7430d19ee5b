//! The tool's own app registration does not exist yet (config.json names no client id): what to
//! register in the Entra admin center, and the config.json to write — each part copyable.

use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::bootstrap::{Registration, DYNAMICS_PERMISSION};
use yew::prelude::*;

use crate::components::copy_button::copy_button;
use crate::text::tr;

/// The registration guide; `copied` names the value copied last, and `on_copy` copies a text
/// and says which value it was.
pub fn bootstrap(
    lang: Lang,
    r: &Registration,
    copied: Option<&'static str>,
    on_copy: &Callback<(&'static str, String)>,
) -> Html {
    let t = |m| tr(lang, m);
    let value = |id: &'static str, what: Msg, text: String| {
        let on_copy = on_copy.clone();
        let copy_text = text.clone();
        html! {
            <div class="secret-row">
                <pre id={id} class="request">{ text }</pre>
                { copy_button(lang, format!("copy-{id}"), t(what), copied == Some(id), Callback::from(move |_| on_copy.emit((id, copy_text.clone())))) }
            </div>
        }
    };
    html! {
        <section class="panel" aria-labelledby="screen-title" id="bootstrap">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::BootstrapTitle) }</h1>
            <p>{ t(Msg::BootstrapIntro) }</p>
            <ol class="bootstrap-steps">
                <li>{ t(Msg::BootstrapRegister) }</li>
                <li>{ t(Msg::BootstrapRedirect) }{ value("redirect-uri", Msg::BootstrapRedirectLabel, r.redirect_uri.clone()) }</li>
                <li>
                    { t(Msg::BootstrapPermissions) }
                    <p class="label">{ "Microsoft Graph" }</p>
                    { value("graph-permissions", Msg::BootstrapGraphLabel, r.graph_permissions.clone()) }
                    <p class="muted">{ t(Msg::BootstrapHrd) }<code>{ r.federated_permissions.clone() }</code></p>
                    <p class="label">{ "Dynamics CRM" }</p>
                    <pre class="request">{ DYNAMICS_PERMISSION }</pre>
                </li>
                <li>{ t(Msg::BootstrapConfig) }{ value("config-json", Msg::BootstrapConfigLabel, r.config_json.clone()) }</li>
            </ol>
        </section>
    }
}
