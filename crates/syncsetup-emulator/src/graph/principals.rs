//! `/servicePrincipals`: list (with `$filter` on `id`, `appId`, `displayName`), create from an
//! `appId` (the application must exist in the tenant and have replicated, else Graph's 400
//! `NoBackingApplicationObject`; a second one for the same app is 409
//! `Request_MultipleObjectsWithSameKeyValue`; Microsoft Graph's and Dynamics CRM's first-party
//! service principals can be instantiated by app id), get/update/delete by object id or
//! `(appId='…')`, and the service principal's home realm discovery policy references (at most one
//! policy per service principal).

use std::collections::BTreeSet;
use std::marker::PhantomData;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::list::{narrow, page_of, Filterable, Listing};
use super::odata::Clause;
use super::{policies, Key, Req, APP_WRITERS};
use crate::directory::seed::{self, DYNAMICS_USER_IMPERSONATION_ID};
use crate::directory::{Directory, Permission, ServicePrincipal};
use crate::error::GraphError;
use crate::scenario::{DYNAMICS_CRM_APP_ID, GRAPH_APP_ID};

/// Permissions that may read service principals (Application.ReadWrite.OwnedBy is left out, as
/// for applications: owners are not modelled).
const READ: &[&str] = &[
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// Permissions that may create and change service principals.
const WRITE: &[&str] = &["Application.ReadWrite.All"];

/// Properties Graph returns for a service principal (v1.0).
const PROPERTIES: &[&str] = &[
    "accountEnabled",
    "addIns",
    "alternativeNames",
    "appDescription",
    "appDisplayName",
    "appId",
    "appOwnerOrganizationId",
    "appRoleAssignmentRequired",
    "appRoles",
    "applicationTemplateId",
    "deletedDateTime",
    "description",
    "disabledByMicrosoftStatus",
    "displayName",
    "homepage",
    "id",
    "info",
    "keyCredentials",
    "loginUrl",
    "logoutUrl",
    "notes",
    "notificationEmailAddresses",
    "oauth2PermissionScopes",
    "passwordCredentials",
    "preferredSingleSignOnMode",
    "preferredTokenSigningKeyThumbprint",
    "replyUrls",
    "resourceSpecificApplicationPermissions",
    "samlSingleSignOnSettings",
    "servicePrincipalNames",
    "servicePrincipalType",
    "signInAudience",
    "tags",
    "tokenEncryptionKeyId",
    "verifiedPublisher",
];

/// Properties a PATCH may change (the rest are derived from the application or read-only).
const UPDATABLE: &[&str] = &[
    "accountEnabled",
    "appRoleAssignmentRequired",
    "description",
    "homepage",
    "loginUrl",
    "logoutUrl",
    "notes",
    "notificationEmailAddresses",
    "preferredSingleSignOnMode",
    "replyUrls",
    "tags",
];

fn render_scope(p: &Permission) -> Value {
    json!({
        "adminConsentDescription": p.admin_consent_display_name,
        "adminConsentDisplayName": p.admin_consent_display_name,
        "id": p.id,
        "isEnabled": true,
        "origin": "Application",
        "type": "Admin",
        "userConsentDescription": null,
        "userConsentDisplayName": null,
        "value": p.value,
    })
}

fn render_role(p: &Permission) -> Value {
    json!({
        "allowedMemberTypes": ["Application"],
        "description": p.admin_consent_display_name,
        "displayName": p.admin_consent_display_name,
        "id": p.id,
        "isEnabled": true,
        "origin": "Application",
        "value": p.value,
    })
}

/// A service principal in Graph's JSON shape.
fn render(sp: &ServicePrincipal, sign_in_audience: &str) -> Map<String, Value> {
    let Value::Object(mut map) = json!({
        "accountEnabled": true,
        "addIns": [],
        "alternativeNames": [],
        "appDescription": null,
        "appDisplayName": sp.display_name,
        "appId": sp.app_id,
        "appOwnerOrganizationId": sp.app_owner_organization_id,
        "appRoleAssignmentRequired": false,
        "appRoles": sp.app_roles.iter().map(render_role).collect::<Vec<_>>(),
        "applicationTemplateId": null,
        "deletedDateTime": null,
        "description": null,
        "disabledByMicrosoftStatus": null,
        "displayName": sp.display_name,
        "homepage": null,
        "id": sp.id,
        "info": {"logoUrl": null, "marketingUrl": null, "privacyStatementUrl": null, "supportUrl": null, "termsOfServiceUrl": null},
        "keyCredentials": [],
        "loginUrl": null,
        "logoutUrl": null,
        "notes": null,
        "notificationEmailAddresses": [],
        "oauth2PermissionScopes": sp.oauth2_permission_scopes.iter().map(render_scope).collect::<Vec<_>>(),
        "passwordCredentials": [],
        "preferredSingleSignOnMode": null,
        "preferredTokenSigningKeyThumbprint": null,
        "replyUrls": [],
        "resourceSpecificApplicationPermissions": [],
        "samlSingleSignOnSettings": null,
        "servicePrincipalNames": [sp.app_id],
        "servicePrincipalType": "Application",
        "signInAudience": sign_in_audience,
        "tags": [],
        "tokenEncryptionKeyId": null,
        "verifiedPublisher": {"addedDateTime": null, "displayName": null, "verifiedPublisherId": null},
    }) else {
        unreachable!()
    };
    for (k, v) in &sp.other {
        map.insert(k.clone(), v.clone());
    }
    map
}

/// The sign-in audience shown on a service principal: its application's, when the application
/// lives in this tenant; first-party and other tenants' apps are multi-tenant.
fn audience_of(dir: &Directory, sp: &ServicePrincipal) -> String {
    dir.application_by_app_id_raw(&sp.app_id)
        .map(|a| a.sign_in_audience.clone())
        .unwrap_or_else(|| "AzureADMultipleOrgs".into())
}

/// The object id of the service principal `key` addresses, as a read sees it.
pub(super) fn resolve(req: &Req<'_>, dir: &Directory, key: &Key) -> Result<String, GraphError> {
    let now = req.now();
    match key {
        Key::Id(id) => dir
            .service_principal(id, now)
            .map(|sp| sp.id.clone())
            .ok_or_else(|| req.not_found(id)),
        Key::Alternate(prop, value) if prop.eq_ignore_ascii_case("appId") => dir
            .service_principal_by_app_id(value, now)
            .map(|sp| sp.id.clone())
            .ok_or_else(|| req.not_found(value)),
        Key::Alternate(prop, _) => Err(req.error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("The property '{prop}' is not an alternate key of type 'microsoft.graph.servicePrincipal'."),
        )),
    }
}

