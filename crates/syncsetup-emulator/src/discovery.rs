//! The Global Discovery Service on the globaldisco host (`globaldisco.crm.dynamics.com`):
//! `GET /api/discovery/v2.0/Instances` lists the Dataverse environments the signed-in user can
//! use, with the documented `Instance` properties (powerapps-docs
//! `powerapps-docs/developer/data-platform/discovery-service.md`). It takes `$select` and
//! `$filter` (comparison, logical and grouping operators, `contains`/`startswith`/`endswith`;
//! strings compare case-sensitively, unlike the Web API) and key segments (`Instances(<guid>)`,
//! `Instances(UniqueName='…')`, `Instances(Region='NA')`), which still answer an array.
//!
//! Requests need a Dynamics CRM token issued by this emulator for the globaldisco URL; without
//! one the service answers with a bearer challenge naming the `common` authority, as documented.
//! An environment is listed when the user is an enabled user there; `IsUserSysAdmin` says whether
//! one of the user's roles there is System Administrator. CORS: any origin, `GET` with
//! `Authorization` and `Accept` only ([`crate::cors::GLOBAL_DISCOVERY`]).

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::dataverse::odata::{self, Case, Key};
use crate::dataverse::store::{stable_id, JsonSchema, JsonScope, Org};
use crate::dataverse::{bearer, json_response, same_url, DvError};
use crate::state::AppState;

/// Properties of the `Instance` entity type, in documentation order.
pub const INSTANCE_PROPERTIES: &[&str] = &[
    "ApiUrl",
    "DatacenterId",
    "DatacenterName",
    "EnvironmentId",
    "FriendlyName",
    "Id",
    "IsUserSysAdmin",
    "LastUpdated",
    "OrganizationType",
    "Purpose",
    "Region",
    "SchemaType",
    "State",
    "StatusMessage",
    "TenantId",
    "TrialExpirationDate",
    "UniqueName",
    "UrlName",
    "Version",
    "Url",
];

/// Alternate keys usable in `Instances(…)`.
const KEYS: &[&str] = &["UniqueName", "Region", "State", "Version", "Id"];

/// Routes of the globaldisco host.
pub fn router(state: AppState) -> Router {
    let cors = crate::cors::GLOBAL_DISCOVERY.layer();
    Router::new()
        .route("/api/discovery/v2.0", get(service_document))
        .route("/api/discovery/v2.0/", get(service_document))
        .route("/api/discovery/v2.0/$metadata", get(csdl))
        .route("/api/discovery/v2.0/{segment}", get(instances))
        .fallback(|uri: axum::http::Uri| async move {
            DvError::no_segment(uri.path().trim_start_matches('/'))
        })
        .layer(cors)
        .with_state(state)
}

fn base(state: &AppState) -> String {
    format!("{}/api/discovery/v2.0/", state.hosts.globaldisco)
}

async fn service_document(State(state): State<AppState>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "@odata.context": format!("{}$metadata", base(&state)),
            "value": [{"name": "Instances", "kind": "EntitySet", "url": "Instances"}],
        }),
    )
}

async fn csdl() -> Response {
    let props: String = INSTANCE_PROPERTIES
        .iter()
        .map(|p| {
            let t = match *p {
                "Id" | "TenantId" => "Edm.Guid",
                "IsUserSysAdmin" => "Edm.Boolean",
                "OrganizationType" | "State" | "StatusMessage" => "Edm.Int32",
                "LastUpdated" | "TrialExpirationDate" => "Edm.DateTimeOffset",
                _ => "Edm.String",
            };
            format!("<Property Name=\"{p}\" Type=\"{t}\"/>")
        })
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"><edmx:DataServices><Schema Namespace=\"Microsoft.Xrm.Sdk.Discovery\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\"><EntityType Name=\"Instance\"><Key><PropertyRef Name=\"Id\"/></Key>{props}</EntityType><EntityContainer Name=\"Discovery\"><EntitySet Name=\"Instances\" EntityType=\"Microsoft.Xrm.Sdk.Discovery.Instance\"/></EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
    );
    let mut res = (StatusCode::OK, xml).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    res
}

