//! Host flow tests of the setup engine: observe → plan → apply against the emulator's scenarios,
//! with the journal as the witness that nothing is written twice.

mod support;

use std::cell::RefCell;

use support::{context, Harness};
use syncsetup_core::checks::{self, Verdict};
use syncsetup_core::engine::apply::{apply, Event};
use syncsetup_core::engine::facts::Observed;
use syncsetup_core::engine::observe::observe;
use syncsetup_core::engine::plan::{plan, Answers, Status, StepId};
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
    let facts = observe(&ctx, &h.config, tokens, &answers).await;
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

#[tokio::test]
async fn fresh_tenant_is_set_up_completely_and_a_second_run_writes_nothing() {
    let h = Harness::start("fresh").await;
    let tokens = h.tokens(demo::ADMIN_UPN).await;
    let answers = with_environment(&h, &tokens, answers(&h)).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});

    let mut facts = observe(&ctx, &h.config, &tokens, &answers).await;
    let before = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(before.to_do().count() >= 7, "{:#?}", before.steps);

    let events = RefCell::new(Vec::new());
    let outcome = apply(&ctx, &h.config, &tokens, &answers, &mut facts, &|e| {
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
    let fresh_facts = observe(&ctx, &h.config, &tokens, &answers).await;
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
    let second = apply(&ctx, &h.config, &tokens, &answers, &mut again, &|_| {}).await;
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
    let facts = observe(&ctx, &h.config, &tokens, &answers).await;
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
    let facts = observe(&ctx, &h.config, &tokens, &answers).await;
    let planned = plan(&h.config, &answers, &facts, support::now(&h.running));
    assert!(
        matches!(&planned.step(StepId::AppRegistration).status, Status::Blocked(e) if e.why.contains("Cloud Application Administrator")),
        "{:?}",
        planned.step(StepId::AppRegistration).status
    );
}
