//! Validation: Marketo's seven *Validate Sync Setup* checks and a dozen more, from observed facts.
//!
//! Each check is a pure function of [`Facts`] (plus the admin's answers and the clock) that
//! returns a [`Finding`]: what was checked, what was found, why it matters, the fix, and — when
//! the engine can fix it — the plan step that does. Checks never fail as such: a fact that could
//! not be read gives a `Fail` that says so. Marketo's own items carry their number (1–7), so the
//! page can show them in the order of Marketo's dialog.

use crate::engine::facts::{
    role_ids, DataverseFacts, DirectoryFacts, Environment, Facts, Observed, SystemUser,
};
use crate::engine::plan::{
    version_less, Answers, ConnectionMode, StepId, NEWEST_SOLUTION_VERSION,
    ROLE_ONLY_ON_SYNC_USER_SINCE, SECRET_EXPIRY_WARNING_DAYS,
};
use crate::time::format_iso8601;

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// ✓
    Pass,
    /// ! — works, but needs attention.
    Warn,
    /// ✗ — Marketo's sync would fail.
    Fail,
    /// Does not apply to this setup.
    NotApplicable,
}

/// Which check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckId {
    /// Marketo 1: URL is valid.
    OrgUrl,
    /// Marketo 2: username (and password) are valid.
    Username,
    /// Marketo 3: sync user has the Marketo Sync User role.
    SyncUserRole,
    /// Marketo 4: the Marketo solution is installed.
    SolutionInstalled,
    /// Marketo 5: all steps in the solution are enabled.
    PluginSteps,
    /// Marketo 6: the sync user is assigned to the Marketo solution (Marketo Config).
    ConfigUserSet,
    /// Marketo 7: that user is the one whose credentials go into Marketo.
    ConfigUserMatches,
    /// The app registration is single-tenant.
    SingleTenant,
    /// It requests Dynamics CRM `user_impersonation`.
    DynamicsPermission,
    /// Tenant-wide consent exists.
    Consent,
    /// A client secret exists and is not expiring.
    SecretValid,
    /// The secret the admin holds is one of the app's.
    SecretMatches,
    /// The application user is enabled, non-interactive, in the root business unit.
    ApplicationUser,
    /// Only the sync user holds the role (solution 4.0.0.14+).
    RoleOnlyOnSyncUser,
    /// Customizations are published.
    Published,
    /// Federated domains in client-app mode have the HRD policy.
    HomeRealmDiscovery,
    /// The admin's Entra roles suffice.
    AdminRoles,
    /// The environment is enabled and ready, and the admin is System Administrator there.
    EnvironmentReady,
    /// `new_synctomkto`, where present, is Two Options defaulting to No.
    SyncFilterColumn,
    /// The solution is the newest known version.
    SolutionUpToDate,
    /// Client-app mode: the sync user's language and MFA.
    SyncUserSignIn,
}

/// One row of the validation report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Which check.
    pub id: CheckId,
    /// Marketo's item number (1–7) for its own checks.
    pub marketo_item: Option<u8>,
    /// Row title.
    pub title: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// What was found.
    pub found: String,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix it (empty on Pass).
    pub fix: String,
    /// The plan step that fixes it, if the tool can.
    pub fix_step: Option<StepId>,
    /// The Marketo documentation page it corresponds to.
    pub marketo_doc: &'static str,
}

const VALIDATE_DOC: &str = "Validate Microsoft Dynamics Sync";
const FIX_DOC: &str = "Fix Dynamics validation sync issues";
const S2S_STEP2_DOC: &str = "S2S step 2 of 3: Set up Marketo sync user in Dynamics";

struct Row {
    id: CheckId,
    item: Option<u8>,
    title: &'static str,
    why: &'static str,
    doc: &'static str,
    fix_step: Option<StepId>,
}

