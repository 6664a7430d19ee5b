//! Fault switches and controls: 429 with `Retry-After` N times then success, 503 in each
//! service's shape, latency, dropped connections (on real sockets), replication lag and token
//! lifetime settings, switching scenarios, and the journal (redaction, filters, counting writes).

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::dataverse::{app_user_body, dv, dv_token, root_bu, API};
use super::graph_directory::{admin_token, call, create_app};
use super::*;

const CONTROL: &str = "http://app.localhost:8400/_emulator";

async fn add_fault(emu: &Emu, rule: Value) -> Value {
    let res = emu.post_json(&format!("{CONTROL}/faults"), rule).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    res.json()
}

async fn journal(emu: &Emu, query: &str) -> Vec<Value> {
    emu.get(&format!("{CONTROL}/journal?{query}"))
        .await
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn throttling_answers_429_with_retry_after_then_lets_requests_through() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let rule = add_fault(
        &emu,
        json!({"host": "crm", "path": "/api/data/v9.2/WhoAmI*", "status": 429, "retryAfter": 3, "times": 2}),
    )
    .await;
    assert_eq!(rule["remaining"], 2);
    for _ in 0..2 {
        let res = dv(
            &emu,
            "GET",
            "WhoAmI",
            &token,
            None,
            &[("origin", APP_ORIGIN)],
        )
        .await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.header("retry-after"), Some("3"));
        // The browser can read the status; Retry-After is not exposed by Dataverse's policy
        // (strict choice, see `cors::DATAVERSE`), so a browser page must back off on its own.
        assert_eq!(res.header("access-control-allow-origin"), Some("*"));
        assert_eq!(
            res.header("access-control-expose-headers"),
            Some("odata-entityid")
        );
        assert_eq!(res.json()["error"]["code"], "0x80072322");
    }
    let res = dv(&emu, "GET", "WhoAmI", &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    // Other paths were never affected; the rule is used up.
    let faults = emu.get(&format!("{CONTROL}/faults")).await.json();
    assert_eq!(faults["rules"][0]["remaining"], 0);
    assert_eq!(faults["rules"][0]["hits"], 2);
    let throttled = journal(&emu, "host=crm&status=429").await;
    assert_eq!(throttled.len(), 2);
    assert_eq!(throttled[0]["fault"], "status 429");
}

#[tokio::test]
async fn service_unavailable_in_each_services_shape() {
    let emu = Emu::new();
    let graph = admin_token(&emu).await;
    add_fault(&emu, json!({"host": "graph", "status": 503, "times": 1})).await;
    let res = call(&emu, "GET", "/me", &graph, None).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json()["error"]["code"], "serviceNotAvailable");
    assert!(res.json()["error"]["innerError"]["request-id"].is_string());
    assert_eq!(
        call(&emu, "GET", "/me", &graph, None).await.status,
        StatusCode::OK
    );
    // Entra: `temporarily_unavailable` JSON; preflights are never faulted.
    add_fault(
        &emu,
        json!({"host": "login", "path": "*/token", "status": 503}),
    )
    .await;
    let res = emu
        .refresh("not-a-real-token", GRAPH_SCOPE, Some(APP_ORIGIN))
        .await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json()["error"], "temporarily_unavailable");
    let res = emu
        .send(
            "OPTIONS",
            &format!("{}/oauth2/v2.0/token", emu.authority()),
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "POST"),
            ],
            vec![],
        )
        .await;
    assert_ne!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    // Invalid rules are refused.
    for bad in [
        json!({}),
        json!({"status": 200}),
        json!({"drop": true, "status": 503}),
        json!({"latency": 1}),
    ] {
        let res = emu
            .post_json(&format!("{CONTROL}/faults"), bad.clone())
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // Rules can be removed one by one or all at once.
    let rules = emu.get(&format!("{CONTROL}/faults")).await.json()["rules"].clone();
    let id = rules[1]["id"].as_u64().unwrap();
    let res = emu
        .send("DELETE", &format!("{CONTROL}/faults/{id}"), &[], vec![])
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = emu
        .send("DELETE", &format!("{CONTROL}/faults/{id}"), &[], vec![])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    emu.send("DELETE", &format!("{CONTROL}/faults"), &[], vec![])
        .await;
    assert_eq!(
        emu.get(&format!("{CONTROL}/faults")).await.json()["rules"],
        json!([])
    );
}

