//! The Dataverse Web API v9.2 of one environment: request builders, parsers, `DataverseError`,
//! the `observe` runner and the idempotent step runners of a Marketo setup (powerapps-docs
//! `powerapps-docs/developer/data-platform/webapi/`).
//!
//! Every call goes to `{ApiUrl}/api/data/v9.2/` with the headers Microsoft documents for the Web
//! API (bearer token, `Accept: application/json`, `OData-MaxVersion`/`OData-Version: 4.0`,
//! `Content-Type` on bodies) and through [`crate::transport::send::Context::send`], so throttling and
//! brief outages are waited out in one place. Builders are public so the plan can preview a step's
//! exact requests without sending them; wire shapes stay private to this module and its children,
//! and callers only see the domain types of [`crate::facts`].
//!
//! * [`read`] — the read requests and their parsers.
//! * [`observe`] — the whole Dataverse side of the facts, in three rounds of parallel reads.
//! * [`write`] — the write requests (create, associate, PATCH, publish, delete).
//! * [`apply`] — step runners: find first, create only if absent, report what changed.

use crate::i18n::{Arg, Text, TextKey};
use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use crate::explain::Explanation;
use crate::facts::{DataverseFacts, Environment};
use crate::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

pub mod apply;
pub mod batch;
pub mod observe;
pub mod read;
pub mod write;

#[cfg(test)]
mod tests;

/// The Web API version every request uses.
pub(crate) const API_VERSION: &str = "v9.2";

/// Page size asked for with `Prefer: odata.maxpagesize` on every list (Dataverse allows ≤ 5000).
pub(crate) const PAGE_SIZE: u32 = 500;

/// Most pages followed for one list; a loop beyond this is a server bug, not data.
const MAX_PAGES: usize = 200;

/// The delegated scope for one environment: `{environment URL}/user_impersonation`.
///
/// Dataverse accepts tokens for the environment's own origin (the `Url` Global Discovery reports,
/// e.g. `https://contoso.crm.dynamics.com`); one token per environment (entra-docs
/// `docs/identity-platform/v2-oauth2-auth-code-flow.md`: scopes "from a single resource").
pub fn dataverse_scope(environment_url: &str) -> String {
    let origin = Url::parse(environment_url)
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_else(|_| environment_url.trim_end_matches('/').to_owned());
    format!("{origin}/user_impersonation")
}

/// Where one environment's Web API lives: `{ApiUrl}/api/data/v9.2/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebApi {
    base: Url,
}

impl WebApi {
    /// The Web API of the environment whose `ApiUrl` (e.g. `https://contoso.api.crm.dynamics.com`)
    /// is given. Fails on a value that is not an absolute http(s) URL.
    pub fn new(api_url: &str) -> Result<Self, DataverseError> {
        let bad = || DataverseError::Blocked(Blocker::BadApiUrl(api_url.to_owned()));
        let parsed = Url::parse(api_url.trim()).map_err(|_| bad())?;
        if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
            return Err(bad());
        }
        let base = Url::parse(&format!(
            "{}/api/data/{API_VERSION}/",
            parsed.origin().ascii_serialization()
        ))
        .map_err(|_| bad())?;
        Ok(Self { base })
    }

    /// The Web API of an environment from Global Discovery.
    pub fn of(environment: &Environment) -> Result<Self, DataverseError> {
        Self::new(&environment.api_url)
    }

    /// The Web API the facts were read from.
    pub(crate) fn of_facts(facts: &DataverseFacts) -> Result<Self, DataverseError> {
        Self::new(&facts.api_url)
    }

    /// `{base}{path_and_query}`; the path is relative (`WhoAmI`, `systemusers?$filter=…`).
    pub fn url(&self, path_and_query: &str) -> Url {
        self.base
            .join(path_and_query)
            .expect("paths are built by this module and join onto a valid base")
    }

    /// The absolute resource URL used in `@odata.id` bodies (`{base}roles(…)`).
    pub fn absolute(&self, path: &str) -> String {
        self.url(path).to_string()
    }

    /// The host, for messages.
    pub fn host(&self) -> &str {
        self.base.host_str().unwrap_or_default()
    }
}

