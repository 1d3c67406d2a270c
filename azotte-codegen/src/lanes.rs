//! One module per lane: its `LaneSpec`, its `Client` (built from the lane's
//! credentials, so a client of one lane cannot call another lane's endpoints),
//! one trait per area implemented on that client, and the endpoint items.

use crate::docs::{doc, or};
use crate::endpoints::{endpoint_items, lane_endpoint};
use crate::events::events_items;
use crate::ident::ident;
use crate::provided;
use azotte_spec::model::{Direction, HeaderRole, Lane, TypeRef};
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The module doc of a lane: what it is, where it is served, how it
/// authenticates, and the headers it sends with the spec's doc of each (an
/// `inferred:` there stays in the text, so the reader sees what is inferred).
pub fn lane_doc(spec: &Spec, lane: &Lane) -> String {
    let summary = match lane.direction {
        Direction::Outbound => format!("{}: client and endpoints.", lane.title),
        Direction::Inbound => format!("{}: events delivered to you.", lane.title),
    };
    let mut d = format!("{summary}\n\n{}", or(lane.doc.as_deref(), String::new));
    d.push_str(&format!("\n\nBase path: `{}`.", lane.base_path));
    if !lane.environments.is_empty() {
        let envs: Vec<String> = lane
            .environments
            .iter()
            .filter_map(|e| spec.environment(e))
            .map(|e| format!("`{}` (`{}`)", e.rust_name, e.url))
            .collect();
        d.push_str(&format!(" Served on: {}.", envs.join(", ")));
    }
    let auth: Vec<String> = lane
        .auth
        .iter()
        .map(|c| format!("`{}`", c.schemes.join(" + ")))
        .collect();
    d.push_str(&format!(" Auth: {}.", auth.join(" or ")));
    let headers: Vec<String> = lane
        .headers
        .iter()
        .filter_map(|h| spec.header(h))
        .map(|h| match h.doc.as_deref().map(str::trim) {
            Some(doc) if !doc.is_empty() => format!("- `{}`: {doc}", h.name),
            _ => format!("- `{}`", h.name),
        })
        .collect();
    if !headers.is_empty() {
        d.push_str(&format!("\n\nHeaders:\n{}", headers.join("\n")));
    }
    d
}

pub fn lane_module(spec: &Spec, lane: &Lane) -> TokenStream {
    if lane.direction == Direction::Inbound {
        return events_items(spec, lane);
    }
    let head = lane_head(spec, lane);
    let areas = lane_areas(spec, lane, 0..lane.areas.len());
    quote!(#head #areas)
}

/// What an outbound lane module opens with: imports, its `LaneSpec`, the
/// endpoints' shared base and the client.
pub fn lane_head(spec: &Spec, lane: &Lane) -> TokenStream {
    let lane_static = lane_spec(spec, lane);
    let base = lane_endpoint(spec, lane);
    let client = client(spec, lane);
    let types = uses_types(lane).then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        #types
        use ::azotte_runtime as rt;
        #lane_static
        #base
        #client
    }
}

/// The areas `range` of an outbound lane, each together: its trait, the
/// trait's implementation on `Client`, then its endpoints' items (error enums,
/// query structs, statics, the area handle).
pub fn lane_areas(spec: &Spec, lane: &Lane, range: std::ops::Range<usize>) -> TokenStream {
    let mut out = TokenStream::new();
    for area in &lane.areas[range] {
        let name = ident(&area.trait_name);
        let mut items = TokenStream::new();
        let (mut decls, mut bodies) = (Vec::new(), Vec::new());
        for ep in &area.endpoints {
            let e = endpoint_items(spec, lane, ep);
            items.extend(e.items);
            items.extend(e.endpoint_static);
            decls.push(e.declaration);
            bodies.push(e.implementation);
            decls.extend(provided::stream_method(spec, lane, ep));
            for w in lane.waiters.iter().filter(|w| w.poll == ep.name) {
                decls.extend(provided::waiter_method(spec, ep, w));
            }
        }
        let d =
            doc(&format!(
            "{}: {}\n\nImplemented by [`Client`]; implement it yourself to mock the area in tests.",
            area.title,
            or(area.doc.as_deref(), || format!("the `{}` endpoints.", area.name))
        ));
        if let Some((handle, accessor)) = provided::area_handle(spec, area) {
            items.extend(handle);
            decls.push(accessor);
        }
        let unimplemented = format!(
            "`{{Self}}` is not a client of the {} `{}` area",
            lane.name.to_uppercase(),
            area.trait_name
        );
        let note = format!(
            "build a `{}::Client` with {} credentials, or implement `{}::{}` on your mock",
            lane.rust_name,
            lane.name.to_uppercase(),
            lane.rust_name,
            area.trait_name
        );
        out.extend(quote! {
            #d
            #[diagnostic::on_unimplemented(message = #unimplemented, note = #note)]
            pub trait #name { #(#decls)* }
            impl #name for Client { #(#bodies)* }
            #items
        });
    }
    out
}

/// Whether some endpoint of the lane names a spec type (else `use super::types;` would go unused).
fn uses_types(lane: &Lane) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Primitive(_) => false,
            TypeRef::Named(_) => true,
            TypeRef::List(inner) | TypeRef::Map(inner) => named(inner),
        }
    }
    lane.endpoints().any(|ep| {
        crate::reach::params(ep)
            .chain(&ep.request)
            .chain(&ep.response)
            .any(named)
    })
}

