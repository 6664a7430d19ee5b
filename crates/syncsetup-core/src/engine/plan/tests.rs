//! Plan tests over hand-built facts: a fresh tenant, a complete one, and each way to be blocked.

use super::*;
use crate::facts::*;

pub(crate) const NOW: u64 = 1_795_255_200; // 2026-11-21T10:00:00Z

pub(crate) fn config() -> Config {
    Config::from_json(r#"{"clientId":"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}"#).unwrap()
}

pub(crate) fn environment() -> Environment {
    Environment {
        id: "org-1".into(),
        unique_name: "contoso".into(),
        friendly_name: "Contoso Sales".into(),
        url: "https://contoso.crm.dynamics.com".into(),
        api_url: "https://contoso.api.crm.dynamics.com".into(),
        enabled: true,
        ready: true,
        version: "9.2.24091.00200".into(),
        region: "NA".into(),
        is_user_sys_admin: true,
        organization_type: Some(0),
        purpose: String::new(),
        trial_expires: None,
    }
}

fn user(id: &str, name: &str) -> SystemUser {
    SystemUser {
        id: id.into(),
        full_name: name.into(),
        email: Some(format!("{id}@contoso.com")),
        application_id: None,
        azure_object_id: None,
        disabled: false,
        access_mode: Some(0),
        business_unit_id: Some("bu-root".into()),
        licensed: None,
        user_name: None,
    }
}

/// A tenant with Dynamics and the Marketo solution, but no Marketo setup yet.
pub(crate) fn fresh() -> Facts {
    Facts {
        tenant: Observed::Known(TenantFacts {
            id: "t-1".into(),
            display_name: "Contoso".into(),
            domains: vec![Domain {
                name: "contoso.onmicrosoft.com".into(),
                federated: false,
                is_default: true,
            }],
        }),
        admin_roles: Observed::Known(vec![DirectoryRole {
            template_id: role_ids::GLOBAL_ADMINISTRATOR.into(),
            display_name: "Global Administrator".into(),
        }]),
        directory: Observed::Known(DirectoryFacts {
            dynamics: Some(ResourceServicePrincipal {
                id: "sp-crm".into(),
                user_impersonation_scope_id: Some(graph::USER_IMPERSONATION_SCOPE_ID.into()),
            }),
            candidate_apps: vec![],
            app: None,
            service_principal: None,
            consent: None,
            hrd_policies: vec![],
            assignments: None,
            conditional_access: Observed::Known(vec![]),
            security_defaults: Observed::Known(false),
            password_policy: Observed::Known(PasswordPolicy::default()),
            password_hash_sync: None,
        }),
        environments: Observed::Known(vec![environment()]),
        dataverse: Some(Observed::Known(DataverseFacts {
            environment_url: environment().url,
            api_url: environment().api_url,
            base_language_code: Some(1033),
            whoami: WhoAmI {
                user_id: "admin-user".into(),
                business_unit_id: "bu-root".into(),
                organization_id: "org-1".into(),
            },
            version: "9.2.24091.00200".into(),
            root_business_unit: BusinessUnit {
                id: "bu-root".into(),
                name: "contoso".into(),
            },
            solution: Some(Solution {
                id: "sol-1".into(),
                unique_name: "MarketoLM".into(),
                friendly_name: "Marketo Lead Management".into(),
                version: "5.0.2.1".into(),
            }),
            marketo_roles: vec![Role {
                id: "role-root".into(),
                name: "Marketo Sync User".into(),
                business_unit_id: "bu-root".into(),
            }],
            application_user: None,
            application_user_role_ids: vec![],
            role_holders: vec![],
            role_assignments: vec![],
            marketo_config: Some(MarketoConfig {
                logical_name: "mkto_config".into(),
                entity_set: "mkto_configs".into(),
                primary_id_attribute: "mkto_configid".into(),
                primary_name_attribute: "mkto_name".into(),
                user_lookup_attribute: "mkto_marketouser".into(),
                user_navigation_property: "mkto_MarketoUser".into(),
                read_privilege: None,
                default_record_id: Some("cfg-default".into()),
                default_marketo_user_id: None,
            }),
            plugin_steps: vec![PluginStep {
                id: "step-1".into(),
                name: "Lead create".into(),
                enabled: true,
            }],
            sync_filter_columns: vec![],
            sync_filter_home: None,
            unpublished_customizations: Some(false),
            firewall: Observed::Known(Firewall::default()),
            sync_user_privileges: None,
            publish_due: false,
        })),
        // Nobody has the e-mail the page proposes (the wizard's tests take it).
        email_holders: Some(EmailHolders {
            email: "marketo.sync@contoso.onmicrosoft.com".into(),
            entra: Observed::Known(vec![]),
            dataverse: Some(Observed::Known(vec![])),
        }),
        sync_user_account: None,
        sync_user_language: None,
    }
}

/// The same tenant after a complete S2S setup.
pub(crate) fn complete() -> Facts {
    let mut facts = fresh();
    let Observed::Known(directory) = &mut facts.directory else {
        unreachable!()
    };
    directory.app = Some(AppRegistration {
        id: "obj-1".into(),
        app_id: "app-1".into(),
        display_name: "Marketo Integration".into(),
        sign_in_audience: "AzureADMyOrg".into(),
        required_resource_access: vec![RequiredResource {
            resource_app_id: crate::graph::setup::DYNAMICS_CRM_APP_ID.into(),
            resource_access: vec![ResourceAccess {
                id: crate::graph::setup::USER_IMPERSONATION_SCOPE_ID.into(),
                kind: "Scope".into(),
            }],
        }],
        passwords: vec![PasswordCredential {
            key_id: "k1".into(),
            display_name: None,
            hint: Some("abc".into()),
            end: Some(NOW + 100 * 86_400),
        }],
        created: None,
    });
    directory.candidate_apps = vec![directory.app.clone().unwrap()];
    directory.service_principal = Some(ServicePrincipal {
        id: "sp-1".into(),
        app_id: "app-1".into(),
        account_enabled: true,
        assignment_required: false,
    });
    directory.consent = Some(PermissionGrant {
        id: "g-1".into(),
        scope: "user_impersonation".into(),
    });
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    let mut app_user = user("app-user", "# Marketo Integration");
    app_user.application_id = Some("app-1".into());
    app_user.access_mode = Some(4);
    dv.application_user = Some(app_user.clone());
    dv.application_user_role_ids = vec!["role-root".into()];
    dv.role_holders = vec![app_user];
    dv.marketo_config.as_mut().unwrap().default_marketo_user_id = Some("app-user".into());
    dv.sync_user_privileges = Some(Observed::Known(
        SYNC_PRIVILEGES
            .iter()
            .map(|p| HeldPrivilege {
                name: p.to_string(),
                depth: Some(PrivilegeDepth::Global),
            })
            .collect(),
    ));
    let email = app_user_email_of(&dv.application_user);
    facts.email_holders = Some(EmailHolders {
        email,
        entra: Observed::Known(vec![]),
        dataverse: Some(Observed::Known(vec![dv.application_user.clone().unwrap()])),
    });
    facts
}

fn app_user_email_of(user: &Option<SystemUser>) -> String {
    user.as_ref()
        .and_then(|u| u.email.clone())
        .unwrap_or_default()
}

pub(crate) fn answers() -> Answers {
    Answers {
        environment_url: Some("https://contoso.crm.dynamics.com/".into()),
        app_user_email: "marketo-sync@contoso.com".into(),
        ..Answers::default()
    }
}

fn status(plan: &Plan, id: StepId) -> &Status {
    &plan.step(id).status
}

#[test]
fn a_fresh_tenant_plans_every_step_in_marketo_order() {
    let plan = plan(&config(), &answers(), &fresh(), NOW);
    assert_eq!(
        plan.steps.iter().map(|s| s.id).collect::<Vec<_>>(),
        StepId::ALL.to_vec()
    );
    let to_do: Vec<StepId> = plan.to_do().map(|s| s.id).collect();
    assert_eq!(
        to_do,
        vec![
            StepId::AppRegistration,
            StepId::ServicePrincipal,
            StepId::AdminConsent,
            StepId::ClientSecret,
            StepId::ApplicationUser,
            StepId::SyncUserRole,
            StepId::MarketoConfigUser,
            StepId::Publish
        ]
    );
    assert!(matches!(
        status(&plan, StepId::HomeRealmDiscovery),
        Status::NotApplicable(_)
    ));
    assert!(matches!(
        status(&plan, StepId::SyncFilter),
        Status::NotApplicable(_)
    ));
    assert!(!plan.is_complete());
}

#[test]
fn a_complete_tenant_has_an_empty_plan() {
    let plan = plan(&config(), &answers(), &complete(), NOW);
    assert!(
        plan.is_complete(),
        "{:#?}",
        plan.steps
            .iter()
            .filter(|s| !s.status.is_settled())
            .collect::<Vec<_>>()
    );
    assert_eq!(plan.to_do().count(), 0);
    assert!(
        plan.steps.iter().all(|s| s.requests.is_empty()),
        "nothing to send"
    );
}

#[test]
fn previews_show_exact_requests_with_placeholders_and_no_credentials() {
    let plan = plan(&config(), &answers(), &fresh(), NOW);
    let app = &plan.step(StepId::AppRegistration).requests[0];
    assert_eq!(app.method, "POST");
    assert_eq!(app.url, "https://graph.microsoft.com/v1.0/applications");
    assert!(app
        .body
        .as_deref()
        .unwrap()
        .contains("\"signInAudience\": \"AzureADMyOrg\""));
    let sp = &plan.step(StepId::ServicePrincipal).requests[0];
    assert!(sp.body.as_deref().unwrap().contains("{app id}"), "{sp:?}");
    let secret = &plan.step(StepId::ClientSecret).requests[0];
    assert_eq!(
        secret.url,
        "https://graph.microsoft.com/v1.0/applications/{app object id}/addPassword"
    );
    assert!(
        secret
            .body
            .as_deref()
            .unwrap()
            .contains("2027-05-20T10:00:00Z"),
        "180 days from now: {secret:?}"
    );
    let all = format!("{:?}", plan);
    assert!(
        !all.contains("preview") || !all.contains("Bearer"),
        "no token in previews"
    );
}

#[test]
fn a_missing_admin_role_blocks_the_directory_writes_with_the_role_named() {
    let mut facts = fresh();
    facts.admin_roles = Observed::Known(vec![]);
    let plan = plan(&config(), &answers(), &facts, NOW);
    for id in [
        StepId::AppRegistration,
        StepId::ServicePrincipal,
        StepId::AdminConsent,
        StepId::ClientSecret,
    ] {
        assert!(
            matches!(status(&plan, id), Status::Blocked(e) if e.why.wire().contains("Cloud Application Administrator")),
            "{id:?}"
        );
    }
}

#[test]
fn no_dynamics_and_no_environment_block_with_their_reasons() {
    let mut facts = fresh();
    let Observed::Known(d) = &mut facts.directory else {
        unreachable!()
    };
    d.dynamics = None;
    facts.environments = Observed::Known(vec![]);
    facts.dataverse = None;
    let plan = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&plan, StepId::AppRegistration), Status::Blocked(e) if e.what.wire().contains("Dynamics 365 is not available"))
    );
    assert!(
        matches!(status(&plan, StepId::Environment), Status::Blocked(e) if e.what.wire().contains("No Dynamics 365 environment"))
    );
    assert!(matches!(
        status(&plan, StepId::ApplicationUser),
        Status::Blocked(_)
    ));
}

