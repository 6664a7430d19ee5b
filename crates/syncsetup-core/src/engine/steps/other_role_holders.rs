//! Step 9: nobody but the sync user holds the Marketo Sync User role (solution 4.0.0.15 and
//! later). Removing it from people is asked first; during a migration the running sync's user
//! keeps it until Marketo has switched.

use crate::dataverse::apply as runners;
use crate::dataverse::write;
use crate::engine::apply_dataverse::sync_user;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::plan::{
    no_marketo_solution, version_less, MigrationStage, ROLE_ONLY_ON_SYNC_USER_SINCE,
};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::facts::Facts;
use crate::facts::SystemUser;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, _earlier: &Plan) -> Planned {
    let dv = match &p.dataverse {
        Err(status) => return (status.clone(), vec![]),
        Ok(dv) => *dv,
    };
    let answers = p.answers;
    let sync_id = p.sync_id(dv);
    let others: Vec<&SystemUser> = dv
        .role_holders
        .iter()
        .filter(|u| Some(u.id.as_str()) != sync_id)
        .collect();
    let names = || Arg::List(others.iter().map(|u| Arg::from(&u.full_name)).collect());
    let status = match &dv.solution {
        None => Status::Blocked(no_marketo_solution()),
        Some(solution) if version_less(&solution.version, ROLE_ONLY_ON_SYNC_USER_SINCE) => {
            Status::NotApplicable(Text::with(
                K::StOthersOldSolution,
                [
                    Arg::from(&solution.version),
                    Arg::from(ROLE_ONLY_ON_SYNC_USER_SINCE),
                ],
            ))
        }
        Some(_) if others.is_empty() => Status::Done(K::StOthersDone.into()),
        // Migration: the running sync's user keeps the role until Marketo has switched.
        Some(_)
            if matches!(
                answers.migration,
                Some(MigrationStage::Preparing | MigrationStage::SyncDisabled)
            ) =>
        {
            Status::NeedsAnswer(Text::with(K::StOthersKeep, [names()]))
        }
        Some(_) if answers.remove_other_role_holders => {
            Status::ToDo(Text::with(K::StOthersRemove, [names()]))
        }
        Some(_) => Status::NeedsAnswer(Text::with(K::StOthersAsk, [names()])),
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, ids| {
        dv.role_holders
            .iter()
            .filter(|holder| holder.id != ids.user_id)
            .flat_map(|holder| {
                dv.marketo_roles
                    .iter()
                    .filter(|role| {
                        holder
                            .business_unit_id
                            .as_deref()
                            .is_none_or(|bu| bu == role.business_unit_id)
                    })
                    .map(|role| write::remove_role_request(api, token, &holder.id, &role.id))
            })
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
    let (ctx, tokens, answers) = (s.ctx, s.tokens, s.answers);
    let step = StepId::OtherRoleHolders;
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let user = &sync_user(ctx, tokens, answers, snapshot).await?;
    let others: Vec<SystemUser> = snapshot
        .role_holders
        .iter()
        .filter(|u| u.id != user.id)
        .cloned()
        .collect();
    let mut removed = Vec::new();
    for other in &others {
        // Every copy the holder holds, whichever business unit it is from (F15: with
        // record ownership across business units a user may hold other units' copies).
        for role in snapshot.marketo_roles.iter().filter(|r| {
            snapshot
                .role_assignments
                .iter()
                .any(|a| a.user_id == other.id && a.role_id == r.id)
        }) {
            let applied = with_token(tokens, &url, |token| {
                Box::pin(async move {
                    runners::remove_role(ctx, &token, snapshot, &other.id, &role.id).await
                })
            })
            .await?;
            record(outcome, step, &applied.changes);
        }
        removed.push(other.full_name.clone());
        let dv = dataverse(facts)?;
        dv.role_holders.retain(|u| u.id != other.id);
        dv.role_assignments.retain(|a| a.user_id != other.id);
    }
    Ok(Text::with(
        K::RdRoleRemoved,
        [Arg::List(removed.into_iter().map(Arg::from).collect())],
    ))
}
