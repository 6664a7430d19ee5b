//! A local emulator of the Microsoft cloud endpoints the Sync Setup page talks to — Entra ID v2
//! (discovery, keys, authorize with a small sign-in page, token: authorization code with PKCE,
//! refresh, client credentials and Marketo's password grant), Microsoft Graph v1.0, Global
//! Discovery and the Dataverse Web API v9.2 — strict by default: it refuses what Microsoft refuses
//! (unknown or read-only properties against Microsoft's published schemas, headers a CORS
//! preflight would refuse, wrong casing, wrong entity sets) and answers in each service's own
//! error shape, every rule citing its source (the crate README's Strictness table). It is an
//! independent reading of Microsoft's documentation, sharing no wire types with the page: the test
//! bed of every host flow and browser journey, and the `make demo` backend, with named scenarios
//! (`scenario`). Every emulated service is its own origin, as in the real cloud: one port routed
//! by `Host` (`login.localhost:P`, `graph.localhost:P`, …, which browsers and curl resolve to
//! loopback) or, with [`Options::per_host_ports`], one `127.0.0.1` port per service for clients
//! whose resolver does not know `*.localhost` (Python, MSAL Python). [`app`] builds the router
//! (socket-free tests use it with `oneshot`); [`spawn`] binds it for real.
pub mod clock;
pub mod control;
pub mod cors;
pub mod dataverse;
pub mod directory;
pub mod discovery;
pub mod entra;
pub mod error;
pub mod faults;
pub mod graph;
pub mod journal;
pub mod jwt;
pub mod middleware;
pub mod odata_lex;
pub mod resources;
pub mod scenario;
pub mod state;
pub mod static_files;
pub mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt as _;

pub use error::EmulatorError;
pub use scenario::Scenario;
pub use state::AppState;

/// Public base URL (scheme, host, port; no trailing slash) of each emulated host. Issuer URLs,
/// endpoints in the discovery document, redirect URIs and `config.json` are all derived from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hosts {
    /// The SPA's own origin (static files and the generated `config.json`).
    pub app: String,
    /// Entra ID (`login.microsoftonline.com`).
    pub login: String,
    /// Microsoft Graph (`graph.microsoft.com`).
    pub graph: String,
    /// Global Discovery Service (`globaldisco.crm.dynamics.com`).
    pub globaldisco: String,
    /// Dataverse environments with a port of their own (per-host-ports mode): URL name and base
    /// URL. Empty in single-port mode, where every org is `<org>.crm.localhost` on the one port.
    pub crm: Vec<(String, String)>,
}

impl Hosts {
    /// All hosts on one port, told apart by `Host`: `{scheme}://login.localhost:{port}`, ….
    pub fn single_port(scheme: &str, port: u16) -> Self {
        let at = |name: &str| format!("{scheme}://{name}.localhost:{port}");
        Hosts {
            app: at("app"),
            login: at("login"),
            graph: at("graph"),
            globaldisco: at("globaldisco"),
            crm: Vec::new(),
        }
    }

    /// One `127.0.0.1` port per host.
    pub fn per_host(scheme: &str, app: u16, login: u16, graph: u16, globaldisco: u16) -> Self {
        let at = |port: u16| format!("{scheme}://127.0.0.1:{port}");
        Hosts {
            app: at(app),
            login: at(login),
            graph: at(graph),
            globaldisco: at(globaldisco),
            crm: Vec::new(),
        }
    }

    /// With per-host ports, gives Dataverse environment `org` the port `port`.
    pub fn with_org_port(mut self, org: &str, port: u16) -> Self {
        let scheme = url::Url::parse(&self.app)
            .map(|u| u.scheme().to_string())
            .unwrap_or_else(|_| "http".into());
        self.crm.push((
            org.to_ascii_lowercase(),
            format!("{scheme}://127.0.0.1:{port}"),
        ));
        self
    }

