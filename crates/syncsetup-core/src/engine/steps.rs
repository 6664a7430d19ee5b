//! Marketo's setup steps, one row each: the step's identity and everything said about it — its
//! stable slug (DOM ids, tests), its title in both languages, the Marketo documentation step it
//! replaces, and the steps it waits for — and, below, where each step is planned, run and merged.
//!
//! Each step is one file under `steps/`: how it is planned (its status, and the previews of what
//! it will send, built by the same request builders its runner sends) and how it runs. What the
//! files share lives in `plan` (`Planning`), `run` (`StepRun`, the Graph call) and
//! `apply_dataverse` (the Dataverse token and sync user). Adding a step: a `StepId` variant, a
//! row in [`STEPS`], its file, and its lines in the three dispatches below — this file, the
//! step's file and its sentences in the catalog.

mod admin_consent;
mod app_registration;
mod application_user;
mod client_secret;
mod environment;
mod home_realm_discovery;
mod marketo_config_user;
mod other_role_holders;
mod plugin_steps;
mod publish;
mod service_principal;
mod sync_filter;
mod sync_user_role;

pub use app_registration::{created_app, removed_app};
pub(crate) use client_secret::add_secret;
pub use client_secret::{creates_the_secret, remove_secret};
pub(crate) use environment::waiting_for_environment;
pub use home_realm_discovery::HRD_CONSENT_NEEDED;

use std::future::Future;
use std::pin::Pin;

use super::maintenance::TeardownItem;
use super::plan::{MigrationStage, Plan, Planned, Planning};
use super::run::{Change, Outcome, Removal, StepError, StepRun};
use super::tokens::TokenSource;
use crate::explain::Explanation;
use crate::facts::{Facts, Observed};
use crate::http::HttpClient;
use crate::i18n::core_texts::Text;
use crate::i18n::{Lang, TextKey};
use crate::transport::runtime::Runtime;

/// The steps, in Marketo's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepId {
    /// 1. App registration (single tenant, Dynamics CRM user_impersonation).
    AppRegistration,
    /// 2. Its service principal.
    ServicePrincipal,
    /// 3. Tenant-wide admin consent.
    AdminConsent,
    /// 4. Client secret.
    ClientSecret,
    /// 5. Home Realm Discovery policy (federated domains).
    HomeRealmDiscovery,
    /// 6. The Dataverse environment.
    Environment,
    /// 7. The application user.
    ApplicationUser,
    /// 8. Marketo Sync User role on the sync user.
    SyncUserRole,
    /// 9. Nobody else holds the role.
    OtherRoleHolders,
    /// 10. Marketo Config › Default › Marketo User.
    MarketoConfigUser,
    /// 11. The solution's plug-in steps are enabled.
    PluginSteps,
    /// 12. Optional `new_synctomkto` sync filter columns.
    SyncFilter,
    /// 13. Publish all customizations.
    Publish,
}

impl StepId {
    /// Every step, in order.
    pub const ALL: [StepId; 13] = [
        StepId::AppRegistration,
        StepId::ServicePrincipal,
        StepId::AdminConsent,
        StepId::ClientSecret,
        StepId::HomeRealmDiscovery,
        StepId::Environment,
        StepId::ApplicationUser,
        StepId::SyncUserRole,
        StepId::OtherRoleHolders,
        StepId::MarketoConfigUser,
        StepId::PluginSteps,
        StepId::SyncFilter,
        StepId::Publish,
    ];
}

/// One step's description.
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Its stable name on the page (element ids) and in tests.
    pub slug: &'static str,
    /// Its short title (a catalog key: `i18n::core_texts`).
    pub title: TextKey,
    /// The Marketo documentation step it replaces (a catalog key: `i18n::core_texts`).
    pub marketo_doc: TextKey,
    /// The steps that must be done before this one.
    pub after: &'static [StepId],
    /// Which steps it may run beside (`engine::apply` batches independent steps).
    pub runs: Runs,
}

