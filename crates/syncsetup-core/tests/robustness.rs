//! Property tests: every parser that reads something from outside — the address bar, config.json,
//! Entra, Graph, Global Discovery, Dataverse — returns a value or an error for any input and never
//! panics (a panic in the page would replace the wizard with the crash screen).

use proptest::prelude::*;
use syncsetup_core::auth::{callback, id_token, token};
use syncsetup_core::config::Config;
use syncsetup_core::graph::setup as graph;
use syncsetup_core::http::HttpResponse;
use syncsetup_core::secret::IdToken;
use url::Url;

fn response(status: u16, body: String) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Retry-After".into(), body.chars().take(5).collect())],
        body,
    }
}

/// JSON-ish text: real JSON fragments mixed with noise, so parsers get past the first byte.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\{\"(error|value|access_token|token_type|id|code|message)\":(\"[^\"]{0,20}\"|[0-9]{1,5}|null|\\[\\]|\\{\\})\\}",
        "\\{\"value\":\\[\\{\"id\":\"[a-f0-9-]{0,36}\"(,\"appId\":\"x\")?\\}\\]\\}",
        "\\{\"error\":\\{\"code\":\"[A-Za-z_]{0,20}\",\"message\":\"[^\"]{0,30}\"(,\"innerError\":\\{\\})?\\}\\}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn callback_urls_never_panic(fragment in any::<String>(), query in any::<String>()) {
        if let Ok(url) = Url::parse(&format!("https://app.example/sync/?{query}#{fragment}")) {
            let parsed = callback::parse(&url);
            let clean = callback::clean_url(&url);
            prop_assert!(callback::parse(&clean).is_none() || parsed.is_some());
        }
    }

    #[test]
    fn config_json_never_panics(text in jsonish(), client in "[0-9a-f-]{0,40}", authority in any::<String>()) {
        let _ = Config::from_json(&text);
        let _ = Config::from_json(&format!(r#"{{"clientId":"{client}","authority":{}}}"#, serde_json::Value::String(authority)));
    }

    #[test]
    fn token_bodies_never_panic(status in 100u16..600, body in jsonish()) {
        let _ = token::parse_response(&response(status, body));
    }

    #[test]
    fn id_tokens_never_panic(header in "[A-Za-z0-9_-]{0,40}", payload in any::<Vec<u8>>(), raw in any::<String>()) {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&payload);
        let _ = id_token::decode(&IdToken::new(format!("{header}.{encoded}.sig")));
        let _ = id_token::decode(&IdToken::new(raw));
    }

    #[test]
    fn graph_bodies_never_panic(status in 100u16..600, body in jsonish()) {
        let r = response(status, body);
        let _ = graph::parse_organization(&r);
        let _ = graph::parse_admin_roles(&r);
        let _ = graph::parse_applications(&r);
        let _ = graph::parse_resource_service_principal(&r);
        let _ = graph::parse_consent_grant(&r);
        let _ = graph::parse_hrd_policies(&r);
        let _ = graph::parse_app_management_policy(&r);
        let _ = graph::parse_added_password(&r);
    }

    #[test]
    fn discovery_and_dataverse_bodies_never_panic(status in 100u16..600, body in jsonish()) {
        let r = response(status, body);
        let _ = syncsetup_core::discovery_service::parse_instances(&r);
        let _ = syncsetup_core::dataverse::read::parse_whoami(&r);
        let _ = syncsetup_core::dataverse::read::parse_version(&r);
        let _ = syncsetup_core::dataverse::read::parse_system_user(&r);
        let _ = syncsetup_core::dataverse::read::parse_plugin_step(&r);
        let _ = syncsetup_core::dataverse::read::parse_unpublished(&r);
        let _ = syncsetup_core::transport::retry::retry_after_millis(&r);
    }

    #[test]
    fn dates_and_durations_never_panic(text in any::<String>(), seconds in any::<u64>()) {
        let _ = syncsetup_core::time::parse_iso8601(&text);
        let _ = syncsetup_core::time::parse_duration_days(&text);
        let formatted = syncsetup_core::time::format_iso8601(seconds % 253_402_300_799);
        prop_assert_eq!(syncsetup_core::time::parse_iso8601(&formatted), Some(seconds % 253_402_300_799));
    }
}
