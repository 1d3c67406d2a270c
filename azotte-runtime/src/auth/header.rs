//! [`HeaderAuth`]: static credential headers, the scheme of the C2A lane
//! (`x-api-key` + `x-tn`). Secret values are sent as sensitive header values
//! and shown as `[REDACTED]`; errors name the header, never the value.

use super::{Auth, AuthError};
use futures::future::BoxFuture;
use http::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;

enum Value {
    Plain(HeaderValue),
    Secret(SecretString),
}

struct StaticHeader {
    /// The name as given, for messages and `Debug`.
    display_name: String,
    /// `None` when the name was invalid (reported by `check`/`apply`).
    name: Option<HeaderName>,
    value: Option<Value>,
}

/// Static credential headers, e.g. the C2A tenant key:
///
/// ```
/// # use azotte_runtime::HeaderAuth;
/// let auth = HeaderAuth::new().plain("x-tn", "tenant-1").secret("x-api-key", "k-123");
/// assert!(format!("{auth:?}").contains("[REDACTED]"));
/// ```
///
/// Names and values are validated when added; the builder stays infallible so
/// it chains, and the first problem is reported by [`Auth::check`] (which
/// [`Client::new`](crate::Client::new) calls) and by every `apply`. The error
/// names the header, never the value.
#[derive(Default)]
pub struct HeaderAuth {
    headers: Vec<StaticHeader>,
}

impl HeaderAuth {
    /// An empty set of headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a non-secret header (shown in `Debug`), e.g. the tenant id.
    pub fn plain(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = HeaderValue::try_from(value.into()).ok().map(Value::Plain);
        self.push(name, value);
        self
    }

    /// Adds a secret header, e.g. the API key: kept in a [`SecretString`],
    /// sent as a sensitive header value, shown as `[REDACTED]`.
    pub fn secret(mut self, name: &str, value: impl Into<SecretString>) -> Self {
        let secret: SecretString = value.into();
        let valid = HeaderValue::from_str(secret.expose_secret()).is_ok();
        self.push(name, valid.then_some(Value::Secret(secret)));
        self
    }

    fn push(&mut self, name: &str, value: Option<Value>) {
        self.headers.push(StaticHeader {
            display_name: name.to_owned(),
            name: HeaderName::from_bytes(name.as_bytes()).ok(),
            value,
        });
    }

    fn validate(&self) -> Result<(), AuthError> {
        for h in &self.headers {
            if h.name.is_none() {
                return Err(AuthError::new(format!(
                    "invalid auth header name `{}`",
                    h.display_name
                )));
            }
            let blank = match &h.value {
                None => {
                    return Err(AuthError::new(format!(
                    "invalid value for auth header `{}` (control characters or non-visible bytes)",
                    h.display_name
                )))
                }
                Some(Value::Plain(v)) => v.as_bytes().iter().all(u8::is_ascii_whitespace),
                Some(Value::Secret(s)) => s.expose_secret().trim().is_empty(),
            };
            // An empty key or tenant would only be refused by the server
            // (or, worse, accepted by a lenient one): say so before sending.
            if blank {
                return Err(AuthError::new(format!(
                    "auth header `{}` is empty",
                    h.display_name
                )));
            }
        }
        Ok(())
    }
}

impl Auth for HeaderAuth {
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        let result = self.validate().and_then(|()| {
            for h in &self.headers {
                let (Some(name), Some(value)) = (&h.name, &h.value) else {
                    continue; // unreachable after validate
                };
                let value = match value {
                    Value::Plain(v) => v.clone(),
                    Value::Secret(s) => {
                        let mut v = HeaderValue::from_str(s.expose_secret()).map_err(|_| {
                            AuthError::new(format!(
                                "invalid value for auth header `{}`",
                                h.display_name
                            ))
                        })?;
                        v.set_sensitive(true);
                        v
                    }
                };
                request.headers_mut().insert(name.clone(), value);
            }
            Ok(())
        });
        super::decided(result)
    }

    fn check(&self) -> Result<(), AuthError> {
        self.validate()
    }
}

impl fmt::Debug for HeaderAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shown<'a>(&'a Option<Value>);
        impl fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    Some(Value::Plain(v)) => fmt::Debug::fmt(v, f),
                    Some(Value::Secret(_)) => f.write_str("[REDACTED]"),
                    None => f.write_str("[INVALID]"),
                }
            }
        }
        f.write_str("HeaderAuth ")?;
        let mut map = f.debug_map();
        for h in &self.headers {
            map.entry(&h.display_name, &Shown(&h.value));
        }
        map.finish()
    }
}
