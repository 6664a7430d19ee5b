//! The hand-off sheet, laid out like Marketo's Admin › Microsoft Dynamics credential form, each
//! value with a copy button, then Marketo's own steps in order and the Org URL warning.

use syncsetup_core::engine::plan::ConnectionMode;
use syncsetup_core::i18n::Msg;
use syncsetup_core::wizard::{Event, Field};
use yew::prelude::*;

use crate::views::WizardRef;

use crate::components::copy_button::CopyButton;
use crate::text::{tr, trf, use_lang};
use crate::views::secret::MASK;

#[derive(Properties, PartialEq)]
pub struct HandOffProps {
    pub wizard: WizardRef,
    pub on: Callback<Event>,
    pub on_copy: Callback<Field>,
}

const MARKETO_STEPS: [Msg; 8] = [
    Msg::MarketoStep1,
    Msg::MarketoStep2,
    Msg::MarketoStep3,
    Msg::MarketoStep4,
    Msg::MarketoStep5,
    Msg::MarketoStep6,
    Msg::MarketoStep7,
    Msg::MarketoStep8,
];

#[function_component(HandOffSheet)]
pub fn hand_off_sheet(props: &HandOffProps) -> Html {
    let lang = use_lang();
    let t = |m| tr(lang, m);
    let w = &props.wizard;
    let sheet = w.hand_off();
    let emit = |event: Event| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(event.clone()))
    };
    // Marketo's own labels, in English as Marketo shows them.
    let item = |field: Field,
                id: &'static str,
                label: &'static str,
                value: Option<String>,
                shown: Option<&'static str>| {
        let on_copy = props.on_copy.clone();
        let copyable = value.is_some();
        html! {
            <div class="credential">
                <dt id={format!("{id}-label")}>{ label }</dt>
                <dd>
                    <code id={id} aria-labelledby={format!("{id}-label")}>
                        { shown.map(str::to_owned).or(value).unwrap_or_else(|| t(Msg::NotSetUpYet).to_owned()) }
                    </code>
                    if copyable {
                        <CopyButton id={format!("copy-{id}")} what={label} copied={w.copied == Some(field)}
                            on_copy={Callback::from(move |_| on_copy.emit(field))} />
                    }
                </dd>
            </div>
        }
    };
    let secret_row = if w.secret.is_some() {
        item(
            Field::ClientSecret,
            "handoff-client-secret",
            "Client Secret",
            Some(String::new()),
            Some(MASK),
        )
    } else {
        html! {
            <div class="credential">
                <dt>{ "Client Secret" }</dt>
                <dd><span id="handoff-client-secret" class="muted">{ t(Msg::SecretNotHeld) }</span></dd>
            </div>
        }
    };
    let summary = w.check_summary();
    html! {<>
        <section class="panel" aria-labelledby="screen-title" id="hand-off">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::HandOffTitle) }</h1>
            <p>{ t(Msg::HandOffIntro) }</p>
            <dl class="credentials">
                { item(Field::Username, "handoff-username", "Username", sheet.username.clone(), None) }
                { item(Field::ClientId, "handoff-client-id", "Client ID", sheet.client_id.clone(), None) }
                { secret_row }
                { item(Field::TenantId, "handoff-tenant-id", "Tenant ID", Some(sheet.tenant_id.clone()), None) }
                { item(Field::OrgUrl, "handoff-org-url", "Org URL", sheet.org_url.clone(), None) }
            </dl>
            if w.answers.mode == ConnectionMode::ClientApp {
                <p id="password-note">{ t(Msg::PasswordNote) }</p>
            }
            <p class="warning strong" id="org-url-warning">{ t(Msg::OrgUrlWarning) }</p>
            <h2>{ t(Msg::MarketoStepsTitle) }</h2>
            <ol class="marketo-steps" id="marketo-steps">{ for MARKETO_STEPS.iter().map(|m| html! { <li>{ t(*m) }</li> }) }</ol>
        </section>
        <section class="panel">
            <p id="hand-off-checks">{ trf(lang, Msg::MarketoSummary, &[("n", &summary.marketo_passed.to_string()), ("total", &summary.marketo_total.to_string())]) }</p>
            <div class="actions">
                <button type="button" id="see-checks" onclick={emit(Event::ShowChecks)}>{ t(Msg::SeeAllChecks) }</button>
                if w.secret.is_some() {
                    <button type="button" id="forget-secret" onclick={emit(Event::ForgetSecret)}>{ t(Msg::ForgetSecret) }</button>
                }
                <button type="button" id="back-to-plan" onclick={emit(Event::BackToPlan)}>{ t(Msg::BackToPlan) }</button>
            </div>
        </section>
    </>}
}
