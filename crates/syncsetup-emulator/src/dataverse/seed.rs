//! The Dataverse side of each named scenario: which environments exist, who is a user there with
//! which security roles, whether the Marketo solution is installed (and which version, under which
//! non-public names), the Marketo Config "Default" record, the plug-in steps and whether
//! customizations wait to be published. The names of the main environment and the Marketo pieces
//! are constants in [`crate::scenario::dataverse`]; ids are derived from names with
//! [`stable_id`], so they are the same in every run.
//!
//! Every environment is built the same way (business units, the standard roles with one copy per
//! business unit, the tables the Marketo setup touches, their definitions and relationships);
//! the scenario then varies the facts the setup tool must notice.

use serde_json::{json, Map, Value};

use super::store::{
    stable_id, AttrKind, AttrMeta, EntityMeta, ManyToMany, OneToMany, Org, OrgInfo, Pending,
    Privileges, World,
};
use super::system_tables;
use crate::directory::seed::{connected, ropc};
use crate::scenario::dataverse::{self as names, MarketoNames};
use crate::scenario::{demo, Scenario, User};

/// The organization's base language (`organization.languagecode`) and every seeded user's UI
/// language and locale: English (United States).
pub const BASE_LANGUAGE: i64 = 1033;

/// Role template id of System Administrator (the same in every org).
pub const SYSTEM_ADMINISTRATOR_TEMPLATE: &str = "627090ff-40a3-4053-8790-584edc5be201";
/// Role template id of System Customizer.
pub const SYSTEM_CUSTOMIZER_TEMPLATE: &str = "119f245c-3cc8-4b62-b31c-d1a046ced15d";

/// Name of the child business unit every environment has (roles have a copy there too).
pub const CHILD_BUSINESS_UNIT: &str = "Sales";

/// Privileges of the non-administrator roles. System Administrator holds every privilege.
const BASIC_USER_PRIVILEGES: &[&str] = &[
    "prvReadUser",
    "prvReadRole",
    "prvReadBusinessUnit",
    "prvReadSolution",
    "prvReadPublisher",
    "prvReadSdkMessageProcessingStep",
    "prvReadLead",
    "prvReadContact",
    "prvReadAccount",
];
const CUSTOMIZER_PRIVILEGES: &[&str] = &[
    "prvReadUser",
    "prvReadRole",
    "prvReadBusinessUnit",
    "prvReadSolution",
    "prvReadPublisher",
    "prvReadSdkMessageProcessingStep",
    "prvWriteSdkMessageProcessingStep",
    "prvCreateAttribute",
    "prvWriteAttribute",
    "prvPublishCustomization",
];

/// Privileges the Marketo Sync User role grants on the synced tables.
const MARKETO_SYNC_PRIVILEGES: &[&str] = &[
    "prvReadLead",
    "prvCreateLead",
    "prvWriteLead",
    "prvReadContact",
    "prvCreateContact",
    "prvWriteContact",
    "prvReadAccount",
    "prvReadOpportunity",
];

/// When seeded rows were created.
const SEEDED_ON: &str = "2024-03-01T09:00:00Z";

/// How a scenario's main environment differs from `fresh`.
#[derive(Clone, Debug)]
struct Variant {
    /// Marketo solution version installed, if any.
    marketo_version: Option<&'static str>,
    /// The signed-in admin holds System Administrator.
    admin_is_sysadmin: bool,
    /// An application user without role, two other role holders, a disabled step, pending
    /// customizations.
    half_configured: bool,
    /// Marketo syncs today with Marketo's older client-app (ROPC) connection: a licensed person
    /// holds the Marketo Sync User role and is Marketo Config's Marketo User (AdobeDocs/marketo.en
    /// `…/microsoft-dynamics-365-with-ropc-connection/step-2-of-4-set-up.md`: the sync user is a
    /// licensed user with the Marketo Sync User role, named in Marketo Config). No application
    /// user exists yet.
    ropc_sync: bool,
    /// Marketo syncs today over S2S (`connected`, `sp-disabled`): the app's application user holds
    /// the Marketo Sync User role, nobody else does, and it is Marketo Config's Marketo User
    /// (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`).
    s2s_sync: bool,
    /// The main environment's `OrganizationType` and, for a trial, its days left.
    organization_type: i64,
    /// Days until a trial expires.
    trial_days_left: Option<i64>,
    /// A privilege the Marketo Sync User role lacks (a customizer trimmed it).
    missing_privilege: Option<&'static str>,
    /// An enforced IP firewall with this allow list and "Allow access for all application
    /// users" off.
    firewall: Option<&'static str>,
}

fn variant(name: &str) -> Option<Variant> {
    let fresh = Variant {
        marketo_version: Some(names::LATEST_VERSION),
        admin_is_sysadmin: true,
        half_configured: false,
        ropc_sync: false,
        s2s_sync: false,
        organization_type: 0,
        trial_days_left: None,
        firewall: None,
        missing_privilege: None,
    };
    Some(match name {
        "no-dynamics" => return None,
        "no-marketo-solution" => Variant {
            marketo_version: None,
            ..fresh
        },
        "old-solution" => Variant {
            marketo_version: Some(names::OLD_VERSION),
            ..fresh
        },
        "not-admin" => Variant {
            admin_is_sysadmin: false,
            ..fresh
        },
        "half-configured" => Variant {
            half_configured: true,
            ..fresh
        },
        "ropc-migration" | "assignment-required" => Variant {
            ropc_sync: true,
            ..fresh
        },
        // A sandbox (5 CustomerTest, "Sandbox instances") and a 30-day trial (14 Trial).
        "sandbox-env" => Variant {
            organization_type: 5,
            ..fresh
        },
        "trial-env" => Variant {
            organization_type: 14,
            trial_days_left: Some(30),
            ..fresh
        },
        // An enforced firewall allowing the office network and one of Marketo's blocks only.
        "ip-firewall" => Variant {
            firewall: Some("203.0.113.0/24,192.28.144.0/20"),
            ..fresh
        },
        // A running S2S sync whose role lost "Write" on Contact.
        "missing-privilege" => Variant {
            s2s_sync: true,
            missing_privilege: Some("prvWriteContact"),
            ..fresh
        },
        "connected" | "sp-disabled" => Variant {
            s2s_sync: true,
            ..fresh
        },
        _ => fresh,
    })
}

