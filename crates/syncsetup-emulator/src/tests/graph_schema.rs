//! Graph schema strictness (`graph::schema`, fixture `schema/graph-v1.0.json` from
//! `@microsoft/microsoft-graph-types` 2.43.1): unknown and read-only properties (also nested),
//! PATCH of `passwordCredentials`, `$select` and `$filter` against the published schema, PATCH
//! replacing a collection, and `$filter` literals percent-decoded.

use axum::http::StatusCode;
use serde_json::json;

use super::graph_directory::{admin_token, assert_graph_error, call, create_app, GRAPH};
use super::*;
use crate::scenario::DYNAMICS_CRM_APP_ID;

const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const USER_READ: &str = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";

fn message(res: &Resp) -> String {
    res.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn unknown_and_read_only_properties_are_refused_also_nested() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    for (body, expected) in [
        (
            json!({"displayName": "x", "notAProperty": true}),
            "Invalid property 'notAProperty'.",
        ),
        // JSON names are case-sensitive (strict choice).
        (
            json!({"DisplayName": "x"}),
            "Invalid property 'DisplayName'.",
        ),
        (
            json!({"displayName": "x", "appId": "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}),
            "Property 'appId' is read-only and cannot be set.",
        ),
        (
            json!({"displayName": "x", "requiredResourceAccess": [
                {"resourceAppId": GRAPH_APP_ID, "resourceAccess": [{"id": USER_READ, "type": "Scope"}], "extra": 1}
            ]}),
            "Invalid property 'extra'.",
        ),
        (
            json!({"displayName": "x", "requiredResourceAccess": [
                {"resourceAppId": GRAPH_APP_ID, "resourceAccess": [{"id": USER_READ, "type": "Scope", "value": "User.Read"}]}
            ]}),
            "Invalid property 'value'.",
        ),
        (
            json!({"displayName": "x", "web": {"redirectUris": [], "redirectUri": "x"}}),
            "Invalid property 'redirectUri'.",
        ),
    ] {
        let res = call(&emu, "POST", "/applications", &token, Some(body.clone())).await;
        assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
        assert_eq!(message(&res), expected, "{body}");
    }
    let app = create_app(&emu, &token, "Schema test").await;
    let id = app["id"].as_str().unwrap();
    // PATCH of passwordCredentials (application-update.md).
    let res = call(
        &emu,
        "PATCH",
        &format!("/applications/{id}"),
        &token,
        Some(json!({"passwordCredentials": [{"displayName": "s"}]})),
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    assert_eq!(
        message(&res),
        "New password credentials must be generated using service actions."
    );
    // addPassword: the credential's hint and secretText are read-only; unknown members refused.
    for (body, expected) in [
        (
            json!({"passwordCredential": {"displayName": "s", "secretText": "mine"}}),
            "Property 'secretText' is read-only and cannot be set.",
        ),
        (
            json!({"passwordCredential": {"displayName": "s", "lifetime": "P1Y"}}),
            "Invalid property 'lifetime'.",
        ),
        (
            json!({"passwordCredential": {"displayName": "s"}, "displayName": "s"}),
            "Invalid property 'displayName'.",
        ),
    ] {
        let res = call(
            &emu,
            "POST",
            &format!("/applications/{id}/addPassword"),
            &token,
            Some(body.clone()),
        )
        .await;
        assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
        assert_eq!(message(&res), expected, "{body}");
    }
    // Service principals and grants: unknown property, read-only id.
    let res = call(
        &emu,
        "POST",
        "/servicePrincipals",
        &token,
        Some(json!({"appId": app["appId"], "secret": "x"})),
    )
    .await;
    assert_eq!(message(&res), "Invalid property 'secret'.");
    let res = call(
        &emu,
        "POST",
        "/oauth2PermissionGrants",
        &token,
        Some(json!({"id": "x", "clientId": "a", "consentType": "AllPrincipals", "resourceId": "b", "scope": "x"})),
    )
    .await;
    assert_eq!(
        message(&res),
        "Property 'id' is read-only and cannot be set."
    );
}

#[tokio::test]
async fn patch_replaces_required_resource_access() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let app = create_app(&emu, &token, "Replace test").await;
    let id = app["id"].as_str().unwrap();
    assert_eq!(
        app["requiredResourceAccess"][0]["resourceAppId"],
        DYNAMICS_CRM_APP_ID
    );
    // application-update.md / OData 4.01 §11.4.3: a collection in a PATCH body replaces it.
    let res = call(
        &emu,
        "PATCH",
        &format!("/applications/{id}"),
        &token,
        Some(json!({"requiredResourceAccess": [
            {"resourceAppId": GRAPH_APP_ID, "resourceAccess": [{"id": USER_READ, "type": "Scope"}]}
        ]})),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let got = call(&emu, "GET", &format!("/applications/{id}"), &token, None)
        .await
        .json();
    assert_eq!(
        got["requiredResourceAccess"],
        json!([{"resourceAppId": GRAPH_APP_ID, "resourceAccess": [{"id": USER_READ, "type": "Scope"}]}]),
    );
}

#[tokio::test]
async fn select_and_filter_follow_the_published_schema() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    // A declared property the emulator does not model is selectable.
    let res = call(
        &emu,
        "GET",
        "/applications?$select=id,uniqueName",
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = call(
        &emu,
        "GET",
        "/servicePrincipals?$select=id,nope",
        &token,
        None,
    )
    .await;
    assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_BadRequest");
    assert_eq!(message(&res), "Invalid $select properties.");
    for (path, property, resource) in [
        // appId supports only eq (and so in) on applications.
        (
            "/applications?$filter=startswith(appId,'5a')",
            "appId",
            "Application",
        ),
        // uniqueName has no "Supports $filter".
        (
            "/applications?$filter=uniqueName eq 'x'",
            "uniqueName",
            "Application",
        ),
        // scope of a grant has no "Supports $filter".
        (
            "/oauth2PermissionGrants?$filter=scope eq 'x'",
            "scope",
            "OAuth2PermissionGrant",
        ),
        // any() needs a collection.
        (
            "/servicePrincipals?$filter=appId/any(x:x eq 'a')",
            "appId",
            "ServicePrincipal",
        ),
    ] {
        let res = call(&emu, "GET", path, &token, None).await;
        assert_graph_error(&res, StatusCode::BAD_REQUEST, "Request_UnsupportedQuery");
        assert_eq!(
            message(&res),
            format!("Unsupported or invalid query filter clause specified for property '{property}' of resource '{resource}'."),
            "{path}"
        );
    }
    // `in` is supported wherever `eq` is.
    let res = call(
        &emu,
        "GET",
        "/applications?$filter=appId in ('a','b')",
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
}

#[tokio::test]
async fn filter_literals_are_percent_decoded_and_a_raw_ampersand_splits_the_query() {
    let emu = Emu::new();
    let token = admin_token(&emu).await;
    let name = "Marketo & D365 #1 + test";
    create_app(&emu, &token, name).await;
    let res = call(
        &emu,
        "GET",
        "/applications?$filter=displayName%20eq%20%27Marketo%20%26%20D365%20%231%20%2B%20test%27",
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let found = res.json()["value"].as_array().unwrap().clone();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["displayName"], name);
    // `+` is a space (the form reading): `%2B` is needed for a plus sign.
    let res = call(
        &emu,
        "GET",
        "/applications?$filter=displayName+eq+%27Marketo%20%26%20D365%20%231%20+%20test%27",
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["value"].as_array().unwrap().len(), 0);
    // A raw `&` ends the $filter: the literal is cut and the clause is malformed.
    let res = call(
        &emu,
        "GET",
        &format!("{GRAPH}/applications?$filter=displayName eq 'Marketo & D365'"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
}
