//! Step 5: a Home Realm Discovery policy allowing cloud password validation on the Marketo app,
//! for federated (AD FS) domains in the client-app mode: Marketo's password grant then signs
//! federated users in against their synchronized password hash. One policy per service principal
//! (Entra allows one): an existing different policy blocks the step rather than being replaced.
//! Its write permission is asked for by incremental consent, only when needed.

use crate::engine::maintenance::TeardownItem;
use crate::engine::plan::{follow, ConnectionMode, HRD_POLICY_NAME, POLICY_ID};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{directory, graph_call, missing, Change, Outcome, StepError, StepRun};
use crate::engine::run::{graph_call_with, wait_for_replication, Removal};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::Facts;
use crate::facts::HrdPolicy;
use crate::graph::setup as graph;
use crate::graph::GraphError;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, earlier: &Plan) -> Planned {
    let federated: Vec<String> = p
        .facts
        .tenant
        .known()
        .map(|t| {
            t.domains
                .iter()
                .filter(|d| d.federated)
                .map(|d| d.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let wants_hrd = !federated.is_empty()
        && (p.answers.mode == ConnectionMode::ClientApp || p.answers.hrd_in_s2s);
    let domains = || Arg::List(federated.iter().map(Arg::from).collect());
    let mut requests = Vec::new();
    let status = match &p.directory {
        Err(e) => Status::Blocked(e.clone()),
        Ok(_) if federated.is_empty() => Status::NotApplicable(K::StHrdNoFederated.into()),
        Ok(_) if !wants_hrd => Status::NotApplicable(Text::with(K::StHrdS2s, [domains()])),
        Ok(d) => match d.hrd_policies.first() {
            Some(policy) if policy.allows_cloud_password_validation => {
                Status::Done(Text::with(K::StHrdDone, [Arg::from(&policy.display_name)]))
            }
            Some(policy) => Status::Blocked(other_hrd_policy(policy)),
            None => {
                requests.push(graph::create_hrd_policy_request(
                    p.config,
                    &p.token,
                    HRD_POLICY_NAME,
                ));
                requests.push(graph::assign_hrd_policy_request(
                    p.config,
                    &p.token,
                    &p.sp_id_text(),
                    POLICY_ID,
                ));
                follow(
                    &earlier.step(StepId::ServicePrincipal).status,
                    &p.admin_block,
                    Text::with(K::StHrdCreate, [domains()]),
                )
            }
        },
    };
    (status, requests)
}

/// The Marketo app's service principal already has an HRD policy that does not allow cloud
/// password validation: "Only one HRD policy can be active on a service principal at a time"
/// (entra-docs, `docs/identity/enterprise-apps/home-realm-discovery-policy.md`), and it may be
/// shared, so the tool neither assigns a second one nor edits it (real-cloud audit F14).
pub(crate) fn other_hrd_policy(policy: &HrdPolicy) -> Explanation {
    Explanation::new(
        K::AppHasOtherHrdPolicy,
        Text::with(K::OneHrdPolicyPerApp, [Arg::from(&policy.display_name)]),
        K::AllowCloudValidationOrRemovePolicy,
    )
}

/// Runs the step.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    s: &StepRun<'_, C, R, T>,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    let (ctx, config, tokens, fresh) = (s.ctx, s.config, s.tokens, s.fresh);
    let sp = directory(facts)?
        .service_principal
        .clone()
        .ok_or_else(|| StepError(missing(K::EnterpriseApplication)))?;
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
        return Ok(Text::with(
            K::RdHrdAssigned,
            [Arg::from(&policy.display_name)],
        ));
    }
    // One HRD policy per service principal: never assign a second beside another one (F14).
    if let Some(other) = assigned.first() {
        directory(facts)?.hrd_policies = assigned.clone();
        return Err(StepError(other_hrd_policy(other)));
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
    Ok(Text::with(
        K::RdHrdCreated,
        [Arg::from(&policy.display_name)],
    ))
}

/// What a run that stopped for want of the HRD permission says first; the page recognises it and
/// offers to sign in again with that permission.
pub const HRD_CONSENT_NEEDED: K = K::CreatingHomeRealmDiscoveryPolicyNeeds;

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
                Text::with(
                    K::PermissionAskedOnlyWhenFederatedDomain,
                    [Arg::from(crate::config::HRD_GRAPH_SCOPE)],
                ),
                K::SignAgainExtraPermissionButtonBelow,
            )
            .with_detail(e.to_string()),
        );
    }
    e.into()
}

/// What teardown would remove of this step's work: the HRD policies this tool created (by name;
/// a policy of someone else's is never offered).
pub(crate) fn teardown_items(facts: &Facts) -> Vec<TeardownItem> {
    let Some(d) = facts.directory.known() else {
        return Vec::new();
    };
    d.hrd_policies
        .iter()
        .filter(|p| p.display_name == HRD_POLICY_NAME)
        .map(|policy| TeardownItem {
            what: Text::with(
                K::HomeRealmDiscoveryPolicy,
                [Arg::from(&policy.display_name)],
            ),
            id: policy.id.clone(),
            note: Some(K::CreatedToolUnassignedDeleted.into()),
            created_here: false,
        })
        .collect()
}

/// Unassigns and deletes each of this tool's HRD policies the admin chose; on failure, says
/// which were already removed.
pub(crate) async fn remove<C: HttpClient, R: Runtime, T: TokenSource>(
    r: &Removal<'_, C, R, T>,
) -> Result<Vec<Change>, (Vec<Change>, Explanation)> {
    let mut changes = Vec::new();
    let Some(d) = r.facts.directory.known() else {
        return Ok(changes);
    };
    let Some(sp) = &d.service_principal else {
        return Ok(changes);
    };
    for policy in d
        .hrd_policies
        .iter()
        .filter(|p| p.display_name == HRD_POLICY_NAME && r.chosen(&p.id))
    {
        let hrd = r.config.graph_scopes_with_hrd();
        let unassign = graph_call_with(
            r.ctx,
            &hrd,
            true,
            r.tokens,
            false,
            |t| graph::unassign_hrd_policy_request(r.config, t, &sp.id, &policy.id),
            graph::parse_no_content,
        )
        .await;
        let delete = match unassign {
            Ok(()) => {
                graph_call_with(
                    r.ctx,
                    &hrd,
                    false,
                    r.tokens,
                    false,
                    |t| graph::delete_hrd_policy_request(r.config, t, &policy.id),
                    graph::parse_no_content,
                )
                .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = delete {
            return Err((changes, e.explain()));
        }
        changes.push(Change {
            step: StepId::HomeRealmDiscovery,
            object: "homeRealmDiscoveryPolicy",
            id: policy.id.clone(),
            action: "removed",
        });
    }
    Ok(changes)
}
