//! Entra ID v2 on the login host: OpenID discovery, JWKS, `/authorize` with a small sign-in page,
//! `/token` (authorization code with PKCE, refresh token) and `/logout`. The behaviour follows
//! Microsoft's documentation (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`,
//! `reference-error-codes.md`): errors that cannot safely go back to the app (unknown tenant or
//! client, redirect URI mismatch) are HTML pages (RFC 6749 §4.1.2.1), later authorize errors are
//! redirects carrying `error`/`error_description`/`state`, token errors are Entra's JSON. CORS on
//! `/token` follows the redirect URI's platform: only `spa` codes and refresh tokens may be
//! redeemed cross-origin, and they may *only* be redeemed cross-origin.

// `EntraError` carries its trace ids and timestamp (~140 bytes). Errors are the cold path of a
// test server, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};
use tower_http::cors::{Any, CorsLayer};

use crate::directory::{Application, ClientSecretError, Directory};
use crate::error::{html_escape, EmulatorError, EntraError, PAGE_CSS};
use crate::resources::{parse_scopes, ParsedScopes, ResourceApp, ResourceScopes, ScopeError};
use crate::scenario::{AppRegistration, SignInAudience, Tenant, User};
use crate::state::{
    AppState, AuthCode, RedirectKind, RefreshGrant, ACCESS_TOKEN_LIFETIME_SECS, CODE_LIFETIME_SECS,
    SPA_REFRESH_LIFETIME_SECS,
};

/// Routes of the login host.
pub fn router(state: AppState) -> Router {
    // Metadata is public and read by browser libraries (MSAL.js) cross-origin.
    let public_cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET]);
    let metadata = Router::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(keys))
        .layer(public_cors);
    Router::new()
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(authorize_get).post(authorize_post),
        )
        .route(
            "/{tenant}/oauth2/v2.0/token",
            get(token_wrong_method).post(token).options(token_preflight),
        )
        .route("/{tenant}/oauth2/v2.0/logout", get(logout))
        .merge(metadata)
        .fallback(|| async {
            EmulatorError::NotFound("No such Entra endpoint in this emulator.".into())
        })
        .with_state(state)
}

// ---------------------------------------------------------------------------------------------
// Tenants

/// A `{tenant}` path segment, resolved.
#[derive(Clone, Copy, Debug)]
enum TenantRef<'a> {
    /// A GUID or verified domain of the emulated tenant.
    Specific(&'a Tenant),
    /// `organizations` (or `common`, which the demo app, being multi-tenant, may also use): the
    /// tenant is only known once a user signs in.
    AnyOrganization,
}

fn resolve_tenant<'a>(state: &'a AppState, segment: &str) -> Result<TenantRef<'a>, EntraError> {
    if segment.eq_ignore_ascii_case("organizations") || segment.eq_ignore_ascii_case("common") {
        return Ok(TenantRef::AnyOrganization);
    }
    state.scenario.tenant_by_segment(segment).map(TenantRef::Specific).ok_or_else(|| {
        state.entra_error(
            "invalid_tenant",
            90002,
            format!(
                "Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing \
                 into the correct cloud. Check with your subscription administrator, this may happen if there \
                 are no active subscriptions for the tenant."
            ),
        )
    })
}

/// Issuer of tokens for tenant `tid` (`{login}/{tid}/v2.0`).
pub fn issuer(state: &AppState, tid: &str) -> String {
    format!("{}/{tid}/v2.0", state.hosts.login)
}

// ---------------------------------------------------------------------------------------------
// Discovery

async fn openid_configuration(
    State(state): State<AppState>,
    Path(segment): Path<String>,
) -> Response {
    let tenant = match resolve_tenant(&state, &segment) {
        Ok(t) => t,
        Err(e) => return EmulatorError::Entra(e).into_response(),
    };
    // As in Entra, a domain resolves to the tenant GUID in every endpoint, while the
    // multi-tenant segments keep their name and get the `{tenantid}` issuer template.
    let (path_tenant, issuer) = match tenant {
        TenantRef::Specific(t) => (t.id.clone(), issuer(&state, &t.id)),
        TenantRef::AnyOrganization => (segment.to_ascii_lowercase(), issuer(&state, "{tenantid}")),
    };
    let login = &state.hosts.login;
    let base = format!("{login}/{path_tenant}");
    let graph_host = url::Url::parse(&state.hosts.graph)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_default();
    Json(json!({
        "token_endpoint": format!("{base}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{}/oidc/userinfo", state.hosts.graph),
        "authorization_endpoint": format!("{base}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{base}/oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{base}/oauth2/v2.0/logout"),
        "claims_supported": [
            "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
            "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username",
            "name", "tid", "ver", "at_hash", "c_hash", "email"
        ],
        "kerberos_endpoint": format!("{base}/kerberos"),
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": graph_host,
        "rbac_url": "https://pas.windows.net"
    }))
    .into_response()
}

