//! Microsoft Graph v1.0: request builders, response parsers and Graph's error shape.
//!
//! For now this names the signed-in admin and their tenant (`/me`, `/organization`); the setup
//! engine's Graph calls join it later. Wire types are private to this module: callers get domain
//! values ([`SignedInIdentity`]) or a [`GraphError`] that keeps what Graph said.

use crate::i18n::{Arg, Text, TextKey};
use serde::Deserialize;

pub mod setup;

use crate::config::Config;
use crate::explain::Explanation;
use crate::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use crate::secret::AccessToken;

/// Who is signed in, and where, as Graph reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedInIdentity {
    /// The admin's display name.
    pub display_name: String,
    /// The admin's user principal name.
    pub user_principal_name: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Tenant display name ("Contoso").
    pub tenant_name: String,
}

/// A Graph call that did not succeed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// Graph answered with its error body.
    #[error("Microsoft Graph answered HTTP {status} {code}: {message}")]
    Service {
        /// HTTP status.
        status: u16,
        /// Graph's error code, e.g. `Authorization_RequestDenied`.
        code: String,
        /// Graph's message.
        message: String,
        /// `innerError.request-id`, for support.
        request_id: Option<String>,
        /// `details[].code`, e.g. `NoBackingApplicationObject` (directory errors add these).
        details: Vec<String>,
    },
    /// No answer.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// No access token could be had (the session ended, consent is missing): the request was
    /// never sent. Kept whole so the admin reads the sign-in explanation, not a Graph one.
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    /// An answer that is neither the expected body nor a Graph error.
    #[error("Microsoft Graph answered HTTP {status} with an unexpected body")]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
}

impl GraphError {
    /// What the admin reads.
    pub fn explain(&self) -> Explanation {
        match self {
            GraphError::Service {
                status: 401,
                code,
                message,
                ..
            } => Explanation::new(
                TextKey::MicrosoftGraphDidNotAcceptSignIn,
                TextKey::AccessTokenRefusedMayHaveExpired,
                TextKey::SignOutSignAgain,
            )
            .with_detail(format!("{code}: {message}")),
            GraphError::Service {
                status: 403,
                code,
                message,
                ..
            } => Explanation::new(
                TextKey::MicrosoftGraphRefusedRequest,
                TextKey::SignedInAccountLacksDirectoryRoleConsented,
                TextKey::SignGlobalAdministratorCloudApplicationAdministrator,
            )
            .with_detail(format!("{code}: {message}")),
            // Graph's 400s (`Request_BadRequest`, `BadRequest`, `Request_UnsupportedQuery`,
            // `invalidRequest` — concepts/errors.md) answer the shape of the request, and every
            // value the admin types is validated first: the request is the page's.
            GraphError::Service {
                status: 400,
                code,
                message,
                request_id,
                ..
            } => Explanation::page_defect("Microsoft Graph").with_detail(format!(
                "HTTP 400 {code}: {message} (request-id {})",
                request_id.as_deref().unwrap_or("none")
            )),
            GraphError::Service {
                status,
                code,
                message,
                request_id,
                ..
            } => Explanation::new(
                TextKey::MicrosoftGraphReturnedError,
                Text::with(TextKey::GraphAnsweredHTTP, [Arg::from(*status)]),
                TextKey::TryAgainIfPersistsGiveDetails,
            )
            .with_detail(format!(
                "{code}: {message} (request-id {})",
                request_id.as_deref().unwrap_or("none")
            )),
            GraphError::Auth(e) => e.explain(),
            GraphError::Transport(e) => Explanation::new(
                TextKey::GraphUnreachable,
                Text::with(TextKey::BrowserGotNoAnswer, [Arg::from(&e.host)]),
                TextKey::CheckConnectionTryAgain,
            )
            .with_detail(e.detail.clone()),
            GraphError::Unexpected { status, excerpt } => Explanation::new(
                TextKey::MicrosoftGraphGaveUnreadableAnswer,
                TextKey::ResponseNotJSONGraphSendsProxy,
                TextKey::CheckProxyToGraph,
            )
            .with_detail(format!("HTTP {status}: {excerpt}")),
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default, rename = "innerError")]
    inner_error: Option<InnerError>,
    #[serde(default)]
    details: Vec<DetailCode>,
}

#[derive(Deserialize)]
struct DetailCode {
    #[serde(default)]
    code: String,
}

#[derive(Deserialize)]
struct InnerError {
    #[serde(rename = "request-id")]
    request_id: Option<String>,
}

/// Parses a Graph response body into `T`, or Graph's error.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    response: &HttpResponse,
) -> Result<T, GraphError> {
    if response.is_success() {
        return serde_json::from_str(&response.body).map_err(|_| unexpected(response));
    }
    match serde_json::from_str::<ErrorBody>(&response.body) {
        Ok(body) => Err(GraphError::Service {
            status: response.status,
            code: body.error.code,
            message: body.error.message,
            request_id: body.error.inner_error.and_then(|i| i.request_id),
            details: body.error.details.into_iter().map(|d| d.code).collect(),
        }),
        Err(_) => Err(unexpected(response)),
    }
}

pub(crate) fn unexpected(response: &HttpResponse) -> GraphError {
    GraphError::Unexpected {
        status: response.status,
        excerpt: response.excerpt(),
    }
}

