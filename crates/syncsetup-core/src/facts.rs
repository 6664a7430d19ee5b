//! What the engine knows about a tenant: a snapshot read from the live services.
//!
//! Below the API modules (Graph, Global Discovery and Dataverse parse into these types) and the
//! engine alike: `engine::observe` fills these structs; `engine::plan` and the checks read them. Every field is
//! something a read request returned (or the knowledge that it could not be read: `Observed`),
//! never something the engine assumes — a fact that could not be observed must not be taken for
//! "absent", or a re-run would create duplicates. One field records a run rather than a read:
//! `DataverseFacts::publish_due`, the Publish that Marketo's procedure asks for after the run
//! changed the Marketo User (nothing in the tenant shows it).

use crate::explain::Explanation;
use crate::i18n::{date, fill, text, Lang, Msg, TextKey};

/// Dynamics' language code for English (United States), the UI language Marketo's sync needs
/// its user to have.
pub const ENGLISH_LANGUAGE_CODE: u32 = 1033;

/// Either what a read returned, or why it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observed<T> {
    /// The read succeeded.
    Known(T),
    /// The read failed; the explanation says why (403, offline, …).
    Unknown(Explanation),
}

impl<T> Observed<T> {
    /// The value, if known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Observed::Known(value) => Some(value),
            Observed::Unknown(_) => None,
        }
    }
}

/// The whole snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The tenant and its domains.
    pub tenant: Observed<TenantFacts>,
    /// The signed-in admin's directory roles (role template ids).
    pub admin_roles: Observed<Vec<DirectoryRole>>,
    /// The Entra side of the Marketo setup.
    pub directory: Observed<DirectoryFacts>,
    /// Dataverse environments visible to the admin (Global Discovery).
    pub environments: Observed<Vec<Environment>>,
    /// The chosen environment's Dataverse side, once an environment is chosen.
    pub dataverse: Option<Observed<DataverseFacts>>,
    /// Who else carries the application user's e-mail (S2S mode, once an e-mail is known).
    pub email_holders: Option<EmailHolders>,
    /// Client-app mode: the picked sync user's Entra account, once it is known.
    pub sync_user_account: Option<Observed<EntraAccount>>,
    /// Client-app mode: the picked sync user's Dynamics UI language (`usersettings.uilanguageid`;
    /// `None` inside: not set), once it is known.
    pub sync_user_language: Option<Observed<Option<u32>>>,
}

/// What Entra says of the client-app sync user's account (Graph `user`: `accountEnabled`,
/// `userType`; microsoft-graph-docs-contrib `api-reference/v1.0/resources/user.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntraAccount {
    /// `accountEnabled`.
    pub enabled: bool,
    /// `userType == Guest`: ROPC does not sign in guests ("Accounts that don't have passwords
    /// can't sign in with ROPC… personal accounts that are invited to an Azure AD tenant can't
    /// use ROPC": entra-docs `docs/identity-platform/v2-oauth-ropc.md`).
    pub guest: bool,
}

/// Who carries the e-mail the application user has or will get: Marketo's S2S username, which
/// Marketo resolves to a Dataverse user by that e-mail. Anyone besides the Marketo app's own
/// application user makes it ambiguous. Marketo's docs say only that the username "must match the
/// email address of the Application User"; that it must match nobody else is our stricter
/// reading, the one Adobe states for Marketo Measure's application user ("The user name
/// information must not match a user that exists in the Azure Active Directory").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailHolders {
    /// The e-mail looked up.
    pub email: String,
    /// Entra users whose user principal name or mail is the e-mail.
    pub entra: Observed<Vec<Holder>>,
    /// Dataverse users whose primary e-mail or user name is the e-mail (the Marketo app's
    /// application user included, if it has it); `None` before an environment is chosen.
    pub dataverse: Option<Observed<Vec<SystemUser>>>,
}

