//! The plan review's inputs: what the admin may change, the defaults we propose, and the inline
//! validation shown next to each field.
//!
//! The rules are `crate::input`'s (the page has one rule set): problems are [`InputProblem`]
//! values, worded in the admin's language by [`InputProblem::message`]; the limits are
//! Microsoft's (portal name length, Dataverse e-mail column length, the tenant's secret policy).

use crate::engine::plan::{Answers, ConnectionMode, MAX_SECRET_LIFETIME_DAYS};
use crate::facts::Facts;
use crate::input::{self, InputProblem};
/// Tables Marketo's sync filter documentation names for `new_synctomkto`.
pub const SYNC_FILTER_TABLES: [&str; 4] = ["lead", "contact", "account", "opportunity"];

/// A change the admin made to one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Display name of the app registration.
    AppName(String),
    /// Which of several same-named apps to use (its application id).
    PickApp(String),
    /// E-mail of the application user (Marketo's username).
    AppUserEmail(String),
    /// Secret lifetime in days, as typed.
    SecretLifetime(String),
    /// Create a new secret although one exists.
    NewSecret(bool),
    /// Add or drop a table from the sync filter.
    SyncFilterTable {
        /// Logical name (one of [`SYNC_FILTER_TABLES`]).
        table: String,
        /// Whether it gets the column.
        on: bool,
    },
    /// Consent to remove the Marketo Sync User role from everyone else.
    RemoveOtherRoleHolders(bool),
    /// Consent to enable the solution's disabled plug-in steps.
    EnablePluginSteps(bool),
    /// Server-to-server (recommended) or the legacy client-app mode.
    ConnectionMode(ConnectionMode),
    /// Client-app mode: the licensed user Marketo signs in as (systemuserid).
    SyncUser(String),
}

impl Edit {
    /// Whether the last observation no longer covers the answers after this edit: the engine
    /// looks apps up by name and reads filter columns only for the chosen tables.
    pub(crate) fn outdates_facts(&self) -> bool {
        matches!(
            self,
            Edit::AppName(_) | Edit::PickApp(_) | Edit::SyncFilterTable { on: true, .. }
        )
    }
}

/// The inline validation of the whole form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormProblems {
    /// App name.
    pub app_name: Option<InputProblem>,
    /// Application user e-mail.
    pub app_user_email: Option<InputProblem>,
    /// Secret lifetime.
    pub secret_lifetime: Option<InputProblem>,
}

impl FormProblems {
    /// True when every field is fine.
    pub fn is_empty(&self) -> bool {
        self.app_name.is_none() && self.app_user_email.is_none() && self.secret_lifetime.is_none()
    }
}

/// The longest secret lifetime allowed: the tenant's app-management policy, else Entra's 24 months.
/// The form has no clock, so a new app counts as covered by the policy whatever its enforcement
/// date (the stricter reading); an existing app by its creation time.
pub fn max_secret_lifetime_days(facts: Option<&Facts>) -> u32 {
    facts
        .and_then(|f| f.directory.known())
        .and_then(|d| {
            let created = d
                .app
                .as_ref()
                .and_then(|app| app.created.as_deref())
                .and_then(crate::time::parse_iso8601);
            d.password_policy.known()?.max_lifetime_days(created)
        })
        .map_or(MAX_SECRET_LIFETIME_DAYS, |max| {
            max.min(MAX_SECRET_LIFETIME_DAYS)
        })
}

/// `marketo.sync@<the tenant's default domain>`, when the domains are known (the engine reads
/// who else carries it in the same observation).
pub(crate) fn suggested_app_user_email(facts: &Facts) -> Option<String> {
    crate::facts::suggested_app_user_email(facts.tenant.known()?)
}

