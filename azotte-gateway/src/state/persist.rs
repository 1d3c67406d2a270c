//! The state file (`--state PATH`): SQLite, through `rusqlite` with its
//! bundled build, one table of records `(kind, tenant, key, value)` where
//! `value` is the record as JSON — customers, offers, checkouts, payment
//! methods, subscriptions, idempotency answers and pending webhook
//! deliveries — and a `meta` table holding the identifier counter. A tenant
//! exists through its records. Everything is loaded at start; afterwards
//! the file is only written.
//!
//! Write-through: the records a call changed (its tenant's [`Tracked`]
//! maps say which), the deliveries it emitted and the counter are written in
//! **one transaction, committed before the answer is sent**, under the
//! tenant's lock, so the file's order of writes is the order the tenant saw
//! them. A crash therefore loses no acknowledged write and never leaves half
//! of one. If the commit fails the call answers 500 and the change is not
//! acknowledged.
//!
//! Durability: WAL journal with `synchronous=NORMAL`. A commit is in the
//! WAL file (written by the OS, not our process) when `COMMIT` returns, so
//! it survives `kill -9` or a panic; only a power loss or OS crash may lose
//! the last commits (never corrupting the file). `FULL` would add an fsync
//! per call to guard against power loss too, which for a local developer
//! emulator costs more than it saves. Identifier numbers come from one
//! counter shared by the tenants, stored as the largest value committed.
//!
//! A fresh file gets the documents' example records (`seed`) in its first
//! transactions; a file that has them is loaded as it is, so deleting a
//! seeded customer stays deleted.
//!
//! [`Tracked`]: super::tracked::Tracked

use super::customers::reindex;
use super::{lock, seed, Store, Tenant};
use crate::webhooks::Delivery;
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

/// One record a call changed: its kind, key and new JSON (`None` = removed).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    kind: &'static str,
    key: String,
    value: Option<String>,
}

const CUSTOMER: &str = "customer";
const OFFER: &str = "offer";
const CHECKOUT: &str = "checkout";
const PAYMENT_METHOD: &str = "payment_method";
const SUBSCRIPTION: &str = "subscription";
const IDEMPOTENCY: &str = "idempotency";
const DELIVERY: &str = "webhook_delivery";

/// The open state file.
#[derive(Debug)]
pub struct Db {
    path: PathBuf,
    conn: Mutex<Connection>,
}

fn located(path: &Path, what: &str, e: impl std::fmt::Display) -> String {
    format!("state file {}: {what}: {e}", path.display())
}

impl Db {
    /// Opens (or creates) the file at `path`, in WAL mode.
    pub fn open(path: &Path) -> Result<Db, String> {
        let conn = Connection::open(path).map_err(|e| located(path, "cannot open", e))?;
        let setup = |conn: &Connection| -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(rusqlite::Error::InvalidQuery);
            }
            conn.execute_batch(
                "PRAGMA synchronous=NORMAL;
                 CREATE TABLE IF NOT EXISTS records (
                     kind TEXT NOT NULL, tenant TEXT NOT NULL, key TEXT NOT NULL,
                     value TEXT NOT NULL, PRIMARY KEY (kind, tenant, key)) WITHOUT ROWID;
                 CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);",
            )
        };
        setup(&conn).map_err(|e| located(path, "not a usable SQLite state file", e))?;
        Ok(Db {
            path: path.to_owned(),
            conn: Mutex::new(conn),
        })
    }

    fn counter(&self) -> Result<Option<u64>, String> {
        lock(&self.conn)
            .query_row("SELECT value FROM meta WHERE name = 'seq'", [], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
            .map(|v| v.map(|n| n.max(0) as u64))
            .map_err(|e| located(&self.path, "cannot read the counter", e))
    }

    /// Writes one call's changes and deliveries in one transaction.
    pub fn commit(
        &self,
        tenant: &str,
        changes: &[Change],
        deliveries: &[Delivery],
        seq: u64,
    ) -> Result<(), String> {
        let mut conn = lock(&self.conn);
        let write = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            {
                let mut put = tx.prepare_cached(
                    "INSERT OR REPLACE INTO records (kind, tenant, key, value) VALUES (?1, ?2, ?3, ?4)",
                )?;
                let mut delete = tx.prepare_cached(
                    "DELETE FROM records WHERE kind = ?1 AND tenant = ?2 AND key = ?3",
                )?;
                for c in changes {
                    match &c.value {
                        Some(v) => put.execute(params![c.kind, tenant, c.key, v])?,
                        None => delete.execute(params![c.kind, tenant, c.key])?,
                    };
                }
                for d in deliveries {
                    let json = serde_json::to_string(d).unwrap_or_default();
                    put.execute(params![DELIVERY, tenant, d.id, json])?;
                }
            }
            tx.execute(
                "INSERT INTO meta (name, value) VALUES ('seq', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
                params![seq as i64],
            )?;
            tx.commit()
        };
        write(&mut conn).map_err(|e| located(&self.path, "cannot commit a change", e))
    }

    /// Removes a delivery that was delivered or given up.
    pub fn delivery_done(&self, id: &str) -> Result<(), String> {
        lock(&self.conn)
            .execute(
                "DELETE FROM records WHERE kind = ?1 AND key = ?2",
                params![DELIVERY, id],
            )
            .map(drop)
            .map_err(|e| located(&self.path, "cannot remove a delivery", e))
    }

    /// Loads every record into `store`; returns the pending deliveries.
    fn load(&self, store: &Store) -> Result<Vec<Delivery>, String> {
        let conn = lock(&self.conn);
        let mut query = conn
            .prepare("SELECT kind, tenant, key, value FROM records ORDER BY kind, tenant, key")
            .map_err(|e| located(&self.path, "cannot read", e))?;
        let rows = query
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| located(&self.path, "cannot read", e))?;
        let mut deliveries = Vec::new();
        for row in rows {
            let (kind, tenant, key, value) =
                row.map_err(|e| located(&self.path, "cannot read", e))?;
            let at = format!("record {kind} {key} of tenant {tenant}");
            let arc = store.tenant(&tenant);
            let mut t = lock(&arc);
            match kind.as_str() {
                CUSTOMER => t.customers.load(key, parse(&self.path, &at, &value)?),
                OFFER => t.offers.load(key, parse(&self.path, &at, &value)?),
                CHECKOUT => t.checkouts.load(key, parse(&self.path, &at, &value)?),
                PAYMENT_METHOD => t.payment_methods.load(key, parse(&self.path, &at, &value)?),
                SUBSCRIPTION => t.subscriptions.load(key, parse(&self.path, &at, &value)?),
                IDEMPOTENCY => t.idempotent.load(key, parse(&self.path, &at, &value)?),
                DELIVERY => deliveries.push(parse(&self.path, &at, &value)?),
                other => return Err(located(&self.path, &at, format!("unknown kind `{other}`"))),
            }
        }
        for arc in lock(&store.tenants).values() {
            reindex(&mut lock(arc));
        }
        Ok(deliveries)
    }
}

