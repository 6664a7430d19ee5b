//! Dutch for the sentences the engine still writes in English: the explanations of blocked steps,
//! the explanations of failed reads and writes (Graph, Global Discovery, Dataverse), and what a
//! step that ran reports. The plan's step statuses are catalog keys already
//! ([`super::core_texts`], `St…`): the step files emit them and the page renders them late.
//!
//! The engine writes these in English, with names and numbers filled in, and the run report keeps
//! them so. Rather than thread message keys through every runner, each sentence is listed here
//! once as its English template (`{}` for a value, in order) beside its Dutch one (`{0}`, `{1}`…
//! may reorder the values): the English template is the key. A text that matches no template is
//! shown in English, so a reworded engine sentence degrades gracefully — and tests plan every kind
//! of tenant and explain every engine error, and fail if any sentence lacks a Dutch template. The
//! English templates repeat text the engine already contains, which costs next to nothing after
//! brotli. The checks' sentences and the step statuses are real keys instead
//! ([`super::core_texts`]); what is left here moves there the same way (issue 17).

use std::borrow::Cow;

use super::Lang;
use crate::engine::plan::StepId;
use crate::time::parse_iso8601;

/// (English template, Dutch template).
const TEMPLATES: &[(&str, &str)] = &[
    // Statuses.
    // Why a step is blocked.
    ("An earlier step needs your answer first.", "Een eerdere stap heeft eerst uw antwoord nodig."),
    ("This step builds on the result of the step above.", "Deze stap bouwt voort op het resultaat van de stap hierboven."),
    ("Answer the question of the step above.", "Beantwoord de vraag bij de stap hierboven."),
    ("Waiting for: {}.", "Wacht op: {0}."),
    ("This step needs the result of an earlier step.", "Deze stap heeft het resultaat van een eerdere stap nodig."),
    ("Complete the earlier step first.", "Voltooi eerst de eerdere stap."),
    ("Your account lacks an Entra ID role needed for this step.", "Uw account mist een Entra ID-rol die deze stap nodig heeft."),
    ("Registering the app and granting tenant-wide consent need the Cloud Application Administrator, Application Administrator or Global Administrator role (an activated PIM role counts).", "Voor het registreren van de app en het verlenen van toestemming voor de hele tenant is de rol Beheerder van cloudtoepassingen, Toepassingsbeheerder of Globale beheerder nodig (een geactiveerde PIM-rol telt mee)."),
    ("Activate or ask for one of those roles, sign out and sign in again — or let someone who has it run these steps.", "Activeer of vraag een van die rollen aan, meld u af en weer aan — of laat iemand met die rol deze stappen uitvoeren."),
    ("The Marketo app created a moment ago is not visible yet.", "De zojuist gemaakte Marketo-app is nog niet zichtbaar."),
    ("Entra ID copies new app registrations between its servers; for up to a minute reads may not see them.", "Entra ID kopieert nieuwe app-registraties tussen zijn servers; tot een minuut lang kunnen leesacties ze missen."),
    ("Wait a minute and refresh. If it never appears (it was deleted), choose Start over to forget it.", "Wacht een minuut en lees opnieuw. Verschijnt de app nooit (omdat hij is verwijderd), kies dan Opnieuw beginnen om hem te vergeten."),
    ("The Marketo solution is not installed in this environment.", "De Marketo-oplossing is niet geïnstalleerd in deze omgeving."),
    ("The Marketo Sync User role, the Marketo Config table and the plug-in steps come with the \"Marketo Lead Management\" solution.", "De rol Marketo Sync User, de tabel Marketo Config en de invoegtoepassingsstappen komen met de oplossing \"Marketo Lead Management\"."),
    ("In Marketo go to Admin › CRM › Microsoft Dynamics › Download Marketo Solution, import it in Dynamics (Settings › Solutions › Import), publish, then run the plan again (Marketo S2S step 1 of 3).", "Ga in Marketo naar Admin › CRM › Microsoft Dynamics › Download Marketo Solution, importeer de oplossing in Dynamics (Instellingen › Oplossingen › Importeren), publiceer en voer het plan opnieuw uit (Marketo S2S-stap 1 van 3)."),
    ("You are not a System Administrator in {}.", "U bent geen systeembeheerder in {0}."),
    ("Creating the application user, assigning roles and publishing need the System Administrator role in that environment.", "Voor het maken van de toepassingsgebruiker, het toewijzen van rollen en het publiceren is de rol Systeembeheerder in die omgeving nodig."),
    ("Ask a Dynamics administrator to give you the System Administrator role there, or sign in as one.", "Vraag een Dynamics-beheerder u daar de rol Systeembeheerder te geven, of meld u aan als systeembeheerder."),
    ("A {}-day secret is longer than your tenant allows.", "Een geheim van {0} dagen is langer dan uw tenant toestaat."),
    ("The app-management policy limits client secrets to {} days.", "Het app-beheerbeleid beperkt clientgeheimen tot {0} dagen."),
    ("Choose a lifetime of at most {} days.", "Kies een geldigheidsduur van hoogstens {0} dagen."),
    // The engine's explanations of failed reads and writes (Graph, Global Discovery, Dataverse).
    ("Microsoft Graph did not accept the sign-in.", "Microsoft Graph heeft de aanmelding niet geaccepteerd."),
    ("The access token was refused; it may have expired or been revoked.", "Het toegangstoken is geweigerd; misschien is het verlopen of ingetrokken."),
    ("Sign out and sign in again.", "Meld u af en weer aan."),
    ("Microsoft Graph refused the request.", "Microsoft Graph heeft de aanvraag geweigerd."),
    ("The signed-in account lacks the directory role or consented permission this needs.", "Het aangemelde account mist de directoryrol of de verleende machtiging die hiervoor nodig is."),
    ("Sign in with a Global Administrator or Cloud Application Administrator, and grant consent when asked.", "Meld u aan als Globale beheerder of Beheerder van cloudtoepassingen, en verleen toestemming als daarom wordt gevraagd."),
    ("Microsoft Graph returned an error.", "Microsoft Graph gaf een foutmelding."),
    ("Graph answered HTTP {}.", "Graph antwoordde met HTTP {0}."),
    ("Try again; if it persists, give the details below to Microsoft support.", "Probeer het opnieuw; blijft het probleem, geef de details hieronder dan aan Microsoft Ondersteuning."),
    ("Microsoft Graph could not be reached.", "Microsoft Graph is niet bereikbaar."),
    ("The browser got no answer from {}.", "De browser kreeg geen antwoord van {0}."),
    ("Microsoft Graph gave an unreadable answer.", "Microsoft Graph gaf een onleesbaar antwoord."),
    ("The response was not the JSON Graph sends; a proxy may have intercepted it.", "Het antwoord was niet de JSON die Graph stuurt; misschien heeft een proxy het onderschept."),
    ("Try again; if it persists, check for a proxy between you and Microsoft Graph.", "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en Microsoft Graph."),
    ("The Dynamics 365 environment list did not accept the sign-in.", "De lijst met Dynamics 365-omgevingen heeft de aanmelding niet geaccepteerd."),
    ("The access token for Global Discovery was refused; it may have expired, or consent for Dynamics CRM (user_impersonation) is missing.", "Het toegangstoken voor Global Discovery is geweigerd; misschien is het verlopen, of ontbreekt toestemming voor Dynamics CRM (user_impersonation)."),
    ("Sign in again and accept the Dynamics CRM permission when asked.", "Meld u opnieuw aan en accepteer de machtiging voor Dynamics CRM als daarom wordt gevraagd."),
    ("You may not list Dynamics 365 environments.", "U mag de Dynamics 365-omgevingen niet opvragen."),
    ("Global Discovery refused the request for the signed-in account.", "Global Discovery heeft de aanvraag voor het aangemelde account geweigerd."),
    ("Sign in with an account that is a user in the Dynamics 365 environment Marketo syncs with.", "Meld u aan met een account dat gebruiker is in de Dynamics 365-omgeving waarmee Marketo synchroniseert."),
    ("Only a Global Administrator can read whether password hash sync is on.", "Alleen een globale beheerder kan lezen of synchronisatie van wachtwoord-hashes aan staat."),
    ("Graph lets only Global Administrators read the on-premises synchronization settings.", "Graph laat alleen globale beheerders de instellingen van de on-premises synchronisatie lezen."),
    ("Sign in as a Global Administrator to have it checked, or confirm in Microsoft Entra Connect that password hash synchronization is on.", "Meld u aan als globale beheerder om het te laten controleren, of controleer in Microsoft Entra Connect dat synchronisatie van wachtwoord-hashes aan staat."),
    ("This sign-in may not read whether password hash sync is on.", "Deze aanmelding mag niet lezen of synchronisatie van wachtwoord-hashes aan staat."),
    ("Reading it needs the {} permission, which the page asks for only with the federated-domain permissions.", "Daarvoor is de machtiging {0} nodig, waar de pagina alleen samen met de machtigingen voor gefedereerde domeinen om vraagt."),
    ("Apply the plan (its Home Realm Discovery step asks for these permissions), or confirm in Microsoft Entra Connect that password hash synchronization is on.", "Voer het plan uit (de stap Home Realm Discovery vraagt om deze machtigingen), of controleer in Microsoft Entra Connect dat synchronisatie van wachtwoord-hashes aan staat."),
    ("Your Entra ID roles cannot read Conditional Access policies.", "Uw Entra ID-rollen kunnen het beleid voor voorwaardelijke toegang niet lezen."),
    ("Graph lets Global Administrators, Global Readers, Security Readers, Security Administrators and Conditional Access Administrators read them.", "Graph laat globale beheerders, globale lezers, beveiligingslezers, beveiligingsbeheerders en beheerders voor voorwaardelijke toegang het lezen."),
    ("Sign in with one of those roles (a Global Reader is enough) to have them checked.", "Meld u aan met een van die rollen (globale lezer is genoeg) om het te laten controleren."),
    ("The Dynamics 365 environment list could not be read.", "De lijst met Dynamics 365-omgevingen kon niet worden gelezen."),
    ("Global Discovery answered HTTP {}.", "Global Discovery antwoordde met HTTP {0}."),
    ("Try again in a few minutes; if it persists, give the details below to Microsoft support.", "Probeer het over enkele minuten opnieuw; blijft het probleem, geef de details hieronder dan aan Microsoft Ondersteuning."),
    ("The Dynamics 365 environment list could not be reached.", "De lijst met Dynamics 365-omgevingen is niet bereikbaar."),
    ("Check your connection and try again; for a sovereign cloud, check the cloud setting in config.json.", "Controleer uw verbinding en probeer het opnieuw; controleer bij een nationale cloud de cloudinstelling in config.json."),
    ("The Dynamics 365 environment list was unreadable.", "De lijst met Dynamics 365-omgevingen was onleesbaar."),
    ("The response was not the JSON Global Discovery sends; a proxy may have intercepted it.", "Het antwoord was niet de JSON die Global Discovery stuurt; misschien heeft een proxy het onderschept."),
    ("Try again; if it persists, check for a proxy between you and Microsoft.", "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en Microsoft."),
    ("No Dynamics 365 environment was found for your account.", "Voor uw account is geen Dynamics 365-omgeving gevonden."),
    ("Global Discovery lists only environments where your account is an enabled user: not those you reach only as a delegated administrator, nor those whose security group excludes you.", "Global Discovery toont alleen omgevingen waarin uw account een ingeschakelde gebruiker is: niet de omgevingen die u alleen als gedelegeerd beheerder bereikt, en ook niet die waarvan de beveiligingsgroep u uitsluit."),
    ("Sign in with an account that is a user (ideally System Administrator) in the environment Marketo syncs with, or add your account to it in Power Platform admin center.", "Meld u aan met een account dat gebruiker is (liefst systeembeheerder) in de omgeving waarmee Marketo synchroniseert, of voeg uw account daaraan toe in het Power Platform-beheercentrum."),
    ("Dataverse could not be reached.", "Dataverse is niet bereikbaar."),
    ("Check your connection and try again; a firewall or proxy may block the environment's address.", "Controleer uw verbinding en probeer het opnieuw; misschien blokkeert een firewall of proxy het adres van de omgeving."),
    ("Dataverse did not accept your sign-in.", "Dataverse heeft uw aanmelding niet geaccepteerd."),
    ("The access token for the environment expired or was revoked.", "Het toegangstoken voor de omgeving is verlopen of ingetrokken."),
    ("Sign out and sign in again; nothing already done is lost.", "Meld u af en weer aan; wat al gedaan is, gaat niet verloren."),
    ("Dataverse gave an unreadable answer.", "Dataverse gaf een onleesbaar antwoord."),
    ("The response was not the JSON the Web API sends; a proxy may have intercepted it.", "Het antwoord was niet de JSON die de Web API stuurt; misschien heeft een proxy het onderschept."),
    ("Try again; if it persists, check for a proxy between you and the environment.", "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en de omgeving."),
    ("Dataverse does not know the Marketo app yet.", "Dataverse kent de Marketo-app nog niet."),
    ("An application user can only be created once Entra ID has copied the app's service principal to Dataverse; it was still refused after {} seconds.", "Een toepassingsgebruiker kan pas worden gemaakt als Entra ID de service-principal van de app naar Dataverse heeft gekopieerd; na {0} seconden werd hij nog steeds geweigerd."),
    ("Check that the Marketo app has an enterprise application (service principal) in Entra ID, wait a few minutes, then run this step again.", "Controleer dat de Marketo-app een bedrijfstoepassing (service-principal) heeft in Entra ID, wacht enkele minuten en voer deze stap dan opnieuw uit."),
    ("{} refused a request this page built.", "{0} weigerde een verzoek dat deze pagina opstelde."),
    ("{} answered that the request itself was malformed. That is a defect of Sync Setup, not a problem with your tenant or with Microsoft, so trying again will not help.", "{0} antwoordde dat het verzoek zelf ongeldig was. Dat is een fout in Sync Setup, geen probleem van uw tenant of van Microsoft, dus opnieuw proberen helpt niet."),
    ("Report it to whoever hosts this page, with the details below; the refused request changed nothing.", "Meld het aan wie deze pagina host, met de details hieronder; het geweigerde verzoek heeft niets veranderd."),
    ("No solution here can hold new_synctomkto.", "Geen oplossing hier kan new_synctomkto bevatten."),
    ("Marketo requires the column name new_synctomkto exactly, and Dataverse gives a new column the prefix of its solution's publisher; no unmanaged solution in this environment has a publisher whose prefix is new.", "Marketo vereist precies de kolomnaam new_synctomkto, en Dataverse geeft een nieuwe kolom het voorvoegsel van de uitgever van zijn oplossing; geen onbeheerde oplossing in deze omgeving heeft een uitgever met het voorvoegsel new."),
    ("Marketo's page \"Create a custom Dynamics sync filter\" allows setting the default publisher's prefix to new while the column is created (Settings › Customizations › Publishers), then restoring it; or create a publisher with the prefix new and an unmanaged solution of it. Then read the tenant again.", "Marketo's pagina \"Create a custom Dynamics sync filter\" staat toe het voorvoegsel van de standaarduitgever op new te zetten zolang de kolom wordt gemaakt (Instellingen › Aanpassingen › Uitgevers) en het daarna terug te zetten; of maak een uitgever met het voorvoegsel new en een onbeheerde oplossing daarvan. Lees daarna de tenant opnieuw."),
    ("Publishing was not confirmed.", "Het publiceren is niet bevestigd."),
    ("The answer to Publish all customizations was lost, and {} minutes later some customizations still showed as unpublished; a publish of a large environment can take longer, and it is never sent twice.", "Het antwoord op Alle aanpassingen publiceren ging verloren, en {0} minuten later stonden sommige aanpassingen nog als niet gepubliceerd; publiceren in een grote omgeving kan langer duren, en het wordt nooit twee keer verzonden."),
    ("Wait a few minutes, then run the plan again: it publishes only if something is still unpublished.", "Wacht enkele minuten en voer het plan dan opnieuw uit: het publiceert alleen als er nog iets niet gepubliceerd is."),
    ("Dataverse did not accept the sign-in.", "Dataverse heeft de aanmelding niet geaccepteerd."),
    ("The access token for this environment was refused; it has probably expired (they last about an hour) or was revoked.", "Het toegangstoken voor deze omgeving is geweigerd; waarschijnlijk is het verlopen (een token is ongeveer een uur geldig) of ingetrokken."),
    ("Sign in again; the setup resumes where it stopped.", "Meld u opnieuw aan; de inrichting gaat verder waar ze is gestopt."),
    ("You lack a privilege in this Dataverse environment.", "U mist een bevoegdheid in deze Dataverse-omgeving."),
    ("Dataverse refused {}: the signed-in account needs the System Administrator security role in this environment (Global Discovery shows whether you hold it).", "Dataverse weigerde {0}: het aangemelde account heeft in deze omgeving de beveiligingsrol Systeembeheerder nodig (Global Discovery laat zien of u die hebt)."),
    ("re-enabling the Marketo plug-in steps", "het opnieuw inschakelen van de invoegtoepassingsstappen van Marketo"),
    ("creating the sync filter column", "het maken van de filterkolom voor de synchronisatie"),
    ("publishing customizations", "het publiceren van aanpassingen"),
    ("assigning the Marketo Sync User role", "het toewijzen van de rol Marketo Sync User"),
    ("creating or updating the application user", "het maken of bijwerken van de toepassingsgebruiker"),
    ("this step", "deze stap"),
    ("Ask an administrator of the environment to give your user the System Administrator role (Power Platform admin center › Environments › Settings › Users), or sign in as someone who has it, then run the setup again.", "Vraag een beheerder van de omgeving uw gebruiker de rol Systeembeheerder te geven (Power Platform-beheercentrum › Omgevingen › Instellingen › Gebruikers), of meld u aan als iemand die deze rol heeft, en voer de inrichting dan opnieuw uit."),
    ("Dataverse is throttling requests.", "Dataverse beperkt het aantal aanvragen."),
    ("The environment's service protection limits (per user, over five minutes) were still exceeded after every retry we allow.", "De servicebeschermingslimieten van de omgeving (per gebruiker, over vijf minuten) werden na alle toegestane nieuwe pogingen nog steeds overschreden."),
    ("Wait five minutes and run the setup again; it continues where it stopped.", "Wacht vijf minuten en voer de inrichting opnieuw uit; ze gaat verder waar ze is gestopt."),
    ("Dataverse did not find what the setup asked for.", "Dataverse heeft niet gevonden waar de inrichting om vroeg."),
    ("The record, table or column no longer exists; it may have been deleted since the environment was read.", "Het record, de tabel of de kolom bestaat niet meer; misschien is die verwijderd nadat de omgeving is gelezen."),
    ("Run the checks again to re-read the environment.", "Voer de controles opnieuw uit om de omgeving opnieuw te lezen."),
    ("Dataverse says this already exists.", "Volgens Dataverse bestaat dit al."),
    ("A record with the same key exists — for the application user, possibly a deleted one that still blocks re-creation.", "Er bestaat al een record met dezelfde sleutel — bij de toepassingsgebruiker misschien een verwijderde die opnieuw maken nog blokkeert."),
    ("Run the checks again; if an old, deleted application user for this app remains, remove it in the Power Platform admin center (Application users) and retry.", "Voer de controles opnieuw uit; is er nog een oude, verwijderde toepassingsgebruiker voor deze app, verwijder die dan in het Power Platform-beheercentrum (Toepassingsgebruikers) en probeer het opnieuw."),
    ("Dataverse returned a server error.", "Dataverse gaf een serverfout."),
    ("The environment answered HTTP {}.", "De omgeving antwoordde met HTTP {0}."),
    ("Dataverse refused the request.", "Dataverse heeft de aanvraag geweigerd."),
    ("Read the details below; fix what they name and run the step again.", "Lees de details hieronder, los op wat daar staat en voer de stap opnieuw uit."),
    ("The environment's Web API address is not valid.", "Het Web API-adres van de omgeving is ongeldig."),
    ("Global Discovery reported an ApiUrl that is not a URL.", "Global Discovery gaf een ApiUrl op die geen URL is."),
    ("Pick the environment again; if it persists, enter its URL from Power Platform admin center.", "Kies de omgeving opnieuw; blijft het probleem, vul dan de URL uit het Power Platform-beheercentrum in."),
    ("The environment's root business unit was not found.", "De hoofdbedrijfseenheid van de omgeving is niet gevonden."),
    ("The application user must be created in the root business unit, and reading it returned nothing.", "De toepassingsgebruiker moet in de hoofdbedrijfseenheid worden gemaakt, en het lezen daarvan leverde niets op."),
    ("Check that your account can read business units (System Administrator), then run the checks again.", "Controleer dat uw account bedrijfseenheden kan lezen (Systeembeheerder) en voer de controles dan opnieuw uit."),
    ("The Marketo Sync User role is missing in the user's business unit.", "De rol Marketo Sync User ontbreekt in de bedrijfseenheid van de gebruiker."),
    ("Security roles exist once per business unit, and the Marketo solution's role was not found in the one the sync user belongs to.", "Beveiligingsrollen bestaan per bedrijfseenheid, en de rol van de Marketo-oplossing is niet gevonden in die van de synchronisatiegebruiker."),
    ("Install (or update) the Marketo Lead Management solution from Marketo Admin › CRM › Microsoft Dynamics › Download Marketo Solution, then run the checks again.", "Installeer (of werk bij) de oplossing Marketo Lead Management via Marketo Admin › CRM › Microsoft Dynamics › Download Marketo Solution en voer de controles dan opnieuw uit."),
    ("The Marketo Config table was not found.", "De tabel Marketo Config is niet gevonden."),
    ("It comes with the Marketo Lead Management solution, which seems missing or incomplete.", "Die komt met de oplossing Marketo Lead Management, die lijkt te ontbreken of onvolledig te zijn."),
    ("Import the latest Marketo solution (Update, maintain customizations), publish all customizations, then run the checks again.", "Importeer de nieuwste Marketo-oplossing (Bijwerken, aanpassingen behouden), publiceer alle aanpassingen en voer de controles dan opnieuw uit."),
    ("Marketo Config has no Default record.", "Marketo Config heeft geen record Default."),
    ("Marketo reads its sync user from the record named Default in Settings › Marketo Config.", "Marketo leest zijn synchronisatiegebruiker uit het record Default in Instellingen › Marketo Config."),
    ("Re-import the Marketo solution or create the Default record in Settings › Marketo Config, then run the checks again.", "Importeer de Marketo-oplossing opnieuw of maak het record Default in Instellingen › Marketo Config, en voer de controles dan opnieuw uit."),
    ("The table name is not valid.", "De tabelnaam is ongeldig."),
    ("Table logical names are lowercase letters, digits and underscores (lead, contact, account, opportunity).", "Logische tabelnamen bestaan uit kleine letters, cijfers en onderstrepingstekens (lead, contact, account, opportunity)."),
    ("Pick the tables from the list.", "Kies de tabellen uit de lijst."),
    ("new_synctomkto on {} is not a Two Options column.", "new_synctomkto op {0} is geen kolom van het type Twee opties."),
    ("Marketo's sync filter only works with a Two Options (Yes/No) column named exactly new_synctomkto.", "Het synchronisatiefilter van Marketo werkt alleen met een kolom van het type Twee opties (Ja/Nee) die precies new_synctomkto heet."),
    ("Delete the existing new_synctomkto column on {} (after checking nothing uses it), then run this step again.", "Verwijder de bestaande kolom new_synctomkto op {0} (nadat u hebt gecontroleerd dat niets die gebruikt) en voer deze stap dan opnieuw uit."),
    ("Dataverse refused the column name new_synctomkto on {}.", "Dataverse weigerde de kolomnaam new_synctomkto op {0}."),
    ("Marketo requires the name new_synctomkto exactly, and Dataverse only accepts the new_ prefix from a solution publisher whose prefix is new.", "Marketo vereist precies de naam new_synctomkto, en Dataverse accepteert het voorvoegsel new_ alleen van een oplossingsuitgever met het voorvoegsel new."),
    ("In Power Apps › Solutions › Publishers, temporarily set the default publisher's prefix to new (Marketo's documented workaround), run this step again, then restore the prefix.", "Zet in Power Apps › Oplossingen › Uitgevers het voorvoegsel van de standaarduitgever tijdelijk op new (de gedocumenteerde oplossing van Marketo), voer deze stap opnieuw uit en herstel daarna het voorvoegsel."),
    ("Several app registrations have this name.", "Meerdere app-registraties hebben deze naam."),
    ("Display names are not unique in Entra ID, and more than one app matches.", "Weergavenamen zijn in Entra ID niet uniek, en meer dan één app komt overeen."),
    ("Pick the app Marketo uses in the plan, then apply again.", "Kies in het plan de app die Marketo gebruikt en pas opnieuw toe."),
    ("The secret lifetime is longer than your tenant allows.", "De geldigheidsduur van het geheim is langer dan uw tenant toestaat."),
    ("An app-management policy limits how long client secrets may live.", "Een app-beheerbeleid beperkt hoe lang clientgeheimen geldig mogen zijn."),
    ("Choose a shorter lifetime and apply again.", "Kies een kortere geldigheidsduur en pas opnieuw toe."),
    ("Your tenant does not allow client secrets.", "Uw tenant staat geen clientgeheimen toe."),
    ("An app-management policy forbids adding passwords to applications.", "Een app-beheerbeleid verbiedt het toevoegen van wachtwoorden aan toepassingen."),
    ("Ask your Entra administrator for an exception for the Marketo app.", "Vraag uw Entra-beheerder om een uitzondering voor de Marketo-app."),
    ("Creating the Home Realm Discovery policy needs one more permission.", "Voor het maken van het HRD-beleid (Home Realm Discovery) is nog één machtiging nodig."),
    ("The {} permission is asked for only when a federated domain needs it, and this sign-in does not include it (or your role cannot use it).", "De machtiging {0} wordt alleen gevraagd als een gefedereerd domein die nodig heeft, en deze aanmelding bevat haar niet (of uw rol kan haar niet gebruiken)."),
    ("Sign in again with the extra permission (the button below), as Global Administrator, Application Administrator or Cloud Application Administrator, then apply again.", "Meld u opnieuw aan met de extra machtiging (de knop hieronder), als Globale beheerder, Toepassingsbeheerder of Beheerder van cloudtoepassingen, en pas daarna opnieuw toe."),
    ("{} is missing.", "{0} ontbreekt."),
    ("the app registration", "de app-registratie"),
    ("the enterprise application", "de bedrijfstoepassing"),
    ("the Dynamics CRM service principal", "de service-principal van Dynamics CRM"),
    ("An earlier step did not complete.", "Een eerdere stap is niet voltooid."),
    ("Refresh the plan and apply again.", "Vernieuw het plan en pas opnieuw toe."),
    ("No environment is chosen.", "Er is geen omgeving gekozen."),
    ("Dataverse steps need an environment.", "Dataverse-stappen hebben een omgeving nodig."),
    ("Choose the environment in the plan.", "Kies de omgeving in het plan."),
    ("The application user is missing.", "De toepassingsgebruiker ontbreekt."),
    ("No sync user is picked.", "Er is geen synchronisatiegebruiker gekozen."),
    ("The client-app mode needs a licensed sync user.", "De client-appmodus heeft een synchronisatiegebruiker met licentie nodig."),
    ("Pick the sync user in the plan.", "Kies de synchronisatiegebruiker in het plan."),
    ("The Marketo app is missing.", "De Marketo-app ontbreekt."),
    ("Step 1 did not complete.", "Stap 1 is niet voltooid."),
    ("Apply again.", "Pas opnieuw toe."),
    ("That secret does not belong to the Marketo app.", "Dat geheim hoort niet bij de Marketo-app."),
    ("Only the app's own secrets can be removed here.", "Hier kunnen alleen de eigen geheimen van de app worden verwijderd."),
    ("Refresh and pick one of the listed secrets.", "Vernieuw en kies een van de vermelde geheimen."),
    ("There is no Marketo app registration.", "Er is geen app-registratie voor Marketo."),
    ("Nothing to rotate.", "Er is niets te vervangen."),
    ("Run the setup first.", "Voer eerst de inrichting uit."),
    // What a step that ran reports.
    // What teardown would remove.
    ("Dataverse application user {}", "Dataverse-toepassingsgebruiker {0}"),
    ("It is disabled, then deleted; Marketo's sync stops.", "Die wordt uitgeschakeld en daarna verwijderd; de synchronisatie van Marketo stopt."),
    ("Home Realm Discovery policy \"{}\"", "HRD-beleid (Home Realm Discovery) \"{0}\""),
    ("Created by this tool; unassigned and deleted.", "Gemaakt door deze tool; wordt losgekoppeld en verwijderd."),
    ("App registration \"{}\" with its enterprise application, consent and secrets", "App-registratie \"{0}\" met de bijbehorende bedrijfstoepassing, toestemming en geheimen"),
    ("Entra ID keeps deleted app registrations restorable for 30 days (Deleted applications).", "Entra ID houdt verwijderde app-registraties 30 dagen herstelbaar (Verwijderde toepassingen)."),
];

