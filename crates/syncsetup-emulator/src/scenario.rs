//! Named seeds of the emulated directory: one tenant, its users and the app registrations the
//! emulator knows. The `demo` scenario is the default and its values are a public contract: the
//! SPA's demo config, the end-to-end tests and the docs all name them, so they live as constants in
//! [`demo`] and nowhere else. Redirect URIs that depend on the port picked at start are derived
//! from [`Hosts`] when the scenario is built.

use crate::directory::Directory;
use crate::Hosts;

/// The exact values of the `demo` scenario (tenant "Contoso", two users, the tool's SPA app).
pub mod demo {
    /// Scenario name on the command line (also the default).
    pub const NAME: &str = "demo";
    /// Tenant id (GUID) of Contoso.
    pub const TENANT_ID: &str = "3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a";
    /// Tenant display name.
    pub const TENANT_NAME: &str = "Contoso";
    /// The tenant's only verified domain (managed, default, initial).
    pub const TENANT_DOMAIN: &str = "contoso.onmicrosoft.com";

    /// The admin user: Global Administrator.
    pub const ADMIN_NAME: &str = "Adele Vance";
    /// UPN (and mail) of the admin.
    pub const ADMIN_UPN: &str = "adele@contoso.onmicrosoft.com";
    /// Object id of the admin.
    pub const ADMIN_OID: &str = "6e8a1f0c-2b3d-4c5e-8f70-91a2b3c4d5e6";

    /// The plain user: no directory role.
    pub const USER_NAME: &str = "Megan Bowen";
    /// UPN (and mail) of the plain user.
    pub const USER_UPN: &str = "megan@contoso.onmicrosoft.com";
    /// Object id of the plain user.
    pub const USER_OID: &str = "9b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";

    /// Password of both users, for a later ROPC emulation (not used by the code flow).
    pub const PASSWORD: &str = "Passw0rd!";

    /// Client id of the tool's own app registration.
    pub const CLIENT_ID: &str = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    /// Display name of the tool's own app registration.
    pub const CLIENT_NAME: &str = "Sync Setup for Marketo (SPA)";
    /// Path (on the app host) of the redirect URI registered as `web`, which exists only so that
    /// tests can provoke AADSTS9002326.
    pub const WEB_REDIRECT_PATH: &str = "/web-callback";
    /// The `publicClient` ("mobile and desktop") redirect URI; any port matches, per Entra's
    /// localhost rule. MSAL Python's auth code flow uses it.
    pub const PUBLIC_CLIENT_REDIRECT_URI: &str = "http://localhost";
}

/// Role template id of "Global Administrator" (the same in every tenant); Entra puts role
/// template ids in the `wids` claim.
pub const GLOBAL_ADMINISTRATOR_ROLE_ID: &str = "62e90394-69f5-4237-9190-012177145e10";

/// App id of Microsoft Graph (the same in every tenant).
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// App id of Dynamics CRM (covers Global Discovery and every Dataverse org).
pub const DYNAMICS_CRM_APP_ID: &str = "00000007-0000-0000-c000-000000000000";

/// The emulated directory.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Scenario name.
    pub name: String,
    /// The one tenant.
    pub tenant: Tenant,
    /// Users of the tenant, in sign-in page order.
    pub users: Vec<User>,
    /// App registrations that can sign users in.
    pub apps: Vec<AppRegistration>,
    /// The directory objects the scenario starts with (applications, service principals, grants,
    /// policies). This is the *seed*: the live directory is `AppState::directory()`, which a
    /// reset restores from here.
    pub directory: Directory,
    /// The Dataverse environments the scenario starts with (the seed; the live copy is
    /// `AppState::dataverse()`, which a reset restores from here). Built by
    /// [`crate::dataverse::seed::world_for`] from the scenario's users.
    pub dataverse: crate::dataverse::store::World,
}

/// A tenant.
#[derive(Clone, Debug)]
pub struct Tenant {
    /// Tenant id (GUID).
    pub id: String,
    /// Organization display name.
    pub display_name: String,
    /// Verified domains.
    pub domains: Vec<VerifiedDomain>,
}

