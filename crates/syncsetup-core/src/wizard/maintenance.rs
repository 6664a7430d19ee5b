//! After the setup: rotating the client secret and tearing down, as the page walks the admin
//! through them, plus what the hand-off sheet offers to download (the run report and the
//! secret-expiry reminder).
//!
//! Rotation has a pause in the middle on purpose: the new secret is added and shown, and the old
//! ones are removed only after the admin says Marketo uses the new one — removing them first
//! would stop the sync. Teardown lists what it would remove and waits for an explicit
//! confirmation; Entra ID keeps the deleted app registration restorable for 30 days.
//!
//! Both survive a reload: the wizard keeps their stage and the key ids the app had before the
//! rotation in sessionStorage (`Progress`; ids only, never a secret), reads the tenant again and
//! carries on from what it shows ([`Rotation::resumed`]). Removing old secrets tries each one, and
//! a partial failure keeps what was removed, names what was not, and retries only the rest.

use base64::Engine as _;

use crate::engine::apply::Change;
use crate::engine::maintenance::{Removals, TeardownItem};
use crate::explain::Explanation;
use crate::facts::PasswordCredential;

/// Where a rotation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RotationStage {
    /// What will happen, and the button to add the new secret.
    Ready,
    /// Adding the new secret.
    Adding,
    /// The new secret is shown; waiting for "Marketo now uses the new secret".
    Added,
    /// Removing the old secrets.
    Removing,
    /// Some old secrets could not be removed: the rest is retried on request.
    RemovalStopped,
    /// Only the new secret is left.
    Done,
}

impl RotationStage {
    const NAMES: [(RotationStage, &'static str); 6] = [
        (RotationStage::Ready, "ready"),
        (RotationStage::Adding, "adding"),
        (RotationStage::Added, "added"),
        (RotationStage::Removing, "removing"),
        (RotationStage::RemovalStopped, "removalStopped"),
        (RotationStage::Done, "done"),
    ];

    /// Its name in `Progress`.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(stage, _)| *stage == self)
            .map_or("ready", |(_, name)| name)
    }

    /// The stage [`RotationStage::name`] names.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(stage, _)| *stage)
    }
}

/// A rotation of the client secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The secrets the app had before that are still there (or were, until removed below).
    pub old: Vec<PasswordCredential>,
    /// Key ids of old secrets already removed.
    pub removed: Vec<String>,
    /// Key ids of old secrets the last removal could not remove.
    pub not_removed: Vec<String>,
    /// A new secret added before the page reloaded: its value was only ever in that page's
    /// memory, so it cannot be shown again.
    pub unseen_new: Option<PasswordCredential>,
    /// Where it stands.
    pub stage: RotationStage,
    /// Why the last step failed, if it did (the stage stays where it was).
    pub problem: Option<Explanation>,
}

impl Rotation {
    /// A rotation of an app whose secrets are `old`.
    pub fn new(old: Vec<PasswordCredential>) -> Self {
        Self {
            old,
            removed: Vec::new(),
            not_removed: Vec::new(),
            unseen_new: None,
            stage: RotationStage::Ready,
            problem: None,
        }
    }

    /// Key ids still to remove once Marketo uses the new secret (a retry sends only these).
    pub fn old_key_ids(&self) -> Vec<String> {
        self.old
            .iter()
            .map(|p| p.key_id.clone())
            .filter(|key| !self.removed.contains(key))
            .collect()
    }