/// URL names of the environments of scenario `name` (cheap: nothing is built). `spawn` gives
/// each its own port in per-host-ports mode.
pub fn org_names(name: &str) -> Vec<String> {
    if variant(name).is_none() {
        return Vec::new();
    }
    let mut out = vec![names::ORG_URL_NAME.to_string()];
    if name == "large" {
        out.extend((1..names::LARGE_ENVIRONMENTS).map(|n| format!("contoso{n:02}")));
    }
    out
}

/// Builds the Dataverse world of scenario `name` from its (already adjusted) users.
pub fn world_for(name: &str, scenario: &Scenario) -> World {
    let mut world = World::default();
    let Some(v) = variant(name) else {
        return world;
    };
    let marketo = names::marketo_names(name);
    let main = build_org(
        names::ORG_URL_NAME,
        names::ORG_FRIENDLY_NAME,
        "Sales and Marketo sync",
        &scenario.tenant.id,
        &scenario.users,
        &v,
        marketo,
    );
    world.orgs.insert(main.info.url_name.clone(), main);
    if name == "large" {
        // The admin and the plain user belong to every environment; only the main one has the
        // thousands of users.
        let few: Vec<User> = scenario
            .users
            .iter()
            .filter(|u| u.oid == demo::ADMIN_OID || u.oid == demo::USER_OID)
            .cloned()
            .collect();
        for n in 1..names::LARGE_ENVIRONMENTS {
            let url = format!("contoso{n:02}");
            let friendly = format!("Contoso Environment {n:02}");
            let v = Variant {
                marketo_version: (n % 3 == 0).then_some(names::LATEST_VERSION),
                admin_is_sysadmin: n % 2 == 0,
                half_configured: false,
                ropc_sync: false,
                s2s_sync: false,
                organization_type: 0,
                trial_days_left: None,
                firewall: None,
                missing_privilege: None,
            };
            let mut org = build_org(
                &url,
                &friendly,
                "Regional sales",
                &scenario.tenant.id,
                &few,
                &v,
                marketo,
            );
            if n % 10 == 0 {
                org.info.state = 1;
                org.info.status_message = 4;
            }
            if n % 7 == 0 {
                org.info.trial_days_left = Some(40);
                // 14 = Trial ("Trial organization linked to customer tenant": the
                // OrganizationType EnumType, microsoft/PowerApps-Samples
                // `dataverse/MAUI/DataverseMauiApp/OrganizationType.cs`).
                org.info.organization_type = 14;
                org.info.purpose = "Trial".into();
            }
            world.orgs.insert(url, org);
        }
    }
    world
}

// ---------------------------------------------------------------------------------------------
// Definitions

fn attr(entity: &str, logical: &str, schema: &str, kind: AttrKind, display: &str) -> AttrMeta {
    AttrMeta {
        metadata_id: stable_id(&format!("attribute|{entity}|{logical}")),
        logical_name: logical.into(),
        schema_name: schema.into(),
        kind,
        display_name: display.into(),
        description: String::new(),
        targets: Vec::new(),
        is_custom: false,
        is_managed: true,
        required_level: "None".into(),
        options: match kind {
            AttrKind::State => vec![(0, "Active".into()), (1, "Inactive".into())],
            AttrKind::Status => vec![(1, "Active".into()), (2, "Inactive".into())],
            AttrKind::Boolean => vec![(0, "No".into()), (1, "Yes".into())],
            _ => Vec::new(),
        },
        default_value: (kind == AttrKind::Boolean).then_some(false),
        max_length: matches!(kind, AttrKind::String).then_some(100),
        valid_for_create: true,
        valid_for_update: true,
    }
}

fn lookup(entity: &str, logical: &str, schema: &str, display: &str, target: &str) -> AttrMeta {
    let mut a = attr(entity, logical, schema, AttrKind::Lookup, display);
    a.targets = vec![target.into()];
    a
}

fn custom(mut a: AttrMeta) -> AttrMeta {
    a.is_custom = true;
    a
}

#[allow(clippy::too_many_arguments)]
fn entity(
    logical: &str,
    schema: &str,
    set: &str,
    primary_name: &str,
    display: &str,
    plural: &str,
    otc: i64,
    ownership: &str,
    mut attributes: Vec<AttrMeta>,
) -> EntityMeta {
    let primary_id = format!("{logical}id");
    let mut all = vec![attr(
        logical,
        &primary_id,
        &format!("{schema}Id"),
        AttrKind::Uniqueidentifier,
        display,
    )];
    all.append(&mut attributes);
    for (l, s, k, d) in [
        ("createdon", "CreatedOn", AttrKind::DateTime, "Created On"),
        (
            "modifiedon",
            "ModifiedOn",
            AttrKind::DateTime,
            "Modified On",
        ),
        (
            "versionnumber",
            "VersionNumber",
            AttrKind::BigInt,
            "Version Number",
        ),
    ] {
        all.push(attr(logical, l, s, k, d));
    }
    EntityMeta {
        metadata_id: stable_id(&format!("entity|{logical}")),
        logical_name: logical.into(),
        schema_name: schema.into(),
        entity_set_name: set.into(),
        primary_id,
        primary_name: primary_name.into(),
        display_name: display.into(),
        display_collection_name: plural.into(),
        object_type_code: otc,
        is_custom: false,
        is_managed: true,
        ownership: ownership.into(),
        attributes: all,
    }
}

