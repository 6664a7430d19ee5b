//! The wizard's transitions over hand-built facts (the plan tests' fresh and complete tenants).

use super::*;
use crate::config::ConfigError;
use crate::engine::apply::Event as RunEvent;
use crate::engine::maintenance::Removals;
use crate::engine::plan::tests::{complete, config, fresh, NOW};
use crate::engine::plan::{MigrationStage, Status};
use crate::facts::{EmailHolders, Holder, Observed, PasswordPolicy};

const ENV: &str = "https://contoso.crm.dynamics.com";

fn account() -> Account {
    Account {
        tenant_id: "t".into(),
        object_id: "o".into(),
        name: "Adele Vance".into(),
        username: "adele@x".into(),
    }
}

fn identity() -> SignedInIdentity {
    SignedInIdentity {
        display_name: "Adele Vance".into(),
        user_principal_name: "adele@x".into(),
        tenant_id: "t".into(),
        tenant_name: "Contoso".into(),
    }
}

fn signed_in(progress: Option<Progress>) -> Phase {
    Phase::Entry(Entry::Starting).next(Event::SignedIn {
        account: account(),
        config: Rc::new(config()),
        progress,
    })
}

/// What `observe` returns before an environment is chosen: no Dataverse side.
fn before_environment(facts: Facts) -> Facts {
    Facts {
        dataverse: None,
        ..facts
    }
}

fn wizard(phase: &Phase) -> &Wizard {
    phase.wizard().expect("signed in")
}

/// Answers the current job with `facts`.
fn observed(phase: Phase, facts: Facts) -> Phase {
    let job = phase.job().expect("a job is under way");
    assert!(matches!(job.kind, JobKind::Observe(_)), "{job:?}");
    phase.next(Event::Observed {
        job: job.id,
        facts: Box::new(facts),
        now: NOW,
    })
}

fn secret_note() -> SecretNote {
    SecretNote {
        key_id: "k-new".into(),
        hint: "abc".into(),
        end: Some(NOW + 180 * 86_400),
        revealed: false,
        acknowledged: false,
    }
}

fn finished(phase: Phase, failed: Option<(StepId, Explanation)>, secret: bool) -> Phase {
    let job = phase.job().expect("apply is running");
    assert_eq!(job.kind, JobKind::Apply);
    phase.next(Event::ApplyFinished {
        job: job.id,
        report: RunReport {
            completed: vec![StepId::AppRegistration],
            failed,
            changes: vec![],
            secret: secret.then(secret_note),
        },
    })
}

/// Signed in, environment chosen, the fresh tenant's plan on screen.
fn reviewing_fresh() -> Phase {
    let phase = observed(signed_in(None), before_environment(fresh()));
    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    observed(phase, fresh())
}

#[test]
fn sign_in_leads_to_reading_the_tenant_and_the_identity_arrives_meanwhile() {
    let phase = Phase::Entry(Entry::Starting)
        .next(Event::Entry(EntryEvent::NoSession { notice: None }))
        .next(Event::Entry(EntryEvent::SignInClicked))
        .next(Event::RedirectReturned);
    assert_eq!(phase, Phase::CompletingSignIn);
    let phase = signed_in(None).next(Event::IdentityLoaded(identity()));
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Observing);
    assert_eq!(w.identity, Some(identity()));
    assert_eq!(w.job.map(|j| j.kind), Some(JobKind::Observe(Then::Start)));
    assert_eq!(w.observing_message(), crate::i18n::Msg::ObservingStart);
    assert_eq!(
        phase.next(Event::SignedOut),
        Phase::Entry(Entry::SignedOutHere),
        "the landing page that offers the Microsoft sign-out too"
    );
}

#[test]
fn a_double_click_while_redirecting_is_ignored_and_busy() {
    let phase = Phase::Entry(Entry::SignedOut { notice: None })
        .next(Event::Entry(EntryEvent::SignInClicked));
    assert!(phase.is_busy());
    assert_eq!(
        phase.clone().next(Event::Entry(EntryEvent::SignInClicked)),
        Phase::Entry(Entry::Redirecting)
    );
}

#[test]
fn config_problems_stick() {
    let phase = Phase::Entry(Entry::Starting).next(Event::Entry(EntryEvent::ConfigFailed(
        ConfigError::ClientIdNotGuid("x".into()),
    )));
    assert!(
        matches!(&phase, Phase::Entry(Entry::ConfigProblem(e)) if e.fix.wire().contains("client"))
    );
    assert!(matches!(
        phase.next(Event::Entry(EntryEvent::SignInClicked)),
        Phase::Entry(Entry::ConfigProblem(_))
    ));
    // No client id at all: the tool's own app is still to be registered.
    let phase = Phase::Entry(Entry::Starting).next(Event::Entry(EntryEvent::ConfigFailed(
        ConfigError::MissingClientId,
    )));
    assert_eq!(phase, Phase::Entry(Entry::NeedsRegistration));
    assert_eq!(
        phase.next(Event::Entry(EntryEvent::SignInClicked)),
        Phase::Entry(Entry::NeedsRegistration)
    );
}

#[test]
fn an_ended_session_lands_signed_out_with_a_notice_but_other_failures_show_an_error() {
    let phase = Phase::CompletingSignIn.next(Event::Entry(EntryEvent::SignInFailed(
        AuthError::SessionExpired,
    )));
    assert!(
        matches!(&phase, Phase::Entry(Entry::SignedOut { notice: Some(n) }) if n.what.wire().contains("session has ended"))
    );
    let phase = Phase::CompletingSignIn.next(Event::Entry(EntryEvent::SignInFailed(
        AuthError::StateMismatch,
    )));
    assert!(
        matches!(&phase, Phase::Entry(Entry::SignInFailed(e)) if e.why.wire().contains("state differs"))
    );
}

#[test]
fn late_answers_after_sign_out_are_dropped() {
    let phase =
        Phase::Entry(Entry::SignedOut { notice: None }).next(Event::IdentityLoaded(identity()));
    assert_eq!(phase, Phase::Entry(Entry::SignedOut { notice: None }));
    let phase = Phase::Entry(Entry::SignedOut { notice: None }).next(Event::Observed {
        job: 1,
        facts: Box::new(fresh()),
        now: NOW,
    });
    assert_eq!(phase, Phase::Entry(Entry::SignedOut { notice: None }));
}

#[test]
fn only_a_listed_environment_can_be_chosen() {
    let phase = observed(signed_in(None), before_environment(fresh()));
    let after = phase.clone().next(Event::EnvironmentChosen(
        "https://elsewhere.crm.dynamics.com".into(),
    ));
    assert_eq!(wizard(&after).screen, Screen::PickEnvironment);
    assert_eq!(wizard(&after).answers.environment_url, None);
    assert_eq!(wizard(&after).job, None, "nothing is read for it");
    // The listed one, however it is spelled, is taken in Global Discovery's spelling.
    let after = phase.next(Event::EnvironmentChosen(format!("{}/", ENV.to_uppercase())));
    assert_eq!(wizard(&after).screen, Screen::Observing);
    assert_eq!(
        wizard(&after).observing_message(),
        crate::i18n::Msg::ObservingReview,
        "the waiting screen says the plan is being read"
    );
    assert_eq!(wizard(&after).answers.environment_url.as_deref(), Some(ENV));
}

#[test]
fn fresh_tenant_setup_runs_from_environment_to_hand_off() {
    let phase = observed(signed_in(None), before_environment(fresh()));
    assert_eq!(wizard(&phase).screen, Screen::PickEnvironment);
    assert_eq!(
        wizard(&phase).answers.app_user_email,
        "marketo.sync@contoso.onmicrosoft.com",
        "a working default, so Apply needs no typing"
    );

    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    assert_eq!(wizard(&phase).screen, Screen::Observing);
    assert_eq!(
        phase.progress().unwrap().environment_url.as_deref(),
        Some(ENV)
    );
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Review);
    assert!(w.problems().is_empty());
    assert!(w.can_apply(), "{:?}", w.plan);

    let phase = phase.next(Event::ApplyClicked);
    let w = wizard(&phase);
    assert_eq!(
        (w.screen, w.job.map(|j| j.kind)),
        (Screen::Applying, Some(JobKind::Apply))
    );
    assert!(phase.progress().unwrap().applying, "a reload now resumes");
    assert!(w
        .run
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .any(|r| r.step == StepId::ClientSecret));
    assert!(w.wants_clock());

    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::ApplyProgress {
        job,
        event: RunEvent::Started(StepId::ClientSecret),
        at: 5,
    });
    assert!(
        phase.progress().unwrap().secret_unacknowledged,
        "once the secret's request may be out, a reload must replace it"
    );

    let phase = finished(phase, None, true);
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::RevealSecret);
    assert!(phase.holds_secret());
    assert_eq!(
        w.job.map(|j| j.kind),
        Some(JobKind::Observe(Then::AfterApply)),
        "checks run meanwhile"
    );
    assert!(!phase.progress().unwrap().applying);

    let phase = phase.next(Event::SecretRevealToggled);
    assert!(wizard(&phase).secret.as_ref().unwrap().revealed);
    // The checks arrive while the secret is on screen: it stays there until acknowledged.
    let phase = observed(phase, complete());
    assert_eq!(wizard(&phase).screen, Screen::RevealSecret);
    let phase = phase.next(Event::SecretStored);
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::HandOff);
    assert!(phase.holds_secret(), "the hand-off sheet still shows it");
    assert!(!phase.progress().unwrap().secret_unacknowledged);
    assert_eq!(w.hand_off().client_id.as_deref(), Some("app-1"));
    assert_eq!(w.check_summary().marketo_passed, 7);
    // Marketo Config named nobody before the run, though it names the new user now: a first
    // connection (Marketo's Step 3 of 3: Connect), not the steps for a running sync.
    assert_eq!(w.marketo_user_before, Some(MarketoUserBefore::Unset));
    assert_eq!(
        w.procedure(),
        ProcedureChoice::Known(Procedure::FirstConnection)
    );

    let phase = phase.next(Event::Copied(Field::ClientId));
    assert_eq!(wizard(&phase).copied, Some(Field::ClientId));
    // Leaving the secret's screens drops it.
    let phase = phase.next(Event::BackToPlan);
    assert!(!phase.holds_secret());
    assert_eq!(wizard(&phase).copied, None);
}

