//! OpenAPI `links` of a success response, derived from the spec's types:
//! a value an operation returns feeds the path or query parameter of
//! another operation of the same lane when both have the same newtype.
//! `submit_checkout` returns a `TrackingNumber`, which is the `{id}` of
//! `checkout_status`; `store_customer` returns a `CustomerUrn`, the
//! `customerUrn` of `customer_info` and `list_subscriptions`.
//!
//! Only newtypes link: a plain `string` (Automatum's `id`) says nothing about
//! which resource it names. The value is read where the client reads the
//! payload: under the endpoint's first payload key, or beside the envelope's
//! keys for an inline payload. Tools that follow links (schemathesis'
//! stateful phase) use them to chain calls on real identifiers.

use crate::paths::operation_id;
use azotte_spec::model::{Endpoint, Lane, PayloadLocation, TypeKind, TypeRef};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// The links of `endpoint`'s success response (empty when none apply).
pub fn links(spec: &Spec, lane: &Lane, endpoint: &Endpoint) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(fields) = returned_newtypes(spec, endpoint) else {
        return out;
    };
    for (field, newtype) in fields {
        let pointer = match &endpoint.payload {
            PayloadLocation::Key(key) => format!("/{}/{}", escape(key), escape(&field)),
            PayloadLocation::Inline => format!("/{}", escape(&field)),
            _ => continue,
        };
        for target in lane.endpoints().filter(|t| t.name != endpoint.name) {
            let params = target
                .path_params
                .iter()
                .map(|p| ("path", p))
                .chain(target.query_params.iter().map(|p| ("query", p)));
            for (location, param) in params {
                if !matches!(&param.ty, TypeRef::Named(n) if *n == newtype) {
                    continue;
                }
                let target_id = operation_id(lane, target);
                out.insert(
                    format!("{target_id}.{}", param.wire_name),
                    json!({
                        "operationId": target_id,
                        "parameters": {
                            format!("{location}.{}", param.wire_name): format!("$response.body#{pointer}")
                        },
                        "description": format!(
                            "The `{field}` returned here is the `{}` of `{}`.",
                            param.wire_name, target.name
                        ),
                    }),
                );
            }
        }
    }
    out
}

/// The top-level fields of the endpoint's response object whose type is a
/// newtype: (wire name, newtype name).
fn returned_newtypes(spec: &Spec, endpoint: &Endpoint) -> Option<Vec<(String, String)>> {
    let TypeRef::Named(name) = endpoint.response.as_ref()? else {
        return None;
    };
    let TypeKind::Object { fields } = &spec.type_def(name)?.kind else {
        return None;
    };
    Some(
        fields
            .iter()
            .filter_map(|f| match &f.ty {
                TypeRef::Named(n)
                    if matches!(
                        spec.type_def(n).map(|t| &t.kind),
                        Some(TypeKind::Newtype { .. })
                    ) =>
                {
                    Some((f.wire_name.clone(), n.clone()))
                }
                _ => None,
            })
            .collect(),
    )
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