    /// Every key id the app had before the rotation, removed or not: what a reload needs to
    /// tell old secrets from new ones.
    pub(crate) fn original_key_ids(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.old.iter().map(|p| p.key_id.clone()).collect();
        for key in &self.removed {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        keys
    }

    /// Takes in what a removal came to.
    pub(crate) fn removal_finished(&mut self, removals: Removals) {
        self.removed.extend(removals.removed);
        self.not_removed = removals
            .not_removed
            .iter()
            .map(|(key, _)| key.clone())
            .collect();
        self.problem = removals.not_removed.into_iter().map(|(_, why)| why).next();
        self.stage = if self.not_removed.is_empty() {
            RotationStage::Done
        } else {
            RotationStage::RemovalStopped
        };
    }

    /// The rotation as the tenant shows it after a reload: `stage` and `original_key_ids` were
    /// kept, `secrets` are the app's secrets now. An old secret that is gone was removed; a
    /// secret that is not old was added (its value is lost). A removal under way carries on
    /// (stage `Removing`: the admin had confirmed it) unless nothing is left to remove.
    pub fn resumed(
        stage: RotationStage,
        original_key_ids: &[String],
        secrets: &[PasswordCredential],
    ) -> Self {
        let is_old = |p: &&PasswordCredential| original_key_ids.contains(&p.key_id);
        let old: Vec<PasswordCredential> = secrets.iter().filter(is_old).cloned().collect();
        let removed = original_key_ids
            .iter()
            .filter(|key| !secrets.iter().any(|p| &p.key_id == *key))
            .cloned()
            .collect();
        let unseen_new = secrets.iter().rev().find(|p| !is_old(p)).cloned();
        let stage = match stage {
            RotationStage::Ready | RotationStage::Adding | RotationStage::Added => {
                if unseen_new.is_some() {
                    RotationStage::Added
                } else {
                    RotationStage::Ready
                }
            }
            RotationStage::Removing | RotationStage::RemovalStopped | RotationStage::Done => {
                if old.is_empty() {
                    RotationStage::Done
                } else {
                    RotationStage::Removing
                }
            }
        };
        Self {
            old,
            removed,
            not_removed: Vec::new(),
            unseen_new,
            stage,
            problem: None,
        }
    }
}

/// A rotation or teardown to pick up after a reload, as `Progress` kept it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resume {
    /// A rotation: its stage and the key ids the app had before it.
    Rotation {
        /// Where it stood.
        stage: RotationStage,
        /// [`Rotation::original_key_ids`].
        original_key_ids: Vec<String>,
    },
    /// A teardown; `removing` once the admin had confirmed it.
    Teardown {
        /// Removal had started.
        removing: bool,
        /// The admin had asked to remove what was there before, too.
        include_existing: bool,
    },
}

/// Where a teardown stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeardownStage {
    /// The list of what would be removed, and the confirmation.
    Listed,
    /// Removing.
    Removing,
    /// Finished (see [`Teardown::problem`] for one that stopped).
    Finished,
}

/// Tearing down what the tool created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Teardown {
    /// What would be removed, in the order it is removed.
    pub items: Vec<TeardownItem>,
    /// The admin ticked "I understand".
    pub confirmed: bool,
    /// The admin also asked, by name, to remove what was there before this page ran.
    pub include_existing: bool,
    /// Where it stands.
    pub stage: TeardownStage,
    /// What was removed.
    pub removed: Vec<Change>,
    /// Why it stopped, if it did.
    pub problem: Option<Explanation>,
}

impl Teardown {
    /// A teardown of `items`, not yet confirmed.
    pub fn new(items: Vec<TeardownItem>) -> Self {
        Self {
            items,
            confirmed: false,
            include_existing: false,
            stage: TeardownStage::Listed,
            removed: Vec::new(),
            problem: None,
        }
    }

    /// The items this teardown removes: what this page created, and what was there before only
    /// when the admin asked for it.
    pub fn to_remove(&self) -> impl Iterator<Item = &TeardownItem> {
        self.items
            .iter()
            .filter(|i| i.created_here || self.include_existing)
    }

    /// The ids of [`Self::to_remove`] (the job's input).
    pub fn ids_to_remove(&self) -> Vec<String> {
        self.to_remove().map(|i| i.id.clone()).collect()
    }

    /// Whether something listed was there before this page ran.
    pub fn lists_existing(&self) -> bool {
        self.items.iter().any(|i| !i.created_here)
    }

    /// Whether the remove button works.
    pub fn can_start(&self) -> bool {
        self.confirmed && self.stage == TeardownStage::Listed && self.to_remove().next().is_some()
    }
}

/// A file the page offers to download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Download {
    /// The run report as JSON.
    ReportJson,
    /// The run report as Markdown.
    ReportMarkdown,
    /// The calendar reminder 30 days before the secret expires.
    Reminder,
}

impl Download {
    /// The file name the browser saves it under.
    pub fn file_name(self) -> &'static str {
        match self {
            Download::ReportJson => "sync-setup-report.json",
            Download::ReportMarkdown => "sync-setup-report.md",
            Download::Reminder => "marketo-secret-reminder.ics",
        }
    }

    /// Its media type.
    pub(crate) fn media_type(self) -> &'static str {
        match self {
            Download::ReportJson => "application/json",
            Download::ReportMarkdown => "text/markdown",
            Download::Reminder => "text/calendar",
        }
    }
}

