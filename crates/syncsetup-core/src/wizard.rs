//! The page's state machine: which screen the admin sees, and what moves it on.
//!
//! The Yew shell keeps a [`Phase`] in a reducer and feeds it [`Event`]s produced by the edge
//! (config loaded, redirect returned, tenant observed, a step of the run finished…) and by the
//! admin's clicks; [`Phase::next`] decides the next screen. Keeping the transitions here means the
//! rules — a second click while redirecting is ignored, a failed run lands back on the plan, the
//! client secret is dropped the moment the admin leaves the screens that show it, a reload during
//! Apply resumes from what the tenant says is done — are tested without a browser.
//!
//! Signed in, the wizard runs `observe → choose environment → review → apply → secret → checks →
//! hand-off` (or, to validate an existing setup, `observe → choose environment → checks`). Work
//! that needs the network is a [`Job`]: the wizard says which job to run; the shell runs it and
//! reports back with the job's id, so the answer of a job that was superseded is ignored.
//!
//! Submodules: [`form`] (inputs, defaults, inline validation), [`run`] (the progress of Apply),
//! [`hand_off`] (the values to type into Marketo), [`preview`] (the Dataverse steps' requests).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::auth::AuthError;
use crate::checks::{self, Finding, Verdict};
use crate::config::{Config, ConfigError};
use crate::engine::apply::{Change, Event as RunEvent};
use crate::engine::facts::Facts;
use crate::engine::plan::{
    plan, Answers, ConnectionMode, Plan, StepId, DEFAULT_SECRET_LIFETIME_DAYS,
};
use crate::explain::Explanation;
use crate::graph::{GraphError, SignedInIdentity};
use crate::session::Account;

pub mod form;
pub mod hand_off;
pub mod preview;
pub mod run;

pub use form::{Edit, FieldProblem, FormProblems};
pub use hand_off::{CheckSummary, HandOff};
pub use run::{RowState, Run, RunReport, RunRow, SecretNote};

/// The screen being shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading config.json or the redirect; nothing to click yet.
    Starting,
    /// config.json is missing or wrong; nothing else can work.
    ConfigProblem(Explanation),
    /// The landing page with the sign-in buttons, optionally with a notice (session ended…).
    SignedOut {
        /// Shown above the sign-in button.
        notice: Option<Explanation>,
    },
    /// The browser is leaving for Entra ID; the sign-in buttons are disabled.
    Redirecting,
    /// Back from Entra ID: redeeming the code and reading who signed in.
    CompletingSignIn,
    /// Signed in: the wizard (shared with the views; copied on write).
    SignedIn(Rc<Wizard>),
    /// Sign-in failed; the explanation and a retry button are shown.
    SignInFailed(Explanation),
}

/// What the signed-in admin came to do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Set up (or repair) the connection.
    #[default]
    Setup,
    /// Only read and check an existing setup; nothing is written.
    ValidateOnly,
}

/// The signed-in screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Reading the tenant (what for: see [`Wizard::job`]).
    Observing,
    /// Choosing the Dataverse environment.
    PickEnvironment,
    /// The plan: every step with its status, inputs, request previews, Apply.
    Review,
    /// Apply is running (or just stopped with a failure).
    Applying,
    /// The new client secret, shown once.
    RevealSecret,
    /// Marketo's seven checks and the rest.
    Checks,
    /// What to type into Marketo, and Marketo's own steps.
    HandOff,
}

/// What to do once an observation arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// First read after sign-in: choose the environment (or go on, when one is remembered).
    Start,
    /// Show the plan.
    Review,
    /// Evaluate the checks and show them.
    Checks,
    /// After Apply: evaluate the checks, then the hand-off (or the checks when one fails).
    AfterApply,
    /// After a reload during Apply: carry on with what is left.
    Resume,
    /// Only bring facts and plan up to date; the screen stays (a failed run's explanation).
    Refresh,
}

