//! `/oauth2PermissionGrants`: delegated permission grants (admin consent). List with `$filter`
//! on `clientId`, `resourceId`, `consentType`, `principalId`; create (201; one grant per client,
//! resource and principal set, a second is 409 `Request_MultipleObjectsWithSameKeyValue`
//! "Permission entry already exists."); get; PATCH of `scope` (204); delete (204). Tenant-wide
//! (`AllPrincipals`) grants need an admin role that may consent for the tenant.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::odata::Clause;
use super::{Req, GRANT_WRITERS};
use crate::directory::OAuth2PermissionGrant;
use crate::error::GraphError;

const READ: &[&str] = &[
    "Directory.Read.All",
    "DelegatedPermissionGrant.Read.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "Directory.ReadWrite.All",
];
const WRITE: &[&str] = &[
    "DelegatedPermissionGrant.ReadWrite.All",
    "Directory.ReadWrite.All",
];

const PROPERTIES: &[&str] = &[
    "clientId",
    "consentType",
    "id",
    "principalId",
    "resourceId",
    "scope",
];

fn render(g: &OAuth2PermissionGrant) -> Map<String, Value> {
    let Value::Object(map) = json!({
        "clientId": g.client_id,
        "consentType": g.consent_type,
        "id": g.id,
        "principalId": g.principal_id,
        "resourceId": g.resource_id,
        "scope": g.scope,
    }) else {
        unreachable!()
    };
    map
}

fn field<'a>(g: &'a OAuth2PermissionGrant, property: &str) -> Option<Option<&'a str>> {
    Some(match property.to_ascii_lowercase().as_str() {
        "id" => Some(g.id.as_str()),
        "clientid" => Some(g.client_id.as_str()),
        "resourceid" => Some(g.resource_id.as_str()),
        "consenttype" => Some(g.consent_type.as_str()),
        "principalid" => g.principal_id.as_deref(),
        _ => return None,
    })
}

pub(super) fn list(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(READ)?;
    req.refuse_unsupported_options()?;
    let clauses = req.filter_on("OAuth2PermissionGrant")?;
    for c in &clauses {
        if matches!(c, Clause::StartsWith(..) | Clause::AnyEq(..))
            || field(&OAuth2PermissionGrant::default(), c.property()).is_none()
        {
            return Err(req.unsupported_filter(c.property(), "OAuth2PermissionGrant"));
        }
    }
    let page = req.page_size()?;
    let after = req.skip_after()?;
    let selected = req.selection(PROPERTIES, "microsoft.graph.oAuth2PermissionGrant")?;
    let items: Vec<(String, Map<String, Value>)> = {
        let dir = req.state.directory();
        dir.grants()
            .filter(|g| {
                clauses
                    .iter()
                    .all(|c| field(g, c.property()).is_some_and(|v| c.matches_str(v)))
            })
            .map(|g| (g.id.clone(), render(g)))
            .collect()
    };
    let count = req.wants_count().then_some(items.len());
    let items = items
        .into_iter()
        .filter(|(id, _)| after.as_deref().is_none_or(|x| id.as_str() > x))
        .take(page + 1)
        .collect();
    Ok(req.page(
        "oauth2PermissionGrants",
        items,
        page,
        selected.as_deref(),
        count,
    ))
}

pub(super) fn get(req: &Req<'_>, id: &str) -> Result<Response, GraphError> {
    req.require(READ)?;
    let entity = {
        let dir = req.state.directory();
        render(dir.grant(id).ok_or_else(|| req.not_found(id))?)
    };
    let (mut body, selected) =
        req.select_one(entity, PROPERTIES, "microsoft.graph.oAuth2PermissionGrant")?;
    let fragment = match selected {
        Some(names) => format!("oauth2PermissionGrants({names})/$entity"),
        None => "oauth2PermissionGrants/$entity".into(),
    };
    body.insert("@odata.context".into(), json!(req.context(&fragment)));
    Ok(req.json(StatusCode::OK, Value::Object(body)))
}

fn string(req: &Req<'_>, body: &Map<String, Value>, name: &str) -> Result<String, GraphError> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            req.bad_request(format!(
                "Invalid value specified for property '{name}' of resource 'OAuth2PermissionGrant'."
            ))
        })
}