/// A verified domain of a tenant.
#[derive(Clone, Debug)]
pub struct VerifiedDomain {
    /// Domain name.
    pub name: String,
    /// Whether it is the default domain.
    pub is_default: bool,
    /// Whether it is the initial `*.onmicrosoft.com` domain.
    pub is_initial: bool,
    /// `Managed` or `Federated`.
    pub kind: String,
}

/// A user of the tenant.
#[derive(Clone, Debug)]
pub struct User {
    /// Object id (GUID).
    pub oid: String,
    /// Display name.
    pub display_name: String,
    /// Given name.
    pub given_name: String,
    /// Surname.
    pub surname: String,
    /// User principal name.
    pub upn: String,
    /// Mail address.
    pub mail: String,
    /// Password for a later ROPC emulation.
    pub password: String,
    /// Directory roles by display name (e.g. "Global Administrator").
    pub roles: Vec<String>,
    /// Directory role template ids (the `wids` claim).
    pub role_template_ids: Vec<String>,
    /// Whether sign-ins need multi-factor authentication (ROPC then fails with AADSTS50076).
    pub mfa_required: bool,
}

/// Who may sign in to an app (Entra's `signInAudience`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInAudience {
    /// Single tenant (`AzureADMyOrg`): `/organizations` and `/common` give AADSTS50194.
    MyOrg,
    /// Any Entra tenant (`AzureADMultipleOrgs`).
    MultipleOrgs,
}

/// An app registration.
#[derive(Clone, Debug)]
pub struct AppRegistration {
    /// Application (client) id.
    pub client_id: String,
    /// Display name.
    pub display_name: String,
    /// Sign-in audience.
    pub audience: SignInAudience,
    /// Redirect URIs registered under the "Single-page application" platform.
    pub spa_redirect_uris: Vec<String>,
    /// Redirect URIs registered under the "Web" platform.
    pub web_redirect_uris: Vec<String>,
    /// Redirect URIs registered under "Mobile and desktop applications".
    pub public_client_redirect_uris: Vec<String>,
    /// Statically configured delegated permissions (`requiredResourceAccess`): resource app id and
    /// scope names. `.default` expands to these.
    pub required_resource_access: Vec<(String, Vec<String>)>,
}

impl Scenario {
    /// Builds the scenario called `name`, or `None` if there is no such scenario.
    /// `extra_spa_redirect_uris` are added to the tool app's `spa` redirect URIs.
    /// Every scenario starts as the `demo` tenant; the directory side of each name is applied by
    /// [`crate::directory::seed::apply`].
    pub fn by_name(name: &str, hosts: &Hosts, extra_spa_redirect_uris: &[String]) -> Option<Self> {
        let mut scenario = Self::base(hosts, extra_spa_redirect_uris);
        if !crate::directory::seed::apply(name, &mut scenario) {
            return None;
        }
        scenario.name = name.to_string();
        scenario.dataverse = crate::dataverse::seed::world_for(name, &scenario);
        Some(scenario)
    }

