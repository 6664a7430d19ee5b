//! The read requests of a Marketo setup (Dataverse Web API: powerapps-docs
//! `powerapps-docs/developer/data-platform/webapi/`, the tables under `…/reference/entities/`) and
//! the parsers that turn their answers into facts.
//!
//! Queries are shaped so that independent facts come back in as few round trips as the data
//! dependencies allow: the Marketo solution arrives with its components (`$expand` of
//! `solution_solutioncomponent`), each role copy with its holders and the application user with
//! its roles (single-level `$expand` of the N:N `systemuserroles_association`, which Microsoft
//! documents as returning up to 5,000 related rows unpaged), and all of the solution's tables with
//! their lookup columns and user relationships in one metadata query. Schema names of Marketo's
//! tables are never assumed: they are discovered from the solution's components.

use serde::Deserialize;

use super::{get, guid, list, DataverseError, Page, WebApi};
use crate::facts::{
    BusinessUnit, Firewall, MarketoConfig, PluginStep, PrivilegeDepth, Role, RoleAssignment,
    Solution, SyncFilterColumn, SyncFilterHome, SystemUser, WhoAmI,
};
use crate::http::{HttpRequest, HttpResponse};
use crate::odata::literal;
use crate::secret::AccessToken;

/// The name of Marketo's security role; one copy lives in every business unit.
pub(crate) const MARKETO_ROLE_NAME: &str = "Marketo Sync User";
/// What the Marketo solution's friendly name contains (its unique name is not public).
pub(crate) const MARKETO_SOLUTION_MATCH: &str = "Marketo";
/// The friendly name Marketo documents, preferred when several solutions match.
pub const MARKETO_SOLUTION_NAME: &str = "Marketo Lead Management";
/// The display name of the table holding Marketo's settings.
pub(crate) const MARKETO_CONFIG_LABEL: &str = "Marketo Config";
/// The display name of its sync-user lookup column.
pub(crate) const MARKETO_USER_LABEL: &str = "Marketo User";
/// The primary name of the settings record Marketo reads.
pub const DEFAULT_RECORD_NAME: &str = "Default";
/// The logical name Marketo requires for the sync filter column.
pub(crate) const SYNC_FILTER_COLUMN: &str = "new_synctomkto";
/// `solutioncomponent.componenttype` of a table (Entity).
pub const COMPONENT_ENTITY: i32 = 1;
/// `solutioncomponent.componenttype` of an SDK message processing step (plug-in step).
pub const COMPONENT_PLUGIN_STEP: i32 = 92;

/// Columns read for every user.
pub(crate) const USER_COLUMNS: &str = "systemuserid,fullname,internalemailaddress,domainname,applicationid,azureactivedirectoryobjectid,isdisabled,islicensed,accessmode,_businessunitid_value,deletedstate";

/// Solution components asked for per metadata query, to keep URLs short.
pub(crate) const TABLES_PER_REQUEST: usize = 25;
/// Plug-in steps asked for per query.
pub(crate) const STEPS_PER_REQUEST: usize = 50;

/// The tables whose unpublished rows mean customizations await publishing, with their id column.
/// These are the entity sets `RetrieveUnpublishedMultiple` is bound to that a solution import or
/// a customizer touches (forms, views, web resources, site maps, apps).
pub(crate) const UNPUBLISHED_SETS: &[(&str, &str)] = &[
    ("systemforms", "formid"),
    ("savedqueries", "savedqueryid"),
    ("webresourceset", "webresourceid"),
    ("sitemaps", "sitemapid"),
    ("appmodules", "appmoduleid"),
];

// ---------------------------------------------------------------------------------------------
// Builders

/// `GET WhoAmI` (powerapps-docs `…/webapi/quick-start-js-spa.md`).
pub fn whoami_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    get(api, token, "WhoAmI")
}

/// `GET RetrieveVersion` (powerapps-docs
/// `…/maker/data-platform/dataverse-accelerator/dataverse-accelerator.md`).
pub fn version_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    get(api, token, "RetrieveVersion")
}

/// `GET organizations?$select=languagecode`: the base language, for new labels (powerapps-docs
/// `…/reference/entities/organization.md`).
pub fn organization_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    get(api, token, "organizations?$select=languagecode")
}

