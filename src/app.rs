//! The root component: holds the phase reducer, the config, the language and the memory-only
//! client secret; runs the jobs the wizard asks for; and picks the screen.
//!
//! There is no URL router: the page is its own redirect URI and may sit under any sub-path of a
//! static host, so the screen follows the core's `Phase`, not the path.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use syncsetup_core::auth::authorize::AuthorizeOptions;
use syncsetup_core::config::Config;
use syncsetup_core::engine::plan::ConnectionMode;
use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::{
    Download, Entry, EntryEvent, Event, Field, Mode, Phase, Progress, Screen, Wizard,
};
use yew::prelude::*;

use crate::components::top_bar::top_bar;
use crate::edge::runtime::CancelSwitch;
use crate::edge::{clipboard, document, download, env, storage};
use crate::jobs::{self, JobInput, SecretSlot};
use crate::session;
use crate::text::{tr, trf};
use crate::views::{
    applying::applying,
    checks::checks,
    entry::{entry_screen, entry_screen_key, EntryActions},
    environments::environments,
    hand_off::hand_off_sheet,
    maintenance::{rotate_secret, tear_down},
    review::review,
    secret::reveal_secret,
    session_ended::session_ended,
    starting::starting,
};

/// Adapts the core's `Phase` to Yew's reducer (the orphan rule forbids implementing it there).
#[derive(Clone, PartialEq)]
struct PhaseState(Phase);

impl Reducible for PhaseState {
    type Action = Event;

    fn reduce(self: Rc<Self>, event: Event) -> Rc<Self> {
        Rc::new(PhaseState(self.0.clone().next(event)))
    }
}

/// Overwrites the secret's text in memory and empties the slot (leaving its screens, signing out).
fn wipe(slot: &SecretSlot) {
    if let Some(mut secret) = slot.borrow_mut().take() {
        secret.wipe();
    }
}

/// A button that leaves the wizard for a new sign-in, taking along what `keep` keeps of it
/// (with the federated-domain permissions when `federated`). The three ways back to Entra from
/// inside the wizard differ only in those two things.
fn sign_in_again_with(
    phase: &UseReducerHandle<PhaseState>,
    config: &UseStateHandle<Option<Rc<Config>>>,
    keep: fn(&Wizard) -> Progress,
    federated: bool,
) -> Callback<MouseEvent> {
    let phase = phase.clone();
    let config = config.clone();
    Callback::from(move |_: MouseEvent| {
        let Some(progress) = phase.0.wizard().map(keep) else {
            return;
        };
        let options = progress.sign_in_options(federated);
        sign_in(&phase, &config, progress, options);
    })
}

/// Leaves for Entra ID (once: a click while redirecting is ignored), remembering `progress`.
fn sign_in(
    phase: &UseReducerHandle<PhaseState>,
    config: &UseStateHandle<Option<Rc<Config>>>,
    progress: Progress,
    options: AuthorizeOptions,
) {
    if phase.0.is_busy() {
        return;
    }
    let Some(config) = (**config).clone() else {
        return;
    };
    phase.dispatch(Event::Entry(EntryEvent::SignInClicked));
    let dispatch = phase.dispatcher();
    wasm_bindgen_futures::spawn_local(session::sign_in(config, progress, options, move |e| {
        dispatch.dispatch(Event::Entry(EntryEvent::SignInFailed(e)))
    }));
}

