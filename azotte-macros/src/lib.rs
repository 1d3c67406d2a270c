//! `generate!`: an API client expanded in place from its YAML spec, by the same
//! engine as `cargo xtask codegen` (`azotte-codegen`). This crate holds no
//! parsing or generation logic: [`generate!`] hands its tokens and the calling
//! crate's `CARGO_MANIFEST_DIR` to `azotte_codegen::macro_input::expand`.

#![warn(missing_docs)]

use proc_macro::TokenStream;
use std::path::PathBuf;

/// Expands an API client from a YAML spec, here: the modules `cargo xtask
/// codegen` writes (`types`, `environment`, `auth`, `envelopes`, one per lane,
/// `prelude`) and the crate-root re-exports (`Environment`, `ApiError`,
/// `Response`, …), as inline modules of the module you call it in.
///
/// # From a spec on disk
///
/// ```no_run
/// mod api {
///     azotte_macros::generate!("../azotte-spec/apis/azotte");
/// }
/// use api::prelude::*;
/// # fn run(key: String, tenant: String) -> Result<(), api::BuildError> {
/// let client = api::c2a::Client::new(&api::Environment::sandbox("acme"), api::auth::TenantApiKey::new(key, tenant))?;
/// # let _ = client; Ok(()) }
/// ```
///
/// The path is relative to the calling crate's `CARGO_MANIFEST_DIR` (the
/// directory of its `Cargo.toml`). A directory means every `*.yaml`/`*.yml`
/// file under it, read in sorted order, like the xtask; a file means that file
/// alone. Each file read is tracked with `include_bytes!`, so editing it
/// rebuilds your crate. Adding a *new* file to the directory is not seen by
/// cargo: `touch` a source file of the calling crate (or `cargo clean -p` it).
///
/// # Inline
///
/// One or more `yaml:` string literals, each one document of the spec (like
/// the files of a directory). Messages call them `inline.yaml` (one literal) or
/// `inline-1.yaml`, `inline-2.yaml`, … in order; line 1 is the line the literal
/// opens on.
///
/// ```
/// mod demo {
///     azotte_macros::generate! {
///         yaml: r#"
/// api: { name: demo, title: Demo, version: v1 }
/// environments:
///   live: { url: "https://{projectName}.example.com" }
/// auth:
///   key:
///     kind: api_key
///     headers:
///       x-api-key: { from: api_key, secret: true }
/// envelopes:
///   general:
///     payload: result
///     status: { object: status, code: messageCode, success_codes: [SUCCESS] }
/// errors:
///   NOT_FOUND: { http: 404, doc: Not found. }
/// types:
///   CustomerUrn: { newtype: string, doc: A customer. }
///   Customer:
///     doc: A customer record.
///     fields:
///       customerUrn: CustomerUrn
/// lanes:
///   c2a:
///     title: C2A
///     base_path: /api/{version}/c2a
///     auth: [key]
///     envelope: general
///     areas:
///       customers:
///         title: Customers
///         endpoints:
///           - id: C-01
///             name: get_customer
///             method: GET
///             path: /customer/{customerUrn}
///             summary: Get a customer
///             params:
///               customerUrn: { in: path, type: CustomerUrn }
///             response: Customer
///             errors: [NOT_FOUND]
/// "#
///     }
/// }
/// // A received type: public fields, no constructor (only sent types have one).
/// let customer = demo::types::Customer { customer_urn: "cu.00.1".into() };
/// assert_eq!(customer.customer_urn.as_str(), "cu.00.1");
/// assert_eq!(demo::Environment::live("acme").base_url(), "https://acme.example.com");
/// ```
///
/// The calling crate depends on `azotte-runtime` and, when the spec has `json`
/// fields, `serde_json`, as a generated crate does (serde itself is reached
/// through the runtime).
///
/// # Errors
///
/// A broken spec is a compile error per problem, all at once, with the text
/// `cargo xtask codegen` prints: `file:line:column: what is wrong`, the YAML
/// path (`at:`) and how to fix it (`help:`). It points at the path literal, or
/// at the inline literal that holds the mistake (the line and column inside
/// the literal are in the message). A path that does not exist names the
/// directory it was resolved against.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    azotte_codegen::macro_input::expand(input.into(), &manifest_dir).into()
}
