//! Step runners for the Dataverse side of a Marketo setup, each idempotent: it reads the current
//! state first (record reads are not cached by Dataverse, and `If-None-Match: null` keeps the
//! browser's cache out; the `Consistency: Strong` header is not sent because no Microsoft source
//! shows it allowed cross-origin — real-cloud audit F3), writes only what
//! is missing, counts a "duplicate" answer as done, and returns what it changed — nothing when the
//! step was already done. Every request is one of [`super::write`]'s public builders, so what runs
//! is what the plan previewed, and every request goes through [`Context::send`].
//!
//! The writes are also public on their own ([`create_application_user`], [`associate_role`],
//! [`write_marketo_config_user`], [`enable_disabled_plugin_step`], [`create_missing_sync_filter_column`]):
//! the engine calls them without the read when facts observed moments ago already say the object
//! is absent. They stay safe without it — a create is never resent after a dropped connection (a
//! re-read decides), a duplicate answer counts as done, and PATCHes carry `If-Match: *`.

use super::read::{self, UserWire};
use super::{error_of, get_all, write, Blocker, DataverseError, WebApi};
use crate::facts::{DataverseFacts, MarketoConfig, PluginStep, Role, SyncFilterColumn, SystemUser};
use crate::http::HttpClient;
use crate::secret::AccessToken;
use crate::transport::retry::RetryReason;
use crate::transport::runtime::Runtime;
use crate::transport::send::{Backoff, Context};

/// One change a runner made, for progress display and the run report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A row or column was created.
    Created {
        /// Table (`systemuser`) or, for a column, `{table}.new_synctomkto`'s table.
        table: String,
        /// Its id (for a column, its logical name when Dataverse did not report the id).
        id: String,
    },
    /// Columns of an existing row were changed.
    Updated {
        /// Table logical name.
        table: String,
        /// Row id.
        id: String,
        /// The columns written.
        columns: Vec<String>,
    },
    /// A role was given to a user.
    Associated {
        /// systemuserid.
        user_id: String,
        /// roleid.
        role_id: String,
    },
    /// A role was taken from a user.
    Disassociated {
        /// systemuserid.
        user_id: String,
        /// roleid.
        role_id: String,
    },
    /// A row was deleted.
    Deleted {
        /// Table logical name.
        table: String,
        /// Row id.
        id: String,
        /// False for the first (soft) delete of a user, true once it is gone for good.
        permanently: bool,
    },
    /// All customizations were published.
    Published,
}

/// What a runner ensured, and the changes it made to get there (none: it was already so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied<T> {
    /// The resulting state.
    pub value: T,
    /// What was written, in order.
    pub changes: Vec<Change>,
}

impl<T> Applied<T> {
    fn unchanged(value: T) -> Self {
        Self {
            value,
            changes: Vec::new(),
        }
    }

    /// True when nothing had to be written.
    pub fn was_already_done(&self) -> bool {
        self.changes.is_empty()
    }
}

/// What a create returned: the row itself, or only its id (then it is read back).
enum Created {
    Row(SystemUser),
    Id(String),
}

async fn find_application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    api: &WebApi,
    token: &AccessToken,
    app_id: &str,
) -> Result<Option<SystemUser>, DataverseError> {
    let request = read::application_user_request(api, token, app_id)?;
    let rows: Vec<UserWire> = get_all(ctx, request).await?;
    Ok(read::active_application_user(rows).map(|(user, _)| user))
}

/// Makes sure the Marketo app has an active application user in the root business unit with
/// `email` as its primary e-mail (Marketo's S2S username), creating it if absent
/// (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`).
///
/// Dataverse refuses the user until Entra ID has replicated the app's service principal to it;
/// such refusals are retried with backoff, each wait reported through `ctx.on_retry` as
/// [`RetryReason::Replication`], for at most `ctx.policy.replication_budget_millis`. The created row
/// is read back, and its e-mail is PATCHed when the platform replaced it.
pub async fn ensure_application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    app_id: &str,
    email: &str,
) -> Result<Applied<SystemUser>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    match find_application_user(ctx, &api, token, app_id).await? {
        Some(user) => complete_application_user(ctx, &api, token, user, email, Vec::new()).await,
        None => create_application_user(ctx, token, facts, app_id, email).await,
    }
}

