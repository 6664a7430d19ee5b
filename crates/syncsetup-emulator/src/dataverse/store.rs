//! The data of each emulated Dataverse environment: rows of every table, the table and column
//! definitions that describe them (EntityDefinitions), the relationships between tables
//! (RelationshipDefinitions, including the rows of many-to-many relationships) and which security
//! role grants which privilege.
//!
//! Rows are JSON objects keyed by the columns' Web API names (`fullname`, `_businessunitid_value`),
//! held in a `BTreeMap` by lowercase primary key: that order is Dataverse's default order and lets
//! paging resume after a key in `O(log n)`. Columns that clients filter on (`applicationid`,
//! `azureactivedirectoryobjectid`, `domainname`, `name`, `_solutionid_value`, …) are indexed, so
//! `$filter=applicationid eq …` in an org of five thousand users costs a hash lookup, not a scan.
//! Navigation properties are not stored: they are derived from the relationship definitions,
//! exactly as the Web API derives them, so the metadata a client reads is the metadata the
//! emulator obeys.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::odata::{Edm, Literal, Schema, Scope};

/// All environments of the tenant, by URL name (`contoso` of `contoso.crm.localhost`).
#[derive(Clone, Debug, Default)]
pub struct World {
    /// Environments by lowercase URL name.
    pub orgs: BTreeMap<String, Org>,
}

impl World {
    /// The environment with URL name `name` (case-insensitive).
    pub fn org(&self, name: &str) -> Option<&Org> {
        self.orgs.get(&name.to_ascii_lowercase())
    }

    /// The environment with URL name `name`, mutably.
    pub fn org_mut(&mut self, name: &str) -> Option<&mut Org> {
        self.orgs.get_mut(&name.to_ascii_lowercase())
    }
}

/// What Global Discovery reports about an environment (its `Instance`), besides the URLs, which
/// depend on where the emulator listens.
#[derive(Clone, Debug)]
pub struct OrgInfo {
    /// `Id`: the organization id (also `WhoAmI`'s `OrganizationId`).
    pub id: String,
    /// `UniqueName` (`unq…`-style, distinct from the URL name).
    pub unique_name: String,
    /// `UrlName`: the first DNS label of the org URL.
    pub url_name: String,
    /// `FriendlyName`: what pickers show.
    pub friendly_name: String,
    /// `EnvironmentId` (Power Platform environment GUID).
    pub environment_id: String,
    /// `Region` (2–3 letters).
    pub region: String,
    /// `Version` (also `RetrieveVersion`).
    pub version: String,
    /// `State`: 0 enabled, 1 disabled.
    pub state: i64,
    /// `StatusMessage`: 6 = ready.
    pub status_message: i64,
    /// `Purpose`.
    pub purpose: String,
    /// `OrganizationType`: the Web API's OrganizationType EnumType (0 Customer = production,
    /// 5 CustomerTest = sandbox, 13 Developer, 14 Trial…; microsoft/PowerApps-Samples
    /// `dataverse/MAUI/DataverseMauiApp/OrganizationType.cs`).
    pub organization_type: i64,
    /// For trials: `TrialExpirationDate` is this many days after the emulator's clock, so a trial
    /// never expires under a test that runs on a later day than it was written.
    pub trial_days_left: Option<i64>,
    /// `LastUpdated` (ISO 8601).
    pub last_updated: String,
}

/// A column type (`AttributeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    /// Primary key.
    Uniqueidentifier,
    /// Single line of text.
    String,
    /// Multiple lines of text.
    Memo,
    /// Whole number.
    Integer,
    /// Two options.
    Boolean,
    /// Lookup to one table.
    Lookup,
    /// `ownerid`.
    Owner,
    /// Date and time.
    DateTime,
    /// Choice.
    Picklist,
    /// `statecode`.
    State,
    /// `statuscode`.
    Status,
    /// Big integer (`versionnumber`).
    BigInt,
    /// Table logical name (`objecttypecode`-style).
    EntityName,
}

