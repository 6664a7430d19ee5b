//! Validation: Marketo's seven *Validate Sync Setup* checks and a dozen more, from observed facts.
//!
//! Each check is a pure function of [`Facts`] (plus the admin's answers and the clock) that
//! returns a [`Finding`]: what was checked, what was found, why it matters, the fix, and — when
//! the engine can fix it — the plan step that does. Checks never fail as such: a fact that could
//! not be read gives a `Fail` that says so. Marketo's own items carry their number (1–7), so the
//! page can show them in the order of Marketo's dialog. What a finding says is a catalog key with
//! values ([`Text`]), so the page shows it in the admin's language and the report in English.

use crate::engine::plan::{
    version_less, Answers, ConnectionMode, StepId, NEWEST_SOLUTION_VERSION,
    ROLE_ONLY_ON_SYNC_USER_SINCE, SECRET_EXPIRY_WARNING_DAYS,
};
use crate::facts::{
    role_ids, AssigneeKind, DataverseFacts, DirectoryFacts, Environment, EnvironmentKind, Facts,
    Observed, SystemUser,
};
use crate::i18n::core_texts::{Arg, Text, TextKey as K};

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// ✓
    Pass,
    /// ! — works, but needs attention.
    Warn,
    /// ✗ — Marketo's sync would fail.
    Fail,
    /// ? — what the check needs could not be read, so it cannot say; never counted as a pass.
    Unknown,
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
    /// The tenant's app-management policy lets the app have a client secret.
    AppManagementPolicy,
    /// The application user is enabled, non-interactive, in the root business unit.
    ApplicationUser,
    /// Only the sync user holds the role (solution 4.0.0.15+, see `ROLE_ONLY_ON_SYNC_USER_SINCE`).
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
    /// The environment is a production environment Marketo can stay connected to.
    EnvironmentKind,
    /// The sync user holds the privileges Marketo's sync uses.
    SyncUserPrivileges,
    /// Conditional Access and security defaults let Marketo sign in.
    SignInPolicies,
    /// Nobody but the application user carries its e-mail (Marketo's S2S username).
    UsernameUnique,
    /// The Dataverse IP firewall lets Marketo's servers in.
    IpFirewall,
    /// The Marketo enterprise application is enabled and, if it requires assignment, the
    /// client-app sync user is assigned.
    EnterpriseApp,
}

/// One row of the validation report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Which check.
    pub id: CheckId,
    /// Marketo's item number (1–7) for its own checks.
    pub marketo_item: Option<u8>,
    /// Row title (English; [`Finding::title_in`] gives the page's language).
    pub title: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// What was found.
    pub found: Text,
    /// Why it matters.
    pub why: K,
    /// How to fix it (none on Pass).
    pub fix: Option<Text>,
    /// The plan step that fixes it, if the tool can.
    pub fix_step: Option<StepId>,
    /// The Marketo documentation page it corresponds to.
    pub marketo_doc: K,
}

const VALIDATE_DOC: K = K::DocValidateSync;
const FIX_DOC: K = K::DocFixValidation;
const S2S_STEP2_DOC: K = K::DocS2sSyncUser;

/// One check: its identity, its texts' keys and how it judges. [`CHECKS`] lists them all.
pub struct Check {
    /// Which check.
    pub id: CheckId,
    /// Its stable name on the page (`data-check`, element ids) and in tests.
    pub slug: &'static str,
    /// Marketo's item number (1–7) when Marketo's own Validate runs it.
    pub item: Option<u8>,
    /// Title in English (the report's language).
    pub title: &'static str,
    /// Title in Dutch (Marketo's own seven keep their English name, Marketo shows it so).
    pub title_nl: &'static str,
    /// Why it matters.
    pub why: K,
    /// The Marketo documentation page it corresponds to.
    pub doc: K,
    /// The plan step that fixes it, if the tool can.
    pub fix_step: Option<StepId>,
    /// The verdict, from what every check reads.
    judge: fn(&Ctx<'_>, &Check) -> Finding,
}

/// What every check reads: the inputs, and what is derived from them once for all.
struct Ctx<'a> {
    answers: &'a Answers,
    facts: &'a Facts,
    directory: Option<&'a DirectoryFacts>,
    dataverse: Option<&'a DataverseFacts>,
    environment: Option<&'a Environment>,
    sync_user: Option<&'a SystemUser>,
    now: u64,
    held_secret_prefix: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    fn of(inputs: &Inputs<'a>) -> Self {
        let facts = inputs.facts;
        let dataverse = facts.dataverse.as_ref().and_then(Observed::known);
        Ctx {
            answers: inputs.answers,
            facts,
            directory: facts.directory.known(),
            dataverse,
            environment: chosen_environment(facts, inputs.answers),
            sync_user: sync_user(inputs.answers, dataverse),
            now: inputs.now,
            held_secret_prefix: inputs.held_secret_prefix,
        }
    }
}

/// The row of `id`.
pub fn check(id: CheckId) -> &'static Check {
    CHECKS
        .iter()
        .find(|c| c.id == id)
        .expect("every CheckId has a row in CHECKS")
}

impl CheckId {
    /// Its stable name on the page (`data-check="<slug>"`).
    pub fn slug(self) -> &'static str {
        check(self).slug
    }
}

impl Finding {
    /// The plan step a "Fix in the plan" button offers: one that fixes what the check found,
    /// unless it passed or does not apply.
    pub fn fix_offered(&self) -> Option<StepId> {
        self.fix_step.filter(|_| {
            matches!(
                self.verdict,
                Verdict::Fail | Verdict::Warn | Verdict::Unknown
            )
        })
    }

    /// The title in `lang`.
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::En => self.title,
            crate::i18n::Lang::Nl => check(self.id).title_nl,
        }
    }
}