/// The way in's sentences (sign-in failures, config.json problems), a table of their own: the
/// landing module translates with this one alone ([`way_in_text`]), which keeps the engine's
/// sentences out of the first load.
const WAY_IN: &[(&str, &str)] = &[
    // Sign-in failures (Entra ID's answers and the tool's own checks of them).
    ("The sign-in service could not be reached.", "De aanmeldservice is niet bereikbaar."),
    ("The authority {} did not return its OpenID configuration.", "De autoriteit {0} gaf haar OpenID-configuratie niet terug."),
    ("Check your network connection and the authority in config.json, then try again.", "Controleer uw netwerkverbinding en de authority in config.json, en probeer het opnieuw."),
    ("A request got no answer.", "Een aanvraag kreeg geen antwoord."),
    ("Check your connection and try again.", "Controleer uw verbinding en probeer het opnieuw."),  // also the engine's, for its failed reads
    ("The browser could not reach {}: the network is down, or a proxy or firewall blocks it.", "De browser kon {0} niet bereiken: het netwerk is uitgevallen, of een proxy of firewall blokkeert het adres."),
    ("The sign-in answer was rejected.", "Het antwoord op de aanmelding is geweigerd."),
    ("The sign-in took too long and was not accepted.", "De aanmelding duurde te lang en is niet geaccepteerd."),
    ("A sign-in started on this page is accepted for ten minutes; this one was started longer ago.", "Een aanmelding die op deze pagina is gestart, wordt tien minuten geaccepteerd; deze is langer geleden gestart."),
    ("Sign in again from this page.", "Meld u opnieuw aan vanaf deze pagina."),
    ("It does not match the sign-in this tab started (its state differs), so it may be forged or stale.", "Het hoort niet bij de aanmelding die dit tabblad is begonnen (de state verschilt), dus het kan vervalst of verouderd zijn."),
    ("Start the sign-in again from this page.", "Begin de aanmelding opnieuw vanaf deze pagina."),
    ("This tab did not start a sign-in, or it was already completed (sign-in answers are single-use).", "Dit tabblad is geen aanmelding begonnen, of die is al voltooid (een antwoord op een aanmelding is maar één keer bruikbaar)."),
    ("The sign-in service gave an unreadable answer.", "De aanmeldservice gaf een onleesbaar antwoord."),
    ("The token endpoint's response was neither tokens nor an Entra error; a proxy may have intercepted it.", "Het antwoord van het tokeneindpunt bevatte geen tokens en geen Entra-fout; misschien heeft een proxy het onderschept."),
    ("Try again; if it persists, check for a proxy between you and Entra ID.", "Probeer het opnieuw; blijft het probleem, zoek dan naar een proxy tussen u en Entra ID."),
    ("The identity returned by Entra ID was refused.", "De identiteit die Entra ID teruggaf, is geweigerd."),
    ("Its id_token failed a safety check: {}.", "Het id_token ervan doorstond een veiligheidscontrole niet: {0}."),
    ("Sign in again; if it persists, check clientId and authority in config.json.", "Meld u opnieuw aan; blijft het probleem, controleer dan clientId en authority in config.json."),
    ("The sign-in did not return everything needed.", "De aanmelding gaf niet alles terug wat nodig is."),
    ("Entra ID returned no {}.", "Entra ID gaf geen {0} terug."),
    ("Sign in again and accept all requested permissions.", "Meld u opnieuw aan en accepteer alle gevraagde machtigingen."),
    ("Sign-in was cancelled.", "De aanmelding is geannuleerd."),
    ("The sign-in page was closed with Cancel, or the permissions the tool asks for were declined.", "De aanmeldpagina is met Annuleren gesloten, of de machtigingen die de tool vraagt, zijn geweigerd."),
    ("Sign in again and accept the requested permissions; they are needed to read and configure your tenant.", "Meld u opnieuw aan en accepteer de gevraagde machtigingen; die zijn nodig om uw tenant te lezen en in te richten."),
    ("The sign-in address of this page is not registered.", "Het aanmeldadres van deze pagina is niet geregistreerd."),
    ("Entra ID only returns to redirect URIs registered on the tool's app registration, character for character.", "Entra ID keert alleen terug naar omleidings-URI's die, teken voor teken, bij de app-registratie van de tool staan."),
    ("Add this page's exact URL as a redirect URI of type Single-page application on the tool's app registration.", "Voeg de exacte URL van deze pagina toe als omleidings-URI van het type Toepassing met één pagina bij de app-registratie van de tool."),
    ("The app registration is single-tenant but the sign-in used a shared endpoint.", "De app-registratie is single-tenant, maar de aanmelding gebruikte een gedeeld eindpunt."),
    ("Single-tenant applications must sign in through their own tenant's authority.", "Single-tenant toepassingen moeten aanmelden via de autoriteit van hun eigen tenant."),
    ("Set authority in config.json to https://login.microsoftonline.com/<your tenant ID>.", "Zet authority in config.json op https://login.microsoftonline.com/<uw tenant-id>."),
    ("Consent is missing for the permissions this tool needs.", "Er is geen toestemming voor de machtigingen die deze tool nodig heeft."),
    ("Nobody has consented to the tool's delegated permissions in this tenant yet.", "Nog niemand heeft in deze tenant toestemming gegeven voor de gedelegeerde machtigingen van de tool."),
    ("Sign in again as an administrator and grant consent for your organisation.", "Meld u opnieuw aan als beheerder en verleen toestemming namens uw organisatie."),
    ("An administrator must approve this tool first.", "Een beheerder moet deze tool eerst goedkeuren."),
    ("The tool asks for permissions that only an administrator can grant for the organisation.", "De tool vraagt machtigingen die alleen een beheerder namens de organisatie kan verlenen."),
    ("Sign in with a Global Administrator, Privileged Role Administrator or Cloud Application Administrator account.", "Meld u aan met een account met de rol Globale beheerder, Beheerder met bevoorrechte rol of Beheerder van cloudtoepassingen."),
    ("The tool's app registration lacks a permission it asks for.", "De app-registratie van de tool mist een machtiging die de tool vraagt."),
    ("Each permission requested at sign-in must be listed under the app registration's API permissions.", "Elke machtiging die bij het aanmelden wordt gevraagd, moet bij de API-machtigingen van de app-registratie staan."),
    ("Add the delegated permissions listed in the README to the tool's app registration, then sign in again.", "Voeg de gedelegeerde machtigingen uit de README toe aan de app-registratie van de tool en meld u opnieuw aan."),
    ("The tool's app registration was not found in this tenant.", "De app-registratie van de tool is niet gevonden in deze tenant."),
    ("The clientId in config.json does not exist in the tenant you signed in to.", "De clientId in config.json bestaat niet in de tenant waarbij u zich hebt aangemeld."),
    ("Check clientId and authority in config.json against the app registration's Overview page.", "Vergelijk clientId en authority in config.json met de pagina Overzicht van de app-registratie."),
    ("The tool's redirect URI is registered as the wrong platform.", "De omleidings-URI van de tool is onder het verkeerde platform geregistreerd."),
    ("Browsers can only redeem sign-in codes for redirect URIs of type Single-page application; this one is registered as Web.", "Browsers kunnen aanmeldcodes alleen inwisselen voor omleidings-URI's van het type Toepassing met één pagina; deze is geregistreerd als Web."),
    ("In the app registration's Authentication page, move this URL from Web to Single-page application.", "Verplaats deze URL op de pagina Verificatie van de app-registratie van Web naar Toepassing met één pagina."),
    ("The sign-in code was redeemed outside a browser.", "De aanmeldcode is buiten een browser ingewisseld."),
    ("Codes issued to single-page applications may only be redeemed by cross-origin browser requests.", "Codes voor toepassingen met één pagina mogen alleen worden ingewisseld met cross-origin-aanvragen van een browser."),
    ("Open the tool in a browser; if this persists, report it.", "Open de tool in een browser; blijft dit gebeuren, meld het dan."),
    ("The tool sent a client secret it must not have.", "De tool stuurde een clientgeheim dat ze niet mag hebben."),
    ("The tool is a public client; Entra refuses secrets from it.", "De tool is een openbare client; Entra weigert geheimen van zo'n client."),
    ("Remove any secret from the tool's configuration and report this as a bug.", "Verwijder elk geheim uit de configuratie van de tool en meld dit als fout."),
    ("Your sign-in session has ended.", "Uw aanmeldsessie is beëindigd."),
    ("Browser sessions get refresh tokens that live 24 hours and are not extended.", "Browsersessies krijgen vernieuwingstokens die 24 uur geldig zijn en niet worden verlengd."),
    ("Sign in again; nothing already done in your tenant is lost.", "Meld u opnieuw aan; wat al in uw tenant is gedaan, gaat niet verloren."),
    ("The sign-in code was already used or has expired.", "De aanmeldcode is al gebruikt of verlopen."),
    ("Codes are single-use and live ten minutes; a reload or a second tab may have used it.", "Codes zijn eenmalig en tien minuten geldig; misschien heeft een herlaadactie of een tweede tabblad de code gebruikt."),
    ("Sign in again.", "Meld u opnieuw aan."),
    ("Entra ID refused the tool's sign-in request.", "Entra ID heeft de aanmeldaanvraag van de tool geweigerd."),
    ("The request lacked a field Entra ID requires, or asked for a response the app registration does not allow; this is a fault in the tool, not in your tenant.", "De aanvraag miste een veld dat Entra ID vereist, of vroeg om een antwoord dat de app-registratie niet toestaat; dit is een fout in de tool, niet in uw tenant."),
    ("Report this as a bug in the tool, with the details below.", "Meld dit als fout in de tool, met de details hieronder."),
    ("A token was requested for more than one service at once.", "Er is een token voor meer dan één service tegelijk aangevraagd."),
    ("Each access token is issued for a single resource.", "Elk toegangstoken wordt voor één resource uitgegeven."),
    ("Report this as a bug in the tool.", "Meld dit als fout in de tool."),
    ("A Microsoft service this tool needs is not provisioned in your tenant.", "Een Microsoft-service die deze tool nodig heeft, is niet ingericht in uw tenant."),
    ("Dynamics 365 (Dataverse) has no service principal in this tenant.", "Dynamics 365 (Dataverse) heeft geen service-principal in deze tenant."),
    ("Make sure the tenant has a Dynamics 365 or Power Platform environment, then sign in again.", "Zorg dat de tenant een Dynamics 365- of Power Platform-omgeving heeft en meld u opnieuw aan."),
    ("Multi-factor authentication is required.", "Meervoudige verificatie is vereist."),
    ("Your organisation requires a second factor for this sign-in.", "Uw organisatie eist voor deze aanmelding een tweede factor."),
    ("Sign in again and complete the multi-factor prompt.", "Meld u opnieuw aan en voltooi de meervoudige verificatie."),
    ("Sign-in was blocked by a Conditional Access policy.", "De aanmelding is geblokkeerd door beleid voor voorwaardelijke toegang."),
    ("A Conditional Access or security-defaults policy does not allow this sign-in from here.", "Beleid voor voorwaardelijke toegang of de standaardinstellingen voor beveiliging staan deze aanmelding van hieruit niet toe."),
    ("Ask your identity administrator which policy applies, or sign in from a compliant device.", "Vraag uw identiteitsbeheerder welk beleid geldt, of meld u aan vanaf een conform apparaat."),
    ("The user name or password is wrong.", "De gebruikersnaam of het wachtwoord is onjuist."),
    ("Entra ID did not accept the credentials.", "Entra ID heeft de aanmeldgegevens niet geaccepteerd."),
    ("Check the credentials and try again.", "Controleer de aanmeldgegevens en probeer het opnieuw."),
    ("Sign-in was cancelled or refused.", "De aanmelding is geannuleerd of geweigerd."),
    ("The sign-in did not complete, so the tool has no access to your tenant.", "De aanmelding is niet voltooid, dus de tool heeft geen toegang tot uw tenant."),
    ("Entra ID is temporarily unavailable.", "Entra ID is tijdelijk niet beschikbaar."),
    ("The sign-in service reported a transient error.", "De aanmeldservice meldde een tijdelijke fout."),
    ("Wait a minute and sign in again.", "Wacht een minuut en meld u opnieuw aan."),
    ("Entra ID needs you to sign in interactively.", "Entra ID vraagt u interactief aan te melden."),
    ("A silent token request cannot continue without you.", "Een stille tokenaanvraag kan niet verder zonder u."),
    ("Your sign-in is no longer valid.", "Uw aanmelding is niet meer geldig."),
    ("The code or refresh token was refused.", "De code of het vernieuwingstoken is geweigerd."),
    ("Entra ID refused the sign-in.", "Entra ID heeft de aanmelding geweigerd."),
    ("Entra ID returned an error this tool does not recognise.", "Entra ID gaf een fout die deze tool niet kent."),
    ("Sign in again; if it persists, give the details below to your identity administrator.", "Meld u opnieuw aan; blijft het probleem, geef de details hieronder dan aan uw identiteitsbeheerder."),
    ("The previous sign-in was not finished.", "De vorige aanmelding is niet afgemaakt."),
    ("The sign-in page was left before it sent you back here.", "De aanmeldpagina is verlaten voordat die u hierheen terugstuurde."),
    ("Sign in again when you are ready.", "Meld u opnieuw aan zodra u zover bent."),
    // config.json problems (read by whoever hosts the page).
    ("This page's configuration (config.json) cannot be used.", "De configuratie van deze pagina (config.json) is onbruikbaar."),
    ("The file config.json next to index.html could not be downloaded.", "Het bestand config.json naast index.html kon niet worden gedownload."),
    ("Place config.json beside index.html on the web server (see the README), then reload.", "Zet config.json naast index.html op de webserver (zie de README) en laad de pagina opnieuw."),
    ("config.json is not valid JSON with the expected fields.", "config.json is geen geldige JSON met de verwachte velden."),
    ("Allowed fields: clientId, authority, redirectUri, cloud, graphBaseUrl, globalDiscoveryUrl, and the comments // and // <field>. Fix the file and reload.", "Toegestane velden: clientId, authority, redirectUri, cloud, graphBaseUrl, globalDiscoveryUrl, en het commentaar // en // <veld>. Corrigeer het bestand en laad de pagina opnieuw."),
    ("The tool needs its own app registration in your tenant, and config.json must name its Application (client) ID.", "De tool heeft een eigen app-registratie in uw tenant nodig, en config.json moet de Toepassings-id (client) daarvan noemen."),
    ("Register a single-page application in Entra ID (see the README), copy its Application (client) ID into clientId, and reload.", "Registreer een toepassing met één pagina in Entra ID (zie de README), kopieer de Toepassings-id (client) naar clientId en laad de pagina opnieuw."),
    ("The {} field must be an absolute https:// URL.", "Het veld {0} moet een absolute https://-URL zijn."),
    ("Correct {} in config.json, or remove it to use the cloud's default.", "Corrigeer {0} in config.json, of verwijder het veld om de standaardwaarde van de cloud te gebruiken."),
    ("The cloud field picks the Microsoft cloud's hosts.", "Het veld cloud kiest de hosts van de Microsoft-cloud."),
    ("Use one of public, usgov, usgovhigh, usgovdod, china — or remove the field for the public cloud.", "Gebruik public, usgov, usgovhigh, usgovdod of china — of verwijder het veld voor de openbare cloud."),
    ("The authority must be the sign-in host followed by one tenant: its ID, a verified domain, or organizations.", "De authority moet de aanmeldhost zijn, gevolgd door één tenant: de id, een geverifieerd domein of organizations."),
    ("Write it as https://login.microsoftonline.com/<your tenant ID>.", "Schrijf die als https://login.microsoftonline.com/<uw tenant-id>."),
    ("The common and consumers endpoints admit personal Microsoft accounts, which cannot administer a tenant; a single-tenant app used there fails with AADSTS50194.", "De eindpunten common en consumers laten persoonlijke Microsoft-accounts toe, die geen tenant kunnen beheren; een single-tenant app faalt daar met AADSTS50194."),
    ("Use https://login.microsoftonline.com/<your tenant ID> (or /organizations for a multi-tenant registration).", "Gebruik https://login.microsoftonline.com/<uw tenant-id> (of /organizations voor een multitenant registratie)."),
];

