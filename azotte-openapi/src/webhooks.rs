//! `webhooks`: one entry per event type of every inbound lane, a `POST`
//! whose body is the delivery (the event object in the lane's envelope, or
//! the bare event) and whose `security` is the lane's signature scheme
//! (described there: OpenAPI cannot express HMAC signing).
//!
//! The key is the event type (`subscription.activated`), or
//! `<lane>.<event type>` when two inbound lanes deliver the same type; the
//! `operationId` is always `<lane>.<event type>` (lane names contain no dot,
//! so it cannot collide with an outbound `<lane>.<endpoint name>`).

use crate::envelopes::{content_type, event_body};
use crate::paths::tag_name;
use crate::security::requirements;
use crate::text::{inferred, join};
use crate::Tags;
use azotte_spec::model::{is_inferred, Direction, Lane};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// The tag title of an inbound lane's events.
const EVENTS: &str = "Events";

/// Every event of every inbound lane, and their tags into `tags`.
pub fn webhooks(spec: &Spec, tags: &mut Tags) -> Map<String, Value> {
    let inbound: Vec<&Lane> = spec
        .lanes
        .iter()
        .filter(|l| l.direction == Direction::Inbound)
        .collect();
    let shared = |lane: &Lane, ty: &str| {
        inbound
            .iter()
            .any(|o| o.name != lane.name && o.events.iter().any(|e| e.event_type == ty))
    };
    let mut out = Map::new();
    for lane in &inbound {
        let tag = tag_name(lane, EVENTS);
        tags.add(lane, &tag, lane.doc.clone());
        let envelope = lane.envelope.as_deref().and_then(|e| spec.envelope(e));
        let type_field = lane.event_type_field.as_deref().unwrap_or("type");
        for event in &lane.events {
            let id = format!("{}.{}", lane.name, event.event_type);
            let key = if shared(lane, &event.event_type) {
                id.clone()
            } else {
                event.event_type.clone()
            };
            let body = event_body(
                envelope,
                type_field,
                lane.event_data_field.as_deref(),
                &event.event_type,
                &event.payload,
            );
            let mut op = Map::new();
            op.insert("operationId".into(), json!(id));
            op.insert("summary".into(), json!(event.event_type));
            if let Some(d) = join([
                event.doc.clone(),
                Some(format!(
                    "Delivered as a `POST` to your receiver; `{type_field}` is `{}`. Verify the signature (see the security scheme) before trusting the body. Answer 2xx to acknowledge the delivery.",
                    event.event_type
                )),
            ]) {
                op.insert("description".into(), json!(d));
            }
            op.insert("tags".into(), json!([tag]));
            op.insert(
                "requestBody".into(),
                json!({ "required": true, "content": { content_type(envelope): { "schema": body } } }),
            );
            op.insert(
                "responses".into(),
                json!({ "2XX": { "description": "The receiver acknowledges the delivery." } }),
            );
            if !lane.auth.is_empty() {
                op.insert(
                    "security".into(),
                    Value::Array(requirements(spec, lane, &[])),
                );
            }
            inferred(&mut op, is_inferred(event.doc.as_deref()));
            out.insert(key, json!({ "post": op }));
        }
    }
    out
}