impl EmailHolders {
    /// Everyone but the Marketo app's application user (`app_id`) who carries the e-mail, by
    /// name: Dataverse users first, then Entra users whose object id is not one of theirs.
    /// `None` when a side could not be read.
    pub fn others(&self, app_id: Option<&str>) -> Option<Vec<String>> {
        let dataverse: Vec<&SystemUser> = match &self.dataverse {
            Some(Observed::Known(users)) => users
                .iter()
                .filter(|u| {
                    app_id.is_none_or(|id| {
                        !u.application_id
                            .as_deref()
                            .is_some_and(|a| a.eq_ignore_ascii_case(id))
                    })
                })
                .collect(),
            Some(Observed::Unknown(_)) => return None,
            None => Vec::new(),
        };
        let entra = self.entra.known()?;
        let mut names: Vec<String> = dataverse.iter().map(|u| u.full_name.clone()).collect();
        names.extend(
            entra
                .iter()
                .filter(|h| {
                    !dataverse.iter().any(|u| {
                        u.azure_object_id
                            .as_deref()
                            .is_some_and(|o| o.eq_ignore_ascii_case(&h.id))
                    })
                })
                .map(|h| h.name.clone()),
        );
        Some(names)
    }
}

/// A directory user found by e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// Object id.
    pub id: String,
    /// Display name (or UPN).
    pub name: String,
}

/// Local part of the application user e-mail the page proposes.
pub(crate) const SUGGESTED_MAILBOX: &str = "marketo.sync";

/// `marketo.sync@<the tenant's default domain>`, when the domains are known.
pub(crate) fn suggested_app_user_email(tenant: &TenantFacts) -> Option<String> {
    let domain = tenant
        .domains
        .iter()
        .find(|d| d.is_default)
        .or_else(|| tenant.domains.first())?;
    Some(format!("{SUGGESTED_MAILBOX}@{}", domain.name))
}

impl Facts {
    /// What a reload remembers of the last observation: the chosen environment as Global
    /// Discovery listed it (its app and Web API URLs), and nothing else. Passed to `observe` as
    /// the earlier observation, it lets Dataverse start in round 1 after a reload too; `observe`
    /// still requires this observation's Global Discovery to list the environment at that Web
    /// API URL. Never planned from: everything else is unknown.
    pub fn remembered(environment_url: &str, api_url: &str) -> Self {
        let why = Explanation::new(
            TextKey::NotReadSinceLoad,
            TextKey::OnlyEnvironmentRemembered,
            TextKey::WaitForTenantRead,
        );
        Self {
            tenant: Observed::Unknown(why.clone()),
            admin_roles: Observed::Unknown(why.clone()),
            directory: Observed::Unknown(why),
            environments: Observed::Known(vec![Environment {
                id: String::new(),
                unique_name: String::new(),
                friendly_name: String::new(),
                url: environment_url.to_owned(),
                api_url: api_url.to_owned(),
                enabled: false,
                ready: false,
                version: String::new(),
                region: String::new(),
                is_user_sys_admin: false,
                organization_type: None,
                purpose: String::new(),
                trial_expires: None,
            }]),
            dataverse: None,
            email_holders: None,
            sync_user_account: None,
            sync_user_language: None,
        }
    }

    /// The chosen environment's Web API URL, as this observation's Global Discovery listed it.
    pub fn api_url_of(&self, environment_url: &str) -> Option<&str> {
        self.environments
            .known()?
            .iter()
            .find(|e| {
                e.url
                    .trim_end_matches('/')
                    .eq_ignore_ascii_case(environment_url.trim_end_matches('/'))
            })
            .map(|e| e.api_url.as_str())
    }
}

/// The tenant (Graph `/organization`, `/domains`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantFacts {
    /// Tenant id.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// Verified domains.
    pub domains: Vec<Domain>,
}

/// A verified domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    /// Domain name.
    pub name: String,
    /// `authenticationType == Federated` (AD FS or another IdP).
    pub federated: bool,
    /// The default domain.
    pub is_default: bool,
}

/// A directory role the admin holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryRole {
    /// Role template id (the same in every tenant).
    pub template_id: String,
    /// Display name.
    pub display_name: String,
}

/// Role template ids that matter here (entra-docs
/// `docs/identity/role-based-access-control/permissions-reference.md`).
pub mod role_ids {
    /// Global Administrator.
    pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
    /// Privileged Role Administrator.
    pub(crate) const PRIVILEGED_ROLE_ADMINISTRATOR: &str = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    /// Application Administrator.
    pub(crate) const APPLICATION_ADMINISTRATOR: &str = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
    /// Cloud Application Administrator.
    pub(crate) const CLOUD_APPLICATION_ADMINISTRATOR: &str = "158c047a-c907-4556-b7ef-446551a6b5f7";

