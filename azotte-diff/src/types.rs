//! Changes to `types:`: types, object fields, enum values and sort fields.
//! A type is judged by how either version uses it: sent (request bodies,
//! parameters), received (responses, events, diagnostics), or both — the
//! worse verdict wins.

use crate::{breaks, fine, pair, type_name, Change, Cx, Kind, Verdict};
use azotte_spec::model::{Field, TypeDef, TypeKind};
use azotte_spec::YamlPath;

pub(crate) fn diff(cx: &Cx, out: &mut Vec<Change>) {
    for (o, n) in pair(&cx.old.spec.types, &cx.new.spec.types, |t| t.name.clone()) {
        match (o, n) {
            (None, Some(n)) => out.push(Change {
                kind: Kind::TypeAdded,
                subject: format!("type `{}`", n.name),
                detail: "added".into(),
                old: None,
                new: cx.new_at(&path(&n.name)),
                wire: fine("a new type changes nothing an old client sends or reads"),
                rust: fine(format!("new item `types::{}`", n.rust_name)),
                addition: true,
                migration: None,
            }),
            (Some(o), None) => out.push(Change {
                kind: Kind::TypeRemoved,
                subject: format!("type `{}`", o.name),
                detail: "removed".into(),
                old: cx.old_at(&path(&o.name)),
                new: None,
                wire: fine("what used it changed too and is listed on its own"),
                rust: breaks(format!("`types::{}` no longer exists", o.rust_name)),
                addition: false,
                migration: Some(format!("stop using `{}`", o.rust_name)),
            }),
            (Some(o), Some(n)) => diff_type(cx, o, n, out),
            (None, None) => {}
        }
    }
}

fn path(name: &str) -> YamlPath {
    YamlPath::root("types").key(name)
}

/// How the type travels, for verdicts.
struct Use {
    sent: bool,
    received: bool,
    users: String,
}

fn diff_type(cx: &Cx, o: &TypeDef, n: &TypeDef, out: &mut Vec<Change>) {
    let u = Use {
        sent: cx.usage.sent.contains(&n.name),
        received: cx.usage.received.contains(&n.name),
        users: cx.usage.users_of(&n.name),
    };
    let at = path(&n.name);
    let change = |kind, subject: String, detail: String, wire, rust, key: Option<&str>| {
        let p = key.map_or(at.clone(), |k| at.key(k));
        Change {
            kind,
            subject,
            detail,
            old: cx.old_at(&p),
            new: cx.new_at(&p),
            wire,
            rust,
            addition: false,
            migration: None,
        }
    };
    match (&o.kind, &n.kind) {
        (TypeKind::Object { fields: of }, TypeKind::Object { fields: nf }) => {
            for (fo, fnew) in pair(of, nf, |f| f.wire_name.clone()) {
                if let Some(c) = diff_field(cx, n, &u, fo, fnew) {
                    out.push(c);
                }
            }
        }
        (TypeKind::Enum { values: ov, .. }, TypeKind::Enum { values: nv, .. }) => {
            for (a, b) in pair(ov, nv, |v| v.wire.clone()) {
                let (v, added) = match (a, b) {
                    (None, Some(v)) => (v, true),
                    (Some(v), None) => (v, false),
                    _ => continue,
                };
                out.push(variant_change(
                    cx,
                    n,
                    &u,
                    &v.rust_name,
                    &wire_str(&v.wire),
                    added,
                ));
            }
        }
        (TypeKind::Sort { fields: of }, TypeKind::Sort { fields: nf }) => {
            for (a, b) in pair(of, nf, |f| f.wire.clone()) {
                let (f, added) = match (a, b) {
                    (None, Some(f)) => (f, true),
                    (Some(f), None) => (f, false),
                    _ => continue,
                };
                out.push(variant_change(cx, n, &u, &f.rust_name, &f.wire, added));
            }
        }
        (a, b) if a != b => out.push(change(
            Kind::TypeChanged,
            format!("type `{}` ({})", n.name, u.users),
            format!("{} → {}", shape(a), shape(b)),
            if u.sent || u.received {
                breaks("the JSON shape of the value changed")
            } else {
                fine("no endpoint or event uses it")
            },
            breaks(format!("`{}` has another Rust shape", n.rust_name)),
            None,
        )),
        _ => {}
    }
}

