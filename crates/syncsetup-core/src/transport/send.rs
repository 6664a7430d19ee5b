//! Sending one request with the retry policy applied: throttling and brief outages are waited out
//! here, so step runners only see final answers.
//!
//! Every wait is reported through a callback (what, how long, which attempt) so the page can show
//! "throttled by Microsoft Graph — retrying in 7 s" instead of a frozen spinner.

use std::future::Future;
use std::pin::Pin;

use super::retry::{retry_after_millis, transient_reason, RetryPolicy, RetryReason};
use super::runtime::Runtime;
use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// A wait the runner is doing, for progress display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    /// Why.
    pub reason: RetryReason,
    /// Host of the request being retried.
    pub host: String,
    /// Attempt number about to be made (2 = first retry).
    pub attempt: u32,
    /// How long we wait before it, in milliseconds.
    pub delay_millis: u64,
}

/// The capabilities every runner gets: transport, runtime, policy and a progress sink.
pub struct Context<'a, C, R> {
    /// Sends requests.
    pub client: &'a C,
    /// Sleeps and reads time.
    pub runtime: &'a R,
    /// Retry tunables.
    pub policy: RetryPolicy,
    /// Receives every wait.
    pub on_retry: &'a dyn Fn(RetryNotice),
}

/// Where a retry loop stands: the attempt about to be made (1 = the first) and the time already
/// spent waiting, which the policy's budgets are checked against.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    /// The attempt that was just made.
    pub attempt: u32,
    /// Milliseconds waited so far.
    pub waited: u64,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            attempt: 1,
            waited: 0,
        }
    }
}