pub(super) fn create(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    let body = req.body_of("OAuth2PermissionGrant", super::schema::Write::Create)?;
    let client_id = string(req, &body, "clientId")?.to_ascii_lowercase();
    let resource_id = string(req, &body, "resourceId")?.to_ascii_lowercase();
    let consent_type = string(req, &body, "consentType")?;
    let consent_type = ["AllPrincipals", "Principal"]
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(&consent_type))
        .ok_or_else(|| req.bad_request("Invalid value specified for property 'consentType' of resource 'OAuth2PermissionGrant'."))?;
    let principal_id = body
        .get("principalId")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    match (consent_type, &principal_id) {
        ("AllPrincipals", Some(_)) | ("Principal", None) => {
            return Err(req.bad_request(
                "principalId must be null for consentType 'AllPrincipals' and set for consentType 'Principal'.",
            ))
        }
        _ => {}
    }
    // Consenting for the whole tenant is an admin act; a user may consent only for themself.
    match (&req.caller.principal, consent_type) {
        (_, "AllPrincipals") => req.require_role(GRANT_WRITERS)?,
        (super::Principal::User(u), "Principal")
            if principal_id.as_deref() != Some(u.oid.as_str()) =>
        {
            req.require_role(GRANT_WRITERS)?
        }
        _ => {}
    }
    let scope = body
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    let now = req.now();
    let mut dir = req.state.directory();
    for id in [&client_id, &resource_id] {
        // Just-created service principals are not resolvable yet (replication delay:
        // MicrosoftDocs/SupportArticles-docs
        // `…/404-not-found-error-manage-objects-microsoft-graph.md`).
        if dir.service_principal(id, now).is_none() {
            return Err(req.not_found(id));
        }
    }
    if let Some(p) = &principal_id {
        if req.state.scenario.user_by_oid(p).is_none() {
            return Err(req.not_found(p));
        }
    }
    if dir
        .find_grant(&client_id, &resource_id, principal_id.as_deref())
        .is_some()
    {
        return Err(req.error(
            StatusCode::CONFLICT,
            "Request_MultipleObjectsWithSameKeyValue",
            "Permission entry already exists.",
        ));
    }
    let grant = OAuth2PermissionGrant {
        // Graph's grant ids are opaque base64url strings, not GUIDs.
        id: req.state.random_token(32),
        client_id,
        consent_type: consent_type.to_string(),
        principal_id,
        resource_id,
        scope,
    };
    let mut out = render(&grant);
    out.insert(
        "@odata.context".into(),
        json!(req.context("oauth2PermissionGrants/$entity")),
    );
    let location = format!(
        "{}/v1.0/oauth2PermissionGrants/{}",
        req.state.hosts.graph, grant.id
    );
    dir.insert_grant(grant);
    drop(dir);
    let mut res = req.json(StatusCode::CREATED, Value::Object(out));
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

pub(super) fn update(req: &Req<'_>, id: &str) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    let body = req.body_of("OAuth2PermissionGrant", super::schema::Write::Update)?;
    for k in body.keys() {
        if !k.eq_ignore_ascii_case("scope") && !k.starts_with('@') {
            return Err(req.bad_request(format!("Property '{k}' is read-only and cannot be set.")));
        }
    }
    let scope = body
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("scope"))
        .and_then(|(_, v)| v.as_str())
        .ok_or_else(|| {
            req.bad_request(
                "Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.",
            )
        })?
        .trim()
        .to_string();
    let consent_type = {
        let dir = req.state.directory();
        dir.grant(id)
            .ok_or_else(|| req.not_found(id))?
            .consent_type
            .clone()
    };
    if consent_type == "AllPrincipals" {
        req.require_role(GRANT_WRITERS)?;
    }
    let mut dir = req.state.directory();
    let grant = dir.grant_mut(id).ok_or_else(|| req.not_found(id))?;
    grant.scope = scope;
    Ok(req.no_content())
}

pub(super) fn delete(req: &Req<'_>, id: &str) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    let consent_type = {
        let dir = req.state.directory();
        dir.grant(id)
            .ok_or_else(|| req.not_found(id))?
            .consent_type
            .clone()
    };
    if consent_type == "AllPrincipals" {
        req.require_role(GRANT_WRITERS)?;
    }
    req.state.directory().remove_grant(id);
    Ok(req.no_content())
}
