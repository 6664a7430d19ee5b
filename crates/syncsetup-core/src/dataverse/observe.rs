//! Reads the whole Dataverse side of a Marketo setup into [`DataverseFacts`], in three sequential
//! rounds of parallel reads — the fewest the data dependencies allow:
//!
//! 1. Everything that needs only the environment: `WhoAmI`, `RetrieveVersion`, the base language,
//!    the root business unit, the Marketo solution with its components, every copy of the Marketo
//!    Sync User role with its holders, each requested table's `new_synctomkto`, and the
//!    unpublished-customizations probes.
//! 2. What needs the solution's component ids: its tables' metadata (to find Marketo Config, its
//!    Marketo User lookup and navigation property) and its plug-in steps' states.
//! 3. What needs the Marketo Config table: its Default record and that record's Marketo User.
//!
//! The application user (with its roles, `$expand`ed into the same request) needs only the app id,
//! and nothing waits for it: [`application_user`] reads it on its own, so `engine::observe` can
//! send it in round 2, once Graph has named the app, while these three rounds run from round 1
//! ([`environment_facts`]). [`observe`] does both at once when the app id is known up front.
//!
//! A read that fails makes the whole observation fail (the caller records it as
//! [`crate::facts::Observed::Unknown`]): a fact that could not be read must never pass for
//! "absent", or a re-run would create duplicates. The one exception is the unpublished probe,
//! whose answer is `None` when it cannot be told.

use futures_util::future::{join, join5, join_all};

use super::read::{
    self, active_application_user, pick_solution, roles_and_holders, root_business_unit,
    BusinessUnitWire, RoleWire, SolutionWire, StepWire, UserWire, STEPS_PER_REQUEST,
    TABLES_PER_REQUEST,
};
use super::{get_all, Blocker, DataverseError, WebApi};
use crate::facts::{
    DataverseFacts, Environment, HeldPrivilege, PluginStep, SyncFilterColumn, SystemUser, WhoAmI,
    SYNC_PRIVILEGES,
};
use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportError};
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

/// How many sequential rounds of requests [`observe`] needs at most.
pub const OBSERVE_ROUNDS: u32 = 3;

/// Reads the Dataverse facts of `environment`. `marketo_app_id` is the Marketo app's application
/// (client) id when it is known (its application user is looked up); `sync_filter_tables` are the
/// tables whose `new_synctomkto` column is checked.
pub async fn observe<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    marketo_app_id: Option<&str>,
    sync_filter_tables: &[String],
) -> Result<DataverseFacts, DataverseError> {
    let api = WebApi::of(environment)?;
    // Inputs are checked before anything is sent, so a typo never costs a round trip.
    let app_user_request = marketo_app_id
        .map(|id| read::application_user_request(&api, token, id))
        .transpose()?;
    let table_requests = sync_filter_table_requests(&api, token, sync_filter_tables)?;
    let (facts, app_user) = join(
        environment_facts_with(ctx, token, environment, &api, table_requests, None),
        async {
            match app_user_request {
                Some(request) => Some(read_application_user(ctx, request).await),
                None => None,
            }
        },
    )
    .await;
    let mut facts = facts?;
    if let Some(found) = app_user.transpose()? {
        with_application_user(&mut facts, found);
    }
    Ok(facts)
}

/// The application user of `marketo_app_id` and its role ids, or `None` when it has none (a
/// soft-deleted row does not count).
pub async fn application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    marketo_app_id: &str,
) -> Result<ApplicationUser, DataverseError> {
    let api = WebApi::of(environment)?;
    let request = read::application_user_request(&api, token, marketo_app_id)?;
    read_application_user(ctx, request).await
}

/// The Dataverse users (soft-deleted ones left out) whose e-mail or user name is `email`.
pub async fn email_holders<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    email: &str,
) -> Result<Vec<SystemUser>, DataverseError> {
    let api = WebApi::of(environment)?;
    let rows =
        get_all::<UserWire, _, _>(ctx, read::email_holders_request(&api, token, email)).await?;
    Ok(rows
        .into_iter()
        .filter(|u| !u.is_deleted())
        .map(UserWire::into_user)
        .collect())
}

/// The sync user's depth for each of [`SYNC_PRIVILEGES`] and `also` (Marketo Config's Read
/// privilege, named by its metadata): one function call each, all at once.
pub async fn sync_user_privileges<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    user_id: &str,
    also: Option<&str>,
) -> Result<Vec<HeldPrivilege>, DataverseError> {
    let api = WebApi::of(environment)?;
    let names: Vec<String> = SYNC_PRIVILEGES
        .iter()
        .copied()
        .chain(also)
        .map(str::to_owned)
        .collect();
    let requests = names
        .iter()
        .map(|name| read::user_privilege_request(&api, token, user_id, name))
        .collect::<Result<Vec<_>, _>>()?;
    let answers = join_all(requests.into_iter().map(|r| ctx.send(r))).await;
    names
        .into_iter()
        .zip(answers)
        .map(|(name, answer)| {
            Ok(HeldPrivilege {
                depth: read::parse_user_privilege(&answer?)?,
                name,
            })
        })
        .collect()
}

