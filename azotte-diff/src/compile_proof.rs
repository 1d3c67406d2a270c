//! The Rust-API verdicts proven against the compiler, as doctests: the same
//! caller code compiles against the crate `generate!` expands from
//! `tests/proof/old` and fails, with the expected error code, against the one
//! from `tests/proof/new` (an error code and an optional request field
//! added). `tests/table.rs` (`compile_proof_pair`) asserts that the diff of
//! the two calls both changes Rust-breaking.
//!
//! Old caller code against the old crate:
//!
//! ```
//! mod api { azotte_macros::generate!("tests/proof/old"); }
//! use api::c2a::StoreThingError;
//! fn describe(e: &StoreThingError) -> &'static str {
//!     match e {
//!         StoreThingError::NotFound => "missing",
//!         StoreThingError::Unknown(_) => "other",
//!     }
//! }
//! let body = api::types::Body { name: "n".into(), note: None, color: None };
//! assert_eq!(describe(&StoreThingError::NotFound), "missing");
//! # let _ = body;
//! ```
//!
//! The exhaustive `match`, against the new crate: E0004, non-exhaustive
//! patterns (`StoreThingError::Conflict` not covered):
//!
//! ```compile_fail,E0004
//! mod api { azotte_macros::generate!("tests/proof/new"); }
//! use api::c2a::StoreThingError;
//! fn describe(e: &StoreThingError) -> &'static str {
//!     match e {
//!         StoreThingError::NotFound => "missing",
//!         StoreThingError::Unknown(_) => "other",
//!     }
//! }
//! ```
//!
//! The struct literal, against the new crate: E0063, missing field `extra`:
//!
//! ```compile_fail,E0063
//! mod api { azotte_macros::generate!("tests/proof/new"); }
//! let body = api::types::Body { name: "n".into(), note: None, color: None };
//! ```
//!
//! What the verdict's reason says stays unaffected, against the new crate:
//! `new` and the setters.
//!
//! ```
//! mod api { azotte_macros::generate!("tests/proof/new"); }
//! let body = api::types::Body::new("n").note("a note");
//! assert_eq!(body.extra, None);
//! ```
