//! `/policies/homeRealmDiscoveryPolicies` (create, list, get, update, delete; `definition` is an
//! array of JSON documents carried as strings, e.g.
//! `"{\"HomeRealmDiscoveryPolicy\":{\"AllowCloudPasswordValidation\":true}}"`) and
//! `/policies/defaultAppManagementPolicy` (read-only here; scenarios seed it).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::odata;
use super::{Req, APP_WRITERS};
use crate::directory::HomeRealmDiscoveryPolicy;
use crate::error::GraphError;

const READ: &[&str] = &[
    "Policy.Read.All",
    "Policy.ReadWrite.ApplicationConfiguration",
];
const WRITE: &[&str] = &["Policy.ReadWrite.ApplicationConfiguration"];

const HRD_PROPERTIES: &[&str] = &[
    "definition",
    "deletedDateTime",
    "description",
    "displayName",
    "id",
    "isOrganizationDefault",
];

/// A home realm discovery policy in Graph's JSON shape.
pub(super) fn render_hrd(p: &HomeRealmDiscoveryPolicy) -> Map<String, Value> {
    let Value::Object(map) = json!({
        "definition": p.definition,
        "deletedDateTime": null,
        "description": null,
        "displayName": p.display_name,
        "id": p.id,
        "isOrganizationDefault": p.is_organization_default,
    }) else {
        unreachable!()
    };
    map
}

pub(super) fn list_hrd(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(READ)?;
    req.refuse_unsupported_options()?;
    let clauses = req.filter_on("HomeRealmDiscoveryPolicy")?;
    for c in &clauses {
        if !matches!(
            c.property().to_ascii_lowercase().as_str(),
            "id" | "displayname"
        ) {
            return Err(req.unsupported_filter(c.property(), "HomeRealmDiscoveryPolicy"));
        }
    }
    let page = req.page_size()?;
    let after = req.skip_after()?;
    let selected = req.selection(HRD_PROPERTIES, "microsoft.graph.homeRealmDiscoveryPolicy")?;
    let items: Vec<(String, Map<String, Value>)> = {
        let dir = req.state.directory();
        dir.hrd_policies()
            .filter(|p| {
                clauses.iter().all(|c| {
                    let v = if c.property().eq_ignore_ascii_case("id") {
                        &p.id
                    } else {
                        &p.display_name
                    };
                    c.matches_str(Some(v))
                })
            })
            .map(|p| (p.id.clone(), render_hrd(p)))
            .collect()
    };
    let count = req.wants_count().then_some(items.len());
    let items = items
        .into_iter()
        .filter(|(id, _)| after.as_deref().is_none_or(|x| id.as_str() > x))
        .take(page + 1)
        .collect();
    Ok(req.page(
        "policies/homeRealmDiscoveryPolicies",
        items,
        page,
        selected.as_deref(),
        count,
    ))
}

pub(super) fn get_hrd(req: &Req<'_>, id: &str) -> Result<Response, GraphError> {
    req.require(READ)?;
    let entity = {
        let dir = req.state.directory();
        render_hrd(dir.hrd_policy(id).ok_or_else(|| req.not_found(id))?)
    };
    let (mut body, selected) = req.select_one(
        entity,
        HRD_PROPERTIES,
        "microsoft.graph.homeRealmDiscoveryPolicy",
    )?;
    let fragment = match selected {
        Some(names) => format!("policies/homeRealmDiscoveryPolicies({names})/$entity"),
        None => "policies/homeRealmDiscoveryPolicies/$entity".into(),
    };
    body.insert("@odata.context".into(), json!(req.context(&fragment)));
    Ok(req.json(StatusCode::OK, Value::Object(body)))
}

/// `definition`: an array of strings, each a JSON document.
fn parse_definition(req: &Req<'_>, value: &Value) -> Result<Vec<String>, GraphError> {
    let invalid = || {
        req.bad_request(
            "Invalid value specified for property 'definition' of resource 'HomeRealmDiscoveryPolicy'. Each entry \
             must be a JSON document carried as a string.",
        )
    };
    let items = value
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(invalid)?;
    items
        .iter()
        .map(|item| {
            let text = item.as_str().ok_or_else(invalid)?;
            serde_json::from_str::<Value>(text)
                .ok()
                .filter(Value::is_object)
                .map(|_| text.to_string())
                .ok_or_else(invalid)
        })
        .collect()
}

