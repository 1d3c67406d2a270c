//! [`lane_client!`]: the client type of a generated lane module, written once
//! here instead of ~45 lines per lane. Each lane keeps its own named type, so
//! "an M2M client is not a C2A client" stays a type error that names them.

/// Declares a lane's client: a cheap-to-clone wrapper of [`Client`](crate::Client)
/// built from the lane's credentials, with the per-call options.
///
/// The lane module provides, next to the invocation,
/// `fn connect(config: ClientConfig, credentials: $Credentials) -> Result<Client, BuildError>`
/// (how its credentials become the runtime's auth) and, for `new`, a type
/// named as the environment with `base_url(&self) -> String` and
/// `name(&self) -> Option<&'static str>` (the spec's environment name, `None`
/// for a custom URL), and `static SERVED_ON: ServedOn`, the environments the
/// spec says serve the lane; `new` on another named environment is a
/// [`BuildError::EnvironmentNotServed`](crate::BuildError::EnvironmentNotServed)
/// that names the ones that do, so a C2A client is never pointed at a host no
/// document gives C2A. `with_config` (an explicit base URL) is not checked.
///
/// ```
/// use azotte_runtime as rt;
/// pub enum Environment { Live, Staging }
/// impl Environment {
///     pub fn base_url(&self) -> String { "https://api.example.com".into() }
///     pub fn name(&self) -> Option<&'static str> {
///         Some(match self { Self::Live => "live", Self::Staging => "staging" })
///     }
/// }
/// static SERVED_ON: rt::ServedOn = rt::ServedOn { lane: "example", environments: &["live"] };
/// fn connect(config: rt::ClientConfig, key: String) -> Result<rt::Client, rt::BuildError> {
///     rt::Client::new(config, rt::HeaderAuth::new().secret("x-api-key", key))
/// }
/// rt::lane_client! {
///     /// Client for the example lane.
///     pub struct Client(String): Environment;
/// }
///
/// let client = Client::new(&Environment::Live, "sk_1".to_owned()).unwrap();
/// let refused = Client::new(&Environment::Staging, "sk_1".to_owned()).unwrap_err();
/// assert_eq!(
///     refused.to_string(),
///     "the `example` lane is not served on the `staging` environment; it is served on: live"
/// );
/// let traced = client.with_correlation_id("trace-1");
/// let _: &rt::Client = traced.runtime();
/// ```
#[macro_export]
macro_rules! lane_client {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident($credentials:ty): $environment:ty;
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            inner: $crate::Client,
        }
        impl $name {
            /// A client for `environment` with default settings; an environment
            /// the spec does not list for this lane is refused.
            pub fn new(
                environment: &$environment,
                credentials: impl ::std::convert::Into<$credentials>,
            ) -> ::std::result::Result<Self, $crate::BuildError> {
                SERVED_ON.check(environment.name())?;
                Self::with_config($crate::ClientConfig::new(environment.base_url()), credentials)
            }
            /// A client with explicit settings (base URL, timeouts, HTTP client).
            pub fn with_config(
                config: $crate::ClientConfig,
                credentials: impl ::std::convert::Into<$credentials>,
            ) -> ::std::result::Result<Self, $crate::BuildError> {
                ::std::result::Result::Ok(Self { inner: connect(config, credentials.into())? })
            }
            /// A clone whose calls send this correlation id instead of a generated one.
            pub fn with_correlation_id(&self, id: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.with_correlation_id(id) }
            }
            /// A clone whose calls send this idempotency key instead of a generated one.
            pub fn with_idempotency_key(&self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.with_idempotency_key(key) }
            }
            /// A clone whose calls also send this header (e.g. a tenant or region override).
            pub fn with_header(&self, name: &'static str, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.with_header(name, value) }
            }
            /// A clone whose calls give each attempt this timeout instead of the client's.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self { inner: self.inner.with_timeout(timeout) }
            }
            /// A clone whose calls follow this retry policy instead of the client's.
            pub fn with_retry(&self, policy: $crate::RetryPolicy) -> Self {
                Self { inner: self.inner.with_retry(policy) }
            }
            /// The runtime client underneath.
            pub fn runtime(&self) -> &$crate::Client {
                &self.inner
            }
        }
    };
}

/// The environments the spec lists for a lane, which its `Client::new` checks.
#[derive(Debug, Clone, Copy)]
pub struct ServedOn {
    /// The lane's name in the spec.
    pub lane: &'static str,
    /// The spec names of the environments serving it; empty = any.
    pub environments: &'static [&'static str],
}

impl ServedOn {
    /// `Ok` for a custom URL (`None`) or a listed environment; otherwise the
    /// error naming the environments that serve the lane.
    pub fn check(&self, environment: Option<&'static str>) -> Result<(), crate::BuildError> {
        match environment {
            Some(name) if !self.environments.is_empty() && !self.environments.contains(&name) => {
                Err(crate::BuildError::EnvironmentNotServed {
                    lane: self.lane,
                    environment: name,
                    serves: self.environments,
                })
            }
            _ => Ok(()),
        }
    }
}
