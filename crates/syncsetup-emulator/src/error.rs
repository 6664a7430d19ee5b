//! Errors in Microsoft's own wire shapes. `EmulatorError: IntoResponse` renders Entra's OAuth error
//! JSON (`error`, `error_description` with the `AADSTS` code and the trace/correlation/timestamp
//! trailer, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`), Entra's HTML
//! error page (for authorize errors that must not redirect, such as a redirect URI mismatch),
//! and Graph's `{"error":{"code","message","innerError"}}` body. Trace ids and timestamps are
//! filled in when the error is built, from the emulator clock, so the conversion itself has no
//! side effects.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

/// An Entra (AADSTS) error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntraError {
    /// HTTP status (400, or 401 for `invalid_client`).
    pub status: StatusCode,
    /// OAuth `error` value, e.g. `invalid_grant`.
    pub error: &'static str,
    /// The AADSTS number, e.g. 54005.
    pub code: u32,
    /// The text after `AADSTSnnnn: `.
    pub message: String,
    /// Entra's optional `suberror` (e.g. `consent_required`).
    pub suberror: Option<&'static str>,
    /// `timestamp` (Entra format).
    pub timestamp: String,
    /// `trace_id`.
    pub trace_id: String,
    /// `correlation_id`.
    pub correlation_id: String,
}

impl EntraError {
    /// The full `error_description`, including Entra's trailer lines.
    pub fn description(&self) -> String {
        format!(
            "AADSTS{}: {}\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}",
            self.code, self.message, self.trace_id, self.correlation_id, self.timestamp
        )
    }

    /// With a `suberror`.
    pub fn with_suberror(mut self, suberror: &'static str) -> Self {
        self.suberror = Some(suberror);
        self
    }

    /// The JSON body of the token (and discovery) endpoints.
    pub fn json_body(&self) -> serde_json::Value {
        let mut body = json!({
            "error": self.error,
            "error_description": self.description(),
            "error_codes": [self.code],
            "timestamp": self.timestamp,
            "trace_id": self.trace_id,
            "correlation_id": self.correlation_id,
            "error_uri": format!("https://login.microsoftonline.com/error?code={}", self.code),
        });
        if let Some(sub) = self.suberror {
            body["suberror"] = json!(sub);
        }
        body
    }
}

/// A Graph error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphError {
    /// HTTP status.
    pub status: StatusCode,
    /// Graph `error.code`, e.g. `InvalidAuthenticationToken`.
    pub code: &'static str,
    /// `error.message`.
    pub message: String,
    /// `innerError.date`.
    pub date: String,
    /// `innerError.request-id` (also sent as the `request-id` header).
    pub request_id: String,
    /// `innerError.client-request-id` (echoes the request header when given).
    pub client_request_id: String,
    /// `error.details`: `{code, message, target}` objects directory errors add (e.g.
    /// `NoBackingApplicationObject`); omitted when empty.
    pub details: Vec<serde_json::Value>,
}

impl GraphError {
    /// With one more `details` entry.
    pub fn with_detail(mut self, code: &str, target: &str) -> Self {
        self.details
            .push(json!({"code": code, "message": self.message, "target": target}));
        self
    }
}

/// Every error an emulator route can answer with.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// Entra OAuth error as JSON.
    #[error("AADSTS{}: {}", .0.code, .0.message)]
    Entra(EntraError),
    /// Entra error as the HTML error page a browser shows (no redirect back to the app).
    #[error("AADSTS{}: {} (error page)", .0.code, .0.message)]
    EntraPage(EntraError),
    /// Graph error JSON.
    #[error("Graph {}: {}", .0.code, .0.message)]
    Graph(GraphError),
    /// A host or path the emulator does not serve.
    #[error("not found: {0}")]
    NotFound(String),
}

impl IntoResponse for EmulatorError {
    fn into_response(self) -> Response {
        match self {
            EmulatorError::Entra(e) => {
                let mut res = (e.status, axum::Json(e.json_body())).into_response();
                // Entra never lets error bodies be cached.
                res.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store, no-cache"),
                );
                res
            }
            EmulatorError::EntraPage(e) => {
                (StatusCode::BAD_REQUEST, Html(error_page(&e))).into_response()
            }
            EmulatorError::Graph(e) => {
                let mut body = json!({
                    "error": {
                        "code": e.code,
                        "message": e.message,
                        "innerError": {
                            "date": e.date,
                            "request-id": e.request_id,
                            "client-request-id": e.client_request_id,
                        }
                    }
                });
                if !e.details.is_empty() {
                    body["error"]["details"] = json!(e.details);
                }
                let mut res = (e.status, axum::Json(body)).into_response();
                let headers = res.headers_mut();
                for (name, value) in [
                    ("request-id", &e.request_id),
                    ("client-request-id", &e.client_request_id),
                ] {
                    if let Ok(v) = HeaderValue::from_str(value) {
                        headers.insert(name, v);
                    }
                }
                if e.status == StatusCode::UNAUTHORIZED {
                    // Graph names the scheme it expects, like any bearer-token API (RFC 6750 §3).
                    headers.insert(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static("Bearer realm=\"\", error=\"invalid_token\""),
                    );
                }
                res
            }
            EmulatorError::NotFound(message) => (
                StatusCode::NOT_FOUND,
                axum::Json(json!({"error": {"code": "NotFound", "message": message}})),
            )
                .into_response(),
        }
    }
}

impl From<GraphError> for EmulatorError {
    fn from(e: GraphError) -> Self {
        EmulatorError::Graph(e)
    }
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Entra's "Sorry, but we're having trouble signing you in." page.
fn error_page(e: &EntraError) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title>
<link rel="icon" href="data:,"><style>{css}</style></head>
<body><main class="card">
<p class="brand">Microsoft (emulated)</p>
<h1>Sign in</h1>
<p>Sorry, but we’re having trouble signing you in.</p>
<p id="error" class="error">AADSTS{code}: {message}</p>
<details open><summary>Troubleshooting details</summary>
<p>Error code: <span id="error-code">AADSTS{code}</span> ({error})<br>
Request Id: {trace}<br>Correlation Id: {corr}<br>Timestamp: {ts}</p></details>
</main></body></html>"#,
        css = PAGE_CSS,
        code = e.code,
        message = html_escape(&e.message),
        error = e.error,
        trace = e.trace_id,
        corr = e.correlation_id,
        ts = e.timestamp,
    )
}

/// Shared style of the emulator's HTML pages (sign-in and error pages).
pub const PAGE_CSS: &str = "body{font-family:'Segoe UI',system-ui,sans-serif;background:#f2f2f2;margin:0;\
display:flex;justify-content:center;padding-top:8vh}.card{background:#fff;width:440px;max-width:92vw;\
padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}.brand{color:#737373;font-weight:600;margin:0 0 16px}\
h1{font-size:24px;font-weight:600;margin:0 0 16px}.error{color:#e81123}button{display:block;width:100%;\
text-align:left;padding:12px;margin:8px 0;border:1px solid #ccc;background:#fff;font-size:15px;cursor:pointer}\
button:hover{background:#f2f2f2}button.hint{border-color:#0067b8}#cancel{text-align:center;background:#ccc}\
.upn{display:block;font-size:13px;color:#444}.role{display:block;color:#737373;font-size:13px}\
details{color:#737373;font-size:13px;margin-top:24px}";