/// The create half of [`ensure_application_user`], for when `facts` were observed moments ago and
/// hold no application user: no read first. A "duplicate" answer (a concurrent run was quicker)
/// and a dropped connection both end in a re-read, so the user is never created twice.
pub(crate) async fn create_application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    app_id: &str,
    email: &str,
) -> Result<Applied<SystemUser>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let mut changes = Vec::new();
    let create = write::create_application_user_request(
        &api,
        token,
        app_id,
        &facts.root_business_unit.id,
        email,
    )?;
    let mut backoff = Backoff::default();
    let created_id = loop {
        // A create is never resent after a dropped connection: it may have arrived.
        // Re-reading tells; if the user is not there, the next attempt creates it.
        let response = match ctx.send_create(create.clone()).await {
            Ok(response) => response,
            Err(dropped) => {
                if let Some(user) = find_application_user(ctx, &api, token, app_id).await? {
                    break Some(Created::Row(user));
                }
                if !ctx
                    .pause_before_retry(&mut backoff, RetryReason::Unavailable, None, api.host())
                    .await
                {
                    return Err(dropped.into());
                }
                continue;
            }
        };
        if response.is_success() {
            // With return=representation the answer is the row itself: no read-back.
            if let Ok(row) = serde_json::from_str::<UserWire>(&response.body) {
                let user = row.into_user();
                if user.business_unit_id.is_some() {
                    break Some(Created::Row(user));
                }
                break Some(Created::Id(user.id.to_ascii_lowercase()));
            }
            let id = super::entity_id(&response).ok_or_else(|| super::unexpected(&response))?;
            break Some(Created::Id(id));
        }
        let error = error_of(&response);
        if error.is_duplicate() {
            // Created by an earlier attempt whose answer was lost, or by someone else.
            break None;
        }
        if !error.is_replication_refusal() {
            return Err(error);
        }
        if !ctx
            .pause_before_retry(&mut backoff, RetryReason::Replication, None, api.host())
            .await
        {
            return Err(DataverseError::ReplicationTimeout {
                waited_millis: backoff.waited,
                last: Box::new(error),
            });
        }
    };
    let user = match created_id {
        Some(Created::Row(user)) => {
            changes.push(Change::Created {
                table: "systemuser".into(),
                id: user.id.to_ascii_lowercase(),
            });
            user
        }
        Some(Created::Id(id)) => {
            changes.push(Change::Created {
                table: "systemuser".into(),
                id: id.clone(),
            });
            let response = ctx
                .send(read::system_user_request(&api, token, &id)?)
                .await?;
            read::parse_system_user(&response)?
        }
        None => find_application_user(ctx, &api, token, app_id)
            .await?
            .ok_or_else(|| DataverseError::Service {
                status: 412,
                code: super::codes::DUPLICATE_RECORD.into(),
                message: "Dataverse reports an application user for this app, but no active one can be read; a deleted one may block it.".into(),
            })?,
    };
    complete_application_user(ctx, &api, token, user, email, changes).await
}

/// Sets the e-mail Marketo signs in with and enables the user, where either differs.
async fn complete_application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    api: &WebApi,
    token: &AccessToken,
    user: SystemUser,
    email: &str,
    mut changes: Vec<Change>,
) -> Result<Applied<SystemUser>, DataverseError> {
    let wanted = email.trim();
    let email_differs = !user
        .email
        .as_deref()
        .is_some_and(|e| e.trim().eq_ignore_ascii_case(wanted));
    if !email_differs && !user.disabled {
        return Ok(Applied {
            value: user,
            changes,
        });
    }
    let request = write::update_application_user_request(
        api,
        token,
        &user.id,
        email_differs.then_some(wanted),
        user.disabled,
    )?;
    super::expect_success(&ctx.send(request).await?)?;
    let mut columns = Vec::new();
    if email_differs {
        columns.push("internalemailaddress".to_owned());
    }
    if user.disabled {
        columns.push("isdisabled".to_owned());
    }
    changes.push(Change::Updated {
        table: "systemuser".into(),
        id: user.id.clone(),
        columns,
    });
    let user = SystemUser {
        email: Some(wanted.to_owned()),
        disabled: false,
        ..user
    };
    Ok(Applied {
        value: user,
        changes,
    })
}

