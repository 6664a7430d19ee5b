//! Step 8: the Marketo Sync User role on the sync user — the copy of the sync user's business
//! unit (roles exist once per business unit).

use crate::dataverse::apply as runners;
use crate::dataverse::write;
use crate::engine::apply_dataverse::sync_user;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::plan::{follow, ConnectionMode};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::Facts;
use crate::facts::RoleAssignment;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, earlier: &Plan) -> Planned {
    let dv = match &p.dataverse {
        Err(status) => return (status.clone(), vec![]),
        Ok(dv) => *dv,
    };
    let answers = p.answers;
    let sync_user = p.sync_user(dv);
    let role = p.role(dv);
    let holds_role = match answers.mode {
        ConnectionMode::ServerToServer => {
            sync_user.is_some()
                && role.is_some_and(|r| dv.application_user_role_ids.contains(&r.id))
        }
        ConnectionMode::ClientApp => sync_user.is_some(),
    };
    let status = if let Some(block) = Planning::solution_block(dv) {
        Status::Blocked(block)
    } else if role.is_none() {
        Status::Blocked(Explanation::new(
            K::RoleMissingInSyncUserUnit,
            K::RolesPerBusinessUnitNoCopy,
            K::ReimportSolutionUpdateThenPlan,
        ))
    } else if holds_role {
        Status::Done(K::StRoleDone.into())
    } else if answers.mode == ConnectionMode::ClientApp && p.sync_id(dv).is_none() {
        Status::NeedsAnswer(K::StRolePick.into())
    } else {
        follow(
            &earlier.step(StepId::ApplicationUser).status,
            &None,
            K::StRoleAssign,
        )
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, ids| {
        p.preview_role(dv)
            .map(|role| write::assign_role_request(api, token, ids.user_id, &role.id))
            .into_iter()
            .collect()
    });
    (status, requests)
}

/// Runs the step.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    s: &StepRun<'_, C, R, T>,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    let (ctx, tokens, answers, fresh) = (s.ctx, s.tokens, s.answers, s.fresh);
    let step = StepId::SyncUserRole;
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let user = &sync_user(ctx, tokens, answers, snapshot).await?;
    // The plan runs this step only when the facts say the user lacks the role.
    let applied = with_token(tokens, &url, |token| {
        Box::pin(async move {
            if fresh {
                runners::associate_role(ctx, &token, snapshot, user).await
            } else {
                runners::assign_role(ctx, &token, snapshot, user).await
            }
        })
    })
    .await?;
    record(outcome, step, &applied.changes);
    let dv = dataverse(facts)?;
    if !dv.application_user_role_ids.contains(&applied.value.id)
        && answers.mode == ConnectionMode::ServerToServer
    {
        dv.application_user_role_ids.push(applied.value.id.clone());
    }
    if !dv.role_holders.iter().any(|u| u.id == user.id) {
        dv.role_holders.push(user.clone());
    }
    dv.role_assignments.push(RoleAssignment {
        user_id: user.id.clone(),
        role_id: applied.value.id.clone(),
    });
    Ok(Text::with(K::RdRoleHeld, [Arg::from(&user.full_name)]))
}