/// A Dataverse call that did not succeed, or a step that cannot run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DataverseError {
    /// Dataverse answered with its error body (`{"error":{"code","message"}}`).
    #[error("Dataverse answered HTTP {status} {code}: {message}")]
    Service {
        /// HTTP status.
        status: u16,
        /// Dataverse's hexadecimal error code (`0x80040220`), often empty.
        code: String,
        /// Dataverse's message.
        message: String,
    },
    /// No answer.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// An answer that is neither the expected body nor a Dataverse error.
    #[error("Dataverse answered HTTP {status} with an unexpected body")]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
    /// Dataverse kept refusing the application user because it does not know the app's service
    /// principal yet, longer than the replication budget.
    #[error("Dataverse did not accept the application user within {waited_millis} ms: {last}")]
    ReplicationTimeout {
        /// How long we waited in total.
        waited_millis: u64,
        /// The last refusal.
        last: Box<DataverseError>,
    },
    /// PublishAllXml's answer was lost and the customizations still showed unpublished changes
    /// when the wait for a publish that may still be running ended.
    #[error("publishing was not confirmed within {waited_millis} ms: {detail}")]
    PublishUnconfirmed {
        /// How long we waited in total.
        waited_millis: u64,
        /// Why the answer was lost.
        detail: String,
    },
    /// A prerequisite of the step is missing or an input is invalid; nothing was sent.
    #[error("{0}")]
    Blocked(Blocker),
}

/// Why a step cannot run, found before sending anything (or from a documented refusal).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Blocker {
    /// The environment's `ApiUrl` is not a URL.
    #[error("{0:?} is not a Dataverse Web API URL")]
    BadApiUrl(String),
    /// An id that must be a GUID is not one.
    #[error("{what} {value:?} is not a GUID")]
    NotAGuid {
        /// Which id.
        what: &'static str,
        /// What was given.
        value: String,
    },
    /// The facts name no root business unit.
    #[error("the root business unit is unknown")]
    NoRootBusinessUnit,
    /// No copy of the Marketo Sync User role exists in the user's business unit.
    #[error("no Marketo Sync User role in business unit {business_unit_id}")]
    NoRoleCopy {
        /// The business unit the user belongs to.
        business_unit_id: String,
    },
    /// The Marketo Config table was not found among the solution's tables.
    #[error("the Marketo Config table was not found")]
    NoMarketoConfig,
    /// The Marketo Config table has no record named Default.
    #[error("the Marketo Config table has no Default record")]
    NoDefaultRecord,
    /// A table name that is not a Dataverse logical name.
    #[error("{0:?} is not a table logical name")]
    BadTableName(String),
    /// `new_synctomkto` exists on the table but is not a Two Options column.
    #[error("new_synctomkto on {table} is a {attribute_type} column, not Two Options")]
    ColumnNotBoolean {
        /// Table logical name.
        table: String,
        /// What it is.
        attribute_type: String,
    },
    /// Dataverse refused the `new_` schema name: the publisher's prefix is not `new`.
    #[error("Dataverse refused the new_ prefix on {table}: {message}")]
    PrefixRule {
        /// Table logical name.
        table: String,
        /// Dataverse's message.
        message: String,
    },
}

