//! Inbound lanes (webhooks): the typed `Event` enum with an `Unknown` arm, the
//! lane's signature scheme and event location as data, and a `Verifier` that
//! checks a delivery and decodes its event (the work is the runtime's).

use crate::auth::{opt_str, signed_parts};
use crate::docs::doc;
use crate::types::rust_type;
use azotte_spec::model::{AuthKind, Lane};
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
    let envelope = match lane.envelope.as_deref().and_then(|e| spec.envelope(e)) {
        Some(e) => {
            let name = format_ident!("{}", e.rust_name);
            quote!(Some(&super::envelopes::#name))
        }
        None => quote!(None),
    };
    let type_field = lane.event_type_field.clone().unwrap_or_default();
    let data_field = opt_str(&lane.event_data_field);
    let verifier = verifier(spec, lane);
    quote! {
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
        }

        impl ::azotte_runtime::WebhookEvent for Event {
            fn from_parts(event_type: &str, data: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                Ok(match event_type {
                    #( #types => Self::#variants(::serde_json::from_value(data)?), )*
                    other => Self::Unknown { event_type: other.to_owned(), data },
                })
            }
        }

        /// Where this lane's events sit in its envelope.
        static INBOUND: ::azotte_runtime::InboundSpec = ::azotte_runtime::InboundSpec {
            envelope: #envelope,
            event_type_field: #type_field,
            event_data_field: #data_field,
        };

        /// A verified delivery of this lane: its [`Event`], correlation id and envelope.
        pub type Delivery = ::azotte_runtime::Delivery<Event>;

        #verifier
    }
}

/// The `Verifier` of the lane's `hmac_webhook` scheme (validated to be its only one).
fn verifier(spec: &Spec, lane: &Lane) -> TokenStream {
    let scheme = lane
        .auth
        .first()
        .and_then(|c| c.schemes.first())
        .and_then(|s| spec.auth_scheme(s));
    let Some((
        scheme,
        AuthKind::HmacWebhook {
            signature,
            tolerance_seconds,
        },
    )) = scheme.map(|s| (s, &s.kind))
    else {
        return TokenStream::new();
    };
    let sig_header = &signature.signature_header;
    let ts_header = opt_str(&signature.timestamp_header);
    let (signed, hex) = (signed_parts(signature), signature.hex);
    let scheme_doc = scheme
        .doc
        .as_deref()
        .map(|d| format!("\n\n{}", d.trim()))
        .unwrap_or_default();
    let d = doc(&format!(
        "Verifies deliveries of this lane (`{}`: HMAC-SHA256 in `{sig_header}`, compared in constant time; timestamps older than {tolerance_seconds} s or from the future are refused) and decodes their events.{scheme_doc}\n\nFramework-neutral: give it the headers and the raw body bytes exactly as received.",
        scheme.name
    ));
    quote! {
        /// How deliveries of this lane are signed.
        static SIGNATURE: ::azotte_runtime::WebhookSpec = ::azotte_runtime::WebhookSpec {
            signature_header: #sig_header,
            timestamp_header: #ts_header,
            signed: #signed,
            hex: #hex,
            tolerance_seconds: #tolerance_seconds,
        };

        #d
        #[derive(Debug)]
        pub struct Verifier(::azotte_runtime::WebhookVerifier);

        impl Verifier {
            /// A verifier with the shared webhook secret (never shown).
            pub fn new(secret: impl Into<::std::string::String>) -> Self {
                Self(::azotte_runtime::WebhookVerifier::new(&SIGNATURE, secret.into()))
            }
            /// How far a delivery's timestamp may be ahead of our clock (default 30 s).
            pub fn max_future_skew(self, skew: ::std::time::Duration) -> Self {
                Self(self.0.max_future_skew(skew))
            }
            /// Verifies a delivery against the system clock and decodes its event.
            pub fn verify(&self, headers: &::azotte_runtime::reqwest::header::HeaderMap, body: &[u8]) -> ::std::result::Result<Delivery, ::azotte_runtime::WebhookRejection> {
                self.0.verify_event(&INBOUND, headers, body)
            }
            /// [`verify`](Self::verify) as if the time were `now_unix` (seconds since the epoch).
            pub fn verify_at(&self, headers: &::azotte_runtime::reqwest::header::HeaderMap, body: &[u8], now_unix: u64) -> ::std::result::Result<Delivery, ::azotte_runtime::WebhookRejection> {
                self.0.verify_event_at(&INBOUND, headers, body, now_unix)
            }
        }

        /// The signature header value the API would send for `body` at `timestamp`
        /// (for testing your receiver).
        pub fn sign(secret: &str, timestamp: u64, body: &[u8]) -> ::std::string::String {
            ::azotte_runtime::sign_webhook(&SIGNATURE, secret, timestamp, body)
        }
    }
}
