//! Table, column and relationship definitions as the Web API serves them: `EntityDefinitions`
//! (by `MetadataId` or `LogicalName`), their `Attributes` (with type casts such as
//! `/Microsoft.Dynamics.CRM.LookupAttributeMetadata`, whose `Targets` only exist on the derived
//! type), `ManyToOneRelationships`/`OneToManyRelationships`/`ManyToManyRelationships`,
//! `RelationshipDefinitions` (with its own casts), column creation, and a compact `$metadata`
//! document. The JSON is generated from the same definitions the row handlers obey, so what a
//! client discovers here (the Marketo Config table's entity set, its "Marketo User" lookup and
//! navigation property) is what works against the rows.
//!
//! Creating a column follows the documented rules: the `@odata.type` says which kind, the schema
//! name must start with the customization prefix of the publisher of the solution named by
//! `MSCRM.SolutionUniqueName` (the default solution's publisher otherwise), and a duplicate name
//! is refused; the new column waits to be published (`PublishAllXml`).

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::odata::{self, Case, Key, Literal};
use super::records::parse_options;
use super::store::{
    stable_id, AttrKind, AttrMeta, EntityMeta, JsonSchema, JsonScope, Org, Pending,
};
use super::{require, Ctx, DvError};

const CRM: &str = "Microsoft.Dynamics.CRM.";

fn label(text: &str, managed: bool, seed: &str) -> Value {
    let localized = json!({
        "Label": text,
        "LanguageCode": 1033,
        "IsManaged": managed,
        "MetadataId": stable_id(&format!("label|{seed}")),
        "HasChanged": null,
    });
    json!({"LocalizedLabels": [localized.clone()], "UserLocalizedLabel": localized})
}

fn managed_property(value: bool, name: &str) -> Value {
    json!({"Value": value, "CanBeChanged": true, "ManagedPropertyLogicalName": name})
}

/// `EntityMetadata` JSON (the properties the emulator models).
pub fn entity_json(e: &EntityMeta) -> Map<String, Value> {
    let v = json!({
        "MetadataId": e.metadata_id,
        "LogicalName": e.logical_name,
        "SchemaName": e.schema_name,
        "EntitySetName": e.entity_set_name,
        "LogicalCollectionName": e.entity_set_name,
        "CollectionSchemaName": format!("{}s", e.schema_name),
        "PrimaryIdAttribute": e.primary_id,
        "PrimaryNameAttribute": if e.primary_name.is_empty() { Value::Null } else { json!(e.primary_name) },
        "ObjectTypeCode": e.object_type_code,
        "IsCustomEntity": e.is_custom,
        "IsManaged": e.is_managed,
        "IsActivity": false,
        "IsIntersect": false,
        "IsValidForAdvancedFind": true,
        "OwnershipType": e.ownership,
        "TableType": "Standard",
        "IsCustomizable": managed_property(true, "iscustomizable"),
        "DisplayName": label(&e.display_name, e.is_managed, &format!("{}|display", e.logical_name)),
        "DisplayCollectionName": label(&e.display_collection_name, e.is_managed, &format!("{}|plural", e.logical_name)),
        "Description": label("", e.is_managed, &format!("{}|description", e.logical_name)),
        "Privileges": privileges_json(e),
    });
    v.as_object().cloned().expect("an object")
}

/// `EntityMetadata.Privileges`: a `SecurityPrivilegeMetadata` per privilege type of the table
/// (powerapps-docs Web API reference, `securityprivilegemetadata.md`; `PrivilegeType` members
/// Create, Read, Write, Delete, Assign, Share, Append, AppendTo). The names are the ones the row
/// handlers and `RetrieveUserPrivilegeByPrivilegeName` enforce, so a client that asks by the
/// listed name is judged by the same rule. An organization-owned table's privileges can only be
/// global: "for organization-owned tables … [privileges] will only have Organization or None
/// types" (MicrosoftDocs/power-platform `power-platform/admin/security-roles-privileges.md`).
/// That they have no Assign or Share is our reading (no user or team owns such rows to assign or
/// share); nothing documents it either way.
fn privileges_json(e: &EntityMeta) -> Value {
    let user_owned = e.ownership != "OrganizationOwned";
    let types = [
        "Create", "Read", "Write", "Delete", "Assign", "Share", "Append", "AppendTo",
    ];
    Value::Array(
        types
            .iter()
            .filter(|t| user_owned || !matches!(**t, "Assign" | "Share"))
            .map(|t| {
                let (name, ..) = super::records::privilege(e, t);
                json!({
                    "CanBeBasic": user_owned,
                    "CanBeDeep": user_owned,
                    "CanBeGlobal": true,
                    "CanBeLocal": user_owned,
                    "CanBeEntityReference": false,
                    "CanBeParentEntityReference": false,
                    "CanBeRecordFilter": false,
                    "PrivilegeId": stable_id(&format!("privilege|{name}")),
                    "Name": name,
                    "PrivilegeType": t,
                })
            })
            .collect(),
    )
}

