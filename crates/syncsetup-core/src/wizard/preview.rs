//! Request previews for the Dataverse steps (7–13), so that every write the run will send is on
//! the plan review before Apply — the plan itself previews only the Graph steps.
//!
//! The previews come from the same request builders the step runners use (`dataverse::write`).
//! Ids that exist only once an earlier step has run (the new app's client id, the new application
//! user) are built with placeholder GUIDs and then shown as `{app id}` / `{application user id}`,
//! the way the plan shows `{service principal id}`.

use crate::dataverse::apply::role_copy_for;
use crate::dataverse::write::{self, FALLBACK_LANGUAGE_CODE};
use crate::dataverse::WebApi;
use crate::engine::plan::{Answers, ConnectionMode, Plan, RequestPreview, Status, StepId};
use crate::facts::{DataverseFacts, Facts, Observed, SystemUser};
use crate::http::HttpRequest;
use crate::secret::AccessToken;

const APP_ID: (&str, &str) = ("00000000-0000-4000-8000-00000000a991", "{app id}");
const USER_ID: (&str, &str) = (
    "00000000-0000-4000-8000-00000000a992",
    "{application user id}",
);

/// Fills in the previews of the Dataverse steps that will run and have none.
pub fn add_dataverse_previews(plan: &mut Plan, answers: &Answers, facts: &Facts) {
    let Some(Observed::Known(dv)) = &facts.dataverse else {
        return;
    };
    let Ok(api) = WebApi::of_facts(dv) else {
        return;
    };
    let app_id = facts
        .directory
        .known()
        .and_then(|d| d.app.as_ref())
        .map_or(APP_ID.0, |a| a.app_id.as_str());
    for step in &mut plan.steps {
        if !step.requests.is_empty() || !matches!(step.status, Status::ToDo(_)) {
            continue;
        }
        step.requests = requests(step.id, &api, dv, answers, app_id)
            .iter()
            .map(|r| {
                let mut preview = RequestPreview::of(r);
                for (guid, name) in [APP_ID, USER_ID] {
                    preview.url = preview.url.replace(guid, name);
                    preview.body = preview.body.map(|b| b.replace(guid, name));
                }
                preview
            })
            .collect();
    }
}

/// The sync user the Dataverse steps work on, if it exists yet.
fn sync_user<'a>(dv: &'a DataverseFacts, answers: &Answers) -> Option<&'a SystemUser> {
    match answers.mode {
        ConnectionMode::ServerToServer => dv.application_user.as_ref(),
        ConnectionMode::ClientApp => {
            let id = answers.sync_user_id.as_deref()?;
            dv.role_holders.iter().find(|u| u.id == id)
        }
    }
}