/// Documented Dataverse error codes this module reacts to (powerapps-docs
/// `…/data-platform/includes/data-service-error-codes.md`).
pub mod codes {
    /// `PrivilegeDenied`: the caller lacks a privilege.
    pub(crate) const PRIVILEGE_DENIED: &str = "0x80040220";
    /// `DuplicateRecord` / "Cannot insert duplicate key".
    pub(crate) const DUPLICATE_RECORD: &str = "0x80040237";
    /// An undeclared property (an unknown `…@odata.bind`) in a request body.
    pub(crate) const UNDECLARED_PROPERTY: &str = "0x80048d19";
    /// "Resource not found for the segment …": an unknown entity set, function or action.
    pub(crate) const RESOURCE_NOT_FOUND_FOR_SEGMENT: &str = "0x8006088a";
    /// `AADError`: "Error from AAD".
    pub(crate) const AAD_ERROR: &str = "0x80072559";
    /// `ApplicationNotRegisteredWithDeployment`: "Application needs to be registered and enabled
    /// at deployment level before it can be created for this organization".
    pub(crate) const APPLICATION_NOT_REGISTERED: &str = "0x80041d49";
    /// Service protection: number of requests exceeded.
    pub(crate) const THROTTLED_REQUESTS: &str = "0x80072322";
    /// Service protection: combined execution time exceeded.
    pub(crate) const THROTTLED_TIME: &str = "0x80072321";
    /// Service protection: concurrent requests exceeded.
    pub(crate) const THROTTLED_CONCURRENCY: &str = "0x80072326";
}

