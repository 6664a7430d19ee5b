//! The runtime configuration (`config.json` beside `index.html`) and the Microsoft cloud presets.
//!
//! The page is a static file set, so everything tenant- or cloud-specific arrives at run time in a
//! small JSON document with MSAL-like names (`clientId`, `authority`, `redirectUri`,
//! `graphBaseUrl`, `globalDiscoveryUrl`, `cloud`). This module parses and validates it once, up
//! front, into a [`Config`] whose fields can no longer be wrong; every problem becomes a
//! [`ConfigError`] that says which field, what was found and what to write instead. Missing
//! endpoints default to the chosen cloud's public hosts, so a real-tenant config needs only the
//! client id and authority.

use crate::i18n::{Arg, Text, TextKey};
use serde::Deserialize;
use url::Url;

use crate::explain::Explanation;

/// A Microsoft cloud, which fixes the Entra, Graph and Global Discovery hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    /// Commercial cloud (`login.microsoftonline.com`, `graph.microsoft.com`).
    Public,
    /// US Government Community Cloud (GCC): commercial Entra and Graph, Dataverse on `crm9`.
    UsGov,
    /// US Government GCC High (`login.microsoftonline.us`, `graph.microsoft.us`).
    UsGovHigh,
    /// US Government DoD (L5): `login.microsoftonline.us`, Graph `dod-graph.microsoft.us`
    /// (microsoft-graph-docs-contrib `concepts/deployments.md`: "Microsoft Graph for US
    /// Government L5 (DOD) | `https://dod-graph.microsoft.us`"), Global Discovery
    /// `globaldisco.crm.appsplatform.us` (powerapps-docs `developer/data-platform/
    /// discovery-service.md`: "DOD | `https://globaldisco.crm.appsplatform.us`").
    UsGovDod,
    /// Microsoft Azure operated by 21Vianet (`login.chinacloudapi.cn`).
    China,
}

impl Cloud {
    /// Every preset: what the shipped page's Content-Security-Policy must let `fetch` reach
    /// (`crates/syncsetup-core/tests/csp.rs` checks `index.html` against it).
    pub const ALL: [Cloud; 5] = [
        Cloud::Public,
        Cloud::UsGov,
        Cloud::UsGovHigh,
        Cloud::UsGovDod,
        Cloud::China,
    ];

    /// The DNS domains of the cloud's Dataverse hosts: every environment's `<org>.crm<N>.<domain>`
    /// (app and Web API) and `<org>.api.crm<N>.<domain>`, and Global Discovery. GCC's `crm9`
    /// lives under the commercial domain; GCC High's is `microsoftdynamics.us`, DoD's
    /// `appsplatform.us` (discovery-service.md's cloud table).
    pub fn dataverse_domains(self) -> &'static [&'static str] {
        match self {
            Cloud::Public | Cloud::UsGov => &["dynamics.com"],
            Cloud::UsGovHigh => &["microsoftdynamics.us"],
            Cloud::UsGovDod => &["appsplatform.us"],
            Cloud::China => &["dynamics.cn"],
        }
    }

    /// Parses the `cloud` field.
    pub fn parse(name: &str) -> Option<Cloud> {
        match name.trim().to_ascii_lowercase().as_str() {
            "public" | "" => Some(Cloud::Public),
            "usgov" => Some(Cloud::UsGov),
            "usgovhigh" => Some(Cloud::UsGovHigh),
            "usgovdod" => Some(Cloud::UsGovDod),
            "china" => Some(Cloud::China),
            _ => None,
        }
    }

    /// Entra ID sign-in host.
    pub fn login_base(self) -> &'static str {
        match self {
            Cloud::Public | Cloud::UsGov => "https://login.microsoftonline.com",
            Cloud::UsGovHigh | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// Microsoft Graph host.
    pub fn graph_base(self) -> &'static str {
        match self {
            Cloud::Public | Cloud::UsGov => "https://graph.microsoft.com",
            Cloud::UsGovHigh => "https://graph.microsoft.us",
            Cloud::UsGovDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// Dataverse Global Discovery Service host.
    pub fn global_discovery_base(self) -> &'static str {
        match self {
            Cloud::Public => "https://globaldisco.crm.dynamics.com",
            Cloud::UsGov => "https://globaldisco.crm9.dynamics.com",
            Cloud::UsGovHigh => "https://globaldisco.crm.microsoftdynamics.us",
            Cloud::UsGovDod => "https://globaldisco.crm.appsplatform.us",
            Cloud::China => "https://globaldisco.crm.dynamics.cn",
        }
    }
}

