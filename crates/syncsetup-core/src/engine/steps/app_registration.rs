//! Step 1: the Marketo app's registration in Entra ID — single-tenant, asking for Dynamics CRM
//! `user_impersonation` (Marketo's "Create a client application" page). Planned from what Graph
//! listed; run as find-or-create: display names are not unique, so "absent" is trusted only from
//! a fresh observation, and after a dropped connection the app is looked for before a second
//! create.

use crate::config::Config;
use crate::engine::maintenance::TeardownItem;
use crate::engine::plan::Answers;
use crate::engine::plan::{no_dynamics, or_blocked};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::wait_for_replication;
use crate::engine::run::{directory, graph_call, Change, Outcome, Removal, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::AppRegistration;
use crate::facts::Facts;
use crate::graph::setup as graph;
use crate::graph::GraphError;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, _earlier: &Plan) -> Planned {
    let answers = p.answers;
    let app = p.app();
    let status = match &p.directory {
        Err(e) => Status::Blocked(e.clone()),
        Ok(d) if d.dynamics.is_none() => Status::Blocked(no_dynamics()),
        Ok(d) if d.app.is_none() && d.candidate_apps.len() > 1 => Status::NeedsAnswer(Text::with(
            K::StAppsNamed,
            [
                Arg::Number(d.candidate_apps.len() as u64),
                Arg::from(&answers.app_name),
            ],
        )),
        Ok(_) => match app {
            Some(app)
                if app.sign_in_audience == "AzureADMyOrg"
                    && app.requests_dynamics_user_impersonation() =>
            {
                Status::Done(Text::with(
                    K::StAppDone,
                    [Arg::from(&app.display_name), Arg::from(&app.app_id)],
                ))
            }
            Some(app) => or_blocked(
                &p.admin_block,
                Text::with(K::StAppFix, [Arg::from(&app.display_name)]),
            ),
            // An app this browser created moments ago (its id remembered across a reload) that
            // Graph does not list yet is still replicating: creating another would duplicate it.
            None if answers.app_id.is_some() => Status::Blocked(Explanation::new(
                K::MarketoAppCreatedMomentAgoNot,
                K::EntraIDCopiesNewAppRegistrations,
                K::WaitMinuteRefreshIfNeverAppears,
            )),
            None => or_blocked(
                &p.admin_block,
                Text::with(K::StAppCreate, [Arg::from(&answers.app_name)]),
            ),
        },
    };
    let scope_id = p.scope_id();
    let requests = match app {
        Some(app) if matches!(status, Status::ToDo(_)) => {
            vec![graph::fix_application_request(
                p.config, &p.token, app, &scope_id,
            )]
        }
        None => vec![graph::create_application_request(
            p.config,
            &p.token,
            &answers.app_name,
            &scope_id,
        )],
        Some(_) => vec![],
    };
    (status, requests)
}

/// Runs the step.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    s: &StepRun<'_, C, R, T>,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    let (ctx, config, tokens, answers, fresh) = (s.ctx, s.config, s.tokens, s.answers, s.fresh);
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
        return Ok(Text::with(K::RdAppFixed, [Arg::from(&app.display_name)]));
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
            K::SeveralAppRegistrationsHaveName,
            K::DisplayNamesNotUniqueEntraID,
            K::PickAppMarketoUsesPlanThen,
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
    let detail = Text::with(
        K::StAppDone,
        [Arg::from(&app.display_name), Arg::from(&app.app_id)],
    );
    let d = directory(facts)?;
    d.candidate_apps = vec![app.clone()];
    d.app = Some(app);
    Ok(detail)
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

/// What teardown would remove of this step's work: the app registration, with its enterprise
/// application, consent and secrets.
pub(crate) fn teardown_items(facts: &Facts) -> Vec<TeardownItem> {
    let Some(d) = facts.directory.known() else {
        return Vec::new();
    };
    d.app
        .iter()
        .map(|app| TeardownItem {
            what: Text::with(
                K::AppRegistrationEnterpriseApplicationConsentSecrets,
                [Arg::from(&app.display_name)],
            ),
            id: app.app_id.clone(),
            note: Some(K::EntraIDKeepsDeletedAppRegistrations.into()),
            created_here: false,
        })
        .collect()
}

/// Deletes the app registration if the admin chose it (Entra takes its service principal and
/// consent grant with it, and keeps the app restorable for 30 days).
pub(crate) async fn remove<C: HttpClient, R: Runtime, T: TokenSource>(
    r: &Removal<'_, C, R, T>,
) -> Result<Vec<Change>, (Vec<Change>, Explanation)> {
    let Some(app) = r
        .facts
        .directory
        .known()
        .and_then(|d| d.app.as_ref())
        .filter(|a| r.chosen(&a.app_id))
    else {
        return Ok(Vec::new());
    };
    graph_call(
        r.ctx,
        r.config,
        r.tokens,
        false,
        |t| graph::delete_application_request(r.config, t, &app.id),
        graph::parse_no_content,
    )
    .await
    .map_err(|e| (Vec::new(), e.explain()))?;
    Ok(vec![Change {
        step: StepId::AppRegistration,
        object: "application",
        id: app.app_id.clone(),
        action: "removed",
    }])
}

/// The new app's id, when `change` is this step creating the Marketo app registration: the
/// wizard reads it back by id until Entra's replicas show it.
pub fn created_app(change: &Change) -> Option<&str> {
    (change.step == StepId::AppRegistration && change.action == "created")
        .then_some(change.id.as_str())
}

/// Whether `change` removed the Marketo app registration (teardown): later plans start from
/// nothing, not from its id.
pub fn removed_app(change: &Change) -> bool {
    change.step == StepId::AppRegistration && change.action == "removed"
}
