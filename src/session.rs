//! The sign-in lifecycle in the browser: the core's runners driven over the edge adapters.
//!
//! Start-up reads `config.json`, then either completes a redirect that just came back, restores a
//! session from sessionStorage, or lands signed out. Each step reports an [`Event`] to the page's
//! reducer; the transitions themselves are the core's `Phase::next`. Signing in hands the wizard
//! the progress remembered in this tab, so a reload (or the redirect itself) resumes.
//!
//! An OAuth answer can also reach the running page without a reload: a link to
//! `<page>#code=…&state=…` only changes the fragment. Start-up cannot see it, so a `hashchange`
//! listener runs the same handling: the answer leaves the address bar (and its history entry) at
//! once, and is redeemed only for the sign-in this tab has pending, which is single-use, so no
//! code is ever redeemed twice; anything else is refused.
//!
//! The landing module (first load, no wizard inside) uses [`open_landing`],
//! [`watch_landing_address`], [`sign_in`] and [`sign_out`] only; everything else here is the
//! wizard module's.

use std::rc::Rc;

use syncsetup_core::auth::authorize::PendingSignIn;
use syncsetup_core::auth::callback::Callback;
use syncsetup_core::auth::{authorize, callback, flow, AuthError};
use syncsetup_core::config::{Config, ConfigError};
use syncsetup_core::graph;
use syncsetup_core::http::HttpClient;
use syncsetup_core::session::TokenCache;
use syncsetup_core::wizard::{Entry, EntryEvent, Event, Progress};

use crate::edge::{env, fetch::Fetch, location, locks, storage};

/// Loads and validates `config.json` from beside `index.html`.
pub async fn load_config() -> Result<Config, ConfigError> {
    let url = location::sibling("config.json");
    let response = Fetch
        .call(syncsetup_core::http::HttpRequest::new(
            syncsetup_core::http::Method::Get,
            url,
        ))
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    if !response.is_success() {
        return Err(ConfigError::Unreachable(format!(
            "HTTP {}",
            response.status
        )));
    }
    Config::from_json(&response.body)
}

/// Takes an OAuth answer out of the address bar, if there is one, with the pending sign-in it
/// may answer (both single-use: the pending sign-in is forgotten whatever happens next).
fn take_answer() -> Option<(Callback, Option<PendingSignIn>)> {
    let page = location::current();
    let answer = callback::parse(&page)?;
    // The code must leave the address bar before anything else can read or bookmark it.
    location::replace(&callback::clean_url(&page));
    Some((answer, storage::take_pending()))
}

/// The wizard module cannot start (config.json failed): an OAuth answer in the address leaves it
/// all the same, now and whenever one arrives as a fragment change, with the pending sign-in it
/// might answer — nothing can redeem it without a configuration (security review L3).
pub fn refuse_answers() {
    let _ = take_answer();
    location::on_fragment_change(|| {
        let _ = take_answer();
    });
}

/// Holds this tab's own Web Lock for as long as the page lives, and says whether this tab is a
/// copy of one that is still open. The tab's id is in `sessionStorage`, which a reload keeps and
/// a duplicated tab copies: a reload finds its lock free again (the old page released it), a
/// duplicate finds it held by the open original — and takes a new id of its own (security review
/// M2). Without Web Locks nothing can be told, and nothing changes.
async fn claim_tab() -> bool {
    let id = storage::load_tab_id().unwrap_or_else(new_tab_id);
    let (lock, copy) = match locks::acquire(&format!("syncsetup-tab:{id}")).await {
        locks::Acquired::Busy => {
            let fresh = new_tab_id();
            (
                locks::acquire(&format!("syncsetup-tab:{fresh}")).await,
                true,
            )
        }
        held => (held, false),
    };
    if let locks::Acquired::Held(lock) = lock {
        // Released when the page goes (unload ends every lock the page held).
        std::mem::forget(lock);
    }
    copy
}

fn new_tab_id() -> String {
    let id = format!("{:08x}{:08x}", env::random_u32(), env::random_u32());
    storage::save_tab_id(&id);
    id
}

/// Redeems `answer` for `pending` and signs in.
async fn complete_sign_in(
    config: Rc<Config>,
    answer: Callback,
    pending: Option<PendingSignIn>,
    report: &impl Fn(Event),
) {
    report(Event::RedirectReturned);
    match flow::complete(&Fetch, &config, pending.as_ref(), &answer, env::now()).await {
        Ok(cache) => finish_sign_in(config, cache, report).await,
        Err(e) => report(Event::Entry(EntryEvent::SignInFailed(e))),
    }
}

/// Decides what the page shows first, and from then on watches for answers that arrive without
/// a reload. `report` receives each event in order.
pub async fn start(config: Rc<Config>, report: impl Fn(Event) + Clone + 'static) {
    {
        let config = config.clone();
        let report = report.clone();
        location::on_fragment_change(move || late_answer(config.clone(), report.clone()));
    }
    {
        let report = report.clone();
        location::on_restored_from_cache(move || {
            returned_without_answer(|e| report(Event::Entry(e)));
        });
    }
    if let Some((answer, pending)) = take_answer() {
        return complete_sign_in(config, answer, pending, &report).await;
    }
    // A pending sign-in without an answer was abandoned (back button, closed sign-in page).
    let abandoned = storage::take_pending().is_some();
    match storage::load_tokens() {
        Some(cache) => finish_sign_in(config, cache, &report).await,
        None => report(Event::Entry(EntryEvent::NoSession {
            notice: Entry::landing_notice(abandoned),
        })),
    }
}

