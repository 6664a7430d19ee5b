use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::json;

use super::*;
use crate::auth::authorize::{begin, AuthorizeOptions, SignInEntropy};
use crate::auth::id_token::tests::{good_claims, jwt, CLIENT, TID};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::secret::AuthorizationCode;

fn config() -> Config {
    Config::from_json(&format!(
        r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/{TID}"}}"#
    ))
    .unwrap()
}

fn endpoints() -> OpenIdConfiguration {
    OpenIdConfiguration {
        authorization_endpoint: Url::parse(&format!(
            "https://login.microsoftonline.com/{TID}/oauth2/v2.0/authorize"
        ))
        .unwrap(),
        token_endpoint: Url::parse(&format!(
            "https://login.microsoftonline.com/{TID}/oauth2/v2.0/token"
        ))
        .unwrap(),
        issuer: format!("https://login.microsoftonline.com/{TID}/v2.0"),
        end_session_endpoint: None,
    }
}

fn pending() -> PendingSignIn {
    let entropy = SignInEntropy {
        verifier: [9; 32],
        state: [8; 16],
        nonce: [7; 16],
    };
    let (mut pending, _) = begin(
        &config(),
        &endpoints(),
        &Url::parse("https://app.example/").unwrap(),
        &entropy,
        // Started shortly before the answers below arrive (at 2_000), within the sign-in TTL.
        1_500,
        &AuthorizeOptions::default(),
    );
    pending.nonce = "n-1".into();
    pending
}

/// A session signed in at 1_000 (no tokens yet).
fn signed_in_at_1000() -> TokenCache {
    TokenCache::new(
        Account {
            tenant_id: TID.into(),
            object_id: "o".into(),
            name: "A".into(),
            username: "a".into(),
        },
        endpoints().token_endpoint.to_string(),
        1_000,
    )
}

fn form(request: &HttpRequest) -> HashMap<String, String> {
    url::form_urlencoded::parse(request.body.as_deref().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn ok(body: serde_json::Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: body.to_string(),
    }
}

/// A transport answering from a closure and recording every request.
struct Recorder<F> {
    seen: RefCell<Vec<HttpRequest>>,
    answer: F,
}

impl<F: Fn(&HttpRequest) -> HttpResponse> HttpClient for Recorder<F> {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let response = (self.answer)(&request);
        self.seen.borrow_mut().push(request);
        Ok(response)
    }
}

fn recorder<F: Fn(&HttpRequest) -> HttpResponse>(answer: F) -> Recorder<F> {
    Recorder {
        seen: RefCell::new(Vec::new()),
        answer,
    }
}

#[test]
fn completes_a_sign_in_and_caches_the_graph_token() {
    let pending = pending();
    let client = recorder(|_| {
        ok(
            json!({"token_type":"Bearer","expires_in":3600,"scope":"User.Read","access_token":"graph-at","refresh_token":"rt-1","id_token": jwt(good_claims()).secret()}),
        )
    });
    let callback = Callback::Code {
        code: AuthorizationCode::new("code-1"),
        state: pending.state.clone(),
    };
    let cache = pollster::block_on(complete(
        &client,
        &config(),
        Some(&pending),
        &callback,
        2_000,
    ))
    .unwrap();
    assert_eq!(cache.account.name, "Adele Vance");
    assert_eq!(cache.account.tenant_id, TID);
    assert_eq!(
        cache
            .access_token(
                "https://graph.microsoft.com",
                &config().graph_scopes(),
                2_000
            )
            .unwrap()
            .secret(),
        "graph-at"
    );
    let seen = client.seen.borrow();
    assert_eq!(seen.len(), 1);
    let sent = form(&seen[0]);
    assert_eq!(sent["code_verifier"], pending.verifier.secret());
    assert_eq!(sent["redirect_uri"], "https://app.example/");
    assert!(sent["scope"].starts_with("openid profile offline_access https://graph.microsoft.com/"));
    assert!(
        !sent["scope"].contains("globaldisco"),
        "one resource per token request"
    );
}

#[test]
fn a_tampered_state_sends_nothing() {
    let client = recorder(|_| panic!("no request may be sent"));
    let callback = Callback::Code {
        code: AuthorizationCode::new("c"),
        state: "forged".into(),
    };
    let result = pollster::block_on(complete(
        &client,
        &config(),
        Some(&pending()),
        &callback,
        2_000,
    ));
    assert_eq!(result.unwrap_err(), AuthError::StateMismatch);
    let no_pending = pollster::block_on(complete(&client, &config(), None, &callback, 2_000));
    assert_eq!(no_pending.unwrap_err(), AuthError::NoPendingSignIn);
}

