//! `/token`: code redemption (PKCE, single use, lifetime, platform/CORS rules) and refresh
//! tokens (other resources, consent, the 24 h spa cap).

use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};

use super::*;

/// Verifies a JWT against the key published in the JWKS (not through `Signer::verify`, so a
/// mismatch between what is signed and what is published is caught) and returns its claims.
async fn verify_with_jwks(emu: &Emu, token: &str) -> Value {
    let jwks = emu
        .get(&format!("{}/discovery/v2.0/keys", emu.authority()))
        .await
        .json();
    let key = &jwks["keys"][0];
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["typ"], "JWT");
    assert_eq!(header["kid"], key["kid"]);
    let public = ring::signature::RsaPublicKeyComponents {
        n: URL_SAFE_NO_PAD.decode(key["n"].as_str().unwrap()).unwrap(),
        e: URL_SAFE_NO_PAD.decode(key["e"].as_str().unwrap()).unwrap(),
    };
    public
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            format!("{}.{}", parts[0], parts[1]).as_bytes(),
            &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
        )
        .expect("signature verifies with the JWKS key");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap()
}

#[tokio::test]
async fn spa_code_redemption_returns_signed_tokens_with_entra_claims_and_cors() {
    let emu = Emu::new();
    let code = emu
        .code_for(
            SPA_REDIRECT,
            &format!("openid profile offline_access {GRAPH_SCOPE} {GDS_SCOPE}"),
        )
        .await;
    let res = emu
        .redeem(
            &code,
            SPA_REDIRECT,
            VERIFIER,
            &format!("openid profile offline_access {GRAPH_SCOPE}"),
            Some(APP_ORIGIN),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("access-control-allow-origin"), Some(APP_ORIGIN));
    assert_eq!(res.header("cache-control"), Some("no-store, no-cache"));
    let body = res.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["ext_expires_in"], 3600);
    assert_eq!(body["scope"], format!("{GRAPH_SCOPE} openid profile"));
    assert!(body["refresh_token"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert!(body["refresh_token_expires_in"].as_i64().unwrap() > 86_000);

    let now = emu.state.now();
    let at = verify_with_jwks(&emu, body["access_token"].as_str().unwrap()).await;
    assert_eq!(at["aud"], "http://graph.localhost:8400");
    assert_eq!(
        at["iss"],
        format!("http://login.localhost:8400/{}/v2.0", demo::TENANT_ID)
    );
    assert_eq!(at["tid"], demo::TENANT_ID);
    assert_eq!(at["oid"], demo::ADMIN_OID);
    assert_eq!(at["scp"], "User.Read");
    assert_eq!(at["name"], demo::ADMIN_NAME);
    assert_eq!(at["preferred_username"], demo::ADMIN_UPN);
    assert_eq!(at["upn"], demo::ADMIN_UPN);
    assert_eq!(at["appid"], demo::CLIENT_ID);
    assert_eq!(at["azp"], demo::CLIENT_ID);
    assert_eq!(
        at["wids"],
        json!([crate::scenario::GLOBAL_ADMINISTRATOR_ROLE_ID])
    );
    assert!((at["iat"].as_i64().unwrap() - now).abs() <= 2);
    assert_eq!(at["nbf"], at["iat"]);
    assert_eq!(
        at["exp"].as_i64().unwrap(),
        at["iat"].as_i64().unwrap() + 3600
    );

    let id = verify_with_jwks(&emu, body["id_token"].as_str().unwrap()).await;
    assert_eq!(id["aud"], demo::CLIENT_ID);
    assert_eq!(
        id["iss"],
        format!("http://login.localhost:8400/{}/v2.0", demo::TENANT_ID)
    );
    assert_eq!(id["tid"], demo::TENANT_ID);
    assert_eq!(id["oid"], demo::ADMIN_OID);
    assert_eq!(id["name"], demo::ADMIN_NAME);
    assert_eq!(id["preferred_username"], demo::ADMIN_UPN);
    assert_eq!(id["nonce"], "n-456");
    assert_eq!(id["ver"], "2.0");
    assert!(id["sub"]
        .as_str()
        .is_some_and(|s| !s.is_empty() && s != demo::ADMIN_OID));
    assert!(id["exp"].as_i64().unwrap() > now);
}

#[tokio::test]
async fn no_offline_access_means_no_refresh_token_and_no_openid_no_id_token() {
    let emu = Emu::new();
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let body = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GRAPH_SCOPE, Some(APP_ORIGIN))
        .await
        .json();
    assert!(body["access_token"].is_string());
    assert!(body.get("refresh_token").is_none(), "{body}");
    assert!(body.get("id_token").is_none(), "{body}");
}

