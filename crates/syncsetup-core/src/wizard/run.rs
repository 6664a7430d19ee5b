//! The progress of one Apply run, as the page shows it: a row per step with its state, the waits
//! (throttling, outages, replication) with their elapsed time, and how many retries were needed.
//!
//! Rows start from the steps the reviewed plan said would run; `apply` re-plans after each step,
//! so a step that only became necessary on the way (publishing after a config change) gets a row
//! when it starts, in Marketo's order.

use crate::engine::apply::{Change, Event, Outcome};
use crate::engine::plan::StepId;
use crate::explain::Explanation;
use crate::graph::setup::ClientSecret;
use crate::transport::retry::RetryReason;

/// Where one step of the run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowState {
    /// Not started yet.
    Pending,
    /// Sending requests.
    Running,
    /// Waiting before a retry (see [`RunRow::wait`]).
    Waiting,
    /// Finished.
    Done,
    /// Failed; the run stopped here.
    Failed,
    /// The run ended before reaching it.
    NotRun,
}

/// A wait in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    /// Why.
    pub reason: RetryReason,
    /// When this streak of waits began (ms since the epoch): the elapsed time counts from here.
    pub since: u64,
    /// The attempt about to be made.
    pub next_attempt: u32,
}

/// One step's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunRow {
    /// Which step.
    pub step: StepId,
    /// Where it stands.
    pub state: RowState,
    /// What it did (when done).
    pub detail: Option<crate::i18n::core_texts::Text>,
    /// Retries so far.
    pub retries: u32,
    /// The wait under way, if any.
    pub wait: Option<Wait>,
}

/// One Apply run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Rows in Marketo's order.
    pub rows: Vec<RunRow>,
    /// The latest time seen (an event or the page's clock tick), ms since the epoch.
    pub now: u64,
    /// The admin pressed Cancel.
    pub cancel_requested: bool,
    /// `apply` has returned.
    pub finished: bool,
    /// The step that failed, with the explanation.
    pub failed: Option<(StepId, Explanation)>,
    /// What was created or changed.
    pub changes: Vec<Change>,
}

/// What a finished run reports to the wizard: the outcome without the secret's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunReport {
    /// Steps completed.
    pub completed: Vec<StepId>,
    /// The failed step.
    pub failed: Option<(StepId, Explanation)>,
    /// Objects created or changed.
    pub changes: Vec<Change>,
    /// Metadata of the new client secret (its text stays with the shell, in memory).
    pub secret: Option<SecretNote>,
}

impl RunReport {
    /// The report of an outcome; the secret's text is not copied.
    pub fn of(outcome: &Outcome) -> Self {
        Self {
            completed: outcome.completed.clone(),
            failed: outcome.failed.clone(),
            changes: outcome.changes.clone(),
            secret: outcome.secret.as_ref().map(SecretNote::of),
        }
    }
}

/// What the page knows about the client secret it holds in memory — never the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretNote {
    /// Key id of the credential.
    pub key_id: String,
    /// Its first three characters, as Graph lists them anyway.
    pub hint: String,
    /// Expiry, Unix seconds.
    pub end: Option<u64>,
    /// Shown unmasked.
    pub revealed: bool,
    /// The admin confirmed they stored it.
    pub acknowledged: bool,
}

impl SecretNote {
    /// The metadata of a secret just created: masked, not yet stored.
    pub fn of(secret: &ClientSecret) -> Self {
        Self {
            key_id: secret.key_id.clone(),
            hint: secret.hint.clone(),
            end: secret.end,
            revealed: false,
            acknowledged: false,
        }
    }
}

impl Run {
    /// A run expected to carry out `steps`.
    pub fn new(steps: impl IntoIterator<Item = StepId>) -> Self {
        Self {
            rows: steps.into_iter().map(RunRow::pending).collect(),
            now: 0,
            cancel_requested: false,
            finished: false,
            failed: None,
            changes: Vec::new(),
        }
    }

    fn row(&mut self, step: StepId) -> &mut RunRow {
        let index = match self.rows.iter().position(|r| r.step == step) {
            Some(index) => index,
            None => {
                let index = self.rows.partition_point(|r| r.step < step);
                self.rows.insert(index, RunRow::pending(step));
                index
            }
        };
        &mut self.rows[index]
    }

