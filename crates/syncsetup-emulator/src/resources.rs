//! Scope strings and the resources (APIs) they name. Entra scopes are `<resource identifier>/<name>`
//! (`https://graph.microsoft.com/User.Read`), a bare name meaning Microsoft Graph, plus the OIDC
//! scopes `openid profile email offline_access`. This module parses a `scope` parameter, groups it
//! by resource app (Graph or Dynamics CRM), and recognises each resource both by Microsoft's real
//! identifiers and by the emulator's own host URLs, so a token asked for
//! `http://graph.localhost:P/User.Read` or `https://graph.microsoft.com/User.Read` is a Graph token
//! either way. Consent is per resource *app*, as in Entra: one Dynamics CRM consent covers Global
//! Discovery and every Dataverse org.

use crate::scenario::{DYNAMICS_CRM_APP_ID, GRAPH_APP_ID};
use crate::Hosts;

/// The OpenID Connect scopes, which name no resource.
pub const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// Delegated Graph permissions the emulator knows (case-insensitive). A typo in the app's scope
/// list is then an `invalid_scope` here, as it would be against Entra.
const GRAPH_SCOPES: &[&str] = &[
    "User.Read",
    "User.ReadWrite",
    "User.ReadBasic.All",
    "User.Read.All",
    "Organization.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Domain.Read.All",
    "RoleManagement.Read.Directory",
    "Application.Read.All",
    "Application.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "Policy.Read.All",
    "Policy.ReadWrite.ApplicationConfiguration",
    "OnPremDirectorySynchronization.Read.All",
    "email",
    "openid",
    "profile",
    "offline_access",
];

/// Delegated permissions of Dynamics CRM.
const DYNAMICS_SCOPES: &[&str] = &["user_impersonation"];

/// A resource application (service principal) that access tokens can be issued for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceApp {
    /// Microsoft Graph (`00000003-0000-0000-c000-000000000000`).
    Graph,
    /// Dynamics CRM (`00000007-0000-0000-c000-000000000000`): Global Discovery and Dataverse.
    DynamicsCrm,
}

impl ResourceApp {
    /// The resource's app id.
    pub fn app_id(self) -> &'static str {
        match self {
            ResourceApp::Graph => GRAPH_APP_ID,
            ResourceApp::DynamicsCrm => DYNAMICS_CRM_APP_ID,
        }
    }

    /// Display name, as in the resource's service principal.
    pub fn display_name(self) -> &'static str {
        match self {
            ResourceApp::Graph => "Microsoft Graph",
            ResourceApp::DynamicsCrm => "Dynamics CRM",
        }
    }

    /// The scope name as the resource spells it, if the resource has that scope.
    pub fn canonical_scope(self, name: &str) -> Option<&'static str> {
        let known = match self {
            ResourceApp::Graph => GRAPH_SCOPES,
            ResourceApp::DynamicsCrm => DYNAMICS_SCOPES,
        };
        known.iter().copied().find(|k| k.eq_ignore_ascii_case(name))
    }

    /// Recognises a resource identifier (scheme + host, an app id, …) as one of the emulated
    /// resources; `None` if the emulated tenant has no such resource.
    pub fn from_identifier(identifier: &str, hosts: &Hosts) -> Option<Self> {
        let id = identifier.trim_end_matches('/').to_ascii_lowercase();
        if id == GRAPH_APP_ID
            || id == "https://graph.microsoft.com"
            || id == hosts.graph.to_ascii_lowercase()
        {
            return Some(ResourceApp::Graph);
        }
        if id == DYNAMICS_CRM_APP_ID
            || id == "https://globaldisco.crm.dynamics.com"
            || id == hosts.globaldisco.to_ascii_lowercase()
        {
            return Some(ResourceApp::DynamicsCrm);
        }
        // A Dataverse org with a port of its own (per-host ports): `http://127.0.0.1:P`.
        if hosts
            .crm
            .iter()
            .any(|(_, url)| url.to_ascii_lowercase() == id)
        {
            return Some(ResourceApp::DynamicsCrm);
        }
        // Any Dataverse org URL: `<org>.crm.localhost:P` here, `<org>.crm[N].dynamics.com` (and
        // its `.api.` variant) in Microsoft's public cloud.
        let url = url::Url::parse(&id).ok()?;
        let host = url.host_str()?;
        let is_local_org = host.ends_with(".crm.localhost");
        let is_cloud_org = host.ends_with(".dynamics.com")
            && host.split('.').any(|label| label.starts_with("crm"));
        (url.path() == "/" && (is_local_org || is_cloud_org)).then_some(ResourceApp::DynamicsCrm)
    }
}

/// The scopes of one resource within a `scope` parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceScopes {
    /// Which resource.
    pub app: ResourceApp,
    /// The identifier the client used for it (first one seen), e.g. `https://graph.microsoft.com`;
    /// it becomes the access token's `aud`, as Entra echoes the requested identifier.
    pub identifier: String,
    /// Scope names as requested (`User.Read`, `.default`, …), without the identifier prefix.
    pub names: Vec<String>,
    /// The scope strings as the client wrote them.
    pub raw: Vec<String>,
}

impl ResourceScopes {
    /// Whether `.default` was asked for.
    pub fn is_default(&self) -> bool {
        self.names.iter().any(|n| n == ".default")
    }
}

