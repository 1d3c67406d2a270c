//! Gateway settings: [`Config`] with its documented developer defaults, and
//! the hand-written command-line parser (`--port`, `--bind`, `--webhook`, …).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// An API key the default configuration accepts (it accepts any
/// development-shaped key, `sk_dev_…` or `sk_test_…`; see [`crate::keys`]).
pub const DEFAULT_API_KEY: &str = "sk_dev_gateway";
/// The tenant the examples use, and the tenant of calls that name none
/// (service-token and user-token lanes without `X-Moneti-Tenant`).
pub const DEFAULT_TENANT: &str = "tn.00.001";
/// OAuth2 client id the token endpoint knows.
pub const DEFAULT_CLIENT_ID: &str = "gateway-client";
/// OAuth2 client secret of [`DEFAULT_CLIENT_ID`].
pub const DEFAULT_CLIENT_SECRET: &str = "gateway-secret";
/// T2M partner key.
pub const DEFAULT_PARTNER_KEY: &str = "pk_dev_gateway";
/// T2M partner shared secret.
pub const DEFAULT_PARTNER_SECRET: &str = "partner-secret";
/// W2M webhook signing secret.
pub const DEFAULT_WEBHOOK_SECRET: &str = "whsec_dev_gateway";
/// The port of document 004's local emulation host.
pub const DEFAULT_PORT: u16 = 5210;

/// Everything the gateway can be told. `Config::default()` is what the
/// binary runs with when given no flags. `Debug` shows no secret (API keys,
/// client, partner and webhook secrets are redacted).
#[derive(Clone)]
pub struct Config {
    /// Address to listen on (default 127.0.0.1).
    pub bind: IpAddr,
    /// Port (default 5210; 0 = any free port).
    pub port: u16,
    /// Directory of the spec YAML (default: the repository's `azotte` spec).
    pub spec_dir: PathBuf,
    /// Accepted `x-api-key` values; empty (the default) = any
    /// development-shaped key (`sk_dev_…`, `sk_test_…`). Any tenant id is
    /// accepted with them.
    pub api_keys: Vec<String>,
    /// Accepted P2M user tokens (`Authorization: Bearer`); empty (the
    /// default) = any non-empty bearer, since user sessions come from the
    /// portal's PKCE login, which the gateway does not emulate.
    pub user_tokens: Vec<String>,
    /// The one OAuth2 client the token endpoint knows.
    pub client_id: String,
    /// Its secret.
    pub client_secret: String,
    /// The T2M partner key.
    pub partner_key: String,
    /// The T2M partner's shared secret.
    pub partner_secret: String,
    /// Tenant of calls that name none.
    pub default_tenant: String,
    /// Webhook receiver URLs (W2M deliveries go to each).
    pub webhooks: Vec<String>,
    /// Secret signing webhook deliveries.
    pub webhook_secret: String,
    /// Delay before the first webhook retry; doubles on each further retry.
    pub webhook_backoff: Duration,
    /// Longest delay between two webhook attempts.
    pub webhook_max_backoff: Duration,
    /// Attempts per delivery (document 004: max 12).
    pub webhook_attempts: u32,
    /// Largest accepted request body, in bytes (larger → 413).
    pub body_limit: usize,
    /// Status polls a checkout answers `Processing` before it moves on.
    pub processing_polls: u32,
    /// One line per request on stderr.
    pub log_requests: bool,
    /// The SQLite state file (`--state PATH`); `None` (the default) keeps
    /// everything in memory (see `state::persist`).
    pub state: Option<PathBuf>,
    /// Answer 429 over the rate limits (`--rate-limits`); otherwise lanes
    /// that report rate limits only count (see `crate::ratelimit`).
    pub rate_limits: bool,
    /// Requests per hour per credential (document 003: 1,000).
    pub rate_limit_per_hour: u32,
    /// Requests per minute per credential, the burst limit (document 003: 50).
    pub rate_limit_per_minute: u32,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const REDACTED: &str = "<redacted>";
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("spec_dir", &self.spec_dir)
            .field(
                "api_keys",
                &format_args!("<{} redacted>", self.api_keys.len()),
            )
            .field(
                "user_tokens",
                &format_args!("<{} redacted>", self.user_tokens.len()),
            )
            .field("client_id", &self.client_id)
            .field("client_secret", &REDACTED)
            .field("partner_key", &self.partner_key)
            .field("partner_secret", &REDACTED)
            .field("default_tenant", &self.default_tenant)
            .field("webhooks", &self.webhooks)
            .field("webhook_secret", &REDACTED)
            .field("rate_limits", &self.rate_limits)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: DEFAULT_PORT,
            spec_dir: azotte_spec::api_dir("azotte"),
            api_keys: Vec::new(),
            user_tokens: Vec::new(),
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            partner_key: DEFAULT_PARTNER_KEY.to_owned(),
            partner_secret: DEFAULT_PARTNER_SECRET.to_owned(),
            default_tenant: DEFAULT_TENANT.to_owned(),
            webhooks: Vec::new(),
            webhook_secret: DEFAULT_WEBHOOK_SECRET.to_owned(),
            webhook_backoff: Duration::from_secs(1),
            webhook_max_backoff: Duration::from_secs(600),
            webhook_attempts: 12,
            body_limit: 1024 * 1024,
            processing_polls: 1,
            state: None,
            log_requests: true,
            rate_limits: false,
            rate_limit_per_hour: 1000,
            rate_limit_per_minute: 50,
        }
    }
}

