//! Fault switches: what a real cloud does to a client on a bad day, on demand. A rule matches
//! requests by host (`crm`, `crm:contoso`, `graph`, `login`, `globaldisco`, `app`), path glob and
//! method, and either delays them (`latencyMs`), answers with an error status in the service's own
//! error shape (`status`, e.g. 429 with `Retry-After`, or 503), or drops the connection without
//! any response (`drop`), for the next `times` matching requests or until removed. Rules come from
//! `--fault`/`--latency` on the command line or `/_emulator/faults`, never from a path Microsoft
//! uses. CORS preflights are never faulted (a browser would report a CORS error instead of the
//! status the test wants the client to see), and fault responses carry
//! `Access-Control-Allow-Origin: *` and the host's own exposed-header list
//! ([`crate::cors::policy_of`]), as error answers of the real services do. `stripCors` removes
//! every CORS header from a matching request's error answer (a fault status, or the service's own
//! 4xx/5xx): a browser then sees only a network error, which is what a page gets when a gateway
//! in front of Microsoft answers without CORS headers.
//!
//! Dropping a connection needs the socket: [`KillableListener`] wraps each listener so that every
//! connection carries a [`ConnKill`] switch in its requests; the fault layer
//! (`crate::middleware::faults`) flips it and the
//! connection's writes fail, so hyper closes it before a byte of response is sent. (Socket-free
//! `oneshot` tests have no connection; there a drop shows as a 502 marked `drop` in the journal.)
//!
//! This module also holds the access-token lifetime override, the other "clock" fault.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::http::Method;
use axum::serve::{IncomingStream, Listener};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A fault rule as written on the command line and in control requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    /// Host label (`crm`, `crm:contoso`, `graph`, `login`, `globaldisco`, `app`); absent or `*` = any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Path glob (`*` matches any run of characters), e.g. `/api/data/v9.2/systemusers*`; absent = any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// HTTP method; absent = any (never `OPTIONS` preflights).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Delay before answering, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// Answer with this status (400–599) in the service's error shape instead of the real answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Retry-After` seconds sent with `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Close the connection without a response.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
    /// Process the request, then close the connection without sending the response: the write
    /// happened but the client cannot know (the hardest case for idempotency).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_after: bool,
    /// Remove every CORS header from the error answer (the fault `status`, or the service's own
    /// 4xx/5xx answer when there is no `status`): a browser sees a network error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strip_cors: bool,
    /// Apply to the next N matching requests only; absent = until removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

impl FaultSpec {
    /// Checks that the rule does something and its values make sense.
    pub fn validate(&self) -> Result<(), String> {
        if self.latency_ms.is_none()
            && self.status.is_none()
            && !self.drop
            && !self.drop_after
            && !self.strip_cors
        {
            return Err("a fault needs latencyMs, status, drop, dropAfter or stripCors".into());
        }
        if self.strip_cors && (self.drop || self.drop_after) {
            return Err("stripCors has no answer to strip with drop or dropAfter".into());
        }
        if [self.drop, self.drop_after, self.status.is_some()]
            .iter()
            .filter(|b| **b)
            .count()
            > 1
        {
            return Err("drop, dropAfter and status exclude each other".into());
        }
        if let Some(s) = self.status {
            if !(400..=599).contains(&s) {
                return Err(format!("status {s} is not an error status (400-599)"));
            }
        }
        if self.retry_after.is_some() && self.status.is_none() {
            return Err("retryAfter needs a status".into());
        }
        if self.times == Some(0) {
            return Err("times must be at least 1".into());
        }
        Ok(())
    }

    /// Parses `--latency [host=]ms`.
    pub fn latency_flag(value: &str) -> Result<Self, String> {
        let (host, ms) = match value.split_once('=') {
            Some((h, ms)) => (Some(h.to_string()), ms),
            None => (None, value),
        };
        let ms = ms
            .parse()
            .map_err(|_| format!("--latency: '{value}' is not [host=]milliseconds"))?;
        Ok(FaultSpec {
            host,
            latency_ms: Some(ms),
            ..FaultSpec::default()
        })
    }
}