impl AttrKind {
    /// `AttributeType`.
    pub fn attribute_type(self) -> &'static str {
        match self {
            AttrKind::Uniqueidentifier => "Uniqueidentifier",
            AttrKind::String => "String",
            AttrKind::Memo => "Memo",
            AttrKind::Integer => "Integer",
            AttrKind::Boolean => "Boolean",
            AttrKind::Lookup => "Lookup",
            AttrKind::Owner => "Owner",
            AttrKind::DateTime => "DateTime",
            AttrKind::Picklist => "Picklist",
            AttrKind::State => "State",
            AttrKind::Status => "Status",
            AttrKind::BigInt => "BigInt",
            AttrKind::EntityName => "EntityName",
        }
    }

    /// The metadata type of the column definition (`…AttributeMetadata`).
    pub fn metadata_type(self) -> &'static str {
        match self {
            AttrKind::Uniqueidentifier => "UniqueIdentifierAttributeMetadata",
            AttrKind::String => "StringAttributeMetadata",
            AttrKind::Memo => "MemoAttributeMetadata",
            AttrKind::Integer => "IntegerAttributeMetadata",
            AttrKind::Boolean => "BooleanAttributeMetadata",
            AttrKind::Lookup | AttrKind::Owner => "LookupAttributeMetadata",
            AttrKind::DateTime => "DateTimeAttributeMetadata",
            AttrKind::Picklist => "PicklistAttributeMetadata",
            AttrKind::State => "StateAttributeMetadata",
            AttrKind::Status => "StatusAttributeMetadata",
            AttrKind::BigInt => "BigIntAttributeMetadata",
            AttrKind::EntityName => "EntityNameAttributeMetadata",
        }
    }

    /// The type a filter sees.
    pub fn edm(self) -> Edm {
        match self {
            AttrKind::Uniqueidentifier | AttrKind::Lookup | AttrKind::Owner => Edm::Guid,
            AttrKind::String | AttrKind::Memo | AttrKind::EntityName => Edm::String,
            AttrKind::Integer
            | AttrKind::Picklist
            | AttrKind::State
            | AttrKind::Status
            | AttrKind::BigInt => Edm::Number,
            AttrKind::Boolean => Edm::Boolean,
            AttrKind::DateTime => Edm::DateTime,
        }
    }

    /// Lookups appear in the Web API as `_<name>_value`.
    pub fn is_lookup(self) -> bool {
        matches!(self, AttrKind::Lookup | AttrKind::Owner)
    }
}

/// A column definition.
#[derive(Clone, Debug)]
pub struct AttrMeta {
    /// `MetadataId`.
    pub metadata_id: String,
    /// `LogicalName`.
    pub logical_name: String,
    /// `SchemaName`.
    pub schema_name: String,
    /// Column type.
    pub kind: AttrKind,
    /// `DisplayName` label (1033).
    pub display_name: String,
    /// `Description` label (1033).
    pub description: String,
    /// `Targets` of a lookup.
    pub targets: Vec<String>,
    /// `IsCustomAttribute`.
    pub is_custom: bool,
    /// `IsManaged`.
    pub is_managed: bool,
    /// `RequiredLevel.Value`.
    pub required_level: String,
    /// Choice options (value, label) of picklist, state and status columns; `[false, true]`
    /// labels of a Boolean column (values 0 and 1).
    pub options: Vec<(i64, String)>,
    /// `DefaultValue` of a Boolean column.
    pub default_value: Option<bool>,
    /// `MaxLength` of a text column.
    pub max_length: Option<i64>,
    /// `IsValidForCreate`: a POST body may set it.
    pub valid_for_create: bool,
    /// `IsValidForUpdate`: a PATCH body may set it.
    pub valid_for_update: bool,
}

impl AttrMeta {
    /// The property name in Web API rows: `_x_value` for lookups, the logical name otherwise.
    pub fn web_name(&self) -> String {
        if self.kind.is_lookup() {
            format!("_{}_value", self.logical_name)
        } else {
            self.logical_name.clone()
        }
    }
}

/// A table definition.
#[derive(Clone, Debug)]
pub struct EntityMeta {
    /// `MetadataId`.
    pub metadata_id: String,
    /// `LogicalName`.
    pub logical_name: String,
    /// `SchemaName`.
    pub schema_name: String,
    /// `EntitySetName`.
    pub entity_set_name: String,
    /// `PrimaryIdAttribute`.
    pub primary_id: String,
    /// `PrimaryNameAttribute`.
    pub primary_name: String,
    /// `DisplayName` (1033).
    pub display_name: String,
    /// `DisplayCollectionName` (1033).
    pub display_collection_name: String,
    /// `ObjectTypeCode`.
    pub object_type_code: i64,
    /// `IsCustomEntity`.
    pub is_custom: bool,
    /// `IsManaged`.
    pub is_managed: bool,
    /// `OwnershipType`.
    pub ownership: String,
    /// Columns.
    pub attributes: Vec<AttrMeta>,
}

impl EntityMeta {
    /// The column with this logical name.
    pub fn attr(&self, logical_name: &str) -> Option<&AttrMeta> {
        self.attributes
            .iter()
            .find(|a| a.logical_name == logical_name)
    }