fn one_to_many(
    schema: &str,
    referenced: &str,
    referencing: &str,
    attribute: &str,
    referencing_nav: &str,
) -> OneToMany {
    OneToMany {
        metadata_id: stable_id(&format!("relationship|{schema}")),
        schema_name: schema.into(),
        referenced_entity: referenced.into(),
        referenced_attribute: format!("{referenced}id"),
        referencing_entity: referencing.into(),
        referencing_attribute: attribute.into(),
        referenced_nav: schema.into(),
        referencing_nav: referencing_nav.into(),
        is_custom: false,
        is_managed: true,
    }
}

/// The system tables and relationships every environment has ([`system_tables`]), and the
/// users' security roles (`systemuserroles_association`).
fn system_definitions(org: &mut Org) {
    for t in system_tables::TABLES {
        let columns = t.columns.iter().map(|c| column(t.logical, c)).collect();
        let mut e = entity(
            t.logical,
            t.schema,
            t.set,
            t.primary_name,
            t.display,
            t.plural,
            t.code,
            t.ownership,
            columns,
        );
        if let Some((key, schema)) = t.key {
            e = rekey(e, key, schema);
        }
        org.add_entity(e, t.indexed);
    }
    for &(schema, referenced, referencing, column) in system_tables::ONE_TO_MANY {
        org.one_to_many
            .push(one_to_many(schema, referenced, referencing, column, column));
    }
    org.many_to_many.push(ManyToMany::new(
        stable_id("relationship|systemuserroles_association"),
        "systemuserroles_association",
        "systemuser",
        "role",
        "systemuserroles",
        "systemuserroles_association",
        "systemuserroles_association",
        "systemuserid",
        "roleid",
    ));
}

/// A system table's column as the store keeps it.
fn column(table: &str, c: &system_tables::Column) -> AttrMeta {
    let mut a = match c.target {
        Some(target) => lookup(table, c.logical, c.schema, c.display, target),
        None => attr(table, c.logical, c.schema, c.kind, c.display),
    };
    if !c.options.is_empty() {
        a.options = c
            .options
            .iter()
            .map(|&(value, label)| (value, label.to_owned()))
            .collect();
    }
    a
}

/// Makes `primary_id` the key of a table whose key is not `<table>id` (`formid`,
/// `systemuserid` of `usersettings`).
fn rekey(mut e: EntityMeta, primary_id: &str, schema: &str) -> EntityMeta {
    if let Some(key) = e
        .attributes
        .iter_mut()
        .find(|a| a.logical_name == e.primary_id)
    {
        key.logical_name = primary_id.into();
        key.schema_name = schema.into();
    }
    e.primary_id = primary_id.into();
    e
}

/// The Marketo solution's two tables (Config with its "Marketo User" lookup, Log), their
/// relationship to `systemuser`, and their object type codes.
fn marketo_definitions(org: &mut Org, m: &MarketoNames) -> (String, String, String) {
    let prefix = m.prefix;
    let name_col = format!("{prefix}_name");
    let name_schema = format!("{prefix}_Name");
    let mut user = custom(lookup(
        m.config_table,
        m.user_column,
        m.user_column_schema,
        names::USER_DISPLAY_NAME,
        "systemuser",
    ));
    user.description = "The Dynamics user Marketo syncs as.".into();
    let mut cols = vec![
        custom(attr(
            m.config_table,
            &name_col,
            &name_schema,
            AttrKind::String,
            "Name",
        )),
        user,
    ];
    cols.push(attr(
        m.config_table,
        "statecode",
        "StateCode",
        AttrKind::State,
        "Status",
    ));
    cols.push(attr(
        m.config_table,
        "statuscode",
        "StatusCode",
        AttrKind::Status,
        "Status Reason",
    ));
    let mut config = entity(
        m.config_table,
        m.config_schema,
        m.config_set,
        &name_col,
        names::CONFIG_DISPLAY_NAME,
        "Marketo Configs",
        10_412,
        "OrganizationOwned",
        cols,
    );
    config.is_custom = true;
    let config_id = config.metadata_id.clone();
    let user_attr_id = config
        .attr(m.user_column)
        .map(|a| a.metadata_id.clone())
        .unwrap_or_default();
    org.add_entity(
        config,
        &[name_col.as_str(), &format!("_{}_value", m.user_column)],
    );

    let log_name = format!("{prefix}_name");
    let mut log = entity(
        m.log_table,
        &format!("{prefix}_MarketoLog"),
        &format!("{}s", m.log_table),
        &log_name,
        "Marketo Log",
        "Marketo Logs",
        10_413,
        "OrganizationOwned",
        vec![custom(attr(
            m.log_table,
            &log_name,
            &format!("{prefix}_Name"),
            AttrKind::String,
            "Name",
        ))],
    );
    log.is_custom = true;
    let log_id = log.metadata_id.clone();
    org.add_entity(log, &[]);

    let mut rel = one_to_many(
        &format!("{prefix}_systemuser_{}", m.user_column),
        "systemuser",
        m.config_table,
        m.user_column,
        m.user_column_schema,
    );
    rel.is_custom = true;
    org.one_to_many.push(rel);
    (config_id, log_id, user_attr_id)
}

