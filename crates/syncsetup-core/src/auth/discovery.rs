//! The authority's OpenID Connect discovery document (`/v2.0/.well-known/openid-configuration`).
//!
//! Endpoints are read from it rather than assembled by hand, as MSAL does, so sovereign clouds and
//! the emulator need no special cases. The `issuer` may contain the literal `{tenantid}` placeholder
//! (for the `organizations` authority); [`OpenIdConfiguration::issuer_for`] fills it in.

use serde::Deserialize;
use url::Url;

use crate::config::Config;
use crate::http::{HttpRequest, HttpResponse, Method};

/// The parts of the discovery document the sign-in uses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OpenIdConfiguration {
    /// Where the browser is sent to sign in.
    pub authorization_endpoint: Url,
    /// Where codes and refresh tokens are redeemed.
    pub token_endpoint: Url,
    /// The expected `iss` of id_tokens (may hold `{tenantid}`).
    pub issuer: String,
    /// Where a full sign-out would go (not used for local sign-out).
    #[serde(default)]
    pub end_session_endpoint: Option<Url>,
}

impl OpenIdConfiguration {
    /// The issuer for a given tenant id.
    pub fn issuer_for(&self, tenant_id: &str) -> String {
        self.issuer.replace("{tenantid}", tenant_id)
    }
}

/// `GET {authority}/v2.0/.well-known/openid-configuration`.
pub fn request(config: &Config) -> HttpRequest {
    HttpRequest::new(Method::Get, config.authority.openid_configuration_url())
        .header("Accept", "application/json")
}

/// Parses the discovery response; `None` means it was not a usable document.
pub fn parse(response: &HttpResponse) -> Option<OpenIdConfiguration> {
    if !response.is_success() {
        return None;
    }
    serde_json::from_str(&response.body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entra_discovery_and_fills_the_tenant_placeholder() {
        let body = r#"{"authorization_endpoint":"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize",
            "token_endpoint":"https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
            "issuer":"https://login.microsoftonline.com/{tenantid}/v2.0","jwks_uri":"https://login.microsoftonline.com/organizations/discovery/v2.0/keys",
            "response_modes_supported":["query","fragment","form_post"]}"#;
        let response = HttpResponse {
            status: 200,
            headers: vec![],
            body: body.into(),
        };
        let doc = parse(&response).unwrap();
        assert_eq!(
            doc.issuer_for("abc"),
            "https://login.microsoftonline.com/abc/v2.0"
        );
        assert!(doc.token_endpoint.as_str().ends_with("/oauth2/v2.0/token"));
        assert!(parse(&HttpResponse {
            status: 400,
            headers: vec![],
            body: body.into()
        })
        .is_none());
        assert!(parse(&HttpResponse {
            status: 200,
            headers: vec![],
            body: "<html>".into()
        })
        .is_none());
    }
}
