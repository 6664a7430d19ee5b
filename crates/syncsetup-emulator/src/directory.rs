//! The tenant's directory objects as Microsoft Graph and Entra see them: applications (with their
//! password credentials), service principals, delegated permission grants, app role assignments,
//! home realm discovery policies and the tenant's default app-management policy. Graph routes
//! read and write it, the token endpoint authenticates confidential clients against it, and
//! Dataverse resolves application users through it.
//!
//! Entra is eventually consistent (MicrosoftDocs/SupportArticles-docs
//! `support/entra/entra-id/app-integration/404-not-found-error-manage-objects-microsoft-graph.md`:
//! "a replication delay"): a new application or service principal is not visible to reads for a
//! while. [`Directory::replication_lag_secs`] models that: every lookup
//! that stands for a *read* takes the emulator clock (`now`, Unix seconds) and hides objects
//! created less than `replication_lag_secs` ago. Writes addressed by key see them too, except
//! where Microsoft documents a replication error (see the Graph handlers).
//!
//! Lookups are index-based (object id, appId, display name), so that the `large` scenario (ten
//! thousand applications) answers filtered queries as fast as a small tenant: the tables are
//! `BTreeMap`s keyed by object id (which also gives a stable order for key-set paging), with
//! secondary indexes on the lowercase appId and display name. Secrets are stored as SHA-256
//! digests only, as Entra shows a secret once and keeps nothing that could reveal it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

pub mod seed;

/// The emulator clock: Unix seconds (see `AppState::now`).
pub type Timestamp = i64;

/// A `passwordCredential` of an application (a client secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordCredential {
    /// Key id (GUID); `removePassword` names it.
    pub key_id: String,
    /// First three characters of the secret, as Graph's `hint`.
    pub hint: String,
    /// Optional friendly name.
    pub display_name: Option<String>,
    /// `startDateTime`.
    pub start: Timestamp,
    /// `endDateTime`: the secret stops working at this instant.
    pub end: Timestamp,
    /// SHA-256 of the secret text, hex. The text itself is returned once by `addPassword` and
    /// never stored.
    pub secret_sha256: String,
}

/// One `resourceAccess` entry of `requiredResourceAccess`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceAccess {
    /// Id of the scope or app role on the resource's service principal.
    pub id: String,
    /// `Scope` (delegated) or `Role` (application).
    pub kind: String,
}

/// One `requiredResourceAccess` entry: permissions the app asks for on one resource app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredResourceAccess {
    /// App id of the resource (e.g. Dynamics CRM's).
    pub resource_app_id: String,
    /// The permissions.
    pub resource_access: Vec<ResourceAccess>,
}

/// An application object (an app registration).
#[derive(Clone, Debug, PartialEq)]
pub struct Application {
    /// Object id (GUID), distinct from `app_id`.
    pub id: String,
    /// Application (client) id (GUID).
    pub app_id: String,
    /// Display name (not unique).
    pub display_name: String,
    /// `AzureADMyOrg`, `AzureADMultipleOrgs`, ….
    pub sign_in_audience: String,
    /// Permissions the app is configured to ask for.
    pub required_resource_access: Vec<RequiredResourceAccess>,
    /// Client secrets.
    pub password_credentials: Vec<PasswordCredential>,
    /// `isFallbackPublicClient`: the app may use public-client flows (ROPC without a secret).
    pub is_fallback_public_client: bool,
    /// When it was created (emulator clock); `createdDateTime`, and the replication lag counts
    /// from here.
    pub created_at: Timestamp,
    /// Every other Graph property, in Graph's JSON shape (defaults filled in at creation).
    pub other: Map<String, Value>,
}

/// A delegated permission (`oauth2PermissionScopes` entry) or app role a resource exposes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    /// Id (GUID).
    pub id: String,
    /// Value as it appears in tokens (`user_impersonation`, `Application.ReadWrite.All`).
    pub value: String,
    /// Short description shown to admins.
    pub admin_consent_display_name: String,
}

