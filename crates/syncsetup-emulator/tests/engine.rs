//! Host flow tests of the setup engine: observe → plan → apply against the emulator's scenarios,
//! with the journal as the witness that nothing is written twice.

mod support;

use std::cell::RefCell;

use support::{apply_now, context, Harness};
use syncsetup_core::auth::authorize::AuthorizeOptions;
use syncsetup_core::checks::{self, Verdict};
use syncsetup_core::engine::apply::{apply, Event};
use syncsetup_core::engine::observe::observe;
use syncsetup_core::engine::plan::{plan, Answers, ConnectionMode, Status, StepId};
use syncsetup_core::facts::Observed;
use syncsetup_core::transport::runtime::Runtime;
use syncsetup_emulator::scenario::demo;

fn answers(h: &Harness) -> Answers {
    let _ = h;
    Answers {
        app_user_email: "marketo-sync@contoso.onmicrosoft.com".into(),
        ..Answers::default()
    }
}

/// Picks the first environment Global Discovery lists.
async fn with_environment(
    h: &Harness,
    tokens: &support::SessionTokens<'_>,
    mut answers: Answers,
) -> Answers {
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, tokens, &answers, None).await;
    let Observed::Known(envs) = &facts.environments else {
        panic!("Global Discovery: {:?}", facts.environments)
    };
    answers.environment_url = Some(
        envs.first()
            .expect("the scenario has an environment")
            .url
            .clone(),
    );
    answers
}

/// Graph and Dataverse requests of the journal, as `METHOD path`.
fn service_requests(h: &Harness) -> Vec<String> {
    h.running
        .state
        .journal()
        .into_iter()
        .filter(|e| e.host == "graph" || e.host.starts_with("crm"))
        .map(|e| format!("{} {}", e.method, e.path))
        .collect()
}

#[tokio::test]
async fn fresh_facts_are_trusted_so_apply_sends_only_its_writes() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let mut facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    h.running.state.clear_journal();
    let outcome = apply_now(&ctx, &h.config, &tokens, &answers, &mut facts, &|_| {}).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    // Observe just found the app, its service principal, the application user, the role and
    // Marketo User absent: each step goes straight to its write, with no read before it.
    let reads: Vec<String> = service_requests(&h)
        .into_iter()
        .filter(|r| r.starts_with("GET"))
        .collect();
    assert!(reads.is_empty(), "reads during apply: {reads:#?}");
    // Seven writes and the Publish Marketo's procedure asks for after the Marketo User change.
    assert_eq!(h.writes().len(), 8, "{:#?}", h.writes());
}

#[tokio::test]
async fn aged_facts_are_read_again_so_an_app_created_meanwhile_is_not_duplicated() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    // The admin reviews the plan for five minutes; meanwhile another run sets the tenant up.
    let reviewed = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let observed_at = ctx.runtime.now_millis();
    let mut elsewhere = reviewed.clone();
    let first = apply(
        &ctx,
        &h.config,
        &tokens,
        &answers,
        &mut elsewhere,
        observed_at,
        &|_| {},
    )
    .await;
    assert!(first.failed.is_none(), "{:?}", first.failed);
    h.running.state.advance_clock(300);

    let mut facts = reviewed;
    let outcome = apply(
        &ctx,
        &h.config,
        &tokens,
        &answers,
        &mut facts,
        observed_at,
        &|_| {},
    )
    .await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let after = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let directory = after.directory.known().expect("directory read");
    assert_eq!(
        directory.candidate_apps.len(),
        1,
        "one app registration named {:?}",
        answers.app_name
    );
    let creates = |path: &str| {
        h.writes()
            .iter()
            .filter(|w| w.starts_with("POST") && w.contains(&format!(" {path} ")))
            .count()
    };
    assert_eq!(creates("/v1.0/applications"), 1, "{:#?}", h.writes());
    assert_eq!(
        creates("/api/data/v9.2/systemusers"),
        1,
        "{:#?}",
        h.writes()
    );
}

#[tokio::test]
async fn fresh_tenant_is_set_up_completely_and_a_second_run_writes_nothing() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});

    let mut facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let before = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(before.to_do().count() >= 7, "{:#?}", before.steps);

    let events = RefCell::new(Vec::new());
    let outcome = apply_now(&ctx, &h.config, &tokens, &answers, &mut facts, &|e| {
        events.borrow_mut().push(e)
    })
    .await;
    assert!(
        outcome.failed.is_none(),
        "failed: {:?}\nevents: {:#?}",
        outcome.failed,
        events.borrow()
    );
    let secret = outcome.secret.as_ref().expect("a secret was created");
    assert!(secret.secret().len() >= 16);
    assert!(events.borrow().iter().any(|e| matches!(
        e,
        Event::Done {
            step: StepId::ApplicationUser,
            ..
        }
    )));

    // Re-observe from scratch, as after a reload: the tenant says everything is done.
    let fresh_facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let after = plan(&h.config, &answers, &fresh_facts, support::now(&h.running));
    assert!(
        after.is_complete(),
        "{:#?}",
        after
            .steps
            .iter()
            .filter(|s| !s.status.is_settled())
            .collect::<Vec<_>>()
    );

    // Marketo's seven checks are green.
    let findings = checks::evaluate(&checks::Inputs {
        answers: &answers,
        facts: &fresh_facts,
        now: support::now(&h.running),
        held_secret_prefix: Some(secret.secret()),
    });
    for f in findings.iter().filter(|f| f.marketo_item.is_some()) {
        assert_eq!(f.verdict, Verdict::Pass, "{f:#?}");
    }

    // A second apply over the complete tenant sends no write at all.
    let writes_before = h.writes();
    let mut again = fresh_facts.clone();
    let second = apply_now(&ctx, &h.config, &tokens, &answers, &mut again, &|_| {}).await;
    assert!(second.completed.is_empty() && second.failed.is_none() && second.secret.is_none());
    assert_eq!(
        h.writes(),
        writes_before,
        "an already-complete tenant gets zero writes"
    );
}

#[tokio::test]
async fn dry_run_plans_without_writing() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(
        !planned.step(StepId::AppRegistration).requests.is_empty(),
        "the preview shows the request"
    );
    assert!(
        h.writes().is_empty(),
        "observe and plan never write: {:?}",
        h.writes()
    );
}

#[tokio::test]
async fn not_admin_is_blocked_with_the_role_it_needs() {
    let h = Harness::start("not-admin").await;
    let upn = syncsetup_emulator::scenario::Scenario::by_name("not-admin", &h.running.hosts, &[])
        .map(|s| s.users[0].upn.clone())
        .expect("scenario");
    let tokens = h.tokens(&upn).await;
    let answers = answers(&h);
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(
        matches!(&planned.step(StepId::AppRegistration).status, Status::Blocked(e) if e.why.wire().contains("Cloud Application Administrator")),
        "{:?}",
        planned.step(StepId::AppRegistration).status
    );
}

