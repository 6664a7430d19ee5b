//! Checking the id_token's claims before trusting who signed in.
//!
//! The id_token comes straight from the token endpoint over TLS in response to our own request,
//! so OpenID Connect Core §3.1.3.7 lets a client skip the signature check; what it must still check
//! is that the token was issued by the expected issuer, for this app, in answer to this sign-in
//! (nonce), for the expected tenant, and is within its lifetime. The admin is then identified by
//! `tid` + `oid`, never by the mutable `preferred_username` (entra-docs
//! `docs/identity-platform/id-token-claims-reference.md`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

use crate::secret::IdToken;

/// Allowed clock difference between the browser and Entra, in seconds.
pub(crate) const CLOCK_SKEW_SECS: u64 = 300;

/// The claims this tool uses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IdTokenClaims {
    /// Issuer.
    pub iss: String,
    /// Audience (our client id). Entra sends a string; the spec allows an array.
    #[serde(deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    /// Tenant id.
    pub tid: String,
    /// The user's object id (needs the `profile` scope).
    pub oid: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Sign-in name (display only).
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// Echo of our nonce.
    #[serde(default)]
    pub nonce: Option<String>,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// Not before.
    #[serde(default)]
    pub nbf: Option<u64>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// What the claims must match.
#[derive(Clone, Debug)]
pub struct Expected<'a> {
    /// The issuer template from discovery (may hold `{tenantid}`).
    pub issuer: &'a str,
    /// Our client id.
    pub client_id: &'a str,
    /// The nonce we sent.
    pub nonce: &'a str,
    /// The tenant the authority names, when it names a GUID.
    pub tenant_id: Option<&'a str>,
    /// Now, seconds since the epoch.
    pub now: u64,
}

/// Why an id_token was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenProblem {
    /// Not three base64url parts with a JSON payload holding the required claims.
    #[error("the id_token is not a readable JWT")]
    Malformed,
    /// `iss` differs.
    #[error("the id_token was issued by {found}, expected {expected}")]
    WrongIssuer {
        /// Found.
        found: String,
        /// Expected.
        expected: String,
    },
    /// `aud` is not our client id.
    #[error("the id_token is for application {found}, not this tool ({expected})")]
    WrongAudience {
        /// Found.
        found: String,
        /// Expected.
        expected: String,
    },
    /// `tid` differs from the configured tenant.
    #[error("the id_token is for tenant {found}, expected {expected}")]
    WrongTenant {
        /// Found.
        found: String,
        /// Expected.
        expected: String,
    },
    /// `nonce` missing or different: not an answer to this sign-in.
    #[error("the id_token's nonce does not match this sign-in")]
    NonceMismatch,
    /// Past `exp` (or before `nbf`).
    #[error("the id_token is outside its validity period")]
    Expired,
}

/// Decodes the payload without checking anything.
pub fn decode(token: &IdToken) -> Result<IdTokenClaims, IdTokenProblem> {
    let mut parts = token.secret().split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdTokenProblem::Malformed);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| IdTokenProblem::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| IdTokenProblem::Malformed)
}

