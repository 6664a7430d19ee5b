//! Host flow tests: the app's own core runners (`syncsetup-core`) against a live emulator over
//! real HTTP — the browser journey minus the browser.
//!
//! The emulator runs with one `127.0.0.1` port per host (glibc, unlike Chromium, does not resolve
//! `*.localhost`). The transport adds the page's `Origin` to every request, as `fetch` does, so the
//! emulator applies the same single-page-app CORS rules it applies to the real page.

use syncsetup_core::auth::authorize::{self, AuthorizeOptions};
use syncsetup_core::auth::{callback, flow, AuthError};
use syncsetup_core::graph;
use syncsetup_emulator::{scenario::demo, Running};
use url::Url;

mod support;

use support::{browser, config, emulator_per_host as emulator, entropy, sign_in_page};

#[tokio::test]
async fn admin_signs_in_then_reads_graph_and_gets_a_dynamics_token_silently() {
    let running = emulator("demo").await;
    let browser = browser(&running);
    let config = config(&running);
    let endpoints = flow::discover(&browser, &config).await.expect("discovery");
    let redirect = Url::parse(&format!("{}/", running.hosts.app)).unwrap();
    let (pending, url) = authorize::begin(
        &config,
        &endpoints,
        &redirect,
        &entropy(),
        now(&running),
        &AuthorizeOptions::default(),
    );

    let back = sign_in_page(&browser, &url, ("login_hint", demo::ADMIN_UPN)).await;
    assert!(back.as_str().starts_with(redirect.as_str()));
    assert!(
        back.query().is_none(),
        "response_mode=fragment keeps the code out of the query"
    );
    let answer = callback::parse(&back).expect("a callback");
    assert_eq!(callback::clean_url(&back), redirect);

    let mut cache = flow::complete(&browser, &config, Some(&pending), &answer, now(&running))
        .await
        .expect("sign-in completes");
    assert_eq!(cache.account.name, demo::ADMIN_NAME);
    assert_eq!(cache.account.object_id, demo::ADMIN_OID);
    assert_eq!(cache.account.tenant_id, demo::TENANT_ID);

    let graph_token = flow::acquire_token(
        &browser,
        &config,
        &mut cache,
        &config.graph_scopes(),
        now(&running),
    )
    .await
    .unwrap();
    let identity = graph::signed_in_identity(&browser, &config, &graph_token)
        .await
        .expect("Graph names the admin");
    assert_eq!(identity.display_name, demo::ADMIN_NAME);
    assert_eq!(identity.tenant_name, demo::TENANT_NAME);
    assert_eq!(identity.tenant_id, demo::TENANT_ID);

    let dynamics = flow::acquire_token(
        &browser,
        &config,
        &mut cache,
        &[config.global_discovery_scope()],
        now(&running),
    )
    .await;
    assert!(
        dynamics.is_ok(),
        "a second resource comes from the refresh token: {dynamics:?}"
    );
    assert_eq!(cache.resources().len(), 2);

    // The code is single-use: replaying the same answer is refused with Entra's AADSTS54005.
    let replay = flow::complete(&browser, &config, Some(&pending), &answer, now(&running))
        .await
        .unwrap_err();
    assert!(
        matches!(&replay, AuthError::Token(e) if e.aadsts() == Some(54005)),
        "{replay:?}"
    );
    assert!(replay.explain().what.wire().contains("already used"));
    running.stop().await;
}

#[tokio::test]
async fn cancel_comes_back_as_access_denied_and_a_forged_state_as_a_mismatch() {
    let running = emulator("demo").await;
    let browser = browser(&running);
    let config = config(&running);
    let endpoints = flow::discover(&browser, &config).await.unwrap();
    let redirect = Url::parse(&format!("{}/", running.hosts.app)).unwrap();
    let (pending, url) = authorize::begin(
        &config,
        &endpoints,
        &redirect,
        &entropy(),
        now(&running),
        &AuthorizeOptions::default(),
    );

    let back = sign_in_page(&browser, &url, ("cancel", "1")).await;
    let answer = callback::parse(&back).unwrap();
    let error = flow::complete(&browser, &config, Some(&pending), &answer, now(&running))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, AuthError::Redirect(e) if e.error == "access_denied"),
        "{error:?}"
    );

    let back = sign_in_page(&browser, &url, ("login_hint", demo::ADMIN_UPN)).await;
    let mut forged = callback::parse(&back).unwrap();
    if let callback::Callback::Code { state, .. } = &mut forged {
        *state = "forged".into();
    }
    let error = flow::complete(&browser, &config, Some(&pending), &forged, now(&running))
        .await
        .unwrap_err();
    assert_eq!(error, AuthError::StateMismatch);
    running.stop().await;
}

