//! After the setup: rotating the client secret, and tearing down what the tool created.
//!
//! Rotation is two steps on purpose: a new secret is added and shown once; the old one is removed
//! only after the admin confirms Marketo uses the new one (removing it first would stop the sync).
//! Teardown first lists what it would remove, then removes it in the order that leaves nothing
//! dangling: the Dataverse application user, the HRD policy this tool created, then the app
//! registration (which takes its service principal and consent grant with it; Entra keeps the app
//! restorable for 30 days).

use super::plan::{Answers, StepId, HRD_POLICY_NAME};
use super::run::{directory, graph_call, Change, Outcome, StepError};
use super::steps::add_secret;
use super::tokens::TokenSource;
use crate::config::Config;
use crate::dataverse::{apply as dv, dataverse_scope};
use crate::explain::Explanation;
use crate::facts::{Facts, Observed};
use crate::graph::setup::{self as graph, ClientSecret};
use crate::http::HttpClient;
use crate::i18n::{Arg, Text, TextKey};
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

/// Adds a new client secret (the old ones stay until [`remove_secret`]).
pub async fn rotate_secret<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    facts: &mut Facts,
) -> Result<(ClientSecret, Vec<Change>), Explanation> {
    let mut outcome = Outcome::default();
    add_secret(ctx, config, tokens, answers, facts, &mut outcome)
        .await
        .map_err(|StepError(e)| e)?;
    let secret = outcome
        .secret
        .take()
        .expect("add_secret stores the secret it created");
    Ok((secret, outcome.changes))
}

/// Removes one client secret by key id — after the admin confirmed Marketo has the new one.
pub async fn remove_secret<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &mut Facts,
    key_id: &str,
) -> Result<Change, Explanation> {
    let app = directory(facts)
        .map_err(|StepError(e)| e)?
        .app
        .clone()
        .ok_or_else(no_app)?;
    if !app.passwords.iter().any(|p| p.key_id == key_id) {
        return Err(Explanation::new(
            TextKey::SecretDoesNotBelongMarketoApp,
            TextKey::OnlyAppOwnSecretsCanRemoved,
            TextKey::RefreshPickOneListedSecrets,
        ));
    }
    graph_call(
        ctx,
        config,
        tokens,
        false,
        |t| graph::remove_password_request(config, t, &app.id, key_id),
        graph::parse_no_content,
    )
    .await
    .map_err(|e| e.explain())?;
    if let Some(app) = directory(facts).map_err(|StepError(e)| e)?.app.as_mut() {
        app.passwords.retain(|p| p.key_id != key_id);
    }
    Ok(Change {
        step: StepId::ClientSecret,
        object: "passwordCredential",
        id: key_id.to_owned(),
        action: "removed",
    })
}

/// What removing several secrets came to: each one either removed or not, with why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removals {
    /// Key ids removed.
    pub removed: Vec<String>,
    /// Key ids that could not be removed, each with why.
    pub not_removed: Vec<(String, Explanation)>,
}

/// Removes each of `key_ids` with [`remove_secret`]. One failure does not stop the others: they
/// are independent, and whatever is left is retried alone.
pub async fn remove_secrets<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &mut Facts,
    key_ids: &[String],
) -> Removals {
    let mut removals = Removals::default();
    for key_id in key_ids {
        match remove_secret(ctx, config, tokens, facts, key_id).await {
            Ok(_) => removals.removed.push(key_id.clone()),
            Err(why) => removals.not_removed.push((key_id.clone(), why)),
        }
    }
    removals
}

/// One thing teardown would remove.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeardownItem {
    /// What it is, in the admin's words.
    pub what: Text,
    /// Its id.
    pub id: String,
    /// What to know before removing it.
    pub note: Option<Text>,
    /// Whether a run of this page created it (its id is among the ones the runs reported
    /// created). Anything else was there before the page ran, and is removed only when the admin
    /// asks for it by name.
    pub created_here: bool,
}

/// What teardown would remove, for the admin to confirm; `created_here` holds the ids of the
/// objects this page's runs created.
pub fn teardown_items(facts: &Facts, created_here: &[String]) -> Vec<TeardownItem> {
    let mut items = teardown_candidates(facts);
    for item in &mut items {
        item.created_here = created_here
            .iter()
            .any(|id| id.eq_ignore_ascii_case(&item.id));
    }
    items
}

