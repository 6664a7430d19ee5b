//! The catalog: every text of the page and of the core as a key with values, in English and
//! Dutch.
//!
//! A check does not write English; it returns a [`Text`]: a [`TextKey`] from the catalog below
//! plus the values to fill in ([`Arg`]). The page renders it in its language with [`Text::render`]
//! (dates and numbers written the way that language writes them); the report file, which is for
//! support, takes [`Text::wire`]: English, dates in ISO 8601. The catalog lists each key once
//! with both languages side by side, `{0}`, `{1}`… marking the values, so a key cannot exist in
//! one language only and the Dutch sentence may put the values in another order.
//!
//! Its first part (`page { … }`) is the page's own words, read with constant keys
//! ([`page_template`], inlined, so a module links only the words it shows); the second
//! (`way_in { … }`) the sign-in and `config.json` sentences, all the landing module renders
//! ([`way_in_template`] reads that part alone, so the landing module links none of the rest).

use super::{date, Lang};
use crate::time::format_iso8601;

/// A value filled into a [`Text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A name, id, URL or version: shown as it is in every language.
    Plain(String),
    /// A count or a number of days, written per locale (`1,200` / `1.200`).
    Number(u64),
    /// A moment (Unix seconds), shown as a date in the page's language.
    Date(u64),
    /// Another catalog sentence.
    Key(TextKey),
    /// Another catalog sentence with values of its own (an explanation inside a finding).
    Text(Box<Text>),
    /// Values shown one after another, separated by commas.
    List(Vec<Arg>),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Plain(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Plain(value)
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Self {
        Arg::Plain(value.clone())
    }
}

impl From<Text> for Arg {
    fn from(value: Text) -> Self {
        Arg::Text(Box::new(value))
    }
}

/// Counts, days and HTTP statuses are numbers, written per locale.
macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Self {
                Arg::Number(u64::from(value))
            }
        }
    )*};
}
number_args!(u16, u32, u64);

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        Arg::Number(value as u64)
    }
}

/// A catalog sentence with its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Which sentence.
    pub key: TextKey,
    /// Its values, `{0}` first.
    pub args: Vec<Arg>,
}

impl Text {
    /// A sentence without values.
    pub fn new(key: TextKey) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// A sentence with `args` for `{0}`, `{1}`…
    pub fn with(key: TextKey, args: impl IntoIterator<Item = Arg>) -> Self {
        Self {
            key,
            args: args.into_iter().collect(),
        }
    }

    /// A value shown as it is in every language: a name, an id, a service's own words.
    pub fn verbatim(value: impl Into<String>) -> Self {
        Text::with(TextKey::Verbatim, [Arg::Plain(value.into())])
    }

    /// The sentence in `lang`, as the page shows it.
    pub fn render(&self, lang: Lang) -> String {
        self.fill(lang, template, false)
    }

    /// [`Self::render`] for a way-in sentence (sign-in, config.json), knowing only that part of
    /// the catalog: what the landing module shows (another key renders empty, which the way-in
    /// tests rule out).
    pub fn render_way_in(&self, lang: Lang) -> String {
        self.fill(lang, way_in_only, false)
    }

    /// The sentence for the report file: English, dates in ISO 8601.
    pub fn wire(&self) -> String {
        self.fill(Lang::En, template, true)
    }

    fn fill(&self, lang: Lang, templates: Templates, wire: bool) -> String {
        fill_args(lang, templates, templates(lang, self.key), &self.args, wire)
    }
}

/// Tests build explanations from placeholder words: shown as they are.
#[cfg(test)]
impl From<&str> for Text {
    fn from(words: &str) -> Self {
        Text::verbatim(words)
    }
}

/// The report's English ([`Text::wire`]), for logs and test messages.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.wire())
    }
}

impl From<TextKey> for Text {
    fn from(key: TextKey) -> Self {
        Text::new(key)
    }
}

/// Fills `template`'s `{0}`, `{1}`… with plain words (a page text's values).
pub fn fill_plain(template: &str, values: &[&str]) -> String {
    let mut out = template.to_owned();
    for (i, value) in values.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), value);
    }
    out
}

/// The way in's sentences, as a lookup (a key from elsewhere is empty).
fn way_in_only(lang: Lang, key: TextKey) -> &'static str {
    way_in_template(lang, key).unwrap_or_default()
}

/// Where a key's template is looked up: the whole catalog, or the way in's part of it.
type Templates = fn(Lang, TextKey) -> &'static str;

