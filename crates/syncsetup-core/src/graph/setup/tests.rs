use super::*;

fn config() -> Config {
    Config::from_json(r#"{"clientId":"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}"#).unwrap()
}

fn token() -> AccessToken {
    AccessToken::new("tok")
}

fn ok(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: body.into(),
    }
}

fn status(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.into(),
    }
}

/// The decoded `$filter` of a request.
fn filter(request: &HttpRequest) -> String {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == "$filter")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn body(request: &HttpRequest) -> serde_json::Value {
    serde_json::from_str(request.body.as_deref().unwrap()).unwrap()
}

#[test]
fn organization_reveals_federated_domains() {
    let tenant = parse_organization(&ok(r#"{"value":[{"id":"t1","displayName":"Contoso","verifiedDomains":[
        {"capabilities":"Email, OfficeCommunicationsOnline","isDefault":true,"isInitial":true,"name":"contoso.onmicrosoft.com","type":"Managed"},
        {"capabilities":"Email","isDefault":false,"isInitial":false,"name":"contoso.com","type":"Federated"}]}]}"#))
    .unwrap();
    assert_eq!(tenant.display_name, "Contoso");
    assert_eq!(tenant.domains.len(), 2);
    assert!(!tenant.domains[0].federated && tenant.domains[0].is_default);
    assert!(tenant.domains[1].federated);
}

#[test]
fn admin_roles_use_the_advanced_query_headers() {
    let request = admin_roles_request(&config(), &token());
    assert_eq!(request.header_value("ConsistencyLevel"), Some("eventual"));
    assert!(request.url.as_str().contains("$count=true"));
    let roles = parse_admin_roles(&ok(
        r##"{"value":[{"@odata.type":"#microsoft.graph.directoryRole","displayName":"Global Administrator","roleTemplateId":"62e90394-69f5-4237-9190-012177145e10"},{"@odata.type":"#microsoft.graph.directoryRole"}]}"##,
    ))
    .unwrap();
    assert_eq!(
        roles,
        vec![DirectoryRole {
            template_id: "62e90394-69f5-4237-9190-012177145e10".into(),
            display_name: "Global Administrator".into()
        }]
    );
}

