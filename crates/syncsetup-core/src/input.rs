//! Checking what the admin types, before any request: ids, org URLs of every Microsoft cloud,
//! names, e-mail addresses, secret lifetimes, the environment choice and the sync filter column.
//!
//! Each validator returns the value it accepted or an [`InputProblem`], whose message exists in
//! English and Dutch so the page can show it inline next to the field while the submit button
//! stays disabled. These are the page's only input rules: the plan form (`wizard::form`) checks
//! the app name, the application user's e-mail and the secret lifetime with them as the admin
//! types, the wizard accepts an environment only through [`environment_choice`], and the sync
//! filter options only through [`table_name`]. The id and org URL rules serve what the admin
//! copies into `config.json` and Marketo's form (the page itself has no field for them).

use url::Url;

use crate::i18n::Lang;

/// Longest app registration name the Entra admin center accepts.
pub(crate) const APP_NAME_MAX_CHARS: usize = 120;
/// Length of Dataverse's `internalemailaddress` column.
pub(crate) const EMAIL_MAX_CHARS: usize = 100;

/// Why an input is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputProblem {
    /// Nothing was typed.
    Empty,
    /// Not a GUID (8-4-4-4-12 hexadecimal).
    NotAGuid,
    /// Not a URL at all.
    NotAUrl,
    /// http:// where https:// is required.
    NotHttps,
    /// A URL, but not of a Dynamics 365 environment.
    NotAnOrgUrl,
    /// An org URL with a path, query or fragment after the host.
    OrgUrlWithPath,
    /// Longer than allowed.
    TooLong(usize),
    /// Contains control characters or only spaces.
    BadCharacters,
    /// Not an e-mail address.
    NotAnEmail,
    /// An e-mail another Entra or Dataverse user already has (Marketo's S2S username must
    /// name one user).
    EmailInUse,
    /// Not a whole number.
    NotANumber,
    /// A lifetime outside 1..=max days.
    LifetimeOutOfRange(u32),
    /// Not one of the listed environments.
    UnknownEnvironment,
    /// A table logical name that cannot exist.
    BadTableName,
    /// The sync filter column must be named exactly `new_synctomkto`.
    WrongFilterColumnName,
}