#[tokio::test]
async fn wrong_code_verifier_is_invalid_grant_501481() {
    let emu = Emu::new();
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .redeem(
            &code,
            SPA_REDIRECT,
            "wrong-verifier-wrong-verifier-wrong-verifier-00",
            GRAPH_SCOPE,
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 501481);
    assert_eq!(res.header("access-control-allow-origin"), Some(APP_ORIGIN));
}

#[tokio::test]
async fn a_code_is_single_use_54005() {
    let emu = Emu::new();
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let first = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GRAPH_SCOPE, Some(APP_ORIGIN))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let second = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GRAPH_SCOPE, Some(APP_ORIGIN))
        .await;
    assert_entra_error(&second, StatusCode::BAD_REQUEST, "invalid_grant", 54005);
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes_70008() {
    let emu = Emu::new();
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .post_json(
            "http://login.localhost:8400/_emulator/clock/advance",
            json!({"seconds": 601}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let res = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GRAPH_SCOPE, Some(APP_ORIGIN))
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 70008);
}

#[tokio::test]
async fn unknown_code_and_redirect_uri_change_are_invalid_grant() {
    let emu = Emu::new();
    let res = emu
        .redeem(
            "not-a-code",
            SPA_REDIRECT,
            VERIFIER,
            GRAPH_SCOPE,
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 9002313);
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .redeem(
            &code,
            "http://app.localhost:8400/other",
            VERIFIER,
            GRAPH_SCOPE,
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 500112);
}