/// Which screen is up, as a number: focus moves to the new screen's heading when it changes. A
/// rotation's or teardown's stage counts as a screen of its own: the button just pressed is gone
/// (a spinner, then the new secret or the result, takes its place), so focus must go somewhere.
fn screen_key(phase: &Phase) -> u8 {
    match phase {
        Phase::Entry(entry) => entry_screen_key(entry),
        Phase::CompletingSignIn => 0,
        Phase::SignedIn(w) => {
            let stage = match (&w.rotation, &w.teardown) {
                (Some(r), _) if w.screen == Screen::Rotate => 1 + r.stage as u8,
                (_, Some(t)) if w.screen == Screen::Teardown => 1 + t.stage as u8,
                _ => 0,
            };
            10 + 8 * w.screen as u8 + stage
        }
    }
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let phase = use_reducer(|| PhaseState(Phase::Entry(Entry::Starting)));
    let config = use_state(|| None::<Rc<Config>>);
    let lang = use_state(|| {
        storage::load_language().unwrap_or_else(|| Lang::from_tag(&document::browser_language()))
    });
    // The client secret: in this page's memory only, never in state that is stored or logged.
    let secret: SecretSlot = use_mut_ref(|| None);
    // The connection mode picked on the landing page (before there is a wizard to hold it).
    // Which value of the registration guide was copied last (before there is a wizard).
    let bootstrap_copied = use_state(|| None::<&'static str>);
    let connection = use_state(|| storage::load_progress().unwrap_or_default().connection());
    let cancel = use_mut_ref(CancelSwitch::default);

    {
        let phase = phase.clone();
        let config = config.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match session::load_config().await {
                    Ok(loaded) => {
                        let loaded = Rc::new(loaded);
                        config.set(Some(loaded.clone()));
                        let dispatch = phase.dispatcher();
                        session::start(loaded, move |event| dispatch.dispatch(event)).await;
                    }
                    Err(e) => {
                        session::refuse_answers();
                        phase.dispatch(Event::Entry(EntryEvent::ConfigFailed(e)));
                    }
                }
            });
        });
    }

    // Run each job the wizard starts, once.
    {
        let phase = phase.clone();
        let secret = secret.clone();
        let cancel = cancel.clone();
        use_effect_with(phase.0.job(), move |job| {
            if let (Some(job), Some(wizard)) = (*job, phase.0.wizard()) {
                let switch = CancelSwitch::default();
                *cancel.borrow_mut() = switch.clone();
                let input = JobInput {
                    job,
                    config: wizard.config.clone(),
                    answers: wizard.answers.clone(),
                    facts: wizard.facts_for(job.kind),
                    observed_at: wizard.observed_at,
                    search: wizard.sync_user_search.clone(),
                    key_ids: wizard.old_key_ids(),
                    teardown_ids: wizard
                        .teardown
                        .as_ref()
                        .map(|t| t.ids_to_remove())
                        .unwrap_or_default(),
                    run_lock: wizard.run_lock(job.kind),
                };
                let dispatch = phase.dispatcher();
                wasm_bindgen_futures::spawn_local(jobs::run(input, switch, secret, move |event| {
                    dispatch.dispatch(event)
                }));
            }
        });
    }

    // The wizard decides how long the secret may live; drop it the moment it says so.
    {
        let holds = phase.0.holds_secret();
        let secret = secret.clone();
        use_effect(move || {
            if !holds {
                wipe(&secret);
            }
        });
    }

    // Remember non-secret progress so a reload resumes.
    use_effect_with(phase.0.progress(), |progress| {
        if let Some(progress) = progress {
            storage::save_progress(progress);
        }
    });

    // A one-second clock while a run shows elapsed waiting times.
    {
        let wants_clock = phase.0.wizard().is_some_and(|w| w.wants_clock());
        let dispatch = phase.dispatcher();
        use_effect_with(wants_clock, move |wants| {
            let alive = Rc::new(Cell::new(*wants));
            if *wants {
                let alive = alive.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    while alive.get() {
                        yew::platform::time::sleep(Duration::from_secs(1)).await;
                        if alive.get() {
                            dispatch.dispatch(Event::Tick(env::now_millis()));
                        }
                    }
                });
            }
            move || alive.set(false)
        });
    }

    // Focus the new screen's heading, and keep <html lang> true.
    use_effect_with(screen_key(&phase.0), |_| document::focus("screen-title"));
    use_effect_with(*lang, |lang| document::set_language(lang.tag()));

    let hooks = Hooks {
        phase,
        config,
        lang,
        secret,
        bootstrap_copied,
        connection,
        cancel,
    };
    let actions = Actions::new(&hooks);
    let l = *hooks.lang;
    let identity = hooks.phase.0.wizard().map(|w| match &w.identity {
        Some(id) => trf(
            l,
            Msg::SignedInAs,
            &[&id.display_name, &id.tenant_name, &id.tenant_id],
        ),
        None => trf(l, Msg::SignedInAsShort, &[&w.account.name]),
    });
    html! {<>
        { top_bar(l, identity, &actions.language, actions.sign_out.clone()) }
        <main class="page" id="main">{ screen(l, &hooks, &actions) }</main>
    </>}
}

