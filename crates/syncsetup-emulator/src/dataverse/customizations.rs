//! Publishing customizations (powerapps-docs
//! `powerapps-docs/developer/model-driven-apps/publish-customizations.md`): which customizations
//! wait to be published, how a client sees them and how `PublishAllXml` and `PublishXml` publish
//! them.
//!
//! Microsoft documents two ways to read unpublished definitions ("Publish customizations",
//! "Retrieving unpublished metadata"): `RetrieveAsIfPublished` for table, column and relationship
//! definitions, and `RetrieveUnpublished[Multiple]` for user-interface rows — forms, views, web
//! resources, site maps, apps. The emulator models the second: each environment keeps a list of
//! pending customizations ([`super::store::Pending`]); one that edited a UI row makes that row
//! show `componentstate` 1 ("Unpublished") through
//! `<set>/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()` until a publish, while a plain
//! `GET <set>` keeps answering the published row (`componentstate` 0).
//!
//! The same page says customizations are published automatically when items are created or
//! deleted, so a column created through `EntityDefinitions(…)/Attributes` changes no UI row and
//! is invisible to these probes; it is still listed (as before) in the test controls' dump, so
//! tests can see that a publish followed it.

use axum::http::Method;
use axum::response::Response;
use serde_json::Value;

use super::records;
use super::store::{EntityMeta, Org};
use super::{require, Ctx, DvError};

/// The bound function's segment, as Microsoft's examples write it.
const RETRIEVE_UNPUBLISHED_MULTIPLE: &str = "Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple";

/// Tables of this emulator that `RetrieveUnpublishedMultiple` is bound to (its reference page
/// lists these among others).
pub const BOUND_TABLES: &[&str] = &[
    "systemform",
    "savedquery",
    "webresource",
    "sitemap",
    "appmodule",
];

/// Whether a path segment calls `RetrieveUnpublishedMultiple` (a function: parentheses required).
pub fn is_retrieve_unpublished_multiple(segment: &str) -> bool {
    segment
        .strip_suffix("()")
        .is_some_and(|name| name == RETRIEVE_UNPUBLISHED_MULTIPLE)
}

/// `GET <set>/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()`: the table's rows as they
/// would be after a publish, rows with unpublished changes carrying `componentstate` 1. The
/// function is composable, so `$select`, `$filter`, `$top`, … apply as to the set itself.
pub fn retrieve_unpublished_multiple(
    ctx: &Ctx<'_>,
    org: &Org,
    entity: &EntityMeta,
) -> Result<Response, DvError> {
    if !BOUND_TABLES.contains(&entity.logical_name.as_str()) {
        return Err(DvError::no_segment(RETRIEVE_UNPUBLISHED_MULTIPLE));
    }
    if ctx.method != Method::GET {
        return Err(DvError::method(&ctx.method));
    }
    // The unpublished layer of a handful of UI rows: a copy is cheaper than threading an overlay
    // through the query engine.
    let mut layer = org.tables[&entity.logical_name].clone();
    for pending in &org.unpublished {
        let Some((table, id)) = &pending.component else {
            continue;
        };
        if *table == entity.logical_name {
            let mut change = serde_json::Map::new();
            change.insert("componentstate".into(), Value::from(1));
            layer.update(id, change);
        }
    }
    records::query_layer(ctx, org, entity, &layer)
}

/// `PublishAllXml`: publishes every pending customization.
pub fn publish_all(ctx: &Ctx<'_>, org: &mut Org) -> Result<Response, DvError> {
    if ctx.method != Method::POST {
        return Err(DvError::method(&ctx.method));
    }
    ctx.json_body()?;
    require(org, &ctx.caller, "prvPublishCustomization", "", "", 0)?;
    org.unpublished.clear();
    Ok(ctx.no_content(None))
}

/// `PublishXml`: publishes what `ParameterXml` names (Microsoft's "Publish request schema"):
/// tables by logical name in `<entities><entity>` (with their forms and views), web resources,
/// dashboards (forms) and apps by id, and the site map when any `<sitemap>` is present.
pub fn publish_xml(ctx: &Ctx<'_>, org: &mut Org) -> Result<Response, DvError> {
    if ctx.method != Method::POST {
        return Err(DvError::method(&ctx.method));
    }
    let body = ctx.json_body()?;
    let xml = body
        .get("ParameterXml")
        .and_then(Value::as_str)
        .ok_or_else(|| DvError::bad_request("Required parameter 'ParameterXml' is missing."))?
        .to_ascii_lowercase();
    require(org, &ctx.caller, "prvPublishCustomization", "", "", 0)?;
    let tables = elements(&xml, "entity");
    let ids = |tag: &str| {
        elements(&xml, tag)
            .into_iter()
            .map(|id| id.trim_matches(|c| c == '{' || c == '}').to_string())
            .collect::<Vec<_>>()
    };
    let web_resources = ids("webresource");
    let dashboards = ids("dashboard");
    let apps = ids("appmodule");
    // The schema notes that a `<sitemap>` node's value is not used: its presence publishes.
    let sitemap = !elements(&xml, "sitemap").is_empty();
    org.unpublished.retain(|pending| {
        let by_table = pending
            .entity
            .as_ref()
            .is_some_and(|e| tables.iter().any(|t| t.eq_ignore_ascii_case(e)));
        let by_component = match &pending.component {
            Some((table, id)) => match table.as_str() {
                "webresource" => web_resources.contains(id),
                "systemform" => dashboards.contains(id),
                "appmodule" => apps.contains(id),
                "sitemap" => sitemap,
                _ => false,
            },
            None => false,
        };
        !(by_table || by_component)
    });
    Ok(ctx.no_content(None))
}

/// The trimmed texts of every `<tag>…</tag>` in a (lowercased) XML string.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|s| s.split(close.as_str()).next())
        .map(|s| s.trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_reads_the_named_nodes_only() {
        let xml = "<importexportxml><entities><entity>lead</entity><entity> contact </entity></entities><webresources><webresource>{abc}</webresource></webresources></importexportxml>";
        assert_eq!(elements(xml, "entity"), ["lead", "contact"]);
        assert_eq!(elements(xml, "webresource"), ["{abc}"]);
        assert!(elements(xml, "sitemap").is_empty());
    }

    #[test]
    fn only_the_namespaced_call_with_parentheses_is_the_function() {
        assert!(is_retrieve_unpublished_multiple(
            "Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()"
        ));
        assert!(!is_retrieve_unpublished_multiple(
            "Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple"
        ));
        assert!(!is_retrieve_unpublished_multiple(
            "RetrieveUnpublishedMultiple()"
        ));
    }
}