    /// Roles that may read Conditional Access policies through Graph
    /// (microsoft-graph-docs-contrib `api-reference/v1.0/includes/rbac-for-apis/rbac-conditionalaccess-apis-read.md`),
    /// by template id (entra-docs `docs/identity/role-based-access-control/permissions-reference.md`):
    /// Global Administrator, Global Reader, Security Reader, Security Administrator, Conditional
    /// Access Administrator. (Global Secure Access Administrator reads "standard properties" too;
    /// left out, such an admin is told the policies were not read.)
    pub(crate) const CONDITIONAL_ACCESS_READERS: &[&str] = &[
        GLOBAL_ADMINISTRATOR,
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
        "5d6b6bb7-de71-4623-b4af-96380a352509",
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    ];
}

/// The Entra ID objects of a Marketo setup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryFacts {
    /// The Dynamics CRM service principal, if the tenant has Dynamics.
    pub dynamics: Option<ResourceServicePrincipal>,
    /// App registrations matching the chosen name or app id (several: the admin picks).
    pub candidate_apps: Vec<AppRegistration>,
    /// The app registration this setup uses (picked or the only candidate).
    pub app: Option<AppRegistration>,
    /// Its service principal.
    pub service_principal: Option<ServicePrincipal>,
    /// The tenant-wide (`AllPrincipals`) grant from that service principal to Dynamics CRM.
    pub consent: Option<PermissionGrant>,
    /// HRD policies assigned to the service principal (at most one, per Entra).
    pub hrd_policies: Vec<HrdPolicy>,
    /// The tenant's Conditional Access policies (an advisory read: unknown when the admin's role
    /// or the tenant's licence does not let them be read).
    pub conditional_access: Observed<Vec<CaPolicy>>,
    /// Security defaults (`identitySecurityDefaultsEnforcementPolicy.isEnabled`).
    pub security_defaults: Observed<bool>,
    /// Who is assigned to the service principal: read only when it requires assignment
    /// (`None` otherwise, or with no service principal).
    pub assignments: Option<Observed<Assignments>>,
    /// The tenant's default app-management policy, as it applies to password credentials. An
    /// advisory read: when it cannot be read (not offered in China's cloud, or the admin lacks
    /// the role it needs — `tenantappmanagementpolicy-get.md`), nothing is known to restrict
    /// secrets, the checks warn, and no step is blocked by it.
    pub password_policy: Observed<PasswordPolicy>,
    /// Whether password hash sync is on (`features.passwordSyncEnabled`; `Known(None)`: the
    /// tenant synchronizes nothing from on-premises). Read only where it decides something — a
    /// federated domain in the client-app mode — and only by a Global Administrator, the one role
    /// Graph lets read it; `None` when not asked.
    pub password_hash_sync: Option<Observed<Option<bool>>>,
}

/// A resource application's service principal (Dynamics CRM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceServicePrincipal {
    /// Object id (the `resourceId` of grants).
    pub id: String,
    /// The id of its `user_impersonation` delegated scope.
    pub user_impersonation_scope_id: Option<String>,
}

/// An application registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppRegistration {
    /// Object id (for addPassword, PATCH, DELETE).
    pub id: String,
    /// Application (client) id — Marketo's "Client ID".
    pub app_id: String,
    /// Display name.
    pub display_name: String,
    /// `AzureADMyOrg` for single tenant.
    pub sign_in_audience: String,
    /// `requiredResourceAccess`: every API the app asks permissions of, as Graph returns it. A
    /// PATCH of this collection replaces it whole (Graph's `application-update.md`), so a fix
    /// must send this list with the Dynamics entry merged in, never the Dynamics entry alone.
    pub required_resource_access: Vec<RequiredResource>,
    /// Secret metadata (never the secret).
    pub passwords: Vec<PasswordCredential>,
    /// `createdDateTime`, ISO 8601.
    pub created: Option<String>,
}