/// A `data:` URL holding `text`: the page is static and has no server to download from, and
/// a data URL needs no browser API beyond a link.
pub(crate) fn data_url(media_type: &str, text: &str) -> String {
    format!(
        "data:{media_type};charset=utf-8;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_data_urls_the_browser_decodes_back() {
        let url = data_url(Download::ReportMarkdown.media_type(), "# Report ⇄ é\n");
        let encoded = url
            .strip_prefix("data:text/markdown;charset=utf-8;base64,")
            .unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "# Report ⇄ é\n");
        assert_eq!(
            Download::Reminder.file_name(),
            "marketo-secret-reminder.ics"
        );
    }

    fn secret(key: &str) -> PasswordCredential {
        PasswordCredential {
            key_id: key.into(),
            display_name: None,
            hint: Some(key[..1].into()),
            end: None,
        }
    }

    #[test]
    fn a_partial_removal_keeps_what_was_removed_and_retries_only_the_rest() {
        let mut rotation = Rotation::new(vec![secret("a"), secret("b"), secret("c")]);
        rotation.stage = RotationStage::Removing;
        rotation.removal_finished(Removals {
            removed: vec!["a".into(), "c".into()],
            not_removed: vec![(
                "b".into(),
                Explanation::new("Refused.", "Graph said no.", "Try again."),
            )],
        });
        assert_eq!(rotation.stage, RotationStage::RemovalStopped);
        assert_eq!(rotation.not_removed, vec!["b"]);
        assert_eq!(rotation.problem.as_ref().unwrap().what.wire(), "Refused.");
        assert_eq!(
            rotation.old_key_ids(),
            vec!["b"],
            "a retry sends only the rest"
        );
        assert_eq!(rotation.original_key_ids(), vec!["a", "b", "c"]);
        rotation.removal_finished(Removals {
            removed: vec!["b".into()],
            not_removed: Vec::new(),
        });
        assert_eq!(rotation.stage, RotationStage::Done);
        assert!(rotation.problem.is_none() && rotation.not_removed.is_empty());
        assert!(rotation.old_key_ids().is_empty());
    }

    #[test]
    fn a_rotation_resumes_from_what_the_tenant_shows() {
        let before = vec!["a".to_owned(), "b".to_owned()];
        // Reloaded before the new secret was added: start again.
        let r = Rotation::resumed(RotationStage::Adding, &before, &[secret("a"), secret("b")]);
        assert_eq!((r.stage, r.unseen_new), (RotationStage::Ready, None));
        // Added, but its value is gone with the page: it is named, not shown.
        let r = Rotation::resumed(
            RotationStage::Adding,
            &before,
            &[secret("a"), secret("b"), secret("n")],
        );
        assert_eq!(r.stage, RotationStage::Added);
        assert_eq!(r.unseen_new, Some(secret("n")));
        assert_eq!(r.old_key_ids(), vec!["a", "b"]);
        // Removing: what is gone was removed; the rest is carried on with.
        let r = Rotation::resumed(
            RotationStage::Removing,
            &before,
            &[secret("b"), secret("n")],
        );
        assert_eq!(r.stage, RotationStage::Removing);
        assert_eq!(r.removed, vec!["a"]);
        assert_eq!(r.old_key_ids(), vec!["b"]);
        assert_eq!(r.original_key_ids(), vec!["b", "a"]);
        let r = Rotation::resumed(RotationStage::RemovalStopped, &before, &[secret("n")]);
        assert_eq!(r.stage, RotationStage::Done);
        for (stage, _) in RotationStage::NAMES {
            assert_eq!(RotationStage::from_name(stage.name()), Some(stage));
        }
    }

    #[test]
    fn teardown_needs_a_confirmation_and_something_to_remove() {
        let item = |id: &str, created_here| TeardownItem {
            what: "App".into(),
            id: id.into(),
            note: None,
            created_here,
        };
        let mut teardown = Teardown::new(vec![item("a", true)]);
        assert!(!teardown.can_start());
        teardown.confirmed = true;
        assert!(teardown.can_start());
        // What was there before is removed only when asked for by name.
        let mut mixed = Teardown::new(vec![item("user", false), item("app", true)]);
        mixed.confirmed = true;
        assert!(mixed.lists_existing());
        assert_eq!(mixed.ids_to_remove(), vec!["app"]);
        mixed.include_existing = true;
        assert_eq!(mixed.ids_to_remove(), vec!["user", "app"]);
        let mut before_only = Teardown::new(vec![item("app", false)]);
        before_only.confirmed = true;
        assert!(!before_only.can_start(), "nothing of this page's to remove");
        before_only.include_existing = true;
        assert!(before_only.can_start());
        assert!(!Teardown {
            confirmed: true,
            ..Teardown::new(vec![])
        }
        .can_start());
    }
}
