//! The authorize request: what the browser must remember across the redirect, and the URL itself.
//!
//! A [`PendingSignIn`] holds the state (CSRF protection, single use), the nonce (replay protection
//! for the id_token) and the PKCE verifier. The browser keeps it in sessionStorage, which is per
//! tab, so a second tab's sign-in cannot consume this one's code. Scopes may span several resources
//! at `/authorize` so that consent is gathered once (entra-docs
//! `docs/identity-platform/v2-oauth2-auth-code-flow.md`: for the `/authorize` leg `scope` "can
//! cover multiple resources"); tokens are then redeemed one resource at a time.

use serde::{Deserialize, Serialize};
use url::Url;

use super::discovery::OpenIdConfiguration;
use super::pkce::{random_token, PkceVerifier};
use crate::config::{Config, OIDC_SCOPES};

/// How long an unfinished sign-in blocks another one. Entra's codes live 10 minutes; past that
/// the pending sign-in cannot complete anyway.
pub const PENDING_SIGN_IN_TTL_SECS: u64 = 600;

/// Random input for one sign-in, drawn by the caller.
#[derive(Clone, Copy, Debug)]
pub struct SignInEntropy {
    /// Bytes for the PKCE verifier.
    pub verifier: [u8; 32],
    /// Bytes for `state`.
    pub state: [u8; 16],
    /// Bytes for `nonce`.
    pub nonce: [u8; 16],
}

/// What the browser keeps between leaving for Entra and coming back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    /// The `state` sent; the callback must echo it.
    pub state: String,
    /// The `nonce` sent; the id_token must carry it.
    pub nonce: String,
    /// The PKCE verifier for the code redemption.
    pub verifier: PkceVerifier,
    /// The exact redirect URI sent (the token request must repeat it).
    pub redirect_uri: String,
    /// The token endpoint from discovery.
    pub token_endpoint: String,
    /// The issuer template from discovery.
    pub issuer: String,
    /// When the redirect started (seconds since the Unix epoch).
    pub started_at: u64,
    /// The sign-in asked for Graph's read-only permissions only; the code is redeemed for the
    /// same, and the session stays read-only.
    #[serde(default)]
    pub read_only: bool,
}

impl PendingSignIn {
    /// True while an earlier redirect could still come back.
    pub fn is_fresh(&self, now: u64) -> bool {
        now.saturating_sub(self.started_at) < PENDING_SIGN_IN_TTL_SECS
    }
}

/// Optional knobs of the authorize request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorizeOptions {
    /// `prompt`: `select_account` to switch admin, `consent` to re-consent.
    pub prompt: Option<String>,
    /// `login_hint`: pre-fills the username.
    pub login_hint: Option<String>,
    /// Also ask for the federated-domain permissions (the HRD policy write and the password hash
    /// sync read: incremental consent for federated tenants).
    pub include_hrd_scope: bool,
    /// Ask for Graph's read-only permissions only ("Validate an existing setup").
    pub read_only: bool,
}

/// All scopes asked for at `/authorize`: OIDC, every Graph scope (with the HRD permission when
/// asked), and Global Discovery.
pub(crate) fn authorize_scopes(config: &Config, options: &AuthorizeOptions) -> Vec<String> {
    let mut scopes: Vec<String> = OIDC_SCOPES.iter().map(|s| (*s).to_owned()).collect();
    scopes.extend(if options.read_only {
        config.graph_read_scopes()
    } else if options.include_hrd_scope {
        config.graph_scopes_for_federated_domains()
    } else {
        config.graph_scopes()
    });
    scopes.push(config.global_discovery_scope());
    scopes
}