fn shape(k: &TypeKind) -> String {
    match k {
        TypeKind::Newtype { inner, .. } => {
            format!("newtype of {}", format!("{inner:?}").to_lowercase())
        }
        TypeKind::Object { .. } => "object".into(),
        TypeKind::Enum { integer: true, .. } => "integer enum".into(),
        TypeKind::Enum { .. } => "string enum".into(),
        TypeKind::Sort { .. } => "sort".into(),
    }
}

fn wire_str(w: &azotte_spec::model::EnumWire) -> String {
    match w {
        azotte_spec::model::EnumWire::Int(i) => i.to_string(),
        azotte_spec::model::EnumWire::Str(s) => s.clone(),
    }
}

/// An enum value or sort field added or removed.
fn variant_change(cx: &Cx, t: &TypeDef, u: &Use, variant: &str, wire: &str, added: bool) -> Change {
    let at = path(&t.name).key(if matches!(t.kind, TypeKind::Sort { .. }) {
        "fields"
    } else {
        "values"
    });
    let enum_name = match t.kind {
        TypeKind::Sort { .. } => format!("{}Field", t.rust_name),
        _ => t.rust_name.clone(),
    };
    let subject = format!("enum `{}` value `{wire}` ({})", t.name, u.users);
    if added {
        Change {
            kind: Kind::EnumValueAdded,
            subject,
            detail: "added".into(),
            old: None,
            new: cx.new_at(&at.item(wire)),
            wire: fine("old clients decode an unknown value as `Unknown(..)`, and never send it"),
            rust: breaks(format!(
                "new variant `{enum_name}::{variant}`: an exhaustive `match` on `{enum_name}` no longer compiles (generated enums are not #[non_exhaustive])"
            )),
            addition: true,
            migration: Some(format!("add an arm for `{enum_name}::{variant}` (or `_`) to matches on `{enum_name}`")),
        }
    } else {
        Change {
            kind: Kind::EnumValueRemoved,
            subject,
            detail: "removed".into(),
            old: cx.old_at(&at.item(wire)),
            new: None,
            wire: if u.sent {
                breaks("old clients may still send the value; the new server does not accept it")
            } else {
                fine("the server stops sending a value old clients know")
            },
            rust: breaks(format!("variant `{enum_name}::{variant}` no longer exists")),
            addition: false,
            migration: Some(format!("remove uses of `{enum_name}::{variant}`")),
        }
    }
}

/// Whether the generated field is an `Option` (optional or nullable).
fn is_option(f: &Field) -> bool {
    f.optional || f.nullable
}

fn presence(f: &Field) -> &'static str {
    match (f.optional, f.nullable) {
        (false, false) => "required",
        (true, false) => "optional",
        (false, true) => "nullable",
        (true, true) => "optional, nullable",
    }
}

