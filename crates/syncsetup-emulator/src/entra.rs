//! Entra ID v2 on the login host: OpenID discovery, JWKS, `/authorize` with a small sign-in page,
//! `/token` (authorization code with PKCE, refresh token) and `/logout`. The behaviour follows
//! Microsoft's documentation (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`,
//! `reference-error-codes.md`): errors that cannot safely go back to the app (unknown tenant or
//! client, redirect URI mismatch) are HTML pages (RFC 6749 §4.1.2.1), later authorize errors are
//! redirects carrying `error`/`error_description`/`state`, token errors are Entra's JSON. CORS on
//! `/token` follows the redirect URI's platform: only `spa` codes and refresh tokens may be
//! redeemed cross-origin, and they may *only* be redeemed cross-origin.
//!
//! This file holds the router, tenant resolution, discovery, JWKS and `/logout`; `authorize`
//! has `/authorize` and the sign-in page, `token` the token endpoint and client resolution,
//! `grants` the four grants and the tokens they issue.

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

mod authorize;
mod grants;
mod token;

use authorize::*;
use grants::*;
use token::*;

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
