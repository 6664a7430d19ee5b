//! Global Discovery against closure transports answering with the documented `Instances` shape.

use std::cell::RefCell;

use super::*;
use crate::transport::retry::{RetryPolicy, RetryReason};
use crate::transport::send::tests::VirtualRuntime;
use crate::transport::send::RetryNotice;

fn config() -> Config {
    Config::from_json(r#"{"clientId":"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}"#).unwrap()
}

fn respond(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.into(),
    }
}

const INSTANCES: &str = r#"{
  "@odata.context": "https://globaldisco.crm.dynamics.com/api/discovery/v2.0/$metadata#Instances",
  "value": [
    {"Id": "e34c95a5-f34c-430c-a05e-a23437e5b9fa", "UniqueName": "org1a2b3c4d", "UrlName": "contoso",
     "FriendlyName": "Contoso (Production)", "State": 0, "Version": "9.2.24091.00200",
     "Url": "https://contoso.crm.dynamics.com", "ApiUrl": "https://contoso.api.crm.dynamics.com",
     "LastUpdated": "2026-11-01T10:00:00Z", "Region": "NA", "StatusMessage": 6, "IsUserSysAdmin": true,
     "Purpose": "", "OrganizationType": 0, "TenantId": "3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a",
     "EnvironmentId": "Default-3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a"},
    {"Id": "a1b2c3d4-0000-4000-8000-000000000002", "UniqueName": "org9z8y7x6w", "UrlName": "contoso-dev",
     "FriendlyName": "Contoso (Dev)", "State": 1, "Version": "9.2.24091.00200",
     "Url": "https://contoso-dev.crm4.dynamics.com/", "ApiUrl": "https://contoso-dev.api.crm4.dynamics.com/",
     "Region": "EMEA", "StatusMessage": 3, "IsUserSysAdmin": false,
     "Purpose": "Try-out", "OrganizationType": "14", "TrialExpirationDate": "2027-01-31T00:00:00Z"}
  ]
}"#;

#[test]
fn the_request_selects_what_the_picker_shows_with_the_discovery_token() {
    let request = instances_request(&config(), &AccessToken::new("gds-token"));
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url.as_str(),
        format!("https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances?$select={INSTANCE_COLUMNS}")
    );
    assert_eq!(
        request.header_value("Authorization"),
        Some("Bearer gds-token")
    );
    assert_eq!(request.header_value("Accept"), Some("application/json"));
    assert!(!format!("{request:?}").contains("gds-token"));
    let gcc =
        Config::from_json(r#"{"clientId":"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","cloud":"usgov"}"#)
            .unwrap();
    assert!(instances_request(&gcc, &AccessToken::new("t"))
        .url
        .as_str()
        .starts_with("https://globaldisco.crm9.dynamics.com/api/discovery/v2.0/Instances?"));
}

#[test]
fn instances_become_environments_sorted_by_name() {
    let environments = parse_instances(&respond(200, INSTANCES)).unwrap();
    assert_eq!(
        environments,
        vec![
            Environment {
                id: "a1b2c3d4-0000-4000-8000-000000000002".into(),
                unique_name: "org9z8y7x6w".into(),
                friendly_name: "Contoso (Dev)".into(),
                url: "https://contoso-dev.crm4.dynamics.com".into(),
                api_url: "https://contoso-dev.api.crm4.dynamics.com".into(),
                enabled: false,
                ready: false,
                version: "9.2.24091.00200".into(),
                region: "EMEA".into(),
                is_user_sys_admin: false,
                // A numeric string is read like a number.
                organization_type: Some(14),
                purpose: "Try-out".into(),
                trial_expires: crate::time::parse_iso8601("2027-01-31T00:00:00Z"),
            },
            Environment {
                id: "e34c95a5-f34c-430c-a05e-a23437e5b9fa".into(),
                unique_name: "org1a2b3c4d".into(),
                friendly_name: "Contoso (Production)".into(),
                url: "https://contoso.crm.dynamics.com".into(),
                api_url: "https://contoso.api.crm.dynamics.com".into(),
                enabled: true,
                ready: true,
                version: "9.2.24091.00200".into(),
                region: "NA".into(),
                is_user_sys_admin: true,
                organization_type: Some(0),
                purpose: String::new(),
                trial_expires: None,
            },
        ]
    );
    assert_eq!(
        crate::dataverse::dataverse_scope(&environments[1].url),
        "https://contoso.crm.dynamics.com/user_impersonation"
    );
}