fn lane_spec(spec: &Spec, lane: &Lane) -> TokenStream {
    let name = &lane.name;
    let headers = lane.headers.iter().filter_map(|h| spec.header(h)).map(|h| {
        let role = format_ident!(
            "{}",
            match h.role {
                HeaderRole::CorrelationId => "CorrelationId",
                HeaderRole::IdempotencyKey => "IdempotencyKey",
                HeaderRole::Tenant => "Tenant",
                HeaderRole::RegionOverride => "RegionOverride",
                HeaderRole::Other => "Other",
                HeaderRole::RateLimitLimit => "RateLimitLimit",
                HeaderRole::RateLimitRemaining => "RateLimitRemaining",
                HeaderRole::RateLimitReset => "RateLimitReset",
            }
        );
        let (n, g, s) = (&h.name, h.generate_uuid, h.secret);
        quote!(rt::HeaderSpec { name: #n, role: rt::HeaderRole::#role, generate_uuid: #g, secret: #s })
    });
    let d =
        format!(" The `{name}` lane as the runtime sees it: its name and the headers it sends.");
    quote! {
        #[doc = #d]
        static LANE: rt::LaneSpec = rt::LaneSpec {
            name: #name,
            headers: &[#(#headers),*],
        };
    }
}

/// One accepted way to authenticate, as generated code sees it.
struct Choice {
    /// Enum variant name (`ServiceToken`, `ServiceTokenAndPartnerSignature`).
    variant: proc_macro2::Ident,
    /// The credentials type (a tuple when schemes combine).
    ty: TokenStream,
    /// The runtime `Auth` built from a binding `c` of type `ty`.
    to_auth: TokenStream,
    /// The spec's names, e.g. `service_token + partner_signature`.
    label: String,
}

fn choice(spec: &Spec, schemes: &[String]) -> Choice {
    let resolved: Vec<_> = schemes.iter().filter_map(|s| spec.auth_scheme(s)).collect();
    let names: Vec<_> = resolved.iter().map(|s| ident(&s.rust_name)).collect();
    let joined: Vec<String> = names.iter().map(ToString::to_string).collect();
    let variant = ident(&joined.join("And"));
    let label = schemes.join(" + ");
    let binds: Vec<_> = (0..names.len()).map(|i| format_ident!("c{i}")).collect();
    let parts: Vec<TokenStream> = binds.iter().map(|b| quote!(#b.0)).collect();
    if let [one] = names.as_slice() {
        return Choice {
            variant,
            ty: quote!(super::auth::#one),
            to_auth: quote!(c.0),
            label,
        };
    }
    // The runtime combines two schemes at a time: ((a, b), c) …
    let mut nested = TokenStream::new();
    if let Some((first, rest)) = parts.split_first() {
        nested = first.clone();
        for p in rest {
            nested = quote!((#nested, #p));
        }
    }
    Choice {
        variant,
        ty: quote!((#(super::auth::#names),*)),
        to_auth: quote!({ let (#(#binds),*) = c; #nested }),
        label,
    }
}

/// The lane client. With one accepted way in it takes that credentials type;
/// with several, a `Credentials` enum converting from each.
fn client(spec: &Spec, lane: &Lane) -> TokenStream {
    let choices: Vec<Choice> = lane.auth.iter().map(|c| choice(spec, &c.schemes)).collect();
    let (cred_ty, cred_items, param, to_runtime) = match choices.as_slice() {
        [one] => {
            let (ty, to_auth) = (&one.ty, &one.to_auth);
            (
                ty.clone(),
                quote!(),
                // `to_auth` reads the credentials as `c`.
                quote!(c),
                quote!(rt::Client::new(config, #to_auth)),
            )
        }
        _ => {
            let d = format!(" The credentials the `{}` lane accepts.", lane.name);
            let variants: Vec<_> = choices.iter().map(|c| &c.variant).collect();
            let tys: Vec<_> = choices.iter().map(|c| &c.ty).collect();
            let to_auth = choices.iter().map(|c| &c.to_auth);
            let vdocs = choices
                .iter()
                .map(|c| format!(" Authenticate with `{}`.", c.label));
            (
                quote!(Credentials),
                quote! {
                    #[doc = #d]
                    #[derive(Debug)]
                    // Built once per client and moved into it: boxing would buy nothing.
                    #[allow(clippy::large_enum_variant)]
                    pub enum Credentials { #( #[doc = #vdocs] #variants(#tys), )* }
                    #( impl From<#tys> for Credentials {
                        fn from(c: #tys) -> Self { Self::#variants(c) }
                    } )*
                },
                quote!(credentials),
                quote! {
                    match credentials {
                        #( Credentials::#variants(c) => rt::Client::new(config, #to_auth), )*
                    }
                },
            )
        }
    };
    let d = doc(&format!(
        "Client for the {} lane. Cheap to clone (clones share one connection pool); \
         the `with_*` methods return a clone that applies the option to its calls.",
        lane.title
    ));
    let lane_name = &lane.name;
    let serves = &lane.environments;
    quote! {
        #cred_items
        /// The environments the spec lists for this lane (checked by [`Client::new`]).
        static SERVED_ON: rt::ServedOn = rt::ServedOn { lane: #lane_name, environments: &[#(#serves),*] };
        /// How the lane's credentials become the runtime's auth (for [`Client`]).
        fn connect(config: rt::ClientConfig, #param: #cred_ty) -> Result<rt::Client, rt::BuildError> {
            #to_runtime
        }
        ::azotte_runtime::lane_client! {
            #d
            pub struct Client(#cred_ty): super::environment::Environment;
        }
    }
}