/// One entry of an app's `requiredResourceAccess` (Graph `requiredResourceAccess` resource).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredResource {
    /// The API's application id (`resourceAppId`).
    pub resource_app_id: String,
    /// The permissions asked of it.
    pub resource_access: Vec<ResourceAccess>,
}

/// One permission in a [`RequiredResource`] (Graph `resourceAccess` resource).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceAccess {
    /// The scope's or app role's id.
    pub id: String,
    /// `Scope` (delegated) or `Role` (application).
    pub kind: String,
}

/// Metadata of a client secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordCredential {
    /// Key id.
    pub key_id: String,
    /// Description.
    pub display_name: Option<String>,
    /// First three characters of the secret.
    pub hint: Option<String>,
    /// Expiry, seconds since the Unix epoch.
    pub end: Option<u64>,
}

/// A service principal (enterprise application).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePrincipal {
    /// Object id.
    pub id: String,
    /// The application id it instantiates.
    pub app_id: String,
    /// `accountEnabled`: false means nobody, Marketo included, can sign in to the app.
    pub account_enabled: bool,
    /// `appRoleAssignmentRequired`: only assigned users may sign in (client-app mode's sync user).
    pub assignment_required: bool,
}

/// A Conditional Access policy, as far as the pre-flight check needs it
/// (microsoft-graph-docs-contrib `api-reference/v1.0/resources/conditionalaccesspolicy.md` and
/// the condition-set pages it links). Lists keep Graph's values: object ids, app ids, or the
/// keywords `All`, `None`, `ServicePrincipalsInMyTenant`, `GuestsOrExternalUsers`, `Office365`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaPolicy {
    /// Display name.
    pub name: String,
    /// `state`: `enabled`, `disabled` or `enabledForReportingButNotEnforced`.
    pub state: String,
    /// `conditions.users.includeUsers`.
    pub include_users: Vec<String>,
    /// `conditions.users.excludeUsers`.
    pub exclude_users: Vec<String>,
    /// Whether `conditions.users` names groups or roles to include (membership is not read).
    pub includes_groups_or_roles: bool,
    /// Whether `conditions.users` names groups or roles to exclude (membership is not read).
    pub excludes_groups_or_roles: bool,
    /// `conditions.clientAppTypes` (`all`, `browser`, `mobileAppsAndDesktopClients`,
    /// `exchangeActiveSync`, `other`).
    pub client_app_types: Vec<String>,
    /// `conditions.applications.includeApplications`.
    pub include_applications: Vec<String>,
    /// `conditions.applications.excludeApplications`.
    pub exclude_applications: Vec<String>,
    /// `conditions.clientApplications.includeServicePrincipals` (workload identities).
    pub include_service_principals: Vec<String>,
    /// `conditions.clientApplications.excludeServicePrincipals`.
    pub exclude_service_principals: Vec<String>,
    /// `grantControls.builtInControls` (`block`, `mfa`, …), plus `authenticationStrength` and
    /// `termsOfUse` when the policy asks for those: a password grant can give none of them.
    pub controls: Vec<String>,
}

impl CaPolicy {
    /// Whether the policy applies to a modern (OAuth 2.0) client that is not a browser, as
    /// Marketo's server-side password grant is: `clientAppTypes` empty, `all` or
    /// `mobileAppsAndDesktopClients` (`conditionalaccessconditionset.md`); a policy for
    /// legacy clients only (`exchangeActiveSync`, `other` — Microsoft's "Block legacy
    /// authentication") or browsers only does not.
    pub(crate) fn covers_modern_clients(&self) -> bool {
        self.client_app_types.is_empty()
            || self.client_app_types.iter().any(|t| {
                t.eq_ignore_ascii_case("all")
                    || t.eq_ignore_ascii_case("mobileAppsAndDesktopClients")
            })
    }
}

/// Who is assigned to the Marketo enterprise application (`appRoleAssignedTo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignments {
    /// Assigned principals.
    pub assignees: Vec<Assignee>,
    /// False when Graph had more than one page: an absent user may be on a later one.
    pub complete: bool,
}

/// One assigned principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignee {
    /// Object id of the user, group or service principal.
    pub id: String,
    /// What it is.
    pub kind: AssigneeKind,
    /// Its display name.
    pub display_name: String,
}

