//! `types:` — newtypes, objects and enums; and resolving type references anywhere.

use super::names::{
    check_setter, did_you_mean, Collisions, ToSnakeCase, ToUpperCamelCase, MAX_FIELDS,
};
use super::{Ctx, Def};
use crate::locate::YamlPath;
use crate::model::{
    is_inferred, EnumValue, EnumWire, Field, Primitive, SortField, TypeDef, TypeKind, TypeRef,
};
use crate::raw::{RawScalar, RawType};
use std::collections::HashMap;

const PRIMITIVES: &str =
    "string, bool, i32, i64, u32, u64, f64, datetime, date, uuid, json, list<T>, map<T>";

/// The built-in type names, which a misspelt type name may have meant.
const BUILT_IN: [&str; 11] = [
    "string", "bool", "i32", "i64", "u32", "u64", "f64", "datetime", "date", "uuid", "json",
];

/// How deep `list<…>`/`map<…>` may nest in one type reference. JSON APIs nest
/// a handful of levels; serde_json refuses input nested deeper than 128 (arrays
/// and objects together), so a deeper type could never decode anyway. The
/// limit keeps validation and generation linear and their recursion shallow.
pub(crate) const MAX_TYPE_DEPTH: usize = 32;

/// Resolves `string`, `CustomerUrn`, `list<T>`, `map<T>`; reports unknown names.
/// Iterative, so a type nested past [`MAX_TYPE_DEPTH`] is refused after one
/// pass over its text, however long.
pub(crate) fn resolve_type(
    ctx: &mut Ctx,
    file: usize,
    path: &YamlPath,
    text: &str,
    known: &[&str],
) -> Option<TypeRef> {
    let whole = text.trim();
    let mut text = whole;
    let mut wrappers: Vec<fn(Box<TypeRef>) -> TypeRef> = Vec::new();
    'peel: loop {
        for (prefix, wrap) in [
            ("list<", TypeRef::List as fn(Box<TypeRef>) -> TypeRef),
            ("map<", TypeRef::Map),
        ] {
            if let Some(inner) = text.strip_prefix(prefix) {
                let Some(inner) = inner.strip_suffix('>') else {
                    ctx.value_error(
                        file,
                        path,
                        format!("type `{}` has no closing `>`", shorten(text)),
                        format!("write it as `{prefix}T>`"),
                    );
                    return None;
                };
                if wrappers.len() == MAX_TYPE_DEPTH {
                    ctx.value_error(
                        file,
                        path,
                        format!(
                            "type `{}` nests `list<…>`/`map<…>` more than {MAX_TYPE_DEPTH} levels deep",
                            shorten(whole)
                        ),
                        format!("nest at most {MAX_TYPE_DEPTH} levels (serde_json refuses JSON nested deeper than 128), or name an inner type under `types:`"),
                    );
                    return None;
                }
                wrappers.push(wrap);
                text = inner.trim();
                continue 'peel;
            }
        }
        break;
    }
    let inner = resolve_named(ctx, file, path, text, known)?;
    Some(
        wrappers
            .into_iter()
            .rev()
            .fold(inner, |inner, wrap| wrap(Box::new(inner))),
    )
}

/// A type text for a message: whole when short, else its start and end.
fn shorten(text: &str) -> String {
    const KEEP: usize = 40;
    if text.chars().count() <= 2 * KEEP {
        return text.to_owned();
    }
    let head: String = text.chars().take(KEEP).collect();
    let tail: String = text
        .chars()
        .rev()
        .take(KEEP)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}…{tail}")
}

/// A primitive or a name under `types:`; reports unknown names.
fn resolve_named(
    ctx: &mut Ctx,
    file: usize,
    path: &YamlPath,
    text: &str,
    known: &[&str],
) -> Option<TypeRef> {
    if let Some(p) = Primitive::parse(text) {
        return Some(TypeRef::Primitive(p));
    }
    if known.binary_search(&text).is_ok() {
        return Some(TypeRef::Named(text.to_owned()));
    }
    if ctx.broken.contains("types", text) {
        return None;
    }
    let hint = did_you_mean(text, BUILT_IN.into_iter().chain(known.iter().copied()));
    ctx.value_error(
        file,
        path,
        format!("unknown type `{text}`{hint}"),
        format!("define `{text}` under `types:` or use one of: {PRIMITIVES}"),
    );
    None
}

pub(crate) fn validate_types(ctx: &mut Ctx, defs: &[Def<RawType>], known: &[&str]) -> Vec<TypeDef> {
    let mut names = Collisions::new("type");
    names.reserve_std_names();
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("types").key(def.name);
        let rust_name = def.name.to_upper_camel_case();
        names.check(ctx, def.file, &path, def.name, &rust_name);
        if let Some(kind) = type_kind(ctx, def, &path, known) {
            out.push(TypeDef {
                name: def.name.to_owned(),
                rust_name,
                doc: def.raw.doc.clone(),
                kind,
            });
        }
    }
    // A sort type also declares `<Name>Field`, the enum of the fields it orders by.
    for sort in out
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Sort { .. }))
    {
        let field_enum = format!("{}Field", sort.rust_name);
        if let Some(def) = defs
            .iter()
            .find(|d| d.name.to_upper_camel_case() == field_enum)
        {
            ctx.error(
                def.file,
                &YamlPath::root("types").key(def.name),
                format!(
                    "type `{}` becomes the Rust name `{field_enum}`, which is taken by the enum of the fields sort type `{}` orders by",
                    def.name, sort.name
                ),
                format!("rename `{}` or `{}`", def.name, sort.name),
            );
        }
    }
    out
}

