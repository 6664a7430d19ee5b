//! What each screen shows, as its own type (issue 17: "the shell sees a view model"). The wizard
//! builds one of these per screen from its state; the page's view renders it and decides nothing:
//! which title, which button is primary, whether a spinner says the run or the checks go on —
//! all of it is settled here, where a host test can see it.

use super::{
    CheckSummary, Field, FormProblems, HandOff, JobKind, Mode, Notice, Procedure, ProcedureChoice,
    Rotation, Run, SecretNote, SyncUser, SyncUsers, Teardown, Wizard,
};
use crate::checks::{Finding, Verdict};
use crate::engine::plan::{Answers, ConnectionMode, MigrationStage, Plan, Standing, StepId};
use crate::explain::Explanation;
use crate::facts::{AppRegistration, Environment, Observed, PasswordCredential};
use crate::i18n::Msg;

/// The checks screen.
#[derive(Debug)]
pub struct ChecksScreen<'a> {
    /// A notice above the checks.
    pub notice: Option<&'a Notice>,
    /// "Validate" when the admin only validates, else "Checks".
    pub title: Msg,
    /// The counts the summary line gives.
    pub summary: CheckSummary,
    /// Marketo's own Validate Sync Setup items, in Marketo's order.
    pub marketo: Vec<&'a Finding>,
    /// The other checks.
    pub others: Vec<&'a Finding>,
    /// Whether the hand-off sheet is offered (not while Marketo's own checks fail), and whether
    /// it is the primary action (nothing failed).
    pub hand_off: Option<Prominence>,
}

/// Whether an action is the one the screen leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prominence {
    /// The primary button.
    Primary,
    /// An ordinary one.
    Secondary,
}

impl Prominence {
    fn of(primary: bool) -> Self {
        if primary {
            Prominence::Primary
        } else {
            Prominence::Secondary
        }
    }
}

/// The environment picker.
#[derive(Debug)]
pub enum EnvironmentsScreen<'a> {
    /// Not read yet: nothing to show.
    NotRead,
    /// Global Discovery could not be read, or listed nothing: why, with "read again".
    Problem(Explanation),
    /// The environments to choose from.
    List {
        /// A notice above the list.
        notice: Option<&'a Notice>,
        /// The failing roles check, when the admin lacks a needed role.
        role_problem: Option<Finding>,
        /// Each environment with its kind as the checks judge it (a warning is explained
        /// below the table, before the irreversible choice).
        rows: Vec<EnvironmentRow<'a>>,
    },
}

/// One environment of the picker.
#[derive(Debug)]
pub struct EnvironmentRow<'a> {
    /// The environment.
    pub environment: &'a Environment,
    /// Its kind, judged as the checks judge it.
    pub kind: Finding,
    /// Enabled and ready.
    pub ready: bool,
}

impl EnvironmentRow<'_> {
    /// Whether its kind deserves the note below the table.
    pub fn kind_needs_a_note(&self) -> bool {
        self.kind.verdict != Verdict::Pass
    }
}

/// The run screen.
#[derive(Debug)]
pub struct ApplyingScreen<'a> {
    /// The run.
    pub run: &'a Run,
    /// Why this run started (a resumed or a rerun after a fix), above the rows.
    pub origin_notice: Option<&'a Notice>,
    /// Why it stopped, once it has.
    pub stop_notice: Option<&'a Notice>,
    /// The run stopped for want of the HRD permission: signing in again for it is the primary
    /// action, and "back to the plan" is not.
    pub needs_hrd_consent: bool,
    /// A job is still running (the buttons wait).
    pub busy: bool,
}

impl ApplyingScreen<'_> {
    /// How prominent "back to the plan" is.
    pub fn back_to_plan(&self) -> Prominence {
        Prominence::of(!self.needs_hrd_consent)
    }
}

/// The secret, shown once (also inside the rotation screen).
#[derive(Debug)]
pub struct SecretScreen<'a> {
    /// What the page knows about the secret it holds (never the text).
    pub note: &'a SecretNote,
    /// Whether "copied" shows beside the copy button.
    pub copied: bool,
    /// What still runs behind the screen.
    pub background: Option<Background>,
}

/// What still runs while the secret is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    /// The rest of the run (the secret is revealed the moment it exists, mid-run).
    Run,
    /// The checks after the run.
    Checks,
}

impl Background {
    /// What the spinner says.
    pub fn message(self) -> Msg {
        match self {
            Background::Run => Msg::RunGoesOnInBackground,
            Background::Checks => Msg::ChecksInBackground,
        }
    }
}

/// Rotate and tear down, shown when there is something to act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaintenanceActions {
    /// Whether a rotation is offered (the app has a secret to rotate).
    pub rotate: bool,
}