/// Starts a sign-in: the state to keep and the URL to send the browser to.
pub fn begin(
    config: &Config,
    endpoints: &OpenIdConfiguration,
    redirect_uri: &Url,
    entropy: &SignInEntropy,
    now: u64,
    options: &AuthorizeOptions,
) -> (PendingSignIn, Url) {
    let pending = PendingSignIn {
        state: random_token(&entropy.state),
        nonce: random_token(&entropy.nonce),
        verifier: PkceVerifier::from_random_bytes(&entropy.verifier),
        redirect_uri: redirect_uri.to_string(),
        token_endpoint: endpoints.token_endpoint.to_string(),
        issuer: endpoints.issuer.clone(),
        started_at: now,
        read_only: options.read_only,
    };
    let mut url = endpoints.authorization_endpoint.clone();
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("client_id", &config.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &pending.redirect_uri)
            // The fragment keeps the code out of the static host's access logs and Referer headers.
            .append_pair("response_mode", "fragment")
            .append_pair("scope", &authorize_scopes(config, options).join(" "))
            .append_pair("state", &pending.state)
            .append_pair("nonce", &pending.nonce)
            .append_pair("code_challenge", &pending.verifier.challenge_s256())
            .append_pair("code_challenge_method", "S256");
        if let Some(prompt) = &options.prompt {
            query.append_pair("prompt", prompt);
        }
        if let Some(hint) = &options.login_hint {
            query.append_pair("login_hint", hint);
        }
    }
    (pending, url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config() -> Config {
        Config::from_json(
            r#"{"clientId":"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","authority":"https://login.microsoftonline.com/contoso.onmicrosoft.com"}"#,
        )
        .unwrap()
    }

    fn endpoints() -> OpenIdConfiguration {
        OpenIdConfiguration {
            authorization_endpoint: Url::parse(
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
            )
            .unwrap(),
            token_endpoint: Url::parse(
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
            )
            .unwrap(),
            issuer: "https://login.microsoftonline.com/{tenantid}/v2.0".into(),
            end_session_endpoint: None,
        }
    }

    #[test]
    fn authorize_url_carries_pkce_state_nonce_and_every_scope() {
        let entropy = SignInEntropy {
            verifier: [1; 32],
            state: [2; 16],
            nonce: [3; 16],
        };
        let redirect = Url::parse("https://intranet.example/sync/").unwrap();
        let (pending, url) = begin(
            &config(),
            &endpoints(),
            &redirect,
            &entropy,
            1_000,
            &AuthorizeOptions::default(),
        );
        let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(url.path(), "/contoso.onmicrosoft.com/oauth2/v2.0/authorize");
        assert_eq!(query["client_id"], "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["response_mode"], "fragment");
        assert_eq!(query["redirect_uri"], "https://intranet.example/sync/");
        assert_eq!(query["code_challenge_method"], "S256");
        assert_eq!(query["code_challenge"], pending.verifier.challenge_s256());
        assert_eq!(query["state"], pending.state);
        assert_eq!(query["nonce"], pending.nonce);
        assert_ne!(pending.state, pending.nonce);
        let scope = &query["scope"];
        assert!(
            scope.starts_with(
                "openid profile offline_access https://graph.microsoft.com/User.Read "
            ),
            "{scope}"
        );
        assert!(
            scope.ends_with(" https://globaldisco.crm.dynamics.com/user_impersonation"),
            "{scope}"
        );
        assert!(!query.contains_key("prompt"));
        assert!(
            !url.as_str().contains(pending.verifier.secret()),
            "the verifier never leaves the browser before redemption"
        );
    }

    #[test]
    fn options_add_prompt_and_login_hint() {
        let entropy = SignInEntropy {
            verifier: [1; 32],
            state: [2; 16],
            nonce: [3; 16],
        };
        let options = AuthorizeOptions {
            prompt: Some("select_account".into()),
            login_hint: Some("adele@contoso.com".into()),
            include_hrd_scope: true,
            read_only: false,
        };
        let (_, url) = begin(
            &config(),
            &endpoints(),
            &Url::parse("https://a.example/").unwrap(),
            &entropy,
            0,
            &options,
        );
        let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(query["prompt"], "select_account");
        assert_eq!(query["login_hint"], "adele@contoso.com");
        assert!(
            query["scope"]
                .contains("https://graph.microsoft.com/Policy.ReadWrite.ApplicationConfiguration"),
            "incremental HRD consent"
        );
    }

    #[test]
    fn a_validation_sign_in_asks_graph_for_reads_only() {
        // Security review M4: "Validate an existing setup" asked for every write permission.
        let entropy = SignInEntropy {
            verifier: [1; 32],
            state: [2; 16],
            nonce: [3; 16],
        };
        let options = AuthorizeOptions {
            read_only: true,
            ..AuthorizeOptions::default()
        };
        let (pending, url) = begin(
            &config(),
            &endpoints(),
            &Url::parse("https://a.example/").unwrap(),
            &entropy,
            0,
            &options,
        );
        assert!(pending.read_only, "the redemption will ask the same");
        let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
        let scope = &query["scope"];
        for read in [
            "User.Read",
            "Application.Read.All",
            "Policy.Read.All",
            "Directory.Read.All",
        ] {
            assert!(
                scope.contains(&format!("https://graph.microsoft.com/{read}")),
                "{scope}"
            );
        }
        assert!(!scope.contains("ReadWrite"), "no write permission: {scope}");
        assert!(
            scope.contains("user_impersonation"),
            "Dataverse is read through Dynamics CRM"
        );
    }

    #[test]
    fn pending_sign_in_expires_after_ten_minutes() {
        let entropy = SignInEntropy {
            verifier: [1; 32],
            state: [2; 16],
            nonce: [3; 16],
        };
        let (pending, _) = begin(
            &config(),
            &endpoints(),
            &Url::parse("https://a.example/").unwrap(),
            &entropy,
            1_000,
            &AuthorizeOptions::default(),
        );
        assert!(pending.is_fresh(1_000 + 599));
        assert!(!pending.is_fresh(1_000 + 600));
    }
}
