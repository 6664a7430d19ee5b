//! The signed-in session: who the admin is, and the tokens held for them, per resource.
//!
//! This mirrors MSAL.js's browser cache model: one refresh token per account plus one access token
//! per resource, kept in sessionStorage (per tab, gone when the tab closes, never localStorage).
//! Like MSAL's cache lookup, a cached token is used only for a request whose scopes it was issued
//! for: a request that asks for one more permission (the federated-domain permissions of an
//! incremental consent) goes to Entra, and a refusal leaves the token already held untouched.
//! Access tokens are reused until five minutes before expiry; the refresh token is replaced on every
//! use and stops working 24 hours after sign-in, at which point the admin must sign in again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::secret::{AccessToken, RefreshToken};

/// Lifetime of a single-page app's refresh token: 24 hours, not extended by use.
pub const SPA_REFRESH_LIFETIME_SECS: u64 = 24 * 3600;
/// An access token this close to expiry is refreshed rather than used.
pub(crate) const ACCESS_TOKEN_MARGIN_SECS: u64 = 300;

/// The signed-in admin, identified by tenant and object id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Tenant id (`tid`).
    pub tenant_id: String,
    /// User object id (`oid`).
    pub object_id: String,
    /// Display name.
    pub name: String,
    /// Sign-in name.
    pub username: String,
}

