//! Microsoft Graph v1.0 on the graph host (microsoft-graph-docs-contrib `api-reference/v1.0/`):
//! `/me`, `/organization`, `/domains`, `/me/transitiveMemberOf`, `/applications` (with
//! `addPassword`/`removePassword` and the `(appId='…')` alternate key), `/servicePrincipals` (with
//! their home realm discovery policy references), `/oauth2PermissionGrants`,
//! `/policies/homeRealmDiscoveryPolicies` and `/policies/defaultAppManagementPolicy`, over the
//! live [`crate::directory::Directory`].
//!
//! Every request needs a bearer access token that this emulator's Entra issued for the Graph
//! resource and that has not expired on the emulator clock; otherwise Graph's 401
//! `InvalidAuthenticationToken`. A delegated token (a user signed in) must carry a scope the
//! operation accepts in `scp`, and writes also need the signed-in user's directory role (Global
//! Administrator, Application Administrator, Cloud Application Administrator, …), as Graph
//! intersects the app's permission with the user's own: otherwise 403 `Authorization_RequestDenied`.
//! An app-only token (client credentials) is judged by the app roles in its `roles` claim.
//!
//! Paths are parsed by hand rather than by the router, because OData addresses entities as
//! `applications(appId='…')`, which is not a path segment pattern. CORS is open to any origin, as
//! Graph's is, but preflights allow only the request headers Microsoft's JavaScript SDK and Graph
//! Toolkit send (`Prefer` is refused), and responses expose Dev Proxy's list
//! ([`crate::cors::GRAPH`], each entry with its source). Errors are Graph's `{"error":{"code","message","innerError":{…}}}` with a
//! `request-id` header.

// `GraphError` carries its request ids, date and details. Errors are the cold path of a test
// server, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

mod apps;
mod grants;
mod list;
pub mod odata;
mod policies;
mod principals;
pub(crate) mod schema;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::directory::seed::DIRECTORY_ROLES;
use crate::error::{EmulatorError, GraphError};
use crate::resources::ResourceApp;
use crate::scenario::User;
use crate::state::AppState;

/// Largest request body the emulated Graph reads.
const MAX_BODY: usize = 1 << 20;

/// Routes of the graph host.
pub fn router(state: AppState) -> Router {
    let cors = crate::cors::GRAPH.layer();
    Router::new()
        .fallback(dispatch)
        .layer(cors)
        .with_state(state)
}

// ---------------------------------------------------------------------------------------------
// Callers and permissions

/// Directory roles that may create and manage applications and service principals.
pub(crate) const APP_WRITERS: &[&str] = &[
    "Global Administrator",
    "Application Administrator",
    "Cloud Application Administrator",
];
/// Directory roles that may grant tenant-wide consent to delegated permissions (entra-docs
/// `docs/identity/enterprise-apps/grant-admin-consent.md`), and Global Administrator, which
/// holds every permission.
pub(crate) const GRANT_WRITERS: &[&str] = &[
    "Global Administrator",
    "Privileged Role Administrator",
    "Application Administrator",
    "Cloud Application Administrator",
];

/// Who is calling.
#[derive(Clone, Debug)]
pub(crate) enum Principal {
    /// A signed-in user (delegated token).
    User(Box<User>),
    /// An application acting as itself (app-only token).
    App,
}

/// A verified caller: who, and which permissions the token carries (lowercase).
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub principal: Principal,
    /// `scp` for delegated tokens, `roles` for app-only tokens.
    pub permissions: Vec<String>,
}

/// One Graph request, after routing and authentication.
pub(crate) struct Req<'a> {
    pub state: &'a AppState,
    pub headers: &'a HeaderMap,
    pub method: Method,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
    pub caller: Caller,
    /// The path after `/v1.0/`, as sent (for `@odata.nextLink`).
    pub path: String,
}

