//! `apply`: carry out the plan's to-do steps, idempotently, reporting progress as it goes.
//!
//! The loop re-plans from the (updated) facts after every step, so the order and the statuses
//! always come from `plan` — the same function the admin reviewed. Every create is a
//! find-or-create: read first, create only when absent, treat "already exists" as done, and after
//! a dropped connection re-read instead of sending again. The first read is skipped while the facts
//! are fresh (observed less than [`FRESH_FACTS_MILLIS`] before the step starts): then observe's
//! "absent" is trusted and the step goes straight to its write — which stays safe on its own (no
//! blind resend, "already exists" is done). Replication waits (a service principal
//! not yet visible to Graph or Dataverse) poll with backoff within the policy's budget and are
//! reported while they run. A failure stops the run with an explanation; what was done stays
//! done, and a later run resumes from the tenant's state.

use super::plan::{plan, Answers, Plan, Status, StepId, HRD_POLICY_NAME, SECRET_DESCRIPTION};
use super::tokens::TokenSource;
use crate::config::Config;
use crate::explain::Explanation;
use crate::facts::{
    AppRegistration, DirectoryFacts, Facts, HrdPolicy, Observed, PasswordCredential,
    PermissionGrant, ServicePrincipal,
};
use crate::graph::setup::{self as graph, ClientSecret};
use crate::graph::GraphError;
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::secret::AccessToken;
use crate::transport::retry::RetryReason;
use crate::transport::runtime::Runtime;
use crate::transport::send::{Backoff, Context, RetryNotice};

/// Progress of a run, for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A step began.
    Started(StepId),
    /// A step is waiting (throttling, outage, replication).
    Waiting {
        /// Which step.
        step: StepId,
        /// Why and how long.
        notice: RetryNotice,
    },
    /// A step finished; the text says what it did.
    Done {
        /// Which step.
        step: StepId,
        /// What was done.
        detail: String,
    },
    /// A step failed; the run stops here.
    Failed {
        /// Which step.
        step: StepId,
        /// What happened, why, and the fix.
        explanation: Explanation,
    },
    /// Something was created, changed or removed — reported at once, so the page can remember
    /// created ids (never secrets) across a reload.
    Changed(Change),
    /// A client secret was created: handed over the moment Graph returned it, so a reload
    /// right after cannot lose a secret nobody has seen.
    SecretCreated(ClientSecret),
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
pub(super) struct StepError(pub(super) Explanation);

impl From<GraphError> for StepError {
    fn from(e: GraphError) -> Self {
        StepError(e.explain())
    }
}

impl From<crate::auth::AuthError> for StepError {
    fn from(e: crate::auth::AuthError) -> Self {
        StepError(e.explain())
    }
}

/// How long observed facts count as fresh. Within it, what observe found absent is written without
/// being read again (one round trip less per step); older facts — a plan the admin reviewed for
/// minutes — are read again first, since someone may have created the object meanwhile (an app
/// registration's name is not unique, so a blind create could duplicate it).
pub const FRESH_FACTS_MILLIS: u64 = 60_000;