/// Runs observe → apply (and a second observe) and returns the final facts and the run's outcome.
async fn set_up(
    h: &Harness,
    tokens: &support::SessionTokens<'_>,
    answers: &Answers,
) -> (
    syncsetup_core::facts::Facts,
    syncsetup_core::engine::apply::Outcome,
) {
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let mut facts = observe(&ctx, &h.config, tokens, answers, None).await;
    let outcome = apply_now(&ctx, &h.config, tokens, answers, &mut facts, &|_| {}).await;
    // The validating read after a run, as the page does it: Dataverse starts in round 1.
    let after = observe(&ctx, &h.config, tokens, answers, Some(&facts)).await;
    (after, outcome)
}

/// Plays Marketo: a confidential-client token request from a server (no `Origin`).
async fn marketo_token(h: &Harness, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        h.running.hosts.login,
        demo::TENANT_ID
    );
    let response = h.browser.client.post(url).form(form).send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn marketo_can_sign_in_with_what_the_tool_created_and_is_the_application_user() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let (facts, outcome) = set_up(&h, &tokens, &answers).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let secret = outcome.secret.expect("secret");
    let app = facts.directory.known().unwrap().app.clone().unwrap();
    let env = answers.environment_url.clone().unwrap();
    let (status, body) = marketo_token(
        &h,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &app.app_id),
            ("client_secret", secret.secret()),
            ("scope", &format!("{env}/.default")),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap();
    let dv = facts.dataverse.as_ref().and_then(Observed::known).unwrap();
    let whoami = h
        .browser
        .client
        .get(format!(
            "{}/api/data/v9.2/WhoAmI",
            dv.api_url.trim_end_matches('/')
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(whoami.status(), 200);
    let whoami: serde_json::Value = serde_json::from_str(&whoami.text().await.unwrap()).unwrap();
    let app_user = dv.application_user.as_ref().unwrap();
    assert_eq!(
        whoami["UserId"].as_str().unwrap(),
        app_user.id,
        "Marketo acts as the application user"
    );
    assert!(
        dv.application_user_role_ids
            .iter()
            .any(|r| dv.marketo_roles.iter().any(|m| &m.id == r)),
        "…which holds the Marketo Sync User role"
    );
    assert_eq!(
        dv.marketo_config
            .as_ref()
            .unwrap()
            .default_marketo_user_id
            .as_deref(),
        Some(app_user.id.as_str()),
        "…and is Marketo Config's user"
    );
    // A wrong secret is refused as Entra refuses it.
    let (status, body) = marketo_token(
        &h,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &app.app_id),
            ("client_secret", "wrong"),
            ("scope", &format!("{env}/.default")),
        ],
    )
    .await;
    assert_eq!(status, 401, "{body}");
}

#[tokio::test]
async fn half_configured_gets_only_the_missing_writes_and_other_role_holders_need_consent() {
    let h = Harness::start("half-configured").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let mut facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(matches!(
        planned.step(StepId::AppRegistration).status,
        Status::Done(_) | Status::ToDo(_)
    ));
    assert!(
        matches!(
            planned.step(StepId::ApplicationUser).status,
            Status::Done(_)
        ),
        "{:?}",
        planned.step(StepId::ApplicationUser).status
    );
    let holders = &planned.step(StepId::OtherRoleHolders).status;
    assert!(
        matches!(holders, Status::NeedsAnswer(t) if t.wire().contains("Alex Wilber") && t.wire().contains("Diego Siciliani")),
        "{holders:?}"
    );

    let outcome = apply_now(&ctx, &h.config, &tokens, &answers, &mut facts, &|_| {}).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    assert!(
        !outcome.completed.contains(&StepId::OtherRoleHolders),
        "nobody loses the role without consent"
    );
    assert!(
        !outcome
            .changes
            .iter()
            .any(|c| c.step == StepId::ApplicationUser),
        "the existing application user is reused"
    );
    let after = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let dv = after.dataverse.as_ref().and_then(Observed::known).unwrap();
    assert_eq!(dv.role_holders.len(), 3, "two others plus the sync user");

    let consented = Answers {
        remove_other_role_holders: true,
        ..answers
    };
    let mut facts = after.clone();
    let outcome = apply_now(&ctx, &h.config, &tokens, &consented, &mut facts, &|_| {}).await;
    assert!(
        outcome.completed.contains(&StepId::OtherRoleHolders),
        "{:?}",
        outcome.failed
    );
    let after = observe(&ctx, &h.config, &tokens, &consented, None).await;
    let dv = after.dataverse.as_ref().and_then(Observed::known).unwrap();
    assert_eq!(dv.role_holders.len(), 1, "{:?}", dv.role_holders);
    assert!(plan(&h.config, &consented, &after, support::now(&h.running)).is_complete());
}