#[test]
fn a_running_setup_asks_whether_marketo_syncs_and_the_answer_picks_the_procedure() {
    let phase = observed(signed_in(None), before_environment(complete()));
    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    let phase = observed(phase, complete());
    let w = wizard(&phase);
    // An application user is Marketo User: the tenant cannot tell whether Marketo connected.
    assert_eq!(
        w.marketo_user_before,
        Some(MarketoUserBefore::ApplicationUser)
    );
    assert_eq!(w.procedure(), ProcedureChoice::Ask);
    assert!(!wizard(&phase).procedure_from_answer());
    let phase = phase.next(Event::MarketoSyncing(Some(true)));
    assert_eq!(
        wizard(&phase).procedure(),
        ProcedureChoice::Known(Procedure::NewCredentials)
    );
    assert!(
        wizard(&phase).procedure_from_answer(),
        "so the sheet offers to change it"
    );
    // The answer and what was seen survive a reload.
    let progress = phase.progress().unwrap();
    assert_eq!(
        progress.marketo_user_before.as_deref(),
        Some("application-user")
    );
    assert_eq!(progress.marketo_syncing, Some(true));
    let reloaded = observed(signed_in(Some(progress)), complete());
    assert_eq!(
        wizard(&reloaded).procedure(),
        ProcedureChoice::Known(Procedure::NewCredentials)
    );
    let phase = phase.next(Event::MarketoSyncing(None));
    assert_eq!(wizard(&phase).procedure(), ProcedureChoice::Ask);
    // Choosing the same environment again keeps the answer; another one has its own history:
    // seen again, asked again.
    let phase = phase.next(Event::MarketoSyncing(Some(false)));
    let phase = observed(phase.next(Event::EnvironmentChosen(ENV.into())), complete());
    assert_eq!(wizard(&phase).marketo_syncing, Some(false));
    let mut two = complete();
    if let Observed::Known(list) = &mut two.environments {
        let mut other = list[0].clone();
        other.url = "https://other.crm.dynamics.com".into();
        list.push(other);
    }
    let phase = observed(phase.next(Event::RefreshClicked), two);
    let phase = phase.next(Event::EnvironmentChosen(
        "https://other.crm.dynamics.com".into(),
    ));
    assert_eq!(wizard(&phase).marketo_syncing, None);
    assert_eq!(wizard(&phase).marketo_user_before, None);
}

#[test]
fn a_licensed_marketo_user_means_a_migration_and_a_resumed_run_records_nothing() {
    let mut facts = complete();
    if let Some(Observed::Known(dv)) = facts.dataverse.as_mut() {
        let mut person = dv.application_user.clone().unwrap();
        person.id = "person-1".into();
        person.application_id = None;
        person.access_mode = Some(0);
        dv.role_holders.push(person);
        dv.marketo_config.as_mut().unwrap().default_marketo_user_id = Some("person-1".into());
    } else {
        panic!("the complete tenant has Dataverse facts");
    }
    let phase = observed(signed_in(None), before_environment(facts.clone()));
    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    let phase = observed(phase, facts.clone());
    assert_eq!(
        wizard(&phase).procedure(),
        ProcedureChoice::Known(Procedure::Migration)
    );
    // An answer cannot turn a licensed Marketo User into anything but a migration.
    let answered = phase.clone().next(Event::MarketoSyncing(Some(false)));
    assert_eq!(
        wizard(&answered).procedure(),
        ProcedureChoice::Known(Procedure::Migration)
    );
    assert!(!wizard(&answered).procedure_from_answer());

    // The running sync keeps its user: the Marketo User changes once Marketo's sync is
    // disabled, the old user's role goes once Marketo has switched (reconfigure page).
    let status = |phase: &Phase, step| {
        wizard(phase)
            .plan
            .as_ref()
            .unwrap()
            .step(step)
            .status
            .clone()
    };
    assert_eq!(
        wizard(&phase).answers.migration,
        Some(MigrationStage::Preparing)
    );
    assert!(
        matches!(status(&phase, StepId::MarketoConfigUser), Status::NeedsAnswer(t) if t.wire().contains("Disable Sync"))
    );
    assert!(
        matches!(status(&phase, StepId::OtherRoleHolders), Status::NeedsAnswer(t) if t.wire().contains("until Marketo has switched"))
    );
    let disabled = phase
        .clone()
        .next(Event::MigrationReached(MigrationStage::SyncDisabled));
    assert_eq!(wizard(&disabled).screen, Screen::Review);
    assert_eq!(wizard(&disabled).focus, Some(StepId::MarketoConfigUser));
    assert!(matches!(
        status(&disabled, StepId::MarketoConfigUser),
        Status::ToDo(_)
    ));
    assert!(
        matches!(status(&disabled, StepId::OtherRoleHolders), Status::NeedsAnswer(t) if t.wire().contains("until Marketo has switched"))
    );
    assert_eq!(
        disabled.progress().unwrap().migration_stage.as_deref(),
        Some("sync-disabled")
    );
    let switched = disabled
        .next(Event::MigrationReached(MigrationStage::Switched))
        .next(Event::Edit(Edit::RemoveOtherRoleHolders(true)));
    assert!(
        matches!(status(&switched, StepId::OtherRoleHolders), Status::ToDo(t) if t.wire().contains("Remove the Marketo Sync User role"))
    );
    // Another environment has its own migration: a stage confirmed here says nothing there.
    let mut two = facts.clone();
    if let Observed::Known(list) = &mut two.environments {
        let mut other = list[0].clone();
        other.url = "https://other.crm.dynamics.com".into();
        list.push(other);
    }
    let elsewhere = observed(switched.clone().next(Event::RefreshClicked), two).next(
        Event::EnvironmentChosen("https://other.crm.dynamics.com".into()),
    );
    assert_eq!(
        wizard(&elsewhere).answers.environment_url.as_deref(),
        Some("https://other.crm.dynamics.com")
    );
    assert_ne!(
        wizard(&elsewhere).answers.migration,
        Some(MigrationStage::Switched)
    );
    // Nor does another account's word.
    let mut progress = switched.progress().unwrap();
    progress.account = Some("other.account".into());
    let other_account = observed(signed_in(Some(progress)), facts.clone());
    assert_eq!(
        wizard(&other_account).answers.migration,
        Some(MigrationStage::Preparing)
    );
    // Any other procedure holds nothing back.
    let fresh_phase = reviewing_fresh();
    assert_eq!(wizard(&fresh_phase).answers.migration, None);
    let ignored = fresh_phase.next(Event::MigrationReached(MigrationStage::Switched));
    assert_eq!(wizard(&ignored).answers.migration, None);
    // A reload in the middle of Apply reads a half-changed tenant: it is not "before".
    let progress = Progress {
        environment_url: Some(ENV.into()),
        applying: true,
        account: Some(account().cache_key()),
        ..Progress::default()
    };
    let phase = observed(signed_in(Some(progress)), facts);
    assert_eq!(wizard(&phase).marketo_user_before, None);
}

#[test]
fn acknowledging_before_the_checks_arrive_waits_for_them() {
    let phase = finished(reviewing_fresh().next(Event::ApplyClicked), None, true);
    let phase = phase.next(Event::SecretStored);
    assert_eq!(wizard(&phase).screen, Screen::Observing);
    assert!(phase.holds_secret());
    let phase = observed(phase, complete());
    assert_eq!(wizard(&phase).screen, Screen::HandOff);
}

#[test]
fn failing_checks_after_apply_show_the_checks_with_fix_buttons() {
    let phase = finished(reviewing_fresh().next(Event::ApplyClicked), None, false);
    assert_eq!(wizard(&phase).screen, Screen::Observing);
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Checks);
    // The checks screen as the page renders it: Marketo's items apart, the hand-off held back
    // while they fail.
    let screen = w.checks_screen();
    assert_eq!(screen.title, crate::i18n::Msg::ChecksTitle);
    assert_eq!(screen.marketo.len() + screen.others.len(), w.findings.len());
    assert!(screen.marketo.iter().all(|f| f.marketo_item.is_some()));
    assert!(screen.summary.failed > 0);
    assert_ne!(
        screen.hand_off,
        Some(super::Prominence::Primary),
        "never the primary action while something fails"
    );
    let failing = w
        .findings
        .iter()
        .find(|f| f.verdict == Verdict::Fail && f.fix_step.is_some())
        .unwrap();
    let step = failing.fix_step.unwrap();
    let phase = phase.next(Event::FixClicked(step));
    let w = wizard(&phase);
    assert_eq!((w.screen, w.focus), (Screen::Review, Some(step)));
}

