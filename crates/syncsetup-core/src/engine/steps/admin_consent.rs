//! Step 3: tenant-wide admin consent for Dynamics CRM `user_impersonation` (an `AllPrincipals`
//! `oauth2PermissionGrant` from the Marketo app to Dynamics CRM): an existing grant is extended,
//! never replaced; a 409 on create means someone else granted it, and it is read back.

use crate::engine::plan::follow;
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{create_or_find, wait_for_replication};
use crate::engine::run::{directory, graph_call, missing, Change, Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::facts::Facts;
use crate::facts::PermissionGrant;
use crate::graph::setup as graph;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, earlier: &Plan) -> Planned {
    let sp_status = &earlier.step(StepId::ServicePrincipal).status;
    let mut requests = Vec::new();
    let status = match &p.directory {
        Err(e) => Status::Blocked(e.clone()),
        Ok(d) => {
            let resource = d
                .dynamics
                .as_ref()
                .map(|r| r.id.clone())
                .unwrap_or_default();
            match &d.consent {
                Some(grant) if grant.has_user_impersonation() => {
                    Status::Done(K::StConsentDone.into())
                }
                Some(grant) => {
                    requests.push(graph::extend_consent_grant_request(
                        p.config, &p.token, grant,
                    ));
                    follow(sp_status, &p.admin_block, K::StConsentExtend)
                }
                None => {
                    requests.push(graph::create_consent_grant_request(
                        p.config,
                        &p.token,
                        &p.sp_id_text(),
                        &resource,
                    ));
                    follow(sp_status, &p.admin_block, K::StConsentGrant)
                }
            }
        }
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
    let d = directory(facts)?;
    let sp = d
        .service_principal
        .clone()
        .ok_or_else(|| StepError(missing(K::EnterpriseApplication)))?;
    let crm = d
        .dynamics
        .clone()
        .ok_or_else(|| StepError(missing(K::DynamicsCRMServicePrincipal)))?;
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
    Ok(K::RdConsent.into())
}
