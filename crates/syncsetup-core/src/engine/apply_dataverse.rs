//! The Dataverse half of `apply`: steps 7–13 over the `dataverse::apply` runners.
//!
//! Each arm gets a Dataverse token for the chosen environment (refreshed once after a 401), runs
//! the idempotent runner, folds the result back into the facts so the next re-plan sees it, and
//! records the changes for the run report. Dataverse writes run one after another, as Microsoft
//! advises (contract §6). While the facts are fresh, a step whose object observe found absent
//! calls the runner's write half directly, without reading the object again.

use std::future::Future;
use std::pin::Pin;

use super::plan::{Answers, ConnectionMode, StepId};
use super::run::{Change, Outcome};
use super::tokens::TokenSource;
use crate::config::Config;
use crate::dataverse::apply::{self as runners, Applied, Change as DvChange};
use crate::dataverse::{dataverse_scope, read, DataverseError};
use crate::explain::Explanation;
use crate::facts::{DataverseFacts, Facts, Observed, PluginStep, RoleAssignment, SystemUser};
use crate::http::HttpClient;
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

fn dataverse(facts: &mut Facts) -> Result<&mut DataverseFacts, Explanation> {
    match &mut facts.dataverse {
        Some(Observed::Known(dv)) => Ok(dv),
        Some(Observed::Unknown(e)) => Err(e.clone()),
        None => Err(Explanation::new(
            "No environment is chosen.",
            "Dataverse steps need an environment.",
            "Choose the environment in the plan.",
        )),
    }
}

fn record(outcome: &mut Outcome, step: StepId, changes: &[DvChange]) {
    for change in changes {
        let (object, id, action) = match change {
            DvChange::Created { table, id } => (table_name(table), id.clone(), "created"),
            DvChange::Updated { table, id, .. } => (table_name(table), id.clone(), "updated"),
            DvChange::Associated { user_id, role_id } => (
                "role assignment",
                format!("{user_id} → {role_id}"),
                "created",
            ),
            DvChange::Disassociated { user_id, role_id } => (
                "role assignment",
                format!("{user_id} → {role_id}"),
                "removed",
            ),
            DvChange::Deleted { table, id, .. } => (table_name(table), id.clone(), "removed"),
            DvChange::Published => ("customizations", String::new(), "published"),
        };
        outcome.changes.push(Change {
            step,
            object,
            id,
            action,
        });
    }
}

fn table_name(table: &str) -> &'static str {
    match table {
        "systemuser" => "systemuser",
        "sdkmessageprocessingstep" => "sdkmessageprocessingstep",
        "attribute" | "column" => "column",
        _ => "record",
    }
}

/// Runs `call` with a Dataverse token, once more with a refreshed token after a 401.
/// A runner's future, boxed: [`with_token`] then polls it through a pointer, so the runner's state
/// machine is not merged into the one of [`run`] for each step.
type Runner<'a, V> = Pin<Box<dyn Future<Output = Result<V, DataverseError>> + 'a>>;

async fn with_token<'a, T: TokenSource, V, F>(
    tokens: &T,
    environment_url: &str,
    call: F,
) -> Result<V, Explanation>
where
    F: Fn(AccessToken) -> Runner<'a, V>,
{
    let scopes = vec![dataverse_scope(environment_url)];
    // One loop with a single call site each for the token and for `call`: awaited twice in
    // straight-line code, the runner's whole state machine was inlined twice into the wasm.
    let mut refreshed = false;
    loop {
        let token = tokens
            .token(&scopes, refreshed)
            .await
            .map_err(|e| e.explain())?;
        match call(token).await {
            Err(e) if e.status() == Some(401) && !refreshed => refreshed = true,
            // A 401 whose answer lacks CORS headers reaches the page as a network error (no
            // Microsoft source shows Dataverse's error answers readable cross-origin — real-cloud
            // audit F4). The environment answered during observe, so one fresh token and one more
            // try come before "could not be reached"; the runners re-read before any write.
            Err(DataverseError::Transport(_)) if !refreshed => refreshed = true,
            other => return other.map_err(|e| e.explain()),
        }
    }
}

/// The sync user: the application user (S2S) or the licensed user the admin picked (client app).
async fn sync_user<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    tokens: &T,
    answers: &Answers,
    dv: &DataverseFacts,
) -> Result<SystemUser, Explanation> {
    match answers.mode {
        ConnectionMode::ServerToServer => dv.application_user.clone().ok_or_else(|| {
            Explanation::new(
                "The application user is missing.",
                "An earlier step did not complete.",
                "Refresh the plan and apply again.",
            )
        }),
        ConnectionMode::ClientApp => {
            let id = answers.sync_user_id.clone().ok_or_else(|| {
                Explanation::new(
                    "No sync user is picked.",
                    "The client-app mode needs a licensed sync user.",
                    "Pick the sync user in the plan.",
                )
            })?;
            if let Some(user) = dv.role_holders.iter().find(|u| u.id == id) {
                return Ok(user.clone());
            }
            let api = crate::dataverse::WebApi::of_facts(dv).map_err(|e| e.explain())?;
            with_token(tokens, &dv.environment_url, |token| {
                let api = api.clone();
                let id = id.clone();
                Box::pin(async move {
                    let request = read::system_user_request(&api, &token, &id)?;
                    read::parse_system_user(&ctx.send(request).await?)
                })
            })
            .await
        }
    }
}

