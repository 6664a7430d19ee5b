//! When to try again, and how long to wait first.
//!
//! Microsoft's guidance (microsoft-graph-docs-contrib `concepts/throttling.md`,
//! `concepts/errors.md`; powerapps-docs `…/data-platform/api-limits.md`): on 429 and 503 honour
//! `Retry-After` (seconds); without it, back off exponentially. Replication errors right after a
//! create (Graph's `Request_ResourceNotFound` / `NoBackingApplicationObject`, Dataverse refusing
//! an application user whose service principal has not arrived yet; replication delay:
//! MicrosoftDocs/SupportArticles-docs `…/404-not-found-error-manage-objects-microsoft-graph.md`)
//! are retried the same way, but bounded by a total wait (default five minutes) that the caller
//! reports while it runs.

use crate::http::HttpResponse;

/// The tunables of the retry policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// First backoff delay, in milliseconds.
    pub base_millis: u64,
    /// Largest single delay, in milliseconds.
    pub cap_millis: u64,
    /// Most attempts for throttling and server errors.
    pub max_attempts: u32,
    /// Longest total wait for an object to replicate, in milliseconds.
    pub replication_budget_millis: u64,
    /// Longest `Retry-After` we accept before giving up and telling the admin.
    pub max_retry_after_millis: u64,
    /// Longest total wait for a long-running action whose answer was lost (PublishAllXml) to
    /// show its result, in milliseconds.
    pub long_running_budget_millis: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_millis: 1_000,
            cap_millis: 60_000,
            max_attempts: 8,
            replication_budget_millis: 5 * 60_000,
            max_retry_after_millis: 5 * 60_000,
            // PublishAllXml has no documented duration; Microsoft's and the community's tools
            // wait up to 15 minutes for it (real-cloud audit F5).
            long_running_budget_millis: 15 * 60_000,
        }
    }
}

/// Why a response should be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryReason {
    /// 429 Too Many Requests.
    Throttled,
    /// 502/503/504: the service is briefly unavailable.
    Unavailable,
    /// The object was just created elsewhere and has not replicated here yet.
    Replication,
    /// A long-running action whose answer was lost may still be running: its result is read
    /// again, the action is never sent twice.
    StillRunning,
}

/// `Retry-After` in milliseconds, when present as delta-seconds (the form Microsoft sends).
pub fn retry_after_millis(response: &HttpResponse) -> Option<u64> {
    let value = response.header_value("retry-after")?.trim();
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| (s * 1000.0) as u64)
}

/// The transient class of a response, if any (replication is decided by the caller, who knows
/// what it just created).
pub(crate) fn transient_reason(response: &HttpResponse) -> Option<RetryReason> {
    match response.status {
        429 => Some(RetryReason::Throttled),
        502..=504 => Some(RetryReason::Unavailable),
        _ => None,
    }
}

impl RetryPolicy {
    /// The delay before attempt `attempt` (1 = first retry): full-jitter exponential backoff,
    /// `jitter` in `[0, 1)` supplied by the caller. `Retry-After` wins when the server sent it.
    pub fn delay_millis(&self, attempt: u32, retry_after: Option<u64>, jitter: f64) -> u64 {
        if let Some(after) = retry_after {
            return after;
        }
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .base_millis
            .saturating_mul(1 << exponent)
            .min(self.cap_millis);
        // Half fixed, half random: never zero, still spread out across tabs and steps.
        let half = ceiling / 2;
        half + (half as f64 * jitter.clamp(0.0, 1.0)) as u64
    }

    /// Whether to try again after `attempt` attempts and `waited` milliseconds for this reason.
    pub(crate) fn should_retry(
        &self,
        reason: RetryReason,
        attempt: u32,
        waited_millis: u64,
        next_delay: u64,
    ) -> bool {
        match reason {
            RetryReason::Replication => {
                waited_millis + next_delay <= self.replication_budget_millis
            }
            RetryReason::StillRunning => {
                waited_millis + next_delay <= self.long_running_budget_millis
            }
            RetryReason::Throttled | RetryReason::Unavailable => {
                attempt < self.max_attempts && next_delay <= self.max_retry_after_millis
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> HttpResponse {
        HttpResponse {
            status,
            headers: retry_after
                .map(|v| vec![("Retry-After".to_owned(), v.to_owned())])
                .unwrap_or_default(),
            body: String::new(),
        }
    }

    #[test]
    fn retry_after_is_honoured() {
        let policy = RetryPolicy::default();
        let throttled = response(429, Some("7"));
        assert_eq!(transient_reason(&throttled), Some(RetryReason::Throttled));
        assert_eq!(
            policy.delay_millis(1, retry_after_millis(&throttled), 0.9),
            7_000
        );
        assert_eq!(retry_after_millis(&response(429, Some("soon"))), None);
        assert_eq!(
            transient_reason(&response(503, None)),
            Some(RetryReason::Unavailable)
        );
        assert_eq!(transient_reason(&response(404, None)), None);
    }

    #[test]
    fn backoff_grows_exponentially_with_jitter_and_a_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_millis(1, None, 0.0), 500);
        assert_eq!(policy.delay_millis(1, None, 0.999_999), 999);
        assert_eq!(policy.delay_millis(4, None, 0.0), 4_000);
        assert_eq!(
            policy.delay_millis(30, None, 0.0),
            30_000,
            "capped at 60 s, half fixed"
        );
        assert!(policy.delay_millis(30, None, 0.5) <= policy.cap_millis);
    }

    #[test]
    fn throttling_gives_up_after_the_attempt_limit_or_an_absurd_retry_after() {
        let policy = RetryPolicy::default();
        assert!(policy.should_retry(RetryReason::Throttled, 1, 0, 1_000));
        assert!(!policy.should_retry(RetryReason::Throttled, 8, 0, 1_000));
        assert!(!policy.should_retry(RetryReason::Throttled, 1, 0, 10 * 60_000));
    }

    #[test]
    fn replication_waits_are_bounded_by_total_time() {
        let policy = RetryPolicy::default();
        assert!(policy.should_retry(RetryReason::Replication, 50, 4 * 60_000, 30_000));
        assert!(!policy.should_retry(RetryReason::Replication, 2, 5 * 60_000 - 1_000, 2_000));
    }
}