/// A service principal (enterprise application): an application's presence in this tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct ServicePrincipal {
    /// Object id (GUID): the `clientId`/`resourceId` of grants, the `oid` of app-only tokens.
    pub id: String,
    /// The application's client id.
    pub app_id: String,
    /// Display name.
    pub display_name: String,
    /// Tenant that owns the application (Microsoft's for first-party apps).
    pub app_owner_organization_id: String,
    /// Delegated permissions the resource exposes.
    pub oauth2_permission_scopes: Vec<Permission>,
    /// App roles (application permissions) the resource exposes.
    pub app_roles: Vec<Permission>,
    /// When it was created (emulator clock).
    pub created_at: Timestamp,
    /// Every other Graph property, in Graph's JSON shape.
    pub other: Map<String, Value>,
}

impl ServicePrincipal {
    /// `accountEnabled` (true unless set false: Graph's value for a new service principal).
    pub fn account_enabled(&self) -> bool {
        self.other
            .get("accountEnabled")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// `appRoleAssignmentRequired` (false unless set).
    pub fn assignment_required(&self) -> bool {
        self.other
            .get("appRoleAssignmentRequired")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
}

/// A delegated permission grant (`oAuth2PermissionGrant`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OAuth2PermissionGrant {
    /// Grant id (opaque string in Graph, not a GUID).
    pub id: String,
    /// Object id of the client's service principal.
    pub client_id: String,
    /// `AllPrincipals` or `Principal`.
    pub consent_type: String,
    /// The user for `Principal` grants, `None` for `AllPrincipals`.
    pub principal_id: Option<String>,
    /// Object id of the resource's service principal.
    pub resource_id: String,
    /// Space-separated scope values.
    pub scope: String,
}

/// An app role assignment: an application permission granted to a client service principal, or
/// a user or group assigned to an enterprise application (`appRoleId` all zeros, "default
/// access", when the app defines no roles: microsoft-graph-docs-contrib
/// `api-reference/v1.0/resources/approleassignment.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppRoleAssignment {
    /// Assignment id.
    pub id: String,
    /// The assigned principal (object id): a client service principal, a user or a group.
    pub principal_id: String,
    /// `User`, `Group` or `ServicePrincipal`.
    pub principal_type: &'static str,
    /// The principal's display name.
    pub principal_display_name: String,
    /// Resource service principal (object id).
    pub resource_id: String,
    /// The app role's id on the resource.
    pub app_role_id: String,
}

/// A home realm discovery policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HomeRealmDiscoveryPolicy {
    /// Policy id (GUID).
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// `definition`: JSON documents as strings, as Graph carries them.
    pub definition: Vec<String>,
    /// `isOrganizationDefault`.
    pub is_organization_default: bool,
    /// Service principals (object ids) the policy is assigned to.
    pub applies_to: BTreeSet<String>,
}

impl HomeRealmDiscoveryPolicy {
    /// Whether the definition sets `AllowCloudPasswordValidation: true`, which lets federated
    /// users sign in with ROPC through the app the policy is assigned to.
    pub fn allows_cloud_password_validation(&self) -> bool {
        self.definition.iter().any(|d| {
            serde_json::from_str::<Value>(d).ok().is_some_and(|v| {
                v["HomeRealmDiscoveryPolicy"]["AllowCloudPasswordValidation"] == Value::Bool(true)
            })
        })
    }
}

/// One `passwordCredentials` restriction of the tenant's default app-management policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordRestriction {
    /// `passwordAddition`, `passwordLifetime`, `symmetricKeyAddition`, ….
    pub restriction_type: String,
    /// ISO 8601 duration (`P180D`) for lifetime restrictions.
    pub max_lifetime: Option<String>,
    /// Applies only to apps created after this instant; `None` = all apps.
    pub restrict_for_apps_created_after: Option<Timestamp>,
}

