//! The only code that touches browser APIs: fetch, sessionStorage, the address bar, the clock,
//! randomness and the panic hook. Everything here is a thin adapter; decisions live in the core.

pub mod env;
pub mod fetch;
pub mod location;
pub mod storage;
