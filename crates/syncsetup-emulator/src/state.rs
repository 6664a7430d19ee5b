//! The emulator's mutable world, shared by every route: the scenario, the public base URL of each
//! emulated host, the signing key, an adjustable clock, the authorization codes and refresh tokens
//! handed out, and a journal of requests. Codes and refresh tokens are opaque random strings whose
//! meaning is kept here (as Entra keeps it server-side), so a reset really forgets them. The clock
//! is real time plus an offset that tests move forward through `/_emulator/clock/advance`.
//!
//! The scenario itself can be switched at run time (`/_emulator/seed`): [`ScenarioCell`] keeps
//! every scenario installed so far and hands out plain references to the current one, so handlers
//! read `state.scenario` as before, and a switch never invalidates a reference a request holds.
//! The live Dataverse environments (`dataverse()`) and the live directory are copies of the
//! scenario's seeds that requests modify and a reset restores.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;

use crate::clock::{entra_timestamp, iso_timestamp};
use crate::dataverse::store::World;
use crate::directory::Directory;
use crate::error::{EntraError, GraphError};
use crate::faults::Faults;
use crate::journal::Journal;
pub use crate::journal::JournalEntry;
use crate::jwt::Signer;
use crate::scenario::Scenario;
use crate::Hosts;

/// How long an authorization code can be redeemed ("about 10 minutes": entra-docs
/// `docs/identity-platform/v2-oauth2-auth-code-flow.md`).
pub const CODE_LIFETIME_SECS: i64 = 600;
/// Access token lifetime reported as `expires_in`.
pub const ACCESS_TOKEN_LIFETIME_SECS: i64 = 3600;
/// Fixed, non-sliding lifetime of refresh tokens issued to `spa` redirect URIs (AADSTS700084).
pub const SPA_REFRESH_LIFETIME_SECS: i64 = 24 * 3600;
/// How many scenario switches one emulator accepts (each keeps its scenario alive; see
/// [`ScenarioCell`]).
pub const MAX_SCENARIO_SWITCHES: usize = 256;

/// The platform a redirect URI is registered under; it decides CORS and token lifetimes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RedirectKind {
    /// "Single-page application": token redemption only cross-origin, 24 h refresh tokens.
    Spa,
    /// "Web": confidential client, never cross-origin.
    Web,
    /// "Mobile and desktop applications": public client, no `Origin`.
    PublicClient,
}

/// Everything the sign-in decided, remembered with the code until it is redeemed.
#[derive(Clone, Debug)]
pub struct AuthCode {
    /// Client the code was issued to.
    pub client_id: String,
    /// Exact redirect URI of the authorize request.
    pub redirect_uri: String,
    /// Its registration platform.
    pub redirect_kind: RedirectKind,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Signed-in user.
    pub user_oid: String,
    /// Tenant the user signed in to.
    pub tenant_id: String,
    /// The authorize request's scopes, verbatim.
    pub scopes: Vec<String>,
    /// `nonce` of the authorize request.
    pub nonce: Option<String>,
    /// When the code was issued (emulator clock).
    pub issued_at: i64,
    /// Set on first redemption: a second one gets AADSTS54005.
    pub redeemed: bool,
}

/// What a refresh token stands for.
#[derive(Clone, Debug)]
pub struct RefreshGrant {
    /// Client the token was issued to (spa refresh tokens are bound to it).
    pub client_id: String,
    /// Platform of the redirect URI of the original sign-in.
    pub redirect_kind: RedirectKind,
    /// The user.
    pub user_oid: String,
    /// The tenant.
    pub tenant_id: String,
    /// Scopes consented at /authorize (verbatim), i.e. what the token may be exchanged for.
    pub consented_scopes: Vec<String>,
    /// Time of the interactive sign-in; the 24 h spa cap counts from here and carries over to
    /// every refresh token minted from this one.
    pub signed_in_at: i64,
}

/// The scenario in force, switchable at run time. Each installed scenario lives in its own
/// write-once slot until the state is dropped, so `&Scenario` references handed out before a
/// switch stay valid (no `unsafe`, no leak beyond the state's lifetime); at most
/// [`MAX_SCENARIO_SWITCHES`] switches are accepted.
#[derive(Debug)]
pub struct ScenarioCell {
    slots: Vec<OnceLock<Scenario>>,
    current: AtomicUsize,
    /// Serializes switches (readers never take it).
    switching: Mutex<()>,
}

