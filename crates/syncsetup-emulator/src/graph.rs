//! Microsoft Graph v1.0 on the graph host: for now `GET /v1.0/me` and `GET /v1.0/organization`,
//! enough for the SPA to show who signed in to which tenant. Requests need a bearer access token
//! issued by this emulator for the Graph resource and not expired on the emulator clock (the
//! signature is checked with the emulator's own key); otherwise Graph's 401
//! `InvalidAuthenticationToken`. CORS is open to any origin, as Graph's is, and preflights allow
//! `Authorization`. `$select` returns the named properties.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use tower_http::cors::{AllowHeaders, Any, CorsLayer};

use crate::error::{EmulatorError, GraphError};
use crate::resources::ResourceApp;
use crate::state::AppState;

/// Routes of the graph host.
pub fn router(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        // `Access-Control-Allow-Headers: *` would not cover `Authorization` (Fetch standard), so
        // mirror what the preflight asks for.
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([
            header::HeaderName::from_static("request-id"),
            header::HeaderName::from_static("client-request-id"),
            header::LOCATION,
            header::RETRY_AFTER,
        ])
        .max_age(std::time::Duration::from_secs(3600));
    Router::new()
        .route("/v1.0/me", get(me))
        .route("/v1.0/organization", get(organization))
        .fallback(not_found)
        .layer(cors)
        .with_state(state)
}

/// The signed-in user and scopes of a verified Graph access token.
struct Caller {
    oid: String,
    scopes: Vec<String>,
}

fn client_request_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
}

fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Caller, GraphError> {
    let unauthorized = |message: &str| {
        state.graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
            client_request_id(headers),
        )
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unauthorized("Access token is empty."))?;
    let claims = state.signer.verify(token).map_err(|_| {
        unauthorized("IDX14100: JWT is not well formed or its signature is invalid.")
    })?;
    let aud = claims["aud"].as_str().unwrap_or_default();
    if ResourceApp::from_identifier(aud, &state.hosts) != Some(ResourceApp::Graph) {
        return Err(unauthorized("Invalid audience."));
    }
    let exp = claims["exp"].as_i64().unwrap_or(0);
    if state.now() >= exp {
        return Err(unauthorized(
            "Lifetime validation failed, the token is expired.",
        ));
    }
    let oid = claims["oid"].as_str().unwrap_or_default().to_string();
    if claims["tid"].as_str() != Some(state.scenario.tenant.id.as_str())
        || state.scenario.user_by_oid(&oid).is_none()
    {
        return Err(unauthorized(
            "Access token validation failure. Invalid tenant or user.",
        ));
    }
    let scopes = claims["scp"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    Ok(Caller { oid, scopes })
}

/// 403 unless the token has one of `any_of` (lowercase).
fn require_scope(
    state: &AppState,
    headers: &HeaderMap,
    caller: &Caller,
    any_of: &[&str],
) -> Result<(), GraphError> {
    if caller.scopes.iter().any(|s| any_of.contains(&s.as_str())) {
        Ok(())
    } else {
        Err(state.graph_error(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
            client_request_id(headers),
        ))
    }
}

/// Applies `$select` to `entity`: the named properties in the order given, or all of them.
/// An unknown name is Graph's 400.
fn select(
    state: &AppState,
    headers: &HeaderMap,
    entity: Map<String, Value>,
    select: Option<&String>,
    type_name: &str,
) -> Result<(Map<String, Value>, Option<String>), GraphError> {
    let Some(list) = select.filter(|s| !s.trim().is_empty()) else {
        return Ok((entity, None));
    };
    let mut out = Map::new();
    let mut names = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some((key, value)) = entity.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) else {
            return Err(state.graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                format!("Could not find a property named '{name}' on type '{type_name}'."),
                client_request_id(headers),
            ));
        };
        out.insert(key.clone(), value.clone());
        names.push(key.clone());
    }
    Ok((out, Some(names.join(","))))
}

/// A Graph JSON response with Graph's headers.
fn graph_json(headers: &HeaderMap, state: &AppState, body: Value) -> Response {
    let mut res = axum::Json(body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"),
    );
    h.insert("odata-version", HeaderValue::from_static("4.0"));
    let request_id = state.random_uuid();
    let client_request_id = client_request_id(headers)
        .unwrap_or(&request_id)
        .to_string();
    for (name, value) in [
        ("request-id", request_id.clone()),
        ("client-request-id", client_request_id),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    res
}

type SelectQuery = Query<std::collections::HashMap<String, String>>;

async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): SelectQuery,
) -> Result<Response, EmulatorError> {
    let caller = authenticate(&state, &headers)?;
    require_scope(
        &state,
        &headers,
        &caller,
        &[
            "user.read",
            "user.readwrite",
            "user.readbasic.all",
            "user.read.all",
            "directory.read.all",
            "directory.readwrite.all",
        ],
    )?;
    let user = state
        .scenario
        .user_by_oid(&caller.oid)
        .expect("authenticate() checked the user exists");
    let entity = json!({
        "businessPhones": [],
        "displayName": user.display_name,
        "givenName": user.given_name,
        "jobTitle": null,
        "mail": user.mail,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": null,
        "surname": user.surname,
        "userPrincipalName": user.upn,
        "id": user.oid,
    });
    let Value::Object(entity) = entity else {
        unreachable!()
    };
    let (mut body, selected) = select(
        &state,
        &headers,
        entity,
        q.get("$select"),
        "microsoft.graph.user",
    )?;
    let context = match selected {
        Some(names) => format!(
            "{}/v1.0/$metadata#users({names})/$entity",
            state.hosts.graph
        ),
        None => format!("{}/v1.0/$metadata#users/$entity", state.hosts.graph),
    };
    // serde_json's map is sorted, so `@odata.context` comes first, as Graph sends it.
    body.insert("@odata.context".into(), json!(context));
    Ok(graph_json(&headers, &state, Value::Object(body)))
}

async fn organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): SelectQuery,
) -> Result<Response, EmulatorError> {
    let caller = authenticate(&state, &headers)?;
    require_scope(
        &state,
        &headers,
        &caller,
        &[
            "user.read",
            "organization.read.all",
            "directory.read.all",
            "directory.readwrite.all",
        ],
    )?;
    let tenant = &state.scenario.tenant;
    let domains: Vec<Value> = tenant
        .domains
        .iter()
        .map(|d| {
            json!({
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": d.is_default,
                "isInitial": d.is_initial,
                "name": d.name,
                "type": d.kind,
            })
        })
        .collect();
    let entity = json!({
        "id": tenant.id,
        "deletedDateTime": null,
        "displayName": tenant.display_name,
        "tenantType": "AAD",
        "verifiedDomains": domains,
    });
    let Value::Object(entity) = entity else {
        unreachable!()
    };
    let (org, selected) = select(
        &state,
        &headers,
        entity,
        q.get("$select"),
        "microsoft.graph.organization",
    )?;
    let context = match selected {
        Some(names) => format!("{}/v1.0/$metadata#organization({names})", state.hosts.graph),
        None => format!("{}/v1.0/$metadata#organization", state.hosts.graph),
    };
    Ok(graph_json(
        &headers,
        &state,
        json!({"@odata.context": context, "value": [Value::Object(org)]}),
    ))
}

async fn not_found(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> EmulatorError {
    let segment = uri
        .path()
        .trim_start_matches("/v1.0")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    state
        .graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("Resource not found for the segment '{segment}'."),
            client_request_id(&headers),
        )
        .into()
}
