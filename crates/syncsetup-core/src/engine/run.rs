//! What running a step needs, whichever step it is: the values every runner reads
//! ([`StepRun`]), what a run reports ([`Outcome`], [`Change`]), how a step fails ([`StepError`]),
//! and the Graph call with its token refresh, replication wait and find-or-create that the
//! directory steps, rotation and teardown share.

use super::plan::{Answers, StepId};
use super::tokens::TokenSource;
use crate::config::Config;
use crate::explain::Explanation;
use crate::facts::{DirectoryFacts, Facts, Observed};
use crate::graph::setup::ClientSecret;
use crate::graph::GraphError;
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::i18n::{Arg, Text, TextKey};
use crate::secret::AccessToken;
use crate::transport::retry::RetryReason;
use crate::transport::runtime::Runtime;
use crate::transport::send::{Backoff, Context};

/// What every step's runner reads: one value instead of five threaded through each call.
pub(crate) struct StepRun<'a, C, R, T> {
    /// Sending, with retries and this step's progress sink.
    pub ctx: &'a Context<'a, C, R>,
    /// The page's configuration.
    pub config: &'a Config,
    /// Where tokens come from.
    pub tokens: &'a T,
    /// What the admin chose.
    pub answers: &'a Answers,
    /// Whether the facts are fresh enough to trust "absent" without reading again.
    pub fresh: bool,
}

/// What a step's teardown works with: sending, the configuration, tokens, the facts as read, and
/// the ids the admin chose to remove.
pub(crate) struct Removal<'a, C, R, T> {
    /// Sending, with retries.
    pub ctx: &'a Context<'a, C, R>,
    /// The page's configuration.
    pub config: &'a Config,
    /// Where tokens come from.
    pub tokens: &'a T,
    /// The tenant as read when the admin confirmed.
    pub facts: &'a Facts,
    /// The ids the admin chose.
    pub remove: &'a [String],
}

impl<C, R, T> Removal<'_, C, R, T> {
    /// Whether the admin chose the object with this id (ids compare without case).
    pub fn chosen(&self, id: &str) -> bool {
        self.remove.iter().any(|r| r.eq_ignore_ascii_case(id))
    }
}

/// Something the run created or changed in the tenant (for the run report; never the secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The step that did it.
    pub step: StepId,
    /// What kind of object.
    pub object: &'static str,
    /// Its id.
    pub id: String,
    /// `created`, `updated`, `removed`.
    pub action: &'static str,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The new client secret, in memory only, if one was created.
    pub secret: Option<ClientSecret>,
    /// Steps completed in this run.
    pub completed: Vec<StepId>,
    /// The step that failed, if any.
    pub failed: Option<(StepId, Explanation)>,
    /// Objects created or changed.
    pub changes: Vec<Change>,
}

/// A step's failure.
pub(crate) struct StepError(pub(crate) Explanation);

impl From<GraphError> for StepError {
    fn from(e: GraphError) -> Self {
        StepError(e.explain())
    }
}

impl From<Explanation> for StepError {
    fn from(e: Explanation) -> Self {
        StepError(e)
    }
}

impl From<crate::auth::AuthError> for StepError {
    fn from(e: crate::auth::AuthError) -> Self {
        StepError(e.explain())
    }
}

pub(crate) fn directory(facts: &mut Facts) -> Result<&mut DirectoryFacts, StepError> {
    match &mut facts.directory {
        Observed::Known(d) => Ok(d),
        Observed::Unknown(e) => Err(StepError(e.clone())),
    }
}

/// Sends a Graph request with a token, refreshing the token once after a 401.
pub(crate) async fn graph_call<C: HttpClient, R: Runtime, T: TokenSource, V>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    create: bool,
    build: impl Fn(&AccessToken) -> HttpRequest,
    parse: impl Fn(&crate::http::HttpResponse) -> Result<V, GraphError>,
) -> Result<V, GraphError> {
    graph_call_with(
        ctx,
        &config.graph_scopes(),
        false,
        tokens,
        create,
        build,
        parse,
    )
    .await
}

/// [`graph_call`] with explicit scopes; `fresh` mints a new token first (for scopes the cached
/// token may lack, such as the incrementally consented HRD permission).
pub(crate) async fn graph_call_with<C: HttpClient, R: Runtime, T: TokenSource, V>(
    ctx: &Context<'_, C, R>,
    scopes: &[String],
    fresh: bool,
    tokens: &T,
    create: bool,
    build: impl Fn(&AccessToken) -> HttpRequest,
    parse: impl Fn(&crate::http::HttpResponse) -> Result<V, GraphError>,
) -> Result<V, GraphError> {
    let response = graph_send(ctx, scopes, fresh, tokens, create, &build).await?;
    parse(&response)
}

/// The sending half of [`graph_call_with`]. It takes the request builder as `&dyn Fn` and returns
/// a boxed future so that its state machine exists once in the wasm: generic over the closures,
/// it was inlined whole into each of the dozens of call sites.
fn graph_send<'a, C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &'a Context<'_, C, R>,
    scopes: &'a [String],
    fresh: bool,
    tokens: &'a T,
    create: bool,
    build: &'a dyn Fn(&AccessToken) -> HttpRequest,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<HttpResponse, GraphError>> + 'a>> {
    Box::pin(async move {
        let mut token = tokens
            .token(scopes, fresh)
            .await
            .map_err(GraphError::Auth)?;
        let mut attempt = 0;
        loop {
            let request = build(&token);
            let response = if create {
                ctx.send_create(request).await?
            } else {
                ctx.send(request).await?
            };
            if response.status == 401 && attempt == 0 {
                attempt += 1;
                token = tokens.token(scopes, true).await.map_err(GraphError::Auth)?;
                continue;
            }
            return Ok(response);
        }
    })
}

/// Retries `attempt` while it reports replication lag, within the policy's budget.
pub(crate) async fn wait_for_replication<C: HttpClient, R: Runtime, V, F, Fut>(
    ctx: &Context<'_, C, R>,
    mut attempt: F,
) -> Result<V, GraphError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<V, GraphError>>,
{
    let mut backoff = Backoff::default();
    loop {
        match attempt().await {
            Err(e) if e.is_replication_pending() => {
                if !ctx
                    .pause_before_retry(&mut backoff, RetryReason::Replication, None, "graph")
                    .await
                {
                    return Err(e);
                }
            }
            other => return other,
        }
    }
}

/// Creates an object whose key Graph enforces (a service principal per app, a grant per client
/// and resource): a 409 means it exists, and after a dropped connection a re-read tells whether
/// the create arrived; if it did not, the create is sent again (a few times at most).
pub(crate) async fn create_or_find<V, C, F, CFut, FFut>(create: C, find: F) -> Result<V, GraphError>
where
    C: Fn() -> CFut,
    F: Fn() -> FFut,
    CFut: std::future::Future<Output = Result<V, GraphError>>,
    FFut: std::future::Future<Output = Result<Option<V>, GraphError>>,
{
    let mut last = None;
    for _ in 0..3 {
        match create().await {
            Ok(value) => return Ok(value),
            Err(e) if e.is_conflict() => return find().await?.ok_or(e),
            Err(e @ GraphError::Transport(_)) => match find().await? {
                Some(value) => return Ok(value),
                None => last = Some(e),
            },
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("the loop ran"))
}

/// A step's input that an earlier step should have produced is absent.
pub(crate) fn missing(what: TextKey) -> Explanation {
    Explanation::new(
        Text::with(TextKey::IsMissing, [Arg::Key(what)]),
        TextKey::EarlierStepDidNotComplete,
        TextKey::RefreshPlanApplyAgain,
    )
}
