//! `observe`: read everything the plan and the checks need, in as few rounds as the APIs allow.
//!
//! Rounds (independent reads inside a round go out together):
//! 1. Graph organization, the admin's roles, the Dynamics CRM service principal, the Marketo app
//!    (by app id when known, else by name), the app-management policy; Global Discovery.
//! 2. The app's service principal; in parallel, the chosen environment's Dataverse facts.
//! 3. The consent grant and the HRD policies of that service principal.
//!
//! A read that fails becomes `Observed::Unknown` with its explanation — never "absent". When a
//! service answers 401 (an access token expired or was revoked although the browser's clock
//! still trusted it), that resource's token is refreshed and the whole observation runs once more.

use std::cell::RefCell;

use futures_util::future::join;

use super::facts::{DirectoryFacts, Facts, Observed};
use super::plan::Answers;
use super::runtime::Runtime;
use super::send::Context;
use super::tokens::TokenSource;
use crate::config::Config;
use crate::graph::setup as graph;
use crate::graph::GraphError;
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::secret::AccessToken;
use crate::{dataverse, discovery_service};

async fn parsed<T, Fut>(
    sent: Fut,
    parse: impl Fn(&HttpResponse) -> Result<T, GraphError>,
) -> Result<T, GraphError>
where
    Fut: std::future::Future<Output = Result<HttpResponse, crate::http::TransportError>>,
{
    parse(&sent.await?)
}

fn unknown<T>(result: Result<T, GraphError>) -> Observed<T> {
    match result {
        Ok(value) => Observed::Known(value),
        Err(e) => Observed::Unknown(e.explain()),
    }
}

/// Reads the tenant. Never fails as a whole: what could not be read is `Unknown`.
pub async fn observe<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
) -> Facts {
    let unauthorized = RefCell::new(Vec::new());
    let facts = observe_once(ctx, config, tokens, answers, &unauthorized).await;
    let refused = unauthorized.take();
    if refused.is_empty() {
        return facts;
    }
    for scopes in &refused {
        // A failed refresh shows up as an Unknown fact in the second pass.
        let _ = tokens.token(scopes, true).await;
    }
    observe_once(ctx, config, tokens, answers, &RefCell::new(Vec::new())).await
}

/// Notes the scopes whose service answered 401.
fn note_401(unauthorized: &RefCell<Vec<Vec<String>>>, status: Option<u16>, scopes: &[String]) {
    let mut list = unauthorized.borrow_mut();
    if status == Some(401) && !list.iter().any(|s| s.as_slice() == scopes) {
        list.push(scopes.to_vec());
    }
}

