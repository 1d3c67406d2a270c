//! Inbound lanes (webhooks): the typed `Event` enum with an `Unknown` arm, the
//! lane's signature scheme and event location as data, and a `Verifier` that
//! checks a delivery and decodes its event (the work is the runtime's).

use crate::auth::{opt_str, signed_parts};
use crate::docs::doc;
use crate::ident::ident;
use crate::types::rust_type;
use azotte_spec::model::{AuthKind, Lane};
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::quote;

pub fn events_items(spec: &Spec, lane: &Lane) -> TokenStream {
    let prefix = quote!(super::types::);
    let variants: Vec<_> = lane.events.iter().map(|e| ident(&e.rust_name)).collect();
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
            let name = ident(&e.rust_name);
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
            timestamp_field,
            tolerance_seconds,
        },
    )) = scheme.map(|s| (s, &s.kind))
    else {
        return TokenStream::new();
    };
    let sig_header = &signature.signature_header;
    let (timestamp, replay) = match (&signature.timestamp_header, timestamp_field) {
        (Some(h), _) => (
            quote!(Some(::azotte_runtime::TimestampSource::Header(#h))),
            format!("the `{h}` header"),
        ),
        (None, Some(f)) => (
            quote!(Some(::azotte_runtime::TimestampSource::BodyField(#f))),
            format!("the signed body's `{f}`"),
        ),
        (None, None) => (quote!(None), String::new()),
    };
    let replay_doc = if replay.is_empty() {
        "The scheme carries no timestamp, so no replay window or replay cache applies.".to_owned()
    } else {
        format!(
            "Replay protection: the timestamp in {replay} must be within {tolerance_seconds} s of our clock, either way; an authentic delivery accepted once is refused as `Replayed` (409) while inside that window, keyed on its signature (the exact signed bytes). If you cannot process a delivery and answer non-2xx, call [`release`](Self::release) so the sender's retry of the same bytes is accepted."
        )
    };
    let (signed, hex, separator) = (signed_parts(signature), signature.hex, &signature.separator);
    let scheme_doc = scheme
        .doc
        .as_deref()
        .map_or_else(String::new, |d| format!("\n\n{}", d.trim()));
    let d = doc(&format!(
        "Verifies deliveries of this lane (`{}`: HMAC-SHA256 in `{sig_header}`, hex or base64, optionally prefixed `sha256=`, compared in constant time) and decodes their events.{scheme_doc}\n\n{replay_doc}\n\nFramework-neutral: give it the headers and the raw body bytes exactly as received.",
        scheme.name
    ));
    let signs_timestamp = signature
        .signed
        .contains(&azotte_spec::model::SignedPart::Timestamp);
    let sign = if signs_timestamp {
        quote! {
            /// The signature header value the API would send for `body` at `timestamp`
            /// (for trying your receiver against the local gateway's rule).
            pub fn sign(secret: &str, timestamp: u64, body: &[u8]) -> ::std::string::String {
                ::azotte_runtime::sign_webhook(&SIGNATURE, secret, timestamp, body)
            }
        }
    } else {
        quote! {
            /// The signature header value the API would send for `body`
            /// (for trying your receiver against the local gateway's rule).
            pub fn sign(secret: &str, body: &[u8]) -> ::std::string::String {
                ::azotte_runtime::sign_webhook(&SIGNATURE, secret, 0, body)
            }
        }
    };
    quote! {
        /// How deliveries of this lane are signed.
        static SIGNATURE: ::azotte_runtime::WebhookSpec = ::azotte_runtime::WebhookSpec {
            signature_header: #sig_header,
            timestamp: #timestamp,
            signed: #signed,
            separator: #separator,
            hex: #hex,
            tolerance_seconds: #tolerance_seconds,
        };

        #d
        #[derive(Debug)]
        pub struct Verifier(::azotte_runtime::WebhookVerifier);

        impl Verifier {
            /// A verifier with the shared webhook secret (never shown). An empty
            /// secret is refused: anyone can compute an HMAC keyed with it.
            pub fn new(secret: impl Into<::std::string::String>) -> ::std::result::Result<Self, ::azotte_runtime::EmptySecret> {
                ::azotte_runtime::WebhookVerifier::new(&SIGNATURE, secret.into()).map(Self)
            }
            /// How far a delivery's timestamp may be ahead of our clock (default: the replay window).
            pub fn max_future_skew(self, skew: ::std::time::Duration) -> Self {
                Self(self.0.max_future_skew(skew))
            }
            /// How many accepted deliveries the replay cache remembers (0 turns it off).
            pub fn replay_capacity(self, capacity: usize) -> Self {
                Self(self.0.replay_capacity(capacity))
            }
            /// Verifies a delivery against the system clock and decodes its event.
            pub fn verify(&self, headers: &::azotte_runtime::http::HeaderMap, body: &[u8]) -> ::std::result::Result<Delivery, ::azotte_runtime::WebhookRejection> {
                self.0.verify_event(&INBOUND, headers, body)
            }
            /// [`verify`](Self::verify) as if the time were `now_unix` (seconds since the epoch).
            pub fn verify_at(&self, headers: &::azotte_runtime::http::HeaderMap, body: &[u8], now_unix: u64) -> ::std::result::Result<Delivery, ::azotte_runtime::WebhookRejection> {
                self.0.verify_event_at(&INBOUND, headers, body, now_unix)
            }
            /// Forgets an accepted delivery you could not process (you answer it
            /// non-2xx), so the sender's retry of the very same bytes is accepted.
            pub fn release(&self, delivery: &Delivery) {
                if let Some(key) = &delivery.replay_key {
                    self.0.release(key);
                }
            }
        }

        #sign
    }
}