#[tokio::test]
async fn latency_delays_matching_requests() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    add_fault(
        &emu,
        json!({"host": "crm:contoso", "method": "GET", "latencyMs": 150, "times": 1}),
    )
    .await;
    let started = Instant::now();
    let res = dv(&emu, "GET", "WhoAmI", &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
    // The rule applied once: the next request is not delayed (told by the journal, not a clock).
    dv(&emu, "GET", "WhoAmI", &token, None, &[]).await;
    let entries = journal(&emu, "host=crm:contoso").await;
    assert_eq!(entries[0]["fault"], "latency 150ms");
    assert!(entries[0]["durationMs"].as_u64().unwrap() >= 150);
    assert_eq!(entries[1]["fault"], Value::Null);
}

#[tokio::test]
async fn dropped_connections_close_without_a_response() {
    let running = crate::spawn(crate::Options::default()).await.unwrap();
    let (_, addr) = running.addrs[0];
    let port = addr.port();
    running
        .state
        .faults
        .add(crate::faults::FaultSpec {
            host: Some("crm".into()),
            drop: true,
            times: Some(1),
            ..Default::default()
        })
        .unwrap();
    let request = format!(
        "GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: contoso.crm.localhost:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    // The next request gets an answer (401: no token).
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let entries = running.state.journal();
    assert_eq!(entries[0].status, 0);
    assert_eq!(entries[0].fault.as_deref(), Some("drop"));
    running.stop().await;
}

#[tokio::test]
async fn replication_lag_setting_hides_new_service_principals_from_dataverse() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let bu = root_bu(&emu, &token).await;
    let graph = admin_token(&emu).await;
    let app = create_app(&emu, &graph, "Marketo Integration").await;
    let app_id = app["appId"].as_str().unwrap().to_string();
    let res = emu
        .send(
            "PATCH",
            &format!("{CONTROL}/settings"),
            &[("content-type", "application/json")],
            json!({"replicationLagSecs": 20}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["replicationLagSecs"], 20);
    // The new application is not visible to Graph reads either.
    let res = call(
        &emu,
        "GET",
        &format!("/applications(appId='{app_id}')"),
        &graph,
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text());
    emu.post_json(&format!("{CONTROL}/clock/advance"), json!({"seconds": 21}))
        .await;
    super::graph_directory::create_sp(&emu, &graph, &app_id).await;
    let res = dv(
        &emu,
        "POST",
        "systemusers",
        &token,
        Some(app_user_body(&app_id, &bu)),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    emu.post_json(&format!("{CONTROL}/clock/advance"), json!({"seconds": 21}))
        .await;
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
    let res = emu
        .send(
            "PATCH",
            &format!("{CONTROL}/settings"),
            &[("content-type", "application/json")],
            json!({"bogus": 1}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn token_lifetime_setting_expires_tokens_early_in_every_service() {
    let emu = Emu::new();
    let res = emu
        .send(
            "PATCH",
            &format!("{CONTROL}/settings"),
            &[("content-type", "application/json")],
            json!({"accessTokenLifetimeSecs": 60})
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(res.json()["accessTokenLifetimeSecs"], 60);
    let tokens = emu
        .spa_tokens(&format!("openid offline_access {GRAPH_SCOPE}"))
        .await;
    assert_eq!(tokens["expires_in"], 60);
    let graph = tokens["access_token"].as_str().unwrap().to_string();
    let dataverse = dv_token(&emu).await;
    assert_eq!(
        dv(&emu, "GET", "WhoAmI", &dataverse, None, &[])
            .await
            .status,
        StatusCode::OK
    );
    emu.state.advance_clock(61);
    let res = dv(&emu, "GET", "WhoAmI", &dataverse, None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res
        .header("www-authenticate")
        .unwrap()
        .contains("invalid_token"));
    let res = call(&emu, "GET", "/me", &graph, None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["error"]["code"], "InvalidAuthenticationToken");
    // Back to an hour.
    let res = emu
        .send(
            "PATCH",
            &format!("{CONTROL}/settings"),
            &[("content-type", "application/json")],
            json!({"accessTokenLifetimeSecs": null})
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(res.json()["accessTokenLifetimeSecs"], 3600);
}

#[tokio::test]
async fn seeding_switches_the_scenario_and_keeps_fault_rules() {
    let emu = Emu::new();
    add_fault(&emu, json!({"host": "app", "latencyMs": 1})).await;
    let res = emu
        .post_json(
            &format!("{CONTROL}/seed"),
            json!({"scenario": "no-dynamics"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["environments"], json!([]));
    assert_eq!(emu.state.scenario.name, "no-dynamics");
    let info = emu.get(&format!("{CONTROL}/info")).await.json();
    assert_eq!(info["scenario"], "no-dynamics");
    assert_eq!(
        emu.get(&format!("{CONTROL}/faults")).await.json()["rules"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let res = emu.get(&format!("{API}WhoAmI")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = emu
        .post_json(
            &format!("{CONTROL}/seed"),
            json!({"scenario": "half-configured"}),
        )
        .await;
    assert_eq!(res.json()["environments"][0]["urlName"], "contoso");
    let dump = emu
        .get(&format!("{CONTROL}/dataverse/contoso"))
        .await
        .json();
    assert_eq!(dump["applicationUsers"].as_array().unwrap().len(), 1);
    assert_eq!(
        dump["roleHolders"][crate::scenario::dataverse::ROLE_NAME]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let res = emu
        .post_json(&format!("{CONTROL}/seed"), json!({"scenario": "nope"}))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text().contains("half-configured"));
    // Signing in works in the new scenario.
    let token = dv_token(&emu).await;
    assert_eq!(
        dv(&emu, "GET", "WhoAmI", &token, None, &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_journal_counts_writes_and_keeps_no_secret() {
    let emu = Emu::new();
    let graph = admin_token(&emu).await;
    let app = create_app(&emu, &graph, "Marketo Integration").await;
    let res = super::graph_directory::add_password(
        &emu,
        &graph,
        app["id"].as_str().unwrap(),
        json!({"passwordCredential": {"displayName": "Marketo"}}),
    )
    .await;
    let secret = res.json()["secretText"].as_str().unwrap().to_string();
    // A client-credentials request and a body carrying a secretText field.
    super::graph_directory::app_token(
        &emu,
        app["appId"].as_str().unwrap(),
        &secret,
        "https://graph.microsoft.com/.default",
    )
    .await;
    call(
        &emu,
        "PATCH",
        &format!("/applications/{}", app["id"].as_str().unwrap()),
        &graph,
        Some(json!({"notes": "x", "secretText": secret})),
    )
    .await;
    let text = emu.get(&format!("{CONTROL}/journal")).await.text();
    assert!(!text.contains(&secret), "the journal leaks the secret");
    assert!(!text.contains(&graph), "the journal leaks a token");
    let token_call = journal(&emu, "method=POST&host=login").await;
    let cc = token_call
        .iter()
        .find(|e| {
            e["body"]
                .as_str()
                .is_some_and(|b| b.contains("client_credentials"))
        })
        .unwrap();
    assert!(
        cc["body"]
            .as_str()
            .unwrap()
            .contains("client_secret=REDACTED"),
        "{cc}"
    );
    let posts = journal(&emu, "method=POST&host=graph&path=/v1.0/applications").await;
    assert_eq!(posts.len(), 1, "exactly one application created");
    assert_eq!(
        posts[0]["url"],
        "http://graph.localhost:8400/v1.0/applications"
    );
    assert_eq!(posts[0]["headers"]["authorization"], "Bearer REDACTED");
    assert_eq!(posts[0]["headers"]["content-type"], "application/json");
    assert_eq!(posts[0]["status"], 201);
    assert!(posts[0]["body"]
        .as_str()
        .unwrap()
        .contains("Marketo Integration"));
    let patch = journal(&emu, "method=PATCH").await;
    assert!(patch[0]["body"]
        .as_str()
        .unwrap()
        .contains("\"secretText\":\"REDACTED\""));
    // `since` reads only what is new; DELETE forgets.
    let last = patch[0]["seq"].as_u64().unwrap();
    assert!(journal(&emu, &format!("since={last}")).await.is_empty());
    emu.send("DELETE", &format!("{CONTROL}/journal"), &[], vec![])
        .await;
    assert!(journal(&emu, "").await.is_empty());
}
