//! How the runtime's declaration macros (`object!`, `newtype!`, `wire_enum!`,
//! `endpoint_error!`, `lane_client!`) are laid out in files. prettyplease
//! prints a macro's body as flowed tokens (`Draft = "Draft", Active\n =
//! "Active"`); these bodies declare a struct or an enum and read best laid out
//! like one: a member per line, docs as `///`. So each body is swapped for a
//! marker before prettyplease runs and written back afterwards by
//! [`Declaration::write`].
//! The tokens are unchanged: `azotte-macros/tests/same_as_xtask.rs` compares
//! the files with the macro door's expansion.

use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{braced, parenthesized, Attribute, Lit, Token, Type};

/// The macros whose bodies are declarations (the last segment of their path).
const DECLARING: &[&str] = &[
    "object",
    "newtype",
    "wire_enum",
    "endpoint_error",
    "lane_client",
];

/// `/// docs pub struct Name: Kinds { members }`, `pub enum Name(repr): Kinds { members }`
/// or `pub struct Name(Inner): Kinds;` (a newtype, a lane client).
struct Declaration {
    attrs: Vec<Attribute>,
    keyword: &'static str,
    name: Ident,
    /// `(str)`, `(String)`, `(super::auth::Key)`: an enum's wire type, a
    /// newtype's inner type, a lane client's credentials.
    repr: Option<Type>,
    /// After the colon, `+`-separated: serde halves and the like, or a lane
    /// client's environment type.
    kinds: Vec<Type>,
    /// `None` for a declaration that ends with `;` (a newtype, a lane client).
    members: Option<Vec<Member>>,
}

/// `/// docs name: Type = "wire" alias "other" | null` (a field) or `/// docs Name = "wire"` (a variant).
struct Member {
    attrs: Vec<Attribute>,
    name: Ident,
    ty: Option<Type>,
    value: Lit,
    /// Other wire names a field is decoded from.
    aliases: Vec<Lit>,
    null: bool,
}

impl Parse for Declaration {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        input.parse::<Token![pub]>()?;
        let keyword = if input.parse::<Option<Token![struct]>>()?.is_some() {
            "struct"
        } else {
            input.parse::<Token![enum]>()?;
            "enum"
        };
        let name: Ident = input.parse()?;
        let repr = if input.peek(syn::token::Paren) {
            let inner;
            parenthesized!(inner in input);
            Some(inner.parse()?)
        } else {
            None
        };
        let mut kinds = Vec::new();
        if input.parse::<Option<Token![:]>>()?.is_some() {
            kinds.push(input.call(Type::without_plus)?);
            while input.parse::<Option<Token![+]>>()?.is_some() {
                kinds.push(input.call(Type::without_plus)?);
            }
        }
        let members = if input.parse::<Option<Token![;]>>()?.is_some() {
            None
        } else {
            let body;
            braced!(body in input);
            let members = Punctuated::<Member, Token![,]>::parse_terminated(&body)?;
            Some(members.into_iter().collect())
        };
        Ok(Declaration {
            attrs,
            keyword,
            name,
            repr,
            kinds,
            members,
        })
    }
}

impl Parse for Member {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let name: Ident = input.parse()?;
        let ty = match input.parse::<Option<Token![:]>>()? {
            Some(_) => Some(input.parse()?),
            None => None,
        };
        input.parse::<Token![=]>()?;
        let value = input.parse()?;
        let mut aliases = Vec::new();
        while input.peek(syn::Ident) && input.fork().parse::<Ident>()? == "alias" {
            input.parse::<Ident>()?;
            aliases.push(input.parse()?);
        }
        let null = input.parse::<Option<Token![|]>>()?.is_some();
        if null {
            let word: Ident = input.parse()?;
            if word != "null" {
                return Err(syn::Error::new(word.span(), "expected `null` after `|`"));
            }
        }
        Ok(Member {
            attrs,
            name,
            ty,
            value,
            aliases,
            null,
        })
    }
}