fn teardown_candidates(facts: &Facts) -> Vec<TeardownItem> {
    let mut items = Vec::new();
    if let Some(Observed::Known(dv)) = &facts.dataverse {
        if let Some(user) = &dv.application_user {
            items.push(TeardownItem {
                what: Text::with(
                    TextKey::DataverseApplicationUser,
                    [Arg::from(&user.full_name)],
                ),
                id: user.id.clone(),
                note: Some(TextKey::DisabledThenDeletedMarketoSyncStops.into()),
                created_here: false,
            });
        }
    }
    if let Some(d) = facts.directory.known() {
        for policy in d
            .hrd_policies
            .iter()
            .filter(|p| p.display_name == HRD_POLICY_NAME)
        {
            items.push(TeardownItem {
                what: Text::with(
                    TextKey::HomeRealmDiscoveryPolicy,
                    [Arg::from(&policy.display_name)],
                ),
                id: policy.id.clone(),
                note: Some(TextKey::CreatedToolUnassignedDeleted.into()),
                created_here: false,
            });
        }
        if let Some(app) = &d.app {
            items.push(TeardownItem {
                what: Text::with(
                    TextKey::AppRegistrationEnterpriseApplicationConsentSecrets,
                    [Arg::from(&app.display_name)],
                ),
                id: app.app_id.clone(),
                note: Some(TextKey::EntraIDKeepsDeletedAppRegistrations.into()),
                created_here: false,
            });
        }
    }
    items
}

/// Removes the items of [`teardown_items`] whose ids are in `remove`, in that order. On failure,
/// returns what was already removed.
pub async fn teardown<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    facts: &Facts,
    remove: &[String],
) -> Result<Vec<Change>, (Vec<Change>, Explanation)> {
    let chosen = |id: &str| remove.iter().any(|r| r.eq_ignore_ascii_case(id));
    let mut changes = Vec::new();
    if let Some(Observed::Known(dvf)) = &facts.dataverse {
        if let Some(user) = dvf.application_user.as_ref().filter(|u| chosen(&u.id)) {
            let scopes = [dataverse_scope(&dvf.environment_url)];
            let token = match tokens.token(&scopes, false).await {
                Ok(t) => t,
                Err(e) => return Err((changes, e.explain())),
            };
            if let Err(e) = dv::disable_and_delete_application_user(
                ctx,
                &token,
                dvf,
                &user.id,
                user.application_id.as_deref(),
                false,
            )
            .await
            {
                return Err((changes, e.explain()));
            }
            changes.push(Change {
                step: StepId::ApplicationUser,
                object: "systemuser",
                id: user.id.clone(),
                action: "removed",
            });
        }
    }
    let Some(d) = facts.directory.known() else {
        return Ok(changes);
    };
    if let Some(sp) = &d.service_principal {
        for policy in d
            .hrd_policies
            .iter()
            .filter(|p| p.display_name == HRD_POLICY_NAME && chosen(&p.id))
        {
            let hrd = config.graph_scopes_with_hrd();
            let unassign = super::run::graph_call_with(
                ctx,
                &hrd,
                true,
                tokens,
                false,
                |t| graph::unassign_hrd_policy_request(config, t, &sp.id, &policy.id),
                graph::parse_no_content,
            )
            .await;
            let delete = match unassign {
                Ok(()) => {
                    super::run::graph_call_with(
                        ctx,
                        &hrd,
                        false,
                        tokens,
                        false,
                        |t| graph::delete_hrd_policy_request(config, t, &policy.id),
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
    }
    if let Some(app) = d.app.as_ref().filter(|a| chosen(&a.app_id)) {
        if let Err(e) = graph_call(
            ctx,
            config,
            tokens,
            false,
            |t| graph::delete_application_request(config, t, &app.id),
            graph::parse_no_content,
        )
        .await
        {
            return Err((changes, e.explain()));
        }
        changes.push(Change {
            step: StepId::AppRegistration,
            object: "application",
            id: app.app_id.clone(),
            action: "removed",
        });
    }
    Ok(changes)
}

fn no_app() -> Explanation {
    Explanation::new(
        TextKey::ThereNoMarketoAppRegistration,
        TextKey::NothingRotate,
        TextKey::RunSetupFirst,
    )
}