/// A rule in force.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// Id (for `DELETE /_emulator/faults/{id}`).
    pub id: u64,
    /// What it does.
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Applications left (`None` = unlimited).
    pub remaining: Option<u32>,
    /// Requests it applied to so far.
    pub hits: u64,
}

/// Fault rules and the token lifetime override (shared; see [`AppState::faults`]).
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    rules: Vec<FaultRule>,
    next_id: u64,
    token_lifetime_secs: Option<i64>,
}

/// What to do to one request.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Decision {
    /// Total delay.
    pub latency_ms: u64,
    /// Error status (and `Retry-After`) to answer with.
    pub status: Option<(u16, Option<u64>)>,
    /// Drop the connection.
    pub drop: bool,
    /// Process the request, then drop the connection.
    pub drop_after: bool,
    /// Strip CORS headers from an error answer.
    pub strip_cors: bool,
}

/// Whether `pattern` (with `*` wildcards) matches `text`.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return part.is_empty() || rest.ends_with(part);
        } else if let Some(pos) = rest.find(part) {
            rest = &rest[pos + part.len()..];
        } else {
            return false;
        }
    }
    true
}

fn host_matches(rule: Option<&str>, label: &str) -> bool {
    match rule {
        None | Some("*") => true,
        Some(r) => {
            r.eq_ignore_ascii_case(label)
                || label
                    .split_once(':')
                    .is_some_and(|(kind, _)| kind.eq_ignore_ascii_case(r))
        }
    }
}

impl Faults {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a rule; returns it.
    pub fn add(&self, spec: FaultSpec) -> Result<FaultRule, String> {
        spec.validate()?;
        let mut f = self.lock();
        f.next_id += 1;
        let rule = FaultRule {
            id: f.next_id,
            remaining: spec.times,
            spec,
            hits: 0,
        };
        f.rules.push(rule.clone());
        Ok(rule)
    }

    /// Removes a rule; false if there was none with that id.
    pub fn remove(&self, id: u64) -> bool {
        let mut f = self.lock();
        let before = f.rules.len();
        f.rules.retain(|r| r.id != id);
        f.rules.len() != before
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// The rules in force (used-up ones included, with `remaining: 0`).
    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock().rules.clone()
    }

    /// The access-token lifetime override, if any.
    pub fn token_lifetime_secs(&self) -> Option<i64> {
        self.lock().token_lifetime_secs
    }

    /// Sets (or clears) the access-token lifetime override.
    pub fn set_token_lifetime_secs(&self, secs: Option<i64>) {
        self.lock().token_lifetime_secs = secs;
    }

    /// Decides what happens to a request, consuming one application of each rule used: every
    /// matching latency adds up; the first matching status or drop rule answers.
    pub fn decide(&self, host: &str, method: &Method, path: &str) -> Decision {
        let mut d = Decision::default();
        let mut f = self.lock();
        for rule in f.rules.iter_mut() {
            let s = &rule.spec;
            if rule.remaining == Some(0)
                || !host_matches(s.host.as_deref(), host)
                || !s.path.as_deref().is_none_or(|p| glob(p, path))
                || !s
                    .method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            {
                continue;
            }
            let answers = s.status.is_some() || s.drop || s.drop_after;
            if answers && (d.status.is_some() || d.drop || d.drop_after) {
                continue;
            }
            d.latency_ms += s.latency_ms.unwrap_or(0);
            if let Some(st) = s.status {
                d.status = Some((st, s.retry_after));
            }
            d.drop |= s.drop;
            d.drop_after |= s.drop_after;
            d.strip_cors |= s.strip_cors;
            rule.hits += 1;
            if let Some(n) = rule.remaining.as_mut() {
                *n -= 1;
            }
        }
        d
    }
}