#[test]
fn dynamics_service_principal_and_its_scope_id() {
    let request = service_principal_by_app_id_request(&config(), &token(), DYNAMICS_CRM_APP_ID);
    assert_eq!(
        filter(&request),
        "appId eq '00000007-0000-0000-c000-000000000000'"
    );
    let sp = parse_resource_service_principal(&ok(
        r#"{"value":[{"id":"sp-crm","appId":"00000007-0000-0000-c000-000000000000","displayName":"Dynamics CRM","oauth2PermissionScopes":[{"id":"78ce3f0f-a1ce-49c2-8cde-64b5c0896db4","value":"user_impersonation","type":"User"}]}]}"#,
    ))
    .unwrap()
    .unwrap();
    assert_eq!(sp.id, "sp-crm");
    assert_eq!(
        sp.user_impersonation_scope_id.as_deref(),
        Some(USER_IMPERSONATION_SCOPE_ID)
    );
    assert_eq!(
        parse_resource_service_principal(&ok(r#"{"value":[]}"#)).unwrap(),
        None,
        "no Dynamics in the tenant"
    );
}

#[test]
fn applications_parse_with_permission_and_secret_metadata() {
    let (apps, next) = parse_applications(&ok(r#"{"value":[{"id":"obj-1","appId":"app-1","displayName":"Marketo Integration","signInAudience":"AzureADMyOrg",
        "createdDateTime":"2026-11-01T08:00:00Z",
        "requiredResourceAccess":[{"resourceAppId":"00000007-0000-0000-c000-000000000000","resourceAccess":[{"id":"78ce3f0f-a1ce-49c2-8cde-64b5c0896db4","type":"Scope"}]}],
        "passwordCredentials":[{"customKeyIdentifier":null,"displayName":"Marketo sync","endDateTime":"2027-01-01T00:00:00Z","hint":"abc","keyId":"k1","secretText":null,"startDateTime":"2026-11-01T08:00:00Z"}]}],
        "@odata.nextLink":"https://graph.microsoft.com/v1.0/applications?$skiptoken=x"}"#))
    .unwrap();
    assert_eq!(apps.len(), 1);
    let app = &apps[0];
    assert!(app.requests_dynamics_user_impersonation());
    assert_eq!(app.passwords[0].hint.as_deref(), Some("abc"));
    assert_eq!(app.passwords[0].end, Some(1_798_761_600));
    assert!(next.unwrap().contains("skiptoken"));
    let request = applications_by_name_request(&config(), &token(), "O'Brien's app");
    assert_eq!(
        filter(&request),
        "displayName eq 'O''Brien''s app'",
        "OData doubles single quotes"
    );
}

#[test]
fn a_name_with_url_special_characters_stays_one_filter() {
    // F8: `&` split the query and `#` started a fragment, so Graph answered 400.
    let request = applications_by_name_request(&config(), &token(), "Marketo & D365 #1 + test");
    assert_eq!(request.url.fragment(), None);
    assert_eq!(
        filter(&request),
        "displayName eq 'Marketo & D365 #1 + test'"
    );
    assert!(request.url.query_pairs().any(|(k, _)| k == "$select"));
    assert!(
        !request.url.query().unwrap().contains('+'),
        "a + would be read as a space"
    );
}

#[test]
fn fixing_an_app_keeps_every_other_permission_it_requests() {
    // F2: Graph replaces a collection sent in a PATCH, so sending the Dynamics entry alone wiped
    // the app's Graph (and any other API's) permissions.
    let (apps, _) = parse_applications(&ok(r#"{"value":[{"id":"obj-1","appId":"app-1","displayName":"Marketo","signInAudience":"AzureADMultipleOrgs",
        "requiredResourceAccess":[
          {"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"e1fe6dd8-ba31-4d61-89e7-88639da4683d","type":"Scope"},{"id":"df021288-bdef-4463-88db-98f22de89214","type":"Role"}]},
          {"resourceAppId":"00000007-0000-0000-c000-000000000000","resourceAccess":[{"id":"aaaaaaaa-0000-0000-0000-000000000001","type":"Role"}]}
        ]}]}"#))
    .unwrap();
    let app = &apps[0];
    assert!(!app.requests_dynamics_user_impersonation());
    let request = fix_application_request(&config(), &token(), app, USER_IMPERSONATION_SCOPE_ID);
    assert_eq!(request.method, Method::Patch);
    assert_eq!(
        body(&request),
        json!({
            "signInAudience": "AzureADMyOrg",
            "requiredResourceAccess": [
                {"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [
                    {"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"},
                    {"id": "df021288-bdef-4463-88db-98f22de89214", "type": "Role"}]},
                {"resourceAppId": "00000007-0000-0000-c000-000000000000", "resourceAccess": [
                    {"id": "aaaaaaaa-0000-0000-0000-000000000001", "type": "Role"},
                    {"id": USER_IMPERSONATION_SCOPE_ID, "type": "Scope"}]}
            ]
        })
    );
    // Merging twice adds nothing.
    let once = with_dynamics_permission(&app.required_resource_access, USER_IMPERSONATION_SCOPE_ID);
    assert_eq!(
        with_dynamics_permission(&once, USER_IMPERSONATION_SCOPE_ID),
        once
    );
}

#[test]
fn create_application_is_single_tenant_with_dynamics_user_impersonation() {
    let request = create_application_request(
        &config(),
        &token(),
        "Marketo Integration",
        USER_IMPERSONATION_SCOPE_ID,
    );
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url.as_str(),
        "https://graph.microsoft.com/v1.0/applications"
    );
    assert_eq!(
        request.header_value("content-type"),
        Some("application/json")
    );
    let sent = body(&request);
    assert_eq!(sent["signInAudience"], "AzureADMyOrg");
    assert_eq!(
        sent["requiredResourceAccess"][0]["resourceAppId"],
        DYNAMICS_CRM_APP_ID
    );
    assert_eq!(
        sent["requiredResourceAccess"][0]["resourceAccess"][0]["type"],
        "Scope"
    );
    assert!(
        sent.get("passwordCredentials").is_none(),
        "secrets are added with addPassword, never at creation"
    );
}

