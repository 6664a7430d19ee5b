//! Step 13: publish all customizations. Marketo's procedure ends the Marketo User change with
//! "Publish All Customizations" (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/
//! step-2-of-3-set-up.md` and the ROPC step 2): a plan that will change it, or a run that just did
//! (`publish_due`), publishes — the run sends what the plan promised (found walking `federated`,
//! where the re-plan after the change used to drop it).

use crate::dataverse::apply as runners;
use crate::dataverse::write;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::facts::Facts;
use crate::http::HttpClient;
use crate::i18n::core_texts::{Text, TextKey as K};
use crate::transport::runtime::Runtime;

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, earlier: &Plan) -> Planned {
    let dv = match &p.dataverse {
        Err(status) => return (status.clone(), vec![]),
        Ok(dv) => *dv,
    };
    let will_change = [StepId::MarketoConfigUser, StepId::SyncFilter]
        .iter()
        .any(|id| matches!(earlier.step(*id).status, Status::ToDo(_)))
        || dv.publish_due;
    let status = if dv.unpublished_customizations == Some(true) || will_change {
        Status::ToDo(K::StPublish.into())
    } else {
        Status::Done(K::StPublishDone.into())
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, _| {
        vec![Ok(write::publish_all_request(api, token))]
    });
    (status, requests)
}

/// Runs the step.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    s: &StepRun<'_, C, R, T>,
    facts: &mut Facts,
    outcome: &mut Outcome,
) -> Result<Text, StepError> {
    let (ctx, tokens) = (s.ctx, s.tokens);
    let step = StepId::Publish;
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let applied = with_token(tokens, &url, |token| {
        Box::pin(async move { runners::publish_all(ctx, &token, snapshot).await })
    })
    .await?;
    record(outcome, step, &applied.changes);
    let dv = dataverse(facts)?;
    dv.unpublished_customizations = Some(false);
    dv.publish_due = false;
    Ok(K::RdPublished.into())
}
