//! What the Dataverse steps' runners (7–13, under `steps/`) share over the `dataverse::apply`
//! runners: the environment's facts, a Dataverse token for the chosen environment (refreshed once
//! after a 401), the sync user, and the changes recorded for the run report.
//!
//! Each step runs its idempotent runner, folds the result back into the facts so the next re-plan
//! sees it, and records the changes. Dataverse writes run one after another, as Microsoft advises
//! (powerapps-docs `developer/data-platform/api-limits.md`). While the facts are fresh, a step whose
//! object observe found absent calls the runner's write half directly, without reading it again.

use crate::i18n::TextKey;
use std::future::Future;
use std::pin::Pin;

use super::plan::{Answers, ConnectionMode, StepId};
use super::run::{Change, Outcome};
use super::tokens::TokenSource;
use crate::dataverse::apply::Change as DvChange;
use crate::dataverse::{dataverse_scope, read, DataverseError};
use crate::explain::Explanation;
use crate::facts::{DataverseFacts, Facts, Observed, SystemUser};
use crate::http::HttpClient;
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

pub(crate) fn dataverse(facts: &mut Facts) -> Result<&mut DataverseFacts, Explanation> {
    match &mut facts.dataverse {
        Some(Observed::Known(dv)) => Ok(dv),
        Some(Observed::Unknown(e)) => Err(e.clone()),
        None => Err(Explanation::new(
            TextKey::NoEnvironmentChosen,
            TextKey::DataverseStepsNeedEnvironment,
            TextKey::ChooseEnvironmentInPlan,
        )),
    }
}

pub(crate) fn record(outcome: &mut Outcome, step: StepId, changes: &[DvChange]) {
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
pub(crate) type Runner<'a, V> = Pin<Box<dyn Future<Output = Result<V, DataverseError>> + 'a>>;

pub(crate) async fn with_token<'a, T: TokenSource, V, F>(
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
pub(crate) async fn sync_user<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    tokens: &T,
    answers: &Answers,
    dv: &DataverseFacts,
) -> Result<SystemUser, Explanation> {
    match answers.mode {
        ConnectionMode::ServerToServer => dv.application_user.clone().ok_or_else(|| {
            Explanation::new(
                TextKey::ApplicationUserMissing,
                TextKey::EarlierStepDidNotComplete,
                TextKey::RefreshPlanApplyAgain,
            )
        }),
        ConnectionMode::ClientApp => {
            let id = answers.sync_user_id.clone().ok_or_else(|| {
                Explanation::new(
                    TextKey::NoSyncUserPicked,
                    TextKey::ClientAppModeNeedsLicensedSyncUser,
                    TextKey::PickSyncUserPlan,
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
        assert_eq!(
            result.unwrap_err().what.wire(),
            "Dataverse could not be reached."
        );
        assert_eq!(calls.get(), 2);
    }
}
