//! What reaches each type: which lanes (for the lane cargo features, see
//! `Gates`) and which way over the wire (for the serde derives, see
//! [`Wire`]). Both are one walk: mark a bit on a type and on everything its
//! fields use.

use azotte_spec::model::{Endpoint, TypeKind, TypeRef};
use azotte_spec::Spec;
use std::collections::HashMap;

/// A bit mask per type of the spec (in `spec.types` order).
pub(crate) struct Reach<'s> {
    spec: &'s Spec,
    index: HashMap<&'s str, usize>,
    pub masks: Vec<u64>,
}

impl<'s> Reach<'s> {
    pub fn new(spec: &'s Spec) -> Self {
        let index = spec
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        Reach {
            spec,
            index,
            masks: vec![0; spec.types.len()],
        }
    }

    /// Marks `bit` on the type `ty` names and on everything it uses.
    pub fn mark(&mut self, ty: &TypeRef, bit: u64) {
        match ty {
            TypeRef::Primitive(_) => {}
            TypeRef::List(inner) | TypeRef::Map(inner) => self.mark(inner, bit),
            TypeRef::Named(name) => {
                let Some(&i) = self.index.get(name.as_str()) else {
                    return;
                };
                if self.masks[i] & bit == bit {
                    return;
                }
                self.masks[i] |= bit;
                let spec = self.spec;
                if let TypeKind::Object { fields } = &spec.types[i].kind {
                    for f in fields {
                        self.mark(&f.ty, bit);
                    }
                }
            }
        }
    }

    /// Marks `bit` on every type nothing has marked yet, and on all they use.
    pub fn mark_unreached(&mut self, bit: u64) {
        let spec = self.spec;
        let unreached: Vec<&str> = spec
            .types
            .iter()
            .zip(&self.masks)
            .filter(|(_, m)| **m == 0)
            .map(|(t, _)| t.name.as_str())
            .collect();
        for name in unreached {
            self.mark(&TypeRef::Named(name.to_owned()), bit);
        }
    }
}

/// The types an endpoint's parameters name (sent as text, through `Display`).
pub(crate) fn params(ep: &Endpoint) -> impl Iterator<Item = &TypeRef> {
    ep.path_params.iter().chain(&ep.query_params).map(|p| &p.ty)
}

/// Which ways a type crosses the wire, so it derives only the serde half it
/// needs: `Serialize` for what is sent in request bodies, `Deserialize` for
/// what is received (responses, webhook events). Serde code is most of what a
/// generated crate compiles (async-stripe's lesson); types only used as
/// parameters need neither, and types nothing uses get both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wire {
    pub sent: bool,
    pub received: bool,
}

const SENT: u64 = 1;
const RECEIVED: u64 = 2;
const PARAM: u64 = 4;

/// [`Wire`] for each type of the spec, in `spec.types` order.
pub(crate) fn wires(spec: &Spec) -> Vec<Wire> {
    let mut reach = Reach::new(spec);
    for lane in &spec.lanes {
        for ep in lane.endpoints() {
            if let Some(r) = &ep.request {
                reach.mark(r, SENT);
            }
            if let Some(r) = &ep.response {
                reach.mark(r, RECEIVED);
            }
            for p in params(ep) {
                reach.mark(p, PARAM);
            }
        }
        for ev in &lane.events {
            reach.mark(&ev.payload, RECEIVED);
        }
    }
    reach.mark_unreached(SENT | RECEIVED);
    reach
        .masks
        .iter()
        .map(|m| Wire {
            sent: m & SENT != 0,
            received: m & RECEIVED != 0,
        })
        .collect()
}
