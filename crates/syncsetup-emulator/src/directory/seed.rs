//! The directory side of each named scenario: which users hold which directory roles, which
//! domains are federated, which first-party service principals exist (Microsoft Graph, Dynamics
//! CRM), which applications are already registered, and the tenant's app-management policy.
//! [`apply`] adjusts a base scenario (the `demo` tenant) for a scenario name; the Dataverse side
//! of the same scenarios is set elsewhere.
//!
//! The ids of Microsoft's permissions (Graph's delegated scopes and app roles, Dynamics CRM's
//! `user_impersonation`) are Microsoft's real ones, so that clients that fall back to a known id
//! agree with what the emulator publishes. Builders stay cheap: the `large` scenario's ten thousand
//! applications carry only their distinguishing fields; Graph's default properties are filled in
//! when an object is rendered.

use serde_json::{json, Map};

use super::{
    sha256_hex, AppManagementPolicy, AppRoleAssignment, Application, Directory,
    OAuth2PermissionGrant, PasswordCredential, PasswordRestriction, Permission,
    RequiredResourceAccess, ResourceAccess, ServicePrincipal,
};
use crate::scenario::{
    demo, Scenario, User, VerifiedDomain, DYNAMICS_CRM_APP_ID, GLOBAL_ADMINISTRATOR_ROLE_ID,
    GRAPH_APP_ID,
};

/// Tenant id of Microsoft's own services tenant, the `appOwnerOrganizationId` of first-party
/// service principals such as Microsoft Graph and Dynamics CRM.
pub const MICROSOFT_SERVICES_TENANT_ID: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
/// Tenant that publishes the tool's multi-tenant app (a stand-in for the vendor's tenant).
pub const TOOL_PUBLISHER_TENANT_ID: &str = "72f988bf-0000-4000-8000-00000000a001";

/// Object id of Microsoft Graph's service principal in the emulated tenant.
pub const GRAPH_SP_ID: &str = "2b6f3c1a-8e44-4a70-9d2c-5f1e0a7b6c01";
/// Object id of Dynamics CRM's service principal in the emulated tenant (absent in `no-dynamics`).
pub const DYNAMICS_SP_ID: &str = "2b6f3c1a-8e44-4a70-9d2c-5f1e0a7b6c02";
/// Object id of the tool's (multi-tenant) service principal: admin consent created it.
pub const TOOL_SP_ID: &str = "2b6f3c1a-8e44-4a70-9d2c-5f1e0a7b6c03";

/// Id of Dynamics CRM's `user_impersonation` delegated permission (Microsoft's value).
pub const DYNAMICS_USER_IMPERSONATION_ID: &str = "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4";

/// The "CLI automation" app registration: a confidential client with Graph application
/// permissions (Application.ReadWrite.All), for tools that sign in as a service principal, such
/// as the Azure CLI (`az login --service-principal`). Present in every scenario.
pub mod cli {
    /// Object id of the application.
    pub const APP_OBJECT_ID: &str = "4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e01";
    /// Application (client) id.
    pub const APP_ID: &str = "4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e02";
    /// Object id of its service principal.
    pub const SP_ID: &str = "4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e03";
    /// Display name.
    pub const DISPLAY_NAME: &str = "CLI automation";
    /// Its client secret. PUBLIC TEST MATERIAL, valid only against this emulator.
    pub const SECRET: &str = "cli8Q~emulator.test.secret.not.a.real.one";
    /// Key id of that secret.
    pub const SECRET_KEY_ID: &str = "4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e04";
}

/// The pre-existing "Marketo Integration" app of the `half-configured` scenario (no service
/// principal, no grant).
pub mod half_configured {
    /// Object id.
    pub const APP_OBJECT_ID: &str = "8d7e6f50-4a3b-4c2d-9e1f-a0b1c2d3e401";
    /// Client id.
    pub const APP_ID: &str = "8d7e6f50-4a3b-4c2d-9e1f-a0b1c2d3e402";
    /// Display name.
    pub const DISPLAY_NAME: &str = "Marketo Integration";
}