#[tokio::test]
async fn web_redirect_redeemed_cross_origin_is_9002326_readable_by_the_browser() {
    let emu = Emu::new();
    let code = emu.code_for(WEB_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .redeem(&code, WEB_REDIRECT, VERIFIER, GRAPH_SCOPE, Some(APP_ORIGIN))
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_request", 9002326);
    assert!(res.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type."));
    assert_eq!(res.header("access-control-allow-origin"), Some(APP_ORIGIN));
}

#[tokio::test]
async fn web_redirect_without_origin_needs_a_client_secret_7000218() {
    let emu = Emu::new();
    let code = emu.code_for(WEB_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .redeem(&code, WEB_REDIRECT, VERIFIER, GRAPH_SCOPE, None)
        .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000218);
}

#[tokio::test]
async fn spa_code_redeemed_without_origin_is_9002327() {
    let emu = Emu::new();
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GRAPH_SCOPE, None)
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_request", 9002327);
    assert_eq!(res.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn public_client_redeems_without_origin_but_not_cross_origin() {
    let emu = Emu::new();
    let redirect = "http://localhost:40123";
    let code = emu.code_for(redirect, GRAPH_SCOPE).await;
    let res = emu
        .redeem(&code, redirect, VERIFIER, GRAPH_SCOPE, None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let code = emu.code_for(redirect, GRAPH_SCOPE).await;
    let res = emu
        .redeem(
            &code,
            redirect,
            VERIFIER,
            GRAPH_SCOPE,
            Some("http://localhost:40123"),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_request", 9002326);
}

#[tokio::test]
async fn a_client_secret_from_a_public_client_is_700025() {
    let emu = Emu::new();
    let code = emu.code_for(SPA_REDIRECT, GRAPH_SCOPE).await;
    let res = emu
        .post_form(
            &format!("{}/oauth2/v2.0/token", emu.authority()),
            &[
                ("client_id", demo::CLIENT_ID),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", SPA_REDIRECT),
                ("code_verifier", VERIFIER),
                ("client_secret", "s3cret"),
            ],
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 700025);
}

#[tokio::test]
async fn code_redemption_for_two_resources_is_700022() {
    let emu = Emu::new();
    let code = emu
        .code_for(SPA_REDIRECT, &format!("openid {GRAPH_SCOPE} {GDS_SCOPE}"))
        .await;
    let res = emu
        .redeem(
            &code,
            SPA_REDIRECT,
            VERIFIER,
            &format!("{GRAPH_SCOPE} {GDS_SCOPE}"),
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_scope", 700022);
}

#[tokio::test]
async fn refresh_token_mints_a_token_for_a_second_consented_resource() {
    let emu = Emu::new();
    let first = emu
        .spa_tokens(&format!(
            "openid profile offline_access {GRAPH_SCOPE} {GDS_SCOPE}"
        ))
        .await;
    let rt = first["refresh_token"].as_str().unwrap();
    let res = emu
        .refresh(
            rt,
            &format!("{GDS_SCOPE} openid profile offline_access"),
            Some(APP_ORIGIN),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("access-control-allow-origin"), Some(APP_ORIGIN));
    let body = res.json();
    let new_rt = body["refresh_token"].as_str().unwrap();
    assert_ne!(new_rt, rt, "each response carries a new refresh token");
    let at = verify_with_jwks(&emu, body["access_token"].as_str().unwrap()).await;
    assert_eq!(at["aud"], "http://globaldisco.localhost:8400");
    assert_eq!(at["scp"], "user_impersonation");
    assert_eq!(body["scope"], format!("{GDS_SCOPE} openid profile"));
    // Dataverse orgs are the same resource app (Dynamics CRM), so the same consent covers them.
    let res = emu
        .refresh(
            new_rt,
            "https://contoso.crm.dynamics.com/user_impersonation",
            Some(APP_ORIGIN),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let at = crate::jwt::decode_unverified(res.json()["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(at["aud"], "https://contoso.crm.dynamics.com");
}

#[tokio::test]
async fn refresh_for_a_resource_not_consented_is_65001() {
    let emu = Emu::new();
    let first = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    let res = emu
        .refresh(
            first["refresh_token"].as_str().unwrap(),
            GDS_SCOPE,
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 65001);
    assert_eq!(res.json()["suberror"], "consent_required");
    // A Graph scope that was not asked at /authorize is not consented either.
    let res = emu
        .refresh(
            first["refresh_token"].as_str().unwrap(),
            "https://graph.microsoft.com/Application.ReadWrite.All",
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 65001);
}

#[tokio::test]
async fn refresh_with_scopes_of_two_resources_issues_for_the_first() {
    let emu = Emu::new();
    let first = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE} {GDS_SCOPE}"))
        .await;
    let res = emu
        .refresh(
            first["refresh_token"].as_str().unwrap(),
            &format!("{GDS_SCOPE} {GRAPH_SCOPE}"),
            Some(APP_ORIGIN),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let at = crate::jwt::decode_unverified(res.json()["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(at["aud"], "http://globaldisco.localhost:8400");
}

#[tokio::test]
async fn spa_refresh_tokens_die_24_hours_after_sign_in_700084() {
    let emu = Emu::new();
    let first = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    // Refreshing after 23 h works and yields a new token, whose cap still counts from sign-in.
    emu.post_json(
        "http://app.localhost:8400/_emulator/clock/advance",
        json!({"seconds": 23 * 3600}),
    )
    .await;
    let res = emu
        .refresh(
            first["refresh_token"].as_str().unwrap(),
            GRAPH_SCOPE,
            Some(APP_ORIGIN),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let later = res.json();
    assert!(later["refresh_token_expires_in"].as_i64().unwrap() <= 3600);
    emu.post_json(
        "http://app.localhost:8400/_emulator/clock/advance",
        json!({"seconds": 3600}),
    )
    .await;
    for rt in [&first["refresh_token"], &later["refresh_token"]] {
        let res = emu
            .refresh(rt.as_str().unwrap(), GRAPH_SCOPE, Some(APP_ORIGIN))
            .await;
        assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 700084);
    }
}

#[tokio::test]
async fn spa_refresh_without_origin_is_9002327() {
    let emu = Emu::new();
    let first = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    let res = emu
        .refresh(first["refresh_token"].as_str().unwrap(), GRAPH_SCOPE, None)
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_request", 9002327);
}

#[tokio::test]
async fn token_endpoint_protocol_errors() {
    let emu = Emu::new();
    let url = format!("{}/oauth2/v2.0/token", emu.authority());
    let res = emu
        .post_form(&url, &[("client_id", demo::CLIENT_ID)], Some(APP_ORIGIN))
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_request", 900144);
    let res = emu
        .post_form(
            &url,
            &[
                ("client_id", demo::CLIENT_ID),
                // The password grant is emulated now; this one is not a grant at all.
                ("grant_type", "urn:example:not-a-grant"),
            ],
            None,
        )
        .await;
    assert_entra_error(
        &res,
        StatusCode::BAD_REQUEST,
        "unsupported_grant_type",
        70003,
    );
    let res = emu
        .post_form(
            &url,
            &[
                ("client_id", "11111111-2222-3333-4444-555555555555"),
                ("grant_type", "refresh_token"),
            ],
            None,
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "unauthorized_client", 700016);
}

#[tokio::test]
async fn token_preflight_allows_the_origin_but_no_header() {
    let emu = Emu::new();
    let res = emu
        .send(
            "OPTIONS",
            &format!("{}/oauth2/v2.0/token", emu.authority()),
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
            vec![],
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(res.header("access-control-allow-origin"), Some(APP_ORIGIN));
    assert!(res
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    // MSAL.js never preflights /token; anything that needs a preflight is refused (strict).
    assert_eq!(res.header("access-control-allow-headers"), None);
}
