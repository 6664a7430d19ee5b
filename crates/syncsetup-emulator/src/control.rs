//! Test and demo controls under `/_emulator/*`, a prefix no Microsoft service uses, served on
//! every host: move the emulator clock forward (expiry tests), read and filter the request journal
//! (count writes, prove no duplicates, check nothing leaks), reset to the scenario's seed or switch
//! to another scenario, set fault switches (latency, error statuses, dropped connections,
//! replication lag, access-token lifetime), look at the Dataverse environments' state, and describe
//! the running emulator. They are kept apart from the real endpoint handlers so the emulated
//! surface stays exactly Microsoft's.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use tower_http::cors::CorsLayer;

use crate::dataverse::store::Org;
use crate::faults::FaultSpec;
use crate::scenario::{demo, Scenario};
use crate::state::AppState;

/// Routes under `/_emulator`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/clock/advance", post(advance_clock))
        .route("/clock", get(clock))
        .route("/journal", get(journal).delete(clear_journal))
        .route("/reset", post(reset))
        .route("/seed", post(seed))
        .route("/faults", get(faults).post(add_fault).delete(clear_faults))
        .route("/faults/{id}", delete(remove_fault))
        .route("/settings", get(settings).patch(update_settings))
        .route("/dataverse", get(dataverse_summary))
        .route("/dataverse/{org}", get(dataverse_org))
        .route("/info", get(info))
        // Test pages in a browser may drive the controls too.
        .layer(CorsLayer::permissive())
        .with_state(state)
}

fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": message.into()})),
    )
        .into_response()
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance_clock(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Advance>(&body) {
        Ok(Advance { seconds }) => {
            let offset = state.advance_clock(seconds);
            Json(json!({"offsetSeconds": offset, "now": state.now()})).into_response()
        }
        Err(e) => bad_request(format!("expected JSON {{\"seconds\": <integer>}}: {e}")),
    }
}

async fn clock(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"offsetSeconds": state.clock_offset(), "now": state.now()}))
}

/// Journal filters: `method`, `host` (exact label or kind, `crm` matches `crm:contoso`),
/// `path` (glob), `status`, `since` (entries with a larger `seq`).
#[derive(Deserialize, Default)]
struct JournalFilter {
    method: Option<String>,
    host: Option<String>,
    path: Option<String>,
    status: Option<u16>,
    since: Option<u64>,
}

async fn journal(State(state): State<AppState>, Query(f): Query<JournalFilter>) -> Json<Value> {
    let entries: Vec<_> = state
        .journal()
        .into_iter()
        .filter(|e| {
            f.method
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&e.method))
        })
        .filter(|e| {
            f.host.as_ref().is_none_or(|h| {
                h.eq_ignore_ascii_case(&e.host)
                    || e.host
                        .split_once(':')
                        .is_some_and(|(kind, _)| kind.eq_ignore_ascii_case(h))
            })
        })
        .filter(|e| {
            f.path
                .as_ref()
                .is_none_or(|p| crate::faults::glob(p, &e.path))
        })
        .filter(|e| f.status.is_none_or(|s| s == e.status))
        .filter(|e| f.since.is_none_or(|s| e.seq > s))
        .collect();
    Json(json!(entries))
}