/// A parsed `scope` parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedScopes {
    /// OIDC scopes present (lowercase).
    pub oidc: Vec<String>,
    /// Resource scopes grouped by resource app, in order of first appearance.
    pub resources: Vec<ResourceScopes>,
}

impl ParsedScopes {
    /// Whether the OIDC scope `name` was requested.
    pub fn has(&self, name: &str) -> bool {
        self.oidc.iter().any(|s| s == name)
    }

    /// The scopes for `app`, if any.
    pub fn for_app(&self, app: ResourceApp) -> Option<&ResourceScopes> {
        self.resources.iter().find(|r| r.app == app)
    }
}

/// Why a `scope` parameter was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeError {
    /// The identifier names no resource of the tenant (AADSTS500011).
    UnknownResource(String),
    /// The resource has no such permission (AADSTS70011).
    UnknownScope(String),
    /// `.default` mixed with named scopes of the same resource (AADSTS70011).
    MixedDefault(String),
}

/// Parses a space-separated `scope` parameter.
pub fn parse_scopes(scope: &str, hosts: &Hosts) -> Result<ParsedScopes, ScopeError> {
    let mut parsed = ParsedScopes::default();
    for raw in scope.split_whitespace() {
        let lower = raw.to_ascii_lowercase();
        if OIDC_SCOPES.contains(&lower.as_str()) {
            if !parsed.oidc.contains(&lower) {
                parsed.oidc.push(lower);
            }
            continue;
        }
        // `<identifier>/<name>`: the identifier is everything before the last slash, so
        // `https://globaldisco.crm.dynamics.com//user_impersonation` (a documented quirk)
        // has the identifier `https://globaldisco.crm.dynamics.com/`.
        let (identifier, name) = match raw.rfind('/') {
            Some(i) if raw.contains("://") || looks_like_guid(&raw[..i]) => {
                (&raw[..i], &raw[i + 1..])
            }
            Some(_) => return Err(ScopeError::UnknownScope(raw.to_string())),
            None => (GRAPH_APP_ID, raw),
        };
        let app = ResourceApp::from_identifier(identifier, hosts)
            .ok_or_else(|| ScopeError::UnknownResource(identifier.to_string()))?;
        if name != ".default" && app.canonical_scope(name).is_none() {
            return Err(ScopeError::UnknownScope(raw.to_string()));
        }
        match parsed.resources.iter_mut().find(|r| r.app == app) {
            Some(group) => {
                group.names.push(name.to_string());
                group.raw.push(raw.to_string());
            }
            None => parsed.resources.push(ResourceScopes {
                app,
                identifier: identifier.to_string(),
                names: vec![name.to_string()],
                raw: vec![raw.to_string()],
            }),
        }
    }
    for group in &parsed.resources {
        if group.is_default() && group.names.len() > 1 {
            return Err(ScopeError::MixedDefault(group.raw.join(" ")));
        }
    }
    Ok(parsed)
}

/// Whether `s` is a GUID (8-4-4-4-12 hex digits).
pub fn looks_like_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Hosts {
        Hosts::single_port("http", 8080)
    }

    #[test]
    fn graph_is_recognised_by_emulator_url_real_url_bare_name_and_app_id() {
        let h = hosts();
        let p = parse_scopes(
            "openid profile offline_access http://graph.localhost:8080/User.Read https://graph.microsoft.com/Policy.Read.All user.read 00000003-0000-0000-c000-000000000000/Directory.Read.All",
            &h,
        )
        .unwrap();
        assert_eq!(p.oidc, ["openid", "profile", "offline_access"]);
        assert_eq!(p.resources.len(), 1);
        assert_eq!(p.resources[0].app, ResourceApp::Graph);
        assert_eq!(p.resources[0].identifier, "http://graph.localhost:8080");
        assert_eq!(p.resources[0].names.len(), 4);
    }

    #[test]
    fn dynamics_covers_global_discovery_and_org_urls() {
        let h = hosts();
        for id in [
            "http://globaldisco.localhost:8080",
            "https://globaldisco.crm.dynamics.com/",
            "http://contoso.crm.localhost:8080",
            "https://contoso.crm4.dynamics.com",
            "https://contoso.api.crm.dynamics.com",
        ] {
            assert_eq!(
                ResourceApp::from_identifier(id, &h),
                Some(ResourceApp::DynamicsCrm),
                "{id}"
            );
        }
        assert_eq!(
            ResourceApp::from_identifier("https://example.com", &h),
            None
        );
    }

    #[test]
    fn double_slash_quirk_keeps_trailing_slash_in_identifier() {
        let p = parse_scopes(
            "https://globaldisco.crm.dynamics.com//user_impersonation",
            &hosts(),
        )
        .unwrap();
        assert_eq!(
            p.resources[0].identifier,
            "https://globaldisco.crm.dynamics.com/"
        );
        assert_eq!(p.resources[0].names, ["user_impersonation"]);
    }

    #[test]
    fn refuses_unknown_resources_and_scopes_and_mixed_default() {
        let h = hosts();
        assert_eq!(
            parse_scopes("https://example.com/read", &h),
            Err(ScopeError::UnknownResource("https://example.com".into()))
        );
        assert!(matches!(
            parse_scopes("User.Reed", &h),
            Err(ScopeError::UnknownScope(_))
        ));
        assert!(matches!(
            parse_scopes(
                "https://graph.microsoft.com/.default https://graph.microsoft.com/User.Read",
                &h
            ),
            Err(ScopeError::MixedDefault(_))
        ));
    }
}