#[test]
fn answers_of_superseded_jobs_are_ignored() {
    let phase = signed_in(None);
    let old = phase.job().unwrap().id;
    let phase =
        observed(phase, before_environment(fresh())).next(Event::EnvironmentChosen(ENV.into()));
    let before = phase.clone();
    let phase = phase.next(Event::Observed {
        job: old,
        facts: Box::new(complete()),
        now: NOW,
    });
    assert_eq!(phase, before);
}

#[test]
fn a_failed_run_keeps_its_explanation_on_screen_and_refreshes_the_plan_behind_it() {
    let why = Explanation::new("Consent failed.", "403", "Ask a Global Administrator.");
    let phase = finished(
        reviewing_fresh().next(Event::ApplyClicked),
        Some((StepId::AdminConsent, why.clone())),
        false,
    );
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Applying);
    assert_eq!(w.notice, Some(Notice::RunFailed(StepId::AdminConsent, why)));
    assert!(!w.wants_clock());
    let phase = observed(phase, fresh());
    assert_eq!(
        wizard(&phase).screen,
        Screen::Applying,
        "the admin reads the failure first"
    );
    let phase = observed(phase.next(Event::BackToPlan), fresh());
    assert_eq!(wizard(&phase).screen, Screen::Review);
    assert!(
        matches!(wizard(&phase).notice, Some(Notice::RunFailed(..))),
        "still to do: still said"
    );
    // Once a read finds the step done (someone granted consent), the banner goes with it.
    let phase = observed(phase.next(Event::RefreshClicked), complete());
    assert_eq!(wizard(&phase).notice, None);
}

#[test]
fn cancel_stops_the_run_and_lands_on_the_plan_with_a_notice() {
    let phase = reviewing_fresh()
        .next(Event::ApplyClicked)
        .next(Event::CancelClicked);
    assert!(wizard(&phase).run.as_ref().unwrap().cancel_requested);
    let why = Explanation::new("A request got no answer.", "cancelled", "Try again.");
    let phase = finished(phase, Some((StepId::ServicePrincipal, why)), false);
    assert_eq!(wizard(&phase).notice, Some(Notice::Cancelled));
    let phase = observed(phase, fresh());
    assert_eq!(wizard(&phase).screen, Screen::Review);
}

#[test]
fn a_secret_made_before_a_failure_is_still_revealed_first() {
    let why = Explanation::new("no", "no", "no");
    let phase = finished(
        reviewing_fresh().next(Event::ApplyClicked),
        Some((StepId::ApplicationUser, why)),
        true,
    );
    assert_eq!(wizard(&phase).screen, Screen::RevealSecret);
    let phase = observed(phase.next(Event::SecretStored), fresh());
    assert_eq!(wizard(&phase).screen, Screen::Review);
    assert!(!phase.holds_secret());
}

#[test]
fn sign_out_drops_the_secret() {
    let phase = finished(reviewing_fresh().next(Event::ApplyClicked), None, true);
    assert!(phase.holds_secret());
    let phase = phase.next(Event::SignedOut);
    assert!(!phase.holds_secret());
    assert_eq!(phase.progress(), None);
}

#[test]
fn validate_only_reads_and_checks_without_a_plan_and_fix_leads_to_the_plan() {
    let progress = Progress::default().starting(Mode::ValidateOnly);
    let phase = observed(signed_in(Some(progress)), before_environment(fresh()));
    assert_eq!(wizard(&phase).screen, Screen::PickEnvironment);
    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    assert_eq!(
        wizard(&phase).job.map(|j| j.kind),
        Some(JobKind::Observe(Then::Checks))
    );
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Checks);
    assert!(w.findings.iter().any(|f| f.verdict == Verdict::Fail));
    assert!(!w.can_apply(), "validate-only writes nothing");
    // Marketo's own checks fail: no hand-off to offer, and asking for it changes nothing.
    assert!(!w.offers_hand_off());
    assert_eq!(
        wizard(&phase.clone().next(Event::ShowHandOff)).screen,
        Screen::Checks
    );
    let phase = phase.next(Event::FixClicked(StepId::AdminConsent));
    let w = wizard(&phase);
    assert_eq!((w.mode, w.screen), (Mode::Setup, Screen::Review));
    // The validation session signed in with read-only permissions (security review M4): the
    // plan offers a sign-in with the setup permissions instead of an Apply that Graph refuses.
    assert!(!w.can_apply());
    assert!(w.needs_write_sign_in());
    assert!(!w.can_tear_down());
    let screen = w.review_screen().unwrap();
    assert_eq!(screen.primary, super::ReviewPrimary::SignInForChanges);
    assert_eq!(screen.maintenance, None);
    let again = w.progress();
    assert!(!again.validate_only);
    assert!(
        !again.sign_in_options(false).read_only,
        "that sign-in asks for the writes"
    );
    let setup = observed(signed_in(Some(again)), fresh());
    assert!(wizard(&setup).can_apply());
    assert!(!wizard(&setup).needs_write_sign_in());
}

#[test]
fn validate_only_with_a_remembered_environment_goes_straight_to_the_checks() {
    let progress = Progress {
        environment_url: Some(ENV.into()),
        ..Progress::default()
    }
    .starting(Mode::ValidateOnly);
    let phase = observed(signed_in(Some(progress)), complete());
    assert_eq!(wizard(&phase).screen, Screen::Checks);
    assert_eq!(wizard(&phase).check_summary().failed, 0);
}

#[test]
fn a_reload_during_apply_resumes_with_what_is_left() {
    let progress = reviewing_fresh()
        .next(Event::ApplyClicked)
        .progress()
        .unwrap();
    assert!(progress.applying);
    let phase = signed_in(Some(progress));
    assert_eq!(wizard(&phase).notice, Some(Notice::Resumed));
    assert_eq!(
        phase.job().map(|j| j.kind),
        Some(JobKind::Observe(Then::Resume))
    );
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(
        (w.screen, w.job.map(|j| j.kind)),
        (Screen::Applying, Some(JobKind::Apply))
    );
    assert_eq!(w.notice, Some(Notice::Resumed));
}

#[test]
fn a_reload_after_everything_was_done_goes_to_the_hand_off() {
    let progress = Progress {
        environment_url: Some(ENV.into()),
        applying: true,
        account: Some(account().cache_key()),
        ..Progress::default()
    };
    let phase = observed(signed_in(Some(progress)), complete());
    assert_eq!(wizard(&phase).screen, Screen::HandOff);
}

#[test]
fn a_secret_lost_to_a_reload_is_replaced() {
    let progress = Progress {
        environment_url: Some(ENV.into()),
        applying: true,
        account: Some(account().cache_key()),
        secret_unacknowledged: true,
        ..Progress::default()
    };
    let phase = signed_in(Some(progress));
    let w = wizard(&phase);
    assert!(w.answers.new_secret);
    assert_eq!(w.notice, Some(Notice::SecretLostOnReload));
    let phase = observed(phase, complete());
    assert_eq!(
        wizard(&phase).screen,
        Screen::Applying,
        "the complete tenant still needs a secret the admin holds"
    );
    let run = wizard(&phase).run.clone().unwrap();
    assert_eq!(
        run.rows.iter().map(|r| r.step).collect::<Vec<_>>(),
        vec![StepId::ClientSecret]
    );
}

#[test]
fn a_remembered_environment_that_is_gone_asks_again() {
    let progress = Progress {
        environment_url: Some("https://old.crm.dynamics.com".into()),
        ..Progress::default()
    };
    let phase = observed(signed_in(Some(progress)), before_environment(fresh()));
    let w = wizard(&phase);
    assert_eq!(
        (w.screen, w.notice.clone()),
        (Screen::PickEnvironment, Some(Notice::EnvironmentGone))
    );
    assert_eq!(w.answers.environment_url, None);
}

/// `facts` as `observe` reads them for an application user e-mail that `entra` users carry.
fn read_for_email(mut facts: Facts, email: &str, entra: Vec<Holder>) -> Facts {
    facts.email_holders = Some(EmailHolders {
        email: email.into(),
        entra: Observed::Known(entra),
        dataverse: Some(Observed::Known(vec![])),
    });
    facts
}