#[test]
fn environment_needs_a_choice_readiness_and_system_administrator() {
    let mut no_choice = answers();
    no_choice.environment_url = None;
    let plan_no_choice = plan(&config(), &no_choice, &fresh(), NOW);
    assert!(
        matches!(status(&plan_no_choice, StepId::Environment), Status::NeedsAnswer(t) if t.wire().contains("never be changed"))
    );
    let mut facts = fresh();
    let Observed::Known(envs) = &mut facts.environments else {
        unreachable!()
    };
    envs[0].is_user_sys_admin = false;
    let plan = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&plan, StepId::Environment), Status::Blocked(e) if e.what.wire().contains("not a System Administrator"))
    );
}

#[test]
fn missing_marketo_solution_blocks_dataverse_steps_with_the_download_step() {
    let mut facts = fresh();
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.solution = None;
    let plan = plan(&config(), &answers(), &facts, NOW);
    for id in [
        StepId::SyncUserRole,
        StepId::OtherRoleHolders,
        StepId::MarketoConfigUser,
        StepId::PluginSteps,
    ] {
        assert!(
            matches!(status(&plan, id), Status::Blocked(e) if e.fix.wire().contains("Download Marketo Solution")),
            "{id:?}"
        );
    }
}

#[test]
fn other_role_holders_need_consent_and_old_solutions_skip_the_rule() {
    let mut facts = complete();
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.role_holders.push(user("u-2", "Megan Bowen"));
    let asked = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&asked, StepId::OtherRoleHolders), Status::NeedsAnswer(t) if t.wire().contains("Megan Bowen"))
    );
    let consented = plan(
        &config(),
        &Answers {
            remove_other_role_holders: true,
            ..answers()
        },
        &facts,
        NOW,
    );
    assert!(
        matches!(status(&consented, StepId::OtherRoleHolders), Status::ToDo(t) if t.wire().contains("Megan Bowen"))
    );
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.solution.as_mut().unwrap().version = "4.0.0.12".into();
    let old = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&old, StepId::OtherRoleHolders), Status::NotApplicable(t) if t.wire().contains("never Upgrade"))
    );
    // 4.0.0.14 still needs the role on the other users to create leads (fixed in 4.0.0.15).
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.solution.as_mut().unwrap().version = "4.0.0.14".into();
    let fourteen = plan(&config(), &answers(), &facts, NOW);
    assert!(matches!(
        status(&fourteen, StepId::OtherRoleHolders),
        Status::NotApplicable(_)
    ));
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.solution.as_mut().unwrap().version = "4.0.0.15".into();
    let fifteen = plan(&config(), &answers(), &facts, NOW);
    assert!(matches!(
        status(&fifteen, StepId::OtherRoleHolders),
        Status::NeedsAnswer(_)
    ));
}

