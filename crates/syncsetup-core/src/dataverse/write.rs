//! The write requests of a Marketo setup, as values (powerapps-docs
//! `…/webapi/associate-disassociate-entities-using-web-api.md`,
//! `…/webapi/create-update-column-definitions-using-web-api.md`,
//! `…/reference/entities/sdkmessageprocessingstep.md`,
//! `…/model-driven-apps/publish-customizations.md`; the application user as
//! microsoft/terraform-provider-power-platform creates it).
//!
//! The plan renders these to show the admin exactly what a step will send (method, URL, body)
//! before anything is sent; the step runners in [`super::apply`] send the same values. Every PATCH
//! of an existing record carries `If-Match: *`, so a record deleted in the meantime is a 404
//! instead of a silent upsert creating a new one.

use serde_json::json;

use super::read::{identifier, table_name, USER_COLUMNS};
use super::{bodyless, guid, with_body, Blocker, DataverseError, WebApi};
use crate::facts::MarketoConfig;
use crate::http::{HttpRequest, Method};
use crate::secret::AccessToken;

/// `accessmode` 4: Non-interactive, what an application user is (powerapps-docs
/// `…/data-platform/reference/entities/systemuser.md`).
pub(crate) const ACCESS_MODE_NON_INTERACTIVE: i32 = 4;
/// The schema name Marketo's sync filter column is created with (logical name `new_synctomkto`).
pub(crate) const SYNC_FILTER_SCHEMA_NAME: &str = "new_SyncToMkto";
/// Language of labels when the organization's base language is unknown.
pub const FALLBACK_LANGUAGE_CODE: u32 = 1033;

/// `POST systemusers` creating the Marketo app's application user in the root business unit,
/// non-interactive, with the e-mail that becomes Marketo's username (AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`). `isdisabled` is not
/// sent: its IsValidForCreate is False (powerapps-docs, `developer/data-platform/reference/
/// entities/systemuser.md`), and a new user is enabled.
/// `return=representation` answers 201 with the row, so no second read is needed for its id.
pub fn create_application_user_request(
    api: &WebApi,
    token: &AccessToken,
    app_id: &str,
    root_business_unit_id: &str,
    email: &str,
) -> Result<HttpRequest, DataverseError> {
    let app_id = guid("application (client) ID", app_id)?;
    let business_unit = guid("business unit id", root_business_unit_id)?;
    let body = json!({
        "applicationid": app_id,
        "businessunitid@odata.bind": format!("/businessunits({business_unit})"),
        "accessmode": ACCESS_MODE_NON_INTERACTIVE,
        "internalemailaddress": email.trim(),
    });
    Ok(with_body(
        api,
        token,
        Method::Post,
        &format!("systemusers?$select={USER_COLUMNS}"),
        &body,
    )
    .header("Prefer", "return=representation"))
}

/// `PATCH systemusers({id})` setting the primary e-mail (when given) and enabling the user (when
/// asked) — the fix when the platform replaced the e-mail or the user was disabled.
pub fn update_application_user_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
    email: Option<&str>,
    enable: bool,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    let mut body = serde_json::Map::new();
    if let Some(email) = email {
        body.insert("internalemailaddress".into(), json!(email.trim()));
    }
    if enable {
        body.insert("isdisabled".into(), json!(false));
    }
    Ok(patch(
        api,
        token,
        &format!("systemusers({user_id})"),
        &body.into(),
    ))
}

/// `POST systemusers({user})/systemuserroles_association/$ref` giving the user a role
/// (powerapps-docs `…/webapi/associate-disassociate-entities-using-web-api.md`).
pub fn assign_role_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
    role_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    let role_id = guid("role id", role_id)?;
    let body = json!({ "@odata.id": api.absolute(&format!("roles({role_id})")) });
    Ok(with_body(
        api,
        token,
        Method::Post,
        &format!("systemusers({user_id})/systemuserroles_association/$ref"),
        &body,
    ))
}

/// `DELETE systemusers({user})/systemuserroles_association({role})/$ref` (powerapps-docs
/// `…/webapi/associate-disassociate-entities-using-web-api.md`).
pub fn remove_role_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
    role_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    let role_id = guid("role id", role_id)?;
    Ok(bodyless(
        api,
        token,
        Method::Delete,
        &format!("systemusers({user_id})/systemuserroles_association({role_id})/$ref"),
    ))
}

/// `PATCH {MarketoConfig}({Default})` binding its Marketo User lookup to the sync user
/// (AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`;
/// powerapps-docs `…/webapi/associate-disassociate-entities-using-web-api.md`, "Associate
/// tables on update").
pub fn set_marketo_config_user_request(
    api: &WebApi,
    token: &AccessToken,
    config: &MarketoConfig,
    user_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let record = config
        .default_record_id
        .as_deref()
        .ok_or(DataverseError::Blocked(Blocker::NoDefaultRecord))?;
    let record = guid("Marketo Config record id", record)?;
    let user_id = guid("user id", user_id)?;
    let set = identifier(&config.entity_set)?;
    let navigation = identifier(&config.user_navigation_property)?;
    let body = json!({ format!("{navigation}@odata.bind"): format!("/systemusers({user_id})") });
    Ok(patch(api, token, &format!("{set}({record})"), &body))
}

