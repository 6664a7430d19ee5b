//! Dataverse definitions and the Marketo pieces: the solution with its publisher, solution
//! components, discovering the Marketo Config table and its "Marketo User" lookup through
//! `EntityDefinitions` and `RelationshipDefinitions` (Adobe publishes only the UI labels,
//! AdobeDocs/marketo.en `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`; in
//! scenarios with different schema names), plug-in steps (powerapps-docs
//! `…/reference/entities/sdkmessageprocessingstep.md`), column creation with the publisher-prefix
//! rule (AdobeDocs/marketo.en `…/set-a-default-custom-field-prefix.md`) and publishing
//! (powerapps-docs `…/model-driven-apps/publish-customizations.md`): unpublished forms and views
//! through `RetrieveUnpublishedMultiple`, `PublishAllXml` and `PublishXml`.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::dataverse::{assert_dv_error, dv, dv_get, dv_token, q, API};
use super::graph_directory::emu_for;
use super::*;
use crate::scenario::dataverse as names;

/// The Marketo solution as the contract's query returns it.
async fn marketo_solution(emu: &Emu, token: &str) -> Value {
    let body = dv_get(
        emu,
        &format!(
            "solutions?$filter={}&$select=solutionid,uniquename,friendlyname,version,ismanaged,installedon&$expand=publisherid($select=uniquename,friendlyname,customizationprefix)",
            q("contains(friendlyname,'Marketo')")
        ),
        token,
    )
    .await;
    assert_eq!(
        body["@odata.context"],
        format!("{API}$metadata#solutions(solutionid,uniquename,friendlyname,version,ismanaged,installedon,publisherid(uniquename,friendlyname,customizationprefix))")
    );
    body["value"][0].clone()
}

#[tokio::test]
async fn the_marketo_solution_and_its_publisher() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let s = marketo_solution(&emu, &token).await;
    let m = names::marketo_names("demo");
    assert_eq!(s["friendlyname"], names::SOLUTION_FRIENDLY_NAME);
    assert_eq!(s["uniquename"], m.solution_unique_name);
    assert_eq!(s["version"], names::LATEST_VERSION);
    assert_eq!(s["ismanaged"], true);
    assert_eq!(s["publisherid"]["customizationprefix"], m.prefix);
    assert_eq!(s["publisherid"]["uniquename"], m.publisher_unique_name);
    let old = emu_for("old-solution");
    let token = dv_token(&old).await;
    assert_eq!(
        marketo_solution(&old, &token).await["version"],
        names::OLD_VERSION
    );
    let none = emu_for("no-marketo-solution");
    let token = dv_token(&none).await;
    assert_eq!(marketo_solution(&none, &token).await, Value::Null);
}