/// The running Marketo S2S connection of `connected` (and of `sp-disabled`, where its enterprise
/// application is disabled): a single-tenant "Marketo Integration" app asking Dynamics CRM
/// `user_impersonation`, its service principal, tenant-wide consent and a client secret Marketo
/// holds — everything AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/
/// step-2-of-3-set-up.md` has the admin create.
pub mod connected {
    /// Object id of the application.
    pub const APP_OBJECT_ID: &str = "6b2c3d4e-5f60-4a71-8b92-c3d4e5f60a01";
    /// Application (client) id.
    pub const APP_ID: &str = "6b2c3d4e-5f60-4a71-8b92-c3d4e5f60a02";
    /// Object id of its service principal.
    pub const SP_ID: &str = "6b2c3d4e-5f60-4a71-8b92-c3d4e5f60a03";
    /// Display name (the page's default app name, so a new session finds it).
    pub const DISPLAY_NAME: &str = "Marketo Integration";
    /// The secret Marketo holds. PUBLIC TEST MATERIAL, valid only against this emulator.
    pub const SECRET: &str = "mkt8Q~emulator.connected.secret.not.real";
    /// Key id of that secret.
    pub const SECRET_KEY_ID: &str = "6b2c3d4e-5f60-4a71-8b92-c3d4e5f60a04";
    /// Its application user's primary e-mail: Marketo's username.
    pub const APP_USER_EMAIL: &str = "marketo.s2s@contoso.onmicrosoft.com";
}

/// Marketo's client-app (ROPC) connection of `ropc-migration` and `assignment-required`: the
/// licensed sync user Marketo signs in as, and (in `assignment-required`) the app Marketo signs in
/// through, whose enterprise application requires assignment without assigning that user.
pub mod ropc {
    /// UPN (and mail) of the sync user.
    pub const SYNC_UPN: &str = "sync.user@contoso.onmicrosoft.com";
    /// Its mailbox: another address than the UPN, as mailboxes often are.
    pub const SYNC_MAIL: &str = "marketo-sync@contoso.onmicrosoft.com";
    /// Display name of the sync user.
    pub const SYNC_NAME: &str = "Marketo Sync";
    /// Entra object id of the sync user (its Dataverse user carries it).
    pub const SYNC_OID: &str = "7c3d4e5f-6071-4b82-9ca3-d4e5f60a1b01";
    /// Object id of the client app of `assignment-required`.
    pub const APP_OBJECT_ID: &str = "7c3d4e5f-6071-4b82-9ca3-d4e5f60a1b02";
    /// Its application (client) id.
    pub const APP_ID: &str = "7c3d4e5f-6071-4b82-9ca3-d4e5f60a1b03";
    /// Object id of its service principal.
    pub const SP_ID: &str = "7c3d4e5f-6071-4b82-9ca3-d4e5f60a1b04";
    /// The client secret Marketo holds for it. PUBLIC TEST MATERIAL, valid only here.
    pub const SECRET: &str = "rpc8Q~emulator.ropc.secret.not.a.real.one";
    /// Key id of that secret.
    pub const SECRET_KEY_ID: &str = "7c3d4e5f-6071-4b82-9ca3-d4e5f60a1b05";
}

/// `duplicate-username`: a person already has the e-mail the page proposes for the application
/// user (`marketo.sync@<default domain>`, the classic name of an old client-app sync user).
pub mod duplicate {
    /// UPN and mail of that person.
    pub const UPN: &str = "marketo.sync@contoso.onmicrosoft.com";
    /// Display name.
    pub const NAME: &str = "Marketo Sync (old)";
    /// Entra object id (its Dataverse user carries it).
    pub const OID: &str = "8d4e5f60-7182-4c93-8db4-e5f60a1b2c01";
}