/// The landing module's start-up: reads `config.json` and says which screen comes first. This
/// tab has no session and no answer in its address (else `boot.js` would have loaded the wizard
/// module), so it is the landing page — with a notice when a sign-in was abandoned — unless
/// config.json is unusable.
pub async fn open_landing() -> (Option<Rc<Config>>, Entry) {
    match load_config().await {
        Ok(config) => {
            let notice = Entry::landing_notice(storage::take_pending().is_some());
            (Some(Rc::new(config)), Entry::SignedOut { notice })
        }
        Err(e) => (None, Entry::Starting.next(EntryEvent::ConfigFailed(e))),
    }
}

/// Watches the landing page's address: an OAuth answer that arrives as a fragment change is
/// refused, or, when this tab is waiting for exactly that answer, handed to the wizard module by a
/// reload (`boot.js` loads the wizard module when the address holds an answer).
pub fn watch_landing_address(report: impl Fn(EntryEvent) + 'static) {
    let report = std::rc::Rc::new(report);
    {
        let report = report.clone();
        location::on_restored_from_cache(move || returned_without_answer(|e| report(e)));
    }
    location::on_fragment_change(move || late_answer_on_landing(&*report));
}

/// Back from the sign-in page into a page restored from the back/forward cache: the sign-in this
/// tab started will not answer, so it is forgotten and the way in says so (an `Entry` that was
/// not leaving ignores the event).
fn returned_without_answer(report: impl Fn(EntryEvent)) {
    if storage::take_pending().is_some() {
        report(EntryEvent::ReturnedWithoutAnswer);
    }
}

/// See [`watch_landing_address`]. The pending sign-in is single-use here too: it goes back into
/// storage only for the reload that redeems the answer. The answer goes back into the fragment it
/// came in, never the query, so it stays out of the static host's logs and of `Referer`, exactly
/// as when Entra's redirect loads the page.
fn late_answer_on_landing(report: &impl Fn(EntryEvent)) {
    let page = location::current();
    let Some((answer, pending)) = take_answer() else {
        return;
    };
    if let Err(e) = flow::check_callback(pending.as_ref(), &answer) {
        return report(EntryEvent::AnswerRefused(e));
    }
    if let Some(pending) = pending {
        storage::save_pending(&pending);
        location::replace(&page);
        location::reload();
    }
}

/// An answer that changed only the fragment of the running page. It is checked before anything
/// changes on screen: one that no sign-in of this tab awaits (the usual case: this tab's own
/// sign-ins always come back with a page load) is refused, and the wizard carries on.
fn late_answer(config: Rc<Config>, report: impl Fn(Event) + 'static) {
    let Some((answer, pending)) = take_answer() else {
        return;
    };
    if let Err(e) = flow::check_callback(pending.as_ref(), &answer) {
        return report(Event::Entry(EntryEvent::AnswerRefused(e)));
    }
    wasm_bindgen_futures::spawn_local(async move {
        complete_sign_in(config, answer, pending, &report).await
    });
}

async fn finish_sign_in(config: Rc<Config>, mut cache: TokenCache, report: &impl Fn(Event)) {
    let now = env::now();
    let graph_token =
        match flow::acquire_token(&Fetch, &config, &mut cache, &config.graph_scopes(), now).await {
            Ok(token) => token,
            Err(e) => return fail_session(e, report),
        };
    // Who signed in is read before the page says so, and reported right after it: the header
    // shows name and tenant from its first signed-in render instead of changing under the admin.
    let identity = graph::signed_in_identity(&Fetch, &config, &graph_token).await;
    // Dynamics (Global Discovery) is a second resource: its token comes silently from the refresh
    // token, proving the session can reach Dataverse before any step needs it.
    if let Err(e) = flow::acquire_token(
        &Fetch,
        &config,
        &mut cache,
        &[config.global_discovery_scope()],
        now,
    )
    .await
    {
        return fail_session(e, report);
    }
    storage::save_tokens(&cache);
    let copied_from_open_tab = claim_tab().await;
    report(Event::SignedIn {
        account: cache.account.clone(),
        config: config.clone(),
        progress: storage::load_progress().map(|p| Progress {
            copied_from_open_tab,
            ..p
        }),
    });
    match identity {
        Ok(identity) => report(Event::IdentityLoaded(identity)),
        Err(e) => report(Event::IdentityFailed(e)),
    }
}

fn fail_session(error: AuthError, report: &impl Fn(Event)) {
    if error.needs_new_sign_in() {
        // The tokens are dead; the answers are not: the next sign-in carries on with them.
        storage::forget_session();
    }
    report(Event::Entry(EntryEvent::SignInFailed(error)));
}

/// Remembers `progress` for the return, then sends the browser to Entra ID with `options` (the
/// HRD permission, when a run needs it); `on_failure` hears why it could not. The caller has
/// already moved to `Redirecting`, which disables the buttons, so a double click cannot start
/// two sign-ins.
pub async fn sign_in(
    config: Rc<Config>,
    progress: Progress,
    options: authorize::AuthorizeOptions,
    on_failure: impl Fn(AuthError),
) {
    storage::save_progress(&progress);
    let endpoints = match flow::discover(&Fetch, &config).await {
        Ok(endpoints) => endpoints,
        Err(e) => return on_failure(e),
    };
    let redirect_uri = config.effective_redirect_uri(&location::current());
    let (pending, url) = authorize::begin(
        &config,
        &endpoints,
        &redirect_uri,
        &env::sign_in_entropy(),
        env::now(),
        &options,
    );
    storage::save_pending(&pending);
    location::assign(&url);
}

/// Forgets every token and pending state in this tab.
pub fn sign_out() {
    storage::clear_all();
}
