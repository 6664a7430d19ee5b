//! Step 7 (server-to-server): the Marketo app's application user — non-interactive, in the root
//! business unit, with the e-mail Marketo signs in as (Marketo finds its user by it, so an e-mail
//! somebody else has is refused before anything is created). The client-app mode uses a licensed
//! person instead.

use crate::dataverse::apply as runners;
use crate::dataverse::apply::Applied;
use crate::dataverse::dataverse_scope;
use crate::dataverse::write;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::maintenance::TeardownItem;
use crate::engine::plan::{follow, ConnectionMode};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Change, Outcome, Removal, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::SystemUser;
use crate::facts::{Facts, Observed};
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
    let status = match answers.mode {
        ConnectionMode::ClientApp => Status::NotApplicable(K::StAppUserClientApp.into()),
        ConnectionMode::ServerToServer => match &dv.application_user {
            Some(user) if user.disabled => Status::Blocked(Explanation::new(
                K::AppUserIsDisabled,
                K::DisabledUserCannotSignIn,
                K::EnableAppUserThenPlan,
            )),
            Some(user) => Status::Done(Text::with(
                K::StAppUserDone,
                [
                    Arg::from(&user.full_name),
                    user.email
                        .as_ref()
                        .map_or(Arg::Key(K::StNoEmail), Arg::from),
                ],
            )),
            None if answers.app_user_email.trim().is_empty() => {
                Status::NeedsAnswer(K::StAppUserEmail.into())
            }
            // Marketo finds its user by this e-mail: one another user has would be ambiguous.
            None if p.email_taken_by.is_some() => Status::NeedsAnswer(Text::with(
                K::StAppUserEmailTaken,
                [
                    Arg::from(&answers.app_user_email),
                    Arg::List(p.email_taken_by.iter().flatten().map(Arg::from).collect()),
                ],
            )),
            None => follow(
                &earlier.step(StepId::ServicePrincipal).status,
                &None,
                Text::with(K::StAppUserCreate, [Arg::from(&answers.app_user_email)]),
            ),
        },
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, ids| {
        vec![write::create_application_user_request(
            api,
            token,
            ids.app_id,
            &dv.root_business_unit.id,
            &answers.app_user_email,
        )]
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
    let step = StepId::ApplicationUser;
    let app_id = facts
        .directory
        .known()
        .and_then(|d| d.app.as_ref())
        .map(|a| a.app_id.clone());
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let app_id = &app_id.ok_or_else(|| {
        Explanation::new(K::MarketoAppMissing, K::Step1DidNotComplete, K::ApplyAgain)
    })?;
    let known_absent = fresh && snapshot.application_user.is_none();
    let applied: Applied<SystemUser> = with_token(tokens, &url, |token| {
        Box::pin(async move {
            let email = &answers.app_user_email;
            if known_absent {
                runners::create_application_user(ctx, &token, snapshot, app_id, email).await
            } else {
                runners::ensure_application_user(ctx, &token, snapshot, app_id, email).await
            }
        })
    })
    .await?;
    record(outcome, step, &applied.changes);
    let detail = Text::with(
        K::StAppUserDone,
        [
            Arg::from(&applied.value.full_name),
            applied
                .value
                .email
                .as_ref()
                .map_or(Arg::Key(K::StNoEmail), Arg::from),
        ],
    );
    dataverse(facts)?.application_user = Some(applied.value);
    Ok(detail)
}

/// What teardown would remove of this step's work: the application user.
pub(crate) fn teardown_items(facts: &Facts) -> Vec<TeardownItem> {
    let Some(Observed::Known(dv)) = &facts.dataverse else {
        return Vec::new();
    };
    dv.application_user
        .iter()
        .map(|user| TeardownItem {
            what: Text::with(K::DataverseApplicationUser, [Arg::from(&user.full_name)]),
            id: user.id.clone(),
            note: Some(K::DisabledThenDeletedMarketoSyncStops.into()),
            created_here: false,
        })
        .collect()
}

/// Disables and deletes the application user, if the admin chose it.
pub(crate) async fn remove<C: HttpClient, R: Runtime, T: TokenSource>(
    r: &Removal<'_, C, R, T>,
) -> Result<Vec<Change>, (Vec<Change>, Explanation)> {
    let Some(Observed::Known(dvf)) = &r.facts.dataverse else {
        return Ok(Vec::new());
    };
    let Some(user) = dvf.application_user.as_ref().filter(|u| r.chosen(&u.id)) else {
        return Ok(Vec::new());
    };
    let scopes = [dataverse_scope(&dvf.environment_url)];
    let token = r
        .tokens
        .token(&scopes, false)
        .await
        .map_err(|e| (Vec::new(), e.explain()))?;
    runners::disable_and_delete_application_user(
        r.ctx,
        &token,
        dvf,
        &user.id,
        user.application_id.as_deref(),
        false,
    )
    .await
    .map_err(|e| (Vec::new(), e.explain()))?;
    Ok(vec![Change {
        step: StepId::ApplicationUser,
        object: "systemuser",
        id: user.id.clone(),
        action: "removed",
    }])
}