/// The Entra ID authority: the login host plus the tenant segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    base: Url,
    tenant: String,
}

impl Authority {
    /// The tenant segment: a GUID, a verified domain, or `organizations`.
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The tenant GUID, when the authority names one (then the id_token's `tid` must match it).
    pub(crate) fn tenant_guid(&self) -> Option<&str> {
        is_guid(&self.tenant).then_some(self.tenant.as_str())
    }

    /// `https://login…/{tenant}` without a trailing slash.
    pub fn url(&self) -> String {
        format!("{}/{}", origin_of(&self.base), self.tenant)
    }

    /// Entra ID's sign-out (`end_session_endpoint`, entra-docs `identity-platform/
    /// v2-protocols-oidc.md` "Send a sign-out request"): ends the Microsoft session of this
    /// browser, then returns to `page` (the page's address without query or fragment, which
    /// must be a registered redirect URI).
    pub fn sign_out_url(&self, page: &Url) -> Url {
        let mut back = page.clone();
        back.set_query(None);
        back.set_fragment(None);
        let mut url = Url::parse(&format!("{}/oauth2/v2.0/logout", self.url()))
            .expect("authority URL was validated");
        url.query_pairs_mut()
            .append_pair("post_logout_redirect_uri", back.as_str());
        url
    }

    /// The OpenID Connect discovery document for this authority.
    pub(crate) fn openid_configuration_url(&self) -> Url {
        Url::parse(&format!(
            "{}/v2.0/.well-known/openid-configuration",
            self.url()
        ))
        .expect("authority URL was validated")
    }
}

/// A validated configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The tool's own app registration (a single-page application in Entra ID).
    pub client_id: String,
    /// Where admins sign in.
    pub authority: Authority,
    /// The redirect URI registered for the tool; `None` means "this page's own URL".
    pub redirect_uri: Option<Url>,
    /// Microsoft Graph base (origin), e.g. `https://graph.microsoft.com`.
    pub graph_base_url: Url,
    /// Global Discovery base (origin), e.g. `https://globaldisco.crm.dynamics.com`.
    pub global_discovery_url: Url,
    /// The cloud the defaults came from.
    pub cloud: Cloud,
}

/// The delegated Microsoft Graph permissions the tool asks for (each described in
/// microsoft-graph-docs-contrib `concepts/permissions-reference.md`). The HRD-policy write scope
/// is left out on purpose: it is requested incrementally, only for federated tenants.
pub const GRAPH_SCOPES: &[&str] = &[
    "User.Read",
    "Application.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "Policy.Read.All",
    "Directory.Read.All",
];

/// The delegated Graph permissions "Validate an existing setup" signs in with: reads only —
/// applications and service principals (`Application.Read.All`), the app-management and HRD
/// policies (`Policy.Read.All`), grants and directory roles (`Directory.Read.All`). Least
/// privilege per mode (RFC 9700 §2.3; security review M4): a validation session's tokens can
/// change nothing.
pub(crate) const GRAPH_READ_SCOPES: &[&str] = &[
    "User.Read",
    "Application.Read.All",
    "Policy.Read.All",
    "Directory.Read.All",
];

/// The Graph permission that creates and assigns Home Realm Discovery policies. Asked for only
/// when a federated domain makes the HRD step necessary ("ask for a bare minimum set of
/// permissions upfront": entra-docs `docs/identity-platform/consent-types-developer.md`).
pub(crate) const HRD_GRAPH_SCOPE: &str = "Policy.ReadWrite.ApplicationConfiguration";

/// The Graph permission that reads whether password hash sync is on
/// (`onPremisesDirectorySynchronization.features.passwordSyncEnabled`; microsoft-graph-docs-contrib
/// `api-reference/v1.0/api/onpremisesdirectorysynchronization-get.md`: delegated
/// `OnPremDirectorySynchronization.Read.All`, and the signed-in user must be a Global
/// Administrator). It matters for the same tenants as the HRD permission — federated domains in
/// the client-app mode, where Marketo's password grant works only with cloud password validation
/// — so it is asked for in the same incremental consent, never up front.
pub(crate) const PASSWORD_SYNC_GRAPH_SCOPE: &str = "OnPremDirectorySynchronization.Read.All";