impl Row {
    fn pass(&self, found: impl Into<String>) -> Finding {
        self.finding(Verdict::Pass, found.into(), String::new())
    }
    fn fail(&self, found: impl Into<String>, fix: impl Into<String>) -> Finding {
        self.finding(Verdict::Fail, found.into(), fix.into())
    }
    fn warn(&self, found: impl Into<String>, fix: impl Into<String>) -> Finding {
        self.finding(Verdict::Warn, found.into(), fix.into())
    }
    fn not_applicable(&self, found: impl Into<String>) -> Finding {
        Finding {
            fix_step: None,
            ..self.finding(Verdict::NotApplicable, found.into(), String::new())
        }
    }
    fn finding(&self, verdict: Verdict, found: String, fix: String) -> Finding {
        Finding {
            id: self.id,
            marketo_item: self.item,
            title: self.title,
            verdict,
            found,
            why: self.why,
            fix_step: if verdict == Verdict::Pass {
                None
            } else {
                self.fix_step
            },
            fix,
            marketo_doc: self.doc,
        }
    }
}

/// What the checks work from.
pub struct Inputs<'a> {
    /// The admin's answers (mode, environment, e-mail…).
    pub answers: &'a Answers,
    /// The observed facts.
    pub facts: &'a Facts,
    /// Now, Unix seconds.
    pub now: u64,
    /// The first characters of the secret the admin pasted to compare (never stored or sent).
    pub held_secret_prefix: Option<&'a str>,
}

/// Runs every check, Marketo's seven first.
pub fn evaluate(inputs: &Inputs<'_>) -> Vec<Finding> {
    let facts = inputs.facts;
    let directory = facts.directory.known();
    let dataverse: Option<&DataverseFacts> = facts.dataverse.as_ref().and_then(Observed::known);
    let environment = chosen_environment(facts, inputs.answers);
    let sync_user = sync_user(inputs.answers, dataverse);
    let mut findings = vec![
        org_url(environment, facts),
        username(inputs.answers, dataverse, sync_user),
        sync_user_role(inputs.answers, dataverse, sync_user, directory),
        solution_installed(dataverse),
        plugin_steps(dataverse),
        config_user_set(dataverse),
        config_user_matches(dataverse, sync_user),
    ];
    findings.extend([
        single_tenant(directory, facts),
        dynamics_permission(directory, facts),
        consent(directory, facts),
        secret_valid(directory, facts, inputs.now),
        secret_matches(directory, inputs.held_secret_prefix),
        application_user(inputs.answers, dataverse),
        role_only_on_sync_user(dataverse, sync_user),
        published(dataverse),
        home_realm_discovery(inputs.answers, facts, directory),
        admin_roles(facts),
        environment_ready(environment, facts),
        sync_filter_column(dataverse),
        solution_up_to_date(dataverse),
        sync_user_sign_in(inputs.answers),
    ]);
    findings
}

fn chosen_environment<'a>(facts: &'a Facts, answers: &Answers) -> Option<&'a Environment> {
    let url = answers.environment_url.as_deref()?;
    facts.environments.known()?.iter().find(|e| {
        e.url
            .trim_end_matches('/')
            .eq_ignore_ascii_case(url.trim_end_matches('/'))
    })
}

fn sync_user<'a>(answers: &Answers, dv: Option<&'a DataverseFacts>) -> Option<&'a SystemUser> {
    let dv = dv?;
    match answers.mode {
        ConnectionMode::ServerToServer => dv.application_user.as_ref(),
        ConnectionMode::ClientApp => {
            let id = answers.sync_user_id.as_deref()?;
            dv.role_holders.iter().find(|u| u.id == id)
        }
    }
}

fn unread(what: &str) -> String {
    format!("{what} could not be read (see the plan for the reason).")
}