/// `principalType` of an assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssigneeKind {
    /// A user.
    User,
    /// A group (its members are assigned through it).
    Group,
    /// A service principal.
    ServicePrincipal,
}

/// An OAuth2 permission grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermissionGrant {
    /// Grant id.
    pub id: String,
    /// Space-separated scopes.
    pub scope: String,
}

impl PermissionGrant {
    /// Whether the grant includes `user_impersonation`.
    pub(crate) fn has_user_impersonation(&self) -> bool {
        self.scope
            .split_whitespace()
            .any(|s| s == "user_impersonation")
    }
}

/// A Home Realm Discovery policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HrdPolicy {
    /// Policy id.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// `AllowCloudPasswordValidation` in its definition.
    pub allows_cloud_password_validation: bool,
}

/// What the tenant's default app-management policy allows for client secrets (Graph
/// `tenantAppManagementPolicy` → `applicationRestrictions.passwordCredentials`, each a
/// `passwordCredentialConfiguration`). Only an enabled policy restricts anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// `passwordAddition`: no secret may be added to the apps it covers.
    pub addition_blocked: Option<PolicyScope>,
    /// `passwordLifetime`: the longest lifetime in days, for the apps it covers.
    pub max_lifetime: Option<(u32, PolicyScope)>,
}

/// Which apps a restriction covers: `restrictForAppsCreatedAfterDateTime` — "Enforces the
/// policy for an app created on or after the enforcement date … To apply to all applications,
/// enforcement datetime would be `null`" (microsoft-graph-docs-contrib,
/// `api-reference/v1.0/resources/passwordcredentialconfiguration.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PolicyScope {
    /// The enforcement date (Unix seconds); `None` covers every app.
    pub apps_created_from: Option<u64>,
}

impl PolicyScope {
    /// Whether an app created at `app_created` is covered. An app whose creation time is unknown
    /// counts as covered: the stricter reading.
    pub fn covers(&self, app_created: Option<u64>) -> bool {
        match (self.apps_created_from, app_created) {
            (Some(from), Some(created)) => created >= from,
            _ => true,
        }
    }
}

impl PasswordPolicy {
    /// Whether secrets may not be added to an app created at `app_created`.
    pub(crate) fn blocks_secrets(&self, app_created: Option<u64>) -> bool {
        self.addition_blocked
            .is_some_and(|scope| scope.covers(app_created))
    }

    /// The longest secret lifetime in days for an app created at `app_created`, if limited.
    pub fn max_lifetime_days(&self, app_created: Option<u64>) -> Option<u32> {
        self.max_lifetime
            .filter(|(_, scope)| scope.covers(app_created))
            .map(|(days, _)| days)
    }
}

/// A Dataverse environment from Global Discovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    /// Organization id.
    pub id: String,
    /// Unique name.
    pub unique_name: String,
    /// Friendly name.
    pub friendly_name: String,
    /// App URL (`https://org.crm.dynamics.com`) — Marketo's org URL.
    pub url: String,
    /// Web API URL (`https://org.api.crm.dynamics.com`).
    pub api_url: String,
    /// `State == 0`.
    pub enabled: bool,
    /// `StatusMessage == 6` (ready) when reported.
    pub ready: bool,
    /// Version, e.g. `9.2.24091.00200`.
    pub version: String,
    /// Region code, e.g. `NA`.
    pub region: String,
    /// Whether the signed-in admin is System Administrator there.
    pub is_user_sys_admin: bool,
    /// `OrganizationType` (Int32 on the wire), `None` when Global Discovery did not say.
    pub organization_type: Option<i32>,
    /// `Purpose`: the free text entered when the environment was created.
    pub purpose: String,
    /// `TrialExpirationDate` (Unix seconds), for a trial.
    pub trial_expires: Option<u64>,
}

impl Environment {
    /// The short label of an environment's kind, as the picker's Kind column shows it (the check's
    /// finding, with why and fix, follows the table).
    pub fn kind_label(&self, lang: Lang) -> String {
        use EnvironmentKind as Kind;
        if let Some(expires) = self.trial_expires {
            return fill(text(lang, Msg::KindTrialUntil), &[&date(lang, expires)]);
        }
        let msg = match self.kind() {
            Kind::Production => Msg::KindProduction,
            Kind::Default => Msg::KindDefault,
            Kind::Sandbox => Msg::KindSandbox,
            Kind::Trial => Msg::KindTrial,
            Kind::Developer => Msg::KindDeveloper,
            Kind::Teams => Msg::KindTeams,
            Kind::Preview => Msg::KindPreview,
            Kind::Other(n) => return fill(text(lang, Msg::KindOther), &[&n.to_string()]),
            Kind::NotGiven => Msg::KindNotGiven,
        };
        text(lang, msg).to_owned()
    }