#[tokio::test]
async fn federated_client_app_mode_gets_one_hrd_policy_and_then_the_password_grant_works() {
    let h = Harness::start("federated").await;
    // Without the incremental HRD permission the step stops with the way out.
    let plain = h.tokens(demo::ADMIN_UPN).await;
    let client_app_plain = Answers {
        mode: ConnectionMode::ClientApp,
        ..with_environment(&h, &plain, answers(&h)).await
    };
    let (_, refused) = set_up(&h, &plain, &client_app_plain).await;
    let (step, why) = refused.failed.expect("the HRD step needs more consent");
    assert_eq!(step, StepId::HomeRealmDiscovery);
    assert!(
        why.what.wire().contains("one more permission") && why.fix.wire().contains("Sign in again"),
        "{why:?}"
    );
    // Nor is password hash sync read: Entra refuses that token (AADSTS65001), the fact says so,
    // the check is unknown (never a pass), and the session's Graph token keeps working.
    let (plain_facts, plain_findings) = findings_of(&h, &plain, &client_app_plain).await;
    let unread = plain_facts
        .directory
        .known()
        .and_then(|d| d.password_hash_sync.clone());
    assert!(
        matches!(&unread, Some(Observed::Unknown(why)) if why.what.wire().contains("may not read whether password hash sync is on")),
        "{unread:?}"
    );
    assert_eq!(
        verdict_of(&plain_findings, checks::CheckId::HomeRealmDiscovery).verdict,
        Verdict::Fail,
        "no HRD policy yet"
    );
    let (again_facts, _) = findings_of(&h, &plain, &client_app_plain).await;
    assert!(again_facts.directory.known().is_some());

    let tokens = h
        .tokens_with(
            demo::ADMIN_UPN,
            &AuthorizeOptions {
                include_hrd_scope: true,
                ..AuthorizeOptions::default()
            },
        )
        .await;
    let base = with_environment(&h, &tokens, answers(&h)).await;
    // S2S: HRD is offered, not required.
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, &tokens, &base, None).await;
    let s2s = plan(&h.config, &base, &facts, support::now(&h.running));
    assert!(matches!(
        s2s.step(StepId::HomeRealmDiscovery).status,
        Status::NotApplicable(_)
    ));

    let client_app = Answers {
        mode: ConnectionMode::ClientApp,
        ..base.clone()
    };
    let mut facts = observe(&ctx, &h.config, &tokens, &client_app, None).await;
    let outcome = apply_now(&ctx, &h.config, &tokens, &client_app, &mut facts, &|_| {}).await;
    assert!(
        outcome.completed.contains(&StepId::HomeRealmDiscovery),
        "{:?} {:?}",
        outcome.completed,
        outcome.failed
    );
    let secret = refused
        .secret
        .clone()
        .or(outcome.secret.clone())
        .expect("the first run created the secret");
    let app = facts.directory.known().unwrap().app.clone().unwrap();
    let graph_creates = |path: &str| {
        h.running
            .state
            .journal()
            .iter()
            .filter(|e| e.method == "POST" && e.path.ends_with(path) && e.status < 300)
            .count()
    };
    assert_eq!(graph_creates("/policies/homeRealmDiscoveryPolicies"), 1);
    assert_eq!(graph_creates("/homeRealmDiscoveryPolicies/$ref"), 1);

    // Running again creates no second policy.
    let mut again = observe(&ctx, &h.config, &tokens, &client_app, None).await;
    let _ = apply_now(&ctx, &h.config, &tokens, &client_app, &mut again, &|_| {}).await;
    assert_eq!(graph_creates("/policies/homeRealmDiscoveryPolicies"), 1);
    // With the federated-domain consent, password hash sync is read: on, so the check passes.
    let (read_facts, findings) = findings_of(&h, &tokens, &client_app).await;
    assert_eq!(
        read_facts
            .directory
            .known()
            .and_then(|d| d.password_hash_sync.clone()),
        Some(Observed::Known(Some(true)))
    );
    let hrd = verdict_of(&findings, checks::CheckId::HomeRealmDiscovery);
    assert_eq!(hrd.verdict, Verdict::Pass, "{:?}", hrd.found);
    // Turned off in Entra Connect: the check fails and names it, and no plan step claims it.
    h.running.state.directory().password_sync = Some(false);
    let (_, findings) = findings_of(&h, &tokens, &client_app).await;
    let hrd = verdict_of(&findings, checks::CheckId::HomeRealmDiscovery);
    assert_eq!(hrd.verdict, Verdict::Fail);
    assert!(hrd.found.wire().contains("Password hash sync is off"));
    assert_eq!(hrd.fix_step, None);
    h.running.state.directory().password_sync = Some(true);

    // Marketo's password grant for the federated sync user now works.
    let (status, body) = marketo_token(
        &h,
        &[
            ("grant_type", "password"),
            ("client_id", &app.app_id),
            ("client_secret", secret.secret()),
            ("username", "sync@contoso-fed.com"),
            ("password", demo::PASSWORD),
            (
                "scope",
                &format!("{}/.default", client_app.environment_url.clone().unwrap()),
            ),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn federated_password_grant_fails_without_the_hrd_policy() {
    let h = Harness::start("federated").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    // S2S mode does not create the HRD policy: the password grant must fail as Entra fails it.
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let (facts, outcome) = set_up(&h, &tokens, &answers).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let app = facts.directory.known().unwrap().app.clone().unwrap();
    let (status, body) = marketo_token(
        &h,
        &[
            ("grant_type", "password"),
            ("client_id", &app.app_id),
            ("client_secret", outcome.secret.as_ref().unwrap().secret()),
            ("username", "sync@contoso-fed.com"),
            ("password", demo::PASSWORD),
            (
                "scope",
                &format!("{}/.default", answers.environment_url.clone().unwrap()),
            ),
        ],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error_codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == 50126),
        "{body}"
    );
}

#[tokio::test]
async fn strict_policy_limits_the_secret_lifetime_with_the_policy_message() {
    let h = Harness::start("strict-policy").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(
        &h,
        &tokens,
        Answers {
            secret_lifetime_days: 365,
            ..answers(&h)
        },
    )
    .await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    assert_eq!(
        facts
            .directory
            .known()
            .unwrap()
            .password_policy
            .known()
            .unwrap()
            .max_lifetime_days(None),
        Some(180)
    );
    let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(
        matches!(&planned.step(StepId::ClientSecret).status, Status::Blocked(e) if e.fix.wire().contains("at most 180 days"))
    );
    let ok = Answers {
        secret_lifetime_days: 180,
        ..answers
    };
    let (after, outcome) = set_up(&h, &tokens, &ok).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    assert!(plan(&h.config, &ok, &after, support::now(&h.running)).is_complete());
}

#[tokio::test]
async fn scenarios_without_dynamics_or_solution_are_blocked_with_their_reasons() {
    for (scenario, step, needle) in [
        (
            "no-marketo-solution",
            StepId::SyncUserRole,
            "Marketo solution is not installed",
        ),
        ("not-admin", StepId::ClientSecret, "lacks an Entra ID role"),
    ] {
        eprintln!("scenario {scenario}");
        let h = Harness::start(scenario).await;
        let upn = syncsetup_emulator::scenario::Scenario::by_name(scenario, &h.running.hosts, &[])
            .unwrap()
            .users[0]
            .upn
            .clone();
        let tokens = h.tokens(&upn).await;
        let runtime = h.runtime();
        let ctx = context(&h.browser, &runtime, &|_| {});
        let mut answers = answers(&h);
        let first = observe(&ctx, &h.config, &tokens, &answers, None).await;
        if let Observed::Known(envs) = &first.environments {
            answers.environment_url = envs.first().map(|e| e.url.clone());
        }
        let facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
        let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
        let status = &planned.step(step).status;
        assert!(
            matches!(status, Status::Blocked(e) if e.what.wire().contains(needle)),
            "{scenario}: {status:?}"
        );
        let mut facts = facts;
        let outcome = apply_now(&ctx, &h.config, &tokens, &answers, &mut facts, &|_| {}).await;
        assert!(
            !outcome.completed.contains(&step),
            "{scenario}: a blocked step never runs"
        );
    }
    let h = Harness::start("old-solution").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(
        matches!(&planned.step(StepId::OtherRoleHolders).status, Status::NotApplicable(t) if t.wire().contains("4.0.0.12"))
    );
}

#[tokio::test]
async fn a_large_tenant_needs_as_many_requests_as_a_fresh_one() {
    let mut counts = Vec::new();
    for scenario in ["fresh", "large"] {
        let h = Harness::start(scenario).await;
        let tokens = h.tokens(demo::ADMIN_UPN).await;
        let mut answers = answers(&h);
        let runtime = h.runtime();
        let ctx = context(&h.browser, &runtime, &|_| {});
        let first = observe(&ctx, &h.config, &tokens, &answers, None).await;
        let Observed::Known(envs) = &first.environments else {
            panic!("{scenario}: {:?}", first.environments)
        };
        answers.environment_url = Some(
            envs.iter()
                .find(|e| e.url.contains("//contoso.crm"))
                .unwrap_or_else(|| {
                    panic!(
                        "{scenario}: {:?}",
                        envs.iter().map(|e| &e.url).collect::<Vec<_>>()
                    )
                })
                .url
                .clone(),
        );
        h.running.state.clear_journal();
        let started = std::time::Instant::now();
        let (after, outcome) = set_up(&h, &tokens, &answers).await;
        let elapsed = started.elapsed();
        assert!(outcome.failed.is_none(), "{scenario}: {:?}", outcome.failed);
        let left = plan(&h.config, &answers, &after, support::now(&h.running));
        assert!(
            left.is_complete(),
            "{scenario}: {:#?}",
            left.steps
                .iter()
                .filter(|s| !s.status.is_settled())
                .collect::<Vec<_>>()
        );
        let requests = h
            .running
            .state
            .journal()
            .iter()
            .filter(|e| e.host != "login")
            .count();
        println!("{scenario}: {requests} requests, {elapsed:?}");
        counts.push(requests);
    }
    assert_eq!(
        counts[0], counts[1],
        "request count must not grow with tenant size"
    );
}

#[tokio::test]
async fn a_tenant_without_dynamics_is_refused_at_sign_in_with_the_reason() {
    let h = Harness::start("no-dynamics").await;
    let endpoints = syncsetup_core::auth::flow::discover(&h.browser, &h.config)
        .await
        .unwrap();
    let redirect = url::Url::parse(&format!("{}/", h.running.hosts.app)).unwrap();
    let (pending, url) = syncsetup_core::auth::authorize::begin(
        &h.config,
        &endpoints,
        &redirect,
        &support::entropy(),
        support::now(&h.running),
        &AuthorizeOptions::default(),
    );
    // Entra refuses the authorize request itself: Dynamics CRM is not in the tenant.
    let page = h.browser.client.get(url.as_str()).send().await.unwrap();
    assert_eq!(page.status(), 302);
    let back = url::Url::parse(page.headers()["location"].to_str().unwrap()).unwrap();
    let answer = syncsetup_core::auth::callback::parse(&back).unwrap();
    let error = syncsetup_core::auth::flow::complete(
        &h.browser,
        &h.config,
        Some(&pending),
        &answer,
        support::now(&h.running),
    )
    .await
    .unwrap_err();
    let explained = error.explain();
    assert!(
        explained.why.wire().contains("Dynamics 365"),
        "{explained:?}"
    );
}

#[tokio::test]
async fn rotate_adds_a_second_secret_then_removes_the_old_one() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let (mut facts, outcome) = set_up(&h, &tokens, &answers).await;
    let first = outcome.secret.expect("secret");
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let (second, _) = syncsetup_core::engine::maintenance::rotate_secret(
        &ctx, &h.config, &tokens, &answers, &mut facts,
    )
    .await
    .unwrap();
    assert_ne!(first.key_id, second.key_id);
    let observed = observe(&ctx, &h.config, &tokens, &answers, None).await;
    assert_eq!(
        observed
            .directory
            .known()
            .unwrap()
            .app
            .as_ref()
            .unwrap()
            .passwords
            .len(),
        2,
        "two secrets while Marketo switches"
    );
    let mut facts = observed;
    syncsetup_core::engine::maintenance::remove_secret(
        &ctx,
        &h.config,
        &tokens,
        &mut facts,
        &first.key_id,
    )
    .await
    .unwrap();
    let observed = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let passwords = &observed
        .directory
        .known()
        .unwrap()
        .app
        .as_ref()
        .unwrap()
        .passwords;
    assert_eq!(
        passwords
            .iter()
            .map(|p| p.key_id.clone())
            .collect::<Vec<_>>(),
        vec![second.key_id.clone()]
    );
}

