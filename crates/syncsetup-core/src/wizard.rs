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
//! When the session ends under a job (the 24-hour refresh token expired, or Entra refused it),
//! the wizard stops on [`Screen::SignInAgain`]: what happened, and a button that signs in again
//! once clicked (never by itself, so an ended session cannot loop through Entra). The answers stay
//! in the remembered [`Progress`]; after the new sign-in the wizard reads the tenant again and
//! carries on, an interrupted run included, exactly as after a reload.
//!
//! Submodules: [`form`] (inputs, defaults, inline validation), [`run`] (the progress of Apply),
//! [`hand_off`] (the values to type into Marketo).

use std::rc::Rc;

use serde::Serialize;

use crate::auth::authorize::AuthorizeOptions;
use crate::auth::AuthError;
use crate::checks::{self, Finding, Verdict};
use crate::config::Config;
use crate::engine::apply::{Change, Event as RunEvent};
use crate::engine::plan::{
    plan, Answers, ConnectionMode, MigrationStage, Plan, StepId, DEFAULT_SECRET_LIFETIME_DAYS,
};
use crate::explain::Explanation;
use crate::facts::{Facts, Observed};
use crate::graph::{GraphError, SignedInIdentity};
use crate::session::Account;
use events::Flow;

pub mod bootstrap;
pub mod entry;
mod events;
pub mod form;
pub mod hand_off;
pub mod maintenance;
pub mod procedure;
pub mod run;
pub mod screens;
pub mod sync_users;

pub use crate::input::InputProblem;
pub use entry::{Entry, EntryEvent};
pub use form::{Edit, FormProblems};
pub use hand_off::{CheckSummary, HandOff};
pub use maintenance::{Download, Resume, Rotation, RotationStage, Teardown, TeardownStage};
pub use procedure::{MarketoUserBefore, Procedure, ProcedureChoice};
pub use run::{RowState, Run, RunReport, RunRow, SecretNote};
pub use screens::{
    ApplyingScreen, Background, ChecksScreen, EnvironmentRow, EnvironmentsScreen, HandOffScreen,
    MaintenanceActions, MigrationAction, ProcedureSection, ProcedureView, Prominence,
    ReviewPrimary, ReviewScreen, ReviewStanding, RotateScreen, SecretScreen, SyncUserPicker,
    TeardownScreen,
};
pub use sync_users::{SyncUser, SyncUsers};

/// The screen being shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before a sign-in completes (see [`entry`]): loading, a config.json problem, the
    /// registration guide, the landing page, leaving for Entra ID, a failed sign-in.
    Entry(Entry),
    /// Back from Entra ID: redeeming the code and reading who signed in.
    CompletingSignIn,
    /// Signed in: the wizard (shared with the views; copied on write).
    SignedIn(Rc<Wizard>),
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
    /// Rotating the client secret.
    Rotate,
    /// Tearing down what the tool created.
    Teardown,
    /// The session ended (see [`Wizard::session_ended`]): sign in again to carry on.
    SignInAgain,
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
    /// After a reload during a secret rotation or a teardown: carry on from the tenant's state.
    ResumeMaintenance,
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
    /// Client-app mode: `sync_users::find` with the typed search and the chosen user.
    SyncUsers,
    /// `engine::maintenance::rotate_secret`.
    RotateSecret,
    /// `engine::maintenance::remove_secret` for each of [`Wizard::old_key_ids`].
    RemoveOldSecrets,
    /// `engine::maintenance::teardown`.
    Teardown,
}

impl JobKind {
    /// Whether the job writes to the tenant: such a job runs only while this tab holds the
    /// tenant's run lock, so a duplicated or restored tab never runs one beside it (security
    /// review M2).
    pub(crate) fn writes_tenant(self) -> bool {
        matches!(
            self,
            JobKind::Apply | JobKind::RotateSecret | JobKind::RemoveOldSecrets | JobKind::Teardown
        )
    }
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
pub(crate) const VISIBILITY_RECHECK_MILLIS: u64 = 2_000;
/// Reads before giving up on seeing it (a minute in all).
pub(crate) const VISIBILITY_RECHECKS: u32 = 30;

/// A message shown above the current screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The page was reloaded during Apply; the run carries on from the tenant's state.
    Resumed,
    /// The page was reloaded during a secret rotation or a teardown; it carries on from the
    /// tenant's state.
    MaintenanceResumed,
    /// The admin signed in again with the Home Realm Discovery permission; the run carries on.
    ResumedWithPermission,
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
    /// The admin signed in again after the session ended; the tenant was read again.
    SignedInAgain,
    /// The tab's progress was another account's (or tenant's): its interrupted run, teardown,
    /// secret removal and consent to take the role from others were dropped, not resumed.
    OtherAccount,
    /// Another tab is changing this tenant (it holds the run lock): nothing was sent from this
    /// one, which shows the plan instead.
    RunInAnotherTab,
    /// This tab is a copy of a tab that is still open: what that tab had started (a run, a
    /// teardown, a secret removal) was not resumed here.
    DuplicatedTab,
    /// An OAuth answer reached the running page without a sign-in of its own (a link that only
    /// changed the address's fragment): it was removed from the address bar and not used.
    AnswerRefused(Explanation),
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
/// Written with serde; read back by [`Progress::from_json`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Validate only.
    pub validate_only: bool,
    /// The chosen environment.
    pub environment_url: Option<String>,
    /// Its Web API URL as Global Discovery listed it, so the first read after a reload can start
    /// Dataverse at once (public, like the org URL).
    pub environment_api_url: Option<String>,
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
    /// The legacy client-app mode rather than server-to-server.
    pub client_app: bool,
    /// Client-app mode: the licensed user Marketo signs in as.
    pub sync_user_id: Option<String>,
    /// Carry on applying once back from a sign-in that asked for one more permission.
    pub apply_after_sign_in: bool,
    /// Apply was running.
    pub applying: bool,
    /// A secret was created but not yet acknowledged as stored.
    pub secret_unacknowledged: bool,
    /// The admin is signing in again because the session ended.
    pub signed_in_again: bool,
    /// A secret rotation's stage ([`RotationStage::name`]), while one is open.
    pub rotation_stage: Option<String>,
    /// The key ids the app had before that rotation (ids only: never a secret or its hint).
    pub rotation_key_ids: Vec<String>,
    /// A teardown's stage, while one is open: `listed` or `removing`.
    pub teardown_stage: Option<String>,
    /// Whose progress this is (`Account::cache_key`, `tid.oid`): a run, a teardown, a secret
    /// removal or the consent to take the role from others resumes only for the same account
    /// (security review M1).
    pub account: Option<String>,
    /// That account's sign-in name, sent as `login_hint` when the admin signs in again.
    pub account_username: Option<String>,
    /// [`Wizard::marketo_user_before`] ([`MarketoUserBefore::name`]).
    pub marketo_user_before: Option<String>,
    /// [`Wizard::marketo_syncing`].
    pub marketo_syncing: Option<bool>,
    /// How far a migration is in Marketo ([`MigrationStage`], by [`migration_stage_name`]).
    pub migration_stage: Option<String>,
    /// Ids of what this tab's runs created (app id, application user, HRD policy): teardown
    /// removes only these unless the admin names the rest.
    pub created_here: Vec<String>,
    /// An open teardown also removes what was there before (the admin asked for it by name).
    pub teardown_include_existing: bool,
    /// Set by the shell, never stored: this tab's storage is a copy of another tab that is still
    /// open (a duplicated tab), so what that tab started is not this tab's to resume.
    #[serde(skip)]
    pub copied_from_open_tab: bool,
}