/// Properties of `AttributeMetadata` and of the derived types the emulator models.
fn attribute_props(type_name: &str) -> Vec<&'static str> {
    let mut base = vec![
        "MetadataId",
        "LogicalName",
        "SchemaName",
        "EntityLogicalName",
        "AttributeType",
        "AttributeTypeName",
        "DisplayName",
        "Description",
        "IsCustomAttribute",
        "IsManaged",
        "IsPrimaryId",
        "IsPrimaryName",
        "IsValidForCreate",
        "IsValidForRead",
        "IsValidForUpdate",
        "RequiredLevel",
        "ColumnNumber",
        "AttributeOf",
        "IsLogical",
    ];
    match type_name {
        "LookupAttributeMetadata" => base.extend(["Targets", "Format"]),
        "BooleanAttributeMetadata" => base.extend(["DefaultValue", "OptionSet"]),
        "StringAttributeMetadata" => base.extend(["MaxLength", "FormatName"]),
        "PicklistAttributeMetadata" | "StateAttributeMetadata" | "StatusAttributeMetadata" => {
            base.extend(["DefaultFormValue", "OptionSet"])
        }
        _ => {}
    }
    base
}

fn option_json(value: i64, text: &str, seed: &str, managed: bool) -> Value {
    json!({"Value": value, "Color": null, "IsManaged": managed, "Label": label(text, managed, seed), "Description": label("", managed, &format!("{seed}|d"))})
}

/// The option set of a Boolean, picklist, state or status column (`$expand=OptionSet`).
fn option_set_json(entity: &str, a: &AttrMeta) -> Value {
    let seed = format!("{entity}|{}|options", a.logical_name);
    match a.kind {
        AttrKind::Boolean => {
            let text = |v: i64| {
                a.options
                    .iter()
                    .find(|(n, _)| *n == v)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default()
            };
            json!({
                "MetadataId": stable_id(&seed),
                "Name": format!("{entity}_{}", a.logical_name),
                "OptionSetType": "Boolean",
                "IsGlobal": false,
                "IsCustomOptionSet": a.is_custom,
                "TrueOption": option_json(1, &text(1), &format!("{seed}|1"), a.is_managed),
                "FalseOption": option_json(0, &text(0), &format!("{seed}|0"), a.is_managed),
            })
        }
        _ => json!({
            "MetadataId": stable_id(&seed),
            "Name": format!("{entity}_{}", a.logical_name),
            "OptionSetType": match a.kind { AttrKind::State => "State", AttrKind::Status => "Status", _ => "Picklist" },
            "IsGlobal": false,
            "IsCustomOptionSet": a.is_custom,
            "Options": a.options.iter().map(|(v, l)| option_json(*v, l, &format!("{seed}|{v}"), a.is_managed)).collect::<Vec<_>>(),
        }),
    }
}

/// `AttributeMetadata` JSON with its derived type's properties.
pub fn attribute_json(
    e: &EntityMeta,
    a: &AttrMeta,
    n: usize,
    expand_options: bool,
) -> Map<String, Value> {
    let mut v = json!({
        "@odata.type": format!("#{CRM}{}", a.kind.metadata_type()),
        "MetadataId": a.metadata_id,
        "LogicalName": a.logical_name,
        "SchemaName": a.schema_name,
        "EntityLogicalName": e.logical_name,
        "AttributeType": a.kind.attribute_type(),
        "AttributeTypeName": {"Value": format!("{}Type", a.kind.attribute_type())},
        "DisplayName": label(&a.display_name, a.is_managed, &format!("{}|{}|display", e.logical_name, a.logical_name)),
        "Description": label(&a.description, a.is_managed, &format!("{}|{}|description", e.logical_name, a.logical_name)),
        "IsCustomAttribute": a.is_custom,
        "IsManaged": a.is_managed,
        "IsPrimaryId": a.logical_name == e.primary_id,
        "IsPrimaryName": a.logical_name == e.primary_name,
        "IsValidForCreate": a.valid_for_create,
        "IsValidForRead": true,
        "IsValidForUpdate": a.valid_for_update,
        "RequiredLevel": {"Value": a.required_level, "CanBeChanged": true, "ManagedPropertyLogicalName": "canmodifyrequirementlevelsettings"},
        "ColumnNumber": n + 1,
        "AttributeOf": null,
        "IsLogical": false,
    });
    let m = v.as_object_mut().expect("an object");
    match a.kind {
        AttrKind::Lookup | AttrKind::Owner => {
            m.insert("Targets".into(), json!(a.targets));
            m.insert("Format".into(), json!("None"));
        }
        AttrKind::Boolean => {
            m.insert(
                "DefaultValue".into(),
                json!(a.default_value.unwrap_or(false)),
            );
        }
        AttrKind::String => {
            m.insert("MaxLength".into(), json!(a.max_length.unwrap_or(100)));
            m.insert("FormatName".into(), json!({"Value": "Text"}));
        }
        AttrKind::Picklist | AttrKind::State | AttrKind::Status => {
            m.insert("DefaultFormValue".into(), json!(-1));
        }
        _ => {}
    }
    if expand_options
        && matches!(
            a.kind,
            AttrKind::Boolean | AttrKind::Picklist | AttrKind::State | AttrKind::Status
        )
    {
        m.insert("OptionSet".into(), option_set_json(&e.logical_name, a));
    }
    v.as_object().cloned().expect("an object")
}