fn org_url(environment: Option<&Environment>, facts: &Facts) -> Finding {
    let row = Row {
        id: CheckId::OrgUrl,
        item: Some(1),
        title: "URL is valid",
        why: "Marketo connects to this URL, and it can never be changed after the first sync.",
        doc: VALIDATE_DOC,
        fix_step: Some(StepId::Environment),
    };
    match (environment, &facts.dataverse) {
        (None, _) => row.fail(
            "No environment is chosen, or it is not among those Global Discovery lists for you.",
            "Choose the environment in the plan.",
        ),
        (Some(env), Some(Observed::Known(dv))) => row.pass(format!(
            "{} answers WhoAmI (organization {}).",
            env.url, dv.whoami.organization_id
        )),
        (Some(env), Some(Observed::Unknown(e))) => row.fail(
            format!("{} did not answer: {}", env.url, e.what),
            e.fix.clone(),
        ),
        (Some(env), None) => row.fail(
            format!("{} was not read yet.", env.url),
            "Refresh the checks.",
        ),
    }
}

fn username(
    answers: &Answers,
    dv: Option<&DataverseFacts>,
    sync_user: Option<&SystemUser>,
) -> Finding {
    let row = Row { id: CheckId::Username, item: Some(2), title: "Username and password are valid", why: "In S2S mode Marketo's username must be the application user's primary e-mail; the secret itself can only be tested by Marketo.", doc: S2S_STEP2_DOC, fix_step: Some(StepId::ApplicationUser) };
    if dv.is_none() {
        return row.fail(unread("Dataverse"), "Fix the environment first.");
    }
    match (answers.mode, sync_user) {
        (_, None) => row.fail("There is no sync user yet.", "Create the application user (S2S) or pick the licensed sync user (client app)."),
        (ConnectionMode::ServerToServer, Some(user)) => match &user.email {
            Some(email) if !answers.app_user_email.is_empty() && !email.eq_ignore_ascii_case(&answers.app_user_email) => row.warn(
                format!("The application user's e-mail is {email}, not {}.", answers.app_user_email),
                format!("Enter {email} as the username in Marketo, or change the user's primary e-mail."),
            ),
            Some(email) => row.pass(format!("Enter {email} as the username in Marketo.")),
            None => row.fail("The application user has no primary e-mail.", "Set its primary e-mail in the Power Platform admin center."),
        },
        (ConnectionMode::ClientApp, Some(user)) => row.pass(format!("Enter {}'s sign-in name as the username.", user.full_name)),
    }
}

fn sync_user_role(
    answers: &Answers,
    dv: Option<&DataverseFacts>,
    sync_user: Option<&SystemUser>,
    directory: Option<&DirectoryFacts>,
) -> Finding {
    let row = Row {
        id: CheckId::SyncUserRole,
        item: Some(3),
        title: "Sync user is assigned to the Marketo Sync User role",
        why: "Marketo's plug-ins only act for the user holding this role.",
        doc: FIX_DOC,
        fix_step: Some(StepId::SyncUserRole),
    };
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), "Fix the environment first.");
    };
    let Some(user) = sync_user else {
        return row.fail("There is no sync user yet.", "Create the sync user first.");
    };
    let holds = match answers.mode {
        ConnectionMode::ServerToServer => dv
            .marketo_roles
            .iter()
            .any(|r| dv.application_user_role_ids.contains(&r.id)),
        ConnectionMode::ClientApp => dv.role_holders.iter().any(|u| u.id == user.id),
    };
    let consent = directory
        .and_then(|d| d.consent.as_ref())
        .is_some_and(|g| g.has_user_impersonation());
    match (holds, consent) {
        (true, true) => row.pass(format!(
            "{} holds the role, and consent is granted.",
            user.full_name
        )),
        (true, false) => Finding {
            fix_step: Some(StepId::AdminConsent),
            ..row.fail(
                format!(
                    "{} holds the role, but admin consent for the app is missing.",
                    user.full_name
                ),
                "Grant admin consent (Marketo lists missing consent as a cause of this failure).",
            )
        },
        (false, _) => row.fail(
            format!(
                "{} does not hold the Marketo Sync User role.",
                user.full_name
            ),
            "Assign the role to the sync user.",
        ),
    }
}

