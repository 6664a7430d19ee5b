//! `/authorize`: request validation (pages vs redirects), the sign-in page, and the POST that
//! sends the code (or `access_denied`) back to the app.

use axum::http::StatusCode;

use super::*;

/// A valid authorize query with `overrides` replacing or adding parameters (an empty value
/// removes the parameter).
fn authorize_url(emu: &Emu, overrides: &[(&str, &str)]) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", demo::CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", SPA_REDIRECT),
        (
            "scope",
            "openid profile offline_access http://graph.localhost:8400/User.Read",
        ),
        ("state", "st-123"),
        ("nonce", "n-456"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("response_mode", "fragment"),
    ];
    for (k, v) in overrides {
        params.retain(|(name, _)| name != k);
        if !v.is_empty() {
            params.push((k, v));
        }
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    format!("{}/oauth2/v2.0/authorize?{query}", emu.authority())
}

#[tokio::test]
async fn unknown_client_is_an_error_page_with_700016() {
    let emu = Emu::new();
    let res = emu
        .get(&authorize_url(
            &emu,
            &[("client_id", "11111111-2222-3333-4444-555555555555")],
        ))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.header("location").is_none());
    assert!(res.text().contains("AADSTS700016"), "{}", res.text());
}

#[tokio::test]
async fn redirect_uri_mismatch_is_an_error_page_with_50011_not_a_redirect() {
    let emu = Emu::new();
    let res = emu
        .get(&authorize_url(
            &emu,
            &[("redirect_uri", "http://evil.localhost:8400/")],
        ))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(
        res.header("location").is_none(),
        "must not redirect to an unregistered URI"
    );
    let page = res.text();
    assert!(page.contains("AADSTS50011"), "{page}");
    assert!(
        page.contains("http://evil.localhost:8400/"),
        "the page names the URI used"
    );
    // A trailing-slash difference is a mismatch too: matching is exact.
    let res = emu
        .get(&authorize_url(
            &emu,
            &[("redirect_uri", "http://app.localhost:8400")],
        ))
        .await;
    assert!(res.text().contains("AADSTS50011"));
}

#[tokio::test]
async fn unsupported_response_type_redirects_back_with_state() {
    let emu = Emu::new();
    for response_type in ["token", "id_token", "code id_token"] {
        let res = emu
            .get(&authorize_url(&emu, &[("response_type", response_type)]))
            .await;
        assert_eq!(res.status, StatusCode::FOUND, "{response_type}");
        let location = res.location();
        assert!(location.as_str().starts_with(SPA_REDIRECT));
        let params = redirect_params(&location);
        assert_eq!(params["error"], "unsupported_response_type");
        assert!(params["error_description"].starts_with("AADSTS700054:"));
        assert_eq!(params["state"], "st-123");
    }
}

#[tokio::test]
async fn missing_or_plain_pkce_redirects_back_with_invalid_request() {
    let emu = Emu::new();
    for overrides in [
        vec![("code_challenge", ""), ("code_challenge_method", "")],
        vec![("code_challenge_method", "plain")],
        vec![("code_challenge_method", "")],
    ] {
        let res = emu.get(&authorize_url(&emu, &overrides)).await;
        assert_eq!(
            res.status,
            StatusCode::FOUND,
            "{overrides:?}: {}",
            res.text()
        );
        let params = redirect_params(&res.location());
        assert_eq!(params["error"], "invalid_request", "{overrides:?}");
        assert!(
            params["error_description"].starts_with("AADSTS9002325:"),
            "{params:?}"
        );
        assert_eq!(params["state"], "st-123");
    }
    let res = emu
        .get(&authorize_url(&emu, &[("code_challenge", "short")]))
        .await;
    assert!(redirect_params(&res.location())["error_description"].starts_with("AADSTS501491:"));
}

#[tokio::test]
async fn unknown_resource_and_unknown_scope_are_redirected_errors() {
    let emu = Emu::new();
    let res = emu
        .get(&authorize_url(
            &emu,
            &[("scope", "openid https://api.example.com/read")],
        ))
        .await;
    let params = redirect_params(&res.location());
    assert_eq!(params["error"], "invalid_resource");
    assert!(params["error_description"].starts_with("AADSTS500011:"));
    let res = emu
        .get(&authorize_url(
            &emu,
            &[("scope", "openid https://graph.microsoft.com/User.Reed")],
        ))
        .await;
    assert_eq!(redirect_params(&res.location())["error"], "invalid_scope");
}

