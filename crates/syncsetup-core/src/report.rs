//! The run report (JSON and Markdown) and the secret-expiry reminder (.ics).
//!
//! The report records what the run created or changed, in which tenant and environment, by whom
//! and when, and the final checks — everything an auditor or the next admin needs, and never the
//! secret: only its key id, its first three characters as Graph shows them, and its expiry. The
//! reminder is a calendar event 30 days before the secret expires, because Marketo's sync stops
//! silently on that day.

use serde::Serialize;

use crate::checks::{Finding, Verdict};
use crate::engine::apply::Change;
use crate::time::format_iso8601;

/// What a report is made of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// When the report was made (ISO 8601, UTC).
    pub generated_at: String,
    /// Who ran the tool (display name and sign-in name).
    pub signed_in_as: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Tenant name.
    pub tenant_name: String,
    /// The environment's own address (Global Discovery `Url`).
    pub environment_url: Option<String>,
    /// Marketo's "Org URL": the environment's Organization Service URL.
    pub org_url: Option<String>,
    /// The Marketo procedure the hand-off gave (`wizard::procedure::Procedure::id`), if decided.
    pub procedure: Option<String>,
    /// Marketo's "Client ID".
    pub client_id: Option<String>,
    /// Marketo's "Username" (the application user's e-mail).
    pub username: Option<String>,
    /// Key id of the secret created in this run, if any.
    pub secret_key_id: Option<String>,
    /// The first three characters Graph shows for it.
    pub secret_hint: Option<String>,
    /// When it expires (ISO 8601).
    pub secret_expires: Option<String>,
    /// What the run created, changed or removed.
    pub changes: Vec<ReportChange>,
    /// The checks at the end of the run.
    pub checks: Vec<ReportCheck>,
}

/// One change, flattened for the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportChange {
    /// The step's title.
    pub step: &'static str,
    /// Object kind.
    pub object: &'static str,
    /// Object id.
    pub id: String,
    /// created / updated / removed.
    pub action: &'static str,
}

/// One check row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportCheck {
    /// Marketo's item number, if it is one of the seven.
    pub marketo_item: Option<u8>,
    /// Title.
    pub title: &'static str,
    /// pass / warn / fail / n/a.
    pub verdict: &'static str,
    /// What was found.
    pub found: String,
}

impl RunReport {
    /// Adds the run's changes.
    pub(crate) fn with_changes(mut self, changes: &[Change]) -> Self {
        self.changes = changes
            .iter()
            .map(|c| ReportChange {
                step: c.step.title(),
                object: c.object,
                id: c.id.clone(),
                action: c.action,
            })
            .collect();
        self
    }

    /// Adds the final checks.
    pub(crate) fn with_checks(mut self, findings: &[Finding]) -> Self {
        self.checks = findings
            .iter()
            .map(|f| ReportCheck {
                marketo_item: f.marketo_item,
                title: f.title,
                verdict: verdict_word(f.verdict),
                found: f.found.wire(),
            })
            .collect();
        self
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serializes")
    }

    /// Markdown for a ticket or a wiki page.
    pub(crate) fn to_markdown(&self) -> String {
        let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        let mut md = format!(
            "# Marketo ⇄ Dynamics 365 sync setup\n\n\
             - Generated: {}\n- Signed in as: {}\n- Tenant: {} ({})\n- Environment: {}\n- Org URL: {}\n- Client ID: {}\n- Username: {}\n- Marketo procedure: {}\n",
            self.generated_at,
            self.signed_in_as,
            self.tenant_name,
            self.tenant_id,
            dash(&self.environment_url),
            dash(&self.org_url),
            dash(&self.client_id),
            dash(&self.username),
            dash(&self.procedure)
        );
        if let Some(key) = &self.secret_key_id {
            md.push_str(&format!(
                "- Client secret: key {key}, starts with {}…, expires {} (the value is not in this report)\n",
                self.secret_hint.as_deref().unwrap_or("?"),
                dash(&self.secret_expires)
            ));
        }
        md.push_str("\n## Changes\n\n");
        if self.changes.is_empty() {
            md.push_str("Nothing was changed.\n");
        } else {
            md.push_str("| Step | Object | Id | Action |\n|---|---|---|---|\n");
            for c in &self.changes {
                md.push_str(&format!(
                    "| {} | {} | `{}` | {} |\n",
                    c.step, c.object, c.id, c.action
                ));
            }
        }
        md.push_str("\n## Checks\n\n| # | Check | Result | Found |\n|---|---|---|---|\n");
        for c in &self.checks {
            let number = c.marketo_item.map(|n| n.to_string()).unwrap_or_default();
            md.push_str(&format!(
                "| {number} | {} | {} | {} |\n",
                c.title,
                c.verdict,
                c.found.replace('|', "\\|")
            ));
        }
        md
    }
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
        Verdict::Unknown => "unknown",
        Verdict::NotApplicable => "n/a",
    }
}