    /// Names accepted by [`Scenario::by_name`].
    pub fn names() -> &'static [&'static str] {
        crate::directory::seed::SCENARIO_NAMES
    }

    /// The `demo` scenario.
    pub fn demo(hosts: &Hosts, extra_spa_redirect_uris: &[String]) -> Self {
        Self::by_name(demo::NAME, hosts, extra_spa_redirect_uris).expect("demo is a scenario")
    }

    /// The `demo` tenant before any scenario is applied (empty directory).
    fn base(hosts: &Hosts, extra_spa_redirect_uris: &[String]) -> Self {
        let mut spa_redirect_uris = vec![format!("{}/", hosts.app)];
        spa_redirect_uris.extend(extra_spa_redirect_uris.iter().cloned());
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Scenario {
            name: demo::NAME.into(),
            tenant: Tenant {
                id: demo::TENANT_ID.into(),
                display_name: demo::TENANT_NAME.into(),
                domains: vec![VerifiedDomain {
                    name: demo::TENANT_DOMAIN.into(),
                    is_default: true,
                    is_initial: true,
                    kind: "Managed".into(),
                }],
            },
            users: vec![
                User {
                    oid: demo::ADMIN_OID.into(),
                    display_name: demo::ADMIN_NAME.into(),
                    given_name: "Adele".into(),
                    surname: "Vance".into(),
                    upn: demo::ADMIN_UPN.into(),
                    mail: demo::ADMIN_UPN.into(),
                    password: demo::PASSWORD.into(),
                    roles: vec!["Global Administrator".into()],
                    role_template_ids: vec![GLOBAL_ADMINISTRATOR_ROLE_ID.into()],
                    mfa_required: false,
                },
                User {
                    oid: demo::USER_OID.into(),
                    display_name: demo::USER_NAME.into(),
                    given_name: "Megan".into(),
                    surname: "Bowen".into(),
                    upn: demo::USER_UPN.into(),
                    mail: demo::USER_UPN.into(),
                    password: demo::PASSWORD.into(),
                    roles: vec![],
                    role_template_ids: vec![],
                    mfa_required: false,
                },
            ],
            apps: vec![AppRegistration {
                client_id: demo::CLIENT_ID.into(),
                display_name: demo::CLIENT_NAME.into(),
                audience: SignInAudience::MultipleOrgs,
                spa_redirect_uris,
                web_redirect_uris: vec![format!("{}{}", hosts.app, demo::WEB_REDIRECT_PATH)],
                public_client_redirect_uris: vec![demo::PUBLIC_CLIENT_REDIRECT_URI.into()],
                // The delegated Graph permissions the SPA asks for (`GRAPH_SCOPES` in
                // syncsetup-core; microsoft-graph-docs-contrib
                // `concepts/permissions-reference.md`) plus Dynamics CRM user_impersonation.
                required_resource_access: vec![
                    (
                        GRAPH_APP_ID.into(),
                        strings(&[
                            "User.Read",
                            "Application.ReadWrite.All",
                            "DelegatedPermissionGrant.ReadWrite.All",
                            "Policy.Read.All",
                            "Directory.Read.All",
                        ]),
                    ),
                    (DYNAMICS_CRM_APP_ID.into(), strings(&["user_impersonation"])),
                ],
            }],
            directory: Directory::default(),
            dataverse: Default::default(),
        }
    }

    /// Resolves a `{tenant}` path segment (GUID or verified domain, case-insensitive) to the tenant.
    pub fn tenant_by_segment(&self, segment: &str) -> Option<&Tenant> {
        let t = &self.tenant;
        let matches = t.id.eq_ignore_ascii_case(segment)
            || t.domains
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(segment));
        matches.then_some(t)
    }

    /// The app registration with this client id.
    pub fn app(&self, client_id: &str) -> Option<&AppRegistration> {
        self.apps
            .iter()
            .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
    }

    /// The user with this UPN (case-insensitive).
    pub fn user_by_upn(&self, upn: &str) -> Option<&User> {
        self.users.iter().find(|u| u.upn.eq_ignore_ascii_case(upn))
    }

    /// The user with this object id.
    pub fn user_by_oid(&self, oid: &str) -> Option<&User> {
        self.users.iter().find(|u| u.oid.eq_ignore_ascii_case(oid))
    }
}

/// The Dataverse side of the scenarios: environment names and the Marketo solution's pieces.
/// Microsoft and Adobe publish only the UI labels of the Marketo solution ("Marketo Lead
/// Management", "Marketo Sync User", "Marketo Config" › "Default" › "Marketo User"), not its unique
/// name, publisher prefix or schema names (see AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-s2s-connection/step-1-of-3-install.md` and
/// `…/step-2-of-3-set-up.md`). So each scenario picks one of several name sets
/// ([`dataverse::MarketoNames`]): a client that hard-codes schema names instead of discovering
/// them through `solutions`, `solutioncomponents` and `EntityDefinitions` fails in some scenario.
pub mod dataverse {
    /// URL name of the main environment (`http://contoso.crm.localhost:P`).
    pub const ORG_URL_NAME: &str = "contoso";
    /// Friendly name of the main environment.
    pub const ORG_FRIENDLY_NAME: &str = "Contoso Sales";
    /// Number of environments in the `large` scenario (the main one included).
    pub const LARGE_ENVIRONMENTS: usize = 50;

