//! `/applications`: list (with `$filter` on `id`, `appId`, `displayName`, `signInAudience`,
//! answered from the directory's indexes), create, get/update/delete by object id or by the
//! `(appId='…')` alternate key, and the `addPassword`/`removePassword` actions. New applications
//! stay invisible to reads until the directory's replication lag has passed (404
//! `Request_ResourceNotFound`, absent from lists), as in Entra. `addPassword` returns the secret
//! text once, keeps only its digest, defaults to a two-year lifetime, and enforces the tenant's
//! default app-management policy (400 `CredentialInvalidLifetimeAsPerAppPolicy`).

use std::collections::BTreeSet;
use std::marker::PhantomData;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::list::{narrow, page_of, Filterable, Listing};
use super::odata::{self, Clause};
use super::{Key, Req, APP_WRITERS};
use crate::directory::{
    sha256_hex, Application, Directory, PasswordCredential, RequiredResourceAccess, ResourceAccess,
};
use crate::error::GraphError;

/// Permissions that may read applications. (Application.ReadWrite.OwnedBy is left out: the
/// emulator does not track owners, and granting it tenant-wide reach would be more than Graph
/// allows.)
const READ: &[&str] = &[
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// Permissions that may create and change applications.
const WRITE: &[&str] = &["Application.ReadWrite.All"];

/// Id of the tenant's default app-management policy, named in policy errors.
const DEFAULT_POLICY_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Properties Graph returns for an application (v1.0), in its JSON names.
pub(super) const PROPERTIES: &[&str] = &[
    "addIns",
    "api",
    "appId",
    "appRoles",
    "applicationTemplateId",
    "certification",
    "createdDateTime",
    "defaultRedirectUri",
    "deletedDateTime",
    "description",
    "disabledByMicrosoftStatus",
    "displayName",
    "groupMembershipClaims",
    "id",
    "identifierUris",
    "info",
    "isDeviceOnlyAuthSupported",
    "isFallbackPublicClient",
    "keyCredentials",
    "notes",
    "optionalClaims",
    "parentalControlSettings",
    "passwordCredentials",
    "publicClient",
    "publisherDomain",
    "requiredResourceAccess",
    "samlMetadataUrl",
    "serviceManagementReference",
    "signInAudience",
    "spa",
    "tags",
    "tokenEncryptionKeyId",
    "verifiedPublisher",
    "web",
];

/// Properties a client may not set.
const READ_ONLY: &[&str] = &[
    "appId",
    "createdDateTime",
    "deletedDateTime",
    "id",
    "publisherDomain",
    "passwordCredentials",
];

const AUDIENCES: &[&str] = &[
    "AzureADMyOrg",
    "AzureADMultipleOrgs",
    "AzureADandPersonalMicrosoftAccount",
    "PersonalMicrosoftAccount",
];

/// Graph's defaults for the properties the emulator does not model (POST example of
/// G-application-post-applications plus the resource's JSON representation).
fn defaults() -> Map<String, Value> {
    let Value::Object(map) = json!({
        "addIns": [],
        "api": {
            "acceptMappedClaims": null,
            "knownClientApplications": [],
            "oauth2PermissionScopes": [],
            "preAuthorizedApplications": [],
            "requestedAccessTokenVersion": null,
        },
        "appRoles": [],
        "applicationTemplateId": null,
        "certification": null,
        "defaultRedirectUri": null,
        "deletedDateTime": null,
        "description": null,
        "disabledByMicrosoftStatus": null,
        "groupMembershipClaims": null,
        "identifierUris": [],
        "info": {
            "logoUrl": null,
            "marketingUrl": null,
            "privacyStatementUrl": null,
            "supportUrl": null,
            "termsOfServiceUrl": null,
        },
        "isDeviceOnlyAuthSupported": null,
        "keyCredentials": [],
        "notes": null,
        "optionalClaims": null,
        "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"},
        "publicClient": {"redirectUris": []},
        "samlMetadataUrl": null,
        "serviceManagementReference": null,
        "spa": {"redirectUris": []},
        "tags": [],
        "tokenEncryptionKeyId": null,
        "verifiedPublisher": {"addedDateTime": null, "displayName": null, "verifiedPublisherId": null},
        "web": {
            "homePageUrl": null,
            "implicitGrantSettings": {"enableAccessTokenIssuance": false, "enableIdTokenIssuance": false},
            "logoutUrl": null,
            "redirectUriSettings": [],
            "redirectUris": [],
        },
    }) else {
        unreachable!()
    };
    map
}

