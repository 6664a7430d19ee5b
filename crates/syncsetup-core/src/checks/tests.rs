//! Check tests: each check's pass, fail, warn and not-applicable cases over fixture facts.

use super::*;
use crate::engine::plan::tests::{answers, complete, fresh, NOW};
use crate::facts::*;

fn run(answers: &Answers, facts: &Facts, held: Option<&str>) -> Vec<Finding> {
    evaluate(&Inputs {
        answers,
        facts,
        now: NOW,
        held_secret_prefix: held,
    })
}

fn verdict(findings: &[Finding], id: CheckId) -> Verdict {
    findings.iter().find(|f| f.id == id).unwrap().verdict
}

fn finding(findings: &[Finding], id: CheckId) -> &Finding {
    findings.iter().find(|f| f.id == id).unwrap()
}

fn dv(facts: &mut Facts) -> &mut DataverseFacts {
    let Some(Observed::Known(dv)) = &mut facts.dataverse else {
        unreachable!()
    };
    dv
}

fn dir(facts: &mut Facts) -> &mut DirectoryFacts {
    let Observed::Known(d) = &mut facts.directory else {
        unreachable!()
    };
    d
}

#[test]
fn marketos_seven_come_first_in_order() {
    let findings = run(&answers(), &complete(), None);
    let items: Vec<Option<u8>> = findings.iter().take(7).map(|f| f.marketo_item).collect();
    assert_eq!(items, (1..=7).map(Some).collect::<Vec<_>>());
    assert!(findings[7..].iter().all(|f| f.marketo_item.is_none()));
}

#[test]
fn a_complete_tenant_is_all_green() {
    let matching = Answers {
        app_user_email: "app-user@contoso.com".into(),
        ..answers()
    };
    let findings = run(&matching, &complete(), Some("abcdef"));
    let not_green: Vec<_> = findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Fail | Verdict::Warn | Verdict::Unknown))
        .collect();
    assert!(not_green.is_empty(), "{not_green:#?}");
    assert_eq!(
        finding(&findings, CheckId::Username).found.wire(),
        "Enter app-user@contoso.com as the username in Marketo."
    );
    // The admin asked for another e-mail than the platform kept: say which one to type.
    let other = run(&answers(), &complete(), None);
    assert_eq!(verdict(&other, CheckId::Username), Verdict::Warn);
    assert!(finding(&other, CheckId::Username)
        .fix
        .as_ref()
        .unwrap()
        .wire()
        .contains("Enter app-user@contoso.com"));
}

#[test]
fn a_fresh_tenant_fails_with_fix_steps() {
    let findings = run(&answers(), &fresh(), None);
    for (id, step) in [
        // Marketo's sign-in needs the app first.
        (CheckId::Username, Some(StepId::AppRegistration)),
        (CheckId::SyncUserRole, Some(StepId::SyncUserRole)),
        (CheckId::ConfigUserSet, Some(StepId::MarketoConfigUser)),
        (CheckId::ConfigUserMatches, Some(StepId::MarketoConfigUser)),
        (CheckId::SingleTenant, Some(StepId::AppRegistration)),
        (CheckId::SecretValid, Some(StepId::ClientSecret)),
        (CheckId::ApplicationUser, Some(StepId::ApplicationUser)),
    ] {
        let f = finding(&findings, id);
        assert_eq!(f.verdict, Verdict::Fail, "{id:?}");
        assert_eq!(f.fix_step, step, "{id:?}");
        assert!(f.fix.is_some(), "{id:?} has a fix");
    }
    assert_eq!(verdict(&findings, CheckId::OrgUrl), Verdict::Pass);
    assert_eq!(
        verdict(&findings, CheckId::SolutionInstalled),
        Verdict::Pass
    );
}

#[test]
fn half_configured_shows_role_holders_plugin_steps_consent_and_publishing() {
    let mut facts = complete();
    dir(&mut facts).consent = None;
    let d = dv(&mut facts);
    d.role_holders.push(SystemUser {
        id: "u-2".into(),
        full_name: "Megan Bowen".into(),
        email: None,
        application_id: None,
        azure_object_id: None,
        disabled: false,
        access_mode: Some(0),
        business_unit_id: None,
        licensed: None,
        user_name: None,
    });
    d.plugin_steps.push(PluginStep {
        id: "s2".into(),
        name: "Contact update".into(),
        enabled: false,
    });
    d.unpublished_customizations = Some(true);
    let findings = run(&answers(), &facts, None);
    assert!(finding(&findings, CheckId::RoleOnlyOnSyncUser)
        .found
        .wire()
        .contains("Megan Bowen"));
    assert_eq!(verdict(&findings, CheckId::PluginSteps), Verdict::Fail);
    assert_eq!(verdict(&findings, CheckId::Consent), Verdict::Fail);
    assert_eq!(
        finding(&findings, CheckId::SyncUserRole).fix_step,
        Some(StepId::AdminConsent),
        "Marketo's item 3 fails on missing consent"
    );
    assert_eq!(verdict(&findings, CheckId::Published), Verdict::Fail);
}

