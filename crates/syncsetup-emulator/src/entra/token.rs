//! `/token`: the endpoint itself (its method, CORS preflight and body), the response, and which
//! client is asking (public or confidential, its origin and its credentials), before a grant
//! ([`super::grants`]) issues anything (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`,
//! `v2-oauth2-client-creds-grant-flow.md`, `v2-oauth-ropc.md`).

#![allow(clippy::result_large_err)]

use super::*;

pub(super) async fn token_wrong_method() -> Response {
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
pub(super) async fn token_preflight(headers: HeaderMap) -> Response {
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

pub(super) async fn token(
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

pub(super) fn missing(state: &AppState, name: &str) -> EntraError {
    state.entra_error(
        "invalid_request",
        900144,
        format!("The request body must contain the following parameter: '{name}'."),
    )
}

pub(super) fn token_response(
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
pub(super) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
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
pub(super) struct Client {
    /// Its registration as the flows see it.
    pub(super) registration: AppRegistration,
    /// Whether it proved a client secret.
    pub(super) authenticated: bool,
    /// Whether it is an app registered in the directory (created through Graph) rather than
    /// one of the scenario's fixed sign-in apps.
    pub(super) in_directory: bool,
    /// `isFallbackPublicClient` of a directory app.
    pub(super) fallback_public: bool,
}

/// Finds the client and checks its credential. The scenario's sign-in apps are public clients;
/// apps registered through Graph are confidential clients that authenticate with a secret from
/// `addPassword` (they may also run public flows when `isFallbackPublicClient` is set).
pub(super) fn resolve_client(
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

pub(super) fn cross_origin_refused(state: &AppState, origin: &str) -> EntraError {
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
pub(super) fn registration_of(dir: &Directory, app: &Application) -> AppRegistration {
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
pub(super) fn require_resource_principals(
    state: &AppState,
    parsed: &ParsedScopes,
) -> Result<(), EntraError> {
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

pub(super) fn client_secret_required(state: &AppState) -> EntraError {
    state.entra_error(
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    )
}

/// AADSTS53003 "BlockedByConditionalAccess - Access has been blocked by Conditional Access
/// policies" (entra-docs `reference-error-codes.md`).
pub(super) fn blocked_by_conditional_access(state: &AppState, policy: &str) -> EntraError {
    let _ = policy;
    state.entra_error(
        "access_denied",
        53003,
        "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    )
}

/// AADSTS7000112 for a client whose service principal is disabled (`accountEnabled` false).
pub(super) fn application_disabled(state: &AppState, app: &AppRegistration) -> EntraError {
    state.entra_error(
        "unauthorized_client",
        7000112,
        format!(
            "Application '{}'({}) is disabled.",
            app.client_id, app.display_name
        ),
    )
}