    /// Public base URL of the host a request was classified as.
    pub fn base_of(&self, kind: &HostKind) -> Option<String> {
        match kind {
            HostKind::App => Some(self.app.clone()),
            HostKind::Login => Some(self.login.clone()),
            HostKind::Graph => Some(self.graph.clone()),
            HostKind::GlobalDisco => Some(self.globaldisco.clone()),
            HostKind::Crm(org) => self.crm_org(org),
            HostKind::Unknown => None,
        }
    }

    /// Base URL of the Dataverse org `org`: `{scheme}://{org}.crm.localhost:{port}` in
    /// single-port mode, the org's own `127.0.0.1` port with per-host ports (if it was given one).
    pub fn crm_org(&self, org: &str) -> Option<String> {
        if let Some((_, url)) = self.crm.iter().find(|(o, _)| o.eq_ignore_ascii_case(org)) {
            return Some(url.clone());
        }
        let url = url::Url::parse(&self.app).ok()?;
        let host = url.host_str()?;
        host.ends_with(".localhost").then(|| {
            format!(
                "{}://{org}.crm.localhost:{}",
                url.scheme(),
                url.port_or_known_default().unwrap_or(80)
            )
        })
    }

    /// The `(name, base URL)` pairs, in a stable order.
    pub fn named(&self) -> [(&'static str, &str); 4] {
        [
            ("app", &self.app),
            ("login", &self.login),
            ("graph", &self.graph),
            ("globaldisco", &self.globaldisco),
        ]
    }

    /// Which emulated host a request's authority (`host[:port]`) addresses.
    pub fn classify(&self, authority: &str) -> HostKind {
        let (host, port) = split_authority(authority);
        let kind_of = |name: &str| match name {
            "app" => HostKind::App,
            "login" => HostKind::Login,
            "graph" => HostKind::Graph,
            _ => HostKind::GlobalDisco,
        };
        let mut by_port = Vec::new();
        for (name, base) in self.named() {
            let Ok(url) = url::Url::parse(base) else {
                continue;
            };
            let base_port = url.port_or_known_default();
            let same_port = port.or(default_port(url.scheme())) == base_port;
            if url.host_str() == Some(host.as_str()) && same_port {
                return kind_of(name);
            }
            if same_port {
                by_port.push(name);
            }
        }
        // An org with a port of its own (per-host ports), reached by `127.0.0.1` or `localhost`.
        for (org, base) in &self.crm {
            let Ok(url) = url::Url::parse(base) else {
                continue;
            };
            let loopback = matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]");
            if loopback && port.or(default_port(url.scheme())) == url.port_or_known_default() {
                return HostKind::Crm(org.clone());
            }
        }
        // `*.localhost` names work whatever the port (e.g. behind a dev proxy).
        if let Some(label) = host.strip_suffix(".localhost") {
            if let Some(org) = label.strip_suffix(".crm") {
                return HostKind::Crm(org.to_string());
            }
            if matches!(label, "app" | "login" | "graph" | "globaldisco") {
                return kind_of(label);
            }
        }
        // Per-host-port mode reached as `localhost:P` instead of `127.0.0.1:P`.
        match by_port.as_slice() {
            [only] if host == "localhost" || host == "127.0.0.1" || host == "[::1]" => {
                kind_of(only)
            }
            _ => HostKind::Unknown,
        }
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

/// Lowercase host and optional port of an authority.
fn split_authority(authority: &str) -> (String, Option<u16>) {
    let authority = authority.trim().to_ascii_lowercase();
    if authority.starts_with('[') {
        if let Some(end) = authority.find(']') {
            let port = authority[end + 1..]
                .strip_prefix(':')
                .and_then(|p| p.parse().ok());
            return (authority[..=end].to_string(), port);
        }
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h.to_string(), p.parse().ok()),
        _ => (authority, None),
    }
}

/// An emulated host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// The SPA's origin.
    App,
    /// Entra ID.
    Login,
    /// Microsoft Graph.
    Graph,
    /// Global Discovery.
    GlobalDisco,
    /// A Dataverse org (`<org>.crm.localhost`).
    Crm(String),
    /// None of the above.
    Unknown,
}

