//! The slice of OData v4 URL conventions that the Dataverse Web API and the Global Discovery
//! Service understand and that their clients use: `$filter` (comparison, `and`/`or`/`not`,
//! grouping, `contains`/`startswith`/`endswith`, `any`/`all` lambdas on collection-valued
//! navigation properties, navigation paths such as `parentbusinessunitid/businessunitid`), `$select`,
//! `$expand` with nested `$select`/`$filter`/`$top`, `$orderby`, `$top`, `$count`, and key
//! predicates (`(guid)`, `(LogicalName='x')`).
//!
//! Parsing and evaluation are separate so that a filter is checked once against the entity's
//! declared properties and types, as OData does before touching data: an unknown property or a
//! GUID compared with a quoted string is a 400 with ODataLib's wording, whatever the rows. The
//! evaluator reads rows through [`Scope`], so records, metadata objects and discovery instances
//! are all filtered by the same code. [`Expr::equalities`] exposes the top-level `prop eq literal`
//! conjuncts so that stores can answer a filter from an index instead of a scan.

use serde_json::Value;

/// The EDM type of a property, as far as filtering needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edm {
    /// `Edm.String`.
    String,
    /// `Edm.Guid`.
    Guid,
    /// `Edm.Int32` / `Edm.Int64` / `Edm.Decimal` / `Edm.Double`.
    Number,
    /// `Edm.Boolean`.
    Boolean,
    /// `Edm.DateTimeOffset`.
    DateTime,
    /// A complex or otherwise untyped value (labels, metadata structures): only `eq null` works.
    Other,
}

impl Edm {
    /// The name ODataLib prints in messages.
    pub fn name(self) -> &'static str {
        match self {
            Edm::String => "Edm.String",
            Edm::Guid => "Edm.Guid",
            Edm::Number => "Edm.Int32",
            Edm::Boolean => "Edm.Boolean",
            Edm::DateTime => "Edm.DateTimeOffset",
            Edm::Other => "Edm.ComplexType",
        }
    }
}

/// A literal in a filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer or decimal number.
    Number(f64),
    /// `'text'` (with `''` unescaped).
    Str(String),
    /// An unquoted GUID, lowercased.
    Guid(String),
    /// An unquoted `DateTimeOffset` such as `2022-07-14T00:00:00Z`.
    DateTime(String),
    /// An enumeration member, `Microsoft.Dynamics.CRM.AttributeTypeCode'Lookup'` (type, member);
    /// it compares with the member name.
    Enum(String, String),
}

impl Literal {
    fn edm(&self) -> Option<Edm> {
        match self {
            Literal::Null => None,
            Literal::Bool(_) => Some(Edm::Boolean),
            Literal::Number(_) => Some(Edm::Number),
            Literal::Str(_) => Some(Edm::String),
            Literal::Guid(_) => Some(Edm::Guid),
            Literal::DateTime(_) => Some(Edm::DateTime),
            Literal::Enum(..) => Some(Edm::String),
        }
    }

    /// The literal as JSON (what a matching property value would hold).
    pub fn to_json(&self) -> Value {
        match self {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Number(n) => serde_json::Number::from_f64(*n)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Literal::Str(s) | Literal::Guid(s) | Literal::DateTime(s) | Literal::Enum(_, s) => {
                Value::String(s.clone())
            }
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
}

impl CmpOp {
    fn kind(self) -> &'static str {
        match self {
            CmpOp::Eq => "Equal",
            CmpOp::Ne => "NotEqual",
            CmpOp::Gt => "GreaterThan",
            CmpOp::Ge => "GreaterThanOrEqual",
            CmpOp::Lt => "LessThan",
            CmpOp::Le => "LessThanOrEqual",
        }
    }
}

/// String functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrFn {
    /// `contains(p,'x')`
    Contains,
    /// `startswith(p,'x')`
    StartsWith,
    /// `endswith(p,'x')`
    EndsWith,
}

/// An operand: a property path (`name`, `parentbusinessunitid/name`, `r/name` inside a lambda)
/// or a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// Property path segments.
    Path(Vec<String>),
    /// A literal.
    Lit(Literal),
}

