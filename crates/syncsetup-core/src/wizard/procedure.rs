//! Which of Marketo's procedures the hand-off sheet gives, and the Org URL Marketo asks for.
//!
//! Marketo documents four ways the values of this page end up in its Admin › Microsoft Dynamics
//! screens, and they differ in what the admin clicks and in what can go wrong (all pages in
//! AdobeDocs/marketo.en, `help/marketo/product-docs/crm-sync/microsoft-dynamics-sync/sync-setup/`):
//! - **first connection** — `microsoft-dynamics-365-with-s2s-connection/step-3-of-3-connect.md`:
//!   Step 1: Enter Credentials (validated first: "Before you enter new credentials, you can
//!   validate them here", `validate-microsoft-dynamics-sync.md`), Step 2: Select Fields to Sync,
//!   Step 3: Enable Sync → Start Sync. There is no sync to disable yet.
//! - **new credentials** for a sync that runs (a rotated secret included) —
//!   `set-up-oauth-authentication-for-dynamics/set-up-microsoft-dynamics-crm-app-for-online.md`,
//!   "Enter the Dynamics CRM Generated Client Id And Secret into Marketo": Disable Sync → Edit →
//!   Save → Validate Sync Setup → Next → all green → Close → Enable Sync.
//! - **migration** of a running ROPC or Basic sync to server-to-server —
//!   `reconfigure-dynamics-authentication-method.md`: Disable Sync → Reconfigure New Auth Method →
//!   Validate → Switch → Confirm → Confirm → OK → wait 15 minutes → Enable Sync; from Basic
//!   authentication "you'll need to contact Marketo Support" (`…/step-3-of-3-connect.md`).
//! - **client app** (ROPC) — `microsoft-dynamics-365-with-ropc-connection/step-4-of-4-connect.md`:
//!   the first-connection steps with Username, Password, Client ID, Client Secret and URL.
//!
//! The tenant tells which applies, but not always: [`choose`] decides from the mode, a rotation,
//! and who Marketo Config › Default › Marketo User was before this page changed anything
//! ([`MarketoUserBefore`]); when that cannot settle it, the sheet asks the admin one question.

use crate::engine::plan::ConnectionMode;
use crate::facts::DataverseFacts;
use crate::i18n::Msg;

/// One of Marketo's documented procedures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Procedure {
    /// A Marketo subscription's first connection to this environment (server-to-server).
    FirstConnection,
    /// New credentials (a new client secret) for a server-to-server sync that runs.
    NewCredentials,
    /// A running ROPC or Basic authentication sync switched to server-to-server.
    Migration,
    /// Marketo's older client-app (ROPC) connection.
    ClientApp,
}

/// Marketo's documentation site: the pages the procedures follow, as the admin can open them.
/// Experience League publishes the repository's `microsoft-dynamics-sync/` folder under
/// `microsoft-dynamics/`, each page as `.html` (the address form the failure-mode review cites,
/// `…/microsoft-dynamics/sync-setup/microsoft-dynamics-365-with-ropc-connection/step-2-of-4-set-up.html`).
const MARKETO_DOCS: &str =
    "https://experienceleague.adobe.com/docs/marketo/using/product-docs/crm-sync/microsoft-dynamics/sync-setup";

impl Procedure {
    /// Every procedure, in the order the README describes them.
    pub const ALL: [Procedure; 4] = [
        Procedure::FirstConnection,
        Procedure::NewCredentials,
        Procedure::Migration,
        Procedure::ClientApp,
    ];

