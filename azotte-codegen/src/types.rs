//! The `types` module: newtypes, objects (with constructors and setters) and
//! forward-compatible enums, one item per `types:` entry of the spec.
//!
//! Lean by construction, because every line here is compiled by every user:
//! each type has only the serde half its direction needs ([`Wire`]), only
//! types that are sent get a constructor and setters (received ones are read,
//! or built with a struct literal in a mock), Rust's own types are written
//! unqualified (the validator keeps spec names off them), and what every
//! object and enum repeats lives in the runtime's `object!` and `wire_enum!`:
//! the generated code only declares fields, wire names and variants.

use crate::docs::{doc, or};
use crate::ident::ident;
pub(crate) use crate::reach::Wire;
use azotte_spec::model::{EnumWire, Field, Primitive, TypeDef, TypeKind, TypeRef};
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The Rust type of a reference; `prefix` is the path to the `types` module (`super::types::`).
pub fn rust_type(spec: &Spec, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(p) => primitive(*p),
        TypeRef::Named(n) => {
            let name = ident(
                spec.type_def(n)
                    .map_or(n.as_str(), |t| t.rust_name.as_str()),
            );
            quote!(#prefix #name)
        }
        TypeRef::List(inner) => {
            let inner = rust_type(spec, inner, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(spec, inner, prefix);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid => {
            quote!(String)
        }
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::F64 => quote!(f64),
        Primitive::Json => quote!(::serde_json::Value),
    }
}

/// The whole `types` module body.
pub fn types_module(spec: &Spec) -> TokenStream {
    types_items(spec, &crate::reach::wires(spec), 0..spec.types.len())
}

/// The items of the spec's types `range`; `wires` is [`crate::reach::wires`].
pub fn types_items(spec: &Spec, wires: &[Wire], range: std::ops::Range<usize>) -> TokenStream {
    let items = spec.types[range.clone()]
        .iter()
        .zip(&wires[range])
        .map(|(t, w)| type_def(spec, t, *w));
    quote!(#(#items)*)
}

fn type_def(spec: &Spec, t: &TypeDef, wire: Wire) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = doc(&or(t.doc.as_deref(), || format!("`{}`.", t.name)));
    match &t.kind {
        TypeKind::Newtype {
            inner,
            arithmetic,
            example,
        } => {
            let docs = match example {
                Some(e) => {
                    let example = format!(" Example: `{e}`.");
                    quote!(#docs #[doc = ""] #[doc = #example])
                }
                None => docs,
            };
            newtype(&name, docs, *inner, *arithmetic, wire)
        }
        TypeKind::Object { fields } => {
            object(spec, &name, docs, fields, &quote!(), ObjectKind::Body(wire))
        }
        TypeKind::Sort { fields } => sort(&name, docs, fields),
        TypeKind::Enum { integer, values } => {
            let variants: Vec<_> = values.iter().map(|v| ident(&v.rust_name)).collect();
            let vdocs = values.iter().map(|v| {
                let wire = match &v.wire {
                    EnumWire::Int(n) => n.to_string(),
                    EnumWire::Str(s) => s.clone(),
                };
                doc(&match &v.doc {
                    Some(d) => format!("`{wire}`: {d}"),
                    None => format!("`{wire}`."),
                })
            });
            let wires = values.iter().map(|v| match (&v.wire, integer) {
                (EnumWire::Int(n), true) => {
                    let n = proc_macro2::Literal::i64_unsuffixed(*n);
                    quote!(#n)
                }
                (EnumWire::Str(s), _) => quote!(#s),
                (EnumWire::Int(n), false) => {
                    let s = n.to_string();
                    quote!(#s)
                }
            });
            let repr = if *integer { quote!(i64) } else { quote!(str) };
            let halves = after_colon(&serde_halves(wire));
            quote! {
                ::azotte_runtime::wire_enum! {
                    #docs
                    pub enum #name(#repr) #halves { #( #vdocs #variants = #wires, )* }
                }
            }
        }
    }
}

/// The serde halves a type's [`Wire`] needs, as the declaration macros name them.
fn serde_halves(wire: Wire) -> Vec<&'static str> {
    [(wire.sent, "Serialize"), (wire.received, "Deserialize")]
        .into_iter()
        .filter_map(|(on, half)| on.then_some(half))
        .collect()
}

/// `: A + B` after a declaration's name, or nothing for no kinds.
fn after_colon(kinds: &[&str]) -> Option<TokenStream> {
    let idents = kinds.iter().map(|k| format_ident!("{k}"));
    (!kinds.is_empty()).then(|| quote!(: #(#idents)+*))
}

/// `::azotte_runtime::newtype! { … pub struct Name(Inner): Serialize + Deserialize + Arithmetic; }`.
fn newtype(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    inner: Primitive,
    arithmetic: bool,
    wire: Wire,
) -> TokenStream {
    // One identifier, as the runtime's macro takes it (the validator refuses
    // `newtype: json`, the one primitive that is a path).
    let inner = primitive(inner);
    let mut kinds = serde_halves(wire);
    if arithmetic {
        kinds.push("Arithmetic");
    }
    let kinds = after_colon(&kinds);
    quote! {
        ::azotte_runtime::newtype! {
            #docs
            pub struct #name(#inner) #kinds;
        }
    }
}

/// What an object's wire form is, as `object!` spells it after the colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// A body part or payload: the serde halves its [`Wire`] needs (none for a
    /// type no body reaches: path-parameter types).
    Body(Wire),
    /// Query parameters, sent as `name=value` text.
    Query,
}

/// `::azotte_runtime::object! { … }`: the struct, its serde halves and, when
/// callers build it (anything but a received-only type), `new(required…)`
/// and a setter per optional field. Field types are written as the struct
/// declares them (`Option<T>` for optional ones); a nullable field that is
/// not optional is marked `| null` (always sent, as `null` when unset); each
/// alias is written `alias "name"` after the wire name (decoded, never sent).
/// `prefix` leads to the `types` module from where the struct is emitted.
pub fn object(
    spec: &Spec,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[Field],
    prefix: &TokenStream,
    kind: ObjectKind,
) -> TokenStream {
    let fields = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = rust_type(spec, &f.ty, prefix);
        let ty = if f.required() {
            ty
        } else {
            quote!(Option<#ty>)
        };
        let fdoc = doc(&field_doc(f));
        let wire_name = &f.wire_name;
        let null = (f.nullable && !f.optional).then(|| quote!(| null));
        let aliases = &f.aliases;
        quote!(#fdoc #id: #ty = #wire_name #(alias #aliases)* #null)
    });
    let kinds = match kind {
        ObjectKind::Query => after_colon(&["Query"]),
        ObjectKind::Body(wire) => after_colon(&serde_halves(wire)),
    };
    quote! {
        ::azotte_runtime::object! {
            #docs
            pub struct #name #kinds { #(#fields,)* }
        }
    }
}

/// The spec's doc of a field and its example; when the spec gives neither,
/// the field's wire name (the one thing its Rust name does not say, and every
/// public field is documented: the generated crates `warn(missing_docs)`).
fn field_doc(f: &Field) -> String {
    let example = f.example.as_ref().map(|e| format!("Example: `{e}`."));
    match (
        f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()),
        example,
    ) {
        (Some(d), Some(e)) => format!("{d}\n\n{e}"),
        (Some(d), None) => d.to_owned(),
        (None, Some(e)) => e,
        (None, None) => format!("Wire name `{}`.", f.wire_name),
    }
}

/// A sort order: the field enum here, the order itself is the runtime's `SortOrder`.
fn sort(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[azotte_spec::model::SortField],
) -> TokenStream {
    let field_enum = format_ident!("{}Field", name);
    let variants: Vec<_> = fields.iter().map(|f| ident(&f.rust_name)).collect();
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let vdocs = wires.iter().map(|w| format!(" `{w}`."));
    let enum_doc = format!(" A field [`{name}`] can order by.");
    quote! {
        #docs
        ///
        /// Build it with `new().desc(…).asc(…)`; it is sent as `-field,field`.
        pub type #name = ::azotte_runtime::SortOrder<#field_enum>;
        #[doc = #enum_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #field_enum { #( #[doc = #vdocs] #variants, )* }
        impl ::azotte_runtime::SortField for #field_enum {
            fn as_wire(self) -> &'static str {
                match self { #( Self::#variants => #wires, )* }
            }
            fn from_wire(wire: &str) -> Option<Self> {
                match wire { #( #wires => Some(Self::#variants), )* _ => None }
            }
        }
    }
}
