//! Per-endpoint items: the runtime `Endpoint` static, the typed error enum, the
//! query-parameter struct, and the trait method with its implementation.
//! Method bodies only describe the request; the runtime does the rest.

use crate::docs::doc;
use crate::ident::ident;
use crate::types::{object, rust_type, ObjectKind};
use azotte_spec::model::{
    Endpoint, Field, HttpMethod, Idempotency, Lane, Param, PayloadLocation, Primitive, TypeRef,
};
use azotte_spec::Spec;
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// What one endpoint contributes to its lane module.
pub struct EndpointItems {
    /// Module-level items: the error enum and the query struct.
    pub items: TokenStream,
    /// The runtime `Endpoint` static the implementation calls with.
    pub endpoint_static: TokenStream,
    /// The trait method declaration (with docs).
    pub declaration: TokenStream,
    /// The method in `impl Trait for Client`.
    pub implementation: TokenStream,
}

/// Lane modules `use super::types;` and `use ::azotte_runtime as rt;`.
fn types_prefix() -> TokenStream {
    quote!(types::)
}

/// A method's parameters and how they become a runtime request.
pub struct CallArgs {
    /// `name: Type` declarations: path parameters in path order, the query
    /// struct, the body.
    pub decls: Vec<TokenStream>,
    /// The parameter names, to pass them on.
    pub names: Vec<proc_macro2::Ident>,
    /// Builder calls on `Request::new()`.
    pub build: Vec<TokenStream>,
}

pub fn error_enum_name(ep: &Endpoint) -> proc_macro2::Ident {
    format_ident!("{}Error", ep.pascal)
}

pub fn query_struct_name(ep: &Endpoint) -> proc_macro2::Ident {
    format_ident!("{}Query", ep.pascal)
}

/// The payload type of a success (`()` without one).
pub fn output_type(spec: &Spec, ep: &Endpoint) -> TokenStream {
    match &ep.response {
        Some(r) => rust_type(spec, r, &types_prefix()),
        None => quote!(()),
    }
}

