//! The `types` module: newtypes, objects (with constructors and setters) and
//! forward-compatible enums, one item per `types:` entry of the spec.
//!
//! Lean by construction, because every line here is compiled by every user:
//! each type derives only the serde half its direction needs ([`Wire`]), only
//! types that are sent get a constructor and setters (received ones are read,
//! or built with a struct literal in a mock), Rust's own types are written
//! unqualified (the validator keeps spec names off them), and serde renames
//! collapse into one `rename_all` where it covers most fields.

use crate::docs::{doc, or};
use crate::ident::{ident, joined};
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
            let name = format_ident!(
                "{}",
                spec.type_def(n)
                    .map_or(n.as_str(), |t| t.rust_name.as_str())
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

/// `#[derive(…)]` with serde's derives for the directions in `wire`.
fn derives(common: TokenStream, wire: Wire) -> TokenStream {
    let ser = wire.sent.then(|| quote!(, ::serde::Serialize));
    let de = wire.received.then(|| quote!(, ::serde::Deserialize));
    quote!(#[derive(#common #ser #de)])
}

fn type_def(spec: &Spec, t: &TypeDef, wire: Wire) -> TokenStream {
    let name = format_ident!("{}", t.rust_name);
    let docs = doc(&or(t.doc.as_deref(), || format!("`{}`.", t.name)));
    match &t.kind {
        TypeKind::Newtype {
            inner,
            arithmetic,
            example,
        } => {
            let docs = match example {
                Some(e) => quote!(#docs #[doc = ""] #[doc = concat!(" Example: `", #e, "`.")]),
                None => docs,
            };
            newtype(&name, docs, *inner, *arithmetic, wire)
        }
        TypeKind::Object { fields } => object(spec, &name, docs, fields, &quote!(), wire),
        TypeKind::Sort { fields } => sort(&name, docs, fields),
        TypeKind::Enum { integer, values } => {
            let variants: Vec<_> = values
                .iter()
                .map(|v| format_ident!("{}", v.rust_name))
                .collect();
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
            let (repr, unknown_ty) = if *integer {
                (quote!(i64), quote!(i64))
            } else {
                (quote!(str), quote!(String))
            };
            let halves = [(wire.sent, "serialize"), (wire.received, "deserialize")]
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, half)| format_ident!("{half}"));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #vdocs #variants, )*
                    /// A value this client does not know yet (sent by a newer server); kept as received.
                    Unknown(#unknown_ty),
                }
                ::azotte_runtime::wire_enum!(#name: #repr { #( #variants = #wires ),* } #(, #halves)*);
            }
        }
    }
}

fn newtype(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    inner: Primitive,
    arithmetic: bool,
    wire: Wire,
) -> TokenStream {
    let inner_ty = primitive(inner);
    let is_string = matches!(
        inner,
        Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid
    );
    let (derives, accessors, conversions) = if is_string {
        (
            derives(
                quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord),
                wire,
            ),
            quote! {
                /// Wraps a value.
                pub fn new(value: impl Into<String>) -> Self { Self(value.into()) }
                /// The value as a string slice.
                pub fn as_str(&self) -> &str { &self.0 }
                /// Unwraps the value.
                pub fn into_inner(self) -> String { self.0 }
            },
            quote! {
                impl From<&str> for #name { fn from(value: &str) -> Self { Self(value.to_owned()) } }
                impl From<String> for #name { fn from(value: String) -> Self { Self(value) } }
                impl AsRef<str> for #name { fn as_ref(&self) -> &str { &self.0 } }
            },
        )
    } else {
        let eq = if matches!(inner, Primitive::F64) {
            quote!(PartialEq, PartialOrd)
        } else {
            quote!(PartialEq, Eq, Hash, PartialOrd, Ord)
        };
        (
            derives(quote!(Debug, Clone, Copy, #eq, Default), wire),
            quote! {
                /// Wraps a value.
                pub const fn new(value: #inner_ty) -> Self { Self(value) }
                /// The wrapped value.
                pub const fn get(self) -> #inner_ty { self.0 }
            },
            quote!(),
        )
    };
    let ops = if arithmetic {
        quote! {
            impl ::std::ops::Add for #name { type Output = Self; fn add(self, rhs: Self) -> Self { Self(self.0 + rhs.0) } }
            impl ::std::ops::Sub for #name { type Output = Self; fn sub(self, rhs: Self) -> Self { Self(self.0 - rhs.0) } }
            impl ::std::ops::AddAssign for #name { fn add_assign(&mut self, rhs: Self) { self.0 += rhs.0 } }
            impl ::std::ops::SubAssign for #name { fn sub_assign(&mut self, rhs: Self) { self.0 -= rhs.0 } }
            impl ::std::iter::Sum for #name { fn sum<I: Iterator<Item = Self>>(iter: I) -> Self { Self(iter.map(|v| v.0).sum()) } }
        }
    } else {
        quote!()
    };
    let transparent = (wire.sent || wire.received).then(|| quote!(#[serde(transparent)]));
    quote! {
        #docs
        #derives
        #transparent
        pub struct #name(#inner_ty);
        impl #name { #accessors }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { ::std::fmt::Display::fmt(&self.0, f) }
        }
        #conversions
        #ops
    }
}

/// A struct with the serde derives and renames its [`Wire`] needs and, when it
/// is sent (or has no serde at all: query parameters), a constructor taking the
/// required fields and a `with_<field>` setter per optional one. `prefix` leads to the `types`
/// module from where the struct is emitted.
pub fn object(
    spec: &Spec,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[Field],
    prefix: &TokenStream,
    wire: Wire,
) -> TokenStream {
    // Attributes are for serde's derive, which only writes `Serialize`;
    // `Deserialize` comes from the runtime's `deserialize_object!`.
    let serde = wire.sent;
    // serde names a field by its identifier without `r#`.
    let serde_names: Vec<String> = fields
        .iter()
        .map(|f| {
            ident(&f.rust_name)
                .to_string()
                .trim_start_matches("r#")
                .to_owned()
        })
        .collect();
    let renames = |rule: fn(&str) -> String| {
        fields
            .iter()
            .zip(&serde_names)
            .filter(|(f, n)| rule(n) != f.wire_name)
            .count()
    };
    let camel = serde && renames(serde_camel_case) < renames(str::to_owned);
    let rule: fn(&str) -> String = if camel {
        serde_camel_case
    } else {
        str::to_owned
    };
    let decls = fields.iter().zip(&serde_names).map(|(f, serde_name)| {
        let id = ident(&f.rust_name);
        let ty = rust_type(spec, &f.ty, prefix);
        let ty = if f.required() {
            ty
        } else {
            quote!(Option<#ty>)
        };
        let fdoc = field_doc(f).map(|d| doc(&d));
        let wire_name = &f.wire_name;
        let rename = (serde && rule(serde_name) != *wire_name).then(|| quote!(rename = #wire_name));
        // Only `Serialize` is derived; `deserialize_object!` reads a missing `Option` as `None`.
        let skip =
            (wire.sent && f.optional).then(|| quote!(skip_serializing_if = "Option::is_none"));
        let attr = match (rename, skip) {
            (None, None) => quote!(),
            (Some(r), None) => quote!(#[serde(#r)]),
            (None, Some(s)) => quote!(#[serde(#s)]),
            (Some(r), Some(s)) => quote!(#[serde(#r, #s)]),
        };
        quote!(#fdoc #attr pub #id: #ty)
    });
    let all_optional = fields.iter().all(|f| !f.required());
    let default = all_optional.then(|| quote!(, Default));
    let derive = derives(
        quote!(Debug, Clone, PartialEq #default),
        Wire {
            sent: wire.sent,
            received: false,
        },
    );
    let rename_all = camel.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let deserialize = wire.received.then(|| {
        let (optional, required): (Vec<&Field>, Vec<&Field>) =
            fields.iter().partition(|f| !f.required());
        let ids = |fs: &[&Field]| fs.iter().map(|f| ident(&f.rust_name)).collect::<Vec<_>>();
        let wires = |fs: &[&Field]| fs.iter().map(|f| f.wire_name.clone()).collect::<Vec<_>>();
        let (req, req_wire, opt, opt_wire) = (
            ids(&required),
            wires(&required),
            ids(&optional),
            wires(&optional),
        );
        quote! {
            ::azotte_runtime::deserialize_object!(#name,
                required { #(#req = #req_wire),* },
                optional { #(#opt = #opt_wire),* });
        }
    });
    // Received-only types are read, not built: a mock or a test writes a struct
    // literal (public fields), which also fails to compile where test data
    // lacks a field the spec adds.
    let builder =
        (wire.sent || !wire.received).then(|| builder(spec, name, fields, prefix, all_optional));
    quote! {
        #docs
        #derive
        #rename_all
        pub struct #name { #(#decls,)* }
        #deserialize
        #builder
    }
}

/// serde's `rename_all = "camelCase"` applied to a field name, exactly as
/// serde does it (`customer_urn` → `customerUrn`, `line_2` → `line2`).
fn serde_camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for ch in name.chars() {
        if ch == '_' {
            upper = true;
        } else if upper && !out.is_empty() {
            out.push(ch.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(ch);
            upper = false;
        }
    }
    out
}

/// `impl { new(required…), with_<optional>(…)… }`.
fn builder(
    spec: &Spec,
    name: &proc_macro2::Ident,
    fields: &[Field],
    prefix: &TokenStream,
    all_optional: bool,
) -> TokenStream {
    let setters = fields.iter().filter(|f| !f.required()).map(|f| {
        let id = ident(&f.rust_name);
        let setter = joined("with_", &f.rust_name);
        let ty = rust_type(spec, &f.ty, prefix);
        quote! {
            pub fn #setter(mut self, #id: impl Into<#ty>) -> Self { self.#id = Some(#id.into()); self }
        }
    });
    if all_optional {
        return quote! {
            impl #name {
                /// Creates the value with every optional field unset.
                pub fn new() -> Self { Self::default() }
                #(#setters)*
            }
        };
    }
    let required: Vec<&Field> = fields.iter().filter(|f| f.required()).collect();
    let args = required.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = rust_type(spec, &f.ty, prefix);
        quote!(#id: impl Into<#ty>)
    });
    let inits = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        if f.required() {
            quote!(#id: #id.into())
        } else {
            quote!(#id: None)
        }
    });
    let names: Vec<String> = required
        .iter()
        .map(|f| format!("`{}`", f.wire_name))
        .collect();
    let ctor_doc = format!(
        " Creates the value from its required fields ({}); optional fields start unset.",
        names.join(", ")
    );
    quote! {
        impl #name {
            #[doc = #ctor_doc]
            pub fn new(#(#args),*) -> Self { Self { #(#inits,)* } }
            #(#setters)*
        }
    }
}

/// The spec's doc of a field and its example; none when the spec gives neither
/// (a line repeating the field's name would tell the reader nothing).
fn field_doc(f: &Field) -> Option<String> {
    let example = f.example.as_ref().map(|e| format!("Example: `{e}`."));
    match (
        f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()),
        example,
    ) {
        (Some(d), Some(e)) => Some(format!("{d}\n\n{e}")),
        (Some(d), None) => Some(d.to_owned()),
        (None, e) => e,
    }
}

/// A sort order: the field enum here, the order itself is the runtime's `SortOrder`.
fn sort(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[azotte_spec::model::SortField],
) -> TokenStream {
    let field_enum = format_ident!("{}Field", name);
    let variants: Vec<_> = fields
        .iter()
        .map(|f| format_ident!("{}", f.rust_name))
        .collect();
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
