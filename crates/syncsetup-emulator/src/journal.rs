//! The request journal: every request outside `/_emulator/*` with its method, host, URL, a few
//! headers, body and response status, so that tests can count writes ("the application user was
//! created exactly once"), prove that retries did not duplicate anything, and check that the
//! client never sends a secret where it should not.
//!
//! The journal must not become a leak itself: `Authorization` keeps only its scheme, secret-bearing
//! query parameters and JSON/form fields (`client_secret`, `secretText`, `password`, `code`,
//! tokens…) are replaced by `REDACTED`, and an unparsable body that mentions a secret field is not
//! stored at all. Memory is bounded: bodies are cut at [`BODY_CAP`] bytes and the oldest entries
//! are dropped beyond [`MAX_ENTRIES`] entries or [`MAX_BYTES`] bytes in total.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use axum::http::{header, HeaderMap};
use serde::Serialize;
use serde_json::Value;

/// Entries kept at most.
pub const MAX_ENTRIES: usize = 10_000;
/// Approximate bytes kept at most (URLs, headers, bodies).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Bytes of a body kept at most.
pub const BODY_CAP: usize = 16 * 1024;
/// Largest request body the emulator accepts (413 beyond).
pub const MAX_REQUEST_BODY: usize = 4 * 1024 * 1024;

/// Query parameters and body fields whose values are secrets or bearer material (compared
/// case-insensitively).
pub const SECRET_FIELDS: &[&str] = &[
    "code",
    "client_secret",
    "client_assertion",
    "refresh_token",
    "access_token",
    "id_token",
    "code_verifier",
    "password",
    "secrettext",
    "secret",
];

/// Request headers worth keeping (the ones OData, CORS and Microsoft's clients care about).
const KEPT_HEADERS: &[&str] = &[
    "accept",
    "authorization",
    "consistency",
    "consistencylevel",
    "content-type",
    "if-match",
    "if-none-match",
    "mscrm.solutionuniquename",
    "odata-maxversion",
    "odata-version",
    "origin",
    "prefer",
    "client-request-id",
    "access-control-request-method",
    "access-control-request-headers",
];

/// Marks a response produced by a fault switch (see `crate::faults`); the journal records it.
#[derive(Clone, Debug)]
pub struct FaultApplied(pub String);

/// One request seen by the emulator.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Sequence number (increasing; survives the dropping of old entries).
    pub seq: u64,
    /// Emulator clock (Unix seconds).
    pub at: i64,
    /// HTTP method.
    pub method: String,
    /// Which emulated host answered (`login`, `graph`, `globaldisco`, `crm:contoso`, `app`, …).
    pub host: String,
    /// Absolute URL (the host's public base URL, path, redacted query).
    pub url: String,
    /// Path.
    pub path: String,
    /// Query string with secret-bearing values replaced by `REDACTED`.
    pub query: String,
    /// Selected request headers (lowercase names); `authorization` keeps only its scheme.
    pub headers: BTreeMap<String, String>,
    /// Whether an `Authorization` header was present.
    pub authorization: bool,
    /// The `Origin` header, if any.
    pub origin: Option<String>,
    /// The request body, redacted and cut at [`BODY_CAP`] bytes; `None` when empty.
    pub body: Option<String>,
    /// Response status (0 when a fault dropped the connection without a response).
    pub status: u16,
    /// The fault switch that produced the response, if any (`latency`, `status 429`, `drop`).
    pub fault: Option<String>,
    /// Time spent answering, in milliseconds (latency faults included).
    pub duration_ms: u64,
}

impl JournalEntry {
    fn weight(&self) -> usize {
        200 + self.url.len()
            + self.body.as_ref().map_or(0, String::len)
            + self
                .headers
                .iter()
                .map(|(k, v)| k.len() + v.len())
                .sum::<usize>()
    }
}

/// The bounded store of entries.
#[derive(Debug, Default)]
pub struct Journal {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: VecDeque<JournalEntry>,
    bytes: usize,
    next_seq: u64,
}

impl Journal {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends an entry (its `seq` is assigned here), dropping the oldest beyond the bounds.
    pub fn record(&self, mut entry: JournalEntry) {
        let mut j = self.lock();
        j.next_seq += 1;
        entry.seq = j.next_seq;
        j.bytes += entry.weight();
        j.entries.push_back(entry);
        while j.entries.len() > MAX_ENTRIES || (j.bytes > MAX_BYTES && j.entries.len() > 1) {
            if let Some(old) = j.entries.pop_front() {
                j.bytes -= old.weight();
            }
        }
    }

