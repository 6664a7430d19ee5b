//! The token endpoint: code redemption and refresh, and Entra's success and error bodies.
//!
//! Public client rules (entra-docs `docs/identity-platform/v2-oauth2-auth-code-flow.md`): no
//! client secret, the exact redirect URI of the authorize leg, the PKCE verifier, and scopes of
//! one resource per request. Every response carries a new refresh token that replaces the old one.

use serde::Deserialize;
use url::Url;

use super::aadsts::aadsts_code;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::secret::{AccessToken, AuthorizationCode, IdToken, RefreshToken};

/// `grant_type=authorization_code` with PKCE.
pub fn redeem_code_request(
    token_endpoint: &Url,
    client_id: &str,
    code: &AuthorizationCode,
    redirect_uri: &str,
    verifier: &super::pkce::PkceVerifier,
    scopes: &[String],
) -> HttpRequest {
    HttpRequest::new(Method::Post, token_endpoint.clone()).sensitive_form(&[
        ("client_id", client_id),
        ("grant_type", "authorization_code"),
        ("code", code.secret()),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier.secret()),
        ("scope", &scopes.join(" ")),
    ])
}

/// `grant_type=refresh_token` for one resource's scopes, plus `offline_access`: Entra returns a
/// new refresh token "only … if `offline_access` scope was requested" (entra-docs,
/// `identity-platform/v2-oauth2-auth-code-flow.md`, refresh response), as MSAL.js always asks.
pub fn refresh_request(
    token_endpoint: &Url,
    client_id: &str,
    refresh_token: &RefreshToken,
    scopes: &[String],
) -> HttpRequest {
    let mut scope = scopes.join(" ");
    if !scopes.iter().any(|s| s == OFFLINE_ACCESS) {
        scope.push(' ');
        scope.push_str(OFFLINE_ACCESS);
    }
    HttpRequest::new(Method::Post, token_endpoint.clone()).sensitive_form(&[
        ("client_id", client_id),
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.secret()),
        ("scope", scope.trim_start()),
    ])
}

/// The OIDC scope that asks Entra for a refresh token.
const OFFLINE_ACCESS: &str = "offline_access";

/// A successful token response.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TokenResponse {
    /// The access token for the one resource.
    pub access_token: AccessToken,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime in seconds.
    pub expires_in: u64,
    /// Granted scopes, space separated.
    #[serde(default)]
    pub scope: String,
    /// A new refresh token (when `offline_access` was granted).
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// The id_token (when `openid` was asked for).
    #[serde(default)]
    pub id_token: Option<IdToken>,
}

/// Entra's OAuth error body (`error`, `error_description`, `error_codes`, ids for support).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OAuthError {
    /// OAuth error code such as `invalid_grant`.
    pub error: String,
    /// The text, starting with `AADSTSnnnn:`.
    #[serde(default)]
    pub error_description: String,
    /// The AADSTS numbers.
    #[serde(default)]
    pub error_codes: Vec<u32>,
    /// Trace id for Microsoft support.
    #[serde(default)]
    pub trace_id: Option<String>,
    /// Correlation id for Microsoft support.
    #[serde(default)]
    pub correlation_id: Option<String>,
}

impl OAuthError {
    /// The primary AADSTS code: from `error_codes`, else parsed from the description.
    pub fn aadsts(&self) -> Option<u32> {
        self.error_codes
            .first()
            .copied()
            .or_else(|| aadsts_code(&self.error_description))
    }
}

/// Why a token response could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenFailure {
    /// Entra said no, with its error body.
    Refused(OAuthError),
    /// The answer was not a token response nor an OAuth error (proxy page, truncated body…).
    Unreadable {
        /// HTTP status.
        status: u16,
        /// The start of the body, for support.
        excerpt: String,
    },
}