fn solution_installed(dv: Option<&DataverseFacts>) -> Finding {
    let row = Row {
        id: CheckId::SolutionInstalled,
        item: Some(4),
        title: "Marketo solution is properly installed",
        why: "The role, the Marketo Config table and the plug-ins come with it.",
        doc: FIX_DOC,
        fix_step: None,
    };
    match dv {
        None => row.fail(unread("Dataverse"), "Fix the environment first."),
        Some(dv) => match &dv.solution {
            Some(s) => row.pass(format!("{} {} ({}).", s.friendly_name, s.version, s.unique_name)),
            None => row.fail("No Marketo solution in this environment.", "Download it in Marketo (Admin › CRM › Microsoft Dynamics › Download Marketo Solution), import it in Dynamics and publish."),
        },
    }
}

fn plugin_steps(dv: Option<&DataverseFacts>) -> Finding {
    let row = Row {
        id: CheckId::PluginSteps,
        item: Some(5),
        title: "All steps in the solution are enabled",
        why: "A disabled plug-in step silently stops part of the sync.",
        doc: FIX_DOC,
        fix_step: Some(StepId::PluginSteps),
    };
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), "Fix the environment first.");
    };
    if dv.solution.is_none() {
        return row.fail(
            "The Marketo solution is not installed.",
            "Install the solution first.",
        );
    }
    let disabled: Vec<&str> = dv
        .plugin_steps
        .iter()
        .filter(|s| !s.enabled)
        .map(|s| s.name.as_str())
        .collect();
    match (dv.plugin_steps.len(), disabled.len()) {
        (0, _) => row.warn(
            "The solution lists no plug-in steps.",
            "Re-import the Marketo solution.",
        ),
        (n, 0) => row.pass(format!("All {n} steps are enabled.")),
        (_, _) => row.fail(
            format!("Disabled: {}.", disabled.join(", ")),
            "Enable them (the plan can).",
        ),
    }
}

fn config_user_set(dv: Option<&DataverseFacts>) -> Finding {
    let row = Row {
        id: CheckId::ConfigUserSet,
        item: Some(6),
        title: "Sync user is assigned to the Marketo solution",
        why: "Marketo reads its sync user from Marketo Config › Default › Marketo User.",
        doc: FIX_DOC,
        fix_step: Some(StepId::MarketoConfigUser),
    };
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), "Fix the environment first.");
    };
    match &dv.marketo_config {
        None => row.fail(
            "The Marketo Config table was not found.",
            "Re-import the Marketo solution.",
        ),
        Some(c) if c.default_record_id.is_none() => row.fail(
            "Marketo Config has no Default record.",
            "Create the Default record or re-import the solution.",
        ),
        Some(c) => match &c.default_marketo_user_id {
            Some(id) => row.pass(format!("Marketo User is set ({id}).")),
            None => row.fail(
                "Marketo User on the Default record is empty.",
                "Set it to the sync user.",
            ),
        },
    }
}

fn config_user_matches(dv: Option<&DataverseFacts>, sync_user: Option<&SystemUser>) -> Finding {
    let row = Row {
        id: CheckId::ConfigUserMatches,
        item: Some(7),
        title: "Sync user matches username and password",
        why: "The Marketo User must be the very user whose credentials are entered in Marketo.",
        doc: FIX_DOC,
        fix_step: Some(StepId::MarketoConfigUser),
    };
    let configured = dv
        .and_then(|d| d.marketo_config.as_ref())
        .and_then(|c| c.default_marketo_user_id.as_deref());
    match (configured, sync_user) {
        (Some(id), Some(user)) if id == user.id => {
            row.pass(format!("Marketo User is {}.", user.full_name))
        }
        (Some(id), Some(user)) => {
            let name = dv
                .and_then(|d| d.role_holders.iter().find(|u| u.id == id))
                .map(|u| u.full_name.clone())
                .unwrap_or_else(|| id.to_owned());
            row.fail(
                format!(
                    "Marketo User is {name}, but the credentials are {}'s.",
                    user.full_name
                ),
                "Set Marketo User to the sync user.",
            )
        }
        (None, _) => row.fail("Marketo User is not set.", "Set it to the sync user."),
        (_, None) => row.fail("There is no sync user yet.", "Create the sync user first."),
    }
}