#[test]
fn secrets_expired_expiring_and_matching() {
    let mut facts = complete();
    dir(&mut facts).app.as_mut().unwrap().passwords[0].end = Some(NOW - 10);
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::SecretValid),
        Verdict::Fail
    );
    dir(&mut facts).app.as_mut().unwrap().passwords[0].end = Some(NOW + 10 * 86_400);
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::SecretValid),
        Verdict::Warn
    );
    let findings = run(&answers(), &complete(), Some("xyz123"));
    assert_eq!(verdict(&findings, CheckId::SecretMatches), Verdict::Fail);
    assert_eq!(
        verdict(
            &run(&answers(), &complete(), Some("abc-rest")),
            CheckId::SecretMatches
        ),
        Verdict::Pass
    );
    assert_eq!(
        verdict(&run(&answers(), &complete(), None), CheckId::SecretMatches),
        Verdict::NotApplicable
    );
}

#[test]
fn configured_user_must_be_the_sync_user() {
    let mut facts = complete();
    dv(&mut facts)
        .marketo_config
        .as_mut()
        .unwrap()
        .default_marketo_user_id = Some("someone-else".into());
    let findings = run(&answers(), &facts, None);
    assert_eq!(verdict(&findings, CheckId::ConfigUserSet), Verdict::Pass);
    assert_eq!(
        verdict(&findings, CheckId::ConfigUserMatches),
        Verdict::Fail
    );
}

#[test]
fn no_solution_and_old_solution() {
    let mut facts = complete();
    dv(&mut facts).solution.as_mut().unwrap().version = "4.0.0.12".into();
    let findings = run(&answers(), &facts, None);
    assert_eq!(verdict(&findings, CheckId::SolutionUpToDate), Verdict::Warn);
    assert!(finding(&findings, CheckId::SolutionUpToDate)
        .fix
        .as_ref()
        .unwrap()
        .wire()
        .contains("never Upgrade"));
    assert_eq!(
        verdict(&findings, CheckId::RoleOnlyOnSyncUser),
        Verdict::NotApplicable
    );
    dv(&mut facts).solution = None;
    let findings = run(&answers(), &facts, None);
    assert_eq!(
        verdict(&findings, CheckId::SolutionInstalled),
        Verdict::Fail
    );
    assert!(finding(&findings, CheckId::SolutionInstalled)
        .fix
        .as_ref()
        .unwrap()
        .wire()
        .contains("Download Marketo Solution"));
}

#[test]
fn federated_client_app_needs_hrd_and_password_hash_sync_read_not_guessed() {
    let mut facts = complete();
    let Observed::Known(t) = &mut facts.tenant else {
        unreachable!()
    };
    t.domains.push(Domain {
        name: "contoso.com".into(),
        federated: true,
        is_default: false,
    });
    let client_app = Answers {
        mode: ConnectionMode::ClientApp,
        sync_user_id: Some("app-user".into()),
        ..answers()
    };
    assert_eq!(
        verdict(&run(&client_app, &facts, None), CheckId::HomeRealmDiscovery),
        Verdict::Fail
    );
    // Password hash sync off: no HRD policy helps, and the plan's step cannot turn it on.
    dir(&mut facts).password_hash_sync = Some(Observed::Known(Some(false)));
    let off = run(&client_app, &facts, None);
    let hrd = finding(&off, CheckId::HomeRealmDiscovery);
    assert_eq!(hrd.verdict, Verdict::Fail);
    assert_eq!(hrd.fix_step, None);
    assert!(
        hrd.found.wire().contains("Password hash sync is off"),
        "{}",
        hrd.found.wire()
    );
    dir(&mut facts).password_hash_sync = Some(Observed::Known(None));
    let none = run(&client_app, &facts, None);
    assert_eq!(verdict(&none, CheckId::HomeRealmDiscovery), Verdict::Fail);
    assert!(finding(&none, CheckId::HomeRealmDiscovery)
        .found
        .wire()
        .contains("Nothing is synchronized"));
    dir(&mut facts).password_hash_sync = Some(Observed::Known(Some(true)));
    let no_policy = run(&client_app, &facts, None);
    assert_eq!(
        verdict(&no_policy, CheckId::HomeRealmDiscovery),
        Verdict::Fail
    );
    assert_eq!(
        finding(&no_policy, CheckId::HomeRealmDiscovery).fix_step,
        Some(StepId::HomeRealmDiscovery),
        "the missing policy is the plan's to create"
    );
    dir(&mut facts).hrd_policies = vec![HrdPolicy {
        id: "p".into(),
        display_name: "x".into(),
        allows_cloud_password_validation: true,
    }];
    assert_eq!(
        verdict(&run(&client_app, &facts, None), CheckId::HomeRealmDiscovery),
        Verdict::Pass
    );
    // Unreadable or not read: unknown, never a pass.
    dir(&mut facts).password_hash_sync = Some(Observed::Unknown(crate::explain::Explanation::new(
        "Only a Global Administrator can read whether password hash sync is on.",
        "why",
        "fix",
    )));
    let unread = run(&client_app, &facts, None);
    let hrd = finding(&unread, CheckId::HomeRealmDiscovery);
    assert_eq!(hrd.verdict, Verdict::Unknown);
    assert!(
        hrd.found.wire().contains("Only a Global Administrator"),
        "{}",
        hrd.found.wire()
    );
    dir(&mut facts).password_hash_sync = None;
    assert_eq!(
        verdict(&run(&client_app, &facts, None), CheckId::HomeRealmDiscovery),
        Verdict::Unknown
    );
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::HomeRealmDiscovery),
        Verdict::NotApplicable
    );
    // The application user (non-interactive) cannot be a password sign-in's user.
    assert_eq!(
        verdict(&run(&client_app, &facts, None), CheckId::SyncUserSignIn),
        Verdict::Fail
    );
}

