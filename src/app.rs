//! The root component: holds the phase reducer and the config, and picks the screen.
//!
//! There is no URL router: the page is its own redirect URI and may sit under any sub-path of a
//! static host, so the screen follows the core's `Phase`, not the path.

use std::rc::Rc;

use syncsetup_core::config::Config;
use syncsetup_core::wizard::{Event, Phase};
use yew::prelude::*;

use crate::session;
use crate::views::{
    config_problem::ConfigProblem, landing::Landing, sign_in_failed::SignInFailed,
    signed_in::SignedIn, starting::Starting,
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

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let phase = use_reducer(|| PhaseState(Phase::Starting));
    let config = use_state(|| None::<Rc<Config>>);

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
                    Err(e) => phase.dispatch(Event::ConfigFailed(e)),
                }
            });
        });
    }

    let on_sign_in = {
        let phase = phase.clone();
        let config = config.clone();
        Callback::from(move |_| {
            if phase.0.is_busy() {
                return;
            }
            let Some(config) = (*config).clone() else {
                return;
            };
            phase.dispatch(Event::SignInClicked);
            let dispatch = phase.dispatcher();
            wasm_bindgen_futures::spawn_local(session::sign_in(config, move |event| {
                dispatch.dispatch(event)
            }));
        })
    };
    let on_sign_out = {
        let dispatch = phase.dispatcher();
        Callback::from(move |_| session::sign_out(|event| dispatch.dispatch(event)))
    };

    let screen = match &phase.0 {
        Phase::Starting => html! { <Starting message="Loading…" /> },
        Phase::CompletingSignIn => html! { <Starting message="Completing sign-in…" /> },
        Phase::ConfigProblem(explanation) => {
            html! { <ConfigProblem explanation={explanation.clone()} /> }
        }
        Phase::SignedOut { notice } => {
            html! { <Landing notice={notice.clone()} busy=false on_sign_in={on_sign_in} /> }
        }
        Phase::Redirecting => {
            html! { <Landing notice={None::<syncsetup_core::explain::Explanation>} busy=true on_sign_in={on_sign_in} /> }
        }
        Phase::SignedIn { account, identity } => html! {
            <SignedIn account={account.clone()} identity={identity.clone()} on_sign_out={on_sign_out} />
        },
        Phase::SignInFailed(explanation) => html! {
            <SignInFailed explanation={explanation.clone()} on_retry={on_sign_in} on_sign_out={on_sign_out} />
        },
    };

    html! {
        <>
            <header class="top">
                <span class="brand">{ "Sync Setup" }</span>
                <span class="subtitle">{ "Marketo ⇄ Microsoft Dynamics 365" }</span>
            </header>
            <main class="page">{ screen }</main>
        </>
    }
}