/// Network work the shell must run for the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// `engine::observe::observe` with the current answers.
    Observe(Then),
    /// `engine::apply::apply` with the current answers and facts.
    Apply,
}

/// A job and its id; results carry the id back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Increases with every new job.
    pub id: u32,
    /// What to run.
    pub kind: JobKind,
    /// Wait this long before starting (re-reading until a new object has replicated).
    pub delay_millis: u64,
}

/// Pause between reads while an app created in this tab is not visible yet.
pub const VISIBILITY_RECHECK_MILLIS: u64 = 2_000;
/// Reads before giving up on seeing it (a minute in all).
pub const VISIBILITY_RECHECKS: u32 = 30;

/// A message shown above the current screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The page was reloaded during Apply; the run carries on from the tenant's state.
    Resumed,
    /// The admin cancelled the run; what was done stays done.
    Cancelled,
    /// The run stopped at a step.
    RunFailed(StepId, Explanation),
    /// A secret created before a reload was never stored; a new one will be made.
    SecretLostOnReload,
    /// The remembered environment is no longer listed.
    EnvironmentGone,
    /// The app this tab created is still not visible in Entra ID: applying now could create a
    /// second one, so Apply waits for a new read.
    AppNotVisibleYet,
}

/// A hand-off value the admin can copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Username.
    Username,
    /// Client ID.
    ClientId,
    /// Client Secret.
    ClientSecret,
    /// Tenant ID.
    TenantId,
    /// Org URL.
    OrgUrl,
}

/// Non-secret progress kept in sessionStorage, so a reload (or the sign-in redirect) resumes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Progress {
    /// Validate only.
    pub validate_only: bool,
    /// The chosen environment.
    pub environment_url: Option<String>,
    /// App registration name.
    pub app_name: Option<String>,
    /// The app in use (after the first read).
    pub app_id: Option<String>,
    /// An app this tab created that no read has shown yet: after a reload inside Entra ID's
    /// replication lag, the page waits for it instead of creating a second one.
    pub awaiting_app_id: Option<String>,
    /// Application user e-mail.
    pub app_user_email: Option<String>,
    /// Secret lifetime in days.
    pub secret_lifetime_days: Option<u32>,
    /// Ask for a new secret.
    pub new_secret: bool,
    /// Sync filter tables.
    pub sync_filter_tables: Vec<String>,
    /// Consent to remove other role holders.
    pub remove_other_role_holders: bool,
    /// Consent to enable plug-in steps (on unless withdrawn).
    pub keep_plugin_steps_disabled: bool,
    /// Apply was running.
    pub applying: bool,
    /// A secret was created but not yet acknowledged as stored.
    pub secret_unacknowledged: bool,
}

impl Progress {
    /// Progress for a fresh start in `mode`, keeping any answers already given.
    pub fn starting(self, mode: Mode) -> Self {
        Self {
            validate_only: mode == Mode::ValidateOnly,
            ..self
        }
    }

    fn answers(&self) -> Answers {
        let defaults = Answers::default();
        Answers {
            mode: ConnectionMode::ServerToServer,
            app_name: self.app_name.clone().unwrap_or(defaults.app_name),
            app_id: self.app_id.clone(),
            secret_lifetime_days: self
                .secret_lifetime_days
                .unwrap_or(DEFAULT_SECRET_LIFETIME_DAYS),
            new_secret: self.new_secret || self.secret_unacknowledged,
            environment_url: self.environment_url.clone(),
            app_user_email: self.app_user_email.clone().unwrap_or_default(),
            remove_other_role_holders: self.remove_other_role_holders,
            enable_plugin_steps: !self.keep_plugin_steps_disabled,
            sync_filter_tables: self.sync_filter_tables.clone(),
            ..defaults
        }
    }
}