fn field<'a>(sp: &'a ServicePrincipal, property: &str) -> Option<Option<&'a str>> {
    Some(Some(match property.to_ascii_lowercase().as_str() {
        "id" => sp.id.as_str(),
        "appid" => sp.app_id.as_str(),
        "displayname" => sp.display_name.as_str(),
        "appownerorganizationid" => sp.app_owner_organization_id.as_str(),
        _ => return None,
    }))
}

/// `servicePrincipalNames`: the app id (the only name the emulator models).
fn names(sp: &ServicePrincipal) -> Vec<&str> {
    vec![sp.app_id.as_str()]
}

fn matches(sp: &ServicePrincipal, clauses: &[Clause]) -> bool {
    clauses.iter().all(|c| match c {
        Clause::AnyEq(p, _) if p.eq_ignore_ascii_case("servicePrincipalNames") => {
            names(sp).into_iter().any(|n| c.matches_str(Some(n)))
        }
        _ => field(sp, c.property()).is_some_and(|v| c.matches_str(v)),
    })
}

fn indexed_candidates(dir: &Directory, clauses: &[Clause], now: i64) -> Option<BTreeSet<String>> {
    let mut result: Option<BTreeSet<String>> = None;
    for c in clauses {
        let ids: Option<BTreeSet<String>> = match (c.property().to_ascii_lowercase().as_str(), c) {
            ("id", _) => c.eq_values().map(|vs| {
                vs.iter()
                    .filter_map(|v| dir.service_principal(v, now).map(|s| s.id.clone()))
                    .collect()
            }),
            ("appid", _) => c.eq_values().map(|vs| {
                vs.iter()
                    .filter_map(|v| {
                        dir.service_principal_by_app_id(v, now)
                            .map(|s| s.id.clone())
                    })
                    .collect()
            }),
            ("serviceprincipalnames", Clause::AnyEq(_, super::odata::Literal::Str(v))) => Some(
                dir.service_principal_by_app_id(v, now)
                    .map(|s| s.id.clone())
                    .into_iter()
                    .collect(),
            ),
            ("displayname", Clause::StartsWith(_, prefix)) => Some(
                dir.service_principal_ids_named_like(prefix, now)
                    .into_iter()
                    .collect(),
            ),
            ("displayname", _) => c.eq_values().map(|vs| {
                vs.iter()
                    .flat_map(|v| dir.service_principal_ids_named(v, now))
                    .collect()
            }),
            _ => None,
        };
        narrow(&mut result, ids);
    }
    result
}