/// Relationship JSON (one-to-many, seen from either side, or many-to-many).
fn one_to_many_json(r: &super::store::OneToMany) -> Map<String, Value> {
    json!({
        "@odata.type": format!("#{CRM}OneToManyRelationshipMetadata"),
        "MetadataId": r.metadata_id,
        "SchemaName": r.schema_name,
        "RelationshipType": "OneToManyRelationship",
        "IsCustomRelationship": r.is_custom,
        "IsManaged": r.is_managed,
        "ReferencedEntity": r.referenced_entity,
        "ReferencedAttribute": r.referenced_attribute,
        "ReferencingEntity": r.referencing_entity,
        "ReferencingAttribute": r.referencing_attribute,
        "ReferencedEntityNavigationPropertyName": r.referenced_nav,
        "ReferencingEntityNavigationPropertyName": r.referencing_nav,
        "IsHierarchical": r.referenced_entity == r.referencing_entity,
    })
    .as_object()
    .cloned()
    .expect("an object")
}

fn many_to_many_json(r: &super::store::ManyToMany) -> Map<String, Value> {
    json!({
        "@odata.type": format!("#{CRM}ManyToManyRelationshipMetadata"),
        "MetadataId": r.metadata_id,
        "SchemaName": r.schema_name,
        "RelationshipType": "ManyToManyRelationship",
        "IsCustomRelationship": r.is_custom,
        "IsManaged": r.is_managed,
        "Entity1LogicalName": r.entity1,
        "Entity2LogicalName": r.entity2,
        "IntersectEntityName": r.intersect,
        "Entity1IntersectAttribute": r.entity1_attr,
        "Entity2IntersectAttribute": r.entity2_attr,
        "Entity1NavigationPropertyName": r.entity1_nav,
        "Entity2NavigationPropertyName": r.entity2_nav,
    })
    .as_object()
    .cloned()
    .expect("an object")
}

/// Applies `$filter`, `$select` (always keeping `MetadataId`) to metadata objects and answers the
/// collection.
fn answer_collection(
    ctx: &Ctx<'_>,
    type_name: &str,
    allowed: &[&str],
    items: Vec<Map<String, Value>>,
    context: &str,
) -> Result<Response, DvError> {
    let opts = parse_options(&ctx.query)?;
    let schema = schema_for(type_name, allowed);
    if let Some(f) = &opts.filter {
        odata::check(f, &schema)?;
    }
    check_metadata_select(type_name, allowed, opts.select.as_deref())?;
    let value: Vec<Value> = items
        .into_iter()
        .filter(|m| {
            opts.filter
                .as_ref()
                .is_none_or(|f| odata::eval(f, &JsonScope(m), Case::Insensitive))
        })
        .map(|m| Value::Object(project(m, opts.select.as_deref())))
        .collect();
    let select = opts
        .select
        .as_ref()
        .map(|s| format!("({})", s.join(",")))
        .unwrap_or_default();
    Ok(ctx.ok(
        StatusCode::OK,
        &json!({"@odata.context": ctx.context(&format!("{context}{select}")), "value": value}),
        &[],
    ))
}

fn answer_single(
    ctx: &Ctx<'_>,
    type_name: &str,
    allowed: &[&str],
    item: Map<String, Value>,
    context: &str,
) -> Result<Response, DvError> {
    let opts = parse_options(&ctx.query)?;
    check_metadata_select(type_name, allowed, opts.select.as_deref())?;
    let select = opts
        .select
        .as_ref()
        .map(|s| format!("({})", s.join(",")))
        .unwrap_or_default();
    let mut body = project(item, opts.select.as_deref());
    body.insert(
        "@odata.context".into(),
        json!(ctx.context(&format!("{context}{select}/$entity"))),
    );
    Ok(ctx.ok(StatusCode::OK, &Value::Object(body), &[]))
}

fn schema_for(type_name: &str, allowed: &[&str]) -> JsonSchema {
    let mut sample = Map::new();
    for p in allowed {
        let v = match *p {
            "MetadataId" => json!("00000000-0000-0000-0000-000000000000"),
            "ObjectTypeCode" | "ColumnNumber" => json!(0),
            p if p.starts_with("Is") || p == "DefaultValue" => json!(false),
            "DisplayName"
            | "Description"
            | "DisplayCollectionName"
            | "RequiredLevel"
            | "AttributeTypeName"
            | "IsCustomizable"
            | "Targets"
            | "OptionSet"
            | "FormatName" => {
                json!({})
            }
            _ => json!(""),
        };
        sample.insert(p.to_string(), v);
    }
    JsonSchema::from_sample(&format!("{CRM}{type_name}"), &sample)
}

fn check_metadata_select(
    type_name: &str,
    allowed: &[&str],
    select: Option<&[String]>,
) -> Result<(), DvError> {
    for name in select.unwrap_or_default() {
        if !allowed.contains(&name.as_str()) {
            return Err(DvError::bad_request(format!(
                "Could not find a property named '{name}' on type '{CRM}{type_name}'."
            )));
        }
    }
    Ok(())
}

fn project(mut m: Map<String, Value>, select: Option<&[String]>) -> Map<String, Value> {
    let Some(select) = select else {
        return m;
    };
    let mut out = Map::new();
    if let Some(t) = m.remove("@odata.type") {
        out.insert("@odata.type".into(), t);
    }
    // Expanded navigation properties stay whatever `$select` says.
    for name in select.iter().map(String::as_str).chain([
        "MetadataId",
        "OptionSet",
        "Attributes",
        "ManyToOneRelationships",
        "OneToManyRelationships",
        "ManyToManyRelationships",
    ]) {
        if let Some(v) = m.get(name) {
            out.insert(name.to_string(), v.clone());
        }
    }
    out
}

