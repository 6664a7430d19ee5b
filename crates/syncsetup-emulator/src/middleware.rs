//! The two layers around every service route: the fault layer (inside) answers or delays as the
//! test's fault rules say, in each service's own error shape; the journal (outside, so faulted
//! answers are recorded too) records each request with its secrets redacted. They live above
//! `state` — `journal` and `faults` hold only the data — so nothing below the application state
//! names it.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::EmulatorError;
use crate::faults::ConnKill;
use crate::journal::{
    kept_headers, redact_body, redact_form, FaultApplied, JournalEntry, MAX_REQUEST_BODY,
};
use crate::state::AppState;
use crate::HostKind;

/// Journals every request outside `/_emulator/*` (outermost layer, so faults are recorded too).
pub async fn journal(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/_emulator") {
        return next.run(req).await;
    }
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request body is larger than the emulator accepts.",
            )
                .into_response()
        }
    };
    let authority = crate::request_authority(&parts.uri, &parts.headers);
    let kind = state.hosts.classify(&authority);
    let base = state
        .hosts
        .base_of(&kind)
        .unwrap_or_else(|| format!("http://{authority}"));
    let path = parts.uri.path().to_string();
    let query = redact_form(parts.uri.query().unwrap_or(""));
    let url = if query.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{query}")
    };
    let mut entry = JournalEntry {
        seq: 0,
        at: state.now(),
        method: parts.method.to_string(),
        host: kind.label(),
        url,
        path,
        query,
        headers: kept_headers(&parts.headers),
        authorization: parts.headers.contains_key(header::AUTHORIZATION),
        origin: parts
            .headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .map(str::to_string),
        body: redact_body(&parts.headers, &bytes),
        status: 0,
        fault: None,
        duration_ms: 0,
    };
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let fault = res.extensions().get::<FaultApplied>().map(|f| f.0.clone());
    entry.status = if fault.as_deref() == Some("drop") {
        0
    } else {
        res.status().as_u16()
    };
    entry.fault = fault;
    entry.duration_ms = started.elapsed().as_millis() as u64;
    state.record(entry);
    res
}

/// The response a faulted service gives, in its own error shape.
fn fault_response(
    state: &AppState,
    kind: &HostKind,
    status: u16,
    retry_after: Option<u64>,
) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut res = match kind {
        HostKind::Crm(_) | HostKind::GlobalDisco => {
            let (c, m) = match status {
                429 => (
                    "0x80072322",
                    "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
                ),
                503 => ("", "The service is temporarily unavailable. Please try again later."),
                _ => ("", "An error occurred (emulated fault)."),
            };
            crate::dataverse::json_response(code, &json!({"error": {"code": c, "message": m}}))
        }
        HostKind::Graph => {
            let (c, m) = match status {
                429 => ("TooManyRequests", "Please retry again later."),
                503 => (
                    "serviceNotAvailable",
                    "The service is temporarily unavailable. Please try again later.",
                ),
                _ => ("generalException", "An error occurred (emulated fault)."),
            };
            let mut e = state.graph_error(code, c, m, None);
            e.status = code;
            EmulatorError::Graph(e).into_response()
        }
        HostKind::Login => {
            let mut e = state.entra_error(
                "temporarily_unavailable",
                90033,
                "A transient error has occurred. Please try again.",
            );
            e.status = code;
            EmulatorError::Entra(e).into_response()
        }
        _ => (code, "Emulated fault.").into_response(),
    };
    *res.status_mut() = code;
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// Applies fault rules to every request outside `/_emulator/*`.
pub async fn faults(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if req.uri().path().starts_with("/_emulator") || preflight {
        return next.run(req).await;
    }
    let kind = state
        .hosts
        .classify(&crate::request_authority(req.uri(), req.headers()));
    let d = state
        .faults
        .decide(&kind.label(), req.method(), req.uri().path());
    if d.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(d.latency_ms)).await;
    }
    let origin = req.headers().contains_key(header::ORIGIN);
    if d.drop_after {
        let kill = req
            .extensions()
            .get::<ConnectInfo<ConnKill>>()
            .map(|ConnectInfo(k)| k.clone());
        let mut r = next.run(req).await;
        if let Some(kill) = kill {
            kill.0.store(true, Ordering::SeqCst);
        }
        r.extensions_mut()
            .insert(FaultApplied("drop after processing".into()));
        *r.status_mut() = StatusCode::BAD_GATEWAY;
        return r;
    }
    let mut res = if d.drop {
        // With a socket the connection dies before this response is written; without one
        // (in-process tests) the 502 stands in for the missing response.
        if let Some(ConnectInfo(kill)) = req.extensions().get::<ConnectInfo<ConnKill>>() {
            kill.0.store(true, Ordering::SeqCst);
        }
        let mut r = StatusCode::BAD_GATEWAY.into_response();
        r.extensions_mut().insert(FaultApplied("drop".into()));
        return r;
    } else if let Some((status, retry_after)) = d.status {
        let mut r = fault_response(&state, &kind, status, retry_after);
        let what = if d.strip_cors {
            format!("status {status}, CORS stripped")
        } else {
            format!("status {status}")
        };
        r.extensions_mut().insert(FaultApplied(what));
        r
    } else {
        let mut r = next.run(req).await;
        let mut what = Vec::new();
        if d.latency_ms > 0 {
            what.push(format!("latency {}ms", d.latency_ms));
        }
        if d.strip_cors && (r.status().is_client_error() || r.status().is_server_error()) {
            crate::cors::strip(r.headers_mut());
            what.push("CORS stripped".into());
        }
        if !what.is_empty() {
            r.extensions_mut().insert(FaultApplied(what.join(", ")));
        }
        return r;
    };
    if origin && !d.strip_cors {
        let h = res.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        if let Some(exposed) = crate::cors::policy_of(&kind).and_then(|p| p.expose_value()) {
            if let Ok(v) = HeaderValue::from_str(&exposed) {
                h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
            }
        }
    }
    res
}