fn requests(
    step: StepId,
    api: &WebApi,
    dv: &DataverseFacts,
    answers: &Answers,
    app_id: &str,
) -> Vec<HttpRequest> {
    let token = AccessToken::new("preview");
    let user = sync_user(dv, answers);
    let user_id = user.map_or(USER_ID.0, |u| u.id.as_str());
    // The root business unit's copy for a user yet to be created there.
    let role = match user {
        Some(user) => role_copy_for(dv, user).ok(),
        None => dv.marketo_roles.iter().find(|r| {
            r.business_unit_id
                .eq_ignore_ascii_case(&dv.root_business_unit.id)
        }),
    };
    let built = match step {
        StepId::ApplicationUser => vec![write::create_application_user_request(
            api,
            &token,
            app_id,
            &dv.root_business_unit.id,
            &answers.app_user_email,
        )],
        StepId::SyncUserRole => role
            .map(|role| write::assign_role_request(api, &token, user_id, &role.id))
            .into_iter()
            .collect(),
        StepId::OtherRoleHolders => dv
            .role_holders
            .iter()
            .filter(|holder| holder.id != user_id)
            .flat_map(|holder| {
                dv.marketo_roles
                    .iter()
                    .filter(|role| {
                        holder
                            .business_unit_id
                            .as_deref()
                            .is_none_or(|bu| bu == role.business_unit_id)
                    })
                    .map(|role| write::remove_role_request(api, &token, &holder.id, &role.id))
            })
            .collect(),
        StepId::MarketoConfigUser => dv
            .marketo_config
            .as_ref()
            .map(|config| write::set_marketo_config_user_request(api, &token, config, user_id))
            .into_iter()
            .collect(),
        StepId::PluginSteps => dv
            .plugin_steps
            .iter()
            .filter(|s| !s.enabled)
            .map(|s| write::enable_plugin_step_request(api, &token, &s.id))
            .collect(),
        StepId::SyncFilter => answers
            .sync_filter_tables
            .iter()
            .filter(|t| {
                !dv.sync_filter_columns
                    .iter()
                    .any(|c| &c.table == *t && c.exists)
            })
            .map(|table| {
                let language = dv.base_language_code.unwrap_or(FALLBACK_LANGUAGE_CODE);
                write::create_sync_filter_column_request(
                    api,
                    &token,
                    table,
                    language,
                    dv.sync_filter_solution(),
                )
            })
            .collect(),
        StepId::Publish => vec![Ok(write::publish_all_request(api, &token))],
        _ => Vec::new(),
    };
    // A builder that refuses (a malformed id in the tenant) previews nothing; the run will
    // explain the same refusal.
    built.into_iter().filter_map(Result::ok).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::plan;
    use crate::engine::plan::tests::{answers, config, fresh, NOW};

    fn previews(plan: &Plan, id: StepId) -> Vec<String> {
        plan.step(id)
            .requests
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.method,
                    r.url,
                    r.body.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    /// The fresh tenant with GUIDs where Dataverse has GUIDs (the builders check them).
    fn fresh_with_guids() -> Facts {
        let mut facts = fresh();
        let Some(Observed::Known(dv)) = &mut facts.dataverse else {
            unreachable!()
        };
        let guid = |n: u32| format!("00000000-0000-4000-8000-{n:012}");
        dv.root_business_unit.id = guid(1);
        dv.marketo_roles[0].id = guid(2);
        dv.marketo_roles[0].business_unit_id = guid(1);
        dv.marketo_config.as_mut().unwrap().default_record_id = Some(guid(3));
        facts
    }

    #[test]
    fn a_fresh_tenant_previews_every_dataverse_write_with_placeholders() {
        let facts = fresh_with_guids();
        let mut chosen = answers();
        chosen.sync_filter_tables = vec!["lead".into()];
        let mut plan = plan(&config(), &chosen, &facts, NOW);
        assert!(
            plan.step(StepId::ApplicationUser).requests.is_empty(),
            "the engine previews Graph only"
        );
        add_dataverse_previews(&mut plan, &chosen, &facts);
        let user = previews(&plan, StepId::ApplicationUser);
        assert_eq!(user.len(), 1);
        assert!(
            user[0]
                .starts_with("POST https://contoso.api.crm.dynamics.com/api/data/v9.2/systemusers"),
            "{}",
            user[0]
        );
        assert!(
            user[0].contains("{app id}") && user[0].contains("marketo-sync@contoso.com"),
            "{}",
            user[0]
        );
        assert!(previews(&plan, StepId::SyncUserRole)[0]
            .contains("systemusers({application user id})/systemuserroles_association/$ref"));
        assert!(previews(&plan, StepId::MarketoConfigUser)[0].starts_with("PATCH "));
        assert!(previews(&plan, StepId::SyncFilter)[0]
            .contains("EntityDefinitions(LogicalName='lead')/Attributes"));
        assert!(previews(&plan, StepId::Publish)[0].ends_with("PublishAllXml {}"));
        for step in plan.to_do() {
            assert!(!step.requests.is_empty(), "{:?} has no preview", step.id);
        }
    }

    #[test]
    fn settled_steps_get_no_previews() {
        let facts = crate::engine::plan::tests::complete();
        let mut plan = plan(&config(), &answers(), &facts, NOW);
        add_dataverse_previews(&mut plan, &answers(), &facts);
        assert!(plan
            .steps
            .iter()
            .all(|s| s.requests.is_empty() || !s.status.is_settled()));
    }
}
