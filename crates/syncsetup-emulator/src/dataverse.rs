//! The Dataverse Web API (v9.0–v9.2) of every emulated environment, on `<org>.crm.localhost:P`
//! (or the org's own port with per-host ports): `WhoAmI`, `RetrieveVersion`, rows of the tables
//! the Marketo setup touches (`systemusers`, `businessunits`, `roles`, `solutions`, `publishers`,
//! `solutioncomponents`, `sdkmessageprocessingsteps`, the Marketo Config table, the
//! `organizations` row, users' settings, …) with OData queries, `$ref` association of security
//! roles, table and column definitions (`EntityDefinitions`, `RelationshipDefinitions`) including
//! column creation, and publishing: `RetrieveUnpublishedMultiple` on forms, views, web resources,
//! site maps and apps, `PublishAllXml`, `PublishXml`. Behaviour follows Microsoft's documentation
//! (powerapps-docs `powerapps-docs/developer/data-platform/webapi/`, the tables under
//! `…/reference/entities/`, `…/model-driven-apps/publish-customizations.md`); where the
//! documentation is silent the choice is written next to the code and in the crate README.
//!
//! Each request is authenticated like Dataverse does it: a bearer token issued by the emulated
//! Entra for *this* environment's URL (`aud`), not expired on the emulator clock, whose user
//! (`oid` → `azureactivedirectoryobjectid`) or application (`appid` → `applicationid`) is an
//! enabled user of the environment. Writes need privileges from the caller's security roles
//! (403 `PrivilegeDenied`). Responses carry OData's headers; errors are the Web API's
//! `{"error":{"code","message"}}`. CORS is open to any origin but only for the request headers
//! Microsoft's browser samples send, and exposes only `OData-EntityId` ([`crate::cors::DATAVERSE`],
//! each entry with its source).

pub mod batch;
pub mod columns;
pub mod customizations;
pub mod metadata;
pub mod odata;
pub mod records;
pub mod seed;
pub mod store;
mod system_tables;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};

use crate::state::AppState;
use crate::HostKind;
use store::Org;

/// Web API versions served (the path segment after `/api/data/`).
pub const VERSIONS: &[&str] = &["v9.0", "v9.1", "v9.2"];

/// Routes of the Dataverse hosts (all environments share them; the `Host` picks the org).
pub fn router(state: AppState) -> Router {
    let cors = crate::cors::DATAVERSE.layer();
    Router::new()
        .route("/api/data/{version}", any(service_root))
        .route("/api/data/{version}/", any(service_root))
        .route("/api/data/{version}/{*rest}", any(handle))
        .fallback(|uri: Uri| async move {
            DvError::new(
                StatusCode::NOT_FOUND,
                "0x8006088a",
                format!(
                    "Resource not found for the segment '{}'.",
                    uri.path()
                        .trim_start_matches('/')
                        .split('/')
                        .next()
                        .unwrap_or_default()
                ),
            )
        })
        .layer(cors)
        .with_state(state)
}

// ---------------------------------------------------------------------------------------------
// Errors

/// A Web API error: `{"error":{"code","message"}}`, or a bare 401 with a bearer challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DvError {
    /// HTTP status.
    pub status: StatusCode,
    /// `error.code` (hex, often unrelated to the status).
    pub code: String,
    /// `error.message`.
    pub message: String,
    /// `WWW-Authenticate` of a 401.
    pub challenge: Option<String>,
}

impl DvError {
    /// An error with a JSON body.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        DvError {
            status,
            code: code.into(),
            message: message.into(),
            challenge: None,
        }
    }

    /// 400 with ODataLib's code for malformed queries and payloads.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "0x80060888", message)
    }

    /// 404 for a row that does not exist (`ObjectDoesNotExist`).
    pub fn no_row(entity: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "0x80040217",
            format!("{entity} With Id = {id} Does Not Exist"),
        )
    }

    /// 404 for an unknown URL segment.
    pub fn no_segment(segment: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "0x8006088a",
            format!("Resource not found for the segment '{segment}'."),
        )
    }

    /// 405 for a method the resource does not support.
    pub fn method(method: &Method) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "0x80060888",
            format!("The requested resource does not support http method '{method}'."),
        )
    }
}

impl From<odata::QueryError> for DvError {
    fn from(e: odata::QueryError) -> Self {
        // An unknown column in `$select`/`$filter`/`$expand` is code 0x0 (MicrosoftDocs/
        // SupportArticles-docs `support/power-platform/power-apps/dataverse/web-api-client-errors.md`);
        // other query errors keep ODataLib's 0x80060888.
        if e.0.starts_with("Could not find a property named") {
            DvError::new(StatusCode::BAD_REQUEST, "0x0", e.0)
        } else {
            DvError::bad_request(e.0)
        }
    }
}

