//! Optional HTTPS. MSAL Python (and any careful client) refuses an authority that is not `https`,
//! so `--tls` generates, at start, a throw-away local CA and a server certificate signed by it for
//! `localhost`, `*.localhost`, the emulated host names and `127.0.0.1`. The CA's PEM is handed to
//! the caller (`--ca-out`), who trusts it explicitly; nothing is installed system-wide. A separate
//! CA (rather than one self-signed leaf) keeps strict verifiers happy, since they reject a leaf
//! that claims to be its own CA. Handshakes run in their own tasks so one slow or idle client
//! (browsers open speculative connections) never blocks accepting the next.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::clock::civil;

/// Names the server certificate is valid for.
const SERVER_NAMES: &[&str] = &[
    "localhost",
    "*.localhost",
    "app.localhost",
    "login.localhost",
    "graph.localhost",
    "globaldisco.localhost",
    "*.crm.localhost",
    "127.0.0.1",
];

/// A generated CA and the server configuration using a certificate it signed.
pub struct TlsSetup {
    /// PEM of the CA certificate, for the client's trust store.
    pub ca_pem: String,
    config: Arc<rustls::ServerConfig>,
}

impl TlsSetup {
    /// A TLS acceptor using the generated certificate.
    pub fn acceptor(&self) -> TlsAcceptor {
        TlsAcceptor::from(self.config.clone())
    }
}

/// Why TLS setup failed.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// Certificate generation failed.
    #[error("certificate generation: {0}")]
    Rcgen(#[from] rcgen::Error),
    /// The server configuration was refused.
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
}

/// Generates a CA and a server certificate valid from yesterday for 90 days.
pub fn generate() -> Result<TlsSetup, TlsError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let date = |unix: i64| {
        let (y, m, d, ..) = civil(unix);
        rcgen::date_time_ymd(y as i32, m as u8, d as u8)
    };
    let (not_before, not_after) = (date(now - 86_400), date(now + 90 * 86_400));

    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.distinguished_name.push(
        DnType::CommonName,
        "syncsetup-emulator local CA (throw-away)",
    );
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params.not_before = not_before;
    ca_params.not_after = not_after;
    let ca_cert = ca_params.self_signed(&ca_key)?;

    let leaf_key = KeyPair::generate()?;
    let mut leaf_params = CertificateParams::new(
        SERVER_NAMES
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    )?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "syncsetup-emulator");
    leaf_params.is_ca = IsCa::ExplicitNoCa;
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.not_before = not_before;
    leaf_params.not_after = not_after;
    let leaf_cert = leaf_params.signed_by(&leaf_key, &ca_cert, &ca_key)?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![leaf_cert.der().clone(), ca_cert.der().clone()], key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsSetup {
        ca_pem: ca_cert.pem(),
        config: Arc::new(config),
    })
}

/// A listener that yields TLS streams whose handshake has completed, for `axum::serve`.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local_addr: SocketAddr,
}

impl TlsListener {
    /// Starts accepting on `tcp`; each handshake runs in its own task (10 s limit).
    pub fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> Self {
        let local_addr = tcp
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        let (tx, ready) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    // The server dropped the listener: stop accepting.
                    _ = tx.closed() => break,
                    accepted = tcp.accept() => match accepted {
                        Ok((stream, addr)) => {
                            let (tx, acceptor) = (tx.clone(), acceptor.clone());
                            tokio::spawn(async move {
                                let handshake = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream));
                                if let Ok(Ok(tls)) = handshake.await {
                                    let _ = tx.send((tls, addr)).await;
                                }
                            });
                        }
                        // Out of file descriptors and the like: back off instead of spinning.
                        Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                    },
                }
            }
        });
        TlsListener { ready, local_addr }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            // The accept loop has ended; there will be no more connections.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}
