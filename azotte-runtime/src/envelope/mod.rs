//! Response decoding: reads any envelope shape described by an
//! [`EnvelopeSpec`](crate::EnvelopeSpec), decides success or failure, and produces either a
//! [`Response<T>`](crate::Response) or the matching [`ApiError`](crate::ApiError), both carrying every
//! envelope part ([`EnvelopeParts`]).
//!
//! The content type is deliberately ignored (C2A answers
//! `application/clientOutput+Json`); the body is parsed as JSON whatever it
//! claims. Nothing here can panic on network data.
//!
//! Split by concern: `scan` walks an object body once, `parts` turns what
//! it found into [`EnvelopeParts`] (all a webhook receiver needs), and
//! `decode` (feature `client`) decides a call's outcome.

mod parts;
mod scan;

pub use parts::{is_success, EnvelopeParts, Links};

#[cfg(feature = "client")]
mod decode;
#[cfg(feature = "client")]
mod success;
#[cfg(feature = "client")]
pub use decode::decode_response;
#[cfg(feature = "client")]
pub(crate) use decode::{decode, Meta, RawResponse, Sent};
/// For `response` (feature `client`): a success's parts, read on first access.
#[cfg(feature = "client")]
pub(crate) use parts::read_parts;
/// For `retry` (feature `client`): `Retry-After` values read as seconds.
#[cfg(feature = "client")]
pub(crate) use parts::{seconds, seconds_of};