async fn observe_once<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    unauthorized: &RefCell<Vec<Vec<String>>>,
) -> Facts {
    let graph_scopes = config.graph_scopes();
    let read = |request: HttpRequest| {
        let graph_scopes = &graph_scopes;
        async move {
            let response = ctx.send(request).await;
            if let Ok(r) = &response {
                note_401(unauthorized, Some(r.status), graph_scopes);
            }
            response
        }
    };
    let read = &read;
    let graph_token = match tokens.token(&config.graph_scopes(), false).await {
        Ok(token) => token,
        Err(e) => {
            let why = e.explain();
            return Facts {
                tenant: Observed::Unknown(why.clone()),
                admin_roles: Observed::Unknown(why.clone()),
                directory: Observed::Unknown(why.clone()),
                environments: Observed::Unknown(why),
                dataverse: None,
            };
        }
    };

    // Round 1.
    let apps_request = match &answers.app_id {
        Some(app_id) => graph::application_by_app_id_request(config, &graph_token, app_id),
        None => graph::applications_by_name_request(config, &graph_token, &answers.app_name),
    };
    // All five Graph reads of round 1 go out together.
    let graph_reads = futures_util::future::join5(
        parsed(
            read(graph::organization_request(config, &graph_token)),
            graph::parse_organization,
        ),
        parsed(
            read(graph::admin_roles_request(config, &graph_token)),
            graph::parse_admin_roles,
        ),
        parsed(
            read(graph::service_principal_by_app_id_request(
                config,
                &graph_token,
                graph::DYNAMICS_CRM_APP_ID,
            )),
            graph::parse_resource_service_principal,
        ),
        parsed(read(apps_request), graph::parse_applications),
        parsed(
            read(graph::app_management_policy_request(config, &graph_token)),
            graph::parse_app_management_policy,
        ),
    );
    // The chosen environment's URL is known up front, so its token is fetched alongside round 1
    // instead of adding a round of its own (it is usually cached anyway).
    let dataverse_token = async {
        let url = answers.environment_url.as_ref()?;
        Some(
            tokens
                .token(&[dataverse::dataverse_scope(url)], false)
                .await,
        )
    };
    let ((organization, roles, dynamics, apps, policy), environments, early_dataverse_token) =
        futures_util::future::join3(
            graph_reads,
            environments(ctx, config, tokens, unauthorized),
            dataverse_token,
        )
        .await;

    let chosen_env = match (&environments, &answers.environment_url) {
        (Observed::Known(list), Some(url)) => list
            .iter()
            .find(|e| {
                e.url
                    .trim_end_matches('/')
                    .eq_ignore_ascii_case(url.trim_end_matches('/'))
            })
            .cloned(),
        _ => None,
    };
    let candidate_apps = apps.map(|(apps, _)| apps);
    let app = candidate_apps
        .as_ref()
        .ok()
        .and_then(|apps| match &answers.app_id {
            Some(id) => apps.iter().find(|a| &a.app_id == id).cloned(),
            None if apps.len() == 1 => apps.first().cloned(),
            None => None,
        });

    // Round 2: the service principal, and Dataverse in parallel.
    let dataverse_read = async {
        let env = chosen_env.as_ref()?;
        let scopes = vec![dataverse::dataverse_scope(&env.url)];
        let token = match early_dataverse_token {
            Some(token) => token,
            None => tokens.token(&scopes, false).await,
        };
        Some(match token {
            Err(e) => Observed::Unknown(e.explain()),
            Ok(token) => match dataverse::observe::observe(
                ctx,
                &token,
                env,
                app.as_ref().map(|a| a.app_id.as_str()),
                &answers.sync_filter_tables,
            )
            .await
            {
                Ok(facts) => Observed::Known(facts),
                Err(e) => {
                    note_401(unauthorized, e.status(), &scopes);
                    Observed::Unknown(e.explain())
                }
            },
        })
    };
    let directory_read = async {
        let candidate_apps = candidate_apps.clone()?;
        let dynamics = dynamics.clone()?;
        let password_policy = policy.clone()?;
        let mut directory = DirectoryFacts {
            dynamics,
            candidate_apps,
            app: app.clone(),
            service_principal: None,
            consent: None,
            hrd_policies: Vec::new(),
            password_policy,
        };
        if let Some(app) = &app {
            directory.service_principal = parsed(
                read(graph::service_principal_by_app_id_request(
                    config,
                    &graph_token,
                    &app.app_id,
                )),
                graph::parse_service_principal,
            )
            .await?;
        }
        // Round 3.
        if let Some(sp) = &directory.service_principal {
            let consent = async {
                match &directory.dynamics {
                    Some(crm) => {
                        parsed(
                            read(graph::consent_grant_request(
                                config,
                                &graph_token,
                                &sp.id,
                                &crm.id,
                            )),
                            graph::parse_consent_grant,
                        )
                        .await
                    }
                    None => Ok(None),
                }
            };
            let hrd = parsed(
                read(graph::hrd_policies_request(config, &graph_token, &sp.id)),
                graph::parse_hrd_policies,
            );
            let (consent, hrd) = join(consent, hrd).await;
            directory.consent = consent?;
            directory.hrd_policies = hrd?;
        }
        Ok::<_, GraphError>(directory)
    };
    let (directory, dataverse) = join(directory_read, dataverse_read).await;

    Facts {
        tenant: unknown(organization),
        admin_roles: unknown(roles),
        directory: unknown(directory),
        environments,
        dataverse,
    }
}

async fn environments<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    unauthorized: &RefCell<Vec<Vec<String>>>,
) -> Observed<Vec<super::facts::Environment>> {
    let scopes = [config.global_discovery_scope()];
    let token: AccessToken = match tokens.token(&scopes, false).await {
        Ok(token) => token,
        Err(e) => return Observed::Unknown(e.explain()),
    };
    match discovery_service::environments(ctx, config, &token).await {
        Ok(list) => Observed::Known(list),
        Err(e) => {
            note_401(unauthorized, e.status(), &scopes);
            Observed::Unknown(e.explain())
        }
    }
}