    /// Friendly name of the Marketo solution (public, MK S2S step 1).
    pub const SOLUTION_FRIENDLY_NAME: &str = "Marketo Lead Management";
    /// Latest Marketo solution version (10/13/23).
    pub const LATEST_VERSION: &str = "5.0.2.1";
    /// Version installed in the `old-solution` scenario (before 4.0.0.14).
    pub const OLD_VERSION: &str = "4.0.0.12";
    /// Name of the Marketo security role (one copy per business unit).
    pub const ROLE_NAME: &str = "Marketo Sync User";
    /// Display name of the Marketo Config table.
    pub const CONFIG_DISPLAY_NAME: &str = "Marketo Config";
    /// Display name of its lookup to the sync user.
    pub const USER_DISPLAY_NAME: &str = "Marketo User";
    /// Primary name of the configuration record Marketo reads.
    pub const DEFAULT_RECORD_NAME: &str = "Default";
    /// Unique name of the unmanaged solution whose publisher has the `new` prefix (for the
    /// `new_synctomkto` column: AdobeDocs/marketo.en `…/create-a-custom-dynamics-sync-filter.md`,
    /// `…/set-a-default-custom-field-prefix.md`).
    pub const CUSTOMIZATIONS_SOLUTION: &str = "ContosoCustomizations";
    /// Prefix of the org's default publisher (not `new`: columns created without
    /// `MSCRM.SolutionUniqueName` must use it).
    pub const DEFAULT_PUBLISHER_PREFIX: &str = "cr3b0";

    /// One set of the Marketo solution's non-public names.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct MarketoNames {
        /// `solution.uniquename`.
        pub solution_unique_name: &'static str,
        /// `publisher.uniquename`.
        pub publisher_unique_name: &'static str,
        /// `publisher.customizationprefix`.
        pub prefix: &'static str,
        /// Logical name of the Marketo Config table.
        pub config_table: &'static str,
        /// Its entity set name.
        pub config_set: &'static str,
        /// Schema name of the Marketo Config table.
        pub config_schema: &'static str,
        /// Logical name of its "Marketo User" lookup column.
        pub user_column: &'static str,
        /// Schema name of that column (also the navigation property for `@odata.bind`).
        pub user_column_schema: &'static str,
        /// Logical name of the Marketo Log table (a second table in the solution).
        pub log_table: &'static str,
    }

    /// The name sets scenarios choose from.
    pub const MARKETO_NAME_SETS: [MarketoNames; 3] = [
        MarketoNames {
            solution_unique_name: "MarketoLeadManagement",
            publisher_unique_name: "marketo",
            prefix: "mkto",
            config_table: "mkto_marketoconfig",
            config_set: "mkto_marketoconfigs",
            config_schema: "mkto_MarketoConfig",
            user_column: "mkto_marketouserid",
            user_column_schema: "mkto_MarketoUserId",
            log_table: "mkto_marketolog",
        },
        MarketoNames {
            solution_unique_name: "MarketoSync",
            publisher_unique_name: "MarketoInc",
            prefix: "mrkt",
            config_table: "mrkt_config",
            config_set: "mrkt_configs",
            config_schema: "mrkt_Config",
            user_column: "mrkt_syncuser",
            user_column_schema: "mrkt_SyncUser",
            log_table: "mrkt_synclog",
        },
        MarketoNames {
            solution_unique_name: "AdobeMarketoIntegration",
            publisher_unique_name: "adobemarketo",
            prefix: "adbm",
            config_table: "adbm_marketoconfiguration",
            config_set: "adbm_marketoconfigurations",
            config_schema: "adbm_MarketoConfiguration",
            user_column: "adbm_marketouser",
            user_column_schema: "adbm_MarketoUser",
            log_table: "adbm_marketolog",
        },
    ];

    /// The name set of a scenario: `demo` and `fresh` (the same environment) use the first set,
    /// the others one chosen by a hash of the scenario name.
    pub fn marketo_names(scenario: &str) -> &'static MarketoNames {
        let key = if scenario == super::demo::NAME {
            "fresh"
        } else {
            scenario
        };
        if key == "fresh" {
            return &MARKETO_NAME_SETS[0];
        }
        let h = key
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        &MARKETO_NAME_SETS[(h as usize) % MARKETO_NAME_SETS.len()]
    }

    /// The "Marketo Integration" app of `half-configured` (its application user exists in
    /// Dataverse; the app has no service principal).
    pub use crate::directory::seed::half_configured::APP_ID as HALF_CONFIGURED_APP_ID;
}