    /// The stable id (`data-procedure` on the sheet, the run report).
    pub fn id(self) -> &'static str {
        match self {
            Procedure::FirstConnection => "first-connection",
            Procedure::NewCredentials => "new-credentials",
            Procedure::Migration => "migration",
            Procedure::ClientApp => "client-app",
        }
    }

    /// The heading of the procedure on the sheet.
    pub fn title(self) -> Msg {
        match self {
            Procedure::FirstConnection => Msg::ProcedureFirstConnection,
            Procedure::NewCredentials => Msg::ProcedureNewCredentials,
            Procedure::Migration => Msg::ProcedureMigration,
            Procedure::ClientApp => Msg::ProcedureClientApp,
        }
    }

    /// Marketo's own steps, in Marketo's order, with Marketo's labels.
    pub fn steps(self) -> &'static [Msg] {
        match self {
            Procedure::FirstConnection => &[
                Msg::FirstConnectionValidate,
                Msg::FirstConnectionCredentials,
                Msg::FirstConnectionFields,
                Msg::FirstConnectionEnable,
            ],
            Procedure::NewCredentials => &[
                Msg::MarketoStep1,
                Msg::MarketoStep2,
                Msg::MarketoStep3,
                Msg::MarketoStep4,
                Msg::MarketoStep5,
                Msg::MarketoStep6,
                Msg::MarketoStep7,
                Msg::MarketoStep8,
            ],
            Procedure::Migration => &[
                Msg::MigrationDisable,
                Msg::MigrationTab,
                Msg::MigrationValidate,
                Msg::MigrationSwitch,
                Msg::MigrationWait,
            ],
            Procedure::ClientApp => &[
                Msg::ClientAppValidate,
                Msg::ClientAppCredentials,
                Msg::FirstConnectionFields,
                Msg::FirstConnectionEnable,
            ],
        }
    }

    /// Marketo's page for this procedure.
    pub fn source(self) -> String {
        let page = match self {
            Procedure::FirstConnection => {
                "microsoft-dynamics-365-with-s2s-connection/step-3-of-3-connect"
            }
            Procedure::NewCredentials => {
                "set-up-oauth-authentication-for-dynamics/set-up-microsoft-dynamics-crm-app-for-online"
            }
            Procedure::Migration => "reconfigure-dynamics-authentication-method",
            Procedure::ClientApp => "microsoft-dynamics-365-with-ropc-connection/step-4-of-4-connect",
        };
        format!("{MARKETO_DOCS}/{page}.html")
    }
}

/// Who Marketo Config › Default › Marketo User was when this page first read the environment,
/// before it changed anything: the trace of a sync Marketo already runs, and of which kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketoUserBefore {
    /// No Default record, or no Marketo User on it: no sync has been set up with this solution.
    Unset,
    /// An application user (`applicationid` set): a server-to-server sync.
    ApplicationUser,
    /// A licensed person (no `applicationid`): an ROPC or Basic authentication sync.
    Person,
    /// A user this page cannot classify (not among the role holders it reads).
    Unknown,
}

impl MarketoUserBefore {
    /// What the Dataverse facts say.
    pub fn of(dataverse: &DataverseFacts) -> Self {
        let Some(user_id) = dataverse
            .marketo_config
            .as_ref()
            .and_then(|c| c.default_marketo_user_id.as_deref())
        else {
            return MarketoUserBefore::Unset;
        };
        let known = dataverse
            .application_user
            .iter()
            .chain(dataverse.role_holders.iter())
            .find(|u| u.id.eq_ignore_ascii_case(user_id));
        match known {
            Some(u) if u.application_id.is_some() => MarketoUserBefore::ApplicationUser,
            Some(_) => MarketoUserBefore::Person,
            None => MarketoUserBefore::Unknown,
        }
    }

    /// The name kept in the tab's progress.
    pub fn name(self) -> &'static str {
        match self {
            MarketoUserBefore::Unset => "unset",
            MarketoUserBefore::ApplicationUser => "application-user",
            MarketoUserBefore::Person => "person",
            MarketoUserBefore::Unknown => "unknown",
        }
    }

    /// The value for a [`Self::name`].
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        [
            MarketoUserBefore::Unset,
            MarketoUserBefore::ApplicationUser,
            MarketoUserBefore::Person,
            MarketoUserBefore::Unknown,
        ]
        .into_iter()
        .find(|v| v.name() == name)
    }
}

