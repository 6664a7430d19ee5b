//! After the setup: rotating the client secret, and tearing down what the tool created.
//!
//! Rotation is two steps on purpose: a new secret is added and shown once; the old one is removed
//! only after the admin confirms Marketo uses the new one (removing it first would stop the sync).
//! Teardown first lists what it would remove, then removes it in the order that leaves nothing
//! dangling (`steps::TEARDOWN_ORDER`: the Dataverse application user, the HRD policy this tool
//! created, then the app registration, which takes its service principal and consent grant with
//! it; Entra keeps the app restorable for 30 days). What each object is and how it is removed
//! lives in its step's file, beside how it is created; this module is the driver.

use super::plan::Answers;
use super::run::{Change, Outcome, Removal, StepError};
pub use super::steps::remove_secret;
use super::steps::{self, add_secret, TEARDOWN_ORDER};
use super::tokens::TokenSource;
use crate::config::Config;
use crate::explain::Explanation;
use crate::facts::Facts;
use crate::graph::setup::ClientSecret;
use crate::http::HttpClient;
use crate::i18n::Text;
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
    TEARDOWN_ORDER
        .iter()
        .flat_map(|&id| steps::teardown_items(id, facts))
        .collect()
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
    let removal = Removal {
        ctx,
        config,
        tokens,
        facts,
        remove,
    };
    let mut changes = Vec::new();
    for id in TEARDOWN_ORDER {
        match steps::remove(id, &removal).await {
            Ok(mut removed) => changes.append(&mut removed),
            Err((mut removed, why)) => {
                changes.append(&mut removed);
                return Err((changes, why));
            }
        }
    }
    Ok(changes)
}
