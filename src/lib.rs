//! Sync Setup for Marketo and Dynamics 365: the Yew single-page app (the WebAssembly shell).
//!
//! This crate renders state and wires events; it decides nothing itself. Decisions come from
//! `syncsetup-core` (configuration, sign-in, the wizard's phases); the [`edge`] module is the only
//! code that touches browser APIs; [`session`] sequences the core's sign-in runners over those edges;
//! [`views`] are one file per screen and [`components`] the widgets they share.

pub mod app;
pub mod components;
pub mod edge;
pub mod session;
pub mod views;

/// Installs the panic hook and mounts the app on `<body>`.
pub fn start() {
    edge::env::install_panic_hook();
    yew::Renderer::<app::App>::new().render();
}