/// Which steps a step may run beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runs {
    /// Alone (it builds what the others need, or sends nothing).
    Alone,
    /// Beside the other Graph steps of this kind and one Dataverse step: the Graph writes after
    /// the service principal (consent, secret, HRD) touch different objects.
    BesideGraph,
    /// Beside the Graph steps above, never beside another Dataverse step: Dataverse writes stay
    /// sequential (our choice, given the concurrent-request limit of powerapps-docs
    /// `…/data-platform/api-limits.md`).
    Dataverse,
}

/// Every step, in Marketo's order.
pub(crate) const STEPS: [Step; 13] = [
    Step {
        id: StepId::AppRegistration,
        slug: "app-registration",
        title: TextKey::TitleAppRegistration,
        marketo_doc: TextKey::DocCreateClientApp,
        after: &[],
        runs: Runs::Alone,
    },
    Step {
        id: StepId::ServicePrincipal,
        slug: "service-principal",
        title: TextKey::TitleServicePrincipal,
        marketo_doc: TextKey::DocCreateClientApp,
        after: &[StepId::AppRegistration],
        runs: Runs::Alone,
    },
    Step {
        id: StepId::AdminConsent,
        slug: "admin-consent",
        title: TextKey::TitleAdminConsent,
        marketo_doc: TextKey::DocGrantConsent,
        after: &[StepId::ServicePrincipal],
        runs: Runs::BesideGraph,
    },
    Step {
        id: StepId::ClientSecret,
        slug: "client-secret",
        title: TextKey::TitleClientSecret,
        marketo_doc: TextKey::DocClientSecret,
        after: &[StepId::AppRegistration],
        runs: Runs::BesideGraph,
    },
    Step {
        id: StepId::HomeRealmDiscovery,
        slug: "home-realm-discovery",
        title: TextKey::TitleHomeRealmDiscovery,
        marketo_doc: TextKey::DocHrdPolicy,
        after: &[StepId::ServicePrincipal],
        runs: Runs::BesideGraph,
    },
    Step {
        id: StepId::Environment,
        slug: "environment",
        title: TextKey::TitleEnvironment,
        marketo_doc: TextKey::DocOrgUrl,
        after: &[],
        runs: Runs::Alone,
    },
    Step {
        id: StepId::ApplicationUser,
        slug: "application-user",
        title: TextKey::TitleApplicationUser,
        marketo_doc: TextKey::DocApplicationUser,
        after: &[StepId::ServicePrincipal, StepId::Environment],
        runs: Runs::Dataverse,
    },
    Step {
        id: StepId::SyncUserRole,
        slug: "sync-user-role",
        title: TextKey::TitleSyncUserRole,
        marketo_doc: TextKey::DocAssignRole,
        after: &[StepId::ApplicationUser],
        runs: Runs::Dataverse,
    },
    Step {
        id: StepId::OtherRoleHolders,
        slug: "other-role-holders",
        title: TextKey::TitleOtherRoleHolders,
        marketo_doc: TextKey::DocRoleOnlyOnSyncUser,
        after: &[StepId::SyncUserRole],
        runs: Runs::Dataverse,
    },
    Step {
        id: StepId::MarketoConfigUser,
        slug: "marketo-config-user",
        title: TextKey::TitleMarketoConfigUser,
        marketo_doc: TextKey::DocMarketoUser,
        after: &[StepId::SyncUserRole],
        runs: Runs::Dataverse,
    },
    Step {
        id: StepId::PluginSteps,
        slug: "plugin-steps",
        title: TextKey::TitlePluginSteps,
        marketo_doc: TextKey::DocAllStepsEnabled,
        after: &[StepId::Environment],
        runs: Runs::Dataverse,
    },
    Step {
        id: StepId::SyncFilter,
        slug: "sync-filter",
        title: TextKey::TitleSyncFilter,
        marketo_doc: TextKey::DocSyncFilter,
        after: &[StepId::Environment],
        runs: Runs::Dataverse,
    },
    Step {
        id: StepId::Publish,
        slug: "publish",
        title: TextKey::TitlePublish,
        marketo_doc: TextKey::DocPublish,
        after: &[
            StepId::MarketoConfigUser,
            StepId::SyncFilter,
            StepId::PluginSteps,
        ],
        runs: Runs::Dataverse,
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

    /// Short title (English, the report's language).
    pub fn title(self) -> &'static str {
        self.title_in(Lang::En)
    }

    /// The title in `lang`.
    pub fn title_in(self, lang: Lang) -> &'static str {
        crate::i18n::core_texts::template(lang, self.row().title)
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

/// Plans step `id` from what planning reads and the steps planned before it.
pub(super) fn plan_step(id: StepId, p: &Planning<'_>, earlier: &Plan) -> Planned {
    match id {
        StepId::AppRegistration => app_registration::plan(p, earlier),
        StepId::ServicePrincipal => service_principal::plan(p, earlier),
        StepId::AdminConsent => admin_consent::plan(p, earlier),
        StepId::ClientSecret => client_secret::plan(p, earlier),
        StepId::HomeRealmDiscovery => home_realm_discovery::plan(p, earlier),
        StepId::Environment => environment::plan(p, earlier),
        StepId::ApplicationUser => application_user::plan(p, earlier),
        StepId::SyncUserRole => sync_user_role::plan(p, earlier),
        StepId::OtherRoleHolders => other_role_holders::plan(p, earlier),
        StepId::MarketoConfigUser => marketo_config_user::plan(p, earlier),
        StepId::PluginSteps => plugin_steps::plan(p, earlier),
        StepId::SyncFilter => sync_filter::plan(p, earlier),
        StepId::Publish => publish::plan(p, earlier),
    }
}

/// A step's future, boxed: each step's state machine stays its own function in the wasm instead
/// of being merged into one that holds (and moves, and drops) the largest of them all.
pub(super) type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<Text, StepError>> + 'a>>;

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
        // Choosing the environment sends nothing: the plan never runs it.
        StepId::Environment => Box::pin(async { Ok(Text::new(TextKey::Verbatim)) }),
        StepId::ApplicationUser => Box::pin(application_user::run(s, facts, outcome)),
        StepId::SyncUserRole => Box::pin(sync_user_role::run(s, facts, outcome)),
        StepId::OtherRoleHolders => Box::pin(other_role_holders::run(s, facts, outcome)),
        StepId::MarketoConfigUser => Box::pin(marketo_config_user::run(s, facts, outcome)),
        StepId::PluginSteps => Box::pin(plugin_steps::run(s, facts, outcome)),
        StepId::SyncFilter => Box::pin(sync_filter::run(s, facts, outcome)),
        StepId::Publish => Box::pin(publish::run(s, facts, outcome)),
    }
}