#[test]
fn an_e_mail_someone_else_has_is_refused_before_the_application_user_is_created() {
    let taken = read_for_email(
        fresh(),
        "marketo.sync@contoso.onmicrosoft.com",
        vec![Holder {
            id: "oid-old".into(),
            name: "Marketo Sync (old)".into(),
        }],
    );
    let phase = observed(reviewing_fresh().next(Event::RefreshClicked), taken);
    let w = wizard(&phase);
    assert_eq!(
        w.answers.app_user_email,
        "marketo.sync@contoso.onmicrosoft.com"
    );
    assert_eq!(w.problems().app_user_email, Some(InputProblem::EmailInUse));
    assert!(!w.can_apply());
    let step = w.plan.as_ref().unwrap().step(StepId::ApplicationUser);
    assert!(
        matches!(&step.status, Status::NeedsAnswer(t) if t.wire().contains("Marketo Sync (old)")),
        "{:?}",
        step.status
    );
    // Another e-mail: looked up by the next read, then accepted.
    let phase = phase.next(Event::Edit(Edit::AppUserEmail(
        "marketo.s2s@contoso.onmicrosoft.com".into(),
    )));
    let w = wizard(&phase);
    assert_eq!(w.problems().app_user_email, None);
    assert!(w.email_unchecked() && !w.can_apply());
    let phase = observed(
        phase.next(Event::RefreshClicked),
        read_for_email(fresh(), "marketo.s2s@contoso.onmicrosoft.com", vec![]),
    );
    assert!(wizard(&phase).can_apply());
}

#[test]
fn edits_validate_inline_and_a_new_name_needs_a_new_read_before_apply() {
    let phase = reviewing_fresh().next(Event::Edit(Edit::AppUserEmail("not an e-mail".into())));
    let w = wizard(&phase);
    assert_eq!(w.problems().app_user_email, Some(InputProblem::NotAnEmail));
    assert!(!w.can_apply());
    let phase = phase
        .next(Event::Edit(Edit::AppUserEmail("sync@contoso.com".into())))
        .next(Event::Edit(Edit::AppName("Marketo EU".into())));
    let w = wizard(&phase);
    assert!(w.stale && !w.can_apply());
    let screen = w.review_screen().unwrap();
    assert_eq!(
        screen.standing,
        super::ReviewStanding::Stale,
        "stale says so before the e-mail"
    );
    assert!(matches!(
        screen.primary,
        super::ReviewPrimary::Apply { enabled: false, .. }
    ));
    assert!(
        w.email_unchecked(),
        "a new e-mail is looked up before the user is created"
    );
    let phase = phase.next(Event::ApplyClicked);
    assert_eq!(
        wizard(&phase).screen,
        Screen::Review,
        "Apply is refused while stale"
    );
    let phase = phase.next(Event::RefreshClicked);
    assert_eq!(
        phase.job().map(|j| j.kind),
        Some(JobKind::Observe(Then::Review))
    );
    // The read looks up who has the e-mail now typed.
    let phase = observed(phase, read_for_email(fresh(), "sync@contoso.com", vec![]));
    let w = wizard(&phase);
    assert!(!w.stale && !w.email_unchecked() && w.can_apply());
    let screen = w.review_screen().unwrap();
    assert!(matches!(
        screen.standing,
        super::ReviewStanding::Plan(crate::engine::plan::Standing::Runnable(_))
    ));
    assert!(matches!(
        screen.primary,
        super::ReviewPrimary::Apply { enabled: true, to_do } if to_do > 0
    ));
    assert_eq!(w.answers.app_name, "Marketo EU");
    assert_eq!(
        phase.progress().unwrap().app_name.as_deref(),
        Some("Marketo EU")
    );
}

#[test]
fn the_default_lifetime_follows_a_stricter_tenant_policy_unless_typed() {
    let mut strict = fresh();
    if let Observed::Known(d) = &mut strict.directory {
        d.password_policy = Observed::Known(PasswordPolicy {
            max_lifetime: Some((90, Default::default())),
            ..Default::default()
        });
    }
    let phase = observed(
        signed_in(Some(Progress {
            environment_url: Some(ENV.into()),
            ..Progress::default()
        })),
        strict.clone(),
    );
    let w = wizard(&phase);
    assert_eq!(
        (w.answers.secret_lifetime_days, w.lifetime_input.as_str()),
        (90, "90")
    );
    assert_eq!(w.max_secret_lifetime_days(), 90);
    assert!(w.lifetime_limited_by_policy());
    assert!(!wizard(&reviewing_fresh()).lifetime_limited_by_policy());
    let phase = phase.next(Event::Edit(Edit::SecretLifetime("120".into())));
    let w = wizard(&phase);
    assert_eq!(
        w.problems().secret_lifetime,
        Some(InputProblem::LifetimeOutOfRange(90))
    );
    assert!(!w.can_apply());
}

#[test]
fn an_admin_without_an_entra_role_is_told_which_role_and_cannot_apply() {
    let mut facts = fresh();
    facts.admin_roles = Observed::Known(vec![]);
    let phase = observed(
        signed_in(Some(Progress {
            environment_url: Some(ENV.into()),
            ..Progress::default()
        })),
        facts,
    );
    let w = wizard(&phase);
    let problem = w.role_problem().expect("the role check fails");
    assert!(
        problem
            .found
            .wire()
            .contains("Cloud Application Administrator"),
        "{}",
        problem.found.wire()
    );
    assert!(!w.can_apply());
    assert!(wizard(&reviewing_fresh()).role_problem().is_none());
}

#[test]
fn an_existing_application_user_keeps_its_e_mail() {
    let phase = observed(
        signed_in(Some(Progress {
            environment_url: Some(ENV.into()),
            ..Progress::default()
        })),
        complete(),
    );
    let w = wizard(&phase);
    assert_eq!(w.existing_app_user_email(), Some("app-user@contoso.com"));
    assert_eq!(w.answers.app_user_email, "app-user@contoso.com");
    assert_eq!(
        w.answers.app_id.as_deref(),
        Some("app-1"),
        "the app found is remembered for a reload"
    );
}

#[test]
fn progress_round_trips_as_json_without_secrets() {
    let phase = finished(reviewing_fresh().next(Event::ApplyClicked), None, true);
    let progress = phase.progress().unwrap();
    let json = serde_json::to_string(&progress).unwrap();
    assert!(!json.contains("k-new") && !json.contains("abc"), "{json}");
    assert_eq!(Progress::from_json(&json).unwrap(), progress);
    assert_eq!(Progress::from_json("{}").unwrap(), Progress::default());
    assert_eq!(Progress::from_json("[]"), None);
    // Every field survives the trip (a field read under the wrong name would come back default).
    let full = Progress {
        validate_only: true,
        environment_url: Some("e".into()),
        environment_api_url: Some("https://contoso.api.crm.dynamics.com".into()),
        app_name: Some("n".into()),
        app_id: Some("a".into()),
        awaiting_app_id: Some("w".into()),
        app_user_email: Some("m".into()),
        secret_lifetime_days: Some(90),
        new_secret: true,
        sync_filter_tables: vec!["lead".into()],
        remove_other_role_holders: true,
        keep_plugin_steps_disabled: true,
        client_app: true,
        sync_user_id: Some("u".into()),
        apply_after_sign_in: true,
        applying: true,
        secret_unacknowledged: true,
        signed_in_again: true,
        rotation_stage: Some("removing".into()),
        rotation_key_ids: vec!["k".into()],
        teardown_stage: Some("listed".into()),
        account: Some("t.o".into()),
        account_username: Some("adele@x".into()),
        marketo_user_before: Some("person".into()),
        marketo_syncing: Some(false),
        migration_stage: Some("sync-disabled".into()),
        created_here: vec!["app".into(), "user".into()],
        teardown_include_existing: true,
        copied_from_open_tab: false,
    };
    let json = serde_json::to_string(&full).unwrap();
    assert_eq!(Progress::from_json(&json), Some(full));
}

#[test]
fn an_app_created_in_this_tab_is_read_again_until_it_replicates_before_anything_is_planned() {
    use crate::engine::apply::Change;
    let phase = reviewing_fresh()
        .next(Event::ApplyClicked)
        .next(Event::CancelClicked);
    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::ApplyFinished {
        job,
        report: RunReport {
            completed: vec![StepId::AppRegistration],
            failed: Some((
                StepId::ServicePrincipal,
                Explanation::new("cancelled", "", ""),
            )),
            changes: vec![Change {
                step: StepId::AppRegistration,
                object: "application",
                id: "app-1".into(),
                action: "created",
            }],
            secret: None,
        },
    });
    let w = wizard(&phase);
    assert_eq!(
        w.answers.app_id.as_deref(),
        Some("app-1"),
        "read back by its id"
    );
    // Graph does not show it yet: another read, after a pause, instead of a plan that creates it again.
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Observing);
    assert_eq!(
        w.job.map(|j| j.delay_millis),
        Some(VISIBILITY_RECHECK_MILLIS)
    );
    assert_eq!(w.awaiting_app.as_deref(), Some("app-1"));
    // Once it shows, planning goes on.
    let phase = observed(phase, complete());
    let w = wizard(&phase);
    assert_eq!((w.screen, w.awaiting_app.clone()), (Screen::Review, None));

    // If it never shows, Apply stays off with the reason.
    let mut phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    phase = phase.next(Event::ApplyFinished {
        job,
        report: RunReport {
            completed: vec![],
            failed: None,
            changes: vec![Change {
                step: StepId::AppRegistration,
                object: "application",
                id: "app-9".into(),
                action: "created",
            }],
            secret: None,
        },
    });
    for _ in 0..=VISIBILITY_RECHECKS {
        phase = observed(phase, fresh());
    }
    let w = wizard(&phase);
    assert_eq!(w.notice, Some(Notice::AppNotVisibleYet));
    assert!(w.job.is_none() && !w.can_apply());
}