impl Req<'_> {
    pub fn client_request_id(&self) -> Option<&str> {
        client_request_id(self.headers)
    }

    /// A Graph error for this request.
    pub fn error(
        &self,
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> GraphError {
        self.state
            .graph_error(status, code, message, self.client_request_id())
    }

    /// Graph's 403 for a missing permission or role.
    pub fn denied(&self) -> GraphError {
        self.error(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        )
    }

    /// 404 `Request_ResourceNotFound` for an object id (or key) that does not exist (yet).
    pub fn not_found(&self, id: &str) -> GraphError {
        self.error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    }

    /// 400 `Request_BadRequest`.
    pub fn bad_request(&self, message: impl Into<String>) -> GraphError {
        self.error(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
    }

    /// The emulator clock.
    pub fn now(&self) -> i64 {
        self.state.now()
    }

    /// A query option by exact name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the request opted into advanced queries (`ConsistencyLevel: eventual`).
    pub fn eventual(&self) -> bool {
        self.headers
            .get("consistencylevel")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("eventual"))
    }

    /// 403 unless the token carries one of `any_of` (delegated scopes for users, app roles for
    /// applications).
    pub fn require(&self, any_of: &[&str]) -> Result<(), GraphError> {
        let ok = self
            .caller
            .permissions
            .iter()
            .any(|p| any_of.iter().any(|a| a.eq_ignore_ascii_case(p)));
        if ok {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    /// 403 unless a signed-in user holds one of `roles` (app-only callers are judged by their
    /// permissions alone).
    pub fn require_role(&self, roles: &[&str]) -> Result<(), GraphError> {
        match &self.caller.principal {
            Principal::App => Ok(()),
            Principal::User(user) => {
                if user
                    .roles
                    .iter()
                    .any(|r| roles.iter().any(|w| w.eq_ignore_ascii_case(r)))
                {
                    Ok(())
                } else {
                    Err(self.denied())
                }
            }
        }
    }

    /// The JSON object in the body, or Graph's 400.
    pub fn json_body(&self) -> Result<Map<String, Value>, GraphError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Empty Payload. JSON content expected.",
            ));
        }
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(self.error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
            )),
        }
    }

    /// The JSON body of a POST/PATCH, checked against the published schema of `type_name`
    /// ([`schema::check_body`]).
    pub fn body_of(
        &self,
        type_name: &str,
        write: schema::Write,
    ) -> Result<Map<String, Value>, GraphError> {
        let body = self.json_body()?;
        schema::check_body(self, type_name, &body, write)?;
        Ok(body)
    }

    /// `{graph}/v1.0/$metadata#{fragment}`.
    pub fn context(&self, fragment: &str) -> String {
        format!("{}/v1.0/$metadata#{fragment}", self.state.hosts.graph)
    }

    /// A JSON response with Graph's headers.
    pub fn json(&self, status: StatusCode, body: Value) -> Response {
        let mut res = (status, axum::Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(
                "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
            ),
        );
        self.stamp(res)
    }

    /// 204 with Graph's headers.
    pub fn no_content(&self) -> Response {
        self.stamp(StatusCode::NO_CONTENT.into_response())
    }

    fn stamp(&self, mut res: Response) -> Response {
        let h = res.headers_mut();
        h.insert("odata-version", HeaderValue::from_static("4.0"));
        let request_id = self.state.random_uuid();
        let client_request_id = self.client_request_id().unwrap_or(&request_id).to_string();
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

    /// Applies `$select` to one entity of type `type_name` whose properties are `known`.
    pub fn select_one(
        &self,
        entity: Map<String, Value>,
        known: &[&str],
        type_name: &str,
    ) -> Result<(Map<String, Value>, Option<String>), GraphError> {
        match self.selection(known, type_name)? {
            Some(names) => Ok((odata::project(&entity, &names), Some(names.join(",")))),
            None => Ok((entity, None)),
        }
    }

    /// The validated `$select` list, if any.
    pub fn selection(
        &self,
        known: &[&str],
        type_name: &str,
    ) -> Result<Option<Vec<String>>, GraphError> {
        let Some(list) = self.param("$select").filter(|s| !s.trim().is_empty()) else {
            return Ok(None);
        };
        schema::check_select(self, type_name, list)?;
        // Properties the schema declares but the emulator does not model are selectable (and
        // absent from the answer, as unset properties are).
        let mut known = known.to_vec();
        for name in schema::selectable(type_name).unwrap_or_default() {
            if !known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                known.push(name);
            }
        }
        odata::resolve_select(list, &known)
            .map(Some)
            .map_err(|name| {
                self.error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    format!("Could not find a property named '{name}' on type '{type_name}'."),
                )
            })
    }

    /// The `$filter` clauses, if any, or Graph's 400.
    pub fn filter(&self) -> Result<Vec<odata::Clause>, GraphError> {
        match self.param("$filter").filter(|f| !f.trim().is_empty()) {
            None => Ok(Vec::new()),
            Some(f) => odata::parse_filter(f)
                .map_err(|e| self.error(StatusCode::BAD_REQUEST, e.code, e.message)),
        }
    }

    /// The `$filter` clauses, checked against the operators the published schema of `type_name`
    /// lists for each property ([`schema::check_filter`]).
    pub fn filter_on(&self, type_name: &str) -> Result<Vec<odata::Clause>, GraphError> {
        let clauses = self.filter()?;
        schema::check_filter(self, type_name, &clauses)?;
        Ok(clauses)
    }

    /// 400 for a filter on a property the resource does not support filtering on.
    pub fn unsupported_filter(&self, property: &str, resource: &str) -> GraphError {
        self.error(
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            format!("Unsupported or invalid query filter clause specified for property '{property}' of resource '{resource}'."),
        )
    }

    /// Page size from `$top` (default 100, 1–999).
    pub fn page_size(&self) -> Result<usize, GraphError> {
        match self.param("$top") {
            None => Ok(100),
            Some(t) => match t.trim().parse::<usize>() {
                Ok(n) if (1..=999).contains(&n) => Ok(n),
                _ => Err(self.bad_request(format!(
                    "Invalid page size specified: '{t}'. Must be between 1 and 999 inclusive."
                ))),
            },
        }
    }

    /// The object id the `$skiptoken` continues after.
    pub fn skip_after(&self) -> Result<Option<String>, GraphError> {
        match self.param("$skiptoken") {
            None => Ok(None),
            Some(t) => odata::parse_skip_token(t)
                .map(Some)
                .ok_or_else(|| self.bad_request("Invalid skip token.")),
        }
    }

    /// Whether to report `@odata.count` (`$count=true` with `ConsistencyLevel: eventual`; Graph
    /// silently ignores `$count=true` without the header).
    pub fn wants_count(&self) -> bool {
        self.eventual()
            && self
                .param("$count")
                .is_some_and(|c| c.eq_ignore_ascii_case("true"))
    }

    /// Refuses `$filter` on a list whose filtering the emulator does not implement (`what` names
    /// the list), rather than answering unfiltered — **choice**: refused, never ignored.
    pub fn refuse_filter(&self, what: &str) -> Result<(), GraphError> {
        if self.param("$filter").is_some() {
            return Err(self.error(
                StatusCode::BAD_REQUEST,
                "Request_UnsupportedQuery",
                format!("$filter on {what} is not emulated."),
            ));
        }
        Ok(())
    }

    /// Refuses query options the emulator does not implement, rather than ignoring them.
    pub fn refuse_unsupported_options(&self) -> Result<(), GraphError> {
        if self.param("$search").is_some() {
            if !self.eventual() {
                return Err(self.error(
                    StatusCode::BAD_REQUEST,
                    "Request_UnsupportedQuery",
                    "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
                ));
            }
            return Err(self.error(
                StatusCode::BAD_REQUEST,
                "Request_UnsupportedQuery",
                "$search is not emulated.",
            ));
        }
        if self.param("$orderby").is_some() || self.param("$expand").is_some() {
            return Err(self.error(
                StatusCode::BAD_REQUEST,
                "Request_UnsupportedQuery",
                "$orderby and $expand are not emulated.",
            ));
        }
        Ok(())
    }

    /// A collection page: `items` already filtered, sorted by object id, and holding at most
    /// `page + 1` entries (the extra one only tells that there is a next page). `count` is the
    /// total when `$count` is in effect.
    pub fn page(
        &self,
        entity_set: &str,
        mut items: Vec<(String, Map<String, Value>)>,
        page: usize,
        selected: Option<&[String]>,
        count: Option<usize>,
    ) -> Response {
        let more = items.len() > page;
        items.truncate(page);
        let next = if more {
            items.last().map(|(id, _)| {
                let pairs: Vec<(String, String)> = self
                    .query
                    .iter()
                    .filter(|(k, _)| k != "$skiptoken")
                    .cloned()
                    .chain(std::iter::once((
                        "$skiptoken".to_string(),
                        odata::skip_token(id),
                    )))
                    .collect();
                let query = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                format!("{}/v1.0/{}?{query}", self.state.hosts.graph, self.path)
            })
        } else {
            None
        };
        let value: Vec<Value> = items
            .into_iter()
            .map(|(_, e)| match selected {
                Some(names) => Value::Object(odata::project(&e, names)),
                None => Value::Object(e),
            })
            .collect();
        let fragment = match selected {
            Some(names) => format!("{entity_set}({})", names.join(",")),
            None => entity_set.to_string(),
        };
        let mut body = json!({"@odata.context": self.context(&fragment), "value": value});
        if let Some(n) = count {
            body["@odata.count"] = json!(n);
        }
        if let Some(link) = next {
            body["@odata.nextLink"] = json!(link);
        }
        self.json(StatusCode::OK, body)
    }
}