impl Config {
    /// Refuses settings the gateway cannot work with: an empty webhook or
    /// partner secret (an HMAC keyed with an empty secret is forgeable by
    /// anyone, and the clients refuse one too).
    pub fn check(&self) -> Result<(), String> {
        for (flag, secret) in [
            ("--webhook-secret", &self.webhook_secret),
            ("--partner-secret", &self.partner_secret),
        ] {
            if secret.is_empty() {
                return Err(format!(
                    "{flag} is empty: an HMAC keyed with an empty secret can be forged by anyone"
                ));
            }
        }
        Ok(())
    }
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Command {
    /// Run with this configuration.
    Run(Box<Config>),
    /// Print [`USAGE`] and exit.
    Help,
}

/// The `--help` text.
pub const USAGE: &str = "\
azotte-gateway: the local developer gateway of the Azotte API

usage: azotte-gateway [options]

  --port N                 port to listen on (default 5210; 0 = any free port)
  --bind ADDR              address to listen on (default 127.0.0.1)
  --webhook URL            deliver W2M webhooks to URL (repeatable)
  --webhook-secret S       secret signing webhooks (default whsec_dev_gateway)
  --webhook-backoff-ms N   first webhook retry delay, doubled per retry (default 1000)
  --api-key K              accept exactly this x-api-key (repeatable; default: any
                           sk_dev_... or sk_test_... key, live keys refused)
  --user-token T           accept exactly this P2M bearer token (repeatable;
                           default: any non-empty bearer)
  --client-id ID           OAuth2 client id (default gateway-client)
  --client-secret S        OAuth2 client secret (default gateway-secret)
  --partner-key K          T2M partner key (default pk_dev_gateway)
  --partner-secret S       T2M partner shared secret (default partner-secret)
  --tenant T               tenant of calls naming none (default tn.00.001)
  --state PATH             keep the state in this SQLite file (created if missing;
                           default: in memory, lost when the gateway stops)
  --spec DIR               spec directory (default: azotte-spec/apis/azotte;
                           azotte-spec/apis/automatum serves Automatum)
  --rate-limits            answer 429 over the rate limits on lanes that report
                           them (X-RateLimit-* headers; Automatum)
  --rate-limit-hour N      requests per hour per credential (default 1000)
  --rate-limit-minute N    burst: requests per minute per credential (default 50)
  --quiet                  no per-request log lines
  --help                   this text
";

/// A positive request count for `--rate-limit-*`.
fn count(v: &str) -> Result<u32, String> {
    v.parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("--rate-limit-*: `{v}` is not a positive number"))
}

