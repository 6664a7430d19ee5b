//! Sync Setup for Marketo and Dynamics 365: the Yew single-page app (the WebAssembly shell).
//!
//! This crate renders state and wires events; it decides nothing itself. Decisions come from
//! `syncsetup-core` (configuration, sign-in, the wizard's phases, the message catalogs); the
//! [`edge`] module is the only code that touches browser APIs; [`session`] sequences the core's
//! sign-in runners over those edges and [`jobs`] its observe/apply runners; [`views`] are one file
//! per screen, [`components`] the widgets they share, and [`text`] the language context.
//!
//! It builds two wasm modules from one library. The landing module ([`start_landing`],
//! [`landing_app`]) is the page's first load: the way in only, small. The wizard module
//! ([`start`], [`app`]) is everything, loaded by `boot.js` when Entra's answer comes back or this
//! tab already has a session.

pub mod app;
pub mod components;
pub mod edge;
pub mod jobs;
pub mod landing_app;
pub mod session;
pub mod text;
pub mod views;

/// The wizard module: installs the panic hook and mounts the whole app on `<body>`.
pub fn start() {
    edge::env::install_panic_hook();
    yew::Renderer::<app::App>::new().render();
}

/// The landing module (the first load): installs the panic hook, reads config.json and mounts
/// the way in only. The page is drawn once config.json is in (it is preloaded beside the wasm, so
/// it is there by then): the first screen is the one the admin can use, with no "Loading…" drawn
/// and replaced a moment later.
pub fn start_landing() {
    edge::env::install_panic_hook();
    wasm_bindgen_futures::spawn_local(async {
        let (config, first) = session::open_landing().await;
        yew::Renderer::<landing_app::LandingApp>::with_props(landing_app::Props { config, first })
            .render();
    });
}