fn client_request_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
}

/// Verifies the bearer token of a Graph request.
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
    if claims["tid"].as_str() != Some(state.scenario.tenant.id.as_str()) {
        return Err(unauthorized(
            "Access token validation failure. Invalid audience or tenant.",
        ));
    }
    let oid = claims["oid"].as_str().unwrap_or_default().to_string();
    let lower_list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => s.split_whitespace().map(str::to_ascii_lowercase).collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_ascii_lowercase)
                .collect(),
            _ => Vec::new(),
        }
    };
    if claims["idtyp"] == "app" {
        if state.directory().service_principal_raw(&oid).is_none() {
            return Err(unauthorized(
                "Access token validation failure. Invalid service principal.",
            ));
        }
        return Ok(Caller {
            principal: Principal::App,
            permissions: lower_list(&claims["roles"]),
        });
    }
    let user =
        state.scenario.user_by_oid(&oid).cloned().ok_or_else(|| {
            unauthorized("Access token validation failure. Invalid tenant or user.")
        })?;
    Ok(Caller {
        principal: Principal::User(Box::new(user)),
        permissions: lower_list(&claims["scp"]),
    })
}

// ---------------------------------------------------------------------------------------------
// Routing

/// An entity set segment with an optional key: `applications`, `applications(appId='…')`,
/// `applications('…')`.
pub(crate) struct Segment {
    pub name: String,
    pub key: Option<Key>,
}

