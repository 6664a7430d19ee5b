//! The catalog: every text the page shows, in English and Dutch, and how values are written in
//! each language (dates, table names, the language switch itself).
//!
//! There is one catalog, [`core_texts`]: each text is a key listed once with both languages side
//! by side, `{0}`, `{1}`… marking its values, so a text cannot exist in one language only (the
//! compiler sees one enum and one `match`). The page's own words (headings, buttons, labels) are
//! keys of its page part, read as plain templates through [`text`] and [`fill`] — [`Msg`]
//! is the name the page's code uses for them. Everything the core says — step titles and
//! statuses, what a run did, the checks' findings, every explanation of a failure — is a key with
//! typed values ([`Text`]): the engine emits keys, the page renders them late in its language, and
//! the report writes English from the same keys. Nothing is translated by matching English
//! sentences. The catalog sits at the bottom of the core: it names no other module. Marketo's own
//! labels (Username, Client ID, Disable Sync…) stay in English in both languages because
//! Marketo's admin screens show them in English.

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

/// A text of the page's own (a heading, a button, a label): a key of the catalog's page part.
pub type Msg = TextKey;

/// The text of `msg` in `lang`: a template whose `{0}`, `{1}`… [`fill`] fills. Called with
/// constant keys, it inlines to the one text named.
#[inline]
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    core_texts::page_template(lang, msg).unwrap_or_default()
}

/// Fills the `{0}`, `{1}`… of `template` with `values`, in order; the same filling as the core's
/// sentences ([`Text`]), for the page's own texts whose values are plain words.
pub fn fill(template: &str, values: &[&str]) -> String {
    core_texts::fill_plain(template, values)
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
    fn placeholders_are_filled() {
        assert_eq!(
            fill(text(Lang::Nl, Msg::ApplyingProgress), &["3", "9"]),
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