/// The signed-in wizard's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wizard {
    /// The page's configuration (for planning).
    pub config: Rc<Config>,
    /// Who is signed in.
    pub account: Account,
    /// Name and tenant from Graph, once read.
    pub identity: Option<SignedInIdentity>,
    /// Setup or validate only.
    pub mode: Mode,
    /// The admin's answers.
    pub answers: Answers,
    /// The secret lifetime field as typed.
    pub lifetime_input: String,
    /// The admin typed a lifetime (so a policy limit no longer overrides it).
    pub lifetime_touched: bool,
    /// The latest observation.
    pub facts: Option<Facts>,
    /// When it was made, Unix seconds.
    pub observed_at: u64,
    /// The plan for the answers and facts.
    pub plan: Option<Plan>,
    /// The latest checks.
    pub findings: Vec<Finding>,
    /// The screen.
    pub screen: Screen,
    /// The job under way.
    pub job: Option<Job>,
    /// Id of the latest job started.
    pub last_job_id: u32,
    /// The latest Apply run.
    pub run: Option<Run>,
    /// The client secret the page holds in memory (metadata only).
    pub secret: Option<SecretNote>,
    /// A secret was created and not yet acknowledged (survives a reload via [`Progress`]).
    pub secret_unacknowledged: bool,
    /// Shown above the screen.
    pub notice: Option<Notice>,
    /// The step to open in the plan (from a check's fix button).
    pub focus: Option<StepId>,
    /// Answers changed since the last read in a way that needs a new one before Apply.
    pub stale: bool,
    /// The hand-off value copied last (for the "Copied" confirmation).
    pub copied: Option<Field>,
    /// An app this tab created that reads have not shown yet (Entra ID replicates with a delay).
    pub awaiting_app: Option<String>,
    /// Reads made while waiting for it.
    pub visibility_checks: u32,
}

/// Something that happened.
#[derive(Clone, Debug)]
pub enum Event {
    /// config.json could not be used.
    ConfigFailed(ConfigError),
    /// No session and no redirect: show the landing page.
    NoSession {
        /// Why an earlier session is gone, if it is.
        notice: Option<Explanation>,
    },
    /// The admin clicked a sign-in button.
    SignInClicked,
    /// Leaving for Entra was not possible, or a token could not be had.
    SignInFailed(AuthError),
    /// The page was opened by Entra's redirect.
    RedirectReturned,
    /// Tokens are in hand.
    SignedIn {
        /// Who.
        account: Account,
        /// The page's configuration.
        config: Rc<Config>,
        /// Progress remembered in this tab, if any.
        progress: Option<Progress>,
    },
    /// Graph named the admin and tenant.
    IdentityLoaded(SignedInIdentity),
    /// Graph could not be read after sign-in.
    IdentityFailed(GraphError),
    /// The admin signed out.
    SignedOut,
    /// An observation finished.
    Observed {
        /// The job it answers.
        job: u32,
        /// What was read (boxed: it dwarfs every other event).
        facts: Box<Facts>,
        /// When, Unix seconds.
        now: u64,
    },
    /// The admin chose an environment (its URL).
    EnvironmentChosen(String),
    /// The admin wants to choose another environment.
    ChangeEnvironment,
    /// The admin changed an input.
    Edit(Edit),
    /// Read the tenant again.
    RefreshClicked,
    /// Run the plan.
    ApplyClicked,
    /// A step of the run progressed at `at` (ms since the epoch).
    ApplyProgress {
        /// The job it belongs to.
        job: u32,
        /// What happened.
        event: RunEvent,
        /// When.
        at: u64,
    },
    /// The run created a client secret; its text went to the shell's memory-only slot.
    SecretCreated {
        /// The job it belongs to.
        job: u32,
        /// What the page may know about it.
        note: SecretNote,
    },
    /// Forget the remembered app (it was deleted, or never replicated) and read again.
    StartOver,
    /// The run ended.
    ApplyFinished {
        /// The job it belongs to.
        job: u32,
        /// The outcome, without the secret's text.
        report: RunReport,
    },
    /// Stop the run at the next request.
    CancelClicked,
    /// The page's clock, ms since the epoch (while a run shows elapsed times).
    Tick(u64),
    /// Show or mask the secret.
    SecretRevealToggled,
    /// "I have stored it".
    SecretStored,
    /// Forget the secret now.
    ForgetSecret,
    /// A value was copied to the clipboard.
    Copied(Field),
    /// A failing check's fix button: back to the plan at that step.
    FixClicked(StepId),
    /// Show all checks.
    ShowChecks,
    /// Show the hand-off sheet.
    ShowHandOff,
    /// Back to the plan (read the tenant again first).
    BackToPlan,
    /// Run the checks again.
    CheckAgain,
}