// ---------------------------------------------------------------------------------------------
// Rows

fn row(pairs: &[(&str, Value)]) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v.clone());
    }
    m.insert("createdon".into(), json!(SEEDED_ON));
    m.insert("modifiedon".into(), json!(SEEDED_ON));
    m
}

/// Adds a role with one copy per business unit (root first); returns the root copy's id.
fn add_role(
    org: &mut Org,
    url: &str,
    name: &str,
    template: Option<&str>,
    bus: &[String],
    privileges: Privileges,
    managed: bool,
) -> String {
    let mut root_id = String::new();
    let mut parent_id: Option<String> = None;
    for (i, bu) in bus.iter().enumerate() {
        let id = stable_id(&format!("{url}|role|{name}|{bu}"));
        if i == 0 {
            root_id = id.clone();
        }
        org.insert_row(
            "role",
            &id,
            row(&[
                ("roleid", json!(id)),
                ("name", json!(name)),
                ("_businessunitid_value", json!(bu)),
                (
                    "_roletemplateid_value",
                    template.map_or(Value::Null, |t| json!(t)),
                ),
                ("_parentrootroleid_value", json!(root_id)),
                (
                    "_parentroleid_value",
                    parent_id.as_ref().map_or(Value::Null, |p| json!(p)),
                ),
                ("ismanaged", json!(managed)),
            ]),
        );
        org.role_privileges.insert(id.clone(), privileges.clone());
        parent_id = Some(id);
    }
    root_id
}

/// Adds a system user in business unit `bu`; returns its id.
#[allow(clippy::too_many_arguments)]
fn add_user(
    org: &mut Org,
    id: &str,
    first: &str,
    last: &str,
    full: &str,
    upn: Option<&str>,
    oid: Option<&str>,
    app_id: Option<&str>,
    bu: &str,
    access_mode: i64,
) -> String {
    org.insert_row(
        "systemuser",
        id,
        row(&[
            ("systemuserid", json!(id)),
            ("firstname", json!(first)),
            ("lastname", json!(last)),
            ("fullname", json!(full)),
            ("domainname", upn.map_or(Value::Null, |u| json!(u))),
            (
                "internalemailaddress",
                upn.map_or(Value::Null, |u| json!(u)),
            ),
            (
                "azureactivedirectoryobjectid",
                oid.map_or(Value::Null, |o| json!(o)),
            ),
            ("applicationid", app_id.map_or(Value::Null, |a| json!(a))),
            ("applicationiduri", Value::Null),
            ("_businessunitid_value", json!(bu)),
            ("isdisabled", json!(false)),
            ("islicensed", json!(app_id.is_none() && oid.is_some())),
            ("accessmode", json!(access_mode)),
            ("deletedstate", json!(0)),
        ]),
    );
    org.add_user_settings(id);
    id.to_string()
}

fn associate(org: &mut Org, user: &str, role: &str) {
    if let Some(r) = org.relationship_mut("systemuserroles_association") {
        r.associate(user, role);
    }
}