impl Check {
    fn pass(&self, found: impl Into<Text>) -> Finding {
        self.finding(Verdict::Pass, found.into(), None)
    }
    fn fail(&self, found: impl Into<Text>, fix: impl Into<Text>) -> Finding {
        self.finding(Verdict::Fail, found.into(), Some(fix.into()))
    }
    fn warn(&self, found: impl Into<Text>, fix: impl Into<Text>) -> Finding {
        self.finding(Verdict::Warn, found.into(), Some(fix.into()))
    }
    /// The check cannot say: `found` tells what could not be read, `fix` how to let it read.
    fn unknown(&self, found: impl Into<Text>, fix: impl Into<Text>) -> Finding {
        self.finding(Verdict::Unknown, found.into(), Some(fix.into()))
    }
    fn not_applicable(&self, found: impl Into<Text>) -> Finding {
        Finding {
            fix_step: None,
            ..self.finding(Verdict::NotApplicable, found.into(), None)
        }
    }
    fn finding(&self, verdict: Verdict, found: Text, fix: Option<Text>) -> Finding {
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

/// `key` with `args`: the short-hand every check below writes its sentences with.
fn say<const N: usize>(key: K, args: [Arg; N]) -> Text {
    Text::with(key, args)
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
    let ctx = Ctx::of(inputs);
    CHECKS.iter().map(|c| (c.judge)(&ctx, c)).collect()
}

/// The "Your Entra ID roles suffice" check when it fails: shown above the environment list and
/// the plan, so a blocked admin learns it at once.
pub fn role_problem(inputs: &Inputs<'_>) -> Option<Finding> {
    let row = check(CheckId::AdminRoles);
    Some((row.judge)(&Ctx::of(inputs), row)).filter(|f| f.verdict == Verdict::Fail)
}

/// Every check, in the order the report lists them (Marketo's seven first): one row each, with
/// everything about it but its sentences (the catalog, `i18n::core_texts`) — the model is clippy's
/// lint declarations. Adding a check: a `CheckId` variant, a row here, its judge below, and its
/// sentences in the catalog.
pub const CHECKS: &[Check] = &[
    Check {
        id: CheckId::OrgUrl,
        slug: "org-url",
        item: Some(1),
        title: "URL is valid",
        title_nl: "URL is valid (de URL werkt)",
        why: K::OrgUrlWhy,
        doc: VALIDATE_DOC,
        fix_step: Some(StepId::Environment),
        judge: org_url,
    },
    Check {
        id: CheckId::Username,
        slug: "username",
        item: Some(2),
        title: "Username and password are valid",
        title_nl: "Username and password are valid (aanmeldgegevens kloppen)",
        why: K::UsernameWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::ApplicationUser),
        judge: username,
    },
    Check {
        id: CheckId::SyncUserRole,
        slug: "sync-user-role",
        item: Some(3),
        title: "Sync user is assigned to the Marketo Sync User role",
        title_nl: "Sync user is assigned to the Marketo Sync User role (rol toegewezen)",
        why: K::SyncUserRoleWhy,
        doc: FIX_DOC,
        fix_step: Some(StepId::SyncUserRole),
        judge: sync_user_role,
    },
    Check {
        id: CheckId::SolutionInstalled,
        slug: "solution-installed",
        item: Some(4),
        title: "Marketo solution is properly installed",
        title_nl: "Marketo solution is properly installed (oplossing geïnstalleerd)",
        why: K::SolutionWhy,
        doc: FIX_DOC,
        fix_step: None,
        judge: solution_installed,
    },
    Check {
        id: CheckId::PluginSteps,
        slug: "plugin-steps",
        item: Some(5),
        title: "All steps in the solution are enabled",
        title_nl: "All steps in the solution are enabled (alle stappen ingeschakeld)",
        why: K::PluginStepsWhy,
        doc: FIX_DOC,
        fix_step: Some(StepId::PluginSteps),
        judge: plugin_steps,
    },
    Check {
        id: CheckId::ConfigUserSet,
        slug: "config-user-set",
        item: Some(6),
        title: "Sync user is assigned to the Marketo solution",
        title_nl: "Sync user is assigned to the Marketo solution (gebruiker ingesteld)",
        why: K::ConfigUserSetWhy,
        doc: FIX_DOC,
        fix_step: Some(StepId::MarketoConfigUser),
        judge: config_user_set,
    },
    Check {
        id: CheckId::ConfigUserMatches,
        slug: "config-user-matches",
        item: Some(7),
        title: "Sync user matches username and password",
        title_nl: "Sync user matches username and password (gebruiker komt overeen)",
        why: K::ConfigUserMatchesWhy,
        doc: FIX_DOC,
        fix_step: Some(StepId::MarketoConfigUser),
        judge: config_user_matches,
    },
    Check {
        id: CheckId::SingleTenant,
        slug: "single-tenant",
        item: None,
        title: "The app registration is single-tenant",
        title_nl: "De app-registratie is single-tenant",
        why: K::SingleTenantWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::AppRegistration),
        judge: single_tenant,
    },
    Check {
        id: CheckId::DynamicsPermission,
        slug: "dynamics-permission",
        item: None,
        title: "The app asks for Dynamics CRM user_impersonation",
        title_nl: "De app vraagt Dynamics CRM user_impersonation",
        why: K::PermissionWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::AppRegistration),
        judge: dynamics_permission,
    },
    Check {
        id: CheckId::Consent,
        slug: "consent",
        item: None,
        title: "Admin consent is granted for the organisation",
        title_nl: "Beheerderstoestemming is verleend voor de organisatie",
        why: K::ConsentWhy,
        doc: K::DocGrantConsent,
        fix_step: Some(StepId::AdminConsent),
        judge: consent,
    },
    Check {
        id: CheckId::EnterpriseApp,
        slug: "enterprise-app",
        item: None,
        title: "The Marketo enterprise application lets Marketo sign in",
        title_nl: "De bedrijfstoepassing van Marketo laat Marketo aanmelden",
        why: K::EnterpriseAppWhy,
        doc: K::DocS2sSyncUser,
        fix_step: None,
        judge: enterprise_app,
    },
    Check {
        id: CheckId::UsernameUnique,
        slug: "username-unique",
        item: None,
        title: "Nobody else has the application user's e-mail",
        title_nl: "Niemand anders heeft het e-mailadres van de toepassingsgebruiker",
        why: K::UsernameUniqueWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::ApplicationUser),
        judge: username_unique,
    },
    Check {
        id: CheckId::SignInPolicies,
        slug: "sign-in-policies",
        item: None,
        title: "Conditional Access and security defaults let Marketo sign in",
        title_nl: "Voorwaardelijke toegang en standaardbeveiliging laten Marketo aanmelden",
        why: K::SignInPoliciesWhy,
        doc: K::DocValidateSync,
        fix_step: None,
        judge: sign_in_policies,
    },
    Check {
        id: CheckId::SyncUserPrivileges,
        slug: "sync-user-privileges",
        item: None,
        title: "The sync user may read and write what Marketo syncs",
        title_nl: "De synchronisatiegebruiker mag lezen en schrijven wat Marketo synchroniseert",
        why: K::PrivilegesWhy,
        doc: K::DocAssignRole,
        fix_step: None,
        judge: sync_user_privileges,
    },
    Check {
        id: CheckId::SecretValid,
        slug: "secret-valid",
        item: None,
        title: "A client secret exists and is not expiring",
        title_nl: "Er is een clientgeheim dat niet bijna verloopt",
        why: K::SecretValidWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::ClientSecret),
        judge: secret_valid,
    },
    Check {
        id: CheckId::SecretMatches,
        slug: "secret-matches",
        item: None,
        title: "The secret you hold belongs to this app",
        title_nl: "Het geheim dat u hebt, hoort bij deze app",
        why: K::SecretMatchesWhy,
        doc: VALIDATE_DOC,
        fix_step: Some(StepId::ClientSecret),
        judge: secret_matches,
    },
    Check {
        id: CheckId::AppManagementPolicy,
        slug: "app-management-policy",
        item: None,
        title: "The tenant's app-management policy allows the client secret",
        title_nl: "Het beleid voor app-beheer van de tenant staat het clientgeheim toe",
        why: K::AppPolicyWhy,
        doc: K::DocClientSecret,
        fix_step: None,
        judge: app_management_policy,
    },
    Check {
        id: CheckId::ApplicationUser,
        slug: "application-user",
        item: None,
        title: "The application user is enabled, non-interactive, in the root business unit",
        title_nl:
            "De toepassingsgebruiker is actief, niet-interactief en zit in de hoofdbedrijfseenheid",
        why: K::AppUserWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::ApplicationUser),
        judge: application_user,
    },
    Check {
        id: CheckId::RoleOnlyOnSyncUser,
        slug: "role-only-on-sync-user",
        item: None,
        title: "Nobody else holds the Marketo Sync User role",
        title_nl: "Niemand anders heeft de rol Marketo Sync User",
        why: K::RoleOnlyWhy,
        doc: K::DocSolutionReleases,
        fix_step: Some(StepId::OtherRoleHolders),
        judge: role_only_on_sync_user,
    },
    Check {
        id: CheckId::Published,
        slug: "published",
        item: None,
        title: "All customizations are published",
        title_nl: "Alle aanpassingen zijn gepubliceerd",
        why: K::PublishedWhy,
        doc: S2S_STEP2_DOC,
        fix_step: Some(StepId::Publish),
        judge: published,
    },
    Check {
        id: CheckId::HomeRealmDiscovery,
        slug: "home-realm-discovery",
        item: None,
        title: "Federated sign-in works for Marketo's password grant",
        title_nl: "Gefedereerd aanmelden werkt voor Marketo's wachtwoordaanmelding",
        why: K::HrdWhy,
        doc: K::DocCrmAppOnline,
        fix_step: Some(StepId::HomeRealmDiscovery),
        judge: home_realm_discovery,
    },
    Check {
        id: CheckId::AdminRoles,
        slug: "admin-roles",
        item: None,
        title: "Your Entra ID roles suffice",
        title_nl: "Uw Entra ID-rollen volstaan",
        why: K::AdminRolesWhy,
        doc: K::DocGrantConsent,
        fix_step: None,
        judge: admin_roles,
    },
    Check {
        id: CheckId::EnvironmentReady,
        slug: "environment-ready",
        item: None,
        title: "The environment is ready and you administer it",
        title_nl: "De omgeving is gereed en u beheert haar",
        why: K::EnvironmentWhy,
        doc: K::DocS2sStep1,
        fix_step: Some(StepId::Environment),
        judge: environment_ready,
    },
    Check {
        id: CheckId::EnvironmentKind,
        slug: "environment-kind",
        item: None,
        title: "The environment is one Marketo can stay connected to",
        title_nl: "De omgeving is er een waarmee Marketo verbonden kan blijven",
        why: K::EnvironmentKindWhy,
        doc: VALIDATE_DOC,
        fix_step: Some(StepId::Environment),
        judge: |c, row| environment_kind_of(row, c.environment, c.now),
    },
    Check {
        id: CheckId::IpFirewall,
        slug: "ip-firewall",
        item: None,
        title: "The Dataverse IP firewall lets Marketo's servers in",
        title_nl: "De IP-firewall van Dataverse laat de servers van Marketo door",
        why: K::FirewallWhy,
        doc: K::DocMarketoIpAddresses,
        fix_step: None,
        judge: ip_firewall,
    },
    Check {
        id: CheckId::SyncFilterColumn,
        slug: "sync-filter-column",
        item: None,
        title: "The new_synctomkto sync filter is set up right",
        title_nl: "Het synchronisatiefilter new_synctomkto is goed ingericht",
        why: K::SyncFilterWhy,
        doc: K::DocSyncFilter,
        fix_step: Some(StepId::SyncFilter),
        judge: sync_filter_column,
    },
    Check {
        id: CheckId::SolutionUpToDate,
        slug: "solution-up-to-date",
        item: None,
        title: "The Marketo solution is up to date",
        title_nl: "De Marketo-oplossing is actueel",
        why: K::UpToDateWhy,
        doc: K::DocUpdateSolution,
        fix_step: None,
        judge: solution_up_to_date,
    },
    Check {
        id: CheckId::SyncUserSignIn,
        slug: "sync-user-sign-in",
        item: None,
        title: "The sync user can sign in without interaction",
        title_nl: "De synchronisatiegebruiker kan zonder interactie aanmelden",
        why: K::SignInWhy,
        doc: K::DocRopcStep2,
        fix_step: None,
        judge: sync_user_sign_in,
    },
];

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

