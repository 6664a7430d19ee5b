//! The engine's [`Runtime`] in the browser: timers, the clock and Web Crypto jitter, plus the
//! cancel switch a run shares with its transport.
//!
//! Cancelling is cooperative: the core's runners have no cancel hook, so the switch makes waits
//! end at once and makes the transport refuse new requests (see `fetch::CancellableFetch`). The
//! step in flight then fails, `apply` returns its outcome normally — including a client secret
//! created earlier in the run, which dropping the future would lose — and what was done stays done.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use syncsetup_core::transport::runtime::Runtime;

use super::env;

/// Set when the admin presses Cancel; shared by one run's runtime and transport.
#[derive(Clone, Default)]
pub struct CancelSwitch(Rc<Cell<bool>>);

impl CancelSwitch {
    /// Asks the run to stop at the next request or wait.
    pub fn cancel(&self) {
        self.0.set(true);
    }

    /// Whether Cancel was pressed.
    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// Longest single timer: a cancelled wait ends within this many milliseconds.
const SLEEP_SLICE_MILLIS: u64 = 200;

/// `setTimeout`, `Date.now()` and `crypto.getRandomValues`, with a cancel switch.
#[derive(Clone, Default)]
pub struct BrowserRuntime {
    /// Ends waits early once set.
    pub cancel: CancelSwitch,
}

impl Runtime for BrowserRuntime {
    async fn sleep(&self, millis: u64) {
        let mut left = millis;
        while left > 0 && !self.cancel.is_cancelled() {
            let slice = left.min(SLEEP_SLICE_MILLIS);
            yew::platform::time::sleep(Duration::from_millis(slice)).await;
            left -= slice;
        }
    }

    fn now_millis(&self) -> u64 {
        env::now_millis()
    }

    fn jitter(&self) -> f64 {
        f64::from(env::random_u32()) / 4_294_967_296.0
    }
}
