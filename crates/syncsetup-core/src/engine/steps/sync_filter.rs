//! Step 12 (optional): Marketo's sync filter column `new_synctomkto` — Two Options, default No —
//! on the tables the admin chose, created in a solution whose publisher's prefix is `new`
//! (Marketo requires that exact name).

use crate::dataverse::apply as runners;
use crate::dataverse::write;
use crate::dataverse::write::FALLBACK_LANGUAGE_CODE;
use crate::engine::apply_dataverse::{dataverse, record, with_token};
use crate::engine::plan::{Plan, Planned, Planning, Status, StepId};
use crate::engine::run::{Outcome, StepError, StepRun};
use crate::engine::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::Facts;
use crate::facts::SyncFilterHome;
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
    let status = if answers.sync_filter_tables.is_empty() {
        Status::NotApplicable(K::StFilterNone.into())
    } else {
        let wrong: Vec<&str> = dv
            .sync_filter_columns
            .iter()
            .filter(|c| c.exists && !c.is_boolean)
            .map(|c| c.table.as_str())
            .collect();
        let missing: Vec<&str> = answers
            .sync_filter_tables
            .iter()
            .filter(|t| {
                !dv.sync_filter_columns
                    .iter()
                    .any(|c| &c.table == *t && c.exists)
            })
            .map(String::as_str)
            .collect();
        if !wrong.is_empty() {
            Status::Blocked(Explanation::new(
                Text::with(
                    K::NewSynctomktoNotTwoOptionsColumn,
                    [Arg::from(wrong.join(", "))],
                ),
                K::SyncFilterNeedsBooleanColumn,
                K::DeleteOrRenameColumnThenPlan,
            ))
        } else if missing.is_empty() {
            Status::Done(K::StFilterDone.into())
        } else if dv.sync_filter_home == Some(SyncFilterHome::Nowhere) {
            // F10: said before Apply, with what Marketo's own page allows.
            Status::Blocked(Explanation::new(
                K::NoSolutionHereCanHoldNew,
                K::MarketoRequiresColumnNameNewSynctomkto,
                K::MarketoPageCreateCustomDynamicsSync,
            ))
        } else {
            Status::ToDo(Text::with(
                K::StFilterAdd,
                [Arg::List(missing.iter().map(|t| Arg::from(*t)).collect())],
            ))
        }
    };
    let requests = p.dataverse_previews(dv, &status, |api, token, _| {
        answers
            .sync_filter_tables
            .iter()
            .filter(|t| {
                !dv.sync_filter_columns
                    .iter()
                    .any(|c| &c.table == *t && c.exists)
            })
            .map(|table| {
                let language = dv.base_language_code.unwrap_or(FALLBACK_LANGUAGE_CODE);
                write::create_sync_filter_column_request(
                    api,
                    token,
                    table,
                    language,
                    dv.sync_filter_solution(),
                )
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
    let (ctx, tokens, answers, fresh) = (s.ctx, s.tokens, s.answers, s.fresh);
    let step = StepId::SyncFilter;
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    let missing: Vec<String> = answers
        .sync_filter_tables
        .iter()
        .filter(|t| {
            !snapshot
                .sync_filter_columns
                .iter()
                .any(|c| &c.table == *t && c.exists)
        })
        .cloned()
        .collect();
    let solution = snapshot.sync_filter_solution();
    for table in &missing {
        // Observed without the column (a table observe did not ask about is read first).
        let known_absent = fresh
            && snapshot
                .sync_filter_columns
                .iter()
                .any(|c| &c.table == table && !c.exists);
        let applied = with_token(tokens, &url, |token| {
            Box::pin(async move {
                if known_absent {
                    runners::create_missing_sync_filter_column(
                        ctx, &token, snapshot, table, solution,
                    )
                    .await
                } else {
                    runners::create_sync_filter_column(ctx, &token, snapshot, table, solution).await
                }
            })
        })
        .await?;
        record(outcome, step, &applied.changes);
        let dv = dataverse(facts)?;
        dv.sync_filter_columns.retain(|c| &c.table != table);
        dv.sync_filter_columns.push(applied.value);
    }
    Ok(Text::with(
        K::RdFilterAdded,
        [Arg::List(missing.iter().map(Arg::from).collect())],
    ))
}
