//! Credentials keep their secret: there is no field or accessor to read the API
//! key back out of `TenantApiKey`.

use azotte_client::auth::TenantApiKey;

fn main() {
    let key = TenantApiKey::new("sk_live_123", "tenant-1");
    let _inner = key.0;
}