    /// Records a progress event that happened at `at` (ms since the epoch).
    pub fn record(&mut self, event: &Event, at: u64) {
        self.now = self.now.max(at);
        match event {
            Event::Started(step) => {
                let row = self.row(*step);
                row.state = RowState::Running;
            }
            Event::Waiting { step, notice } => {
                let row = self.row(*step);
                row.retries += 1;
                row.state = RowState::Waiting;
                let since = row.wait.as_ref().map_or(at, |w| w.since);
                row.wait = Some(Wait {
                    reason: notice.reason,
                    since,
                    next_attempt: notice.attempt,
                });
            }
            Event::Done { step, detail } => {
                let row = self.row(*step);
                row.state = RowState::Done;
                row.detail = Some(detail.clone());
                row.wait = None;
            }
            Event::Failed { step, explanation } => {
                let row = self.row(*step);
                row.state = RowState::Failed;
                row.wait = None;
                self.failed = Some((*step, explanation.clone()));
            }
            Event::Changed(change) => self.changes.push(change.clone()),
            // The secret goes to the shell's memory-only slot, never into wizard state.
            Event::SecretCreated(_) => {}
        }
    }

    /// Records the end of the run.
    pub fn finish(&mut self, report: &RunReport) {
        self.finished = true;
        if self.failed.is_none() {
            self.failed = report.failed.clone();
        }
        self.changes = report.changes.clone();
        for row in &mut self.rows {
            if matches!(
                row.state,
                RowState::Pending | RowState::Running | RowState::Waiting
            ) {
                row.state = if report.completed.contains(&row.step) {
                    RowState::Done
                } else {
                    RowState::NotRun
                };
                row.wait = None;
            }
        }
    }

    /// Steps done so far.
    pub fn done_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.state == RowState::Done)
            .count()
    }

    /// Whole seconds the row has been waiting, by the latest clock.
    pub fn waited_secs(&self, row: &RunRow) -> u64 {
        row.wait
            .as_ref()
            .map_or(0, |w| self.now.saturating_sub(w.since) / 1000)
    }

    /// True when the run stopped because the admin cancelled it.
    pub fn was_cancelled(&self) -> bool {
        self.finished && self.cancel_requested && self.failed.is_some()
    }
}

impl RunRow {
    fn pending(step: StepId) -> Self {
        Self {
            step,
            state: RowState::Pending,
            detail: None,
            retries: 0,
            wait: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::send::RetryNotice;

    fn waiting(step: StepId, attempt: u32) -> Event {
        Event::Waiting {
            step,
            notice: RetryNotice {
                reason: RetryReason::Replication,
                host: "graph".into(),
                attempt,
                delay_millis: 2_000,
            },
        }
    }

    #[test]
    fn waits_accumulate_elapsed_time_and_retries_until_the_step_is_done() {
        let mut run = Run::new([StepId::AppRegistration, StepId::ServicePrincipal]);
        run.record(&Event::Started(StepId::AppRegistration), 1_000);
        run.record(
            &Event::Done {
                step: StepId::AppRegistration,
                detail: crate::i18n::core_texts::TextKey::RdPublished.into(),
            },
            2_000,
        );
        run.record(&Event::Started(StepId::ServicePrincipal), 2_000);
        run.record(&waiting(StepId::ServicePrincipal, 2), 3_000);
        run.record(&waiting(StepId::ServicePrincipal, 3), 6_000);
        run.now = 15_500;
        let row = run.rows[1].clone();
        assert_eq!((row.state, row.retries), (RowState::Waiting, 2));
        assert_eq!(
            run.waited_secs(&row),
            12,
            "counted from the first wait of the streak"
        );
        run.record(
            &Event::Done {
                step: StepId::ServicePrincipal,
                detail: crate::i18n::core_texts::TextKey::RdConsent.into(),
            },
            16_000,
        );
        assert_eq!(run.rows[1].wait, None);
        assert_eq!(run.done_count(), 2);
    }

    #[test]
    fn steps_that_appear_on_the_way_get_a_row_in_marketo_order() {
        let mut run = Run::new([StepId::AppRegistration, StepId::Publish]);
        run.record(&Event::Started(StepId::MarketoConfigUser), 1);
        let order: Vec<StepId> = run.rows.iter().map(|r| r.step).collect();
        assert_eq!(
            order,
            vec![
                StepId::AppRegistration,
                StepId::MarketoConfigUser,
                StepId::Publish
            ]
        );
    }

    #[test]
    fn a_failure_stops_the_run_and_the_rest_is_marked_not_run() {
        let mut run = Run::new([StepId::AppRegistration, StepId::ServicePrincipal]);
        let why = Explanation::new("no", "because", "fix");
        run.record(
            &Event::Failed {
                step: StepId::AppRegistration,
                explanation: why.clone(),
            },
            5,
        );
        run.cancel_requested = true;
        run.finish(&RunReport {
            completed: vec![],
            failed: Some((StepId::AppRegistration, why.clone())),
            changes: vec![],
            secret: None,
        });
        assert_eq!(run.rows[1].state, RowState::NotRun);
        assert_eq!(run.failed, Some((StepId::AppRegistration, why)));
        assert!(run.was_cancelled());
    }
}