impl DataverseError {
    /// The HTTP status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            DataverseError::Service { status, .. } | DataverseError::Unexpected { status, .. } => {
                Some(*status)
            }
            DataverseError::ReplicationTimeout { last, .. } => last.status(),
            DataverseError::Transport(_)
            | DataverseError::PublishUnconfirmed { .. }
            | DataverseError::Blocked(_) => None,
        }
    }

    fn code_is(&self, wanted: &str) -> bool {
        matches!(self, DataverseError::Service { code, .. } if code.eq_ignore_ascii_case(wanted))
    }

    fn message_has(&self, needle: &str) -> bool {
        matches!(self, DataverseError::Service { message, .. }
            if message.to_ascii_lowercase().contains(needle))
    }

    /// 404: the record, table or column does not exist — not a 404 for a segment this page
    /// misnamed (an unknown entity set is the page's defect, never "already gone").
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, DataverseError::Service { status: 404, .. }) && !self.is_request_defect()
    }

    /// The record or association already exists (`DuplicateRecord`, 412, "already exists").
    pub(crate) fn is_duplicate(&self) -> bool {
        self.code_is(codes::DUPLICATE_RECORD)
            || matches!(self, DataverseError::Service { status: 412, .. })
            || self.message_has("already exists")
            || self.message_has("duplicate")
    }

    /// 403 `PrivilegeDenied` and its relatives: the admin lacks a security role here.
    pub(crate) fn is_privilege_denied(&self) -> bool {
        matches!(self, DataverseError::Service { status: 403, .. })
            || self.code_is(codes::PRIVILEGE_DENIED)
            || self.message_has("privilege")
    }

    /// Throttled beyond what the retry policy waits out.
    pub(crate) fn is_throttled(&self) -> bool {
        matches!(self, DataverseError::Service { status: 429, .. })
            || self.code_is(codes::THROTTLED_REQUESTS)
            || self.code_is(codes::THROTTLED_TIME)
            || self.code_is(codes::THROTTLED_CONCURRENCY)
    }

    /// A refusal of `POST systemusers` that Entra → Dataverse replication explains: the app's
    /// service principal is not known to Dataverse yet. No Microsoft page names the error of that
    /// moment (real-cloud audit F11), so only the two documented codes whose meaning fits count —
    /// `AADError` 0x80072559 "Error from AAD" and `ApplicationNotRegisteredWithDeployment`
    /// 0x80041d49 "Application needs to be registered and enabled at deployment level before it
    /// can be created for this organization" (powerapps-docs,
    /// `developer/data-platform/includes/data-service-error-codes.md`). Any other 400/404 (a bad
    /// e-mail, a wrong business unit…) is shown at once instead of costing a five-minute wait.
    pub(crate) fn is_replication_refusal(&self) -> bool {
        self.code_is(codes::AAD_ERROR) || self.code_is(codes::APPLICATION_NOT_REGISTERED)
    }

    /// The refusal names the request's own shape: an unknown property or segment, an undeclared
    /// annotation (MicrosoftDocs/SupportArticles-docs, `support/power-platform/power-apps/
    /// dataverse/web-api-client-errors.md`; codes from powerapps-docs `developer/data-platform/
    /// includes/data-service-error-codes.md`). The page built it: a defect of the page.
    pub(crate) fn is_request_defect(&self) -> bool {
        matches!(
            self,
            DataverseError::Service {
                status: 400 | 404,
                ..
            }
        ) && (self.code_is(codes::UNDECLARED_PROPERTY)
            || self.code_is(codes::RESOURCE_NOT_FOUND_FOR_SEGMENT)
            || self.message_has("could not find a property named")
            || self.message_has("invalid property")
            || self.message_has("resource not found for the segment")
            || self.message_has("undeclared property"))
    }

    /// What the admin reads.
    pub fn explain(&self) -> Explanation {
        match self {
            DataverseError::Service {
                status,
                code,
                message,
                ..
            } => explain_service(self, *status, code, message),
            DataverseError::Transport(e) => Explanation::new(
                TextKey::DataverseUnreachable,
                Text::with(TextKey::BrowserGotNoAnswer, [Arg::from(&e.host)]),
                TextKey::CheckConnectionTryAgainFirewallProxy,
            )
            .with_detail(e.detail.clone()),
            // Dataverse answers an expired or wrong token with an empty 401 and a bearer challenge.
            DataverseError::Unexpected { status: 401, .. } => Explanation::new(
                TextKey::DataverseDidNotAcceptSignIn,
                TextKey::AccessTokenEnvironmentExpiredRevoked,
                TextKey::SignOutSignAgainNothingAlready,
            ),
            DataverseError::Unexpected { status, excerpt } => Explanation::new(
                TextKey::DataverseGaveUnreadableAnswer,
                TextKey::ResponseNotJSONWebAPISends,
                TextKey::CheckProxyToEnvironment,
            )
            .with_detail(format!("HTTP {status}: {excerpt}")),
            DataverseError::ReplicationTimeout {
                waited_millis,
                last,
            } => Explanation::new(
                TextKey::DataverseDoesNotKnowMarketoApp,
                Text::with(
                    TextKey::ApplicationUserCanOnlyCreatedOnce,
                    [Arg::from(waited_millis / 1000)],
                ),
                TextKey::CheckMarketoAppHasEnterpriseApplication,
            )
            .with_detail(last.to_string()),
            DataverseError::PublishUnconfirmed {
                waited_millis,
                detail,
            } => Explanation::new(
                TextKey::PublishingNotConfirmed,
                Text::with(
                    TextKey::AnswerPublishAllCustomizationsLostMinutes,
                    [Arg::from(waited_millis / 60_000)],
                ),
                TextKey::WaitFewMinutesThenRunPlan,
            )
            .with_detail(detail.clone()),
            DataverseError::Blocked(blocker) => blocker.explain(),
        }
    }
}

/// Which setup step a missing privilege belongs to (`prvCreateUser` → the application user), read
/// from Dataverse's message ("… is missing prvCreateUser privilege …").
fn step_of_privilege(message: &str) -> TextKey {
    let Some(privilege) = message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| word.starts_with("prv"))
    else {
        return TextKey::ThisStep;
    };
    [
        (
            "SdkMessageProcessingStep",
            TextKey::ReEnablingMarketoPlugInSteps,
        ),
        ("Attribute", TextKey::CreatingSyncFilterColumn),
        ("Entity", TextKey::CreatingSyncFilterColumn),
        ("Publish", TextKey::PublishingCustomizations),
        ("Role", TextKey::AssigningMarketoSyncUserRole),
        ("User", TextKey::CreatingUpdatingApplicationUser),
    ]
    .iter()
    .find(|(needle, _)| privilege.contains(needle))
    .map_or(TextKey::ThisStep, |(_, step)| *step)
}

