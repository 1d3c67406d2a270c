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
///
/// A crate that does not depend on `azotte-runtime` gets one error saying so
/// and which line to add to its `Cargo.toml`, not one per generated item.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    if let Some(error) = runtime_missing(proc_macro_crate::crate_name(RUNTIME)) {
        return error.into();
    }
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let sites = literal_sites(&input);
    azotte_codegen::macro_input::expand_at(input.into(), &manifest_dir, &sites).into()
}

/// Where each string literal of the input sits in the caller's file (spans
/// know their file and line on stable Rust since 1.88), so errors in inline
/// YAML name the caller's file and line. Only literals count; `expand_at`
/// pairs them with the `yaml:` literals in order.
fn literal_sites(input: &TokenStream) -> Vec<azotte_codegen::macro_input::LiteralSite> {
    input
        .clone()
        .into_iter()
        .filter_map(|tree| match tree {
            proc_macro::TokenTree::Literal(lit) => Some(lit.span()),
            _ => None,
        })
        .map(|span| azotte_codegen::macro_input::LiteralSite {
            file: span.file(),
            line: span.line(),
        })
        .collect()
}

/// The package the generated code calls into, by `::azotte_runtime::…` paths.
const RUNTIME: &str = "azotte-runtime";

/// One `compile_error!` when the calling crate lacks the runtime under its
/// own name (the expansion names `::azotte_runtime`), else `None`. Only a
/// manifest read and found without it counts: when the manifest cannot be
/// read, the expansion goes ahead and rustc says what it says.
fn runtime_missing(
    found: Result<proc_macro_crate::FoundCrate, proc_macro_crate::Error>,
) -> Option<proc_macro2::TokenStream> {
    use proc_macro_crate::{Error, FoundCrate};
    let version = env!("CARGO_PKG_VERSION");
    let message = match found {
        Ok(FoundCrate::Itself) => return None,
        Ok(FoundCrate::Name(name)) if name == RUNTIME.replace('-', "_") => return None,
        Ok(FoundCrate::Name(name)) => format!(
            "`generate!` expands code that names `::azotte_runtime`, but this crate renames the `{RUNTIME}` dependency to `{name}`\n  help: depend on it under its own name in Cargo.toml: {RUNTIME} = \"{version}\""
        ),
        Err(Error::CrateNotFound { path, .. }) => format!(
            "`generate!` expands code that calls the `{RUNTIME}` crate, and {} does not depend on it\n  help: add it under [dependencies]: {RUNTIME} = \"{version}\" (and serde_json when the spec has `json` fields)",
            path.display()
        ),
        Err(_) => return None,
    };
    Some(quote::quote!(::core::compile_error!(#message);))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro_crate::{Error, FoundCrate};

    #[test]
    fn a_crate_without_the_runtime_gets_one_error_naming_the_line_to_add() {
        let missing = Err(Error::CrateNotFound {
            crate_name: RUNTIME.into(),
            path: "/app/Cargo.toml".into(),
        });
        let error = runtime_missing(missing).expect("an error").to_string();
        assert_eq!(error.matches("compile_error").count(), 1, "{error}");
        assert!(
            error.contains("/app/Cargo.toml does not depend on it"),
            "{error}"
        );
        assert!(
            error.contains(&format!(
                "azotte-runtime = \\\"{}\\\"",
                env!("CARGO_PKG_VERSION")
            )),
            "{error}"
        );
    }

    #[test]
    fn a_renamed_runtime_is_named_and_the_real_one_passes() {
        let renamed = runtime_missing(Ok(FoundCrate::Name("rt".into()))).expect("an error");
        assert!(renamed
            .to_string()
            .contains("renames the `azotte-runtime` dependency to `rt`"));
        assert!(runtime_missing(Ok(FoundCrate::Name("azotte_runtime".into()))).is_none());
        assert!(runtime_missing(Err(Error::CargoManifestDirNotSet)).is_none());
    }
}