#[allow(clippy::too_many_arguments)]
fn build_org(
    url: &str,
    friendly: &str,
    purpose: &str,
    tenant_id: &str,
    users: &[User],
    v: &Variant,
    m: &MarketoNames,
) -> Org {
    let id = |what: &str| stable_id(&format!("{url}|{what}"));
    let mut org = Org {
        info: OrgInfo {
            id: id("organization"),
            unique_name: format!("unq{}", &id("unique").replace('-', "")[..24]),
            url_name: url.into(),
            friendly_name: friendly.into(),
            environment_id: id("environment"),
            region: "NA".into(),
            version: "9.2.24101.00200".into(),
            state: 0,
            status_message: 6,
            purpose: purpose.into(),
            organization_type: v.organization_type,
            trial_days_left: v.trial_days_left,
            last_updated: SEEDED_ON.into(),
        },
        tables: Default::default(),
        entities: Default::default(),
        sets: Default::default(),
        one_to_many: Vec::new(),
        many_to_many: Vec::new(),
        role_privileges: Default::default(),
        unpublished: Vec::new(),
        version_counter: 1_000,
    };
    let _ = tenant_id;
    system_definitions(&mut org);
    super::columns::apply(&mut org);
    let marketo_meta = v.marketo_version.map(|_| marketo_definitions(&mut org, m));
    // The organization row (its id is WhoAmI's `OrganizationId`); `name` is the org's unique name.
    let org_id = org.info.id.clone();
    let org_row = row(&[
        ("organizationid", json!(org_id)),
        ("name", json!(org.info.unique_name)),
        ("languagecode", json!(BASE_LANGUAGE)),
        // Off unless the scenario turns it on; the two switches as the admin center shows them
        // ("Enabled by default": ip-firewall.md).
        ("enableipbasedfirewallrule", json!(v.firewall.is_some())),
        ("enableipbasedfirewallruleinauditmode", json!(false)),
        (
            "allowediprangeforfirewall",
            v.firewall.map_or(Value::Null, |r| json!(r)),
        ),
        ("allowedservicetagsforfirewall", Value::Null),
        ("allowapplicationuseraccess", json!(v.firewall.is_none())),
        ("allowmicrosofttrustedservicetags", json!(true)),
    ]);
    org.insert_row("organization", &org_id, org_row);
    ui_components(&mut org, url, v.marketo_version.map(|_| m.config_table));

    // Business units: the root (named after the org) and a child.
    let root_bu = id("bu|root");
    let child_bu = id("bu|child");
    org.insert_row(
        "businessunit",
        &root_bu,
        row(&[
            ("businessunitid", json!(root_bu)),
            ("name", json!(url)),
            ("_parentbusinessunitid_value", Value::Null),
            ("isdisabled", json!(false)),
        ]),
    );
    org.insert_row(
        "businessunit",
        &child_bu,
        row(&[
            ("businessunitid", json!(child_bu)),
            ("name", json!(CHILD_BUSINESS_UNIT)),
            ("_parentbusinessunitid_value", json!(root_bu)),
            ("isdisabled", json!(false)),
        ]),
    );
    let bus = vec![root_bu.clone(), child_bu.clone()];

    // Role templates and roles.
    let set = |items: &[&str]| Privileges::Some(items.iter().map(|s| s.to_string()).collect());
    let set_owned = |items: Vec<String>| Privileges::Some(items.into_iter().collect());
    for (tid, name) in [
        (SYSTEM_ADMINISTRATOR_TEMPLATE, "System Administrator"),
        (SYSTEM_CUSTOMIZER_TEMPLATE, "System Customizer"),
    ] {
        org.insert_row(
            "roletemplate",
            tid,
            row(&[("roletemplateid", json!(tid)), ("name", json!(name))]),
        );
    }
    let sysadmin = add_role(
        &mut org,
        url,
        "System Administrator",
        Some(SYSTEM_ADMINISTRATOR_TEMPLATE),
        &bus,
        Privileges::All,
        true,
    );
    add_role(
        &mut org,
        url,
        "System Customizer",
        Some(SYSTEM_CUSTOMIZER_TEMPLATE),
        &bus,
        set(CUSTOMIZER_PRIVILEGES),
        true,
    );
    let basic = add_role(
        &mut org,
        url,
        "Basic User",
        None,
        &bus,
        set(BASIC_USER_PRIVILEGES),
        true,
    );
    add_role(
        &mut org,
        url,
        "Salesperson",
        None,
        &bus,
        set(BASIC_USER_PRIVILEGES),
        true,
    );
    let marketo_role = v.marketo_version.map(|_| {
        let mut p: Vec<String> = BASIC_USER_PRIVILEGES
            .iter()
            .map(|s| s.to_string())
            .collect();
        // What Marketo's sync does as its user: create and update leads and contacts, read
        // accounts and opportunities (Microsoft and Adobe do not publish the role's privilege
        // list; this is the least that sync needs). `missing-privilege` lacks one.
        for prv in MARKETO_SYNC_PRIVILEGES {
            if !(v.missing_privilege == Some(*prv) || p.iter().any(|have| have == prv)) {
                p.push(prv.to_string());
            }
        }
        p.retain(|have| v.missing_privilege != Some(have.as_str()));
        p.push(format!("prvRead{}", m.config_schema));
        p.push(format!("prvWrite{}", m.config_schema));
        add_role(
            &mut org,
            url,
            names::ROLE_NAME,
            None,
            &bus,
            set_owned(p),
            true,
        )
    });

    // Users: the platform's own, then the directory's people.
    let system = add_user(
        &mut org,
        &id("user|SYSTEM"),
        "",
        "SYSTEM",
        "SYSTEM",
        None,
        None,
        None,
        &root_bu,
        0,
    );
    associate(&mut org, &system, &sysadmin);
    add_user(
        &mut org,
        &id("user|INTEGRATION"),
        "",
        "INTEGRATION",
        "INTEGRATION",
        None,
        None,
        None,
        &root_bu,
        0,
    );
    for u in users {
        let uid = add_user(
            &mut org,
            &stable_id(&format!("{url}|user|{}", u.oid)),
            &u.given_name,
            &u.surname,
            &u.display_name,
            Some(&u.upn),
            Some(&u.oid),
            None,
            &root_bu,
            0,
        );
        let role = if u.oid == demo::ADMIN_OID && v.admin_is_sysadmin {
            &sysadmin
        } else {
            &basic
        };
        associate(&mut org, &uid, role);
    }

    // Publishers and solutions.
    let default_pub = id("publisher|default");
    org.insert_row(
        "publisher",
        &default_pub,
        row(&[
            ("publisherid", json!(default_pub)),
            ("uniquename", json!(format!("DefaultPublisher{url}"))),
            (
                "friendlyname",
                json!(format!("Default Publisher for {url}")),
            ),
            (
                "customizationprefix",
                json!(names::DEFAULT_PUBLISHER_PREFIX),
            ),
            ("customizationoptionvalueprefix", json!(10_000)),
            ("isreadonly", json!(false)),
        ]),
    );
    let contoso_pub = id("publisher|contoso");
    org.insert_row(
        "publisher",
        &contoso_pub,
        row(&[
            ("publisherid", json!(contoso_pub)),
            ("uniquename", json!("Contoso")),
            ("friendlyname", json!("Contoso")),
            ("customizationprefix", json!("new")),
            ("customizationoptionvalueprefix", json!(10_001)),
            ("isreadonly", json!(false)),
        ]),
    );
    let default_sol = id("solution|Default");
    org.insert_row(
        "solution",
        &default_sol,
        row(&[
            ("solutionid", json!(default_sol)),
            ("uniquename", json!("Default")),
            ("friendlyname", json!("Default Solution")),
            ("version", json!("1.0")),
            ("ismanaged", json!(false)),
            ("isvisible", json!(false)),
            ("installedon", json!(SEEDED_ON)),
            ("description", Value::Null),
            ("_publisherid_value", json!(default_pub)),
        ]),
    );
    let contoso_sol = id("solution|contoso");
    org.insert_row(
        "solution",
        &contoso_sol,
        row(&[
            ("solutionid", json!(contoso_sol)),
            ("uniquename", json!(names::CUSTOMIZATIONS_SOLUTION)),
            ("friendlyname", json!("Contoso Customizations")),
            ("version", json!("1.0.0.3")),
            ("ismanaged", json!(false)),
            ("isvisible", json!(true)),
            ("installedon", json!(SEEDED_ON)),
            ("description", json!("Contoso's own columns and views.")),
            ("_publisherid_value", json!(contoso_pub)),
        ]),
    );

    // A plug-in step that is not Marketo's (disabled on purpose: only the solution's steps count).
    let other_step = id("step|contoso-audit");
    org.insert_row(
        "sdkmessageprocessingstep",
        &other_step,
        row(&[
            ("sdkmessageprocessingstepid", json!(other_step)),
            (
                "name",
                json!("Contoso.Plugins.AuditAccount: Update of account"),
            ),
            ("description", json!("Contoso audit (retired)")),
            ("stage", json!(40)),
            ("mode", json!(0)),
            ("rank", json!(1)),
            ("ismanaged", json!(false)),
            ("statecode", json!(1)),
            ("statuscode", json!(2)),
        ]),
    );

    if let (Some(version), Some((config_meta, log_meta, user_attr_meta)), Some(marketo_role)) =
        (v.marketo_version, marketo_meta, marketo_role)
    {
        let publisher = id("publisher|marketo");
        org.insert_row(
            "publisher",
            &publisher,
            row(&[
                ("publisherid", json!(publisher)),
                ("uniquename", json!(m.publisher_unique_name)),
                ("friendlyname", json!("Marketo")),
                ("customizationprefix", json!(m.prefix)),
                ("customizationoptionvalueprefix", json!(77_412)),
                ("isreadonly", json!(false)),
            ]),
        );
        let solution = id("solution|marketo");
        org.insert_row(
            "solution",
            &solution,
            row(&[
                ("solutionid", json!(solution)),
                ("uniquename", json!(m.solution_unique_name)),
                ("friendlyname", json!(names::SOLUTION_FRIENDLY_NAME)),
                ("version", json!(version)),
                ("ismanaged", json!(true)),
                ("isvisible", json!(true)),
                ("installedon", json!(SEEDED_ON)),
                (
                    "description",
                    json!("Marketo Lead Management for Microsoft Dynamics"),
                ),
                ("_publisherid_value", json!(publisher)),
            ]),
        );
        let mut components: Vec<(i64, String)> = vec![
            (1, config_meta.clone()),
            (1, log_meta),
            (2, user_attr_meta),
            (20, marketo_role.clone()),
            (91, id("pluginassembly|marketo")),
            (90, id("plugintype|marketo")),
        ];
        let step_names = [
            "Create of lead",
            "Update of lead",
            "Create of contact",
            "Update of contact",
            "Update of account",
        ];
        for (n, what) in step_names.iter().enumerate() {
            let step = id(&format!("step|marketo|{n}"));
            let disabled = v.half_configured && n == 1;
            org.insert_row(
                "sdkmessageprocessingstep",
                &step,
                row(&[
                    ("sdkmessageprocessingstepid", json!(step)),
                    (
                        "name",
                        json!(format!("Marketo.Crm.Plugins.SyncPlugin: {what}")),
                    ),
                    ("description", json!(format!("Marketo sync: {what}"))),
                    ("stage", json!(40)),
                    ("mode", json!(1)),
                    ("rank", json!(1)),
                    ("ismanaged", json!(true)),
                    ("statecode", json!(if disabled { 1 } else { 0 })),
                    ("statuscode", json!(if disabled { 2 } else { 1 })),
                ]),
            );
            components.push((92, step));
        }
        for (n, (kind, object)) in components.iter().enumerate() {
            let cid = id(&format!("component|marketo|{n}"));
            org.insert_row(
                "solutioncomponent",
                &cid,
                row(&[
                    ("solutioncomponentid", json!(cid)),
                    ("_solutionid_value", json!(solution)),
                    ("componenttype", json!(kind)),
                    ("objectid", json!(object)),
                    ("rootcomponentbehavior", json!(0)),
                    ("ismetadata", json!(matches!(kind, 1 | 2))),
                ]),
            );
        }

        // The Marketo Config "Default" record, Marketo User empty.
        let config = id("marketoconfig|default");
        let name_col = format!("{}_name", m.prefix);
        let user_col = format!("_{}_value", m.user_column);
        org.insert_row(
            m.config_table,
            &config,
            row(&[
                (&format!("{}id", m.config_table), json!(config)),
                (&name_col, json!(names::DEFAULT_RECORD_NAME)),
                (&user_col, Value::Null),
                ("statecode", json!(0)),
                ("statuscode", json!(1)),
            ]),
        );

        if v.ropc_sync {
            // Marketo's sync user of the client-app connection: a licensed, interactive person
            // (access mode 0) with the Marketo Sync User role, English UI (seeded for everyone).
            // The directory's user (every scenario user has its Dataverse user, added above).
            let sync = stable_id(&format!("{url}|user|{}", ropc::SYNC_OID));
            // Its primary e-mail is its mailbox, not its User Name (`domainname`, the UPN).
            let mut mailbox = Map::new();
            mailbox.insert("internalemailaddress".into(), json!(ropc::SYNC_MAIL));
            org.update_row("systemuser", &sync, mailbox);
            associate(&mut org, &sync, &marketo_role);
            let mut change = Map::new();
            change.insert(user_col.clone(), json!(sync));
            org.update_row(m.config_table, &config, change);
        }

        // `duplicate-username`: the directory's person with the proposed e-mail is a Dataverse
        // user like every scenario user (added above), licensed, without a Marketo role.

        if v.s2s_sync {
            // The application user of the running S2S connection: non-interactive (access mode
            // 4), root business unit, the Marketo Sync User role only.
            let app_user = add_user(
                &mut org,
                &id("user|app|connected"),
                "#",
                connected::DISPLAY_NAME,
                &format!("# {}", connected::DISPLAY_NAME),
                Some(connected::APP_USER_EMAIL),
                Some(connected::SP_ID),
                Some(connected::APP_ID),
                &root_bu,
                4,
            );
            associate(&mut org, &app_user, &marketo_role);
            let mut change = Map::new();
            change.insert(user_col.clone(), json!(app_user));
            org.update_row(m.config_table, &config, change);
        }

        if v.half_configured {
            // The "Marketo Integration" app's user exists without the role; its service principal
            // is gone from the directory (the object id is stale).
            add_user(
                &mut org,
                &id("user|app|marketo-integration"),
                "#",
                "Marketo Integration",
                "# Marketo Integration",
                Some(&format!(
                    "marketointegration{}@{tenant_id}.com",
                    names::HALF_CONFIGURED_APP_ID.replace('-', "")
                )),
                Some(&id("stale-service-principal")),
                Some(names::HALF_CONFIGURED_APP_ID),
                &root_bu,
                4,
            );
            for (first, last) in [("Alex", "Wilber"), ("Diego", "Siciliani")] {
                let upn = format!("{}@{}", first.to_lowercase(), demo::TENANT_DOMAIN);
                let uid = add_user(
                    &mut org,
                    &id(&format!("user|{first}")),
                    first,
                    last,
                    &format!("{first} {last}"),
                    Some(&upn),
                    Some(&id(&format!("oid|{first}"))),
                    None,
                    &root_bu,
                    0,
                );
                associate(&mut org, &uid, &marketo_role);
                associate(&mut org, &uid, &basic);
            }
            let alex = id("user|Alex");
            let mut change = Map::new();
            change.insert(user_col, json!(alex));
            org.update_row(m.config_table, &config, change);
            // A customizer edited Marketo Config's form and the Marketo Leads view without
            // publishing: both rows have an unpublished layer.
            org.unpublished = vec![
                Pending {
                    description: format!(
                        "{} form 'Information' (modified)",
                        names::CONFIG_DISPLAY_NAME
                    ),
                    entity: Some(m.config_table.to_string()),
                    component: Some((
                        "systemform".into(),
                        form_id(url, m.config_table, "Information"),
                    )),
                },
                unpublished_marketo_view(url),
            ];
        }
    }
    org
}