/// Runs every to-do step. `facts` is updated as objects are created; `observed_at_millis` is when
/// they were read (the runtime's clock), which decides whether they are fresh.
pub async fn apply<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
    observed_at_millis: u64,
    on_event: &dyn Fn(Event),
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut attempted: Vec<StepId> = Vec::new();
    loop {
        let now_millis = ctx.runtime.now_millis();
        let fresh = now_millis.saturating_sub(observed_at_millis) <= FRESH_FACTS_MILLIS;
        let now = now_millis / 1000;
        let current: Plan = plan(config, answers, facts, now);
        let batch = next_batch(&current, &attempted);
        if batch.is_empty() {
            break;
        }
        attempted.extend(&batch);
        // Independent steps run together, each on its own copy of the facts; what each one
        // learned is merged back afterwards (every step owns distinct facts, see `merge`).
        let runs = batch.iter().map(|&step| {
            let mut own = facts.clone();
            async move {
                on_event(Event::Started(step));
                let step_ctx = Context {
                    client: ctx.client,
                    runtime: ctx.runtime,
                    policy: ctx.policy,
                    on_retry: &|notice| on_event(Event::Waiting { step, notice }),
                };
                let mut step_outcome = Outcome::default();
                let result = run_step(
                    &step_ctx,
                    config,
                    tokens,
                    answers,
                    &mut own,
                    (step, fresh),
                    &mut step_outcome,
                )
                .await;
                // Report as each step ends, not when the whole batch does.
                if let Some(secret) = &step_outcome.secret {
                    on_event(Event::SecretCreated(secret.clone()));
                }
                for change in &step_outcome.changes {
                    on_event(Event::Changed(change.clone()));
                }
                match &result {
                    Ok(detail) => on_event(Event::Done {
                        step,
                        detail: detail.clone(),
                    }),
                    Err(StepError(explanation)) => on_event(Event::Failed {
                        step,
                        explanation: explanation.clone(),
                    }),
                }
                (step, result, own, step_outcome)
            }
        });
        let results = futures_util::future::join_all(runs).await;
        let mut failed = false;
        for (step, result, own, step_outcome) in results {
            merge(step, &own, facts);
            outcome.changes.extend(step_outcome.changes);
            if step_outcome.secret.is_some() {
                outcome.secret = step_outcome.secret;
            }
            match result {
                Ok(_) => outcome.completed.push(step),
                Err(StepError(explanation)) => {
                    if outcome.failed.is_none() {
                        outcome.failed = Some((step, explanation));
                    }
                    failed = true;
                }
            }
        }
        if failed {
            break;
        }
    }
    outcome
}

/// The next steps to run: the first to-do step, plus every other to-do step that is
/// independent of it and of each other — the Graph steps after the service principal (consent,
/// secret, HRD) and at most one Dataverse step (Dataverse writes stay sequential, contract §6).
fn next_batch(current: &Plan, attempted: &[StepId]) -> Vec<StepId> {
    let ready = |id: StepId| {
        id.after()
            .iter()
            .all(|dep| current.step(*dep).status.is_settled())
    };
    let to_do: Vec<StepId> = current
        .to_do()
        .map(|s| s.id)
        .filter(|id| !attempted.contains(id))
        .collect();
    let Some(&first) = to_do.first() else {
        return Vec::new();
    };
    let mut batch = vec![first];
    if !ready(first) {
        return batch;
    }
    let parallel_graph = [
        StepId::AdminConsent,
        StepId::ClientSecret,
        StepId::HomeRealmDiscovery,
    ];
    let is_dataverse = |id: StepId| id >= StepId::ApplicationUser;
    for &id in &to_do[1..] {
        let fits = ready(id)
            && (parallel_graph.contains(&id)
                && batch
                    .iter()
                    .all(|b| parallel_graph.contains(b) || is_dataverse(*b))
                || is_dataverse(id)
                    && !batch.iter().any(|b| is_dataverse(*b))
                    && batch.iter().all(|b| parallel_graph.contains(b)));
        if fits {
            batch.push(id);
        }
    }
    batch
}

/// Copies what `step` changed in `from` into `into`.
fn merge(step: StepId, from: &Facts, into: &mut Facts) {
    let (Observed::Known(src), Observed::Known(dst)) = (&from.directory, &mut into.directory)
    else {
        if step >= StepId::ApplicationUser {
            into.dataverse = from.dataverse.clone();
        }
        return;
    };
    match step {
        StepId::AppRegistration | StepId::ServicePrincipal => *dst = src.clone(),
        StepId::AdminConsent => dst.consent = src.consent.clone(),
        StepId::ClientSecret => {
            if let (Some(s), Some(d)) = (&src.app, &mut dst.app) {
                d.passwords = s.passwords.clone();
            }
        }
        StepId::HomeRealmDiscovery => dst.hrd_policies = src.hrd_policies.clone(),
        StepId::Environment => {}
        _ => into.dataverse = from.dataverse.clone(),
    }
}

pub(super) fn directory(facts: &mut Facts) -> Result<&mut DirectoryFacts, StepError> {
    match &mut facts.directory {
        Observed::Known(d) => Ok(d),
        Observed::Unknown(e) => Err(StepError(e.clone())),
    }
}