async fn keys(State(state): State<AppState>, Path(segment): Path<String>) -> Response {
    match resolve_tenant(&state, &segment) {
        Ok(TenantRef::Specific(t)) => {
            Json(state.signer.jwks(&issuer(&state, &t.id))).into_response()
        }
        Ok(TenantRef::AnyOrganization) => {
            Json(state.signer.jwks(&issuer(&state, "{tenantid}"))).into_response()
        }
        Err(e) => EmulatorError::Entra(e).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// Authorize

/// Query or form parameters, in order; the first value of a name wins.
#[derive(Clone, Debug, Default)]
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: &[u8]) -> Self {
        Params(
            url::form_urlencoded::parse(raw)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Where and how authorize results go back to the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ResponseMode {
    Query,
    Fragment,
    FormPost,
}

/// A validated authorize request.
struct AuthorizeRequest<'a> {
    tenant_segment: String,
    tenant: TenantRef<'a>,
    app: &'a AppRegistration,
    redirect_uri: String,
    redirect_kind: RedirectKind,
    response_mode: ResponseMode,
    state_param: Option<String>,
    nonce: Option<String>,
    scope: String,
    parsed_scopes: ParsedScopes,
    code_challenge: String,
    prompt: Option<String>,
    login_hint: Option<String>,
    params: Params,
}

/// How an authorize request failed.
enum AuthorizeFailure {
    /// Shown as Entra's error page: the app or its redirect URI cannot be trusted.
    Page(EntraError),
    /// Sent back to the (validated) redirect URI.
    Redirect {
        redirect_uri: String,
        mode: ResponseMode,
        state_param: Option<String>,
        error: EntraError,
    },
}

impl IntoResponse for AuthorizeFailure {
    fn into_response(self) -> Response {
        match self {
            AuthorizeFailure::Page(e) => EmulatorError::EntraPage(e).into_response(),
            AuthorizeFailure::Redirect {
                redirect_uri,
                mode,
                state_param,
                error,
            } => {
                let mut pairs = vec![
                    ("error".to_string(), error.error.to_string()),
                    ("error_description".to_string(), error.description()),
                ];
                if let Some(s) = state_param {
                    pairs.push(("state".into(), s));
                }
                respond_to_app(&redirect_uri, mode, &pairs)
            }
        }
    }
}

/// Sends authorize results to the app: a 302 with the parameters in the query or fragment, or an
/// auto-submitting form for `form_post`.
fn respond_to_app(redirect_uri: &str, mode: ResponseMode, pairs: &[(String, String)]) -> Response {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let location = match mode {
        ResponseMode::Query => match url::Url::parse(redirect_uri) {
            Ok(mut url) => {
                url.query_pairs_mut().extend_pairs(pairs);
                url.to_string()
            }
            Err(_) => format!("{redirect_uri}?{encoded}"),
        },
        ResponseMode::Fragment => format!(
            "{}#{encoded}",
            redirect_uri.split('#').next().unwrap_or(redirect_uri)
        ),
        ResponseMode::FormPost => {
            let inputs: String = pairs
                .iter()
                .map(|(k, v)| {
                    format!(
                        r#"<input type="hidden" name="{}" value="{}">"#,
                        html_escape(k),
                        html_escape(v)
                    )
                })
                .collect();
            return Html(format!(
                r#"<!doctype html><html><head><title>Working...</title></head>
<body onload="document.forms[0].submit()"><form method="POST" action="{}">{inputs}
<noscript><button type="submit">Continue</button></noscript></form></body></html>"#,
                html_escape(redirect_uri)
            ))
            .into_response();
        }
    };
    let mut res = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    res
}

/// Which platform `uri` is registered under, if any. Exact string match first; then Entra's
/// loopback exception (RFC 8252 §7.3): for `localhost`/`127.0.0.1` the port is ignored, trying
/// public-client URIs before `spa` and `web` ones.
fn match_redirect_uri(app: &AppRegistration, uri: &str) -> Option<RedirectKind> {
    let kinds = [
        (RedirectKind::PublicClient, &app.public_client_redirect_uris),
        (RedirectKind::Spa, &app.spa_redirect_uris),
        (RedirectKind::Web, &app.web_redirect_uris),
    ];
    if let Some((kind, _)) = kinds.iter().find(|(_, uris)| uris.iter().any(|r| r == uri)) {
        return Some(*kind);
    }
    let requested = url::Url::parse(uri).ok()?;
    let is_loopback = |u: &url::Url| matches!(u.host_str(), Some("localhost" | "127.0.0.1"));
    if !is_loopback(&requested) {
        return None;
    }
    kinds.iter().find_map(|(kind, uris)| {
        uris.iter()
            .filter_map(|r| url::Url::parse(r).ok())
            .any(|r| {
                is_loopback(&r)
                    && r.scheme() == requested.scheme()
                    && r.host_str() == requested.host_str()
                    && r.path() == requested.path()
                    && r.query() == requested.query()
            })
            .then_some(*kind)
    })
}

fn validate_authorize<'a>(
    state: &'a AppState,
    tenant_segment: &str,
    params: Params,
) -> Result<AuthorizeRequest<'a>, AuthorizeFailure> {
    let page = |code, error, message: String| {
        AuthorizeFailure::Page(state.entra_error(error, code, message))
    };
    let tenant = resolve_tenant(state, tenant_segment).map_err(AuthorizeFailure::Page)?;
    let tenant_name = match tenant {
        TenantRef::Specific(t) => t.display_name.clone(),
        TenantRef::AnyOrganization => tenant_segment.to_string(),
    };
    let client_id = params.get("client_id").ok_or_else(|| {
        page(
            900144,
            "invalid_request",
            "The request body must contain the following parameter: 'client_id'.".into(),
        )
    })?;
    let app = state.scenario.app(client_id).ok_or_else(|| {
        page(
            700016,
            "unauthorized_client",
            format!(
                "Application with identifier '{client_id}' was not found in the directory '{tenant_name}'. This \
                 can happen if the application has not been installed by the administrator of the tenant or \
                 consented to by any user in the tenant. You may have sent your authentication request to the \
                 wrong tenant."
            ),
        )
    })?;
    if matches!(tenant, TenantRef::AnyOrganization) && app.audience == SignInAudience::MyOrg {
        return Err(page(
            50194,
            "invalid_request",
            format!(
                "Application '{}'({}) is not configured as a multi-tenant application. Usage of the /common \
                 endpoint is not supported for such applications. Use a tenant-specific endpoint or configure \
                 the application to be multi-tenant.",
                app.client_id, app.display_name
            ),
        ));
    }
    let redirect_uri = params.get("redirect_uri").ok_or_else(|| {
        page(
            900144,
            "invalid_request",
            "The request body must contain the following parameter: 'redirect_uri'.".into(),
        )
    })?;
    let redirect_kind = match_redirect_uri(app, redirect_uri).ok_or_else(|| {
        page(
            50011,
            "invalid_request",
            format!(
                "The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs \
                 configured for the application '{}'. Make sure the redirect URI sent in the request matches \
                 one added to your application in the Azure portal. Navigate to \
                 https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
                app.client_id
            ),
        )
    })?;

    // From here on the redirect URI is trusted, so errors go back to the app.
    let state_param = params.get("state").map(str::to_string);
    let mode_param = params.get("response_mode");
    let response_mode = match mode_param {
        None | Some("query") => ResponseMode::Query,
        Some("fragment") => ResponseMode::Fragment,
        Some("form_post") => ResponseMode::FormPost,
        Some(_) => ResponseMode::Query,
    };
    let redirect = |error: EntraError| AuthorizeFailure::Redirect {
        redirect_uri: redirect_uri.to_string(),
        mode: response_mode,
        state_param: state_param.clone(),
        error,
    };
    if let Some(other) = mode_param.filter(|m| !matches!(*m, "query" | "fragment" | "form_post")) {
        return Err(redirect(state.entra_error(
            "invalid_request",
            70007,
            format!("The response_mode '{other}' is not supported. Use 'query', 'fragment' or 'form_post'."),
        )));
    }
    match params.get("response_type") {
        Some("code") => {}
        None => {
            return Err(redirect(state.entra_error(
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'response_type'.",
            )))
        }
        Some(other)
            if other
                .split_whitespace()
                .any(|t| t == "id_token" || t == "token") =>
        {
            // The demo app has the implicit grant disabled, as the contract recommends.
            let which = if other.contains("id_token") {
                "id_token"
            } else {
                "token"
            };
            return Err(redirect(state.entra_error(
                "unsupported_response_type",
                700054,
                format!("response_type '{which}' is not enabled for the application."),
            )));
        }
        Some(other) => {
            return Err(redirect(state.entra_error(
                "unsupported_response_type",
                70005,
                format!("The response_type '{other}' is not supported. Use 'code'."),
            )))
        }
    }
    let scope = params.get("scope").ok_or_else(|| {
        redirect(state.entra_error(
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        ))
    })?;
    let parsed_scopes =
        parse_scopes(scope, &state.hosts).map_err(|e| redirect(scope_error(state, &e)))?;
    require_resource_principals(state, &parsed_scopes).map_err(redirect)?;
    // PKCE: Entra requires it for `spa` redirect URIs. The emulator requires S256 for every
    // platform, which is stricter than Entra (it also accepts `plain`), because the SPA must
    // never fall back to `plain` and the emulator is where that would be caught.
    let code_challenge = params.get("code_challenge").ok_or_else(|| {
        redirect(state.entra_error(
            "invalid_request",
            9002325,
            "Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
        ))
    })?;
    if params.get("code_challenge_method") != Some("S256") {
        return Err(redirect(state.entra_error(
            "invalid_request",
            9002325,
            format!(
                "Proof Key for Code Exchange with code_challenge_method 'S256' is required; got '{}'. (This \
                 emulator refuses 'plain' and a missing method, which Entra would read as 'plain'.)",
                params.get("code_challenge_method").unwrap_or("")
            ),
        )));
    }
    // A S256 challenge is a base64url SHA-256: 43 characters.
    if code_challenge.len() != 43 || URL_SAFE_NO_PAD.decode(code_challenge).is_err() {
        return Err(redirect(state.entra_error(
            "invalid_request",
            501491,
            "Invalid size of Code_Challenge parameter.",
        )));
    }
    Ok(AuthorizeRequest {
        tenant_segment: tenant_segment.to_string(),
        tenant,
        app,
        redirect_uri: redirect_uri.to_string(),
        redirect_kind,
        response_mode,
        state_param,
        nonce: params.get("nonce").map(str::to_string),
        scope: scope.to_string(),
        parsed_scopes,
        code_challenge: code_challenge.to_string(),
        prompt: params.get("prompt").map(str::to_string),
        login_hint: params.get("login_hint").map(str::to_string),
        params,
    })
}