/// The step a migration's stage brings to the front: once Marketo switched to server-to-server,
/// taking the old sync user's role; before that, setting Marketo Config's Marketo User.
pub fn focus_after_migration(stage: MigrationStage) -> StepId {
    match stage {
        MigrationStage::Switched => StepId::OtherRoleHolders,
        MigrationStage::Preparing | MigrationStage::SyncDisabled => StepId::MarketoConfigUser,
    }
}

/// The steps whose work teardown removes, in the order that leaves nothing dangling: the
/// Dataverse application user, the HRD policy this tool created, then the app registration
/// (which takes its service principal and consent grant with it).
pub(super) const TEARDOWN_ORDER: [StepId; 3] = [
    StepId::ApplicationUser,
    StepId::HomeRealmDiscovery,
    StepId::AppRegistration,
];

/// What teardown would remove of step `id`'s work.
pub(super) fn teardown_items(id: StepId, facts: &Facts) -> Vec<TeardownItem> {
    match id {
        StepId::ApplicationUser => application_user::teardown_items(facts),
        StepId::HomeRealmDiscovery => home_realm_discovery::teardown_items(facts),
        StepId::AppRegistration => app_registration::teardown_items(facts),
        _ => Vec::new(),
    }
}

/// A removal's future, boxed like [`StepFuture`]: what it removed, or what it removed before it
/// failed and why.
pub(super) type RemovalFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<Change>, (Vec<Change>, Explanation)>> + 'a>>;