/// Parses a token endpoint response.
pub fn parse_response(response: &HttpResponse) -> Result<TokenResponse, TokenFailure> {
    if response.is_success() {
        if let Ok(tokens) = serde_json::from_str::<TokenResponse>(&response.body) {
            if tokens.token_type.eq_ignore_ascii_case("bearer") {
                return Ok(tokens);
            }
        }
    } else if let Ok(error) = serde_json::from_str::<OAuthError>(&response.body) {
        return Err(TokenFailure::Refused(error));
    }
    Err(TokenFailure::Unreadable {
        status: response.status,
        excerpt: response.excerpt(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::pkce::PkceVerifier;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        }
    }

    #[test]
    fn code_redemption_is_a_public_client_pkce_form_post() {
        let endpoint = Url::parse("https://login.example/t/oauth2/v2.0/token").unwrap();
        let verifier = PkceVerifier::from_random_bytes(&[7; 32]);
        let request = redeem_code_request(
            &endpoint,
            "client-1",
            &AuthorizationCode::new("code-1"),
            "https://app.example/",
            &verifier,
            &[
                "openid".into(),
                "https://graph.microsoft.com/User.Read".into(),
            ],
        );
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.header_value("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(request.body.as_deref().unwrap().as_bytes())
                .into_owned()
                .collect();
        assert_eq!(form["grant_type"], "authorization_code");
        assert_eq!(form["code"], "code-1");
        assert_eq!(form["code_verifier"], verifier.secret());
        assert_eq!(form["redirect_uri"], "https://app.example/");
        assert_eq!(
            form["scope"],
            "openid https://graph.microsoft.com/User.Read"
        );
        assert!(
            !form.contains_key("client_secret"),
            "a public client never sends a secret (AADSTS700025)"
        );
        assert!(request.sensitive_body);
    }

    #[test]
    fn a_refresh_asks_for_offline_access_so_a_new_refresh_token_comes_back() {
        let endpoint = Url::parse("https://login.example/t/oauth2/v2.0/token").unwrap();
        let form = |scopes: &[String]| -> std::collections::HashMap<String, String> {
            let request = refresh_request(&endpoint, "client-1", &RefreshToken::new("rt"), scopes);
            url::form_urlencoded::parse(request.body.as_deref().unwrap().as_bytes())
                .into_owned()
                .collect()
        };
        let dataverse = form(&["https://contoso.crm.dynamics.com/user_impersonation".into()]);
        assert_eq!(dataverse["grant_type"], "refresh_token");
        assert_eq!(
            dataverse["scope"],
            "https://contoso.crm.dynamics.com/user_impersonation offline_access"
        );
        let already = form(&["offline_access".into(), "User.Read".into()]);
        assert_eq!(already["scope"], "offline_access User.Read", "never twice");
    }

    #[test]
    fn parses_a_token_response() {
        let tokens = parse_response(&response(
            200,
            r#"{"token_type":"Bearer","scope":"User.Read","expires_in":3599,"ext_expires_in":3599,"access_token":"at","refresh_token":"rt","id_token":"a.b.c"}"#,
        ))
        .unwrap();
        assert_eq!(tokens.access_token.secret(), "at");
        assert_eq!(tokens.refresh_token.unwrap().secret(), "rt");
        assert_eq!(tokens.expires_in, 3599);
    }

    #[test]
    fn parses_entra_error_bodies_with_their_codes() {
        let failure = parse_response(&response(
            400,
            r#"{"error":"invalid_grant","error_description":"AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-11-21 10:00:00Z","error_codes":[54005],"timestamp":"2026-11-21 10:00:00Z","trace_id":"t","correlation_id":"c"}"#,
        ))
        .unwrap_err();
        let TokenFailure::Refused(error) = failure else {
            panic!("expected a refusal")
        };
        assert_eq!(error.error, "invalid_grant");
        assert_eq!(error.aadsts(), Some(54005));
        assert_eq!(error.correlation_id.as_deref(), Some("c"));
    }

    #[test]
    fn an_error_without_codes_still_yields_its_aadsts_number() {
        let error: OAuthError = serde_json::from_str(r#"{"error":"invalid_request","error_description":"AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type."}"#).unwrap();
        assert_eq!(error.aadsts(), Some(9002326));
    }

    #[test]
    fn anything_else_is_unreadable_with_an_excerpt() {
        assert_eq!(
            parse_response(&response(502, "<html>Bad gateway</html>")).unwrap_err(),
            TokenFailure::Unreadable {
                status: 502,
                excerpt: "<html>Bad gateway</html>".into()
            }
        );
        assert!(matches!(
            parse_response(&response(200, "{}")),
            Err(TokenFailure::Unreadable { status: 200, .. })
        ));
        assert!(matches!(
            parse_response(&response(
                200,
                r#"{"token_type":"pop","expires_in":1,"access_token":"x"}"#
            )),
            Err(TokenFailure::Unreadable { .. })
        ));
    }
}