/// The copy of the Marketo Sync User role that `user` can hold: the one of its business unit
/// (roles are per business unit), the root one for a user whose unit is unknown.
pub fn role_copy_for<'a>(
    facts: &'a DataverseFacts,
    user: &SystemUser,
) -> Result<&'a Role, DataverseError> {
    let business_unit = user
        .business_unit_id
        .as_deref()
        .unwrap_or(&facts.root_business_unit.id);
    facts
        .marketo_roles
        .iter()
        .find(|role| role.business_unit_id.eq_ignore_ascii_case(business_unit))
        .ok_or_else(|| {
            DataverseError::Blocked(Blocker::NoRoleCopy {
                business_unit_id: business_unit.to_owned(),
            })
        })
}

/// Gives `user` the Marketo Sync User role of its business unit, unless it already holds it
/// (MicrosoftDocs/power-platform `power-platform/admin/assign-security-roles.md`).
pub async fn assign_role<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    user: &SystemUser,
) -> Result<Applied<Role>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let role = role_copy_for(facts, user)?;
    let check = read::user_role_request(&api, token, &user.id, &role.id)?;
    if read::parse_holds_role(&ctx.send(check).await?)? {
        return Ok(Applied::unchanged(role.clone()));
    }
    associate_role(ctx, token, facts, user).await
}

/// The write half of [`assign_role`], for when `facts` were observed moments ago and say `user`
/// lacks the role: no read first. Associating a pair again changes nothing (or is answered
/// "duplicate", counted as done), so the request is also safe to repeat after a dropped connection.
pub(crate) async fn associate_role<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    user: &SystemUser,
) -> Result<Applied<Role>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let role = role_copy_for(facts, user)?.clone();
    let response = ctx
        .send(write::assign_role_request(&api, token, &user.id, &role.id)?)
        .await?;
    match super::expect_success(&response) {
        Ok(()) => Ok(Applied {
            changes: vec![Change::Associated {
                user_id: user.id.clone(),
                role_id: role.id.clone(),
            }],
            value: role,
        }),
        Err(error) if error.is_duplicate() => Ok(Applied::unchanged(role)),
        Err(error) => Err(error),
    }
}

/// Takes a role from a user (the role-holder audit, with the admin's consent); a 404 means the
/// association is already gone.
pub(crate) async fn remove_role<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    user_id: &str,
    role_id: &str,
) -> Result<Applied<()>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let response = ctx
        .send(write::remove_role_request(&api, token, user_id, role_id)?)
        .await?;
    match super::expect_success(&response) {
        Ok(()) => Ok(Applied {
            value: (),
            changes: vec![Change::Disassociated {
                user_id: user_id.to_ascii_lowercase(),
                role_id: role_id.to_ascii_lowercase(),
            }],
        }),
        Err(error) if error.is_not_found() => Ok(Applied::unchanged(())),
        Err(error) => Err(error),
    }
}

/// Sets Marketo Config › Default › Marketo User to `user_id`, unless it already is
/// (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`).
pub async fn set_marketo_config_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    user_id: &str,
) -> Result<Applied<()>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let mut config = facts
        .marketo_config
        .clone()
        .ok_or(DataverseError::Blocked(Blocker::NoMarketoConfig))?;
    let current = ctx
        .send(read::marketo_config_default_request(&api, token, &config)?)
        .await?;
    read::parse_marketo_config_default(&current, &mut config)?;
    if config.default_record_id.is_none() {
        return Err(DataverseError::Blocked(Blocker::NoDefaultRecord));
    }
    if config
        .default_marketo_user_id
        .as_deref()
        .is_some_and(|current| current.eq_ignore_ascii_case(user_id.trim()))
    {
        return Ok(Applied::unchanged(()));
    }
    write_marketo_config_user(ctx, token, facts, &config, user_id).await
}