impl Phase {
    /// The next phase after `event`.
    pub fn next(self, event: Event) -> Phase {
        match (self, event) {
            (_, Event::ConfigFailed(e)) => Phase::ConfigProblem(e.explain()),
            (Phase::ConfigProblem(e), _) => Phase::ConfigProblem(e),
            // One interaction at a time: a second click while leaving changes nothing.
            (Phase::Redirecting, Event::SignInClicked) => Phase::Redirecting,
            (_, Event::SignInClicked) => Phase::Redirecting,
            (_, Event::NoSession { notice }) => Phase::SignedOut { notice },
            (_, Event::SignInFailed(e)) if e.needs_new_sign_in() => Phase::SignedOut {
                notice: Some(e.explain()),
            },
            (_, Event::SignInFailed(e)) => Phase::SignInFailed(e.explain()),
            (_, Event::RedirectReturned) => Phase::CompletingSignIn,
            (
                _,
                Event::SignedIn {
                    account,
                    config,
                    progress,
                },
            ) => Phase::SignedIn(Rc::new(Wizard::start(config, account, progress))),
            (_, Event::IdentityFailed(e)) => Phase::SignInFailed(e.explain()),
            (_, Event::SignedOut) => Phase::SignedOut { notice: None },
            (Phase::SignedIn(mut wizard), event) => {
                Rc::make_mut(&mut wizard).handle(event);
                Phase::SignedIn(wizard)
            }
            // Late answers (an observation after sign-out…) change nothing.
            (phase, _) => phase,
        }
    }

    /// True while a sign-in button press must be ignored.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Phase::Starting | Phase::Redirecting | Phase::CompletingSignIn
        )
    }

    /// The wizard, when signed in.
    pub fn wizard(&self) -> Option<&Wizard> {
        match self {
            Phase::SignedIn(wizard) => Some(wizard),
            _ => None,
        }
    }

    /// Whether the page may keep the client secret in memory. When false, the shell drops it.
    pub fn holds_secret(&self) -> bool {
        self.wizard().is_some_and(|w| w.secret.is_some())
    }

    /// The job the shell must run now, if any.
    pub fn job(&self) -> Option<Job> {
        self.wizard().and_then(|w| w.job)
    }

    /// What to keep in sessionStorage (never a secret); `None` when signed out.
    pub fn progress(&self) -> Option<Progress> {
        self.wizard().map(Wizard::progress)
    }
}

impl Wizard {
    /// The wizard right after sign-in: reading the tenant.
    pub fn start(config: Rc<Config>, account: Account, progress: Option<Progress>) -> Self {
        let progress = progress.unwrap_or_default();
        let answers = progress.answers();
        let mut wizard = Wizard {
            config,
            account,
            identity: None,
            mode: if progress.validate_only {
                Mode::ValidateOnly
            } else {
                Mode::Setup
            },
            lifetime_input: answers.secret_lifetime_days.to_string(),
            lifetime_touched: progress.secret_lifetime_days.is_some(),
            answers,
            facts: None,
            observed_at: 0,
            plan: None,
            findings: Vec::new(),
            screen: Screen::Observing,
            job: None,
            last_job_id: 0,
            run: None,
            secret: None,
            secret_unacknowledged: false,
            notice: None,
            focus: None,
            stale: false,
            copied: None,
            awaiting_app: progress.awaiting_app_id.clone(),
            visibility_checks: 0,
        };
        let then = if progress.applying && !progress.validate_only {
            wizard.notice = Some(Notice::Resumed);
            Then::Resume
        } else {
            Then::Start
        };
        if progress.secret_unacknowledged {
            // The secret lived only in the page that was reloaded: it is gone, unseen or unstored.
            wizard.notice = Some(Notice::SecretLostOnReload);
        }
        wizard.observe(then);
        wizard
    }