fn parse<T: DeserializeOwned>(path: &Path, at: &str, json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| located(path, at, e))
}

fn drain<V: Serialize>(
    kind: &'static str,
    map: &mut super::tracked::Tracked<V>,
    keep: impl Fn(&V) -> bool,
    out: &mut Vec<Change>,
) {
    for key in map.take_dirty() {
        let value = map
            .get(&key)
            .filter(|v| keep(v))
            .map(|v| serde_json::to_string(v).unwrap_or_default());
        out.push(Change { kind, key, value });
    }
}

/// The records `t` changed since the last call, forgetting them. An
/// idempotency key still in flight is not a record: it is stored once its
/// request succeeded (a restart never leaves a key stuck at 409).
pub fn changes(t: &mut Tenant) -> Vec<Change> {
    let mut out = Vec::new();
    drain(CUSTOMER, &mut t.customers, |_| true, &mut out);
    drain(OFFER, &mut t.offers, |_| true, &mut out);
    drain(CHECKOUT, &mut t.checkouts, |_| true, &mut out);
    drain(PAYMENT_METHOD, &mut t.payment_methods, |_| true, &mut out);
    drain(SUBSCRIPTION, &mut t.subscriptions, |_| true, &mut out);
    drain(
        IDEMPOTENCY,
        &mut t.idempotent,
        |e| matches!(e, crate::idempotency::Entry::Done { .. }),
        &mut out,
    );
    out
}

/// Opens `path` into `store`: a fresh file gets the seeded records, an
/// existing one is loaded. Returns the deliveries still pending.
pub(super) fn attach(
    store: &mut Store,
    path: &Path,
    default_tenant: &str,
) -> Result<Vec<Delivery>, String> {
    let db = std::sync::Arc::new(Db::open(path)?);
    let pending = match db.counter()? {
        None => {
            seed::seed(store, default_tenant);
            let seq = store.seq.load(Ordering::SeqCst);
            for arc in lock(&store.tenants).values() {
                let mut t = lock(arc);
                let id = t.id.clone();
                db.commit(&id, &changes(&mut t), &[], seq)?;
            }
            Vec::new()
        }
        Some(seq) => {
            store.seq.fetch_max(seq, Ordering::SeqCst);
            db.load(store)?
        }
    };
    store.db = Some(db);
    Ok(pending)
}

/// A checkout or subscription state name. An alias, so serde does not take
/// the field for a string borrowed from the input (see [`state_name`]).
pub type StateName = &'static str;

/// Serde for the `&'static str` state names of checkouts and subscriptions.
pub mod state_name {
    use serde::{Deserialize, Deserializer, Serializer};

    const NAMES: [&str; 8] = [
        "Pending",
        "Processing",
        "RequiresAction",
        "Succeeded",
        "Failed",
        "Active",
        "PendingCancellation",
        "Cancelled",
    ];

    /// Writes the name.
    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name)
    }

    /// Reads a known name.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let name = String::deserialize(d)?;
        NAMES
            .into_iter()
            .find(|n| *n == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown state `{name}`")))
    }
}
