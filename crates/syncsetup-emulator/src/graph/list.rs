//! What Graph's directory-object collections the emulator lists (applications, service
//! principals) share: which `$filter` clauses each accepts, narrowing by the indexed properties,
//! and one page with its `$count`. Each collection says only what differs — its filterable
//! properties, its index lookups, how an object matches and how it renders.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::odata::Clause;
use super::Req;
use crate::error::GraphError;

/// The properties a collection's `$filter` may name, by operator. Graph refuses any other with
/// `Request_UnsupportedQuery` (microsoft-graph-docs-contrib `concepts/aad-advanced-queries.md`
/// lists, per object, the properties and operators a filter supports; those the emulator does not
/// model are refused too, the stricter reading).
pub(super) struct Filterable {
    /// The resource as Graph's error message names it (`Application`).
    pub resource: &'static str,
    /// Properties `startswith(p, 'x')` may name.
    pub starts_with: &'static [&'static str],
    /// Collections `p/any(x: x eq 'v')` may name.
    pub any_eq: &'static [&'static str],
    /// Properties `eq` and `in` may name.
    pub eq: &'static [&'static str],
}

impl Filterable {
    /// The request's `$filter` clauses, each checked against the published schema and against
    /// what this collection accepts.
    pub(super) fn clauses(&self, req: &Req<'_>) -> Result<Vec<Clause>, GraphError> {
        let clauses = req.filter_on(self.resource)?;
        for c in &clauses {
            let allowed = match c {
                Clause::StartsWith(..) => self.starts_with,
                Clause::AnyEq(..) => self.any_eq,
                _ => self.eq,
            };
            if !allowed.iter().any(|p| p.eq_ignore_ascii_case(c.property())) {
                return Err(req.unsupported_filter(c.property(), self.resource));
            }
        }
        Ok(clauses)
    }
}

/// Narrows `result` to `ids`: filter clauses are joined with `and`.
pub(super) fn narrow(result: &mut Option<BTreeSet<String>>, ids: Option<BTreeSet<String>>) {
    if let Some(ids) = ids {
        *result = Some(match result.take() {
            Some(prev) => prev.intersection(&ids).cloned().collect(),
            None => ids,
        });
    }
}

/// How one collection is read for a page.
pub(super) struct Listing<'d, T, ById, After, Keep, Render> {
    /// Object ids the indexed clauses allow, or `None` to scan the whole collection.
    pub indexed: Option<BTreeSet<String>>,
    /// An object by id (live objects only).
    pub by_id: ById,
    /// The live objects in id order, after a skip token.
    pub after: After,
    /// Whether an object matches every clause.
    pub keep: Keep,
    /// An object as Graph returns it.
    pub render: Render,
    /// Ties the closures to the directory they read.
    pub objects: std::marker::PhantomData<&'d T>,
}

/// An object's id and its rendering, as [`Req::page`] takes them.
pub(super) type Rendered = (String, Map<String, Value>);

/// One page of a collection (at most `page + 1` objects after `skip`, so the caller can tell
/// that a next page exists) and the number of matches for `$count`.
pub(super) fn page_of<'d, T, ById, After, Iter, Keep, Render>(
    req: &Req<'_>,
    page: usize,
    skip: Option<&'d str>,
    id_of: fn(&T) -> &str,
    listing: Listing<'d, T, ById, After, Keep, Render>,
) -> (Vec<Rendered>, usize)
where
    T: 'd,
    ById: Fn(&str) -> Option<&'d T>,
    After: Fn(Option<&'d str>) -> Iter,
    Iter: Iterator<Item = &'d T>,
    Keep: Fn(&T) -> bool,
    Render: Fn(&T) -> Map<String, Value>,
{
    let Listing {
        indexed,
        by_id,
        after,
        keep,
        render,
        ..
    } = listing;
    let one = |o: &T| (id_of(o).to_owned(), render(o));
    match indexed {
        Some(ids) => {
            let matching: Vec<&T> = ids
                .iter()
                .filter_map(|id| by_id(id))
                .filter(|o| keep(o))
                .collect();
            let count = matching.len();
            let items = matching
                .into_iter()
                .filter(|o| skip.is_none_or(|x| id_of(o) > x))
                .take(page + 1)
                .map(one)
                .collect();
            (items, count)
        }
        None => {
            let items = after(skip)
                .filter(|o| keep(o))
                .take(page + 1)
                .map(one)
                .collect();
            let count = if req.wants_count() {
                after(None).filter(|o| keep(o)).count()
            } else {
                0
            };
            (items, count)
        }
    }
}
