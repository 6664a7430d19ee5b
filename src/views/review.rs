//! The plan review: the chosen environment, the inputs with inline validation, every step with
//! its status, the Marketo documentation step it replaces and the exact requests it will send,
//! and Apply.

use syncsetup_core::engine::plan::{Standing, Status, Step};
use syncsetup_core::i18n::{self, Lang, Msg};
use syncsetup_core::wizard::form::SYNC_FILTER_TABLES;
use syncsetup_core::wizard::{
    Edit, Event, InputProblem, ReviewPrimary, ReviewScreen, ReviewStanding,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::views::action;

use crate::views::on_click;

use crate::components::badge::status_badge;
use crate::components::notice_banner::notice_banner;
use crate::text::{tr, trf};
use crate::views::landing::connection_choice;
use crate::views::maintenance::maintenance_actions;
use crate::views::role_banner::role_banner;
use crate::views::sync_user_picker::sync_user_picker;

/// Sends `Edit`s built from an input's value.
fn on_input(on: &Callback<Event>, edit: fn(String) -> Edit) -> Callback<InputEvent> {
    let on = on.clone();
    Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(Event::Edit(edit(input.value())));
    })
}

/// Sends `Edit`s built from a checkbox.
fn on_check(on: &Callback<Event>, edit: impl Fn(bool) -> Edit + 'static) -> Callback<Event2> {
    let on = on.clone();
    Callback::from(move |e: Event2| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(Event::Edit(edit(input.checked())));
    })
}

type Event2 = yew::events::Event;

struct Field {
    id: &'static str,
    label: &'static str,
    value: String,
    kind: &'static str,
    problem: Option<InputProblem>,
    hint: Option<String>,
    readonly: bool,
    oninput: Callback<InputEvent>,
    /// Bounds of a number field.
    range: Option<(u32, u32)>,
}