#[test]
fn an_error_redirect_is_explained() {
    let pending = pending();
    let callback = crate::auth::callback::parse(
        &Url::parse(&format!("https://app.example/#error=access_denied&error_description=AADSTS65004%3A+User+declined&state={}", pending.state)).unwrap(),
    )
    .unwrap();
    let client = recorder(|_| panic!("no request may be sent"));
    let error = pollster::block_on(complete(
        &client,
        &config(),
        Some(&pending),
        &callback,
        2_000,
    ))
    .unwrap_err();
    assert!(matches!(&error, AuthError::Redirect(e) if e.aadsts == Some(65004)));
    assert!(error.explain().what.wire().contains("cancelled"));
}

#[test]
fn token_refusals_and_bad_id_tokens_are_errors() {
    let pending = pending();
    let callback = Callback::Code {
        code: AuthorizationCode::new("c"),
        state: pending.state.clone(),
    };
    let refused = recorder(|_| {
        HttpResponse {
        status: 400,
        headers: vec![],
        body: r#"{"error":"invalid_grant","error_description":"AADSTS54005: OAuth2 Authorization code was already redeemed","error_codes":[54005]}"#.into(),
    }
    });
    let error = pollster::block_on(complete(
        &refused,
        &config(),
        Some(&pending),
        &callback,
        2_000,
    ))
    .unwrap_err();
    assert!(matches!(&error, AuthError::Token(e) if e.aadsts() == Some(54005)));
    assert!(error.needs_new_sign_in());

    let mut claims = good_claims();
    claims["nonce"] = json!("other");
    let replay = recorder(move |_| {
        ok(
            json!({"token_type":"Bearer","expires_in":3600,"access_token":"a","refresh_token":"r","id_token": jwt(claims.clone()).secret()}),
        )
    });
    let error = pollster::block_on(complete(
        &replay,
        &config(),
        Some(&pending),
        &callback,
        2_000,
    ))
    .unwrap_err();
    assert_eq!(error, AuthError::IdToken(IdTokenProblem::NonceMismatch));

    let no_id = recorder(|_| {
        ok(json!({"token_type":"Bearer","expires_in":3600,"access_token":"a","refresh_token":"r"}))
    });
    assert_eq!(
        pollster::block_on(complete(
            &no_id,
            &config(),
            Some(&pending),
            &callback,
            2_000
        ))
        .unwrap_err(),
        AuthError::Missing("id_token")
    );
}

#[test]
fn acquires_a_second_resource_silently_and_reuses_it() {
    let mut cache = signed_in_at_1000();
    cache.store(
        "https://graph.microsoft.com",
        &config().graph_scopes(),
        AccessToken::new("g"),
        3_600,
        Some(crate::secret::RefreshToken::new("rt-1")),
        1_000,
    );
    let client = recorder(|request| {
        assert_eq!(request.method, Method::Post);
        let sent = form(request);
        assert_eq!(sent["grant_type"], "refresh_token");
        assert_eq!(sent["refresh_token"], "rt-1");
        ok(
            json!({"token_type":"Bearer","expires_in":3600,"access_token":"gds-at","refresh_token":"rt-2"}),
        )
    });
    let scopes = vec![config().global_discovery_scope()];
    let token = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &scopes,
        1_100,
    ))
    .unwrap();
    assert_eq!(token.secret(), "gds-at");
    assert_eq!(cache.refresh_token(1_100).unwrap().secret(), "rt-2");
    let again = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &scopes,
        1_200,
    ))
    .unwrap();
    assert_eq!(again.secret(), "gds-at");
    assert_eq!(client.seen.borrow().len(), 1, "the cached token is reused");
}

#[test]
fn past_24_hours_a_new_sign_in_is_required_without_a_request() {
    let mut cache = signed_in_at_1000();
    cache.store(
        "https://graph.microsoft.com",
        &config().graph_scopes(),
        AccessToken::new("g"),
        3_600,
        Some(crate::secret::RefreshToken::new("rt")),
        1_000,
    );
    let client = recorder(|_| panic!("no request may be sent"));
    let error = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &[config().global_discovery_scope()],
        1_000 + 86_400,
    ))
    .unwrap_err();
    assert_eq!(error, AuthError::SessionExpired);
    assert!(error.needs_new_sign_in());
    assert!(error.explain().fix.wire().contains("Sign in again"));
}

