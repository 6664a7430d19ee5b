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
                // The Graph permissions of the contract's §2.14 plus Dynamics CRM
                // user_impersonation.
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
