//! The Graph calls of a Marketo setup: request builders and parsers (Microsoft Graph v1.0,
//! microsoft-graph-docs-contrib `api-reference/v1.0/api/`).
//!
//! Each builder returns an [`HttpRequest`] so the plan can show it before it is sent; each parser
//! turns Graph's JSON into the engine's facts. Wire shapes stay private to this module.

use serde::Deserialize;
use serde_json::json;

use super::{parse, GraphError};
use crate::config::Config;
use crate::facts::{
    AppRegistration, Assignee, AssigneeKind, Assignments, CaPolicy, DirectoryRole, Domain,
    EntraAccount, Holder, HrdPolicy, PasswordCredential, PasswordPolicy, PermissionGrant,
    PolicyScope, RequiredResource, ResourceAccess, ResourceServicePrincipal, ServicePrincipal,
    TenantFacts,
};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::secret::AccessToken;
use crate::time::{format_iso8601, parse_duration_days, parse_iso8601};

/// Application id of Dynamics CRM (Global Discovery and every Dataverse org), the same in every tenant.
pub const DYNAMICS_CRM_APP_ID: &str = "00000007-0000-0000-c000-000000000000";
/// Id of Dynamics CRM's `user_impersonation` delegated scope (read from the tenant when possible).
/// Microsoft's Dataverse SPA quick start (powerapps-docs `…/webapi/quick-start-js-spa.md`,
/// PowerShell tab) gives `a42657d6-…`, which is Azure AD Graph's Directory.AccessAsUser.All
/// (community evidence: public manifests list it under Azure AD Graph, `00000002-…`); this is
/// the id Microsoft's own tooling and every public Dataverse manifest use.
pub const USER_IMPERSONATION_SCOPE_ID: &str = "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4";
/// The HRD policy definition Marketo's client-app mode needs (AdobeDocs/marketo.en
/// `…/set-up-microsoft-dynamics-crm-app-for-online.md`; the definition: entra-docs
/// `docs/identity/enterprise-apps/configure-authentication-for-federated-users-portal.md`).
pub(crate) const HRD_DEFINITION: &str =
    r#"{"HomeRealmDiscoveryPolicy":{"AllowCloudPasswordValidation":true}}"#;

impl GraphError {
    /// Graph's error code, if Graph answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            GraphError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Service { status, .. } | GraphError::Unexpected { status, .. } => {
                Some(*status)
            }
            // The request never went out for want of a token: as good as a 401.
            GraphError::Auth(_) => Some(401),
            GraphError::Transport(_) => None,
        }
    }

    /// An object created moments ago is not visible yet (MicrosoftDocs/SupportArticles-docs
    /// `…/404-not-found-error-manage-objects-microsoft-graph.md`): retry, don't fail.
    pub(crate) fn is_replication_pending(&self) -> bool {
        match self {
            GraphError::Service {
                status: 404, code, ..
            } => code == "Request_ResourceNotFound" || code == "Directory_ObjectNotFound",
            GraphError::Service {
                status: 400,
                details,
                message,
                ..
            } => {
                details.iter().any(|d| d == "NoBackingApplicationObject")
                    || message.contains("does not reference a valid application object")
            }
            _ => false,
        }
    }

    /// The object already exists (409, e.g. "Permission entry already exists.").
    pub(crate) fn is_conflict(&self) -> bool {
        matches!(self, GraphError::Service { status: 409, .. })
    }
}

fn json_request(
    config: &Config,
    token: &AccessToken,
    method: Method,
    path: &str,
    body: serde_json::Value,
) -> HttpRequest {
    let mut request = HttpRequest::new(method, config.graph_url(path))
        .bearer(token)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    request.body = Some(body.to_string());
    request
}

// ---------------------------------------------------------------------------------------------
// Reads

/// `GET /organization` with verified domains (User.Read is enough).
pub fn organization_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(
        config,
        token,
        "organization?$select=id,displayName,verifiedDomains",
    )
}

