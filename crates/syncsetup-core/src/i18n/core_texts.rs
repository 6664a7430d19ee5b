//! The core's own sentences as message keys with values: what the checks found and advise, and
//! the names of Marketo's documentation pages.
//!
//! A check does not write English; it returns a [`Text`]: a [`TextKey`] from the catalog below
//! plus the values to fill in ([`Arg`]). The page renders it in its language with [`Text::render`]
//! (dates and numbers written the way that language writes them); the report file, which is for
//! support, takes [`Text::wire`]: English, dates in ISO 8601. The catalog lists each key once
//! with both languages side by side, `{0}`, `{1}`… marking the values, so a key cannot exist in
//! one language only and the Dutch sentence may put the values in another order.

use super::{date, plan_text, Lang};
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
    /// A sentence the engine wrote in English (an explanation of a failed read): shown through
    /// the plan's Dutch templates, English where none matches.
    Engine(String),
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

    /// The sentence in `lang`, as the page shows it.
    pub fn render(&self, lang: Lang) -> String {
        self.fill(lang, template, false)
    }

    /// [`Self::render`] for a way-in sentence (sign-in, config.json), knowing only that part of
    /// the catalog: what the landing module shows (another key renders empty, which the way-in
    /// tests rule out).
    pub fn render_way_in(&self, lang: Lang) -> String {
        self.fill(
            lang,
            |lang, key| way_in_template(lang, key).unwrap_or_default(),
            false,
        )
    }

    /// The sentence for the report file: English, dates in ISO 8601.
    pub fn wire(&self) -> String {
        self.fill(Lang::En, template, true)
    }

    fn fill(&self, lang: Lang, templates: Templates, wire: bool) -> String {
        fill_args(lang, templates, templates(lang, self.key), &self.args, wire)
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

// Transitional (issue 17): an English sentence the engine still writes, shown through the plan's
// Dutch templates; goes when every explanation is a key.
impl From<&str> for Text {
    fn from(english: &str) -> Self {
        Text::with(TextKey::Verbatim, [Arg::Engine(english.to_owned())])
    }
}

impl From<String> for Text {
    fn from(english: String) -> Self {
        Text::with(TextKey::Verbatim, [Arg::Engine(english)])
    }
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
        Arg::Engine(text) if wire => text.clone(),
        Arg::Engine(text) => plan_text(lang, text).into_owned(),
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
        way_in { $($wkey:ident => $wen:literal, $wnl:literal;)* }
        $($key:ident => $en:literal, $nl:literal;)*
    ) => {
        /// A sentence of the core's catalog.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum TextKey { $($wkey,)* $($key,)* }

        impl TextKey {
            /// Every key (for the catalog tests).
            pub const ALL: &'static [TextKey] = &[$(TextKey::$wkey,)* $(TextKey::$key,)*];
        }

        /// The template of a way-in key (sign-in and config.json) in `lang`; `None` for the
        /// others. The landing module renders through this alone, so the rest of the catalog
        /// stays out of its wasm.
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
            way_in_template(lang, key).unwrap_or_else(|| other_template(lang, key))
        }
    };
}

core_catalog! {
    // The way in: signing in and config.json, all the landing module shows.
    way_in {
    }

    // Shared by several checks.
    Verbatim => "{0}", "{0}";

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
    KindNotGiven => "Global Discovery did not say what kind of environment {0} is.", "Global Discovery gaf niet aan wat voor omgeving {0} is.";
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
    NothingToPublish => "Nothing is waiting to be published.", "Er wacht niets op publicatie.";
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

    #[test]
    fn every_key_has_both_languages_and_real_dutch() {
        for &key in TextKey::ALL {
            let (en, nl) = (template(Lang::En, key), template(Lang::Nl, key));
            assert!(
                !en.trim().is_empty() && !nl.trim().is_empty(),
                "{key:?} is empty"
            );
            if !only_values(en) {
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
        // An engine sentence goes through the plan's Dutch templates, and stays English on the wire.
        let engine = Text::with(
            TextKey::EntraUnread,
            [Arg::Engine("Complete the earlier step first.".into())],
        );
        assert_eq!(
            engine.render(Lang::Nl),
            "Entra ID kon niet worden gelezen: Voltooi eerst de eerdere stap."
        );
        assert_eq!(
            engine.wire(),
            "Entra ID could not be read: Complete the earlier step first."
        );
        // A brace that is no placeholder is kept.
        assert_eq!(
            fill_args(Lang::En, template, "a {x} {0}", &[Arg::Number(1)], false),
            "a {x} 1"
        );
    }
}