/// Who is asking: a user (`oid`) or an application (`appid`).
enum Principal {
    User(String),
    App(String),
}

fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Principal, DvError> {
    let challenge = |error: Option<&str>| {
        let authority = format!("{}/common/oauth2/authorize", state.hosts.login);
        let resource = format!("{}/", state.hosts.globaldisco);
        DvError {
            status: StatusCode::UNAUTHORIZED,
            code: String::new(),
            message: String::new(),
            challenge: Some(match error {
                None => format!("Bearer authorization_uri={authority}, resource_id={resource}"),
                Some(e) => format!(
                    "Bearer error=invalid_token, error_description={e}, authorization_uri={authority}, resource_id={resource}"
                ),
            }),
        }
    };
    let token = bearer(headers).ok_or_else(|| challenge(None))?;
    let invalid = || challenge(Some("Error during token validation!"));
    let claims = state.signer.verify(token).map_err(|_| invalid())?;
    if !same_url(
        claims["aud"].as_str().unwrap_or_default(),
        &state.hosts.globaldisco,
    ) || state.now() >= claims["exp"].as_i64().unwrap_or(0)
        || claims["tid"].as_str() != Some(state.scenario.tenant.id.as_str())
    {
        return Err(invalid());
    }
    if claims.get("scp").is_none() || claims["idtyp"] == "app" {
        Ok(Principal::App(
            claims["appid"].as_str().unwrap_or_default().to_string(),
        ))
    } else {
        Ok(Principal::User(
            claims["oid"].as_str().unwrap_or_default().to_string(),
        ))
    }
}

/// The user's system user id in `org`, if the user may use it.
fn member(org: &Org, who: &Principal) -> Option<String> {
    match who {
        Principal::User(oid) => org.user_by_object_id(oid),
        Principal::App(app_id) => org.users_by_application_id(app_id).into_iter().find(|id| {
            org.row("systemuser", id).is_some_and(|r| {
                r.get("isdisabled") != Some(&Value::Bool(true))
                    && r.get("deletedstate").and_then(Value::as_i64).unwrap_or(0) == 0
            })
        }),
    }
}

/// The `Instance` of an environment as seen by a user.
pub fn instance(state: &AppState, org: &Org, url: &str, user_id: &str) -> Map<String, Value> {
    let i = &org.info;
    json!({
        "ApiUrl": url,
        "DatacenterId": stable_id(&format!("datacenter|{}", i.region)),
        "DatacenterName": null,
        "EnvironmentId": i.environment_id,
        "FriendlyName": i.friendly_name,
        "Id": i.id,
        "IsUserSysAdmin": org.is_sys_admin(user_id),
        "LastUpdated": i.last_updated,
        "OrganizationType": i.organization_type,
        "Purpose": i.purpose,
        "Region": i.region,
        "SchemaType": "Full",
        "State": i.state,
        "StatusMessage": i.status_message,
        "TenantId": state.scenario.tenant.id,
        "TrialExpirationDate": i.trial_days_left.map(|days| crate::clock::iso_timestamp(state.now() + days * 86_400)),
        "UniqueName": i.unique_name,
        "UrlName": i.url_name,
        "Version": i.version,
        "Url": url,
    })
    .as_object()
    .cloned()
    .expect("an object")
}

fn schema() -> JsonSchema {
    let mut sample = Map::new();
    for p in INSTANCE_PROPERTIES {
        let v = match *p {
            "Id" | "TenantId" | "DatacenterId" => json!("00000000-0000-0000-0000-000000000000"),
            "IsUserSysAdmin" => json!(false),
            "OrganizationType" | "State" | "StatusMessage" => json!(0),
            _ => json!(""),
        };
        sample.insert(p.to_string(), v);
    }
    let mut s = JsonSchema::from_sample("Microsoft.Xrm.Sdk.Discovery.Instance", &sample);
    for p in ["LastUpdated", "TrialExpirationDate"] {
        s.props.insert(p.into(), odata::Edm::DateTime);
    }
    s
}

