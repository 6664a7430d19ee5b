//! Apply under way: a row per step with its state, replication and throttling waits with their
//! elapsed time, retries, and Cancel. A run that stopped shows why, and the way back to the plan.

use syncsetup_core::engine::retry::RetryReason;
use syncsetup_core::i18n::{self, Msg};
use syncsetup_core::wizard::{Event, Notice, RowState};
use yew::prelude::*;

use crate::views::WizardRef;

use crate::components::notice_banner::NoticeBanner;
use crate::components::spinner::Spinner;
use crate::text::{tr, trf, use_lang};
use crate::views::review::step_slug;

#[derive(Properties, PartialEq)]
pub struct ApplyingProps {
    pub wizard: WizardRef,
    pub on: Callback<Event>,
    /// Sign in again with the Home Realm Discovery permission.
    pub on_hrd_consent: Callback<MouseEvent>,
}

#[function_component(Applying)]
pub fn applying(props: &ApplyingProps) -> Html {
    let lang = use_lang();
    let t = |m| tr(lang, m);
    let w = &props.wizard;
    let Some(run) = &w.run else { return html! {} };
    let emit = |event: Event| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(event.clone()))
    };
    let progress = trf(
        lang,
        Msg::ApplyingProgress,
        &[
            ("done", &run.done_count().to_string()),
            ("total", &run.rows.len().to_string()),
        ],
    );
    let stopped = run.finished && run.failed.is_some();
    let rows = run.rows.iter().map(|row| {
        let (symbol, msg) = match row.state {
            RowState::Pending => ("○", Msg::RowPending),
            RowState::Running | RowState::Waiting => ("", Msg::RowRunning),
            RowState::Done => ("✓", Msg::RowDone),
            RowState::Failed => ("✗", Msg::RowFailed),
            RowState::NotRun => ("–", Msg::RowNotRun),
        };
        let busy = matches!(row.state, RowState::Running | RowState::Waiting);
        let wait = row.wait.as_ref().map(|wait| {
            let secs = run.waited_secs(row).to_string();
            let msg = match wait.reason {
                RetryReason::Replication => Msg::WaitReplication,
                RetryReason::Throttled => Msg::WaitThrottled,
                RetryReason::Unavailable => Msg::WaitUnavailable,
            };
            html! { <p class="wait">{ trf(lang, msg, &[("s", &secs)]) }</p> }
        });
        html! {
            <li id={format!("run-{}", step_slug(row.step))} class={classes!("run-row", format!("state-{}", state_class(row.state)))}>
                <span class="run-mark" aria-hidden="true">
                    if busy { <span class="spinner"></span> } else { { symbol } }
                </span>
                <div class="run-text">
                    <span class="step-title">{ i18n::step_title(lang, row.step) }</span>
                    <span class="run-state">{ t(msg) }
                        if row.retries > 0 { { " · " }{ trf(lang, Msg::Retries, &[("n", &row.retries.to_string())]) } }
                    </span>
                    { for wait }
                    if let Some(detail) = &row.detail { <p class="step-detail">{ detail.clone() }</p> }
                </div>
            </li>
        }
    });
    html! {<>
        if matches!(w.notice, Some(Notice::Resumed | Notice::ResumedWithPermission | Notice::SecretLostOnReload)) {
            <NoticeBanner notice={w.notice.clone()} />
        }
        <section class="panel" aria-labelledby="screen-title" id="applying" aria-busy={(!run.finished).to_string()}>
            <h1 id="screen-title" tabindex="-1">{ t(if stopped { Msg::ApplyingStopped } else { Msg::ApplyingTitle }) }</h1>
            <p id="run-progress" role="status" aria-live="polite">{ progress }</p>
            <ol class="run">{ for rows }</ol>
            if !run.finished {
                <div class="actions">
                    <button type="button" id="cancel" disabled={run.cancel_requested} onclick={emit(Event::CancelClicked)}>{ t(Msg::Cancel) }</button>
                </div>
                if run.cancel_requested { <Spinner label={t(Msg::Cancelling)} /> }
            }
        </section>
        if stopped && matches!(w.notice, Some(Notice::RunFailed(..) | Notice::Cancelled)) {
            <NoticeBanner notice={w.notice.clone()} />
            <div class="actions">
                if w.needs_hrd_consent() {
                    <button type="button" id="hrd-consent" class="primary" onclick={props.on_hrd_consent.clone()}>{ t(Msg::HrdConsent) }</button>
                }
                <button type="button" id="back-to-plan" class={classes!((!w.needs_hrd_consent()).then_some("primary"))} disabled={w.job.is_some()} onclick={emit(Event::BackToPlan)}>{ t(Msg::BackToPlan) }</button>
            </div>
        }
    </>}
}

fn state_class(state: RowState) -> &'static str {
    match state {
        RowState::Pending => "pending",
        RowState::Running => "running",
        RowState::Waiting => "waiting",
        RowState::Done => "done",
        RowState::Failed => "failed",
        RowState::NotRun => "not-run",
    }
}
