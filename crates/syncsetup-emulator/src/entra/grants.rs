//! The grants `/token` serves: client credentials, resource owner password, authorization code
//! with PKCE and refresh token, and the tokens they issue (which permissions are granted, the
//! claims, the pairwise `sub`).

#![allow(clippy::result_large_err)]

use super::*;

/// The client credentials grant: an app-only token for `<resource>/.default`, whose `roles` are
/// the app roles granted to the client's service principal on the resource.
pub(super) fn client_credentials(
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
pub(super) fn password_grant(
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
pub(super) fn check_origin(
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

pub(super) fn check_tenant(
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

pub(super) fn redeem_code(
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
    let code = state
        .redeem_code(code_value)
        .ok_or_else(|| malformed_grant(state))?;
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

pub(super) fn redeem_refresh_token(
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
    let grant = state
        .refresh_grant(value)
        .ok_or_else(|| malformed_grant(state))?;
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
                crate::clock::iso_timestamp(grant.signed_in_at)
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
pub(super) fn granted_names(
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
pub(super) fn issue_tokens(
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
pub(super) fn pairwise_sub(app_id: &str, oid: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, format!("{app_id}|{oid}").as_bytes());
    URL_SAFE_NO_PAD.encode(&digest.as_ref()[..32])
}

/// An unknown, expired or already redeemed code or refresh token: Entra answers AADSTS9002313
/// ("Invalid request. Request is malformed or invalid.") for both.
fn malformed_grant(state: &AppState) -> EntraError {
    state.entra_error(
        "invalid_grant",
        9002313,
        "Invalid request. Request is malformed or invalid.",
    )
}