async fn instances(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match list(&state, &segment, &headers, query.as_deref().unwrap_or("")) {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

fn list(
    state: &AppState,
    segment: &str,
    headers: &HeaderMap,
    query: &str,
) -> Result<Response, DvError> {
    let (name, key) = odata::split_segment(segment);
    if name != "Instances" {
        return Err(DvError::no_segment(name));
    }
    let who = authenticate(state, headers)?;
    let mut select: Option<Vec<String>> = None;
    let mut filter = None;
    let mut top: Option<usize> = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "$select" => select = Some(odata::parse_select(&v)),
            "$filter" => filter = Some(odata::parse_filter(&v)?),
            "$top" => {
                top = Some(v.trim().parse().map_err(|_| {
                    DvError::bad_request(format!(
                        "Invalid value '{v}' for $top query option found."
                    ))
                })?)
            }
            k if k.starts_with('$') => {
                return Err(DvError::bad_request(format!(
                    "The query parameter '{k}' is not supported."
                )))
            }
            _ => {}
        }
    }
    let schema = schema();
    for s in select.iter().flatten() {
        if !INSTANCE_PROPERTIES.contains(&s.as_str()) {
            return Err(DvError::bad_request(format!(
                "Could not find a property named '{s}' on type 'Microsoft.Xrm.Sdk.Discovery.Instance'."
            )));
        }
    }
    if let Some(f) = &filter {
        odata::check(f, &schema)?;
    }
    // A key segment is one more filter: `(guid)` on Id, `(Name='v')` on an alternate key.
    let key_filter = match key.map(odata::parse_key).transpose()? {
        None => None,
        Some(Key::Id(id)) => Some(vec![("Id".to_string(), json!(id))]),
        Some(Key::Alternate(pairs)) => {
            let mut out = Vec::new();
            for (k, lit) in pairs {
                if !KEYS.contains(&k.as_str()) {
                    return Err(DvError::bad_request(format!(
                        "The key property '{k}' is not a key of 'Microsoft.Xrm.Sdk.Discovery.Instance'."
                    )));
                }
                out.push((k, lit.to_json()));
            }
            Some(out)
        }
    };
    let world = state.dataverse();
    let mut value = Vec::new();
    for org in world.orgs.values() {
        let Some(user_id) = member(org, &who) else {
            continue;
        };
        // An environment without a reachable URL (per-host ports started for another
        // scenario) is not listed.
        let Some(url) = state.hosts.crm_org(&org.info.url_name) else {
            continue;
        };
        let item = instance(state, org, &url, &user_id);
        let key_ok = key_filter.as_ref().is_none_or(|pairs| {
            pairs.iter().all(|(k, v)| match (&item[k], v) {
                (Value::String(a), Value::String(b)) if k == "Id" => a.eq_ignore_ascii_case(b),
                (a, Value::Number(n)) => a.as_f64() == n.as_f64(),
                (a, b) => a == b,
            })
        });
        let filter_ok = filter
            .as_ref()
            .is_none_or(|f| odata::eval(f, &JsonScope(&item), Case::Sensitive));
        if !(key_ok && filter_ok) {
            continue;
        }
        let item = match &select {
            None => item,
            Some(names) => names
                .iter()
                .filter_map(|n| item.get(n).map(|v| (n.clone(), v.clone())))
                .collect(),
        };
        value.push(Value::Object(item));
    }
    if let Some(n) = top {
        value.truncate(n);
    }
    let fragment = match &select {
        Some(s) => format!("Instances({})", s.join(",")),
        None => "Instances".into(),
    };
    let mut res = json_response(
        StatusCode::OK,
        &json!({"@odata.context": format!("{}$metadata#{fragment}", base(state)), "value": value}),
    );
    if let Ok(v) = HeaderValue::from_str(&state.random_uuid()) {
        res.headers_mut().insert("req_id", v);
    }
    Ok(res)
}