    /// A copy of the entries, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.lock().entries.iter().cloned().collect()
    }

    /// Forgets every entry (sequence numbers keep increasing).
    pub fn clear(&self) {
        let mut j = self.lock();
        j.entries.clear();
        j.bytes = 0;
    }
}

/// Replaces secret values in a query string or form body.
pub fn redact_form(text: &str) -> String {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| {
            let v = if is_secret(&k) {
                "REDACTED".to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn is_secret(name: &str) -> bool {
    SECRET_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

fn redact_json(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if is_secret(k) && !val.is_null() {
                    *val = Value::String("REDACTED".into());
                } else {
                    redact_json(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// The journal's form of a request body: redacted, cut at [`BODY_CAP`].
pub fn redact_body(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let text = if let Ok(mut json) = serde_json::from_slice::<Value>(body) {
        redact_json(&mut json);
        json.to_string()
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        redact_form(&String::from_utf8_lossy(body))
    } else {
        let lossy = String::from_utf8_lossy(body);
        let lower = lossy.to_ascii_lowercase();
        if lower.contains("secrettext")
            || lower.contains("client_secret")
            || lower.contains("password")
        {
            return Some(format!("REDACTED ({} bytes)", body.len()));
        }
        lossy.into_owned()
    };
    Some(cut(text))
}

fn cut(mut text: String) -> String {
    if text.len() > BODY_CAP {
        let mut end = BODY_CAP;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("…(truncated)");
    }
    text
}

pub(crate) fn kept_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for name in KEPT_HEADERS {
        let Some(v) = headers.get(*name).and_then(|v| v.to_str().ok()) else {
            continue;
        };
        let v = if *name == "authorization" {
            match v.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} REDACTED"),
                None => "REDACTED".into(),
            }
        } else {
            v.to_string()
        };
        out.insert(name.to_string(), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bodies_lose_their_secrets() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let b = redact_body(
            &h,
            br#"{"passwordCredential":{"displayName":"x"},"secretText":"abc~123","nested":[{"client_secret":"s"}]}"#,
        )
        .unwrap();
        assert!(!b.contains("abc~123") && !b.contains("\"s\""), "{b}");
        assert!(b.contains("\"displayName\":\"x\""));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let b = redact_body(
            &h,
            b"grant_type=client_credentials&client_secret=hunter2&scope=x",
        )
        .unwrap();
        assert_eq!(
            b,
            "grant_type=client_credentials&client_secret=REDACTED&scope=x"
        );
        h.remove(header::CONTENT_TYPE);
        let b = redact_body(&h, b"<xml secretText=1>").unwrap();
        assert!(b.starts_with("REDACTED"), "{b}");
        assert_eq!(redact_body(&h, b""), None);
    }

    #[test]
    fn the_journal_stays_bounded() {
        let j = Journal::default();
        let entry = |n: usize| JournalEntry {
            seq: 0,
            at: 0,
            method: "POST".into(),
            host: "crm:contoso".into(),
            url: "http://x".into(),
            path: "/".into(),
            query: String::new(),
            headers: BTreeMap::new(),
            authorization: false,
            origin: None,
            body: Some("x".repeat(n)),
            status: 204,
            fault: None,
            duration_ms: 0,
        };
        for _ in 0..MAX_ENTRIES + 10 {
            j.record(entry(1));
        }
        let all = j.entries();
        assert_eq!(all.len(), MAX_ENTRIES);
        assert_eq!(all[0].seq, 11);
        for _ in 0..MAX_BYTES / BODY_CAP + 10 {
            j.record(entry(BODY_CAP));
        }
        let bytes: usize = j.entries().iter().map(JournalEntry::weight).sum();
        assert!(bytes <= MAX_BYTES, "{bytes}");
        j.clear();
        assert!(j.entries().is_empty());
    }

    #[test]
    fn authorization_keeps_only_its_scheme() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer eyJ.secret.sig"),
        );
        h.insert("prefer", HeaderValue::from_static("return=representation"));
        h.insert("x-other", HeaderValue::from_static("dropped"));
        let kept = kept_headers(&h);
        assert_eq!(kept["authorization"], "Bearer REDACTED");
        assert_eq!(kept["prefer"], "return=representation");
        assert!(!kept.contains_key("x-other"));
    }
}