#[tokio::test]
async fn teardown_lists_then_removes_what_the_tool_created() {
    let h = Harness::start("federated").await;
    let tokens = h
        .tokens_with(
            demo::ADMIN_UPN,
            &AuthorizeOptions {
                include_hrd_scope: true,
                ..AuthorizeOptions::default()
            },
        )
        .await;
    let answers = Answers {
        mode: ConnectionMode::ClientApp,
        ..with_environment(&h, &tokens, answers(&h)).await
    };
    // Client-app mode does not create an application user; S2S does. Do both, one after another.
    let (_, client_app) = set_up(&h, &tokens, &answers).await;
    assert!(
        client_app.failed.is_none()
            || client_app
                .failed
                .as_ref()
                .is_some_and(|(s, _)| *s != StepId::HomeRealmDiscovery),
        "{:?}",
        client_app.failed
    );
    let s2s = Answers {
        mode: ConnectionMode::ServerToServer,
        ..answers.clone()
    };
    let (facts, outcome) = set_up(&h, &tokens, &s2s).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    // What the runs reported created (this run's, and the client-app run's HRD policy).
    let created: Vec<String> = outcome
        .changes
        .iter()
        .chain(client_app.changes.iter())
        .filter(|c| c.action == "created")
        .map(|c| c.id.clone())
        .collect();
    let items = syncsetup_core::engine::maintenance::teardown_items(&facts, &created);
    let listed: Vec<String> = items.iter().map(|i| i.what.wire()).collect();
    assert_eq!(items.len(), 3, "{listed:?}");
    assert!(items.iter().all(|i| i.created_here), "{items:#?}");
    assert!(items.iter().any(|i| i
        .note
        .as_ref()
        .is_some_and(|n| n.wire().contains("30 days"))));
    // Read without this page's record of what it created, everything counts as there before.
    assert!(
        syncsetup_core::engine::maintenance::teardown_items(&facts, &[])
            .iter()
            .all(|i| !i.created_here)
    );
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    // Nothing asked for: nothing removed.
    let none = syncsetup_core::engine::maintenance::teardown(&ctx, &h.config, &tokens, &facts, &[])
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let removed =
        syncsetup_core::engine::maintenance::teardown(&ctx, &h.config, &tokens, &facts, &ids)
            .await
            .unwrap();
    assert_eq!(removed.len(), 3, "{removed:?}");
    let after = observe(&ctx, &h.config, &tokens, &s2s, None).await;
    let d = after.directory.known().unwrap();
    assert!(
        d.app.is_none() && d.candidate_apps.is_empty(),
        "the app is gone"
    );
    let dv = after.dataverse.as_ref().and_then(Observed::known).unwrap();
    assert!(
        dv.application_user.is_none(),
        "the application user is gone"
    );
    // Soft-deleted, it still holds the role in Dataverse's rows: `deletedstate` is read with the
    // holders, so it is nobody the plan would take the role from.
    let deleted = facts
        .dataverse
        .as_ref()
        .and_then(Observed::known)
        .and_then(|dv| dv.application_user.as_ref())
        .unwrap()
        .id
        .clone();
    assert!(
        !dv.role_holders.iter().any(|u| u.id == deleted),
        "{:?}",
        dv.role_holders
    );
}

