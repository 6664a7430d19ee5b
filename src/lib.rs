//! Sync Setup for Marketo and Dynamics 365: the Yew single-page app (the WebAssembly shell).
//!
//! This crate renders state and wires events; it decides nothing itself. Decisions come from
//! `syncsetup-core` (configuration, sign-in, the wizard's phases, the message catalogs); the
//! [`edge`] module is the only code that touches browser APIs; [`session`] sequences the core's
//! sign-in runners over those edges and [`jobs`] its observe/apply runners; [`views`] are one file
//! per screen, [`components`] the widgets they share, and [`text`] the language context.

pub mod app;
pub mod components;
pub mod edge;
pub mod jobs;
pub mod session;
pub mod text;
pub mod views;

/// Installs the panic hook and mounts the app on `<body>`.
pub fn start() {
    edge::env::install_panic_hook();
    yew::Renderer::<app::App>::new().render();
}