/// A step's future, boxed: each step's state machine stays its own function in the wasm instead
/// of being merged into one that holds (and moves, and drops) the largest of them all.
type StepFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, StepError>> + 'a>>;

fn run_step<'a, C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &'a Context<'a, C, R>,
    config: &'a Config,
    tokens: &'a T,
    answers: &'a Answers,
    facts: &'a mut Facts,
    (step, fresh): (StepId, bool),
    outcome: &'a mut Outcome,
) -> StepFuture<'a> {
    match step {
        StepId::AppRegistration => Box::pin(ensure_app(
            ctx, config, tokens, answers, facts, fresh, outcome,
        )),
        StepId::ServicePrincipal => Box::pin(ensure_service_principal(
            ctx, config, tokens, facts, outcome,
        )),
        StepId::AdminConsent => Box::pin(ensure_consent(ctx, config, tokens, facts, outcome)),
        StepId::ClientSecret => Box::pin(add_secret(ctx, config, tokens, answers, facts, outcome)),
        StepId::HomeRealmDiscovery => {
            Box::pin(ensure_hrd(ctx, config, tokens, facts, fresh, outcome))
        }
        other => Box::pin(async move {
            super::apply_dataverse::run(
                ctx,
                config,
                tokens,
                answers,
                facts,
                (other, fresh),
                outcome,
            )
            .await
            .map_err(StepError)
        }),
    }
}

