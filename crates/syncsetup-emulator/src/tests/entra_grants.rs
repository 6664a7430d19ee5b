//! The token endpoint's confidential-client and password grants: client credentials for apps
//! registered through Graph (secrets from `addPassword`, Basic auth, the browser `Origin` rule,
//! wrong/expired secrets, missing service principal, `.default` scopes, app roles, Dataverse org
//! audiences, replication lag) and ROPC (passwords, MFA, federated users and HRD policies,
//! pre-consent through delegated permission grants, confidential refresh).

use axum::http::StatusCode;
use base64::Engine as _;
use serde_json::{json, Value};

use super::graph_directory::{
    add_password, admin_token, app_token, call, create_app, create_sp, emu_for, hrd_body,
    GRAPH_HOST,
};
use super::*;
use crate::directory::seed::{self, cli, DYNAMICS_SP_ID};
use crate::jwt::decode_unverified;

const ORG: &str = "http://contoso.crm.localhost:8400";

/// A "Marketo" app with a service principal and a secret; returns (client id, secret, sp id).
async fn marketo_app(emu: &Emu, token: &str) -> (String, String, String) {
    let app = create_app(emu, token, "Marketo Integration").await;
    let sp = create_sp(emu, token, app["appId"].as_str().unwrap()).await;
    let res = add_password(
        emu,
        token,
        app["id"].as_str().unwrap(),
        json!({"passwordCredential": {"displayName": "Marketo"}}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    (
        app["appId"].as_str().unwrap().to_string(),
        res.json()["secretText"].as_str().unwrap().to_string(),
        sp["id"].as_str().unwrap().to_string(),
    )
}

fn token_url(emu: &Emu) -> String {
    format!("{}/oauth2/v2.0/token", emu.authority())
}

fn claims_of(res: &Resp) -> Value {
    decode_unverified(
        res.json()["access_token"]
            .as_str()
            .expect("an access token"),
    )
    .unwrap()
}

#[tokio::test]
async fn client_credentials_issue_app_only_tokens_for_graph_and_dataverse() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let (client_id, secret, sp_id) = marketo_app(&emu, &token).await;

    let res = app_token(&emu, &client_id, &secret, &format!("{ORG}/.default")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let body = res.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
    let claims = claims_of(&res);
    assert_eq!(claims["aud"], ORG);
    assert_eq!(claims["appid"], client_id.as_str());
    assert_eq!(claims["oid"], sp_id.as_str());
    assert_eq!(claims["sub"], sp_id.as_str());
    assert_eq!(claims["tid"], demo::TENANT_ID);
    assert_eq!(claims["idtyp"], "app");
    assert_eq!(claims["appidacr"], "1");
    assert!(
        claims.get("scp").is_none() && claims.get("roles").is_none(),
        "{claims}"
    );
    // The signature verifies with the emulator's key (Dataverse will check it the same way).
    assert!(emu
        .state
        .signer
        .verify(body["access_token"].as_str().unwrap())
        .is_ok());

    // Microsoft's own resource URLs work as well, and the client may authenticate with Basic.
    let basic = base64::engine::general_purpose::STANDARD
        .encode(format!("{client_id}:{}", percent(&secret)));
    let res = emu
        .send(
            "POST",
            &token_url(&emu),
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("authorization", &format!("Basic {basic}")),
            ],
            format!(
                "grant_type=client_credentials&scope={}",
                percent("https://graph.microsoft.com/.default")
            )
            .into_bytes(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(claims_of(&res)["aud"], "https://graph.microsoft.com");

    // The seeded automation app has Graph app roles.
    let res = app_token(
        &emu,
        cli::APP_ID,
        cli::SECRET,
        &format!("{GRAPH_HOST}/.default"),
    )
    .await;
    assert_eq!(
        claims_of(&res)["roles"],
        json!(["Application.ReadWrite.All", "Directory.Read.All"])
    );
    assert_eq!(claims_of(&res)["oid"], cli::SP_ID);
}

fn percent(s: &str) -> String {
    super::graph_directory::percent(s)
}

#[tokio::test]
async fn client_credentials_errors_follow_entra() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let (client_id, secret, _) = marketo_app(&emu, &token).await;
    let scope = format!("{ORG}/.default");

    let res = app_token(&emu, &client_id, "wrong-secret", &scope).await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000215);
    let res = app_token(
        &emu,
        "11111111-2222-4333-8444-555555555555",
        &secret,
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "unauthorized_client", 700016);
    // No secret at all for a confidential client.
    let res = emu
        .post_form(
            &token_url(&emu),
            &[
                ("client_id", &client_id),
                ("grant_type", "client_credentials"),
                ("scope", &scope),
            ],
            None,
        )
        .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000218);
    // Not `.default`.
    let res = app_token(
        &emu,
        &client_id,
        &secret,
        &format!("{ORG}/user_impersonation"),
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_scope", 1002012);
    // A browser page can never use the secret (entra-docs
    // `docs/identity-platform/v2-oauth2-auth-code-flow.md`, "Redirect URIs for single-page apps").
    let res = emu
        .post_form(
            &token_url(&emu),
            &[
                ("client_id", &client_id),
                ("client_secret", &secret),
                ("grant_type", "client_credentials"),
                ("scope", &scope),
            ],
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_request", 9002326);
    // The public SPA app cannot use client credentials.
    let res = emu
        .post_form(
            &token_url(&emu),
            &[
                ("client_id", demo::CLIENT_ID),
                ("grant_type", "client_credentials"),
                ("scope", &scope),
            ],
            None,
        )
        .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000218);

    // An app without a service principal in its tenant.
    let app = create_app(&emu, &token, "No SP").await;
    let pw = add_password(&emu, &token, app["id"].as_str().unwrap(), json!({}))
        .await
        .json();
    let res = app_token(
        &emu,
        app["appId"].as_str().unwrap(),
        pw["secretText"].as_str().unwrap(),
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000229);

    // Secrets expire on the emulator clock.
    let app = create_app(&emu, &token, "Short-lived").await;
    create_sp(&emu, &token, app["appId"].as_str().unwrap()).await;
    let end = crate::graph::odata::graph_timestamp(emu.state.now() + 3600);
    let pw = add_password(
        &emu,
        &token,
        app["id"].as_str().unwrap(),
        json!({"passwordCredential": {"endDateTime": end}}),
    )
    .await
    .json();
    let res = app_token(
        &emu,
        app["appId"].as_str().unwrap(),
        pw["secretText"].as_str().unwrap(),
        &scope,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    emu.state.advance_clock(3601);
    let res = app_token(
        &emu,
        app["appId"].as_str().unwrap(),
        pw["secretText"].as_str().unwrap(),
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000222);
}

#[tokio::test]
async fn client_credentials_wait_for_replication_and_need_the_resource() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    emu.state.directory().replication_lag_secs = 20;
    let app = create_app(&emu, &token, "Lagging").await;
    let client_id = app["appId"].as_str().unwrap().to_string();
    emu.state.advance_clock(20);
    let token = admin_token(&emu).await;
    create_sp(&emu, &token, &client_id).await;
    let secret = add_password(&emu, &token, app["id"].as_str().unwrap(), json!({}))
        .await
        .json()["secretText"]
        .as_str()
        .unwrap()
        .to_string();
    // The service principal has not replicated yet.
    let res = app_token(&emu, &client_id, &secret, &format!("{ORG}/.default")).await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000229);
    emu.state.advance_clock(20);
    let res = app_token(&emu, &client_id, &secret, &format!("{ORG}/.default")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());

    // A tenant without Dynamics has no Dynamics CRM resource principal.
    let emu = emu_for("no-dynamics");
    let res = app_token(&emu, cli::APP_ID, cli::SECRET, &format!("{ORG}/.default")).await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_resource", 500011);
}

