//! The fault matrix: every write step of a fresh S2S setup × every fault a browser meets
//! (429 with Retry-After, 503, a connection dropped before or after the service acted,
//! 60 s replication lag, an access token expiring mid-step, a page reload right after the step).
//!
//! Each cell runs the whole journey against its own emulator: the run completes, or stops with
//! a clear message and completes when run again (as the admin would) — and afterwards the tenant
//! holds exactly one of each object. `make faults` prints the table; `make test` asserts it.

mod support;

use std::cell::{Cell, RefCell};

use support::{context, Harness, SessionTokens};
use syncsetup_core::engine::apply::{apply, Event};
use syncsetup_core::engine::observe::observe;
use syncsetup_core::engine::plan::{plan, Answers, StepId};
use syncsetup_core::engine::tokens::TokenSource;
use syncsetup_core::facts::Observed;
use syncsetup_core::http::{HttpClient, HttpRequest, Method};
use syncsetup_core::secret::AccessToken;
use syncsetup_core::transport::runtime::Runtime;
use syncsetup_emulator::dataverse::seed::unpublished_marketo_view;
use syncsetup_emulator::faults::FaultSpec;
use syncsetup_emulator::scenario::{dataverse as names, demo};
use url::Url;

/// A write step and the request that carries it.
struct Write {
    step: StepId,
    label: &'static str,
    host: &'static str,
    method: &'static str,
    path: &'static str,
}