/// The federated domain and its sync user in the `federated` scenario.
pub mod federated {
    /// The federated (AD FS) domain.
    pub const DOMAIN: &str = "contoso-fed.com";
    /// UPN of the user of that domain (a password, no MFA, no role).
    pub const SYNC_UPN: &str = "sync@contoso-fed.com";
    /// Object id of that user.
    pub const SYNC_OID: &str = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    /// Display name of that user.
    pub const SYNC_NAME: &str = "Dynamics Sync";
}

/// Directory roles the emulator knows: display name, role template id, per-tenant object id.
/// Template ids are Microsoft's (the same in every tenant).
pub const DIRECTORY_ROLES: &[(&str, &str, &str)] = &[
    (
        "Global Administrator",
        GLOBAL_ADMINISTRATOR_ROLE_ID,
        "0a1b9c8d-7e6f-4a5b-8c9d-000000000001",
    ),
    (
        "Application Administrator",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "0a1b9c8d-7e6f-4a5b-8c9d-000000000002",
    ),
    (
        "Cloud Application Administrator",
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "0a1b9c8d-7e6f-4a5b-8c9d-000000000003",
    ),
    (
        "Privileged Role Administrator",
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "0a1b9c8d-7e6f-4a5b-8c9d-000000000004",
    ),
    (
        "Application Developer",
        "cf1c38e5-3621-4004-a7cb-879624dced7c",
        "0a1b9c8d-7e6f-4a5b-8c9d-000000000005",
    ),
    (
        "Global Reader",
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
        "0a1b9c8d-7e6f-4a5b-8c9d-000000000006",
    ),
];

/// Microsoft Graph's delegated permissions the emulator publishes: (value, id).
pub const GRAPH_DELEGATED: &[(&str, &str)] = &[
    ("User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"),
    ("User.ReadWrite", "b4e74841-8e56-480b-be8b-910348b18b4c"),
    ("User.ReadBasic.All", "b340eb25-3456-403f-be2f-af7a0d370277"),
    ("User.Read.All", "a154be20-db9c-4678-8ab7-66f6cc099a59"),
    (
        "Organization.Read.All",
        "4908d5b9-3fb2-4b1e-9336-1888b7937185",
    ),
    ("Directory.Read.All", "06da0dbc-49e2-44d2-8312-53f166ab848a"),
    (
        "Directory.ReadWrite.All",
        "c5366453-9fb0-48a5-a156-24f0c49a4b84",
    ),
    ("Domain.Read.All", "2f9ee017-59c1-4f1d-9472-bd5529a7b311"),
    (
        "RoleManagement.Read.Directory",
        "741c54c3-0c1e-44a1-818b-3f97ab4e8c83",
    ),
    (
        "Application.Read.All",
        "c79f8feb-a9db-4090-85f9-90d820caa0eb",
    ),
    (
        "Application.ReadWrite.All",
        "bdfbf15f-ee85-4955-8675-146e8e5296b5",
    ),
    (
        "DelegatedPermissionGrant.ReadWrite.All",
        "41ce6ca6-6826-4807-84f1-1c82854f7ee5",
    ),
    (
        "AppRoleAssignment.ReadWrite.All",
        "84bccea3-f856-4a8a-967b-dbe0a3d53a64",
    ),
    ("Policy.Read.All", "572fea84-0151-49b2-9301-11cb16974376"),
    (
        "Policy.ReadWrite.ApplicationConfiguration",
        "b27add92-efb2-4f16-84f5-8108ba77985c",
    ),
    // microsoft-graph-docs-contrib `concepts/permissions-reference.md`.
    (
        "OnPremDirectorySynchronization.Read.All",
        "f6609722-4100-44eb-b747-e6ca0536989d",
    ),
    ("email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"),
    ("offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"),
    ("openid", "37f7f235-527c-4136-accd-4a02d197296e"),
    ("profile", "14dad69e-099b-42c9-810b-d002981feec1"),
];