/// Reminder lead time before a secret expires.
pub(crate) const REMINDER_DAYS_BEFORE: u64 = 30;

/// An iCalendar event 30 days before `expires` (Unix seconds); `now` stamps it. `uid` must be
/// unique per secret (its key id is).
pub(crate) fn expiry_reminder_ics(uid: &str, app_name: &str, expires: u64, now: u64) -> String {
    let at = expires
        .saturating_sub(REMINDER_DAYS_BEFORE * 86_400)
        .max(now);
    let stamp = |t: u64| format_iso8601(t).replace(['-', ':'], "");
    let escape = |text: &str| {
        text.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let summary = escape(&format!("Rotate the Marketo client secret of {app_name}"));
    let description = escape(&format!(
        "The client secret Marketo uses to reach Dynamics 365 expires on {}. Open Sync Setup, choose Rotate secret, enter the new secret in Marketo (Admin › Microsoft Dynamics), then remove the old one.",
        format_iso8601(expires)
    ));
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sync Setup for Marketo//EN",
        "BEGIN:VEVENT",
        &format!("UID:{uid}@sync-setup"),
        &format!("DTSTAMP:{}", stamp(now)),
        &format!("DTSTART:{}", stamp(at)),
        &format!("DTEND:{}", stamp(at + 3600)),
        &format!("SUMMARY:{summary}"),
        &format!("DESCRIPTION:{description}"),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::StepId;

    fn report() -> RunReport {
        RunReport {
            generated_at: "2026-11-21T10:00:00Z".into(),
            signed_in_as: "Adele Vance <adele@contoso.onmicrosoft.com>".into(),
            tenant_id: "t-1".into(),
            tenant_name: "Contoso".into(),
            environment_url: Some("https://contoso.crm.dynamics.com".into()),
            org_url: Some(
                "https://contoso.api.crm.dynamics.com/XRMServices/2011/Organization.svc".into(),
            ),
            procedure: Some("first-connection".into()),
            client_id: Some("app-1".into()),
            username: Some("marketo@contoso.com".into()),
            secret_key_id: Some("k-1".into()),
            secret_hint: Some("Q~x".into()),
            secret_expires: Some("2027-05-20T10:00:00Z".into()),
            changes: vec![],
            checks: vec![],
        }
        .with_changes(&[Change {
            step: StepId::AppRegistration,
            object: "application",
            id: "app-1".into(),
            action: "created",
        }])
    }

    #[test]
    fn json_and_markdown_carry_the_hand_off_values_and_changes() {
        let json: serde_json::Value = serde_json::from_str(&report().to_json()).unwrap();
        assert_eq!(json["clientId"], "app-1");
        assert_eq!(
            json["changes"][0]["step"],
            "Register the Marketo app in Entra ID"
        );
        let md = report().to_markdown();
        assert!(
            md.contains(
                "| Register the Marketo app in Entra ID | application | `app-1` | created |"
            ),
            "{md}"
        );
        assert!(md.contains("starts with Q~x…"));
        assert!(md.contains("the value is not in this report"));
    }

    #[test]
    fn the_reminder_is_thirty_days_before_expiry() {
        let ics = expiry_reminder_ics("k-1", "Marketo Integration", 1_798_761_600, 1_795_255_200);
        assert!(ics.contains("DTSTART:20261202T000000Z"), "{ics}");
        assert!(ics.contains("UID:k-1@sync-setup"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("SUMMARY:Rotate the Marketo client secret of Marketo Integration"));
        let soon = expiry_reminder_ics("k", "x", 1_795_255_200 + 86_400, 1_795_255_200);
        assert!(
            soon.contains("DTSTART:20261121T100000Z"),
            "never in the past: {soon}"
        );
    }
}