/// Runs one Dataverse step; returns what it did.
pub(super) async fn run<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    _config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
    (step, fresh): (StepId, bool),
    outcome: &mut Outcome,
) -> Result<String, Explanation> {
    let app_id = facts
        .directory
        .known()
        .and_then(|d| d.app.as_ref())
        .map(|a| a.app_id.clone());
    let owned = dataverse(facts)?.clone();
    let snapshot = &owned;
    let url = snapshot.environment_url.clone();
    match step {
        StepId::ApplicationUser => {
            let app_id = &app_id.ok_or_else(|| {
                Explanation::new(
                    "The Marketo app is missing.",
                    "Step 1 did not complete.",
                    "Apply again.",
                )
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
            let detail = format!(
                "{} ({})",
                applied.value.full_name,
                applied.value.email.as_deref().unwrap_or("no e-mail")
            );
            dataverse(facts)?.application_user = Some(applied.value);
            Ok(detail)
        }
        StepId::SyncUserRole => {
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
            Ok(format!(
                "{} holds the Marketo Sync User role.",
                user.full_name
            ))
        }
        StepId::OtherRoleHolders => {
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
            Ok(format!("Removed the role from {}.", removed.join(", ")))
        }
        StepId::MarketoConfigUser => {
            let user = &sync_user(ctx, tokens, answers, snapshot).await?;
            let observed = snapshot
                .marketo_config
                .as_ref()
                .filter(|c| fresh && c.default_record_id.is_some());
            let applied = with_token(tokens, &url, |token| {
                Box::pin(async move {
                    match observed {
                        Some(config) => {
                            runners::write_marketo_config_user(
                                ctx, &token, snapshot, config, &user.id,
                            )
                            .await
                        }
                        None => {
                            runners::set_marketo_config_user(ctx, &token, snapshot, &user.id).await
                        }
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
            Ok(format!("Marketo User is now {}.", user.full_name))
        }
        StepId::PluginSteps => {
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
                            runners::enable_disabled_plugin_step(
                                ctx,
                                &token,
                                snapshot,
                                observed.clone(),
                            )
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
            Ok(format!("Enabled {}.", names.join(", ")))
        }
        StepId::SyncFilter => {
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
                            runners::create_sync_filter_column(
                                ctx, &token, snapshot, table, solution,
                            )
                            .await
                        }
                    })
                })
                .await?;
                record(outcome, step, &applied.changes);
                let dv = dataverse(facts)?;
                dv.sync_filter_columns.retain(|c| &c.table != table);
                dv.sync_filter_columns.push(applied.value);
            }
            Ok(format!("Added new_synctomkto to {}.", missing.join(", ")))
        }
        StepId::Publish => {
            let applied = with_token(tokens, &url, |token| {
                Box::pin(async move { runners::publish_all(ctx, &token, snapshot).await })
            })
            .await?;
            record(outcome, step, &applied.changes);
            let dv = dataverse(facts)?;
            dv.unpublished_customizations = Some(false);
            dv.publish_due = false;
            Ok("All customizations are published.".into())
        }
        other => Err(Explanation::new(
            format!("{} is not a Dataverse step.", other.title()),
            "Internal routing error.",
            "Report this as a bug.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;
    use crate::auth::AuthError;
    use crate::http::TransportError;

    struct CountingTokens {
        forced: Cell<u32>,
    }

    impl TokenSource for CountingTokens {
        fn token(
            &self,
            _scopes: &[String],
            force_refresh: bool,
        ) -> impl Future<Output = Result<AccessToken, AuthError>> {
            if force_refresh {
                self.forced.set(self.forced.get() + 1);
            }
            std::future::ready(Ok(AccessToken::new(if force_refresh {
                "new"
            } else {
                "old"
            })))
        }
    }

    #[test]
    fn an_opaque_network_failure_gets_one_fresh_token_before_could_not_be_reached() {
        let tokens = CountingTokens {
            forced: Cell::new(0),
        };
        let seen = RefCell::new(Vec::new());
        let result = pollster::block_on(with_token(
            &tokens,
            "https://contoso.crm.dynamics.com",
            |token| {
                seen.borrow_mut().push(token.secret().to_owned());
                let ok = token.secret() == "new";
                Box::pin(async move {
                    if ok {
                        Ok(())
                    } else {
                        Err(DataverseError::Transport(TransportError {
                            host: "contoso.api.crm.dynamics.com".into(),
                            detail: "Failed to fetch".into(),
                        }))
                    }
                })
            },
        ));
        assert!(result.is_ok());
        assert_eq!(*seen.borrow(), ["old", "new"]);
        assert_eq!(tokens.forced.get(), 1);

        // Still unreachable with the fresh token: said so, once.
        let tokens = CountingTokens {
            forced: Cell::new(0),
        };
        let calls = Cell::new(0);
        let result: Result<(), Explanation> = pollster::block_on(with_token(
            &tokens,
            "https://contoso.crm.dynamics.com",
            |_| {
                calls.set(calls.get() + 1);
                Box::pin(async {
                    Err(DataverseError::Transport(TransportError {
                        host: "contoso.api.crm.dynamics.com".into(),
                        detail: "Failed to fetch".into(),
                    }))
                })
            },
        ));
        assert_eq!(result.unwrap_err().what, "Dataverse could not be reached.");
        assert_eq!(calls.get(), 2);
    }
}
