//! Step 10: Marketo Config › Default › Marketo User is the sync user. The table, its lookup
//! column and that column's navigation property are discovered (their names are Marketo's);
//! during a migration the switch waits until Marketo's sync is disabled, and a change makes the
//! Publish step due.

use crate::dataverse::apply as runners;
use crate::dataverse::write;
use crate::engine::apply_dataverse::sync_user;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::plan::{follow, MigrationStage};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::Facts;
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
    let status = match (Planning::solution_block(dv), &dv.marketo_config) {
        (Some(block), _) => Status::Blocked(block),
        (None, None) => Status::Blocked(Explanation::new(
            K::NoConfigTable,
            K::ConfigTableMissingFromSolution,
            K::ReimportSolutionThenPlan,
        )),
        (None, Some(config)) if config.default_record_id.is_none() => {
            Status::Blocked(Explanation::new(
                K::NoDefaultRecord,
                K::MarketoReadsSettingsFromDefault,
                K::CreateDefaultRecordOrReimport,
            ))
        }
        (None, Some(config)) => match (p.sync_id(dv), config.default_marketo_user_id.as_deref()) {
            (Some(id), Some(current)) if id == current => Status::Done(K::StConfigDone.into()),
            // Migration: Marketo still syncs as the current Marketo User until its sync is disabled.
            _ if answers.migration == Some(MigrationStage::Preparing) => {
                Status::NeedsAnswer(K::StConfigWait.into())
            }
            _ => follow(
                &earlier.step(StepId::SyncUserRole).status,
                &None,
                K::StConfigSet,
            ),
        },
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, ids| {
        dv.marketo_config
            .as_ref()
            .map(|config| write::set_marketo_config_user_request(api, token, config, ids.user_id))
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
    let step = StepId::MarketoConfigUser;
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let user = &sync_user(ctx, tokens, answers, snapshot).await?;
    let observed = snapshot
        .marketo_config
        .as_ref()
        .filter(|c| fresh && c.default_record_id.is_some());
    let applied = with_token(tokens, &url, |token| {
        Box::pin(async move {
            match observed {
                Some(config) => {
                    runners::write_marketo_config_user(ctx, &token, snapshot, config, &user.id)
                        .await
                }
                None => runners::set_marketo_config_user(ctx, &token, snapshot, &user.id).await,
            }
        })
    })
    .await?;
    record(outcome, step, &applied.changes);
    let dv = dataverse(facts)?;
    dv.publish_due = true;
    if let Some(config) = dv.marketo_config.as_mut() {
        config.default_marketo_user_id = Some(user.id.clone());
    }
    Ok(Text::with(K::RdConfigUser, [Arg::from(&user.full_name)]))
}