async fn clear_journal(State(state): State<AppState>) -> StatusCode {
    state.clear_journal();
    StatusCode::NO_CONTENT
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Seed {
    scenario: String,
}

/// Switches to another scenario (and resets everything to its seed).
async fn seed(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let Ok(Seed { scenario: name }) = serde_json::from_slice::<Seed>(&body) else {
        return bad_request("expected JSON {\"scenario\": \"<name>\"}");
    };
    // Keep the extra `spa` redirect URIs given at start.
    let tool_app = format!("{}/", state.hosts.app);
    let extra: Vec<String> = state
        .scenario
        .app(demo::CLIENT_ID)
        .map(|a| {
            a.spa_redirect_uris
                .iter()
                .filter(|u| **u != tool_app)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let Some(scenario) = Scenario::by_name(&name, &state.hosts, &extra) else {
        return bad_request(format!(
            "unknown scenario '{name}' (known: {})",
            Scenario::names().join(", ")
        ));
    };
    if let Err(e) = state.switch_scenario(scenario) {
        return (StatusCode::CONFLICT, Json(json!({"error": e}))).into_response();
    }
    Json(json!({"scenario": state.scenario.name, "environments": environments(&state)}))
        .into_response()
}

fn settings_json(state: &AppState) -> Value {
    json!({
        "replicationLagSecs": state.directory().replication_lag_secs,
        "accessTokenLifetimeSecs": state.access_token_lifetime_secs(),
        "accessTokenLifetimeOverridden": state.faults.token_lifetime_secs().is_some(),
    })
}

async fn faults(State(state): State<AppState>) -> Json<Value> {
    let mut v = settings_json(&state);
    v["rules"] = json!(state.faults.rules());
    Json(v)
}

async fn add_fault(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let spec = match serde_json::from_slice::<FaultSpec>(&body) {
        Ok(s) => s,
        Err(e) => return bad_request(format!("not a fault rule: {e}")),
    };
    match state.faults.add(spec) {
        Ok(rule) => (StatusCode::CREATED, Json(json!(rule))).into_response(),
        Err(e) => bad_request(e),
    }
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

async fn remove_fault(State(state): State<AppState>, Path(id): Path<u64>) -> StatusCode {
    if state.faults.remove(id) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn settings(State(state): State<AppState>) -> Json<Value> {
    Json(settings_json(&state))
}

/// `PATCH /_emulator/settings`: `replicationLagSecs` (seconds, 0 = none) and
/// `accessTokenLifetimeSecs` (seconds, `null` = back to one hour).
async fn update_settings(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let Ok(Value::Object(patch)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("expected a JSON object");
    };
    for (k, v) in &patch {
        match k.as_str() {
            "replicationLagSecs" => match v.as_u64() {
                Some(n) => state.directory().replication_lag_secs = n,
                None => return bad_request("replicationLagSecs must be a non-negative integer"),
            },
            "accessTokenLifetimeSecs" => match v {
                Value::Null => state.faults.set_token_lifetime_secs(None),
                v => match v.as_i64().filter(|n| *n > 0) {
                    Some(n) => state.faults.set_token_lifetime_secs(Some(n)),
                    None => {
                        return bad_request(
                            "accessTokenLifetimeSecs must be a positive integer or null",
                        )
                    }
                },
            },
            other => return bad_request(format!("unknown setting '{other}'")),
        }
    }
    Json(settings_json(&state)).into_response()
}

fn environments(state: &AppState) -> Vec<Value> {
    state
        .dataverse()
        .orgs
        .values()
        .map(|o| {
            json!({
                "urlName": o.info.url_name,
                "friendlyName": o.info.friendly_name,
                "url": state.hosts.crm_org(&o.info.url_name),
            })
        })
        .collect()
}

async fn dataverse_summary(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"environments": environments(&state)}))
}

fn str_of<'a>(row: &'a Map<String, Value>, col: &str) -> &'a str {
    row.get(col).and_then(Value::as_str).unwrap_or_default()
}

fn user_json(org: &Org, id: &str) -> Value {
    let Some(u) = org.row("systemuser", id) else {
        return json!({"systemuserid": id});
    };
    let roles: Vec<Value> = org
        .roles_of(id)
        .iter()
        .filter_map(|r| org.row("role", r).map(|row| json!(row["name"])))
        .collect();
    json!({
        "systemuserid": id,
        "fullname": u.get("fullname"),
        "domainname": u.get("domainname"),
        "internalemailaddress": u.get("internalemailaddress"),
        "applicationid": u.get("applicationid"),
        "azureactivedirectoryobjectid": u.get("azureactivedirectoryobjectid"),
        "businessunitid": u.get("_businessunitid_value"),
        "isdisabled": u.get("isdisabled"),
        "deletedstate": u.get("deletedstate"),
        "accessmode": u.get("accessmode"),
        "roles": roles,
    })
}