fn directory_unread(row: &Row, facts: &Facts) -> Finding {
    match &facts.directory {
        Observed::Unknown(e) => row.fail(
            format!("Entra ID could not be read: {}", e.what),
            e.fix.clone(),
        ),
        Observed::Known(_) => row.fail(
            "There is no Marketo app registration yet.",
            "Create it (the plan can).",
        ),
    }
}

fn single_tenant(directory: Option<&DirectoryFacts>, facts: &Facts) -> Finding {
    let row = Row {
        id: CheckId::SingleTenant,
        item: None,
        title: "The app registration is single-tenant",
        why: "Marketo requires \"Accounts in this organizational directory only\".",
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::AppRegistration),
    };
    match directory.and_then(|d| d.app.as_ref()) {
        None => directory_unread(&row, facts),
        Some(app) if app.sign_in_audience == "AzureADMyOrg" => row.pass(format!(
            "\"{}\" ({}) is single-tenant.",
            app.display_name, app.app_id
        )),
        Some(app) => row.fail(
            format!(
                "\"{}\" signs in {}.",
                app.display_name, app.sign_in_audience
            ),
            "Make it single-tenant (the plan can).",
        ),
    }
}

fn dynamics_permission(directory: Option<&DirectoryFacts>, facts: &Facts) -> Finding {
    let row = Row {
        id: CheckId::DynamicsPermission,
        item: None,
        title: "The app asks for Dynamics CRM user_impersonation",
        why: "Without this API permission no consent can cover Dataverse.",
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::AppRegistration),
    };
    match directory.and_then(|d| d.app.as_ref()) {
        None => directory_unread(&row, facts),
        Some(app) if app.requests_dynamics_user_impersonation => {
            row.pass("Dynamics CRM › user_impersonation is requested.")
        }
        Some(_) => row.fail(
            "The permission is not in the app's API permissions.",
            "Add it (the plan can).",
        ),
    }
}

fn consent(directory: Option<&DirectoryFacts>, facts: &Facts) -> Finding {
    let row = Row {
        id: CheckId::Consent,
        item: None,
        title: "Admin consent is granted for the organisation",
        why: "Marketo signs in without a person present, so it cannot ask for consent itself.",
        doc: "Grant consent for client ID and app registration",
        fix_step: Some(StepId::AdminConsent),
    };
    let Some(d) = directory else {
        return directory_unread(&row, facts);
    };
    match (&d.service_principal, &d.consent) {
        (None, _) => row.fail(
            "The app has no enterprise application (service principal) yet.",
            "Create it (the plan can).",
        ),
        (Some(_), Some(g)) if g.has_user_impersonation() => {
            row.pass("Tenant-wide consent for user_impersonation exists.")
        }
        (Some(_), _) => row.fail(
            "No tenant-wide consent for user_impersonation.",
            "Grant admin consent (the plan can).",
        ),
    }
}

fn secret_valid(directory: Option<&DirectoryFacts>, facts: &Facts, now: u64) -> Finding {
    let row = Row {
        id: CheckId::SecretValid,
        item: None,
        title: "A client secret exists and is not expiring",
        why: "Marketo's sync stops the moment its secret expires.",
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::ClientSecret),
    };
    let Some(app) = directory.and_then(|d| d.app.as_ref()) else {
        return directory_unread(&row, facts);
    };
    let newest = app
        .passwords
        .iter()
        .max_by_key(|p| p.end.unwrap_or(u64::MAX));
    match newest {
        None => row.fail(
            "The app has no client secret.",
            "Create one (the plan can).",
        ),
        Some(p) => match p.end {
            None => row.pass("A secret exists without expiry."),
            Some(end) if end <= now => row.fail(
                format!(
                    "Every secret has expired (the newest on {}).",
                    format_iso8601(end)
                ),
                "Create a new secret and update it in Marketo.",
            ),
            Some(end) if end - now < SECRET_EXPIRY_WARNING_DAYS * 86_400 => row.warn(
                format!(
                    "The newest secret expires on {} (within {SECRET_EXPIRY_WARNING_DAYS} days).",
                    format_iso8601(end)
                ),
                "Rotate it now and update Marketo.",
            ),
            Some(end) => row.pass(format!(
                "Valid until {} (starts with {}…).",
                format_iso8601(end),
                p.hint.as_deref().unwrap_or("?")
            )),
        },
    }
}

