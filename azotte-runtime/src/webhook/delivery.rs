//! [`decode_delivery`]: reads a verified W2M delivery body through its
//! [`EnvelopeSpec`]: the event object under the envelope's payload key
//! (`event` for W2M), its type and data, and the envelope parts
//! (diagnostics, correlation id, status).
//!
//! It only locates; turning `(event_type, data)` into a typed event is the
//! generated `Event::from_parts`, which keeps unknown types as `Unknown`.

use super::WebhookRejection;
use crate::endpoint::EnvelopeSpec;
use crate::envelope::EnvelopeParts;
use serde_json::Value;

/// A decoded webhook delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    /// The event type as delivered, e.g. `"subscription.activated"`.
    pub event_type: String,
    /// The event's data (`null` when the event names no data).
    pub data: Value,
    /// The correlation id from the envelope's diagnostics.
    pub correlation_id: Option<String>,
    /// The envelope's diagnostics object.
    pub diagnostics: Option<Value>,
    /// Every envelope part (status code, severity, message, warnings, links, ...).
    pub envelope: EnvelopeParts,
}

/// Decodes a delivery `body` (already verified): the event object sits under
/// `envelope.payload` (or is the whole body when the envelope has no payload
/// key); inside it `event_type_field` names the type and
/// `event_data_field` the data (`None`: the whole event object is the data).
///
/// Fails with [`WebhookRejection::Malformed`] when the body is not JSON, the
/// event object is missing, or its type is not a string. An absent data
/// field gives `null`. Unknown event types are not an error.
pub fn decode_delivery(
    envelope: Option<&EnvelopeSpec>,
    event_type_field: &str,
    event_data_field: Option<&str>,
    body: &[u8],
) -> Result<WebhookDelivery, WebhookRejection> {
    let malformed = |what: String| WebhookRejection::Malformed(what);
    let root: Value =
        serde_json::from_slice(body).map_err(|e| malformed(format!("body is not JSON ({e})")))?;
    let (event, key) = match envelope.and_then(|e| e.payload) {
        Some(key) => (root.get(key), key),
        None => (Some(&root), "body"),
    };
    let event = event
        .filter(|v| v.is_object())
        .ok_or_else(|| malformed(format!("no `{key}` object in the body")))?;
    let event_type = event
        .get(event_type_field)
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(format!("`{key}.{event_type_field}` is not a string")))?
        .to_owned();
    let data = match event_data_field {
        Some(field) => event.get(field).cloned().unwrap_or(Value::Null),
        None => event.clone(),
    };
    let parts = envelope.map_or_else(EnvelopeParts::default, |e| EnvelopeParts::read(e, &root));
    Ok(WebhookDelivery {
        event_type,
        data,
        correlation_id: parts.correlation_id.clone(),
        diagnostics: parts.diagnostics.clone(),
        envelope: parts,
    })
}