/// The IP firewall columns of the organization row (`organization.md`). A read of its own: an
/// environment that does not know a column must not cost the base language.
pub(crate) const FIREWALL_COLUMNS: &str = "enableipbasedfirewallrule,enableipbasedfirewallruleinauditmode,allowediprangeforfirewall,allowapplicationuseraccess";

/// `GET organizations?$select=<firewall columns>`.
pub fn firewall_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    get(
        api,
        token,
        &format!("organizations?$select={FIREWALL_COLUMNS}"),
    )
}

/// Parses the organization row's firewall settings.
pub(crate) fn parse_firewall(response: &HttpResponse) -> Result<Firewall, DataverseError> {
    let body: serde_json::Value = super::parse(response)?;
    let row = body["value"]
        .as_array()
        .and_then(|rows| rows.first())
        .ok_or_else(|| DataverseError::Unexpected {
            status: response.status,
            excerpt: "no organization row".into(),
        })?;
    Ok(Firewall {
        enabled: row["enableipbasedfirewallrule"].as_bool().unwrap_or(false),
        audit_only: row["enableipbasedfirewallruleinauditmode"]
            .as_bool()
            .unwrap_or(false),
        allowed_ranges: row["allowediprangeforfirewall"]
            .as_str()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect(),
        application_users_allowed: row["allowapplicationuseraccess"].as_bool(),
    })
}

/// The root business unit: the one without a parent (powerapps-docs
/// `…/data-platform/businessunit-entity.md`; microsoft/terraform-provider-power-platform's
/// `GetRootBusinessUnitId` filters on a null parent too).
pub fn root_business_unit_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    list(
        api,
        token,
        "businessunits?$select=businessunitid,name&$filter=_parentbusinessunitid_value eq null",
    )
}

/// Solutions whose friendly name contains "Marketo", with their tables and plug-in steps
/// (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/step-1-of-3-install.md`;
/// component types: powerapps-docs `…/reference/entities/solutioncomponent.md`).
pub fn marketo_solution_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    list(
        api,
        token,
        &format!(
            "solutions?$select=solutionid,uniquename,friendlyname,version,ismanaged\
             &$filter=contains(friendlyname,{})\
             &$expand=solution_solutioncomponent($select=objectid,componenttype;\
             $filter=componenttype eq {COMPONENT_ENTITY} or componenttype eq {COMPONENT_PLUGIN_STEP})",
            literal(MARKETO_SOLUTION_MATCH)
        ),
    )
}

/// Every business unit's copy of the Marketo Sync User role, with who holds it (roles belong to
/// business units: MicrosoftDocs/power-platform `power-platform/admin/assign-security-roles.md`).
pub fn marketo_roles_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    list(
        api,
        token,
        &format!(
            "roles?$select=roleid,name,_businessunitid_value&$filter=name eq {}\
             &$expand=systemuserroles_association($select={USER_COLUMNS})",
            literal(MARKETO_ROLE_NAME)
        ),
    )
}

/// The application user of an Entra app, with its roles; `deletedstate` tells soft-deleted rows
/// apart (microsoft/terraform-provider-power-platform
/// `internal/services/application/api_application.go` reads it the same way).
pub fn application_user_request(
    api: &WebApi,
    token: &AccessToken,
    app_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let app_id = guid("application (client) ID", app_id)?;
    Ok(list(
        api,
        token,
        &format!(
            "systemusers?$select={USER_COLUMNS}&$filter=applicationid eq {app_id}\
             &$expand=systemuserroles_association($select=roleid,name,_businessunitid_value)"
        ),
    ))
}

/// Dataverse users whose primary e-mail or user name is `email`: Marketo resolves the S2S
/// username by the application user's e-mail ("The username in Marketo must match the email
/// address of the Application User in the CRM": AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-s2s-connection/step-3-of-3-connect.md`), so nobody else may
/// carry it.
pub fn email_holders_request(api: &WebApi, token: &AccessToken, email: &str) -> HttpRequest {
    let email = literal(email);
    list(
        api,
        token,
        &format!(
            "systemusers?$select={USER_COLUMNS}&$filter=internalemailaddress eq {email} or domainname eq {email}"
        ),
    )
}

/// `GET systemusers({id})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='…')`:
/// whether the user holds a privilege, through any role or team, and at which depth
/// (MicrosoftDocs/powerapps-docs `powerapps-docs/developer/data-platform/security-access-coding.md`).
pub fn user_privilege_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
    privilege: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("sync user id", user_id)?;
    Ok(get(
        api,
        token,
        &format!(
            "systemusers({user_id})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName={})",
            literal(privilege)
        ),
    ))
}