fn text_field(lang: Lang, f: Field) -> Html {
    let hint_id = format!("{}-hint", f.id);
    let error_id = format!("{}-error", f.id);
    let described = [
        f.hint.as_ref().map(|_| hint_id.clone()),
        f.problem.map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let input = html! {
        <input id={f.id} type={f.kind} value={f.value} readonly={f.readonly} autocomplete="off"
            min={f.range.map(|r| r.0.to_string())} max={f.range.map(|r| r.1.to_string())}
            inputmode={f.range.map(|_| "numeric")}
            aria-invalid={f.problem.is_some().to_string()}
            aria-describedby={(!described.is_empty()).then_some(described)}
            oninput={f.oninput} />
    };
    html! {
        <div class={if f.problem.is_some() { "field invalid" } else { "field" }}>
            <label for={f.id}>{ f.label }</label>
            { input }
            if let Some(hint) = f.hint {
                <p id={hint_id} class="hint">{ hint }</p>
            }
            if let Some(problem) = f.problem {
                <p id={error_id} class="field-error" role="alert">{ problem.message(lang) }</p>
            }
        </div>
    }
}

fn checkbox(id: String, label: &str, checked: bool, onchange: Callback<Event2>) -> Html {
    html! {
        <div class="check">
            <input type="checkbox" id={id.clone()} {checked} {onchange} />
            <label for={id}>{ label.to_owned() }</label>
        </div>
    }
}

/// The plan review.
pub fn review(
    lang: Lang,
    s: &ReviewScreen,
    on: &Callback<Event>,
    on_hrd_consent: Callback<MouseEvent>,
    on_sign_in_for_changes: Callback<MouseEvent>,
) -> Html {
    let t = |m| tr(lang, m);
    let plan = s.plan;
    let problems = s.problems;
    let answers = s.answers;
    let max = s.max_lifetime_days;
    let existing_email = s.email_fixed;
    let secret_exists = s.secret_exists;
    let candidates = &s.app_candidates;

    let emit = |make: fn() -> Event| on_click(on, make);
    let on_connection = {
        let on = on.clone();
        Callback::from(move |mode| on.emit(Event::Edit(Edit::ConnectionMode(mode))))
    };
    let (to_do, apply_enabled) = match s.primary {
        ReviewPrimary::Apply { to_do, enabled } => (to_do, enabled),
        ReviewPrimary::SignInForChanges => (0, false),
    };
    let apply_label = if to_do == 0 {
        t(Msg::Apply).to_owned()
    } else if to_do == 1 {
        t(Msg::ApplyOne).to_owned()
    } else {
        trf(lang, Msg::ApplySteps, &[&to_do.to_string()])
    };

    let settings = html! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title">{ t(Msg::SettingsTitle) }</h2>
            <form class="form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { connection_choice(lang, "connection", answers.mode, &on_connection) }
                { text_field(lang, Field {
                    id: "app-name", label: t(Msg::AppName), value: answers.app_name.clone(), kind: "text",
                    problem: problems.app_name, hint: None, readonly: false,
                    oninput: on_input(on, Edit::AppName), range: None,
                }) }
                if !candidates.is_empty() {
                    <fieldset id="pick-app">
                        <legend>{ t(Msg::PickApp) }</legend>
                        { for candidates.iter().map(|app| {
                            let on = on.clone();
                            let app_id = app.app_id.clone();
                            let id = format!("app-{}", app.app_id);
                            html! {
                                <div class="check">
                                    <input type="radio" name="app" id={id.clone()} checked={answers.app_id.as_deref() == Some(app.app_id.as_str())}
                                        onchange={Callback::from(move |_: Event2| on.emit(Event::Edit(Edit::PickApp(app_id.clone()))))} />
                                    <label for={id}>{ format!("{} — {}", app.display_name, app.app_id) }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                }
                if let Some(picker) = &s.sync_user {
                    { sync_user_picker(lang, picker, on) }
                } else {
                    { text_field(lang, Field {
                        id: "app-user-email", label: t(Msg::AppUserEmail), value: answers.app_user_email.clone(), kind: "email",
                        problem: problems.app_user_email,
                        hint: existing_email.then(|| t(Msg::AppUserEmailExisting).to_owned()),
                        readonly: existing_email,
                        oninput: on_input(on, Edit::AppUserEmail), range: None,
                    }) }
                }
                { text_field(lang, Field {
                    id: "secret-lifetime", label: t(Msg::SecretLifetime), value: s.lifetime_input.to_owned(), kind: "number",
                    problem: problems.secret_lifetime,
                    hint: Some(trf(lang, if s.lifetime_limited_by_policy { Msg::SecretLifetimePolicy } else { Msg::SecretLifetimeHint }, &[&max.to_string()])),
                    readonly: false,
                    oninput: on_input(on, Edit::SecretLifetime),
                    range: Some((1, max)),
                }) }
                if secret_exists {
                    { checkbox("new-secret".into(), t(Msg::NewSecret), answers.new_secret, on_check(on, Edit::NewSecret)) }
                }
                <fieldset id="sync-filter">
                    <legend>{ t(Msg::SyncFilter) }</legend>
                    { for SYNC_FILTER_TABLES.iter().map(|table| {
                        let on_table = table.to_string();
                        checkbox(
                            format!("sync-filter-{table}"),
                            &format!("{} ({table})", i18n::table_label(lang, table)),
                            answers.sync_filter_tables.iter().any(|t| t == table),
                            on_check(on, move |on| Edit::SyncFilterTable { table: on_table.clone(), on }),
                        )
                    }) }
                </fieldset>
                { checkbox("remove-other-role-holders".into(), t(Msg::ConsentRemoveHolders), answers.remove_other_role_holders, on_check(on, Edit::RemoveOtherRoleHolders)) }
                { checkbox("enable-plugin-steps".into(), t(Msg::ConsentPluginSteps), answers.enable_plugin_steps, on_check(on, Edit::EnablePluginSteps)) }
            </form>
        </section>
    };

    let steps = plan
        .steps
        .iter()
        .map(|step| step_item(lang, step, s.focus == Some(step.id)));
    let environment = answers.environment_url.clone().unwrap_or_default();

    html! {<>
        { notice_banner(lang, s.notice) }
        if s.hrd_consent {
            <div class="actions">
                <button type="button" id="hrd-consent" class="primary" onclick={on_hrd_consent.clone()}>{ t(Msg::HrdConsent) }</button>
            </div>
        }
        { role_banner(lang, s.role_problem.as_ref()) }
        <section class="panel" aria-labelledby="screen-title" id="review">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::ReviewTitle) }</h1>
            <p>{ t(Msg::ReviewIntro) }</p>
            <p class="environment-line">
                <strong>{ t(Msg::EnvironmentLabel) }{ ": " }</strong>
                <span id="chosen-environment" class="url">{ environment }</span>{ " " }
                { action(on, "change-environment", "link", false, t(Msg::Change), || Event::ChangeEnvironment) }
            </p>
        </section>
        { settings }
        <section class="panel" aria-labelledby="steps-title">
            <h2 id="steps-title">{ t(Msg::StepsTitle) }</h2>
            <ol class="steps">{ for steps }</ol>
            { maintenance_actions(lang, s.maintenance, on) }
        </section>
        <div class="action-bar">
            { match s.standing {
                ReviewStanding::Stale => html! { <p id="stale" class="warning" role="status">{ t(Msg::StaleNote) }</p> },
                ReviewStanding::EmailUnchecked => html! { <p id="email-unchecked" class="warning" role="status">{ t(Msg::EmailUncheckedNote) }</p> },
                ReviewStanding::Plan(Standing::Complete) => html! { <p id="nothing-to-do" class="muted">{ t(Msg::NothingToDo) }</p> },
                ReviewStanding::Plan(Standing::Held(n)) => html! { <p id="nothing-can-run" class="warning" role="status">{ trf(lang, Msg::NothingCanRun, &[&n.to_string()]) }</p> },
                ReviewStanding::Plan(Standing::Runnable(_)) => html! {},
            } }
            if s.primary == ReviewPrimary::SignInForChanges {
                <p id="sign-in-for-changes-why" class="muted">{ t(Msg::SignInForChangesWhy) }</p>
            }
            <div class="actions">
                if s.primary == ReviewPrimary::SignInForChanges {
                    <button type="button" id="sign-in-for-changes" class="primary" onclick={on_sign_in_for_changes.clone()}>{ t(Msg::SignInForChanges) }</button>
                } else {
                    <button type="button" id="apply" class="primary" disabled={!apply_enabled} onclick={emit(|| Event::ApplyClicked)}>{ apply_label }</button>
                }
                { action(on, "refresh", "", false, t(Msg::ReadAgain), || Event::RefreshClicked) }
                { action(on, "run-checks", "", false, t(Msg::RunChecks), || Event::CheckAgain) }
                if s.start_over {
                    { action(on, "start-over", "", false, t(Msg::StartOver), || Event::StartOver) }
                }
            </div>
        </div>
    </>}
}

fn step_item(lang: Lang, step: &Step, focused: bool) -> Html {
    let slug = step.id.slug();
    let detail = match &step.status {
        Status::Done(text)
        | Status::ToDo(text)
        | Status::NeedsAnswer(text)
        | Status::NotApplicable(text) => {
            html! { <p class="step-detail">{ text.render(lang) }</p> }
        }
        Status::Blocked(e) => html! {
            <div class="step-detail blocked-detail">
                <p><strong>{ e.what.render(lang) }</strong></p>
                <p>{ tr(lang, Msg::Why) }{ e.why.render(lang) }</p>
                <p>{ tr(lang, Msg::Fix) }{ e.fix.render(lang) }</p>
            </div>
        },
    };
    let previews = (!step.requests.is_empty()).then(|| {
        let label = trf(
            lang,
            Msg::RequestsPreview,
            &[&step.requests.len().to_string()],
        );
        html! {
            <details class="requests" open={focused}>
                <summary>{ label }</summary>
                { for step.requests.iter().map(|r| html! {
                    <pre class="request"><code>
                        <span class="method">{ r.method }</span>{ " " }{ r.url.clone() }
                        if let Some(body) = &r.body { { "\n\n" }{ body.clone() } }
                    </code></pre>
                }) }
            </details>
        }
    });
    html! {
        <li id={format!("step-{slug}")} class={if focused { "step focused" } else { "step" }}>
            <div class="step-head">
                <span class="step-title">{ step.id.title_in(lang) }</span>
                { status_badge(lang, &step.status) }
            </div>
            { detail }
            <p class="why">{ tr(lang, Msg::ReplacesDocStep) }{ i18n::core_texts::template(lang, step.id.marketo_doc()) }</p>
            { for previews }
        </li>
    }
}
