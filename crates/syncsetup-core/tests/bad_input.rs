//! The bad input catalogue: every wrong thing an admin, a tenant, Entra ID, Graph, Global
//! Discovery, Dataverse or the network can hand the page, each with the answer the admin must get.
//!
//! Each row names the input, produces the [`Explanation`] the page would show — through the public
//! core API, the same path the page takes (config.json parsing, the callback parser and state check,
//! token/Graph/Discovery/Dataverse response parsers, the plan, the engine's `apply` and the
//! Dataverse step runners over a scripted transport, the checks) — and lists words its `what` and
//! `fix` (and, where it matters, `why` or `detail`) must contain. Every row runs under
//! `catch_unwind`: none may panic. The table prints itself with `--nocapture`.

use std::cell::RefCell;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};

use syncsetup_core::auth::authorize::{self, AuthorizeOptions, SignInEntropy};
use syncsetup_core::auth::callback::{self, Callback};
use syncsetup_core::auth::discovery::OpenIdConfiguration;
use syncsetup_core::auth::flow::{self, AuthError};
use syncsetup_core::auth::id_token::IdTokenProblem;
use syncsetup_core::auth::token;
use syncsetup_core::checks::{self, CheckId, Verdict};
use syncsetup_core::config::{Config, ConfigError};
use syncsetup_core::dataverse::apply as dv;
use syncsetup_core::dataverse::{DataverseError, WebApi};
use syncsetup_core::discovery_service::{self, DiscoveryError};
use syncsetup_core::engine::apply::{apply, Event};
use syncsetup_core::engine::plan::{plan, Answers, ConnectionMode, Status, StepId};
use syncsetup_core::engine::tokens::TokenSource;
use syncsetup_core::explain::Explanation;
use syncsetup_core::facts::*;
use syncsetup_core::graph::setup as graph;
use syncsetup_core::graph::GraphError;
use syncsetup_core::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use syncsetup_core::i18n::Text;
use syncsetup_core::secret::{AccessToken, AuthorizationCode};
use syncsetup_core::transport::retry::RetryPolicy;
use syncsetup_core::transport::runtime::Runtime;
use syncsetup_core::transport::send::Context;
use url::Url;

// ---------------------------------------------------------------------------------------------
// The table

/// One bad input and the words its explanation must contain.
struct Case {
    name: &'static str,
    explain: Box<dyn Fn() -> Explanation>,
    what: &'static [&'static str],
    fix: &'static [&'static str],
    /// Extra words for `why` or `detail` (searched in both).
    more: &'static [&'static str],
}

fn case(
    name: &'static str,
    what: &'static [&'static str],
    fix: &'static [&'static str],
    explain: impl Fn() -> Explanation + 'static,
) -> Case {
    Case {
        name,
        explain: Box::new(explain),
        what,
        fix,
        more: &[],
    }
}

impl Case {
    fn also(mut self, more: &'static [&'static str]) -> Self {
        self.more = more;
        self
    }
}

