//! `paths`: every endpoint of every outbound lane under its full path
//! (relative to the server URL, the API root), and the tags.
//!
//! - `operationId` is `<lane>.<endpoint name>` (`c2a.store_customer`):
//!   endpoint names are unique in a lane and lane names contain no dot, so
//!   ids are unique across lanes and stay stable while the names do; the
//!   documented endpoint id is `x-endpoint-id`.
//! - One tag per area, `<LANE> · <area title>` (`C2A · Customers`), grouped
//!   per lane in `x-tagGroups` (Redoc).
//! - A path item whose lanes do not serve every environment gets its own
//!   `servers`: the environments of those lanes.
//! - Parameters: path, query, then the lane's request headers (correlation
//!   id, tenant, region override, others), plus the idempotency-key header
//!   where the endpoint is idempotent by it. Auth headers are security
//!   schemes, never parameters; rate-limit headers are response headers.

use crate::headers::{is_rate_limit, parameter_ref};
use crate::responses::responses;
use crate::schemas::type_ref;
use crate::security::requirements;
use crate::text::{code_list, inferred, join, put};
use crate::{server, Tags};
use azotte_spec::model::{is_inferred, Direction, Endpoint, HeaderRole, Idempotency, Lane, Param};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The tag of an area (or of a lane's events) of `lane`.
pub fn tag_name(lane: &Lane, title: &str) -> String {
    format!("{} · {title}", lane.name.to_uppercase())
}

/// The operation id of `endpoint` of `lane`.
pub fn operation_id(lane: &Lane, endpoint: &Endpoint) -> String {
    format!("{}.{}", lane.name, endpoint.name)
}

/// One path item under construction: its operations and the environments
/// of the lanes serving it.
#[derive(Default)]
struct Item {
    operations: Map<String, Value>,
    environments: Vec<String>,
}

/// Every path item of the outbound lanes, and their tags into `tags`.
pub fn paths(spec: &Spec, tags: &mut Tags) -> Map<String, Value> {
    let mut items: BTreeMap<String, Item> = BTreeMap::new();
    for lane in spec
        .lanes
        .iter()
        .filter(|l| l.direction == Direction::Outbound)
    {
        for area in &lane.areas {
            let tag = tag_name(lane, &area.title);
            tags.add(lane, &tag, area.doc.clone());
            for endpoint in &area.endpoints {
                let item = items.entry(endpoint.full_path.clone()).or_default();
                item.operations.insert(
                    endpoint.method.as_str().to_lowercase(),
                    Value::Object(operation(spec, lane, endpoint, &tag)),
                );
                for env in lane_environments(spec, lane) {
                    if !item.environments.contains(&env) {
                        item.environments.push(env);
                    }
                }
            }
        }
    }
    items
        .into_iter()
        .map(|(path, item)| {
            let mut value = item.operations;
            if item.environments.len() < spec.environments.len() {
                // In the spec's order, so the output does not depend on lane order.
                let servers: Vec<Value> = spec
                    .environments
                    .iter()
                    .filter(|e| item.environments.contains(&e.name))
                    .map(server)
                    .collect();
                value.insert("servers".into(), Value::Array(servers));
            }
            (path, Value::Object(value))
        })
        .collect()
}

/// The environments serving `lane` (every one when it names none).
fn lane_environments(spec: &Spec, lane: &Lane) -> Vec<String> {
    if lane.environments.is_empty() {
        spec.environments.iter().map(|e| e.name.clone()).collect()
    } else {
        lane.environments.clone()
    }
}

fn operation(spec: &Spec, lane: &Lane, endpoint: &Endpoint, tag: &str) -> Map<String, Value> {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(operation_id(lane, endpoint)));
    op.insert("summary".into(), json!(endpoint.summary));
    put(&mut op, "description", description(lane, endpoint));
    op.insert("tags".into(), json!([tag]));
    let params = parameters(spec, lane, endpoint);
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) = &endpoint.request {
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": { "schema": type_ref(body) } } }),
        );
    }
    op.insert(
        "responses".into(),
        Value::Object(responses(spec, lane, endpoint)),
    );
    if !lane.auth.is_empty() {
        op.insert(
            "security".into(),
            Value::Array(requirements(spec, lane, &endpoint.scopes)),
        );
    }
    op.insert("x-endpoint-id".into(), json!(endpoint.id));
    if let Some(p) = &endpoint.pagination {
        let mut m = Map::new();
        m.insert("items".into(), json!(p.items));
        put(&mut m, "pageInfo", p.page_info.clone());
        put(&mut m, "pageParam", p.page_param.clone());
        put(&mut m, "hasNext", p.has_next.clone());
        put(&mut m, "totalPages", p.total_pages.clone());
        op.insert("x-pagination".into(), Value::Object(m));
    }
    inferred(&mut op, is_inferred(endpoint.doc.as_deref()));
    op
}

