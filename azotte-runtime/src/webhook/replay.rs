//! The replay cache of a [`WebhookVerifier`](super::WebhookVerifier): which
//! authentic deliveries were already accepted inside their replay window.
//!
//! Keyed on the delivery's MAC (the 32 bytes its signature header carries),
//! i.e. on the exact signed bytes: the same bytes again are a replay, any
//! change to them is a different delivery (and needs the secret to sign).
//! Only deliveries whose signature verified are recorded, so nobody without
//! the secret can fill the cache. An entry expires when its delivery's
//! timestamp leaves the window: after that the verifier refuses the bytes
//! as stale anyway. Memory is bounded: at `capacity` entries the oldest is
//! dropped first (it loses replay protection early, nothing else happens).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Mutex;

/// Identifies one accepted delivery (its MAC) so it can be
/// [released](super::WebhookVerifier::release) when you could not process it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplayKey(pub(crate) [u8; 32]);

impl fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The MAC is what the signature header already carried; its prefix identifies it in logs.
        write!(f, "ReplayKey({}…)", hex::encode(&self.0[..4]))
    }
}

/// Default number of deliveries remembered per verifier.
pub const DEFAULT_REPLAY_CAPACITY: usize = 10_000;

#[derive(Default)]
struct Entries {
    /// Key → unix second at which it expires.
    expiry: HashMap<[u8; 32], u64>,
    /// Insertion order (may hold released or re-claimed records; checked on pop).
    order: VecDeque<([u8; 32], u64)>,
}

pub(crate) struct ReplayCache {
    capacity: usize,
    entries: Mutex<Entries>,
}

impl ReplayCache {
    pub(crate) fn new(capacity: usize) -> Self {
        ReplayCache {
            capacity,
            entries: Mutex::new(Entries::default()),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records `key` until `expires`; `false` when it is already recorded
    /// and not expired at `now` (a replay).
    pub(crate) fn claim(&self, key: [u8; 32], expires: u64, now: u64) -> bool {
        if self.capacity == 0 {
            return true;
        }
        let mut e = self.lock();
        if e.expiry.get(&key).is_some_and(|&until| until > now) {
            return false;
        }
        // Drop expired records from the front, then the oldest while full.
        while let Some(&(k, until)) = e.order.front() {
            let live = e.expiry.get(&k) == Some(&until);
            if live && until > now && e.expiry.len() < self.capacity {
                break;
            }
            e.order.pop_front();
            if live {
                e.expiry.remove(&k);
            }
        }
        e.expiry.insert(key, expires);
        e.order.push_back((key, expires));
        if e.order.len() > 2 * self.capacity + 16 {
            let Entries { expiry, order } = &mut *e;
            order.retain(|(k, until)| expiry.get(k) == Some(until));
        }
        true
    }

    /// Forgets `key` (its delivery was not processed; a retry is welcome).
    pub(crate) fn release(&self, key: &ReplayKey) {
        self.lock().expiry.remove(&key.0);
    }

    #[cfg(test)]
    fn len(&self) -> (usize, usize) {
        let e = self.lock();
        (e.expiry.len(), e.order.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_expire_release_and_stay_bounded() {
        let cache = ReplayCache::new(3);
        assert!(cache.claim([1; 32], 100, 0));
        assert!(!cache.claim([1; 32], 100, 99), "replay inside the window");
        assert!(
            cache.claim([1; 32], 200, 100),
            "expired entries no longer count"
        );
        cache.release(&ReplayKey([1; 32]));
        assert!(cache.claim([1; 32], 200, 101), "released: the retry passes");
        for k in 2..50u8 {
            assert!(cache.claim([k; 32], 1_000, 150));
        }
        let (live, records) = cache.len();
        assert_eq!(live, 3);
        assert!(records <= 2 * 3 + 16, "{records}");
        assert!(!cache.claim([49; 32], 1_000, 150));
        assert!(ReplayCache::new(0).claim([1; 32], 1, 0));
        assert!(ReplayCache::new(0).claim([1; 32], 1, 0));
    }
}