/// What the setup changes in an environment, at a glance.
fn org_dump(state: &AppState, org: &Org) -> Value {
    let users = &org.tables["systemuser"];
    let app_users: Vec<Value> = users
        .rows
        .iter()
        .filter(|(_, r)| r.get("applicationid").is_some_and(|v| !v.is_null()))
        .map(|(id, _)| user_json(org, id))
        .collect();
    let mut holders = Map::new();
    for (rid, role) in &org.tables["role"].rows {
        let name = str_of(role, "name").to_string();
        if name == "Basic User" {
            continue;
        }
        let ids = org
            .relationship("systemuserroles_association")
            .map(|r| r.firsts_of(rid))
            .unwrap_or_default();
        let list = holders
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()));
        for id in ids {
            if let (Value::Array(items), Some(u)) = (&mut *list, users.get(&id)) {
                items.push(json!({
                    "systemuserid": id,
                    "fullname": u.get("fullname"),
                    "applicationid": u.get("applicationid"),
                    "roleid": rid,
                    "businessunitid": role.get("_businessunitid_value"),
                }));
            }
        }
    }
    let solutions: Vec<Value> = org.tables["solution"]
        .rows
        .values()
        .map(|s| {
            json!({
                "uniquename": s.get("uniquename"),
                "friendlyname": s.get("friendlyname"),
                "version": s.get("version"),
                "ismanaged": s.get("ismanaged"),
            })
        })
        .collect();
    let marketo = crate::scenario::dataverse::marketo_names(&state.scenario.name);
    let config = org.tables.get(marketo.config_table).map(|t| {
        t.rows
            .iter()
            .map(|(id, r)| {
                json!({
                    "id": id,
                    "name": r.get(&format!("{}_name", marketo.prefix)),
                    "marketoUser": r.get(&format!("_{}_value", marketo.user_column)),
                })
            })
            .collect::<Vec<_>>()
    });
    let steps: Vec<Value> = org.tables["sdkmessageprocessingstep"]
        .rows
        .iter()
        .map(|(id, r)| {
            json!({"id": id, "name": r.get("name"), "statecode": r.get("statecode"), "statuscode": r.get("statuscode")})
        })
        .collect();
    let custom_columns: Vec<Value> = org
        .entities
        .values()
        .flat_map(|e| {
            e.attributes
                .iter()
                .filter(|a| a.is_custom && !a.is_managed)
                .map(move |a| json!({"entity": e.logical_name, "logicalName": a.logical_name, "schemaName": a.schema_name, "type": a.kind.attribute_type()}))
        })
        .collect();
    json!({
        "urlName": org.info.url_name,
        "friendlyName": org.info.friendly_name,
        "url": state.hosts.crm_org(&org.info.url_name),
        "organizationId": org.info.id,
        "version": org.info.version,
        "userCount": users.rows.len(),
        "applicationUsers": app_users,
        "roleHolders": holders,
        "solutions": solutions,
        "marketo": {
            "solutionUniqueName": marketo.solution_unique_name,
            "configTable": marketo.config_table,
            "configSet": marketo.config_set,
            "userColumn": marketo.user_column,
            "userNavigationProperty": marketo.user_column_schema,
            "configRecords": config,
        },
        "steps": steps,
        "customColumns": custom_columns,
        "unpublishedCustomizations": org.unpublished,
    })
}

async fn dataverse_org(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let world = state.dataverse();
    match world.org(&name) {
        Some(org) => Json(org_dump(&state, org)).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("no Dataverse environment '{name}' in scenario '{}'", state.scenario.name)})),
        )
            .into_response(),
    }
}

async fn info(State(state): State<AppState>) -> Json<Value> {
    let s = &state.scenario;
    let hosts = &state.hosts;
    Json(json!({
        "scenario": s.name,
        "hosts": {"app": hosts.app, "login": hosts.login, "graph": hosts.graph, "globaldisco": hosts.globaldisco},
        "environments": environments(&state),
        "tenantId": s.tenant.id,
        "tenantName": s.tenant.display_name,
        "clientId": demo::CLIENT_ID,
        "users": s.users.iter().take(20).map(|u| json!({
            "upn": u.upn, "displayName": u.display_name, "id": u.oid, "roles": u.roles,
        })).collect::<Vec<_>>(),
        "userCount": s.users.len(),
        "apps": s.apps.iter().map(|a| json!({
            "clientId": a.client_id,
            "displayName": a.display_name,
            "spaRedirectUris": a.spa_redirect_uris,
            "webRedirectUris": a.web_redirect_uris,
            "publicClientRedirectUris": a.public_client_redirect_uris,
        })).collect::<Vec<_>>(),
        "settings": settings_json(&state),
    }))
}