/// The permissions the incremental consent for federated domains adds.
pub(crate) const FEDERATED_GRAPH_SCOPES: &[&str] = &[HRD_GRAPH_SCOPE, PASSWORD_SYNC_GRAPH_SCOPE];

/// OpenID Connect scopes: an id_token, the profile claims, and a refresh token.
pub const OIDC_SCOPES: &[&str] = &["openid", "profile", "offline_access"];

impl Config {
    /// Parses `config.json` text. The keys `//` and `// <field>` (one per field) are comments
    /// and are ignored (JSON has no comments; the release's `config.json.example` documents each
    /// field this way, the convention npm's `package.json` uses). Every other unknown key is still
    /// refused, so a misspelt field never passes silently. Named comment fields rather than "any
    /// key starting with //" keep the derived, strict parser: walking a `serde_json::Value` first
    /// cost the landing module 3.4 KB brotli (make size).
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig =
            serde_json::from_str(text).map_err(|e| ConfigError::NotJson(e.to_string()))?;
        raw.validate()
    }

    /// `{graph}/<scope>` for each Graph scope the tool needs.
    pub fn graph_scopes(&self) -> Vec<String> {
        let base = origin_of(&self.graph_base_url);
        GRAPH_SCOPES.iter().map(|s| format!("{base}/{s}")).collect()
    }

    /// `{graph}/<scope>` for each read-only Graph scope (a validation session's).
    pub(crate) fn graph_read_scopes(&self) -> Vec<String> {
        let base = origin_of(&self.graph_base_url);
        GRAPH_READ_SCOPES
            .iter()
            .map(|s| format!("{base}/{s}"))
            .collect()
    }

    /// The Graph scopes plus the HRD policy permission (what the HRD writes are sent with).
    pub fn graph_scopes_with_hrd(&self) -> Vec<String> {
        self.graph_scopes_plus(&[HRD_GRAPH_SCOPE])
    }

    /// The Graph scopes plus the password hash sync read (what that one read is sent with).
    pub fn graph_scopes_with_password_sync(&self) -> Vec<String> {
        self.graph_scopes_plus(&[PASSWORD_SYNC_GRAPH_SCOPE])
    }

    /// The Graph scopes plus both federated-domain permissions: what the incremental consent
    /// for a federated tenant asks for.
    pub(crate) fn graph_scopes_for_federated_domains(&self) -> Vec<String> {
        self.graph_scopes_plus(FEDERATED_GRAPH_SCOPES)
    }

    fn graph_scopes_plus(&self, extra: &[&str]) -> Vec<String> {
        let base = origin_of(&self.graph_base_url);
        let mut scopes = self.graph_scopes();
        scopes.extend(extra.iter().map(|s| format!("{base}/{s}")));
        scopes
    }

    /// Dynamics CRM `user_impersonation` on the Global Discovery Service.
    pub fn global_discovery_scope(&self) -> String {
        format!(
            "{}/user_impersonation",
            origin_of(&self.global_discovery_url)
        )
    }

    /// Graph v1.0 endpoint URL for a path such as `me` or `organization?$select=id`.
    pub fn graph_url(&self, path_and_query: &str) -> Url {
        Url::parse(&format!(
            "{}/v1.0/{path_and_query}",
            origin_of(&self.graph_base_url)
        ))
        .expect("graph base was validated and the path is ours")
    }

    /// The redirect URI to use when the page is at `page_url`: the configured one, else the page
    /// itself without query or fragment (a sub-path deployment keeps its path).
    pub fn effective_redirect_uri(&self, page_url: &Url) -> Url {
        self.redirect_uri.clone().unwrap_or_else(|| {
            let mut own = page_url.clone();
            own.set_query(None);
            own.set_fragment(None);
            own
        })
    }
}

/// The comment key of `config.json`; `// <field>` documents a field (see [`Config::from_json`]).
pub const COMMENT_KEY_PREFIX: &str = "//";

