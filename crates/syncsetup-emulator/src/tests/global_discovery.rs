//! Global Discovery: the documented `Instances` example, `$select`, `$filter` (case-sensitive),
//! key segments that still answer arrays, which environments a user sees, `IsUserSysAdmin`,
//! the Dynamics-audience token requirement and CORS. (OpenID discovery of Entra is in
//! `discovery.rs`.)

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::dataverse::{dv_token, q, ORG};
use super::graph_directory::{admin_token, emu_for};
use super::*;
use crate::scenario::dataverse as names;

const GDS: &str = "http://globaldisco.localhost:8400/api/discovery/v2.0/";

/// A Global Discovery token for `upn`, as the SPA gets it: a code redeemed for the discovery
/// host's Dynamics CRM `user_impersonation` scope (entra-docs
/// `docs/identity-platform/v2-oauth2-auth-code-flow.md`; powerapps-docs
/// `…/data-platform/sample-blazor-web-assembly-global-discovery.md`).
async fn gds_token(emu: &Emu, upn: &str) -> String {
    let location = emu
        .sign_in_as(
            upn,
            SPA_REDIRECT,
            &format!("openid offline_access {GDS_SCOPE}"),
            &[],
        )
        .await;
    let code = redirect_params(&location).remove("code").expect("a code");
    let res = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GDS_SCOPE, Some(APP_ORIGIN))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    res.json()["access_token"].as_str().unwrap().to_string()
}

async fn instances(emu: &Emu, token: &str, path: &str) -> Resp {
    emu.get_with(
        &format!("{GDS}{path}"),
        &[
            ("authorization", &format!("Bearer {token}")),
            ("accept", "application/json"),
            ("origin", APP_ORIGIN),
        ],
    )
    .await
}

async fn list(emu: &Emu, token: &str, path: &str) -> Vec<Value> {
    let res = instances(emu, token, path).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
    res.json()["value"].as_array().unwrap().clone()
}

#[tokio::test]
async fn instances_replays_the_documented_select_example() {
    let emu = Emu::new();
    let token = gds_token(&emu, demo::ADMIN_UPN).await;
    // discovery-service.md: `GET …/Instances?$select=ApiUrl,FriendlyName`.
    let res = instances(&emu, &token, "Instances?$select=ApiUrl,FriendlyName").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("odata-version"), Some("4.0"));
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        res.json(),
        json!({
            "@odata.context": format!("{GDS}$metadata#Instances(ApiUrl,FriendlyName)"),
            "value": [{"ApiUrl": ORG, "FriendlyName": names::ORG_FRIENDLY_NAME}],
        })
    );
}

#[tokio::test]
async fn instances_carry_every_documented_property() {
    let emu = Emu::new();
    let token = gds_token(&emu, demo::ADMIN_UPN).await;
    let all = list(&emu, &token, "Instances").await;
    assert_eq!(all.len(), 1);
    let i = all[0].as_object().unwrap();
    for p in crate::discovery::INSTANCE_PROPERTIES {
        assert!(i.contains_key(*p), "{p} missing in {i:?}");
    }
    assert_eq!(i["Url"], ORG);
    assert_eq!(i["UrlName"], names::ORG_URL_NAME);
    assert_eq!(i["State"], 0);
    assert_eq!(i["StatusMessage"], 6);
    assert_eq!(i["Region"], "NA");
    assert_eq!(i["TenantId"], demo::TENANT_ID);
    assert_eq!(i["IsUserSysAdmin"], true);
    assert_eq!(i["TrialExpirationDate"], Value::Null);
    // WhoAmI's OrganizationId is the instance's Id.
    let dv = dv_token(&emu).await;
    let who = super::dataverse::dv_get(&emu, "WhoAmI", &dv).await;
    assert_eq!(who["OrganizationId"], i["Id"]);
    // A plain user sees the environment, not as an administrator.
    let megan = gds_token(&emu, demo::USER_UPN).await;
    assert_eq!(
        list(&emu, &megan, "Instances?$select=IsUserSysAdmin").await,
        [json!({"IsUserSysAdmin": false})]
    );
    // In `not-admin` neither is.
    let emu = emu_for("not-admin");
    let token = gds_token(&emu, demo::ADMIN_UPN).await;
    assert_eq!(
        list(&emu, &token, "Instances?$select=IsUserSysAdmin").await,
        [json!({"IsUserSysAdmin": false})]
    );
    // Without Dynamics: an empty list.
    let emu = emu_for("no-dynamics");
    let claims = json!({
        "aud": "http://globaldisco.localhost:8400", "iss": "x", "iat": emu.state.now(), "nbf": emu.state.now(),
        "exp": emu.state.now() + 600, "oid": demo::ADMIN_OID, "tid": demo::TENANT_ID, "scp": "user_impersonation",
        "appid": demo::CLIENT_ID, "ver": "2.0",
    });
    // (No Dynamics service principal means Entra would not issue the token; sign one directly
    // to see what Global Discovery itself answers.)
    let token = emu.state.signer.sign(&claims);
    assert_eq!(list(&emu, &token, "Instances").await, Vec::<Value>::new());
}

