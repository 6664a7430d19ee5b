//! The way in: the screens before a sign-in completes (loading, a config.json problem, the
//! registration guide, the landing page, leaving for Entra ID, a failed sign-in) and the rules
//! that move between them.
//!
//! They are a state machine of their own because the page ships them twice. The first load is
//! the small landing module, which knows nothing of the wizard: it runs [`Entry::next`] alone. The
//! wizard module runs it inside [`Phase::next`](super::Phase::next), for sign-out, a failed
//! sign-in or a refused answer. One rule set, so both modules show the same screen for the same
//! event.

use crate::auth::AuthError;
use crate::config::ConfigError;
use crate::explain::Explanation;
use crate::i18n::TextKey;

/// A screen before (or instead of) the signed-in wizard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Reading config.json or the redirect; nothing to click yet.
    Starting,
    /// config.json is missing or wrong; nothing else can work.
    ConfigProblem(Explanation),
    /// config.json names no client id: the tool's own app registration is still to be made
    /// (see [`bootstrap`](super::bootstrap)).
    NeedsRegistration,
    /// The landing page with the sign-in buttons, optionally with a notice (session ended…).
    SignedOut {
        /// Shown above the sign-in button.
        notice: Option<Explanation>,
    },
    /// The landing page right after the admin signed out of this page: it says so, and offers
    /// to end the Microsoft session of this browser too.
    SignedOutHere,
    /// The browser is leaving for Entra ID; the sign-in buttons are disabled.
    Redirecting,
    /// Sign-in failed; the explanation and a retry button are shown.
    SignInFailed(Explanation),
}

/// What can happen before a sign-in completes.
#[derive(Clone, Debug)]
pub enum EntryEvent {
    /// config.json could not be used.
    ConfigFailed(ConfigError),
    /// No session and no redirect: show the landing page.
    NoSession {
        /// Why an earlier session is gone, if it is.
        notice: Option<Explanation>,
    },
    /// The admin clicked a sign-in button.
    SignInClicked,
    /// Leaving for Entra was not possible, or a token could not be had.
    SignInFailed(AuthError),
    /// An OAuth answer nobody in this tab waited for was refused.
    AnswerRefused(AuthError),
    /// The page came back from the back/forward cache while leaving for Entra ID (the admin
    /// pressed Back on the sign-in page): no answer will come.
    ReturnedWithoutAnswer,
    /// The admin signed out of this page (its storage is cleared).
    SignedOutHere,
}

impl Entry {
    /// The screen after `event`.
    pub fn next(self, event: EntryEvent) -> Entry {
        match (self, event) {
            (_, EntryEvent::ConfigFailed(ConfigError::MissingClientId)) => Entry::NeedsRegistration,
            (_, EntryEvent::ConfigFailed(e)) => Entry::ConfigProblem(e.explain()),
            // Without a usable config.json nothing else can work: no event leaves these two.
            (Entry::ConfigProblem(e), _) => Entry::ConfigProblem(e),
            (Entry::NeedsRegistration, _) => Entry::NeedsRegistration,
            // One interaction at a time: a second click while leaving changes nothing.
            (_, EntryEvent::SignInClicked) => Entry::Redirecting,
            (_, EntryEvent::NoSession { notice }) => Entry::SignedOut { notice },
            (_, EntryEvent::SignInFailed(e)) if e.needs_new_sign_in() => Entry::SignedOut {
                notice: Some(e.explain()),
            },
            (_, EntryEvent::SignInFailed(e)) => Entry::SignInFailed(e.explain()),
            // The landing page says what a stray answer was; while leaving, it changes nothing.
            (
                Entry::SignedOut { .. } | Entry::SignedOutHere | Entry::SignInFailed(_),
                EntryEvent::AnswerRefused(e),
            ) => Entry::SignInFailed(e.explain()),
            (entry, EntryEvent::AnswerRefused(_)) => entry,
            // Back from the sign-in page, restored as it was left ("Redirecting", buttons off):
            // the landing page again, saying the sign-in was not finished.
            (Entry::Redirecting, EntryEvent::ReturnedWithoutAnswer) => Entry::SignedOut {
                notice: Entry::landing_notice(true),
            },
            (entry, EntryEvent::ReturnedWithoutAnswer) => entry,
            (_, EntryEvent::SignedOutHere) => Entry::SignedOutHere,
        }
    }