/// Matches any "<step>: <what>" pair, so it is tried after every other template.
const CATCH_ALL: &[(&str, &str)] = &[
    // A failure during a named step ("<step>: <what>"); last, as it matches any such pair.
    ("{}: {}", "{0}: {1}"),
];

/// Every table, in the order they are tried.
const TABLES: [&[(&str, &str)]; 3] = [TEMPLATES, WAY_IN, CATCH_ALL];

/// `english` in `lang`: the Dutch template it matches with its values filled in, else as it is.
/// Each value is itself translated: a step title gets its Dutch title, a sentence that matches a
/// template its Dutch sentence, an ISO 8601 moment a Dutch date.
pub fn plan_text(lang: Lang, english: &str) -> Cow<'_, str> {
    translate(lang, english, &TABLES, &|value| {
        if let Some(step) = StepId::ALL.iter().find(|step| step.title() == value) {
            return step.title_in(lang).to_owned();
        }
        if let Some(moment) = parse_iso8601(value) {
            return super::date(lang, moment);
        }
        plan_text(lang, value).into_owned()
    })
}

/// [`plan_text`] for the way in's sentences only (sign-in and config.json): what the landing
/// module shows. Their values are hosts, field names and codes, never steps or dates.
pub fn way_in_text(lang: Lang, english: &str) -> Cow<'_, str> {
    translate(lang, english, &[WAY_IN], &|value| {
        way_in_text(lang, value).into_owned()
    })
}