#[test]
fn an_expired_or_refused_refresh_token_ends_the_session_but_a_missing_consent_does_not() {
    let refused = |error: &str, code: u32| {
        AuthError::Token(token::OAuthError {
            error: error.into(),
            error_description: format!("AADSTS{code}: ..."),
            error_codes: vec![code],
            trace_id: None,
            correlation_id: None,
        })
    };
    assert!(AuthError::SessionExpired.ends_session());
    assert!(refused("invalid_grant", 700084).ends_session());
    assert!(refused("invalid_grant", 50173).ends_session());
    assert!(refused("interaction_required", 50076).ends_session());
    // The HRD permission not consented yet: the run offers that sign-in itself.
    assert!(!refused("invalid_grant", 65001).ends_session());
    assert!(!refused("consent_required", 65001).ends_session());
    assert!(refused("invalid_grant", 65001).needs_new_sign_in());
    assert!(!AuthError::StateMismatch.ends_session());
    assert!(!refused("temporarily_unavailable", 0).ends_session());
}

#[test]
fn discovery_failures_name_the_authority() {
    let client = recorder(|_| HttpResponse {
        status: 404,
        headers: vec![],
        body: "nope".into(),
    });
    let error = pollster::block_on(discover(&client, &config())).unwrap_err();
    assert!(
        matches!(&error, AuthError::Discovery { authority, detail } if authority.ends_with(TID) && detail.starts_with("HTTP 404"))
    );
}

#[test]
fn a_read_only_session_refreshes_graph_for_reads_only() {
    // Security review M4: a refresh token can mint any permission the tenant consented to; a
    // validation session asks for reads only, whatever the caller asked.
    let mut cache = signed_in_at_1000();
    cache.read_only = true;
    cache.store(
        "https://contoso.crm.dynamics.com",
        &["https://contoso.crm.dynamics.com/user_impersonation".to_owned()],
        AccessToken::new("dv"),
        10,
        Some(crate::secret::RefreshToken::new("rt-1")),
        1_000,
    );
    let client = recorder(|request| {
        let scope = form(request)["scope"].clone();
        assert!(!scope.contains("ReadWrite"), "{scope}");
        assert!(
            scope.contains("https://graph.microsoft.com/Application.Read.All"),
            "{scope}"
        );
        ok(
            json!({"token_type":"Bearer","expires_in":3600,"access_token":"g-read","refresh_token":"rt-2"}),
        )
    });
    let token = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &config().graph_scopes(),
        1_100,
    ))
    .unwrap();
    assert_eq!(token.secret(), "g-read");
    assert_eq!(client.seen.borrow().len(), 1);
    // The read token serves the next request for the write scopes too: they are asked as reads.
    let again = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &config().graph_scopes(),
        1_200,
    ))
    .unwrap();
    assert_eq!(again.secret(), "g-read");
    assert_eq!(client.seen.borrow().len(), 1, "no second refresh");
}

#[test]
fn one_more_permission_goes_to_entra_and_a_refusal_keeps_the_token_held() {
    let mut cache = signed_in_at_1000();
    cache.store(
        "https://graph.microsoft.com",
        &config().graph_scopes(),
        AccessToken::new("g"),
        3_600,
        Some(crate::secret::RefreshToken::new("rt-1")),
        1_000,
    );
    let client = recorder(|request| {
        let scope = form(request)["scope"].clone();
        assert!(
            scope.contains("OnPremDirectorySynchronization.Read.All"),
            "{scope}"
        );
        HttpResponse {
            status: 400,
            headers: vec![],
            body: json!({
                "error": "invalid_grant",
                "error_description": "AADSTS65001: The user or administrator has not consented.",
                "error_codes": [65001],
                "suberror": "consent_required"
            })
            .to_string(),
        }
    });
    let error = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &config().graph_scopes_with_password_sync(),
        1_100,
    ))
    .unwrap_err();
    assert!(!error.ends_session(), "{error:?}");
    assert_eq!(client.seen.borrow().len(), 1);
    let held = pollster::block_on(acquire_token(
        &client,
        &config(),
        &mut cache,
        &config().graph_scopes(),
        1_200,
    ))
    .unwrap();
    assert_eq!(held.secret(), "g");
    assert_eq!(client.seen.borrow().len(), 1, "the held token is served");
}

#[test]
fn a_sign_in_started_too_long_ago_is_refused_without_a_request() {
    // `PENDING_SIGN_IN_TTL_SECS`: the PKCE verifier and nonce kept in this tab serve one sign-in
    // for ten minutes; an answer arriving later is not redeemed.
    let pending = pending();
    let client = recorder(|_| panic!("no request may be sent"));
    let callback = Callback::Code {
        code: AuthorizationCode::new("code-1"),
        state: pending.state.clone(),
    };
    let late = pending.started_at + crate::auth::authorize::PENDING_SIGN_IN_TTL_SECS;
    let result = pollster::block_on(complete(
        &client,
        &config(),
        Some(&pending),
        &callback,
        late,
    ));
    let error = result.unwrap_err();
    assert_eq!(error, AuthError::SignInTooOld);
    assert!(!error.ends_session());
    assert!(
        error.explain().fix.wire().contains("Sign in again"),
        "{:?}",
        error.explain()
    );
}