/// A transport that measures how many sequential rounds of requests a run needs: each request's
/// round is one more than the deepest round among the answers received before it was sent. Behind
/// a latency rule, requests of one round all leave before any of them is answered, so this never
/// counts fewer rounds than there are (a slow machine can only make it count more).
struct RoundCounter<'a> {
    browser: &'a support::Browserish,
    answered: std::cell::Cell<u32>,
    deepest: std::cell::Cell<u32>,
}

impl syncsetup_core::http::HttpClient for RoundCounter<'_> {
    // `Browserish` is the page-like transport the other tests use; this only watches it.
    async fn call(
        &self,
        request: syncsetup_core::http::HttpRequest,
    ) -> Result<syncsetup_core::http::HttpResponse, syncsetup_core::http::TransportError> {
        let round = self.answered.get() + 1;
        self.deepest.set(self.deepest.get().max(round));
        let response = self.browser.call(request).await;
        self.answered.set(self.answered.get().max(round));
        response
    }
}

/// One observation over a [`RoundCounter`]: its rounds and its facts.
async fn observe_rounds(
    h: &Harness,
    tokens: &support::SessionTokens<'_>,
    answers: &Answers,
    earlier: Option<&syncsetup_core::facts::Facts>,
) -> (u32, syncsetup_core::facts::Facts) {
    let counter = RoundCounter {
        browser: &h.browser,
        answered: Default::default(),
        deepest: Default::default(),
    };
    let runtime = h.runtime();
    let ctx = syncsetup_core::transport::send::Context {
        client: &counter,
        runtime: &runtime,
        policy: Default::default(),
        on_retry: &|_| {},
    };
    let facts = observe(&ctx, &h.config, tokens, answers, earlier).await;
    (counter.deepest.get(), facts)
}

#[tokio::test]
async fn a_validation_reads_the_tenant_in_three_rounds() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    // A complete setup, so every read of the chain (solution → its tables → the Default record;
    // app → service principal → grant and HRD policies) has something to follow.
    let (earlier, outcome) = set_up(&h, &tokens, &answers).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    for host in ["graph", "crm", "globaldisco"] {
        h.running
            .state
            .faults
            .add(syncsetup_emulator::faults::FaultSpec {
                host: Some(host.into()),
                latency_ms: Some(60),
                ..Default::default()
            })
            .unwrap();
    }
    // Boxed: two debug-build observations on the test thread's stack would overflow it.
    let rounds = |earlier| Box::pin(observe_rounds(&h, &tokens, &answers, earlier));
    // The page's validation: the picker (or the run) left the environment list of an earlier read.
    let (validation_rounds, validated) = rounds(Some(&earlier)).await;
    assert_eq!(
        validation_rounds, 3,
        "Graph, Global Discovery and Dataverse's first round go out together"
    );
    // A read with no earlier list at all: Dataverse waits for Global Discovery.
    let (cold_rounds, cold) = rounds(None).await;
    assert_eq!(cold_rounds, 4);
    assert_eq!(
        validated, cold,
        "starting Dataverse early reads the same facts"
    );
    // The first read after a reload: the page remembers only the environment's two URLs
    // (`Progress::environment_api_url`), which is enough for the early start.
    let env_url = answers.environment_url.clone().unwrap();
    let api_url = earlier.api_url_of(&env_url).unwrap().to_owned();
    let remembered = syncsetup_core::facts::Facts::remembered(&env_url, &api_url);
    let (reload_rounds, reloaded) = rounds(Some(&remembered)).await;
    assert_eq!(reload_rounds, 3, "after a reload too");
    assert_eq!(reloaded, cold, "the remembered URLs read the same facts");
    let dv = validated.dataverse.as_ref().and_then(Observed::known);
    assert!(
        dv.is_some_and(|dv| dv.application_user.is_some() && dv.marketo_config.is_some()),
        "{dv:#?}"
    );
    assert!(plan(&h.config, &answers, &validated, support::now(&h.running)).is_complete());
}

#[tokio::test]
async fn an_early_dataverse_read_counts_only_for_the_environment_global_discovery_still_lists() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let truth = observe(&ctx, &h.config, &tokens, &answers, None).await;
    assert!(truth.dataverse.as_ref().and_then(Observed::known).is_some());

    // The earlier list gave another Web API URL: what was read there is dropped and the
    // environment is read again where this list says it lives.
    let mut moved = truth.clone();
    if let Observed::Known(envs) = &mut moved.environments {
        for env in envs.iter_mut() {
            env.api_url = env.api_url.replace("contoso", "elsewhere");
        }
    }
    let facts = observe(&ctx, &h.config, &tokens, &answers, Some(&moved)).await;
    assert_eq!(facts, truth);

    // An environment Global Discovery no longer lists has no Dataverse facts, however it was
    // listed before.
    let mut gone = answers.clone();
    gone.environment_url = Some("https://gone.crm.dynamics.com".into());
    let mut earlier = truth.clone();
    if let Observed::Known(envs) = &mut earlier.environments {
        let mut old = envs[0].clone();
        old.url = "https://gone.crm.dynamics.com".into();
        envs.push(old);
    }
    let facts = observe(&ctx, &h.config, &tokens, &gone, Some(&earlier)).await;
    assert_eq!(facts.dataverse, None);
}

/// F2: fixing an existing Marketo app (multi-tenant, asking Graph's `User.Read` but not Dynamics)
/// keeps its Graph permission — Graph replaces a collection sent in a PATCH, so the page sends
/// the whole list with Dynamics merged in.
#[tokio::test]
async fn fixing_an_existing_app_keeps_the_other_permissions_it_asks_for() {
    use syncsetup_core::engine::tokens::TokenSource;
    use syncsetup_core::http::{HttpClient, HttpRequest, Method};
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let graph = tokens.token(&h.config.graph_scopes(), false).await.unwrap();
    const GRAPH_APP: &str = "00000003-0000-0000-c000-000000000000";
    const USER_READ: &str = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
    let mut create = HttpRequest::new(Method::Post, h.config.graph_url("applications"))
        .bearer(&graph)
        .header("Content-Type", "application/json");
    create.body = Some(
        serde_json::json!({
            "displayName": "Marketo Integration",
            "signInAudience": "AzureADMultipleOrgs",
            "requiredResourceAccess": [{"resourceAppId": GRAPH_APP,
                "resourceAccess": [{"id": USER_READ, "type": "Scope"}]}],
        })
        .to_string(),
    );
    let created = h.browser.call(create).await.unwrap();
    assert_eq!(created.status, 201, "{created:?}");
    let app_id: String = serde_json::from_str::<serde_json::Value>(&created.body).unwrap()["appId"]
        .as_str()
        .unwrap()
        .into();
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let (_, outcome) = set_up(&h, &tokens, &answers).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let read = HttpRequest::new(
        Method::Get,
        h.config.graph_url(&format!(
            "applications(appId='{app_id}')?$select=signInAudience,requiredResourceAccess"
        )),
    )
    .bearer(&graph);
    let app: serde_json::Value =
        serde_json::from_str(&h.browser.call(read).await.unwrap().body).unwrap();
    assert_eq!(app["signInAudience"], "AzureADMyOrg");
    let apis: Vec<&str> = app["requiredResourceAccess"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["resourceAppId"].as_str().unwrap())
        .collect();
    assert!(
        apis.contains(&GRAPH_APP),
        "Graph's User.Read was kept: {app}"
    );
    assert!(
        apis.contains(&"00000007-0000-0000-c000-000000000000"),
        "Dynamics CRM was added: {app}"
    );
}