impl IntoResponse for DvError {
    fn into_response(self) -> Response {
        let mut res = if let Some(challenge) = &self.challenge {
            // Dataverse answers authentication failures with a bare bearer challenge.
            let mut r = StatusCode::UNAUTHORIZED.into_response();
            if let Ok(v) = HeaderValue::from_str(challenge) {
                r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
            r
        } else {
            let body = json!({"error": {"code": self.code, "message": self.message}});
            json_response(self.status, &body)
        };
        res.headers_mut()
            .insert("odata-version", HeaderValue::from_static("4.0"));
        res
    }
}

/// A JSON response with the Web API's content type.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut res = (status, body.to_string()).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; odata.metadata=minimal"),
    );
    h.insert("odata-version", HeaderValue::from_static("4.0"));
    res
}

// ---------------------------------------------------------------------------------------------
// Request context

/// The authenticated caller: a system user of the environment.
#[derive(Clone, Debug)]
pub struct Caller {
    /// `systemuserid`.
    pub user_id: String,
    /// Whether the token was app-only (client credentials).
    pub app_only: bool,
}

/// What a handler gets: the request's parts, the caller and where the environment lives.
pub struct Ctx<'a> {
    /// Shared state.
    pub state: &'a AppState,
    /// Method.
    pub method: Method,
    /// Decoded path segments after `/api/data/<version>/`.
    pub segments: Vec<String>,
    /// Raw query string.
    pub query: String,
    /// Raw (still percent-encoded) request path, for `@odata.nextLink`.
    pub uri_path: String,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// Request body.
    pub body: Bytes,
    /// Base URL of the environment (`http://contoso.crm.localhost:8400`).
    pub base: String,
    /// Web API version segment (`v9.2`).
    pub version: String,
    /// The caller.
    pub caller: Caller,
}

impl Ctx<'_> {
    /// `{base}/api/data/{version}/`.
    pub fn api(&self) -> String {
        format!("{}/api/data/{}/", self.base, self.version)
    }

    /// `{api}$metadata#{fragment}`.
    pub fn context(&self, fragment: &str) -> String {
        format!("{}$metadata#{fragment}", self.api())
    }

    /// All `Prefer` preferences, lowercase names with their values.
    pub fn prefer(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for v in self.headers.get_all("prefer") {
            let Ok(text) = v.to_str() else { continue };
            for part in text.split(',') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                let (k, v) = part.split_once('=').unwrap_or((part, ""));
                out.push((
                    k.trim().to_ascii_lowercase(),
                    v.trim().trim_matches('"').to_string(),
                ));
            }
        }
        out
    }

    /// Whether `Prefer: return=representation` was sent.
    pub fn wants_representation(&self) -> bool {
        self.prefer()
            .iter()
            .any(|(k, v)| k == "return" && v.eq_ignore_ascii_case("representation"))
    }

    /// `Prefer: odata.maxpagesize=N` (capped at 5000, Dataverse's maximum).
    pub fn max_page_size(&self) -> Option<usize> {
        self.prefer()
            .iter()
            .find(|(k, _)| k == "odata.maxpagesize")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .map(|n| n.clamp(1, 5_000))
    }

    /// Whether annotations were asked for (`odata.include-annotations`).
    pub fn annotations(&self) -> bool {
        self.prefer()
            .iter()
            .any(|(k, _)| k == "odata.include-annotations")
    }

    /// The body as a JSON object (empty object for an empty body).
    pub fn json_body(&self) -> Result<serde_json::Map<String, Value>, DvError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Map::new());
        }
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(_) => Err(DvError::bad_request("The payload must be a JSON object.")),
            Err(e) => Err(DvError::bad_request(format!(
                "Error parsing the request payload: {e}"
            ))),
        }
    }

    /// A success response with the Web API's headers; `preferences` go to `Preference-Applied`.
    pub fn ok(&self, status: StatusCode, body: &Value, preferences: &[String]) -> Response {
        let mut res = json_response(status, body);
        add_common_headers(self.state, &mut res, preferences);
        res
    }

    /// 204 with `OData-EntityId`.
    pub fn no_content(&self, entity_id: Option<&str>) -> Response {
        let mut res = StatusCode::NO_CONTENT.into_response();
        res.headers_mut()
            .insert("odata-version", HeaderValue::from_static("4.0"));
        if let Some(id) = entity_id.and_then(|i| HeaderValue::from_str(i).ok()) {
            res.headers_mut().insert("odata-entityid", id);
        }
        add_common_headers(self.state, &mut res, &[]);
        res
    }
}

