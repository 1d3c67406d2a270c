//! The `types` module: newtypes, objects (with constructors and setters) and
//! forward-compatible enums, one item per `types:` entry of the spec.

use crate::docs::{doc, or};
use crate::ident::{ident, joined};
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
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(spec, inner, prefix);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid => {
            quote!(::std::string::String)
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
    let items = spec.types.iter().map(|t| type_def(spec, t));
    quote! {
        use ::serde::{Deserialize, Serialize};
        #(#items)*
    }
}

fn type_def(spec: &Spec, t: &TypeDef) -> TokenStream {
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
            newtype(&name, docs, *inner, *arithmetic)
        }
        TypeKind::Object { fields } => object(spec, &name, docs, fields),
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
            let (wires, unknown_ty, as_fn, ret) = if *integer {
                let w: Vec<TokenStream> = values
                    .iter()
                    .map(|v| match &v.wire {
                        EnumWire::Int(n) => quote!(#n),
                        EnumWire::Str(s) => quote!(#s),
                    })
                    .collect();
                (w, quote!(i64), quote!(as_i64), quote!(i64))
            } else {
                let w: Vec<TokenStream> = values
                    .iter()
                    .map(|v| match &v.wire {
                        EnumWire::Str(s) => quote!(#s),
                        EnumWire::Int(n) => {
                            let s = n.to_string();
                            quote!(#s)
                        }
                    })
                    .collect();
                (
                    w,
                    quote!(::std::string::String),
                    quote!(as_str),
                    quote!(&str),
                )
            };
            let (from_arg, unknown_value, unknown_read, decoded) = if *integer {
                (
                    quote!(value: i64),
                    quote!(value),
                    quote!(*value),
                    quote!(value),
                )
            } else {
                (
                    quote!(value: &str),
                    quote!(value.to_owned()),
                    quote!(value.as_str()),
                    quote!(&value),
                )
            };
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #vdocs #variants, )*
                    /// A value this client does not know yet (sent by a newer server); kept as received.
                    Unknown(#unknown_ty),
                }
                impl #name {
                    /// The wire value.
                    pub fn #as_fn(&self) -> #ret {
                        match self {
                            #( Self::#variants => #wires, )*
                            Self::Unknown(value) => #unknown_read,
                        }
                    }
                    /// Decodes a wire value; values not in the spec become `Unknown`.
                    pub fn from_wire(#from_arg) -> Self {
                        match value {
                            #( #wires => Self::#variants, )*
                            _ => Self::Unknown(#unknown_value),
                        }
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.#as_fn(), f)
                    }
                }
                impl Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        self.#as_fn().serialize(serializer)
                    }
                }
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <#unknown_ty>::deserialize(deserializer)?;
                        Ok(Self::from_wire(#decoded))
                    }
                }
            }
        }
    }
}

fn newtype(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    inner: Primitive,
    arithmetic: bool,
) -> TokenStream {
    let inner_ty = primitive(inner);
    let is_string = matches!(
        inner,
        Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid
    );
    let (derives, accessors, conversions) = if is_string {
        (
            quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]),
            quote! {
                /// Wraps a value.
                pub fn new(value: impl Into<::std::string::String>) -> Self { Self(value.into()) }
                /// The value as a string slice.
                pub fn as_str(&self) -> &str { &self.0 }
                /// Unwraps the value.
                pub fn into_inner(self) -> ::std::string::String { self.0 }
            },
            quote! {
                impl From<&str> for #name { fn from(value: &str) -> Self { Self(value.to_owned()) } }
                impl From<::std::string::String> for #name { fn from(value: ::std::string::String) -> Self { Self(value) } }
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
            quote!(#[derive(Debug, Clone, Copy, #eq, Default, Serialize, Deserialize)]),
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
    quote! {
        #docs
        #derives
        #[serde(transparent)]
        pub struct #name(#inner_ty);
        impl #name { #accessors }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { ::std::fmt::Display::fmt(&self.0, f) }
        }
        #conversions
        #ops
    }
}

/// A struct with serde renames, a constructor taking the required fields and a
/// `with_<field>` setter for each optional one.
pub fn object(
    spec: &Spec,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[Field],
) -> TokenStream {
    object_in(spec, name, docs, fields, &quote!())
}

/// [`object`] for a struct outside the `types` module (`prefix` leads to it).
pub fn object_in(
    spec: &Spec,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[Field],
    prefix: &TokenStream,
) -> TokenStream {
    let decls = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = rust_type(spec, &f.ty, prefix);
        let ty = if f.required() {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let fdoc = doc(&field_doc(f));
        let wire = &f.wire_name;
        // serde names a field by its identifier without `r#`; `self_` needs a rename too.
        let rename =
            (id.to_string().trim_start_matches("r#") != wire).then(|| quote!(rename = #wire,));
        let serde = if f.optional {
            quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")])
        } else if f.nullable {
            quote!(#[serde(#rename default)])
        } else if let Some(r) = rename {
            quote!(#[serde(#r)])
        } else {
            quote!()
        };
        quote!(#fdoc #serde pub #id: #ty)
    });
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
    let setters = fields.iter().filter(|f| !f.required()).map(|f| {
        let id = ident(&f.rust_name);
        let setter = joined("with_", &f.rust_name);
        let ty = rust_type(spec, &f.ty, prefix);
        let sdoc = format!(" Sets `{}`.", f.wire_name);
        quote! {
            #[doc = #sdoc]
            pub fn #setter(mut self, #id: impl Into<#ty>) -> Self { self.#id = Some(#id.into()); self }
        }
    });
    let ctor_doc = if required.is_empty() {
        "Creates the value with every optional field unset.".to_owned()
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.wire_name))
            .collect();
        format!(
            "Creates the value from its required fields ({}); optional fields start unset.",
            names.join(", ")
        )
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name { #(#decls,)* }
        impl #name {
            #[doc = #ctor_doc]
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self { Self { #(#inits,)* } }
            #(#setters)*
        }
    }
}

fn field_doc(f: &Field) -> String {
    let mut d = or(f.doc.as_deref(), || format!("`{}`.", f.wire_name));
    if let Some(e) = &f.example {
        d.push_str(&format!("\n\nExample: `{e}`."));
    }
    d
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
