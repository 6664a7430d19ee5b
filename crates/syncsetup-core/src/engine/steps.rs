//! Marketo's setup steps, one row each: the step's identity and everything said about it — its
//! stable slug (DOM ids, tests), its title in both languages, the Marketo documentation step it
//! replaces, and the steps it waits for — and, below, where each step is planned, run and merged.
//!
//! A directory step and the environment are one file each under `steps/`: how it is planned
//! (status and the previews of what it will send, from the same request builders the run uses)
//! and how it runs. The Dataverse steps (7–13) are still planned together in `plan` and run in
//! `apply_dataverse`. Adding a directory step: a `StepId` variant, a row in [`STEPS`], its file
//! and its three dispatch lines below.

mod admin_consent;
mod app_registration;
mod client_secret;
mod environment;
mod home_realm_discovery;
mod service_principal;

pub(crate) use client_secret::add_secret;
pub use home_realm_discovery::HRD_CONSENT_NEEDED;

use std::future::Future;
use std::pin::Pin;

use super::plan::{Plan, Planned, Planning, StepId};
use super::run::{Outcome, StepError, StepRun};
use super::tokens::TokenSource;
use crate::facts::{Facts, Observed};
use crate::http::HttpClient;
use crate::i18n::{Lang, TextKey};
use crate::transport::runtime::Runtime;

/// One step's description.
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Its stable name on the page (element ids) and in tests.
    pub slug: &'static str,
    /// Short title in English (the report's language).
    pub title: &'static str,
    /// Short title in Dutch.
    pub title_nl: &'static str,
    /// The Marketo documentation step it replaces (a catalog key: `i18n::core_texts`).
    pub marketo_doc: TextKey,
    /// The steps that must be done before this one.
    pub after: &'static [StepId],
}

/// Every step, in Marketo's order.
pub const STEPS: [Step; 13] = [
    Step {
        id: StepId::AppRegistration,
        slug: "app-registration",
        title: "Register the Marketo app in Entra ID",
        title_nl: "De Marketo-app registreren in Entra ID",
        marketo_doc: TextKey::DocCreateClientApp,
        after: &[],
    },
    Step {
        id: StepId::ServicePrincipal,
        slug: "service-principal",
        title: "Create its enterprise application",
        title_nl: "De bijbehorende bedrijfstoepassing maken",
        marketo_doc: TextKey::DocCreateClientApp,
        after: &[StepId::AppRegistration],
    },
    Step {
        id: StepId::AdminConsent,
        slug: "admin-consent",
        title: "Grant admin consent for Dynamics CRM",
        title_nl: "Beheerderstoestemming verlenen voor Dynamics CRM",
        marketo_doc: TextKey::DocGrantConsent,
        after: &[StepId::ServicePrincipal],
    },
    Step {
        id: StepId::ClientSecret,
        slug: "client-secret",
        title: "Create a client secret",
        title_nl: "Een clientgeheim maken",
        marketo_doc: TextKey::DocClientSecret,
        after: &[StepId::AppRegistration],
    },
    Step {
        id: StepId::HomeRealmDiscovery,
        slug: "home-realm-discovery",
        title: "Allow cloud password validation (federated domains)",
        title_nl: "Cloudwachtwoordvalidatie toestaan (gefedereerde domeinen)",
        marketo_doc: TextKey::DocHrdPolicy,
        after: &[StepId::ServicePrincipal],
    },
    Step {
        id: StepId::Environment,
        slug: "environment",
        title: "Choose the Dynamics 365 environment",
        title_nl: "De Dynamics 365-omgeving kiezen",
        marketo_doc: TextKey::DocOrgUrl,
        after: &[],
    },
    Step {
        id: StepId::ApplicationUser,
        slug: "application-user",
        title: "Create the application user",
        title_nl: "De toepassingsgebruiker maken",
        marketo_doc: TextKey::DocApplicationUser,
        after: &[StepId::ServicePrincipal, StepId::Environment],
    },
    Step {
        id: StepId::SyncUserRole,
        slug: "sync-user-role",
        title: "Give the sync user the Marketo Sync User role",
        title_nl: "De synchronisatiegebruiker de rol Marketo Sync User geven",
        marketo_doc: TextKey::DocAssignRole,
        after: &[StepId::ApplicationUser],
    },
    Step {
        id: StepId::OtherRoleHolders,
        slug: "other-role-holders",
        title: "Take the role away from everyone else",
        title_nl: "De rol afnemen van alle anderen",
        marketo_doc: TextKey::DocRoleOnlyOnSyncUser,
        after: &[StepId::SyncUserRole],
    },
    Step {
        id: StepId::MarketoConfigUser,
        slug: "marketo-config-user",
        title: "Set Marketo Config › Default › Marketo User",
        title_nl: "Marketo Config › Default › Marketo User instellen",
        marketo_doc: TextKey::DocMarketoUser,
        after: &[StepId::SyncUserRole],
    },
    Step {
        id: StepId::PluginSteps,
        slug: "plugin-steps",
        title: "Enable the Marketo solution's plug-in steps",
        title_nl: "De invoegtoepassingsstappen van de Marketo-oplossing inschakelen",
        marketo_doc: TextKey::DocAllStepsEnabled,
        after: &[StepId::Environment],
    },
    Step {
        id: StepId::SyncFilter,
        slug: "sync-filter",
        title: "Add the new_synctomkto sync filter column",
        title_nl: "De synchronisatiefilterkolom new_synctomkto toevoegen",
        marketo_doc: TextKey::DocSyncFilter,
        after: &[StepId::Environment],
    },
    Step {
        id: StepId::Publish,
        slug: "publish",
        title: "Publish all customizations",
        title_nl: "Alle aanpassingen publiceren",
        marketo_doc: TextKey::DocPublish,
        after: &[
            StepId::MarketoConfigUser,
            StepId::SyncFilter,
            StepId::PluginSteps,
        ],
    },
];