fn scope_error(state: &AppState, e: &ScopeError) -> EntraError {
    match e {
        ScopeError::UnknownResource(id) => state.entra_error(
            "invalid_resource",
            500011,
            format!(
                "The resource principal named {id} was not found in the tenant named {}. This can happen if the \
                 application has not been installed by the administrator of the tenant or consented to by any \
                 user in the tenant. You might have sent your authentication request to the wrong tenant.",
                state.scenario.tenant.display_name
            ),
        ),
        ScopeError::UnknownScope(s) => state.entra_error(
            "invalid_scope",
            70011,
            format!("The provided value for the input parameter 'scope' is not valid. The scope '{s}' does not exist."),
        ),
        ScopeError::MixedDefault(s) => state.entra_error(
            "invalid_scope",
            70011,
            format!(
                "The provided value for the input parameter 'scope' is not valid. The scope '{s}' is not valid: \
                 '.default' cannot be combined with other scopes of the same resource."
            ),
        ),
    }
}

async fn authorize_get(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::parse(query.unwrap_or_default().as_bytes());
    let req = match validate_authorize(&state, &tenant, params) {
        Ok(req) => req,
        Err(failure) => return failure.into_response(),
    };
    if req.prompt.as_deref() == Some("none") {
        // The emulator keeps no sign-in session, so silent sign-in always needs interaction.
        return AuthorizeFailure::Redirect {
            redirect_uri: req.redirect_uri.clone(),
            mode: req.response_mode,
            state_param: req.state_param.clone(),
            error: state.entra_error(
                "login_required",
                50058,
                "A silent sign-in request was sent but no user is signed in.",
            ),
        }
        .into_response();
    }
    Html(sign_in_page(&state, &req, None)).into_response()
}

async fn authorize_post(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    body: Bytes,
) -> Response {
    let params = Params::parse(&body);
    let cancel = params.get("cancel").is_some();
    let chosen = params.get("login_hint").map(str::to_string);
    let req = match validate_authorize(&state, &tenant, params) {
        Ok(req) => req,
        Err(failure) => return failure.into_response(),
    };
    let back =
        |pairs: Vec<(String, String)>| respond_to_app(&req.redirect_uri, req.response_mode, &pairs);
    let with_state = |mut pairs: Vec<(String, String)>| {
        if let Some(s) = &req.state_param {
            pairs.push(("state".into(), s.clone()));
        }
        pairs
    };
    if cancel {
        let e = state.entra_error(
            "access_denied",
            65004,
            "User declined to consent to access the app.",
        );
        return back(with_state(vec![
            ("error".into(), e.error.into()),
            ("error_description".into(), e.description()),
        ]));
    }
    let Some(user) = chosen
        .as_deref()
        .and_then(|upn| state.scenario.user_by_upn(upn))
    else {
        let e = state.entra_error(
            "invalid_request",
            50034,
            format!(
                "The user account {} does not exist in the '{}' directory. To sign into this application, the \
                 account must be added to the directory.",
                chosen.as_deref().unwrap_or("(none)"),
                state.scenario.tenant.display_name
            ),
        );
        return (StatusCode::OK, Html(sign_in_page(&state, &req, Some(&e)))).into_response();
    };
    let tenant_id = match req.tenant {
        TenantRef::Specific(t) => t.id.clone(),
        TenantRef::AnyOrganization => state.scenario.tenant.id.clone(),
    };
    let code = state.issue_code(AuthCode {
        client_id: req.app.client_id.clone(),
        redirect_uri: req.redirect_uri.clone(),
        redirect_kind: req.redirect_kind,
        code_challenge: req.code_challenge.clone(),
        user_oid: user.oid.clone(),
        tenant_id,
        scopes: req.scope.split_whitespace().map(str::to_string).collect(),
        nonce: req.nonce.clone(),
        issued_at: state.now(),
        redeemed: false,
    });
    let mut pairs = vec![("code".to_string(), code)];
    if let Some(s) = &req.state_param {
        pairs.push(("state".into(), s.clone()));
    }
    pairs.push(("session_state".into(), state.random_uuid()));
    back(pairs)
}

/// Accounts listed on the sign-in page; larger tenants list these plus the hinted account.
const SIGN_IN_PAGE_USERS: usize = 25;

