//! The hand-off sheet's values, in the order of Marketo's *Admin › Microsoft Dynamics* credential
//! form, and the one-line summary of the checks shown above it.

use crate::checks::{Finding, Verdict};
use crate::engine::plan::{Answers, ConnectionMode};
use crate::facts::{Facts, Observed};
use crate::session::Account;

use super::{procedure, SyncUser};

/// What the admin types into Marketo (the secret is added by the page while it holds it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandOff {
    /// Username: the application user's primary e-mail (server-to-server), or the sync user's
    /// sign-in name (client app).
    pub username: Option<String>,
    /// Client ID: the app registration's application id.
    pub client_id: Option<String>,
    /// Tenant ID.
    pub tenant_id: String,
    /// Org URL: the environment's Organization Service URL, the form Marketo asks for
    /// ([`procedure::organization_service_url`]) — it can never be changed in Marketo afterwards.
    pub org_url: Option<String>,
    /// The environment's own address (Global Discovery `Url`), shown beside the Org URL so the
    /// admin recognises the environment.
    pub environment_url: Option<String>,
    /// The environment's name as Global Discovery lists it, for the irreversible-choice warning.
    pub environment_name: Option<String>,
}

/// The values as the tenant has them now (not as the admin asked for them). `sync_user` is the
/// client-app mode's chosen user, as the picker found it.
pub fn hand_off(
    answers: &Answers,
    facts: Option<&Facts>,
    account: &Account,
    sync_user: Option<&SyncUser>,
) -> HandOff {
    let dataverse = facts
        .and_then(|f| f.dataverse.as_ref())
        .and_then(Observed::known);
    let listed = answers.environment_url.as_ref().and_then(|chosen| {
        facts
            .and_then(|f| f.environments.known())?
            .iter()
            .find(|e| {
                e.url
                    .trim_end_matches('/')
                    .eq_ignore_ascii_case(chosen.trim_end_matches('/'))
            })
    });
    let environment_url = answers
        .environment_url
        .as_ref()
        .map(|chosen| listed.map_or_else(|| chosen.clone(), |e| e.url.clone()));
    // The Organization Service URL needs the environment's Web API host, which only Global
    // Discovery gives: never guessed from the app URL (regional hosts differ).
    let org_url = listed
        .map(|e| e.api_url.as_str())
        .or_else(|| {
            answers
                .environment_url
                .as_deref()
                .and_then(|url| facts?.api_url_of(url))
        })
        .filter(|api| !api.is_empty())
        .map(procedure::organization_service_url);
    let username = match answers.mode {
        ConnectionMode::ServerToServer => dataverse
            .and_then(|dv| dv.application_user.as_ref())
            .and_then(|u| u.email.clone()),
        // Marketo's client-app username is the sync user's User Name (`domainname`, the UPN:
        // "The Username in Marketo must match the User Name for the sync user in CRM",
        // AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-ropc-connection/step-4-of-4-connect.md`):
        // the picker's, or after a reload the role holder's — never the e-mail, which can differ.
        ConnectionMode::ClientApp => sync_user.and_then(|u| u.sign_in_name.clone()).or_else(|| {
            let id = answers.sync_user_id.as_deref()?;
            dataverse?
                .role_holders
                .iter()
                .find(|u| u.id == id)?
                .user_name
                .clone()
        }),
    };
    HandOff {
        username,
        client_id: facts
            .and_then(|f| f.directory.known())
            .and_then(|d| d.app.as_ref())
            .map(|a| a.app_id.clone()),
        tenant_id: facts
            .and_then(|f| f.tenant.known())
            .map_or_else(|| account.tenant_id.clone(), |t| t.id.clone()),
        org_url,
        environment_url,
        environment_name: listed.map(|e| e.friendly_name.clone()),
    }
}

/// Counts of a validation report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckSummary {
    /// ✓ rows.
    pub passed: usize,
    /// ! rows.
    pub warnings: usize,
    /// ✗ rows.
    pub failed: usize,
    /// ? rows: checks that could not read what they need.
    pub unknown: usize,
    /// Marketo's own items that pass.
    pub marketo_passed: usize,
    /// Marketo's own items.
    pub marketo_total: usize,
}

/// Summarises findings.
pub(crate) fn summarise(findings: &[Finding]) -> CheckSummary {
    let mut summary = CheckSummary::default();
    for finding in findings {
        match finding.verdict {
            Verdict::Pass => summary.passed += 1,
            Verdict::Warn => summary.warnings += 1,
            Verdict::Fail => summary.failed += 1,
            Verdict::Unknown => summary.unknown += 1,
            Verdict::NotApplicable => {}
        }
        if finding.marketo_item.is_some() {
            summary.marketo_total += 1;
            if finding.verdict == Verdict::Pass {
                summary.marketo_passed += 1;
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{evaluate, Inputs};
    use crate::engine::plan::tests::{answers, complete, fresh, NOW};

    fn account() -> Account {
        Account {
            tenant_id: "t-from-token".into(),
            object_id: "o".into(),
            name: "Adele".into(),
            username: "adele@x".into(),
        }
    }

    #[test]
    fn a_complete_tenant_hands_off_its_real_values() {
        let facts = complete();
        let sheet = hand_off(&answers(), Some(&facts), &account(), None);
        let dv = facts.dataverse.as_ref().and_then(Observed::known).unwrap();
        assert_eq!(sheet.username, dv.application_user.as_ref().unwrap().email);
        assert_eq!(
            sheet.client_id.as_deref(),
            facts
                .directory
                .known()
                .unwrap()
                .app
                .as_ref()
                .map(|a| a.app_id.as_str())
        );
        assert_eq!(sheet.tenant_id, "t-1");
        assert_eq!(
            sheet.org_url.as_deref(),
            Some("https://contoso.api.crm.dynamics.com/XRMServices/2011/Organization.svc"),
            "the Organization Service URL Marketo asks for"
        );
        assert_eq!(
            sheet.environment_url.as_deref(),
            Some("https://contoso.crm.dynamics.com")
        );
        assert!(sheet.environment_name.is_some());
    }

    #[test]
    fn a_fresh_tenant_has_nothing_to_hand_off_but_the_tenant() {
        let mut chosen = answers();
        chosen.environment_url = Some("https://CONTOSO.crm.dynamics.com/".into());
        let sheet = hand_off(&chosen, Some(&fresh()), &account(), None);
        assert_eq!((sheet.username, sheet.client_id), (None, None));
        assert_eq!(
            sheet.environment_url.as_deref(),
            Some("https://contoso.crm.dynamics.com"),
            "the URL as Microsoft lists it"
        );
        assert_eq!(
            sheet.org_url.as_deref(),
            Some("https://contoso.api.crm.dynamics.com/XRMServices/2011/Organization.svc")
        );
        assert_eq!(
            hand_off(&chosen, None, &account(), None).tenant_id,
            "t-from-token"
        );
    }

    #[test]
    fn summaries_count_marketos_items_apart() {
        let facts = complete();
        let chosen = Answers {
            app_user_email: "app-user@contoso.com".into(),
            ..answers()
        };
        let findings = evaluate(&Inputs {
            answers: &chosen,
            facts: &facts,
            now: NOW,
            held_secret_prefix: None,
        });
        let summary = summarise(&findings);
        assert_eq!(summary.marketo_total, 7);
        assert_eq!(summary.marketo_passed, 7);
        assert_eq!(summary.failed, 0);
        let findings = evaluate(&Inputs {
            answers: &answers(),
            facts: &fresh(),
            now: NOW,
            held_secret_prefix: None,
        });
        assert!(summarise(&findings).failed > 0);
    }
}
