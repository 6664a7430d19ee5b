//! What the two `$filter` lexers (Graph's in `graph::odata`, Dataverse's in `dataverse::odata`)
//! share: reading a string literal. The rest differs on purpose — Graph's identifiers hold `/`
//! and `.` (`appRoles/any`), Dataverse's filter has GUID, date and enumeration literals — so
//! each service keeps its own tokens.

/// Reads the OData string literal whose opening quote is `chars[quote]`: a doubled quote stands
/// for one (OData ABNF, `SQUOTE-in-string`). Returns its text and the index after the closing
/// quote, or `None` when the input ends first.
pub fn string_literal(chars: &[char], quote: usize) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut i = quote + 1;
    loop {
        match chars.get(i)? {
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                text.push('\'');
                i += 2;
            }
            '\'' => return Some((text, i + 1)),
            c => {
                text.push(*c);
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doubled_quote_is_one_and_an_open_literal_is_refused() {
        let chars: Vec<char> = "x eq 'O''Brien' and".chars().collect();
        let (text, after) = string_literal(&chars, 5).unwrap();
        assert_eq!(text, "O'Brien");
        assert_eq!(chars[after..].iter().collect::<String>(), " and");
        let open: Vec<char> = "'abc".chars().collect();
        assert_eq!(string_literal(&open, 0), None);
        let empty: Vec<char> = "''".chars().collect();
        assert_eq!(string_literal(&empty, 0), Some((String::new(), 2)));
    }
}