#[tokio::test]
async fn sign_in_page_lists_the_users_cancel_and_carries_the_request() {
    let emu = Emu::new();
    let res = emu
        .get(&authorize_url(&emu, &[("login_hint", demo::ADMIN_UPN)]))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.header("content-type").unwrap().starts_with("text/html"));
    let page = res.text();
    assert!(page.contains(r#"<form method="post" action="/3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a/oauth2/v2.0/authorize">"#));
    assert!(
        page.contains(r#"name="login_hint" value="adele@contoso.onmicrosoft.com" id="user-adele""#),
        "{page}"
    );
    assert!(
        page.contains(r#"name="login_hint" value="megan@contoso.onmicrosoft.com" id="user-megan""#)
    );
    assert!(page.contains("Adele Vance"));
    assert!(page.contains("Global Administrator"));
    assert!(page
        .contains(r#"<button type="submit" name="cancel" value="1" id="cancel">Cancel</button>"#));
    assert!(page.contains(r#"<input type="hidden" name="code_challenge" value="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM">"#));
    assert!(page.contains(r#"<input type="hidden" name="state" value="st-123">"#));
    assert!(page.contains("Sync Setup for Marketo (SPA)"));
    // The hint is not a hidden field (the clicked button supplies login_hint).
    assert!(!page.contains(r#"type="hidden" name="login_hint""#));
}

#[tokio::test]
async fn choosing_a_user_redirects_with_code_and_state_in_the_fragment() {
    let emu = Emu::new();
    let location = emu
        .sign_in_as(
            demo::ADMIN_UPN,
            SPA_REDIRECT,
            GRAPH_SCOPE,
            &[("response_mode", "fragment")],
        )
        .await;
    assert!(
        location.as_str().starts_with("http://app.localhost:8400/#"),
        "{location}"
    );
    assert_eq!(location.query(), None);
    let params = redirect_params(&location);
    assert!(!params["code"].is_empty());
    assert_eq!(params["state"], "st-123");
}

#[tokio::test]
async fn query_response_mode_is_the_default() {
    let emu = Emu::new();
    let location = emu
        .sign_in_as(demo::USER_UPN, SPA_REDIRECT, GRAPH_SCOPE, &[])
        .await;
    assert_eq!(location.fragment(), None);
    let params: std::collections::HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert!(params.contains_key("code"));
    assert_eq!(params["state"], "st-123");
}

#[tokio::test]
async fn cancel_redirects_access_denied_with_65004_and_state() {
    let emu = Emu::new();
    let url = authorize_url(&emu, &[]);
    let query = url::Url::parse(&url).unwrap();
    let mut pairs: Vec<(String, String)> = query.query_pairs().into_owned().collect();
    pairs.push(("cancel".into(), "1".into()));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = emu
        .post_form(
            &format!("{}/oauth2/v2.0/authorize", emu.authority()),
            &pairs,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let params = redirect_params(&res.location());
    assert_eq!(params["error"], "access_denied");
    assert!(params["error_description"].starts_with("AADSTS65004:"));
    assert_eq!(params["state"], "st-123");
    assert!(!params.contains_key("code"));
}

#[tokio::test]
async fn post_revalidates_the_request() {
    let emu = Emu::new();
    let res = emu
        .post_form(
            &format!("{}/oauth2/v2.0/authorize", emu.authority()),
            &[
                ("client_id", demo::CLIENT_ID),
                ("response_type", "code"),
                ("redirect_uri", "http://evil.localhost:8400/"),
                ("scope", GRAPH_SCOPE),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
                ("login_hint", demo::ADMIN_UPN),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text().contains("AADSTS50011"));
}

#[tokio::test]
async fn prompt_none_needs_interaction() {
    let emu = Emu::new();
    let res = emu.get(&authorize_url(&emu, &[("prompt", "none")])).await;
    let params = redirect_params(&res.location());
    assert_eq!(params["error"], "login_required");
    assert_eq!(params["state"], "st-123");
}

#[tokio::test]
async fn localhost_redirect_matches_the_public_client_uri_on_any_port() {
    let emu = Emu::new();
    let location = emu
        .sign_in_as(demo::ADMIN_UPN, "http://localhost:53117", GRAPH_SCOPE, &[])
        .await;
    assert_eq!(location.host_str(), Some("localhost"));
    assert_eq!(location.port(), Some(53117));
    assert!(redirect_params(&location).contains_key("code"));
    // Another path is still a mismatch.
    let res = emu
        .get(&authorize_url(
            &emu,
            &[("redirect_uri", "http://localhost:53117/other")],
        ))
        .await;
    assert!(res.text().contains("AADSTS50011"));
}

#[tokio::test]
async fn organizations_authority_signs_in_to_the_users_tenant() {
    let emu = Emu::new();
    let authorize = format!(
        "{}/organizations/oauth2/v2.0/authorize",
        emu.state.hosts.login
    );
    let params = [
        ("client_id", demo::CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", SPA_REDIRECT),
        (
            "scope",
            "openid profile offline_access https://graph.microsoft.com/User.Read",
        ),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("login_hint", demo::ADMIN_UPN),
    ];
    let res = emu.post_form(&authorize, &params, None).await;
    let code = redirect_params(&res.location())["code"].clone();
    let token_url = format!("{}/organizations/oauth2/v2.0/token", emu.state.hosts.login);
    let res = emu
        .post_form(
            &token_url,
            &[
                ("client_id", demo::CLIENT_ID),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", SPA_REDIRECT),
                ("code_verifier", VERIFIER),
            ],
            Some(APP_ORIGIN),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let id = crate::jwt::decode_unverified(res.json()["id_token"].as_str().unwrap()).unwrap();
    assert_eq!(id["tid"], demo::TENANT_ID);
    assert_eq!(
        id["iss"],
        format!("{}/{}/v2.0", emu.state.hosts.login, demo::TENANT_ID)
    );
}
