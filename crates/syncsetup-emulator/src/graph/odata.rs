//! The OData query options Graph documents for directory objects, as far as the emulated routes
//! need them: `$filter` with `eq`, `in`, `startswith` and `and` (the forms supported by default;
//! `ne`, `not`, `endswith` need advanced query parameters and are refused with Graph's
//! `Request_UnsupportedQuery`), `$select`, `$top` (1–999, default page size 100), key-set paging
//! through an opaque `$skiptoken` in `@odata.nextLink`, and `$count=true`, which only counts with
//! `ConsistencyLevel: eventual` and is silently ignored otherwise (as Graph's advanced-query page
//! documents). Also the date and duration formats Graph uses on the wire.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

/// A literal on the right-hand side of a filter clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    /// `'text'`.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// One comparison of a `$filter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// `prop eq literal`.
    Eq(String, Literal),
    /// `prop in (l1, l2, …)`.
    In(String, Vec<Literal>),
    /// `startswith(prop, 'prefix')`.
    StartsWith(String, String),
    /// `prop/any(x:x eq literal)`: a collection-valued property contains the value.
    AnyEq(String, Literal),
}

impl Clause {
    /// The property the clause is about.
    pub fn property(&self) -> &str {
        match self {
            Clause::Eq(p, _)
            | Clause::In(p, _)
            | Clause::StartsWith(p, _)
            | Clause::AnyEq(p, _) => p,
        }
    }

    /// Whether a string-valued property with value `value` satisfies the clause
    /// (case-insensitive, as directory string comparisons are).
    pub fn matches_str(&self, value: Option<&str>) -> bool {
        let eq = |lit: &Literal| match (lit, value) {
            (Literal::Str(s), Some(v)) => s.to_lowercase() == v.to_lowercase(),
            (Literal::Null, None) => true,
            _ => false,
        };
        match self {
            Clause::Eq(_, lit) | Clause::AnyEq(_, lit) => eq(lit),
            Clause::In(_, lits) => lits.iter().any(eq),
            Clause::StartsWith(_, prefix) => {
                value.is_some_and(|v| v.to_lowercase().starts_with(&prefix.to_lowercase()))
            }
        }
    }

    /// The string values an `eq`/`in` clause names (for index lookups).
    pub fn eq_values(&self) -> Option<Vec<&str>> {
        fn as_str(l: &Literal) -> Option<&str> {
            match l {
                Literal::Str(s) => Some(s.as_str()),
                _ => None,
            }
        }
        match self {
            Clause::Eq(_, lit) => Some(as_str(lit).into_iter().collect()),
            Clause::In(_, lits) => Some(lits.iter().filter_map(as_str).collect()),
            Clause::StartsWith(..) | Clause::AnyEq(..) => None,
        }
    }
}

/// Why a `$filter` was refused: the Graph error code and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    /// `BadRequest` (syntax) or `Request_UnsupportedQuery`.
    pub code: &'static str,
    /// Graph's message.
    pub message: String,
}

fn syntax(message: impl Into<String>) -> FilterError {
    FilterError {
        code: "BadRequest",
        message: format!("Invalid filter clause: {}", message.into()),
    }
}

