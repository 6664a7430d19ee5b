//! Where runners get access tokens: one resource at a time, refreshed on demand.
//!
//! The shell implements this over its token cache and `auth::flow::acquire_token`; host tests
//! implement it over a signed-in session against the emulator. `force_refresh` is used after a
//! 401, when an access token expired or was revoked mid-run.

use std::future::Future;

use crate::auth::AuthError;
use crate::secret::AccessToken;

/// Supplies access tokens.
pub trait TokenSource {
    /// An access token for the resource of `scopes` (one resource).
    fn token(
        &self,
        scopes: &[String],
        force_refresh: bool,
    ) -> impl Future<Output = Result<AccessToken, AuthError>>;
}