pub fn call_args(spec: &Spec, ep: &Endpoint) -> CallArgs {
    let prefix = types_prefix();
    let mut args = CallArgs {
        decls: Vec::new(),
        names: Vec::new(),
        build: Vec::new(),
    };
    for p in &ep.path_params {
        let id = ident(&p.rust_name);
        let ty = borrowed(spec, &p.ty, &prefix);
        let wire = &p.wire_name;
        args.decls.push(quote!(#id: #ty));
        args.build.push(quote!(.path_param(#wire, #id)));
        args.names.push(id);
    }
    if !ep.query_params.is_empty() {
        let query_struct = query_struct_name(ep);
        args.decls.push(quote!(query: &#query_struct));
        args.names.push(format_ident!("query"));
        args.build.push(quote!(.query_params(query)));
    }
    if let Some(req) = &ep.request {
        let ty = rust_type(spec, req, &prefix);
        args.decls.push(quote!(request: &#ty));
        args.names.push(format_ident!("request"));
        args.build.push(quote!(.json(request)));
    }
    args
}

pub fn endpoint_items(spec: &Spec, lane: &Lane, ep: &Endpoint) -> EndpointItems {
    let error_enum = error_enum_name(ep);
    let query_struct = query_struct_name(ep);
    let static_name = format_ident!("{}", ep.name.to_shouty_snake_case());
    let method = ident(&ep.name);
    let prefix = types_prefix();

    let mut items = error_enum_items(spec, ep, &error_enum);
    if !ep.query_params.is_empty() {
        let fields: Vec<Field> = ep.query_params.iter().map(param_field).collect();
        let d = doc(&format!("Query parameters of {} `{}`.", ep.id, ep.name));
        items.extend(object(
            spec,
            &query_struct,
            d,
            &fields,
            &prefix,
            ObjectKind::Query,
        ));
    }

    let CallArgs {
        decls: args, build, ..
    } = call_args(spec, ep);
    let output = output_type(spec, ep);
    let ret = quote!(impl rt::CallFuture<#output, #error_enum>);
    let d = doc(&method_doc(ep, &error_enum));
    EndpointItems {
        items,
        endpoint_static: endpoint_static(lane, ep, &static_name),
        declaration: quote!(#d fn #method(&self, #(#args),*) -> #ret;),
        implementation: quote! {
            fn #method(&self, #(#args),*) -> #ret {
                self.inner.call(&#static_name, rt::Request::new() #(#build)*)
            }
        },
    }
}

/// Path parameters are taken by reference: `&str` for strings, `&T` otherwise.
fn borrowed(spec: &Spec, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(
            Primitive::String | Primitive::Date | Primitive::DateTime | Primitive::Uuid,
        ) => quote!(&str),
        _ => {
            let t = rust_type(spec, ty, prefix);
            quote!(&#t)
        }
    }
}

fn param_field(p: &Param) -> Field {
    Field {
        wire_name: p.wire_name.clone(),
        rust_name: p.rust_name.clone(),
        ty: p.ty.clone(),
        optional: p.optional,
        nullable: false,
        doc: p.doc.clone(),
        example: None,
        aliases: Vec::new(),
        inferred: azotte_spec::model::is_inferred(p.doc.as_deref()),
    }
}

fn error_enum_items(spec: &Spec, ep: &Endpoint, name: &proc_macro2::Ident) -> TokenStream {
    let codes: Vec<_> = ep.errors.iter().filter_map(|c| spec.error(c)).collect();
    let variants: Vec<_> = codes.iter().map(|c| ident(&c.variant)).collect();
    let wires: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let vdocs = codes
        .iter()
        .map(|c| doc(&format!("`{}` (HTTP {}): {}", c.code, c.http, c.doc.trim())));
    let d = doc(&format!(
        "The message codes {} (`{}`) documents, plus `Unknown` for any other code.",
        ep.id, ep.name
    ));
    quote! {
        ::azotte_runtime::endpoint_error! {
            #d
            pub enum #name { #( #vdocs #variants = #wires, )* }
        }
    }
}

fn endpoint_static(lane: &Lane, ep: &Endpoint, name: &proc_macro2::Ident) -> TokenStream {
    let id = &ep.id;
    let method = format_ident!(
        "{}",
        match ep.method {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Patch => "Patch",
            HttpMethod::Delete => "Delete",
        }
    );
    let path = &ep.full_path;
    let status = (ep.success != 200).then(|| {
        let s = ep.success;
        quote!(.status(#s))
    });
    let payload = (where_payload(ep) != usual_payload(lane)).then(|| {
        let p = payload(&where_payload(ep));
        quote!(.payload(#p))
    });
    let idempotency = match &ep.idempotency {
        Some(Idempotency::Header(h)) => quote!(.idempotency(rt::Idempotency::Header(#h))),
        Some(Idempotency::BodyField(f)) => quote!(.idempotency(rt::Idempotency::BodyField(#f))),
        None => quote!(),
    };
    quote! {
        static #name: rt::Endpoint = LANE_ENDPOINT.at(rt::Method::#method, #id, #path) #status #payload #idempotency;
    }
}

/// An endpoint's payload location and the further keys its decoder accepts.
type Where<'a> = (&'a PayloadLocation, &'a [String]);

fn where_payload(ep: &Endpoint) -> Where<'_> {
    (&ep.payload, &ep.payload_fallbacks)
}

fn payload((location, fallbacks): &Where<'_>) -> TokenStream {
    match location {
        PayloadLocation::Key(k) if fallbacks.is_empty() => quote!(rt::Payload::Key(#k)),
        PayloadLocation::Key(k) => quote!(rt::Payload::Keys(&[#k, #(#fallbacks),*])),
        PayloadLocation::Inline => quote!(rt::Payload::Inline),
        PayloadLocation::Empty => quote!(rt::Payload::Empty),
    }
}

/// Where most of the lane's endpoints put their payload (the first such, on a tie).
fn usual_payload(lane: &Lane) -> Where<'_> {
    let mut counts: Vec<(Where<'_>, usize)> = Vec::new();
    for ep in lane.endpoints() {
        match counts.iter_mut().find(|(p, _)| *p == where_payload(ep)) {
            Some((_, n)) => *n += 1,
            None => counts.push((where_payload(ep), 1)),
        }
    }
    // `max_by_key` keeps the last maximum: reverse to prefer the first.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or((&PayloadLocation::Empty, &[]), |(p, _)| p)
}

/// The lane's `LANE_ENDPOINT`: what its endpoint statics share (lane, envelope, usual payload).
pub fn lane_endpoint(spec: &Spec, lane: &Lane) -> TokenStream {
    // Validation refuses an outbound lane without a declared envelope.
    let envelope = ident(
        lane.envelope
            .as_deref()
            .and_then(|e| spec.envelope(e))
            .map_or("_", |e| e.rust_name.as_str()),
    );
    let payload = payload(&usual_payload(lane));
    quote! {
        /// What the lane's endpoints share; each endpoint's static adds its method, id and path.
        const LANE_ENDPOINT: rt::Endpoint = rt::Endpoint::lane(&LANE, &super::envelopes::#envelope, #payload);
    }
}

fn method_doc(ep: &Endpoint, error_enum: &proc_macro2::Ident) -> String {
    let mut d = format!(
        "**{}** · `{} {}` · {}",
        ep.id,
        ep.method.as_str(),
        ep.full_path,
        ep.summary
    );
    if let Some(more) = &ep.doc {
        d.push_str(&format!("\n\n{}", more.trim()));
    }
    let payload = match &ep.payload {
        PayloadLocation::Key(k) if ep.payload_fallbacks.is_empty() => {
            format!("the payload under `{k}`")
        }
        PayloadLocation::Key(k) => {
            let others: Vec<String> = ep
                .payload_fallbacks
                .iter()
                .map(|f| format!("`{f}`"))
                .collect();
            format!(
                "the payload under `{k}` (or, when absent, {})",
                others.join(", then ")
            )
        }
        PayloadLocation::Inline => "the payload inline beside the status".to_owned(),
        PayloadLocation::Empty => "no payload".to_owned(),
    };
    d.push_str(&format!("\n\nSuccess: HTTP {} with {payload}.", ep.success));
    match &ep.idempotency {
        Some(Idempotency::Header(h)) => d.push_str(&format!(
            " Idempotent: the client sends an `{h}` (generated unless you set one with `with_idempotency_key`)."
        )),
        Some(Idempotency::BodyField(f)) => d.push_str(&format!(
            " Idempotent on the body field `{f}`: send the same value to repeat the call safely."
        )),
        None => {}
    }
    if let Some(why) = &ep.idempotency_doc {
        d.push_str(&format!(" {}", why.trim()));
    }
    if !ep.scopes.is_empty() {
        let scopes: Vec<String> = ep.scopes.iter().map(|s| format!("`{s}`")).collect();
        d.push_str(&format!(" OAuth scopes: {}.", scopes.join(", ")));
    }
    if let Some(p) = &ep.pagination {
        d.push_str(&format!(" Paginated: items under `{}`.", p.items));
    }
    d.push_str(&format!(
        " Errors: a documented message code arrives as a [`{error_enum}`] variant in \
         `ApiError::Service`; transport, timeout, auth and decoding failures are the other \
         [`ApiError`](rt::ApiError) variants."
    ));
    d
}