    /// The progress to remember in this tab.
    pub fn progress(&self) -> Progress {
        let a = &self.answers;
        Progress {
            validate_only: self.mode == Mode::ValidateOnly,
            environment_url: a.environment_url.clone(),
            app_name: Some(a.app_name.clone()),
            app_id: a.app_id.clone(),
            awaiting_app_id: self.awaiting_app.clone(),
            app_user_email: Some(a.app_user_email.clone()).filter(|e| !e.is_empty()),
            secret_lifetime_days: self.lifetime_touched.then_some(a.secret_lifetime_days),
            new_secret: a.new_secret,
            sync_filter_tables: a.sync_filter_tables.clone(),
            remove_other_role_holders: a.remove_other_role_holders,
            keep_plugin_steps_disabled: !a.enable_plugin_steps,
            applying: matches!(
                self.job,
                Some(Job {
                    kind: JobKind::Apply,
                    ..
                })
            ),
            secret_unacknowledged: self.secret_unacknowledged,
        }
    }

    /// The inline validation of the plan's inputs.
    pub fn problems(&self) -> FormProblems {
        let mut problems = form::validate(
            &self.answers,
            &self.lifetime_input,
            self.max_secret_lifetime_days(),
        );
        // An existing application user keeps its e-mail; the field is not used.
        if self.existing_app_user_email().is_some() {
            problems.app_user_email = None;
        }
        problems
    }

    /// The longest secret lifetime the tenant allows.
    pub fn max_secret_lifetime_days(&self) -> u32 {
        form::max_secret_lifetime_days(self.facts.as_ref())
    }

    /// The e-mail of the application user that already exists, if one does.
    pub fn existing_app_user_email(&self) -> Option<&str> {
        self.facts
            .as_ref()?
            .dataverse
            .as_ref()?
            .known()?
            .application_user
            .as_ref()?
            .email
            .as_deref()
    }

    /// Whether the Apply button works now.
    pub fn can_apply(&self) -> bool {
        self.mode == Mode::Setup
            && self.job.is_none()
            && !self.stale
            && self.awaiting_app.is_none()
            && self.problems().is_empty()
            && self
                .plan
                .as_ref()
                .is_some_and(|p| p.to_do().next().is_some())
    }

    /// The hand-off values as the tenant has them.
    pub fn hand_off(&self) -> HandOff {
        hand_off::hand_off(&self.answers, self.facts.as_ref(), &self.account)
    }

    /// Counts of the latest checks.
    pub fn check_summary(&self) -> CheckSummary {
        hand_off::summarise(&self.findings)
    }

    /// The failing "Your Entra ID roles suffice" check, when the admin lacks a needed role:
    /// shown above the environment list and the plan so a blocked admin learns it at once.
    pub fn role_problem(&self) -> Option<Finding> {
        let facts = self.facts.as_ref()?;
        checks::evaluate(&checks::Inputs {
            answers: &self.answers,
            facts,
            now: self.observed_at,
            held_secret_prefix: None,
        })
        .into_iter()
        .find(|f| f.id == checks::CheckId::AdminRoles && f.verdict == Verdict::Fail)
    }

    /// Whether a clock tick is wanted (a run is showing elapsed times).
    pub fn wants_clock(&self) -> bool {
        self.screen == Screen::Applying && self.run.as_ref().is_some_and(|r| !r.finished)
    }

    fn observe(&mut self, then: Then) {
        self.start_job(JobKind::Observe(then));
        if then != Then::AfterApply || self.screen != Screen::RevealSecret {
            self.screen = Screen::Observing;
        }
    }