#[test]
fn consent_grant_is_all_principals_user_impersonation() {
    let request = create_consent_grant_request(&config(), &token(), "sp-marketo", "sp-crm");
    let sent = body(&request);
    assert_eq!(sent["consentType"], "AllPrincipals");
    assert_eq!(sent["clientId"], "sp-marketo");
    assert_eq!(sent["resourceId"], "sp-crm");
    assert_eq!(sent["scope"], "user_impersonation");
    let grant = PermissionGrant {
        id: "g1".into(),
        scope: "openid".into(),
    };
    assert_eq!(
        body(&extend_consent_grant_request(&config(), &token(), &grant))["scope"],
        "openid user_impersonation"
    );
    let conflict = parse_created_grant(&status(409, r#"{"error":{"code":"Request_MultipleObjectsWithSameKeyValue","message":"Permission entry already exists."}}"#)).unwrap_err();
    assert!(conflict.is_conflict());
}

#[test]
fn replication_errors_are_recognised() {
    let no_backing = status(
        400,
        r#"{"error":{"code":"Request_BadRequest","message":"The appId 'x' of the service principal does not reference a valid application object.","details":[{"code":"NoBackingApplicationObject","message":"…","target":"appId"}],"innerError":{"request-id":"r"}}}"#,
    );
    assert!(parse_created_service_principal(&no_backing)
        .unwrap_err()
        .is_replication_pending());
    let not_found = status(
        404,
        r#"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist or one of its queried reference-property objects are not present."}}"#,
    );
    assert!(parse_no_content(&not_found)
        .unwrap_err()
        .is_replication_pending());
    let denied = status(
        403,
        r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#,
    );
    let denied = parse_no_content(&denied).unwrap_err();
    assert!(!denied.is_replication_pending());
    assert_eq!(denied.code(), Some("Authorization_RequestDenied"));
}

#[test]
fn add_password_sends_a_lifetime_and_the_secret_is_redacted() {
    let request = add_password_request(&config(), &token(), "obj-1", "Marketo sync", 1_798_761_600);
    assert_eq!(
        request.url.as_str(),
        "https://graph.microsoft.com/v1.0/applications/obj-1/addPassword"
    );
    assert_eq!(
        body(&request)["passwordCredential"]["endDateTime"],
        "2027-01-01T00:00:00Z"
    );
    let secret = parse_added_password(&ok(
        r#"{"customKeyIdentifier":null,"displayName":"Marketo sync","endDateTime":"2027-01-01T00:00:00Z","hint":"Q~x","keyId":"k2","secretText":"Q~xSECRETSECRETSECRET","startDateTime":"2026-11-21T00:00:00Z"}"#,
    ))
    .unwrap();
    assert_eq!(secret.secret(), "Q~xSECRETSECRETSECRET");
    assert_eq!(secret.hint, "Q~x");
    assert_eq!(secret.end, Some(1_798_761_600));
    let shown = format!("{secret:?}");
    assert!(!shown.contains("SECRETSECRET"), "{shown}");
    let mut wiped = secret.clone();
    wiped.wipe();
    assert_eq!(wiped.secret(), "", "wiping forgets the text");
    assert_eq!(
        secret.secret(),
        "Q~xSECRETSECRETSECRET",
        "clones are independent"
    );
}

#[test]
fn hrd_definitions_are_json_strings_inside_json() {
    let request = create_hrd_policy_request(&config(), &token(), "Marketo ROPC");
    let sent = body(&request);
    assert!(sent["definition"][0].is_string());
    let policies = parse_hrd_policies(&ok(&format!(
        r#"{{"value":[{{"id":"p1","displayName":"x","definition":[{}]}},{{"id":"p2","definition":["{{\"HomeRealmDiscoveryPolicy\":{{\"AccelerateToFederatedDomain\":true}}}}"]}}]}}"#,
        serde_json::to_string(HRD_DEFINITION).unwrap()
    )))
    .unwrap();
    assert!(policies[0].allows_cloud_password_validation);
    assert!(!policies[1].allows_cloud_password_validation);
    let assign = assign_hrd_policy_request(&config(), &token(), "sp-1", "p1");
    assert!(assign
        .url
        .as_str()
        .ends_with("/servicePrincipals/sp-1/homeRealmDiscoveryPolicies/$ref"));
    assert_eq!(
        body(&assign)["@odata.id"],
        "https://graph.microsoft.com/v1.0/policies/homeRealmDiscoveryPolicies/p1"
    );
}

#[test]
fn app_management_policy_is_read_only_when_enabled() {
    let enabled = r#"{"id":"00000000-0000-0000-0000-000000000000","displayName":"Default app management tenant policy","isEnabled":true,
        "applicationRestrictions":{"passwordCredentials":[{"restrictionType":"passwordLifetime","maxLifetime":"P180D","restrictForAppsCreatedAfterDateTime":null}],"keyCredentials":[]}}"#;
    assert_eq!(
        parse_app_management_policy(&ok(enabled)).unwrap(),
        PasswordPolicy {
            addition_blocked: None,
            max_lifetime: Some((180, PolicyScope::default()))
        }
    );
    let disabled = enabled.replace("\"isEnabled\":true", "\"isEnabled\":false");
    assert_eq!(
        parse_app_management_policy(&ok(&disabled)).unwrap(),
        PasswordPolicy::default()
    );
    let blocked = r#"{"isEnabled":true,"applicationRestrictions":{"passwordCredentials":[{"restrictionType":"passwordAddition","maxLifetime":null}]}}"#;
    assert!(parse_app_management_policy(&ok(blocked))
        .unwrap()
        .blocks_secrets(None));
}

#[test]
fn a_restriction_covers_only_apps_created_on_or_after_its_enforcement_date() {
    // F16: passwordcredentialconfiguration.md — "Enforces the policy for an app created on or
    // after the enforcement date … To apply to all applications, enforcement datetime would be null".
    let dated = r#"{"isEnabled":true,"applicationRestrictions":{"passwordCredentials":[
        {"restrictionType":"passwordAddition","maxLifetime":null,"restrictForAppsCreatedAfterDateTime":"2026-01-01T00:00:00Z"},
        {"restrictionType":"passwordLifetime","maxLifetime":"P90D","restrictForAppsCreatedAfterDateTime":"2027-01-01T00:00:00Z"}]}}"#;
    let policy = parse_app_management_policy(&ok(dated)).unwrap();
    let before = crate::time::parse_iso8601("2025-06-01T00:00:00Z");
    let on = crate::time::parse_iso8601("2026-01-01T00:00:00Z");
    let later = crate::time::parse_iso8601("2027-03-01T00:00:00Z");
    assert!(
        !policy.blocks_secrets(before),
        "an older app is not covered"
    );
    assert!(policy.blocks_secrets(on), "on the date counts");
    assert_eq!(
        policy.max_lifetime_days(on),
        None,
        "the lifetime rule starts in 2027"
    );
    assert_eq!(policy.max_lifetime_days(later), Some(90));
    assert!(
        policy.blocks_secrets(None),
        "an unknown creation time is covered"
    );
}

#[test]
fn password_hash_sync_is_read_from_the_features_and_never_guessed() {
    let request = password_sync_request(&config(), &token());
    assert_eq!(
        request.url.as_str(),
        "https://graph.microsoft.com/v1.0/directory/onPremisesSynchronization?$select=features"
    );
    let on = r#"{"value":[{"id":"s","features":{"passwordSyncEnabled":true,"passwordWritebackEnabled":false}}]}"#;
    assert_eq!(parse_password_sync(&ok(on)).unwrap(), Some(true));
    let off = on.replace(
        "\"passwordSyncEnabled\":true",
        "\"passwordSyncEnabled\":false",
    );
    assert_eq!(parse_password_sync(&ok(&off)).unwrap(), Some(false));
    assert_eq!(
        parse_password_sync(&ok(r#"{"value":[]}"#)).unwrap(),
        None,
        "no synchronization settings: nothing is synchronized"
    );
    assert!(
        parse_password_sync(&ok(
            r#"{"value":[{"id":"s","features":{"passwordSyncEnabled":null}}]}"#
        ))
        .is_err(),
        "a null flag is unreadable, not off"
    );
    assert!(parse_password_sync(&status(
        403,
        r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#
    ))
    .is_err());
}
