//! The hand-off sheet, laid out like Marketo's Admin › Microsoft Dynamics credential form, each
//! value with a copy button, the Org URL warning, then the Marketo procedure that fits the
//! admin's situation (`wizard::procedure`) — or the one question that decides it.

use syncsetup_core::engine::plan::MigrationStage;
use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::{
    Download, Event, Field, HandOffScreen, MigrationAction, Procedure, ProcedureSection,
    ProcedureView,
};
use yew::prelude::*;

use crate::views::action;

use crate::components::copy_button::copy_button;
use crate::text::{tr, trf};
use crate::views::maintenance::{downloads, maintenance_actions};
use crate::views::secret::MASK;

/// The hand-off sheet.
pub fn hand_off_sheet(
    lang: Lang,
    s: &HandOffScreen,
    on: &Callback<Event>,
    on_copy: Callback<Field>,
    on_download: Callback<Download>,
) -> Html {
    let t = |m| tr(lang, m);
    let sheet = &s.sheet;
    // Marketo's own labels, in English as Marketo shows them.
    let item = |field: Field,
                id: &'static str,
                label: &'static str,
                value: Option<String>,
                shown: Option<&'static str>| {
        let on_copy = on_copy.clone();
        let copyable = value.is_some();
        html! {
            <div class="credential">
                <dt id={format!("{id}-label")}>{ label }</dt>
                <dd>
                    <code id={id} aria-labelledby={format!("{id}-label")}>
                        { shown.map(str::to_owned).or(value).unwrap_or_else(|| t(Msg::NotSetUpYet).to_owned()) }
                    </code>
                    if copyable {
                        { copy_button(lang, format!("copy-{id}"), label, s.copied == Some(field), Callback::from(move |_| on_copy.emit(field))) }
                    }
                </dd>
            </div>
        }
    };
    let secret_row = if s.holds_secret {
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
    let summary = s.summary;
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
            if s.needs_password {
                <p id="password-note">{ t(Msg::PasswordNote) }</p>
            }
            if let Some(app) = &sheet.environment_url {
                <p class="muted" id="org-url-note">{ trf(lang, Msg::OrgUrlServiceNote, &[app]) }</p>
            }
            <p class="warning strong" id="org-url-warning">{
                match &sheet.environment_name {
                    Some(name) => trf(lang, Msg::OrgUrlWarningNamed, &[name]),
                    None => t(Msg::OrgUrlWarning).to_owned(),
                }
            }</p>
            { procedure_section(lang, s.procedure, on) }
        </section>
        <section class="panel">
            <p id="hand-off-checks">{ trf(lang, Msg::MarketoSummary, &[&summary.marketo_passed.to_string(), &summary.marketo_total.to_string()]) }</p>
            <div class="actions">
                { action(on, "see-checks", "", false, t(Msg::SeeAllChecks), || Event::ShowChecks) }
                if s.holds_secret {
                    { action(on, "forget-secret", "", false, t(Msg::ForgetSecret), || Event::ForgetSecret) }
                }
                { action(on, "back-to-plan", "", false, t(Msg::BackToPlan), || Event::BackToPlan) }
            </div>
        </section>
        <section class="panel" aria-labelledby="after-setup-title">
            <h2 id="after-setup-title">{ t(Msg::AfterSetupTitle) }</h2>
            <p class="muted">{ t(Msg::ReportNote) }</p>
            { downloads(lang, s.reminder, &on_download) }
            { maintenance_actions(lang, s.maintenance, on) }
        </section>
    </>}
}

/// Marketo's steps for the admin's situation, or the question that decides which.
fn procedure_section(lang: Lang, section: ProcedureSection, on: &Callback<Event>) -> Html {
    let t = |m| tr(lang, m);
    match section {
        ProcedureSection::Ask => html! {
            <fieldset id="marketo-procedure-question" class="question">
                <legend>{ t(Msg::ProcedureQuestion) }</legend>
                <p class="muted">{ t(Msg::ProcedureQuestionWhy) }</p>
                <div class="actions">
                    { action(on, "marketo-syncing-yes", "", false, t(Msg::AnswerYesSyncing), || Event::MarketoSyncing(Some(true))) }
                    { action(on, "marketo-syncing-no", "", false, t(Msg::AnswerNotSyncing), || Event::MarketoSyncing(Some(false))) }
                </div>
            </fieldset>
        },
        ProcedureSection::Known(view) => procedure_steps(lang, &view, on),
    }
}

/// The button after one of Marketo's steps of a migration that lets the page go on: after
/// Disable Sync, the Marketo User may change (Marketo's Validate needs it); after Switch, the old
/// sync user's role may go.
fn migration_action(
    lang: Lang,
    action_after: Option<MigrationAction>,
    on: &Callback<Event>,
) -> Html {
    let t = |m| tr(lang, m);
    match action_after {
        Some(MigrationAction::SyncDisabled) => html! {
            <div class="actions">
                { action(on, "migration-sync-disabled", "", false, t(Msg::MigrationSyncDisabled), || Event::MigrationReached(MigrationStage::SyncDisabled)) }
            </div>
        },
        Some(MigrationAction::Switched) => html! {
            <div class="actions">
                <p class="muted" id="migration-role-kept">{ t(Msg::MigrationRoleKept) }</p>
                { action(on, "migration-switched", "", false, t(Msg::MigrationSwitched), || Event::MigrationReached(MigrationStage::Switched)) }
            </div>
        },
        None => html! {},
    }
}

/// One procedure: its title, Marketo's steps in order and the link to Marketo's page
/// (`data-procedure` names it for tests and for whoever reads the page's source).
pub fn procedure_steps(lang: Lang, view: &ProcedureView, on: &Callback<Event>) -> Html {
    let t = |m| tr(lang, m);
    let procedure = view.procedure;
    html! {
        <div id="marketo-procedure" data-procedure={procedure.id()}>
            <h2>{ t(procedure.title()) }</h2>
            if procedure == Procedure::Migration {
                <p class="warning" id="migration-note">{ t(Msg::MigrationNote) }</p>
            }
            <ol class="marketo-steps" id="marketo-steps">{ for procedure.steps().iter().map(|m| html! {
                <li>
                    { t(*m) }
                    // A migration waits for Marketo at two points (see `MigrationStage`).
                    { migration_action(lang, view.action_after(*m), on) }
                </li>
            }) }</ol>
            <p class="muted">
                <a id="marketo-procedure-source" href={procedure.source()} target="_blank" rel="noopener noreferrer">{ t(Msg::ProcedureSource) }</a>
                // The admin's answer decided it: it can be changed.
                if view.from_answer {
                    { " " }
                    { action(on, "marketo-syncing-change", "link", false, t(Msg::ChangeProcedureAnswer), || Event::MarketoSyncing(None)) }
                }
            </p>
        </div>
    }
}