/// `english` through the first template of `tables` it matches, each value through `value`.
fn translate<'e>(
    lang: Lang,
    english: &'e str,
    tables: &[&[(&str, &str)]],
    value: &dyn Fn(&str) -> String,
) -> Cow<'e, str> {
    for (template, dutch) in tables.iter().copied().flatten() {
        if let Some(values) = matches(template, english) {
            let out = match lang {
                Lang::Nl => {
                    let mut out = (*dutch).to_owned();
                    for (i, v) in values.iter().enumerate() {
                        out = out.replace(&format!("{{{i}}}"), &value(v));
                    }
                    out
                }
                // English keeps its sentence; its values are still written the page's way (an
                // ISO 8601 moment as a date: one date format everywhere — issue 15).
                Lang::En => {
                    let mut out = String::with_capacity(english.len());
                    let mut pieces = template.split("{}");
                    out.push_str(pieces.next().unwrap_or_default());
                    for (piece, v) in pieces.zip(values.iter()) {
                        out.push_str(&value(v));
                        out.push_str(piece);
                    }
                    out
                }
            };
            return Cow::Owned(out);
        }
    }
    Cow::Borrowed(english)
}

/// The values `text` fills into `template`'s `{}` slots, if it is an instance of it.
fn matches<'t>(template: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut parts = template.split("{}");
    let first = parts.next()?;
    let mut rest = text.strip_prefix(first)?;
    let mut values = Vec::new();
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        let at = if i + 1 == parts.len() {
            // The last literal ends the text.
            rest.strip_suffix(part).map(str::len)?
        } else if part.is_empty() {
            return None;
        } else {
            rest.find(part)?
        };
        values.push(&rest[..at]);
        rest = &rest[at + part.len()..];
    }
    rest.is_empty().then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::tests::{complete, config, fresh, NOW};
    use crate::engine::plan::{plan, Answers, ConnectionMode, Status};
    use crate::facts::{Domain, Observed};

    #[test]
    fn a_moment_is_written_as_a_date_in_english_too() {
        // A value that is a moment (ISO 8601) is written as a date in the page's language.
        let english = "Waiting for: 2027-06-04T09:34:26Z.";
        assert_eq!(plan_text(Lang::En, english), "Waiting for: 4 June 2027.");
        assert!(plan_text(Lang::Nl, english).contains("4 juni 2027"));
        // A sentence without a moment stays as it is.
        assert_eq!(
            plan_text(Lang::En, "Graph answered HTTP 503."),
            "Graph answered HTTP 503."
        );
    }

    #[test]
    fn values_are_carried_over() {
        assert_eq!(
            plan_text(Lang::Nl, "Graph answered HTTP 503."),
            "Graph antwoordde met HTTP 503."
        );
        assert_eq!(
            plan_text(
                Lang::Nl,
                "You are not a System Administrator in Contoso {x}."
            ),
            "U bent geen systeembeheerder in Contoso {x}."
        );
        assert_eq!(
            plan_text(Lang::Nl, "Something new."),
            "Something new.",
            "unknown text stays English"
        );
        assert_eq!(matches("Waiting for: {}.", "Waiting for: x"), None);
    }

    #[test]
    fn the_way_in_translates_its_own_sentences_without_the_engine_table() {
        use crate::auth::AuthError;
        use crate::config::ConfigError;
        use crate::http::TransportError;
        // Every explanation the landing module can show: leaving for Entra (discovery), a
        // refused answer, the abandoned sign-in, and every config.json problem.
        let sentences = [
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
        for e in sentences {
            for english in [e.what.wire(), e.why.wire(), e.fix.wire()] {
                let english = english.as_str();
                let dutch = way_in_text(Lang::Nl, english);
                assert_ne!(&dutch, english, "no Dutch for {english}");
                assert_eq!(dutch, plan_text(Lang::Nl, english));
            }
        }
        // An engine sentence is not in the way in's table.
        let engine = "Graph answered HTTP 503.";
        assert_eq!(way_in_text(Lang::Nl, engine), engine);
        assert_ne!(plan_text(Lang::Nl, engine), engine);
    }

    #[test]
    fn every_template_has_real_dutch_with_the_same_values() {
        for (english, dutch) in TABLES.iter().copied().flatten() {
            let values = english.matches("{}").count();
            assert!(!dutch.trim().is_empty(), "{english}");
            // Only a pair made of values alone ("{}: {}") reads the same in Dutch.
            if english.replace("{}", "").chars().any(char::is_alphabetic) {
                assert_ne!(english, dutch, "no Dutch for {english}");
            }
            for i in 0..values {
                assert!(dutch.contains(&format!("{{{i}}}")), "{dutch} lacks {{{i}}}");
            }
            assert!(
                !dutch.contains(&format!("{{{values}}}")),
                "{dutch} has an extra value"
            );
            assert!(!dutch.contains("{}"), "{dutch}");
        }
        // No English sentence is listed twice (the first would shadow the second).
        let all: Vec<_> = TABLES.iter().copied().flatten().collect();
        for (i, (english, _)) in all.iter().enumerate() {
            assert!(
                all[..i].iter().all(|(earlier, _)| earlier != english),
                "{english} is listed twice"
            );
        }
    }

    /// Every sentence the plan writes, over tenants in every state the plan tests build.
    fn sentences() -> Vec<String> {
        let mut federated = fresh();
        if let Observed::Known(t) = &mut federated.tenant {
            t.domains.push(Domain {
                name: "contoso.com".into(),
                federated: true,
                is_default: false,
            });
        }
        let env = Some("https://contoso.crm.dynamics.com".to_owned());
        let s2s = Answers {
            environment_url: env.clone(),
            app_user_email: "m@contoso.com".into(),
            ..Answers::default()
        };
        let client_app = Answers {
            mode: ConnectionMode::ClientApp,
            ..s2s.clone()
        };
        let no_environment = Answers::default();
        let with_filter = Answers {
            sync_filter_tables: vec!["lead".into()],
            ..s2s.clone()
        };
        let mut no_filter_home = complete();
        if let Some(Observed::Known(dv)) = &mut no_filter_home.dataverse {
            dv.sync_filter_home = Some(crate::facts::SyncFilterHome::Nowhere);
        }
        let mut out = Vec::new();
        for facts in [fresh(), complete(), federated, no_filter_home] {
            for answers in [&s2s, &client_app, &no_environment, &with_filter] {
                for step in plan(&config(), answers, &facts, NOW).steps {
                    // The other statuses are catalog keys (`core_texts`), Dutch by construction.
                    if let Status::Blocked(e) = step.status {
                        out.extend([e.what.wire(), e.why.wire(), e.fix.wire()]);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_sentence_the_plan_writes_has_a_dutch_template() {
        // Sentences made only of names, ids and URLs need none.
        let untranslated: Vec<String> = sentences()
            .into_iter()
            .filter(|s| plan_text(Lang::Nl, s) == s.as_str())
            .filter(|s| !s.contains(" — ") && !s.ends_with(')'))
            .collect();
        assert!(untranslated.is_empty(), "{untranslated:#?}");
    }

    /// Every explanation the Graph, Global Discovery and Dataverse errors give, and what
    /// teardown lists.
    fn engine_sentences() -> Vec<String> {
        use crate::dataverse::{Blocker, DataverseError};
        use crate::discovery_service::{no_environments, DiscoveryError};
        use crate::graph::GraphError;
        use crate::http::TransportError;
        let transport = || TransportError {
            host: "graph.microsoft.com".into(),
            detail: "reset".into(),
        };
        let graph = |status: u16| GraphError::Service {
            status,
            code: "Code".into(),
            message: "message".into(),
            request_id: None,
            details: vec![],
        };
        let discovery = |status: u16| DiscoveryError::Service {
            status,
            code: "Code".into(),
            message: "message".into(),
        };
        let dataverse = |status: u16, code: &str, message: &str| DataverseError::Service {
            status,
            code: code.into(),
            message: message.into(),
        };
        let mut explanations = vec![no_environments()];
        for status in [401, 403, 500] {
            explanations.push(graph(status).explain());
            explanations.push(discovery(status).explain());
        }
        explanations.extend([
            GraphError::Transport(transport()).explain(),
            GraphError::Unexpected {
                status: 200,
                excerpt: "<html>".into(),
            }
            .explain(),
            DiscoveryError::Transport(transport()).explain(),
            DiscoveryError::Unexpected {
                status: 200,
                excerpt: "<html>".into(),
            }
            .explain(),
            DataverseError::Transport(transport()).explain(),
            DataverseError::Unexpected {
                status: 401,
                excerpt: String::new(),
            }
            .explain(),
            DataverseError::Unexpected {
                status: 200,
                excerpt: "<html>".into(),
            }
            .explain(),
            DataverseError::ReplicationTimeout {
                waited_millis: 300_000,
                last: Box::new(dataverse(400, "", "not found")),
            }
            .explain(),
            DataverseError::PublishUnconfirmed {
                waited_millis: 900_000,
                detail: "HTTP 504".into(),
            }
            .explain(),
            dataverse(
                400,
                "0x0",
                "Could not find a property named 'x' on type 'Microsoft.Dynamics.CRM.systemuser'.",
            )
            .explain(),
            graph(400).explain(),
            discovery(400).explain(),
            dataverse(401, "", "").explain(),
            dataverse(429, "", "").explain(),
            dataverse(404, "", "").explain(),
            dataverse(412, "", "").explain(),
            dataverse(503, "", "").explain(),
            dataverse(400, "", "bad").explain(),
            dataverse(403, "", "").explain_during(StepId::Publish.title()),
        ]);
        for privilege in [
            "prvWriteSdkMessageProcessingStep",
            "prvCreateAttribute",
            "prvPublishAll",
            "prvAssignRole",
            "prvCreateUser",
            "prvOther",
        ] {
            explanations
                .push(dataverse(403, "", &format!("missing {privilege} privilege")).explain());
        }
        for blocker in [
            Blocker::BadApiUrl("x".into()),
            Blocker::NoRootBusinessUnit,
            Blocker::NoRoleCopy {
                business_unit_id: "b".into(),
            },
            Blocker::NoMarketoConfig,
            Blocker::NoDefaultRecord,
            Blocker::BadTableName("X".into()),
            Blocker::ColumnNotBoolean {
                table: "lead".into(),
                attribute_type: "String".into(),
            },
            Blocker::PrefixRule {
                table: "lead".into(),
                message: "prefix".into(),
            },
        ] {
            explanations.push(DataverseError::Blocked(blocker).explain());
        }
        // Every sign-in failure the tool explains, and every config.json problem.
        let codes = [
            65004, 50011, 50194, 65001, 90094, 650056, 700016, 9002326, 9002327, 700025, 700084,
            54005, 700054, 700022, 500011, 50076, 53003, 50126,
        ];
        for code in codes {
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
            "other",
        ] {
            explanations.push(crate::auth::aadsts::explain(error, None, ""));
        }
        use crate::auth::flow::AuthError;
        for error in [
            AuthError::Discovery {
                authority: "https://login.microsoftonline.com/x".into(),
                detail: String::new(),
            },
            AuthError::Transport(transport()),
            AuthError::StateMismatch,
            AuthError::NoPendingSignIn,
            AuthError::SignInTooOld,
            AuthError::TokenUnreadable {
                status: 200,
                excerpt: String::new(),
            },
            AuthError::Missing("refresh token"),
            AuthError::SessionExpired,
        ] {
            explanations.push(error.explain());
        }
        use crate::config::ConfigError;
        for problem in [
            ConfigError::Unreachable(String::new()),
            ConfigError::NotJson(String::new()),
            ConfigError::MissingClientId,
            ConfigError::BadUrl {
                field: "authority",
                value: String::new(),
                reason: String::new(),
            },
            ConfigError::UnknownCloud(String::new()),
            ConfigError::AuthorityWithoutTenant(String::new()),
            ConfigError::AuthorityNotOrganizational(String::new()),
        ] {
            explanations.push(problem.explain());
        }
        let mut sentences: Vec<String> = explanations
            .into_iter()
            .flat_map(|e| [e.what.wire(), e.why.wire(), e.fix.wire()])
            .collect();
        // What teardown lists, over a tenant where everything exists, this tool's HRD policy too.
        let mut everything = complete();
        if let Observed::Known(directory) = &mut everything.directory {
            directory.hrd_policies.push(crate::facts::HrdPolicy {
                id: "policy".into(),
                display_name: crate::engine::plan::HRD_POLICY_NAME.into(),
                allows_cloud_password_validation: true,
            });
        }
        let items = crate::engine::maintenance::teardown_items(&everything, &[]);
        assert_eq!(items.len(), 3);
        assert!(!items.is_empty());
        for item in items {
            sentences.extend([item.what].into_iter().chain(item.note));
        }
        sentences
    }

    #[test]
    fn every_engine_explanation_has_a_dutch_template() {
        let untranslated: Vec<String> = engine_sentences()
            .into_iter()
            .filter(|s| plan_text(Lang::Nl, s) == s.as_str())
            .collect();
        assert!(untranslated.is_empty(), "{untranslated:#?}");
        // A named step's failure: the step's Dutch title, then the Dutch sentence.
        assert_eq!(
            plan_text(
                Lang::Nl,
                "Publish all customizations: Dataverse refused the request."
            ),
            "Alle aanpassingen publiceren: Dataverse heeft de aanvraag geweigerd."
        );
        // Moments are Dutch dates.
        assert_eq!(
            plan_text(Lang::Nl, "Waiting for: 2027-05-31T00:00:00Z."),
            "Wacht op: 31 mei 2027."
        );
    }
}
