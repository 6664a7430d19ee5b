//! `observe`: read everything the plan and the checks need, in as few rounds as the APIs allow.
//!
//! Rounds (independent reads inside a round go out together):
//! 1. Graph organization, the admin's roles, the Dynamics CRM service principal, the Marketo app
//!    (by app id when known, else by name), the app-management policy, security defaults; Global
//!    Discovery; and the first of the chosen environment's three Dataverse rounds
//!    (`dataverse::observe`, the IP firewall among them).
//! 2. The app's service principal and its Dataverse application user (both need Graph's app id);
//!    Conditional Access (asked only when the admin's roles may read it: round 1 tells);
//!    password hash sync (only for a federated domain in the client-app mode, by a Global
//!    Administrator, with the federated-domain permission);
//!    who else has the application user's e-mail (Entra and Dataverse; it needs the tenant's
//!    default domain); Dataverse's second round.
//! 3. The consent grant, the HRD policies and (when it requires assignment) the assignments of
//!    that service principal; the sync user's effective privileges; Dataverse's third round.
//!
//! The pre-flight reads (Conditional Access, security defaults, password hash sync, firewall,
//! assignments, e-mail holders, privileges) are advisory: one that fails is `Unknown` in its own fact and never makes
//! the directory or the environment unknown.
//!
//! Dataverse can start in round 1 only because the caller passes the facts of an earlier
//! observation, whose Global Discovery list already gave the chosen environment's Web API URL —
//! after a reload, `Facts::remembered` with the two URLs the page kept in its progress. With
//! neither (no environment chosen yet in this tab) Dataverse waits for Global Discovery: four
//! rounds.
//! Either way the environment must be listed by this observation's Global Discovery, with the same
//! Web API URL, or its Dataverse facts are dropped (or read again from the listed URL).
//!
//! A read that fails becomes `Observed::Unknown` with its explanation — never "absent". When a
//! service answers 401 (an access token expired or was revoked although the browser's clock
//! still trusted it), that resource's token is refreshed and the whole observation runs once more.

use crate::i18n::{Arg, Text, TextKey};
use std::cell::RefCell;

use futures_util::future::{join, join3};

use super::plan::{Answers, ConnectionMode};
use super::tokens::TokenSource;
use crate::config::Config;
use crate::facts::{role_ids, DirectoryFacts, Environment, Facts, Observed};
use crate::graph::setup as graph;
use crate::graph::GraphError;
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;
use crate::{dataverse, discovery_service};

/// Parses what a read brought back; a transport failure is an error like any other.
fn parsed<T>(
    sent: Result<HttpResponse, crate::http::TransportError>,
    parse: impl Fn(&HttpResponse) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    parse(&sent?)
}

fn unknown<T>(result: Result<T, GraphError>) -> Observed<T> {
    match result {
        Ok(value) => Observed::Known(value),
        Err(e) => Observed::Unknown(e.explain()),
    }
}

/// Reads the tenant. Never fails as a whole: what could not be read is `Unknown`. `earlier` is the
/// last observation, if any: its environment list lets Dataverse start in round 1.
pub async fn observe<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    earlier: Option<&Facts>,
) -> Facts {
    let unauthorized = RefCell::new(Vec::new());
    let facts = observe_once(ctx, config, tokens, answers, earlier, &unauthorized).await;
    let refused = unauthorized.take();
    if refused.is_empty() {
        return facts;
    }
    for scopes in &refused {
        // A failed refresh shows up as an Unknown fact in the second pass.
        let _ = tokens.token(scopes, true).await;
    }
    observe_once(
        ctx,
        config,
        tokens,
        answers,
        earlier,
        &RefCell::new(Vec::new()),
    )
    .await
}

/// A read's outcome as a fact.
fn observed<T>(result: Result<T, crate::explain::Explanation>) -> Observed<T> {
    match result {
        Ok(value) => Observed::Known(value),
        Err(why) => Observed::Unknown(why),
    }
}

/// One Dataverse read of the environment at `url` with its token; a 401 is noted so the token is
/// refreshed and the observation read again.
async fn dataverse_read<T, Tk, F, Fut>(
    tokens: &Tk,
    unauthorized: &RefCell<Vec<Vec<String>>>,
    url: &str,
    read: F,
) -> Result<T, crate::explain::Explanation>
where
    Tk: TokenSource,
    F: FnOnce(AccessToken) -> Fut,
    Fut: std::future::Future<Output = Result<T, dataverse::DataverseError>>,
{
    let scopes = vec![dataverse::dataverse_scope(url)];
    let token = tokens
        .token(&scopes, false)
        .await
        .map_err(|e| e.explain())?;
    read(token).await.map_err(|e| {
        note_401(unauthorized, e.status(), &scopes);
        e.explain()
    })
}