/// A parsed `$filter`.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// `not a`
    Not(Box<Expr>),
    /// `left op right`
    Cmp(CmpOp, Operand, Operand),
    /// `fn(path, 'text')`
    Str(StrFn, Operand, Operand),
    /// `nav/any(v:body)` (`body` absent for `nav/any()`), `all` when `all` is true.
    Lambda {
        /// Collection-valued navigation property.
        nav: String,
        /// Range variable.
        var: String,
        /// Predicate.
        body: Option<Box<Expr>>,
        /// `all` instead of `any`.
        all: bool,
    },
    /// A bare boolean property (`isdisabled`).
    Truthy(Operand),
}

impl Expr {
    /// The `prop eq literal` conjuncts at the top level of the filter (through `and`s only),
    /// with single-segment paths. A store may answer from an index on any one of them and then
    /// evaluate the whole filter on the candidates.
    pub fn equalities(&self) -> Vec<(&str, &Literal)> {
        let mut out = Vec::new();
        fn walk<'a>(e: &'a Expr, out: &mut Vec<(&'a str, &'a Literal)>) {
            match e {
                Expr::And(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                Expr::Cmp(CmpOp::Eq, Operand::Path(p), Operand::Lit(l))
                | Expr::Cmp(CmpOp::Eq, Operand::Lit(l), Operand::Path(p))
                    if p.len() == 1 =>
                {
                    out.push((p[0].as_str(), l))
                }
                _ => {}
            }
        }
        walk(self, &mut out);
        out
    }
}

/// Why a query option was refused. Rendered as a 400 by each service in its own error shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, QueryError> {
    Err(QueryError(msg.into()))
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Lit(Literal),
    Open,
    Close,
    Comma,
    Slash,
    Colon,
}

fn is_guid(s: &str) -> bool {
    crate::resources::looks_like_guid(s)
}

fn tokenize(input: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                toks.push(Tok::Open);
                i += 1
            }
            ')' => {
                toks.push(Tok::Close);
                i += 1
            }
            ',' => {
                toks.push(Tok::Comma);
                i += 1
            }
            '/' => {
                toks.push(Tok::Slash);
                i += 1
            }
            ':' => {
                toks.push(Tok::Colon);
                i += 1
            }
            '\'' => {
                let Some((s, after)) = crate::odata_lex::string_literal(&chars, i) else {
                    return err("Unterminated string literal in $filter.");
                };
                i = after;
                toks.push(Tok::Lit(Literal::Str(s)));
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '@' || c == '$' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || matches!(chars[i], '_' | '.' | '@' | '$')
                        || (chars[i] == '-' && i == start))
                {
                    i += 1;
                }
                let mut word: String = chars[start..i].iter().collect();
                // A GUID (8-4-4-4-12) or a date/time continues past the first '-'.
                if chars.get(i) == Some(&'-') {
                    let rest: String = chars[start..chars.len().min(start + 36)].iter().collect();
                    if rest.len() == 36 && is_guid(&rest) {
                        i = start + 36;
                        toks.push(Tok::Lit(Literal::Guid(rest.to_ascii_lowercase())));
                        continue;
                    }
                    if word.len() == 4 && word.chars().all(|d| d.is_ascii_digit()) {
                        while i < chars.len()
                            && (chars[i].is_ascii_alphanumeric()
                                || matches!(chars[i], '-' | ':' | '.' | '+'))
                        {
                            i += 1;
                        }
                        word = chars[start..i].iter().collect();
                        toks.push(Tok::Lit(Literal::DateTime(word)));
                        continue;
                    }
                }
                // `Namespace.EnumType'Member'`: an enumeration literal.
                if chars.get(i) == Some(&'\'') && word.contains('.') {
                    let close = chars[i + 1..]
                        .iter()
                        .position(|c| *c == '\'')
                        .map(|p| i + 1 + p)
                        .ok_or_else(|| {
                            QueryError("Unterminated enumeration literal in $filter.".into())
                        })?;
                    let member: String = chars[i + 1..close].iter().collect();
                    toks.push(Tok::Lit(Literal::Enum(word, member)));
                    i = close + 1;
                    continue;
                }
                let lower = word.to_ascii_lowercase();
                let tok = match lower.as_str() {
                    "null" => Tok::Lit(Literal::Null),
                    "true" => Tok::Lit(Literal::Bool(true)),
                    "false" => Tok::Lit(Literal::Bool(false)),
                    _ if word
                        .chars()
                        .next()
                        .is_some_and(|d| d.is_ascii_digit() || d == '-') =>
                    {
                        match word.trim_end_matches(['M', 'm', 'L', 'l']).parse::<f64>() {
                            Ok(n) => Tok::Lit(Literal::Number(n)),
                            Err(_) => {
                                return err(format!(
                                    "Syntax error at position {start} in '{input}'."
                                ))
                            }
                        }
                    }
                    _ => Tok::Word(word),
                };
                toks.push(tok);
            }
            other => {
                return err(format!(
                    "Syntax error: character '{other}' is not valid at position {i} in '{input}'."
                ))
            }
        }
    }
    Ok(toks)
}