/// A password credential as Graph shows it (never with the secret).
pub(super) fn render_password(c: &PasswordCredential, secret_text: Option<&str>) -> Value {
    json!({
        "customKeyIdentifier": null,
        "displayName": c.display_name,
        "endDateTime": odata::graph_timestamp(c.end),
        "hint": c.hint,
        "keyId": c.key_id,
        "secretText": secret_text,
        "startDateTime": odata::graph_timestamp(c.start),
    })
}

/// `requiredResourceAccess` in Graph's shape.
pub(super) fn render_rra(rra: &[RequiredResourceAccess]) -> Value {
    json!(rra
        .iter()
        .map(|r| json!({
            "resourceAppId": r.resource_app_id,
            "resourceAccess": r.resource_access.iter().map(|a| json!({"id": a.id, "type": a.kind})).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

/// An application in Graph's JSON shape.
pub(super) fn render(app: &Application, publisher_domain: &str) -> Map<String, Value> {
    let mut map = defaults();
    for (k, v) in &app.other {
        merge_property(&mut map, k, v);
    }
    if app.sign_in_audience == "AzureADandPersonalMicrosoftAccount" {
        // Personal accounts need v2 tokens, so Graph sets this with that audience.
        if map["api"]["requestedAccessTokenVersion"].is_null() {
            map["api"]["requestedAccessTokenVersion"] = json!(2);
        }
    }
    map.insert("id".into(), json!(app.id));
    map.insert("appId".into(), json!(app.app_id));
    map.insert("displayName".into(), json!(app.display_name));
    map.insert("signInAudience".into(), json!(app.sign_in_audience));
    map.insert(
        "createdDateTime".into(),
        json!(odata::graph_timestamp(app.created_at)),
    );
    map.insert("publisherDomain".into(), json!(publisher_domain));
    map.insert(
        "isFallbackPublicClient".into(),
        if app.is_fallback_public_client {
            json!(true)
        } else {
            Value::Null
        },
    );
    map.insert(
        "requiredResourceAccess".into(),
        render_rra(&app.required_resource_access),
    );
    map.insert(
        "passwordCredentials".into(),
        json!(app
            .password_credentials
            .iter()
            .map(|c| render_password(c, None))
            .collect::<Vec<_>>()),
    );
    map
}

/// Sets property `key` to `value`, merging one level into complex (object) properties so that a
/// PATCH of `{"web":{"redirectUris":[…]}}` keeps the web settings it does not name.
fn merge_property(map: &mut Map<String, Value>, key: &str, value: &Value) {
    match (map.get_mut(key), value) {
        (Some(Value::Object(current)), Value::Object(new)) => {
            for (k, v) in new {
                current.insert(k.clone(), v.clone());
            }
        }
        _ => {
            map.insert(key.to_string(), value.clone());
        }
    }
}

/// The tenant's initial domain: Graph's `publisherDomain` for apps registered here.
pub(super) fn publisher_domain(req: &Req<'_>) -> String {
    let tenant = &req.state.scenario.tenant;
    tenant
        .domains
        .iter()
        .find(|d| d.is_initial)
        .or(tenant.domains.first())
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// The object id of the application `key` addresses, as a read sees it (404 while replicating).
fn resolve(req: &Req<'_>, dir: &Directory, key: &Key) -> Result<String, GraphError> {
    let now = req.now();
    match key {
        Key::Id(id) => dir.application(id, now).map(|a| a.id.clone()).ok_or_else(|| req.not_found(id)),
        Key::Alternate(prop, value) if prop.eq_ignore_ascii_case("appId") => dir
            .application_by_app_id(value, now)
            .map(|a| a.id.clone())
            .ok_or_else(|| req.not_found(value)),
        Key::Alternate(prop, _) => Err(req.error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("The property '{prop}' is not an alternate key of type 'microsoft.graph.application'."),
        )),
    }
}

/// The value of a filterable property.
fn field<'a>(app: &'a Application, property: &str) -> Option<Option<&'a str>> {
    Some(Some(match property.to_ascii_lowercase().as_str() {
        "id" => app.id.as_str(),
        "appid" => app.app_id.as_str(),
        "displayname" => app.display_name.as_str(),
        "signinaudience" => app.sign_in_audience.as_str(),
        _ => return None,
    }))
}

fn matches(app: &Application, clauses: &[Clause]) -> bool {
    clauses.iter().all(|c| match c {
        Clause::AnyEq(p, _) if p.eq_ignore_ascii_case("identifierUris") => app
            .other
            .get("identifierUris")
            .and_then(Value::as_array)
            .is_some_and(|uris| uris.iter().any(|u| c.matches_str(u.as_str()))),
        _ => field(app, c.property()).is_some_and(|v| c.matches_str(v)),
    })
}

/// Object ids that the indexed clauses allow, or `None` if no clause is indexed.
pub(super) fn indexed_candidates(
    dir: &Directory,
    clauses: &[Clause],
    now: i64,
) -> Option<BTreeSet<String>> {
    let mut result: Option<BTreeSet<String>> = None;
    for c in clauses {
        let ids: Option<BTreeSet<String>> = match (c.property().to_ascii_lowercase().as_str(), c) {
            ("id", _) => c.eq_values().map(|vs| {
                vs.iter()
                    .filter_map(|v| dir.application(v, now).map(|a| a.id.clone()))
                    .collect()
            }),
            ("appid", _) => c.eq_values().map(|vs| {
                vs.iter()
                    .filter_map(|v| dir.application_by_app_id(v, now).map(|a| a.id.clone()))
                    .collect()
            }),
            ("displayname", Clause::StartsWith(_, prefix)) => Some(
                dir.application_ids_named_like(prefix, now)
                    .into_iter()
                    .collect(),
            ),
            ("displayname", _) => c.eq_values().map(|vs| {
                vs.iter()
                    .flat_map(|v| dir.application_ids_named(v, now))
                    .collect()
            }),
            _ => None,
        };
        narrow(&mut result, ids);
    }
    result
}

/// What an application list may filter on.
const FILTERABLE: Filterable = Filterable {
    resource: "Application",
    starts_with: &["displayName"],
    any_eq: &["identifierUris"],
    eq: &["id", "appId", "displayName", "signInAudience"],
};

pub(super) fn list(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(READ)?;
    req.refuse_unsupported_options()?;
    let clauses = FILTERABLE.clauses(req)?;
    let page = req.page_size()?;
    let after = req.skip_after()?;
    let selected = req.selection(PROPERTIES, "microsoft.graph.application")?;
    let domain = publisher_domain(req);
    let now = req.now();
    let dir = req.state.directory();
    let (items, count) = page_of(
        req,
        page,
        after.as_deref(),
        |a: &Application| a.id.as_str(),
        Listing {
            indexed: indexed_candidates(&dir, &clauses, now),
            by_id: |id: &str| dir.application(id, now),
            after: |skip| dir.applications_after(skip, now),
            keep: |a: &Application| matches(a, &clauses),
            render: |a: &Application| render(a, &domain),
            objects: PhantomData,
        },
    );
    drop(dir);
    let count = req.wants_count().then_some(count);
    Ok(req.page("applications", items, page, selected.as_deref(), count))
}

pub(super) fn get(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(READ)?;
    let domain = publisher_domain(req);
    let entity = {
        let dir = req.state.directory();
        let id = resolve(req, &dir, key)?;
        render(dir.application_raw(&id).expect("resolved"), &domain)
    };
    let (mut body, selected) = req.select_one(entity, PROPERTIES, "microsoft.graph.application")?;
    let fragment = match selected {
        Some(names) => format!("applications({names})/$entity"),
        None => "applications/$entity".into(),
    };
    body.insert("@odata.context".into(), json!(req.context(&fragment)));
    Ok(req.json(StatusCode::OK, Value::Object(body)))
}

/// Typed properties parsed from a POST or PATCH body.
#[derive(Default)]
struct Changes {
    display_name: Option<String>,
    sign_in_audience: Option<String>,
    required_resource_access: Option<Vec<RequiredResourceAccess>>,
    is_fallback_public_client: Option<bool>,
    other: Map<String, Value>,
}

fn invalid_value(req: &Req<'_>, property: &str) -> GraphError {
    req.bad_request(format!(
        "Invalid value specified for property '{property}' of resource 'Application'."
    ))
}

fn parse_changes(
    req: &Req<'_>,
    body: Map<String, Value>,
    creating: bool,
) -> Result<Changes, GraphError> {
    let mut changes = Changes::default();
    for (key, value) in body {
        if key.starts_with('@') || key.contains("@odata.") {
            continue;
        }
        let Some(canonical) = PROPERTIES.iter().find(|p| p.eq_ignore_ascii_case(&key)) else {
            return Err(req.bad_request(format!(
                "Property '{key}' does not exist as a declared property or extension property."
            )));
        };
        if *canonical == "passwordCredentials" && creating {
            let empty = value.as_array().is_some_and(Vec::is_empty) || value.is_null();
            if !empty {
                return Err(req.bad_request(
                    "Adding passwordCredentials when creating applications is not supported. Use the addPassword method.",
                ));
            }
            continue;
        }
        if READ_ONLY.contains(canonical) {
            if creating && *canonical != "passwordCredentials" {
                // Server-assigned on create; a client's value is ignored.
                continue;
            }
            return Err(req.bad_request(format!(
                "Property '{canonical}' is read-only and cannot be set."
            )));
        }
        match *canonical {
            "displayName" => {
                let name = value
                    .as_str()
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| invalid_value(req, "displayName"))?;
                changes.display_name = Some(name.to_string());
            }
            "signInAudience" => {
                let aud = value
                    .as_str()
                    .and_then(|v| AUDIENCES.iter().find(|a| a.eq_ignore_ascii_case(v)))
                    .ok_or_else(|| invalid_value(req, "signInAudience"))?;
                changes.sign_in_audience = Some(aud.to_string());
            }
            "isFallbackPublicClient" => {
                changes.is_fallback_public_client = Some(value.as_bool().unwrap_or(false));
            }
            "requiredResourceAccess" => {
                changes.required_resource_access = Some(
                    parse_rra(&value)
                        .ok_or_else(|| invalid_value(req, "requiredResourceAccess"))?,
                );
            }
            other => {
                changes.other.insert(other.to_string(), value);
            }
        }
    }
    Ok(changes)
}

fn parse_rra(value: &Value) -> Option<Vec<RequiredResourceAccess>> {
    value
        .as_array()?
        .iter()
        .map(|r| {
            Some(RequiredResourceAccess {
                resource_app_id: r.get("resourceAppId")?.as_str()?.to_ascii_lowercase(),
                resource_access: r
                    .get("resourceAccess")?
                    .as_array()?
                    .iter()
                    .map(|a| {
                        let kind = a.get("type")?.as_str()?;
                        let kind = ["Scope", "Role"]
                            .iter()
                            .find(|k| k.eq_ignore_ascii_case(kind))?;
                        Some(ResourceAccess {
                            id: a.get("id")?.as_str()?.to_ascii_lowercase(),
                            kind: kind.to_string(),
                        })
                    })
                    .collect::<Option<Vec<_>>>()?,
            })
        })
        .collect()
}

pub(super) fn create(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let changes = parse_changes(
        req,
        req.body_of("Application", super::schema::Write::Create)?,
        true,
    )?;
    let display_name = changes
        .display_name
        .ok_or_else(|| invalid_value(req, "displayName"))?;
    let app = Application {
        id: req.state.random_uuid(),
        app_id: req.state.random_uuid(),
        display_name,
        // Graph's documented default for an application created with only a display name.
        sign_in_audience: changes
            .sign_in_audience
            .unwrap_or_else(|| "AzureADandPersonalMicrosoftAccount".into()),
        required_resource_access: changes.required_resource_access.unwrap_or_default(),
        password_credentials: Vec::new(),
        is_fallback_public_client: changes.is_fallback_public_client.unwrap_or(false),
        created_at: req.now(),
        other: changes.other,
    };
    let mut body = render(&app, &publisher_domain(req));
    body.insert(
        "@odata.context".into(),
        json!(req.context("applications/$entity")),
    );
    let location = format!("{}/v1.0/applications/{}", req.state.hosts.graph, app.id);
    req.state.directory().insert_application(app);
    let mut res = req.json(StatusCode::CREATED, Value::Object(body));
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

pub(super) fn update(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let changes = parse_changes(
        req,
        req.body_of("Application", super::schema::Write::Update)?,
        false,
    )?;
    let mut dir = req.state.directory();
    let id = resolve(req, &dir, key)?;
    if let Some(name) = &changes.display_name {
        dir.rename_application(&id, name);
    }
    let app = dir.application_mut(&id).expect("resolved");
    if let Some(aud) = changes.sign_in_audience {
        app.sign_in_audience = aud;
    }
    if let Some(rra) = changes.required_resource_access {
        app.required_resource_access = rra;
    }
    if let Some(b) = changes.is_fallback_public_client {
        app.is_fallback_public_client = b;
    }
    for (k, v) in &changes.other {
        merge_property(&mut app.other, k, v);
    }
    Ok(req.no_content())
}

pub(super) fn delete(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let tenant_id = req.state.scenario.tenant.id.clone();
    let mut dir = req.state.directory();
    let id = resolve(req, &dir, key)?;
    let app = dir.remove_application(&id).expect("resolved");
    // Deleting an application also deletes its service principal in its home tenant.
    let sp_id = dir
        .service_principal_by_app_id_raw(&app.app_id)
        .filter(|sp| {
            sp.app_owner_organization_id
                .eq_ignore_ascii_case(&tenant_id)
        })
        .map(|sp| sp.id.clone());
    if let Some(sp_id) = sp_id {
        dir.remove_service_principal(&sp_id);
    }
    Ok(req.no_content())
}

/// A new client secret: 40 characters of the shape Entra uses (`xxx8Q~…`), the first three of
/// which become the `hint`.
fn new_secret(req: &Req<'_>) -> String {
    let mut s: String = req
        .state
        .random_token(30)
        .chars()
        .filter(|c| *c != '-')
        .take(37)
        .collect();
    while s.len() < 37 {
        s.push('x');
    }
    format!("{}8Q~{}", &s[..3], &s[3..37])
}

pub(super) fn add_password(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let body = if req.body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        req.json_body()?
    };
    // application-addpassword.md: the body is `{"passwordCredential": {…}}`; every other
    // property is invalid, and the credential is checked against `passwordCredential` (whose
    // `hint` and `secretText` are read-only).
    if let Some(other) = body
        .keys()
        .find(|k| *k != "passwordCredential" && !k.starts_with('@'))
    {
        return Err(req.bad_request(format!("Invalid property '{other}'.")));
    }
    let credential = match body.get("passwordCredential") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(c)) => {
            super::schema::check_body(req, "PasswordCredential", c, super::schema::Write::Create)?;
            c.clone()
        }
        Some(_) => {
            return Err(
                req.bad_request("Invalid value specified for property 'passwordCredential'.")
            )
        }
    };
    let now = req.now();
    let time = |name: &str| -> Result<Option<i64>, GraphError> {
        match credential.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => odata::parse_timestamp(s)
                .map(Some)
                .ok_or_else(|| req.bad_request(format!("Invalid value specified for property '{name}' of resource 'PasswordCredential'."))),
            Some(_) => Err(req.bad_request(format!("Invalid value specified for property '{name}' of resource 'PasswordCredential'."))),
        }
    };
    let start = time("startDateTime")?.unwrap_or(now);
    // "The default duration of the password is two years" (G-application-addpassword).
    let end = time("endDateTime")?.unwrap_or_else(|| odata::add_years(start, 2));
    if end <= start {
        return Err(req.bad_request(
            "The endDateTime of the password credential must be later than its startDateTime.",
        ));
    }
    let display_name = credential
        .get("displayName")
        .and_then(Value::as_str)
        .map(str::to_string);

    let mut dir = req.state.directory();
    let id = resolve(req, &dir, key)?;
    let created_at = dir.application_raw(&id).expect("resolved").created_at;
    let policy = dir.app_management_policy.clone();
    if policy.is_enabled {
        for r in &policy.password_restrictions {
            let applies = r
                .restrict_for_apps_created_after
                .is_none_or(|t| created_at > t);
            if !applies {
                continue;
            }
            match r.restriction_type.as_str() {
                "passwordAddition" => {
                    return Err(req.error(
                        StatusCode::BAD_REQUEST,
                        "CredentialTypeNotAllowedAsPerAppPolicy",
                        format!("Password addition is not allowed as per assigned policy '{DEFAULT_POLICY_ID}'."),
                    ))
                }
                "passwordLifetime" => {
                    let max = r.max_lifetime.as_deref().and_then(odata::parse_duration_secs);
                    if max.is_some_and(|max| end - start > max) {
                        return Err(req.error(
                            StatusCode::BAD_REQUEST,
                            "CredentialInvalidLifetimeAsPerAppPolicy",
                            format!("Credential lifetime exceeds the max value allowed as per assigned policy '{DEFAULT_POLICY_ID}'."),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    let secret = new_secret(req);
    let credential = PasswordCredential {
        key_id: req.state.random_uuid(),
        hint: secret[..3].to_string(),
        display_name,
        start,
        end,
        secret_sha256: sha256_hex(&secret),
    };
    let mut body = render_password(&credential, Some(&secret));
    body["@odata.context"] = json!(req.context("microsoft.graph.passwordCredential"));
    dir.application_mut(&id)
        .expect("resolved")
        .password_credentials
        .push(credential);
    drop(dir);
    Ok(req.json(StatusCode::OK, body))
}

pub(super) fn remove_password(req: &Req<'_>, key: &Key) -> Result<Response, GraphError> {
    req.require(WRITE)?;
    req.require_role(APP_WRITERS)?;
    let body = req.json_body()?;
    // application-removepassword.md: the body is `{"keyId": "…"}`.
    if let Some(other) = body.keys().find(|k| *k != "keyId" && !k.starts_with('@')) {
        return Err(req.bad_request(format!("Invalid property '{other}'.")));
    }
    let key_id = body
        .get("keyId")
        .and_then(Value::as_str)
        .ok_or_else(|| req.bad_request("Invalid value specified for property 'keyId'."))?
        .to_ascii_lowercase();
    let mut dir = req.state.directory();
    let id = resolve(req, &dir, key)?;
    let app = dir.application_mut(&id).expect("resolved");
    let before = app.password_credentials.len();
    app.password_credentials
        .retain(|c| !c.key_id.eq_ignore_ascii_case(&key_id));
    if app.password_credentials.len() == before {
        return Err(req.bad_request(format!(
            "No password credential found with keyId '{key_id}'."
        )));
    }
    Ok(req.no_content())
}