/// The endpoint's doc, then what OpenAPI cannot express: idempotency,
/// pagination, waiters polling it.
fn description(lane: &Lane, endpoint: &Endpoint) -> Option<String> {
    let idempotency = endpoint.idempotency.as_ref().map(|i| {
        let how = match i {
            Idempotency::Header(h) => format!("Idempotent by the `{h}` header."),
            Idempotency::BodyField(f) => {
                format!("Idempotent on the body's `{f}`: resend the same value to retry.")
            }
        };
        join([Some(how), endpoint.idempotency_doc.clone()]).unwrap_or_default()
    });
    let pagination = endpoint.pagination.as_ref().map(|p| {
        let info = p
            .page_info
            .as_ref()
            .map(|k| format!(", the page info in `{k}`"))
            .unwrap_or_default();
        let next = match (&p.has_next, &p.total_pages) {
            (Some(h), _) => format!(" (`{h}` says whether another page follows)"),
            (None, Some(t)) => format!(" (`{t}` holds the number of pages)"),
            (None, None) => String::new(),
        };
        let param = p
            .page_param
            .as_ref()
            .map(|q| format!("; the page number is the `{q}` query parameter"))
            .unwrap_or_default();
        format!(
            "Paged: the items are in `{}`{info}{next}{param}. OpenAPI cannot express pagination; `x-pagination` names these keys.",
            p.items
        )
    });
    let waiters = lane
        .waiters
        .iter()
        .filter(|w| w.poll == endpoint.name)
        .map(|w| {
            let outcome = |label: &str, values: &[String]| {
                (!values.is_empty()).then(|| {
                    format!(
                        "{} ({label})",
                        code_list(values.iter().map(String::as_str))
                    )
                })
            };
            let states: Vec<String> = [
                outcome("success", &w.success),
                outcome("failure", &w.failure),
                outcome("action required", &w.action_required),
            ]
            .into_iter()
            .flatten()
            .collect();
            let absent = if w.state_optional {
                " A response without it (or with `null`) is still pending."
            } else {
                ""
            };
            join([
                Some(format!(
                    "Polling (`{}`): call again until `{}` is {}, waiting {} ms at first and up to {} ms between calls.{absent} OpenAPI cannot express polling.",
                    w.name,
                    w.state_field,
                    states.join(", "),
                    w.initial_delay_ms,
                    w.max_delay_ms
                )),
                w.doc.clone(),
            ])
            .unwrap_or_default()
        });
    join(
        [endpoint.doc.clone(), idempotency, pagination]
            .into_iter()
            .chain(waiters.map(Some)),
    )
}

fn parameters(spec: &Spec, lane: &Lane, endpoint: &Endpoint) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for p in &endpoint.path_params {
        out.push(param(p, "path"));
    }
    for p in &endpoint.query_params {
        out.push(param(p, "query"));
    }
    let idempotency_header = match &endpoint.idempotency {
        Some(Idempotency::Header(h)) => Some(h.as_str()),
        _ => None,
    };
    let mut names: Vec<&str> = lane
        .headers
        .iter()
        .map(String::as_str)
        .filter(|name| {
            spec.header(name).is_some_and(|h| match h.role {
                HeaderRole::IdempotencyKey => Some(h.name.as_str()) == idempotency_header,
                role => !is_rate_limit(role),
            })
        })
        .collect();
    if let Some(h) = idempotency_header.filter(|h| !names.contains(h)) {
        names.push(h);
    }
    out.extend(names.into_iter().map(parameter_ref));
    out
}

fn param(p: &Param, location: &str) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(p.wire_name));
    m.insert("in".into(), json!(location));
    m.insert("required".into(), json!(location == "path" || !p.optional));
    put(&mut m, "description", p.doc.clone());
    m.insert("schema".into(), Value::Object(type_ref(&p.ty)));
    inferred(&mut m, is_inferred(p.doc.as_deref()));
    Value::Object(m)
}