/// Sends a Graph request with a token, refreshing the token once after a 401.
pub(super) async fn graph_call<C: HttpClient, R: Runtime, T: TokenSource, V>(
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
pub(super) async fn graph_call_with<C: HttpClient, R: Runtime, T: TokenSource, V>(
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
async fn wait_for_replication<C: HttpClient, R: Runtime, V, F, Fut>(
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
async fn create_or_find<V, C, F, CFut, FFut>(create: C, find: F) -> Result<V, GraphError>
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

async fn find_apps<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
) -> Result<Vec<AppRegistration>, GraphError> {
    let (apps, _) = graph_call(
        ctx,
        config,
        tokens,
        false,
        |t| graph::applications_by_name_request(config, t, &answers.app_name),
        graph::parse_applications,
    )
    .await?;
    Ok(apps)
}

async fn ensure_app<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
    fresh: bool,
    outcome: &mut Outcome,
) -> Result<String, StepError> {
    let scope_id = directory(facts)?
        .dynamics
        .as_ref()
        .and_then(|d| d.user_impersonation_scope_id.clone())
        .unwrap_or_else(|| graph::USER_IMPERSONATION_SCOPE_ID.to_owned());
    if let Some(app) = directory(facts)?.app.clone() {
        graph_call(
            ctx,
            config,
            tokens,
            false,
            |t| graph::fix_application_request(config, t, &app, &scope_id),
            graph::parse_no_content,
        )
        .await?;
        let d = directory(facts)?;
        if let Some(app) = d.app.as_mut() {
            app.sign_in_audience = "AzureADMyOrg".into();
            app.required_resource_access =
                graph::with_dynamics_permission(&app.required_resource_access, &scope_id);
        }
        outcome.changes.push(Change {
            step: StepId::AppRegistration,
            object: "application",
            id: app.app_id.clone(),
            action: "updated",
        });
        return Ok(format!(
            "\"{}\" is now single-tenant with the Dynamics CRM permission.",
            app.display_name
        ));
    }
    // Someone (or an earlier, interrupted run) may have created it since the last observation:
    // unless that observation is fresh, look again.
    let existing = if fresh {
        directory(facts)?.candidate_apps.clone()
    } else {
        find_apps(ctx, config, tokens, answers).await?
    };
    let app = if let [only] = existing.as_slice() {
        only.clone()
    } else if existing.len() > 1 {
        directory(facts)?.candidate_apps = existing;
        return Err(StepError(Explanation::new(
            "Several app registrations have this name.",
            "Display names are not unique in Entra ID, and more than one app matches.",
            "Pick the app Marketo uses in the plan, then apply again.",
        )));
    } else {
        match graph_call(
            ctx,
            config,
            tokens,
            true,
            |t| graph::create_application_request(config, t, &answers.app_name, &scope_id),
            graph::parse_application,
        )
        .await
        {
            Ok(app) => app,
            // The connection broke after sending: the app may exist now. Look before trying again.
            Err(GraphError::Transport(e)) => {
                let again = wait_for_replication(ctx, || async {
                    let found = find_apps(ctx, config, tokens, answers).await?;
                    found.into_iter().next().ok_or(GraphError::Service {
                        status: 404,
                        code: "Request_ResourceNotFound".into(),
                        message: format!(
                            "not visible yet after a dropped connection ({})",
                            e.detail
                        ),
                        request_id: None,
                        details: vec![],
                    })
                })
                .await;
                match again {
                    Ok(app) => app,
                    Err(_) => {
                        graph_call(
                            ctx,
                            config,
                            tokens,
                            true,
                            |t| {
                                graph::create_application_request(
                                    config,
                                    t,
                                    &answers.app_name,
                                    &scope_id,
                                )
                            },
                            graph::parse_application,
                        )
                        .await?
                    }
                }
            }
            Err(e) => return Err(e.into()),
        }
    };
    outcome.changes.push(Change {
        step: StepId::AppRegistration,
        object: "application",
        id: app.app_id.clone(),
        action: "created",
    });
    let detail = format!("\"{}\" — Client ID {}", app.display_name, app.app_id);
    let d = directory(facts)?;
    d.candidate_apps = vec![app.clone()];
    d.app = Some(app);
    Ok(detail)
}

async fn ensure_service_principal<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<String, StepError> {
    let app = directory(facts)?
        .app
        .clone()
        .ok_or_else(|| StepError(missing("the app registration")))?;
    // Observe just looked for it; Graph allows one per app, so a concurrent run's copy answers
    // the create with 409 and is then read — no read before the create is needed.
    let existing = directory(facts)?.service_principal.clone();
    let sp: ServicePrincipal = match existing {
        Some(sp) => sp,
        None => {
            // A 409 means a concurrent or interrupted run created it: read it.
            let created = wait_for_replication(ctx, || {
                create_or_find(
                    || {
                        graph_call(
                            ctx,
                            config,
                            tokens,
                            true,
                            |t| graph::create_service_principal_request(config, t, &app.app_id),
                            graph::parse_created_service_principal,
                        )
                    },
                    || {
                        graph_call(
                            ctx,
                            config,
                            tokens,
                            false,
                            |t| graph::service_principal_by_app_id_request(config, t, &app.app_id),
                            graph::parse_service_principal,
                        )
                    },
                )
            })
            .await?;
            outcome.changes.push(Change {
                step: StepId::ServicePrincipal,
                object: "servicePrincipal",
                id: created.id.clone(),
                action: "created",
            });
            created
        }
    };
    let detail = format!("Enterprise application {}", sp.id);
    directory(facts)?.service_principal = Some(sp);
    Ok(detail)
}

async fn ensure_consent<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<String, StepError> {
    let d = directory(facts)?;
    let sp = d
        .service_principal
        .clone()
        .ok_or_else(|| StepError(missing("the enterprise application")))?;
    let crm = d
        .dynamics
        .clone()
        .ok_or_else(|| StepError(missing("the Dynamics CRM service principal")))?;
    let find = || {
        graph_call(
            ctx,
            config,
            tokens,
            false,
            |t| graph::consent_grant_request(config, t, &sp.id, &crm.id),
            graph::parse_consent_grant,
        )
    };
    // Observe just looked for the grant; a concurrent run's grant answers the create with 409.
    let known = directory(facts)?.consent.clone();
    let grant: PermissionGrant = match known {
        Some(grant) if grant.has_user_impersonation() => grant,
        Some(grant) => {
            graph_call(
                ctx,
                config,
                tokens,
                false,
                |t| graph::extend_consent_grant_request(config, t, &grant),
                graph::parse_no_content,
            )
            .await?;
            outcome.changes.push(Change {
                step: StepId::AdminConsent,
                object: "oauth2PermissionGrant",
                id: grant.id.clone(),
                action: "updated",
            });
            PermissionGrant {
                scope: format!("{} user_impersonation", grant.scope)
                    .trim()
                    .to_owned(),
                ..grant
            }
        }
        None => {
            // "Permission entry already exists." (409) means someone else granted it: read it back.
            let created = wait_for_replication(ctx, || {
                create_or_find(
                    || {
                        graph_call(
                            ctx,
                            config,
                            tokens,
                            true,
                            |t| graph::create_consent_grant_request(config, t, &sp.id, &crm.id),
                            graph::parse_created_grant,
                        )
                    },
                    find,
                )
            })
            .await?;
            outcome.changes.push(Change {
                step: StepId::AdminConsent,
                object: "oauth2PermissionGrant",
                id: created.id.clone(),
                action: "created",
            });
            created
        }
    };
    directory(facts)?.consent = Some(grant);
    Ok("Tenant-wide consent for Dynamics CRM user_impersonation".into())
}

pub(super) async fn add_secret<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<String, StepError> {
    let app = directory(facts)?
        .app
        .clone()
        .ok_or_else(|| StepError(missing("the app registration")))?;
    let now = ctx.runtime.now_millis() / 1000;
    let end = now + u64::from(answers.secret_lifetime_days) * 86_400;
    let known: Vec<String> = app.passwords.iter().map(|p| p.key_id.clone()).collect();
    let added = wait_for_replication(ctx, || {
        graph_call(
            ctx,
            config,
            tokens,
            true,
            |t| graph::add_password_request(config, t, &app.id, SECRET_DESCRIPTION, end),
            graph::parse_added_password,
        )
    })
    .await;
    let secret = match added {
        Ok(secret) => secret,
        Err(GraphError::Transport(_)) => {
            // The secret may have been created, but its text is lost with the answer. Remove any
            // such orphan (its value was never seen) and add a fresh one, so exactly one remains.
            let (apps, _) = graph_call(
                ctx,
                config,
                tokens,
                false,
                |t| graph::application_by_app_id_request(config, t, &app.app_id),
                graph::parse_applications,
            )
            .await?;
            for orphan in apps
                .iter()
                .flat_map(|a| &a.passwords)
                .filter(|p| !known.contains(&p.key_id))
            {
                graph_call(
                    ctx,
                    config,
                    tokens,
                    false,
                    |t| graph::remove_password_request(config, t, &app.id, &orphan.key_id),
                    graph::parse_no_content,
                )
                .await?;
            }
            graph_call(
                ctx,
                config,
                tokens,
                true,
                |t| graph::add_password_request(config, t, &app.id, SECRET_DESCRIPTION, end),
                graph::parse_added_password,
            )
            .await?
        }
        Err(e) => return Err(secret_error(e)),
    };
    let detail = format!(
        "Secret {}… created, valid until {}.",
        secret.hint,
        secret
            .end
            .map(crate::time::format_iso8601)
            .unwrap_or_default()
    );
    if let Some(app) = directory(facts)?.app.as_mut() {
        app.passwords.push(PasswordCredential {
            key_id: secret.key_id.clone(),
            display_name: Some(SECRET_DESCRIPTION.into()),
            hint: Some(secret.hint.clone()),
            end: secret.end,
        });
    }
    outcome.changes.push(Change {
        step: StepId::ClientSecret,
        object: "passwordCredential",
        id: secret.key_id.clone(),
        action: "created",
    });
    outcome.secret = Some(secret);
    Ok(detail)
}

fn secret_error(e: GraphError) -> StepError {
    match e.code() {
        Some("CredentialInvalidLifetimeAsPerAppPolicy") => StepError(
            Explanation::new(
                "The secret lifetime is longer than your tenant allows.",
                "An app-management policy limits how long client secrets may live.",
                "Choose a shorter lifetime and apply again.",
            )
            .with_detail(format!("{e}")),
        ),
        Some("CredentialTypeNotAllowedAsPerAppPolicy") => StepError(Explanation::new(
            "Your tenant does not allow client secrets.",
            "An app-management policy forbids adding passwords to applications.",
            "Ask your Entra administrator for an exception for the Marketo app.",
        )),
        _ => e.into(),
    }
}

async fn ensure_hrd<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &mut Facts,
    fresh: bool,
    outcome: &mut Outcome,
) -> Result<String, StepError> {
    let sp = directory(facts)?
        .service_principal
        .clone()
        .ok_or_else(|| StepError(missing("the enterprise application")))?;
    let hrd_scopes = config.graph_scopes_with_hrd();
    // Observe read the policies assigned to the service principal (none, if this run created it).
    let assigned = if fresh {
        directory(facts)?.hrd_policies.clone()
    } else {
        graph_call(
            ctx,
            config,
            tokens,
            false,
            |t| graph::hrd_policies_request(config, t, &sp.id),
            graph::parse_hrd_policies,
        )
        .await?
    };
    if let Some(policy) = assigned.iter().find(|p| p.allows_cloud_password_validation) {
        directory(facts)?.hrd_policies = vec![policy.clone()];
        return Ok(format!(
            "Policy \"{}\" is already assigned.",
            policy.display_name
        ));
    }
    // One HRD policy per service principal: never assign a second beside another one (F14).
    if let Some(other) = assigned.first() {
        directory(facts)?.hrd_policies = assigned.clone();
        return Err(StepError(super::plan::other_hrd_policy(other)));
    }
    // Reuse the policy an earlier, interrupted run created rather than making a second one.
    let all = graph_call(
        ctx,
        config,
        tokens,
        false,
        |t| graph::list_hrd_policies_request(config, t),
        graph::parse_hrd_policies,
    )
    .await?;
    let policy: HrdPolicy = match all
        .into_iter()
        .find(|p| p.display_name == HRD_POLICY_NAME && p.allows_cloud_password_validation)
    {
        Some(existing) => existing,
        None => {
            let created = graph_call_with(
                ctx,
                &hrd_scopes,
                true,
                tokens,
                true,
                |t| graph::create_hrd_policy_request(config, t, HRD_POLICY_NAME),
                graph::parse_created_hrd_policy,
            )
            .await
            .map_err(hrd_error)?;
            outcome.changes.push(Change {
                step: StepId::HomeRealmDiscovery,
                object: "homeRealmDiscoveryPolicy",
                id: created.id.clone(),
                action: "created",
            });
            created
        }
    };
    wait_for_replication(ctx, || {
        graph_call_with(
            ctx,
            &hrd_scopes,
            false,
            tokens,
            false,
            |t| graph::assign_hrd_policy_request(config, t, &sp.id, &policy.id),
            graph::parse_no_content,
        )
    })
    .await
    .map_err(hrd_error)?;
    outcome.changes.push(Change {
        step: StepId::HomeRealmDiscovery,
        object: "homeRealmDiscoveryPolicy assignment",
        id: sp.id.clone(),
        action: "created",
    });
    directory(facts)?.hrd_policies = vec![policy.clone()];
    Ok(format!(
        "Policy \"{}\" created and assigned.",
        policy.display_name
    ))
}