    /// The column a Web API property name stands for (`_x_value` → lookup `x`).
    pub fn attr_by_web_name(&self, name: &str) -> Option<&AttrMeta> {
        if let Some(inner) = name
            .strip_prefix('_')
            .and_then(|n| n.strip_suffix("_value"))
        {
            return self.attr(inner).filter(|a| a.kind.is_lookup());
        }
        self.attr(name).filter(|a| !a.kind.is_lookup())
    }
}

/// A one-to-many relationship (a lookup column and its two navigation properties).
#[derive(Clone, Debug)]
pub struct OneToMany {
    /// `MetadataId`.
    pub metadata_id: String,
    /// `SchemaName`.
    pub schema_name: String,
    /// `ReferencedEntity` (the "one" side).
    pub referenced_entity: String,
    /// `ReferencedAttribute` (its primary key).
    pub referenced_attribute: String,
    /// `ReferencingEntity` (the table holding the lookup).
    pub referencing_entity: String,
    /// `ReferencingAttribute` (the lookup column).
    pub referencing_attribute: String,
    /// `ReferencedEntityNavigationPropertyName` (collection on the referenced table).
    pub referenced_nav: String,
    /// `ReferencingEntityNavigationPropertyName` (single-valued, used in `@odata.bind`).
    pub referencing_nav: String,
    /// `IsCustomRelationship`.
    pub is_custom: bool,
    /// `IsManaged`.
    pub is_managed: bool,
}

/// A many-to-many relationship and the pairs it holds (its intersect table's rows).
#[derive(Clone, Debug)]
pub struct ManyToMany {
    /// `MetadataId`.
    pub metadata_id: String,
    /// `SchemaName` (`systemuserroles_association`).
    pub schema_name: String,
    /// `Entity1LogicalName`.
    pub entity1: String,
    /// `Entity2LogicalName`.
    pub entity2: String,
    /// `IntersectEntityName`.
    pub intersect: String,
    /// `Entity1NavigationPropertyName` (collection of entity2 rows on entity1).
    pub entity1_nav: String,
    /// `Entity2NavigationPropertyName` (collection of entity1 rows on entity2).
    pub entity2_nav: String,
    /// `Entity1IntersectAttribute`.
    pub entity1_attr: String,
    /// `Entity2IntersectAttribute`.
    pub entity2_attr: String,
    /// `IsCustomRelationship`.
    pub is_custom: bool,
    /// `IsManaged`.
    pub is_managed: bool,
    /// Associated pairs (entity1 id, entity2 id).
    pub pairs: BTreeSet<(String, String)>,
    /// entity2 id → entity1 ids, for reads from the second side.
    by_second: HashMap<String, BTreeSet<String>>,
}

impl ManyToMany {
    /// A relationship with no pairs.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        metadata_id: String,
        schema_name: &str,
        entity1: &str,
        entity2: &str,
        intersect: &str,
        entity1_nav: &str,
        entity2_nav: &str,
        entity1_attr: &str,
        entity2_attr: &str,
    ) -> Self {
        ManyToMany {
            metadata_id,
            schema_name: schema_name.into(),
            entity1: entity1.into(),
            entity2: entity2.into(),
            intersect: intersect.into(),
            entity1_nav: entity1_nav.into(),
            entity2_nav: entity2_nav.into(),
            entity1_attr: entity1_attr.into(),
            entity2_attr: entity2_attr.into(),
            is_custom: false,
            is_managed: true,
            pairs: BTreeSet::new(),
            by_second: HashMap::new(),
        }
    }

    /// Associates; returns false if the pair already existed.
    pub fn associate(&mut self, first: &str, second: &str) -> bool {
        let added = self.pairs.insert((first.to_string(), second.to_string()));
        self.by_second
            .entry(second.to_string())
            .or_default()
            .insert(first.to_string());
        added
    }

    /// Disassociates; returns false if there was no such pair.
    pub fn disassociate(&mut self, first: &str, second: &str) -> bool {
        if let Some(set) = self.by_second.get_mut(second) {
            set.remove(first);
        }
        self.pairs.remove(&(first.to_string(), second.to_string()))
    }

    /// Ids on the second side associated with `first`.
    pub fn seconds_of(&self, first: &str) -> Vec<String> {
        self.pairs
            .range((first.to_string(), String::new())..)
            .take_while(|(a, _)| a == first)
            .map(|(_, b)| b.clone())
            .collect()
    }

    /// Ids on the first side associated with `second`.
    pub fn firsts_of(&self, second: &str) -> Vec<String> {
        self.by_second
            .get(second)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Forgets every pair involving `id` on either side.
    pub fn forget(&mut self, id: &str) {
        for second in self.seconds_of(id) {
            self.disassociate(id, &second);
        }
        for first in self.firsts_of(id) {
            self.disassociate(&first, id);
        }
    }
}