fn secret_matches(directory: Option<&DirectoryFacts>, held: Option<&str>) -> Finding {
    let row = Row {
        id: CheckId::SecretMatches,
        item: None,
        title: "The secret you hold belongs to this app",
        why: "A secret from another app, or a deleted one, fails in Marketo's validation.",
        doc: VALIDATE_DOC,
        fix_step: Some(StepId::ClientSecret),
    };
    let Some(held) = held.map(str::trim).filter(|h| !h.is_empty()) else {
        return row.not_applicable("Paste the start of your secret to compare it with the app's (it is compared in this page only).");
    };
    let Some(app) = directory.and_then(|d| d.app.as_ref()) else {
        return row.fail(
            "There is no Marketo app registration to compare with.",
            "Create it first.",
        );
    };
    let prefix: String = held.chars().take(3).collect();
    match app
        .passwords
        .iter()
        .find(|p| p.hint.as_deref() == Some(prefix.as_str()))
    {
        Some(p) => row.pass(format!(
            "It matches the secret starting with {}… (key {}).",
            prefix, p.key_id
        )),
        None => row.fail(
            format!("No secret of this app starts with {prefix}…."),
            "Use the right secret, or create a new one and enter it in Marketo.",
        ),
    }
}

fn application_user(answers: &Answers, dv: Option<&DataverseFacts>) -> Finding {
    let row = Row {
        id: CheckId::ApplicationUser,
        item: None,
        title: "The application user is enabled, non-interactive, in the root business unit",
        why: "Marketo's S2S connection signs in as this user.",
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::ApplicationUser),
    };
    if answers.mode == ConnectionMode::ClientApp {
        return row.not_applicable("The client-app mode uses a licensed user.");
    }
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), "Fix the environment first.");
    };
    let Some(user) = &dv.application_user else {
        return row.fail(
            "No application user for the Marketo app.",
            "Create it (the plan can).",
        );
    };
    let mut problems = Vec::new();
    if user.disabled {
        problems.push("it is disabled");
    }
    if user.access_mode != Some(4) {
        problems.push("its access mode is not Non-interactive");
    }
    if user.business_unit_id.as_deref() != Some(dv.root_business_unit.id.as_str()) {
        problems.push("it is not in the root business unit");
    }
    if problems.is_empty() {
        row.pass(format!("{} is ready.", user.full_name))
    } else {
        Finding { fix_step: None, ..row.fail(format!("{}: {}.", user.full_name, problems.join(", ")), "Fix it in the Power Platform admin center (access mode cannot be changed: recreate the user).") }
    }
}

fn role_only_on_sync_user(dv: Option<&DataverseFacts>, sync_user: Option<&SystemUser>) -> Finding {
    let row = Row {
        id: CheckId::RoleOnlyOnSyncUser,
        item: None,
        title: "Nobody else holds the Marketo Sync User role",
        why: "From solution 4.0.0.14 Marketo expects the role on the sync user only.",
        doc: "Marketo solution releases",
        fix_step: Some(StepId::OtherRoleHolders),
    };
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), "Fix the environment first.");
    };
    let Some(solution) = &dv.solution else {
        return row.not_applicable("The Marketo solution is not installed.");
    };
    if version_less(&solution.version, ROLE_ONLY_ON_SYNC_USER_SINCE) {
        return row.not_applicable(format!("Solution {} predates the rule.", solution.version));
    }
    let others: Vec<&str> = dv
        .role_holders
        .iter()
        .filter(|u| Some(u.id.as_str()) != sync_user.map(|s| s.id.as_str()))
        .map(|u| u.full_name.as_str())
        .collect();
    if others.is_empty() {
        row.pass("Only the sync user holds it.")
    } else {
        row.fail(
            format!("Also held by {}.", others.join(", ")),
            "Remove it from them (the plan can, with your consent).",
        )
    }
}