    /// What kind of environment `OrganizationType` says this is.
    pub fn kind(&self) -> EnvironmentKind {
        EnvironmentKind::of(self.organization_type)
    }
}

/// The kind of a Dataverse environment, from Global Discovery's `OrganizationType`. Its values
/// are the `OrganizationType` EnumType of the Web API (MicrosoftDocs/powerapps-docs
/// `powerapps-docs/developer/data-platform/discovery-service.md`: "Values correspond to the
/// OrganizationType EnumType"), listed with their numbers in microsoft/PowerApps-Samples
/// `dataverse/MAUI/DataverseMauiApp/OrganizationType.cs` and the Web API reference page
/// `webapi/reference/organizationtype` (16 Platform, "For internal use only").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvironmentKind {
    /// 0 Customer ("Primary organization") and 4 Secondary ("Production instances").
    Production,
    /// 12 Default: the tenant's default environment.
    Default,
    /// 5 CustomerTest and 6 CustomerFreeTest ("Sandbox instances").
    Sandbox,
    /// 9 TestDrive, 11 EmailTrial and 14 Trial.
    Trial,
    /// 13 Developer ("Organization to support PowerPlatform developer scenarios").
    Developer,
    /// 15 Teams (Dataverse for Teams).
    Teams,
    /// 7 CustomerPreview (release preview).
    Preview,
    /// Another value: Microsoft-internal (1, 2, 3, 8, 10, 16) or one not listed when this was written.
    Other(i32),
    /// Global Discovery did not give `OrganizationType`.
    NotGiven,
}

impl EnvironmentKind {
    /// The kind of an `OrganizationType` value.
    pub fn of(organization_type: Option<i32>) -> Self {
        match organization_type {
            None => EnvironmentKind::NotGiven,
            Some(0 | 4) => EnvironmentKind::Production,
            Some(12) => EnvironmentKind::Default,
            Some(5 | 6) => EnvironmentKind::Sandbox,
            Some(9 | 11 | 14) => EnvironmentKind::Trial,
            Some(13) => EnvironmentKind::Developer,
            Some(15) => EnvironmentKind::Teams,
            Some(7) => EnvironmentKind::Preview,
            Some(other) => EnvironmentKind::Other(other),
        }
    }
}

/// The Dataverse side of a Marketo setup, in one environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataverseFacts {
    /// The environment these facts are about (its app URL, Marketo's org URL).
    pub environment_url: String,
    /// Its Web API origin (`https://org.api.crm.dynamics.com`), where the step runners write.
    pub api_url: String,
    /// The organization's base language (`organization.languagecode`), for new labels; `None` when
    /// it could not be read.
    pub base_language_code: Option<u32>,
    /// The signed-in admin as Dataverse sees them (`WhoAmI`).
    pub whoami: WhoAmI,
    /// `RetrieveVersion`.
    pub version: String,
    /// The root business unit.
    pub root_business_unit: BusinessUnit,
    /// The Marketo solution, if installed.
    pub solution: Option<Solution>,
    /// Each business unit's copy of the Marketo Sync User role.
    pub marketo_roles: Vec<Role>,
    /// The application user of the Marketo app, if it exists (active, not soft-deleted).
    pub application_user: Option<SystemUser>,
    /// Role ids the application user holds.
    pub application_user_role_ids: Vec<String>,
    /// Everyone holding any copy of the Marketo Sync User role.
    pub role_holders: Vec<SystemUser>,
    /// Which copy each holder holds. Not always their own business unit's: with record
    /// ownership across business units a user holds roles "from each business unit whose data
    /// they need to access" (power-platform, `power-platform/admin/wp-security-cds.md`).
    pub role_assignments: Vec<RoleAssignment>,
    /// The Marketo Config table and its Default record, as discovered.
    pub marketo_config: Option<MarketoConfig>,
    /// The solution's plug-in steps.
    pub plugin_steps: Vec<PluginStep>,
    /// `new_synctomkto` on each table asked about.
    pub sync_filter_columns: Vec<SyncFilterColumn>,
    /// Where `new_synctomkto` can be created (read only when a sync filter is asked for).
    pub sync_filter_home: Option<SyncFilterHome>,
    /// Whether customizations await publishing (`None` when it cannot be told).
    pub unpublished_customizations: Option<bool>,
    /// Set by a run, never read from the tenant: a step of this run changed what Marketo's
    /// procedure publishes afterwards (the Marketo User), so the run's Publish still runs.
    pub publish_due: bool,
    /// The environment's IP firewall (an advisory read: unknown when it cannot be read).
    pub firewall: Observed<Firewall>,
    /// The sync user's effective privileges among [`SYNC_PRIVILEGES`], read in the round after
    /// its id is known (S2S: the application user; client app: the picked user); `None` before.
    pub sync_user_privileges: Option<Observed<Vec<HeldPrivilege>>>,
}