#[test]
fn secret_lifetime_follows_the_tenant_policy_and_expired_secrets_are_replaced() {
    let mut facts = fresh();
    let Observed::Known(d) = &mut facts.directory else {
        unreachable!()
    };
    d.password_policy = Observed::Known(PasswordPolicy {
        max_lifetime: Some((90, PolicyScope::default())),
        ..PasswordPolicy::default()
    });
    let too_long = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&too_long, StepId::ClientSecret), Status::Blocked(e) if e.fix.wire().contains("at most 90 days"))
    );
    let fits = plan(
        &config(),
        &Answers {
            secret_lifetime_days: 90,
            ..answers()
        },
        &facts,
        NOW,
    );
    assert!(matches!(
        status(&fits, StepId::ClientSecret),
        Status::ToDo(_)
    ));

    let mut expired = complete();
    let Observed::Known(d) = &mut expired.directory else {
        unreachable!()
    };
    d.app.as_mut().unwrap().passwords[0].end = Some(NOW - 1);
    let plan = plan(&config(), &answers(), &expired, NOW);
    assert!(
        matches!(status(&plan, StepId::ClientSecret), Status::ToDo(_)),
        "an expired secret does not count"
    );
    let renew = plan_for_new_secret();
    assert!(matches!(
        status(&renew, StepId::ClientSecret),
        Status::ToDo(_)
    ));
}