/// Microsoft Graph's application permissions (app roles) the emulator publishes: (value, id).
pub const GRAPH_APP_ROLES: &[(&str, &str)] = &[
    ("User.Read.All", "df021288-bdef-4463-88db-98f22de89214"),
    (
        "Organization.Read.All",
        "498476ce-e0fe-48b0-b801-37ba7e2685c6",
    ),
    ("Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
    (
        "Directory.ReadWrite.All",
        "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
    ),
    ("Domain.Read.All", "dbb9058a-0e50-45d7-ae91-66909b5d4664"),
    (
        "RoleManagement.Read.Directory",
        "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
    ),
    (
        "Application.Read.All",
        "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
    ),
    (
        "Application.ReadWrite.All",
        "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    ),
    (
        "Application.ReadWrite.OwnedBy",
        "18a4783c-866b-4cc7-a460-3d5e5662c884",
    ),
    (
        "DelegatedPermissionGrant.ReadWrite.All",
        "8e8e4742-1d95-4f68-9d56-6ee75648c72a",
    ),
    (
        "AppRoleAssignment.ReadWrite.All",
        "06b708a9-e830-4db3-a914-8e69da51d44f",
    ),
    ("Policy.Read.All", "246dd0d5-5bd0-4def-940b-0421030a5b68"),
    (
        "Policy.ReadWrite.ApplicationConfiguration",
        "be74164b-cff1-491c-8741-e671cb536e13",
    ),
];

/// Names of the scenarios whose directory side this module builds.
pub const SCENARIO_NAMES: &[&str] = &[
    demo::NAME,
    "fresh",
    "federated",
    "half-configured",
    "ropc-migration",
    "connected",
    "sp-disabled",
    "assignment-required",
    "sandbox-env",
    "trial-env",
    "ip-firewall",
    "duplicate-username",
    "conditional-access",
    "missing-privilege",
    "no-marketo-solution",
    "old-solution",
    "not-admin",
    "strict-policy",
    "no-dynamics",
    "large",
];

/// Number of extra applications in the `large` scenario.
pub const LARGE_APPLICATIONS: usize = 10_000;
/// Number of users in the `large` scenario (the two demo users included).
pub const LARGE_USERS: usize = 5_000;

/// Creation time of seeded objects: long before any emulator clock, so replication lag never
/// hides them.
const SEEDED_AT: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

fn permissions(items: &[(&str, &str)]) -> Vec<Permission> {
    items
        .iter()
        .map(|(value, id)| Permission {
            id: id.to_string(),
            value: value.to_string(),
            admin_consent_display_name: value.to_string(),
        })
        .collect()
}

fn first_party_sp(
    id: &str,
    app_id: &str,
    name: &str,
    scopes: Vec<Permission>,
    roles: Vec<Permission>,
) -> ServicePrincipal {
    ServicePrincipal {
        id: id.into(),
        app_id: app_id.into(),
        display_name: name.into(),
        app_owner_organization_id: MICROSOFT_SERVICES_TENANT_ID.into(),
        oauth2_permission_scopes: scopes,
        app_roles: roles,
        created_at: SEEDED_AT,
        other: Map::new(),
    }
}

/// A plain app registration of this tenant with a service principal-less default shape.
pub fn plain_application(id: &str, app_id: &str, name: &str, created_at: i64) -> Application {
    Application {
        id: id.into(),
        app_id: app_id.into(),
        display_name: name.into(),
        sign_in_audience: "AzureADMyOrg".into(),
        required_resource_access: Vec::new(),
        password_credentials: Vec::new(),
        is_fallback_public_client: false,
        created_at,
        other: Map::new(),
    }
}

/// A service principal of an application registered in this tenant.
pub fn own_service_principal(
    id: &str,
    app: &Application,
    tenant_id: &str,
    created_at: i64,
) -> ServicePrincipal {
    ServicePrincipal {
        id: id.into(),
        app_id: app.app_id.clone(),
        display_name: app.display_name.clone(),
        app_owner_organization_id: tenant_id.into(),
        oauth2_permission_scopes: Vec::new(),
        app_roles: Vec::new(),
        created_at,
        other: Map::new(),
    }
}

/// A deterministic GUID-shaped id for seeded bulk objects (`kind` tells object kinds apart).
fn bulk_id(kind: u16, n: usize) -> String {
    format!("{kind:04x}0000-1111-4222-8333-{n:012x}")
}

/// Adjusts `scenario` (built as the `demo` tenant) to the directory side of scenario `name`:
/// users' roles and MFA, domains, and the seeded directory. Returns `false` for unknown names.
pub fn apply(name: &str, scenario: &mut Scenario) -> bool {
    if !SCENARIO_NAMES.contains(&name) {
        return false;
    }
    match name {
        "federated" => {
            scenario.tenant.domains.push(VerifiedDomain {
                name: federated::DOMAIN.into(),
                is_default: false,
                is_initial: false,
                kind: "Federated".into(),
            });
            scenario.users.push(User {
                oid: federated::SYNC_OID.into(),
                display_name: federated::SYNC_NAME.into(),
                given_name: "Dynamics".into(),
                surname: "Sync".into(),
                upn: federated::SYNC_UPN.into(),
                mail: federated::SYNC_UPN.into(),
                password: demo::PASSWORD.into(),
                roles: vec![],
                role_template_ids: vec![],
                mfa_required: false,
            });
        }
        "ropc-migration" | "assignment-required" => {
            // Marketo's client-app sync user exists in Entra too (ROPC signs in as it).
            scenario.users.push(User {
                oid: ropc::SYNC_OID.into(),
                display_name: ropc::SYNC_NAME.into(),
                given_name: "Marketo".into(),
                surname: "Sync".into(),
                upn: ropc::SYNC_UPN.into(),
                mail: ropc::SYNC_MAIL.into(),
                password: demo::PASSWORD.into(),
                roles: vec![],
                role_template_ids: vec![],
                mfa_required: false,
            });
        }
        "duplicate-username" => {
            scenario.users.push(User {
                oid: duplicate::OID.into(),
                display_name: duplicate::NAME.into(),
                given_name: "Marketo".into(),
                surname: "Sync".into(),
                upn: duplicate::UPN.into(),
                mail: duplicate::UPN.into(),
                password: demo::PASSWORD.into(),
                roles: vec![],
                role_template_ids: vec![],
                mfa_required: false,
            });
        }
        "not-admin" => {
            for user in &mut scenario.users {
                user.roles.clear();
                user.role_template_ids.clear();
            }
        }
        "large" => {
            let domain = demo::TENANT_DOMAIN;
            for n in scenario.users.len()..LARGE_USERS {
                scenario.users.push(User {
                    oid: bulk_id(0x0005, n),
                    display_name: format!("User {n:05}"),
                    given_name: "User".into(),
                    surname: format!("{n:05}"),
                    upn: format!("user{n:05}@{domain}"),
                    mail: format!("user{n:05}@{domain}"),
                    password: demo::PASSWORD.into(),
                    roles: vec![],
                    role_template_ids: vec![],
                    mfa_required: false,
                });
            }
        }
        _ => {}
    }
    scenario.directory = directory_for(name, scenario);
    true
}

/// The seeded directory of scenario `name` (users and domains already adjusted).
fn directory_for(name: &str, scenario: &Scenario) -> Directory {
    let tenant_id = scenario.tenant.id.clone();
    let mut dir = Directory::new();

    dir.insert_service_principal(first_party_sp(
        GRAPH_SP_ID,
        GRAPH_APP_ID,
        "Microsoft Graph",
        permissions(GRAPH_DELEGATED),
        permissions(GRAPH_APP_ROLES),
    ));
    if name != "no-dynamics" {
        dir.insert_service_principal(first_party_sp(
            DYNAMICS_SP_ID,
            DYNAMICS_CRM_APP_ID,
            "Dynamics CRM",
            vec![Permission {
                id: DYNAMICS_USER_IMPERSONATION_ID.into(),
                value: "user_impersonation".into(),
                admin_consent_display_name: "Access Common Data Service as organization users"
                    .into(),
            }],
            Vec::new(),
        ));
    }

    // The tool's multi-tenant app has a service principal here (admin consent created it) and
    // tenant-wide grants for what it asks; its application object lives in the publisher's
    // tenant, so `/applications` does not list it.
    for app in &scenario.apps {
        let mut sp = first_party_sp(
            TOOL_SP_ID,
            &app.client_id,
            &app.display_name,
            Vec::new(),
            Vec::new(),
        );
        sp.app_owner_organization_id = TOOL_PUBLISHER_TENANT_ID.into();
        dir.insert_service_principal(sp);
        for (resource_app_id, scopes) in &app.required_resource_access {
            let Some(resource) = dir.service_principal_by_app_id_raw(resource_app_id) else {
                continue;
            };
            let grant = OAuth2PermissionGrant {
                id: format!("tool-grant-{}", resource.id),
                client_id: TOOL_SP_ID.into(),
                consent_type: "AllPrincipals".into(),
                principal_id: None,
                resource_id: resource.id.clone(),
                scope: scopes.join(" "),
            };
            dir.insert_grant(grant);
        }
    }

    // "CLI automation": a confidential client with Graph application permissions.
    let mut cli_app = plain_application(
        cli::APP_OBJECT_ID,
        cli::APP_ID,
        cli::DISPLAY_NAME,
        SEEDED_AT,
    );
    cli_app.password_credentials.push(PasswordCredential {
        key_id: cli::SECRET_KEY_ID.into(),
        hint: cli::SECRET[..3].into(),
        display_name: Some("seeded".into()),
        start: SEEDED_AT,
        // 2099-12-31: the seeded secret does not expire in any test.
        end: 4_102_358_400,
        secret_sha256: sha256_hex(cli::SECRET),
    });
    cli_app
        .required_resource_access
        .push(RequiredResourceAccess {
            resource_app_id: GRAPH_APP_ID.into(),
            resource_access: ["Application.ReadWrite.All", "Directory.Read.All"]
                .iter()
                .map(|v| ResourceAccess {
                    id: graph_app_role_id(v).into(),
                    kind: "Role".into(),
                })
                .collect(),
        });
    let cli_sp = own_service_principal(cli::SP_ID, &cli_app, &tenant_id, SEEDED_AT);
    dir.insert_application(cli_app);
    dir.insert_service_principal(cli_sp);
    for (n, role) in ["Application.ReadWrite.All", "Directory.Read.All"]
        .iter()
        .enumerate()
    {
        dir.insert_app_role_assignment(AppRoleAssignment {
            id: format!("cli-role-{n}"),
            principal_id: cli::SP_ID.into(),
            principal_type: "ServicePrincipal",
            principal_display_name: cli::DISPLAY_NAME.into(),
            resource_id: GRAPH_SP_ID.into(),
            app_role_id: graph_app_role_id(role).into(),
        });
    }

    match name {
        "federated" => {
            // A tenant federated to AD FS whose Entra Connect also synchronizes password
            // hashes: the setup that lets an HRD policy's cloud password validation work.
            dir.password_sync = Some(true);
        }
        "half-configured" => {
            let mut app = plain_application(
                half_configured::APP_OBJECT_ID,
                half_configured::APP_ID,
                half_configured::DISPLAY_NAME,
                SEEDED_AT,
            );
            app.required_resource_access.push(RequiredResourceAccess {
                resource_app_id: DYNAMICS_CRM_APP_ID.into(),
                resource_access: vec![ResourceAccess {
                    id: DYNAMICS_USER_IMPERSONATION_ID.into(),
                    kind: "Scope".into(),
                }],
            });
            dir.insert_application(app);
        }
        "connected" | "sp-disabled" | "missing-privilege" => {
            let mut app = marketo_app(
                connected::APP_OBJECT_ID,
                connected::APP_ID,
                connected::DISPLAY_NAME,
            );
            app.password_credentials.push(PasswordCredential {
                key_id: connected::SECRET_KEY_ID.into(),
                hint: connected::SECRET[..3].into(),
                display_name: Some("Marketo".into()),
                start: SEEDED_AT,
                // 2099-12-31: never expiring in a test.
                end: 4_102_358_400,
                secret_sha256: sha256_hex(connected::SECRET),
            });
            let mut sp = own_service_principal(connected::SP_ID, &app, &tenant_id, SEEDED_AT);
            if name == "sp-disabled" {
                // Enterprise applications › Properties › "Enabled for users to sign-in?" No.
                sp.other
                    .insert("accountEnabled".into(), serde_json::Value::Bool(false));
            }
            dir.insert_application(app);
            dir.insert_service_principal(sp);
            dir.insert_grant(OAuth2PermissionGrant {
                id: "connected-dynamics-grant".into(),
                client_id: connected::SP_ID.into(),
                consent_type: "AllPrincipals".into(),
                principal_id: None,
                resource_id: DYNAMICS_SP_ID.into(),
                scope: "user_impersonation".into(),
            });
        }
        "assignment-required" => {
            // The client app Marketo's ROPC connection signs in through (AdobeDocs/marketo.en
            // `…/microsoft-dynamics-365-with-ropc-connection/step-3-of-4-set-up.md`): consented, but its
            // enterprise application requires assignment (Properties › "Assignment required?"
            // Yes) and only the admin is assigned.
            let mut app = marketo_app(ropc::APP_OBJECT_ID, ropc::APP_ID, connected::DISPLAY_NAME);
            app.password_credentials.push(PasswordCredential {
                key_id: ropc::SECRET_KEY_ID.into(),
                hint: ropc::SECRET[..3].into(),
                display_name: Some("Marketo".into()),
                start: SEEDED_AT,
                end: 4_102_358_400,
                secret_sha256: sha256_hex(ropc::SECRET),
            });
            let mut sp = own_service_principal(ropc::SP_ID, &app, &tenant_id, SEEDED_AT);
            sp.other.insert(
                "appRoleAssignmentRequired".into(),
                serde_json::Value::Bool(true),
            );
            dir.insert_application(app);
            dir.insert_service_principal(sp);
            dir.insert_grant(OAuth2PermissionGrant {
                id: "ropc-dynamics-grant".into(),
                client_id: ropc::SP_ID.into(),
                consent_type: "AllPrincipals".into(),
                principal_id: None,
                resource_id: DYNAMICS_SP_ID.into(),
                scope: "user_impersonation".into(),
            });
            dir.insert_app_role_assignment(AppRoleAssignment {
                id: "ropc-assignment-admin".into(),
                principal_id: demo::ADMIN_OID.into(),
                principal_type: "User",
                principal_display_name: demo::ADMIN_NAME.into(),
                resource_id: ropc::SP_ID.into(),
                // "Default access" when the app defines no app roles (approleassignment.md).
                app_role_id: "00000000-0000-0000-0000-000000000000".into(),
            });
        }
        "conditional-access" => {
            // Two enabled policies, in the shape of conditionalaccesspolicy.md: MFA for every
            // user on every app (the admin excluded, as tenants exclude break-glass accounts),
            // and a block for the tenant's workload identities outside trusted locations
            // (entra-docs `docs/workload-id/workload-identities-conditional-access.md`'s
            // location-based example).
            dir.conditional_access = vec![
                conditional_access_policy(
                    "5f3a1c2e-0d4b-4e6f-8a7b-9c0d1e2f3a01",
                    "Require MFA for all users",
                    json!({"includeUsers": ["All"], "excludeUsers": [demo::ADMIN_OID],
                           "includeGroups": [], "excludeGroups": [], "includeRoles": [], "excludeRoles": [],
                           "includeGuestsOrExternalUsers": null, "excludeGuestsOrExternalUsers": null}),
                    json!(null),
                    json!(null),
                    "mfa",
                ),
                conditional_access_policy(
                    "5f3a1c2e-0d4b-4e6f-8a7b-9c0d1e2f3a02",
                    "Block workload identities outside trusted locations",
                    json!({"includeUsers": ["None"], "excludeUsers": [], "includeGroups": [], "excludeGroups": [],
                           "includeRoles": [], "excludeRoles": [],
                           "includeGuestsOrExternalUsers": null, "excludeGuestsOrExternalUsers": null}),
                    json!({"includeServicePrincipals": ["ServicePrincipalsInMyTenant"], "excludeServicePrincipals": [],
                           "servicePrincipalFilter": null}),
                    json!({"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}),
                    "block",
                ),
            ];
        }
        "strict-policy" => {
            dir.app_management_policy = AppManagementPolicy {
                is_enabled: true,
                password_restrictions: vec![PasswordRestriction {
                    restriction_type: "passwordLifetime".into(),
                    max_lifetime: Some("P180D".into()),
                    restrict_for_apps_created_after: None,
                }],
            };
        }
        "large" => {
            for n in 0..LARGE_APPLICATIONS {
                let app = plain_application(
                    &bulk_id(0x000a, n),
                    &bulk_id(0x000b, n),
                    &format!("Line-of-business app {n:05}"),
                    SEEDED_AT,
                );
                // Every other app also has a service principal.
                if n % 2 == 0 {
                    let sp =
                        own_service_principal(&bulk_id(0x000c, n), &app, &tenant_id, SEEDED_AT);
                    dir.insert_service_principal(sp);
                }
                dir.insert_application(app);
            }
        }
        _ => {}
    }
    dir
}

/// An enabled Conditional Access policy on all apps with one grant control.
fn conditional_access_policy(
    id: &str,
    name: &str,
    users: serde_json::Value,
    client_applications: serde_json::Value,
    locations: serde_json::Value,
    control: &str,
) -> serde_json::Value {
    json!({
        "id": id,
        "templateId": null,
        "displayName": name,
        "createdDateTime": "2024-03-01T09:00:00Z",
        "modifiedDateTime": null,
        "state": "enabled",
        "sessionControls": null,
        "conditions": {
            "userRiskLevels": [], "signInRiskLevels": [], "clientAppTypes": ["all"],
            "servicePrincipalRiskLevels": [], "insiderRiskLevels": null,
            "platforms": null, "devices": null, "clientApplications": client_applications,
            "locations": locations, "times": null, "deviceStates": null,
            "applications": {"includeApplications": ["All"], "excludeApplications": [],
                             "includeUserActions": [], "includeAuthenticationContextClassReferences": [],
                             "applicationFilter": null},
            "users": users,
        },
        "grantControls": {"operator": "OR", "builtInControls": [control],
                          "customAuthenticationFactors": [], "termsOfUse": [], "authenticationStrength": null},
    })
}

/// A single-tenant application asking Dynamics CRM `user_impersonation` (a Marketo app).
fn marketo_app(object_id: &str, app_id: &str, name: &str) -> Application {
    let mut app = plain_application(object_id, app_id, name, SEEDED_AT);
    app.required_resource_access.push(RequiredResourceAccess {
        resource_app_id: DYNAMICS_CRM_APP_ID.into(),
        resource_access: vec![ResourceAccess {
            id: DYNAMICS_USER_IMPERSONATION_ID.into(),
            kind: "Scope".into(),
        }],
    });
    app
}

/// Id of a Graph app role by value (panics on an unknown value: a bug in the seed).
pub fn graph_app_role_id(value: &str) -> &'static str {
    GRAPH_APP_ROLES
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, id)| *id)
        .expect("a Graph app role the emulator publishes")
}

/// A directory role by display name: (template id, object id).
pub fn directory_role(name: &str) -> Option<(&'static str, &'static str)> {
    DIRECTORY_ROLES
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, template, object)| (*template, *object))
}