/// Notes the scopes whose service answered 401.
fn note_401(unauthorized: &RefCell<Vec<Vec<String>>>, status: Option<u16>, scopes: &[String]) {
    let mut list = unauthorized.borrow_mut();
    if status == Some(401) && !list.iter().any(|s| s.as_slice() == scopes) {
        list.push(scopes.to_vec());
    }
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// The environment `url` names in a Global Discovery list.
fn listed<'a>(environments: &'a Observed<Vec<Environment>>, url: &str) -> Option<&'a Environment> {
    environments.known()?.iter().find(|e| same_url(&e.url, url))
}

async fn observe_once<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &Answers,
    earlier: Option<&Facts>,
    unauthorized: &RefCell<Vec<Vec<String>>>,
) -> Facts {
    let graph_scopes = config.graph_scopes();
    let read = |request: HttpRequest| {
        let graph_scopes = &graph_scopes;
        async move {
            let response = ctx.send(request).await;
            if let Ok(r) = &response {
                note_401(unauthorized, Some(r.status), graph_scopes);
            }
            response
        }
    };
    let read = &read;
    let graph_token = match tokens.token(&config.graph_scopes(), false).await {
        Ok(token) => token,
        Err(e) => {
            let why = e.explain();
            return Facts {
                tenant: Observed::Unknown(why.clone()),
                admin_roles: Observed::Unknown(why.clone()),
                directory: Observed::Unknown(why.clone()),
                environments: Observed::Unknown(why),
                dataverse: None,
                email_holders: None,
                sync_user_account: None,
                sync_user_language: None,
            };
        }
    };

    // The chosen environment as an earlier Global Discovery listed it: Dataverse starts now.
    let known_environment = answers
        .environment_url
        .as_deref()
        .and_then(|url| listed(&earlier?.environments, url));
    // Marketo Config's Read privilege name, from the environment's round 2 to the privileges
    // read of round 3. The first environment read takes the sender (exactly one of the early and
    // the late read runs whenever privileges are read); a read that ends early drops it, and the
    // privileges are then read without that one.
    let (config_privilege_sender, config_privilege) = futures_channel::oneshot::channel();
    let config_privilege_sender = RefCell::new(Some(config_privilege_sender));
    let config_privilege_sender = &config_privilege_sender;
    // Everything of one environment but its application user (`dataverse::observe`'s 3 rounds).
    // Boxed: the state machine is large, and it is awaited from up to three places.
    let environment_facts = |environment: Environment| {
        let sender = config_privilege_sender.borrow_mut().take();
        Box::pin(async move {
            let environment = &environment;
            dataverse_read(tokens, unauthorized, &environment.url, |token| async move {
                dataverse::observe::environment_facts(
                    ctx,
                    &token,
                    environment,
                    &answers.sync_filter_tables,
                    sender,
                )
                .await
            })
            .await
        })
    };
    let application_user = |environment: Environment, app_id: String| async move {
        let environment = &environment;
        dataverse_read(tokens, unauthorized, &environment.url, |token| async move {
            dataverse::observe::application_user(ctx, &token, environment, &app_id).await
        })
        .await
    };

    let sync_user_privileges = |environment: Environment, user_id: String, also: Option<String>| async move {
        let environment = &environment;
        observed(
            dataverse_read(tokens, unauthorized, &environment.url, |token| async move {
                dataverse::observe::sync_user_privileges(
                    ctx,
                    &token,
                    environment,
                    &user_id,
                    also.as_deref(),
                )
                .await
            })
            .await,
        )
    };

    // Round 1.
    let apps_request = match &answers.app_id {
        Some(app_id) => graph::application_by_app_id_request(config, &graph_token, app_id),
        None => graph::applications_by_name_request(config, &graph_token, &answers.app_name),
    };
    // All five Graph reads of round 1 go out together, with Global Discovery. They are plain
    // sends (one future type) and are parsed once the round is back.
    let graph_reads = futures_util::future::join5(
        read(graph::organization_request(config, &graph_token)),
        read(graph::admin_roles_request(config, &graph_token)),
        read(graph::service_principal_by_app_id_request(
            config,
            &graph_token,
            graph::DYNAMICS_CRM_APP_ID,
        )),
        read(apps_request),
        read(graph::app_management_policy_request(config, &graph_token)),
    );
    // Advisory read of round 1: security defaults (Policy.Read.All is enough).
    let sign_in_policies = read(graph::security_defaults_request(config, &graph_token));
    let early_environment_facts = async {
        match known_environment {
            Some(environment) => Some(environment_facts(environment.clone()).await),
            None => None,
        }
    };
    let directory_side = async {
        let (((organization, roles, dynamics, apps, policy), defaults), environments) = join(
            join(graph_reads, sign_in_policies),
            environments(ctx, config, tokens, unauthorized),
        )
        .await;
        let security_defaults = unknown(parsed(defaults, graph::parse_security_defaults));
        let organization = parsed(organization, graph::parse_organization);
        let roles = parsed(roles, graph::parse_admin_roles);
        // Round 2: Conditional Access, which Graph lets only some roles read: not asked when the
        // admin's roles are known to hold none of them (the answer would be a 403).
        let conditional_access_read = async {
            let may_read = roles.as_ref().map_or(true, |held| {
                held.iter()
                    .any(|r| role_ids::CONDITIONAL_ACCESS_READERS.contains(&r.template_id.as_str()))
            });
            if !may_read {
                return Observed::Unknown(crate::explain::Explanation::new(
                    TextKey::EntraIDRolesCannotReadConditional,
                    TextKey::GraphLetsGlobalAdministratorsGlobalReaders,
                    TextKey::SignOneThoseRolesGlobalReader,
                ));
            }
            unknown(parsed(
                read(graph::conditional_access_request(config, &graph_token)).await,
                graph::parse_conditional_access,
            ))
        };
        // Round 2: password hash sync, read only where it decides something — a federated
        // domain in the client-app mode, whose password grant needs cloud password validation —
        // and only by the role Graph lets read it, with the one permission it needs (asked for
        // in the federated-domain consent; until then the token request is refused and the fact
        // says so, leaving the session's other tokens alone).
        let password_sync_read = async {
            let federated = organization
                .as_ref()
                .is_ok_and(|t| t.domains.iter().any(|d| d.federated));
            if answers.mode != ConnectionMode::ClientApp || !federated {
                return None;
            }
            let global_admin = roles.as_ref().map_or(true, |held| {
                held.iter()
                    .any(|r| r.template_id == role_ids::GLOBAL_ADMINISTRATOR)
            });
            if !global_admin {
                return Some(Observed::Unknown(crate::explain::Explanation::new(
                    TextKey::OnlyGlobalAdministratorCanReadWhether,
                    TextKey::GraphLetsOnlyGlobalAdministratorsRead,
                    TextKey::SignGlobalAdministratorHaveCheckedConfirm,
                )));
            }
            let token = match tokens
                .token(&config.graph_scopes_with_password_sync(), false)
                .await
            {
                Ok(token) => token,
                Err(e) => {
                    return Some(Observed::Unknown(
                        crate::explain::Explanation::new(
                            TextKey::SignInMayNotReadWhetherPassword,
                            Text::with(
                                TextKey::ReadingNeedsPermissionWhichPageAsks,
                                [Arg::from(crate::config::PASSWORD_SYNC_GRAPH_SCOPE)],
                            ),
                            TextKey::ApplyPlanHomeRealmDiscoveryStep,
                        )
                        .with_detail(e.explain().what.wire()),
                    ))
                }
            };
            Some(unknown(parsed(
                read(graph::password_sync_request(config, &token)).await,
                graph::parse_password_sync,
            )))
        };
        let dynamics = parsed(dynamics, graph::parse_resource_service_principal);
        let apps = parsed(apps, graph::parse_applications);
        let policy = parsed(policy, graph::parse_app_management_policy);
        let chosen_env = answers
            .environment_url
            .as_deref()
            .and_then(|url| listed(&environments, url))
            .cloned();
        let candidate_apps = apps.map(|(apps, _)| apps);
        let app = candidate_apps
            .as_ref()
            .ok()
            .and_then(|apps| match &answers.app_id {
                Some(id) => apps.iter().find(|a| &a.app_id == id).cloned(),
                None if apps.len() == 1 => apps.first().cloned(),
                None => None,
            });

        // Round 2: the service principal and the application user; round 3: grant and HRD.
        let directory_read = async {
            let candidate_apps = candidate_apps.clone()?;
            let dynamics = dynamics.clone()?;
            // Advisory (F1): an unreadable policy never makes the directory unknown.
            let password_policy = unknown(policy.clone());
            // The service principal and Conditional Access go out together (round 2).
            let service_principal = async {
                match &app {
                    Some(app) => Some(
                        read(graph::service_principal_by_app_id_request(
                            config,
                            &graph_token,
                            &app.app_id,
                        ))
                        .await,
                    ),
                    None => None,
                }
            };
            let (service_principal, conditional_access, password_hash_sync) = join3(
                service_principal,
                conditional_access_read,
                password_sync_read,
            )
            .await;
            let mut directory = DirectoryFacts {
                dynamics,
                candidate_apps,
                app: app.clone(),
                service_principal: None,
                consent: None,
                hrd_policies: Vec::new(),
                assignments: None,
                conditional_access,
                security_defaults: security_defaults.clone(),
                password_policy,
                password_hash_sync,
            };
            if let Some(sent) = service_principal {
                directory.service_principal = parsed(sent, graph::parse_service_principal)?;
            }
            if let Some(sp) = &directory.service_principal {
                let consent = async {
                    match &directory.dynamics {
                        Some(crm) => parsed(
                            read(graph::consent_grant_request(
                                config,
                                &graph_token,
                                &sp.id,
                                &crm.id,
                            ))
                            .await,
                            graph::parse_consent_grant,
                        ),
                        None => Ok(None),
                    }
                };
                let hrd = read(graph::hrd_policies_request(config, &graph_token, &sp.id));
                // Advisory like the policy: an unreadable list never makes the directory unknown.
                let assignments = async {
                    if !sp.assignment_required {
                        return None;
                    }
                    let sent = read(graph::assignments_request(config, &graph_token, &sp.id)).await;
                    Some(unknown(parsed(sent, graph::parse_assignments)))
                };
                let (consent, hrd, assignments) = join3(consent, hrd, assignments).await;
                directory.consent = consent?;
                directory.hrd_policies = parsed(hrd, graph::parse_hrd_policies)?;
                directory.assignments = assignments;
            }
            Ok::<_, GraphError>(directory)
        };
        let app_user_read = async {
            let environment = chosen_env.clone()?;
            let app_id = app.as_ref()?.app_id.clone();
            Some(application_user(environment, app_id).await)
        };
        // The sync user's effective privileges, in the round after its id is known: S2S, the
        // application user just read; client app, the picked user (round 2 with the rest).
        let app_user_and_privileges = async {
            let found = app_user_read.await;
            let user_id = match answers.mode {
                ConnectionMode::ServerToServer => match &found {
                    Some(Ok(Some((user, _)))) => Some(user.id.clone()),
                    _ => None,
                },
                ConnectionMode::ClientApp => answers.sync_user_id.clone(),
            };
            let privileges = match (user_id, chosen_env.clone()) {
                (Some(user_id), Some(environment)) => {
                    // Marketo Config's privilege name comes with the environment's round 2 —
                    // the round that read the application user. Awaited only here: with an
                    // environment chosen, its read has taken the sender.
                    let also = config_privilege.await.ok().flatten();
                    Some(sync_user_privileges(environment, user_id, also).await)
                }
                _ => None,
            };
            (found, privileges)
        };
        // S2S: who else carries the application user's e-mail (typed, or the one the form
        // proposes), in Entra and in the chosen environment — read before the user is created.
        let email = match answers.mode {
            ConnectionMode::ServerToServer if !answers.app_user_email.is_empty() => {
                Some(answers.app_user_email.clone())
            }
            ConnectionMode::ServerToServer => organization
                .as_ref()
                .ok()
                .and_then(crate::facts::suggested_app_user_email),
            ConnectionMode::ClientApp => None,
        };
        let email_holders_read = async {
            let email = email?;
            let by = |property: &'static str| {
                read(graph::users_by_request(
                    config,
                    &graph_token,
                    property,
                    &email,
                ))
            };
            let dataverse = async {
                let environment = &chosen_env.clone()?;
                let email = &email;
                Some(observed(
                    dataverse_read(tokens, unauthorized, &environment.url, |token| async move {
                        dataverse::observe::email_holders(ctx, &token, environment, email).await
                    })
                    .await,
                ))
            };
            let ((upn, mail), dataverse) =
                join(join(by("userPrincipalName"), by("mail")), dataverse).await;
            let entra = parsed(upn, graph::parse_users).and_then(|mut holders| {
                for h in parsed(mail, graph::parse_users)? {
                    if !holders.iter().any(|o| o.id == h.id) {
                        holders.push(h);
                    }
                }
                Ok(holders)
            });
            Some(crate::facts::EmailHolders {
                email: email.clone(),
                entra: unknown(entra),
                dataverse,
            })
        };
        // Without an earlier list, the environment's own rounds start once Global Discovery
        // has answered (rounds 2 to 4).
        let late_environment_facts = async {
            if known_environment.is_some() {
                return None;
            }
            Some(environment_facts(chosen_env.clone()?).await)
        };
        let ((directory, (app_user, privileges), late), email_holders) = join(
            join3(
                directory_read,
                app_user_and_privileges,
                late_environment_facts,
            ),
            email_holders_read,
        )
        .await;
        Parts {
            email_holders,
            privileges,
            organization,
            roles,
            directory,
            environments,
            chosen_env,
            app_user,
            late,
        }
    };
    let (parts, early) = join(directory_side, early_environment_facts).await;
    let Parts {
        email_holders,
        privileges,
        organization,
        roles,
        directory,
        environments,
        chosen_env,
        app_user,
        late,
    } = parts;

    let dataverse = match (chosen_env, early.or(late)) {
        // Not (or no longer) listed, or Global Discovery could not be read: no Dataverse facts,
        // as when no environment is chosen.
        (None, _) => None,
        (Some(_), None) => None,
        (Some(listed), Some(read)) => {
            // Read from the earlier list's Web API URL, which this list no longer gives: read
            // again from the one it gives (rare; costs the rounds the early start saved).
            let read = match (&read, known_environment) {
                (_, Some(earlier)) if !same_url(&earlier.api_url, &listed.api_url) => {
                    environment_facts(listed.clone()).await
                }
                _ => read,
            };
            Some(match (read, app_user) {
                (Err(why), _) | (_, Some(Err(why))) => Observed::Unknown(why),
                (Ok(mut facts), app_user) => {
                    if let Some(Ok(found)) = app_user {
                        dataverse::observe::with_application_user(&mut facts, found);
                    }
                    if let Some(privileges) = privileges {
                        facts.sync_user_privileges = Some(privileges);
                    }
                    Observed::Known(facts)
                }
            })
        }
    };

    // Client-app mode: the picked sync user's Entra account and Dynamics language (its object id
    // comes from Dataverse, so this is one more round, in this mode only).
    let (sync_user_account, sync_user_language) = match (
        answers.mode,
        answers.sync_user_id.as_deref(),
        &dataverse,
        answers
            .environment_url
            .as_deref()
            .and_then(|url| listed(&environments, url)),
    ) {
        (ConnectionMode::ClientApp, Some(id), Some(Observed::Known(dv)), Some(environment)) => {
            let oid = dv
                .role_holders
                .iter()
                .find(|u| u.id == id)
                .and_then(|u| u.azure_object_id.clone());
            let account = async {
                let oid = oid?;
                Some(unknown(parsed(
                    read(graph::account_request(config, &graph_token, &oid)).await,
                    graph::parse_account,
                )))
            };
            let language = async {
                Some(observed(
                    dataverse_read(tokens, unauthorized, &environment.url, |token| async move {
                        dataverse::observe::user_language(ctx, &token, environment, id).await
                    })
                    .await,
                ))
            };
            join(account, language).await
        }
        _ => (None, None),
    };

    Facts {
        sync_user_account,
        sync_user_language,
        tenant: unknown(organization),
        admin_roles: unknown(roles),
        directory: unknown(directory),
        environments,
        dataverse,
        email_holders,
    }
}

/// What the directory side of an observation brings back.
struct Parts<Org, Roles, Dir> {
    email_holders: Option<crate::facts::EmailHolders>,
    privileges: Option<Observed<Vec<crate::facts::HeldPrivilege>>>,
    organization: Org,
    roles: Roles,
    directory: Dir,
    environments: Observed<Vec<Environment>>,
    chosen_env: Option<Environment>,
    app_user: Option<Result<dataverse::observe::ApplicationUser, crate::explain::Explanation>>,
    late: Option<Result<crate::facts::DataverseFacts, crate::explain::Explanation>>,
}

async fn environments<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    unauthorized: &RefCell<Vec<Vec<String>>>,
) -> Observed<Vec<crate::facts::Environment>> {
    let scopes = [config.global_discovery_scope()];
    let token: AccessToken = match tokens.token(&scopes, false).await {
        Ok(token) => token,
        Err(e) => return Observed::Unknown(e.explain()),
    };
    match discovery_service::environments(ctx, config, &token).await {
        Ok(list) => Observed::Known(list),
        Err(e) => {
            note_401(unauthorized, e.status(), &scopes);
            Observed::Unknown(e.explain())
        }
    }
}
