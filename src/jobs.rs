//! Runs the wizard's jobs — `observe`, `apply`, the sync-user search, secret rotation and
//! teardown from the core — over the edge adapters, and reports their results as wizard events
//! tagged with the job's id.
//!
//! The client secret `apply` returns goes into the page's in-memory slot and nowhere else; the
//! wizard only hears its metadata (`RunReport`). When the session ended under a job (the core's
//! `SessionWatch` saw it), the wizard hears that instead of the job's result, which was made
//! without the reads or writes it needed — unless the result holds a write the wizard must keep
//! (`Event::unless_session_ended` decides).

use std::cell::RefCell;
use std::rc::Rc;

use syncsetup_core::config::Config;
use syncsetup_core::dataverse::dataverse_scope;
use syncsetup_core::engine::apply::{apply, Event as RunEvent};
use syncsetup_core::engine::maintenance;
use syncsetup_core::engine::observe::observe;
use syncsetup_core::engine::plan::Answers;
use syncsetup_core::engine::tokens::{SessionWatch, TokenSource};
use syncsetup_core::facts::Facts;
use syncsetup_core::graph::setup::ClientSecret;
use syncsetup_core::transport::retry::RetryPolicy;
use syncsetup_core::transport::runtime::Runtime;
use syncsetup_core::transport::send::Context;
use syncsetup_core::wizard::{sync_users, Event, Job, JobKind, RunReport, SecretNote};

use crate::edge::env;
use crate::edge::fetch::CancellableFetch;
use crate::edge::locks;
use crate::edge::runtime::{BrowserRuntime, CancelSwitch};
use crate::edge::tokens::SessionTokens;

/// The memory-only home of the client secret.
pub type SecretSlot = Rc<RefCell<Option<ClientSecret>>>;

/// What a job works from: a snapshot of the wizard when the job started.
pub struct JobInput {
    /// The job.
    pub job: Job,
    /// The page's configuration.
    pub config: Rc<Config>,
    /// The admin's answers.
    pub answers: Answers,
    /// The latest facts (Apply updates a copy as it goes); for an observation, the earlier one
    /// it starts from (`Wizard::facts_for`).
    pub facts: Option<Facts>,
    /// When they were observed, Unix seconds (Apply trusts them for a minute).
    pub observed_at: u64,
    /// Client-app mode: the sync-user search as typed.
    pub search: String,
    /// A rotation: the secrets to remove once Marketo uses the new one.
    pub key_ids: Vec<String>,
    /// A teardown: the ids of what it removes (`Teardown::ids_to_remove`).
    pub teardown_ids: Vec<String>,
    /// The Web Lock a job that writes to the tenant must hold (`Wizard::run_lock`).
    pub run_lock: Option<String>,
}

/// Runs `input.job` to the end, reporting through `report`. `cancel` stops an Apply run at its
/// next request or wait.
pub async fn run(
    input: JobInput,
    cancel: CancelSwitch,
    secret: SecretSlot,
    report: impl Fn(Event),
) {
    let JobInput {
        job,
        config,
        answers,
        facts,
        observed_at,
        search,
        key_ids,
        teardown_ids,
        run_lock,
    } = input;
    // One tab at a time writes to a tenant: held until this function returns.
    let _lock = match run_lock {
        Some(name) => match locks::acquire(&name).await {
            locks::Acquired::Busy => {
                return report(Event::RunHeldElsewhere { job: job.id });
            }
            locks::Acquired::Held(lock) => Some(lock),
            locks::Acquired::Unsupported => None,
        },
        None => None,
    };
    let tokens = SessionWatch::new(SessionTokens::new(config.clone()));
    let client = CancellableFetch {
        cancel: cancel.clone(),
    };
    let runtime = BrowserRuntime { cancel };
    if job.delay_millis > 0 {
        runtime.sleep(job.delay_millis).await;
    }
    let ctx = Context {
        client: &client,
        runtime: &runtime,
        policy: RetryPolicy::default(),
        on_retry: &|_| {},
    };
    let result = match job.kind {
        JobKind::SyncUsers => {
            let Some(dataverse) = facts.as_ref().and_then(|f| f.dataverse.as_ref()?.known()) else {
                return;
            };
            let scopes = [dataverse_scope(&dataverse.environment_url)];
            let result = match tokens.token(&scopes, false).await {
                Ok(token) => {
                    Box::pin(sync_users::find(
                        &ctx,
                        &token,
                        &dataverse.api_url,
                        &search,
                        answers.sync_user_id.as_deref(),
                    ))
                    .await
                }
                Err(e) => Err(e.explain()),
            };
            Event::SyncUsersFound {
                job: job.id,
                result,
            }
        }
        JobKind::RotateSecret => {
            let Some(mut facts) = facts else { return };
            let result = match Box::pin(maintenance::rotate_secret(
                &ctx, &config, &tokens, &answers, &mut facts,
            ))
            .await
            {
                // Into memory only; the wizard hears the metadata.
                Ok((created, _)) => {
                    let note = SecretNote::of(&created);
                    *secret.borrow_mut() = Some(created);
                    Ok(note)
                }
                Err(why) => Err(why),
            };
            Event::SecretRotated {
                job: job.id,
                result,
            }
        }
        JobKind::RemoveOldSecrets => {
            let Some(mut facts) = facts else { return };
            let result = Box::pin(maintenance::remove_secrets(
                &ctx, &config, &tokens, &mut facts, &key_ids,
            ))
            .await;
            Event::OldSecretsRemoved {
                job: job.id,
                result,
            }
        }
        JobKind::Teardown => {
            let Some(facts) = facts else { return };
            let result = Box::pin(maintenance::teardown(
                &ctx,
                &config,
                &tokens,
                &facts,
                &teardown_ids,
            ))
            .await;
            Event::TornDown {
                job: job.id,
                result,
            }
        }
        JobKind::Observe(_) => {
            let facts = Box::pin(observe(&ctx, &config, &tokens, &answers, facts.as_ref())).await;
            Event::Observed {
                job: job.id,
                facts: Box::new(facts),
                now: env::now(),
            }
        }
        JobKind::Apply => {
            let Some(mut facts) = facts else { return };
            let on_event = |event: RunEvent| {
                // A new secret goes straight into memory, the moment Graph returns it; the wizard
                // hears only its metadata, and from then on keeps it (and the page the text)
                // until the admin leaves the screens that show it.
                if let RunEvent::SecretCreated(created) = event {
                    let note = SecretNote::of(&created);
                    *secret.borrow_mut() = Some(created);
                    report(Event::SecretCreated { job: job.id, note });
                    return;
                }
                report(Event::ApplyProgress {
                    job: job.id,
                    event,
                    at: env::now_millis(),
                })
            };
            let outcome = Box::pin(apply(
                &ctx,
                &config,
                &tokens,
                &answers,
                &mut facts,
                observed_at * 1000,
                &on_event,
            ))
            .await;
            // The secret reached the slot through `SecretCreated` already.
            Event::ApplyFinished {
                job: job.id,
                report: RunReport::of(&outcome),
            }
        }
    };
    report(result.unless_session_ended(job.id, tokens.ended()));
}