fn diff_field(
    cx: &Cx,
    t: &TypeDef,
    u: &Use,
    o: Option<&Field>,
    n: Option<&Field>,
) -> Option<Change> {
    let wire_name = n.or(o)?.wire_name.clone();
    let at = path(&t.name).key("fields").key(&wire_name);
    let side = match (u.sent, u.received) {
        (true, true) => "request and response",
        (true, false) => "request",
        (false, true) => "response",
        (false, false) => "unused",
    };
    let subject = format!("{side} field `{}.{wire_name}` ({})", t.name, u.users);
    let ty = &t.rust_name;
    let mut c = Change {
        kind: Kind::FieldAdded,
        subject,
        detail: String::new(),
        old: o.and_then(|_| cx.old_at(&at)),
        new: n.and_then(|_| cx.new_at(&at)),
        wire: fine(""),
        rust: fine(""),
        addition: false,
        migration: None,
    };
    match (o, n) {
        (None, Some(f)) => {
            c.detail = format!("added ({})", presence(f));
            c.addition = true;
            c.wire = if u.sent && !f.optional {
                breaks("old clients do not send it; the new server requires it")
            } else if u.sent && !f.nullable {
                fine("optional: old clients omit it")
            } else {
                fine("old clients skip unknown keys in what they receive")
            };
            if f.required() && !matches!(side, "response" | "unused") {
                c.rust = breaks(format!("`{ty}::new` takes `{}` now", f.rust_name));
                c.migration = Some(format!("`{ty}::new` takes `{}` now", f.rust_name));
            } else {
                c.rust = breaks(format!(
                    "new public field `{ty}::{}`: a struct literal `{ty} {{ .. }}` no longer compiles (`new` and setters are unaffected)",
                    f.rust_name
                ));
                c.migration = Some(format!(
                    "struct literals of `{ty}` need `{}` (or build it with `new`)",
                    f.rust_name
                ));
            }
        }
        (Some(f), None) => {
            c.kind = Kind::FieldRemoved;
            c.detail = format!("removed (was {})", presence(f));
            c.wire = if u.received && f.required() {
                breaks(format!(
                    "old clients require `{wire_name}` when decoding `{}`",
                    t.name
                ))
            } else if u.sent {
                fine("old clients still send it; servers ignore unknown keys (inferred)")
            } else {
                fine("old clients decode its absence (the field was an `Option`)")
            };
            c.rust = breaks(format!("field `{ty}::{}` no longer exists", f.rust_name));
            c.migration = Some(format!("drop uses of `{ty}::{}`", f.rust_name));
        }
        (Some(a), Some(b)) if a.ty != b.ty => {
            c.kind = Kind::FieldTypeChanged;
            c.detail = format!("type {} → {}", type_name(&a.ty), type_name(&b.ty));
            c.wire = breaks("the value's JSON type changed");
            c.rust = breaks(format!("field `{ty}::{}` has another type", b.rust_name));
            c.migration = Some(format!(
                "`{ty}::{}` is a `{}` now",
                b.rust_name,
                type_name(&b.ty)
            ));
        }
        (Some(a), Some(b)) if (a.optional, a.nullable) != (b.optional, b.nullable) => {
            c.kind = Kind::FieldPresenceChanged;
            c.detail = format!("{} → {}", presence(a), presence(b));
            c.wire = presence_wire(u, a, b);
            c.rust = if is_option(a) == is_option(b) {
                fine("the Rust type is an `Option` either way")
            } else if is_option(b) {
                breaks(format!("`{ty}::{}` is an `Option` now", b.rust_name))
            } else {
                breaks(format!("`{ty}::{}` is no longer an `Option`", b.rust_name))
            };
            if c.rust.breaking {
                c.migration = Some(format!(
                    "`{ty}::{}` is {} now{}",
                    b.rust_name,
                    presence(b),
                    if u.sent && !is_option(b) {
                        format!(" (`{ty}::new` takes it)")
                    } else {
                        String::new()
                    }
                ));
            }
        }
        _ => return None,
    }
    Some(c)
}

/// Presence changes on the wire: what old clients may omit or send as null
/// against what the new server requires (sent), what the new server may omit
/// against what old clients require (received).
fn presence_wire(u: &Use, a: &Field, b: &Field) -> Verdict {
    if u.received && is_option(b) && !is_option(a) {
        return breaks("the new server may omit it or send null; old clients require it");
    }
    if u.sent {
        let may_omit = a.optional && !a.nullable;
        if may_omit && !b.optional {
            return breaks("old clients may omit it; the new server requires it");
        }
        if a.nullable && !b.nullable {
            return breaks("old clients may send null; the new server refuses it");
        }
    }
    fine("everything old clients send or accept stays valid")
}