/// Which Marketo procedure each tenant calls for, from what the tool reads before it changes
/// anything: a fresh tenant is a first connection; a tenant whose Marketo Config names a
/// licensed person syncs over ROPC today, so server-to-server is a migration (Reconfigure New Auth
/// Method); a tenant the tool has set up names its application user, so only the admin can say
/// whether Marketo already connected.
#[tokio::test]
async fn the_tenant_tells_which_marketo_procedure_applies() {
    use syncsetup_core::wizard::procedure::{
        choose, MarketoUserBefore, Procedure, ProcedureChoice,
    };
    async fn before(h: &Harness) -> (MarketoUserBefore, Answers, support::SessionTokens<'_>) {
        let tokens = h.tokens(demo::ADMIN_UPN).await;
        let answers = with_environment(h, &tokens, answers(h)).await;
        let runtime = h.runtime();
        let ctx = context(&h.browser, &runtime, &|_| {});
        let facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
        let dv = facts
            .dataverse
            .as_ref()
            .and_then(Observed::known)
            .expect("Dataverse facts");
        (MarketoUserBefore::of(dv), answers, tokens)
    }
    let s2s = ConnectionMode::ServerToServer;

    let h = Harness::start("ropc-migration").await;
    let (seen, ..) = before(&h).await;
    assert_eq!(seen, MarketoUserBefore::Person);
    assert_eq!(
        choose(s2s, false, Some(seen), None),
        ProcedureChoice::Known(Procedure::Migration)
    );

    let h = Harness::start("fresh").await;
    let (seen, answers, tokens) = before(&h).await;
    assert_eq!(seen, MarketoUserBefore::Unset);
    assert_eq!(
        choose(s2s, false, Some(seen), None),
        ProcedureChoice::Known(Procedure::FirstConnection)
    );
    // Once set up, the tenant names the application user: a new visit must ask.
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let mut facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let outcome = apply_now(&ctx, &h.config, &tokens, &answers, &mut facts, &|_| {}).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let (seen, ..) = before(&h).await;
    assert_eq!(seen, MarketoUserBefore::ApplicationUser);
    assert_eq!(choose(s2s, false, Some(seen), None), ProcedureChoice::Ask);
}

/// The findings of a fresh observation.
async fn findings_of(
    h: &Harness,
    tokens: &support::SessionTokens<'_>,
    answers: &Answers,
) -> (syncsetup_core::facts::Facts, Vec<checks::Finding>) {
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let facts = observe(&ctx, &h.config, tokens, answers, None).await;
    let findings = checks::evaluate(&checks::Inputs {
        answers,
        facts: &facts,
        now: support::now(&h.running),
        held_secret_prefix: None,
    });
    (facts, findings)
}

/// The licensed person Marketo's client-app (ROPC) connection signs in as, from the role holders.
fn ropc_sync_user(facts: &syncsetup_core::facts::Facts) -> syncsetup_core::facts::SystemUser {
    use syncsetup_emulator::directory::seed::ropc;
    facts
        .dataverse
        .as_ref()
        .and_then(Observed::known)
        .and_then(|dv| {
            dv.role_holders
                .iter()
                .find(|u| u.full_name == ropc::SYNC_NAME)
        })
        .expect("the ROPC sync user holds the role")
        .clone()
}

fn verdict_of(findings: &[checks::Finding], id: checks::CheckId) -> &checks::Finding {
    findings.iter().find(|f| f.id == id).expect("the check ran")
}

/// Issue 15, pre-flight 3: the enterprise-application check says what Entra will answer
/// Marketo. On `connected` (a running S2S setup) every check is green and Marketo's client
/// credentials work; on `sp-disabled` the check fails and Entra refuses Marketo with AADSTS7000112;
/// on `assignment-required` the client-app sync user is not assigned, the check fails, and
/// Marketo's password grant gets AADSTS50105.
#[tokio::test]
async fn the_enterprise_application_check_predicts_what_entra_answers_marketo() {
    use syncsetup_emulator::directory::seed::{connected, ropc};
    let error_code = |body: &serde_json::Value| body["error_codes"][0].as_u64();

    for (scenario, expected) in [("connected", Verdict::Pass), ("sp-disabled", Verdict::Fail)] {
        let h = Harness::start(scenario).await;
        let tokens = h.tokens(demo::ADMIN_UPN).await;
        let s2s = Answers {
            app_user_email: connected::APP_USER_EMAIL.into(),
            ..with_environment(&h, &tokens, Answers::default()).await
        };
        let (facts, findings) = findings_of(&h, &tokens, &s2s).await;
        let f = verdict_of(&findings, checks::CheckId::EnterpriseApp);
        assert_eq!(f.verdict, expected, "{scenario}: {f:#?}");
        if scenario == "connected" {
            let not_green: Vec<_> = findings
                .iter()
                .filter(|f| matches!(f.verdict, Verdict::Fail | Verdict::Warn | Verdict::Unknown))
                .collect();
            assert!(
                not_green.is_empty(),
                "a running S2S setup is all green: {not_green:#?}"
            );
            let planned = plan(&h.config, &s2s, &facts, support::now(&h.running));
            assert!(planned.is_complete(), "nothing to do on a running setup");
        }
        let (status, body) = marketo_token(
            &h,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", connected::APP_ID),
                ("client_secret", connected::SECRET),
                (
                    "scope",
                    &format!("{}/.default", s2s.environment_url.clone().unwrap()),
                ),
            ],
        )
        .await;
        match expected {
            Verdict::Pass => assert_eq!(status, 200, "{body}"),
            _ => {
                assert_eq!(status, 400, "{body}");
                assert_eq!(error_code(&body), Some(7_000_112), "{body}");
            }
        }
    }

    let h = Harness::start("assignment-required").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let base = with_environment(&h, &tokens, Answers::default()).await;
    let (facts, _) = findings_of(&h, &tokens, &base).await;
    let sync_user = ropc_sync_user(&facts).id;
    let client_app = Answers {
        mode: ConnectionMode::ClientApp,
        app_id: Some(ropc::APP_ID.into()),
        sync_user_id: Some(sync_user),
        ..base
    };
    let (_, findings) = findings_of(&h, &tokens, &client_app).await;
    let f = verdict_of(&findings, checks::CheckId::EnterpriseApp);
    assert_eq!(f.verdict, Verdict::Fail, "{f:#?}");
    assert!(f.found.wire().contains("AADSTS50105"), "{}", f.found.wire());
    let scope = format!("{}/.default", client_app.environment_url.clone().unwrap());
    let password_grant = |username: &'static str| {
        let scope = scope.clone();
        let h = &h;
        async move {
            marketo_token(
                h,
                &[
                    ("grant_type", "password"),
                    ("client_id", ropc::APP_ID),
                    ("client_secret", ropc::SECRET),
                    ("username", username),
                    ("password", demo::PASSWORD),
                    ("scope", &scope),
                ],
            )
            .await
        }
    };
    let (status, body) = password_grant(ropc::SYNC_UPN).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(error_code(&body), Some(50_105), "{body}");
    // The same request for the admin, who is assigned, passes the assignment gate.
    let (status, body) = password_grant(demo::ADMIN_UPN).await;
    assert_eq!(status, 200, "{body}");
}