#[tokio::test]
async fn key_segments_still_answer_arrays() {
    let emu = Emu::new();
    let token = gds_token(&emu, demo::ADMIN_UPN).await;
    let all = list(&emu, &token, "Instances").await;
    let unique = all[0]["UniqueName"].as_str().unwrap();
    let id = all[0]["Id"].as_str().unwrap();
    for path in [
        format!("Instances(UniqueName='{unique}')?$select=ApiUrl,FriendlyName,Id,UniqueName"),
        format!("Instances({id})?$select=ApiUrl,FriendlyName,Id,UniqueName"),
        "Instances(Region='NA')?$select=FriendlyName,Region,State,Version,ApiUrl".to_string(),
    ] {
        let found = list(&emu, &token, &path).await;
        assert_eq!(found.len(), 1, "{path}");
    }
    assert!(list(&emu, &token, "Instances(UniqueName='nope')")
        .await
        .is_empty());
    let res = instances(&emu, &token, "Instances(FriendlyName='x')").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn filters_are_case_sensitive_and_checked() {
    let emu = emu_for("large");
    let token = gds_token(&emu, demo::ADMIN_UPN).await;
    let all = list(&emu, &token, "Instances?$select=FriendlyName").await;
    assert_eq!(all.len(), names::LARGE_ENVIRONMENTS);
    let f = |expr: &str| {
        format!(
            "Instances?$select=FriendlyName,State,IsUserSysAdmin&$filter={}",
            q(expr)
        )
    };
    assert_eq!(
        list(&emu, &token, &f("FriendlyName eq 'Contoso Sales'"))
            .await
            .len(),
        1
    );
    assert!(list(&emu, &token, &f("FriendlyName eq 'contoso sales'"))
        .await
        .is_empty());
    let admin = list(&emu, &token, &f("IsUserSysAdmin eq true")).await;
    assert!(!admin.is_empty() && admin.len() < all.len());
    let disabled = list(&emu, &token, &f("State eq 1")).await;
    assert_eq!(disabled.len(), 4);
    let trials = list(
        &emu,
        &token,
        &f("TrialExpirationDate gt 2022-07-14T00:00:00Z"),
    )
    .await;
    assert_eq!(trials.len(), 7);
    let combined = list(
        &emu,
        &token,
        &f("(contains(Purpose,'Trial') or startswith(FriendlyName,'Contoso S')) and State eq 0"),
    )
    .await;
    assert!(!combined.is_empty());
    for bad in ["Nope eq 1", "State eq 'x'"] {
        let res = instances(&emu, &token, &f(bad)).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}: {}", res.text());
        assert!(res.json()["error"]["message"].is_string());
    }
    let res = instances(&emu, &token, "Instances?$select=Nope").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(list(&emu, &token, "Instances?$top=5").await.len(), 5);
    // The same filter through the documented `+` spelling.
    assert_eq!(
        list(&emu, &token, "Instances?$filter=State+eq+1")
            .await
            .len(),
        4
    );
}

