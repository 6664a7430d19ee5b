//! The sign-in runners: discovery, code redemption and silent token acquisition over a transport.
//!
//! Each runner sequences requests built elsewhere in [`crate::auth`] over any
//! [`HttpClient`]; they hold no state of their own (the caller keeps the [`PendingSignIn`] and the
//! [`TokenCache`] wherever it keeps them) and take `now` as an argument.

use crate::i18n::{Arg, Text, TextKey};
use url::Url;

use super::callback::{Callback, RedirectError};
use super::discovery::{self, OpenIdConfiguration};
use super::id_token::{self, IdTokenProblem};
use super::token::{self, OAuthError, TokenFailure};
use super::{aadsts, authorize::PendingSignIn};
use crate::config::{Config, OIDC_SCOPES};
use crate::explain::Explanation;
use crate::http::{HttpClient, TransportError};
use crate::secret::AccessToken;
use crate::session::{resource_of, Account, TokenCache};

/// Everything that can stop a sign-in or a token request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The authority's discovery document could not be read.
    #[error("the sign-in authority {authority} did not answer with an OpenID configuration")]
    Discovery {
        /// The authority URL.
        authority: String,
        /// Status or transport detail.
        detail: String,
    },
    /// A request got no answer.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// Entra redirected back with an error.
    #[error("Entra ID returned {}: {}", .0.error, .0.description)]
    Redirect(RedirectError),
    /// The redirect's state is not the one this tab sent: a forged or stale link.
    #[error("the sign-in answer does not belong to this browser tab (state mismatch)")]
    StateMismatch,
    /// A redirect arrived but this tab started no sign-in.
    #[error("a sign-in answer arrived but no sign-in was started in this tab")]
    NoPendingSignIn,
    /// The sign-in this tab started is older than [`crate::auth::authorize::PENDING_SIGN_IN_TTL_SECS`].
    #[error("the sign-in was started too long ago")]
    SignInTooOld,
    /// The token endpoint refused.
    #[error("the token endpoint refused: {} {}", .0.error, .0.error_description)]
    Token(OAuthError),
    /// The token endpoint's answer was unreadable.
    #[error("the token endpoint answered HTTP {status} with something unreadable")]
    TokenUnreadable {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
    /// The id_token failed a check.
    #[error(transparent)]
    IdToken(#[from] IdTokenProblem),
    /// The code redemption returned no id_token or refresh token.
    #[error("the token endpoint did not return {0}")]
    Missing(&'static str),
    /// The 24-hour browser session has ended (or there never was a refresh token).
    #[error("the sign-in session has ended")]
    SessionExpired,
}

impl AuthError {
    /// What the admin reads.
    pub fn explain(&self) -> Explanation {
        match self {
            AuthError::Discovery { authority, detail } => Explanation::new(
                TextKey::SignInServiceUnreachable,
                Text::with(
                    TextKey::AuthorityDidNotReturnOpenIDConfiguration,
                    [Arg::from(authority)],
                ),
                TextKey::CheckNetworkConnectionAuthorityConfigJson,
            )
            .with_detail(detail.clone()),
            AuthError::Transport(e) => Explanation::new(
                TextKey::RequestGotNoAnswer,
                Text::with(
                    TextKey::BrowserCouldNotReachNetworkDown,
                    [Arg::from(&e.host)],
                ),
                TextKey::CheckConnectionTryAgain,
            )
            .with_detail(e.detail.clone()),
            AuthError::Redirect(e) => aadsts::explain(&e.error, e.aadsts, &e.description),
            AuthError::StateMismatch => Explanation::new(
                TextKey::SignInAnswerRejected,
                TextKey::DoesNotMatchSignInTabStarted,
                TextKey::StartSignInAgainPage,
            ),
            AuthError::NoPendingSignIn => Explanation::new(
                TextKey::SignInAnswerRejected,
                TextKey::TabDidNotStartSignInAlready,
                TextKey::StartSignInAgainPage,
            ),
            AuthError::SignInTooOld => Explanation::new(
                TextKey::SignInTookTooLongNotAccepted,
                TextKey::SignInStartedPageAcceptedTenMinutes,
                TextKey::SignInAgainFromThisPage,
            ),
            AuthError::Token(e) => aadsts::explain(&e.error, e.aadsts(), &e.error_description),
            AuthError::TokenUnreadable { status, excerpt } => Explanation::new(
                TextKey::SignInServiceGaveUnreadableAnswer,
                TextKey::TokenEndpointResponseNeitherTokensNor,
                TextKey::CheckProxyToEntra,
            )
            .with_detail(format!("HTTP {status}: {excerpt}")),
            AuthError::IdToken(problem) => Explanation::new(
                TextKey::IdentityReturnedEntraIDRefused,
                Text::with(
                    TextKey::IdTokenFailedSafetyCheck,
                    [Arg::from(problem.to_string())],
                ),
                TextKey::SignAgainIfPersistsCheckClientId,
            ),
            AuthError::Missing(what) => Explanation::new(
                TextKey::SignInDidNotReturnEverythingNeeded,
                Text::with(TextKey::EntraIDReturnedNo, [Arg::from(*what)]),
                TextKey::SignAgainAcceptAllRequestedPermissions,
            ),
            AuthError::SessionExpired => aadsts::explain("invalid_grant", Some(700084), ""),
        }
    }

    /// True when the session itself is over: the refresh token expired (Entra's fixed 24 hours
    /// for browser apps) or was refused, so no silent request can succeed again until the admin
    /// signs in. A missing consent (AADSTS65001, `consent_required`) is not an ended session: it
    /// concerns one permission, and the run that needs it asks for it by itself (the HRD step).
    pub(crate) fn ends_session(&self) -> bool {
        match self {
            AuthError::SessionExpired => true,
            AuthError::Token(e) => {
                matches!(
                    e.error.as_str(),
                    "invalid_grant" | "interaction_required" | "login_required"
                ) && e.aadsts() != Some(65001)
            }
            _ => false,
        }
    }

    /// True when the only way forward is a new interactive sign-in.
    pub fn needs_new_sign_in(&self) -> bool {
        match self {
            AuthError::SessionExpired => true,
            AuthError::Token(e) => matches!(
                e.error.as_str(),
                "invalid_grant" | "interaction_required" | "login_required" | "consent_required"
            ),
            _ => false,
        }
    }
}

impl From<TokenFailure> for AuthError {
    fn from(failure: TokenFailure) -> Self {
        match failure {
            TokenFailure::Refused(e) => AuthError::Token(e),
            TokenFailure::Unreadable { status, excerpt } => {
                AuthError::TokenUnreadable { status, excerpt }
            }
        }
    }
}

/// Reads the authority's OpenID configuration.
pub async fn discover<C: HttpClient>(
    client: &C,
    config: &Config,
) -> Result<OpenIdConfiguration, AuthError> {
    let response = client.call(discovery::request(config)).await?;
    discovery::parse(&response).ok_or_else(|| AuthError::Discovery {
        authority: config.authority.url(),
        detail: format!("HTTP {}: {}", response.status, response.public_excerpt()),
    })
}

/// Scopes for the code redemption: OIDC plus the Graph scopes (the first resource) — the
/// read-only ones for a read-only sign-in.
pub fn redemption_scopes(config: &Config, read_only: bool) -> Vec<String> {
    OIDC_SCOPES
        .iter()
        .map(|s| (*s).to_owned())
        .chain(if read_only {
            config.graph_read_scopes()
        } else {
            config.graph_scopes()
        })
        .collect()
}

/// Checks the state; the caller must have removed `pending` from storage already (single use).
pub fn check_callback(
    pending: Option<&PendingSignIn>,
    callback: &Callback,
) -> Result<(), AuthError> {
    let pending = pending.ok_or(AuthError::NoPendingSignIn)?;
    if callback.state() != Some(pending.state.as_str()) {
        return Err(AuthError::StateMismatch);
    }
    match callback {
        Callback::Error(e) => Err(AuthError::Redirect(e.clone())),
        Callback::Code { .. } => Ok(()),
    }
}

/// Completes a sign-in: checks the callback, redeems the code, checks the id_token, and returns
/// a token cache holding the Graph token and the refresh token.
pub async fn complete<C: HttpClient>(
    client: &C,
    config: &Config,
    pending: Option<&PendingSignIn>,
    callback: &Callback,
    now: u64,
) -> Result<TokenCache, AuthError> {
    check_callback(pending, callback)?;
    let (Some(pending), Callback::Code { code, .. }) = (pending, callback) else {
        unreachable!("check_callback accepted only a code with a pending sign-in")
    };
    // The verifier and nonce kept in this tab serve one sign-in, for a limited time: an answer
    // that comes back later (a tab left on the sign-in page) is not redeemed.
    if !pending.is_fresh(now) {
        return Err(AuthError::SignInTooOld);
    }
    let endpoint = Url::parse(&pending.token_endpoint).map_err(|e| AuthError::Discovery {
        authority: config.authority.url(),
        detail: format!("token endpoint {:?}: {e}", pending.token_endpoint),
    })?;
    let scopes = redemption_scopes(config, pending.read_only);
    let request = token::redeem_code_request(
        &endpoint,
        &config.client_id,
        code,
        &pending.redirect_uri,
        &pending.verifier,
        &scopes,
    );
    let response = client.call(request).await?;
    let tokens = token::parse_response(&response)?;
    let id_token = tokens
        .id_token
        .as_ref()
        .ok_or(AuthError::Missing("id_token"))?;
    let claims = id_token::validate(
        id_token,
        &id_token::Expected {
            issuer: &pending.issuer,
            client_id: &config.client_id,
            nonce: &pending.nonce,
            tenant_id: config.authority.tenant_guid(),
            now,
        },
    )?;
    if tokens.refresh_token.is_none() {
        return Err(AuthError::Missing("refresh token"));
    }
    let account = Account {
        name: claims
            .name
            .clone()
            .unwrap_or_else(|| claims.preferred_username.clone().unwrap_or_default()),
        username: claims.preferred_username.clone().unwrap_or_default(),
        tenant_id: claims.tid,
        object_id: claims.oid,
    };
    let mut cache = TokenCache::new(account, pending.token_endpoint.clone(), now);
    cache.read_only = pending.read_only;
    let graph = resource_of(&config.graph_scopes()[0]).expect("graph scopes are URLs");
    let graph_scopes: Vec<String> = scopes
        .into_iter()
        .filter(|s| resource_of(s).as_deref() == Some(graph.as_str()))
        .collect();
    cache.store(
        &graph,
        &graph_scopes,
        tokens.access_token,
        tokens.expires_in,
        tokens.refresh_token,
        now,
    );
    Ok(cache)
}

/// An access token for the resource of `scopes` (one resource), from the cache or via the refresh
/// token. The cache is updated in place; the caller persists it.
pub async fn acquire_token<C: HttpClient>(
    client: &C,
    config: &Config,
    cache: &mut TokenCache,
    scopes: &[String],
    now: u64,
) -> Result<AccessToken, AuthError> {
    let resource = scopes
        .iter()
        .find_map(|s| resource_of(s))
        .expect("a resource scope is required");
    // A read-only session asks Graph for reads only, whatever the caller wanted: a refresh
    // token can mint any permission the tenant consented to, so the session itself keeps the
    // line (security review M4). Its writes are refused (403) and explained.
    let read_scopes;
    let scopes = if cache.read_only
        && resource_of(&config.graph_scopes()[0]).as_deref() == Some(resource.as_str())
    {
        read_scopes = config.graph_read_scopes();
        &read_scopes[..]
    } else {
        scopes
    };
    if let Some(token) = cache.access_token(&resource, scopes, now) {
        return Ok(token.clone());
    }
    let refresh = cache
        .refresh_token(now)
        .ok_or(AuthError::SessionExpired)?
        .clone();
    let endpoint = Url::parse(&cache.token_endpoint).map_err(|_| AuthError::SessionExpired)?;
    let response = client
        .call(token::refresh_request(
            &endpoint,
            &config.client_id,
            &refresh,
            scopes,
        ))
        .await?;
    let tokens = token::parse_response(&response)?;
    let access = tokens.access_token.clone();
    cache.store(
        &resource,
        scopes,
        tokens.access_token,
        tokens.expires_in,
        tokens.refresh_token,
        now,
    );
    Ok(access)
}

#[cfg(test)]
mod tests;