/// Issue 15, pre-flight 1: Global Discovery's `OrganizationType` and `TrialExpirationDate` reach
/// the environment-kind check — production passes, a sandbox and a trial warn (the trial with its
/// end date) before the Org URL is typed into Marketo.
#[tokio::test]
async fn the_environment_kind_comes_from_global_discovery() {
    for (scenario, expected, says) in [
        ("fresh", Verdict::Pass, "production"),
        ("sandbox-env", Verdict::Warn, "sandbox"),
        ("trial-env", Verdict::Warn, "trial that expires"),
    ] {
        let h = Harness::start(scenario).await;
        let tokens = h.tokens(demo::ADMIN_UPN).await;
        let answers = with_environment(&h, &tokens, answers(&h)).await;
        let (facts, findings) = findings_of(&h, &tokens, &answers).await;
        let f = verdict_of(&findings, checks::CheckId::EnvironmentKind);
        assert_eq!(f.verdict, expected, "{scenario}: {f:#?}");
        assert!(
            f.found.wire().contains(says),
            "{scenario}: {}",
            f.found.wire()
        );
        let env = &facts.environments.known().unwrap()[0];
        if scenario == "trial-env" {
            let days = (env.trial_expires.unwrap() - support::now(&h.running)) / 86_400;
            assert!((29..=30).contains(&days), "a 30-day trial: {days}");
        } else {
            assert_eq!(env.trial_expires, None);
        }
    }
}

/// Issue 15, pre-flight 2: the organization row's firewall columns reach the IP firewall check.
/// `ip-firewall` enforces an allow list with one of Marketo's nine blocks and application users
/// not exempt: the check fails and names the blocks it lacks; every other scenario has the
/// firewall off.
#[tokio::test]
async fn an_enforced_ip_firewall_without_marketos_ranges_fails_the_check() {
    for (scenario, expected) in [("ip-firewall", Verdict::Fail), ("fresh", Verdict::Pass)] {
        let h = Harness::start(scenario).await;
        let tokens = h.tokens(demo::ADMIN_UPN).await;
        let answers = with_environment(&h, &tokens, answers(&h)).await;
        let (_, findings) = findings_of(&h, &tokens, &answers).await;
        let f = verdict_of(&findings, checks::CheckId::IpFirewall);
        assert_eq!(f.verdict, expected, "{scenario}: {f:#?}");
        if expected == Verdict::Fail {
            let found = f.found.wire();
            assert!(
                found.contains("192.28.160.0/19") && !found.contains("192.28.144.0/20"),
                "{found}"
            );
        }
    }
}

/// Issue 15, pre-flight 5: on `duplicate-username` a person already has the e-mail the page
/// proposes; the same observation that proposes it finds them, the plan asks for another e-mail
/// and the check fails; with an unused e-mail the setup runs and the check passes afterwards (the
/// application user itself does not count).
#[tokio::test]
async fn an_e_mail_someone_already_has_is_refused_before_the_application_user_exists() {
    use syncsetup_emulator::directory::seed::duplicate;
    let h = Harness::start("duplicate-username").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let proposed = Answers {
        app_user_email: String::new(),
        ..with_environment(&h, &tokens, Answers::default()).await
    };
    let (facts, _) = findings_of(&h, &tokens, &proposed).await;
    let holders = facts
        .email_holders
        .clone()
        .expect("read for the proposed e-mail");
    assert_eq!(holders.email, duplicate::UPN);
    let taken = Answers {
        app_user_email: duplicate::UPN.into(),
        ..proposed.clone()
    };
    let planned = plan(&h.config, &taken, &facts, support::now(&h.running));
    assert!(
        matches!(&planned.step(StepId::ApplicationUser).status, Status::NeedsAnswer(t) if t.wire().contains(duplicate::NAME)),
        "{:?}",
        planned.step(StepId::ApplicationUser).status
    );
    let findings = checks::evaluate(&checks::Inputs {
        answers: &taken,
        facts: &facts,
        now: support::now(&h.running),
        held_secret_prefix: None,
    });
    let f = verdict_of(&findings, checks::CheckId::UsernameUnique);
    assert_eq!(f.verdict, Verdict::Fail, "{f:#?}");
    assert!(
        f.found.wire().contains(duplicate::NAME),
        "{}",
        f.found.wire()
    );

    let unused = Answers {
        app_user_email: "marketo.s2s@contoso.onmicrosoft.com".into(),
        ..proposed
    };
    let (after, outcome) = set_up(&h, &tokens, &unused).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let findings = checks::evaluate(&checks::Inputs {
        answers: &unused,
        facts: &after,
        now: support::now(&h.running),
        held_secret_prefix: None,
    });
    assert_eq!(
        verdict_of(&findings, checks::CheckId::UsernameUnique).verdict,
        Verdict::Pass
    );
}