/// The state the root component holds, as the callbacks and screens read it.
struct Hooks {
    phase: UseReducerHandle<PhaseState>,
    config: UseStateHandle<Option<Rc<Config>>>,
    lang: UseStateHandle<Lang>,
    secret: SecretSlot,
    bootstrap_copied: UseStateHandle<Option<&'static str>>,
    connection: UseStateHandle<ConnectionMode>,
    cancel: Rc<std::cell::RefCell<CancelSwitch>>,
}

/// Everything a screen can ask of the shell, wired once per render.
struct Actions {
    sign_in: Callback<Mode>,
    /// A run stopped for want of the HRD permission: sign in again asking for it, then carry on.
    hrd_consent: Callback<MouseEvent>,
    /// A validation session (read-only) moved to setting up: sign in with the setup permissions,
    /// taking the answers along; the plan is reviewed again before anything is applied.
    sign_in_for_changes: Callback<MouseEvent>,
    /// The session ended in the wizard: sign in again, taking the answers along.
    sign_in_again: Callback<MouseEvent>,
    sign_out: Callback<MouseEvent>,
    event: Callback<Event>,
    copy: Callback<Field>,
    connection: Callback<ConnectionMode>,
    language: Callback<Lang>,
    download: Callback<Download>,
    /// Copying a value of the registration guide (before there is a wizard).
    bootstrap_copy: Callback<(&'static str, String)>,
}

impl Actions {
    fn new(h: &Hooks) -> Self {
        let (phase, config) = (&h.phase, &h.config);
        Self {
            sign_in: {
                let (phase, config, connection) =
                    (phase.clone(), config.clone(), h.connection.clone());
                Callback::from(move |mode: Mode| {
                    let progress = storage::load_progress()
                        .unwrap_or_default()
                        .starting(mode)
                        .connecting(*connection);
                    let options = progress.sign_in_options(false);
                    sign_in(&phase, &config, progress, options);
                })
            },
            hrd_consent: sign_in_again_with(phase, config, Wizard::progress_for_consent, true),
            sign_in_for_changes: sign_in_again_with(phase, config, Wizard::progress, false),
            sign_in_again: sign_in_again_with(
                phase,
                config,
                Wizard::progress_for_sign_in_again,
                false,
            ),
            sign_out: {
                let (dispatch, cancel, secret) =
                    (phase.dispatcher(), h.cancel.clone(), h.secret.clone());
                Callback::from(move |_: MouseEvent| {
                    cancel.borrow().cancel();
                    wipe(&secret);
                    session::sign_out();
                    dispatch.dispatch(Event::SignedOut)
                })
            },
            event: {
                let (dispatch, cancel) = (phase.dispatcher(), h.cancel.clone());
                Callback::from(move |event: Event| {
                    if matches!(event, Event::CancelClicked) {
                        cancel.borrow().cancel();
                    }
                    dispatch.dispatch(event)
                })
            },
            copy: {
                let (phase, secret) = (phase.clone(), h.secret.clone());
                Callback::from(move |field: Field| {
                    let Some(wizard) = phase.0.wizard() else {
                        return;
                    };
                    let sheet = wizard.hand_off();
                    let text = match field {
                        Field::Username => sheet.username,
                        Field::ClientId => sheet.client_id,
                        Field::ClientSecret => {
                            secret.borrow().as_ref().map(|s| s.secret().to_owned())
                        }
                        Field::TenantId => Some(sheet.tenant_id),
                        Field::OrgUrl => sheet.org_url,
                    };
                    let Some(text) = text else { return };
                    let dispatch = phase.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        if clipboard::copy(&text).await {
                            dispatch.dispatch(Event::Copied(field));
                        }
                    });
                })
            },
            connection: {
                let connection = h.connection.clone();
                Callback::from(move |chosen: ConnectionMode| connection.set(chosen))
            },
            language: {
                let lang = h.lang.clone();
                Callback::from(move |chosen: Lang| {
                    storage::save_language(chosen);
                    lang.set(chosen)
                })
            },
            download: {
                let phase = phase.clone();
                Callback::from(move |what: Download| {
                    if let Some(url) = phase.0.wizard().and_then(|w| w.download(what, env::now())) {
                        download::save(what.file_name(), &url);
                    }
                })
            },
            bootstrap_copy: {
                let copied = h.bootstrap_copied.clone();
                Callback::from(move |(which, text): (&'static str, String)| {
                    let copied = copied.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if clipboard::copy(&text).await {
                            copied.set(Some(which));
                        }
                    })
                })
            },
        }
    }
}

