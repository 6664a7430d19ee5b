//! How each event that takes more than a line moves the wizard on: one method per event, called
//! from [`Wizard::handle`](super::Wizard), which keeps the guards (which job an answer belongs to,
//! whether the screen allows it) and the clean-up every event ends with. A method that stops
//! early returns [`Flow::Stop`], and the clean-up is then skipped, as before.

use super::*;
use crate::engine::steps;

/// Whether an event's handling reached its end (and the clean-up after it runs) or stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Flow {
    /// Handled to the end.
    Done,
    /// Stopped early: nothing the clean-up must see changed.
    Stop,
}

impl Wizard {
    pub(super) fn on_observed(&mut self, facts: Box<Facts>, now: u64) -> Flow {
        let Some(Job {
            kind: JobKind::Observe(then),
            ..
        }) = self.job
        else {
            return Flow::Stop;
        };
        if self.misses_awaited_app(&facts) && self.visibility_checks < VISIBILITY_RECHECKS {
            // Planning now would propose creating the app a second time: read again.
            self.visibility_checks += 1;
            self.start_job_after(JobKind::Observe(then), VISIBILITY_RECHECK_MILLIS);
            return Flow::Stop;
        }
        if self.misses_awaited_app(&facts) {
            self.notice = Some(Notice::AppNotVisibleYet);
        } else {
            self.awaiting_app = None;
        }
        self.job = None;
        self.facts = Some(*facts);
        self.observed_at = now;
        self.stale = false;
        self.note_marketo_user_before(then);
        self.adopt_facts();
        self.replan();
        self.after_observation(then);
        Flow::Done
    }

    pub(super) fn on_environment_chosen(&mut self, url: String) -> Flow {
        // Only an environment Global Discovery listed (`input::environment_choice`): the
        // picker offers nothing else, but an answer from a stale screen must not slip in.
        let listed = self.facts.as_ref().and_then(|f| f.environments.known());
        let url = match listed.map(|list| crate::input::environment_choice(&url, list)) {
            Some(Ok(environment)) => environment.url.clone(),
            Some(Err(_)) => {
                self.screen = Screen::PickEnvironment;
                return Flow::Stop;
            }
            None => url,
        };
        let same = self.answers.environment_url.as_deref().is_some_and(|old| {
            old.trim_end_matches('/')
                .eq_ignore_ascii_case(url.trim_end_matches('/'))
        });
        if !same {
            // Another environment has its own Marketo history, and a migration stage
            // confirmed for one environment says nothing of another.
            self.marketo_user_before = None;
            self.marketo_syncing = None;
            self.answers.migration = None;
        }
        self.answers.environment_url = Some(url);
        self.notice = None;
        self.observe(if self.mode == Mode::ValidateOnly {
            Then::Checks
        } else {
            Then::Review
        });
        Flow::Done
    }

    pub(super) fn on_edit(&mut self, edit: Edit) {
        if edit.outdates_facts() {
            self.stale = true;
        }
        if let Edit::SecretLifetime(text) = &edit {
            self.lifetime_input = text.clone();
            self.lifetime_touched = true;
        }
        form::apply_edit(&mut self.answers, &edit);
        self.replan();
        // The picker lists candidates when the mode calls for it; a pick reads the
        // chosen user's language.
        if matches!(edit, Edit::SyncUser(_)) || self.sync_users.is_none() {
            self.list_sync_users_if_needed();
        }
    }

    pub(super) fn on_refresh(&mut self) {
        self.visibility_checks = 0;
        let then = match self.screen {
            Screen::Review => Then::Review,
            Screen::Checks => Then::Checks,
            _ => Then::Start,
        };
        self.observe(then);
    }

    pub(super) fn on_apply_progress(&mut self, event: RunEvent, at: u64) {
        // From the moment the secret's request may be out, a reload would leave a secret
        // in Entra ID that nobody saw (the answer is lost with the page): mark it now, so
        // the reloaded page replaces it instead of calling it done.
        if matches!(event, RunEvent::Started(id) if steps::creates_the_secret(id)) {
            self.secret_unacknowledged = true;
        }
        if let RunEvent::Changed(change) = &event {
            self.remember_created_app(change);
            self.note_created(change);
        }
        if let Some(run) = &mut self.run {
            run.record(&event, at);
        }
    }

    pub(super) fn on_rotate(&mut self) {
        if let Some(app) = self.app() {
            self.rotation = Some(Rotation::new(app.passwords.clone()));
            self.notice = None;
            self.screen = Screen::Rotate;
        }
    }