/// A user's UI language code (`None`: not set).
pub(crate) async fn user_language<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    user_id: &str,
) -> Result<Option<u32>, DataverseError> {
    #[derive(serde::Deserialize)]
    struct SettingsWire {
        #[serde(default)]
        uilanguageid: Option<i64>,
    }
    let api = WebApi::of(environment)?;
    let response = ctx
        .send(read::user_language_request(&api, token, user_id)?)
        .await?;
    let wire: SettingsWire = super::parse(&response)?;
    Ok(wire
        .uilanguageid
        .and_then(|code| u32::try_from(code).ok())
        .filter(|c| *c != 0))
}

/// An application user and the ids of its roles.
pub type ApplicationUser = Option<(SystemUser, Vec<String>)>;

/// Puts what [`application_user`] read into facts read by [`environment_facts`].
pub(crate) fn with_application_user(facts: &mut DataverseFacts, found: ApplicationUser) {
    (facts.application_user, facts.application_user_role_ids) = match found {
        Some((user, roles)) => (Some(user), roles),
        None => (None, Vec::new()),
    };
}

async fn read_application_user<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    request: HttpRequest,
) -> Result<ApplicationUser, DataverseError> {
    Ok(active_application_user(
        get_all::<UserWire, _, _>(ctx, request).await?,
    ))
}

type TableRequests = Vec<(String, HttpRequest, HttpRequest)>;

fn sync_filter_table_requests(
    api: &WebApi,
    token: &AccessToken,
    sync_filter_tables: &[String],
) -> Result<TableRequests, DataverseError> {
    sync_filter_tables
        .iter()
        .map(|table| {
            Ok((
                table.clone(),
                read::sync_filter_column_request(api, token, table)?,
                read::sync_filter_default_request(api, token, table)?,
            ))
        })
        .collect()
}

/// Where an observation's second round hands on Marketo Config's Read privilege name (`None`:
/// no Marketo Config, or its metadata lists none), so that the sync user's privileges can be
/// asked for it in the third round without waiting for the whole environment. Dropped unsent
/// when the environment could not be read that far.
pub type ConfigPrivilegeSender = futures_channel::oneshot::Sender<Option<String>>;

/// Everything but the application user (left `None`; see [`application_user`]), in the three
/// rounds of the module header; Marketo Config's privilege name goes to `config_privilege` as
/// soon as round 2 has found it.
pub(crate) async fn environment_facts<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    sync_filter_tables: &[String],
    config_privilege: Option<ConfigPrivilegeSender>,
) -> Result<DataverseFacts, DataverseError> {
    let api = WebApi::of(environment)?;
    let table_requests = sync_filter_table_requests(&api, token, sync_filter_tables)?;
    environment_facts_with(
        ctx,
        token,
        environment,
        &api,
        table_requests,
        config_privilege,
    )
    .await
}

