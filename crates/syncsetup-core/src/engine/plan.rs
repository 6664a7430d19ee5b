//! `plan(answers, facts) -> Plan`: Marketo's setup procedures as an ordered list of steps, each
//! done, to do, waiting for the admin, or blocked with the reason and the fix.
//!
//! The plan is a pure function of what was observed and what the admin chose, so it is computed
//! afresh after every observation — that is what makes a run resumable: after a reload the tenant
//! itself says which steps are done. Each step names the Marketo documentation step it replaces
//! and carries previews of the exact requests it will send (secrets never appear in them).

use crate::config::Config;
use crate::explain::Explanation;
use crate::facts::{
    role_ids, DataverseFacts, DirectoryFacts, Environment, Facts, Observed, SystemUser,
};
use crate::graph::setup as graph;
use crate::http::HttpRequest;
use crate::i18n::core_texts::{Text, TextKey};
use crate::i18n::Arg;
use crate::secret::AccessToken;

/// Marketo's two ways to connect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionMode {
    /// Server-to-server (client credentials + an application user). Marketo recommends it.
    ServerToServer,
    /// The legacy client-app mode: Marketo signs in as a licensed sync user with ROPC.
    ClientApp,
}

/// What the admin chose (with defaults that match Marketo's documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    /// Connection mode.
    pub mode: ConnectionMode,
    /// Display name of the Marketo app registration.
    pub app_name: String,
    /// The app to use when several share the name (or after a reload).
    pub app_id: Option<String>,
    /// Lifetime of a new client secret, in days.
    pub secret_lifetime_days: u32,
    /// Create a new secret even though one exists (the admin does not hold its value).
    pub new_secret: bool,
    /// Offer the HRD policy in S2S mode too (Marketo's S2S page mentions it for AD FS).
    pub hrd_in_s2s: bool,
    /// The chosen environment's URL (Global Discovery `Url`).
    pub environment_url: Option<String>,
    /// E-mail of the application user: Marketo's username in S2S mode.
    pub app_user_email: String,
    /// Client-app mode: the licensed sync user (systemuserid) the admin picked.
    pub sync_user_id: Option<String>,
    /// Consent to remove the Marketo Sync User role from everybody else.
    pub remove_other_role_holders: bool,
    /// Consent to re-enable the solution's disabled plug-in steps.
    pub enable_plugin_steps: bool,
    /// Tables to get the `new_synctomkto` sync filter column.
    pub sync_filter_tables: Vec<String>,
    /// A running ROPC/Basic sync being moved to server-to-server: how far Marketo is.
    /// `None` when this is no migration.
    pub migration: Option<MigrationStage>,
}

/// Where a migration of a running sync to server-to-server stands in Marketo
/// (AdobeDocs/marketo.en `…/sync-setup/reconfigure-dynamics-authentication-method.md`: Disable
/// Sync → Reconfigure New Auth Method → Validate, all green → Switch → Confirm → wait 15 minutes →
/// Enable Sync). Marketo's Validate checks that Marketo Config's Marketo User is the user of the
/// new credentials (items 6 and 7, `…/fix-dynamics-validation-sync-issues.md`), so the Marketo User
/// must change before Validate — but only once the running sync is disabled, or it would lose its
/// user midway. The old sync user keeps the Marketo Sync User role until Marketo has switched, so
/// an abandoned switch can still re-enable the old sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrationStage {
    /// Marketo still syncs with its old user: set everything up but those two steps.
    Preparing,
    /// The admin disabled the sync in Marketo: the Marketo User may change.
    SyncDisabled,
    /// Marketo switched to server-to-server: the old user's role may go.
    Switched,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            mode: ConnectionMode::ServerToServer,
            app_name: "Marketo Integration".into(),
            app_id: None,
            secret_lifetime_days: DEFAULT_SECRET_LIFETIME_DAYS,
            new_secret: false,
            hrd_in_s2s: false,
            environment_url: None,
            app_user_email: String::new(),
            sync_user_id: None,
            remove_other_role_holders: false,
            enable_plugin_steps: true,
            migration: None,
            sync_filter_tables: Vec::new(),
        }
    }
}