/// The emulated "Pick an account" page: one submit button per user, plus Cancel. The authorize
/// request rides along as hidden fields and is validated again on POST.
fn sign_in_page(
    state: &AppState,
    req: &AuthorizeRequest<'_>,
    error: Option<&EntraError>,
) -> String {
    let hidden: String = req
        .params
        .0
        .iter()
        .filter(|(k, _)| k != "login_hint" && k != "cancel")
        .map(|(k, v)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                html_escape(k),
                html_escape(v)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let hint = req.login_hint.as_deref().unwrap_or("");
    // A large tenant lists its first accounts (and the hinted one); the others sign in through
    // `login_hint`, as a real tenant's users would type their name.
    let shown = state
        .scenario
        .users
        .iter()
        .enumerate()
        .filter(|(i, u)| *i < SIGN_IN_PAGE_USERS || u.upn.eq_ignore_ascii_case(hint))
        .map(|(_, u)| u);
    let hidden_count = state
        .scenario
        .users
        .len()
        .saturating_sub(SIGN_IN_PAGE_USERS);
    let users: String = shown
        .map(|u: &User| {
            let local = u.upn.split('@').next().unwrap_or(&u.upn);
            let selected = u.upn.eq_ignore_ascii_case(hint);
            let role = if u.roles.is_empty() {
                "No directory role".to_string()
            } else {
                u.roles.join(", ")
            };
            format!(
                r#"<button type="submit" name="login_hint" value="{upn}" id="user-{local}"{class}>{name} <span class="upn">{upn}</span> <span class="role">{role}</span></button>"#,
                upn = html_escape(&u.upn),
                local = html_escape(local),
                class = if selected { r#" class="hint" autofocus"# } else { "" },
                name = html_escape(&u.display_name),
                role = html_escape(&role),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let users = if hidden_count > 0 {
        format!(
            "{users}\n<p class=\"upn\" id=\"more-users\">and {hidden_count} more accounts (pass one as <code>login_hint</code>)</p>"
        )
    } else {
        users
    };
    let permissions: String = req
        .parsed_scopes
        .resources
        .iter()
        .map(|r: &ResourceScopes| {
            format!(
                "<li>{}: {}</li>",
                html_escape(r.app.display_name()),
                html_escape(&r.names.join(", "))
            )
        })
        .collect();
    let error_html = error
        .map(|e| {
            format!(
                r#"<p id="error" class="error">AADSTS{}: {}</p>"#,
                e.code,
                html_escape(&e.message)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title>
<link rel="icon" href="data:,"><style>{css}</style></head>
<body><main class="card">
<p class="brand">Microsoft (emulated) · {tenant}</p>
<h1>Pick an account</h1>
<p>to continue to <strong id="app-name">{app}</strong></p>
{error_html}
<form method="post" action="/{segment}/oauth2/v2.0/authorize">
{hidden}
{users}
<button type="submit" name="cancel" value="1" id="cancel">Cancel</button>
</form>
<details><summary>Permissions requested</summary><ul>{permissions}</ul></details>
</main></body></html>"#,
        css = PAGE_CSS,
        tenant = html_escape(&state.scenario.tenant.display_name),
        app = html_escape(&req.app.display_name),
        segment = html_escape(&req.tenant_segment),
    )
}

// ---------------------------------------------------------------------------------------------
// Token

async fn token_wrong_method() -> Response {
    // Entra answers a GET on /token with AADSTS900561; a JSON body is the useful part here.
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({
            "error": "invalid_request",
            "error_description": "AADSTS900561: The endpoint only accepts POST, OPTIONS requests. Received a GET request.",
            "error_codes": [900561],
        })),
    )
        .into_response()
}

/// CORS preflight of the token endpoint. MSAL.js never causes one: msal-browser forces
/// `preventCorsPreflight` and msal-common's `BaseClient.createTokenRequestHeaders` sends only the
/// CORS-safelisted `Content-Type: application/x-www-form-urlencoded`
/// (AzureAD/microsoft-authentication-library-for-js `lib/msal-common/src/client/BaseClient.ts`).
/// Microsoft documents no preflight answer for `/token`; **strict choice**: the origin and `POST`
/// are allowed but no request header is, so a browser refuses any request that needs a preflight
/// (a non-form content type, or any extra header).
async fn token_preflight(headers: HeaderMap) -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    if let Some(origin) = headers.get(header::ORIGIN) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    res
}

async fn token(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| !o.is_empty() && *o != "null");
    let params = Params::parse(&body);
    let basic = basic_credentials(&headers);
    let mut res = match token_response(&state, &tenant, origin, &params, basic) {
        Ok(body) => Json(body).into_response(),
        Err(e) => EmulatorError::Entra(e).into_response(),
    };
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    // Echo the origin on every answer, errors included: a browser must be able to read why a
    // cross-origin redemption was refused (AADSTS9002326), not just see a CORS failure.
    if let Some(origin) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    res
}

fn missing(state: &AppState, name: &str) -> EntraError {
    state.entra_error(
        "invalid_request",
        900144,
        format!("The request body must contain the following parameter: '{name}'."),
    )
}

fn token_response(
    state: &AppState,
    tenant: &str,
    origin: Option<&str>,
    params: &Params,
    basic: Option<(String, String)>,
) -> Result<Value, EntraError> {
    let tenant = resolve_tenant(state, tenant)?;
    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| missing(state, "grant_type"))?;
    let (basic_id, basic_secret) = basic.unzip();
    let client_id = params
        .get("client_id")
        .map(str::to_string)
        .or(basic_id)
        .ok_or_else(|| missing(state, "client_id"))?;
    let secret = params
        .get("client_secret")
        .map(str::to_string)
        .or(basic_secret);
    let client = resolve_client(state, &client_id, secret.as_deref(), params, origin)?;
    let app = &client.registration;
    match grant_type {
        "authorization_code" => {
            redeem_code(state, tenant, app, client.authenticated, origin, params)
        }
        "refresh_token" => {
            redeem_refresh_token(state, tenant, app, client.authenticated, origin, params)
        }
        "client_credentials" => client_credentials(state, tenant, &client, params),
        "password" => password_grant(state, tenant, &client, params),
        other => Err(state.entra_error(
            "unsupported_grant_type",
            70003,
            format!("The app requested an unsupported grant type '{other}'."),
        )),
    }
}

/// `client_id`/`client_secret` from an `Authorization: Basic` header (RFC 6749 §2.3.1: both
/// form-urlencoded, then joined by a colon and base64-encoded).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

/// The client of a token request.
struct Client {
    /// Its registration as the flows see it.
    registration: AppRegistration,
    /// Whether it proved a client secret.
    authenticated: bool,
    /// Whether it is an app registered in the directory (created through Graph) rather than
    /// one of the scenario's fixed sign-in apps.
    in_directory: bool,
    /// `isFallbackPublicClient` of a directory app.
    fallback_public: bool,
}

/// Finds the client and checks its credential. The scenario's sign-in apps are public clients;
/// apps registered through Graph are confidential clients that authenticate with a secret from
/// `addPassword` (they may also run public flows when `isFallbackPublicClient` is set).
fn resolve_client(
    state: &AppState,
    client_id: &str,
    secret: Option<&str>,
    params: &Params,
    origin: Option<&str>,
) -> Result<Client, EntraError> {
    let not_found = || {
        state.entra_error(
            "unauthorized_client",
            700016,
            format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'. This can happen \
                 if the application has not been installed by the administrator of the tenant or consented to by \
                 any user in the tenant. You may have sent your authentication request to the wrong tenant.",
                state.scenario.tenant.display_name
            ),
        )
    };
    if let Some(app) = state.scenario.app(client_id) {
        if secret.is_some() || params.get("client_assertion").is_some() {
            return Err(state.entra_error(
                "invalid_client",
                700025,
                "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
            ));
        }
        return Ok(Client {
            registration: app.clone(),
            authenticated: false,
            in_directory: false,
            fallback_public: true,
        });
    }
    let now = state.now();
    let dir = state.directory();
    let app = dir
        .application_by_app_id(client_id, now)
        .ok_or_else(not_found)?;
    let registration = registration_of(&dir, app);
    let fallback_public = app.is_fallback_public_client;
    let Some(secret) = secret else {
        return Ok(Client {
            registration,
            authenticated: false,
            in_directory: true,
            fallback_public,
        });
    };
    // A browser must never hold a client secret: Entra refuses credentials sent cross-origin
    // (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`, "Redirect URIs for
    // single-page apps (SPAs)": no client credentials "in the presence of an `Origin` header").
    if let Some(origin) = origin {
        return Err(cross_origin_refused(state, origin));
    }
    match dir.check_client_secret(client_id, secret, now) {
        Ok(_) => Ok(Client {
            registration,
            authenticated: true,
            in_directory: true,
            fallback_public,
        }),
        Err(ClientSecretError::UnknownApplication) => Err(not_found()),
        Err(ClientSecretError::NoServicePrincipal) => Err(state.entra_error(
            "invalid_client",
            7000229,
            format!(
                "The client application {client_id} is missing service principal in the tenant {}. See \
                 instructions here: https://go.microsoft.com/fwlink/?linkid=2225119",
                state.scenario.tenant.id
            ),
        )),
        Err(ClientSecretError::WrongSecret) => Err(state.entra_error(
            "invalid_client",
            7000215,
            format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret \
                 value, not the client secret ID, for a secret added to app '{client_id}'."
            ),
        )),
        Err(ClientSecretError::Expired) => Err(state.entra_error(
            "invalid_client",
            7000222,
            format!(
                "The provided client secret keys for app '{client_id}' are expired. Visit the Azure portal to create \
                 new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for \
                 added security: https://aka.ms/certCreds."
            ),
        )),
    }
}