async fn environment_facts_with<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    environment: &Environment,
    api: &WebApi,
    table_requests: TableRequests,
    config_privilege: Option<ConfigPrivilegeSender>,
) -> Result<DataverseFacts, DataverseError> {
    // Round 1.
    let identity = join5(
        fetch_whoami(ctx, read::whoami_request(api, token)),
        fetch_version(ctx, read::version_request(api, token)),
        ctx.send(read::organization_request(api, token)),
        get_all::<BusinessUnitWire, _, _>(ctx, read::root_business_unit_request(api, token)),
        get_all::<SolutionWire, _, _>(ctx, read::marketo_solution_request(api, token)),
    );
    let roles = get_all::<RoleWire, _, _>(ctx, read::marketo_roles_request(api, token));
    // Where a sync filter column can go: read only when one is asked for.
    let wants_sync_filter = !table_requests.is_empty();
    let home = async {
        if wants_sync_filter {
            Some(
                ctx.send(read::sync_filter_solutions_request(api, token))
                    .await,
            )
        } else {
            None
        }
    };
    let columns = join_all(
        table_requests
            .into_iter()
            .map(|(table, column, boolean)| async move {
                let (column, boolean) = join(ctx.send(column), ctx.send(boolean)).await;
                (table, column, boolean)
            }),
    );
    let unpublished = unpublished(ctx, api, token);
    let firewall = ctx.send(read::firewall_request(api, token));
    let (
        (whoami, version, organization, root, solutions),
        (roles, (columns, (unpublished, (home, firewall)))),
    ) = join(
        identity,
        join(
            roles,
            join(columns, join(unpublished, join(home, firewall))),
        ),
    )
    .await;
    // Advisory: an unreadable firewall is an unknown check, never a failed observation.
    let firewall = match firewall
        .map_err(DataverseError::from)
        .and_then(|response| read::parse_firewall(&response))
    {
        Ok(settings) => crate::facts::Observed::Known(settings),
        Err(e) => crate::facts::Observed::Unknown(e.explain()),
    };
    // Unreadable, it stays unknown: the create is tried and a refusal explained.
    let sync_filter_home = home
        .and_then(Result::ok)
        .and_then(|response| read::parse_sync_filter_solutions(&response).ok());

    let whoami = whoami?;
    let version = version?;
    let base_language_code = organization
        .ok()
        .and_then(|response| read::parse_organization_language(&response).ok())
        .flatten();
    let root_business_unit =
        root_business_unit(root?).ok_or(DataverseError::Blocked(Blocker::NoRootBusinessUnit))?;
    let found = pick_solution(solutions?);
    let (marketo_roles, role_holders, role_assignments) = roles_and_holders(roles?);
    let sync_filter_columns = columns
        .into_iter()
        .map(|(table, column, boolean)| read::parse_sync_filter_column(&table, &column?, &boolean?))
        .collect::<Result<Vec<SyncFilterColumn>, DataverseError>>()?;
    let unpublished_customizations = unpublished;

    // Round 2: the solution's tables and plug-in steps.
    let (marketo_config, plugin_steps) = match &found {
        Some(found) => {
            let tables = found
                .table_ids
                .chunks(TABLES_PER_REQUEST)
                .map(|ids| read::solution_tables_request(api, token, ids))
                .collect::<Result<Vec<_>, _>>()?;
            let steps = found
                .step_ids
                .chunks(STEPS_PER_REQUEST)
                .map(|ids| read::plugin_steps_request(api, token, ids))
                .collect::<Result<Vec<_>, _>>()?;
            let (tables, steps) = join(
                join_all(tables.into_iter().map(|request| ctx.send(request))),
                join_all(
                    steps
                        .into_iter()
                        .map(|request| get_all::<StepWire, _, _>(ctx, request)),
                ),
            )
            .await;
            let mut config = None;
            for response in tables {
                if let Some(found) = read::parse_marketo_config(&response?)? {
                    config.get_or_insert(found);
                }
            }
            let mut plugin_steps: Vec<PluginStep> = Vec::new();
            for rows in steps {
                plugin_steps.extend(rows?.into_iter().map(StepWire::into_step));
            }
            crate::small_sort::sort_by(&mut plugin_steps, |a, b| {
                a.name.cmp(&b.name).then(a.id.cmp(&b.id))
            });
            (config, plugin_steps)
        }
        None => (None, Vec::new()),
    };

    if let Some(sender) = config_privilege {
        // The receiver may be gone (no privileges read in this observation): nothing to do.
        let _ = sender.send(
            marketo_config
                .as_ref()
                .and_then(|c| c.read_privilege.clone()),
        );
    }

    // Round 3: the Default record.
    let marketo_config = match marketo_config {
        Some(mut config) => {
            let response = ctx
                .send(read::marketo_config_default_request(api, token, &config)?)
                .await?;
            read::parse_marketo_config_default(&response, &mut config)?;
            Some(config)
        }
        None => None,
    };

    Ok(DataverseFacts {
        firewall,
        sync_user_privileges: None,
        publish_due: false,
        environment_url: environment.url.clone(),
        api_url: environment.api_url.clone(),
        base_language_code,
        whoami,
        version,
        root_business_unit,
        solution: found.map(|f| f.solution),
        marketo_roles,
        application_user: None,
        application_user_role_ids: Vec::new(),
        role_holders,
        role_assignments,
        marketo_config,
        plugin_steps,
        sync_filter_columns,
        sync_filter_home,
        unpublished_customizations,
    })
}

async fn fetch_whoami<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    request: HttpRequest,
) -> Result<WhoAmI, DataverseError> {
    let response = ctx.send(request).await?;
    read::parse_whoami(&response)
}

async fn fetch_version<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    request: HttpRequest,
) -> Result<String, DataverseError> {
    let response = ctx.send(request).await?;
    read::parse_version(&response)
}

/// Whether customizations await publishing: the five `RetrieveUnpublishedMultiple` probes in
/// parallel, read by [`unpublished_answer`]. Observe asks it, and so does PublishAllXml after a
/// lost answer.
pub(crate) async fn unpublished<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    api: &WebApi,
    token: &AccessToken,
) -> Option<bool> {
    unpublished_answer(
        join_all(
            read::unpublished_requests(api, token)
                .into_iter()
                .map(|request| ctx.send(request)),
        )
        .await,
    )
}

/// `Some(true)` as soon as one probe lists an unpublished row; `Some(false)` only when every probe
/// answered and none did; `None` when it cannot be told.
fn unpublished_answer(answers: Vec<Result<HttpResponse, TransportError>>) -> Option<bool> {
    let mut all_known = true;
    for answer in answers {
        match answer
            .ok()
            .map(|response| read::parse_unpublished(&response))
        {
            Some(Ok(true)) => return Some(true),
            Some(Ok(false)) => {}
            _ => all_known = false,
        }
    }
    all_known.then_some(false)
}
