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
    /// Listening on a non-loopback `bind` is refused unless this is set
    /// (`--allow-remote`): the gateway accepts development keys and has no
    /// TLS, so exposing it is an explicit decision.
    pub allow_remote: bool,
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
    /// A request head must arrive within this (default 10 s). hyper starts
    /// the timer as soon as a connection waits for a request, so it also
    /// closes a keep-alive connection that sends nothing for this long.
    pub header_timeout: Duration,
    /// A request body must arrive whole within this (default 30 s); later:
    /// 408 and the connection is closed.
    pub body_timeout: Duration,
    /// A connection on which no byte moved either way for this long is
    /// closed (default 60 s; e.g. a client that stops reading its answer).
    pub idle_timeout: Duration,
    /// Open connections served at once (default 512, under the common
    /// 1,024 file limit). Further clients wait in the listen backlog until
    /// one closes; they are not accepted and starved.
    pub max_connections: usize,
    /// Tenants kept (default 10,000; an empty tenant costs about 1 KiB); a
    /// call naming a new tenant past it is refused (429 in the lane's
    /// envelope, naming the cap; see `state::limits`).
    pub max_tenants: usize,
    /// Records kept per tenant: customers, offers, checkouts, payment
    /// methods, subscriptions and stored idempotent answers together
    /// (default 10,000, about 2,500 purchase flows). A write past it is
    /// refused like `max_tenants`.
    pub max_records_per_tenant: usize,
    /// Records kept in all tenants together (default 100,000: about
    /// 300 MiB at the measured ~2.8 KiB per record, see BENCHMARKS.md).
    pub max_records: usize,
    /// Webhook deliveries waiting (queued or between retries) at most
    /// (default 10,000); past it a delivery is dropped, logged and counted
    /// (`/_gateway/stats`).
    pub webhook_queue: usize,
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
        let urls: Vec<String> = self.webhooks.iter().map(|u| redact_url(u)).collect();
        // Every field is listed (no `..`), so a new one is a compile error
        // here until someone decides whether it is a secret.
        let Config {
            bind,
            allow_remote,
            port,
            spec_dir,
            api_keys,
            user_tokens,
            client_id,
            client_secret: _,
            partner_key,
            partner_secret: _,
            default_tenant,
            webhooks: _,
            webhook_secret: _,
            webhook_backoff,
            webhook_max_backoff,
            webhook_attempts,
            body_limit,
            header_timeout,
            body_timeout,
            idle_timeout,
            max_connections,
            max_tenants,
            max_records_per_tenant,
            max_records,
            webhook_queue,
            processing_polls,
            log_requests,
            state,
            rate_limits,
            rate_limit_per_hour,
            rate_limit_per_minute,
        } = self;
        f.debug_struct("Config")
            .field("bind", bind)
            .field("allow_remote", allow_remote)
            .field("port", port)
            .field("spec_dir", spec_dir)
            .field("api_keys", &format_args!("<{} redacted>", api_keys.len()))
            .field(
                "user_tokens",
                &format_args!("<{} redacted>", user_tokens.len()),
            )
            .field("client_id", client_id)
            .field("client_secret", &REDACTED)
            .field("partner_key", partner_key)
            .field("partner_secret", &REDACTED)
            .field("default_tenant", default_tenant)
            .field("webhooks", &urls)
            .field("webhook_secret", &REDACTED)
            .field("webhook_backoff", webhook_backoff)
            .field("webhook_max_backoff", webhook_max_backoff)
            .field("webhook_attempts", webhook_attempts)
            .field("body_limit", body_limit)
            .field("header_timeout", header_timeout)
            .field("body_timeout", body_timeout)
            .field("idle_timeout", idle_timeout)
            .field("max_connections", max_connections)
            .field("max_tenants", max_tenants)
            .field("max_records_per_tenant", max_records_per_tenant)
            .field("max_records", max_records)
            .field("webhook_queue", webhook_queue)
            .field("processing_polls", processing_polls)
            .field("log_requests", log_requests)
            .field("state", state)
            .field("rate_limits", rate_limits)
            .field("rate_limit_per_hour", rate_limit_per_hour)
            .field("rate_limit_per_minute", rate_limit_per_minute)
            .finish()
    }
}