/// Parses the arguments after the program name.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut config = Config::default();
    let mut custom_keys = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => Err(format!("{name} needs a value (see --help)")),
            }
        };
        match flag.as_str() {
            "--help" | "-h" => return Ok(Command::Help),
            "--quiet" => config.log_requests = false,
            "--port" => {
                let v = value("--port")?;
                config.port = v
                    .parse()
                    .map_err(|_| format!("--port: `{v}` is not a port number (0-65535)"))?;
            }
            "--bind" => {
                let v = value("--bind")?;
                config.bind = v
                    .parse()
                    .map_err(|_| format!("--bind: `{v}` is not an IP address"))?;
            }
            "--webhook" => {
                let v = value("--webhook")?;
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(format!("--webhook: `{v}` is not an http(s) URL"));
                }
                config.webhooks.push(v);
            }
            "--webhook-secret" => config.webhook_secret = value("--webhook-secret")?,
            "--webhook-backoff-ms" => {
                let v = value("--webhook-backoff-ms")?;
                let ms: u64 = v
                    .parse()
                    .map_err(|_| format!("--webhook-backoff-ms: `{v}` is not a number"))?;
                config.webhook_backoff = Duration::from_millis(ms);
            }
            "--api-key" => {
                if !custom_keys {
                    config.api_keys.clear();
                    custom_keys = true;
                }
                let key = value("--api-key")?;
                if key.trim().is_empty() {
                    return Err("--api-key: the key must not be empty".to_owned());
                }
                config.api_keys.push(key);
            }
            "--user-token" => {
                let token = value("--user-token")?;
                if token.trim().is_empty() {
                    return Err("--user-token: the token must not be empty".to_owned());
                }
                config.user_tokens.push(token);
            }
            "--client-id" => config.client_id = value("--client-id")?,
            "--client-secret" => config.client_secret = value("--client-secret")?,
            "--partner-key" => config.partner_key = value("--partner-key")?,
            "--partner-secret" => config.partner_secret = value("--partner-secret")?,
            "--tenant" => config.default_tenant = value("--tenant")?,
            "--spec" => config.spec_dir = PathBuf::from(value("--spec")?),
            "--state" => config.state = Some(PathBuf::from(value("--state")?)),
            "--rate-limits" => config.rate_limits = true,
            "--rate-limit-hour" => {
                config.rate_limit_per_hour = count(&value("--rate-limit-hour")?)?
            }
            "--rate-limit-minute" => {
                config.rate_limit_per_minute = count(&value("--rate-limit-minute")?)?
            }
            other => return Err(format!("unknown option `{other}` (see --help)")),
        }
    }
    config.check()?;
    Ok(Command::Run(Box::new(config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse_args(args.iter().map(|s| s.to_string()))? {
            Command::Run(c) => Ok(*c),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let c = run(&[]).unwrap();
        assert_eq!((c.port, c.bind.to_string()), (5210, "127.0.0.1".into()));
        assert!(c.api_keys.is_empty(), "any development key by default");
        assert!(c.user_tokens.is_empty(), "any user token by default");
        let c = run(&[
            "--port",
            "0",
            "--bind=0.0.0.0",
            "--webhook",
            "http://a/x",
            "--webhook",
            "http://b/y",
            "--webhook-secret",
            "s",
            "--api-key",
            "k1",
            "--api-key",
            "k2",
            "--user-token",
            "u1",
            "--user-token=u2",
        ])
        .unwrap();
        assert_eq!(c.user_tokens, ["u1", "u2"]);
        assert_eq!(c.port, 0);
        assert_eq!(c.bind.to_string(), "0.0.0.0");
        assert_eq!(c.webhooks, ["http://a/x", "http://b/y"]);
        assert_eq!(c.webhook_secret, "s");
        let empty = run(&["--webhook-secret", ""]).unwrap_err();
        assert!(empty.contains("--webhook-secret is empty"), "{empty}");
        assert_eq!(c.api_keys, ["k1", "k2"]);
        assert!(!c.rate_limits);
        let c = run(&[
            "--rate-limits",
            "--rate-limit-hour=10",
            "--rate-limit-minute",
            "2",
        ])
        .unwrap();
        assert_eq!(
            (
                c.rate_limits,
                c.rate_limit_per_hour,
                c.rate_limit_per_minute
            ),
            (true, 10, 2)
        );
    }

    #[test]
    fn debug_shows_no_secret() {
        let c = run(&[
            "--api-key",
            "sk_dev_k1_hidden",
            "--client-secret",
            "cs_hidden",
            "--user-token",
            "ut_hidden",
        ])
        .unwrap();
        let text = format!("{c:?}");
        for secret in [
            "sk_dev_k1_hidden",
            "cs_hidden",
            "ut_hidden",
            DEFAULT_PARTNER_SECRET,
            DEFAULT_WEBHOOK_SECRET,
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("api_keys: <1 redacted>"), "{text}");
    }

    #[test]
    fn bad_input_is_a_message() {
        assert!(run(&["--port", "x"]).unwrap_err().contains("--port"));
        assert!(run(&["--port"]).unwrap_err().contains("needs a value"));
        assert!(run(&["--bind", "nope"]).unwrap_err().contains("--bind"));
        assert!(run(&["--frobnicate"])
            .unwrap_err()
            .contains("unknown option"));
        assert!(run(&["--webhook", "ftp://x"]).unwrap_err().contains("URL"));
        assert!(run(&["--api-key", " "]).unwrap_err().contains("empty"));
        assert!(run(&["--user-token", ""]).unwrap_err().contains("empty"));
        assert!(run(&["--rate-limit-minute", "0"])
            .unwrap_err()
            .contains("positive"));
        assert_eq!(run(&["--help"]).unwrap_err(), "help");
    }
}
