//! Message catalogs: every text of the page's own UI, in English and Dutch.
//!
//! One macro invocation lists each message once with both translations side by side, so a
//! message cannot exist in one language only (the compiler sees one enum and one `match`).
//! Placeholders are `{name}` and filled by [`fill`]. Everything the core says — step titles and
//! statuses, what a run did, the checks' findings, every explanation of a failure — is a key with
//! values from the second catalog, [`core_texts`]: the engine emits keys, the page renders them
//! late in its language, and the report writes English from the same keys. Nothing is translated
//! by matching English sentences. The catalogs sit at the bottom of the core: they name no other
//! module. Marketo's own labels (Username, Client ID, Disable Sync…) stay in English in both
//! catalogs because Marketo's admin screens show them in English.

pub mod core_texts;

pub use core_texts::{Arg, Text, TextKey};

/// A language of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Every language, in the order of the language switch.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The language for a BCP 47 tag such as `navigator.language` (`nl-BE` → Dutch); English
    /// for anything else.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("nl") {
            Lang::Nl
        } else {
            Lang::En
        }
    }

    /// The tag for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nl => "Nederlands",
        }
    }
}

macro_rules! catalog {
    ($($key:ident => $en:literal, $nl:literal;)*) => {
        /// A message of the page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg { $($key,)* }

        impl Msg {
            /// Every message (for the catalog tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];
        }

        /// The text of `msg` in `lang`.
        pub fn text(lang: Lang, msg: Msg) -> &'static str {
            match lang {
                Lang::En => match msg { $(Msg::$key => $en,)* },
                Lang::Nl => match msg { $(Msg::$key => $nl,)* },
            }
        }
    };
}