/// The write half of [`set_marketo_config_user`], for a `config` observed moments ago: no read
/// first. The PATCH carries `If-Match: *`, so a Default record deleted since then is reported
/// missing (404), never re-created; writing the same user twice is harmless.
pub(crate) async fn write_marketo_config_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    config: &MarketoConfig,
    user_id: &str,
) -> Result<Applied<()>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let record = config
        .default_record_id
        .clone()
        .ok_or(DataverseError::Blocked(Blocker::NoDefaultRecord))?;
    let request = write::set_marketo_config_user_request(&api, token, config, user_id)?;
    match super::expect_success(&ctx.send(request).await?) {
        Err(error) if error.is_not_found() => {
            return Err(DataverseError::Blocked(Blocker::NoDefaultRecord))
        }
        other => other?,
    }
    Ok(Applied {
        value: (),
        changes: vec![Change::Updated {
            table: config.logical_name.clone(),
            id: record,
            columns: vec![config.user_lookup_attribute.clone()],
        }],
    })
}

/// Re-enables one of the solution's plug-in steps, unless it is enabled (powerapps-docs
/// `…/reference/entities/sdkmessageprocessingstep.md`).
pub async fn enable_plugin_step<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    step_id: &str,
) -> Result<Applied<PluginStep>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let current = ctx
        .send(read::plugin_step_request(&api, token, step_id)?)
        .await?;
    let step = read::parse_plugin_step(&current)?;
    if step.enabled {
        return Ok(Applied::unchanged(step));
    }
    enable_disabled_plugin_step(ctx, token, facts, step).await
}

/// The write half of [`enable_plugin_step`], for a `step` observed disabled moments ago: no read
/// first (enabling is a PATCH with `If-Match: *`, harmless to repeat).
pub(crate) async fn enable_disabled_plugin_step<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    step: PluginStep,
) -> Result<Applied<PluginStep>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let request = write::enable_plugin_step_request(&api, token, &step.id)?;
    super::expect_success(&ctx.send(request).await?)?;
    Ok(Applied {
        changes: vec![Change::Updated {
            table: "sdkmessageprocessingstep".into(),
            id: step.id.clone(),
            columns: vec!["statecode".into(), "statuscode".into()],
        }],
        value: PluginStep {
            enabled: true,
            ..step
        },
    })
}

/// The column this step leaves on `table`: Two Options, default No.
fn created_column(table: &str) -> SyncFilterColumn {
    SyncFilterColumn {
        table: table.to_owned(),
        exists: true,
        is_boolean: true,
        default_value: Some(false),
    }
}

/// Creates the `new_synctomkto` Two Options column (default No) on `table`, unless it exists
/// (AdobeDocs/marketo.en `…/create-a-custom-dynamics-sync-filter.md`). An existing column of
/// another type blocks; Dataverse refusing the `new_` prefix becomes [`Blocker::PrefixRule`]
/// with Marketo's workaround.
pub(crate) async fn create_sync_filter_column<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    table: &str,
    solution: Option<&str>,
) -> Result<Applied<SyncFilterColumn>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let done = created_column(table);
    let existing = ctx
        .send(read::sync_filter_column_request(&api, token, table)?)
        .await?;
    match read::sync_filter_attribute_type(&existing)? {
        Some(kind) if kind.eq_ignore_ascii_case("Boolean") => {
            // Its default is what observe reports; this step only creates.
            return Ok(Applied::unchanged(SyncFilterColumn {
                default_value: None,
                ..done
            }));
        }
        Some(kind) => {
            return Err(DataverseError::Blocked(Blocker::ColumnNotBoolean {
                table: table.to_owned(),
                attribute_type: kind,
            }))
        }
        None => {}
    }
    create_missing_sync_filter_column(ctx, token, facts, table, solution).await
}