    fn start_job(&mut self, kind: JobKind) {
        self.start_job_after(kind, 0);
    }

    fn start_job_after(&mut self, kind: JobKind, delay_millis: u64) {
        self.last_job_id += 1;
        self.job = Some(Job {
            id: self.last_job_id,
            kind,
            delay_millis,
        });
    }

    /// Whether `facts` still lack the app this tab created (and could show it: the directory
    /// was read).
    fn misses_awaited_app(&self, facts: &Facts) -> bool {
        let Some(awaited) = &self.awaiting_app else {
            return false;
        };
        facts
            .directory
            .known()
            .is_some_and(|d| d.app.as_ref().is_none_or(|app| &app.app_id != awaited))
    }

    fn is_current(&self, job: u32) -> bool {
        self.job.is_some_and(|j| j.id == job)
    }

    fn replan(&mut self) {
        self.plan = self.facts.as_ref().map(|facts| {
            let mut plan = plan(&self.config, &self.answers, facts, self.observed_at);
            preview::add_dataverse_previews(&mut plan, &self.answers, facts);
            plan
        });
    }

    fn evaluate_checks(&mut self) {
        let Some(facts) = &self.facts else { return };
        self.findings = checks::evaluate(&checks::Inputs {
            answers: &self.answers,
            facts,
            now: self.observed_at,
            // The hint is the secret's first three characters: enough to tell which secret it is.
            held_secret_prefix: self.secret.as_ref().map(|s| s.hint.as_str()),
        });
    }

    /// Takes what the tenant says over what was assumed: the app found, the application user's
    /// real e-mail, a default lifetime within the tenant's policy.
    fn adopt_facts(&mut self) {
        let Some(facts) = &self.facts else { return };
        if let Some(app) = facts.directory.known().and_then(|d| d.app.as_ref()) {
            self.answers.app_id = Some(app.app_id.clone());
        }
        if let Some(email) = self.existing_app_user_email() {
            self.answers.app_user_email = email.to_owned();
        } else if self.answers.app_user_email.is_empty() {
            if let Some(suggested) = form::suggested_app_user_email(facts) {
                self.answers.app_user_email = suggested;
            }
        }
        let max = self.max_secret_lifetime_days();
        if !self.lifetime_touched && self.answers.secret_lifetime_days > max {
            self.answers.secret_lifetime_days = max;
            self.lifetime_input = max.to_string();
        }
    }

    fn environment_is_listed(&self) -> bool {
        let (Some(facts), Some(url)) = (&self.facts, &self.answers.environment_url) else {
            return false;
        };
        facts.environments.known().is_some_and(|list| {
            list.iter().any(|e| {
                e.url
                    .trim_end_matches('/')
                    .eq_ignore_ascii_case(url.trim_end_matches('/'))
            })
        })
    }

    /// Where to go once the checks after a run (or a validation) are in.
    fn destination(&self) -> Screen {
        if matches!(self.notice, Some(Notice::RunFailed(..) | Notice::Cancelled)) {
            Screen::Review
        } else if self.mode == Mode::ValidateOnly
            || self.findings.iter().any(|f| f.verdict == Verdict::Fail)
        {
            Screen::Checks
        } else {
            Screen::HandOff
        }
    }

    fn start_apply(&mut self) {
        let steps: Vec<StepId> = self
            .plan
            .as_ref()
            .map(|p| p.to_do().map(|s| s.id).collect())
            .unwrap_or_default();
        self.run = Some(Run::new(steps));
        self.start_job(JobKind::Apply);
        self.screen = Screen::Applying;
        self.focus = None;
    }

