//! `spawn()` on real sockets: single-port `Host` routing, per-host ports, TLS, and stop.

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::{spawn, Options};

/// A raw HTTP/1.1 GET over TCP; returns the whole response text.
async fn raw_get(addr: std::net::SocketAddr, host: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn single_port_routes_by_host_and_stops() {
    let running = spawn(Options::default()).await.unwrap();
    let (_, addr) = running.addrs[0];
    assert!(running.hosts.login.starts_with("http://login.localhost:"));
    assert!(running.hosts.login.ends_with(&format!(":{}", addr.port())));
    let host = format!("login.localhost:{}", addr.port());
    let res = raw_get(
        addr,
        &host,
        "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
    )
    .await;
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    assert!(res.contains(&format!("\"issuer\":\"{}/", running.hosts.login)));
    let res = raw_get(
        addr,
        &format!("app.localhost:{}", addr.port()),
        "/config.json",
    )
    .await;
    assert!(
        res.contains("\"clientId\":\"5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\""),
        "{res}"
    );
    running.stop().await;
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "stopped servers refuse connections"
    );
}

#[tokio::test]
async fn per_host_ports_give_each_host_its_own_origin() {
    let running = spawn(Options {
        per_host_ports: true,
        ..Options::default()
    })
    .await
    .unwrap();
    // app, login, graph, globaldisco, and the demo's one Dataverse environment.
    assert_eq!(running.addrs.len(), 5);
    let login = running.addrs.iter().find(|(n, _)| *n == "login").unwrap().1;
    assert_eq!(
        running.hosts.login,
        format!("http://127.0.0.1:{}", login.port())
    );
    let res = raw_get(
        login,
        &format!("127.0.0.1:{}", login.port()),
        "/organizations/v2.0/.well-known/openid-configuration",
    )
    .await;
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    let graph = running.addrs.iter().find(|(n, _)| *n == "graph").unwrap().1;
    let res = raw_get(graph, &format!("127.0.0.1:{}", graph.port()), "/v1.0/me").await;
    assert!(res.starts_with("HTTP/1.1 401"), "{res}");
    let crm = running.addrs.iter().find(|(n, _)| *n == "crm").unwrap().1;
    assert_eq!(
        running.hosts.crm_org("contoso").unwrap(),
        format!("http://127.0.0.1:{}", crm.port())
    );
    let res = raw_get(
        crm,
        &format!("127.0.0.1:{}", crm.port()),
        "/api/data/v9.2/WhoAmI",
    )
    .await;
    assert!(res.starts_with("HTTP/1.1 401"), "{res}");
    assert!(
        res.to_ascii_lowercase()
            .contains("www-authenticate: bearer"),
        "{res}"
    );
    running.stop().await;
}

#[tokio::test]
async fn tls_mode_serves_https_urls_and_hands_out_a_ca() {
    let running = spawn(Options {
        tls: true,
        per_host_ports: true,
        ..Options::default()
    })
    .await
    .unwrap();
    assert!(running.hosts.login.starts_with("https://127.0.0.1:"));
    let ca = running.ca_pem.clone().unwrap();
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"));

    // A real TLS handshake that trusts only the generated CA.
    let mut roots = rustls::RootCertStore::empty();
    let der = pem_to_der(&ca);
    roots
        .add(rustls::pki_types::CertificateDer::from(der))
        .unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
    let login = running.addrs.iter().find(|(n, _)| *n == "login").unwrap().1;
    let tcp = TcpStream::connect(login).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let mut tls = connector
        .connect(name, tcp)
        .await
        .expect("handshake with the generated CA");
    let request = format!(
        "GET /organizations/discovery/v2.0/keys HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        login.port()
    );
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    let _ = tls.read_to_string(&mut response).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"kty\":\"RSA\""));
    running.stop().await;
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    use base64::Engine as _;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}