    pub(super) fn on_add_new_secret(&mut self) {
        let secrets = self.app().map(|app| app.passwords.clone());
        if let Some(rotation) = self.rotation.as_mut() {
            if rotation.stage == RotationStage::Added && rotation.unseen_new.is_some() {
                // The secret added before a reload cannot be shown again: it becomes one
                // of the old ones, and another is added.
                *rotation = Rotation::new(secrets.unwrap_or_default());
            }
            if rotation.stage == RotationStage::Ready {
                rotation.stage = RotationStage::Adding;
                rotation.problem = None;
                self.start_job(JobKind::RotateSecret);
            }
        }
    }

    pub(super) fn on_secret_rotated(&mut self, result: Result<SecretNote, Explanation>) -> Flow {
        self.job = None;
        let Some(rotation) = self.rotation.as_mut() else {
            return Flow::Stop;
        };
        match result {
            Ok(note) => {
                rotation.stage = RotationStage::Added;
                self.secret = Some(note);
                // Show the app's secrets as they now are: the old ones and the new one.
                self.start_job(JobKind::Observe(Then::Refresh));
            }
            Err(why) => {
                rotation.stage = RotationStage::Ready;
                rotation.problem = Some(why);
            }
        }
        Flow::Done
    }

    pub(super) fn on_marketo_uses_new_secret(&mut self) {
        if let Some(rotation) = self.rotation.as_mut() {
            // From `RemovalStopped` this is the Retry: only what is left is sent.
            if matches!(
                rotation.stage,
                RotationStage::Added | RotationStage::RemovalStopped
            ) {
                rotation.stage = RotationStage::Removing;
                rotation.problem = None;
                self.start_job(JobKind::RemoveOldSecrets);
            }
        }
    }

    pub(super) fn on_old_secrets_removed(
        &mut self,
        result: crate::engine::maintenance::Removals,
    ) -> Flow {
        self.job = None;
        let Some(rotation) = self.rotation.as_mut() else {
            return Flow::Stop;
        };
        rotation.removal_finished(result);
        // Show the app's secrets as they now are.
        self.start_job(JobKind::Observe(Then::Refresh));
        Flow::Done
    }

    pub(super) fn on_torn_down(
        &mut self,
        result: Result<Vec<Change>, (Vec<Change>, Explanation)>,
    ) -> Flow {
        self.job = None;
        let Some(teardown) = self.teardown.as_mut() else {
            return Flow::Stop;
        };
        let (removed, problem) = match result {
            Ok(removed) => (removed, None),
            Err((removed, why)) => (removed, Some(why)),
        };
        if removed.iter().any(steps::removed_app) {
            // The app is gone: a later plan starts from nothing, not from its id.
            self.answers.app_id = None;
            self.awaiting_app = None;
        }
        teardown.removed = removed;
        teardown.problem = problem;
        teardown.stage = TeardownStage::Finished;
        self.start_job(JobKind::Observe(Then::Refresh));
        Flow::Done
    }

    pub(super) fn on_start_over(&mut self) {
        self.answers.app_id = None;
        self.awaiting_app = None;
        self.visibility_checks = 0;
        self.notice = None;
        self.observe(Then::Review);
    }

    pub(super) fn on_run_held_elsewhere(&mut self) {
        // Nothing was sent: the other tab's run goes on, this one shows the plan and
        // resumes nothing by itself.
        self.job = None;
        self.run = None;
        self.resume = None;
        self.resume_after_sign_in = false;
        self.screen = Screen::Review;
        self.notice = Some(Notice::RunInAnotherTab);
    }

    pub(super) fn on_secret_stored(&mut self) {
        if let Some(secret) = &mut self.secret {
            secret.acknowledged = true;
            secret.revealed = false;
        }
        self.secret_unacknowledged = false;
        // The checks may still be running; their arrival moves on.
        if self.session_ended.is_some() {
            self.screen = Screen::SignInAgain;
        } else if self.job.is_none() {
            self.screen = self.destination();
        } else {
            self.screen = Screen::Observing;
        }
    }

    pub(super) fn on_migration_reached(&mut self, stage: MigrationStage) {
        self.answers.migration = Some(stage);
        self.notice = None;
        self.focus = Some(steps::focus_after_migration(stage));
        self.mode = Mode::Setup;
        self.screen = Screen::Review;
        self.replan();
    }

    pub(super) fn on_fix(&mut self, step: StepId) {
        self.mode = Mode::Setup;
        self.focus = Some(step);
        self.notice = None;
        self.screen = Screen::Review;
        self.replan();
    }

    pub(super) fn on_back_to_plan(&mut self) {
        self.rotation = None;
        self.teardown = None;
        self.mode = Mode::Setup;
        self.observe(Then::Review);
    }
}