/// Runs every case; fails listing each case that panicked or lacked a word. Returns the count.
fn check(group: &str, cases: Vec<Case>) {
    let mut failures = Vec::new();
    println!("\n{group}");
    for case in &cases {
        match catch_unwind(AssertUnwindSafe(|| (case.explain)())) {
            Err(panic) => failures.push(format!(
                "{}: panicked: {}",
                case.name,
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            )),
            Ok(e) => {
                println!("  {:<58} → {} | {}", case.name, e.what, e.fix);
                let missing = |field: &str, text: &str, words: &[&str]| {
                    words
                        .iter()
                        .filter(|w| !text.contains(*w))
                        .map(|w| format!("{}: {field} lacks {w:?} in {text:?}", case.name))
                        .collect::<Vec<_>>()
                };
                failures.extend(missing("what", &e.what.wire(), case.what));
                failures.extend(missing("fix", &e.fix.wire(), case.fix));
                let more = format!("{} {}", e.why, e.detail.as_deref().unwrap_or_default());
                failures.extend(missing("why/detail", &more, case.more));
                if e.what.wire().trim().is_empty() || e.fix.wire().trim().is_empty() {
                    failures.push(format!("{}: an empty what or fix: {e:?}", case.name));
                }
                if e.detail.as_ref().is_some_and(|d| d.len() > 1_000) {
                    failures.push(format!(
                        "{}: a detail of {} bytes (bodies must be cut)",
                        case.name,
                        e.detail.as_ref().map_or(0, String::len)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{group}:\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Fixtures

const TID: &str = "3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a";
const CLIENT: &str = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const NOW: u64 = 1_795_255_200; // 2026-11-21T10:00:00Z

fn config() -> Config {
    Config::from_json(&format!(
        r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/{TID}"}}"#
    ))
    .unwrap()
}

fn config_error(json: &str) -> Explanation {
    match Config::from_json(json) {
        Ok(config) => panic!("accepted {json}: {config:?}"),
        Err(e) => e.explain(),
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into(),
    }
}

fn offline(host: &str) -> TransportError {
    TransportError {
        host: host.into(),
        detail: "TypeError: Failed to fetch (net::ERR_INTERNET_DISCONNECTED)".into(),
    }
}

fn pending() -> authorize::PendingSignIn {
    let endpoints = OpenIdConfiguration {
        authorization_endpoint: Url::parse(&format!(
            "https://login.microsoftonline.com/{TID}/oauth2/v2.0/authorize"
        ))
        .unwrap(),
        token_endpoint: Url::parse(&format!(
            "https://login.microsoftonline.com/{TID}/oauth2/v2.0/token"
        ))
        .unwrap(),
        issuer: format!("https://login.microsoftonline.com/{TID}/v2.0"),
        end_session_endpoint: None,
    };
    let entropy = SignInEntropy {
        verifier: [9; 32],
        state: [8; 16],
        nonce: [7; 16],
    };
    authorize::begin(
        &config(),
        &endpoints,
        &Url::parse("https://intranet.contoso.com/sync/").unwrap(),
        &entropy,
        NOW,
        &AuthorizeOptions::default(),
    )
    .0
}

/// Entra's answer in the address bar, read and checked as the page does.
fn redirect(fragment: &str) -> Explanation {
    let url = Url::parse(&format!("https://intranet.contoso.com/sync/#{fragment}")).unwrap();
    let answer = callback::parse(&url).expect("an OAuth answer");
    let pending = pending();
    let answer = match answer {
        // Entra echoes the state this tab sent.
        Callback::Error(mut e) if e.state.as_deref() == Some("ours") => {
            e.state = Some(pending.state.clone());
            Callback::Error(e)
        }
        Callback::Code { code, state } if state == "ours" => Callback::Code {
            code,
            state: pending.state.clone(),
        },
        other => other,
    };
    flow::check_callback(Some(&pending), &answer)
        .expect_err("refused")
        .explain()
}

/// An error redirect with AADSTS `code`.
fn aadsts_redirect(error: &str, code: u32, text: &str) -> Explanation {
    let description = format!("AADSTS{code}: {text}\r\nTrace ID: 0c7f\r\nCorrelation ID: 9b1e");
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("error", error)
        .append_pair("error_description", &description)
        .append_pair("state", "ours")
        .finish();
    redirect(&encoded)
}

/// The token endpoint's answer, as the sign-in runner turns it into an error.
fn token_answer(status: u16, body: &str) -> Explanation {
    match token::parse_response(&response(status, body)) {
        Ok(tokens) => panic!("accepted as tokens: {tokens:?}"),
        Err(failure) => AuthError::from(failure).explain(),
    }
}

fn graph_error(body: &str, status: u16) -> String {
    format!(
        r#"{{"error":{{"code":"{body}","message":"{}","innerError":{{"date":"2026-11-21T10:00:00","request-id":"r-1","client-request-id":"c-1"}}}}}}"#,
        match status {
            403 => "Insufficient privileges to complete the operation.",
            _ => "The request was refused.",
        }
    )
}

fn dataverse_denied(privilege: &str) -> String {
    format!(
        r#"{{"error":{{"code":"0x80040220","message":"Principal user (Id=e1a2, type=8, roleCount=1, privilegeCount=512, accessMode=0), is missing {privilege} privilege (Id=f0c1) on OTC=8 for entity 'systemuser' (LocalizedName='User'). context.Caller=e1a2"}}}}"#
    )
}

fn environment() -> Environment {
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

fn user(id: &str, business_unit: &str) -> SystemUser {
    SystemUser {
        id: id.into(),
        full_name: "# Marketo Integration".into(),
        email: Some("marketo.sync@contoso.com".into()),
        application_id: Some("app-1".into()),
        azure_object_id: Some("sp-1".into()),
        disabled: false,
        access_mode: Some(4),
        business_unit_id: Some(business_unit.into()),
        licensed: None,
        user_name: None,
    }
}

fn dataverse_facts() -> DataverseFacts {
    DataverseFacts {
        environment_url: environment().url,
        api_url: environment().api_url,
        base_language_code: Some(1033),
        whoami: WhoAmI {
            user_id: "3a1c0e2d-0000-4000-8000-000000000001".into(),
            business_unit_id: "3a1c0e2d-0000-4000-8000-0000000000b1".into(),
            organization_id: "3a1c0e2d-0000-4000-8000-0000000000f1".into(),
        },
        version: "9.2.24091.00200".into(),
        root_business_unit: BusinessUnit {
            id: "3a1c0e2d-0000-4000-8000-0000000000b1".into(),
            name: "contoso".into(),
        },
        solution: Some(Solution {
            id: "3a1c0e2d-0000-4000-8000-0000000000c1".into(),
            unique_name: "MarketoLeadManagement".into(),
            friendly_name: "Marketo Lead Management".into(),
            version: "5.0.2.1".into(),
        }),
        marketo_roles: vec![Role {
            id: "3a1c0e2d-0000-4000-8000-0000000000a1".into(),
            name: "Marketo Sync User".into(),
            business_unit_id: "3a1c0e2d-0000-4000-8000-0000000000b1".into(),
        }],
        application_user: None,
        application_user_role_ids: vec![],
        role_holders: vec![],
        role_assignments: vec![],
        marketo_config: Some(MarketoConfig {
            logical_name: "mkto_marketoconfig".into(),
            entity_set: "mkto_marketoconfigs".into(),
            primary_id_attribute: "mkto_marketoconfigid".into(),
            primary_name_attribute: "mkto_name".into(),
            user_lookup_attribute: "mkto_marketouserid".into(),
            user_navigation_property: "mkto_MarketoUserId".into(),
            read_privilege: None,
            default_record_id: Some("3a1c0e2d-0000-4000-8000-0000000000d1".into()),
            default_marketo_user_id: None,
        }),
        plugin_steps: vec![PluginStep {
            id: "3a1c0e2d-0000-4000-8000-0000000000e1".into(),
            name: "Marketo: Update of lead".into(),
            enabled: false,
        }],
        sync_filter_columns: vec![],
        sync_filter_home: None,
        unpublished_customizations: Some(true),
        firewall: Observed::Known(syncsetup_core::facts::Firewall::default()),
        sync_user_privileges: None,
        publish_due: false,
    }
}

/// A tenant with Dynamics and the Marketo solution, but no Marketo setup yet.
fn fresh() -> Facts {
    Facts {
        tenant: Observed::Known(TenantFacts {
            id: TID.into(),
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
        dataverse: Some(Observed::Known(dataverse_facts())),
        email_holders: None,
        sync_user_account: None,
        sync_user_language: None,
    }
}

fn app(passwords: Vec<PasswordCredential>) -> AppRegistration {
    AppRegistration {
        id: "obj-1".into(),
        app_id: "app-1".into(),
        display_name: "Marketo Integration".into(),
        sign_in_audience: "AzureADMyOrg".into(),
        required_resource_access: vec![RequiredResource {
            resource_app_id: syncsetup_core::graph::setup::DYNAMICS_CRM_APP_ID.into(),
            resource_access: vec![ResourceAccess {
                id: syncsetup_core::graph::setup::USER_IMPERSONATION_SCOPE_ID.into(),
                kind: "Scope".into(),
            }],
        }],
        passwords,
        created: None,
    }
}

fn directory(facts: &mut Facts) -> &mut DirectoryFacts {
    match &mut facts.directory {
        Observed::Known(d) => d,
        Observed::Unknown(_) => unreachable!(),
    }
}

/// `fresh()` with the app registered (and, with `sp`, its service principal; with `all`, consent
/// and a secret too).
fn with_app(sp: bool, all: bool) -> Facts {
    let mut facts = fresh();
    let d = directory(&mut facts);
    let passwords = if all {
        vec![PasswordCredential {
            key_id: "k1".into(),
            display_name: Some("Marketo".into()),
            hint: Some("abc".into()),
            end: Some(NOW + 100 * 86_400),
        }]
    } else {
        vec![]
    };
    d.app = Some(app(passwords));
    d.candidate_apps = vec![app(vec![])];
    if sp {
        d.service_principal = Some(ServicePrincipal {
            id: "sp-1".into(),
            app_id: "app-1".into(),
            account_enabled: true,
            assignment_required: false,
        });
    }
    if all {
        d.consent = Some(PermissionGrant {
            id: "g-1".into(),
            scope: "user_impersonation".into(),
        });
    }
    facts
}

fn answers() -> Answers {
    Answers {
        environment_url: Some("https://contoso.crm.dynamics.com/".into()),
        app_user_email: "marketo.sync@contoso.com".into(),
        ..Answers::default()
    }
}

/// A plan step's status as an explanation (`NeedsAnswer` text as what and fix).
fn plan_status(facts: &Facts, answers: &Answers, step: StepId) -> Explanation {
    match &plan(&config(), answers, facts, NOW).step(step).status {
        Status::Blocked(e) => e.clone(),
        Status::NeedsAnswer(text) => {
            Explanation::new(text.clone(), Text::verbatim(""), text.clone())
        }
        other => panic!("{step:?} is {other:?}"),
    }
}

// A scripted transport, an instant runtime and a fixed token: the engine over canned answers.

struct Script<F> {
    answer: F,
    seen: RefCell<Vec<String>>,
}

impl<F: Fn(&HttpRequest) -> Result<HttpResponse, TransportError>> HttpClient for Script<F> {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.seen
            .borrow_mut()
            .push(format!("{:?} {}", request.method, request.url));
        (self.answer)(&request)
    }
}

struct Instant;

impl Runtime for Instant {
    fn sleep(&self, _millis: u64) -> impl Future<Output = ()> {
        std::future::ready(())
    }
    fn now_millis(&self) -> u64 {
        NOW * 1000
    }
    fn jitter(&self) -> f64 {
        0.5
    }
}

struct Tokens(Result<AccessToken, AuthError>);

impl TokenSource for Tokens {
    fn token(
        &self,
        _scopes: &[String],
        _force_refresh: bool,
    ) -> impl Future<Output = Result<AccessToken, AuthError>> {
        std::future::ready(self.0.clone())
    }
}

/// Reads answer "nothing there" (an empty list); every write gets `write_answer`.
fn reads_empty_writes(
    write_answer: impl Fn(&HttpRequest) -> HttpResponse,
) -> impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> {
    move |request| {
        Ok(if request.method == Method::Get {
            response(200, r#"{"@odata.context":"x","value":[]}"#)
        } else {
            write_answer(request)
        })
    }
}

/// Runs `apply` over `facts` with the scripted transport; the explanation of `step`'s failure.
fn apply_failure(
    facts: Facts,
    answers: Answers,
    step: StepId,
    tokens: Result<AccessToken, AuthError>,
    answer: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError>,
) -> Explanation {
    apply_failure_observed_at(facts, answers, step, tokens, answer, Instant.now_millis())
}

/// [`apply_failure`] over facts read at `observed_at_millis` (long ago: every step reads first).
fn apply_failure_observed_at(
    facts: Facts,
    answers: Answers,
    step: StepId,
    tokens: Result<AccessToken, AuthError>,
    answer: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError>,
    observed_at_millis: u64,
) -> Explanation {
    let client = Script {
        answer,
        seen: RefCell::new(Vec::new()),
    };
    let ctx = Context {
        client: &client,
        runtime: &Instant,
        policy: RetryPolicy::default(),
        on_retry: &|_| {},
    };
    let failed = RefCell::new(Vec::new());
    let on_event = |event: Event| {
        if let Event::Failed { step, explanation } = event {
            failed.borrow_mut().push((step, explanation));
        }
    };
    let mut facts = facts;
    let outcome = pollster::block_on(apply(
        &ctx,
        &config(),
        &Tokens(tokens),
        &answers,
        &mut facts,
        observed_at_millis,
        &on_event,
    ));
    assert!(outcome.secret.is_none(), "no secret from a refused run");
    let failed = failed.into_inner();
    failed
        .into_iter()
        .find(|(s, _)| *s == step)
        .map(|(_, e)| e)
        .unwrap_or_else(|| {
            panic!(
                "{step:?} did not fail; outcome {:?}; sent {:?}",
                outcome.failed,
                client.seen.borrow()
            )
        })
}

fn ok_token() -> Result<AccessToken, AuthError> {
    Ok(AccessToken::new("t"))
}

/// A scripted transport's answers, boxed.
type Answer = Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError>>;
/// A Dataverse step runner under way.
type Running<'a, T> = std::pin::Pin<Box<dyn Future<Output = Result<T, DataverseError>> + 'a>>;

/// A Dataverse step runner over a transport that answers reads with `read` and writes with 403.
fn dataverse_runner<T>(
    privilege: &'static str,
    read: impl Fn(&HttpRequest) -> HttpResponse + 'static,
    run: impl for<'a> FnOnce(
        &'a Context<'a, Script<Answer>, Instant>,
        &'a AccessToken,
        &'a DataverseFacts,
    ) -> Running<'a, T>,
) -> Explanation {
    let read = std::rc::Rc::new(read);
    let answer: Answer = {
        let read = read.clone();
        Box::new(move |request: &HttpRequest| {
            Ok(if request.method == Method::Get {
                read(request)
            } else {
                response(403, &dataverse_denied(privilege))
            })
        })
    };
    let client = Script {
        answer,
        seen: RefCell::new(Vec::new()),
    };
    let ctx = Context {
        client: &client,
        runtime: &Instant,
        policy: RetryPolicy::default(),
        on_retry: &|_| {},
    };
    let token = AccessToken::new("t");
    let facts = dataverse_facts();
    match pollster::block_on(run(&ctx, &token, &facts)) {
        Ok(_) => panic!("the runner succeeded; sent {:?}", client.seen.borrow()),
        Err(e) => e.explain(),
    }
}

// ---------------------------------------------------------------------------------------------
// The catalogue

fn malformed_config_json_cases() -> Vec<Case> {
    let unusable = &["config.json", "cannot be used"][..];
    let cases = vec![
        case("not JSON at all", unusable, &["Allowed fields", "reload"], || config_error(r#"{clientId: "x""#)),
        case("an empty file", unusable, &["Allowed fields"], || config_error("")),
        case("a JSON array", unusable, &["Allowed fields"], || config_error("[]")),
        case("a field name in the wrong case (clientID)", unusable, &["clientId"], || {
            config_error(&format!(r#"{{"clientID":"{CLIENT}"}}"#))
        })
        .also(&["clientID"]),
        case("clientId missing", unusable, &["Application (client) ID", "clientId"], || config_error("{}")),
        case("clientId not a GUID", unusable, &["Application (client) ID"], || {
            config_error(r#"{"clientId":"Marketo Sync Setup"}"#)
        })
        .also(&["Marketo Sync Setup"]),
        case("clientId a number", unusable, &["Allowed fields"], || config_error(r#"{"clientId":5}"#)),
        case("unknown cloud", unusable, &["public, usgov, usgovhigh, usgovdod, china"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","cloud":"germany"}}"#))
        })
        .also(&["germany"]),
        case("authority without a tenant", unusable, &["https://login.microsoftonline.com/<your tenant ID>"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com"}}"#))
        }),
        case("authority with the OAuth path pasted", unusable, &["<your tenant ID>"], || {
            config_error(&format!(
                r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/{TID}/oauth2/v2.0/authorize"}}"#
            ))
        }),
        case("authority with a mistyped tenant (no dot)", unusable, &["<your tenant ID>"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/contoso onmicrosoft com"}}"#))
        }),
        case("authority /common (AADSTS50194)", unusable, &["<your tenant ID>"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/common"}}"#))
        })
        .also(&["AADSTS50194"]),
        case("authority /consumers", unusable, &["<your tenant ID>"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/consumers"}}"#))
        }),
        case("authority without a scheme", unusable, &["authority"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"login.microsoftonline.com/{TID}"}}"#))
        })
        .also(&["https://"]),
        case("authority over plain http", unusable, &["authority"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"http://login.microsoftonline.com/{TID}"}}"#))
        })
        .also(&["https://"]),
        case("authority scheme typo (htps)", unusable, &["authority"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","authority":"htps://login.microsoftonline.com/{TID}"}}"#))
        }),
        case("graphBaseUrl over plain http", unusable, &["graphBaseUrl"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","graphBaseUrl":"http://graph.microsoft.com"}}"#))
        }),
        case("redirectUri relative", unusable, &["redirectUri"], || {
            config_error(&format!(r#"{{"clientId":"{CLIENT}","redirectUri":"/tools/marketo-sync/"}}"#))
        }),
        case("config.json missing on the host (HTTP 404)", unusable, &["Place config.json beside index.html"], || {
            ConfigError::Unreachable("HTTP 404".into()).explain()
        })
        .also(&["HTTP 404"]),
        case("config.json nested 100 000 deep (no stack overflow)", unusable, &["Allowed fields"], || {
            config_error(&"[".repeat(100_000))
        }),
        case("config.json of 5 MB (whitespace, then a broken object)", unusable, &["Allowed fields"], || {
            config_error(&format!("{}{{clientId:", " ".repeat(5_000_000)))
        }),
    ];
    cases
}

#[test]
fn malformed_config_json() {
    check("malformed config.json", malformed_config_json_cases());
}

fn error_redirects_for_each_aadsts_code_of_the_contract_cases() -> Vec<Case> {
    // Every AADSTS code the UI maps, one row each (entra-docs
    // `docs/identity-platform/reference-error-codes.md`; 9002326 and 9002327 only in community
    // reports): the code, the OAuth error Entra sends with it, and the answer.
    #[rustfmt::skip]
    let rows: Vec<(u32, &str, &'static [&'static str], &'static [&'static str])> = vec![
        (50011, "invalid_request", &["sign-in address", "not registered"], &["redirect URI", "Single-page application"]),
        (50194, "invalid_request", &["single-tenant"], &["<your tenant ID>"]),
        (65001, "invalid_grant", &["Consent is missing"], &["grant consent"]),
        (65004, "access_denied", &["cancelled"], &["Sign in again"]),
        (90094, "access_denied", &["administrator must approve"], &["Global Administrator"]),
        (90095, "access_denied", &["administrator must approve"], &["Cloud Application Administrator"]),
        (650056, "invalid_client", &["lacks a permission"], &["delegated permissions"]),
        (650057, "invalid_client", &["lacks a permission"], &["README"]),
        (65005, "invalid_client", &["lacks a permission"], &["delegated permissions", "README"]),
        (700054, "unsupported_response_type", &["sign-in request"], &["bug"]),
        (90014, "invalid_request", &["sign-in request"], &["bug"]),
        (900144, "invalid_request", &["sign-in request"], &["bug"]),
        (9002326, "invalid_request", &["wrong platform"], &["Single-page application"]),
        (9002327, "invalid_request", &["outside a browser"], &["browser"]),
        (700025, "invalid_client", &["client secret"], &["Remove any secret"]),
        (7000218, "invalid_client", &["wrong platform"], &["Single-page application"]),
        (700084, "invalid_grant", &["session has ended"], &["Sign in again"]),
        (700016, "unauthorized_client", &["not found in this tenant"], &["clientId and authority"]),
        (700011, "unauthorized_client", &["not found in this tenant"], &["config.json"]),
        (50076, "interaction_required", &["Multi-factor"], &["multi-factor prompt"]),
        (50079, "interaction_required", &["Multi-factor"], &["Sign in again"]),
        (50074, "interaction_required", &["Multi-factor"], &["Sign in again"]),
        (53003, "access_denied", &["Conditional Access"], &["compliant device"]),
        (530035, "access_denied", &["Conditional Access"], &["identity administrator"]),
        (50126, "invalid_grant", &["user name or password"], &["credentials"]),
        (54005, "invalid_grant", &["already used"], &["Sign in again"]),
        (700022, "invalid_scope", &["more than one service"], &["bug"]),
        (500011, "invalid_resource", &["not provisioned"], &["Dynamics 365"]),
    ];
    let cases = rows
        .into_iter()
        .map(|(code, error, what, fix)| Case {
            name: Box::leak(format!("error redirect AADSTS{code} ({error})").into_boxed_str()),
            explain: Box::new(move || aadsts_redirect(error, code, "Entra's own words.")),
            what,
            fix,
            more: Box::leak(
                vec![&*Box::leak(format!("AADSTS{code}").into_boxed_str())].into_boxed_slice(),
            ),
        })
        .collect();
    cases
}

#[test]
fn error_redirects_for_each_aadsts_code_of_the_contract() {
    check(
        "error redirects (AADSTS reference-error-codes)",
        error_redirects_for_each_aadsts_code_of_the_contract_cases(),
    );
}

fn token_endpoint_400s_and_unreadable_answers_cases() -> Vec<Case> {
    let cases = vec![
        case("code already redeemed (AADSTS54005)", &["already used"], &["Sign in again"], || {
            token_answer(400, r#"{"error":"invalid_grant","error_description":"AADSTS54005: OAuth2 Authorization code was already redeemed.","error_codes":[54005]}"#)
        }),
        case("code expired (AADSTS70008)", &["already used or has expired"], &["Sign in again"], || {
            token_answer(400, r#"{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.","error_codes":[70008]}"#)
        }),
        case("refresh token past 24 h (AADSTS700084)", &["session has ended"], &["Sign in again"], || {
            token_answer(400, r#"{"error":"invalid_grant","error_description":"AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00.","error_codes":[700084]}"#)
        }),
        case("PKCE verifier refused (AADSTS501481)", &["no longer valid"], &["Sign in again"], || {
            token_answer(400, r#"{"error":"invalid_grant","error_description":"AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.","error_codes":[501481]}"#)
        })
        .also(&["AADSTS501481"]),
        case("tampered code (AADSTS9002313)", &["no longer valid"], &["Sign in again"], || {
            token_answer(400, r#"{"error":"invalid_grant","error_description":"AADSTS9002313: Invalid request. Request is malformed or invalid.","error_codes":[9002313]}"#)
        }),
        case("Web redirect URI (AADSTS9002326 in the body only)", &["wrong platform"], &["Single-page application"], || {
            token_answer(400, r#"{"error":"invalid_request","error_description":"AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type."}"#)
        }),
        case("two resources in one token request (AADSTS700022)", &["more than one service"], &["bug"], || {
            token_answer(400, r#"{"error":"invalid_scope","error_description":"AADSTS700022: The provided value for the input parameter scope is not valid because it contains more than one resource.","error_codes":[700022]}"#)
        }),
        case("invalid_grant without a description", &["no longer valid"], &["Sign in again"], || {
            token_answer(400, r#"{"error":"invalid_grant"}"#)
        }),
        case("Entra down (temporarily_unavailable, 503)", &["temporarily unavailable"], &["Wait a minute"], || {
            token_answer(503, r#"{"error":"temporarily_unavailable","error_description":"AADSTS90033: A transient error has occurred.","error_codes":[90033]}"#)
        }),
        case("a proxy's HTML page instead of JSON (400)", &["unreadable answer"], &["proxy"], || {
            token_answer(400, "<html><body>Access denied by corporate proxy</body></html>")
        })
        .also(&["HTTP 400", "corporate proxy"]),
        case("a 200 that is not a token response", &["unreadable answer"], &["proxy"], || {
            token_answer(200, r#"{"token_type":"mac","access_token":"a","expires_in":1}"#)
        }),
        case("a 200 cut off mid-body", &["unreadable answer"], &["Try again"], || {
            token_answer(200, r#"{"token_type":"Bearer","access_token":"eyJ0eXAi"#)
        }),
        case("a 5 MB error body (cut in the detail)", &["unreadable answer"], &["Try again"], || {
            token_answer(400, &"x".repeat(5_000_000))
        }),
    ];
    cases
}

#[test]
fn token_endpoint_400s_and_unreadable_answers() {
    check(
        "token endpoint",
        token_endpoint_400s_and_unreadable_answers_cases(),
    );
}

fn tampered_state_code_and_id_token_cases() -> Vec<Case> {
    let cases = vec![
        case(
            "a forged state",
            &["rejected"],
            &["Start the sign-in again"],
            || redirect("code=attacker&state=forged"),
        )
        .also(&["state differs"]),
        case(
            "a code without any state",
            &["rejected"],
            &["Start the sign-in again"],
            || redirect("code=attacker"),
        )
        .also(&["forged or stale"]),
        case(
            "an error redirect with a forged state",
            &["rejected"],
            &["Start the sign-in again"],
            || {
                redirect(
                    "error=access_denied&error_description=AADSTS65004%3A+declined&state=forged",
                )
            },
        ),
        case(
            "an answer in a tab that started no sign-in",
            &["rejected"],
            &["Start the sign-in again"],
            || {
                let answer = Callback::Code {
                    code: AuthorizationCode::new("c"),
                    state: "s".into(),
                };
                flow::check_callback(None, &answer).unwrap_err().explain()
            },
        )
        .also(&["single-use"]),
        case(
            "no id_token in the code redemption",
            &["did not return everything"],
            &["accept all requested permissions"],
            || AuthError::Missing("id_token").explain(),
        ),
        case(
            "an id_token that is not a JWT",
            &["identity", "refused"],
            &["Sign in again"],
            || AuthError::IdToken(IdTokenProblem::Malformed).explain(),
        )
        .also(&["not a readable JWT"]),
        case(
            "an id_token replayed from another sign-in",
            &["refused"],
            &["clientId and authority"],
            || AuthError::IdToken(IdTokenProblem::NonceMismatch).explain(),
        )
        .also(&["nonce"]),
        case(
            "the sign-in authority does not answer discovery",
            &["could not be reached"],
            &["authority in config.json"],
            || {
                AuthError::Discovery {
                    authority: format!("https://login.microsoftonline.com/{TID}"),
                    detail: "HTTP 404: Not Found".into(),
                }
                .explain()
            },
        )
        .also(&["HTTP 404"]),
    ];
    cases
}

#[test]
fn tampered_state_code_and_id_token() {
    check(
        "tampered sign-in answers",
        tampered_state_code_and_id_token_cases(),
    );
}

/// Everything in place, plus a federated domain (the HRD step applies).
fn federated_with_everything() -> Facts {
    let mut facts = with_app(true, true);
    let Observed::Known(tenant) = &mut facts.tenant else {
        unreachable!()
    };
    tenant.domains.push(Domain {
        name: "contoso-fed.com".into(),
        federated: true,
        is_default: false,
    });
    facts
}

#[test]
fn a_second_hrd_policy_is_never_assigned_beside_another() {
    // F14: "Only one HRD policy can be active on a service principal at a time" (entra-docs,
    // home-realm-discovery-policy.md). Facts read long ago showed none; the step's own read
    // finds another policy: it stops with the explanation and writes nothing.
    let answers = Answers {
        mode: ConnectionMode::ClientApp,
        ..answers()
    };
    let writes = RefCell::new(Vec::new());
    let explanation = apply_failure_observed_at(
        federated_with_everything(),
        answers,
        StepId::HomeRealmDiscovery,
        ok_token(),
        |request: &HttpRequest| {
            if request.method != Method::Get {
                writes.borrow_mut().push(request.url.to_string());
                return Ok(response(500, "{}"));
            }
            Ok(
                if request.url.path().ends_with("/homeRealmDiscoveryPolicies") {
                    response(
                        200,
                        r#"{"value":[{"id":"p-other","displayName":"Contoso accelerate","isOrganizationDefault":false,
                       "definition":["{\"HomeRealmDiscoveryPolicy\":{\"AccelerateToFederatedDomain\":true}}"]}]}"#,
                    )
                } else {
                    response(200, r#"{"@odata.context":"x","value":[]}"#)
                },
            )
        },
        0,
    );
    assert!(
        explanation
            .what
            .wire()
            .contains("different Home Realm Discovery policy"),
        "{explanation:?}"
    );
    assert!(explanation.why.wire().contains("Contoso accelerate"));
    assert!(
        !writes
            .borrow()
            .iter()
            .any(|url| url.contains("homeRealmDiscoveryPolicies")),
        "no HRD policy created or assigned: {:?}",
        writes.borrow()
    );
}

fn graph_403(request: &HttpRequest) -> HttpResponse {
    let _ = request;
    response(403, &graph_error("Authorization_RequestDenied", 403))
}

fn graph_403_on_each_write_cases() -> Vec<Case> {
    let denied = &["Microsoft Graph refused the request"][..];
    let role = &["Global Administrator", "Cloud Application Administrator"][..];
    let cases = vec![
        case("403 creating the app registration", denied, role, || {
            apply_failure(
                fresh(),
                answers(),
                StepId::AppRegistration,
                ok_token(),
                reads_empty_writes(graph_403),
            )
        })
        .also(&["Authorization_RequestDenied"]),
        case("403 creating the service principal", denied, role, || {
            apply_failure(
                with_app(false, false),
                answers(),
                StepId::ServicePrincipal,
                ok_token(),
                reads_empty_writes(graph_403),
            )
        }),
        case("403 granting admin consent", denied, role, || {
            apply_failure(
                with_app(true, false),
                answers(),
                StepId::AdminConsent,
                ok_token(),
                reads_empty_writes(graph_403),
            )
        }),
        case("403 adding the client secret", denied, role, || {
            apply_failure(
                with_app(true, false),
                answers(),
                StepId::ClientSecret,
                ok_token(),
                reads_empty_writes(graph_403),
            )
        }),
        case(
            "403 creating the HRD policy (federated tenant)",
            &["one more permission"],
            &["Sign in again with the extra permission"],
            || {
                let answers = Answers {
                    hrd_in_s2s: true,
                    ..answers()
                };
                apply_failure(
                    federated_with_everything(),
                    answers,
                    StepId::HomeRealmDiscovery,
                    ok_token(),
                    reads_empty_writes(graph_403),
                )
            },
        )
        .also(&["Policy.ReadWrite.ApplicationConfiguration"]),
        case(
            "a secret lifetime the tenant policy refuses",
            &["longer than your tenant allows"],
            &["shorter lifetime"],
            || {
                apply_failure(
                    with_app(true, false),
                    answers(),
                    StepId::ClientSecret,
                    ok_token(),
                    reads_empty_writes(|r| {
                        if r.url.path().ends_with("/addPassword") {
                            response(
                                400,
                                &graph_error("CredentialInvalidLifetimeAsPerAppPolicy", 400),
                            )
                        } else {
                            response(
                                409,
                                &graph_error("Request_MultipleObjectsWithSameKeyValue", 409),
                            )
                        }
                    }),
                )
            },
        ),
        case(
            "secrets forbidden by the tenant policy",
            &["does not allow client secrets"],
            &["exception"],
            || {
                apply_failure(
                    with_app(true, false),
                    answers(),
                    StepId::ClientSecret,
                    ok_token(),
                    reads_empty_writes(|r| {
                        if r.url.path().ends_with("/addPassword") {
                            response(
                                400,
                                &graph_error("CredentialTypeNotAllowedAsPerAppPolicy", 400),
                            )
                        } else {
                            response(
                                409,
                                &graph_error("Request_MultipleObjectsWithSameKeyValue", 409),
                            )
                        }
                    }),
                )
            },
        ),
        case(
            "Graph down while creating the app (503 after every retry)",
            &["Microsoft Graph returned an error"],
            &["Try again"],
            || {
                apply_failure(
                    fresh(),
                    answers(),
                    StepId::AppRegistration,
                    ok_token(),
                    reads_empty_writes(|_| response(503, &graph_error("serviceNotAvailable", 503))),
                )
            },
        )
        .also(&["HTTP 503", "request-id r-1"]),
    ];
    cases
}

#[test]
fn graph_403_on_each_write() {
    check("Graph writes refused", graph_403_on_each_write_cases());
}

fn dataverse_privilege_denied_on_each_write_cases() -> Vec<Case> {
    let lack = &["You lack a privilege in this Dataverse environment"][..];
    let fix = &["System Administrator"][..];
    let cases = vec![
        case("PrivilegeDenied creating the application user", lack, fix, || {
            dataverse_runner("prvCreateUser", |_| response(200, r#"{"value":[]}"#), |ctx, token, facts| {
                Box::pin(dv::ensure_application_user(ctx, token, facts, "5a1b2c3d-4e5f-4a6b-8c7d-000000000001", "marketo.sync@contoso.com"))
            })
        })
        .also(&["creating or updating the application user", "0x80040220"]),
        case("PrivilegeDenied assigning the Marketo Sync User role", lack, fix, || {
            let user = user("3a1c0e2d-0000-4000-8000-00000000a0e1", "3a1c0e2d-0000-4000-8000-0000000000b1");
            dataverse_runner("prvAssignRole", |_| response(200, r#"{"value":[]}"#), move |ctx, token, facts| {
                Box::pin(async move { dv::assign_role(ctx, token, facts, &user).await })
            })
        })
        .also(&["assigning the Marketo Sync User role"]),
        case("PrivilegeDenied setting Marketo Config's user", lack, fix, || {
            dataverse_runner(
                "prvWritemkto_marketoconfig",
                |_| response(200, r#"{"value":[{"mkto_marketoconfigid":"3a1c0e2d-0000-4000-8000-0000000000d1","mkto_name":"Default","_mkto_marketouserid_value":null}]}"#),
                |ctx, token, facts| Box::pin(dv::set_marketo_config_user(ctx, token, facts, "3a1c0e2d-0000-4000-8000-0000000000a9")),
            )
        }),
        case("PrivilegeDenied enabling a plug-in step", lack, fix, || {
            dataverse_runner(
                "prvWriteSdkMessageProcessingStep",
                |_| response(200, r#"{"sdkmessageprocessingstepid":"3a1c0e2d-0000-4000-8000-0000000000e1","name":"Marketo: Update of lead","statecode":1,"statuscode":2}"#),
                |ctx, token, facts| Box::pin(dv::enable_plugin_step(ctx, token, facts, "3a1c0e2d-0000-4000-8000-0000000000e1")),
            )
        })
        .also(&["re-enabling the Marketo plug-in steps"]),
        case("PrivilegeDenied publishing customizations", lack, fix, || {
            dataverse_runner("prvPublishCustomization", |_| response(200, "{}"), |ctx, token, facts| {
                Box::pin(dv::publish_all(ctx, token, facts))
            })
        })
        .also(&["publishing customizations"]),
        case("the Dataverse token expired mid-step (401, empty body)", &["did not accept"], &["Sign"], || {
            DataverseError::Unexpected {
                status: 401,
                excerpt: String::new(),
            }
            .explain()
        }),
        case("a deleted application user still blocks the app (412)", &["already exists"], &["Power Platform admin center"], || {
            DataverseError::Service {
                status: 412,
                code: "0x80040237".into(),
                message: "A record with matching key values already exists.".into(),
            }
            .explain()
        }),
    ];
    cases
}

#[test]
fn dataverse_privilege_denied_on_each_write() {
    check(
        "Dataverse writes refused",
        dataverse_privilege_denied_on_each_write_cases(),
    );
}

fn tenant_and_environment_problems_cases() -> Vec<Case> {
    let cases = vec![
        case(
            "Dynamics 365 missing from the tenant",
            &["Dynamics 365 is not available"],
            &["Power Platform admin center"],
            || {
                let mut facts = fresh();
                directory(&mut facts).dynamics = None;
                plan_status(&facts, &answers(), StepId::AppRegistration)
            },
        ),
        case(
            "no Dynamics 365 environment for this admin",
            &["No Dynamics 365 environment"],
            &["System Administrator"],
            || {
                let mut facts = fresh();
                facts.environments = Observed::Known(vec![]);
                facts.dataverse = None;
                plan_status(&facts, &answers(), StepId::Environment)
            },
        ),
        case(
            "the Marketo solution missing",
            &["Marketo solution is not installed"],
            &["Download Marketo Solution"],
            || {
                let mut facts = fresh();
                let Some(Observed::Known(dv)) = &mut facts.dataverse else {
                    unreachable!()
                };
                dv.solution = None;
                plan_status(&facts, &answers(), StepId::SyncUserRole)
            },
        ),
        case(
            "the role missing in the user's business unit",
            &["missing in the user's business unit"],
            &["Download Marketo Solution"],
            || {
                let facts = dataverse_facts();
                let sales_user = user(
                    "3a1c0e2d-0000-4000-8000-00000000a0e2",
                    "3a1c0e2d-0000-4000-8000-00000000ba1e",
                );
                dv::role_copy_for(&facts, &sales_user)
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "a secret lifetime above the tenant policy (plan)",
            &["secret"],
            &["at most 90 days"],
            || {
                let mut facts = fresh();
                directory(&mut facts).password_policy = Observed::Known(PasswordPolicy {
                    max_lifetime: Some((90, PolicyScope::default())),
                    ..PasswordPolicy::default()
                });
                plan_status(&facts, &answers(), StepId::ClientSecret)
            },
        ),
        case(
            "secrets blocked by the tenant policy (plan)",
            &["secret"],
            &["exception"],
            || {
                let mut facts = fresh();
                directory(&mut facts).password_policy = Observed::Known(PasswordPolicy {
                    addition_blocked: Some(PolicyScope::default()),
                    ..PasswordPolicy::default()
                });
                plan_status(&facts, &answers(), StepId::ClientSecret)
            },
        ),
        case(
            "an admin without a directory role",
            &["lacks an Entra ID role"],
            &["ask for one of those roles"],
            || {
                let mut facts = fresh();
                facts.admin_roles = Observed::Known(vec![]);
                plan_status(&facts, &answers(), StepId::AppRegistration)
            },
        )
        .also(&["Cloud Application Administrator"]),
        case(
            "not System Administrator in the environment",
            &["not a System Administrator"],
            &["System Administrator role"],
            || {
                let mut facts = fresh();
                let Observed::Known(envs) = &mut facts.environments else {
                    unreachable!()
                };
                envs[0].is_user_sys_admin = false;
                plan_status(&facts, &answers(), StepId::Environment)
            },
        ),
        case(
            "an org URL with a typo (dynamic.com)",
            &["not available"],
            &["Choose one of the listed environments"],
            || {
                let answers = Answers {
                    environment_url: Some("https://contoso.crm.dynamic.com".into()),
                    ..answers()
                };
                plan_status(&fresh(), &answers, StepId::Environment)
            },
        )
        .also(&["https://contoso.crm.dynamic.com"]),
        case(
            "an org URL typed without https://",
            &["not valid"],
            &["Pick the environment again"],
            || {
                WebApi::new("contoso.api.crm.dynamics.com")
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "an org URL that is not http(s)",
            &["not valid"],
            &["Pick the environment again"],
            || {
                WebApi::new("ftp://contoso.api.crm.dynamics.com")
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "two app registrations with the same name",
            &["2"],
            &["Marketo Integration"],
            || {
                let mut facts = fresh();
                let d = directory(&mut facts);
                let mut second = app(vec![]);
                second.app_id = "app-2".into();
                second.id = "obj-2".into();
                d.candidate_apps = vec![app(vec![]), second];
                plan_status(&facts, &answers(), StepId::AppRegistration)
            },
        ),
        case(
            "the wrong secret pasted in the hint check",
            &["No secret of this app starts with xyz"],
            &["Use the right secret"],
            || {
                let facts = with_app(true, true);
                let findings = checks::evaluate(&checks::Inputs {
                    answers: &answers(),
                    facts: &facts,
                    now: NOW,
                    held_secret_prefix: Some("xyz-the-wrong-one"),
                });
                let row = findings
                    .iter()
                    .find(|f| f.id == CheckId::SecretMatches)
                    .unwrap();
                assert_eq!(row.verdict, Verdict::Fail);
                assert!(
                    !row.found.wire().contains("the-wrong-one"),
                    "only the first characters are repeated"
                );
                Explanation::new(
                    row.found.clone(),
                    row.why,
                    row.fix.clone().unwrap_or_else(|| Text::verbatim("")),
                )
            },
        ),
        case(
            "a client-app mode sync user who is not picked",
            &["licensed Dynamics user"],
            &["Pick"],
            || {
                let answers = Answers {
                    mode: ConnectionMode::ClientApp,
                    ..answers()
                };
                plan_status(&with_app(true, true), &answers, StepId::SyncUserRole)
            },
        ),
    ];
    cases
}

#[test]
fn tenant_and_environment_problems() {
    check(
        "tenant and environment",
        tenant_and_environment_problems_cases(),
    );
}

fn oversized_and_malformed_json_from_every_endpoint_cases() -> Vec<Case> {
    let huge = format!(
        r#"{{"value":[{}]}}"#,
        vec![r#"{"id":"x"}"#; 200_000].join(",")
    );
    let deep = "[".repeat(100_000);
    let cut = r#"{"value":[{"id":"3a1c0e2d-0000-4000"#;
    let cases = vec![
        case(
            "Global Discovery: 401 (no Dynamics consent)",
            &["did not accept the sign-in"],
            &["Dynamics CRM permission"],
            || {
                discovery_service::parse_instances(&response(401, ""))
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "Graph: a body cut off mid-way",
            &["unreadable answer"],
            &["proxy"],
            move || {
                graph::parse_organization(&response(200, cut))
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "Graph: nested 100 000 deep",
            &["unreadable answer"],
            &["Try again"],
            {
                let deep = deep.clone();
                move || {
                    graph::parse_applications(&response(200, &deep))
                        .unwrap_err()
                        .explain()
                }
            },
        ),
        case(
            "Graph: an error body that is HTML (502)",
            &["unreadable answer"],
            &["proxy"],
            || {
                graph::parse_added_password(&response(502, "<html>Bad gateway</html>"))
                    .unwrap_err()
                    .explain()
            },
        )
        .also(&["HTTP 502"]),
        case(
            "Graph: 200 000 applications in one page (4 MB)",
            &["Microsoft Graph"],
            &["Try again"],
            {
                let huge = huge.clone();
                move || match graph::parse_applications(&response(200, &huge)) {
                    Ok(_) => GraphError::Unexpected {
                        status: 200,
                        excerpt: "accepted".into(),
                    }
                    .explain(),
                    Err(e) => e.explain(),
                }
            },
        ),
        case(
            "Global Discovery: a body cut off mid-way",
            &["unreadable"],
            &["proxy"],
            move || {
                discovery_service::parse_instances(&response(200, cut))
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "Global Discovery: nested 100 000 deep",
            &["unreadable"],
            &["Try again"],
            {
                let deep = deep.clone();
                move || {
                    discovery_service::parse_instances(&response(200, &deep))
                        .unwrap_err()
                        .explain()
                }
            },
        ),
        case(
            "Dataverse: WhoAmI cut off mid-way",
            &["unreadable answer"],
            &["proxy"],
            || {
                syncsetup_core::dataverse::read::parse_whoami(&response(200, r#"{"UserId":"3a1c"#))
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "Dataverse: a 5 MB error page (500)",
            &["Dataverse"],
            &["Try again"],
            || {
                syncsetup_core::dataverse::read::parse_version(&response(
                    500,
                    &"<p>oops</p>".repeat(500_000),
                ))
                .unwrap_err()
                .explain()
            },
        ),
        case(
            "Dataverse: nested 100 000 deep",
            &["unreadable answer"],
            &["Try again"],
            move || {
                syncsetup_core::dataverse::read::parse_whoami(&response(200, &deep))
                    .unwrap_err()
                    .explain()
            },
        ),
        case(
            "Entra discovery: not an OpenID document",
            &["could not be reached"],
            &["authority in config.json"],
            || {
                let script = Script {
                    answer: |_: &HttpRequest| Ok(response(200, "<html>captive portal</html>")),
                    seen: RefCell::new(vec![]),
                };
                pollster::block_on(flow::discover(&script, &config()))
                    .unwrap_err()
                    .explain()
            },
        )
        .also(&["captive portal"]),
    ];
    cases
}

#[test]
fn oversized_and_malformed_json_from_every_endpoint() {
    check(
        "oversized and malformed JSON",
        oversized_and_malformed_json_from_every_endpoint_cases(),
    );
}

fn network_offline_cases() -> Vec<Case> {
    let cases = vec![
        case(
            "offline at sign-in (discovery)",
            &["no answer"],
            &["Check your connection"],
            || {
                let script = Script {
                    answer: |_: &HttpRequest| Err(offline("login.microsoftonline.com")),
                    seen: RefCell::new(vec![]),
                };
                pollster::block_on(flow::discover(&script, &config()))
                    .unwrap_err()
                    .explain()
            },
        )
        .also(&["login.microsoftonline.com", "ERR_INTERNET_DISCONNECTED"]),
        case(
            "offline redeeming the code",
            &["no answer"],
            &["Check your connection"],
            || {
                let script = Script {
                    answer: |_: &HttpRequest| Err(offline("login.microsoftonline.com")),
                    seen: RefCell::new(vec![]),
                };
                let pending = pending();
                let answer = Callback::Code {
                    code: AuthorizationCode::new("c"),
                    state: pending.state.clone(),
                };
                pollster::block_on(flow::complete(
                    &script,
                    &config(),
                    Some(&pending),
                    &answer,
                    NOW,
                ))
                .unwrap_err()
                .explain()
            },
        ),
        case(
            "offline during Apply (Graph)",
            &["could not be reached"],
            &["Check your connection"],
            || {
                apply_failure(
                    fresh(),
                    answers(),
                    StepId::AppRegistration,
                    ok_token(),
                    |_: &HttpRequest| Err(offline("graph.microsoft.com")),
                )
            },
        )
        .also(&["graph.microsoft.com"]),
        case(
            "offline listing environments",
            &["could not be reached"],
            &["Check your connection"],
            || DiscoveryError::Transport(offline("globaldisco.crm.dynamics.com")).explain(),
        ),
        case(
            "offline writing to Dataverse",
            &["could not be reached"],
            &["Check your connection"],
            || DataverseError::Transport(offline("contoso.api.crm.dynamics.com")).explain(),
        ),
    ];
    cases
}

#[test]
fn network_offline() {
    check("network offline", network_offline_cases());
}

fn a_session_that_ended_says_so_during_apply_cases() -> Vec<Case> {
    // The admin's 24 hours ran out while the page was open: Apply must say "sign in again", not
    // blame a proxy.
    let cases = vec![case(
        "the session ended before Apply (no token)",
        &["session has ended"],
        &["Sign in again"],
        || {
            apply_failure(
                fresh(),
                answers(),
                StepId::AppRegistration,
                Err(AuthError::SessionExpired),
                reads_empty_writes(graph_403),
            )
        },
    )];
    cases
}

#[test]
fn a_session_that_ended_says_so_during_apply() {
    check(
        "session end during Apply",
        a_session_that_ended_says_so_during_apply_cases(),
    );
}

#[test]
fn the_catalogue_holds_at_least_forty_cases() {
    let count = malformed_config_json_cases().len()
        + error_redirects_for_each_aadsts_code_of_the_contract_cases().len()
        + token_endpoint_400s_and_unreadable_answers_cases().len()
        + tampered_state_code_and_id_token_cases().len()
        + graph_403_on_each_write_cases().len()
        + dataverse_privilege_denied_on_each_write_cases().len()
        + tenant_and_environment_problems_cases().len()
        + oversized_and_malformed_json_from_every_endpoint_cases().len()
        + network_offline_cases().len()
        + a_session_that_ended_says_so_during_apply_cases().len();
    println!("bad input catalogue: {count} cases");
    assert!(count >= 40, "{count} cases");
}
