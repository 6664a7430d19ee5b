//! Reading the redirect back from Entra: a code, or an error, with the state echoed.
//!
//! Entra answers in the fragment when `response_mode=fragment` (what we send) and in the query
//! otherwise; both are read, fragment first. [`clean_url`] gives the address without the OAuth
//! parameters, which the browser puts back with `history.replaceState` before anything else happens,
//! so a code never lingers in the address bar, the history or a bookmark.

use url::Url;

use super::aadsts::aadsts_code;
use crate::secret::AuthorizationCode;

/// The OAuth parameters a redirect may carry (all removed by [`clean_url`]; `boot.js` keeps a copy
/// to clean the address when the page cannot start).
const OAUTH_PARAMS: &[&str] = &[
    "code",
    "state",
    "session_state",
    "error",
    "error_description",
    "error_uri",
    "error_codes",
    "client_info",
];

/// What the redirect said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// Success: a code to redeem.
    Code {
        /// The authorization code.
        code: AuthorizationCode,
        /// The echoed state.
        state: String,
    },
    /// Entra (or the user) refused.
    Error(RedirectError),
}

impl Callback {
    /// The echoed state, if any.
    pub fn state(&self) -> Option<&str> {
        match self {
            Callback::Code { state, .. } => Some(state),
            Callback::Error(e) => e.state.as_deref(),
        }
    }
}

/// An error redirect: `error`, `error_description` (with its AADSTS code), `state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectError {
    /// The OAuth error code, e.g. `access_denied`.
    pub error: String,
    /// Entra's description.
    pub description: String,
    /// The AADSTS number found in the description.
    pub aadsts: Option<u32>,
    /// The echoed state.
    pub state: Option<String>,
}

/// Reads a callback from the page URL; `None` when the URL carries no OAuth answer.
pub fn parse(url: &Url) -> Option<Callback> {
    let from_fragment = url.fragment().and_then(parse_params);
    from_fragment.or_else(|| url.query().and_then(parse_params))
}

fn parse_params(encoded: &str) -> Option<Callback> {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = String::new();
    for (key, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
        match key.as_ref() {
            "code" => code = Some(value.into_owned()),
            "state" => state = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = value.into_owned(),
            _ => {}
        }
    }
    if let Some(error) = error {
        let aadsts = aadsts_code(&description);
        return Some(Callback::Error(RedirectError {
            error,
            description,
            aadsts,
            state,
        }));
    }
    match (code, state) {
        (Some(code), state) => Some(Callback::Code {
            code: AuthorizationCode::new(code),
            state: state.unwrap_or_default(),
        }),
        (None, _) => None,
    }
}

/// The URL without any OAuth parameter in its query or fragment.
pub fn clean_url(url: &Url) -> Url {
    let mut clean = url.clone();
    let keep = |encoded: &str| -> Option<String> {
        let kept: Vec<(String, String)> = url::form_urlencoded::parse(encoded.as_bytes())
            .into_owned()
            .filter(|(k, _)| !OAUTH_PARAMS.contains(&k.as_str()))
            .collect();
        (!kept.is_empty()).then(|| {
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish()
        })
    };
    let query = url.query().and_then(keep);
    clean.set_query(query.as_deref());
    let fragment = url.fragment().and_then(keep);
    clean.set_fragment(fragment.as_deref());
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn reads_a_code_from_the_fragment() {
        let parsed = parse(&url(
            "https://app.example/sync/#code=0.AAA-xyz&state=s123&session_state=abc",
        ))
        .unwrap();
        match parsed {
            Callback::Code { code, state } => {
                assert_eq!(code.secret(), "0.AAA-xyz");
                assert_eq!(state, "s123");
            }
            other => panic!("expected a code, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_code_from_the_query_too() {
        let parsed = parse(&url("https://app.example/?code=c1&state=s1")).unwrap();
        assert_eq!(parsed.state(), Some("s1"));
    }

    #[test]
    fn reads_an_error_redirect_with_its_aadsts_code() {
        let parsed = parse(&url(
            "https://app.example/#error=access_denied&error_description=AADSTS65004%3a+User+declined+to+consent+to+access+the+app.&state=s9",
        ))
        .unwrap();
        let Callback::Error(error) = parsed else {
            panic!("expected an error")
        };
        assert_eq!(error.error, "access_denied");
        assert_eq!(error.aadsts, Some(65004));
        assert_eq!(error.state.as_deref(), Some("s9"));
        assert!(error.description.contains("declined"));
    }

    #[test]
    fn a_plain_page_url_is_no_callback() {
        assert_eq!(parse(&url("https://app.example/sync/")), None);
        assert_eq!(parse(&url("https://app.example/sync/?lang=nl#top")), None);
    }

    #[test]
    fn clean_url_removes_only_oauth_parameters() {
        assert_eq!(
            clean_url(&url("https://app.example/sync/#code=c&state=s")).as_str(),
            "https://app.example/sync/"
        );
        assert_eq!(
            clean_url(&url(
                "https://app.example/sync/?lang=nl&code=c&state=s#error=x"
            ))
            .as_str(),
            "https://app.example/sync/?lang=nl"
        );
    }
}