#[test]
fn a_created_app_is_remembered_the_moment_it_exists_and_a_reload_waits_for_it() {
    use crate::engine::apply::Change;
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::ApplyProgress {
        job,
        event: RunEvent::Changed(Change {
            step: StepId::AppRegistration,
            object: "application",
            id: "app-7".into(),
            action: "created",
        }),
        at: 10,
    });
    let progress = phase.progress().unwrap();
    assert_eq!(progress.app_id.as_deref(), Some("app-7"));
    assert_eq!(progress.awaiting_app_id.as_deref(), Some("app-7"));
    assert!(progress.applying);

    // The page reloads inside the replication lag: Graph does not list the app yet.
    let phase = signed_in(Some(progress));
    assert_eq!(wizard(&phase).answers.app_id.as_deref(), Some("app-7"));
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(
        w.screen,
        Screen::Observing,
        "waits instead of planning a second app"
    );
    assert_eq!(
        w.job.map(|j| (j.kind, j.delay_millis)),
        Some((JobKind::Observe(Then::Resume), VISIBILITY_RECHECK_MILLIS))
    );
    // Still invisible after every re-read: the plan is blocked, and Start over is the way out.
    let mut phase = phase;
    for _ in 0..VISIBILITY_RECHECKS {
        phase = observed(phase, fresh());
    }
    let w = wizard(&phase);
    assert_eq!(w.notice, Some(Notice::AppNotVisibleYet));
    assert!(matches!(
        w.plan
            .as_ref()
            .unwrap()
            .step(StepId::AppRegistration)
            .status,
        Status::Blocked(_)
    ));
    assert!(w.remembered_app_missing() && !w.can_apply());
    let phase = phase.next(Event::StartOver);
    let w = wizard(&phase);
    assert_eq!(
        (w.answers.app_id.clone(), w.awaiting_app.clone()),
        (None, None)
    );
    assert_eq!(w.job.map(|j| j.kind), Some(JobKind::Observe(Then::Review)));
    let phase = observed(phase, fresh());
    assert!(wizard(&phase).can_apply(), "the app is created afresh");
}

#[test]
fn a_secret_is_held_from_the_moment_it_is_created_until_the_admin_leaves() {
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::SecretCreated {
        job,
        note: secret_note(),
    });
    assert!(phase.holds_secret(), "the run's screen keeps it");
    assert!(phase.progress().unwrap().secret_unacknowledged);
    // A later step fails; the report no longer repeats the secret, and it is still revealed.
    let why = Explanation::new("no", "no", "no");
    let phase = finished(phase, Some((StepId::ApplicationUser, why)), false);
    assert_eq!(wizard(&phase).screen, Screen::RevealSecret);
    assert!(phase.holds_secret());
    // Late news of another job's secret changes nothing.
    let phase = phase.next(Event::SecretCreated {
        job: 999,
        note: SecretNote {
            key_id: "other".into(),
            ..secret_note()
        },
    });
    assert_eq!(wizard(&phase).secret.as_ref().unwrap().key_id, "k-new");
}

fn sync_user(id: &str, name: &str, upn: &str) -> SyncUser {
    SyncUser {
        id: id.into(),
        full_name: name.into(),
        sign_in_name: Some(upn.into()),
    }
}

#[test]
fn client_app_mode_lists_sync_users_and_reads_the_chosen_ones_language() {
    let progress = Progress::default().connecting(ConnectionMode::ClientApp);
    let phase = observed(signed_in(Some(progress)), before_environment(fresh()));
    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(w.answers.mode, ConnectionMode::ClientApp);
    assert_eq!(w.screen, Screen::Review);
    assert_eq!(
        w.job.map(|j| j.kind),
        Some(JobKind::SyncUsers),
        "the picker fills itself"
    );
    assert!(
        w.problems().is_empty(),
        "no application user e-mail is needed"
    );
    assert!(!w.can_apply(), "not while the list loads");

    let job = phase.job().unwrap().id;
    let found = SyncUsers {
        users: vec![
            sync_user("u-1", "Dynamics Sync", "sync@contoso-fed.com"),
            sync_user("u-2", "Megan Bowen", "megan@contoso.com"),
        ],
        chosen_language: None,
    };
    let phase = phase.next(Event::SyncUsersFound {
        job,
        result: Ok(found.clone()),
    });
    let w = wizard(&phase);
    assert!(w.job.is_none());
    assert!(matches!(
        w.plan.as_ref().unwrap().step(StepId::SyncUserRole).status,
        Status::NeedsAnswer(_)
    ));
    assert_eq!(w.sync_user_speaks_english(), None);

    // Picking a user reads its language; the plan now assigns it the role.
    let phase = phase.next(Event::Edit(Edit::SyncUser("u-1".into())));
    assert_eq!(
        phase.progress().unwrap().sync_user_id.as_deref(),
        Some("u-1")
    );
    let job = phase.job().expect("the language is read").id;
    let phase = phase.next(Event::SyncUsersFound {
        job,
        result: Ok(SyncUsers {
            chosen_language: Some(1043),
            ..found
        }),
    });
    let w = wizard(&phase);
    assert_eq!(w.sync_user_speaks_english(), Some(false));
    assert!(matches!(
        w.plan.as_ref().unwrap().step(StepId::SyncUserRole).status,
        Status::ToDo(_)
    ));
    assert!(w.can_apply());
    assert_eq!(
        w.hand_off().username.as_deref(),
        Some("sync@contoso-fed.com"),
        "Marketo's username is the sync user's sign-in name"
    );

    // Typing narrows the next search; a failed search keeps the explanation.
    let phase = phase
        .next(Event::SyncUserSearchTyped("meg".into()))
        .next(Event::SearchSyncUsers);
    assert_eq!(wizard(&phase).sync_user_search, "meg");
    let job = phase.job().unwrap().id;
    let why = Explanation::new("no", "no", "no");
    let phase = phase.next(Event::SyncUsersFound {
        job,
        result: Err(why.clone()),
    });
    assert_eq!(wizard(&phase).sync_users, Some(Err(why)));
}

#[test]
fn a_run_missing_the_hrd_permission_offers_a_new_sign_in_and_carries_on_after_it() {
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let why = Explanation::new(
        crate::engine::apply::HRD_CONSENT_NEEDED,
        "403",
        "Sign in again",
    );
    let phase = finished(phase, Some((StepId::HomeRealmDiscovery, why)), false);
    let w = wizard(&phase);
    assert!(w.needs_hrd_consent());
    let progress = w.progress_for_consent();
    assert!(progress.apply_after_sign_in && !progress.applying);
    let other = finished(
        reviewing_fresh().next(Event::ApplyClicked),
        Some((
            StepId::HomeRealmDiscovery,
            Explanation::new("conflict", "", ""),
        )),
        false,
    );
    assert!(
        !wizard(&other).needs_hrd_consent(),
        "only the missing permission"
    );

    // Back from the sign-in: the remaining steps run at once.
    let phase = signed_in(Some(progress));
    assert_eq!(wizard(&phase).notice, Some(Notice::ResumedWithPermission));
    let phase = observed(phase, fresh());
    assert_eq!(wizard(&phase).job.map(|j| j.kind), Some(JobKind::Apply));
    assert!(!phase.progress().unwrap().apply_after_sign_in, "only once");
}

/// Signed in with the environment remembered, the complete tenant's plan on screen.
fn reviewing_complete() -> Phase {
    observed(
        signed_in(Some(Progress {
            environment_url: Some(ENV.into()),
            ..Progress::default()
        })),
        complete(),
    )
}

/// `complete()` with one more secret on the app.
fn with_second_secret(mut facts: Facts) -> Facts {
    if let Observed::Known(d) = &mut facts.directory {
        let app = d.app.as_mut().unwrap();
        app.passwords.push(crate::facts::PasswordCredential {
            key_id: "k-new".into(),
            display_name: None,
            hint: Some("abc".into()),
            end: Some(NOW + 180 * 86_400),
        });
    }
    facts
}