impl InputProblem {
    /// The inline message, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use InputProblem::*;
        match (self, lang) {
            (Empty, Lang::En) => "Required.".into(),
            (Empty, Lang::Nl) => "Verplicht.".into(),
            (NotAGuid, Lang::En) => "Enter an ID like 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.".into(),
            (NotAGuid, Lang::Nl) => "Vul een ID in zoals 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.".into(),
            (NotAUrl, Lang::En) => "Enter a web address starting with https://.".into(),
            (NotAUrl, Lang::Nl) => "Vul een webadres in dat met https:// begint.".into(),
            (NotHttps, Lang::En) => "Use https://, not http://.".into(),
            (NotHttps, Lang::Nl) => "Gebruik https://, niet http://.".into(),
            (NotAnOrgUrl, Lang::En) => "This is not a Dynamics 365 address; it looks like https://yourorg.crm.dynamics.com.".into(),
            (NotAnOrgUrl, Lang::Nl) => "Dit is geen Dynamics 365-adres; dat ziet eruit als https://uworg.crm.dynamics.com.".into(),
            (OrgUrlWithPath, Lang::En) => "Leave out everything after the host name (the org URL can never be changed in Marketo).".into(),
            (OrgUrlWithPath, Lang::Nl) => "Laat alles na de hostnaam weg (de org-URL kan in Marketo nooit meer worden gewijzigd).".into(),
            (TooLong(n), Lang::En) => format!("At most {n} characters."),
            (TooLong(n), Lang::Nl) => format!("Hoogstens {n} tekens."),
            (BadCharacters, Lang::En) => "Use letters, digits, spaces and punctuation only.".into(),
            (BadCharacters, Lang::Nl) => "Gebruik alleen letters, cijfers, spaties en leestekens.".into(),
            (NotAnEmail, Lang::En) => "Enter an e-mail address like marketo.sync@contoso.com.".into(),
            (NotAnEmail, Lang::Nl) => "Vul een e-mailadres in zoals marketo.sync@contoso.com.".into(),
            (EmailInUse, Lang::En) => "Another user already has this e-mail; Marketo would not know which user is meant. Enter one nobody has.".into(),
            (EmailInUse, Lang::Nl) => "Een andere gebruiker heeft dit e-mailadres al; Marketo zou niet weten welke gebruiker bedoeld is. Vul er een in dat niemand heeft.".into(),
            (NotANumber, Lang::En) => "Enter a whole number of days.".into(),
            (NotANumber, Lang::Nl) => "Vul een geheel aantal dagen in.".into(),
            (LifetimeOutOfRange(max), Lang::En) => format!("Choose between 1 and {max} days."),
            (LifetimeOutOfRange(max), Lang::Nl) => format!("Kies tussen 1 en {max} dagen."),
            (UnknownEnvironment, Lang::En) => "Choose one of the listed environments.".into(),
            (UnknownEnvironment, Lang::Nl) => "Kies een van de getoonde omgevingen.".into(),
            (BadTableName, Lang::En) => "Use the table's logical name, such as lead or contact.".into(),
            (BadTableName, Lang::Nl) => "Gebruik de logische naam van de tabel, zoals lead of contact.".into(),
            (WrongFilterColumnName, Lang::En) => "Marketo only recognises a column named exactly new_synctomkto (prefix new).".into(),
            (WrongFilterColumnName, Lang::Nl) => "Marketo herkent alleen een kolom met precies de naam new_synctomkto (voorvoegsel new).".into(),
        }
    }
}

/// An application (client), tenant or object id.
pub fn guid(text: &str) -> Result<String, InputProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InputProblem::Empty);
    }
    if crate::config::is_guid(text) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(InputProblem::NotAGuid)
    }
}

/// Whether `host` is under a Dataverse domain of some Microsoft cloud (regions `crm`, `crm2`…,
/// GCC `crm9`, GCC High, DoD, China): the same list the page's Content-Security-Policy allows.
fn in_dataverse_domain(host: &str) -> bool {
    crate::config::Cloud::ALL
        .iter()
        .flat_map(|cloud| cloud.dataverse_domains())
        .any(|domain| {
            host.strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.'))
        })
}

/// A Dynamics 365 org URL (Marketo's "Org URL"): https, `<org>.crm<N>.<cloud>`, nothing after
/// the host. The emulator's `http://<org>.crm.localhost:<port>` is accepted too.
pub fn org_url(text: &str) -> Result<Url, InputProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InputProblem::Empty);
    }
    let url = Url::parse(text).map_err(|_| InputProblem::NotAUrl)?;
    let host = url
        .host_str()
        .ok_or(InputProblem::NotAUrl)?
        .to_ascii_lowercase();
    let local = host.ends_with(".crm.localhost");
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => return Err(InputProblem::NotHttps),
        _ => return Err(InputProblem::NotAUrl),
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(InputProblem::OrgUrlWithPath);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let org = labels.first().copied().unwrap_or_default();
    let org_ok = !org.is_empty()
        && org.len() <= 63
        && org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !org.starts_with('-');
    let crm_label = labels.get(1).copied().unwrap_or_default();
    let crm_ok = crm_label == "crm"
        || crm_label
            .strip_prefix("crm")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let cloud_ok = local || in_dataverse_domain(&host) && labels.len() == 4;
    if org_ok && crm_ok && cloud_ok {
        Ok(url)
    } else {
        Err(InputProblem::NotAnOrgUrl)
    }
}