/// The screen the phase shows.
fn screen(l: Lang, h: &Hooks, a: &Actions) -> Html {
    // The secret's text, only while the wizard says it is revealed.
    let revealed_text = |wizard: &Wizard| {
        wizard
            .secret
            .as_ref()
            .filter(|note| note.revealed)
            .and_then(|_| {
                h.secret
                    .borrow()
                    .as_ref()
                    .map(|s| AttrValue::from(s.secret().to_owned()))
            })
    };
    match &h.phase.0 {
        Phase::Entry(entry) => {
            let actions = EntryActions {
                sentences: syncsetup_core::i18n::Text::render,
                connection: *h.connection,
                on_connection: a.connection.clone(),
                on_sign_in: a.sign_in.clone(),
                on_sign_out: a.sign_out.clone(),
                microsoft_sign_out: h
                    .config
                    .as_ref()
                    .map(|c| c.authority.sign_out_url(&crate::edge::location::current())),
                page_url: crate::edge::location::current(),
                copied: *h.bootstrap_copied,
                on_copy: a.bootstrap_copy.clone(),
            };
            entry_screen(l, entry, &actions)
        }
        Phase::CompletingSignIn => starting(tr(l, Msg::CompletingSignIn)),
        Phase::SignedIn(w) => {
            let on = &a.event;
            match w.screen {
                Screen::Observing => starting(tr(l, w.observing_message())),
                Screen::PickEnvironment => environments(l, &w.environments_screen(), on),
                Screen::Review => match w.review_screen() {
                    Some(s) => review(
                        l,
                        &s,
                        on,
                        a.hrd_consent.clone(),
                        a.sign_in_for_changes.clone(),
                    ),
                    None => Html::default(),
                },
                Screen::Applying => match w.applying_screen() {
                    Some(s) => applying(l, &s, on, a.hrd_consent.clone()),
                    None => Html::default(),
                },
                Screen::RevealSecret => reveal_secret(
                    l,
                    w.secret_screen().as_ref(),
                    revealed_text(w),
                    on,
                    a.copy.clone(),
                ),
                Screen::Checks => checks(l, &w.checks_screen(), on),
                Screen::HandOff => hand_off_sheet(
                    l,
                    &w.hand_off_screen(),
                    on,
                    a.copy.clone(),
                    a.download.clone(),
                ),
                Screen::Rotate => match w.rotate_screen() {
                    Some(s) => rotate_secret(l, &s, on, revealed_text(w), a.copy.clone()),
                    None => Html::default(),
                },
                Screen::Teardown => match w.teardown_screen() {
                    Some(s) => tear_down(l, &s, on),
                    None => Html::default(),
                },
                Screen::SignInAgain => match &w.session_ended {
                    Some(why) => session_ended(l, why, a.sign_in_again.clone()),
                    None => Html::default(),
                },
            }
        }
    }
}