#[test]
fn unreadable_facts_fail_instead_of_passing() {
    let mut facts = complete();
    facts.dataverse = Some(Observed::Unknown(crate::explain::Explanation::new(
        "403 PrivilegeDenied",
        "no role",
        "get the role",
    )));
    let findings = run(&answers(), &facts, None);
    assert_eq!(verdict(&findings, CheckId::OrgUrl), Verdict::Fail);
    for id in [
        CheckId::Username,
        CheckId::SyncUserRole,
        CheckId::SolutionInstalled,
        CheckId::PluginSteps,
        CheckId::ConfigUserSet,
        CheckId::Published,
    ] {
        assert_eq!(verdict(&findings, id), Verdict::Fail, "{id:?}");
    }
}

#[test]
fn application_user_health() {
    let mut facts = complete();
    let user = dv(&mut facts).application_user.as_mut().unwrap();
    user.access_mode = Some(0);
    user.business_unit_id = Some("child-bu".into());
    let f = run(&answers(), &facts, None);
    let found = finding(&f, CheckId::ApplicationUser).found.wire();
    assert!(
        found.contains("Non-interactive") && found.contains("root business unit"),
        "{found}"
    );
}

#[test]
fn sync_filter_column_rules() {
    let mut facts = complete();
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::SyncFilterColumn),
        Verdict::NotApplicable
    );
    dv(&mut facts).sync_filter_columns = vec![SyncFilterColumn {
        table: "lead".into(),
        exists: true,
        is_boolean: true,
        default_value: Some(true),
    }];
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::SyncFilterColumn),
        Verdict::Warn
    );
    dv(&mut facts).sync_filter_columns[0].default_value = Some(false);
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::SyncFilterColumn),
        Verdict::Pass
    );
    dv(&mut facts).sync_filter_columns[0].is_boolean = false;
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::SyncFilterColumn),
        Verdict::Fail
    );
}

#[test]
fn admin_roles_and_environment_readiness() {
    let mut facts = complete();
    facts.admin_roles = Observed::Known(vec![]);
    let Observed::Known(envs) = &mut facts.environments else {
        unreachable!()
    };
    envs[0].ready = false;
    let findings = run(&answers(), &facts, None);
    assert_eq!(verdict(&findings, CheckId::AdminRoles), Verdict::Fail);
    assert_eq!(verdict(&findings, CheckId::EnvironmentReady), Verdict::Fail);
}

#[test]
fn the_role_that_suffices_is_named_in_the_page_language() {
    use crate::facts::{role_ids, DirectoryRole};
    use crate::i18n::Lang;
    let mut facts = complete();
    facts.admin_roles = Observed::Known(vec![
        DirectoryRole {
            template_id: "fe930be7-5e62-47db-91af-98c3a49a38b1".into(),
            display_name: "User Administrator".into(),
        },
        DirectoryRole {
            template_id: role_ids::CLOUD_APPLICATION_ADMINISTRATOR.into(),
            // Graph's name, English in every tenant: not what the page shows.
            display_name: "Cloud Application Administrator".into(),
        },
    ]);
    let findings = run(&answers(), &facts, None);
    let roles = finding(&findings, CheckId::AdminRoles);
    assert_eq!(roles.verdict, Verdict::Pass);
    assert_eq!(
        roles.found.render(Lang::En),
        "You are Cloud Application Administrator."
    );
    assert_eq!(
        roles.found.render(Lang::Nl),
        "U bent Beheerder van cloudtoepassingen."
    );
}

#[test]
fn an_unreadable_app_management_policy_warns_and_blocks_no_step() {
    // F1: China's cloud does not offer the policy and a narrower admin role gets 403; either way
    // nothing is known to restrict secrets, so every Graph step stays plannable.
    let mut facts = fresh();
    dir(&mut facts).password_policy = Observed::Unknown(crate::explain::Explanation::new(
        "Graph refused the request (403 Authorization_RequestDenied).",
        "",
        "",
    ));
    let findings = run(&answers(), &facts, None);
    let policy = finding(&findings, CheckId::AppManagementPolicy);
    assert_eq!(policy.verdict, Verdict::Warn);
    assert!(policy.found.wire().contains("403"), "{:?}", policy.found);
    assert_eq!(policy.fix_step, None);
    let plan = crate::engine::plan::plan(
        &crate::engine::plan::tests::config(),
        &answers(),
        &facts,
        NOW,
    );
    for step in [
        StepId::AppRegistration,
        StepId::ServicePrincipal,
        StepId::AdminConsent,
        StepId::ClientSecret,
    ] {
        let status = &plan.steps.iter().find(|s| s.id == step).unwrap().status;
        assert!(
            !matches!(status, crate::engine::plan::Status::Blocked(_)),
            "{step:?}: {status:?}"
        );
    }
}