/// The deepest depth at which the user holds the privilege (`None`: not held). An empty
/// `RolePrivileges` means the user does not hold it.
pub(crate) fn parse_user_privilege(
    response: &HttpResponse,
) -> Result<Option<PrivilegeDepth>, DataverseError> {
    let body: serde_json::Value = super::parse(response)?;
    let grants = body["RolePrivileges"]
        .as_array()
        .ok_or_else(|| super::unexpected(response))?;
    Ok(grants
        .iter()
        .map(|p| PrivilegeDepth::of(p["Depth"].as_str().unwrap_or_default()))
        .max())
}

/// One user by id, for reading back a row just written.
pub fn system_user_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    Ok(get(
        api,
        token,
        &format!("systemusers({user_id})?$select={USER_COLUMNS}"),
    ))
}

/// Whether a user holds one role: the association filtered to that role (powerapps-docs
/// `…/webapi/retrieve-related-entities-query.md`).
pub fn user_role_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
    role_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    let role_id = guid("role id", role_id)?;
    Ok(list(
        api,
        token,
        &format!("systemusers({user_id})/systemuserroles_association?$select=roleid,name&$filter=roleid eq {role_id}"),
    ))
}

/// Checks a table name before it goes into a URL.
pub(crate) fn table_name(table: &str) -> Result<&str, DataverseError> {
    let valid = !table.is_empty()
        && table.len() <= 64
        && table
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(table)
    } else {
        Err(DataverseError::Blocked(super::Blocker::BadTableName(
            table.to_owned(),
        )))
    }
}

/// Checks a discovered schema identifier (entity set, column, navigation property) before it goes
/// into a URL or a body key: letters, digits and underscores only.
pub(crate) fn identifier(name: &str) -> Result<&str, DataverseError> {
    let valid = !name.is_empty()
        && name.len() <= 128
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(DataverseError::Unexpected {
            status: 200,
            excerpt: format!("{name:?} is not a schema name"),
        })
    }
}

/// `new_synctomkto` on a table, whatever its type (powerapps-docs
/// `…/webapi/query-metadata-web-api.md`, "Querying EntityMetadata attributes"). A filter rather
/// than a key lookup, so an absent column is an empty list, not a 404.
pub fn sync_filter_column_request(
    api: &WebApi,
    token: &AccessToken,
    table: &str,
) -> Result<HttpRequest, DataverseError> {
    let table = table_name(table)?;
    Ok(get(
        api,
        token,
        &format!(
            "EntityDefinitions(LogicalName={})/Attributes?$select=LogicalName,AttributeType&$filter=LogicalName eq {}",
            literal(table),
            literal(SYNC_FILTER_COLUMN)
        ),
    ))
}

/// `new_synctomkto` cast to Two Options, for its default value (the cast hides other types).
pub fn sync_filter_default_request(
    api: &WebApi,
    token: &AccessToken,
    table: &str,
) -> Result<HttpRequest, DataverseError> {
    let table = table_name(table)?;
    Ok(get(
        api,
        token,
        &format!(
            "EntityDefinitions(LogicalName={})/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName,DefaultValue&$filter=LogicalName eq {}",
            literal(table),
            literal(SYNC_FILTER_COLUMN)
        ),
    ))
}

/// One unpublished row per UI table, if any: `RetrieveUnpublishedMultiple` is the documented way
/// to read unpublished forms, views, web resources, site maps and apps, and `componentstate` 1
/// ("Unpublished") marks rows whose changes await publishing.
pub fn unpublished_requests(api: &WebApi, token: &AccessToken) -> Vec<HttpRequest> {
    UNPUBLISHED_SETS
        .iter()
        .map(|(set, id)| {
            get(
                api,
                token,
                &format!(
                    "{set}/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select={id},componentstate&$filter=componentstate eq 1&$top=1"
                ),
            )
        })
        .collect()
}

