//! After the setup: the downloads and maintenance entry points shown on the hand-off sheet and
//! the plan, the secret rotation screen and the teardown screen.

use syncsetup_core::i18n::{self, Lang, Msg};
use syncsetup_core::wizard::{
    Download, Event, Field, MaintenanceActions, RotateScreen, Rotation, RotationStage,
    TeardownScreen, TeardownStage,
};
use yew::prelude::*;

use crate::views::action;

use crate::views::on_click;

use crate::components::explanation_panel::problem;
use crate::components::notice_banner::notice_banner;
use crate::components::spinner::spinner;
use crate::text::{tr, trf};
use crate::views::hand_off::procedure_steps;
use crate::views::secret::secret_block;

/// The report downloads (and the reminder, when a secret's expiry is known).
pub fn downloads(lang: Lang, reminder: bool, on_download: &Callback<Download>) -> Html {
    let t = |m| tr(lang, m);
    let button = |what: Download, id: &'static str, label: Msg| {
        let on_download = on_download.clone();
        html! {
            <button type="button" {id} onclick={Callback::from(move |_: MouseEvent| on_download.emit(what))}>{ t(label) }</button>
        }
    };
    html! {
        <div class="actions" id="downloads">
            { button(Download::ReportJson, "download-json", Msg::DownloadJson) }
            { button(Download::ReportMarkdown, "download-markdown", Msg::DownloadMarkdown) }
            if reminder {
                { button(Download::Reminder, "download-reminder", Msg::DownloadReminder) }
            }
        </div>
    }
}

/// Rotate and tear down, each when there is something to act on (the core decides).
pub fn maintenance_actions(
    lang: Lang,
    actions: Option<MaintenanceActions>,
    on: &Callback<Event>,
) -> Html {
    let Some(actions) = actions else {
        return html! {};
    };
    html! {
        <div class="actions" id="maintenance">
            if actions.rotate {
                { action(on, "rotate-secret", "", false, tr(lang, Msg::RotateTitle), || Event::RotateClicked) }
            }
            { action(on, "tear-down", "danger", false, tr(lang, Msg::TeardownTitle), || Event::TeardownClicked) }
        </div>
    }
}

/// Rotating the client secret: add and show the new one, then remove the old ones once Marketo
/// uses the new one.
pub fn rotate_secret(
    lang: Lang,
    s: &RotateScreen,
    on: &Callback<Event>,
    revealed_text: Option<AttrValue>,
    on_copy: Callback<Field>,
) -> Html {
    let t = |m| tr(lang, m);
    let rotation = s.rotation;
    let held = s.held_key;
    let secrets = &s.secrets;
    let busy = s.busy;
    let secret = || {
        s.secret
            .as_ref()
            .map(|secret| secret_block(lang, secret, revealed_text.clone(), on, &on_copy))
    };
    let stage = match rotation.stage {
        RotationStage::Ready => html! {
            <div class="actions">
                <button type="button" id="add-secret" class="primary" disabled={busy} onclick={on_click(on, || Event::AddNewSecretClicked)}>
                    { trf(lang, Msg::AddNewSecret, &[&s.lifetime_days.to_string()]) }
                </button>
            </div>
        },
        RotationStage::Added => html! {<>
            if let Some(unseen) = s.unseen_new {
                <p id="rotation-unseen" class="warning">
                    { trf(lang, Msg::RotationUnseenSecret, &[unseen.hint.as_deref().unwrap_or("?")]) }
                </p>
            } else {
                { for secret() }
            }
            <div id="rotate-in-marketo">{ procedure_steps(lang, &s.procedure, on) }</div>
            <div class="actions">
                <button type="button" id="confirm-rotation" class="primary" disabled={busy} onclick={on_click(on, || Event::MarketoUsesNewSecret)}>
                    { t(Msg::ConfirmRotation) }
                </button>
                if s.unseen_new.is_some() {
                    <button type="button" id="add-secret" disabled={busy} onclick={on_click(on, || Event::AddNewSecretClicked)}>
                        { t(Msg::AddAnotherSecret) }
                    </button>
                }
            </div>
        </>},
        RotationStage::RemovalStopped => html! {<>
            { for secret() }
            <h2>{ t(Msg::SecretsRemoved) }</h2>
            <ul id="secrets-removed">
                { for rotation.removed.iter().map(|key| html! { <li data-key={key.clone()}>{ secret_name(lang, rotation, key) }</li> }) }
            </ul>
            <h2>{ t(Msg::SecretsNotRemoved) }</h2>
            <ul id="secrets-not-removed">
                { for rotation.not_removed.iter().map(|key| html! { <li data-key={key.clone()}>{ secret_name(lang, rotation, key) }</li> }) }
            </ul>
            <div class="actions">
                <button type="button" id="retry-removal" class="primary" disabled={busy} onclick={on_click(on, || Event::MarketoUsesNewSecret)}>
                    { trf(lang, Msg::RetryRemoval, &[&rotation.old_key_ids().len().to_string()]) }
                </button>
            </div>
        </>},
        RotationStage::Done => {
            html! { <p id="rotation-done" role="status">{ t(Msg::RotationDone) }</p> }
        }
        RotationStage::Adding | RotationStage::Removing => {
            html! { { spinner(t(Msg::RowRunning)) } }
        }
    };
    html! {<>
        if let Some(notice) = s.notice { { notice_banner(lang, Some(notice)) } }
        <section class="panel" aria-labelledby="screen-title" id="rotate" aria-busy={busy.to_string()}>
            <h1 id="screen-title" tabindex="-1">{ t(Msg::RotateTitle) }</h1>
            <p>{ t(Msg::RotateIntro) }</p>
            <h2>{ t(Msg::SecretsOfApp) }</h2>
            <ul id="app-secrets">
                { for secrets.iter().map(|p| {
                    let line = trf(lang, Msg::SecretLine, &[p.hint.as_deref().unwrap_or("?"), &p.end.map(|end| i18n::date(lang, end)).unwrap_or_default()]);
                    html! {
                        <li data-key={p.key_id.clone()}>
                            { line }
                            if held == Some(p.key_id.as_str()) { <strong>{ " · " }{ t(Msg::NewMarker) }</strong> }
                        </li>
                    }
                }) }
            </ul>
            { stage }
        </section>
        if let Some(why) = &rotation.problem { { problem(lang, why) } }
        <div class="actions">
            { action(on, "back-to-plan", "", busy, t(Msg::BackToPlan), || Event::BackToPlan) }
        </div>
    </>}
}

