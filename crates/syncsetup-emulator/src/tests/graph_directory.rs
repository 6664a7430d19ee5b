//! Graph directory routes: applications (CRUD, alternate key, addPassword/removePassword, the
//! app-management policy), service principals, delegated permission grants, home realm discovery
//! policies, domains and directory roles; permission and role checks; OData filters, `$select`,
//! paging; replication lag. Some tests replay the example payloads of Microsoft's Graph reference.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::directory::seed::{
    self, cli, DYNAMICS_SP_ID, DYNAMICS_USER_IMPERSONATION_ID, GRAPH_SP_ID,
};
use crate::scenario::DYNAMICS_CRM_APP_ID;

pub(super) const GRAPH: &str = "http://graph.localhost:8400/v1.0";
pub(super) const GRAPH_HOST: &str = "http://graph.localhost:8400";
/// What the tool asks Graph for (`GRAPH_SCOPES` in `crates/syncsetup-core/src/config.rs`) plus the
/// HRD write scope.
pub(super) const ADMIN_SCOPES: &[&str] = &[
    "User.Read",
    "Application.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "Policy.Read.All",
    "Policy.ReadWrite.ApplicationConfiguration",
    "Directory.Read.All",
];

/// An emulator running scenario `name`.
pub(super) fn emu_for(name: &str) -> Emu {
    let state = AppState::new(
        hosts(),
        Scenario::by_name(name, &hosts(), &[]).unwrap(),
        None,
    );
    Emu {
        router: app(state.clone()),
        state,
    }
}

/// A Graph access token for `upn`, obtained like the SPA does (sign-in page, code + PKCE).
pub(super) async fn user_token(emu: &Emu, upn: &str, scopes: &[&str]) -> String {
    let scope: Vec<String> = scopes.iter().map(|s| format!("{GRAPH_HOST}/{s}")).collect();
    let scope = scope.join(" ");
    let location = emu
        .sign_in_as(
            upn,
            SPA_REDIRECT,
            &format!("openid offline_access {scope}"),
            &[],
        )
        .await;
    let code = redirect_params(&location).remove("code").expect("a code");
    let res = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, &scope, Some(APP_ORIGIN))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    res.json()["access_token"].as_str().unwrap().to_string()
}

/// Adele (Global Administrator) with the tool's scopes.
pub(super) async fn admin_token(emu: &Emu) -> String {
    user_token(emu, demo::ADMIN_UPN, ADMIN_SCOPES).await
}

/// An app-only token from the client credentials grant.
pub(super) async fn app_token(emu: &Emu, client_id: &str, secret: &str, scope: &str) -> Resp {
    emu.post_form(
        &format!("{}/oauth2/v2.0/token", emu.authority()),
        &[
            ("client_id", client_id),
            ("client_secret", secret),
            ("grant_type", "client_credentials"),
            ("scope", scope),
        ],
        None,
    )
    .await
}