/// What a run that stopped for want of the HRD permission says first; the page recognises it and
/// offers to sign in again with that permission.
pub const HRD_CONSENT_NEEDED: &str =
    "Creating the Home Realm Discovery policy needs one more permission.";

/// A 403 on the HRD writes — or no token for the HRD permission at all — almost always means the
/// incremental consent is missing; a new sign-in that asks for it fixes both.
fn hrd_error(e: GraphError) -> StepError {
    // A session that simply ended says so; only a missing permission gets the HRD advice.
    if matches!(e, GraphError::Auth(crate::auth::AuthError::SessionExpired)) {
        return e.into();
    }
    if matches!(e.status(), Some(401 | 403)) {
        return StepError(
            Explanation::new(
                HRD_CONSENT_NEEDED,
                format!(
                    "The {} permission is asked for only when a federated domain needs it, and this sign-in does not include it (or your role cannot use it).",
                    crate::config::HRD_GRAPH_SCOPE
                ),
                "Sign in again with the extra permission (the button below), as Global Administrator, Application Administrator or Cloud Application Administrator, then apply again.",
            )
            .with_detail(e.to_string()),
        );
    }
    e.into()
}

fn missing(what: &str) -> Explanation {
    Explanation::new(
        format!("{what} is missing."),
        "An earlier step did not complete.",
        "Refresh the plan and apply again.",
    )
}

/// True when a plan status means "will run".
pub fn will_run(status: &Status) -> bool {
    matches!(status, Status::ToDo(_))
}
