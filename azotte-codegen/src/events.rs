//! Inbound lanes (webhooks): the typed `Event` enum with an `Unknown` arm, and
//! where in the delivered envelope the event type and data are found.

use crate::docs::doc;
use crate::types::rust_type;
use azotte_spec::model::Lane;
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn events_items(spec: &Spec, lane: &Lane) -> TokenStream {
    let prefix = quote!(super::types::);
    let variants: Vec<_> = lane
        .events
        .iter()
        .map(|e| format_ident!("{}", e.rust_name))
        .collect();
    let types: Vec<&str> = lane.events.iter().map(|e| e.event_type.as_str()).collect();
    let payloads = lane
        .events
        .iter()
        .map(|e| rust_type(spec, &e.payload, &prefix));
    let vdocs = lane.events.iter().map(|e| {
        doc(&match &e.doc {
            Some(d) => format!("`{}`: {}", e.event_type, d.trim()),
            None => format!("`{}`.", e.event_type),
        })
    });
    let type_field = lane.event_type_field.clone().unwrap_or_default();
    let data_field = lane.event_data_field.clone();
    let data_doc = match &data_field {
        Some(f) => format!(" Key of the event's own data inside the delivered payload: `{f}`."),
        None => " The event's data is the delivered payload itself.".to_owned(),
    };
    let data_const = match &data_field {
        Some(f) => quote!(Some(#f)),
        None => quote!(None),
    };
    let type_doc = format!(" Key of the event type inside the delivered payload: `{type_field}`.");
    quote! {
        #[doc = #type_doc]
        pub const EVENT_TYPE_FIELD: &str = #type_field;
        #[doc = #data_doc]
        pub const EVENT_DATA_FIELD: ::std::option::Option<&str> = #data_const;

        /// An event delivered on this lane, decoded by its type.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            #( #vdocs #variants(#payloads), )*
            /// An event type this client does not know yet; its data is kept as JSON.
            Unknown {
                /// The event type as delivered.
                event_type: ::std::string::String,
                /// The event's data, undecoded.
                data: ::serde_json::Value,
            },
        }

        impl Event {
            /// Every event type the spec declares.
            pub const TYPES: &'static [&'static str] = &[#(#types),*];

            /// The event type as delivered, e.g. `subscription.activated`.
            pub fn event_type(&self) -> &str {
                match self {
                    #( Self::#variants(_) => #types, )*
                    Self::Unknown { event_type, .. } => event_type,
                }
            }

            /// Decodes an event from its type and data. Unknown types become
            /// `Unknown`; a known type whose data does not match is an error.
            pub fn from_parts(event_type: &str, data: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                Ok(match event_type {
                    #( #types => Self::#variants(::serde_json::from_value(data)?), )*
                    other => Self::Unknown { event_type: other.to_owned(), data },
                })
            }
        }
    }
}