#[test]
fn the_app_management_policy_check_reads_what_the_policy_allows() {
    let mut facts = complete();
    assert_eq!(
        finding(&run(&answers(), &facts, None), CheckId::AppManagementPolicy)
            .found
            .wire(),
        "No policy restricts client secrets."
    );
    dir(&mut facts).password_policy = Observed::Known(PasswordPolicy {
        max_lifetime: Some((180, PolicyScope::default())),
        ..PasswordPolicy::default()
    });
    let limited = run(&answers(), &facts, None);
    assert_eq!(
        verdict(&limited, CheckId::AppManagementPolicy),
        Verdict::Pass
    );
    dir(&mut facts).password_policy = Observed::Known(PasswordPolicy {
        addition_blocked: Some(PolicyScope::default()),
        ..PasswordPolicy::default()
    });
    assert_eq!(
        verdict(&run(&answers(), &facts, None), CheckId::AppManagementPolicy),
        Verdict::Fail
    );
}

/// The client-app sync user of these tests: the complete tenant's application user, given an
/// Entra object id, held as a role holder (the licensed user Marketo signs in as).
fn client_app_on(facts: &mut Facts) -> Answers {
    let d = dv(facts);
    let mut user = d.application_user.clone().unwrap();
    user.azure_object_id = Some("oid-sync".into());
    d.role_holders = vec![user.clone()];
    Answers {
        mode: ConnectionMode::ClientApp,
        sync_user_id: Some(user.id),
        ..answers()
    }
}

#[test]
fn the_enterprise_application_must_be_enabled_and_assign_the_client_app_sync_user() {
    let assignee = |id: &str, kind| Assignee {
        id: id.into(),
        kind,
        display_name: format!("{id} name"),
    };
    let mut facts = complete();
    let s2s = answers();
    let client_app = client_app_on(&mut facts);
    let check = |answers: &Answers, facts: &Facts| {
        finding(&run(answers, facts, None), CheckId::EnterpriseApp).clone()
    };
    assert_eq!(check(&s2s, &facts).verdict, Verdict::Pass);
    assert_eq!(check(&client_app, &facts).verdict, Verdict::Pass);

    // Disabled: nobody signs in, in either mode.
    dir(&mut facts)
        .service_principal
        .as_mut()
        .unwrap()
        .account_enabled = false;
    for answers in [&s2s, &client_app] {
        let f = check(answers, &facts);
        assert_eq!(f.verdict, Verdict::Fail);
        assert!(
            f.found.wire().contains("AADSTS7000112"),
            "{}",
            f.found.wire()
        );
        assert!(f
            .fix
            .unwrap()
            .wire()
            .contains("Enabled for users to sign-in?"));
    }
    dir(&mut facts)
        .service_principal
        .as_mut()
        .unwrap()
        .account_enabled = true;

    // Assignment required: S2S signs in as the app and passes; client app needs its user.
    dir(&mut facts)
        .service_principal
        .as_mut()
        .unwrap()
        .assignment_required = true;
    assert_eq!(check(&s2s, &facts).verdict, Verdict::Pass);
    assert_eq!(
        check(&client_app, &facts).verdict,
        Verdict::Unknown,
        "not read: never a pass"
    );
    let with = |assignees: Vec<Assignee>, complete: bool| {
        let mut f = facts.clone();
        dir(&mut f).assignments = Some(Observed::Known(Assignments {
            assignees,
            complete,
        }));
        check(&client_app, &f)
    };
    let nobody = with(vec![assignee("oid-other", AssigneeKind::User)], true);
    assert_eq!(nobody.verdict, Verdict::Fail);
    assert!(nobody.found.wire().contains("AADSTS50105"));
    assert!(nobody.fix.unwrap().wire().contains("Users and groups"));
    assert_eq!(
        with(vec![assignee("OID-SYNC", AssigneeKind::User)], true).verdict,
        Verdict::Pass
    );
    // Another principal kind with the user's id is not the user.
    assert_eq!(
        with(
            vec![assignee("oid-sync", AssigneeKind::ServicePrincipal)],
            true
        )
        .verdict,
        Verdict::Fail
    );
    let groups = with(vec![assignee("sales", AssigneeKind::Group)], true);
    assert_eq!(groups.verdict, Verdict::Warn);
    assert!(groups.found.wire().contains("sales name"));
    assert_eq!(
        with(vec![], false).verdict,
        Verdict::Warn,
        "a longer list may name the user"
    );
    let mut unread = facts.clone();
    dir(&mut unread).assignments = Some(Observed::Unknown(crate::explain::Explanation::new(
        "403", "", "",
    )));
    assert_eq!(check(&client_app, &unread).verdict, Verdict::Unknown);

    // No enterprise application yet: the plan creates it enabled.
    dir(&mut facts).service_principal = None;
    assert_eq!(check(&s2s, &facts).verdict, Verdict::NotApplicable);
}