/// What the sheet shows: a procedure, or the question that decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcedureChoice {
    /// This procedure applies.
    Known(Procedure),
    /// "Is Marketo already syncing with this Dynamics environment?" decides it.
    Ask,
}

/// Which procedure applies.
/// - a secret rotation in this tab: new credentials, in either mode (the sync runs with the old
///   secret; Marketo's page for entering a new Client Id and Secret applies to both);
/// - client-app mode: Marketo's client-app procedure;
/// - Marketo User was a licensed person: a migration from ROPC/Basic (Marketo syncs as that
///   person today);
/// - Marketo User was unset: a first connection. **Our reading**: Marketo's plug-ins act as
///   the Marketo User of the Default record (S2S step 2 of 3 sets it before connecting), so no
///   sync of this solution runs without one;
/// - an application user (or one this page cannot classify): the tenant cannot tell whether
///   Marketo already connected with it, so the admin's answer decides, and until then the sheet
///   asks.
pub fn choose(
    mode: ConnectionMode,
    rotating: bool,
    before: Option<MarketoUserBefore>,
    already_syncing: Option<bool>,
) -> ProcedureChoice {
    use ProcedureChoice::{Ask, Known};
    if rotating {
        return Known(Procedure::NewCredentials);
    }
    if mode == ConnectionMode::ClientApp {
        return Known(Procedure::ClientApp);
    }
    match (before, already_syncing) {
        (Some(MarketoUserBefore::Person), _) => Known(Procedure::Migration),
        (Some(MarketoUserBefore::Unset), _) => Known(Procedure::FirstConnection),
        (_, Some(true)) => Known(Procedure::NewCredentials),
        (_, Some(false)) => Known(Procedure::FirstConnection),
        (_, None) => Ask,
    }
}