fn explain_service(error: &DataverseError, status: u16, code: &str, message: &str) -> Explanation {
    let detail = if code.is_empty() {
        format!("HTTP {status}: {message}")
    } else {
        format!("HTTP {status} {code}: {message}")
    };
    let explanation = if error.is_request_defect() {
        Explanation::page_defect("Dataverse")
    } else if status == 401 {
        Explanation::new(
            TextKey::DataverseDidNotAcceptTheSignIn,
            TextKey::AccessTokenEnvironmentRefusedHasProbably,
            TextKey::SignAgainSetupResumesWhereStopped,
        )
    } else if error.is_privilege_denied() {
        let step = step_of_privilege(message);
        Explanation::new(
            TextKey::LackPrivilegeDataverseEnvironment,
            Text::with(
                TextKey::DataverseRefusedSignedInAccountNeedsSystem,
                [Arg::Key(step)],
            ),
            TextKey::AskAdministratorEnvironmentGiveUserSystem,
        )
    } else if error.is_throttled() {
        Explanation::new(
            TextKey::DataverseThrottlingRequests,
            TextKey::EnvironmentServiceProtectionLimitsPerUser,
            TextKey::WaitFiveMinutesRunSetupAgain,
        )
    } else if status == 404 {
        Explanation::new(
            TextKey::DataverseDidNotFindWhatSetup,
            TextKey::RecordTableColumnNoLongerExists,
            TextKey::RunChecksAgainReReadEnvironment,
        )
    } else if error.is_duplicate() {
        Explanation::new(
            TextKey::DataverseSaysAlreadyExists,
            TextKey::RecordSameKeyExistsApplicationUser,
            TextKey::RunChecksAgainIfOldDeleted,
        )
    } else if status >= 500 {
        Explanation::new(
            TextKey::DataverseReturnedServerError,
            Text::with(TextKey::EnvironmentAnsweredHTTP, [Arg::from(status)]),
            TextKey::TryAgainFewMinutesIfPersists,
        )
    } else {
        Explanation::new(
            TextKey::DataverseRefusedRequest,
            Text::with(TextKey::EnvironmentAnsweredHTTP, [Arg::from(status)]),
            TextKey::ReadDetailsBelowFixWhatThey,
        )
    };
    explanation.with_detail(detail)
}