catalog! {
    Brand => "Sync Setup", "Sync Setup";
    Subtitle => "Marketo ⇄ Microsoft Dynamics 365", "Marketo ⇄ Microsoft Dynamics 365";
    SkipToContent => "Skip to the main content", "Naar de hoofdinhoud";
    LanguageLabel => "Language", "Taal";
    SignOut => "Sign out", "Afmelden";
    SignedInAs => "Signed in as {name} · tenant {tenant} ({id})", "Aangemeld als {name} · tenant {tenant} ({id})";
    SignedInAsShort => "Signed in as {name}", "Aangemeld als {name}";
    Loading => "Loading…", "Laden…";
    CompletingSignIn => "Completing sign-in…", "Aanmelding wordt voltooid…";
    Why => "Why: ", "Waarom: ";
    Fix => "Fix: ", "Oplossing: ";
    DetailsForSupport => "Details for support", "Details voor ondersteuning";
    TryAgain => "Try again", "Opnieuw proberen";
    StartOver => "Start over", "Opnieuw beginnen";

    BootstrapTitle => "First, register this tool in your tenant", "Registreer eerst deze tool in uw tenant";
    SignedOutHere => "You are signed out of this page.", "U bent afgemeld bij deze pagina.";
    SignedOutMicrosoftStays => "Your Microsoft sign-in in this browser stays active until you sign out of Microsoft or close the browser.", "Uw Microsoft-aanmelding in deze browser blijft actief tot u zich afmeldt bij Microsoft of de browser sluit.";
    SignOutOfMicrosoft => "Sign out of Microsoft too", "Ook afmelden bij Microsoft";
    HandOffAfterFixes => "Marketo's own checks fail here, so there is nothing to hand to Marketo yet: fix the failing rows first.", "De eigen controles van Marketo mislukken hier, dus er is nog niets om aan Marketo te geven: los eerst de mislukte regels op.";
    SignInForChanges => "Sign in to make changes", "Aanmelden om te wijzigen";
    SignInForChangesWhy => "You signed in to validate, with read-only permissions. Changing the tenant needs the setup permissions: sign in again to get them, then review the plan and apply.", "U hebt zich aangemeld om te valideren, met alleen leesrechten. Voor wijzigingen in de tenant zijn de inrichtingsrechten nodig: meld u opnieuw aan om ze te krijgen, bekijk dan het plan en pas het toe.";
    SharedOriginTitle => "Host this page on a web address of its own", "Host deze pagina op een eigen webadres";
    SharedOriginWhy => "It is served from {path} on {origin}. Any other page of {origin} opened in this tab can read your Microsoft sign-in, which can add credentials to every app registration of your tenant.", "Ze wordt geserveerd vanaf {path} op {origin}. Elke andere pagina van {origin} die in dit tabblad wordt geopend, kan uw Microsoft-aanmelding lezen, en daarmee kunnen aan elke app-registratie van uw tenant referenties worden toegevoegd.";
    SharedOriginFix => "Put it on an origin that serves nothing else, such as {suggestion}, and register that address as the redirect URI.", "Zet haar op een origin die niets anders serveert, zoals {suggestion}, en registreer dat adres als omleidings-URI.";
    BootstrapIntro => "config.json names no app registration yet. Once per tenant, an administrator registers the tool's own app in the Entra admin center:",
        "config.json noemt nog geen app-registratie. Eén keer per tenant registreert een beheerder de eigen app van deze tool in het Entra-beheercentrum:";
    BootstrapRegister => "App registrations › New registration: a name such as \"Sync Setup for Marketo\", Accounts in this organizational directory only.",
        "App-registraties › Nieuwe registratie: een naam zoals \"Sync Setup for Marketo\", alleen accounts in deze organisatiemap.";
    BootstrapRedirect => "Redirect URI: platform Single-page application, exactly this URL:", "Omleidings-URI: platform Toepassing met één pagina, precies deze URL:";
    BootstrapRedirectLabel => "redirect URI", "omleidings-URI";
    BootstrapPermissions => "API permissions › Add a permission, delegated — then Grant admin consent:", "API-machtigingen › Een machtiging toevoegen, gedelegeerd — en daarna Beheerderstoestemming verlenen:";
    BootstrapGraphLabel => "Graph permissions", "Graph-machtigingen";
    BootstrapHrd => "Only for federated (AD FS) domains in the client-app mode, also: ", "Alleen voor gefedereerde (AD FS-)domeinen in de client-appmodus ook: ";
    BootstrapConfig => "Put config.json next to index.html with the app's Application (client) ID and your Directory (tenant) ID, then reload:",
        "Zet config.json naast index.html met de Toepassings-id (client) van de app en uw Map-id (tenant), en laad de pagina opnieuw:";
    BootstrapConfigLabel => "config.json", "config.json";
    LandingTitle => "Connect Marketo to Dynamics 365 — set up and proven in minutes",
        "Marketo koppelen aan Dynamics 365 — ingericht en gecontroleerd in enkele minuten";
    LandingIntro => "This page registers the Marketo app in Entra ID, grants consent, creates the Dataverse application user with the Marketo Sync User role, and checks everything Marketo's Validate Sync Setup checks — from your browser, so secrets never touch a server.",
        "Deze pagina registreert de Marketo-app in Entra ID, verleent toestemming, maakt de Dataverse-toepassingsgebruiker met de rol Marketo Sync User aan en controleert alles wat Validate Sync Setup van Marketo controleert. Dat gebeurt in uw eigen browser, dus geheimen komen nooit op een server terecht.";
    YouNeed => "You need", "Wat u nodig hebt";
    NeedRole => "An Entra ID account with the Global Administrator or Cloud Application Administrator role.",
        "Een Entra ID-account met de rol Globale beheerder of Beheerder van cloudtoepassingen.";
    NeedSysAdmin => "The System Administrator role in the Dynamics 365 environment.",
        "De rol Systeembeheerder in de Dynamics 365-omgeving.";
    NeedSolution => "The Marketo solution imported in that environment.",
        "De Marketo-oplossing, geïmporteerd in die omgeving.";
    ModesTitle => "Two ways to connect", "Twee manieren om te koppelen";
    ModeS2S => "Server-to-server (recommended): Marketo signs in as an application user with a client secret. This page sets it up for you.",
        "Server-naar-server (aanbevolen): Marketo meldt zich aan als toepassingsgebruiker met een clientgeheim. Deze pagina richt dat voor u in.";
    ModeClientApp => "Client app (older): Marketo signs in as a licensed Dynamics user with that user's password. For federated domains this page also allows cloud password validation.",
        "Client-app (ouder): Marketo meldt zich aan als Dynamics-gebruiker met licentie, met het wachtwoord van die gebruiker. Bij gefedereerde domeinen staat deze pagina ook wachtwoordvalidatie in de cloud toe.";
    SyncUserTitle => "Sync user: the person Marketo signs in as", "Synchronisatiegebruiker: de persoon als wie Marketo zich aanmeldt";
    SyncUserSearch => "Name or sign-in name", "Naam of aanmeldnaam";
    Search => "Search", "Zoeken";
    SyncUsersLoading => "Looking up licensed users…", "Gebruikers met licentie worden opgezocht…";
    SyncUsersNone => "No enabled, licensed user matches.", "Geen ingeschakelde gebruiker met licentie gevonden.";
    MfaWarning => "Marketo signs in with this user's password and cannot answer a multi-factor prompt: exclude the user from MFA and from Conditional Access policies that require it.",
        "Marketo meldt zich aan met het wachtwoord van deze gebruiker en kan geen vraag om meervoudige verificatie beantwoorden: sluit de gebruiker uit van MFA en van beleid voor voorwaardelijke toegang dat MFA eist.";
    LanguageEnglish => "{name}'s Dynamics language is English, as Marketo requires.", "De Dynamics-taal van {name} is Engels, zoals Marketo vereist.";
    LanguageNotEnglish => "{name}'s Dynamics language is not English (code {code}). Marketo's sync requires English: signed in as that user, change it under Settings › Personalization Settings › Languages.",
        "De Dynamics-taal van {name} is niet Engels (code {code}). De synchronisatie van Marketo vereist Engels: wijzig dat, aangemeld als die gebruiker, onder Instellingen › Persoonlijke instellingen › Talen.";
    LanguageUnknown => "Marketo's sync requires the sync user's Dynamics language to be English (Settings › Personalization Settings › Languages).",
        "De synchronisatie van Marketo vereist dat de Dynamics-taal van de synchronisatiegebruiker Engels is (Instellingen › Persoonlijke instellingen › Talen).";
    HrdConsent => "Sign in again with the extra permission", "Opnieuw aanmelden met de extra machtiging";
    NoticeResumedWithPermission => "Signed in again with the extra permission. The remaining steps carry on.",
        "Opnieuw aangemeld met de extra machtiging. De overige stappen gaan verder.";
    PasswordNote => "Password: the sync user's own password. This page never sees it.", "Password: het eigen wachtwoord van de synchronisatiegebruiker. Deze pagina ziet het nooit.";
    SignIn => "Sign in with Microsoft", "Aanmelden met Microsoft";
    ValidateExisting => "Validate an existing setup", "Bestaande koppeling controleren";
    ValidateHint => "Only reads your tenant; changes nothing.", "Leest alleen uw tenant; er verandert niets.";
    OpeningSignIn => "Opening the Microsoft sign-in page…", "De aanmeldpagina van Microsoft wordt geopend…";

    ObservingStart => "Reading your tenant and environments…", "Uw tenant en omgevingen worden gelezen…";
    ObservingReview => "Reading what is already set up…", "Nagaan wat er al is ingericht…";
    ObservingChecks => "Running the checks…", "De controles worden uitgevoerd…";
    WaitingForApp => "Waiting for the new app to appear in Entra ID (Microsoft copies new objects between its servers; this can take a minute)…",
        "Wachten tot de nieuwe app in Entra ID verschijnt (Microsoft kopieert nieuwe objecten tussen zijn servers; dat kan een minuut duren)…";
    ObservingResume => "Resuming: reading what is already done…", "Hervatten: nagaan wat al klaar is…";

    PickTitle => "Choose the Dynamics 365 environment", "Kies de Dynamics 365-omgeving";
    PickIntro => "Marketo will sync with this environment. Its URL can never be changed in Marketo afterwards.",
        "Marketo synchroniseert met deze omgeving. De URL kunt u in Marketo achteraf nooit meer wijzigen.";
    ColName => "Name", "Naam";
    ColUrl => "URL", "URL";
    ColRegion => "Region", "Regio";
    ColKind => "Kind", "Soort";
    KindProduction => "Production", "Productie";
    KindDefault => "Default environment", "Standaardomgeving";
    KindSandbox => "Sandbox", "Sandbox";
    KindTrial => "Trial", "Proefomgeving";
    KindTrialUntil => "Trial until {date}", "Proefomgeving tot {date}";
    KindDeveloper => "Developer", "Ontwikkelaar";
    KindTeams => "Dataverse for Teams", "Dataverse for Teams";
    KindPreview => "Release preview", "Preview van een release";
    KindOther => "Other ({n})", "Anders ({n})";
    KindNotGiven => "Not given", "Niet opgegeven";
    ColSysAdmin => "You are System Administrator", "U bent systeembeheerder";
    ColState => "State", "Status";
    Yes => "Yes", "Ja";
    No => "No", "Nee";
    Ready => "Ready", "Gereed";
    NotReady => "Not ready", "Niet gereed";
    Choose => "Choose", "Kiezen";
    ChooseNamed => "Choose {name}", "{name} kiezen";
    ReadAgain => "Read again", "Opnieuw lezen";
    RoleNeeded => "Your account cannot make these changes.", "Uw account kan deze wijzigingen niet aanbrengen.";

    ReviewTitle => "Review the plan", "Controleer het plan";
    ReviewIntro => "Every step of Marketo's setup, with what is already done. Nothing changes until you press Apply, and every request is shown here before it is sent.",
        "Alle stappen van de Marketo-inrichting, met wat al klaar is. Er verandert niets voordat u op Toepassen drukt, en elk verzoek ziet u hier voordat het wordt verzonden.";
    ValidateTitle => "Check the existing setup", "De bestaande koppeling controleren";
    EnvironmentLabel => "Environment", "Omgeving";
    Change => "Change", "Wijzigen";
    SettingsTitle => "Settings", "Instellingen";
    AppName => "App registration name", "Naam van de app-registratie";
    AppUserEmail => "Application user e-mail (Marketo's username)", "E-mailadres van de toepassingsgebruiker (gebruikersnaam in Marketo)";
    AppUserEmailExisting => "The application user already exists; its e-mail is used.", "De toepassingsgebruiker bestaat al; zijn e-mailadres wordt gebruikt.";
    SecretLifetime => "Client secret lifetime (days)", "Geldigheidsduur van het clientgeheim (dagen)";
    SecretLifetimeHint => "At most {max} days.", "Hoogstens {max} dagen.";
    SecretLifetimePolicy => "At most {max} days: your tenant's app-management policy allows no longer client secrets.",
        "Hoogstens {max} dagen: het app-beheerbeleid van uw tenant staat geen langer geldige clientgeheimen toe.";
    SyncFilter => "Sync filter column new_synctomkto (optional)", "Synchronisatiefilter new_synctomkto (optioneel)";
    TableLead => "Lead", "Potentiële klant";
    TableContact => "Contact", "Contactpersoon";
    TableAccount => "Account", "Account";
    TableOpportunity => "Opportunity", "Verkoopkans";
    ConsentRemoveHolders => "Remove the Marketo Sync User role from everyone else who holds it", "De rol Marketo Sync User afnemen van iedereen die hem verder nog heeft";
    ConsentPluginSteps => "Enable the Marketo solution's disabled plug-in steps", "De uitgeschakelde invoegtoepassingsstappen van de Marketo-oplossing inschakelen";
    NewSecret => "Create a new client secret (you no longer have the current one)", "Een nieuw clientgeheim maken (u hebt het huidige niet meer)";
    PickApp => "Which app registration does Marketo use?", "Welke app-registratie gebruikt Marketo?";
    StepsTitle => "Steps", "Stappen";
    StatusDone => "Done", "Klaar";
    StatusToDo => "To do", "Te doen";
    StatusNeedsAnswer => "Needs your answer", "Uw antwoord nodig";
    StatusBlocked => "Blocked", "Geblokkeerd";
    StatusNotApplicable => "Not needed", "Niet nodig";
    ReplacesDocStep => "Replaces Marketo's step: ", "Vervangt de Marketo-stap: ";
    RequestsPreview => "Requests this step will send ({n})", "Verzoeken die deze stap verstuurt ({n})";
    ApplySteps => "Apply {n} steps", "{n} stappen toepassen";
    ApplyOne => "Apply 1 step", "1 stap toepassen";
    Apply => "Apply", "Toepassen";
    NothingToDo => "Nothing to do: every step is done.", "Niets te doen: elke stap is gedaan.";
    NothingCanRun => "Nothing can run yet. Steps blocked or waiting for an answer: {n}; each says why above.", "Er kan nog niets worden uitgevoerd. Stappen die geblokkeerd zijn of op een antwoord wachten: {n}; bij elke stap staat hierboven waarom.";
    EmailUncheckedNote => "Read the tenant again so the page can check that nobody else has this e-mail before it creates the application user.", "Lees de tenant opnieuw, zodat de pagina kan nagaan dat niemand anders dit e-mailadres heeft voordat ze de toepassingsgebruiker maakt.";
    StaleNote => "You changed the app or the sync filter. Read the tenant again before applying.", "U hebt de app of het synchronisatiefilter gewijzigd. Lees de tenant opnieuw voordat u toepast.";
    RunChecks => "Run the checks", "Controles uitvoeren";

    ApplyingTitle => "Applying the plan", "Het plan wordt toegepast";
    ApplyingStopped => "The run stopped", "De uitvoering is gestopt";
    ApplyingProgress => "{done} of {total} steps done", "{done} van {total} stappen klaar";
    RowPending => "Waiting its turn", "Wacht op zijn beurt";
    RowRunning => "Working…", "Bezig…";
    RowDone => "Done", "Klaar";
    RowFailed => "Failed", "Mislukt";
    RowNotRun => "Not run", "Niet uitgevoerd";
    WaitReplication => "Waiting for Microsoft to replicate the new object — {s} s so far", "Wachten tot Microsoft het nieuwe object heeft gerepliceerd — al {s} s";
    WaitStillRunning => "The answer was lost; checking whether Dataverse has finished — {s} s so far", "Het antwoord ging verloren; nagaan of Dataverse klaar is — al {s} s";
    WaitThrottled => "Microsoft asked us to slow down — waited {s} s so far", "Microsoft vraagt om wat geduld — al {s} s gewacht";
    WaitUnavailable => "The service is briefly unavailable — waited {s} s so far", "De dienst is even onbereikbaar — al {s} s gewacht";
    Retries => "retries: {n}", "nieuwe pogingen: {n}";
    Cancel => "Cancel", "Annuleren";
    Cancelling => "Stopping after the current request…", "Stoppen na het huidige verzoek…";
    BackToPlan => "Back to the plan", "Terug naar het plan";
    RunFailedAt => "The run stopped at: {step}", "De uitvoering is gestopt bij: {step}";

    NoticeResumed => "The page was reloaded while applying. Everything the tenant already has is kept; the remaining steps carry on.",
        "De pagina is tijdens het toepassen opnieuw geladen. Wat al in de tenant staat, blijft staan; de overige stappen gaan gewoon verder.";
    NoticeOtherAccount => "You signed in as a different account than the one that started the work in this tab: nothing it had started was resumed. Review the plan before you apply.", "U bent aangemeld met een ander account dan het account dat het werk in dit tabblad begon: niets daarvan is hervat. Bekijk het plan voordat u toepast.";
    NoticeRunInAnotherTab => "Another tab of this browser is already changing this tenant, so nothing was sent from this one. Let that tab finish (or close it), then read the tenant again here.", "Een ander tabblad van deze browser wijzigt deze tenant al, dus vanuit dit tabblad is niets verzonden. Laat dat tabblad klaar zijn (of sluit het) en lees de tenant daarna hier opnieuw.";
    NoticeDuplicatedTab => "This tab is a copy of another tab that is still open, so what that tab had started was not resumed here. Review the plan before you apply.", "Dit tabblad is een kopie van een ander tabblad dat nog open is, dus wat dat tabblad was begonnen, is hier niet hervat. Bekijk het plan voordat u toepast.";
    NoticeMaintenanceResumed => "The page was reloaded. What the tenant already shows is kept; the rest carries on from there.", "De pagina is opnieuw geladen. Wat de tenant al laat zien, blijft; de rest gaat vanaf daar verder.";
    NoticeCancelled => "Cancelled. What was done stays done; the plan shows what is left.",
        "Geannuleerd. Wat al gedaan is, blijft gedaan; het plan laat zien wat er nog over is.";
    NoticeSecretLost => "A client secret may have been created before the page was reloaded, and it was not stored. It cannot be shown again, so a new one will be created. Delete any unused one (described as created by Sync Setup) in Entra ID.",
        "Vóór het herladen van de pagina is misschien een clientgeheim gemaakt dat niet is bewaard. Het kan niet opnieuw worden getoond, dus er wordt een nieuw gemaakt. Verwijder een ongebruikt geheim (omschreven als gemaakt door Sync Setup) in Entra ID.";
    NoticeAppNotVisibleYet => "The app created a moment ago is not visible in Entra ID yet (Microsoft replicates new objects with a delay). Wait a minute, then Read again: applying now could create it twice. If it was deleted, choose Start over.",
        "De zojuist gemaakte app is nog niet zichtbaar in Entra ID (Microsoft verwerkt nieuwe objecten met enige vertraging). Wacht een minuut en kies dan Opnieuw lezen: nu toepassen zou de app een tweede keer kunnen maken. Is de app verwijderd, kies dan Opnieuw beginnen.";
    NoticeSignedInAgain => "Signed in again. Your tenant was read again; everything already done is kept.",
        "Opnieuw aangemeld. Uw tenant is opnieuw gelezen; alles wat al gedaan is, blijft behouden.";
    SessionEndedTitle => "Sign in again to carry on", "Meld u opnieuw aan om verder te gaan";
    SessionEndedKept => "Your answers are kept in this tab. After you sign in, the page reads your tenant again and carries on from what is already done.",
        "Uw antwoorden blijven bewaard in dit tabblad. Na het aanmelden leest de pagina uw tenant opnieuw en gaat verder vanaf wat al gedaan is.";
    SignInAgain => "Sign in again", "Opnieuw aanmelden";
    NoticeEnvironmentGone => "The environment chosen earlier is no longer listed. Please choose again.",
        "De eerder gekozen omgeving staat niet meer in de lijst. Kies opnieuw.";

    SecretTitle => "Your new client secret", "Uw nieuwe clientgeheim";
    SecretWarning => "Shown once — store it now. Microsoft never shows it again, and this page forgets it as soon as you leave these screens or sign out.",
        "Wordt maar één keer getoond — bewaar het nu. Microsoft laat het nooit meer zien, en deze pagina vergeet het zodra u deze schermen verlaat of zich afmeldt.";
    SecretLabel => "Client secret", "Clientgeheim";
    Show => "Show", "Tonen";
    Hide => "Hide", "Verbergen";
    Copy => "Copy", "Kopiëren";
    CopyNamed => "Copy {name}", "{name} kopiëren";
    Copied => "Copied", "Gekopieerd";
    CopiedNamed => "{name} copied", "{name} gekopieerd";
    ValidUntil => "Valid until {date}", "Geldig tot {date}";
    SecretStored => "I have stored it", "Ik heb het bewaard";
    RunGoesOnInBackground => "The remaining steps are being applied in the background; the checks follow.", "Op de achtergrond worden de overige stappen uitgevoerd; daarna volgen de controles.";
    ChecksInBackground => "The checks are running in the background.", "Op de achtergrond lopen de controles.";

    ChecksTitle => "Checks", "Controles";
    ChecksIntro => "Marketo's seven Validate Sync Setup checks first, then the rest.", "Eerst de zeven controles van Validate Sync Setup in Marketo, daarna de rest.";
    MarketoChecks => "Marketo's Validate Sync Setup", "Validate Sync Setup van Marketo";
    OtherChecks => "Other checks", "Overige controles";
    VerdictPass => "Passed", "Geslaagd";
    VerdictWarn => "Needs attention", "Aandacht nodig";
    VerdictFail => "Failed", "Mislukt";
    VerdictUnknown => "Unknown: could not be read", "Onbekend: kon niet worden gelezen";
    VerdictNotApplicable => "Not applicable", "Niet van toepassing";
    FixInPlan => "Fix in the plan", "Herstellen via het plan";
    CheckAgain => "Check again", "Opnieuw controleren";
    ToHandOff => "Continue to the hand-off", "Verder naar de overdracht";
    SummaryLine => "{pass} passed · {warn} need attention · {fail} failed", "{pass} geslaagd · {warn} aandacht nodig · {fail} mislukt";
    SummaryUnknown => " · {n} could not be checked", " · {n} kon niet worden gecontroleerd";
    MarketoSummary => "Marketo's checks: {n} of {total} pass", "Controles van Marketo: {n} van {total} geslaagd";

    HandOffTitle => "Enter these in Marketo", "Vul dit in bij Marketo";
    HandOffIntro => "In Marketo, open Admin › CRM › Microsoft Dynamics. The credentials form asks for:", "Open in Marketo Admin › CRM › Microsoft Dynamics. Het formulier met aanmeldgegevens vraagt om:";
    SecretNotHeld => "No longer held by this page — use the secret you stored.", "Deze pagina heeft het niet meer — gebruik het geheim dat u hebt bewaard.";
    NotSetUpYet => "Not set up yet", "Nog niet ingericht";
    ForgetSecret => "Forget the secret now", "Het geheim nu vergeten";
    MarketoStep1 => "Click Disable Sync.", "Klik op Disable Sync.";
    MarketoStep2 => "Click Edit next to the credentials and enter the values above.", "Klik bij de aanmeldgegevens op Edit en vul de waarden hierboven in.";
    MarketoStep3 => "Click Save.", "Klik op Save.";
    MarketoStep4 => "Click Validate Sync Setup.", "Klik op Validate Sync Setup.";
    MarketoStep5 => "Click Next.", "Klik op Next.";
    MarketoStep6 => "Wait until every item is green.", "Wacht tot alle onderdelen groen zijn.";
    MarketoStep7 => "Click Close.", "Klik op Close.";
    MarketoStep8 => "Click Enable Sync.", "Klik op Enable Sync.";
    ProcedureQuestion => "Is Marketo already syncing with this Dynamics environment?", "Synchroniseert Marketo al met deze Dynamics-omgeving?";
    ProcedureQuestionWhy => "Marketo's steps differ: a first connection enters the credentials once; a running sync is disabled, given the new credentials and enabled again.",
        "De stappen in Marketo verschillen: bij een eerste koppeling voert u de aanmeldgegevens één keer in; een lopende synchronisatie wordt uitgeschakeld, krijgt de nieuwe gegevens en wordt weer ingeschakeld.";
    AnswerYesSyncing => "Yes, it syncs today", "Ja, die synchroniseert nu";
    AnswerNotSyncing => "No, this is the first connection", "Nee, dit is de eerste koppeling";
    ChangeProcedureAnswer => "Change the answer", "Antwoord wijzigen";
    ProcedureFirstConnection => "First connection: Marketo's Step 3 of 3: Connect", "Eerste koppeling: Step 3 of 3: Connect van Marketo";
    ProcedureNewCredentials => "New credentials for the running sync", "Nieuwe aanmeldgegevens voor de lopende synchronisatie";
    ProcedureMigration => "Switching the running sync to server-to-server: Reconfigure New Auth Method", "De lopende synchronisatie overzetten naar server-to-server: Reconfigure New Auth Method";
    ProcedureClientApp => "Client-app connection: Marketo's Step 4 of 4: Connect", "Koppeling met client-app: Step 4 of 4: Connect van Marketo";
    ProcedureSource => "Marketo's page for these steps", "De pagina van Marketo voor deze stappen";
    FirstConnectionValidate => "Check the values before saving anything: in Marketo, click Admin › Microsoft Dynamics › Validate Sync Setup, enter the values above, click Next and wait until all seven items are green.",
        "Controleer de waarden voordat u iets opslaat: klik in Marketo op Admin › Microsoft Dynamics › Validate Sync Setup, vul de waarden hierboven in, klik op Next en wacht tot alle zeven onderdelen groen zijn.";
    FirstConnectionCredentials => "Click Admin › CRM › Microsoft, then Edit in Step 1: Enter Credentials. Enter the values above and click Save — from here on the Org URL can never be changed.",
        "Klik op Admin › CRM › Microsoft en dan op Edit bij Step 1: Enter Credentials. Vul de waarden hierboven in en klik op Save — vanaf nu kan de Org URL nooit meer worden gewijzigd.";
    FirstConnectionFields => "Click Edit in Step 2: Select Fields to Sync, select the fields Marketo should sync (new_synctomkto too, if this page created the sync filter) and click Save.",
        "Klik op Edit bij Step 2: Select Fields to Sync, selecteer de velden die Marketo moet synchroniseren (ook new_synctomkto als deze pagina het synchronisatiefilter heeft gemaakt) en klik op Save.";
    FirstConnectionEnable => "Click Edit in Step 3: Enable Sync, read the pop-up, enter your e-mail address and click Start Sync. The first sync takes hours to days; Marketo e-mails you when it is done.",
        "Klik op Edit bij Step 3: Enable Sync, lees de pop-up, vul uw e-mailadres in en klik op Start Sync. De eerste synchronisatie duurt uren tot dagen; Marketo mailt u als die klaar is.";
    ClientAppValidate => "Check the values before saving anything: in Marketo, click Admin › Microsoft Dynamics › Validate Sync Setup, enter the Username, the sync user's Password and the URL above (Client ID and Client Secret too), click Next and wait until all seven items are green.",
        "Controleer de waarden voordat u iets opslaat: klik in Marketo op Admin › Microsoft Dynamics › Validate Sync Setup, vul de Username, het Password van de synchronisatiegebruiker en de URL hierboven in (ook Client ID en Client Secret), klik op Next en wacht tot alle zeven onderdelen groen zijn.";
    ClientAppCredentials => "Click Admin › CRM › Microsoft, then Edit in Step 1: Enter Credentials. Enter the Username, Password, Client ID, Client Secret and URL and click Save — from here on the Org URL can never be changed.",
        "Klik op Admin › CRM › Microsoft en dan op Edit bij Step 1: Enter Credentials. Vul Username, Password, Client ID, Client Secret en URL in en klik op Save — vanaf nu kan de Org URL nooit meer worden gewijzigd.";
    MigrationDisable => "In Marketo, click Admin › Microsoft Dynamics, then Disable Sync (the sync must be off while its authentication method changes).",
        "Klik in Marketo op Admin › Microsoft Dynamics en dan op Disable Sync (de synchronisatie moet uit staan terwijl de aanmeldmethode verandert).";
    MigrationTab => "Click the Reconfigure New Auth Method tab and choose the method with Client ID and Client Secret.",
        "Klik op het tabblad Reconfigure New Auth Method en kies de methode met Client ID en Client Secret.";
    MigrationValidate => "Enter every value above — re-enter those already filled in — and click Validate. Wait until every item is green.",
        "Vul alle waarden hierboven in — ook die al ingevuld staan — en klik op Validate. Wacht tot alle onderdelen groen zijn.";
    MigrationSwitch => "Click Switch, then Confirm, Confirm again, and OK.", "Klik op Switch, dan op Confirm, nogmaals op Confirm en op OK.";
    MigrationWait => "Wait 15 minutes — Marketo needs them to accept the new method — then click Enable Sync.",
        "Wacht 15 minuten — zo lang heeft Marketo nodig om de nieuwe methode te accepteren — en klik dan op Enable Sync.";
    MigrationSyncDisabled => "The sync is disabled in Marketo: set the Marketo User now", "De synchronisatie staat uit in Marketo: stel de Marketo User nu in";
    MigrationRoleKept => "The old sync user keeps the Marketo Sync User role until Marketo has switched, so the old sync can still be turned back on.",
        "De oude synchronisatiegebruiker houdt de rol Marketo Sync User tot Marketo is overgestapt, zodat de oude synchronisatie nog terug aan kan.";
    MigrationSwitched => "Marketo has switched: take the role from the old sync user", "Marketo is overgestapt: neem de rol af van de oude synchronisatiegebruiker";
    MigrationNote => "Marketo syncs today as a licensed person (Marketo Config › Marketo User), so this is a switch of a running sync. Coming from Basic authentication (user name and password only)? Marketo asks you to contact Marketo Support first.",
        "Marketo synchroniseert nu als een persoon met licentie (Marketo Config › Marketo User); dit is dus het overzetten van een lopende synchronisatie. Komt u van Basic authentication (alleen gebruikersnaam en wachtwoord)? Dan vraagt Marketo u eerst contact op te nemen met Marketo Support.";
    OrgUrlServiceNote => "Marketo asks for the Organization Service URL (in Dynamics: Settings › Customizations › Developer Resources › Service Endpoints); this is it. The environment's own address, {app}, is the same environment.",
        "Marketo vraagt om de Organization Service URL (in Dynamics: Settings › Customizations › Developer Resources › Service Endpoints); dit is die. Het eigen adres van de omgeving, {app}, is dezelfde omgeving.";
    OrgUrlWarningNamed => "The Org URL can never be changed after you save it in Marketo: a wrong one needs a new Marketo subscription. Make sure {name} is the environment you mean.",
        "De Org URL kan nooit meer worden gewijzigd nadat u die in Marketo opslaat: voor een verkeerde is een nieuw Marketo-abonnement nodig. Controleer dat {name} echt de bedoelde omgeving is.";
    OrgUrlWarning => "The Org URL can never be changed after Marketo's first sync. Make sure it is the environment you mean.",
        "De Org URL kan na de eerste synchronisatie van Marketo nooit meer worden gewijzigd. Controleer dat dit echt de bedoelde omgeving is.";
    SeeAllChecks => "See all checks", "Alle controles bekijken";
    AfterSetupTitle => "After the setup", "Na de inrichting";
    ReportNote => "The report lists what changed, the values for Marketo and the checks. It never contains the secret.",
        "Het rapport vermeldt wat er is gewijzigd, de waarden voor Marketo en de controles. Het geheim staat er nooit in.";
    DownloadJson => "Download the report (JSON)", "Rapport downloaden (JSON)";
    DownloadMarkdown => "Download the report (Markdown)", "Rapport downloaden (Markdown)";
    DownloadReminder => "Calendar reminder 30 days before the secret expires (.ics)", "Agendaherinnering 30 dagen voordat het geheim verloopt (.ics)";
    RotateTitle => "Rotate the client secret", "Het clientgeheim vervangen";
    RotateIntro => "A new secret is added first, so Marketo keeps syncing. The old ones are removed only after you confirm that Marketo uses the new one.",
        "Eerst wordt een nieuw geheim toegevoegd, zodat Marketo blijft synchroniseren. De oude worden pas verwijderd als u bevestigt dat Marketo het nieuwe gebruikt.";
    SecretsOfApp => "The app's client secrets", "Clientgeheimen van de app";
    SecretLine => "{hint}… — valid until {date}", "{hint}… — geldig tot {date}";
    NewMarker => "new", "nieuw";
    AddNewSecret => "Add a new secret ({days} days)", "Nieuw geheim toevoegen ({days} dagen)";
    ConfirmRotation => "Marketo now uses the new secret: remove the old ones", "Marketo gebruikt nu het nieuwe geheim: verwijder de oude";
    RotationDone => "Done: only the new secret is left.", "Klaar: alleen het nieuwe geheim is over.";
    RotationUnseenSecret => "A new secret (hint {hint}) was added before the page reloaded. Its value is shown only once and never stored, so it cannot be shown again. If Marketo already uses it, confirm below; if not, add another new secret.", "Er is een nieuw geheim (hint {hint}) toegevoegd voordat de pagina opnieuw werd geladen. De waarde wordt maar één keer getoond en nooit bewaard, dus kan niet opnieuw worden getoond. Gebruikt Marketo het al, bevestig dat dan hieronder; zo niet, voeg nog een nieuw geheim toe.";
    AddAnotherSecret => "Add another new secret", "Nog een nieuw geheim toevoegen";
    SecretsRemoved => "Removed", "Verwijderd";
    SecretsNotRemoved => "Not removed", "Niet verwijderd";
    RetryRemoval => "Retry: remove the {n} left", "Opnieuw: verwijder de {n} die over zijn";
    TeardownTitle => "Tear down the connection", "De koppeling verwijderen";
    TeardownIntro => "This removes, in this order, what this page created. What was there before it ran is listed too, and removed only if you ask for it below. Marketo's sync stops until it is set up again.",
        "Dit verwijdert, in deze volgorde, wat deze pagina heeft gemaakt. Wat er al was voordat ze liep, staat er ook bij en wordt alleen verwijderd als u daar hieronder om vraagt. De synchronisatie van Marketo stopt totdat alles opnieuw is ingericht.";
    TeardownCreatedHere => "Created by this page", "Gemaakt door deze pagina";
    TeardownWasThere => "There before this page ran", "Bestond al voordat deze pagina liep";
    TeardownIncludeExisting => "Also remove what was there before this page ran: {names}", "Verwijder ook wat er al was voordat deze pagina liep: {names}";
    TeardownConfirm => "I understand that Marketo's sync stops.", "Ik begrijp dat de synchronisatie van Marketo stopt.";
    TeardownStart => "Remove these {n}", "Deze {n} verwijderen";
    TeardownRemoved => "Removed", "Verwijderd";
    TeardownRestore => "Entra ID keeps the deleted app registration for 30 days: if this was a mistake, restore it under App registrations › Deleted applications.",
        "Entra ID bewaart de verwijderde app-registratie 30 dagen: was dit een vergissing, herstel haar dan onder App-registraties › Verwijderde toepassingen.";
    CopyFailed => "Copying failed: select the text and copy it yourself.", "Kopiëren is mislukt: selecteer de tekst en kopieer hem zelf.";
}

