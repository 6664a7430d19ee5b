//! `/_emulator/*` controls, host routing and the app host (static files, `config.json`).

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::HostKind;

#[tokio::test]
async fn journal_records_requests_without_secrets() {
    let emu = Emu::new();
    let tokens = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    let access_token = tokens["access_token"].as_str().unwrap().to_string();
    emu.get_with(
        "http://graph.localhost:8400/v1.0/me",
        &[("authorization", &format!("Bearer {access_token}"))],
    )
    .await;
    emu.get("http://login.localhost:8400/x/y?code=leaky&state=ok")
        .await;
    let res = emu
        .get("http://graph.localhost:8400/_emulator/journal")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let text = res.text();
    let journal = res.json();
    let entries = journal.as_array().unwrap();
    assert!(entries
        .iter()
        .all(|e| !e["path"].as_str().unwrap().starts_with("/_emulator")));
    let token_call = entries
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("/oauth2/v2.0/token"))
        .expect("token call journaled");
    assert_eq!(token_call["method"], "POST");
    assert_eq!(token_call["host"], "login");
    assert_eq!(token_call["origin"], APP_ORIGIN);
    assert_eq!(token_call["status"], 200);
    let me_call = entries.iter().find(|e| e["path"] == "/v1.0/me").unwrap();
    assert_eq!(me_call["host"], "graph");
    assert_eq!(me_call["authorization"], true);
    let leaky = entries.iter().find(|e| e["path"] == "/x/y").unwrap();
    assert_eq!(leaky["query"], "code=REDACTED&state=ok");
    assert!(!text.contains(&access_token));
    assert!(!text.contains(tokens["refresh_token"].as_str().unwrap()));
    assert!(!text.contains("leaky"));
}