impl Declaration {
    /// The body, each line indented by `indent`, ending with a newline.
    fn write(&self, indent: &str, out: &mut String) {
        write_attrs(&self.attrs, indent, out);
        out.push_str(&format!("{indent}pub {} {}", self.keyword, self.name));
        if let Some(repr) = &self.repr {
            out.push('(');
            write_type(repr, out);
            out.push(')');
        }
        for (i, kind) in self.kinds.iter().enumerate() {
            out.push_str(if i == 0 { ": " } else { " + " });
            write_type(kind, out);
        }
        let Some(members) = &self.members else {
            out.push_str(";\n");
            return;
        };
        out.push_str(" {\n");
        let inner = format!("{indent}    ");
        for m in members {
            write_attrs(&m.attrs, &inner, out);
            out.push_str(&inner);
            out.push_str(&m.name.to_string());
            if let Some(ty) = &m.ty {
                out.push_str(": ");
                write_type(ty, out);
            }
            out.push_str(" = ");
            out.push_str(&m.value.to_token_stream().to_string());
            for alias in &m.aliases {
                out.push_str(" alias ");
                out.push_str(&alias.to_token_stream().to_string());
            }
            if m.null {
                out.push_str(" | null");
            }
            out.push_str(",\n");
        }
        out.push_str(indent);
        out.push_str("}\n");
    }
}

/// `///` for docs (as prettyplease prints them), any other attribute as tokens.
fn write_attrs(attrs: &[Attribute], indent: &str, out: &mut String) {
    for attr in attrs {
        out.push_str(indent);
        match doc_line(attr) {
            Some(line) => {
                out.push_str("///");
                out.push_str(&line);
            }
            None => out.push_str(&attr.to_token_stream().to_string()),
        }
        out.push('\n');
    }
}

/// The text of a one-line `#[doc = "…"]`.
fn doc_line(attr: &Attribute) -> Option<String> {
    let syn::Meta::NameValue(nv) = &attr.meta else {
        return None;
    };
    if !nv.path.is_ident("doc") {
        return None;
    }
    match &nv.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()).filter(|v| !v.contains('\n')),
        _ => None,
    }
}

/// A type as rustfmt writes it: `Option<Vec<types::Money>>`,
/// `::std::collections::BTreeMap<String, T>`, `(super::auth::A, super::auth::B)`.
fn write_type(ty: &Type, out: &mut String) {
    if let Type::Tuple(tuple) = ty {
        out.push('(');
        for (i, elem) in tuple.elems.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_type(elem, out);
        }
        out.push(')');
        return;
    }
    let Type::Path(syn::TypePath { qself: None, path }) = ty else {
        out.push_str(&ty.to_token_stream().to_string());
        return;
    };
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        out.push_str(&segment.ident.to_string());
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                out.push('<');
                for (j, arg) in args.args.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    match arg {
                        syn::GenericArgument::Type(t) => write_type(t, out),
                        other => out.push_str(&other.to_token_stream().to_string()),
                    }
                }
                out.push('>');
            }
            other => out.push_str(&other.to_token_stream().to_string()),
        }
    }
}

/// The marker a declaration's body is swapped for while prettyplease runs.
fn marker(n: usize) -> String {
    format!("__azotte_declaration_{n}")
}

/// Swaps the body of each top-level declaring macro in `file` for a marker;
/// returns the laid-out bodies, by marker number.
pub(crate) fn take(file: &mut syn::File) -> Result<Vec<String>, String> {
    let mut bodies = Vec::new();
    for item in &mut file.items {
        let syn::Item::Macro(m) = item else { continue };
        let declaring = m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| DECLARING.iter().any(|d| s.ident == d));
        if !declaring {
            continue;
        }
        let declaration: Declaration = syn::parse2(m.mac.tokens.clone()).map_err(|e| {
            format!(
                "generated `{}!` is not a declaration: {e}",
                m.mac.path.to_token_stream()
            )
        })?;
        let mut body = String::new();
        declaration.write("    ", &mut body);
        m.mac.tokens = Ident::new(&marker(bodies.len()), Span::call_site()).into_token_stream();
        bodies.push(body);
    }
    Ok(bodies)
}

/// prettyplease's `text` with each marker replaced by its laid-out body.
pub(crate) fn put_back(text: String, bodies: &[String]) -> Result<String, String> {
    if bodies.is_empty() {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len() + bodies.iter().map(String::len).sum::<usize>());
    let mut rest = text.as_str();
    for (n, body) in bodies.iter().enumerate() {
        // prettyplease writes `name! {\n    marker\n}`.
        let line = format!("\n    {}\n", marker(n));
        let at = rest
            .find(&line)
            .ok_or_else(|| format!("prettyplease did not print `{}` as expected", marker(n)))?;
        out.push_str(&rest[..at]);
        out.push('\n');
        out.push_str(body);
        rest = &rest[at + line.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The name of the type a declaring macro item declares.
pub(crate) fn declared_name(tokens: &TokenStream) -> Option<String> {
    let mut after_keyword = false;
    for token in tokens.clone() {
        if let proc_macro2::TokenTree::Ident(i) = token {
            if after_keyword {
                return Some(i.to_string());
            }
            after_keyword = i == "struct" || i == "enum";
        }
    }
    None
}