/// Default secret lifetime: 180 days, Microsoft's recommendation in the portal.
pub(crate) const DEFAULT_SECRET_LIFETIME_DAYS: u32 = 180;
/// Longest secret lifetime the portal offers: 24 months.
pub(crate) const MAX_SECRET_LIFETIME_DAYS: u32 = 730;
/// The solution version from which only the sync user may hold the role. Marketo's ROPC set-up
/// page names 4.0.0.14 (the release that "created access limits for normal Dynamics users"), but
/// its plug-in release notes show 4.0.0.15 fixing "Customer couldn't create a lead in CRM because
/// the login user didn't have Marketo Config permission" (AdobeDocs/marketo.en
/// `…/microsoft-dynamics-sync/marketo-plugin-releases-for-microsoft-dynamics.md`, 3/3/16): on
/// exactly 4.0.0.14, taking the role from everyone else breaks lead creation, so the rule starts
/// at 4.0.0.15 (the failure-mode review's item g).
pub(crate) const ROLE_ONLY_ON_SYNC_USER_SINCE: &str = "4.0.0.15";
/// The newest Marketo solution known (AdobeDocs/marketo.en
/// `…/microsoft-dynamics-sync/marketo-plugin-releases-for-microsoft-dynamics.md`, 10/13/23).
pub(crate) const NEWEST_SOLUTION_VERSION: &str = "5.0.2.1";
/// Secrets expiring within this many days get a warning.
pub(crate) const SECRET_EXPIRY_WARNING_DAYS: u64 = 30;

pub use super::steps::StepId;

/// Where a step stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing to do; the text says what is there.
    Done(Text),
    /// Will be done by Apply; the text says what.
    ToDo(Text),
    /// Needs the admin to decide or consent first; the text says what.
    NeedsAnswer(Text),
    /// Cannot be done until something else is fixed.
    Blocked(Explanation),
    /// Does not apply to this setup.
    NotApplicable(Text),
}

impl Status {
    /// True when the step leaves nothing to do.
    pub fn is_settled(&self) -> bool {
        matches!(self, Status::Done(_) | Status::NotApplicable(_))
    }
}

/// A request a step will send, for display before Apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestPreview {
    /// Method.
    pub method: &'static str,
    /// URL, percent-decoded for reading; `{…}` marks ids known only once earlier steps ran.
    pub url: String,
    /// Body (JSON), if any.
    pub body: Option<String>,
}

impl RequestPreview {
    /// A preview of a request; credentials never appear (no headers are shown, and sensitive
    /// bodies are replaced).
    pub fn of(request: &HttpRequest) -> Self {
        let url = percent_encoding::percent_decode_str(request.url.as_str())
            .decode_utf8_lossy()
            .into_owned();
        let body = match (&request.body, request.sensitive_body) {
            (Some(_), true) => Some("[redacted]".to_owned()),
            (Some(body), false) => Some(
                serde_json::from_str::<serde_json::Value>(body)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
                    .unwrap_or_else(|| body.clone()),
            ),
            (None, _) => None,
        };
        Self {
            method: request.method.as_str(),
            url,
            body,
        }
    }
}

/// One step of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Where it stands.
    pub status: Status,
    /// What it will send.
    pub requests: Vec<RequestPreview>,
}

/// The whole plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Every step in order, with its status.
    pub steps: Vec<Step>,
}

impl Plan {
    /// The step with this id.
    pub fn step(&self, id: StepId) -> &Step {
        self.steps
            .iter()
            .find(|s| s.id == id)
            .expect("every step is planned")
    }

    /// Steps that Apply would run now.
    pub fn to_do(&self) -> impl Iterator<Item = &Step> {
        self.steps
            .iter()
            .filter(|s| matches!(s.status, Status::ToDo(_)))
    }

    /// True when nothing is left to do, decide or unblock: a complete tenant's plan is empty.
    pub fn is_complete(&self) -> bool {
        self.steps.iter().all(|s| s.status.is_settled())
    }