/// The fields `config.json` may set, in the order the documentation gives them.
pub const CONFIG_FIELDS: [&str; 6] = [
    "clientId",
    "authority",
    "redirectUri",
    "cloud",
    "graphBaseUrl",
    "globalDiscoveryUrl",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawConfig {
    // Comments: their values are skipped unread (any JSON value).
    #[serde(rename = "//", default)]
    _comment: Option<serde::de::IgnoredAny>,
    #[serde(rename = "// clientId", default)]
    _client_id_doc: Option<serde::de::IgnoredAny>,
    #[serde(rename = "// authority", default)]
    _authority_doc: Option<serde::de::IgnoredAny>,
    #[serde(rename = "// redirectUri", default)]
    _redirect_uri_doc: Option<serde::de::IgnoredAny>,
    #[serde(rename = "// cloud", default)]
    _cloud_doc: Option<serde::de::IgnoredAny>,
    #[serde(rename = "// graphBaseUrl", default)]
    _graph_base_url_doc: Option<serde::de::IgnoredAny>,
    #[serde(rename = "// globalDiscoveryUrl", default)]
    _global_discovery_url_doc: Option<serde::de::IgnoredAny>,
    client_id: Option<String>,
    authority: Option<String>,
    redirect_uri: Option<String>,
    graph_base_url: Option<String>,
    global_discovery_url: Option<String>,
    cloud: Option<String>,
}

impl RawConfig {
    fn validate(self) -> Result<Config, ConfigError> {
        let cloud = match self.cloud.as_deref() {
            None => Cloud::Public,
            Some(name) => {
                Cloud::parse(name).ok_or_else(|| ConfigError::UnknownCloud(clip(name)))?
            }
        };
        let client_id = self
            .client_id
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        if client_id.is_empty() {
            return Err(ConfigError::MissingClientId);
        }
        if !is_guid(&client_id) {
            return Err(ConfigError::ClientIdNotGuid(clip(&client_id)));
        }
        let authority_text = self
            .authority
            .unwrap_or_else(|| format!("{}/organizations", cloud.login_base()));
        let authority = parse_authority(&authority_text)?;
        let redirect_uri = match self.redirect_uri {
            None => None,
            Some(text) if text.trim().is_empty() => None,
            Some(text) => Some(parse_endpoint("redirectUri", &text)?),
        };
        let graph_base_url = parse_endpoint(
            "graphBaseUrl",
            self.graph_base_url.as_deref().unwrap_or(cloud.graph_base()),
        )?;
        let global_discovery_url = parse_endpoint(
            "globalDiscoveryUrl",
            self.global_discovery_url
                .as_deref()
                .unwrap_or(cloud.global_discovery_base()),
        )?;
        Ok(Config {
            client_id,
            authority,
            redirect_uri,
            graph_base_url,
            global_discovery_url,
            cloud,
        })
    }
}

fn parse_authority(text: &str) -> Result<Authority, ConfigError> {
    let url = parse_endpoint("authority", text)?;
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let tenant = match segments.as_slice() {
        [tenant] => (*tenant).to_owned(),
        // Users paste the v2.0 endpoint often enough to accept it.
        [tenant, "v2.0"] => (*tenant).to_owned(),
        _ => return Err(ConfigError::AuthorityWithoutTenant(clip(text))),
    };
    match tenant.to_ascii_lowercase().as_str() {
        "common" | "consumers" => return Err(ConfigError::AuthorityNotOrganizational(clip(text))),
        _ => {}
    }
    let valid_tenant = tenant == "organizations"
        || is_guid(&tenant)
        || (tenant.contains('.')
            && tenant
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'));
    if !valid_tenant {
        return Err(ConfigError::AuthorityWithoutTenant(clip(text)));
    }
    Ok(Authority { base: url, tenant })
}

/// Parses an endpoint URL: absolute, https (or http on a loopback name, for the emulator).
fn parse_endpoint(field: &'static str, text: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text.trim()).map_err(|e| ConfigError::BadUrl {
        field,
        value: clip(text),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&url) => Ok(url),
        _ => Err(ConfigError::InsecureUrl {
            field,
            value: clip(text),
        }),
    }
}

