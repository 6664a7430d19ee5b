//! Entra ID's AADSTS error codes, read from error texts and explained to the admin.
//!
//! Microsoft warns that texts and even numbers may change, so the OAuth `error` value drives logic
//! and the AADSTS number only picks the explanation (entra-docs
//! `docs/identity-platform/reference-error-codes.md`). Unknown codes still get a generic
//! explanation that keeps the code and Entra's own words for support.

use crate::explain::Explanation;

/// Finds the first `AADSTSnnnn` number in a text.
pub(crate) fn aadsts_code(text: &str) -> Option<u32> {
    let start = text.find("AADSTS")? + "AADSTS".len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Explains an Entra refusal, given its OAuth error, AADSTS code and description.
pub fn explain(error: &str, code: Option<u32>, description: &str) -> Explanation {
    let (what, why, fix): (&str, &str, &str) = match code {
        Some(65004) => (
            "Sign-in was cancelled.",
            "The sign-in page was closed with Cancel, or the permissions the tool asks for were declined.",
            "Sign in again and accept the requested permissions; they are needed to read and configure your tenant.",
        ),
        Some(50011) => (
            "The sign-in address of this page is not registered.",
            "Entra ID only returns to redirect URIs registered on the tool's app registration, character for character.",
            "Add this page's exact URL as a redirect URI of type Single-page application on the tool's app registration.",
        ),
        Some(50194) => (
            "The app registration is single-tenant but the sign-in used a shared endpoint.",
            "Single-tenant applications must sign in through their own tenant's authority.",
            "Set authority in config.json to https://login.microsoftonline.com/<your tenant ID>.",
        ),
        Some(65001) => (
            "Consent is missing for the permissions this tool needs.",
            "Nobody has consented to the tool's delegated permissions in this tenant yet.",
            "Sign in again as an administrator and grant consent for your organisation.",
        ),
        Some(90094) | Some(90095) => (
            "An administrator must approve this tool first.",
            "The tool asks for permissions that only an administrator can grant for the organisation.",
            "Sign in with a Global Administrator, Privileged Role Administrator or Cloud Application Administrator account.",
        ),
        Some(650056) | Some(650057) | Some(65005) => (
            "The tool's app registration lacks a permission it asks for.",
            "Each permission requested at sign-in must be listed under the app registration's API permissions.",
            "Add the delegated permissions listed in the README to the tool's app registration, then sign in again.",
        ),
        Some(700016) | Some(700011) => (
            "The tool's app registration was not found in this tenant.",
            "The clientId in config.json does not exist in the tenant you signed in to.",
            "Check clientId and authority in config.json against the app registration's Overview page.",
        ),
        Some(9002326) | Some(7000218) => (
            "The tool's redirect URI is registered as the wrong platform.",
            "Browsers can only redeem sign-in codes for redirect URIs of type Single-page application; this one is registered as Web.",
            "In the app registration's Authentication page, move this URL from Web to Single-page application.",
        ),
        Some(9002327) => (
            "The sign-in code was redeemed outside a browser.",
            "Codes issued to single-page applications may only be redeemed by cross-origin browser requests.",
            "Open the tool in a browser; if this persists, report it.",
        ),
        Some(700025) => (
            "The tool sent a client secret it must not have.",
            "The tool is a public client; Entra refuses secrets from it.",
            "Remove any secret from the tool's configuration and report this as a bug.",
        ),
        Some(700084) => (
            "Your sign-in session has ended.",
            "Browser sessions get refresh tokens that live 24 hours and are not extended.",
            "Sign in again; nothing already done in your tenant is lost.",
        ),
        Some(54005) | Some(70008) => (
            "The sign-in code was already used or has expired.",
            "Codes are single-use and live ten minutes; a reload or a second tab may have used it.",
            "Sign in again.",
        ),
        Some(700054) | Some(90014) | Some(900144) => (
            "Entra ID refused the tool's sign-in request.",
            "The request lacked a field Entra ID requires, or asked for a response the app registration does not allow; this is a fault in the tool, not in your tenant.",
            "Report this as a bug in the tool, with the details below.",
        ),
        Some(700022) => (
            "A token was requested for more than one service at once.",
            "Each access token is issued for a single resource.",
            "Report this as a bug in the tool.",
        ),
        Some(500011) => (
            "A Microsoft service this tool needs is not provisioned in your tenant.",
            "Dynamics 365 (Dataverse) has no service principal in this tenant.",
            "Make sure the tenant has a Dynamics 365 or Power Platform environment, then sign in again.",
        ),
        Some(50076) | Some(50079) | Some(50074) => (
            "Multi-factor authentication is required.",
            "Your organisation requires a second factor for this sign-in.",
            "Sign in again and complete the multi-factor prompt.",
        ),
        Some(53003) | Some(530035) => (
            "Sign-in was blocked by a Conditional Access policy.",
            "A Conditional Access or security-defaults policy does not allow this sign-in from here.",
            "Ask your identity administrator which policy applies, or sign in from a compliant device.",
        ),
        Some(50126) => (
            "The user name or password is wrong.",
            "Entra ID did not accept the credentials.",
            "Check the credentials and try again.",
        ),
        _ => match error {
            "access_denied" => (
                "Sign-in was cancelled or refused.",
                "The sign-in did not complete, so the tool has no access to your tenant.",
                "Sign in again.",
            ),
            "temporarily_unavailable" | "server_error" => (
                "Entra ID is temporarily unavailable.",
                "The sign-in service reported a transient error.",
                "Wait a minute and sign in again.",
            ),
            "interaction_required" | "login_required" | "consent_required" => (
                "Entra ID needs you to sign in interactively.",
                "A silent token request cannot continue without you.",
                "Sign in again.",
            ),
            "invalid_grant" => (
                "Your sign-in is no longer valid.",
                "The code or refresh token was refused.",
                "Sign in again.",
            ),
            _ => (
                "Entra ID refused the sign-in.",
                "Entra ID returned an error this tool does not recognise.",
                "Sign in again; if it persists, give the details below to your identity administrator.",
            ),
        },
    };
    let code_text = code.map(|c| format!("AADSTS{c} ")).unwrap_or_default();
    let first_line = description.lines().next().unwrap_or_default();
    Explanation::new(what, why, fix).with_detail(
        format!("{code_text}({error}) {first_line}")
            .trim()
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_code_in_a_description() {
        assert_eq!(
            aadsts_code("AADSTS50011: The redirect URI 'x' does not match"),
            Some(50011)
        );
        assert_eq!(
            aadsts_code("Error: AADSTS9002326: Cross-origin"),
            Some(9002326)
        );
        assert_eq!(aadsts_code("no code here"), None);
        assert_eq!(aadsts_code("AADSTS"), None);
    }

    #[test]
    fn known_codes_get_specific_fixes() {
        let e = explain(
            "invalid_request",
            Some(9002326),
            "AADSTS9002326: Cross-origin token redemption…",
        );
        assert!(e.fix.wire().contains("Single-page application"));
        assert_eq!(
            e.detail.as_deref(),
            Some("AADSTS9002326 (invalid_request) AADSTS9002326: Cross-origin token redemption…")
        );
        assert!(explain("invalid_grant", Some(700084), "")
            .what
            .wire()
            .contains("session has ended"));
        assert!(explain("access_denied", Some(65004), "")
            .what
            .wire()
            .contains("cancelled"));
    }

    #[test]
    fn unknown_codes_fall_back_on_the_oauth_error() {
        let e = explain(
            "temporarily_unavailable",
            Some(1),
            "AADSTS1: something\r\nTrace ID: x",
        );
        assert!(e.fix.wire().contains("Wait a minute"));
        assert_eq!(
            e.detail.as_deref(),
            Some("AADSTS1 (temporarily_unavailable) AADSTS1: something")
        );
        assert!(explain("weird", None, "").what.wire().contains("refused"));
    }
}
