//! The Global Discovery Service: which Dataverse environments the signed-in admin can reach
//! (powerapps-docs `powerapps-docs/developer/data-platform/discovery-service.md`).
//!
//! One request, `GET {globalDiscovery}/api/discovery/v2.0/Instances?$select=…`, with a token for
//! the discovery host's own `user_impersonation` scope ([`Config::global_discovery_scope`]). The
//! answer becomes [`Environment`] facts; its wire shape stays private here. An empty list is a
//! fact (the admin is in no environment, or only as a delegated admin), not an error:
//! [`no_environments`] explains it.

use crate::i18n::{Arg, Text, TextKey};
use serde::Deserialize;

use crate::config::Config;
use crate::explain::Explanation;
use crate::facts::Environment;
use crate::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

/// The `Instance` properties read (GDS documents `$select` on `Instances`).
pub(crate) const INSTANCE_COLUMNS: &str = "Id,UniqueName,UrlName,FriendlyName,Url,ApiUrl,State,StatusMessage,Version,EnvironmentId,Region,TenantId,IsUserSysAdmin,Purpose,OrganizationType,TrialExpirationDate";

/// `StatusMessage` of an environment that is ready.
pub(crate) const STATUS_READY: i32 = 6;

/// Most pages followed; Global Discovery does not page today, this only bounds a misbehaving one.
const MAX_PAGES: usize = 50;

/// A Global Discovery call that did not succeed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    /// The service answered with an OData error body.
    #[error("Global Discovery answered HTTP {status} {code}: {message}")]
    Service {
        /// HTTP status.
        status: u16,
        /// The error code, often empty.
        code: String,
        /// The message.
        message: String,
    },
    /// No answer.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// An answer that is neither the expected body nor an OData error.
    #[error("Global Discovery answered HTTP {status} with an unexpected body")]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
}

impl DiscoveryError {
    /// The HTTP status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            DiscoveryError::Service { status, .. } | DiscoveryError::Unexpected { status, .. } => {
                Some(*status)
            }
            DiscoveryError::Transport(_) => None,
        }
    }

    /// What the admin reads.
    pub fn explain(&self) -> Explanation {
        match self {
            // Global Discovery refuses a token with an empty 401 and a bearer challenge.
            DiscoveryError::Unexpected {
                status: 401,
                excerpt,
            } => DiscoveryError::Service {
                status: 401,
                code: String::new(),
                message: excerpt.clone(),
            }
            .explain(),

            DiscoveryError::Service {
                status: 401,
                code,
                message,
            } => Explanation::new(
                TextKey::Dynamics365EnvironmentListDidNot,
                TextKey::AccessTokenGlobalDiscoveryRefusedMay,
                TextKey::SignAgainAcceptDynamicsCRMPermission,
            )
            .with_detail(format!("HTTP 401 {code}: {message}")),
            DiscoveryError::Service {
                status: 403,
                code,
                message,
            } => Explanation::new(
                TextKey::MayNotListDynamics365Environments,
                TextKey::GlobalDiscoveryRefusedRequestSignedInAccount,
                TextKey::SignAccountUserDynamics365Environment,
            )
            .with_detail(format!("HTTP 403 {code}: {message}")),
            // Global Discovery's only input is the query this page builds.
            DiscoveryError::Service {
                status: 400,
                code,
                message,
            } => Explanation::page_defect("Global Discovery")
                .with_detail(format!("HTTP 400 {code}: {message}")),
            DiscoveryError::Service {
                status,
                code,
                message,
            } => Explanation::new(
                TextKey::Dynamics365EnvironmentListCouldNot,
                Text::with(TextKey::GlobalDiscoveryAnsweredHTTP, [Arg::from(*status)]),
                TextKey::TryAgainFewMinutesIfPersists,
            )
            .with_detail(format!("HTTP {status} {code}: {message}")),
            DiscoveryError::Transport(e) => Explanation::new(
                TextKey::EnvironmentListUnreachable,
                Text::with(TextKey::BrowserGotNoAnswer, [Arg::from(&e.host)]),
                TextKey::CheckConnectionTryAgainSovereignCloud,
            )
            .with_detail(e.detail.clone()),
            DiscoveryError::Unexpected { status, excerpt } => Explanation::new(
                TextKey::Dynamics365EnvironmentListUnreadable,
                TextKey::ResponseNotJSONGlobalDiscoverySends,
                TextKey::CheckProxyToMicrosoft,
            )
            .with_detail(format!("HTTP {status}: {excerpt}")),
        }
    }
}

/// Why the list of environments is empty, for the environment picker.
pub fn no_environments() -> Explanation {
    Explanation::new(
        TextKey::NoDynamics365EnvironmentFoundAccount,
        TextKey::GlobalDiscoveryListsOnlyEnvironmentsWhere,
        TextKey::SignAccountUserIdeallySystemAdministrator,
    )
}

