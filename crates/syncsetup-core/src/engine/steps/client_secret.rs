//! Step 4: the client secret Marketo signs in with — within the lifetime the tenant's
//! app-management policy allows, shown to the admin once and never stored. After a dropped
//! connection the secret's text is lost with the answer, so any orphan is removed and a fresh one
//! added: exactly one new secret remains. Rotation adds one the same way.

use crate::config::Config;
use crate::engine::plan::{
    app_created, follow, Answers, MAX_SECRET_LIFETIME_DAYS, SECRET_DESCRIPTION,
};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::wait_for_replication;
use crate::engine::run::{directory, graph_call, missing, Change, Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::Facts;
use crate::facts::{DirectoryFacts, PasswordCredential};
use crate::graph::setup as graph;
use crate::graph::GraphError;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

impl Plan {
    /// Whether the Marketo app already has a valid client secret (the step is done): the review
    /// then offers a new one instead of saying one will be made.
    pub fn has_secret(&self) -> bool {
        matches!(self.step(StepId::ClientSecret).status, Status::Done(_))
    }
}

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, earlier: &Plan) -> Planned {
    let status = match &p.directory {
        Err(e) => Status::Blocked(e.clone()),
        Ok(d) => secret_status(
            d,
            p.answers,
            p.now,
            &earlier.step(StepId::AppRegistration).status,
            &p.admin_block,
        ),
    };
    let requests = if matches!(status, Status::ToDo(_) | Status::Blocked(_)) {
        let end = p.now + u64::from(p.answers.secret_lifetime_days) * 86_400;
        vec![graph::add_password_request(
            p.config,
            &p.token,
            &p.object_id_text(),
            SECRET_DESCRIPTION,
            end,
        )]
    } else {
        vec![]
    };
    (status, requests)
}

fn secret_status(
    d: &DirectoryFacts,
    answers: &Answers,
    now: u64,
    app_status: &Status,
    admin_block: &Option<Explanation>,
) -> Status {
    // An unreadable policy restricts nothing known (F1): the checks warn, the step goes on.
    let policy = d.password_policy.known().cloned().unwrap_or_default();
    let created = app_created(d, now);
    if policy.blocks_secrets(created) {
        return Status::Blocked(Explanation::new(
            K::TenantDoesNotAllowClientSecrets,
            K::AppManagementPolicyForbidsAddingPasswordsApplications,
            K::AppPolicyAskException,
        ));
    }
    if let Some(max) = policy.max_lifetime_days(created) {
        if answers.secret_lifetime_days > max {
            return Status::Blocked(Explanation::new(
                Text::with(
                    K::DaySecretLongerThanTenantAllows,
                    [Arg::from(answers.secret_lifetime_days)],
                ),
                Text::with(
                    K::AppManagementPolicyLimitsClientSecretsDays,
                    [Arg::from(max)],
                ),
                Text::with(K::ChooseLifetimeMostDays, [Arg::from(max)]),
            ));
        }
    }
    if answers.secret_lifetime_days == 0 || answers.secret_lifetime_days > MAX_SECRET_LIFETIME_DAYS
    {
        return Status::Blocked(Explanation::new(
            K::SecretLifetimeOutOfRange,
            K::SecretsLiveOneDayTo24Months,
            Text::with(
                K::ChooseBetweenOneAndDays,
                [Arg::from(MAX_SECRET_LIFETIME_DAYS)],
            ),
        ));
    }
    let valid = d.app.as_ref().and_then(|app| {
        app.passwords
            .iter()
            .filter(|p| p.end.is_none_or(|end| end > now))
            .max_by_key(|p| p.end)
    });
    match valid {
        Some(p) if !answers.new_secret => {
            let hint = Arg::from(p.hint.as_deref().unwrap_or("?"));
            Status::Done(match p.end {
                Some(end) => Text::with(K::StSecretExists, [hint, Arg::Date(end)]),
                None => Text::with(K::StSecretExistsForever, [hint]),
            })
        }
        _ => follow(
            app_status,
            admin_block,
            Text::with(
                K::StSecretCreate,
                [Arg::Number(u64::from(answers.secret_lifetime_days))],
            ),
        ),
    }
}

/// Runs the step.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    s: &StepRun<'_, C, R, T>,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    add_secret(s.ctx, s.config, s.tokens, s.answers, facts, outcome).await
}

/// Adds a client secret (the step, and secret rotation).
pub(crate) async fn add_secret<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    let app = directory(facts)?
        .app
        .clone()
        .ok_or_else(|| StepError(missing(K::AppRegistration)))?;
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
    let detail = match secret.end {
        Some(end) => Text::with(
            K::RdSecretCreated,
            [Arg::from(&secret.hint), Arg::Date(end)],
        ),
        None => Text::with(K::RdSecretCreatedForever, [Arg::from(&secret.hint)]),
    };
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
                K::SecretLifetimeLongerThanTenantAllows,
                K::AppManagementPolicyLimitsHowLongClient,
                K::ChooseShorterLifetimeApplyAgain,
            )
            .with_detail(format!("{e}")),
        ),
        Some("CredentialTypeNotAllowedAsPerAppPolicy") => StepError(Explanation::new(
            K::TenantDoesNotAllowClientSecrets,
            K::AppManagementPolicyForbidsAddingPasswordsApplications,
            K::AppPolicyAskException,
        )),
        _ => e.into(),
    }
}

/// Removes one client secret by key id — after the admin confirmed Marketo has the new one.
pub async fn remove_secret<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &mut Facts,
    key_id: &str,
) -> Result<Change, Explanation> {
    let app = directory(facts)
        .map_err(|StepError(e)| e)?
        .app
        .clone()
        .ok_or_else(no_app)?;
    if !app.passwords.iter().any(|p| p.key_id == key_id) {
        return Err(Explanation::new(
            K::SecretDoesNotBelongMarketoApp,
            K::OnlyAppOwnSecretsCanRemoved,
            K::RefreshPickOneListedSecrets,
        ));
    }
    graph_call(
        ctx,
        config,
        tokens,
        false,
        |t| graph::remove_password_request(config, t, &app.id, key_id),
        graph::parse_no_content,
    )
    .await
    .map_err(|e| e.explain())?;
    if let Some(app) = directory(facts).map_err(|StepError(e)| e)?.app.as_mut() {
        app.passwords.retain(|p| p.key_id != key_id);
    }
    Ok(Change {
        step: StepId::ClientSecret,
        object: "passwordCredential",
        id: key_id.to_owned(),
        action: "removed",
    })
}

fn no_app() -> Explanation {
    Explanation::new(
        K::ThereNoMarketoAppRegistration,
        K::NothingRotate,
        K::RunSetupFirst,
    )
}

/// Whether step `id` is this one, whose request creates a secret shown once: from the moment it
/// starts, a reload would leave a secret nobody saw.
pub fn creates_the_secret(id: StepId) -> bool {
    id == StepId::ClientSecret
}
