//! The pure core of Sync Setup for Marketo and Dynamics 365: everything that decides something.
//!
//! From the bottom up (`tests/layers.rs` keeps the order): plain values ([`http`] requests and
//! responses, [`secret`] redacting newtypes, [`config`], [`explain`]); the sign-in ([`auth`]:
//! authorization code with PKCE against Entra ID v2, id_token checks, AADSTS explanations) and
//! the per-tab token cache ([`session`]); what is known of a tenant ([`facts`]) and how a request
//! goes out with retries ([`transport`]); the API modules that build requests and parse answers
//! into facts ([`graph`], [`discovery_service`], [`dataverse`]); the [`engine`] (observe → plan →
//! apply, each step one file under `engine/steps/`) and the texts ([`i18n`]); the [`checks`]
//! (one row each), typed [`input`] and the run [`report`]; and the [`wizard`], the page's state
//! machine. The crate performs no IO, reads no clock and draws no random numbers: time and random
//! bytes are arguments, and HTTP is modelled like the `oauth2` crate — a function builds an
//! [`http::HttpRequest`] value, a caller-supplied [`http::HttpClient`] sends it, and another
//! function parses the [`http::HttpResponse`]. That keeps all of it testable with plain
//! `cargo test`.
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