impl ScenarioCell {
    /// A cell holding `scenario`.
    pub fn new(scenario: Scenario) -> Self {
        let slots: Vec<OnceLock<Scenario>> = (0..=MAX_SCENARIO_SWITCHES)
            .map(|_| OnceLock::new())
            .collect();
        let _ = slots[0].set(scenario);
        ScenarioCell {
            slots,
            current: AtomicUsize::new(0),
            switching: Mutex::new(()),
        }
    }

    /// Installs `scenario` as the current one; false once the switches are used up.
    pub fn replace(&self, scenario: Scenario) -> bool {
        let _guard = lock(&self.switching);
        let next = self.current.load(Ordering::SeqCst) + 1;
        let Some(slot) = self.slots.get(next) else {
            return false;
        };
        if slot.set(scenario).is_err() {
            return false;
        }
        self.current.store(next, Ordering::SeqCst);
        true
    }
}

impl std::ops::Deref for ScenarioCell {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        self.slots[self.current.load(Ordering::SeqCst)]
            .get()
            .expect("the current slot is set before it becomes current")
    }
}

/// Shared emulator state (cheap to clone).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

/// The inside of [`AppState`].
#[derive(Debug)]
pub struct Inner {
    /// Public base URL of each emulated host.
    pub hosts: Hosts,
    /// The scenario in force (tenant, users, apps, and the seeds of the directory and Dataverse).
    pub scenario: ScenarioCell,
    /// The token signing key.
    pub signer: Signer,
    /// Directory served on the app host, if any.
    pub static_dir: Option<PathBuf>,
    rng: SystemRandom,
    /// The live directory (seeded from `scenario.directory`); see [`AppState::directory`].
    directory: Mutex<Directory>,
    clock_offset: Mutex<i64>,
    codes: Mutex<HashMap<String, AuthCode>>,
    refresh_tokens: Mutex<HashMap<String, RefreshGrant>>,
    journal: Journal,
    /// The live Dataverse environments (seeded from `scenario.dataverse`).
    dataverse: Mutex<World>,
    /// Fault switches and the access-token lifetime override.
    pub faults: Faults,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Locks a mutex, ignoring poisoning: a panicking handler must not wedge the whole emulator.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// New state for `scenario` served at `hosts`.
    pub fn new(hosts: Hosts, scenario: Scenario, static_dir: Option<PathBuf>) -> Self {
        AppState(Arc::new(Inner {
            hosts,
            signer: Signer::test_key(),
            static_dir,
            rng: SystemRandom::new(),
            directory: Mutex::new(scenario.directory.clone()),
            clock_offset: Mutex::new(0),
            codes: Mutex::new(HashMap::new()),
            refresh_tokens: Mutex::new(HashMap::new()),
            journal: Journal::default(),
            dataverse: Mutex::new(scenario.dataverse.clone()),
            faults: Faults::default(),
            scenario: ScenarioCell::new(scenario),
        }))
    }

