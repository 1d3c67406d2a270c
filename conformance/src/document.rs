//! The operations of an exported OpenAPI document and what each documented
//! answer must become in the client.
//!
//! Operations are read from the document (so an operation the driver has no
//! entry for is a failure, not a skip) and paired with the spec's endpoint of
//! the same method and path, whose error catalog says which message codes an
//! error status may carry.

use crate::check::Expect;
use azotte_spec::model::{Endpoint, HttpMethod, Spec};
use serde_json::Value;

/// One operation of the document.
#[derive(Debug)]
pub struct Operation {
    /// Its `operationId`.
    pub operation_id: String,
    /// The spec endpoint it exports (e.g. `C2A-01-02`), the driver's key.
    pub endpoint_id: String,
    /// `METHOD /path`, for reports.
    pub route: String,
    /// One expectation per documented response status.
    pub expects: Vec<Expect>,
}

/// The HTTP methods an OpenAPI path item can hold operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of `document`, with its expectations; `Err` lists every
/// operation that cannot be checked (no `operationId`, no spec endpoint, a
/// response status that is not a number, a documented error status missing).
pub fn operations(document: &Value, spec: &Spec) -> Result<Vec<Operation>, Vec<String>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let route = format!("{} {path}", method.to_uppercase());
            match operation(spec, &route, method, path, op) {
                Ok(operation) => found.push(operation),
                Err(problem) => problems.push(problem),
            }
        }
    }
    if found.is_empty() && problems.is_empty() {
        problems.push("the document has no operations under `paths`".to_owned());
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

fn operation(
    spec: &Spec,
    route: &str,
    method: &str,
    path: &str,
    op: &Value,
) -> Result<Operation, String> {
    let operation_id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{route}: no operationId"))?;
    let endpoint = find_endpoint(spec, method, path).ok_or_else(|| {
        format!("{operation_id} ({route}): no spec endpoint has this method and path")
    })?;
    let responses = op.get("responses").and_then(Value::as_object);
    let mut expects = Vec::new();
    for (status, response) in responses.into_iter().flatten() {
        let status: u16 = status.parse().map_err(|_| {
            format!("{operation_id}: response `{status}` is not a status Prism can be asked for")
        })?;
        let has_content = response
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|c| !c.is_empty());
        expects.push(match status {
            200..=299 => Expect::Success(status),
            401 if !has_content => Expect::Unauthorized,
            _ => Expect::Service {
                status,
                codes: codes_of(spec, endpoint, status),
            },
        });
    }
    // Every status the spec documents for the endpoint must be answerable.
    for code in &endpoint.errors {
        let status = http_of(spec, code);
        if !expects.iter().any(|e| Some(e.status()) == status) {
            return Err(format!(
                "{operation_id}: the document has no response for `{code}` (HTTP {})",
                status.map_or("?".to_owned(), |s| s.to_string())
            ));
        }
    }
    Ok(Operation {
        operation_id: operation_id.to_owned(),
        endpoint_id: endpoint.id.clone(),
        route: route.to_owned(),
        expects,
    })
}

fn find_endpoint<'a>(spec: &'a Spec, method: &str, path: &str) -> Option<&'a Endpoint> {
    spec.lanes
        .iter()
        .flat_map(|lane| lane.endpoints())
        .find(|e| e.full_path == path && method_name(e.method) == method)
}

fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
    }
}

fn http_of(spec: &Spec, code: &str) -> Option<u16> {
    spec.errors.iter().find(|e| e.code == code).map(|e| e.http)
}

/// The endpoint's documented codes whose catalog status is `status`.
fn codes_of(spec: &Spec, endpoint: &Endpoint, status: u16) -> Vec<String> {
    endpoint
        .errors
        .iter()
        .filter(|code| http_of(spec, code) == Some(status))
        .cloned()
        .collect()
}