    /// Where the plan stands as a whole, for the action bar: "nothing to do" only when every
    /// step is settled, never while a step is blocked or waits for an answer.
    pub fn standing(&self) -> Standing {
        let count = |f: fn(&Status) -> bool| self.steps.iter().filter(|s| f(&s.status)).count();
        let to_do = count(|s| matches!(s, Status::ToDo(_)));
        let held = count(|s| matches!(s, Status::Blocked(_) | Status::NeedsAnswer(_)));
        match (to_do, held) {
            (0, 0) => Standing::Complete,
            (0, held) => Standing::Held(held),
            (to_do, _) => Standing::Runnable(to_do),
        }
    }
}

/// Where a plan stands as a whole ([`Plan::standing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Every step is done or does not apply.
    Complete,
    /// Apply can run this many steps.
    Runnable(usize),
    /// Nothing can run: this many steps are blocked or wait for an answer.
    Held(usize),
}

/// Placeholder text for ids that earlier steps produce.
pub(crate) const APP_OBJECT_ID: &str = "{app object id}";
pub(crate) const APP_ID: &str = "{app id}";
pub(crate) const SP_ID: &str = "{service principal id}";
pub(crate) const POLICY_ID: &str = "{policy id}";

/// What planning any step reads: the inputs, and what is derived from them once for all.
pub(crate) struct Planning<'a> {
    pub config: &'a Config,
    pub answers: &'a Answers,
    pub facts: &'a Facts,
    /// Unix seconds (secret expiry).
    pub now: u64,
    /// The stand-in token the previews are built with.
    pub token: AccessToken,
    /// The directory as observed, or why it could not be read.
    pub directory: Result<&'a DirectoryFacts, Explanation>,
    /// Set when the admin lacks an Entra role the directory writes need.
    pub admin_block: Option<Explanation>,
    /// The chosen environment's Dataverse facts, or the status every Dataverse step takes
    /// without them (waiting for the environment, or why Dataverse could not be read).
    pub dataverse: Result<&'a DataverseFacts, Status>,
    /// Who else already has the application user's e-mail (see [`email_taken_by`]).
    pub email_taken_by: Option<Vec<String>>,
}

/// The ids a Dataverse preview names before an earlier step has made them: stand-in GUIDs the
/// request builders accept, shown as `{app id}` and `{application user id}`.
pub(crate) struct PreviewIds<'a> {
    /// The Marketo app's client id (or its stand-in).
    pub app_id: &'a str,
    /// The sync user's id (or its stand-in).
    pub user_id: &'a str,
}

/// (stand-in GUID, what the preview shows instead).
const PREVIEW_APP_ID: (&str, &str) = ("00000000-0000-4000-8000-00000000a991", "{app id}");
const PREVIEW_USER_ID: (&str, &str) = (
    "00000000-0000-4000-8000-00000000a992",
    "{application user id}",
);

/// A step's status and the requests it will send.
pub(crate) type Planned = (Status, Vec<HttpRequest>);

impl<'a> Planning<'a> {
    fn new(config: &'a Config, answers: &'a Answers, facts: &'a Facts, now: u64) -> Self {
        Planning {
            config,
            answers,
            facts,
            now,
            token: AccessToken::new("preview"),
            directory: match &facts.directory {
                Observed::Known(d) => Ok(d),
                Observed::Unknown(e) => Err(e.clone()),
            },
            admin_block: admin_role_block(facts),
            dataverse: match (chosen_environment(facts, answers), &facts.dataverse) {
                (Err(_), _) | (Ok(_), None) => {
                    Err(Status::Blocked(super::steps::waiting_for_environment()))
                }
                (Ok(_), Some(Observed::Unknown(e))) => Err(Status::Blocked(e.clone())),
                (Ok(_), Some(Observed::Known(dv))) => Ok(dv),
            },
            email_taken_by: email_taken_by(answers, facts),
        }
    }

