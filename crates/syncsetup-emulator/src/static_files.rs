//! The app host: the built SPA from `--static DIR` (unknown paths that are not files fall back to
//! `index.html`, as a client-side router needs; `.wasm` goes out as `application/wasm`, which
//! streaming compilation requires) and a generated `/config.json` that points the SPA at this
//! emulator's hosts, so the demo works whatever port was picked. The generated file wins over any
//! `config.json` in DIR. Without DIR the host serves a short page saying what runs where.
//!
//! The built `index.html` carries the production Content-Security-Policy, whose `connect-src`
//! lists Microsoft's hosts only; this emulator stands in for them on loopback, so every HTML page
//! it serves gets `connect-src` rewritten to this emulator's own origins (see
//! [`with_emulator_connect_src`]). Nothing else in the page changes, so Trunk's Subresource
//! Integrity hashes — which cover the script and wasm files, not the page that names them — stay
//! valid.

use std::path::{Component, Path, PathBuf};

use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::{html_escape, PAGE_CSS};
use crate::scenario::demo;
use crate::state::AppState;

/// Routes of the app host.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/config.json", get(config_json))
        .fallback(serve)
        .with_state(state)
}

/// The SPA configuration for this emulator (MSAL-like names, see the contract's config model).
pub fn config(state: &AppState) -> serde_json::Value {
    json!({
        "clientId": demo::CLIENT_ID,
        "authority": format!("{}/{}", state.hosts.login, state.scenario.tenant.id),
        "graphBaseUrl": state.hosts.graph,
        "globalDiscoveryUrl": state.hosts.globaldisco,
        "cloud": "public",
    })
}

async fn config_json(State(state): State<AppState>) -> Response {
    let mut res = Json(config(&state)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path to a file under `root`, refusing anything that could leave it.
fn file_under(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let mut out = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// The origins the SPA fetches from when this emulator serves it: its own, Entra ID, Graph,
/// Global Discovery and the Dataverse orgs (`*.crm.localhost` on the one port, or each org's own
/// port) — the loopback stand-ins of what the shipped policy lists.
fn connect_origins(state: &AppState) -> Vec<String> {
    let hosts = &state.hosts;
    let mut origins = vec![
        "'self'".to_owned(),
        hosts.login.clone(),
        hosts.graph.clone(),
        hosts.globaldisco.clone(),
    ];
    origins.extend(hosts.crm.iter().map(|(_, url)| url.clone()));
    if let Some(any_org) = hosts.crm_org("*") {
        origins.push(any_org);
    }
    origins.dedup();
    origins
}

/// `html` with the `connect-src` of its Content-Security-Policy `<meta>` replaced by
/// `origins`; unchanged when it has none (the info page, an app without a policy). The tag is
/// found by what it says, not by its spelling: Trunk's release build minifies the page, which
/// reorders attributes and drops the quotes it can.
pub fn with_emulator_connect_src(html: &str, origins: &[String]) -> String {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<meta") {
        let tag_start = from + offset;
        let Some(tag_len) = html[tag_start..].find('>') else {
            break;
        };
        let tag_end = tag_start + tag_len;
        let tag = &html[tag_start..tag_end];
        if tag.to_ascii_lowercase().contains("content-security-policy") {
            if let Some(at) = tag.find("connect-src") {
                let start = tag_start + at;
                let end = html[start..tag_end]
                    .find([';', '"'])
                    .map_or(tag_end, |len| start + len);
                return format!(
                    "{}connect-src {}{}",
                    &html[..start],
                    origins.join(" "),
                    &html[end..]
                );
            }
        }
        from = tag_end;
    }
    html.to_owned()
}

async fn read_file(state: &AppState, path: &Path) -> Option<Response> {
    let mut bytes = tokio::fs::read(path).await.ok()?;
    if content_type(path).starts_with("text/html") {
        if let Ok(html) = std::str::from_utf8(&bytes) {
            bytes = with_emulator_connect_src(html, &connect_origins(state)).into_bytes();
        }
    }
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // The demo is rebuilt often; never let a stale bundle confuse anyone.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(res)
}

async fn serve(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(root) = state.static_dir.clone() else {
        return if uri.path() == "/" {
            Html(info_page(&state)).into_response()
        } else {
            (
                StatusCode::NOT_FOUND,
                "No --static directory is served by this emulator.",
            )
                .into_response()
        };
    };
    let Some(mut path) = file_under(&root, uri.path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if path.is_dir() {
        path.push("index.html");
    }
    if let Some(res) = read_file(&state, &path).await {
        return res;
    }
    // A path without an extension is a client-side route: hand out the SPA shell.
    let looks_like_file = Path::new(uri.path()).extension().is_some();
    if !looks_like_file {
        if let Some(res) = read_file(&state, &root.join("index.html")).await {
            return res;
        }
    }
    (StatusCode::NOT_FOUND, format!("{} not found", uri.path())).into_response()
}

fn info_page(state: &AppState) -> String {
    let rows: String = state
        .hosts
        .named()
        .iter()
        .map(|(name, url)| format!("<li>{name}: <code>{}</code></li>", html_escape(url)))
        .collect();
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>syncsetup emulator</title>
<link rel="icon" href="data:,"><style>{PAGE_CSS}</style></head><body><main class="card">
<h1>syncsetup emulator</h1><p>Scenario <strong>{scenario}</strong>. No SPA is served here (start with
<code>--static DIR</code>); <a href="/config.json">config.json</a> is.</p><ul>{rows}</ul>
<p>Sign in as {admin} ({upn}), Global Administrator.</p></main></body></html>"#,
        scenario = html_escape(&state.scenario.name),
        admin = demo::ADMIN_NAME,
        upn = demo::ADMIN_UPN,
    )
}
