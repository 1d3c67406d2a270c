//! Typed deliveries: verification, envelope decoding and the generated event
//! enum in one call. Generated code supplies the data ([`InboundSpec`]) and the
//! enum (a [`WebhookEvent`]); everything else happens here.

use super::{decode_delivery, ReplayKey, Verified, WebhookRejection, WebhookVerifier};
use crate::endpoint::EnvelopeSpec;
use crate::envelope::EnvelopeParts;
use http::header::HeaderMap;
use serde_json::Value;

/// An event enum decoded from its type and data (generated per inbound lane).
pub trait WebhookEvent: Sized {
    /// Decodes an event; an unknown type must give the enum's `Unknown` arm,
    /// only data that does not match a known type is an error.
    fn from_parts(event_type: &str, data: Value) -> Result<Self, serde_json::Error>;
}

/// Where an inbound lane's events sit in its envelope; generated as a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboundSpec {
    /// The envelope deliveries come in (its payload key holds the event
    /// object); `None` when the body is the event object itself.
    pub envelope: Option<&'static EnvelopeSpec>,
    /// Key of the event type inside the event object.
    pub event_type_field: &'static str,
    /// Key of the event's data inside the event object (`None`: the whole object).
    pub event_data_field: Option<&'static str>,
}

/// A verified delivery and its typed event.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery<E> {
    /// The decoded event.
    pub event: E,
    /// The event type as delivered.
    pub event_type: String,
    /// The correlation id from the envelope's diagnostics.
    pub correlation_id: Option<String>,
    /// The envelope's diagnostics object.
    pub diagnostics: Option<Value>,
    /// Every envelope part (status, warnings, links, …).
    pub envelope: EnvelopeParts,
    /// The delivery's replay timestamp (unix seconds), when the spec declares one.
    pub timestamp: Option<u64>,
    /// Its key in the verifier's replay cache: pass it to the verifier's
    /// `release` when you answer non-2xx, so the sender's retry is accepted.
    pub replay_key: Option<ReplayKey>,
}

/// Decodes an already verified `body` into a typed [`Delivery`] (without
/// a timestamp or replay key: those come from verification).
pub fn decode_event<E: WebhookEvent>(
    inbound: &InboundSpec,
    body: &[u8],
) -> Result<Delivery<E>, WebhookRejection> {
    let d = decode_delivery(
        inbound.envelope,
        inbound.event_type_field,
        inbound.event_data_field,
        body,
    )?;
    let event = E::from_parts(&d.event_type, d.data).map_err(|e| {
        WebhookRejection::Malformed(format!(
            "the data of event `{}` does not match its type ({e})",
            d.event_type
        ))
    })?;
    Ok(Delivery {
        event,
        event_type: d.event_type,
        correlation_id: d.correlation_id,
        diagnostics: d.diagnostics,
        envelope: d.envelope,
        timestamp: None,
        replay_key: None,
    })
}

impl WebhookVerifier {
    /// Verifies signature, replay window and replay cache, then decodes the
    /// typed event. A delivery that verifies but does not decode is released
    /// from the replay cache (it was not processed).
    pub fn verify_event<E: WebhookEvent>(
        &self,
        inbound: &InboundSpec,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Delivery<E>, WebhookRejection> {
        self.verify_event_at(inbound, headers, body, super::unix_now())
    }

    /// [`verify_event`](Self::verify_event) as if the time were `now_unix` (seconds).
    pub fn verify_event_at<E: WebhookEvent>(
        &self,
        inbound: &InboundSpec,
        headers: &HeaderMap,
        body: &[u8],
        now_unix: u64,
    ) -> Result<Delivery<E>, WebhookRejection> {
        let verified = self.verify_at(headers, body, now_unix)?;
        self.finish(inbound, body, verified)
    }

    fn finish<E: WebhookEvent>(
        &self,
        inbound: &InboundSpec,
        body: &[u8],
        verified: Verified,
    ) -> Result<Delivery<E>, WebhookRejection> {
        match decode_event(inbound, body) {
            Ok(delivery) => Ok(Delivery {
                timestamp: verified.timestamp,
                replay_key: Some(verified.replay_key),
                ..delivery
            }),
            Err(e) => {
                self.release(&verified.replay_key);
                Err(e)
            }
        }
    }
}
