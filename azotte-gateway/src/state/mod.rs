//! In-memory state, one isolated [`Tenant`] per tenant id (`x-tn`, or
//! `X-Moneti-Tenant` on the token lanes). URNs and identifiers come from one
//! counter shared by every tenant, so a URN of one tenant never exists in
//! another: looking it up there is `*_NOT_FOUND` (document 001, tenant isolation).
//!
//! Operations live beside their data: `customers`, `offers` (catalog and
//! resolution), `checkout`, `payments`, `subscriptions`. They return JSON in
//! the wire shape of the spec's types, or a [`Fail`] naming a catalog code.
//! A fresh store holds the documents' example customers (`seed`).
//! Every map a call can change is [`tracked::Tracked`], so the call's
//! changes can be committed to the state file (`persist`, `--state`).

pub mod checkout;
pub mod customers;
pub mod limits;
pub mod offers;
pub mod payments;
pub mod persist;
pub mod seed;
pub mod subscriptions;
pub mod tracked;

use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tracked::Tracked;

/// Locks `m`, carrying on with the data if a holder panicked.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A failed operation: a catalog code, a message, and the input field at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Fail {
    /// A code of the spec's error catalog (C2A spelling; the dispatcher maps
    /// it to the endpoint's documented code with the same HTTP status).
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// Wire path of the offending input, when there is one.
    pub field: Option<String>,
    /// The HTTP status when `code` may be missing from the spec's catalog:
    /// the gateway's own validation failures are 400 in any API, and are
    /// answered as that API's code for 400.
    pub http: Option<u16>,
}

impl Fail {
    /// A failure not tied to a field.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Fail {
            code: code.to_owned(),
            message: message.into(),
            field: None,
            http: None,
        }
    }

    /// An `INVALID_REQUEST` naming `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Fail {
            field: Some(field.to_owned()),
            http: Some(400),
            ..Fail::new("INVALID_REQUEST", message)
        }
    }
}

/// Result of an operation.
pub type Outcome<T = Value> = Result<T, Fail>;

/// A W2M event produced by a state change, delivered after the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    /// The event type, e.g. `subscription.activated`.
    pub event_type: &'static str,
    /// Its data, in the shape of the event's payload type.
    pub data: Value,
}

/// Everything one tenant owns.
#[derive(Debug, Default)]
pub struct Tenant {
    /// Tenant id, as sent.
    pub id: String,
    /// Customers by URN.
    pub customers: Tracked<customers::Customer>,
    pub(crate) by_external: HashMap<String, String>,
    pub(crate) by_email: HashMap<String, String>,
    pub(crate) by_phone: HashMap<String, String>,
    /// Resolved offers by offerIdentifier.
    pub offers: Tracked<offers::Offer>,
    /// Checkouts by trackingNumber.
    pub checkouts: Tracked<checkout::Checkout>,
    /// Payment methods by URN.
    pub payment_methods: Tracked<payments::PaymentMethod>,
    /// Subscriptions by orderIdentifier.
    pub subscriptions: Tracked<subscriptions::Subscription>,
    /// Idempotency keys and the answers of their requests (`crate::idempotency`).
    pub idempotent: Tracked<crate::idempotency::Entry>,
}

/// All tenants.
#[derive(Debug)]
pub struct Store {
    tenants: Mutex<HashMap<String, Arc<Mutex<Tenant>>>>,
    seq: AtomicU64,
    /// Status polls a checkout answers `Processing` before moving on.
    pub processing_polls: u32,
    /// The state file (`--state`), when there is one.
    db: Option<Arc<persist::Db>>,
}

impl Store {
    /// A store holding only the documents' example records (`seed`);
    /// `default_tenant` is the tenant of calls naming none.
    pub fn new(processing_polls: u32, default_tenant: &str) -> Self {
        let store = Store::empty(processing_polls);
        seed::seed(&store, default_tenant);
        for arc in lock(&store.tenants).values() {
            persist::changes(&mut lock(arc)); // nothing to persist them to
        }
        store
    }

    fn empty(processing_polls: u32) -> Self {
        Store {
            tenants: Mutex::new(HashMap::new()),
            seq: AtomicU64::new(seed::FIRST_GENERATED - 1),
            processing_polls,
            db: None,
        }
    }

    /// A store kept in the state file at `path` (see `persist`): loaded
    /// from it, or seeded into it when it is new. Returns the webhook
    /// deliveries still pending there.
    pub fn open(
        processing_polls: u32,
        default_tenant: &str,
        path: &std::path::Path,
    ) -> Result<(Self, Vec<crate::webhooks::Delivery>), String> {
        let mut store = Store::empty(processing_polls);
        let pending = persist::attach(&mut store, path, default_tenant)?;
        Ok((store, pending))
    }

    /// The state file, when there is one.
    pub fn db(&self) -> Option<&Arc<persist::Db>> {
        self.db.as_ref()
    }

    /// Ends a call on tenant `t`: the records it changed and the
    /// `deliveries` it emitted are committed in one transaction (with a
    /// state file; without one they are only forgotten). Called with the
    /// tenant locked, before the answer is sent.
    pub fn commit(
        &self,
        t: &mut Tenant,
        deliveries: &[crate::webhooks::Delivery],
    ) -> Result<(), String> {
        let changes = persist::changes(t);
        match &self.db {
            Some(db) if !changes.is_empty() || !deliveries.is_empty() => {
                db.commit(&t.id, &changes, deliveries, self.seq.load(Ordering::SeqCst))
            }
            _ => Ok(()),
        }
    }

    /// The tenant `id`, created empty on first use.
    pub fn tenant(&self, id: &str) -> Arc<Mutex<Tenant>> {
        lock(&self.tenants)
            .entry(id.to_owned())
            .or_insert_with(|| {
                Arc::new(Mutex::new(Tenant {
                    id: id.to_owned(),
                    ..Tenant::default()
                }))
            })
            .clone()
    }

    /// A fresh number, unique across tenants.
    pub fn next(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A fresh identifier `prefix.00.N` (URN shape of document 002, `cu.00.482`).
    pub fn urn(&self, prefix: &str) -> String {
        format!("{prefix}.00.{}", self.next())
    }
}

/// `object[key]` as a non-empty string.
pub fn text<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}
