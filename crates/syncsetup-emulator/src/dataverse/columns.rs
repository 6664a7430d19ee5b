//! Which columns a Web API body may set, per table, from Microsoft's table reference:
//! MicrosoftDocs/powerapps-docs `powerapps-docs/developer/data-platform/reference/entities/<table>.md`
//! ("Writable columns/attributes" lists columns with `IsValidForCreate` / `IsValidForUpdate`; the
//! older page format listed `IsValidForCreate: False` / `IsValidForUpdate: False` explicitly).
//! [`apply`] stamps these flags on the seeded definitions (also shown in `EntityDefinitions`);
//! `records::changes_from_body` refuses a body that sets a column not valid for that write.
//!
//! Every table also gets the platform rule of its reference page: `createdon`, `modifiedon` and
//! `versionnumber` are read-only, and the primary key is valid for create but not for update.
//! Tables discovered at run time (the Marketo solution's, columns created through the Web API)
//! keep the flags the scenario or the column definition gives them (valid for both).

use super::store::Org;

/// One column's validity: (column, valid for create, valid for update).
type Column = (&'static str, bool, bool);

/// Per table: (logical name, source page under `reference/entities/`, columns).
pub const TABLES: &[(&str, &str, &[Column])] = &[
    (
        "systemuser",
        "systemuser.md",
        &[
            ("systemuserid", true, false),
            ("applicationid", true, true),
            ("accessmode", true, true),
            ("internalemailaddress", true, true),
            ("businessunitid", true, true),
            ("domainname", true, true),
            ("islicensed", true, true),
            ("firstname", true, true),
            ("lastname", true, true),
            ("windowsliveid", true, true),
            ("caltype", true, true),
            // "isdisabled": IsValidForCreate False, IsValidForUpdate True (older page format).
            ("isdisabled", false, true),
            // Read-only: computed or written by the platform.
            ("fullname", false, false),
            ("azureactivedirectoryobjectid", false, false),
            ("deletedstate", false, false),
        ],
    ),
    (
        "role",
        "role.md",
        &[
            ("roleid", true, false),
            ("businessunitid", true, false),
            ("name", true, true),
            ("parentrootroleid", false, false),
            ("roletemplateid", false, false),
        ],
    ),
    (
        "businessunit",
        "businessunit.md",
        &[
            ("businessunitid", true, false),
            ("name", true, true),
            ("parentbusinessunitid", true, true),
            ("isdisabled", false, false),
        ],
    ),
    (
        "solution",
        "solution.md",
        &[
            ("solutionid", true, false),
            ("uniquename", true, false),
            ("friendlyname", true, true),
            ("version", true, true),
            ("publisherid", true, true),
            ("ismanaged", false, false),
        ],
    ),
    (
        "solutioncomponent",
        "solutioncomponent.md",
        // No Create or Update message: every column is read-only.
        &[
            ("solutioncomponentid", false, false),
            ("solutionid", false, false),
            ("objectid", false, false),
            ("componenttype", false, false),
            ("rootcomponentbehavior", false, false),
            ("rootsolutioncomponentid", false, false),
            ("ismetadata", false, false),
        ],
    ),
    (
        "publisher",
        "publisher.md",
        &[
            ("publisherid", true, false),
            ("uniquename", true, false),
            ("customizationprefix", true, true),
            ("friendlyname", true, true),
        ],
    ),
    (
        "sdkmessageprocessingstep",
        "sdkmessageprocessingstep.md",
        &[
            ("sdkmessageprocessingstepid", true, false),
            ("statecode", true, true),
            ("statuscode", true, true),
            ("name", true, true),
        ],
    ),
    (
        "usersettings",
        "usersettings.md",
        &[
            ("systemuserid", true, false),
            ("uilanguageid", true, true),
            ("localeid", true, true),
            ("helplanguageid", true, true),
        ],
    ),
    (
        "organization",
        "organization.md",
        // No Create message; the id is never writable. The firewall columns are in the page's
        // "Writable columns" list (updated by PATCH, as ip-firewall.md shows).
        &[
            ("organizationid", false, false),
            ("enableipbasedfirewallrule", false, true),
            ("enableipbasedfirewallruleinauditmode", false, true),
            ("allowediprangeforfirewall", false, true),
            ("allowedservicetagsforfirewall", false, true),
            ("allowapplicationuseraccess", false, true),
            ("allowmicrosofttrustedservicetags", false, true),
        ],
    ),
];

/// Tables whose every column is read-only (no Create/Update message on their reference page).
const READ_ONLY_TABLES: &[&str] = &["solutioncomponent", "systemuserroles"];

/// Platform columns every reference page lists as not valid for create or update.
const PLATFORM_READ_ONLY: &[&str] = &["createdon", "modifiedon", "versionnumber"];

/// Stamps `valid_for_create` / `valid_for_update` on the seeded system tables.
pub fn apply(org: &mut Org) {
    for e in org.entities.values_mut() {
        let primary = e.primary_id.clone();
        let all_read_only = READ_ONLY_TABLES.contains(&e.logical_name.as_str());
        let rules = TABLES
            .iter()
            .find(|(t, _, _)| *t == e.logical_name)
            .map(|(_, _, c)| *c)
            .unwrap_or_default();
        for a in &mut e.attributes {
            if PLATFORM_READ_ONLY.contains(&a.logical_name.as_str()) || all_read_only {
                a.valid_for_create = false;
                a.valid_for_update = false;
            } else if a.logical_name == primary {
                a.valid_for_update = false;
            }
            if let Some((_, c, u)) = rules.iter().find(|(n, _, _)| *n == a.logical_name) {
                a.valid_for_create = *c;
                a.valid_for_update = *u;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_name_seeded_columns() {
        let scenario = crate::Scenario::demo(&crate::Hosts::single_port("http", 1), &[]);
        let world = super::super::seed::world_for("demo", &scenario);
        let org = world.orgs.values().next().unwrap();
        for (table, _, columns) in TABLES {
            let e = &org.entities[*table];
            for (col, c, u) in *columns {
                if let Some(a) = e.attr(col) {
                    assert_eq!(
                        (a.valid_for_create, a.valid_for_update),
                        (*c, *u),
                        "{table}.{col}"
                    );
                }
            }
        }
        let user = &org.entities["systemuser"];
        let disabled = user.attr("isdisabled").unwrap();
        assert!(!disabled.valid_for_create && disabled.valid_for_update);
        assert!(!user.attr("createdon").unwrap().valid_for_update);
    }
}