/// Decodes and checks the claims.
pub fn validate(token: &IdToken, expected: &Expected<'_>) -> Result<IdTokenClaims, IdTokenProblem> {
    let claims = decode(token)?;
    let issuer = expected.issuer.replace("{tenantid}", &claims.tid);
    if claims.iss != issuer {
        return Err(IdTokenProblem::WrongIssuer {
            found: claims.iss,
            expected: issuer,
        });
    }
    if !claims.aud.iter().any(|a| a == expected.client_id) {
        return Err(IdTokenProblem::WrongAudience {
            found: claims.aud.join(", "),
            expected: expected.client_id.to_owned(),
        });
    }
    if let Some(tenant) = expected.tenant_id {
        if !claims.tid.eq_ignore_ascii_case(tenant) {
            return Err(IdTokenProblem::WrongTenant {
                found: claims.tid,
                expected: tenant.to_owned(),
            });
        }
    }
    if claims.nonce.as_deref() != Some(expected.nonce) {
        return Err(IdTokenProblem::NonceMismatch);
    }
    if expected.now > claims.exp + CLOCK_SKEW_SECS
        || claims
            .nbf
            .is_some_and(|nbf| expected.now + CLOCK_SKEW_SECS < nbf)
    {
        return Err(IdTokenProblem::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) const TID: &str = "3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a";
    pub(crate) const CLIENT: &str = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    /// An unsigned JWT with the given payload (the signature is not checked here).
    pub(crate) fn jwt(payload: serde_json::Value) -> IdToken {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#);
        let body = URL_SAFE_NO_PAD.encode(payload.to_string());
        IdToken::new(format!("{header}.{body}.c2lnbmF0dXJl"))
    }

    pub(crate) fn good_claims() -> serde_json::Value {
        json!({
            "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"), "aud": CLIENT, "tid": TID,
            "oid": "6e8a1f0c-2b3d-4c5e-8f70-91a2b3c4d5e6", "name": "Adele Vance",
            "preferred_username": "adele@contoso.onmicrosoft.com", "nonce": "n-1",
            "iat": 1_000, "nbf": 1_000, "exp": 4_600, "ver": "2.0"
        })
    }

    fn expected(now: u64) -> Expected<'static> {
        Expected {
            issuer: "https://login.microsoftonline.com/{tenantid}/v2.0",
            client_id: CLIENT,
            nonce: "n-1",
            tenant_id: Some(TID),
            now,
        }
    }

    fn with(key: &str, value: serde_json::Value) -> IdToken {
        let mut claims = good_claims();
        claims[key] = value;
        jwt(claims)
    }

    #[test]
    fn accepts_a_good_token() {
        let claims = validate(&jwt(good_claims()), &expected(2_000)).unwrap();
        assert_eq!(claims.name.as_deref(), Some("Adele Vance"));
        assert_eq!(claims.tid, TID);
    }

    #[test]
    fn refuses_wrong_issuer_audience_tenant_nonce_and_expiry() {
        assert!(matches!(
            validate(
                &with("iss", json!("https://evil.example/v2.0")),
                &expected(2_000)
            ),
            Err(IdTokenProblem::WrongIssuer { .. })
        ));
        assert!(matches!(
            validate(&with("aud", json!("another-app")), &expected(2_000)),
            Err(IdTokenProblem::WrongAudience { .. })
        ));
        let other_tenant = "00000000-0000-0000-0000-000000000001";
        let mut claims = good_claims();
        claims["tid"] = json!(other_tenant);
        claims["iss"] = json!(format!(
            "https://login.microsoftonline.com/{other_tenant}/v2.0"
        ));
        assert!(matches!(
            validate(&jwt(claims), &expected(2_000)),
            Err(IdTokenProblem::WrongTenant { .. })
        ));
        assert_eq!(
            validate(&with("nonce", json!("replayed")), &expected(2_000)),
            Err(IdTokenProblem::NonceMismatch)
        );
        assert_eq!(
            validate(
                &with("exp", json!(1_500)),
                &expected(1_500 + CLOCK_SKEW_SECS + 1)
            ),
            Err(IdTokenProblem::Expired)
        );
        assert_eq!(
            validate(&jwt(good_claims()), &expected(100)),
            Err(IdTokenProblem::Expired),
            "before nbf minus skew"
        );
    }

    #[test]
    fn tolerates_clock_skew_and_audience_arrays() {
        assert!(validate(
            &with("exp", json!(1_500)),
            &expected(1_500 + CLOCK_SKEW_SECS)
        )
        .is_ok());
        assert!(validate(&with("aud", json!(["x", CLIENT])), &expected(2_000)).is_ok());
    }

    #[test]
    fn refuses_garbage() {
        assert_eq!(
            decode(&IdToken::new("not-a-jwt")),
            Err(IdTokenProblem::Malformed)
        );
        assert_eq!(
            decode(&IdToken::new("a.%%%.c")),
            Err(IdTokenProblem::Malformed)
        );
        let no_oid = URL_SAFE_NO_PAD.encode(br#"{"iss":"x","aud":"y","tid":"z","exp":1}"#);
        assert_eq!(
            decode(&IdToken::new(format!("h.{no_oid}.s"))),
            Err(IdTokenProblem::Malformed)
        );
    }
}