const ENTITY_PROPS: &[&str] = &[
    "MetadataId",
    "LogicalName",
    "SchemaName",
    "EntitySetName",
    "LogicalCollectionName",
    "CollectionSchemaName",
    "PrimaryIdAttribute",
    "PrimaryNameAttribute",
    "ObjectTypeCode",
    "IsCustomEntity",
    "IsManaged",
    "IsActivity",
    "IsIntersect",
    "IsValidForAdvancedFind",
    "OwnershipType",
    "TableType",
    "IsCustomizable",
    "DisplayName",
    "DisplayCollectionName",
    "Description",
    "Privileges",
    "Attributes",
    "ManyToOneRelationships",
    "OneToManyRelationships",
    "ManyToManyRelationships",
];

const ONE_TO_MANY_PROPS: &[&str] = &[
    "MetadataId",
    "SchemaName",
    "RelationshipType",
    "IsCustomRelationship",
    "IsManaged",
    "ReferencedEntity",
    "ReferencedAttribute",
    "ReferencingEntity",
    "ReferencingAttribute",
    "ReferencedEntityNavigationPropertyName",
    "ReferencingEntityNavigationPropertyName",
    "IsHierarchical",
];

const MANY_TO_MANY_PROPS: &[&str] = &[
    "MetadataId",
    "SchemaName",
    "RelationshipType",
    "IsCustomRelationship",
    "IsManaged",
    "Entity1LogicalName",
    "Entity2LogicalName",
    "IntersectEntityName",
    "Entity1IntersectAttribute",
    "Entity2IntersectAttribute",
    "Entity1NavigationPropertyName",
    "Entity2NavigationPropertyName",
];

const RELATIONSHIP_BASE_PROPS: &[&str] = &[
    "MetadataId",
    "SchemaName",
    "RelationshipType",
    "IsCustomRelationship",
    "IsManaged",
];

/// Expands the collection-valued navigation properties of a table definition (`Attributes` with
/// the common `AttributeMetadata` properties only, and the three relationship collections), with
/// nested `$select`, `$filter` and `$top` (query-metadata-web-api.md).
fn expand_entity(
    org: &Org,
    e: &EntityMeta,
    item: &mut Map<String, Value>,
    expands: &[odata::Expand],
) -> Result<(), DvError> {
    for x in expands {
        let base = attribute_props("AttributeMetadata");
        let (type_name, allowed, items): (&str, Vec<&str>, Vec<Map<String, Value>>) =
            match x.nav.as_str() {
                "Attributes" => (
                    "AttributeMetadata",
                    base.clone(),
                    e.attributes
                        .iter()
                        .enumerate()
                        .map(|(n, a)| {
                            let mut m = attribute_json(e, a, n, false);
                            // Only the base type's properties come back through this path.
                            m.retain(|k, _| k == "@odata.type" || base.contains(&k.as_str()));
                            m
                        })
                        .collect(),
                ),
                "ManyToOneRelationships" | "OneToManyRelationships" => {
                    let to_one = x.nav == "ManyToOneRelationships";
                    (
                        "OneToManyRelationshipMetadata",
                        ONE_TO_MANY_PROPS.to_vec(),
                        org.one_to_many
                            .iter()
                            .filter(|r| {
                                if to_one {
                                    r.referencing_entity == e.logical_name
                                } else {
                                    r.referenced_entity == e.logical_name
                                }
                            })
                            .map(one_to_many_json)
                            .collect(),
                    )
                }
                "ManyToManyRelationships" => (
                    "ManyToManyRelationshipMetadata",
                    MANY_TO_MANY_PROPS.to_vec(),
                    org.many_to_many
                        .iter()
                        .filter(|r| r.entity1 == e.logical_name || r.entity2 == e.logical_name)
                        .map(many_to_many_json)
                        .collect(),
                ),
                other => {
                    return Err(DvError::bad_request(format!(
                        "Could not find a property named '{other}' on type '{CRM}EntityMetadata'."
                    )))
                }
            };
        check_metadata_select(type_name, &allowed, x.select.as_deref())?;
        if let Some(f) = &x.filter {
            odata::check(f, &schema_for(type_name, &allowed))?;
        }
        let mut out: Vec<Value> = items
            .into_iter()
            .filter(|m| {
                x.filter
                    .as_ref()
                    .is_none_or(|f| odata::eval(f, &JsonScope(m), Case::Insensitive))
            })
            .map(|m| Value::Object(project(m, x.select.as_deref())))
            .collect();
        if let Some(top) = x.top {
            out.truncate(top);
        }
        item.insert(x.nav.clone(), Value::Array(out));
    }
    Ok(())
}