/// The Organization Service URL of an environment whose Web API origin is `api_url`
/// (`https://contoso.api.crm.dynamics.com`): what Marketo asks for ("Marketo Engage needs the
/// Organization Service URL", AdobeDocs/marketo.en `…/view-the-organization-service-url.md`),
/// in the form Dynamics lists it under Settings › Customizations › Developer Resources › Service
/// Endpoints (MicrosoftDocs/dynamics-365-customer-engagement
/// `ce/developer/download-endpoints-developer-resources-page.md`, "Organization service":
/// `https://OrganizationName.api.crm.dynamics.com/XrmServices/2011/Organization.svc`, the same
/// `api.` host Global Discovery gives as `ApiUrl`; the path's casing is the one the Developer
/// Resources page shows, `XRMServices`).
pub(crate) fn organization_service_url(api_url: &str) -> String {
    format!(
        "{}/XRMServices/2011/Organization.svc",
        api_url.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::tests::complete;
    use crate::facts::Observed;
    use ConnectionMode::{ClientApp, ServerToServer};
    use MarketoUserBefore::{ApplicationUser, Person, Unknown, Unset};
    use Procedure::{FirstConnection, Migration, NewCredentials};
    use ProcedureChoice::{Ask, Known};

    #[test]
    fn the_tenant_decides_where_it_can_and_the_admin_where_it_cannot() {
        let cases = [
            // (mode, rotating, before, answer) → choice
            (
                ClientApp,
                false,
                Some(Unset),
                None,
                Known(Procedure::ClientApp),
            ),
            (
                ClientApp,
                true,
                Some(Person),
                Some(true),
                Known(NewCredentials),
            ),
            (
                ServerToServer,
                true,
                Some(Unset),
                None,
                Known(NewCredentials),
            ),
            (
                ServerToServer,
                true,
                Some(Person),
                None,
                Known(NewCredentials),
            ),
            (ServerToServer, false, Some(Person), None, Known(Migration)),
            (
                ServerToServer,
                false,
                Some(Person),
                Some(false),
                Known(Migration),
            ),
            (
                ServerToServer,
                false,
                Some(Unset),
                None,
                Known(FirstConnection),
            ),
            (
                ServerToServer,
                false,
                Some(Unset),
                Some(true),
                Known(FirstConnection),
            ),
            (ServerToServer, false, Some(ApplicationUser), None, Ask),
            (
                ServerToServer,
                false,
                Some(ApplicationUser),
                Some(true),
                Known(NewCredentials),
            ),
            (
                ServerToServer,
                false,
                Some(ApplicationUser),
                Some(false),
                Known(FirstConnection),
            ),
            (ServerToServer, false, Some(Unknown), None, Ask),
            (ServerToServer, false, None, None, Ask),
            (
                ServerToServer,
                false,
                None,
                Some(true),
                Known(NewCredentials),
            ),
        ];
        for (mode, rotating, before, answer, want) in cases {
            assert_eq!(
                choose(mode, rotating, before, answer),
                want,
                "{mode:?} rotating={rotating} before={before:?} answer={answer:?}"
            );
        }
    }

    #[test]
    fn marketo_user_before_reads_who_the_config_names() {
        let facts = complete();
        let mut dv = facts
            .dataverse
            .as_ref()
            .and_then(Observed::known)
            .unwrap()
            .clone();
        // The complete tenant's Marketo User is its application user.
        assert_eq!(MarketoUserBefore::of(&dv), ApplicationUser);
        let app_user = dv.application_user.clone().unwrap();
        // A licensed person holding the role, named in the config (an ROPC sync).
        let mut person = app_user.clone();
        person.id = "person-1".into();
        person.application_id = None;
        dv.role_holders.push(person);
        dv.marketo_config.as_mut().unwrap().default_marketo_user_id = Some("PERSON-1".into());
        assert_eq!(MarketoUserBefore::of(&dv), Person);
        dv.marketo_config.as_mut().unwrap().default_marketo_user_id = Some("nobody-we-read".into());
        assert_eq!(MarketoUserBefore::of(&dv), Unknown);
        dv.marketo_config.as_mut().unwrap().default_marketo_user_id = None;
        assert_eq!(MarketoUserBefore::of(&dv), Unset);
        dv.marketo_config = None;
        assert_eq!(MarketoUserBefore::of(&dv), Unset);
        for v in [Unset, ApplicationUser, Person, Unknown] {
            assert_eq!(MarketoUserBefore::from_name(v.name()), Some(v));
        }
        assert_eq!(MarketoUserBefore::from_name("licensed"), None);
    }

    #[test]
    fn every_procedure_has_an_id_steps_and_a_marketo_page() {
        let ids: Vec<&str> = Procedure::ALL.iter().map(|p| p.id()).collect();
        assert_eq!(
            ids,
            [
                "first-connection",
                "new-credentials",
                "migration",
                "client-app"
            ]
        );
        for p in Procedure::ALL {
            assert!(!p.steps().is_empty());
            assert!(p
                .source()
                .starts_with("https://experienceleague.adobe.com/"));
        }
        // A first connection validates before it saves: the Org URL cannot be changed after.
        assert_eq!(
            Procedure::FirstConnection.steps()[0],
            Msg::FirstConnectionValidate
        );
        // Running syncs are disabled first; a first connection has nothing to disable.
        assert_eq!(Procedure::NewCredentials.steps()[0], Msg::MarketoStep1);
        assert_eq!(Procedure::Migration.steps()[0], Msg::MigrationDisable);
    }

    #[test]
    fn the_organization_service_url_is_the_api_host_with_the_soap_path() {
        assert_eq!(
            organization_service_url("https://contoso.api.crm4.dynamics.com/"),
            "https://contoso.api.crm4.dynamics.com/XRMServices/2011/Organization.svc"
        );
        assert_eq!(
            organization_service_url("http://contoso.api.crm.localhost:8400"),
            "http://contoso.api.crm.localhost:8400/XRMServices/2011/Organization.svc"
        );
    }
}
