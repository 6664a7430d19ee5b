//! OData literals for URLs: the one place where text a person typed (an app registration's name,
//! a search for a sync user) or a value read from the tenant becomes part of a request URL.
//!
//! An OData string literal doubles its single quotes (OData v4.01 ABNF, `SQUOTE-in-string`). That
//! alone is not enough once the literal sits in a URL: `&` would end the `$filter` parameter, `#`
//! would start a fragment the browser never sends, `+` is read as a space by ASP.NET-style query
//! parsers, and `%` starts an escape (RFC 3986 §2.1, §3.4; the WHATWG URL parser leaves `&`, `+`,
//! `%` and `'` as they are in a query). So every literal is percent-encoded here, every byte but
//! RFC 3986's unreserved characters (§2.3), before it is joined into a URL — the strictest reading,
//! and one every server decodes back to the same text. `'` is encoded too (`%27`): both Graph and
//! Dataverse decode the query before parsing OData, so the doubled quotes reach the parser intact.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every byte but RFC 3986's unreserved set (`ALPHA / DIGIT / "-" / "." / "_" / "~"`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` as an OData string literal ready to be placed in a URL's query or key segment:
/// quotes doubled, then percent-encoded. `O'Brien & Co #1` → `%27O%27%27Brien%20%26%20Co%20%231%27`.
pub fn literal(text: &str) -> String {
    let quoted = format!("'{}'", text.replace('\'', "''"));
    utf8_percent_encode(&quoted, NOT_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a server does with the query before its OData parser sees it: `%XX` decoded, and
    /// (ASP.NET, the stricter reading) `+` read as a space.
    fn server_decode(component: &str) -> String {
        let spaced = component.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .expect("the literal is UTF-8")
            .into_owned()
    }

    /// The OData parser's side: strip the quotes, undouble.
    fn odata_unquote(literal: &str) -> String {
        let inner = literal
            .strip_prefix('\'')
            .and_then(|l| l.strip_suffix('\''))
            .expect("quoted");
        inner.replace("''", "'")
    }

    #[test]
    fn every_url_special_character_is_encoded() {
        assert_eq!(
            literal("Marketo & D365 #1 + test"),
            "%27Marketo%20%26%20D365%20%231%20%2B%20test%27"
        );
        assert_eq!(literal("O'Brien"), "%27O%27%27Brien%27");
        assert_eq!(literal("50% / ?a=b"), "%2750%25%20%2F%20%3Fa%3Db%27");
        assert_eq!(literal("Zoë"), "%27Zo%C3%AB%27");
    }

    proptest! {
        /// Any text survives the trip: URL query → server decoding → OData parser, unchanged, and
        /// never splits the query, starts a fragment or leaves a raw space.
        #[test]
        fn any_text_round_trips_through_a_query(text in "[ -~&#+%'/?=äöüÅßçé漢字🙂]{0,40}") {
            let encoded = literal(&text);
            prop_assert!(!encoded.contains(['&', '#', '+', ' ', '\'', '?', '=', '/']));
            let url = url::Url::parse(&format!(
                "https://graph.example/v1.0/applications?$filter=displayName eq {encoded}&$select=id"
            )).unwrap();
            prop_assert_eq!(url.fragment(), None);
            let filter = url
                .query()
                .unwrap()
                .split('&')
                .find_map(|pair| pair.strip_prefix("$filter="))
                .unwrap();
            let decoded = server_decode(filter);
            let value = decoded.strip_prefix("displayName eq ").unwrap();
            prop_assert_eq!(odata_unquote(value), text);
        }
    }
}
