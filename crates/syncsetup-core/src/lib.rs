//! The pure domain of Sync Setup for Marketo and Dynamics 365.
//!
//! Everything that decides something lives here: the runtime configuration and its cloud presets,
//! the OAuth 2.0 authorization-code-with-PKCE sign-in against Entra ID v2 (authorize URL, callback
//! parsing, token requests and responses, id_token claim checks, AADSTS explanations), the token
//! cache the browser keeps per account and resource, and the Microsoft Graph calls that name the
//! signed-in admin and tenant. The crate performs no IO, reads no clock and draws no random numbers:
//! time and random bytes are arguments, and HTTP is modelled like the `oauth2` crate — a function
//! builds an [`http::HttpRequest`] value, a caller-supplied [`http::HttpClient`] sends it, and another
//! function parses the [`http::HttpResponse`]. That keeps it testable with plain `cargo test`.
#![warn(missing_docs)]

pub mod auth;
pub mod checks;
pub mod config;
pub mod dataverse;
pub mod discovery_service;
pub mod engine;
pub mod explain;
pub mod facts;
pub mod graph;
pub mod http;
pub mod i18n;
pub mod input;
pub mod odata;
pub mod report;
pub mod secret;
pub mod session;
pub mod small_sort;
pub mod time;
pub mod transport;
pub mod wizard;