    fn handle(&mut self, event: Event) {
        let screen_before = self.screen;
        match event {
            Event::IdentityLoaded(identity) => self.identity = Some(identity),
            Event::Observed { job, facts, now } if self.is_current(job) => {
                let Some(Job {
                    kind: JobKind::Observe(then),
                    ..
                }) = self.job
                else {
                    return;
                };
                if self.misses_awaited_app(&facts) && self.visibility_checks < VISIBILITY_RECHECKS {
                    // Planning now would propose creating the app a second time: read again.
                    self.visibility_checks += 1;
                    self.start_job_after(JobKind::Observe(then), VISIBILITY_RECHECK_MILLIS);
                    return;
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
                self.adopt_facts();
                self.replan();
                self.after_observation(then);
            }
            Event::EnvironmentChosen(url) => {
                self.answers.environment_url = Some(url);
                self.notice = None;
                self.observe(if self.mode == Mode::ValidateOnly {
                    Then::Checks
                } else {
                    Then::Review
                });
            }
            Event::ChangeEnvironment if self.job.is_none() => {
                self.notice = None;
                self.screen = Screen::PickEnvironment;
            }
            Event::Edit(edit) if self.job.is_none() => {
                if edit.outdates_facts() {
                    self.stale = true;
                }
                if let Edit::SecretLifetime(text) = &edit {
                    self.lifetime_input = text.clone();
                    self.lifetime_touched = true;
                }
                form::apply_edit(&mut self.answers, &edit);
                self.replan();
            }
            Event::RefreshClicked if self.job.is_none() => {
                self.visibility_checks = 0;
                let then = match self.screen {
                    Screen::Review => Then::Review,
                    Screen::Checks => Then::Checks,
                    _ => Then::Start,
                };
                self.observe(then);
            }
            Event::ApplyClicked if self.can_apply() => {
                self.notice = None;
                self.start_apply();
            }
            Event::ApplyProgress { job, event, at } if self.is_current(job) => {
                // From the moment the secret's request may be out, a reload would leave a secret
                // in Entra ID that nobody saw (the answer is lost with the page): mark it now, so
                // the reloaded page replaces it instead of calling it done.
                if matches!(event, RunEvent::Started(StepId::ClientSecret)) {
                    self.secret_unacknowledged = true;
                }
                if let RunEvent::Changed(change) = &event {
                    self.remember_created_app(change);
                }
                if let Some(run) = &mut self.run {
                    run.record(&event, at);
                }
            }
            Event::SecretCreated { job, note } if self.is_current(job) => {
                self.secret_unacknowledged = true;
                self.secret = Some(note);
            }
            Event::StartOver if self.job.is_none() => {
                self.answers.app_id = None;
                self.awaiting_app = None;
                self.visibility_checks = 0;
                self.notice = None;
                self.observe(Then::Review);
            }
            Event::ApplyFinished { job, report } if self.is_current(job) => self.finish_run(report),
            Event::CancelClicked => {
                if let Some(run) = self.run.as_mut().filter(|r| !r.finished) {
                    run.cancel_requested = true;
                }
            }
            Event::Tick(now) => {
                if let Some(run) = &mut self.run {
                    run.now = run.now.max(now);
                }
            }
            Event::SecretRevealToggled => {
                if let Some(secret) = &mut self.secret {
                    secret.revealed = !secret.revealed;
                }
            }
            Event::SecretStored if self.screen == Screen::RevealSecret => {
                if let Some(secret) = &mut self.secret {
                    secret.acknowledged = true;
                    secret.revealed = false;
                }
                self.secret_unacknowledged = false;
                // The checks may still be running; their arrival moves on.
                if self.job.is_none() {
                    self.screen = self.destination();
                } else {
                    self.screen = Screen::Observing;
                }
            }
            Event::ForgetSecret => self.secret = None,
            Event::Copied(field) => self.copied = Some(field),
            Event::FixClicked(step) if self.job.is_none() => {
                self.mode = Mode::Setup;
                self.focus = Some(step);
                self.notice = None;
                self.screen = Screen::Review;
                self.replan();
            }
            Event::ShowChecks if self.job.is_none() => self.screen = Screen::Checks,
            Event::ShowHandOff if self.job.is_none() => self.screen = Screen::HandOff,
            Event::BackToPlan if self.job.is_none() => {
                self.mode = Mode::Setup;
                self.observe(Then::Review);
            }
            Event::CheckAgain if self.job.is_none() => self.observe(Then::Checks),
            _ => {}
        }
        // "Copied" confirms a click on this screen only.
        if self.screen != screen_before {
            self.copied = None;
        }
        // The secret lives only on the screens that show it (and the checks on the way to them).
        let keeps_secret = match self.screen {
            // Applying: the run that created it (also when it stopped later) reveals it next.
            Screen::Applying | Screen::RevealSecret | Screen::Checks | Screen::HandOff => true,
            Screen::Observing => matches!(
                self.job,
                Some(Job {
                    kind: JobKind::Observe(Then::AfterApply | Then::Checks),
                    ..
                })
            ),
            _ => false,
        };
        if !keeps_secret {
            self.secret = None;
        }
    }

    fn after_observation(&mut self, then: Then) {
        match then {
            Then::Start if !self.environment_is_listed() => {
                if self.answers.environment_url.take().is_some() {
                    self.notice = Some(Notice::EnvironmentGone);
                }
                self.screen = Screen::PickEnvironment;
            }
            Then::Start | Then::Review if self.mode == Mode::ValidateOnly => {
                self.evaluate_checks();
                self.screen = Screen::Checks;
            }
            Then::Start | Then::Review => self.screen = Screen::Review,
            Then::Checks => {
                self.evaluate_checks();
                self.screen = Screen::Checks;
            }
            Then::AfterApply => {
                self.evaluate_checks();
                if self.screen != Screen::RevealSecret {
                    self.screen = self.destination();
                }
            }
            Then::Refresh => {}
            Then::Resume => {
                if self.can_apply() {
                    self.start_apply();
                } else {
                    self.evaluate_checks();
                    self.screen = self.destination();
                }
            }
        }
    }

    /// Remembers an app the run just created: it is read back by id, and nothing is planned
    /// until a read shows it (a reload meanwhile keeps waiting, see [`Progress::awaiting_app_id`]).
    fn remember_created_app(&mut self, change: &Change) {
        if change.step == StepId::AppRegistration && change.action == "created" {
            self.answers.app_id = Some(change.id.clone());
            self.awaiting_app = Some(change.id.clone());
            self.visibility_checks = 0;
        }
    }

    fn finish_run(&mut self, report: RunReport) {
        self.job = None;
        // Changes normally arrive one by one as steps end; the report repeats them.
        for change in &report.changes {
            if self.awaiting_app.is_none() && self.answers.app_id.as_deref() != Some(&change.id) {
                self.remember_created_app(change);
            }
        }
        let cancelled = self.run.as_ref().is_some_and(|r| r.cancel_requested);
        if let Some(run) = &mut self.run {
            run.finish(&report);
        }
        self.notice = match &report.failed {
            Some(_) if cancelled => Some(Notice::Cancelled),
            Some((step, why)) => Some(Notice::RunFailed(*step, why.clone())),
            None => None,
        };
        if report.secret.is_some() {
            self.secret = report.secret;
        }
        if self.secret.is_some() {
            // A secret made in this run is shown first, even when a later step failed.
            self.answers.new_secret = false;
            self.screen = Screen::RevealSecret;
        } else if report.failed.is_some() && !cancelled {
            // The failure stays on screen with its explanation; the tenant is re-read meanwhile.
            self.start_job(JobKind::Observe(Then::Refresh));
            return;
        }
        self.observe(Then::AfterApply);
    }

    /// Whether the plan waits for an app this page remembers but Graph does not list (still
    /// replicating, or deleted meanwhile): "Start over" forgets it.
    pub fn remembered_app_missing(&self) -> bool {
        self.answers.app_id.is_some()
            && self.job.is_none()
            && self
                .facts
                .as_ref()
                .and_then(|f| f.directory.known())
                .is_some_and(|d| d.app.is_none())
    }
}

#[cfg(test)]
mod tests;