fn unread(what: &str) -> Text {
    say(K::Unread, [what.into()])
}

fn org_url(c: &Ctx<'_>, row: &Check) -> Finding {
    let (environment, facts) = (c.environment, c.facts);
    match (environment, &facts.dataverse) {
        (None, _) => row.fail(K::NoEnvironmentListed, K::ChooseEnvironmentInPlan),
        (Some(env), Some(Observed::Known(dv))) => row.pass(say(
            K::AnswersWhoAmI,
            [(&env.url).into(), (&dv.whoami.organization_id).into()],
        )),
        (Some(env), Some(Observed::Unknown(e))) => row.fail(
            say(K::DidNotAnswer, [(&env.url).into(), e.what.clone().into()]),
            e.fix.clone(),
        ),
        (Some(env), None) => row.fail(say(K::NotReadYet, [(&env.url).into()]), K::RefreshChecks),
    }
}

/// What Marketo's S2S sign-in (client credentials for the Dynamics environment) lacks: the app
/// registration, its enterprise application, a client secret that has not expired. Marketo's item
/// 2 fails on any of them, whatever the application user looks like.
fn s2s_credential_gaps(facts: &Facts, now: u64) -> Vec<Arg> {
    let Some(d) = facts.directory.known() else {
        return vec![Arg::Key(K::GapEntraUnread)];
    };
    let Some(app) = &d.app else {
        return vec![Arg::Key(K::GapNoApp)];
    };
    let mut gaps = Vec::new();
    if d.service_principal.is_none() {
        gaps.push(Arg::Key(K::GapNoServicePrincipal));
    }
    if !app
        .passwords
        .iter()
        .any(|p| p.end.is_none_or(|end| end > now))
    {
        gaps.push(Arg::Key(K::GapNoValidSecret));
    }
    gaps
}

fn username(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, dv, sync_user, facts, now) =
        (c.answers, c.dataverse, c.sync_user, c.facts, c.now);
    if dv.is_none() {
        return row.fail(unread("Dataverse"), K::FixEnvironmentFirst);
    }
    if answers.mode == ConnectionMode::ServerToServer {
        let gaps = s2s_credential_gaps(facts, now);
        if !gaps.is_empty() {
            return Finding {
                fix_step: Some(StepId::AppRegistration),
                ..row.fail(
                    say(K::CredentialsIncomplete, [Arg::List(gaps)]),
                    K::PlanCanCreate,
                )
            };
        }
    }
    match (answers.mode, sync_user) {
        (_, None) => row.fail(K::NoSyncUserYet, K::CreateOrPickSyncUser),
        (ConnectionMode::ServerToServer, Some(user)) => match &user.email {
            Some(email)
                if !answers.app_user_email.is_empty()
                    && !email.eq_ignore_ascii_case(&answers.app_user_email) =>
            {
                row.warn(
                    say(
                        K::AppUserEmailDiffers,
                        [email.into(), (&answers.app_user_email).into()],
                    ),
                    say(K::EnterEmailOrChange, [email.into()]),
                )
            }
            Some(email) => row.pass(say(K::EnterEmail, [email.into()])),
            None => row.fail(K::AppUserNoEmail, K::SetPrimaryEmail),
        },
        (ConnectionMode::ClientApp, Some(user)) => {
            row.pass(say(K::EnterSignInName, [(&user.full_name).into()]))
        }
    }
}

fn sync_user_role(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, dv, sync_user, directory) = (c.answers, c.dataverse, c.sync_user, c.directory);
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), K::FixEnvironmentFirst);
    };
    let Some(user) = sync_user else {
        return row.fail(K::NoSyncUserYet, K::CreateSyncUserFirst);
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
    let name = || Arg::from(&user.full_name);
    match (holds, consent) {
        (true, true) => row.pass(say(K::HoldsRoleWithConsent, [name()])),
        (true, false) => Finding {
            fix_step: Some(StepId::AdminConsent),
            ..row.fail(
                say(K::HoldsRoleNoConsent, [name()]),
                K::GrantConsentMarketoCause,
            )
        },
        (false, _) => row.fail(say(K::LacksRole, [name()]), K::AssignRole),
    }
}

fn solution_installed(c: &Ctx<'_>, row: &Check) -> Finding {
    let dv = c.dataverse;
    match dv {
        None => row.fail(unread("Dataverse"), K::FixEnvironmentFirst),
        Some(dv) => match &dv.solution {
            Some(s) => row.pass(say(
                K::SolutionFound,
                [
                    (&s.friendly_name).into(),
                    (&s.version).into(),
                    (&s.unique_name).into(),
                ],
            )),
            None => row.fail(K::NoSolution, K::DownloadSolution),
        },
    }
}