/// `GET {globalDiscovery}/api/discovery/v2.0/Instances?$select=…`.
pub fn instances_request(config: &Config, token: &AccessToken) -> HttpRequest {
    let origin = config.global_discovery_url.origin().ascii_serialization();
    let url = url::Url::parse(&format!(
        "{origin}/api/discovery/v2.0/Instances?$select={INSTANCE_COLUMNS}"
    ))
    .expect("the discovery origin was validated and the path is ours");
    HttpRequest::new(Method::Get, url)
        .bearer(token)
        .header("Accept", "application/json")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceWire {
    id: String,
    #[serde(default)]
    unique_name: Option<String>,
    #[serde(default)]
    url_name: Option<String>,
    #[serde(default)]
    friendly_name: Option<String>,
    url: String,
    api_url: String,
    #[serde(default)]
    state: Option<i32>,
    #[serde(default)]
    status_message: Option<i32>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    is_user_sys_admin: Option<bool>,
    /// Int32 in `$metadata`; read as a number or a numeric string, since Microsoft's own
    /// ServiceClient models it as a string (microsoft/PowerPlatform-DataverseServiceClient
    /// `GlobalDiscoveryModel.cs`) while its samples read a number.
    #[serde(default)]
    organization_type: Option<serde_json::Value>,
    #[serde(default)]
    purpose: Option<String>,
    /// DateTimeOffset, null unless a trial.
    #[serde(default)]
    trial_expiration_date: Option<String>,
}

/// A number that may come as a JSON number or a numeric string (read through `Value`: an
/// untagged enum would bring serde's buffering `Content` machinery into the wasm).
fn number_or_text(value: &serde_json::Value) -> Option<i32> {
    match value {
        serde_json::Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
        serde_json::Value::String(t) => t.trim().parse().ok(),
        _ => None,
    }
}

#[derive(Deserialize)]
struct InstancesPage {
    value: Vec<InstanceWire>,
    #[serde(default, rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

fn unexpected(response: &HttpResponse) -> DiscoveryError {
    DiscoveryError::Unexpected {
        status: response.status,
        excerpt: response.excerpt(),
    }
}

fn parse_page(response: &HttpResponse) -> Result<InstancesPage, DiscoveryError> {
    if response.is_success() {
        return serde_json::from_str(&response.body).map_err(|_| unexpected(response));
    }
    match serde_json::from_str::<ErrorBody>(&response.body) {
        Ok(body) => Err(DiscoveryError::Service {
            status: response.status,
            code: body.error.code,
            message: body.error.message,
        }),
        Err(_) => Err(unexpected(response)),
    }
}

impl InstanceWire {
    fn into_environment(self) -> Environment {
        let unique_name = self.unique_name.or(self.url_name).unwrap_or_default();
        Environment {
            friendly_name: self
                .friendly_name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| unique_name.clone()),
            unique_name,
            id: self.id,
            url: self.url.trim_end_matches('/').to_owned(),
            api_url: self.api_url.trim_end_matches('/').to_owned(),
            enabled: self.state.unwrap_or(0) == 0,
            // Older answers omit StatusMessage; absence is not a reason to block.
            ready: self.status_message.is_none_or(|s| s == STATUS_READY),
            version: self.version.unwrap_or_default(),
            region: self.region.unwrap_or_default(),
            is_user_sys_admin: self.is_user_sys_admin.unwrap_or(false),
            organization_type: self.organization_type.as_ref().and_then(number_or_text),
            purpose: self.purpose.unwrap_or_default(),
            trial_expires: self
                .trial_expiration_date
                .as_deref()
                .and_then(crate::time::parse_iso8601),
        }
    }
}

/// Parses one `Instances` answer into environments, sorted by friendly name.
pub fn parse_instances(response: &HttpResponse) -> Result<Vec<Environment>, DiscoveryError> {
    let mut environments: Vec<Environment> = parse_page(response)?
        .value
        .into_iter()
        .map(InstanceWire::into_environment)
        .collect();
    sort(&mut environments);
    Ok(environments)
}

/// Case-insensitive for ASCII letters only: full Unicode lowercasing would bring its tables (about
/// 20 KB) into the wasm to order a handful of names.
fn sort(environments: &mut [Environment]) {
    crate::small_sort::sort_by(environments, |a, b| {
        let folded = |name: &str| {
            name.bytes()
                .map(|c| c.to_ascii_lowercase())
                .collect::<Vec<u8>>()
        };
        folded(&a.friendly_name)
            .cmp(&folded(&b.friendly_name))
            .then(a.url.cmp(&b.url))
    });
}

/// Lists the environments the admin can reach, following `@odata.nextLink` if the service pages.
pub async fn environments<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    token: &AccessToken,
) -> Result<Vec<Environment>, DiscoveryError> {
    let mut request = instances_request(config, token);
    let mut environments = Vec::new();
    for _ in 0..MAX_PAGES {
        let response = ctx.send(request.clone()).await?;
        let page = parse_page(&response)?;
        environments.extend(page.value.into_iter().map(InstanceWire::into_environment));
        match page.next_link {
            Some(link) => {
                request.url = url::Url::parse(&link).map_err(|_| unexpected(&response))?;
            }
            None => {
                sort(&mut environments);
                return Ok(environments);
            }
        }
    }
    Err(DiscoveryError::Unexpected {
        status: 200,
        excerpt: format!("more than {MAX_PAGES} pages of environments"),
    })
}

#[cfg(test)]
mod tests;