#[test]
fn the_environment_kind_warns_before_an_org_url_that_cannot_be_changed() {
    use crate::engine::plan::tests::environment;
    let kind = |organization_type: Option<i32>, trial_expires: Option<u64>| {
        let env = Environment {
            organization_type,
            trial_expires,
            ..environment()
        };
        environment_kind(Some(&env), NOW)
    };
    let verdict_of = |t: Option<i32>| kind(t, None).verdict;
    // Production: 0 Customer and 4 Secondary (the OrganizationType EnumType).
    assert_eq!(verdict_of(Some(0)), Verdict::Pass);
    assert_eq!(verdict_of(Some(4)), Verdict::Pass);
    for (value, says) in [
        (5, "sandbox"),
        (6, "sandbox"),
        (14, "trial"),
        (9, "trial"),
        (11, "trial"),
        (13, "developer"),
        (15, "Teams"),
        (7, "preview"),
        (12, "default environment"),
        (16, "organization type 16"),
    ] {
        let f = kind(Some(value), None);
        assert_eq!(f.verdict, Verdict::Warn, "{value}");
        assert!(f.found.wire().contains(says), "{value}: {}", f.found.wire());
        assert_eq!(
            f.fix_step,
            Some(StepId::Environment),
            "{value}: choose another"
        );
    }
    assert!(kind(Some(5), None)
        .found
        .wire()
        .contains("Marketo does not support refreshing it"));
    // A trial's date decides: still running warns with the date, expired fails.
    let running = kind(Some(14), Some(NOW + 20 * 86_400));
    assert_eq!(running.verdict, Verdict::Warn);
    assert!(running
        .found
        .wire()
        .contains(&crate::time::format_iso8601(NOW + 20 * 86_400)));
    assert_eq!(
        kind(Some(0), Some(NOW - 1)).verdict,
        Verdict::Fail,
        "the date wins over the type"
    );
    // Not said: never a pass.
    assert_eq!(verdict_of(None), Verdict::Unknown);
    assert_eq!(environment_kind(None, NOW).verdict, Verdict::NotApplicable);
    // It runs with the rest.
    let findings = run(&answers(), &complete(), None);
    assert_eq!(verdict(&findings, CheckId::EnvironmentKind), Verdict::Pass);
}

#[test]
fn an_enforced_ip_firewall_must_allow_marketos_published_ranges() {
    let all: Vec<String> = cidr::MARKETO_OUTBOUND
        .iter()
        .map(|m| m.to_string())
        .collect();
    let with = |answers: &Answers, firewall: Observed<Firewall>| {
        let mut facts = complete();
        dv(&mut facts).firewall = firewall;
        finding(&run(answers, &facts, None), CheckId::IpFirewall).clone()
    };
    let on = |ranges: Vec<String>, audit_only, app_users| {
        Observed::Known(Firewall {
            enabled: true,
            audit_only,
            allowed_ranges: ranges,
            application_users_allowed: app_users,
        })
    };
    let s2s = answers();
    let mut facts = complete();
    let client_app = client_app_on(&mut facts);
    assert_eq!(
        with(&s2s, Observed::Known(Firewall::default())).verdict,
        Verdict::Pass,
        "off"
    );
    assert_eq!(
        with(&s2s, on(all.clone(), false, Some(false))).verdict,
        Verdict::Pass
    );
    // Enforced without Marketo's ranges: S2S passes only with all application users allowed.
    let blocked = with(&s2s, on(vec!["10.0.0.0/8".into()], false, Some(false)));
    assert_eq!(blocked.verdict, Verdict::Fail);
    assert!(
        blocked.found.wire().contains("192.28.144.0/20"),
        "{}",
        blocked.found.wire()
    );
    assert!(blocked
        .fix
        .unwrap()
        .wire()
        .contains("Allow access for all application users"));
    assert_eq!(
        with(&s2s, on(vec![], false, Some(true))).verdict,
        Verdict::Pass
    );
    // A null setting is not taken for "allowed": the two Microsoft pages disagree on its default.
    assert_eq!(with(&s2s, on(vec![], false, None)).verdict, Verdict::Fail);
    // Client-app mode signs in as a person: the application-user switch does not help.
    let person = with(&client_app, on(vec![], false, Some(true)));
    assert_eq!(person.verdict, Verdict::Fail);
    assert!(person.fix.unwrap().wire().contains("Bypass IP firewall"));
    // Audit mode lets everyone in: a warning about the day it is enforced.
    let audit = with(&s2s, on(vec!["192.28.144.0/20".into()], true, Some(false)));
    assert_eq!(audit.verdict, Verdict::Warn);
    assert!(
        !audit.found.wire().contains("192.28.144.0/20,"),
        "covered ranges are not listed"
    );
    let unread = with(
        &s2s,
        Observed::Unknown(crate::explain::Explanation::new("HTTP 403", "", "")),
    );
    assert_eq!(unread.verdict, Verdict::Unknown);
}