/// The tenant's `defaultAppManagementPolicy` (`tenantAppManagementPolicy`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppManagementPolicy {
    /// Whether it is enforced.
    pub is_enabled: bool,
    /// `applicationRestrictions.passwordCredentials`.
    pub password_restrictions: Vec<PasswordRestriction>,
}

impl Default for AppManagementPolicy {
    /// Microsoft's default: disabled, no restrictions.
    fn default() -> Self {
        AppManagementPolicy {
            is_enabled: false,
            password_restrictions: Vec::new(),
        }
    }
}

/// Why a client secret was not accepted (the token endpoint maps these to AADSTS codes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientSecretError {
    /// No (replicated) application with that client id in the tenant.
    UnknownApplication,
    /// The application has no service principal in the tenant.
    NoServicePrincipal,
    /// No credential of the app matches the secret.
    WrongSecret,
    /// The secret matches a credential that has expired.
    Expired,
}

/// A display-name index: lowercase name → object ids.
type NameIndex = BTreeMap<String, BTreeSet<String>>;

/// The directory of the emulated tenant.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Replication lag in seconds: objects created less than this long ago are invisible to
    /// reads. Set by the fault switches; 0 (the default) means immediately consistent.
    pub replication_lag_secs: u64,
    /// The tenant's default app-management policy.
    pub app_management_policy: AppManagementPolicy,
    /// Conditional Access policies, in Graph's JSON shape (`conditionalAccessPolicy`).
    pub conditional_access: Vec<Value>,
    /// `identitySecurityDefaultsEnforcementPolicy.isEnabled`.
    pub security_defaults: bool,
    /// The tenant's `onPremisesDirectorySynchronization` object, by its
    /// `features.passwordSyncEnabled`; `None`: the tenant has none (a cloud-only tenant — whether
    /// Graph then lists an empty collection or an object with every feature off is not
    /// documented; the emulator lists nothing, the reading that tells the page least).
    pub password_sync: Option<bool>,
    applications: BTreeMap<String, Application>,
    app_by_app_id: HashMap<String, String>,
    app_by_name: NameIndex,
    service_principals: BTreeMap<String, ServicePrincipal>,
    sp_by_app_id: HashMap<String, String>,
    sp_by_name: NameIndex,
    grants: BTreeMap<String, OAuth2PermissionGrant>,
    app_role_assignments: Vec<AppRoleAssignment>,
    hrd_policies: BTreeMap<String, HomeRealmDiscoveryPolicy>,
}

fn index_add(index: &mut NameIndex, name: &str, id: &str) {
    index
        .entry(name.to_lowercase())
        .or_default()
        .insert(id.to_string());
}

fn index_remove(index: &mut NameIndex, name: &str, id: &str) {
    let key = name.to_lowercase();
    if let Some(ids) = index.get_mut(&key) {
        ids.remove(id);
        if ids.is_empty() {
            index.remove(&key);
        }
    }
}

/// Object ids under every indexed name starting with `prefix` (lowercase), in id order.
fn index_prefix(index: &NameIndex, prefix: &str) -> BTreeSet<String> {
    let prefix = prefix.to_lowercase();
    index
        .range(prefix.clone()..)
        .take_while(|(name, _)| name.starts_with(&prefix))
        .flat_map(|(_, ids)| ids.iter().cloned())
        .collect()
}

