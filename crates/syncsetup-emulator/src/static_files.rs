//! The app host: the built SPA from `--static DIR` (unknown paths that are not files fall back to
//! `index.html`, as a client-side router needs; `.wasm` goes out as `application/wasm`, which
//! streaming compilation requires) and a generated `/config.json` that points the SPA at this
//! emulator's hosts, so the demo works whatever port was picked. The generated file wins over any
//! `config.json` in DIR. Without DIR the host serves a short page saying what runs where.

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

async fn read_file(path: &Path) -> Option<Response> {
    let bytes = tokio::fs::read(path).await.ok()?;
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
    if let Some(res) = read_file(&path).await {
        return res;
    }
    // A path without an extension is a client-side route: hand out the SPA shell.
    let looks_like_file = Path::new(uri.path()).extension().is_some();
    if !looks_like_file {
        if let Some(res) = read_file(&root.join("index.html")).await {
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