/// `PATCH sdkmessageprocessingsteps({id})` to Enabled: statecode 0, statuscode 1
/// (powerapps-docs `…/reference/entities/sdkmessageprocessingstep.md`).
pub fn enable_plugin_step_request(
    api: &WebApi,
    token: &AccessToken,
    step_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let step_id = guid("plug-in step id", step_id)?;
    Ok(patch(
        api,
        token,
        &format!("sdkmessageprocessingsteps({step_id})"),
        &json!({ "statecode": 0, "statuscode": 1 }),
    ))
}

fn label(text: &str, language_code: u32) -> serde_json::Value {
    json!({
        "@odata.type": "Microsoft.Dynamics.CRM.Label",
        "LocalizedLabels": [{
            "@odata.type": "Microsoft.Dynamics.CRM.LocalizedLabel",
            "Label": text,
            "LanguageCode": language_code,
        }],
    })
}

/// `POST EntityDefinitions(LogicalName='{table}')/Attributes` creating Marketo's sync filter: a
/// Two Options column `new_synctomkto`, default No (AdobeDocs/marketo.en
/// `…/create-a-custom-dynamics-sync-filter.md`; powerapps-docs
/// `…/webapi/create-update-column-definitions-using-web-api.md`, "Create a boolean column").
/// Labels use the organization's base language; `solution` names an unmanaged solution (whose
/// publisher prefix is `new`) to create it in, with `MSCRM.SolutionUniqueName` — inside a
/// `$batch` part, since no Microsoft source shows Dataverse's CORS preflight allowing that header
/// ([`super::batch`]).
pub fn create_sync_filter_column_request(
    api: &WebApi,
    token: &AccessToken,
    table: &str,
    language_code: u32,
    solution: Option<&str>,
) -> Result<HttpRequest, DataverseError> {
    let table = table_name(table)?;
    let body = json!({
        "@odata.type": "Microsoft.Dynamics.CRM.BooleanAttributeMetadata",
        "AttributeType": "Boolean",
        "AttributeTypeName": { "Value": "BooleanType" },
        "SchemaName": SYNC_FILTER_SCHEMA_NAME,
        "DefaultValue": false,
        "RequiredLevel": {
            "Value": "None",
            "CanBeChanged": true,
            "ManagedPropertyLogicalName": "canmodifyrequirementlevelsettings",
        },
        "DisplayName": label("SyncToMkto", language_code),
        "Description": label("Marketo sync filter: No keeps the record out of the Marketo sync.", language_code),
        "OptionSet": {
            "OptionSetType": "Boolean",
            "TrueOption": { "Value": 1, "Label": label("Yes", language_code) },
            "FalseOption": { "Value": 0, "Label": label("No", language_code) },
        },
    });
    let request = with_body(
        api,
        token,
        Method::Post,
        &format!("EntityDefinitions(LogicalName='{table}')/Attributes"),
        &body,
    );
    Ok(match solution {
        Some(solution) => super::batch::wrap(
            api,
            token,
            &request.header("MSCRM.SolutionUniqueName", identifier(solution)?),
        ),
        None => request,
    })
}

/// `POST PublishAllXml` with `{}`: publishes every customization (powerapps-docs
/// `…/model-driven-apps/publish-customizations.md`; the `{}` body is community evidence).
pub fn publish_all_request(api: &WebApi, token: &AccessToken) -> HttpRequest {
    with_body(api, token, Method::Post, "PublishAllXml", &json!({}))
}

/// `PATCH systemusers({id})` with `isdisabled: true`: only disabled application users can be
/// deleted (MicrosoftDocs/power-platform `power-platform/admin/manage-application-users.md`:
/// "Only application users with the inactive state can be deleted"). The body also names the
/// user's `applicationid`, as Microsoft's own provider sends this PATCH
/// (microsoft/terraform-provider-power-platform,
/// `internal/services/application/api_application.go`, `SetApplicationUserDisabledState`);
/// why is not documented, so we send what Microsoft's code sends (real-cloud audit F12).
pub fn disable_application_user_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
    application_id: Option<&str>,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    let mut body = serde_json::Map::new();
    body.insert("isdisabled".into(), json!(true));
    if let Some(app_id) = application_id {
        body.insert(
            "applicationid".into(),
            json!(guid("application (client) ID", app_id)?),
        );
    }
    Ok(patch(
        api,
        token,
        &format!("systemusers({user_id})"),
        &body.into(),
    ))
}

/// `DELETE systemusers({id})`: the first soft-deletes the user, a second removes it for good.
pub fn delete_system_user_request(
    api: &WebApi,
    token: &AccessToken,
    user_id: &str,
) -> Result<HttpRequest, DataverseError> {
    let user_id = guid("user id", user_id)?;
    Ok(bodyless(
        api,
        token,
        Method::Delete,
        &format!("systemusers({user_id})"),
    ))
}

fn patch(api: &WebApi, token: &AccessToken, path: &str, body: &serde_json::Value) -> HttpRequest {
    with_body(api, token, Method::Patch, path, body).header("If-Match", "*")
}
