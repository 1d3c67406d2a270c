//! What a call must end in, and the one generic function that reduces any
//! call's `Result<Response<T>, ApiError<E>>` to what the checks compare.

use azotte_runtime::{ApiError, EndpointError, Response};
use std::fmt;

/// What one call ended in, for any `T` and `E`.
#[derive(Debug)]
pub enum Observed {
    /// Decoded into the typed response.
    Ok {
        /// HTTP status.
        status: u16,
    },
    /// `ApiError::Service`.
    Service {
        /// HTTP status.
        status: u16,
        /// The message code as received.
        code: String,
        /// The code is a variant of the endpoint's enum, not `Unknown`.
        documented: bool,
    },
    /// `ApiError::Unauthorized` (a 401 without envelope).
    Unauthorized {
        /// HTTP status.
        status: Option<u16>,
    },
    /// Any other error, as the client describes it (for a decode error, with
    /// the start of the body, so a report shows what did not decode).
    Other(String),
}

/// How many characters of an undecodable body a failure quotes.
const BODY_EXCERPT: usize = 400;

/// Reduces a call's outcome; generic over the payload `T` and the error `E`.
pub fn observe<T, E: EndpointError>(result: Result<Response<T>, ApiError<E>>) -> Observed {
    match result {
        Ok(response) => Observed::Ok {
            status: response.status(),
        },
        Err(ApiError::Service(e)) => Observed::Service {
            status: e.status,
            code: e.code.clone(),
            documented: e.error.is_documented(),
        },
        Err(ApiError::Unauthorized(e)) => Observed::Unauthorized {
            status: e.context.status,
        },
        Err(ApiError::Decode(e)) => {
            let body: String = e.body.chars().take(BODY_EXCERPT).collect();
            Observed::Other(format!("{}; body: {body}", ApiError::<E>::Decode(e)))
        }
        Err(other) => Observed::Other(other.to_string()),
    }
}

/// What the document says an answer with one status must become.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// A 2xx: the typed response.
    Success(u16),
    /// An error status with an envelope: `ApiError::Service` with this status
    /// and one of `codes`, the endpoint's codes the spec gives this status.
    Service {
        /// HTTP status.
        status: u16,
        /// The endpoint's documented message codes of that status.
        codes: Vec<String>,
    },
    /// A 401 the document answers without content: `ApiError::Unauthorized`.
    Unauthorized,
}

impl Expect {
    /// The status to ask Prism for (`Prefer: code=<status>`).
    pub fn status(&self) -> u16 {
        match self {
            Expect::Success(status) | Expect::Service { status, .. } => *status,
            Expect::Unauthorized => 401,
        }
    }
}

/// A call that ended as the document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Decoded into the typed response.
    Success,
    /// Became the right typed error.
    TypedError,
}

/// Compares a call's outcome with what the document says; `Err` explains a
/// mismatch.
pub fn judge(expect: &Expect, observed: &Observed) -> Result<Verdict, String> {
    match (expect, observed) {
        (Expect::Success(want), Observed::Ok { status }) if status == want => Ok(Verdict::Success),
        (
            Expect::Service {
                status: want,
                codes,
            },
            Observed::Service {
                status,
                code,
                documented,
            },
        ) => {
            if status != want {
                Err(format!(
                    "ApiError::Service with HTTP {status}, expected {want}"
                ))
            } else if !documented {
                Err(format!(
                    "code `{code}` decoded as Unknown, not a variant of the endpoint's enum"
                ))
            } else if !codes.contains(code) {
                Err(format!(
                    "code `{code}` is not one the endpoint documents for HTTP {want} ({})",
                    codes.join(", ")
                ))
            } else {
                Ok(Verdict::TypedError)
            }
        }
        (Expect::Unauthorized, Observed::Unauthorized { status: Some(401) }) => {
            Ok(Verdict::TypedError)
        }
        (expect, observed) => Err(format!("expected {expect}, got {observed}")),
    }
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Success(status) => write!(f, "Ok (HTTP {status})"),
            Expect::Service { status, codes } => {
                write!(
                    f,
                    "ApiError::Service (HTTP {status}, one of {})",
                    codes.join(", ")
                )
            }
            Expect::Unauthorized => write!(f, "ApiError::Unauthorized (HTTP 401)"),
        }
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::Ok { status } => write!(f, "Ok (HTTP {status})"),
            Observed::Service {
                status,
                code,
                documented,
            } => {
                let arm = if *documented { "documented" } else { "Unknown" };
                write!(f, "ApiError::Service (HTTP {status}, code `{code}`, {arm})")
            }
            Observed::Unauthorized { status } => {
                write!(f, "ApiError::Unauthorized (HTTP {status:?})")
            }
            Observed::Other(error) => write!(f, "{error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16, code: &str, documented: bool) -> Observed {
        Observed::Service {
            status,
            code: code.into(),
            documented,
        }
    }

    #[test]
    fn an_error_must_be_documented_for_its_status() {
        let conflict = Expect::Service {
            status: 409,
            codes: vec!["CUSTOMER_ALREADY_STORED".into()],
        };
        let known = service(409, "CUSTOMER_ALREADY_STORED", true);
        assert_eq!(judge(&conflict, &known), Ok(Verdict::TypedError));
        assert!(judge(&conflict, &service(409, "NEW", false))
            .unwrap_err()
            .contains("Unknown"));
        assert!(judge(&conflict, &service(400, "CUSTOMER_ALREADY_STORED", true)).is_err());
        assert!(judge(&conflict, &service(409, "BAD_REQUEST", true))
            .unwrap_err()
            .contains("not one the endpoint documents for HTTP 409"));
    }

    #[test]
    fn success_and_unauthorized_need_their_own_outcome() {
        assert_eq!(
            judge(&Expect::Success(200), &Observed::Ok { status: 200 }),
            Ok(Verdict::Success)
        );
        assert!(judge(&Expect::Success(201), &Observed::Ok { status: 200 }).is_err());
        assert!(judge(&Expect::Success(200), &service(200, "X", true)).is_err());
        let unauthorized = Observed::Unauthorized { status: Some(401) };
        assert_eq!(
            judge(&Expect::Unauthorized, &unauthorized),
            Ok(Verdict::TypedError)
        );
        assert!(judge(&Expect::Unauthorized, &Observed::Other("decode".into())).is_err());
    }
}
