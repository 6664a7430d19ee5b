//! The engine's [`TokenSource`] over the signed-in session's token cache in sessionStorage.
//!
//! sessionStorage stays the one copy of the cache (a reload or a second runner sees the same
//! tokens). Acquisitions take turns: `observe` asks for several resources at once, and two
//! refreshes racing with the same refresh token would each replace it, losing one answer.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use syncsetup_core::auth::{flow, AuthError};
use syncsetup_core::config::Config;
use syncsetup_core::engine::tokens::TokenSource;
use syncsetup_core::secret::AccessToken;
use syncsetup_core::session::resource_of;

use super::{env, fetch::Fetch, storage};

/// Tokens of the signed-in admin, refreshed silently with the session's refresh token.
#[derive(Clone)]
pub struct SessionTokens {
    config: Rc<Config>,
    busy: Rc<Cell<bool>>,
}

/// Holds the turn; dropping it (also when the future is dropped) hands the turn on.
struct Turn(Rc<Cell<bool>>);

impl Drop for Turn {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl SessionTokens {
    /// A token source for `config`'s tenant.
    pub fn new(config: Rc<Config>) -> Self {
        Self {
            config,
            busy: Rc::default(),
        }
    }

    async fn take_turn(&self) -> Turn {
        while self.busy.get() {
            yew::platform::time::sleep(Duration::from_millis(10)).await;
        }
        self.busy.set(true);
        Turn(self.busy.clone())
    }
}

impl TokenSource for SessionTokens {
    async fn token(
        &self,
        scopes: &[String],
        force_refresh: bool,
    ) -> Result<AccessToken, AuthError> {
        let _turn = self.take_turn().await;
        // Signed out meanwhile (another tab of the same session, or the sign-out button).
        let mut cache = storage::load_tokens().ok_or(AuthError::SessionExpired)?;
        if force_refresh {
            // After a 401 the cached token is known bad even though it has not expired.
            if let Some(resource) = scopes.iter().find_map(|s| resource_of(s)) {
                cache.forget_access_token(&resource);
            }
        }
        let result =
            flow::acquire_token(&Fetch, &self.config, &mut cache, scopes, env::now()).await;
        // A sign-out while the request was out must not bring the session back.
        if storage::load_tokens().is_some() {
            storage::save_tokens(&cache);
        }
        result
    }
}