/// The key of an index entry: lowercase text, integral numbers without a fraction, `null`.
fn index_key(v: &Value) -> String {
    match v {
        Value::Null => "\u{0}null".into(),
        Value::String(s) => s.to_lowercase(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The rows of one table, with secondary indexes.
#[derive(Clone, Debug)]
pub struct Table {
    /// Logical name of the table.
    pub logical_name: String,
    /// Rows by lowercase primary key.
    pub rows: BTreeMap<String, Map<String, Value>>,
    indexed: Vec<String>,
    index: HashMap<String, HashMap<String, BTreeSet<String>>>,
}

impl Table {
    /// An empty table indexing the given Web API columns.
    pub fn new(logical_name: &str, indexed: &[&str]) -> Self {
        Table {
            logical_name: logical_name.into(),
            rows: BTreeMap::new(),
            indexed: indexed.iter().map(|s| s.to_string()).collect(),
            index: HashMap::new(),
        }
    }

    fn index_row(&mut self, id: &str, row: &Map<String, Value>, add: bool) {
        for col in &self.indexed {
            let key = index_key(row.get(col).unwrap_or(&Value::Null));
            let entry = self
                .index
                .entry(col.clone())
                .or_default()
                .entry(key.clone())
                .or_default();
            if add {
                entry.insert(id.to_string());
            } else {
                entry.remove(id);
                if entry.is_empty() {
                    if let Some(m) = self.index.get_mut(col) {
                        m.remove(&key);
                    }
                }
            }
        }
    }

    /// Inserts (or replaces) a row.
    pub fn insert(&mut self, id: &str, row: Map<String, Value>) {
        let id = id.to_ascii_lowercase();
        if let Some(old) = self.rows.remove(&id) {
            self.index_row(&id, &old, false);
        }
        self.index_row(&id, &row, true);
        self.rows.insert(id, row);
    }

    /// Applies `changes` to a row; returns false if there is no such row.
    pub fn update(&mut self, id: &str, changes: Map<String, Value>) -> bool {
        let id = id.to_ascii_lowercase();
        let Some(mut row) = self.rows.remove(&id) else {
            return false;
        };
        self.index_row(&id, &row, false);
        for (k, v) in changes {
            row.insert(k, v);
        }
        self.index_row(&id, &row, true);
        self.rows.insert(id, row);
        true
    }

    /// Removes a row.
    pub fn remove(&mut self, id: &str) -> Option<Map<String, Value>> {
        let id = id.to_ascii_lowercase();
        let row = self.rows.remove(&id)?;
        self.index_row(&id, &row, false);
        Some(row)
    }

    /// A row by primary key.
    pub fn get(&self, id: &str) -> Option<&Map<String, Value>> {
        self.rows.get(&id.to_ascii_lowercase())
    }

    /// Whether `col` is indexed.
    pub fn is_indexed(&self, col: &str) -> bool {
        self.indexed.iter().any(|c| c == col)
    }

    /// Ids of rows whose indexed column `col` equals `value` (`None` if `col` is not indexed).
    pub fn lookup(&self, col: &str, value: &Value) -> Option<Vec<String>> {
        if !self.is_indexed(col) {
            return None;
        }
        Some(
            self.index
                .get(col)
                .and_then(|m| m.get(&index_key(value)))
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default(),
        )
    }

    /// Candidate ids for a filter whose top-level conjuncts include `col eq literal` on an indexed
    /// column: the smallest such index bucket, sorted. `None` means "scan".
    pub fn candidates(&self, equalities: &[(&str, &Literal)]) -> Option<Vec<String>> {
        equalities
            .iter()
            .filter_map(|(col, lit)| self.lookup(col, &lit.to_json()))
            .min_by_key(|ids| ids.len())
    }
}

/// Privileges held through a security role: everything (System Administrator) or a set of
/// privilege names (`prvReadUser`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Privileges {
    /// Every privilege.
    All,
    /// Exactly these.
    Some(BTreeSet<String>),
}

/// One environment.
#[derive(Clone, Debug)]
pub struct Org {
    /// Discovery facts.
    pub info: OrgInfo,
    /// Rows by table logical name.
    pub tables: BTreeMap<String, Table>,
    /// Table definitions by logical name.
    pub entities: BTreeMap<String, EntityMeta>,
    /// Entity set name → table logical name.
    pub sets: BTreeMap<String, String>,
    /// One-to-many relationships.
    pub one_to_many: Vec<OneToMany>,
    /// Many-to-many relationships (with their pairs).
    pub many_to_many: Vec<ManyToMany>,
    /// Privileges of each security role (by role id).
    pub role_privileges: HashMap<String, Privileges>,
    /// Customizations made since the last publish (what `PublishAllXml` publishes).
    pub unpublished: Vec<Pending>,
    /// Last row version handed out (`versionnumber`, the `@odata.etag`).
    pub version_counter: u64,
}

/// A customization waiting to be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// What changed, in words (`/_emulator/dataverse/<org>` lists these).
    pub description: String,
    /// The table the change belongs to: `PublishXml` naming it in `<entity>` publishes it.
    pub entity: Option<String>,
    /// The UI row whose changes are unpublished (table logical name, lowercase id):
    /// `RetrieveUnpublishedMultiple` shows it with `componentstate` 1 until a publish.
    pub component: Option<(String, String)>,
}

/// The test controls' dump lists a pending customization as its description, as it always has.
impl serde::Serialize for Pending {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.description)
    }
}

