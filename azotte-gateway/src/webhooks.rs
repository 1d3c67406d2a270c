//! W2M delivery: each state change becomes a signed POST to every
//! `--webhook` URL, in the inbound lane's envelope (`moneti_webhook`: the
//! event `{type, data, id, createdAt}` under `event`, plus diagnostics and
//! status), signed exactly as the lane's `hmac_webhook` scheme says. For
//! Azotte that is document 004's sentence: `X-Moneti-Signature` is the
//! HMAC-SHA256 (hex) of the raw body, nothing else is signed or sent; the
//! replay timestamp is the body's `diagnostics.createdAt`. A timestamp
//! header is sent only when the spec's scheme names one.
//!
//! Document 004: a non-2xx answer (or no answer) is retried with exponential
//! backoff, at most 12 attempts: delays `base`, `2·base`, `4·base`, … capped
//! at `max_backoff` (defaults 1 s and 10 min). Each attempt is a new
//! processing: the envelope is rendered again (fresh `diagnostics.createdAt`,
//! same event object and `event.id`) and signed again, so late retries stay
//! inside the receiver's replay window. Deliveries are independent tasks:
//! their order is not guaranteed.

use crate::auth::{leak, signed_parts};
use crate::config::Config;
use crate::envelope::{self, Meta};
use crate::state::{lock, Emitted};
use crate::time::{now_iso, unix_now};
use azotte_runtime::{reqwest, sign_webhook, TimestampSource, WebhookSpec};
use azotte_spec::model::{AuthKind, Direction, PayloadLocation, Spec};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One attempt, as recorded for [`crate::Gateway::deliveries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Receiver URL.
    pub url: String,
    /// Event type delivered.
    pub event_type: String,
    /// 1-based attempt number.
    pub attempt: u32,
    /// HTTP status received; `None` when the receiver could not be reached.
    pub status: Option<u16>,
}

/// One event to one receiver, from its first attempt until it is delivered
/// or given up. With `--state` it is stored in the same transaction as the
/// change that emitted it and removed when it ends, so a restart resends
/// every delivery still pending (from attempt 1; the event and its
/// `event.id` unchanged, so receivers deduplicate).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Delivery {
    /// Unique id of this delivery (its record key).
    pub id: String,
    /// Receiver URL.
    pub url: String,
    /// The event type.
    pub event_type: String,
    /// The event object (`{type, data, id, createdAt}`).
    pub event: Value,
    /// The correlation id of the request that caused it.
    pub correlation_id: String,
}

/// The sender: receivers, secret, signing and retry settings. `Debug`
/// shows neither the secret nor the spec.
#[derive(Clone)]
pub struct Webhooks {
    urls: Vec<String>,
    secret: String,
    signing: Option<&'static WebhookSpec>,
    /// The spec, shared by every attempt (each renders its envelope anew).
    spec: Arc<Spec>,
    base: Duration,
    max_backoff: Duration,
    attempts: u32,
    log: bool,
    http: reqwest::Client,
    /// Every attempt made so far.
    pub record: Arc<Mutex<Vec<Attempt>>>,
    /// The state file, which keeps pending deliveries (`--state`).
    db: Option<Arc<crate::state::persist::Db>>,
}

impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhooks")
            .field("urls", &self.urls)
            .field("secret", &format_args!("[REDACTED]"))
            .field("signing", &self.signing)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// The signing description of the spec's inbound lane, leaked once per gateway.
fn signing(spec: &Spec) -> Option<&'static WebhookSpec> {
    let lane = spec
        .lanes
        .iter()
        .find(|l| l.direction == Direction::Inbound)?;
    let name = lane.auth.first()?.schemes.first()?;
    let AuthKind::HmacWebhook {
        signature,
        timestamp_field,
        tolerance_seconds,
    } = &spec.auth_scheme(name)?.kind
    else {
        return None;
    };
    let timestamp = match (&signature.timestamp_header, timestamp_field) {
        (Some(h), _) => Some(TimestampSource::Header(leak(h))),
        (None, Some(f)) => Some(TimestampSource::BodyField(leak(f))),
        (None, None) => None,
    };
    Some(Box::leak(Box::new(WebhookSpec {
        signature_header: leak(&signature.signature_header),
        timestamp,
        signed: signed_parts(signature),
        separator: leak(&signature.separator),
        hex: signature.hex,
        tolerance_seconds: *tolerance_seconds,
    })))
}

/// The delivery body for `event` in the inbound lane's envelope.
pub fn body(spec: &Spec, event: &Emitted, correlation_id: &str) -> Value {
    wrap(
        spec,
        event_object(spec, event),
        event.event_type,
        correlation_id,
    )
}

/// The event object (`{type, data, id, createdAt}`), the same for every attempt.
fn event_object(spec: &Spec, event: &Emitted) -> Value {
    let lane = spec
        .lanes
        .iter()
        .find(|l| l.direction == Direction::Inbound);
    let type_field = lane
        .and_then(|l| l.event_type_field.clone())
        .unwrap_or_else(|| "type".into());
    let mut inner = json!({
        type_field: event.event_type,
        "id": format!("evt_{}", uuid::Uuid::new_v4().simple()),
        "createdAt": now_iso(),
    });
    match lane.and_then(|l| l.event_data_field.clone()) {
        Some(data_field) => inner[data_field] = event.data.clone(),
        None => {
            if let (Some(map), Some(data)) = (inner.as_object_mut(), event.data.as_object()) {
                map.extend(data.clone());
            }
        }
    }
    inner
}

/// `inner` in the inbound lane's envelope, with diagnostics rendered now.
fn wrap(spec: &Spec, inner: Value, event_type: &str, correlation_id: &str) -> Value {
    let lane = spec
        .lanes
        .iter()
        .find(|l| l.direction == Direction::Inbound);
    let meta = Meta {
        correlation_id: correlation_id.to_owned(),
        path: format!("/api/w2m/{event_type}"),
        ..Meta::default()
    };
    let Some(env) = lane
        .and_then(|l| l.envelope.as_deref())
        .and_then(|e| spec.envelope(e))
    else {
        return inner; // a lane delivering events without an envelope
    };
    let location = match &env.payload {
        Some(key) => PayloadLocation::Key(key.clone()),
        None => PayloadLocation::Inline,
    };
    envelope::success(spec, env, &location, inner, &meta)
}

impl Webhooks {
    /// From the configuration and the spec's W2M lane.
    pub fn new(spec: &Spec, config: &Config) -> Self {
        Webhooks {
            urls: config.webhooks.clone(),
            secret: config.webhook_secret.clone(),
            signing: signing(spec),
            spec: Arc::new(spec.clone()),
            base: config.webhook_backoff,
            max_backoff: config.webhook_max_backoff,
            attempts: config.webhook_attempts.max(1),
            log: config.log_requests,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            record: Arc::new(Mutex::new(Vec::new())),
            db: None,
        }
    }

    /// The sender, removing finished deliveries from the state file `db`.
    pub fn keeping_in(self, db: Option<Arc<crate::state::persist::Db>>) -> Self {
        Webhooks { db, ..self }
    }

    /// Delay before attempt `n + 1` (after `n` failures).
    pub fn backoff(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max_backoff)
    }

    /// One [`Delivery`] per event and receiver (none without receivers).
    pub fn plan(&self, spec: &Spec, events: Vec<Emitted>, correlation_id: &str) -> Vec<Delivery> {
        let mut deliveries = Vec::new();
        for event in events {
            let inner = event_object(spec, &event);
            for url in &self.urls {
                deliveries.push(Delivery {
                    id: uuid::Uuid::new_v4().simple().to_string(),
                    url: url.clone(),
                    event_type: event.event_type.to_owned(),
                    event: inner.clone(),
                    correlation_id: correlation_id.to_owned(),
                });
            }
        }
        deliveries
    }

    /// Sends `deliveries` in the background.
    pub fn send(&self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            let this = self.clone();
            tokio::spawn(async move { this.deliver(delivery).await });
        }
    }

    async fn deliver(self, delivery: Delivery) {
        self.attempts(&delivery).await;
        if let Some(db) = &self.db {
            if let Err(e) = db.delivery_done(&delivery.id) {
                eprintln!("azotte-gateway: state file: cannot remove a finished delivery: {e}");
            }
        }
    }

    async fn attempts(&self, delivery: &Delivery) {
        let Delivery {
            url,
            event_type,
            event: inner,
            correlation_id: cid,
            ..
        } = delivery;
        for attempt in 1..=self.attempts {
            let body = wrap(&self.spec, inner.clone(), event_type, cid)
                .to_string()
                .into_bytes();
            let mut request = self
                .http
                .post(url.as_str())
                .header("content-type", "application/json")
                .header("x-correlation-id", cid)
                .body(body.clone());
            if let Some(signing) = self.signing {
                let ts = unix_now();
                request = request.header(
                    signing.signature_header,
                    sign_webhook(signing, &self.secret, ts, &body),
                );
                if let Some(TimestampSource::Header(h)) = signing.timestamp {
                    request = request.header(h, ts.to_string());
                }
            }
            let status = request.send().await.ok().map(|r| r.status().as_u16());
            lock(&self.record).push(Attempt {
                url: url.clone(),
                event_type: event_type.clone(),
                attempt,
                status,
            });
            let shown = status.map_or("no answer".to_owned(), |s| format!("HTTP {s}"));
            if status.is_some_and(|s| (200..300).contains(&s)) {
                if self.log {
                    eprintln!(
                        "webhook {event_type} -> {url}: attempt {attempt} {shown}, delivered"
                    );
                }
                return;
            }
            if attempt == self.attempts {
                if self.log {
                    eprintln!(
                        "webhook {event_type} -> {url}: attempt {attempt} {shown}, giving up"
                    );
                }
                return;
            }
            let delay = self.backoff(attempt);
            if self.log {
                eprintln!("webhook {event_type} -> {url}: attempt {attempt} {shown}, retrying in {delay:?}");
            }
            tokio::time::sleep(delay).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let config = Config {
            webhook_backoff: Duration::from_millis(100),
            webhook_max_backoff: Duration::from_secs(1),
            ..Config::default()
        };
        let w = Webhooks::new(&spec, &config);
        let ms: Vec<u128> = (1..=6).map(|n| w.backoff(n).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1000, 1000]);
        let signing = w.signing.expect("the W2M scheme");
        assert_eq!(
            signing.timestamp,
            Some(TimestampSource::BodyField("diagnostics.createdAt"))
        );
        assert_eq!(signing.signed, [azotte_runtime::SignedPart::Body]);
        let shown = format!("{w:?}");
        assert!(!shown.contains(&config.webhook_secret), "{shown}");
        let b = body(
            &spec,
            &Emitted {
                event_type: "payment.captured",
                data: json!({ "a": 1 }),
            },
            "cid",
        );
        assert_eq!(b["event"]["type"], "payment.captured");
        assert_eq!(b["event"]["data"]["a"], 1);
        assert_eq!(b["diagnostics"]["correlationId"], "cid");
        assert_eq!(b["statusCode"], "MNT-000-00");
    }
}