/// How an entity is addressed.
#[derive(Clone, Debug)]
pub(crate) enum Key {
    /// By object id.
    Id(String),
    /// By an alternate key property, e.g. `appId`.
    Alternate(String, String),
}

fn parse_segment(raw: &str) -> Segment {
    if let Some(open) = raw.find('(') {
        if let Some(inner) = raw[open + 1..].strip_suffix(')') {
            let name = raw[..open].to_string();
            let unquote = |v: &str| v.trim().trim_matches('\'').replace("''", "'");
            let key = match inner.split_once('=') {
                Some((prop, value)) => Key::Alternate(prop.trim().to_string(), unquote(value)),
                None => Key::Id(unquote(inner)),
            };
            return Segment {
                name,
                key: Some(key),
            };
        }
    }
    Segment {
        name: raw.to_string(),
        key: None,
    }
}

/// The whole graph host: resolve the route, authenticate, run the handler.
async fn dispatch(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return EmulatorError::Graph(state.graph_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request_BadRequest",
                "The request body is too large.",
                client_request_id(&parts.headers),
            ))
            .into_response()
        }
    };
    let raw_path = parts.uri.path();
    let Some(rest) = raw_path.strip_prefix("/v1.0/") else {
        return bad_segment(&state, &parts.headers, raw_path.trim_start_matches('/'));
    };
    let decoded: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let Some(route) = Route::resolve(&decoded) else {
        return bad_segment(
            &state,
            &parts.headers,
            decoded.first().map(String::as_str).unwrap_or(""),
        );
    };
    let caller = match authenticate(&state, &parts.headers) {
        Ok(c) => c,
        Err(e) => return EmulatorError::Graph(e).into_response(),
    };
    let query = url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let req = Req {
        state: &state,
        headers: &parts.headers,
        method: parts.method.clone(),
        query,
        body,
        caller,
        path: rest.trim_end_matches('/').to_string(),
    };
    match route.handle(&req) {
        Ok(res) => res,
        Err(e) => EmulatorError::Graph(e).into_response(),
    }
}

fn bad_segment(state: &AppState, headers: &HeaderMap, segment: &str) -> Response {
    let segment = segment.split('/').next().unwrap_or_default();
    EmulatorError::Graph(state.graph_error(
        StatusCode::BAD_REQUEST,
        "BadRequest",
        format!("Resource not found for the segment '{segment}'."),
        client_request_id(headers),
    ))
    .into_response()
}

/// The emulated Graph routes.
enum Route {
    Me,
    MemberOf { roles_only: bool },
    Organization,
    Domains,
    Domain(String),
    Applications,
    Application(Key),
    AddPassword(Key),
    RemovePassword(Key),
    Users,
    User(String),
    SecurityDefaults,
    ConditionalAccessPolicies,
    OnPremisesSynchronization,
    ServicePrincipals,
    ServicePrincipal(Key),
    SpHrdPolicies(Key),
    SpAssignedTo(Key),
    SpHrdRef(Key),
    SpHrdRefDelete(Key, String),
    Grants,
    Grant(String),
    HrdPolicies,
    HrdPolicy(String),
    DefaultAppManagementPolicy,
}