#[test]
fn rotation_adds_and_shows_a_new_secret_and_removes_the_old_only_when_marketo_uses_it() {
    let phase = reviewing_complete();
    assert!(wizard(&phase).can_rotate());
    let old: Vec<String> = wizard(&phase)
        .app()
        .unwrap()
        .passwords
        .iter()
        .map(|p| p.key_id.clone())
        .collect();
    assert!(!old.is_empty());
    let phase = phase.next(Event::RotateClicked);
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Rotate);
    assert_eq!(w.rotation.as_ref().unwrap().stage, RotationStage::Ready);
    // Nothing to confirm yet: Marketo still uses the old secret.
    let phase = phase.next(Event::MarketoUsesNewSecret);
    assert!(phase.job().is_none());

    let phase = phase.next(Event::AddNewSecretClicked);
    let job = phase.job().unwrap();
    assert_eq!(job.kind, JobKind::RotateSecret);
    let phase = phase.next(Event::SecretRotated {
        job: job.id,
        result: Ok(secret_note()),
    });
    assert!(phase.holds_secret(), "shown once, on this screen");
    assert_eq!(
        wizard(&phase).rotation.as_ref().unwrap().stage,
        RotationStage::Added
    );
    // The app is read again and lists both secrets; the screen stays.
    let phase = observed(phase, with_second_secret(complete()));
    let w = wizard(&phase);
    assert_eq!(
        (w.screen, w.app().unwrap().passwords.len()),
        (Screen::Rotate, old.len() + 1)
    );

    let phase = phase.next(Event::MarketoUsesNewSecret);
    let job = phase.job().unwrap();
    assert_eq!(job.kind, JobKind::RemoveOldSecrets);
    assert_eq!(
        wizard(&phase).old_key_ids(),
        old,
        "only the secrets that existed before"
    );
    // A failure keeps the new secret on screen, says which old one is left, and a Retry sends
    // only that one.
    let phase = phase.next(Event::OldSecretsRemoved {
        job: job.id,
        result: Removals {
            removed: Vec::new(),
            not_removed: vec![(old[0].clone(), Explanation::new("no", "no", "no"))],
        },
    });
    let w = wizard(&phase);
    let rotation = w.rotation.as_ref().unwrap();
    assert_eq!(rotation.stage, RotationStage::RemovalStopped);
    assert_eq!(rotation.not_removed, vec![old[0].clone()]);
    assert!(rotation.problem.is_some() && phase.holds_secret());
    let phase = observed(phase, with_second_secret(complete()));
    let phase = phase.next(Event::MarketoUsesNewSecret);
    let job = phase.job().unwrap();
    assert_eq!(job.kind, JobKind::RemoveOldSecrets);
    assert_eq!(wizard(&phase).old_key_ids(), vec![old[0].clone()]);
    let phase = phase.next(Event::OldSecretsRemoved {
        job: job.id,
        result: Removals {
            removed: vec![old[0].clone()],
            not_removed: Vec::new(),
        },
    });
    assert_eq!(
        wizard(&phase).rotation.as_ref().unwrap().stage,
        RotationStage::Done
    );
    let phase = observed(phase, complete());
    let phase = phase.next(Event::BackToPlan);
    assert!(
        !phase.holds_secret(),
        "leaving the rotation forgets the secret"
    );
    assert_eq!(wizard(&phase).rotation, None);
}

/// The progress a reload would find, then the page signed in again from it.
fn reloaded(phase: &Phase) -> Phase {
    let progress = phase.progress().unwrap();
    let json = serde_json::to_string(&progress).unwrap();
    assert!(
        !json.contains("abc"),
        "no secret, not even its hint: {json}"
    );
    signed_in(Progress::from_json(&json))
}

#[test]
fn a_reload_during_rotation_resumes_from_the_tenant() {
    let phase = reviewing_complete().next(Event::RotateClicked);
    let old = wizard(&phase).old_key_ids();
    let phase = phase.next(Event::AddNewSecretClicked);

    // Reloaded while the new secret was being added, and the tenant has it: its value went
    // with the page, so it is named, and Marketo's use of it is asked about (or another made).
    let again = reloaded(&phase);
    assert_eq!(wizard(&again).notice, Some(Notice::MaintenanceResumed));
    let again = observed(again, with_second_secret(complete()));
    let w = wizard(&again);
    assert_eq!(w.screen, Screen::Rotate);
    let rotation = w.rotation.as_ref().unwrap();
    assert_eq!(rotation.stage, RotationStage::Added);
    assert_eq!(rotation.unseen_new.as_ref().unwrap().key_id, "k-new");
    assert!(w.secret.is_none());
    let another = again.clone().next(Event::AddNewSecretClicked);
    assert_eq!(another.job().unwrap().kind, JobKind::RotateSecret);
    let mut both = old.clone();
    both.push("k-new".into());
    assert_eq!(
        wizard(&another).old_key_ids(),
        both,
        "the unseen one goes too"
    );

    // Reloaded while removing: what is gone stays gone, and the rest is removed.
    let removing = again.next(Event::MarketoUsesNewSecret);
    assert_eq!(removing.job().unwrap().kind, JobKind::RemoveOldSecrets);
    let again = observed(reloaded(&removing), with_second_secret(complete()));
    let w = wizard(&again);
    assert_eq!(w.screen, Screen::Rotate);
    assert_eq!(again.job().unwrap().kind, JobKind::RemoveOldSecrets);
    assert_eq!(w.old_key_ids(), old);
}

#[test]
fn a_reload_during_teardown_removes_what_the_tenant_still_has() {
    // This tab did not create the tenant's objects: the admin names them to remove them, and
    // that choice survives the reload.
    let phase = reviewing_complete()
        .next(Event::TeardownClicked)
        .next(Event::TeardownIncludeExisting(true))
        .next(Event::TeardownConfirmed(true))
        .next(Event::TeardownStartClicked);
    assert_eq!(phase.job().unwrap().kind, JobKind::Teardown);
    let again = observed(reloaded(&phase), complete());
    let w = wizard(&again);
    assert_eq!(w.screen, Screen::Teardown);
    assert_eq!(w.teardown.as_ref().unwrap().stage, TeardownStage::Removing);
    assert_eq!(again.job().unwrap().kind, JobKind::Teardown);
    // Only listed (not confirmed): the list again, nothing removed.
    let listed = reviewing_complete().next(Event::TeardownClicked);
    let again = observed(reloaded(&listed), complete());
    let w = wizard(&again);
    assert_eq!(w.teardown.as_ref().unwrap().stage, TeardownStage::Listed);
    assert!(!w.teardown.as_ref().unwrap().confirmed && again.job().is_none());
    // Leaving forgets it: a later reload resumes nothing.
    let left = observed(again.next(Event::BackToPlan), complete());
    assert_eq!(left.progress().unwrap().maintenance(), None);
}

#[test]
fn teardown_lists_first_and_removes_only_after_the_confirmation() {
    // Before: the plan of a complete tenant offers rotating and tearing down.
    assert_eq!(
        wizard(&reviewing_complete()).maintenance_actions(),
        Some(super::MaintenanceActions { rotate: true })
    );
    assert_eq!(wizard(&reviewing_fresh()).maintenance_actions(), None);
    let phase = reviewing_complete().next(Event::TeardownClicked);
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Teardown);
    let screen = w.teardown_screen().expect("the teardown screen");
    assert!(!screen.busy);
    assert_eq!(screen.teardown, w.teardown.as_ref().unwrap());
    let teardown = w.teardown.as_ref().unwrap();
    assert!(teardown.items.iter().any(|i| i
        .note
        .as_ref()
        .is_some_and(|n| n.wire().contains("30 days"))));
    // Everything was there before this tab ran: confirmed, it still removes nothing unasked.
    assert!(teardown.items.iter().all(|i| !i.created_here));
    let phase = phase.next(Event::TeardownStartClicked);
    assert!(phase.job().is_none(), "not without the confirmation");
    let phase = phase
        .next(Event::TeardownConfirmed(true))
        .next(Event::TeardownStartClicked);
    assert!(
        phase.job().is_none(),
        "what was there before only when named"
    );
    let phase = phase
        .next(Event::TeardownIncludeExisting(true))
        .next(Event::TeardownStartClicked);
    let job = phase.job().unwrap();
    assert_eq!(job.kind, JobKind::Teardown);
    let removed = vec![crate::engine::apply::Change {
        step: StepId::AppRegistration,
        object: "application",
        id: "app-1".into(),
        action: "removed",
    }];
    let phase = phase.next(Event::TornDown {
        job: job.id,
        result: Ok(removed.clone()),
    });
    let w = wizard(&phase);
    let teardown = w.teardown.as_ref().unwrap();
    assert_eq!(
        (teardown.stage, &teardown.removed),
        (TeardownStage::Finished, &removed)
    );
    assert_eq!(
        w.answers.app_id, None,
        "the next plan starts without the deleted app"
    );
    assert_eq!(w.job.map(|j| j.kind), Some(JobKind::Observe(Then::Refresh)));
}

#[test]
fn the_report_and_the_reminder_describe_the_run_without_the_secret() {
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::ApplyFinished {
        job,
        report: RunReport {
            completed: vec![StepId::AppRegistration],
            failed: None,
            changes: vec![crate::engine::apply::Change {
                step: StepId::AppRegistration,
                object: "application",
                id: "app-1".into(),
                action: "created",
            }],
            secret: Some(secret_note()),
        },
    });
    let phase = observed(phase, complete()).next(Event::SecretStored);
    let w = wizard(&phase);
    let report = w.run_report(NOW);
    assert_eq!(report.client_id.as_deref(), Some("app-1"));
    assert_eq!(report.secret_key_id.as_deref(), Some("k-new"));
    assert_eq!(report.changes.len(), 1);
    assert_eq!(report.signed_in_as, "Adele Vance <adele@x>");
    assert!(report
        .to_markdown()
        .contains("the value is not in this report"));
    let ics = w.reminder(NOW).unwrap();
    assert!(ics.contains("UID:k-new@sync-setup"), "{ics}");
    // Without a held secret, the app's latest-expiring one is meant.
    let phase = phase.next(Event::ForgetSecret);
    let (key, _) = wizard(&phase).reminder_secret().unwrap();
    assert_ne!(key, "k-new");
}

/// The session ends under the job now running (the shell reports this instead of its result).
fn session_ends(phase: Phase) -> Phase {
    let job = phase.job().expect("a job is under way");
    phase.next(Event::SessionEnded {
        job: job.id,
        error: AuthError::SessionExpired,
    })
}