// ---------------------------------------------------------------------------------------------
// Connections that can be killed

/// The per-connection kill switch, available to handlers as `ConnectInfo<ConnKill>`.
#[derive(Clone, Debug)]
pub struct ConnKill(pub Arc<AtomicBool>);

/// A listener whose connections can be dropped by the fault middleware.
pub struct KillableListener<L> {
    inner: L,
}

impl<L> KillableListener<L> {
    /// Wraps a listener.
    pub fn new(inner: L) -> Self {
        KillableListener { inner }
    }
}

/// A connection with a kill switch: once set, writes fail and hyper closes the connection.
pub struct KillableIo<T> {
    io: T,
    kill: Arc<AtomicBool>,
}

impl<L: Listener> Listener for KillableListener<L> {
    type Io = KillableIo<L::Io>;
    type Addr = L::Addr;

    fn accept(&mut self) -> impl Future<Output = (Self::Io, Self::Addr)> + Send {
        let fut = self.inner.accept();
        async move {
            let (io, addr) = fut.await;
            (
                KillableIo {
                    io,
                    kill: Arc::new(AtomicBool::new(false)),
                },
                addr,
            )
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

impl<L: Listener> axum::extract::connect_info::Connected<IncomingStream<'_, KillableListener<L>>>
    for ConnKill
{
    fn connect_info(stream: IncomingStream<'_, KillableListener<L>>) -> Self {
        ConnKill(stream.io().kill.clone())
    }
}

fn killed() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection dropped by a fault switch",
    )
}

impl<T: AsyncRead + Unpin> AsyncRead for KillableIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.kill.load(Ordering::SeqCst) {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for KillableIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.kill.load(Ordering::SeqCst) {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.kill.load(Ordering::SeqCst) {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_hosts_match() {
        assert!(glob(
            "/api/data/v9.2/systemusers*",
            "/api/data/v9.2/systemusers(1)/x"
        ));
        assert!(glob("*/token", "/t/oauth2/v2.0/token"));
        assert!(glob("/a*c*e", "/abcde"));
        assert!(!glob("/a*c*e", "/abcd"));
        assert!(glob("/exact", "/exact") && !glob("/exact", "/exact/"));
        assert!(host_matches(Some("crm"), "crm:contoso"));
        assert!(host_matches(Some("crm:contoso"), "crm:contoso"));
        assert!(!host_matches(Some("crm:other"), "crm:contoso"));
        assert!(host_matches(None, "graph") && !host_matches(Some("graph"), "login"));
    }

    #[test]
    fn rules_count_down_and_the_first_answer_wins() {
        let f = Faults::default();
        f.add(FaultSpec {
            host: Some("crm".into()),
            status: Some(429),
            retry_after: Some(2),
            times: Some(2),
            ..FaultSpec::default()
        })
        .unwrap();
        f.add(FaultSpec {
            status: Some(503),
            ..FaultSpec::default()
        })
        .unwrap();
        f.add(FaultSpec {
            latency_ms: Some(5),
            ..FaultSpec::default()
        })
        .unwrap();
        let d = |host| f.decide(host, &Method::GET, "/x");
        assert_eq!(d("crm:contoso").status, Some((429, Some(2))));
        assert_eq!(d("crm:contoso").latency_ms, 5);
        assert_eq!(d("crm:contoso").status, Some((503, None)));
        assert_eq!(d("graph").status, Some((503, None)));
        assert_eq!(f.rules()[0].remaining, Some(0));
        assert!(FaultSpec::default().validate().is_err());
        assert!(FaultSpec {
            status: Some(200),
            ..FaultSpec::default()
        }
        .validate()
        .is_err());
        assert_eq!(
            FaultSpec::latency_flag("crm=250").unwrap(),
            FaultSpec {
                host: Some("crm".into()),
                latency_ms: Some(250),
                ..FaultSpec::default()
            }
        );
    }
}
