//! Apply under way: a row per step with its state, replication and throttling waits with their
//! elapsed time, retries, and Cancel. A run that stopped shows why, and the way back to the plan.

use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::transport::retry::RetryReason;
use syncsetup_core::wizard::{ApplyingScreen, Event, Prominence, RowState};
use yew::prelude::*;

use crate::views::action;

use crate::components::notice_banner::notice_banner;
use crate::components::spinner::spinner;
use crate::text::{tr, trf};

/// The run: its rows, waits, Cancel, and what to do when it stopped.
pub fn applying(
    lang: Lang,
    s: &ApplyingScreen,
    on: &Callback<Event>,
    on_hrd_consent: Callback<MouseEvent>,
) -> Html {
    let t = |m| tr(lang, m);
    let run = s.run;
    let progress = trf(
        lang,
        Msg::ApplyingProgress,
        &[&run.done_count().to_string(), &run.rows.len().to_string()],
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
                RetryReason::StillRunning => Msg::WaitStillRunning,
                RetryReason::Throttled => Msg::WaitThrottled,
                RetryReason::Unavailable => Msg::WaitUnavailable,
            };
            html! { <p class="wait">{ trf(lang, msg, &[&secs]) }</p> }
        });
        html! {
            <li id={format!("run-{}", row.step.slug())} class={row_class(row.state)}>
                <span class="run-mark" aria-hidden="true">
                    if busy { <span class="spinner"></span> } else { { symbol } }
                </span>
                <div class="run-text">
                    <span class="step-title">{ row.step.title_in(lang) }</span>
                    <span class="run-state">{ t(msg) }
                        if row.retries > 0 { { " · " }{ trf(lang, Msg::Retries, &[&row.retries.to_string()]) } }
                    </span>
                    { for wait }
                    if let Some(detail) = &row.detail { <p class="step-detail">{ detail.render(lang) }</p> }
                </div>
            </li>
        }
    });
    html! {<>
        if let Some(notice) = s.origin_notice {
            { notice_banner(lang, Some(notice)) }
        }
        <section class="panel" aria-labelledby="screen-title" id="applying" aria-busy={(!run.finished).to_string()}>
            <h1 id="screen-title" tabindex="-1">{ t(if stopped { Msg::ApplyingStopped } else { Msg::ApplyingTitle }) }</h1>
            <p id="run-progress" role="status" aria-live="polite">{ progress }</p>
            <ol class="run">{ for rows }</ol>
            if !run.finished {
                <div class="actions">
                    { action(on, "cancel", "", run.cancel_requested, t(Msg::Cancel), || Event::CancelClicked) }
                </div>
                if run.cancel_requested { { spinner(t(Msg::Cancelling)) } }
            }
        </section>
        if let Some(notice) = s.stop_notice.filter(|_| stopped) {
            { notice_banner(lang, Some(notice)) }
            <div class="actions">
                if s.needs_hrd_consent {
                    <button type="button" id="hrd-consent" class="primary" onclick={on_hrd_consent.clone()}>{ t(Msg::HrdConsent) }</button>
                }
                { action(on, "back-to-plan", if s.back_to_plan() == Prominence::Primary { "primary" } else { "" }, s.busy, t(Msg::BackToPlan), || Event::BackToPlan) }
            </div>
        }
    </>}
}

fn row_class(state: RowState) -> &'static str {
    match state {
        RowState::Pending => "run-row state-pending",
        RowState::Running => "run-row state-running",
        RowState::Waiting => "run-row state-waiting",
        RowState::Done => "run-row state-done",
        RowState::Failed => "run-row state-failed",
        RowState::NotRun => "run-row state-not-run",
    }
}