pub(super) fn create_hrd(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let body = req.body_of("HomeRealmDiscoveryPolicy", super::schema::Write::Create)?;
    let display_name = body
        .get("displayName")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| req.bad_request("Invalid value specified for property 'displayName' of resource 'HomeRealmDiscoveryPolicy'."))?
        .to_string();
    let definition = parse_definition(req, body.get("definition").unwrap_or(&Value::Null))?;
    let policy = HomeRealmDiscoveryPolicy {
        id: req.state.random_uuid(),
        display_name,
        definition,
        is_organization_default: body
            .get("isOrganizationDefault")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        applies_to: Default::default(),
    };
    let mut out = render_hrd(&policy);
    out.insert(
        "@odata.context".into(),
        json!(req.context("policies/homeRealmDiscoveryPolicies/$entity")),
    );
    let location = format!(
        "{}/v1.0/policies/homeRealmDiscoveryPolicies/{}",
        req.state.hosts.graph, policy.id
    );
    req.state.directory().insert_hrd_policy(policy);
    let mut res = req.json(StatusCode::CREATED, Value::Object(out));
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

pub(super) fn update_hrd(req: &Req<'_>, id: &str) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let body = req.body_of("HomeRealmDiscoveryPolicy", super::schema::Write::Update)?;
    let definition = body
        .get("definition")
        .map(|d| parse_definition(req, d))
        .transpose()?;
    let mut dir = req.state.directory();
    let policy = dir.hrd_policy_mut(id).ok_or_else(|| req.not_found(id))?;
    if let Some(name) = body.get("displayName").and_then(Value::as_str) {
        policy.display_name = name.to_string();
    }
    if let Some(d) = definition {
        policy.definition = d;
    }
    if let Some(b) = body.get("isOrganizationDefault").and_then(Value::as_bool) {
        policy.is_organization_default = b;
    }
    Ok(req.no_content())
}

pub(super) fn delete_hrd(req: &Req<'_>, id: &str) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    req.state
        .directory()
        .remove_hrd_policy(id)
        .ok_or_else(|| req.not_found(id))?;
    Ok(req.no_content())
}

/// `GET /policies/defaultAppManagementPolicy` (microsoft-graph-docs-contrib
/// `api-reference/v1.0/api/tenantappmanagementpolicy-get.md`; the restriction fields:
/// `api-reference/v1.0/resources/passwordcredentialconfiguration.md`).
pub(super) fn default_app_management(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(READ)?;
    let policy = req.state.directory().app_management_policy.clone();
    let restrictions: Vec<Value> = policy
        .password_restrictions
        .iter()
        .map(|r| {
            json!({
                "restrictionType": r.restriction_type,
                "maxLifetime": r.max_lifetime,
                "restrictForAppsCreatedAfterDateTime": r.restrict_for_apps_created_after.map(odata::graph_timestamp),
            })
        })
        .collect();
    let tenant_id = &req.state.scenario.tenant.id;
    Ok(req.json(
        StatusCode::OK,
        json!({
            "@odata.context": req.context("policies/defaultAppManagementPolicy/$entity"),
            "@odata.id": format!(
                "{}/v2/{tenant_id}/defaultAppManagementPolicy/00000000-0000-0000-0000-000000000000",
                req.state.hosts.graph
            ),
            "id": "00000000-0000-0000-0000-000000000000",
            "displayName": "Default app management tenant policy",
            "description": "Default tenant policy that enforces app management restrictions on applications and service principals. To apply policy to targeted resources, create a new policy under appManagementPolicies collection.",
            "isEnabled": policy.is_enabled,
            "applicationRestrictions": {"passwordCredentials": restrictions, "keyCredentials": []},
            "servicePrincipalRestrictions": {"passwordCredentials": [], "keyCredentials": []},
        }),
    ))
}

/// Roles that may read Conditional Access policies (microsoft-graph-docs-contrib
/// `api-reference/v1.0/includes/rbac-for-apis/rbac-conditionalaccess-apis-read.md`), and Global
/// Administrator, which holds every permission.
const CA_READERS: &[&str] = &[
    "Global Administrator",
    "Global Reader",
    "Security Reader",
    "Security Administrator",
    "Conditional Access Administrator",
    "Global Secure Access Administrator",
];

/// Properties of a `conditionalAccessPolicy` (`conditionalaccesspolicy.md`).
const CA_PROPERTIES: &[&str] = &[
    "conditions",
    "createdDateTime",
    "description",
    "displayName",
    "grantControls",
    "id",
    "modifiedDateTime",
    "sessionControls",
    "state",
    "templateId",
];

/// `GET /identity/conditionalAccess/policies` (`conditionalaccessroot-list-policies.md`:
/// Policy.Read.All). `$select` is checked against the published type; `$filter` is not emulated
/// and is refused, never ignored.
pub(super) fn list_conditional_access(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(&["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"])?;
    req.require_role(CA_READERS)?;
    req.refuse_unsupported_options()?;
    req.refuse_filter("conditional access policies")?;
    let selected = req.selection(CA_PROPERTIES, "ConditionalAccessPolicy")?;
    let items: Vec<(String, Map<String, Value>)> = req
        .state
        .directory()
        .conditional_access
        .iter()
        .filter_map(|p| {
            let map = p.as_object()?.clone();
            Some((p["id"].as_str()?.to_owned(), map))
        })
        .collect();
    Ok(req.page(
        "identity/conditionalAccess/policies",
        items,
        999,
        selected.as_deref(),
        None,
    ))
}