fn plugin_steps(c: &Ctx<'_>, row: &Check) -> Finding {
    let dv = c.dataverse;
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), K::FixEnvironmentFirst);
    };
    if dv.solution.is_none() {
        return row.fail(K::SolutionNotInstalled, K::InstallSolutionFirst);
    }
    let disabled: Vec<Arg> = dv
        .plugin_steps
        .iter()
        .filter(|s| !s.enabled)
        .map(|s| Arg::from(&s.name))
        .collect();
    match (dv.plugin_steps.len(), disabled.len()) {
        (0, _) => row.warn(K::NoPluginSteps, K::ReimportSolution),
        (n, 0) => row.pass(say(K::AllStepsEnabled, [Arg::Number(n as u64)])),
        (_, _) => row.fail(say(K::DisabledSteps, [Arg::List(disabled)]), K::EnableThem),
    }
}

/// A Dataverse user's name as the tenant was read (role holders, the application user), or its id
/// when it is neither.
fn user_name_of(dv: &DataverseFacts, id: &str) -> String {
    dv.role_holders
        .iter()
        .chain(dv.application_user.as_ref())
        .find(|u| u.id.eq_ignore_ascii_case(id))
        .map_or_else(|| id.to_owned(), |u| u.full_name.clone())
}

fn config_user_set(c: &Ctx<'_>, row: &Check) -> Finding {
    let dv = c.dataverse;
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), K::FixEnvironmentFirst);
    };
    match &dv.marketo_config {
        None => row.fail(K::NoConfigTable, K::ReimportSolution),
        Some(c) if c.default_record_id.is_none() => {
            row.fail(K::NoDefaultRecord, K::CreateDefaultRecord)
        }
        Some(c) => match &c.default_marketo_user_id {
            Some(id) => row.pass(say(K::MarketoUserSet, [user_name_of(dv, id).into()])),
            None => row.fail(K::MarketoUserEmpty, K::SetToSyncUser),
        },
    }
}

fn config_user_matches(c: &Ctx<'_>, row: &Check) -> Finding {
    let (dv, sync_user) = (c.dataverse, c.sync_user);
    let configured = dv
        .and_then(|d| d.marketo_config.as_ref())
        .and_then(|c| c.default_marketo_user_id.as_deref());
    match (configured, sync_user) {
        (Some(id), Some(user)) if id == user.id => {
            row.pass(say(K::MarketoUserIs, [(&user.full_name).into()]))
        }
        (Some(id), Some(user)) => {
            let name = dv.map_or_else(|| id.to_owned(), |d| user_name_of(d, id));
            row.fail(
                say(
                    K::MarketoUserIsOther,
                    [name.into(), (&user.full_name).into()],
                ),
                K::SetMarketoUser,
            )
        }
        (None, _) => row.fail(K::MarketoUserNotSet, K::SetToSyncUser),
        (_, None) => row.fail(K::NoSyncUserYet, K::CreateSyncUserFirst),
    }
}

fn directory_unread(row: &Check, facts: &Facts) -> Finding {
    match &facts.directory {
        Observed::Unknown(e) => {
            row.fail(say(K::EntraUnread, [e.what.clone().into()]), e.fix.clone())
        }
        Observed::Known(_) => row.fail(K::NoAppYet, K::PlanCanCreate),
    }
}

fn single_tenant(c: &Ctx<'_>, row: &Check) -> Finding {
    let (directory, facts) = (c.directory, c.facts);
    match directory.and_then(|d| d.app.as_ref()) {
        None => directory_unread(row, facts),
        Some(app) if app.sign_in_audience == "AzureADMyOrg" => row.pass(say(
            K::IsSingleTenant,
            [(&app.display_name).into(), (&app.app_id).into()],
        )),
        Some(app) => row.fail(
            say(
                K::SignsIn,
                [(&app.display_name).into(), (&app.sign_in_audience).into()],
            ),
            K::MakeSingleTenant,
        ),
    }
}

fn dynamics_permission(c: &Ctx<'_>, row: &Check) -> Finding {
    let (directory, facts) = (c.directory, c.facts);
    match directory.and_then(|d| d.app.as_ref()) {
        None => directory_unread(row, facts),
        Some(app) if app.requests_dynamics_user_impersonation() => row.pass(K::PermissionRequested),
        Some(_) => row.fail(K::PermissionMissing, K::AddIt),
    }
}

fn consent(c: &Ctx<'_>, row: &Check) -> Finding {
    let (directory, facts) = (c.directory, c.facts);
    let Some(d) = directory else {
        return directory_unread(row, facts);
    };
    match (&d.service_principal, &d.consent) {
        (None, _) => row.fail(K::NoServicePrincipal, K::PlanCanCreate),
        (Some(_), Some(g)) if g.has_user_impersonation() => row.pass(K::ConsentExists),
        (Some(_), _) => row.fail(K::NoConsent, K::GrantConsent),
    }
}

/// The role can be edited after import, and a user's privileges come from every role and team it
/// has: what counts is what `RetrieveUserPrivilegeByPrivilegeName` says the sync user holds
/// (`security-access-coding.md`). Missing → Marketo's reads or writes of that table fail ("the
/// login user didn't have Marketo Config permission", the symptom Marketo's release notes give for
/// 4.0.0.14: AdobeDocs/marketo.en `…/marketo-solution-releases.md`); held at less than
/// organization depth on a synced table → Marketo sees only part of its records: a warning.
fn sync_user_privileges(c: &Ctx<'_>, row: &Check) -> Finding {
    use crate::facts::PrivilegeDepth;
    let (dv, sync_user) = (c.dataverse, c.sync_user);
    let Some(dv) = dv else {
        return row.not_applicable(K::DataverseNotRead);
    };
    let Some(user) = sync_user else {
        return row.not_applicable(K::NoSyncUserYet);
    };
    let holds_role = dv.role_holders.iter().any(|u| u.id == user.id);
    let held = match &dv.sync_user_privileges {
        // Without the role the privileges are the role check's business (Marketo's item 3).
        _ if !holds_role => return row.not_applicable(K::PrivilegesAfterRole),
        None => return row.not_applicable(K::PrivilegesAfterRole),
        Some(Observed::Unknown(why)) => {
            return row.unknown(
                say(K::PrivilegesUnread, [why.what.clone().into()]),
                K::PrivilegesLookInAdminCenter,
            )
        }
        Some(Observed::Known(held)) => held,
    };
    let name = || Arg::from(&user.full_name);
    let missing: Vec<Arg> = held
        .iter()
        .filter(|p| p.depth.is_none())
        .map(|p| Arg::from(&p.name))
        .collect();
    if !missing.is_empty() {
        return row.fail(
            say(K::PrivilegesMissing, [name(), Arg::List(missing)]),
            K::RestoreRolePrivileges,
        );
    }
    // Synced tables need the whole organization; users and Marketo Config are read by id.
    let shallow: Vec<Arg> = held
        .iter()
        .filter(|p| {
            ["Lead", "Contact", "Account", "Opportunity"]
                .iter()
                .any(|t| p.name.ends_with(t))
        })
        .filter(|p| p.depth < Some(PrivilegeDepth::Global))
        .map(|p| Arg::from(&p.name))
        .collect();
    if !shallow.is_empty() {
        return row.warn(
            say(K::PrivilegesShallow, [name(), Arg::List(shallow)]),
            K::RestoreRolePrivileges,
        );
    }
    row.pass(say(
        K::PrivilegesHeld,
        [name(), Arg::Number(held.len() as u64)],
    ))
}

/// Dynamics CRM's application id: a policy that includes it covers Marketo's Dataverse calls.
const DYNAMICS_CRM_APP_ID: &str = crate::graph::setup::DYNAMICS_CRM_APP_ID;