/// A display name such as the app registration's (Entra allows 120 characters).
pub fn display_name(text: &str) -> Result<String, InputProblem> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(InputProblem::Empty);
    }
    if trimmed.chars().count() > APP_NAME_MAX_CHARS {
        return Err(InputProblem::TooLong(APP_NAME_MAX_CHARS));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(InputProblem::BadCharacters);
    }
    Ok(trimmed.to_owned())
}

/// An e-mail address (the application user's primary e-mail: Marketo's username).
pub fn email(text: &str) -> Result<String, InputProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InputProblem::Empty);
    }
    if text.chars().count() > EMAIL_MAX_CHARS {
        return Err(InputProblem::TooLong(EMAIL_MAX_CHARS));
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(InputProblem::NotAnEmail);
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(text.to_owned())
    } else {
        Err(InputProblem::NotAnEmail)
    }
}

/// A secret lifetime in days, within the tenant's policy (`max`).
pub fn secret_lifetime(text: &str, max: u32) -> Result<u32, InputProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InputProblem::Empty);
    }
    match text.parse::<i64>() {
        Ok(days) if (1..=i64::from(max)).contains(&days) => Ok(days as u32),
        Ok(_) => Err(InputProblem::LifetimeOutOfRange(max)),
        // Digits beyond any i64 are still a number, and still too many days.
        Err(_) if text.chars().all(|c| c.is_ascii_digit()) => {
            Err(InputProblem::LifetimeOutOfRange(max))
        }
        Err(_) => Err(InputProblem::NotANumber),
    }
}

/// The chosen environment must be one Global Discovery listed.
pub(crate) fn environment_choice<'a>(
    url: &str,
    listed: &'a [crate::facts::Environment],
) -> Result<&'a crate::facts::Environment, InputProblem> {
    if url.trim().is_empty() {
        return Err(InputProblem::Empty);
    }
    listed
        .iter()
        .find(|e| {
            e.url
                .trim_end_matches('/')
                .eq_ignore_ascii_case(url.trim().trim_end_matches('/'))
        })
        .ok_or(InputProblem::UnknownEnvironment)
}

/// A table logical name for the sync filter (lead, contact, account, opportunity, custom ones).
pub(crate) fn table_name(text: &str) -> Result<String, InputProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InputProblem::Empty);
    }
    let ok = text.len() <= 50
        && text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(text.to_owned())
    } else {
        Err(InputProblem::BadTableName)
    }
}