impl Progress {
    /// Reads what [`Serialize`] wrote; a missing or mistyped field takes its default. Walking a
    /// `serde_json::Value` (whose parser the page has anyway) instead of deriving `Deserialize`
    /// keeps the wasm about 6 KB smaller.
    pub fn from_json(text: &str) -> Option<Self> {
        use serde_json::Value;
        let value: Value = serde_json::from_str(text).ok()?;
        let fields = value.as_object()?;
        let flag = |name: &str| fields.get(name).and_then(Value::as_bool).unwrap_or(false);
        let text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_owned);
        let texts = |name: &str| -> Vec<String> {
            fields
                .get(name)
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(Self {
            validate_only: flag("validateOnly"),
            environment_url: text("environmentUrl"),
            environment_api_url: text("environmentApiUrl"),
            app_name: text("appName"),
            app_id: text("appId"),
            awaiting_app_id: text("awaitingAppId"),
            app_user_email: text("appUserEmail"),
            secret_lifetime_days: fields
                .get("secretLifetimeDays")
                .and_then(Value::as_u64)
                .and_then(|days| u32::try_from(days).ok()),
            new_secret: flag("newSecret"),
            sync_filter_tables: texts("syncFilterTables"),
            remove_other_role_holders: flag("removeOtherRoleHolders"),
            keep_plugin_steps_disabled: flag("keepPluginStepsDisabled"),
            client_app: flag("clientApp"),
            sync_user_id: text("syncUserId"),
            apply_after_sign_in: flag("applyAfterSignIn"),
            applying: flag("applying"),
            secret_unacknowledged: flag("secretUnacknowledged"),
            signed_in_again: flag("signedInAgain"),
            rotation_stage: text("rotationStage"),
            rotation_key_ids: texts("rotationKeyIds"),
            teardown_stage: text("teardownStage"),
            account: text("account"),
            account_username: text("accountUsername"),
            marketo_user_before: text("marketoUserBefore"),
            marketo_syncing: fields.get("marketoSyncing").and_then(Value::as_bool),
            migration_stage: text("migrationStage"),
            created_here: texts("createdHere"),
            teardown_include_existing: flag("teardownIncludeExisting"),
            copied_from_open_tab: false,
        })
    }

    /// This progress as `account` may take it up, and whether it was another account's that
    /// had something to resume. Another account's (or one whose owner is not recorded) never
    /// resumes a run, a teardown, a secret removal or the consent to take the Marketo Sync User
    /// role from others: the admin gets the plan review. Answers (names, environment) stay.
    pub(crate) fn for_account(self, account: &Account) -> (Self, bool) {
        if self.account.as_deref() == Some(account.cache_key().as_str()) {
            return (self, false);
        }
        self.without_resumables()
    }

    /// This progress without what would resume by itself (a run, a teardown, a secret removal,
    /// the consent to take the role from others), and whether it had any. Answers stay.
    fn without_resumables(self) -> (Self, bool) {
        let had_something = self.applying
            || self.apply_after_sign_in
            || self.rotation_stage.is_some()
            || self.teardown_stage.is_some()
            || self.remove_other_role_holders;
        let kept = Self {
            applying: false,
            apply_after_sign_in: false,
            rotation_stage: None,
            rotation_key_ids: Vec::new(),
            teardown_stage: None,
            teardown_include_existing: false,
            // What another account's runs created is not this account's to tear down, nor its
            // word on how far Marketo's migration is.
            created_here: Vec::new(),
            migration_stage: None,
            remove_other_role_holders: false,
            signed_in_again: false,
            secret_unacknowledged: false,
            account: None,
            account_username: None,
            ..self
        };
        (kept, had_something)
    }

    /// How to sign in again as the account this progress belongs to: with its sign-in name as
    /// `login_hint`, so Entra ID offers that account rather than whoever is signed in.
    pub fn sign_in_options(&self, include_hrd_scope: bool) -> AuthorizeOptions {
        AuthorizeOptions {
            login_hint: self.account_username.clone(),
            include_hrd_scope,
            // Validating asks for reads only; setting up asks for the writes (security review M4).
            read_only: self.validate_only && !include_hrd_scope,
            ..AuthorizeOptions::default()
        }
    }

    /// Progress for a fresh start in `mode`, keeping any answers already given.
    pub fn starting(self, mode: Mode) -> Self {
        Self {
            validate_only: mode == Mode::ValidateOnly,
            ..self
        }
    }

    /// The rotation or teardown this tab had open, if any.
    pub fn maintenance(&self) -> Option<Resume> {
        if let Some(stage) = self
            .rotation_stage
            .as_deref()
            .and_then(RotationStage::from_name)
        {
            return Some(Resume::Rotation {
                stage,
                original_key_ids: self.rotation_key_ids.clone(),
            });
        }
        match self.teardown_stage.as_deref() {
            Some("listed") => Some(Resume::Teardown {
                removing: false,
                include_existing: self.teardown_include_existing,
            }),
            Some("removing") => Some(Resume::Teardown {
                removing: true,
                include_existing: self.teardown_include_existing,
            }),
            _ => None,
        }
    }

    /// The connection mode remembered.
    pub fn connection(&self) -> ConnectionMode {
        if self.client_app {
            ConnectionMode::ClientApp
        } else {
            ConnectionMode::ServerToServer
        }
    }

    /// The connection mode chosen on the landing page.
    pub fn connecting(self, connection: ConnectionMode) -> Self {
        Self {
            client_app: connection == ConnectionMode::ClientApp,
            ..self
        }
    }