/// SHA-256 of `text`, lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    ring::digest::digest(&ring::digest::SHA256, text.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Directory {
    /// An empty directory with no lag.
    pub fn new() -> Self {
        Self::default()
    }

    /// The enabled Conditional Access policies that name one of `targets` in their include list
    /// at `include` (e.g. `conditions.users.includeUsers`) and none in the list at `exclude`, and
    /// — when `apps` is given — include `All` or one of `apps` without excluding it. Returns each
    /// policy's name and grant controls.
    pub fn enforced_policies(
        &self,
        include: &[&str],
        exclude: &[&str],
        targets: &[&str],
        apps: Option<&[&str]>,
    ) -> Vec<(String, Vec<String>)> {
        fn strings(policy: &Value, path: &[&str]) -> Vec<String> {
            let mut v = policy;
            for key in path {
                v = &v[*key];
            }
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        }
        let has = |list: &[String], wanted: &[&str]| {
            list.iter()
                .any(|l| wanted.iter().any(|w| w.eq_ignore_ascii_case(l)))
        };
        self.conditional_access
            .iter()
            .filter(|p| p["state"] == "enabled")
            .filter(|p| has(&strings(p, include), targets) && !has(&strings(p, exclude), targets))
            .filter(|p| {
                apps.is_none_or(|apps| {
                    let included =
                        strings(p, &["conditions", "applications", "includeApplications"]);
                    let excluded =
                        strings(p, &["conditions", "applications", "excludeApplications"]);
                    (has(&included, &["All"]) || has(&included, apps)) && !has(&excluded, apps)
                })
            })
            .map(|p| {
                (
                    p["displayName"].as_str().unwrap_or_default().to_owned(),
                    strings(p, &["grantControls", "builtInControls"]),
                )
            })
            .collect()
    }

    /// Whether an object created at `created_at` has replicated by `now`.
    pub fn is_replicated(&self, created_at: Timestamp, now: Timestamp) -> bool {
        now >= created_at.saturating_add(self.replication_lag_secs as i64)
    }

    // -- applications ---------------------------------------------------------------------

    /// Adds (or replaces, by object id) an application.
    pub fn insert_application(&mut self, app: Application) {
        if let Some(old) = self.applications.remove(&app.id) {
            self.app_by_app_id.remove(&old.app_id.to_lowercase());
            index_remove(&mut self.app_by_name, &old.display_name, &old.id);
        }
        self.app_by_app_id
            .insert(app.app_id.to_lowercase(), app.id.clone());
        index_add(&mut self.app_by_name, &app.display_name, &app.id);
        self.applications.insert(app.id.clone(), app);
    }

    /// Removes an application by object id.
    pub fn remove_application(&mut self, id: &str) -> Option<Application> {
        let app = self.applications.remove(id)?;
        self.app_by_app_id.remove(&app.app_id.to_lowercase());
        index_remove(&mut self.app_by_name, &app.display_name, &app.id);
        Some(app)
    }

    /// Changes an application's display name, keeping the index right.
    pub fn rename_application(&mut self, id: &str, display_name: &str) {
        if let Some(app) = self.applications.get_mut(id) {
            index_remove(&mut self.app_by_name, &app.display_name, id);
            app.display_name = display_name.to_string();
            index_add(&mut self.app_by_name, display_name, id);
        }
    }

    /// The application with this object id, ignoring replication lag (for writes and for the
    /// emulator's own bookkeeping).
    pub fn application_raw(&self, id: &str) -> Option<&Application> {
        self.applications.get(&id.to_lowercase())
    }

    /// Mutable access to an application by object id (ignoring lag).
    pub fn application_mut(&mut self, id: &str) -> Option<&mut Application> {
        self.applications.get_mut(&id.to_lowercase())
    }

    /// The application with this object id, as a read sees it (honours the lag).
    pub fn application(&self, id: &str, now: Timestamp) -> Option<&Application> {
        self.applications
            .get(&id.to_lowercase())
            .filter(|a| self.is_replicated(a.created_at, now))
    }

    /// The application with this client id, ignoring replication lag.
    pub fn application_by_app_id_raw(&self, app_id: &str) -> Option<&Application> {
        self.app_by_app_id
            .get(&app_id.to_lowercase())
            .and_then(|id| self.applications.get(id))
    }

    /// The application with this client id, as a read sees it (honours the lag).
    pub fn application_by_app_id(&self, app_id: &str, now: Timestamp) -> Option<&Application> {
        self.application_by_app_id_raw(app_id)
            .filter(|a| self.is_replicated(a.created_at, now))
    }

    /// Object ids of applications whose display name equals `name` (case-insensitive), visible
    /// at `now`, in id order.
    pub fn application_ids_named(&self, name: &str, now: Timestamp) -> Vec<String> {
        self.app_by_name
            .get(&name.to_lowercase())
            .into_iter()
            .flatten()
            .filter(|id| self.application(id, now).is_some())
            .cloned()
            .collect()
    }

    /// Object ids of applications whose display name starts with `prefix`, visible at `now`.
    pub fn application_ids_named_like(&self, prefix: &str, now: Timestamp) -> Vec<String> {
        index_prefix(&self.app_by_name, prefix)
            .into_iter()
            .filter(|id| self.application(id, now).is_some())
            .collect()
    }

    /// Applications visible at `now` with object id greater than `after`, in id order.
    pub fn applications_after<'a>(
        &'a self,
        after: Option<&'a str>,
        now: Timestamp,
    ) -> impl Iterator<Item = &'a Application> + 'a {
        let range = match after {
            Some(a) => self
                .applications
                .range::<str, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
            None => self.applications.range::<str, _>(..),
        };
        range
            .map(|(_, a)| a)
            .filter(move |a| self.is_replicated(a.created_at, now))
    }

    /// Number of applications (including ones still replicating).
    pub fn application_count(&self) -> usize {
        self.applications.len()
    }

    // -- service principals ---------------------------------------------------------------

    /// Adds (or replaces, by object id) a service principal.
    pub fn insert_service_principal(&mut self, sp: ServicePrincipal) {
        if let Some(old) = self.service_principals.remove(&sp.id) {
            self.sp_by_app_id.remove(&old.app_id.to_lowercase());
            index_remove(&mut self.sp_by_name, &old.display_name, &old.id);
        }
        self.sp_by_app_id
            .insert(sp.app_id.to_lowercase(), sp.id.clone());
        index_add(&mut self.sp_by_name, &sp.display_name, &sp.id);
        self.service_principals.insert(sp.id.clone(), sp);
    }

    /// Removes a service principal by object id, with its grants, role assignments and policy
    /// assignments (Entra deletes them with it).
    pub fn remove_service_principal(&mut self, id: &str) -> Option<ServicePrincipal> {
        let sp = self.service_principals.remove(id)?;
        self.sp_by_app_id.remove(&sp.app_id.to_lowercase());
        index_remove(&mut self.sp_by_name, &sp.display_name, &sp.id);
        self.grants
            .retain(|_, g| g.client_id != sp.id && g.resource_id != sp.id);
        self.app_role_assignments
            .retain(|a| a.principal_id != sp.id && a.resource_id != sp.id);
        for policy in self.hrd_policies.values_mut() {
            policy.applies_to.remove(&sp.id);
        }
        Some(sp)
    }

    /// Changes a service principal's display name, keeping the index right.
    pub fn rename_service_principal(&mut self, id: &str, display_name: &str) {
        if let Some(sp) = self.service_principals.get_mut(id) {
            index_remove(&mut self.sp_by_name, &sp.display_name, id);
            sp.display_name = display_name.to_string();
            index_add(&mut self.sp_by_name, display_name, id);
        }
    }

    /// The service principal with this object id, ignoring replication lag.
    pub fn service_principal_raw(&self, id: &str) -> Option<&ServicePrincipal> {
        self.service_principals.get(&id.to_lowercase())
    }

    /// Mutable access to a service principal by object id (ignoring lag).
    pub fn service_principal_mut(&mut self, id: &str) -> Option<&mut ServicePrincipal> {
        self.service_principals.get_mut(&id.to_lowercase())
    }

    /// The service principal with this object id, as a read sees it (honours the lag).
    pub fn service_principal(&self, id: &str, now: Timestamp) -> Option<&ServicePrincipal> {
        self.service_principal_raw(id)
            .filter(|sp| self.is_replicated(sp.created_at, now))
    }

    /// The service principal of the application with client id `app_id`, ignoring lag.
    pub fn service_principal_by_app_id_raw(&self, app_id: &str) -> Option<&ServicePrincipal> {
        self.sp_by_app_id
            .get(&app_id.to_lowercase())
            .and_then(|id| self.service_principals.get(id))
    }

    /// The service principal of the application with client id `app_id`, as a read sees it:
    /// `None` while it is younger than the replication lag. Dataverse uses this to decide
    /// whether an application user can be created.
    pub fn service_principal_by_app_id(
        &self,
        app_id: &str,
        now: Timestamp,
    ) -> Option<&ServicePrincipal> {
        self.service_principal_by_app_id_raw(app_id)
            .filter(|sp| self.is_replicated(sp.created_at, now))
    }

    /// Object ids of service principals named `name` (case-insensitive), visible at `now`.
    pub fn service_principal_ids_named(&self, name: &str, now: Timestamp) -> Vec<String> {
        self.sp_by_name
            .get(&name.to_lowercase())
            .into_iter()
            .flatten()
            .filter(|id| self.service_principal(id, now).is_some())
            .cloned()
            .collect()
    }

    /// Object ids of service principals whose display name starts with `prefix`.
    pub fn service_principal_ids_named_like(&self, prefix: &str, now: Timestamp) -> Vec<String> {
        index_prefix(&self.sp_by_name, prefix)
            .into_iter()
            .filter(|id| self.service_principal(id, now).is_some())
            .collect()
    }

    /// Service principals visible at `now` with object id greater than `after`, in id order.
    pub fn service_principals_after<'a>(
        &'a self,
        after: Option<&'a str>,
        now: Timestamp,
    ) -> impl Iterator<Item = &'a ServicePrincipal> + 'a {
        let range = match after {
            Some(a) => self
                .service_principals
                .range::<str, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
            None => self.service_principals.range::<str, _>(..),
        };
        range
            .map(|(_, sp)| sp)
            .filter(move |sp| self.is_replicated(sp.created_at, now))
    }

    // -- grants and app role assignments --------------------------------------------------

    /// All delegated permission grants, in id order.
    pub fn grants(&self) -> impl Iterator<Item = &OAuth2PermissionGrant> {
        self.grants.values()
    }

    /// The grant with this id.
    pub fn grant(&self, id: &str) -> Option<&OAuth2PermissionGrant> {
        self.grants.get(id)
    }

    /// Mutable access to a grant.
    pub fn grant_mut(&mut self, id: &str) -> Option<&mut OAuth2PermissionGrant> {
        self.grants.get_mut(id)
    }

    /// Adds a grant (the caller checks for duplicates).
    pub fn insert_grant(&mut self, grant: OAuth2PermissionGrant) {
        self.grants.insert(grant.id.clone(), grant);
    }

    /// Removes a grant.
    pub fn remove_grant(&mut self, id: &str) -> Option<OAuth2PermissionGrant> {
        self.grants.remove(id)
    }

    /// The grant for this client, resource and principal set, if any (Entra keeps one per
    /// combination: a second is "Permission entry already exists.").
    pub fn find_grant(
        &self,
        client_id: &str,
        resource_id: &str,
        principal_id: Option<&str>,
    ) -> Option<&OAuth2PermissionGrant> {
        self.grants.values().find(|g| {
            g.client_id.eq_ignore_ascii_case(client_id)
                && g.resource_id.eq_ignore_ascii_case(resource_id)
                && g.principal_id.as_deref().map(str::to_lowercase)
                    == principal_id.map(str::to_lowercase)
        })
    }

    /// Adds an app role assignment.
    pub fn insert_app_role_assignment(&mut self, assignment: AppRoleAssignment) {
        self.app_role_assignments.push(assignment);
    }

    /// App role values (`Application.ReadWrite.All`, …) granted to the client service principal
    /// `principal_id` on the resource service principal `resource_id`: the `roles` claim of an
    /// app-only token.
    /// Every assignment to the resource service principal `resource_id` (its `appRoleAssignedTo`).
    pub fn assigned_to(&self, resource_id: &str) -> Vec<&AppRoleAssignment> {
        self.app_role_assignments
            .iter()
            .filter(|a| a.resource_id.eq_ignore_ascii_case(resource_id))
            .collect()
    }

    /// Whether `principal_id` is assigned to the resource service principal `resource_id`.
    pub fn is_assigned(&self, principal_id: &str, resource_id: &str) -> bool {
        self.assigned_to(resource_id)
            .iter()
            .any(|a| a.principal_id.eq_ignore_ascii_case(principal_id))
    }

    pub fn app_roles_granted(&self, principal_id: &str, resource_id: &str) -> Vec<String> {
        let Some(resource) = self.service_principals.get(resource_id) else {
            return Vec::new();
        };
        let mut roles: Vec<String> = self
            .app_role_assignments
            .iter()
            .filter(|a| a.principal_id == principal_id && a.resource_id == resource_id)
            .filter_map(|a| resource.app_roles.iter().find(|r| r.id == a.app_role_id))
            .map(|r| r.value.clone())
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    // -- home realm discovery policies ----------------------------------------------------

    /// All HRD policies, in id order.
    pub fn hrd_policies(&self) -> impl Iterator<Item = &HomeRealmDiscoveryPolicy> {
        self.hrd_policies.values()
    }

    /// The HRD policy with this id.
    pub fn hrd_policy(&self, id: &str) -> Option<&HomeRealmDiscoveryPolicy> {
        self.hrd_policies.get(&id.to_lowercase())
    }

    /// Mutable access to an HRD policy.
    pub fn hrd_policy_mut(&mut self, id: &str) -> Option<&mut HomeRealmDiscoveryPolicy> {
        self.hrd_policies.get_mut(&id.to_lowercase())
    }

    /// Adds an HRD policy.
    pub fn insert_hrd_policy(&mut self, policy: HomeRealmDiscoveryPolicy) {
        self.hrd_policies.insert(policy.id.clone(), policy);
    }

    /// Removes an HRD policy (and so its assignments).
    pub fn remove_hrd_policy(&mut self, id: &str) -> Option<HomeRealmDiscoveryPolicy> {
        self.hrd_policies.remove(&id.to_lowercase())
    }

    /// The HRD policy assigned to a service principal (at most one).
    pub fn hrd_policy_of(&self, sp_id: &str) -> Option<&HomeRealmDiscoveryPolicy> {
        self.hrd_policies
            .values()
            .find(|p| p.applies_to.contains(sp_id))
    }

    // -- credentials ----------------------------------------------------------------------

    /// Checks a client secret for client `app_id` at `now`: the application must be visible
    /// (replicated), have a service principal in the tenant, and hold an unexpired credential
    /// whose digest matches.
    pub fn check_client_secret(
        &self,
        app_id: &str,
        secret: &str,
        now: Timestamp,
    ) -> Result<&Application, ClientSecretError> {
        let app = self
            .application_by_app_id(app_id, now)
            .ok_or(ClientSecretError::UnknownApplication)?;
        if self.service_principal_by_app_id(app_id, now).is_none() {
            return Err(ClientSecretError::NoServicePrincipal);
        }
        let digest = sha256_hex(secret);
        let matching: Vec<&PasswordCredential> = app
            .password_credentials
            .iter()
            .filter(|c| c.secret_sha256 == digest)
            .collect();
        if matching.is_empty() {
            return Err(ClientSecretError::WrongSecret);
        }
        if matching.iter().any(|c| c.start <= now && now < c.end) {
            Ok(app)
        } else {
            Err(ClientSecretError::Expired)
        }
    }
}