impl Account {
    /// A storage key suffix unique to this account.
    pub fn cache_key(&self) -> String {
        format!("{}.{}", self.tenant_id, self.object_id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct CachedAccessToken {
    token: AccessToken,
    expires_at: u64,
    /// The scopes it was asked for (Entra grants all of them or refuses the request). A token
    /// stored before scopes were kept has none, and serves no request: it is refreshed once.
    #[serde(default)]
    scopes: Vec<String>,
}

/// Tokens for one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenCache {
    /// Whose tokens these are.
    pub account: Account,
    /// Where refresh tokens are redeemed.
    pub token_endpoint: String,
    /// When the refresh token stops working (sign-in time + 24 h).
    pub session_expires_at: u64,
    refresh_token: Option<RefreshToken>,
    access: BTreeMap<String, CachedAccessToken>,
    /// Signed in with Graph's read-only permissions ("Validate an existing setup"): every Graph
    /// token of this session is asked for those only.
    #[serde(default)]
    pub read_only: bool,
}

impl TokenCache {
    /// A cache right after sign-in.
    pub fn new(account: Account, token_endpoint: String, signed_in_at: u64) -> Self {
        Self {
            account,
            token_endpoint,
            session_expires_at: signed_in_at + SPA_REFRESH_LIFETIME_SECS,
            refresh_token: None,
            access: BTreeMap::new(),
            read_only: false,
        }
    }

    /// Stores a token response's access token for `resource`, asked for with `scopes`, and its
    /// refresh token if any.
    pub fn store(
        &mut self,
        resource: &str,
        scopes: &[String],
        access_token: AccessToken,
        expires_in: u64,
        refresh: Option<RefreshToken>,
        now: u64,
    ) {
        self.access.insert(
            resource.to_owned(),
            CachedAccessToken {
                token: access_token,
                expires_at: now + expires_in,
                scopes: scopes.to_vec(),
            },
        );
        if let Some(refresh) = refresh {
            self.refresh_token = Some(refresh);
        }
    }

    /// A still-valid access token for `resource` that was issued for every one of `scopes`
    /// (compared without regard to case, as Entra compares scope names).
    pub fn access_token(
        &self,
        resource: &str,
        scopes: &[String],
        now: u64,
    ) -> Option<&AccessToken> {
        self.access
            .get(resource)
            .filter(|t| now + ACCESS_TOKEN_MARGIN_SECS < t.expires_at)
            .filter(|t| {
                scopes.iter().all(|wanted| {
                    t.scopes
                        .iter()
                        .any(|held| held.eq_ignore_ascii_case(wanted))
                })
            })
            .map(|t| &t.token)
    }

    /// Drops the access token for `resource`, so the next request refreshes it (after a 401).
    pub fn forget_access_token(&mut self, resource: &str) {
        self.access.remove(resource);
    }

    /// The refresh token, unless the 24-hour session has ended.
    pub fn refresh_token(&self, now: u64) -> Option<&RefreshToken> {
        self.refresh_token
            .as_ref()
            .filter(|_| now < self.session_expires_at)
    }

    /// Resources with a cached access token (for display and tests).
    pub fn resources(&self) -> Vec<&str> {
        self.access.keys().map(String::as_str).collect()
    }
}

/// The resource (scheme and host) a scope belongs to: `https://graph.microsoft.com/User.Read` →
/// `https://graph.microsoft.com`. OIDC scopes have none.
pub fn resource_of(scope: &str) -> Option<String> {
    let url = url::Url::parse(scope).ok()?;
    matches!(url.scheme(), "https" | "http").then(|| url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn account() -> Account {
        Account {
            tenant_id: "t".into(),
            object_id: "o".into(),
            name: "Adele".into(),
            username: "adele@x".into(),
        }
    }

    #[test]
    fn access_tokens_are_per_resource_and_refreshed_before_expiry() {
        let mut cache = TokenCache::new(account(), "https://login/t".into(), 1_000);
        cache.store(
            "https://graph.microsoft.com",
            &scopes(&["https://graph.microsoft.com/a"]),
            AccessToken::new("g"),
            3_600,
            Some(RefreshToken::new("r1")),
            1_000,
        );
        assert_eq!(
            cache
                .access_token(
                    "https://graph.microsoft.com",
                    &scopes(&["https://graph.microsoft.com/a"]),
                    1_000
                )
                .unwrap()
                .secret(),
            "g"
        );
        assert!(cache
            .access_token(
                "https://globaldisco.crm.dynamics.com",
                &scopes(&["https://globaldisco.crm.dynamics.com/a"]),
                1_000
            )
            .is_none());
        assert!(cache
            .access_token(
                "https://graph.microsoft.com",
                &scopes(&["https://graph.microsoft.com/a"]),
                1_000 + 3_600 - ACCESS_TOKEN_MARGIN_SECS
            )
            .is_none());
        cache.store(
            "https://globaldisco.crm.dynamics.com",
            &scopes(&["https://globaldisco.crm.dynamics.com/a"]),
            AccessToken::new("d"),
            3_600,
            Some(RefreshToken::new("r2")),
            1_100,
        );
        assert_eq!(
            cache.refresh_token(1_100).unwrap().secret(),
            "r2",
            "each response's refresh token replaces the old one"
        );
        assert_eq!(cache.resources().len(), 2);
        cache.forget_access_token("https://graph.microsoft.com");
        assert!(
            cache
                .access_token(
                    "https://graph.microsoft.com",
                    &scopes(&["https://graph.microsoft.com/a"]),
                    1_100
                )
                .is_none(),
            "a 401 forces a refresh"
        );
        assert_eq!(
            cache.resources(),
            vec!["https://globaldisco.crm.dynamics.com"]
        );
    }

    #[test]
    fn a_cached_token_serves_only_the_scopes_it_was_issued_for() {
        let graph = "https://graph.microsoft.com";
        let base = scopes(&[
            "https://graph.microsoft.com/User.Read",
            "https://graph.microsoft.com/Policy.Read.All",
        ]);
        let mut cache = TokenCache::new(account(), "https://login/t".into(), 1_000);
        cache.store(graph, &base, AccessToken::new("g"), 3_600, None, 1_000);
        assert!(
            cache
                .access_token(
                    graph,
                    &scopes(&["https://graph.microsoft.com/user.read"]),
                    1_000
                )
                .is_some(),
            "a subset, in any case, is served"
        );
        let mut more = base.clone();
        more.push("https://graph.microsoft.com/OnPremDirectorySynchronization.Read.All".into());
        assert!(
            cache.access_token(graph, &more, 1_000).is_none(),
            "one more permission goes to Entra"
        );
        assert!(
            cache.access_token(graph, &base, 1_000).is_some(),
            "and the token already held stays"
        );
        let legacy: TokenCache = serde_json::from_str(
            &serde_json::to_string(&cache)
                .unwrap()
                .replace(r#","scopes":["https://graph.microsoft.com/User.Read","https://graph.microsoft.com/Policy.Read.All"]"#, ""),
        )
        .unwrap();
        assert!(
            legacy.access_token(graph, &base, 1_000).is_none(),
            "a token stored without its scopes is refreshed"
        );
    }

    #[test]
    fn the_refresh_token_dies_24_hours_after_sign_in() {
        let mut cache = TokenCache::new(account(), "https://login/t".into(), 1_000);
        cache.store(
            "r",
            &scopes(&["r/a"]),
            AccessToken::new("a"),
            3_600,
            Some(RefreshToken::new("rt")),
            1_000,
        );
        assert!(cache
            .refresh_token(1_000 + SPA_REFRESH_LIFETIME_SECS - 1)
            .is_some());
        assert!(cache
            .refresh_token(1_000 + SPA_REFRESH_LIFETIME_SECS)
            .is_none());
    }

    #[test]
    fn serialized_cache_round_trips_and_debug_hides_tokens() {
        let mut cache = TokenCache::new(account(), "https://login/t".into(), 1_000);
        cache.store(
            "r",
            &scopes(&["r/a"]),
            AccessToken::new("secret-at"),
            3_600,
            Some(RefreshToken::new("secret-rt")),
            1_000,
        );
        let json = serde_json::to_string(&cache).unwrap();
        assert_eq!(serde_json::from_str::<TokenCache>(&json).unwrap(), cache);
        let debug = format!("{cache:?}");
        assert!(
            !debug.contains("secret-at") && !debug.contains("secret-rt"),
            "{debug}"
        );
    }

    #[test]
    fn scopes_name_their_resource() {
        assert_eq!(
            resource_of("https://graph.microsoft.com/User.Read").as_deref(),
            Some("https://graph.microsoft.com")
        );
        assert_eq!(
            resource_of("http://contoso.crm.localhost:8400/user_impersonation").as_deref(),
            Some("http://contoso.crm.localhost:8400")
        );
        assert_eq!(resource_of("openid"), None);
        assert_eq!(account().cache_key(), "t.o");
    }
}