fn type_kind(
    ctx: &mut Ctx,
    def: &Def<RawType>,
    path: &YamlPath,
    known: &[&str],
) -> Option<TypeKind> {
    let raw = def.raw;
    let given: Vec<&str> = [
        raw.newtype.as_ref().map(|_| "newtype"),
        raw.fields.as_ref().map(|_| "fields"),
        raw.enum_repr.as_ref().map(|_| "enum"),
        raw.sort.as_ref().map(|_| "sort"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.len() != 1 {
        let message = if given.is_empty() {
            format!(
                "type `{}` says neither `newtype`, `fields`, `enum` nor `sort`",
                def.name
            )
        } else {
            format!("type `{}` mixes {}", def.name, given.join(" and "))
        };
        ctx.error(
            def.file,
            path,
            message,
            "give exactly one of `newtype: <primitive>`, `fields: {...}`, `enum: string|integer` or `sort: [field, …]`",
        );
        return None;
    }
    if let Some(sort) = &raw.sort {
        return Some(sort_kind(ctx, def, path, sort));
    }
    if raw.enum_repr.is_none() && !raw.values.is_empty() {
        ctx.error(
            def.file,
            &path.key("values"),
            "`values` belongs to enums only",
            "remove `values` or add `enum: string|integer`",
        );
    }
    if raw.arithmetic && raw.newtype.is_none() {
        ctx.error(
            def.file,
            &path.key("arithmetic"),
            "`arithmetic` applies to numeric newtypes only",
            "remove `arithmetic: true`",
        );
    }
    if let Some(inner) = &raw.newtype {
        let help = "use one of: string, bool, i32, i64, u32, u64, f64, datetime, date, uuid";
        let Some(prim) = Primitive::parse(inner) else {
            let message = format!("a newtype must wrap a primitive, not `{inner}`");
            ctx.error(def.file, &path.key("newtype"), message, help);
            return None;
        };
        // `json` is a primitive for fields, not for a newtype: a wrapped
        // `serde_json::Value` is neither text nor a number.
        if prim == Primitive::Json {
            let message = format!(
                "`{}` cannot wrap `json`: a newtype wraps text or a number",
                def.name
            );
            ctx.error(def.file, &path.key("newtype"), message, help);
            return None;
        }
        if raw.arithmetic && !prim.is_numeric() {
            ctx.error(
                def.file,
                &path.key("arithmetic"),
                format!(
                    "`arithmetic` needs a numeric newtype, but `{}` wraps `{inner}`",
                    def.name
                ),
                "wrap i32, i64, u32, u64 or f64, or remove `arithmetic`",
            );
        }
        return Some(TypeKind::Newtype {
            inner: prim,
            arithmetic: raw.arithmetic,
            example: raw.example.clone(),
        });
    }
    if let Some(fields) = &raw.fields {
        if fields.len() > MAX_FIELDS {
            ctx.error(
                def.file,
                &path.key("fields"),
                format!(
                    "`{}` has {} fields; an object has at most {MAX_FIELDS}",
                    def.name,
                    fields.len()
                ),
                "group related fields into nested objects",
            );
        }
        let mut names = Collisions::new("field").renaming();
        let mut wires = WireNames::default();
        let mut out = Vec::new();
        let type_inferred = is_inferred(raw.doc.as_deref());
        for (wire, field) in fields {
            let fpath = path.key("fields").key(wire);
            let f = &field.0;
            let rust_name = wire.to_snake_case();
            names.check(ctx, def.file, &fpath, wire, &rust_name);
            if f.optional || f.nullable {
                check_setter(ctx, def.file, &fpath, "field", wire, &rust_name);
            }
            wires.check(ctx, def.file, &fpath, wire, &f.aliases);
            if let Some(ty) = resolve_type(ctx, def.file, &fpath.key("type"), &f.ty, known) {
                out.push(Field {
                    wire_name: wire.clone(),
                    rust_name,
                    ty,
                    optional: f.optional,
                    nullable: f.nullable,
                    doc: f.doc.clone(),
                    example: f.example.clone(),
                    aliases: f.aliases.clone(),
                    inferred: match &f.doc {
                        Some(doc) => is_inferred(Some(doc)),
                        None => type_inferred,
                    },
                });
            }
        }
        return Some(TypeKind::Object { fields: out });
    }
    let repr = raw.enum_repr.as_deref().unwrap_or_default();
    let integer = match repr {
        "integer" => true,
        "string" => false,
        other => {
            ctx.value_error(
                def.file,
                &path.key("enum"),
                format!("enum representation `{other}` is unknown"),
                "use `enum: string` or `enum: integer`",
            );
            return None;
        }
    };
    if raw.values.is_empty() {
        ctx.error(
            def.file,
            path,
            format!("enum `{}` has no `values`", def.name),
            "list its values: `values: [{ value: Active }]`",
        );
    }
    let mut variants = Collisions::new("enum value").named_by_key();
    variants.reserve("Unknown", "the generated `Unknown` arm");
    // Wire value → its index in `values`, for "appears twice".
    let mut wires: HashMap<String, usize> = HashMap::new();
    let mut values = Vec::new();
    for (i, v) in raw.values.iter().enumerate() {
        let vpath = path.key("values").index(i);
        let (wire, shown) = match (&v.value, integer) {
            (RawScalar::Int(n), true) => (EnumWire::Int(*n), n.to_string()),
            (RawScalar::Str(s), false) => (EnumWire::Str(s.clone()), s.clone()),
            (RawScalar::Int(n), false) => (EnumWire::Str(n.to_string()), n.to_string()),
            (RawScalar::Str(s), true) => {
                ctx.error(
                    def.file,
                    &vpath.key("value"),
                    format!(
                        "`{s}` is not an integer, but `{}` is `enum: integer`",
                        def.name
                    ),
                    "give an integer value or make the enum `enum: string`",
                );
                continue;
            }
        };
        if let Some(&first) = wires.get(&shown) {
            let at = ctx.describe(def.file, &path.key("values").index(first));
            ctx.error(
                def.file,
                &vpath,
                format!(
                    "enum value `{shown}` appears twice in `{}` (first at {at})",
                    def.name
                ),
                "remove the duplicate",
            );
            continue;
        }
        wires.insert(shown.clone(), i);
        let rust_name = match (&v.name, integer) {
            (Some(n), _) => n.to_upper_camel_case(),
            (None, false) => shown.to_upper_camel_case(),
            (None, true) => {
                ctx.error(
                    def.file,
                    &vpath,
                    format!("integer enum value `{shown}` has no `name`"),
                    "add `name: <VariantName>` so the value gets a Rust variant",
                );
                continue;
            }
        };
        if variants.check(ctx, def.file, &vpath, &shown, &rust_name) {
            values.push(EnumValue {
                wire,
                rust_name,
                doc: v.doc.clone(),
            });
        }
    }
    Some(TypeKind::Enum { integer, values })
}

/// The wire names and aliases of one object's fields: each may name one
/// field only, or decoding could not tell which field a key fills.
#[derive(Default)]
struct WireNames {
    /// Wire name or alias → the field it belongs to, and where it is written.
    seen: HashMap<String, (String, YamlPath)>,
}

impl WireNames {
    fn check(
        &mut self,
        ctx: &mut Ctx,
        file: usize,
        path: &YamlPath,
        wire: &str,
        aliases: &[String],
    ) {
        if let Some((owner, at)) = self
            .seen
            .insert(wire.to_owned(), (wire.to_owned(), path.clone()))
        {
            let at = ctx.describe(file, &at);
            ctx.error(
                file,
                path,
                format!("field `{wire}` is already an alias of field `{owner}` (at {at})"),
                "give each wire name to one field only, so decoding knows which field a key fills",
            );
        }
        for (i, alias) in aliases.iter().enumerate() {
            let apath = path.key("aliases").index(i);
            if alias.is_empty() {
                ctx.error(
                    file,
                    &apath,
                    "an alias is empty",
                    "write the other wire name the field may arrive under",
                );
                continue;
            }
            match self.seen.get(alias) {
                Some((owner, at)) => {
                    let at = ctx.describe(file, at);
                    let message = if owner == wire {
                        format!("alias `{alias}` repeats a name of field `{wire}` (at {at})")
                    } else {
                        format!("alias `{alias}` of field `{wire}` is already the wire name or an alias of field `{owner}` (at {at})")
                    };
                    ctx.error(file, &apath, message, "give each wire name to one field only, so decoding knows which field a key fills");
                }
                None => {
                    self.seen.insert(alias.clone(), (wire.to_owned(), apath));
                }
            }
        }
    }
}

/// A sort order: its fields become variants; at least one is needed.
fn sort_kind(ctx: &mut Ctx, def: &Def<RawType>, path: &YamlPath, sort: &[String]) -> TypeKind {
    if sort.is_empty() {
        ctx.error(
            def.file,
            &path.key("sort"),
            format!("sort `{}` lists no fields", def.name),
            "list the fields it may sort by, e.g. `sort: [createdAt, name]`",
        );
    }
    let mut names = Collisions::new("sort field").renaming();
    let mut fields = Vec::new();
    for (i, wire) in sort.iter().enumerate() {
        let rust_name = wire.to_upper_camel_case();
        if names.check(ctx, def.file, &path.key("sort").index(i), wire, &rust_name) {
            fields.push(SortField {
                wire: wire.clone(),
                rust_name,
            });
        }
    }
    TypeKind::Sort { fields }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_names_are_the_primitives() {
        for name in BUILT_IN {
            assert!(Primitive::parse(name).is_some(), "{name}");
            assert!(PRIMITIVES.contains(name), "{name}");
        }
    }
}