/// The lead view the Marketo solution brings.
const MARKETO_VIEW: &str = "Marketo Leads";

/// A customizer's edit of the Marketo solution's lead view in environment `url` (its URL name),
/// not yet published: `RetrieveUnpublishedMultiple` shows the view with `componentstate` 1 until
/// `PublishAllXml` (or `PublishXml` naming `lead`). The half-configured seed has it, and the fault
/// matrix adds it to a fresh tenant so that its publish row has a publish to fault.
pub fn unpublished_marketo_view(url: &str) -> Pending {
    Pending {
        description: "lead view 'Marketo Leads' (modified)".into(),
        entity: Some("lead".into()),
        component: Some(("savedquery".into(), view_id(url, "lead", MARKETO_VIEW))),
    }
}

/// Id of the form `name` of `table` in environment `url`.
fn form_id(url: &str, table: &str, name: &str) -> String {
    stable_id(&format!("{url}|form|{table}|{name}"))
}

/// Id of the view `name` of `table` in environment `url`.
fn view_id(url: &str, table: &str, name: &str) -> String {
    stable_id(&format!("{url}|view|{table}|{name}"))
}

/// The forms, views, web resource, site map and app every environment has (all published), plus
/// Marketo Config's form and the Marketo Leads view when the solution is installed.
fn ui_components(org: &mut Org, url: &str, marketo_table: Option<&str>) {
    let published = |pairs: &[(&str, Value)], managed: bool| {
        let mut r = row(pairs);
        r.insert("componentstate".into(), json!(0));
        r.insert("ismanaged".into(), json!(managed));
        r
    };
    let mut forms: Vec<(&str, bool)> = ["lead", "contact", "account", "opportunity"]
        .into_iter()
        .map(|t| (t, false))
        .collect();
    forms.extend(marketo_table.map(|t| (t, true)));
    for (table, managed) in forms {
        let id = form_id(url, table, "Information");
        let r = published(
            &[
                ("formid", json!(id)),
                ("name", json!("Information")),
                ("objecttypecode", json!(table)),
                ("type", json!(2)),
            ],
            managed,
        );
        org.insert_row("systemform", &id, r);
    }
    let mut views = vec![
        ("lead", "Open Leads", true, false),
        ("contact", "Active Contacts", true, false),
        ("account", "Active Accounts", true, false),
        ("opportunity", "Open Opportunities", true, false),
    ];
    if marketo_table.is_some() {
        views.push(("lead", MARKETO_VIEW, false, true));
    }
    for (table, name, default, managed) in views {
        let id = view_id(url, table, name);
        let r = published(
            &[
                ("savedqueryid", json!(id)),
                ("name", json!(name)),
                ("returnedtypecode", json!(table)),
                ("querytype", json!(0)),
                ("isdefault", json!(default)),
            ],
            managed,
        );
        org.insert_row("savedquery", &id, r);
    }
    // The default app icon Microsoft documents for new apps: the id is the documented one, the
    // name is the emulator's.
    let icon = "953b9fac-1e5e-e611-80d6-00155ded156f";
    let r = published(
        &[
            ("webresourceid", json!(icon)),
            ("name", json!("msdyn_/Images/AppModule_Default_Icon.png")),
            ("displayname", json!("Default app icon")),
            ("webresourcetype", json!(5)),
        ],
        true,
    );
    org.insert_row("webresource", icon, r);
    let sitemap = stable_id(&format!("{url}|sitemap|SiteMap"));
    let r = published(
        &[
            ("sitemapid", json!(sitemap)),
            ("sitemapname", json!("SiteMap")),
            ("sitemapnameunique", json!("SiteMap")),
        ],
        true,
    );
    org.insert_row("sitemap", &sitemap, r);
    let app = stable_id(&format!("{url}|appmodule|saleshub"));
    let r = published(
        &[
            ("appmoduleid", json!(app)),
            ("name", json!("Sales Hub")),
            ("uniquename", json!("msdynce_saleshub")),
            ("clienttype", json!(4)),
        ],
        true,
    );
    org.insert_row("appmodule", &app, r);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Hosts;

    fn scenario(name: &str) -> Scenario {
        Scenario::by_name(name, &Hosts::single_port("http", 8400), &[]).unwrap()
    }

    #[test]
    fn fresh_has_one_environment_with_the_marketo_solution() {
        let s = scenario("fresh");
        let w = world_for("fresh", &s);
        assert_eq!(w.orgs.len(), 1);
        let org = w.org("contoso").unwrap();
        let m = names::marketo_names("fresh");
        let solutions = &org.tables["solution"];
        let marketo = solutions
            .lookup("uniquename", &json!(m.solution_unique_name))
            .unwrap();
        assert_eq!(marketo.len(), 1);
        assert_eq!(solutions.get(&marketo[0]).unwrap()["version"], "5.0.2.1");
        // One copy of the role per business unit.
        let roles = org.tables["role"]
            .lookup("name", &json!(names::ROLE_NAME))
            .unwrap();
        assert_eq!(roles.len(), 2);
        let admin = org.user_by_object_id(demo::ADMIN_OID).unwrap();
        assert!(org.is_sys_admin(&admin));
        let plain = org.user_by_object_id(demo::USER_OID).unwrap();
        assert!(!org.is_sys_admin(&plain));
    }

    /// Dataverse has one user per Entra account (its `azureactivedirectoryobjectid`) and no
    /// two people with the same User Name: a scenario that seeded a directory user twice (once
    /// as every scenario user, once for its role) would let a check count it twice.
    #[test]
    fn every_environment_has_one_user_per_entra_account() {
        for name in Scenario::names().iter().filter(|n| **n != "large") {
            let s = scenario(name);
            for (url, org) in &s.dataverse.orgs {
                let users = &org.tables["systemuser"].rows;
                let mut seen = std::collections::BTreeSet::new();
                for row in users.values() {
                    if let Some(oid) = row["azureactivedirectoryobjectid"].as_str() {
                        assert!(
                            seen.insert(oid.to_ascii_lowercase()),
                            "{name}/{url}: {oid} twice"
                        );
                    }
                }
                let mut names = std::collections::BTreeSet::new();
                for row in users.values().filter(|r| r["applicationid"].is_null()) {
                    if let Some(upn) = row["domainname"].as_str() {
                        assert!(
                            names.insert(upn.to_ascii_lowercase()),
                            "{name}/{url}: {upn} twice"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn scenarios_vary_what_the_setup_must_notice() {
        assert!(world_for("no-dynamics", &scenario("no-dynamics"))
            .orgs
            .is_empty());
        let w = world_for("not-admin", &scenario("not-admin"));
        let org = w.org("contoso").unwrap();
        assert!(!org.is_sys_admin(&org.user_by_object_id(demo::ADMIN_OID).unwrap()));
        let w = world_for("no-marketo-solution", &scenario("no-marketo-solution"));
        let org = w.org("contoso").unwrap();
        assert!(org.tables["role"]
            .lookup("name", &json!(names::ROLE_NAME))
            .unwrap()
            .is_empty());
        let w = world_for("half-configured", &scenario("half-configured"));
        let org = w.org("contoso").unwrap();
        assert_eq!(
            org.users_by_application_id(names::HALF_CONFIGURED_APP_ID)
                .len(),
            1
        );
        assert!(!org.unpublished.is_empty());
        let disabled = org.tables["sdkmessageprocessingstep"]
            .rows
            .values()
            .filter(|r| r["statecode"] == 1 && r["name"].as_str().unwrap().starts_with("Marketo"))
            .count();
        assert_eq!(disabled, 1);
    }

    #[test]
    fn large_has_fifty_environments_and_five_thousand_users() {
        let s = scenario("large");
        let w = world_for("large", &s);
        assert_eq!(w.orgs.len(), names::LARGE_ENVIRONMENTS);
        let users = w.org("contoso").unwrap().tables["systemuser"].rows.len();
        assert!(users >= 5_000, "{users}");
    }
}
