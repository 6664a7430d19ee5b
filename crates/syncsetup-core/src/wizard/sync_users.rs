//! Client-app (ROPC) mode: the Dynamics users Marketo could sign in as, and the chosen one's
//! language.
//!
//! In the legacy client-app mode Marketo signs in with a real person's name and password, so the
//! sync user must be enabled, licensed, an interactive (read-write) user and not an application
//! user — exactly what `systemusers` can be filtered on. Large organizations have thousands of
//! users, so the list is capped and narrowed by what the admin types. Marketo also requires the
//! sync user's Dynamics language to be English: that is read from the user's settings.

use crate::dataverse::{list, read, DataverseError, WebApi};
use crate::explain::Explanation;
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::odata::literal;
use crate::secret::AccessToken;
use crate::transport::runtime::Runtime;
use crate::transport::send::Context;

/// How many candidates one search shows.
pub(crate) const LIST_LIMIT: usize = 50;

/// A person Marketo could sign in as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncUser {
    /// `systemuserid`.
    pub id: String,
    /// Full name.
    pub full_name: String,
    /// The sign-in name (`domainname`, the Entra user principal name): Marketo's username.
    pub sign_in_name: Option<String>,
}

/// What a search found, and the chosen user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncUsers {
    /// Candidates, by name; at most [`LIST_LIMIT`].
    pub users: Vec<SyncUser>,
    /// The chosen user's UI language code, when it could be read and is set.
    pub chosen_language: Option<u32>,
}

/// Enabled, licensed, read-write people (not application users), by name; narrowed to names or
/// sign-in names containing `search` when it is not blank.
pub fn candidates_request(api: &WebApi, token: &AccessToken, search: &str) -> HttpRequest {
    let search = search.trim();
    let narrowed = if search.is_empty() {
        String::new()
    } else {
        let q = literal(search);
        format!(" and (contains(fullname,{q}) or contains(domainname,{q}))")
    };
    list(
        api,
        token,
        &format!(
            "systemusers?$select=systemuserid,fullname,domainname\
             &$filter=isdisabled eq false and islicensed eq true and accessmode eq 0 and applicationid eq null{narrowed}\
             &$orderby=fullname&$top={LIST_LIMIT}"
        ),
    )
}

/// The JSON body of a successful Web API answer. Read as a `serde_json::Value` (whose parser the
/// page has anyway) rather than through derived wire types, which would add their code to the wasm.
fn json(response: &HttpResponse) -> Result<serde_json::Value, DataverseError> {
    if !response.is_success() {
        return Err(crate::dataverse::error_of(response));
    }
    serde_json::from_str(&response.body).map_err(|_| crate::dataverse::unexpected(response))
}

/// Parses the candidates.
pub(crate) fn parse_candidates(response: &HttpResponse) -> Result<Vec<SyncUser>, DataverseError> {
    let body = json(response)?;
    let text = |row: &serde_json::Value, name: &str| {
        row.get(name)
            .and_then(serde_json::Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    Ok(body["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| {
            let id = text(row, "systemuserid")?;
            Some(SyncUser {
                full_name: text(row, "fullname").unwrap_or_else(|| id.clone()),
                sign_in_name: text(row, "domainname"),
                id,
            })
        })
        .collect())
}

/// Lists candidates for `search` from the Web API at `api_url` (the environment's `ApiUrl`), then
/// reads the language of `chosen` (a language that cannot be read stays unknown: the page then
/// shows the general warning).
pub async fn find<C: HttpClient, R: Runtime>(
    ctx: &Context<'_, C, R>,
    token: &AccessToken,
    api_url: &str,
    search: &str,
    chosen: Option<&str>,
) -> Result<SyncUsers, Explanation> {
    let explain = |e: DataverseError| e.explain();
    let api = WebApi::new(api_url).map_err(explain)?;
    let response = ctx
        .send(candidates_request(&api, token, search))
        .await
        .map_err(|e| explain(e.into()))?;
    let users = parse_candidates(&response).map_err(explain)?;
    let mut chosen_language = None;
    if let Some(request) = chosen.and_then(|id| read::user_language_request(&api, token, id).ok()) {
        if let Ok(response) = ctx.send(request).await {
            chosen_language = json(&response)
                .ok()
                .and_then(|body| body["uilanguageid"].as_u64())
                .and_then(|code| u32::try_from(code).ok());
        }
    }
    Ok(SyncUsers {
        users,
        chosen_language,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> WebApi {
        WebApi::new("https://contoso.crm.dynamics.com").unwrap()
    }

    #[test]
    fn candidates_are_licensed_interactive_people_narrowed_by_the_search() {
        let token = AccessToken::new("t");
        let all = candidates_request(&api(), &token, "  ");
        let url = all.url.as_str();
        assert!(
            url.starts_with("https://contoso.crm.dynamics.com/api/data/v9.2/systemusers?"),
            "{url}"
        );
        let query = crate::engine::plan::RequestPreview::of(&all).url;
        assert!(query.contains("isdisabled eq false and islicensed eq true and accessmode eq 0 and applicationid eq null&"), "{query}");
        assert!(query.contains("$orderby=fullname&$top=50"), "{query}");
        let narrowed =
            crate::engine::plan::RequestPreview::of(&candidates_request(&api(), &token, "O'Brien"))
                .url;
        assert!(
            narrowed.contains("(contains(fullname,'O''Brien') or contains(domainname,'O''Brien'))"),
            "quotes are doubled: {narrowed}"
        );
    }

    #[test]
    fn a_search_with_url_special_characters_stays_one_filter_and_top_is_honoured() {
        let request = candidates_request(&api(), &AccessToken::new("t"), "Zoë & Co #1 + 50%");
        assert_eq!(
            request.url.fragment(),
            None,
            "a # must not start a fragment"
        );
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["$select", "$filter", "$orderby", "$top"],
            "{pairs:?}"
        );
        assert!(
            pairs[1].1.ends_with(
                "(contains(fullname,'Zoë & Co #1 + 50%') or contains(domainname,'Zoë & Co #1 + 50%'))"
            ),
            "{pairs:?}"
        );
        // page-results.md: with both, `$top` is ignored — so a capped list sends no page size.
        assert_eq!(request.header_value("Prefer"), None);
    }

    #[test]
    fn candidates_parse_with_their_sign_in_names() {
        let response = HttpResponse {
            status: 200,
            headers: vec![],
            body: r#"{"value":[
                {"systemuserid":"u-1","fullname":"Dynamics Sync","domainname":"sync@contoso-fed.com"},
                {"systemuserid":"u-2","fullname":null,"domainname":""}
            ]}"#
            .into(),
        };
        let users = parse_candidates(&response).unwrap();
        assert_eq!(
            users,
            vec![
                SyncUser {
                    id: "u-1".into(),
                    full_name: "Dynamics Sync".into(),
                    sign_in_name: Some("sync@contoso-fed.com".into()),
                },
                SyncUser {
                    id: "u-2".into(),
                    full_name: "u-2".into(),
                    sign_in_name: None,
                },
            ]
        );
    }
}