/// A single-valued navigation property resolved: the lookup column holding the related key and
/// the related table.
#[derive(Clone, Debug)]
pub struct SingleNav {
    /// Web API column (`_businessunitid_value`).
    pub column: String,
    /// Logical name of the related table.
    pub target: String,
}

/// A collection-valued navigation property resolved.
#[derive(Clone, Debug)]
pub enum ManyNav {
    /// Through a many-to-many relationship (index into `many_to_many`); `first` is true when the
    /// source table is entity1.
    Associative {
        /// Index of the relationship.
        rel: usize,
        /// Whether the source is entity1.
        first: bool,
    },
    /// Rows of `table` whose lookup `column` names the source row.
    Referencing {
        /// Referencing table.
        table: String,
        /// Its lookup column (Web API name).
        column: String,
    },
}

impl ManyNav {
    /// Logical name of the related table.
    pub fn target<'a>(&'a self, org: &'a Org) -> &'a str {
        match self {
            ManyNav::Associative { rel, first } => {
                let r = &org.many_to_many[*rel];
                if *first {
                    &r.entity2
                } else {
                    &r.entity1
                }
            }
            ManyNav::Referencing { table, .. } => table,
        }
    }
}

impl Org {
    /// The next row version.
    pub fn next_version(&mut self) -> u64 {
        self.version_counter += 1;
        self.version_counter
    }

    /// Table definition by entity set name (case-sensitive, as the Web API's routing is).
    pub fn entity_by_set(&self, set: &str) -> Option<&EntityMeta> {
        self.sets.get(set).and_then(|l| self.entities.get(l))
    }

    /// Registers a table definition and an empty table.
    pub fn add_entity(&mut self, meta: EntityMeta, indexed: &[&str]) {
        self.sets
            .insert(meta.entity_set_name.clone(), meta.logical_name.clone());
        self.tables.insert(
            meta.logical_name.clone(),
            Table::new(&meta.logical_name, indexed),
        );
        self.entities.insert(meta.logical_name.clone(), meta);
    }

    /// The single-valued navigation property `nav` of table `entity`.
    pub fn single_nav(&self, entity: &str, nav: &str) -> Option<SingleNav> {
        self.one_to_many
            .iter()
            .find(|r| r.referencing_entity == entity && r.referencing_nav == nav)
            .map(|r| SingleNav {
                column: format!("_{}_value", r.referencing_attribute),
                target: r.referenced_entity.clone(),
            })
    }

    /// The collection-valued navigation property `nav` of table `entity`.
    pub fn many_nav(&self, entity: &str, nav: &str) -> Option<ManyNav> {
        for (i, r) in self.many_to_many.iter().enumerate() {
            if r.entity1 == entity && r.entity1_nav == nav {
                return Some(ManyNav::Associative {
                    rel: i,
                    first: true,
                });
            }
            if r.entity2 == entity && r.entity2_nav == nav {
                return Some(ManyNav::Associative {
                    rel: i,
                    first: false,
                });
            }
        }
        self.one_to_many
            .iter()
            .find(|r| r.referenced_entity == entity && r.referenced_nav == nav)
            .map(|r| ManyNav::Referencing {
                table: r.referencing_entity.clone(),
                column: format!("_{}_value", r.referencing_attribute),
            })
    }

    /// Ids of the rows related to `id` through `nav`.
    pub fn related_ids(&self, nav: &ManyNav, id: &str) -> Vec<String> {
        match nav {
            ManyNav::Associative { rel, first } => {
                let r = &self.many_to_many[*rel];
                if *first {
                    r.seconds_of(id)
                } else {
                    r.firsts_of(id)
                }
            }
            ManyNav::Referencing { table, column } => {
                let Some(t) = self.tables.get(table) else {
                    return Vec::new();
                };
                let key = Value::String(id.to_string());
                t.lookup(column, &key).unwrap_or_else(|| {
                    t.rows
                        .iter()
                        .filter(|(_, row)| {
                            row.get(column)
                                .and_then(Value::as_str)
                                .is_some_and(|v| v.eq_ignore_ascii_case(id))
                        })
                        .map(|(k, _)| k.clone())
                        .collect()
                })
            }
        }
    }