/// What a service principal list may filter on.
const FILTERABLE: Filterable = Filterable {
    resource: "ServicePrincipal",
    starts_with: &["displayName"],
    any_eq: &["servicePrincipalNames"],
    eq: &["id", "appId", "displayName", "appOwnerOrganizationId"],
};

pub(super) fn list(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(READ)?;
    req.refuse_unsupported_options()?;
    let clauses = FILTERABLE.clauses(req)?;
    let page = req.page_size()?;
    let after = req.skip_after()?;
    let selected = req.selection(PROPERTIES, "microsoft.graph.servicePrincipal")?;
    let now = req.now();
    let dir = req.state.directory();
    let (items, count) = page_of(
        req,
        page,
        after.as_deref(),
        |sp: &ServicePrincipal| sp.id.as_str(),
        Listing {
            indexed: indexed_candidates(&dir, &clauses, now),
            by_id: |id: &str| dir.service_principal(id, now),
            after: |skip| dir.service_principals_after(skip, now),
            keep: |sp: &ServicePrincipal| matches(sp, &clauses),
            render: |sp: &ServicePrincipal| render(sp, &audience_of(&dir, sp)),
            objects: PhantomData,
        },
    );
    drop(dir);
    let count = req.wants_count().then_some(count);
    Ok(req.page("servicePrincipals", items, page, selected.as_deref(), count))
}

pub(super) fn get(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(READ)?;
    let entity = {
        let dir = req.state.directory();
        let id = resolve(req, &dir, key)?;
        let sp = dir.service_principal_raw(&id).expect("resolved");
        render(sp, &audience_of(&dir, sp))
    };
    let (mut body, selected) =
        req.select_one(entity, PROPERTIES, "microsoft.graph.servicePrincipal")?;
    let fragment = match selected {
        Some(names) => format!("servicePrincipals({names})/$entity"),
        None => "servicePrincipals/$entity".into(),
    };
    body.insert("@odata.context".into(), json!(req.context(&fragment)));
    Ok(req.json(StatusCode::OK, Value::Object(body)))
}

/// The first-party service principal Entra instantiates for a Microsoft app id, if known.
fn first_party(app_id: &str, id: String, now: i64) -> Option<ServicePrincipal> {
    let (name, scopes, roles) = if app_id.eq_ignore_ascii_case(GRAPH_APP_ID) {
        (
            "Microsoft Graph",
            seed::GRAPH_DELEGATED,
            seed::GRAPH_APP_ROLES,
        )
    } else if app_id.eq_ignore_ascii_case(DYNAMICS_CRM_APP_ID) {
        ("Dynamics CRM", &[][..], &[][..])
    } else {
        return None;
    };
    let perms = |items: &[(&str, &str)]| {
        items
            .iter()
            .map(|(v, id)| Permission {
                id: id.to_string(),
                value: v.to_string(),
                admin_consent_display_name: v.to_string(),
            })
            .collect::<Vec<_>>()
    };
    let mut scopes = perms(scopes);
    if app_id.eq_ignore_ascii_case(DYNAMICS_CRM_APP_ID) {
        scopes.push(Permission {
            id: DYNAMICS_USER_IMPERSONATION_ID.into(),
            value: "user_impersonation".into(),
            admin_consent_display_name: "Access Common Data Service as organization users".into(),
        });
    }
    Some(ServicePrincipal {
        id,
        app_id: app_id.to_ascii_lowercase(),
        display_name: name.into(),
        app_owner_organization_id: seed::MICROSOFT_SERVICES_TENANT_ID.into(),
        oauth2_permission_scopes: scopes,
        app_roles: perms(roles),
        created_at: now,
        other: Map::new(),
    })
}

