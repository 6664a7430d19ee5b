//! OpenID discovery and JWKS for each form of `{tenant}`.

use axum::http::StatusCode;

use super::*;

const LOGIN: &str = "http://login.localhost:8400";

#[tokio::test]
async fn discovery_for_tenant_guid_names_tenant_issuer_and_endpoints() {
    let emu = Emu::new();
    let res = emu
        .get(&format!(
            "{LOGIN}/{}/v2.0/.well-known/openid-configuration",
            demo::TENANT_ID
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    let base = format!("{LOGIN}/{}", demo::TENANT_ID);
    assert_eq!(doc["issuer"], format!("{base}/v2.0"));
    assert_eq!(
        doc["authorization_endpoint"],
        format!("{base}/oauth2/v2.0/authorize")
    );
    assert_eq!(doc["token_endpoint"], format!("{base}/oauth2/v2.0/token"));
    assert_eq!(doc["jwks_uri"], format!("{base}/discovery/v2.0/keys"));
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        serde_json::json!(["RS256"])
    );
}

#[tokio::test]
async fn discovery_for_verified_domain_resolves_to_tenant_guid() {
    let emu = Emu::new();
    let res = emu
        .get_with(
            &format!("{LOGIN}/CONTOSO.onmicrosoft.com/v2.0/.well-known/openid-configuration"),
            &[("origin", "http://app.localhost:8400")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert_eq!(doc["issuer"], format!("{LOGIN}/{}/v2.0", demo::TENANT_ID));
    assert_eq!(
        doc["token_endpoint"],
        format!("{LOGIN}/{}/oauth2/v2.0/token", demo::TENANT_ID)
    );
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn discovery_for_organizations_uses_the_tenantid_template() {
    let emu = Emu::new();
    let doc = emu
        .get(&format!(
            "{LOGIN}/organizations/v2.0/.well-known/openid-configuration"
        ))
        .await
        .json();
    assert_eq!(doc["issuer"], format!("{LOGIN}/{{tenantid}}/v2.0"));
    assert_eq!(
        doc["token_endpoint"],
        format!("{LOGIN}/organizations/oauth2/v2.0/token")
    );
}

#[tokio::test]
async fn unknown_tenant_is_aadsts90002() {
    let emu = Emu::new();
    for path in [
        "contoso.example/v2.0/.well-known/openid-configuration",
        "00000000-0000-0000-0000-000000000000/discovery/v2.0/keys",
    ] {
        let res = emu.get(&format!("{LOGIN}/{path}")).await;
        assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_tenant", 90002);
    }
}

#[tokio::test]
async fn jwks_publishes_the_signing_key_with_kid_and_cors() {
    let emu = Emu::new();
    let res = emu
        .get_with(
            &format!("{LOGIN}/{}/discovery/v2.0/keys", demo::TENANT_ID),
            &[("origin", "http://app.localhost:8400")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    let jwks = res.json();
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["e"], "AQAB");
    assert_eq!(key["kid"], emu.state.signer.kid());
    // 2048-bit modulus: 256 bytes, 342 base64url characters.
    assert_eq!(key["n"].as_str().unwrap().len(), 342);
    let orgs = emu
        .get(&format!("{LOGIN}/organizations/discovery/v2.0/keys"))
        .await
        .json();
    assert_eq!(orgs["keys"][0]["kid"], key["kid"]);
}