fn add_common_headers(state: &AppState, res: &mut Response, preferences: &[String]) {
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&state.random_uuid()) {
        h.insert("req_id", v);
    }
    if !preferences.is_empty() {
        if let Ok(v) = HeaderValue::from_str(&preferences.join(",")) {
            h.insert("preference-applied", v);
        }
    }
}

/// The environment a request's `Host` names.
fn org_name(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })?;
    match state.hosts.classify(&authority) {
        HostKind::Crm(org) => Some(org),
        _ => None,
    }
}

fn no_environment(org: &str) -> DvError {
    DvError::new(
        StatusCode::NOT_FOUND,
        "0x80041d1c",
        format!("No Dataverse environment named '{org}' exists in this tenant."),
    )
}

/// Validates the bearer token for environment `org` at `base` and finds the caller.
fn authenticate(
    state: &AppState,
    org: &Org,
    base: &str,
    headers: &HeaderMap,
) -> Result<Caller, DvError> {
    let tenant = state.scenario.tenant.id.clone();
    let authority = format!("{}/{tenant}/oauth2/authorize", state.hosts.login);
    let challenge = |error: Option<&str>| {
        DvError {
        status: StatusCode::UNAUTHORIZED,
        code: String::new(),
        message: String::new(),
        challenge: Some(match error {
            None => format!("Bearer authorization_uri={authority}, resource_id={base}/"),
            Some(e) => format!(
                "Bearer error=invalid_token, error_description={e}, authorization_uri={authority}, resource_id={base}/"
            ),
        }),
    }
    };
    let Some(token) = bearer(headers) else {
        return Err(challenge(None));
    };
    let claims = state
        .signer
        .verify(token)
        .map_err(|_| challenge(Some("Error during token validation!")))?;
    if !same_url(claims["aud"].as_str().unwrap_or_default(), base) {
        return Err(challenge(Some("Error during token validation!")));
    }
    if state.now() >= claims["exp"].as_i64().unwrap_or(0) {
        return Err(challenge(Some("Error during token validation!")));
    }
    if claims["tid"].as_str() != Some(tenant.as_str()) {
        return Err(challenge(Some("Error during token validation!")));
    }
    let not_member = || {
        DvError::new(
            StatusCode::FORBIDDEN,
            "0x80072560",
            "The user is not a member of the organization.",
        )
    };
    let app_only = claims.get("scp").is_none() || claims["idtyp"] == "app";
    let user_id = if app_only {
        let app_id = claims["appid"].as_str().unwrap_or_default();
        let table = &org.tables["systemuser"];
        org.users_by_application_id(app_id)
            .into_iter()
            .find(|id| {
                table.get(id).is_some_and(|r| {
                    r.get("isdisabled") != Some(&Value::Bool(true))
                        && r.get("deletedstate").and_then(Value::as_i64).unwrap_or(0) == 0
                })
            })
            .ok_or_else(not_member)?
    } else {
        org.user_by_object_id(claims["oid"].as_str().unwrap_or_default())
            .ok_or_else(not_member)?
    };
    Ok(Caller { user_id, app_only })
}

/// The bearer token of a request.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Whether two URLs name the same resource (case and a trailing slash aside).
pub fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// 403 `PrivilegeDenied` unless the caller holds `privilege`.
pub fn require(
    org: &Org,
    caller: &Caller,
    privilege: &str,
    entity: &str,
    localized: &str,
    otc: i64,
) -> Result<(), DvError> {
    if org.has_privilege(&caller.user_id, privilege) {
        return Ok(());
    }
    let user = &caller.user_id;
    let privilege_id = store::stable_id(&format!("privilege|{privilege}"));
    Err(DvError::new(
        StatusCode::FORBIDDEN,
        "0x80040220",
        format!(
            "Principal user (Id={user}, type=8, roleCount={}, privilegeCount={}, accessMode={}), is missing {privilege} privilege (Id={privilege_id}) on OTC={otc} for entity '{entity}' (LocalizedName='{localized}'). context.Caller={user}",
            org.roles_of(user).len(),
            org.privilege_count(user),
            if caller.app_only { 4 } else { 0 },
        ),
    ))
}

