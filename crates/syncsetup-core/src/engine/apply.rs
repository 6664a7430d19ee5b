//! `apply`: carry out the plan's to-do steps, idempotently, reporting progress as it goes.
//!
//! The loop re-plans from the (updated) facts after every step, so the order and the statuses
//! always come from `plan` — the same function the admin reviewed. Every create is a
//! find-or-create: read first, create only when absent, treat "already exists" as done, and after
//! a dropped connection re-read instead of sending again. The first read is skipped while the facts
//! are fresh (observed less than [`FRESH_FACTS_MILLIS`] before the step starts): then observe's
//! "absent" is trusted and the step goes straight to its write — which stays safe on its own (no
//! blind resend, "already exists" is done). Replication waits (a service principal
//! not yet visible to Graph or Dataverse) poll with backoff within the policy's budget and are
//! reported while they run. A failure stops the run with an explanation; what was done stays
//! done, and a later run resumes from the tenant's state.

use super::plan::{plan, Answers, Plan, StepId};
use super::run::{StepError, StepRun};
use super::steps::{self, Runs};
use super::tokens::TokenSource;
use crate::config::Config;
use crate::explain::Explanation;
use crate::facts::Facts;
use crate::graph::setup::ClientSecret;
use crate::http::HttpClient;
use crate::transport::runtime::Runtime;
use crate::transport::send::{Context, RetryNotice};

pub use super::run::{Change, Outcome};
pub use super::steps::HRD_CONSENT_NEEDED;

/// Progress of a run, for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A step began.
    Started(StepId),
    /// A step is waiting (throttling, outage, replication).
    Waiting {
        /// Which step.
        step: StepId,
        /// Why and how long.
        notice: RetryNotice,
    },
    /// A step finished; the text says what it did.
    Done {
        /// Which step.
        step: StepId,
        /// What was done.
        detail: crate::i18n::core_texts::Text,
    },
    /// A step failed; the run stops here.
    Failed {
        /// Which step.
        step: StepId,
        /// What happened, why, and the fix.
        explanation: Explanation,
    },
    /// Something was created, changed or removed — reported at once, so the page can remember
    /// created ids (never secrets) across a reload.
    Changed(Change),
    /// A client secret was created: handed over the moment Graph returned it, so a reload
    /// right after cannot lose a secret nobody has seen.
    SecretCreated(ClientSecret),
}

/// How long observed facts count as fresh. Within it, what observe found absent is written without
/// being read again (one round trip less per step); older facts — a plan the admin reviewed for
/// minutes — are read again first, since someone may have created the object meanwhile (an app
/// registration's name is not unique, so a blind create could duplicate it).
pub(crate) const FRESH_FACTS_MILLIS: u64 = 60_000;

/// Runs every to-do step. `facts` is updated as objects are created; `observed_at_millis` is when
/// they were read (the runtime's clock), which decides whether they are fresh.
pub async fn apply<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
    observed_at_millis: u64,
    on_event: &dyn Fn(Event),
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut attempted: Vec<StepId> = Vec::new();
    loop {
        let now_millis = ctx.runtime.now_millis();
        let fresh = now_millis.saturating_sub(observed_at_millis) <= FRESH_FACTS_MILLIS;
        let now = now_millis / 1000;
        let current: Plan = plan(config, answers, facts, now);
        let batch = next_batch(&current, &attempted);
        if batch.is_empty() {
            break;
        }
        attempted.extend(&batch);
        // Independent steps run together, each on its own copy of the facts; what each one
        // learned is merged back afterwards (every step owns distinct facts, see `merge`).
        let runs = batch.iter().map(|&step| {
            let mut own = facts.clone();
            async move {
                on_event(Event::Started(step));
                let step_ctx = Context {
                    client: ctx.client,
                    runtime: ctx.runtime,
                    policy: ctx.policy,
                    on_retry: &|notice| on_event(Event::Waiting { step, notice }),
                };
                let mut step_outcome = Outcome::default();
                let run = StepRun {
                    ctx: &step_ctx,
                    config,
                    tokens,
                    answers,
                    fresh,
                };
                let result = steps::run(step, &run, &mut own, &mut step_outcome).await;
                // Report as each step ends, not when the whole batch does.
                if let Some(secret) = &step_outcome.secret {
                    on_event(Event::SecretCreated(secret.clone()));
                }
                for change in &step_outcome.changes {
                    on_event(Event::Changed(change.clone()));
                }
                match &result {
                    Ok(detail) => on_event(Event::Done {
                        step,
                        detail: detail.clone(),
                    }),
                    Err(StepError(explanation)) => on_event(Event::Failed {
                        step,
                        explanation: explanation.clone(),
                    }),
                }
                (step, result, own, step_outcome)
            }
        });
        let results = futures_util::future::join_all(runs).await;
        let mut failed = false;
        for (step, result, own, step_outcome) in results {
            steps::merge(step, &own, facts);
            outcome.changes.extend(step_outcome.changes);
            if step_outcome.secret.is_some() {
                outcome.secret = step_outcome.secret;
            }
            match result {
                Ok(_) => outcome.completed.push(step),
                Err(StepError(explanation)) => {
                    if outcome.failed.is_none() {
                        outcome.failed = Some((step, explanation));
                    }
                    failed = true;
                }
            }
        }
        if failed {
            break;
        }
    }
    outcome
}

/// The next steps to run: the first to-do step, plus every other to-do step that is
/// independent of it and of each other, as the step table's [`Runs`] says: the Graph steps after
/// the service principal side by side, with at most one Dataverse step.
fn next_batch(current: &Plan, attempted: &[StepId]) -> Vec<StepId> {
    let ready = |id: StepId| {
        id.after()
            .iter()
            .all(|dep| current.step(*dep).status.is_settled())
    };
    let to_do: Vec<StepId> = current
        .to_do()
        .map(|s| s.id)
        .filter(|id| !attempted.contains(id))
        .collect();
    let Some(&first) = to_do.first() else {
        return Vec::new();
    };
    let mut batch = vec![first];
    if !ready(first) {
        return batch;
    }
    let beside_graph = |id: StepId| id.row().runs == Runs::BesideGraph;
    let is_dataverse = |id: StepId| id.row().runs == Runs::Dataverse;
    for &id in &to_do[1..] {
        let fits = ready(id)
            && (beside_graph(id) && batch.iter().all(|b| beside_graph(*b) || is_dataverse(*b))
                || is_dataverse(id)
                    && !batch.iter().any(|b| is_dataverse(*b))
                    && batch.iter().all(|b| beside_graph(*b)));
        if fits {
            batch.push(id);
        }
    }
    batch
}