/// Finds a table definition by key (`(guid)` or `(LogicalName='x')`).
fn find_entity<'a>(org: &'a Org, key: &str) -> Result<&'a EntityMeta, DvError> {
    let found = match odata::parse_key(key)? {
        Key::Id(id) => org.entities.values().find(|e| e.metadata_id == id),
        Key::Alternate(pairs) => match pairs.as_slice() {
            [(k, Literal::Str(v))] if k == "LogicalName" => org.entities.get(&v.to_ascii_lowercase()),
            _ => {
                return Err(DvError::bad_request(format!(
                    "The key '{key}' is not valid for EntityDefinitions: use the MetadataId or LogicalName."
                )))
            }
        },
    };
    found.ok_or_else(|| {
        DvError::new(
            StatusCode::NOT_FOUND,
            "0x80040217",
            format!("Could not find entity with key {key}."),
        )
    })
}

/// `EntityDefinitions…`.
pub fn entity_definitions(ctx: &Ctx<'_>, org: &mut Org) -> Result<Response, DvError> {
    let segs = &ctx.segments;
    let (_, key) = odata::split_segment(&segs[0]);
    let Some(key) = key else {
        if segs.len() != 1 {
            return Err(DvError::no_segment(&segs[1]));
        }
        if ctx.method != Method::GET {
            return Err(DvError::method(&ctx.method));
        }
        let expand = parse_options(&ctx.query)?.expand;
        let mut items = Vec::new();
        for e in org.entities.values() {
            let mut item = entity_json(e);
            expand_entity(org, e, &mut item, &expand)?;
            items.push(item);
        }
        return answer_collection(
            ctx,
            "EntityMetadata",
            ENTITY_PROPS,
            items,
            "EntityDefinitions",
        );
    };
    let entity = find_entity(org, key)?.clone();
    let base_context = format!("EntityDefinitions({})", entity.metadata_id);
    match segs.len() {
        1 => {
            if ctx.method != Method::GET {
                return Err(DvError::method(&ctx.method));
            }
            let mut item = entity_json(&entity);
            expand_entity(org, &entity, &mut item, &parse_options(&ctx.query)?.expand)?;
            answer_single(
                ctx,
                "EntityMetadata",
                ENTITY_PROPS,
                item,
                "EntityDefinitions",
            )
        }
        _ => {
            let (nav, nav_key) = odata::split_segment(&segs[1]);
            match nav {
                "Attributes" => attributes(ctx, org, &entity, nav_key, &segs[2..], &base_context),
                "ManyToOneRelationships" | "OneToManyRelationships" => {
                    if ctx.method != Method::GET || segs.len() != 2 || nav_key.is_some() {
                        return Err(DvError::method(&ctx.method));
                    }
                    let many_to_one = nav == "ManyToOneRelationships";
                    let items = org
                        .one_to_many
                        .iter()
                        .filter(|r| {
                            if many_to_one {
                                r.referencing_entity == entity.logical_name
                            } else {
                                r.referenced_entity == entity.logical_name
                            }
                        })
                        .map(one_to_many_json)
                        .collect();
                    answer_collection(
                        ctx,
                        "OneToManyRelationshipMetadata",
                        ONE_TO_MANY_PROPS,
                        items,
                        &format!("{base_context}/{nav}"),
                    )
                }
                "ManyToManyRelationships" => {
                    if ctx.method != Method::GET || segs.len() != 2 {
                        return Err(DvError::method(&ctx.method));
                    }
                    let items = org
                        .many_to_many
                        .iter()
                        .filter(|r| {
                            r.entity1 == entity.logical_name || r.entity2 == entity.logical_name
                        })
                        .map(many_to_many_json)
                        .collect();
                    answer_collection(
                        ctx,
                        "ManyToManyRelationshipMetadata",
                        MANY_TO_MANY_PROPS,
                        items,
                        &format!("{base_context}/{nav}"),
                    )
                }
                other => Err(DvError::no_segment(other)),
            }
        }
    }
}

/// The metadata type named by a cast segment (`Microsoft.Dynamics.CRM.LookupAttributeMetadata`).
fn cast(segment: Option<&String>) -> Result<Option<String>, DvError> {
    match segment {
        None => Ok(None),
        Some(s) => match s.strip_prefix(CRM) {
            Some(t) if t.ends_with("AttributeMetadata") => Ok(Some(t.to_string())),
            _ => Err(DvError::no_segment(s)),
        },
    }
}