/// Whether a Graph list holds `value` (case-insensitive, as Entra compares ids and keywords).
fn lists(list: &[String], value: &str) -> bool {
    list.iter().any(|v| v.eq_ignore_ascii_case(value))
}

/// Conditional Access can refuse Marketo's sign-in. S2S: a policy for workload identities
/// (`conditions.clientApplications.includeServicePrincipals`, the Marketo service principal or
/// `ServicePrincipalsInMyTenant`) blocks the app's token (AADSTS53003 "BlockedByConditionalAccess":
/// entra-docs `docs/identity-platform/reference-error-codes.md`). Client app: a policy for the
/// sync user (or All users) on All apps, Marketo's app or Dynamics CRM asks for a control a
/// password grant cannot give (MFA, a compliant device… or block), and security defaults require
/// MFA, which ROPC cannot do (entra-docs `docs/identity-platform/v2-oauth-ropc.md`: "If users need
/// to use multi-factor authentication (MFA) to log in to the application, they will be blocked
/// instead"). Report-only policies warn. Group and role conditions are not resolved (membership
/// is not read): such a policy warns that it may apply. Unreadable: Unknown, never a pass.
fn sign_in_policies(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, directory, facts, sync_user) = (c.answers, c.directory, c.facts, c.sync_user);
    let Some(d) = directory else {
        return directory_unread(row, facts);
    };
    let client_app = answers.mode == ConnectionMode::ClientApp;
    if client_app && d.security_defaults == Observed::Known(true) {
        return row.fail(K::SecurityDefaultsBlockRopc, K::TurnOffSecurityDefaults);
    }
    let policies = match &d.conditional_access {
        Observed::Known(p) => p,
        Observed::Unknown(why) => {
            return row.unknown(
                say(K::CaUnread, [why.what.clone().into()]),
                K::CaLookInAdminCenter,
            )
        }
    };
    if client_app && matches!(d.security_defaults, Observed::Unknown(_)) {
        return row.unknown(K::SecurityDefaultsUnread, K::CaLookInAdminCenter);
    }
    let live = |p: &&crate::facts::CaPolicy| {
        p.state.eq_ignore_ascii_case("enabled")
            || p.state
                .eq_ignore_ascii_case("enabledForReportingButNotEnforced")
    };
    let (certain, possible): (Vec<&crate::facts::CaPolicy>, Vec<&crate::facts::CaPolicy>) =
        if client_app {
            let Some(user) = sync_user else {
                return row.unknown(K::CaNeedsSyncUser, K::CreateOrPickSyncUser);
            };
            let oid = user.azure_object_id.as_deref().unwrap_or_default();
            // A policy's applications are the resources signed in to (its "target resources":
            // `conditionalaccessapplications.md`); Marketo's password grant asks for Dynamics CRM,
            // so a policy covers it through All or Dynamics CRM, unless Dynamics CRM is excluded.
            let covers_app = |p: &crate::facts::CaPolicy| {
                (lists(&p.include_applications, "All")
                    || lists(&p.include_applications, DYNAMICS_CRM_APP_ID))
                    && !lists(&p.exclude_applications, DYNAMICS_CRM_APP_ID)
            };
            let relevant: Vec<_> = policies
                .iter()
                .filter(live)
                .filter(|p| !p.controls.is_empty() && covers_app(p) && p.covers_modern_clients())
                .filter(|p| oid.is_empty() || !lists(&p.exclude_users, oid))
                .collect();
            // Covered for sure: All users or the user by id, and no group or role exclusion that
            // might exempt it (membership is not read): those, like group or role inclusions, may
            // apply.
            relevant.into_iter().partition(|p| {
                (lists(&p.include_users, "All")
                    || (!oid.is_empty() && lists(&p.include_users, oid)))
                    && !p.excludes_groups_or_roles
            })
        } else {
            let sp_id = d.service_principal.as_ref().map(|sp| sp.id.as_str());
            let relevant: Vec<_> = policies
                .iter()
                .filter(live)
                .filter(|p| !sp_id.is_some_and(|id| lists(&p.exclude_service_principals, id)))
                .filter(|p| {
                    lists(&p.include_service_principals, "ServicePrincipalsInMyTenant")
                        || sp_id.is_some_and(|id| lists(&p.include_service_principals, id))
                })
                .collect();
            (relevant, Vec::new())
        };
    let possible: Vec<_> = if client_app {
        let mut possible = possible;
        possible.retain(|p| p.includes_groups_or_roles || p.excludes_groups_or_roles);
        possible
    } else {
        possible
    };
    let names =
        |ps: &[&crate::facts::CaPolicy]| Arg::List(ps.iter().map(|p| Arg::from(&p.name)).collect());
    let (enforced, report_only): (Vec<_>, Vec<_>) = certain
        .into_iter()
        .partition(|p| p.state.eq_ignore_ascii_case("enabled"));
    let fix = if client_app {
        K::CaExcludeSyncUser
    } else {
        K::CaExcludeServicePrincipal
    };
    if !enforced.is_empty() {
        let found = if client_app {
            K::CaBlocksSyncUser
        } else {
            K::CaBlocksWorkloadIdentity
        };
        return row.fail(say(found, [names(&enforced)]), fix);
    }
    if !report_only.is_empty() {
        return row.warn(say(K::CaReportOnlyWouldBlock, [names(&report_only)]), fix);
    }
    if !possible.is_empty() {
        return row.warn(say(K::CaMayApply, [names(&possible)]), fix);
    }
    row.pass(if client_app {
        K::CaLetsSyncUserIn
    } else {
        K::CaLetsAppIn
    })
}

/// Marketo resolves the S2S username to a Dataverse user by e-mail (see
/// [`crate::facts::EmailHolders`]): anyone besides the application user with that e-mail
/// or user name makes the result depend on Marketo's lookup.
fn username_unique(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, facts) = (c.answers, c.facts);
    if answers.mode == ConnectionMode::ClientApp {
        return row.not_applicable(K::ClientAppUsesLicensedUser);
    }
    let email = answers.app_user_email.trim();
    if email.is_empty() {
        return row.not_applicable(K::NoEmailYet);
    }
    let Some(holders) = facts
        .email_holders
        .as_ref()
        .filter(|h| h.email.eq_ignore_ascii_case(email))
    else {
        return row.unknown(
            say(K::EmailHoldersNotRead, [email.into()]),
            K::RefreshChecks,
        );
    };
    match holders.others(crate::engine::plan::marketo_app_id(answers, facts)) {
        None => row.unknown(
            say(K::EmailHoldersUnread, [email.into()]),
            K::SearchEmailInAdminCenters,
        ),
        Some(others) if others.is_empty() => {
            let exists = facts
                .dataverse
                .as_ref()
                .and_then(Observed::known)
                .is_some_and(|dv| dv.application_user.is_some());
            row.pass(say(
                if exists { K::EmailUnique } else { K::EmailFree },
                [email.into()],
            ))
        }
        Some(others) => row.fail(
            say(
                K::EmailTaken,
                [
                    email.into(),
                    Arg::List(others.into_iter().map(Arg::from).collect()),
                ],
            ),
            K::ChooseUnusedEmail,
        ),
    }
}