fn published(dv: Option<&DataverseFacts>) -> Finding {
    let row = Row {
        id: CheckId::Published,
        item: None,
        title: "All customizations are published",
        why: "Unpublished changes are invisible to Marketo's sync.",
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::Publish),
    };
    match dv.map(|d| d.unpublished_customizations) {
        None => row.fail(unread("Dataverse"), "Fix the environment first."),
        Some(Some(false)) => row.pass("Nothing is waiting to be published."),
        Some(Some(true)) => row.fail(
            "Some customizations are not published.",
            "Publish all customizations (the plan can).",
        ),
        Some(None) => row.warn(
            "Could not tell whether customizations are published.",
            "Publish all customizations to be sure.",
        ),
    }
}

fn home_realm_discovery(
    answers: &Answers,
    facts: &Facts,
    directory: Option<&DirectoryFacts>,
) -> Finding {
    let row = Row { id: CheckId::HomeRealmDiscovery, item: None, title: "Federated sign-in works for Marketo's password grant", why: "Marketo's client-app mode signs in with a password, which federated (AD FS) users can only do with an HRD policy and password hash sync.", doc: "Set up Microsoft Dynamics CRM app for online", fix_step: Some(StepId::HomeRealmDiscovery) };
    let federated: Vec<String> = facts
        .tenant
        .known()
        .map(|t| {
            t.domains
                .iter()
                .filter(|d| d.federated)
                .map(|d| d.name.clone())
                .collect()
        })
        .unwrap_or_default();
    if federated.is_empty() {
        return row.not_applicable("No federated domain.");
    }
    if answers.mode == ConnectionMode::ServerToServer {
        return row.not_applicable("S2S does not sign in with a password.");
    }
    match directory.map(|d| {
        d.hrd_policies
            .iter()
            .any(|p| p.allows_cloud_password_validation)
    }) {
        Some(true) => row.warn(
            format!(
                "The HRD policy is assigned ({} is federated).",
                federated.join(", ")
            ),
            "Confirm password hash sync is on for the sync user (Graph cannot tell).",
        ),
        _ => row.fail(
            format!(
                "{} is federated and the app has no HRD policy allowing cloud password validation.",
                federated.join(", ")
            ),
            "Create and assign the policy (the plan can).",
        ),
    }
}

fn admin_roles(facts: &Facts) -> Finding {
    let row = Row {
        id: CheckId::AdminRoles,
        item: None,
        title: "Your Entra ID roles suffice",
        why: "Registering apps and granting tenant-wide consent need an administrator role.",
        doc: "Grant consent for client ID and app registration",
        fix_step: None,
    };
    let allowed = [
        role_ids::GLOBAL_ADMINISTRATOR,
        role_ids::PRIVILEGED_ROLE_ADMINISTRATOR,
        role_ids::APPLICATION_ADMINISTRATOR,
        role_ids::CLOUD_APPLICATION_ADMINISTRATOR,
    ];
    match facts.admin_roles.known() {
        None => row.warn("Your roles could not be read.", "If a write is refused, sign in with a Cloud Application Administrator."),
        Some(roles) => match roles.iter().find(|r| allowed.contains(&r.template_id.as_str())) {
            Some(role) => row.pass(format!("You are {}.", role.display_name)),
            None => row.fail("You hold none of Global, Privileged Role, Application or Cloud Application Administrator.", "Activate such a role (PIM) or ask someone who has one."),
        },
    }
}