#[test]
fn missing_optional_fields_do_not_block_and_an_empty_list_is_a_fact() {
    let sparse = r#"{"value":[{"Id":"x","Url":"https://a.crm.dynamics.com","ApiUrl":"https://a.api.crm.dynamics.com","UrlName":"a"}]}"#;
    let environment = &parse_instances(&respond(200, sparse)).unwrap()[0];
    assert!(environment.enabled && environment.ready);
    assert_eq!(environment.unique_name, "a");
    assert_eq!(
        environment.friendly_name, "a",
        "falls back to the unique name"
    );
    assert!(!environment.is_user_sys_admin);
    assert_eq!(
        parse_instances(&respond(200, r#"{"value":[]}"#)).unwrap(),
        vec![]
    );
    assert!(no_environments()
        .why
        .wire()
        .contains("delegated administrator"));
}

#[test]
fn failures_become_explanations() {
    let expired = parse_instances(&respond(
        401,
        r#"{"error":{"code":"","message":"The access token is expired."}}"#,
    ))
    .unwrap_err();
    assert_eq!(
        expired,
        DiscoveryError::Service {
            status: 401,
            code: String::new(),
            message: "The access token is expired.".into()
        }
    );
    assert!(expired.explain().fix.wire().contains("Sign in again"));
    assert!(matches!(
        parse_instances(&respond(200, "<html>proxy</html>")),
        Err(DiscoveryError::Unexpected { status: 200, .. })
    ));
    let forbidden = parse_instances(&respond(
        403,
        r#"{"error":{"code":"Forbidden","message":"no"}}"#,
    ))
    .unwrap_err();
    assert!(forbidden.explain().what.wire().contains("may not list"));
    let offline = DiscoveryError::Transport(TransportError {
        host: "globaldisco.crm.dynamics.com".into(),
        detail: "Failed to fetch".into(),
    });
    assert!(offline
        .explain()
        .why
        .wire()
        .contains("globaldisco.crm.dynamics.com"));
}

#[test]
fn environments_waits_out_throttling_and_follows_next_links() {
    let answers = RefCell::new(vec![
        Ok(respond(
            200,
            r#"{"value":[{"Id":"b","UniqueName":"b","FriendlyName":"B","Url":"https://b.crm.dynamics.com","ApiUrl":"https://b.api.crm.dynamics.com"}]}"#,
        )),
        Ok(respond(
            200,
            r#"{"value":[{"Id":"c","UniqueName":"c","FriendlyName":"C","Url":"https://c.crm.dynamics.com","ApiUrl":"https://c.api.crm.dynamics.com"}],
               "@odata.nextLink":"https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances?$skiptoken=2"}"#,
        )),
        Ok(HttpResponse {
            status: 429,
            headers: vec![("Retry-After".into(), "2".into())],
            body: String::new(),
        }),
    ]);
    let sent = RefCell::new(Vec::new());
    let client = |request: HttpRequest| {
        sent.borrow_mut().push(request);
        let next = answers.borrow_mut().pop().unwrap();
        async move { next }
    };
    let runtime = VirtualRuntime::default();
    let notices = RefCell::new(Vec::new());
    let on_retry = |n: RetryNotice| notices.borrow_mut().push(n);
    let ctx = Context {
        client: &client,
        runtime: &runtime,
        policy: RetryPolicy::default(),
        on_retry: &on_retry,
    };
    let environments =
        pollster::block_on(environments(&ctx, &config(), &AccessToken::new("gds"))).unwrap();
    assert_eq!(
        environments
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["b", "c"]
    );
    assert_eq!(*runtime.slept.borrow(), vec![2_000]);
    assert_eq!(notices.borrow()[0].reason, RetryReason::Throttled);
    let sent = sent.borrow();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        sent[2].url.as_str(),
        "https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances?$skiptoken=2"
    );
    assert_eq!(sent[2].header_value("Authorization"), Some("Bearer gds"));
}
