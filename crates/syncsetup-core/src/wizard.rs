//! The page's state machine: which screen the admin sees, and what moves it on.
//!
//! The Yew shell keeps a [`Phase`] in a reducer and feeds it [`Event`]s produced by the edge
//! (config loaded, redirect returned, tokens acquired…); [`Phase::next`] decides the next screen.
//! Keeping the transitions here means the rules — for instance that a second click while a
//! redirect is under way is ignored, or that an expired session sends the admin back to the
//! landing page with a notice rather than to an error screen — are tested without a browser.

use crate::auth::AuthError;
use crate::config::ConfigError;
use crate::explain::Explanation;
use crate::graph::{GraphError, SignedInIdentity};
use crate::session::Account;

/// The screen being shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading config.json or the redirect; nothing to click yet.
    Starting,
    /// config.json is missing or wrong; nothing else can work.
    ConfigProblem(Explanation),
    /// The landing page with the sign-in button, optionally with a notice (session ended…).
    SignedOut {
        /// Shown above the sign-in button.
        notice: Option<Explanation>,
    },
    /// The browser is leaving for Entra ID; the sign-in button is disabled.
    Redirecting,
    /// Back from Entra ID: redeeming the code and reading who signed in.
    CompletingSignIn,
    /// Signed in.
    SignedIn {
        /// From the id_token.
        account: Account,
        /// From Graph, once read.
        identity: Option<SignedInIdentity>,
    },
    /// Sign-in failed; the explanation and a retry button are shown.
    SignInFailed(Explanation),
}

/// Something that happened.
#[derive(Clone, Debug)]
pub enum Event {
    /// config.json could not be used.
    ConfigFailed(ConfigError),
    /// No session and no redirect: show the landing page.
    NoSession {
        /// Why an earlier session is gone, if it is.
        notice: Option<Explanation>,
    },
    /// The admin clicked sign in.
    SignInClicked,
    /// Leaving for Entra was not possible (discovery failed…).
    SignInFailed(AuthError),
    /// The page was opened by Entra's redirect.
    RedirectReturned,
    /// Tokens are in hand.
    SignedIn(Account),
    /// Graph named the admin and tenant.
    IdentityLoaded(SignedInIdentity),
    /// Graph could not be read after sign-in.
    IdentityFailed(GraphError),
    /// The admin signed out.
    SignedOut,
}

impl Phase {
    /// The next phase after `event`.
    pub fn next(self, event: Event) -> Phase {
        match (self, event) {
            (_, Event::ConfigFailed(e)) => Phase::ConfigProblem(e.explain()),
            (Phase::ConfigProblem(e), _) => Phase::ConfigProblem(e),
            // One interaction at a time: a second click while leaving changes nothing.
            (Phase::Redirecting, Event::SignInClicked) => Phase::Redirecting,
            (_, Event::SignInClicked) => Phase::Redirecting,
            (_, Event::NoSession { notice }) => Phase::SignedOut { notice },
            (_, Event::SignInFailed(e)) if e.needs_new_sign_in() => Phase::SignedOut {
                notice: Some(e.explain()),
            },
            (_, Event::SignInFailed(e)) => Phase::SignInFailed(e.explain()),
            (_, Event::RedirectReturned) => Phase::CompletingSignIn,
            (_, Event::SignedIn(account)) => Phase::SignedIn {
                account,
                identity: None,
            },
            (Phase::SignedIn { account, .. }, Event::IdentityLoaded(identity)) => Phase::SignedIn {
                account,
                identity: Some(identity),
            },
            (_, Event::IdentityFailed(e)) => Phase::SignInFailed(e.explain()),
            (_, Event::SignedOut) => Phase::SignedOut { notice: None },
            (phase, Event::IdentityLoaded(_)) => phase,
        }
    }

    /// True while a sign-in button press must be ignored.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Phase::Starting | Phase::Redirecting | Phase::CompletingSignIn
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Account {
        Account {
            tenant_id: "t".into(),
            object_id: "o".into(),
            name: "Adele Vance".into(),
            username: "adele@x".into(),
        }
    }

    fn identity() -> SignedInIdentity {
        SignedInIdentity {
            display_name: "Adele Vance".into(),
            user_principal_name: "adele@x".into(),
            tenant_id: "t".into(),
            tenant_name: "Contoso".into(),
        }
    }

    #[test]
    fn happy_path_reaches_signed_in_with_identity() {
        let phase = Phase::Starting
            .next(Event::NoSession { notice: None })
            .next(Event::SignInClicked)
            .next(Event::RedirectReturned)
            .next(Event::SignedIn(account()))
            .next(Event::IdentityLoaded(identity()));
        assert_eq!(
            phase,
            Phase::SignedIn {
                account: account(),
                identity: Some(identity())
            }
        );
        assert_eq!(
            phase.next(Event::SignedOut),
            Phase::SignedOut { notice: None }
        );
    }

    #[test]
    fn a_double_click_while_redirecting_is_ignored_and_busy() {
        let phase = Phase::SignedOut { notice: None }.next(Event::SignInClicked);
        assert!(phase.is_busy());
        assert_eq!(phase.clone().next(Event::SignInClicked), Phase::Redirecting);
    }

    #[test]
    fn config_problems_stick() {
        let phase = Phase::Starting.next(Event::ConfigFailed(ConfigError::MissingClientId));
        assert!(matches!(&phase, Phase::ConfigProblem(e) if e.fix.contains("client")));
        assert!(matches!(
            phase.next(Event::SignInClicked),
            Phase::ConfigProblem(_)
        ));
    }

    #[test]
    fn an_ended_session_lands_signed_out_with_a_notice_but_other_failures_show_an_error() {
        let phase = Phase::CompletingSignIn.next(Event::SignInFailed(AuthError::SessionExpired));
        assert!(
            matches!(&phase, Phase::SignedOut { notice: Some(n) } if n.what.contains("session has ended"))
        );
        let phase = Phase::CompletingSignIn.next(Event::SignInFailed(AuthError::StateMismatch));
        assert!(matches!(&phase, Phase::SignInFailed(e) if e.why.contains("state differs")));
    }

    #[test]
    fn a_late_identity_after_sign_out_is_dropped() {
        let phase = Phase::SignedOut { notice: None }.next(Event::IdentityLoaded(identity()));
        assert_eq!(phase, Phase::SignedOut { notice: None });
    }
}
