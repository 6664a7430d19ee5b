//! A failure as the admin reads it: what happened, why, and how to fix it.
//!
//! Every error type the UI can meet converts into an [`Explanation`], so the views never compose
//! messages themselves and every failure screen has the same three parts plus the raw detail
//! (an AADSTS code, a status line) that support people ask for.

use crate::i18n::Text;
use crate::i18n::{Arg, TextKey};

/// A user-facing account of a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// One line: what went wrong.
    pub what: Text,
    /// Why it happened, in the admin's terms.
    pub why: Text,
    /// What to do about it.
    pub fix: Text,
    /// Technical detail for support (error code, status), if any.
    pub detail: Option<String>,
}

impl Explanation {
    /// Builds an explanation from its three parts.
    pub fn new(what: impl Into<Text>, why: impl Into<Text>, fix: impl Into<Text>) -> Self {
        Self {
            what: what.into(),
            why: why.into(),
            fix: fix.into(),
            detail: None,
        }
    }

    /// `service` refused a request this page built as malformed (an unknown property, a bad
    /// query): a defect of Sync Setup, not of the tenant or of Microsoft — said truthfully, with
    /// whom to tell.
    pub(crate) fn page_defect(service: &str) -> Self {
        Self::new(
            Text::with(TextKey::RefusedRequestPageBuilt, [Arg::from(service)]),
            Text::with(
                TextKey::AnsweredRequestItselfMalformedDefectSync,
                [Arg::from(service)],
            ),
            TextKey::ReportWhoeverHostsPageDetailsBelow,
        )
    }

    /// Attaches technical detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}