/// One of Marketo's procedures as the sheet lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcedureView {
    /// Which procedure.
    pub procedure: Procedure,
    /// Where a migration stands, for the buttons between Marketo's steps.
    pub migration: Option<MigrationStage>,
    /// The admin's answer decided it (the sheet offers to change it).
    pub from_answer: bool,
}

/// What a migration lets the admin confirm after one of Marketo's steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrationAction {
    /// After Disable Sync: the Marketo User may change.
    SyncDisabled,
    /// After Switch: the old sync user's role may go.
    Switched,
}

impl ProcedureView {
    /// The confirmation offered after Marketo's step `step`, if the migration waits there.
    pub fn action_after(&self, step: Msg) -> Option<MigrationAction> {
        if self.procedure != Procedure::Migration {
            return None;
        }
        match (step, self.migration) {
            (Msg::MigrationDisable, Some(MigrationStage::Preparing)) => {
                Some(MigrationAction::SyncDisabled)
            }
            (Msg::MigrationSwitch, Some(MigrationStage::SyncDisabled)) => {
                Some(MigrationAction::Switched)
            }
            _ => None,
        }
    }
}

/// The procedure part of the hand-off sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcedureSection {
    /// The question that decides which procedure applies.
    Ask,
    /// The procedure that applies.
    Known(ProcedureView),
}

/// The hand-off sheet.
#[derive(Debug)]
pub struct HandOffScreen {
    /// The values Marketo's form asks for.
    pub sheet: HandOff,
    /// Which value was copied last.
    pub copied: Option<Field>,
    /// Whether the page still holds the secret (it can be copied, or forgotten).
    pub holds_secret: bool,
    /// Client-app mode: Marketo also needs the sync user's password, which the page never has.
    pub needs_password: bool,
    /// The checks' counts (Marketo's own items passing).
    pub summary: CheckSummary,
    /// Marketo's procedure, or the question.
    pub procedure: ProcedureSection,
    /// Whether a reminder of the secret's expiry can be downloaded.
    pub reminder: bool,
    /// Rotate and tear down.
    pub maintenance: Option<MaintenanceActions>,
}

/// Rotating the client secret.
#[derive(Debug)]
pub struct RotateScreen<'a> {
    /// A notice above the screen.
    pub notice: Option<&'a Notice>,
    /// Where the rotation stands.
    pub rotation: &'a Rotation,
    /// The app's secrets, the one this page holds marked new.
    pub secrets: Vec<PasswordCredential>,
    /// The key id of the secret this page holds.
    pub held_key: Option<&'a str>,
    /// The new secret, while the page holds it.
    pub secret: Option<SecretScreen<'a>>,
    /// A new secret was added but its value was lost (a reload): it can only be replaced.
    pub unseen_new: Option<&'a PasswordCredential>,
    /// How long a new secret lives.
    pub lifetime_days: u32,
    /// Entering the new secret in Marketo.
    pub procedure: ProcedureView,
    /// A job runs (the buttons wait).
    pub busy: bool,
}

/// Tearing down.
#[derive(Debug)]
pub struct TeardownScreen<'a> {
    /// A notice above the screen.
    pub notice: Option<&'a Notice>,
    /// What would be (or was) removed, and where it stands.
    pub teardown: &'a Teardown,
    /// A job runs (the buttons wait).
    pub busy: bool,
}

/// The plan review.
#[derive(Debug)]
pub struct ReviewScreen<'a> {
    /// A notice above the plan.
    pub notice: Option<&'a Notice>,
    /// Signing in again for the HRD permission is offered at the top.
    pub hrd_consent: bool,
    /// The failing roles check, when the admin lacks a needed role.
    pub role_problem: Option<Finding>,
    /// The plan.
    pub plan: &'a Plan,
    /// The settings as the admin left them.
    pub answers: &'a Answers,
    /// What is wrong with them.
    pub problems: FormProblems,
    /// Several app registrations carry the name: pick the one Marketo uses.
    pub app_candidates: Vec<AppRegistration>,
    /// The application user exists: its e-mail is shown, not edited.
    pub email_fixed: bool,
    /// The secret lifetime as typed.
    pub lifetime_input: &'a str,
    /// The longest lifetime allowed, and whether the tenant's policy (not Entra's limit) sets it.
    pub max_lifetime_days: u32,
    /// See `max_lifetime_days`.
    pub lifetime_limited_by_policy: bool,
    /// The app has a secret: asking for a new one is a choice.
    pub secret_exists: bool,
    /// Client-app mode: the sync user is picked instead of an application user's e-mail typed.
    pub sync_user: Option<SyncUserPicker<'a>>,
    /// The step the page came back to (a fix from the checks).
    pub focus: Option<StepId>,
    /// The line above the buttons.
    pub standing: ReviewStanding,
    /// The main button.
    pub primary: ReviewPrimary,
    /// The remembered app is gone: starting over is offered.
    pub start_over: bool,
    /// Rotate and tear down.
    pub maintenance: Option<MaintenanceActions>,
}

