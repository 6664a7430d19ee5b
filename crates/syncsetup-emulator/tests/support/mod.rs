//! Shared harness of the host flow tests: the app's core runners over real HTTP against a live
//! emulator, with everything the browser shell would provide — a `fetch`-like transport that sends
//! the page's `Origin`, a token source over the signed-in session, and a runtime whose clock is
//! the emulator's (sleeping advances it, so a five-minute replication wait takes no real time).
#![allow(dead_code)]

use std::cell::RefCell;
use std::net::SocketAddr;
use std::sync::Arc;

use syncsetup_core::auth::authorize::{self, AuthorizeOptions, SignInEntropy};
use syncsetup_core::auth::{callback, flow, AuthError};
use syncsetup_core::config::Config;
use syncsetup_core::engine::tokens::TokenSource;
use syncsetup_core::http::{HttpClient, HttpRequest, HttpResponse, TransportError};
use syncsetup_core::secret::AccessToken;
use syncsetup_core::session::{resource_of, TokenCache};
use syncsetup_core::transport::retry::RetryPolicy;
use syncsetup_core::transport::runtime::Runtime;
use syncsetup_core::transport::send::Context;
use syncsetup_emulator::{spawn, Options, Running};
use url::Url;

/// Resolves every `*.localhost` name to the emulator's loopback port, as Chromium does.
struct LocalhostResolver(SocketAddr);

impl reqwest::dns::Resolve for LocalhostResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let addr = self.0;
        let local = name.as_str() == "localhost" || name.as_str().ends_with(".localhost");
        Box::pin(async move {
            if local {
                Ok(Box::new(std::iter::once(addr)) as reqwest::dns::Addrs)
            } else {
                Err(format!(
                    "{} is not a loopback name: tests never leave this machine",
                    name.as_str()
                )
                .into())
            }
        })
    }
}

/// Sends core requests like the page's `fetch`: with its `Origin`, never following redirects,
/// and under the Fetch standard's CORS protocol (fetch.spec.whatwg.org §3.2, §4.8): a request
/// that is not CORS-safelisted is preceded by a preflight whose answer must allow its method and
/// every header; an answer without a matching `Access-Control-Allow-Origin` is a network error;
/// and only CORS-safelisted response headers and those the answer exposes can be read. So a
/// header a Microsoft host would refuse fails here as it would in the browser.
pub struct Browserish {
    pub client: reqwest::Client,
    pub origin: String,
}

/// CORS-safelisted request headers (Fetch §2.2.2), for the values the core sends.
fn safelisted_request_header(name: &str, value: &str) -> bool {
    match name.to_ascii_lowercase().as_str() {
        "accept" | "accept-language" | "content-language" => {
            value.len() <= 128 && !value.bytes().any(|b| b"\"():<>?@[\\]{}\x7f".contains(&b))
        }
        "content-type" => {
            let essence = value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            matches!(
                essence.as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            )
        }
        _ => false,
    }
}

/// CORS-safelisted response headers (Fetch §2.2.2).
const SAFELISTED_RESPONSE_HEADERS: &[&str] = &[
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

fn header_list(headers: &reqwest::header::HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .collect()
}

impl Browserish {
    fn allows_origin(&self, headers: &reqwest::header::HeaderMap) -> bool {
        headers
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "*" || v == self.origin)
    }

    /// The preflight a browser sends before `request`, if it needs one; `Err` when refused.
    async fn preflight(&self, request: &HttpRequest, host: &str) -> Result<(), TransportError> {
        let method = request.method.as_str();
        let mut unsafe_headers: Vec<String> = request
            .headers
            .iter()
            .filter(|(n, v)| !safelisted_request_header(n, v))
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        unsafe_headers.sort();
        unsafe_headers.dedup();
        let simple_method = matches!(method, "GET" | "HEAD" | "POST");
        if simple_method && unsafe_headers.is_empty() {
            return Ok(());
        }
        let refused = |why: String| TransportError {
            host: host.to_owned(),
            detail: format!("CORS preflight refused: {why}"),
        };
        let mut builder = self
            .client
            .request(reqwest::Method::OPTIONS, request.url.as_str())
            .header("Origin", &self.origin)
            .header("Access-Control-Request-Method", method);
        if !unsafe_headers.is_empty() {
            builder = builder.header("Access-Control-Request-Headers", unsafe_headers.join(","));
        }
        let answer = builder.send().await.map_err(|e| refused(e.to_string()))?;
        let headers = answer.headers();
        if !answer.status().is_success() {
            return Err(refused(format!("HTTP {}", answer.status().as_u16())));
        }
        if !self.allows_origin(headers) {
            return Err(refused("no matching Access-Control-Allow-Origin".into()));
        }
        let methods = header_list(headers, "access-control-allow-methods");
        if !simple_method
            && !methods
                .iter()
                .any(|m| m == "*" || m.eq_ignore_ascii_case(method))
        {
            return Err(refused(format!("method {method} is not allowed")));
        }
        let allowed = header_list(headers, "access-control-allow-headers");
        for name in &unsafe_headers {
            // `*` never covers Authorization (Fetch §4.8, CORS-preflight fetch step 7.7).
            let wildcard = allowed.iter().any(|a| a == "*") && name != "authorization";
            if !wildcard && !allowed.contains(name) {
                return Err(refused(format!("request header {name} is not allowed")));
            }
        }
        Ok(())
    }
}

