//! Which API keys the gateway accepts (the secret header of an `api_key`
//! scheme, `x-api-key` for Azotte).
//!
//! - By default, any key shaped like the documents' development keys is
//!   accepted, as stripe-mock accepts any test-mode key: `sk_dev_…`
//!   (document 000's `sk_dev_acme_sample_123456789`) or `sk_test_…`
//!   (document 003's test prefix), followed by letters, digits, `_` or `-`.
//!   Live keys (`sk_live_…`) are refused: document 000 says keys are
//!   environment-specific and cannot be reused across environments, and a
//!   live secret has no business on a local emulator.
//! - With `--api-key K` (repeatable) exactly the given keys are accepted.
//!
//! A refusal says why in words that never contain the key itself.

use crate::auth::same;

/// The prefixes of keys accepted without `--api-key`.
pub const DEVELOPMENT_PREFIXES: [&str; 2] = ["sk_dev_", "sk_test_"];
/// The prefix of live keys, refused without `--api-key`.
pub const LIVE_PREFIX: &str = "sk_live_";
/// Longest key accepted by shape.
const MAX_KEY_LEN: usize = 200;

/// Why a key was refused (never the key itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRefusal {
    /// The header is absent or empty.
    Missing,
    /// A live key, refused without `--api-key`.
    Live,
    /// Not shaped like a development key (default policy).
    NotDevelopmentShaped,
    /// Not one of the keys given with `--api-key`.
    NotConfigured,
}

impl KeyRefusal {
    /// A sentence for the caller and the log: what is wrong and what to do.
    pub fn reason(self, header: &str) -> String {
        match self {
            KeyRefusal::Missing => format!("the {header} header is missing or empty"),
            KeyRefusal::Live => format!(
                "{header} is a live key (sk_live_...); the gateway accepts development keys \
                 (sk_dev_... or sk_test_...) unless started with --api-key"
            ),
            KeyRefusal::NotDevelopmentShaped => format!(
                "{header} is not shaped like a development key (sk_dev_... or sk_test_... \
                 followed by letters, digits, _ or -); start the gateway with --api-key to \
                 accept other keys"
            ),
            KeyRefusal::NotConfigured => {
                format!("{header} is not one of the keys the gateway was started with (--api-key)")
            }
        }
    }

    /// The `error` parameter of the `WWW-Authenticate` challenge (RFC 6750
    /// style: `invalid_request` when nothing was sent, else `invalid_token`).
    pub fn error_code(self) -> &'static str {
        match self {
            KeyRefusal::Missing => "invalid_request",
            _ => "invalid_token",
        }
    }
}

/// The accepted keys: configured ones, or any development-shaped key.
#[derive(Clone)]
pub struct KeyPolicy {
    configured: Vec<String>,
}

impl std::fmt::Debug for KeyPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPolicy")
            .field("configured_keys", &self.configured.len())
            .finish()
    }
}

impl KeyPolicy {
    /// `configured` empty = any development-shaped key.
    pub fn new(configured: &[String]) -> Self {
        KeyPolicy {
            configured: configured.to_vec(),
        }
    }

    /// Accepts `key` (the header value, trimmed; `None` when absent or empty).
    pub fn check(&self, key: Option<&str>) -> Result<(), KeyRefusal> {
        let key = key.filter(|k| !k.is_empty()).ok_or(KeyRefusal::Missing)?;
        if !self.configured.is_empty() {
            let known = self
                .configured
                .iter()
                .any(|k| same(k.as_bytes(), key.as_bytes()));
            return if known {
                Ok(())
            } else {
                Err(KeyRefusal::NotConfigured)
            };
        }
        if key.starts_with(LIVE_PREFIX) {
            return Err(KeyRefusal::Live);
        }
        if development_shaped(key) {
            Ok(())
        } else {
            Err(KeyRefusal::NotDevelopmentShaped)
        }
    }
}

/// `sk_dev_` or `sk_test_`, then 1..=200 letters, digits, `_` or `-`.
pub fn development_shaped(key: &str) -> bool {
    DEVELOPMENT_PREFIXES.iter().any(|prefix| {
        key.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty()
                && key.len() <= MAX_KEY_LEN
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_takes_development_keys_only() {
        let p = KeyPolicy::new(&[]);
        // Document 000's sample key and document 003's test prefix.
        assert_eq!(p.check(Some("sk_dev_acme_sample_123456789")), Ok(()));
        assert_eq!(p.check(Some("sk_test_abc123")), Ok(()));
        assert_eq!(p.check(None), Err(KeyRefusal::Missing));
        assert_eq!(p.check(Some("")), Err(KeyRefusal::Missing));
        assert_eq!(p.check(Some("sk_live_abc123")), Err(KeyRefusal::Live));
        for bad in ["sk_wrong", "sk_dev_", "pk_dev_x", "sk_dev_a b", "sk_dev_ä"] {
            assert_eq!(
                p.check(Some(bad)),
                Err(KeyRefusal::NotDevelopmentShaped),
                "{bad}"
            );
        }
        let long = format!("sk_dev_{}", "a".repeat(300));
        assert_eq!(p.check(Some(&long)), Err(KeyRefusal::NotDevelopmentShaped));
    }

    #[test]
    fn configured_keys_are_strict() {
        let p = KeyPolicy::new(&["k1".to_owned(), "sk_live_ok".to_owned()]);
        assert_eq!(p.check(Some("k1")), Ok(()));
        assert_eq!(p.check(Some("sk_live_ok")), Ok(()));
        assert_eq!(
            p.check(Some("sk_dev_acme_sample_123456789")),
            Err(KeyRefusal::NotConfigured)
        );
        assert_eq!(p.check(None), Err(KeyRefusal::Missing));
    }

    #[test]
    fn reasons_never_hold_the_key_and_debug_hides_keys() {
        let p = KeyPolicy::new(&["sk_dev_secret_value".to_owned()]);
        assert!(!format!("{p:?}").contains("secret_value"));
        for r in [
            KeyRefusal::Missing,
            KeyRefusal::Live,
            KeyRefusal::NotDevelopmentShaped,
            KeyRefusal::NotConfigured,
        ] {
            let text = r.reason("x-api-key");
            assert!(text.contains("x-api-key") && text.is_ascii(), "{text}");
        }
    }
}
