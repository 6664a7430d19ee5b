//! Where runners get access tokens: one resource at a time, refreshed on demand.
//!
//! The shell implements this over its token cache and `auth::flow::acquire_token`; host tests
//! implement it over a signed-in session against the emulator. `force_refresh` is used after a
//! 401, when an access token expired or was revoked mid-run. [`SessionWatch`] wraps any source
//! and remembers whether the session ended under a job, whatever the job made of the failure
//! (a read turns it into an unknown fact, a run into a failed step), so the wizard can ask the
//! admin to sign in again instead of planning over reads that never happened.

use std::cell::RefCell;
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

/// A token source that notes the first failure that ended the session
/// ([`AuthError::ends_session`]).
pub struct SessionWatch<T> {
    inner: T,
    ended: RefCell<Option<AuthError>>,
}

impl<T: TokenSource> SessionWatch<T> {
    /// Watches `inner`.
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            ended: RefCell::new(None),
        }
    }

    /// The failure that ended the session, if one did.
    pub fn ended(&self) -> Option<AuthError> {
        self.ended.borrow().clone()
    }
}

impl<T: TokenSource> TokenSource for SessionWatch<T> {
    async fn token(
        &self,
        scopes: &[String],
        force_refresh: bool,
    ) -> Result<AccessToken, AuthError> {
        let result = self.inner.token(scopes, force_refresh).await;
        if let Err(e) = &result {
            let mut ended = self.ended.borrow_mut();
            if ended.is_none() && e.ends_session() {
                *ended = Some(e.clone());
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// Answers with the failures given, in order, then tokens.
    struct Scripted(RefCell<Vec<AuthError>>, Cell<u32>);

    impl TokenSource for Scripted {
        async fn token(&self, _: &[String], _: bool) -> Result<AccessToken, AuthError> {
            self.1.set(self.1.get() + 1);
            match self.0.borrow_mut().pop() {
                Some(e) => Err(e),
                None => Ok(AccessToken::new("t")),
            }
        }
    }

    #[test]
    fn notes_the_first_failure_that_ends_the_session_and_passes_every_answer_on() {
        // Popped from the end: a transport-free refusal first, then the session's end, then a
        // state mismatch that must not replace it.
        let inner = Scripted(
            RefCell::new(vec![
                AuthError::StateMismatch,
                AuthError::SessionExpired,
                AuthError::NoPendingSignIn,
            ]),
            Cell::new(0),
        );
        let watch = SessionWatch::new(inner);
        let scopes = ["https://graph.microsoft.com/.default".to_owned()];
        let first = pollster::block_on(watch.token(&scopes, false));
        assert_eq!(first.unwrap_err(), AuthError::NoPendingSignIn);
        assert_eq!(watch.ended(), None, "not every failure ends the session");
        let second = pollster::block_on(watch.token(&scopes, true));
        assert_eq!(second.unwrap_err(), AuthError::SessionExpired);
        let third = pollster::block_on(watch.token(&scopes, false));
        assert_eq!(third.unwrap_err(), AuthError::StateMismatch);
        assert!(pollster::block_on(watch.token(&scopes, false)).is_ok());
        assert_eq!(watch.ended(), Some(AuthError::SessionExpired));
        assert_eq!(watch.inner.1.get(), 4);
    }
}
