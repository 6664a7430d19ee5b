//! CORS allow-lists of each host (`crate::cors`): an allowed preflight passes, a header not on the
//! list is refused (the answer's `Access-Control-Allow-Headers` does not name it, so a browser
//! blocks the request), error answers carry `Access-Control-Allow-Origin`, and the `stripCors`
//! fault removes it.

use axum::http::StatusCode;
use serde_json::json;

use super::dataverse::{dv, dv_token, API};
use super::graph_directory::{admin_token, call};
use super::*;

const GRAPH_APPS: &str = "http://graph.localhost:8400/v1.0/applications";
const GDS_INSTANCES: &str = "http://globaldisco.localhost:8400/api/discovery/v2.0/Instances";
const CONTROL: &str = "http://app.localhost:8400/_emulator";

/// A preflight for `method` with `headers` (comma-separated, as browsers send them).
async fn preflight(emu: &Emu, url: &str, method: &str, headers: &str) -> Resp {
    let mut h = vec![
        ("origin", APP_ORIGIN),
        ("access-control-request-method", method),
    ];
    if !headers.is_empty() {
        h.push(("access-control-request-headers", headers));
    }
    emu.send("OPTIONS", url, &h, vec![]).await
}

/// Whether a browser would let the request the preflight was for through: ACAO matches, the
/// method is allowed, and every requested header is in `Access-Control-Allow-Headers`
/// (Fetch standard, CORS-preflight fetch).
fn browser_allows(res: &Resp, method: &str, headers: &str) -> bool {
    if !res.status.is_success() {
        return false;
    }
    let origin_ok = matches!(res.header("access-control-allow-origin"), Some("*"))
        || res.header("access-control-allow-origin") == Some(APP_ORIGIN);
    let list = |name: &str| -> Vec<String> {
        res.header(name)
            .unwrap_or("")
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let methods = list("access-control-allow-methods");
    let allowed = list("access-control-allow-headers");
    let safelisted_method = matches!(method, "GET" | "HEAD" | "POST");
    origin_ok
        && (safelisted_method || methods.iter().any(|m| m.eq_ignore_ascii_case(method)))
        && headers
            .split(',')
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .all(|h| allowed.contains(&h))
}

#[tokio::test]
async fn graph_allows_the_sdk_headers_and_refuses_prefer_and_others() {
    let emu = Emu::new();
    let ok = "authorization,content-type,client-request-id,sdkversion,consistencylevel,cache-control,if-match";
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        let res = preflight(&emu, GRAPH_APPS, method, ok).await;
        assert!(
            browser_allows(&res, method, ok),
            "{method}: {:?}",
            res.headers
        );
    }
    for refused in ["prefer", "x-foo", "authorization,prefer", "consistency"] {
        let res = preflight(&emu, GRAPH_APPS, "GET", refused).await;
        assert!(!browser_allows(&res, "GET", refused), "{refused} passed");
    }
    // Error answers are readable cross-origin (Dev Proxy's error plugins add the same headers).
    let res = emu.get_with(GRAPH_APPS, &[("origin", APP_ORIGIN)]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    let exposed = res
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "request-id",
        "www-authenticate",
        "retry-after",
        "readwriteconsistencytoken",
    ] {
        assert!(exposed.contains(h), "{exposed}");
    }
}

