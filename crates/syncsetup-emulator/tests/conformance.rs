//! Request-shape conformance (issue 14 §3): every request builder of the core — each `pub fn
//! …_request` / `…_requests` in `crates/syncsetup-core/src` — is listed once in [`table`], and
//! each row builds its request from a live `half-configured` tenant (real app, service principal,
//! role, business unit, Marketo Config and plug-in step ids, read with `engine::observe` or
//! captured from an earlier row's answer) and sends it through the browser-like transport
//! `support::Browserish` (Fetch's CORS protocol: preflight, `Access-Control-Allow-Origin`) to the
//! strict emulator, which refuses what Microsoft refuses: unknown, read-only or non-creatable
//! properties, unknown `$select`/`$filter`/`$expand`, entity sets in the wrong case, headers a
//! Microsoft host does not allow cross-origin. A schema or CORS refusal — a transport error, any
//! Graph 400, a Dataverse 400 `0x0`/`0x80041100`/`0x80048d19` or 404 `0x8006088a`, any 405 —
//! fails the row, and every other outcome must be the one the row names, so a green run means
//! each shape the page can send would be accepted by Microsoft's services as far as their
//! published schemas and CORS policies say. [`every_builder_of_the_core_is_in_the_table`] reads
//! the core's sources, so a new builder cannot skip this test. Run with `--nocapture` for the
//! table of builder → outcome.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use support::{context, Harness};
use syncsetup_core::auth::authorize::{self, AuthorizeOptions, PendingSignIn};
use syncsetup_core::auth::callback::{self, Callback};
use syncsetup_core::auth::{flow, token};
use syncsetup_core::config::Config;
use syncsetup_core::dataverse::{self, read, write, DataverseError, WebApi};
use syncsetup_core::discovery_service;
use syncsetup_core::engine::observe::observe;
use syncsetup_core::engine::plan::Answers;
use syncsetup_core::engine::tokens::TokenSource;
use syncsetup_core::facts::{
    AppRegistration, MarketoConfig, Observed, PermissionGrant, RequiredResource, ResourceAccess,
    SyncFilterHome,
};
use syncsetup_core::graph::{self, setup};
use syncsetup_core::http::{HttpClient, HttpRequest, HttpResponse};
use syncsetup_core::secret::{AccessToken, AuthorizationCode, RefreshToken};
use syncsetup_core::wizard::sync_users;
use syncsetup_emulator::scenario::demo;
use url::Url;

/// The name of the app registration the Graph rows create and look up: every character that
/// means something in a URL query, and non-ASCII.
const APP_NAME: &str = "Marketo & D365 #1 + 50% Zoë";
/// What the sync-user search row types.
const SEARCH: &str = "& # + ' %";
/// The application user's e-mail.
const APP_USER_EMAIL: &str = "marketo-sync@contoso.onmicrosoft.com";
/// Microsoft Graph's application id and its delegated `User.Read` (Microsoft's ids): a
/// permission of another API, which fixing the app must keep.
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const GRAPH_USER_READ: &str = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";

/// What the rows build from: the configuration, a token per resource, and ids read from the
/// live tenant or captured from earlier rows' answers.
struct Fixture {
    config: Config,
    /// Graph, for the scopes every Graph call of the engine asks for.
    graph: AccessToken,
    /// Graph, minted afresh for the scopes plus the HRD policy permission, as the engine does
    /// for the HRD policy writes (`engine::apply`, `engine::maintenance`).
    graph_hrd: AccessToken,
    /// Graph for the scopes plus the password hash sync read, as `engine::observe` asks for it.
    graph_password_sync: AccessToken,
    discovery: AccessToken,
    dataverse: AccessToken,
    api: WebApi,
    token_endpoint: Url,
    refresh_token: RefreshToken,
    /// A sign-in awaiting its code redemption (the authorize leg done on the emulated page).
    sign_in: (PendingSignIn, AuthorizationCode),
    now: u64,
    // Graph, observed.
    dynamics_sp_id: String,
    scope_id: String,
    /// The `half-configured` app "Marketo Integration", as Graph returned it.
    existing_app: AppRegistration,
    // Graph, created by the rows.
    new_app: Option<AppRegistration>,
    new_sp_id: Option<String>,
    grant: Option<PermissionGrant>,
    key_id: Option<String>,
    hrd_policy_id: Option<String>,
    // Dataverse, observed.
    admin_user_id: String,
    root_business_unit_id: String,
    root_role_id: String,
    /// The `half-configured` application user (for "Marketo Integration").
    existing_app_user_id: String,
    marketo_config: MarketoConfig,
    disabled_step_id: String,
    // Dataverse, captured.
    table_metadata_ids: Vec<String>,
    step_ids: Vec<String>,
    new_app_user_id: Option<String>,
    /// The unmanaged solution of a `new` publisher that can hold `new_synctomkto`.
    sync_filter_solution: Option<String>,
}