impl HostKind {
    /// Short name used in the journal.
    pub fn label(&self) -> String {
        match self {
            HostKind::App => "app".into(),
            HostKind::Login => "login".into(),
            HostKind::Graph => "graph".into(),
            HostKind::GlobalDisco => "globaldisco".into(),
            HostKind::Crm(org) => format!("crm:{org}"),
            HostKind::Unknown => "unknown".into(),
        }
    }
}

/// The authority a request was sent to: the URI's (HTTP/2 `:authority`) or the `Host` header.
pub(crate) fn request_authority(uri: &Uri, headers: &axum::http::HeaderMap) -> String {
    uri.authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// The per-host routers that [`app`] dispatches to.
#[derive(Clone)]
struct HostRouters {
    login: Router,
    graph: Router,
    globaldisco: Router,
    crm: Router,
    app: Router,
}

/// The whole emulator as one router: `/_emulator/*` on every host, everything else dispatched by
/// the host the request addresses.
pub fn app(state: AppState) -> Router {
    let routers = HostRouters {
        login: entra::router(state.clone()),
        graph: graph::router(state.clone()),
        globaldisco: discovery::router(state.clone()),
        crm: dataverse::router(state.clone()),
        app: static_files::router(state.clone()),
    };
    let dispatch_state = state.clone();
    Router::new()
        .nest("/_emulator", control::router(state.clone()))
        .fallback(move |req: Request| dispatch(dispatch_state.clone(), routers.clone(), req))
        // Faults act inside the journal, so that faulted answers are journaled too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::faults,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            middleware::journal,
        ))
}

async fn dispatch(state: AppState, routers: HostRouters, req: Request) -> Response {
    let authority = request_authority(req.uri(), req.headers());
    let router = match state.hosts.classify(&authority) {
        HostKind::Login => routers.login,
        HostKind::Graph => routers.graph,
        HostKind::GlobalDisco => routers.globaldisco,
        HostKind::Crm(_) => routers.crm,
        HostKind::App => routers.app,
        HostKind::Unknown => {
            let known: Vec<String> = state
                .hosts
                .named()
                .iter()
                .map(|(n, u)| format!("{n}: {u}"))
                .collect();
            return EmulatorError::NotFound(format!(
                "Unknown host '{authority}'. This emulator serves {}.",
                known.join(", ")
            ))
            .into_response();
        }
    };
    match router.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

/// How to start an emulator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Port of the app host (and of every host in single-port mode); 0 picks a free one.
    pub port: u16,
    /// Scenario name (see [`Scenario::names`]).
    pub scenario: String,
    /// Directory of the built SPA to serve on the app host.
    pub static_dir: Option<PathBuf>,
    /// One `127.0.0.1` port per host instead of `Host` routing on one port.
    pub per_host_ports: bool,
    /// Serve HTTPS with a certificate generated at start (see [`Running::ca_pem`]).
    pub tls: bool,
    /// Extra `spa` redirect URIs for the tool's app registration (e.g. a `trunk serve` origin).
    pub extra_spa_redirect_uris: Vec<String>,
    /// Fault rules in force from the start (`--fault`, `--latency`).
    pub faults: Vec<faults::FaultSpec>,
    /// Replication lag of new applications and service principals, in seconds.
    pub replication_lag_secs: Option<u64>,
    /// Lifetime of issued access tokens, in seconds (default one hour).
    pub access_token_lifetime_secs: Option<i64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            scenario: scenario::demo::NAME.into(),
            static_dir: None,
            per_host_ports: false,
            tls: false,
            extra_spa_redirect_uris: Vec::new(),
            faults: Vec::new(),
            replication_lag_secs: None,
            access_token_lifetime_secs: None,
        }
    }
}

/// Why [`spawn`] failed.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    /// No scenario of that name.
    #[error("unknown scenario '{0}' (known: {known})", known = Scenario::names().join(", "))]
    UnknownScenario(String),
    /// Binding a port failed.
    #[error("cannot listen on 127.0.0.1: {0}")]
    Io(#[from] std::io::Error),
    /// Generating the TLS certificate failed.
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    /// A fault rule or setting is invalid.
    #[error("invalid fault setting: {0}")]
    Fault(String),
}

