//! The inferred rule: a field no API document names (its doc, or its type's
//! doc when it has none, starts with `inferred:`) may not be required in a
//! type that is received. A real answer may lack it, and a required field
//! would turn that answer (a committed write, a webhook delivery) into a
//! decode error. Types only sent are free: the caller decides what they hold.

use super::{Ctx, Def};
use crate::locate::YamlPath;
use crate::model::{Envelope, Lane, TypeDef, TypeKind, TypeRef};
use crate::raw::RawType;
use std::collections::{HashMap, VecDeque};

/// Refuses every required inferred field of a received type, at the field.
pub(crate) fn check_received(
    ctx: &mut Ctx,
    defs: &[Def<RawType>],
    types: &[TypeDef],
    lanes: &[Lane],
    envelopes: &[Envelope],
) {
    let received = received(types, lanes, envelopes);
    let files: HashMap<&str, usize> = defs.iter().map(|d| (d.name, d.file)).collect();
    for t in types {
        let (Some(why), Some(&file), TypeKind::Object { fields }) = (
            received.get(t.name.as_str()),
            files.get(t.name.as_str()),
            &t.kind,
        ) else {
            continue;
        };
        for f in fields.iter().filter(|f| f.inferred && f.required()) {
            let path = YamlPath::root("types")
                .key(&t.name)
                .key("fields")
                .key(&f.wire_name);
            let marked = if f.doc.is_some() {
                "its doc starts with `inferred:`"
            } else {
                "it has no doc and the doc of its type starts with `inferred:`"
            };
            ctx.error(
                file,
                &path,
                format!(
                    "inferred field `{}` of `{}` is required, but `{}` is received ({why}): an answer without it would not decode ({marked})",
                    f.wire_name, t.name, t.name
                ),
                "add `optional: true` (an absent value decodes as `None`), or, if an API document names the field, cite it in its `doc:` instead of starting it with `inferred:`",
            );
        }
    }
}

/// The received types by name, each with the first reason found: an
/// endpoint response, an inbound event's payload or an envelope's
/// diagnostics, and everything their fields use.
fn received<'s>(
    types: &'s [TypeDef],
    lanes: &[Lane],
    envelopes: &[Envelope],
) -> HashMap<&'s str, String> {
    let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut roots: Vec<(&TypeRef, String)> = Vec::new();
    for lane in lanes {
        for ep in lane.endpoints() {
            if let Some(r) = &ep.response {
                roots.push((r, format!("the response of {} `{}`", ep.id, ep.name)));
            }
        }
        for ev in &lane.events {
            let why = format!("the payload of {} event `{}`", lane.name, ev.event_type);
            roots.push((&ev.payload, why));
        }
    }
    let diagnostics: Vec<(TypeRef, String)> = envelopes
        .iter()
        .filter_map(|e| {
            let ty = e.diagnostics_type.as_ref()?;
            let why = format!("the diagnostics of envelope `{}`", e.name);
            Some((TypeRef::Named(ty.clone()), why))
        })
        .collect();
    roots.extend(diagnostics.iter().map(|(t, why)| (t, why.clone())));
    let mut out: HashMap<&str, String> = HashMap::new();
    // Breadth first, so each reason is the shortest chain from a root.
    let mut queue: VecDeque<(&TypeRef, String)> = roots.into();
    while let Some((ty, why)) = queue.pop_front() {
        let name = match ty {
            TypeRef::Primitive(_) => continue,
            TypeRef::List(inner) | TypeRef::Map(inner) => {
                queue.push_back((inner, why));
                continue;
            }
            TypeRef::Named(name) => name,
        };
        let Some(t) = by_name.get(name.as_str()) else {
            continue;
        };
        if out.contains_key(t.name.as_str()) {
            continue;
        }
        if let TypeKind::Object { fields } = &t.kind {
            let nested = format!("used by `{}`, {why}", t.name);
            queue.extend(fields.iter().map(|f| (&f.ty, nested.clone())));
        }
        out.insert(t.name.as_str(), why);
    }
    out
}