#[derive(Deserialize)]
struct Collection<T> {
    value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationWire {
    id: String,
    display_name: Option<String>,
    #[serde(default)]
    verified_domains: Vec<VerifiedDomainWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifiedDomainWire {
    name: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    is_default: bool,
}

/// Parses `/organization` into the tenant facts.
pub fn parse_organization(response: &HttpResponse) -> Result<TenantFacts, GraphError> {
    let organizations: Collection<OrganizationWire> = parse(response)?;
    let organization =
        organizations
            .value
            .into_iter()
            .next()
            .ok_or_else(|| GraphError::Unexpected {
                status: response.status,
                excerpt: "organization list is empty".into(),
            })?;
    Ok(TenantFacts {
        display_name: organization
            .display_name
            .unwrap_or_else(|| organization.id.clone()),
        id: organization.id,
        domains: organization
            .verified_domains
            .into_iter()
            .map(|d| Domain {
                federated: d
                    .kind
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("federated")),
                is_default: d.is_default,
                name: d.name,
            })
            .collect(),
    })
}

/// `GET /me/transitiveMemberOf/microsoft.graph.directoryRole` (advanced query: needs
/// `ConsistencyLevel: eventual` and `$count=true`).
pub fn admin_roles_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(config, token, "me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$select=displayName,roleTemplateId")
        .header("ConsistencyLevel", "eventual")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DirectoryRoleWire {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    role_template_id: Option<String>,
}

/// Parses the admin's directory roles.
pub fn parse_admin_roles(response: &HttpResponse) -> Result<Vec<DirectoryRole>, GraphError> {
    let roles: Collection<DirectoryRoleWire> = parse(response)?;
    Ok(roles
        .value
        .into_iter()
        .filter_map(|r| {
            Some(DirectoryRole {
                template_id: r.role_template_id?,
                display_name: r.display_name.unwrap_or_default(),
            })
        })
        .collect())
}

/// `GET /servicePrincipals?$filter=appId eq '…'` for a resource or for the Marketo app.
pub fn service_principal_by_app_id_request(
    config: &Config,
    token: &AccessToken,
    app_id: &str,
) -> HttpRequest {
    super::get(
        config,
        token,
        &format!("servicePrincipals?$filter=appId eq {}&$select=id,appId,displayName,oauth2PermissionScopes,accountEnabled,appRoleAssignmentRequired", crate::odata::literal(app_id)),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServicePrincipalWire {
    id: String,
    app_id: String,
    #[serde(default)]
    oauth2_permission_scopes: Vec<ScopeWire>,
    /// `accountEnabled`: "If set to false, then no users are able to sign in to this app, even if
    /// they're assigned to it" (microsoft-graph-docs-contrib
    /// `api-reference/v1.0/resources/serviceprincipal.md`). Graph sends it when selected; `null`
    /// or absent is read as enabled, which is the value Graph gives a new service principal.
    #[serde(default)]
    account_enabled: Option<bool>,
    /// `appRoleAssignmentRequired` (same page): users must be assigned before they can sign in.
    #[serde(default)]
    app_role_assignment_required: Option<bool>,
}

impl ServicePrincipalWire {
    fn into_fact(self) -> ServicePrincipal {
        ServicePrincipal {
            account_enabled: self.account_enabled.unwrap_or(true),
            assignment_required: self.app_role_assignment_required.unwrap_or(false),
            id: self.id,
            app_id: self.app_id,
        }
    }
}

#[derive(Deserialize)]
struct ScopeWire {
    id: String,
    value: Option<String>,
}

fn first_service_principal(
    response: &HttpResponse,
) -> Result<Option<ServicePrincipalWire>, GraphError> {
    let list: Collection<ServicePrincipalWire> = parse(response)?;
    Ok(list.value.into_iter().next())
}

/// Parses the Dynamics CRM service principal lookup (`None`: the tenant has no Dynamics).
pub fn parse_resource_service_principal(
    response: &HttpResponse,
) -> Result<Option<ResourceServicePrincipal>, GraphError> {
    Ok(
        first_service_principal(response)?.map(|sp| ResourceServicePrincipal {
            user_impersonation_scope_id: sp
                .oauth2_permission_scopes
                .into_iter()
                .find(|s| s.value.as_deref() == Some("user_impersonation"))
                .map(|s| s.id),
            id: sp.id,
        }),
    )
}

/// Parses a service principal lookup by app id.
pub(crate) fn parse_service_principal(
    response: &HttpResponse,
) -> Result<Option<ServicePrincipal>, GraphError> {
    Ok(first_service_principal(response)?.map(ServicePrincipalWire::into_fact))
}

const APP_SELECT: &str = "id,appId,displayName,signInAudience,requiredResourceAccess,passwordCredentials,createdDateTime";

/// `GET /applications?$filter=displayName eq '…'` (display names are not unique).
pub fn applications_by_name_request(
    config: &Config,
    token: &AccessToken,
    display_name: &str,
) -> HttpRequest {
    super::get(
        config,
        token,
        &format!(
            "applications?$filter=displayName eq {}&$select={APP_SELECT}",
            crate::odata::literal(display_name)
        ),
    )
}

/// `GET /applications?$filter=appId eq '…'`.
pub fn application_by_app_id_request(
    config: &Config,
    token: &AccessToken,
    app_id: &str,
) -> HttpRequest {
    super::get(
        config,
        token,
        &format!(
            "applications?$filter=appId eq {}&$select={APP_SELECT}",
            crate::odata::literal(app_id)
        ),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApplicationWire {
    id: String,
    app_id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    sign_in_audience: Option<String>,
    #[serde(default)]
    required_resource_access: Vec<RequiredResourceAccessWire>,
    #[serde(default)]
    password_credentials: Vec<PasswordCredentialWire>,
    #[serde(default)]
    created_date_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequiredResourceAccessWire {
    resource_app_id: String,
    #[serde(default)]
    resource_access: Vec<ResourceAccessWire>,
}

#[derive(Deserialize)]
struct ResourceAccessWire {
    id: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordCredentialWire {
    key_id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    end_date_time: Option<String>,
}

impl AppRegistration {
    /// Whether `requiredResourceAccess` lists Dynamics CRM `user_impersonation` (delegated).
    pub(crate) fn requests_dynamics_user_impersonation(&self) -> bool {
        self.required_resource_access.iter().any(|r| {
            r.resource_app_id.eq_ignore_ascii_case(DYNAMICS_CRM_APP_ID)
                && r.resource_access.iter().any(|a| {
                    a.kind == "Scope" && a.id.eq_ignore_ascii_case(USER_IMPERSONATION_SCOPE_ID)
                })
        })
    }
}

impl From<ApplicationWire> for AppRegistration {
    fn from(app: ApplicationWire) -> Self {
        AppRegistration {
            id: app.id,
            app_id: app.app_id,
            display_name: app.display_name.unwrap_or_default(),
            sign_in_audience: app.sign_in_audience.unwrap_or_default(),
            required_resource_access: app
                .required_resource_access
                .into_iter()
                .map(|r| RequiredResource {
                    resource_app_id: r.resource_app_id,
                    resource_access: r
                        .resource_access
                        .into_iter()
                        .map(|a| ResourceAccess {
                            id: a.id,
                            kind: a.kind,
                        })
                        .collect(),
                })
                .collect(),
            passwords: app
                .password_credentials
                .into_iter()
                .map(|p| PasswordCredential {
                    key_id: p.key_id,
                    display_name: p.display_name,
                    hint: p.hint,
                    end: p.end_date_time.as_deref().and_then(parse_iso8601),
                })
                .collect(),
            created: app.created_date_time,
        }
    }
}

/// Parses an application list; also returns the next page link, if any.
pub fn parse_applications(
    response: &HttpResponse,
) -> Result<(Vec<AppRegistration>, Option<String>), GraphError> {
    let list: Collection<ApplicationWire> = parse(response)?;
    Ok((
        list.value.into_iter().map(AppRegistration::from).collect(),
        list.next_link,
    ))
}

/// `GET /oauth2PermissionGrants?$filter=clientId eq … and consentType eq 'AllPrincipals' and resourceId eq …`.
pub fn consent_grant_request(
    config: &Config,
    token: &AccessToken,
    client_sp_id: &str,
    resource_sp_id: &str,
) -> HttpRequest {
    super::get(
        config,
        token,
        &format!(
            "oauth2PermissionGrants?$filter=clientId eq {} and consentType eq 'AllPrincipals' and resourceId eq {}",
            crate::odata::literal(client_sp_id),
            crate::odata::literal(resource_sp_id)
        ),
    )
}

#[derive(Deserialize)]
struct GrantWire {
    id: String,
    #[serde(default)]
    scope: Option<String>,
}

/// Parses the grant lookup.
pub fn parse_consent_grant(response: &HttpResponse) -> Result<Option<PermissionGrant>, GraphError> {
    let list: Collection<GrantWire> = parse(response)?;
    Ok(list.value.into_iter().next().map(|g| PermissionGrant {
        id: g.id,
        scope: g.scope.unwrap_or_default(),
    }))
}

/// `GET /servicePrincipals/{id}/homeRealmDiscoveryPolicies`.
pub fn hrd_policies_request(config: &Config, token: &AccessToken, sp_id: &str) -> HttpRequest {
    super::get(
        config,
        token,
        &format!("servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies"),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HrdPolicyWire {
    id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    definition: Vec<String>,
}

impl From<HrdPolicyWire> for HrdPolicy {
    fn from(policy: HrdPolicyWire) -> Self {
        // `definition` is an array of JSON *strings*; each must be parsed again.
        let allows = policy.definition.iter().any(|d| {
            serde_json::from_str::<serde_json::Value>(d)
                .ok()
                .and_then(|v| {
                    v.pointer("/HomeRealmDiscoveryPolicy/AllowCloudPasswordValidation")
                        .and_then(|b| b.as_bool())
                })
                .unwrap_or(false)
        });
        HrdPolicy {
            id: policy.id,
            display_name: policy.display_name.unwrap_or_default(),
            allows_cloud_password_validation: allows,
        }
    }
}

/// `GET /policies/homeRealmDiscoveryPolicies`: every HRD policy of the tenant (there are few), to
/// reuse one this tool created before instead of creating a second.
pub fn list_hrd_policies_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(config, token, "policies/homeRealmDiscoveryPolicies")
}

/// Parses a list of HRD policies (assigned to a service principal, or all of them).
pub fn parse_hrd_policies(response: &HttpResponse) -> Result<Vec<HrdPolicy>, GraphError> {
    let list: Collection<HrdPolicyWire> = parse(response)?;
    Ok(list.value.into_iter().map(HrdPolicy::from).collect())
}

/// `GET /users?$filter=<property> eq '<email>'`, for `userPrincipalName` and for `mail` (two
/// requests: both properties support `eq` by default — microsoft-graph-docs-contrib
/// `api-reference/v1.0/resources/user.md` — while `or` across them is not documented as a default
/// query).
pub fn users_by_request(
    config: &Config,
    token: &AccessToken,
    property: &str,
    email: &str,
) -> HttpRequest {
    super::get(
        config,
        token,
        &format!(
            "users?$filter={property} eq {}&$select=id,displayName,userPrincipalName,mail",
            crate::odata::literal(email)
        ),
    )
}

/// `GET /users/{id}?$select=id,accountEnabled,userType`: the client-app sync user's account.
pub fn account_request(config: &Config, token: &AccessToken, object_id: &str) -> HttpRequest {
    super::get(
        config,
        token,
        &format!("users/{object_id}?$select=id,accountEnabled,userType"),
    )
}

/// Parses the account. `accountEnabled` absent or null is read as enabled (Graph returns it on
/// `$select`); `userType` null is a member.
pub(crate) fn parse_account(response: &HttpResponse) -> Result<EntraAccount, GraphError> {
    let body: serde_json::Value = parse(response)?;
    Ok(EntraAccount {
        enabled: body["accountEnabled"].as_bool().unwrap_or(true),
        guest: body["userType"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case("Guest")),
    })
}

/// Parses a user lookup into holders.
pub(crate) fn parse_users(response: &HttpResponse) -> Result<Vec<Holder>, GraphError> {
    let body: serde_json::Value = parse(response)?;
    let users = body["value"]
        .as_array()
        .ok_or_else(|| super::unexpected(response))?;
    Ok(users
        .iter()
        .filter_map(|u| {
            let id = u["id"].as_str()?.to_owned();
            let name = u["displayName"]
                .as_str()
                .or(u["userPrincipalName"].as_str())
                .map_or_else(|| id.clone(), str::to_owned);
            Some(Holder { id, name })
        })
        .collect())
}

/// `GET /identity/conditionalAccess/policies` (microsoft-graph-docs-contrib
/// `api-reference/v1.0/api/conditionalaccessroot-list-policies.md`: Policy.Read.All, and a role
/// such as Security Reader, Global Reader or Conditional Access Administrator —
/// `includes/rbac-for-apis/rbac-conditionalaccess-apis-read.md`).
pub fn conditional_access_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(
        config,
        token,
        "identity/conditionalAccess/policies?$select=displayName,state,conditions,grantControls",
    )
}

/// Parses the Conditional Access policies. Graph pages this list; a `@odata.nextLink` is
/// reported as an error rather than taken for the whole list. Read through `serde_json::Value`
/// (whose parser the page has anyway): seven derived wire types for a nested shape read in one
/// place would add their code to the wasm.
pub(crate) fn parse_conditional_access(
    response: &HttpResponse,
) -> Result<Vec<CaPolicy>, GraphError> {
    let body: serde_json::Value = parse(response)?;
    if body.get("@odata.nextLink").is_some() {
        return Err(GraphError::Unexpected {
            status: response.status,
            excerpt: "more Conditional Access policies than one page".into(),
        });
    }
    let strings = |v: &serde_json::Value, path: &[&str]| -> Vec<String> {
        path.iter()
            .try_fold(v, |v, key| v.get(key))
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let policies = body
        .get("value")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| super::unexpected(response))?;
    Ok(policies
        .iter()
        .map(|p| {
            let users = |key: &str| strings(p, &["conditions", "users", key]);
            CaPolicy {
                name: text(p, "displayName"),
                state: text(p, "state"),
                include_users: users("includeUsers"),
                exclude_users: users("excludeUsers"),
                includes_groups_or_roles: !users("includeGroups").is_empty()
                    || !users("includeRoles").is_empty(),
                excludes_groups_or_roles: !users("excludeGroups").is_empty()
                    || !users("excludeRoles").is_empty(),
                client_app_types: strings(p, &["conditions", "clientAppTypes"]),
                include_applications: strings(
                    p,
                    &["conditions", "applications", "includeApplications"],
                ),
                exclude_applications: strings(
                    p,
                    &["conditions", "applications", "excludeApplications"],
                ),
                include_service_principals: strings(
                    p,
                    &[
                        "conditions",
                        "clientApplications",
                        "includeServicePrincipals",
                    ],
                ),
                exclude_service_principals: strings(
                    p,
                    &[
                        "conditions",
                        "clientApplications",
                        "excludeServicePrincipals",
                    ],
                ),
                controls: {
                    let mut controls = strings(p, &["grantControls", "builtInControls"]);
                    let grant = p.get("grantControls");
                    if grant
                        .and_then(|g| g.get("authenticationStrength"))
                        .is_some_and(|a| !a.is_null())
                    {
                        controls.push("authenticationStrength".into());
                    }
                    if !strings(p, &["grantControls", "termsOfUse"]).is_empty() {
                        controls.push("termsOfUse".into());
                    }
                    controls
                },
            }
        })
        .collect())
}

/// `GET /policies/identitySecurityDefaultsEnforcementPolicy` (Policy.Read.All;
/// `api-reference/v1.0/api/identitysecuritydefaultsenforcementpolicy-get.md`).
pub fn security_defaults_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(
        config,
        token,
        "policies/identitySecurityDefaultsEnforcementPolicy?$select=isEnabled",
    )
}

/// Parses security defaults into whether they are on.
pub(crate) fn parse_security_defaults(response: &HttpResponse) -> Result<bool, GraphError> {
    let body: serde_json::Value = parse(response)?;
    body["isEnabled"]
        .as_bool()
        .ok_or_else(|| super::unexpected(response))
}

/// `GET /directory/onPremisesSynchronization?$select=features`: the tenant's on-premises directory
/// synchronization settings, whose `features.passwordSyncEnabled` says whether password hash sync
/// is on (microsoft-graph-docs-contrib `api-reference/v1.0/api/onpremisesdirectorysynchronization-get.md`:
/// delegated `OnPremDirectorySynchronization.Read.All`, Global Administrator only, `$select`
/// supported; `resources/onpremisesdirectorysynchronizationfeature.md`). The navigation is a
/// collection (`directory.onPremisesSynchronization`), so the answer is a `value` list.
pub fn password_sync_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(
        config,
        token,
        "directory/onPremisesSynchronization?$select=features",
    )
}

/// Parses the synchronization settings into whether password hash sync is on; `None` when the
/// tenant has no synchronization settings at all (an empty list: nothing is synchronized from
/// on-premises, so no password hash is either). A present object without the flag is unreadable,
/// not "off".
pub(crate) fn parse_password_sync(response: &HttpResponse) -> Result<Option<bool>, GraphError> {
    let body: serde_json::Value = parse(response)?;
    let list = body["value"]
        .as_array()
        .ok_or_else(|| super::unexpected(response))?;
    match list.first() {
        None => Ok(None),
        Some(settings) => settings["features"]["passwordSyncEnabled"]
            .as_bool()
            .map(Some)
            .ok_or_else(|| super::unexpected(response)),
    }
}

/// Most assignments read: one page of Graph's largest `$top`. A longer list is reported as such,
/// never taken for complete.
pub(crate) const ASSIGNMENTS_PAGE: u32 = 999;

/// `GET /servicePrincipals/{id}/appRoleAssignedTo`: who is assigned to the Marketo enterprise
/// application (users, groups, service principals). Read only when it requires assignment:
/// "appRoleAssignmentRequired … users … need to be granted an app role assignment … before users
/// can sign in" (microsoft-graph-docs-contrib `api-reference/v1.0/resources/serviceprincipal.md`;
/// the list: `api-reference/v1.0/api/serviceprincipal-list-approleassignedto.md`).
pub fn assignments_request(config: &Config, token: &AccessToken, sp_id: &str) -> HttpRequest {
    super::get(
        config,
        token,
        &format!(
            "servicePrincipals/{sp_id}/appRoleAssignedTo?$select=principalId,principalType,principalDisplayName&$top={ASSIGNMENTS_PAGE}"
        ),
    )
}

/// Parses the assignments; `complete` is false when Graph had more than one page.
pub(crate) fn parse_assignments(response: &HttpResponse) -> Result<Assignments, GraphError> {
    let body: serde_json::Value = parse(response)?;
    let list = body["value"]
        .as_array()
        .ok_or_else(|| super::unexpected(response))?;
    Ok(Assignments {
        complete: body.get("@odata.nextLink").is_none(),
        assignees: list
            .iter()
            .filter_map(|a| {
                Some(Assignee {
                    id: a["principalId"].as_str()?.to_owned(),
                    kind: match a["principalType"].as_str() {
                        Some("User") => AssigneeKind::User,
                        Some("Group") => AssigneeKind::Group,
                        _ => AssigneeKind::ServicePrincipal,
                    },
                    display_name: a["principalDisplayName"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                })
            })
            .collect(),
    })
}

/// `GET /policies/defaultAppManagementPolicy`.
pub fn app_management_policy_request(config: &Config, token: &AccessToken) -> HttpRequest {
    super::get(config, token, "policies/defaultAppManagementPolicy")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppManagementPolicyWire {
    #[serde(default)]
    is_enabled: bool,
    #[serde(default)]
    application_restrictions: Option<RestrictionsWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RestrictionsWire {
    #[serde(default)]
    password_credentials: Vec<PasswordRestrictionWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordRestrictionWire {
    restriction_type: String,
    #[serde(default)]
    max_lifetime: Option<String>,
    #[serde(default)]
    restrict_for_apps_created_after_date_time: Option<String>,
}

/// Parses the default app-management policy (only enforced when `isEnabled`), with the date
/// from which each restriction applies (`restrictForAppsCreatedAfterDateTime`). A date that
/// cannot be read counts as `null` (every app): the stricter reading.
pub fn parse_app_management_policy(response: &HttpResponse) -> Result<PasswordPolicy, GraphError> {
    let policy: AppManagementPolicyWire = parse(response)?;
    let mut result = PasswordPolicy::default();
    if !policy.is_enabled {
        return Ok(result);
    }
    for restriction in policy
        .application_restrictions
        .map(|r| r.password_credentials)
        .unwrap_or_default()
    {
        let scope = PolicyScope {
            apps_created_from: restriction
                .restrict_for_apps_created_after_date_time
                .as_deref()
                .and_then(parse_iso8601),
        };
        match restriction.restriction_type.as_str() {
            "passwordAddition" => result.addition_blocked = Some(scope),
            "passwordLifetime" => {
                result.max_lifetime = restriction
                    .max_lifetime
                    .as_deref()
                    .and_then(parse_duration_days)
                    .map(|days| (days, scope))
            }
            _ => {}
        }
    }
    Ok(result)
}

// ---------------------------------------------------------------------------------------------
// Writes

/// `POST /applications`: single tenant, asking for Dynamics CRM `user_impersonation`
/// (microsoft-graph-docs-contrib `api-reference/v1.0/api/application-post-applications.md`;
/// single tenant as AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md` asks).
pub fn create_application_request(
    config: &Config,
    token: &AccessToken,
    display_name: &str,
    scope_id: &str,
) -> HttpRequest {
    json_request(
        config,
        token,
        Method::Post,
        "applications",
        json!({
            "displayName": display_name,
            "signInAudience": "AzureADMyOrg",
            "requiredResourceAccess": [{
                "resourceAppId": DYNAMICS_CRM_APP_ID,
                "resourceAccess": [{ "id": scope_id, "type": "Scope" }]
            }]
        }),
    )
}

/// Parses a created (or fetched) application.
pub fn parse_application(response: &HttpResponse) -> Result<AppRegistration, GraphError> {
    let app: ApplicationWire = parse(response)?;
    Ok(app.into())
}

/// `PATCH /applications/{id}`: make it single-tenant and add the Dynamics permission, keeping
/// whatever else the app already requests. Graph replaces a collection sent in a PATCH ("supply
/// the values for relevant fields that should be updated", `api-reference/v1.0/api/
/// application-update.md`; OData v4.01 §11.4.3: a collection-valued property in an update
/// replaces the collection), so the body carries the app's whole `requiredResourceAccess` as
/// read, with `user_impersonation` merged into the Dynamics CRM entry (or that entry added).
pub fn fix_application_request(
    config: &Config,
    token: &AccessToken,
    app: &AppRegistration,
    scope_id: &str,
) -> HttpRequest {
    json_request(
        config,
        token,
        Method::Patch,
        &format!("applications/{}", app.id),
        json!({
            "signInAudience": "AzureADMyOrg",
            "requiredResourceAccess": resource_access_json(&with_dynamics_permission(
                &app.required_resource_access,
                scope_id,
            )),
        }),
    )
}

/// `existing` with Dynamics CRM's delegated `scope_id` in it, every other entry and permission
/// kept as it was, in its order.
pub(crate) fn with_dynamics_permission(
    existing: &[RequiredResource],
    scope_id: &str,
) -> Vec<RequiredResource> {
    let wanted = ResourceAccess {
        id: scope_id.to_owned(),
        kind: "Scope".to_owned(),
    };
    let mut merged = existing.to_vec();
    match merged
        .iter_mut()
        .find(|r| r.resource_app_id.eq_ignore_ascii_case(DYNAMICS_CRM_APP_ID))
    {
        Some(dynamics) => {
            if !dynamics
                .resource_access
                .iter()
                .any(|a| a.kind == wanted.kind && a.id.eq_ignore_ascii_case(&wanted.id))
            {
                dynamics.resource_access.push(wanted);
            }
        }
        None => merged.push(RequiredResource {
            resource_app_id: DYNAMICS_CRM_APP_ID.to_owned(),
            resource_access: vec![wanted],
        }),
    }
    merged
}

fn resource_access_json(list: &[RequiredResource]) -> serde_json::Value {
    list.iter()
        .map(|r| {
            json!({
                "resourceAppId": r.resource_app_id,
                "resourceAccess": r.resource_access.iter()
                    .map(|a| json!({ "id": a.id, "type": a.kind }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// `POST /servicePrincipals` `{appId}`.
pub fn create_service_principal_request(
    config: &Config,
    token: &AccessToken,
    app_id: &str,
) -> HttpRequest {
    json_request(
        config,
        token,
        Method::Post,
        "servicePrincipals",
        json!({ "appId": app_id }),
    )
}

/// Parses a created service principal.
pub fn parse_created_service_principal(
    response: &HttpResponse,
) -> Result<ServicePrincipal, GraphError> {
    let sp: ServicePrincipalWire = parse(response)?;
    Ok(sp.into_fact())
}

/// `POST /oauth2PermissionGrants`: tenant-wide consent to `user_impersonation`
/// (microsoft-graph-docs-contrib `api-reference/v1.0/api/oauth2permissiongrant-post.md`,
/// `concepts/permissions-grant-via-msgraph.md`).
pub fn create_consent_grant_request(
    config: &Config,
    token: &AccessToken,
    client_sp_id: &str,
    resource_sp_id: &str,
) -> HttpRequest {
    json_request(
        config,
        token,
        Method::Post,
        "oauth2PermissionGrants",
        json!({ "clientId": client_sp_id, "consentType": "AllPrincipals", "resourceId": resource_sp_id, "scope": "user_impersonation" }),
    )
}

/// Parses a created grant.
pub(crate) fn parse_created_grant(response: &HttpResponse) -> Result<PermissionGrant, GraphError> {
    let grant: GrantWire = parse(response)?;
    Ok(PermissionGrant {
        id: grant.id,
        scope: grant.scope.unwrap_or_default(),
    })
}

/// `PATCH /oauth2PermissionGrants/{id}`: add `user_impersonation` to an existing grant's scopes.
pub fn extend_consent_grant_request(
    config: &Config,
    token: &AccessToken,
    grant: &PermissionGrant,
) -> HttpRequest {
    let scope = format!("{} user_impersonation", grant.scope)
        .trim()
        .to_owned();
    json_request(
        config,
        token,
        Method::Patch,
        &format!("oauth2PermissionGrants/{}", grant.id),
        json!({ "scope": scope }),
    )
}

/// `POST /applications/{id}/addPassword` with an explicit end date.
pub fn add_password_request(
    config: &Config,
    token: &AccessToken,
    object_id: &str,
    description: &str,
    end_unix: u64,
) -> HttpRequest {
    let mut request = json_request(
        config,
        token,
        Method::Post,
        &format!("applications/{object_id}/addPassword"),
        json!({ "passwordCredential": { "displayName": description, "endDateTime": format_iso8601(end_unix) } }),
    );
    // The request carries no secret, but its response does; keep the pair out of any log.
    request.sensitive_body = false;
    request
}

/// A client secret's text, shown once and kept only in memory: no `Serialize`, no `Display`, and
/// a `Debug` that prints only the hint.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret {
    text: String,
    /// Key id of the credential.
    pub key_id: String,
    /// First three characters, as Graph reports them.
    pub hint: String,
    /// Expiry, seconds since the Unix epoch.
    pub end: Option<u64>,
}

impl ClientSecret {
    /// The secret text. Call sites are the audit trail: the reveal and copy buttons only.
    pub fn secret(&self) -> &str {
        &self.text
    }

    /// Overwrites the text in memory and forgets it (leaving the screen, signing out).
    pub fn wipe(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.text);
    }
}

impl Drop for ClientSecret {
    fn drop(&mut self) {
        self.wipe();
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ClientSecret {{ key_id: {:?}, hint: {:?}, text: [redacted] }}",
            self.key_id, self.hint
        )
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordWire {
    key_id: String,
    secret_text: String,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    end_date_time: Option<String>,
}

/// Parses addPassword's answer: the only time Graph returns the secret text.
pub fn parse_added_password(response: &HttpResponse) -> Result<ClientSecret, GraphError> {
    let password: PasswordWire = parse(response)?;
    Ok(ClientSecret {
        hint: password
            .hint
            .unwrap_or_else(|| password.secret_text.chars().take(3).collect()),
        text: password.secret_text,
        key_id: password.key_id,
        end: password.end_date_time.as_deref().and_then(parse_iso8601),
    })
}

/// `POST /applications/{id}/removePassword`.
pub fn remove_password_request(
    config: &Config,
    token: &AccessToken,
    object_id: &str,
    key_id: &str,
) -> HttpRequest {
    json_request(
        config,
        token,
        Method::Post,
        &format!("applications/{object_id}/removePassword"),
        json!({ "keyId": key_id }),
    )
}

/// `POST /policies/homeRealmDiscoveryPolicies` allowing cloud password validation.
pub fn create_hrd_policy_request(
    config: &Config,
    token: &AccessToken,
    display_name: &str,
) -> HttpRequest {
    json_request(
        config,
        token,
        Method::Post,
        "policies/homeRealmDiscoveryPolicies",
        json!({ "displayName": display_name, "definition": [HRD_DEFINITION], "isOrganizationDefault": false }),
    )
}

/// Parses a created HRD policy.
pub fn parse_created_hrd_policy(response: &HttpResponse) -> Result<HrdPolicy, GraphError> {
    let policy: HrdPolicyWire = parse(response)?;
    Ok(policy.into())
}

/// `POST /servicePrincipals/{id}/homeRealmDiscoveryPolicies/$ref`.
pub fn assign_hrd_policy_request(
    config: &Config,
    token: &AccessToken,
    sp_id: &str,
    policy_id: &str,
) -> HttpRequest {
    let reference = config.graph_url(&format!("policies/homeRealmDiscoveryPolicies/{policy_id}"));
    json_request(
        config,
        token,
        Method::Post,
        &format!("servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/$ref"),
        json!({ "@odata.id": reference.as_str() }),
    )
}

/// `DELETE /servicePrincipals/{id}/homeRealmDiscoveryPolicies/{policy}/$ref`.
pub fn unassign_hrd_policy_request(
    config: &Config,
    token: &AccessToken,
    sp_id: &str,
    policy_id: &str,
) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        config.graph_url(&format!(
            "servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/{policy_id}/$ref"
        )),
    )
    .bearer(token)
}

/// `DELETE /policies/homeRealmDiscoveryPolicies/{id}`.
pub fn delete_hrd_policy_request(
    config: &Config,
    token: &AccessToken,
    policy_id: &str,
) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        config.graph_url(&format!("policies/homeRealmDiscoveryPolicies/{policy_id}")),
    )
    .bearer(token)
}

/// `DELETE /applications/{id}` (soft delete: restorable for 30 days).
pub fn delete_application_request(
    config: &Config,
    token: &AccessToken,
    object_id: &str,
) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        config.graph_url(&format!("applications/{object_id}")),
    )
    .bearer(token)
}

/// Parses an answer without a useful body (204).
pub(crate) fn parse_no_content(response: &HttpResponse) -> Result<(), GraphError> {
    if response.is_success() {
        return Ok(());
    }
    parse::<serde_json::Value>(response).map(|_| ())
}

#[cfg(test)]
mod tests;
