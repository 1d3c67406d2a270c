//! [`Request`]: the per-call inputs generated method bodies collect (path
//! parameters, query pairs, JSON body), and the code that turns them into a
//! path and query string.
//!
//! Building never fails and never panics: problems (a body that does not
//! serialize, a missing path parameter) are kept and reported by
//! [`Client::call`](crate::Client::call) as an [`ApiError`](crate::ApiError).
//! `Debug` shows parameter names and the body size only, never values.

use crate::error::ConfigErrorKind;
use std::fmt::{self, Write as _};

/// How `object!`'s query types append a field that is always sent.
impl crate::object::Always {
    /// Appends the parameter.
    pub fn param<T: fmt::Display>(request: Request, key: &'static str, value: &T) -> Request {
        request.query(key, value)
    }
}

/// How `object!`'s query types append an optional field: only when it is set.
impl crate::object::IfSet {
    /// Appends the parameter when set.
    pub fn param<T: fmt::Display>(
        request: Request,
        key: &'static str,
        value: &Option<T>,
    ) -> Request {
        request.query_opt(key, value.as_ref())
    }
}

/// The request body as prepared by [`Request::json`].
pub(crate) enum Body {
    None,
    Json(Vec<u8>),
    Failed(serde_json::Error),
}

/// Per-call inputs for [`Client::call`](crate::Client::call).
///
/// ```
/// # use azotte_runtime::Request;
/// let request = Request::new()
///     .path_param("id", "ord 42")
///     .query("page", 2)
///     .query_opt("filter", None::<&str>)
///     .json(&serde_json::json!({ "customerUrn": "cu.00.482" }));
/// # let _ = request;
/// ```
pub struct Request {
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

impl Default for Request {
    fn default() -> Self {
        Self::new()
    }
}

/// A generated query-parameter struct (an [`object!`](crate::object) with
/// `: Query`): how its fields become `name=value` pairs.
pub trait QueryParams {
    /// `request` with this struct's parameters appended.
    fn append_to(&self, request: Request) -> Request;
}

impl Request {
    /// A request with no parameters and no body.
    pub fn new() -> Self {
        Request {
            path_params: Vec::new(),
            query: Vec::new(),
            body: Body::None,
        }
    }

    /// Sets the value of the `{name}` placeholder in the endpoint path. The
    /// value is percent-encoded as one path segment (`/` becomes `%2F`); an
    /// empty value, `.` or `..` is rejected at call time because it would
    /// change the route. Setting a name twice keeps the last value.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Appends `name=value` to the query string (percent-encoded; repeating a
    /// name sends it repeatedly, in order).
    pub fn query(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Appends `name=value` when `value` is `Some`; does nothing for `None`.
    pub fn query_opt<V: fmt::Display>(self, name: &'static str, value: Option<V>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Appends a query-parameter struct's parameters (the set ones, in field order).
    pub fn query_params(self, params: &impl QueryParams) -> Self {
        params.append_to(self)
    }

    /// Serializes `body` as the JSON request body now. A serialization
    /// failure is kept and returned as [`ApiError::Encode`](crate::ApiError::Encode)
    /// by the call.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = match serde_json::to_vec(body) {
            Ok(bytes) => Body::Json(bytes),
            Err(e) => Body::Failed(e),
        };
        self
    }

    /// Substitutes the path parameters into `template`, percent-encoding each
    /// value, and checks that every placeholder is filled and every parameter used.
    #[cfg(test)]
    pub(crate) fn resolve_path(&self, template: &str) -> Result<String, ConfigErrorKind> {
        let mut out = String::with_capacity(template.len() + 16);
        self.resolve_path_into(template, &mut out).map(|()| out)
    }