/// Splits and percent-decodes the path after the version segment.
fn decode_segments(rest: &str) -> Vec<String> {
    rest.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

async fn service_root(
    state: State<AppState>,
    Path(version): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    query: RawQuery,
    body: Bytes,
) -> Response {
    run(
        state,
        version,
        String::new(),
        method,
        uri,
        headers,
        query,
        body,
    )
    .await
}

async fn handle(
    state: State<AppState>,
    Path((version, rest)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    query: RawQuery,
    body: Bytes,
) -> Response {
    run(state, version, rest, method, uri, headers, query, body).await
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn run(
    State(state): State<AppState>,
    version: String,
    rest: String,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    if !VERSIONS.contains(&version.as_str()) {
        return DvError::no_segment(&version).into_response();
    }
    if rest == "$batch" {
        if method != Method::POST {
            return DvError::method(&method).into_response();
        }
        return Box::pin(batch::handle(state, version, uri, headers, body)).await;
    }
    let Some(org_name) = org_name(&state, &headers, &uri) else {
        return DvError::no_segment("api").into_response();
    };
    let Some(base) = state.hosts.crm_org(&org_name) else {
        return no_environment(&org_name).into_response();
    };
    let mut world = state.dataverse();
    let Some(org) = world.org_mut(&org_name) else {
        return no_environment(&org_name).into_response();
    };
    let caller = match authenticate(&state, org, &base, &headers) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let ctx = Ctx {
        state: &state,
        method,
        segments: decode_segments(&rest),
        query: query.unwrap_or_default(),
        uri_path: uri.path().to_string(),
        headers: &headers,
        body,
        base,
        version,
        caller,
    };
    match dispatch(&ctx, org) {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

/// Routes a request by its first segment.
fn dispatch(ctx: &Ctx<'_>, org: &mut Org) -> Result<Response, DvError> {
    let Some(first) = ctx.segments.first() else {
        return service_document(ctx, org);
    };
    let (name, key) = odata::split_segment(first);
    match (name, key) {
        ("WhoAmI", None | Some("")) if ctx.segments.len() == 1 => who_am_i(ctx, org),
        ("RetrieveVersion", None | Some("")) if ctx.segments.len() == 1 => {
            retrieve_version(ctx, org)
        }
        ("PublishAllXml", None) if ctx.segments.len() == 1 => customizations::publish_all(ctx, org),
        ("PublishXml", None) if ctx.segments.len() == 1 => customizations::publish_xml(ctx, org),
        ("$metadata", None) => Ok(metadata::csdl(ctx, org)),
        ("EntityDefinitions", _) => metadata::entity_definitions(ctx, org),
        ("RelationshipDefinitions", _) => metadata::relationship_definitions(ctx, org),
        _ => records::handle(ctx, org),
    }
}

fn service_document(ctx: &Ctx<'_>, org: &Org) -> Result<Response, DvError> {
    if ctx.method != Method::GET {
        return Err(DvError::method(&ctx.method));
    }
    let mut sets: Vec<Value> = org
        .sets
        .keys()
        .map(|s| json!({"name": s, "kind": "EntitySet", "url": s}))
        .collect();
    for s in ["EntityDefinitions", "RelationshipDefinitions"] {
        sets.push(json!({"name": s, "kind": "EntitySet", "url": s}));
    }
    Ok(ctx.ok(
        StatusCode::OK,
        &json!({"@odata.context": format!("{}$metadata", ctx.api()), "value": sets}),
        &[],
    ))
}

fn who_am_i(ctx: &Ctx<'_>, org: &Org) -> Result<Response, DvError> {
    if ctx.method != Method::GET {
        return Err(DvError::method(&ctx.method));
    }
    let user = org
        .row("systemuser", &ctx.caller.user_id)
        .ok_or_else(|| DvError::no_row("systemuser", &ctx.caller.user_id))?;
    Ok(ctx.ok(
        StatusCode::OK,
        &json!({
            "@odata.context": ctx.context("Microsoft.Dynamics.CRM.WhoAmIResponse"),
            "BusinessUnitId": user["_businessunitid_value"],
            "UserId": ctx.caller.user_id,
            "OrganizationId": org.info.id,
        }),
        &[],
    ))
}

fn retrieve_version(ctx: &Ctx<'_>, org: &Org) -> Result<Response, DvError> {
    if ctx.method != Method::GET {
        return Err(DvError::method(&ctx.method));
    }
    Ok(ctx.ok(
        StatusCode::OK,
        &json!({
            "@odata.context": ctx.context("Microsoft.Dynamics.CRM.RetrieveVersionResponse"),
            "Version": org.info.version,
        }),
        &[],
    ))
}

/// An entity set URL for `OData-EntityId` / `@odata.id`.
pub fn entity_url(ctx: &Ctx<'_>, set: &str, id: &str) -> String {
    format!("{}{set}({id})", ctx.api())
}

/// Parses an `@odata.id` / `@odata.bind` reference (`/set(id)`, `set(id)` or an absolute URL).
pub fn parse_reference(reference: &str) -> Option<(String, String)> {
    let path = match url::Url::parse(reference) {
        Ok(u) => u.path().to_string(),
        Err(_) => reference.to_string(),
    };
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let (set, key) = odata::split_segment(last);
    let key = key?.trim();
    crate::resources::looks_like_guid(key).then(|| (set.to_string(), key.to_ascii_lowercase()))
}