impl Blocker {
    /// What the admin reads.
    pub fn explain(&self) -> Explanation {
        let explanation = match self {
            Blocker::BadApiUrl(_) => Explanation::new(
                TextKey::EnvironmentWebAPIAddressNotValid,
                TextKey::GlobalDiscoveryReportedApiUrlNotURL,
                TextKey::PickEnvironmentAgainIfPersistsEnter,
            ),
            Blocker::NotAGuid { what, .. } => Explanation::new(
                Text::with(TextKey::IdNotValid, [Arg::from(*what)]),
                Text::with(TextKey::IdIsAGuid, [Arg::from(*what)]),
                Text::with(TextKey::CorrectIdTryAgain, [Arg::from(*what)]),
            ),
            Blocker::NoRootBusinessUnit => Explanation::new(
                TextKey::EnvironmentRootBusinessUnitNotFound,
                TextKey::ApplicationUserMustCreatedRootBusiness,
                TextKey::CheckAccountCanReadBusinessUnits,
            ),
            Blocker::NoRoleCopy { .. } => Explanation::new(
                TextKey::MarketoSyncUserRoleMissingUser,
                TextKey::SecurityRolesExistOncePerBusiness,
                TextKey::InstallUpdateMarketoLeadManagementSolution,
            ),
            Blocker::NoMarketoConfig => Explanation::new(
                TextKey::NoConfigTable,
                TextKey::ComesMarketoLeadManagementSolutionWhich,
                TextKey::ImportLatestMarketoSolutionUpdateMaintain,
            ),
            Blocker::NoDefaultRecord => Explanation::new(
                TextKey::NoDefaultRecord,
                TextKey::MarketoReadsSyncUserRecordNamed,
                TextKey::ReImportMarketoSolutionCreateDefaultRecord,
            ),
            Blocker::BadTableName(_) => Explanation::new(
                TextKey::TableNameNotValid,
                TextKey::TableLogicalNamesLowercaseLettersDigits,
                TextKey::PickTablesList,
            ),
            Blocker::ColumnNotBoolean { table, .. } => Explanation::new(
                Text::with(
                    TextKey::NewSynctomktoNotTwoOptionsColumn,
                    [Arg::from(table)],
                ),
                TextKey::MarketoSyncFilterOnlyWorksTwo,
                Text::with(
                    TextKey::DeleteExistingNewSynctomktoColumnAfter,
                    [Arg::from(table)],
                ),
            ),
            Blocker::PrefixRule { table, .. } => Explanation::new(
                Text::with(
                    TextKey::DataverseRefusedColumnNameNewSynctomkto,
                    [Arg::from(table)],
                ),
                TextKey::MarketoRequiresNameNewSynctomktoExactly,
                TextKey::PowerAppsSolutionsPublishersTemporarilySet,
            ),
        };
        explanation.with_detail(self.to_string())
    }
}

// ---------------------------------------------------------------------------------------------
// Request and response plumbing shared by the submodules.

/// A GET with the documented Web API headers. `If-None-Match: null` keeps the browser's HTTP cache
/// from answering (powerapps-docs `…/webapi/compose-http-requests-handle-errors.md`; join-tables
/// recommends it for expanded collections).
pub(crate) fn get(api: &WebApi, token: &AccessToken, path_and_query: &str) -> HttpRequest {
    odata(
        HttpRequest::new(Method::Get, api.url(path_and_query)),
        token,
    )
    .header("If-None-Match", "null")
}

/// A GET of a collection: paged with `Prefer: odata.maxpagesize`, unless the query caps the
/// rows with `$top` — "Don't use `$top` with the `Prefer: odata.maxpagesize` request header. If
/// you include both, `$top` is ignored." (powerapps-docs,
/// `developer/data-platform/webapi/query/page-results.md`). A `$top` query is one page.
pub(crate) fn list(api: &WebApi, token: &AccessToken, path_and_query: &str) -> HttpRequest {
    let request = get(api, token, path_and_query);
    if path_and_query.contains("$top=") {
        request
    } else {
        request.header("Prefer", format!("odata.maxpagesize={PAGE_SIZE}"))
    }
}

/// A request with a JSON body.
pub(crate) fn with_body(
    api: &WebApi,
    token: &AccessToken,
    method: Method,
    path: &str,
    body: &serde_json::Value,
) -> HttpRequest {
    let mut request = odata(HttpRequest::new(method, api.url(path)), token)
        .header("Content-Type", "application/json; charset=utf-8");
    request.body = Some(body.to_string());
    request
}

/// A body-less write (DELETE).
pub(crate) fn bodyless(
    api: &WebApi,
    token: &AccessToken,
    method: Method,
    path: &str,
) -> HttpRequest {
    odata(HttpRequest::new(method, api.url(path)), token)
}

fn odata(request: HttpRequest, token: &AccessToken) -> HttpRequest {
    request
        .bearer(token)
        .header("Accept", "application/json")
        .header("OData-MaxVersion", "4.0")
        .header("OData-Version", "4.0")
}

