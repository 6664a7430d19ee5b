//! Signing the admin in: OAuth 2.0 authorization code flow with PKCE against Entra ID v2.
//!
//! The flow, as MSAL.js runs it for a redirect sign-in (entra-docs
//! `docs/identity-platform/v2-oauth2-auth-code-flow.md`, `v2-protocols-oidc.md`):
//! 1. [`discovery`] reads the authority's OpenID configuration (endpoints, issuer).
//! 2. [`authorize`] turns random bytes and the clock (passed in) into a [`authorize::PendingSignIn`]
//!    — state, nonce, PKCE verifier — kept by the browser across the redirect, and the authorize URL.
//! 3. [`callback`] reads the redirect back (code or error) and checks the state.
//! 4. [`token`] builds the code-redemption and refresh requests and parses Entra's answers.
//! 5. [`id_token`] checks the returned id_token's issuer, audience, tenant, nonce and lifetime.
//! 6. [`flow`] strings these together over an [`crate::http::HttpClient`].
//!
//! [`aadsts`] turns Entra's error codes into explanations an admin can act on.

pub mod aadsts;
pub mod authorize;
pub mod callback;
pub mod discovery;
pub mod flow;
pub mod id_token;
pub mod pkce;
pub mod token;

pub use flow::AuthError;