/// Marketo signs in to the app's service principal: a disabled one refuses every sign-in
/// (AADSTS7000112 "UnauthorizedClientApplicationDisabled - The application is disabled"), and one
/// that requires assignment refuses an unassigned user (AADSTS50105 "EntitlementGrantsNotFound -
/// The signed in user isn't assigned to a role for the signed in app"; both from entra-docs
/// `docs/identity-platform/reference-error-codes.md`). Assignment governs who signs *in to* the
/// app — "before users can sign in or apps can get tokens" for it (microsoft-graph-docs-contrib
/// `api-reference/v1.0/resources/serviceprincipal.md`, `appRoleAssignmentRequired`) — so it does
/// not touch Marketo's S2S client-credentials request, which signs in as the app to Dynamics.
fn enterprise_app(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, directory, facts, sync_user) = (c.answers, c.directory, c.facts, c.sync_user);
    let Some(d) = directory else {
        return directory_unread(row, facts);
    };
    let (Some(sp), Some(app)) = (&d.service_principal, &d.app) else {
        return row.not_applicable(K::NoEnterpriseAppYet);
    };
    let name = || Arg::from(&app.display_name);
    if !sp.account_enabled {
        return row.fail(
            say(K::EnterpriseAppDisabled, [name()]),
            say(K::EnableEnterpriseApp, [name()]),
        );
    }
    if !sp.assignment_required {
        return row.pass(say(K::EnterpriseAppReady, [name()]));
    }
    if answers.mode == ConnectionMode::ServerToServer {
        return row.pass(say(K::AssignmentNotForS2s, [name()]));
    }
    let Some(user) = sync_user else {
        return row.unknown(
            say(K::AssignmentNeedsSyncUser, [name()]),
            K::CreateOrPickSyncUser,
        );
    };
    let assignments = match &d.assignments {
        Some(Observed::Known(a)) => a,
        Some(Observed::Unknown(why)) => {
            return row.unknown(
                say(K::AssignmentsUnread, [name(), why.what.clone().into()]),
                say(K::LookAtUsersAndGroups, [name()]),
            )
        }
        None => return row.unknown(say(K::AssignmentsNotRead, [name()]), K::RefreshChecks),
    };
    let user_name = || Arg::from(&user.full_name);
    let direct = user.azure_object_id.as_deref().is_some_and(|oid| {
        assignments
            .assignees
            .iter()
            .any(|a| a.kind == AssigneeKind::User && a.id.eq_ignore_ascii_case(oid))
    });
    if direct {
        return row.pass(say(K::SyncUserAssigned, [name(), user_name()]));
    }
    let groups: Vec<Arg> = assignments
        .assignees
        .iter()
        .filter(|a| a.kind == AssigneeKind::Group)
        .map(|a| Arg::from(&a.display_name))
        .collect();
    if !groups.is_empty() || !assignments.complete {
        // Group membership is not read here; a longer list than one page may name the user later.
        return row.warn(
            say(
                K::AssignedThroughGroups,
                [name(), user_name(), Arg::List(groups)],
            ),
            say(K::ConfirmGroupMembership, [name()]),
        );
    }
    row.fail(
        say(K::SyncUserNotAssigned, [name(), user_name()]),
        say(K::AssignSyncUser, [name()]),
    )
}

/// F1: the policy is an advisory read. Unreadable (China's cloud does not offer it; it needs an
/// Application, Cloud Application or Global Administrator — `tenantappmanagementpolicy-get.md`)
/// it warns and blocks nothing; read, it says what it allows the Marketo app.
fn app_management_policy(c: &Ctx<'_>, row: &Check) -> Finding {
    let (directory, facts, now) = (c.directory, c.facts, c.now);
    let Some(d) = directory else {
        return directory_unread(row, facts);
    };
    match &d.password_policy {
        Observed::Unknown(why) => row.warn(
            say(K::AppPolicyUnread, [why.what.clone().into()]),
            K::AppPolicyUnreadFix,
        ),
        Observed::Known(policy) => {
            let created = crate::engine::plan::app_created(d, now);
            if policy.blocks_secrets(created) {
                row.fail(K::AppPolicyBlocksSecrets, K::AppPolicyAskException)
            } else if let Some(days) = policy.max_lifetime_days(created) {
                row.pass(say(K::AppPolicyLimitsLifetime, [Arg::Number(days.into())]))
            } else {
                row.pass(K::AppPolicyNoRestriction)
            }
        }
    }
}

fn secret_valid(c: &Ctx<'_>, row: &Check) -> Finding {
    let (directory, facts, now) = (c.directory, c.facts, c.now);
    let Some(app) = directory.and_then(|d| d.app.as_ref()) else {
        return directory_unread(row, facts);
    };
    let newest = app
        .passwords
        .iter()
        .max_by_key(|p| p.end.unwrap_or(u64::MAX));
    match newest {
        None => row.fail(K::NoSecret, K::CreateOne),
        Some(p) => match p.end {
            None => row.pass(K::SecretWithoutExpiry),
            Some(end) if end <= now => row.fail(
                say(K::AllSecretsExpired, [Arg::Date(end)]),
                K::CreateNewSecret,
            ),
            Some(end) if end - now < SECRET_EXPIRY_WARNING_DAYS * 86_400 => row.warn(
                say(
                    K::SecretExpiresSoon,
                    [Arg::Date(end), Arg::Number(SECRET_EXPIRY_WARNING_DAYS)],
                ),
                K::RotateNow,
            ),
            Some(end) => row.pass(say(
                K::SecretValidUntil,
                [Arg::Date(end), p.hint.as_deref().unwrap_or("?").into()],
            )),
        },
    }
}

fn secret_matches(c: &Ctx<'_>, row: &Check) -> Finding {
    let (directory, held) = (c.directory, c.held_secret_prefix);
    let Some(held) = held.map(str::trim).filter(|h| !h.is_empty()) else {
        return row.not_applicable(K::PasteSecretStart);
    };
    let Some(app) = directory.and_then(|d| d.app.as_ref()) else {
        return row.fail(K::NoAppToCompare, K::CreateItFirst);
    };
    let prefix: String = held.chars().take(3).collect();
    match app
        .passwords
        .iter()
        .find(|p| p.hint.as_deref() == Some(prefix.as_str()))
    {
        Some(p) => row.pass(say(
            K::SecretMatchesKey,
            [(&prefix).into(), (&p.key_id).into()],
        )),
        None => row.fail(
            say(K::NoSecretStartsWith, [prefix.into()]),
            K::UseRightSecret,
        ),
    }
}

fn application_user(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, dv) = (c.answers, c.dataverse);
    if answers.mode == ConnectionMode::ClientApp {
        return row.not_applicable(K::ClientAppUsesLicensedUser);
    }
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), K::FixEnvironmentFirst);
    };
    let Some(user) = &dv.application_user else {
        return row.fail(K::NoAppUser, K::PlanCanCreate);
    };
    let mut problems = Vec::new();
    if user.disabled {
        problems.push(Arg::Key(K::AppUserDisabled));
    }
    if user.access_mode != Some(4) {
        problems.push(Arg::Key(K::AppUserInteractive));
    }
    if user.business_unit_id.as_deref() != Some(dv.root_business_unit.id.as_str()) {
        problems.push(Arg::Key(K::AppUserNotInRoot));
    }
    if problems.is_empty() {
        row.pass(say(K::AppUserReady, [(&user.full_name).into()]))
    } else {
        Finding {
            fix_step: None,
            ..row.fail(
                say(
                    K::AppUserProblems,
                    [(&user.full_name).into(), Arg::List(problems)],
                ),
                K::FixAppUserInAdminCenter,
            )
        }
    }
}

fn role_only_on_sync_user(c: &Ctx<'_>, row: &Check) -> Finding {
    let (dv, sync_user) = (c.dataverse, c.sync_user);
    let Some(dv) = dv else {
        return row.fail(unread("Dataverse"), K::FixEnvironmentFirst);
    };
    let Some(solution) = &dv.solution else {
        return row.not_applicable(K::SolutionNotInstalled);
    };
    if version_less(&solution.version, ROLE_ONLY_ON_SYNC_USER_SINCE) {
        return row.not_applicable(say(K::SolutionPredatesRule, [(&solution.version).into()]));
    }
    let others: Vec<Arg> = dv
        .role_holders
        .iter()
        .filter(|u| Some(u.id.as_str()) != sync_user.map(|s| s.id.as_str()))
        .map(|u| Arg::from(&u.full_name))
        .collect();
    if others.is_empty() {
        row.pass(K::OnlySyncUserHoldsRole)
    } else {
        row.fail(say(K::AlsoHeldBy, [Arg::List(others)]), K::RemoveFromThem)
    }
}