/// Fills `{name}` placeholders in `template`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The label of a sync filter table.
pub fn table_label(lang: Lang, table: &str) -> &'static str {
    let msg = match table {
        "lead" => Msg::TableLead,
        "contact" => Msg::TableContact,
        "account" => Msg::TableAccount,
        _ => Msg::TableOpportunity,
    };
    text(lang, msg)
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date as people write it: `31 May 2027` / `31 mei 2027` (UTC).
pub fn date(lang: Lang, unix_seconds: u64) -> String {
    let (year, month, day) = civil_from_days((unix_seconds / 86_400) as i64);
    let months = match lang {
        Lang::En => &MONTHS_EN,
        Lang::Nl => &MONTHS_NL,
    };
    format!("{day} {} {year}", months[(month - 1) as usize])
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 → (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_picks_the_catalog() {
        assert_eq!(Lang::from_tag("nl"), Lang::Nl);
        assert_eq!(Lang::from_tag("nl-BE"), Lang::Nl);
        assert_eq!(Lang::from_tag("NL_nl"), Lang::Nl);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En, "no German catalog: English");
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        let placeholders = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            names.sort();
            names
        };
        for msg in Msg::ALL {
            let (en, nl) = (text(Lang::En, *msg), text(Lang::Nl, *msg));
            assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{msg:?}");
            assert_eq!(placeholders(en), placeholders(nl), "{msg:?}");
        }
        let translated = Msg::ALL
            .iter()
            .filter(|m| text(Lang::En, **m) != text(Lang::Nl, **m))
            .count();
        assert!(
            translated * 10 > Msg::ALL.len() * 8,
            "most messages differ in Dutch: {translated}/{}",
            Msg::ALL.len()
        );
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                text(Lang::Nl, Msg::ApplyingProgress),
                &[("done", "3"), ("total", "9")]
            ),
            "3 van 9 stappen klaar"
        );
    }

    #[test]
    fn tables_have_dutch_labels() {
        assert_eq!(table_label(Lang::Nl, "opportunity"), "Verkoopkans");
    }

    #[test]
    fn dates_are_written_per_language() {
        assert_eq!(date(Lang::En, 0), "1 January 1970");
        assert_eq!(date(Lang::Nl, 1_811_635_200), "30 mei 2027");
        assert_eq!(date(Lang::En, 951_782_400), "29 February 2000");
    }
}
