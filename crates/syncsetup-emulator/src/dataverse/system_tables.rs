//! The system tables every environment has, as data: one row per table (names, object type code,
//! ownership, key, columns, the columns the store indexes) and one per relationship. The Marketo
//! solution's tables, whose names vary per scenario, are built in `seed.rs`; everything here is
//! the same in every org.
//!
//! Names, display names and object type codes follow the table reference of powerapps-docs
//! (`powerapps-docs/developer/data-platform/reference/entities/<table>.md`); the choices of a
//! column are its documented options. A column not listed here does not exist in the emulator,
//! so a query that names one is refused as Dataverse refuses an unknown property.

use super::store::AttrKind::{self, *};

/// One column of a system table. Every table also gets its primary key first and `createdon`,
/// `modifiedon` and `versionnumber` last (`seed::entity`).
pub(super) struct Column {
    /// Logical name.
    pub logical: &'static str,
    /// Schema name.
    pub schema: &'static str,
    /// Type.
    pub kind: AttrKind,
    /// Display name.
    pub display: &'static str,
    /// The table a lookup points to.
    pub target: Option<&'static str>,
    /// The choices, where they differ from the type's defaults (two options: No / Yes; state:
    /// Active / Inactive; status reason: Active / Inactive).
    pub options: &'static [(i64, &'static str)],
}

const fn col(
    logical: &'static str,
    schema: &'static str,
    kind: AttrKind,
    display: &'static str,
) -> Column {
    Column {
        logical,
        schema,
        kind,
        display,
        target: None,
        options: &[],
    }
}

/// A lookup column pointing at `target`.
const fn reference(
    logical: &'static str,
    schema: &'static str,
    display: &'static str,
    target: &'static str,
) -> Column {
    Column {
        target: Some(target),
        ..col(logical, schema, Lookup, display)
    }
}

/// A choice column with its documented options.
const fn choice(
    logical: &'static str,
    schema: &'static str,
    display: &'static str,
    options: &'static [(i64, &'static str)],
) -> Column {
    Column {
        options,
        ..col(logical, schema, Picklist, display)
    }
}

const STATE: Column = col("statecode", "StateCode", State, "Status");
const STATUS: Column = col("statuscode", "StatusCode", Status, "Status Reason");
const IS_MANAGED_STATE: Column = col("ismanaged", "IsManaged", Boolean, "State");
/// `componentstate` of solution-aware rows (forms, views, …): the documented choices.
const COMPONENT_STATE: Column = choice(
    "componentstate",
    "ComponentState",
    "Component State",
    &[
        (0, "Published"),
        (1, "Unpublished"),
        (2, "Deleted"),
        (3, "Deleted Unpublished"),
    ],
);

/// One system table.
pub(super) struct Table {
    /// Logical name.
    pub logical: &'static str,
    /// Schema name.
    pub schema: &'static str,
    /// Entity set name (the Web API's collection).
    pub set: &'static str,
    /// Primary name column (empty when the table has none).
    pub primary_name: &'static str,
    /// Display name.
    pub display: &'static str,
    /// Plural display name.
    pub plural: &'static str,
    /// Object type code (fixed in every org).
    pub code: i64,
    /// `OwnershipType`.
    pub ownership: &'static str,
    /// A key other than `<table>id` (`formid`, `systemuserid` of `usersettings`): logical and
    /// schema name.
    pub key: Option<(&'static str, &'static str)>,
    /// Its columns, in `EntityDefinitions` order.
    pub columns: &'static [Column],
    /// Columns the store indexes for lookups.
    pub indexed: &'static [&'static str],
}