#[test]
fn a_session_that_ends_while_reading_asks_to_sign_in_again_and_resumes_after_it() {
    let phase = observed(signed_in(None), before_environment(fresh()));
    let phase = phase.next(Event::EnvironmentChosen(ENV.into()));
    let stale_job = phase.job().unwrap().id;
    let phase = session_ends(phase);
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::SignInAgain);
    assert_eq!(w.job, None, "nothing runs: no loop through Entra");
    assert!(w
        .session_ended
        .as_ref()
        .is_some_and(|e| e.what.wire().contains("session has ended")));
    assert!(!w.can_apply());
    // Late answers and clicks change nothing until the admin signs in again.
    let after = phase
        .clone()
        .next(Event::Observed {
            job: stale_job,
            facts: Box::new(fresh()),
            now: NOW,
        })
        .next(Event::RefreshClicked)
        .next(Event::ChangeEnvironment)
        .next(Event::ApplyClicked);
    assert_eq!(after, phase);
    // The admin clicks "Sign in again": the answers travel with the sign-in...
    let progress = wizard(&phase).progress_for_sign_in_again();
    assert_eq!(progress.environment_url.as_deref(), Some(ENV));
    assert!(progress.signed_in_again && !progress.applying);
    assert_eq!(
        phase.next(Event::Entry(EntryEvent::SignInClicked)),
        Phase::Entry(Entry::Redirecting)
    );
    // ...and the wizard comes back reading the tenant, then shows the plan for that environment.
    let phase = signed_in(Some(progress));
    assert_eq!(wizard(&phase).notice, Some(Notice::SignedInAgain));
    let phase = observed(phase, fresh());
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::Review);
    assert_eq!(w.session_ended, None);
    assert!(w.can_apply());
}

#[test]
fn a_session_that_ends_during_apply_stops_the_run_and_carries_on_after_the_new_sign_in() {
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    let phase = phase
        .next(Event::ApplyProgress {
            job,
            event: RunEvent::Started(StepId::AppRegistration),
            at: 1,
        })
        .next(Event::ApplyProgress {
            job,
            event: RunEvent::Done {
                step: StepId::AppRegistration,
                detail: crate::i18n::core_texts::TextKey::RdPublished.into(),
            },
            at: 2,
        });
    let phase = session_ends(phase);
    let w = wizard(&phase);
    assert_eq!(w.screen, Screen::SignInAgain);
    let run = w.run.as_ref().unwrap();
    assert!(run.finished && !w.wants_clock());
    assert!(run.rows.iter().all(|r| r.state
        == if r.step == StepId::AppRegistration {
            RowState::Done
        } else {
            RowState::NotRun
        }));
    assert!(w.resume_after_sign_in);
    assert!(
        phase.progress().unwrap().applying,
        "a reload on this screen resumes too"
    );
    let phase = signed_in(Some(w.progress_for_sign_in_again()));
    assert_eq!(wizard(&phase).notice, Some(Notice::SignedInAgain));
    assert_eq!(
        phase.job().map(|j| j.kind),
        Some(JobKind::Observe(Then::Resume))
    );
    let phase = observed(phase, fresh());
    assert_eq!(
        wizard(&phase).job.map(|j| j.kind),
        Some(JobKind::Apply),
        "the run carries on with what is left"
    );
}

#[test]
fn a_secret_made_before_the_session_ended_is_shown_and_stored_first() {
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::SecretCreated {
        job,
        note: secret_note(),
    });
    let phase = session_ends(phase);
    assert_eq!(wizard(&phase).screen, Screen::RevealSecret);
    assert!(phase.holds_secret());
    let phase = phase.next(Event::SecretRevealToggled);
    assert!(wizard(&phase).secret.as_ref().unwrap().revealed);
    let phase = phase.next(Event::SecretStored);
    assert_eq!(wizard(&phase).screen, Screen::SignInAgain);
    assert!(!phase.holds_secret(), "stored: the page lets go of it");
    let progress = wizard(&phase).progress_for_sign_in_again();
    assert!(
        !progress.secret_unacknowledged,
        "not replaced after the sign-in"
    );
}

#[test]
fn a_stray_oauth_answer_is_refused_without_costing_the_wizard() {
    let phase = reviewing_fresh();
    let refused = phase.clone().next(Event::Entry(EntryEvent::AnswerRefused(
        AuthError::NoPendingSignIn,
    )));
    let w = wizard(&refused);
    assert_eq!(w.screen, Screen::Review);
    assert_eq!(w.job, None);
    assert!(
        matches!(&w.notice, Some(Notice::AnswerRefused(e)) if e.why.wire().contains("did not start a sign-in"))
    );
    // A run's failure notice, with its buttons, is not replaced.
    let failed = finished(
        reviewing_fresh().next(Event::ApplyClicked),
        Some((StepId::ApplicationUser, Explanation::new("no", "no", "no"))),
        false,
    );
    let after = failed.clone().next(Event::Entry(EntryEvent::AnswerRefused(
        AuthError::StateMismatch,
    )));
    assert_eq!(wizard(&after).notice, wizard(&failed).notice);
    // Signed out, the refusal is the news; while leaving for Entra it changes nothing.
    let landing = Phase::Entry(Entry::SignedOut { notice: None }).next(Event::Entry(
        EntryEvent::AnswerRefused(AuthError::StateMismatch),
    ));
    assert!(
        matches!(&landing, Phase::Entry(Entry::SignInFailed(e)) if e.why.wire().contains("state differs"))
    );
    assert_eq!(
        Phase::Entry(Entry::Redirecting).next(Event::Entry(EntryEvent::AnswerRefused(
            AuthError::StateMismatch
        ))),
        Phase::Entry(Entry::Redirecting)
    );
}

#[test]
fn a_job_that_met_the_end_of_the_session_reports_it_unless_its_result_holds_a_write() {
    let ended = Some(AuthError::SessionExpired);
    let read = Event::Observed {
        job: 4,
        facts: Box::new(fresh()),
        now: NOW,
    };
    assert!(matches!(
        read.unless_session_ended(4, ended.clone()),
        Event::SessionEnded {
            job: 4,
            error: AuthError::SessionExpired
        }
    ));
    let read = Event::Observed {
        job: 4,
        facts: Box::new(fresh()),
        now: NOW,
    };
    assert!(matches!(
        read.unless_session_ended(4, None),
        Event::Observed { .. }
    ));
    // A new secret, or what a teardown removed, must reach the wizard even so.
    let rotated = Event::SecretRotated {
        job: 5,
        result: Ok(secret_note()),
    };
    assert!(matches!(
        rotated.unless_session_ended(5, ended.clone()),
        Event::SecretRotated { result: Ok(_), .. }
    ));
    let why = Explanation::new("ended", "ended", "sign in");
    let removed = Change {
        step: StepId::AppRegistration,
        object: "application",
        id: "app-1".into(),
        action: "removed",
    };
    let torn = Event::TornDown {
        job: 6,
        result: Err((vec![removed], why.clone())),
    };
    assert!(matches!(
        torn.unless_session_ended(6, ended.clone()),
        Event::TornDown { .. }
    ));
    let nothing_removed = Event::TornDown {
        job: 6,
        result: Err((vec![], why)),
    };
    assert!(matches!(
        nothing_removed.unless_session_ended(6, ended),
        Event::SessionEnded { .. }
    ));
}

#[test]
fn a_reload_remembers_the_environment_s_web_api_url_so_the_first_read_starts_dataverse_early() {
    let chosen = Progress {
        environment_url: Some(ENV.into()),
        ..Progress::default()
    };
    let phase = observed(signed_in(Some(chosen.clone())), complete());
    let remembered = wizard(&phase).progress();
    let api_url = complete().api_url_of(ENV).map(str::to_owned);
    assert!(api_url.is_some());
    assert_eq!(remembered.environment_api_url, api_url);

    // After the reload: the first observation starts from the two URLs, and nothing else.
    let phase = signed_in(Some(remembered.clone()));
    let w = wizard(&phase);
    let observing = w.job.expect("the first read").kind;
    assert!(matches!(observing, JobKind::Observe(_)));
    let earlier = w.facts_for(observing).expect("an earlier observation");
    assert_eq!(earlier.api_url_of(ENV).map(str::to_owned), api_url);
    assert!(earlier.directory.known().is_none() && earlier.dataverse.is_none());
    // Other jobs never work from it.
    assert_eq!(w.facts_for(JobKind::Apply), None);
    // It is kept while the page has not read the tenant yet (another reload, a sign-in).
    assert_eq!(w.progress().environment_api_url, api_url);

    // Without a remembered Web API URL (an older tab), the first read starts cold.
    let phase = signed_in(Some(chosen));
    let w = wizard(&phase);
    assert_eq!(w.facts_for(w.job.unwrap().kind), None);
}

