//! How a request goes out, below every API module: [`send::Context::send`] sends an
//! [`crate::http::HttpRequest`] through the caller's [`crate::http::HttpClient`] and retries what
//! the services say is transient — throttling with `Retry-After`, 5xx with exponential backoff and
//! caller-supplied jitter, Entra's replication delay — by the pure decisions of [`retry`], waiting
//! through the [`runtime::Runtime`] the shell injects (so the core never reads a clock).
//!
//! Graph, Global Discovery and Dataverse (`crate::graph`, `crate::discovery_service`,
//! `crate::dataverse`) send through it; the engine drives them. Nothing here knows what a request
//! means.

pub mod retry;
pub mod runtime;
pub mod send;