type Build = fn(&Fixture) -> Result<Vec<HttpRequest>, String>;
type Keep = fn(&mut Fixture, &HttpResponse) -> Result<(), String>;

/// One builder of the core: its path (module path below the crate + function name), how a
/// request is built from the fixture, the outcome expected of each request it builds (`"200"`,
/// or for an error `"<status> <code>"`), and what to keep of the answer for later rows.
struct Row {
    builder: &'static str,
    build: Build,
    expect: &'static [&'static str],
    keep: Option<Keep>,
}

fn row(builder: &'static str, build: Build, expect: &'static [&'static str]) -> Row {
    Row {
        builder,
        build,
        expect,
        keep: None,
    }
}

impl Row {
    fn keep(mut self, keep: Keep) -> Row {
        self.keep = Some(keep);
        self
    }
}

fn one(request: HttpRequest) -> Result<Vec<HttpRequest>, String> {
    Ok(vec![request])
}

fn dv(request: Result<HttpRequest, DataverseError>) -> Result<Vec<HttpRequest>, String> {
    request
        .map(|r| vec![r])
        .map_err(|e| format!("the builder refused: {e}"))
}

fn need<'a, T>(value: &'a Option<T>, what: &str) -> Result<&'a T, String> {
    value
        .as_ref()
        .ok_or_else(|| format!("needs {what} from an earlier row"))
}

fn json(response: &HttpResponse) -> Result<serde_json::Value, String> {
    serde_json::from_str(&response.body).map_err(|e| format!("answer is not JSON: {e}"))
}

