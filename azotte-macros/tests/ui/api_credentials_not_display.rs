//! Credentials cannot be printed with `{}`; their `Debug` shows `[REDACTED]`
//! for the key (see `pass/credentials_debug_is_redacted.rs`).

use azotte_client::auth::TenantApiKey;

fn main() {
    let key = TenantApiKey::new("sk_live_123", "tenant-1");
    println!("using {}", key);
}