fn published(c: &Ctx<'_>, row: &Check) -> Finding {
    let dv = c.dataverse;
    match dv.map(|d| d.unpublished_customizations) {
        None => row.fail(unread("Dataverse"), K::FixEnvironmentFirst),
        Some(Some(false)) => row.pass(K::StPublishDone),
        Some(Some(true)) => row.fail(K::Unpublished, K::PublishAll),
        Some(None) => row.warn(K::PublishedUnknown, K::PublishToBeSure),
    }
}

fn home_realm_discovery(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, facts, directory) = (c.answers, c.facts, c.directory);
    let federated: Vec<Arg> = facts
        .tenant
        .known()
        .map(|t| {
            t.domains
                .iter()
                .filter(|d| d.federated)
                .map(|d| Arg::from(&d.name))
                .collect()
        })
        .unwrap_or_default();
    if federated.is_empty() {
        return row.not_applicable(K::NoFederatedDomain);
    }
    if answers.mode == ConnectionMode::ServerToServer {
        return row.not_applicable(K::S2sNoPassword);
    }
    // Cloud password validation needs the password hashes in Entra ID: without password hash
    // sync no HRD policy helps (entra-docs `identity-platform/v2-oauth-ropc.md`: the policy
    // "will enable ROPC flow to work for federated users when on-premises password is synced to
    // cloud"; the HRD policy reference: AllowCloudPasswordValidation "works only if password hash
    // sync is enabled"). The plan's step cannot turn it on, so such a finding points at no step.
    let hash_sync = directory.and_then(|d| d.password_hash_sync.as_ref());
    match hash_sync {
        Some(Observed::Known(Some(false))) => {
            return Finding {
                fix_step: None,
                ..row.fail(
                    say(K::HashSyncOff, [Arg::List(federated)]),
                    K::TurnOnHashSync,
                )
            }
        }
        Some(Observed::Known(None)) => {
            return Finding {
                fix_step: None,
                ..row.fail(
                    say(K::NothingSynchronized, [Arg::List(federated)]),
                    K::TurnOnHashSync,
                )
            }
        }
        _ => {}
    }
    let hrd_assigned = directory.is_some_and(|d| {
        d.hrd_policies
            .iter()
            .any(|p| p.allows_cloud_password_validation)
    });
    if !hrd_assigned {
        return row.fail(
            say(K::FederatedWithoutHrd, [Arg::List(federated)]),
            K::CreateAssignPolicy,
        );
    }
    match hash_sync {
        Some(Observed::Known(Some(true))) => {
            row.pass(say(K::HrdAndHashSync, [Arg::List(federated)]))
        }
        // Not read, or unreadable: never a pass.
        Some(Observed::Unknown(why)) => row.unknown(
            say(
                K::HrdAssignedHashSyncUnread,
                [Arg::List(federated), why.what.clone().into()],
            ),
            K::ConfirmHashSync,
        ),
        _ => row.unknown(
            say(
                K::HrdAssignedHashSyncUnread,
                [Arg::List(federated), Arg::Key(K::HashSyncNotRead)],
            ),
            K::ConfirmHashSync,
        ),
    }
}

fn admin_roles(c: &Ctx<'_>, row: &Check) -> Finding {
    let facts = c.facts;
    // Named from the catalog, not from Graph's displayName, which is English in every tenant.
    let allowed = [
        (role_ids::GLOBAL_ADMINISTRATOR, K::RoleGlobalAdministrator),
        (
            role_ids::PRIVILEGED_ROLE_ADMINISTRATOR,
            K::RolePrivilegedRoleAdministrator,
        ),
        (
            role_ids::APPLICATION_ADMINISTRATOR,
            K::RoleApplicationAdministrator,
        ),
        (
            role_ids::CLOUD_APPLICATION_ADMINISTRATOR,
            K::RoleCloudApplicationAdministrator,
        ),
    ];
    match facts.admin_roles.known() {
        None => row.warn(K::RolesUnread, K::IfRefusedSignInAsAdmin),
        Some(roles) => match roles.iter().find_map(|r| {
            allowed
                .iter()
                .find(|(id, _)| *id == r.template_id)
                .map(|(_, name)| *name)
        }) {
            Some(name) => row.pass(say(K::YouAre, [Arg::Key(name)])),
            None => row.fail(K::NoAdminRole, K::ActivateRole),
        },
    }
}

fn environment_ready(c: &Ctx<'_>, row: &Check) -> Finding {
    let (environment, facts) = (c.environment, c.facts);
    match (environment, &facts.environments) {
        (_, Observed::Unknown(e)) => row.fail(
            say(K::DiscoveryUnread, [e.what.clone().into()]),
            e.fix.clone(),
        ),
        (None, _) => row.fail(K::NoEnvironmentChosen, K::ChooseOneInPlan),
        (Some(env), _) if !env.enabled || !env.ready => row.fail(
            say(K::EnvironmentNotReady, [(&env.friendly_name).into()]),
            K::WaitUntilReady,
        ),
        (Some(env), _) if !env.is_user_sys_admin => row.fail(
            say(K::NotSysAdminIn, [(&env.friendly_name).into()]),
            K::AskSysAdmin,
        ),
        (Some(env), _) => row.pass(say(
            K::EnvironmentReady,
            [
                (&env.friendly_name).into(),
                (&env.region).into(),
                (&env.version).into(),
            ],
        )),
    }
}

/// The Org URL can never be changed, so the environment must outlive the Marketo subscription.
/// A trial expires (its date is Global Discovery's `TrialExpirationDate`); a sandbox may be
/// refreshed, which Marketo does not support ("Marketo does not support … Sandbox refresh … a new
/// Marketo sandbox will be required": AdobeDocs/marketo.en `…/sync-setup/
/// validate-microsoft-dynamics-sync.md`, caution); developer, Teams and preview environments are
/// not meant to carry a business's CRM. Also shown on the environment picker, before the choice.
pub fn environment_kind(environment: Option<&Environment>, now: u64) -> Finding {
    environment_kind_of(check(CheckId::EnvironmentKind), environment, now)
}

fn environment_kind_of(row: &Check, environment: Option<&Environment>, now: u64) -> Finding {
    let Some(env) = environment else {
        return row.not_applicable(K::NoEnvironmentChosen);
    };
    let name = || Arg::from(&env.friendly_name);
    if let Some(expires) = env.trial_expires {
        return if expires <= now {
            row.fail(
                say(K::TrialExpired, [name(), Arg::Date(expires)]),
                K::ChooseProduction,
            )
        } else {
            row.warn(
                say(K::TrialExpires, [name(), Arg::Date(expires)]),
                K::ChooseProduction,
            )
        };
    }
    match env.kind() {
        EnvironmentKind::Production => row.pass(say(K::IsProduction, [name()])),
        EnvironmentKind::Sandbox => row.warn(
            say(K::IsSandbox, [name()]),
            K::SandboxOnlyWithMarketoSandbox,
        ),
        EnvironmentKind::Trial => row.warn(say(K::IsTrial, [name()]), K::ChooseProduction),
        EnvironmentKind::Default => row.warn(
            say(K::IsDefaultEnvironment, [name()]),
            K::PreferDedicatedProduction,
        ),
        EnvironmentKind::Developer => row.warn(say(K::IsDeveloper, [name()]), K::ChooseProduction),
        EnvironmentKind::Teams => row.warn(say(K::IsTeams, [name()]), K::ChooseProduction),
        EnvironmentKind::Preview => row.warn(say(K::IsPreview, [name()]), K::ChooseProduction),
        EnvironmentKind::Other(n) => row.warn(
            say(
                K::IsOtherKind,
                [name(), Arg::Number(u64::try_from(n).unwrap_or_default())],
            ),
            K::CheckTypeInAdminCenter,
        ),
        EnvironmentKind::NotGiven => row.unknown(
            say(K::EnvironmentKindNotGiven, [name()]),
            K::CheckTypeInAdminCenter,
        ),
    }
}