    fn answers(&self) -> Answers {
        let defaults = Answers::default();
        Answers {
            mode: self.connection(),
            sync_user_id: self.sync_user_id.clone(),
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
            migration: self
                .migration_stage
                .as_deref()
                .and_then(migration_stage_from_name),
            ..defaults
        }
    }
}

/// The stored name of a migration stage.
pub(crate) fn migration_stage_name(stage: MigrationStage) -> &'static str {
    match stage {
        MigrationStage::Preparing => "preparing",
        MigrationStage::SyncDisabled => "sync-disabled",
        MigrationStage::Switched => "switched",
    }
}

/// The stage a stored name names.
pub(crate) fn migration_stage_from_name(name: &str) -> Option<MigrationStage> {
    [
        MigrationStage::Preparing,
        MigrationStage::SyncDisabled,
        MigrationStage::Switched,
    ]
    .into_iter()
    .find(|s| migration_stage_name(*s) == name)
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
    pub(crate) lifetime_touched: bool,
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
    pub(crate) last_job_id: u32,
    /// The latest Apply run.
    pub run: Option<Run>,
    /// The client secret the page holds in memory (metadata only).
    pub secret: Option<SecretNote>,
    /// A secret was created and not yet acknowledged (survives a reload via [`Progress`]).
    pub(crate) secret_unacknowledged: bool,
    /// Shown above the screen.
    pub notice: Option<Notice>,
    /// The step to open in the plan (from a check's fix button).
    pub focus: Option<StepId>,
    /// Answers changed since the last read in a way that needs a new one before Apply.
    pub stale: bool,
    /// The hand-off value copied last (for the "Copied" confirmation).
    pub copied: Option<Field>,
    /// An app this tab created that reads have not shown yet (Entra ID replicates with a delay).
    pub(crate) awaiting_app: Option<String>,
    /// Reads made while waiting for it.
    pub(crate) visibility_checks: u32,
    /// Client-app mode: the search typed into the sync-user picker.
    pub sync_user_search: String,
    /// Client-app mode: what the latest search found, or why it failed.
    pub sync_users: Option<Result<SyncUsers, Explanation>>,
    /// A secret rotation under way.
    pub rotation: Option<Rotation>,
    /// A teardown under way.
    pub teardown: Option<Teardown>,
    /// Ids of what this tab's runs created (see [`Progress::created_here`]).
    pub created_here: Vec<String>,
    /// Why the session ended, once it has: nothing more can be read or written until the admin
    /// signs in again ([`Screen::SignInAgain`]).
    pub session_ended: Option<Explanation>,
    /// The session ended during a run (or the reads around it): it carries on after the new
    /// sign-in.
    pub(crate) resume_after_sign_in: bool,
    /// A rotation or teardown a reload interrupted, picked up once the tenant has been read.
    pub(crate) resume: Option<Resume>,
    /// The chosen environment's Web API URL remembered across a reload (see
    /// [`Wizard::earlier_observation`]).
    pub(crate) remembered_api_url: Option<String>,
    /// This session signed in to validate, with Graph's read-only permissions: it can change
    /// nothing, so the plan offers a sign-in with the setup permissions instead of Apply,
    /// rotation or teardown (security review M4).
    pub(crate) read_only_session: bool,
    /// Who Marketo Config's Marketo User was when this tab first read the chosen environment,
    /// before any run of it: which Marketo procedure applies ([`procedure::choose`]).
    pub(crate) marketo_user_before: Option<MarketoUserBefore>,
    /// The admin's answer to "Is Marketo already syncing with this Dynamics environment?".
    pub(crate) marketo_syncing: Option<bool>,
}

/// Something that happened.
// `SignedIn` carries the saved `Progress`, far larger than the other events. An event is moved
// once, into the reducer; boxing the progress would add allocation code to the wasm for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Event {
    /// Something of the way in (config.json, sign-in clicks and failures, refused answers; see
    /// [`entry`]).
    Entry(EntryEvent),
    /// A job's token request found the session over ([`AuthError::ends_session`]); reported
    /// instead of the job's own result, which was built without the reads it needed.
    SessionEnded {
        /// The job it ended.
        job: u32,
        /// The failure.
        error: AuthError,
    },
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
    /// The answer to "Is Marketo already syncing with this Dynamics environment?" (`None`:
    /// change the answer).
    MarketoSyncing(Option<bool>),
    /// Migration: the admin reports how far Marketo is (sync disabled, switched); the plan then
    /// runs the step that waited for it.
    MigrationReached(MigrationStage),
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
    /// Client-app mode: the admin typed into the sync-user search.
    SyncUserSearchTyped(String),
    /// Client-app mode: search for sync users.
    SearchSyncUsers,
    /// Client-app mode: the sync-user search finished.
    SyncUsersFound {
        /// The job it answers.
        job: u32,
        /// The candidates and the chosen user's language, or why they could not be read.
        result: Result<SyncUsers, Explanation>,
    },
    /// A job that writes could not start: another tab of this browser holds the tenant's run
    /// lock (it is running an Apply, a rotation or a teardown for the same tenant).
    RunHeldElsewhere {
        /// The job it belongs to.
        job: u32,
    },
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
    /// Start rotating the client secret.
    RotateClicked,
    /// Add the new secret (the old ones stay for now).
    AddNewSecretClicked,
    /// The new secret was added; its text went to the shell's memory-only slot.
    SecretRotated {
        /// The job it answers.
        job: u32,
        /// Its metadata, or why it could not be added.
        result: Result<SecretNote, Explanation>,
    },
    /// The admin confirmed Marketo now uses the new secret: remove the old ones.
    MarketoUsesNewSecret,
    /// The old secrets were removed (or one could not be).
    OldSecretsRemoved {
        /// The job it answers.
        job: u32,
        /// Which were removed, and which not (with why).
        result: crate::engine::maintenance::Removals,
    },
    /// Start tearing down: list what would go.
    TeardownClicked,
    /// The "I understand" box.
    TeardownConfirmed(bool),
    /// The admin asks (or no longer asks) to remove what was there before this page ran.
    TeardownIncludeExisting(bool),
    /// Remove everything listed.
    TeardownStartClicked,
    /// The teardown ended.
    TornDown {
        /// The job it answers.
        job: u32,
        /// What was removed, and why it stopped early if it did.
        result: Result<Vec<Change>, (Vec<Change>, Explanation)>,
    },
}

