//! `POST [org]/api/data/v9.2/$batch`: several operations in one `multipart/mixed` request, as
//! powerapps-docs `developer/data-platform/webapi/execute-batch-operations-using-web-api.md`
//! documents it. Each part is `Content-Type: application/http` with
//! `Content-Transfer-Encoding: binary`, holding one request — request line (absolute or relative
//! URL), its own headers, a blank line, its body. The answer is `multipart/mixed` with one
//! `application/http` part per operation holding its status line, headers and body: 200 when
//! every operation succeeded; without `Prefer: odata.continue-on-error` processing stops at the
//! first failed operation and the batch answers 400 ("When successful, the batch response will
//! return HTTP Status 200 OK"; the doc's error example is `HTTP/1.1 400 BadRequest` with the failed
//! part in the body); with it, 200 and every part's own status.
//!
//! A part's headers travel in the body, so a browser's CORS preflight never sees them: this is how
//! a page sends a header such as `MSCRM.SolutionUniqueName` that Dataverse's preflight does not
//! allow. Each operation is authenticated with the batch's own `Authorization` unless it carries
//! its own, and runs through the same handlers, validation and privileges as a direct request.
//! Change sets (a nested `multipart/mixed` part, run as one transaction) are not emulated: such a
//! batch is refused with 400 saying so — the emulator's limit, not Microsoft's.

use axum::body::{to_bytes, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::DvError;
use crate::state::AppState;

/// Largest answer body of one operation that is copied into the batch answer.
const MAX_PART_BODY: usize = 4 << 20;

/// One operation parsed out of a batch.
struct Operation {
    method: Method,
    /// Path after `/api/data/<version>/`.
    rest: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Bytes,
}

/// The boundary of a `multipart/mixed` content type.
fn boundary(content_type: &str) -> Option<String> {
    let (essence, params) = content_type.split_once(';')?;
    if !essence.trim().eq_ignore_ascii_case("multipart/mixed") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    })
}

/// Splits `text` at its first blank line (CRLF or LF), into head lines and the rest.
fn head_and_rest(text: &str) -> (Vec<&str>, &str) {
    let (head, rest) = match (text.find("\r\n\r\n"), text.find("\n\n")) {
        (Some(a), Some(b)) if b < a => (&text[..b], &text[b + 2..]),
        (Some(a), _) => (&text[..a], &text[a + 4..]),
        (None, Some(b)) => (&text[..b], &text[b + 2..]),
        (None, None) => (text, ""),
    };
    (head.lines().map(str::trim_end).collect(), rest)
}

fn header_pairs(lines: &[&str]) -> Result<Vec<(String, String)>, DvError> {
    lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|line| {
            line.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| {
                    DvError::bad_request(format!("The batch part header '{line}' is malformed."))
                })
        })
        .collect()
}

/// Parses the batch body into its operations.
fn operations(body: &str, boundary: &str, version: &str) -> Result<Vec<Operation>, DvError> {
    let delimiter = format!("--{boundary}");
    let mut parts = body.split(delimiter.as_str());
    parts.next(); // the preamble
    let mut out = Vec::new();
    for part in parts {
        if part.starts_with("--") {
            break; // the close delimiter
        }
        let part = part.trim_start_matches(['\r', '\n']);
        let (part_head, inner) = head_and_rest(part);
        let part_headers = header_pairs(&part_head)?;
        let content_type = part_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        if boundary_of_changeset(content_type) {
            return Err(DvError::bad_request(
                "Change sets are not emulated (syncsetup-emulator): send each operation as its own batch part.",
            ));
        }
        if !content_type
            .split(';')
            .next()
            .is_some_and(|e| e.trim().eq_ignore_ascii_case("application/http"))
        {
            return Err(DvError::bad_request(format!(
                "A batch part must have Content-Type application/http, not '{content_type}'."
            )));
        }
        let (request_head, body) = head_and_rest(inner);
        let mut lines = request_head.into_iter();
        let request_line = lines.next().unwrap_or_default();
        let mut words = request_line.split_whitespace();
        let (Some(method), Some(target), Some(_http)) = (words.next(), words.next(), words.next())
        else {
            return Err(DvError::bad_request(format!(
                "The batch request line '{request_line}' is malformed."
            )));
        };
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| DvError::bad_request(format!("Unknown method '{method}'.")))?;
        let prefix = format!("/api/data/{version}/");
        let path_and_query = match target.find("://") {
            Some(i) => target[i + 3..]
                .find('/')
                .map_or("/", |j| &target[i + 3 + j..]),
            None => target,
        };
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (path_and_query, None),
        };
        let rest = path
            .strip_prefix(&prefix)
            .or_else(|| (!path.starts_with('/')).then_some(path))
            .ok_or_else(|| DvError::no_segment(path.trim_start_matches('/')))?;
        let body = body.trim_end_matches(['\r', '\n']);
        out.push(Operation {
            method,
            rest: rest.to_string(),
            query,
            headers: header_pairs(&lines.collect::<Vec<_>>())?,
            body: Bytes::from(body.to_string()),
        });
    }
    Ok(out)
}