    /// The many-to-many relationship named `schema_name`.
    pub fn relationship_mut(&mut self, schema_name: &str) -> Option<&mut ManyToMany> {
        self.many_to_many
            .iter_mut()
            .find(|r| r.schema_name == schema_name)
    }

    /// The many-to-many relationship named `schema_name`.
    pub fn relationship(&self, schema_name: &str) -> Option<&ManyToMany> {
        self.many_to_many
            .iter()
            .find(|r| r.schema_name == schema_name)
    }

    /// A row of table `entity`.
    pub fn row(&self, entity: &str, id: &str) -> Option<&Map<String, Value>> {
        self.tables.get(entity)?.get(id)
    }

    /// Inserts a row into table `entity`, stamping `versionnumber`.
    pub fn insert_row(&mut self, entity: &str, id: &str, mut row: Map<String, Value>) {
        let v = self.next_version();
        row.insert("versionnumber".into(), Value::from(v));
        if let Some(t) = self.tables.get_mut(entity) {
            t.insert(id, row);
        }
    }

    /// Updates a row of table `entity`, stamping a new `versionnumber`.
    pub fn update_row(&mut self, entity: &str, id: &str, mut changes: Map<String, Value>) -> bool {
        let v = self.next_version();
        changes.insert("versionnumber".into(), Value::from(v));
        self.tables
            .get_mut(entity)
            .is_some_and(|t| t.update(id, changes))
    }

    /// Gives a new system user its settings row: Dataverse creates one with every user, in the
    /// organization's base language (`usersettingscollection`: powerapps-docs
    /// `…/reference/entities/usersettings.md`; the base-language default is undocumented).
    pub fn add_user_settings(&mut self, user_id: &str) {
        let language = self
            .tables
            .get("organization")
            .and_then(|t| t.rows.values().next())
            .and_then(|r| r.get("languagecode").cloned())
            .unwrap_or(Value::from(1033));
        let mut row = Map::new();
        row.insert(
            "systemuserid".into(),
            Value::from(user_id.to_ascii_lowercase()),
        );
        for column in ["uilanguageid", "localeid", "helplanguageid"] {
            row.insert(column.into(), language.clone());
        }
        self.insert_row("usersettings", user_id, row);
    }

    /// Security roles held by a user (role ids).
    pub fn roles_of(&self, user_id: &str) -> Vec<String> {
        self.relationship("systemuserroles_association")
            .map(|r| r.seconds_of(&user_id.to_ascii_lowercase()))
            .unwrap_or_default()
    }

    /// Whether the role `role` grants `privilege`.
    pub fn role_grants(&self, role: &str, privilege: &str) -> bool {
        match self.role_privileges.get(role) {
            Some(Privileges::All) => true,
            Some(Privileges::Some(set)) => set.contains(privilege),
            None => false,
        }
    }

    /// Whether a user holds `privilege` through any of its roles.
    pub fn has_privilege(&self, user_id: &str, privilege: &str) -> bool {
        self.roles_of(user_id)
            .iter()
            .any(|role| match self.role_privileges.get(role) {
                Some(Privileges::All) => true,
                Some(Privileges::Some(set)) => set.contains(privilege),
                None => false,
            })
    }

    /// Number of distinct privileges a user holds (for PrivilegeDenied messages).
    pub fn privilege_count(&self, user_id: &str) -> usize {
        let mut set = BTreeSet::new();
        for role in self.roles_of(user_id) {
            match self.role_privileges.get(&role) {
                Some(Privileges::All) => return 1_024,
                Some(Privileges::Some(s)) => set.extend(s.iter().cloned()),
                None => {}
            }
        }
        set.len()
    }

    /// Whether the user is a System Administrator here (Global Discovery's `IsUserSysAdmin`).
    pub fn is_sys_admin(&self, user_id: &str) -> bool {
        self.roles_of(user_id)
            .iter()
            .any(|r| self.role_privileges.get(r) == Some(&Privileges::All))
    }

    /// The enabled system user for a directory object id (`azureactivedirectoryobjectid`).
    pub fn user_by_object_id(&self, oid: &str) -> Option<String> {
        let t = self.tables.get("systemuser")?;
        t.lookup(
            "azureactivedirectoryobjectid",
            &Value::String(oid.to_string()),
        )?
        .into_iter()
        .find(|id| {
            t.get(id)
                .is_some_and(|r| r.get("isdisabled") != Some(&Value::Bool(true)))
        })
    }