/// An operator that Graph supports on directory objects only with advanced query parameters.
fn needs_advanced(op: &str) -> FilterError {
    FilterError {
        code: "Request_UnsupportedQuery",
        message: format!(
            "Operator '{op}' is not supported because the required parameters might be missing. Try adding \
             $count=true query parameter and ConsistencyLevel:eventual header. Refer to \
             https://aka.ms/graph-docs/advanced-queries for more information"
        ),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Open,
    Close,
    Comma,
    Colon,
}

fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            ',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            ':' => {
                tokens.push(Token::Colon);
                i += 1;
            }
            '\'' => {
                let (s, after) = crate::odata_lex::string_literal(&chars, i)
                    .ok_or_else(|| syntax("unterminated string literal"))?;
                i = after;
                tokens.push(Token::Str(s));
            }
            c if c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-' | '@' | '$') => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric()
                        || matches!(chars[i], '_' | '.' | '/' | '-' | '@' | '$'))
                {
                    i += 1;
                }
                tokens.push(Token::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(syntax(format!("unexpected character '{other}'"))),
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect(&mut self, want: Token, what: &str) -> Result<(), FilterError> {
        match self.next() {
            Some(t) if t == want => Ok(()),
            _ => Err(syntax(format!("expected {what}"))),
        }
    }

    fn literal(&mut self) -> Result<Literal, FilterError> {
        match self.next() {
            Some(Token::Str(s)) => Ok(Literal::Str(s)),
            Some(Token::Ident(w)) if w.eq_ignore_ascii_case("null") => Ok(Literal::Null),
            Some(Token::Ident(w)) if w.eq_ignore_ascii_case("true") => Ok(Literal::Bool(true)),
            Some(Token::Ident(w)) if w.eq_ignore_ascii_case("false") => Ok(Literal::Bool(false)),
            // Graph also accepts bare GUIDs for GUID-typed properties.
            Some(Token::Ident(w)) if crate::resources::looks_like_guid(&w) => Ok(Literal::Str(w)),
            _ => Err(syntax("expected a literal")),
        }
    }

    fn clause(&mut self) -> Result<Clause, FilterError> {
        match self.next() {
            Some(Token::Open) => {
                let c = self.clause()?;
                self.expect(Token::Close, "')'")?;
                Ok(c)
            }
            Some(Token::Ident(word)) => {
                let lower = word.to_ascii_lowercase();
                if matches!(lower.as_str(), "endswith" | "not" | "contains") {
                    return Err(needs_advanced(&lower));
                }
                if let Some(prop) = lower
                    .strip_suffix("/any")
                    .map(|p| word[..p.len()].to_string())
                {
                    // `prop/any(x:x eq 'v')`, the lambda form Graph supports on collections.
                    self.expect(Token::Open, "'(' after any")?;
                    let Some(Token::Ident(var)) = self.next() else {
                        return Err(syntax("expected a lambda variable"));
                    };
                    self.expect(Token::Colon, "':'")?;
                    match self.next() {
                        Some(Token::Ident(v)) if v == var => {}
                        _ => return Err(syntax("expected the lambda variable")),
                    }
                    match self.next() {
                        Some(Token::Ident(op)) if op.eq_ignore_ascii_case("eq") => {}
                        _ => return Err(needs_advanced("any")),
                    }
                    let value = self.literal()?;
                    self.expect(Token::Close, "')'")?;
                    return Ok(Clause::AnyEq(prop, value));
                }
                if lower == "startswith" {
                    self.expect(Token::Open, "'(' after startswith")?;
                    let Some(Token::Ident(prop)) = self.next() else {
                        return Err(syntax("expected a property name"));
                    };
                    self.expect(Token::Comma, "','")?;
                    let Some(Token::Str(prefix)) = self.next() else {
                        return Err(syntax("startswith needs a string literal"));
                    };
                    self.expect(Token::Close, "')'")?;
                    return Ok(Clause::StartsWith(prop, prefix));
                }
                let op = match self.next() {
                    Some(Token::Ident(op)) => op.to_ascii_lowercase(),
                    _ => return Err(syntax(format!("expected an operator after '{word}'"))),
                };
                match op.as_str() {
                    "eq" => Ok(Clause::Eq(word, self.literal()?)),
                    "in" => {
                        self.expect(Token::Open, "'(' after in")?;
                        let mut values = vec![self.literal()?];
                        while self.peek() == Some(&Token::Comma) {
                            self.next();
                            values.push(self.literal()?);
                        }
                        self.expect(Token::Close, "')'")?;
                        Ok(Clause::In(word, values))
                    }
                    "ne" | "gt" | "ge" | "lt" | "le" => Err(needs_advanced(&op)),
                    other => Err(syntax(format!("unknown operator '{other}'"))),
                }
            }
            _ => Err(syntax("expected a comparison")),
        }
    }
}

