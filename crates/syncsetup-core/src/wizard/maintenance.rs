//! After the setup: rotating the client secret and tearing down, as the page walks the admin
//! through them, plus what the hand-off sheet offers to download (the run report and the
//! secret-expiry reminder).
//!
//! Rotation has a pause in the middle on purpose: the new secret is added and shown, and the old
//! ones are removed only after the admin says Marketo uses the new one — removing them first
//! would stop the sync. Teardown lists what it would remove and waits for an explicit
//! confirmation; Entra ID keeps the deleted app registration restorable for 30 days.

use base64::Engine as _;

use crate::engine::apply::Change;
use crate::engine::facts::PasswordCredential;
use crate::engine::maintenance::TeardownItem;
use crate::explain::Explanation;

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
    /// Only the new secret is left.
    Done,
}

/// A rotation of the client secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The secrets the app had before: removed once Marketo uses the new one.
    pub old: Vec<PasswordCredential>,
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
            stage: RotationStage::Ready,
            problem: None,
        }
    }

    /// Key ids to remove once Marketo uses the new secret.
    pub fn old_key_ids(&self) -> Vec<String> {
        self.old.iter().map(|p| p.key_id.clone()).collect()
    }
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
            stage: TeardownStage::Listed,
            removed: Vec::new(),
            problem: None,
        }
    }

    /// Whether the remove button works.
    pub fn can_start(&self) -> bool {
        self.confirmed && self.stage == TeardownStage::Listed && !self.items.is_empty()
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
    pub fn media_type(self) -> &'static str {
        match self {
            Download::ReportJson => "application/json",
            Download::ReportMarkdown => "text/markdown",
            Download::Reminder => "text/calendar",
        }
    }
}

/// A `data:` URL holding `text`: the page is static and has no server to download from, and
/// a data URL needs no browser API beyond a link.
pub fn data_url(media_type: &str, text: &str) -> String {
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

    #[test]
    fn teardown_needs_a_confirmation_and_something_to_remove() {
        let item = TeardownItem {
            what: "App".into(),
            id: "a".into(),
            note: None,
        };
        let mut teardown = Teardown::new(vec![item]);
        assert!(!teardown.can_start());
        teardown.confirmed = true;
        assert!(teardown.can_start());
        assert!(!Teardown {
            confirmed: true,
            ..Teardown::new(vec![])
        }
        .can_start());
    }
}