    /// The live directory, locked. Keep the guard short-lived (never across an `.await`).
    pub fn directory(&self) -> MutexGuard<'_, Directory> {
        lock(&self.directory)
    }

    /// Restores the directory to the scenario's seed, keeping the replication lag (a fault
    /// setting, not directory content).
    pub fn reset_directory(&self) {
        let mut directory = lock(&self.directory);
        let lag = directory.replication_lag_secs;
        *directory = self.scenario.directory.clone();
        directory.replication_lag_secs = lag;
    }

    /// The emulator clock: real Unix time plus the offset set by clock controls.
    pub fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + *lock(&self.clock_offset)
    }

    /// Moves the emulator clock forward (or back, for negative values); returns the new offset.
    pub fn advance_clock(&self, seconds: i64) -> i64 {
        let mut offset = lock(&self.clock_offset);
        *offset += seconds;
        *offset
    }

    /// Current clock offset in seconds.
    pub fn clock_offset(&self) -> i64 {
        *lock(&self.clock_offset)
    }

    /// Forgets codes, refresh tokens, the journal and the clock offset, and restores the
    /// directory to the scenario's seed.
    pub fn reset(&self) {
        self.reset_directory();
        *lock(&self.dataverse) = self.scenario.dataverse.clone();
        *lock(&self.clock_offset) = 0;
        lock(&self.codes).clear();
        lock(&self.refresh_tokens).clear();
        self.journal.clear();
    }

    /// The live Dataverse environments, locked. Keep the guard short-lived (never across an
    /// `.await`); take it before `directory()` when both are needed.
    pub fn dataverse(&self) -> MutexGuard<'_, World> {
        lock(&self.dataverse)
    }

    /// Switches to `scenario` (same hosts) and resets everything to its seeds: codes, refresh
    /// tokens, journal, clock offset, directory and Dataverse. Fault rules stay.
    pub fn switch_scenario(&self, scenario: Scenario) -> Result<(), String> {
        if !self.scenario.replace(scenario) {
            return Err(format!(
                "this emulator has switched scenarios {MAX_SCENARIO_SWITCHES} times; restart it"
            ));
        }
        self.reset();
        Ok(())
    }

    /// Lifetime of the access tokens Entra issues now: the fault override, else one hour.
    pub fn access_token_lifetime_secs(&self) -> i64 {
        self.faults
            .token_lifetime_secs()
            .unwrap_or(ACCESS_TOKEN_LIFETIME_SECS)
    }

    /// `n` random bytes, base64url-encoded.
    pub fn random_token(&self, n: usize) -> String {
        let mut bytes = vec![0u8; n];
        self.rng.fill(&mut bytes).expect("the system RNG works");
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// A random (version 4) UUID string, as Entra uses for trace and correlation ids.
    pub fn random_uuid(&self) -> String {
        let mut b = [0u8; 16];
        self.rng.fill(&mut b).expect("the system RNG works");
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    /// Stores a new authorization code and returns it.
    pub fn issue_code(&self, code: AuthCode) -> String {
        // The prefix mimics the shape of Entra codes only loosely; clients must treat it as opaque.
        let value = format!("1.A{}", self.random_token(48));
        lock(&self.codes).insert(value.clone(), code);
        value
    }

    /// Looks up a code and marks it redeemed; returns what it was before this redemption.
    pub fn redeem_code(&self, value: &str) -> Option<AuthCode> {
        let mut codes = lock(&self.codes);
        let entry = codes.get_mut(value)?;
        let before = entry.clone();
        entry.redeemed = true;
        Some(before)
    }

    /// Stores a new refresh token and returns it.
    pub fn issue_refresh_token(&self, grant: RefreshGrant) -> String {
        let value = format!("1.A{}", self.random_token(96));
        lock(&self.refresh_tokens).insert(value.clone(), grant);
        value
    }

    /// What a refresh token stands for.
    pub fn refresh_grant(&self, value: &str) -> Option<RefreshGrant> {
        lock(&self.refresh_tokens).get(value).cloned()
    }

    /// Appends to the journal.
    pub fn record(&self, entry: JournalEntry) {
        self.journal.record(entry);
    }

    /// A copy of the journal.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.journal.entries()
    }

    /// Forgets the journal only.
    pub fn clear_journal(&self) {
        self.journal.clear();
    }
}

/// Errors in the services' shapes, stamped with the emulator clock and fresh trace ids.
impl AppState {
    /// Builds an Entra error stamped with the emulator clock and fresh trace ids.
    pub fn entra_error(
        &self,
        error: &'static str,
        code: u32,
        message: impl Into<String>,
    ) -> EntraError {
        EntraError {
            status: if error == "invalid_client" {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            },
            error,
            code,
            message: message.into(),
            suberror: None,
            timestamp: entra_timestamp(self.now()),
            trace_id: self.random_uuid(),
            correlation_id: self.random_uuid(),
        }
    }

    /// Builds a Graph error; `client_request_id` is echoed when the client sent one.
    pub fn graph_error(
        &self,
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        client_request_id: Option<&str>,
    ) -> GraphError {
        let request_id = self.random_uuid();
        GraphError {
            status,
            code,
            message: message.into(),
            date: iso_timestamp(self.now()),
            client_request_id: client_request_id
                .map(str::to_owned)
                .unwrap_or_else(|| request_id.clone()),
            request_id,
            details: Vec::new(),
        }
    }
}