    /// True while a sign-in button press must be ignored.
    pub fn is_busy(&self) -> bool {
        matches!(self, Entry::Starting | Entry::Redirecting)
    }

    /// The notice of the landing page shown when this tab has no session: there is one when a
    /// sign-in it started never came back (the back button, a closed sign-in page).
    pub fn landing_notice(abandoned_sign_in: bool) -> Option<Explanation> {
        abandoned_sign_in.then(|| {
            Explanation::new(
                TextKey::PreviousSignInNotFinished,
                TextKey::SignInPageLeftBeforeSentBack,
                TextKey::SignAgainWhenReady,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn landing() -> Entry {
        Entry::SignedOut { notice: None }
    }

    #[test]
    fn a_second_click_while_leaving_changes_nothing() {
        let leaving = landing().next(EntryEvent::SignInClicked);
        assert_eq!(leaving, Entry::Redirecting);
        assert!(leaving.is_busy());
        assert_eq!(leaving.next(EntryEvent::SignInClicked), Entry::Redirecting);
        assert!(!landing().is_busy());
    }

    #[test]
    fn back_from_the_sign_in_page_gives_a_usable_landing_page() {
        let back = Entry::Redirecting.next(EntryEvent::ReturnedWithoutAnswer);
        assert!(
            matches!(&back, Entry::SignedOut { notice: Some(n) } if n.what.wire().contains("not finished"))
        );
        assert!(!back.is_busy(), "the buttons work again");
        // Any other screen restored from the cache stays as it was.
        assert_eq!(landing().next(EntryEvent::ReturnedWithoutAnswer), landing());
    }

    #[test]
    fn signing_out_lands_on_the_page_that_offers_the_microsoft_sign_out() {
        let out = Entry::Redirecting.next(EntryEvent::SignedOutHere);
        assert_eq!(out, Entry::SignedOutHere);
        assert!(!out.is_busy());
        assert_eq!(out.next(EntryEvent::SignInClicked), Entry::Redirecting);
    }

    #[test]
    fn a_config_problem_is_final() {
        let problem = Entry::Starting.next(EntryEvent::ConfigFailed(ConfigError::ClientIdNotGuid(
            "x".into(),
        )));
        assert!(matches!(&problem, Entry::ConfigProblem(e) if e.fix.wire().contains("client")));
        assert!(matches!(
            problem.next(EntryEvent::SignInClicked),
            Entry::ConfigProblem(_)
        ));
        let guide = Entry::Starting.next(EntryEvent::ConfigFailed(ConfigError::MissingClientId));
        assert_eq!(guide, Entry::NeedsRegistration);
        assert_eq!(
            guide.next(EntryEvent::NoSession {
                notice: Entry::landing_notice(false)
            }),
            Entry::NeedsRegistration
        );
    }

    #[test]
    fn an_abandoned_sign_in_is_named_on_the_landing_page() {
        let Entry::SignedOut { notice: Some(n) } = Entry::Starting.next(EntryEvent::NoSession {
            notice: Entry::landing_notice(true),
        }) else {
            panic!("no notice");
        };
        assert!(n.what.wire().contains("not finished"));
        assert_eq!(
            Entry::Starting.next(EntryEvent::NoSession {
                notice: Entry::landing_notice(false)
            }),
            landing()
        );
    }

    #[test]
    fn a_failed_sign_in_explains_itself_or_asks_for_a_new_one() {
        let failed = Entry::Redirecting.next(EntryEvent::SignInFailed(AuthError::StateMismatch));
        assert!(
            matches!(&failed, Entry::SignInFailed(e) if e.why.wire().contains("state differs"))
        );
        let over = Entry::Redirecting.next(EntryEvent::SignInFailed(AuthError::SessionExpired));
        assert!(
            matches!(&over, Entry::SignedOut { notice: Some(n) } if n.what.wire().contains("session has ended"))
        );
    }

    #[test]
    fn a_refused_answer_is_shown_on_the_landing_page_but_not_while_leaving() {
        let refused = landing().next(EntryEvent::AnswerRefused(AuthError::StateMismatch));
        assert!(
            matches!(&refused, Entry::SignInFailed(e) if e.why.wire().contains("state differs"))
        );
        assert_eq!(
            Entry::Redirecting.next(EntryEvent::AnswerRefused(AuthError::StateMismatch)),
            Entry::Redirecting
        );
    }
}