impl Event {
    /// What the shell reports when job `job` ends: this event, the job's own result, unless
    /// `ended` says the session ended under the job — then [`Event::SessionEnded`], as the result
    /// was made without the reads or writes it needed. Results that carry what a write did are
    /// kept: a rotation's new secret (it exists only in this page) and what a teardown removed.
    /// Both start a read, which meets the ended session by itself.
    pub fn unless_session_ended(self, job: u32, ended: Option<AuthError>) -> Event {
        let carries_a_write = match &self {
            Event::SecretRotated { result, .. } => result.is_ok(),
            Event::TornDown { result, .. } => match result {
                Ok(removed) | Err((removed, _)) => !removed.is_empty(),
            },
            _ => false,
        };
        match ended {
            Some(error) if !carries_a_write => Event::SessionEnded { job, error },
            _ => self,
        }
    }
}

impl Phase {
    /// The next phase after `event`.
    pub fn next(self, event: Event) -> Phase {
        // The way in has rules of its own (shared with the landing module): an event of the way
        // in moves to a screen of the way in, from any phase. A refused answer is the exception:
        // signed in, the wizard says what it was and carries on; completing a sign-in, it is
        // ignored.
        match (self, event) {
            (
                phase @ (Phase::SignedIn(_) | Phase::CompletingSignIn),
                event @ Event::Entry(EntryEvent::AnswerRefused(_)),
            ) => phase.after_sign_in(event),
            (Phase::Entry(entry), Event::Entry(event)) => Phase::Entry(entry.next(event)),
            // Only a page that was leaving for Entra ID has an answer to stop waiting for.
            (phase, Event::Entry(EntryEvent::ReturnedWithoutAnswer)) => phase,
            (_, Event::Entry(event)) => Phase::Entry(Entry::Starting.next(event)),
            (phase, event) => phase.after_sign_in(event),
        }
    }

    /// [`Phase::next`] for the events that are not the way in's (and for a refused answer once
    /// the way in is over).
    fn after_sign_in(self, event: Event) -> Phase {
        match (self, event) {
            // Without a usable config.json nothing else can work.
            (Phase::Entry(entry @ (Entry::ConfigProblem(_) | Entry::NeedsRegistration)), _) => {
                Phase::Entry(entry)
            }
            (_, Event::RedirectReturned) => Phase::CompletingSignIn,
            (
                _,
                Event::SignedIn {
                    account,
                    config,
                    progress,
                },
            ) => Phase::SignedIn(Rc::new(Wizard::start(config, account, progress))),
            (_, Event::IdentityFailed(e)) => Phase::Entry(Entry::SignInFailed(e.explain())),
            (_, Event::SignedOut) => Phase::Entry(Entry::SignedOutHere),
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
        match self {
            Phase::Entry(entry) => entry.is_busy(),
            Phase::CompletingSignIn => true,
            Phase::SignedIn(_) => false,
        }
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
        // A duplicated tab resumes nothing the open original started (security review M2).
        let (progress, duplicate) = if progress.copied_from_open_tab {
            progress.without_resumables()
        } else {
            (progress, false)
        };
        let (progress, other_account) = progress.for_account(&account);
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
            sync_user_search: String::new(),
            sync_users: None,
            rotation: None,
            teardown: None,
            created_here: progress.created_here.clone(),
            session_ended: None,
            resume_after_sign_in: false,
            resume: progress.maintenance(),
            remembered_api_url: progress.environment_api_url.clone(),
            read_only_session: progress.validate_only,
            marketo_user_before: progress
                .marketo_user_before
                .as_deref()
                .and_then(MarketoUserBefore::from_name),
            marketo_syncing: progress.marketo_syncing,
        };
        let then = if progress.apply_after_sign_in && !progress.validate_only {
            wizard.notice = Some(Notice::ResumedWithPermission);
            Then::Resume
        } else if progress.applying && !progress.validate_only {
            wizard.notice = Some(Notice::Resumed);
            Then::Resume
        } else if wizard.resume.is_some() {
            wizard.notice = Some(Notice::MaintenanceResumed);
            Then::ResumeMaintenance
        } else {
            Then::Start
        };
        if progress.signed_in_again {
            wizard.notice = Some(Notice::SignedInAgain);
        }
        if other_account {
            wizard.notice = Some(Notice::OtherAccount);
        }
        if duplicate {
            wizard.notice = Some(Notice::DuplicatedTab);
        }
        if progress.secret_unacknowledged {
            // The secret lived only in the page that was reloaded: it is gone, unseen or unstored.
            wizard.notice = Some(Notice::SecretLostOnReload);
        }
        wizard.observe(then);
        wizard
    }

    /// What an observation starts from: the last one, or after a reload the remembered
    /// environment, so Dataverse is read in the same rounds as Graph (3 rounds, not 4). Only
    /// observations take this; every other job works from real facts.
    pub(crate) fn earlier_observation(&self) -> Option<Facts> {
        if let Some(facts) = &self.facts {
            return Some(facts.clone());
        }
        Some(Facts::remembered(
            self.answers.environment_url.as_deref()?,
            self.remembered_api_url.as_deref()?,
        ))
    }

    /// The facts a job of `kind` works from: an observation from [`Self::earlier_observation`],
    /// every other job from the facts last read (none after a reload until the first read).
    pub fn facts_for(&self, kind: JobKind) -> Option<Facts> {
        match kind {
            JobKind::Observe(_) => self.earlier_observation(),
            _ => self.facts.clone(),
        }
    }

    /// The name of the Web Lock a job of `kind` must hold: one per tenant, for the jobs that
    /// write to it (`JobKind::writes_tenant`).
    pub fn run_lock(&self, kind: JobKind) -> Option<String> {
        kind.writes_tenant()
            .then(|| format!("syncsetup-run:{}", self.account.tenant_id))
    }