    /// The application user of an app (`applicationid`), soft-deleted ones included.
    pub fn users_by_application_id(&self, app_id: &str) -> Vec<String> {
        self.tables
            .get("systemuser")
            .and_then(|t| t.lookup("applicationid", &Value::String(app_id.to_string())))
            .unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Filtering rows: `Schema` and `Scope` over the store

/// The filterable shape of a table.
pub struct EntitySchema<'a> {
    /// The environment.
    pub org: &'a Org,
    /// The table.
    pub entity: &'a EntityMeta,
}

impl Schema for EntitySchema<'_> {
    fn type_name(&self) -> String {
        format!("Microsoft.Dynamics.CRM.{}", self.entity.logical_name)
    }

    fn prop_type(&self, name: &str) -> Option<Edm> {
        self.entity.attr_by_web_name(name).map(|a| a.kind.edm())
    }

    fn nav(&self, name: &str) -> Option<(Box<dyn Schema + '_>, bool)> {
        let logical = &self.entity.logical_name;
        if let Some(single) = self.org.single_nav(logical, name) {
            let entity = self.org.entities.get(&single.target)?;
            return Some((
                Box::new(EntitySchema {
                    org: self.org,
                    entity,
                }),
                false,
            ));
        }
        let many = self.org.many_nav(logical, name)?;
        let entity = self.org.entities.get(many.target(self.org))?;
        Some((
            Box::new(EntitySchema {
                org: self.org,
                entity,
            }),
            true,
        ))
    }
}

/// A row seen by the filter evaluator.
pub struct RowScope<'a> {
    /// The environment.
    pub org: &'a Org,
    /// The row's table.
    pub entity: &'a str,
    /// The row's primary key.
    pub id: &'a str,
    /// The row.
    pub row: &'a Map<String, Value>,
}

impl<'a> RowScope<'a> {
    fn related(&self, entity: &'a str, id: &'a str) -> Option<Box<dyn Scope + 'a>> {
        let row = self.org.row(entity, id)?;
        Some(Box::new(RowScope {
            org: self.org,
            entity,
            id,
            row,
        }))
    }
}

impl Scope for RowScope<'_> {
    fn prop(&self, name: &str) -> Value {
        if let Some(v) = self.row.get(name) {
            return v.clone();
        }
        // `parentbusinessunitid eq null` compares the lookup behind the navigation property.
        if let Some(nav) = self.org.single_nav(self.entity, name) {
            return self.row.get(&nav.column).cloned().unwrap_or(Value::Null);
        }
        Value::Null
    }

    fn single(&self, nav: &str) -> Option<Box<dyn Scope + '_>> {
        let n = self.org.single_nav(self.entity, nav)?;
        let id = self.row.get(&n.column)?.as_str()?;
        let entity = self.org.entities.get(&n.target)?;
        let table = self.org.tables.get(&entity.logical_name)?;
        let (key, row) = table.rows.get_key_value(&id.to_ascii_lowercase())?;
        Some(Box::new(RowScope {
            org: self.org,
            entity: &entity.logical_name,
            id: key,
            row,
        }))
    }

    fn many(&self, nav: &str) -> Vec<Box<dyn Scope + '_>> {
        let Some(n) = self.org.many_nav(self.entity, nav) else {
            return Vec::new();
        };
        let target = n.target(self.org).to_string();
        let Some(entity) = self.org.entities.get(&target) else {
            return Vec::new();
        };
        let Some(table) = self.org.tables.get(&entity.logical_name) else {
            return Vec::new();
        };
        self.org
            .related_ids(&n, self.id)
            .into_iter()
            .filter_map(|id| {
                let (key, _) = table.rows.get_key_value(&id)?;
                self.related(&entity.logical_name, key)
            })
            .collect()
    }
}

/// A JSON object seen by the filter evaluator (metadata definitions, discovery instances).
pub struct JsonScope<'a>(pub &'a Map<String, Value>);

impl Scope for JsonScope<'_> {
    fn prop(&self, name: &str) -> Value {
        self.0.get(name).cloned().unwrap_or(Value::Null)
    }

    fn single(&self, nav: &str) -> Option<Box<dyn Scope + '_>> {
        self.0
            .get(nav)
            .and_then(Value::as_object)
            .map(|o| Box::new(JsonScope(o)) as Box<dyn Scope>)
    }

    fn many(&self, nav: &str) -> Vec<Box<dyn Scope + '_>> {
        self.0
            .get(nav)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_object)
                    .map(|o| Box::new(JsonScope(o)) as Box<dyn Scope>)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The filterable shape of a JSON type, given its declared properties.
