//! Credentials can be logged with `{:?}` safely: the API key shows as
//! `[REDACTED]`, and the client built from them does not show it either.

use azotte_client::auth::TenantApiKey;
use azotte_client::{c2a, Environment};

const KEY: &str = "sk_live_0123456789";

fn main() {
    let credentials = TenantApiKey::new(KEY, "tenant-1");
    let shown = format!("{credentials:?}");
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");

    let client = c2a::Client::new(&Environment::sandbox("acme"), credentials).unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(KEY), "{shown}");
}