/// Removes what the admin chose of step `id`'s work.
pub(super) fn remove<'a, C: HttpClient, R: Runtime, T: TokenSource>(
    id: StepId,
    r: &'a Removal<'a, C, R, T>,
) -> RemovalFuture<'a> {
    match id {
        StepId::ApplicationUser => Box::pin(application_user::remove(r)),
        StepId::HomeRealmDiscovery => Box::pin(home_realm_discovery::remove(r)),
        StepId::AppRegistration => Box::pin(app_registration::remove(r)),
        _ => Box::pin(async { Ok(Vec::new()) }),
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
            assert_ne!(step.id.title_in(Lang::Nl), step.id.title(), "{}", step.slug);
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

    // Dataverse previews: every write the run will send is on the plan review before Apply.

    use crate::engine::plan::tests::{answers, config, fresh, NOW};
    use crate::engine::plan::{plan, Plan};
    use crate::facts::{Facts, Observed};

    fn previews(plan: &Plan, id: StepId) -> Vec<String> {
        plan.step(id)
            .requests
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.method,
                    r.url,
                    r.body.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    /// The fresh tenant with GUIDs where Dataverse has GUIDs (the builders check them).
    fn fresh_with_guids() -> Facts {
        let mut facts = fresh();
        let Some(Observed::Known(dv)) = &mut facts.dataverse else {
            unreachable!()
        };
        let guid = |n: u32| format!("00000000-0000-4000-8000-{n:012}");
        dv.root_business_unit.id = guid(1);
        dv.marketo_roles[0].id = guid(2);
        dv.marketo_roles[0].business_unit_id = guid(1);
        dv.marketo_config.as_mut().unwrap().default_record_id = Some(guid(3));
        facts
    }

    #[test]
    fn a_fresh_tenant_previews_every_dataverse_write_with_placeholders() {
        let facts = fresh_with_guids();
        let mut chosen = answers();
        chosen.sync_filter_tables = vec!["lead".into()];
        let plan = plan(&config(), &chosen, &facts, NOW);
        let user = previews(&plan, StepId::ApplicationUser);
        assert_eq!(user.len(), 1);
        assert!(
            user[0]
                .starts_with("POST https://contoso.api.crm.dynamics.com/api/data/v9.2/systemusers"),
            "{}",
            user[0]
        );
        assert!(
            user[0].contains("{app id}") && user[0].contains("marketo-sync@contoso.com"),
            "{}",
            user[0]
        );
        assert!(previews(&plan, StepId::SyncUserRole)[0]
            .contains("systemusers({application user id})/systemuserroles_association/$ref"));
        assert!(previews(&plan, StepId::MarketoConfigUser)[0].starts_with("PATCH "));
        assert!(previews(&plan, StepId::SyncFilter)[0]
            .contains("EntityDefinitions(LogicalName='lead')/Attributes"));
        assert!(previews(&plan, StepId::Publish)[0].ends_with("PublishAllXml {}"));
        for step in plan.to_do() {
            assert!(!step.requests.is_empty(), "{:?} has no preview", step.id);
        }
    }

    #[test]
    fn settled_dataverse_steps_get_no_previews() {
        let facts = crate::engine::plan::tests::complete();
        let plan = plan(&config(), &answers(), &facts, NOW);
        assert!(plan
            .steps
            .iter()
            .all(|s| s.requests.is_empty() || !s.status.is_settled()));
    }
}
