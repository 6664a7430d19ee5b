//! What each screen shows, as its own type (issue 17: "the shell sees a view model"). The wizard
//! builds one of these per screen from its state; the page's view renders it and decides nothing:
//! which title, which button is primary, whether a spinner says the run or the checks go on —
//! all of it is settled here, where a host test can see it.

use super::{CheckSummary, Field, JobKind, Mode, Notice, Run, SecretNote, Wizard};
use crate::checks::{Finding, Verdict};
use crate::explain::Explanation;
use crate::facts::{Environment, Observed};
use crate::i18n::Msg;

/// The checks screen.
#[derive(Debug)]
pub struct ChecksScreen<'a> {
    /// A notice above the checks.
    pub notice: Option<&'a Notice>,
    /// "Validate" when the admin only validates, else "Checks".
    pub title: Msg,
    /// The counts the summary line gives.
    pub summary: CheckSummary,
    /// Marketo's own Validate Sync Setup items, in Marketo's order.
    pub marketo: Vec<&'a Finding>,
    /// The other checks.
    pub others: Vec<&'a Finding>,
    /// Whether the hand-off sheet is offered (not while Marketo's own checks fail), and whether
    /// it is the primary action (nothing failed).
    pub hand_off: Option<Prominence>,
}

/// Whether an action is the one the screen leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prominence {
    /// The primary button.
    Primary,
    /// An ordinary one.
    Secondary,
}

impl Prominence {
    fn of(primary: bool) -> Self {
        if primary {
            Prominence::Primary
        } else {
            Prominence::Secondary
        }
    }
}

/// The environment picker.
#[derive(Debug)]
pub enum EnvironmentsScreen<'a> {
    /// Not read yet: nothing to show.
    NotRead,
    /// Global Discovery could not be read, or listed nothing: why, with "read again".
    Problem(Explanation),
    /// The environments to choose from.
    List {
        /// A notice above the list.
        notice: Option<&'a Notice>,
        /// The failing roles check, when the admin lacks a needed role.
        role_problem: Option<Finding>,
        /// Each environment with its kind as the checks judge it (a warning is explained
        /// below the table, before the irreversible choice).
        rows: Vec<EnvironmentRow<'a>>,
    },
}

/// One environment of the picker.
#[derive(Debug)]
pub struct EnvironmentRow<'a> {
    /// The environment.
    pub environment: &'a Environment,
    /// Its kind, judged as the checks judge it.
    pub kind: Finding,
    /// Enabled and ready.
    pub ready: bool,
}

impl EnvironmentRow<'_> {
    /// Whether its kind deserves the note below the table.
    pub fn kind_needs_a_note(&self) -> bool {
        self.kind.verdict != Verdict::Pass
    }
}

/// The run screen.
#[derive(Debug)]
pub struct ApplyingScreen<'a> {
    /// The run.
    pub run: &'a Run,
    /// Why this run started (a resumed or a rerun after a fix), above the rows.
    pub origin_notice: Option<&'a Notice>,
    /// Why it stopped, once it has.
    pub stop_notice: Option<&'a Notice>,
    /// The run stopped for want of the HRD permission: signing in again for it is the primary
    /// action, and "back to the plan" is not.
    pub needs_hrd_consent: bool,
    /// A job is still running (the buttons wait).
    pub busy: bool,
}

impl ApplyingScreen<'_> {
    /// How prominent "back to the plan" is.
    pub fn back_to_plan(&self) -> Prominence {
        Prominence::of(!self.needs_hrd_consent)
    }
}

/// The secret, shown once (also inside the rotation screen).
#[derive(Debug)]
pub struct SecretScreen<'a> {
    /// What the page knows about the secret it holds (never the text).
    pub note: &'a SecretNote,
    /// Whether "copied" shows beside the copy button.
    pub copied: bool,
    /// What still runs behind the screen.
    pub background: Option<Background>,
}

/// What still runs while the secret is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    /// The rest of the run (the secret is revealed the moment it exists, mid-run).
    Run,
    /// The checks after the run.
    Checks,
}

impl Background {
    /// What the spinner says.
    pub fn message(self) -> Msg {
        match self {
            Background::Run => Msg::RunGoesOnInBackground,
            Background::Checks => Msg::ChecksInBackground,
        }
    }
}

impl Wizard {
    /// The checks screen.
    pub fn checks_screen(&self) -> ChecksScreen<'_> {
        let summary = self.check_summary();
        let (marketo, others) = self.findings.iter().partition(|f| f.marketo_item.is_some());
        ChecksScreen {
            notice: self.notice.as_ref(),
            title: if self.mode == Mode::ValidateOnly {
                Msg::ValidateTitle
            } else {
                Msg::ChecksTitle
            },
            summary,
            marketo,
            others,
            hand_off: self
                .offers_hand_off()
                .then(|| Prominence::of(summary.failed == 0)),
        }
    }

    /// The environment picker.
    pub fn environments_screen(&self) -> EnvironmentsScreen<'_> {
        let list = match self.facts.as_ref().map(|f| &f.environments) {
            None => return EnvironmentsScreen::NotRead,
            Some(Observed::Unknown(why)) => return EnvironmentsScreen::Problem(why.clone()),
            Some(Observed::Known(list)) if list.is_empty() => {
                return EnvironmentsScreen::Problem(crate::discovery_service::no_environments())
            }
            Some(Observed::Known(list)) => list,
        };
        EnvironmentsScreen::List {
            notice: self.notice.as_ref(),
            role_problem: self.role_problem(),
            rows: list
                .iter()
                .map(|environment| EnvironmentRow {
                    environment,
                    kind: self.environment_kind(environment),
                    ready: environment.enabled && environment.ready,
                })
                .collect(),
        }
    }

    /// The run screen, while there is a run.
    pub fn applying_screen(&self) -> Option<ApplyingScreen<'_>> {
        Some(ApplyingScreen {
            run: self.run.as_ref()?,
            origin_notice: self.run_origin_notice(),
            stop_notice: self.run_stop_notice(),
            needs_hrd_consent: self.needs_hrd_consent(),
            busy: self.job.is_some(),
        })
    }

    /// The secret, while the page holds one.
    pub fn secret_screen(&self) -> Option<SecretScreen<'_>> {
        Some(SecretScreen {
            note: self.secret.as_ref()?,
            copied: self.copied == Some(Field::ClientSecret),
            background: self.job.map(|j| match j.kind {
                JobKind::Apply => Background::Run,
                _ => Background::Checks,
            }),
        })
    }
}
