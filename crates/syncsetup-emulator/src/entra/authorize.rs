//! `/authorize`: the request's checks in Entra's order (tenant, client, redirect URI, then the
//! errors that may go back to the app), and the small sign-in page that stands for Entra's
//! (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`).

#![allow(clippy::result_large_err)]

use super::*;

/// Where and how authorize results go back to the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ResponseMode {
    Query,
    Fragment,
    FormPost,
}

/// A validated authorize request.
pub(super) struct AuthorizeRequest<'a> {
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
pub(super) enum AuthorizeFailure {
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
pub(super) fn respond_to_app(
    redirect_uri: &str,
    mode: ResponseMode,
    pairs: &[(String, String)],
) -> Response {
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
pub(super) fn match_redirect_uri(app: &AppRegistration, uri: &str) -> Option<RedirectKind> {
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

pub(super) fn validate_authorize<'a>(
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

pub(super) fn scope_error(state: &AppState, e: &ScopeError) -> EntraError {
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

pub(super) async fn authorize_get(
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

pub(super) async fn authorize_post(
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
pub(super) const SIGN_IN_PAGE_USERS: usize = 25;

/// The emulated "Pick an account" page: one submit button per user, plus Cancel. The authorize
/// request rides along as hidden fields and is validated again on POST.
pub(super) fn sign_in_page(
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