/// The line above the review's buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewStanding {
    /// The tenant was read too long ago to apply.
    Stale,
    /// The application user's e-mail was not checked against the other users yet.
    EmailUnchecked,
    /// Where the plan stands.
    Plan(Standing),
}

/// The review's main button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewPrimary {
    /// A read-only session: sign in with the setup permissions first.
    SignInForChanges,
    /// Apply the steps to do.
    Apply {
        /// How many steps are to do.
        to_do: usize,
        /// Whether it may be pressed now.
        enabled: bool,
    },
}

/// Client-app mode's sync user picker.
#[derive(Debug)]
pub struct SyncUserPicker<'a> {
    /// A search runs.
    pub searching: bool,
    /// The search as typed.
    pub search: &'a str,
    /// The last search's answer.
    pub found: Option<&'a Result<SyncUsers, Explanation>>,
    /// The picked user's id.
    pub picked: Option<&'a str>,
    /// The picked user, if the last search found them.
    pub chosen: Option<&'a SyncUser>,
    /// Whether the picked user's Dynamics language is English (`None`: unknown).
    pub speaks_english: Option<bool>,
    /// The picked user's language code, when read.
    pub language: Option<u32>,
}

impl Wizard {
    /// The plan review, while there is a plan.
    pub fn review_screen(&self) -> Option<ReviewScreen<'_>> {
        let plan = self.plan.as_ref()?;
        Some(ReviewScreen {
            notice: self.notice.as_ref(),
            hrd_consent: self.needs_hrd_consent(),
            role_problem: self.role_problem(),
            plan,
            answers: &self.answers,
            problems: self.problems(),
            app_candidates: self.app_candidates(),
            email_fixed: self.existing_app_user_email().is_some(),
            lifetime_input: &self.lifetime_input,
            max_lifetime_days: self.max_secret_lifetime_days(),
            lifetime_limited_by_policy: self.lifetime_limited_by_policy(),
            secret_exists: plan.has_secret(),
            sync_user: (self.answers.mode == ConnectionMode::ClientApp)
                .then(|| self.sync_user_picker()),
            focus: self.focus,
            standing: if self.stale {
                ReviewStanding::Stale
            } else if self.email_unchecked() {
                ReviewStanding::EmailUnchecked
            } else {
                ReviewStanding::Plan(plan.standing())
            },
            primary: if self.needs_write_sign_in() {
                ReviewPrimary::SignInForChanges
            } else {
                ReviewPrimary::Apply {
                    to_do: plan.to_do().count(),
                    enabled: self.can_apply(),
                }
            },
            start_over: self.remembered_app_missing(),
            maintenance: self.maintenance_actions(),
        })
    }

    fn sync_user_picker(&self) -> SyncUserPicker<'_> {
        SyncUserPicker {
            searching: self.job.is_some_and(|j| j.kind == JobKind::SyncUsers),
            search: &self.sync_user_search,
            found: self.sync_users.as_ref(),
            picked: self.answers.sync_user_id.as_deref(),
            chosen: self.chosen_sync_user(),
            speaks_english: self.sync_user_speaks_english(),
            language: self.found_sync_users().and_then(|f| f.chosen_language),
        }
    }

    /// Rotate and tear down, when there is something to act on.
    pub fn maintenance_actions(&self) -> Option<MaintenanceActions> {
        self.can_tear_down().then(|| MaintenanceActions {
            rotate: self.can_rotate(),
        })
    }

    /// The procedure `procedure` as the sheet lists it.
    fn procedure_view(&self, procedure: Procedure) -> ProcedureView {
        ProcedureView {
            procedure,
            migration: self.answers.migration,
            from_answer: self.procedure_from_answer(),
        }
    }

    /// The hand-off sheet.
    pub fn hand_off_screen(&self) -> HandOffScreen {
        HandOffScreen {
            sheet: self.hand_off(),
            copied: self.copied,
            holds_secret: self.secret.is_some(),
            needs_password: self.answers.mode == ConnectionMode::ClientApp,
            summary: self.check_summary(),
            procedure: match self.procedure() {
                ProcedureChoice::Ask => ProcedureSection::Ask,
                ProcedureChoice::Known(p) => ProcedureSection::Known(self.procedure_view(p)),
            },
            reminder: self.reminder_secret().is_some(),
            maintenance: self.maintenance_actions(),
        }
    }

    /// The rotation screen, while a rotation is under way.
    pub fn rotate_screen(&self) -> Option<RotateScreen<'_>> {
        let rotation = self.rotation.as_ref()?;
        Some(RotateScreen {
            notice: self.maintenance_notice(),
            rotation,
            secrets: self
                .app()
                .map(|app| app.passwords.clone())
                .unwrap_or_default(),
            held_key: self.secret.as_ref().map(|s| s.key_id.as_str()),
            secret: self.secret_screen(),
            unseen_new: rotation
                .unseen_new
                .as_ref()
                .filter(|_| self.secret.is_none()),
            lifetime_days: self.answers.secret_lifetime_days,
            procedure: self.procedure_view(Procedure::NewCredentials),
            busy: self.job.is_some(),
        })
    }

    /// The teardown screen, while a teardown is under way.
    pub fn teardown_screen(&self) -> Option<TeardownScreen<'_>> {
        Some(TeardownScreen {
            notice: self.maintenance_notice(),
            teardown: self.teardown.as_ref()?,
            busy: self.job.is_some(),
        })
    }

    /// The checks screen.
    pub fn checks_screen(&self) -> ChecksScreen<'_> {
        let summary = self.check_summary();
        let (marketo, others) = self.findings.iter().partition(|f| f.marketo_item.is_some());
        ChecksScreen {
            notice: self.notice.as_ref(),
            title: if self.mode == Mode::ValidateOnly {
                Msg::ValidateTitle
            } else {
                Msg::ChecksTitle
            },
            summary,
            marketo,
            others,
            hand_off: self
                .offers_hand_off()
                .then(|| Prominence::of(summary.failed == 0)),
        }
    }

    /// The environment picker.
    pub fn environments_screen(&self) -> EnvironmentsScreen<'_> {
        let list = match self.facts.as_ref().map(|f| &f.environments) {
            None => return EnvironmentsScreen::NotRead,
            Some(Observed::Unknown(why)) => return EnvironmentsScreen::Problem(why.clone()),
            Some(Observed::Known(list)) if list.is_empty() => {
                return EnvironmentsScreen::Problem(crate::discovery_service::no_environments())
            }
            Some(Observed::Known(list)) => list,
        };
        EnvironmentsScreen::List {
            notice: self.notice.as_ref(),
            role_problem: self.role_problem(),
            rows: list
                .iter()
                .map(|environment| EnvironmentRow {
                    environment,
                    kind: self.environment_kind(environment),
                    ready: environment.enabled && environment.ready,
                })
                .collect(),
        }
    }

    /// The run screen, while there is a run.
    pub fn applying_screen(&self) -> Option<ApplyingScreen<'_>> {
        Some(ApplyingScreen {
            run: self.run.as_ref()?,
            origin_notice: self.run_origin_notice(),
            stop_notice: self.run_stop_notice(),
            needs_hrd_consent: self.needs_hrd_consent(),
            busy: self.job.is_some(),
        })
    }

    /// The secret, while the page holds one.
    pub fn secret_screen(&self) -> Option<SecretScreen<'_>> {
        Some(SecretScreen {
            note: self.secret.as_ref()?,
            copied: self.copied == Some(Field::ClientSecret),
            background: self.job.map(|j| match j.kind {
                JobKind::Apply => Background::Run,
                _ => Background::Checks,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_migration_waits_for_marketo_after_disable_sync_and_after_switch_only() {
        let view = |procedure, migration| ProcedureView {
            procedure,
            migration,
            from_answer: false,
        };
        let preparing = view(Procedure::Migration, Some(MigrationStage::Preparing));
        assert_eq!(
            preparing.action_after(Msg::MigrationDisable),
            Some(MigrationAction::SyncDisabled)
        );
        assert_eq!(preparing.action_after(Msg::MigrationSwitch), None);
        let disabled = view(Procedure::Migration, Some(MigrationStage::SyncDisabled));
        assert_eq!(disabled.action_after(Msg::MigrationDisable), None);
        assert_eq!(
            disabled.action_after(Msg::MigrationSwitch),
            Some(MigrationAction::Switched)
        );
        let switched = view(Procedure::Migration, Some(MigrationStage::Switched));
        assert_eq!(switched.action_after(Msg::MigrationSwitch), None);
        // Another procedure never waits, whatever the answers remember.
        let other = view(Procedure::NewCredentials, Some(MigrationStage::Preparing));
        assert_eq!(other.action_after(Msg::MigrationDisable), None);
    }
}