#[tokio::test]
async fn only_dynamics_tokens_for_global_discovery_are_accepted() {
    let emu = Emu::new();
    // No token: the documented bearer challenge with the `common` authority.
    let res = emu.get(&format!("{GDS}Instances")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.header("www-authenticate").unwrap(),
        "Bearer authorization_uri=http://login.localhost:8400/common/oauth2/authorize, resource_id=http://globaldisco.localhost:8400/"
    );
    // A Graph token and a Dataverse org token have the wrong audience.
    for token in [admin_token(&emu).await, dv_token(&emu).await] {
        let res = instances(&emu, &token, "Instances").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res
            .header("www-authenticate")
            .unwrap()
            .contains("error=invalid_token"));
    }
    // Expired.
    let token = gds_token(&emu, demo::ADMIN_UPN).await;
    emu.state.advance_clock(3_600);
    assert_eq!(
        instances(&emu, &token, "Instances").await.status,
        StatusCode::UNAUTHORIZED
    );
    // CORS preflight.
    let res = emu
        .send(
            "OPTIONS",
            &format!("{GDS}Instances"),
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "authorization"),
            ],
            vec![],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert!(res
        .header("access-control-allow-headers")
        .unwrap()
        .contains("authorization"));
    // The service document.
    let doc = emu.get(GDS).await.json();
    assert_eq!(doc["value"][0]["name"], "Instances");
}

/// A raw HTTP/1.1 GET with a bearer token; returns the whole response text.
async fn raw_get(addr: std::net::SocketAddr, host: &str, path: &str, token: &str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn per_host_ports_give_each_environment_its_own_origin() {
    let running = crate::spawn(crate::Options {
        per_host_ports: true,
        scenario: "large".into(),
        ..crate::Options::default()
    })
    .await
    .unwrap();
    let hosts = &running.hosts;
    assert_eq!(hosts.crm.len(), names::LARGE_ENVIRONMENTS);
    let org = hosts.crm_org("contoso01").unwrap();
    assert!(org.starts_with("http://127.0.0.1:"), "{org}");
    // Entra recognises the org's own origin as a Dynamics CRM resource.
    assert_eq!(
        crate::resources::ResourceApp::from_identifier(&org, hosts),
        Some(crate::resources::ResourceApp::DynamicsCrm)
    );
    let sign = |aud: &str| {
        let now = running.state.now();
        running.state.signer.sign(&json!({
            "aud": aud, "iat": now, "nbf": now, "exp": now + 600, "oid": demo::ADMIN_OID,
            "tid": demo::TENANT_ID, "scp": "user_impersonation", "appid": demo::CLIENT_ID, "ver": "2.0",
        }))
    };
    // Global Discovery lists every environment at its own origin.
    let gds = running
        .addrs
        .iter()
        .find(|(n, _)| *n == "globaldisco")
        .unwrap()
        .1;
    let res = raw_get(
        gds,
        &format!("127.0.0.1:{}", gds.port()),
        "/api/discovery/v2.0/Instances?$select=Url,UrlName",
        &sign(&hosts.globaldisco),
    )
    .await;
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    let body: Value = serde_json::from_str(res.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let listed = body["value"].as_array().unwrap();
    assert_eq!(listed.len(), names::LARGE_ENVIRONMENTS);
    assert!(listed.contains(&json!({"Url": org, "UrlName": "contoso01"})));
    // The org answers on its port, to tokens for its URL only.
    let port: u16 = org.rsplit(':').next().unwrap().parse().unwrap();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let res = raw_get(
        addr,
        &format!("127.0.0.1:{port}"),
        "/api/data/v9.2/WhoAmI",
        &sign(&org),
    )
    .await;
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    let other = hosts.crm_org("contoso").unwrap();
    let res = raw_get(
        addr,
        &format!("127.0.0.1:{port}"),
        "/api/data/v9.2/WhoAmI",
        &sign(&other),
    )
    .await;
    assert!(res.starts_with("HTTP/1.1 401"), "{res}");
    running.stop().await;
}