    /// [`resolve_path`](Self::resolve_path), appending to `out` (the base
    /// URL, so the URL is built in one string).
    pub(crate) fn resolve_path_into(
        &self,
        template: &str,
        out: &mut String,
    ) -> Result<(), ConfigErrorKind> {
        // A byte search: braces are ASCII (a `char` pattern decodes UTF-8).
        let brace = |text: &str| text.bytes().position(|b| matches!(b, b'{' | b'}'));
        let mut used = vec![false; self.path_params.len()];
        let mut rest = template;
        while let Some(open) = brace(rest) {
            out.push_str(&rest[..open]);
            let tail = &rest[open..];
            let close = match (tail.starts_with('{'), brace(&tail[1..])) {
                (true, Some(len)) if tail[1 + len..].starts_with('}') => 1 + len,
                _ => return Err(ConfigErrorKind::InvalidPathTemplate(template.to_owned())),
            };
            let name = &tail[1..close];
            let Some(index) = self.path_params.iter().rposition(|(n, _)| *n == name) else {
                return Err(ConfigErrorKind::MissingPathParam(name.to_owned()));
            };
            for (flag, (n, _)) in used.iter_mut().zip(&self.path_params) {
                *flag |= *n == name;
            }
            let value = &self.path_params[index].1;
            if value.is_empty() || value == "." || value == ".." {
                return Err(ConfigErrorKind::InvalidPathParam(name.to_owned()));
            }
            encode_component(value, out);
            rest = &tail[close + 1..];
        }
        out.push_str(rest);
        match used.iter().position(|u| !u) {
            Some(i) => Err(ConfigErrorKind::UnknownPathParam(
                self.path_params[i].0.to_owned(),
            )),
            None => Ok(()),
        }
    }

    /// The percent-encoded query string without the `?`, or `None` when empty.
    pub(crate) fn query_string(&self) -> Option<String> {
        if self.query.is_empty() {
            return None;
        }
        let mut out = String::new();
        for (i, (name, value)) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_query(name, b"[]", &mut out);
            out.push('=');
            encode_query(value, b",:", &mut out);
        }
        Some(out)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |v: &[(&'static str, String)]| v.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        let body = match &self.body {
            Body::None => "none".to_owned(),
            Body::Json(b) => format!("{} bytes of JSON", b.len()),
            Body::Failed(_) => "failed to serialize".to_owned(),
        };
        f.debug_struct("Request")
            .field("path_params", &names(&self.path_params))
            .field("query", &names(&self.query))
            .field("body", &body)
            .finish()
    }
}

/// Percent-encodes everything except RFC 3986 unreserved characters, so the
/// result is safe as a path segment, query name or query value.
pub(crate) fn encode_component(value: &str, out: &mut String) {
    encode_query(value, b"", out);
}

/// [`encode_component`] that also leaves `keep` as is: query names keep `[]`
/// (`createdAt[gt]`) and values keep `,` and `:` (`sort=-createdAt,name`,
/// timestamps), the way APIs document them and servers read them.
fn encode_query(value: &str, keep: &[u8], out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || keep.contains(&byte)
        {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_and_encodes_path_params() {
        let r = Request::new()
            .path_param("id", "a/b c?é")
            .path_param("urn", "cu.00.482");
        assert_eq!(
            r.resolve_path("/x/{id}/y/{urn}.json"),
            Ok("/x/a%2Fb%20c%3F%C3%A9/y/cu.00.482.json".to_owned())
        );
    }

    #[test]
    fn path_param_errors_name_the_parameter() {
        let r = Request::new().path_param("id", "1");
        assert_eq!(
            r.resolve_path("/x/{id}/{other}"),
            Err(ConfigErrorKind::MissingPathParam("other".into()))
        );
        assert_eq!(
            Request::new()
                .path_param("idd", "1")
                .path_param("id", "2")
                .resolve_path("/x/{id}"),
            Err(ConfigErrorKind::UnknownPathParam("idd".into()))
        );
        for bad in ["", ".", ".."] {
            assert_eq!(
                Request::new().path_param("id", bad).resolve_path("/x/{id}"),
                Err(ConfigErrorKind::InvalidPathParam("id".into()))
            );
        }
        for template in ["/x/{id", "/x/id}", "/x/{{id}}"] {
            assert!(matches!(
                Request::new().path_param("id", "1").resolve_path(template),
                Err(ConfigErrorKind::InvalidPathTemplate(_))
            ));
        }
    }

    #[test]
    fn last_value_wins_and_query_keeps_order() {
        let r = Request::new()
            .path_param("id", "old")
            .path_param("id", "new")
            .query("a b", "x&y=z")
            .query_opt("none", None::<u8>)
            .query_opt("n", Some(5))
            .query("a b", 1)
            .query("createdAt[gt]", "2026-01-01T00:00:00Z")
            .query("sort", "-createdAt,name");
        assert_eq!(r.resolve_path("/{id}"), Ok("/new".to_owned()));
        assert_eq!(
            r.query_string().as_deref(),
            Some("a%20b=x%26y%3Dz&n=5&a%20b=1&createdAt[gt]=2026-01-01T00:00:00Z&sort=-createdAt,name")
        );
        assert_eq!(Request::new().query_string(), None);
    }
}
