//! Route tests: the router is driven with `tower::ServiceExt::oneshot`, no socket (axum's testing
//! idiom), except in `spawn.rs`, which binds real ports. Requests carry the `Host` header a
//! browser would send for `http://<name>.localhost:8400`. This file holds the shared fixtures:
//! the [`Emu`] driver, the RFC 7636 Appendix B PKCE pair, and a sign-in helper that walks
//! `/authorize` like a user clicking a button.

mod authorize;
mod control;
mod cors;
mod dataverse;
mod dataverse_metadata;
mod discovery;
mod entra_grants;
mod faults;
mod global_discovery;
mod graph;
mod graph_directory;
mod graph_schema;
mod spawn;
mod token;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;

use crate::scenario::demo;
use crate::{app, AppState, Hosts, Scenario};

/// The port the test hosts pretend to listen on.
const PORT: u16 = 8400;
/// RFC 7636 Appendix B verifier.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// RFC 7636 Appendix B challenge (S256 of [`VERIFIER`]).
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/// The demo app's `spa` redirect URI in tests.
const SPA_REDIRECT: &str = "http://app.localhost:8400/";
/// The demo app's `web` redirect URI in tests.
const WEB_REDIRECT: &str = "http://app.localhost:8400/web-callback";
/// The app origin a browser would send.
const APP_ORIGIN: &str = "http://app.localhost:8400";
/// Graph scope as the SPA asks for it (emulator URL).
const GRAPH_SCOPE: &str = "http://graph.localhost:8400/User.Read";
/// Global Discovery scope (emulator URL).
const GDS_SCOPE: &str = "http://globaldisco.localhost:8400/user_impersonation";

/// Test hosts: single port 8400.
fn hosts() -> Hosts {
    Hosts::single_port("http", PORT)
}

/// A collected response.
struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Resp {
    /// The body as JSON (panics with the body text if it is not JSON).
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }

    /// The body as text.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header value as text.
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` header, parsed.
    fn location(&self) -> url::Url {
        url::Url::parse(self.header("location").expect("a Location header"))
            .expect("an absolute Location")
    }
}

/// Parameters of a redirect back to the app, from its query or fragment.
fn redirect_params(location: &url::Url) -> std::collections::HashMap<String, String> {
    let source = location.fragment().or(location.query()).unwrap_or("");
    url::form_urlencoded::parse(source.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The emulator router plus its state.
struct Emu {
    state: AppState,
    router: Router,
}

impl Emu {
    /// A fresh demo emulator.
    fn new() -> Self {
        Self::with_static(None)
    }

    /// A fresh demo emulator serving `dir` on the app host.
    fn with_static(dir: Option<std::path::PathBuf>) -> Self {
        let state = AppState::new(hosts(), Scenario::demo(&hosts(), &[]), dir);
        Emu {
            router: app(state.clone()),
            state,
        }
    }

    /// Sends a request; `url` is absolute and its authority becomes the `Host` header.
    async fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Resp {
        let parsed = url::Url::parse(url).expect("absolute test URL");
        let authority = match parsed.port() {
            Some(p) => format!("{}:{p}", parsed.host_str().unwrap()),
            None => parsed.host_str().unwrap().to_string(),
        };
        let path_and_query = match parsed.query() {
            Some(q) => format!("{}?{q}", parsed.path()),
            None => parsed.path().to_string(),
        };
        let mut req = Request::builder()
            .method(method)
            .uri(path_and_query)
            .header(header::HOST, authority);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        Resp {
            status,
            headers,
            body,
        }
    }

    /// GET `url`.
    async fn get(&self, url: &str) -> Resp {
        self.send("GET", url, &[], vec![]).await
    }

    /// GET `url` with headers.
    async fn get_with(&self, url: &str, headers: &[(&str, &str)]) -> Resp {
        self.send("GET", url, headers, vec![]).await
    }

    /// POST a form to `url`, with an `Origin` header when given.
    async fn post_form(&self, url: &str, pairs: &[(&str, &str)], origin: Option<&str>) -> Resp {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
        if let Some(o) = origin {
            headers.push(("origin", o));
        }
        self.send("POST", url, &headers, body.into_bytes()).await
    }

    /// POST JSON to `url`.
    async fn post_json(&self, url: &str, body: Value) -> Resp {
        self.send(
            "POST",
            url,
            &[("content-type", "application/json")],
            body.to_string().into_bytes(),
        )
        .await
    }

    /// Base of the login host for the demo tenant.
    fn authority(&self) -> String {
        format!("{}/{}", self.state.hosts.login, demo::TENANT_ID)
    }

    /// Walks /authorize as `upn` would: GET the sign-in page, then POST its form choosing the user.
    /// Returns the redirect's `Location`.
    async fn sign_in_as(
        &self,
        upn: &str,
        redirect_uri: &str,
        scope: &str,
        extra: &[(&str, &str)],
    ) -> url::Url {
        let mut params: Vec<(&str, &str)> = vec![
            ("client_id", demo::CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", redirect_uri),
            ("scope", scope),
            ("state", "st-123"),
            ("nonce", "n-456"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ];
        params.extend_from_slice(extra);
        let authorize = format!("{}/oauth2/v2.0/authorize", self.authority());
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .finish();
        let page = self.get(&format!("{authorize}?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        params.push(("login_hint", upn));
        let res = self.post_form(&authorize, &params, None).await;
        assert_eq!(res.status, StatusCode::FOUND, "{}", res.text());
        res.location()
    }

    /// Signs Adele in and returns the code.
    async fn code_for(&self, redirect_uri: &str, scope: &str) -> String {
        let location = self
            .sign_in_as(demo::ADMIN_UPN, redirect_uri, scope, &[])
            .await;
        redirect_params(&location).remove("code").expect("a code")
    }

    /// Redeems `code` at the token endpoint.
    async fn redeem(
        &self,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
        scope: &str,
        origin: Option<&str>,
    ) -> Resp {
        let url = format!("{}/oauth2/v2.0/token", self.authority());
        let pairs = [
            ("client_id", demo::CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("scope", scope),
        ];
        self.post_form(&url, &pairs, origin).await
    }

    /// Exchanges a refresh token at the token endpoint.
    async fn refresh(&self, refresh_token: &str, scope: &str, origin: Option<&str>) -> Resp {
        let url = format!("{}/oauth2/v2.0/token", self.authority());
        let pairs = [
            ("client_id", demo::CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("scope", scope),
        ];
        self.post_form(&url, &pairs, origin).await
    }

    /// A full SPA sign-in: returns the token response JSON (Graph token).
    async fn spa_tokens(&self, authorize_scope: &str) -> Value {
        let code = self.code_for(SPA_REDIRECT, authorize_scope).await;
        let res = self
            .redeem(
                &code,
                SPA_REDIRECT,
                VERIFIER,
                &format!("openid profile offline_access {GRAPH_SCOPE}"),
                Some(APP_ORIGIN),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        res.json()
    }
}

/// Asserts an Entra JSON error: status, `error`, and the AADSTS code in both places.
fn assert_entra_error(res: &Resp, status: StatusCode, error: &str, code: u32) {
    assert_eq!(res.status, status, "{}", res.text());
    let body = res.json();
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], serde_json::json!([code]), "{body}");
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("AADSTS{code}: ")),
        "{description}"
    );
    for part in ["\r\nTrace ID: ", "\r\nCorrelation ID: ", "\r\nTimestamp: "] {
        assert!(description.contains(part), "{description}");
    }
    for field in ["timestamp", "trace_id", "correlation_id"] {
        assert!(body[field].is_string(), "{field} missing in {body}");
    }
}
