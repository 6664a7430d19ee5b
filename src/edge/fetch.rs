//! The core's `HttpClient` over the browser's `fetch`, via gloo-net, and a variant that a run's
//! cancel switch can stop.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use syncsetup_core::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};

use super::runtime::CancelSwitch;

/// Sends requests with `fetch`; a refused or blocked request becomes a `TransportError`.
#[derive(Clone, Copy, Default)]
pub struct Fetch;

impl HttpClient for Fetch {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let host = request.url.host_str().unwrap_or_default().to_owned();
        let failed = |detail: String| TransportError {
            host: host.clone(),
            detail,
        };
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
            Method::Patch => FetchMethod::PATCH,
            Method::Put => FetchMethod::PUT,
            Method::Delete => FetchMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(request.url.as_str()).method(method);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let prepared = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| failed(e.to_string()))?;
        let response = prepared.send().await.map_err(|e| failed(e.to_string()))?;
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response.text().await.map_err(|e| failed(e.to_string()))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// `fetch` that refuses new requests once the run is cancelled. A refused request was never
/// sent, so the engine's "re-read after a dropped connection" rule finds nothing half-done; the
/// request already in flight when Cancel is pressed completes normally.
#[derive(Clone, Default)]
pub struct CancellableFetch {
    /// The run's cancel switch.
    pub cancel: CancelSwitch,
}

impl HttpClient for CancellableFetch {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.cancel.is_cancelled() {
            return Err(TransportError {
                host: request.url.host_str().unwrap_or_default().to_owned(),
                detail: "cancelled by the administrator; not sent".to_owned(),
            });
        }
        Fetch.call(request).await
    }
}
