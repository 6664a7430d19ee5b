//! RS256 JSON Web Tokens: signing the access and id tokens the emulated Entra issues, verifying
//! them where the emulated Graph accepts them, and publishing the key as a JWKS. The key is a fixed
//! RSA-2048 test key committed with the crate (`test-signing-key.pem`): it is public test
//! material, never a secret, and being fixed it makes tokens reproducible and avoids slow RSA key
//! generation in debug builds. `kid` is the RFC 7638 thumbprint of the public key.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{self, KeyPair as _, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{json, Value};

/// PEM (PKCS#8) of the fixed signing key. PUBLIC TEST MATERIAL: it signs only emulator tokens.
const TEST_KEY_PEM: &str = include_str!("test-signing-key.pem");

/// Why a token was not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VerifyError {
    /// Not three base64url parts with JSON header and payload.
    #[error("the token is not a well-formed JWT")]
    Malformed,
    /// `alg` is not RS256 or `kid` is not ours.
    #[error("the token was not signed by this emulator's key (alg/kid)")]
    UnknownKey,
    /// The signature does not verify.
    #[error("the token signature is invalid")]
    BadSignature,
}

/// The emulator's signing key.
pub struct Signer {
    key_pair: RsaKeyPair,
    public: RsaPublicKeyComponents<Vec<u8>>,
    kid: String,
    rng: SystemRandom,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("kid", &self.kid).finish()
    }
}

impl Signer {
    /// Loads the fixed test key.
    pub fn test_key() -> Self {
        let der = pem_body(TEST_KEY_PEM);
        let key_pair =
            RsaKeyPair::from_pkcs8(&der).expect("the committed test key is valid PKCS#8");
        let public: RsaPublicKeyComponents<Vec<u8>> = key_pair.public_key().into();
        // RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
        let thumbprint_input = format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            URL_SAFE_NO_PAD.encode(&public.e),
            URL_SAFE_NO_PAD.encode(&public.n)
        );
        let digest = ring::digest::digest(&ring::digest::SHA256, thumbprint_input.as_bytes());
        let kid = URL_SAFE_NO_PAD.encode(digest.as_ref());
        Signer {
            key_pair,
            public,
            kid,
            rng: SystemRandom::new(),
        }
    }

    /// The key id put in every token header and in the JWKS.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The JWKS document (`{"keys":[…]}`) as Entra's `/discovery/v2.0/keys` serves it.
    pub fn jwks(&self, issuer: &str) -> Value {
        json!({
            "keys": [{
                "kty": "RSA",
                "use": "sig",
                "kid": self.kid,
                "n": URL_SAFE_NO_PAD.encode(&self.public.n),
                "e": URL_SAFE_NO_PAD.encode(&self.public.e),
                "issuer": issuer,
            }]
        })
    }

    /// Signs `claims` as a compact RS256 JWT with `typ`, `alg` and `kid` headers.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({"typ": "JWT", "alg": "RS256", "kid": self.kid});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut sig = vec![0u8; self.key_pair.public().modulus_len()];
        self.key_pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &self.rng,
                signing_input.as_bytes(),
                &mut sig,
            )
            .expect("RSA signing with a valid key does not fail");
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    /// Verifies the signature of a token signed by [`Signer::sign`] and returns its claims.
    /// Time and audience checks are the caller's business (they depend on the emulator clock
    /// and on the resource).
    pub fn verify(&self, token: &str) -> Result<Value, VerifyError> {
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(VerifyError::Malformed);
        };
        let decode_json = |part: &str| -> Result<Value, VerifyError> {
            let bytes = URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| VerifyError::Malformed)?;
            serde_json::from_slice(&bytes).map_err(|_| VerifyError::Malformed)
        };
        let header = decode_json(h)?;
        let claims = decode_json(p)?;
        let signature = URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| VerifyError::Malformed)?;
        if header["alg"] != "RS256" || header["kid"] != self.kid.as_str() {
            return Err(VerifyError::UnknownKey);
        }
        let signing_input = &token[..h.len() + 1 + p.len()];
        self.public
            .verify(
                &signature::RSA_PKCS1_2048_8192_SHA256,
                signing_input.as_bytes(),
                &signature,
            )
            .map_err(|_| VerifyError::BadSignature)?;
        Ok(claims)
    }
}

/// Decodes the base64 body of a single-object PEM file.
fn pem_body(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    STANDARD
        .decode(body)
        .expect("the committed PEM is valid base64")
}

/// Decodes the payload of a compact JWT without verifying it (for tests and diagnostics).
pub fn decode_unverified(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}
