//! Dutch for the plan's own sentences: the step statuses and the explanations of blocked steps.
//!
//! The engine writes these in English, with names and numbers filled in. Rather than teach the
//! engine a second language, each sentence is listed here once as its English template (`{}` for a
//! value, in order) beside its Dutch one (`{0}`, `{1}`… may reorder the values). A text that
//! matches no template is shown in English, so a reworded engine sentence degrades gracefully — and
//! a test plans every kind of tenant and fails if any sentence lacks a Dutch template. The English
//! templates repeat text the engine already contains, which costs next to nothing after brotli.

use std::borrow::Cow;

use super::Lang;
use crate::engine::plan::StepId;

/// (English template, Dutch template).
const TEMPLATES: &[(&str, &str)] = &[
    // Statuses.
    ("{} app registrations are named \"{}\": pick the one Marketo uses.", "{0} app-registraties heten \"{1}\": kies de registratie die Marketo gebruikt."),
    ("Make \"{}\" single-tenant and add the Dynamics CRM user_impersonation permission.", "\"{0}\" single-tenant maken en de machtiging user_impersonation van Dynamics CRM toevoegen."),
    ("Create the single-tenant app registration \"{}\".", "De single-tenant app-registratie \"{0}\" maken."),
    ("Enterprise application {}", "Bedrijfstoepassing {0}"),
    ("Create the enterprise application (service principal) and wait until it has replicated.", "De bedrijfstoepassing (service-principal) maken en wachten tot die is gerepliceerd."),
    ("Tenant-wide consent for user_impersonation", "Toestemming voor de hele tenant voor user_impersonation"),
    ("Add user_impersonation to the existing tenant-wide grant.", "user_impersonation toevoegen aan de bestaande toestemming voor de hele tenant."),
    ("Grant tenant-wide admin consent for Dynamics CRM user_impersonation.", "Beheerderstoestemming voor de hele tenant verlenen voor user_impersonation van Dynamics CRM."),
    ("A secret exists (starts with {}…, expires {}). If you no longer have its value, ask for a new one.", "Er is een geheim (begint met {0}…, verloopt {1}). Hebt u de waarde niet meer, vraag dan een nieuw geheim aan."),
    ("Create a client secret valid for {} days; it is shown to you once.", "Een clientgeheim maken dat {0} dagen geldig is; u ziet het één keer."),
    ("No federated domain: cloud password validation is already used.", "Geen gefedereerd domein: wachtwoorden worden al in de cloud gevalideerd."),
    ("Server-to-server sign-in does not use passwords; {} is federated, so enable this if you switch to the client-app mode.", "Server-naar-server aanmelden gebruikt geen wachtwoorden; {0} is gefedereerd, dus schakel dit in als u overstapt op de client-appmodus."),
    ("Policy \"{}\" allows cloud password validation", "Beleid \"{0}\" staat wachtwoordvalidatie in de cloud toe"),
    ("Create and assign an HRD policy allowing cloud password validation ({} is federated). Password hash sync must be on for those users.", "Een HRD-beleid maken en toewijzen dat wachtwoordvalidatie in de cloud toestaat ({0} is gefedereerd). Synchronisatie van wachtwoord-hashes moet voor die gebruikers aan staan."),
    ("Choose the environment Marketo will sync with. Its URL can never be changed in Marketo afterwards.", "Kies de omgeving waarmee Marketo synchroniseert. De URL kunt u in Marketo achteraf nooit meer wijzigen."),
    ("The client-app mode uses a licensed sync user instead of an application user.", "De client-appmodus gebruikt een synchronisatiegebruiker met licentie in plaats van een toepassingsgebruiker."),
    ("Enter the e-mail address Marketo will use as the username.", "Vul het e-mailadres in dat Marketo als gebruikersnaam gebruikt."),
    ("Create the application user {} in the root business unit (non-interactive).", "De toepassingsgebruiker {0} maken in de hoofdbedrijfseenheid (niet-interactief)."),
    ("The sync user holds the Marketo Sync User role.", "De synchronisatiegebruiker heeft de rol Marketo Sync User."),
    ("Pick the licensed Dynamics user Marketo signs in as.", "Kies de Dynamics-gebruiker met licentie als wie Marketo zich aanmeldt."),
    ("Assign the Marketo Sync User role to the sync user.", "De rol Marketo Sync User toewijzen aan de synchronisatiegebruiker."),
    ("Solution {} predates {}: every user may hold the role. Update the solution (choose Update and maintain customizations, never Upgrade).", "Oplossing {0} is ouder dan {1}: iedere gebruiker mag de rol hebben. Werk de oplossing bij (kies Bijwerken met behoud van aanpassingen, nooit Upgraden)."),
    ("Only the sync user holds the role.", "Alleen de synchronisatiegebruiker heeft de rol."),
    ("Remove the Marketo Sync User role from {}.", "De rol Marketo Sync User afnemen van {0}."),
    ("{} also hold the Marketo Sync User role; Marketo wants it only on the sync user. Allow removing it?", "{0} hebben ook de rol Marketo Sync User; Marketo wil die alleen bij de synchronisatiegebruiker. Mag de rol worden afgenomen?"),
    ("Marketo User is the sync user.", "Marketo User is de synchronisatiegebruiker."),
    ("Set Marketo User on the Default record to the sync user.", "Marketo User op het record Default instellen op de synchronisatiegebruiker."),
    ("All {} plug-in steps are enabled.", "Alle {0} invoegtoepassingsstappen zijn ingeschakeld."),
    ("Enable {} disabled step(s): {}.", "{0} uitgeschakelde stap(pen) inschakelen: {1}."),
    ("{} plug-in step(s) are disabled: {}. Allow enabling them?", "{0} invoegtoepassingsstap(pen) uitgeschakeld: {1}. Mogen ze worden ingeschakeld?"),
    ("No sync filter requested (optional).", "Geen synchronisatiefilter gevraagd (optioneel)."),
    ("The sync filter column exists on every requested table.", "De filterkolom bestaat op elke gevraagde tabel."),
    ("Add the Two Options column new_synctomkto (default No) to {}.", "De kolom new_synctomkto (Twee opties, standaard Nee) toevoegen aan {0}."),
    ("Publish all customizations so Marketo sees the changes.", "Alle aanpassingen publiceren, zodat Marketo de wijzigingen ziet."),
    ("Nothing is waiting to be published.", "Er wacht niets op publicatie."),
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
];