/// A password-grant request for `username`.
async fn ropc(
    emu: &Emu,
    client_id: &str,
    secret: Option<&str>,
    username: &str,
    password: &str,
    scope: &str,
) -> Resp {
    let mut pairs = vec![
        ("client_id", client_id),
        ("grant_type", "password"),
        ("username", username),
        ("password", password),
        ("scope", scope),
    ];
    if let Some(s) = secret {
        pairs.push(("client_secret", s));
    }
    emu.post_form(&token_url(emu), &pairs, None).await
}

/// Grants the Marketo SP tenant-wide `user_impersonation` on Dynamics CRM.
async fn grant_dynamics(emu: &Emu, token: &str, sp_id: &str) {
    let res = call(
        emu,
        "POST",
        "/oauth2PermissionGrants",
        token,
        Some(json!({"clientId": sp_id, "consentType": "AllPrincipals", "resourceId": DYNAMICS_SP_ID, "scope": "user_impersonation"})),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
}

#[tokio::test]
async fn password_grant_needs_consent_a_good_password_and_no_mfa() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let (client_id, secret, sp_id) = marketo_app(&emu, &token).await;
    let scope = format!("openid offline_access {ORG}/user_impersonation");

    // ROPC cannot ask for consent: without a grant it fails.
    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        demo::USER_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 65001);
    grant_dynamics(&emu, &token, &sp_id).await;

    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        demo::USER_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let body = res.json();
    assert!(body["refresh_token"].is_string() && body["id_token"].is_string());
    let claims = claims_of(&res);
    assert_eq!(claims["aud"], ORG);
    assert_eq!(claims["scp"], "user_impersonation");
    assert_eq!(claims["upn"], demo::USER_UPN);
    assert_eq!(claims["oid"], demo::USER_OID);
    assert_eq!(claims["appid"], client_id.as_str());

    // The confidential client's refresh token needs the secret again.
    let rt = body["refresh_token"].as_str().unwrap();
    let refresh = |secret: Option<&str>| {
        let mut pairs = vec![
            ("client_id", client_id.as_str()),
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            (
                "scope",
                "http://contoso.crm.localhost:8400/user_impersonation",
            ),
        ];
        if let Some(s) = secret {
            pairs.push(("client_secret", s));
        }
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };
    let pairs = refresh(None);
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = emu.post_form(&token_url(&emu), &pairs, None).await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000218);
    let pairs = refresh(Some(&secret));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = emu.post_form(&token_url(&emu), &pairs, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());

    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        demo::USER_UPN,
        "wrong",
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 50126);
    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        "nobody@contoso.onmicrosoft.com",
        "x",
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 50034);
    let res = ropc(
        &emu,
        &client_id,
        Some("wrong"),
        demo::USER_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000215);
    // A confidential client without its secret (and not a fallback public client).
    let res = ropc(
        &emu,
        &client_id,
        None,
        demo::USER_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::UNAUTHORIZED, "invalid_client", 7000218);
}