fn attributes(
    ctx: &Ctx<'_>,
    org: &mut Org,
    entity: &EntityMeta,
    key: Option<&str>,
    rest: &[String],
    base_context: &str,
) -> Result<Response, DvError> {
    if rest.len() > 1 {
        return Err(DvError::no_segment(&rest[1]));
    }
    let cast = cast(rest.first())?;
    let type_name = cast.clone().unwrap_or_else(|| "AttributeMetadata".into());
    let allowed = attribute_props(&type_name);
    let of_type = |a: &AttrMeta| cast.as_ref().is_none_or(|c| a.kind.metadata_type() == c);
    let expand_options = parse_options(&ctx.query)?
        .expand
        .iter()
        .any(|e| e.nav == "OptionSet");
    let cast_context = cast
        .as_ref()
        .map(|c| format!("/{CRM}{c}"))
        .unwrap_or_default();
    match key {
        None => match ctx.method {
            Method::GET => {
                let items = entity
                    .attributes
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| of_type(a))
                    .map(|(n, a)| attribute_json(entity, a, n, expand_options))
                    .collect();
                answer_collection(
                    ctx,
                    &type_name,
                    &allowed,
                    items,
                    &format!("{base_context}/Attributes{cast_context}"),
                )
            }
            Method::POST if cast.is_none() => create_attribute(ctx, org, entity),
            _ => Err(DvError::method(&ctx.method)),
        },
        Some(k) => {
            if ctx.method != Method::GET {
                return Err(DvError::method(&ctx.method));
            }
            let found = match odata::parse_key(k)? {
                Key::Id(id) => entity
                    .attributes
                    .iter()
                    .enumerate()
                    .find(|(_, a)| a.metadata_id == id),
                Key::Alternate(pairs) => match pairs.as_slice() {
                    [(n, Literal::Str(v))] if n == "LogicalName" => entity
                        .attributes
                        .iter()
                        .enumerate()
                        .find(|(_, a)| a.logical_name.eq_ignore_ascii_case(v)),
                    _ => None,
                },
            };
            let Some((n, a)) = found.filter(|(_, a)| of_type(a)) else {
                return Err(DvError::new(
                    StatusCode::NOT_FOUND,
                    "0x80040217",
                    format!(
                        "Could not find attribute with key {k} on entity '{}'.",
                        entity.logical_name
                    ),
                ));
            };
            let item = attribute_json(entity, a, n, expand_options);
            answer_single(
                ctx,
                &type_name,
                &allowed,
                item,
                &format!("{base_context}/Attributes({}){cast_context}", a.metadata_id),
            )
        }
    }
}