#[tokio::test]
async fn reset_forgets_refresh_tokens_clock_and_journal() {
    let emu = Emu::new();
    let tokens = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    emu.post_json(
        "http://login.localhost:8400/_emulator/clock/advance",
        json!({"seconds": 60}),
    )
    .await;
    assert_eq!(emu.state.clock_offset(), 60);
    let res = emu
        .send(
            "POST",
            "http://app.localhost:8400/_emulator/reset",
            &[],
            vec![],
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(emu.state.clock_offset(), 0);
    let res = emu
        .refresh(
            tokens["refresh_token"].as_str().unwrap(),
            GRAPH_SCOPE,
            Some(APP_ORIGIN),
        )
        .await;
    assert_entra_error(&res, StatusCode::BAD_REQUEST, "invalid_grant", 9002313);
    let journal = emu
        .get("http://app.localhost:8400/_emulator/journal")
        .await
        .json();
    assert_eq!(
        journal.as_array().unwrap().len(),
        1,
        "only the refresh after the reset: {journal}"
    );
}

#[tokio::test]
async fn clock_advance_needs_integer_seconds() {
    let emu = Emu::new();
    let res = emu
        .post_json(
            "http://login.localhost:8400/_emulator/clock/advance",
            json!({"minutes": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = emu
        .post_json(
            "http://login.localhost:8400/_emulator/clock/advance",
            json!({"seconds": 90}),
        )
        .await;
    assert_eq!(res.json()["offsetSeconds"], 90);
    let now = emu
        .get("http://login.localhost:8400/_emulator/clock")
        .await
        .json()["now"]
        .as_i64()
        .unwrap();
    let real = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - real - 90).abs() <= 2);
}

#[tokio::test]
async fn unknown_host_is_404_naming_the_known_hosts() {
    let emu = Emu::new();
    let res = emu.get("http://elsewhere.example:8400/").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(
        res.text().contains("login.localhost:8400"),
        "{}",
        res.text()
    );
    // Known hosts answer for themselves: Global Discovery asks for a token.
    let res = emu
        .get("http://globaldisco.localhost:8400/api/discovery/v2.0/Instances")
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[test]
fn hosts_classify_single_port_and_per_host_authorities() {
    let single = Hosts::single_port("http", 8400);
    assert_eq!(single.classify("login.localhost:8400"), HostKind::Login);
    assert_eq!(single.classify("GRAPH.localhost:8400"), HostKind::Graph);
    assert_eq!(
        single.classify("contoso.crm.localhost:8400"),
        HostKind::Crm("contoso".into())
    );
    assert_eq!(single.classify("app.localhost:8400"), HostKind::App);
    assert_eq!(single.classify("localhost:8400"), HostKind::Unknown);
    assert_eq!(
        single.crm_org("contoso").as_deref(),
        Some("http://contoso.crm.localhost:8400")
    );

    let per_host = Hosts::per_host("https", 5000, 5001, 5002, 5003);
    assert_eq!(per_host.login, "https://127.0.0.1:5001");
    assert_eq!(per_host.classify("127.0.0.1:5001"), HostKind::Login);
    assert_eq!(per_host.classify("127.0.0.1:5002"), HostKind::Graph);
    assert_eq!(per_host.classify("localhost:5003"), HostKind::GlobalDisco);
    assert_eq!(per_host.classify("127.0.0.1:5000"), HostKind::App);
    assert_eq!(per_host.classify("127.0.0.1:6000"), HostKind::Unknown);
    assert_eq!(per_host.crm_org("contoso"), None);
}

#[tokio::test]
async fn config_json_points_the_spa_at_this_emulator() {
    let emu = Emu::new();
    let res = emu.get("http://app.localhost:8400/config.json").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({
            "clientId": demo::CLIENT_ID,
            "authority": format!("http://login.localhost:8400/{}", demo::TENANT_ID),
            "graphBaseUrl": "http://graph.localhost:8400",
            "globalDiscoveryUrl": "http://globaldisco.localhost:8400",
            "cloud": "public",
        })
    );
}

#[tokio::test]
async fn static_dir_serves_files_wasm_type_spa_fallback_and_generated_config() {
    let dir = std::env::temp_dir().join(format!("syncsetup-emulator-static-{}", emu_unique()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>spa</title>").unwrap();
    std::fs::write(dir.join("assets/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("config.json"), r#"{"clientId":"stale"}"#).unwrap();
    let emu = Emu::with_static(Some(dir.clone()));

    let res = emu.get("http://app.localhost:8400/").await;
    assert_eq!(res.text(), "<!doctype html><title>spa</title>");
    assert!(res.header("content-type").unwrap().starts_with("text/html"));
    let res = emu
        .get("http://app.localhost:8400/assets/app_bg.wasm")
        .await;
    assert_eq!(res.header("content-type"), Some("application/wasm"));
    let res = emu.get("http://app.localhost:8400/wizard/step-2").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.text().contains("<title>spa</title>"),
        "client-side route falls back to index.html"
    );
    let res = emu.get("http://app.localhost:8400/missing.js").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // An encoded `../` must not escape the directory (a plain `..` never reaches the server:
    // clients resolve dot segments).
    let outside = format!("syncsetup-emulator-outside-{}.txt", emu_unique());
    std::fs::write(std::env::temp_dir().join(&outside), "secret").unwrap();
    let res = emu
        .get(&format!("http://app.localhost:8400/..%2f{outside}"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    std::fs::remove_file(std::env::temp_dir().join(&outside)).ok();
    let res = emu.get("http://app.localhost:8400/config.json").await;
    assert_eq!(res.json()["clientId"], demo::CLIENT_ID);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_served_page_lets_fetch_reach_this_emulator_instead_of_microsoft() {
    // The repository's own page, as Trunk copies its policy into dist/ (plus an SRI-checked
    // preload, which must come through untouched).
    let page = include_str!("../../../../index.html").replace(
        "</head>",
        r#"<link rel="modulepreload" href="/app.js" integrity="sha384-abc" crossorigin="anonymous"></head>"#,
    );
    let shipped = connect_src(&page);
    assert!(shipped.contains("https://graph.microsoft.com") && !shipped.contains("localhost"));
    let dir = std::env::temp_dir().join(format!("syncsetup-emulator-csp-{}", emu_unique()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), &page).unwrap();
    std::fs::write(
        dir.join("plain.html"),
        "<!doctype html><title>no policy</title>",
    )
    .unwrap();
    let emu = Emu::with_static(Some(dir.clone()));

    let loopback = "connect-src 'self' http://login.localhost:8400 http://graph.localhost:8400 \
                    http://globaldisco.localhost:8400 http://*.crm.localhost:8400";
    for path in ["/", "/index.html", "/a/client/route"] {
        let served = emu
            .get(&format!("http://app.localhost:8400{path}"))
            .await
            .text();
        assert_eq!(connect_src(&served), loopback, "{path}");
        // Only connect-src changed: the other directives and the integrity attribute did not.
        assert_eq!(served, page.replace(&shipped, loopback), "{path}");
    }
    let plain = emu.get("http://app.localhost:8400/plain.html").await.text();
    assert_eq!(plain, "<!doctype html><title>no policy</title>");
    // Trunk's release build minifies the page: attributes reordered, quotes dropped.
    let minified = format!(
        "<!doctype html><meta charset=utf-8><meta content=\"default-src 'self'; {shipped}; \
         object-src 'none'\" http-equiv=Content-Security-Policy><title>spa</title>"
    );
    std::fs::write(dir.join("index.html"), &minified).unwrap();
    let served = emu.get("http://app.localhost:8400/").await.text();
    assert_eq!(served, minified.replace(&shipped, loopback));
    std::fs::remove_dir_all(dir).ok();
}

/// The `connect-src` directive of a page's CSP `<meta>`.
fn connect_src(html: &str) -> String {
    let policy = html.find("<meta http-equiv").expect("a CSP <meta>");
    let start = policy + html[policy..].find("connect-src").expect("a connect-src");
    let length = html[start..].find([';', '"']).unwrap();
    html[start..start + length].to_owned()
}

/// A per-test unique suffix for temporary paths.
fn emu_unique() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}