impl HttpClient for Browserish {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let host = request.url.host_str().unwrap_or_default().to_owned();
        self.preflight(&request, &host).await?;
        let method =
            reqwest::Method::from_bytes(request.method.as_str().as_bytes()).expect("known method");
        let mut builder = self
            .client
            .request(method, request.url.as_str())
            .header("Origin", &self.origin);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(|e| TransportError {
            host: host.clone(),
            detail: e.to_string(),
        })?;
        if !self.allows_origin(response.headers()) {
            return Err(TransportError {
                host,
                detail: "CORS: the answer has no matching Access-Control-Allow-Origin".into(),
            });
        }
        let exposed = header_list(response.headers(), "access-control-expose-headers");
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter(|(n, _)| {
                let name = n.as_str();
                SAFELISTED_RESPONSE_HEADERS.contains(&name)
                    || exposed.iter().any(|e| e == "*" || e == name)
            })
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let body = response.text().await.map_err(|e| TransportError {
            host,
            detail: e.to_string(),
        })?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Starts an emulator with `scenario` on one port (`*.localhost` hosts).
pub async fn emulator(scenario: &str) -> Running {
    spawn(Options {
        scenario: scenario.into(),
        ..Options::default()
    })
    .await
    .expect("emulator starts")
}

/// Starts an emulator with one `127.0.0.1` port per host.
pub async fn emulator_per_host(scenario: &str) -> Running {
    spawn(Options {
        scenario: scenario.into(),
        per_host_ports: true,
        ..Options::default()
    })
    .await
    .expect("emulator starts")
}

/// A browser-like transport for `running`.
pub fn browser(running: &Running) -> Browserish {
    let port = Url::parse(&running.hosts.app).unwrap().port().unwrap();
    Browserish {
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(LocalhostResolver(SocketAddr::from((
                [127, 0, 0, 1],
                port,
            )))))
            .build()
            .unwrap(),
        origin: running.hosts.app.clone(),
    }
}

/// The config.json the emulator serves.
pub fn config(running: &Running) -> Config {
    Config::from_json(&syncsetup_emulator::static_files::config(&running.state).to_string())
        .expect("the emulator's config.json is valid")
}

/// The emulator's clock (real time plus offset), Unix seconds.
pub fn now(running: &Running) -> u64 {
    u64::try_from(running.state.now()).expect("after 1970")
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Plays the admin on the emulated sign-in page: loads it, submits the form choosing `button`
/// (`("login_hint", upn)` or `("cancel", "1")`), and returns the redirect's `Location`.
pub async fn sign_in_page(browser: &Browserish, authorize_url: &Url, button: (&str, &str)) -> Url {
    let page = browser
        .client
        .get(authorize_url.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the sign-in page loads");
    let html = page.text().await.unwrap();
    let mut form: Vec<(String, String)> = Vec::new();
    for input in html.split("<input type=\"hidden\" ").skip(1) {
        let attr = |name: &str| {
            let start = input.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
            unescape(&input[start..start + input[start..].find('"').unwrap()])
        };
        form.push((attr("name"), attr("value")));
    }
    assert!(
        form.iter().any(|(k, _)| k == "code_challenge"),
        "the request rides along in hidden fields"
    );
    form.push((button.0.to_owned(), button.1.to_owned()));
    let action = authorize_url.join(authorize_url.path()).unwrap();
    let answer = browser
        .client
        .post(action.as_str())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 302, "the sign-in page redirects back");
    Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap()
}

/// Fixed randomness for a sign-in.
pub fn entropy() -> SignInEntropy {
    SignInEntropy {
        verifier: [11; 32],
        state: [12; 16],
        nonce: [13; 16],
    }
}

/// Signs `upn` in through the emulated page and returns the session's token cache.
pub async fn sign_in(
    running: &Running,
    browser: &Browserish,
    config: &Config,
    upn: &str,
) -> TokenCache {
    sign_in_with(running, browser, config, upn, &AuthorizeOptions::default()).await
}

/// [`sign_in`] with authorize options (e.g. the incremental HRD permission).
pub async fn sign_in_with(
    running: &Running,
    browser: &Browserish,
    config: &Config,
    upn: &str,
    options: &AuthorizeOptions,
) -> TokenCache {
    let endpoints = flow::discover(browser, config).await.expect("discovery");
    let redirect = Url::parse(&format!("{}/", running.hosts.app)).unwrap();
    let (pending, url) = authorize::begin(
        config,
        &endpoints,
        &redirect,
        &entropy(),
        now(running),
        options,
    );
    let back = sign_in_page(browser, &url, ("login_hint", upn)).await;
    let answer = callback::parse(&back).expect("a callback");
    flow::complete(browser, config, Some(&pending), &answer, now(running))
        .await
        .expect("sign-in completes")
}

/// The shell's token source: the session's cache, refreshed through the emulator's token endpoint.
pub struct SessionTokens<'a> {
    pub browser: &'a Browserish,
    pub config: &'a Config,
    pub running: &'a Running,
    pub cache: RefCell<TokenCache>,
    /// How far the browser's clock lags the emulator's (seconds): a lagging clock keeps using an
    /// access token the service already considers expired, which is how a 401 arrives mid-step.
    pub skew_secs: std::cell::Cell<u64>,
}