/// Every request builder of the core, in the order they run: creates before the reads, updates
/// and deletes that need their ids.
fn table() -> Vec<Row> {
    vec![
        // ---- Entra ID token endpoint
        row(
            "auth::token::redeem_code_request",
            |f| {
                let (pending, code) = &f.sign_in;
                one(token::redeem_code_request(
                    &f.token_endpoint,
                    &f.config.client_id,
                    code,
                    &pending.redirect_uri,
                    &pending.verifier,
                    &flow::redemption_scopes(&f.config, false),
                ))
            },
            &["200"],
        ),
        row(
            "auth::token::refresh_request",
            |f| {
                one(token::refresh_request(
                    &f.token_endpoint,
                    &f.config.client_id,
                    &f.refresh_token,
                    &f.config.graph_scopes(),
                ))
            },
            &["200"],
        ),
        // ---- Graph reads
        row(
            "graph::me_request",
            |f| one(graph::me_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::organization_request",
            |f| one(graph::organization_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::setup::organization_request",
            |f| one(setup::organization_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::setup::admin_roles_request",
            |f| one(setup::admin_roles_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::setup::application_by_app_id_request",
            |f| {
                one(setup::application_by_app_id_request(
                    &f.config,
                    &f.graph,
                    &f.existing_app.app_id,
                ))
            },
            &["200"],
        ),
        row(
            "graph::setup::conditional_access_request",
            |f| one(setup::conditional_access_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::setup::security_defaults_request",
            |f| one(setup::security_defaults_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::setup::password_sync_request",
            |f| {
                one(setup::password_sync_request(
                    &f.config,
                    &f.graph_password_sync,
                ))
            },
            &["200"],
        ),
        row(
            "graph::setup::account_request",
            |f| one(setup::account_request(&f.config, &f.graph, demo::ADMIN_OID)),
            &["200"],
        ),
        row(
            "graph::setup::users_by_request",
            |f| {
                Ok(vec![
                    setup::users_by_request(
                        &f.config,
                        &f.graph,
                        "userPrincipalName",
                        "a@contoso.onmicrosoft.com",
                    ),
                    setup::users_by_request(
                        &f.config,
                        &f.graph,
                        "mail",
                        "a@contoso.onmicrosoft.com",
                    ),
                ])
            },
            &["200"],
        ),
        row(
            "graph::setup::list_hrd_policies_request",
            |f| one(setup::list_hrd_policies_request(&f.config, &f.graph)),
            &["200"],
        ),
        row(
            "graph::setup::app_management_policy_request",
            |f| one(setup::app_management_policy_request(&f.config, &f.graph)),
            &["200"],
        ),
        // ---- Graph writes
        row(
            "graph::setup::create_application_request",
            |f| {
                one(setup::create_application_request(
                    &f.config,
                    &f.graph,
                    APP_NAME,
                    &f.scope_id,
                ))
            },
            &["201"],
        )
        .keep(|f, r| {
            f.new_app = Some(setup::parse_application(r).map_err(|e| e.to_string())?);
            Ok(())
        }),
        row(
            "graph::setup::applications_by_name_request",
            |f| {
                one(setup::applications_by_name_request(
                    &f.config, &f.graph, APP_NAME,
                ))
            },
            &["200"],
        )
        .keep(|_, r| {
            // The name survived the URL: the app just created is found by it.
            let (apps, _) = setup::parse_applications(r).map_err(|e| e.to_string())?;
            match apps.iter().filter(|a| a.display_name == APP_NAME).count() {
                1 => Ok(()),
                n => Err(format!("{n} apps named {APP_NAME:?} found, expected 1")),
            }
        }),
        row(
            "graph::setup::fix_application_request",
            |f| {
                // The seeded app as read, also asking Graph's User.Read: the fix must send it back.
                let mut app = f.existing_app.clone();
                app.required_resource_access.insert(
                    0,
                    RequiredResource {
                        resource_app_id: GRAPH_APP_ID.into(),
                        resource_access: vec![ResourceAccess {
                            id: GRAPH_USER_READ.into(),
                            kind: "Scope".into(),
                        }],
                    },
                );
                one(setup::fix_application_request(
                    &f.config,
                    &f.graph,
                    &app,
                    &f.scope_id,
                ))
            },
            &["204"],
        ),
        row(
            "graph::setup::create_service_principal_request",
            |f| {
                one(setup::create_service_principal_request(
                    &f.config,
                    &f.graph,
                    &need(&f.new_app, "the new app")?.app_id,
                ))
            },
            &["201"],
        )
        .keep(|f, r| {
            f.new_sp_id = Some(
                setup::parse_created_service_principal(r)
                    .map_err(|e| e.to_string())?
                    .id,
            );
            Ok(())
        }),
        row(
            "graph::setup::service_principal_by_app_id_request",
            |f| {
                one(setup::service_principal_by_app_id_request(
                    &f.config,
                    &f.graph,
                    &need(&f.new_app, "the new app")?.app_id,
                ))
            },
            &["200"],
        ),
        row(
            "graph::setup::create_consent_grant_request",
            |f| {
                one(setup::create_consent_grant_request(
                    &f.config,
                    &f.graph,
                    need(&f.new_sp_id, "the new service principal")?,
                    &f.dynamics_sp_id,
                ))
            },
            &["201"],
        ),
        row(
            "graph::setup::consent_grant_request",
            |f| {
                one(setup::consent_grant_request(
                    &f.config,
                    &f.graph,
                    need(&f.new_sp_id, "the new service principal")?,
                    &f.dynamics_sp_id,
                ))
            },
            &["200"],
        )
        .keep(|f, r| {
            f.grant = setup::parse_consent_grant(r).map_err(|e| e.to_string())?;
            need(&f.grant, "the grant just created").map(|_| ())
        }),
        row(
            "graph::setup::extend_consent_grant_request",
            |f| {
                // The grant as it would be observed before user_impersonation was granted.
                let grant = PermissionGrant {
                    id: need(&f.grant, "the grant")?.id.clone(),
                    scope: String::new(),
                };
                one(setup::extend_consent_grant_request(
                    &f.config, &f.graph, &grant,
                ))
            },
            &["204"],
        ),
        row(
            "graph::setup::add_password_request",
            |f| {
                one(setup::add_password_request(
                    &f.config,
                    &f.graph,
                    &need(&f.new_app, "the new app")?.id,
                    "Marketo (Sync Setup)",
                    f.now + 180 * 86_400,
                ))
            },
            &["200"],
        )
        .keep(|f, r| {
            f.key_id = Some(
                setup::parse_added_password(r)
                    .map_err(|e| e.to_string())?
                    .key_id
                    .clone(),
            );
            Ok(())
        }),
        row(
            "graph::setup::remove_password_request",
            |f| {
                one(setup::remove_password_request(
                    &f.config,
                    &f.graph,
                    &need(&f.new_app, "the new app")?.id,
                    need(&f.key_id, "the new secret's key id")?,
                ))
            },
            &["204"],
        ),
        row(
            "graph::setup::create_hrd_policy_request",
            |f| {
                one(setup::create_hrd_policy_request(
                    &f.config,
                    &f.graph_hrd,
                    "Marketo: cloud password validation",
                ))
            },
            &["201"],
        )
        .keep(|f, r| {
            f.hrd_policy_id = Some(
                setup::parse_created_hrd_policy(r)
                    .map_err(|e| e.to_string())?
                    .id,
            );
            Ok(())
        }),
        row(
            "graph::setup::assign_hrd_policy_request",
            |f| {
                one(setup::assign_hrd_policy_request(
                    &f.config,
                    &f.graph_hrd,
                    need(&f.new_sp_id, "the new service principal")?,
                    need(&f.hrd_policy_id, "the HRD policy")?,
                ))
            },
            &["204"],
        ),
        row(
            "graph::setup::hrd_policies_request",
            |f| {
                one(setup::hrd_policies_request(
                    &f.config,
                    &f.graph,
                    need(&f.new_sp_id, "the new service principal")?,
                ))
            },
            &["200"],
        ),
        row(
            "graph::setup::assignments_request",
            |f| {
                one(setup::assignments_request(
                    &f.config,
                    &f.graph,
                    need(&f.new_sp_id, "the new service principal")?,
                ))
            },
            &["200"],
        ),
        row(
            "graph::setup::unassign_hrd_policy_request",
            |f| {
                one(setup::unassign_hrd_policy_request(
                    &f.config,
                    &f.graph_hrd,
                    need(&f.new_sp_id, "the new service principal")?,
                    need(&f.hrd_policy_id, "the HRD policy")?,
                ))
            },
            &["204"],
        ),
        row(
            "graph::setup::delete_hrd_policy_request",
            |f| {
                one(setup::delete_hrd_policy_request(
                    &f.config,
                    &f.graph_hrd,
                    need(&f.hrd_policy_id, "the HRD policy")?,
                ))
            },
            &["204"],
        ),
        // ---- Global Discovery
        row(
            "discovery_service::instances_request",
            |f| {
                one(discovery_service::instances_request(
                    &f.config,
                    &f.discovery,
                ))
            },
            &["200"],
        ),
        // ---- Dataverse reads
        row(
            "dataverse::read::whoami_request",
            |f| one(read::whoami_request(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::version_request",
            |f| one(read::version_request(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::organization_request",
            |f| one(read::organization_request(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::email_holders_request",
            |f| {
                one(read::email_holders_request(
                    &f.api,
                    &f.dataverse,
                    "marketo.sync@contoso.onmicrosoft.com",
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::user_privilege_request",
            |f| {
                dv(read::user_privilege_request(
                    &f.api,
                    &f.dataverse,
                    &f.admin_user_id,
                    "prvReadLead",
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::firewall_request",
            |f| one(read::firewall_request(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::root_business_unit_request",
            |f| one(read::root_business_unit_request(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::marketo_solution_request",
            |f| one(read::marketo_solution_request(&f.api, &f.dataverse)),
            &["200"],
        )
        .keep(|f, r| {
            let body = json(r)?;
            let solution = body["value"]
                .as_array()
                .and_then(|list| {
                    list.iter()
                        .find(|s| s["friendlyname"] == read::MARKETO_SOLUTION_NAME)
                })
                .ok_or("no Marketo solution in the answer")?;
            let components = solution["solution_solutioncomponent"]
                .as_array()
                .ok_or("the solution's components were not expanded")?;
            let of_type = |kind: i32| -> Vec<String> {
                components
                    .iter()
                    .filter(|c| c["componenttype"] == kind)
                    .filter_map(|c| c["objectid"].as_str().map(str::to_owned))
                    .collect()
            };
            f.table_metadata_ids = of_type(read::COMPONENT_ENTITY);
            f.step_ids = of_type(read::COMPONENT_PLUGIN_STEP);
            if f.table_metadata_ids.is_empty() || f.step_ids.is_empty() {
                return Err("the solution lists no table or no plug-in step".into());
            }
            Ok(())
        }),
        row(
            "dataverse::read::solution_tables_request",
            |f| {
                dv(read::solution_tables_request(
                    &f.api,
                    &f.dataverse,
                    &f.table_metadata_ids,
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::plugin_steps_request",
            |f| {
                dv(read::plugin_steps_request(
                    &f.api,
                    &f.dataverse,
                    &f.step_ids,
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::marketo_roles_request",
            |f| one(read::marketo_roles_request(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::application_user_request",
            |f| {
                dv(read::application_user_request(
                    &f.api,
                    &f.dataverse,
                    &f.existing_app.app_id,
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::system_user_request",
            |f| {
                dv(read::system_user_request(
                    &f.api,
                    &f.dataverse,
                    &f.existing_app_user_id,
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::sync_filter_column_request",
            |f| {
                dv(read::sync_filter_column_request(
                    &f.api,
                    &f.dataverse,
                    "lead",
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::sync_filter_default_request",
            |f| {
                dv(read::sync_filter_default_request(
                    &f.api,
                    &f.dataverse,
                    "lead",
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::unpublished_requests",
            |f| Ok(read::unpublished_requests(&f.api, &f.dataverse)),
            &["200"],
        ),
        row(
            "dataverse::read::marketo_config_default_request",
            |f| {
                dv(read::marketo_config_default_request(
                    &f.api,
                    &f.dataverse,
                    &f.marketo_config,
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::user_language_request",
            |f| {
                dv(read::user_language_request(
                    &f.api,
                    &f.dataverse,
                    &f.admin_user_id,
                ))
            },
            &["200"],
        ),
        row(
            "dataverse::read::sync_filter_solutions_request",
            |f| one(read::sync_filter_solutions_request(&f.api, &f.dataverse)),
            &["200"],
        )
        .keep(|f, r| match read::parse_sync_filter_solutions(r) {
            Ok(SyncFilterHome::Solution(name)) => {
                f.sync_filter_solution = Some(name);
                Ok(())
            }
            other => Err(format!("no solution of a `new` publisher found: {other:?}")),
        }),
        row(
            "wizard::sync_users::candidates_request",
            |f| one(sync_users::candidates_request(&f.api, &f.dataverse, SEARCH)),
            &["200"],
        ),
        // ---- Dataverse writes, on the application user of the app the Graph rows created
        row(
            "dataverse::write::create_application_user_request",
            |f| {
                dv(write::create_application_user_request(
                    &f.api,
                    &f.dataverse,
                    &need(&f.new_app, "the new app")?.app_id,
                    &f.root_business_unit_id,
                    APP_USER_EMAIL,
                ))
            },
            &["201"],
        )
        .keep(|f, r| {
            f.new_app_user_id = Some(read::parse_system_user(r).map_err(|e| e.to_string())?.id);
            Ok(())
        }),
        row(
            "dataverse::write::update_application_user_request",
            |f| {
                dv(write::update_application_user_request(
                    &f.api,
                    &f.dataverse,
                    need(&f.new_app_user_id, "the new application user")?,
                    Some(APP_USER_EMAIL),
                    true,
                ))
            },
            &["204"],
        ),
        row(
            "dataverse::write::assign_role_request",
            |f| {
                dv(write::assign_role_request(
                    &f.api,
                    &f.dataverse,
                    need(&f.new_app_user_id, "the new application user")?,
                    &f.root_role_id,
                ))
            },
            &["204"],
        ),
        row(
            "dataverse::read::user_role_request",
            |f| {
                dv(read::user_role_request(
                    &f.api,
                    &f.dataverse,
                    need(&f.new_app_user_id, "the new application user")?,
                    &f.root_role_id,
                ))
            },
            &["200"],
        )
        .keep(|_, r| match read::parse_holds_role(r) {
            Ok(true) => Ok(()),
            other => Err(format!("the role just assigned is not held: {other:?}")),
        }),
        row(
            "dataverse::write::remove_role_request",
            |f| {
                dv(write::remove_role_request(
                    &f.api,
                    &f.dataverse,
                    need(&f.new_app_user_id, "the new application user")?,
                    &f.root_role_id,
                ))
            },
            &["204"],
        ),
        row(
            "dataverse::write::set_marketo_config_user_request",
            |f| {
                dv(write::set_marketo_config_user_request(
                    &f.api,
                    &f.dataverse,
                    &f.marketo_config,
                    need(&f.new_app_user_id, "the new application user")?,
                ))
            },
            &["204"],
        ),
        row(
            "dataverse::write::enable_plugin_step_request",
            |f| {
                dv(write::enable_plugin_step_request(
                    &f.api,
                    &f.dataverse,
                    &f.disabled_step_id,
                ))
            },
            &["204"],
        ),
        row(
            "dataverse::read::plugin_step_request",
            |f| {
                dv(read::plugin_step_request(
                    &f.api,
                    &f.dataverse,
                    &f.disabled_step_id,
                ))
            },
            &["200"],
        )
        .keep(|_, r| match read::parse_plugin_step(r) {
            Ok(step) if step.enabled => Ok(()),
            other => Err(format!("the step just enabled is not enabled: {other:?}")),
        }),
        row(
            "dataverse::write::create_sync_filter_column_request",
            |f| {
                dv(write::create_sync_filter_column_request(
                    &f.api,
                    &f.dataverse,
                    "lead",
                    write::FALLBACK_LANGUAGE_CODE,
                    f.sync_filter_solution.as_deref(),
                ))
            },
            // In the solution of the `new` publisher, through a `$batch` part (F10): the batch
            // answers 200 and its one part is the create's own 204.
            &["200"],
        )
        .keep(
            |_, r| match syncsetup_core::dataverse::batch::single_answer(r) {
                Ok(part) if part.status == 204 => Ok(()),
                other => Err(format!(
                    "the batch's part did not create the column: {other:?}"
                )),
            },
        ),
        row(
            "dataverse::write::publish_all_request",
            |f| one(write::publish_all_request(&f.api, &f.dataverse)),
            &["204"],
        ),
        row(
            "dataverse::write::disable_application_user_request",
            |f| {
                dv(write::disable_application_user_request(
                    &f.api,
                    &f.dataverse,
                    need(&f.new_app_user_id, "the new application user")?,
                    Some(&need(&f.new_app, "the new app")?.app_id),
                ))
            },
            &["204"],
        ),
        row(
            "dataverse::write::delete_system_user_request",
            |f| {
                dv(write::delete_system_user_request(
                    &f.api,
                    &f.dataverse,
                    need(&f.new_app_user_id, "the new application user")?,
                ))
            },
            &["204"],
        ),
        // ---- Teardown of the Graph side
        row(
            "graph::setup::delete_application_request",
            |f| {
                one(setup::delete_application_request(
                    &f.config,
                    &f.graph,
                    &need(&f.new_app, "the new app")?.id,
                ))
            },
            &["204"],
        ),
    ]
}

/// `"200"`, or `"<status> <code>"` for an error answer with a code (Graph's and Dataverse's
/// `error.code`, Entra's `error`).
fn outcome(response: &HttpResponse) -> String {
    if response.is_success() {
        return response.status.to_string();
    }
    let code = serde_json::from_str::<serde_json::Value>(&response.body)
        .ok()
        .and_then(|body| {
            let error = &body["error"];
            error["code"]
                .as_str()
                .or_else(|| error.as_str())
                .map(str::to_owned)
        });
    match code {
        Some(code) => format!("{} {code}", response.status),
        None => response.status.to_string(),
    }
}

/// Which service a request goes to, by host.
fn service(request: &HttpRequest, f: &Fixture) -> &'static str {
    let host = request.url.host_str().unwrap_or_default();
    if Some(host) == f.config.graph_url("").host_str() {
        "graph"
    } else if Some(host) == f.api.url("").host_str() {
        "dataverse"
    } else if Some(host) == f.token_endpoint.host_str() {
        "entra"
    } else {
        "other"
    }
}

/// Why an answer is a schema or CORS refusal (issue 14 §3), if it is one.
fn refusal(service: &str, status: u16, outcome: &str) -> Option<&'static str> {
    let code = outcome.split_once(' ').map_or("", |(_, c)| c);
    match (service, status) {
        (_, 405) => Some("method not allowed"),
        ("graph", 400) => Some("Graph refused the request's shape"),
        ("dataverse", 400) if matches!(code, "0x0" | "0x80041100" | "0x80048d19") => {
            Some("Dataverse refused a property, query option or binding")
        }
        ("dataverse", 404) if code == "0x8006088a" => Some("Dataverse has no such resource"),
        _ => None,
    }
}

fn describe(request: &HttpRequest) -> String {
    let path = request.url.path();
    let query = request
        .url
        .query()
        .map(|q| format!("?{}", q.chars().take(60).collect::<String>()))
        .unwrap_or_default();
    format!("{} {path}{query}", request.method.as_str())
}

/// Signs the admin in on the emulated page up to the code, which the redeem row redeems.
async fn authorize_leg(h: &Harness) -> (PendingSignIn, AuthorizationCode) {
    let endpoints = flow::discover(&h.browser, &h.config)
        .await
        .expect("discovery");
    let redirect = Url::parse(&format!("{}/", h.running.hosts.app)).unwrap();
    let (pending, url) = authorize::begin(
        &h.config,
        &endpoints,
        &redirect,
        &support::entropy(),
        support::now(&h.running),
        &AuthorizeOptions::default(),
    );
    let back = support::sign_in_page(&h.browser, &url, ("login_hint", demo::ADMIN_UPN)).await;
    match callback::parse(&back).expect("a callback") {
        Callback::Code { code, .. } => (pending, code),
        Callback::Error(e) => panic!("the sign-in page refused: {e:?}"),
    }
}

async fn fixture(h: &Harness) -> Fixture {
    let tokens = h
        .tokens_with(
            demo::ADMIN_UPN,
            &AuthorizeOptions {
                include_hrd_scope: true,
                ..AuthorizeOptions::default()
            },
        )
        .await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let mut answers = Answers {
        app_user_email: APP_USER_EMAIL.into(),
        ..Answers::default()
    };
    let first = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let Observed::Known(environments) = &first.environments else {
        panic!("Global Discovery: {:?}", first.environments)
    };
    let environment = environments.first().expect("an environment").clone();
    answers.environment_url = Some(environment.url.clone());
    let facts = observe(&ctx, &h.config, &tokens, &answers, Some(&first)).await;

    let directory = facts.directory.known().expect("the directory was read");
    let dynamics = directory.dynamics.clone().expect("Dynamics CRM is there");
    let existing_app = directory.app.clone().expect("half-configured has its app");
    let dv_facts = match &facts.dataverse {
        Some(Observed::Known(dv)) => dv.clone(),
        other => panic!("Dataverse: {other:?}"),
    };
    let root_business_unit_id = dv_facts.root_business_unit.id.clone();
    let root_role_id = dv_facts
        .marketo_roles
        .iter()
        .find(|r| r.business_unit_id == root_business_unit_id)
        .expect("the root business unit's Marketo Sync User")
        .id
        .clone();
    let existing_app_user_id = dv_facts
        .application_user
        .as_ref()
        .expect("half-configured has an application user")
        .id
        .clone();
    let marketo_config = dv_facts.marketo_config.clone().expect("Marketo Config");
    assert!(marketo_config.default_record_id.is_some(), "its Default");
    let disabled_step_id = dv_facts
        .plugin_steps
        .iter()
        .find(|s| !s.enabled)
        .expect("half-configured has a disabled step")
        .id
        .clone();

    // Every token first: the refresh row rotates the session's refresh token.
    let graph = tokens
        .token(&h.config.graph_scopes(), false)
        .await
        .expect("a Graph token");
    let graph_hrd = tokens
        .token(&h.config.graph_scopes_with_hrd(), true)
        .await
        .expect("a Graph token with the HRD permission");
    let graph_password_sync = tokens
        .token(&h.config.graph_scopes_with_password_sync(), false)
        .await
        .expect("a Graph token with the password hash sync permission");
    let discovery = tokens
        .token(&[h.config.global_discovery_scope()], false)
        .await
        .expect("a Global Discovery token");
    let dataverse = tokens
        .token(&[dataverse::dataverse_scope(&environment.url)], false)
        .await
        .expect("a Dataverse token");
    let now = support::now(&h.running);
    let cache = tokens.cache.borrow().clone();
    let refresh_token = cache.refresh_token(now).expect("a refresh token").clone();
    let token_endpoint = Url::parse(&cache.token_endpoint).unwrap();
    let sign_in = authorize_leg(h).await;

    Fixture {
        graph,
        graph_hrd,
        graph_password_sync,
        discovery,
        dataverse,
        api: WebApi::of(&environment).expect("the Web API URL"),
        token_endpoint,
        refresh_token,
        sign_in,
        now,
        dynamics_sp_id: dynamics.id,
        scope_id: dynamics
            .user_impersonation_scope_id
            .unwrap_or_else(|| setup::USER_IMPERSONATION_SCOPE_ID.into()),
        existing_app,
        new_app: None,
        new_sp_id: None,
        grant: None,
        key_id: None,
        hrd_policy_id: None,
        admin_user_id: dv_facts.whoami.user_id.clone(),
        root_business_unit_id,
        root_role_id,
        existing_app_user_id,
        marketo_config,
        disabled_step_id,
        table_metadata_ids: Vec::new(),
        step_ids: Vec::new(),
        new_app_user_id: None,
        sync_filter_solution: None,
        config: h.config.clone(),
    }
}

#[tokio::test]
async fn every_request_the_core_builds_passes_the_strict_emulator() {
    let h = Harness::start("half-configured").await;
    let mut f = fixture(&h).await;
    let mut lines: Vec<(String, String, String, String)> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for row in table() {
        let requests = match (row.build)(&f) {
            Ok(requests) => requests,
            Err(why) => {
                failures.push(format!("{}: could not build: {why}", row.builder));
                lines.push((
                    row.builder.into(),
                    "-".into(),
                    "not built".into(),
                    String::new(),
                ));
                continue;
            }
        };
        assert!(!requests.is_empty(), "{} built no request", row.builder);
        for request in requests {
            let shown = describe(&request);
            let service = service(&request, &f);
            let (label, answer) = match h.browser.call(request).await {
                Ok(response) => (outcome(&response), Some(response)),
                Err(e) => (format!("TransportError: {}", e.detail), None),
            };
            let refused = match &answer {
                None => Some("the browser would block it (CORS or network)"),
                Some(r) => refusal(service, r.status, &label),
            };
            let expected = row.expect.contains(&label.as_str());
            let mark = match (expected, refused) {
                (true, None) => "ok",
                (_, Some(_)) => "REFUSED",
                (false, None) => "UNEXPECTED",
            };
            if mark == "REFUSED" || mark == "UNEXPECTED" {
                let body = answer
                    .as_ref()
                    .map(|r| r.body.chars().take(300).collect::<String>())
                    .unwrap_or_default();
                failures.push(format!(
                    "{}: {shown} → {label}{} (expected {:?}) {body}",
                    row.builder,
                    refused.map(|r| format!(" — {r}")).unwrap_or_default(),
                    row.expect,
                ));
            } else if let (Some(keep), Some(response)) = (row.keep, &answer) {
                if let Err(why) = keep(&mut f, response) {
                    failures.push(format!("{}: {shown} → {label}, but {why}", row.builder));
                }
            }
            lines.push((row.builder.into(), shown, label, mark.into()));
        }
    }
    let width = lines.iter().map(|l| l.0.len()).max().unwrap_or(0);
    println!("\nconformance: builder → outcome (half-configured, strict emulator)");
    for (builder, request, label, mark) in &lines {
        println!("  {builder:width$}  {label:<16} {mark:<14} {request}");
    }
    assert!(
        failures.is_empty(),
        "{} request(s) were refused or answered otherwise than expected:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every `pub` / `pub(crate)` / `pub(super)` function of the core whose name ends in `_request`
/// or `_requests`, as `module::path::name`.
fn builders_in(src: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, src: &Path, found: &mut BTreeSet<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, src, found);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let module: Vec<String> = path
                .strip_prefix(src)
                .unwrap()
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .filter(|c| c != "mod" && c != "lib")
                .collect();
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                let Some(rest) = ["pub fn ", "pub(crate) fn ", "pub(super) fn "]
                    .iter()
                    .find_map(|p| line.trim_start().strip_prefix(p))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let opens = rest[name.len()..].starts_with(['(', '<']);
                if opens && (name.ends_with("_request") || name.ends_with("_requests")) {
                    let mut path = module.clone();
                    path.push(name);
                    found.insert(path.join("::"));
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(src, src, &mut found);
    found
}

#[test]
fn every_builder_of_the_core_is_in_the_table() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../syncsetup-core/src");
    let in_core = builders_in(&src);
    assert!(
        in_core.len() >= 50,
        "only {} builders found in {}: is the scan broken?",
        in_core.len(),
        src.display()
    );
    let rows = table();
    let mut in_table = BTreeSet::new();
    for row in &rows {
        assert!(
            in_table.insert(row.builder.to_owned()),
            "{} is in the conformance table twice",
            row.builder
        );
    }
    let missing: Vec<&String> = in_core.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "request builder(s) of the core missing from the conformance table in {}:\n  {}\n\
         Add a row for each to `table()`: build the request from the fixture, send it through \
         the strict emulator, and name the outcome it must get (issue 14 §3).",
        file!(),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    let stale: Vec<&String> = in_table.difference(&in_core).collect();
    assert!(
        stale.is_empty(),
        "the conformance table names builder(s) the core no longer has: {stale:?}"
    );
}
