//! Step 2: the app's enterprise application (service principal). Graph allows one per app, so a
//! concurrent run's copy answers the create with 409 and is read back; a new one is waited for
//! until it has replicated.

use crate::engine::plan::follow;
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{create_or_find, wait_for_replication};
use crate::engine::run::{directory, graph_call, missing, Change, Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::facts::Facts;
use crate::facts::ServicePrincipal;
use crate::graph::setup as graph;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, earlier: &Plan) -> Planned {
    let sp = p.sp();
    let status = match (&p.directory, sp) {
        (Err(e), _) => Status::Blocked(e.clone()),
        (_, Some(sp)) => Status::Done(Text::with(K::StSpDone, [Arg::from(&sp.id)])),
        _ => follow(
            &earlier.step(StepId::AppRegistration).status,
            &p.admin_block,
            K::StSpCreate,
        ),
    };
    let requests = if sp.is_none() {
        vec![graph::create_service_principal_request(
            p.config,
            &p.token,
            &p.app_id_text(),
        )]
    } else {
        vec![]
    };
    (status, requests)
}

/// Runs the step.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    s: &StepRun<'_, C, R, T>,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    let (ctx, config, tokens) = (s.ctx, s.config, s.tokens);
    let app = directory(facts)?
        .app
        .clone()
        .ok_or_else(|| StepError(missing(K::AppRegistration)))?;
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
    let detail = Text::with(K::StSpDone, [Arg::from(&sp.id)]);
    directory(facts)?.service_principal = Some(sp);
    Ok(detail)
}