#[test]
fn nobody_but_the_application_user_may_carry_its_e_mail() {
    let matching = Answers {
        app_user_email: "app-user@contoso.com".into(),
        ..answers()
    };
    let with = |holders: Option<EmailHolders>| {
        let mut facts = complete();
        facts.email_holders = holders;
        finding(&run(&matching, &facts, None), CheckId::UsernameUnique).clone()
    };
    let holders = |entra: Observed<Vec<Holder>>, dataverse: Vec<SystemUser>| {
        Some(EmailHolders {
            email: "APP-USER@contoso.com".into(),
            entra,
            dataverse: Some(Observed::Known(dataverse)),
        })
    };
    let app_user = dv(&mut complete()).application_user.clone().unwrap();
    let mut person = app_user.clone();
    (person.id, person.full_name, person.application_id) = ("u-9".into(), "Old Sync".into(), None);
    person.azure_object_id = Some("oid-9".into());
    let holder = |id: &str, name: &str| Holder {
        id: id.into(),
        name: name.into(),
    };

    // The application user itself does not count; case does not matter.
    assert_eq!(
        with(holders(Observed::Known(vec![]), vec![app_user.clone()])).verdict,
        Verdict::Pass
    );
    // A Dataverse person with the same e-mail: named once although Entra lists them too.
    let taken = with(holders(
        Observed::Known(vec![holder("oid-9", "Old Sync (Entra)")]),
        vec![app_user.clone(), person.clone()],
    ));
    assert_eq!(taken.verdict, Verdict::Fail);
    assert_eq!(taken.fix_step, Some(StepId::ApplicationUser));
    assert_eq!(
        taken.found.wire(),
        "app-user@contoso.com is also the e-mail or user name of: Old Sync"
    );
    // An Entra user alone is enough (Marketo Measure's rule, our stricter reading).
    assert_eq!(
        with(holders(
            Observed::Known(vec![holder("oid-7", "Mailbox")]),
            vec![]
        ))
        .verdict,
        Verdict::Fail
    );
    // Unreadable, or read for another e-mail: unknown, never a pass.
    let unread = Observed::Unknown(crate::explain::Explanation::new("403", "", ""));
    assert_eq!(with(holders(unread, vec![])).verdict, Verdict::Unknown);
    let mut other = holders(Observed::Known(vec![]), vec![]).unwrap();
    other.email = "someone@contoso.com".into();
    assert_eq!(with(Some(other)).verdict, Verdict::Unknown);
    assert_eq!(with(None).verdict, Verdict::Unknown);
    // Client-app mode has no application user.
    let mut facts = complete();
    let client_app = client_app_on(&mut facts);
    assert_eq!(
        verdict(&run(&client_app, &facts, None), CheckId::UsernameUnique),
        Verdict::NotApplicable
    );
}

#[test]
fn conditional_access_and_security_defaults_must_let_marketo_sign_in() {
    let policy = |name: &str, state: &str| CaPolicy {
        name: name.into(),
        state: state.into(),
        ..CaPolicy::default()
    };
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut workload = policy("Block workload identities", "enabled");
    workload.include_service_principals = strings(&["ServicePrincipalsInMyTenant"]);
    workload.controls = strings(&["block"]);
    let mut mfa_all = policy("MFA for everyone", "enabled");
    mfa_all.include_users = strings(&["All"]);
    mfa_all.include_applications = strings(&["All"]);
    mfa_all.controls = strings(&["mfa"]);

    let mut base = complete();
    let client_app = client_app_on(&mut base);
    let s2s = answers();
    let check = |answers: &Answers, policies: Vec<CaPolicy>, defaults: bool| {
        let mut facts = base.clone();
        dir(&mut facts).conditional_access = Observed::Known(policies);
        dir(&mut facts).security_defaults = Observed::Known(defaults);
        finding(&run(answers, &facts, None), CheckId::SignInPolicies).clone()
    };
    assert_eq!(check(&s2s, vec![], false).verdict, Verdict::Pass);
    assert_eq!(check(&client_app, vec![], false).verdict, Verdict::Pass);

    // A workload-identity policy blocks S2S, not the client-app user; excluding the SP lets it in.
    let f = check(&s2s, vec![workload.clone(), mfa_all.clone()], false);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.found.wire(), "These enabled policies cover the Marketo app as a workload identity and block its sign-in (AADSTS53003): Block workload identities");
    let mut excluded = workload.clone();
    excluded.exclude_service_principals = strings(&["SP-1"]);
    assert_eq!(
        check(&s2s, vec![excluded, mfa_all.clone()], false).verdict,
        Verdict::Pass
    );
    // Security defaults do not touch workload identities; they stop ROPC.
    assert_eq!(check(&s2s, vec![], true).verdict, Verdict::Pass);
    let defaults = check(&client_app, vec![], true);
    assert_eq!(defaults.verdict, Verdict::Fail);
    assert!(defaults.found.wire().contains("Security defaults are on"));

    // Client app: MFA for all users on all apps blocks; excluding the user, or the app, lets it in.
    let f = check(&client_app, vec![mfa_all.clone(), workload.clone()], false);
    assert_eq!(f.verdict, Verdict::Fail);
    assert!(
        f.found.wire().ends_with(": MFA for everyone"),
        "{}",
        f.found.wire()
    );
    let mut user_excluded = mfa_all.clone();
    user_excluded.exclude_users = strings(&["OID-SYNC"]);
    assert_eq!(
        check(&client_app, vec![user_excluded], false).verdict,
        Verdict::Pass
    );
    let mut other_app = mfa_all.clone();
    other_app.include_applications = strings(&["00000003-0000-0000-c000-000000000000"]);
    assert_eq!(
        check(&client_app, vec![other_app], false).verdict,
        Verdict::Pass
    );
    let mut dynamics = mfa_all.clone();
    dynamics.include_applications = strings(&["00000007-0000-0000-c000-000000000000"]);
    assert_eq!(
        check(&client_app, vec![dynamics], false).verdict,
        Verdict::Fail
    );
    // Disabled does nothing; report-only warns; a group condition may apply.
    let mut off = mfa_all.clone();
    off.state = "disabled".into();
    assert_eq!(check(&client_app, vec![off], false).verdict, Verdict::Pass);
    let mut report = mfa_all.clone();
    report.state = "enabledForReportingButNotEnforced".into();
    assert_eq!(
        check(&client_app, vec![report], false).verdict,
        Verdict::Warn
    );
    let mut group = mfa_all.clone();
    group.include_users = vec![];
    group.includes_groups_or_roles = true;
    assert_eq!(
        check(&client_app, vec![group], false).verdict,
        Verdict::Warn
    );

    // Unreadable: Unknown in both modes, never a pass.
    let mut unread = base.clone();
    dir(&mut unread).conditional_access =
        Observed::Unknown(crate::explain::Explanation::new("HTTP 403", "", ""));
    assert_eq!(
        finding(&run(&s2s, &unread, None), CheckId::SignInPolicies).verdict,
        Verdict::Unknown
    );
    assert_eq!(
        finding(&run(&client_app, &unread, None), CheckId::SignInPolicies).verdict,
        Verdict::Unknown
    );
}