/// Parses a lifetime as typed (`"180"`, `" 90 "`).
pub(crate) fn parse_lifetime(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

/// Validates the answers; `lifetime_input` is the lifetime field's text as typed.
pub fn validate(answers: &Answers, lifetime_input: &str, max_lifetime: u32) -> FormProblems {
    FormProblems {
        app_name: input::display_name(&answers.app_name).err(),
        // The client-app mode signs in as a picked person, not as an application user.
        app_user_email: match answers.mode {
            ConnectionMode::ServerToServer => input::email(&answers.app_user_email).err(),
            ConnectionMode::ClientApp => None,
        },
        secret_lifetime: input::secret_lifetime(lifetime_input, max_lifetime).err(),
    }
}

/// Applies an edit to the answers (the lifetime text is kept by the caller).
pub(crate) fn apply_edit(answers: &mut Answers, edit: &Edit) {
    match edit {
        Edit::AppName(name) => {
            answers.app_name = name.clone();
            // A different name is a different app: forget the one found under the old name.
            answers.app_id = None;
        }
        Edit::PickApp(app_id) => answers.app_id = Some(app_id.clone()),
        Edit::AppUserEmail(email) => answers.app_user_email = email.trim().to_owned(),
        Edit::SecretLifetime(text) => {
            if let Some(days) = parse_lifetime(text) {
                answers.secret_lifetime_days = days;
            }
        }
        Edit::NewSecret(on) => answers.new_secret = *on,
        Edit::SyncFilterTable { table, on } => {
            // Rebuilt in Marketo's order, whatever the click order was.
            let chosen = |known: &str| {
                if known == table {
                    *on
                } else {
                    answers.sync_filter_tables.iter().any(|t| t == known)
                }
            };
            answers.sync_filter_tables = SYNC_FILTER_TABLES
                .iter()
                .filter(|known| chosen(known) && input::table_name(known).is_ok())
                .map(|known| (*known).to_owned())
                .collect();
        }
        Edit::RemoveOtherRoleHolders(on) => answers.remove_other_role_holders = *on,
        Edit::EnablePluginSteps(on) => answers.enable_plugin_steps = *on,
        Edit::ConnectionMode(mode) => answers.mode = *mode,
        Edit::SyncUser(id) => answers.sync_user_id = Some(id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::tests::fresh;

    #[test]
    fn the_form_uses_the_input_rules() {
        let mut answers = Answers {
            app_user_email: "marketo.sync@contoso.com".into(),
            ..Answers::default()
        };
        assert!(validate(&answers, "180", 730).is_empty());
        answers.app_name = " ".into();
        answers.app_user_email = "marketo@contoso".into();
        let problems = validate(&answers, "180", 730);
        assert_eq!(problems.app_name, Some(InputProblem::Empty));
        assert_eq!(problems.app_user_email, Some(InputProblem::NotAnEmail));
        answers.app_name = "n".repeat(121);
        answers.app_user_email = format!("{}@contoso.com", "x".repeat(95));
        let problems = validate(&answers, "180", 730);
        assert_eq!(problems.app_name, Some(InputProblem::TooLong(120)));
        assert_eq!(problems.app_user_email, Some(InputProblem::TooLong(100)));
        answers.app_name = "Marketo\u{7}".into();
        assert_eq!(
            validate(&answers, "180", 730).app_name,
            Some(InputProblem::BadCharacters)
        );
        // The client-app mode has no application user, so no e-mail to check.
        answers.mode = ConnectionMode::ClientApp;
        assert_eq!(validate(&answers, "180", 730).app_user_email, None);
    }

    #[test]
    fn the_lifetime_is_bounded_by_the_tenant_policy() {
        let mut facts = fresh();
        assert_eq!(max_secret_lifetime_days(Some(&facts)), 730);
        if let crate::facts::Observed::Known(d) = &mut facts.directory {
            d.password_policy = crate::facts::Observed::Known(crate::facts::PasswordPolicy {
                max_lifetime: Some((90, Default::default())),
                ..Default::default()
            });
        }
        assert_eq!(max_secret_lifetime_days(Some(&facts)), 90);
        let answers = Answers::default();
        assert_eq!(validate(&answers, "90", 90).secret_lifetime, None);
        assert_eq!(
            validate(&answers, "180", 90).secret_lifetime,
            Some(InputProblem::LifetimeOutOfRange(90))
        );
        assert_eq!(
            validate(&answers, "0", 90).secret_lifetime,
            Some(InputProblem::LifetimeOutOfRange(90))
        );
        assert_eq!(
            validate(&answers, "99999999999999999999999", 90).secret_lifetime,
            Some(InputProblem::LifetimeOutOfRange(90))
        );
        assert_eq!(
            validate(&answers, "soon", 90).secret_lifetime,
            Some(InputProblem::NotANumber)
        );
        assert_eq!(
            validate(&answers, "", 90).secret_lifetime,
            Some(InputProblem::Empty)
        );
    }

    #[test]
    fn the_suggested_e_mail_uses_the_default_domain() {
        assert_eq!(
            suggested_app_user_email(&fresh()).as_deref(),
            Some("marketo.sync@contoso.onmicrosoft.com")
        );
    }

    #[test]
    fn edits_change_the_answers_and_say_when_a_new_read_is_needed() {
        let mut answers = Answers {
            app_id: Some("old".into()),
            ..Answers::default()
        };
        apply_edit(&mut answers, &Edit::AppName("Marketo EU".into()));
        assert_eq!(answers.app_id, None, "a new name forgets the old app");
        for table in ["opportunity", "lead", "nonsense"] {
            apply_edit(
                &mut answers,
                &Edit::SyncFilterTable {
                    table: table.into(),
                    on: true,
                },
            );
        }
        assert_eq!(answers.sync_filter_tables, vec!["lead", "opportunity"]);
        apply_edit(
            &mut answers,
            &Edit::SyncFilterTable {
                table: "lead".into(),
                on: false,
            },
        );
        assert_eq!(answers.sync_filter_tables, vec!["opportunity"]);
        apply_edit(&mut answers, &Edit::SecretLifetime(" 90 ".into()));
        assert_eq!(answers.secret_lifetime_days, 90);
        assert!(Edit::AppName(String::new()).outdates_facts());
        assert!(!Edit::SyncFilterTable {
            table: "lead".into(),
            on: false
        }
        .outdates_facts());
        assert!(!Edit::RemoveOtherRoleHolders(true).outdates_facts());
    }
}
