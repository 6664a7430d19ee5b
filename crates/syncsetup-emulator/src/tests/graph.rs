//! Graph `/v1.0/me` and `/v1.0/organization`: bearer checks, bodies, `$select`, CORS.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

const ME: &str = "http://graph.localhost:8400/v1.0/me";
const ORG: &str = "http://graph.localhost:8400/v1.0/organization";

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn assert_graph_401(res: &Resp) {
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.text());
    let body = res.json();
    assert_eq!(
        body["error"]["code"], "InvalidAuthenticationToken",
        "{body}"
    );
    assert!(body["error"]["message"].is_string());
    for field in ["date", "request-id", "client-request-id"] {
        assert!(
            body["error"]["innerError"][field].is_string(),
            "{field}: {body}"
        );
    }
}

#[tokio::test]
async fn me_without_a_token_is_401_invalid_authentication_token() {
    let emu = Emu::new();
    let res = emu.get(ME).await;
    assert_graph_401(&res);
    assert_eq!(res.json()["error"]["message"], "Access token is empty.");
}

#[tokio::test]
async fn me_with_a_graph_token_returns_the_signed_in_user() {
    let emu = Emu::new();
    let tokens = emu
        .spa_tokens(&format!("openid profile offline_access {GRAPH_SCOPE}"))
        .await;
    let auth = bearer(tokens["access_token"].as_str().unwrap());
    let res = emu
        .get_with(
            ME,
            &[
                ("authorization", &auth),
                ("origin", APP_ORIGIN),
                ("client-request-id", "abc-1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert_eq!(res.header("client-request-id"), Some("abc-1"));
    let me = res.json();
    assert_eq!(me["id"], demo::ADMIN_OID);
    assert_eq!(me["displayName"], demo::ADMIN_NAME);
    assert_eq!(me["userPrincipalName"], demo::ADMIN_UPN);
    assert_eq!(me["mail"], demo::ADMIN_UPN);
    assert_eq!(
        me["@odata.context"],
        "http://graph.localhost:8400/v1.0/$metadata#users/$entity"
    );

    let res = emu
        .get_with(
            &format!("{ME}?$select=displayName,id"),
            &[("authorization", &auth)],
        )
        .await;
    let me = res.json();
    assert_eq!(me["displayName"], demo::ADMIN_NAME);
    assert_eq!(me["id"], demo::ADMIN_OID);
    assert!(me.get("mail").is_none(), "{me}");
    let res = emu
        .get_with(&format!("{ME}?$select=nope"), &[("authorization", &auth)])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn organization_returns_the_tenant_with_verified_domains() {
    let emu = Emu::new();
    let tokens = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    let auth = bearer(tokens["access_token"].as_str().unwrap());
    let res = emu.get_with(ORG, &[("authorization", &auth)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let body = res.json();
    assert_eq!(
        body["@odata.context"],
        "http://graph.localhost:8400/v1.0/$metadata#organization"
    );
    let org = &body["value"][0];
    assert_eq!(org["id"], demo::TENANT_ID);
    assert_eq!(org["displayName"], "Contoso");
    assert_eq!(
        org["verifiedDomains"],
        json!([{
            "name": "contoso.onmicrosoft.com",
            "isDefault": true,
            "isInitial": true,
            "type": "Managed",
            "capabilities": "Email, OfficeCommunicationsOnline",
        }])
    );
    let res = emu
        .get_with(
            &format!("{ORG}?$select=id,displayName"),
            &[("authorization", &auth)],
        )
        .await;
    let org = &res.json()["value"][0];
    assert_eq!(org["displayName"], "Contoso");
    assert!(org.get("verifiedDomains").is_none());
}

#[tokio::test]
async fn tokens_for_another_resource_tampered_or_expired_are_401() {
    let emu = Emu::new();
    let tokens = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE} {GDS_SCOPE}"))
        .await;
    let graph_token = tokens["access_token"].as_str().unwrap().to_string();
    let gds = emu
        .refresh(
            tokens["refresh_token"].as_str().unwrap(),
            GDS_SCOPE,
            Some(APP_ORIGIN),
        )
        .await
        .json();
    let res = emu
        .get_with(
            ME,
            &[(
                "authorization",
                &bearer(gds["access_token"].as_str().unwrap()),
            )],
        )
        .await;
    assert_graph_401(&res);

    // Flip one character of the signature.
    let mut tampered = graph_token.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let res = emu
        .get_with(
            ME,
            &[(
                "authorization",
                &bearer(&String::from_utf8(tampered).unwrap()),
            )],
        )
        .await;
    assert_graph_401(&res);

    let res = emu
        .get_with(ME, &[("authorization", &bearer(&graph_token))])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    emu.state.advance_clock(3600);
    let res = emu
        .get_with(ME, &[("authorization", &bearer(&graph_token))])
        .await;
    assert_graph_401(&res);
    assert!(res
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
}

#[tokio::test]
async fn graph_token_via_microsoft_url_is_accepted_too() {
    let emu = Emu::new();
    let code = emu
        .code_for(SPA_REDIRECT, "openid https://graph.microsoft.com/User.Read")
        .await;
    let res = emu
        .redeem(
            &code,
            SPA_REDIRECT,
            VERIFIER,
            "https://graph.microsoft.com/User.Read",
            Some(APP_ORIGIN),
        )
        .await;
    let token = res.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        crate::jwt::decode_unverified(&token).unwrap()["aud"],
        "https://graph.microsoft.com"
    );
    let res = emu
        .get_with(ME, &[("authorization", &bearer(&token))])
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn preflight_allows_authorization_from_any_origin() {
    let emu = Emu::new();
    let res = emu
        .send(
            "OPTIONS",
            ME,
            &[
                ("origin", "http://somewhere.localhost:9999"),
                ("access-control-request-method", "GET"),
                (
                    "access-control-request-headers",
                    "authorization,client-request-id",
                ),
            ],
            vec![],
        )
        .await;
    assert!(res.status.is_success(), "{}", res.status);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    let allowed = res
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    assert!(res
        .header("access-control-allow-methods")
        .unwrap()
        .contains("GET"));
}

#[tokio::test]
async fn unknown_graph_segment_is_graph_bad_request() {
    let emu = Emu::new();
    let res = emu.get("http://graph.localhost:8400/v1.0/nonsense").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        res.json()["error"]["message"],
        "Resource not found for the segment 'nonsense'."
    );
}