#[test]
fn the_sync_user_must_hold_what_marketos_sync_uses() {
    let with = |privileges: Option<Observed<Vec<HeldPrivilege>>>| {
        let mut facts = complete();
        dv(&mut facts).sync_user_privileges = privileges;
        finding(&run(&answers(), &facts, None), CheckId::SyncUserPrivileges).clone()
    };
    let all = |depth| {
        SYNC_PRIVILEGES
            .iter()
            .map(|p| HeldPrivilege {
                name: p.to_string(),
                depth,
            })
            .collect::<Vec<_>>()
    };
    let held = with(Some(Observed::Known(all(Some(PrivilegeDepth::Global)))));
    assert_eq!(held.verdict, Verdict::Pass);
    assert!(held
        .found
        .wire()
        .contains(&format!("all {} privileges", SYNC_PRIVILEGES.len())));
    let mut one_missing = all(Some(PrivilegeDepth::Global));
    one_missing[5].depth = None;
    let f = with(Some(Observed::Known(one_missing)));
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(
        f.found.wire(),
        "# Marketo Integration lacks these privileges: prvWriteContact"
    );
    // Business-unit depth on a synced table: Marketo sees only part of the records.
    let mut shallow = all(Some(PrivilegeDepth::Global));
    shallow[0].depth = Some(PrivilegeDepth::Local);
    shallow[8].depth = Some(PrivilegeDepth::Basic); // prvReadUser: read by id, any depth will do
    let f = with(Some(Observed::Known(shallow)));
    assert_eq!(f.verdict, Verdict::Warn);
    assert!(
        f.found.wire().ends_with(": prvReadLead"),
        "{}",
        f.found.wire()
    );
    let unread = with(Some(Observed::Unknown(crate::explain::Explanation::new(
        "HTTP 403", "", "",
    ))));
    assert_eq!(unread.verdict, Verdict::Unknown);
    assert_eq!(
        with(None).verdict,
        Verdict::NotApplicable,
        "read once the role is held"
    );
}

#[test]
fn the_client_app_sync_user_must_be_an_account_ropc_can_sign_in() {
    let mut base = complete();
    let client_app = client_app_on(&mut base);
    {
        let d = dv(&mut base);
        let user = &mut d.role_holders[0];
        (user.access_mode, user.licensed) = (Some(0), Some(true));
    }
    base.sync_user_account = Some(Observed::Known(EntraAccount {
        enabled: true,
        guest: false,
    }));
    base.sync_user_language = Some(Observed::Known(Some(1033)));
    let check =
        |facts: &Facts| finding(&run(&client_app, facts, None), CheckId::SyncUserSignIn).clone();
    let ready = check(&base);
    assert_eq!(ready.verdict, Verdict::Pass, "{:?}", ready.found.wire());
    assert!(
        ready.found.wire().contains("per-user MFA"),
        "says what it cannot see"
    );

    let with = |change: &dyn Fn(&mut Facts)| {
        let mut facts = base.clone();
        change(&mut facts);
        check(&facts)
    };
    for (change, says) in [
        (
            &(|f: &mut Facts| dv(f).role_holders[0].disabled = true) as &dyn Fn(&mut Facts),
            "disabled in Dynamics",
        ),
        (
            &|f: &mut Facts| dv(f).role_holders[0].licensed = Some(false),
            "not licensed",
        ),
        (
            &|f: &mut Facts| dv(f).role_holders[0].access_mode = Some(1),
            "administrative access mode",
        ),
        (
            &|f: &mut Facts| {
                f.sync_user_account = Some(Observed::Known(EntraAccount {
                    enabled: false,
                    guest: false,
                }))
            },
            "Entra account is disabled",
        ),
        (
            &|f: &mut Facts| {
                f.sync_user_account = Some(Observed::Known(EntraAccount {
                    enabled: true,
                    guest: true,
                }))
            },
            "guest account",
        ),
        (
            &|f: &mut Facts| f.sync_user_language = Some(Observed::Known(Some(1043))),
            "not English",
        ),
    ] {
        let f = with(change);
        assert_eq!(f.verdict, Verdict::Fail, "{says}");
        assert!(f.found.wire().contains(says), "{says}: {}", f.found.wire());
    }
    // No language of its own: the organization's base language counts.
    assert_eq!(
        with(&|f| {
            f.sync_user_language = Some(Observed::Known(None));
            dv(f).base_language_code = Some(1033);
        })
        .verdict,
        Verdict::Pass
    );
    assert_eq!(
        with(&|f| {
            f.sync_user_language = Some(Observed::Known(None));
            dv(f).base_language_code = Some(1043);
        })
        .verdict,
        Verdict::Fail
    );
    // What could not be read: Unknown, naming it.
    let unread = with(&|f| {
        f.sync_user_account = Some(Observed::Unknown(crate::explain::Explanation::new(
            "403", "", "",
        )))
    });
    assert_eq!(unread.verdict, Verdict::Unknown);
    assert!(unread.found.wire().contains("its Entra account"));
    assert_eq!(
        verdict(&run(&answers(), &base, None), CheckId::SyncUserSignIn),
        Verdict::NotApplicable
    );
}

