//! The responses of an operation: its success, one response per documented
//! HTTP status of its error codes (the codes listed, and an `enum` on the
//! envelope's code), and the 401 of secured lanes.
//!
//! A 401 can come without a body: the client treats a 401 whose body is
//! empty or carries no code as "unauthorized", with no envelope (document
//! 002's rule for rejected API keys). Where the endpoint documents codes
//! with HTTP 401, the 401 also describes their envelope; otherwise it has no
//! content. Codes of a 2xx status (successes with warnings) are listed on
//! that status's success response, with its `links` (`links.rs`).

use crate::envelopes::{content_type, error, success};
use crate::headers::{header_ref, is_rate_limit};
use crate::links::links;
use crate::schemas::type_ref;
use crate::text::join;
use azotte_spec::model::{Endpoint, Envelope, ErrorCode, Lane};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The `responses` of `endpoint` of `lane`.
pub fn responses(spec: &Spec, lane: &Lane, endpoint: &Endpoint) -> Map<String, Value> {
    let envelope = lane.envelope.as_deref().and_then(|e| spec.envelope(e));
    let headers = rate_limit_headers(spec, lane);
    let mut by_status: BTreeMap<u16, Vec<&ErrorCode>> = BTreeMap::new();
    by_status.entry(endpoint.success).or_default();
    for code in endpoint.errors.iter().filter_map(|c| spec.error(c)) {
        by_status.entry(code.http).or_default().push(code);
    }
    if !lane.auth.is_empty() {
        by_status.entry(401).or_default();
    }
    let mut out = Map::new();
    for (status, codes) in by_status {
        let mut response = if (200..300).contains(&status) {
            let mut ok = success_response(envelope, endpoint, &codes);
            let links = links(spec, lane, endpoint);
            if !links.is_empty() {
                ok.insert("links".into(), Value::Object(links));
            }
            ok
        } else if status == 401 {
            unauthorized(envelope, &codes)
        } else {
            error_response(envelope, &codes)
        };
        if !headers.is_empty() {
            response.insert("headers".into(), Value::Object(headers.clone()));
        }
        out.insert(status.to_string(), Value::Object(response));
    }
    out
}

/// `- `CODE`: doc` lines.
fn code_lines(codes: &[&ErrorCode]) -> Option<String> {
    (!codes.is_empty()).then(|| {
        codes
            .iter()
            .map(|c| format!("- `{}`: {}", c.code, c.doc.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn codes_of<'a>(codes: &[&'a ErrorCode]) -> Vec<&'a str> {
    codes.iter().map(|c| c.code.as_str()).collect()
}

fn with_body(description: String, media: &str, schema: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("description".into(), json!(description));
    m.insert("content".into(), json!({ media: { "schema": schema } }));
    m
}

fn success_response(
    envelope: Option<&Envelope>,
    endpoint: &Endpoint,
    codes: &[&ErrorCode],
) -> Map<String, Value> {
    let media = content_type(envelope);
    let warnings = code_lines(codes)
        .map(|l| format!("Codes of this status (a success, inspect the warnings):\n{l}"));
    match envelope {
        Some(e) => {
            let (schema, placement) = success(e, endpoint);
            with_body(
                join([Some(format!("Success. {placement}")), warnings]).unwrap_or_default(),
                media,
                schema,
            )
        }
        // Outbound lanes always have an envelope; without one the body is the payload.
        None => match &endpoint.response {
            Some(ty) => with_body(
                "Success. The body is the payload.".into(),
                media,
                Value::Object(type_ref(ty)),
            ),
            None => {
                let mut m = Map::new();
                m.insert("description".into(), json!("Success."));
                m
            }
        },
    }
}

fn error_response(envelope: Option<&Envelope>, codes: &[&ErrorCode]) -> Map<String, Value> {
    let lines = code_lines(codes).unwrap_or_default();
    let text = format!(
        "Documented codes:\n{lines}\n\nThe code's `enum` lists the documented codes; clients should keep codes the API adds later."
    );
    match envelope {
        Some(e) => with_body(text, content_type(envelope), error(e, &codes_of(codes))),
        None => {
            let mut m = Map::new();
            m.insert("description".into(), json!(text));
            m
        }
    }
}

fn unauthorized(envelope: Option<&Envelope>, codes: &[&ErrorCode]) -> Map<String, Value> {
    let bare = "Unauthorized: the credentials are missing or refused. The answer may have no body \
                at all (no envelope), and is then only this status.";
    match (envelope, codes.is_empty()) {
        (Some(e), false) => {
            let lines = code_lines(codes).unwrap_or_default();
            with_body(
                format!("{bare} When it has an envelope, its code is one of:\n{lines}"),
                content_type(envelope),
                error(e, &codes_of(codes)),
            )
        }
        _ => {
            let mut m = Map::new();
            m.insert("description".into(), json!(format!("{bare} No envelope.")));
            m
        }
    }
}

/// The lane's rate-limit headers, reported on every response.
fn rate_limit_headers(spec: &Spec, lane: &Lane) -> Map<String, Value> {
    lane.headers
        .iter()
        .filter(|h| spec.header(h).is_some_and(|h| is_rate_limit(h.role)))
        .map(|h| (h.clone(), header_ref(h)))
        .collect()
}
