//! Step 11: the Marketo solution's plug-in steps are enabled (Marketo's check 5), each disabled
//! one enabled only after the admin allows it.

use crate::dataverse::apply as runners;
use crate::dataverse::write;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::facts::Facts;
use crate::facts::PluginStep;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, _earlier: &Plan) -> Planned {
    let dv = match &p.dataverse {
        Err(status) => return (status.clone(), vec![]),
        Ok(dv) => *dv,
    };
    let disabled: Vec<&str> = dv
        .plugin_steps
        .iter()
        .filter(|s| !s.enabled)
        .map(|s| s.name.as_str())
        .collect();
    let status = match Planning::solution_block(dv) {
        Some(block) => Status::Blocked(block),
        None if disabled.is_empty() => Status::Done(Text::with(
            K::StStepsDone,
            [Arg::Number(dv.plugin_steps.len() as u64)],
        )),
        None => {
            let many = |key| {
                Text::with(
                    key,
                    [
                        Arg::Number(disabled.len() as u64),
                        Arg::List(disabled.iter().map(|s| Arg::from(*s)).collect()),
                    ],
                )
            };
            let text = match (disabled.as_slice(), p.answers.enable_plugin_steps) {
                ([one], true) => Text::with(K::StStepEnableOne, [Arg::from(*one)]),
                (_, true) => many(K::StStepsEnable),
                ([one], false) => Text::with(K::StStepAskOne, [Arg::from(*one)]),
                (_, false) => many(K::StStepsAsk),
            };
            if p.answers.enable_plugin_steps {
                Status::ToDo(text)
            } else {
                Status::NeedsAnswer(text)
            }
        }
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, _| {
        dv.plugin_steps
            .iter()
            .filter(|s| !s.enabled)
            .map(|s| write::enable_plugin_step_request(api, token, &s.id))
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
    let (ctx, tokens, fresh) = (s.ctx, s.tokens, s.fresh);
    let step = StepId::PluginSteps;
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let disabled: Vec<&PluginStep> = snapshot
        .plugin_steps
        .iter()
        .filter(|s| !s.enabled)
        .collect();
    let mut names = Vec::new();
    for &observed in &disabled {
        let applied = with_token(tokens, &url, |token| {
            Box::pin(async move {
                if fresh {
                    runners::enable_disabled_plugin_step(ctx, &token, snapshot, observed.clone())
                        .await
                } else {
                    runners::enable_plugin_step(ctx, &token, snapshot, &observed.id).await
                }
            })
        })
        .await?;
        record(outcome, step, &applied.changes);
        names.push(applied.value.name.clone());
        if let Some(s) = dataverse(facts)?
            .plugin_steps
            .iter_mut()
            .find(|s| s.id == observed.id)
        {
            s.enabled = true;
        }
    }
    Ok(Text::with(
        K::RdStepsEnabled,
        [Arg::List(names.into_iter().map(Arg::from).collect())],
    ))
}