#[tokio::test]
async fn dataverse_allows_the_sample_headers_and_refuses_consistency_and_mscrm() {
    let emu = Emu::new();
    let url = format!("{API}systemusers");
    let ok = "authorization,content-type,accept,odata-version,odata-maxversion,prefer,if-match,if-none-match";
    for method in ["GET", "POST", "PATCH", "PUT", "DELETE"] {
        let res = preflight(&emu, &url, method, ok).await;
        assert!(
            browser_allows(&res, method, ok),
            "{method}: {:?}",
            res.headers
        );
    }
    for refused in [
        "consistency",
        "authorization,consistency",
        "mscrm.solutionuniquename",
        "mscrm.suppressduplicatedetection",
        "callerobjectid",
        "x-foo",
    ] {
        let res = preflight(&emu, &url, "POST", refused).await;
        assert!(!browser_allows(&res, "POST", refused), "{refused} passed");
    }
    // Only OData-EntityId is exposed; errors carry ACAO (the sample reads error.error.message).
    let token = dv_token(&emu).await;
    let res = dv(
        &emu,
        "GET",
        "nosuchset",
        &token,
        None,
        &[("origin", APP_ORIGIN)],
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        res.header("access-control-expose-headers"),
        Some("odata-entityid")
    );
    let res = dv(
        &emu,
        "GET",
        "WhoAmI",
        "bad",
        None,
        &[("origin", APP_ORIGIN)],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn global_discovery_allows_get_with_authorization_and_accept_only() {
    let emu = Emu::new();
    let res = preflight(&emu, GDS_INSTANCES, "GET", "authorization,accept").await;
    assert!(browser_allows(&res, "GET", "authorization,accept"));
    for refused in ["x-foo", "prefer", "odata-maxversion"] {
        let res = preflight(&emu, GDS_INSTANCES, "GET", refused).await;
        assert!(!browser_allows(&res, "GET", refused), "{refused} passed");
    }
    let res = preflight(&emu, GDS_INSTANCES, "DELETE", "authorization").await;
    assert!(!browser_allows(&res, "DELETE", "authorization"));
    // The 401 challenge is readable cross-origin.
    let res = emu.get_with(GDS_INSTANCES, &[("origin", APP_ORIGIN)]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn entra_token_preflight_refuses_every_header() {
    let emu = Emu::new();
    let url = format!("{}/oauth2/v2.0/token", emu.authority());
    for refused in ["content-type", "x-foo", "authorization"] {
        let res = preflight(&emu, &url, "POST", refused).await;
        assert!(!browser_allows(&res, "POST", refused), "{refused} passed");
    }
    // A form POST needs no preflight; the origin and method pass.
    let res = preflight(&emu, &url, "POST", "").await;
    assert!(browser_allows(&res, "POST", ""));
}

#[tokio::test]
async fn strip_cors_fault_removes_cors_headers_from_error_answers() {
    let emu = Emu::new();
    let graph = admin_token(&emu).await;
    let dvt = dv_token(&emu).await;
    // With a status: the faulted answer has no CORS headers at all.
    let res = emu
        .post_json(
            &format!("{CONTROL}/faults"),
            json!({"host": "graph", "status": 503, "stripCors": true, "times": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let auth = format!("Bearer {graph}");
    let res = emu
        .get_with(
            "http://graph.localhost:8400/v1.0/me",
            &[("authorization", &auth), ("origin", APP_ORIGIN)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.header("access-control-allow-origin"), None);
    assert_eq!(res.header("access-control-expose-headers"), None);
    // Without a status: the service's own error answer loses its CORS headers …
    let res = emu
        .post_json(
            &format!("{CONTROL}/faults"),
            json!({"host": "crm", "stripCors": true}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let res = dv(
        &emu,
        "GET",
        "nosuchset",
        &dvt,
        None,
        &[("origin", APP_ORIGIN)],
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.header("access-control-allow-origin"), None);
    // … while successful answers keep them.
    let res = dv(&emu, "GET", "WhoAmI", &dvt, None, &[("origin", APP_ORIGIN)]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    // Without stripCors, a fault answer carries ACAO.
    let res = emu
        .post_json(
            &format!("{CONTROL}/faults"),
            json!({"host": "graph", "status": 429, "retryAfter": 1, "times": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let res = emu
        .get_with(
            "http://graph.localhost:8400/v1.0/me",
            &[("authorization", &auth), ("origin", APP_ORIGIN)],
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert!(res
        .header("access-control-expose-headers")
        .unwrap()
        .contains("retry-after"));
    assert_eq!(
        call(&emu, "GET", "/me", &graph, None).await.status,
        StatusCode::OK
    );
    // A stripCors rule with drop is refused.
    let res = emu
        .post_json(
            &format!("{CONTROL}/faults"),
            json!({"drop": true, "stripCors": true}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}