pub(super) fn create(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let body = req.body_of("ServicePrincipal", super::schema::Write::Create)?;
    let app_id = body
        .get("appId")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .ok_or_else(|| {
            req.bad_request(
                "Invalid value specified for property 'appId' of resource 'ServicePrincipal'.",
            )
        })?;
    let now = req.now();
    let tenant_id = req.state.scenario.tenant.id.clone();
    let id = req.state.random_uuid();
    let mut dir = req.state.directory();
    if dir.service_principal_by_app_id_raw(&app_id).is_some() {
        return Err(req.error(
            StatusCode::CONFLICT,
            "Request_MultipleObjectsWithSameKeyValue",
            format!(
                "The service principal cannot be created, updated, or restored because the service principal name {app_id} is already in use."
            ),
        ));
    }
    let sp = match dir.application_by_app_id(&app_id, now) {
        Some(app) => crate::directory::seed::own_service_principal(&id, app, &tenant_id, now),
        None => first_party(&app_id, id, now).ok_or_else(|| {
            // A just-created application has not replicated yet (replication delay:
            // MicrosoftDocs/SupportArticles-docs
            // `…/404-not-found-error-manage-objects-microsoft-graph.md`; this 400 body is
            // community evidence: openshift/openshift-azure#1534, Microsoft Q&A reports), or
            // there is no such application at all: Graph says the same either way.
            req.bad_request(format!(
                "The appId '{app_id}' of the service principal does not reference a valid application object."
            ))
            .with_detail("NoBackingApplicationObject", "appId")
        })?,
    };
    let mut out = render(&sp, &audience_of(&dir, &sp));
    out.insert(
        "@odata.context".into(),
        json!(req.context("servicePrincipals/$entity")),
    );
    let location = format!("{}/v1.0/servicePrincipals/{}", req.state.hosts.graph, sp.id);
    dir.insert_service_principal(sp);
    drop(dir);
    let mut res = req.json(StatusCode::CREATED, Value::Object(out));
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

pub(super) fn update(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let body = req.body_of("ServicePrincipal", super::schema::Write::Update)?;
    let mut dir = req.state.directory();
    let id = resolve(req, &dir, key)?;
    let mut changes = Map::new();
    for (k, v) in body {
        if k.starts_with('@') {
            continue;
        }
        match UPDATABLE.iter().find(|u| u.eq_ignore_ascii_case(&k)) {
            Some(name) => {
                changes.insert(name.to_string(), v);
            }
            None if PROPERTIES.iter().any(|p| p.eq_ignore_ascii_case(&k)) => {
                return Err(
                    req.bad_request(format!("Property '{k}' is read-only and cannot be set."))
                )
            }
            None => {
                return Err(req.bad_request(format!(
                    "Property '{k}' does not exist as a declared property or extension property."
                )))
            }
        }
    }
    let sp = dir.service_principal_mut(&id).expect("resolved");
    sp.other.extend(changes);
    Ok(req.no_content())
}

pub(super) fn delete(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let mut dir = req.state.directory();
    let id = resolve(req, &dir, key)?;
    dir.remove_service_principal(&id);
    Ok(req.no_content())
}

/// `GET /servicePrincipals/{id}/homeRealmDiscoveryPolicies`.
pub(super) fn list_hrd(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(&[
        "Policy.Read.All",
        "Policy.ReadWrite.ApplicationConfiguration",
    ])?;
    req.require(READ)?;
    let items = {
        let dir = req.state.directory();
        let id = resolve(req, &dir, key)?;
        dir.hrd_policy_of(&id)
            .map(|p| vec![(p.id.clone(), policies::render_hrd(p))])
            .unwrap_or_default()
    };
    Ok(req.page(
        "policies/homeRealmDiscoveryPolicies",
        items,
        999,
        None,
        None,
    ))
}

/// Properties of an `appRoleAssignment` (microsoft-graph-docs-contrib
/// `api-reference/v1.0/resources/approleassignment.md`).
const ASSIGNMENT_PROPERTIES: &[&str] = &[
    "appRoleId",
    "createdDateTime",
    "deletedDateTime",
    "id",
    "principalDisplayName",
    "principalId",
    "principalType",
    "resourceDisplayName",
    "resourceId",
];

/// `GET /servicePrincipals/{id}/appRoleAssignedTo`: the users, groups and service principals
/// assigned to this service principal (`serviceprincipal-list-approleassignedto.md`: permissions
/// Application.Read.All and up, `$select` and `$top` supported). `$filter` is not emulated and is
/// refused rather than ignored.
pub(super) fn list_assigned_to(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(READ)?;
    req.refuse_unsupported_options()?;
    req.refuse_filter("appRoleAssignedTo")?;
    let selected = req.selection(ASSIGNMENT_PROPERTIES, "AppRoleAssignment")?;
    let page = req.page_size()?;
    let after = req.skip_after()?;
    let items: Vec<(String, Map<String, Value>)> = {
        let dir = req.state.directory();
        let id = resolve(req, &dir, key)?;
        let resource_name = dir
            .service_principal_raw(&id)
            .map(|sp| sp.display_name.clone())
            .unwrap_or_default();
        let mut items: Vec<(String, Map<String, Value>)> = dir
            .assigned_to(&id)
            .into_iter()
            .filter(|a| after.as_deref().is_none_or(|after| a.id.as_str() > after))
            .map(|a| {
                let Value::Object(map) = json!({
                    "appRoleId": a.app_role_id,
                    "createdDateTime": "2020-01-01T00:00:00Z",
                    "deletedDateTime": null,
                    "id": a.id,
                    "principalDisplayName": a.principal_display_name,
                    "principalId": a.principal_id,
                    "principalType": a.principal_type,
                    "resourceDisplayName": resource_name,
                    "resourceId": a.resource_id,
                }) else {
                    unreachable!()
                };
                (a.id.clone(), map)
            })
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items.truncate(page + 1);
        items
    };
    Ok(req.page("appRoleAssignments", items, page, selected.as_deref(), None))
}

/// `POST /servicePrincipals/{id}/homeRealmDiscoveryPolicies/$ref`.
pub(super) fn add_hrd_ref(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(&["Policy.ReadWrite.ApplicationConfiguration"])?;
    req.require(&["Application.ReadWrite.All", "Directory.ReadWrite.All"])?;
    req.require_role(APP_WRITERS)?;
    let body = req.json_body()?;
    let reference = body
        .get("@odata.id")
        .and_then(Value::as_str)
        .ok_or_else(|| req.bad_request("Invalid value specified for property '@odata.id'."))?;
    // `https://graph.microsoft.com/v1.0/policies/homeRealmDiscoveryPolicies/{id}` (any host).
    let policy_id = reference
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !reference
        .to_ascii_lowercase()
        .contains("homerealmdiscoverypolicies/")
    {
        return Err(req.bad_request(format!("Invalid object reference '{reference}'.")));
    }
    let mut dir = req.state.directory();
    let sp_id = resolve(req, &dir, key)?;
    if dir.hrd_policy(&policy_id).is_none() {
        return Err(req.not_found(&policy_id));
    }
    if let Some(existing) = dir.hrd_policy_of(&sp_id) {
        if existing.id == policy_id {
            return Err(req.bad_request(
                "One or more added object references already exist for the following modified properties: 'policies'.",
            ));
        }
        // One home realm discovery policy per service principal: "you won't be able to add a
        // second one" (entra-docs
        // `docs/identity/enterprise-apps/configure-authentication-for-federated-users-portal.md`).
        return Err(req.error(
            StatusCode::CONFLICT,
            "Request_MultipleObjectsWithSameKeyValue",
            "Request contains property changes that would result in property-uniqueness violation(s). A service \
             principal can have only one HomeRealmDiscoveryPolicy assigned.",
        ));
    }
    dir.hrd_policy_mut(&policy_id)
        .expect("checked")
        .applies_to
        .insert(sp_id);
    Ok(req.no_content())
}

/// `DELETE /servicePrincipals/{id}/homeRealmDiscoveryPolicies/{policyId}/$ref`.
pub(super) fn remove_hrd_ref(
    req: &Req<'_>,
    key: &Key,
    policy_id: &str,
) -> Result<Response, GraphError> {
    req.require(&[
        "Policy.Read.All",
        "Policy.ReadWrite.ApplicationConfiguration",
    ])?;
    req.require(&["Application.ReadWrite.All", "Directory.ReadWrite.All"])?;
    req.require_role(APP_WRITERS)?;
    let mut dir = req.state.directory();
    let sp_id = resolve(req, &dir, key)?;
    let removed = dir
        .hrd_policy_mut(policy_id)
        .is_some_and(|p| p.applies_to.remove(&sp_id));
    if !removed {
        return Err(req.not_found(policy_id));
    }
    Ok(req.no_content())
}