/// Runs the discovery of Marketo Config and its "Marketo User" lookup (steps 1–5 below; the names
/// are not public, only the UI labels in AdobeDocs/marketo.en
/// `…/microsoft-dynamics-365-with-s2s-connection/step-2-of-3-set-up.md`) and sets the Marketo
/// User; returns the names found.
async fn discover_and_set_marketo_user(
    emu: &Emu,
    token: &str,
    sync_user: &str,
) -> (String, String, String) {
    let solution = marketo_solution(emu, token).await;
    let sid = solution["solutionid"].as_str().unwrap();
    // 1. The solution's tables.
    let components = dv_get(
        emu,
        &format!(
            "solutioncomponents?$filter={}&$select=objectid",
            q(&format!(
                "_solutionid_value eq {sid} and componenttype eq 1"
            ))
        ),
        token,
    )
    .await;
    let objects: Vec<String> = components["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["objectid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(objects.len(), 2, "Config and Log: {components}");
    // 2. The one labelled "Marketo Config".
    let mut config = Value::Null;
    for id in &objects {
        let e = dv_get(
            emu,
            &format!("EntityDefinitions({id})?$select=LogicalName,EntitySetName,SchemaName,PrimaryNameAttribute,DisplayName"),
            token,
        )
        .await;
        assert_eq!(
            e["@odata.context"],
            format!("{API}$metadata#EntityDefinitions(LogicalName,EntitySetName,SchemaName,PrimaryNameAttribute,DisplayName)/$entity")
        );
        if e["DisplayName"]["UserLocalizedLabel"]["Label"] == names::CONFIG_DISPLAY_NAME {
            config = e;
        }
    }
    let logical = config["LogicalName"].as_str().unwrap().to_string();
    let set = config["EntitySetName"].as_str().unwrap().to_string();
    let name_col = config["PrimaryNameAttribute"].as_str().unwrap().to_string();
    // 3. Its lookup to systemuser, through the derived type (Targets is not on the base type).
    let res = dv(
        emu,
        "GET",
        &format!(
            "EntityDefinitions(LogicalName='{logical}')/Attributes?$select=LogicalName,Targets"
        ),
        token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80060888");
    let lookups = dv_get(
        emu,
        &format!("EntityDefinitions(LogicalName='{logical}')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,SchemaName,Targets,DisplayName"),
        token,
    )
    .await;
    let user_attr = lookups["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Targets"] == json!(["systemuser"]))
        .expect("a lookup to systemuser")
        .clone();
    assert_eq!(
        user_attr["DisplayName"]["UserLocalizedLabel"]["Label"],
        names::USER_DISPLAY_NAME
    );
    let attr = user_attr["LogicalName"].as_str().unwrap().to_string();
    // 4. The navigation property for @odata.bind.
    let rel = dv_get(
        emu,
        &format!(
            "RelationshipDefinitions/Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata?$filter={}&$select=ReferencingEntityNavigationPropertyName",
            q(&format!("ReferencingEntity eq '{logical}' and ReferencingAttribute eq '{attr}'"))
        ),
        token,
    )
    .await;
    let nav = rel["value"][0]["ReferencingEntityNavigationPropertyName"]
        .as_str()
        .unwrap()
        .to_string();
    // 5. The Default record.
    let records = dv_get(
        emu,
        &format!(
            "{set}?$filter={}&$select={name_col},_{attr}_value",
            q(&format!("{name_col} eq '{}'", names::DEFAULT_RECORD_NAME))
        ),
        token,
    )
    .await;
    let record = &records["value"][0];
    let id = record[format!("{logical}id")].as_str().unwrap().to_string();
    // 6. Set the Marketo User.
    let res = dv(
        emu,
        "PATCH",
        &format!("{set}({id})"),
        token,
        Some(json!({format!("{nav}@odata.bind"): format!("/systemusers({sync_user})")})),
        &[("if-match", "*")],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let after = dv_get(emu, &format!("{set}({id})?$select=_{attr}_value"), token).await;
    assert_eq!(after[format!("_{attr}_value")], sync_user);
    (logical, attr, nav)
}

#[tokio::test]
async fn the_marketo_config_is_discovered_and_set_whatever_its_schema_names() {
    let mut seen = std::collections::BTreeSet::new();
    for scenario in [
        "fresh",
        "old-solution",
        "half-configured",
        "strict-policy",
        "federated",
    ] {
        let emu = emu_for(scenario);
        let token = dv_token(&emu).await;
        let who = dv_get(&emu, "WhoAmI", &token).await;
        let (logical, attr, nav) =
            discover_and_set_marketo_user(&emu, &token, who["UserId"].as_str().unwrap()).await;
        let m = names::marketo_names(scenario);
        assert_eq!(
            (logical.as_str(), attr.as_str(), nav.as_str()),
            (m.config_table, m.user_column, m.user_column_schema)
        );
        seen.insert(logical);
    }
    assert!(
        seen.len() > 1,
        "scenarios use different schema names: {seen:?}"
    );
}

#[tokio::test]
async fn binding_a_lookup_needs_the_exact_navigation_property() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let m = names::marketo_names("fresh");
    let records = dv_get(
        &emu,
        &format!("{}?$select={}_name", m.config_set, m.prefix),
        &token,
    )
    .await;
    let id = records["value"][0][format!("{}id", m.config_table)]
        .as_str()
        .unwrap()
        .to_string();
    let who = dv_get(&emu, "WhoAmI", &token).await;
    // The lowercase logical name is not the navigation property.
    let res = dv(
        &emu,
        "PATCH",
        &format!("{}({id})", m.config_set),
        &token,
        Some(json!({format!("{}@odata.bind", m.user_column): format!("/systemusers({})", who["UserId"].as_str().unwrap())})),
        &[("if-match", "*")],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80048d19");
    assert!(res.text().contains("An undeclared property"));
    // Binding to a user that does not exist.
    let res = dv(
        &emu,
        "PATCH",
        &format!("{}({id})", m.config_set),
        &token,
        Some(json!({format!("{}@odata.bind", m.user_column_schema): "/systemusers(00000000-0000-0000-0000-000000000003)"})),
        &[("if-match", "*")],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
}

#[tokio::test]
async fn plug_in_steps_of_the_solution_are_enabled_by_patch() {
    let emu = emu_for("half-configured");
    let token = dv_token(&emu).await;
    let sid = marketo_solution(&emu, &token).await["solutionid"]
        .as_str()
        .unwrap()
        .to_string();
    let components = dv_get(
        &emu,
        &format!(
            "solutioncomponents?$filter={}&$select=objectid",
            q(&format!(
                "_solutionid_value eq {sid} and componenttype eq 92"
            ))
        ),
        &token,
    )
    .await;
    let mut disabled = Vec::new();
    for c in components["value"].as_array().unwrap() {
        let id = c["objectid"].as_str().unwrap();
        let step = dv_get(
            &emu,
            &format!("sdkmessageprocessingsteps({id})?$select=name,statecode,statuscode"),
            &token,
        )
        .await;
        if step["statecode"] == 1 {
            assert_eq!(step["statuscode"], 2);
            disabled.push(id.to_string());
        } else {
            assert_eq!(
                (step["statecode"].clone(), step["statuscode"].clone()),
                (json!(0), json!(1))
            );
        }
    }
    assert_eq!(disabled.len(), 1, "half-configured has one disabled step");
    let step = &disabled[0];
    // A status that does not belong to the state is refused.
    let res = dv(
        &emu,
        "PATCH",
        &format!("sdkmessageprocessingsteps({step})"),
        &token,
        Some(json!({"statecode": 0, "statuscode": 2})),
        &[("if-match", "*")],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80040203");
    let res = dv(
        &emu,
        "PATCH",
        &format!("sdkmessageprocessingsteps({step})"),
        &token,
        Some(json!({"statecode": 0, "statuscode": 1})),
        &[("if-match", "*")],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let after = dv_get(
        &emu,
        &format!("sdkmessageprocessingsteps({step})?$select=statecode,statuscode"),
        &token,
    )
    .await;
    assert_eq!(
        (after["statecode"].clone(), after["statuscode"].clone()),
        (json!(0), json!(1))
    );
    // Fresh: every step of the solution is enabled, one step outside it is not.
    let fresh = Emu::new();
    let token = dv_token(&fresh).await;
    let all = dv_get(
        &fresh,
        "sdkmessageprocessingsteps?$select=name,statecode&$filter=statecode%20eq%201",
        &token,
    )
    .await;
    let names_disabled: Vec<&str> = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names_disabled,
        ["Contoso.Plugins.AuditAccount: Update of account"]
    );
}

async fn unpublished(emu: &Emu) -> Value {
    emu.get("http://app.localhost:8400/_emulator/dataverse/contoso")
        .await
        .json()["unpublishedCustomizations"]
        .clone()
}

#[tokio::test]
async fn publish_all_clears_pending_customizations() {
    let emu = emu_for("half-configured");
    let token = dv_token(&emu).await;
    assert_eq!(unpublished(&emu).await.as_array().unwrap().len(), 2);
    for method in ["GET", "PATCH"] {
        let res = dv(&emu, method, "PublishAllXml", &token, None, &[]).await;
        assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    }
    let res = dv(&emu, "POST", "PublishAllXml", &token, Some(json!({})), &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    assert_eq!(unpublished(&emu).await, json!([]));
    // An empty body works too (browsers send Content-Length: 0).
    let res = dv(&emu, "POST", "PublishAllXml", &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
}

/// The tables the client probes for unpublished rows, with their keys.
const UI_SETS: &[(&str, &str)] = &[
    ("systemforms", "formid"),
    ("savedqueries", "savedqueryid"),
    ("webresourceset", "webresourceid"),
    ("sitemaps", "sitemapid"),
    ("appmodules", "appmoduleid"),
];

/// The client's `RetrieveUnpublishedMultiple` probes: (set, `@odata.context`, `value`) of each.
async fn probes(emu: &Emu, token: &str) -> Vec<(&'static str, Value, Value)> {
    let mut out = Vec::new();
    for (set, id) in UI_SETS {
        let body = dv_get(
            emu,
            &format!(
                "{set}/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select={id},componentstate&$filter={}&$top=1",
                q("componentstate eq 1")
            ),
            token,
        )
        .await;
        out.push((*set, body["@odata.context"].clone(), body["value"].clone()));
    }
    out
}

#[tokio::test]
async fn half_configured_shows_its_unpublished_form_and_view_until_published() {
    let emu = emu_for("half-configured");
    let token = dv_token(&emu).await;
    let found = probes(&emu, &token).await;
    for (set, context, rows) in &found {
        let id = UI_SETS.iter().find(|(s, _)| s == set).unwrap().1;
        assert_eq!(
            *context,
            json!(format!("{API}$metadata#{set}({id},componentstate)"))
        );
        match *set {
            "systemforms" | "savedqueries" => {
                let rows = rows.as_array().unwrap();
                assert_eq!(rows.len(), 1, "{set}: {rows:?}");
                assert_eq!(rows[0]["componentstate"], 1);
                assert!(rows[0][id].is_string(), "{set}: {rows:?}");
            }
            _ => assert_eq!(*rows, json!([]), "{set}"),
        }
    }
    // The rows are Marketo Config's form and the Marketo Leads view.
    let config = names::marketo_names("half-configured").config_table;
    let form = dv_get(
        &emu,
        &format!(
            "systemforms/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select=name,objecttypecode&$filter={}",
            q("componentstate eq 1")
        ),
        &token,
    )
    .await;
    assert_eq!(form["value"][0]["objecttypecode"], config);
    assert_eq!(form["value"][0]["name"], "Information");
    let view = dv_get(
        &emu,
        &format!(
            "savedqueries/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select=name,returnedtypecode&$filter={}",
            q("componentstate eq 1")
        ),
        &token,
    )
    .await;
    assert_eq!(view["value"][0]["name"], "Marketo Leads");
    assert_eq!(view["value"][0]["returnedtypecode"], "lead");
    // Unfiltered, the function lists every form as it would be after a publish; a plain GET
    // answers the published rows, all `componentstate` 0.
    let all = dv_get(
        &emu,
        "systemforms/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select=componentstate",
        &token,
    )
    .await;
    let states: Vec<i64> = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["componentstate"].as_i64().unwrap())
        .collect();
    assert_eq!(states.len(), 5, "four system tables and Marketo Config");
    assert_eq!(states.iter().filter(|s| **s == 1).count(), 1);
    let published = dv_get(
        &emu,
        &format!(
            "systemforms?$select=formid&$filter={}",
            q("componentstate eq 1")
        ),
        &token,
    )
    .await;
    assert_eq!(published["value"], json!([]));

    let res = dv(&emu, "POST", "PublishAllXml", &token, Some(json!({})), &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    for (set, _, rows) in probes(&emu, &token).await {
        assert_eq!(rows, json!([]), "{set}");
    }
    assert_eq!(unpublished(&emu).await, json!([]));
}

#[tokio::test]
async fn nothing_is_unpublished_in_a_fresh_environment() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    for (set, _, rows) in probes(&emu, &token).await {
        assert_eq!(rows, json!([]), "{set}");
    }
    // Each probed table has rows, all published.
    for (set, id) in UI_SETS {
        let body = dv_get(
            &emu,
            &format!("{set}/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select={id},componentstate"),
            &token,
        )
        .await;
        let rows = body["value"].as_array().unwrap();
        assert!(!rows.is_empty(), "{set}");
        assert!(rows.iter().all(|r| r["componentstate"] == 0), "{set}");
    }
}

#[tokio::test]
async fn publish_xml_publishes_the_tables_it_names() {
    let emu = emu_for("half-configured");
    let token = dv_token(&emu).await;
    let publish = |xml: &str| json!({ "ParameterXml": xml });
    let res = dv(&emu, "POST", "PublishXml", &token, Some(json!({})), &[]).await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80060888");
    // Lead's view is published; Marketo Config's form is not.
    let res = dv(
        &emu,
        "POST",
        "PublishXml",
        &token,
        Some(publish(
            "<importexportxml><entities><entity>lead</entity></entities></importexportxml>",
        )),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let left: Vec<&str> = probes(&emu, &token)
        .await
        .into_iter()
        .filter(|(_, _, rows)| rows != &json!([]))
        .map(|(set, _, _)| set)
        .collect();
    assert_eq!(left, ["systemforms"]);
    assert_eq!(unpublished(&emu).await.as_array().unwrap().len(), 1);
    // Other kinds of node leave it alone too; naming its table publishes it.
    let config = names::marketo_names("half-configured").config_table;
    let res = dv(
        &emu,
        "POST",
        "PublishXml",
        &token,
        Some(publish(
            "<importexportxml><sitemaps><sitemap></sitemap></sitemaps></importexportxml>",
        )),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(unpublished(&emu).await.as_array().unwrap().len(), 1);
    let res = dv(
        &emu,
        "POST",
        "PublishXml",
        &token,
        Some(publish(&format!(
            "<importexportxml><entities><entity>{config}</entity></entities></importexportxml>"
        ))),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    for (set, _, rows) in probes(&emu, &token).await {
        assert_eq!(rows, json!([]), "{set}");
    }
    assert_eq!(unpublished(&emu).await, json!([]));
}

#[tokio::test]
async fn retrieve_unpublished_multiple_is_a_bound_function_of_ui_tables_only() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    // Not bound to other tables.
    let res = dv(
        &emu,
        "GET",
        "systemusers/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x8006088a");
    // A function: GET, with parentheses.
    let res = dv(
        &emu,
        "POST",
        "systemforms/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()",
        &token,
        Some(json!({})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{}", res.text());
    let res = dv(
        &emu,
        "GET",
        "systemforms/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x8006088a");
    // Query options are checked as on the set.
    let res = dv(
        &emu,
        "GET",
        "savedqueries/Microsoft.Dynamics.CRM.RetrieveUnpublishedMultiple()?$select=nope",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x0");
    // $metadata declares it bound to each of them.
    let csdl = dv(&emu, "GET", "$metadata", &token, None, &[]).await.text();
    for table in [
        "systemform",
        "savedquery",
        "webresource",
        "sitemap",
        "appmodule",
    ] {
        assert!(
            csdl.contains(&format!(
                "<Function Name=\"RetrieveUnpublishedMultiple\" IsBound=\"true\" IsComposable=\"true\"><Parameter Name=\"entityset\" Type=\"Collection(mscrm.{table})\""
            )),
            "{table}"
        );
    }
}

fn boolean_column(schema: &str) -> Value {
    // The body of "Create a boolean column" (powerapps-docs
    // `…/webapi/create-update-column-definitions-using-web-api.md`).
    let label = |text: &str| json!({"@odata.type": "Microsoft.Dynamics.CRM.Label", "LocalizedLabels": [{"@odata.type": "Microsoft.Dynamics.CRM.LocalizedLabel", "Label": text, "LanguageCode": 1033}]});
    json!({
        "@odata.type": "Microsoft.Dynamics.CRM.BooleanAttributeMetadata",
        "AttributeType": "Boolean",
        "AttributeTypeName": {"Value": "BooleanType"},
        "SchemaName": schema,
        "DefaultValue": false,
        "RequiredLevel": {"Value": "None", "CanBeChanged": true, "ManagedPropertyLogicalName": "canmodifyrequirementlevelsettings"},
        "DisplayName": label("SyncToMkto"),
        "Description": label("Marketo sync filter"),
        "OptionSet": {
            "OptionSetType": "Boolean",
            "TrueOption": {"Value": 1, "Label": label("Yes")},
            "FalseOption": {"Value": 0, "Label": label("No")},
        },
    })
}

#[tokio::test]
async fn creating_the_sync_filter_column_follows_the_publisher_prefix() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let exists = dv(
        &emu,
        "GET",
        "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='new_synctomkto')?$select=LogicalName,AttributeType",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&exists, StatusCode::NOT_FOUND, "0x80040217");
    // Without a solution the default publisher's prefix applies, and it is not `new`.
    let url = "EntityDefinitions(LogicalName='lead')/Attributes";
    let res = dv(
        &emu,
        "POST",
        url,
        &token,
        Some(boolean_column("new_SyncToMkto")),
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80044366");
    assert!(res
        .text()
        .contains("must start with a valid customization prefix"));
    // The solution whose publisher has the `new` prefix, found as the contract says.
    let publishers = dv_get(
        &emu,
        &format!(
            "publishers?$filter={}&$select=uniquename,friendlyname",
            q("customizationprefix eq 'new'")
        ),
        &token,
    )
    .await;
    let publisher = publishers["value"][0]["publisherid"].as_str().unwrap();
    let solutions = dv_get(
        &emu,
        &format!(
            "solutions?$filter={}&$select=uniquename",
            q(&format!(
                "_publisherid_value eq {publisher} and ismanaged eq false"
            ))
        ),
        &token,
    )
    .await;
    let solution = solutions["value"][0]["uniquename"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(solution, names::CUSTOMIZATIONS_SOLUTION);
    let header = [("mscrm.solutionuniquename", solution.as_str())];
    let res = dv(
        &emu,
        "POST",
        url,
        &token,
        Some(boolean_column("foo_SyncToMkto")),
        &header,
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80044366");
    let res = dv(
        &emu,
        "POST",
        url,
        &token,
        Some(boolean_column("new_Sync-To")),
        &header,
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80044364");
    // A managed solution cannot take new components.
    let marketo = names::marketo_names("fresh");
    let res = dv(
        &emu,
        "POST",
        url,
        &token,
        Some(boolean_column(&format!("{}_X", marketo.prefix))),
        &[("mscrm.solutionuniquename", marketo.solution_unique_name)],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x8004023b");

    let res = dv(
        &emu,
        "POST",
        url,
        &token,
        Some(boolean_column("new_SyncToMkto")),
        &header,
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let entity_id = res.header("odata-entityid").unwrap();
    assert!(
        entity_id.starts_with(&format!(
            "{API}EntityDefinitions(LogicalName='lead')/Attributes("
        )),
        "{entity_id}"
    );
    let created = dv_get(
        &emu,
        "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='new_synctomkto')?$select=LogicalName,AttributeType,SchemaName",
        &token,
    )
    .await;
    assert_eq!(created["AttributeType"], "Boolean");
    assert_eq!(created["SchemaName"], "new_SyncToMkto");
    let typed = dv_get(
        &emu,
        "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='new_synctomkto')/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=DefaultValue&$expand=OptionSet",
        &token,
    )
    .await;
    assert_eq!(typed["DefaultValue"], false);
    assert_eq!(
        typed["OptionSet"]["TrueOption"]["Label"]["UserLocalizedLabel"]["Label"],
        "Yes"
    );
    assert_eq!(typed["OptionSet"]["FalseOption"]["Value"], 0);
    // It is a column of lead rows now, and a component of the solution.
    let leads = dv(
        &emu,
        "GET",
        "leads?$select=new_synctomkto",
        &token,
        None,
        &[],
    )
    .await;
    assert_eq!(leads.status, StatusCode::OK, "{}", leads.text());
    let res = dv(
        &emu,
        "POST",
        url,
        &token,
        Some(boolean_column("new_SyncToMkto")),
        &header,
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80044363");
    // The dump records it until a publish; Dataverse publishes a new column by itself and no UI
    // row changed, so the client's probes see nothing unpublished.
    let pending = unpublished(&emu).await;
    assert_eq!(pending, json!(["lead column 'new_synctomkto' (new)"]));
    for (set, _, rows) in probes(&emu, &token).await {
        assert_eq!(rows, json!([]), "{set}");
    }
    dv(&emu, "POST", "PublishAllXml", &token, Some(json!({})), &[]).await;
    assert_eq!(unpublished(&emu).await, json!([]));
}

#[tokio::test]
async fn entity_and_relationship_definitions_answer_keys_casts_and_filters() {
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let lead = dv_get(&emu, "EntityDefinitions(LogicalName='lead')?$select=LogicalName,EntitySetName,PrimaryIdAttribute", &token).await;
    assert_eq!(lead["EntitySetName"], "leads");
    assert!(lead["MetadataId"].is_string());
    let by_id = dv_get(
        &emu,
        &format!(
            "EntityDefinitions({})?$select=LogicalName",
            lead["MetadataId"].as_str().unwrap()
        ),
        &token,
    )
    .await;
    assert_eq!(by_id["LogicalName"], "lead");
    let filtered = dv_get(
        &emu,
        &format!(
            "EntityDefinitions?$select=LogicalName&$filter={}",
            q("IsCustomEntity eq true")
        ),
        &token,
    )
    .await;
    assert_eq!(
        filtered["value"].as_array().unwrap().len(),
        2,
        "the Marketo tables: {filtered}"
    );
    let res = dv(
        &emu,
        "GET",
        "EntityDefinitions(LogicalName='nosuchtable')",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::NOT_FOUND, "0x80040217");
    let res = dv(
        &emu,
        "GET",
        "EntityDefinitions?$select=Nope",
        &token,
        None,
        &[],
    )
    .await;
    assert_dv_error(&res, StatusCode::BAD_REQUEST, "0x80060888");
    // Enumeration literals, as in query-metadata-web-api.md.
    let lookups = dv_get(
        &emu,
        &format!(
            "EntityDefinitions(LogicalName='systemuser')/Attributes?$select=LogicalName&$filter={}",
            q("AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Lookup'")
        ),
        &token,
    )
    .await;
    assert_eq!(lookups["value"][0]["LogicalName"], "businessunitid");
    assert_eq!(lookups["value"].as_array().unwrap().len(), 1);
    let user_owned = dv_get(
        &emu,
        &format!(
            "EntityDefinitions?$select=LogicalName&$filter={}",
            q("OwnershipType eq Microsoft.Dynamics.CRM.OwnershipTypes'UserOwned'")
        ),
        &token,
    )
    .await;
    assert!(user_owned["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["LogicalName"] == "lead"));
    // Expanded attributes with nested options (the documented Picklist example, on systemuser),
    // and a complex-type path.
    let expanded = dv_get(
        &emu,
        "EntityDefinitions(LogicalName='systemuser')?$select=LogicalName&$expand=Attributes($select=LogicalName;$filter=AttributeType%20eq%20Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'),ManyToOneRelationships($select=ReferencingAttribute,ReferencingEntityNavigationPropertyName;$filter=ReferencedEntity%20eq%20'businessunit')",
        &token,
    )
    .await;
    let picklists: Vec<&str> = expanded["Attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["LogicalName"].as_str().unwrap())
        .collect();
    assert_eq!(picklists, ["accessmode", "deletedstate"]);
    assert_eq!(
        expanded["ManyToOneRelationships"][0]["ReferencingEntityNavigationPropertyName"],
        "businessunitid"
    );
    let required = dv_get(
        &emu,
        &format!(
            "EntityDefinitions(LogicalName='lead')/Attributes?$select=SchemaName&$filter={}",
            q("RequiredLevel/Value eq Microsoft.Dynamics.CRM.AttributeRequiredLevel'ApplicationRequired'")
        ),
        &token,
    )
    .await;
    assert_eq!(required["value"], json!([]));
    // The many-to-many relationship behind role assignment.
    let rel = dv_get(
        &emu,
        "RelationshipDefinitions(SchemaName='systemuserroles_association')",
        &token,
    )
    .await;
    assert_eq!(rel["Entity1LogicalName"], "systemuser");
    assert_eq!(
        rel["Entity2NavigationPropertyName"],
        "systemuserroles_association"
    );
    let many = dv_get(&emu, "RelationshipDefinitions/Microsoft.Dynamics.CRM.ManyToManyRelationshipMetadata?$select=SchemaName", &token).await;
    assert_eq!(many["value"].as_array().unwrap().len(), 1);
    let to_one = dv_get(&emu, "EntityDefinitions(LogicalName='systemuser')/ManyToOneRelationships?$select=ReferencingAttribute,ReferencedEntity", &token).await;
    assert_eq!(to_one["value"][0]["ReferencedEntity"], "businessunit");
    // The service document and $metadata list the entity sets.
    let root = dv_get(&emu, "", &token).await;
    assert!(root["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "systemusers"));
    let csdl = dv(&emu, "GET", "$metadata", &token, None, &[]).await;
    assert!(csdl
        .text()
        .contains("<EntitySet Name=\"systemusers\" EntityType=\"mscrm.systemuser\"/>"));
}

/// One `$batch` part creating `schema` on lead, naming `solution` in the part's own headers.
fn batch_body(schema: &str, solution: Option<&str>) -> String {
    let solution_header = solution
        .map(|s| format!("MSCRM.SolutionUniqueName: {s}\r\n"))
        .unwrap_or_default();
    format!(
        "--batch_t1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
POST /api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes HTTP/1.1\r\n\
Content-Type: application/json; type=entry\r\n{solution_header}\r\n{}\r\n--batch_t1--\r\n",
        boolean_column(schema)
    )
}

#[tokio::test]
async fn a_batch_part_carries_the_solution_header_a_preflight_would_refuse() {
    // execute-batch-operations-using-web-api.md: each part holds its own request and headers,
    // inside the body — so MSCRM.SolutionUniqueName reaches Dataverse from a browser.
    let emu = Emu::new();
    let token = dv_token(&emu).await;
    let auth = format!("Bearer {token}");
    let send = |body: String| {
        let auth = auth.clone();
        let emu = &emu;
        async move {
            emu.send(
                "POST",
                &format!("{API}$batch"),
                &[
                    ("authorization", auth.as_str()),
                    ("accept", "application/json"),
                    ("odata-version", "4.0"),
                    ("odata-maxversion", "4.0"),
                    ("content-type", "multipart/mixed; boundary=batch_t1"),
                ],
                body.into_bytes(),
            )
            .await
        }
    };
    // Without the solution the default publisher's prefix applies: the part fails, the batch
    // stops and answers 400 with the part's own error inside.
    let refused = send(batch_body("new_SyncToMkto", None)).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{}",
        refused.text()
    );
    assert!(refused
        .header("content-type")
        .unwrap()
        .starts_with("multipart/mixed; boundary=batchresponse_"));
    assert!(
        refused.text().contains("HTTP/1.1 400 Bad Request"),
        "{}",
        refused.text()
    );
    assert!(refused.text().contains("0x80044366"));
    // Naming the solution of the `new` publisher in the part: created.
    let created = send(batch_body(
        "new_SyncToMkto",
        Some(names::CUSTOMIZATIONS_SOLUTION),
    ))
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    assert!(
        created.text().contains("HTTP/1.1 204 No Content"),
        "{}",
        created.text()
    );
    assert!(created
        .text()
        .to_ascii_lowercase()
        .contains("odata-entityid: "));
    let column = dv_get(
        &emu,
        "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='new_synctomkto')?$select=LogicalName,AttributeType",
        &token,
    )
    .await;
    assert_eq!(column["AttributeType"], "Boolean");
    // Each part is validated like a direct request, and a batch needs its multipart type.
    let plain = emu
        .send(
            "POST",
            &format!("{API}$batch"),
            &[
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
            ],
            b"{}".to_vec(),
        )
        .await;
    assert_dv_error(&plain, StatusCode::BAD_REQUEST, "0x80060888");
}
