//! Provided trait methods built on an area's own methods, so they work for the
//! generated `Client` and for a user's mock alike: `<list>_stream` (lazy
//! pagination), waiters (poll until settled) and the area handle with short
//! method names (`client.private_offers().list(…)`). The loops are the runtime's
//! (`paginate`, `wait`); here is only the spec-specific glue.

use crate::docs::doc;
use crate::endpoints::{call_args, error_enum_name, output_type};
use crate::ident::ident;
use crate::types::rust_type;
use azotte_spec::model::{Area, Endpoint, Lane, TypeKind, TypeRef, Waiter};
use azotte_spec::Spec;
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A field of the object type `ty`: (Rust name, type, required).
fn field(spec: &Spec, ty: Option<&TypeRef>, wire: &str) -> Option<(String, TypeRef, bool)> {
    let Some(TypeRef::Named(n)) = ty else {
        return None;
    };
    match &spec.type_def(n)?.kind {
        TypeKind::Object { fields } => fields
            .iter()
            .find(|f| f.wire_name == wire)
            .map(|f| (f.rust_name.clone(), f.ty.clone(), f.required())),
        _ => None,
    }
}

/// `<name>_stream`: every item of a page-numbered list endpoint, fetched lazily.
pub fn stream_method(spec: &Spec, lane: &Lane, ep: &Endpoint) -> Option<TokenStream> {
    let p = ep.pagination.as_ref()?;
    let page_param = ep
        .query_params
        .iter()
        .find(|q| Some(&q.wire_name) == p.page_param.as_ref())?;
    let (items_field, items_ty, items_required) = field(spec, ep.response.as_ref(), &p.items)?;
    let TypeRef::List(item) = items_ty else {
        return None;
    };
    let item = rust_type(spec, &item, &quote!(types::));
    let items = ident(&items_field);
    let items = if items_required {
        quote!(page.#items)
    } else {
        quote!(page.#items.unwrap_or_default())
    };
    let more = more_pages(spec, lane, ep)?;
    let page_field = ident(&page_param.rust_name);
    let (start, set) = if page_param.optional {
        (quote!(query.#page_field.unwrap_or(1)), quote!(Some(page)))
    } else {
        (quote!(query.#page_field), quote!(page))
    };
    let args = call_args(spec, ep);
    let decls = &args.decls;
    // The stream borrows only `self` (`use<'a, Self>`): a temporary query
    // works, `client.x_stream(&Query::new())`. So the query and the path
    // parameters are copied, once for the stream and again for each page's
    // call (the page future cannot borrow from the closure).
    let path: Vec<_> = ep.path_params.iter().map(|p| ident(&p.rust_name)).collect();
    let pass = args.names.iter().map(|n| {
        if n == "query" || path.contains(n) {
            quote!(&#n)
        } else {
            quote!(#n)
        }
    });
    let method = ident(&ep.name);
    let stream = format_ident!("{}_stream", ep.name);
    let error = error_enum_name(ep);
    let d = doc(&format!(
        "Every item of {} as a lazy stream: pages are fetched through [`{}`](Self::{}) one at a time, starting at `query.{}` (else 1), as the stream is consumed. A failed page is yielded as an error and ends the stream.",
        ep.id, ep.name, ep.name, page_param.rust_name
    ));
    Some(quote! {
        #d
        fn #stream<'a>(&'a self, #(#decls),*) -> impl rt::futures::Stream<
            Item = Result<#item, rt::ApiError<#error>>,
        > + Send + Unpin + use<'a, Self>
        where
            Self: Sync,
        {
            let query = query.clone();
            #( let #path = #path.to_owned(); )*
            rt::paginate(#start, move |page| {
                let mut query = query.clone();
                query.#page_field = #set;
                #( let #path = #path.clone(); )*
                async move {
                    let response = self.#method(#(#pass),*).await?;
                    let more = #more;
                    let page = response.into_inner();
                    Ok((#items, more))
                }
            })
        }
    })
}

/// Whether another page follows `response` (page number `page`): the spec's
/// page-info flag, else its page count, else a non-null `links.next`, else
/// "until a page comes back empty".
fn more_pages(spec: &Spec, lane: &Lane, ep: &Endpoint) -> Option<TokenStream> {
    let p = ep.pagination.as_ref()?;
    if let (Some(info), Some(flag)) = (&p.page_info, &p.has_next) {
        let (info_field, info_ty, info_required) = field(spec, ep.response.as_ref(), info)?;
        let (flag_field, _, flag_required) = field(spec, Some(&info_ty), flag)?;
        let (i, f) = (ident(&info_field), ident(&flag_field));
        return Some(match (info_required, flag_required) {
            (true, true) => quote!(response.#i.#f),
            (true, false) => quote!(response.#i.#f.unwrap_or(false)),
            (false, true) => quote!(response.#i.as_ref().is_some_and(|info| info.#f)),
            (false, false) => {
                quote!(response.#i.as_ref().and_then(|info| info.#f).unwrap_or(false))
            }
        });
    }
    if let (Some(info), Some(pages)) = (&p.page_info, &p.total_pages) {
        let (info_field, info_ty, info_required) = field(spec, ep.response.as_ref(), info)?;
        let (pages_field, _, pages_required) = field(spec, Some(&info_ty), pages)?;
        let (i, n) = (ident(&info_field), ident(&pages_field));
        return Some(match (info_required, pages_required) {
            (true, true) => quote!(page < response.#i.#n),
            (true, false) => quote!(response.#i.#n.is_some_and(|pages| page < pages)),
            (false, true) => quote!(response.#i.as_ref().is_some_and(|info| page < info.#n)),
            (false, false) => {
                quote!(response.#i.as_ref().and_then(|info| info.#n).is_some_and(|pages| page < pages))
            }
        });
    }
    let has_links = spec
        .envelope(lane.envelope.as_deref().unwrap_or_default())
        .is_some_and(|e| e.links.is_some());
    Some(if has_links {
        quote!(response
            .links()
            .and_then(|links| links.get("next"))
            .is_some_and(|next| !next.is_null()))
    } else {
        quote!(true)
    })
}

/// A waiter: polls its endpoint until the state field settles or the deadline passes.
pub fn waiter_method(spec: &Spec, ep: &Endpoint, w: &Waiter) -> Option<TokenStream> {
    let (state_field, _, _) = field(spec, ep.response.as_ref(), &w.state_field)?;
    let state = ident(&state_field);
    let args = call_args(spec, ep);
    let (decls, names) = (&args.decls, &args.names);
    let (output, error) = (output_type(spec, ep), error_enum_name(ep));
    let (poll, name) = (ident(&ep.name), ident(&w.name));
    let (init, max) = (w.initial_delay_ms, w.max_delay_ms);
    let arms = [
        (&w.success, quote!(Succeeded)),
        (&w.failure, quote!(Failed)),
        (&w.action_required, quote!(ActionRequired)),
    ]
    .into_iter()
    .filter(|(states, _)| !states.is_empty())
    .map(|(states, outcome)| {
        let states = quote!(#(#states)|*);
        let pattern = if w.state_optional {
            quote!(Some(#states))
        } else {
            states
        };
        quote!(#pattern => rt::WaitState::#outcome,)
    });
    // An optional state field that is absent (or `null`) leaves the wait pending.
    let read = if w.state_optional {
        quote!(response.#state.as_ref().map(|s| s.as_str()))
    } else {
        quote!(response.#state.as_str())
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let d = doc(&format!(
        "{}\n\nPolls [`{}`](Self::{}) until `{}` settles: success on {}, failure on {}, caller action needed on {}. {absent}Delays start at {init} ms and double up to {max} ms; the wait gives up at `deadline` with `WaitError::DeadlineExceeded` (carrying the last response). Poll errors end the wait as `WaitError::Api`.",
        w.doc.as_deref().unwrap_or("Waits for the operation to settle.").trim(),
        ep.name, ep.name, w.state_field,
        list(&w.success), list(&w.failure), list(&w.action_required),
        absent = if w.state_optional {
            format!("A response without `{}` (the field is optional) counts as pending: the wait goes on. ", w.state_field)
        } else {
            String::new()
        },
    ));
    Some(quote! {
        #d
        fn #name(&self, #(#decls,)* deadline: ::std::time::Duration) -> impl ::std::future::Future<
            Output = Result<
                rt::WaitOutcome<rt::Response<#output>>,
                rt::WaitError<rt::Response<#output>, #error>,
            >,
        > + Send
        where
            Self: Sync,
        {
            rt::wait(
                rt::WaitPolicy {
                    initial_delay: ::std::time::Duration::from_millis(#init),
                    max_delay: ::std::time::Duration::from_millis(#max),
                    deadline,
                },
                move || self.#poll(#(#names),*),
                |response: &rt::Response<#output>| match #read {
                    #(#arms)*
                    _ => rt::WaitState::Pending,
                },
            )
        }
    })
}

/// The area handle (`<Trait>Api`) and the trait's accessor for it, when the
/// area's endpoints declare short names (`verb`).
pub fn area_handle(spec: &Spec, area: &Area) -> Option<(TokenStream, TokenStream)> {
    let with_verbs: Vec<&Endpoint> = area.endpoints.iter().filter(|e| e.verb.is_some()).collect();
    if with_verbs.is_empty() {
        return None;
    }
    let trait_name = ident(&area.trait_name);
    let handle = format_ident!("{}Api", area.trait_name);
    let accessor = ident(&area.name.to_snake_case());
    let methods = with_verbs.iter().map(|ep| {
        let verb = ident(ep.verb.as_deref().unwrap_or_default());
        let method = ident(&ep.name);
        let args = call_args(spec, ep);
        let (decls, names) = (&args.decls, &args.names);
        let (output, error) = (output_type(spec, ep), error_enum_name(ep));
        let d = format!(
            " {} · {}: the same call as [`{}::{}`].",
            ep.id, ep.summary, area.trait_name, ep.name
        );
        quote! {
            #[doc = #d]
            pub async fn #verb(&self, #(#decls),*) -> rt::ApiResult<#output, #error> {
                self.0.#method(#(#names),*).await
            }
        }
    });
    let handle_doc = format!(
        " The {} endpoints by short name, from [`{}::{}`]: `client.{}().<verb>(…)`.",
        area.title, area.trait_name, area.name, area.name
    );
    let accessor_doc = format!(
        " The {} endpoints by short name (`.{}().<verb>(…)`).",
        area.title, area.name
    );
    Some((
        quote! {
            #[doc = #handle_doc]
            #[derive(Debug)]
            pub struct #handle<'a, C: ?Sized>(&'a C);
            impl<C: #trait_name + ?Sized> #handle<'_, C> {
                #(#methods)*
            }
        },
        quote! {
            #[doc = #accessor_doc]
            fn #accessor(&self) -> #handle<'_, Self> {
                #handle(self)
            }
        },
    ))
}