impl Route {
    fn resolve(segments: &[String]) -> Option<Route> {
        let first = parse_segment(segments.first()?);
        let rest = &segments[1..];
        let lower: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        // `set/{id}/…` and `set(key)/…` both address one entity.
        let keyed = |first: &Segment| -> Option<(Key, Vec<&str>)> {
            match &first.key {
                Some(k) => Some((k.clone(), lower.clone())),
                None => rest
                    .first()
                    .map(|id| (Key::Id(id.clone()), lower[1..].to_vec())),
            }
        };
        Some(match first.name.to_ascii_lowercase().as_str() {
            "me" if first.key.is_none() => match lower.as_slice() {
                [] => Route::Me,
                ["transitivememberof" | "memberof"] => Route::MemberOf { roles_only: false },
                ["transitivememberof" | "memberof", "microsoft.graph.directoryrole"] => {
                    Route::MemberOf { roles_only: true }
                }
                _ => return None,
            },
            "organization" if rest.is_empty() => Route::Organization,
            "users" if first.key.is_none() && rest.is_empty() => Route::Users,
            "users" => match (&first.key, rest) {
                (Some(Key::Id(id)), []) => Route::User(id.clone()),
                (None, [id]) => Route::User(id.clone()),
                _ => return None,
            },
            "domains" => match (&first.key, rest) {
                (None, []) => Route::Domains,
                (Some(Key::Id(id)), []) => Route::Domain(id.clone()),
                (None, [id]) => Route::Domain(id.clone()),
                _ => return None,
            },
            "applications" => {
                if first.key.is_none() && rest.is_empty() {
                    Route::Applications
                } else {
                    let (key, tail) = keyed(&first)?;
                    match tail.as_slice() {
                        [] => Route::Application(key),
                        ["addpassword"] => Route::AddPassword(key),
                        ["removepassword"] => Route::RemovePassword(key),
                        _ => return None,
                    }
                }
            }
            "serviceprincipals" => {
                if first.key.is_none() && rest.is_empty() {
                    Route::ServicePrincipals
                } else {
                    let (key, tail) = keyed(&first)?;
                    match tail.as_slice() {
                        [] => Route::ServicePrincipal(key),
                        ["homerealmdiscoverypolicies"] => Route::SpHrdPolicies(key),
                        ["approleassignedto"] => Route::SpAssignedTo(key),
                        ["homerealmdiscoverypolicies", "$ref"] => Route::SpHrdRef(key),
                        ["homerealmdiscoverypolicies", _, "$ref"] => {
                            let offset = if first.key.is_some() { 1 } else { 2 };
                            Route::SpHrdRefDelete(key, rest[offset].clone())
                        }
                        _ => return None,
                    }
                }
            }
            "oauth2permissiongrants" => match (&first.key, rest) {
                (None, []) => Route::Grants,
                (Some(Key::Id(id)), []) => Route::Grant(id.clone()),
                (None, [id]) => Route::Grant(id.clone()),
                _ => return None,
            },
            "policies" if first.key.is_none() => match lower.as_slice() {
                ["homerealmdiscoverypolicies"] => Route::HrdPolicies,
                ["homerealmdiscoverypolicies", _] => Route::HrdPolicy(rest[1].clone()),
                ["defaultappmanagementpolicy"] => Route::DefaultAppManagementPolicy,
                ["identitysecuritydefaultsenforcementpolicy"] => Route::SecurityDefaults,
                _ => return None,
            },
            "directory" if first.key.is_none() => match lower.as_slice() {
                ["onpremisessynchronization"] => Route::OnPremisesSynchronization,
                _ => return None,
            },
            "identity" if first.key.is_none() => match lower.as_slice() {
                ["conditionalaccess", "policies"] => Route::ConditionalAccessPolicies,
                _ => return None,
            },
            _ => return None,
        })
    }