/// The sync filter column: Marketo recognises only `new_synctomkto` (any case, as Dataverse
/// lower-cases logical names).
pub fn sync_filter_column(text: &str) -> Result<String, InputProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InputProblem::Empty);
    }
    if text.eq_ignore_ascii_case("new_synctomkto") {
        Ok("new_synctomkto".into())
    } else {
        Err(InputProblem::WrongFilterColumnName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InputProblem::*;

    /// One row of the table: the validator's verdict, and (for a refusal) the start of both messages.
    fn check(
        label: &str,
        result: Result<(), InputProblem>,
        expected: Result<(), InputProblem>,
        en: &str,
        nl: &str,
    ) {
        assert_eq!(result, expected, "{label}");
        if let Err(problem) = result {
            assert!(
                problem.message(Lang::En).starts_with(en),
                "{label}: {}",
                problem.message(Lang::En)
            );
            assert!(
                problem.message(Lang::Nl).starts_with(nl),
                "{label}: {}",
                problem.message(Lang::Nl)
            );
        }
    }

    fn ok<T>(r: Result<T, InputProblem>) -> Result<(), InputProblem> {
        r.map(|_| ())
    }

    /// One table row: label, verdict, expected verdict, English and Dutch message starts.
    type Row<'a> = (
        &'a str,
        Result<(), InputProblem>,
        Result<(), InputProblem>,
        &'a str,
        &'a str,
    );

    #[test]
    fn the_input_table() {
        let envs = vec![crate::engine::plan::tests::environment()];
        let rows: Vec<Row<'_>> = vec![
            (
                "guid ok",
                ok(guid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")),
                Ok(()),
                "",
                "",
            ),
            (
                "guid upper case",
                ok(guid(" 5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D ")),
                Ok(()),
                "",
                "",
            ),
            (
                "guid empty",
                ok(guid("  ")),
                Err(Empty),
                "Required",
                "Verplicht",
            ),
            (
                "guid without dashes",
                ok(guid("5a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d")),
                Err(NotAGuid),
                "Enter an ID",
                "Vul een ID",
            ),
            (
                "guid in braces",
                ok(guid("{5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}")),
                Err(NotAGuid),
                "Enter an ID",
                "Vul een ID",
            ),
            (
                "guid with a g",
                ok(guid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g")),
                Err(NotAGuid),
                "Enter an ID",
                "Vul een ID",
            ),
            (
                "org url public",
                ok(org_url("https://contoso.crm.dynamics.com")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url trailing slash",
                ok(org_url("https://contoso.crm.dynamics.com/")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url EMEA region",
                ok(org_url("https://contoso.crm4.dynamics.com")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url GCC",
                ok(org_url("https://contoso.crm9.dynamics.com")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url GCC High",
                ok(org_url("https://contoso.crm.microsoftdynamics.us")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url DoD",
                ok(org_url("https://contoso.crm.appsplatform.us")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url China",
                ok(org_url("https://contoso.crm.dynamics.cn")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url emulator",
                ok(org_url("http://contoso.crm.localhost:8400")),
                Ok(()),
                "",
                "",
            ),
            (
                "org url http",
                ok(org_url("http://contoso.crm.dynamics.com")),
                Err(NotHttps),
                "Use https",
                "Gebruik https",
            ),
            (
                "org url with path",
                ok(org_url("https://contoso.crm.dynamics.com/main.aspx")),
                Err(OrgUrlWithPath),
                "Leave out",
                "Laat alles",
            ),
            (
                "org url with query",
                ok(org_url("https://contoso.crm.dynamics.com/?appid=1")),
                Err(OrgUrlWithPath),
                "Leave out",
                "Laat alles",
            ),
            (
                "org url API host",
                ok(org_url("https://contoso.api.crm.dynamics.com")),
                Err(NotAnOrgUrl),
                "This is not",
                "Dit is geen",
            ),
            (
                "org url typo crn",
                ok(org_url("https://contoso.crn.dynamics.com")),
                Err(NotAnOrgUrl),
                "This is not",
                "Dit is geen",
            ),
            (
                "org url other site",
                ok(org_url("https://contoso.sharepoint.com")),
                Err(NotAnOrgUrl),
                "This is not",
                "Dit is geen",
            ),
            (
                "org url no scheme",
                ok(org_url("contoso.crm.dynamics.com")),
                Err(NotAUrl),
                "Enter a web address",
                "Vul een webadres",
            ),
            (
                "org url ftp",
                ok(org_url("ftp://contoso.crm.dynamics.com")),
                Err(NotAUrl),
                "Enter a web address",
                "Vul een webadres",
            ),
            (
                "org url empty",
                ok(org_url("")),
                Err(Empty),
                "Required",
                "Verplicht",
            ),
            (
                "org url underscore",
                ok(org_url("https://con_toso.crm.dynamics.com")),
                Err(NotAnOrgUrl),
                "This is not",
                "Dit is geen",
            ),
            (
                "name ok",
                ok(display_name("Marketo Integration")),
                Ok(()),
                "",
                "",
            ),
            (
                "name with accents",
                ok(display_name("Intégration Marketo – Zürich")),
                Ok(()),
                "",
                "",
            ),
            (
                "name blank",
                ok(display_name("   ")),
                Err(Empty),
                "Required",
                "Verplicht",
            ),
            (
                "name too long",
                ok(display_name(&"x".repeat(121))),
                Err(TooLong(120)),
                "At most 120",
                "Hoogstens 120",
            ),
            (
                "name with a tab",
                ok(display_name("Marketo\tIntegration")),
                Err(BadCharacters),
                "Use letters",
                "Gebruik alleen",
            ),
            (
                "email ok",
                ok(email("marketo.sync@contoso.com")),
                Ok(()),
                "",
                "",
            ),
            (
                "email plus",
                ok(email("marketo+sync@contoso.onmicrosoft.com")),
                Ok(()),
                "",
                "",
            ),
            (
                "email no at",
                ok(email("marketo.sync.contoso.com")),
                Err(NotAnEmail),
                "Enter an e-mail",
                "Vul een e-mailadres",
            ),
            (
                "email no dot in domain",
                ok(email("marketo@contoso")),
                Err(NotAnEmail),
                "Enter an e-mail",
                "Vul een e-mailadres",
            ),
            (
                "email space",
                ok(email("marketo sync@contoso.com")),
                Err(NotAnEmail),
                "Enter an e-mail",
                "Vul een e-mailadres",
            ),
            (
                "email leading dot",
                ok(email(".marketo@contoso.com")),
                Err(NotAnEmail),
                "Enter an e-mail",
                "Vul een e-mailadres",
            ),
            (
                "email empty",
                ok(email("")),
                Err(Empty),
                "Required",
                "Verplicht",
            ),
            (
                "lifetime ok",
                ok(secret_lifetime("180", 730)),
                Ok(()),
                "",
                "",
            ),
            (
                "lifetime at policy max",
                ok(secret_lifetime("180", 180)),
                Ok(()),
                "",
                "",
            ),
            (
                "lifetime over policy",
                ok(secret_lifetime("365", 180)),
                Err(LifetimeOutOfRange(180)),
                "Choose between 1 and 180",
                "Kies tussen 1 en 180",
            ),
            (
                "lifetime zero",
                ok(secret_lifetime("0", 730)),
                Err(LifetimeOutOfRange(730)),
                "Choose between",
                "Kies tussen",
            ),
            (
                "lifetime words",
                ok(secret_lifetime("six months", 730)),
                Err(NotANumber),
                "Enter a whole number",
                "Vul een geheel aantal",
            ),
            (
                "lifetime negative",
                ok(secret_lifetime("-5", 730)),
                Err(LifetimeOutOfRange(730)),
                "Choose between",
                "Kies tussen",
            ),
            (
                "environment listed",
                ok(environment_choice(
                    "https://contoso.crm.dynamics.com/",
                    &envs,
                )),
                Ok(()),
                "",
                "",
            ),
            (
                "environment not listed",
                ok(environment_choice(
                    "https://fabrikam.crm.dynamics.com",
                    &envs,
                )),
                Err(UnknownEnvironment),
                "Choose one",
                "Kies een",
            ),
            ("table lead", ok(table_name("lead")), Ok(()), "", ""),
            (
                "table custom",
                ok(table_name("new_project")),
                Ok(()),
                "",
                "",
            ),
            (
                "table display name",
                ok(table_name("Lead")),
                Err(BadTableName),
                "Use the table",
                "Gebruik de logische",
            ),
            (
                "table plural set",
                ok(table_name("leads/")),
                Err(BadTableName),
                "Use the table",
                "Gebruik de logische",
            ),
            (
                "filter column ok",
                ok(sync_filter_column("new_SyncToMkto")),
                Ok(()),
                "",
                "",
            ),
            (
                "filter column other prefix",
                ok(sync_filter_column("cr3b0_synctomkto")),
                Err(WrongFilterColumnName),
                "Marketo only",
                "Marketo herkent",
            ),
            (
                "filter column typo",
                ok(sync_filter_column("new_synctomarketo")),
                Err(WrongFilterColumnName),
                "Marketo only",
                "Marketo herkent",
            ),
        ];
        assert!(rows.len() >= 40, "{} rows", rows.len());
        for (label, result, expected, en, nl) in rows {
            check(label, result, expected, en, nl);
        }
    }
}