/// A value quoted back in an error, cut to a readable length (a 5 MB clientId must not become a
/// 5 MB message on the screen).
fn clip(text: &str) -> String {
    const LIMIT: usize = 120;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// `localhost`, `*.localhost`, `127.x.x.x` and `[::1]`: names the browser keeps on this machine.
pub(crate) fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// True for the 8-4-4-4-12 hexadecimal GUID form Entra uses for ids.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Why `config.json` cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be fetched at all.
    #[error("config.json could not be loaded: {0}")]
    Unreachable(String),
    /// Not JSON, or a field of the wrong type, or an unknown field.
    #[error("config.json is not valid: {0}")]
    NotJson(String),
    /// `clientId` absent or empty.
    #[error("config.json has no clientId")]
    MissingClientId,
    /// `clientId` is not a GUID.
    #[error("clientId {0:?} is not an application (client) ID")]
    ClientIdNotGuid(String),
    /// A URL field does not parse.
    #[error("{field} {value:?} is not a URL: {reason}")]
    BadUrl {
        /// The field name.
        field: &'static str,
        /// What was written.
        value: String,
        /// The parser's complaint.
        reason: String,
    },
    /// A URL field is plain http to a non-loopback host.
    #[error("{field} {value:?} must use https")]
    InsecureUrl {
        /// The field name.
        field: &'static str,
        /// What was written.
        value: String,
    },
    /// `cloud` is not one of the presets.
    #[error("cloud {0:?} is not one of public, usgov, usgovhigh, usgovdod, china")]
    UnknownCloud(String),
    /// The authority has no tenant segment, or more than one path segment.
    #[error("authority {0:?} does not name a tenant")]
    AuthorityWithoutTenant(String),
    /// `common` or `consumers`: personal accounts cannot administer a tenant.
    #[error("authority {0:?} admits personal Microsoft accounts")]
    AuthorityNotOrganizational(String),
}