impl<C: HttpClient, R: Runtime> Context<'_, C, R> {
    /// The pause before another attempt, the same for every retry loop: the policy's delay (or
    /// the service's `Retry-After`), unless its budget for `reason` is spent — then `false` and
    /// no wait. Otherwise the wait is announced, slept and counted in `backoff`.
    pub(crate) async fn pause_before_retry(
        &self,
        backoff: &mut Backoff,
        reason: RetryReason,
        retry_after: Option<u64>,
        host: &str,
    ) -> bool {
        let delay = self
            .policy
            .delay_millis(backoff.attempt, retry_after, self.runtime.jitter());
        if !self
            .policy
            .should_retry(reason, backoff.attempt, backoff.waited, delay)
        {
            return false;
        }
        backoff.attempt += 1;
        (self.on_retry)(RetryNotice {
            reason,
            host: host.to_owned(),
            attempt: backoff.attempt,
            delay_millis: delay,
        });
        self.runtime.sleep(delay).await;
        backoff.waited += delay;
        true
    }

    /// Sends `request`, retrying 429 / 502–504 and dropped connections per the policy. Returns
    /// the first non-transient response, or the last one when the policy gives up. Only for
    /// requests that are safe to repeat (reads, PATCH, `$ref` links, DELETE).
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_with(request, true).await
    }

    /// Sends a create (POST) or an action: 429 and 503 answers are retried — the service refused
    /// the request — but a dropped connection, a 502 or a 504 is not: a gateway's error says
    /// nothing of whether the service behind it processed the request (RFC 9110 §15.6.3,
    /// §15.6.5), so the object may exist. Both come back as a [`TransportError`] — the outcome
    /// is unknown — and the caller re-reads to find out, so nothing is created (or published)
    /// twice.
    pub(crate) async fn send_create(
        &self,
        request: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        self.send_with(request, false).await
    }

    /// Boxed and non-generic over its caller, so that its retry loop exists once in the wasm
    /// instead of being inlined into the state machine of every read and join arm.
    fn send_with(
        &self,
        request: HttpRequest,
        retry_dropped: bool,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + '_>> {
        Box::pin(self.send_loop(request, retry_dropped))
    }

    async fn send_loop(
        &self,
        request: HttpRequest,
        retry_dropped: bool,
    ) -> Result<HttpResponse, TransportError> {
        let host = request.url.host_str().unwrap_or_default().to_owned();
        let mut backoff = Backoff::default();
        loop {
            let outcome = self.client.call(request.clone()).await;
            let (reason, retry_after) = match &outcome {
                // A gateway's 502/504 may hide a request that was processed: never resent blind.
                Ok(response) if !retry_dropped && matches!(response.status, 502 | 504) => {
                    return Err(TransportError {
                        host,
                        detail: format!(
                            "HTTP {} from a gateway: whether the request was carried out is unknown",
                            response.status
                        ),
                    });
                }
                Ok(response) => match transient_reason(response) {
                    Some(reason) => (reason, retry_after_millis(response)),
                    None => return outcome,
                },
                // A dropped connection is retried like a 503 when repeating is harmless.
                Err(_) if retry_dropped => (RetryReason::Unavailable, None),
                Err(_) => return outcome,
            };
            if !self
                .pause_before_retry(&mut backoff, reason, retry_after, &host)
                .await
            {
                return outcome;
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;
    use crate::http::Method;

    /// A virtual clock: sleeping advances it instantly.
    #[derive(Default)]
    pub(crate) struct VirtualRuntime {
        pub(crate) now: Cell<u64>,
        pub(crate) slept: RefCell<Vec<u64>>,
    }

    impl Runtime for VirtualRuntime {
        async fn sleep(&self, millis: u64) {
            self.slept.borrow_mut().push(millis);
            self.now.set(self.now.get() + millis);
        }
        fn now_millis(&self) -> u64 {
            self.now.get()
        }
        fn jitter(&self) -> f64 {
            0.5
        }
    }

    fn request() -> HttpRequest {
        HttpRequest::new(
            Method::Get,
            url::Url::parse("https://graph.microsoft.com/v1.0/me").unwrap(),
        )
    }

    fn answer(status: u16, retry_after: Option<&str>) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status,
            headers: retry_after
                .map(|v| vec![("Retry-After".into(), v.into())])
                .unwrap_or_default(),
            body: String::new(),
        })
    }

    #[test]
    fn throttling_is_waited_out_with_retry_after_and_reported() {
        let answers = RefCell::new(vec![
            answer(200, None),
            answer(503, None),
            answer(429, Some("3")),
        ]);
        let client = |_: HttpRequest| {
            let next = answers.borrow_mut().pop().unwrap();
            async move { next }
        };
        let runtime = VirtualRuntime::default();
        let notices = RefCell::new(Vec::new());
        let on_retry = |n: RetryNotice| notices.borrow_mut().push(n);
        let context = Context {
            client: &client,
            runtime: &runtime,
            policy: RetryPolicy::default(),
            on_retry: &on_retry,
        };
        let response = pollster::block_on(context.send(request())).unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(
            *runtime.slept.borrow(),
            vec![3_000, 1_500],
            "Retry-After first, then backoff with jitter"
        );
        let notices = notices.borrow();
        assert_eq!(notices.len(), 2);
        assert_eq!(notices[0].reason, RetryReason::Throttled);
        assert_eq!(notices[0].host, "graph.microsoft.com");
        assert_eq!(notices[1].attempt, 3);
    }

    #[test]
    fn gives_up_after_the_attempt_limit_with_the_last_answer() {
        let calls = Cell::new(0);
        let client = |_: HttpRequest| {
            calls.set(calls.get() + 1);
            async { answer(503, None) }
        };
        let runtime = VirtualRuntime::default();
        let context = Context {
            client: &client,
            runtime: &runtime,
            policy: RetryPolicy::default(),
            on_retry: &|_| {},
        };
        let response = pollster::block_on(context.send(request())).unwrap();
        assert_eq!(response.status, 503);
        assert_eq!(calls.get(), RetryPolicy::default().max_attempts);
    }

    #[test]
    fn dropped_connections_are_retried_and_errors_pass_through() {
        let answers = RefCell::new(vec![
            answer(404, None),
            Err(TransportError {
                host: "x".into(),
                detail: "connection reset".into(),
            }),
        ]);
        let client = |_: HttpRequest| {
            let next = answers.borrow_mut().pop().unwrap();
            async move { next }
        };
        let runtime = VirtualRuntime::default();
        let context = Context {
            client: &client,
            runtime: &runtime,
            policy: RetryPolicy::default(),
            on_retry: &|_| {},
        };
        assert_eq!(
            pollster::block_on(context.send(request())).unwrap().status,
            404,
            "a 404 is final"
        );
    }

    #[test]
    fn a_create_is_never_resent_after_a_gateway_error_but_is_after_a_refusal() {
        // F6: a 502/504 says nothing of whether the service created the object.
        for status in [502, 504] {
            let calls = Cell::new(0);
            let client = |_: HttpRequest| {
                calls.set(calls.get() + 1);
                async move { answer(status, None) }
            };
            let runtime = VirtualRuntime::default();
            let context = Context {
                client: &client,
                runtime: &runtime,
                policy: RetryPolicy::default(),
                on_retry: &|_| {},
            };
            let outcome = pollster::block_on(context.send_create(request()));
            assert_eq!(calls.get(), 1, "HTTP {status} sent once");
            let unknown = outcome.expect_err("the outcome is unknown");
            assert_eq!(unknown.host, "graph.microsoft.com");
            assert!(unknown.detail.contains(&status.to_string()), "{unknown:?}");
        }
        // 429 and 503 are refusals: the service did not take the request, so it is sent again.
        let answers = RefCell::new(vec![
            answer(201, None),
            answer(503, None),
            answer(429, None),
        ]);
        let client = |_: HttpRequest| {
            let next = answers.borrow_mut().pop().unwrap();
            async move { next }
        };
        let runtime = VirtualRuntime::default();
        let context = Context {
            client: &client,
            runtime: &runtime,
            policy: RetryPolicy::default(),
            on_retry: &|_| {},
        };
        assert_eq!(
            pollster::block_on(context.send_create(request()))
                .unwrap()
                .status,
            201
        );
    }
}