#[tokio::test]
async fn password_grant_refuses_mfa_users() {
    let mut scenario = Scenario::demo(&hosts(), &[]);
    scenario.users[1].mfa_required = true;
    let state = AppState::new(hosts(), scenario, None);
    let emu = Emu {
        router: app(state.clone()),
        state,
    };
    // The tool's public SPA app is consented tenant-wide in the seed, so ROPC through it is
    // only gated by the user.
    let scope = format!("{GRAPH_HOST}/User.Read");
    let res = ropc(
        &emu,
        demo::CLIENT_ID,
        None,
        demo::ADMIN_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = ropc(
        &emu,
        demo::CLIENT_ID,
        None,
        demo::USER_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 50076);
    assert_eq!(res.json()["suberror"], "basic_action");
}

#[tokio::test]
async fn federated_users_need_an_hrd_policy_allowing_cloud_password_validation() {
    let emu = emu_for("federated");
    let token = admin_token(&emu).await;
    let (client_id, secret, sp_id) = marketo_app(&emu, &token).await;
    grant_dynamics(&emu, &token, &sp_id).await;
    let scope = format!("{ORG}/user_impersonation");
    let user = seed::federated::SYNC_UPN;

    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        user,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 50126);

    let policy = call(
        &emu,
        "POST",
        "/policies/homeRealmDiscoveryPolicies",
        &token,
        Some(hrd_body()),
    )
    .await
    .json();
    let res = call(
        &emu,
        "POST",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/$ref"),
        &token,
        Some(json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/policies/homeRealmDiscoveryPolicies/{}", policy["id"].as_str().unwrap())})),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        user,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(claims_of(&res)["upn"], user);
    // Managed-domain users never needed the policy.
    let res = ropc(
        &emu,
        &client_id,
        Some(&secret),
        demo::ADMIN_UPN,
        demo::PASSWORD,
        &scope,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
}
