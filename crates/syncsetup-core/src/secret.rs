//! Newtypes for values that grant access: tokens, authorization codes, PKCE verifiers.
//!
//! They exist so that a stray `{:?}` in a log line, a panic message or an error report can never
//! print a credential (the `oauth2` crate's `SecretType` pattern). None of them implements `Display`;
//! the raw text is reachable only through an explicit `.secret()` call, which is easy to audit.
//! Tokens are `Serialize` because the browser keeps them in sessionStorage, as MSAL.js does; the
//! Marketo client secret (a later type) deliberately is not.

use serde::{Deserialize, Serialize};

macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps the raw text.
            pub fn new(raw: impl Into<String>) -> Self {
                Self(raw.into())
            }

            /// The raw text. Call sites are the audit trail of where this secret flows.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_type!(
    /// An OAuth 2.0 access token (a bearer credential for one resource).
    AccessToken
);
secret_type!(
    /// An OAuth 2.0 refresh token; for a single-page app it lives 24 hours, not sliding.
    RefreshToken
);
secret_type!(
    /// The single-use authorization code returned on the redirect.
    AuthorizationCode
);
secret_type!(
    /// The OpenID Connect id_token (a JWT about the signed-in user).
    IdToken
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_secret() {
        let token = AccessToken::new("eyJ0eXAiOiJKV1Qi.very-secret");
        let shown = format!("{token:?} {:?}", RefreshToken::new("rt-secret"));
        assert_eq!(shown, "AccessToken([redacted]) RefreshToken([redacted])");
        assert_eq!(token.secret(), "eyJ0eXAiOiJKV1Qi.very-secret");
    }

    #[test]
    fn serializes_as_a_plain_string_for_session_storage() {
        let json = serde_json::to_string(&RefreshToken::new("abc")).unwrap();
        assert_eq!(json, "\"abc\"");
        let back: RefreshToken = serde_json::from_str(&json).unwrap();
        assert_eq!(back.secret(), "abc");
    }
}