fn label_text(v: Option<&Value>) -> Option<String> {
    let v = v?;
    v.get("UserLocalizedLabel")
        .and_then(|l| l.get("Label"))
        .or_else(|| v.get("LocalizedLabels")?.get(0)?.get("Label"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// `POST EntityDefinitions(…)/Attributes`: creates a Boolean or text column (powerapps-docs
/// `…/webapi/create-update-column-definitions-using-web-api.md`).
fn create_attribute(
    ctx: &Ctx<'_>,
    org: &mut Org,
    entity: &EntityMeta,
) -> Result<Response, DvError> {
    let body = ctx.json_body()?;
    let odata_type = body
        .get("@odata.type")
        .and_then(Value::as_str)
        .map(|t| t.trim_start_matches('#').to_string())
        .ok_or_else(|| {
            DvError::bad_request("The '@odata.type' of the attribute definition is required.")
        })?;
    let kind = match odata_type.strip_prefix(CRM) {
        Some("BooleanAttributeMetadata") => AttrKind::Boolean,
        Some("StringAttributeMetadata") => AttrKind::String,
        _ => {
            return Err(DvError::new(
                StatusCode::NOT_IMPLEMENTED,
                "0x80060888",
                format!("Creating a column of type '{odata_type}' is not emulated (Boolean and String are)."),
            ))
        }
    };
    require(
        org,
        &ctx.caller,
        "prvCreateAttribute",
        "attribute",
        "Attribute",
        9808,
    )?;
    let schema_name = body
        .get("SchemaName")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let invalid_prefix = || {
        DvError::new(
            StatusCode::BAD_REQUEST,
            "0x80044366",
            format!(
                "The schema name {schema_name} for type Attribute is invalid or missing.Custom attribute, entity, entitykey, option set and relationship names must start with a valid customization prefix.The prefix for a solution component should match the prefix that is specified for the publisher of the solution."
            ),
        )
    };
    if schema_name.is_empty() {
        return Err(invalid_prefix());
    }
    if !schema_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(DvError::new(
            StatusCode::BAD_REQUEST,
            "0x80044364",
            format!("Identifier {schema_name} for type Attribute can only consist of alpha-numeric and underscore characters."),
        ));
    }
    if !schema_name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(DvError::new(
            StatusCode::BAD_REQUEST,
            "0x80044365",
            format!("Identifers should start with a letter. The schema name {schema_name} for type Attribute doesn't start with letter."),
        ));
    }
    // The publisher whose prefix applies: the named solution's, else the default solution's.
    let solution_name = ctx
        .headers
        .get("mscrm.solutionuniquename")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| "Default".into());
    let solutions = &org.tables["solution"];
    let solution_id = solutions
        .lookup("uniquename", &json!(solution_name))
        .and_then(|ids| ids.into_iter().next())
        .ok_or_else(|| {
            DvError::new(
                StatusCode::NOT_FOUND,
                "0x80040217",
                format!("solution With UniqueName = {solution_name} Does Not Exist"),
            )
        })?;
    let solution = solutions.get(&solution_id).cloned().unwrap_or_default();
    if solution.get("ismanaged") == Some(&Value::Bool(true)) {
        return Err(DvError::new(
            StatusCode::BAD_REQUEST,
            "0x8004023b",
            format!("Invalid Operation performed. Components cannot be added to the managed solution '{solution_name}'."),
        ));
    }
    let prefix = solution
        .get("_publisherid_value")
        .and_then(Value::as_str)
        .and_then(|p| org.row("publisher", p))
        .and_then(|p| p.get("customizationprefix"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    match schema_name.split_once('_') {
        Some((p, rest)) if p.eq_ignore_ascii_case(&prefix) && !rest.is_empty() => {}
        _ => return Err(invalid_prefix()),
    }
    let logical = schema_name.to_ascii_lowercase();
    if entity.attr(&logical).is_some() {
        return Err(DvError::new(
            StatusCode::BAD_REQUEST,
            "0x80044363",
            format!("The schema name {schema_name} for type Attribute is not unique. An {schema_name} with same name already exists."),
        ));
    }
    let display = label_text(body.get("DisplayName")).unwrap_or_else(|| schema_name.clone());
    let option_label = |which: &str| {
        label_text(
            body.get("OptionSet")
                .and_then(|o| o.get(which))
                .and_then(|o| o.get("Label")),
        )
    };
    let attr = AttrMeta {
        metadata_id: ctx.state.random_uuid(),
        logical_name: logical.clone(),
        schema_name: schema_name.clone(),
        kind,
        display_name: display,
        description: label_text(body.get("Description")).unwrap_or_default(),
        targets: Vec::new(),
        is_custom: true,
        is_managed: false,
        required_level: body
            .get("RequiredLevel")
            .and_then(|r| r.get("Value"))
            .and_then(Value::as_str)
            .unwrap_or("None")
            .to_string(),
        options: if kind == AttrKind::Boolean {
            vec![
                (
                    0,
                    option_label("FalseOption").unwrap_or_else(|| "No".into()),
                ),
                (
                    1,
                    option_label("TrueOption").unwrap_or_else(|| "Yes".into()),
                ),
            ]
        } else {
            Vec::new()
        },
        default_value: (kind == AttrKind::Boolean).then(|| {
            body.get("DefaultValue")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        }),
        max_length: (kind == AttrKind::String)
            .then(|| body.get("MaxLength").and_then(Value::as_i64).unwrap_or(100)),
        valid_for_create: true,
        valid_for_update: true,
    };
    let attr_id = attr.metadata_id.clone();
    if let Some(e) = org.entities.get_mut(&entity.logical_name) {
        e.attributes.push(attr);
    }
    let component = ctx.state.random_uuid();
    let mut row = Map::new();
    for (k, v) in [
        ("solutioncomponentid", json!(component)),
        ("_solutionid_value", json!(solution_id)),
        ("componenttype", json!(2)),
        ("objectid", json!(attr_id)),
        ("rootcomponentbehavior", json!(0)),
        ("ismetadata", json!(true)),
    ] {
        row.insert(k.into(), v);
    }
    org.insert_row("solutioncomponent", &component, row);
    // Dataverse publishes a new column by itself (Microsoft: "Customizations are automatically
    // published when new items are created"), and no form or view changes, so
    // `RetrieveUnpublishedMultiple` shows nothing; the dump still records it for tests.
    org.unpublished.push(Pending {
        description: format!("{} column '{logical}' (new)", entity.logical_name),
        entity: Some(entity.logical_name.clone()),
        component: None,
    });
    let url = format!(
        "{}EntityDefinitions(LogicalName='{}')/Attributes({attr_id})",
        ctx.api(),
        entity.logical_name
    );
    Ok(ctx.no_content(Some(&url)))
}

/// `RelationshipDefinitions…`.
pub fn relationship_definitions(ctx: &Ctx<'_>, org: &mut Org) -> Result<Response, DvError> {
    if ctx.method != Method::GET {
        return Err(DvError::method(&ctx.method));
    }
    let segs = &ctx.segments;
    let (_, key) = odata::split_segment(&segs[0]);
    let cast = match segs.get(1).map(String::as_str) {
        None => None,
        Some(s) => match s.strip_prefix(CRM) {
            Some(t @ ("OneToManyRelationshipMetadata" | "ManyToManyRelationshipMetadata")) => {
                Some(t.to_string())
            }
            _ => return Err(DvError::no_segment(s)),
        },
    };
    if segs.len() > 2 {
        return Err(DvError::no_segment(&segs[2]));
    }
    let mut items: Vec<Map<String, Value>> = Vec::new();
    if cast.as_deref() != Some("ManyToManyRelationshipMetadata") {
        items.extend(org.one_to_many.iter().map(one_to_many_json));
    }
    if cast.as_deref() != Some("OneToManyRelationshipMetadata") {
        items.extend(org.many_to_many.iter().map(many_to_many_json));
    }
    let (type_name, allowed): (&str, &[&str]) = match cast.as_deref() {
        Some("OneToManyRelationshipMetadata") => {
            ("OneToManyRelationshipMetadata", ONE_TO_MANY_PROPS)
        }
        Some(_) => ("ManyToManyRelationshipMetadata", MANY_TO_MANY_PROPS),
        None => ("RelationshipMetadataBase", RELATIONSHIP_BASE_PROPS),
    };
    let cast_context = cast
        .as_ref()
        .map(|c| format!("/{CRM}{c}"))
        .unwrap_or_default();
    match key {
        None => answer_collection(
            ctx,
            type_name,
            allowed,
            items,
            &format!("RelationshipDefinitions{cast_context}"),
        ),
        Some(k) => {
            let found = match odata::parse_key(k)? {
                Key::Id(id) => items.into_iter().find(|m| m["MetadataId"] == id.as_str()),
                Key::Alternate(pairs) => match pairs.as_slice() {
                    [(n, Literal::Str(v))] if n == "SchemaName" => items.into_iter().find(|m| {
                        m["SchemaName"]
                            .as_str()
                            .is_some_and(|s| s.eq_ignore_ascii_case(v))
                    }),
                    _ => None,
                },
            };
            let item = found.ok_or_else(|| {
                DvError::new(
                    StatusCode::NOT_FOUND,
                    "0x80040217",
                    format!("Could not find relationship with key {k}."),
                )
            })?;
            answer_single(
                ctx,
                type_name,
                allowed,
                item,
                &format!("RelationshipDefinitions{cast_context}"),
            )
        }
    }
}

/// A compact CSDL document: the entity types with their keys, properties and navigation
/// properties, the entity sets, and the functions and actions the emulator serves.
pub fn csdl(_ctx: &Ctx<'_>, org: &Org) -> Response {
    let esc = crate::error::html_escape;
    let mut types = String::new();
    let mut sets = String::new();
    for e in org.entities.values() {
        types.push_str(&format!(
            "<EntityType Name=\"{}\"><Key><PropertyRef Name=\"{}\"/></Key>",
            esc(&e.logical_name),
            esc(&e.primary_id)
        ));
        for a in &e.attributes {
            let t = match a.kind.edm() {
                odata::Edm::Guid => "Edm.Guid",
                odata::Edm::String => "Edm.String",
                odata::Edm::Number => "Edm.Int32",
                odata::Edm::Boolean => "Edm.Boolean",
                odata::Edm::DateTime => "Edm.DateTimeOffset",
                odata::Edm::Other => "Edm.String",
            };
            types.push_str(&format!(
                "<Property Name=\"{}\" Type=\"{t}\"/>",
                esc(&a.web_name())
            ));
        }
        for r in org
            .one_to_many
            .iter()
            .filter(|r| r.referencing_entity == e.logical_name)
        {
            types.push_str(&format!(
                "<NavigationProperty Name=\"{}\" Type=\"mscrm.{}\"/>",
                esc(&r.referencing_nav),
                esc(&r.referenced_entity)
            ));
        }
        for r in &org.many_to_many {
            if r.entity1 == e.logical_name {
                types.push_str(&format!(
                    "<NavigationProperty Name=\"{}\" Type=\"Collection(mscrm.{})\"/>",
                    esc(&r.entity1_nav),
                    esc(&r.entity2)
                ));
            } else if r.entity2 == e.logical_name {
                types.push_str(&format!(
                    "<NavigationProperty Name=\"{}\" Type=\"Collection(mscrm.{})\"/>",
                    esc(&r.entity2_nav),
                    esc(&r.entity1)
                ));
            }
        }
        types.push_str("</EntityType>");
        sets.push_str(&format!(
            "<EntitySet Name=\"{}\" EntityType=\"mscrm.{}\"/>",
            esc(&e.entity_set_name),
            esc(&e.logical_name)
        ));
    }
    // One overload of the bound, composable `RetrieveUnpublishedMultiple` per table it is bound to.
    let mut functions = String::new();
    for table in super::customizations::BOUND_TABLES {
        if org.entities.contains_key(*table) {
            functions.push_str(&format!(
                "<Function Name=\"RetrieveUnpublishedMultiple\" IsBound=\"true\" IsComposable=\"true\"><Parameter Name=\"entityset\" Type=\"Collection(mscrm.{table})\" Nullable=\"false\"/><ReturnType Type=\"Collection(mscrm.{table})\" Nullable=\"false\"/></Function>"
            ));
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"><edmx:DataServices><Schema Namespace=\"Microsoft.Dynamics.CRM\" Alias=\"mscrm\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">{types}\
<ComplexType Name=\"WhoAmIResponse\"><Property Name=\"BusinessUnitId\" Type=\"Edm.Guid\" Nullable=\"false\"/><Property Name=\"UserId\" Type=\"Edm.Guid\" Nullable=\"false\"/><Property Name=\"OrganizationId\" Type=\"Edm.Guid\" Nullable=\"false\"/></ComplexType>\
<ComplexType Name=\"RetrieveVersionResponse\"><Property Name=\"Version\" Type=\"Edm.String\" Unicode=\"false\"/></ComplexType>\
<Function Name=\"WhoAmI\"><ReturnType Type=\"mscrm.WhoAmIResponse\" Nullable=\"false\"/></Function>\
<Function Name=\"RetrieveVersion\"><ReturnType Type=\"mscrm.RetrieveVersionResponse\" Nullable=\"false\"/></Function>{functions}\
<Action Name=\"PublishAllXml\"/><Action Name=\"PublishXml\"><Parameter Name=\"ParameterXml\" Type=\"Edm.String\" Nullable=\"false\" Unicode=\"false\"/></Action>\
<EntityContainer Name=\"System\">{sets}<FunctionImport Name=\"WhoAmI\" Function=\"Microsoft.Dynamics.CRM.WhoAmI\"/><FunctionImport Name=\"RetrieveVersion\" Function=\"Microsoft.Dynamics.CRM.RetrieveVersion\"/><ActionImport Name=\"PublishAllXml\" Action=\"Microsoft.Dynamics.CRM.PublishAllXml\"/><ActionImport Name=\"PublishXml\" Action=\"Microsoft.Dynamics.CRM.PublishXml\"/></EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
    );
    let mut res = (StatusCode::OK, xml).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    res.headers_mut()
        .insert("odata-version", HeaderValue::from_static("4.0"));
    res
}