/// Sends a Graph request with a bearer token and an optional JSON body.
pub(super) async fn call(
    emu: &Emu,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Resp {
    let auth = format!("Bearer {token}");
    let url = if path.starts_with("http") {
        path.to_string()
    } else {
        format!("{GRAPH}{path}")
    };
    let mut headers = vec![("authorization", auth.as_str())];
    if body.is_some() {
        headers.push(("content-type", "application/json"));
    }
    let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    emu.send(method, &url, &headers, body).await
}

/// Asserts a Graph error: status, `error.code`, and the `innerError` Graph always sends.
pub(super) fn assert_graph_error(res: &Resp, status: StatusCode, code: &str) {
    assert_eq!(res.status, status, "{}", res.text());
    let body = res.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    for field in ["date", "request-id", "client-request-id"] {
        assert!(
            body["error"]["innerError"][field].is_string(),
            "{field}: {body}"
        );
    }
    assert!(res.header("request-id").is_some());
}

/// Creates an application and returns its JSON.
pub(super) async fn create_app(emu: &Emu, token: &str, name: &str) -> Value {
    let res = call(
        emu,
        "POST",
        "/applications",
        token,
        Some(json!({
            "displayName": name,
            "signInAudience": "AzureADMyOrg",
            "requiredResourceAccess": [{
                "resourceAppId": DYNAMICS_CRM_APP_ID,
                "resourceAccess": [{"id": DYNAMICS_USER_IMPERSONATION_ID, "type": "Scope"}],
            }],
        })),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    res.json()
}

/// Creates the service principal of `app_id` and returns its JSON.
pub(super) async fn create_sp(emu: &Emu, token: &str, app_id: &str) -> Value {
    let res = call(
        emu,
        "POST",
        "/servicePrincipals",
        token,
        Some(json!({"appId": app_id})),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    res.json()
}

/// Adds a password to application object `id` and returns the response JSON.
pub(super) async fn add_password(emu: &Emu, token: &str, id: &str, body: Value) -> Resp {
    call(
        emu,
        "POST",
        &format!("/applications/{id}/addPassword"),
        token,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn create_application_replays_the_documented_example() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    // G-application-post-applications: the request body is only a display name.
    let res = call(
        &emu,
        "POST",
        "/applications",
        &token,
        Some(json!({"displayName": "Display name"})),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let app = res.json();
    assert_eq!(
        app["@odata.context"],
        "http://graph.localhost:8400/v1.0/$metadata#applications/$entity"
    );
    assert_eq!(app["displayName"], "Display name");
    assert_ne!(
        app["id"], app["appId"],
        "object id and client id are distinct"
    );
    assert!(crate::resources::looks_like_guid(
        app["id"].as_str().unwrap()
    ));
    assert!(crate::resources::looks_like_guid(
        app["appId"].as_str().unwrap()
    ));
    assert_eq!(app["publisherDomain"], "contoso.onmicrosoft.com");
    // The documented response's defaults.
    assert_eq!(app["signInAudience"], "AzureADandPersonalMicrosoftAccount");
    assert_eq!(app["api"]["requestedAccessTokenVersion"], 2);
    assert_eq!(app["isFallbackPublicClient"], Value::Null);
    assert_eq!(app["identifierUris"], json!([]));
    assert_eq!(app["passwordCredentials"], json!([]));
    assert_eq!(app["requiredResourceAccess"], json!([]));
    assert_eq!(app["publicClient"], json!({"redirectUris": []}));
    assert_eq!(
        app["parentalControlSettings"],
        json!({"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"})
    );
    assert_eq!(
        app["web"]["implicitGrantSettings"],
        json!({"enableIdTokenIssuance": false, "enableAccessTokenIssuance": false})
    );
    assert!(app["createdDateTime"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        res.header("location").unwrap(),
        format!("{GRAPH}/applications/{}", app["id"].as_str().unwrap())
    );
    assert!(res.header("request-id").is_some());
}

#[tokio::test]
async fn application_lifecycle_by_id_and_by_app_id() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let app = create_app(&emu, &token, "Marketo Integration").await;
    let (id, app_id) = (app["id"].as_str().unwrap(), app["appId"].as_str().unwrap());
    assert_eq!(app["signInAudience"], "AzureADMyOrg");
    assert_eq!(
        app["requiredResourceAccess"][0]["resourceAccess"][0],
        json!({"id": DYNAMICS_USER_IMPERSONATION_ID, "type": "Scope"})
    );

    let by_id = call(&emu, "GET", &format!("/applications/{id}"), &token, None).await;
    assert_eq!(by_id.status, StatusCode::OK);
    assert_eq!(by_id.json()["appId"], app_id);
    let by_key = call(
        &emu,
        "GET",
        &format!("/applications(appId='{app_id}')"),
        &token,
        None,
    )
    .await;
    assert_eq!(by_key.status, StatusCode::OK, "{}", by_key.text());
    assert_eq!(by_key.json()["id"], id);

    let res = call(
        &emu,
        "PATCH",
        &format!("/applications(appId='{app_id}')"),
        &token,
        Some(json!({"displayName": "Marketo Sync", "web": {"redirectUris": ["https://example.com/cb"]}})),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let after = call(&emu, "GET", &format!("/applications/{id}"), &token, None)
        .await
        .json();
    assert_eq!(after["displayName"], "Marketo Sync");
    assert_eq!(
        after["web"]["redirectUris"],
        json!(["https://example.com/cb"])
    );
    // The PATCH merged into `web`, keeping what it did not name.
    assert_eq!(
        after["web"]["implicitGrantSettings"]["enableIdTokenIssuance"],
        false
    );

    let res = call(
        &emu,
        "PATCH",
        &format!("/applications/{id}"),
        &token,
        Some(json!({"appId": "x"})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    let res = call(
        &emu,
        "PATCH",
        &format!("/applications/{id}"),
        &token,
        Some(json!({"bogus": 1})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");

    let res = call(&emu, "DELETE", &format!("/applications/{id}"), &token, None).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = call(&emu, "GET", &format!("/applications/{id}"), &token, None).await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert_eq!(
        res.json()["error"]["message"],
        format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present.")
    );
    let res = call(
        &emu,
        "GET",
        &format!("/applications(appId='{app_id}')"),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
}

#[tokio::test]
async fn create_application_validates_the_body() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    for body in [
        json!({}),
        json!({"displayName": ""}),
        json!({"displayName": "x", "signInAudience": "Everyone"}),
        json!({"displayName": "x", "passwordCredentials": [{"displayName": "s"}]}),
        json!({"displayName": "x", "notAProperty": true}),
    ] {
        let res = call(&emu, "POST", "/applications", &token, Some(body.clone())).await;
        assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    }
    let res = emu
        .send(
            "POST",
            &format!("{GRAPH}/applications"),
            &[("authorization", &format!("Bearer {token}"))],
            b"not json".to_vec(),
        )
        .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "BadRequest");
}

#[tokio::test]
async fn filters_select_count_and_unsupported_queries() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let app = create_app(&emu, &token, "Marketo Integration").await;
    create_app(&emu, &token, "Marketo Integration").await; // display names are not unique
    create_app(&emu, &token, "Other").await;
    let app_id = app["appId"].as_str().unwrap();

    let q = |f: &str| format!("/applications?$filter={}", percent(f));
    let res = call(
        &emu,
        "GET",
        &q("displayName eq 'Marketo Integration'"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["value"].as_array().unwrap().len(), 2);
    let res = call(
        &emu,
        "GET",
        &q(&format!("appId eq '{app_id}'")),
        &token,
        None,
    )
    .await;
    let value = res.json()["value"].clone();
    assert_eq!(value.as_array().unwrap().len(), 1);
    assert_eq!(value[0]["id"], app["id"]);
    let res = call(
        &emu,
        "GET",
        &q("startswith(displayName,'marketo')"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.json()["value"].as_array().unwrap().len(), 2);
    let res = call(
        &emu,
        "GET",
        &q(&format!(
            "displayName eq 'Marketo Integration' and appId eq '{app_id}'"
        )),
        &token,
        None,
    )
    .await;
    assert_eq!(res.json()["value"].as_array().unwrap().len(), 1);
    let res = call(&emu, "GET", &q("displayName eq 'Nobody'"), &token, None).await;
    assert_eq!(res.json()["value"], json!([]));

    // $select: only the named properties, and the context says so.
    let res = call(
        &emu,
        "GET",
        &format!(
            "{}&$select=id,appId,displayName",
            q("displayName eq 'Other'")
        ),
        &token,
        None,
    )
    .await;
    let body = res.json();
    assert_eq!(
        body["@odata.context"],
        "http://graph.localhost:8400/v1.0/$metadata#applications(id,appId,displayName)"
    );
    let keys: Vec<&String> = body["value"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["appId", "displayName", "id"]);
    let res = call(&emu, "GET", "/applications?$select=nope", &token, None).await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    assert_eq!(
        res.json()["error"]["message"],
        "Invalid $select properties."
    );

    // $count counts only with ConsistencyLevel: eventual, and is silently ignored otherwise.
    let url = format!("{}&$count=true", q("startswith(displayName,'Marketo')"));
    let res = call(&emu, "GET", &url, &token, None).await;
    assert!(res.json().get("@odata.count").is_none());
    let res = emu
        .send(
            "GET",
            &format!("{GRAPH}{url}"),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("consistencylevel", "eventual"),
            ],
            vec![],
        )
        .await;
    assert_eq!(res.json()["@odata.count"], 2);

    for (filter, code) in [
        ("displayName ne 'x'", "Request_UnsupportedQuery"),
        ("endswith(displayName,'x')", "Request_UnsupportedQuery"),
        ("notes eq 'x'", "Request_UnsupportedQuery"),
        ("displayName eq", "BadRequest"),
    ] {
        let res = call(&emu, "GET", &q(filter), &token, None).await;
        assert_graph_error(&res, StatusCode::BAD_REQUEST, code);
    }
    let res = call(&emu, "GET", "/applications?$top=1000", &token, None).await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
}

/// Percent-encodes a query value.
pub(super) fn percent(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn paging_follows_next_links_until_the_last_page() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    for n in 0..5 {
        create_app(&emu, &token, &format!("Paged {n}")).await;
    }
    let mut url = format!(
        "{GRAPH}/applications?$filter={}&$top=2",
        percent("startswith(displayName,'Paged')")
    );
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let res = call(&emu, "GET", &url, &token, None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        let body = res.json();
        pages += 1;
        for app in body["value"].as_array().unwrap() {
            seen.push(app["displayName"].as_str().unwrap().to_string());
        }
        match body["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(next.starts_with(GRAPH), "{next}");
                assert!(
                    next.contains("$top=2") || next.contains("%24top=2"),
                    "{next}"
                );
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    assert_eq!(
        seen,
        ["Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4"]
    );

    // Default page size is 100: the large tenant's first page.
    let emu = emu_for("large");
    let token = admin_token(&emu).await;
    let body = call(&emu, "GET", "/applications?$select=id", &token, None)
        .await
        .json();
    assert_eq!(body["value"].as_array().unwrap().len(), 100);
    assert!(body["@odata.nextLink"].is_string());
}

#[tokio::test]
async fn permissions_and_roles_govern_calls() {
    let emu = Emu::new();
    // Signed in with User.Read only: directory reads are refused.
    let weak = user_token(&emu, demo::ADMIN_UPN, &["User.Read"]).await;
    let res = call(&emu, "GET", "/applications", &weak, None).await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
    assert_eq!(
        res.json()["error"]["message"],
        "Insufficient privileges to complete the operation."
    );
    let res = call(
        &emu,
        "POST",
        "/oauth2PermissionGrants",
        &weak,
        Some(json!({})),
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
    let res = call(
        &emu,
        "GET",
        "/policies/defaultAppManagementPolicy",
        &weak,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
    let res = call(&emu, "GET", "/domains", &weak, None).await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");

    // Megan has the scopes but no directory role: reads work, writes do not.
    let megan = user_token(&emu, demo::USER_UPN, ADMIN_SCOPES).await;
    let res = call(&emu, "GET", "/applications", &megan, None).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = call(
        &emu,
        "POST",
        "/applications",
        &megan,
        Some(json!({"displayName": "x"})),
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
    let res = call(
        &emu,
        "POST",
        "/policies/homeRealmDiscoveryPolicies",
        &megan,
        Some(json!({"displayName": "p", "definition": ["{}"]})),
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");

    // A Dynamics token is not a Graph token.
    let code = emu
        .code_for(SPA_REDIRECT, &format!("openid offline_access {GDS_SCOPE}"))
        .await;
    let gds = emu
        .redeem(&code, SPA_REDIRECT, VERIFIER, GDS_SCOPE, Some(APP_ORIGIN))
        .await
        .json();
    let res = call(
        &emu,
        "GET",
        "/applications",
        gds["access_token"].as_str().unwrap(),
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
    assert_eq!(res.json()["error"]["message"], "Invalid audience.");
    let res = emu.get(&format!("{GRAPH}/servicePrincipals")).await;
    assert_graph_error(&res, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
}

#[tokio::test]
async fn not_admin_scenario_refuses_every_directory_write() {
    let emu = emu_for("not-admin");
    let token = admin_token(&emu).await;
    let res = call(
        &emu,
        "POST",
        "/applications",
        &token,
        Some(json!({"displayName": "x"})),
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
    let res = call(
        &emu,
        "POST",
        "/oauth2PermissionGrants",
        &token,
        Some(json!({"clientId": cli::SP_ID, "consentType": "AllPrincipals", "resourceId": DYNAMICS_SP_ID, "scope": "user_impersonation"})),
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
    // Reads still work.
    let res = call(&emu, "GET", "/servicePrincipals", &token, None).await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn add_password_returns_the_secret_once_with_hint_and_default_lifetime() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let app = create_app(&emu, &token, "Marketo Integration").await;
    let id = app["id"].as_str().unwrap();
    let res = add_password(
        &emu,
        &token,
        id,
        json!({"passwordCredential": {"displayName": "Marketo sync"}}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let cred = res.json();
    assert_eq!(
        cred["@odata.context"],
        "http://graph.localhost:8400/v1.0/$metadata#microsoft.graph.passwordCredential"
    );
    let secret = cred["secretText"].as_str().unwrap();
    assert_eq!(secret.len(), 40);
    assert_eq!(cred["hint"], &secret[..3]);
    assert_eq!(cred["displayName"], "Marketo sync");
    assert!(crate::resources::looks_like_guid(
        cred["keyId"].as_str().unwrap()
    ));
    let start =
        crate::graph::odata::parse_timestamp(cred["startDateTime"].as_str().unwrap()).unwrap();
    let end = crate::graph::odata::parse_timestamp(cred["endDateTime"].as_str().unwrap()).unwrap();
    assert_eq!(
        end,
        crate::graph::odata::add_years(start, 2),
        "two-year default"
    );

    // An explicit end date (by appId alternate key).
    let res = call(
        &emu,
        "POST",
        &format!(
            "/applications(appId='{}')/addPassword",
            app["appId"].as_str().unwrap()
        ),
        &token,
        Some(json!({"passwordCredential": {"endDateTime": "2099-01-01T00:00:00Z"}})),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["endDateTime"], "2099-01-01T00:00:00Z");

    // The application lists both credentials, never their secrets.
    let app = call(&emu, "GET", &format!("/applications/{id}"), &token, None)
        .await
        .json();
    let creds = app["passwordCredentials"].as_array().unwrap();
    assert_eq!(creds.len(), 2);
    assert!(creds.iter().all(|c| c["secretText"].is_null()));
    assert!(!app.to_string().contains(secret));

    let key_id = cred["keyId"].as_str().unwrap();
    let res = call(
        &emu,
        "POST",
        &format!("/applications/{id}/removePassword"),
        &token,
        Some(json!({"keyId": key_id})),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let res = call(
        &emu,
        "POST",
        &format!("/applications/{id}/removePassword"),
        &token,
        Some(json!({"keyId": key_id})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    let app = call(&emu, "GET", &format!("/applications/{id}"), &token, None)
        .await
        .json();
    assert_eq!(app["passwordCredentials"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn strict_policy_limits_secret_lifetime_to_180_days() {
    let emu = emu_for("strict-policy");
    let token = admin_token(&emu).await;
    let policy = call(
        &emu,
        "GET",
        "/policies/defaultAppManagementPolicy",
        &token,
        None,
    )
    .await;
    assert_eq!(policy.status, StatusCode::OK, "{}", policy.text());
    let policy = policy.json();
    assert_eq!(policy["id"], "00000000-0000-0000-0000-000000000000");
    assert_eq!(policy["isEnabled"], true);
    assert_eq!(
        policy["applicationRestrictions"]["passwordCredentials"],
        json!([{"restrictionType": "passwordLifetime", "maxLifetime": "P180D", "restrictForAppsCreatedAfterDateTime": null}])
    );
    let app = create_app(&emu, &token, "Marketo Integration").await;
    let id = app["id"].as_str().unwrap();
    // The two-year default exceeds the policy.
    let res = add_password(
        &emu,
        &token,
        id,
        json!({"passwordCredential": {"displayName": "s"}}),
    )
    .await;
    assert_graph_error(
        &res,
        StatusCode::BAD_REQUEST,
        "CredentialInvalidLifetimeAsPerAppPolicy",
    );
    assert_eq!(
        res.json()["error"]["message"],
        "Credential lifetime exceeds the max value allowed as per assigned policy '00000000-0000-0000-0000-000000000000'."
    );
    let end = crate::graph::odata::graph_timestamp(emu.state.now() + 90 * 86_400);
    let res = add_password(
        &emu,
        &token,
        id,
        json!({"passwordCredential": {"endDateTime": end}}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());

    // The fresh tenant's policy is Microsoft's default: disabled, no restrictions.
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let policy = call(
        &emu,
        "GET",
        "/policies/defaultAppManagementPolicy",
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(policy["isEnabled"], false);
    assert_eq!(
        policy["applicationRestrictions"],
        json!({"passwordCredentials": [], "keyCredentials": []})
    );
}

#[tokio::test]
async fn dynamics_and_graph_service_principals_exist_in_dynamics_tenants() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let url = format!(
        "/servicePrincipals?$filter={}&$select=id,appId,displayName,oauth2PermissionScopes",
        percent(&format!("appId eq '{DYNAMICS_CRM_APP_ID}'"))
    );
    let body = call(&emu, "GET", &url, &token, None).await.json();
    let sp = &body["value"][0];
    assert_eq!(sp["id"], DYNAMICS_SP_ID);
    assert_eq!(sp["displayName"], "Dynamics CRM");
    let scope = sp["oauth2PermissionScopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["value"] == "user_impersonation")
        .unwrap();
    assert_eq!(scope["id"], DYNAMICS_USER_IMPERSONATION_ID);
    let graph = call(
        &emu,
        "GET",
        &format!(
            "/servicePrincipals(appId='{}')",
            crate::scenario::GRAPH_APP_ID
        ),
        &token,
        None,
    )
    .await;
    assert_eq!(graph.json()["id"], GRAPH_SP_ID);
    let by_name = format!(
        "/servicePrincipals?$filter={}",
        percent("displayName eq 'Microsoft Graph'")
    );
    assert_eq!(
        call(&emu, "GET", &by_name, &token, None).await.json()["value"][0]["id"],
        GRAPH_SP_ID
    );

    let emu = emu_for("no-dynamics");
    let token = admin_token(&emu).await;
    let body = call(&emu, "GET", &url, &token, None).await.json();
    assert_eq!(body["value"], json!([]));
    let res = call(
        &emu,
        "GET",
        &format!("/servicePrincipals(appId='{DYNAMICS_CRM_APP_ID}')"),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
}

#[tokio::test]
async fn service_principal_create_duplicate_and_missing_application() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let app = create_app(&emu, &token, "Marketo Integration").await;
    let app_id = app["appId"].as_str().unwrap();
    let sp = create_sp(&emu, &token, app_id).await;
    assert_eq!(sp["appId"], app_id);
    assert_eq!(sp["displayName"], "Marketo Integration");
    assert_eq!(sp["appOwnerOrganizationId"], demo::TENANT_ID);
    assert_eq!(sp["servicePrincipalType"], "Application");
    assert_ne!(sp["id"], app["id"]);
    let res = call(
        &emu,
        "POST",
        "/servicePrincipals",
        &token,
        Some(json!({"appId": app_id})),
    )
    .await;
    assert_graph_error(
        &res,
        StatusCode::CONFLICT,
        "Request_MultipleObjectsWithSameKeyValue",
    );
    let res = call(
        &emu,
        "POST",
        "/servicePrincipals",
        &token,
        Some(json!({"appId": "11111111-2222-4333-8444-555555555555"})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    assert!(res.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("does not reference a valid application object"));
    // Clients match the replication case on `details[].code` (codes, never messages:
    // microsoft-graph-docs-contrib `concepts/errors.md`; this body is community evidence).
    assert_eq!(
        res.json()["error"]["details"][0]["code"],
        "NoBackingApplicationObject"
    );
    assert_eq!(res.json()["error"]["details"][0]["target"], "appId");
    let by_key = call(
        &emu,
        "GET",
        &format!("/servicePrincipals(appId='{app_id}')"),
        &token,
        None,
    )
    .await;
    assert_eq!(by_key.json()["id"], sp["id"]);
    // Deleting the application deletes its service principal too.
    let res = call(
        &emu,
        "DELETE",
        &format!("/applications/{}", app["id"].as_str().unwrap()),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = call(
        &emu,
        "GET",
        &format!("/servicePrincipals/{}", sp["id"].as_str().unwrap()),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");

    // A tenant without Dynamics can instantiate Microsoft's first-party service principal.
    let emu = emu_for("no-dynamics");
    let token = admin_token(&emu).await;
    let sp = create_sp(&emu, &token, DYNAMICS_CRM_APP_ID).await;
    assert_eq!(sp["displayName"], "Dynamics CRM");
    assert_eq!(
        sp["appOwnerOrganizationId"],
        seed::MICROSOFT_SERVICES_TENANT_ID
    );
}

#[tokio::test]
async fn delegated_permission_grants_create_duplicate_patch_delete() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let app = create_app(&emu, &token, "Marketo Integration").await;
    let sp = create_sp(&emu, &token, app["appId"].as_str().unwrap()).await;
    let client_id = sp["id"].as_str().unwrap();
    let body = json!({"clientId": client_id, "consentType": "AllPrincipals", "resourceId": DYNAMICS_SP_ID, "scope": "user_impersonation"});
    let res = call(
        &emu,
        "POST",
        "/oauth2PermissionGrants",
        &token,
        Some(body.clone()),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let grant = res.json();
    assert_eq!(grant["principalId"], Value::Null);
    assert_eq!(grant["scope"], "user_impersonation");
    assert_eq!(grant["consentType"], "AllPrincipals");
    let grant_id = grant["id"].as_str().unwrap();

    let res = call(&emu, "POST", "/oauth2PermissionGrants", &token, Some(body)).await;
    assert_graph_error(
        &res,
        StatusCode::CONFLICT,
        "Request_MultipleObjectsWithSameKeyValue",
    );
    assert_eq!(
        res.json()["error"]["message"],
        "Permission entry already exists."
    );

    // The check before creating a grant: filter by client, consent type and resource
    // (microsoft-graph-docs-contrib `concepts/permissions-grant-via-msgraph.md`,
    // `api-reference/v1.0/resources/oauth2permissiongrant.md`).
    let filter = format!("clientId eq '{client_id}' and consentType eq 'AllPrincipals' and resourceId eq '{DYNAMICS_SP_ID}'");
    let url = format!("/oauth2PermissionGrants?$filter={}", percent(&filter));
    let list = call(&emu, "GET", &url, &token, None).await.json();
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    assert_eq!(list["value"][0]["id"], grant_id);

    let res = call(
        &emu,
        "PATCH",
        &format!("/oauth2PermissionGrants/{grant_id}"),
        &token,
        Some(json!({"scope": "user_impersonation offline_access"})),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let got = call(
        &emu,
        "GET",
        &format!("/oauth2PermissionGrants/{grant_id}"),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(got["scope"], "user_impersonation offline_access");

    // Unknown client, and AllPrincipals with a principal.
    let res = call(&emu, "POST", "/oauth2PermissionGrants", &token, Some(json!({"clientId": "11111111-2222-4333-8444-555555555555", "consentType": "AllPrincipals", "resourceId": DYNAMICS_SP_ID, "scope": "x"}))).await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    let res = call(&emu, "POST", "/oauth2PermissionGrants", &token, Some(json!({"clientId": client_id, "consentType": "AllPrincipals", "principalId": demo::ADMIN_OID, "resourceId": GRAPH_SP_ID, "scope": "x"}))).await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");

    let res = call(
        &emu,
        "DELETE",
        &format!("/oauth2PermissionGrants/{grant_id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = call(
        &emu,
        "GET",
        &format!("/oauth2PermissionGrants/{grant_id}"),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
}

/// The HRD policy body (microsoft-graph-docs-contrib
/// `api-reference/v1.0/api/homerealmdiscoverypolicy-post-homerealmdiscoverypolicies.md`; the
/// definition from entra-docs
/// `docs/identity/enterprise-apps/configure-authentication-for-federated-users-portal.md`).
pub(super) fn hrd_body() -> Value {
    json!({
        "displayName": "Marketo ROPC - cloud password validation",
        "definition": ["{\"HomeRealmDiscoveryPolicy\":{\"AllowCloudPasswordValidation\":true}}"],
        "isOrganizationDefault": false,
    })
}

#[tokio::test]
async fn home_realm_discovery_policies_one_per_service_principal() {
    let emu = emu_for("federated");
    let token = admin_token(&emu).await;
    let res = call(
        &emu,
        "POST",
        "/policies/homeRealmDiscoveryPolicies",
        &token,
        Some(hrd_body()),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let policy = res.json();
    assert_eq!(policy["definition"], hrd_body()["definition"]);
    assert_eq!(policy["isOrganizationDefault"], false);
    let policy_id = policy["id"].as_str().unwrap();
    let other = call(
        &emu,
        "POST",
        "/policies/homeRealmDiscoveryPolicies",
        &token,
        Some(hrd_body()),
    )
    .await
    .json();
    // `definition` entries must be JSON documents carried as strings.
    let res = call(
        &emu,
        "POST",
        "/policies/homeRealmDiscoveryPolicies",
        &token,
        Some(json!({"displayName": "bad", "definition": [{"HomeRealmDiscoveryPolicy": {}}]})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");

    let app = create_app(&emu, &token, "Marketo Integration").await;
    let sp = create_sp(&emu, &token, app["appId"].as_str().unwrap()).await;
    let sp_id = sp["id"].as_str().unwrap();
    let reference = |id: &str| json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/policies/homeRealmDiscoveryPolicies/{id}")});
    let res = call(
        &emu,
        "POST",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/$ref"),
        &token,
        Some(reference(policy_id)),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let list = call(
        &emu,
        "GET",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies"),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(list["value"][0]["id"], policy_id);

    // A second policy on the same service principal is refused; the same one again too.
    let res = call(
        &emu,
        "POST",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/$ref"),
        &token,
        Some(reference(other["id"].as_str().unwrap())),
    )
    .await;
    assert_graph_error(
        &res,
        StatusCode::CONFLICT,
        "Request_MultipleObjectsWithSameKeyValue",
    );
    let res = call(
        &emu,
        "POST",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/$ref"),
        &token,
        Some(reference(policy_id)),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    let res = call(
        &emu,
        "POST",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/$ref"),
        &token,
        Some(reference("11111111-2222-4333-8444-555555555555")),
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");

    // Removal through the appId alternate key.
    let app_id = app["appId"].as_str().unwrap();
    let res = call(
        &emu,
        "DELETE",
        &format!(
            "/servicePrincipals(appId='{app_id}')/homeRealmDiscoveryPolicies/{policy_id}/$ref"
        ),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let list = call(
        &emu,
        "GET",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies"),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(list["value"], json!([]));
    let res = call(
        &emu,
        "DELETE",
        &format!("/servicePrincipals/{sp_id}/homeRealmDiscoveryPolicies/{policy_id}/$ref"),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");

    let all = call(
        &emu,
        "GET",
        "/policies/homeRealmDiscoveryPolicies",
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(all["value"].as_array().unwrap().len(), 2);
    let res = call(
        &emu,
        "DELETE",
        &format!("/policies/homeRealmDiscoveryPolicies/{policy_id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = call(
        &emu,
        "GET",
        &format!("/policies/homeRealmDiscoveryPolicies/{policy_id}"),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
}

#[tokio::test]
async fn replication_lag_hides_new_objects_from_reads() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    emu.state.directory().replication_lag_secs = 30;
    let app = create_app(&emu, &token, "Marketo Integration").await;
    let (id, app_id) = (app["id"].as_str().unwrap(), app["appId"].as_str().unwrap());
    let res = call(&emu, "GET", &format!("/applications/{id}"), &token, None).await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    let list = call(
        &emu,
        "GET",
        &format!(
            "/applications?$filter={}",
            percent("displayName eq 'Marketo Integration'")
        ),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(list["value"], json!([]));
    let res = call(
        &emu,
        "POST",
        "/servicePrincipals",
        &token,
        Some(json!({"appId": app_id})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    let res = add_password(&emu, &token, id, json!({})).await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert!(emu
        .state
        .directory()
        .service_principal_by_app_id(app_id, emu.state.now())
        .is_none());

    emu.state.advance_clock(30);
    let token = admin_token(&emu).await;
    let res = call(&emu, "GET", &format!("/applications/{id}"), &token, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let sp = create_sp(&emu, &token, app_id).await;
    let now = emu.state.now();
    assert!(
        emu.state
            .directory()
            .service_principal_by_app_id(app_id, now)
            .is_none(),
        "the SP replicates too"
    );
    emu.state.advance_clock(30);
    let dir = emu.state.directory();
    let found = dir
        .service_principal_by_app_id(app_id, emu.state.now())
        .unwrap();
    assert_eq!(found.id, sp["id"].as_str().unwrap());
}

#[tokio::test]
async fn domains_and_directory_roles() {
    let emu = emu_for("federated");
    let token = admin_token(&emu).await;
    let body = call(
        &emu,
        "GET",
        "/domains?$select=id,authenticationType,isVerified,isDefault,isInitial",
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(
        body["@odata.context"],
        "http://graph.localhost:8400/v1.0/$metadata#domains(id,authenticationType,isVerified,isDefault,isInitial)"
    );
    let value = body["value"].as_array().unwrap();
    assert_eq!(value.len(), 2);
    let fed = value.iter().find(|d| d["id"] == "contoso-fed.com").unwrap();
    assert_eq!(fed["authenticationType"], "Federated");
    assert_eq!(fed["isVerified"], true);
    let managed = value
        .iter()
        .find(|d| d["id"] == demo::TENANT_DOMAIN)
        .unwrap();
    assert_eq!(managed["authenticationType"], "Managed");
    let one = call(&emu, "GET", "/domains/contoso-fed.com", &token, None).await;
    assert_eq!(one.json()["authenticationType"], "Federated");

    // The OData cast needs the advanced query parameters.
    let path = "/me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$select=displayName,roleTemplateId";
    let res = call(&emu, "GET", path, &token, None).await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_UnsupportedQuery");
    let auth = format!("Bearer {token}");
    let res = emu
        .get_with(
            &format!("{GRAPH}{path}"),
            &[("authorization", &auth), ("ConsistencyLevel", "eventual")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let body = res.json();
    assert_eq!(body["@odata.count"], 1);
    assert_eq!(
        body["value"],
        json!([{"@odata.type": "#microsoft.graph.directoryRole", "displayName": "Global Administrator", "roleTemplateId": crate::scenario::GLOBAL_ADMINISTRATOR_ROLE_ID}])
    );
    // With User.Read alone, directory roles come back with limited information.
    let weak = user_token(&emu, demo::ADMIN_UPN, &["User.Read"]).await;
    let res = emu
        .get_with(
            &format!("{GRAPH}/me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true"),
            &[
                ("authorization", &format!("Bearer {weak}")),
                ("consistencylevel", "eventual"),
            ],
        )
        .await;
    let role = &res.json()["value"][0];
    assert!(role["id"].is_string());
    assert_eq!(role["displayName"], Value::Null);
    // Megan has no role.
    let megan = user_token(&emu, demo::USER_UPN, ADMIN_SCOPES).await;
    let res = emu
        .get_with(
            &format!("{GRAPH}{path}"),
            &[
                ("authorization", &format!("Bearer {megan}")),
                ("consistencylevel", "eventual"),
            ],
        )
        .await;
    assert_eq!(res.json()["value"], json!([]));
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let emu = Emu::new();
    let res = emu
        .send(
            "OPTIONS",
            &format!("{GRAPH}/applications"),
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization,content-type,consistencylevel,if-match",
                ),
            ],
            vec![],
        )
        .await;
    assert!(res.status.is_success());
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert!(res
        .header("access-control-allow-headers")
        .unwrap()
        .contains("consistencylevel"));
    let token = admin_token(&emu).await;
    let res = emu
        .send(
            "POST",
            &format!("{GRAPH}/applications"),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
                ("origin", APP_ORIGIN),
            ],
            json!({"displayName": "x"}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let exposed = res
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "request-id",
        "location",
        "client-request-id",
        "retry-after",
        "etag",
        "www-authenticate",
    ] {
        assert!(exposed.contains(h), "{exposed}");
    }
    let res = emu
        .get_with(&format!("{GRAPH}/applications"), &[("origin", APP_ORIGIN)])
        .await;
    assert_eq!(
        res.header("access-control-allow-origin"),
        Some("*"),
        "errors are readable cross-origin"
    );
}

#[tokio::test]
async fn app_only_tokens_use_app_roles() {
    let emu = Emu::new();
    let res = app_token(
        &emu,
        cli::APP_ID,
        cli::SECRET,
        &format!("{GRAPH_HOST}/.default"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let token = res.json()["access_token"].as_str().unwrap().to_string();
    // Application.ReadWrite.All as an app role: create an application, no directory role needed.
    let app = create_app(&emu, &token, "Created by automation").await;
    let res = call(
        &emu,
        "GET",
        &format!("/applications/{}", app["id"].as_str().unwrap()),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let res = call(&emu, "GET", "/me", &token, None).await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "BadRequest");
    // No DelegatedPermissionGrant.ReadWrite.All role: grants are refused.
    let res = call(
        &emu,
        "POST",
        "/oauth2PermissionGrants",
        &token,
        Some(json!({})),
    )
    .await;
    assert_graph_error(&res, StatusCode::FORBIDDEN, "Authorization_RequestDenied");
}

#[tokio::test]
async fn half_configured_has_the_app_but_no_service_principal_or_grant() {
    let emu = emu_for("half-configured");
    let token = admin_token(&emu).await;
    let list = call(
        &emu,
        "GET",
        &format!(
            "/applications?$filter={}",
            percent("displayName eq 'Marketo Integration'")
        ),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    assert_eq!(list["value"][0]["appId"], seed::half_configured::APP_ID);
    let res = call(
        &emu,
        "GET",
        &format!(
            "/servicePrincipals(appId='{}')",
            seed::half_configured::APP_ID
        ),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    // The fresh tenant has no Marketo app at all.
    let emu = emu_for("fresh");
    let token = admin_token(&emu).await;
    let list = call(
        &emu,
        "GET",
        &format!(
            "/applications?$filter={}",
            percent("displayName eq 'Marketo Integration'")
        ),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(list["value"], json!([]));
}

/// `appRoleAssignedTo` lists who is assigned to an enterprise application, in the documented
/// shape (`serviceprincipal-list-approleassignedto.md`, `approleassignment.md`); `$select` is
/// checked against the published type and `$filter` (not emulated) is refused, never ignored.
/// `sp-disabled` and `assignment-required` carry the two service principal properties the
/// pre-flight check reads.
#[tokio::test]
async fn enterprise_application_state_and_assignments() {
    let emu = emu_for("assignment-required");
    let token = admin_token(&emu).await;
    let path = format!("/servicePrincipals/{}/appRoleAssignedTo", seed::ropc::SP_ID);
    let list = call(
        &emu,
        "GET",
        &format!("{path}?$select=principalId,principalType,principalDisplayName&$top=999"),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(
        list["value"],
        json!([{"principalId": demo::ADMIN_OID, "principalType": "User", "principalDisplayName": demo::ADMIN_NAME}])
    );
    let whole = call(&emu, "GET", &path, &token, None).await.json();
    assert_eq!(
        whole["value"][0]["appRoleId"],
        "00000000-0000-0000-0000-000000000000"
    );
    assert_eq!(whole["value"][0]["resourceId"], seed::ropc::SP_ID);
    let res = call(
        &emu,
        "GET",
        &format!("{path}?$select=principalName"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = call(
        &emu,
        "GET",
        &format!("{path}?$filter={}", percent("principalType eq 'User'")),
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_UnsupportedQuery");
    let sp = call(
        &emu,
        "GET",
        &format!(
            "/servicePrincipals/{}?$select=accountEnabled,appRoleAssignmentRequired",
            seed::ropc::SP_ID
        ),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(
        (
            sp["accountEnabled"].clone(),
            sp["appRoleAssignmentRequired"].clone()
        ),
        (json!(true), json!(true))
    );

    let emu = emu_for("sp-disabled");
    let token = admin_token(&emu).await;
    let sp = call(
        &emu,
        "GET",
        &format!(
            "/servicePrincipals/{}?$select=accountEnabled,appRoleAssignmentRequired",
            seed::connected::SP_ID
        ),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(
        (
            sp["accountEnabled"].clone(),
            sp["appRoleAssignmentRequired"].clone()
        ),
        (json!(false), json!(false))
    );
    let none = call(
        &emu,
        "GET",
        &format!(
            "/servicePrincipals/{}/appRoleAssignedTo",
            seed::connected::SP_ID
        ),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(none["value"], json!([]));
}

/// Conditional Access policies and security defaults are read in Graph's shape, with
/// Policy.Read.All and a reader role (`rbac-conditionalaccess-apis-read.md`): a user without one
/// gets 403; `$select` is checked against the published types.
#[tokio::test]
async fn conditional_access_and_security_defaults_are_readable_by_readers_only() {
    let emu = emu_for("conditional-access");
    let token = admin_token(&emu).await;
    let list = call(
        &emu,
        "GET",
        "/identity/conditionalAccess/policies?$select=displayName,state,conditions,grantControls",
        &token,
        None,
    )
    .await
    .json();
    let policies = list["value"].as_array().unwrap();
    assert_eq!(policies.len(), 2);
    assert_eq!(
        policies[1]["conditions"]["clientApplications"]["includeServicePrincipals"],
        json!(["ServicePrincipalsInMyTenant"])
    );
    assert_eq!(
        policies[0]["grantControls"]["builtInControls"],
        json!(["mfa"])
    );
    assert!(policies[0].get("id").is_none(), "only what was selected");
    let res = call(
        &emu,
        "GET",
        "/identity/conditionalAccess/policies?$select=conditionz",
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let defaults = call(
        &emu,
        "GET",
        "/policies/identitySecurityDefaultsEnforcementPolicy",
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(
        (defaults["id"].clone(), defaults["isEnabled"].clone()),
        (json!("00000000-0000-0000-0000-000000000005"), json!(false))
    );
    let emu = emu_for("not-admin");
    let token = admin_token(&emu).await;
    let res = call(
        &emu,
        "GET",
        "/identity/conditionalAccess/policies",
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
}

/// Mean time of `n` filtered Graph requests.
async fn mean_request_time(emu: &Emu, token: &str, path: &str, n: u32) -> std::time::Duration {
    let start = std::time::Instant::now();
    for _ in 0..n {
        let res = call(emu, "GET", path, token, None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    }
    start.elapsed() / n
}

#[tokio::test]
async fn large_tenant_answers_filters_from_indexes() {
    let started = std::time::Instant::now();
    let scenario = Scenario::by_name("large", &hosts(), &[]).unwrap();
    let built = started.elapsed();
    assert_eq!(
        scenario.directory.application_count(),
        seed::LARGE_APPLICATIONS + 1
    );
    assert_eq!(scenario.users.len(), seed::LARGE_USERS);

    let large = emu_for("large");
    let fresh = emu_for("fresh");
    let large_token = admin_token(&large).await;
    let fresh_token = admin_token(&fresh).await;
    let by_name = format!(
        "/applications?$filter={}",
        percent("displayName eq 'Line-of-business app 04242'")
    );
    let body = call(&large, "GET", &by_name, &large_token, None)
        .await
        .json();
    assert_eq!(body["value"].as_array().unwrap().len(), 1);
    let app_id = body["value"][0]["appId"].as_str().unwrap().to_string();
    let by_app_id = format!(
        "/servicePrincipals?$filter={}",
        percent(&format!("appId eq '{app_id}'"))
    );
    assert_eq!(
        call(&large, "GET", &by_app_id, &large_token, None)
            .await
            .json()["value"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Compare like with like: a filter that matches exactly one application in each tenant.
    let fresh_by_name = format!(
        "/applications?$filter={}",
        percent("displayName eq 'CLI automation'")
    );
    let body = call(&fresh, "GET", &fresh_by_name, &fresh_token, None)
        .await
        .json();
    assert_eq!(body["value"].as_array().unwrap().len(), 1);
    let n = 50;
    let large_time = mean_request_time(&large, &large_token, &by_name, n).await;
    let fresh_time = mean_request_time(&fresh, &fresh_token, &fresh_by_name, n).await;
    eprintln!(
        "filter by displayName (one match): large {large_time:?} per request, fresh {fresh_time:?} per request \
         (large scenario built in {built:?})"
    );
    // Times are printed, not asserted (a busy machine would make such a test flaky); the
    // figures go to the benchmark notes. What is asserted above is deterministic.
}

/// Password hash sync is read from `/directory/onPremisesSynchronization`
/// (`onpremisesdirectorysynchronization-get.md`): a collection, with
/// OnPremDirectorySynchronization.Read.All, by a Global Administrator only; `$select` is checked
/// against the published type; a cloud-only tenant lists nothing.
#[tokio::test]
async fn password_hash_sync_is_read_by_global_administrators_with_its_permission() {
    const PATH: &str = "/directory/onPremisesSynchronization?$select=features";
    let emu = emu_for("federated");
    let without = admin_token(&emu).await;
    let res = call(&emu, "GET", PATH, &without, None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
    assert_eq!(res.json()["error"]["code"], "Authorization_RequestDenied");

    let mut scopes = ADMIN_SCOPES.to_vec();
    scopes.push("OnPremDirectorySynchronization.Read.All");
    let token = user_token(&emu, demo::ADMIN_UPN, &scopes).await;
    let list = call(&emu, "GET", PATH, &token, None).await.json();
    let value = list["value"].as_array().unwrap();
    assert_eq!(value.len(), 1);
    assert_eq!(value[0]["features"]["passwordSyncEnabled"], json!(true));
    assert!(value[0].get("id").is_none(), "only what was selected");
    assert!(list["@odata.context"]
        .as_str()
        .unwrap()
        .contains("directory/onPremisesSynchronization"));
    let res = call(
        &emu,
        "GET",
        "/directory/onPremisesSynchronization?$select=passwordSyncEnabled",
        &token,
        None,
    )
    .await;
    assert_eq!(
        res.status,
        StatusCode::BAD_REQUEST,
        "a feature is not a property"
    );
    emu.state.directory().password_sync = Some(false);
    let off = call(&emu, "GET", PATH, &token, None).await.json();
    assert_eq!(
        off["value"][0]["features"]["passwordSyncEnabled"],
        json!(false)
    );

    let cloud_only = emu_for("fresh");
    let token = user_token(&cloud_only, demo::ADMIN_UPN, &scopes).await;
    let none = call(&cloud_only, "GET", PATH, &token, None).await.json();
    assert_eq!(none["value"], json!([]));

    // A Global Reader may read Conditional Access, but not this.
    let mut scenario = Scenario::by_name("federated", &hosts(), &[]).unwrap();
    let admin = scenario
        .users
        .iter_mut()
        .find(|u| u.upn == demo::ADMIN_UPN)
        .unwrap();
    admin.roles = vec!["Global Reader".into()];
    admin.role_template_ids = vec!["f2ef992c-3afb-46b9-b7cf-a126ee74c451".into()];
    let state = AppState::new(hosts(), scenario, None);
    let reader = Emu {
        router: app(state.clone()),
        state,
    };
    let token = user_token(&reader, demo::ADMIN_UPN, &scopes).await;
    let res = call(&reader, "GET", PATH, &token, None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
}