    /// The progress to remember in this tab.
    pub fn progress(&self) -> Progress {
        let a = &self.answers;
        Progress {
            validate_only: self.mode == Mode::ValidateOnly,
            environment_url: a.environment_url.clone(),
            environment_api_url: a
                .environment_url
                .as_deref()
                .and_then(|url| self.facts.as_ref()?.api_url_of(url))
                .map(str::to_owned)
                .or_else(|| self.remembered_api_url.clone()),
            app_name: Some(a.app_name.clone()),
            app_id: a.app_id.clone(),
            awaiting_app_id: self.awaiting_app.clone(),
            app_user_email: Some(a.app_user_email.clone()).filter(|e| !e.is_empty()),
            secret_lifetime_days: self.lifetime_touched.then_some(a.secret_lifetime_days),
            new_secret: a.new_secret,
            sync_filter_tables: a.sync_filter_tables.clone(),
            remove_other_role_holders: a.remove_other_role_holders,
            keep_plugin_steps_disabled: !a.enable_plugin_steps,
            client_app: a.mode == ConnectionMode::ClientApp,
            sync_user_id: a.sync_user_id.clone(),
            apply_after_sign_in: false,
            applying: self.resume_after_sign_in
                || matches!(
                    self.job,
                    Some(Job {
                        kind: JobKind::Apply,
                        ..
                    })
                ),
            secret_unacknowledged: self.secret_unacknowledged,
            account: Some(self.account.cache_key()),
            account_username: Some(self.account.username.clone()),
            marketo_user_before: self.marketo_user_before.map(|b| b.name().to_owned()),
            marketo_syncing: self.marketo_syncing,
            migration_stage: self
                .answers
                .migration
                .map(|s| migration_stage_name(s).to_owned()),
            created_here: self.created_here.clone(),
            teardown_include_existing: self.teardown.as_ref().is_some_and(|t| t.include_existing),
            copied_from_open_tab: false,
            signed_in_again: false,
            rotation_stage: self.rotation.as_ref().map(|r| r.stage.name().to_owned()),
            rotation_key_ids: self
                .rotation
                .as_ref()
                .map(Rotation::original_key_ids)
                .unwrap_or_default(),
            teardown_stage: self.teardown.as_ref().and_then(|t| match t.stage {
                TeardownStage::Listed => Some("listed".to_owned()),
                TeardownStage::Removing => Some("removing".to_owned()),
                TeardownStage::Finished => None,
            }),
        }
    }

    /// What to remember before leaving to sign in again after the session ended: the answers,
    /// and whether a run was interrupted (it carries on when the page comes back).
    pub fn progress_for_sign_in_again(&self) -> Progress {
        Progress {
            signed_in_again: true,
            ..self.progress()
        }
    }

