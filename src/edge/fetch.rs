//! The core's `HttpClient` over the browser's `fetch`, via gloo-net.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use syncsetup_core::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};

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