impl StepId {
    /// Its row in [`STEPS`].
    pub fn row(self) -> &'static Step {
        STEPS
            .iter()
            .find(|s| s.id == self)
            .expect("every StepId has a row in STEPS")
    }

    /// Short title (English).
    pub fn title(self) -> &'static str {
        self.row().title
    }

    /// The title in `lang`.
    pub fn title_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.row().title,
            Lang::Nl => self.row().title_nl,
        }
    }

    /// Its stable name on the page (`id="step-<slug>"`, `id="run-<slug>"`).
    pub fn slug(self) -> &'static str {
        self.row().slug
    }

    /// Which Marketo documentation step this replaces (a catalog key: `i18n::core_texts`).
    pub fn marketo_doc(self) -> TextKey {
        self.row().marketo_doc
    }

    /// Steps that must be done before this one.
    pub fn after(self) -> &'static [StepId] {
        self.row().after
    }
}

/// Plans step `id` from what planning reads and the steps planned before it; `None` for the
/// Dataverse steps, which `plan` still plans together.
pub(super) fn plan_step(id: StepId, p: &Planning<'_>, earlier: &Plan) -> Option<Planned> {
    Some(match id {
        StepId::AppRegistration => app_registration::plan(p, earlier),
        StepId::ServicePrincipal => service_principal::plan(p, earlier),
        StepId::AdminConsent => admin_consent::plan(p, earlier),
        StepId::ClientSecret => client_secret::plan(p, earlier),
        StepId::HomeRealmDiscovery => home_realm_discovery::plan(p, earlier),
        StepId::Environment => environment::plan(p, earlier),
        _ => return None,
    })
}

/// A step's future, boxed: each step's state machine stays its own function in the wasm instead
/// of being merged into one that holds (and moves, and drops) the largest of them all.
pub(super) type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<String, StepError>> + 'a>>;

/// Runs step `id`.
pub(super) fn run<'a, C: HttpClient, R: Runtime, T: TokenSource>(
    id: StepId,
    s: &'a StepRun<'a, C, R, T>,
    facts: &'a mut Facts,
    outcome: &'a mut Outcome,
) -> StepFuture<'a> {
    match id {
        StepId::AppRegistration => Box::pin(app_registration::run(s, facts, outcome)),
        StepId::ServicePrincipal => Box::pin(service_principal::run(s, facts, outcome)),
        StepId::AdminConsent => Box::pin(admin_consent::run(s, facts, outcome)),
        StepId::ClientSecret => Box::pin(client_secret::run(s, facts, outcome)),
        StepId::HomeRealmDiscovery => Box::pin(home_realm_discovery::run(s, facts, outcome)),
        other => Box::pin(async move {
            super::apply_dataverse::run(
                s.ctx,
                s.config,
                s.tokens,
                s.answers,
                facts,
                (other, s.fresh),
                outcome,
            )
            .await
            .map_err(StepError)
        }),
    }
}

/// Copies what `step` changed in `from` into `into`.
pub(super) fn merge(step: StepId, from: &Facts, into: &mut Facts) {
    let (Observed::Known(src), Observed::Known(dst)) = (&from.directory, &mut into.directory)
    else {
        if step >= StepId::ApplicationUser {
            into.dataverse = from.dataverse.clone();
        }
        return;
    };
    match step {
        StepId::AppRegistration | StepId::ServicePrincipal => *dst = src.clone(),
        StepId::AdminConsent => dst.consent = src.consent.clone(),
        StepId::ClientSecret => {
            if let (Some(s), Some(d)) = (&src.app, &mut dst.app) {
                d.passwords = s.passwords.clone();
            }
        }
        StepId::HomeRealmDiscovery => dst.hrd_policies = src.hrd_policies.clone(),
        StepId::Environment => {}
        _ => into.dataverse = from.dataverse.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_one_row_in_order_with_a_unique_slug_and_a_dutch_title() {
        assert_eq!(STEPS.map(|s| s.id), StepId::ALL, "Marketo's order");
        for (n, step) in STEPS.iter().enumerate() {
            assert_eq!(step.id.row().slug, step.slug);
            assert_ne!(step.title_nl, step.title, "{}", step.slug);
            assert!(step
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'));
            assert_eq!(STEPS.iter().filter(|s| s.slug == step.slug).count(), 1);
            // A step waits only for steps before it: the plan is computed in one pass.
            for before in step.after {
                let at = STEPS.iter().position(|s| s.id == *before).unwrap();
                assert!(at < n, "{} waits for a later step", step.slug);
            }
        }
    }
}