/// An old secret by its hint and expiry as the rotation knew it, else by its key id (one removed
/// before a reload is known by its id only).
fn secret_name(lang: Lang, rotation: &Rotation, key: &str) -> String {
    match rotation.old.iter().find(|p| p.key_id == key) {
        Some(p) => trf(
            lang,
            Msg::SecretLine,
            &[
                p.hint.as_deref().unwrap_or("?"),
                &p.end.map(|end| i18n::date(lang, end)).unwrap_or_default(),
            ],
        ),
        None => key.to_owned(),
    }
}

/// Tearing down: what would be removed, an explicit confirmation, then what was removed.
pub fn tear_down(lang: Lang, s: &TeardownScreen, on: &Callback<Event>) -> Html {
    let t = |m| tr(lang, m);
    let teardown = s.teardown;
    let confirm = {
        let on = on.clone();
        Callback::from(move |e: yew::events::Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on.emit(Event::TeardownConfirmed(input.checked()));
        })
    };
    let listed = teardown.stage == TeardownStage::Listed;
    let include_existing = {
        let on = on.clone();
        Callback::from(move |e: yew::events::Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on.emit(Event::TeardownIncludeExisting(input.checked()));
        })
    };
    let existing_names = teardown
        .items
        .iter()
        .filter(|i| !i.created_here)
        .map(|i| i.what.render(lang))
        .collect::<Vec<_>>()
        .join("; ");
    html! {<>
        if let Some(notice) = s.notice { { notice_banner(lang, Some(notice)) } }
        <section class="panel" aria-labelledby="screen-title" id="teardown" aria-busy={s.busy.to_string()}>
            <h1 id="screen-title" tabindex="-1">{ t(Msg::TeardownTitle) }</h1>
            <p class="warning strong">{ t(Msg::TeardownIntro) }</p>
            <ol id="teardown-items">
                { for teardown.items.iter().map(|item| html! {
                    <li data-created-here={item.created_here.to_string()}>
                        <strong>{ item.what.render(lang) }</strong>{ " " }<code>{ item.id.clone() }</code>
                        { " " }
                        <span class={if item.created_here { "badge done" } else { "badge ask" }}>
                            { t(if item.created_here { Msg::TeardownCreatedHere } else { Msg::TeardownWasThere }) }
                        </span>
                        if let Some(note) = &item.note { <p class="muted">{ note.render(lang) }</p> }
                    </li>
                }) }
            </ol>
            if listed && teardown.lists_existing() {
                <div class="check">
                    <input type="checkbox" id="teardown-include-existing" checked={teardown.include_existing} onchange={include_existing} />
                    <label for="teardown-include-existing">{ trf(lang, Msg::TeardownIncludeExisting, &[&existing_names]) }</label>
                </div>
            }
            if listed {
                <div class="check">
                    <input type="checkbox" id="teardown-confirm" checked={teardown.confirmed} onchange={confirm} />
                    <label for="teardown-confirm">{ t(Msg::TeardownConfirm) }</label>
                </div>
                <div class="actions">
                    <button type="button" id="teardown-start" class="danger" disabled={!teardown.can_start() || s.busy}
                        onclick={on_click(on, || Event::TeardownStartClicked)}>
                        { trf(lang, Msg::TeardownStart, &[&teardown.to_remove().count().to_string()]) }
                    </button>
                </div>
            } else if teardown.stage == TeardownStage::Removing {
                { spinner(t(Msg::RowRunning)) }
            } else {
                <h2>{ t(Msg::TeardownRemoved) }</h2>
                <ul id="teardown-removed">
                    { for teardown.removed.iter().map(|c| html! { <li>{ c.object }{ " " }<code>{ c.id.clone() }</code></li> }) }
                </ul>
                <p id="teardown-restore">{ t(Msg::TeardownRestore) }</p>
            }
        </section>
        if let Some(why) = &teardown.problem { { problem(lang, why) } }
        <div class="actions">
            { action(on, "back-to-plan", "", s.busy, t(Msg::BackToPlan), || Event::BackToPlan) }
        </div>
    </>}
}
