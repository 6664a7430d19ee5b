//! What a long-running runner needs besides HTTP: waiting, the time, and jitter.
//!
//! The browser shell implements it with `setTimeout`, `Date.now()` and `crypto.getRandomValues`;
//! host tests implement it with a virtual clock that advances instantly, which is what lets a
//! five-minute replication wait be tested in milliseconds.

use std::future::Future;

/// Sleep, clock and randomness, provided by the shell.
pub trait Runtime {
    /// Waits `millis` milliseconds.
    fn sleep(&self, millis: u64) -> impl Future<Output = ()>;
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> u64;
    /// A uniformly distributed number in `[0, 1)` for backoff jitter.
    fn jitter(&self) -> f64;
}