/// `GET /policies/identitySecurityDefaultsEnforcementPolicy`
/// (`identitysecuritydefaultsenforcementpolicy-get.md`: Policy.Read.All).
pub(super) fn security_defaults(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(READ)?;
    let Value::Object(entity) = json!({
        "id": "00000000-0000-0000-0000-000000000005",
        "displayName": "Security Defaults",
        "description": "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.",
        "isEnabled": req.state.directory().security_defaults,
        "deletedDateTime": null,
    }) else {
        unreachable!()
    };
    let (mut body, selected) = req.select_one(
        entity,
        &[
            "id",
            "displayName",
            "description",
            "isEnabled",
            "deletedDateTime",
        ],
        "IdentitySecurityDefaultsEnforcementPolicy",
    )?;
    let context = match selected {
        Some(names) => req.context(&format!(
            "policies/identitySecurityDefaultsEnforcementPolicy({names})/$entity"
        )),
        None => req.context("policies/identitySecurityDefaultsEnforcementPolicy/$entity"),
    };
    body.insert("@odata.context".into(), json!(context));
    Ok(req.json(StatusCode::OK, Value::Object(body)))
}

/// Properties of an `onPremisesDirectorySynchronization` (`onpremisesdirectorysynchronization.md`).
const ON_PREMISES_SYNC_PROPERTIES: &[&str] = &["id", "configuration", "features"];

/// `GET /directory/onPremisesSynchronization` (microsoft-graph-docs-contrib
/// `api-reference/v1.0/api/onpremisesdirectorysynchronization-get.md`): delegated
/// `OnPremDirectorySynchronization.Read.All` or `.ReadWrite.All`, and "for delegated scenarios,
/// the user needs to be assigned the Global Administrator role" — so a Global Reader is refused
/// (the strict reading: the page names no other role). `$select` is checked against the
/// published type. The navigation is a collection of `directory`, so the answer is a `value`
/// list: the tenant's one object, or none for a tenant that synchronizes nothing (see
/// `Directory::password_sync`). The features are those of the page's response example, with
/// `passwordSyncEnabled` from the scenario.
pub(super) fn on_premises_synchronization(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(&[
        "OnPremDirectorySynchronization.Read.All",
        "OnPremDirectorySynchronization.ReadWrite.All",
    ])?;
    req.require_role(&["Global Administrator"])?;
    req.refuse_unsupported_options()?;
    req.refuse_filter("onPremisesSynchronization")?;
    let selected = req.selection(
        ON_PREMISES_SYNC_PROPERTIES,
        "OnPremisesDirectorySynchronization",
    )?;
    let items: Vec<(String, Map<String, Value>)> = req
        .state
        .directory()
        .password_sync
        .map(|password_sync| {
            let id = req.state.scenario.tenant.id.clone();
            let Value::Object(entity) = json!({
                "id": id,
                "configuration": {
                    "accidentalDeletionPrevention": {
                        "synchronizationPreventionType": "enabledForCount",
                        "alertThreshold": 500
                    }
                },
                "features": {
                    "passwordSyncEnabled": password_sync,
                    "passwordWritebackEnabled": false,
                    "directoryExtensionsEnabled": false,
                    "quarantineUponUpnConflictEnabled": true,
                    "quarantineUponProxyAddressesConflictEnabled": true,
                    "softMatchOnUpnEnabled": true,
                    "cloudPasswordPolicyForPasswordSyncedUsersEnabled": false,
                    "fopeConflictResolutionEnabled": false,
                    "unifiedGroupWritebackEnabled": false,
                    "userWritebackEnabled": false,
                    "deviceWritebackEnabled": false,
                    "synchronizeUpnForManagedUsersEnabled": true,
                    "userForcePasswordChangeOnLogonEnabled": false,
                    "concurrentOrgIdProvisioningEnabled": false,
                    "concurrentCredentialUpdateEnabled": false,
                    "groupWriteBackEnabled": false,
                    "blockSoftMatchEnabled": false,
                    "blockCloudObjectTakeoverThroughHardMatchEnabled": false,
                    "bypassDirSyncOverridesEnabled": false
                }
            }) else {
                unreachable!()
            };
            (id, entity)
        })
        .into_iter()
        .collect();
    Ok(req.page(
        "directory/onPremisesSynchronization",
        items,
        999,
        selected.as_deref(),
        None,
    ))
}