/// `english` in `lang`: the Dutch template it matches with its values filled in, else as it is.
pub fn plan_text(lang: Lang, english: &str) -> Cow<'_, str> {
    if lang == Lang::Nl {
        for (template, dutch) in TEMPLATES {
            if let Some(values) = matches(template, english) {
                let mut out = (*dutch).to_owned();
                for (i, value) in values.iter().enumerate() {
                    // A step named in a sentence ("Waiting for: …") gets its Dutch title too.
                    let value = StepId::ALL
                        .iter()
                        .find(|step| step.title() == *value)
                        .map_or(*value, |step| super::step_title(lang, *step));
                    out = out.replace(&format!("{{{i}}}"), value);
                }
                return Cow::Owned(out);
            }
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
    use crate::engine::facts::{Domain, Observed};
    use crate::engine::plan::tests::{complete, config, fresh, NOW};
    use crate::engine::plan::{plan, Answers, ConnectionMode, Status};

    #[test]
    fn values_are_carried_over_and_may_be_reordered() {
        assert_eq!(
            plan_text(Lang::Nl, "Enable 2 disabled step(s): A, B."),
            "2 uitgeschakelde stap(pen) inschakelen: A, B."
        );
        assert_eq!(
            plan_text(
                Lang::Nl,
                "Create the single-tenant app registration \"Marketo {x}\"."
            ),
            "De single-tenant app-registratie \"Marketo {x}\" maken."
        );
        assert_eq!(
            plan_text(Lang::En, "Only the sync user holds the role."),
            "Only the sync user holds the role."
        );
        assert_eq!(
            plan_text(Lang::Nl, "Something new."),
            "Something new.",
            "unknown text stays English"
        );
        assert_eq!(matches("Waiting for: {}.", "Waiting for: x"), None);
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
        let mut out = Vec::new();
        for facts in [fresh(), complete(), federated] {
            for answers in [&s2s, &client_app, &no_environment] {
                for step in plan(&config(), answers, &facts, NOW).steps {
                    match step.status {
                        Status::Blocked(e) => out.extend([e.what, e.why, e.fix]),
                        Status::Done(t)
                        | Status::ToDo(t)
                        | Status::NeedsAnswer(t)
                        | Status::NotApplicable(t) => out.push(t),
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
}