impl TokenSource for SessionTokens<'_> {
    async fn token(
        &self,
        scopes: &[String],
        force_refresh: bool,
    ) -> Result<AccessToken, AuthError> {
        let mut cache = self.cache.borrow().clone();
        if force_refresh {
            if let Some(resource) = scopes.iter().find_map(|s| resource_of(s)) {
                cache.forget_access_token(&resource);
            }
        }
        let browser_now = now(self.running) - self.skew_secs.get();
        let token =
            flow::acquire_token(self.browser, self.config, &mut cache, scopes, browser_now).await;
        *self.cache.borrow_mut() = cache;
        token
    }
}

/// A runtime on the emulator's clock: sleeping advances that clock instead of waiting.
pub struct EmulatorRuntime<'a> {
    pub running: &'a Running,
    pub slept_millis: RefCell<u64>,
}

impl Runtime for EmulatorRuntime<'_> {
    async fn sleep(&self, millis: u64) {
        *self.slept_millis.borrow_mut() += millis;
        self.running
            .state
            .advance_clock(i64::try_from(millis.div_ceil(1000)).unwrap());
        tokio::task::yield_now().await;
    }
    fn now_millis(&self) -> u64 {
        now(self.running) * 1000
    }
    fn jitter(&self) -> f64 {
        0.5
    }
}

/// Everything a runner needs, bundled for one test.
pub struct Harness {
    pub running: Running,
    pub browser: Browserish,
    pub config: Config,
}

impl Harness {
    /// An emulator with `scenario` and a browser-like client.
    pub async fn start(scenario: &str) -> Harness {
        let running = emulator(scenario).await;
        let browser = browser(&running);
        let config = config(&running);
        Harness {
            running,
            browser,
            config,
        }
    }

    /// Signs `upn` in.
    pub async fn tokens(&self, upn: &str) -> SessionTokens<'_> {
        self.tokens_with(upn, &AuthorizeOptions::default()).await
    }

    /// Signs `upn` in with authorize options.
    pub async fn tokens_with(&self, upn: &str, options: &AuthorizeOptions) -> SessionTokens<'_> {
        let cache = sign_in_with(&self.running, &self.browser, &self.config, upn, options).await;
        SessionTokens {
            browser: &self.browser,
            config: &self.config,
            running: &self.running,
            cache: RefCell::new(cache),
            skew_secs: std::cell::Cell::new(0),
        }
    }

    /// A runtime on the emulator's clock.
    pub fn runtime(&self) -> EmulatorRuntime<'_> {
        EmulatorRuntime {
            running: &self.running,
            slept_millis: RefCell::new(0),
        }
    }

    /// Count of journal entries that wrote (POST/PATCH/PUT/DELETE) to Graph or Dataverse.
    pub fn writes(&self) -> Vec<String> {
        self.running
            .state
            .journal()
            .into_iter()
            .filter(|e| matches!(e.method.as_str(), "POST" | "PATCH" | "PUT" | "DELETE"))
            .filter(|e| e.host == "graph" || e.host.starts_with("crm"))
            .map(|e| format!("{} {} {} -> {}", e.method, e.host, e.path, e.status))
            .collect()
    }
}

/// A retry context over `harness`.
pub fn context<'a, R: Runtime>(
    browser: &'a Browserish,
    runtime: &'a R,
    on_retry: &'a dyn Fn(syncsetup_core::transport::send::RetryNotice),
) -> Context<'a, Browserish, R> {
    Context {
        client: browser,
        runtime,
        policy: RetryPolicy::default(),
        on_retry,
    }
}

/// `apply` as the page runs it right after an observation: the facts were read just now, so
/// each step trusts them and goes straight to its write.
pub async fn apply_now<C: HttpClient, R: Runtime, T: TokenSource>(
    ctx: &Context<'_, C, R>,
    config: &Config,
    tokens: &T,
    answers: &syncsetup_core::engine::plan::Answers,
    facts: &mut syncsetup_core::facts::Facts,
    on_event: &dyn Fn(syncsetup_core::engine::apply::Event),
) -> syncsetup_core::engine::apply::Outcome {
    let observed_at = ctx.runtime.now_millis();
    syncsetup_core::engine::apply::apply(ctx, config, tokens, answers, facts, observed_at, on_event)
        .await
}