fn plan_for_new_secret() -> Plan {
    plan(
        &config(),
        &Answers {
            new_secret: true,
            ..answers()
        },
        &complete(),
        NOW,
    )
}

#[test]
fn federated_domains_need_hrd_in_client_app_mode_and_offer_it_in_s2s() {
    let mut facts = fresh();
    let Observed::Known(t) = &mut facts.tenant else {
        unreachable!()
    };
    t.domains.push(Domain {
        name: "contoso.com".into(),
        federated: true,
        is_default: false,
    });
    let s2s = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&s2s, StepId::HomeRealmDiscovery), Status::NotApplicable(t) if t.wire().contains("contoso.com"))
    );
    let client_app = plan(
        &config(),
        &Answers {
            mode: ConnectionMode::ClientApp,
            ..answers()
        },
        &facts,
        NOW,
    );
    let hrd = client_app.step(StepId::HomeRealmDiscovery);
    assert!(matches!(&hrd.status, Status::ToDo(t) if t.wire().contains("Password hash sync")));
    assert_eq!(hrd.requests.len(), 2, "create, then assign");
    assert!(hrd.requests[1]
        .url
        .ends_with("/homeRealmDiscoveryPolicies/$ref"));

    let Observed::Known(d) = &mut facts.directory else {
        unreachable!()
    };
    d.hrd_policies = vec![HrdPolicy {
        id: "p".into(),
        display_name: "Other".into(),
        allows_cloud_password_validation: false,
    }];
    let conflicting = plan(
        &config(),
        &Answers {
            mode: ConnectionMode::ClientApp,
            ..answers()
        },
        &facts,
        NOW,
    );
    assert!(
        matches!(status(&conflicting, StepId::HomeRealmDiscovery), Status::Blocked(e) if e.why.wire().contains("only one HRD policy"))
    );
}