    /// The sync user the Dataverse steps work on: the application user (S2S) or the licensed
    /// person the admin picked (client app), if it exists yet.
    pub fn sync_user(&self, dv: &'a DataverseFacts) -> Option<&'a SystemUser> {
        match self.answers.mode {
            ConnectionMode::ServerToServer => dv.application_user.as_ref(),
            ConnectionMode::ClientApp => self
                .answers
                .sync_user_id
                .as_ref()
                .and_then(|id| dv.role_holders.iter().find(|u| &u.id == id)),
        }
    }

    /// The sync user's id, as far as it is known (the picked id in the client-app mode).
    pub(crate) fn sync_id(&self, dv: &'a DataverseFacts) -> Option<&'a str> {
        match self.answers.mode {
            ConnectionMode::ServerToServer => dv.application_user.as_ref().map(|u| u.id.as_str()),
            ConnectionMode::ClientApp => self.answers.sync_user_id.as_deref(),
        }
    }

    /// The Marketo Sync User role's copy in the sync user's business unit (the root's for a
    /// user yet to be created).
    pub fn role(&self, dv: &'a DataverseFacts) -> Option<&'a crate::facts::Role> {
        let user_bu = self
            .sync_user(dv)
            .and_then(|u| u.business_unit_id.clone())
            .unwrap_or_else(|| dv.root_business_unit.id.clone());
        dv.marketo_roles
            .iter()
            .find(|r| r.business_unit_id == user_bu)
    }

    /// The role copy a preview assigns: the one the runner will pick for an existing user, the
    /// root business unit's for a user yet to be created.
    pub(crate) fn preview_role(&self, dv: &'a DataverseFacts) -> Option<&'a crate::facts::Role> {
        match self.sync_user(dv) {
            Some(user) => crate::dataverse::apply::role_copy_for(dv, user).ok(),
            None => dv.marketo_roles.iter().find(|r| {
                r.business_unit_id
                    .eq_ignore_ascii_case(&dv.root_business_unit.id)
            }),
        }
    }

    /// Why every solution-dependent step is blocked: the Marketo solution is not installed.
    pub(crate) fn solution_block(dv: &DataverseFacts) -> Option<Explanation> {
        dv.solution.is_none().then(no_marketo_solution)
    }

    /// The previews of a Dataverse step that will run, from the request builders its runner
    /// sends; a builder that refuses (a malformed id in the tenant) previews nothing, and the run
    /// explains the same refusal.
    pub(crate) fn dataverse_previews(
        &self,
        dv: &'a DataverseFacts,
        status: &Status,
        build: impl FnOnce(
            &crate::dataverse::WebApi,
            &AccessToken,
            PreviewIds<'_>,
        ) -> Vec<Result<HttpRequest, crate::dataverse::DataverseError>>,
    ) -> Vec<HttpRequest> {
        if !matches!(status, Status::ToDo(_)) {
            return Vec::new();
        }
        let Ok(api) = crate::dataverse::WebApi::of_facts(dv) else {
            return Vec::new();
        };
        let app_id = self.app().map_or(PREVIEW_APP_ID.0, |a| a.app_id.as_str());
        let user_id = self
            .sync_user(dv)
            .map_or(PREVIEW_USER_ID.0, |u| u.id.as_str());
        build(&api, &self.token, PreviewIds { app_id, user_id })
            .into_iter()
            .filter_map(Result::ok)
            .collect()
    }

    /// The Marketo app registration, if Graph listed it.
    pub fn app(&self) -> Option<&'a crate::facts::AppRegistration> {
        self.directory.as_ref().ok().and_then(|d| d.app.as_ref())
    }

    /// Its service principal, if Graph listed it.
    pub fn sp(&self) -> Option<&'a crate::facts::ServicePrincipal> {
        self.directory
            .as_ref()
            .ok()
            .and_then(|d| d.service_principal.as_ref())
    }

    /// The id of Dynamics CRM's `user_impersonation` scope (Graph's, else the well-known one).
    pub fn scope_id(&self) -> String {
        self.directory
            .as_ref()
            .ok()
            .and_then(|d| d.dynamics.as_ref())
            .and_then(|d| d.user_impersonation_scope_id.clone())
            .unwrap_or_else(|| graph::USER_IMPERSONATION_SCOPE_ID.to_owned())
    }

    /// The app's client id, or a placeholder for previews before it exists.
    pub(crate) fn app_id_text(&self) -> String {
        self.app()
            .map(|a| a.app_id.clone())
            .unwrap_or_else(|| APP_ID.to_owned())
    }

    /// The app's object id, or a placeholder.
    pub(crate) fn object_id_text(&self) -> String {
        self.app()
            .map(|a| a.id.clone())
            .unwrap_or_else(|| APP_OBJECT_ID.to_owned())
    }

    /// The service principal's id, or a placeholder.
    pub(crate) fn sp_id_text(&self) -> String {
        self.sp()
            .map(|s| s.id.clone())
            .unwrap_or_else(|| SP_ID.to_owned())
    }
}

/// Computes the plan. `now` (Unix seconds) judges secret expiry.
pub fn plan(config: &Config, answers: &Answers, facts: &Facts, now: u64) -> Plan {
    let p = Planning::new(config, answers, facts, now);
    let mut plan = Plan { steps: Vec::new() };
    // Each step is planned by its own file, in Marketo's order, seeing the steps before it.
    for id in StepId::ALL {
        let (status, requests) = super::steps::plan_step(id, &p, &plan);
        plan.steps.push(Step {
            id,
            status,
            requests: requests
                .iter()
                .map(|r| {
                    let mut preview = RequestPreview::of(r);
                    for (guid, name) in [PREVIEW_APP_ID, PREVIEW_USER_ID] {
                        preview.url = preview.url.replace(guid, name);
                        preview.body = preview.body.map(|b| b.replace(guid, name));
                    }
                    preview
                })
                .collect(),
        });
    }
    plan
}

/// Description given to secrets this tool creates (so they can be recognised later).
pub(crate) const SECRET_DESCRIPTION: &str = "Marketo sync (created by Sync Setup)";
/// Name of the HRD policy this tool creates.
pub(crate) const HRD_POLICY_NAME: &str = "Marketo ROPC - cloud password validation";

/// When the app that gets the secret was created (Unix seconds), for the app-management
/// policy's enforcement date: a new app is created now; an existing app whose creation time is
/// unknown gives `None` (the policy then covers it: the stricter reading).
pub(crate) fn app_created(d: &DirectoryFacts, now: u64) -> Option<u64> {
    match &d.app {
        Some(app) => app.created.as_deref().and_then(crate::time::parse_iso8601),
        None => Some(now),
    }
}

/// Who else carries the e-mail the application user is to be created with (see
/// [`crate::facts::EmailHolders`]), when it was read for that very e-mail and anyone does.
pub(crate) fn email_taken_by(answers: &Answers, facts: &Facts) -> Option<Vec<String>> {
    let holders = facts.email_holders.as_ref()?;
    if answers.mode != ConnectionMode::ServerToServer
        || !holders
            .email
            .eq_ignore_ascii_case(answers.app_user_email.trim())
    {
        return None;
    }
    holders
        .others(marketo_app_id(answers, facts))
        .filter(|others| !others.is_empty())
}

/// The Marketo app's application (client) id as far as anything tells it: the app Graph found,
/// else the one the admin's answers remember, else the one Dataverse's application user carries
/// (Entra may be unreadable while Dataverse is read).
pub(crate) fn marketo_app_id<'a>(answers: &'a Answers, facts: &'a Facts) -> Option<&'a str> {
    facts
        .directory
        .known()
        .and_then(|d| d.app.as_ref())
        .map(|a| a.app_id.as_str())
        .or(answers.app_id.as_deref())
        .or_else(|| {
            facts
                .dataverse
                .as_ref()?
                .known()?
                .application_user
                .as_ref()?
                .application_id
                .as_deref()
        })
}

pub(crate) fn chosen_environment<'a>(
    facts: &'a Facts,
    answers: &Answers,
) -> Result<&'a Environment, Status> {
    let environments = match &facts.environments {
        Observed::Unknown(e) => return Err(Status::Blocked(e.clone())),
        Observed::Known(list) => list,
    };
    if environments.is_empty() {
        return Err(Status::Blocked(Explanation::new(
            TextKey::NoEnvironmentAvailable,
            TextKey::DiscoveryListsNoEnvironmentForYou,
            TextKey::MakeSureEnvironmentAndUserThere,
        )));
    }
    let Some(url) = &answers.environment_url else {
        return Err(Status::NeedsAnswer(TextKey::StEnvChoose.into()));
    };
    let env = environments
        .iter()
        .find(|e| same_url(&e.url, url))
        .ok_or_else(|| {
            Status::Blocked(Explanation::new(
                TextKey::ChosenEnvironmentNotAvailable,
                Text::with(TextKey::UrlNotAmongYourEnvironments, [Arg::from(url)]),
                TextKey::ChooseListedEnvironment,
            ))
        })?;
    if !env.enabled || !env.ready {
        return Err(Status::Blocked(Explanation::new(
            Text::with(
                TextKey::EnvironmentNotReadyNamed,
                [Arg::from(&env.friendly_name)],
            ),
            TextKey::EnvironmentDisabledOrProvisioning,
            TextKey::WaitUntilReadyThenPlan,
        )));
    }
    if !env.is_user_sys_admin {
        return Err(Status::Blocked(Explanation::new(
            Text::with(
                TextKey::NotSystemAdministrator,
                [Arg::from(&env.friendly_name)],
            ),
            TextKey::CreatingApplicationUserAssigningRolesPublishing,
            TextKey::AskDynamicsAdministratorGiveSystemAdministrator,
        )));
    }
    Ok(env)
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// Compares dotted version numbers (`4.0.0.12` < `4.0.0.14`).
pub(crate) fn version_less(a: &str, b: &str) -> bool {
    let parse = |v: &str| {
        v.split('.')
            .map(|p| p.trim().parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    let (mut a, mut b) = (parse(a), parse(b));
    let n = a.len().max(b.len());
    a.resize(n, 0);
    b.resize(n, 0);
    a < b
}

pub(crate) fn admin_role_block(facts: &Facts) -> Option<Explanation> {
    let roles = facts.admin_roles.known()?;
    let allowed = [
        role_ids::GLOBAL_ADMINISTRATOR,
        role_ids::PRIVILEGED_ROLE_ADMINISTRATOR,
        role_ids::APPLICATION_ADMINISTRATOR,
        role_ids::CLOUD_APPLICATION_ADMINISTRATOR,
    ];
    if roles
        .iter()
        .any(|r| allowed.contains(&r.template_id.as_str()))
    {
        return None;
    }
    Some(Explanation::new(
        TextKey::AccountLacksEntraIDRoleNeeded,
        TextKey::RegisteringAppGrantingTenantWideConsentNeed,
        TextKey::ActivateAskOneThoseRolesSign,
    ))
}

pub(crate) fn or_blocked(block: &Option<Explanation>, todo: Text) -> Status {
    match block {
        Some(e) => Status::Blocked(e.clone()),
        None => Status::ToDo(todo),
    }
}

/// A step that depends on `before`: blocked if that one is, else to do.
pub(crate) fn follow(
    before: &Status,
    block: &Option<Explanation>,
    todo: impl Into<Text>,
) -> Status {
    match before {
        Status::Blocked(e) => Status::Blocked(e.clone()),
        Status::NeedsAnswer(_) => Status::Blocked(Explanation::new(
            TextKey::EarlierStepNeedsAnswerFirst,
            TextKey::StepBuildsResultStepAbove,
            TextKey::AnswerQuestionStepAbove,
        )),
        _ => or_blocked(block, todo.into()),
    }
}

pub(crate) fn wait_for(step: StepId) -> Explanation {
    Explanation::new(
        Text::with(TextKey::WaitingFor, [Arg::Key(step.row().title)]),
        TextKey::StepNeedsResultEarlierStep,
        TextKey::CompleteEarlierStepFirst,
    )
}

pub(crate) fn no_dynamics() -> Explanation {
    Explanation::new(
        TextKey::NoDynamicsInTenant,
        TextKey::NoDynamicsServicePrincipal,
        TextKey::MakeSureDynamicsTenant,
    )
}

/// The Marketo solution is not installed.
pub(crate) fn no_marketo_solution() -> Explanation {
    Explanation::new(
        TextKey::MarketoSolutionNotInstalledEnvironment,
        TextKey::MarketoSyncUserRoleMarketoConfig,
        TextKey::MarketoGoAdminCRMMicrosoftDynamics,
    )
}

#[cfg(test)]
pub(crate) mod tests;
