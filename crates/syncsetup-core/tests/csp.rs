//! Tidy test: the Content-Security-Policy shipped in `index.html` lets `fetch` reach exactly the
//! Microsoft endpoints of the supported clouds — every host of every [`Cloud`] preset, and no
//! other host (no loopback, no plain http, no scheme-only or bare `*` source).
//!
//! The policy is a `<meta>` in the static page, so nothing can fill it in per deployment; it
//! therefore names all clouds, and this test keeps it in step with `config::Cloud`. The emulator
//! swaps `connect-src` for its own origins when it serves the page
//! (`crates/syncsetup-emulator/src/static_files.rs`), which its route tests check.

use syncsetup_core::config::Cloud;
use url::Url;

const INDEX_HTML: &str = include_str!("../../../index.html");

/// The `content` of the page's CSP `<meta>`.
fn policy() -> &'static str {
    let marker = r#"http-equiv="Content-Security-Policy" content=""#;
    let start = INDEX_HTML
        .find(marker)
        .expect("index.html has a CSP <meta>")
        + marker.len();
    let length = INDEX_HTML[start..]
        .find('"')
        .expect("the content attribute ends");
    &INDEX_HTML[start..start + length]
}

/// The source list of `directive`.
fn sources(directive: &str) -> Vec<&'static str> {
    let found = policy()
        .split(';')
        .map(str::split_whitespace)
        .find_map(|mut words| (words.next() == Some(directive)).then(|| words.collect()));
    found.unwrap_or_else(|| panic!("the policy has no {directive}: {}", policy()))
}

/// Whether a host-source such as `https://*.dynamics.com` allows `url` (CSP Level 3 §6.7.2.8:
/// the scheme must match, `*.` matches one or more labels but not the bare domain, no port
/// means the scheme's default).
fn allows(source: &str, url: &Url) -> bool {
    let Some((scheme, host)) = source.split_once("://") else {
        return false;
    };
    let target = url.host_str().unwrap_or_default();
    let host_ok = match host.strip_prefix("*.") {
        Some(domain) => target
            .strip_suffix(domain)
            .is_some_and(|rest| rest.len() > 1 && rest.ends_with('.')),
        None => target.eq_ignore_ascii_case(host),
    };
    scheme == url.scheme() && host_ok && url.port().is_none()
}

/// Every endpoint the page may call in any cloud: Entra ID, Graph, Global Discovery, and a
/// Dataverse environment's app and Web API hosts in a few regions of each Dataverse domain.
fn endpoints() -> Vec<Url> {
    let mut urls = Vec::new();
    for cloud in Cloud::ALL {
        for base in [
            cloud.login_base(),
            cloud.graph_base(),
            cloud.global_discovery_base(),
        ] {
            urls.push(Url::parse(base).unwrap());
        }
        for domain in cloud.dataverse_domains() {
            for host in [
                "contoso.crm",
                "contoso.crm4",
                "contoso.crm9",
                "contoso.api.crm",
            ] {
                urls.push(Url::parse(&format!("https://{host}.{domain}")).unwrap());
            }
        }
    }
    urls
}

#[test]
fn the_matcher_follows_csp_host_source_rules() {
    let url = |s| Url::parse(s).unwrap();
    assert!(allows(
        "https://*.dynamics.com",
        &url("https://contoso.api.crm4.dynamics.com")
    ));
    assert!(!allows(
        "https://*.dynamics.com",
        &url("https://dynamics.com")
    ));
    assert!(!allows(
        "https://*.dynamics.com",
        &url("http://contoso.crm.dynamics.com")
    ));
    assert!(!allows(
        "https://*.dynamics.com",
        &url("https://contoso.crm.dynamics.com.evil.example")
    ));
    assert!(!allows(
        "https://graph.microsoft.com",
        &url("https://graph.microsoft.com:8443")
    ));
    assert!(allows(
        "https://graph.microsoft.com",
        &url("https://graph.microsoft.com/v1.0/me")
    ));
    assert!(!allows("'self'", &url("https://graph.microsoft.com")));
}

#[test]
fn connect_src_reaches_every_endpoint_of_every_cloud_preset() {
    let connect = sources("connect-src");
    let missing: Vec<String> = endpoints()
        .into_iter()
        .filter(|url| !connect.iter().any(|s| allows(s, url)))
        .map(String::from)
        .collect();
    assert!(
        missing.is_empty(),
        "connect-src does not allow {missing:?}: {connect:?}"
    );
}

#[test]
fn connect_src_allows_nothing_but_this_origin_and_those_endpoints() {
    let connect = sources("connect-src");
    assert!(
        connect.contains(&"'self'"),
        "config.json comes from the page's own origin"
    );
    let endpoints = endpoints();
    for source in connect.iter().filter(|s| **s != "'self'") {
        assert!(
            source.starts_with("https://"),
            "{source}: only https hosts may be listed (no plain http, no scheme-only source)"
        );
        assert!(
            !["localhost", "127.0.0.1", "[::1]"]
                .iter()
                .any(|l| source.contains(l)),
            "{source}: the shipped page must not reach loopback (the emulator rewrites its copy)"
        );
        assert!(
            endpoints.iter().any(|url| allows(source, url)),
            "{source} is no endpoint of any cloud preset"
        );
    }
    // default-src covers every fetch directive connect-src does not: it must stay this origin.
    assert_eq!(sources("default-src"), ["'self'"]);
}