/// Parses a `$filter` made of comparisons joined by `and`.
pub fn parse_filter(input: &str) -> Result<Vec<Clause>, FilterError> {
    let mut parser = Parser {
        tokens: tokenize(input)?,
        pos: 0,
    };
    let mut clauses = vec![parser.clause()?];
    while let Some(token) = parser.next() {
        match token {
            Token::Ident(w) if w.eq_ignore_ascii_case("and") => clauses.push(parser.clause()?),
            Token::Ident(w) if w.eq_ignore_ascii_case("or") => {
                return Err(FilterError {
                    code: "Request_UnsupportedQuery",
                    message: "The emulator supports only 'and' between filter clauses.".into(),
                })
            }
            _ => return Err(syntax("expected 'and'")),
        }
    }
    Ok(clauses)
}

/// An opaque `$skiptoken` for key-set paging after object id `last_id`.
pub fn skip_token(last_id: &str) -> String {
    format!("RFNwdAIA{}", URL_SAFE_NO_PAD.encode(last_id))
}

/// The object id a `$skiptoken` continues after.
pub fn parse_skip_token(token: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(token.strip_prefix("RFNwdAIA")?)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// Keeps only the properties named by `$select` (already validated), in Graph's JSON shape.
pub fn project(entity: &Map<String, Value>, names: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for name in names {
        if let Some(v) = entity.get(name) {
            out.insert(name.clone(), v.clone());
        }
    }
    // `@odata.type` stays on derived types so clients can tell them apart.
    if let Some(t) = entity.get("@odata.type") {
        out.insert("@odata.type".into(), t.clone());
    }
    out
}

/// Resolves `$select` against the properties of a type: canonical names, or the offending name.
pub fn resolve_select(list: &str, known: &[&str]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some(canonical) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) else {
            return Err(name.to_string());
        };
        if !out.iter().any(|o: &String| o == canonical) {
            out.push(canonical.to_string());
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Dates and durations

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days-from-civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Graph's `DateTimeOffset` output: `2024-01-09T02:02:12Z`.
pub fn graph_timestamp(unix: i64) -> String {
    format!("{}Z", crate::clock::iso_timestamp(unix))
}

/// Parses an ISO 8601 date-time (`2027-01-01T00:00:00Z`, fractional seconds, `+hh:mm` offsets,
/// or a bare date) into Unix seconds.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = match t.find(['T', 't']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let mut dp = date.split('-');
    let (y, m, d): (i64, i64, i64) = (
        dp.next()?.parse().ok()?,
        dp.next()?.parse().ok()?,
        dp.next()?.parse().ok()?,
    );
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if rest.is_empty() {
        return Some(secs);
    }
    let (clock, offset) = if let Some(stripped) = rest.strip_suffix(['Z', 'z']) {
        (stripped, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (clock, off) = rest.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let mut hm = off[1..].split(':');
        let h: i64 = hm.next()?.parse().ok()?;
        let mi: i64 = hm.next().unwrap_or("0").parse().ok()?;
        (clock, sign * (h * 3600 + mi * 60))
    } else {
        (rest, 0)
    };
    let mut cp = clock.split(':');
    let h: i64 = cp.next()?.parse().ok()?;
    let mi: i64 = cp.next()?.parse().ok()?;
    let s: f64 = cp.next().unwrap_or("0").parse().ok()?;
    secs += h * 3600 + mi * 60 + s as i64;
    Some(secs - offset)
}

/// `unix` plus `years` calendar years (29 February becomes 28 February).
pub fn add_years(unix: i64, years: i64) -> i64 {
    let (y, mo, d, h, mi, s) = crate::clock::civil(unix);
    let day = if mo == 2 && d == 29 { 28 } else { d };
    days_from_civil(y + years, mo as i64, day as i64) * 86_400
        + i64::from(h) * 3600
        + i64::from(mi) * 60
        + i64::from(s)
}

/// An ISO 8601 duration (`P180D`, `P1Y`, `PT12H`, `P1Y2M3DT4H5M6S`) in seconds; years count 365
/// days and months 30, which is how lifetime limits are usually written.
pub fn parse_duration_secs(text: &str) -> Option<i64> {
    let rest = text.trim().strip_prefix(['P', 'p'])?;
    let (date, time) = match rest.find(['T', 't']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let mut total = 0i64;
    let mut any = false;
    for (part, units) in [
        (
            date,
            &[
                ('Y', 365 * 86_400),
                ('M', 30 * 86_400),
                ('W', 7 * 86_400),
                ('D', 86_400),
            ][..],
        ),
        (time, &[('H', 3600), ('M', 60), ('S', 1)][..]),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let unit = units.iter().find(|(u, _)| u.eq_ignore_ascii_case(&c))?;
                let n: f64 = number.parse().ok()?;
                total += (n * unit.1 as f64) as i64;
                number.clear();
                any = true;
            }
        }
        if !number.is_empty() {
            return None;
        }
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_filter_forms() {
        assert_eq!(
            parse_filter("appId eq '00000007-0000-0000-c000-000000000000'").unwrap(),
            vec![Clause::Eq(
                "appId".into(),
                Literal::Str("00000007-0000-0000-c000-000000000000".into())
            )]
        );
        let f = parse_filter(
            "clientId eq 'a' and consentType eq 'AllPrincipals' and resourceId eq 'b'",
        )
        .unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(
            parse_filter("startswith(displayName,'Mar''keto')").unwrap(),
            vec![Clause::StartsWith("displayName".into(), "Mar'keto".into())]
        );
        assert_eq!(
            parse_filter("appId in ('a', 'b')").unwrap(),
            vec![Clause::In(
                "appId".into(),
                vec![Literal::Str("a".into()), Literal::Str("b".into())]
            )]
        );
        assert_eq!(
            parse_filter("servicePrincipalNames/any(c:c eq 'abc')").unwrap(),
            vec![Clause::AnyEq(
                "servicePrincipalNames".into(),
                Literal::Str("abc".into())
            )]
        );
        assert_eq!(
            parse_filter("displayName ne 'x'").unwrap_err().code,
            "Request_UnsupportedQuery"
        );
        assert_eq!(
            parse_filter("displayName eq").unwrap_err().code,
            "BadRequest"
        );
    }

    #[test]
    fn timestamps_and_durations_round_trip() {
        assert_eq!(parse_timestamp("2016-01-09T02:02:12Z"), Some(1_452_304_932));
        assert_eq!(
            parse_timestamp("2016-01-09T03:02:12.1234567+01:00"),
            Some(1_452_304_932)
        );
        assert_eq!(parse_timestamp("2016-01-09"), Some(1_452_297_600));
        assert_eq!(graph_timestamp(1_452_304_932), "2016-01-09T02:02:12Z");
        assert_eq!(parse_timestamp("not a date"), None);
        assert_eq!(
            add_years(1_452_304_932, 2),
            parse_timestamp("2018-01-09T02:02:12Z").unwrap()
        );
        assert_eq!(parse_duration_secs("P180D"), Some(180 * 86_400));
        assert_eq!(parse_duration_secs("P1Y"), Some(365 * 86_400));
        assert_eq!(parse_duration_secs("PT12H"), Some(12 * 3600));
        assert_eq!(parse_duration_secs("180D"), None);
    }

    #[test]
    fn skip_tokens_are_opaque_but_reversible() {
        let t = skip_token("abc-123");
        assert!(!t.contains("abc"));
        assert_eq!(parse_skip_token(&t).as_deref(), Some("abc-123"));
        assert_eq!(parse_skip_token("garbage"), None);
    }
}
