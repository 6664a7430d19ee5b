//! Before anything else: when `config.json` names no client id, the tool's own app registration
//! does not exist yet. The page then shows how to create it — a single-page application whose
//! redirect URI is exactly this page's URL, with the delegated permissions the tool asks for —
//! and the `config.json` to write, each part ready to copy.

use url::Url;

use crate::config::{FEDERATED_GRAPH_SCOPES, GRAPH_READ_SCOPES, GRAPH_SCOPES};

/// The Dynamics CRM permission (on Global Discovery and every environment).
pub const DYNAMICS_PERMISSION: &str = "user_impersonation";

/// What the admin enters in the Entra admin center, and the `config.json` to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// The redirect URI of type "Single-page application": this page, without query or fragment.
    pub redirect_uri: String,
    /// Microsoft Graph delegated permissions, one per line.
    pub graph_permissions: String,
    /// The Graph permissions needed only for federated domains in the client-app mode (the HRD
    /// policy write and the password hash sync read), comma-separated.
    pub federated_permissions: String,
    /// The `config.json` to place beside `index.html`.
    pub config_json: String,
}

/// The page is served from a path of an origin that can hold other pages. `sessionStorage` —
/// where this tab keeps the admin's tokens, which can add credentials to any app registration —
/// belongs to the origin, not the path, so any other page of that origin opened in the tab can
/// read it: "avoid deploying more than one application in a single origin" (RFC 10017 §9.4;
/// security review H1). The page says so and how to host it instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedOrigin {
    /// The origin the page shares (`https://intranet.contoso.com`).
    pub origin: String,
    /// The path it is served from (`/tools/marketo-sync/`).
    pub path: String,
    /// A dedicated origin to host it on instead (`https://marketo-sync.intranet.contoso.com/`).
    pub suggestion: String,
}

/// `Some` when the page at `page_url` is not at the root of its origin (`index.html` there
/// counts as the root).
pub fn shared_origin(page_url: &Url) -> Option<SharedOrigin> {
    let path = page_url.path();
    let directory = path.strip_suffix("index.html").unwrap_or(path);
    if directory == "/" || directory.is_empty() {
        return None;
    }
    let origin = page_url.origin().ascii_serialization();
    let host = page_url.host_str().unwrap_or_default();
    let port = page_url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Some(SharedOrigin {
        origin,
        path: directory.to_owned(),
        suggestion: format!("{}://marketo-sync.{host}{port}/", page_url.scheme()),
    })
}

/// The registration for a page at `page_url`.
pub fn registration(page_url: &Url) -> Registration {
    let mut redirect_uri = page_url.clone();
    redirect_uri.set_query(None);
    redirect_uri.set_fragment(None);
    Registration {
        redirect_uri: redirect_uri.to_string(),
        // Both modes' permissions: validating signs in with the read ones alone.
        graph_permissions: {
            let mut all: Vec<&str> = GRAPH_SCOPES.to_vec();
            all.extend(GRAPH_READ_SCOPES.iter().filter(|s| !GRAPH_SCOPES.contains(s)));
            all.join("\n")
        },
        federated_permissions: FEDERATED_GRAPH_SCOPES.join(", "),
        config_json: "{\n  \"clientId\": \"<Application (client) ID>\",\n  \"authority\": \"https://login.microsoftonline.com/<Directory (tenant) ID>\"\n}\n".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_on_a_path_of_a_shared_origin_is_told_apart_from_one_with_its_own_origin() {
        let at = |url: &str| shared_origin(&Url::parse(url).unwrap());
        assert_eq!(at("https://marketo-sync.intranet.contoso.com/"), None);
        assert_eq!(
            at("https://marketo-sync.intranet.contoso.com/index.html?x#y"),
            None
        );
        assert_eq!(
            at("https://intranet.contoso.com/tools/marketo-sync/?from=home"),
            Some(SharedOrigin {
                origin: "https://intranet.contoso.com".into(),
                path: "/tools/marketo-sync/".into(),
                suggestion: "https://marketo-sync.intranet.contoso.com/".into(),
            })
        );
        let local = at("http://app.localhost:8400/tools/sync/index.html").unwrap();
        assert_eq!(local.path, "/tools/sync/");
        assert_eq!(local.suggestion, "http://marketo-sync.app.localhost:8400/");
    }

    #[test]
    fn the_redirect_uri_is_this_page_and_the_permissions_are_the_tools() {
        let page = Url::parse("https://intranet.contoso.com/tools/sync/?x=1#code=abc").unwrap();
        let r = registration(&page);
        assert_eq!(r.redirect_uri, "https://intranet.contoso.com/tools/sync/");
        assert!(r
            .graph_permissions
            .contains("Application.ReadWrite.All\nDelegatedPermissionGrant.ReadWrite.All"));
        for federated in FEDERATED_GRAPH_SCOPES {
            assert!(
                !r.graph_permissions.contains(federated),
                "{federated} is asked for separately"
            );
            assert!(r.federated_permissions.contains(federated));
        }
        assert!(
            r.graph_permissions
                .lines()
                .any(|p| p == "Application.Read.All"),
            "validating signs in with the read permission: it must be registered too"
        );
        let config: serde_json::Value = serde_json::from_str(&r.config_json).unwrap();
        assert!(config["clientId"].is_string() && config["authority"].is_string());
    }
}
