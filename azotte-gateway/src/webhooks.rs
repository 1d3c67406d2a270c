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
//! inside the receiver's replay window.
//!
//! One worker per gateway sends every attempt (at most [`CONCURRENCY`] at
//! once, so a receiver that never answers cannot stall the others), keeps
//! the retries in a queue ordered by due time, and holds no task per event.
//! At most `Config::webhook_queue` deliveries wait (queued, in flight or
//! between retries); past that a new delivery is dropped, a line says so
//! (even with `--quiet`) and `overflowed` counts it at `/_gateway/stats`.
//! Order between deliveries is not guaranteed. Log lines show receiver URLs
//! without userinfo and query ([`crate::config::redact_url`]).
//!
//! Without `--state`, pending retries are dropped when the gateway stops.
//! With `--state`, each [`Delivery`] is committed with the change that
//! emitted it ([`Webhooks::plan`], then `state::Store::commit`, then
//! [`Webhooks::send`]) and stays in the file until it ends: delivered,
//! given up after the last attempt, or dropped at the queue's limit. An
//! overflow is a loss the running gateway has already reported (log line,
//! `overflowed`), so it leaves the file like a delivery given up: a restart
//! resends what was still waiting, never what was already reported lost,
//! and a receiver that stays down cannot grow the file past the queue's
//! limit. At start the pending deliveries go through the same queue (from
//! attempt 1), so more of them than `--webhook-queue` overflow the same way.

use crate::auth::{leak, signed_parts};
use crate::config::{redact_url, Config};
use crate::envelope::{self, Meta};
use crate::state::persist::Db;
use crate::state::{lock, Emitted};
use crate::time::{now_iso, unix_now};
use azotte_runtime::{reqwest, sign_webhook, TimestampSource, WebhookSpec};
use azotte_spec::model::{AuthKind, Direction, PayloadLocation, Spec};
use serde_json::{json, Value};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Attempts kept for [`crate::Gateway::deliveries`] (the oldest go first).
pub const RECORD_LIMIT: usize = 10_000;
/// Attempts in flight at once.
pub const CONCURRENCY: usize = 8;

/// One attempt, as recorded for [`crate::Gateway::deliveries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Receiver URL, without userinfo and query (as logged).
    pub url: String,
    /// Event type delivered.
    pub event_type: String,
    /// 1-based attempt number.
    pub attempt: u32,
    /// HTTP status received; `None` when the receiver could not be reached.
    pub status: Option<u16>,
}

/// One event to one receiver, from its first attempt until it is
/// delivered, given up or dropped at the queue's limit. With `--state` it
/// is stored in the same transaction as the change that emitted it and
/// removed when it ends (any of the three), so a restart resends every
/// delivery still pending (from attempt 1; the event and its `event.id`
/// unchanged, so receivers deduplicate).
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

/// The sender: receivers, secret, signing, retry settings and the queue.
/// `Debug` shows neither the secret nor the spec, and URLs redacted.
pub struct Webhooks {
    sender: Arc<Sender>,
    /// The worker's inbox, created with the worker on the first event.
    inbox: OnceLock<mpsc::UnboundedSender<Job>>,
}

/// What the worker and its attempts share.
struct Sender {
    urls: Vec<String>,
    secret: String,
    signing: Option<&'static WebhookSpec>,
    /// The spec, shared by every attempt (each renders its envelope anew).
    spec: Arc<Spec>,
    base: Duration,
    max_backoff: Duration,
    attempts: u32,
    queue_limit: usize,
    log: bool,
    http: reqwest::Client,
    record: Mutex<VecDeque<Attempt>>,
    counters: Counters,
    /// The state file, which keeps pending deliveries (`--state`).
    db: Option<Arc<Db>>,
}

/// The queue's counters (`/_gateway/stats`).
#[derive(Default)]
struct Counters {
    /// Deliveries waiting: queued, in flight or between retries.
    waiting: AtomicUsize,
    delivered: AtomicU64,
    given_up: AtomicU64,
    overflowed: AtomicU64,
    attempts: AtomicU64,
}

