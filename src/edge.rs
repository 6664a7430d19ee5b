//! The only code that touches browser APIs: fetch, sessionStorage, the address bar, the clock,
//! randomness, timers, the clipboard, downloads, focus, Web Locks and the panic hook. Everything here is a thin adapter; decisions live in the
//! core. `runtime` and `tokens` are the engine's `Runtime` and `TokenSource` for the browser.

pub mod clipboard;
pub mod document;
pub mod download;
pub mod env;
pub mod fetch;
pub mod location;
pub mod locks;
pub mod runtime;
pub mod storage;
pub mod tokens;
