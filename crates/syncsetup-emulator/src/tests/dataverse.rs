//! Dataverse Web API routes: authentication (audience, expiry, membership), `WhoAmI` and
//! `RetrieveVersion` against Microsoft's documented samples, business units, system users,
//! security roles (one copy per business unit, `$ref` association from both sides), application
//! users (service principal replication, duplicates), privileges (`PrivilegeDenied`), paging,
//! `Prefer: return=representation` vs `OData-EntityId`, CORS, the organization row's base
//! language and users' settings (powerapps-docs `…/reference/entities/organization.md`,
//! `…/reference/entities/usersettings.md`). Metadata, solutions, plug-in steps and publishing are
//! in `dataverse_metadata.rs`.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::graph_directory::{admin_token, app_token, call, create_app, create_sp, emu_for};
use super::*;
use crate::scenario::dataverse as names;

/// The main environment's URL in tests.
pub(super) const ORG: &str = "http://contoso.crm.localhost:8400";
/// Its Web API root.
pub(super) const API: &str = "http://contoso.crm.localhost:8400/api/data/v9.2/";

/// A Dataverse access token for `upn` and environment `org`, obtained like the SPA does.
pub(super) async fn org_token(emu: &Emu, upn: &str, org: &str) -> String {
    let scope = format!("{org}/user_impersonation");
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

/// Adele's token for the main environment.
pub(super) async fn dv_token(emu: &Emu) -> String {
    org_token(emu, demo::ADMIN_UPN, ORG).await
}

/// Sends a Web API request (`path` relative to [`API`] unless absolute) with the headers
/// Microsoft's samples send, plus `extra`.
pub(super) async fn dv(
    emu: &Emu,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
    extra: &[(&str, &str)],
) -> Resp {
    let url = if path.starts_with("http") {
        path.to_string()
    } else {
        format!("{API}{path}")
    };
    let auth = format!("Bearer {token}");
    let mut headers = vec![
        ("authorization", auth.as_str()),
        ("accept", "application/json"),
        ("odata-version", "4.0"),
        ("odata-maxversion", "4.0"),
    ];
    if body.is_some() {
        headers.push(("content-type", "application/json"));
    }
    headers.extend_from_slice(extra);
    let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    emu.send(method, &url, &headers, body).await
}

/// GET, asserting 200, returning the JSON.
pub(super) async fn dv_get(emu: &Emu, path: &str, token: &str) -> Value {
    let res = dv(emu, "GET", path, token, None, &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
    res.json()
}

/// Asserts a Web API error: status and `error.code`.
pub(super) fn assert_dv_error(res: &Resp, status: StatusCode, code: &str) {
    assert_eq!(res.status, status, "{}", res.text());
    let body = res.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    assert_eq!(res.header("odata-version"), Some("4.0"));
}

/// Percent-encodes a query value.
pub(super) fn q(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The root business unit's id.
pub(super) async fn root_bu(emu: &Emu, token: &str) -> String {
    let body = dv_get(
        emu,
        &format!(
            "businessunits?$select=businessunitid,name&$filter={}",
            q("_parentbusinessunitid_value eq null")
        ),
        token,
    )
    .await;
    assert_eq!(body["value"].as_array().unwrap().len(), 1, "{body}");
    body["value"][0]["businessunitid"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The id of role `name` in business unit `bu`.
pub(super) async fn role_in(emu: &Emu, token: &str, name: &str, bu: &str) -> String {
    let filter = q(&format!(
        "name eq '{name}' and _businessunitid_value eq {bu}"
    ));
    let body = dv_get(
        emu,
        &format!("roles?$select=roleid,name&$filter={filter}"),
        token,
    )
    .await;
    body["value"][0]["roleid"].as_str().unwrap().to_string()
}

/// A "Marketo Integration" app with a service principal (made through Graph); (appId, sp id).
pub(super) async fn marketo_app_with_sp(emu: &Emu) -> (String, String) {
    let graph = admin_token(emu).await;
    let app = create_app(emu, &graph, "Marketo Integration").await;
    let app_id = app["appId"].as_str().unwrap().to_string();
    let sp = create_sp(emu, &graph, &app_id).await;
    (app_id, sp["id"].as_str().unwrap().to_string())
}

/// The application-user body (Microsoft's Terraform provider sends the same plus `isdisabled`:
/// microsoft/terraform-provider-power-platform
/// `internal/services/application/api_application.go`).
pub(super) fn app_user_body(app_id: &str, bu: &str) -> Value {
    json!({
        "applicationid": app_id,
        "businessunitid@odata.bind": format!("/businessunits({bu})"),
        "accessmode": 4,
    })
}

#[tokio::test]
async fn who_am_i_has_the_documented_shape_and_headers() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    for path in ["WhoAmI", "WhoAmI()"] {
        let res = dv(&emu, "GET", path, &token, None, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        assert_eq!(res.header("odata-version"), Some("4.0"));
        assert_eq!(
            res.header("content-type"),
            Some("application/json; odata.metadata=minimal")
        );
        let body = res.json();
        // The sample response of query-schema-definitions.md / the PowerShell quick start:
        // `@odata.context` then the three GUIDs, nothing else.
        assert_eq!(
            body["@odata.context"],
            format!("{API}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse")
        );
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "@odata.context",
                "BusinessUnitId",
                "OrganizationId",
                "UserId"
            ]
        );
        for k in ["BusinessUnitId", "UserId", "OrganizationId"] {
            assert!(
                crate::resources::looks_like_guid(body[k].as_str().unwrap()),
                "{body}"
            );
        }
        assert_eq!(body["BusinessUnitId"], root_bu(&emu, &token).await);
    }
    // The user is the one whose Entra object id the token carries.
    let me = dv_get(
        &emu,
        &format!(
            "systemusers?$select=fullname&$filter={}",
            q(&format!(
                "azureactivedirectoryobjectid eq {}",
                demo::ADMIN_OID
            ))
        ),
        &token,
    )
    .await;
    let who = dv_get(&emu, "WhoAmI", &token).await;
    assert_eq!(me["value"][0]["systemuserid"], who["UserId"]);
    assert_eq!(me["value"][0]["fullname"], demo::ADMIN_NAME);
    // Older versions answer too, with their own context URL.
    let v90 = dv_get(&emu, &format!("{ORG}/api/data/v9.0/WhoAmI"), &token).await;
    assert!(v90["@odata.context"]
        .as_str()
        .unwrap()
        .contains("/api/data/v9.0/$metadata#"));
}

#[tokio::test]
async fn retrieve_version_answers_one_version_string() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    for path in ["RetrieveVersion", "RetrieveVersion()"] {
        let body = dv_get(&emu, path, &token).await;
        assert_eq!(
            body["@odata.context"],
            format!("{API}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse")
        );
        assert!(
            body["Version"].as_str().unwrap().starts_with("9.2."),
            "{body}"
        );
    }
}

#[tokio::test]
async fn tokens_must_be_for_this_environment_and_alive() {
    let emu = emu_for("large");
    let token = dv_token(&emu).await;
    // No token: a bare bearer challenge naming the tenant authority and the org.
    let res = emu.get(&format!("{API}WhoAmI")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.is_empty());
    assert_eq!(
        res.header("www-authenticate").unwrap(),
        format!(
            "Bearer authorization_uri=http://login.localhost:8400/{}/oauth2/authorize, resource_id={ORG}/",
            demo::TENANT_ID
        )
    );
    // A Graph token (wrong audience).
    let graph = admin_token(&emu).await;
    let res = dv(&emu, "GET", "WhoAmI", &graph, None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res
        .header("www-authenticate")
        .unwrap()
        .contains("error=invalid_token"));
    // A token for another environment of the same tenant.
    let other = org_token(&emu, demo::ADMIN_UPN, "http://contoso01.crm.localhost:8400").await;
    let res = dv(&emu, "GET", "WhoAmI", &other, None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = dv(
        &emu,
        "GET",
        "http://contoso01.crm.localhost:8400/api/data/v9.2/WhoAmI",
        &other,
        None,
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    // A forged token.
    let res = dv(&emu, "GET", "WhoAmI", "a.b.c", None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // Expired on the emulator clock.
    emu.state.advance_clock(3_601);
    let res = dv(&emu, "GET", "WhoAmI", &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // An environment the tenant does not have.
    let res = dv(
        &emu,
        "GET",
        "http://nowhere.crm.localhost:8400/api/data/v9.2/WhoAmI",
        &token,
        None,
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn apps_without_an_application_user_are_not_members() {
    let emu = Emu::new();
    let (app_id, _) = marketo_app_with_sp(&emu).await;
    let graph = admin_token(&emu).await;
    let app = call(
        &emu,
        "GET",
        &format!("/applications(appId='{app_id}')"),
        &graph,
        None,
    )
    .await
    .json();
    let secret = super::graph_directory::add_password(
        &emu,
        &graph,
        app["id"].as_str().unwrap(),
        json!({"passwordCredential": {"displayName": "Marketo"}}),
    )
    .await
    .json()["secretText"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app_token(&emu, &app_id, &secret, &format!("{ORG}/.default")).await;
    let app_only = res.json()["access_token"].as_str().unwrap().to_string();
    let res = dv(&emu, "GET", "WhoAmI", &app_only, None, &[]).await;
    assert_dv_error(&res, StatusCode::FORBIDDEN, "0x80072560");
    assert_eq!(
        res.json()["error"]["message"],
        "The user is not a member of the organization."
    );
}

#[tokio::test]
async fn the_root_business_unit_has_no_parent_in_both_filter_forms() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let root = root_bu(&emu, &token).await;
    let body = dv_get(
        &emu,
        &format!(
            "businessunits?$select=name&$filter={}",
            q("parentbusinessunitid eq null")
        ),
        &token,
    )
    .await;
    assert_eq!(body["value"][0]["businessunitid"], root.as_str());
    assert_eq!(body["value"][0]["name"], names::ORG_URL_NAME);
    assert_eq!(
        body["@odata.context"],
        format!("{API}$metadata#businessunits(name)")
    );
    let all = dv_get(
        &emu,
        "businessunits?$select=name,_parentbusinessunitid_value",
        &token,
    )
    .await;
    assert_eq!(all["value"].as_array().unwrap().len(), 2);
    // A business unit by key, and a key that does not exist.
    let one = dv_get(&emu, &format!("businessunits({root})?$select=name"), &token).await;
    assert_eq!(
        one["@odata.context"],
        format!("{API}$metadata#businessunits(name)/$entity")
    );
    assert!(one["@odata.etag"].as_str().unwrap().starts_with("W/\""));
    let res = dv(
        &emu,
        "GET",
        "businessunits(00000000-0000-0000-0000-000000000001)",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    let res = dv(&emu, "GET", "businessunitz", &token, None, &[]).await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x8006088a");
    assert_eq!(
        res.json()["error"]["message"],
        "Resource not found for the segment 'businessunitz'."
    );
}

#[tokio::test]
async fn system_users_filter_select_and_expand() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let select = "systemuserid,fullname,domainname,internalemailaddress,applicationid,azureactivedirectoryobjectid,isdisabled,accessmode,_businessunitid_value";
    let by_domain = dv_get(
        &emu,
        &format!(
            "systemusers?$select={select}&$filter={}",
            q(&format!(
                "domainname eq '{}'",
                demo::USER_UPN.to_uppercase()
            ))
        ),
        &token,
    )
    .await;
    let megan = &by_domain["value"][0];
    assert_eq!(megan["fullname"], demo::USER_NAME);
    assert_eq!(megan["azureactivedirectoryobjectid"], demo::USER_OID);
    assert_eq!(megan["applicationid"], Value::Null);
    assert_eq!(megan["isdisabled"], false);
    // Only the selected columns, the key and the etag.
    assert_eq!(megan.as_object().unwrap().len(), 10, "{megan}");
    // No application user yet (GUIDs unquoted, as in microsoft/terraform-provider-power-platform
    // `internal/services/application/api_application.go`).
    let none = dv_get(
        &emu,
        &format!(
            "systemusers?$select={select}&$filter={}",
            q("applicationid eq 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        ),
        &token,
    )
    .await;
    assert_eq!(none["value"], json!([]));
    // Roles through the many-to-many navigation property.
    let admin = dv_get(
        &emu,
        &format!(
            "systemusers?$select=fullname&$filter={}&$expand=systemuserroles_association($select=name)",
            q(&format!("azureactivedirectoryobjectid eq {}", demo::ADMIN_OID))
        ),
        &token,
    )
    .await;
    assert_eq!(
        admin["value"][0]["systemuserroles_association"],
        json!([{"@odata.etag": admin["value"][0]["systemuserroles_association"][0]["@odata.etag"], "name": "System Administrator", "roleid": admin["value"][0]["systemuserroles_association"][0]["roleid"]}])
    );
    assert_eq!(
        admin["@odata.context"],
        format!("{API}$metadata#systemusers(fullname,systemuserroles_association(name))")
    );
    // A quoted GUID, an unknown column, an unknown navigation property, $skip.
    for (query, text) in [
        (
            format!("$filter={}", q("applicationid eq '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'")),
            "Found operand types 'Edm.Guid' and 'Edm.String'",
        ),
        (
            "$select=fulname".to_string(),
            "Could not find a property named 'fulname' on type 'Microsoft.Dynamics.CRM.systemuser'.",
        ),
        ("$expand=roles".to_string(), "Could not find a property named 'roles'"),
        ("$skip=10".to_string(), "$skip is not supported"),
    ] {
        let res = dv(&emu, "GET", &format!("systemusers?{query}"), &token, None, &[]).await;
        // An unknown column is 0x0 (web-api-client-errors.md); other query errors ODataLib's.
        let code = if text.starts_with("Could not find") {
            "0x0"
        } else {
            "0x80060888"
        };
        assert_dv_error(&res, StatusCode::BAD_REQUEST, code);
        assert!(
            res.json()["error"]["message"].as_str().unwrap().contains(text),
            "{}",
            res.text()
        );
    }
    // `Consistency: Strong` is accepted; annotations add lookup and formatted values.
    let res = dv(
        &emu,
        "GET",
        &format!(
            "systemusers({})?$select=_businessunitid_value,accessmode",
            megan["systemuserid"].as_str().unwrap()
        ),
        &token,
        None,
        &[
            ("consistency", "Strong"),
            ("prefer", "odata.include-annotations=\"*\""),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let body = res.json();
    assert_eq!(
        body["_businessunitid_value@Microsoft.Dynamics.CRM.lookuplogicalname"],
        "businessunit"
    );
    assert_eq!(
        body["_businessunitid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"],
        "businessunitid"
    );
    assert_eq!(
        body["accessmode@OData.Community.Display.V1.FormattedValue"],
        "Read-Write"
    );
    assert!(res.header("etag").is_some());
}

#[tokio::test]
async fn roles_have_one_copy_per_business_unit() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let body = dv_get(
        &emu,
        &format!(
            "roles?$select=roleid,name,_businessunitid_value,_parentrootroleid_value,_roletemplateid_value&$filter={}",
            q(&format!("name eq '{}'", names::ROLE_NAME))
        ),
        &token,
    )
    .await;
    let copies = body["value"].as_array().unwrap();
    assert_eq!(copies.len(), 2, "{body}");
    assert_ne!(
        copies[0]["_businessunitid_value"],
        copies[1]["_businessunitid_value"]
    );
    // Both point at the root business unit's copy as their root role.
    let root = root_bu(&emu, &token).await;
    let root_copy = role_in(&emu, &token, names::ROLE_NAME, &root).await;
    for c in copies {
        assert_eq!(c["_parentrootroleid_value"], root_copy.as_str());
        assert_eq!(c["_roletemplateid_value"], Value::Null);
    }
    // System roles carry their template in every business unit.
    let admins = dv_get(
        &emu,
        &format!(
            "roles?$select=_roletemplateid_value&$filter={}",
            q("name eq 'System Administrator'")
        ),
        &token,
    )
    .await;
    for c in admins["value"].as_array().unwrap() {
        assert_eq!(
            c["_roletemplateid_value"],
            crate::dataverse::seed::SYSTEM_ADMINISTRATOR_TEMPLATE
        );
    }
}

#[tokio::test]
async fn application_user_waits_for_the_service_principal_and_exists_once() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let bu = root_bu(&emu, &token).await;
    let graph = admin_token(&emu).await;
    let app = create_app(&emu, &graph, "Marketo Integration").await;
    let app_id = app["appId"].as_str().unwrap().to_string();

    // No service principal yet: the directory has nothing to give Dataverse.
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80072559");

    // A service principal that has not replicated yet is just as missing. (The application
    // itself must have replicated before Graph lets the service principal be created.)
    emu.state.directory().replication_lag_secs = 30;
    emu.state.advance_clock(31);
    let sp = create_sp(&emu, &graph, &app_id).await;
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80072559");
    emu.state.advance_clock(31);

    // Without a business unit the platform's generic error.
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(json!({"applicationid": app_id})),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80040216");

    // Replicated: 201 with the row, identity filled in from the service principal.
    let res = dv(
        &emu,
        "POST",
        "systemusers?$select=systemuserid,applicationid,azureactivedirectoryobjectid,fullname,internalemailaddress,accessmode,_businessunitid_value",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[("prefer", "return=representation")],
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(
        res.header("preference-applied"),
        Some("return=representation")
    );
    let user = res.json();
    assert_eq!(user["applicationid"], app_id.as_str());
    assert_eq!(user["azureactivedirectoryobjectid"], sp["id"]);
    assert_eq!(user["fullname"], "# Marketo Integration");
    assert_eq!(user["accessmode"], 4);
    assert_eq!(user["_businessunitid_value"], bu.as_str());
    let email = user["internalemailaddress"].as_str().unwrap();
    assert!(
        email.ends_with(&format!("@{}.com", demo::TENANT_ID))
            && email.starts_with("marketointegration"),
        "{email}"
    );
    assert_eq!(
        user["@odata.context"],
        format!(
            "{API}$metadata#systemusers(systemuserid,applicationid,azureactivedirectoryobjectid,fullname,internalemailaddress,accessmode,_businessunitid_value)/$entity"
        )
    );

    // One application user per app.
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::PRECONDITION_FAILED, "0x80040237");
    let found = dv_get(
        &emu,
        &format!(
            "systemusers?$select=systemuserid&$filter={}",
            q(&format!("applicationid eq {app_id}"))
        ),
        &token,
    )
    .await;
    assert_eq!(found["value"].as_array().unwrap().len(), 1);

    // Without `return=representation`: 204 and `OData-EntityId`.
    emu.state.directory().replication_lag_secs = 0;
    let (other_app, _) = marketo_app_with_sp(&emu).await;
    let mut body = app_user_body(&other_app, &bu);
    body["internalemailaddress"] = json!("marketo-sync@contoso.onmicrosoft.com");
    let res = dv(&emu, "POST", "systemusers", &token, Some(body), &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    assert!(res.body.is_empty());
    let entity_id = res.header("odata-entityid").unwrap().to_string();
    assert!(
        entity_id.starts_with(&format!("{API}systemusers(")),
        "{entity_id}"
    );
    // The email sent at create is kept.
    let created = dv_get(
        &emu,
        &format!("{entity_id}?$select=internalemailaddress"),
        &token,
    )
    .await;
    assert_eq!(
        created["internalemailaddress"],
        "marketo-sync@contoso.onmicrosoft.com"
    );

    // The access mode of an application user cannot change.
    let res = dv(
        &emu,
        "PATCH",
        &entity_id,
        &token,
        Some(json!({"accessmode": 0})),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80040d40");
    // Its email can.
    let res = dv(
        &emu,
        "PATCH",
        &format!("{entity_id}?$select=internalemailaddress"),
        &token,
        Some(json!({"internalemailaddress": "sync@contoso.onmicrosoft.com"})),
        &[("prefer", "return=representation"), ("if-match", "*")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(
        res.json()["internalemailaddress"],
        "sync@contoso.onmicrosoft.com"
    );
}

#[tokio::test]
async fn application_users_are_disabled_then_soft_deleted_then_removed() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let bu = root_bu(&emu, &token).await;
    let (app_id, _) = marketo_app_with_sp(&emu).await;
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    let url = res.header("odata-entityid").unwrap().to_string();
    let res = dv(&emu, "DELETE", &url, &token, None, &[]).await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x8004023b");
    let res = dv(
        &emu,
        "PATCH",
        &url,
        &token,
        Some(json!({"isdisabled": true})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(res.header("odata-entityid"), Some(url.as_str()));
    let res = dv(&emu, "DELETE", &url, &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let soft = dv_get(&emu, &format!("{url}?$select=deletedstate"), &token).await;
    assert_eq!(soft["deletedstate"], 1);
    // A soft-deleted application user still blocks a new one for the app.
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::PRECONDITION_FAILED, "0x80040237");
    let res = dv(&emu, "DELETE", &url, &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = dv(&emu, "GET", &url, &token, None, &[]).await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    // Its settings went with it.
    let settings = url.replace("systemusers(", "usersettingscollection(");
    let res = dv(&emu, "GET", &settings, &token, None, &[]).await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
}

#[tokio::test]
async fn roles_are_associated_and_read_from_both_sides() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let bu = root_bu(&emu, &token).await;
    let (app_id, _) = marketo_app_with_sp(&emu).await;
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    let user_url = res.header("odata-entityid").unwrap().to_string();
    let user_id = user_url
        .rsplit('(')
        .next()
        .unwrap()
        .trim_end_matches(')')
        .to_string();
    let role = role_in(&emu, &token, names::ROLE_NAME, &bu).await;

    // Assign (powerapps-docs `…/webapi/associate-disassociate-entities-using-web-api.md`): 204.
    let res = dv(
        &emu,
        "POST",
        &format!("systemusers({user_id})/systemuserroles_association/$ref"),
        &token,
        Some(json!({"@odata.id": format!("{API}roles({role})")})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    // Verify from the user's side (with Consistency: Strong, as the contract advises).
    let res = dv(
        &emu,
        "GET",
        &format!("systemusers({user_id})/systemuserroles_association?$select=roleid,name"),
        &token,
        None,
        &[("consistency", "Strong")],
    )
    .await;
    let mine = res.json();
    assert_eq!(mine["value"][0]["roleid"], role.as_str());
    assert_eq!(mine["value"][0]["name"], names::ROLE_NAME);
    assert_eq!(
        mine["@odata.context"],
        format!("{API}$metadata#roles(roleid,name)")
    );
    // Audit from the role's side.
    let holders = dv_get(
        &emu,
        &format!("roles({role})/systemuserroles_association?$select=systemuserid,fullname,applicationid,isdisabled"),
        &token,
    )
    .await;
    let ids: Vec<&str> = holders["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["systemuserid"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [user_id.as_str()]);
    // The lambda form of the audit query.
    let lambda = dv_get(
        &emu,
        &format!(
            "systemusers?$select=systemuserid&$filter={}",
            q(&format!(
                "systemuserroles_association/any(r:r/name eq '{}')",
                names::ROLE_NAME
            ))
        ),
        &token,
    )
    .await;
    assert_eq!(lambda["value"].as_array().unwrap().len(), 1);
    // The $ref collection itself.
    let refs = dv_get(
        &emu,
        &format!("systemusers({user_id})/systemuserroles_association/$ref"),
        &token,
    )
    .await;
    assert_eq!(refs["value"][0]["@odata.id"], format!("{API}roles({role})"));

    // The copy of another business unit cannot be given to this user.
    let child = dv_get(
        &emu,
        &format!(
            "businessunits?$select=businessunitid&$filter={}",
            q("name eq 'Sales'")
        ),
        &token,
    )
    .await["value"][0]["businessunitid"]
        .as_str()
        .unwrap()
        .to_string();
    let child_role = role_in(&emu, &token, names::ROLE_NAME, &child).await;
    let res = dv(
        &emu,
        "POST",
        &format!("systemusers({user_id})/systemuserroles_association/$ref"),
        &token,
        Some(json!({"@odata.id": format!("{API}roles({child_role})")})),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x8004023b");
    // A role that does not exist.
    let res = dv(
        &emu,
        "POST",
        &format!("systemusers({user_id})/systemuserroles_association/$ref"),
        &token,
        Some(json!({"@odata.id": format!("{API}roles(00000000-0000-0000-0000-000000000009)")})),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");

    // Remove (key form), then associate from the role's side and remove with `$id`.
    let res = dv(
        &emu,
        "DELETE",
        &format!("systemusers({user_id})/systemuserroles_association({role})/$ref"),
        &token,
        None,
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let after = dv_get(
        &emu,
        &format!("systemusers({user_id})/systemuserroles_association"),
        &token,
    )
    .await;
    assert_eq!(after["value"], json!([]));
    let res = dv(
        &emu,
        "POST",
        &format!("roles({role})/systemuserroles_association/$ref"),
        &token,
        Some(json!({"@odata.id": format!("{API}systemusers({user_id})")})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let res = dv(
        &emu,
        "DELETE",
        &format!(
            "systemusers({user_id})/systemuserroles_association/$ref?$id={}",
            q(&format!("{API}roles({role})"))
        ),
        &token,
        None,
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(
        dv_get(
            &emu,
            &format!("roles({role})/systemuserroles_association"),
            &token
        )
        .await["value"],
        json!([])
    );
}

#[tokio::test]
async fn writes_need_privileges_from_security_roles() {
    let emu = emu_for("not-admin");
    let token = dv_token(&emu).await;
    // Reading works for a Basic User.
    let bu = root_bu(&emu, &token).await;
    // (The admin cannot create apps in this scenario; the seeded CLI app has a service principal.)
    let app_id = crate::directory::seed::cli::APP_ID;
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(app_id, &bu)),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::FORBIDDEN, "0x80040220");
    let message = res.json()["error"]["message"].as_str().unwrap().to_string();
    let who = dv_get(&emu, "WhoAmI", &token).await;
    assert!(
        message.starts_with(&format!(
            "Principal user (Id={}, type=8, roleCount=1,",
            who["UserId"].as_str().unwrap()
        )),
        "{message}"
    );
    assert!(
        message.contains("is missing prvCreateUser privilege")
            && message.contains("on OTC=8 for entity 'systemuser' (LocalizedName='User')"),
        "{message}"
    );
    let role = role_in(&emu, &token, names::ROLE_NAME, &bu).await;
    let res = dv(
        &emu,
        "POST",
        &format!(
            "systemusers({})/systemuserroles_association/$ref",
            who["UserId"].as_str().unwrap()
        ),
        &token,
        Some(json!({"@odata.id": format!("{API}roles({role})")})),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::FORBIDDEN, "0x80040220");
    assert!(res.text().contains("prvAssignRole"), "{}", res.text());
    let res = dv(&emu, "POST", "PublishAllXml", &token, Some(json!({})), &[]).await;
    assert_dv_error(&res, StatusCode::FORBIDDEN, "0x80040220");
    let steps = dv_get(
        &emu,
        "sdkmessageprocessingsteps?$select=name&$top=1",
        &token,
    )
    .await;
    let step = steps["value"][0]["sdkmessageprocessingstepid"]
        .as_str()
        .unwrap();
    let res = dv(
        &emu,
        "PATCH",
        &format!("sdkmessageprocessingsteps({step})"),
        &token,
        Some(json!({"statecode": 0, "statuscode": 1})),
        &[("if-match", "*")],
    )
    .await;
    assert_dv_error(&res, StatusCode::FORBIDDEN, "0x80040220");
    assert!(res.text().contains("prvWriteSdkMessageProcessingStep"));
}

#[tokio::test]
async fn paging_follows_next_links_with_the_same_page_size() {
    let emu = emu_for("large");
    let token = dv_token(&emu).await;
    let mut url = format!("{API}systemusers?$select=fullname&$top=3");
    let mut seen = std::collections::BTreeSet::new();
    let mut pages = 0;
    loop {
        let res = dv(
            &emu,
            "GET",
            &url,
            &token,
            None,
            &[("prefer", "odata.maxpagesize=1000")],
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        assert_eq!(
            res.header("preference-applied"),
            Some("odata.maxpagesize=1000")
        );
        let body = res.json();
        pages += 1;
        let rows = body["value"].as_array().unwrap();
        // `$top` is ignored when paging.
        assert!(rows.len() == 1000 || body.get("@odata.nextLink").is_none());
        for r in rows {
            assert!(
                seen.insert(r["systemuserid"].as_str().unwrap().to_string()),
                "duplicate row"
            );
        }
        match body["@odata.nextLink"].as_str() {
            Some(next) => {
                // The shape in powerapps-docs `…/webapi/query/page-results.md`:
                // `…&$skiptoken=%3Ccookie%20pagenumber=%222%22%20pagingcookie=%22%253ccookie…`.
                let expected = format!(
                    "$skiptoken=%3Ccookie%20pagenumber=%22{}%22%20pagingcookie=%22%253ccookie%2520page%253d%2522",
                    pages + 1
                );
                assert!(next.contains(&expected), "{next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    let total = emu.state.dataverse().org("contoso").unwrap().tables["systemuser"]
        .rows
        .len();
    assert_eq!(seen.len(), total);
    assert_eq!(pages, total.div_ceil(1000));

    // Small pages with a filter, and $top without paging.
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let res = dv(
        &emu,
        "GET",
        "roles?$select=name",
        &token,
        None,
        &[("prefer", "odata.maxpagesize=2")],
    )
    .await;
    let first = res.json();
    assert_eq!(first["value"].as_array().unwrap().len(), 2);
    let next = first["@odata.nextLink"].as_str().unwrap();
    let second = dv(
        &emu,
        "GET",
        next,
        &token,
        None,
        &[("prefer", "odata.maxpagesize=2")],
    )
    .await
    .json();
    assert_ne!(second["value"][0]["roleid"], first["value"][0]["roleid"]);
    let top = dv_get(&emu, "roles?$select=name&$top=3", &token).await;
    assert_eq!(top["value"].as_array().unwrap().len(), 3);
    assert!(top.get("@odata.nextLink").is_none());
    // $count and $orderby.
    let counted = dv_get(
        &emu,
        "roles?$select=name&$count=true&$orderby=name desc",
        &token,
    )
    .await;
    let n = counted["@odata.count"].as_u64().unwrap();
    assert_eq!(n as usize, counted["value"].as_array().unwrap().len());
    assert_eq!(counted["value"][0]["name"], "System Customizer");
}

#[tokio::test]
async fn marketo_can_call_who_am_i_as_its_application_user() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let bu = root_bu(&emu, &token).await;
    let graph = admin_token(&emu).await;
    let app = create_app(&emu, &graph, "Marketo Integration").await;
    let app_id = app["appId"].as_str().unwrap().to_string();
    create_sp(&emu, &graph, &app_id).await;
    let secret = super::graph_directory::add_password(
        &emu,
        &graph,
        app["id"].as_str().unwrap(),
        json!({"passwordCredential": {"displayName": "Marketo"}}),
    )
    .await
    .json()["secretText"]
        .as_str()
        .unwrap()
        .to_string();
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    let user_id = res
        .header("odata-entityid")
        .unwrap()
        .rsplit('(')
        .next()
        .unwrap()
        .trim_end_matches(')')
        .to_string();
    // Marketo authenticates with the app's secret (client credentials) and calls Dataverse.
    let res = app_token(&emu, &app_id, &secret, &format!("{ORG}/.default")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let marketo = res.json()["access_token"].as_str().unwrap().to_string();
    let who = dv_get(&emu, "WhoAmI", &marketo).await;
    assert_eq!(who["UserId"], user_id.as_str());
    // Once disabled, the application user no longer gets in.
    dv(
        &emu,
        "PATCH",
        &format!("systemusers({user_id})"),
        &token,
        Some(json!({"isdisabled": true})),
        &[],
    )
    .await;
    let res = dv(&emu, "GET", "WhoAmI", &marketo, None, &[]).await;
    assert_dv_error(&res, StatusCode::FORBIDDEN, "0x80072560");
}

#[tokio::test]
async fn half_configured_has_an_app_user_without_role_and_two_other_holders() {
    let emu = emu_for("half-configured");
    let token = dv_token(&emu).await;
    let app_user = dv_get(
        &emu,
        &format!(
            "systemusers?$select=fullname,applicationid&$filter={}&$expand=systemuserroles_association($select=name)",
            q(&format!("applicationid eq {}", names::HALF_CONFIGURED_APP_ID))
        ),
        &token,
    )
    .await;
    assert_eq!(app_user["value"][0]["fullname"], "# Marketo Integration");
    assert_eq!(
        app_user["value"][0]["systemuserroles_association"],
        json!([])
    );
    let holders = dv_get(
        &emu,
        &format!(
            "systemusers?$select=fullname&$filter={}",
            q(&format!(
                "systemuserroles_association/any(r:r/name eq '{}')",
                names::ROLE_NAME
            ))
        ),
        &token,
    )
    .await;
    let mut holders: Vec<&str> = holders["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["fullname"].as_str().unwrap())
        .collect();
    holders.sort();
    assert_eq!(holders, ["Alex Wilber", "Diego Siciliani"]);
}

#[tokio::test]
async fn upsert_and_invalid_payloads() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let bu = root_bu(&emu, &token).await;
    // An unknown column, a navigation property that does not exist, a wrong type.
    for (body, code, text) in [
        (json!({"nosuchcolumn": 1}), "0x0", "An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property 'nosuchcolumn' was found in entity 'Microsoft.Dynamics.CRM.systemuser'. ---> Microsoft.OData.ODataException: Does not support untyped value in non-open type."),
        (json!({"BusinessUnitId@odata.bind": format!("/businessunits({bu})")}), "0x80048d19", "Error identified in Payload provided by the user for Entity :'systemusers'  ---->  InnerException : Microsoft.OData.ODataException: An undeclared property 'BusinessUnitId'"),
        (json!({"firstname": 5}), "0x80060888", "Cannot convert the literal"),
        // Columns not valid for create (systemuser.md): strict choice 0x80041100.
        (json!({"isdisabled": false}), "0x80041100", "'isdisabled'"),
        (json!({"fullname": "x"}), "0x80041100", "'fullname'"),
        (json!({"azureactivedirectoryobjectid": "7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f"}), "0x80041100", "'azureactivedirectoryobjectid'"),
    ] {
        let res = dv(&emu, "POST", "systemusers", &token, Some(body), &[]).await;
        assert_dv_error(&res, StatusCode::BAD_REQUEST, code);
        assert!(res.text().contains(text), "{}", res.text());
    }
    // PATCH with If-Match on a row that does not exist is a 404; the etag must match.
    let res = dv(
        &emu,
        "PATCH",
        "businessunits(00000000-0000-0000-0000-000000000002)",
        &token,
        Some(json!({"name": "X"})),
        &[("if-match", "*")],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    let row = dv_get(&emu, &format!("businessunits({bu})?$select=name"), &token).await;
    let res = dv(
        &emu,
        "PATCH",
        &format!("businessunits({bu})"),
        &token,
        Some(json!({"name": "contoso"})),
        &[("if-match", "W/\"1\"")],
    )
    .await;
    assert_dv_error(&res, StatusCode::PRECONDITION_FAILED, "0x80060882");
    let res = dv(
        &emu,
        "PATCH",
        &format!("businessunits({bu})"),
        &token,
        Some(json!({"name": "contoso"})),
        &[("if-match", row["@odata.etag"].as_str().unwrap())],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
}

/// Mean time of `n` Web API GETs.
async fn mean_time(emu: &Emu, token: &str, path: &str, n: u32) -> std::time::Duration {
    let start = std::time::Instant::now();
    for _ in 0..n {
        let res = dv(emu, "GET", path, token, None, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    }
    start.elapsed() / n
}

#[tokio::test]
async fn large_environment_answers_filters_from_indexes() {
    let large = emu_for("large");
    let fresh = emu_for("fresh");
    let large_token = dv_token(&large).await;
    let fresh_token = dv_token(&fresh).await;
    let users = large.state.dataverse().org("contoso").unwrap().tables["systemuser"]
        .rows
        .len();
    assert!(users >= 5_000, "{users}");
    // The same queries in both: each matches one row (or none), whatever the org's size.
    let queries = [
        format!(
            "systemusers?$select=systemuserid,fullname&$filter={}",
            q(&format!(
                "azureactivedirectoryobjectid eq {}",
                demo::USER_OID
            ))
        ),
        format!(
            "systemusers?$select=systemuserid&$filter={}",
            q("applicationid eq 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        ),
        format!(
            "systemusers?$select=systemuserid&$filter={}",
            q(&format!("domainname eq '{}'", demo::USER_UPN))
        ),
        format!(
            "roles?$select=roleid&$filter={}",
            q(&format!("name eq '{}'", names::ROLE_NAME))
        ),
    ];
    for query in &queries {
        let a = dv_get(&large, query, &large_token).await["value"]
            .as_array()
            .unwrap()
            .len();
        let b = dv_get(&fresh, query, &fresh_token).await["value"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(a, b, "{query}");
    }
    let n = 40;
    let mut report = Vec::new();
    for query in &queries {
        let l = mean_time(&large, &large_token, query, n).await;
        let f = mean_time(&fresh, &fresh_token, query, n).await;
        report.push(format!("{query}: large {l:?}, fresh {f:?}"));
        // An index lookup: no cost growing with the 5,000 users (generous bound for noisy CI).
        assert!(
            l < f * 4 + std::time::Duration::from_millis(5),
            "{}",
            report.join("\n")
        );
    }
    // For contrast (not asserted): a filter no index can answer scans every row.
    let scan = format!(
        "systemusers?$select=systemuserid&$filter={}",
        q("contains(fullname,'Nobody at all')")
    );
    let l = mean_time(&large, &large_token, &scan, 10).await;
    let f = mean_time(&fresh, &fresh_token, &scan, 10).await;
    report.push(format!("(scan) {scan}: large {l:?}, fresh {f:?}"));
    eprintln!(
        "Dataverse per-request time, large vs fresh:\n{}",
        report.join("\n")
    );
}

#[tokio::test]
async fn the_organization_row_has_the_base_language() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    // The client's request (the base language for new labels, `languagecode`: powerapps-docs
    // `…/data-platform/reference/entities/organization.md`): one row, English.
    let body = dv_get(&emu, "organizations?$select=languagecode", &token).await;
    assert_eq!(
        body["@odata.context"],
        format!("{API}$metadata#organizations(languagecode)")
    );
    let rows = body["value"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{body}");
    assert_eq!(rows[0]["languagecode"], 1033);
    // Its key is WhoAmI's OrganizationId; `name` is the org's unique name.
    let who = dv_get(&emu, "WhoAmI", &token).await;
    let org = dv_get(
        &emu,
        "organizations?$select=organizationid,name,languagecode",
        &token,
    )
    .await;
    let row = &org["value"][0];
    assert_eq!(row["organizationid"], who["OrganizationId"]);
    assert!(row["name"].as_str().unwrap().starts_with("unq"), "{row}");
    // Only the platform creates organization rows.
    let res = dv(
        &emu,
        "POST",
        "organizations",
        &token,
        Some(json!({"name": "another"})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{}", res.text());
}

#[tokio::test]
async fn every_user_has_settings_in_english() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let who = dv_get(&emu, "WhoAmI", &token).await;
    let me = who["UserId"].as_str().unwrap().to_string();
    // The client's request (Marketo wants the sync user's language English: AdobeDocs/marketo.en
    // `…/microsoft-dynamics-365-with-ropc-connection/step-2-of-4-set-up.md`; the table:
    // powerapps-docs `…/data-platform/reference/entities/usersettings.md`).
    let settings = dv_get(
        &emu,
        &format!("usersettingscollection({me})?$select=uilanguageid,localeid"),
        &token,
    )
    .await;
    assert_eq!(
        settings["@odata.context"],
        format!("{API}$metadata#usersettingscollection(uilanguageid,localeid)/$entity")
    );
    assert_eq!(settings["uilanguageid"], 1033);
    assert_eq!(settings["localeid"], 1033);
    assert_eq!(settings["systemuserid"], me.as_str());
    // Every seeded user has a row.
    let users = dv_get(&emu, "systemusers?$select=systemuserid", &token).await;
    let all = dv_get(&emu, "usersettingscollection?$select=uilanguageid", &token).await;
    assert_eq!(
        users["value"].as_array().unwrap().len(),
        all["value"].as_array().unwrap().len()
    );
    assert!(all["value"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["uilanguageid"] == 1033));
    // A user can change their language (the table supports PATCH) ...
    let res = dv(
        &emu,
        "PATCH",
        &format!("usersettingscollection({me})"),
        &token,
        Some(json!({"uilanguageid": 1043})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let changed = dv_get(
        &emu,
        &format!("usersettingscollection({me})?$select=uilanguageid"),
        &token,
    )
    .await;
    assert_eq!(changed["uilanguageid"], 1043);
    // ... but settings come only with a user: no POST, no upsert, 404 for someone else.
    let nobody = "00000000-0000-4000-8000-000000000001";
    let res = dv(
        &emu,
        "GET",
        &format!("usersettingscollection({nobody})"),
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    let res = dv(
        &emu,
        "PATCH",
        &format!("usersettingscollection({nobody})"),
        &token,
        Some(json!({"uilanguageid": 1033})),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    let res = dv(
        &emu,
        "POST",
        "usersettingscollection",
        &token,
        Some(json!({"uilanguageid": 1033})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{}", res.text());

    // A new application user gets its settings row with it.
    let (app_id, _) = marketo_app_with_sp(&emu).await;
    let bu = root_bu(&emu, &token).await;
    let res = dv(
        &emu,
        "POST",
        "systemusers?$select=systemuserid",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[("prefer", "return=representation")],
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let id = res.json()["systemuserid"].as_str().unwrap().to_string();
    let settings = dv_get(
        &emu,
        &format!("usersettingscollection({id})?$select=uilanguageid,localeid"),
        &token,
    )
    .await;
    assert_eq!(settings["uilanguageid"], 1033);
}

#[tokio::test]
async fn strict_schema_refuses_wrong_casing_and_columns_not_valid_for_the_write() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    // "resource names are case sensitive" (powerapps-docs compose-http-requests-handle-errors.md).
    for set in ["SystemUsers", "systemUsers", "roless"] {
        let res = dv(&emu, "GET", set, &token, None, &[]).await;
        assert_dv_error(&res, StatusCode::NOT_FOUND, "0x8006088a");
        assert_eq!(
            res.json()["error"]["message"],
            format!("Resource not found for the segment '{set}'.")
        );
    }
    let who = dv_get(&emu, "WhoAmI", &token).await;
    let me = who["UserId"].as_str().unwrap();
    // Read-only on update: fullname, createdon; the primary key.
    for body in [
        json!({"fullname": "x"}),
        json!({"createdon": "2020-01-01T00:00:00Z"}),
        json!({"systemuserid": me}),
    ] {
        let res = dv(
            &emu,
            "PATCH",
            &format!("systemusers({me})"),
            &token,
            Some(body.clone()),
            &[("if-match", "*")],
        )
        .await;
        assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80041100");
    }
    // Solution components have no Create: every column is read-only.
    let res = dv(
        &emu,
        "POST",
        "solutioncomponents",
        &token,
        Some(json!({"componenttype": 1})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    // The definitions say so too.
    let attr = dv_get(
        &emu,
        "EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='isdisabled')?$select=IsValidForCreate,IsValidForUpdate",
        &token,
    )
    .await;
    assert_eq!(attr["IsValidForCreate"], false);
    assert_eq!(attr["IsValidForUpdate"], true);
}