#[tokio::test]
async fn after_24_hours_the_session_needs_a_new_sign_in() {
    let running = emulator("demo").await;
    let browser = browser(&running);
    let config = config(&running);
    let endpoints = flow::discover(&browser, &config).await.unwrap();
    let redirect = Url::parse(&format!("{}/", running.hosts.app)).unwrap();
    let (pending, url) = authorize::begin(
        &config,
        &endpoints,
        &redirect,
        &entropy(),
        now(&running),
        &AuthorizeOptions::default(),
    );
    let back = sign_in_page(&browser, &url, ("login_hint", demo::ADMIN_UPN)).await;
    let mut cache = flow::complete(
        &browser,
        &config,
        Some(&pending),
        &callback::parse(&back).unwrap(),
        now(&running),
    )
    .await
    .unwrap();

    // The emulator's refresh token dies 24 h after sign-in even if the browser's clock says
    // otherwise: Entra's AADSTS700084 must be explained as "sign in again".
    running.state.advance_clock(24 * 3600 + 60);
    let early_clock = now(&running) - 24 * 3600;
    let error = flow::acquire_token(
        &browser,
        &config,
        &mut cache,
        &[config.global_discovery_scope()],
        early_clock,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, AuthError::Token(e) if e.aadsts() == Some(700084)),
        "{error:?}"
    );
    assert!(error.needs_new_sign_in());

    // With the browser's clock right, the core knows without asking.
    let error = flow::acquire_token(
        &browser,
        &config,
        &mut cache,
        &[config.global_discovery_scope()],
        now(&running),
    )
    .await
    .unwrap_err();
    assert_eq!(error, AuthError::SessionExpired);
    running.stop().await;
}

fn now(running: &Running) -> u64 {
    support::now(running)
}

/// The harness's transport obeys CORS as a browser does, so a header or a response header that a
/// Microsoft host does not allow fails here too — not only in the browser journeys.
#[tokio::test]
async fn the_transport_refuses_what_a_browsers_cors_check_refuses() {
    use syncsetup_core::http::{HttpClient, HttpRequest, Method};
    let running = emulator("demo").await;
    let browser = browser(&running);
    let (_, crm) = running
        .hosts
        .crm
        .first()
        .expect("a Dataverse environment")
        .clone();
    let whoami = Url::parse(&format!("{crm}/api/data/v9.2/WhoAmI")).unwrap();
    let plain = HttpRequest::new(Method::Get, whoami.clone())
        .header("Accept", "application/json")
        .header("OData-Version", "4.0");
    // Allowed headers pass the preflight (the answer is the emulator's 401: no token).
    let answer = browser
        .call(plain.clone())
        .await
        .expect("allowed headers pass");
    assert_eq!(answer.status, 401);
    // `Consistency` has no Microsoft source as a CORS-allowed header: refused like a browser.
    let refused = browser
        .call(plain.clone().header("Consistency", "Strong"))
        .await
        .expect_err("the preflight refuses Consistency");
    assert!(refused.detail.contains("consistency"), "{refused:?}");
    // A response header the host does not expose cannot be read: the raw answer carries
    // WWW-Authenticate, the page's view of it does not (Dataverse exposes OData-EntityId only).
    let raw = browser
        .client
        .get(whoami.as_str())
        .header("Origin", &browser.origin)
        .send()
        .await
        .unwrap();
    assert!(raw.headers().contains_key("www-authenticate"));
    assert_eq!(answer.header_value("www-authenticate"), None);
    // An answer without a matching Access-Control-Allow-Origin is a network error.
    let foreign = support::Browserish {
        client: browser.client.clone(),
        origin: "null".into(),
    };
    let control = Url::parse(&format!(
        "{}/.well-known/openid-configuration",
        running.hosts.app
    ))
    .unwrap();
    assert!(foreign
        .call(HttpRequest::new(Method::Get, control))
        .await
        .is_err());
}