pub struct JsonSchema {
    /// Qualified type name.
    pub type_name: String,
    /// Property types.
    pub props: BTreeMap<String, Edm>,
}

impl JsonSchema {
    /// Declares every property of `sample` with the type of its value (GUID-shaped strings are
    /// `Edm.Guid`, objects and arrays untyped).
    pub fn from_sample(type_name: &str, sample: &Map<String, Value>) -> Self {
        let props = sample
            .iter()
            .filter(|(k, _)| !k.starts_with('@'))
            .map(|(k, v)| {
                let t = match v {
                    Value::String(s) if crate::resources::looks_like_guid(s) => Edm::Guid,
                    Value::String(_) => Edm::String,
                    Value::Bool(_) => Edm::Boolean,
                    Value::Number(_) => Edm::Number,
                    _ => Edm::Other,
                };
                (k.clone(), t)
            })
            .collect();
        JsonSchema {
            type_name: type_name.into(),
            props,
        }
    }
}

impl Schema for JsonSchema {
    fn type_name(&self) -> String {
        self.type_name.clone()
    }

    fn prop_type(&self, name: &str) -> Option<Edm> {
        self.props.get(name).copied()
    }

    /// Complex properties (`RequiredLevel`, `CanCreateAttributes`, …) are paths into their
    /// primitive members: `RequiredLevel/Value eq …`.
    fn nav(&self, name: &str) -> Option<(Box<dyn Schema + '_>, bool)> {
        match self.props.get(name) {
            Some(Edm::Other) => Some((Box::new(Untyped), false)),
            _ => None,
        }
    }
}

/// The members of a complex value, whose types are not declared.
struct Untyped;

impl Schema for Untyped {
    fn type_name(&self) -> String {
        "Edm.ComplexType".into()
    }

    fn prop_type(&self, _: &str) -> Option<Edm> {
        Some(Edm::Other)
    }

    fn nav(&self, _: &str) -> Option<(Box<dyn Schema + '_>, bool)> {
        Some((Box::new(Untyped), false))
    }
}

/// A deterministic GUID from a text (SHA-256, version-4 layout): seeded rows keep the same ids in
/// every run, so tests and docs can name them.
pub fn stable_id(text: &str) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d.as_ref()[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn index_follows_inserts_updates_and_removals() {
        let mut t = Table::new("systemuser", &["applicationid", "n"]);
        let row = |app: Value, n: i64| {
            let mut m = Map::new();
            m.insert("applicationid".into(), app);
            m.insert("n".into(), json!(n));
            m
        };
        t.insert("A", row(json!("5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"), 1));
        t.insert("b", row(Value::Null, 2));
        let app = json!("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        assert_eq!(t.lookup("applicationid", &app).unwrap(), ["a"]);
        assert_eq!(t.lookup("applicationid", &Value::Null).unwrap(), ["b"]);
        assert_eq!(t.lookup("n", &json!(2.0)).unwrap(), ["b"]);
        let mut change = Map::new();
        change.insert("applicationid".into(), Value::Null);
        assert!(t.update("a", change));
        assert!(t.lookup("applicationid", &app).unwrap().is_empty());
        assert_eq!(t.lookup("applicationid", &Value::Null).unwrap(), ["a", "b"]);
        t.remove("b");
        assert_eq!(t.lookup("applicationid", &Value::Null).unwrap(), ["a"]);
        assert!(t.lookup("fullname", &Value::Null).is_none());
    }

    #[test]
    fn many_to_many_reads_from_both_sides() {
        let mut r = ManyToMany::new(
            "m".into(),
            "systemuserroles_association",
            "systemuser",
            "role",
            "systemuserroles",
            "systemuserroles_association",
            "systemuserroles_association",
            "systemuserid",
            "roleid",
        );
        assert!(r.associate("u1", "r1"));
        assert!(!r.associate("u1", "r1"));
        r.associate("u1", "r2");
        r.associate("u2", "r1");
        assert_eq!(r.seconds_of("u1"), ["r1", "r2"]);
        assert_eq!(r.firsts_of("r1"), ["u1", "u2"]);
        r.forget("u1");
        assert_eq!(r.firsts_of("r1"), ["u2"]);
        assert!(r.seconds_of("u1").is_empty());
    }

    #[test]
    fn stable_ids_are_guids_and_stable() {
        let a = stable_id("contoso|role|System Administrator");
        assert!(crate::resources::looks_like_guid(&a));
        assert_eq!(a, stable_id("contoso|role|System Administrator"));
        assert_ne!(a, stable_id("contoso|role|Basic User"));
    }
}
