//! The resolved, validated API model that generators read.
//!
//! Every reference here points at something that exists, every Rust name is
//! computed (heck) and unique where it must be, and every list is in declaration
//! order, so the same files always give the same model. Nothing in this file
//! knows about Azotte: auth schemes, envelopes and headers are data.

mod auth;
mod envelope;
mod lanes;
mod types;

pub use auth::*;
pub use envelope::*;
pub use lanes::*;
pub use types::*;

/// A whole API: the union of the YAML files of one directory, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// `api:`: name, title, version, doc and documents.
    pub api: Api,
    /// The files the spec was read from, relative to its directory, sorted.
    pub sources: Vec<String>,
    /// `environments:`, in declaration order.
    pub environments: Vec<Environment>,
    /// `headers:`, in declaration order.
    pub headers: Vec<Header>,
    /// `auth:` schemes, in declaration order.
    pub auth: Vec<AuthScheme>,
    /// `envelopes:`, in declaration order.
    pub envelopes: Vec<Envelope>,
    /// The error catalog (`errors:`), in declaration order.
    pub errors: Vec<ErrorCode>,
    /// `types:`, in declaration order.
    pub types: Vec<TypeDef>,
    /// `lanes:`, in declaration order.
    pub lanes: Vec<Lane>,
    /// Positions of types and error codes by name: generators look them up
    /// per field and per endpoint, so a linear search would make large specs
    /// quadratic.
    pub(crate) index: SpecIndex,
}

/// Name → position in [`Spec::types`] / [`Spec::errors`].
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SpecIndex {
    /// `types:`, in declaration order.
    types: std::collections::HashMap<String, usize>,
    /// The error catalog (`errors:`), in declaration order.
    errors: std::collections::HashMap<String, usize>,
}

impl SpecIndex {
    pub(crate) fn new(types: &[TypeDef], errors: &[ErrorCode]) -> Self {
        SpecIndex {
            types: types
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect(),
            errors: errors
                .iter()
                .enumerate()
                .map(|(i, e)| (e.code.clone(), i))
                .collect(),
        }
    }
}

impl Spec {
    /// The type named `name` under `types:`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.index.types.get(name).map(|&i| &self.types[i])
    }
    /// The catalog entry of message code `code`.
    pub fn error(&self, code: &str) -> Option<&ErrorCode> {
        self.index.errors.get(code).map(|&i| &self.errors[i])
    }
    /// The envelope named `name`.
    pub fn envelope(&self, name: &str) -> Option<&Envelope> {
        self.envelopes.iter().find(|e| e.name == name)
    }
    /// The header with wire name `name`.
    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name == name)
    }
    /// The auth scheme named `name`.
    pub fn auth_scheme(&self, name: &str) -> Option<&AuthScheme> {
        self.auth.iter().find(|a| a.name == name)
    }
    /// The environment named `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }
}

/// `api:`: what the API is called and how its documents are cited.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Machine name (`azotte`): the generated crate is `<name>-client`.
    pub name: String,
    /// Human-readable name (`Azotte`), used in the docs.
    pub title: String,
    /// What the API is.
    pub doc: Option<String>,
    /// The default of the `{version}` placeholder.
    pub version: String,
    /// The documents the spec cites (`api.documents`), to render citations
    /// by title ([`Documents::cite`](crate::Documents::cite)).
    pub documents: crate::Documents,
}

/// `environments.<name>`: a host the API is served on.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The name under `environments:`.
    pub name: String,
    /// PascalCase variant name.
    pub rust_name: String,
    /// The host URL, `{placeholders}` and all.
    pub url: String,
    /// `{placeholders}` of `url`, in order of appearance, each once.
    pub variables: Vec<Variable>,
    /// What the environment is for.
    pub doc: Option<String>,
}

/// A placeholder of a host template.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// As written in the URL (`projectName`).
    pub name: String,
    /// snake_case constructor argument name.
    pub rust_name: String,
}