/// Every system table, in the order they are added.
pub(super) const TABLES: &[Table] = &[
    Table {
        logical: "businessunit",
        schema: "BusinessUnit",
        set: "businessunits",
        primary_name: "name",
        display: "Business Unit",
        plural: "Business Units",
        code: 10,
        ownership: "BusinessOwned",
        key: None,
        columns: &[
            col("name", "Name", String, "Name"),
            reference(
                "parentbusinessunitid",
                "ParentBusinessUnitId",
                "Parent Business",
                "businessunit",
            ),
            col("isdisabled", "IsDisabled", Boolean, "Is Disabled"),
        ],
        indexed: &["_parentbusinessunitid_value", "name"],
    },
    Table {
        logical: "systemuser",
        schema: "SystemUser",
        set: "systemusers",
        primary_name: "fullname",
        display: "User",
        plural: "Users",
        code: 8,
        ownership: "BusinessOwned",
        key: None,
        columns: &[
            col("fullname", "FullName", String, "Full Name"),
            col("firstname", "FirstName", String, "First Name"),
            col("lastname", "LastName", String, "Last Name"),
            col("domainname", "DomainName", String, "User Name"),
            col(
                "internalemailaddress",
                "InternalEMailAddress",
                String,
                "Primary Email",
            ),
            col(
                "applicationid",
                "ApplicationId",
                Uniqueidentifier,
                "Application ID",
            ),
            col(
                "applicationiduri",
                "ApplicationIdUri",
                String,
                "Application ID URI",
            ),
            col(
                "azureactivedirectoryobjectid",
                "AzureActiveDirectoryObjectId",
                Uniqueidentifier,
                "Azure AD Object ID",
            ),
            reference(
                "businessunitid",
                "BusinessUnitId",
                "Business Unit",
                "businessunit",
            ),
            col("isdisabled", "IsDisabled", Boolean, "Status"),
            col("islicensed", "IsLicensed", Boolean, "User Licensed"),
            choice(
                "accessmode",
                "AccessMode",
                "Access Mode",
                &[
                    (0, "Read-Write"),
                    (1, "Administrative"),
                    (2, "Read"),
                    (3, "Support User"),
                    (4, "Non-interactive"),
                    (5, "Delegated Admin"),
                ],
            ),
            choice(
                "deletedstate",
                "DeletedState",
                "Deleted State",
                &[(0, "Not deleted"), (1, "Soft deleted")],
            ),
        ],
        indexed: &[
            "applicationid",
            "azureactivedirectoryobjectid",
            "domainname",
            "internalemailaddress",
            "_businessunitid_value",
            "fullname",
        ],
    },
    Table {
        logical: "roletemplate",
        schema: "RoleTemplate",
        set: "roletemplates",
        primary_name: "name",
        display: "Role Template",
        plural: "Role Templates",
        code: 1037,
        ownership: "None",
        key: None,
        columns: &[col("name", "Name", String, "Name")],
        indexed: &[],
    },
    Table {
        logical: "role",
        schema: "Role",
        set: "roles",
        primary_name: "name",
        display: "Security Role",
        plural: "Security Roles",
        code: 1036,
        ownership: "BusinessOwned",
        key: None,
        columns: &[
            col("name", "Name", String, "Name"),
            reference(
                "businessunitid",
                "BusinessUnitId",
                "Business Unit",
                "businessunit",
            ),
            reference(
                "roletemplateid",
                "RoleTemplateId",
                "Role Template ID",
                "roletemplate",
            ),
            reference(
                "parentrootroleid",
                "ParentRootRoleId",
                "Parent Root Role",
                "role",
            ),
            reference("parentroleid", "ParentRoleId", "Parent Role", "role"),
            col("ismanaged", "IsManaged", Boolean, "Is Managed"),
        ],
        indexed: &["name", "_businessunitid_value", "_parentrootroleid_value"],
    },
    Table {
        logical: "publisher",
        schema: "Publisher",
        set: "publishers",
        primary_name: "friendlyname",
        display: "Publisher",
        plural: "Publishers",
        code: 7101,
        ownership: "OrganizationOwned",
        key: None,
        columns: &[
            col("uniquename", "UniqueName", String, "Name"),
            col("friendlyname", "FriendlyName", String, "Display Name"),
            col(
                "customizationprefix",
                "CustomizationPrefix",
                String,
                "Prefix",
            ),
            col(
                "customizationoptionvalueprefix",
                "CustomizationOptionValuePrefix",
                Integer,
                "Option Value Prefix",
            ),
            col(
                "isreadonly",
                "IsReadonly",
                Boolean,
                "Is Read-Only Publisher",
            ),
        ],
        indexed: &["uniquename", "customizationprefix"],
    },
    Table {
        logical: "solution",
        schema: "Solution",
        set: "solutions",
        primary_name: "friendlyname",
        display: "Solution",
        plural: "Solutions",
        code: 7100,
        ownership: "OrganizationOwned",
        key: None,
        columns: &[
            col("uniquename", "UniqueName", String, "Name"),
            col("friendlyname", "FriendlyName", String, "Display Name"),
            col("version", "Version", String, "Version"),
            col("ismanaged", "IsManaged", Boolean, "Package Type"),
            col(
                "isvisible",
                "IsVisible",
                Boolean,
                "Is Visible Outside Platform",
            ),
            col("installedon", "InstalledOn", DateTime, "Installed On"),
            col("description", "Description", Memo, "Description"),
            reference("publisherid", "PublisherId", "Publisher", "publisher"),
        ],
        indexed: &["uniquename", "_publisherid_value"],
    },
    Table {
        logical: "solutioncomponent",
        schema: "SolutionComponent",
        set: "solutioncomponents",
        primary_name: "",
        display: "Solution Component",
        plural: "Solution Components",
        code: 7103,
        ownership: "None",
        key: None,
        columns: &[
            reference("solutionid", "SolutionId", "Solution", "solution"),
            choice(
                "componenttype",
                "ComponentType",
                "Object Type Code",
                &[
                    (1, "Entity"),
                    (2, "Attribute"),
                    (10, "Relationship"),
                    (20, "Role"),
                    (90, "Plugin Type"),
                    (91, "Plugin Assembly"),
                    (92, "SDK Message Processing Step"),
                ],
            ),
            col("objectid", "ObjectId", Uniqueidentifier, "Regarding"),
            col(
                "rootcomponentbehavior",
                "RootComponentBehavior",
                Picklist,
                "Root Component Behavior",
            ),
            col(
                "ismetadata",
                "IsMetadata",
                Boolean,
                "Is this component metadata",
            ),
        ],
        indexed: &["_solutionid_value", "objectid"],
    },
    Table {
        logical: "sdkmessageprocessingstep",
        schema: "SdkMessageProcessingStep",
        set: "sdkmessageprocessingsteps",
        primary_name: "name",
        display: "Sdk Message Processing Step",
        plural: "Sdk Message Processing Steps",
        code: 4608,
        ownership: "UserOwned",
        key: None,
        columns: &[
            col("name", "Name", String, "Name"),
            col("description", "Description", String, "Description"),
            col("stage", "Stage", Picklist, "Execution Stage"),
            col("mode", "Mode", Picklist, "Execution Mode"),
            col("rank", "Rank", Integer, "Execution Order"),
            col("ismanaged", "IsManaged", Boolean, "Is Managed"),
            Column {
                options: &[(0, "Enabled"), (1, "Disabled")],
                ..STATE
            },
            Column {
                options: &[(1, "Enabled"), (2, "Disabled")],
                ..STATUS
            },
        ],
        indexed: &[],
    },
    Table {
        logical: "lead",
        schema: "Lead",
        set: "leads",
        primary_name: "fullname",
        display: "Lead",
        plural: "Leads",
        code: 4,
        ownership: "UserOwned",
        key: None,
        columns: &[col("fullname", "FullName", String, "Name"), STATE, STATUS],
        indexed: &[],
    },
    Table {
        logical: "contact",
        schema: "Contact",
        set: "contacts",
        primary_name: "fullname",
        display: "Contact",
        plural: "Contacts",
        code: 2,
        ownership: "UserOwned",
        key: None,
        columns: &[col("fullname", "FullName", String, "Name"), STATE, STATUS],
        indexed: &[],
    },
    Table {
        logical: "account",
        schema: "Account",
        set: "accounts",
        primary_name: "name",
        display: "Account",
        plural: "Accounts",
        code: 1,
        ownership: "UserOwned",
        key: None,
        columns: &[col("name", "Name", String, "Name"), STATE, STATUS],
        indexed: &[],
    },
    Table {
        logical: "opportunity",
        schema: "Opportunity",
        set: "opportunities",
        primary_name: "name",
        display: "Opportunity",
        plural: "Opportunities",
        code: 3,
        ownership: "UserOwned",
        key: None,
        columns: &[col("name", "Name", String, "Name"), STATE, STATUS],
        indexed: &[],
    },
    // The organization table (one row: the base language; powerapps-docs
    // `…/reference/entities/organization.md`).
    Table {
        logical: "organization",
        schema: "Organization",
        set: "organizations",
        primary_name: "name",
        display: "Organization",
        plural: "Organizations",
        code: 1019,
        ownership: "None",
        key: None,
        columns: &[
            col("name", "Name", String, "Organization Name"),
            col("languagecode", "LanguageCode", Integer, "Language"),
            // The IP firewall (organization.md; power-platform `admin/ip-firewall.md`).
            col(
                "enableipbasedfirewallrule",
                "EnableIpBasedFirewallRule",
                Boolean,
                "Enable IP Range based Firewall",
            ),
            col(
                "enableipbasedfirewallruleinauditmode",
                "EnableIpBasedFirewallRuleInAuditMode",
                Boolean,
                "Enable IP firewall in audit mode",
            ),
            col(
                "allowediprangeforfirewall",
                "AllowedIpRangeForFirewall",
                String,
                "Allowed IP range for firewall",
            ),
            col(
                "allowedservicetagsforfirewall",
                "AllowedServiceTagsForFirewall",
                String,
                "Allowed service tags for firewall",
            ),
            col(
                "allowapplicationuseraccess",
                "AllowApplicationUserAccess",
                Boolean,
                "Allow All Application Users Access",
            ),
            col(
                "allowmicrosofttrustedservicetags",
                "AllowMicrosoftTrustedServiceTags",
                Boolean,
                "Allow Microsoft Trusted Service Tags",
            ),
        ],
        indexed: &[],
    },
    // The users' settings (`usersettingscollection`, keyed by `systemuserid`;
    // `…/reference/entities/usersettings.md`).
    Table {
        logical: "usersettings",
        schema: "UserSettings",
        set: "usersettingscollection",
        primary_name: "",
        display: "User Settings",
        plural: "User Settings",
        code: 150,
        ownership: "BusinessOwned",
        key: Some(("systemuserid", "SystemUserId")),
        columns: &[
            col("uilanguageid", "UILanguageId", Integer, "UI Language"),
            col("localeid", "LocaleId", Integer, "Locale"),
            col("helplanguageid", "HelpLanguageId", Integer, "Help Language"),
        ],
        indexed: &[],
    },
    // The solution-aware UI tables `RetrieveUnpublishedMultiple` is bound to that a customizer
    // touches: forms, views, web resources, site maps and apps, each with `componentstate`.
    Table {
        logical: "systemform",
        schema: "SystemForm",
        set: "systemforms",
        primary_name: "name",
        display: "System Form",
        plural: "System Forms",
        code: 1030,
        ownership: "OrganizationOwned",
        key: Some(("formid", "FormId")),
        columns: &[
            col("name", "Name", String, "Name"),
            col(
                "objecttypecode",
                "ObjectTypeCode",
                EntityName,
                "Entity Name",
            ),
            choice(
                "type",
                "Type",
                "Form Type",
                &[(2, "Main"), (6, "Quick View Form"), (7, "Quick Create")],
            ),
            COMPONENT_STATE,
            IS_MANAGED_STATE,
        ],
        indexed: &["objecttypecode"],
    },
    Table {
        logical: "savedquery",
        schema: "SavedQuery",
        set: "savedqueries",
        primary_name: "name",
        display: "View",
        plural: "Views",
        code: 1039,
        ownership: "OrganizationOwned",
        key: None,
        columns: &[
            col("name", "Name", String, "Name"),
            col(
                "returnedtypecode",
                "ReturnedTypeCode",
                EntityName,
                "Entity Name",
            ),
            col("querytype", "QueryType", Integer, "Query Type"),
            col("isdefault", "IsDefault", Boolean, "Default View"),
            COMPONENT_STATE,
            IS_MANAGED_STATE,
        ],
        indexed: &["returnedtypecode"],
    },
    Table {
        logical: "webresource",
        schema: "WebResource",
        set: "webresourceset",
        primary_name: "name",
        display: "Web Resource",
        plural: "Web Resources",
        code: 9333,
        ownership: "OrganizationOwned",
        key: None,
        columns: &[
            col("name", "Name", String, "Name"),
            col("displayname", "DisplayName", String, "Display Name"),
            choice(
                "webresourcetype",
                "WebResourceType",
                "Type",
                &[
                    (1, "Webpage (HTML)"),
                    (2, "Style Sheet (CSS)"),
                    (3, "Script (JScript)"),
                    (4, "Data (XML)"),
                    (5, "PNG format"),
                    (6, "JPG format"),
                    (7, "GIF format"),
                    (8, "Silverlight (XAP)"),
                    (9, "Style Sheet (XSL)"),
                    (10, "ICO format"),
                    (11, "Vector format (SVG)"),
                    (12, "String (RESX)"),
                ],
            ),
            COMPONENT_STATE,
            IS_MANAGED_STATE,
        ],
        indexed: &[],
    },
    Table {
        logical: "sitemap",
        schema: "SiteMap",
        set: "sitemaps",
        primary_name: "sitemapname",
        display: "Site Map",
        plural: "Site Maps",
        code: 4709,
        ownership: "OrganizationOwned",
        key: None,
        columns: &[
            col("sitemapname", "SiteMapName", String, "Site Map Name"),
            col(
                "sitemapnameunique",
                "SiteMapNameUnique",
                String,
                "Site Map Name Unique",
            ),
            COMPONENT_STATE,
            IS_MANAGED_STATE,
        ],
        indexed: &[],
    },
    Table {
        logical: "appmodule",
        schema: "AppModule",
        set: "appmodules",
        primary_name: "name",
        display: "Model-driven App",
        plural: "Model-driven Apps",
        code: 9006,
        ownership: "OrganizationOwned",
        key: None,
        columns: &[
            col("name", "Name", String, "Name"),
            col("uniquename", "UniqueName", String, "Unique Name"),
            col("clienttype", "ClientType", Integer, "Client Type"),
            COMPONENT_STATE,
            IS_MANAGED_STATE,
        ],
        indexed: &[],
    },
];

/// The system tables' one-to-many relationships: schema name, referenced table, referencing
/// table, lookup column (also the referencing navigation property's name).
pub(super) const ONE_TO_MANY: &[(&str, &str, &str, &str)] = &[
    (
        "business_unit_parent_business_unit",
        "businessunit",
        "businessunit",
        "parentbusinessunitid",
    ),
    (
        "business_unit_system_users",
        "businessunit",
        "systemuser",
        "businessunitid",
    ),
    (
        "business_unit_roles",
        "businessunit",
        "role",
        "businessunitid",
    ),
    (
        "role_template_roles",
        "roletemplate",
        "role",
        "roletemplateid",
    ),
    ("role_parent_root_role", "role", "role", "parentrootroleid"),
    ("role_parent_role", "role", "role", "parentroleid"),
    ("publisher_solution", "publisher", "solution", "publisherid"),
    (
        "solution_solutioncomponent",
        "solution",
        "solutioncomponent",
        "solutionid",
    ),
];