fn environment_ready(environment: Option<&Environment>, facts: &Facts) -> Finding {
    let row = Row {
        id: CheckId::EnvironmentReady,
        item: None,
        title: "The environment is ready and you administer it",
        why: "Setup writes need a ready environment and the System Administrator role.",
        doc: "S2S step 1 of 3",
        fix_step: Some(StepId::Environment),
    };
    match (environment, &facts.environments) {
        (_, Observed::Unknown(e)) => row.fail(
            format!("Global Discovery could not be read: {}", e.what),
            e.fix.clone(),
        ),
        (None, _) => row.fail("No environment is chosen.", "Choose one in the plan."),
        (Some(env), _) if !env.enabled || !env.ready => row.fail(
            format!("{} is disabled or not ready.", env.friendly_name),
            "Wait until it is Ready in the Power Platform admin center.",
        ),
        (Some(env), _) if !env.is_user_sys_admin => row.fail(
            format!("You are not System Administrator in {}.", env.friendly_name),
            "Ask for the System Administrator role there.",
        ),
        (Some(env), _) => row.pass(format!(
            "{} ({}, {}) is ready.",
            env.friendly_name, env.region, env.version
        )),
    }
}

fn sync_filter_column(dv: Option<&DataverseFacts>) -> Finding {
    let row = Row { id: CheckId::SyncFilterColumn, item: None, title: "The new_synctomkto sync filter is set up right", why: "Marketo only honours a Two Options column named new_synctomkto; defaulting to No keeps new records out until chosen.", doc: "Create a custom Dynamics sync filter", fix_step: Some(StepId::SyncFilter) };
    let Some(dv) = dv else {
        return row.not_applicable("Dataverse was not read.");
    };
    let present: Vec<_> = dv.sync_filter_columns.iter().filter(|c| c.exists).collect();
    if present.is_empty() {
        return row.not_applicable("No sync filter column (it is optional).");
    }
    if let Some(c) = present.iter().find(|c| !c.is_boolean) {
        return Finding {
            fix_step: None,
            ..row.fail(
                format!("new_synctomkto on {} is not Two Options.", c.table),
                "Recreate it as a Two Options column.",
            )
        };
    }
    let tables: Vec<&str> = present.iter().map(|c| c.table.as_str()).collect();
    match present.iter().find(|c| c.default_value != Some(false)) {
        Some(c) => row.warn(
            format!("On {} it does not default to No.", c.table),
            "Set its default to No so new records are not synced unless chosen.",
        ),
        None => row.pass(format!(
            "Two Options, default No, on {}.",
            tables.join(", ")
        )),
    }
}

fn solution_up_to_date(dv: Option<&DataverseFacts>) -> Finding {
    let row = Row {
        id: CheckId::SolutionUpToDate,
        item: None,
        title: "The Marketo solution is up to date",
        why: "Newer versions fix sync issues; updating keeps your customizations.",
        doc: "Update the Marketo solution",
        fix_step: None,
    };
    match dv.and_then(|d| d.solution.as_ref()) {
        None => row.not_applicable("The solution is not installed."),
        Some(s) if version_less(&s.version, NEWEST_SOLUTION_VERSION) => row.warn(
            format!("Version {} is older than {NEWEST_SOLUTION_VERSION}.", s.version),
            "Download the newest solution from Marketo and import it choosing Update and Maintain customizations — never Upgrade.",
        ),
        Some(s) => row.pass(format!("Version {} is the newest known.", s.version)),
    }
}

fn sync_user_sign_in(answers: &Answers) -> Finding {
    let row = Row { id: CheckId::SyncUserSignIn, item: None, title: "The sync user can sign in without interaction", why: "Marketo's client-app mode signs in with a password: MFA blocks it, and the user's language must be English.", doc: "ROPC step 2 of 4", fix_step: None };
    match answers.mode {
        ConnectionMode::ServerToServer => row.not_applicable("S2S signs in as the application, not a person."),
        ConnectionMode::ClientApp => row.warn("MFA and language cannot be read from here.", "Exclude the sync user from MFA (Conditional Access) and set its Dynamics language to English."),
    }
}

#[cfg(test)]
mod tests;