pub(crate) fn get(config: &Config, token: &AccessToken, path_and_query: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, config.graph_url(path_and_query))
        .bearer(token)
        .header("Accept", "application/json")
}

/// `GET /me?$select=id,displayName,userPrincipalName`.
pub fn me_request(config: &Config, token: &AccessToken) -> HttpRequest {
    get(config, token, "me?$select=id,displayName,userPrincipalName")
}

/// `GET /organization?$select=id,displayName`.
pub fn organization_request(config: &Config, token: &AccessToken) -> HttpRequest {
    get(config, token, "organization?$select=id,displayName")
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    display_name: Option<String>,
    user_principal_name: String,
}

#[derive(Deserialize)]
struct Collection<T> {
    value: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    id: String,
    display_name: Option<String>,
}

/// Asks Graph who is signed in and which tenant this is (two independent reads, sent together).
pub async fn signed_in_identity<C: HttpClient>(
    client: &C,
    config: &Config,
    token: &AccessToken,
) -> Result<SignedInIdentity, GraphError> {
    let (me, organization) = futures_util::future::join(
        client.call(me_request(config, token)),
        client.call(organization_request(config, token)),
    )
    .await;
    let me: Me = parse(&me?)?;
    let organizations: Collection<Organization> = parse(&organization?)?;
    let organization =
        organizations
            .value
            .into_iter()
            .next()
            .ok_or_else(|| GraphError::Unexpected {
                status: 200,
                excerpt: "organization list is empty".into(),
            })?;
    Ok(SignedInIdentity {
        display_name: me
            .display_name
            .unwrap_or_else(|| me.user_principal_name.clone()),
        user_principal_name: me.user_principal_name,
        tenant_name: organization
            .display_name
            .unwrap_or_else(|| organization.id.clone()),
        tenant_id: organization.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::from_json(r#"{"clientId":"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}"#).unwrap()
    }

    fn respond(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        }
    }

    #[test]
    fn identity_comes_from_me_and_organization() {
        let client = |request: HttpRequest| async move {
            assert_eq!(request.header_value("authorization"), Some("Bearer tok"));
            Ok::<_, TransportError>(match request.url.path() {
                "/v1.0/me" => respond(
                    200,
                    r#"{"id":"o","displayName":"Adele Vance","userPrincipalName":"adele@contoso.onmicrosoft.com"}"#,
                ),
                "/v1.0/organization" => respond(
                    200,
                    r#"{"@odata.context":"x","value":[{"id":"t-1","displayName":"Contoso"}]}"#,
                ),
                other => panic!("unexpected path {other}"),
            })
        };
        let identity = pollster::block_on(signed_in_identity(
            &client,
            &config(),
            &AccessToken::new("tok"),
        ))
        .unwrap();
        assert_eq!(
            identity,
            SignedInIdentity {
                display_name: "Adele Vance".into(),
                user_principal_name: "adele@contoso.onmicrosoft.com".into(),
                tenant_id: "t-1".into(),
                tenant_name: "Contoso".into()
            }
        );
    }

    #[test]
    fn graph_errors_keep_code_message_and_request_id() {
        let error = parse::<Me>(&respond(
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-11-21T10:00:00","request-id":"r-1","client-request-id":"c-1"}}}"#,
        ))
        .unwrap_err();
        assert_eq!(
            error,
            GraphError::Service {
                status: 403,
                code: "Authorization_RequestDenied".into(),
                message: "Insufficient privileges to complete the operation.".into(),
                request_id: Some("r-1".into()),
                details: vec![]
            }
        );
        assert!(error.explain().fix.wire().contains("Global Administrator"));
        assert!(matches!(
            parse::<Me>(&respond(500, "<html>")),
            Err(GraphError::Unexpected { status: 500, .. })
        ));
        assert!(matches!(
            parse::<Me>(&respond(200, "{}")),
            Err(GraphError::Unexpected { status: 200, .. })
        ));
    }

    #[test]
    fn a_400_is_the_pages_own_defect_not_a_case_for_microsoft_support() {
        // The reproduced F8 screen told a Global Administrator to contact Microsoft support for
        // a query this page had broken.
        let error = parse::<Me>(&respond(
            400,
            r#"{"error":{"code":"BadRequest","message":"Invalid filter clause","innerError":{"request-id":"r-2"}}}"#,
        ))
        .unwrap_err();
        let explanation = error.explain();
        assert!(explanation
            .what
            .wire()
            .contains("refused a request this page built"));
        assert!(explanation.why.wire().contains("defect of Sync Setup"));
        assert!(!explanation.fix.wire().contains("Microsoft support"));
        assert!(explanation
            .detail
            .unwrap()
            .contains("Invalid filter clause"));
        let server = parse::<Me>(&respond(
            503,
            r#"{"error":{"code":"serviceNotAvailable","message":"x"}}"#,
        ))
        .unwrap_err()
        .explain();
        assert!(
            server.fix.wire().contains("Microsoft support"),
            "a 5xx is Microsoft's"
        );
    }

    #[test]
    fn requests_select_only_what_is_shown() {
        let request = me_request(&config(), &AccessToken::new("t"));
        assert_eq!(
            request.url.as_str(),
            "https://graph.microsoft.com/v1.0/me?$select=id,displayName,userPrincipalName"
        );
    }
}