/// The privileges Marketo's sync uses: it creates and updates leads and contacts and reads
/// accounts, opportunities and users (AdobeDocs/marketo.en `…/microsoft-dynamics-sync/` pages on
/// what syncs; the role Marketo ships grants them). Names are "prv + Verb + Table SchemaName"
/// (`security-access-coding.md`); a user's privilege is `prvReadUser`. Marketo Config's Read
/// privilege is asked for beside them, by the name its table's metadata lists
/// ([`MarketoConfig::read_privilege`]): the table's schema name is Marketo's, not public.
pub(crate) const SYNC_PRIVILEGES: &[&str] = &[
    "prvReadLead",
    "prvCreateLead",
    "prvWriteLead",
    "prvReadContact",
    "prvCreateContact",
    "prvWriteContact",
    "prvReadAccount",
    "prvReadOpportunity",
    "prvReadUser",
];

/// One privilege and the deepest depth the sync user holds it at (`None`: not held).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldPrivilege {
    /// Privilege name.
    pub name: String,
    /// The depth, if held.
    pub depth: Option<PrivilegeDepth>,
}

/// `PrivilegeDepth` (Web API EnumType: Basic 0, Local 1, Deep 2, Global 3, RecordFilter 4),
/// ordered by reach; RecordFilter ranks lowest (it limits to filtered records).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrivilegeDepth {
    /// A depth this page does not know.
    Other,
    /// RecordFilter.
    RecordFilter,
    /// The user's own records.
    Basic,
    /// The user's business unit.
    Local,
    /// The business unit and those below.
    Deep,
    /// The whole organization.
    Global,
}

impl PrivilegeDepth {
    /// The depth named by its EnumType member name (as the Web API sends it) or its number.
    pub fn of(name: &str) -> Self {
        match name {
            "Basic" | "0" => PrivilegeDepth::Basic,
            "Local" | "1" => PrivilegeDepth::Local,
            "Deep" | "2" => PrivilegeDepth::Deep,
            "Global" | "3" => PrivilegeDepth::Global,
            "RecordFilter" | "4" => PrivilegeDepth::RecordFilter,
            _ => PrivilegeDepth::Other,
        }
    }
}

/// The Dataverse IP firewall settings of the `organization` row (MicrosoftDocs/powerapps-docs
/// `powerapps-docs/developer/data-platform/reference/entities/organization.md`; behaviour in
/// MicrosoftDocs/power-platform `power-platform/admin/ip-firewall.md`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Firewall {
    /// `enableipbasedfirewallrule`.
    pub enabled: bool,
    /// `enableipbasedfirewallruleinauditmode`: "In audit-only mode, the IP firewall identifies the
    /// IP addresses that are making calls to the environment and allows them all".
    pub audit_only: bool,
    /// `allowediprangeforfirewall`: "CIDR notation, separated by a comma".
    pub allowed_ranges: Vec<String>,
    /// `allowapplicationuseraccess`: "allows all application users third-party and first-party
    /// access to Dataverse APIs". `None` when the row leaves it null: the two Microsoft pages give
    /// different defaults (False in the table reference, true in ip-firewall.md), so nothing is
    /// assumed.
    pub application_users_allowed: Option<bool>,
}