fn fill_args(lang: Lang, templates: Templates, template: &str, args: &[Arg], wire: bool) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, after[..close].parse::<usize>().ok()?)))
        {
            Some((close, index)) => {
                if let Some(arg) = args.get(index) {
                    out.push_str(&arg_text(lang, templates, arg, wire));
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn arg_text(lang: Lang, templates: Templates, arg: &Arg, wire: bool) -> String {
    match arg {
        Arg::Plain(text) => text.clone(),
        Arg::Number(n) => number(lang, *n),
        Arg::Date(t) if wire => format_iso8601(*t),
        Arg::Date(t) => date(lang, *t),
        Arg::Key(key) => templates(if wire { Lang::En } else { lang }, *key).to_owned(),
        Arg::Text(text) => text.fill(if wire { Lang::En } else { lang }, templates, wire),
        Arg::List(items) => items
            .iter()
            .map(|a| arg_text(lang, templates, a, wire))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A whole number with the locale's thousands separator: `12,345` / `12.345`.
pub fn number(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::En => ',',
        Lang::Nl => '.',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

macro_rules! core_catalog {
    (
        page { $($pkey:ident => $pen:literal, $pnl:literal;)* }
        way_in { $($wkey:ident => $wen:literal, $wnl:literal;)* }
        $($key:ident => $en:literal, $nl:literal;)*
    ) => {
        /// A text of the catalog.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum TextKey { $($pkey,)* $($wkey,)* $($key,)* }

        impl TextKey {
            /// Every key (for the catalog tests).
            pub const ALL: &'static [TextKey] =
                &[$(TextKey::$pkey,)* $(TextKey::$wkey,)* $(TextKey::$key,)*];
        }

        /// The template of one of the page's own words in `lang`; `None` for the others. The
        /// page reads these with constant keys, so this inlines to the one text each call
        /// names and a module links only the texts it shows.
        #[inline]
        pub fn page_template(lang: Lang, key: TextKey) -> Option<&'static str> {
            match lang {
                Lang::En => match key { $(TextKey::$pkey => Some($pen),)* _ => None },
                Lang::Nl => match key { $(TextKey::$pkey => Some($pnl),)* _ => None },
            }
        }

        /// The template of a way-in sentence (sign-in and config.json) in `lang`; `None` for
        /// the others. The landing module renders its sentences through this alone, so the
        /// rest of the catalog stays out of its wasm.
        pub fn way_in_template(lang: Lang, key: TextKey) -> Option<&'static str> {
            match lang {
                Lang::En => match key { $(TextKey::$wkey => Some($wen),)* _ => None },
                Lang::Nl => match key { $(TextKey::$wkey => Some($wnl),)* _ => None },
            }
        }

        #[allow(unreachable_patterns)]
        fn other_template(lang: Lang, key: TextKey) -> &'static str {
            match lang {
                Lang::En => match key { $(TextKey::$key => $en,)* _ => "" },
                Lang::Nl => match key { $(TextKey::$key => $nl,)* _ => "" },
            }
        }

        /// The template of `key` in `lang`, `{0}`, `{1}`… marking its values.
        pub fn template(lang: Lang, key: TextKey) -> &'static str {
            way_in_template(lang, key)
                .or_else(|| page_template(lang, key))
                .unwrap_or_else(|| other_template(lang, key))
        }
    };
}

core_catalog! {
    // The page's own words (headings, buttons, labels, hints): read with constant keys
    // (`i18n::text`), so each module links only the ones it shows.
    page {
        Brand => "Sync Setup",
            "Sync Setup";
        Subtitle => "Marketo ⇄ Microsoft Dynamics 365",
            "Marketo ⇄ Microsoft Dynamics 365";
        SkipToContent => "Skip to the main content",
            "Naar de hoofdinhoud";
        LanguageLabel => "Language",
            "Taal";
        SignOut => "Sign out",
            "Afmelden";
        SignedInAs => "Signed in as {0} · tenant {1} ({2})",
            "Aangemeld als {0} · tenant {1} ({2})";
        SignedInAsShort => "Signed in as {0}",
            "Aangemeld als {0}";
        Loading => "Loading…",
            "Laden…";
        CompletingSignIn => "Completing sign-in…",
            "Aanmelding wordt voltooid…";
        Why => "Why: ",
            "Waarom: ";
        Fix => "Fix: ",
            "Oplossing: ";
        DetailsForSupport => "Details for support",
            "Details voor ondersteuning";
        TryAgain => "Try again",
            "Opnieuw proberen";
        StartOver => "Start over",
            "Opnieuw beginnen";
        BootstrapTitle => "First, register this tool in your tenant",
            "Registreer eerst deze tool in uw tenant";
        SignedOutHere => "You are signed out of this page.",
            "U bent afgemeld bij deze pagina.";
        SignedOutMicrosoftStays => "Your Microsoft sign-in in this browser stays active until you sign out of Microsoft or close the browser.",
            "Uw Microsoft-aanmelding in deze browser blijft actief tot u zich afmeldt bij Microsoft of de browser sluit.";
        SignOutOfMicrosoft => "Sign out of Microsoft too",
            "Ook afmelden bij Microsoft";
        HandOffAfterFixes => "Marketo's own checks fail here, so there is nothing to hand to Marketo yet: fix the failing rows first.",
            "De eigen controles van Marketo mislukken hier, dus er is nog niets om aan Marketo te geven: los eerst de mislukte regels op.";
        SignInForChanges => "Sign in to make changes",
            "Aanmelden om te wijzigen";
        SignInForChangesWhy => "You signed in to validate, with read-only permissions. Changing the tenant needs the setup permissions: sign in again to get them, then review the plan and apply.",
            "U hebt zich aangemeld om te valideren, met alleen leesrechten. Voor wijzigingen in de tenant zijn de inrichtingsrechten nodig: meld u opnieuw aan om ze te krijgen, bekijk dan het plan en pas het toe.";
        SharedOriginTitle => "Host this page on a web address of its own",
            "Host deze pagina op een eigen webadres";
        SharedOriginWhy => "It is served from {0} on {1}. Any other page of {1} opened in this tab can read your Microsoft sign-in, which can add credentials to every app registration of your tenant.",
            "Ze wordt geserveerd vanaf {0} op {1}. Elke andere pagina van {1} die in dit tabblad wordt geopend, kan uw Microsoft-aanmelding lezen, en daarmee kunnen aan elke app-registratie van uw tenant referenties worden toegevoegd.";
        SharedOriginFix => "Put it on an origin that serves nothing else, such as {0}, and register that address as the redirect URI.",
            "Zet haar op een origin die niets anders serveert, zoals {0}, en registreer dat adres als omleidings-URI.";
        BootstrapIntro => "config.json names no app registration yet. Once per tenant, an administrator registers the tool's own app in the Entra admin center:",
            "config.json noemt nog geen app-registratie. Eén keer per tenant registreert een beheerder de eigen app van deze tool in het Entra-beheercentrum:";
        BootstrapRegister => "App registrations › New registration: a name such as \"Sync Setup for Marketo\", Accounts in this organizational directory only.",
            "App-registraties › Nieuwe registratie: een naam zoals \"Sync Setup for Marketo\", alleen accounts in deze organisatiemap.";
        BootstrapRedirect => "Redirect URI: platform Single-page application, exactly this URL:",
            "Omleidings-URI: platform Toepassing met één pagina, precies deze URL:";
        BootstrapRedirectLabel => "redirect URI",
            "omleidings-URI";
        BootstrapPermissions => "API permissions › Add a permission, delegated — then Grant admin consent:",
            "API-machtigingen › Een machtiging toevoegen, gedelegeerd — en daarna Beheerderstoestemming verlenen:";
        BootstrapGraphLabel => "Graph permissions",
            "Graph-machtigingen";
        BootstrapHrd => "Only for federated (AD FS) domains in the client-app mode, also: ",
            "Alleen voor gefedereerde (AD FS-)domeinen in de client-appmodus ook: ";
        BootstrapConfig => "Put config.json next to index.html with the app's Application (client) ID and your Directory (tenant) ID, then reload:",
            "Zet config.json naast index.html met de Toepassings-id (client) van de app en uw Map-id (tenant), en laad de pagina opnieuw:";
        BootstrapConfigLabel => "config.json",
            "config.json";
        LandingTitle => "Connect Marketo to Dynamics 365 — set up and proven in minutes",
            "Marketo koppelen aan Dynamics 365 — ingericht en gecontroleerd in enkele minuten";
        LandingIntro => "This page registers the Marketo app in Entra ID, grants consent, creates the Dataverse application user with the Marketo Sync User role, and checks everything Marketo's Validate Sync Setup checks — from your browser, so secrets never touch a server.",
            "Deze pagina registreert de Marketo-app in Entra ID, verleent toestemming, maakt de Dataverse-toepassingsgebruiker met de rol Marketo Sync User aan en controleert alles wat Validate Sync Setup van Marketo controleert. Dat gebeurt in uw eigen browser, dus geheimen komen nooit op een server terecht.";
        YouNeed => "You need",
            "Wat u nodig hebt";
        NeedRole => "An Entra ID account with the Global Administrator or Cloud Application Administrator role.",
            "Een Entra ID-account met de rol Globale beheerder of Beheerder van cloudtoepassingen.";
        NeedSysAdmin => "The System Administrator role in the Dynamics 365 environment.",
            "De rol Systeembeheerder in de Dynamics 365-omgeving.";
        NeedSolution => "The Marketo solution imported in that environment.",
            "De Marketo-oplossing, geïmporteerd in die omgeving.";
        ModesTitle => "Two ways to connect",
            "Twee manieren om te koppelen";
        ModeS2S => "Server-to-server (recommended): Marketo signs in as an application user with a client secret. This page sets it up for you.",
            "Server-naar-server (aanbevolen): Marketo meldt zich aan als toepassingsgebruiker met een clientgeheim. Deze pagina richt dat voor u in.";
        ModeClientApp => "Client app (older): Marketo signs in as a licensed Dynamics user with that user's password. For federated domains this page also allows cloud password validation.",
            "Client-app (ouder): Marketo meldt zich aan als Dynamics-gebruiker met licentie, met het wachtwoord van die gebruiker. Bij gefedereerde domeinen staat deze pagina ook wachtwoordvalidatie in de cloud toe.";
        SyncUserTitle => "Sync user: the person Marketo signs in as",
            "Synchronisatiegebruiker: de persoon als wie Marketo zich aanmeldt";
        SyncUserSearch => "Name or sign-in name",
            "Naam of aanmeldnaam";
        Search => "Search",
            "Zoeken";
        SyncUsersLoading => "Looking up licensed users…",
            "Gebruikers met licentie worden opgezocht…";
        SyncUsersNone => "No enabled, licensed user matches.",
            "Geen ingeschakelde gebruiker met licentie gevonden.";
        MfaWarning => "Marketo signs in with this user's password and cannot answer a multi-factor prompt: exclude the user from MFA and from Conditional Access policies that require it.",
            "Marketo meldt zich aan met het wachtwoord van deze gebruiker en kan geen vraag om meervoudige verificatie beantwoorden: sluit de gebruiker uit van MFA en van beleid voor voorwaardelijke toegang dat MFA eist.";
        LanguageEnglish => "{0}'s Dynamics language is English, as Marketo requires.",
            "De Dynamics-taal van {0} is Engels, zoals Marketo vereist.";
        LanguageNotEnglish => "{0}'s Dynamics language is not English (code {1}). Marketo's sync requires English: signed in as that user, change it under Settings › Personalization Settings › Languages.",
            "De Dynamics-taal van {0} is niet Engels (code {1}). De synchronisatie van Marketo vereist Engels: wijzig dat, aangemeld als die gebruiker, onder Instellingen › Persoonlijke instellingen › Talen.";
        LanguageUnknown => "Marketo's sync requires the sync user's Dynamics language to be English (Settings › Personalization Settings › Languages).",
            "De synchronisatie van Marketo vereist dat de Dynamics-taal van de synchronisatiegebruiker Engels is (Instellingen › Persoonlijke instellingen › Talen).";
        HrdConsent => "Sign in again with the extra permission",
            "Opnieuw aanmelden met de extra machtiging";
        NoticeResumedWithPermission => "Signed in again with the extra permission. The remaining steps carry on.",
            "Opnieuw aangemeld met de extra machtiging. De overige stappen gaan verder.";
        PasswordNote => "Password: the sync user's own password. This page never sees it.",
            "Password: het eigen wachtwoord van de synchronisatiegebruiker. Deze pagina ziet het nooit.";
        SignIn => "Sign in with Microsoft",
            "Aanmelden met Microsoft";
        ValidateExisting => "Validate an existing setup",
            "Bestaande koppeling controleren";
        ValidateHint => "Only reads your tenant; changes nothing.",
            "Leest alleen uw tenant; er verandert niets.";
        OpeningSignIn => "Opening the Microsoft sign-in page…",
            "De aanmeldpagina van Microsoft wordt geopend…";
        ObservingStart => "Reading your tenant and environments…",
            "Uw tenant en omgevingen worden gelezen…";
        ObservingReview => "Reading what is already set up…",
            "Nagaan wat er al is ingericht…";
        ObservingChecks => "Running the checks…",
            "De controles worden uitgevoerd…";
        WaitingForApp => "Waiting for the new app to appear in Entra ID (Microsoft copies new objects between its servers; this can take a minute)…",
            "Wachten tot de nieuwe app in Entra ID verschijnt (Microsoft kopieert nieuwe objecten tussen zijn servers; dat kan een minuut duren)…";
        ObservingResume => "Resuming: reading what is already done…",
            "Hervatten: nagaan wat al klaar is…";
        PickTitle => "Choose the Dynamics 365 environment",
            "Kies de Dynamics 365-omgeving";
        PickIntro => "Marketo will sync with this environment. Its URL can never be changed in Marketo afterwards.",
            "Marketo synchroniseert met deze omgeving. De URL kunt u in Marketo achteraf nooit meer wijzigen.";
        ColName => "Name",
            "Naam";
        ColUrl => "URL",
            "URL";
        ColRegion => "Region",
            "Regio";
        ColKind => "Kind",
            "Soort";
        KindProduction => "Production",
            "Productie";
        KindDefault => "Default environment",
            "Standaardomgeving";
        KindSandbox => "Sandbox",
            "Sandbox";
        KindTrial => "Trial",
            "Proefomgeving";
        KindTrialUntil => "Trial until {0}",
            "Proefomgeving tot {0}";
        KindDeveloper => "Developer",
            "Ontwikkelaar";
        KindTeams => "Dataverse for Teams",
            "Dataverse for Teams";
        KindPreview => "Release preview",
            "Preview van een release";
        KindOther => "Other ({0})",
            "Anders ({0})";
        KindNotGiven => "Not given",
            "Niet opgegeven";
        ColSysAdmin => "You are System Administrator",
            "U bent systeembeheerder";
        ColState => "State",
            "Status";
        Yes => "Yes",
            "Ja";
        No => "No",
            "Nee";
        Ready => "Ready",
            "Gereed";
        NotReady => "Not ready",
            "Niet gereed";
        Choose => "Choose",
            "Kiezen";
        ChooseNamed => "Choose {0}",
            "{0} kiezen";
        ReadAgain => "Read again",
            "Opnieuw lezen";
        RoleNeeded => "Your account cannot make these changes.",
            "Uw account kan deze wijzigingen niet aanbrengen.";
        ReviewTitle => "Review the plan",
            "Controleer het plan";
        ReviewIntro => "Every step of Marketo's setup, with what is already done. Nothing changes until you press Apply, and every request is shown here before it is sent.",
            "Alle stappen van de Marketo-inrichting, met wat al klaar is. Er verandert niets voordat u op Toepassen drukt, en elk verzoek ziet u hier voordat het wordt verzonden.";
        ValidateTitle => "Check the existing setup",
            "De bestaande koppeling controleren";
        EnvironmentLabel => "Environment",
            "Omgeving";
        Change => "Change",
            "Wijzigen";
        SettingsTitle => "Settings",
            "Instellingen";
        AppName => "App registration name",
            "Naam van de app-registratie";
        AppUserEmail => "Application user e-mail (Marketo's username)",
            "E-mailadres van de toepassingsgebruiker (gebruikersnaam in Marketo)";
        AppUserEmailExisting => "The application user already exists; its e-mail is used.",
            "De toepassingsgebruiker bestaat al; zijn e-mailadres wordt gebruikt.";
        SecretLifetime => "Client secret lifetime (days)",
            "Geldigheidsduur van het clientgeheim (dagen)";
        SecretLifetimeHint => "At most {0} days.",
            "Hoogstens {0} dagen.";
        SecretLifetimePolicy => "At most {0} days: your tenant's app-management policy allows no longer client secrets.",
            "Hoogstens {0} dagen: het app-beheerbeleid van uw tenant staat geen langer geldige clientgeheimen toe.";
        SyncFilter => "Sync filter column new_synctomkto (optional)",
            "Synchronisatiefilter new_synctomkto (optioneel)";
        TableLead => "Lead",
            "Potentiële klant";
        TableContact => "Contact",
            "Contactpersoon";
        TableAccount => "Account",
            "Account";
        TableOpportunity => "Opportunity",
            "Verkoopkans";
        ConsentRemoveHolders => "Remove the Marketo Sync User role from everyone else who holds it",
            "De rol Marketo Sync User afnemen van iedereen die hem verder nog heeft";
        ConsentPluginSteps => "Enable the Marketo solution's disabled plug-in steps",
            "De uitgeschakelde invoegtoepassingsstappen van de Marketo-oplossing inschakelen";
        NewSecret => "Create a new client secret (you no longer have the current one)",
            "Een nieuw clientgeheim maken (u hebt het huidige niet meer)";
        PickApp => "Which app registration does Marketo use?",
            "Welke app-registratie gebruikt Marketo?";
        StepsTitle => "Steps",
            "Stappen";
        StatusDone => "Done",
            "Klaar";
        StatusToDo => "To do",
            "Te doen";
        StatusNeedsAnswer => "Needs your answer",
            "Uw antwoord nodig";
        StatusBlocked => "Blocked",
            "Geblokkeerd";
        StatusNotApplicable => "Not needed",
            "Niet nodig";
        ReplacesDocStep => "Replaces Marketo's step: ",
            "Vervangt de Marketo-stap: ";
        RequestsPreview => "Requests this step will send ({0})",
            "Verzoeken die deze stap verstuurt ({0})";
        ApplySteps => "Apply {0} steps",
            "{0} stappen toepassen";
        ApplyOne => "Apply 1 step",
            "1 stap toepassen";
        Apply => "Apply",
            "Toepassen";
        NothingToDo => "Nothing to do: every step is done.",
            "Niets te doen: elke stap is gedaan.";
        NothingCanRun => "Nothing can run yet. Steps blocked or waiting for an answer: {0}; each says why above.",
            "Er kan nog niets worden uitgevoerd. Stappen die geblokkeerd zijn of op een antwoord wachten: {0}; bij elke stap staat hierboven waarom.";
        EmailUncheckedNote => "Read the tenant again so the page can check that nobody else has this e-mail before it creates the application user.",
            "Lees de tenant opnieuw, zodat de pagina kan nagaan dat niemand anders dit e-mailadres heeft voordat ze de toepassingsgebruiker maakt.";
        StaleNote => "You changed the app or the sync filter. Read the tenant again before applying.",
            "U hebt de app of het synchronisatiefilter gewijzigd. Lees de tenant opnieuw voordat u toepast.";
        RunChecks => "Run the checks",
            "Controles uitvoeren";
        ApplyingTitle => "Applying the plan",
            "Het plan wordt toegepast";
        ApplyingStopped => "The run stopped",
            "De uitvoering is gestopt";
        ApplyingProgress => "{0} of {1} steps done",
            "{0} van {1} stappen klaar";
        RowPending => "Waiting its turn",
            "Wacht op zijn beurt";
        RowRunning => "Working…",
            "Bezig…";
        RowDone => "Done",
            "Klaar";
        RowFailed => "Failed",
            "Mislukt";
        RowNotRun => "Not run",
            "Niet uitgevoerd";
        WaitReplication => "Waiting for Microsoft to replicate the new object — {0} s so far",
            "Wachten tot Microsoft het nieuwe object heeft gerepliceerd — al {0} s";
        WaitStillRunning => "The answer was lost; checking whether Dataverse has finished — {0} s so far",
            "Het antwoord ging verloren; nagaan of Dataverse klaar is — al {0} s";
        WaitThrottled => "Microsoft asked us to slow down — waited {0} s so far",
            "Microsoft vraagt om wat geduld — al {0} s gewacht";
        WaitUnavailable => "The service is briefly unavailable — waited {0} s so far",
            "De dienst is even onbereikbaar — al {0} s gewacht";
        Retries => "retries: {0}",
            "nieuwe pogingen: {0}";
        Cancel => "Cancel",
            "Annuleren";
        Cancelling => "Stopping after the current request…",
            "Stoppen na het huidige verzoek…";
        BackToPlan => "Back to the plan",
            "Terug naar het plan";
        RunFailedAt => "The run stopped at: {0}",
            "De uitvoering is gestopt bij: {0}";
        NoticeResumed => "The page was reloaded while applying. Everything the tenant already has is kept; the remaining steps carry on.",
            "De pagina is tijdens het toepassen opnieuw geladen. Wat al in de tenant staat, blijft staan; de overige stappen gaan gewoon verder.";
        NoticeOtherAccount => "You signed in as a different account than the one that started the work in this tab: nothing it had started was resumed. Review the plan before you apply.",
            "U bent aangemeld met een ander account dan het account dat het werk in dit tabblad begon: niets daarvan is hervat. Bekijk het plan voordat u toepast.";
        NoticeRunInAnotherTab => "Another tab of this browser is already changing this tenant, so nothing was sent from this one. Let that tab finish (or close it), then read the tenant again here.",
            "Een ander tabblad van deze browser wijzigt deze tenant al, dus vanuit dit tabblad is niets verzonden. Laat dat tabblad klaar zijn (of sluit het) en lees de tenant daarna hier opnieuw.";
        NoticeDuplicatedTab => "This tab is a copy of another tab that is still open, so what that tab had started was not resumed here. Review the plan before you apply.",
            "Dit tabblad is een kopie van een ander tabblad dat nog open is, dus wat dat tabblad was begonnen, is hier niet hervat. Bekijk het plan voordat u toepast.";
        NoticeMaintenanceResumed => "The page was reloaded. What the tenant already shows is kept; the rest carries on from there.",
            "De pagina is opnieuw geladen. Wat de tenant al laat zien, blijft; de rest gaat vanaf daar verder.";
        NoticeCancelled => "Cancelled. What was done stays done; the plan shows what is left.",
            "Geannuleerd. Wat al gedaan is, blijft gedaan; het plan laat zien wat er nog over is.";
        NoticeSecretLost => "A client secret may have been created before the page was reloaded, and it was not stored. It cannot be shown again, so a new one will be created. Delete any unused one (described as created by Sync Setup) in Entra ID.",
            "Vóór het herladen van de pagina is misschien een clientgeheim gemaakt dat niet is bewaard. Het kan niet opnieuw worden getoond, dus er wordt een nieuw gemaakt. Verwijder een ongebruikt geheim (omschreven als gemaakt door Sync Setup) in Entra ID.";
        NoticeAppNotVisibleYet => "The app created a moment ago is not visible in Entra ID yet (Microsoft replicates new objects with a delay). Wait a minute, then Read again: applying now could create it twice. If it was deleted, choose Start over.",
            "De zojuist gemaakte app is nog niet zichtbaar in Entra ID (Microsoft verwerkt nieuwe objecten met enige vertraging). Wacht een minuut en kies dan Opnieuw lezen: nu toepassen zou de app een tweede keer kunnen maken. Is de app verwijderd, kies dan Opnieuw beginnen.";
        NoticeSignedInAgain => "Signed in again. Your tenant was read again; everything already done is kept.",
            "Opnieuw aangemeld. Uw tenant is opnieuw gelezen; alles wat al gedaan is, blijft behouden.";
        SessionEndedTitle => "Sign in again to carry on",
            "Meld u opnieuw aan om verder te gaan";
        SessionEndedKept => "Your answers are kept in this tab. After you sign in, the page reads your tenant again and carries on from what is already done.",
            "Uw antwoorden blijven bewaard in dit tabblad. Na het aanmelden leest de pagina uw tenant opnieuw en gaat verder vanaf wat al gedaan is.";
        SignInAgain => "Sign in again",
            "Opnieuw aanmelden";
        NoticeEnvironmentGone => "The environment chosen earlier is no longer listed. Please choose again.",
            "De eerder gekozen omgeving staat niet meer in de lijst. Kies opnieuw.";
        SecretTitle => "Your new client secret",
            "Uw nieuwe clientgeheim";
        SecretWarning => "Shown once — store it now. Microsoft never shows it again, and this page forgets it as soon as you leave these screens or sign out.",
            "Wordt maar één keer getoond — bewaar het nu. Microsoft laat het nooit meer zien, en deze pagina vergeet het zodra u deze schermen verlaat of zich afmeldt.";
        SecretLabel => "Client secret",
            "Clientgeheim";
        Show => "Show",
            "Tonen";
        Hide => "Hide",
            "Verbergen";
        Copy => "Copy",
            "Kopiëren";
        CopyNamed => "Copy {0}",
            "{0} kopiëren";
        Copied => "Copied",
            "Gekopieerd";
        CopiedNamed => "{0} copied",
            "{0} gekopieerd";
        ValidUntil => "Valid until {0}",
            "Geldig tot {0}";
        SecretStored => "I have stored it",
            "Ik heb het bewaard";
        RunGoesOnInBackground => "The remaining steps are being applied in the background; the checks follow.",
            "Op de achtergrond worden de overige stappen uitgevoerd; daarna volgen de controles.";
        ChecksInBackground => "The checks are running in the background.",
            "Op de achtergrond lopen de controles.";
        ChecksTitle => "Checks",
            "Controles";
        ChecksIntro => "Marketo's seven Validate Sync Setup checks first, then the rest.",
            "Eerst de zeven controles van Validate Sync Setup in Marketo, daarna de rest.";
        MarketoChecks => "Marketo's Validate Sync Setup",
            "Validate Sync Setup van Marketo";
        OtherChecks => "Other checks",
            "Overige controles";
        VerdictPass => "Passed",
            "Geslaagd";
        VerdictWarn => "Needs attention",
            "Aandacht nodig";
        VerdictFail => "Failed",
            "Mislukt";
        VerdictUnknown => "Unknown: could not be read",
            "Onbekend: kon niet worden gelezen";
        VerdictNotApplicable => "Not applicable",
            "Niet van toepassing";
        FixInPlan => "Fix in the plan",
            "Herstellen via het plan";
        CheckAgain => "Check again",
            "Opnieuw controleren";
        ToHandOff => "Continue to the hand-off",
            "Verder naar de overdracht";
        SummaryLine => "{0} passed · {1} need attention · {2} failed",
            "{0} geslaagd · {1} aandacht nodig · {2} mislukt";
        SummaryUnknown => " · {0} could not be checked",
            " · {0} kon niet worden gecontroleerd";
        MarketoSummary => "Marketo's checks: {0} of {1} pass",
            "Controles van Marketo: {0} van {1} geslaagd";
        HandOffTitle => "Enter these in Marketo",
            "Vul dit in bij Marketo";
        HandOffIntro => "In Marketo, open Admin › CRM › Microsoft Dynamics. The credentials form asks for:",
            "Open in Marketo Admin › CRM › Microsoft Dynamics. Het formulier met aanmeldgegevens vraagt om:";
        SecretNotHeld => "No longer held by this page — use the secret you stored.",
            "Deze pagina heeft het niet meer — gebruik het geheim dat u hebt bewaard.";
        NotSetUpYet => "Not set up yet",
            "Nog niet ingericht";
        ForgetSecret => "Forget the secret now",
            "Het geheim nu vergeten";
        MarketoStep1 => "Click Disable Sync.",
            "Klik op Disable Sync.";
        MarketoStep2 => "Click Edit next to the credentials and enter the values above.",
            "Klik bij de aanmeldgegevens op Edit en vul de waarden hierboven in.";
        MarketoStep3 => "Click Save.",
            "Klik op Save.";
        MarketoStep4 => "Click Validate Sync Setup.",
            "Klik op Validate Sync Setup.";
        MarketoStep5 => "Click Next.",
            "Klik op Next.";
        MarketoStep6 => "Wait until every item is green.",
            "Wacht tot alle onderdelen groen zijn.";
        MarketoStep7 => "Click Close.",
            "Klik op Close.";
        MarketoStep8 => "Click Enable Sync.",
            "Klik op Enable Sync.";
        ProcedureQuestion => "Is Marketo already syncing with this Dynamics environment?",
            "Synchroniseert Marketo al met deze Dynamics-omgeving?";
        ProcedureQuestionWhy => "Marketo's steps differ: a first connection enters the credentials once; a running sync is disabled, given the new credentials and enabled again.",
            "De stappen in Marketo verschillen: bij een eerste koppeling voert u de aanmeldgegevens één keer in; een lopende synchronisatie wordt uitgeschakeld, krijgt de nieuwe gegevens en wordt weer ingeschakeld.";
        AnswerYesSyncing => "Yes, it syncs today",
            "Ja, die synchroniseert nu";
        AnswerNotSyncing => "No, this is the first connection",
            "Nee, dit is de eerste koppeling";
        ChangeProcedureAnswer => "Change the answer",
            "Antwoord wijzigen";
        ProcedureFirstConnection => "First connection: Marketo's Step 3 of 3: Connect",
            "Eerste koppeling: Step 3 of 3: Connect van Marketo";
        ProcedureNewCredentials => "New credentials for the running sync",
            "Nieuwe aanmeldgegevens voor de lopende synchronisatie";
        ProcedureMigration => "Switching the running sync to server-to-server: Reconfigure New Auth Method",
            "De lopende synchronisatie overzetten naar server-to-server: Reconfigure New Auth Method";
        ProcedureClientApp => "Client-app connection: Marketo's Step 4 of 4: Connect",
            "Koppeling met client-app: Step 4 of 4: Connect van Marketo";
        ProcedureSource => "Marketo's page for these steps",
            "De pagina van Marketo voor deze stappen";
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
        MigrationSwitch => "Click Switch, then Confirm, Confirm again, and OK.",
            "Klik op Switch, dan op Confirm, nogmaals op Confirm en op OK.";
        MigrationWait => "Wait 15 minutes — Marketo needs them to accept the new method — then click Enable Sync.",
            "Wacht 15 minuten — zo lang heeft Marketo nodig om de nieuwe methode te accepteren — en klik dan op Enable Sync.";
        MigrationSyncDisabled => "The sync is disabled in Marketo: set the Marketo User now",
            "De synchronisatie staat uit in Marketo: stel de Marketo User nu in";
        MigrationRoleKept => "The old sync user keeps the Marketo Sync User role until Marketo has switched, so the old sync can still be turned back on.",
            "De oude synchronisatiegebruiker houdt de rol Marketo Sync User tot Marketo is overgestapt, zodat de oude synchronisatie nog terug aan kan.";
        MigrationSwitched => "Marketo has switched: take the role from the old sync user",
            "Marketo is overgestapt: neem de rol af van de oude synchronisatiegebruiker";
        MigrationNote => "Marketo syncs today as a licensed person (Marketo Config › Marketo User), so this is a switch of a running sync. Coming from Basic authentication (user name and password only)? Marketo asks you to contact Marketo Support first.",
            "Marketo synchroniseert nu als een persoon met licentie (Marketo Config › Marketo User); dit is dus het overzetten van een lopende synchronisatie. Komt u van Basic authentication (alleen gebruikersnaam en wachtwoord)? Dan vraagt Marketo u eerst contact op te nemen met Marketo Support.";
        OrgUrlServiceNote => "Marketo asks for the Organization Service URL (in Dynamics: Settings › Customizations › Developer Resources › Service Endpoints); this is it. The environment's own address, {0}, is the same environment.",
            "Marketo vraagt om de Organization Service URL (in Dynamics: Settings › Customizations › Developer Resources › Service Endpoints); dit is die. Het eigen adres van de omgeving, {0}, is dezelfde omgeving.";
        OrgUrlWarningNamed => "The Org URL can never be changed after you save it in Marketo: a wrong one needs a new Marketo subscription. Make sure {0} is the environment you mean.",
            "De Org URL kan nooit meer worden gewijzigd nadat u die in Marketo opslaat: voor een verkeerde is een nieuw Marketo-abonnement nodig. Controleer dat {0} echt de bedoelde omgeving is.";
        OrgUrlWarning => "The Org URL can never be changed after Marketo's first sync. Make sure it is the environment you mean.",
            "De Org URL kan na de eerste synchronisatie van Marketo nooit meer worden gewijzigd. Controleer dat dit echt de bedoelde omgeving is.";
        SeeAllChecks => "See all checks",
            "Alle controles bekijken";
        AfterSetupTitle => "After the setup",
            "Na de inrichting";
        ReportNote => "The report lists what changed, the values for Marketo and the checks. It never contains the secret.",
            "Het rapport vermeldt wat er is gewijzigd, de waarden voor Marketo en de controles. Het geheim staat er nooit in.";
        DownloadJson => "Download the report (JSON)",
            "Rapport downloaden (JSON)";
        DownloadMarkdown => "Download the report (Markdown)",
            "Rapport downloaden (Markdown)";
        DownloadReminder => "Calendar reminder 30 days before the secret expires (.ics)",
            "Agendaherinnering 30 dagen voordat het geheim verloopt (.ics)";
        RotateTitle => "Rotate the client secret",
            "Het clientgeheim vervangen";
        RotateIntro => "A new secret is added first, so Marketo keeps syncing. The old ones are removed only after you confirm that Marketo uses the new one.",
            "Eerst wordt een nieuw geheim toegevoegd, zodat Marketo blijft synchroniseren. De oude worden pas verwijderd als u bevestigt dat Marketo het nieuwe gebruikt.";
        SecretsOfApp => "The app's client secrets",
            "Clientgeheimen van de app";
        SecretLine => "{0}… — valid until {1}",
            "{0}… — geldig tot {1}";
        NewMarker => "new",
            "nieuw";
        AddNewSecret => "Add a new secret ({0} days)",
            "Nieuw geheim toevoegen ({0} dagen)";
        ConfirmRotation => "Marketo now uses the new secret: remove the old ones",
            "Marketo gebruikt nu het nieuwe geheim: verwijder de oude";
        RotationDone => "Done: only the new secret is left.",
            "Klaar: alleen het nieuwe geheim is over.";
        RotationUnseenSecret => "A new secret (hint {0}) was added before the page reloaded. Its value is shown only once and never stored, so it cannot be shown again. If Marketo already uses it, confirm below; if not, add another new secret.",
            "Er is een nieuw geheim (hint {0}) toegevoegd voordat de pagina opnieuw werd geladen. De waarde wordt maar één keer getoond en nooit bewaard, dus kan niet opnieuw worden getoond. Gebruikt Marketo het al, bevestig dat dan hieronder; zo niet, voeg nog een nieuw geheim toe.";
        AddAnotherSecret => "Add another new secret",
            "Nog een nieuw geheim toevoegen";
        SecretsRemoved => "Removed",
            "Verwijderd";
        SecretsNotRemoved => "Not removed",
            "Niet verwijderd";
        RetryRemoval => "Retry: remove the {0} left",
            "Opnieuw: verwijder de {0} die over zijn";
        TeardownTitle => "Tear down the connection",
            "De koppeling verwijderen";
        TeardownIntro => "This removes, in this order, what this page created. What was there before it ran is listed too, and removed only if you ask for it below. Marketo's sync stops until it is set up again.",
            "Dit verwijdert, in deze volgorde, wat deze pagina heeft gemaakt. Wat er al was voordat ze liep, staat er ook bij en wordt alleen verwijderd als u daar hieronder om vraagt. De synchronisatie van Marketo stopt totdat alles opnieuw is ingericht.";
        TeardownCreatedHere => "Created by this page",
            "Gemaakt door deze pagina";
        TeardownWasThere => "There before this page ran",
            "Bestond al voordat deze pagina liep";
        TeardownIncludeExisting => "Also remove what was there before this page ran: {0}",
            "Verwijder ook wat er al was voordat deze pagina liep: {0}";
        TeardownConfirm => "I understand that Marketo's sync stops.",
            "Ik begrijp dat de synchronisatie van Marketo stopt.";
        TeardownStart => "Remove these {0}",
            "Deze {0} verwijderen";
        TeardownRemoved => "Removed",
            "Verwijderd";
        TeardownRestore => "Entra ID keeps the deleted app registration for 30 days: if this was a mistake, restore it under App registrations › Deleted applications.",
            "Entra ID bewaart de verwijderde app-registratie 30 dagen: was dit een vergissing, herstel haar dan onder App-registraties › Verwijderde toepassingen.";
        CopyFailed => "Copying failed: select the text and copy it yourself.",
            "Kopiëren is mislukt: selecteer de tekst en kopieer hem zelf.";
    }

    // The way in: signing in and config.json, all the landing module renders as sentences.
    way_in {
        SignInServiceUnreachable => "The sign-in service could not be reached.",
            "De aanmeldservice is niet bereikbaar.";
        AuthorityDidNotReturnOpenIDConfiguration => "The authority {0} did not return its OpenID configuration.",
            "De autoriteit {0} gaf haar OpenID-configuratie niet terug.";
        CheckNetworkConnectionAuthorityConfigJson => "Check your network connection and the authority in config.json, then try again.",
            "Controleer uw netwerkverbinding en de authority in config.json, en probeer het opnieuw.";
        RequestGotNoAnswer => "A request got no answer.",
            "Een aanvraag kreeg geen antwoord.";
        CheckConnectionTryAgain => "Check your connection and try again.",
            "Controleer uw verbinding en probeer het opnieuw.";
        BrowserCouldNotReachNetworkDown => "The browser could not reach {0}: the network is down, or a proxy or firewall blocks it.",
            "De browser kon {0} niet bereiken: het netwerk is uitgevallen, of een proxy of firewall blokkeert het adres.";
        SignInAnswerRejected => "The sign-in answer was rejected.",
            "Het antwoord op de aanmelding is geweigerd.";
        SignInTookTooLongNotAccepted => "The sign-in took too long and was not accepted.",
            "De aanmelding duurde te lang en is niet geaccepteerd.";
        SignInStartedPageAcceptedTenMinutes => "A sign-in started on this page is accepted for ten minutes; this one was started longer ago.",
            "Een aanmelding die op deze pagina is gestart, wordt tien minuten geaccepteerd; deze is langer geleden gestart.";
        SignInAgainFromThisPage => "Sign in again from this page.",
            "Meld u opnieuw aan vanaf deze pagina.";
        DoesNotMatchSignInTabStarted => "It does not match the sign-in this tab started (its state differs), so it may be forged or stale.",
            "Het hoort niet bij de aanmelding die dit tabblad is begonnen (de state verschilt), dus het kan vervalst of verouderd zijn.";
        StartSignInAgainPage => "Start the sign-in again from this page.",
            "Begin de aanmelding opnieuw vanaf deze pagina.";
        TabDidNotStartSignInAlready => "This tab did not start a sign-in, or it was already completed (sign-in answers are single-use).",
            "Dit tabblad is geen aanmelding begonnen, of die is al voltooid (een antwoord op een aanmelding is maar één keer bruikbaar).";
        SignInServiceGaveUnreadableAnswer => "The sign-in service gave an unreadable answer.",
            "De aanmeldservice gaf een onleesbaar antwoord.";
        TokenEndpointResponseNeitherTokensNor => "The token endpoint's response was neither tokens nor an Entra error; a proxy may have intercepted it.",
            "Het antwoord van het tokeneindpunt bevatte geen tokens en geen Entra-fout; misschien heeft een proxy het onderschept.";
        CheckProxyToEntra => "Try again; if it persists, check for a proxy between you and Entra ID.",
            "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en Entra ID.";
        IdentityReturnedEntraIDRefused => "The identity returned by Entra ID was refused.",
            "De identiteit die Entra ID teruggaf, is geweigerd.";
        IdTokenFailedSafetyCheck => "Its id_token failed a safety check: {0}.",
            "Het id_token ervan doorstond een veiligheidscontrole niet: {0}.";
        SignAgainIfPersistsCheckClientId => "Sign in again; if it persists, check clientId and authority in config.json.",
            "Meld u opnieuw aan; blijft het probleem, controleer dan clientId en authority in config.json.";
        SignInDidNotReturnEverythingNeeded => "The sign-in did not return everything needed.",
            "De aanmelding gaf niet alles terug wat nodig is.";
        EntraIDReturnedNo => "Entra ID returned no {0}.",
            "Entra ID gaf geen {0} terug.";
        SignAgainAcceptAllRequestedPermissions => "Sign in again and accept all requested permissions.",
            "Meld u opnieuw aan en accepteer alle gevraagde machtigingen.";
        SignInCancelled => "Sign-in was cancelled.",
            "De aanmelding is geannuleerd.";
        SignInPageClosedCancelPermissionsTool => "The sign-in page was closed with Cancel, or the permissions the tool asks for were declined.",
            "De aanmeldpagina is met Annuleren gesloten, of de machtigingen die de tool vraagt, zijn geweigerd.";
        SignAgainAcceptRequestedPermissionsThey => "Sign in again and accept the requested permissions; they are needed to read and configure your tenant.",
            "Meld u opnieuw aan en accepteer de gevraagde machtigingen; die zijn nodig om uw tenant te lezen en in te richten.";
        SignInAddressPageNotRegistered => "The sign-in address of this page is not registered.",
            "Het aanmeldadres van deze pagina is niet geregistreerd.";
        EntraIDOnlyReturnsRedirectURIs => "Entra ID only returns to redirect URIs registered on the tool's app registration, character for character.",
            "Entra ID keert alleen terug naar omleidings-URI's die, teken voor teken, bij de app-registratie van de tool staan.";
        AddPageExactURLRedirectURI => "Add this page's exact URL as a redirect URI of type Single-page application on the tool's app registration.",
            "Voeg de exacte URL van deze pagina toe als omleidings-URI van het type Toepassing met één pagina bij de app-registratie van de tool.";
        AppRegistrationSingleTenantButSignInUsed => "The app registration is single-tenant but the sign-in used a shared endpoint.",
            "De app-registratie is single-tenant, maar de aanmelding gebruikte een gedeeld eindpunt.";
        SingleTenantApplicationsMustSignThroughTheir => "Single-tenant applications must sign in through their own tenant's authority.",
            "Single-tenant toepassingen moeten aanmelden via de autoriteit van hun eigen tenant.";
        SetAuthorityConfigJsonHttpsLogin => "Set authority in config.json to https://login.microsoftonline.com/<your tenant ID>.",
            "Zet authority in config.json op https://login.microsoftonline.com/<uw tenant-id>.";
        ConsentMissingPermissionsToolNeeds => "Consent is missing for the permissions this tool needs.",
            "Er is geen toestemming voor de machtigingen die deze tool nodig heeft.";
        NobodyHasConsentedToolDelegatedPermissions => "Nobody has consented to the tool's delegated permissions in this tenant yet.",
            "Nog niemand heeft in deze tenant toestemming gegeven voor de gedelegeerde machtigingen van de tool.";
        SignAgainAdministratorGrantConsentOrganisation => "Sign in again as an administrator and grant consent for your organisation.",
            "Meld u opnieuw aan als beheerder en verleen toestemming namens uw organisatie.";
        AdministratorMustApproveToolFirst => "An administrator must approve this tool first.",
            "Een beheerder moet deze tool eerst goedkeuren.";
        ToolAsksPermissionsOnlyAdministratorCan => "The tool asks for permissions that only an administrator can grant for the organisation.",
            "De tool vraagt machtigingen die alleen een beheerder namens de organisatie kan verlenen.";
        SignGlobalAdministratorPrivilegedRoleAdministrator => "Sign in with a Global Administrator, Privileged Role Administrator or Cloud Application Administrator account.",
            "Meld u aan met een account met de rol Globale beheerder, Beheerder met bevoorrechte rol of Beheerder van cloudtoepassingen.";
        ToolAppRegistrationLacksPermissionAsks => "The tool's app registration lacks a permission it asks for.",
            "De app-registratie van de tool mist een machtiging die de tool vraagt.";
        EachPermissionRequestedSignInMustListed => "Each permission requested at sign-in must be listed under the app registration's API permissions.",
            "Elke machtiging die bij het aanmelden wordt gevraagd, moet bij de API-machtigingen van de app-registratie staan.";
        AddDelegatedPermissionsListedREADMETool => "Add the delegated permissions listed in the README to the tool's app registration, then sign in again.",
            "Voeg de gedelegeerde machtigingen uit de README toe aan de app-registratie van de tool en meld u opnieuw aan.";
        ToolAppRegistrationNotFoundTenant => "The tool's app registration was not found in this tenant.",
            "De app-registratie van de tool is niet gevonden in deze tenant.";
        ClientIdConfigJsonDoesNotExist => "The clientId in config.json does not exist in the tenant you signed in to.",
            "De clientId in config.json bestaat niet in de tenant waarbij u zich hebt aangemeld.";
        CheckClientIdAuthorityConfigJsonAgainst => "Check clientId and authority in config.json against the app registration's Overview page.",
            "Vergelijk clientId en authority in config.json met de pagina Overzicht van de app-registratie.";
        ToolRedirectURIRegisteredWrongPlatform => "The tool's redirect URI is registered as the wrong platform.",
            "De omleidings-URI van de tool is onder het verkeerde platform geregistreerd.";
        BrowsersCanOnlyRedeemSignInCodes => "Browsers can only redeem sign-in codes for redirect URIs of type Single-page application; this one is registered as Web.",
            "Browsers kunnen aanmeldcodes alleen inwisselen voor omleidings-URI's van het type Toepassing met één pagina; deze is geregistreerd als Web.";
        AppRegistrationAuthenticationPageMoveURL => "In the app registration's Authentication page, move this URL from Web to Single-page application.",
            "Verplaats deze URL op de pagina Verificatie van de app-registratie van Web naar Toepassing met één pagina.";
        SignInCodeRedeemedOutsideBrowser => "The sign-in code was redeemed outside a browser.",
            "De aanmeldcode is buiten een browser ingewisseld.";
        CodesIssuedSinglePageApplicationsMayOnly => "Codes issued to single-page applications may only be redeemed by cross-origin browser requests.",
            "Codes voor toepassingen met één pagina mogen alleen worden ingewisseld met cross-origin-aanvragen van een browser.";
        OpenToolBrowserIfPersistsReport => "Open the tool in a browser; if this persists, report it.",
            "Open de tool in een browser; blijft dit gebeuren, meld het dan.";
        ToolSentClientSecretMustNot => "The tool sent a client secret it must not have.",
            "De tool stuurde een clientgeheim dat ze niet mag hebben.";
        ToolPublicClientEntraRefusesSecrets => "The tool is a public client; Entra refuses secrets from it.",
            "De tool is een openbare client; Entra weigert geheimen van zo'n client.";
        RemoveAnySecretToolConfigurationReport => "Remove any secret from the tool's configuration and report this as a bug.",
            "Verwijder elk geheim uit de configuratie van de tool en meld dit als fout.";
        SignInSessionHasEnded => "Your sign-in session has ended.",
            "Uw aanmeldsessie is beëindigd.";
        BrowserSessionsGetRefreshTokensLive => "Browser sessions get refresh tokens that live 24 hours and are not extended.",
            "Browsersessies krijgen vernieuwingstokens die 24 uur geldig zijn en niet worden verlengd.";
        SignAgainNothingAlreadyDoneTenant => "Sign in again; nothing already done in your tenant is lost.",
            "Meld u opnieuw aan; wat al in uw tenant is gedaan, gaat niet verloren.";
        SignInCodeAlreadyUsedHasExpired => "The sign-in code was already used or has expired.",
            "De aanmeldcode is al gebruikt of verlopen.";
        CodesSingleUseLiveTenMinutesReload => "Codes are single-use and live ten minutes; a reload or a second tab may have used it.",
            "Codes zijn eenmalig en tien minuten geldig; misschien heeft een herlaadactie of een tweede tabblad de code gebruikt.";
        SignInAgainFix => "Sign in again.",
            "Meld u opnieuw aan.";
        EntraIDRefusedToolSignInRequest => "Entra ID refused the tool's sign-in request.",
            "Entra ID heeft de aanmeldaanvraag van de tool geweigerd.";
        RequestLackedFieldEntraIDRequires => "The request lacked a field Entra ID requires, or asked for a response the app registration does not allow; this is a fault in the tool, not in your tenant.",
            "De aanvraag miste een veld dat Entra ID vereist, of vroeg om een antwoord dat de app-registratie niet toestaat; dit is een fout in de tool, niet in uw tenant.";
        ReportBugToolDetailsBelow => "Report this as a bug in the tool, with the details below.",
            "Meld dit als fout in de tool, met de details hieronder.";
        TokenRequestedMoreThanOneService => "A token was requested for more than one service at once.",
            "Er is een token voor meer dan één service tegelijk aangevraagd.";
        EachAccessTokenIssuedSingleResource => "Each access token is issued for a single resource.",
            "Elk toegangstoken wordt voor één resource uitgegeven.";
        ReportBugTool => "Report this as a bug in the tool.",
            "Meld dit als fout in de tool.";
        MicrosoftServiceToolNeedsNotProvisioned => "A Microsoft service this tool needs is not provisioned in your tenant.",
            "Een Microsoft-service die deze tool nodig heeft, is niet ingericht in uw tenant.";
        Dynamics365DataverseHasNoService => "Dynamics 365 (Dataverse) has no service principal in this tenant.",
            "Dynamics 365 (Dataverse) heeft geen service-principal in deze tenant.";
        MakeSureTenantHasDynamics365 => "Make sure the tenant has a Dynamics 365 or Power Platform environment, then sign in again.",
            "Zorg dat de tenant een Dynamics 365- of Power Platform-omgeving heeft en meld u opnieuw aan.";
        MultiFactorAuthenticationRequired => "Multi-factor authentication is required.",
            "Meervoudige verificatie is vereist.";
        OrganisationRequiresSecondFactorSignIn => "Your organisation requires a second factor for this sign-in.",
            "Uw organisatie eist voor deze aanmelding een tweede factor.";
        SignAgainCompleteMultiFactorPrompt => "Sign in again and complete the multi-factor prompt.",
            "Meld u opnieuw aan en voltooi de meervoudige verificatie.";
        SignInBlockedConditionalAccessPolicy => "Sign-in was blocked by a Conditional Access policy.",
            "De aanmelding is geblokkeerd door beleid voor voorwaardelijke toegang.";
        ConditionalAccessSecurityDefaultsPolicyDoesNot => "A Conditional Access or security-defaults policy does not allow this sign-in from here.",
            "Beleid voor voorwaardelijke toegang of de standaardinstellingen voor beveiliging staan deze aanmelding van hieruit niet toe.";
        AskIdentityAdministratorWhichPolicyApplies => "Ask your identity administrator which policy applies, or sign in from a compliant device.",
            "Vraag uw identiteitsbeheerder welk beleid geldt, of meld u aan vanaf een conform apparaat.";
        UserNamePasswordWrong => "The user name or password is wrong.",
            "De gebruikersnaam of het wachtwoord is onjuist.";
        EntraIDDidNotAcceptCredentials => "Entra ID did not accept the credentials.",
            "Entra ID heeft de aanmeldgegevens niet geaccepteerd.";
        CheckCredentialsTryAgain => "Check the credentials and try again.",
            "Controleer de aanmeldgegevens en probeer het opnieuw.";
        SignInCancelledRefused => "Sign-in was cancelled or refused.",
            "De aanmelding is geannuleerd of geweigerd.";
        SignInDidNotCompleteSoTool => "The sign-in did not complete, so the tool has no access to your tenant.",
            "De aanmelding is niet voltooid, dus de tool heeft geen toegang tot uw tenant.";
        EntraIDTemporarilyUnavailable => "Entra ID is temporarily unavailable.",
            "Entra ID is tijdelijk niet beschikbaar.";
        SignInServiceReportedTransientError => "The sign-in service reported a transient error.",
            "De aanmeldservice meldde een tijdelijke fout.";
        WaitMinuteSignAgain => "Wait a minute and sign in again.",
            "Wacht een minuut en meld u opnieuw aan.";
        EntraIDNeedsSignInteractively => "Entra ID needs you to sign in interactively.",
            "Entra ID vraagt u interactief aan te melden.";
        SilentTokenRequestCannotContinueWithout => "A silent token request cannot continue without you.",
            "Een stille tokenaanvraag kan niet verder zonder u.";
        SignInNoLongerValid => "Your sign-in is no longer valid.",
            "Uw aanmelding is niet meer geldig.";
        CodeRefreshTokenRefused => "The code or refresh token was refused.",
            "De code of het vernieuwingstoken is geweigerd.";
        EntraIDRefusedSignIn => "Entra ID refused the sign-in.",
            "Entra ID heeft de aanmelding geweigerd.";
        EntraIDReturnedErrorToolDoes => "Entra ID returned an error this tool does not recognise.",
            "Entra ID gaf een fout die deze tool niet kent.";
        SignAgainIfPersistsGiveDetails => "Sign in again; if it persists, give the details below to your identity administrator.",
            "Meld u opnieuw aan; blijft het probleem, geef de details hieronder dan aan uw identiteitsbeheerder.";
        PreviousSignInNotFinished => "The previous sign-in was not finished.",
            "De vorige aanmelding is niet afgemaakt.";
        SignInPageLeftBeforeSentBack => "The sign-in page was left before it sent you back here.",
            "De aanmeldpagina is verlaten voordat die u hierheen terugstuurde.";
        SignAgainWhenReady => "Sign in again when you are ready.",
            "Meld u opnieuw aan zodra u zover bent.";
        ConfigJsonUnusable => "This page's configuration (config.json) cannot be used.",
            "De configuratie van deze pagina (config.json) is onbruikbaar.";
        FileConfigJsonNextIndexHtml => "The file config.json next to index.html could not be downloaded.",
            "Het bestand config.json naast index.html kon niet worden gedownload.";
        PlaceConfigJsonBesideIndexHtml => "Place config.json beside index.html on the web server (see the README), then reload.",
            "Zet config.json naast index.html op de webserver (zie de README) en laad de pagina opnieuw.";
        ConfigJsonNotValidJSONExpected => "config.json is not valid JSON with the expected fields.",
            "config.json is geen geldige JSON met de verwachte velden.";
        AllowedFieldsClientIdAuthorityRedirectUriCloud => "Allowed fields: clientId, authority, redirectUri, cloud, graphBaseUrl, globalDiscoveryUrl, and the comments // and // <field>. Fix the file and reload.",
            "Toegestane velden: clientId, authority, redirectUri, cloud, graphBaseUrl, globalDiscoveryUrl, en het commentaar // en // <veld>. Corrigeer het bestand en laad de pagina opnieuw.";
        ToolNeedsOwnAppRegistrationTenant => "The tool needs its own app registration in your tenant, and config.json must name its Application (client) ID.",
            "De tool heeft een eigen app-registratie in uw tenant nodig, en config.json moet de Toepassings-id (client) daarvan noemen.";
        RegisterSinglePageApplicationEntraIDSee => "Register a single-page application in Entra ID (see the README), copy its Application (client) ID into clientId, and reload.",
            "Registreer een toepassing met één pagina in Entra ID (zie de README), kopieer de Toepassings-id (client) naar clientId en laad de pagina opnieuw.";
        FieldMustAbsoluteHttpsURL => "The {0} field must be an absolute https:// URL.",
            "Het veld {0} moet een absolute https://-URL zijn.";
        CorrectConfigJsonRemoveUseCloud => "Correct {0} in config.json, or remove it to use the cloud's default.",
            "Corrigeer {0} in config.json, of verwijder het veld om de standaardwaarde van de cloud te gebruiken.";
        CloudFieldPicksMicrosoftCloudHosts => "The cloud field picks the Microsoft cloud's hosts.",
            "Het veld cloud kiest de hosts van de Microsoft-cloud.";
        UseOnePublicUsgovUsgovhighUsgovdod => "Use one of public, usgov, usgovhigh, usgovdod, china — or remove the field for the public cloud.",
            "Gebruik public, usgov, usgovhigh, usgovdod of china — of verwijder het veld voor de openbare cloud.";
        AuthorityMustSignInHostFollowedOne => "The authority must be the sign-in host followed by one tenant: its ID, a verified domain, or organizations.",
            "De authority moet de aanmeldhost zijn, gevolgd door één tenant: de id, een geverifieerd domein of organizations.";
        WriteHttpsLoginMicrosoftonlineComTenant => "Write it as https://login.microsoftonline.com/<your tenant ID>.",
            "Schrijf die als https://login.microsoftonline.com/<uw tenant-id>.";
        CommonConsumersEndpointsAdmitPersonalMicrosoft => "The common and consumers endpoints admit personal Microsoft accounts, which cannot administer a tenant; a single-tenant app used there fails with AADSTS50194.",
            "De eindpunten common en consumers laten persoonlijke Microsoft-accounts toe, die geen tenant kunnen beheren; een single-tenant app faalt daar met AADSTS50194.";
        UseHttpsLoginMicrosoftonlineComTenant => "Use https://login.microsoftonline.com/<your tenant ID> (or /organizations for a multi-tenant registration).",
            "Gebruik https://login.microsoftonline.com/<uw tenant-id> (of /organizations voor een multitenant registratie).";
    }

    // Shared by several checks.
    Verbatim => "{0}", "{0}";

    // The setup steps' titles (the step table names them).
    TitleAppRegistration => "Register the Marketo app in Entra ID", "De Marketo-app registreren in Entra ID";
    TitleServicePrincipal => "Create its enterprise application", "De bijbehorende bedrijfstoepassing maken";
    TitleAdminConsent => "Grant admin consent for Dynamics CRM", "Beheerderstoestemming verlenen voor Dynamics CRM";
    TitleClientSecret => "Create a client secret", "Een clientgeheim maken";
    TitleHomeRealmDiscovery => "Allow cloud password validation (federated domains)", "Cloudwachtwoordvalidatie toestaan (gefedereerde domeinen)";
    TitleEnvironment => "Choose the Dynamics 365 environment", "De Dynamics 365-omgeving kiezen";
    TitleApplicationUser => "Create the application user", "De toepassingsgebruiker maken";
    TitleSyncUserRole => "Give the sync user the Marketo Sync User role", "De synchronisatiegebruiker de rol Marketo Sync User geven";
    TitleOtherRoleHolders => "Take the role away from everyone else", "De rol afnemen van alle anderen";
    TitleMarketoConfigUser => "Set Marketo Config › Default › Marketo User", "Marketo Config › Default › Marketo User instellen";
    TitlePluginSteps => "Enable the Marketo solution's plug-in steps", "De invoegtoepassingsstappen van de Marketo-oplossing inschakelen";
    TitleSyncFilter => "Add the new_synctomkto sync filter column", "De synchronisatiefilterkolom new_synctomkto toevoegen";
    TitlePublish => "Publish all customizations", "Alle aanpassingen publiceren";

    // The plan's step statuses (the engine writes these keys; the page renders them).
    StConsentDone => "Tenant-wide consent for user_impersonation",
        "Toestemming voor de hele tenant voor user_impersonation";
    StConsentExtend => "Add user_impersonation to the existing tenant-wide grant.",
        "user_impersonation toevoegen aan de bestaande toestemming voor de hele tenant.";
    StConsentGrant => "Grant tenant-wide admin consent for Dynamics CRM user_impersonation.",
        "Beheerderstoestemming voor de hele tenant verlenen voor user_impersonation van Dynamics CRM.";
    StAppsNamed => "{0} app registrations are named \"{1}\": pick the one Marketo uses.",
        "{0} app-registraties heten \"{1}\": kies de registratie die Marketo gebruikt.";
    StAppFix => "Make \"{0}\" single-tenant and add the Dynamics CRM user_impersonation permission.",
        "\"{0}\" single-tenant maken en de machtiging user_impersonation van Dynamics CRM toevoegen.";
    StAppCreate => "Create the single-tenant app registration \"{0}\".",
        "De single-tenant app-registratie \"{0}\" maken.";
    StAppUserClientApp => "The client-app mode uses a licensed sync user instead of an application user.",
        "De client-appmodus gebruikt een synchronisatiegebruiker met licentie in plaats van een toepassingsgebruiker.";
    StAppUserEmail => "Enter the e-mail address Marketo will use as the username.",
        "Vul het e-mailadres in dat Marketo als gebruikersnaam gebruikt.";
    StAppUserEmailTaken => "{0} is already the e-mail of {1}: enter an e-mail address nobody else has.",
        "{0} is al het e-mailadres van {1}: vul een e-mailadres in dat niemand anders heeft.";
    StAppUserCreate => "Create the application user {0} in the root business unit (non-interactive).",
        "De toepassingsgebruiker {0} maken in de hoofdbedrijfseenheid (niet-interactief).";
    StSecretExists => "A secret exists (starts with {0}…, expires {1}). If you no longer have its value, ask for a new one.",
        "Er is een geheim (begint met {0}…, verloopt {1}). Hebt u de waarde niet meer, vraag dan een nieuw geheim aan.";
    StSecretCreate => "Create a client secret valid for {0} days; it is shown to you once.",
        "Een clientgeheim maken dat {0} dagen geldig is; u ziet het één keer.";
    StHrdNoFederated => "No federated domain: cloud password validation is already used.",
        "Geen gefedereerd domein: wachtwoorden worden al in de cloud gevalideerd.";
    StHrdS2s => "Server-to-server sign-in does not use passwords; {0} is federated, so enable this if you switch to the client-app mode.",
        "Server-naar-server aanmelden gebruikt geen wachtwoorden; {0} is gefedereerd, dus schakel dit in als u overstapt op de client-appmodus.";
    StHrdDone => "Policy \"{0}\" allows cloud password validation",
        "Beleid \"{0}\" staat wachtwoordvalidatie in de cloud toe";
    StHrdCreate => "Create and assign an HRD policy allowing cloud password validation ({0} is federated). Password hash sync must be on for those users.",
        "Een HRD-beleid maken en toewijzen dat wachtwoordvalidatie in de cloud toestaat ({0} is gefedereerd). Synchronisatie van wachtwoord-hashes moet voor die gebruikers aan staan.";
    StConfigDone => "Marketo User is the sync user.",
        "Marketo User is de synchronisatiegebruiker.";
    StConfigSet => "Set Marketo User on the Default record to the sync user.",
        "Marketo User op het record Default instellen op de synchronisatiegebruiker.";
    StOthersDone => "Only the sync user holds the role.",
        "Alleen de synchronisatiegebruiker heeft de rol.";
    StOthersRemove => "Remove the Marketo Sync User role from {0}.",
        "De rol Marketo Sync User afnemen van {0}.";
    StStepsDone => "All {0} plug-in steps are enabled.",
        "Alle {0} invoegtoepassingsstappen zijn ingeschakeld.";
    StStepEnableOne => "Enable the disabled plug-in step {0}.",
        "De uitgeschakelde invoegtoepassingsstap {0} inschakelen.";
    StStepsEnable => "Enable {0} disabled plug-in steps: {1}.",
        "{0} uitgeschakelde invoegtoepassingsstappen inschakelen: {1}.";
    StStepAskOne => "The plug-in step {0} is disabled. Allow enabling it?",
        "De invoegtoepassingsstap {0} is uitgeschakeld. Mag hij worden ingeschakeld?";
    StStepsAsk => "{0} plug-in steps are disabled: {1}. Allow enabling them?",
        "{0} invoegtoepassingsstappen zijn uitgeschakeld: {1}. Mogen ze worden ingeschakeld?";
    StPublish => "Publish all customizations so Marketo sees the changes.",
        "Alle aanpassingen publiceren, zodat Marketo de wijzigingen ziet.";
    StPublishDone => "Nothing is waiting to be published.",
        "Er wacht niets op publicatie.";
    StSpDone => "Enterprise application {0}",
        "Bedrijfstoepassing {0}";
    StSpCreate => "Create the enterprise application (service principal) and wait until it has replicated.",
        "De bedrijfstoepassing (service-principal) maken en wachten tot die is gerepliceerd.";
    StFilterNone => "No sync filter requested (optional).",
        "Geen synchronisatiefilter gevraagd (optioneel).";
    StFilterDone => "The sync filter column exists on every requested table.",
        "De filterkolom bestaat op elke gevraagde tabel.";
    StFilterAdd => "Add the Two Options column new_synctomkto (default No) to {0}.",
        "De kolom new_synctomkto (Twee opties, standaard Nee) toevoegen aan {0}.";
    StRoleDone => "The sync user holds the Marketo Sync User role.",
        "De synchronisatiegebruiker heeft de rol Marketo Sync User.";
    StRolePick => "Pick the licensed Dynamics user Marketo signs in as.",
        "Kies de Dynamics-gebruiker met licentie als wie Marketo zich aanmeldt.";
    StRoleAssign => "Assign the Marketo Sync User role to the sync user.",
        "De rol Marketo Sync User toewijzen aan de synchronisatiegebruiker.";
    StEnvChoose => "Choose the environment Marketo will sync with. Its URL can never be changed in Marketo afterwards.",
        "Kies de omgeving waarmee Marketo synchroniseert. De URL kunt u in Marketo achteraf nooit meer wijzigen.";
    StOthersKeep => "{0} keep the Marketo Sync User role until Marketo has switched to server-to-server (Reconfigure New Auth Method → Switch → Confirm); confirm the switch on the hand-off sheet, then run this step.",
        "{0} houden de rol Marketo Sync User tot Marketo is overgestapt op server-naar-server (Reconfigure New Auth Method → Switch → Confirm); bevestig de overstap op het overdrachtsblad en voer deze stap dan uit.";
    StConfigWait => "Marketo still syncs as the current Marketo User: click Disable Sync in Marketo (Admin › Microsoft Dynamics) and confirm it on the hand-off sheet; then this step sets the application user, before Marketo's Validate.",
        "Marketo synchroniseert nog als de huidige Marketo User: klik in Marketo op Disable Sync (Admin › Microsoft Dynamics) en bevestig dat op het overdrachtsblad; daarna zet deze stap de toepassingsgebruiker, vóór de Validate van Marketo.";
    StOthersOldSolution => "Solution {0} predates {1}: every user may hold the role. Update the solution (choose Update and maintain customizations, never Upgrade).",
        "Oplossing {0} is ouder dan {1}: iedere gebruiker mag de rol hebben. Werk de oplossing bij (kies Bijwerken met behoud van aanpassingen, nooit Upgraden).";
    StOthersAsk => "{0} also hold the Marketo Sync User role; Marketo wants it only on the sync user. Allow removing it?",
        "{0} hebben ook de rol Marketo Sync User; Marketo wil die alleen bij de synchronisatiegebruiker. Mag de rol worden afgenomen?";
    StAppDone => "\"{0}\" — Client ID {1}", "\"{0}\" — client-ID {1}";
    StAppUserDone => "{0} ({1})", "{0} ({1})";
    StNoEmail => "no e-mail", "geen e-mailadres";
    StSecretExistsForever => "A secret exists (starts with {0}…, never expires). If you no longer have its value, ask for a new one.",
        "Er is een geheim (begint met {0}…, verloopt nooit). Hebt u de waarde niet meer, vraag dan een nieuw geheim aan.";
    StEnvDone => "{0} — {1}", "{0} — {1}";

    // What a step that ran reports (the run screen renders these keys).
    RdAppFixed => "\"{0}\" is now single-tenant with the Dynamics CRM permission.",
        "\"{0}\" is nu single-tenant, met de machtiging voor Dynamics CRM.";
    RdConsent => "Tenant-wide consent for Dynamics CRM user_impersonation",
        "Toestemming voor de hele tenant voor user_impersonation van Dynamics CRM";
    RdSecretCreated => "Secret {0}… created, valid until {1}.",
        "Geheim {0}… gemaakt, geldig tot {1}.";
    RdHrdAssigned => "Policy \"{0}\" is already assigned.",
        "Beleid \"{0}\" is al toegewezen.";
    RdHrdCreated => "Policy \"{0}\" created and assigned.",
        "Beleid \"{0}\" gemaakt en toegewezen.";
    RdRoleHeld => "{0} holds the Marketo Sync User role.",
        "{0} heeft de rol Marketo Sync User.";
    RdRoleRemoved => "Removed the role from {0}.",
        "De rol is afgenomen van {0}.";
    RdConfigUser => "Marketo User is now {0}.",
        "Marketo User is nu {0}.";
    RdStepsEnabled => "Enabled {0}.",
        "Ingeschakeld: {0}.";
    RdFilterAdded => "Added new_synctomkto to {0}.",
        "new_synctomkto toegevoegd aan {0}.";
    RdPublished => "All customizations are published.",
        "Alle aanpassingen zijn gepubliceerd.";
    RdSecretCreatedForever => "Secret {0}… created; it does not expire.", "Geheim {0}… gemaakt; het verloopt niet.";


    Unread => "{0} could not be read (see the plan for the reason).", "{0} kon niet worden gelezen (de reden staat in het plan).";
    FixEnvironmentFirst => "Fix the environment first.", "Los eerst het probleem met de omgeving op.";
    NoSyncUserYet => "There is no sync user yet.", "Er is nog geen synchronisatiegebruiker.";
    CreateSyncUserFirst => "Create the sync user first.", "Maak eerst de synchronisatiegebruiker.";
    PlanCanCreate => "Create it (the plan can).", "Maak dit aan (het plan kan dat).";
    EntraUnread => "Entra ID could not be read: {0}", "Entra ID kon niet worden gelezen: {0}";
    NoAppYet => "There is no Marketo app registration yet.", "Er is nog geen app-registratie voor Marketo.";
    SolutionNotInstalled => "The Marketo solution is not installed.", "De Marketo-oplossing is niet geïnstalleerd.";
    ReimportSolution => "Re-import the Marketo solution.", "Importeer de Marketo-oplossing opnieuw.";
    SetToSyncUser => "Set it to the sync user.", "Vul daar de synchronisatiegebruiker in.";

    // 1. URL is valid.
    OrgUrlWhy => "Marketo connects to this URL, and it can never be changed after the first sync.",
        "Marketo maakt verbinding met deze URL, en na de eerste synchronisatie kan die nooit meer worden gewijzigd.";
    NoEnvironmentListed => "No environment is chosen, or it is not among those Global Discovery lists for you.",
        "Er is geen omgeving gekozen, of de gekozen omgeving staat niet in de lijst die Global Discovery voor u geeft.";
    ChooseEnvironmentInPlan => "Choose the environment in the plan.", "Kies de omgeving in het plan.";
    AnswersWhoAmI => "{0} answers WhoAmI (organization {1}).", "{0} antwoordt op WhoAmI (organisatie {1}).";
    DidNotAnswer => "{0} did not answer: {1}", "{0} gaf geen antwoord: {1}";
    NotReadYet => "{0} was not read yet.", "{0} is nog niet gelezen.";
    RefreshChecks => "Refresh the checks.", "Voer de controles opnieuw uit.";

    // 2. Username and password are valid.
    CredentialsIncomplete => "Marketo's sign-in with these values cannot work yet: {0}.", "De aanmelding van Marketo met deze waarden kan nog niet werken: {0}.";
    GapEntraUnread => "Entra ID could not be read", "Entra ID kon niet worden gelezen";
    GapNoApp => "there is no app registration", "er is geen app-registratie";
    GapNoServicePrincipal => "the app has no enterprise application", "de app heeft geen bedrijfstoepassing";
    GapNoValidSecret => "the app has no client secret that has not expired", "de app heeft geen clientgeheim dat nog niet verlopen is";
    UsernameWhy => "In S2S mode Marketo's username must be the application user's primary e-mail; the secret itself can only be tested by Marketo.",
        "In de S2S-modus moet de Username in Marketo het primaire e-mailadres van de toepassingsgebruiker zijn; het geheim zelf kan alleen Marketo testen.";
    CreateOrPickSyncUser => "Create the application user (S2S) or pick the licensed sync user (client app).",
        "Maak de toepassingsgebruiker (S2S) of kies de synchronisatiegebruiker met licentie (client-app).";
    AppUserEmailDiffers => "The application user's e-mail is {0}, not {1}.", "Het e-mailadres van de toepassingsgebruiker is {0}, niet {1}.";
    EnterEmailOrChange => "Enter {0} as the username in Marketo, or change the user's primary e-mail.",
        "Vul in Marketo {0} in als Username, of wijzig het primaire e-mailadres van de gebruiker.";
    EnterEmail => "Enter {0} as the username in Marketo.", "Vul in Marketo {0} in als Username.";
    AppUserNoEmail => "The application user has no primary e-mail.", "De toepassingsgebruiker heeft geen primair e-mailadres.";
    SetPrimaryEmail => "Set its primary e-mail in the Power Platform admin center.", "Stel het primaire e-mailadres in via het Power Platform-beheercentrum.";
    EnterSignInName => "Enter {0}'s sign-in name as the username.", "Vul de aanmeldnaam van {0} in als Username.";

    // 3. Sync user is assigned to the Marketo Sync User role.
    SyncUserRoleWhy => "Marketo's plug-ins only act for the user holding this role.", "De invoegtoepassingen van Marketo werken alleen voor de gebruiker met deze rol.";
    HoldsRoleWithConsent => "{0} holds the role, and consent is granted.", "{0} heeft de rol, en er is toestemming verleend.";
    HoldsRoleNoConsent => "{0} holds the role, but admin consent for the app is missing.", "{0} heeft de rol, maar beheerderstoestemming voor de app ontbreekt.";
    GrantConsentMarketoCause => "Grant admin consent (Marketo lists missing consent as a cause of this failure).",
        "Verleen beheerderstoestemming (Marketo noemt ontbrekende toestemming als oorzaak van deze fout).";
    LacksRole => "{0} does not hold the Marketo Sync User role.", "{0} heeft de rol Marketo Sync User niet.";
    AssignRole => "Assign the role to the sync user.", "Wijs de rol toe aan de synchronisatiegebruiker.";

    // 4. Marketo solution is properly installed.
    SolutionWhy => "The role, the Marketo Config table and the plug-ins come with it.", "De rol, de tabel Marketo Config en de invoegtoepassingen komen met deze oplossing.";
    SolutionFound => "{0} {1} ({2}).", "{0} {1} ({2}).";
    NoSolution => "No Marketo solution in this environment.", "Geen Marketo-oplossing in deze omgeving.";
    DownloadSolution => "Download it in Marketo (Admin › CRM › Microsoft Dynamics › Download Marketo Solution), import it in Dynamics and publish.",
        "Download de oplossing in Marketo (Admin › CRM › Microsoft Dynamics › Download Marketo Solution), importeer die in Dynamics en publiceer.";

    // 5. All steps in the solution are enabled.
    PluginStepsWhy => "A disabled plug-in step silently stops part of the sync.", "Een uitgeschakelde invoegtoepassingsstap legt ongemerkt een deel van de synchronisatie stil.";
    InstallSolutionFirst => "Install the solution first.", "Installeer eerst de oplossing.";
    NoPluginSteps => "The solution lists no plug-in steps.", "De oplossing bevat geen invoegtoepassingsstappen.";
    AllStepsEnabled => "All {0} steps are enabled.", "Alle {0} stappen zijn ingeschakeld.";
    DisabledSteps => "Disabled: {0}.", "Uitgeschakeld: {0}.";
    EnableThem => "Enable them (the plan can).", "Schakel ze in (het plan kan dat).";

    // 6. Sync user is assigned to the Marketo solution.
    ConfigUserSetWhy => "Marketo reads its sync user from Marketo Config › Default › Marketo User.", "Marketo leest zijn synchronisatiegebruiker uit Marketo Config › Default › Marketo User.";
    NoConfigTable => "The Marketo Config table was not found.", "De tabel Marketo Config is niet gevonden.";
    NoDefaultRecord => "Marketo Config has no Default record.", "Marketo Config heeft geen record Default.";
    CreateDefaultRecord => "Create the Default record or re-import the solution.", "Maak het record Default, of importeer de oplossing opnieuw.";
    MarketoUserSet => "Marketo User is set ({0}).", "Marketo User is ingevuld ({0}).";
    MarketoUserEmpty => "Marketo User on the Default record is empty.", "Marketo User op het record Default is leeg.";

    // 7. Sync user matches username and password.
    ConfigUserMatchesWhy => "The Marketo User must be the very user whose credentials are entered in Marketo.",
        "Marketo User moet precies de gebruiker zijn van wie de aanmeldgegevens in Marketo staan.";
    MarketoUserIs => "Marketo User is {0}.", "Marketo User is {0}.";
    MarketoUserIsOther => "Marketo User is {0}, but the credentials are {1}'s.", "Marketo User is {0}, maar de aanmeldgegevens zijn van {1}.";
    SetMarketoUser => "Set Marketo User to the sync user.", "Vul bij Marketo User de synchronisatiegebruiker in.";
    MarketoUserNotSet => "Marketo User is not set.", "Marketo User is niet ingevuld.";

    // The app registration.
    SingleTenantWhy => "Marketo requires \"Accounts in this organizational directory only\".", "Marketo vereist \"Alleen accounts in deze organisatiemap\".";
    IsSingleTenant => "\"{0}\" ({1}) is single-tenant.", "\"{0}\" ({1}) is single-tenant.";
    SignsIn => "\"{0}\" signs in {1}.", "\"{0}\" heeft als doelgroep {1}.";
    MakeSingleTenant => "Make it single-tenant (the plan can).", "Maak de app single-tenant (het plan kan dat).";
    PermissionWhy => "Without this API permission no consent can cover Dataverse.", "Zonder deze API-machtiging kan geen toestemming gelden voor Dataverse.";
    PermissionRequested => "Dynamics CRM › user_impersonation is requested.", "Dynamics CRM › user_impersonation wordt aangevraagd.";
    PermissionMissing => "The permission is not in the app's API permissions.", "De machtiging staat niet bij de API-machtigingen van de app.";
    AddIt => "Add it (the plan can).", "Voeg die toe (het plan kan dat).";
    ConsentWhy => "Marketo signs in without a person present, so it cannot ask for consent itself.",
        "Marketo meldt zich aan zonder dat er iemand bij is, en kan dus zelf niet om toestemming vragen.";
    NoServicePrincipal => "The app has no enterprise application (service principal) yet.", "De app heeft nog geen bedrijfstoepassing (service-principal).";
    ConsentExists => "Tenant-wide consent for user_impersonation exists.", "Er is toestemming voor de hele tenant voor user_impersonation.";
    NoConsent => "No tenant-wide consent for user_impersonation.", "Er is geen toestemming voor de hele tenant voor user_impersonation.";
    GrantConsent => "Grant admin consent (the plan can).", "Verleen beheerderstoestemming (het plan kan dat).";

    // The kind of environment.
    EnvironmentKindWhy => "Marketo's Org URL can never be changed: if the environment expires, is deleted or is overwritten, the sync is lost and Marketo needs a new subscription.",
        "De Org URL in Marketo kan nooit meer worden gewijzigd: verloopt de omgeving, wordt ze verwijderd of overschreven, dan is de synchronisatie weg en heeft Marketo een nieuw abonnement nodig.";
    IsProduction => "{0} is a production environment.", "{0} is een productieomgeving.";
    TrialExpires => "{0} is a trial that expires on {1}.", "{0} is een proefomgeving die verloopt op {1}.";
    TrialExpired => "{0} is a trial that expired on {1}.", "{0} is een proefomgeving die is verlopen op {1}.";
    IsTrial => "{0} is a trial environment.", "{0} is een proefomgeving.";
    IsSandbox => "{0} is a sandbox. Marketo does not support refreshing it: after a sandbox refresh the sync breaks and a new Marketo sandbox is required.",
        "{0} is een sandbox. Marketo ondersteunt het vernieuwen daarvan niet: na een vernieuwing van de sandbox werkt de synchronisatie niet meer en is een nieuwe Marketo-sandbox nodig.";
    IsDefaultEnvironment => "{0} is the tenant's default environment, in which every licensed user may build.",
        "{0} is de standaardomgeving van de tenant, waarin elke gelicentieerde gebruiker mag bouwen.";
    IsDeveloper => "{0} is a developer environment, meant for one person's development.", "{0} is een ontwikkelaarsomgeving, bedoeld voor het ontwikkelwerk van één persoon.";
    IsTeams => "{0} is a Dataverse for Teams environment.", "{0} is een Dataverse for Teams-omgeving.";
    IsPreview => "{0} is a release-preview environment.", "{0} is een omgeving voor de preview van een release.";
    IsOtherKind => "Global Discovery gives {0} the organization type {1}, which is not a customer environment type.",
        "Global Discovery geeft {0} het organisatietype {1}; dat is geen type voor een klantomgeving.";
    EnvironmentKindNotGiven => "Global Discovery did not say what kind of environment {0} is.", "Global Discovery gaf niet aan wat voor omgeving {0} is.";
    ChooseProduction => "Connect Marketo to a production environment, or convert this one to production in the Power Platform admin center before you enter its Org URL in Marketo.",
        "Verbind Marketo met een productieomgeving, of zet deze in het Power Platform-beheercentrum om naar productie voordat u de Org URL in Marketo invult.";
    SandboxOnlyWithMarketoSandbox => "Connect a sandbox only to a Marketo sandbox subscription, and never refresh it once connected; connect your Marketo production subscription to a production environment.",
        "Verbind een sandbox alleen met een Marketo-sandboxabonnement en vernieuw haar nooit meer na het verbinden; verbind uw Marketo-productieabonnement met een productieomgeving.";
    PreferDedicatedProduction => "Prefer a dedicated production environment for your CRM; keep this one only if your CRM already lives here.",
        "Gebruik bij voorkeur een eigen productieomgeving voor uw CRM; houd deze alleen aan als uw CRM hier al staat.";
    CheckTypeInAdminCenter => "Look up the environment's type in the Power Platform admin center (Environments) before you enter its Org URL in Marketo.",
        "Zoek het type van de omgeving op in het Power Platform-beheercentrum (Omgevingen) voordat u de Org URL in Marketo invult.";

    // The sync user's privileges.
    PrivilegesWhy => "Marketo reads and writes Dynamics as the sync user: a privilege its roles lack makes those reads or writes fail, whatever the role is called.",
        "Marketo leest en schrijft in Dynamics als de synchronisatiegebruiker: een recht dat de rollen van die gebruiker missen, laat die lees- of schrijfacties mislukken, hoe de rol ook heet.";
    PrivilegesAfterRole => "Checked once the sync user holds the Marketo Sync User role.", "Wordt gecontroleerd zodra de synchronisatiegebruiker de rol Marketo Sync User heeft.";
    PrivilegesUnread => "The sync user's privileges could not be read: {0}", "De rechten van de synchronisatiegebruiker konden niet worden gelezen: {0}";
    PrivilegesLookInAdminCenter => "Check the Marketo Sync User role's privileges in the Power Platform admin center (the environment's Settings › Security roles).",
        "Controleer de rechten van de rol Marketo Sync User in het Power Platform-beheercentrum (Instellingen › Beveiligingsrollen van de omgeving).";
    PrivilegesMissing => "{0} lacks these privileges: {1}", "{0} mist deze rechten: {1}";
    PrivilegesShallow => "{0} holds these only for part of the organization, so Marketo would not see every record: {1}",
        "{0} heeft deze alleen voor een deel van de organisatie, zodat Marketo niet elke record ziet: {1}";
    RestoreRolePrivileges => "Give the Marketo Sync User role these privileges at organization level again (edit the role in the Power Platform admin center, or re-import the Marketo solution), then check again.",
        "Geef de rol Marketo Sync User deze rechten weer op organisatieniveau (bewerk de rol in het Power Platform-beheercentrum, of importeer de Marketo-oplossing opnieuw) en controleer opnieuw.";
    PrivilegesHeld => "{0} holds all {1} privileges Marketo's sync uses, across the organization.", "{0} heeft alle {1} rechten die de synchronisatie van Marketo gebruikt, voor de hele organisatie.";

    // Conditional Access and security defaults.
    SignInPoliciesWhy => "Entra applies Conditional Access and security defaults to Marketo's sign-in too: a policy Marketo cannot satisfy stops the sync.",
        "Entra past voorwaardelijke toegang en standaardinstellingen voor beveiliging ook toe op de aanmelding van Marketo: een beleid waaraan Marketo niet kan voldoen, stopt de synchronisatie.";
    SecurityDefaultsBlockRopc => "Security defaults are on: they require MFA, which Marketo's password sign-in (client app) cannot do.",
        "De standaardinstellingen voor beveiliging staan aan: ze vereisen MFA, en dat kan de wachtwoordaanmelding van Marketo (client-app) niet.";
    TurnOffSecurityDefaults => "Use server-to-server instead, or turn security defaults off (Entra admin center › Overview › Properties) and protect the tenant with Conditional Access that excludes the sync user.",
        "Gebruik in plaats daarvan server-naar-server, of zet de standaardinstellingen voor beveiliging uit (Entra-beheercentrum › Overzicht › Eigenschappen) en bescherm de tenant met voorwaardelijke toegang die de synchronisatiegebruiker uitsluit.";
    CaUnread => "The Conditional Access policies could not be read: {0}", "Het beleid voor voorwaardelijke toegang kon niet worden gelezen: {0}";
    SecurityDefaultsUnread => "Whether security defaults are on could not be read.", "Of de standaardinstellingen voor beveiliging aanstaan, kon niet worden gelezen.";
    CaLookInAdminCenter => "Sign in as Security Reader, Global Reader or Conditional Access Administrator to let the page read them, or look in the Entra admin center under Conditional Access › Policies.",
        "Meld u aan als beveiligingslezer, globale lezer of beheerder voor voorwaardelijke toegang zodat de pagina ze kan lezen, of kijk in het Entra-beheercentrum onder Voorwaardelijke toegang › Beleid.";
    CaNeedsSyncUser => "No sync user is chosen yet, so which policies cover it is not known.", "Er is nog geen synchronisatiegebruiker gekozen; welk beleid op die gebruiker van toepassing is, is dus niet bekend.";
    CaBlocksWorkloadIdentity => "These enabled policies cover the Marketo app as a workload identity and block its sign-in (AADSTS53003): {0}",
        "Dit ingeschakelde beleid geldt voor de Marketo-app als workload-identiteit en blokkeert de aanmelding (AADSTS53003): {0}";
    CaBlocksSyncUser => "These enabled policies cover the sync user and ask for what a password sign-in cannot give (MFA, a device, or block): {0}",
        "Dit ingeschakelde beleid geldt voor de synchronisatiegebruiker en vraagt wat een wachtwoordaanmelding niet kan geven (MFA, een apparaat, of blokkeren): {0}";
    CaReportOnlyWouldBlock => "These report-only policies would block Marketo once enabled: {0}", "Dit beleid in alleen-rapportmodus zou Marketo blokkeren zodra het wordt ingeschakeld: {0}";
    CaMayApply => "These policies include groups or roles the sync user may belong to: {0}", "Dit beleid omvat groepen of rollen waarvan de synchronisatiegebruiker lid kan zijn: {0}";
    CaExcludeSyncUser => "Exclude the sync user from these policies (Entra admin center › Conditional Access › the policy › Users › Exclude).",
        "Sluit de synchronisatiegebruiker uit van dit beleid (Entra-beheercentrum › Voorwaardelijke toegang › het beleid › Gebruikers › Uitsluiten).";
    CaExcludeServicePrincipal => "Exclude the Marketo app's service principal from these policies (Conditional Access › the policy › Workload identities › Exclude), or allow Marketo's outbound IP ranges as a trusted location.",
        "Sluit de service-principal van de Marketo-app uit van dit beleid (Voorwaardelijke toegang › het beleid › Workload-identiteiten › Uitsluiten), of sta de uitgaande IP-bereiken van Marketo toe als vertrouwde locatie.";
    CaLetsAppIn => "No Conditional Access policy covers the Marketo app's service principal.", "Geen beleid voor voorwaardelijke toegang geldt voor de service-principal van de Marketo-app.";
    CaLetsSyncUserIn => "Security defaults are off and no Conditional Access policy asks the sync user for what a password sign-in cannot give.",
        "De standaardinstellingen voor beveiliging staan uit en geen beleid voor voorwaardelijke toegang vraagt de synchronisatiegebruiker om wat een wachtwoordaanmelding niet kan geven.";

    // The S2S username.
    UsernameUniqueWhy => "Marketo finds its Dynamics user by this e-mail: if another user has it too, Marketo may sign in as the wrong user or fail its check “Sync user matches username and password”.",
        "Marketo zoekt zijn Dynamics-gebruiker op met dit e-mailadres: heeft een andere gebruiker het ook, dan kan Marketo als de verkeerde gebruiker werken of faalt de controle “Sync user matches username and password”.";
    NoEmailYet => "No e-mail is entered for the application user yet.", "Er is nog geen e-mailadres ingevuld voor de toepassingsgebruiker.";
    EmailHoldersNotRead => "Who else has {0} was not read yet.", "Wie {0} nog meer heeft, is nog niet gelezen.";
    EmailHoldersUnread => "Whether anyone else has {0} could not be read.", "Of iemand anders {0} heeft, kon niet worden gelezen.";
    SearchEmailInAdminCenters => "Search for the e-mail in the Microsoft Entra admin center (Users) and in the Power Platform admin center (the environment's Users) before you use it.",
        "Zoek het e-mailadres op in het Microsoft Entra-beheercentrum (Gebruikers) en in het Power Platform-beheercentrum (Gebruikers van de omgeving) voordat u het gebruikt.";
    EmailUnique => "Nobody but the application user has {0}.", "Niemand behalve de toepassingsgebruiker heeft {0}.";
    EmailFree => "Nobody has {0} yet: the application user can get it.", "Niemand heeft {0} nog: de toepassingsgebruiker kan het krijgen.";
    EmailTaken => "{0} is also the e-mail or user name of: {1}", "{0} is ook het e-mailadres of de gebruikersnaam van: {1}";
    ChooseUnusedEmail => "Give the application user an e-mail address nobody else has (for example marketo.s2s@ your domain), and enter that one in Marketo.",
        "Geef de toepassingsgebruiker een e-mailadres dat niemand anders heeft (bijvoorbeeld marketo.s2s@ uw domein), en vul dat in Marketo in.";

    // The IP firewall.
    FirewallWhy => "Marketo's servers call Dataverse from their own addresses: an enforced IP firewall that does not allow them refuses every sync request.",
        "De servers van Marketo roepen Dataverse aan vanaf hun eigen adressen: een afgedwongen IP-firewall die ze niet toestaat, weigert elk synchronisatieverzoek.";
    FirewallUnread => "The environment's IP firewall settings could not be read: {0}", "De IP-firewallinstellingen van de omgeving konden niet worden gelezen: {0}";
    FirewallLookInAdminCenter => "Look in the Power Platform admin center under the environment's Settings › Privacy + Security › IP firewall; if it is on, allow Marketo's outbound IP ranges.",
        "Kijk in het Power Platform-beheercentrum onder Instellingen › Privacy en beveiliging › IP-firewall van de omgeving; staat die aan, sta dan de uitgaande IP-bereiken van Marketo toe.";
    FirewallOff => "The environment's IP firewall is off.", "De IP-firewall van de omgeving staat uit.";
    FirewallAllowsApplicationUsers => "The IP firewall is on and allows all application users (“Allow access for all application users”), Marketo's S2S user included.",
        "De IP-firewall staat aan en laat alle toepassingsgebruikers toe (“Toegang toestaan voor alle toepassingsgebruikers”), ook de S2S-gebruiker van Marketo.";
    FirewallAllowsMarketo => "The IP firewall is on and allows all of Marketo's published outbound IP ranges.", "De IP-firewall staat aan en staat alle gepubliceerde uitgaande IP-bereiken van Marketo toe.";
    FirewallBlocksMarketo => "The IP firewall is enforced and blocks these Marketo outbound ranges: {0}", "De IP-firewall wordt afgedwongen en blokkeert deze uitgaande bereiken van Marketo: {0}";
    FirewallAuditWouldBlock => "The IP firewall is in audit mode: it lets Marketo in today, but once enforced it blocks these Marketo outbound ranges: {0}",
        "De IP-firewall staat in controlemodus: hij laat Marketo nu door, maar zodra hij wordt afgedwongen blokkeert hij deze uitgaande bereiken van Marketo: {0}";
    FirewallAddRanges => "Add these ranges to the allowed IP addresses in the Power Platform admin center (the environment's Settings › Privacy + Security › IP firewall), or set “Bypass IP firewall” on the sync user.",
        "Voeg deze bereiken toe aan de toegestane IP-adressen in het Power Platform-beheercentrum (Instellingen › Privacy en beveiliging › IP-firewall van de omgeving), of zet “IP-firewall omzeilen” aan voor de synchronisatiegebruiker.";
    FirewallAddRangesOrAppUsers => "Add these ranges to the allowed IP addresses in the Power Platform admin center (the environment's Settings › Privacy + Security › IP firewall), or turn on “Allow access for all application users” there.",
        "Voeg deze bereiken toe aan de toegestane IP-adressen in het Power Platform-beheercentrum (Instellingen › Privacy en beveiliging › IP-firewall van de omgeving), of zet daar “Toegang toestaan voor alle toepassingsgebruikers” aan.";

    // The enterprise application.
    EnterpriseAppWhy => "Marketo signs in through this enterprise application: Entra refuses every sign-in to a disabled one, and when it requires assignment only assigned users may sign in.",
        "Marketo meldt zich aan via deze bedrijfstoepassing: Entra weigert elke aanmelding bij een uitgeschakelde, en als toewijzing vereist is, mogen alleen toegewezen gebruikers zich aanmelden.";
    NoEnterpriseAppYet => "There is no enterprise application yet; the plan creates it enabled and without required assignment.",
        "Er is nog geen bedrijfstoepassing; het plan maakt haar ingeschakeld en zonder vereiste toewijzing.";
    EnterpriseAppDisabled => "The enterprise application {0} is disabled (“Enabled for users to sign-in?” is No): Marketo's sign-in fails with AADSTS7000112.",
        "De bedrijfstoepassing {0} is uitgeschakeld (“Ingeschakeld zodat gebruikers zich kunnen aanmelden?” staat op Nee): de aanmelding van Marketo mislukt met AADSTS7000112.";
    EnableEnterpriseApp => "In the Microsoft Entra admin center, open Enterprise applications › {0} › Properties, set “Enabled for users to sign-in?” to Yes and save.",
        "Open in het Microsoft Entra-beheercentrum Bedrijfstoepassingen › {0} › Eigenschappen, zet “Ingeschakeld zodat gebruikers zich kunnen aanmelden?” op Ja en sla op.";
    EnterpriseAppReady => "The enterprise application {0} is enabled and requires no assignment.",
        "De bedrijfstoepassing {0} is ingeschakeld en vereist geen toewijzing.";
    AssignmentNotForS2s => "The enterprise application {0} is enabled. It requires assignment, which limits people signing in, not Marketo signing in as the app.",
        "De bedrijfstoepassing {0} is ingeschakeld. Ze vereist toewijzing; dat beperkt personen die zich aanmelden, niet Marketo dat zich als de app aanmeldt.";
    AssignmentNeedsSyncUser => "{0} requires assignment, and no sync user is chosen yet, so whether Marketo may sign in is not known.",
        "{0} vereist toewijzing en er is nog geen synchronisatiegebruiker gekozen; of Marketo zich mag aanmelden is dus niet bekend.";
    AssignmentsUnread => "{0} requires assignment, and who is assigned could not be read: {1}",
        "{0} vereist toewijzing, en wie is toegewezen kon niet worden gelezen: {1}";
    AssignmentsNotRead => "{0} requires assignment, and who is assigned was not read yet.",
        "{0} vereist toewijzing, en wie is toegewezen is nog niet gelezen.";
    LookAtUsersAndGroups => "Look in the Microsoft Entra admin center under Enterprise applications › {0} › Users and groups whether the sync user is there.",
        "Kijk in het Microsoft Entra-beheercentrum onder Bedrijfstoepassingen › {0} › Gebruikers en groepen of de synchronisatiegebruiker er staat.";
    SyncUserAssigned => "{0} requires assignment, and the sync user {1} is assigned.",
        "{0} vereist toewijzing, en de synchronisatiegebruiker {1} is toegewezen.";
    AssignedThroughGroups => "{0} requires assignment; the sync user {1} is not assigned directly, only these groups are: {2}",
        "{0} vereist toewijzing; de synchronisatiegebruiker {1} is niet rechtstreeks toegewezen, alleen deze groepen: {2}";
    ConfirmGroupMembership => "Make sure the sync user is a member of one of these groups, or assign the user directly under Enterprise applications › {0} › Users and groups.",
        "Zorg dat de synchronisatiegebruiker lid is van een van deze groepen, of wijs de gebruiker rechtstreeks toe onder Bedrijfstoepassingen › {0} › Gebruikers en groepen.";
    SyncUserNotAssigned => "{0} requires assignment (“Assignment required?” is Yes) and the sync user {1} is not assigned: Marketo's sign-in fails with AADSTS50105.",
        "{0} vereist toewijzing (“Toewijzing vereist?” staat op Ja) en de synchronisatiegebruiker {1} is niet toegewezen: de aanmelding van Marketo mislukt met AADSTS50105.";
    AssignSyncUser => "Assign the sync user under Enterprise applications › {0} › Users and groups › Add user/group, or set “Assignment required?” to No under Properties.",
        "Wijs de synchronisatiegebruiker toe onder Bedrijfstoepassingen › {0} › Gebruikers en groepen › Gebruiker/groep toevoegen, of zet “Toewijzing vereist?” op Nee onder Eigenschappen.";

    // The client secret.
    AppPolicyWhy => "An app-management policy can forbid client secrets or cap their lifetime; Marketo needs a secret.",
        "Een beleid voor app-beheer kan clientgeheimen verbieden of hun looptijd beperken; Marketo heeft een geheim nodig.";
    AppPolicyUnread => "The tenant's app-management policy could not be read: {0}",
        "Het beleid voor app-beheer van de tenant kon niet worden gelezen: {0}";
    AppPolicyUnreadFix => "Nothing is known to forbid the secret, so setup goes on. If adding it is refused, ask an Application Administrator for an exception for the Marketo app.",
        "Niets wijst erop dat het geheim verboden is, dus de inrichting gaat door. Wordt het toevoegen geweigerd, vraag dan een toepassingsbeheerder om een uitzondering voor de Marketo-app.";
    AppPolicyBlocksSecrets => "The tenant's app-management policy forbids client secrets on this app (passwordAddition).",
        "Het beleid voor app-beheer van de tenant verbiedt clientgeheimen voor deze app (passwordAddition).";
    AppPolicyAskException => "Ask your Entra administrator for an exception for the Marketo app.",
        "Vraag uw Entra-beheerder om een uitzondering voor de Marketo-app.";
    AppPolicyLimitsLifetime => "Client secrets may live at most {0} days.", "Clientgeheimen mogen hoogstens {0} dagen geldig zijn.";
    AppPolicyNoRestriction => "No policy restricts client secrets.", "Geen beleid beperkt clientgeheimen.";
    SecretValidWhy => "Marketo's sync stops the moment its secret expires.", "De synchronisatie van Marketo stopt zodra het geheim verloopt.";
    NoSecret => "The app has no client secret.", "De app heeft geen clientgeheim.";
    CreateOne => "Create one (the plan can).", "Maak er een (het plan kan dat).";
    SecretWithoutExpiry => "A secret exists without expiry.", "Er is een geheim zonder vervaldatum.";
    AllSecretsExpired => "Every secret has expired (the newest on {0}).", "Alle geheimen zijn verlopen (het nieuwste op {0}).";
    CreateNewSecret => "Create a new secret and update it in Marketo.", "Maak een nieuw geheim en vul het in bij Marketo.";
    SecretExpiresSoon => "The newest secret expires on {0} (within {1} days).", "Het nieuwste geheim verloopt op {0} (binnen {1} dagen).";
    RotateNow => "Rotate it now and update Marketo.", "Vervang het nu en werk Marketo bij.";
    SecretValidUntil => "Valid until {0} (starts with {1}…).", "Geldig tot {0} (begint met {1}…).";
    SecretMatchesWhy => "A secret from another app, or a deleted one, fails in Marketo's validation.",
        "Een geheim van een andere app, of een verwijderd geheim, faalt bij de validatie van Marketo.";
    PasteSecretStart => "Paste the start of your secret to compare it with the app's (it is compared in this page only).",
        "Plak het begin van uw geheim om het te vergelijken met dat van de app (dat gebeurt alleen in deze pagina).";
    NoAppToCompare => "There is no Marketo app registration to compare with.", "Er is geen app-registratie voor Marketo om mee te vergelijken.";
    CreateItFirst => "Create it first.", "Maak die eerst aan.";
    SecretMatchesKey => "It matches the secret starting with {0}… (key {1}).", "Het komt overeen met het geheim dat begint met {0}… (sleutel {1}).";
    NoSecretStartsWith => "No secret of this app starts with {0}….", "Geen geheim van deze app begint met {0}….";
    UseRightSecret => "Use the right secret, or create a new one and enter it in Marketo.", "Gebruik het juiste geheim, of maak een nieuw en vul dat in bij Marketo.";

    // The application user.
    AppUserWhy => "Marketo's S2S connection signs in as this user.", "De S2S-verbinding van Marketo meldt zich aan als deze gebruiker.";
    ClientAppUsesLicensedUser => "The client-app mode uses a licensed user.", "De client-appmodus gebruikt een gebruiker met licentie.";
    NoAppUser => "No application user for the Marketo app.", "Er is geen toepassingsgebruiker voor de Marketo-app.";
    AppUserReady => "{0} is ready.", "{0} is gereed.";
    AppUserProblems => "{0}: {1}.", "{0}: {1}.";
    AppUserDisabled => "it is disabled", "hij is uitgeschakeld";
    AppUserInteractive => "its access mode is not Non-interactive", "de toegangsmodus is niet Niet-interactief";
    AppUserNotInRoot => "it is not in the root business unit", "hij zit niet in de hoofdbedrijfseenheid";
    FixAppUserInAdminCenter => "Fix it in the Power Platform admin center (access mode cannot be changed: recreate the user).",
        "Los dit op in het Power Platform-beheercentrum (de toegangsmodus kan niet worden gewijzigd: maak de gebruiker opnieuw).";

    // The role on the sync user only.
    RoleOnlyWhy => "From solution 4.0.0.15 Marketo expects the role on the sync user only.", "Vanaf oplossing 4.0.0.15 verwacht Marketo de rol alleen bij de synchronisatiegebruiker.";
    SolutionPredatesRule => "Solution {0} predates the rule.", "Oplossing {0} is ouder dan deze regel.";
    OnlySyncUserHoldsRole => "Only the sync user holds it.", "Alleen de synchronisatiegebruiker heeft de rol.";
    AlsoHeldBy => "Also held by {0}.", "Ook toegewezen aan {0}.";
    RemoveFromThem => "Remove it from them (the plan can, with your consent).", "Neem de rol bij hen weg (het plan kan dat, met uw toestemming).";

    // Publishing.
    PublishedWhy => "Unpublished changes are invisible to Marketo's sync.", "Niet-gepubliceerde wijzigingen zijn onzichtbaar voor de synchronisatie van Marketo.";
    Unpublished => "Some customizations are not published.", "Sommige aanpassingen zijn niet gepubliceerd.";
    PublishAll => "Publish all customizations (the plan can).", "Publiceer alle aanpassingen (het plan kan dat).";
    PublishedUnknown => "Could not tell whether customizations are published.", "Niet vast te stellen of de aanpassingen zijn gepubliceerd.";
    PublishToBeSure => "Publish all customizations to be sure.", "Publiceer voor de zekerheid alle aanpassingen.";

    // Home realm discovery.
    HrdWhy => "Marketo's client-app mode signs in with a password, which federated (AD FS) users can only do with an HRD policy and password hash sync.",
        "De client-appmodus van Marketo meldt zich aan met een wachtwoord, en dat kunnen gefedereerde (AD FS-)gebruikers alleen met een HRD-beleid en synchronisatie van wachtwoord-hashes.";
    NoFederatedDomain => "No federated domain.", "Geen gefedereerd domein.";
    S2sNoPassword => "S2S does not sign in with a password.", "S2S meldt zich niet aan met een wachtwoord.";
    HrdAndHashSync => "The HRD policy is assigned and password hash sync is on ({0} is federated).",
        "Het HRD-beleid is toegewezen en synchronisatie van wachtwoord-hashes staat aan ({0} is gefedereerd).";
    HrdAssignedHashSyncUnread => "The HRD policy is assigned ({0} is federated), but whether password hash sync is on was not read: {1}",
        "Het HRD-beleid is toegewezen ({0} is gefedereerd), maar of synchronisatie van wachtwoord-hashes aan staat, is niet gelezen: {1}";
    HashSyncNotRead => "the tenant was not read.", "de tenant is niet gelezen.";
    ConfirmHashSync => "Sign in as a Global Administrator with the federated-domain permissions (the Home Realm Discovery step asks for them) to have it read, or confirm in Microsoft Entra Connect that password hash synchronization is on.",
        "Meld u aan als globale beheerder met de machtigingen voor gefedereerde domeinen (de stap Home Realm Discovery vraagt daarom) om het te laten lezen, of controleer in Microsoft Entra Connect dat synchronisatie van wachtwoord-hashes aan staat.";
    HashSyncOff => "Password hash sync is off, so users of {0} cannot sign in with a password in the cloud, HRD policy or not.",
        "Synchronisatie van wachtwoord-hashes staat uit, dus gebruikers van {0} kunnen zich niet met een wachtwoord in de cloud aanmelden, met of zonder HRD-beleid.";
    NothingSynchronized => "Nothing is synchronized from on-premises, so no password hash of a {0} user is in Entra ID.",
        "Er wordt niets vanuit on-premises gesynchroniseerd, dus geen wachtwoord-hash van een gebruiker van {0} staat in Entra ID.";
    TurnOnHashSync => "Turn on password hash synchronization in Microsoft Entra Connect (Optional features), or use server-to-server, which signs in without a password.",
        "Schakel synchronisatie van wachtwoord-hashes in Microsoft Entra Connect in (Optionele functies), of gebruik server-naar-server, dat zich zonder wachtwoord aanmeldt.";
    FederatedWithoutHrd => "{0} is federated and the app has no HRD policy allowing cloud password validation.",
        "{0} is gefedereerd en de app heeft geen HRD-beleid dat wachtwoordvalidatie in de cloud toestaat.";
    CreateAssignPolicy => "Create and assign the policy (the plan can).", "Maak het beleid en wijs het toe (het plan kan dat).";

    // The admin's roles.
    AdminRolesWhy => "Registering apps and granting tenant-wide consent need an administrator role.",
        "Voor het registreren van apps en het verlenen van toestemming voor de hele tenant is een beheerdersrol nodig.";
    RolesUnread => "Your roles could not be read.", "Uw rollen konden niet worden gelezen.";
    IfRefusedSignInAsAdmin => "If a write is refused, sign in with a Cloud Application Administrator.",
        "Wordt een wijziging geweigerd, meld u dan aan als Beheerder van cloudtoepassingen.";
    YouAre => "You are {0}.", "U bent {0}.";
    // The roles that suffice, by name: Graph names them in English only.
    RoleGlobalAdministrator => "Global Administrator", "Globale beheerder";
    RolePrivilegedRoleAdministrator => "Privileged Role Administrator", "Beheerder met bevoorrechte rol";
    RoleApplicationAdministrator => "Application Administrator", "Toepassingsbeheerder";
    RoleCloudApplicationAdministrator => "Cloud Application Administrator", "Beheerder van cloudtoepassingen";
    NoAdminRole => "You hold none of Global, Privileged Role, Application or Cloud Application Administrator.",
        "U hebt geen van de rollen Globale beheerder, Beheerder met bevoorrechte rol, Toepassingsbeheerder en Beheerder van cloudtoepassingen.";
    ActivateRole => "Activate such a role (PIM) or ask someone who has one.", "Activeer zo'n rol (PIM) of vraag het iemand die er een heeft.";

    // The environment.
    EnvironmentWhy => "Setup writes need a ready environment and the System Administrator role.",
        "De inrichting kan alleen schrijven in een omgeving die gereed is, en met de rol Systeembeheerder.";
    DiscoveryUnread => "Global Discovery could not be read: {0}", "Global Discovery kon niet worden gelezen: {0}";
    NoEnvironmentChosen => "No environment is chosen.", "Er is geen omgeving gekozen.";
    ChooseOneInPlan => "Choose one in the plan.", "Kies er een in het plan.";
    EnvironmentNotReady => "{0} is disabled or not ready.", "{0} is uitgeschakeld of niet gereed.";
    WaitUntilReady => "Wait until it is Ready in the Power Platform admin center.", "Wacht tot de omgeving Gereed is in het Power Platform-beheercentrum.";
    NotSysAdminIn => "You are not System Administrator in {0}.", "U bent geen systeembeheerder in {0}.";
    AskSysAdmin => "Ask for the System Administrator role there.", "Vraag daar de rol Systeembeheerder aan.";
    EnvironmentReady => "{0} ({1}, {2}) is ready.", "{0} ({1}, {2}) is gereed.";

    // The sync filter.
    SyncFilterWhy => "Marketo only honours a Two Options column named new_synctomkto; defaulting to No keeps new records out until chosen.",
        "Marketo kijkt alleen naar een kolom van het type Twee opties met de naam new_synctomkto; met standaard Nee blijven nieuwe records buiten de synchronisatie tot u ze kiest.";
    DataverseNotRead => "Dataverse was not read.", "Dataverse is niet gelezen.";
    NoSyncFilter => "No sync filter column (it is optional).", "Er is geen filterkolom voor de synchronisatie (die is optioneel).";
    FilterNotTwoOptions => "new_synctomkto on {0} is not Two Options.", "new_synctomkto op {0} is niet van het type Twee opties.";
    RecreateTwoOptions => "Recreate it as a Two Options column.", "Maak de kolom opnieuw, van het type Twee opties.";
    FilterDefaultNotNo => "On {0} it does not default to No.", "Op {0} is de standaardwaarde niet Nee.";
    SetDefaultNo => "Set its default to No so new records are not synced unless chosen.",
        "Zet de standaardwaarde op Nee, zodat nieuwe records alleen worden gesynchroniseerd als iemand dat kiest.";
    FilterRight => "Two Options, default No, on {0}.", "Twee opties, standaard Nee, op {0}.";

    // The solution's version.
    UpToDateWhy => "Newer versions fix sync issues; updating keeps your customizations.", "Nieuwere versies lossen synchronisatieproblemen op; bijwerken behoudt uw aanpassingen.";
    SolutionNotInstalledShort => "The solution is not installed.", "De oplossing is niet geïnstalleerd.";
    VersionOlder => "Version {0} is older than {1}.", "Versie {0} is ouder dan {1}.";
    UpdateSolution => "Download the newest solution from Marketo and import it choosing Update and Maintain customizations — never Upgrade.",
        "Download de nieuwste oplossing uit Marketo en importeer die met Bijwerken en Aanpassingen behouden — nooit met Upgraden.";
    VersionNewest => "Version {0} is the newest known.", "Versie {0} is de nieuwste die bekend is.";

    // The client-app sync user's sign-in.
    SignInWhy => "Marketo's client-app mode signs in with a password: MFA blocks it, and the user's language must be English.",
        "De client-appmodus van Marketo meldt zich aan met een wachtwoord: MFA blokkeert dat, en de taal van de gebruiker moet Engels zijn.";
    S2sSignsInAsApp => "S2S signs in as the application, not a person.", "S2S meldt zich aan als de toepassing, niet als een persoon.";
    SyncUserDisabled => "disabled in Dynamics", "uitgeschakeld in Dynamics";
    SyncUserUnlicensed => "not licensed", "zonder licentie";
    SyncUserLicence => "its licence", "de licentie";
    SyncUserAdministrative => "in administrative access mode, which has no access to data", "in de toegangsmodus Beheerder, die geen toegang tot gegevens heeft";
    SyncUserNotReadWrite => "not a read-write user", "geen gebruiker met lees- en schrijftoegang";
    SyncUserAccessMode => "its access mode", "de toegangsmodus";
    SyncUserEntraDisabled => "its Entra account is disabled", "het Entra-account is uitgeschakeld";
    SyncUserGuest => "a guest account, which a password sign-in cannot use", "een gastaccount, dat een wachtwoordaanmelding niet kan gebruiken";
    SyncUserEntraAccount => "its Entra account", "het Entra-account";
    SyncUserNotEnglish => "its Dynamics language is not English (1033)", "de Dynamics-taal is niet Engels (1033)";
    SyncUserLanguage => "its Dynamics language", "de Dynamics-taal";
    SyncUserCannotSignIn => "{0} cannot be Marketo's sync user: {1}.", "{0} kan niet de synchronisatiegebruiker van Marketo zijn: {1}.";
    FixSyncUserAccount => "Enable and license the user, set its access mode to Read-Write and its language to English (Dynamics › Settings › Personalization), and use a member account with a password; or pick another user.",
        "Schakel de gebruiker in en geef een licentie, zet de toegangsmodus op Lezen/schrijven en de taal op Engels (Dynamics › Instellingen › Persoonlijke opties), en gebruik een lidaccount met een wachtwoord; of kies een andere gebruiker.";
    SyncUserPartlyUnread => "{0} looks right, but these could not be read: {1}.", "{0} lijkt in orde, maar dit kon niet worden gelezen: {1}.";
    CheckSyncUserByHand => "Check them in the Power Platform admin center (Users) and the Entra admin center, then check again.",
        "Controleer ze in het Power Platform-beheercentrum (Gebruikers) en het Entra-beheercentrum en controleer opnieuw.";
    SyncUserCanSignIn => "{0} is enabled, licensed, a read-write member account and uses English. Legacy per-user MFA is not readable from here: it must be off for this user.",
        "{0} is ingeschakeld, heeft een licentie, is een lidaccount met lees- en schrijftoegang en gebruikt Engels. Verouderde MFA per gebruiker is van hieruit niet te lezen: die moet voor deze gebruiker uit staan.";

    // Explanations of failures (what, why, the fix): blocked steps, failed reads and writes of
    // Graph, Global Discovery and Dataverse, and what teardown lists.
    EarlierStepNeedsAnswerFirst => "An earlier step needs your answer first.",
        "Een eerdere stap heeft eerst uw antwoord nodig.";
    StepBuildsResultStepAbove => "This step builds on the result of the step above.",
        "Deze stap bouwt voort op het resultaat van de stap hierboven.";
    AnswerQuestionStepAbove => "Answer the question of the step above.",
        "Beantwoord de vraag bij de stap hierboven.";
    WaitingFor => "Waiting for: {0}.",
        "Wacht op: {0}.";
    StepNeedsResultEarlierStep => "This step needs the result of an earlier step.",
        "Deze stap heeft het resultaat van een eerdere stap nodig.";
    CompleteEarlierStepFirst => "Complete the earlier step first.",
        "Voltooi eerst de eerdere stap.";
    AccountLacksEntraIDRoleNeeded => "Your account lacks an Entra ID role needed for this step.",
        "Uw account mist een Entra ID-rol die deze stap nodig heeft.";
    RegisteringAppGrantingTenantWideConsentNeed => "Registering the app and granting tenant-wide consent need the Cloud Application Administrator, Application Administrator or Global Administrator role (an activated PIM role counts).",
        "Voor het registreren van de app en het verlenen van toestemming voor de hele tenant is de rol Beheerder van cloudtoepassingen, Toepassingsbeheerder of Globale beheerder nodig (een geactiveerde PIM-rol telt mee).";
    ActivateAskOneThoseRolesSign => "Activate or ask for one of those roles, sign out and sign in again — or let someone who has it run these steps.",
        "Activeer of vraag een van die rollen aan, meld u af en weer aan — of laat iemand met die rol deze stappen uitvoeren.";
    MarketoAppCreatedMomentAgoNot => "The Marketo app created a moment ago is not visible yet.",
        "De zojuist gemaakte Marketo-app is nog niet zichtbaar.";
    EntraIDCopiesNewAppRegistrations => "Entra ID copies new app registrations between its servers; for up to a minute reads may not see them.",
        "Entra ID kopieert nieuwe app-registraties tussen zijn servers; tot een minuut lang kunnen leesacties ze missen.";
    WaitMinuteRefreshIfNeverAppears => "Wait a minute and refresh. If it never appears (it was deleted), choose Start over to forget it.",
        "Wacht een minuut en lees opnieuw. Verschijnt de app nooit (omdat hij is verwijderd), kies dan Opnieuw beginnen om hem te vergeten.";
    MarketoSolutionNotInstalledEnvironment => "The Marketo solution is not installed in this environment.",
        "De Marketo-oplossing is niet geïnstalleerd in deze omgeving.";
    MarketoSyncUserRoleMarketoConfig => "The Marketo Sync User role, the Marketo Config table and the plug-in steps come with the \"Marketo Lead Management\" solution.",
        "De rol Marketo Sync User, de tabel Marketo Config en de invoegtoepassingsstappen komen met de oplossing \"Marketo Lead Management\".";
    MarketoGoAdminCRMMicrosoftDynamics => "In Marketo go to Admin › CRM › Microsoft Dynamics › Download Marketo Solution, import it in Dynamics (Settings › Solutions › Import), publish, then run the plan again (Marketo S2S step 1 of 3).",
        "Ga in Marketo naar Admin › CRM › Microsoft Dynamics › Download Marketo Solution, importeer de oplossing in Dynamics (Instellingen › Oplossingen › Importeren), publiceer en voer het plan opnieuw uit (Marketo S2S-stap 1 van 3).";
    NotSystemAdministrator => "You are not a System Administrator in {0}.",
        "U bent geen systeembeheerder in {0}.";
    CreatingApplicationUserAssigningRolesPublishing => "Creating the application user, assigning roles and publishing need the System Administrator role in that environment.",
        "Voor het maken van de toepassingsgebruiker, het toewijzen van rollen en het publiceren is de rol Systeembeheerder in die omgeving nodig.";
    AskDynamicsAdministratorGiveSystemAdministrator => "Ask a Dynamics administrator to give you the System Administrator role there, or sign in as one.",
        "Vraag een Dynamics-beheerder u daar de rol Systeembeheerder te geven, of meld u aan als systeembeheerder.";
    DaySecretLongerThanTenantAllows => "A {0}-day secret is longer than your tenant allows.",
        "Een geheim van {0} dagen is langer dan uw tenant toestaat.";
    AppManagementPolicyLimitsClientSecretsDays => "The app-management policy limits client secrets to {0} days.",
        "Het app-beheerbeleid beperkt clientgeheimen tot {0} dagen.";
    ChooseLifetimeMostDays => "Choose a lifetime of at most {0} days.",
        "Kies een geldigheidsduur van hoogstens {0} dagen.";
    MicrosoftGraphDidNotAcceptSignIn => "Microsoft Graph did not accept the sign-in.",
        "Microsoft Graph heeft de aanmelding niet geaccepteerd.";
    AccessTokenRefusedMayHaveExpired => "The access token was refused; it may have expired or been revoked.",
        "Het toegangstoken is geweigerd; misschien is het verlopen of ingetrokken.";
    SignOutSignAgain => "Sign out and sign in again.",
        "Meld u af en weer aan.";
    MicrosoftGraphRefusedRequest => "Microsoft Graph refused the request.",
        "Microsoft Graph heeft de aanvraag geweigerd.";
    SignedInAccountLacksDirectoryRoleConsented => "The signed-in account lacks the directory role or consented permission this needs.",
        "Het aangemelde account mist de directoryrol of de verleende machtiging die hiervoor nodig is.";
    SignGlobalAdministratorCloudApplicationAdministrator => "Sign in with a Global Administrator or Cloud Application Administrator, and grant consent when asked.",
        "Meld u aan als Globale beheerder of Beheerder van cloudtoepassingen, en verleen toestemming als daarom wordt gevraagd.";
    MicrosoftGraphReturnedError => "Microsoft Graph returned an error.",
        "Microsoft Graph gaf een foutmelding.";
    GraphAnsweredHTTP => "Graph answered HTTP {0}.",
        "Graph antwoordde met HTTP {0}.";
    TryAgainIfPersistsGiveDetails => "Try again; if it persists, give the details below to Microsoft support.",
        "Probeer het opnieuw; blijft het probleem, geef de details hieronder dan aan Microsoft Ondersteuning.";
    GraphUnreachable => "Microsoft Graph could not be reached.",
        "Microsoft Graph is niet bereikbaar.";
    BrowserGotNoAnswer => "The browser got no answer from {0}.",
        "De browser kreeg geen antwoord van {0}.";
    MicrosoftGraphGaveUnreadableAnswer => "Microsoft Graph gave an unreadable answer.",
        "Microsoft Graph gaf een onleesbaar antwoord.";
    ResponseNotJSONGraphSendsProxy => "The response was not the JSON Graph sends; a proxy may have intercepted it.",
        "Het antwoord was niet de JSON die Graph stuurt; misschien heeft een proxy het onderschept.";
    CheckProxyToGraph => "Try again; if it persists, check for a proxy between you and Microsoft Graph.",
        "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en Microsoft Graph.";
    Dynamics365EnvironmentListDidNot => "The Dynamics 365 environment list did not accept the sign-in.",
        "De lijst met Dynamics 365-omgevingen heeft de aanmelding niet geaccepteerd.";
    AccessTokenGlobalDiscoveryRefusedMay => "The access token for Global Discovery was refused; it may have expired, or consent for Dynamics CRM (user_impersonation) is missing.",
        "Het toegangstoken voor Global Discovery is geweigerd; misschien is het verlopen, of ontbreekt toestemming voor Dynamics CRM (user_impersonation).";
    SignAgainAcceptDynamicsCRMPermission => "Sign in again and accept the Dynamics CRM permission when asked.",
        "Meld u opnieuw aan en accepteer de machtiging voor Dynamics CRM als daarom wordt gevraagd.";
    MayNotListDynamics365Environments => "You may not list Dynamics 365 environments.",
        "U mag de Dynamics 365-omgevingen niet opvragen.";
    GlobalDiscoveryRefusedRequestSignedInAccount => "Global Discovery refused the request for the signed-in account.",
        "Global Discovery heeft de aanvraag voor het aangemelde account geweigerd.";
    SignAccountUserDynamics365Environment => "Sign in with an account that is a user in the Dynamics 365 environment Marketo syncs with.",
        "Meld u aan met een account dat gebruiker is in de Dynamics 365-omgeving waarmee Marketo synchroniseert.";
    OnlyGlobalAdministratorCanReadWhether => "Only a Global Administrator can read whether password hash sync is on.",
        "Alleen een globale beheerder kan lezen of synchronisatie van wachtwoord-hashes aan staat.";
    GraphLetsOnlyGlobalAdministratorsRead => "Graph lets only Global Administrators read the on-premises synchronization settings.",
        "Graph laat alleen globale beheerders de instellingen van de on-premises synchronisatie lezen.";
    SignGlobalAdministratorHaveCheckedConfirm => "Sign in as a Global Administrator to have it checked, or confirm in Microsoft Entra Connect that password hash synchronization is on.",
        "Meld u aan als globale beheerder om het te laten controleren, of controleer in Microsoft Entra Connect dat synchronisatie van wachtwoord-hashes aan staat.";
    SignInMayNotReadWhetherPassword => "This sign-in may not read whether password hash sync is on.",
        "Deze aanmelding mag niet lezen of synchronisatie van wachtwoord-hashes aan staat.";
    ReadingNeedsPermissionWhichPageAsks => "Reading it needs the {0} permission, which the page asks for only with the federated-domain permissions.",
        "Daarvoor is de machtiging {0} nodig, waar de pagina alleen samen met de machtigingen voor gefedereerde domeinen om vraagt.";
    ApplyPlanHomeRealmDiscoveryStep => "Apply the plan (its Home Realm Discovery step asks for these permissions), or confirm in Microsoft Entra Connect that password hash synchronization is on.",
        "Voer het plan uit (de stap Home Realm Discovery vraagt om deze machtigingen), of controleer in Microsoft Entra Connect dat synchronisatie van wachtwoord-hashes aan staat.";
    EntraIDRolesCannotReadConditional => "Your Entra ID roles cannot read Conditional Access policies.",
        "Uw Entra ID-rollen kunnen het beleid voor voorwaardelijke toegang niet lezen.";
    GraphLetsGlobalAdministratorsGlobalReaders => "Graph lets Global Administrators, Global Readers, Security Readers, Security Administrators and Conditional Access Administrators read them.",
        "Graph laat globale beheerders, globale lezers, beveiligingslezers, beveiligingsbeheerders en beheerders voor voorwaardelijke toegang het lezen.";
    SignOneThoseRolesGlobalReader => "Sign in with one of those roles (a Global Reader is enough) to have them checked.",
        "Meld u aan met een van die rollen (globale lezer is genoeg) om het te laten controleren.";
    Dynamics365EnvironmentListCouldNot => "The Dynamics 365 environment list could not be read.",
        "De lijst met Dynamics 365-omgevingen kon niet worden gelezen.";
    GlobalDiscoveryAnsweredHTTP => "Global Discovery answered HTTP {0}.",
        "Global Discovery antwoordde met HTTP {0}.";
    TryAgainFewMinutesIfPersists => "Try again in a few minutes; if it persists, give the details below to Microsoft support.",
        "Probeer het over enkele minuten opnieuw; blijft het probleem, geef de details hieronder dan aan Microsoft Ondersteuning.";
    EnvironmentListUnreachable => "The Dynamics 365 environment list could not be reached.",
        "De lijst met Dynamics 365-omgevingen is niet bereikbaar.";
    CheckConnectionTryAgainSovereignCloud => "Check your connection and try again; for a sovereign cloud, check the cloud setting in config.json.",
        "Controleer uw verbinding en probeer het opnieuw; controleer bij een nationale cloud de cloudinstelling in config.json.";
    Dynamics365EnvironmentListUnreadable => "The Dynamics 365 environment list was unreadable.",
        "De lijst met Dynamics 365-omgevingen was onleesbaar.";
    ResponseNotJSONGlobalDiscoverySends => "The response was not the JSON Global Discovery sends; a proxy may have intercepted it.",
        "Het antwoord was niet de JSON die Global Discovery stuurt; misschien heeft een proxy het onderschept.";
    CheckProxyToMicrosoft => "Try again; if it persists, check for a proxy between you and Microsoft.",
        "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en Microsoft.";
    NoDynamics365EnvironmentFoundAccount => "No Dynamics 365 environment was found for your account.",
        "Voor uw account is geen Dynamics 365-omgeving gevonden.";
    GlobalDiscoveryListsOnlyEnvironmentsWhere => "Global Discovery lists only environments where your account is an enabled user: not those you reach only as a delegated administrator, nor those whose security group excludes you.",
        "Global Discovery toont alleen omgevingen waarin uw account een ingeschakelde gebruiker is: niet de omgevingen die u alleen als gedelegeerd beheerder bereikt, en ook niet die waarvan de beveiligingsgroep u uitsluit.";
    SignAccountUserIdeallySystemAdministrator => "Sign in with an account that is a user (ideally System Administrator) in the environment Marketo syncs with, or add your account to it in Power Platform admin center.",
        "Meld u aan met een account dat gebruiker is (liefst systeembeheerder) in de omgeving waarmee Marketo synchroniseert, of voeg uw account daaraan toe in het Power Platform-beheercentrum.";
    DataverseUnreachable => "Dataverse could not be reached.",
        "Dataverse is niet bereikbaar.";
    CheckConnectionTryAgainFirewallProxy => "Check your connection and try again; a firewall or proxy may block the environment's address.",
        "Controleer uw verbinding en probeer het opnieuw; misschien blokkeert een firewall of proxy het adres van de omgeving.";
    DataverseDidNotAcceptSignIn => "Dataverse did not accept your sign-in.",
        "Dataverse heeft uw aanmelding niet geaccepteerd.";
    AccessTokenEnvironmentExpiredRevoked => "The access token for the environment expired or was revoked.",
        "Het toegangstoken voor de omgeving is verlopen of ingetrokken.";
    SignOutSignAgainNothingAlready => "Sign out and sign in again; nothing already done is lost.",
        "Meld u af en weer aan; wat al gedaan is, gaat niet verloren.";
    DataverseGaveUnreadableAnswer => "Dataverse gave an unreadable answer.",
        "Dataverse gaf een onleesbaar antwoord.";
    ResponseNotJSONWebAPISends => "The response was not the JSON the Web API sends; a proxy may have intercepted it.",
        "Het antwoord was niet de JSON die de Web API stuurt; misschien heeft een proxy het onderschept.";
    CheckProxyToEnvironment => "Try again; if it persists, check for a proxy between you and the environment.",
        "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en de omgeving.";
    DataverseDoesNotKnowMarketoApp => "Dataverse does not know the Marketo app yet.",
        "Dataverse kent de Marketo-app nog niet.";
    ApplicationUserCanOnlyCreatedOnce => "An application user can only be created once Entra ID has copied the app's service principal to Dataverse; it was still refused after {0} seconds.",
        "Een toepassingsgebruiker kan pas worden gemaakt als Entra ID de service-principal van de app naar Dataverse heeft gekopieerd; na {0} seconden werd hij nog steeds geweigerd.";
    CheckMarketoAppHasEnterpriseApplication => "Check that the Marketo app has an enterprise application (service principal) in Entra ID, wait a few minutes, then run this step again.",
        "Controleer dat de Marketo-app een bedrijfstoepassing (service-principal) heeft in Entra ID, wacht enkele minuten en voer deze stap dan opnieuw uit.";
    RefusedRequestPageBuilt => "{0} refused a request this page built.",
        "{0} weigerde een verzoek dat deze pagina opstelde.";
    AnsweredRequestItselfMalformedDefectSync => "{0} answered that the request itself was malformed. That is a defect of Sync Setup, not a problem with your tenant or with Microsoft, so trying again will not help.",
        "{0} antwoordde dat het verzoek zelf ongeldig was. Dat is een fout in Sync Setup, geen probleem van uw tenant of van Microsoft, dus opnieuw proberen helpt niet.";
    ReportWhoeverHostsPageDetailsBelow => "Report it to whoever hosts this page, with the details below; the refused request changed nothing.",
        "Meld het aan wie deze pagina host, met de details hieronder; het geweigerde verzoek heeft niets veranderd.";
    NoSolutionHereCanHoldNew => "No solution here can hold new_synctomkto.",
        "Geen oplossing hier kan new_synctomkto bevatten.";
    MarketoRequiresColumnNameNewSynctomkto => "Marketo requires the column name new_synctomkto exactly, and Dataverse gives a new column the prefix of its solution's publisher; no unmanaged solution in this environment has a publisher whose prefix is new.",
        "Marketo vereist precies de kolomnaam new_synctomkto, en Dataverse geeft een nieuwe kolom het voorvoegsel van de uitgever van zijn oplossing; geen onbeheerde oplossing in deze omgeving heeft een uitgever met het voorvoegsel new.";
    MarketoPageCreateCustomDynamicsSync => "Marketo's page \"Create a custom Dynamics sync filter\" allows setting the default publisher's prefix to new while the column is created (Settings › Customizations › Publishers), then restoring it; or create a publisher with the prefix new and an unmanaged solution of it. Then read the tenant again.",
        "Marketo's pagina \"Create a custom Dynamics sync filter\" staat toe het voorvoegsel van de standaarduitgever op new te zetten zolang de kolom wordt gemaakt (Instellingen › Aanpassingen › Uitgevers) en het daarna terug te zetten; of maak een uitgever met het voorvoegsel new en een onbeheerde oplossing daarvan. Lees daarna de tenant opnieuw.";
    PublishingNotConfirmed => "Publishing was not confirmed.",
        "Het publiceren is niet bevestigd.";
    AnswerPublishAllCustomizationsLostMinutes => "The answer to Publish all customizations was lost, and {0} minutes later some customizations still showed as unpublished; a publish of a large environment can take longer, and it is never sent twice.",
        "Het antwoord op Alle aanpassingen publiceren ging verloren, en {0} minuten later stonden sommige aanpassingen nog als niet gepubliceerd; publiceren in een grote omgeving kan langer duren, en het wordt nooit twee keer verzonden.";
    WaitFewMinutesThenRunPlan => "Wait a few minutes, then run the plan again: it publishes only if something is still unpublished.",
        "Wacht enkele minuten en voer het plan dan opnieuw uit: het publiceert alleen als er nog iets niet gepubliceerd is.";
    DataverseDidNotAcceptTheSignIn => "Dataverse did not accept the sign-in.",
        "Dataverse heeft de aanmelding niet geaccepteerd.";
    AccessTokenEnvironmentRefusedHasProbably => "The access token for this environment was refused; it has probably expired (they last about an hour) or was revoked.",
        "Het toegangstoken voor deze omgeving is geweigerd; waarschijnlijk is het verlopen (een token is ongeveer een uur geldig) of ingetrokken.";
    SignAgainSetupResumesWhereStopped => "Sign in again; the setup resumes where it stopped.",
        "Meld u opnieuw aan; de inrichting gaat verder waar ze is gestopt.";
    LackPrivilegeDataverseEnvironment => "You lack a privilege in this Dataverse environment.",
        "U mist een bevoegdheid in deze Dataverse-omgeving.";
    DataverseRefusedSignedInAccountNeedsSystem => "Dataverse refused {0}: the signed-in account needs the System Administrator security role in this environment (Global Discovery shows whether you hold it).",
        "Dataverse weigerde {0}: het aangemelde account heeft in deze omgeving de beveiligingsrol Systeembeheerder nodig (Global Discovery laat zien of u die hebt).";
    ReEnablingMarketoPlugInSteps => "re-enabling the Marketo plug-in steps",
        "het opnieuw inschakelen van de invoegtoepassingsstappen van Marketo";
    CreatingSyncFilterColumn => "creating the sync filter column",
        "het maken van de filterkolom voor de synchronisatie";
    PublishingCustomizations => "publishing customizations",
        "het publiceren van aanpassingen";
    AssigningMarketoSyncUserRole => "assigning the Marketo Sync User role",
        "het toewijzen van de rol Marketo Sync User";
    CreatingUpdatingApplicationUser => "creating or updating the application user",
        "het maken of bijwerken van de toepassingsgebruiker";
    ThisStep => "this step",
        "deze stap";
    AskAdministratorEnvironmentGiveUserSystem => "Ask an administrator of the environment to give your user the System Administrator role (Power Platform admin center › Environments › Settings › Users), or sign in as someone who has it, then run the setup again.",
        "Vraag een beheerder van de omgeving uw gebruiker de rol Systeembeheerder te geven (Power Platform-beheercentrum › Omgevingen › Instellingen › Gebruikers), of meld u aan als iemand die deze rol heeft, en voer de inrichting dan opnieuw uit.";
    DataverseThrottlingRequests => "Dataverse is throttling requests.",
        "Dataverse beperkt het aantal aanvragen.";
    EnvironmentServiceProtectionLimitsPerUser => "The environment's service protection limits (per user, over five minutes) were still exceeded after every retry we allow.",
        "De servicebeschermingslimieten van de omgeving (per gebruiker, over vijf minuten) werden na alle toegestane nieuwe pogingen nog steeds overschreden.";
    WaitFiveMinutesRunSetupAgain => "Wait five minutes and run the setup again; it continues where it stopped.",
        "Wacht vijf minuten en voer de inrichting opnieuw uit; ze gaat verder waar ze is gestopt.";
    DataverseDidNotFindWhatSetup => "Dataverse did not find what the setup asked for.",
        "Dataverse heeft niet gevonden waar de inrichting om vroeg.";
    RecordTableColumnNoLongerExists => "The record, table or column no longer exists; it may have been deleted since the environment was read.",
        "Het record, de tabel of de kolom bestaat niet meer; misschien is die verwijderd nadat de omgeving is gelezen.";
    RunChecksAgainReReadEnvironment => "Run the checks again to re-read the environment.",
        "Voer de controles opnieuw uit om de omgeving opnieuw te lezen.";
    DataverseSaysAlreadyExists => "Dataverse says this already exists.",
        "Volgens Dataverse bestaat dit al.";
    RecordSameKeyExistsApplicationUser => "A record with the same key exists — for the application user, possibly a deleted one that still blocks re-creation.",
        "Er bestaat al een record met dezelfde sleutel — bij de toepassingsgebruiker misschien een verwijderde die opnieuw maken nog blokkeert.";
    RunChecksAgainIfOldDeleted => "Run the checks again; if an old, deleted application user for this app remains, remove it in the Power Platform admin center (Application users) and retry.",
        "Voer de controles opnieuw uit; is er nog een oude, verwijderde toepassingsgebruiker voor deze app, verwijder die dan in het Power Platform-beheercentrum (Toepassingsgebruikers) en probeer het opnieuw.";
    DataverseReturnedServerError => "Dataverse returned a server error.",
        "Dataverse gaf een serverfout.";
    EnvironmentAnsweredHTTP => "The environment answered HTTP {0}.",
        "De omgeving antwoordde met HTTP {0}.";
    DataverseRefusedRequest => "Dataverse refused the request.",
        "Dataverse heeft de aanvraag geweigerd.";
    ReadDetailsBelowFixWhatThey => "Read the details below; fix what they name and run the step again.",
        "Lees de details hieronder, los op wat daar staat en voer de stap opnieuw uit.";
    EnvironmentWebAPIAddressNotValid => "The environment's Web API address is not valid.",
        "Het Web API-adres van de omgeving is ongeldig.";
    GlobalDiscoveryReportedApiUrlNotURL => "Global Discovery reported an ApiUrl that is not a URL.",
        "Global Discovery gaf een ApiUrl op die geen URL is.";
    PickEnvironmentAgainIfPersistsEnter => "Pick the environment again; if it persists, enter its URL from Power Platform admin center.",
        "Kies de omgeving opnieuw; blijft het probleem, vul dan de URL uit het Power Platform-beheercentrum in.";
    EnvironmentRootBusinessUnitNotFound => "The environment's root business unit was not found.",
        "De hoofdbedrijfseenheid van de omgeving is niet gevonden.";
    ApplicationUserMustCreatedRootBusiness => "The application user must be created in the root business unit, and reading it returned nothing.",
        "De toepassingsgebruiker moet in de hoofdbedrijfseenheid worden gemaakt, en het lezen daarvan leverde niets op.";
    CheckAccountCanReadBusinessUnits => "Check that your account can read business units (System Administrator), then run the checks again.",
        "Controleer dat uw account bedrijfseenheden kan lezen (Systeembeheerder) en voer de controles dan opnieuw uit.";
    MarketoSyncUserRoleMissingUser => "The Marketo Sync User role is missing in the user's business unit.",
        "De rol Marketo Sync User ontbreekt in de bedrijfseenheid van de gebruiker.";
    SecurityRolesExistOncePerBusiness => "Security roles exist once per business unit, and the Marketo solution's role was not found in the one the sync user belongs to.",
        "Beveiligingsrollen bestaan per bedrijfseenheid, en de rol van de Marketo-oplossing is niet gevonden in die van de synchronisatiegebruiker.";
    InstallUpdateMarketoLeadManagementSolution => "Install (or update) the Marketo Lead Management solution from Marketo Admin › CRM › Microsoft Dynamics › Download Marketo Solution, then run the checks again.",
        "Installeer (of werk bij) de oplossing Marketo Lead Management via Marketo Admin › CRM › Microsoft Dynamics › Download Marketo Solution en voer de controles dan opnieuw uit.";
    ComesMarketoLeadManagementSolutionWhich => "It comes with the Marketo Lead Management solution, which seems missing or incomplete.",
        "Die komt met de oplossing Marketo Lead Management, die lijkt te ontbreken of onvolledig te zijn.";
    ImportLatestMarketoSolutionUpdateMaintain => "Import the latest Marketo solution (Update, maintain customizations), publish all customizations, then run the checks again.",
        "Importeer de nieuwste Marketo-oplossing (Bijwerken, aanpassingen behouden), publiceer alle aanpassingen en voer de controles dan opnieuw uit.";
    MarketoReadsSyncUserRecordNamed => "Marketo reads its sync user from the record named Default in Settings › Marketo Config.",
        "Marketo leest zijn synchronisatiegebruiker uit het record Default in Instellingen › Marketo Config.";
    ReImportMarketoSolutionCreateDefaultRecord => "Re-import the Marketo solution or create the Default record in Settings › Marketo Config, then run the checks again.",
        "Importeer de Marketo-oplossing opnieuw of maak het record Default in Instellingen › Marketo Config, en voer de controles dan opnieuw uit.";
    TableNameNotValid => "The table name is not valid.",
        "De tabelnaam is ongeldig.";
    TableLogicalNamesLowercaseLettersDigits => "Table logical names are lowercase letters, digits and underscores (lead, contact, account, opportunity).",
        "Logische tabelnamen bestaan uit kleine letters, cijfers en onderstrepingstekens (lead, contact, account, opportunity).";
    PickTablesList => "Pick the tables from the list.",
        "Kies de tabellen uit de lijst.";
    NewSynctomktoNotTwoOptionsColumn => "new_synctomkto on {0} is not a Two Options column.",
        "new_synctomkto op {0} is geen kolom van het type Twee opties.";
    MarketoSyncFilterOnlyWorksTwo => "Marketo's sync filter only works with a Two Options (Yes/No) column named exactly new_synctomkto.",
        "Het synchronisatiefilter van Marketo werkt alleen met een kolom van het type Twee opties (Ja/Nee) die precies new_synctomkto heet.";
    DeleteExistingNewSynctomktoColumnAfter => "Delete the existing new_synctomkto column on {0} (after checking nothing uses it), then run this step again.",
        "Verwijder de bestaande kolom new_synctomkto op {0} (nadat u hebt gecontroleerd dat niets die gebruikt) en voer deze stap dan opnieuw uit.";
    DataverseRefusedColumnNameNewSynctomkto => "Dataverse refused the column name new_synctomkto on {0}.",
        "Dataverse weigerde de kolomnaam new_synctomkto op {0}.";
    MarketoRequiresNameNewSynctomktoExactly => "Marketo requires the name new_synctomkto exactly, and Dataverse only accepts the new_ prefix from a solution publisher whose prefix is new.",
        "Marketo vereist precies de naam new_synctomkto, en Dataverse accepteert het voorvoegsel new_ alleen van een oplossingsuitgever met het voorvoegsel new.";
    PowerAppsSolutionsPublishersTemporarilySet => "In Power Apps › Solutions › Publishers, temporarily set the default publisher's prefix to new (Marketo's documented workaround), run this step again, then restore the prefix.",
        "Zet in Power Apps › Oplossingen › Uitgevers het voorvoegsel van de standaarduitgever tijdelijk op new (de gedocumenteerde oplossing van Marketo), voer deze stap opnieuw uit en herstel daarna het voorvoegsel.";
    SeveralAppRegistrationsHaveName => "Several app registrations have this name.",
        "Meerdere app-registraties hebben deze naam.";
    DisplayNamesNotUniqueEntraID => "Display names are not unique in Entra ID, and more than one app matches.",
        "Weergavenamen zijn in Entra ID niet uniek, en meer dan één app komt overeen.";
    PickAppMarketoUsesPlanThen => "Pick the app Marketo uses in the plan, then apply again.",
        "Kies in het plan de app die Marketo gebruikt en pas opnieuw toe.";
    SecretLifetimeLongerThanTenantAllows => "The secret lifetime is longer than your tenant allows.",
        "De geldigheidsduur van het geheim is langer dan uw tenant toestaat.";
    AppManagementPolicyLimitsHowLongClient => "An app-management policy limits how long client secrets may live.",
        "Een app-beheerbeleid beperkt hoe lang clientgeheimen geldig mogen zijn.";
    ChooseShorterLifetimeApplyAgain => "Choose a shorter lifetime and apply again.",
        "Kies een kortere geldigheidsduur en pas opnieuw toe.";
    TenantDoesNotAllowClientSecrets => "Your tenant does not allow client secrets.",
        "Uw tenant staat geen clientgeheimen toe.";
    AppManagementPolicyForbidsAddingPasswordsApplications => "An app-management policy forbids adding passwords to applications.",
        "Een app-beheerbeleid verbiedt het toevoegen van wachtwoorden aan toepassingen.";
    CreatingHomeRealmDiscoveryPolicyNeeds => "Creating the Home Realm Discovery policy needs one more permission.",
        "Voor het maken van het HRD-beleid (Home Realm Discovery) is nog één machtiging nodig.";
    PermissionAskedOnlyWhenFederatedDomain => "The {0} permission is asked for only when a federated domain needs it, and this sign-in does not include it (or your role cannot use it).",
        "De machtiging {0} wordt alleen gevraagd als een gefedereerd domein die nodig heeft, en deze aanmelding bevat haar niet (of uw rol kan haar niet gebruiken).";
    SignAgainExtraPermissionButtonBelow => "Sign in again with the extra permission (the button below), as Global Administrator, Application Administrator or Cloud Application Administrator, then apply again.",
        "Meld u opnieuw aan met de extra machtiging (de knop hieronder), als Globale beheerder, Toepassingsbeheerder of Beheerder van cloudtoepassingen, en pas daarna opnieuw toe.";
    IsMissing => "{0} is missing.",
        "{0} ontbreekt.";
    AppRegistration => "the app registration",
        "de app-registratie";
    EnterpriseApplication => "the enterprise application",
        "de bedrijfstoepassing";
    DynamicsCRMServicePrincipal => "the Dynamics CRM service principal",
        "de service-principal van Dynamics CRM";
    EarlierStepDidNotComplete => "An earlier step did not complete.",
        "Een eerdere stap is niet voltooid.";
    RefreshPlanApplyAgain => "Refresh the plan and apply again.",
        "Vernieuw het plan en pas opnieuw toe.";
    DataverseStepsNeedEnvironment => "Dataverse steps need an environment.",
        "Dataverse-stappen hebben een omgeving nodig.";
    ApplicationUserMissing => "The application user is missing.",
        "De toepassingsgebruiker ontbreekt.";
    NoSyncUserPicked => "No sync user is picked.",
        "Er is geen synchronisatiegebruiker gekozen.";
    ClientAppModeNeedsLicensedSyncUser => "The client-app mode needs a licensed sync user.",
        "De client-appmodus heeft een synchronisatiegebruiker met licentie nodig.";
    PickSyncUserPlan => "Pick the sync user in the plan.",
        "Kies de synchronisatiegebruiker in het plan.";
    MarketoAppMissing => "The Marketo app is missing.",
        "De Marketo-app ontbreekt.";
    Step1DidNotComplete => "Step 1 did not complete.",
        "Stap 1 is niet voltooid.";
    ApplyAgain => "Apply again.",
        "Pas opnieuw toe.";
    SecretDoesNotBelongMarketoApp => "That secret does not belong to the Marketo app.",
        "Dat geheim hoort niet bij de Marketo-app.";
    OnlyAppOwnSecretsCanRemoved => "Only the app's own secrets can be removed here.",
        "Hier kunnen alleen de eigen geheimen van de app worden verwijderd.";
    RefreshPickOneListedSecrets => "Refresh and pick one of the listed secrets.",
        "Vernieuw en kies een van de vermelde geheimen.";
    ThereNoMarketoAppRegistration => "There is no Marketo app registration.",
        "Er is geen app-registratie voor Marketo.";
    NothingRotate => "Nothing to rotate.",
        "Er is niets te vervangen.";
    RunSetupFirst => "Run the setup first.",
        "Voer eerst de inrichting uit.";
    DataverseApplicationUser => "Dataverse application user {0}",
        "Dataverse-toepassingsgebruiker {0}";
    DisabledThenDeletedMarketoSyncStops => "It is disabled, then deleted; Marketo's sync stops.",
        "Die wordt uitgeschakeld en daarna verwijderd; de synchronisatie van Marketo stopt.";
    HomeRealmDiscoveryPolicy => "Home Realm Discovery policy \"{0}\"",
        "HRD-beleid (Home Realm Discovery) \"{0}\"";
    CreatedToolUnassignedDeleted => "Created by this tool; unassigned and deleted.",
        "Gemaakt door deze tool; wordt losgekoppeld en verwijderd.";
    AppRegistrationEnterpriseApplicationConsentSecrets => "App registration \"{0}\" with its enterprise application, consent and secrets",
        "App-registratie \"{0}\" met de bijbehorende bedrijfstoepassing, toestemming en geheimen";
    EntraIDKeepsDeletedAppRegistrations => "Entra ID keeps deleted app registrations restorable for 30 days (Deleted applications).",
        "Entra ID houdt verwijderde app-registraties 30 dagen herstelbaar (Verwijderde toepassingen).";

    IdNotValid => "The {0} is not valid.",
        "De {0} is ongeldig.";
    IdIsAGuid => "A {0} is a GUID such as 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.",
        "Een {0} is een GUID zoals 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.";
    CorrectIdTryAgain => "Correct the {0} and try again.",
        "Corrigeer de {0} en probeer het opnieuw.";
    NoEnvironmentAvailable => "No Dynamics 365 environment is available to you.",
        "Er is geen Dynamics 365-omgeving voor u beschikbaar.";
    DiscoveryListsNoEnvironmentForYou => "Global Discovery lists no environment in which your account is an enabled user.",
        "Global Discovery noemt geen omgeving waarin uw account een ingeschakelde gebruiker is.";
    MakeSureEnvironmentAndUserThere => "Make sure the tenant has a Dynamics 365 environment and that your account is a user there (System Administrator), then run the plan again.",
        "Zorg dat de tenant een Dynamics 365-omgeving heeft en dat uw account daar gebruiker is (Systeembeheerder), en voer het plan dan opnieuw uit.";
    ChosenEnvironmentNotAvailable => "The chosen environment is not available.",
        "De gekozen omgeving is niet beschikbaar.";
    UrlNotAmongYourEnvironments => "{0} is not among the environments Global Discovery lists for you.",
        "{0} staat niet tussen de omgevingen die Global Discovery voor u noemt.";
    ChooseListedEnvironment => "Choose one of the listed environments.",
        "Kies een van de genoemde omgevingen.";
    EnvironmentNotReadyNamed => "The environment {0} is not ready.",
        "De omgeving {0} is niet gereed.";
    EnvironmentDisabledOrProvisioning => "It is disabled or still being provisioned or updated.",
        "Ze is uitgeschakeld of wordt nog ingericht of bijgewerkt.";
    WaitUntilReadyThenPlan => "Wait until the Power Platform admin center shows it as Ready, then run the plan again.",
        "Wacht tot het Power Platform-beheercentrum haar als Gereed toont en voer het plan dan opnieuw uit.";
    NoDynamicsInTenant => "Dynamics 365 is not available in this tenant.",
        "Dynamics 365 is niet beschikbaar in deze tenant.";
    NoDynamicsServicePrincipal => "The tenant has no Dynamics CRM service principal, so nothing can be granted access to Dataverse.",
        "De tenant heeft geen service-principal voor Dynamics CRM, dus er kan niemand toegang tot Dataverse krijgen.";
    MakeSureDynamicsTenant => "Make sure this is the tenant of your Dynamics 365 environment (or create an environment in the Power Platform admin center), then run the plan again.",
        "Controleer of dit de tenant van uw Dynamics 365-omgeving is (of maak een omgeving in het Power Platform-beheercentrum) en voer het plan dan opnieuw uit.";
    AppUserIsDisabled => "The Marketo application user is disabled.",
        "De Marketo-toepassingsgebruiker is uitgeschakeld.";
    DisabledUserCannotSignIn => "A disabled user cannot sign in, so Marketo's sync would fail.",
        "Een uitgeschakelde gebruiker kan zich niet aanmelden, dus de synchronisatie van Marketo zou mislukken.";
    EnableAppUserThenPlan => "Enable the application user in the Power Platform admin center, then run the plan again.",
        "Schakel de toepassingsgebruiker in via het Power Platform-beheercentrum en voer het plan dan opnieuw uit.";
    SecretLifetimeOutOfRange => "The secret lifetime is out of range.",
        "De geldigheidsduur van het geheim valt buiten het bereik.";
    SecretsLiveOneDayTo24Months => "Entra ID secrets can live from one day to 24 months.",
        "Geheimen van Entra ID zijn één dag tot 24 maanden geldig.";
    ChooseBetweenOneAndDays => "Choose between 1 and {0} days.",
        "Kies tussen 1 en {0} dagen.";
    AppHasOtherHrdPolicy => "The Marketo app already has a different Home Realm Discovery policy.",
        "De Marketo-app heeft al een ander Home Realm Discovery-beleid.";
    OneHrdPolicyPerApp => "An enterprise application can have only one HRD policy, and \"{0}\" does not allow cloud password validation; it may be shared with other apps.",
        "Een bedrijfstoepassing kan maar één HRD-beleid hebben, en \"{0}\" staat geen wachtwoordvalidatie in de cloud toe; het kan met andere apps gedeeld zijn.";
    AllowCloudValidationOrRemovePolicy => "In Entra ID, add AllowCloudPasswordValidation to that policy or remove it from the Marketo app, then run the plan again.",
        "Voeg in Entra ID AllowCloudPasswordValidation toe aan dat beleid of haal het weg bij de Marketo-app, en voer het plan dan opnieuw uit.";
    ConfigTableMissingFromSolution => "The Marketo solution is installed but its configuration table is missing from it.",
        "De Marketo-oplossing is geïnstalleerd, maar de configuratietabel ontbreekt erin.";
    ReimportSolutionThenPlan => "Re-import the Marketo solution, then run the plan again.",
        "Importeer de Marketo-oplossing opnieuw en voer het plan dan opnieuw uit.";
    MarketoReadsSettingsFromDefault => "Marketo reads its settings from the record named Default.",
        "Marketo leest zijn instellingen uit het record met de naam Default.";
    CreateDefaultRecordOrReimport => "Create the Default record under Settings › Marketo Config, or re-import the solution.",
        "Maak het record Default onder Instellingen › Marketo Config, of importeer de oplossing opnieuw.";
    SyncFilterNeedsBooleanColumn => "Marketo's sync filter only works with a Two Options (Boolean) column named exactly new_synctomkto.",
        "Het synchronisatiefilter van Marketo werkt alleen met een kolom van het type Twee opties (Booleaans) met precies de naam new_synctomkto.";
    DeleteOrRenameColumnThenPlan => "Delete that column in Dynamics (or rename it), then run the plan again.",
        "Verwijder die kolom in Dynamics (of geef haar een andere naam) en voer het plan dan opnieuw uit.";
    RoleMissingInSyncUserUnit => "The Marketo Sync User role is missing in the sync user's business unit.",
        "De rol Marketo Sync User ontbreekt in de bedrijfseenheid van de synchronisatiegebruiker.";
    RolesPerBusinessUnitNoCopy => "Roles exist per business unit; the Marketo solution adds its role to each, but this one has no copy.",
        "Rollen bestaan per bedrijfseenheid; de Marketo-oplossing voegt haar rol aan elke eenheid toe, maar deze heeft geen kopie.";
    ReimportSolutionUpdateThenPlan => "Re-import the Marketo solution (Update, maintain customizations), then run the plan again.",
        "Importeer de Marketo-oplossing opnieuw (Bijwerken, aanpassingen behouden) en voer het plan dan opnieuw uit.";
    NotReadSinceLoad => "Not read since the page was loaded.",
        "Niet gelezen sinds de pagina is geladen.";
    OnlyEnvironmentRemembered => "Only the chosen environment is remembered across a reload.",
        "Alleen de gekozen omgeving wordt na opnieuw laden onthouden.";
    WaitForTenantRead => "Wait for the tenant to be read.",
        "Wacht tot de tenant is gelezen.";

    // Marketo's documentation pages (Adobe Experience League), as checks and plan steps cite them.
    DocValidateSync => "Validate Microsoft Dynamics Sync", "Microsoft Dynamics-synchronisatie valideren";
    DocFixValidation => "Fix Dynamics validation sync issues", "Validatieproblemen van de Dynamics-synchronisatie oplossen";
    DocS2sSyncUser => "S2S step 2 of 3: Set up Marketo sync user in Dynamics", "S2S-stap 2 van 3: de Marketo-synchronisatiegebruiker instellen in Dynamics";
    DocGrantConsent => "Grant consent for client ID and app registration", "Toestemming verlenen voor client-id en app-registratie";
    DocSolutionReleases => "Marketo solution releases", "Releases van de Marketo-oplossing";
    DocCrmAppOnline => "Set up Microsoft Dynamics CRM app for online", "De Microsoft Dynamics CRM-app instellen voor online";
    DocS2sStep1 => "S2S step 1 of 3", "S2S-stap 1 van 3";
    DocSyncFilter => "Create a custom Dynamics sync filter", "Een aangepast Dynamics-synchronisatiefilter maken";
    DocUpdateSolution => "Update the Marketo solution", "De Marketo-oplossing bijwerken";
    DocRopcStep2 => "ROPC step 2 of 4", "ROPC-stap 2 van 4";
    DocCreateClientApp => "S2S step 2 of 3: Create client application in Azure AD", "S2S-stap 2 van 3: een clienttoepassing maken in Azure AD";
    DocClientSecret => "S2S step 2 of 3: Generate a client secret", "S2S-stap 2 van 3: een clientgeheim genereren";
    DocHrdPolicy => "Set up Microsoft Dynamics CRM app for online: AD FS (HRD policy)", "De Microsoft Dynamics CRM-app instellen voor online: AD FS (HRD-beleid)";
    DocOrgUrl => "S2S step 3 of 3: Org URL (cannot be changed later)", "S2S-stap 3 van 3: Org URL (later niet meer te wijzigen)";
    DocApplicationUser => "S2S step 2 of 3: Set up an application user", "S2S-stap 2 van 3: een toepassingsgebruiker instellen";
    DocAssignRole => "Assign the Marketo Sync User role", "De rol Marketo Sync User toewijzen";
    DocRoleOnlyOnSyncUser => "Marketo solution 4.0.0.15+: role only on the sync user", "Marketo-oplossing 4.0.0.15+: de rol alleen bij de synchronisatiegebruiker";
    DocMarketoUser => "Settings › Marketo Config › Default › Marketo User", "Instellingen › Marketo Config › Default › Marketo User";
    DocAllStepsEnabled => "Fix validation: all steps in the solution are enabled", "Validatie oplossen: alle stappen in de oplossing zijn ingeschakeld";
    DocPublish => "Publish all customizations", "Alle aanpassingen publiceren";
    DocMarketoIpAddresses => "Configure protocols for Marketo Engage: outbound IP addresses", "Protocollen configureren voor Marketo Engage: uitgaande IP-adressen";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences made only of values and punctuation read the same in both languages.
    fn only_values(template: &str) -> bool {
        let mut words = template.to_owned();
        for i in 0..4 {
            words = words.replace(&format!("{{{i}}}"), "");
        }
        // What is left besides values: names Marketo shows in English, and the "is" both share.
        let words = words
            .replace("Marketo User", "")
            .replace("single-tenant", "");
        !words
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.len() > 2)
    }

    /// Page texts that read the same in both languages: the product's name and Marketo ⇄
    /// Dynamics, a file name, "URL", and three names Dutch keeps from English.
    const SAME_IN_BOTH: &[TextKey] = &[
        TextKey::Brand,
        TextKey::Subtitle,
        TextKey::BootstrapConfigLabel,
        TextKey::ColUrl,
        TextKey::KindSandbox,
        TextKey::KindTeams,
        TextKey::TableAccount,
    ];

    #[test]
    fn every_key_has_both_languages_and_real_dutch() {
        for &key in TextKey::ALL {
            let (en, nl) = (template(Lang::En, key), template(Lang::Nl, key));
            assert!(
                !en.trim().is_empty() && !nl.trim().is_empty(),
                "{key:?} is empty"
            );
            if !only_values(en) && !SAME_IN_BOTH.contains(&key) {
                assert_ne!(en, nl, "{key:?} has no Dutch");
            }
            // Both languages fill the same values.
            for i in 0..4 {
                let slot = format!("{{{i}}}");
                assert_eq!(en.contains(&slot), nl.contains(&slot), "{key:?} {slot}");
            }
        }
    }

    #[test]
    fn values_are_filled_per_locale_and_english_for_the_report() {
        let text = Text::with(
            TextKey::SecretExpiresSoon,
            [Arg::Date(1_811_721_600), Arg::Number(30)],
        );
        assert_eq!(
            text.render(Lang::Nl),
            "Het nieuwste geheim verloopt op 31 mei 2027 (binnen 30 dagen)."
        );
        assert_eq!(
            text.render(Lang::En),
            "The newest secret expires on 31 May 2027 (within 30 days)."
        );
        assert_eq!(
            text.wire(),
            "The newest secret expires on 2027-05-31T00:00:00Z (within 30 days)."
        );
        assert_eq!(number(Lang::Nl, 1_234_567), "1.234.567");
        assert_eq!(number(Lang::En, 1_234), "1,234");
        assert_eq!(number(Lang::En, 999), "999");
        let list = Text::with(
            TextKey::AppUserProblems,
            [
                Arg::from("Marketo"),
                Arg::List(vec![
                    Arg::Key(TextKey::AppUserDisabled),
                    Arg::Key(TextKey::AppUserNotInRoot),
                ]),
            ],
        );
        assert_eq!(
            list.render(Lang::Nl),
            "Marketo: hij is uitgeschakeld, hij zit niet in de hoofdbedrijfseenheid."
        );
        assert_eq!(
            list.wire(),
            "Marketo: it is disabled, it is not in the root business unit."
        );
        // A sentence inside a sentence (an explanation inside a finding) is rendered in the
        // same language, its own values too; a step title is a key like any other.
        let nested = Text::with(
            TextKey::EntraUnread,
            [Text::with(TextKey::WaitingFor, [Arg::Key(TextKey::TitlePublish)]).into()],
        );
        assert_eq!(
            nested.render(Lang::Nl),
            "Entra ID kon niet worden gelezen: Wacht op: Alle aanpassingen publiceren."
        );
        assert_eq!(
            nested.wire(),
            "Entra ID could not be read: Waiting for: Publish all customizations."
        );
        // HTTP statuses and days are numbers; a name is shown as it is.
        assert_eq!(
            Text::with(TextKey::GraphAnsweredHTTP, [Arg::from(503_u16)]).render(Lang::Nl),
            "Graph antwoordde met HTTP 503."
        );
        assert_eq!(
            Text::verbatim("Contoso {x}").render(Lang::Nl),
            "Contoso {x}"
        );
        // A brace that is no placeholder is kept.
        assert_eq!(
            fill_args(Lang::En, template, "a {x} {0}", &[Arg::Number(1)], false),
            "a {x} 1"
        );
    }

    #[test]
    fn the_way_in_renders_from_its_own_part_of_the_catalog() {
        use crate::auth::flow::AuthError;
        use crate::config::ConfigError;
        use crate::http::TransportError;
        // Every explanation the landing module can show: leaving for Entra (discovery), a
        // refused answer, the abandoned sign-in, and every config.json problem. The landing
        // module renders through the way in's templates alone; a key from elsewhere would show
        // an empty line there.
        let mut explanations = vec![
            AuthError::Discovery {
                authority: "https://login.microsoftonline.com/contoso.com".into(),
                detail: "HTTP 404".into(),
            }
            .explain(),
            AuthError::Transport(TransportError {
                host: "login.microsoftonline.com".into(),
                detail: "Failed to fetch".into(),
            })
            .explain(),
            AuthError::StateMismatch.explain(),
            AuthError::NoPendingSignIn.explain(),
            AuthError::SignInTooOld.explain(),
            AuthError::SessionExpired.explain(),
            crate::wizard::Entry::landing_notice(true).unwrap(),
            ConfigError::Unreachable("HTTP 404".into()).explain(),
            ConfigError::NotJson("expected value".into()).explain(),
            ConfigError::MissingClientId.explain(),
            ConfigError::ClientIdNotGuid("x".into()).explain(),
            ConfigError::BadUrl {
                field: "authority",
                value: "x".into(),
                reason: "relative URL without a base".into(),
            }
            .explain(),
            ConfigError::InsecureUrl {
                field: "authority",
                value: "http://login.example".into(),
            }
            .explain(),
            ConfigError::UnknownCloud("mars".into()).explain(),
            ConfigError::AuthorityWithoutTenant("https://login.microsoftonline.com".into())
                .explain(),
            ConfigError::AuthorityNotOrganizational(
                "https://login.microsoftonline.com/common".into(),
            )
            .explain(),
        ];
        // Every refusal Entra can send back to the landing page.
        for code in [
            65004, 50011, 50194, 65001, 90094, 650056, 700016, 9002326, 9002327, 700025, 700084,
            54005, 700054, 700022, 500011, 50076, 53003, 50126, 1,
        ] {
            explanations.push(crate::auth::aadsts::explain(
                "invalid_request",
                Some(code),
                "",
            ));
        }
        for error in [
            "access_denied",
            "server_error",
            "login_required",
            "invalid_grant",
            "x",
        ] {
            explanations.push(crate::auth::aadsts::explain(error, None, ""));
        }
        for e in explanations {
            for text in [&e.what, &e.why, &e.fix] {
                for lang in Lang::ALL {
                    let way_in = text.render_way_in(lang);
                    assert!(!way_in.trim().is_empty(), "{text:?} is not a way-in text");
                    assert_eq!(way_in, text.render(lang));
                }
            }
        }
        // An engine sentence is not in the way in's part.
        let engine = Text::new(TextKey::GraphAnsweredHTTP);
        assert_eq!(engine.render_way_in(Lang::Nl), "");
        assert_ne!(engine.render(Lang::Nl), "");
    }

    #[test]
    fn every_page_text_the_code_names_is_in_the_page_part() {
        // `i18n::text` (the page's `tr`) reads the page's part of the catalog only, so each
        // module links no more than it shows: a `Msg::` naming another key would show empty.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("src"), root.join("../../src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let by_name = |name: &str| TextKey::ALL.iter().find(|k| format!("{k:?}") == name);
        let mut named = 0;
        let mut outside = Vec::new();
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            for (at, _) in source.match_indices("Msg::") {
                let name: String = source[at + 5..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                let Some(&key) = by_name(&name) else {
                    continue;
                };
                named += 1;
                if page_template(Lang::En, key).is_none() {
                    outside.push(format!("{}: {name}", file.display()));
                }
            }
        }
        assert!(named > 200, "the page's texts were found ({named})");
        assert!(outside.is_empty(), "{outside:#?}");
    }
}
