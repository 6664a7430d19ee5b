//! Entra ID's AADSTS error codes, read from error texts and explained to the admin.
//!
//! Microsoft warns that texts and even numbers may change, so the OAuth `error` value drives logic
//! and the AADSTS number only picks the explanation (entra-docs
//! `docs/identity-platform/reference-error-codes.md`). Unknown codes still get a generic
//! explanation that keeps the code and Entra's own words for support.

use crate::explain::Explanation;
use crate::i18n::TextKey;

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
    let (what, why, fix): (TextKey, TextKey, TextKey) = match code {
        Some(65004) => (
            TextKey::SignInCancelled,
            TextKey::SignInPageClosedCancelPermissionsTool,
            TextKey::SignAgainAcceptRequestedPermissionsThey,
        ),
        Some(50011) => (
            TextKey::SignInAddressPageNotRegistered,
            TextKey::EntraIDOnlyReturnsRedirectURIs,
            TextKey::AddPageExactURLRedirectURI,
        ),
        Some(50194) => (
            TextKey::AppRegistrationSingleTenantButSignInUsed,
            TextKey::SingleTenantApplicationsMustSignThroughTheir,
            TextKey::SetAuthorityConfigJsonHttpsLogin,
        ),
        Some(65001) => (
            TextKey::ConsentMissingPermissionsToolNeeds,
            TextKey::NobodyHasConsentedToolDelegatedPermissions,
            TextKey::SignAgainAdministratorGrantConsentOrganisation,
        ),
        Some(90094) | Some(90095) => (
            TextKey::AdministratorMustApproveToolFirst,
            TextKey::ToolAsksPermissionsOnlyAdministratorCan,
            TextKey::SignGlobalAdministratorPrivilegedRoleAdministrator,
        ),
        Some(650056) | Some(650057) | Some(65005) => (
            TextKey::ToolAppRegistrationLacksPermissionAsks,
            TextKey::EachPermissionRequestedSignInMustListed,
            TextKey::AddDelegatedPermissionsListedREADMETool,
        ),
        Some(700016) | Some(700011) => (
            TextKey::ToolAppRegistrationNotFoundTenant,
            TextKey::ClientIdConfigJsonDoesNotExist,
            TextKey::CheckClientIdAuthorityConfigJsonAgainst,
        ),
        Some(9002326) | Some(7000218) => (
            TextKey::ToolRedirectURIRegisteredWrongPlatform,
            TextKey::BrowsersCanOnlyRedeemSignInCodes,
            TextKey::AppRegistrationAuthenticationPageMoveURL,
        ),
        Some(9002327) => (
            TextKey::SignInCodeRedeemedOutsideBrowser,
            TextKey::CodesIssuedSinglePageApplicationsMayOnly,
            TextKey::OpenToolBrowserIfPersistsReport,
        ),
        Some(700025) => (
            TextKey::ToolSentClientSecretMustNot,
            TextKey::ToolPublicClientEntraRefusesSecrets,
            TextKey::RemoveAnySecretToolConfigurationReport,
        ),
        Some(700084) => (
            TextKey::SignInSessionHasEnded,
            TextKey::BrowserSessionsGetRefreshTokensLive,
            TextKey::SignAgainNothingAlreadyDoneTenant,
        ),
        Some(54005) | Some(70008) => (
            TextKey::SignInCodeAlreadyUsedHasExpired,
            TextKey::CodesSingleUseLiveTenMinutesReload,
            TextKey::SignInAgainFix,
        ),
        Some(700054) | Some(90014) | Some(900144) => (
            TextKey::EntraIDRefusedToolSignInRequest,
            TextKey::RequestLackedFieldEntraIDRequires,
            TextKey::ReportBugToolDetailsBelow,
        ),
        Some(700022) => (
            TextKey::TokenRequestedMoreThanOneService,
            TextKey::EachAccessTokenIssuedSingleResource,
            TextKey::ReportBugTool,
        ),
        Some(500011) => (
            TextKey::MicrosoftServiceToolNeedsNotProvisioned,
            TextKey::Dynamics365DataverseHasNoService,
            TextKey::MakeSureTenantHasDynamics365,
        ),
        Some(50076) | Some(50079) | Some(50074) => (
            TextKey::MultiFactorAuthenticationRequired,
            TextKey::OrganisationRequiresSecondFactorSignIn,
            TextKey::SignAgainCompleteMultiFactorPrompt,
        ),
        Some(53003) | Some(530035) => (
            TextKey::SignInBlockedConditionalAccessPolicy,
            TextKey::ConditionalAccessSecurityDefaultsPolicyDoesNot,
            TextKey::AskIdentityAdministratorWhichPolicyApplies,
        ),
        Some(50126) => (
            TextKey::UserNamePasswordWrong,
            TextKey::EntraIDDidNotAcceptCredentials,
            TextKey::CheckCredentialsTryAgain,
        ),
        _ => match error {
            "access_denied" => (
                TextKey::SignInCancelledRefused,
                TextKey::SignInDidNotCompleteSoTool,
                TextKey::SignInAgainFix,
            ),
            "temporarily_unavailable" | "server_error" => (
                TextKey::EntraIDTemporarilyUnavailable,
                TextKey::SignInServiceReportedTransientError,
                TextKey::WaitMinuteSignAgain,
            ),
            "interaction_required" | "login_required" | "consent_required" => (
                TextKey::EntraIDNeedsSignInteractively,
                TextKey::SilentTokenRequestCannotContinueWithout,
                TextKey::SignInAgainFix,
            ),
            "invalid_grant" => (
                TextKey::SignInNoLongerValid,
                TextKey::CodeRefreshTokenRefused,
                TextKey::SignInAgainFix,
            ),
            _ => (
                TextKey::EntraIDRefusedSignIn,
                TextKey::EntraIDReturnedErrorToolDoes,
                TextKey::SignAgainIfPersistsGiveDetails,
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
