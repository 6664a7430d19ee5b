//! Before anything else: when `config.json` names no client id, the tool's own app registration
//! does not exist yet. The page then shows how to create it — a single-page application whose
//! redirect URI is exactly this page's URL, with the delegated permissions the tool asks for —
//! and the `config.json` to write, each part ready to copy.

use url::Url;

use crate::config::{GRAPH_SCOPES, HRD_GRAPH_SCOPE};

/// The Dynamics CRM permission (on Global Discovery and every environment).
pub const DYNAMICS_PERMISSION: &str = "user_impersonation";

/// What the admin enters in the Entra admin center, and the `config.json` to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// The redirect URI of type "Single-page application": this page, without query or fragment.
    pub redirect_uri: String,
    /// Microsoft Graph delegated permissions, one per line.
    pub graph_permissions: String,
    /// The Graph permission needed only for federated domains in the client-app mode.
    pub hrd_permission: &'static str,
    /// The `config.json` to place beside `index.html`.
    pub config_json: String,
}

/// The registration for a page at `page_url`.
pub fn registration(page_url: &Url) -> Registration {
    let mut redirect_uri = page_url.clone();
    redirect_uri.set_query(None);
    redirect_uri.set_fragment(None);
    Registration {
        redirect_uri: redirect_uri.to_string(),
        graph_permissions: GRAPH_SCOPES.join("\n"),
        hrd_permission: HRD_GRAPH_SCOPE,
        config_json: "{\n  \"clientId\": \"<Application (client) ID>\",\n  \"authority\": \"https://login.microsoftonline.com/<Directory (tenant) ID>\"\n}\n".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_uri_is_this_page_and_the_permissions_are_the_tools() {
        let page = Url::parse("https://intranet.contoso.com/tools/sync/?x=1#code=abc").unwrap();
        let r = registration(&page);
        assert_eq!(r.redirect_uri, "https://intranet.contoso.com/tools/sync/");
        assert!(r
            .graph_permissions
            .contains("Application.ReadWrite.All\nDelegatedPermissionGrant.ReadWrite.All"));
        assert!(
            !r.graph_permissions.contains(HRD_GRAPH_SCOPE),
            "asked for separately"
        );
        let config: serde_json::Value = serde_json::from_str(&r.config_json).unwrap();
        assert!(config["clientId"].is_string() && config["authority"].is_string());
    }
}