impl ConfigError {
    /// What the admin (or whoever hosts the page) should do.
    pub fn explain(&self) -> Explanation {
        let what = TextKey::ConfigJsonUnusable;
        let (why, fix): (Text, Text) = match self {
            ConfigError::Unreachable(_) => (
                TextKey::FileConfigJsonNextIndexHtml.into(),
                TextKey::PlaceConfigJsonBesideIndexHtml.into(),
            ),
            ConfigError::NotJson(_) => (
                TextKey::ConfigJsonNotValidJSONExpected.into(),
                TextKey::AllowedFieldsClientIdAuthorityRedirectUriCloud.into(),
            ),
            ConfigError::MissingClientId | ConfigError::ClientIdNotGuid(_) => (
                TextKey::ToolNeedsOwnAppRegistrationTenant.into(),
                TextKey::RegisterSinglePageApplicationEntraIDSee.into(),
            ),
            ConfigError::BadUrl { field, .. } | ConfigError::InsecureUrl { field, .. } => (
                Text::with(TextKey::FieldMustAbsoluteHttpsURL, [Arg::from(*field)]),
                Text::with(
                    TextKey::CorrectConfigJsonRemoveUseCloud,
                    [Arg::from(*field)],
                ),
            ),
            ConfigError::UnknownCloud(_) => (
                TextKey::CloudFieldPicksMicrosoftCloudHosts.into(),
                TextKey::UseOnePublicUsgovUsgovhighUsgovdod.into(),
            ),
            ConfigError::AuthorityWithoutTenant(_) => (
                TextKey::AuthorityMustSignInHostFollowedOne.into(),
                TextKey::WriteHttpsLoginMicrosoftonlineComTenant.into(),
            ),
            ConfigError::AuthorityNotOrganizational(_) => (
                TextKey::CommonConsumersEndpointsAdmitPersonalMicrosoft.into(),
                TextKey::UseHttpsLoginMicrosoftonlineComTenant.into(),
            ),
        };
        Explanation::new(what, why, fix).with_detail(self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &str = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    fn parse(json: &str) -> Result<Config, ConfigError> {
        Config::from_json(json)
    }

    #[test]
    fn minimal_config_defaults_to_the_public_cloud() {
        let config = parse(&format!(r#"{{"clientId":"{CLIENT}"}}"#)).unwrap();
        assert_eq!(config.cloud, Cloud::Public);
        assert_eq!(
            config.authority.url(),
            "https://login.microsoftonline.com/organizations"
        );
        assert_eq!(
            config.graph_base_url.as_str(),
            "https://graph.microsoft.com/"
        );
        assert_eq!(
            config.global_discovery_scope(),
            "https://globaldisco.crm.dynamics.com/user_impersonation"
        );
        assert_eq!(
            config.graph_scopes()[0],
            "https://graph.microsoft.com/User.Read"
        );
        assert_eq!(config.authority.tenant_guid(), None);
    }

    #[test]
    fn the_microsoft_sign_out_returns_to_the_page() {
        let config = parse(&format!(
            r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/contoso.onmicrosoft.com"}}"#
        ))
        .unwrap();
        let page = Url::parse("https://marketo-sync.contoso.com/?x=1#code=abc").unwrap();
        assert_eq!(
            config.authority.sign_out_url(&page).as_str(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fmarketo-sync.contoso.com%2F"
        );
    }

    #[test]
    fn sovereign_clouds_pick_their_hosts() {
        let high = parse(&format!(r#"{{"clientId":"{CLIENT}","cloud":"usgovhigh"}}"#)).unwrap();
        assert_eq!(
            high.authority.url(),
            "https://login.microsoftonline.us/organizations"
        );
        assert_eq!(
            high.graph_url("me").as_str(),
            "https://graph.microsoft.us/v1.0/me"
        );
        // F13: DoD is not GCC High — its own Graph and Global Discovery hosts.
        let dod = parse(&format!(r#"{{"clientId":"{CLIENT}","cloud":"usgovdod"}}"#)).unwrap();
        assert_eq!(
            dod.authority.url(),
            "https://login.microsoftonline.us/organizations"
        );
        assert_eq!(
            dod.graph_url("me").as_str(),
            "https://dod-graph.microsoft.us/v1.0/me"
        );
        assert_eq!(
            dod.global_discovery_scope(),
            "https://globaldisco.crm.appsplatform.us/user_impersonation"
        );
        assert_eq!(
            high.global_discovery_url.as_str(),
            "https://globaldisco.crm.microsoftdynamics.us/"
        );
        let gcc = parse(&format!(r#"{{"clientId":"{CLIENT}","cloud":"usgov"}}"#)).unwrap();
        assert_eq!(
            gcc.global_discovery_url.as_str(),
            "https://globaldisco.crm9.dynamics.com/"
        );
        let china = parse(&format!(r#"{{"clientId":"{CLIENT}","cloud":"china"}}"#)).unwrap();
        assert!(china
            .authority
            .url()
            .starts_with("https://login.chinacloudapi.cn/"));
    }

    #[test]
    fn emulator_config_on_loopback_http_is_accepted() {
        let config = parse(&format!(
            r#"{{"clientId":"{CLIENT}","authority":"http://login.localhost:8400/3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a",
                "graphBaseUrl":"http://graph.localhost:8400","globalDiscoveryUrl":"http://globaldisco.localhost:8400","cloud":"public"}}"#
        ))
        .unwrap();
        assert_eq!(
            config.authority.tenant_guid(),
            Some("3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a")
        );
        assert_eq!(
            config.authority.openid_configuration_url().as_str(),
            "http://login.localhost:8400/3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            config.graph_scopes()[1],
            "http://graph.localhost:8400/Application.ReadWrite.All"
        );
    }

    #[test]
    fn bad_configs_say_which_field_is_wrong() {
        assert!(parse("not json")
            .unwrap_err()
            .to_string()
            .starts_with("config.json is not valid"));
        assert_eq!(parse("{}").unwrap_err(), ConfigError::MissingClientId);
        assert_eq!(
            parse(r#"{"clientId":"abc"}"#).unwrap_err(),
            ConfigError::ClientIdNotGuid("abc".into())
        );
        assert!(matches!(
            parse(&format!(r#"{{"clientId":"{CLIENT}","cloud":"mars"}}"#)).unwrap_err(),
            ConfigError::UnknownCloud(c) if c == "mars"
        ));
        assert!(matches!(
            parse(&format!(r#"{{"clientId":"{CLIENT}","authority":"http://login.microsoftonline.com/contoso.com"}}"#)).unwrap_err(),
            ConfigError::InsecureUrl { field: "authority", .. }
        ));
        assert!(matches!(
            parse(&format!(r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/common"}}"#)).unwrap_err(),
            ConfigError::AuthorityNotOrganizational(_)
        ));
        assert!(matches!(
            parse(&format!(
                r#"{{"clientId":"{CLIENT}","authority":"https://login.microsoftonline.com/"}}"#
            ))
            .unwrap_err(),
            ConfigError::AuthorityWithoutTenant(_)
        ));
        assert!(matches!(
            parse(&format!(
                r#"{{"clientId":"{CLIENT}","authority":"login.microsoftonline.com/x"}}"#
            ))
            .unwrap_err(),
            ConfigError::BadUrl {
                field: "authority",
                ..
            }
        ));
        assert!(matches!(
            parse(&format!(r#"{{"clientId":"{CLIENT}","clientSecret":"x"}}"#)).unwrap_err(),
            ConfigError::NotJson(m) if m.contains("clientSecret")
        ));
    }

    #[test]
    fn keys_starting_with_two_slashes_are_comments_and_typos_are_still_refused() {
        let config = parse(&format!(
            r#"{{"//":"Sync Setup","clientId":"{CLIENT}","// cloud":"public, usgov…","// clientId":{{"nested":[1]}}}}"#
        ))
        .unwrap();
        assert_eq!(config.client_id, CLIENT);
        assert!(matches!(
            parse(&format!(r#"{{"clientId":"{CLIENT}","/ cloud":"usgov"}}"#)).unwrap_err(),
            ConfigError::NotJson(m) if m.contains("/ cloud")
        ));
        // Only `//` and `// <field>`: a comment on no field is a mistake too.
        assert!(matches!(
            parse(&format!(r#"{{"clientId":"{CLIENT}","// clientSecret":"x"}}"#)).unwrap_err(),
            ConfigError::NotJson(m) if m.contains("clientSecret")
        ));
        assert!(matches!(
            parse(&format!(r#"{{"clientID":"{CLIENT}"}}"#)).unwrap_err(),
            ConfigError::NotJson(m) if m.contains("clientID")
        ));
    }

    /// The release's `config.json.example` documents every field the parser takes and no other,
    /// and, once its placeholders are filled in, is a working configuration.
    #[test]
    fn the_release_example_documents_every_field_and_parses_once_filled_in() {
        let example = include_str!("../../../deploy/config.json.example");
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(example).expect("the example is JSON");
        let documented: Vec<&str> = object
            .keys()
            .filter_map(|k| k.strip_prefix("// "))
            .collect();
        for field in CONFIG_FIELDS {
            assert!(documented.contains(&field), "{field} is not documented");
        }
        for key in object.keys() {
            let field = key.strip_prefix("// ").unwrap_or(key);
            assert!(
                key == COMMENT_KEY_PREFIX || CONFIG_FIELDS.contains(&field),
                "{key} is not a config field"
            );
        }
        // As shipped, the placeholders are refused with the clientId explanation…
        assert!(matches!(
            parse(example).unwrap_err(),
            ConfigError::ClientIdNotGuid(_)
        ));
        // …and filled in, the example is a working configuration.
        let filled = example
            .replace("<Application (client) ID>", CLIENT)
            .replace(
                "<Directory (tenant) ID>",
                "0c4b1c7e-2f4f-4f4e-9a55-6f0c9c8d7e6f",
            );
        let config = parse(&filled).unwrap();
        assert_eq!(config.cloud, Cloud::Public);
        assert!(config
            .authority
            .url()
            .ends_with("/0c4b1c7e-2f4f-4f4e-9a55-6f0c9c8d7e6f"));
    }

    #[test]
    fn quoted_values_are_clipped() {
        let huge = "a".repeat(5_000_000);
        let error = parse(&format!(r#"{{"clientId":"{huge}"}}"#)).unwrap_err();
        let detail = error.explain().detail.unwrap();
        assert!(detail.len() < 300, "{} bytes", detail.len());
        assert!(detail.contains('…'));
    }

    #[test]
    fn every_config_error_explains_itself() {
        let error = parse("{}").unwrap_err().explain();
        assert!(error.fix.wire().contains("Application (client) ID"));
        assert_eq!(error.detail.as_deref(), Some("config.json has no clientId"));
    }

    #[test]
    fn redirect_uri_defaults_to_the_page_without_query_or_fragment() {
        let config = parse(&format!(r#"{{"clientId":"{CLIENT}"}}"#)).unwrap();
        let page = Url::parse("https://intranet.example/tools/sync/?x=1#code=abc").unwrap();
        assert_eq!(
            config.effective_redirect_uri(&page).as_str(),
            "https://intranet.example/tools/sync/"
        );
    }

    #[test]
    fn guid_check_is_strict() {
        assert!(is_guid(CLIENT));
        assert!(!is_guid("5a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d"));
        assert!(!is_guid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g"));
    }
}