/// The create half of [`create_sync_filter_column`], for a `table` observed moments ago without
/// the column: no read first. "Duplicate" counts as done, and after a dropped connection a
/// re-read decides (the create is never resent).
pub(crate) async fn create_missing_sync_filter_column<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    table: &str,
    solution: Option<&str>,
) -> Result<Applied<SyncFilterColumn>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let done = created_column(table);
    let language = facts
        .base_language_code
        .unwrap_or(write::FALLBACK_LANGUAGE_CODE);
    let request = write::create_sync_filter_column_request(&api, token, table, language, solution)?;
    let response = match ctx.send_create(request).await {
        Ok(response) => response,
        Err(dropped) => {
            // The create may have arrived before the connection broke: look before reporting.
            let check = ctx
                .send(read::sync_filter_column_request(&api, token, table)?)
                .await?;
            return match read::sync_filter_attribute_type(&check)? {
                Some(_) => Ok(Applied {
                    changes: vec![Change::Created {
                        table: table.to_owned(),
                        id: read::SYNC_FILTER_COLUMN.to_owned(),
                    }],
                    value: done,
                }),
                None => Err(dropped.into()),
            };
        }
    };
    // Sent in a solution, the create went as a `$batch`: its one part is the answer.
    let response = super::batch::single_answer(&response)?;
    match super::expect_success(&response) {
        Ok(()) => Ok(Applied {
            changes: vec![Change::Created {
                table: table.to_owned(),
                id: super::entity_id(&response)
                    .unwrap_or_else(|| read::SYNC_FILTER_COLUMN.to_owned()),
            }],
            value: done,
        }),
        Err(error) if error.is_duplicate() => Ok(Applied::unchanged(done)),
        Err(DataverseError::Service { message, .. })
            if message.to_ascii_lowercase().contains("prefix") =>
        {
            Err(DataverseError::Blocked(Blocker::PrefixRule {
                table: table.to_owned(),
                message,
            }))
        }
        Err(error) => Err(error),
    }
}

/// Publishes all customizations (powerapps-docs `…/model-driven-apps/publish-customizations.md`).
/// Slow (seconds to minutes; no duration is documented — `publishallxml.md`), so it is sent
/// once, never resent: after a lost answer (a dropped connection, a gateway's 502 or 504) it may
/// still be running, and a second PublishAllXml beside it fails or queues. Instead the
/// unpublished-customizations probes are read until they find nothing left to publish, within
/// `long_running_budget_millis` (real-cloud audit F5).
pub async fn publish_all<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
) -> Result<Applied<()>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let published = Applied {
        value: (),
        changes: vec![Change::Published],
    };
    let lost = match ctx
        .send_create(write::publish_all_request(&api, token))
        .await
    {
        Ok(response) => {
            super::expect_success(&response)?;
            return Ok(published);
        }
        Err(lost) => lost,
    };
    let mut backoff = Backoff::default();
    loop {
        if super::observe::unpublished(ctx, &api, token).await == Some(false) {
            return Ok(published);
        }
        if !ctx
            .pause_before_retry(&mut backoff, RetryReason::StillRunning, None, api.host())
            .await
        {
            return Err(DataverseError::PublishUnconfirmed {
                waited_millis: backoff.waited,
                detail: lost.to_string(),
            });
        }
    }
}

/// Teardown: disables the application user, then deletes it — once (soft delete, restorable) or,
/// with `permanently`, twice (gone; a soft-deleted user would block re-creating one for the same
/// app). A user already gone counts as done.
pub(crate) async fn disable_and_delete_application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    facts: &DataverseFacts,
    user_id: &str,
    application_id: Option<&str>,
    permanently: bool,
) -> Result<Applied<()>, DataverseError> {
    let api = WebApi::of_facts(facts)?;
    let id = user_id.trim().to_ascii_lowercase();
    let mut changes = Vec::new();
    let disable = ctx
        .send(write::disable_application_user_request(
            &api,
            token,
            user_id,
            application_id,
        )?)
        .await?;
    match super::expect_success(&disable) {
        Ok(()) => changes.push(Change::Updated {
            table: "systemuser".into(),
            id: id.clone(),
            columns: vec!["isdisabled".into()],
        }),
        Err(error) if error.is_not_found() => return Ok(Applied::unchanged(())),
        Err(error) => return Err(error),
    }
    let deletes = if permanently { 2 } else { 1 };
    for round in 1..=deletes {
        let response = ctx
            .send(write::delete_system_user_request(&api, token, user_id)?)
            .await?;
        match super::expect_success(&response) {
            Ok(()) => changes.push(Change::Deleted {
                table: "systemuser".into(),
                id: id.clone(),
                permanently: round == 2,
            }),
            Err(error) if error.is_not_found() => break,
            Err(error) => return Err(error),
        }
    }
    Ok(Applied { value: (), changes })
}