#[test]
fn several_apps_with_the_name_ask_the_admin_to_pick() {
    let mut facts = fresh();
    let app = complete().directory.known().unwrap().app.clone().unwrap();
    let Observed::Known(d) = &mut facts.directory else {
        unreachable!()
    };
    d.candidate_apps = vec![
        app.clone(),
        AppRegistration {
            id: "obj-2".into(),
            app_id: "app-2".into(),
            ..app
        },
    ];
    let plan = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&plan, StepId::AppRegistration), Status::NeedsAnswer(t) if t.wire().contains("2 app registrations"))
    );
    assert!(matches!(
        status(&plan, StepId::ServicePrincipal),
        Status::Blocked(_)
    ));
}

#[test]
fn a_multi_tenant_app_is_fixed_not_recreated() {
    let mut facts = complete();
    let Observed::Known(d) = &mut facts.directory else {
        unreachable!()
    };
    d.app.as_mut().unwrap().sign_in_audience = "AzureADMultipleOrgs".into();
    let plan = plan(&config(), &answers(), &facts, NOW);
    let step = plan.step(StepId::AppRegistration);
    assert!(matches!(&step.status, Status::ToDo(t) if t.wire().contains("single-tenant")));
    assert_eq!(step.requests[0].method, "PATCH");
}

#[test]
fn disabled_plugin_steps_and_unpublished_customizations() {
    let mut facts = complete();
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.plugin_steps.push(PluginStep {
        id: "s2".into(),
        name: "Contact update".into(),
        enabled: false,
    });
    dv.unpublished_customizations = Some(true);
    let plan = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&plan, StepId::PluginSteps), Status::ToDo(t) if t.wire() == "Enable the disabled plug-in step Contact update."),
        "one step, said in the singular (issue 15)"
    );
    assert!(matches!(status(&plan, StepId::Publish), Status::ToDo(_)));
    let no_consent = super::plan(
        &config(),
        &Answers {
            enable_plugin_steps: false,
            ..answers()
        },
        &facts,
        NOW,
    );
    assert!(matches!(
        status(&no_consent, StepId::PluginSteps),
        Status::NeedsAnswer(t) if t.wire() == "The plug-in step Contact update is disabled. Allow enabling it?"
    ));
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.plugin_steps.push(PluginStep {
        id: "s3".into(),
        name: "Lead create".into(),
        enabled: false,
    });
    let two = super::plan(&config(), &answers(), &facts, NOW);
    assert!(matches!(
        status(&two, StepId::PluginSteps),
        Status::ToDo(t) if t.wire() == "Enable 2 disabled plug-in steps: Contact update, Lead create."
    ));
}

#[test]
fn sync_filter_columns_are_added_where_missing_and_wrong_types_block() {
    let mut facts = complete();
    let tables = Answers {
        sync_filter_tables: vec!["lead".into(), "contact".into()],
        ..answers()
    };
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.sync_filter_columns = vec![SyncFilterColumn {
        table: "lead".into(),
        exists: true,
        is_boolean: true,
        default_value: Some(false),
    }];
    let plan = plan(&config(), &tables, &facts, NOW);
    assert!(
        matches!(status(&plan, StepId::SyncFilter), Status::ToDo(t) if t.wire().contains("contact") && !t.wire().contains("lead"))
    );
    assert!(
        matches!(status(&plan, StepId::Publish), Status::ToDo(_)),
        "new columns must be published"
    );
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.sync_filter_columns.push(SyncFilterColumn {
        table: "contact".into(),
        exists: true,
        is_boolean: false,
        default_value: None,
    });
    let wrong = super::plan(&config(), &tables, &facts, NOW);
    assert!(
        matches!(status(&wrong, StepId::SyncFilter), Status::Blocked(e) if e.what.wire().contains("contact"))
    );
}