/// A GUID for a URL or filter (unquoted in OData v4); refuses anything else so no caller can
/// smuggle query syntax into a filter.
pub(crate) fn guid(what: &'static str, value: &str) -> Result<String, DataverseError> {
    let trimmed = value.trim().trim_start_matches('{').trim_end_matches('}');
    if crate::config::is_guid(trimmed) {
        Ok(trimmed.to_ascii_lowercase())
    } else {
        Err(DataverseError::Blocked(Blocker::NotAGuid {
            what,
            value: value.to_owned(),
        }))
    }
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

/// The error a non-2xx response stands for.
pub(crate) fn error_of(response: &HttpResponse) -> DataverseError {
    match serde_json::from_str::<ErrorBody>(&response.body) {
        Ok(body) => DataverseError::Service {
            status: response.status,
            code: body.error.code,
            message: body.error.message,
        },
        Err(_) => unexpected(response),
    }
}

pub(crate) fn unexpected(response: &HttpResponse) -> DataverseError {
    DataverseError::Unexpected {
        status: response.status,
        excerpt: response.excerpt(),
    }
}

/// Parses a 2xx JSON body into `T`, or the error the response stands for.
pub(crate) fn parse<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, DataverseError> {
    if response.is_success() {
        serde_json::from_str(&response.body).map_err(|_| unexpected(response))
    } else {
        Err(error_of(response))
    }
}

/// Accepts any 2xx (a write answered 204 or, with `return=representation`, 200/201).
pub(crate) fn expect_success(response: &HttpResponse) -> Result<(), DataverseError> {
    if response.is_success() {
        Ok(())
    } else {
        Err(error_of(response))
    }
}

#[derive(Deserialize)]
pub(crate) struct Page<T> {
    pub(crate) value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink")]
    pub(crate) next_link: Option<String>,
}

/// Sends a list request and follows `@odata.nextLink` unmodified, with the same headers
/// (powerapps-docs `…/webapi/query/page-results.md`), collecting every row.
pub(crate) async fn get_all<T, C, R>(
    ctx: &Context<'_, C, R>,
    request: HttpRequest,
) -> Result<Vec<T>, DataverseError>
where
    T: DeserializeOwned,
    C: HttpClient,
    R: Runtime,
{
    let mut rows = Vec::new();
    follow_pages(ctx, request, &mut |response| {
        let page: Page<T> = parse(response)?;
        rows.extend(page.value);
        Ok(page.next_link)
    })
    .await?;
    Ok(rows)
}

/// The paging loop of [`get_all`]: `take` parses one page and returns its `@odata.nextLink`.
/// Boxed and not generic over the row type, so that the loop exists once in the wasm rather than
/// once per row type, inlined into every caller's state machine.
fn follow_pages<'a, C: HttpClient, R: Runtime>(
    ctx: &'a Context<'_, C, R>,
    request: HttpRequest,
    take: &'a mut dyn FnMut(&HttpResponse) -> Result<Option<String>, DataverseError>,
) -> Pin<Box<dyn Future<Output = Result<(), DataverseError>> + 'a>> {
    Box::pin(async move {
        let mut next = Some(request);
        let mut pages = 0;
        while let Some(request) = next.take() {
            pages += 1;
            let response = ctx.send(request.clone()).await?;
            if let Some(link) = take(&response)? {
                if pages >= MAX_PAGES {
                    return Err(DataverseError::Unexpected {
                        status: response.status,
                        excerpt: format!("more than {MAX_PAGES} pages of results"),
                    });
                }
                let url = Url::parse(&link).map_err(|_| unexpected(&response))?;
                let mut following = request;
                following.url = url;
                next = Some(following);
            }
        }
        Ok(())
    })
}

/// The id at the end of an `OData-EntityId` header (`…/systemusers(<id>)`).
pub(crate) fn entity_id(response: &HttpResponse) -> Option<String> {
    let header = response.header_value("OData-EntityId")?;
    let inside = header.rsplit_once('(')?.1.split(')').next()?;
    crate::config::is_guid(inside).then(|| inside.to_ascii_lowercase())
}