    /// Stops everything: the session is over. The screen asks to sign in again, unless a new
    /// secret is still to be stored (it exists only in this page's memory: it is shown first).
    fn end_session(&mut self, why: Explanation) {
        self.resume_after_sign_in = matches!(
            self.job.map(|j| j.kind),
            Some(JobKind::Apply | JobKind::Observe(Then::Resume | Then::AfterApply))
        );
        self.job = None;
        if let Some(run) = self.run.as_mut().filter(|r| !r.finished) {
            let changes = run.changes.clone();
            run.finish(&RunReport {
                completed: Vec::new(),
                failed: None,
                changes,
                secret: None,
            });
        }
        self.session_ended = Some(why);
        self.screen = if self.secret.as_ref().is_some_and(|s| !s.acknowledged) {
            Screen::RevealSecret
        } else {
            Screen::SignInAgain
        };
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
        } else if problems.app_user_email.is_none()
            && self
                .facts
                .as_ref()
                .and_then(|f| crate::engine::plan::email_taken_by(&self.answers, f))
                .is_some()
        {
            problems.app_user_email = Some(crate::input::InputProblem::EmailInUse);
        }
        problems
    }

    /// Whether the e-mail typed for a new application user was not yet looked up (who else has
    /// it is read with the tenant): Apply waits for a read.
    pub(crate) fn email_unchecked(&self) -> bool {
        self.answers.mode == ConnectionMode::ServerToServer
            && self.existing_app_user_email().is_none()
            && crate::input::email(&self.answers.app_user_email).is_ok()
            && self.facts.as_ref().is_some_and(|f| {
                !f.email_holders.as_ref().is_some_and(|h| {
                    h.email
                        .eq_ignore_ascii_case(self.answers.app_user_email.trim())
                })
            })
    }

    /// The longest secret lifetime the tenant allows.
    pub(crate) fn max_secret_lifetime_days(&self) -> u32 {
        form::max_secret_lifetime_days(self.facts.as_ref())
    }

    /// Whether the limit is the tenant's app-management policy rather than Entra's 24 months
    /// (the field then says so, since the admin did not choose it).
    pub fn lifetime_limited_by_policy(&self) -> bool {
        self.max_secret_lifetime_days() < crate::engine::plan::MAX_SECRET_LIFETIME_DAYS
    }

    /// The e-mail of the application user that already exists, if one does.
    pub(crate) fn existing_app_user_email(&self) -> Option<&str> {
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

    /// Whether the checks screen offers the hand-off. Validating an existing setup whose
    /// Marketo checks fail, the hand-off would give Marketo values its own Validate Sync rejects:
    /// the failing rows' fixes come first (issue 15).
    pub(crate) fn offers_hand_off(&self) -> bool {
        !(self.mode == Mode::ValidateOnly
            && self
                .findings
                .iter()
                .any(|f| f.marketo_item.is_some() && f.verdict == crate::checks::Verdict::Fail))
    }

    /// Whether the plan must offer a sign-in with the setup permissions before anything can be
    /// changed: the admin moved from validating to setting up in a read-only session.
    pub(crate) fn needs_write_sign_in(&self) -> bool {
        self.read_only_session && self.mode == Mode::Setup && self.job.is_none()
    }

    /// Whether the Apply button works now.
    pub(crate) fn can_apply(&self) -> bool {
        !self.read_only_session
            && self.mode == Mode::Setup
            && self.job.is_none()
            && self.session_ended.is_none()
            && !self.stale
            && !self.email_unchecked()
            && self.awaiting_app.is_none()
            && self.problems().is_empty()
            && self
                .plan
                .as_ref()
                .is_some_and(|p| p.to_do().next().is_some())
    }

    /// The hand-off values as the tenant has them.
    pub fn hand_off(&self) -> HandOff {
        hand_off::hand_off(
            &self.answers,
            self.facts.as_ref(),
            &self.account,
            self.chosen_sync_user(),
        )
    }

    /// Counts of the latest checks.
    pub(crate) fn check_summary(&self) -> CheckSummary {
        hand_off::summarise(&self.findings)
    }

    /// What kind of environment `env` is, as the picker shows it before the irreversible choice
    /// (the same finding the checks give once it is chosen).
    pub(crate) fn environment_kind(&self, env: &crate::facts::Environment) -> Finding {
        checks::environment_kind(Some(env), self.observed_at)
    }

    /// The failing "Your Entra ID roles suffice" check, when the admin lacks a needed role:
    /// shown above the environment list and the plan so a blocked admin learns it at once.
    pub fn role_problem(&self) -> Option<Finding> {
        let facts = self.facts.as_ref()?;
        checks::role_problem(&checks::Inputs {
            answers: &self.answers,
            facts,
            now: self.observed_at,
            held_secret_prefix: None,
        })
    }

    /// What the waiting screen says while the tenant is read: which read this is, or that a new
    /// app is still replicating.
    pub fn observing_message(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self.job.map(|j| j.kind) {
            _ if self.awaiting_app.is_some() && self.visibility_checks > 0 => Msg::WaitingForApp,
            Some(JobKind::Observe(Then::Review)) => Msg::ObservingReview,
            Some(JobKind::Observe(Then::Checks | Then::AfterApply)) => Msg::ObservingChecks,
            Some(JobKind::Observe(Then::Resume)) => Msg::ObservingResume,
            _ => Msg::ObservingStart,
        }
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
        // A migration holds the Marketo User switch and the old user's role until the admin says
        // how far Marketo is (see `MigrationStage`); any other procedure holds nothing.
        self.answers.migration = match self.procedure() {
            ProcedureChoice::Known(Procedure::Migration) => {
                Some(self.answers.migration.unwrap_or(MigrationStage::Preparing))
            }
            _ => None,
        };
        self.plan = self
            .facts
            .as_ref()
            .map(|facts| plan(&self.config, &self.answers, facts, self.observed_at));
        // A stopped run's banner names its step; once the plan says that step is done or no
        // longer needed, the banner would tell of a problem that is gone.
        if let (Some(Notice::RunFailed(step, _)), Some(plan)) = (&self.notice, &self.plan) {
            if matches!(
                plan.step(*step).status,
                crate::engine::plan::Status::Done(_)
                    | crate::engine::plan::Status::NotApplicable(_)
            ) {
                self.notice = None;
            }
        }
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
    /// Records who Marketo Config's Marketo User is, the first time the chosen environment is
    /// read in a tab that has not run (nor resumes) a setup of it: the state Marketo syncs with.
    fn note_marketo_user_before(&mut self, then: Then) {
        if self.marketo_user_before.is_some() || self.run.is_some() || matches!(then, Then::Resume)
        {
            return;
        }
        let chosen = self.answers.environment_url.as_deref().unwrap_or_default();
        let dataverse = self
            .facts
            .as_ref()
            .and_then(|f| f.dataverse.as_ref())
            .and_then(Observed::known)
            .filter(|dv| {
                dv.environment_url
                    .trim_end_matches('/')
                    .eq_ignore_ascii_case(chosen.trim_end_matches('/'))
            });
        if let Some(dv) = dataverse {
            self.marketo_user_before = Some(MarketoUserBefore::of(dv));
        }
    }

    /// Which Marketo procedure the hand-off sheet gives (see [`procedure`]).
    pub fn procedure(&self) -> ProcedureChoice {
        procedure::choose(
            self.answers.mode,
            self.rotation.is_some(),
            self.marketo_user_before,
            self.marketo_syncing,
        )
    }

    /// Whether the admin's answer, not the tenant, decided [`Self::procedure`] (the sheet then
    /// offers to change it).
    pub(crate) fn procedure_from_answer(&self) -> bool {
        self.marketo_syncing.is_some()
            && procedure::choose(
                self.answers.mode,
                self.rotation.is_some(),
                self.marketo_user_before,
                None,
            ) == ProcedureChoice::Ask
    }

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
        // Once the session has ended nothing can be read or written: only storing the secret
        // still on screen, and signing in again (or out), remain.
        if self.session_ended.is_some()
            && !matches!(
                event,
                Event::IdentityLoaded(_)
                    | Event::SecretRevealToggled
                    | Event::SecretStored
                    | Event::Copied(_)
                    | Event::Tick(_)
            )
        {
            return;
        }
        // Set by an event method that stopped early: the clean-up below is then skipped.
        let mut stopped = false;
        match event {
            Event::IdentityLoaded(identity) => self.identity = Some(identity),
            Event::SessionEnded { job, error } if self.is_current(job) => {
                self.end_session(error.explain())
            }
            // A run's failure (with its buttons) stays; the refusal is the lesser news.
            Event::Entry(EntryEvent::AnswerRefused(error))
                if !matches!(self.notice, Some(Notice::RunFailed(..))) =>
            {
                self.notice = Some(Notice::AnswerRefused(error.explain()));
            }
            Event::Observed { job, facts, now } if self.is_current(job) => {
                stopped = self.on_observed(facts, now) == Flow::Stop;
            }
            Event::EnvironmentChosen(url) => {
                stopped = self.on_environment_chosen(url) == Flow::Stop;
            }
            Event::ChangeEnvironment if self.job.is_none() => {
                self.notice = None;
                self.screen = Screen::PickEnvironment;
            }
            Event::Edit(edit) if self.job.is_none() => {
                self.on_edit(edit);
            }
            Event::RefreshClicked if self.job.is_none() => {
                self.on_refresh();
            }
            Event::ApplyClicked if self.can_apply() => {
                self.notice = None;
                self.start_apply();
            }
            Event::ApplyProgress { job, event, at } if self.is_current(job) => {
                self.on_apply_progress(event, at);
            }
            Event::SecretCreated { job, note } if self.is_current(job) => {
                self.secret_unacknowledged = true;
                self.secret = Some(note);
            }
            Event::SyncUserSearchTyped(text) => self.sync_user_search = text,
            Event::SearchSyncUsers if self.job.is_none() => self.start_job(JobKind::SyncUsers),
            Event::SyncUsersFound { job, result } if self.is_current(job) => {
                self.job = None;
                self.sync_users = Some(result);
            }
            Event::RotateClicked if self.can_rotate() => {
                self.on_rotate();
            }
            Event::AddNewSecretClicked if self.job.is_none() => {
                self.on_add_new_secret();
            }
            Event::SecretRotated { job, result } if self.is_current(job) => {
                stopped = self.on_secret_rotated(result) == Flow::Stop;
            }
            Event::MarketoUsesNewSecret if self.job.is_none() => {
                self.on_marketo_uses_new_secret();
            }
            Event::OldSecretsRemoved { job, result } if self.is_current(job) => {
                stopped = self.on_old_secrets_removed(result) == Flow::Stop;
            }
            Event::TeardownClicked if self.can_tear_down() => {
                self.teardown = Some(Teardown::new(self.teardown_items()));
                self.notice = None;
                self.screen = Screen::Teardown;
            }
            Event::TeardownIncludeExisting(on) => {
                if let Some(teardown) = self.teardown.as_mut() {
                    if teardown.stage == TeardownStage::Listed {
                        teardown.include_existing = on;
                    }
                }
            }
            Event::TeardownConfirmed(on) => {
                if let Some(teardown) = self.teardown.as_mut() {
                    if teardown.stage == TeardownStage::Listed {
                        teardown.confirmed = on;
                    }
                }
            }
            Event::TeardownStartClicked if self.job.is_none() => {
                if let Some(teardown) = self.teardown.as_mut().filter(|t| t.can_start()) {
                    teardown.stage = TeardownStage::Removing;
                    self.start_job(JobKind::Teardown);
                }
            }
            Event::TornDown { job, result } if self.is_current(job) => {
                stopped = self.on_torn_down(result) == Flow::Stop;
            }
            Event::StartOver if self.job.is_none() => {
                self.on_start_over();
            }
            Event::ApplyFinished { job, report } if self.is_current(job) => self.finish_run(report),
            Event::RunHeldElsewhere { job } if self.is_current(job) => {
                self.on_run_held_elsewhere();
            }
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
                self.on_secret_stored();
            }
            Event::ForgetSecret => self.secret = None,
            Event::MarketoSyncing(answer) => {
                self.marketo_syncing = answer;
                self.replan();
            }
            Event::MigrationReached(stage)
                if self.job.is_none() && self.answers.migration.is_some() =>
            {
                self.on_migration_reached(stage);
            }
            Event::Copied(field) => self.copied = Some(field),
            Event::FixClicked(step) if self.job.is_none() => {
                self.on_fix(step);
            }
            Event::ShowChecks if self.job.is_none() => self.screen = Screen::Checks,
            Event::ShowHandOff if self.job.is_none() && self.offers_hand_off() => {
                self.screen = Screen::HandOff
            }
            Event::BackToPlan if self.job.is_none() => {
                self.on_back_to_plan();
            }
            Event::CheckAgain if self.job.is_none() => self.observe(Then::Checks),
            _ => {}
        }
        if stopped {
            return;
        }
        // "Copied" confirms a click on this screen only.
        if self.screen != screen_before {
            self.copied = None;
        }
        // The secret lives only on the screens that show it (and the checks on the way to them).
        let keeps_secret = match self.screen {
            // Applying: the run that created it (also when it stopped later) reveals it next.
            Screen::Applying
            | Screen::RevealSecret
            | Screen::Checks
            | Screen::HandOff
            | Screen::Rotate => true,
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
            Then::Start | Then::Review => {
                self.screen = Screen::Review;
                self.list_sync_users_if_needed();
            }
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
            Then::ResumeMaintenance => self.resume_maintenance(),
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

    /// Picks up the rotation or teardown a reload interrupted, from what the tenant shows now.
    fn resume_maintenance(&mut self) {
        let Some(resume) = self.resume.take() else {
            return;
        };
        match resume {
            Resume::Rotation {
                stage,
                original_key_ids,
            } => {
                let Some(app) = self.app() else {
                    // The app is gone: nothing left to rotate.
                    self.notice = None;
                    self.screen = Screen::Review;
                    return;
                };
                let rotation = Rotation::resumed(stage, &original_key_ids, &app.passwords);
                let carry_on = rotation.stage == RotationStage::Removing;
                self.rotation = Some(rotation);
                self.screen = Screen::Rotate;
                if carry_on {
                    // The admin had confirmed Marketo uses the new secret: remove the rest.
                    self.start_job(JobKind::RemoveOldSecrets);
                }
            }
            Resume::Teardown {
                removing,
                include_existing,
            } => {
                let mut teardown = Teardown::new(self.teardown_items());
                teardown.include_existing = include_existing;
                self.screen = Screen::Teardown;
                if removing {
                    // Confirmed before the reload: remove what the tenant still has.
                    teardown.confirmed = true;
                    if teardown.items.is_empty() {
                        teardown.stage = TeardownStage::Finished;
                    } else {
                        teardown.stage = TeardownStage::Removing;
                        self.teardown = Some(teardown);
                        self.start_job(JobKind::Teardown);
                        return;
                    }
                }
                self.teardown = Some(teardown);
            }
        }
    }

    /// Remembers an app the run just created: it is read back by id, and nothing is planned
    /// until a read shows it (a reload meanwhile keeps waiting, see [`Progress::awaiting_app_id`]).
    /// Notes what a run created, so a teardown can tell it from what was there before.
    fn note_created(&mut self, change: &Change) {
        if change.action == "created" && !self.created_here.contains(&change.id) {
            self.created_here.push(change.id.clone());
        }
    }

    fn remember_created_app(&mut self, change: &Change) {
        if let Some(app_id) = crate::engine::steps::created_app(change) {
            self.answers.app_id = Some(app_id.to_owned());
            self.awaiting_app = Some(app_id.to_owned());
            self.visibility_checks = 0;
        }
    }

    fn finish_run(&mut self, report: RunReport) {
        self.job = None;
        // Changes normally arrive one by one as steps end; the report repeats them.
        for change in &report.changes {
            self.note_created(change);
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

    /// The Marketo app, as last read.
    pub fn app(&self) -> Option<&crate::facts::AppRegistration> {
        self.facts.as_ref()?.directory.known()?.app.as_ref()
    }

    /// Whether a rotation can start: the app has a secret to rotate, and nothing else runs. An
    /// app without one needs the plan's client-secret step, not a rotation.
    pub(crate) fn can_rotate(&self) -> bool {
        self.can_tear_down() && self.app().is_some_and(|app| !app.passwords.is_empty())
    }

    /// Whether a teardown can start: the app exists, nothing else runs, and the session may write.
    pub(crate) fn can_tear_down(&self) -> bool {
        !self.read_only_session
            && self.job.is_none()
            && self.mode == Mode::Setup
            && self.app().is_some()
    }

    /// What a teardown would remove now.
    pub fn teardown_items(&self) -> Vec<crate::engine::maintenance::TeardownItem> {
        self.facts
            .as_ref()
            .map(|facts| crate::engine::maintenance::teardown_items(facts, &self.created_here))
            .unwrap_or_default()
    }

    /// Key ids a rotation removes once Marketo uses the new secret.
    pub fn old_key_ids(&self) -> Vec<String> {
        self.rotation
            .as_ref()
            .map(Rotation::old_key_ids)
            .unwrap_or_default()
    }

    /// The run report (what the latest run changed, the hand-off values, the checks): never
    /// the secret, only its key id, hint and expiry. `now` is Unix seconds.
    pub(crate) fn run_report(&self, now: u64) -> crate::report::RunReport {
        let sheet = self.hand_off();
        let tenant_name = match (
            &self.identity,
            self.facts.as_ref().and_then(|f| f.tenant.known()),
        ) {
            (Some(identity), _) => identity.tenant_name.clone(),
            (None, Some(tenant)) => tenant.display_name.clone(),
            (None, None) => String::new(),
        };
        let changes = self
            .run
            .as_ref()
            .map(|r| r.changes.as_slice())
            .unwrap_or_default();
        crate::report::RunReport {
            generated_at: crate::time::format_iso8601(now),
            signed_in_as: format!("{} <{}>", self.account.name, self.account.username),
            tenant_id: sheet.tenant_id,
            tenant_name,
            environment_url: sheet.environment_url,
            org_url: sheet.org_url,
            procedure: match self.procedure() {
                procedure::ProcedureChoice::Known(p) => Some(p.id().to_owned()),
                procedure::ProcedureChoice::Ask => None,
            },
            client_id: sheet.client_id,
            username: sheet.username,
            secret_key_id: self.secret.as_ref().map(|s| s.key_id.clone()),
            secret_hint: self.secret.as_ref().map(|s| s.hint.clone()),
            secret_expires: self
                .secret
                .as_ref()
                .and_then(|s| s.end)
                .map(crate::time::format_iso8601),
            changes: Vec::new(),
            checks: Vec::new(),
        }
        .with_changes(changes)
        .with_checks(&self.findings)
    }

    /// The content of a download (`None` for a reminder when no secret expiry is known), as a
    /// `data:` URL. `now` is Unix seconds.
    pub fn download(&self, what: Download, now: u64) -> Option<String> {
        let text = match what {
            // Compact: the pretty printer would add its own copy of the serializer to the wasm, and
            // the Markdown version is the one meant for reading.
            Download::ReportJson => serde_json::to_string(&self.run_report(now)).ok()?,
            Download::ReportMarkdown => self.run_report(now).to_markdown(),
            Download::Reminder => self.reminder(now)?,
        };
        Some(maintenance::data_url(what.media_type(), &text))
    }

    /// The secret a reminder is about: the one this page holds, else the app's latest-expiring
    /// one; its key id and expiry.
    pub(crate) fn reminder_secret(&self) -> Option<(String, u64)> {
        if let Some(held) = &self.secret {
            return Some((held.key_id.clone(), held.end?));
        }
        self.app()?
            .passwords
            .iter()
            .filter_map(|p| Some((p.key_id.clone(), p.end?)))
            .max_by_key(|(_, end)| *end)
    }

    /// The calendar reminder 30 days before that secret expires (`now`: Unix seconds).
    pub fn reminder(&self, now: u64) -> Option<String> {
        let (key_id, end) = self.reminder_secret()?;
        let app_name = self
            .app()
            .map_or(self.answers.app_name.as_str(), |a| a.display_name.as_str());
        Some(crate::report::expiry_reminder_ics(
            &key_id, app_name, end, now,
        ))
    }

    /// Client-app mode on the plan with an environment: list candidates (and read the chosen
    /// one's language) in the background.
    fn list_sync_users_if_needed(&mut self) {
        let has_dataverse = self
            .facts
            .as_ref()
            .and_then(|f| f.dataverse.as_ref())
            .and_then(|d| d.known())
            .is_some();
        if self.answers.mode == ConnectionMode::ClientApp
            && self.screen == Screen::Review
            && self.job.is_none()
            && has_dataverse
        {
            self.start_job(JobKind::SyncUsers);
        }
    }

    /// Client-app mode: the user Marketo signs in as, when the latest search lists it.
    pub(crate) fn chosen_sync_user(&self) -> Option<&SyncUser> {
        let id = self.answers.sync_user_id.as_deref()?;
        self.found_sync_users()?.users.iter().find(|u| u.id == id)
    }

    /// The latest successful sync-user search.
    pub(crate) fn found_sync_users(&self) -> Option<&SyncUsers> {
        self.sync_users.as_ref()?.as_ref().ok()
    }

    /// Client-app mode: whether the chosen user's Dynamics language is English, as Marketo
    /// requires (`None` when it could not be read).
    pub(crate) fn sync_user_speaks_english(&self) -> Option<bool> {
        self.answers.sync_user_id.as_ref()?;
        let code = self.found_sync_users()?.chosen_language?;
        Some(code == crate::facts::ENGLISH_LANGUAGE_CODE)
    }

    /// App registrations that share the chosen name when none is picked yet: the review asks
    /// which one Marketo uses (empty when there is nothing to choose).
    pub fn app_candidates(&self) -> Vec<crate::facts::AppRegistration> {
        self.facts
            .as_ref()
            .and_then(|f| f.directory.known())
            .filter(|d| d.app.is_none() && d.candidate_apps.len() > 1)
            .map(|d| d.candidate_apps.clone())
            .unwrap_or_default()
    }

    /// The notice the Apply screen shows above the run: one about how this run came to be
    /// (resumed after a reload, after the extra permission, after signing in again, or with a
    /// secret lost to a reload); other notices belong below a stopped run or elsewhere.
    pub(crate) fn run_origin_notice(&self) -> Option<&Notice> {
        self.notice.as_ref().filter(|n| {
            matches!(
                n,
                Notice::Resumed
                    | Notice::ResumedWithPermission
                    | Notice::SignedInAgain
                    | Notice::SecretLostOnReload
            )
        })
    }

    /// The notice under a run that stopped (its failure, or that it was cancelled).
    pub(crate) fn run_stop_notice(&self) -> Option<&Notice> {
        self.notice
            .as_ref()
            .filter(|n| matches!(n, Notice::RunFailed(..) | Notice::Cancelled))
    }

    /// The notice a rotation or teardown screen shows: that it resumed after a reload.
    pub(crate) fn maintenance_notice(&self) -> Option<&Notice> {
        self.notice
            .as_ref()
            .filter(|n| **n == Notice::MaintenanceResumed)
    }

    /// The run stopped because the sign-in lacks the Home Realm Discovery permission: the page
    /// offers to sign in again asking for it.
    pub fn needs_hrd_consent(&self) -> bool {
        // The sentence is the HRD step's own.
        matches!(&self.notice, Some(Notice::RunFailed(_, why))
            if why.what.key == crate::engine::apply::HRD_CONSENT_NEEDED)
    }

    /// What to remember before leaving to sign in again with the HRD permission: the run carries
    /// on when the page comes back.
    pub fn progress_for_consent(&self) -> Progress {
        Progress {
            apply_after_sign_in: true,
            ..self.progress()
        }
    }

    /// Whether the plan waits for an app this page remembers but Graph does not list (still
    /// replicating, or deleted meanwhile): "Start over" forgets it.
    pub(crate) fn remembered_app_missing(&self) -> bool {
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
