//! Test and demo controls under `/_emulator/*`, a prefix no Microsoft service uses, served on
//! every host: move the emulator clock forward (expiry tests), read the request journal (later
//! "does the app leak tokens" tests), reset all issued codes and tokens, and describe the running
//! emulator. They are kept apart from the real endpoint handlers so the emulated surface stays
//! exactly Microsoft's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tower_http::cors::CorsLayer;

use crate::scenario::demo;
use crate::state::AppState;

/// Routes under `/_emulator`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/clock/advance", post(advance_clock))
        .route("/clock", get(clock))
        .route("/journal", get(journal))
        .route("/reset", post(reset))
        .route("/info", get(info))
        // Test pages in a browser may drive the controls too.
        .layer(CorsLayer::permissive())
        .with_state(state)
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance_clock(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Advance>(&body) {
        Ok(Advance { seconds }) => {
            let offset = state.advance_clock(seconds);
            Json(json!({"offsetSeconds": offset, "now": state.now()})).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("expected JSON {{\"seconds\": <integer>}}: {e}")})),
        )
            .into_response(),
    }
}

async fn clock(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!({"offsetSeconds": state.clock_offset(), "now": state.now()}))
}

async fn journal(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!(state.journal()))
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

async fn info(State(state): State<AppState>) -> Json<serde_json::Value> {
    let s = &state.scenario;
    let hosts = &state.hosts;
    Json(json!({
        "scenario": s.name,
        "hosts": {"app": hosts.app, "login": hosts.login, "graph": hosts.graph, "globaldisco": hosts.globaldisco},
        "tenantId": s.tenant.id,
        "tenantName": s.tenant.display_name,
        "clientId": demo::CLIENT_ID,
        "users": s.users.iter().map(|u| json!({
            "upn": u.upn, "displayName": u.display_name, "id": u.oid, "roles": u.roles,
        })).collect::<Vec<_>>(),
        "apps": s.apps.iter().map(|a| json!({
            "clientId": a.client_id,
            "displayName": a.display_name,
            "spaRedirectUris": a.spa_redirect_uris,
            "webRedirectUris": a.web_redirect_uris,
            "publicClientRedirectUris": a.public_client_redirect_uris,
        })).collect::<Vec<_>>(),
    }))
}