#[test]
fn another_accounts_progress_never_resumes_a_run_a_teardown_or_a_removal() {
    // Security review M1: after "sign in again" Entra may return another admin (or, with an
    // `organizations` authority, another tenant). What the first one started is not resumed.
    let first = Progress {
        environment_url: Some(ENV.into()),
        applying: true,
        remove_other_role_holders: true,
        teardown_stage: Some("removing".into()),
        rotation_stage: Some("removing".into()),
        rotation_key_ids: vec!["k-old".into()],
        account: Some("t.someone-else".into()),
        account_username: Some("megan@x".into()),
        ..Progress::default()
    };
    let phase = signed_in(Some(first.clone()));
    let w = wizard(&phase);
    assert_eq!(w.notice, Some(Notice::OtherAccount));
    assert!(
        !w.answers.remove_other_role_holders,
        "that consent was someone else's"
    );
    assert!(w.resume.is_none(), "no teardown or secret removal resumes");
    assert!(
        !matches!(
            w.job.map(|j| j.kind),
            Some(JobKind::Observe(Then::Resume | Then::ResumeMaintenance))
        ),
        "{:?}",
        w.job
    );
    assert_eq!(
        w.answers.environment_url.as_deref(),
        Some(ENV),
        "answers stay"
    );
    let phase = observed(phase, complete());
    assert_eq!(
        wizard(&phase).screen,
        Screen::Review,
        "the plan review, not a resumed run"
    );
    assert!(wizard(&phase).job.is_none(), "nothing runs");
    // The same account resumes as before.
    let mine = Progress {
        account: Some(account().cache_key()),
        ..first
    };
    let resumed = signed_in(Some(mine));
    assert_eq!(wizard(&resumed).notice, Some(Notice::Resumed));
    assert!(wizard(&resumed).resume.is_some());
    assert!(wizard(&resumed).answers.remove_other_role_holders);
}

#[test]
fn signing_in_again_offers_the_same_account() {
    let phase = observed(signed_in(None), complete());
    let progress = wizard(&phase).progress_for_sign_in_again();
    assert_eq!(progress.account.as_deref(), Some("t.o"));
    let options = progress.sign_in_options(true);
    assert_eq!(options.login_hint.as_deref(), Some("adele@x"));
    assert!(options.include_hrd_scope);
    assert_eq!(Progress::default().sign_in_options(false).login_hint, None);
}

#[test]
fn a_write_held_by_another_tab_sends_nothing_and_resumes_nothing() {
    // Security review M2: a duplicated tab resumed the Apply the original was still running.
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let w = wizard(&phase);
    let job = w.job.unwrap();
    assert_eq!(job.kind, JobKind::Apply);
    assert_eq!(
        w.run_lock(JobKind::Apply).as_deref(),
        Some("syncsetup-run:t")
    );
    assert_eq!(
        w.run_lock(JobKind::Teardown).as_deref(),
        Some("syncsetup-run:t")
    );
    assert_eq!(
        w.run_lock(JobKind::Observe(Then::Start)),
        None,
        "reads take no lock"
    );
    assert_eq!(w.run_lock(JobKind::SyncUsers), None);
    let phase = phase.next(Event::RunHeldElsewhere { job: job.id });
    let w = wizard(&phase);
    assert!(w.job.is_none() && w.run.is_none());
    assert_eq!(w.screen, Screen::Review);
    assert_eq!(w.notice, Some(Notice::RunInAnotherTab));
    assert!(
        !w.progress().applying,
        "a reload of this tab does not try again by itself"
    );
}

#[test]
fn a_duplicated_tab_resumes_nothing_its_open_original_started() {
    // Security review M2: the copy resumed the original's Apply and added a second secret.
    let original = Progress {
        environment_url: Some(ENV.into()),
        applying: true,
        secret_unacknowledged: true,
        teardown_stage: Some("listed".into()),
        account: Some(account().cache_key()),
        ..Progress::default()
    };
    let copy = signed_in(Some(Progress {
        copied_from_open_tab: true,
        ..original.clone()
    }));
    let w = wizard(&copy);
    assert_eq!(w.notice, Some(Notice::DuplicatedTab));
    assert!(w.resume.is_none());
    assert!(
        !w.answers.new_secret,
        "the copy does not ask for another secret"
    );
    let copy = observed(copy, complete());
    assert_eq!(wizard(&copy).screen, Screen::Review);
    assert!(wizard(&copy).job.is_none());
    // The original itself, reloaded, resumes.
    assert_eq!(
        wizard(&signed_in(Some(original))).notice,
        Some(Notice::SecretLostOnReload)
    );
}

#[test]
fn a_rotation_is_offered_only_when_the_app_has_a_secret_to_rotate() {
    // Issue 15: "Rotate the client secret" was offered before any secret existed.
    let mut facts = complete();
    if let Observed::Known(d) = &mut facts.directory {
        d.app.as_mut().unwrap().passwords.clear();
    }
    let phase = observed(
        signed_in(Some(Progress {
            environment_url: Some(ENV.into()),
            ..Progress::default()
        })),
        facts,
    );
    let w = wizard(&phase);
    assert!(
        !w.can_rotate(),
        "no secret: the plan's client-secret step, not a rotation"
    );
    assert!(w.can_tear_down(), "the app can still be torn down");
    assert!(wizard(&reviewing_complete()).can_rotate());
}

#[test]
fn a_teardown_tells_what_this_page_created_from_what_was_there_before() {
    // A run of this tab reports the app it created ("app-1", the complete tenant's app id); the
    // application user was there before.
    let running = reviewing_fresh().next(Event::ApplyClicked);
    let job = running.job().unwrap().id;
    let running = running.next(Event::ApplyProgress {
        job,
        event: RunEvent::Changed(crate::engine::apply::Change {
            step: StepId::AppRegistration,
            object: "application",
            id: "app-1".into(),
            action: "created",
        }),
        at: NOW * 1000,
    });
    let phase = finished(running, None, true);
    let phase = observed(phase.next(Event::SecretStored), complete());
    assert_eq!(
        phase.progress().unwrap().created_here,
        vec!["app-1".to_string()]
    );
    let phase = phase.next(Event::TeardownClicked);
    let teardown = wizard(&phase).teardown.clone().unwrap();
    let by_id = |id: &str| {
        teardown
            .items
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .created_here
    };
    assert!(by_id("app-1"), "created by this page");
    assert!(!by_id("app-user"), "there before");
    let phase = phase.next(Event::TeardownConfirmed(true));
    assert_eq!(
        wizard(&phase).teardown.as_ref().unwrap().ids_to_remove(),
        vec!["app-1"]
    );
}

#[test]
fn each_screen_is_told_which_notice_is_its_own() {
    let phase = observed(signed_in(None), complete());
    let mut w = wizard(&phase).clone();
    for (notice, origin, stop, maintenance) in [
        (Notice::Resumed, true, false, false),
        (Notice::SecretLostOnReload, true, false, false),
        (Notice::Cancelled, false, true, false),
        (
            Notice::RunFailed(StepId::Publish, Explanation::new("a", "b", "c")),
            false,
            true,
            false,
        ),
        (Notice::MaintenanceResumed, false, false, true),
        (Notice::EnvironmentGone, false, false, false),
    ] {
        w.notice = Some(notice.clone());
        assert_eq!(w.run_origin_notice().is_some(), origin, "{notice:?}");
        assert_eq!(w.run_stop_notice().is_some(), stop, "{notice:?}");
        assert_eq!(w.maintenance_notice().is_some(), maintenance, "{notice:?}");
    }
    assert!(
        w.app_candidates().is_empty(),
        "the complete tenant's app is known"
    );
}

#[test]
fn the_screens_are_built_for_the_page_with_their_decisions_made() {
    use super::{Background, EnvironmentsScreen, Prominence};
    // Before Global Discovery is read there is nothing to pick; an empty list is a problem
    // with its explanation, not an empty table.
    let phase = signed_in(None);
    assert!(matches!(
        wizard(&phase).environments_screen(),
        EnvironmentsScreen::NotRead
    ));
    let mut none = before_environment(fresh());
    none.environments = Observed::Known(Vec::new());
    let phase = observed(signed_in(None), none);
    assert!(matches!(
        wizard(&phase).environments_screen(),
        EnvironmentsScreen::Problem(_)
    ));
    let phase = observed(signed_in(None), before_environment(fresh()));
    match wizard(&phase).environments_screen() {
        EnvironmentsScreen::List { rows, .. } => {
            assert!(!rows.is_empty());
            assert!(rows
                .iter()
                .all(|r| r.ready == (r.environment.enabled && r.environment.ready)));
        }
        other => panic!("{other:?}"),
    }
    // A run that stopped for the HRD permission leads to signing in again, not back to the plan.
    let why = Explanation::new(crate::engine::apply::HRD_CONSENT_NEEDED, "why", "fix");
    let phase = finished(
        reviewing_fresh().next(Event::ApplyClicked),
        Some((StepId::HomeRealmDiscovery, why)),
        false,
    );
    let w = wizard(&phase);
    let screen = w.applying_screen().expect("the run stays on screen");
    assert!(screen.needs_hrd_consent);
    assert_eq!(screen.back_to_plan(), Prominence::Secondary);
    // The secret screen says what still runs behind it: the rest of the run.
    let phase = reviewing_fresh().next(Event::ApplyClicked);
    let job = phase.job().unwrap().id;
    let phase = phase.next(Event::SecretCreated {
        job,
        note: secret_note(),
    });
    let screen = wizard(&phase).secret_screen().unwrap();
    assert_eq!(screen.background, Some(Background::Run));
    assert!(!screen.copied);
}