/// Issue 15, pre-flight 4: on `conditional-access` a policy blocks the tenant's workload
/// identities, so the check fails before anything exists; the setup still runs (the admin's own
/// sign-in is excluded), and Entra then refuses Marketo's client credentials with AADSTS53003 —
/// what the check said.
#[tokio::test]
async fn a_workload_identity_policy_fails_the_check_and_blocks_marketos_token() {
    let h = Harness::start("conditional-access").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let (_, findings) = findings_of(&h, &tokens, &answers).await;
    let f = verdict_of(&findings, checks::CheckId::SignInPolicies);
    assert_eq!(f.verdict, Verdict::Fail, "{f:#?}");
    assert!(
        f.found
            .wire()
            .contains("Block workload identities outside trusted locations"),
        "{}",
        f.found.wire()
    );
    assert!(
        !f.found.wire().contains("Require MFA"),
        "user policies do not touch S2S"
    );

    let (facts, outcome) = set_up(&h, &tokens, &answers).await;
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let app = facts.directory.known().unwrap().app.clone().unwrap();
    let (status, body) = marketo_token(
        &h,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &app.app_id),
            ("client_secret", outcome.secret.as_ref().unwrap().secret()),
            (
                "scope",
                &format!("{}/.default", answers.environment_url.clone().unwrap()),
            ),
        ],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_codes"][0].as_u64(), Some(53_003), "{body}");
}

/// Issue 15, pre-flight 6: the sync user's effective privileges come from Dataverse's own
/// function; on `missing-privilege` the Marketo Sync User role lost Write on Contact, and the
/// check names exactly that privilege while the role check (Marketo's item 3) still passes.
#[tokio::test]
async fn a_trimmed_role_fails_the_privilege_check_by_name() {
    use syncsetup_emulator::directory::seed::connected;
    let h = Harness::start("missing-privilege").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = Answers {
        app_user_email: connected::APP_USER_EMAIL.into(),
        ..with_environment(&h, &tokens, Answers::default()).await
    };
    let (_, findings) = findings_of(&h, &tokens, &answers).await;
    let f = verdict_of(&findings, checks::CheckId::SyncUserPrivileges);
    assert_eq!(f.verdict, Verdict::Fail, "{f:#?}");
    assert!(
        f.found
            .wire()
            .ends_with("lacks these privileges: prvWriteContact"),
        "{}",
        f.found.wire()
    );
    assert_eq!(
        verdict_of(&findings, checks::CheckId::SyncUserRole).verdict,
        Verdict::Pass
    );

    // Marketo Config's Read privilege is asked for by the name its metadata lists (its schema
    // name is Marketo's), in the same round; taken from the role, the check names it.
    let (facts, _) = findings_of(&h, &tokens, &answers).await;
    let dv = facts.dataverse.as_ref().and_then(Observed::known).unwrap();
    let config_read = dv
        .marketo_config
        .as_ref()
        .and_then(|c| c.read_privilege.clone())
        .expect("the metadata lists Marketo Config's Read privilege");
    assert!(config_read.starts_with("prvRead"), "{config_read}");
    let held = match &dv.sync_user_privileges {
        Some(Observed::Known(held)) => held,
        other => panic!("{other:?}"),
    };
    assert!(
        held.iter()
            .any(|p| p.name == config_read && p.depth.is_some()),
        "{held:?}"
    );
    {
        let mut world = h.running.state.dataverse();
        for org in world.orgs.values_mut() {
            for privileges in org.role_privileges.values_mut() {
                if let syncsetup_emulator::dataverse::store::Privileges::Some(names) = privileges {
                    names.remove(&config_read);
                }
            }
        }
    }
    let (_, findings) = findings_of(&h, &tokens, &answers).await;
    let f = verdict_of(&findings, checks::CheckId::SyncUserPrivileges);
    assert_eq!(f.verdict, Verdict::Fail);
    assert!(
        f.found.wire().ends_with(&format!(
            "lacks these privileges: prvWriteContact, {config_read}"
        )),
        "{}",
        f.found.wire()
    );
}

/// Issue 15, pre-flight 8 and the client-app username: on `ropc-migration` the licensed person
/// Marketo signs in as today is a sync user ROPC can use (enabled and licensed in Dynamics, an
/// enabled member in Entra, English), and the hand-off gives its User Name (the UPN) from the
/// tenant alone, as after a reload, when the picker has not run.
#[tokio::test]
async fn the_client_app_sync_user_is_checked_for_a_password_sign_in_and_handed_off_by_upn() {
    use syncsetup_emulator::directory::seed::ropc;
    let h = Harness::start("ropc-migration").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let base = with_environment(&h, &tokens, Answers::default()).await;
    let (facts, _) = findings_of(&h, &tokens, &base).await;
    let sync_user = ropc_sync_user(&facts);
    assert_eq!(sync_user.user_name.as_deref(), Some(ropc::SYNC_UPN));
    let client_app = Answers {
        mode: ConnectionMode::ClientApp,
        sync_user_id: Some(sync_user.id.clone()),
        ..base
    };
    let (facts, findings) = findings_of(&h, &tokens, &client_app).await;
    let f = verdict_of(&findings, checks::CheckId::SyncUserSignIn);
    assert_eq!(f.verdict, Verdict::Pass, "{f:#?}");
    assert_ne!(
        sync_user.email.as_deref(),
        Some(ropc::SYNC_UPN),
        "its mailbox is another address"
    );
    let account = syncsetup_core::session::Account {
        tenant_id: demo::TENANT_ID.into(),
        object_id: demo::ADMIN_OID.into(),
        name: demo::ADMIN_NAME.into(),
        username: demo::ADMIN_UPN.into(),
    };
    let hand_off =
        syncsetup_core::wizard::hand_off::hand_off(&client_app, Some(&facts), &account, None);
    assert_eq!(
        hand_off.username.as_deref(),
        Some(ropc::SYNC_UPN),
        "the User Name, not the e-mail"
    );
}

/// Issue 15, found walking `federated`: "Apply N steps" promised Publish with its preview, and
/// the run's re-plan after the Marketo User change dropped it. The steps a run completes are
/// exactly the ones the reviewed plan listed to do, and PublishAllXml goes out once.
#[tokio::test]
async fn a_run_sends_exactly_the_steps_the_reviewed_plan_promised() {
    for scenario in ["fresh", "federated"] {
        let h = Harness::start(scenario).await;
        let tokens = h.tokens(demo::ADMIN_UPN).await;
        let answers = with_environment(&h, &tokens, answers(&h)).await;
        let runtime = h.runtime();
        let ctx = context(&h.browser, &runtime, &|_| {});
        let mut facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
        let promised: Vec<StepId> = plan(&h.config, &answers, &facts, support::now(&h.running))
            .to_do()
            .map(|s| s.id)
            .collect();
        assert!(
            promised.contains(&StepId::Publish),
            "{scenario}: {promised:?}"
        );
        let outcome = apply_now(&ctx, &h.config, &tokens, &answers, &mut facts, &|_| {}).await;
        assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
        let mut completed = outcome.completed.clone();
        completed.sort();
        let mut expected = promised.clone();
        expected.sort();
        assert_eq!(
            completed, expected,
            "{scenario}: the run sends what the plan showed"
        );
        let publishes = service_requests(&h)
            .iter()
            .filter(|r| r.starts_with("POST") && r.ends_with("/PublishAllXml"))
            .count();
        assert_eq!(publishes, 1, "{scenario}");
    }
}