/// `WhoAmI`'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhoAmI {
    /// systemuserid of the caller.
    pub user_id: String,
    /// The caller's business unit.
    pub business_unit_id: String,
    /// Organization id.
    pub organization_id: String,
}

/// A business unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessUnit {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// An installed solution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    /// Id.
    pub id: String,
    /// Unique name (discovered; not public for Marketo's).
    pub unique_name: String,
    /// Friendly name ("Marketo Lead Management").
    pub friendly_name: String,
    /// Version, e.g. `5.0.2.1`.
    pub version: String,
}

/// A security role (one copy per business unit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// Id of this copy.
    pub id: String,
    /// Name.
    pub name: String,
    /// The business unit owning this copy.
    pub business_unit_id: String,
}

/// A Dataverse user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemUser {
    /// systemuserid.
    pub id: String,
    /// Full name.
    pub full_name: String,
    /// Primary e-mail (`internalemailaddress`) — Marketo's username in S2S mode.
    pub email: Option<String>,
    /// Set for application users.
    pub application_id: Option<String>,
    /// Entra object id.
    pub azure_object_id: Option<String>,
    /// Disabled.
    pub disabled: bool,
    /// 4 = non-interactive.
    pub access_mode: Option<i32>,
    /// Business unit.
    pub business_unit_id: Option<String>,
    /// `islicensed`, when read.
    pub licensed: Option<bool>,
    /// `domainname`: the User Name (for people, the Entra user principal name) — Marketo's
    /// username in client-app mode.
    pub user_name: Option<String>,
}

/// Where the sync filter column can be created. Marketo needs the exact name `new_synctomkto`
/// (AdobeDocs/marketo.en, `…/microsoft-dynamics-sync/create-a-custom-dynamics-sync-filter.md`:
/// "the Name field must be exactly new_synctomkto. You must use new as the default prefix"), and
/// a column's schema name carries "the customization prefix that matches the solution publisher"
/// (powerapps-docs `webapi/create-update-entity-definitions-using-web-api.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncFilterHome {
    /// An unmanaged solution whose publisher's prefix is `new`, by unique name.
    Solution(String),
    /// No solution of a publisher with the `new` prefix exists.
    Nowhere,
}

impl DataverseFacts {
    /// The solution to create `new_synctomkto` in, when one of a `new` publisher is known.
    pub fn sync_filter_solution(&self) -> Option<&str> {
        match &self.sync_filter_home {
            Some(SyncFilterHome::Solution(name)) => Some(name),
            _ => None,
        }
    }
}

/// A user holding one copy of the Marketo Sync User role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignment {
    /// systemuserid.
    pub user_id: String,
    /// roleid of the copy.
    pub role_id: String,
}

/// The Marketo Config table, as discovered from the solution's components (schema names are not public).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketoConfig {
    /// Table logical name.
    pub logical_name: String,
    /// Entity set name for Web API URLs.
    pub entity_set: String,
    /// The primary key column (the record id's property name in Web API rows).
    pub primary_id_attribute: String,
    /// The primary name column (holds "Default").
    pub primary_name_attribute: String,
    /// Logical name of the "Marketo User" lookup column.
    pub user_lookup_attribute: String,
    /// Navigation property name for `@odata.bind` on that lookup.
    pub user_navigation_property: String,
    /// The name of its Read privilege, as its metadata gives it (`None`: not listed).
    pub read_privilege: Option<String>,
    /// The Default record's id, if present.
    pub default_record_id: Option<String>,
    /// The Default record's Marketo User (systemuserid), if set.
    pub default_marketo_user_id: Option<String>,
}

/// A plug-in step (`sdkmessageprocessingstep`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginStep {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `statecode == 0`.
    pub enabled: bool,
}

/// The `new_synctomkto` column on one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncFilterColumn {
    /// Table logical name (lead, contact, account, opportunity, …).
    pub table: String,
    /// Whether the column exists.
    pub exists: bool,
    /// Whether it is a Two Options (Boolean) column.
    pub is_boolean: bool,
    /// Its default value, when Boolean.
    pub default_value: Option<bool>,
}