/// `url` as it may be shown: without userinfo, query and fragment (a
/// receiver URL may carry a password or a token there). Unparsable input
/// is shown as `<unparsable URL>`, never echoed.
pub fn redact_url(url: &str) -> String {
    match azotte_runtime::reqwest::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            let hidden = u.query().is_some() || u.fragment().is_some();
            u.set_query(None);
            u.set_fragment(None);
            let mut shown = u.to_string();
            if hidden {
                shown.push_str("?<redacted>");
            }
            shown
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: IpAddr::from([127, 0, 0, 1]),
            allow_remote: false,
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
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
            max_tenants: 10_000,
            max_records_per_tenant: 10_000,
            max_records: 100_000,
            webhook_queue: 10_000,
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
    /// Refuses settings the gateway cannot work with: a non-loopback `bind`
    /// without `allow_remote`, a zero limit, an empty webhook or
    /// partner secret (an HMAC keyed with an empty secret is forgeable by
    /// anyone, and the clients refuse one too).
    pub fn check(&self) -> Result<(), String> {
        if !self.bind.is_loopback() && !self.allow_remote {
            return Err(format!(
                "--bind {} would expose the gateway beyond this machine; it accepts development \
                 keys and has no TLS. Pass --allow-remote as well if that is what you want",
                self.bind
            ));
        }
        for (flag, n) in [
            ("--max-connections", self.max_connections),
            ("--max-tenants", self.max_tenants),
            ("--max-records", self.max_records_per_tenant),
            ("--max-records-total", self.max_records),
            ("--webhook-queue", self.webhook_queue),
        ] {
            if n == 0 {
                return Err(format!("{flag} must be at least 1"));
            }
        }
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
  --bind ADDR              address to listen on (default 127.0.0.1); an address
                           beyond loopback also needs --allow-remote
  --allow-remote           allow a non-loopback --bind (development keys, no TLS:
                           anyone who reaches the port can use the gateway)
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
  --header-timeout-ms N    a request head must arrive within N ms of the
                           connection waiting for it (default 10000; also
                           closes idle keep-alive connections)
  --body-timeout-ms N      a request body must arrive within N ms (default
                           30000; later: 408 and the connection is closed)
  --idle-timeout-ms N      close a connection on which nothing moved for N ms
                           (default 60000)
  --max-connections N      connections served at once (default 512); more
                           wait in the listen backlog until one closes
  --max-tenants N          tenants kept (default 10000); more are refused (429)
  --max-records N          records kept per tenant (default 10000); writes
                           past it are refused (429, naming the cap)
  --max-records-total N    records kept in all tenants (default 100000)
  --webhook-queue N        webhook deliveries waiting at most (default 10000);
                           more are dropped, logged and counted (/_gateway/stats)
  --quiet                  no per-request log lines
  --help                   this text
";

/// A positive number for `flag`.
fn count<N: std::str::FromStr + Default + PartialEq>(flag: &str, v: &str) -> Result<N, String> {
    v.parse::<N>()
        .ok()
        .filter(|n| *n != N::default())
        .ok_or_else(|| format!("{flag}: `{v}` is not a positive number"))
}

/// A positive number of milliseconds for `flag`.
fn millis(flag: &str, v: &str) -> Result<Duration, String> {
    count::<u64>(flag, v).map(Duration::from_millis)
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
                    return Err(format!(
                        "--webhook: `{}` is not an http(s) URL",
                        redact_url(&v)
                    ));
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
            "--rate-limit-hour" => config.rate_limit_per_hour = count(&flag, &value(&flag)?)?,
            "--rate-limit-minute" => config.rate_limit_per_minute = count(&flag, &value(&flag)?)?,
            "--allow-remote" => config.allow_remote = true,
            "--header-timeout-ms" => config.header_timeout = millis(&flag, &value(&flag)?)?,
            "--body-timeout-ms" => config.body_timeout = millis(&flag, &value(&flag)?)?,
            "--idle-timeout-ms" => config.idle_timeout = millis(&flag, &value(&flag)?)?,
            "--max-connections" => config.max_connections = count(&flag, &value(&flag)?)?,
            "--max-tenants" => config.max_tenants = count(&flag, &value(&flag)?)?,
            "--max-records" => config.max_records_per_tenant = count(&flag, &value(&flag)?)?,
            "--max-records-total" => config.max_records = count(&flag, &value(&flag)?)?,
            "--webhook-queue" => config.webhook_queue = count(&flag, &value(&flag)?)?,
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
            "--allow-remote",
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
    fn edge_flags_and_remote_binding() {
        let c = run(&[]).unwrap();
        assert_eq!(
            (c.header_timeout, c.body_timeout, c.idle_timeout),
            (
                Duration::from_secs(10),
                Duration::from_secs(30),
                Duration::from_secs(60)
            )
        );
        let c = run(&[
            "--header-timeout-ms=200",
            "--body-timeout-ms",
            "300",
            "--idle-timeout-ms=400",
            "--max-connections=5",
            "--max-tenants=6",
            "--max-records=7",
            "--max-records-total=8",
            "--webhook-queue=9",
        ])
        .unwrap();
        assert_eq!(c.header_timeout, Duration::from_millis(200));
        assert_eq!(c.body_timeout, Duration::from_millis(300));
        assert_eq!(c.idle_timeout, Duration::from_millis(400));
        assert_eq!(
            (
                c.max_connections,
                c.max_tenants,
                c.max_records_per_tenant,
                c.max_records,
                c.webhook_queue
            ),
            (5, 6, 7, 8, 9)
        );
        for remote in ["0.0.0.0", "192.0.2.1", "::"] {
            let why = run(&["--bind", remote]).unwrap_err();
            assert!(why.contains("--allow-remote"), "{why}");
        }
        assert!(run(&["--bind", "::1"]).is_ok(), "loopback needs no flag");
        assert!(run(&["--max-connections", "0"])
            .unwrap_err()
            .contains("positive"));
        assert!(run(&["--body-timeout-ms", "x"])
            .unwrap_err()
            .contains("--body-timeout-ms"));
    }

    #[test]
    fn urls_are_shown_without_userinfo_and_query() {
        assert_eq!(
            redact_url("http://user:pass@127.0.0.1:9/hook?token=abc#f"),
            "http://127.0.0.1:9/hook?<redacted>"
        );
        assert_eq!(redact_url("https://h.example/x"), "https://h.example/x");
        assert_eq!(redact_url("not a url pass"), "<unparsable URL>");
        let why = run(&["--webhook", "ftp://u:secretpw@h/x"]).unwrap_err();
        assert!(!why.contains("secretpw"), "{why}");
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
