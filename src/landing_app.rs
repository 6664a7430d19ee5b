//! The landing module's root component: the way in only (the core's `Entry`), without the wizard.
//!
//! The page's first load is this small module: it reads `config.json`, shows the landing page (or
//! the registration guide, or what is wrong with config.json) and leaves for Entra ID. Entra's
//! answer comes back with a page load, and `boot.js` then loads the wizard module, which holds
//! everything after sign-in (and the way in again, for sign-out). Nothing here links the wizard,
//! the engine or the checks, which is what keeps the first load small (see BENCHMARKS.md).

use std::rc::Rc;

use syncsetup_core::config::Config;
use syncsetup_core::engine::plan::ConnectionMode;
use syncsetup_core::i18n::Lang;
use syncsetup_core::wizard::{Entry, EntryEvent, Mode};
use yew::prelude::*;

use crate::components::top_bar::top_bar;
use crate::edge::{clipboard, document, storage};
use crate::session;
use crate::views::entry::{entry_screen, entry_screen_key, EntryActions};

/// Adapts the core's `Entry` to Yew's reducer.
#[derive(Clone, PartialEq)]
struct EntryState(Entry);

impl Reducible for EntryState {
    type Action = EntryEvent;

    fn reduce(self: Rc<Self>, event: EntryEvent) -> Rc<Self> {
        Rc::new(EntryState(self.0.clone().next(event)))
    }
}

/// What start-up found (see `session::open_landing`).
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's configuration, when config.json is usable.
    pub config: Option<Rc<Config>>,
    /// The first screen.
    pub first: Entry,
}

/// The first-load page.
#[function_component(LandingApp)]
pub fn landing_app(props: &Props) -> Html {
    let entry = use_reducer(|| EntryState(props.first.clone()));
    let config = props.config.clone();
    let lang = use_state(|| {
        storage::load_language().unwrap_or_else(|| Lang::from_tag(&document::browser_language()))
    });
    let connection = use_state(|| storage::load_progress().unwrap_or_default().connection());
    let copied = use_state(|| None::<&'static str>);

    {
        let dispatch = entry.dispatcher();
        use_effect_with((), move |_| {
            session::watch_landing_address(move |event| dispatch.dispatch(event))
        });
    }
    use_effect_with(*lang, |lang| document::set_language(lang.tag()));
    use_effect_with(entry_screen_key(&entry.0), |_| {
        document::focus("screen-title")
    });

    let on_sign_in = {
        let entry = entry.clone();
        let config = config.clone();
        let connection = connection.clone();
        Callback::from(move |mode: Mode| {
            let Some(config) = config.clone() else {
                return;
            };
            if entry.0.is_busy() {
                return;
            }
            entry.dispatch(EntryEvent::SignInClicked);
            let progress = storage::load_progress()
                .unwrap_or_default()
                .starting(mode)
                .connecting(*connection);
            let dispatch = entry.dispatcher();
            // The account whose progress this tab keeps (an ended session) is offered again.
            let options = progress.sign_in_options(false);
            wasm_bindgen_futures::spawn_local(session::sign_in(
                config,
                progress,
                options,
                move |e| dispatch.dispatch(EntryEvent::SignInFailed(e)),
            ));
        })
    };
    let on_sign_out = {
        let dispatch = entry.dispatcher();
        Callback::from(move |_: MouseEvent| {
            session::sign_out();
            dispatch.dispatch(EntryEvent::NoSession { notice: None })
        })
    };
    let on_copy = {
        let copied = copied.clone();
        Callback::from(move |(which, text): (&'static str, String)| {
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if clipboard::copy(&text).await {
                    copied.set(Some(which));
                }
            })
        })
    };
    let actions = EntryActions {
        sentences: syncsetup_core::i18n::Text::render_way_in,
        connection: *connection,
        on_connection: {
            let connection = connection.clone();
            Callback::from(move |chosen: ConnectionMode| connection.set(chosen))
        },
        on_sign_in,
        on_sign_out: on_sign_out.clone(),
        microsoft_sign_out: config
            .as_ref()
            .map(|c| c.authority.sign_out_url(&crate::edge::location::current())),
        copied: *copied,
        on_copy,
        page_url: crate::edge::location::current(),
    };
    let on_language = {
        let lang = lang.clone();
        Callback::from(move |chosen: Lang| {
            crate::edge::storage::save_language(chosen);
            lang.set(chosen)
        })
    };

    html! {<>
        { top_bar(*lang, None, &on_language, on_sign_out) }
        <main class="page" id="main">{ entry_screen(*lang, &entry.0, &actions) }</main>
    </>}
}
