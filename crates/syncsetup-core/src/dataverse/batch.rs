//! One Web API request sent inside a `$batch`, for the one header a browser cannot send directly.
//!
//! Creating a column in a named solution takes the `MSCRM.SolutionUniqueName` header
//! (powerapps-docs `developer/data-platform/webapi/compose-http-requests-handle-errors.md`), and
//! no Microsoft source shows Dataverse's CORS preflight allowing it (real-cloud audit F3, F10). A
//! batch part carries its own request line and headers inside the body, so no preflight sees them
//! (`webapi/execute-batch-operations-using-web-api.md`: "Each item within the batch must be
//! preceded by the batch identifier with a `Content-Type` and `Content-Transfer-Encoding` header";
//! "you must apply many different headers in the request and with each part sent in the body").
//! The outer request carries only headers that preflight allows; the answer is `multipart/mixed`,
//! and [`single_answer`] reads the one part back as the answer the direct request would have had.

use super::{odata, DataverseError, WebApi};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::secret::AccessToken;

/// The batch boundary: fixed (the core draws no random numbers), and no JSON body contains it.
const BOUNDARY: &str = "batch_syncsetup";

/// `inner` as the single part of `POST {api}$batch`. The part keeps every header of `inner` but
/// the ones the batch itself carries (sign-in, OData versions, `Accept`).
pub(crate) fn wrap(api: &WebApi, token: &AccessToken, inner: &HttpRequest) -> HttpRequest {
    let mut part = format!(
        "--{BOUNDARY}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n{} {} HTTP/1.1\r\n",
        inner.method.as_str(),
        inner.url
    );
    for (name, value) in &inner.headers {
        let carried_by_batch = [
            "authorization",
            "accept",
            "odata-version",
            "odata-maxversion",
        ]
        .contains(&name.to_ascii_lowercase().as_str());
        if !carried_by_batch {
            part.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    part.push_str("\r\n");
    if let Some(body) = &inner.body {
        part.push_str(body);
    }
    part.push_str(&format!("\r\n--{BOUNDARY}--\r\n"));
    let mut request = odata(HttpRequest::new(Method::Post, api.url("$batch")), token).header(
        "Content-Type",
        format!("multipart/mixed; boundary={BOUNDARY}"),
    );
    request.body = Some(part);
    request
}

/// The answer of the batch's single part, as the direct request would have had it. A batch
/// answer that is not `multipart/mixed` (a 401 before any part ran) is that answer itself.
pub fn single_answer(response: &HttpResponse) -> Result<HttpResponse, DataverseError> {
    let Some(boundary) = response
        .header_value("content-type")
        .and_then(|t| t.split_once(';'))
        .filter(|(essence, _)| essence.trim().eq_ignore_ascii_case("multipart/mixed"))
        .and_then(|(_, params)| {
            params.split(';').find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("boundary")
                    .then(|| v.trim().trim_matches('"').to_owned())
            })
        })
    else {
        return Ok(response.clone());
    };
    let unreadable = || super::unexpected(response);
    let delimiter = format!("--{boundary}");
    let part = response
        .body
        .split(delimiter.as_str())
        .nth(1)
        .filter(|p| !p.starts_with("--"))
        .ok_or_else(unreadable)?;
    // The part's own headers, then the embedded answer: status line, headers, body.
    let (_, answer) = split_head(part.trim_start_matches(['\r', '\n'])).ok_or_else(unreadable)?;
    let (head, body) = split_head(answer).unwrap_or((answer, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(unreadable)?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: body.trim_end_matches(['\r', '\n']).to_owned(),
    })
}

/// `text` split at its first blank line.
fn split_head(text: &str) -> Option<(&str, &str)> {
    let crlf = text.find("\r\n\r\n").map(|i| (i, 4));
    let lf = text.find("\n\n").map(|i| (i, 2));
    let (at, len) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if b.0 < a.0 {
                b
            } else {
                a
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((&text[..at], &text[at + len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> WebApi {
        WebApi::new("https://contoso.api.crm.dynamics.com").unwrap()
    }

    #[test]
    fn the_part_carries_the_solution_header_and_the_batch_only_preflight_safe_ones() {
        let inner = HttpRequest::new(
            Method::Post,
            api().url("EntityDefinitions(LogicalName='lead')/Attributes"),
        )
        .bearer(&AccessToken::new("t"))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("MSCRM.SolutionUniqueName", "ContosoCustomizations");
        let mut inner = inner;
        inner.body = Some("{\"SchemaName\":\"new_SyncToMkto\"}".into());
        let batch = wrap(&api(), &AccessToken::new("t"), &inner);
        assert_eq!(batch.method, Method::Post);
        assert_eq!(
            batch.url.as_str(),
            "https://contoso.api.crm.dynamics.com/api/data/v9.2/$batch"
        );
        assert_eq!(batch.header_value("MSCRM.SolutionUniqueName"), None);
        assert_eq!(
            batch.header_value("Content-Type"),
            Some("multipart/mixed; boundary=batch_syncsetup")
        );
        let body = batch.body.unwrap();
        assert!(body.starts_with("--batch_syncsetup\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPOST https://contoso.api.crm.dynamics.com/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes HTTP/1.1\r\n"), "{body}");
        assert!(body.contains("\r\nMSCRM.SolutionUniqueName: ContosoCustomizations\r\n"));
        assert!(!body.contains("Bearer"), "the batch carries the sign-in");
        assert!(body.ends_with("{\"SchemaName\":\"new_SyncToMkto\"}\r\n--batch_syncsetup--\r\n"));
    }

    #[test]
    fn the_single_part_is_read_back_as_the_direct_answer() {
        let answer = HttpResponse {
            status: 400,
            headers: vec![(
                "Content-Type".into(),
                "multipart/mixed; boundary=batchresponse_1".into(),
            )],
            body: "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{\"error\":{\"code\":\"0x80044363\",\"message\":\"not unique\"}}\r\n--batchresponse_1--\r\n".into(),
        };
        let part = single_answer(&answer).unwrap();
        assert_eq!(part.status, 400);
        assert_eq!(part.header_value("odata-version"), Some("4.0"));
        assert_eq!(
            part.body,
            "{\"error\":{\"code\":\"0x80044363\",\"message\":\"not unique\"}}"
        );
        let created = HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "multipart/mixed; boundary=b".into())],
            body: "--b\nContent-Type: application/http\n\nHTTP/1.1 204 No Content\nOData-EntityId: https://x/api/data/v9.2/EntityDefinitions(1)\n\n\n--b--\n".into(),
        };
        let part = single_answer(&created).unwrap();
        assert_eq!(part.status, 204);
        assert!(part.header_value("odata-entityid").is_some());
        // Not multipart: the answer itself (a 401 before any part ran).
        let denied = HttpResponse {
            status: 401,
            headers: vec![],
            body: String::new(),
        };
        assert_eq!(single_answer(&denied).unwrap(), denied);
        let garbled = HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "multipart/mixed; boundary=b".into())],
            body: "nothing".into(),
        };
        assert!(single_answer(&garbled).is_err());
    }
}