/// Marketo calls Dataverse from its own servers, so an enforced IP firewall must allow Marketo's
/// published outbound blocks ([`cidr::MARKETO_OUTBOUND`]), or it answers "The request you are
/// trying to make is rejected as access to your IP is blocked" (MicrosoftDocs/power-platform
/// `power-platform/admin/ip-firewall.md`). Application users pass when "Allow access for all
/// application users" is on (`allowapplicationuseraccess`), which covers S2S only; client-app
/// mode signs in as a person. Audit mode lets everyone in and only records addresses: a warning.
/// Not read: the per-user bypass `systemuser.isallowedbyipfirewall` (a client-app sync user with it
/// set passes although this check fails; the fix text names it).
fn ip_firewall(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, dv) = (c.answers, c.dataverse);
    let Some(dv) = dv else {
        return row.not_applicable(K::DataverseNotRead);
    };
    let firewall = match &dv.firewall {
        Observed::Known(f) => f,
        Observed::Unknown(why) => {
            return row.unknown(
                say(K::FirewallUnread, [why.what.clone().into()]),
                K::FirewallLookInAdminCenter,
            )
        }
    };
    if !firewall.enabled {
        return row.pass(K::FirewallOff);
    }
    if answers.mode == ConnectionMode::ServerToServer
        && firewall.application_users_allowed == Some(true)
    {
        return row.pass(K::FirewallAllowsApplicationUsers);
    }
    let blocked: Vec<Arg> = cidr::uncovered(&firewall.allowed_ranges)
        .into_iter()
        .map(Arg::from)
        .collect();
    if blocked.is_empty() {
        return row.pass(K::FirewallAllowsMarketo);
    }
    let fix = match answers.mode {
        ConnectionMode::ServerToServer => K::FirewallAddRangesOrAppUsers,
        ConnectionMode::ClientApp => K::FirewallAddRanges,
    };
    if firewall.audit_only {
        row.warn(say(K::FirewallAuditWouldBlock, [Arg::List(blocked)]), fix)
    } else {
        row.fail(say(K::FirewallBlocksMarketo, [Arg::List(blocked)]), fix)
    }
}

fn sync_filter_column(c: &Ctx<'_>, row: &Check) -> Finding {
    let dv = c.dataverse;
    let Some(dv) = dv else {
        return row.not_applicable(K::DataverseNotRead);
    };
    let present: Vec<_> = dv.sync_filter_columns.iter().filter(|c| c.exists).collect();
    if present.is_empty() {
        return row.not_applicable(K::NoSyncFilter);
    }
    if let Some(c) = present.iter().find(|c| !c.is_boolean) {
        return Finding {
            fix_step: None,
            ..row.fail(
                say(K::FilterNotTwoOptions, [(&c.table).into()]),
                K::RecreateTwoOptions,
            )
        };
    }
    let tables: Vec<Arg> = present.iter().map(|c| Arg::from(&c.table)).collect();
    match present.iter().find(|c| c.default_value != Some(false)) {
        Some(c) => row.warn(
            say(K::FilterDefaultNotNo, [(&c.table).into()]),
            K::SetDefaultNo,
        ),
        None => row.pass(say(K::FilterRight, [Arg::List(tables)])),
    }
}

fn solution_up_to_date(c: &Ctx<'_>, row: &Check) -> Finding {
    let dv = c.dataverse;
    match dv.and_then(|d| d.solution.as_ref()) {
        None => row.not_applicable(K::SolutionNotInstalledShort),
        Some(s) if version_less(&s.version, NEWEST_SOLUTION_VERSION) => row.warn(
            say(
                K::VersionOlder,
                [(&s.version).into(), NEWEST_SOLUTION_VERSION.into()],
            ),
            K::UpdateSolution,
        ),
        Some(s) => row.pass(say(K::VersionNewest, [(&s.version).into()])),
    }
}

/// Client-app mode signs in with the sync user's password (ROPC), so the account must be one
/// ROPC can sign in: enabled in Dynamics and Entra, licensed, a read-write user (access mode 0;
/// 1 is Administrative, which has no data access), a member rather than a guest (entra-docs
/// `docs/identity-platform/v2-oauth-ropc.md`), and its Dynamics language English (AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-ropc-connection/step-2-of-4-set-up.md`: "the sync user's
/// language must be set to English"). MFA is the sign-in policies check's. What cannot be read is
/// Unknown, never a pass.
fn sync_user_sign_in(c: &Ctx<'_>, row: &Check) -> Finding {
    let (answers, facts, dv, sync_user) = (c.answers, c.facts, c.dataverse, c.sync_user);
    if answers.mode == ConnectionMode::ServerToServer {
        return row.not_applicable(K::S2sSignsInAsApp);
    }
    let (Some(dv), Some(user)) = (dv, sync_user) else {
        return row.unknown(K::NoSyncUserYet, K::CreateOrPickSyncUser);
    };
    let mut problems = Vec::new();
    let mut unread = Vec::new();
    if user.disabled {
        problems.push(Arg::Key(K::SyncUserDisabled));
    }
    match user.licensed {
        Some(false) => problems.push(Arg::Key(K::SyncUserUnlicensed)),
        None => unread.push(Arg::Key(K::SyncUserLicence)),
        Some(true) => {}
    }
    match user.access_mode {
        Some(0) => {}
        Some(1) => problems.push(Arg::Key(K::SyncUserAdministrative)),
        Some(_) => problems.push(Arg::Key(K::SyncUserNotReadWrite)),
        None => unread.push(Arg::Key(K::SyncUserAccessMode)),
    }
    match &facts.sync_user_account {
        Some(Observed::Known(account)) => {
            if !account.enabled {
                problems.push(Arg::Key(K::SyncUserEntraDisabled));
            }
            if account.guest {
                problems.push(Arg::Key(K::SyncUserGuest));
            }
        }
        _ => unread.push(Arg::Key(K::SyncUserEntraAccount)),
    }
    // Not set: the user works in the organization's base language.
    let language = match &facts.sync_user_language {
        Some(Observed::Known(code)) => code.or(dv.base_language_code),
        _ => None,
    };
    match language {
        Some(crate::facts::ENGLISH_LANGUAGE_CODE) => {}
        Some(_) => problems.push(Arg::Key(K::SyncUserNotEnglish)),
        None => unread.push(Arg::Key(K::SyncUserLanguage)),
    }
    let name = || Arg::from(&user.full_name);
    if !problems.is_empty() {
        return row.fail(
            say(K::SyncUserCannotSignIn, [name(), Arg::List(problems)]),
            K::FixSyncUserAccount,
        );
    }
    if !unread.is_empty() {
        return row.unknown(
            say(K::SyncUserPartlyUnread, [name(), Arg::List(unread)]),
            K::CheckSyncUserByHand,
        );
    }
    row.pass(say(K::SyncUserCanSignIn, [name()]))
}

pub mod cidr;

#[cfg(test)]
mod tests;