fn boundary_of_changeset(content_type: &str) -> bool {
    boundary(content_type).is_some()
}

/// Runs a `$batch` request.
pub async fn handle(
    state: AppState,
    version: String,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = boundary(content_type) else {
        return DvError::bad_request(
            "A batch request must have Content-Type multipart/mixed with a boundary.",
        )
        .into_response();
    };
    let text = String::from_utf8_lossy(&body);
    let operations = match operations(&text, &boundary, &version) {
        Ok(ops) if !ops.is_empty() => ops,
        Ok(_) => return DvError::bad_request("The batch holds no operation.").into_response(),
        Err(e) => return e.into_response(),
    };
    let continue_on_error = headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("odata.continue-on-error"));
    let answer_boundary = format!("batchresponse_{}", state.random_uuid());
    let mut out = String::new();
    let mut stopped = false;
    for op in operations {
        let mut op_headers = HeaderMap::new();
        for (k, v) in &op.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                op_headers.append(k, v);
            }
        }
        // The batch's own sign-in and host apply to each operation that names none.
        for name in [header::AUTHORIZATION, header::HOST] {
            if !op_headers.contains_key(&name) {
                if let Some(v) = headers.get(&name) {
                    op_headers.insert(name, v.clone());
                }
            }
        }
        let response = super::run(
            State(state.clone()),
            version.clone(),
            op.rest,
            op.method,
            uri.clone(),
            op_headers,
            RawQuery(op.query),
            op.body,
        )
        .await;
        let failed = !response.status().is_success();
        out.push_str(&format!(
            "--{answer_boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        ));
        let status = response.status();
        out.push_str(&format!(
            "HTTP/1.1 {} {}\r\n",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        ));
        for (k, v) in response.headers() {
            out.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap_or_default()));
        }
        out.push_str("\r\n");
        let body = to_bytes(response.into_body(), MAX_PART_BODY)
            .await
            .unwrap_or_default();
        out.push_str(&String::from_utf8_lossy(&body));
        out.push_str("\r\n");
        if failed && !continue_on_error {
            stopped = true;
            break;
        }
    }
    out.push_str(&format!("--{answer_boundary}--\r\n"));
    let status = if stopped {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut res = (status, out).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("multipart/mixed; boundary={answer_boundary}")) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res.headers_mut()
        .insert("odata-version", HeaderValue::from_static("4.0"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_body_parses_into_its_operations_with_their_own_headers() {
        let body = "--batch_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
POST https://contoso.crm.dynamics.com/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes HTTP/1.1\r\n\
Content-Type: application/json; type=entry\r\nMSCRM.SolutionUniqueName: ContosoCustomizations\r\n\r\n\
{\"SchemaName\":\"new_SyncToMkto\"}\r\n--batch_1--\r\n";
        let ops = operations(body, "batch_1", "v9.2").unwrap();
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].method, Method::POST);
        assert_eq!(
            ops[0].rest,
            "EntityDefinitions(LogicalName='lead')/Attributes"
        );
        assert!(ops[0]
            .headers
            .iter()
            .any(|(k, v)| k == "MSCRM.SolutionUniqueName" && v == "ContosoCustomizations"));
        assert_eq!(&ops[0].body[..], b"{\"SchemaName\":\"new_SyncToMkto\"}");
        assert_eq!(
            boundary("multipart/mixed; boundary=\"batch_1\"").as_deref(),
            Some("batch_1")
        );
        assert_eq!(boundary("application/json"), None);
        let changeset = "--b\r\nContent-Type: multipart/mixed; boundary=changeset_1\r\n\r\n--changeset_1--\r\n--b--";
        assert!(operations(changeset, "b", "v9.2").is_err());
    }
}
