//! HTTP as values: the seam between the pure core and whatever sends bytes.
//!
//! Modelled on the `oauth2` crate's sans-IO design: request builders in this crate return an
//! [`HttpRequest`], a caller-provided [`HttpClient`] sends it (browser `fetch` in the app, `reqwest`
//! in host flow tests, a closure in unit tests), and parsers take the [`HttpResponse`] back. The
//! `Debug` form of a request hides the `Authorization` header and any body marked sensitive, so
//! requests can be logged or previewed without leaking credentials.

use std::future::Future;

use url::Url;

/// The HTTP methods the Microsoft APIs used here need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PATCH`
    Patch,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request to send, built by the core.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL, query included.
    pub url: Url,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, if any (all bodies here are text: JSON or form-encoded).
    pub body: Option<String>,
    /// True when the body carries a credential (a code, verifier or refresh token).
    pub sensitive_body: bool,
}

impl HttpRequest {
    /// A body-less request.
    pub fn new(method: Method, url: Url) -> Self {
        Self {
            method,
            url,
            headers: Vec::new(),
            body: None,
            sensitive_body: false,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Adds `Authorization: Bearer …`.
    pub fn bearer(self, token: &crate::secret::AccessToken) -> Self {
        self.header("Authorization", format!("Bearer {}", token.secret()))
    }

    /// Sets a form-encoded body that carries a credential.
    pub(crate) fn sensitive_form(mut self, pairs: &[(&str, &str)]) -> Self {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some(body);
        self.sensitive_body = true;
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// The value of a header, compared case-insensitively.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let shown = if n.eq_ignore_ascii_case("authorization") {
                    "[redacted]"
                } else {
                    v
                };
                (n.as_str(), shown)
            })
            .collect();
        let body = match (&self.body, self.sensitive_body) {
            (Some(_), true) => Some("[redacted]"),
            (Some(b), false) => Some(b.as_str()),
            (None, _) => None,
        };
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &headers)
            .field("body", &body)
            .finish()
    }
}

/// A response as received. Its `Debug` never prints the body: a token response, an
/// `addPassword` answer or a batch part may hold a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field(
                "body",
                &format_args!("[{} bytes, not shown]", self.body.len()),
            )
            .finish()
    }
}

impl HttpResponse {
    /// The start of the body for an error report: the first 200 characters of a refusal, and
    /// never anything of a 2xx body — a success that could not be parsed may still hold tokens
    /// or a client secret (security review: secret-bearing responses are never excerpted).
    pub fn excerpt(&self) -> String {
        if self.is_success() {
            format!(
                "a {}-byte answer that is not what was expected (not shown: it may hold secrets)",
                self.body.len()
            )
        } else {
            self.body.chars().take(200).collect()
        }
    }

    /// The first 200 characters of the body, whatever the status: only for answers that can
    /// hold no secret at all — the public OpenID configuration (a captive portal's page in its
    /// place is what an admin needs to see).
    pub(crate) fn public_excerpt(&self) -> String {
        self.body.chars().take(200).collect()
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The value of a header, compared case-insensitively.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request never got an HTTP answer: offline, DNS, CORS refusal, connection reset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the request to {host} got no answer: {detail}")]
pub struct TransportError {
    /// The host that was called.
    pub host: String,
    /// What the transport reported.
    pub detail: String,
}

/// Sends a request. Implemented by the app over `fetch`, by tests over closures or `reqwest`.
///
/// Not `Send`: browser futures are single-threaded.
pub trait HttpClient {
    /// Sends one request and waits for its full response.
    fn call(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

impl<F, Fut> HttpClient for F
where
    F: Fn(HttpRequest) -> Fut,
    Fut: Future<Output = Result<HttpResponse, TransportError>>,
{
    fn call(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::AccessToken;

    #[test]
    fn debug_redacts_authorization_and_sensitive_bodies() {
        let request =
            HttpRequest::new(Method::Post, Url::parse("https://login.example/t").unwrap())
                .bearer(&AccessToken::new("tok-123"))
                .sensitive_form(&[("refresh_token", "rt-456")]);
        let shown = format!("{request:?}");
        assert!(!shown.contains("tok-123"), "{shown}");
        assert!(!shown.contains("rt-456"), "{shown}");
        assert!(shown.contains("[redacted]"));
        assert_eq!(request.body.as_deref(), Some("refresh_token=rt-456"));
    }

    #[test]
    fn a_response_never_shows_a_success_body_in_debug_or_an_excerpt() {
        let secret = HttpResponse {
            status: 200,
            headers: vec![],
            body: r#"{"secretText":"abc~very-secret","keyId":"k"}"#.into(),
        };
        assert!(!format!("{secret:?}").contains("very-secret"));
        assert!(!secret.excerpt().contains("very-secret"));
        let refusal = HttpResponse {
            status: 400,
            headers: vec![],
            body: "Bad request: the name is too long".into(),
        };
        assert_eq!(refusal.excerpt(), "Bad request: the name is too long");
        assert!(
            !format!("{refusal:?}").contains("too long"),
            "Debug shows no body at all"
        );
    }

    #[test]
    fn header_lookup_ignores_case() {
        let request = HttpRequest::new(Method::Get, Url::parse("https://x.example/").unwrap())
            .header("Accept", "application/json");
        assert_eq!(request.header_value("accept"), Some("application/json"));
        assert_eq!(request.header_value("Origin"), None);
    }
}