/// Found walking validate-only on `half-configured`: Marketo's item 2 passed while the app had no
/// enterprise application and no secret. It passes only when Marketo's sign-in can work.
#[test]
fn marketos_item_2_fails_while_the_credentials_cannot_sign_in() {
    let matching = Answers {
        app_user_email: "app-user@contoso.com".into(),
        ..answers()
    };
    let item2 = |facts: &Facts| finding(&run(&matching, facts, None), CheckId::Username).clone();
    assert_eq!(item2(&complete()).verdict, Verdict::Pass);
    let mut no_sp = complete();
    dir(&mut no_sp).service_principal = None;
    dir(&mut no_sp).app.as_mut().unwrap().passwords.clear();
    let f = item2(&no_sp);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(
        f.found.wire(),
        "Marketo's sign-in with these values cannot work yet: the app has no enterprise application, the app has no client secret that has not expired."
    );
    let mut expired = complete();
    dir(&mut expired).app.as_mut().unwrap().passwords[0].end = Some(NOW - 1);
    assert_eq!(item2(&expired).verdict, Verdict::Fail);
}

#[test]
fn marketo_user_is_named_by_its_name_not_its_id() {
    let findings = run(&answers(), &complete(), None);
    assert_eq!(
        finding(&findings, CheckId::ConfigUserSet).found.wire(),
        "Marketo User is set (# Marketo Integration)."
    );
    let mut unknown = complete();
    dv(&mut unknown)
        .marketo_config
        .as_mut()
        .unwrap()
        .default_marketo_user_id = Some("u-77".into());
    assert_eq!(
        finding(&run(&answers(), &unknown, None), CheckId::ConfigUserSet)
            .found
            .wire(),
        "Marketo User is set (u-77).",
        "a user the page did not read keeps its id"
    );
}

#[test]
fn every_check_has_one_row_with_a_unique_slug_and_a_dutch_title() {
    let findings = run(&answers(), &complete(), None);
    assert_eq!(findings.len(), CHECKS.len(), "every row is judged once");
    for (row, finding) in CHECKS.iter().zip(&findings) {
        assert_eq!(row.id, finding.id, "the report follows the table");
        assert_eq!(finding.title_in(crate::i18n::Lang::En), row.title);
        assert_eq!(finding.title_in(crate::i18n::Lang::Nl), row.title_nl);
        assert!(
            row.slug.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            row.slug
        );
        assert_eq!(row.id.slug(), row.slug);
        assert_eq!(
            CHECKS
                .iter()
                .filter(|r| r.slug == row.slug || r.id == row.id)
                .count(),
            1,
            "{} twice",
            row.slug
        );
        // Marketo's seven keep Marketo's English wording, with a Dutch gloss; the others are Dutch.
        if row.item.is_some() {
            assert!(row.title_nl.starts_with(row.title), "{}", row.title_nl);
        } else {
            assert_ne!(row.title_nl, row.title);
        }
    }
    assert_eq!(
        CHECKS.iter().filter_map(|r| r.item).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7],
        "Marketo's seven first, in Marketo's order"
    );
}

#[test]
fn a_fix_is_offered_only_for_what_did_not_pass() {
    let findings = run(&answers(), &fresh(), None);
    let failing = finding(&findings, CheckId::SingleTenant);
    assert_eq!(failing.verdict, Verdict::Fail);
    assert_eq!(failing.fix_offered(), Some(StepId::AppRegistration));
    let passing = Finding {
        verdict: Verdict::Pass,
        ..failing.clone()
    };
    assert_eq!(passing.fix_offered(), None);
    let not_applicable = Finding {
        verdict: Verdict::NotApplicable,
        ..failing.clone()
    };
    assert_eq!(not_applicable.fix_offered(), None);
}
