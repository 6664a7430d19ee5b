//! Marketo's setup steps, one row each: the step's identity and everything said about it — its
//! stable slug (DOM ids, tests), its title in both languages, the Marketo documentation step it
//! replaces, and the steps it waits for. What a step finds (`plan`) and what it sends (`apply`,
//! `apply_dataverse`) is keyed by the same [`StepId`].
//!
//! Adding a step: a `StepId` variant, a row here, its status in `plan` and its runner in
//! `apply`.

use super::plan::StepId;
use crate::i18n::{Lang, TextKey};

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