#[test]
fn unknown_facts_block_instead_of_being_taken_for_absent() {
    let mut facts = fresh();
    facts.directory = Observed::Unknown(Explanation::new("Graph refused", "403", "role"));
    let plan = plan(&config(), &answers(), &facts, NOW);
    assert!(
        matches!(status(&plan, StepId::AppRegistration), Status::Blocked(e) if e.what.wire() == "Graph refused")
    );
    assert_eq!(
        plan.to_do()
            .filter(|s| s.id <= StepId::HomeRealmDiscovery)
            .count(),
        0,
        "never create what could not be read"
    );
}

#[test]
fn versions_compare_numerically() {
    assert!(version_less("4.0.0.12", "4.0.0.14"));
    assert!(!version_less("4.0.0.14", "4.0.0.14"));
    assert!(!version_less("5.0.2.1", "4.0.0.14"));
    assert!(version_less("4.0.0.9", "4.0.0.14"), "not lexicographic");
}

#[test]
fn a_remembered_app_that_is_not_visible_yet_is_waited_for_not_created_again() {
    let remembered = Answers {
        app_id: Some("app-created-a-moment-ago".into()),
        ..answers()
    };
    let plan = plan(&config(), &remembered, &fresh(), NOW);
    assert!(
        matches!(status(&plan, StepId::AppRegistration), Status::Blocked(e) if e.what.wire().contains("not visible yet")),
        "{:?}",
        status(&plan, StepId::AppRegistration)
    );
    assert_eq!(
        plan.to_do()
            .filter(|s| s.id == StepId::AppRegistration)
            .count(),
        0
    );
}

#[test]
fn the_plan_says_nothing_to_do_only_when_every_step_is_settled() {
    assert_eq!(
        plan(&config(), &answers(), &complete(), NOW).standing(),
        Standing::Complete
    );
    assert!(matches!(
        plan(&config(), &answers(), &fresh(), NOW).standing(),
        Standing::Runnable(n) if n > 0
    ));
    // Graph unreadable: the Graph steps are blocked and nothing else can run — that is not
    // "nothing to do" (the reproduced F8 screen said it was).
    let mut unreadable = fresh();
    unreadable.directory = Observed::Unknown(crate::explain::Explanation::new("x", "y", "z"));
    unreadable.dataverse = None;
    let standing = plan(&config(), &answers(), &unreadable, NOW).standing();
    assert!(
        matches!(standing, Standing::Held(n) if n > 0),
        "{standing:?}"
    );
}

#[test]
fn without_a_solution_of_a_new_publisher_the_sync_filter_is_blocked_before_apply() {
    // F10: said in the plan, with Marketo's own workaround, instead of a 400 mid-run.
    let mut facts = complete();
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.sync_filter_home = Some(SyncFilterHome::Nowhere);
    let wants = Answers {
        sync_filter_tables: vec!["lead".into()],
        ..answers()
    };
    let planned = plan(&config(), &wants, &facts, NOW);
    let Status::Blocked(why) = status(&planned, StepId::SyncFilter) else {
        panic!("{:?}", status(&planned, StepId::SyncFilter))
    };
    assert!(why.why.wire().contains("prefix"), "{why:?}");
    assert!(
        why.fix
            .wire()
            .contains("Create a custom Dynamics sync filter"),
        "{why:?}"
    );
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv.sync_filter_home = Some(SyncFilterHome::Solution("ContosoCustomizations".into()));
    let planned = plan(&config(), &wants, &facts, NOW);
    assert!(matches!(
        status(&planned, StepId::SyncFilter),
        Status::ToDo(_)
    ));
}

#[test]
fn the_plan_knows_whether_a_secret_exists() {
    assert!(plan(&config(), &answers(), &complete(), NOW).has_secret());
    assert!(!plan(&config(), &answers(), &fresh(), NOW).has_secret());
}