/// One delivery and the attempt to make next (1-based).
struct Job {
    delivery: Delivery,
    attempt: u32,
}

/// A job due at `at`; `seq` keeps equal times in arrival order.
struct Due {
    at: Instant,
    seq: u64,
    job: Job,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Due {}
impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Due {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.sender;
        let urls: Vec<String> = s.urls.iter().map(|u| redact_url(u)).collect();
        f.debug_struct("Webhooks")
            .field("urls", &urls)
            .field("secret", &format_args!("[REDACTED]"))
            .field("signing", &s.signing)
            .field("attempts", &s.attempts)
            .field("stats", &self.stats())
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
    /// From the configuration and the spec's W2M lane; deliveries that end
    /// are removed from the state file `db` (`--state`), when there is one.
    pub fn new(spec: &Spec, config: &Config, db: Option<Arc<Db>>) -> Self {
        let sender = Sender {
            urls: config.webhooks.clone(),
            secret: config.webhook_secret.clone(),
            signing: signing(spec),
            spec: Arc::new(spec.clone()),
            base: config.webhook_backoff,
            max_backoff: config.webhook_max_backoff,
            attempts: config.webhook_attempts.max(1),
            queue_limit: config.webhook_queue.max(1),
            log: config.log_requests,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            record: Mutex::new(VecDeque::new()),
            counters: Counters::default(),
            db,
        };
        Webhooks {
            sender: Arc::new(sender),
            inbox: OnceLock::new(),
        }
    }

    /// Delay before attempt `n + 1` (after `n` failures).
    pub fn backoff(&self, n: u32) -> Duration {
        self.sender.backoff(n)
    }

    /// The latest attempts, oldest first (at most [`RECORD_LIMIT`]).
    pub fn attempts(&self) -> Vec<Attempt> {
        lock(&self.sender.record).iter().cloned().collect()
    }

    /// The queue's counters: `waiting` (queued, in flight or between
    /// retries), `delivered`, `givenUp` (all attempts failed), `overflowed`
    /// (dropped because `queueLimit` were waiting), `attempts`.
    pub fn stats(&self) -> Value {
        let c = &self.sender.counters;
        json!({
            "waiting": c.waiting.load(Ordering::Relaxed),
            "queueLimit": self.sender.queue_limit,
            "delivered": c.delivered.load(Ordering::Relaxed),
            "givenUp": c.given_up.load(Ordering::Relaxed),
            "overflowed": c.overflowed.load(Ordering::Relaxed),
            "attempts": c.attempts.load(Ordering::Relaxed),
        })
    }

    /// One [`Delivery`] per event and receiver (none without receivers).
    /// The caller commits them with the change that emitted them (see
    /// `state::Store::commit`), then hands them to [`Webhooks::send`].
    pub fn plan(&self, spec: &Spec, events: Vec<Emitted>, correlation_id: &str) -> Vec<Delivery> {
        let mut deliveries = Vec::new();
        for event in events {
            let inner = event_object(spec, &event);
            for url in &self.sender.urls {
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

    /// Queues `deliveries` for the worker (new ones, or those pending in
    /// the state file at start). Past the queue's limit a delivery is
    /// dropped: logged, counted as `overflowed` and removed from the state
    /// file like a delivery given up, so a restart does not resend what
    /// the running gateway already reported lost (and a receiver that
    /// stays down cannot grow the file without bound).
    pub fn send(&self, deliveries: Vec<Delivery>) {
        let sender = &self.sender;
        if deliveries.is_empty() {
            return;
        }
        let inbox = self.inbox.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(worker(sender.clone(), rx));
            tx
        });
        for delivery in deliveries {
            let waiting = sender.counters.waiting.fetch_add(1, Ordering::Relaxed);
            if waiting >= sender.queue_limit {
                sender.counters.waiting.fetch_sub(1, Ordering::Relaxed);
                let total = sender.counters.overflowed.fetch_add(1, Ordering::Relaxed) + 1;
                eprintln!(
                    "webhook {} -> {}: dropped, {} deliveries already waiting \
                     (--webhook-queue); {total} dropped so far",
                    delivery.event_type,
                    redact_url(&delivery.url),
                    sender.queue_limit
                );
                sender.forget(&delivery);
                continue;
            }
            let job = Job {
                delivery,
                attempt: 1,
            };
            if inbox.send(job).is_err() {
                // The worker is gone with the runtime; the state file keeps
                // the delivery for the next start.
                sender.counters.waiting.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

/// The one delivery worker: takes new jobs, starts due attempts (at most
/// [`CONCURRENCY`] at once), reschedules failed ones after their backoff.
async fn worker(sender: Arc<Sender>, mut inbox: mpsc::UnboundedReceiver<Job>) {
    let mut due: BinaryHeap<Reverse<Due>> = BinaryHeap::new();
    let mut in_flight = tokio::task::JoinSet::new();
    let mut seq = 0u64;
    loop {
        let now = Instant::now();
        while in_flight.len() < CONCURRENCY && due.peek().is_some_and(|d| d.0.at <= now) {
            if let Some(Reverse(next)) = due.pop() {
                in_flight.spawn(sender.clone().attempt(next.job));
            }
        }
        let next_at = due
            .peek()
            .map(|d| d.0.at)
            .filter(|_| in_flight.len() < CONCURRENCY);
        tokio::select! {
            job = inbox.recv() => match job {
                Some(job) => {
                    seq += 1;
                    due.push(Reverse(Due { at: Instant::now(), seq, job }));
                }
                None => return, // the gateway is gone
            },
            Some(done) = in_flight.join_next() => {
                let Ok((mut job, delivered)) = done else { continue };
                let c = &sender.counters;
                if delivered || job.attempt >= sender.attempts {
                    let counter = if delivered { &c.delivered } else { &c.given_up };
                    counter.fetch_add(1, Ordering::Relaxed);
                    c.waiting.fetch_sub(1, Ordering::Relaxed);
                } else {
                    let at = Instant::now() + sender.backoff(job.attempt);
                    job.attempt += 1;
                    seq += 1;
                    due.push(Reverse(Due { at, seq, job }));
                }
            }
            _ = tokio::time::sleep_until(next_at.unwrap_or(now)), if next_at.is_some() => {}
        }
    }
}

impl Sender {
    /// Removes a delivery that ended (delivered, given up or dropped) from
    /// the state file, if there is one.
    fn forget(&self, delivery: &Delivery) {
        if let Some(db) = &self.db {
            if let Err(e) = db.delivery_done(&delivery.id) {
                eprintln!("azotte-gateway: {e}");
            }
        }
    }

    fn backoff(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max_backoff)
    }

    /// One attempt of `job`; returns it with whether it was delivered.
    /// A delivery that ends here (delivered, or its last attempt failed)
    /// leaves the state file.
    async fn attempt(self: Arc<Self>, job: Job) -> (Job, bool) {
        let attempt = job.attempt;
        let Delivery {
            url,
            event_type,
            event,
            correlation_id: cid,
            ..
        } = &job.delivery;
        let body = wrap(&self.spec, event.clone(), event_type, cid)
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
        self.counters.attempts.fetch_add(1, Ordering::Relaxed);
        let url = redact_url(url);
        {
            let mut record = lock(&self.record);
            if record.len() >= RECORD_LIMIT {
                record.pop_front();
            }
            record.push_back(Attempt {
                url: url.clone(),
                event_type: event_type.clone(),
                attempt,
                status,
            });
        }
        let shown = status.map_or("no answer".to_owned(), |s| format!("HTTP {s}"));
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        if self.log {
            let next = if delivered {
                "delivered".to_owned()
            } else if attempt >= self.attempts {
                "giving up".to_owned()
            } else {
                format!("retrying in {:?}", self.backoff(attempt))
            };
            eprintln!("webhook {event_type} -> {url}: attempt {attempt} {shown}, {next}");
        }
        if delivered || attempt >= self.attempts {
            self.forget(&job.delivery);
        }
        (job, delivered)
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
        let w = Webhooks::new(&spec, &config, None);
        let ms: Vec<u128> = (1..=6).map(|n| w.backoff(n).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1000, 1000]);
        let signing = w.sender.signing.expect("the W2M scheme");
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