const WRITES: &[Write] = &[
    Write {
        step: StepId::AppRegistration,
        label: "app registration",
        host: "graph",
        method: "POST",
        path: "/v1.0/applications",
    },
    Write {
        step: StepId::ServicePrincipal,
        label: "service principal",
        host: "graph",
        method: "POST",
        path: "/v1.0/servicePrincipals",
    },
    Write {
        step: StepId::AdminConsent,
        label: "admin consent",
        host: "graph",
        method: "POST",
        path: "/v1.0/oauth2PermissionGrants",
    },
    Write {
        step: StepId::ClientSecret,
        label: "client secret",
        host: "graph",
        method: "POST",
        path: "/v1.0/applications/*/addPassword",
    },
    Write {
        step: StepId::ApplicationUser,
        label: "application user",
        host: "crm",
        method: "POST",
        path: "/api/data/v9.2/systemusers",
    },
    Write {
        step: StepId::SyncUserRole,
        label: "sync user role",
        host: "crm",
        method: "POST",
        path: "/api/data/v9.2/systemusers(*)/systemuserroles_association/$ref",
    },
    Write {
        step: StepId::MarketoConfigUser,
        label: "Marketo Config user",
        host: "crm",
        method: "PATCH",
        path: "/api/data/v9.2/mkto_*",
    },
    Write {
        step: StepId::Publish,
        label: "publish",
        host: "crm",
        method: "POST",
        path: "/api/data/v9.2/PublishAllXml",
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    Throttled,
    Unavailable,
    DroppedBefore,
    DroppedAfter,
    ReplicationLag,
    TokenExpiry,
    Reload,
}

const FAULTS: &[(Fault, &str)] = &[
    (Fault::Throttled, "429+RA"),
    (Fault::Unavailable, "503"),
    (Fault::DroppedBefore, "drop"),
    (Fault::DroppedAfter, "drop after"),
    (Fault::ReplicationLag, "lag 60s"),
    (Fault::TokenExpiry, "token exp"),
    (Fault::Reload, "reload"),
];

fn spec(write: &Write) -> FaultSpec {
    FaultSpec {
        host: Some(write.host.into()),
        path: Some(write.path.into()),
        method: Some(write.method.into()),
        times: Some(1),
        ..FaultSpec::default()
    }
}

/// GETs `url` with `token` and counts `value` entries (or 1 for a single object).
async fn count(h: &Harness, token: &AccessToken, url: &str) -> usize {
    let request = HttpRequest::new(Method::Get, Url::parse(url).unwrap())
        .bearer(token)
        .header("Accept", "application/json");
    let response = h.browser.call(request).await.unwrap();
    assert!(
        response.is_success(),
        "{url}: {} {}",
        response.status,
        response.body
    );
    let body: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    body["value"].as_array().map(Vec::len).unwrap_or(1)
}

/// One journey under one fault; returns how many runs it took, or what went wrong.
async fn cell(write: &Write, fault: Fault) -> Result<u32, String> {
    let h = Harness::start("fresh").await;
    let tokens: SessionTokens<'_> = h.tokens(demo::ADMIN_UPN).await;
    let runtime = h.runtime();
    let ctx = context(&h.browser, &runtime, &|_| {});
    let mut answers = Answers {
        app_user_email: "marketo-sync@contoso.onmicrosoft.com".into(),
        ..Answers::default()
    };
    let first = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let Observed::Known(envs) = &first.environments else {
        return Err("no environments".into());
    };
    answers.environment_url = Some(envs[0].url.clone());
    if write.step == StepId::Publish {
        // A fresh tenant has nothing to publish (Marketo Config is a data record), so the publish
        // row starts with a customizer's unpublished edit of the Marketo view.
        h.running
            .state
            .dataverse()
            .org_mut(names::ORG_URL_NAME)
            .expect("the fresh tenant's environment")
            .unpublished
            .push(unpublished_marketo_view(names::ORG_URL_NAME));
    }
    // A rule that changes nothing but counts the requests of this step: a cell whose write was
    // never sent (so whose fault never met it) would otherwise pass without testing anything.
    let probe = h
        .running
        .state
        .faults
        .add(FaultSpec {
            latency_ms: Some(0),
            times: None,
            ..spec(write)
        })
        .unwrap();

    match fault {
        Fault::Throttled => {
            h.running
                .state
                .faults
                .add(FaultSpec {
                    status: Some(429),
                    retry_after: Some(3),
                    times: Some(2),
                    ..spec(write)
                })
                .unwrap();
        }
        Fault::Unavailable => {
            h.running
                .state
                .faults
                .add(FaultSpec {
                    status: Some(503),
                    times: Some(2),
                    ..spec(write)
                })
                .unwrap();
        }
        Fault::DroppedBefore => {
            h.running
                .state
                .faults
                .add(FaultSpec {
                    drop: true,
                    ..spec(write)
                })
                .unwrap();
        }
        Fault::DroppedAfter => {
            h.running
                .state
                .faults
                .add(FaultSpec {
                    drop_after: true,
                    ..spec(write)
                })
                .unwrap();
        }
        Fault::ReplicationLag => h.running.state.directory().replication_lag_secs = 60,
        Fault::TokenExpiry | Fault::Reload => {}
    }

    let expired = Cell::new(false);
    let reloaded = Cell::new(false);
    let mut runs = 0;
    loop {
        runs += 1;
        if runs > 3 {
            return Err("not complete after three runs".into());
        }
        let mut facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
        let reached = tokio::sync::Notify::new();
        let failures = RefCell::new(Vec::new());
        let on_event = |event: Event| match event {
            Event::Started(step)
                if step == write.step && fault == Fault::TokenExpiry && !expired.get() =>
            {
                // The access tokens expire at the service while the browser's clock says they
                // are still good: the step's first request gets a 401.
                expired.set(true);
                h.running.state.advance_clock(3700);
                tokens.skew_secs.set(tokens.skew_secs.get() + 3700);
            }
            Event::Done { step, .. }
                if step == write.step && fault == Fault::Reload && runs == 1 =>
            {
                // The page reloads here: the run is dropped at its next await. (After the last
                // write there is nothing left to drop, and the reload is the next observe.)
                reloaded.set(true);
                reached.notify_one()
            }
            Event::Failed { explanation, .. } => failures.borrow_mut().push(explanation),
            _ => {}
        };
        let run = apply(
            &ctx,
            &h.config,
            &tokens,
            &answers,
            &mut facts,
            ctx.runtime.now_millis(),
            &on_event,
        );
        let interrupted = tokio::select! {
            outcome = run => {
                if let Some((step, e)) = outcome.failed {
                    if std::env::var_os("FAULTS_VERBOSE").is_some() { eprintln!("{} × {fault:?}: run {runs} stopped at {step:?}: {e:?}", write.label); }
                    if e.what.wire().is_empty() || e.fix.wire().is_empty() {
                        return Err(format!("{step:?} failed without a clear message: {e:?}"));
                    }
                }
                false
            }
            _ = reached.notified() => true,
        };
        let _ = interrupted;
        let now = support::now(&h.running);
        let after = observe(&ctx, &h.config, &tokens, &answers, None).await;
        let p = plan(&h.config, &answers, &after, now);
        if p.is_complete() {
            break;
        }
        if std::env::var_os("FAULTS_VERBOSE").is_some() {
            eprintln!(
                "{} × {fault:?}: after run {runs}: {:?}",
                write.label,
                p.steps
                    .iter()
                    .filter(|s| !matches!(
                        s.status,
                        syncsetup_core::engine::plan::Status::Done(_)
                            | syncsetup_core::engine::plan::Status::NotApplicable(_)
                    ))
                    .map(|s| (s.id, &s.status))
                    .collect::<Vec<_>>()
            );
        }
    }

    if fault == Fault::TokenExpiry && !expired.get() {
        return Err("the step never started, so no token expired under it".into());
    }
    if fault == Fault::Reload && !reloaded.get() {
        return Err("the step never finished, so no reload followed it".into());
    }
    let rules = h.running.state.faults.rules();
    let sent = rules
        .iter()
        .find(|r| r.id == probe.id)
        .map_or(0, |r| r.hits);
    if sent == 0 {
        return Err(format!(
            "the {} request was never sent: the cell tests nothing",
            write.label
        ));
    }
    if let Some(unmet) = rules.iter().find(|r| r.id != probe.id && r.hits == 0) {
        return Err(format!("the fault {:?} never met a request", unmet.spec));
    }

    // Count the objects, with every fault off and replication settled.
    h.running.state.faults.clear();
    h.running.state.directory().replication_lag_secs = 0;
    h.running.state.advance_clock(120);
    let graph = tokens
        .token(&h.config.graph_scopes(), false)
        .await
        .map_err(|e| e.to_string())?;
    let g = &h.running.hosts.graph;
    let apps = count(
        &h,
        &graph,
        &format!("{g}/v1.0/applications?$filter=displayName eq 'Marketo Integration'"),
    )
    .await;
    let final_facts = observe(&ctx, &h.config, &tokens, &answers, None).await;
    let dir = final_facts
        .directory
        .known()
        .ok_or("directory unreadable")?;
    let app = dir.app.as_ref().ok_or("no app")?;
    let sps = count(
        &h,
        &graph,
        &format!(
            "{g}/v1.0/servicePrincipals?$filter=appId eq '{}'",
            app.app_id
        ),
    )
    .await;
    let sp = dir
        .service_principal
        .as_ref()
        .ok_or("no service principal")?;
    let grants = count(
        &h,
        &graph,
        &format!(
            "{g}/v1.0/oauth2PermissionGrants?$filter=clientId eq '{}'",
            sp.id
        ),
    )
    .await;
    let env = answers.environment_url.clone().unwrap();
    let dv_token = tokens
        .token(&[syncsetup_core::dataverse::dataverse_scope(&env)], false)
        .await
        .map_err(|e| e.to_string())?;
    let dv = final_facts
        .dataverse
        .as_ref()
        .and_then(Observed::known)
        .ok_or("dataverse unreadable")?;
    let users = count(
        &h,
        &dv_token,
        &format!(
            "{}/api/data/v9.2/systemusers?$filter=applicationid eq {}",
            dv.api_url.trim_end_matches('/'),
            app.app_id
        ),
    )
    .await;
    let user = dv.application_user.as_ref().ok_or("no application user")?;
    let roles = count(
        &h,
        &dv_token,
        &format!(
            "{}/api/data/v9.2/systemusers({})/systemuserroles_association",
            dv.api_url.trim_end_matches('/'),
            user.id
        ),
    )
    .await;
    let counts = [
        ("applications", apps),
        ("service principals", sps),
        ("grants", grants),
        ("secrets", app.passwords.len()),
        ("application users", users),
        ("roles on the app user", roles),
    ];
    let wrong: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n != 1)
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    if !wrong.is_empty() {
        return Err(format!("duplicates or losses: {}", wrong.join(", ")));
    }
    if dv
        .marketo_config
        .as_ref()
        .and_then(|c| c.default_marketo_user_id.as_deref())
        != Some(user.id.as_str())
    {
        return Err("Marketo Config does not name the application user".into());
    }
    Ok(runs)
}

#[tokio::test]
async fn every_write_step_survives_every_fault_without_duplicates() {
    let mut table = format!("{:<22}", "write step \\ fault");
    for (_, name) in FAULTS {
        table.push_str(&format!(" | {name:<10}"));
    }
    table.push('\n');
    let mut failures = Vec::new();
    for write in WRITES {
        table.push_str(&format!("{:<22}", write.label));
        for (fault, name) in FAULTS {
            let cell_text = match cell(write, *fault).await {
                Ok(1) => "ok".to_owned(),
                Ok(runs) => format!("ok ({runs} runs)"),
                Err(e) => {
                    failures.push(format!("{} × {name}: {e}", write.label));
                    "FAILED".to_owned()
                }
            };
            table.push_str(&format!(" | {cell_text:<10}"));
        }
        table.push('\n');
    }
    println!("\nFault matrix (fresh S2S setup; every cell ends with exactly one of each object)\n{table}");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}