    fn handle(self, req: &Req<'_>) -> Result<Response, GraphError> {
        let m = &req.method;
        match (self, m.clone()) {
            (Route::Me, Method::GET) => me(req),
            (Route::MemberOf { roles_only }, Method::GET) => member_of(req, roles_only),
            (Route::Organization, Method::GET) => organization(req),
            (Route::Users, Method::GET) => users(req),
            (Route::User(id), Method::GET) => user(req, &id),
            (Route::SecurityDefaults, Method::GET) => policies::security_defaults(req),
            (Route::OnPremisesSynchronization, Method::GET) => {
                policies::on_premises_synchronization(req)
            }
            (Route::ConditionalAccessPolicies, Method::GET) => {
                policies::list_conditional_access(req)
            }
            (Route::Domains, Method::GET) => domains(req, None),
            (Route::Domain(id), Method::GET) => domains(req, Some(&id)),
            (Route::Applications, Method::GET) => apps::list(req),
            (Route::Applications, Method::POST) => apps::create(req),
            (Route::Application(k), Method::GET) => apps::get(req, &k),
            (Route::Application(k), Method::PATCH) => apps::update(req, &k),
            (Route::Application(k), Method::DELETE) => apps::delete(req, &k),
            (Route::AddPassword(k), Method::POST) => apps::add_password(req, &k),
            (Route::RemovePassword(k), Method::POST) => apps::remove_password(req, &k),
            (Route::ServicePrincipals, Method::GET) => principals::list(req),
            (Route::ServicePrincipals, Method::POST) => principals::create(req),
            (Route::ServicePrincipal(k), Method::GET) => principals::get(req, &k),
            (Route::ServicePrincipal(k), Method::PATCH) => principals::update(req, &k),
            (Route::ServicePrincipal(k), Method::DELETE) => principals::delete(req, &k),
            (Route::SpHrdPolicies(k), Method::GET) => principals::list_hrd(req, &k),
            (Route::SpAssignedTo(k), Method::GET) => principals::list_assigned_to(req, &k),
            (Route::SpHrdRef(k), Method::POST) => principals::add_hrd_ref(req, &k),
            (Route::SpHrdRefDelete(k, p), Method::DELETE) => {
                principals::remove_hrd_ref(req, &k, &p)
            }
            (Route::Grants, Method::GET) => grants::list(req),
            (Route::Grants, Method::POST) => grants::create(req),
            (Route::Grant(id), Method::GET) => grants::get(req, &id),
            (Route::Grant(id), Method::PATCH) => grants::update(req, &id),
            (Route::Grant(id), Method::DELETE) => grants::delete(req, &id),
            (Route::HrdPolicies, Method::GET) => policies::list_hrd(req),
            (Route::HrdPolicies, Method::POST) => policies::create_hrd(req),
            (Route::HrdPolicy(id), Method::GET) => policies::get_hrd(req, &id),
            (Route::HrdPolicy(id), Method::PATCH) => policies::update_hrd(req, &id),
            (Route::HrdPolicy(id), Method::DELETE) => policies::delete_hrd(req, &id),
            (Route::DefaultAppManagementPolicy, Method::GET) => {
                policies::default_app_management(req)
            }
            _ => Err(req.error(
                StatusCode::METHOD_NOT_ALLOWED,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request uri.",
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The signed-in user and the tenant

/// The signed-in user, or Graph's 400 for app-only tokens.
fn signed_in_user<'r>(req: &'r Req<'_>) -> Result<&'r User, GraphError> {
    match &req.caller.principal {
        Principal::User(u) => Ok(u),
        Principal::App => Err(req.error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "/me request is only valid with delegated authentication flow.",
        )),
    }
}

const USER_PROPERTIES: &[&str] = &[
    "accountEnabled",
    "userType",
    "businessPhones",
    "displayName",
    "givenName",
    "id",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
];

/// A scenario user in Graph's shape.
fn render_user(user: &User) -> Map<String, Value> {
    let Value::Object(entity) = json!({
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
        // Returned only on `$select` (user.md); every scenario user is an enabled member.
        "accountEnabled": true,
        "userType": "Member",
    }) else {
        unreachable!()
    };
    entity
}

/// Permissions that may read other users (`user-list.md`, `user-get.md`).
const USER_READERS: &[&str] = &[
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];

/// Properties `GET /users` returns without `$select` (user.md: the default set).
const USER_DEFAULT: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "id",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
];

/// `GET /users/{id | userPrincipalName}` (`user-get.md`).
fn user(req: &Req<'_>, key: &str) -> Result<Response, GraphError> {
    req.require(USER_READERS)?;
    let found = req
        .state
        .scenario
        .users
        .iter()
        .find(|u| u.oid.eq_ignore_ascii_case(key) || u.upn.eq_ignore_ascii_case(key))
        .ok_or_else(|| req.not_found(key))?;
    one_user(req, found)
}

/// A user as Graph returns it: `$select`'s properties, else the default set (`accountEnabled`
/// and `userType` are "Returned only on $select": user.md).
fn user_entity(user: &User, selected: Option<&[String]>) -> Map<String, Value> {
    let default: Vec<String>;
    let names = match selected {
        Some(names) => names,
        None => {
            default = USER_DEFAULT.iter().map(|s| s.to_string()).collect();
            &default
        }
    };
    odata::project(&render_user(user), names)
}

/// One user's answer (`/me`, `/users/{id}`), with `$select` checked against the published type.
fn one_user(req: &Req<'_>, user: &User) -> Result<Response, GraphError> {
    let selected = req.selection(USER_PROPERTIES, "microsoft.graph.user")?;
    let mut body = user_entity(user, selected.as_deref());
    let context = match selected {
        Some(names) => req.context(&format!("users({})/$entity", names.join(","))),
        None => req.context("users/$entity"),
    };
    // serde_json's map is sorted, so `@odata.context` comes first, as Graph sends it.
    body.insert("@odata.context".into(), json!(context));
    Ok(req.json(StatusCode::OK, Value::Object(body)))
}

/// `GET /users` (`user-list.md`: User.ReadBasic.All and up), with `$filter` on the properties
/// and operators the published type lists (`userPrincipalName`, `mail`, `displayName`, `id`
/// with `eq`/`in`/`startswith` here), `$select` and `$top`.
fn users(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(USER_READERS)?;
    req.refuse_unsupported_options()?;
    let clauses = req.filter_on("microsoft.graph.user")?;
    let selected = req.selection(USER_PROPERTIES, "microsoft.graph.user")?;
    let page = req.page_size()?;
    let after = req.skip_after()?;
    let mut items: Vec<(String, Map<String, Value>)> = Vec::new();
    for user in &req.state.scenario.users {
        let value = |property: &str| -> Option<String> {
            match property.to_ascii_lowercase().as_str() {
                "userprincipalname" => Some(user.upn.clone()),
                "mail" => Some(user.mail.clone()),
                "displayname" => Some(user.display_name.clone()),
                "id" => Some(user.oid.clone()),
                _ => None,
            }
        };
        let mut matches = true;
        for clause in &clauses {
            match value(clause.property()) {
                Some(v) => matches &= clause.matches_str(Some(&v)),
                None => return Err(req.unsupported_filter(clause.property(), "user")),
            }
        }
        if matches && after.as_deref().is_none_or(|a| user.oid.as_str() > a) {
            items.push((user.oid.clone(), user_entity(user, selected.as_deref())));
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items.truncate(page + 1);
    Ok(req.page("users", items, page, selected.as_deref(), None))
}

fn me(req: &Req<'_>) -> Result<Response, GraphError> {
    let user = signed_in_user(req)?;
    req.require(&[
        "User.Read",
        "User.ReadWrite",
        "User.ReadBasic.All",
        "User.Read.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ])?;
    one_user(req, user)
}

const DIRECTORY_ROLE_PROPERTIES: &[&str] = &[
    "deletedDateTime",
    "description",
    "displayName",
    "id",
    "roleTemplateId",
];

/// `/me/transitiveMemberOf[/microsoft.graph.directoryRole]`: the user's directory roles (the
/// emulated directory has no groups or administrative units). The OData cast is an advanced
/// query: it needs `ConsistencyLevel: eventual` and `$count=true` (G-user-list-transitivememberof).
/// Without a permission that can read directory roles (User.Read alone), the objects come back
/// with only `@odata.type` and `id`, as Graph's "limited information" rule says.
fn member_of(req: &Req<'_>, roles_only: bool) -> Result<Response, GraphError> {
    let user = signed_in_user(req)?;
    req.require(&[
        "User.Read",
        "User.Read.All",
        "GroupMember.Read.All",
        "Group.Read.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
        "RoleManagement.Read.Directory",
    ])?;
    let advanced = req.eventual()
        && req
            .param("$count")
            .is_some_and(|c| c.eq_ignore_ascii_case("true"));
    if roles_only && !advanced {
        return Err(req.error(
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            "OData cast is not supported because the required parameters might be missing. Try adding $count=true \
             query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries \
             for more information",
        ));
    }
    req.refuse_unsupported_options()?;
    let full = req.caller.permissions.iter().any(|p| {
        [
            "directory.read.all",
            "directory.readwrite.all",
            "rolemanagement.read.directory",
        ]
        .contains(&p.as_str())
    });
    let selected = req.selection(DIRECTORY_ROLE_PROPERTIES, "microsoft.graph.directoryRole")?;
    let mut items: Vec<(String, Map<String, Value>)> = user
        .roles
        .iter()
        .filter_map(|name| {
            DIRECTORY_ROLES
                .iter()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        })
        .map(|(name, template, object_id)| {
            let entity = if full {
                json!({
                    "@odata.type": "#microsoft.graph.directoryRole",
                    "id": object_id,
                    "deletedDateTime": null,
                    "description": format!("Members of the {name} role."),
                    "displayName": name,
                    "roleTemplateId": template,
                })
            } else {
                json!({
                    "@odata.type": "#microsoft.graph.directoryRole",
                    "id": object_id,
                    "deletedDateTime": null,
                    "description": null,
                    "displayName": null,
                    "roleTemplateId": null,
                })
            };
            let Value::Object(map) = entity else {
                unreachable!()
            };
            (object_id.to_string(), map)
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let count = req.wants_count().then_some(items.len());
    let set = if roles_only {
        "directoryRoles"
    } else {
        "directoryObjects"
    };
    Ok(req.page(set, items, 999, selected.as_deref(), count))
}

const ORGANIZATION_PROPERTIES: &[&str] = &[
    "deletedDateTime",
    "displayName",
    "id",
    "tenantType",
    "verifiedDomains",
];

fn organization(req: &Req<'_>) -> Result<Response, GraphError> {
    req.require(&[
        "User.Read",
        "Organization.Read.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ])?;
    let tenant = &req.state.scenario.tenant;
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
    let Value::Object(entity) = json!({
        "id": tenant.id,
        "deletedDateTime": null,
        "displayName": tenant.display_name,
        "tenantType": "AAD",
        "verifiedDomains": domains,
    }) else {
        unreachable!()
    };
    let (org, selected) = req.select_one(
        entity,
        ORGANIZATION_PROPERTIES,
        "microsoft.graph.organization",
    )?;
    let context = match selected {
        Some(names) => req.context(&format!("organization({names})")),
        None => req.context("organization"),
    };
    Ok(req.json(
        StatusCode::OK,
        json!({"@odata.context": context, "value": [Value::Object(org)]}),
    ))
}

const DOMAIN_PROPERTIES: &[&str] = &[
    "authenticationType",
    "availabilityStatus",
    "id",
    "isAdminManaged",
    "isDefault",
    "isInitial",
    "isRoot",
    "isVerified",
    "passwordNotificationWindowInDays",
    "passwordValidityPeriodInDays",
    "state",
    "supportedServices",
];

/// `/domains` and `/domains/{name}`: the tenant's verified domains with their authentication
/// type (`Managed` or `Federated`).
fn domains(req: &Req<'_>, one: Option<&str>) -> Result<Response, GraphError> {
    req.require(&[
        "Domain.Read.All",
        "Domain.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ])?;
    let render = |d: &crate::scenario::VerifiedDomain| {
        let Value::Object(map) = json!({
            "authenticationType": d.kind,
            "availabilityStatus": null,
            "id": d.name,
            "isAdminManaged": true,
            "isDefault": d.is_default,
            "isInitial": d.is_initial,
            "isRoot": true,
            "isVerified": true,
            "passwordNotificationWindowInDays": 14,
            "passwordValidityPeriodInDays": 2_147_483_647,
            "state": null,
            "supportedServices": ["Email", "OfficeCommunicationsOnline"],
        }) else {
            unreachable!()
        };
        map
    };
    let tenant = &req.state.scenario.tenant;
    if let Some(name) = one {
        let domain = tenant
            .domains
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| req.not_found(name))?;
        let (mut body, selected) =
            req.select_one(render(domain), DOMAIN_PROPERTIES, "microsoft.graph.domain")?;
        let fragment = match selected {
            Some(names) => format!("domains({names})/$entity"),
            None => "domains/$entity".into(),
        };
        body.insert("@odata.context".into(), json!(req.context(&fragment)));
        return Ok(req.json(StatusCode::OK, Value::Object(body)));
    }
    req.refuse_unsupported_options()?;
    let selected = req.selection(DOMAIN_PROPERTIES, "microsoft.graph.domain")?;
    let mut items: Vec<(String, Map<String, Value>)> = tenant
        .domains
        .iter()
        .map(|d| (d.name.clone(), render(d)))
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(req.page("domains", items, 999, selected.as_deref(), None))
}
