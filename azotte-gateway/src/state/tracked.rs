//! A map that remembers which keys changed, so each acknowledged write can
//! be persisted as exactly the records it touched (`super::persist`).
//! Reads go through `Deref` to the `HashMap`; every way to change it is a
//! method here that marks the key, so no mutation can bypass the record.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;

/// A `HashMap<String, V>` that records the keys written or removed since
/// the last [`Tracked::take_dirty`].
#[derive(Debug)]
pub struct Tracked<V> {
    map: HashMap<String, V>,
    dirty: HashSet<String>,
}

impl<V> Default for Tracked<V> {
    fn default() -> Self {
        Tracked {
            map: HashMap::new(),
            dirty: HashSet::new(),
        }
    }
}

impl<V> Deref for Tracked<V> {
    type Target = HashMap<String, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V> Tracked<V> {
    /// Inserts or replaces `key`.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.dirty.insert(key.clone());
        self.map.insert(key, value)
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let removed = self.map.remove(key);
        if removed.is_some() {
            self.dirty.insert(key.to_owned());
        }
        removed
    }

    /// The value of `key` for changing (marked changed).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        if self.map.contains_key(key) {
            self.dirty.insert(key.to_owned());
        }
        self.map.get_mut(key)
    }

    /// Every value for changing (all marked changed).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.dirty.extend(self.map.keys().cloned());
        self.map.values_mut()
    }

    /// Keeps the entries `keep` accepts (the removed ones marked changed).
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        let dirty = &mut self.dirty;
        self.map.retain(|k, v| {
            let kept = keep(k, v);
            if !kept {
                dirty.insert(k.clone());
            }
            kept
        });
    }

    /// The keys changed since the last call, and forgets them.
    pub fn take_dirty(&mut self) -> Vec<String> {
        self.dirty.drain().collect()
    }

    /// Puts a loaded record in place without marking it changed.
    pub(crate) fn load(&mut self, key: String, value: V) {
        self.map.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_is_recorded() {
        let mut m = Tracked::default();
        m.load("loaded".into(), 0);
        assert!(m.take_dirty().is_empty());
        m.insert("a".into(), 1);
        m.insert("b".into(), 2);
        assert_eq!(m.get("a"), Some(&1));
        let mut d = m.take_dirty();
        d.sort();
        assert_eq!(d, ["a", "b"]);
        *m.get_mut("a").unwrap() = 3;
        assert!(m.get_mut("zzz").is_none());
        assert_eq!(m.take_dirty(), ["a"]);
        m.retain(|k, _| k != "b");
        assert_eq!(m.take_dirty(), ["b"]);
        assert!(m.remove("nope").is_none());
        m.remove("a");
        assert_eq!(m.take_dirty(), ["a"]);
        m.values_mut().for_each(|v| *v += 1);
        assert_eq!(m.take_dirty(), ["loaded"]);
    }
}