fn cross_origin_refused(state: &AppState, origin: &str) -> EntraError {
    state.entra_error(
        "invalid_request",
        9002326,
        format!(
            "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. \
             Request origin: '{origin}'."
        ),
    )
}

/// A directory application as the token flows see a registration: its redirect URIs by platform
/// and its delegated permissions by name (resolved through the resources' service principals).
fn registration_of(dir: &Directory, app: &Application) -> AppRegistration {
    let uris = |platform: &str| -> Vec<String> {
        app.other
            .get(platform)
            .and_then(|p| p.get("redirectUris"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let required_resource_access = app
        .required_resource_access
        .iter()
        .filter_map(|r| {
            let sp = dir.service_principal_by_app_id_raw(&r.resource_app_id)?;
            let names: Vec<String> = r
                .resource_access
                .iter()
                .filter(|a| a.kind == "Scope")
                .filter_map(|a| {
                    sp.oauth2_permission_scopes
                        .iter()
                        .find(|p| p.id.eq_ignore_ascii_case(&a.id))
                        .map(|p| p.value.clone())
                })
                .collect();
            Some((r.resource_app_id.clone(), names))
        })
        .collect();
    AppRegistration {
        client_id: app.app_id.clone(),
        display_name: app.display_name.clone(),
        audience: if app.sign_in_audience == "AzureADMyOrg" {
            SignInAudience::MyOrg
        } else {
            SignInAudience::MultipleOrgs
        },
        spa_redirect_uris: uris("spa"),
        web_redirect_uris: uris("web"),
        public_client_redirect_uris: uris("publicClient"),
        required_resource_access,
    }
}

/// AADSTS500011 unless every resource named in `parsed` has a service principal in the tenant
/// (a tenant without Dynamics has no Dynamics CRM service principal).
fn require_resource_principals(state: &AppState, parsed: &ParsedScopes) -> Result<(), EntraError> {
    let now = state.now();
    let dir = state.directory();
    for group in &parsed.resources {
        if dir
            .service_principal_by_app_id(group.app.app_id(), now)
            .is_none()
        {
            return Err(scope_error(
                state,
                &ScopeError::UnknownResource(group.identifier.clone()),
            ));
        }
    }
    Ok(())
}

fn client_secret_required(state: &AppState) -> EntraError {
    state.entra_error(
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    )
}

/// AADSTS53003 "BlockedByConditionalAccess - Access has been blocked by Conditional Access
/// policies" (entra-docs `reference-error-codes.md`).
fn blocked_by_conditional_access(state: &AppState, policy: &str) -> EntraError {
    let _ = policy;
    state.entra_error(
        "access_denied",
        53003,
        "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    )
}

/// AADSTS7000112 for a client whose service principal is disabled (`accountEnabled` false).
fn application_disabled(state: &AppState, app: &AppRegistration) -> EntraError {
    state.entra_error(
        "unauthorized_client",
        7000112,
        format!(
            "Application '{}'({}) is disabled.",
            app.client_id, app.display_name
        ),
    )
}

/// The client credentials grant: an app-only token for `<resource>/.default`, whose `roles` are
/// the app roles granted to the client's service principal on the resource.
fn client_credentials(
    state: &AppState,
    tenant: TenantRef<'_>,
    client: &Client,
    params: &Params,
) -> Result<Value, EntraError> {
    let TenantRef::Specific(tenant) = tenant else {
        return Err(state.entra_error(
            "invalid_request",
            9001023,
            "The grant type isn't supported over the /common or /organizations endpoints. Please use a \
             tenant-specific endpoint.",
        ));
    };
    if !client.authenticated {
        return Err(client_secret_required(state));
    }
    let scope = params.get("scope").ok_or_else(|| missing(state, "scope"))?;
    let parsed = parse_scopes(scope, &state.hosts).map_err(|e| scope_error(state, &e))?;
    let not_default = || {
        state.entra_error(
            "invalid_scope",
            1002012,
            format!(
                "The provided value for scope {scope} is not valid. Client credential flows must have a scope value \
                 with /.default suffixed to the resource identifier (application ID URI)."
            ),
        )
    };
    let group = match parsed.resources.as_slice() {
        [one] if one.is_default() => one,
        [] | [_] => return Err(not_default()),
        _ => {
            return Err(state.entra_error(
                "invalid_scope",
                700022,
                format!(
                    "The provided value for the input parameter scope is not valid because it contains more than one \
                     resource. Scope {scope} is not valid."
                ),
            ))
        }
    };
    require_resource_principals(state, &parsed)?;
    let now = state.now();
    let (client_sp, roles) = {
        let dir = state.directory();
        let client_sp = dir
            .service_principal_by_app_id(&client.registration.client_id, now)
            .ok_or_else(|| client_secret_required(state))?;
        if !client_sp.account_enabled() {
            return Err(application_disabled(state, &client.registration));
        }
        // Conditional Access for workload identities: a policy including this service principal
        // (or every one of the tenant's) that blocks. Locations are not modelled: Marketo's
        // servers are never in the tenant's trusted locations.
        let blocking = dir.enforced_policies(
            &[
                "conditions",
                "clientApplications",
                "includeServicePrincipals",
            ],
            &[
                "conditions",
                "clientApplications",
                "excludeServicePrincipals",
            ],
            &["ServicePrincipalsInMyTenant", &client_sp.id],
            None,
        );
        if let Some((name, _)) = blocking
            .iter()
            .find(|(_, c)| c.iter().any(|c| c == "block"))
        {
            return Err(blocked_by_conditional_access(state, name));
        }
        let client_sp = client_sp.id.clone();
        let resource_sp = dir
            .service_principal_by_app_id(group.app.app_id(), now)
            .map(|sp| sp.id.clone())
            .unwrap_or_default();
        let roles = dir.app_roles_granted(&client_sp, &resource_sp);
        (client_sp, roles)
    };
    let app = &client.registration;
    let mut claims = json!({
        "aud": group.identifier,
        "iss": issuer(state, &tenant.id),
        "iat": now,
        "nbf": now,
        "exp": now + state.access_token_lifetime_secs(),
        "app_displayname": app.display_name,
        "appid": app.client_id,
        "appidacr": "1",
        "azp": app.client_id,
        "azpacr": "1",
        "idtyp": "app",
        "oid": client_sp,
        "sub": client_sp,
        "tid": tenant.id,
        "uti": state.random_token(16),
        "ver": "2.0",
    });
    if !roles.is_empty() {
        claims["roles"] = json!(roles);
    }
    Ok(json!({
        "token_type": "Bearer",
        "expires_in": state.access_token_lifetime_secs(),
        "ext_expires_in": state.access_token_lifetime_secs(),
        "access_token": state.signer.sign(&claims),
    }))
}

/// The resource owner password credentials grant (ROPC). The user must exist, have that
/// password and no MFA requirement; a user of a federated domain is refused (AADSTS50126) unless
/// the client's service principal has a home realm discovery policy allowing cloud password
/// validation. ROPC cannot ask for consent, so the delegated permissions must have been granted
/// (`oauth2PermissionGrants`) beforehand.
fn password_grant(
    state: &AppState,
    tenant: TenantRef<'_>,
    client: &Client,
    params: &Params,
) -> Result<Value, EntraError> {
    if client.in_directory && !client.authenticated && !client.fallback_public {
        return Err(client_secret_required(state));
    }
    let username = params
        .get("username")
        .ok_or_else(|| missing(state, "username"))?;
    let password = params
        .get("password")
        .ok_or_else(|| missing(state, "password"))?;
    let scope = params.get("scope").ok_or_else(|| missing(state, "scope"))?;
    let requested = parse_scopes(scope, &state.hosts).map_err(|e| scope_error(state, &e))?;
    require_resource_principals(state, &requested)?;
    let bad_credentials = || {
        state.entra_error(
            "invalid_grant",
            50126,
            "Error validating credentials due to invalid username or password.",
        )
    };
    let user = state.scenario.user_by_upn(username).ok_or_else(|| {
        state.entra_error(
            "invalid_grant",
            50034,
            format!(
                "The user account {{EmailHidden}} does not exist in the '{}' directory. To sign into this \
                 application, the account must be added to the directory.",
                state.scenario.tenant.display_name
            ),
        )
    })?;
    let tenant_id = match tenant {
        TenantRef::Specific(t) => t.id.clone(),
        TenantRef::AnyOrganization => state.scenario.tenant.id.clone(),
    };
    let now = state.now();
    let app = &client.registration;
    let consented_scopes: Vec<String> = {
        let dir = state.directory();
        let client_sp = dir.service_principal_by_app_id(&app.client_id, now);
        let domain = user.upn.rsplit('@').next().unwrap_or_default();
        let federated = state.scenario.tenant.domains.iter().any(|d| {
            d.name.eq_ignore_ascii_case(domain) && d.kind.eq_ignore_ascii_case("Federated")
        });
        if federated {
            // Entra would hand the password to the federation server; with an HRD policy that
            // allows it, it validates the (synchronised) password hash itself.
            let allowed = client_sp
                .and_then(|sp| dir.hrd_policy_of(&sp.id))
                .is_some_and(|p| p.allows_cloud_password_validation());
            if !allowed {
                return Err(bad_credentials());
            }
        }
        if user.password != password {
            return Err(bad_credentials());
        }
        // Security defaults and Conditional Access for users: MFA cannot be done in a password
        // grant; a block policy refuses outright (entra-docs `v2-oauth-ropc.md`,
        // `reference-error-codes.md`).
        let covering = dir.enforced_policies(
            &["conditions", "users", "includeUsers"],
            &["conditions", "users", "excludeUsers"],
            &["All", &user.oid],
            // The resource signed in to (Dynamics CRM), not the client app.
            Some(&[crate::scenario::DYNAMICS_CRM_APP_ID]),
        );
        if let Some((name, _)) = covering
            .iter()
            .find(|(_, c)| c.iter().any(|c| c == "block"))
        {
            return Err(blocked_by_conditional_access(state, name));
        }
        if user.mfa_required || dir.security_defaults || !covering.is_empty() {
            return Err(state
                .entra_error(
                    "invalid_grant",
                    50076,
                    "Due to a configuration change made by your administrator, or because you moved to a new \
                     location, you must use multi-factor authentication to access the resource.",
                )
                .with_suberror("basic_action"));
        }
        let Some(client_sp) = client_sp else {
            return Err(state.entra_error(
                "unauthorized_client",
                700016,
                format!(
                    "Application with identifier '{}' was not found in the directory '{}'.",
                    app.client_id, state.scenario.tenant.display_name
                ),
            ));
        };
        // entra-docs `docs/identity-platform/reference-error-codes.md`: AADSTS7000112
        // "UnauthorizedClientApplicationDisabled - The application is disabled", and AADSTS50105
        // "EntitlementGrantsNotFound - The signed in user isn't assigned to a role for the signed
        // in app. Assign the user to the app." (assignment is direct here: groups are not modelled).
        if !client_sp.account_enabled() {
            return Err(application_disabled(state, app));
        }
        if client_sp.assignment_required() && !dir.is_assigned(&user.oid, &client_sp.id) {
            return Err(state.entra_error(
                "invalid_grant",
                50105,
                format!(
                    "Your administrator has configured the application {} ('{}') to block users unless they are \
                     specifically granted ('assigned') access to the application. The signed in user '{{EmailHidden}}' \
                     is blocked because they are not a direct member of a group with access, nor had access directly \
                     assigned by an administrator. Please contact your administrator to assign access to this application.",
                    app.display_name, app.client_id
                ),
            ));
        }
        // What has been consented: tenant-wide grants and this user's own.
        let mut consented: Vec<String> = requested.oidc.clone();
        for grant in dir.grants().filter(|g| {
            g.client_id == client_sp.id
                && (g.consent_type == "AllPrincipals"
                    || g.principal_id.as_deref() == Some(user.oid.as_str()))
        }) {
            let Some(resource) = dir.service_principal_raw(&grant.resource_id) else {
                continue;
            };
            for name in grant.scope.split_whitespace() {
                consented.push(format!("{}/{name}", resource.app_id));
            }
        }
        consented
    };
    // Grants may name permissions the emulator does not know; keep the ones it can parse.
    let consented_scopes: Vec<String> = consented_scopes
        .into_iter()
        .filter(|s| parse_scopes(s, &state.hosts).is_ok())
        .collect();
    let consented = parse_scopes(&consented_scopes.join(" "), &state.hosts)
        .map_err(|e| scope_error(state, &e))?;
    if requested.resources.len() > 1 {
        return Err(state.entra_error(
            "invalid_scope",
            700022,
            format!(
                "The provided value for the input parameter scope is not valid because it contains more than one \
                 resource. Scope {scope} is not valid."
            ),
        ));
    }
    let grant = RefreshGrant {
        client_id: app.client_id.clone(),
        redirect_kind: if client.authenticated {
            RedirectKind::Web
        } else {
            RedirectKind::PublicClient
        },
        user_oid: user.oid.clone(),
        tenant_id,
        consented_scopes,
        signed_in_at: now,
    };
    issue_tokens(
        state,
        app,
        &grant,
        &consented,
        &requested,
        requested.has("openid"),
        None,
        params.get("client_info") == Some("1"),
    )
}

/// Entra's rule for which platform may redeem cross-origin.
fn check_origin(
    state: &AppState,
    kind: RedirectKind,
    origin: Option<&str>,
    authenticated: bool,
) -> Result<(), EntraError> {
    match (kind, origin) {
        (RedirectKind::Spa, None) => Err(state.entra_error(
            "invalid_request",
            9002327,
            "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin \
             requests.",
        )),
        (RedirectKind::Web | RedirectKind::PublicClient, Some(origin)) => Err(state.entra_error(
            "invalid_request",
            9002326,
            format!(
                "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. \
                 Request origin: '{origin}'."
            ),
        )),
        (RedirectKind::Web, None) if !authenticated => Err(client_secret_required(state)),
        _ => Ok(()),
    }
}

fn check_tenant(
    state: &AppState,
    tenant: TenantRef<'_>,
    tenant_id: &str,
) -> Result<(), EntraError> {
    match tenant {
        TenantRef::Specific(t) if !t.id.eq_ignore_ascii_case(tenant_id) => Err(state.entra_error(
            "invalid_grant",
            700005,
            "Provided Authorization Code is intended to use against other tenant, thus rejected.",
        )),
        _ => Ok(()),
    }
}

fn redeem_code(
    state: &AppState,
    tenant: TenantRef<'_>,
    app: &AppRegistration,
    authenticated: bool,
    origin: Option<&str>,
    params: &Params,
) -> Result<Value, EntraError> {
    let code_value = params.get("code").ok_or_else(|| missing(state, "code"))?;
    let redirect_uri = params
        .get("redirect_uri")
        .ok_or_else(|| missing(state, "redirect_uri"))?;
    // Any redemption attempt that reaches a valid code consumes it, successful or not: a code
    // is single-use and a failed attempt (wrong verifier, wrong origin) must not be retried.
    let code = state.redeem_code(code_value).ok_or_else(|| {
        state.entra_error(
            "invalid_grant",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        )
    })?;
    if code.redeemed {
        return Err(state.entra_error(
            "invalid_grant",
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an \
             existing refresh token.",
        ));
    }
    if !code.client_id.eq_ignore_ascii_case(&app.client_id) {
        return Err(state.entra_error(
            "invalid_grant",
            70000,
            "Provided grant is invalid or malformed. The authorization code was issued to another client.",
        ));
    }
    check_tenant(state, tenant, &code.tenant_id)?;
    if state.now() > code.issued_at + CODE_LIFETIME_SECS {
        return Err(state.entra_error(
            "invalid_grant",
            70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new \
             interactive authorization request for this user and resource.",
        ));
    }
    if redirect_uri != code.redirect_uri {
        return Err(state.entra_error(
            "invalid_grant",
            500112,
            format!(
                "The reply address '{redirect_uri}' does not match the reply address '{}' provided when requesting \
                 Authorization code.",
                code.redirect_uri
            ),
        ));
    }
    check_origin(state, code.redirect_kind, origin, authenticated)?;
    let verifier = params
        .get("code_verifier")
        .ok_or_else(|| missing(state, "code_verifier"))?;
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    if URL_SAFE_NO_PAD.encode(digest.as_ref()) != code.code_challenge {
        return Err(state.entra_error(
            "invalid_grant",
            501481,
            "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        ));
    }

    let consented =
        parse_scopes(&code.scopes.join(" "), &state.hosts).map_err(|e| scope_error(state, &e))?;
    let requested = match params.get("scope") {
        Some(s) => parse_scopes(s, &state.hosts).map_err(|e| scope_error(state, &e))?,
        None => ParsedScopes::default(),
    };
    require_resource_principals(state, &requested)?;
    // Code redemption must name one resource ("The scopes must all be from a single resource",
    // entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`); unlike refresh, Entra
    // does not pick the first one here.
    if requested.resources.len() > 1 {
        return Err(state.entra_error(
            "invalid_scope",
            700022,
            format!(
                "The provided value for the input parameter scope is not valid because it contains more than one \
                 resource. Scope {} is not valid.",
                params.get("scope").unwrap_or_default()
            ),
        ));
    }
    let grant = RefreshGrant {
        client_id: app.client_id.clone(),
        redirect_kind: code.redirect_kind,
        user_oid: code.user_oid.clone(),
        tenant_id: code.tenant_id.clone(),
        consented_scopes: code.scopes.clone(),
        signed_in_at: code.issued_at,
    };
    issue_tokens(
        state,
        app,
        &grant,
        &consented,
        &requested,
        consented.has("openid"),
        code.nonce.as_deref(),
        params.get("client_info") == Some("1"),
    )
}

fn redeem_refresh_token(
    state: &AppState,
    tenant: TenantRef<'_>,
    app: &AppRegistration,
    authenticated: bool,
    origin: Option<&str>,
    params: &Params,
) -> Result<Value, EntraError> {
    let value = params
        .get("refresh_token")
        .ok_or_else(|| missing(state, "refresh_token"))?;
    let grant = state.refresh_grant(value).ok_or_else(|| {
        state.entra_error(
            "invalid_grant",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        )
    })?;
    if !grant.client_id.eq_ignore_ascii_case(&app.client_id) {
        return Err(state.entra_error(
            "invalid_grant",
            70000,
            "Provided grant is invalid or malformed. The refresh token was issued to another client.",
        ));
    }
    check_tenant(state, tenant, &grant.tenant_id)?;
    check_origin(state, grant.redirect_kind, origin, authenticated)?;
    if grant.redirect_kind == RedirectKind::Spa
        && state.now() >= grant.signed_in_at + SPA_REFRESH_LIFETIME_SECS
    {
        return Err(state.entra_error(
            "invalid_grant",
            700084,
            format!(
                "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited \
                 lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request \
                 must be sent by the SPA to the sign in page. The token was issued on {}.",
                crate::state::iso_timestamp(grant.signed_in_at)
            ),
        ));
    }
    let consented = parse_scopes(&grant.consented_scopes.join(" "), &state.hosts)
        .map_err(|e| scope_error(state, &e))?;
    let mut requested = match params.get("scope") {
        Some(s) => parse_scopes(s, &state.hosts).map_err(|e| scope_error(state, &e))?,
        None => ParsedScopes::default(),
    };
    // "If the scopes specified in this request span multiple resource server, then the Microsoft
    // identity platform returns a token for the resource specified in the first scope."
    // (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`, "Refresh the access
    // token")
    requested.resources.truncate(1);
    require_resource_principals(state, &requested)?;
    let wants_id_token = if params.get("scope").is_some() {
        requested.has("openid")
    } else {
        consented.has("openid")
    };
    issue_tokens(
        state,
        app,
        &grant,
        &consented,
        &requested,
        wants_id_token,
        None,
        params.get("client_info") == Some("1"),
    )
}

/// The granted scope names of one resource: what was asked (`.default` expands to the app's
/// configured permissions) if all of it was consented at /authorize, else AADSTS65001.
fn granted_names(
    state: &AppState,
    app: &AppRegistration,
    consented: &ParsedScopes,
    asked: &ResourceScopes,
) -> Result<Vec<String>, EntraError> {
    let configured = |res: ResourceApp| -> Vec<String> {
        app.required_resource_access
            .iter()
            .find(|(id, _)| id == res.app_id())
            .map(|(_, names)| names.clone())
            .unwrap_or_default()
    };
    let expand = |group: &ResourceScopes| -> Vec<String> {
        if group.is_default() {
            configured(group.app)
        } else {
            group
                .names
                .iter()
                .map(|n| {
                    asked
                        .app
                        .canonical_scope(n)
                        .map(str::to_string)
                        .unwrap_or_else(|| n.clone())
                })
                .collect()
        }
    };
    let consented_names: BTreeSet<String> = consented
        .for_app(asked.app)
        .map(|g| {
            expand(g)
                .into_iter()
                .map(|n| n.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let wanted = expand(asked);
    let all_consented = !wanted.is_empty()
        && wanted
            .iter()
            .all(|n| consented_names.contains(&n.to_ascii_lowercase()));
    if !all_consented {
        return Err(state
            .entra_error(
                "invalid_grant",
                65001,
                format!(
                    "The user or administrator has not consented to use the application with ID '{}' named '{}'. \
                     Send an interactive authorization request for this user and resource.",
                    app.client_id, app.display_name
                ),
            )
            .with_suberror("consent_required"));
    }
    Ok(wanted)
}

#[allow(clippy::too_many_arguments)]
fn issue_tokens(
    state: &AppState,
    app: &AppRegistration,
    grant: &RefreshGrant,
    consented: &ParsedScopes,
    requested: &ParsedScopes,
    with_id_token: bool,
    nonce: Option<&str>,
    with_client_info: bool,
) -> Result<Value, EntraError> {
    let user = state.scenario.user_by_oid(&grant.user_oid).ok_or_else(|| {
        state.entra_error(
            "invalid_grant",
            50034,
            "The user account no longer exists in the directory.",
        )
    })?;
    // Which resource: the one asked for, else the first one consented at /authorize, else Graph
    // (Entra issues a Graph token for a request with only OIDC scopes).
    let fallback_graph = ResourceScopes {
        app: ResourceApp::Graph,
        identifier: crate::scenario::GRAPH_APP_ID.into(),
        names: vec!["User.Read".into()],
        raw: vec!["User.Read".into()],
    };
    let asked = requested
        .resources
        .first()
        .or_else(|| consented.resources.first())
        .unwrap_or(&fallback_graph);
    let names = if std::ptr::eq(asked, &fallback_graph) {
        fallback_graph.names.clone()
    } else {
        granted_names(state, app, consented, asked)?
    };

    let now = state.now();
    let iss = issuer(state, &grant.tenant_id);
    let uti = |s: &AppState| s.random_token(16);
    let mut access_claims = json!({
        "aud": asked.identifier,
        "iss": iss,
        "iat": now,
        "nbf": now,
        "exp": now + state.access_token_lifetime_secs(),
        "app_displayname": app.display_name,
        "appid": app.client_id,
        "azp": app.client_id,
        "appidacr": "0",
        "azpacr": "0",
        "idtyp": "user",
        "name": user.display_name,
        "given_name": user.given_name,
        "family_name": user.surname,
        "oid": user.oid,
        "preferred_username": user.upn,
        "upn": user.upn,
        "unique_name": user.upn,
        "scp": names.join(" "),
        "sub": pairwise_sub(asked.app.app_id(), &user.oid),
        "tid": grant.tenant_id,
        "uti": uti(state),
        "ver": "2.0",
    });
    if !user.role_template_ids.is_empty() {
        access_claims["wids"] = json!(user.role_template_ids);
    }
    // The response's `scope` names the resource the way the client did: bare names for Graph
    // when asked bare, `<identifier>/<name>` otherwise; OIDC scopes except offline_access.
    let bare = !asked.raw.iter().any(|r| r.contains('/'));
    let mut scope_out: Vec<String> = names
        .iter()
        .map(|n| {
            if bare {
                n.clone()
            } else {
                format!("{}/{n}", asked.identifier.trim_end_matches('/'))
            }
        })
        .collect();
    let oidc_source = if requested.oidc.is_empty() {
        consented
    } else {
        requested
    };
    scope_out.extend(
        oidc_source
            .oidc
            .iter()
            .filter(|s| *s != "offline_access")
            .cloned(),
    );

    let mut body = json!({
        "token_type": "Bearer",
        "scope": scope_out.join(" "),
        "expires_in": state.access_token_lifetime_secs(),
        "ext_expires_in": state.access_token_lifetime_secs(),
        "access_token": state.signer.sign(&access_claims),
    });
    if consented.has("offline_access") {
        body["refresh_token"] = json!(state.issue_refresh_token(grant.clone()));
        if grant.redirect_kind == RedirectKind::Spa {
            // Entra tells SPAs how long the (non-sliding) refresh token has left.
            body["refresh_token_expires_in"] =
                json!(grant.signed_in_at + SPA_REFRESH_LIFETIME_SECS - now);
        }
    }
    if with_id_token {
        let mut id_claims = json!({
            "aud": app.client_id,
            "iss": iss,
            "iat": now,
            "nbf": now,
            "exp": now + ACCESS_TOKEN_LIFETIME_SECS,
            "name": user.display_name,
            "oid": user.oid,
            "preferred_username": user.upn,
            "sub": pairwise_sub(&app.client_id, &user.oid),
            "tid": grant.tenant_id,
            "uti": uti(state),
            "ver": "2.0",
        });
        if let Some(n) = nonce {
            id_claims["nonce"] = json!(n);
        }
        if consented.has("email") {
            id_claims["email"] = json!(user.mail);
        }
        body["id_token"] = json!(state.signer.sign(&id_claims));
    }
    if with_client_info {
        // MSAL builds the account's home id (`uid.utid`) from this.
        let info = json!({"uid": user.oid, "utid": grant.tenant_id}).to_string();
        body["client_info"] = json!(URL_SAFE_NO_PAD.encode(info));
    }
    Ok(body)
}

/// Entra's `sub` is pairwise: stable per user and per app, different across apps.
fn pairwise_sub(app_id: &str, oid: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, format!("{app_id}|{oid}").as_bytes());
    URL_SAFE_NO_PAD.encode(&digest.as_ref()[..32])
}

// ---------------------------------------------------------------------------------------------
// Logout

async fn logout(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let params = Params::parse(query.unwrap_or_default().as_bytes());
    // Follow post_logout_redirect_uri only to a registered redirect URI's origin, so the
    // emulator is no open redirector.
    if let Some(target) = params.get("post_logout_redirect_uri") {
        let origin_of = |u: &str| {
            url::Url::parse(u)
                .ok()
                .map(|u| u.origin().ascii_serialization())
        };
        let registered = state.scenario.apps.iter().any(|a| {
            a.spa_redirect_uris
                .iter()
                .chain(&a.web_redirect_uris)
                .chain(&a.public_client_redirect_uris)
                .any(|r| origin_of(r).is_some() && origin_of(r) == origin_of(target))
        });
        if registered {
            let mut res = StatusCode::FOUND.into_response();
            if let Ok(v) = HeaderValue::from_str(target) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            return res;
        }
    }
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title>
<style>{PAGE_CSS}</style></head><body><main class="card"><p class="brand">Microsoft (emulated)</p>
<h1 id="signed-out">You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>
</main></body></html>"#
    ))
    .into_response()
}