/// A running emulator. Dropping it stops the servers (without waiting); [`Running::stop`] waits.
pub struct Running {
    /// Base URL of every host.
    pub hosts: Hosts,
    /// The shared state (clock, journal, …), for in-process tests.
    pub state: AppState,
    /// Bound addresses, by host name (`all` in single-port mode; `crm` for each Dataverse
    /// environment with its own port).
    pub addrs: Vec<(&'static str, SocketAddr)>,
    /// PEM of the CA that signed the TLS certificate, when serving HTTPS.
    pub ca_pem: Option<String>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, lets open requests finish (at most 5 s), and returns.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// Binds the emulator on 127.0.0.1 and serves it in background tasks.
pub async fn spawn(options: Options) -> Result<Running, SpawnError> {
    let scheme = if options.tls { "https" } else { "http" };
    let mut listeners: Vec<(&'static str, TcpListener)> = Vec::new();
    let hosts = if options.per_host_ports {
        for (name, port) in [
            ("app", options.port),
            ("login", 0),
            ("graph", 0),
            ("globaldisco", 0),
        ] {
            listeners.push((name, TcpListener::bind(("127.0.0.1", port)).await?));
        }
        let port = |i: usize| listeners[i].1.local_addr().map(|a| a.port());
        let mut hosts = Hosts::per_host(scheme, port(0)?, port(1)?, port(2)?, port(3)?);
        // Each Dataverse environment of the starting scenario is its own origin too.
        for org in dataverse::seed::org_names(&options.scenario) {
            let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
            hosts = hosts.with_org_port(&org, listener.local_addr()?.port());
            listeners.push(("crm", listener));
        }
        hosts
    } else {
        let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
        let port = listener.local_addr()?.port();
        listeners.push(("all", listener));
        Hosts::single_port(scheme, port)
    };
    let scenario = Scenario::by_name(&options.scenario, &hosts, &options.extra_spa_redirect_uris)
        .ok_or_else(|| SpawnError::UnknownScenario(options.scenario.clone()))?;
    let state = AppState::new(hosts.clone(), scenario, options.static_dir.clone());
    for spec in &options.faults {
        state.faults.add(spec.clone()).map_err(SpawnError::Fault)?;
    }
    if let Some(lag) = options.replication_lag_secs {
        state.directory().replication_lag_secs = lag;
    }
    if let Some(secs) = options.access_token_lifetime_secs {
        if secs <= 0 {
            return Err(SpawnError::Fault(
                "the access-token lifetime must be positive".into(),
            ));
        }
        state.faults.set_token_lifetime_secs(Some(secs));
    }
    let router = app(state.clone());

    let tls = if options.tls {
        Some(tls::generate().map_err(|e| SpawnError::Tls(e.to_string()))?)
    } else {
        None
    };
    let (shutdown, _) = watch::channel(false);
    let mut addrs = Vec::new();
    let mut tasks = Vec::new();
    for (name, listener) in listeners {
        addrs.push((name, listener.local_addr()?));
        let mut stop = shutdown.subscribe();
        let signal = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        let router = router.clone();
        let task = match &tls {
            // Connections carry a kill switch so that a fault can drop them (see `faults`).
            Some(tls) => {
                let listener =
                    faults::KillableListener::new(tls::TlsListener::new(listener, tls.acceptor()));
                let service = router.into_make_service_with_connect_info::<faults::ConnKill>();
                tokio::spawn(async move {
                    let _ = axum::serve(listener, service)
                        .with_graceful_shutdown(signal)
                        .await;
                })
            }
            None => {
                let listener = faults::KillableListener::new(listener);
                let service = router.into_make_service_with_connect_info::<faults::ConnKill>();
                tokio::spawn(async move {
                    let _ = axum::serve(listener, service)
                        .with_graceful_shutdown(signal)
                        .await;
                })
            }
        };
        tasks.push(task);
    }
    Ok(Running {
        hosts,
        state,
        addrs,
        ca_pem: tls.map(|t| t.ca_pem),
        shutdown,
        tasks,
    })
}

#[cfg(test)]
mod tests;