/// The solution's tables by metadata id, each with its lookup columns and its many-to-one
/// relationships to `systemuser` — enough to find Marketo Config, its "Marketo User" lookup and
/// that lookup's navigation property in one request (powerapps-docs
/// `…/webapi/query-metadata-web-api.md`) — and its privileges (`EntityMetadata.Privileges`,
/// `SecurityPrivilegeMetadata`: powerapps-docs Web API reference), whose Read privilege's name
/// the sync user's privileges are asked for by: the table's schema name is not public, and the
/// name is read, never built.
pub fn solution_tables_request(
    api: &WebApi,
    token: &AccessToken,
    metadata_ids: &[String],
) -> Result<HttpRequest, DataverseError> {
    let ids = metadata_ids
        .iter()
        .map(|id| guid("table metadata id", id).map(|id| format!("MetadataId eq {id}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(get(
        api,
        token,
        &format!(
            "EntityDefinitions?$select=MetadataId,LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName,Privileges\
             &$filter={}\
             &$expand=Attributes($select=LogicalName,DisplayName,IsCustomAttribute;\
             $filter=AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Lookup'),\
             ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName;\
             $filter=ReferencedEntity eq 'systemuser')",
            ids.join(" or ")
        ),
    ))
}

/// The solution's plug-in steps by id, with their state (powerapps-docs
/// `…/reference/entities/sdkmessageprocessingstep.md`).
pub fn plugin_steps_request(
    api: &WebApi,
    token: &AccessToken,
    step_ids: &[String],
) -> Result<HttpRequest, DataverseError> {
    let ids = step_ids
        .iter()
        .map(|id| {
            guid("plug-in step id", id).map(|id| format!("sdkmessageprocessingstepid eq {id}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(list(
        api,
        token,
        &format!(
            "sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name,statecode,statuscode&$filter={}",
            ids.join(" or ")
        ),
    ))
}

/// One plug-in step's state.
pub fn plugin_step_request(
    api: &WebApi,
    token: &AccessToken,
    step_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let step_id = guid("plug-in step id", step_id)?;
    Ok(get(
        api,
        token,
        &format!("sdkmessageprocessingsteps({step_id})?$select=sdkmessageprocessingstepid,name,statecode,statuscode"),
    ))
}

/// The Marketo Config record named Default and its Marketo User (AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`).
pub fn marketo_config_default_request(
    api: &WebApi,
    token: &AccessToken,
    config: &MarketoConfig,
) -> Result<HttpRequest, DataverseError> {
    for name in [
        &config.entity_set,
        &config.primary_id_attribute,
        &config.primary_name_attribute,
        &config.user_lookup_attribute,
    ] {
        identifier(name)?;
    }
    Ok(list(
        api,
        token,
        &format!(
            "{}?$select={},{},_{}_value&$filter={} eq {}",
            config.entity_set,
            config.primary_id_attribute,
            config.primary_name_attribute,
            config.user_lookup_attribute,
            config.primary_name_attribute,
            literal(DEFAULT_RECORD_NAME)
        ),
    ))
}

/// The UI language of a (ROPC-mode) sync user, which Marketo requires to be English
/// (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-ropc-connection/step-2-of-4-set-up.md`;
/// the table: powerapps-docs `…/reference/entities/usersettings.md`).
pub fn user_language_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    Ok(get(
        api,
        token,
        &format!("usersettingscollection({user_id})?$select=uilanguageid,localeid"),
    ))
}

/// Publishers whose customization prefix is `new`, each with its unmanaged solutions: one of
/// those can hold `new_synctomkto` (real-cloud audit F10). `publisher_solution` is the
/// publisher → solution relationship (`reference/entities/publisher.md`).
pub fn sync_filter_solutions_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    list(
        api,
        token,
        &format!(
            "publishers?$select=publisherid,uniquename,customizationprefix&$filter=customizationprefix eq {}\
             &$expand=publisher_solution($select=uniquename,ismanaged,isvisible;$filter=ismanaged eq false)",
            literal(SYNC_FILTER_PREFIX)
        ),
    )
}

/// The prefix Marketo's sync filter column needs its publisher to have.
pub(crate) const SYNC_FILTER_PREFIX: &str = "new";

// ---------------------------------------------------------------------------------------------
// Wire shapes (private) and parsers

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WhoAmIWire {
    user_id: String,
    business_unit_id: String,
    organization_id: String,
}

/// Parses `WhoAmI`.
pub fn parse_whoami(response: &HttpResponse) -> Result<WhoAmI, DataverseError> {
    let wire: WhoAmIWire = super::parse(response)?;
    Ok(WhoAmI {
        user_id: wire.user_id,
        business_unit_id: wire.business_unit_id,
        organization_id: wire.organization_id,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VersionWire {
    version: String,
}

/// Parses `RetrieveVersion` into the version string.
pub fn parse_version(response: &HttpResponse) -> Result<String, DataverseError> {
    let wire: VersionWire = super::parse(response)?;
    Ok(wire.version)
}

#[derive(Deserialize)]
struct OrganizationWire {
    languagecode: Option<u32>,
}

/// Parses the organization row into its base language code.
pub(crate) fn parse_organization_language(
    response: &HttpResponse,
) -> Result<Option<u32>, DataverseError> {
    let page: Page<OrganizationWire> = super::parse(response)?;
    Ok(page.value.into_iter().find_map(|o| o.languagecode))
}

#[derive(Deserialize)]
pub(crate) struct BusinessUnitWire {
    businessunitid: String,
    #[serde(default)]
    name: Option<String>,
}

pub(crate) fn root_business_unit(rows: Vec<BusinessUnitWire>) -> Option<BusinessUnit> {
    rows.into_iter().next().map(|row| BusinessUnit {
        name: row.name.unwrap_or_else(|| row.businessunitid.clone()),
        id: row.businessunitid,
    })
}

#[derive(Deserialize)]
pub(crate) struct ComponentWire {
    objectid: String,
    componenttype: i32,
}

#[derive(Deserialize)]
pub(crate) struct SolutionWire {
    solutionid: String,
    #[serde(default)]
    uniquename: String,
    #[serde(default)]
    friendlyname: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    solution_solutioncomponent: Vec<ComponentWire>,
}

/// The Marketo solution among those matched, with the ids of its tables and plug-in steps.
pub(crate) struct FoundSolution {
    pub(crate) solution: Solution,
    pub(crate) table_ids: Vec<String>,
    pub(crate) step_ids: Vec<String>,
}

/// Picks Marketo's solution: the documented friendly name if present, else the first match.
pub(crate) fn pick_solution(rows: Vec<SolutionWire>) -> Option<FoundSolution> {
    let index = rows
        .iter()
        .position(|s| s.friendlyname.eq_ignore_ascii_case(MARKETO_SOLUTION_NAME))
        .or_else(|| {
            rows.iter().position(|s| {
                s.friendlyname
                    .to_ascii_lowercase()
                    .contains(&MARKETO_SOLUTION_MATCH.to_ascii_lowercase())
            })
        })?;
    let wire = rows.into_iter().nth(index)?;
    let ids_of = |kind: i32| {
        let mut ids: Vec<String> = wire
            .solution_solutioncomponent
            .iter()
            .filter(|c| c.componenttype == kind)
            .map(|c| c.objectid.to_ascii_lowercase())
            .collect();
        crate::small_sort::sort_by(&mut ids, Ord::cmp);
        ids.dedup();
        ids
    };
    let table_ids = ids_of(COMPONENT_ENTITY);
    let step_ids = ids_of(COMPONENT_PLUGIN_STEP);
    Some(FoundSolution {
        solution: Solution {
            id: wire.solutionid,
            unique_name: wire.uniquename,
            friendly_name: wire.friendlyname,
            version: wire.version,
        },
        table_ids,
        step_ids,
    })
}

#[derive(Deserialize)]
pub(crate) struct RoleRefWire {
    roleid: String,
}

#[derive(Deserialize)]
pub(crate) struct UserWire {
    systemuserid: String,
    #[serde(default)]
    fullname: Option<String>,
    #[serde(default)]
    internalemailaddress: Option<String>,
    #[serde(default)]
    domainname: Option<String>,
    #[serde(default)]
    islicensed: Option<bool>,
    #[serde(default)]
    applicationid: Option<String>,
    #[serde(default)]
    azureactivedirectoryobjectid: Option<String>,
    #[serde(default)]
    isdisabled: Option<bool>,
    #[serde(default)]
    accessmode: Option<i32>,
    #[serde(default, rename = "_businessunitid_value")]
    business_unit_id: Option<String>,
    #[serde(default)]
    deletedstate: Option<i32>,
    #[serde(default)]
    systemuserroles_association: Vec<RoleRefWire>,
}

impl UserWire {
    /// Soft-deleted users (`deletedstate` ≠ 0) are invisible to setup: they hold nothing.
    pub(crate) fn is_deleted(&self) -> bool {
        self.deletedstate.unwrap_or(0) != 0
    }

    pub(crate) fn role_ids(&self) -> Vec<String> {
        self.systemuserroles_association
            .iter()
            .map(|r| r.roleid.to_ascii_lowercase())
            .collect()
    }

    pub(crate) fn into_user(self) -> SystemUser {
        SystemUser {
            full_name: self.fullname.unwrap_or_else(|| self.systemuserid.clone()),
            id: self.systemuserid,
            email: self.internalemailaddress.filter(|e| !e.is_empty()),
            application_id: self.applicationid,
            azure_object_id: self.azureactivedirectoryobjectid,
            disabled: self.isdisabled.unwrap_or(false),
            access_mode: self.accessmode,
            business_unit_id: self.business_unit_id,
            licensed: self.islicensed,
            user_name: self.domainname.filter(|n| !n.is_empty()),
        }
    }
}

/// Parses one user row (a read-back).
pub fn parse_system_user(response: &HttpResponse) -> Result<SystemUser, DataverseError> {
    let wire: UserWire = super::parse(response)?;
    Ok(wire.into_user())
}

/// The active application user among the rows, and its role ids.
pub(crate) fn active_application_user(rows: Vec<UserWire>) -> Option<(SystemUser, Vec<String>)> {
    rows.into_iter().find(|u| !u.is_deleted()).map(|u| {
        let roles = u.role_ids();
        (u.into_user(), roles)
    })
}

#[derive(Deserialize)]
pub(crate) struct RoleWire {
    roleid: String,
    #[serde(default)]
    name: String,
    #[serde(default, rename = "_businessunitid_value")]
    business_unit_id: String,
    #[serde(default)]
    systemuserroles_association: Vec<UserWire>,
}

/// The role copies, everyone (not soft-deleted) holding any of them, each listed once, and which
/// copies each holds.
pub(crate) fn roles_and_holders(
    rows: Vec<RoleWire>,
) -> (Vec<Role>, Vec<SystemUser>, Vec<RoleAssignment>) {
    let mut roles = Vec::new();
    let mut holders: Vec<SystemUser> = Vec::new();
    let mut assignments = Vec::new();
    for row in rows {
        for user in row.systemuserroles_association {
            if user.is_deleted() {
                continue;
            }
            assignments.push(RoleAssignment {
                user_id: user.systemuserid.clone(),
                role_id: row.roleid.clone(),
            });
            if !holders.iter().any(|h| h.id == user.systemuserid) {
                holders.push(user.into_user());
            }
        }
        roles.push(Role {
            id: row.roleid,
            name: row.name,
            business_unit_id: row.business_unit_id,
        });
    }
    (roles, holders, assignments)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AttributeWire {
    logical_name: String,
    #[serde(default)]
    attribute_type: Option<String>,
    #[serde(default)]
    default_value: Option<bool>,
}

#[derive(Deserialize)]
struct AttributeList {
    value: Vec<AttributeWire>,
}

/// Combines the two `new_synctomkto` reads of a table. A 404 on the table itself means the table
/// does not exist in this environment: then the column does not either.
pub(crate) fn parse_sync_filter_column(
    table: &str,
    column: &HttpResponse,
    boolean: &HttpResponse,
) -> Result<SyncFilterColumn, DataverseError> {
    let absent = SyncFilterColumn {
        table: table.to_owned(),
        exists: false,
        is_boolean: false,
        default_value: None,
    };
    if column.status == 404 {
        return Ok(absent);
    }
    let found: AttributeList = super::parse(column)?;
    let Some(attribute) = found
        .value
        .into_iter()
        .find(|a| a.logical_name.eq_ignore_ascii_case(SYNC_FILTER_COLUMN))
    else {
        return Ok(absent);
    };
    let is_boolean = attribute
        .attribute_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("Boolean"));
    let default_value = if is_boolean {
        let cast: AttributeList = super::parse(boolean)?;
        cast.value
            .into_iter()
            .find(|a| a.logical_name.eq_ignore_ascii_case(SYNC_FILTER_COLUMN))
            .and_then(|a| a.default_value)
    } else {
        None
    };
    Ok(SyncFilterColumn {
        table: table.to_owned(),
        exists: true,
        is_boolean,
        default_value,
    })
}

/// The attribute type of an existing `new_synctomkto`, if any (for the create step's check).
pub(crate) fn sync_filter_attribute_type(
    response: &HttpResponse,
) -> Result<Option<String>, DataverseError> {
    if response.status == 404 {
        return Ok(None);
    }
    let found: AttributeList = super::parse(response)?;
    Ok(found
        .value
        .into_iter()
        .find(|a| a.logical_name.eq_ignore_ascii_case(SYNC_FILTER_COLUMN))
        .map(|a| a.attribute_type.unwrap_or_default()))
}

/// Whether one `RetrieveUnpublishedMultiple` answer lists an unpublished row.
pub fn parse_unpublished(response: &HttpResponse) -> Result<bool, DataverseError> {
    let page: Page<serde_json::Value> = super::parse(response)?;
    Ok(page
        .value
        .iter()
        .any(|row| row.get("componentstate").and_then(|s| s.as_i64()) == Some(1)))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LocalizedLabelWire {
    #[serde(default)]
    label: String,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LabelWire {
    #[serde(default)]
    user_localized_label: Option<LocalizedLabelWire>,
    #[serde(default)]
    localized_labels: Vec<LocalizedLabelWire>,
}

impl LabelWire {
    /// True when the user's label or any language's label is `wanted` (case and spacing aside):
    /// the admin's UI language may not be English.
    fn is(&self, wanted: &str) -> bool {
        let matches = |l: &LocalizedLabelWire| l.label.trim().eq_ignore_ascii_case(wanted);
        self.user_localized_label.as_ref().is_some_and(matches)
            || self.localized_labels.iter().any(matches)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LookupWire {
    logical_name: String,
    #[serde(default)]
    display_name: LabelWire,
    #[serde(default)]
    is_custom_attribute: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RelationshipWire {
    referencing_attribute: String,
    #[serde(default)]
    referenced_entity: String,
    #[serde(default)]
    referencing_entity_navigation_property_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TableWire {
    logical_name: String,
    #[serde(default)]
    entity_set_name: Option<String>,
    #[serde(default)]
    primary_id_attribute: Option<String>,
    #[serde(default)]
    primary_name_attribute: Option<String>,
    #[serde(default)]
    display_name: LabelWire,
    #[serde(default)]
    attributes: Vec<LookupWire>,
    #[serde(default)]
    many_to_one_relationships: Vec<RelationshipWire>,
    #[serde(default)]
    privileges: Vec<PrivilegeWire>,
}

/// `SecurityPrivilegeMetadata`: the two properties used.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrivilegeWire {
    name: String,
    #[serde(default)]
    privilege_type: Option<String>,
}

#[derive(Deserialize)]
struct TableList {
    value: Vec<TableWire>,
}

/// Finds Marketo Config among the solution's tables: the table labelled "Marketo Config", its
/// lookup column to `systemuser` labelled "Marketo User" (or, failing the label, its only custom
/// one) and that lookup's navigation property. `None` when any part is missing or ambiguous — the
/// step then blocks rather than writing to a guessed column.
pub(crate) fn parse_marketo_config(
    response: &HttpResponse,
) -> Result<Option<MarketoConfig>, DataverseError> {
    let tables: TableList = super::parse(response)?;
    Ok(tables
        .value
        .into_iter()
        .find(|t| t.display_name.is(MARKETO_CONFIG_LABEL))
        .and_then(marketo_config_of))
}

fn marketo_config_of(table: TableWire) -> Option<MarketoConfig> {
    let to_user = |attribute: &str| {
        table.many_to_one_relationships.iter().find(|r| {
            r.referenced_entity.eq_ignore_ascii_case("systemuser")
                && r.referencing_attribute.eq_ignore_ascii_case(attribute)
        })
    };
    let candidates: Vec<&LookupWire> = table
        .attributes
        .iter()
        .filter(|a| to_user(&a.logical_name).is_some())
        .collect();
    let by_label: Vec<&&LookupWire> = candidates
        .iter()
        .filter(|a| a.display_name.is(MARKETO_USER_LABEL))
        .collect();
    let custom: Vec<&&LookupWire> = candidates
        .iter()
        .filter(|a| a.is_custom_attribute == Some(true))
        .collect();
    let lookup = match (by_label.as_slice(), custom.as_slice()) {
        ([one], _) => **one,
        ([], [one]) => **one,
        _ => return None,
    };
    let navigation = to_user(&lookup.logical_name)?
        .referencing_entity_navigation_property_name
        .clone()?;
    Some(MarketoConfig {
        entity_set: table.entity_set_name.clone()?,
        primary_id_attribute: table.primary_id_attribute.clone()?,
        primary_name_attribute: table.primary_name_attribute.clone()?,
        user_lookup_attribute: lookup.logical_name.clone(),
        user_navigation_property: navigation,
        logical_name: table.logical_name.clone(),
        // `PrivilegeType` is an enum member name ("Read"; the Web API's EnumType).
        read_privilege: table
            .privileges
            .iter()
            .find(|p| p.privilege_type.as_deref() == Some("Read"))
            .map(|p| p.name.clone()),
        default_record_id: None,
        default_marketo_user_id: None,
    })
}

/// Fills the Default record's id and Marketo User from the record query.
pub(crate) fn parse_marketo_config_default(
    response: &HttpResponse,
    config: &mut MarketoConfig,
) -> Result<(), DataverseError> {
    let page: Page<serde_json::Value> = super::parse(response)?;
    let record = page.value.into_iter().find(|row| {
        row.get(&config.primary_name_attribute)
            .and_then(|v| v.as_str())
            .is_some_and(|name| name.trim().eq_ignore_ascii_case(DEFAULT_RECORD_NAME))
    });
    let string = |row: &serde_json::Value, key: &str| {
        row.get(key)
            .and_then(|v| v.as_str())
            .map(|s| s.to_ascii_lowercase())
    };
    config.default_record_id = record
        .as_ref()
        .and_then(|row| string(row, &config.primary_id_attribute));
    config.default_marketo_user_id = record
        .as_ref()
        .and_then(|row| string(row, &format!("_{}_value", config.user_lookup_attribute)));
    Ok(())
}

#[derive(Deserialize)]
pub(crate) struct StepWire {
    sdkmessageprocessingstepid: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    statecode: Option<i32>,
}

impl StepWire {
    pub(crate) fn into_step(self) -> PluginStep {
        PluginStep {
            id: self.sdkmessageprocessingstepid.to_ascii_lowercase(),
            name: self.name,
            enabled: self.statecode == Some(0),
        }
    }
}

/// Parses one plug-in step.
pub fn parse_plugin_step(response: &HttpResponse) -> Result<PluginStep, DataverseError> {
    let wire: StepWire = super::parse(response)?;
    Ok(wire.into_step())
}

/// Whether a user-role association query found the role.
pub fn parse_holds_role(response: &HttpResponse) -> Result<bool, DataverseError> {
    let page: Page<serde_json::Value> = super::parse(response)?;
    Ok(!page.value.is_empty())
}

#[derive(Deserialize)]
struct UserSettingsWire {
    #[serde(default)]
    uilanguageid: Option<u32>,
}

/// The user's UI language code (1033 = English), if set.
pub fn parse_user_language(response: &HttpResponse) -> Result<Option<u32>, DataverseError> {
    let wire: UserSettingsWire = super::parse(response)?;
    Ok(wire.uilanguageid)
}

#[derive(Deserialize)]
struct PublisherWire {
    #[serde(default)]
    publisher_solution: Vec<PublisherSolutionWire>,
}

#[derive(Deserialize)]
struct PublisherSolutionWire {
    uniquename: String,
    #[serde(default)]
    ismanaged: bool,
    #[serde(default = "visible_by_default")]
    isvisible: bool,
}

fn visible_by_default() -> bool {
    true
}

/// Where `new_synctomkto` can go: the first unmanaged solution of a `new` publisher, one shown
/// in the maker portal (`isvisible`) before a hidden one such as `Default`.
pub fn parse_sync_filter_solutions(
    response: &HttpResponse,
) -> Result<SyncFilterHome, DataverseError> {
    let page: Page<PublisherWire> = super::parse(response)?;
    let mut solutions: Vec<PublisherSolutionWire> = page
        .value
        .into_iter()
        .flat_map(|p| p.publisher_solution)
        .filter(|s| !s.ismanaged)
        .collect();
    solutions.sort_by_key(|s| !s.isvisible);
    Ok(solutions
        .into_iter()
        .next()
        .map_or(SyncFilterHome::Nowhere, |s| {
            SyncFilterHome::Solution(s.uniquename)
        }))
}