// ---------------------------------------------------------------------------------------------
// Parser (precedence: or < and < not < comparison)

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    input: &'a str,
}

/// Parses a `$filter` expression.
pub fn parse_filter(input: &str) -> Result<Expr, QueryError> {
    let toks = tokenize(input)?;
    let mut p = Parser {
        toks,
        pos: 0,
        input,
    };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return err(format!("Syntax error at position {} in '{input}'.", p.pos));
    }
    Ok(e)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect(&mut self, t: Tok) -> Result<(), QueryError> {
        match self.next() {
            Some(x) if x == t => Ok(()),
            _ => err(format!("Syntax error in '{}': expected {t:?}.", self.input)),
        }
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.pos += 1;
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.peek_word("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some(&Tok::Open) {
            self.pos += 1;
            let e = self.or()?;
            self.expect(Tok::Close)?;
            return Ok(e);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, QueryError> {
        // String functions.
        if let Some(Tok::Word(w)) = self.peek() {
            let f = match w.to_ascii_lowercase().as_str() {
                "contains" => Some(StrFn::Contains),
                "startswith" => Some(StrFn::StartsWith),
                "endswith" => Some(StrFn::EndsWith),
                _ => None,
            };
            if let (Some(f), Some(Tok::Open)) = (f, self.toks.get(self.pos + 1)) {
                self.pos += 2;
                let a = self.operand()?;
                self.expect(Tok::Comma)?;
                let b = self.operand()?;
                self.expect(Tok::Close)?;
                return Ok(Expr::Str(f, a, b));
            }
        }
        let left = self.operand()?;
        // A lambda was parsed as a path ending in any/all.
        if let Operand::Path(p) = &left {
            if let Some(last) = p.last() {
                let lower = last.to_ascii_lowercase();
                if (lower == "any" || lower == "all") && self.peek() == Some(&Tok::Open) {
                    return self.lambda(p[..p.len() - 1].to_vec(), lower == "all");
                }
            }
        }
        let op = match self.peek() {
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "eq" => Some(CmpOp::Eq),
                "ne" => Some(CmpOp::Ne),
                "gt" => Some(CmpOp::Gt),
                "ge" => Some(CmpOp::Ge),
                "lt" => Some(CmpOp::Lt),
                "le" => Some(CmpOp::Le),
                _ => None,
            },
            _ => None,
        };
        match op {
            Some(op) => {
                self.pos += 1;
                let right = self.operand()?;
                Ok(Expr::Cmp(op, left, right))
            }
            None => Ok(Expr::Truthy(left)),
        }
    }

    fn lambda(&mut self, nav: Vec<String>, all: bool) -> Result<Expr, QueryError> {
        if nav.len() != 1 {
            return err(
                "Only lambda expressions on a navigation property of the entity are supported.",
            );
        }
        self.expect(Tok::Open)?;
        if self.peek() == Some(&Tok::Close) {
            self.pos += 1;
            return Ok(Expr::Lambda {
                nav: nav[0].clone(),
                var: String::new(),
                body: None,
                all,
            });
        }
        let var = match self.next() {
            Some(Tok::Word(v)) => v,
            _ => return err("Syntax error: a lambda needs a range variable."),
        };
        self.expect(Tok::Colon)?;
        let body = self.or()?;
        self.expect(Tok::Close)?;
        Ok(Expr::Lambda {
            nav: nav[0].clone(),
            var,
            body: Some(Box::new(body)),
            all,
        })
    }

    fn operand(&mut self) -> Result<Operand, QueryError> {
        match self.next() {
            Some(Tok::Lit(l)) => Ok(Operand::Lit(l)),
            Some(Tok::Word(w)) => {
                let mut path = vec![w];
                while self.peek() == Some(&Tok::Slash) {
                    self.pos += 1;
                    match self.next() {
                        Some(Tok::Word(w)) => path.push(w),
                        _ => return err(format!("Syntax error in '{}'.", self.input)),
                    }
                }
                Ok(Operand::Path(path))
            }
            _ => err(format!("Syntax error in '{}'.", self.input)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checking against a schema

/// What a filter may refer to: the declared properties of an entity type and its navigation
/// properties.
pub trait Schema {
    /// Qualified type name for messages (`Microsoft.Dynamics.CRM.systemuser`).
    fn type_name(&self) -> String;
    /// Type of a structural property, `None` if there is no such property.
    fn prop_type(&self, name: &str) -> Option<Edm>;
    /// Target schema of a navigation property and whether it is collection-valued.
    fn nav(&self, name: &str) -> Option<(Box<dyn Schema + '_>, bool)>;
}

fn not_found(schema: &dyn Schema, name: &str) -> QueryError {
    QueryError(format!(
        "Could not find a property named '{name}' on type '{}'.",
        schema.type_name()
    ))
}

/// Resolves a path to its type; lambda variables are in `vars`.
fn path_type(
    schema: &dyn Schema,
    vars: &[(&str, &dyn Schema)],
    path: &[String],
) -> Result<Option<Edm>, QueryError> {
    match vars.iter().rev().find(|(v, _)| *v == path[0]) {
        Some((_, s)) => walk(*s, &path[1..]),
        None => walk(schema, path),
    }
}

fn walk(current: &dyn Schema, rest: &[String]) -> Result<Option<Edm>, QueryError> {
    match rest {
        [] => Ok(Some(Edm::Other)),
        [last] => {
            if let Some(t) = current.prop_type(last) {
                return Ok(Some(t));
            }
            // `lookupnav eq null` compares the navigation property itself.
            match current.nav(last) {
                Some((_, false)) => Ok(None),
                _ => Err(not_found(current, last)),
            }
        }
        [seg, tail @ ..] => match current.nav(seg) {
            Some((target, false)) => walk(target.as_ref(), tail),
            Some((_, true)) => err(format!(
                "The parent value for a property access of a property '{}' is not a single value. Property access can only be applied to a single value.",
                tail[0]
            )),
            None => Err(not_found(current, seg)),
        },
    }
}

/// Checks every path and comparison of `expr` against `schema`, as OData does when it binds a
/// query: unknown properties and incompatible operand types are refused.
pub fn check(expr: &Expr, schema: &dyn Schema) -> Result<(), QueryError> {
    check_in(expr, schema, &[])
}

fn operand_type(
    o: &Operand,
    schema: &dyn Schema,
    vars: &[(&str, &dyn Schema)],
) -> Result<Option<Edm>, QueryError> {
    match o {
        Operand::Lit(l) => Ok(l.edm()),
        Operand::Path(p) => path_type(schema, vars, p),
    }
}

fn compatible(a: Edm, b: Edm) -> bool {
    a == b || a == Edm::Other || b == Edm::Other
}

fn check_in(
    expr: &Expr,
    schema: &dyn Schema,
    vars: &[(&str, &dyn Schema)],
) -> Result<(), QueryError> {
    match expr {
        Expr::Or(a, b) | Expr::And(a, b) => {
            check_in(a, schema, vars)?;
            check_in(b, schema, vars)
        }
        Expr::Not(a) => check_in(a, schema, vars),
        Expr::Truthy(o) => operand_type(o, schema, vars).map(|_| ()),
        Expr::Cmp(op, a, b) => {
            let ta = operand_type(a, schema, vars)?;
            let tb = operand_type(b, schema, vars)?;
            if let (Some(x), Some(y)) = (ta, tb) {
                if !compatible(x, y) {
                    return err(format!(
                        "A binary operator with incompatible types was detected. Found operand types '{}' and '{}' for operator kind '{}'.",
                        x.name(),
                        y.name(),
                        op.kind()
                    ));
                }
            }
            Ok(())
        }
        Expr::Str(_, a, b) => {
            for o in [a, b] {
                if let Some(t) = operand_type(o, schema, vars)? {
                    if t != Edm::String && t != Edm::Other {
                        return err(format!(
                            "No function signature for the function with name 'contains' matches the specified arguments. The function signatures considered are: contains(Edm.String Nullable=true, Edm.String Nullable=true); found '{}'.",
                            t.name()
                        ));
                    }
                }
            }
            Ok(())
        }
        Expr::Lambda { nav, var, body, .. } => {
            let (target, is_collection) = schema.nav(nav).ok_or_else(|| not_found(schema, nav))?;
            if !is_collection {
                return err(format!(
                    "The '{nav}' navigation property is not a collection; 'any' and 'all' need a collection."
                ));
            }
            if let Some(body) = body {
                let mut inner: Vec<(&str, &dyn Schema)> = vars.to_vec();
                inner.push((var.as_str(), target.as_ref()));
                check_in(body, schema, &inner)?;
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// A row being filtered: its properties and navigation properties.
pub trait Scope {
    /// Value of a structural property (or of a single-valued navigation property compared with
    /// `null`); `Null` if absent.
    fn prop(&self, name: &str) -> Value;
    /// The related row of a single-valued navigation property.
    fn single(&self, nav: &str) -> Option<Box<dyn Scope + '_>>;
    /// The related rows of a collection-valued navigation property.
    fn many(&self, nav: &str) -> Vec<Box<dyn Scope + '_>>;
}

/// How strings compare: Dataverse (SQL collation) ignores case; Global Discovery does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Case-insensitive.
    Insensitive,
    /// Case-sensitive.
    Sensitive,
}

/// Evaluates `expr` for one row.
pub fn eval(expr: &Expr, row: &dyn Scope, case: Case) -> bool {
    eval_in(expr, row, &[], case)
}

fn value_of(o: &Operand, row: &dyn Scope, vars: &[(&str, &dyn Scope)]) -> Value {
    match o {
        Operand::Lit(l) => l.to_json(),
        Operand::Path(path) => {
            let (start, rest): (&dyn Scope, &[String]) =
                match vars.iter().rev().find(|(v, _)| *v == path[0]) {
                    Some((_, s)) => (*s, &path[1..]),
                    None => (row, &path[..]),
                };
            resolve(start, rest)
        }
    }
}

fn resolve(row: &dyn Scope, path: &[String]) -> Value {
    match path {
        [] => Value::Null,
        [only] => row.prop(only),
        [nav, rest @ ..] => match row.single(nav) {
            Some(related) => resolve(related.as_ref(), rest),
            None => Value::Null,
        },
    }
}

fn norm(v: &Value, case: Case) -> Value {
    match (v, case) {
        (Value::String(s), Case::Insensitive) => Value::String(s.to_lowercase()),
        _ => v.clone(),
    }
}

fn compare(op: CmpOp, a: &Value, b: &Value, case: Case) -> bool {
    let (a, b) = (norm(a, case), norm(b, case));
    let ord = match (&a, &b) {
        (Value::Null, Value::Null) => Some(std::cmp::Ordering::Equal),
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Number(x), Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
        (Value::String(x), Value::String(y)) => {
            // GUIDs compare without regard to case whatever the collation.
            if is_guid(x) && is_guid(y) {
                Some(x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()))
            } else {
                Some(x.cmp(y))
            }
        }
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    match (op, ord) {
        (CmpOp::Eq, Some(o)) => o.is_eq(),
        (CmpOp::Eq, None) => false,
        (CmpOp::Ne, Some(o)) => !o.is_eq(),
        (CmpOp::Ne, None) => true,
        (CmpOp::Gt, Some(o)) => o.is_gt(),
        (CmpOp::Ge, Some(o)) => o.is_ge(),
        (CmpOp::Lt, Some(o)) => o.is_lt(),
        (CmpOp::Le, Some(o)) => o.is_le(),
        _ => false,
    }
}

fn eval_in(expr: &Expr, row: &dyn Scope, vars: &[(&str, &dyn Scope)], case: Case) -> bool {
    match expr {
        Expr::Or(a, b) => eval_in(a, row, vars, case) || eval_in(b, row, vars, case),
        Expr::And(a, b) => eval_in(a, row, vars, case) && eval_in(b, row, vars, case),
        Expr::Not(a) => !eval_in(a, row, vars, case),
        Expr::Truthy(o) => value_of(o, row, vars) == Value::Bool(true),
        Expr::Cmp(op, a, b) => compare(*op, &value_of(a, row, vars), &value_of(b, row, vars), case),
        Expr::Str(f, a, b) => {
            let (Value::String(hay), Value::String(needle)) = (
                norm(&value_of(a, row, vars), case),
                norm(&value_of(b, row, vars), case),
            ) else {
                return false;
            };
            match f {
                StrFn::Contains => hay.contains(&needle),
                StrFn::StartsWith => hay.starts_with(&needle),
                StrFn::EndsWith => hay.ends_with(&needle),
            }
        }
        Expr::Lambda {
            nav,
            var,
            body,
            all,
        } => {
            let items = row.many(nav);
            #[allow(clippy::borrowed_box)] // `Iterator::all` hands out `&Box<…>`.
            let test = |item: &Box<dyn Scope + '_>| match body {
                None => true,
                Some(body) => {
                    let item: &dyn Scope = item.as_ref();
                    let mut inner: Vec<(&str, &dyn Scope)> = vars.to_vec();
                    inner.push((var.as_str(), item));
                    eval_in(body, row, &inner, case)
                }
            };
            if *all {
                items.iter().all(test)
            } else {
                items.iter().any(test)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// $select, $expand, $orderby, key predicates

/// Splits `s` at top-level commas (not inside parentheses or quotes).
fn split_top(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 && !quoted {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Parses `$select`.
pub fn parse_select(s: &str) -> Vec<String> {
    split_top(s, ',')
}

/// One item of `$expand`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expand {
    /// Navigation property.
    pub nav: String,
    /// Nested `$select`.
    pub select: Option<Vec<String>>,
    /// Nested `$filter`.
    pub filter: Option<Expr>,
    /// Nested `$top`.
    pub top: Option<usize>,
    /// Nested `$orderby`.
    pub orderby: Vec<(String, bool)>,
}

/// Parses `$expand` (`nav($select=a,b;$filter=…;$top=n),other`).
pub fn parse_expand(s: &str) -> Result<Vec<Expand>, QueryError> {
    let mut out = Vec::new();
    for item in split_top(s, ',') {
        let (nav, opts) = match item.find('(') {
            Some(i) if item.ends_with(')') => {
                (item[..i].trim().to_string(), &item[i + 1..item.len() - 1])
            }
            Some(_) => return err(format!("Syntax error in $expand '{s}'.")),
            None => (item.clone(), ""),
        };
        let mut e = Expand {
            nav,
            ..Expand::default()
        };
        for opt in split_top(opts, ';') {
            let Some((k, v)) = opt.split_once('=') else {
                return err(format!("Syntax error in $expand '{s}'."));
            };
            match k.trim().to_ascii_lowercase().as_str() {
                "$select" => e.select = Some(parse_select(v)),
                "$filter" => e.filter = Some(parse_filter(v)?),
                "$top" => {
                    e.top = Some(v.trim().parse().map_err(|_| {
                        QueryError(format!("Invalid value '{v}' for $top query option."))
                    })?)
                }
                "$orderby" => e.orderby = parse_orderby(v)?,
                other => {
                    return err(format!(
                        "The query option '{other}' is not supported inside $expand."
                    ))
                }
            }
        }
        out.push(e);
    }
    Ok(out)
}

/// Parses `$orderby` into `(property, descending)` pairs.
pub fn parse_orderby(s: &str) -> Result<Vec<(String, bool)>, QueryError> {
    split_top(s, ',')
        .into_iter()
        .map(|item| {
            let mut parts = item.split_whitespace();
            let name = parts.next().unwrap_or_default().to_string();
            let desc = match parts.next().map(|d| d.to_ascii_lowercase()) {
                None => false,
                Some(d) if d == "asc" => false,
                Some(d) if d == "desc" => true,
                Some(d) => return err(format!("Syntax error in $orderby: '{d}'.")),
            };
            Ok((name, desc))
        })
        .collect()
}

/// A key predicate: `(guid)` or `(Name='value',Other=1)`.
#[derive(Clone, Debug, PartialEq)]
pub enum Key {
    /// The primary key.
    Id(String),
    /// Alternate key values by property name.
    Alternate(Vec<(String, Literal)>),
}

/// Parses the inside of a key predicate.
pub fn parse_key(inner: &str) -> Result<Key, QueryError> {
    let inner = inner.trim();
    if is_guid(inner) {
        return Ok(Key::Id(inner.to_ascii_lowercase()));
    }
    let mut pairs = Vec::new();
    for part in split_top(inner, ',') {
        let Some((k, v)) = part.split_once('=') else {
            return err(format!("Bad Request - Error in query syntax: '{inner}'."));
        };
        let toks = tokenize(v.trim())?;
        let lit = match toks.as_slice() {
            [Tok::Lit(l)] => l.clone(),
            _ => return err(format!("Bad Request - Error in query syntax: '{inner}'.")),
        };
        pairs.push((k.trim().to_string(), lit));
    }
    if pairs.is_empty() {
        return err(format!("Bad Request - Error in query syntax: '{inner}'."));
    }
    Ok(Key::Alternate(pairs))
}

/// Splits a path segment `name(key)` into the name and the key text.
pub fn split_segment(segment: &str) -> (&str, Option<&str>) {
    match segment.find('(') {
        Some(i) if segment.ends_with(')') => {
            (&segment[..i], Some(&segment[i + 1..segment.len() - 1]))
        }
        _ => (segment, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    struct Row(Value, BTreeMap<String, Vec<Value>>);

    impl Scope for Row {
        fn prop(&self, name: &str) -> Value {
            self.0.get(name).cloned().unwrap_or(Value::Null)
        }
        fn single(&self, nav: &str) -> Option<Box<dyn Scope + '_>> {
            self.0
                .get(nav)
                .filter(|v| v.is_object())
                .map(|v| Box::new(Row(v.clone(), BTreeMap::new())) as Box<dyn Scope>)
        }
        fn many(&self, nav: &str) -> Vec<Box<dyn Scope + '_>> {
            self.1
                .get(nav)
                .map(|items| {
                    items
                        .iter()
                        .map(|v| Box::new(Row(v.clone(), BTreeMap::new())) as Box<dyn Scope>)
                        .collect()
                })
                .unwrap_or_default()
        }
    }

    fn row(v: Value) -> Row {
        Row(v, BTreeMap::new())
    }

    #[test]
    fn parses_the_contract_filters() {
        for f in [
            "_parentbusinessunitid_value eq null",
            "applicationid eq 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "name eq 'Marketo Sync User' and _businessunitid_value eq 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "contains(friendlyname,'Marketo')",
            "_solutionid_value eq 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d and componenttype eq 92",
            "systemuserroles_association/any(r:r/name eq 'Marketo Sync User')",
            "TrialExpirationDate gt 2022-07-14T00:00:00Z and IsUserSysAdmin eq true",
            "(contains(Purpose,'sample') or contains(Purpose,'test')) and not IsUserSysAdmin",
            "name eq 'O''Brien'",
            "AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Lookup'",
        ] {
            parse_filter(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }

    #[test]
    fn evaluates_comparisons_functions_and_lambdas() {
        let r = Row(
            json!({"name": "Marketo Sync User", "n": 92, "id": "ABCDEF01-0000-0000-0000-000000000000", "p": null}),
            BTreeMap::from([(
                "roles".to_string(),
                vec![
                    json!({"name": "Basic User"}),
                    json!({"name": "Marketo Sync User"}),
                ],
            )]),
        );
        let t = |f: &str| eval(&parse_filter(f).unwrap(), &r, Case::Insensitive);
        assert!(t("name eq 'marketo sync user'"));
        assert!(!eval(
            &parse_filter("name eq 'marketo sync user'").unwrap(),
            &r,
            Case::Sensitive
        ));
        assert!(t("n eq 92 and n gt 90 and n le 92"));
        assert!(t("id eq abcdef01-0000-0000-0000-000000000000"));
        assert!(t("p eq null and missing eq null"));
        assert!(t(
            "startswith(name,'Marketo') and endswith(name,'User') and contains(name,'Sync')"
        ));
        assert!(t("roles/any(r:r/name eq 'Marketo Sync User')"));
        assert!(!t("roles/all(r:r/name eq 'Marketo Sync User')"));
        assert!(t("not (n eq 1) or n eq 1"));
        assert!(t("name eq Some.Enum'Marketo Sync User'"));
        assert!(!eval(
            &parse_filter("x eq 1").unwrap(),
            &row(json!({})),
            Case::Insensitive
        ));
    }

    struct S;
    impl Schema for S {
        fn type_name(&self) -> String {
            "Microsoft.Dynamics.CRM.systemuser".into()
        }
        fn prop_type(&self, name: &str) -> Option<Edm> {
            match name {
                "applicationid" => Some(Edm::Guid),
                "fullname" => Some(Edm::String),
                _ => None,
            }
        }
        fn nav(&self, _: &str) -> Option<(Box<dyn Schema + '_>, bool)> {
            None
        }
    }

    #[test]
    fn checking_refuses_unknown_properties_and_quoted_guids() {
        let e = check(
            &parse_filter("applicationid eq '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'").unwrap(),
            &S,
        )
        .unwrap_err();
        assert!(
            e.0.contains("Found operand types 'Edm.Guid' and 'Edm.String'"),
            "{e}"
        );
        let e = check(&parse_filter("nme eq 'x'").unwrap(), &S).unwrap_err();
        assert_eq!(
            e.0,
            "Could not find a property named 'nme' on type 'Microsoft.Dynamics.CRM.systemuser'."
        );
        check(
            &parse_filter("applicationid eq null and fullname ne 'x'").unwrap(),
            &S,
        )
        .unwrap();
    }

    #[test]
    fn expand_select_keys_and_equalities() {
        let e = parse_expand("publisherid($select=uniquename,customizationprefix),systemuserroles_association($select=name;$top=3)").unwrap();
        assert_eq!(e[0].nav, "publisherid");
        assert_eq!(
            e[0].select.as_deref().unwrap(),
            ["uniquename", "customizationprefix"]
        );
        assert_eq!(e[1].top, Some(3));
        assert_eq!(
            parse_key("LogicalName='lead'").unwrap(),
            Key::Alternate(vec![("LogicalName".into(), Literal::Str("lead".into()))])
        );
        assert_eq!(
            parse_key("5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D").unwrap(),
            Key::Id("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into())
        );
        let f = parse_filter("a eq 1 and (b eq 2 or c eq 3) and d eq 'x'").unwrap();
        let eqs: Vec<&str> = f.equalities().into_iter().map(|(p, _)| p).collect();
        assert_eq!(eqs, ["a", "d"]);
        assert_eq!(split_segment("roles(abc)"), ("roles", Some("abc")));
    }
}
